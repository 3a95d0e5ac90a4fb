"""The "read sources" stage: files in, Documents out (vocab.read and its helpers)."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vocab.read import decoding
from vocab.read import sources
from vocab.errors import NotText
from vocab.errors import SourceError
from vocab.read.furniture import judge
from vocab.read.markup import Unit
from vocab.read.sources import (
    decode_bytes,
    find_files,
    normalise_text,
    paragraph_lang,
    split_english,
)
from vocab.analyse.stream import read_document, read_documents
from vocab.korean import sentences as korean_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="module")
def seed_docs():
    return {prefix: read_document(seed(prefix)) for prefix in ("000", "001", "002", "003", "004")}


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def sentence_texts(doc) -> list[str]:
    return [s.text for p in doc.paragraphs for s in p.sentences]


# --- finding files ------------------------------------------------------------------------


def test_find_files_walks_folders_sorted_and_skips_hidden_and_other_suffixes(tmp_path):
    tree = tmp_path / "tree"
    for name in ["b/2.txt", "a.md", "b/1.html", "c.pdf", ".y.txt", ".hidden/x.txt",
                 "b/sub/3.markdown", "b/sub/.z.md", "d.HTM"]:
        write(tree / name, "본문이다.")
    files, problems = find_files([tree])
    assert problems == []
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "tree/a.md", "tree/b/1.html", "tree/b/2.txt", "tree/b/sub/3.markdown", "tree/d.HTM",
    ]


def test_find_files_takes_named_files_whatever_their_suffix_once_and_reports_missing(tmp_path):
    named = write(tmp_path / "notes.rst", "본문이다.")
    plain = write(tmp_path / "a.txt", "본문이다.")
    files, problems = find_files([named, str(plain), tmp_path / "gone.txt", plain])
    assert files == [named, plain]
    gone = (tmp_path / "gone.txt").as_posix()
    assert [str(p) for p in problems] == [f"{gone}: no such file or folder"]


# --- bad files: one problem each, the others read -------------------------------------------


def test_read_documents_reports_each_bad_file_in_one_line_and_reads_the_rest(tmp_path):
    folder = tmp_path / "in"
    write(folder / "good.txt", "북한과 러시아가 조약을 체결했다.")
    write(folder / "empty.txt", b"")
    write(folder / "blank.txt", "  \n\u200b\n\ufeff  \n")
    write(folder / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    # One 5 MB line: reported at once, not split into sentences for minutes.
    write(folder / "oneline.txt", "북한 North Korea 러시아 " * 250_000)
    link = folder / "link.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    docs, problems = read_documents([folder, tmp_path / "missing.md"])
    assert [d.path for d in docs] == [(folder / "good.txt").as_posix()]
    messages = {Path(p.path).name: p.message for p in problems}
    assert set(messages) == {"blank.txt", "empty.txt", "image.txt", "link.txt", "oneline.txt",
                             "missing.md"}
    assert messages["empty.txt"] == "empty file"
    assert "empty" in messages["blank.txt"]
    assert "binary" in messages["image.txt"]
    assert messages["link.txt"] == "broken symbolic link"
    assert messages["oneline.txt"].startswith("line 1 has 4,750,000 characters")
    assert messages["missing.md"] == "no such file or folder"
    assert all("\n" not in str(p) and str(p).startswith(p.path) for p in problems)


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.mkdir(), "is a folder, not a file"),
    (lambda p: p.symlink_to(p.parent / "absent.txt"), "broken symbolic link"),
    (lambda p: None, "no such file"),
    (lambda p: os.mkfifo(p), "not a regular file"),
])
def test_read_document_refuses_what_is_not_a_readable_file(tmp_path, make, reason):
    path = tmp_path / "doc.txt"
    make(path)
    with pytest.raises(SourceError) as caught:
        read_document(path, display="shown/doc.txt")
    assert str(caught.value) == f"shown/doc.txt: {reason}"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_is_a_problem(tmp_path):
    path = write(tmp_path / "secret.txt", "본문이다.")
    path.chmod(0)
    try:
        docs, problems = read_documents([path])
    finally:
        path.chmod(0o644)
    assert docs == [] and [p.message for p in problems] == ["permission denied"]


def test_permission_denied_is_a_problem_even_as_root(tmp_path, monkeypatch):
    # Root reads chmod 000 files, so the refusal the test above expects is simulated.
    path = write(tmp_path / "secret.txt", "본문이다.")
    other = write(tmp_path / "open.txt", "본문이다.")

    def refuse(file, *args, **kwargs):
        if Path(file).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, *args, **kwargs)

    real = os.open
    monkeypatch.setattr(os, "open", refuse)
    docs, problems = read_documents([path, other])
    assert [d.path for d in docs] == [other.as_posix()]
    assert [str(p) for p in problems] == [f"{path.as_posix()}: permission denied"]


def test_document_records_path_hash_mtime(tmp_path):
    data = "제목\n\n북한과 러시아가 조약을 체결했다.".encode("utf-8")
    path = write(tmp_path / "d.txt", data)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    doc = read_document(path)
    assert doc.path == path.as_posix()
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.mtime == 1_700_000_000
    assert read_document(path, display="x/y.txt").path == "x/y.txt"


# --- decoding and normalising ---------------------------------------------------------------

SAMPLE = "북한과 러시아가 조약을 체결했다. North Korea and Russia signed a treaty."


@pytest.mark.parametrize("encode, note", [
    (lambda t: t.encode("utf-8"), None),
    (lambda t: t.encode("utf-8-sig"), None),
    (lambda t: t.encode("utf-16"), "decoded as UTF-16"),  # with byte-order mark
    (lambda t: "\ufeff".encode("utf-16-be") + t.encode("utf-16-be"), "decoded as UTF-16"),
    (lambda t: t.encode("utf-16-le"), "decoded as UTF-16 (no byte-order mark)"),
    (lambda t: t.encode("utf-16-be"), "decoded as UTF-16 (no byte-order mark)"),
    (lambda t: t.encode("utf-32"), "decoded as UTF-32"),
    (lambda t: t.encode("cp949"), "decoded as CP949 (EUC-KR)"),
    (lambda t: t.encode("euc-kr"), "decoded as CP949 (EUC-KR)"),
    (lambda t: "똠방각하 뷁".encode("cp949") + t.encode("cp949"), "decoded as CP949 (EUC-KR)"),
])
def test_decode_bytes_reads_each_encoding(encode, note):
    data = encode(SAMPLE)
    text, notes = decode_bytes(data)
    assert text.endswith(SAMPLE) and "\ufeff" not in text
    assert notes == ([note] if note else [])


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    bytes(range(256)),
    b"abc\x81\x8d\x8f\x90\x9d",  # neither UTF-8, CP949 nor CP1252
])
def test_decode_bytes_refuses_binary(data):
    with pytest.raises(NotText):
        decode_bytes(data)


def test_decode_bytes_repairs_cp949_read_as_latin1_and_says_so():
    korean = "이 번 협약에는 “정치, 상업” 분야도 포함된다."
    damaged = korean.encode("cp949").decode("latin-1")
    assert damaged.startswith("ÀÌ ¹ø")
    text, notes = decode_bytes(f"English line stays.\n{damaged}\n".encode("utf-8"))
    assert text == f"English line stays.\n{korean}\n"
    assert notes == ["repaired mojibake (CP949 read as Latin-1) on 1 line(s)"]


def test_decode_bytes_repairs_cp949_read_as_cp1252():
    # 똠 and 뷁 are CP949 bytes 8C 63 and 94 EE, which CP1252 shows as "Œc" and "”î".
    korean = "똠방각하는 뷁 소리를 냈다."
    damaged = korean.encode("cp949").decode("cp1252")
    assert damaged.startswith("Œc")
    assert decode_bytes(damaged.encode("utf-8")) == (
        korean, ["repaired mojibake (CP949 read as Latin-1) on 1 line(s)"])


def test_decode_bytes_repairs_utf8_read_as_latin1():
    damaged = "북한은 러시아와 회담했다.".encode("utf-8").decode("latin-1")
    text, notes = decode_bytes(damaged.encode("utf-8"))
    assert text == "북한은 러시아와 회담했다."
    assert notes == ["repaired mojibake (UTF-8 read as Latin-1) on 1 line(s)"]


def test_decode_bytes_repairs_only_the_damaged_lines_of_a_text():
    first, second = "북한과 러시아가 조약을 체결했다.", "회담이 열렸다."
    lines = ["북·러 정상회담", first.encode("cp949").decode("latin-1"), "English stays.",
             second.encode("utf-8").decode("latin-1")]
    text, notes = decode_bytes("\n".join(lines).encode("utf-8"))
    assert text == "\n".join(["북·러 정상회담", first, "English stays.", second])
    assert notes == ["repaired mojibake (CP949 read as Latin-1) on 1 line(s)",
                     "repaired mojibake (UTF-8 read as Latin-1) on 1 line(s)"]


@pytest.mark.parametrize("genuine", [
    "Putin’s visit and Putin’s “hope” stay as they are.",  # CP1252 ’s is a valid CP949 pair
    "Ça va, café crème à la française, déjà vu.",
    "북·러 정상회담 © 2024 · 10 °C · ½",
])
def test_decode_bytes_leaves_genuine_latin1_text_alone(genuine):
    assert decode_bytes(genuine.encode("utf-8")) == (genuine, [])


def test_mojibake_note_reaches_the_document(tmp_path):
    damaged = "북한과 러시아가 조약을 체결했다.".encode("cp949").decode("latin-1")
    doc = read_document(write(tmp_path / "m.txt", damaged))
    assert texts(doc) == ["북한과 러시아가 조약을 체결했다."]
    assert any("mojibake" in note for note in doc.notes)


def _cp949_as_latin1(text: str) -> str:
    return text.encode("cp949").decode("latin-1")


@pytest.mark.parametrize("damaged, repaired", [
    # Real curly quotes typed around the damaged text (issue 15): kept, not read as bytes.
    (_cp949_as_latin1("북한 외무성은 ") + "“" + _cp949_as_latin1("비핵화") + "” "
     + _cp949_as_latin1("협상을 거부했다."), "북한 외무성은 “비핵화” 협상을 거부했다."),
    (_cp949_as_latin1("미국은 ") + "‘" + _cp949_as_latin1("전략적 모호성") + "’(strategic ambiguity)"
     + _cp949_as_latin1("을 유지했다."), "미국은 ‘전략적 모호성’(strategic ambiguity)을 유지했다."),
])
def test_cp949_mojibake_with_real_quotes_is_repaired_and_mined(tmp_path, damaged, repaired):
    from vocab.mine.pipeline import mine

    path = write(tmp_path / "m.txt", damaged)
    doc = read_document(path)
    assert texts(doc) == [repaired]
    assert doc.notes == ("repaired mojibake (CP949 read as Latin-1) on 1 line(s)",)
    lemmas = {term.lemma for term in mine([path], use_cache=False).terms}
    assert {"외무성", "비핵화"} <= lemmas or "전략적 모호성" in lemmas


@pytest.mark.parametrize("raw, expected", [
    (unicodedata.normalize("NFD", "한국어 문장"), "한국어 문장"),
    ("ＡＢＣ１２３！（주）", "ABC123!(주)"),
    ("북한\u200b러시아\u200d\u2060", "북한러시아"),
    ("\ufeff제목", "제목"),
    ("a\u00a0b\u3000c\u202fd", "a b c d"),
    ("line\r\nnext\rlast\u2028end", "line\nnext\nlast\nend"),
    ("ㄱㄴㄷ ㅋㅋ 「인용」。、…①", "ㄱㄴㄷ ㅋㅋ 「인용」。、…①"),  # jamo, CJK punctuation kept
    ("\uffa1\uffa4", "ㄱㄴ"),  # half-width jamo become ordinary jamo
    ("￦1,000", "₩1,000"),
    ("soft\u00adhyphen\x07bell\ttab", "softhyphenbell tab"),
])
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


_TABLE_CHARS = "".join(map(chr, sorted(decoding._TABLE))) + "\uff5f\uffe7가ᄀ\u1161한 a\r\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TABLE_CHARS)) | st.text(max_size=40))
def test_normalise_text_replaces_just_what_the_table_says(raw):
    expected = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").translate(decoding._TABLE))
    assert normalise_text(raw) == expected


def test_nfd_file_is_read_as_nfc(tmp_path):
    sentence = "북한과 러시아가 조약을 체결했다."
    doc = read_document(write(tmp_path / "nfd.txt", unicodedata.normalize("NFD", sentence)))
    assert texts(doc) == [sentence]


@pytest.mark.parametrize("suffix, expected", [
    (".txt", "AT&amp;T와 &lt;한국&gt; 주가가 올랐다."),
    (".md", "AT&T와 <한국> 주가가 올랐다."),
    (".html", "AT&T와 <한국> 주가가 올랐다."),
])
def test_html_entities_are_unescaped_only_in_markup(tmp_path, suffix, expected):
    doc = read_document(write(tmp_path / f"e{suffix}", "AT&amp;T와 &lt;한국&gt; 주가가 올랐다."))
    assert texts(doc) == [expected]


# --- Markdown and HTML ------------------------------------------------------------------------

MARKDOWN = """---
title: "조약 체결: 북한과 러시아"
tags: [북한, 러시아]
---

