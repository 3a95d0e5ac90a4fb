"""How much the clues of vocab.align.anchors weigh when the aligner compares a Korean run
with an English one: each clue's weight by its rarity in the document, and the cost of a
pair, alone (ClueWeights) or a whole row of the aligner's band at a time (ClueRows).
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import chain, repeat
from typing import Mapping, NamedTuple, Sequence

from vocab.align.anchors import Anchors


# Weights in the aligner's cost units (natural log of odds).  A shared number is strong
# evidence (a translator never drops "2009"); a one-sided one is weaker counter-evidence,
# since translators do drop repeated dates and rephrase "the 15th" as "that day".
_SHARED_NUMBER, _LONE_NUMBER = -2.0, 1.0
_SHARED_LATIN, _LONE_LATIN = -2.0, 1.0
_SHARED_CONCEPT, _LONE_CONCEPT = -0.7, 0.35
_SHARED_SHAPE = -0.7
_QUOTES_AGREE, _QUOTES_DISAGREE = -0.5, 1.0
# Caps keep a paragraph full of dates from outvoting its length entirely.
_MIN_COST, _MAX_COST = -8.0, 6.0


def rarity_weights(korean: Sequence[Anchors], english: Sequence[Anchors]) -> dict[str, float]:
    """How much each clue of one document counts: less the more paragraphs repeat it.

    In an article about North Korea, 북한 ↔ North Korea is in every paragraph and tells
    none apart; TASS or 2009 is in one.  A clue in every paragraph keeps a fifth of its weight.
    Latin words are counted on the Korean side, name shapes on the English side (the Korean
    side's shapes are those of every word), numbers and lexicon names on both.
    """

    def shares(groups: Sequence[Sequence[frozenset[str]]]) -> dict[str, float]:
        # Each paragraph's kinds of clue are disjoint (their spellings never meet: see
        # WeighedAnchors), so counting them one after another counts their union.
        counts = Counter(chain.from_iterable(chain.from_iterable(groups)))
        return {token: count / max(1, len(groups)) for token, count in counts.items()}

    spread: dict[str, float] = {}
    for table in (
        shares([(a.numbers, a.concepts, a.latin) for a in korean]),
        shares([(a.numbers, a.concepts, a.shapes) for a in english]),
    ):
        for token, share in table.items():
            spread[token] = max(spread.get(token, 0.0), share)
    return {token: 1.0 - 0.8 * share for token, share in sorted(spread.items())}


class WeighedAnchors(NamedTuple):
    """One side's clues, readied by ClueWeights for comparing with many others."""

    clues: frozenset[str]  # numbers, lexicon names and shapes: their spellings never meet
    # (digits, Hangul, upper-case letters), so one intersection finds the shared ones of all kinds
    latin: frozenset[str]  # Korean side: Latin words; English side: every word
    alone: float  # the cost of this side's clues if none were shared
    quoted: bool


class _SharingChanges(dict):
    """Clue -> how the cost changes when both sides have it: its shared weight comes in, and
    the two lone weights go (W(a ^ b) = W(a) + W(b) - 2 W(a & b)).  Worked out when first
    asked for, from the clue's kind, which its spelling shows."""

    def __init__(self, weights: Mapping[str, float]):
        super().__init__()
        self.weights = weights

    def __missing__(self, token: str) -> float:
        first = token[0]
        if "0" <= first <= "9":
            change = _SHARED_NUMBER - 2 * _LONE_NUMBER
        elif "A" <= first <= "Z":
            change = _SHARED_SHAPE
        else:
            change = _SHARED_CONCEPT - 2 * _LONE_CONCEPT
        self[token] = self.weights.get(token, 1.0) * change
        return self[token]


class ClueWeights:
    """A document's clue weights, for the many comparisons of its units: anchor_cost with
    each side's lone clues weighed once, so that a comparison weighs only the shared ones."""

    def __init__(self, weights: Mapping[str, float]):
        self.weights = weights
        self.sharing = _SharingChanges(weights)

    def _weight(self, tokens: frozenset[str]) -> float:
        return sum(map(self.weights.get, tokens, repeat(1.0))) if tokens else 0.0

    def korean(self, anchors: Anchors) -> WeighedAnchors:
        alone = (
            self._weight(anchors.numbers) * _LONE_NUMBER
            + self._weight(anchors.latin) * _LONE_LATIN
            + self._weight(anchors.concepts) * _LONE_CONCEPT
        )
        clues = anchors.numbers | anchors.concepts | anchors.shapes
        return WeighedAnchors(clues, anchors.latin, alone, anchors.quoted)

    def english(self, anchors: Anchors) -> WeighedAnchors:
        alone = self._weight(anchors.numbers) * _LONE_NUMBER + self._weight(anchors.concepts) * _LONE_CONCEPT
        clues = anchors.numbers | anchors.concepts | anchors.shapes
        return WeighedAnchors(clues, anchors.words, alone, anchors.quoted)

    def cost(self, ko: WeighedAnchors, en: WeighedAnchors) -> float:
        """anchor_cost of a Korean and an English side weighed here."""
        cost = ko.alone + en.alone
        for token in ko.clues & en.clues:
            cost += self.sharing[token]
        for token in ko.latin & en.latin if ko.latin else ():  # most Korean has no Latin words
            cost += self.weights.get(token, 1.0) * (_SHARED_LATIN - _LONE_LATIN)
        if ko.quoted or en.quoted:
            cost += _QUOTES_AGREE if ko.quoted == en.quoted else _QUOTES_DISAGREE
        # min(_MAX_COST, max(_MIN_COST, cost)), spelled out: builtin min and max are slow here
        return _MAX_COST if cost > _MAX_COST else _MIN_COST if cost < _MIN_COST else cost


class ClueRows:
    """ClueWeights.cost of one Korean side against a run of English sides at once, for the
    aligner's rows of beads.  Each English clue knows the sides that hold it, so a row
    visits only the clues two sides share: an intersection per pair took half the time.

    A pair's cost adds up the same terms as ClueWeights.cost, in the same order but for
    the shared clues, which come in another order of the same set: a difference in the
    last bit at most, as between one run and the next (sets of strings follow the hash seed).
    """

    def __init__(self, clue_weights: ClueWeights, english: Sequence[WeighedAnchors]):
        self.clue_weights = clue_weights
        self.english = english
        self.alone = [side.alone for side in english]
        # The quotation term, by whether the Korean side has quotes (0.0 adds nothing).
        self.quotes = {
            quoted: [(_QUOTES_AGREE if quoted == side.quoted else _QUOTES_DISAGREE) if quoted or side.quoted else 0.0
                     for side in english]
            for quoted in (False, True)
        }
        self.holders: dict[str, list[int]] = {}
        for number, side in enumerate(english):
            for token in side.clues:
                self.holders.setdefault(token, []).append(number)
        self.held = frozenset(self.holders)

    def table(self, korean: Sequence[WeighedAnchors], rows: Sequence[tuple[int, int, int]]) -> list[float]:
        """cost(korean[i], english[j]) for each (i, first, last) of rows and j in first..last,
        as one flat list."""
        alone, quotes, holders, held = self.alone, self.quotes, self.holders, self.held
        sharing, weights = self.clue_weights.sharing, self.clue_weights.weights
        costs: list[float] = []
        quote_terms: list[float] = []
        for i, first, last in rows:
            ko = korean[i]
            row = list(map(ko.alone.__add__, alone[first : last + 1]))
            for token in ko.clues & held:
                change = sharing[token]
                numbers = holders[token]  # ascending: only those inside the band are visited
                for index in range(bisect_left(numbers, first), bisect_right(numbers, last)):
                    row[numbers[index] - first] += change
            if ko.latin:  # most Korean has no Latin words, and the few are looked up in each English side
                for token in ko.latin:
                    change = weights.get(token, 1.0) * (_SHARED_LATIN - _LONE_LATIN)
                    for number in range(first, last + 1):
                        if token in self.english[number].latin:
                            row[number - first] += change
            costs += row
            quote_terms += quotes[ko.quoted][first : last + 1]
        # min(_MAX_COST, max(_MIN_COST, cost)), spelled out: builtin min and max are slow here
        return [
            _MAX_COST if cost > _MAX_COST else _MIN_COST if cost < _MIN_COST else cost
            for cost in map(operator.add, costs, quote_terms)
        ]


def anchor_cost(ko: Anchors, en: Anchors, weights: Mapping[str, float] | None = None) -> float:
    """Negative when the two sides share clues, positive when their clues disagree."""
    clue_weights = ClueWeights(weights or {})
    return clue_weights.cost(clue_weights.korean(ko), clue_weights.english(en))
