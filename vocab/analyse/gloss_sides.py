"""The two sides of a stated gloss: is this a short English term, a short Korean one?

Every shape of gloss (glosses.py) comes down to the same test: one side in Latin letters,
the other in Hangul, each a term and not a clause.  What is a term, and how each side is
cleaned of what pages write around it (tildes, hanja, acronyms, synonyms), lives here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from vocab.text import HANGUL_SYLLABLES, LATIN_LETTERS

HANGUL = HANGUL_SYLLABLES  # lone jamo are not words
LATIN = LATIN_LETTERS + "\u1e00-\u1eff"  # and Latin Extended Additional (Vietnamese)
HANJA = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Bounds on what a gloss can look like; they keep every look-around window small.
MAX_EN_WORDS = 7  # "former special envoy for negotiations with North Korea" is a byline
MAX_KO_WORDS = 4  # "모험적 행보", "대북 6자회담 미국 특사" is already a description
MAX_SENSES = 3  # "setback, hitch, snag"

SPACES = " \u00a0\u3000\t"
HANGUL_CHAR = re.compile(r"[%s]" % HANGUL)
LATIN_CHAR = re.compile(r"[%s]" % LATIN)
HANJA_CHAR = re.compile(r"[%s]" % HANJA)
_EN_ALT = re.compile(r"[%s0-9'’.\- ]+" % LATIN)
_KO_ALT = re.compile(r"[%s0-9 ]+" % HANGUL)
_SENSE_SPLIT = re.compile(r"\s*[,;/]\s*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.\-]{1,9}")
# What pages write around a side that is not part of it: "usher in~", "~할 예정이다",
# "~을/를 지휘하다" (a particle the learner adds), "to put sth to a vote".
_TILDE = "~∼〜"
_PARTICLES = frozenset(
    "에 에게 에서 을 를 이 가 은 는 의 와 과 로 으로 와/과 을/를 이/가 은/는 에게서 한테 께".split()
)

# Words an English term never starts with: "(and still wants)", "(see below)".
NOT_A_TERM_START = frozenset(
    "and or but nor so then if when while because although though which who whom whose "
    "that than was were is are also still not see cf etc e.g i.e eg ie".split()
)
# Words that carry no meaning of their own when counting an English gloss's words.
FUNCTION_WORDS = frozenset(
    "a an the of in on at to for by with from and or as is are was were be been its his "
    "her their our your my this that these those one's sb sth it".split()
)


@dataclass(frozen=True)
class RawGloss:
    """A gloss as written: the Korean side not yet lemmatised; start/end span it in the text.

    `before`: the Korean words written just before `ko_raw` on its line (a paren gloss
    only), from which a phrase gloss takes its arguments (콧수염을 in 콧수염을 기르기(grow
    a mustache)).
    """

    ko_raw: str
    en: str
    form: str  # "list" | "paren" | "line"
    start: int
    end: int
    before: str = ""


def english_term(text: str, any_start: bool = False) -> Optional[str]:
    """The English senses of `text` joined by "; ", or None if it is not a short term.
    `any_start`: a glossary's headword may start with a word a note never does ("was
    to~: ~할 예정이었다").

    >>> english_term("setback, hitch")
    'setback; hitch'
    """
    senses = _SENSE_SPLIT.split(text.strip())
    if len(senses) > MAX_SENSES:
        return None
    kept: list[str] = []
    for sense in senses:
        sense = " ".join(sense.split())
        if not sense or not _EN_ALT.fullmatch(sense) or not _is_english_sense(sense, any_start):
            return None
        if sense not in kept:
            kept.append(sense)
    return "; ".join(kept)


def _is_english_sense(sense: str, any_start: bool = False) -> bool:
    words = sense.split(" ")
    if len(words) > MAX_EN_WORDS or not sense[0].isalnum():
        return False
    if not LATIN_CHAR.search(sense) or sum(c.isalnum() for c in sense) < 2:
        return False
    if words[0].lower().rstrip(".") in NOT_A_TERM_START and not any_start:
        return False
    for word in words:
        if word.isdigit():  # "(June 19)", "(Seoul 2024)": a date or a number
            return False
        # Dots belong to abbreviations (U.S., Jr.), not to domains (segye.com).
        if "." in word and any(len(piece) > 2 for piece in word.split(".")):
            return False
    return True


def korean_terms(text: str) -> list[str]:
    """The Korean alternatives in `text` ("차질, 좌절"), or [] if it is not a short term.

    >>> korean_terms("차질, 좌절")
    ['차질', '좌절']
    """
    senses = _SENSE_SPLIT.split(text.strip())
    if len(senses) > MAX_SENSES:
        return []
    kept: list[str] = []
    for sense in senses:
        sense = " ".join(sense.split())
        if not sense or not is_korean_sense(sense):
            return []
        if sense not in kept:
            kept.append(sense)
    return kept


def is_korean_sense(sense: str) -> bool:
    if not _KO_ALT.fullmatch(sense) or len(sense.split(" ")) > MAX_KO_WORDS:
        return False
    hangul = len(HANGUL_CHAR.findall(sense))
    digits = sum(c in "0123456789" for c in sense)
    # "6자회담" is a term; "19일", "2024년 6월" are dates.
    return hangul > digits


def content_words(english: str) -> int:
    """How many words of an English gloss carry meaning ("grow a mustache": 2)."""
    words = english.replace(";", " ").lower().split()
    return sum(1 for word in words if word not in FUNCTION_WORDS)


# --- cleaning a side as pages write it ----------------------------------------------------


def clean_korean(text: str) -> str:
    """ "~을/를 지휘하다" -> "지휘하다", "~할 예정이었다" -> "할 예정이었다"."""
    words = text.split()
    while words and words[0][0] in _TILDE:
        rest = words[0].lstrip(_TILDE)
        if rest in _PARTICLES or not rest:
            words.pop(0)
            continue
        words[0] = rest
        break
    return " ".join(word.strip(_TILDE) for word in words if word.strip(_TILDE))


def clean_english(text: str) -> str:
    """ "usher in~" -> "usher in", "agree on~" -> "agree on"."""
    return " ".join(word.strip(_TILDE) for word in text.split() if word.strip(_TILDE))


def without_hanja(content: str) -> Optional[str]:
    """A parenthesis's content without its hanja part: "抑止力, deterrence" -> "deterrence",
    "警句·epigram" -> "epigram"; None when nothing but hanja (and punctuation) is left."""
    if not HANJA_CHAR.search(content):
        return content
    pieces = [p.strip() for p in re.split(r"[,·;/]", content)]
    kept = [p for p in pieces if p and not HANJA_CHAR.search(p)]
    if len(kept) == len(pieces) or not kept:
        return None  # hanja inside a piece ("金正恩 위원장"), or hanja only
    return ", ".join(kept)


def acronym_and_name(content: str) -> Optional[str]:
    """ "IAEA: International Atomic Energy Agency" (either order) -> "International Atomic
    Energy Agency (IAEA)"; None when the content is not an acronym with its full name."""
    parts = [p.strip() for p in re.split(r"\s*[:：·]\s*|\s+[-–—]\s+", content) if p.strip()]
    if len(parts) != 2:
        return None
    acronyms = [p for p in parts if _ACRONYM.fullmatch(p)]
    names = [p for p in parts if not _ACRONYM.fullmatch(p)]
    if len(acronyms) != 1 or len(names) != 1:
        return None
    name = english_term(names[0])
    if name is None or ";" in name or len(name.split()) < 2:
        return None
    return f"{name} ({acronyms[0]})"


def is_acronym(english: str) -> bool:
    """An English gloss that is only an abbreviation: "IAEA", "U.S.", "NDS"."""
    return bool(_ACRONYM.fullmatch(english.replace(" ", "")))
