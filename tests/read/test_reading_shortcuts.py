"""The reader's shortcuts keep giving what the rules they speed up gave.

Reading a document takes quick tests before (or instead of) the regular expressions that
state each rule: a look at a line's end, `in` tests for a character every match needs,
counts by runs, bytes instead of characters.  Those were checked against the plain rules
when they were written; here the reader's public output on text built from the
characters and words the rules are about is held against what it gave then, stored in
tests/data/reading_expected.json: each line's Judgement (kind, and the rule that
decided), and the units parse_page makes of hard-wrapped text, bullets, Markdown and
HTML.  So the rules can be rewritten or moved freely, and a change in what they decide
shows here.  When a change is meant, write the file again and say why in the commit:

    python tests/read/test_reading_shortcuts.py --write
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocab.read import decoding
from vocab.read import furniture
from vocab.read import markup
from vocab.read import sources
from vocab.analyse import stream as kiwi_stream
from vocab.read.markup import Unit

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "reading_expected.json"

# Characters and words that the rules look for, so that made lines hit them often.
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
# Characters whose width or script decides whether two lines are one wrapped paragraph:
# wide ones at the edges of the ranges counted as wide, Hangul, Latin, jamo.
WIDTH_CHARS = list("가한 aZ1.,ᄀ\u2e80\ua4cf\ua4d0\uf900\uff01\uff61\uffe0")
MARKUP_PIECES = [
    "# ", "## ", "**", "__", "*", "_", "`", "- ", "* ", "1. ", "• ", "> ", "| ", " | ", "---", "===",
    "```", "[link](http://x)", "![img](a.png)", "\\*", "<b>", "</b>", "<h2>", "</h2>", "<li>", "<nav>",
    "</nav>", "<td>", "<br>", "<p>", "</p>", "<script>x</script>", "<title>T</title>",
    "북한은 조약을 체결했다", "Russia and North Korea", "고윤정", "\n", "\n", "\n\n",
]


def _rule_line(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(0, rng.choice([2, 8]))):
        if rng.random() < 0.5:
            pieces.append(rng.choice(RULE_WORDS))
        else:
            pieces.append("".join(rng.choice(RULE_CHARS) for _ in range(rng.randint(0, 8))))
    return " ".join(pieces)


def _wrapped_text(rng: random.Random) -> str:
    """Lines of one block, long and short, ending or not, in either script."""
    lines = []
    for _ in range(rng.randint(2, 6)):
        size = rng.choice([5, 20, 40, 60])
        line = "".join(rng.choice(WIDTH_CHARS) for _ in range(size)).strip() or "가"
        lines.append(line + rng.choice(["", "", ".", "다", ":"]))
    return "\n".join(lines)


def made_cases(seed: int = 20261207) -> dict:
    """The inputs of the stored file, made once from the words and characters above."""
    rng = random.Random(seed)
    pages = []
    for _ in range(400):
        units = []
        for _ in range(rng.randint(1, 5)):
            hint = rng.choice(["text"] * 6 + ["item", "item", "bold", "heading", "cell"])
            units.append([_rule_line(rng), hint])
        pages.append(units)
    texts = [[_wrapped_text(rng), "text"] for _ in range(150)]
    texts += [["\n".join(rng.choice(["• 고윤정", "  - item", "·북·러", "-", "plain", "• ", "▶ 더보기"])
                         for _ in range(rng.randint(1, 4))), "text"] for _ in range(40)]
    for fmt in ("markdown", "html"):
        texts += [["".join(rng.choice(MARKUP_PIECES) for _ in range(rng.randint(1, 16))), fmt]
                  for _ in range(120)]
    return {"pages": pages, "texts": texts}


def judgements(units: list[list[str]]) -> list[list]:
    return [[j.kind, j.reason] for j in furniture.judge([Unit(text, hint) for text, hint in units])]


def parsed(text: str, fmt: str) -> list[list[str]]:
    return [[unit.text, unit.hint] for unit in markup.parse_page(text, fmt).units]


def write_expected() -> None:
    cases = made_cases()
    stored = {
        "pages": [{"units": units, "judgements": judgements(units)} for units in cases["pages"]],
        "texts": [{"text": text, "format": fmt, "units": parsed(text, fmt)} for text, fmt in cases["texts"]],
        "ends_sentence": {line: furniture.ends_sentence(line)
                          for page in cases["pages"] for line, _ in page},
    }
    text = json.dumps(stored, ensure_ascii=False, separators=(",", ":"))
    EXPECTED.write_text(re.sub(r'(?=\{"units"|\{"text")', "\n", text) + "\n", encoding="utf-8")
    print(f"wrote {EXPECTED}")


STORED = json.loads(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else {}


# --- furniture ---------------------------------------------------------------------------


def test_each_line_is_judged_as_it_was():
    changed = [(page["units"], page["judgements"], now) for page in STORED["pages"]
               if (now := judgements(page["units"])) != page["judgements"]]
    assert changed == []


def test_sentence_endings_are_read_as_they_were():
    assert {line: furniture.ends_sentence(line) for line in STORED["ends_sentence"]} == STORED["ends_sentence"]


@pytest.mark.parametrize("text, ends", [
    ("끝났다.", True), ("끝났다. ", True), ("He said “no.”", True), ("Stop!)", True),
    ("Really?」 ", True), ("다. ” )", True), ("Wait…", True), ("끝났다", False),
    ("a .)b", False), ("", False), ("...", True), ('"', False), ("。", True), ("!?", True),
])
def test_ends_sentence_table(text, ends):
    assert furniture.ends_sentence(text) is ends


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


def test_pages_are_parsed_as_they_were():
    changed = [(case["text"], case["format"], case["units"], now) for case in STORED["texts"]
               if (now := parsed(case["text"], case["format"])) != case["units"]]
    assert changed == []


@pytest.mark.parametrize("line, expected", [
    ("• 고윤정", ("고윤정", "item")),
    ("  - item", ("item", "item")),
    ("·북·러", ("·북·러", "text")),  # no space after the dot: not a bullet
    ("-", ("-", "text")),
    ("plain", ("plain", "text")),
])
def test_bullets_are_found_behind_a_first_character_test(line, expected):
    [unit] = markup.parse_page(line, "text").units
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
    """Kiwi's spans, cut to the paragraph and stripped of spaces, make its sentences."""
    prepared = sources.PreparedDocument(
        name="a.txt", source=sources.SourceBytes(b"", 0.0, ""), title="a", judgements=(),
        kept=((text, "body"),), langs=("ko",), kiwi_indexes=(0,), notes=())
    [paragraph] = sources.finish_document(prepared, [spans]).paragraphs
    found = paragraph.sentences
    assert [(s.text, s.start, s.end) for s in found] == expected
    assert all(text[s.start:s.end] == s.text for s in found)


def test_suspect_characters_are_found_by_their_first_utf8_byte():
    """The reader finds Latin-1 characters (U+0080..U+00FF: mojibake's) by their first
    UTF-8 byte, C2 or C3: only they start so, and neither byte is ever a later one."""
    firsts = (b"\xc2", b"\xc3")
    for code in [*range(0x80), *range(0x80, 0x100), *range(0x100, 0x800, 7), 0xAC00, 0x10000]:
        encoded = chr(code).encode("utf-8")
        assert (encoded[:1] in firsts) == (0x80 <= code <= 0xFF)
        assert not any(first in encoded[1:] for first in firsts)  # never a later byte
    damaged = "러시아와 북한이 조약을 체결했다.".encode("utf-8").decode("latin-1")
    assert decoding.repair_mojibake(f"가 {damaged}\n나")[0] == "가 러시아와 북한이 조약을 체결했다.\n나"


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


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    write_expected()
