"""From Kiwi's morphemes to terms: the policy.

From Kiwi's morphemes this module makes *terms*: what a learner would look up, in
dictionary form, with the offsets of the text as written.  The policy:

- Verbs and adjectives end in -다 (도울 -> 돕다, 헛된 -> 헛되다).  A noun followed by a
  verb suffix is one verb (체결했다 -> 체결하다).  Passive and causative verbs are words
  of their own, as every dictionary has them (고립된 -> 고립되다, 상기시켰다 ->
  상기시키다, 공통된 -> 공통되다): many have no -하다 verb at all (고조되다, 공통되다), and
  their English is not the active verb's.  The noun used as a noun (조약 체결) is a
  separate term, and a verb's noun is not counted again as a part of it.
- A verb is given in its full dictionary spelling: a stem Kiwi keeps contracted is
  written out (이뤄졌다 -> 이루어지다: ㅝ is ㅜ + 어 before 지).  Kiwi reads 사는 as 사다
  (buy) even where it is 살다 (live), since the ㄹ of 살다 drops before ㄴ, ㅂ, ㅅ and 오;
  it is 사다 only after an object particle (집을 사는), else 살다 (서울에 사는).
- Nouns with a derivational suffix are one word (획기적, 무력화, 비핵화, 선생님); the
  plural 들 is not part of the word (동맹국들 -> 동맹국).
- Nouns written together with no space make a compound (상호방위조약, 6자회담), reported
  whole *and* part by part (is_compound_part=True) so that counts of 조약 include it.
  Only single words count as parts (외무장관회담: 외무, 장관, 회담; not 외무장관).  Runs
  of more than MAX_COMPOUND_PARTS words (headlines written without spaces) yield their
  words only, and an -적 word ends a run (포괄적전략적 is a spacing slip, not a word).
  Names never fuse with common nouns: 러시아연방 is the name 러시아 plus the noun 연방,
  러시아군 the name plus 군, 북한산 the name 북한 (Kiwi's 산 here is the suffix "made
  in"); a place Kiwi knows whole (김일성광장) stays one name.
- A lemma is Hangul only (a compound may start with a number: 6자회담) and has two
  syllables or more, except the one-syllable words in the ONE_SYLLABLE_* allow-lists.
- A root or adverb with a verb or adjective suffix is that verb or adjective (분명한 ->
  분명하다, not the adverb 분명); a root with a noun suffix is a noun (정당성).
- Adverbs are kept when they carry content (여전히, 끊임없이, 긴밀히); determiners when
  they are not demonstrative or numeral (모든, 여러, 새).
- Never terms: particles, endings, copulas, numbers, numerals, bound nouns, pronouns
  (also when Kiwi tags 우리 as a noun: PRONOUN_LIKE_NOUNS), punctuation, Latin script
  and Hanja (TASS, ICBM), auxiliary verbs, LIGHT_VERBS (하다, 있다, 위하다 …),
  conjunctive adverbs and FUNCTION_ADVERBS (또한, 이미, 더 …), FUNCTION_DETERMINERS.
- Multi-word terms (phrases from curated lists or glosses) are matched by find_phrases,
  tolerant of spacing; a compound spelling the same phrase (동반자관계) gives way to it.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Sequence

from vocab.korean import kiwi
from vocab.records import TermHit
from vocab.text import HANGUL_SYLLABLES, HANGUL_WORD

# One-syllable words that mean something on their own; every other one-syllable lemma is
# dropped (Kiwi's one-syllable nouns are mostly fragments: 때, 중, 측, 말 of 3월 말 …).
ONE_SYLLABLE_NOUNS = frozenset(
    "핵 군 법 북 남 적 돈 힘 땅 섬 꿈 집 길 손 몸 밤 낮 벽 빛 표 당 책 옷 밥 물 불 산 강 숲 꽃 죄 왕"
    .split()
)
# Country abbreviations of news headlines (북·러, 미·중, 한·미·일); a lone 김 is a surname.
ONE_SYLLABLE_NAMES = frozenset("북 남 미 중 러 일 한".split())
ONE_SYLLABLE_DETERMINERS = frozenset("새 옛 헌 첫".split())

# Pronouns Kiwi sometimes tags as common nouns (우리의 동맹국들: 우리 "pen").
PRONOUN_LIKE_NOUNS = frozenset("우리 저희 너희 여기 거기 저기 이것 그것 저것 이곳 그곳".split())
# Predicates that carry grammar rather than meaning, or only occur inside a fixed
# particle-like frame (~을 위해, ~에 대해, ~에 관한, ~에 의해, ~로 인해, ~에도 불구하고),
# and the demonstrative adjectives (이러한, 그렇게, 어떤).
LIGHT_VERBS = frozenset(
    """하다 되다 있다 없다 이다 아니다 않다 말다 싶다 같다 위하다 대하다 관하다 의하다 인하다
    불구하다 이렇다 그렇다 저렇다 어떻다 이러하다 그러하다 저러하다 어떠하다""".split()
)
# Adverbs that work like function words: degree, aspect and time markers, demonstrative
# manner adverbs, and MAG-tagged conjunctions.  Content adverbs (여전히, 끊임없이, 긴밀히,
# 점점, 결코, 특히, 서로) stay.
FUNCTION_ADVERBS = frozenset(
    """또한 한편 역시 그러나 그리고 하지만 그래서 따라서 또는 혹은 및 즉 만약 만일 다만 단지
    이미 아직 다시 매우 너무 가장 아주 정말 진짜 모두 함께 이제 지금 바로 더욱 그냥 좀 약
    이렇게 그렇게 저렇게 어떻게 얼마나 왜 이처럼 그처럼 이같이 그만큼 이만큼 보다 제일""".split()
)
# Demonstrative, interrogative and numeral determiners (이 사람, 어떤 나라, 두 나라, 각 국).
FUNCTION_DETERMINERS = frozenset("이런 그런 저런 어떤 무슨 어느 아무 몇 몇몇 다른 이러한 그러한 저러한".split())

# Stems whose ㄹ drops before these endings' first sound, which Kiwi then reads as the
# stem without ㄹ (사는: 사다 or 살다): the stem it means unless an object comes first.
L_DROPPED_STEMS = {"사": "살"}
L_DROPPING_ENDINGS = ("는", "ᆫ", "ㄴ", "니", "ᆸ", "ㅂ", "세", "시", "오")
_OBJECT_PARTICLE = "JKO"
# The plural suffix is not part of the word (동맹국들 -> 동맹국).
PLURAL_SUFFIX = "들"
# A compound of more words than this is a headline written without spaces, not a word.
MAX_COMPOUND_PARTS = 4

_COMPOUND_WORD = re.compile(f"[0-9]*[{HANGUL_SYLLABLES}]+")


@functools.lru_cache(maxsize=4096)
def lemmatise(phrase: str) -> str:
    """Dictionary form of a short word or phrase as a glossary gives it.

    The last word is analysed like running text (체결했다 -> 체결하다, 헛된 -> 헛되다,
    획기적인 -> 획기적); words before it stay as written (모험적 행보, 관계를 맺다).  A
    word with no term in it comes back unchanged.
    """
    words = phrase.split()
    if not words:
        return ""
    last = words[-1]
    tokens = kiwi.get_kiwi().tokenize(last, match_options=kiwi.match_options())
    # Keys (start, -end, is_compound_part, lemma) in the order found: max takes the first
    # of equals, as it did over the hits themselves.
    main = [key for key in _found_terms(last, _token_tuples(tokens)) if not key[2]]
    if main:
        start, _, _, lemma = max(main, key=lambda key: (-key[1], -key[1] - key[0]))
        last = last[:start] + lemma
    return " ".join(words[:-1] + [last])


# --------------------------------------------------------------------------------------
# From morphemes to terms
#
# The loop below runs once per Kiwi token of the corpus, so it works on plain tuples.
# The terms found go into a dict: key (start, -end, is_compound_part, lemma), which sorts
# in ordered's order, and value a row, the TermHit's fields as a plain tuple; a later
# duplicate replaces an earlier one, as in ordered.  The rows are kept in order
# (rows_from_tokens); TermHits are built only for callers that ask for them (analyse_counted):
# packing a document's terms reads the rows themselves.

_ROW_FIELDS = ("lemma", "pos", "surface", "start", "end", "is_name", "is_compound_part")
assert TermHit._fields == _ROW_FIELDS, "rows are TermHits' fields, in this order"

_NOUN_TAGS = frozenset(("NNG", "NNP"))
# Tags after a noun that may continue its run (or make it a verb), when written glued to
# it; any other means the noun stands alone, the common case, read without starting a run.
_RUN_TAGS = frozenset(("NNG", "NNP", "SN", "XSN", "XSV"))
# The other tags a term can start with, besides the predicates (V…).
_OTHER_STARTS = frozenset(("SN", "MAG", "MM", "XR"))
_PREDICATE_TAGS = ("VV", "VA")  # prefixes: irregular forms are tagged VV-I, VA-R …
# Suffixes that make a predicate of a root or an adverb Kiwi leaves apart (분명 + 하다:
# Kiwi's JOIN_ADJ_SUFFIX does not join an adverb's), and the part of speech they make.
_PREDICATE_SUFFIXES = {"XSV": "verb", "XSA": "adjective"}


def _token_tuples(tokens, offset: int = 0) -> list[tuple[str, str, int, int]]:
    """(form, tag, start, end) of each Kiwi token, offsets less `offset`: each attribute
    read on a Kiwi token builds a new object, so each is read once."""
    return [(t.form, t.tag, t.start - offset, t.end - offset) for t in tokens]


def rows_from_tokens(text: str, tokens, offset: int = 0) -> tuple[tuple, ...]:
    """Rows of the terms of one analysed text, in ordered's order; `offset` is where text
    starts in the string Kiwi was given."""
    found = _found_terms(text, _token_tuples(tokens, offset))
    return tuple([found[key] for key in sorted(found)])


def _add(found: dict, lemma: str, pos: str, surface: str, start: int, end: int,
         is_name: bool = False, is_compound_part: bool = False) -> None:
    """Put a term in `found` under its sort key; a duplicate replaces the one before."""
    if surface == lemma:  # one string for both (most nouns): packing interns it once
        surface = lemma
    found[(start, -end, is_compound_part, lemma)] = (lemma, pos, surface, start, end, is_name,
                                                     is_compound_part)


def _found_terms(text: str, toks: Sequence[tuple[str, str, int, int]]) -> dict:
    """Terms of one analysed text, keyed as described above, in the order found."""
    found: dict = {}
    last = len(toks) - 1
    resume = 0  # the tokens before it were read with the term before
    for i, (form, tag, start, end) in enumerate(toks):
        if i < resume:
            continue
        if tag in _NOUN_TAGS:
            following = toks[i + 1] if i < last else None
            if following is None or following[1] not in _RUN_TAGS or following[2] > end:
                term = _word_term(form, tag)  # _report_word's work, without a call per noun
                if term is not None:
                    _add(found, *term, text[start:end], start, end, tag == "NNP")
            elif following[1] == "XSV" and tag == "NNG":
                # 체결 + 했다, the commonest run, done as _noun_run would, for speed.
                resume = _report_verb(text, toks, i + 1, form, start, found)
            else:
                resume = _noun_run(text, toks, i, found)
        elif tag[0] == "V":
            if tag.startswith(_PREDICATE_TAGS):
                lemma = _full_stem(toks, i) + "다"
                if lemma not in LIGHT_VERBS and HANGUL_WORD.fullmatch(form):
                    pos = "verb" if tag[1] == "V" else "adjective"
                    stop = _ending_end(toks, i + 1, end)
                    _add(found, lemma, pos, text[start:stop], start, stop)
        elif tag not in _OTHER_STARTS:
            continue  # particles, endings, symbols …: most tokens start no term
        elif tag == "SN":
            if _number_word_at(toks, i):
                resume = _noun_run(text, toks, i, found)
        elif tag == "MAG":
            following = toks[i + 1] if i < last else None
            if following is not None and following[1] in _PREDICATE_SUFFIXES and following[2] <= end:
                stop = _ending_end(toks, i + 2, following[3])
                lemma = form + following[0] + "다"  # 오래되다, 분명하다
                _add(found, lemma, _PREDICATE_SUFFIXES[following[1]], text[start:stop], start, stop)
                resume = i + 2
            elif form not in FUNCTION_ADVERBS and len(form) > 1 and HANGUL_WORD.fullmatch(form):
                _add(found, form, "adverb", form, start, end)
        elif tag == "MM":
            if form not in FUNCTION_DETERMINERS and HANGUL_WORD.fullmatch(form):
                if len(form) > 1 or form in ONE_SYLLABLE_DETERMINERS:
                    _add(found, form, "determiner", form, start, end)
        else:  # XR
            following = toks[i + 1] if i < last else None
            if following is not None and following[2] <= end and HANGUL_WORD.fullmatch(form):
                if following[1] in _PREDICATE_SUFFIXES:
                    stop = _ending_end(toks, i + 2, following[3])
                    lemma = form + following[0] + "다"  # 비롯하다
                    _add(found, lemma, _PREDICATE_SUFFIXES[following[1]], text[start:stop], start, stop)
                    resume = i + 2
                elif following[1] == "XSN" and following[0] != PLURAL_SUFFIX:  # 정당성
                    _add(found, form + following[0], "noun", text[start:following[3]], start, following[3])
                    resume = i + 2
    return found


def _number_word_at(toks, i: int) -> bool:
    """A number glued to a counter and then a noun: the 6자 of 6자회담."""
    if i + 2 >= len(toks):
        return False
    number, counter, noun = toks[i], toks[i + 1], toks[i + 2]
    return (
        counter[1] == "NNB"
        and counter[2] == number[3]
        and noun[1] in _NOUN_TAGS
        and noun[2] == counter[3]
    )


def _noun_run(text: str, toks, i: int, found: dict) -> int:
    """Read the nouns written together from toks[i]; report them; return the next index.

    A word is [form, tag, start, end] with tag NNG, NNP or NUM (number + counter).
    """
    n = len(toks)
    words: list[list] = []
    while i < n:
        form, tag, start, end = toks[i]
        if words and start != words[-1][3]:
            break  # not glued to the word before
        if tag in _NOUN_TAGS:
            words.append([form, tag, start, end])
        elif tag == "SN" and _number_word_at(toks, i):
            counter = toks[i + 1]
            words.append([form + counter[0], "NUM", start, counter[3]])
            i += 1
        elif tag == "XSN" and words:
            last = words[-1]
            if form == PLURAL_SUFFIX or last[1] != "NNG":
                i += 1  # 동맹국들, 북한산: the suffix is not part of the word
                break
            last[0] += form
            last[3] = end
        else:
            break
        i += 1
        if _is_jeok_word(words[-1]):
            break

    # Most runs are one word: no segments to make.
    segments = _segments(words) if len(words) > 1 else [words]
    if i < n and toks[i][1] == "XSV" and toks[i][2] <= words[-1][3] and words[-1][1] != "NNP":
        verb = segments.pop()  # 체결 + 했다, 시험발사 + 했다: the nouns make the verb
        if len(verb) > MAX_COMPOUND_PARTS:  # only the last word of an overlong run
            segments.append(verb[:-1])
            verb = verb[-1:]
        if verb[-1][1] != "NUM":
            _report_verb(text, toks, i, "".join([word[0] for word in verb]), verb[0][2], found)
            if len(verb) > 1:
                for word in verb:
                    _report_word(text, word, found, True)
        i += 1
    for segment in segments:
        if len(segment) == 1:
            _report_word(text, segment[0], found, False)
        else:
            _report_segment(text, segment, found)
    return i


def _report_verb(text: str, toks, i: int, nouns: str, start: int, found: dict) -> int:
    """The verb of `nouns` (from `start`) and the verb suffix toks[i]; the next index."""
    lemma = nouns + toks[i][0] + "다"
    stop = _ending_end(toks, i + 1, toks[i][3])
    if _COMPOUND_WORD.fullmatch(lemma) and lemma not in LIGHT_VERBS:
        _add(found, lemma, "verb", text[start:stop], start, stop)
    return i + 1


def _is_jeok_word(word: list) -> bool:
    """An -적 derivation (전략적, 포괄적) modifies the next noun across a space; written
    glued (포괄적전략적동반자) it is a spacing slip, not a compound, so the run ends."""
    return word[1] == "NNG" and len(word[0]) >= 3 and word[0].endswith("적")


def _segments(words: list[list]) -> list[list[list]]:
    """Split a run where names meet common nouns (a number word leads its noun)."""
    segments: list[list[list]] = []
    for word in words:
        is_name = word[1] == "NNP"
        if segments and (segments[-1][-1][1] == "NNP") == is_name:
            segments[-1].append(word)
        else:
            segments.append([word])
    return segments


def _report_segment(text: str, segment: list[list], found: dict) -> None:
    """A segment of two words or more: the compound, then its words as parts."""
    is_name = segment[0][1] == "NNP"
    content = "".join(word[0] for word in segment if word[1] != "NUM")
    # A number needs a real noun after it: 6자회담 is a term, 3월말 and 10개국 are not.
    as_parts = len(segment) <= MAX_COMPOUND_PARTS and len(content) >= 2
    if as_parts:
        start, end = segment[0][2], segment[-1][3]
        lemma = "".join(word[0] for word in segment)
        if _COMPOUND_WORD.fullmatch(lemma):
            pos = "name" if is_name else "noun"
            _add(found, lemma, pos, text[start:end], start, end, is_name)
    for word in segment:
        _report_word(text, word, found, as_parts)


def _report_word(text: str, word: Sequence, found: dict, as_part: bool) -> None:
    form, tag, start, end = word
    term = _word_term(form, tag)
    if term is not None:
        _add(found, *term, text[start:end], start, end, tag == "NNP", as_part)


# Cached: a word's verdict depends on its form and tag only, and the same few thousand
# words make most of a corpus' nouns (the rare ones leave the cache, a few MB at most).
@functools.lru_cache(maxsize=1 << 15)
def _word_term(form: str, tag: str) -> tuple[str, str] | None:
    """(lemma, pos) when a word (tag NNG, NNP or NUM) is a term, else None.  The lemma is
    the form interned: one string for every occurrence, which packing need not intern."""
    is_name = tag == "NNP"
    allowed = ONE_SYLLABLE_NAMES if is_name else ONE_SYLLABLE_NOUNS
    if (len(form) == 1 and form not in allowed) or form in PRONOUN_LIKE_NOUNS:
        return None
    if tag == "NUM" or not HANGUL_WORD.fullmatch(form):
        return None
    return sys.intern(form), "name" if is_name else "noun"


def _full_stem(toks, i: int) -> str:
    """The stem of the predicate toks[i] as a dictionary spells it (see the docstring)."""
    form = toks[i][0]
    if form in L_DROPPED_STEMS:
        following = toks[i + 1] if i + 1 < len(toks) else None
        before = toks[i - 1] if i else None
        if (following is not None and following[1][0] == "E"
                and following[0].startswith(L_DROPPING_ENDINGS)
                and (before is None or before[1] != _OBJECT_PARTICLE)):
            return L_DROPPED_STEMS[form]
        return form
    if len(form) > 1 and form[-1] == "지":
        return _uncontracted(form[:-1]) + "지"
    return form


@functools.lru_cache(maxsize=1024)
def _uncontracted(stem: str) -> str:
    """ㅝ written out as ㅜ + 어 in the last syllable of a stem (이뤄 -> 이루어)."""
    code = ord(stem[-1]) - 0xAC00
    if not 0 <= code < 11172 or code % 28 or (code // 28) % 21 != _VOWEL_WO:
        return stem
    initial = code // 588
    return stem[:-1] + chr(0xAC00 + initial * 588 + _VOWEL_U * 28) + "어"


_VOWEL_WO = 14  # ㅝ, in Unicode's order of Hangul vowels
_VOWEL_U = 13  # ㅜ


def _ending_end(toks, j: int, end: int) -> int:
    """End of a predicate as written: through its endings and glued auxiliaries (세워진)."""
    n = len(toks)
    while j < n:
        _, tag, start, stop = toks[j]
        if start > end or not (tag[0] == "E" or tag == "VX"):
            break
        end = max(end, stop)
        j += 1
    return end
