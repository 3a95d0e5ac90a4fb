"""What a bead costs in the aligner's dynamic programme (align.py): -log P of a Korean
run facing an English one, from their lengths (Gale & Church), the clues they share
(anchors.py, weighed in weights.py), the kinds of paragraph and the layout.

Worked out a whole table at a time, as flat lists: the aligner's hot loop.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, bisect_right
from typing import Callable, Mapping, NamedTuple, Sequence

from vocab.align.anchors import Anchors
from vocab.align.weights import ClueRows, ClueWeights, WeighedAnchors

# Calibration, measured on the hand-aligned parallel parts of seeds 000 (Segye) and 003
# (brunch), 23 body paragraph pairs, counting characters other than whitespace
# (tests/test_align.py::test_length_calibration re-measures them):
#   English characters per Korean character  c  = 2.49 (Segye's human translation 2.29,
#                                                     brunch's machine translation 2.58;
#                                                     per-pair ratios 2.0 – 3.7)
#   variance of English length per Korean char s2 = 6.5  (Segye alone 1.3, brunch 7.1;
#                                                     Gale & Church's English–German: 6.8)
ENGLISH_CHARS_PER_KOREAN_CHAR = 2.49
LENGTH_VARIANCE = 6.5
# Korean headlines are telegraphic (북러 외무장관회담 ↔ North Korea-Russia Foreign Ministers'
# Meeting): the seeds' two headline pairs have 3.2 and 4.4 English characters per Korean
# one.  Two pairs measure little, so headings get their mean with four times the variance.
HEADLINE_ENGLISH_CHARS_PER_KOREAN_CHAR = 3.8
HEADLINE_LENGTH_VARIANCE = 4 * LENGTH_VARIANCE

# Pairing different kinds of paragraph: a heading with body text happens when a source
# marks one side's title as text; a byline with a body paragraph almost never.
_HEADING_BODY_COST = 3.0
_META_MISMATCH_COST = 5.0
# In an interleaved document a translation sits right beside its original.
_ADJACENT_BONUS = -1.0
_LENGTH_COST_CAP = 40.0
# -log erfc(|delta| / sqrt 2) reaches the cap at |delta| = 8.672: past 8.7 (a margin far above
# rounding) the length cost is the cap, known without erfc and log.
_CAPPED_DELTA = 8.7
_HEADINGS = frozenset({"heading"})
_SQRT2 = math.sqrt(2)


class Unit(NamedTuple):
    """A paragraph or sentence as the dynamic programme sees it."""

    length: int
    anchors: Anchors
    kind: str
    position: int  # paragraph: place among candidates; sentence: (unused) 0
    ref: tuple[int, int]  # (paragraph index, sentence index or -1)


def length_cost(
    ko_length: int,
    en_length: int,
    ratio: float = ENGLISH_CHARS_PER_KOREAN_CHAR,
    variance: float = LENGTH_VARIANCE,
) -> float:
    """-log P(these lengths | mutual translation), Gale & Church's two-tailed normal."""
    if ko_length == 0 and en_length == 0:
        return 0.0
    mean = (ko_length + en_length / ratio) / 2
    delta = (en_length - ko_length * ratio) / math.sqrt(mean * variance)
    tail = math.erfc(abs(delta) / _SQRT2)
    cost = -math.log(tail) if tail > 0 else _LENGTH_COST_CAP
    return cost if cost < _LENGTH_COST_CAP else _LENGTH_COST_CAP  # min(), which is slow


def length_table(
    ko_lengths: Sequence[int], en_lengths: Sequence[int], rows: Sequence[tuple[int, int, int]]
) -> list[float]:
    """length_cost of ko_lengths[i] against en_lengths[j] for each (i, first, last) of rows
    and j in first..last, as one flat list: the same arithmetic in the aligner's hot loop,
    and the cap known without erfc and log."""
    erfc, log, sqrt = math.erfc, math.log, math.sqrt
    ratio, variance = ENGLISH_CHARS_PER_KOREAN_CHAR, LENGTH_VARIANCE
    scaled = [en_length / ratio for en_length in en_lengths]  # each English length in Korean characters
    capped_spread = _CAPPED_DELTA * _CAPPED_DELTA
    costs: list[float] = []
    append = costs.append
    for i, first, last in rows:
        ko_length = ko_lengths[i]
        if ko_length == 0:
            costs += [length_cost(0, en_length) for en_length in en_lengths[first : last + 1]]
            continue
        expected = ko_length * ratio
        for en_length, en_scaled in zip(en_lengths[first : last + 1], scaled[first : last + 1]):
            spread_variance = (ko_length + en_scaled) / 2 * variance
            spread = en_length - expected
            if spread * spread > capped_spread * spread_variance:  # |delta| > _CAPPED_DELTA: a third of pairs
                append(_LENGTH_COST_CAP)
                continue
            tail = erfc(abs(spread / sqrt(spread_variance)) / _SQRT2)
            cost = -log(tail) if tail > 0 else _LENGTH_COST_CAP
            append(cost if cost < _LENGTH_COST_CAP else _LENGTH_COST_CAP)
    return costs


