"""Issue 6: real-world input, failures and interruptions never lose work or crash the build.

Every bad file is written by the test.  What other modules already prove is not repeated:

- the reader on each encoding, mojibake, NFD and invisible characters, and on each kind
  of bad file: test_sources.py (test_decode_bytes_*, test_normalise_text,
  test_read_documents_reports_each_bad_file_in_one_line_and_reads_the_rest);
- any Unicode through the reader and the gloss extractor (hypothesis):
  test_sources.py::test_read_document_on_any_text_raises_only_source_error,
  test_glosses.py::test_any_unicode_text and ::test_text_made_of_gloss_pieces;
- the speech service hanging (timeouts) and the switch to espeak-ng for the rest of the
  build: test_audio.py::test_auto_switches_to_espeak_when_gtts_stops_answering_mid_build,
  ::test_auto_falls_back_to_espeak_when_gtts_does_not_answer, ::test_gtts_retries_then_caches;
- escaping in the deck and the deck-level disk-full case: test_deck.py.

Here the same promises are checked where the user meets them: through the CLI, in a
real Anki collection, and in a build process interrupted by a signal.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import genanki
import pytest
from anki_helpers import import_package, open_collection, package_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vocab.deck import audio_cache as audio_module
from vocab.deck import offline as offline_module
from vocab.deck.encode import mp3_info
from vocab.deck import package as deck_module
from vocab import files as files_module
from vocab.lists import load as lists_module
from vocab.cli import cli
from vocab.files import remove_stale_temporaries
from vocab.lists.load import load_lexicon
from vocab.mine.pipeline import mine
from vocab.deck.tts import EspeakEngine, wav_is_complete
from cli_helpers import runner, vocab

# Twelve sentences of political news: the shipped lists gloss about fifty of their words,
# so `--level all` makes a deck of some sixty spoken texts.
NEWS = """\
북한과 러시아가 포괄적 전략적 동반자 관계 조약을 체결했다.
양국 정상은 군사 협력을 강화하기로 합의했다.
정부는 대북 제재를 유지하겠다고 발표했다.
외교부는 유엔 안전보장이사회에 긴급 회의를 요청했다.
대통령은 동맹국과의 공조를 강조했다.
국회는 국방 예산을 심의하고 있다.
야당은 정부의 외교 정책을 비판했다.
전문가들은 한반도의 안보 위기가 심화될 것이라고 경고했다.
미국 국무부는 비핵화 협상의 재개를 촉구했다.
중국은 중재 역할을 자처하며 대화를 제안했다.
일본 총리는 미사일 발사를 규탄하는 성명을 냈다.
여당은 선거를 앞두고 민생 법안 처리를 서둘렀다.
"""
GOOD_TERM = "체결하다"  # mined from NEWS's first line
INTERRUPTED = "Interrupted: nothing half-written was left behind."
HOUR = 3600

needs_espeak = pytest.mark.skipif(
    not EspeakEngine().available(),
    reason="espeak-ng with its Korean voice is not installed (CI installs it: apt install espeak-ng)",
)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A project folder with the news corpus in news/; its caches are in cache_dir()."""
    folder = tmp_path / "project"
    write(folder / "news" / "summit.txt", NEWS)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(cache_dir(folder)))
    return folder


def cache_dir(workdir: Path) -> Path:
    return workdir.parent / "cache"


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


PROGRESS = ("reading ", "audio ")  # lines a build prints as it goes (-q silences them)


def error_line(result) -> str:
    """A failed command's message: its stderr, but for progress, is one `Error:` line."""
    lines = [line for line in result.stderr.splitlines() if not line.startswith(PROGRESS)]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def mined_terms(json_file: Path) -> list[tuple]:
    """What a `vocab mine --json` file says about each term, without file names."""
    return sorted(
        (t["lemma"], t["pos"], t["gloss"], tuple(e["text"] for e in t["examples"]))
        for t in json.loads(json_file.read_text(encoding="utf-8"))
    )


def hidden_temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) if folder.exists() else []


# --- input: encodings and Unicode -----------------------------------------------------------


def cp949_read_as_latin1(text: str) -> bytes:
    return text.encode("cp949").decode("latin-1").encode("utf-8")


def utf8_read_as_latin1(text: str) -> bytes:
    return text.encode("utf-8").decode("latin-1").encode("utf-8")


