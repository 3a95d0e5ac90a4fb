"""Glosses that are whole lines or entries of a list: glossaries and word lists.

  list    a marker, one side, a colon, the other side; several on a line:
          "△setback: 차질 △reestablish: 재건하다", "• 차질：setback"; with no marker
          ("ceasefire: 휴전") only among other gloss lines (glosses.py decides).
  line    a line of English and Korean terms side by side: "futile = vain 헛된",
          "*a trade pact 통상 조약", "1. Martial law - 계엄령", "한반도 Korean Peninsula",
          "| 대북 지원 | aid to North Korea |", "* economic coercion 경제적 강압 / …";
          several pairs on one line when a page lost its line breaks, and notes in
          parentheses after a pair: "선거권 the right to vote (= 참정권)",
          "외교 diplomacy (외교관 diplomat)", "(극좌 far-left, 극좌파 far-left wing)".
  inline  a Korean gloss glued after an English word in English running text:
          "a hostile 적대적인 stance".

A line's glosses are "sure" when the line says it is a glossary line (a marker, a table
row, several pairs), "bare" otherwise: "Putin 푸틴" alone is a caption, not a gloss, so
a bare line counts only beside another gloss line.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from vocab.analyse import gloss_sides as sides
from vocab.analyse.gloss_sides import RawGloss

MAX_ENTRY = 120  # characters of one list entry after its marker
MAX_LINE = 300  # characters of a glossary line (a page that lost its line breaks: more pairs)

# What opens a list entry or a glossary line (only at a line start or after a space).
MARKERS = "△▲■□◆◇•·※▶▷○●▪◦*-"
_NUMBER = re.compile(r"(?:\d{1,3}[.)]|\(\d{1,3}\)|[①-⑳])\s+")
_LIST_SEP = re.compile(r"[:：]")
_MARKER_CLASS = "[%s]" % re.escape(MARKERS)
_MARKER = re.compile(_MARKER_CLASS)
_BEFORE_MARKER = " \u00a0\u3000\t\n"  # a marker opens an entry at the start or after these
_ENTRY_STOP = re.compile(r"\n|(?<=[ \u00a0\u3000\t])%s" % _MARKER_CLASS)
_TOKEN = re.compile(r"[(（][^()（）]*[)）]|[^\s()（）]+")
_TOKEN_EN = re.compile(r"[%s0-9'’.\-~/&]+[,;]?" % sides.LATIN)
_TOKEN_KO = re.compile(r"[~∼]?[%s0-9~∼/]+[,;]?" % sides.HANGUL)
_NOTE_OPEN = re.compile(r"^\s*(=|<->|↔|cf\.?|반의어|유의어|동의어)?\s*")
# Keys of "key: value" lines that are credits and labels, not English terms.
_LABELS = frozenset(
    "source sources photo photos image images video by credit credits editor editors reporter "
    "writer written copyright via from tel phone email e-mail fax date tags tag category "
    "posted published updated related share host hosts note notes see ref".split()
)


def list_glosses(text: str) -> Iterator[RawGloss]:
    """Marked list entries, several a line: "△setback: 차질 △reestablish: 재건하다"."""
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
        yield from colon_entry(text[entry_start:entry_end], marker, entry_start)


def colon_entry(entry: str, start: int, entry_start: int) -> list[RawGloss]:
    """ "setback: 차질, 좌절 (= hitch)" either way round; [] when not a gloss."""
    separator = _LIST_SEP.search(entry)
    if separator is None:
        return []
    key, rest = entry[: separator.start()], entry[separator.end() :]
    if not key.strip() or not rest.strip():
        return []
    value, notes = (rest, []) if "(" not in rest and "（" not in rest else _split_notes(rest)
    value = value.rstrip(sides.SPACES + ".,;")
    end = entry_start + len(rest.rstrip(sides.SPACES + ".,;")) + separator.end()
    for english_side, korean_side in ((key, value), (value, key)):
        english = sides.english_term(sides.clean_english(english_side), any_start=True)
        if english is None:
            continue
        koreans = sides.korean_terms(_clean_korean_list(korean_side))
        if not koreans:
            return []
        found = [RawGloss(korean, english, "list", start, end) for korean in koreans]
        found += _note_glosses(notes, english, start, end)
        return found
    return []


def bare_colon_entry(line: str, start: int) -> list[RawGloss]:
    """ "propose: 제안하다" with no marker: a gloss only among other gloss lines."""
    key = line.split(":", 1)[0].split("：", 1)[0].strip().lower()
    if key in _LABELS or len(line) > MAX_ENTRY:
        return []
    return colon_entry(line, start, start)


def _entry_end(text: str, start: int) -> Optional[int]:
    """Where an entry stops: the next marker after a space, the line end, or the text end."""
    limit = min(len(text), start + MAX_ENTRY + 1)
    stop = _ENTRY_STOP.search(text, start, limit)
    if stop:
        return stop.start()
    return limit if limit == len(text) else None


def _clean_korean_list(text: str) -> str:
    return ", ".join(sides.clean_korean(piece) for piece in re.split(r"\s*,\s*", text.strip()))


def _split_notes(text: str) -> tuple[str, list[str]]:
    """ "보고하다, 설명하다 (<-> debrief)" -> ("보고하다, 설명하다", ["<-> debrief"])."""
    # Only a parenthesis after a space is a note: one glued to a word is part of it.
    notes = re.findall(r"(?:^|\s)[(（]([^()（）]*)[)）]", text)
    return re.sub(r"(?:^|\s+)[(（][^()（）]*[)）]", "", text), notes


def _note_glosses(notes: list[str], english: str, start: int, end: int) -> list[RawGloss]:
    """Glosses in the notes after a pair: "(= 참정권)" is another Korean word for the same
    English; "(외교관 diplomat)", "(극좌 far-left, 극좌파 far-left wing)" are pairs of
    their own; "(<-> debrief)" (an opposite) and "(a problem)" say nothing we keep."""
    found: list[RawGloss] = []
    for note in notes:
        opener = _NOTE_OPEN.match(note)
        kind, body = opener.group(1), note[opener.end() :].strip()
        if kind not in (None, "=", "유의어", "동의어") or not body:
            continue
        if kind and not sides.LATIN_CHAR.search(body):
            for korean in sides.korean_terms(_clean_korean_list(body)):
                found.append(RawGloss(korean, english, "line", start, end))
            continue
        for piece in re.split(r"\s*[,;]\s+(?=[%s~])" % sides.HANGUL, body):
            for gloss in pairs_in_line(piece, start, end):
                found.append(gloss)
    return found


# --- lines of terms side by side ------------------------------------------------------------


def strip_marker(line: str) -> tuple[str, int, bool]:
    """The line without its bullet or number, the offset of what is left, and whether
    there was one."""
    body = line.lstrip(sides.SPACES)
    offset = len(line) - len(body)
    number = _NUMBER.match(body)
    if number:
        return body[number.end() :], offset + number.end(), True
    if body and body[0] in MARKERS and (len(body) == 1 or body[1] != body[0]):
        rest = body[1:].lstrip(sides.SPACES)
        return rest, offset + len(body) - len(rest), True
    return body, offset, False


def line_glosses(line: str, start: int) -> tuple[list[RawGloss], list[RawGloss]]:
    """(sure, bare) glosses of one line of a text; `start`: the line's offset in it."""
    if len(line) > MAX_LINE or not (sides.HANGUL_CHAR.search(line) and sides.LATIN_CHAR.search(line)):
        return [], []  # no Korean side or no English side: spare the tokenising
    body, offset, marked = strip_marker(line)
    body = body.rstrip(sides.SPACES)
    if not body:
        return [], []
    begin, end = start + offset, start + offset + len(body)
    if body.startswith("|") or body.count(" | ") >= 1:
        return _table_row(body, begin, end), []
    if ":" in body or "：" in body:
        if marked:
            return [], []  # list_glosses reads marked entries
        return [], bare_colon_entry(body, begin)
    found: list[RawGloss] = []
    pairs = 0
    for entry in re.split(r"\s+/\s+", body):
        glosses = pairs_in_line(entry, begin, end)
        if not glosses:
            return [], []
        found += glosses
        pairs += len(_runs(entry) or ()) // 2
    if marked or "=" in body or pairs >= 2:
        return found, []
    return [], found


