"""Every shape of stated gloss, as data: tests/data/glosses/shapes.yaml.

Each case is a page text and the glosses vocab mines from it, read as a real .txt page
(decoding, furniture, paragraphs) with the real Kiwi.  A case marked `expect: fail` is a
known failure kept on record: it must go on failing until it is fixed, then lose its mark.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from vocab.analyse.glosses import extract_glosses
from vocab.analyse.stream import read_document

CASES = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "glosses" / "shapes.yaml").read_text(encoding="utf-8")
)


def mined(text: str, folder: Path) -> list[list[str]]:
    page = folder / "page.txt"
    page.write_text(text + "\n", encoding="utf-8")
    return [[gloss.ko, gloss.en] for gloss in extract_glosses(read_document(page))]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, marks=pytest.mark.xfail(strict=True, reason="known failure"))
        if case.get("expect", "pass") == "fail"
        else case
        for case in CASES
    ],
    ids=[case["shape"] for case in CASES],
)
def test_gloss_shape(case, tmp_path):
    assert mined(case["text"], tmp_path) == [list(pair) for pair in case["glosses"]]


def test_every_case_says_what_it_expects():
    for case in CASES:
        assert set(case) <= {"shape", "text", "glosses", "expect"}, case["shape"]
        assert case.get("expect", "pass") in ("pass", "fail"), case["shape"]
