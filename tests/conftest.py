"""Fixtures shared by several test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

import vocab.lists.load


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project folder: no vocab/ lists, no .vocab.yaml."""
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


@pytest.fixture
def fake_shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder standing in for the package's vocab/lists/ (DATA_PATH)."""
    folder = tmp_path / "shipped"
    folder.mkdir()
    monkeypatch.setattr(vocab.lists.load, "DATA_PATH", folder)
    return folder


SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def seeds() -> Path:
    """The folder of seed articles the suite reads (Korean and bilingual news)."""
    return SEEDS


@pytest.fixture
def anki_collection(tmp_path: Path):
    """An empty Anki collection to import generated packages into."""
    from anki_helpers import open_collection

    col = open_collection(tmp_path / "anki")
    yield col
    col.close()
