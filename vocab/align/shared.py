"""The English of one Korean sentence when the alignment links several to one English.

A 2-1 link means one English "sentence" translates two Korean ones: either the English
really joins them (one sentence, two clauses), or the English splitter kept two
sentences together ("… with the U.S. Negotiations with North Korea formally ended …",
where "U.S." may end a sentence or not).  A card showing one Korean sentence should show
its own English, not its neighbour's as well (issue 15): so the English is cut where
a sentence may end, when the cut shares the English as the Korean sentences share their
length; otherwise each Korean sentence shows the whole English, saying it is shared.
"""

from __future__ import annotations

import re
from typing import Sequence

# Where an English sentence may end: final punctuation, closing quotes, space, then an
# opening quote or a capital; after an acronym too ("… with the U.S. Negotiations …" is
# the case in point), but not after a title or an initial ("Mr. Putin", "Joseph R. DeTrani").
_MAY_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\s[A-Z])"
                      r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z])")
# How far a cut's share of the English may be from the Korean sentences' share of their
# length.  Korean and English lengths are proportional to within about 10% for most
# sentences of the seeds (align/costs.py), so a cut further off is not where they meet.
MAX_SHARE_GAP = 0.12

WITH_NEXT = "(with the next sentence) "
WITH_PREVIOUS = "(with the previous sentence) "
WITH_BOTH = "(with the sentences around it) "


def shared_translation(english: str, korean: Sequence[str]) -> list[str]:
    """The English of each Korean sentence of a link that translates them all by `english`.

    >>> shared_translation("The irony is that it wanted ties with the U.S. Talks with it ended in 2009.",
    ...                    ["관계를 원했다는 점은 역설적이다.", "협상은 2009년에 끝났다."])
    ['The irony is that it wanted ties with the U.S.', 'Talks with it ended in 2009.']
    >>> shared_translation("Mr. Putin may attack Europe, having lamented the end of Russia.",
    ...                    ["푸틴은 유럽을 침략할지도 모른다.", "그는 러시아의 종말을 통탄했다."])[0]
    '(with the next sentence) Mr. Putin may attack Europe, having lamented the end of Russia.'
    """
    if len(korean) < 2:
        return [english] * len(korean)
    parts = _cut(english, [len(text) for text in korean])
    if parts is not None:
        return parts
    last = len(korean) - 1
    return [(WITH_NEXT if i == 0 else WITH_PREVIOUS if i == last else WITH_BOTH) + english
            for i in range(len(korean))]


def _cut(english: str, lengths: Sequence[int]) -> list[str] | None:
    """`english` cut into len(lengths) sentences sharing it as `lengths` share theirs."""
    ends = [match.end() for match in _MAY_END.finditer(english)]
    total, size = sum(lengths), len(english)
    if not ends or not total or not size:
        return None
    cuts = [0]
    reached = 0
    for length in lengths[:-1]:
        reached += length
        best = min(ends, key=lambda end: abs(end / size - reached / total))
        if best <= cuts[-1] or abs(best / size - reached / total) > MAX_SHARE_GAP:
            return None
        cuts.append(best)
    cuts.append(size)
    return [english[start:end].strip() for start, end in zip(cuts, cuts[1:])]