ENCODINGS = [
    ("utf-8-bom", NEWS.encode("utf-8-sig"), None),
    ("utf-16", NEWS.encode("utf-16"), "decoded as UTF-16"),
    ("cp949", NEWS.encode("cp949"), "decoded as CP949 (EUC-KR)"),
    ("mojibake-cp949", cp949_read_as_latin1(NEWS), "repaired mojibake (CP949 read as Latin-1) on 12 line(s)"),
    ("mojibake-utf8", utf8_read_as_latin1(NEWS), "repaired mojibake (UTF-8 read as Latin-1) on 12 line(s)"),
]


@pytest.mark.parametrize("name, data, note", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_every_encoding_mines_the_same_terms_as_clean_utf8(workdir, name, data, note):
    write(workdir / "odd" / f"{name}.txt", data)
    vocab("mine", "news", "--json", "clean.json")
    vocab("mine", f"odd/{name}.txt", "--json", "odd.json")
    assert mined_terms(workdir / "odd.json") == mined_terms(workdir / "clean.json")
    assert GOOD_TERM in {t[0] for t in mined_terms(workdir / "odd.json")}


@pytest.mark.parametrize("name, data, note", [e for e in ENCODINGS if e[2]], ids=[e[0] for e in ENCODINGS if e[2]])
def test_build_tells_the_user_what_was_decoded_or_repaired(workdir, name, data, note):
    path = write(workdir / "odd" / f"{name}.txt", data)
    result = vocab("build", path, "--level", "all", "--tts", "none", "--out", "d.apkg")
    assert f"note: {path.as_posix()}: {note}" in result.stderr.splitlines()


def test_mine_tells_the_user_the_mojibake_was_repaired(workdir):
    path = write(workdir / "odd" / "mojibake.txt", cp949_read_as_latin1(NEWS))
    result = vocab("mine", path)
    assert GOOD_TERM in result.stdout
    assert re.search(r"^note: .*mojibake\.txt: repaired mojibake", result.stderr, re.MULTILINE)


def spelled_as_entities(text: str) -> str:
    return "".join(ch if ch in " .\n" else f"&#{ord(ch)};" for ch in text)


UNICODE_VARIANTS = {
    "nfd.txt": unicodedata.normalize("NFD", NEWS),
    "invisible.txt": NEWS.replace("조약", "조\u200b약").replace("협력", "협\u200d력").replace("정부", "\ufeff정부"),
    "no-break-spaces.txt": NEWS.replace(" ", "\u00a0"),
    "full-width.txt": NEWS.replace(".", "\uff0e").replace(" ", "\u3000"),
    "entities.html": "<p>" + spelled_as_entities(NEWS).replace("\n", "</p>\n<p>") + "</p>",
}


@pytest.mark.parametrize("name", sorted(UNICODE_VARIANTS))
def test_unicode_variants_mine_the_same_terms_as_clean_text(workdir, name):
    write(workdir / "odd" / name, UNICODE_VARIANTS[name])
    vocab("mine", "news", "--json", "clean.json")
    vocab("mine", f"odd/{name}", "--json", "odd.json")
    assert mined_terms(workdir / "odd.json") == mined_terms(workdir / "clean.json")


# --- input: bad files beside a good one -------------------------------------------------------


@pytest.fixture
def bad_folder(workdir, monkeypatch):
    """news/ plus one file of each bad kind; the expected one-line reason for each."""
    news = workdir / "news"
    write(news / "empty.txt", b"")
    write(news / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    write(news / "one-line.txt", "북한 North Korea 러시아 " * 250_000)  # one 5 MB line
    write(news / "secret.txt", NEWS)
    os.mkfifo(news / "pipe.txt")  # opening it would wait for a writer forever
    (news / "gone.txt").symlink_to(workdir / "nowhere.txt")

    # Root reads a chmod 000 file, so the refusal is simulated where the bytes are read.
    real_open = os.open

    def refuse_secret(file, *args, **kwargs):
        if Path(file).name == "secret.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_secret)
    return {
        "news/empty.txt": "empty file",
        "news/gone.txt": "broken symbolic link",
        "news/image.txt": "binary file (contains NUL bytes), not text",
        "news/one-line.txt": "line 1 has 4,750,000 characters: not prose (the limit is 100,000)",
        "news/pipe.txt": "not a regular file",
        "news/secret.txt": "permission denied",
    }


def skipped_lines(stderr: str) -> dict[str, str]:
    lines = [line for line in stderr.splitlines() if line.startswith("skipped ")]
    found = dict(line[len("skipped "):].split(": ", 1) for line in lines)
    assert len(found) == len(lines), "a file was reported twice"
    return found


def test_mine_skips_each_bad_file_in_one_line_and_mines_the_good_one(bad_folder):
    result = vocab("mine", "news", "--limit", "200")
    assert skipped_lines(result.stderr) == bad_folder
    assert GOOD_TERM in result.stdout


def test_build_skips_each_bad_file_in_one_line_and_builds_the_good_one(bad_folder, workdir):
    result = vocab("build", "news", "--level", "all", "--tts", "none", "--out", "d.apkg")
    assert skipped_lines(result.stderr) == bad_folder
    assert re.fullmatch(r"wrote \d+ notes to d\.apkg, no audio\n", result.stdout)
    assert f"{GOOD_TERM}|verb" in "".join(flds for *_, flds in package_rows(workdir / "d.apkg")["notes"])


def test_a_folder_of_nothing_but_bad_files_is_a_one_line_error(bad_folder, workdir):
    (workdir / "news" / "summit.txt").unlink()
    result = vocab("mine", "news", exit_code=1)
    assert skipped_lines(result.stderr) == bad_folder
    assert result.stderr.splitlines()[-1] == "Error: no document could be read; nothing to do"


# --- input: markup from a source stays text on the card -------------------------------------

HOSTILE_SOURCES = {
    "page.html": (
        "<html><head><title>&lt;script&gt;alert(0)&lt;/script&gt; 사설</title>"
        "<script>alert('head')</script></head><body>\n"
        "<p>정부는 &lt;script&gt;alert(1)&lt;/script&gt; 러시아와 새로운 조약을 체결했다고 발표했다.</p>\n"
        "<p>정부는 <script>alert(2)</script>제재를 <img src=x onerror=alert(3)>논의했다.</p>\n"
        "</body></html>\n"
    ),
    "note.md": (
        "# 외교 소식\n\n"
        "외교부는 <script>alert(4)</script> 대북 제재 방안을 검토했다고 밝혔다.\n\n"
        "국회는 <img src=x onerror=alert(5)> 새 법안을 통과시켰다.\n"
    ),
    "plain.txt": (
        "대통령은 <script>alert(6)</script> 정상회담에서 협력을 약속했다.\n"
        "야당은 <img src=x onerror=alert(7)> 예산안을 비판했다.\n"
    ),
}
HOSTILE_LIST = """\
entries:
  - ko: 조약
    en: treaty <script>alert(8)</script>
  - ko: 제재
    en: sanctions
  - ko: 법안
    en: bill
  - ko: 예산안
    en: budget bill
    note: <img src=x onerror=alert(9)>
"""


def test_markup_in_sources_never_becomes_live_markup_on_a_card(workdir):
    for name, text in HOSTILE_SOURCES.items():
        write(workdir / "hostile" / name, text)
    write(workdir / "words.yaml", HOSTILE_LIST)
    vocab("build", "hostile", "--level", "all", "--tts", "none", "--list", "words.yaml", "--out", "d.apkg")
    col = open_collection(workdir / "anki")
    try:
        import_package(col, workdir / "d.apkg")
        rendered = [card.question() + card.answer()
                    for note_id in col.find_notes("") for card in col.get_note(note_id).cards()]
    finally:
        col.close()
    assert rendered
    everything = "\n".join(rendered).lower()
    # Our templates use neither tag, so any <script or <img came from a source.
    assert "<script" not in everything and "<img" not in everything
    # The hostile text did reach the cards, as visible text: from an HTML page's title and
    # entities, a text file, a list's gloss and note.  (A sentence with `<img src=x …>` in
    # it is read as a glossary line, for its "=", so it gives no example.)
    for shown in ["&lt;script&gt;alert(0)&lt;/script&gt; 사설", "&lt;script&gt;alert(1)&lt;/script&gt; 러시아와",
                  "&lt;script&gt;alert(6)&lt;/script&gt;", "treaty &lt;script&gt;alert(8)&lt;/script&gt;",
                  "&lt;img src=x onerror=alert(9)&gt;"]:
        assert shown in everything


# --- failure: the output cannot be written ----------------------------------------------------


@pytest.mark.parametrize(
    "command, message",
    [
        (["build", "news", "--tts", "none", "--out", "blocker/d.apkg"],
         "Error: blocker/d.apkg: cannot write the deck: blocker is a file, not a folder"),
        (["build", "news", "--tts", "none", "--out", "blocker/deeper/d.apkg"],
         "Error: blocker/deeper/d.apkg: cannot write the deck: blocker is a file, not a folder"),
        (["mine", "news", "--json", "blocker/terms.json"], "Error: blocker is a file, not a folder"),
        (["gloss", "news", "--out", "blocker/words.yaml"], "Error: blocker is a file, not a folder"),
    ],
    ids=["build", "build-deeper", "mine-json", "gloss"],
)
def test_an_output_folder_that_is_a_file_is_a_one_line_error(workdir, command, message):
    write(workdir / "blocker", "not a folder")
    before = sorted(p.name for p in workdir.iterdir())
    result = vocab(*command, exit_code=1)
    assert error_line(result) == message
    assert sorted(p.name for p in workdir.iterdir()) == before
    assert (workdir / "blocker").read_text() == "not a folder"


def test_the_default_decks_folder_being_a_file_is_a_one_line_error(workdir):
    write(workdir / "decks", "not a folder")
    result = vocab("build", "news", "--tts", "none", exit_code=1)
    assert error_line(result) == (
        "Error: decks/news-advanced.apkg: cannot write the deck: decks is a file, not a folder")


@pytest.mark.parametrize(
    "command, message",
    [
        (["build", "news", "--tts", "none", "--out", "out/d.apkg"],
         "Error: out/d.apkg: cannot write the deck: Permission denied"),
        (["mine", "news", "--json", "out/terms.json"],
         "Error: out: Permission denied (choose a folder you may write to)"),
    ],
    ids=["build", "mine-json"],
)
def test_a_folder_that_refuses_writes_is_a_one_line_error(workdir, monkeypatch, command, message):
    # Root may write anywhere, so the refusal is simulated where the file is created.
    (workdir / "out").mkdir()

    def refuse(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files_module.tempfile, "mkstemp", refuse)
    result = vocab(*command, exit_code=1)
    assert error_line(result) == message
    assert list((workdir / "out").iterdir()) == []


# --- failure: the disk fills up ----------------------------------------------------------------


def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def sqlite_full(*_args, **_kwargs):
    raise sqlite3.OperationalError("database or disk is full")


@pytest.mark.parametrize(
    "seam, message",
    [
        ((deck_module.shutil, "copyfileobj", no_space),
         "Error: out/d.apkg: cannot write the deck: No space left on device"),
        ((genanki.Package, "write_to_db", sqlite_full),
         "Error: out/d.apkg: cannot write the deck: database or disk is full (temporary folder "),
    ],
    ids=["zip", "sqlite"],
)
def test_disk_full_while_writing_the_deck_keeps_the_old_deck(workdir, monkeypatch, seam, message):
    vocab("build", "news", "--tts", "none", "--out", "out/d.apkg")
    old = (workdir / "out" / "d.apkg").read_bytes()
    monkeypatch.setattr(*seam)
    result = vocab("build", "news", "--tts", "none", "--out", "out/d.apkg", exit_code=1)
    assert error_line(result).startswith(message)
    assert (workdir / "out" / "d.apkg").read_bytes() == old
    assert [p.name for p in (workdir / "out").iterdir()] == ["d.apkg"]


@needs_espeak
def test_disk_full_in_the_audio_cache_is_a_one_line_error_and_leaves_no_partial_audio(workdir, monkeypatch):
    monkeypatch.setattr(audio_module.os, "fsync", no_space)
    monkeypatch.setattr(offline_module, "POOL_MIN", 10 ** 6)  # speak here, where the seam is
    result = vocab("build", "news", "--tts", "espeak", "--out", "out/d.apkg", exit_code=1)
    audio = cache_dir(workdir) / "audio"
    assert error_line(result) == f"Error: {audio}: cannot write the audio cache (No space left on device)"
    assert list(audio.iterdir()) == []
    assert not (workdir / "out").exists()


def test_disk_full_while_writing_json_names_the_file_and_keeps_the_old_one(workdir, monkeypatch):
    write(workdir / "terms.json", "[]\n")
    monkeypatch.setattr(files_module.os, "fsync", no_space)
    result = vocab("mine", "news", "--json", "terms.json", exit_code=1)
    assert error_line(result) == "Error: terms.json: No space left on device (free some space, then run again)"
    assert (workdir / "terms.json").read_text() == "[]\n"
    assert hidden_temporaries(workdir) == []


# --- interruption in-process: Ctrl-C while the deck is being written -------------------------


def test_ctrl_c_while_writing_the_deck_keeps_the_old_deck(workdir, monkeypatch):
    vocab("build", "news", "--tts", "none", "--out", "out/d.apkg")
    old = (workdir / "out" / "d.apkg").read_bytes()

    def interrupted_zip(target, *_args):
        Path(target).write_bytes(b"PK\x03\x04 half a deck")
        raise KeyboardInterrupt

    monkeypatch.setattr(deck_module, "_zip", interrupted_zip)
    result = vocab("build", "news", "--tts", "none", "--out", "out/d.apkg", exit_code=130)
    assert result.stderr.splitlines()[-1] == INTERRUPTED
    assert (workdir / "out" / "d.apkg").read_bytes() == old
    assert [p.name for p in (workdir / "out").iterdir()] == ["d.apkg"]


# --- temporary files a killed run leaves ---------------------------------------------------------


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_only_old_temporaries_of_ours_are_swept(tmp_path):
    old_ours = write(tmp_path / ".vocab-0123.wav.abcd1234.tmp", b"RIFF")
    young_ours = write(tmp_path / ".vocab-4567.wav.efgh5678.tmp", b"RIFF")
    old_visible = write(tmp_path / "vocab-89ab.wav.tmp", b"RIFF")  # not hidden: not ours
    old_other = write(tmp_path / ".d.apkg.ijkl9012.tmp", b"PK")  # another prefix
    finished = write(tmp_path / "vocab-0123.wav", b"RIFF")
    for path in (old_ours, old_visible, old_other, finished):
        age(path, 2 * HOUR)
    assert remove_stale_temporaries(tmp_path, prefix=".vocab-") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (young_ours, old_visible, old_other, finished))
    assert remove_stale_temporaries(tmp_path / "missing") == 0


def test_a_build_sweeps_old_temporaries_beside_its_deck_only(workdir):
    out = workdir / "out"
    stale = write(out / ".d.apkg.abcd1234.tmp", b"PK half")
    young = write(out / ".d.apkg.efgh5678.tmp", b"PK half")  # a build running right now
    other = write(out / ".e.apkg.ijkl9012.tmp", b"PK half")
    age(stale, 2 * HOUR)
    age(other, 2 * HOUR)
    vocab("build", "news", "--tts", "none", "--out", "out/d.apkg")
    assert sorted(p.name for p in out.iterdir()) == sorted(["d.apkg", young.name, other.name])


def test_a_wav_cut_short_is_not_complete(tmp_path):
    whole = write(tmp_path / "whole.wav", b"RIFF" + (36).to_bytes(4, "little") + b"WAVE" + bytes(32))
    assert wav_is_complete(whole)
    assert not wav_is_complete(write(tmp_path / "short.wav", whole.read_bytes()[:30]))
    assert not wav_is_complete(write(tmp_path / "mp3.wav", b"ID3" + bytes(60)))
    assert not wav_is_complete(tmp_path / "absent.wav")


# --- YAML lists: safe loading only, and never rewritten --------------------------------------

PYTHON_TAG_LISTS = [
    pytest.param("entries:\n  - ko: !!python/object/apply:os.system [\"touch {marker}\"]\n    en: x\n",
                 2, id="apply-on-ko"),
    pytest.param("entries:\n  - ko: 조약\n    en: !!python/name:os.system\n", 3, id="name-on-en"),
    pytest.param("- !!python/object/apply:os.system [\"touch {marker}\"]\n", 1, id="apply-as-entry"),
    pytest.param("entries:\n  - ko: 조약\n    en: !!python/object/apply:os.system [\"touch {marker}\"]\n",
                 3, id="apply-on-en-list"),
    pytest.param("entries: !!python/object/apply:builtins.list\n  - ko: 조약\n    en: treaty\n",
                 1, id="tag-on-entries"),
    pytest.param("entries:\n  - !!python/object:vocab.lists.load.Entry\n    ko: 조약\n    en: treaty\n",
                 2, id="object-entry"),
]


@pytest.mark.parametrize("template, line", PYTHON_TAG_LISTS)
def test_a_list_with_a_python_tag_is_refused_with_file_and_line(workdir, template, line):
    write(workdir / "evil.yaml", template.format(marker=workdir / "ran"))
    for command in (["build", "news", "--tts", "none", "--list", "evil.yaml"], ["check", "evil.yaml"]):
        result = vocab(*command, exit_code=1)
        assert re.search(rf"^(Error: )?evil\.yaml:{line}: ", result.stderr, re.MULTILINE), result.stderr
        assert "Traceback" not in result.stderr
    assert not (workdir / "decks").exists()


@pytest.mark.parametrize("template", [param.values[0] for param in PYTHON_TAG_LISTS],
                         ids=[param.id for param in PYTHON_TAG_LISTS])
def test_a_python_tag_in_a_list_never_runs(workdir, template):
    marker = workdir / "ran"
    write(workdir / "evil.yaml", template.format(marker=marker))
    for command in (["build", "news", "--tts", "none", "--list", "evil.yaml"], ["check", "evil.yaml"],
                    ["mine", "news", "--list", "evil.yaml"], ["lists", "--list", "evil.yaml"]):
        result = runner().invoke(cli, command, catch_exceptions=False)
        assert result.exit_code in (0, 1) and "Traceback" not in result.stderr
    assert not marker.exists()


def list_files_state(paths) -> dict[str, tuple[bytes, int]]:
    return {str(p): (Path(p).read_bytes(), os.stat(p).st_mtime_ns) for p in paths}


def test_a_build_never_touches_a_list_file(workdir):
    project_list = write(workdir / "vocab" / "project.yaml", "# mine\nentries:\n  - ko: 조약\n    en: treaty\n")
    user_list = write(workdir / "user.yaml", "entries:\n  - ko: 제재\n    en: sanctions  # kept as written\n")
    known = write(workdir / "known.txt", "정부\n# 북한\n")
    for path in (project_list, user_list, known):
        age(path, HOUR)  # in the past: a rewrite within the same second would show too
    shipped = [Path(str(p)) for p in lists_module.shipped_list_paths()]
    watched = [project_list, user_list, known, *shipped]
    before = list_files_state(watched)
    vocab("build", "news", "--level", "all", "--tts", "none", "--list", user_list, "--known", known)
    vocab("mine", "news", "--list", user_list, "--known", known, "--json", "terms.json")
    assert list_files_state(watched) == before
    assert hidden_temporaries(workdir / "vocab") == []


def test_vocab_gloss_only_appends_to_an_existing_list(workdir):
    mine_so_far = "# my words\nentries:\n  - ko: 조약   # studied\n    en: treaty\n"
    target = write(workdir / "my-words.yaml", mine_so_far)
    # 정비창 "repair depot": in no shipped list nor the dictionary
    write(workdir / "news" / "depot.txt", "그는 함정 정비창을 찾았다.\n")
    result = vocab("gloss", "news", "--level", "advanced", "--out", target)
    assert re.fullmatch(r"wrote [1-9]\d* entries to .*my-words\.yaml\n", result.stdout)
    assert target.read_text(encoding="utf-8").startswith(mine_so_far)


# --- property: every example shows its term ----------------------------------------------------

_NOUNS = ["정부", "조약", "북한", "러시아", "대통령", "협력", "동맹", "제재", "외교부", "국회", "안보",
          "동반자 관계", "비핵화"]
_PARTICLES = ["", "는", "은", "가", "이", "를", "을", "와", "과", "에서", "의", "도", "에 대한"]
_PREDICATES = ["체결했다", "합의했다", "발표했다", "강화하기로 했다", "비판했다", "논의했다", "있다",
               "밝혔다", "것이다"]
_LATIN = ["UN", "North Korea", "Putin's", "NATO", "the treaty", "2024", "Mr. Kim", "e.g."]
_MARKS = [",", "…", "·", "“", "”", "'", '"', "-", "△", "(", ")", "[", "]"]

_word = st.one_of(
    st.builds(lambda noun, particle: noun + particle, st.sampled_from(_NOUNS), st.sampled_from(_PARTICLES)),
    st.sampled_from(_LATIN),
    st.builds(lambda noun, latin: f"{noun}({latin})", st.sampled_from(_NOUNS), st.sampled_from(_LATIN)),
    st.builds(lambda latin: f"({latin})", st.sampled_from(_LATIN)),
    st.sampled_from(_MARKS),
)
_sentence = st.builds(
    lambda words, glue, predicate, end: glue.join(words) + glue + predicate + end,
    st.lists(_word, min_size=1, max_size=7),
    st.sampled_from([" ", " ", "", "  "]),
    st.sampled_from(_PREDICATES),
    st.sampled_from([".", "?", "!", "", ".\"", "…"]),
)
_paragraph = st.builds(" ".join, st.lists(_sentence, min_size=1, max_size=4))
_document = st.builds(
    lambda heading, paragraphs: heading + "\n\n".join(paragraphs) + "\n",
    st.sampled_from(["", "# 사설\n\n", "제목: 북한 조약\n\n"]),
    st.lists(_paragraph, min_size=1, max_size=4),
)


@pytest.fixture(scope="module")
def shipped_lexicon(tmp_path_factory):
    return load_lexicon(project_dir=tmp_path_factory.mktemp("no-project-lists"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_document, suffix=st.sampled_from([".txt", ".md"]))
def test_every_example_sentence_contains_its_terms_span(tmp_path, shipped_lexicon, text, suffix):
    path = write(tmp_path / f"generated{suffix}", text)
    result = mine([path], lexicon=shipped_lexicon, use_cache=False)
    assert not result.problems or all(p.path == path.as_posix() for p in result.problems)
    for term in result.terms:
        for example in term.examples:
            if example.source != path.as_posix():  # from a list: (0, 0) when it lacks the word
                assert 0 <= example.start <= example.end <= len(example.text)
                continue
            assert 0 <= example.start < example.end <= len(example.text), (term.lemma, example)
            assert example.text[example.start:example.end] in term.surfaces, (term.lemma, example)


# --- interruption of a real build process -------------------------------------------------------


@pytest.fixture(scope="module")
def warm_analysis(tmp_path_factory):
    """An analysis cache holding the news corpus, so each process below goes straight to audio."""
    root = tmp_path_factory.mktemp("warm")
    write(root / "news" / "summit.txt", NEWS)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setenv("VOCAB_CACHE_DIR", str(root / "cache"))
        vocab("build", "news", "--level", "all", "--tts", "none", "--out", "d.apkg")
    return root / "cache"


@pytest.fixture
def slow_speech(workdir, warm_analysis):
    """An espeak-ng that logs each synthesis and takes 0.1 s longer, first on the PATH, so
    a build is still speaking when the test interrupts it; the environment to run it."""
    shutil.copytree(warm_analysis, cache_dir(workdir), dirs_exist_ok=True)
    shutil.rmtree(cache_dir(workdir) / "audio", ignore_errors=True)
    log = workdir / "spoken.log"
    log.touch()
    bin_dir = workdir / "bin"
    script = write(bin_dir / "espeak-ng", (
        "#!/bin/sh\n"
        f'case " $* " in *" -w "*) echo spoken >> "{log}";; esac\n'
        "sleep 0.1\n"
        f'exec "{shutil.which("espeak-ng")}" "$@"\n'
    ))
    script.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "VOCAB_CACHE_DIR": str(cache_dir(workdir)), "VOCAB_ESPEAK_LIBRARY": "0"}
    return env, log


def start_build(workdir: Path, env: dict, out: str, name: str) -> subprocess.Popen:
    """`vocab build` in its own process group, as a shell runs it (Ctrl-C reaches all of it)."""
    command = [sys.executable, "-m", "vocab.cli", "build", "news", "--level", "all", "--tts", "espeak",
               "--out", out]
    with open(workdir / f"{name}.out", "wb") as stdout, open(workdir / f"{name}.err", "wb") as stderr:
        return subprocess.Popen(command, cwd=workdir, env=env, stdout=stdout, stderr=stderr,
                                start_new_session=True)


def finished_audio(audio: Path) -> dict[str, tuple[int, int]]:
    """The cache's answers from espeak-ng (not temporaries, not MP3s): name -> (size, mtime_ns)."""
    if not audio.exists():
        return {}
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in audio.glob("vocab-*.wav")}


