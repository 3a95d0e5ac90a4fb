"""Clues that survive translation between Korean and English, for the aligner.

Sentence length alone lines up most of a translation, but it cannot tell two paragraphs
of similar size apart.  What a translator carries over unchanged is the tie-breaker:
numbers and years (2009년 ↔ 2009, 15일 ↔ the 15th, 3일간 ↔ three-day), Latin-script words
left inside the Korean (TASS, ICBM, TV), quotation marks, a few frequent political names
whose English is not a transliteration (북한 ↔ North Korea), and foreign names written
in Hangul, recognised by the shape of their consonants (푸틴 ↔ Putin, 라브로프 ↔ Lavrov).
Everything here is pure Python and offline.
"""

from __future__ import annotations

import functools
import operator
import re
from itertools import chain
from typing import NamedTuple

from vocab.text import HANGUL_WORD

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z.\-]*[A-Za-z]|[A-Z]")
_DIGITS = re.compile(r"\d+(?:,\d{3})*")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+(?:[.'’\-][A-Za-z]+)*")
_DOUBLE_QUOTES = re.compile(r"[\"“”«»「」『』]")
_WORD_JOINERS = re.compile(r"[.'’\-]")
_SOFT_C = re.compile(r"c(?=[eiy])")
_REPEATS = re.compile(r"(.)\1+")
_FIRST_OF_RUN = operator.itemgetter(1)  # a C callable: re.sub expands r"\1" in Python, 5x slower

# English number words a translator writes for Korean digits (3일간 ↔ three-day, 6자회담 ↔
# six-party).  "one" is left out: it is far more often a pronoun than a number.
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
    if value >= 2
}
# Capitalised month names become their number, to meet Korean 7월 (July).
_MONTHS = {
    name: str(number)
    for number, name in enumerate(
        "January February March April May June July August September October November December".split(),
        start=1,
    )
}

# Frequent names of political news whose English is a translation, not a transliteration,
# so the consonant shapes below cannot match them.  Korean stem -> English phrases (lower case).
_NAME_LEXICON: dict[str, tuple[str, ...]] = {
    "북한": ("north korea", "pyongyang"),
    "남한": ("south korea",),
    "한국": ("korea",),
    "러시아": ("russia",),
    "미국": ("u.s.", "united states", "america", "washington"),
    "중국": ("china", "chinese", "beijing"),
    "일본": ("japan",),
    "대만": ("taiwan",),
    "유럽": ("europe",),
    "유엔": ("united nations", "un"),
    "소련": ("soviet",),
    "조선중앙통신": ("korean central news agency", "kcna"),
    "로이터": ("reuters",),
    "대통령": ("president",),
    "외무": ("foreign minist",),
    "미사일": ("missile",),
}
# All the phrases in one search, longest first, tried at the start of every word: where
# several phrases start at one place, the longest one found holds all the others as prefixes.
_PHRASES = sorted({phrase for phrases in _NAME_LEXICON.values() for phrase in phrases}, key=len, reverse=True)
_PHRASE = "(" + "|".join(map(re.escape, _PHRASES)) + ")"
# A word start, in lower-cased text, is where (?<![a-z]) holds: the very start, or after a
# character other than a-z.  Searching for that character (consumed: the engine skips to it
# in C) rather than trying the lookbehind everywhere finds the same places in two thirds
# of the time.
_PHRASE_AT_START = re.compile(_PHRASE)
_PHRASE_AFTER_WORD_BREAK = re.compile(r"[^a-z](?=" + _PHRASE + ")")
_STEMS_OF_PHRASE = {
    found: frozenset(stem for stem, phrases in _NAME_LEXICON.items() if any(found.startswith(p) for p in phrases))
    for found in _PHRASES
}

# Capitalised English words that are not names (sentence openers, titles); their consonant
# shape would only meet Korean words by accident.
_NOT_NAMES = frozenset(
    """a an the and but or if in on at of for to by as it its this that these those he she
    they we our their his her there here since while when after before despite however
    mr mrs ms dr president minister foreign prime north south east west korea korean
    reuters former new national central agency""".split()
)

# Consonant classes shared by both scripts: Hangul jamo and English spellings of the same
# sounds fall into one class (ㅂ/ㅍ ~ b/p/f/v, ㄹ ~ l/r, ㅈ/ㅊ ~ j/ch/z/ts …); vowels vanish.
_INITIAL_CLASS = "KKNTTRMPPSS JJJKTPH"  # ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ (ㅇ is silent)
_FINAL_CLASS = [
    "", "K", "K", "K", "N", "N", "N", "T", "R", "K", "M", "P", "R", "T", "P", "R",
    "M", "P", "P", "T", "T", "N", "T", "T", "K", "T", "P", "T",
]  # '' ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ
_ENGLISH_DIGRAPHS = (("kh", "H"), ("ch", "J"), ("sh", "S"), ("th", "T"), ("ph", "P"),
                     ("ck", "K"), ("ng", "N"), ("ts", "J"), ("tz", "J"), ("gh", "K"),
                     ("qu", "K"), ("x", "KS"))
_ENGLISH_LETTER_CLASS = str.maketrans(
    "bpfvdtgkqjzslrmnhc", "PPPPTTKKKJJSRRMNHK", "aeiouwy"
)
# Three consonants are the shortest shape specific enough to call two words the same name.
_NAME_SHAPE_LENGTH = 3


class Anchors(NamedTuple):
    """The translation-proof clues of one or more sentences (sets: repeats add nothing).

    A NamedTuple rather than a frozen dataclass: the aligner makes one per paragraph,
    sentence and run of them, and a frozen dataclass takes three times as long to make."""

    numbers: frozenset[str] = frozenset()
    latin: frozenset[str] = frozenset()  # Latin words written inside Korean (lower case)
    words: frozenset[str] = frozenset()  # English side: every word, lower case
    concepts: frozenset[str] = frozenset()  # keys of _NAME_LEXICON found
    shapes: frozenset[str] = frozenset()  # consonant shapes of names (English) / words (Korean)
    quoted: bool = False

    def __or__(self, other: "Anchors") -> "Anchors":
        return Anchors(
            self.numbers | other.numbers,
            self.latin | other.latin,
            self.words | other.words,
            self.concepts | other.concepts,
            self.shapes | other.shapes,
            self.quoted or other.quoted,
        )


def _numbers(text: str) -> set[str]:
    return {str(int(match.replace(",", ""))) for match in _DIGITS.findall(text)}


# Every Hangul syllable's consonant classes (initial, then final), for str.translate.
_SYLLABLE_CLASSES = {
    0xAC00 + code: _INITIAL_CLASS[code // 588].strip() + _FINAL_CLASS[code % 28] for code in range(11172)
}


@functools.lru_cache(maxsize=1 << 16)  # words recur through a document and a corpus
def _hangul_shape(word: str) -> str:
    return _collapse(word.translate(_SYLLABLE_CLASSES))


@functools.lru_cache(maxsize=1 << 16)  # names recur through a document and a corpus
def _english_shape(word: str) -> str:
    word = word.lower()
    for digraph, sound in _ENGLISH_DIGRAPHS:
        word = word.replace(digraph, sound)
    word = _SOFT_C.sub("s", word)
    return _collapse(word.translate(_ENGLISH_LETTER_CLASS).upper())


def _collapse(shape: str) -> str:
    return _REPEATS.sub(_FIRST_OF_RUN, shape)


class _WordMemo(dict):
    """Word -> what `work_out` makes of it, looked up for every word of every text with map()
    (a C loop), where a call per word cost half of the anchors' time.  Words recur through
    a document and a corpus; the table is emptied when it reaches 2**16 words, to stay
    small on a long run."""

    def __init__(self, work_out):
        super().__init__()
        self.work_out = work_out

    def __missing__(self, word: str):
        value = self.work_out(word)
        if len(self) >= 1 << 16:
            self.clear()
        self[word] = value
        return value


def _hangul_name_shape(word: str) -> str:
    """The start of the word's shape, "" if too short to name anyone."""
    shape = _hangul_shape(word)
    return shape[:_NAME_SHAPE_LENGTH] if len(shape) >= _NAME_SHAPE_LENGTH else ""


def _english_name_shape(word: str) -> str:
    """The start of the name's shape, "" if the word is no name or too short."""
    if not word[0].isupper() or word.lower() in _NOT_NAMES:
        return ""
    shape = _english_shape(word)
    return shape[:_NAME_SHAPE_LENGTH] if len(shape) >= _NAME_SHAPE_LENGTH else ""


def _english_word_forms(word: str) -> tuple[str, ...]:
    """The word in lower case, and the parts of a word joined by . ' ’ - (among them every
    run of letters, where the number words are)."""
    if word.isalpha():
        return (word.lower(),)
    return (word.lower(), *(part.lower() for part in _WORD_JOINERS.split(word) if part))


_HANGUL_NAME_SHAPES = _WordMemo(_hangul_name_shape)
_ENGLISH_NAME_SHAPES = _WordMemo(_english_name_shape)
_ENGLISH_WORD_FORMS = _WordMemo(_english_word_forms)


def _phrases(lowered: str) -> list[str]:
    """The lexicon phrases that start a word of lower-cased text (see _PHRASE_AFTER_WORD_BREAK)."""
    found = _PHRASE_AFTER_WORD_BREAK.findall(lowered)
    at_start = _PHRASE_AT_START.match(lowered)
    if at_start:
        found.append(at_start.group(1))
    return found


def korean_anchors(text: str) -> Anchors:
    concepts = frozenset(stem for stem in _NAME_LEXICON if stem in text)
    shapes = frozenset(filter(None, map(_HANGUL_NAME_SHAPES.__getitem__, HANGUL_WORD.findall(text))))
    latin = frozenset(word.lower().strip(".") for word in _LATIN_WORD.findall(text))
    return Anchors(
        numbers=frozenset(_numbers(text)),
        latin=latin,
        concepts=concepts,
        shapes=shapes,
        quoted=bool(_DOUBLE_QUOTES.search(text)),
    )


def english_anchors(text: str) -> Anchors:
    words = set(_ENGLISH_WORD.findall(text))
    word_set = set(chain.from_iterable(map(_ENGLISH_WORD_FORMS.__getitem__, words)))
    numbers = _numbers(text)
    numbers.update(_NUMBER_WORDS[run] for run in word_set & _NUMBER_WORDS.keys())
    numbers.update(_MONTHS[w] for w in words & _MONTHS.keys())
    concepts = frozenset().union(*map(_STEMS_OF_PHRASE.__getitem__, _phrases(text.lower())))
    shapes = frozenset(filter(None, map(_ENGLISH_NAME_SHAPES.__getitem__, words)))
    return Anchors(
        numbers=frozenset(numbers),
        words=frozenset(word_set),
        concepts=concepts,
        shapes=shapes,
        quoted=bool(_DOUBLE_QUOTES.search(text)),
    )
