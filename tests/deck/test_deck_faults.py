"""What the deck writer meets in the wild (issue 17): characters that break Anki's format,
scratch folders a killed build left, odd --out paths, and gTTS refusing halfway through
a real build.  Each package is imported into a real Anki collection."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

import pytest

import vocab.deck.tts
from anki_helpers import import_package, notes_by_key, open_collection
from cli_helpers import vocab as run_vocab
from fake_tts_server import FakeTTSServer
from vocab.deck.audio import EspeakEngine
from vocab.deck.package import SCRATCH_PREFIX
from vocab.deck.templates import FIELDS

ARTICLE = """북한과 러시아의 동맹

정부는 북한과 러시아의 군사 협력에 대해 깊은 우려를 표명했다.
외교부는 유엔 안보리 결의 위반이라며 제재를 검토하고 있다고 밝혔다.
전문가들은 한반도 정세가 더 불안해질 수 있다고 경고했다.
"""

# Every character that reached a field before: Anki's field separator, NUL, ESC, the
# bidi controls, a C1 control, DEL.
CONTROLS = ["\x1f", "\x00", "\x1b", "\x7f", "\x85", "\u200e", "\u200f", "\u061c",
            *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
CONTROL_PATTERN = re.compile("[" + "".join(re.escape(c) for c in CONTROLS) + "]")


def yaml_escape(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" if c in CONTROLS else c for c in text)


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def control_list(folder: Path) -> Path:
    """A learner's list whose every text field holds control characters, in a file whose
    name holds one too (the Source field of its examples)."""
    mark = "".join(CONTROLS)
    entries = "".join(
        f'  - ko: {ko}\n    en: "{yaml_escape(en + mark)}"\n    hanja: "{yaml_escape(hanja + CONTROLS[i])}"\n'
        f'    note: "{yaml_escape(mark + " note")}"\n    tags: ["{yaml_escape("tag" + mark)}"]\n'
        f'    examples:\n      - ko: "{yaml_escape(example + CONTROLS[i])}"\n'
        f'        en: "{yaml_escape("Translation" + mark)}"\n'
        for i, (ko, en, hanja, example) in enumerate([
            ("동맹", "alliance", "同盟", "두 나라는 동맹을 맺었다."),
            ("제재", "sanctions", "制裁", "정부가 제재를 발표했다."),
            ("정세", "situation", "情勢", "한반도 정세가 불안하다."),
            ("위반", "violation", "違反", "결의 위반이다."),
            ("표명", "expression", "表明", "우려를 표명했다."),
        ])
    )
    path = folder / "my\x1fwords\u202e.yaml"
    path.write_text("entries:\n" + entries, encoding="utf-8")
    return path


def test_control_characters_never_reach_a_field_and_the_deck_imports(workdir):
    words = control_list(workdir)
    run_vocab("check", words)
    run_vocab("build", "news", "--level", "all", "--tts", "none", "--list", words, "--out", "out/d.apkg")
    col = open_collection(workdir / "anki")
    try:
        log = import_package(col, workdir / "out" / "d.apkg")
        notes = notes_by_key(col)
        assert len(log.new) == len(notes) >= 5  # every note imported, none refused
        for key, note in notes.items():
            assert len(note.fields) == len(FIELDS)
            for name, value in note.items():
                assert not CONTROL_PATTERN.search(value), (key, name, value)
        alliance = notes["동맹|noun"]
        # What is left once the controls are out (the list reader reads some as spaces).
        assert alliance["English"].strip() == "alliance" and alliance["Hanja"].strip() == "同盟"
        assert alliance["Note"].strip() == "note" and alliance["Example translation"].strip() == "Translation"
        assert alliance["Source"] == "mywords"  # the --list file's name, cleaned
    finally:
        col.close()


def test_scratch_folders_of_killed_builds_are_swept(workdir, monkeypatch):
    scratch_root = workdir / "tmp"
    scratch_root.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch_root))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    old, young = scratch_root / f"{SCRATCH_PREFIX}killed", scratch_root / f"{SCRATCH_PREFIX}running"
    for folder in (old, young):
        folder.mkdir()
        (folder / "collection.anki2").write_bytes(bytes(4096))
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    run_vocab("build", "news", "--level", "all", "--tts", "none", "--list", control_list(workdir),
              "--out", "d.apkg")
    assert sorted(p.name for p in scratch_root.iterdir()) == [young.name]  # ours went too


def test_an_empty_out_is_named(workdir):
    result = run_vocab("build", "news", "--tts", "none", "--out", "", exit_code=2)
    assert "Invalid value for '--out': the path is empty; name the file to write" in result.stderr


def test_out_through_a_symbolic_link_replaces_its_target(workdir):
    (workdir / "decks").mkdir()
    target = workdir / "decks" / "real.apkg"
    target.write_bytes(b"old deck")
    link = workdir / "latest.apkg"
    link.symlink_to(target)
    run_vocab("build", "news", "--level", "all", "--tts", "none", "--list", control_list(workdir),
              "--out", link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes()[:2] == b"PK"  # a zip: the deck went through the link


@pytest.mark.skipif(not EspeakEngine().available(), reason="espeak-ng with its Korean voice is not installed")
def test_the_summary_names_each_engine_when_gtts_refuses_midway(local_speech, workdir, monkeypatch):
    with FakeTTSServer(good_answers=4, then=403) as server:  # the probe, then three texts
        monkeypatch.setattr(vocab.deck.tts, "GOOGLE_HOST", server.url)
        result = run_vocab("build", "news", "--level", "all", "--list", control_list(workdir),
                           "--out", "d.apkg")  # not -q: it keeps only errors (#18), and this is news
    spoken = re.search(r"audio: gtts (\d+), espeak-ng (\d+)\n$", result.stdout)
    assert spoken and int(spoken[1]) <= 3 and int(spoken[2]) >= 1, result.stdout
    assert "gTTS stopped answering (HTTP 403)" in result.stderr
    col = open_collection(workdir / "anki")
    try:
        assert len(import_package(col, workdir / "d.apkg").new) >= 5
        sounds = {note["Audio"] for note in notes_by_key(col).values()}
        assert all(s.startswith("[sound:vocab-") for s in sounds)  # every word has its audio
    finally:
        col.close()
