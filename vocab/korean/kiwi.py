"""Kiwi itself: the only module that imports kiwipiepy.

Kiwi takes about a second and a few hundred MB to load, so it is built lazily, once per
process, and only when a document actually needs analysing (`vocab --help`, `vocab check`
and cached rebuilds never load it).  What its morphemes mean for a learner is decided in
terms.py; sentences.py runs texts through it.
"""

from __future__ import annotations

import functools
from itertools import islice
from typing import Iterable, Iterator, Sequence

# How many times a Kiwi object was constructed in this process: tests assert on it
# (an unchanged rebuild must construct none).
KIWI_CONSTRUCTIONS = 0


@functools.lru_cache(maxsize=1)
def get_kiwi():
    global KIWI_CONSTRUCTIONS
    from kiwipiepy import Kiwi

    KIWI_CONSTRUCTIONS += 1
    return Kiwi()



def match_options() -> int:
    """Kiwi's joining options: the noun prefix and the adjective/adverb suffixes are joined
    by Kiwi; noun suffixes (to drop 들 and keep names apart) and verb suffixes (to make
    one verb of a run of nouns: 시험발사했다) are joined here, which is why JOIN_AFFIX as a
    whole is not used."""
    from kiwipiepy import Match

    return int(Match.ALL | Match.JOIN_NOUN_PREFIX | Match.JOIN_ADJ_SUFFIX | Match.JOIN_ADV_SUFFIX)


def analyses_of(texts: Iterable[str]) -> Iterator[list]:
    """Kiwi's tokens of each text, in order, with the options split_sentences uses.

    `texts` may be a generator that reads documents as Kiwi asks for more: kiwipiepy
    keeps a few dozen texts queued on its worker threads and takes the next one each
    time an answer is fetched, so Kiwi works while the caller handles earlier answers.
    """
    return get_kiwi().tokenize(texts, match_options=match_options())


# Kiwi's answers are read a batch of texts at a time: read one by one as they come, in
# turn with kiwipiepy building the next one, terms took a quarter more CPU (colder caches).
# A batch is bounded in characters, so that a huge document's tokens are never all in
# memory at once (a Kiwi token is a Python object of its own).
BATCH_CHARS = 20_000


def in_batches(texts: Sequence[str], analyses: Iterable) -> Iterator:
    """Kiwi's answers for `texts`, as they come from `analyses`, fetched in batches."""
    analyses = iter(analyses)
    first = 0
    while first < len(texts):
        stop, size = first, 0
        while stop < len(texts) and (stop == first or size + len(texts[stop]) <= BATCH_CHARS):
            size += len(texts[stop])
            stop += 1
        yield from list(islice(analyses, stop - first))
        first = stop


