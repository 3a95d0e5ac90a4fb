"""Which of a dictionary entry's senses a text means, from its English translation.

A dictionary gives its senses in a fixed order, the usual news sense first, but a text
may mean another one.  Where a term's example sentences come with their English (a
bilingual document, aligned), the sense that the translations use is the one to learn
from them: it goes first on the card (제재: "sanctions" before "restriction").

A sense is found in a translation when each of its content words is (case ignored,
"to", articles and parenthesised notes left out, and an English ending allowed:
"sanction" matches "sanctions", "sanctioned").  The sense found in the most translations
wins; a tie keeps the dictionary's order, and so does no match at all.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

SENSE_SEPARATOR = "; "
_NOTE = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")
# Words a sense is written with that say nothing of which sense it is.
_FUNCTION_WORDS = frozenset("to be a an the of on in at for with by one's someone something sb sth".split())
# Endings an English word takes in running text (sanction -> sanctions, sanctioned).
_ENDINGS = ("", "s", "es", "d", "ed", "ing", "ly")


def _content_words(sense: str) -> list[str]:
    return [w for w in _WORD.findall(_NOTE.sub(" ", sense.lower())) if w not in _FUNCTION_WORDS]


def _stem(word: str) -> str:
    """The word less a final e, which its endings drop (restrict(e) -> restricting)."""
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def _found_in(words: list[str], text_words: set[str]) -> bool:
    return bool(words) and all(
        any(_stem(word) + ending in text_words or word + ending in text_words for ending in _ENDINGS)
        for word in words)


def news_sense_first(gloss: str, translations: Iterable[Optional[str]]) -> str:
    """`gloss` with the sense the translations use first.

    >>> news_sense_first("restriction; sanctions", ["The UN imposed new sanctions on Pyongyang."])
    'sanctions; restriction'
    >>> news_sense_first("restriction; sanctions", [None, "They met in Seoul."])
    'restriction; sanctions'
    """
    senses = gloss.split(SENSE_SEPARATOR)
    texts = [set(_WORD.findall(text.lower())) for text in translations if text]
    if len(senses) < 2 or not texts:
        return gloss
    counts = [sum(_found_in(_content_words(sense), words) for words in texts) for sense in senses]
    best = max(range(len(senses)), key=lambda i: (counts[i], -i))
    if best == 0 or counts[best] == 0:
        return gloss
    return SENSE_SEPARATOR.join([senses[best], *senses[:best], *senses[best + 1:]])
