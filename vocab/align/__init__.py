"""Korean ↔ English alignment of a bilingual document: paragraphs first, then sentences.

Both levels use one length-based dynamic programme in the manner of Gale & Church (1993):
a translation's length is close to a fixed multiple of its source's, so the cheapest
monotone chain of "beads" (1-1, 2-1, 1-2, 1-0, 0-1 …) through the two sequences is the
alignment.  Length is calibrated for Korean against English below; clues that survive
translation (numbers, Latin words, names: align_anchors.py) break ties.  A link's
confidence is its posterior probability over all chains (forward-backward), so it is
low exactly where another reading of the document costs nearly as little.
"""

from __future__ import annotations

import math
from typing import Callable, Mapping, NamedTuple, Sequence

from vocab.align import dp as align_dp
from vocab.align.anchors import Anchors, english_anchors, korean_anchors
from vocab.align.weights import ClueWeights, rarity_weights
from vocab.align.costs import ENGLISH_CHARS_PER_KOREAN_CHAR, BeadCosts, Unit
from vocab.records import Alignment, Document, Paragraph, ParagraphLink, Sentence, SentenceLink

# Links below this are kept in the Alignment (and shown by `vocab align`) but never used
# as a translation.  Chosen on the seeds with one body paragraph dropped, or a photo
# caption slipped in, at every place in turn (1,500 paragraph links): the wrong links
# that this noise causes all scored 0.72 or less, while all but 0.5% of the right ones
# scored 0.8 or more (tests/test_align.py::test_a_missing_or_stray_paragraph…).
MIN_CONFIDENCE = 0.75

# A bead's prior probability (as -log).  Paragraphs are nearly always translated one to
# one; sentences are split and merged more often (Korean joins clauses with -며, English
# splits quotations), and a 3-1 is still a real shape (seed 000's last paragraph).
_PARAGRAPH_BEADS = {(1, 1): 0.90, (2, 1): 0.04, (1, 2): 0.04}
_SENTENCE_BEADS = {(1, 1): 0.78, (2, 1): 0.08, (1, 2): 0.08, (3, 1): 0.02, (1, 3): 0.02}
# What leaving a unit unmatched costs (-log of its chance of having no counterpart).
# Bylines and tag lines are usually one-sided, headings often are, body text rarely.
_SKIP_COST = {"body": -math.log(0.01), "heading": -math.log(0.05), "meta": -math.log(0.25)}
_SENTENCE_SKIP_COST = -math.log(0.02)
# A document is bilingual only if its smaller side is at least this share of the larger
# (in calibrated length): a Korean page with one English caption is monolingual.
_MIN_SIDE_SHARE = 0.25
# Share of paragraphs that must sit in one Korean and one English run to call it "blocks".
_BLOCK_FIT = 0.9

_NO_ANCHORS = Anchors()


class _Bead(NamedTuple):
    ko: tuple[Unit, ...]
    en: tuple[Unit, ...]
    confidence: float


def _length(text: str) -> int:
    """Characters other than whitespace (str.split's whitespace is exactly re's \\s)."""
    if text.isprintable():  # a fast scan; the only printable whitespace is the space
        return len(text) - text.count(" ")
    return len("".join(text.split()))


def _dynamic_alignment(
    ko: Sequence[Unit],
    en: Sequence[Unit],
    shapes: Sequence[tuple[int, int]],
    pair_costs: align_dp.PairCosts,
    skip_cost: Callable[[Unit], float],
) -> list[_Bead]:
    """The cheapest chain of beads, each with its posterior probability (align_dp.py).

    pair_costs(a, b, rows) are the costs of the beads ko[i:i+a] ↔ en[j:j+b], for each
    (i, first, last) of rows a list over j in first..last.
    """
    skip_ko, skip_en = [skip_cost(u) for u in ko], [skip_cost(u) for u in en]
    chain = align_dp.best_chain(len(ko), len(en), shapes, pair_costs, skip_ko, skip_en)
    return [_Bead(tuple(ko[i : i + a]), tuple(en[j : j + b]), confidence) for i, a, j, b, confidence in chain]


def _candidates(doc: Document) -> list[Paragraph]:
    """Paragraphs that may have a counterpart: one language, not a glossary line."""
    return [p for p in doc.paragraphs if p.lang in ("ko", "en") and p.kind != "gloss" and p.text.strip()]


