"""Glosses the dictionary gives beyond its entries: compounds from their parts, and the
sense a bilingual document's English uses first (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vocab.deck.package import note_fields, note_tags
from vocab.lists.dictionary import DICTIONARY_FILE
from vocab.lists.load import load_lexicon
from vocab.mine.compounds import split_into_parts
from vocab.mine.pipeline import mine
from vocab.mine.senses import news_sense_first

DICTIONARY = """\
# test dictionary, sorted
군\tnoun\tintermediate\t軍\tarmy; military
대북\tnoun\tadvanced\t對北\ttoward North Korea
발사\tnoun\tintermediate\t發射\tlaunch
북한\tnoun\tbeginner\t北韓\tNorth Korea
압박\tnoun\tadvanced\t壓迫\tpressure
정비\tnoun\tintermediate\t整備\tmaintenance
제재\tnoun\tadvanced\t制裁\trestriction; sanctions
창고\tnoun\tintermediate\t倉庫\twarehouse
핵\tnoun\tintermediate\t核\tnuclear weapons
핵실험\tnoun\tadvanced\t核實驗\tnuclear test
"""
BILINGUAL = """\
유엔은 북한에 대한 제재를 강화했다.

The UN tightened sanctions on North Korea.

북한군이 대북압박에 반발했다.

The North Korean army protested against the pressure.
"""


@pytest.fixture
def shipped(fake_shipped: Path) -> Path:
    (fake_shipped / DICTIONARY_FILE).write_text(DICTIONARY, encoding="utf-8")
    return fake_shipped


@pytest.fixture
def mined(shipped, project, tmp_path, monkeypatch):
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    (project / "news.txt").write_text(BILINGUAL, encoding="utf-8")
    result = mine([project / "news.txt"], project_dir=project)
    return {term.lemma: term for term in result.terms}


def test_a_compound_is_glossed_from_its_parts(mined):
    army, pressure = mined["북한군"], mined["대북압박"]
    assert (army.gloss, army.gloss_source, army.hanja) == ("North Korea + army", "parts", "北韓軍")
    assert (pressure.gloss, pressure.gloss_source) == ("toward North Korea + pressure", "parts")


def test_the_card_shows_a_gloss_from_parts_as_such(mined):
    army = mined["북한군"]
    assert note_fields(army, media={}, titles={}, listening=False)["English"] == "North Korea + army"
    assert "glossed-from-parts" in note_tags(army)


@pytest.mark.parametrize(
    ("word", "parts"),
    [("북한군", ["북한", "군"]),
     ("대북압박", ["대북", "압박"]),
     ("북한핵실험", ["북한", "핵실험"]),  # the fewest parts: not 북한 + 핵 + 실험
     ("정비창", None),  # 창 is no word of its own here
     ("핵실험", None),  # an entry of its own is not split
     ("북한", None),  # two syllables: nothing to split
     ("정비창고", ["정비", "창고"])],
)  # fmt: skip
def test_how_words_split(shipped, project, word, parts):
    lexicon = load_lexicon(project_dir=project)
    found = split_into_parts(word, lexicon)
    assert (None if found is None else [part.ko for part in found]) == parts


def test_a_word_the_dictionary_has_is_not_glossed_from_parts(shipped, project, tmp_path, monkeypatch):
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    (project / "a.txt").write_text("북한은 핵실험을 했다.\n", encoding="utf-8")
    [test] = [t for t in mine([project / "a.txt"], project_dir=project).terms if t.lemma == "핵실험"]
    assert (test.gloss, test.gloss_source) == ("nuclear test", "dictionary")


def test_the_sense_the_translation_uses_comes_first(mined):
    sanctions = mined["제재"]
    assert sanctions.examples[0].translation == "The UN tightened sanctions on North Korea."
    assert (sanctions.gloss, sanctions.gloss_source) == ("sanctions; restriction", "dictionary")


@pytest.mark.parametrize(
    ("gloss", "translations", "first"),
    [("restriction; sanctions", ["New sanctions were imposed."], "sanctions"),
     ("to conclude (a treaty); to sign", ["Both sides signed the accord."], "to sign"),
     ("to conclude (a treaty); to sign", ["They concluded a treaty."], "to conclude (a treaty)"),
     ("summit; leader; normal", ["The leaders met."] * 2 + ["The summit ended."], "leader"),
     ("summit; leader", ["They met in Seoul."], "summit"),  # no sense found: the order stays
     ("summit; leader", [None], "summit"),  # no translation
     ("restriction", ["New sanctions."], "restriction")],
)  # fmt: skip
def test_news_sense_first(gloss, translations, first):
    chosen = news_sense_first(gloss, translations)
    assert chosen.split("; ")[0] == first
    assert sorted(chosen.split("; ")) == sorted(gloss.split("; "))
