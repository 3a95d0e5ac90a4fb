"""Issue 2 end to end: `vocab mine` on the seeds and on small texts written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vocab.cli import cli
from vocab.pipeline import mine, select_terms

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEGYE = "000_442fdc8425721719.txt"


@pytest.fixture(scope="module")
def seeds_result(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VOCAB_CACHE_DIR", str(cache))
        return mine([SEEDS], project_dir=tmp_path_factory.mktemp("project"))


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def by_lemma(result):
    return {t.lemma: t for t in result.terms}


def test_segye_glosses_are_found_with_their_glosses(seeds_result):
    terms = by_lemma(seeds_result)
    for ko, en in [("차질", "setback"), ("재건하다", "reestablish"), ("모험적 행보", "adventurism")]:
        assert terms[ko].gloss == en
        assert terms[ko].gloss_source == "text"
        assert any(SEGYE in source for source in terms[ko].sources) or ko == "모험적 행보"


@pytest.mark.parametrize(
    "lemma",
    ["상호방위조약", "비핵화", "제재", "안보리", "탄도미사일", "분수령", "무력화", "체결하다"],
)
def test_key_political_terms_rank_in_the_top_150(seeds_result, lemma):
    top = [t.lemma for t in select_terms(seeds_result.terms)[:150]]
    assert lemma in top


def test_comprehensive_strategic_partnership_ranks_in_the_top_150(seeds_result):
    top = [t.lemma for t in select_terms(seeds_result.terms)[:150]]
    assert "포괄적 전략적 동반자 관계" in top or "동반자 관계" in top


def test_levels_are_reasonable(seeds_result):
    terms = by_lemma(seeds_result)
    assert terms["사람"].level == "beginner"
    assert terms["정부"].level == "beginner"
    for lemma in ("제재", "비핵화", "분수령"):
        assert terms[lemma].level == "advanced"


FURNITURE_WORDS = ["미모", "볼하트", "글자크기", "게티", "스푸트니크", "무단전재", "재배포", "란제리", "섹시"]


@pytest.mark.parametrize("word", FURNITURE_WORDS)
def test_no_term_comes_from_page_furniture(seeds_result, word):
    assert not [t.lemma for t in seeds_result.terms if word in t.lemma]


def test_no_example_comes_from_page_furniture(seeds_result):
    furniture = {line for doc in seeds_result.documents for line in doc.furniture}
    for term in seeds_result.terms:
        for example in term.examples:
            assert example.text not in furniture
            assert not any(word in example.text for word in FURNITURE_WORDS)
            assert "게티 이미지" not in example.text and "AFP" not in example.text


def test_every_example_contains_its_term_span(seeds_result):
    for term in seeds_result.terms:
        for example in term.examples:
            assert 0 <= example.start < example.end <= len(example.text)
            assert example.text[example.start : example.end].strip()
        assert len(term.examples) <= 3


def test_names_are_tagged_not_study_vocabulary(seeds_result):
    terms = by_lemma(seeds_result)
    assert terms["푸틴"].is_name and terms["평양"].is_name
    assert "푸틴" not in [t.lemma for t in select_terms(seeds_result.terms)]


def test_terms_carry_what_the_format_promises(seeds_result):
    record = by_lemma(seeds_result)["체결하다"].to_json()
    assert list(record)[:8] == ["lemma", "pos", "level", "score", "count", "gloss", "gloss_source", "is_name"]
    assert record["pos"] == "verb" and record["count"] >= 3
    assert any(s.startswith("체결") for s in record["surfaces"])
    assert len(record["sources"]) >= 2
    assert set(record["examples"][0]) == {"text", "start", "end", "source", "translation"}


def test_a_small_text_is_mined_in_dictionary_form(isolated):
    (isolated / "news.txt").write_text(
        "양국은 상호방위조약을 체결했습니다.\n\n"
        "북한은 안보리 제재를 위반하는 탄도미사일을 발사했다.\n\n"
        "러시아는 비핵화 협상에 적대적인 태도를 보였다.\n",
        encoding="utf-8",
    )
    terms = by_lemma(mine([isolated / "news.txt"], project_dir=isolated))
    for lemma in ["상호방위조약", "체결하다", "안보리", "제재", "위반하다", "탄도미사일", "비핵화", "적대적"]:
        assert lemma in terms, lemma
    assert terms["조약"].count >= 1  # a compound's parts are counted too
    assert not any(t.lemma in {"은", "는", "을", "했다"} for t in terms.values())


def test_a_stated_gloss_is_kept_whatever_its_frequency(isolated):
    (isolated / "gloss.txt").write_text(
        "그는 확진자(confirmed case) 통계를 발표했다.\n\n△watershed: 분수령\n", encoding="utf-8"
    )
    terms = by_lemma(mine([isolated / "gloss.txt"], project_dir=isolated))
    assert terms["확진자"].gloss == "confirmed case"
    assert terms["분수령"].gloss == "watershed" and terms["분수령"].gloss_source == "text"


def test_mine_json_is_deterministic_and_complete(isolated):
    runner = CliRunner()
    outputs = []
    for name in ("a.json", "b.json"):
        result = runner.invoke(cli, ["mine", str(SEEDS), "--json", name], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        outputs.append((isolated / name).read_bytes())
    assert outputs[0] == outputs[1]
    records = json.loads(outputs[0])
    assert {r["gloss_source"] for r in records} >= {"text", "list"}
    assert any(r["is_name"] for r in records)  # --json writes every term, names included


def test_mine_prints_a_readable_table_with_filters(isolated):
    result = CliRunner().invoke(
        cli, ["mine", str(SEEDS), "--level", "advanced", "--limit", "5"], catch_exceptions=False
    )
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert lines[0].split()[:4] == ["lemma", "level", "score", "count"]
    assert len(lines) == 6
    assert all(" advanced " in line for line in lines[1:])


def test_one_bad_document_is_reported_and_the_others_are_mined(isolated):
    folder = isolated / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text("양국은 새로운 조약을 체결했다.\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    result = CliRunner().invoke(cli, ["mine", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "bad.txt" in result.output and "체결하다" in result.output


def test_examples_from_bilingual_documents_carry_their_translation(seeds_result):
    """Issue 5: every advanced card whose example comes from a bilingual text shows its English."""
    bilingual = {path for path, a in seeds_result.alignments.items() if a.layout != "monolingual"}
    assert len(bilingual) == 2  # the Segye editorial and the brunch post
    shown = [
        t.examples[0]
        for t in select_terms(seeds_result.terms, level="advanced")
        if t.gloss and t.examples and t.examples[0].source in bilingual
    ]
    assert len(shown) >= 30
    assert all(example.translation for example in shown), [e.text for e in shown if not e.translation]