def deck_audio(audio: Path) -> list[str]:
    """The cache's MP3s: what decks carry."""
    return sorted(p.name for p in audio.glob("vocab-*.mp3"))


def wait_for_audio(build: subprocess.Popen, audio: Path, count: int) -> None:
    """Until the cache holds `count` entries; bounded, in case the build never gets there."""
    for _ in range(2400):  # 2 minutes at most
        if len(finished_audio(audio)) >= count:
            return
        assert build.poll() is None, "the build ended before it could be interrupted"
        time.sleep(0.05)
    pytest.fail(f"the audio cache never reached {count} files")


def assert_whole_cache(audio: Path) -> None:
    """Every entry is a complete WAV (espeak-ng's answer) or MP3 (the deck's encoding of
    one); nothing else in the folder but hidden temporaries."""
    for path in audio.iterdir():
        if path.name.startswith("."):
            assert re.fullmatch(r"\.vocab-[0-9a-f]{20}\.(wav|mp3)\..+\.tmp", path.name), path.name
        elif path.suffix == ".mp3":
            assert re.fullmatch(r"vocab-[0-9a-f]{20}\.mp3", path.name), path.name
            assert mp3_info(path.read_bytes())[2] > 0.1, path.name
        else:
            assert re.fullmatch(r"vocab-[0-9a-f]{20}\.wav", path.name), path.name
            assert wav_is_complete(path), path.name


