"""Glosses in parentheses: "우루스(Urus)", "confirmed case(확진자)", and their variants.

  한국어(English)   the Korean side is the word just before the parenthesis (plus any
                    adnominal "-적" words before it: "모험적 행보", "전략적 인내"), or the
                    quoted text before it ("‘주적’(main enemy)"); the words before that are
                    kept in RawGloss.before, for a phrase gloss to take its arguments from
                    ("콧수염을 기르기(grow a mustache)": see korean.phrases.gloss_phrase).
  English(한국어)   up to four English words before the parenthesis, stopping at a function
                    word ("the number of confirmed cases(확진자)" -> "confirmed cases").

Pages also write: a line break inside the parentheses ("동맹국(allied⏎nation)들은"), the
gloss glued inside a word ("필수적(essential)이지만"), hanja beside the English
("억지력(抑止力, deterrence)", "경구(警句·epigram)"), an acronym with its full name
("(IAEA: International Atomic Energy Agency)"), a note holding a list entry
("(ratify: 비준하다, 승인하다)"), and square brackets under a dictionary headword
("확대억제 [ extended deterrence , 擴大抑制 ]").

What is rejected: dates "(2024년 6월)", captions "(오른쪽)", bylines in the same language,
Korean inside Korean, abbreviations expanded in one language "ICBM(intercontinental
ballistic missile)", hanja alone "김정은(金正恩)", e-mail addresses and URLs, and a word glued
to Latin letters ("K팝(K-pop)").
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from vocab.analyse import gloss_sides as sides
from vocab.analyse.gloss_sides import RawGloss

MAX_PAREN_CONTENT = 80  # characters between the parentheses
MAX_KO_WORD_CHARS = 20  # 유엔안전보장이사회 is 9; a longer run is not one word
MAX_EN_BEFORE_WORDS = 4  # English words taken before "(한국어)"
MAX_QUOTED = 40  # characters inside quotes before a parenthesis: "‘주적’(main enemy)"
MAX_BEFORE_WORDS = 4  # Korean words kept before the term for a phrase gloss

# One line break may stand inside: pages wrapped at a fixed width.
_PAREN = re.compile(r"[(（\[]([^()（）\[\]\n]{1,%d}(?:\n[^()（）\[\]\n]{1,%d})?)[)）\]]"
                    % (MAX_PAREN_CONTENT, MAX_PAREN_CONTENT))
_KO_WORD_CHAR = re.compile(r"[%s0-9]" % sides.HANGUL)
_EN_WORD_CHAR = re.compile(r"[%s0-9'’.\-]" % sides.LATIN)
_NOTE_ENTRY = re.compile(r"^\s*([^:：]+?)\s*[:：]\s*(.+?)\s*$")

_OPEN_QUOTES = "'\"‘“「『《〈"
_CLOSE_QUOTES = "'\"’”」』》〉"
# Words a term taken from before "(한국어)" does not reach back over.
_ENGLISH_STOPS = frozenset(
    "a an the of in on at to for by with from and or as is are was were be been its his "
    "her their our your my this that these those which who said says into onto than "
    "called named known dubbed".split()
)


def paren_glosses(text: str) -> Iterator[RawGloss]:
    if "(" not in text and "（" not in text and "[" not in text:
        return  # most paragraphs: no need to start the regex
    for match in _PAREN.finditer(text):
        content = " ".join(match.group(1).split())
        square = text[match.start()] == "["
        nested = _nested_entry(content, match.start(), match.end())
        if nested:
            yield from nested
            continue
        content = sides.without_hanja(content)
        if content is None:
            continue
        has_hangul = sides.HANGUL_CHAR.search(content) is not None
        has_latin = sides.LATIN_CHAR.search(content) is not None
        if has_latin and not has_hangul:
            english = sides.acronym_and_name(content) or sides.english_term(content)
            before = _korean_before(text, match.start(), square) if english else None
            if english and before:
                start, korean, context = before
                yield RawGloss(korean, english, "paren", start, match.end(), context)
        elif has_hangul and not has_latin and not square:
            koreans = sides.korean_terms(content)
            before = _english_before(text, match.start()) if koreans else None
            if koreans and before:
                start, english = before
                for korean in koreans:
                    yield RawGloss(korean, english, "paren", start, match.end())


def _nested_entry(content: str, start: int, end: int) -> list[RawGloss]:
    """ "(ratify: 비준하다, 승인하다)": a list entry written as a note."""
    if ":" not in content and "：" not in content:
        return []
    entry = _NOTE_ENTRY.match(content)
    if entry is None:
        return []
    key, value = entry.groups()
    for english_side, korean_side in ((key, value), (value, key)):
        english = sides.english_term(sides.clean_english(english_side))
        if english is not None:
            koreans = sides.korean_terms(sides.clean_korean(korean_side))
            return [RawGloss(korean, english, "list", start, end) for korean in koreans]
    return []


def _before_space(text: str, paren: int, square: bool = False) -> int:
    """One space may stand before the parenthesis: "유엔 (United Nations)"; a square
    bracket may also stand on the line under its headword."""
    if paren > 0 and text[paren - 1] in sides.SPACES:
        return paren - 1
    if square and paren > 0 and text[paren - 1] == "\n":
        return paren - 1
    return paren


def _quoted_before(text: str, end: int) -> Optional[tuple[int, str]]:
    """The quoted text ending at `end` ("‘주적’" before "(main enemy)"), bounded."""
    if end == 0 or text[end - 1] not in _CLOSE_QUOTES:
        return None
    lower = max(0, end - 2 - MAX_QUOTED)
    for index in range(end - 2, lower - 1, -1):
        if text[index] in _OPEN_QUOTES:
            return index, text[index + 1 : end - 1]
        if text[index] == "\n":
            return None
    return None


def _quoted_around(text: str, end: int, paren: int) -> Optional[tuple[int, str]]:
    """A gloss inside the quotes of its term: "‘솔직히 말하자면(To be honest)’"."""
    close = text.find(")", paren)
    if close < 0 or close + 1 >= len(text) or text[close + 1] not in _CLOSE_QUOTES:
        return None
    lower = max(0, end - MAX_QUOTED)
    for index in range(end - 1, lower - 1, -1):
        if text[index] in _OPEN_QUOTES:
            if index + 1 < end and (index == 0 or not text[index - 1].isalnum()):
                return index, text[index + 1 : end]
            return None
        if text[index] in _CLOSE_QUOTES or text[index] == "\n":
            return None
    return None


def _korean_before(text: str, paren: int, square: bool = False) -> Optional[tuple[int, str, str]]:
    """The Korean word (and adnominal -적 words) just before a parenthesis, and the
    Korean words before those (for a phrase gloss)."""
    end = _before_space(text, paren, square)
    if square and end == paren:
        return None  # "[BLUE HOUSE]" glued to a word is a caption's credit
    quoted = _quoted_before(text, end) or _quoted_around(text, end, paren)
    if quoted:
        start, inside = quoted
        terms = sides.korean_terms(inside)
        return (start, terms[0], "") if len(terms) == 1 else None
    start = _word_start(text, end, _KO_WORD_CHAR, MAX_KO_WORD_CHARS)
    if start is None or start == end:
        return None
    if start > 0 and text[start - 1].isalnum():  # glued to Latin, hanja …: K팝(K-pop)
        return None
    words = [text[start:end]]
    # Reach back over "모험적 행보", "포괄적 전략적 동반자": -적 words modify the noun.
    while len(words) < sides.MAX_KO_WORDS:
        previous = _previous_word(text, start)
        if previous is None or not text[previous : start - 1].endswith("적"):
            break
        words.insert(0, text[previous : start - 1])
        start = previous
    korean = " ".join(words)
    if not sides.is_korean_sense(korean):
        return None
    context: list[str] = []
    first = start
    while len(context) < MAX_BEFORE_WORDS:
        previous = _previous_word(text, first)
        if previous is None:
            break
        context.insert(0, text[previous : first - 1])
        first = previous
    return start, korean, " ".join(context)


def _previous_word(text: str, start: int) -> Optional[int]:
    """Where the Hangul word before the one starting at `start` begins (one space
    between them), or None."""
    if start < 2 or text[start - 1] != " ":
        return None
    previous = _word_start(text, start - 1, _KO_WORD_CHAR, MAX_KO_WORD_CHARS)
    if previous is None or previous == start - 1 or len(text[previous : start - 1]) < 1:
        return None
    if previous > 0 and not text[previous - 1].isspace():
        return None  # glued to punctuation or Latin: not a plain word of the phrase
    return previous


def _english_before(text: str, paren: int) -> Optional[tuple[int, str]]:
    """Up to four English words just before a parenthesis, stopping at function words."""
    end = _before_space(text, paren)
    quoted = _quoted_before(text, end)
    if quoted:
        start, inside = quoted
        english = sides.english_term(inside)
        return (start, english) if english else None
    words: list[str] = []
    start = end
    while len(words) < MAX_EN_BEFORE_WORDS:
        word_end = start if not words else start - 1
        if words and (word_end < 1 or text[word_end] != " "):
            break
        word_start = _word_start(text, word_end, _EN_WORD_CHAR, MAX_PAREN_CONTENT)
        if word_start is None or word_start == word_end:
            break
        word = text[word_start:word_end]
        if word.lower() in _ENGLISH_STOPS or sides.english_term(word) is None:
            break  # "the", or "left." ending the sentence before
        if word_start > 0 and text[word_start - 1].isalnum():  # glued: 북한North(…)
            if not words:
                return None
            break
        words.insert(0, word)
        start = word_start
    if not words:
        return None
    english = sides.english_term(" ".join(words))
    return (start, english) if english else None


def _word_start(text: str, end: int, word_char: re.Pattern, limit: int) -> Optional[int]:
    """Where the run of `word_char` ending at `end` begins; None if longer than `limit`."""
    index = end
    lower = max(0, end - limit)
    while index > lower and word_char.match(text, index - 1):
        index -= 1
    if index == lower and index > 0 and word_char.match(text, index - 1):
        return None
    return index
