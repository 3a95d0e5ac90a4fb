"""Glosses a text states itself: "△setback: 차질", "우루스(Urus)", "한반도 Korean Peninsula".

Editorials translated for learners end with a glossary, learners' blogs post word lists,
and news copy often puts the original term in parentheses.  These are the best glosses we
can get (the author chose them), so they are read by shape alone, before any alignment
guesswork.  The shapes (each module's docstring has the details):

  paren   gloss_parens.py: "확진자(confirmed case)", "confirmed case(확진자)",
          "억지력(抑止力, deterrence)", "(IAEA: International Atomic Energy Agency)"
  list    gloss_lines.py: "△setback: 차질", "ceasefire: 휴전" among other gloss lines
  line    gloss_lines.py: "futile = vain 헛된", "1. Martial law - 계엄령",
          "| 대북 지원 | aid to North Korea |", and here: a Korean line with its English
          on the next line ("2. 협상을 타결하다" ⏎ "To reach a deal")

The one rule under all of them: the two sides are in different scripts (Hangul against
Latin letters), and each side is a short term, not a clause (gloss_sides.py).  A line
with no marker ("한반도 Korean Peninsula", "propose: 제안하다") is a gloss only beside
another gloss line: alone, "Putin 푸틴" is a caption and "Source: 연합뉴스" a credit.

Decisions:
- An all-caps English side is kept: "타스(TASS)", "국제원자력기구(IAEA)" gloss a name or
  an abbreviation by its own spelling (curate.py puts a word's own English beside it).
- A gloss of several English words on a Korean predicate is a phrase gloss: its term is
  the phrase, with the predicate's arguments (korean.phrases.gloss_phrase), never the
  last word alone ("콧수염을 기르기(grow a mustache)" -> 콧수염을 기르다, not 기르다).
- A synonym chain ("curb = restrain = rein in 억제하다") glosses the Korean by its head.
- English senses are joined by "; " (as in Term.gloss); Korean alternatives
  ("setback: 차질, 좌절") become one gloss each.

Everything here is linear in the text's length: each "(", marker or line looks at a
bounded window around itself, and the regular expressions have no nested repetition.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Callable, Optional, Sequence

from vocab.analyse import gloss_lines as lines
from vocab.analyse import gloss_sides as sides
from vocab.analyse.gloss_parens import paren_glosses
from vocab.analyse.gloss_sides import RawGloss, english_term, korean_terms  # noqa: F401
from vocab.records import Document, Gloss

__all__ = ["RawGloss", "english_term", "korean_terms", "find_gloss_pairs", "extract_glosses"]

# A Korean line and an English line pair up as a gloss when numbered, or when the pairing
# repeats (a table read one cell a line).
_MAX_PAIR_LINE = 80


def find_gloss_pairs(text: str) -> list[RawGloss]:
    """Every gloss the text states, in order of position (no Korean analysis needed).

    >>> [(g.ko_raw, g.en) for g in find_gloss_pairs("동맹국(allied\\nnation)들은")]
    [('동맹국', 'allied nation')]
    """
    return _glosses_of_texts([text])[0]


def _glosses_of_texts(texts: Sequence[str], parens: bool = True) -> list[list[RawGloss]]:
    """The glosses of each text; the texts' lines, in order, are each other's neighbours
    (a document's paragraphs, or the lines of one text)."""
    found: list[list[RawGloss]] = [[] for _ in texts]
    # (text index, line start, line, sure glosses, bare glosses) of every non-blank line
    rows: list[tuple[int, int, str, list[RawGloss], list[RawGloss]]] = []
    if parens:
        for index, offset, gloss in _paren_glosses_across(texts):
            found[index].append(replace(gloss, start=gloss.start - offset, end=gloss.end - offset))
    for index, text in enumerate(texts):
        if not sides.LATIN_CHAR.search(text):
            # every gloss has an English side: most Korean paragraphs end here, but a
            # Korean line may still pair with an English line below it
            rows.extend((index, start, line, [], []) for start, line in _lines(text))
            continue
        if parens:
            found[index].extend(lines.list_glosses(text))
        for start, line in _lines(text):
            sure, bare = lines.line_glosses(line, start)
            if parens and not sure and not bare:
                sure = list(lines.inline_glosses(line, start))
            rows.append((index, start, line, sure, bare))
    is_gloss_line = [bool(sure or bare) for _, _, _, sure, bare in rows]
    for at, (index, _, _, sure, bare) in enumerate(rows):
        found[index].extend(sure)
        neighbours = is_gloss_line[max(0, at - 1) : at] + is_gloss_line[at + 1 : at + 2]
        if bare and any(neighbours):
            found[index].extend(bare)
    for index, gloss in _line_pairs(rows, is_gloss_line):
        found[index].append(gloss)
    for index, glosses in enumerate(found):
        # A stable sort: alternatives of one span ("차질, 좌절") stay in their written order.
        glosses.sort(key=lambda g: (g.start, g.end))
        found[index] = list(dict.fromkeys(glosses))
    return found


def _paren_glosses_across(texts: Sequence[str]):
    """(text index, its offset, gloss) of every paren gloss; a text ending inside an open
    parenthesis is read with the next ("유산(toxic" ⏎ "legacy)이"): pages wrapped at a
    fixed width come as one paragraph a line."""
    index = 0
    while index < len(texts):
        group, offsets = [texts[index]], [0]
        while index + len(group) < len(texts) and _ends_open(group[-1]):
            offsets.append(offsets[-1] + len(group[-1]) + 1)
            group.append(texts[index + len(group)])
        joined = "\n".join(group)
        if sides.LATIN_CHAR.search(joined):
            for gloss in paren_glosses(joined):
                part = bisect.bisect_right(offsets, gloss.start) - 1
                yield index + part, offsets[part], gloss
        index += len(group)


def _ends_open(text: str) -> bool:
    opened = max(text.rfind("("), text.rfind("（"))
    return opened >= 0 and opened > max(text.rfind(")"), text.rfind("）")) and len(text) - opened < 80


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        if line.strip():
            yield start, line
        start += len(line) + 1


def _line_pairs(rows, is_gloss_line) -> list[tuple[int, RawGloss]]:
    """A Korean line with its English on the next line, or the other way round:
    "2. 협상을 타결하다" ⏎ "To reach a deal"."""
    candidates: list[tuple[int, bool, int, RawGloss]] = []  # (row, numbered, text, gloss)
    for at in range(len(rows) - 1):
        if is_gloss_line[at] or is_gloss_line[at + 1]:
            continue
        (index, start, first, _, _), (_, next_start, second, _, _) = rows[at], rows[at + 1]
        if len(first) > _MAX_PAIR_LINE or len(second) > _MAX_PAIR_LINE:
            continue
        first_body, _, first_marked = lines.strip_marker(first)
        second_body, _, second_marked = lines.strip_marker(second)
        korean, english = _one_side_each(first_body, second_body)
        if korean is None:
            continue
        same_text = rows[at + 1][0] == index
        end = next_start + len(second) if same_text else start + len(first)
        for ko in korean:
            candidates.append((at, first_marked, index, RawGloss(ko, english, "line", start, end)))
    starts = {at for at, _, _, _ in candidates}
    accepted: list[tuple[int, RawGloss]] = []
    taken = -1  # the second line of the last pair taken: a line is in one pair at most
    for at, numbered, index, gloss in candidates:
        if at > taken and (numbered or at - 2 in starts or at + 2 in starts):
            accepted.append((index, gloss))
            taken = at + 1
        elif at == taken - 1:
            accepted.append((index, gloss))  # another Korean alternative of that pair
    return accepted


def _one_side_each(first: str, second: str) -> tuple[Optional[list[str]], str]:
    for ko_side, en_side in ((first, second), (second, first)):
        if sides.LATIN_CHAR.search(ko_side) or sides.HANGUL_CHAR.search(en_side):
            continue
        english = sides.english_term(sides.clean_english(en_side.rstrip(".")))
        koreans = sides.korean_terms(sides.clean_korean(ko_side.rstrip(".")))
        if english and koreans:
            return koreans, english
    return None, ""


def extract_glosses(
    doc: Document,
    lemmatise: Optional[Callable[[str], str]] = None,
    phrase: Optional[Callable[[str, str, str], str]] = None,
) -> list[Gloss]:
    """The document's stated glosses, Korean side lemmatised, each (ko, en) once.

    Lines judged page furniture are read too, for list and line glosses only: a
    glossary under an article is sometimes taken for a menu.  Their glosses come last,
    with paragraph -1.  Kiwi is loaded only when the document actually states a gloss.
    `phrase(before, ko, en)`: the term of a phrase gloss (korean.phrases.gloss_phrase).
    """
    if lemmatise is None:
        from vocab.korean.terms import lemmatise  # importing is cheap: Kiwi loads on the first call
        if phrase is None:
            from vocab.korean.phrases import gloss_phrase as phrase
    lemmas: dict[tuple[str, str, str], str] = {}
    seen: set[tuple[str, str]] = set()
    glosses: list[Gloss] = []
    texts = [paragraph.text for paragraph in doc.paragraphs]
    found = _glosses_of_texts(texts) + [
        found for found in _glosses_of_texts(list(doc.furniture), parens=False)
    ]
    numbers = [paragraph.index for paragraph in doc.paragraphs] + [-1] * len(doc.furniture)
    for number, raws in zip(numbers, found):
        for raw in raws:
            # the English matters only to a phrase gloss: each word is analysed once
            phrased = raw.form == "paren" and sides.content_words(raw.en) >= 2
            key = (raw.ko_raw, raw.before, raw.en if phrased else "")
            if key not in lemmas:
                lemmas[key] = _lemma(raw, lemmatise, phrase)
            ko = lemmas[key]
            if ko is None or (ko, raw.en) in seen:
                continue
            seen.add((ko, raw.en))
            glosses.append(Gloss(ko=ko, en=raw.en, source=doc.path, paragraph=number, form=raw.form))
    return glosses


def _lemma(raw: RawGloss, lemmatise: Callable[[str], str],
           phrase: Optional[Callable[[str, str, str], Optional[str]]]) -> Optional[str]:
    """The Korean side in dictionary form; None when it names no term ("전에")."""
    lemma: Optional[str] = ""
    if phrase is not None and raw.form == "paren" and sides.content_words(raw.en) >= 2:
        lemma = phrase(raw.before, raw.ko_raw, raw.en)
        if lemma is None:
            return None
    if not lemma and raw.form != "paren" and _written_as_headword(raw.ko_raw):
        return raw.ko_raw  # a glossary writes 대두되다, 흐름: no analysis can improve on them
    if not lemma:
        lemma = lemmatise(raw.ko_raw)
        if raw.ko_raw.endswith("다") and not lemma.endswith("다"):
            lemma += "이다"  # the copula the analysis dropped: 할 예정이었다 -> 할 예정이다
    # A lemmatiser that loses the Hangul (empty, odd analysis) is not trusted.
    return lemma if lemma and sides.HANGUL_CHAR.search(lemma) else raw.ko_raw


_JONG_N, _JONG_M, _JONG_SS = 4, 16, 20  # final consonants ㄴ, ㅁ, ㅆ in a Hangul syllable


def _final_consonant(syllable: str) -> int:
    code = ord(syllable) - 0xAC00
    return code % 28 if 0 <= code < 11172 else -1


def _written_as_headword(korean: str) -> bool:
    """A word list's own dictionary form: a verb in -다 that is not conjugated (대두되다,
    not 대두됐다 or 지지한다), or a noun made of a verb (흐름)."""
    last = korean.split(" ")[-1]
    if len(last) >= 2 and last.endswith("다"):
        return _final_consonant(last[-2]) not in (_JONG_N, _JONG_SS)
    return len(last) >= 2 and _final_consonant(last[-1]) == _JONG_M and last[-1] != "임"
