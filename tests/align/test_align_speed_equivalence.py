"""The aligner's fast paths give what their plain definitions give (issue #7).

Each reference below is the straightforward form the aligner used before it was made
fast; the fast one must agree with it on the seeds and on generated text.
"""

from __future__ import annotations

import functools
import math
import operator
import random
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocab import align
from vocab.align import anchors as align_anchors
from vocab.align import costs as align_costs
from vocab.align import dp as align_dp
from vocab.align.anchors import (
    Anchors,
    anchor_cost,
    english_anchors,
    korean_anchors,
    rarity_weights,
)
from vocab.analyse.stream import read_document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

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


# ------------------------------------------------------- the dynamic programme (issue #7, session 3)


def reference_best_chain(n, m, shapes, pair_cost, skip_ko, skip_en, full_search_cells, first_band):
    """The dynamic programme as it was, a cell at a time in dicts, pair_cost(i, a, j, b) per cell."""
    moves = [(1, 0), (0, 1), *shapes]
    width = m + 1 + max(b for _, b in moves)
    steps = [(k, a, b, a * width + b) for k, (a, b) in enumerate(moves)]
    inf = math.inf
    band = None if (n + 1) * (m + 1) <= full_search_cells else first_band
    while True:
        rows = [align_dp.band_columns(i, n, m, band) for i in range(n + 1)]
        chains, back, entry_costs = {0: (0.0, 0.0)}, {}, {}
        for i in range(n + 1):
            for j in rows[i]:
                cell = i * width + j
                cheapest, move, total, costs = inf, 0, -inf, [inf] * len(moves)
                for k, a, b, step in steps:
                    before = chains.get(cell - step)
                    if before is None:
                        continue
                    c = skip_en[j - 1] if a == 0 else skip_ko[i - 1] if b == 0 else pair_cost(i - a, a, j - b, b)
                    costs[k] = c
                    if c == inf:
                        continue
                    if before[0] + c < cheapest:
                        cheapest, move = before[0] + c, k
                    x = before[1] - c
                    total = x if total == -inf else (
                        x + math.log1p(math.exp(total - x)) if x > total else total + math.log1p(math.exp(x - total))
                    )
                if cheapest < inf:
                    chains[cell], back[cell], entry_costs[cell] = (cheapest, total), move, costs
        path = [(n, m)]
        while path[-1] != (0, 0):
            i, j = path[-1]
            a, b = moves[back[i * width + j]]
            path.append((i - a, j - b))
        if band is None or band > max(n, m):
            break
        if all(abs(j - i * m / max(n, 1)) <= band - first_band // 4 for i, j in path):
            break
        band *= 2
    end = n * width + m
    backward = {end: 0.0}
    for i in range(n, -1, -1):
        for j in reversed(rows[i]):
            cell = i * width + j
            if cell not in chains or cell == end:
                continue
            total = -inf
            for k, _, _, step in steps:
                after = backward.get(cell + step)
                if after is None or entry_costs[cell + step][k] == inf:
                    continue
                x = after - entry_costs[cell + step][k]
                total = x if total == -inf else (
                    x + math.log1p(math.exp(total - x)) if x > total else total + math.log1p(math.exp(x - total))
                )
            if total != -inf:
                backward[cell] = total
    beads = []
    path.reverse()
    for (i, j), (to_i, to_j) in zip(path, path[1:]):
        cell = to_i * width + to_j
        c = entry_costs[cell][back[cell]]
        posterior = math.exp(chains[i * width + j][1] - c + backward[cell] - chains[end][1])
        beads.append((i, to_i - i, j, to_j - j, min(1.0, posterior)))
    return beads


_PARAGRAPH_SHAPES = [(1, 1), (2, 1), (1, 2)]
_SENTENCE_SHAPES = [(1, 1), (2, 1), (1, 2), (3, 1), (1, 3)]


def _random_costs(seed: int):
    """A bead cost for every (i, a, j, b), the same whatever order it is asked in; some impossible."""

    def cost(i, a, j, b):
        draw = random.Random(hash((seed, i, a, j, b))).random()
        return math.inf if draw < 0.05 else draw * 12 - 2

    return cost


def _by_rows(cost):
    return lambda a, b, rows: [[cost(i, a, j, b) for j in range(first, last + 1)] for i, first, last in rows]


def _chain_or_error(function, *args):
    try:
        return function(*args)
    except KeyError:
        return "no chain reaches the end"


@pytest.mark.parametrize("shapes", [_PARAGRAPH_SHAPES, _SENTENCE_SHAPES])
@pytest.mark.parametrize("band", [None, 1, 3])
def test_best_chain_matches_the_reference_on_random_tables(monkeypatch, shapes, band):
    """Bit for bit, in full search and in bands (narrow ones too, widened or failing alike)."""
    if band is not None:
        monkeypatch.setattr(align_dp, "FULL_SEARCH_CELLS", 0)
        monkeypatch.setattr(align_dp, "BAND", band)
    for seed in range(60):
        rng = random.Random(seed)
        n, m = rng.randint(1, 11), rng.randint(1, 11)
        skip_ko = [rng.uniform(0.5, 5) for _ in range(n)]
        skip_en = [rng.uniform(0.5, 5) for _ in range(m)]
        cost = _random_costs(seed)
        expected = _chain_or_error(
            reference_best_chain, n, m, shapes, cost, skip_ko, skip_en, 160_000 if band is None else 0, band
        )
        assert _chain_or_error(align_dp.best_chain, n, m, shapes, _by_rows(cost), skip_ko, skip_en) == expected


# --------------------------------------------------------------------- the bead costs


def reference_bead_costs(ko, en, priors, clue_weights, interleaved):
    """The bead costs as they were: a call per cell, every term worked out in turn."""
    def spans(units, widest, weigh):
        table = [[]]
        for count in range(1, widest + 1):
            table.append([])
            for start in range(len(units) - count + 1):
                chosen = units[start : start + count]
                anchors = functools.reduce(operator.or_, (u.anchors for u in chosen))
                table[count].append((sum(u.length for u in chosen), frozenset(u.kind for u in chosen), weigh(anchors)))
        return table

    ko_spans = spans(ko, max(a for a, _ in priors), clue_weights.korean)
    en_spans = spans(en, max(b for _, b in priors), clue_weights.english)

    def single(i, j):
        return clue_weights.cost(ko_spans[1][i][2], en_spans[1][j][2])

    def cost(i, a, j, b):
        (ko_length, kinds_ko, ko_clues), (en_length, kinds_en, en_clues) = ko_spans[a][i], en_spans[b][j]
        extra = 0.0
        if "meta" in kinds_ko or "meta" in kinds_en:
            if a + b > 2:
                return math.inf
            if kinds_ko != kinds_en:
                extra += align_costs._META_MISMATCH_COST
        elif kinds_ko != kinds_en:
            extra += align_costs._HEADING_BODY_COST
        if interleaved and a == b == 1 and abs(ko[i].position - en[j].position) == 1:
            extra += align_costs._ADJACENT_BONUS
        if kinds_ko == kinds_en == frozenset({"heading"}):
            length = align_costs.length_cost(
                ko_length, en_length, align_costs.HEADLINE_ENGLISH_CHARS_PER_KOREAN_CHAR, align_costs.HEADLINE_LENGTH_VARIANCE
            )
        else:
            length = align_costs.length_cost(ko_length, en_length)
        clues = single(i, j) if a == b == 1 else clue_weights.cost(ko_clues, en_clues)
        total = -math.log(priors[a, b]) + length + clues
        for k in range(a) if a > 1 else ():
            total += max(0.0, single(i + k, j))
        for k in range(b) if b > 1 else ():
            total += max(0.0, single(i, j + k))
        return total + extra

    return cost


def _units_of(path: Path, level: str) -> tuple[list, list, dict]:
    """A seed's paragraph units (kinds and positions as the aligner sees them), or the
    sentence units of all its paragraphs, with the priors of that level."""
    doc = read_document(path)
    candidates = align._candidates(doc)
    read = align._AnchorReader()
    units = [align._paragraph_unit(p, n, align._length(p.text), read) for n, p in enumerate(candidates)]
    sides = {lang: [u for u, p in zip(units, candidates) if p.lang == lang] for lang in ("ko", "en")}
    if level == "sentences":
        sides = {lang: align._sentence_units(doc, side, lang, read) for lang, side in sides.items()}
        return sides["ko"], sides["en"], align._SENTENCE_BEADS
    return sides["ko"], sides["en"], align._PARAGRAPH_BEADS


def _costs_agree(got: float, expected: float) -> bool:
    # Shared clues are added in another order than the intersection's: the last bit may differ.
    return got == expected or abs(got - expected) <= 1e-12 * max(1.0, abs(expected))


@pytest.mark.parametrize("seed", ["000_442fdc8425721719.txt", "003_a6901b723cfdf466.txt"])
@pytest.mark.parametrize("level", ["paragraphs", "sentences"])
@pytest.mark.parametrize("interleaved", [False, True])
@pytest.mark.parametrize("narrow", [False, True])
def test_bead_cost_tables_match_the_reference(seed, level, interleaved, narrow):
    """Every bead of the seeds (headings, bylines and body; merges; an interleaved layout),
    over whole rows, and over the narrow rows of a band, where merges meet 1-1 costs that no
    1-1 row worked out."""
    ko, en, priors = _units_of(SEEDS / seed, level)
    clue_weights = align_anchors.ClueWeights(rarity_weights([u.anchors for u in ko], [u.anchors for u in en]))
    expected = reference_bead_costs(ko, en, priors, clue_weights, interleaved)
    costs = align_costs.BeadCosts(ko, en, priors, clue_weights, interleaved)
    for a, b in priors:  # 1-1 first, as the dynamic programme asks
        rows = [(i, 0, len(en) - b) for i in range(len(ko) - a + 1)]
        if narrow:
            rows = [(i, max(0, i - 2), min(len(en) - b, i + 1)) for i, _, _ in rows]
            rows = [row for row in rows if row[1] <= row[2]]
        for (i, first, last), row in zip(rows, costs(a, b, rows)):
            wanted = [expected(i, a, j, b) for j in range(first, last + 1)]
            assert all(map(_costs_agree, row, wanted)), (a, b, i)


def test_length_table_is_the_plain_length_cost():
    """Over every pair of lengths up to 400, the cap's neighbourhood and zero among them."""
    lengths = list(range(401))
    rows = [(k, 0, 400) for k in range(0, 401, 3)]
    table = align_costs.length_table(lengths, lengths, rows)
    assert table == [align_costs.length_cost(k, e) for k, _, _ in rows for e in lengths]


def test_clue_rows_match_the_pairwise_cost(seed_texts):
    korean = [korean_anchors(text) for text in seed_texts["ko"]]
    english = [english_anchors(text) for text in seed_texts["en"]]
    clue_weights = align_anchors.ClueWeights(rarity_weights(korean, english))
    ko_sides, en_sides = [clue_weights.korean(a) for a in korean], [clue_weights.english(a) for a in english]
    rows = [(i, i % 7, len(en_sides) - 1 - i % 5) for i in range(len(ko_sides))]
    table = align_anchors.ClueRows(clue_weights, en_sides).table(ko_sides, rows)
    expected = [clue_weights.cost(ko_sides[i], en_sides[j]) for i, first, last in rows for j in range(first, last + 1)]
    assert all(map(_costs_agree, table, expected))


def test_length_of_printable_text_counts_what_the_whitespace_pattern_leaves():
    """The fast path: in printable text the only whitespace is the space."""
    printable = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isprintable())
    assert align._length(printable) == len(re.sub(r"\s+", "", printable))
    assert align._length("북한은 15일\t발표했다") == len(re.sub(r"\s+", "", "북한은 15일\t발표했다"))


def test_word_memo_stays_small_and_right():
    memo = align_anchors._WordMemo(str.upper)
    words = [f"word{n}" for n in range(70_000)]
    assert list(map(memo.__getitem__, words)) == [word.upper() for word in words]
    assert len(memo) <= 1 << 16