def _is_bilingual(candidates: Sequence[Paragraph], lengths: Mapping[int, int]) -> bool:
    text = [p for p in candidates if p.kind != "meta"]
    ko = sum(lengths[p.index] for p in text if p.lang == "ko") * ENGLISH_CHARS_PER_KOREAN_CHAR
    en = sum(lengths[p.index] for p in text if p.lang == "en")
    return min(ko, en) > 0 and min(ko, en) >= _MIN_SIDE_SHARE * max(ko, en)


def _layout(candidates: Sequence[Paragraph]) -> str:
    """"blocks" when one language's run is followed by the other's, else "interleaved"."""
    langs = [p.lang for p in candidates if p.kind != "meta"]
    best_fit = 0
    for first, second in (("ko", "en"), ("en", "ko")):
        fit = langs.count(second)  # split before the first paragraph, then move it along
        best_fit = max(best_fit, fit)
        for lang in langs:
            fit += (lang == first) - (lang == second)
            best_fit = max(best_fit, fit)
    return "blocks" if best_fit >= _BLOCK_FIT * len(langs) else "interleaved"


class _AnchorReader:
    """Anchors of a text, read once: a one-sentence paragraph's sentence is its text again."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, str], Anchors] = {}

    def __call__(self, lang: str, text: str) -> Anchors:
        anchors = self.known.get((lang, text))
        if anchors is None:
            anchors = korean_anchors(text) if lang == "ko" else english_anchors(text)
            self.known[lang, text] = anchors
        return anchors


def _paragraph_unit(paragraph: Paragraph, position: int, length: int, read: _AnchorReader) -> Unit:
    anchors = read(paragraph.lang, paragraph.text)
    return Unit(length, anchors, paragraph.kind, position, (paragraph.index, -1))


def _sentences_of(paragraph: Paragraph) -> tuple[Sentence, ...]:
    if paragraph.sentences:
        return paragraph.sentences
    return (Sentence(paragraph.text, 0, len(paragraph.text)),)


def _sentence_units(
    doc: Document, paragraph_units: Sequence[Unit], lang: str, read: _AnchorReader | None
) -> list[Unit]:
    """The sentences of a bead side; with length and anchors only if `read` is given (for
    the dynamic programme: without it, they only name the sentences)."""
    units = []
    for paragraph_unit in paragraph_units:
        index = paragraph_unit.ref[0]
        for number, sentence in enumerate(_sentences_of(doc.paragraphs[index])):
            if read:
                units.append(Unit(_length(sentence.text), read(lang, sentence.text), "body", 0, (index, number)))
            else:
                units.append(Unit(0, _NO_ANCHORS, "body", 0, (index, number)))
    return units


def _sentence_links(doc: Document, bead: _Bead, clue_weights: ClueWeights, read: _AnchorReader) -> list[SentenceLink]:
    """Sentence alignment inside one paragraph bead; confidences scaled by the bead's."""
    counts = [sum(len(_sentences_of(doc.paragraphs[u.ref[0]])) for u in side) for side in (bead.ko, bead.en)]
    aligned = min(counts) > 1  # else no anchors are needed: see below
    ko_units = _sentence_units(doc, bead.ko, "ko", read if aligned else None)
    en_units = _sentence_units(doc, bead.en, "en", read if aligned else None)
    if not aligned:
        # One sentence facing several: it is their translation, whatever their lengths
        # (a quotation the English splits in three is still one Korean sentence).
        sentence_beads = [_Bead(tuple(ko_units), tuple(en_units), 1.0)]
    else:
        sentence_beads = _dynamic_alignment(
            ko_units,
            en_units,
            list(_SENTENCE_BEADS),
            BeadCosts(ko_units, en_units, _SENTENCE_BEADS, clue_weights, interleaved=False),
            lambda unit: _SENTENCE_SKIP_COST,
        )
    links = []
    for sentence_bead in sentence_beads:
        confidence = sentence_bead.confidence * bead.confidence
        ko_chunks = _chunks(sentence_bead.ko) or [((bead.ko[0].ref[0]), ())]
        en_chunks = _chunks(sentence_bead.en) or [((bead.en[0].ref[0]), ())]
        for ko_paragraph, ko_numbers in ko_chunks:
            for en_paragraph, en_numbers in en_chunks:
                links.append(
                    SentenceLink(
                        ko_paragraph=ko_paragraph,
                        ko_sentences=ko_numbers,
                        en_paragraph=en_paragraph,
                        en_sentences=en_numbers,
                        ko=_joined(doc, ko_paragraph, ko_numbers),
                        en=_joined(doc, en_paragraph, en_numbers),
                        confidence=confidence,
                    )
                )
    return links


