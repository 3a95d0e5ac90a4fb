"""Alignment of bilingual documents, measured against hand-made gold on the seeds.

Gold files (tests/data/align/*.json) name paragraphs and sentences by the start of their
text, never by index, so they survive changes in how sources.py removes page furniture.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from vocab import align
from vocab.align import costs as align_costs
from vocab.align.anchors import english_anchors, korean_anchors
from vocab.align.shared import WITH_BOTH, WITH_NEXT, WITH_PREVIOUS
from vocab.align.weights import anchor_cost
from vocab.records import Alignment, Document, Paragraph, Sentence, SentenceLink
from vocab.analyse.stream import read_document
from vocab.read.sources import paragraph_lang, split_english

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parents[1] / "data" / "align"


# ---------------------------------------------------------------- documents for tests


def _split_sentences(text: str, lang: str) -> tuple[Sentence, ...]:
    if lang == "ko":
        from vocab.korean.sentences import split_sentences

        spans = split_sentences([text])[0]
    else:
        spans = split_english(text)
    return tuple(Sentence(text[s:e], s, e) for s, e in spans if text[s:e].strip())


def make_document(text: str, path: str = "test.txt", kinds: dict[int, str] | None = None) -> Document:
    """A Document from blank-line separated paragraphs, without the reader's furniture rules.

    Documents written for a test keep exactly the paragraphs and kinds the test means;
    language and sentences come from the reader's own functions.  The seeds go through
    the whole reader.
    """
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        index = len(paragraphs)
        lang = paragraph_lang(chunk)
        kind = (kinds or {}).get(index, "body")
        paragraphs.append(Paragraph(index, chunk, lang, kind, _split_sentences(chunk, lang)))
    return Document(path=path, title=path, paragraphs=tuple(paragraphs))


def read_seed(name: str) -> Document:
    """A seed as the pipeline sees it: through the real reader, furniture removed."""
    return read_document(SEEDS / name)


# ------------------------------------------------------------------- gold resolution

_LOOSE = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " ", "＂": '"'})


def _loose(text: str) -> str:
    """Compare texts whatever the reader did to quotes and spaces (length-preserving)."""
    return unicodedata.normalize("NFC", text).translate(_LOOSE)


def _find_paragraphs(doc: Document, prefix: str) -> list[Paragraph]:
    return [p for p in doc.paragraphs if _loose(p.text).lstrip().startswith(_loose(prefix))]


def _find_sentence(doc: Document, prefix: str) -> tuple[int, int]:
    """(paragraph index, sentence index) of the sentence the unique prefix falls in."""
    hits = []
    for paragraph in doc.paragraphs:
        text = _loose(paragraph.text)
        for match in re.finditer(re.escape(_loose(prefix)), text):
            for number, sentence in enumerate(paragraph.sentences):
                if sentence.start <= match.start() < max(sentence.end, sentence.start + 1):
                    hits.append((paragraph.index, number))
    assert len(set(hits)) == 1, f"gold prefix {prefix!r} found {len(set(hits))} times"
    return hits[0]


def _load_gold(name: str) -> dict:
    return json.loads((GOLD / name).read_text(encoding="utf-8"))


def _gold_paragraph_pairs(doc: Document, gold: dict) -> list[tuple[int, int]]:
    """Gold pairs as (ko index, en index), -1 for "no counterpart"; absent optional pairs dropped."""
    pairs = []
    for entry in gold["paragraphs"]:
        sides = []
        for lang in ("ko", "en"):
            prefix = entry[lang]
            if prefix is None:
                sides.append(-1)
                continue
            found = [p for p in _find_paragraphs(doc, prefix) if p.kind != "gloss"]
            assert len(found) <= 1, f"gold prefix {prefix!r} is ambiguous"
            sides.append(found[0].index if found else None)
        if None in sides:
            assert entry.get("optional"), f"gold paragraph missing from the document: {entry}"
            continue
        pairs.append(tuple(sides))
    return pairs


def _gold_sentence_groups(doc: Document, gold: dict) -> list[tuple[frozenset, frozenset]]:
    """Gold sentence groups; a sentence the gold does not name joins the named one before it.

    So the gold holds whether the reader splits a quotation into two sentences or not, and
    groups that end up naming one sentence twice are merged.
    """
    groups: list[tuple[set, set]] = []
    owner: dict[tuple[str, int, int], int] = {}
    for entry in gold["sentences"]:
        try:
            ko = {_find_sentence(doc, prefix) for prefix in entry["ko"]}
            en = {_find_sentence(doc, prefix) for prefix in entry["en"]}
        except AssertionError:
            if entry.get("optional"):
                continue
            raise
        keys = [("ko", *ref) for ref in ko] + [("en", *ref) for ref in en]
        merged = {owner[key] for key in keys if key in owner}
        group = (ko, en)
        for old in sorted(merged, reverse=True):
            group[0].update(groups[old][0])
            group[1].update(groups[old][1])
            groups[old] = (set(), set())
        groups.append(group)
        for lang, refs in (("ko", group[0]), ("en", group[1])):
            for ref in refs:
                owner[(lang, *ref)] = len(groups) - 1
    for lang in ("ko", "en"):  # extend each group over the unnamed sentences that follow
        named = sorted(key for key in owner if key[0] == lang)
        for _, paragraph, number in named:
            group = owner[(lang, paragraph, number)]
            follower = number + 1
            while follower < len(doc.paragraphs[paragraph].sentences) and (lang, paragraph, follower) not in owner:
                groups[group][0 if lang == "ko" else 1].add((paragraph, follower))
                follower += 1
    return [(frozenset(ko), frozenset(en)) for ko, en in groups if ko or en]


def _predicted_sentence_groups(alignment: Alignment) -> list[tuple[frozenset, frozenset]]:
    """Links that share a sentence (a 3-1 is stored as two links) form one group."""
    groups: list[tuple[set, set]] = []
    for link in alignment.sentences:
        ko = {(link.ko_paragraph, n) for n in link.ko_sentences}
        en = {(link.en_paragraph, n) for n in link.en_sentences}
        for old in [g for g in groups if g[0] & ko or g[1] & en]:
            ko |= old[0]
            en |= old[1]
            groups.remove(old)
        groups.append((ko, en))
    return [(frozenset(ko), frozenset(en)) for ko, en in groups]


def _partners(alignment: Alignment, side: str) -> dict[int, set[int]]:
    """Each paragraph's predicted counterparts (empty set: linked to nothing)."""
    table: dict[int, set[int]] = {}
    for link in alignment.paragraphs:
        own, other = (link.ko_paragraph, link.en_paragraph)
        if side == "en":
            own, other = other, own
        if own >= 0:
            table.setdefault(own, set())
            if other >= 0:
                table[own].add(other)
    return table