class _Spans(NamedTuple):
    """Every run of 1 to `widest` consecutive units of one side, as one side of a bead:
    lengths[count][start] and so on (index 0 is empty).  Parallel lists, because the cost
    rows below read a slice of each."""

    lengths: list[list[int]]
    kinds: list[list[int]]  # a code for the set of the run's kinds: equal sets, equal codes
    clues: list[list[WeighedAnchors]]


def _spans(
    units: Sequence[Unit], widest: int, weigh: Callable[[Anchors], WeighedAnchors], kind_codes: dict
) -> _Spans:
    """Built once per alignment; kind_codes (set of kinds -> code) is shared by both sides.

    A run of count units is the run of count - 1 units from the same start plus one."""
    spans = _Spans([[], [u.length for u in units]], [[]], [[], [weigh(u.anchors) for u in units]])
    kinds = [frozenset((u.kind,)) for u in units]
    anchors = [u.anchors for u in units]
    spans.kinds.append([kind_codes.setdefault(k, len(kind_codes)) for k in kinds])
    for count in range(2, widest + 1):
        starts = range(len(units) - count + 1)
        added = units[count - 1 :]  # the unit that each run adds to the shorter one
        spans.lengths.append([spans.lengths[-1][start] + added[start].length for start in starts])
        kinds = [kinds[start] | {added[start].kind} for start in starts]
        spans.kinds.append([kind_codes.setdefault(k, len(kind_codes)) for k in kinds])
        anchors = [anchors[start] | added[start].anchors for start in starts]
        spans.clues.append([weigh(a) for a in anchors])
    return spans


