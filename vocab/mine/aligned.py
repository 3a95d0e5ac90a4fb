"""Glosses from alignment across the corpus: analyse.aligned finds them pair by pair;
here they are gathered a document at a time and given to the words still unglossed.

A word's English counts only when every pair that glosses it agrees: two pairs giving
two different English words mean at least one is wrong, and which one cannot be told.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import replace
from typing import Optional, Sequence

from vocab.analyse.aligned import aligned_glosses
from vocab.analyse.document import AnalysedDocument
from vocab.files import DATA_PATH
from vocab.records import Term


class AlignedGlosses:
    """Collects the alignment glosses of the documents given to add()."""

    def __init__(self, lexicon) -> None:
        self.lexicon = lexicon
        self.found: dict[str, set[str]] = defaultdict(set)  # lemma -> English given, lower-cased

    def senses(self, ko: str, pos: str) -> Optional[Sequence[str]]:
        entry = self.lexicon.get(ko)
        if entry is not None and entry.en:
            return entry.en
        found = dictionary_senses().get(ko)
        if found is None and entry is not None and (entry.skip or entry.known):
            return ()  # a stop word (말하다) or a known one: not what the pair is about
        return found

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


@functools.lru_cache(maxsize=1)
def dictionary_senses() -> dict[str, tuple[str, ...]]:
    """ko -> English senses of the shipped dictionary (vocab/lists/dictionary.tsv).

    A stand-in until the lexicon looks the dictionary up itself (lists.dictionary, issue
    14): only the accounting of known words needs it, so the file's five columns are read
    here as simply as they can be.
    """
    path = DATA_PATH.joinpath("dictionary.tsv")
    if not path.is_file():
        return {}
    senses: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) == 5 and fields[4]:
            senses.setdefault(fields[0], tuple(fields[4].split("; ")))
    return senses