# 큰 제목

첫 문단이다. 둘째 문장이다.

| 나라 | 내용 |
|---|---|
| 북한 | 러시아와 협조 |

- 첫째 항목이다.
- 둘째 항목이다.

<p><b>굵은 소제목</b><br>본문 문장이다.</p>
<script>var hidden = "숨은 글";</script>
<table><tr><td>칸 하나</td><td>칸 둘</td></tr></table>
<ul>
  <li>하나의 항목이다.</li>
  <li>또 다른 항목이다.</li>
</ul>
"""


def test_markdown_front_matter_title_cells_and_items(tmp_path):
    doc = read_document(write(tmp_path / "page.md", MARKDOWN))
    assert doc.title == "조약 체결: 북한과 러시아"
    assert [(p.text, p.kind) for p in doc.paragraphs] == [
        ("큰 제목", "heading"),
        ("첫 문단이다. 둘째 문장이다.", "body"),
        ("나라", "heading"), ("내용", "heading"), ("북한", "heading"), ("러시아와 협조", "heading"),
        ("첫째 항목이다.", "body"), ("둘째 항목이다.", "body"),
        ("굵은 소제목", "heading"), ("본문 문장이다.", "body"),
        ("칸 하나", "heading"), ("칸 둘", "heading"),
        ("하나의 항목이다.", "body"), ("또 다른 항목이다.", "body"),
    ]
    assert [s.text for s in doc.paragraphs[1].sentences] == ["첫 문단이다.", "둘째 문장이다."]


def test_front_matter_in_a_txt_file_makes_it_markdown(tmp_path):
    doc = read_document(write(tmp_path / "page.txt", "---\ntitle: 제목이다\n---\n<p>본문이다.</p>\n"))
    assert doc.title == "제목이다" and texts(doc) == ["본문이다."]


@pytest.mark.parametrize("front, title", [
    ("title: [unclosed\n", "[unclosed"),  # invalid YAML: the title line is still a good guess
    ("title: 2024-13-45\n", "2024-13-45"),  # PyYAML raises ValueError on this "date"
    ("- just\n- a list\n", "page"),
    ("title:\n  nested: map\n", "page"),
    ("title: 2024-06-13\n", "2024-06-13"),
])
def test_broken_front_matter_is_tolerated(tmp_path, front, title):
    doc = read_document(write(tmp_path / "page.md", f"---\n{front}---\n\n본문이다.\n"))
    assert texts(doc) == ["본문이다."]
    assert doc.title == title


def test_invalid_yaml_front_matter_is_noted(tmp_path):
    doc = read_document(write(tmp_path / "page.md", "---\ntitle: [unclosed\n---\n\n본문이다.\n"))
    assert any("front matter is not valid YAML" in note for note in doc.notes)


HTML = """<!DOCTYPE html><html><head><title>기사 제목 | 어느 신문</title>
<style>p { color: red }</style></head>
<body><nav><a href="/">홈</a> <a href="/politics">정치</a></nav>
<h1>북한과 러시아의 조약</h1>
<p>북한과 러시아가   조약을
체결했다. 양국은 &quot;동맹&quot;을 선언했다.</p>
<p>첫 줄이다.<br>둘째 줄이다.</p>
<table><tr><th>나라</th><td>러시아</td></tr></table>
<figure><img src="x.jpg" alt="사진"><figcaption>시민들이 모여 있다.</figcaption></figure>
<script>document.write("숨은 글")</script>
<footer>발행인 홍길동</footer></body></html>"""


def test_html_blocks_breaks_and_furniture_markup(tmp_path):
    doc = read_document(write(tmp_path / "page.html", HTML))
    assert doc.title == "북한과 러시아의 조약"
    assert [(p.text, p.kind) for p in doc.paragraphs] == [
        ("북한과 러시아의 조약", "heading"),
        ('북한과 러시아가 조약을 체결했다. 양국은 "동맹"을 선언했다.', "body"),
        ("첫 줄이다.", "body"), ("둘째 줄이다.", "body"),
        ("나라", "heading"), ("러시아", "heading"),
    ]
    assert set(doc.furniture) == {"홈 정치", "시민들이 모여 있다.", "발행인 홍길동"}


def test_html_title_element_is_the_fallback_title(tmp_path):
    doc = read_document(write(tmp_path / "p.html", "<title>기사 제목</title><p>본문이다.</p>"))
    assert doc.title == "기사 제목"
    assert read_document(write(tmp_path / "plain.txt", "본문이다.")).title == "plain"


def test_hard_wrapped_lines_are_joined_but_dump_lines_are_not(tmp_path):
    wrapped = (
        "This is a long paragraph of English prose that an editor wrapped\n"
        "at about seventy columns, so that each of its lines is just as wide\n"
        "as the others and the sentence carries on until it finally ends here.\n"
        "\n"
        "2024. 6. 13. 20:09\n"
        "A short line of its own\n"
        "Another line that ends a sentence of its own.\n"
    )
    doc = read_document(write(tmp_path / "w.txt", wrapped))
    assert texts(doc) == [
        "This is a long paragraph of English prose that an editor wrapped at about seventy "
        "columns, so that each of its lines is just as wide as the others and the sentence "
        "carries on until it finally ends here.",
        "A short line of its own",
        "Another line that ends a sentence of its own.",
    ]


# --- furniture and kinds ---------------------------------------------------------------------

# The furniture examples named in the issues, as they stand in the seeds.
SEED_FURNITURE = [
    ("000", "검색"),
    ("000", "관련이슈 WT사설-논단 , 오피니언 최신"),
    ("000", "입력 : 2026-01-13 23:49:14 수정 : 2026-01-13 23:49:13"),
    ("000", "인쇄 메일 url 공유 - +"),
    ("000", "오성환 외신전문위원 suhwo@segye.com"),
    ("000", "포토"),
    ("000", "고윤정 '아름다운 미모'"),
    ("000", "이세희 '사랑스러운 볼하트'"),
    ("000", "신세경 '우아하게'"),
    ("000", "쯔위, 과감한 '큐티 섹시' 란제리 패션"),
    ("001", "10월 26, 2024"),
    ("001", "Gavriel Grigorov/Pool/AFP/스푸트니크/게티 이미지"),
    ("001", "김정은 북한 국무위원장과 블라디미르 푸틴 러시아 대통령이 19일 평양 김일성광장에서 리셉션을 나오고 있다."),
    ("001", "스트링거/게티 이미지"),
    ("001", "블라디미르 푸틴 러시아 대통령(오른쪽)과 김정은 북한 국무위원장이 2024년 6월 19일 북한 평양에서 열린 리셉션에 참석하고 있다."),
    ("001", "블라디미르 스미르노프/스푸트니크/풀/로이터"),
    ("001", "이타르타스/AFP"),
    ("001", "블라디미르 푸틴 러시아 대통령(오른쪽)이 2000년 7월 19일 수요일 평양에 도착해 김정일 북한 국방위원장과 악수하고 있다."),
    ("002", "2024. 6. 13. 20:09"),
    ("002", "글자크기 설정 파란원을 좌우로 움직이시면 글자크기가 변경 됩니다."),
    ("002", "(예시) 가장 빠른 뉴스가 있고 다양한 정보, 쌍방향 소통이 숨쉬는 다음뉴스를 만나보세요."),
    ("002", "Copyright © 코리아중앙데일리. 무단전재 및 재배포 금지."),
    ("002", "이 기사에 대해 어떻게 생각하시나요?"),
]


@pytest.mark.parametrize("prefix, line", SEED_FURNITURE)
def test_seed_furniture_is_kept_apart(seed_docs, prefix, line):
    doc = seed_docs[prefix]
    assert any(f.startswith(line) for f in doc.furniture)
    assert all(line not in p.text for p in doc.paragraphs)


@pytest.mark.parametrize("prefix, sentence", [
    ("000", "Strategic patience failed because we thought North Korea would acquiesce and "
            "voluntarily return to credible denuclearization talks."),
    ("000", "It didn’t."),
    ("000", "An emboldened Mr. Putin may attack other European nations in his attempt to "
            "reestablish the Soviet Union, the collapse of which Mr. Putin has lamented the "
            "demise of “historical Russia.”"),
    ("000", "러시아가 북한과 맺은 상호방위조약은 미국과 우리의 유럽 동맹국들 및 협력국가들에는 커다란 차질이다."),
    ("001", "그는 이번 협약에는 “정치, 상업, 투자, 문화, 안보 분야도 포함된다”며 “진정으로 획기적인 문서”라고 설명했다."),
    ("001", "이 관계는 러시아에게도 중요합니다."),
    ("002", "Russian President Vladimir Putin will likely visit North Korea soon."),
    ("002", "The government must send Moscow a clear message against a dangerous military deal with Pyongyang."),
    ("003", "최 외무상과 북한 대표단은 이날 평양을 출발해 러시아로 향했다고 조선중앙통신이 보도했다."),
    ("003", "The Korean Central News Agency reported that Foreign Minister Choi and the North "
            "Korean delegation left Pyongyang and headed to Russia."),
    ("004", "북한과 러시아가 포괄적 전략적 동반자 관계로 설정하는 조약을 체결했다."),
])
def test_seed_sentences_are_kept(seed_docs, prefix, sentence):
    assert sentence in sentence_texts(seed_docs[prefix])


@pytest.mark.parametrize("prefix, text, kind", [
    ("000", "[WT논평] North Korea will reinforce its allied relationship with Russia", "heading"),
    ("000", "By Joseph R. DeTrani (former special envoy for negotiations with North Korea)", "meta"),
    ("000", "조지프 R 디트라니(전 대북 6자회담 미국 특사)", "meta"),
    ("000", "북한은 러시아와의 동맹관계를 강화할 것이다", "heading"),
    ("000", "△setback: 차질 △reestablish: 재건하다 △adventurism: 모험적 행보", "gloss"),
    ("001", "푸틴 “북·러, 공격받으면 서로 도울 것”", "heading"),
    ("002", "Putin must not send the wrong signal to North Korea", "heading"),
    ("003", "by 김종찬 Jan 15. 2024", "meta"),
    ("003", "International sanctions, multilateral sanctions, Taiwanese democracy, Taiwanese "
            "election, arms trade, North Korean-Russian foreign ministers' meeting, North Korean "
            "ballistic missiles, cross-strait relations, Choi Son-hee, Putin's visit to North Korea",
     "meta"),
    ("004", "북한-러시아 관계 강화", "heading"),
    ("004", "북한-러시아 포괄적 전략적 동반자 관계 체결", "heading"),
])
def test_seed_paragraph_kinds(seed_docs, prefix, text, kind):
    matching = [p.kind for p in seed_docs[prefix].paragraphs if p.text == text]
    assert matching == [kind]  # exactly once: repeated headlines and bylines appear once


@pytest.mark.parametrize("prefix, title", [
    ("000", "[WT논평] North Korea will reinforce its allied relationship with Russia"),
    ("001", "푸틴 “북·러, 공격받으면 서로 도울 것”"),
    ("002", "Putin must not send the wrong signal to North Korea"),
    ("003", "북러외무장관회담 푸틴‘연내방북’접근,국제제재'무력화'"),
    ("004", "푸틴 우크라 전쟁 북 지원 가능성 공식화…김정은 동맹관계로 올라섰다"),
])
def test_seed_titles(seed_docs, prefix, title):
    assert seed_docs[prefix].title == title


def test_seeds_are_read_in_order_without_problems_or_notes():
    docs, problems = read_documents([SEEDS])
    assert problems == []
    assert [Path(d.path).name[:3] for d in docs] == ["000", "001", "002", "003", "004"]
    # In particular seeds/002's "Putin’s" is not mistaken for CP949 mojibake.
    assert [d.notes for d in docs] == [()] * 5


@pytest.mark.parametrize("prefix, start, lang", [
    ("000", "Russia’s mutual defense treaty", "en"),
    ("000", "러시아가 북한과 맺은 상호방위조약은", "ko"),
    ("000", "△setback", "mixed"),
    ("001", "러시아 통신사 TASS에 따르면", "ko"),
    ("003", "North Korea-Russia Foreign Ministers' Meeting", "en"),
    ("004", "북한과 러시아가 포괄적", "ko"),
])
def test_seed_language_tags(seed_docs, prefix, start, lang):
    (paragraph,) = [p for p in seed_docs[prefix].paragraphs if p.text.startswith(start)]
    assert paragraph.lang == lang


def test_seed_003_headline_variants_appear_once(seed_docs):
    doc = seed_docs["003"]
    assert "북러 외무장관회담 푸틴 ‘연내 방북’ 접근, 국제제재 ‘무력화’" in doc.furniture
    assert [p.kind for p in doc.paragraphs[:2]] == ["meta", "heading"]


# Small invented lines: the rules go by shape, not by the seeds' strings.
@pytest.mark.parametrize("text, kind", [
    ("연합뉴스/AP/로이터", None),
    ("사진=연합뉴스", None),
    ("Getty Images", None),
    ("김철수 기자 kim@example.com", None),
    ("Posted: 2023-05-01 10:00 KST", None),
    ("2023년 5월 1일 오전 10:00", None),
    ("Updated May 5, 2024", None),
    ("© 2024 Example News. All rights reserved.", None),
    ("공유 스크랩 인쇄 +", None),
    ("카카오톡 페이스북 트위터", None),
    ("글씨 크기를 바꿉니다", None),
    ("뉴스레터를 구독하세요.", None),
    ("이 기사를 추천하시겠습니까?", None),
    ("관련기사 북한 미사일 발사", None),
    ("Related: Kim visits Moscow", None),
    ("Subscribe to our newsletter", None),
    ("정치", None),
    ("* * *", None),
    ("북/러 정상회담", "heading"),
    ("러시아와 북한이 조약을 체결했다.", "body"),
    ("“투표하세요”라는 구호가 거리에 퍼졌다.", "body"),
    ("By Jane Doe, Seoul correspondent", "meta"),
    ("김철수 기자", "meta"),
    ("홍길동(전 주러시아 대사)", "meta"),
    ("정치, 외교, 안보, 북한, 러시아", "meta"),
    ("#북한 #러시아 #조약", "meta"),
    ("futile = vain 헛된", "gloss"),
    ("*a trade pact 통상 조약", "gloss"),
    ("△sanction: 제재", "gloss"),
    ("Editorial: 북한은 러시아와의 동맹관계를 강화할 것이다", "heading"),
    ("By 2026, North Korea will have more missiles.", "body"),
    ("ⓒ 연합뉴스", None),
    ("Ⓒ 연합뉴스", None),
    ("무단 전재 및 재배포 금지", None),
    ("COPYRIGHT 2024 Example News", None),
    ("FONT SIZE", None),
    ("The copyright dispute ended in court.", "body"),
    ("△sanction: 제재, △treaty: 조약, △ally: 동맹, △envoy: 특사", "gloss"),
    ("수천의 사람이 모였다. 그들은 환호했다", "body"),  # two sentences: not a heading
])
def test_lines_are_judged_by_shape(text, kind):
    (verdict,) = judge([Unit(text)])
    assert verdict.kind == kind, verdict.reason


def test_a_single_sentence_after_an_image_credit_is_a_caption():
    units = [Unit("러시아와 북한이 조약을 체결했다."), Unit("홍길동/AFP/연합뉴스"),
             Unit("시민들이 광장에 모여 있다."), Unit("이 사건은 큰 파장을 낳았다.")]
    assert [v.kind for v in judge(units)] == ["body", None, None, "body"]


def test_a_credit_before_two_sentences_leaves_them_alone():
    units = [Unit("홍길동/AFP/연합뉴스"), Unit("시민들이 모였다. 그들은 환호했다.")]
    assert [v.kind for v in judge(units)] == [None, "body"]


@pytest.mark.parametrize("count, kind", [(2, "heading"), (3, None)])
def test_runs_of_short_bullets_are_furniture(count, kind):
    units = [Unit(f"항목 {i}", "item") for i in range(count)]
    assert {v.kind for v in judge(units)} == {kind}


def test_repeated_headline_is_kept_once(tmp_path):
    doc = read_document(write(tmp_path / "r.txt", "조약 체결 소식\n\n조약 체결 소식\n\n본문이다."))
    assert texts(doc) == ["조약 체결 소식", "본문이다."]
    assert doc.furniture == ("조약 체결 소식",)


def test_short_lines_repeated_by_the_template_go_but_long_repeats_stay_once(tmp_path):
    headline = "북한과 러시아, 포괄적 전략적 동반자 관계 조약을 평양에서 체결"
    body = "\n\n".join(["오늘의 주요 소식", headline, "첫 문단이다.", "오늘의 주요 소식", headline,
                        "둘째 문단이다.", "오늘의 주요 소식", headline])
    doc = read_document(write(tmp_path / "t.txt", body))
    assert texts(doc) == [headline, "첫 문단이다.", "둘째 문단이다."]
    assert doc.furniture.count("오늘의 주요 소식") == 3


def test_long_hard_wrapped_paragraph_is_reported(tmp_path):
    line = "The cat sat on the mat and looked at the dog for quite a long time and\n"
    with pytest.raises(SourceError, match="a paragraph has .* characters: not prose"):
        read_document(write(tmp_path / "w.txt", line * 2000))


def test_all_furniture_document_is_read_with_a_note(tmp_path):
    doc = read_document(write(tmp_path / "f.txt", "검색\n\n2024. 6. 13. 20:09\n"))
    assert doc.paragraphs == () and doc.furniture == ("검색", "2024. 6. 13. 20:09")
    assert doc.notes == ("nothing left after removing page furniture",)


# --- language and sentences ------------------------------------------------------------------


@pytest.mark.parametrize("text, lang", [
    ("북한과 러시아가 조약을 체결했다.", "ko"),
    ("푸틴 대통령은 TASS와 RIA Novosti에 말했다.", "ko"),
    ("North Korea and Russia signed a treaty.", "en"),
    ("Strategic patience (전략적 인내) failed because North Korea never returned to the talks.", "en"),
    ("△setback: 차질 △reestablish: 재건하다", "mixed"),
    ("futile = vain 헛된", "mixed"),
    ("2024 — 10:00", "mixed"),
    # the final consonants decide: 6 or 9 Hangul letters against 5 Latin ones
    ("가가가 abcde", "mixed"),
    ("각각각 abcde", "ko"),
    ("힣힣 abcdefghijklmnop", "mixed"),
    ("Café crème brûlée à Séoul", "en"),
    ("ㅋㅋㅋ 진짜 웃기다", "ko"),
])
def test_paragraph_lang(text, lang):
    assert paragraph_lang(text) == lang


def lang_by_letters(text: str) -> str:
    """paragraph_lang's rule spelled out, letter by letter."""
    hangul = sum(3 if (ord(c) - 0xAC00) % 28 else 2 for c in text if "가" <= c <= "힣")
    hangul += sum(1 for c in text if "\u1100" <= c <= "\u11ff" or "\u3131" <= c <= "\u318e")
    latin = sum(1 for c in text if c.isascii() and c.isalpha()
                or "\u00c0" <= c <= "\u024f" and c not in "\u00d7\u00f7")
    if not hangul + latin:
        return "mixed"
    share = hangul / (hangul + latin)
    return "ko" if share >= 0.6 else "en" if share <= 0.2 else "mixed"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("가각힣ㄱᄀ abcXYZ éÿŁ×ꀀ힤1.·")), max_size=40)
       | st.text(max_size=40))