class BeadCosts:
    """-log P of the beads ko[i:i+a] ↔ en[j:j+b], for align._dynamic_alignment: one shape's whole
    table per call, worked out as one flat list (a row of a short document is a few cells,
    and work per row cost as much as work per cell).

    The kinds of paragraph and the layout add their terms; sentence units are all "body"
    in no layout, so for them these terms are nothing.
    """

    def __init__(
        self, ko: Sequence[Unit], en: Sequence[Unit], priors: Mapping, clue_weights: ClueWeights, interleaved: bool
    ):
        assert all(min(shape) == 1 for shape in priors)  # no 2-2: a merge's parts are 1-1 beads (below)
        self.prior_costs = {shape: -math.log(prior) for shape, prior in priors.items()}
        self.clue_weights = clue_weights
        kind_codes: dict[frozenset[str], int] = {}
        self.ko = _spans(ko, max(a for a, _ in priors), clue_weights.korean, kind_codes)
        self.en = _spans(en, max(b for _, b in priors), clue_weights.english, kind_codes)
        self.clue_rows: dict[int, ClueRows] = {}  # by width of English run, made when first asked for
        self.meta_codes = {code for kinds, code in kind_codes.items() if "meta" in kinds}
        # One kind throughout (all sentences are "body"), not meta, in blocks: no kind or layout terms.
        self.plain = len(kind_codes) == 1 and not self.meta_codes and not interleaved
        self.headings_code = kind_codes.get(_HEADINGS)
        self.ko_positions = [u.position for u in ko]
        self.en_positions = [u.position for u in en] if interleaved else None
        # 1-1 clue costs, met again in merges: per Korean unit, (first column, costs from it)
        self.singles: list[tuple[int, list[float]]] = [(0, []) for _ in ko]

    def __call__(self, a: int, b: int, rows: Sequence[tuple[int, int, int]]) -> list[list[float]]:
        """For each (i, first, last) of rows: the costs of ko[i:i+a] ↔ en[j:j+b], j in first..last."""
        starts = list(itertools.accumulate((last - first + 1 for _, first, last in rows), initial=0))
        lengths = length_table(self.ko.lengths[a], self.en.lengths[b], rows)
        if self.headings_code is not None:
            self._headline_lengths(lengths, a, b, rows, starts)
        if b not in self.clue_rows:
            self.clue_rows[b] = ClueRows(self.clue_weights, self.en.clues[b])
        clues = self.clue_rows[b].table(self.ko.clues[a], rows)
        prior = self.prior_costs[a, b]
        costs = [prior + length + clue for length, clue in zip(lengths, clues)]
        if a == b == 1:
            for (i, first, _), (start, end) in zip(rows, itertools.pairwise(starts)):
                self.singles[i] = (first, clues[start:end])
        else:
            # In a merge, each merged unit must not contradict the other side on its own: a photo
            # caption's date would otherwise hide among a long paragraph's matching clues.
            for k in range(max(a, b)):
                parts: list[float] = []
                for i, first, last in rows:
                    parts += self._singles(i + k, first, last) if a > 1 else self._singles(i, first + k, last + k)
                costs = [cost + part if part > 0.0 else cost for cost, part in zip(costs, parts)]
        if not self.plain:
            self._add_extras(costs, a, b, rows, starts)
        return [costs[start:end] for start, end in itertools.pairwise(starts)]

    def _headline_lengths(self, lengths: list[float], a: int, b: int, rows: Sequence, starts: Sequence[int]) -> None:
        """Headings face headings with their own calibration."""
        ko_kinds, en_kinds, headings = self.ko.kinds[a], self.en.kinds[b], self.headings_code
        for (i, first, last), start in zip(rows, starts):
            if ko_kinds[i] == headings:
                for j in range(first, last + 1):
                    if en_kinds[j] == headings:
                        lengths[start + j - first] = length_cost(
                            self.ko.lengths[a][i], self.en.lengths[b][j], HEADLINE_ENGLISH_CHARS_PER_KOREAN_CHAR,
                            HEADLINE_LENGTH_VARIANCE,
                        )

    def _add_extras(self, costs: list[float], a: int, b: int, rows: Sequence, starts: Sequence[int]) -> None:
        """The terms of the kinds of paragraph and of the layout (inf: never such a bead), in place.

        Most are nothing (body text facing body text, in blocks): only the others are added."""
        ko_kinds = self.ko.kinds[a]
        runs_of_kind: dict[int, list[int]] = {}
        for j, en_kind in enumerate(self.en.kinds[b]):
            runs_of_kind.setdefault(en_kind, []).append(j)
        # Korean kind -> (j, its term) where not nothing, by j (each j once: it has one kind),
        # and the js apart, so that a row visits only the pairs inside its band.
        terms: dict[int, list[tuple[int, float]]] = {}
        columns: dict[int, list[int]] = {}
        for (i, first, last), start in zip(rows, starts):
            ko_kind = ko_kinds[i]
            if ko_kind not in terms:
                merged = a + b > 2
                kind_terms = ((self._kind_term(ko_kind, en_kind, merged), js) for en_kind, js in runs_of_kind.items())
                terms[ko_kind] = sorted((j, term) for term, js in kind_terms if term for j in js)
                columns[ko_kind] = [j for j, _ in terms[ko_kind]]
            kind_columns = columns[ko_kind]
            in_band = terms[ko_kind][bisect_left(kind_columns, first) : bisect_right(kind_columns, last)]
            if self.en_positions is None or a + b > 2:
                for j, term in in_band:
                    costs[start + j - first] += term
                continue
            # An interleaved document: a translation sits right beside its original.
            row_terms = dict(in_band)
            position = self.ko_positions[i]
            for j in range(first, last + 1):
                if abs(position - self.en_positions[j]) == 1:
                    row_terms[j] = row_terms.get(j, 0.0) + _ADJACENT_BONUS
            for j, term in row_terms.items():
                costs[start + j - first] += term

    def _kind_term(self, ko_kind: int, en_kind: int, merged: bool) -> float:
        extra = 0.0
        if ko_kind in self.meta_codes or en_kind in self.meta_codes:
            if merged:
                return math.inf  # bylines and tag lines are never merged with anything
            if ko_kind != en_kind:
                extra += _META_MISMATCH_COST
        elif ko_kind != en_kind:
            extra += _HEADING_BODY_COST
        return extra

    def _singles(self, i: int, first: int, last: int) -> list[float]:
        """1-1 clue costs of Korean unit i against English units first..last: those its 1-1
        row kept (a band may have left some out, worked out here)."""
        start, known = self.singles[i]
        if start <= first and last < start + len(known):
            return known[first - start : last - start + 1]
        ko_clues, en_clues = self.ko.clues[1][i], self.en.clues[1]
        return [
            known[j - start] if start <= j < start + len(known) else self.clue_weights.cost(ko_clues, en_clues[j])
            for j in range(first, last + 1)
        ]
