"""Scripts and widths of text: the one place each range of characters is written down.

Ranges are given as the inside of a regular expression's character class, so that a
module can build the pattern it needs (one character, a run, a run with digits)
from the same definition: f"[{HANGUL_SYLLABLES}]+".

Text on its way out of vocab (an Anki field, a JSON file, a terminal) is made safe here
too.  Inputs may carry characters that are harmless in a source but break what they are
written into: Anki separates a note's fields with U+001F, so one in a field shifts every
field after it and Anki refuses the whole package; NUL ends strings in C code; ESC
starts terminal escape sequences; bidi controls (U+202E …) reorder what the learner
sees; and a file name that was not UTF-8 arrives as lone surrogates, which no UTF-8
writer accepts.

>>> field_text("동맹\\x1f 同盟\\u202e\\x1b[31m")
'동맹 同盟[31m'
>>> unicode_text("news-\\udcff.txt")
'news-\\ufffd.txt'
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


# C0 controls but tab, line feed and carriage return; DEL; C1 controls; the bidi marks,
# embeddings, overrides and isolates (U+061C, U+200E-F, U+202A-E, U+2066-9); the BOM
# and the interlinear annotation controls; the two non-characters U+FFFE and U+FFFF.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\ufffe\uffff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")  # only ever alone in a Python str


def unicode_text(text: str) -> str:
    """`text` writable as UTF-8: each lone surrogate (a byte of a file name that was not
    UTF-8) becomes U+FFFD, the replacement character."""
    return _SURROGATES.sub("\ufffd", text)


def field_text(text: str) -> str:
    """`text` fit for an Anki field: no control characters, no bidi controls, valid UTF-8."""
    return _CONTROLS.sub("", unicode_text(text))
