"""Choosing the example sentences shown with a term.

A good example is a whole sentence a learner can read at once: 15-90 characters, ending
like a sentence (…다. / …요? / 「…다」), not a headline fragment or a photo caption, with
an English translation when the document has one, and each of a term's examples from a
different sentence (and, when possible, a different source).

None is longer than MAX_CHARS (120) when any candidate is not: a longer sentence is cut
to the quotation or the clauses around the term (clauses.py) and competes as that part.
A teaser cut off by its page (…다가…, …했는데..) and a sentence that starts inside a
parenthesis (the second line of a gloss wrapped at a fixed width: "legacy)이 푸틴을 …")
are never examples.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Optional

from vocab.mine.clauses import MAX_CHARS, cut_example
from vocab.records import Example
from vocab.text import HANGUL_SYLLABLES

# Length (characters of the stripped sentence) -> quality:
#   < MIN_CHARS                 0: a label or a fragment, never an example
#   MIN_CHARS .. COMFORT_MIN    0.5 rising to 1.0
#   COMFORT_MIN .. IDEAL_MAX    1.0
#   IDEAL_MAX .. COMFORT_MAX    1.0 falling gently to LONG_START: still fine, but of two
#                               good sentences the shorter reads faster
#   > COMFORT_MAX               LONG_START / (1 + excess / LONG_HALVING): 150 chars ->
#                               0.43, 210 -> 0.28; penalised progressively, never rejected
MIN_CHARS = 8
COMFORT_MIN = 15
IDEAL_MAX = 60
COMFORT_MAX = 90
LONG_START = 0.85
LONG_HALVING = 60

TRANSLATION_FACTOR = 1.5  # a translated example beats a slightly better untranslated one
CAPTION_FACTOR = 0.3  # photo credits and captions read like sentences but are not prose
LATIN_FACTOR = 0.5  # mostly Latin-script: an English sentence or a tag line
CUT_FACTOR = 0.9  # a part of a sentence: a whole one of the same length reads better
REPEAT_SOURCE_FACTOR = 0.8  # a second example from a source already used

# Closing quotes and brackets that may follow a sentence's end.
_TRAILING = "\"'”’」』)]》〉 \t"
# Korean sentence-final syllables (…다, …요, …까, …죠, …니다 is covered by 다) and
# punctuation.
_FINAL_CHARS = set("다요까죠.!?。")
# A teaser: a sentence its page cut off, ending in an ellipsis ("…", "..", "...").
_TEASER_END = re.compile(r"(?:…|\.\.)[\s\"'”’」』)\]]*$")
# A closing parenthesis before any opening one: the sentence starts inside a gloss
# ("legacy)이 푸틴을 …"), unless it is a list marker ("1) ", "가) ").
_CLOSES_FIRST = re.compile(r"^[^()]*\)")
_LIST_MARKER = re.compile(r"^\W*\w{1,2}\)\s")
_CAPTION_MARKERS = re.compile(
    r"\((?:오른쪽|왼쪽|가운데|사진)\)|사진\s*=|게티\s*이미지|/AFP|/로이터|/연합뉴스|연합뉴스 자료사진|ⓒ|©"
)
_MID_ELLIPSIS = re.compile(r"(?:…|\.\.\.)(?=\s*\S)")  # headline style: 공식화…김정은
_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}]")
_LATIN = re.compile(r"[A-Za-z]")
_SPACES = re.compile(r"\s+")


def sentence_quality(text: str, start: int, end: int, has_translation: bool) -> float:
    """How good `text` is as an example of the term at text[start:end]: 0 (unusable) up."""
    return _quality(_judge(text)[0], text, start, end, has_translation)


def _quality(text_quality: float, text: str, start: int, end: int, has_translation: bool) -> float:
    if not (0 <= start < end <= len(text)):
        return 0.0
    return text_quality * TRANSLATION_FACTOR if has_translation else text_quality


def _judge(text: str) -> tuple[float, str]:
    """What sentence_quality says of the text alone, and the text as compared for
    sameness (spacing aside)."""
    body = text.strip()
    same = _SPACES.sub(" ", body)
    length = len(body)
    if length < MIN_CHARS:
        return 0.0, same
    if not _ends_like_sentence(body) or _MID_ELLIPSIS.search(body) or _TEASER_END.search(body):
        return 0.0, same  # a headline, a title, a teaser or a cut-off fragment
    if ")" in body and _CLOSES_FIRST.match(body) and not _LIST_MARKER.match(body):
        return 0.0, same  # the rest of a gloss wrapped onto this line
    return _text_quality(body, length), same


def _text_quality(body: str, length: int) -> float:
    """The quality of a readable text of `length` characters (see the table above)."""
    if length < COMFORT_MIN:
        quality = 0.5 + 0.5 * (length - MIN_CHARS) / (COMFORT_MIN - MIN_CHARS)
    elif length <= IDEAL_MAX:
        quality = 1.0
    elif length <= COMFORT_MAX:
        quality = 1.0 - (1.0 - LONG_START) * (length - IDEAL_MAX) / (COMFORT_MAX - IDEAL_MAX)
    else:
        quality = LONG_START / (1.0 + (length - COMFORT_MAX) / LONG_HALVING)
    if _CAPTION_MARKERS.search(body):
        quality *= CAPTION_FACTOR
    if len(_LATIN.findall(body)) > len(_HANGUL.findall(body)):
        quality *= LATIN_FACTOR
    return quality


def _ends_like_sentence(body: str) -> bool:
    stripped = body.rstrip(_TRAILING)
    return bool(stripped) and stripped[-1] in _FINAL_CHARS


def choose_examples(
    candidates: Iterable[Example],
    limit: int = 3,
    judged: Optional[dict] = None,
) -> list[Example]:
    """Up to `limit` examples, best first: distinct sentences, sources varied.

    Greedy: each pick is the best remaining candidate, a source already used counting
    REPEAT_SOURCE_FACTOR less.  Ties go by text, then source, then position, so the same
    candidates (in any order) always give the same examples.  A sentence over MAX_CHARS
    competes as its cut part (clauses.cut_example) when it has one, and when any
    candidate is at most MAX_CHARS long, the longer ones are left out.

    `judged` remembers sentences already judged: a run choosing for all its terms passes
    the same dict each time, since a sentence is a candidate for each of its ~10 terms.
    """
    if judged is None:
        judged = {}
    # same sentence -> (its rank, quality, example): the best candidate of each sentence
    best_by_text: dict[str, tuple[tuple, float, Example]] = {}
    for example in candidates:
        text = example.text
        facts = judged.get(text)
        if facts is None:
            facts = judged[text] = _judge(text)
        text_quality, key = facts
        quality = _quality(text_quality, text, example.start, example.end, bool(example.translation))
        if quality <= 0:
            continue
        if len(text) > MAX_CHARS and len(text.strip()) > MAX_CHARS:
            example, quality = _cut(example, quality, judged)
        rank = _rank(quality, example)
        held = best_by_text.get(key)
        if held is None or rank < held[0]:
            best_by_text[key] = (rank, quality, example)

    pool = sorted(best_by_text.values(), key=lambda ranked: ranked[0])
    if any(len(example.text.strip()) <= MAX_CHARS for _, _, example in pool):
        pool = [ranked for ranked in pool if len(ranked[2].text.strip()) <= MAX_CHARS]
    chosen: list[Example] = []
    used_sources: set[str] = set()

    def current_rank(index: int) -> tuple:
        rank, quality, example = pool[index]
        if example.source in used_sources:
            return _rank(quality * REPEAT_SOURCE_FACTOR, example)
        return rank

    while pool and len(chosen) < limit:
        _, _, example = pool.pop(min(range(len(pool)), key=current_rank))
        chosen.append(example)
        used_sources.add(example.source)
    return chosen


def _cut(example: Example, quality: float, judged: dict) -> tuple[Example, float]:
    """The part of a long sentence that stands for it, and its quality; the sentence
    itself when it cannot be cut.  Cuts are remembered in `judged` by sentence, span and
    translation (the source may differ: the same sentence in two documents)."""
    key = (example.text, example.start, example.end, example.translation)
    if key not in judged:
        part = cut_example(example)
        if part is None:
            judged[key] = None
        else:
            body = part.text.strip()
            part_quality = CUT_FACTOR * _text_quality(body, len(body))
            judged[key] = (part, _quality(part_quality, part.text, part.start, part.end,
                                          bool(part.translation)))
    remembered = judged[key]
    if remembered is None:
        return example, quality
    part, part_quality = remembered
    return (part if part.source == example.source else replace(part, source=example.source)), part_quality


def _rank(quality: float, example: Example) -> tuple:
    """Sort key: best quality first, then text, source, span, translation."""
    return (
        -round(quality, 9),  # rounding keeps float noise from breaking ties
        example.text,
        example.source,
        example.start,
        example.end,
        example.translation or "",
    )