def _gold_partners(pairs: list[tuple[int, int]], side: str) -> dict[int, set[int]]:
    table: dict[int, set[int]] = {}
    for ko, en in pairs:
        own, other = (ko, en) if side == "ko" else (en, ko)
        if own >= 0:
            table.setdefault(own, set())
            if other >= 0:
                table[own].add(other)
    return table


def _sentence_scores(doc: Document, gold: dict, alignment: Alignment) -> tuple[float, float, int]:
    """(precision, recall, gold groups) of sentence groups inside the gold's paragraphs."""
    expected = _gold_sentence_groups(doc, gold)
    gold_paragraphs = {ref[0] for group in expected for side in group for ref in side}
    predicted = [
        group
        for group in _predicted_sentence_groups(alignment)
        if any(ref[0] in gold_paragraphs for side in group for ref in side)
    ]
    right = sum(1 for group in predicted if group in expected)
    found = sum(1 for group in expected if group in predicted)
    return right / max(1, len(predicted)), found / max(1, len(expected)), len(expected)


SEGYE, BRUNCH = "000_442fdc8425721719.txt", "003_a6901b723cfdf466.txt"


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[Document, dict, Alignment]]:
    table = {}
    for seed, gold_name in ((SEGYE, "segye.json"), (BRUNCH, "brunch.json")):
        doc = read_seed(seed)
        table[seed] = (doc, _load_gold(gold_name), align.align_document(doc))
    return table


# ---------------------------------------------------------------------- the seeds' gold


