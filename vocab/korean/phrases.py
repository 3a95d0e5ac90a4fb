"""Multi-word terms (phrases from curated lists or glosses), matched whatever their spacing."""

from __future__ import annotations

import bisect
import functools
import re
from typing import Collection, Iterable, Sequence

from vocab.records import TermHit

_SPACES = re.compile(r"\s+")


def find_phrases(sentence: str, phrases: "Collection[str] | PhraseMatcher") -> list[TermHit]:
    """Multi-word terms (written with spaces) found in a sentence, whatever its spacing.

    Single words are ignored here: Kiwi finds them.  The lemma is the phrase with its
    spacing normalised; the surface is the sentence's text as written.
    """
    if not isinstance(phrases, PhraseMatcher):
        phrases = phrase_matcher(tuple(phrases))
    found = phrases.find(sentence)
    return list(ordered(found)) if found else []


def ordered(hits: Sequence[TermHit]) -> tuple[TermHit, ...]:
    """Deterministic order, by position, wholes before their parts; duplicates dropped."""
    unique = {(hit.start, hit.end, hit.lemma, hit.is_compound_part): hit for hit in hits}
    return tuple(
        unique[key] for key in sorted(unique, key=lambda k: (k[0], -k[1], k[3], k[2]))
    )


class PhraseMatcher:
    """Multi-word phrases to find in sentences; phrases may be added as they are met.

    Most sentences hold no phrase, and one search of all patterns joined says so.  Those
    joined searches are kept in groups whose sizes halve down the list, as the digits
    of a binary counter: adding n phrases one at a time (a corpus glossing a new phrase
    in every document) compiles about n log n patterns, not n squared as recompiling
    the whole set would, and a sentence is searched by about log n of them.
    """

    __slots__ = ("matchers", "groups")

    def __init__(self, phrases: Iterable[str] = ()):
        # (lemma, spaceless form, pattern) for each phrase, sorted by lemma: hits come in
        # that order whatever the order the phrases came in
        self.matchers: list[tuple[str, str, re.Pattern]] = []
        self.groups: list[tuple[int, re.Pattern]] = []  # (phrases joined, their search)
        fresh = [lemma for lemma in {_phrase_lemma(p) for p in phrases} if lemma]
        self._insert(fresh)

    def add(self, phrase: str) -> bool:
        """Find `phrase` from now on; False if it is one word or known already."""
        lemma = _phrase_lemma(phrase)
        if not lemma or self.knows(lemma):
            return False
        self._insert([lemma])
        while len(self.groups) > 1 and self.groups[-2][0] <= self.groups[-1][0]:
            (older, first), (newer, second) = self.groups[-2:]
            self.groups[-2:] = [(older + newer, re.compile(f"{first.pattern}|{second.pattern}"))]
        return True

    def knows(self, lemma: str) -> bool:
        index = bisect.bisect_left(self.matchers, (lemma,))
        return index < len(self.matchers) and self.matchers[index][0] == lemma

    def _insert(self, lemmas: list[str]) -> None:
        if not lemmas:
            return
        matchers = [_phrase_matcher(lemma) for lemma in lemmas]
        for matcher in matchers:
            bisect.insort(self.matchers, matcher, key=lambda m: m[0])
        joined = "|".join(pattern.pattern for _, _, pattern in sorted(matchers))
        self.groups.append((len(matchers), re.compile(joined)))

    def __bool__(self) -> bool:
        return bool(self.matchers)

    def find(self, sentence: str) -> list[TermHit]:
        if not any(search.search(sentence) for _, search in self.groups):
            return []
        spaceless = _SPACES.sub("", sentence)
        hits = []
        for lemma, compact, pattern in self.matchers:
            if compact not in spaceless:  # cheap test before the regex
                continue
            for match in pattern.finditer(sentence):
                hits.append(TermHit(lemma, "noun", match.group(), match.start(), match.end()))
        return hits


@functools.lru_cache(maxsize=8)
def phrase_matcher(phrases: tuple[str, ...]) -> PhraseMatcher:
    """A PhraseMatcher of a fixed list; cached because a caller may pass the same list
    once per sentence."""
    return PhraseMatcher(phrases)


def _phrase_lemma(phrase: str) -> str:
    """The phrase with its spacing normalised, or "" when it is a single word."""
    lemma = _SPACES.sub(" ", phrase.strip())
    return lemma if " " in lemma else ""


@functools.lru_cache(maxsize=8192)
def _phrase_matcher(lemma: str) -> tuple[str, str, re.Pattern]:
    spaceless = lemma.replace(" ", "")
    pattern = re.compile(r"\s*".join(re.escape(char) for char in spaceless))
    return lemma, spaceless, pattern


def prefer_phrases(hits: Sequence[TermHit], phrase_hits: Sequence[TermHit]) -> list[TermHit]:
    """Word hits plus phrase hits; a compound Kiwi found on a phrase's span (동반자관계 for
    the phrase 동반자 관계) is the same term, so it gives way to the phrase (its parts stay).
    For callers that run find_phrases apart from analyse (analyses cached without lists)."""
    if not phrase_hits:
        return list(hits)
    spans = {(hit.start, hit.end, hit.lemma.replace(" ", "")) for hit in phrase_hits}
    kept = [
        hit
        for hit in hits
        if hit.is_compound_part or (hit.start, hit.end, hit.lemma) not in spans
    ]
    return kept + list(phrase_hits)


