"""The aligner's fast paths give what their plain definitions give (issue #7).

Each reference below is the straightforward form the aligner used before it was made
fast; the fast one must agree with it on the seeds and on generated text.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocab import align, align_anchors, align_dp
from vocab.align_anchors import Anchors, anchor_cost, english_anchors, korean_anchors, rarity_weights
from vocab.sources import read_document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# ------------------------------------------------------------------ the references


def _collapse(shape: str) -> str:
    return re.sub(r"(.)\1+", r"\1", shape)


def _hangul_shape(word: str) -> str:
    shape = []
    for char in word:
        code = ord(char) - 0xAC00
        shape.append(align_anchors._INITIAL_CLASS[code // 588].strip())
        shape.append(align_anchors._FINAL_CLASS[code % 28])
    return _collapse("".join(shape))


def _english_shape(word: str) -> str:
    word = word.lower()
    for digraph, sound in align_anchors._ENGLISH_DIGRAPHS:
        word = word.replace(digraph, sound)
    word = re.sub(r"c(?=[eiy])", "s", word)
    return _collapse(word.translate(align_anchors._ENGLISH_LETTER_CLASS).upper())


def reference_korean_anchors(text: str) -> Anchors:
    shapes = {s[:3] for w in align_anchors._HANGUL_SYLLABLE.findall(text) if len(s := _hangul_shape(w)) >= 3}
    return Anchors(
        numbers=frozenset(align_anchors._numbers(text)),
        latin=frozenset(w.lower().strip(".") for w in align_anchors._LATIN_WORD.findall(text)),
        concepts=frozenset(stem for stem in align_anchors._NAME_LEXICON if stem in text),
        shapes=frozenset(shapes),
        quoted=bool(align_anchors._DOUBLE_QUOTES.search(text)),
    )


def reference_english_anchors(text: str) -> Anchors:
    words = align_anchors._ENGLISH_WORD.findall(text)
    numbers = align_anchors._numbers(text)
    numbers.update(
        align_anchors._NUMBER_WORDS[w.lower()]
        for w in re.findall(r"[A-Za-z]+", text)
        if w.lower() in align_anchors._NUMBER_WORDS
    )
    numbers.update(align_anchors._MONTHS[w] for w in words if w in align_anchors._MONTHS)
    lowered = text.lower()
    concepts = frozenset(
        stem
        for stem, phrases in align_anchors._NAME_LEXICON.items()
        if any(re.search(rf"(?<![a-z]){re.escape(p)}", lowered) for p in phrases)
    )
    shapes = frozenset(
        s[:3]
        for w in words
        if w[0].isupper() and w.lower() not in align_anchors._NOT_NAMES
        if len(s := _english_shape(w)) >= 3
    )
    word_set = frozenset(w.lower() for w in words) | frozenset(
        part.lower() for w in words for part in re.split(r"[.'’\-]", w) if part
    )
    quoted = bool(align_anchors._DOUBLE_QUOTES.search(text))
    return Anchors(frozenset(numbers), frozenset(), word_set, concepts, shapes, quoted)


def reference_anchor_cost(ko: Anchors, en: Anchors, weights: dict[str, float]) -> float:
    def weight(tokens) -> float:
        return sum(weights.get(token, 1.0) for token in tokens)

    shared_latin = [word for word in ko.latin if word in en.words]
    cost = (
        weight(ko.numbers & en.numbers) * -2.0
        + weight(ko.numbers ^ en.numbers) * 1.0
        + weight(shared_latin) * -2.0
        + weight(ko.latin.difference(shared_latin)) * 1.0
        + weight(ko.concepts & en.concepts) * -0.7
        + weight(ko.concepts ^ en.concepts) * 0.35
        + weight(en.shapes & ko.shapes) * -0.7
    )
    if ko.quoted or en.quoted:
        cost += -0.5 if ko.quoted == en.quoted else 1.0
    return min(6.0, max(-8.0, cost))


def reference_layout(langs: list[str]) -> str:
    best_fit = 0
    for first, second in (("ko", "en"), ("en", "ko")):
        for split in range(len(langs) + 1):
            best_fit = max(best_fit, langs[:split].count(first) + langs[split:].count(second))
    return "blocks" if best_fit >= align._BLOCK_FIT * len(langs) else "interleaved"


# ------------------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {"ko": [], "en": []}
    for path in sorted(SEEDS.glob("*.txt")):
        for paragraph in read_document(path).paragraphs:
            if paragraph.lang in texts:
                texts[paragraph.lang] += [paragraph.text, *(s.text for s in paragraph.sentences)]
    return texts


def test_anchors_of_the_seeds_match_the_references(seed_texts):
    assert all(korean_anchors(text) == reference_korean_anchors(text) for text in seed_texts["ko"])
    assert all(english_anchors(text) == reference_english_anchors(text) for text in seed_texts["en"])


def test_clue_costs_of_the_seeds_match_the_reference(seed_texts):
    """Every Korean paragraph against every English one, with the seeds' own rarity weights."""
    korean = [korean_anchors(text) for text in seed_texts["ko"][::3]]
    english = [english_anchors(text) for text in seed_texts["en"][::3]]
    weights = rarity_weights(korean, english)
    for ko in korean:
        for en in english:
            assert anchor_cost(ko, en, weights) == pytest.approx(reference_anchor_cost(ko, en, weights), abs=1e-9)