def _table_row(body: str, start: int, end: int) -> list[RawGloss]:
    """ "| 대북 지원 | aid to North Korea |": one Korean cell and one English cell."""
    cells = [cell.strip() for cell in body.strip("|").split("|")]
    cells = [cell for cell in cells if cell.strip("0123456789.-: ")]
    koreans = [c for c in cells if sides.HANGUL_CHAR.search(c) and not sides.LATIN_CHAR.search(c)]
    englishes = [c for c in cells if sides.LATIN_CHAR.search(c) and not sides.HANGUL_CHAR.search(c)]
    if len(koreans) != 1 or len(englishes) != 1 or len(cells) > 3:
        return []
    english = sides.english_term(sides.clean_english(englishes[0]))
    if english is None:
        return []
    return [RawGloss(k, english, "line", start, end)
            for k in sides.korean_terms(_clean_korean_list(koreans[0]))]


def pairs_in_line(text: str, start: int, end: int) -> list[RawGloss]:
    """Every pair of a line made only of terms side by side, with their notes; [] when
    anything on it is not a term (a sentence, a date, a mixed word)."""
    runs = _runs(text)
    if runs is None:
        return []
    found: list[RawGloss] = []
    for first, second in zip(runs[::2], runs[1::2]):
        korean_run, english_run = (first, second) if first[0] == "K" else (second, first)
        pair = _pair(korean_run[1], english_run[1], start, end)
        if pair is None:
            return []
        found += pair
        found += _note_glosses(first[2] + second[2], pair[0].en, start, end)
    return found


