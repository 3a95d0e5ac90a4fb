"""How common a term is in general Korean, how characteristic of this corpus, and its level.

General frequency comes from wordfreq's Korean list, whose entries are MeCab morphemes:
stems (체결, 먹, 하), not dictionary forms (체결하다, 먹다).  So a lemma is looked up as
a stem: -다 stripped (돕다 -> 돕), a noun+하다 verb or adjective by its noun (체결하다 ->
체결), an -스럽다/-롭다 adjective by its root, an -히 adverb by its root (긴밀히 -> 긴밀),
and an -적/-화 noun that is not listed by its root less DERIVED_PENALTY (MeCab cuts
획기적 into 획기+적, so the root's count includes it).  `zipf_frequency(w, "ko")` is
never called: it needs MeCab.  Phrases and most long compounds are not listed (None).

The formula (quoted by the README):

    expected  E = N * 10^(Z - 9)          N: corpus size in Kiwi morphemes (the count
                                          korean.analyse_counted returns), Z: the term's Zipf
                                          (Z = ABSENT_ZIPF = 2.5 when wordfreq lacks it)
    keyness   G = ±2 * (c * ln(c / E) - (c - E))     c: the term's count in the corpus
              (Dunning's log-likelihood against a reference corpus so large that it is
              Poisson; + when the term is more frequent here than in general Korean)
    score     S = sign(G) * ln(1 + |G|) + 2.0 * glossed + 1.0 * listed

The log squashes G, whose range runs from 0 to thousands, so the bonuses mean the same
at every scale: a term the text glosses itself ranks as if its keyness were about
e^2 = 7 times higher, a term on a curated list as if e = 2.7 times higher.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import math
from pathlib import Path
from typing import Optional

from vocab.records import Level

# Zipf bands (wordfreq's Korean list stops at Zipf 3.0):
#   beginner      Z >= 5.0   the ~1000 most common stems: 사람 6.29, 정부 5.47, 나라 5.49
#   intermediate  Z >= 4.2   about the next 3000: 돕다 4.72, 체결하다 4.63, 회담 4.38
#   advanced      below, or absent: 조약 4.08, 제재 3.99, 비핵화 3.34, 분수령 (absent)
# Political vocabulary clusters at 4.3-4.9 (핵 4.82, 협력 4.82, 강화 4.81, 위반 4.55),
# which is why beginner starts at 5.0 and not lower.
BEGINNER_ZIPF = 5.0
INTERMEDIATE_ZIPF = 4.2

# Reference Zipf for a term wordfreq does not list: below its cut-off of 3.0 (once per
# million morphemes), at 2.5 (once per 3 million): rare, not infinitely rare.  One
# occurrence of an unlisted term in a 10 000-morpheme corpus then gives G = 9.5, about
# what two occurrences of a Zipf-4 word give (8.2), and less than three (14.6).
ABSENT_ZIPF = 2.5

# An -적/-화 word looked up by its root is rarer than the root: count it 5 times rarer
# (0.7 Zipf), so 정치적 (정치 5.26) is intermediate and 공식화 (공식 5.16) not beginner.
DERIVED_PENALTY = 0.7

GLOSSED_BONUS = 2.0
LISTED_BONUS = 1.0

_ADJECTIVE_SUFFIXES = ("스럽", "롭", "답")


@functools.lru_cache(maxsize=1)
def _korean_frequencies() -> dict[str, float]:
    """wordfreq's get_frequency_dict("ko"), read from its data file without importing
    wordfreq: its import (langcodes with it) took 100-200 ms of a warm `vocab mine`, for a
    table read here in about 40 ms."""
    buckets = _korean_buckets()
    if buckets is None:  # a wordfreq laid out otherwise: ask it
        from wordfreq import get_frequency_dict

        return get_frequency_dict("ko")
    return {word: 10 ** (-index / 100) for index, bucket in enumerate(buckets) for word in bucket}


def _korean_buckets() -> Optional[list[list[str]]]:
    """The words of wordfreq's Korean list by frequency, None where its file is not found.

    The file is a gzipped msgpack "cBpack" (see wordfreq.read_cBpack): a header, then one
    list of words per centibel, the list at index i holding the words of frequency
    10 ** (-i / 100).  "best" is the large list where wordfreq ships one."""
    spec = importlib.util.find_spec("wordfreq")  # finds the package without importing it
    if not spec or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "data"
    for path in (folder / "large_ko.msgpack.gz", folder / "small_ko.msgpack.gz"):
        if path.is_file():
            import msgpack

            with gzip.open(path, "rb") as packed:
                header, *buckets = msgpack.load(packed, raw=False)
            if isinstance(header, dict) and header.get("format") == "cB" and header.get("version") == 1:
                return buckets
            return None
    return None


def zipf(lemma: str, pos: str) -> Optional[float]:
    """wordfreq Zipf (log10 of frequency per billion) of a lemma; None when not listed."""
    frequencies = _korean_frequencies()
    for stem, penalty in _stems(lemma, pos):
        frequency = frequencies.get(stem)
        if frequency:
            return round(math.log10(frequency) + 9 - penalty, 2)
    return None


def _stems(lemma: str, pos: str) -> list[tuple[str, float]]:
    """The keys to try, most specific first, with the Zipf to subtract for each."""
    if " " in lemma:
        return []  # a phrase: wordfreq lists single morphemes only
    if pos in ("verb", "adjective") and lemma.endswith("다") and len(lemma) > 1:
        stem = lemma[:-1]
        keys = [(stem, 0.0)]
        if stem.endswith("하") and len(stem) > 1:
            keys += _noun_keys(stem[:-1])  # 체결하 -> 체결, 무력화하 -> 무력화, 무력
        for suffix in _ADJECTIVE_SUFFIXES:
            if stem.endswith(suffix) and len(stem) > len(suffix):
                keys.append((stem[: -len(suffix)], 0.0))  # 사랑스럽 -> 사랑
        return keys
    if pos == "adverb" and lemma.endswith("히") and len(lemma) > 2:
        return [(lemma, 0.0), (lemma[:-1], 0.0)]  # 긴밀히 -> 긴밀
    if pos == "noun":
        return _noun_keys(lemma)
    return [(lemma, 0.0)]


def _noun_keys(noun: str) -> list[tuple[str, float]]:
    if len(noun) > 2 and noun[-1] in "적화":
        return [(noun, 0.0), (noun[:-1], DERIVED_PENALTY)]  # 획기적 -> 획기, 무력화 -> 무력
    return [(noun, 0.0)]


def level_for(zipf: Optional[float]) -> Level:
    """Level from general frequency (bands above); a term wordfreq lacks is advanced."""
    if zipf is None:
        return "advanced"
    if zipf >= BEGINNER_ZIPF:
        return "beginner"
    if zipf >= INTERMEDIATE_ZIPF:
        return "intermediate"
    return "advanced"


def keyness(count: int, corpus_tokens: int, zipf: Optional[float]) -> float:
    """Signed log-likelihood G² of `count` in a corpus of `corpus_tokens` morphemes against
    general Korean (see the module docstring); 0 for an empty corpus."""
    if corpus_tokens <= 0:
        return 0.0
    reference = ABSENT_ZIPF if zipf is None else zipf
    expected = corpus_tokens * 10 ** (reference - 9)
    if count <= 0:
        return -2.0 * expected
    g2 = 2.0 * (count * math.log(count / expected) - (count - expected))
    return g2 if count >= expected else -g2


def score(keyness: float, glossed: bool, listed: bool) -> float:
    """Rank of a term: squashed keyness plus bonuses for a gloss in the text and a list."""
    squashed = math.copysign(math.log1p(abs(keyness)), keyness)
    return squashed + GLOSSED_BONUS * glossed + LISTED_BONUS * listed
