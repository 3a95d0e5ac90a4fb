"""Zipf look-ups in wordfreq's Korean stems, level bands, keyness and the final score."""

from __future__ import annotations

import math

import pytest

from vocab.mine.scoring import (
    ABSENT_ZIPF,
    BEGINNER_ZIPF,
    INTERMEDIATE_ZIPF,
    keyness,
    level_for,
    score,
    zipf,
)


@pytest.mark.parametrize(
    "lemma, pos, expected",
    [
        ("사람", "noun", 6.29),
        ("정부", "noun", 5.47),
        ("제재", "noun", 3.99),
        ("비핵화", "noun", 3.34),
        ("체결하다", "verb", 4.63),  # looked up by its noun: wordfreq holds 체결, not 체결하
        ("돕다", "verb", 4.72),  # -다 stripped: 돕
        ("새롭다", "adjective", 4.39),
        ("필요하다", "adjective", 5.75),  # 필요
        ("긴밀히", "adverb", 3.52),  # by its root 긴밀
        ("끊임없이", "adverb", 4.05),  # listed whole
        ("무력화하다", "verb", 3.49),  # 무력화 unlisted: root 무력 4.19, less 0.7
        ("정치적", "noun", 4.56),  # 정치 5.26, less 0.7
        ("바다", "noun", 5.0),  # a noun ending in 다 is not stripped
        ("푸틴", "name", 3.52),
    ],
)
def test_zipf_lookups(lemma, pos, expected):
    assert zipf(lemma, pos) == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize(
    "lemma, pos",
    [
        ("분수령", "noun"),
        ("상호방위조약", "noun"),  # long compounds are not in wordfreq
        ("모험적 행보", "noun"),  # phrases never are
        ("", "noun"),
    ],
)
def test_absent_terms_have_no_zipf(lemma, pos):
    assert zipf(lemma, pos) is None


@pytest.mark.parametrize(
    "lemma, pos, level",
    [
        ("사람", "noun", "beginner"),
        ("정부", "noun", "beginner"),
        ("나라", "noun", "beginner"),
        ("체결하다", "verb", "intermediate"),
        ("회담", "noun", "intermediate"),
        ("제재", "noun", "advanced"),
        ("비핵화", "noun", "advanced"),
        ("분수령", "noun", "advanced"),
        ("상호방위조약", "noun", "advanced"),
    ],
)
def test_levels_of_seed_words(lemma, pos, level):
    assert level_for(zipf(lemma, pos)) == level


@pytest.mark.parametrize(
    "value, level",
    [
        (None, "advanced"),
        (7.0, "beginner"),
        (BEGINNER_ZIPF, "beginner"),
        (BEGINNER_ZIPF - 0.01, "intermediate"),
        (INTERMEDIATE_ZIPF, "intermediate"),
        (INTERMEDIATE_ZIPF - 0.01, "advanced"),
        (3.0, "advanced"),
    ],
)
def test_level_bands(value, level):
    assert level_for(value) == level


@pytest.mark.parametrize("reference", [None, 3.0, 4.5, 6.3])
def test_keyness_grows_with_count(reference):
    values = [keyness(count, 20_000, reference) for count in range(0, 60)]
    assert all(a < b for a, b in zip(values, values[1:]))


def test_keyness_sign_says_over_or_under_use():
    # 20 000 morphemes: 사람 (6.29) is expected ~39 times
    assert keyness(100, 20_000, 6.29) > 0
    assert keyness(5, 20_000, 6.29) < 0
    assert keyness(3, 20_000, 3.99) > 0


def test_keyness_prefers_rarer_words_at_equal_count():
    counts = [keyness(5, 20_000, z) for z in (6.0, 5.0, 4.0, 3.0, None)]
    assert counts == sorted(counts)


def test_absent_word_uses_the_floor():
    assert keyness(2, 10_000, None) == keyness(2, 10_000, ABSENT_ZIPF)
    assert math.isfinite(keyness(1, 10_000, None))
    # one unlisted occurrence in 10 000 morphemes weighs about two of a Zipf-4 word
    assert keyness(2, 10_000, 4.0) < keyness(1, 10_000, None) < keyness(3, 10_000, 4.0)


def test_keyness_dunning_value():
    # c = 10, E = 20 000 * 10^(4 - 9) = 0.2: G = 2 (10 ln 50 - 9.8)
    assert keyness(10, 20_000, 4.0) == pytest.approx(2 * (10 * math.log(50) - 9.8))


def test_empty_corpus():
    assert keyness(0, 0, None) == 0.0
    assert keyness(3, 0, 4.0) == 0.0


@pytest.mark.parametrize("base", [-50.0, -1.0, 0.0, 3.0, 40.0, 900.0])
def test_score_boosts(base):
    plain = score(base, glossed=False, listed=False)
    listed = score(base, glossed=False, listed=True)
    glossed = score(base, glossed=True, listed=False)
    both = score(base, glossed=True, listed=True)
    assert plain < listed < glossed < both
    assert glossed - plain == pytest.approx(2.0)
    assert listed - plain == pytest.approx(1.0)


def test_score_is_monotone_in_keyness():
    values = [score(k, False, False) for k in (-100, -5, 0, 5, 100, 1000)]
    assert values == sorted(values) and len(set(values)) == len(values)
    assert score(0.0, False, False) == 0.0


def test_korean_frequencies_are_wordfreqs_own_read_without_importing_it():
    """The table is read from wordfreq's data file (its import is slow); it must be the
    very table wordfreq gives."""
    import subprocess
    import sys

    code = ("import sys; from vocab.mine import scoring; table = scoring._korean_frequencies(); "
            "print('wordfreq' in sys.modules, len(table))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[0] == "False"
    from wordfreq import get_frequency_dict

    from vocab.mine import scoring

    assert scoring._korean_frequencies() == get_frequency_dict("ko")