def _runs(text: str) -> Optional[list[list]]:
    """The line as alternating runs [script, words, notes] of Korean ("K") and English
    ("L") words, an even number of them; None when it is not made of terms only."""
    runs: list[list] = []
    for token in _TOKEN.findall(text.replace("=", " = ")):
        if token[0] in "(（":
            if not runs:
                return None
            runs[-1][2].append(token[1:-1])
            continue
        script = _script(token)
        if script is None:
            return None
        if script in "=-≠":
            if not runs:
                return None
            runs[-1][1].append(script)
            continue
        if runs and runs[-1][0] == script and not runs[-1][2]:
            runs[-1][1].append(token)
        else:
            runs.append([script, [token], []])
    if len(runs) < 2 or len(runs) % 2 or any(a[0] == b[0] for a, b in zip(runs, runs[1:])):
        return None
    return runs


def _script(token: str) -> Optional[str]:
    if token in ("=", "≠"):
        return token
    if token in ("-", "–", "—", "→", "->"):
        return "-"
    if _TOKEN_KO.fullmatch(token) and sides.HANGUL_CHAR.search(token):
        return "K"
    if _TOKEN_EN.fullmatch(token) and sides.LATIN_CHAR.search(token):
        return "L"
    return None


def _pair(korean_words: list[str], english_words: list[str], start: int, end: int
          ) -> Optional[list[RawGloss]]:
    """One Korean run and one English run: "강대국 ≠ 약소국" against "Powerful nation ≠
    Weak nation" gives two pairs; "curb = restrain = rein in" is one gloss for its head."""
    korean_words = [w for w in korean_words if w != "-"]
    english_words = [w for w in english_words if w != "-"]
    while korean_words and korean_words[-1] == "=":  # "헛된 = futile"
        korean_words.pop()
    if korean_words.count("≠") or english_words.count("≠"):
        koreans = " ".join(korean_words).split("≠")
        englishes = " ".join(english_words).split("≠")
        if len(koreans) != len(englishes):
            return None
        found: list[RawGloss] = []
        for korean, english in zip(koreans, englishes):
            pair = _pair(korean.split(), english.split(), start, end)
            if pair is None:
                return None
            found += pair
        return found
    if "=" in korean_words:
        return None
    if korean_words and "/" in korean_words[-1] and len(english_words) == 1 and "/" in english_words[0]:
        # "애국심이 있다/없다 patriotic/unpatriotic": alternatives side by side
        koreans, englishes = korean_words[-1].split("/"), english_words[0].split("/")
        if len(koreans) != len(englishes):
            return None
        found = []
        for korean, english in zip(koreans, englishes):
            pair = _pair(korean_words[:-1] + [korean], [english], start, end)
            if pair is None:
                return None
            found += pair
        return found
    synonyms = [s for s in " ".join(english_words).split("=") if s.strip()]
    if not synonyms:
        return None
    english = sides.english_term(sides.clean_english(synonyms[0]))
    if english is None or any(sides.english_term(sides.clean_english(s)) is None for s in synonyms[1:]):
        return None
    koreans = sides.korean_terms(_clean_korean_list(" ".join(korean_words)))
    if not koreans:
        return None
    return [RawGloss(korean, english, "line", start, end) for korean in koreans]


