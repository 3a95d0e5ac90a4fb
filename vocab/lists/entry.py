"""A word's entry: what the lists, and the dictionary beneath them, say about it.

Its own module so that the lists' loader (lists.load) and the dictionary
(lists.dictionary) both make entries without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from vocab.lists.schema import ListExample
from vocab.records import Level

__all__ = ["Entry"]


@dataclass(frozen=True)
class Entry:
    """What all the loaded lists say about one word, merged field by field."""

    ko: str
    en: tuple[str, ...] = ()
    hanja: Optional[str] = None
    pos: Optional[str] = None
    level: Optional[Level] = None
    tags: tuple[str, ...] = ()
    note: Optional[str] = None
    examples: tuple[ListExample, ...] = ()
    known: bool = False
    skip: bool = False
    origins: tuple[tuple[str, int], ...] = ()  # (list path, line) of every list naming it
    # Fields whose value came from a project or --list list ("ko" when one names it):
    # curate lets these win over the text, and only such entries add words to a deck.
    learner_fields: frozenset[str] = frozenset()
    # Fields whose value came from the shipped dictionary, which no list gave.
    dictionary_fields: frozenset[str] = frozenset()

    @property
    def gloss(self) -> Optional[str]:
        return "; ".join(self.en) or None

    @property
    def from_learner(self) -> bool:
        return "ko" in self.learner_fields
