"""Glosses stated in the text: the three forms, both directions, and what is not a gloss."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocab.analyse.glosses import RawGloss, extract_glosses, find_gloss_pairs
from vocab.records import Document, Paragraph
from vocab.analyse.stream import read_document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def pairs(text: str) -> list[tuple[str, str, str]]:
    return [(g.ko_raw, g.en, g.form) for g in find_gloss_pairs(text)]


# --- each form, both directions ----------------------------------------------------------

GLOSSED = [
    # list: marker, one side, colon, the other side
    (
        "△setback: 차질 △reestablish: 재건하다 △adventurism: 모험적 행보",
        [
            ("차질", "setback", "list"),
            ("재건하다", "reestablish", "list"),
            ("모험적 행보", "adventurism", "list"),
        ],
    ),
    ("▲setback: 차질", [("차질", "setback", "list")]),
    ("■ setback : 차질", [("차질", "setback", "list")]),
    ("• setback: 차질", [("차질", "setback", "list")]),
    ("· setback: 차질", [("차질", "setback", "list")]),
    ("※setback：차질", [("차질", "setback", "list")]),  # full-width colon
    ("△차질: setback", [("차질", "setback", "list")]),  # Korean first
    ("- 차질: setback, hitch", [("차질", "setback; hitch", "list")]),
    ("△setback: 차질, 좌절", [("차질", "setback", "list"), ("좌절", "setback", "list")]),
    ("* confirmed case: 확진자.", [("확진자", "confirmed case", "list")]),
    ("용어 풀이 △setback: 차질", [("차질", "setback", "list")]),
    ("△setback: 차질\n△reestablish: 재건하다", [("차질", "setback", "list"), ("재건하다", "reestablish", "list")]),
    # paren: 한국어(English)
    ("푸틴 대통령은 김 위원장에게 우루스(Urus)를 선물했는데", [("우루스", "Urus", "paren")]),
    ("확진자(confirmed case)가 늘었다", [("확진자", "confirmed case", "paren")]),
    ("러시아 타스(TASS) 국영기관에 따르면", [("타스", "TASS", "paren")]),
    ("군사적 모험적 행보(adventurism)를", [("군사적 모험적 행보", "adventurism", "paren")]),
    ("미국은 전략적 인내(strategic patience) 정책을", [("전략적 인내", "strategic patience", "paren")]),
    ("북한은 6자회담(six-party talks)에서 철수했다", [("6자회담", "six-party talks", "paren")]),
    ("국제원자력기구(IAEA) 사찰", [("국제원자력기구", "IAEA", "paren")]),  # acronyms are kept
    ("미국(U.S.)과", [("미국", "U.S.", "paren")]),
    ("유엔 (United Nations)", [("유엔", "United Nations", "paren")]),  # one space allowed
    ("차질（setback）", [("차질", "setback", "paren")]),  # full-width parentheses
    ("차질(setback, hitch)", [("차질", "setback; hitch", "paren")]),
    ("한국을 ‘주적’(main enemy)으로 선언", [("주적", "main enemy", "paren")]),
    ("크렘린궁(Kremlin’s office)은", [("크렘린궁", "Kremlin’s office", "paren")]),
    # paren: English(한국어)
    ("confirmed case(확진자)", [("확진자", "confirmed case", "paren")]),
    ("the number of confirmed cases (확진자) rose", [("확진자", "confirmed cases", "paren")]),
    ("signed a mutual defense treaty(상호방위조약) with", [("상호방위조약", "mutual defense treaty", "paren")]),
    ("declared it the 'main enemy'(주적)", [("주적", "main enemy", "paren")]),
    ("It left. Setback(차질) followed", [("차질", "Setback", "paren")]),
    ("a setback(차질, 좌절)", [("차질", "setback", "paren"), ("좌절", "setback", "paren")]),
    ("the Urus (우루스)", [("우루스", "Urus", "paren")]),
    # line: English = synonyms Korean, or marker English Korean (and the other way round)
    # a synonym chain glosses the Korean by its head (issue 15)
    ("futile = vain 헛된", [("헛된", "futile", "line")]),
    ("futile=vain 헛된", [("헛된", "futile", "line")]),
    ("futile = vain, fruitless 헛된", [("헛된", "futile", "line")]),
    ("*a trade pact 통상 조약", [("통상 조약", "a trade pact", "line")]),
    ("• trade pact – 통상 조약", [("통상 조약", "trade pact", "line")]),
    ("헛된 = futile", [("헛된", "futile", "line")]),
    ("* 통상 조약 trade pact", [("통상 조약", "trade pact", "line")]),
    (
        "용어 풀이\nfutile = vain 헛된\n  *a trade pact 통상 조약  \n",
        [("헛된", "futile", "line"), ("통상 조약", "a trade pact", "line")],
    ),
]


@pytest.mark.parametrize("text, expected", GLOSSED)
def test_stated_glosses_are_found(text, expected):
    assert pairs(text) == expected


SPANS = [
    ("푸틴은 우루스(Urus)를", "우루스(Urus)"),
    ("the number of confirmed cases (확진자) rose", "confirmed cases (확진자)"),
    ("한국을 ‘주적’(main enemy)으로", "‘주적’(main enemy)"),
    ("용어 △setback: 차질 △reestablish: 재건하다", "△setback: 차질"),
    ("x\n  futile = vain 헛된  \ny", "futile = vain 헛된"),
]


@pytest.mark.parametrize("text, span", SPANS)
def test_span_covers_the_gloss_as_written(text, span):
    first = find_gloss_pairs(text)[0]
    assert text[first.start : first.end] == span


# --- parentheses and lines that are not glosses ---------------------------------------------

NOT_GLOSSED = [
    "블라디미르 푸틴 러시아 대통령(2024년 6월) 방북",  # a date
    "평양(19일) 도착",  # a day
    "By Joseph R. DeTrani (former special envoy for negotiations with North Korea)",  # byline
    "조지프 R 디트라니(전 대북 6자회담 미국 특사)",  # Korean inside Korean
    "이 기회를 빌어 (러시아) 지도부와의 전략적 소통을",  # inserted in a quote
    "블라디미르 푸틴 러시아 대통령(오른쪽)과 김정은",  # caption
    "(예시) 가장 빠른 뉴스가 있고",  # label
    "North Korea wanted (and still wants) a normal relationship",  # English inside English
    "North Korea needs Russia's ICBM(intercontinental ballistic missile) technology",
    "a permanent member of the UN (United Nations) Security Council",
    "억눌린 깊은 생각을 교환하고 (북-러) 관계를",
    "김정은(金正恩) 국무위원장",  # hanja
    "합의(an agreement that both sides signed in the capital last week)",  # too long
    "오성환 외신전문위원(suhwo@segye.com)",  # e-mail
    "세계일보(https://www.segye.com)",  # URL
    "세계일보(www.segye.com)",
    "세계일보(segye.com)",
    "(사진=AP) 푸틴 대통령",  # mixed scripts inside
    "(AP=연합뉴스) 푸틴 대통령",
    "발표(June 19)",  # an English date
    "방북(2024)",  # a number
    "A안(A)",  # one letter is not a term
    "K팝(K-pop)",  # Korean side glued to Latin letters
    "제재(and still wants)",  # not a term: starts with a conjunction
    "as reported by (연합뉴스)",  # function word before the parenthesis
    "입력 : 2026-01-13 23:49:14 수정 : 2026-01-13 23:49:13",
    "Source: 연합뉴스",  # no marker: a credit line, not a list entry
    "Putin 푸틴",  # no marker and no "=": not a glossary line
    "북·러: alliance",  # a middle dot inside a word is not a marker
    "  • 고윤정 '아름다운 미모'",  # a bullet without a gloss
    "△setback",
    "△: 차질",
    "△the concern is that Russia will not stop with its war: 우려",
    "- 푸틴 대통령은 평양을 방문했다.",
    "x = 3 가",  # a number is not English
    "Copyright © 코리아중앙데일리. 무단전재 및 재배포 금지.",
    "by 김종찬 Jan 15. 2024",
    "(((((",
    "△△△",
    "",
]


@pytest.mark.parametrize("text", NOT_GLOSSED)
def test_not_a_gloss(text):
    assert find_gloss_pairs(text) == []


# --- the seeds --------------------------------------------------------------------------------


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def test_segye_glossary_yields_exactly_its_three_pairs():
    text = seed("000").read_text(encoding="utf-8")
    assert pairs(text) == [
        ("차질", "setback", "list"),
        ("재건하다", "reestablish", "list"),
        ("모험적 행보", "adventurism", "list"),
    ]


def test_cnn_translation_yields_names_but_not_captions_or_insertions():
    text = seed("001").read_text(encoding="utf-8")
    assert pairs(text) == [("우루스", "Urus", "paren"), ("타스", "TASS", "paren")]
    # The parentheses that are not glosses are really there.
    for aside in ("(오른쪽)", "(러시아)", "(북-러)"):
        assert aside in text


@pytest.mark.parametrize("prefix", ["002", "003", "004"])
def test_seeds_without_glosses_yield_none(prefix):
    assert find_gloss_pairs(seed(prefix).read_text(encoding="utf-8")) == []


# --- extract_glosses: lemmatised, deduplicated, in document order ----------------------------


def paragraph(index: int, text: str, kind: str = "body", lang: str = "mixed") -> Paragraph:
    return Paragraph(index=index, text=text, lang=lang, kind=kind, sentences=())


def document(*paragraphs: Paragraph) -> Document:
    return Document(path="news/a.txt", title="a", paragraphs=paragraphs)


def test_extract_glosses_lemmatises_and_keeps_first_of_each_pair():
    lemmas = {"헛된": "헛되다"}
    calls: list[str] = []

    def lemmatise(phrase: str) -> str:
        calls.append(phrase)
        return lemmas.get(phrase, phrase)

    doc = document(
        paragraph(0, "북한 관련 기사", kind="heading", lang="ko"),
        paragraph(1, "확진자(confirmed case)가 늘었다. 우루스(Urus)를 선물했다.", kind="body"),
        paragraph(2, "By a reporter (North Korea desk)", kind="meta", lang="en"),
        paragraph(3, "futile = vain 헛된\n△setback: 차질", kind="gloss"),
        # 확진자 again, and 헛되다 again once lemmatised: both left out
        paragraph(4, "confirmed case(확진자) △차질: hitch △futile, vain: 헛되다", kind="gloss"),
    )
    glosses = extract_glosses(doc, lemmatise=lemmatise)
    assert [(g.ko, g.en, g.paragraph, g.form, g.source) for g in glosses] == [
        ("확진자", "confirmed case", 1, "paren", "news/a.txt"),
        ("우루스", "Urus", 1, "paren", "news/a.txt"),
        ("헛되다", "futile", 3, "line", "news/a.txt"),
        ("차질", "setback", 3, "list", "news/a.txt"),
        ("차질", "hitch", 4, "list", "news/a.txt"),  # same Korean, another sense: kept
        ("헛되다", "futile; vain", 4, "list", "news/a.txt"),
    ]
    assert sorted(calls) == sorted(set(calls))  # each phrase lemmatised once


def test_extract_glosses_does_not_lemmatise_without_glosses():
    def lemmatise(phrase: str) -> str:
        raise AssertionError("Kiwi must not be needed for a document without glosses")

    doc = document(paragraph(0, "푸틴 러시아 대통령(오른쪽)과 김정은", lang="ko"))
    assert extract_glosses(doc, lemmatise=lemmatise) == []


@pytest.mark.parametrize("bad_lemma", ["", "heotdoeda"])
def test_extract_glosses_keeps_written_form_when_the_lemma_loses_its_hangul(bad_lemma):
    doc = document(paragraph(0, "futile = vain 헛된", kind="gloss"))
    (gloss,) = extract_glosses(doc, lemmatise=lambda phrase: bad_lemma)
    assert gloss.ko == "헛된"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("futile = vain 헛된", ("헛되다", "futile")),
        ("△reestablish: 재건하다", ("재건하다", "reestablish")),
        ("확진자(confirmed case)", ("확진자", "confirmed case")),
        ("△adventurism: 모험적 행보", ("모험적 행보", "adventurism")),
    ],
)
def test_extract_glosses_with_kiwi(text, expected):
    doc = document(paragraph(0, text, kind="gloss"))
    (gloss,) = extract_glosses(doc)  # the default: vocab.korean.terms.lemmatise
    assert (gloss.ko, gloss.en) == expected


@pytest.mark.parametrize(
    "prefix, expected",
    [
        ("000", [("차질", "setback"), ("재건하다", "reestablish"), ("모험적 행보", "adventurism")]),
        ("001", [("우루스", "Urus"), ("타스", "TASS")]),
        ("002", []),
        ("003", []),
        ("004", []),
    ],
)
def test_seed_documents_through_sources(prefix, expected):
    doc = read_document(seed(prefix))
    glosses = extract_glosses(doc)  # the default: vocab.korean.terms.lemmatise
    assert [(g.ko, g.en) for g in glosses] == expected


# --- any text at all -----------------------------------------------------------------------

# Pieces that make glosses, near-glosses and traps when strung together.
PIECES = [
    "가", "우루스", "확진자", "모험적", "행보", "적", "19", "년", "a", "Urus", "TASS", "confirmed",
    "case", "the", "of", "U.S.", "é", "(", ")", "（", "）", "△", "▲", "•", "·", "*", "-", "–",
    ":", "：", "=", " ", " ", "\n", "'", "‘", "’", ",", ";", "/", "@", ".", "金", "ㄱ", "\u00a0",
]
# Whole glosses, so that the pieces around them test where each one starts and stops.
CHUNKS = [
    "우루스(Urus)", "confirmed case(확진자)", "△setback: 차질", "△차질: setback, hitch",
    "futile = vain 헛된\n", "*a trade pact 통상 조약\n", "‘주적’(main enemy)", "모험적 행보",
    "(오른쪽)", "(2024년 6월)", "(and still wants)", "(former special envoy for talks)",
]
grammar_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.sampled_from(CHUNKS)), max_size=40
).map("".join)


def is_latin_letter(char: str) -> bool:
    return char.isalpha() and "LATIN" in unicodedata.name(char, "")


def is_hangul(char: str) -> bool:
    return "HANGUL" in unicodedata.name(char, "")


def check_invariants(text: str) -> None:
    found = find_gloss_pairs(text)
    assert found == find_gloss_pairs(text)  # deterministic
    assert [g.start for g in found] == sorted(g.start for g in found)
    for gloss in found:
        assert isinstance(gloss, RawGloss)
        assert gloss.form in ("list", "paren", "line")
        assert 0 <= gloss.start < gloss.end <= len(text)
        assert any(is_hangul(c) for c in gloss.ko_raw)
        assert not any(is_latin_letter(c) for c in gloss.ko_raw)
        assert any(is_latin_letter(c) for c in gloss.en)
        assert not any(is_hangul(c) for c in gloss.en)
        span = text[gloss.start : gloss.end]
        for word in gloss.ko_raw.split() + gloss.en.replace(";", " ").split():
            assert word in span


@given(st.text())
@settings(max_examples=300)
def test_any_unicode_text(text):
    check_invariants(text)


@given(grammar_text)
@settings(max_examples=500)
def test_text_made_of_gloss_pieces(text):
    check_invariants(text)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 1_000_000,
        "△" * 1_000_000,
        "△ " * 200_000,
        "=" * 1_000_000,
        "'" * 1_000_000 + "(Urus)",
        "가" * 1_000_000 + "(Urus)",
        "a " * 500_000 + "(확진자)",
        "(가" * 500_000 + ")",
        " △a:" * 100_000,
        "가(ab)" * 20_000,
    ],
    ids=["parens", "markers", "spaced-markers", "equals", "quotes", "hangul-run", "english-run",
         "unclosed", "empty-entries", "many-glosses"],
)
def test_long_adversarial_lines_return(text):
    check_invariants(text)