def test_segye_every_english_paragraph_links_to_its_korean(seeds):
    doc, gold, alignment = seeds[SEGYE]
    assert alignment.layout == gold["layout"]
    expected = _gold_partners(_gold_paragraph_pairs(doc, gold), "en")
    assert len(expected) >= 9  # 8 body paragraphs plus the title and/or the byline
    predicted = _partners(alignment, "en")
    wrong = {en: (predicted.get(en), ko) for en, ko in expected.items() if predicted.get(en, set()) != ko}
    assert wrong == {}
    body = [en for en in expected if doc.paragraphs[en].kind == "body"]
    assert len(body) == 8
    confident = {link.en_paragraph for link in alignment.paragraphs if link.confidence >= align.MIN_CONFIDENCE}
    assert set(body) <= confident


def test_brunch_korean_paragraphs_link_to_their_english(seeds):
    doc, gold, alignment = seeds[BRUNCH]
    assert alignment.layout == gold["layout"]
    pairs = _gold_paragraph_pairs(doc, gold)
    expected = _gold_partners(pairs, "ko")
    predicted = _partners(alignment, "ko")
    right = sum(1 for ko, en in expected.items() if predicted.get(ko, set()) == en)
    assert right / len(expected) >= 0.9, (right, len(expected))
    # The Korean paragraph the English splits in two keeps both halves.
    split = _find_paragraphs(doc, "최선희 북한 외무상은 러시아와")[0].index
    assert len(predicted[split]) == 2
    # And no confident link pairs a paragraph with a wrong one.
    gold_pairs = set(pairs)
    confident_wrong = [
        link
        for link in alignment.paragraphs
        if link.ko_paragraph >= 0 and link.en_paragraph >= 0
        and link.confidence >= align.MIN_CONFIDENCE
        and (link.ko_paragraph, link.en_paragraph) not in gold_pairs
    ]
    assert confident_wrong == []


@pytest.mark.parametrize("seed", [SEGYE, BRUNCH])
def test_sentence_links_match_the_gold(seeds, seed):
    doc, gold, alignment = seeds[seed]
    precision, recall, groups = _sentence_scores(doc, gold, alignment)
    assert groups >= 10
    assert precision >= 0.85 and recall >= 0.85, (precision, recall)


def unshared(english: str) -> str:
    """A translation without the note that it is shared with a neighbouring sentence."""
    for note in (WITH_NEXT, WITH_PREVIOUS, WITH_BOTH):
        english = english.removeprefix(note)
    return english


def test_segye_translation_map_follows_merges_and_splits(seeds):
    doc, _, alignment = seeds[SEGYE]
    translations = align.translation_map(doc, alignment)
    emboldened = _find_sentence(doc, "An emboldened Mr. Putin")
    english = doc.paragraphs[emboldened[0]].sentences[emboldened[1]].text
    # 2-1: both get the one sentence, saying that it is shared (issue 15)
    for korean, shared in (("대담해진 푸틴은", WITH_NEXT), ("푸틴은 “역사적인", WITH_PREVIOUS)):
        assert translations[_find_sentence(doc, korean)] == shared + english
    patience = translations[_find_sentence(doc, "북한이 이를 묵인하고")]  # 1-2: joined
    assert patience.startswith("Strategic patience failed") and patience.endswith("It didn’t.")
    for korean in ("북한은 미국을 무시했고", "몇 가지 예를 들면", "이 모든 행위는"):  # 3-1
        assert unshared(translations[_find_sentence(doc, korean)]).startswith("It ignored the U.S.")
    assert all(doc.paragraphs[p].lang == "ko" for p, _ in translations)


def test_length_calibration_matches_the_seeds(seeds):
    """ENGLISH_CHARS_PER_KOREAN_CHAR and LENGTH_VARIANCE are what the gold body pairs measure."""
    korean_lengths, english_lengths = [], []
    for doc, gold, _ in seeds.values():
        partners = _gold_partners(_gold_paragraph_pairs(doc, gold), "ko")
        for ko, ens in sorted(partners.items()):
            if ens and doc.paragraphs[ko].kind == "body":
                korean_lengths.append(align._length(doc.paragraphs[ko].text))
                english_lengths.append(sum(align._length(doc.paragraphs[en].text) for en in ens))
    ratio = sum(english_lengths) / sum(korean_lengths)
    variance = sum((e - ratio * k) ** 2 for k, e in zip(korean_lengths, english_lengths)) / sum(korean_lengths)
    assert len(korean_lengths) == 23
    assert ratio == pytest.approx(align.ENGLISH_CHARS_PER_KOREAN_CHAR, abs=0.02)
    assert variance == pytest.approx(align_costs.LENGTH_VARIANCE, rel=0.1)


