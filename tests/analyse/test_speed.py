"""Issue 7 without a stopwatch: what makes vocab fast is checked as behaviour.

The analysis cache (keys, misses, interruption, `vocab cache`), the single Kiwi pass,
and start-up without heavy imports.  Timings live in bench/bench_speed.py.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from vocab.analyse import document as analysis
from vocab.analyse import stream as kiwi_stream
from vocab.analyse import cache
from vocab.read import sources
from vocab.korean import kiwi as korean_kiwi
from vocab.analyse.document import SentenceHits
from vocab.analyse.stream import ReadProgress
from vocab.cli import ProgressBar
from vocab.analyse.cache import AnalysisCache
from vocab.cli import cli
from vocab.records import TermHit
from vocab.mine.pipeline import mine

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
HEAVY = ("kiwipiepy", "gtts", "genanki", "wordfreq", "ftfy")  # none on a warm run

TEXTS = {
    "a.txt": "양국은 상호방위조약을 체결했습니다.\n\n북한은 탄도미사일을 발사했다.\n",
    "b.txt": "러시아는 비핵화 협상에 적대적인 태도를 보였다.\n\n△watershed: 분수령\n",
    "c.md": "# 제재\n\n안보리는 새로운 제재를 논의했다. 회의는 길었다.\n",
}


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run_python(code: str, cache_dir: Path, cwd: Path) -> dict:
    """Run `code` in a fresh interpreter; its last stdout line is JSON."""
    import os

    env = dict(os.environ, VOCAB_CACHE_DIR=str(cache_dir))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def cli_in_fresh_process(args: list[str], cache_dir: Path, cwd: Path) -> dict:
    code = f"""
import json, sys
from vocab.korean import kiwi as korean_kiwi
from vocab.cli import cli
try:
    cli({args!r}, prog_name="vocab")
except SystemExit as stop:
    assert not stop.code, stop.code
print(json.dumps({{"constructions": korean_kiwi.KIWI_CONSTRUCTIONS,
                  "heavy": sorted(m for m in {HEAVY!r} if m in sys.modules)}}))
