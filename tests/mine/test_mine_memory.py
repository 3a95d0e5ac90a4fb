"""Issue 7: mining's memory is bounded by the documents in flight and the term table,
not the corpus.  Shown without a memory figure: the documents the reader hands over are
gone once mining is done with them."""

from __future__ import annotations

import weakref
from pathlib import Path

import pytest

from vocab.analyse import document as analysis
from vocab.analyse import stream as kiwi_stream
from vocab.mine import counting, pipeline
from vocab.korean import phrases as korean_phrases
from vocab.mine.counting import SentencesSeen
from vocab.mine.pipeline import mine

TEXTS = [
    "양국은 상호방위조약을 체결했습니다. 북한은 탄도미사일을 발사했다.\n",
    "러시아는 비핵화 협상에 적대적인 태도를 보였다.\n\n△watershed: 분수령\n",
    "# 제재\n\n안보리는 새로운 제재를 논의했다. 회의는 길었다.\n",
    "두 나라는 전략적 협력 관계를 맺었다. 양국은 전략적 협력 관계를 강조했다.\n",
    "정부는 대북 제재를 강화했다.\n\nThe government tightened sanctions on the North.\n",
    "△전략적 협력 관계: strategic cooperative relationship\n\n정부는 전략적 협력 관계를 발전시키겠다고 밝혔다.\n",
    "외교부는 성명을 발표했다. 협상은 결렬됐다.\n",
]


@pytest.mark.parametrize("use_cache", [False, True], ids=["uncached", "cached"])
@pytest.mark.parametrize("recount", [False, True], ids=["one-reading", "read-again"])
def test_documents_are_not_kept_once_counted(tmp_path, monkeypatch, use_cache, recount):
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # The phrase glossed after a document using it: the corpus is read twice.
    texts = TEXTS if recount else [TEXTS[5]] + TEXTS[:5] + TEXTS[6:]
    for number, text in enumerate(texts):
        (corpus / f"{number:02d}.txt").write_text(text, encoding="utf-8")

    handed_over: dict[str, list] = {}  # path -> weak references to each analysis of it
    real_stream = kiwi_stream.analysed_in_order

    def analysed_in_order(files, store):
        for path, outcome, from_cache in real_stream(files, store):
            refs = handed_over.setdefault(path.name, [])
            refs.extend([weakref.ref(outcome), weakref.ref(outcome.document)])
            yield path, outcome, from_cache
            del outcome  # the reader keeps none of what it handed over

    monkeypatch.setattr(kiwi_stream, "analysed_in_order", analysed_in_order)
    alive_before: list[list[str]] = []

    def progress(update):  # after mining has counted a document, while later ones are read
        earlier = {f"{number:02d}.txt" for number in range(update.documents_done - 1)}
        alive_before.append(sorted(name for name in earlier
                                   if any(ref() is not None for ref in handed_over[name])))

    result = mine([corpus], project_dir=tmp_path, use_cache=use_cache, progress=progress)
    assert len(alive_before) == len(texts) * (2 if recount else 1)
    assert alive_before == [[]] * len(alive_before)
    assert sorted(handed_over) == [f"{number:02d}.txt" for number in range(len(texts))]
    assert all(ref() is None for refs in handed_over.values() for ref in refs)
    # What mining keeps of each document: no paragraphs, no furniture, the rest.
    assert [Path(doc.path).name for doc in result.documents] == sorted(handed_over)
    assert all(doc.paragraphs == () and doc.furniture == () for doc in result.documents)
    assert all(doc.title and doc.sha256 and doc.mtime for doc in result.documents)
    assert sorted(result.alignments) == [doc.path for doc in result.documents]
    assert all(a.layout and a.paragraphs == () and a.sentences == () for a in result.alignments.values())
    assert {t.lemma: t for t in result.terms}["전략적 협력 관계"].count >= 3  # 03.txt twice, the gloss document


