"""Glosses from alignment across the corpus: analyse.aligned finds them pair by pair;
here they are gathered a document at a time and given to the words still unglossed.

A word's English counts only when every pair that glosses it agrees: two pairs giving
two different English words mean at least one is wrong, and which one cannot be told.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Optional, Sequence

from vocab.analyse.aligned import aligned_glosses
from vocab.analyse.document import AnalysedDocument
from vocab.records import Term


class AlignedGlosses:
    """Collects the alignment glosses of the documents given to add()."""

    def __init__(self, lexicon) -> None:
        self.lexicon = lexicon
        self.found: dict[str, set[str]] = defaultdict(set)  # lemma -> English given, lower-cased

    def senses(self, ko: str, pos: str) -> Optional[Sequence[str]]:
        entry = self.lexicon.get(ko)  # the lists over the shipped dictionary
        if entry is None:
            return None
        if entry.en:
            return entry.en
        # A stop word (말하다) or a known one without English: not what the pair is about.
        return () if (entry.skip or entry.known) else None

    def add(self, item: AnalysedDocument) -> None:
        if not item.alignment.sentences:
            return  # monolingual: nothing to read off
        for lemma, english in aligned_glosses(item, self.senses):
            self.found[lemma].add(english.lower())

    def apply(self, terms: Sequence[Term]) -> list[Term]:
        """`terms`, the unglossed ones glossed where every pair agreed (gloss_source alignment)."""
        out = []
        for term in terms:
            given = self.found.get(term.lemma)
            if not term.gloss and given and len(given) == 1 and not term.is_name:
                term = replace(term, gloss=next(iter(given)), gloss_source="alignment")
            out.append(term)
        return out

