"""Analysis cache entries: written whole or not at all, read back equal, looked up by the
bytes the reader read (vocab.analyse.cache, vocab.files.replace_with_bytes)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from vocab.analyse import document as analysis
from vocab.analyse import stream as kiwi_stream
from vocab.analyse import cache
from vocab import cache_entries, files
from vocab.read import sources

TEXT = "북러 조약 체결\n\n북한과 러시아가 조약을 체결했다. 양국은 군사 협력을 약속했다.\n\nThe two signed a treaty.\n"


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "corpus" / "a.txt"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def analysed(document: Path) -> analysis.AnalysedDocument:
    [item], problems = kiwi_stream.read_and_analyse([document], use_cache=False)
    assert not problems
    return item


def test_an_entry_gives_back_the_analysis_it_was_written_from(tmp_path, analysed):
    entry = tmp_path / "x" / "entry.pickle"
    cache_entries.write_entry(entry, b"magic\n", analysed)
    loaded = cache_entries.read_entry(entry, b"magic\n")
    assert loaded == analysed
    assert type(loaded.document.paragraphs[0].sentences[0]) is type(
        analysed.document.paragraphs[0].sentences[0])
    assert list(loaded.sentences) == list(analysed.sentences)
    assert cache_entries.read_entry(entry, b"other\n") is None


def test_an_analysis_is_found_by_the_hash_of_its_bytes(tmp_path, document, analysed, monkeypatch):
    store = cache.AnalysisCache(tmp_path / "cache")
    sha256 = sources.read_source(document).sha256
    assert store.lookup(sha256) is None
    store.store(analysed)

    def no_reading(self):
        raise AssertionError("the cache read a source file")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(Path, "open", no_reading)
    assert store.lookup(sha256) == analysed
    assert (store.hits, store.misses) == (1, 1)


def test_a_copy_elsewhere_is_read_from_the_cache_under_its_own_name(tmp_path, document, analysed):
    store = cache.AnalysisCache(tmp_path / "cache")
    store.store(analysed)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(document.read_bytes())
    [found], _ = kiwi_stream.read_and_analyse([copy], cache=store)
    assert store.hits == 1
    assert found.document.path == copy.as_posix()
    assert {gloss.source for gloss in found.glosses} <= {copy.as_posix()}
    assert found.document.paragraphs == analysed.document.paragraphs


# --- writing a file whole or not at all ---------------------------------------------------


def hidden_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_replace_makes_the_folder_and_replaces_the_file(tmp_path):
    dest = tmp_path / "a" / "b" / "entry"
    files.replace_with_bytes(dest, b"one")
    files.replace_with_bytes(str(dest), b"two")
    assert dest.read_bytes() == b"two"
    assert hidden_files(dest.parent) == []
    assert dest.stat().st_mode & 0o777 == 0o666 & ~files._umask()


def test_an_interrupted_replace_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    dest = tmp_path / "entry"
    files.replace_with_bytes(dest, b"old")
    real_write = Path.write_bytes

    def half_then_interrupt(self, data):
        real_write(self, data[: len(data) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        files.replace_with_bytes(dest, b"new contents")
    assert dest.read_bytes() == b"old"
    assert hidden_files(tmp_path) == []


def test_a_failed_replace_names_the_file_it_was_for(tmp_path):
    (tmp_path / "blocker").write_text("a file, not a folder")
    with pytest.raises(OSError) as raised:
        files.replace_with_bytes(tmp_path / "blocker" / "entry", b"x")
    assert "blocker" in str(raised.value)


def test_write_entry_into_an_unusable_cache_is_no_error(tmp_path, analysed):
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    cache_entries.write_entry(tmp_path / "cache" / "ab" / "entry.pickle", b"m\n", analysed)
    assert cache_entries.read_entry(tmp_path / "cache" / "ab" / "entry.pickle", b"m\n") is None


def test_writers_and_readers_at_once_see_whole_entries(tmp_path):
    entry = tmp_path / "ab" / "entry.pickle"
    values = [("first", list(range(2000))), ("second", list(range(3000)))]
    seen, stop = [], threading.Event()

    def write(value) -> None:
        for _ in range(40):
            cache_entries.write_entry(entry, b"m\n", value)

    def read() -> None:
        while not stop.is_set():
            seen.append(cache_entries.read_entry(entry, b"m\n"))

    readers = [threading.Thread(target=read) for _ in range(2)]
    writers = [threading.Thread(target=write, args=(value,)) for value in values]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()
    assert seen and all(found is None or found in values for found in seen)
    assert cache_entries.read_entry(entry, b"m\n") in values
    assert hidden_files(entry.parent) == []


def test_each_folder_is_swept_once_per_run(tmp_path, monkeypatch):
    swept_folders = []
    monkeypatch.setattr(cache_entries, "remove_stale_temporaries", swept_folders.append)
    swept: set[str] = set()
    for name in ("aa/1.pickle", "aa/2.pickle", "bb/3.pickle"):
        cache_entries.write_entry(tmp_path / name, b"m\n", name, swept)
    assert swept_folders == [str(tmp_path / "aa"), str(tmp_path / "bb")]
    assert os.path.exists(tmp_path / "bb" / "3.pickle")
