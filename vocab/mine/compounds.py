"""Glosses of compounds no list or dictionary has, from their parts (issue 14).

News Korean writes new compounds all the time (대북압박, 북한군, 정찰위성발사), and a
learner who knows the parts reads them: so an unglossed noun that splits wholly into
words the lists or the dictionary gloss gets the parts' English, joined by " + " so the
card shows it for what it is ("toward North Korea + pressure"), with gloss_source
"parts".  It is the last resort, after the lists, the text, the dictionary and the
online dictionary.

The split takes the fewest parts (at most MAX_PARTS), then the longest first parts;
each part is a noun of two syllables or more, or one of the one-syllable nouns the miner
keeps (korean.terms.ONE_SYLLABLE_NOUNS: 군, 핵, 법 …), since most one-syllable entries
would split anything.  Each part gives its first sense, the news sense.  The hanja is
the parts' joined, as long as they are Sino-Korean from the first syllable.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Iterable, Optional

from vocab.korean.terms import ONE_SYLLABLE_NOUNS
from vocab.lists.load import Entry, Lexicon
from vocab.records import Term

MAX_PARTS = 3
PART_SEPARATOR = " + "
# 적 "enemy" would split every -적 word a list lacks (전략적 -> 전략 + 적).
ONE_SYLLABLE_PARTS = ONE_SYLLABLE_NOUNS - {"적"}


def split_into_parts(word: str, lexicon: Lexicon) -> Optional[list[Entry]]:
    """The entries of the parts `word` is made of, or None when it does not split.

    >>> from vocab.lists.dictionary import Dictionary
    >>> lexicon = Lexicon(dictionary=Dictionary("d.tsv",
    ...     "대북\\tnoun\\tadvanced\\t對北\\ttoward North Korea\\n압박\\tnoun\\tadvanced\\t壓迫\\tpressure\\n"))
    >>> [part.ko for part in split_into_parts("대북압박", lexicon)]
    ['대북', '압박']
    """
    if len(word) < 3 or not all("가" <= ch <= "힣" for ch in word):
        return None

    @functools.lru_cache(maxsize=None)
    def known(part: str) -> Optional[Entry]:
        if len(part) == 1 and part not in ONE_SYLLABLE_PARTS:
            return None
        entry = lexicon.get(part, "noun")
        return entry if entry is not None and entry.en and not entry.skip else None

    @functools.lru_cache(maxsize=None)
    def best(start: int) -> Optional[tuple[Entry, ...]]:
        """The best split of word[start:]: fewest parts, then longest first parts."""
        if start == len(word):
            return ()
        chosen: Optional[tuple[Entry, ...]] = None
        for end in range(len(word), start, -1):  # longest first part first
            entry = known(word[start:end])
            if entry is None:
                continue
            rest = best(end)
            if rest is not None and (chosen is None or len(rest) + 1 < len(chosen)):
                chosen = (entry, *rest)
        return chosen

    parts = best(0)
    if parts is None or not 2 <= len(parts) <= MAX_PARTS:
        return None
    return list(parts)


def gloss_from_parts(terms: Iterable[Term], lexicon: Lexicon) -> list[Term]:
    """The terms, each unglossed common noun that splits into known parts glossed by them."""
    glossed: list[Term] = []
    for term in terms:
        parts = None
        if not term.gloss and not term.is_name and term.pos == "noun":
            parts = split_into_parts(term.lemma, lexicon)
        if parts is None:
            glossed.append(term)
            continue
        gloss = PART_SEPARATOR.join(part.en[0] for part in parts)
        glossed.append(replace(term, gloss=gloss, gloss_source="parts", hanja=term.hanja or _hanja(parts)))
    return glossed


def _hanja(parts: list[Entry]) -> Optional[str]:
    """The hanja of the leading Sino-Korean parts (對北壓迫; 北韓 of 북한사람)."""
    written = ""
    for part in parts:
        if not part.hanja or len(part.hanja) != len(part.ko):
            break
        written += part.hanja
    return written or None
