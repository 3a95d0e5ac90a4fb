"""The fast paths of korean/terms.py and of the hit packing give what the plain paths give.

Each speed trick has a slower, obvious counterpart (Kiwi's own sentence grouping, one
text at a time, TermHit objects) or a known answer (a noun glued to its verb suffix);
these tests hold them equal on real Kiwi analyses of the seeds and of sentences written
for the purpose, through public functions only.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from vocab.korean import kiwi as korean_kiwi, sentences as korean_sentences
from vocab.analyse.document import SentenceHits
from vocab.records import TermHit

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(SEEDS.iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search("[가-힣]", line):
                paragraphs.append(line.strip())
    return paragraphs


def kiwi_spans(texts: list[str]) -> list[list[tuple[int, int]]]:
    """Sentence spans as Kiwi's own splitter groups them (split_sents=True)."""
    analyses = korean_kiwi.get_kiwi().tokenize(texts, match_options=korean_kiwi.match_options(),
                                          split_sents=True)
    return [[(tokens[0].start, tokens[-1].end) for tokens in sentences] for sentences in analyses]


def test_sentences_are_those_of_kiwis_own_splitter():
    texts = seed_paragraphs() + ["", "첫 문장이다. 둘째 문장이다! 셋째?", "😀 푸틴 𝐀 평양에 도착했다. 끝."]
    assert korean_sentences.split_sentences(texts) == kiwi_spans(texts)


@pytest.mark.parametrize("batch_chars", [1, 300])
def test_reading_kiwis_answers_in_batches_changes_nothing(monkeypatch, batch_chars):
    texts = seed_paragraphs()
    wanted = [index % 3 != 0 for index in range(len(texts))]
    terms: dict = {}
    spans = korean_sentences.split_sentences(texts, for_terms=wanted, terms=terms)
    monkeypatch.setattr(korean_kiwi, "BATCH_CHARS", batch_chars)  # many small batches
    again: dict = {}
    assert korean_sentences.split_sentences(texts, for_terms=wanted, terms=again) == spans
    assert again == terms


def test_rows_are_the_fields_of_the_hits():
    sentences = ["조약을 체결했다.", "", "TASS", "상호방위조약은 차질이다.", "푸틴 대통령이 평양에 도착했다."]
    rows, morphemes = korean_sentences.analyse_rows(sentences)
    hits, counted = korean_sentences.analyse_counted(sentences)
    assert morphemes == counted
    assert [tuple(map(TermHit._make, text_rows)) for text_rows in rows] == hits
    assert any(hits)


@pytest.mark.parametrize("sentence, verb", [
    ("두 나라는 조약을 체결했습니다.", ("체결하다", "체결했습니다")),
    ("조약이 체결된 뒤 회담이 열렸다.", ("체결되다", "체결된")),  # passives are words of their own
    ("협력이 강화되었다.", ("강화되다", "강화되었다")),
    ("군대를 동원시켰다.", ("동원시키다", "동원시켰다")),
    ("상황을 주시했다.", ("주시하다", "주시했다")),
    ("지원하겠다고 밝혔다.", ("지원하다", "지원하겠다고")),
])
def test_a_noun_and_its_verb_suffix_read_as_one_verb(sentence, verb):
    """체결 + 했다 (a noun glued to a verb suffix) is read on a quick path: it gives the
    verb, as the general reading of noun runs did, and not the noun again on its own."""
    hits = korean_sentences.analyse([sentence])[0]
    assert verb in [(hit.lemma, hit.surface) for hit in hits]
    noun = next(verb[0].removesuffix(suffix) for suffix in ("하다", "되다", "시키다") if verb[0].endswith(suffix))
    assert noun not in [hit.lemma for hit in hits]


HITS = [
    (0, 0, (TermHit("조약", "noun", "조약", 0, 2), TermHit("체결하다", "verb", "체결했다", 4, 8))),
    (0, 2, ()),
    (2, 1, (TermHit("상호방위조약", "noun", "상호방위조약", 0, 6),
            TermHit("조약", "noun", "조약", 4, 6, is_compound_part=True),
            TermHit("푸틴", "name", "푸틴", 7, 9, is_name=True),
            TermHit("조약", "noun", "조약을", 10, 13))),
]


def test_packing_plain_rows_equals_packing_hits():
    rows = [(p, s, tuple(tuple(hit) for hit in hits)) for p, s, hits in HITS]
    assert list(SentenceHits.pack(rows)) == list(SentenceHits.pack(HITS)) == HITS


def test_packed_strings_are_shared_across_documents():
    """Each document packs its own table, yet a word is one string object in all of them,
    packed fresh or loaded from a pickle (the cache)."""
    def fresh_copy(text: str) -> str:
        return "".join(list(text))  # equal, but a new object

    copies = [[(p, s, tuple(TermHit(*(fresh_copy(v) if isinstance(v, str) else v for v in hit))
                            for hit in hits)) for p, s, hits in HITS] for _ in range(2)]
    first, second = (SentenceHits.pack(rows) for rows in copies)
    lemmas = {id(hit.lemma) for packed in (first, second) for _, _, hits in packed for hit in hits
              if hit.lemma == "조약"}
    assert len(lemmas) == 1
    loaded = pickle.loads(pickle.dumps(first))
    assert list(loaded) == HITS
    assert {id(hit.lemma) for _, _, hits in loaded for hit in hits if hit.lemma == "조약"} == lemmas
