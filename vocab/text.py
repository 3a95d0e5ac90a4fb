"""Scripts and widths of text: the one place each range of characters is written down.

Ranges are given as the inside of a regular expression's character class, so that a
module can build the pattern it needs (one character, a run, a run with digits)
from the same definition: f"[{HANGUL_SYLLABLES}]+".
"""

from __future__ import annotations

import re
import unicodedata

# Precomposed Hangul syllables, 가 to 힣: what Korean words are written in (lone jamo
# are not words).
HANGUL_SYLLABLES = "\uac00-\ud7a3"
# Hangul letters on their own: conjoining jamo, and the compatibility jamo (ㄱ, ㅏ) that
# people type alone.
HANGUL_JAMO = "\u1100-\u11ff\u3131-\u318e"
# Letters of the Latin alphabet: ASCII, Latin-1 (but × and ÷), Latin Extended-A and -B.
LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"

# A run of Hangul syllables: a Korean word, or words written together.
HANGUL_WORD = re.compile(f"[{HANGUL_SYLLABLES}]+")


def char_width(char: str) -> int:
    """Terminal cells of a character: Hangul and other wide characters take two,
    combining marks none."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal cells of a line of text (see char_width)."""
    return sum(map(char_width, text))