def _rebuilt(doc: Document, paragraphs: list[Paragraph]) -> Document:
    from dataclasses import replace

    return replace(doc, paragraphs=tuple(replace(p, index=i) for i, p in enumerate(paragraphs)))


CAPTION_KO = "김정은 북한 국무위원장과 블라디미르 푸틴 러시아 대통령이 19일 평양 김일성광장에서 리셉션을 나오고 있다."
CAPTION_EN = "Kim Jong Un and Vladimir Putin leave a reception at Kim Il Sung Square in Pyongyang on the 19th."


@pytest.mark.parametrize("seed", [SEGYE, BRUNCH])
def test_a_missing_or_stray_paragraph_makes_no_confident_wrong_link(seeds, seed):
    """Drop each body paragraph in turn, or slip a photo caption in: never a confident wrong pair."""
    doc, gold, _ = seeds[seed]
    gold_pairs = {pair for pair in _gold_paragraph_pairs(doc, gold) if -1 not in pair}
    body = [p.index for p in doc.paragraphs if p.kind == "body"]
    variants = []
    for index in body:
        kept = [p for p in doc.paragraphs if p.index != index]
        variants.append(([p.index for p in kept], kept))
    for index in body[::3]:
        for text, lang in ((CAPTION_KO, "ko"), (CAPTION_EN, "en")):
            caption = Paragraph(0, text, lang, "body", (Sentence(text, 0, len(text)),))
            at = next(n for n, p in enumerate(doc.paragraphs) if p.index == index)
            kept = [*doc.paragraphs[:at], caption, *doc.paragraphs[at:]]
            variants.append(([None if p is caption else p.index for p in kept], kept))
    wrong = []
    for original, paragraphs in variants:
        alignment = align.align_document(_rebuilt(doc, paragraphs))
        for link in alignment.paragraphs:
            if link.ko_paragraph < 0 or link.en_paragraph < 0 or link.confidence < align.MIN_CONFIDENCE:
                continue
            pair = (original[link.ko_paragraph], original[link.en_paragraph])
            if pair not in gold_pairs:
                wrong.append((pair, round(link.confidence, 2)))
    assert wrong == []


# -------------------------------------------------------------- documents written here

# A short news item in Korean and English, paragraph by paragraph (translations by hand).
INTERLEAVED = """\
국회는 15일 본회의를 열고 내년도 국방예산안을 찬성 182표, 반대 97표로 통과시켰다.

The National Assembly passed next year's defense budget on the 15th by a vote of 182 to 97.

여당은 북한의 잇따른 미사일 발사에 대응하려면 예산 증액이 불가피하다고 주장했다. 야당은 복지 예산이 줄어든다며 반발했다.

The ruling party argued that a larger budget was unavoidable to answer North Korea's repeated missile launches, while the opposition protested that welfare spending would shrink.

국방부는 예산의 상당 부분을 정찰위성 개발에 쓰고, 나머지는 노후 전투기 교체에 배정할 계획이라고 밝혔다.

The Ministry of National Defense said it would spend much of the budget on developing reconnaissance satellites. The rest will go to replacing aging fighter jets.

미국 국무부 대변인은 "한국의 결정을 환영한다"며 "한미 동맹이 더 강해질 것"이라고 말했다.

A U.S. State Department spokesperson said, "We welcome South Korea's decision," adding that the alliance would grow stronger.

예산안은 다음 달 1일부터 집행된다. 정부는 분기마다 집행 내역을 국회에 보고해야 한다.

The budget takes effect on the 1st of next month. The government must report its spending to the Assembly every quarter.
"""

# (Korean sentence start, English it must map to: start and end)
INTERLEAVED_TRANSLATIONS = [
    ("국회는 15일", "The National Assembly passed", "182 to 97."),
    ("여당은 북한의", "The ruling party argued", "would shrink."),
    ("야당은 복지 예산이", "The ruling party argued", "would shrink."),
    ("국방부는 예산의", "The Ministry of National Defense", "aging fighter jets."),
    ("미국 국무부 대변인은", "A U.S. State Department", "grow stronger."),
    ("예산안은 다음 달", "The budget takes effect", "next month."),
    ("정부는 분기마다", "The government must report", "every quarter."),
]