"""
    return run_python(code, cache_dir, cwd)


# --- the cache: an unchanged run loads no Kiwi; a changed file alone is analysed again --


def test_a_second_mine_on_unchanged_input_constructs_no_kiwi(corpus, tmp_path):
    first = mine([corpus], project_dir=tmp_path)  # fills the cache (Kiwi: this process's)
    assert any(g.ko == "분수령" for g in first.glosses)  # a gloss: lemmatised by Kiwi once
    again = cli_in_fresh_process(["mine", str(corpus)], tmp_path / "cache", tmp_path)
    assert again == {"constructions": 0, "heavy": []}


def test_a_changed_file_alone_is_analysed_again(corpus):
    store = cache.AnalysisCache()
    kiwi_stream.read_and_analyse([corpus], cache=store)
    assert (store.hits, store.misses) == (0, 3)
    (corpus / "b.txt").write_text("정부는 제재를 강화했다.\n", encoding="utf-8")
    store = cache.AnalysisCache()
    updates: list[ReadProgress] = []
    analysed, problems = kiwi_stream.read_and_analyse([corpus], progress=updates.append, cache=store)
    assert (store.hits, store.misses) == (2, 1)
    assert [(Path(u.path).name, u.from_cache) for u in updates] == [
        ("a.txt", True), ("b.txt", False), ("c.md", True)]
    lemmas = {hit.lemma for item in analysed for _, _, hits in item.sentences for hit in hits}
    assert "강화하다" in lemmas and "적대적" not in lemmas and not problems


def test_a_cached_document_is_named_for_the_file_it_was_read_from(corpus, tmp_path):
    kiwi_stream.read_and_analyse([corpus])
    copy = tmp_path / "copy.txt"
    copy.write_bytes((corpus / "b.txt").read_bytes())
    store = cache.AnalysisCache()
    [item], _ = kiwi_stream.read_and_analyse([copy], cache=store)
    assert store.hits == 1
    assert item.document.path == copy.as_posix()
    assert item.glosses and all(g.source == copy.as_posix() for g in item.glosses)


def test_editing_a_word_list_keeps_the_cache(corpus, tmp_path):
    words = tmp_path / "words.yaml"
    words.write_text("- ko: 분수령\n  en: turning point\n", encoding="utf-8")
    mine([corpus], user_lists=[words], project_dir=tmp_path)
    words.write_text("- ko: 분수령\n  en: a watershed moment\n", encoding="utf-8")
    updates: list[ReadProgress] = []
    result = mine([corpus], user_lists=[words], project_dir=tmp_path, progress=updates.append)
    assert [u.from_cache for u in updates] == [True, True, True]
    assert {t.lemma: t for t in result.terms}["분수령"].gloss == "a watershed moment"


@pytest.mark.parametrize("what", ["document bytes", "analysis code", "kiwi version"])
def test_the_key_changes_with_what_decides_the_analysis(corpus, monkeypatch, what):
    kiwi_stream.read_and_analyse([corpus])
    if what == "document bytes":
        (corpus / "a.txt").write_text(TEXTS["a.txt"] + "\n추가 문장이다.\n", encoding="utf-8")
        expected_misses = 1
    elif what == "analysis code":
        monkeypatch.setattr(cache, "ANALYSIS_VERSION", cache.ANALYSIS_VERSION + "-next")
        expected_misses = 3
    else:
        real = cache.metadata.version
        monkeypatch.setattr(cache.metadata, "version",
                            lambda name: "9.9" if name == "kiwipiepy" else real(name))
        expected_misses = 3
    cache.analyser_fingerprint.cache_clear()
    try:
        store = cache.AnalysisCache()
        kiwi_stream.read_and_analyse([corpus], cache=store)
        assert store.misses == expected_misses
    finally:
        monkeypatch.undo()
        cache.analyser_fingerprint.cache_clear()


# --- the cache survives interruptions, damage and company -------------------------------


def an_analysis(corpus):
    [item], _ = kiwi_stream.read_and_analyse([corpus / "a.txt"], use_cache=False)
    return item


def test_an_interrupted_write_leaves_no_entry(corpus, monkeypatch):
    store = cache.AnalysisCache()
    item = an_analysis(corpus)
    real_write = Path.write_bytes

    def half_then_interrupt(self, data):
        real_write(self, data[: len(data) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        store.store(item)
    monkeypatch.undo()
    assert store.info()["entries"] == 0
    assert not [p for p in store.root.rglob("*") if p.is_file()]  # no partial file either
    assert store.lookup(item.document.sha256) is None


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "empty", "not ours"])
def test_a_damaged_entry_is_a_miss_not_an_error(corpus, damage):
    store = cache.AnalysisCache()
    item = an_analysis(corpus)
    store.store(item)
    entry = store.entry_path(item.document.sha256)
    data = entry.read_bytes()
    entry.write_bytes({
        "truncated": data[:-10],
        "flipped byte": data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
        "empty": b"",
        "not ours": pickle.dumps("something else"),
    }[damage])
    assert store.lookup(item.document.sha256) is None
    store.store(item)  # the next run puts it right
    assert store.lookup(item.document.sha256) == item


def test_runs_at_once_see_whole_entries_or_none(corpus):
    store = cache.AnalysisCache()
    item = an_analysis(corpus)
    seen, stop = [], threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append(cache.AnalysisCache().lookup(item.document.sha256))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    for _ in range(30):
        store.store(item)
    stop.set()
    for reader in readers:
        reader.join()
    assert seen and all(found is None or found == item for found in seen)
    assert store.info()["entries"] == 1


def test_unusual_files_are_left_to_the_reader(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    store = cache.AnalysisCache()
    analysed, problems = kiwi_stream.read_and_analyse([corpus, tmp_path / "missing.txt"], cache=store)
    assert len(analysed) == 3
    assert sorted(Path(p.path).name for p in problems) == ["empty.txt", "missing.txt"]
    assert store.info()["entries"] == 3


def test_cache_info_and_clear(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["mine", str(corpus)], catch_exceptions=False).exit_code == 0
    info = runner.invoke(cli, ["cache", "info"], catch_exceptions=False)
    assert info.exit_code == 0 and "3 documents" in info.output
    assert str(tmp_path / "cache") in info.output
    cleared = runner.invoke(cli, ["cache", "clear"], catch_exceptions=False)
    assert cleared.exit_code == 0 and "3" in cleared.output
    assert cache.AnalysisCache().info()["entries"] == 0
    info = runner.invoke(cli, ["cache", "info"], catch_exceptions=False)
    assert "0 documents" in info.output


def test_info_tells_current_entries_from_stale_ones(corpus, monkeypatch):
    kiwi_stream.read_and_analyse([corpus])
    monkeypatch.setattr(cache, "ANALYSIS_VERSION", "next")
    cache.analyser_fingerprint.cache_clear()
    try:
        kiwi_stream.read_and_analyse([corpus / "a.txt"])
        info = cache.AnalysisCache().info()
        assert (info["entries"], info["current"], info["stale"]) == (4, 1, 3)
    finally:
        monkeypatch.undo()
        cache.analyser_fingerprint.cache_clear()


# --- the reader: one Kiwi pass equals two (the stream: test_kiwi_stream.py) ------------


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_terms_from_the_splitting_pass_equal_a_second_analysis(seed):
    known: dict = {}
    document = kiwi_stream.read_document(SEEDS / seed, terms=known)
    in_one_pass = analysis.analyse_document(document, known)
    separately = analysis.analyse_document(document)  # nothing known: Kiwi runs again
    assert in_one_pass.sentences == separately.sentences
    assert in_one_pass.morphemes == separately.morphemes


HITS = [
    (0, 0, (TermHit("조약", "noun", "조약을", 0, 3), TermHit("체결하다", "verb", "체결했다", 4, 8))),
    (0, 1, ()),
    (3, 2, (TermHit("상호방위조약", "noun", "상호방위조약", 0, 6),
            TermHit("조약", "noun", "조약", 4, 6, is_compound_part=True),
            TermHit("푸틴", "name", "푸틴", 7, 9, is_name=True))),
]


@pytest.mark.parametrize("rows", [HITS, HITS[:1], []])
def test_packed_hits_give_back_what_was_packed(rows):
    packed = SentenceHits.pack(rows)
    assert list(packed) == rows
    assert list(pickle.loads(pickle.dumps(packed))) == rows


def test_progress_bar_in_a_log_shows_documents_and_characters():
    import io

    stream = io.StringIO()
    bar = ProgressBar(stream)
    for done in range(1, 21):
        bar(ReadProgress(f"d{done}.txt", done, 20, done * 50_000, done * 10, 200, done <= 5))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1  # one line per stage in a log (#18), not one per document
    assert lines[-1].startswith("reading [" + "#" * ProgressBar.WIDTH + "] 20/20 documents")
    assert "1.0 M characters (5 from the cache)" in lines[-1]


# --- start-up ---------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--help"], ["check"], ["cache", "info"], ["mine", "--help"]])
def test_light_commands_import_no_heavy_library(args, tmp_path):
    assert cli_in_fresh_process(args, tmp_path / "cache", SEEDS.parent) == {
        "constructions": 0, "heavy": []}



def test_a_killed_runs_old_temporary_files_are_swept_from_the_analysis_cache(tmp_path):
    corpus = tmp_path / "a.txt"
    corpus.write_text("양국은 새로운 조약을 체결했다.\n", encoding="utf-8")
    store = AnalysisCache(tmp_path / "cache")
    [item], _ = kiwi_stream.read_and_analyse([corpus], cache=store)
    folder = store.entry_path(item.document.sha256).parent
    old, young = folder / ".x.pickle.old.tmp", folder / ".x.pickle.new.tmp"
    for leftover in (old, young):
        leftover.write_bytes(b"half")
    os.utime(old, (1, 1))
    AnalysisCache(tmp_path / "cache").store(item)  # the next run sweeps each folder it writes to
    assert not old.exists()
    assert young.exists()  # may be another run's write in progress