def test_paragraph_lang_counts_letters(text):
    assert paragraph_lang(text) == lang_by_letters(text)


@pytest.mark.parametrize("text, expected", [
    ("Mr. Putin met Dr. Kim. They talked.", ["Mr. Putin met Dr. Kim.", "They talked."]),
    ("Joseph R. DeTrani wrote it. He left.", ["Joseph R. DeTrani wrote it.", "He left."]),
    ("It was a setback for the U.S. and our allies. It was bad.",
     ["It was a setback for the U.S. and our allies.", "It was bad."]),
    ("He lives in the U.S. The weather is nice.", ["He lives in the U.S.", "The weather is nice."]),
    ("The U.S. Army left. It was May.", ["The U.S. Army left.", "It was May."]),
    ("It is No. 1 in Asia. Next week is busy.", ["It is No. 1 in Asia.", "Next week is busy."]),
    ('"Stop!" he said. "Now."', ['"Stop!" he said.', '"Now."']),
    ("Prices rose 3.5 percent. Markets fell.", ["Prices rose 3.5 percent.", "Markets fell."]),
    ("Is it over? Yes. It is.", ["Is it over?", "Yes.", "It is."]),
    ("They met on Jan. 15 in Seoul. It ended.", ["They met on Jan. 15 in Seoul.", "It ended."]),
    ("Apple Inc. said so. Then it stopped.", ["Apple Inc. said so.", "Then it stopped."]),
    ("Use e.g. this one. Fine.", ["Use e.g. this one.", "Fine."]),
    ("Wait… What happened?", ["Wait…", "What happened?"]),
    ("He said “no.” Then he left.", ["He said “no.”", "Then he left."]),
])
def test_split_english(text, expected):
    assert [text[start:end] for start, end in split_english(text)] == expected


