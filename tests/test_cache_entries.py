"""The caches' code fingerprint follows the imports: no list of files to keep up to date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vocab import cache_entries
from vocab.analyse import cache as analysis_cache
from vocab.lists import cache as list_cache

PACKAGE = Path(cache_entries.__file__).resolve().parent


def test_analysis_depends_on_what_reading_and_analysing_import():
    modules = cache_entries.imported_modules(analysis_cache.ENTRY_POINTS)
    # reached only through imports inside functions: analyse_document's, align's renderer
    assert {"vocab.analyse.glosses", "vocab.align.render", "vocab.korean.terms",
            "vocab.read.furniture", "vocab.records"} <= set(modules)
    later = [m for m in modules if m.split(".")[1] in ("mine", "deck", "lists", "cli")]
    assert later == [] and "vocab" not in modules  # not the public API, which imports all


def test_parsed_lists_depend_on_the_parser_alone():
    assert cache_entries.imported_modules(list_cache.ENTRY_POINTS) == (
        "vocab.cache_entries", "vocab.errors", "vocab.files", "vocab.lists.cache", "vocab.lists.compose",
        "vocab.lists.schema", "vocab.records")


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A copy of the package's source that the fingerprint reads instead."""
    copy = tmp_path / "vocab"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.tsv", "*.yaml"))
    monkeypatch.setattr(cache_entries, "PACKAGE_DIR", copy)
    cache_entries.imported_modules.cache_clear()
    yield copy
    cache_entries.imported_modules.cache_clear()


def fingerprint() -> str:
    cache_entries.imported_modules.cache_clear()
    return cache_entries.code_fingerprint(["test"], analysis_cache.ENTRY_POINTS)


def test_editing_a_module_analysis_imports_changes_the_fingerprint(package_copy):
    before = fingerprint()
    with open(package_copy / "align" / "render.py", "a", encoding="utf-8") as module:
        module.write("\n# edited\n")
    assert fingerprint() != before


def test_code_moved_into_a_new_module_changes_the_fingerprint(package_copy):
    before = fingerprint()
    terms = package_copy / "korean" / "terms.py"
    (package_copy / "korean" / "moved.py").write_text("X = 1\n", encoding="utf-8")
    terms.write_text(terms.read_text(encoding="utf-8") + "\nfrom vocab.korean.moved import X\n", encoding="utf-8")
    after = fingerprint()
    assert after != before
    assert "vocab.korean.moved" in cache_entries.imported_modules(analysis_cache.ENTRY_POINTS)


def test_editing_a_later_stage_keeps_the_fingerprint(package_copy):
    before = fingerprint()
    with open(package_copy / "mine" / "scoring.py", "a", encoding="utf-8") as module:
        module.write("\n# edited\n")
    assert fingerprint() == before


def test_imports_are_those_the_layout_test_reads_from_whole_modules():
    """The fingerprint parses import statements alone, for speed; tests/test_layout.py
    parses whole modules: from every module, both reach the same modules."""
    from test_layout import GRAPH

    for module in GRAPH:
        if module == "vocab":
            continue
        reached, waiting = set(), [module]
        while waiting:
            name = waiting.pop()
            if name in reached or name == "vocab" or name not in GRAPH:
                continue
            reached.add(name)
            waiting += [*GRAPH[name], name.rpartition(".")[0]]
        assert set(cache_entries.imported_modules((module,))) == reached, module


def test_imports_are_remembered_by_each_modules_size_and_time_of_change(package_copy, tmp_path, monkeypatch):
    """An unchanged run reads the imports from the memo, not with ast; an edited module
    (another size or time of change) is read again."""
    import json

    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    before = fingerprint()
    memo = tmp_path / "cache" / "imports.json"
    assert str(package_copy / "korean" / "terms.py") in json.loads(memo.read_text(encoding="utf-8"))
    assert fingerprint() == before
    terms = package_copy / "korean" / "terms.py"
    (package_copy / "korean" / "moved.py").write_text("X = 1\n", encoding="utf-8")
    terms.write_text(terms.read_text(encoding="utf-8") + "\nfrom vocab.korean.moved import X\n", encoding="utf-8")
    assert fingerprint() != before
    assert "vocab.korean.moved" in cache_entries.imported_modules(analysis_cache.ENTRY_POINTS)