def _chunks(units: Sequence[Unit]) -> list[tuple[int, tuple[int, ...]]]:
    """A bead's sentences as SentenceLink sides: one paragraph and at most two sentences each.

    A 3-1 bead, or a 1-2 whose English halves sit in two paragraphs, becomes several links
    that share the single sentence of the other side, so every sentence still finds its
    translation.
    """
    chunks: list[tuple[int, tuple[int, ...]]] = []
    for unit in units:
        paragraph, number = unit.ref
        if chunks and chunks[-1][0] == paragraph and len(chunks[-1][1]) < 2:
            chunks[-1] = (paragraph, chunks[-1][1] + (number,))
        else:
            chunks.append((paragraph, (number,)))
    return chunks


def _joined(doc: Document, paragraph: int, numbers: tuple[int, ...]) -> str:
    sentences = _sentences_of(doc.paragraphs[paragraph])
    return " ".join(sentences[n].text.strip() for n in numbers)


def align_document(doc: Document) -> Alignment:
    """The document's parallel structure; Alignment("monolingual") when it has none."""
    candidates = _candidates(doc)
    langs = {p.lang for p in candidates if p.kind != "meta"}
    if len(langs) < 2:  # one side has no text at all: monolingual, known without measuring it
        return Alignment("monolingual")
    lengths = {p.index: _length(p.text) for p in candidates}
    if not _is_bilingual(candidates, lengths):
        return Alignment("monolingual")
    layout = _layout(candidates)
    read = _AnchorReader()
    units = {p.index: _paragraph_unit(p, position, lengths[p.index], read) for position, p in enumerate(candidates)}
    ko = [units[p.index] for p in candidates if p.lang == "ko"]
    en = [units[p.index] for p in candidates if p.lang == "en"]
    clue_weights = ClueWeights(rarity_weights([u.anchors for u in ko], [u.anchors for u in en]))
    beads = _dynamic_alignment(
        ko,
        en,
        list(_PARAGRAPH_BEADS),
        BeadCosts(ko, en, _PARAGRAPH_BEADS, clue_weights, interleaved=layout == "interleaved"),
        lambda unit: _SKIP_COST[unit.kind],
    )
    paragraph_links: list[ParagraphLink] = []
    sentence_links: list[SentenceLink] = []
    for bead in beads:
        ko_indexes = [u.ref[0] for u in bead.ko] or [-1]
        en_indexes = [u.ref[0] for u in bead.en] or [-1]
        for ko_index in ko_indexes:
            for en_index in en_indexes:
                paragraph_links.append(ParagraphLink(ko_index, en_index, bead.confidence))
        if bead.ko and bead.en:
            sentence_links.extend(_sentence_links(doc, bead, clue_weights, read))
    return Alignment(layout, tuple(paragraph_links), tuple(sentence_links))


def translation_map(doc: Document, alignment: Alignment) -> dict[tuple[int, int], str]:
    """(Korean paragraph index, sentence index) -> its English, from confident links only.

    Where one English sentence translates several Korean ones, each gets its own part
    of it, or the whole saying that it is shared (shared.shared_translation).
    """
    from vocab.align.shared import shared_translation

    paragraphs = {p.index: p for p in doc.paragraphs}
    parts: dict[tuple[int, int], list[str]] = {}
    for link in alignment.sentences:
        if link.confidence < MIN_CONFIDENCE or not link.ko_sentences or not link.en_sentences:
            continue
        english = [link.en] * len(link.ko_sentences)
        if len(link.ko_sentences) > 1 and link.ko_paragraph in paragraphs:
            sentences = paragraphs[link.ko_paragraph].sentences
            english = shared_translation(link.en, [sentences[n].text for n in link.ko_sentences])
        for number, own in zip(link.ko_sentences, english):
            texts = parts.setdefault((link.ko_paragraph, number), [])
            if own not in texts:
                texts.append(own)
    return {key: " ".join(texts) for key, texts in parts.items()}


def format_alignment(doc: Document, alignment: Alignment, width: int = 100) -> str:
    """The aligned pairs for `vocab align`: side by side, or one under the other if narrow."""
    from vocab.align.render import render

    return render(doc, alignment, width, MIN_CONFIDENCE)


def alignment_to_json(doc: Document, alignment: Alignment) -> dict:
    """The alignment as plain data for `vocab align --json`."""
    from vocab.align.render import to_json

    return to_json(doc, alignment, MIN_CONFIDENCE)
