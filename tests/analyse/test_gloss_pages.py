"""Stated glosses on real public pages the miner was not written for (tests/data/pages,
dev and heldout), scored against their hand-written gold by bench/quality.py's rules."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

from vocab.analyse.glosses import extract_glosses
from vocab.analyse.stream import read_document

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("quality", ROOT / "bench" / "quality.py")
quality = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(quality)


def stated_glosses(page: Path) -> list[dict]:
    """What `vocab mine --json` reports as text glosses: the first English stated for
    each Korean term."""
    first: dict[str, str] = {}
    for gloss in extract_glosses(read_document(page)):
        first.setdefault(gloss.ko, gloss.en)
    return [{"lemma": ko, "gloss": en, "gloss_source": "text"} for ko, en in first.items()]


def test_stated_glosses_of_real_pages_reach_f1_0_9():
    rows = []
    for _, page, gold_path in quality.find_pages("all"):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        rows.append(quality.score_page(gold, stated_glosses(page), []))
    figures = quality.figures(rows)
    assert figures["pages"] == 27
    assert figures["stated_f1"] >= 0.9, figures