def test_sentence_offsets_point_into_paragraph_text(seed_docs):
    for doc in seed_docs.values():
        for paragraph in doc.paragraphs:
            assert paragraph.sentences, paragraph.text
            for sentence in paragraph.sentences:
                assert paragraph.text[sentence.start:sentence.end] == sentence.text
                assert sentence.text == sentence.text.strip() != ""


def test_korean_paragraphs_are_split_by_kiwi_in_one_call_per_document(monkeypatch):
    calls = []
    real = korean_sentences.split_sentences

    def counting(texts, **options):
        calls.append(len(texts))
        return real(texts, **options)

    monkeypatch.setattr(korean_sentences, "split_sentences", counting)
    doc = read_document(seed("000"))
    korean = [p for p in doc.paragraphs if p.lang != "en"]
    assert calls == [len(korean)]
    two = [p for p in korean if "우려되는 것은" in p.text][0]
    assert [s.text for s in two.sentences][:2] == [
        "우려되는 것은, 러시아가 우크라이나를 상대로 한 전쟁을 멈추지 않으리란 점이다.",
        "대담해진 푸틴은 소련을 재건하겠다는 시도 속에서 유럽의 다른 나라들을 침략할지도 모른다.",
    ]


def test_paragraph_indexes_count_kept_paragraphs(seed_docs):
    for doc in seed_docs.values():
        assert [p.index for p in doc.paragraphs] == list(range(len(doc.paragraphs)))


# --- any text at all --------------------------------------------------------------------------

_MARKUP_ALPHABET = st.sampled_from(list("가나다한국어 abcXYZ.?!,\n\n<>/#|*-_:=△“”'\"@©&;`[]()\u200b\u00a0ᄀ\u1161"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text() | st.text(alphabet=_MARKUP_ALPHABET, max_size=300),
    suffix=st.sampled_from([".txt", ".md", ".html"]),
)
def test_read_document_on_any_text_raises_only_source_error(tmp_path, text, suffix):
    path = write(tmp_path / f"any{suffix}", text)
    try:
        doc = read_document(path)
    except SourceError:
        return
    for paragraph in doc.paragraphs:
        assert paragraph.text.strip()
        for sentence in paragraph.sentences:
            assert paragraph.text[sentence.start:sentence.end] == sentence.text
