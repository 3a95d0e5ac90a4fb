"""A faster aligner must align as the aligner of today does (issue #7, issue #13).

tests/data/align_expected.json holds documents, exactly as the aligner was given them
(paragraph texts, languages, kinds, sentence spans), and what `align_document` made of
each: the seeds, the bilingual evaluation pages bench/quality.py reads, and documents
made to reach the aligner's fast paths (a band that must widen, an interleaved layout,
text strewn with every kind of clue).  The documents are stored rather than read again,
so that a change in how pages are read does not show up here as a change in alignment.

Only public output is compared, never the aligner's private parts, so the aligner may be
rewritten freely.  Confidences may differ in the last bits: sums over sets of strings
are ordered by the hash seed.

When the aligner is meant to align differently, write the file again from the new code
and say why in the commit:

    python tests/align/test_align_speed_equivalence.py --write
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from vocab import align
from vocab.align import dp as align_dp
from vocab.records import Alignment, Document, Paragraph, Sentence

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "data" / "align_expected.json"
TOLERANCE = 1e-9


# ------------------------------------------------------------ stored form of records


def document_to_json(name: str, doc: Document) -> dict:
    return {
        "name": name,
        "paragraphs": [
            [p.text, p.lang, p.kind, [[s.start, s.end] for s in p.sentences]] for p in doc.paragraphs
        ],
    }


def document_from_json(stored: dict) -> Document:
    paragraphs = tuple(
        Paragraph(index, text, lang, kind, tuple(Sentence(text[s:e], s, e) for s, e in spans))
        for index, (text, lang, kind, spans) in enumerate(stored["paragraphs"])
    )
    return Document(path=stored["name"], title=stored["name"], paragraphs=paragraphs)


def alignment_to_json(alignment: Alignment) -> dict:
    return {
        "layout": alignment.layout,
        "paragraphs": [[p.ko_paragraph, p.en_paragraph, p.confidence] for p in alignment.paragraphs],
        "sentences": [
            [s.ko_paragraph, list(s.ko_sentences), s.en_paragraph, list(s.en_sentences), s.ko, s.en, s.confidence]
            for s in alignment.sentences
        ],
    }


def _differences(got: dict, expected: dict) -> list[str]:
    """What differs, beyond confidences within TOLERANCE; empty when the two agree."""
    if got["layout"] != expected["layout"]:
        return [f"layout {got['layout']} instead of {expected['layout']}"]
    found = []
    for level in ("paragraphs", "sentences"):
        if len(got[level]) != len(expected[level]):
            found.append(f"{len(got[level])} {level} links instead of {len(expected[level])}")
            continue
        for number, (mine, theirs) in enumerate(zip(got[level], expected[level])):
            if mine[:-1] != theirs[:-1] or abs(mine[-1] - theirs[-1]) > TOLERANCE:
                found.append(f"{level} link {number}: {mine} instead of {theirs}")
    return found


# ------------------------------------------------------------------------- the tests


def _stored() -> list[dict]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["documents"]


STORED = _stored()


@pytest.mark.parametrize("stored", STORED, ids=[entry["name"] for entry in STORED])
def test_alignment_is_what_it_was(stored):
    got = alignment_to_json(align.align_document(document_from_json(stored)))
    assert _differences(got, stored["alignment"]) == []


def test_a_band_finds_what_a_full_search_found(monkeypatch):
    """Twelve untranslated Korean paragraphs put the chain twelve cells off the diagonal:
    a band of four must widen until it holds the chain, and then it finds what a full
    search found."""
    stored = next(entry for entry in STORED if entry["name"] == "made/band")
    monkeypatch.setattr(align_dp, "FULL_SEARCH_CELLS", 0)
    monkeypatch.setattr(align_dp, "BAND", 4)
    got = alignment_to_json(align.align_document(document_from_json(stored)))
    assert _differences(got, stored["alignment"]) == []
    assert [link[1] for link in got["paragraphs"][:12]] == [-1] * 12


def test_vocab_align_json_writes_the_alignment(tmp_path):
    """The command's JSON is the same alignment, rounded (seed 000 as the reader reads it)."""
    from click.testing import CliRunner

    from vocab.analyse.stream import read_document
    from vocab.cli import cli

    seed = ROOT / "seeds" / "000_442fdc8425721719.txt"
    stored = next(entry for entry in STORED if entry["name"] == f"seeds/{seed.name}")
    assert document_to_json(stored["name"], read_document(seed)) == {k: stored[k] for k in ("name", "paragraphs")}
    out = tmp_path / "align.json"
    result = CliRunner().invoke(cli, ["align", str(seed), "--json", str(out)], catch_exceptions=False)
    assert result.exit_code == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    expected = stored["alignment"]
    assert written["layout"] == expected["layout"]
    assert [(p["ko"], p["en"]) for p in written["paragraphs"]] == [tuple(p[:2]) for p in expected["paragraphs"]]
    assert [
        [s["ko_paragraph"], s["ko_sentences"], s["en_paragraph"], s["en_sentences"], s["ko"], s["en"]]
        for s in written["sentences"]
    ] == [s[:-1] for s in expected["sentences"]]
    confidences = [p["confidence"] for p in written["paragraphs"]] + [s["confidence"] for s in written["sentences"]]
    stored_confidences = [p[-1] for p in expected["paragraphs"]] + [s[-1] for s in expected["sentences"]]
    assert confidences == pytest.approx(stored_confidences, abs=1e-4)