def test_the_stream_hands_over_documents_one_at_a_time(tmp_path):
    for number, text in enumerate(TEXTS):
        (tmp_path / f"{number:02d}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "zz.txt").write_bytes(b"\x00\x01binary\x00" * 40)
    stream = kiwi_stream.read_and_analyse_each([tmp_path / "missing.txt", tmp_path], use_cache=False)
    first = next(stream)
    assert isinstance(first, kiwi_stream.SourceProblem) and first.path.endswith("missing.txt")
    previous = None
    names = []
    for outcome in stream:
        if previous is not None:
            assert previous() is None  # the one before is gone while this one is in hand
        if isinstance(outcome, kiwi_stream.SourceProblem):
            names.append(Path(outcome.path).name)
            continue
        names.append(Path(outcome.document.path).name)
        previous = weakref.ref(outcome)
        del outcome
    assert names == [f"{number:02d}.txt" for number in range(len(TEXTS))] + ["zz.txt"]


SENTENCES = ["두 나라는 전략적 협력 관계를 맺었다.", "양국은 동반자관계를 유지했다.",
             "북한과 러시아의 우호", "조약은 아직 멀었다."]


@pytest.mark.parametrize(
    "phrase, occurs",
    [
        ("전략적 협력 관계", True),
        ("전략적협력  관계", True),  # spacing is ignored, as korean_phrases.find_phrases ignores it
        ("동반자 관계", True),  # written without its space
        ("협력 관계를 맺다", False),  # its last word is lemmatised: not as written
        ("우호 조약", False),  # only across two sentences, where find_phrases never looks
        ("평화 협정", False),
        ("관계", False),  # one word: never looked for as a phrase
    ],
)
def test_a_phrase_is_found_in_the_sentences_seen_as_find_phrases_finds_it(phrase, occurs):
    seen = SentencesSeen()
    seen.glossed([phrase])  # glossed in the first document: nothing was counted without it
    seen.add(SENTENCES)
    assert not seen.any_earlier()
    seen.close()
    seen = SentencesSeen()
    seen.add([])  # a document without Korean sentences
    seen.glossed([phrase])
    seen.add(SENTENCES)
    assert not seen.any_earlier()
    seen.add(SENTENCES)
    seen.glossed([phrase])  # glossed after the sentences
    assert seen.any_earlier() == occurs
    assert seen.any_earlier() == any(korean_phrases.find_phrases(text, [phrase]) for text in SENTENCES)
    seen.close()


def test_only_sentences_before_a_phrase_s_gloss_count_whatever_the_blocks_read(monkeypatch):
    # Many lines, read back a few bytes at a time: the line a phrase is found on is
    # told right across blocks.
    monkeypatch.setattr(SentencesSeen, "BLOCK", 7)
    filler = [f"문장 {number}번은 아무 구절도 없다." for number in range(50)]
    for glossed_at, found_at, earlier in [(60, 55, True), (60, 60, False), (10, 55, False),
                                          (56, 55, True), (55, 55, False)]:
        seen = SentencesSeen()
        lines = filler + filler
        lines[found_at] = "두 나라는 전략적 협력 관계를 맺었다."
        seen.add(lines[:glossed_at])
        seen.glossed(["전략적 협력 관계", "없는 구절 하나"])
        seen.add(lines[glossed_at:])
        assert seen.any_earlier() == earlier, (glossed_at, found_at)
        seen.close()


def test_without_a_temporary_file_a_late_phrase_means_reading_again(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXTS[0], encoding="utf-8")  # the phrase does not occur
    (corpus / "b.txt").write_text(TEXTS[5], encoding="utf-8")  # its gloss
    expected = [t.to_json() for t in mine([corpus], project_dir=tmp_path, use_cache=False).terms]

    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(counting.tempfile, "TemporaryFile", no_room)
    updates = []
    result = mine([corpus], project_dir=tmp_path, use_cache=False, progress=updates.append)
    assert [update.documents_done for update in updates] == [1, 2, 1, 2]  # read twice, to be sure
    assert [t.to_json() for t in result.terms] == expected
