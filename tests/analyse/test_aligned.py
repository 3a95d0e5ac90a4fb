"""Issue 14: glosses from alignment.  A Korean word no list or dictionary knows gets the
English its aligned sentence leaves over, only when nothing else can be it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cli_helpers import vocab
from vocab.analyse.aligned import gloss_in_pair
from vocab.records import Term, TermHit
from vocab.mine.aligned import AlignedGlosses
from vocab.mine.pipeline import mine

KNOWN = {
    "북한": ["North Korea"], "미사일": ["missile"], "발사하다": ["to launch", "to fire"],
    "정부": ["government"], "선포하다": ["to declare", "to proclaim"], "오늘": ["today"],
    "말하다": [],  # a stop word: known, accounts for nothing
}
DEV = Path(__file__).resolve().parents[1] / "data" / "pages" / "dev"


def senses(ko: str, pos: str):
    return KNOWN.get(ko)


def hit(lemma: str, pos: str = "noun", **flags) -> TermHit:
    return TermHit(lemma, pos, lemma, 0, len(lemma), **flags)


NORTH = hit("북한", "name", is_name=True)


@pytest.mark.parametrize(
    "hits, english, expected",
    [
        ([NORTH, hit("활공체"), hit("발사하다", "verb")],
         "North Korea fired a glide vehicle today.", ("활공체", "glide vehicle")),
        ([hit("정부"), hit("비상사태"), hit("선포하다", "verb")],
         "The government declared a state of emergency.", ("비상사태", "state of emergency")),
        ([NORTH, hit("활공체"), hit("발사하다", "verb"), hit("오늘")],
         "On Tuesday, 3 glide vehicles were fired.", ("활공체", "glide vehicles")),  # numbers, names
    ],
    ids=["one-noun", "function-words-inside", "names-and-numbers-skipped"],
)
def test_the_one_unknown_noun_gets_what_the_english_leaves_over(hits, english, expected):
    assert gloss_in_pair(hits, english, senses) == expected


@pytest.mark.parametrize(
    "hits, english",
    [
        # Two leftovers apart: which is the word's cannot be told.
        ([NORTH, hit("활공체"), hit("발사하다", "verb")], "North Korea reportedly fired a glide vehicle."),
        # Two unknown words share the leftovers.
        ([NORTH, hit("활공체"), hit("극초음속"), hit("발사하다", "verb")],
         "North Korea fired a hypersonic glide vehicle."),
        # A verb's English comes inflected.
        ([NORTH, hit("미사일"), hit("쏘아올리다", "verb")], "North Korea shot up a missile."),
        # Nothing left over: the translation leaves the word out.
        ([NORTH, hit("활공체"), hit("발사하다", "verb")], "North Korea fired it."),
        # A name's English (capitalised) is never a common word's gloss.
        ([hit("정부"), hit("청와대")], "The government of Cheong Wa Dae."),
        # A long leftover is a clause, not a word's English.
        ([NORTH, hit("활공체"), hit("발사하다", "verb")],
         "North Korea fired a brand new experimental long range glide vehicle."),
        # The unknown word is a name.
        ([hit("김여정", "name", is_name=True), hit("말하다", "verb")], "Kim Yo-jong said so."),
    ],
    ids=["two-leftovers", "two-unknown", "verb", "nothing-left", "name", "too-long", "name-only"],
)
def test_any_doubt_leaves_the_word_unglossed(hits, english):
    assert gloss_in_pair(hits, english, senses) is None


class _NoLists:
    def get(self, ko):
        return None


def test_a_word_glossed_differently_by_two_pairs_gets_nothing():
    aligned = AlignedGlosses(_NoLists())
    aligned.found.update({"활공체": {"glide vehicle"}, "비상사태": {"emergency", "state of emergency"}})
    terms = [Term("활공체", "noun"), Term("비상사태", "noun"), Term("제재", "noun", gloss="sanctions", gloss_source="list")]
    glossed = aligned.apply(terms)
    assert [(t.gloss, t.gloss_source) for t in glossed] == [
        ("glide vehicle", "alignment"), (None, None), ("sanctions", "list")]


def test_a_bilingual_document_glosses_the_word_no_dictionary_has(tmp_path, monkeypatch):
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.txt").write_text(
        "북한이 오늘 동해로 극초음속 활공체를 발사했다.\n\n정부는 북한의 도발을 강하게 규탄했다.\n\n"
        "유엔 안보리는 북한에 대한 제재를 논의할 예정이다.\n\n"
        "North Korea fired a hypersonic glide vehicle into the East Sea today.\n\n"
        "The government strongly condemned the North's provocation.\n\n"
        "The UN Security Council is expected to discuss sanctions on North Korea.\n",
        encoding="utf-8")
    vocab("mine", "doc.txt", "--json", "terms.json")
    terms = {t["lemma"]: t for t in json.loads((tmp_path / "terms.json").read_text("utf-8"))}
    assert (terms["활공체"]["gloss"], terms["활공체"]["gloss_source"]) == ("glide vehicle", "alignment")
    assert terms["도발"]["gloss_source"] != "alignment"  # a known word keeps the lists' English


def test_alignment_glosses_on_the_dev_pages_are_judged_and_precise(tmp_path, monkeypatch):
    """Every alignment gloss the bilingual dev pages give is judged by hand in
    alignment_glosses.yaml; at least 0.9 of them must be right."""
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    record = yaml.safe_load((DEV / "alignment_glosses.yaml").read_text(encoding="utf-8"))
    judged = {(g["page"], g["ko"], g["en"]): g["judged"] for g in record["glosses"] or ()}
    pages = [DEV / f"{stem}.txt" for stem in record["pages"]]
    emitted = set()
    for page in pages:
        result = mine([page], project_dir=tmp_path)
        emitted |= {(page.stem, t.lemma, t.gloss) for t in result.terms if t.gloss_source == "alignment"}
    assert not emitted - set(judged), "judge these in tests/data/pages/dev/alignment_glosses.yaml"
    right = sum(1 for key in emitted if judged[key] == "right")
    assert right >= 0.9 * len(emitted)
