"""The one-stream corpus reader (vocab/kiwi_stream.py) gives, document by document,
what reading each document alone gives, in the order of the files, and keeps one bad
document from spoiling the others, whether it fails before, inside or after Kiwi."""

from __future__ import annotations

from pathlib import Path

import pytest

from vocab.analyse import document as analysis
from vocab.analyse import stream as kiwi_stream
from vocab.read import sources
from vocab.korean import kiwi as korean_kiwi, sentences as korean_sentences
from vocab.analyse.cache import AnalysisCache
from vocab.records import SourceProblem

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

TEXTS = {
    "a.txt": "양국은 상호방위조약을 체결했습니다.\n\n북한은 탄도미사일을 발사했다.\n",
    "b.txt": "The allies signed a treaty.\n\nNothing here is Korean.\n",  # Kiwi splits none of it
    "c.md": "# 제재\n\n안보리는 새로운 제재를 논의했다. 회의는 길었다.\n",
    "d.txt": "\x00\x01\x02 binary \xff\xfe" * 50,  # refused before Kiwi
    "e.txt": "러시아는 비핵화 협상에 적대적인 태도를 보였다.\n\n△watershed: 분수령\n",
}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in TEXTS.items():
        data = text.encode("latin-1") if name == "d.txt" else text.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


def alone(path: Path):
    """One document read and analysed by itself: the reference the stream must equal."""
    try:
        known: dict = {}
        return analysis.analyse_document(kiwi_stream.read_document(path, terms=known), known)
    except Exception as error:
        return kiwi_stream._problem(path, error)


def streamed(folder: Path, store=None) -> list[tuple[str, object, bool]]:
    files = sorted(folder.iterdir())
    return [(path.name, outcome, cached)
            for path, outcome, cached in kiwi_stream.analysed_in_order(files, store)]


def test_the_stream_gives_each_document_what_reading_it_alone_gives(corpus):
    got = streamed(corpus)
    assert [name for name, _, _ in got] == sorted(TEXTS)
    for name, outcome, cached in got:
        assert outcome == alone(corpus / name), name
        assert not cached
    assert isinstance(dict((n, o) for n, o, _ in got)["d.txt"], SourceProblem)


def test_the_seeds_in_one_stream_equal_the_seeds_one_by_one():
    files = sorted(SEEDS.iterdir())
    for path, outcome, _ in kiwi_stream.analysed_in_order(files, None):
        assert outcome == alone(path), path.name


def test_cached_documents_keep_their_place_and_a_cached_corpus_builds_no_kiwi(
        corpus, tmp_path, monkeypatch):
    store = AnalysisCache(tmp_path / "cache")
    first = streamed(corpus, store)
    (corpus / "c.md").write_text("# 제재\n\n안보리는 제재를 풀었다.\n", encoding="utf-8")
    second = streamed(corpus, store)
    assert [(name, cached) for name, _, cached in second] == [
        ("a.txt", True), ("b.txt", True), ("c.md", False), ("d.txt", False), ("e.txt", True)]
    assert second[0][1] == first[0][1] and second[4][1] == first[4][1]
    assert second[2][1] == alone(corpus / "c.md")

    def no_kiwi(texts):
        raise AssertionError("Kiwi asked for a corpus that is all in the cache")

    monkeypatch.setattr(korean_kiwi, "analyses_of", no_kiwi)
    (corpus / "d.txt").unlink()
    assert all(cached for _, _, cached in streamed(corpus, store))


@pytest.mark.parametrize("stage", ["kiwi", "tokens", "finish"])
def test_a_document_failing_at_any_stage_spoils_only_itself(corpus, monkeypatch, stage):
    bad = "c.md"
    bad_text = RefusingKiwi.REFUSED
    if stage == "kiwi":
        monkeypatch.setattr(korean_kiwi, "analyses_of", RefusingKiwi)
    elif stage == "tokens":
        real_spans = korean_sentences.spans_from_tokens

        def spans_from_tokens(text, tokens, wanted=True, memo=None):
            if text == bad_text:
                raise ValueError("unexpected tokens")
            return real_spans(text, tokens, wanted, memo)
        monkeypatch.setattr(korean_sentences, "spans_from_tokens", spans_from_tokens)
    else:
        real_analyse = analysis.analyse_document

        def analyse_document(document):
            if document.path.endswith(bad):
                raise ValueError("alignment failed")
            return real_analyse(document)
        monkeypatch.setattr(analysis, "analyse_document", analyse_document)

    got = streamed(corpus)
    assert [name for name, _, _ in got] == sorted(TEXTS)
    for name, outcome, _ in got:
        if name == bad:
            assert isinstance(outcome, SourceProblem)
            assert "could not be read" in outcome.message and outcome.path.endswith(bad)
        elif name != "d.txt":
            assert outcome == alone(corpus / name), name


class RefusingKiwi:
    """korean_kiwi.analyses_of, but Kiwi fails on one paragraph and goes on with the next, as
    kiwipiepy's iterator does (it hands on an analysis' exception and stays usable)."""

    REFUSED = "안보리는 새로운 제재를 논의했다. 회의는 길었다."

    def __init__(self, texts):
        self.texts = iter(texts)

    def __iter__(self):
        return self

    def __next__(self):
        text = next(self.texts)
        if text == self.REFUSED:
            raise RuntimeError("Kiwi refused this")
        return korean_kiwi.get_kiwi().tokenize(text, match_options=korean_kiwi.match_options())
