"""The reader's shortcuts give exactly what the rules they speed up say.

Reading a document takes quick tests before (or instead of) the regular expressions that
state each rule: a look at a line's end, `in` tests for a character every match needs,
bytes instead of characters.  Each test here states a rule the plain way and checks the
quick way against it, on tables of cases and on generated text built from the characters
and words the rules are about.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocab.read import decoding
from vocab.read import furniture
from vocab.read import markup
from vocab.read import sources
from vocab.analyse import stream as kiwi_stream
from vocab.read.markup import Unit

# Characters and words that the rules look for, so that generated lines hit them often.
RULE_CHARS = list(
    "가다요세십시오나겠습니까글자씨크기무단전재배포금지년월일오전후입력수정사진제공북한러"
    "abcdeghprtvyzACGPRTVYZ0123456789 .,!?;:'\"()[]/@#*=_-\t\u00a0\u3000"
    "“”‘’·…△▲▷▶◇◆©ⓒⒸ。！？」』—•ſKİıé"
)
RULE_WORDS = [
    "Copyright", "COPYRIGHT 2024", "copyright (c)", "(c) 2023", "(C)2024", "All Rights Reserved",
    "ⓒ 세계일보", "무단 전재", "재배포 금지", "font size", "Text Size", "글자크기", "글씨 크기",
    "만나보세요.", "하시나요?", "하십시오", "하시겠습니까", "Jan 15, 2024", "Updated on Monday",
    "10:00 a.m. KST", "2024년 6월 13일 오후 8시", "입력 : 2026-01-13", "AFP/Getty Images",
    "Photo by Reuters", "사진 제공", "게티이미지코리아", "AP 연합뉴스", "by AFP", "Pool",
    "△setback: 차질", "futile = vain 헛된", "*a trade pact 통상 조약", "setback: 차질",
    "홍길동 기자", "워싱턴 특파원", "논설위원", "Tags: a, b", "#a #b #c",
]
rule_text = st.lists(
    st.sampled_from(RULE_WORDS) | st.text(alphabet=st.sampled_from(RULE_CHARS), max_size=8),
    max_size=8,
).map(" ".join) | st.text(max_size=40)


# --- furniture ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, ends", [
    ("끝났다.", True), ("끝났다. ", True), ("He said “no.”", True), ("Stop!)", True),
    ("Really?」 ", True), ("다. ” )", True), ("Wait…", True), ("끝났다", False),
    ("a .)b", False), ("", False), ("...", True), ('"', False), ("。", True), ("!?", True),
])
def test_ends_sentence_table(text, ends):
    assert furniture.ends_sentence(text) is ends


@settings(max_examples=400, deadline=None)
@given(rule_text | st.text(alphabet=st.sampled_from(list(".!?。！？…\"'”’」』)] \t\n다a")), max_size=12))
def test_ends_sentence_reads_the_line_end_as_the_regex_does(text):
    assert furniture.ends_sentence(text) == bool(furniture._ENDS_SENTENCE.search(text.rstrip()))


@settings(max_examples=400, deadline=None)
@given(rule_text)
def test_repeat_key_drops_what_the_regex_drops(text):
    assert furniture._key(text) == furniture._NOT_WORD.sub("", text).casefold()


@settings(max_examples=400, deadline=None)
@given(rule_text)
def test_rules_behind_quick_tests_decide_as_their_regexes(text):
    f = furniture
    assert f._is_copyright(text) == bool(f._COPYRIGHT_MARK.search(text)
                                         or f._COPYRIGHT_WORDS.search(text))
    assert f._is_date_line(text) == (not f._NOT_DATE_SYLLABLE.search(text)
                                     and not f._LETTER.search(f._DATE_PART.sub("", text)))
    assert f._is_font_widget(text) == bool(f._FONT_WIDGET.search(text)
                                           or f._FONT_WIDGET_WORDS.search(text))
    if f._READER_ENDING.search(text):
        assert f._holds_any(text, f._READER_HINTS)
    if re.search("기자|특파원|논설위원|편집위원|칼럼니스트", text):
        assert f._holds_any(text, f._REPORTER_WORDS)


def _credit_the_plain_way(text: str) -> bool:
    f = furniture
    items = [item.strip() for item in text.split("/")] if "/" in text else []
    if items and all(0 < len(item) <= 30 and len(item.split()) <= 4 for item in items):
        if len(items) >= 3 or any(f._CREDIT_ITEM.fullmatch(item) for item in items):
            return True
    return not f._NOT_CREDIT_SYLLABLE.search(text) and not f._LETTER.search(
        f._CREDIT_PART.sub("", text))


def _gloss_the_plain_way(text: str) -> bool:
    f = furniture
    if len(text) > 300 or not (f._HAS_HANGUL.search(text) and f._HAS_LATIN.search(text)):
        return False
    if re.search(r"[△▲▷▶◇◆]\s*[A-Za-z]|^\*\s*[A-Za-z]", text) or f._GLOSS_EQUALS.search(text):
        return True
    colon = f._GLOSS_COLON.match(text)
    return bool(colon) and len(text.split(":", 1)[1].split()) <= 3


@settings(max_examples=400, deadline=None)
@given(rule_text)
def test_credit_and_gloss_lines_as_their_plain_rules(text):
    assert furniture._is_credit(text) == _credit_the_plain_way(text)
    assert furniture._is_gloss(text) == _gloss_the_plain_way(text)


def test_letters_the_copyright_test_looks_for_have_no_look_alikes():
    """The quick test lower-cases a line and looks for "(c)", "pyr", "rved": exact only
    if no other character lower-cases to these letters or matches them ignoring case."""
    letters = set("cpyrved")
    for code in range(0x80, 0x110000):
        char = chr(code)
        assert not letters & set(char.lower()), hex(code)
    pattern = re.compile("[cpyrved]", re.IGNORECASE)
    assert not [c for c in map(chr, range(0x80, 0x110000)) if pattern.fullmatch(c)]


@pytest.mark.parametrize("units, kinds", [
    # a credit, then its caption; the credit's neighbour two lines down stays
    (["스트링거/게티 이미지", "푸틴 대통령이 도착하고 있다.", "푸틴 대통령이 말했다."], [None, None, "body"]),
    # three short bullets: a menu; the line above repeating one of them is its title
    (["고윤정", "• 고윤정", "• 이세희", "• 김태리"], [None, None, None, None]),
    (["• 고윤정", "• 이세희"], ["heading", "heading"]),
    (["AFP/Getty Images"], [None]),
])
def test_neighbour_rules(units, kinds):
    page = [Unit(text[2:], "item") if text.startswith("• ") else Unit(text) for text in units]
    assert [verdict.kind for verdict in furniture.judge(page)] == kinds


# --- markup ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("가한 aZ1.,ᄀ\u2e80\ua4cf\ua4d0\uf900\uff01\uff61\uffe0")),
               max_size=30) | st.text(max_size=30))
def test_width_and_script_count_what_their_character_classes_say(text):
    wide = re.findall(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f"
                      r"\uff00-\uff60\uffe0-\uffe6]", text)
    assert markup._width(text) == len(text) + len(wide)
    hangul, latin = re.findall(r"[\uac00-\ud7a3]", text), re.findall(r"[A-Za-z]", text)
    assert markup._script(text) == ("ko" if len(hangul) >= len(latin) else "en")


@pytest.mark.parametrize("line, expected", [
    ("• 고윤정", ("고윤정", "item")),
    ("  - item", ("item", "item")),
    ("·북·러", ("·북·러", "text")),  # no space after the dot: not a bullet
    ("-", ("-", "text")),
    ("plain", ("plain", "text")),
])
def test_bullets_are_found_behind_a_first_character_test(line, expected):
    [unit] = markup._units([[markup._Line(line)]])
    assert (unit.text, unit.hint) == expected


# --- sentences, decoding -------------------------------------------------------------------


@pytest.mark.parametrize("text, spans, expected", [
    ("가 나.", [(0, 4)], [("가 나.", 0, 4)]),
    ("  가.  나. ", [(0, 4), (4, 20)], [("가.", 2, 4), ("나.", 6, 8)]),
    ("가나다", [(-3, 1), (2, 99)], [("가", 0, 1), ("다", 2, 3)]),
    ("가나다", [(2, 1), (5, 9)], [("가나다", 0, 3)]),  # nothing found: the whole text
    ("  ", [(0, 2)], []),
])
def test_sentences_from_spans(text, spans, expected):
    found = sources._sentences(text, spans)
    assert [(s.text, s.start, s.end) for s in found] == expected
    assert all(text[s.start:s.end] == s.text for s in found)


def test_suspect_characters_are_found_by_their_first_utf8_byte():
    """U+0080..U+00FF, and nothing else, start with C2 or C3 in UTF-8."""
    firsts = decoding._SUSPECT_FIRST_BYTES
    for code in [*range(0x80), *range(0x80, 0x100), *range(0x100, 0x800, 7), 0xAC00, 0x10000]:
        encoded = chr(code).encode("utf-8")
        assert (encoded[:1] in firsts) == (0x80 <= code <= 0xFF)
        assert not any(first in encoded[1:] for first in firsts)  # never a later byte


MOJIBAKE_LINES = [
    "러시아와 북한이 조약을 체결했다.".encode("cp949").decode("latin-1"),
    "러시아와 북한이 조약을 체결했다.".encode("utf-8").decode("latin-1"),
    "북·러 정상회담", "Putin’s visit", "Ça va", "plain",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(MOJIBAKE_LINES) | st.text(max_size=12), max_size=6))
def test_mojibake_repair_is_the_same_with_or_without_the_bytes(lines):
    text = "\n".join(lines)
    repaired = decoding.repair_mojibake(text)
    assert decoding.repair_mojibake(text, text.encode("utf-8", "surrogatepass")) == repaired
    assert repaired[0].count("\n") == text.count("\n")  # line by line


def test_repair_mentions_each_kind_once():
    text = "\n".join(MOJIBAKE_LINES)
    repaired, notes = decoding.decode_bytes(text.encode("utf-8"))
    assert repaired.splitlines()[:2] == ["러시아와 북한이 조약을 체결했다."] * 2
    assert notes == ["repaired mojibake (CP949 read as Latin-1) on 1 line(s)",
                     "repaired mojibake (UTF-8 read as Latin-1) on 1 line(s)"]


# --- a file read once ------------------------------------------------------------------------


def test_a_document_read_from_bytes_already_read_is_the_document(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("북러 조약 체결\n\n북한과 러시아가 조약을 체결했다. 양국은 협력한다.\n", encoding="utf-8")
    source = sources.read_source(path)
    assert source.data == path.read_bytes() and source.mtime == path.stat().st_mtime
    assert kiwi_stream.read_document(path, source=source) == kiwi_stream.read_document(path)
    path.write_text("바뀐 내용이다.\n", encoding="utf-8")  # the bytes given are the ones read
    assert kiwi_stream.read_document(path, source=source).paragraphs[0].text == "북러 조약 체결"


@pytest.mark.parametrize("content, reason", [(b"", "empty file"), (b"\x00\x01\x02", None)])
def test_read_source_reports_like_read_document(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    if reason:
        with pytest.raises(sources.SourceError, match=reason):
            sources.read_source(path)
    else:
        source = sources.read_source(path)
        with pytest.raises(sources.SourceError, match="binary file"):
            kiwi_stream.read_document(path, source=source)
