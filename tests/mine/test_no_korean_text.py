"""Issue 15: an English-only document says so in one line, from `vocab mine` and
`vocab build` alike, instead of an empty table or a complaint about glosses.

The texts are excerpts of real public pages of the evaluation set
(tests/data/pages/dev/, addresses in its SOURCES.tsv).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vocab.errors import NoKoreanText
from vocab.mine.pipeline import NO_KOREAN_NOTE, mine
from cli_helpers import vocab

# dev/17_jdaily-end-war-declaration.txt (Korea JoongAng Daily), its English paragraphs.
ENGLISH_ONLY = """\
Moon repeats call for declaration to end Korean War at UN

President Moon Jae-in proposed that the two Koreas, the United States, and possibly China, formally declare an end to the 1950-53 Korean War in his address to the United Nations General Assembly on Tuesday.

"When the parties involved in the Korean War stand together and proclaim an end to the war, I believe we can make irreversible progress in denuclearization and usher in an era of complete peace," Moon told the United Nations in New York.
"""
# dev/02_ytnradio-russia-halts-cooperation.txt (YTN radio).
KOREAN = """\
러시아 국방장관 "안보리 결의 이행위해 북한과 모든 군사협력 중단"

러시아가 유엔 안전보장이사회의 대북 제재 결의를 이행하기 위해 북한과의 모든 군사협력을 중단했다고 밝혔습니다.
"""


@pytest.fixture
def english_page(tmp_path: Path) -> Path:
    page = tmp_path / "moon-un.txt"
    page.write_text(ENGLISH_ONLY, encoding="utf-8")
    return page


def test_an_english_only_document_is_not_mined_but_named(english_page, project):
    with pytest.raises(NoKoreanText) as raised:
        mine([english_page], project_dir=project, use_cache=False)
    assert str(raised.value) == (
        f"no Korean text: vocab studies Korean words; {english_page.as_posix()} has none")


@pytest.mark.parametrize("command", ["mine", "build"])
def test_the_cli_says_so_in_one_line_instead_of_an_empty_table(english_page, tmp_path, command):
    extra = ["-q", "--no-audio", "--out", str(tmp_path / "deck.apkg")] if command == "build" else []
    result = vocab(command, english_page, "--no-cache", *extra, exit_code=1)
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: no Korean text: vocab studies Korean words; ")
    assert "gloss" not in line and not (tmp_path / "deck.apkg").exists()


def test_an_english_document_among_korean_ones_gets_a_note(english_page, tmp_path, project):
    korean = tmp_path / "ytn.txt"
    korean.write_text(KOREAN, encoding="utf-8")
    result = mine([english_page, korean], project_dir=project, use_cache=False)
    assert result.without_korean == [english_page.as_posix()]
    assert f"{english_page.as_posix()}: {NO_KOREAN_NOTE}" in result.notes
    assert "제재" in {t.lemma for t in result.terms}


@pytest.mark.parametrize("text", ["”체결했다\n", "체결했다\n"])
def test_korean_that_is_all_page_furniture_is_not_called_english(tmp_path, project, text):
    # Found by hypothesis (tests/cli/test_robustness.py): a one-word Korean line is judged
    # furniture, which left no paragraph with Hangul; the page is Korean all the same.
    page = tmp_path / "one-line.txt"
    page.write_text(text, encoding="utf-8")
    result = mine([page], project_dir=project, use_cache=False)
    assert result.without_korean == []
