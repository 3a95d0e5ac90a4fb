"""Glosses a text states itself: "△setback: 차질", "우루스(Urus)", "futile = vain 헛된".

Editorials translated for learners end with a glossary, and news copy often puts the
original term in parentheses.  These are the best glosses we can get (the author chose
them), so they are read by shape alone, before any alignment guesswork:

  list   a marker, one side, a colon, the other side; several on a line:
         "△setback: 차질 △reestablish: 재건하다", "• 차질：setback"
  paren  a term and its translation in parentheses, either way round:
         "확진자(confirmed case)", "confirmed case(확진자)"
  line   a whole line holding an English phrase and a Korean one, opened by a marker or
         joined by "=": "futile = vain 헛된", "*a trade pact 통상 조약"

The one rule under all three: the two sides are in different scripts (Hangul against
Latin letters), and each side is a short term, not a clause.  That is what rejects the
parentheses that are not glosses: dates "(2024년 6월)", captions "(오른쪽)", bylines in
the same language "(former special envoy …)", "디트라니(전 대북 6자회담 미국 특사)",
abbreviations expanded in one language "ICBM(intercontinental ballistic missile)",
hanja "김정은(金正恩)", e-mail addresses and URLs.

Decisions:
- An all-caps English side is kept: "타스(TASS)", "국제원자력기구(IAEA)" gloss a name or
  an abbreviation by its own spelling, which is what a learner wants on the card.
- In "한국어(English)" the Korean side is the single word before the parenthesis, plus
  any adnominal "-적" words before it ("모험적 행보", "전략적 인내").  Telling where a
  longer noun phrase starts needs morphology, and "러시아 타스(TASS)" shows that
  guessing wider is wrong more often than right.  A word glued to Latin letters
  ("K팝(K-pop)") is not taken: its Korean side would not be Hangul only.
- In "English(한국어)" the English side is up to four words before the parenthesis,
  stopping at an article, preposition or other function word ("the number of confirmed
  cases(확진자)" -> "confirmed cases").
- A list entry needs its marker: "Source: 연합뉴스" is a credit, not a gloss.
- English senses are joined by "; " (as in Term.gloss); Korean alternatives
  ("setback: 차질, 좌절") become one gloss each.

Everything here is linear in the text's length: each "(", marker or line looks at a
bounded window around itself, and the regular expressions have no nested repetition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from vocab.records import Document, Gloss

_HANGUL = "\uac00-\ud7a3"  # precomposed syllables; lone jamo are not words
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"

# Bounds on what a gloss can look like; they keep every look-around window small.
MAX_EN_WORDS = 6  # "former special envoy for negotiations with North Korea" is a byline
MAX_KO_WORDS = 4  # "모험적 행보", "대북 6자회담 미국 특사" is already a description
MAX_SENSES = 3  # "setback, hitch, snag"
MAX_PAREN_CONTENT = 80  # characters between the parentheses
MAX_ENTRY = 120  # characters of one list entry after its marker
MAX_LINE = 160  # characters of a glossary line
MAX_KO_WORD_CHARS = 20  # 유엔안전보장이사회 is 9; a longer run is not one word
MAX_EN_BEFORE_WORDS = 4  # English words taken before "(한국어)"
MAX_QUOTED = 40  # characters inside quotes before a parenthesis: "‘주적’(main enemy)"

# What opens a list entry or a glossary line (only at a line start or after a space).
MARKERS = "△▲■□◆◇•·※▶▷○●▪◦*-"

_PAREN = re.compile(r"[(（]([^()（）\n]{1,%d})[)）]" % MAX_PAREN_CONTENT)
_EN_ALT = re.compile(r"[%s0-9'’.\- ]+" % _LATIN)
_KO_ALT = re.compile(r"[%s0-9 ]+" % _HANGUL)
_SENSE_SPLIT = re.compile(r"\s*[,;/]\s*")
_HANGUL_CHAR = re.compile(r"[%s]" % _HANGUL)
_LATIN_CHAR = re.compile(r"[%s]" % _LATIN)
_KO_WORD_CHAR = re.compile(r"[%s0-9]" % _HANGUL)
_EN_WORD_CHAR = re.compile(r"[%s0-9'’.\-]" % _LATIN)
_LINE = re.compile(r"[^\n]+")
_LIST_SEP = re.compile(r"[:：]")
_MARKER_CLASS = "[%s]" % re.escape(MARKERS)
_MARKER = re.compile(_MARKER_CLASS)
_BEFORE_MARKER = " \u00a0\u3000\t\n"  # a marker opens an entry at the start or after these
_ENTRY_STOP = re.compile(r"\n|(?<=[ \u00a0\u3000\t])%s" % _MARKER_CLASS)
_LINE_TOKEN_EN = re.compile(r"[%s0-9'’.\-]+[,;]?" % _LATIN)
_LINE_TOKEN_KO = re.compile(r"[%s0-9]+,?" % _HANGUL)
# A glossary line as a string of token classes: English words (L) with "=" (E) between
# synonyms, an optional "=" or dash (E, D) between the sides, Korean words (K).
_LINE_SHAPE = re.compile(r"L+(?:EL+)*[ED]?K+|K+[ED]?L+(?:EL+)*")

_SPACES = " \u00a0\u3000\t"
_OPEN_QUOTES = "'\"‘“「『《〈"
_CLOSE_QUOTES = "'\"’”」』》〉"
# Words an English term never starts with: "(and still wants)", "(see below)".
_NOT_A_TERM_START = frozenset(
    "and or but nor so then if when while because although though which who whom whose "
    "that than was were is are also still not see cf etc e.g i.e eg ie".split()
)
# Words a term taken from before "(한국어)" does not reach back over.
_ENGLISH_STOPS = frozenset(
    "a an the of in on at to for by with from and or as is are was were be been its his "
    "her their our your my this that these those which who said says into onto than "
    "called named known dubbed".split()
)


@dataclass(frozen=True)
class RawGloss:
    """A gloss as written: the Korean side not yet lemmatised; start/end span it in the text."""

    ko_raw: str
    en: str
    form: str  # "list" | "paren" | "line"
    start: int
    end: int


def find_gloss_pairs(text: str) -> list[RawGloss]:
    """Every gloss the text states, in order of position (no Korean analysis needed)."""
    if not _LATIN_CHAR.search(text):
        return []  # every gloss has an English side: most Korean paragraphs end here
    found = list(_list_glosses(text)) + list(_paren_glosses(text)) + list(_line_glosses(text))
    # A stable sort: alternatives of one span ("차질, 좌절") stay in their written order.
    found.sort(key=lambda g: (g.start, g.end))
    return list(dict.fromkeys(found))


def extract_glosses(
    doc: Document, lemmatise: Optional[Callable[[str], str]] = None
) -> list[Gloss]:
    """The document's stated glosses, Korean side lemmatised, each (ko, en) once.

    Kiwi is loaded only when the document actually states a gloss.
    """
    if lemmatise is None:
        from vocab.korean.terms import lemmatise  # importing is cheap: Kiwi loads on the first call
    lemmas: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    glosses: list[Gloss] = []
    for paragraph in doc.paragraphs:
        for raw in find_gloss_pairs(paragraph.text):
            if raw.ko_raw not in lemmas:
                lemma = lemmatise(raw.ko_raw)
                # A lemmatiser that loses the Hangul (empty, odd analysis) is not trusted.
                lemmas[raw.ko_raw] = lemma if lemma and _HANGUL_CHAR.search(lemma) else raw.ko_raw
            ko = lemmas[raw.ko_raw]
            if (ko, raw.en) in seen:
                continue
            seen.add((ko, raw.en))
            glosses.append(
                Gloss(ko=ko, en=raw.en, source=doc.path, paragraph=paragraph.index, form=raw.form)
            )
    return glosses


# --- the shape of each side -------------------------------------------------------------


def english_term(text: str) -> Optional[str]:
    """The English senses of `text` joined by "; ", or None if it is not a short term."""
    senses = _SENSE_SPLIT.split(text.strip())
    if len(senses) > MAX_SENSES:
        return None
    kept: list[str] = []
    for sense in senses:
        sense = " ".join(sense.split())
        if not sense or not _EN_ALT.fullmatch(sense) or not _is_english_sense(sense):
            return None
        if sense not in kept:
            kept.append(sense)
    return "; ".join(kept)


def _is_english_sense(sense: str) -> bool:
    words = sense.split(" ")
    if len(words) > MAX_EN_WORDS or not sense[0].isalnum():
        return False
    if not _LATIN_CHAR.search(sense) or sum(c.isalnum() for c in sense) < 2:
        return False
    if words[0].lower().rstrip(".") in _NOT_A_TERM_START:
        return False
    for word in words:
        if word.isdigit():  # "(June 19)", "(Seoul 2024)": a date or a number
            return False
        # Dots belong to abbreviations (U.S., Jr.), not to domains (segye.com).
        if "." in word and any(len(piece) > 2 for piece in word.split(".")):
            return False
    return True


def korean_terms(text: str) -> list[str]:
    """The Korean alternatives in `text` ("차질, 좌절"), or [] if it is not a short term."""
    senses = _SENSE_SPLIT.split(text.strip())
    if len(senses) > MAX_SENSES:
        return []
    kept: list[str] = []
    for sense in senses:
        sense = " ".join(sense.split())
        if not sense or not _is_korean_sense(sense):
            return []
        if sense not in kept:
            kept.append(sense)
    return kept


def _is_korean_sense(sense: str) -> bool:
    if not _KO_ALT.fullmatch(sense) or len(sense.split(" ")) > MAX_KO_WORDS:
        return False
    hangul = len(_HANGUL_CHAR.findall(sense))
    digits = sum(c in "0123456789" for c in sense)
    # "6자회담" is a term; "19일", "2024년 6월" are dates.
    return hangul > digits


# --- list: "△setback: 차질 △reestablish: 재건하다" ----------------------------------------


def _list_glosses(text: str) -> Iterator[RawGloss]:
    # Markers found by one plain scan, then checked in Python: a regex looking behind at
    # every position of the text is several times slower.
    for match in _MARKER.finditer(text):
        marker = match.start()
        if marker and text[marker - 1] not in _BEFORE_MARKER:
            continue
        entry_start = marker + 1
        entry_end = _entry_end(text, entry_start)
        if entry_end is None:
            continue
        entry = text[entry_start:entry_end]
        separator = _LIST_SEP.search(entry)
        if separator is None:
            continue
        key, value = entry[: separator.start()], entry[separator.end() :]
        value = value.rstrip(_SPACES + ".,;")
        end = entry_start + len(entry[: separator.end()]) + len(value)
        # Either way round: "setback: 차질" or "차질: setback".
        for english_side, korean_side in ((key, value), (value, key)):
            english = english_term(english_side)
            if english is not None:
                for korean in korean_terms(korean_side):
                    yield RawGloss(korean, english, "list", marker, end)
                break


def _entry_end(text: str, start: int) -> Optional[int]:
    """Where an entry stops: the next marker after a space, the line end, or the text end."""
    limit = min(len(text), start + MAX_ENTRY + 1)
    stop = _ENTRY_STOP.search(text, start, limit)
    if stop:
        return stop.start()
    return limit if limit == len(text) else None


# --- paren: "우루스(Urus)", "confirmed case(확진자)" --------------------------------------


def _paren_glosses(text: str) -> Iterator[RawGloss]:
    if "(" not in text and "（" not in text:
        return  # most paragraphs: no need to start the regex
    for match in _PAREN.finditer(text):
        content = match.group(1)
        has_hangul = _HANGUL_CHAR.search(content) is not None
        has_latin = _LATIN_CHAR.search(content) is not None
        if has_latin and not has_hangul:
            english = english_term(content)
            before = _korean_before(text, match.start()) if english else None
            if english and before:
                start, korean = before
                yield RawGloss(korean, english, "paren", start, match.end())
        elif has_hangul and not has_latin:
            koreans = korean_terms(content)
            before = _english_before(text, match.start()) if koreans else None
            if koreans and before:
                start, english = before
                for korean in koreans:
                    yield RawGloss(korean, english, "paren", start, match.end())


def _before_space(text: str, paren: int) -> int:
    """One space may stand before the parenthesis: "유엔 (United Nations)"."""
    return paren - 1 if paren > 0 and text[paren - 1] in _SPACES else paren


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


def _korean_before(text: str, paren: int) -> Optional[tuple[int, str]]:
    """The Korean word (and adnominal -적 words) just before a parenthesis."""
    end = _before_space(text, paren)
    quoted = _quoted_before(text, end)
    if quoted:
        start, inside = quoted
        terms = korean_terms(inside)
        return (start, terms[0]) if len(terms) == 1 else None
    start = _word_start(text, end, _KO_WORD_CHAR, MAX_KO_WORD_CHARS)
    if start is None or start == end:
        return None
    if start > 0 and text[start - 1].isalnum():  # glued to Latin, hanja …: K팝(K-pop)
        return None
    words = [text[start:end]]
    # Reach back over "모험적 행보", "포괄적 전략적 동반자": -적 words modify the noun.
    while len(words) < MAX_KO_WORDS and start > 1 and text[start - 1] == " ":
        previous = _word_start(text, start - 1, _KO_WORD_CHAR, MAX_KO_WORD_CHARS)
        if previous is None or previous == start - 1:
            break
        word = text[previous : start - 1]
        if not word.endswith("적") or len(word) < 2:
            break
        if previous > 0 and text[previous - 1].isalnum():
            break
        words.insert(0, word)
        start = previous
    korean = " ".join(words)
    return (start, korean) if _is_korean_sense(korean) else None


def _english_before(text: str, paren: int) -> Optional[tuple[int, str]]:
    """Up to four English words just before a parenthesis, stopping at function words."""
    end = _before_space(text, paren)
    quoted = _quoted_before(text, end)
    if quoted:
        start, inside = quoted
        english = english_term(inside)
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
        if word.lower() in _ENGLISH_STOPS or english_term(word) is None:
            break  # "the", or "left." ending the sentence before
        if word_start > 0 and text[word_start - 1].isalnum():  # glued: 북한North(…)
            if not words:
                return None
            break
        words.insert(0, word)
        start = word_start
    if not words:
        return None
    english = english_term(" ".join(words))
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


# --- line: "futile = vain 헛된", "*a trade pact 통상 조약" -------------------------------


def _line_glosses(text: str) -> Iterator[RawGloss]:
    for match in _LINE.finditer(text):
        line = match.group(0)
        if len(line) > MAX_LINE or ":" in line or "：" in line:
            continue  # too long for a glossary line; colons are list entries
        body = line.strip(_SPACES)
        if not body:
            continue
        start = match.start() + line.index(body)
        end = start + len(body)
        has_marker = body[0] in MARKERS
        if has_marker:
            body = body[1:]
        if not has_marker and "=" not in body:
            continue  # "Putin 푸틴" in running text is not a glossary line
        if not (_HANGUL_CHAR.search(body) and _LATIN_CHAR.search(body)):
            continue  # no Korean side or no English side: spare the tokenising
        classes, tokens = _classify_line(body)
        if classes is None or not _LINE_SHAPE.fullmatch(classes):
            continue
        english_side = [t for c, t in zip(classes, tokens) if c in "LE"]
        korean_side = [t for c, t in zip(classes, tokens) if c == "K"]
        synonyms = " ".join(english_side).split("=")
        senses = [english_term(s) for s in synonyms if s.strip()]
        if not senses or None in senses:
            continue
        english = "; ".join(dict.fromkeys("; ".join(senses).split("; ")))
        for korean in korean_terms(" ".join(korean_side)):
            yield RawGloss(korean, english, "line", start, end)


def _classify_line(body: str) -> tuple[Optional[str], list[str]]:
    tokens = body.replace("=", " = ").split()
    classes = []
    for token in tokens:
        if token == "=":
            classes.append("E")
        elif token in ("-", "–", "—"):
            classes.append("D")
        elif _LINE_TOKEN_KO.fullmatch(token) and _HANGUL_CHAR.search(token):
            classes.append("K")
        elif _LINE_TOKEN_EN.fullmatch(token) and _LATIN_CHAR.search(token):
            classes.append("L")
        else:
            return None, tokens
    return "".join(classes), tokens