# --- a Korean word in English running text --------------------------------------------------

_INLINE = re.compile(r"([%s][%s0-9'’\-]*) ([%s]+(?: [%s]+)?)(?=[ ,.;:!?)]|$)"
                     % (sides.LATIN, sides.LATIN, sides.HANGUL, sides.HANGUL))
_MIN_ENGLISH_WORDS = 5  # words of English on the line: running text, not a word list


def inline_glosses(line: str, start: int) -> Iterator[RawGloss]:
    """ "a hostile 적대적인 stance": the English word before a Korean one in English prose;
    "적대적인 hostile 태도를": the English words after a Korean one in Korean prose."""
    latin_words = sum(1 for word in line.split() if sides.LATIN_CHAR.match(word))
    hangul_words = sum(1 for word in line.split() if sides.HANGUL_CHAR.search(word))
    if hangul_words >= _MIN_ENGLISH_WORDS and latin_words * 3 <= hangul_words:
        yield from _english_in_korean(line, start)
        return
    if latin_words < _MIN_ENGLISH_WORDS or hangul_words * 3 > latin_words:
        return
    for match in _INLINE.finditer(line):
        english, korean = match.groups()
        if match.start() > 0 and not line[match.start() - 1].isspace():
            continue
        if english.lower() in sides.FUNCTION_WORDS or english.lower() in sides.NOT_A_TERM_START:
            continue
        following = line[match.end() : match.end() + 2]
        if following[:1] == " " and sides.HANGUL_CHAR.match(following[1:2] or " "):
            continue
        english_term = sides.english_term(english)
        if english_term and sides.is_korean_sense(korean):
            yield RawGloss(korean, english_term, "line", start + match.start(), start + match.end())


# Lower-case English words between two Korean words: a capital starts a name ("삼성
# Galaxy"), an abbreviation ("CNN, BBC 도") or a title, none of them a gloss.
_ENGLISH_IN_KOREAN = re.compile(r"(?:^|(?<=\s))([%s]+) ([a-z][a-z'’\-]*(?: [a-z][a-z'’\-]*){0,2}) (?=[%s])"
                                % (sides.HANGUL, sides.HANGUL))


def _english_in_korean(line: str, start: int) -> Iterator[RawGloss]:
    for match in _ENGLISH_IN_KOREAN.finditer(line):
        korean, english = match.groups()
        english_term = sides.english_term(english)
        if english_term and sides.is_korean_sense(korean):
            yield RawGloss(korean, english_term, "line", start + match.start(), start + match.end() - 1)
