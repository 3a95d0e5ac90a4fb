"""vocab/text.py: the ranges of the scripts, and how wide text stands in a terminal."""

from __future__ import annotations

import re

from vocab.text import HANGUL_JAMO, HANGUL_SYLLABLES, HANGUL_WORD, LATIN_LETTERS, display_width


def test_hangul_syllables_run_from_ga_to_hih():
    syllables = re.compile(f"[{HANGUL_SYLLABLES}]")
    assert syllables.fullmatch("가") and syllables.fullmatch("힣")
    assert not syllables.search("ㄱㅏ") and re.fullmatch(f"[{HANGUL_JAMO}]+", "ㄱㅏ")
    assert HANGUL_WORD.findall("북한은 TASS에 7월") == ["북한은", "에", "월"]


def test_latin_letters_are_accented_too_but_not_signs():
    letters = re.compile(f"[{LATIN_LETTERS}]+")
    assert letters.fullmatch("Ça") and letters.fullmatch("Łódź")
    assert not letters.search("×÷ 1")


def test_wide_characters_take_two_cells_and_combining_marks_none():
    assert display_width("북한 US") == 7
    assert display_width("ｗ") == 2  # a full-width form
    assert display_width("e\u0301") == 1  # e and a combining acute accent