def test_interleaved_document_pairs_each_paragraph_with_its_neighbour():
    doc = make_document(INTERLEAVED)
    alignment = align.align_document(doc)
    assert alignment.layout == "interleaved"
    pairs = [(link.ko_paragraph, link.en_paragraph) for link in alignment.paragraphs]
    assert pairs == [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9)]
    assert all(link.confidence >= align.MIN_CONFIDENCE for link in alignment.paragraphs)
    translations = align.translation_map(doc, alignment)
    assert len(translations) == len(INTERLEAVED_TRANSLATIONS)
    for korean, english_start, english_end in INTERLEAVED_TRANSLATIONS:
        english = unshared(translations[_find_sentence(doc, korean)])
        assert english.startswith(english_start) and english.endswith(english_end), korean
    assert translations[_find_sentence(doc, "여당은 북한의")].startswith(WITH_NEXT)  # a 2-1


def test_interleaved_paragraph_without_translation_stays_unlinked():
    note = "※ 이 기사는 국회 사무처가 공개한 회의록을 바탕으로 작성했으며 일부 발언은 요약했다."
    parts = INTERLEAVED.split("\n\n")
    doc = make_document("\n\n".join([*parts[:4], note, *parts[4:]]))
    alignment = align.align_document(doc)
    assert alignment.layout == "interleaved"
    pairs = [(link.ko_paragraph, link.en_paragraph) for link in alignment.paragraphs]
    assert pairs == [(0, 1), (2, 3), (4, -1), (5, 6), (7, 8), (9, 10)]
    assert (4, 0) not in align.translation_map(doc, alignment)


KOREAN_ONLY = "북한은 15일 동해상으로 탄도미사일을 발사했다.\n\n합동참모본부는 추가 발사에 대비하고 있다고 밝혔다."
ENGLISH_ONLY = "North Korea fired a ballistic missile on the 15th.\n\nThe Joint Chiefs of Staff said it was ready."
# A Korean article whose only English is a photo credit is not bilingual.
KOREAN_WITH_CAPTION = "\n\n".join(
    [
        KOREAN_ONLY,
        "군 당국은 이번 미사일이 약 300킬로미터를 비행한 뒤 동해에 떨어진 것으로 분석했다.",
        "정부는 국가안전보장회의를 열어 대응 방안을 논의했다.",
        "Photo by Yonhap News Agency, Seoul.",
    ]
)


@pytest.mark.parametrize(
    "text", [KOREAN_ONLY, ENGLISH_ONLY, "", KOREAN_WITH_CAPTION], ids=["korean", "english", "empty", "caption"]
)
def test_monolingual_documents_have_no_links(text):
    doc = make_document(text)
    alignment = align.align_document(doc)
    assert alignment == Alignment("monolingual")
    assert align.translation_map(doc, alignment) == {}
    assert "monolingual" in align.format_alignment(doc, alignment)
    assert align.alignment_to_json(doc, alignment)["paragraphs"] == []


def test_glossary_and_mixed_lines_are_not_aligned():
    doc = make_document(
        "The talks collapsed in 2009.\n\n회담은 2009년에 결렬됐다.\n\n△collapse: 결렬되다",
        kinds={2: "gloss"},
    )
    alignment = align.align_document(doc)
    assert [(link.ko_paragraph, link.en_paragraph) for link in alignment.paragraphs] == [(1, 0)]


def test_alignment_is_deterministic(seeds):
    doc, _, alignment = seeds[BRUNCH]
    assert align.align_document(doc) == alignment


# ------------------------------------------------------------------ translation_map


def _link(ko_paragraph, ko_sentences, en_paragraph, en_sentences, en, confidence=0.9) -> SentenceLink:
    return SentenceLink(
        ko_paragraph, tuple(ko_sentences), en_paragraph, tuple(en_sentences), "…", en, confidence
    )


@pytest.mark.parametrize(
    "links, expected",
    [
        ([_link(0, [0], 1, [0], "One.")], {(0, 0): "One."}),
        ([_link(0, [0, 1], 1, [0], "Both.")], {(0, 0): "Both.", (0, 1): "Both."}),
        ([_link(0, [0], 1, [0, 1], "First. Second.")], {(0, 0): "First. Second."}),
        # a 1-2 whose English halves sit in two paragraphs is stored as two links
        ([_link(0, [0], 1, [0], "First."), _link(0, [0], 2, [0], "Second.")], {(0, 0): "First. Second."}),
        ([_link(0, [0], 1, [0], "Unsure.", confidence=align.MIN_CONFIDENCE - 0.01)], {}),
        ([_link(0, [0], 1, [], "")], {}),  # 1-0: no translation
        ([_link(0, [], 1, [0], "Extra.")], {}),  # 0-1
    ],
    ids=["1-1", "2-1", "1-2", "1-2 across paragraphs", "low confidence", "1-0", "0-1"],
)
def test_translation_map(links, expected):
    doc = make_document("")
    assert align.translation_map(doc, Alignment("blocks", (), tuple(links))) == expected


