"""Korean analysis: the only module that imports kiwipiepy.

Kiwi takes about a second and a few hundred MB to load, so it is built lazily, once per
process, and only when a document actually needs analysing (`vocab --help`, `vocab check`
and cached rebuilds never load it).
"""

from __future__ import annotations

import functools
from typing import Sequence

# How many times a Kiwi object was constructed in this process: tests assert on it
# (an unchanged rebuild must construct none).
KIWI_CONSTRUCTIONS = 0


@functools.lru_cache(maxsize=1)
def get_kiwi():
    global KIWI_CONSTRUCTIONS
    from kiwipiepy import Kiwi

    KIWI_CONSTRUCTIONS += 1
    return Kiwi()


def split_sentences(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """Sentence spans (start, end offsets) for each Korean text, by Kiwi's splitter."""
    kiwi = get_kiwi()
    return [[(s.start, s.end) for s in kiwi.split_into_sents(text)] for text in texts]