def spoken(log: Path) -> int:
    return len(log.read_text().splitlines())


@needs_espeak
def test_ctrl_c_mid_build_leaves_whole_files_and_the_rerun_only_speaks_what_is_missing(workdir, slow_speech):
    env, log = slow_speech
    audio = cache_dir(workdir) / "audio"
    old_deck = write(workdir / "out" / "d.apkg", b"the previous, complete deck")

    build = start_build(workdir, env, "out/d.apkg", "first")
    wait_for_audio(build, audio, 4)
    os.killpg(build.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the whole group
    assert build.wait(timeout=60) == 130
    assert (workdir / "first.err").read_text().splitlines()[-1] == INTERRUPTED
    assert sorted(p.name for p in old_deck.parent.iterdir()) == ["d.apkg"]
    assert old_deck.read_bytes() == b"the previous, complete deck"
    assert_whole_cache(audio)
    assert hidden_temporaries(audio) == []  # the interrupted texts' partial files were removed
    kept = finished_audio(audio)

    log.write_text("")
    rerun = start_build(workdir, env, "out/d.apkg", "rerun")
    assert rerun.wait(timeout=120) == 0, (workdir / "rerun.err").read_text()
    assert re.fullmatch(r"wrote \d+ notes to out/d\.apkg, audio: espeak-ng \d+\n", (workdir / "rerun.out").read_text())
    assert_whole_cache(audio)
    complete = finished_audio(audio)
    assert {name: complete[name] for name in kept} == kept  # reused as they were
    assert 0 < spoken(log) == len(complete) - len(kept)  # only the missing texts were spoken
    media = json.loads(package_rows(old_deck)["media"])
    assert sorted(media.values()) == deck_audio(audio) and len(media) == len(complete)


@needs_espeak
def test_a_killed_build_leaves_temporaries_that_are_never_used_and_swept_later(workdir, slow_speech):
    env, log = slow_speech
    audio = cache_dir(workdir) / "audio"
    build = start_build(workdir, env, "out/d.apkg", "killed")
    wait_for_audio(build, audio, 4)
    os.killpg(build.pid, signal.SIGKILL)  # a crash: no clean-up code runs, espeak-ng dies too
    build.wait(timeout=60)
    assert not (workdir / "out").exists()
    assert_whole_cache(audio)
    kept = finished_audio(audio)
    # What the crash left (if anything) and one more, made to look an hour old; and a
    # temporary file as a build running right now would have one.
    stale = [audio / name for name in hidden_temporaries(audio)]
    stale.append(write(audio / ".vocab-0123456789abcdef0123.wav.deadbeef.tmp", b"RIFF\xff\xff"))
    for path in stale:
        age(path, 2 * HOUR)
    in_progress = write(audio / ".vocab-fedcba9876543210fedc.wav.c0ffee00.tmp", b"RIFF")

    log.write_text("")
    rerun = start_build(workdir, env, "out/d.apkg", "rerun")
    assert rerun.wait(timeout=120) == 0, (workdir / "rerun.err").read_text()
    assert hidden_temporaries(audio) == [in_progress.name]
    assert_whole_cache(audio)
    complete = finished_audio(audio)
    assert {name: complete[name] for name in kept} == kept
    assert 0 < spoken(log) == len(complete) - len(kept)
    rows = package_rows(workdir / "out" / "d.apkg")
    assert sorted(json.loads(rows["media"]).values()) == deck_audio(audio)  # no temporary is audio


@needs_espeak
def test_two_builds_at_once_share_one_cache_without_damage(workdir, slow_speech):
    env, _ = slow_speech
    audio = cache_dir(workdir) / "audio"
    builds = [start_build(workdir, env, f"out/{name}.apkg", name) for name in ("a", "b")]
    assert [build.wait(timeout=120) for build in builds] == [0, 0]
    assert hidden_temporaries(audio) == []
    assert_whole_cache(audio)
    first, second = (workdir / "out" / "a.apkg").read_bytes(), (workdir / "out" / "b.apkg").read_bytes()
    assert first == second  # same inputs, same cache: the same deck
    assert sorted(json.loads(package_rows(workdir / "out" / "a.apkg")["media"]).values()) == deck_audio(audio)
