"""Cutting a long sentence down to the part around a term.

News sentences run long because they report speech: `X는 "…"며 "…"고 밝혔다.`  A card
shows at most MAX_CHARS characters of Korean (issue 15), so a longer sentence is cut:

1. when the term is inside a quotation that is short enough and ends like a sentence,
   the quotation is the example: it is a whole utterance, and its English is the
   matching quotation of the translation when both sides quote as often;
2. otherwise the sentence (or the too-long quotation) is cut at clause boundaries (a
   comma, a connective ending such as -며, -면서, -지만, -는데, or the end of a quotation
   and its 라며/고) around the term, as many clauses as fit, the cut sides marked with
   "…".

No English fits a part of a sentence: a cut without its own English shows the whole
sentence's, saying so (WHOLE_SENTENCE), as a shared translation does (align/shared.py).

A sentence with no boundary close enough to the term is not cut (None).
"""

from __future__ import annotations

import re
from typing import Optional

from vocab.records import Example

MAX_CHARS = 120
ELLIPSIS = "…"
WHOLE_SENTENCE = "(the whole sentence) "

# Straight and curly double quotes, paired in order of appearance: the seeds close a
# “ with " and open with ” as often as not, so which is which is not trusted.
_QUOTE = re.compile(r"[\"“”]")
# Where one clause ends and the next begins: after a comma, after a connective ending,
# after a quotation and the ending that reports it ("…"며, "…"라고, "…"이라며).  -고 alone
# is left out: it also makes "하고 있다", which must not be cut.
_BOUNDARY = re.compile(
    r"(?:,|(?<=[가-힣])(?:며|면서|지만|는데|으나|으며|는가 하면)|[\"“”’](?:이?라며|이?라고|며|고))\s+"
)
_FINAL = set("다요까죠.!?")
_TRAILING = "\"'”’」』)] \t"


def cut_example(example: Example) -> Optional[Example]:
    """`example` cut to at most MAX_CHARS characters around its term, or None.

    >>> long = ('그는 "이는 조선반도에서 평화와 안전을 파기하는 것"이라며 "우리 두 나라는 '
    ...         '보다 더 정의롭고 민주적인 다극화 세계질서를 세우기 위해 노력하고 있다. 그 질서는 '
    ...         '국제법과 다극적인 체계에 기초해야 한다"고 강조했다.')
    >>> at = long.index("다극화")
    >>> cut_example(Example(long, at, at + 3, "a.txt")).text
    '우리 두 나라는 보다 더 정의롭고 민주적인 다극화 세계질서를 세우기 위해 노력하고 있다. 그 질서는 국제법과 다극적인 체계에 기초해야 한다'
    """
    text, start, end = example.text, example.start, example.end
    quotes = _quotations(text)
    for number, (open_at, close_at) in enumerate(quotes):
        if open_at < start and end <= close_at:
            inner_start, inner_end = _strip_span(text, open_at + 1, close_at)
            if inner_end - inner_start <= MAX_CHARS:
                if not _ends_like_sentence(text[inner_start:inner_end]):
                    break  # a quoted phrase, not an utterance: cut at clauses instead
                english = _quotation(example.translation, number, len(quotes),
                                     inner_end - inner_start)
                return _part(example, inner_start, inner_end, english or _whole(example.translation))
            return _clauses(example, inner_start, inner_end, ())
    return _clauses(example, 0, len(text), quotes)


def _clauses(example: Example, low: int, high: int, quotes) -> Optional[Example]:
    """As many clauses of text[low:high] around the term as fit, or None."""
    text = example.text
    cuts = [low]
    for match in _BOUNDARY.finditer(text, low, high):
        at = match.end()
        if at < high and not any(a < match.start() < b for a, b in quotes):
            cuts.append(at)
    cuts.append(high)
    # The clause holding the term's start, then whole clauses added, the next one first
    # (the sentence's end is what makes it read as one), the one before otherwise.
    first = max(i for i, cut in enumerate(cuts[:-1]) if cut <= example.start)
    last = first + 1
    while last < len(cuts) - 1 and cuts[last] < example.end:
        last += 1  # a term across a boundary keeps both clauses
    if _length(text, cuts[first], cuts[last]) > MAX_CHARS:
        return None
    while True:
        if last < len(cuts) - 1 and _length(text, cuts[first], cuts[last + 1]) <= MAX_CHARS:
            last += 1
        elif first > 0 and _length(text, cuts[first - 1], cuts[last]) <= MAX_CHARS:
            first -= 1
        else:
            break
    part_start, part_end = _strip_span(text, cuts[first], cuts[last])
    while part_end > part_start and text[part_end - 1] == ",":
        part_end -= 1
    if (part_start, part_end) == _strip_span(text, 0, len(text)):
        return None  # nothing cut: the sentence was short enough
    return _part(example, part_start, part_end, _whole(example.translation), (low, high))


def _part(example: Example, start: int, end: int, translation: Optional[str],
          within: Optional[tuple[int, int]] = None) -> Example:
    """text[start:end] as the example; when it is a part of the range `within` (the
    sentence, or a quotation), "…" marks each side where some of that range was left out."""
    text = example.text
    before = after = ""
    if within is not None:
        before = ELLIPSIS + " " if text[within[0]:start].strip() else ""
        after = " " + ELLIPSIS if text[end:within[1]].strip(_TRAILING + ".") else ""
    shift = len(before) - start
    return Example(before + text[start:end] + after, example.start + shift,
                   example.end + shift, example.source, translation)


def _whole(english: Optional[str]) -> Optional[str]:
    return WHOLE_SENTENCE + english if english else None


def _quotations(text: str) -> tuple[tuple[int, int], ...]:
    """(opening, closing) offsets of each pair of double quotes, in order."""
    marks = [m.start() for m in _QUOTE.finditer(text)]
    return tuple(zip(marks[0::2], marks[1::2]))


# English takes about twice the characters of the Korean it translates (2.1 on the
# seeds' quotations); a matching quotation far shorter than the Korean one is a sign
# that the translator quoted differently (two quotations merged, one added).
MIN_ENGLISH_RATIO = 1.2


def _quotation(english: Optional[str], number: int, count: int, korean_length: int) -> Optional[str]:
    """The `number`th of `count` quotations of the English, when it has as many and
    that one is long enough to be the translation of the Korean one."""
    if not english:
        return None
    quotes = _quotations(english)
    if len(quotes) != count:
        return None
    start, end = _strip_span(english, quotes[number][0] + 1, quotes[number][1])
    quoted = english[start:end].rstrip(",")
    return quoted if len(quoted) >= MIN_ENGLISH_RATIO * korean_length else None


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _length(text: str, start: int, end: int) -> int:
    start, end = _strip_span(text, start, end)
    return end - start


def _ends_like_sentence(text: str) -> bool:
    stripped = text.rstrip(_TRAILING)
    return bool(stripped) and stripped[-1] in _FINAL