# ---------------------------------------------------------------------------- anchors


@pytest.mark.parametrize(
    "korean, english",
    [
        ("협상은 2009년에 끝났다.", "Negotiations ended in 2009."),
        ("최 외무상은 15일 출국했다.", "Foreign Minister Choi left on the 15th."),
        ("3일간의 방문", "a three-day visit"),
        ("러시아 통신사 TASS에 따르면", "according to the Russian news agency TASS"),
        ("지난 7월 방문했다.", "visited last July."),
        ("라브로프 장관과 회담했다.", "met Minister Lavrov."),
        ("크렘린궁은 부인했다.", "The Kremlin denied it."),
        ("푸틴은 “역사적인 러시아”를 말했다.", "Putin spoke of “historical Russia.”"),
    ],
)
def test_clues_shared_by_a_translation_lower_its_cost(korean, english):
    assert anchor_cost(korean_anchors(korean), english_anchors(english)) < 0


@pytest.mark.parametrize(
    "korean, english",
    [
        ("협상은 2009년에 끝났다.", "Negotiations ended in 2018."),
        ("TASS가 보도했다.", "Reuters reported it."),
        ("그는 “환영한다”고 말했다.", "He declined to comment."),
    ],
)
def test_clues_that_disagree_raise_the_cost(korean, english):
    assert anchor_cost(korean_anchors(korean), english_anchors(english)) > 0


# ------------------------------------------------------------------------ display


def _display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("width", [100, 72, 40])
def test_format_alignment_fits_the_width(seeds, width):
    doc, _, alignment = seeds[SEGYE]
    text = align.format_alignment(doc, alignment, width=width)
    assert all(_display_width(line) <= width for line in text.splitlines()), width
    assert "blocks" in text.split("\n\n")[0]
    assert "러시아가 북한과 맺은" in text and "mutual defense treaty" in text
    side_by_side = any("│" in line for line in text.splitlines())
    assert side_by_side == (width >= 60)


def test_format_alignment_prints_a_shared_sentence_once(seeds):
    doc, _, alignment = seeds[BRUNCH]  # one Korean paragraph, two English ones
    text = align.format_alignment(doc, alignment, width=100)
    assert text.count("최선희 북한 외무상은 러시아와") == 1
    assert "〃 (the Korean above)" in text


def test_format_alignment_marks_links_below_the_threshold():
    doc = make_document("국회는 예산안을 통과시켰다.\n\nThe Assembly passed the budget.")
    weak = Alignment(
        "blocks",
        (align.ParagraphLink(0, 1, 0.3),),
        (SentenceLink(0, (0,), 1, (0,), "국회는 예산안을 통과시켰다.", "The Assembly passed the budget.", 0.3),),
    )
    text = align.format_alignment(doc, weak)
    assert "0.30?" in text and "1 marked ?" in text


def test_alignment_to_json_round_trips(seeds):
    doc, _, alignment = seeds[BRUNCH]
    data = json.loads(json.dumps(align.alignment_to_json(doc, alignment), ensure_ascii=False))
    assert list(data) == ["path", "layout", "min_confidence", "paragraphs", "sentences"]
    assert data["layout"] == "blocks" and data["min_confidence"] == align.MIN_CONFIDENCE
    assert len(data["paragraphs"]) == len(alignment.paragraphs)
    for record, link in zip(data["sentences"], alignment.sentences):
        assert record["ko"] == link.ko and record["en"] == link.en
        translates = bool(link.ko_sentences) and bool(link.en_sentences)
        assert record["used"] == (link.confidence >= align.MIN_CONFIDENCE and translates)
    used = {(r["ko_paragraph"], n) for r in data["sentences"] if r["used"] for n in r["ko_sentences"]}
    assert used == set(align.translation_map(doc, alignment))