# -------------------------------------------------------- writing the expected file


# Pieces that reach every clue: lexicon phrases and their prefixes (un ↔ united), words
# joined by . ' ’ -, digits with commas, months, quotes, names in both scripts, Latin
# inside Korean, and characters whose lower case is ASCII (Kelvin sign, dotted İ).
_PIECES = [
    "North Korea", "north", "Korea", "Korean Central News Agency", "U.S.", "UN", "un", "united", "United States",
    "Nations", "Foreign Ministry", "Pyongyang", "kcna", "Chinese", "three-day", "Choe Son-hee's", "Moscow’s",
    "2,009", "2009", "15th", "July", "Putin", "Lavrov", "Kremlin", "TASS", "ICBM", "K", "İ", "é", "twelve",
    "“", "”", '"', "'", "’", "-", ".", ",", " ", " ", "\n", "푸틴", "라브로프", "북한은", "러시아", "대통령", "각",
    "아이", "쇼이구", "7월", "3일간", "x", "Xi", "ph", "Ts",
]


def _made_documents(seeds: dict[str, Document], folder: Path) -> dict[str, Document]:
    """Documents that reach the aligner's fast paths, made once from the seeds."""
    import random

    from vocab.analyse.stream import read_document

    made = {}
    doc = seeds["000_442fdc8425721719.txt"]
    korean_body = [p for p in doc.paragraphs if p.lang == "ko" and p.kind == "body"]
    untranslated = [replace(korean_body[n % 8], text=f"{korean_body[n % 8].text} ({n})") for n in range(12)]
    made["made/band"] = _renumbered(doc, [*untranslated, *doc.paragraphs])
    for name, doc in seeds.items():  # the bilingual seeds, paragraph by paragraph in turn
        korean = [p for p in doc.paragraphs if p.lang == "ko"]
        english = [p for p in doc.paragraphs if p.lang == "en"]
        if korean and english:
            turns = [p for pair in zip(korean, english) for p in pair]
            made[f"made/interleaved/{name}"] = _renumbered(doc, turns + korean[len(english):] + english[len(korean):])
    sentences = {
        lang: [s.text for d in seeds.values() for p in d.paragraphs if p.lang == lang for s in p.sentences]
        for lang in ("ko", "en")
    }
    rng = random.Random(13)
    for number in range(24):  # seed sentences strewn with clues, in blocks or in turns
        paragraphs = []
        for _ in range(rng.randint(3, 9)):
            pair = [rng.choice(sentences["ko"]), rng.choice(sentences["en"])]
            extra = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12))).replace("\n", " ")
            paragraphs.append([f"{pair[0]} {extra}".strip(), f"{pair[1]} {extra}".strip()])
        if number % 2:
            texts = [text for pair in paragraphs for text in pair]
        else:
            texts = [pair[0] for pair in paragraphs] + [pair[1] for pair in paragraphs[rng.randint(0, 2):]]
        path = folder / f"made-{number:02}.txt"
        path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        made[f"made/strewn/{number:02}"] = read_document(path)
    return made


def _renumbered(doc: Document, paragraphs: list[Paragraph]) -> Document:
    return replace(doc, paragraphs=tuple(replace(p, index=i) for i, p in enumerate(paragraphs)))


def write_expected() -> None:
    import tempfile

    from vocab.analyse.stream import read_document

    seeds = {path.name: read_document(path) for path in sorted((ROOT / "seeds").glob("*.txt"))}
    documents = {f"seeds/{name}": doc for name, doc in seeds.items()}
    for path in sorted((ROOT / "tests" / "data" / "pages").glob("*/*.txt")):  # bench/quality.py's pages
        doc = read_document(path)
        if align.align_document(doc).layout != "monolingual":
            documents[path.relative_to(ROOT / "tests" / "data").as_posix()] = doc
    with tempfile.TemporaryDirectory() as folder:
        documents.update(_made_documents(seeds, Path(folder)))
    entries = []
    for name, doc in documents.items():
        entry = document_to_json(name, doc)
        stored = document_from_json(entry)
        assert [p.sentences for p in stored.paragraphs] == [p.sentences for p in doc.paragraphs], name
        entry["alignment"] = alignment_to_json(align.align_document(stored))
        entries.append(entry)
    EXPECTED.write_text(
        json.dumps({"documents": entries}, ensure_ascii=False, indent=None, separators=(",", ":"))
        .replace('{"name"', '\n{"name"')
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(entries)} documents to {EXPECTED.relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    write_expected()
