"""Glosses from alignment: the English of a word no list or dictionary knows, read off
the English sentence its Korean sentence is aligned with, when nothing else can be it.

In a confidently aligned pair of sentences, every Korean word the lists or dictionary
know accounts for the English words of its senses.  When exactly one Korean word is
left unknown, and what is left of the English is one short run of content words, that
run is its translation::

    북한은 미사일을 발사했다  ↔  North Korea launched a missile
    (북한: North Korea, 미사일: missile, 발사하다: to launch) -> nothing left: no gloss
    북한은 극초음속 미사일을 발사했다  ↔  North Korea launched a hypersonic missile
    (극초음속 unknown, "hypersonic" left) -> 극초음속: hypersonic

Precision matters more than recall here (a wrong gloss teaches a wrong word; a missing
one only sends the word to `vocab gloss`), so every doubt leaves the word unglossed:
- the link must be used as a translation (confidence >= align.MIN_CONFIDENCE) and
  join one to three sentences a side;
- nouns only: an English verb comes inflected ("launched"), and its dictionary form
  cannot be read off reliably;
- exactly one unknown word in the pair, which is not a name; the parts of a compound
  account for nothing (the English left over is the compound's: 북한군 "North Korean army");
- the English left over is one to MAX_WORDS content words in a row (function words
  may sit between them: "state of emergency"), none capitalised in mid-sentence
  (names, and words translating names), none a number;
- the pair's other English content words are all accounted for: leftover words that
  are not adjacent make the pair ambiguous, and it says nothing;
- a word given different English in two pairs of the corpus gets none (mine decides).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Optional, Sequence

from vocab.align import MIN_CONFIDENCE
from vocab.analyse.document import AnalysedDocument
from vocab.records import TermHit

MAX_WORDS = 3  # "intercontinental ballistic missile" is as long as a noun's English gets
MAX_SENTENCES = 3  # sentences a side of a link whose words may be matched

# Words that translate grammar (particles, endings, auxiliaries) rather than a content
# word: never left over, never accounting for anything.  The time words at the end are
# here because Korean often leaves them to a dateline (or a stop word, 오늘), and next
# to the word sought they would join its gloss ("glide vehicle today").
FUNCTION_WORDS = frozenset("""
a an the of to in on at by for from with without into onto over under about as than
and or but nor so yet if then that which who whom whose what when where while why how
this these those there here it its it's they them their theirs he him his she her hers
we us our you your i me my mine be is are was were been being am do does did done
have has had having will would shall should can could may might must not no also
very more most much many some any all each every both either neither other such only
just even still again ever too same own said says say saying according up down out off
one ones s sb sth someone something one's
today yesterday tomorrow now recently already currently later earlier
""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|[0-9][0-9,.]*")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")

# What a word's senses are: the lists' and the dictionary's English, None when unknown
# (a word the lists know without English, a stop word like 말하다, is () : known).
Senses = Callable[[str, str], Optional[Sequence[str]]]


def stem(word: str) -> str:
    """A crude English stem, enough to match "sanctions" with "sanction", "talks" with "talk".

    >>> [stem(w) for w in ("sanctions", "imposed", "impose", "negotiations", "Korea's")]
    ['sanction', 'impos', 'impos', 'negoti', 'korea']
    """
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    # "fire"/"fired", "impose"/"imposed": a final e comes and goes with the suffix.
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _content_stems(english: str) -> set[str]:
    return {stem(w) for w in _WORD.findall(english) if w.lower() not in FUNCTION_WORDS}


def aligned_glosses(item: AnalysedDocument, senses: Senses) -> Iterable[tuple[str, str]]:
    """(lemma, English) for each unknown noun a confident link of `item` translates."""
    by_sentence = {(p, s): hits for p, s, hits in item.sentences}
    for link in item.alignment.sentences:
        if (link.confidence < MIN_CONFIDENCE or not link.ko_sentences or not link.en_sentences
                or len(link.ko_sentences) > MAX_SENTENCES or len(link.en_sentences) > MAX_SENTENCES):
            continue
        hits = [hit for s in link.ko_sentences for hit in by_sentence.get((link.ko_paragraph, s), ())]
        found = gloss_in_pair(hits, link.en, senses)
        if found is not None:
            yield found


def gloss_in_pair(hits: Sequence[TermHit], english: str, senses: Senses) -> Optional[tuple[str, str]]:
    """The one unknown noun of a Korean sentence's `hits` and its English in `english`
    (the aligned translation), or None when the pair does not say it unambiguously.

    >>> known = {"북한": ["North Korea"], "미사일": ["missile"], "발사하다": ["to launch", "to fire"]}
    >>> hits = [TermHit("북한", "name", "북한", 0, 2, is_name=True), TermHit("극초음속", "noun", "극초음속", 4, 8),
    ...         TermHit("미사일", "noun", "미사일", 9, 12), TermHit("발사하다", "verb", "발사했다", 14, 18)]
    >>> gloss_in_pair(hits, "North Korea launched a hypersonic missile.", lambda ko, pos: known.get(ko))
    ('극초음속', 'hypersonic')
    """
    known_stems: set[str] = set()
    unknown: dict[str, TermHit] = {}
    for hit in hits:
        if hit.is_compound_part:
            continue  # its English, if any, is inside the compound's
        english_senses = senses(hit.lemma, hit.pos)
        if english_senses is None:
            if not hit.is_name:
                unknown[hit.lemma] = hit
            continue
        for sense in english_senses:
            known_stems |= _content_stems(sense)
    if len(unknown) != 1:
        return None
    (lemma, hit), = unknown.items()
    if hit.pos != "noun":
        return None
    left = _left_over(english, known_stems, names=any(h.is_name for h in hits))
    return (lemma, left) if left else None


def _left_over(english: str, known_stems: set[str], names: bool) -> Optional[str]:
    """The one run of unaccounted content words of `english` (function words allowed
    inside it), or None when there is none, several, a long one, or a capitalised one.
    `names`: the Korean side has names, whose English is capitalised."""
    words = list(_WORD.finditer(english))
    run: list[int] = []  # indexes into words of the unaccounted content words
    for number, match in enumerate(words):
        word = match.group(0)
        if word.lower() in FUNCTION_WORDS or stem(word) in known_stems:
            continue
        if word[0].isdigit():
            continue  # numbers are the same on both sides: 3년 / three years is not a word's gloss
        if word[0].isupper() and (number > 0 or names or _capitalised(words, 1)):
            continue  # a name, or a word of one ("Kim Jong-un said"), which a Korean name accounts for
        run.append(number)
    if not run or len(run) > MAX_WORDS:
        return None
    first, last = run[0], run[-1]
    inside = words[first:last + 1]
    if any(w.group(0).lower() not in FUNCTION_WORDS and i + first not in run for i, w in enumerate(inside)):
        return None  # not one run: accounted words between the leftovers
    if words[first].group(0)[0].isupper():
        return None  # sentence-initial and capitalised: a name as likely as a word
    span = english[words[first].start():words[last].end()]
    return span if all(w.group(0).lower() not in FUNCTION_WORDS for w in (words[first], words[last])) else None


def _capitalised(words: Sequence[re.Match], number: int) -> bool:
    return number < len(words) and words[number].group(0)[0].isupper()