# ----------------------------------------------------------------- generated text

# Pieces that exercise every clue: lexicon phrases and their prefixes (un ↔ united), words
# joined by . ' ’ -, digits with commas, months, quotes, names in both scripts, Latin
# inside Korean, and characters whose lower case is ASCII (Kelvin sign, dotted İ).
_PIECES = [
    "North Korea", "north", "Korea", "Korean Central News Agency", "U.S.", "UN", "un", "united", "United States",
    "Nations", "Foreign Ministry", "Pyongyang", "kcna", "Chinese", "three-day", "Choe Son-hee's", "Moscow’s",
    "2,009", "2009", "15th", "July", "Putin", "Lavrov", "Kremlin", "TASS", "ICBM", "K", "İ", "é", "twelve",
    "“", "”", '"', "'", "’", "-", ".", ",", " ", " ", "\n", "푸틴", "라브로프", "북한은", "러시아", "대통령", "각",
    "아이", "쇼이구", "7월", "3일간", "x", "Xi", "ph", "Ts",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_anchors_of_generated_text_match_the_references(text):
    assert korean_anchors(text) == reference_korean_anchors(text)
    assert english_anchors(text) == reference_english_anchors(text)


_weights = st.dictionaries(st.sampled_from(["2009", "15", "북한", "미국", "PTN", "tass"]), st.floats(0.2, 1))


@settings(max_examples=200, deadline=None)
@given(_texts, _texts, _weights)
def test_clue_costs_of_generated_text_match_the_reference(korean, english, weights):
    ko, en = korean_anchors(korean), english_anchors(english)
    assert anchor_cost(ko, en, weights) == pytest.approx(reference_anchor_cost(ko, en, weights), abs=1e-9)


@given(st.lists(st.sampled_from(["ko", "en"]), max_size=40))
def test_layout_matches_the_reference(langs):
    paragraphs = [align.Paragraph(n, "x", lang, "body", ()) for n, lang in enumerate(langs)]
    assert align._layout(paragraphs) == reference_layout(langs)


def test_length_counts_what_the_whitespace_pattern_leaves():
    every_character = "".join(map(chr, range(sys.maxunicode + 1)))
    assert align._length(every_character) == len(re.sub(r"\s+", "", every_character))


# ------------------------------------------------------------------- the band


def _key(alignment) -> tuple:
    return (
        [(link.ko_paragraph, link.en_paragraph, round(link.confidence, 6)) for link in alignment.paragraphs],
        [(link.ko_paragraph, link.ko_sentences, link.en_paragraph, link.en_sentences, round(link.confidence, 6))
         for link in alignment.sentences],
    )


def test_a_band_widens_over_a_long_one_sided_stretch(monkeypatch):
    """Twelve untranslated Korean paragraphs put the chain twelve cells off the diagonal:
    a band of four must widen until it holds the chain, and then it finds what a full
    search finds."""
    doc = read_document(SEEDS / "000_442fdc8425721719.txt")
    korean_body = [p for p in doc.paragraphs if p.lang == "ko" and p.kind == "body"]
    untranslated = [replace(korean_body[n % 8], text=f"{korean_body[n % 8].text} ({n})") for n in range(12)]
    paragraphs = [*untranslated, *doc.paragraphs]
    doc = replace(doc, paragraphs=tuple(replace(p, index=i) for i, p in enumerate(paragraphs)))
    full = align.align_document(doc)
    monkeypatch.setattr(align_dp, "FULL_SEARCH_CELLS", 0)
    monkeypatch.setattr(align_dp, "BAND", 4)
    banded = align.align_document(doc)
    assert _key(banded) == _key(full)
    assert [link.en_paragraph for link in full.paragraphs[:12]] == [-1] * 12
