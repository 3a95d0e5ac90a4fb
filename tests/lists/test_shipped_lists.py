"""The curated lists shipped in vocab/lists/: schema, and lemmas that Kiwi really produces.

Terms are matched against the lists by exact lemma, so an entry whose `ko` Kiwi never
produces is dead weight; these tests check the forms against the real analyser and the
seeds, not only the YAML shape.  The schema is checked with plain code on purpose: it
must hold whatever the loader (vocab/lists/load.py) does with it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from vocab.files import DATA_PATH
from vocab.korean.kiwi import get_kiwi
from vocab.records import LEVELS

LISTS = DATA_PATH
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

ALLOWED_KEYS = {"ko", "en", "hanja", "pos", "level", "tags", "note", "examples", "known", "skip"}
POS = {"noun", "verb", "adjective", "adverb", "determiner", "name", "phrase"}
TAGS = {
    "alliances", "sanctions", "un", "nuclear", "missiles", "military", "diplomacy",
    "inter-korean", "government", "elections", "economy", "law", "general",
}  # fmt: skip
# Hangul syllables (digits allowed: 6자회담), words separated by single spaces.
KO_FORM = re.compile(r"[0-9가-힣]+( [0-9가-힣]+)*")
# Kiwi tags of grammar around a content word: endings, particles, symbols and numbers.
GRAMMAR_TAG_PREFIXES = ("E", "J", "S")


def load(name: str) -> dict:
    return yaml.safe_load(LISTS.joinpath(f"{name}.yaml").read_text(encoding="utf-8"))


POLITICAL = load("political")["entries"]
STOPWORDS = load("stopwords")["entries"]


def analyse(text: str):
    from kiwipiepy import Match

    return get_kiwi().tokenize(text, match_options=Match.ALL | Match.JOIN_AFFIX)


def is_cjk_ideograph(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK ") and "IDEOGRAPH" in unicodedata.name(char)


def senses(entry: dict) -> list:
    en = entry["en"]
    return en if isinstance(en, list) else [en]


@pytest.mark.parametrize("name", ["political", "stopwords"])
def test_list_file_header(name):
    data = load(name)
    assert set(data) == {"name", "description", "entries"}
    assert data["name"] == name
    assert isinstance(data["description"], str) and data["description"].strip()
    assert isinstance(data["entries"], list) and data["entries"]


@pytest.mark.parametrize("entries", [POLITICAL, STOPWORDS], ids=["political", "stopwords"])
def test_entries_use_known_keys_and_hangul_lemmas(entries):
    for entry in entries:
        assert isinstance(entry, dict), entry
        assert set(entry) <= ALLOWED_KEYS, entry
        assert KO_FORM.fullmatch(entry["ko"]), entry["ko"]


@pytest.mark.parametrize("entries", [POLITICAL, STOPWORDS], ids=["political", "stopwords"])
def test_no_duplicate_lemmas(entries):
    lemmas = [entry["ko"] for entry in entries]
    duplicates = sorted({lemma for lemma in lemmas if lemmas.count(lemma) > 1})
    assert duplicates == []


def test_no_word_is_both_vocabulary_and_stopword():
    overlap = {e["ko"] for e in POLITICAL} & {e["ko"] for e in STOPWORDS}
    assert sorted(overlap) == []


def test_political_list_is_large_enough():
    assert len(POLITICAL) >= 400


def test_political_entries_are_complete():
    for entry in POLITICAL:
        assert {"ko", "en", "pos", "level", "tags"} <= set(entry), entry
        assert entry["pos"] in POS, entry
        assert entry["level"] in LEVELS, entry
        assert entry["tags"] and set(entry["tags"]) <= TAGS, entry
        assert len(set(entry["tags"])) == len(entry["tags"]), entry
        assert all(isinstance(s, str) and s.strip() == s and s for s in senses(entry)), entry
        assert "skip" not in entry, entry


def test_every_tag_and_level_is_used():
    assert {tag for e in POLITICAL for tag in e["tags"]} == TAGS
    assert {e["level"] for e in POLITICAL} == set(LEVELS)


def test_verbs_and_adjectives_are_dictionary_forms_glossed_as_verbs():
    for entry in POLITICAL:
        if entry["pos"] in ("verb", "adjective"):
            assert entry["ko"].endswith("다"), entry
            assert all(s.startswith("to ") for s in senses(entry)), entry
        else:
            # -적 words are Kiwi nouns; a "verb" without 다 would never match a lemma.
            assert not (entry["ko"].endswith("하다") or entry["ko"].endswith("되다")), entry


def test_only_phrases_have_spaces():
    for entry in POLITICAL:
        assert (" " in entry["ko"]) == (entry["pos"] == "phrase"), entry


def test_hanja_is_cjk_ideographs_word_for_word():
    with_hanja = [e for e in POLITICAL if "hanja" in e]
    assert len(with_hanja) > len(POLITICAL) // 2  # most political vocabulary is Sino-Korean
    for entry in with_hanja:
        words = entry["hanja"].split(" ")
        assert len(words) == len(entry["ko"].split(" ")), entry
        assert all(words) and all(is_cjk_ideograph(c) for w in words for c in w), entry


def test_examples_are_pairs():
    with_examples = [e for e in POLITICAL if "examples" in e]
    assert with_examples
    for entry in with_examples:
        for example in entry["examples"]:
            assert set(example) == {"ko", "en"}, entry
            assert example["ko"].strip() and example["en"].strip(), entry


def test_stopwords_are_skips_only():
    assert 30 <= len(STOPWORDS) <= 80
    for entry in STOPWORDS:
        assert set(entry) <= {"ko", "skip", "note"}, entry
        assert entry["skip"] is True, entry


@pytest.mark.parametrize("entries", [POLITICAL, STOPWORDS], ids=["political", "stopwords"])
def test_verb_lemmas_round_trip_through_kiwi(entries):
    """A verb or adjective entry, analysed alone, comes back as itself (체결하다 -> 체결하다)."""
    wrong = []
    for entry in entries:
        ko = entry["ko"]
        if not ko.endswith("다") or " " in ko:
            continue
        content = [t for t in analyse(ko) if not t.tag.startswith(GRAMMAR_TAG_PREFIXES)]
        if [t.lemma for t in content] != [ko]:
            wrong.append((ko, [(t.form, t.tag, t.lemma) for t in content]))
    assert wrong == []


def test_examples_contain_their_term():
    for entry in POLITICAL:
        for example in entry.get("examples", []):
            lemmas = {t.lemma for t in analyse(example["ko"])}
            assert entry["ko"] in lemmas, (entry["ko"], example["ko"])


# How the seed documents write terms the list must know, each as Kiwi lemmatises it there.
SEED_LEMMAS = [
    "체결하다", "위반하다", "침략하다", "재건하다", "묵인하다", "억제하다", "저지하다",
    "무력화시키다", "침공하다", "제재하다", "표명하다", "배제하다", "공식화되다",
    "비핵화", "제재", "분수령", "무력화", "포괄적", "전략적", "적대적", "대립적", "획기적",
    "동맹", "동반자", "조약", "협정", "협약", "정상", "회담", "외교", "억지력", "핵무기",
    "도발", "침공", "결의안", "거부권", "주권", "영토", "연대", "특사", "차질", "방북",
    "주적", "다극화", "패권", "국제법", "권위주의", "독재", "정권", "고립", "우려", "긴장",
    "안보", "안보리", "외무상",
]  # fmt: skip
# Compounds the seeds write without spaces; Kiwi splits them (상호 + 방위 + 조약) and the
# miner joins such a run of adjacent nouns into one lemma.
SEED_COMPOUNDS = [
    "상호방위조약", "탄도미사일", "6자회담", "안전보장이사회", "동맹관계", "합동군사훈련",
    "국무위원장", "다자제재", "국제제재", "고체연료", "극초음속", "국제사회", "외교관계",
    "세계질서",
]  # fmt: skip
NOUN_TAGS = {"NNG", "NNP", "NNB", "SN", "XPN", "XSN"}
# Terms the seeds write as spaced phrases.
SEED_PHRASES = ["포괄적 전략적 동반자 관계", "핵 억지력", "내정 간섭", "무기 이전", "평화 통일"]


@pytest.fixture(scope="module")
def seed_lemmas() -> set[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return {t.lemma for text in texts for t in analyse(text)}


@pytest.mark.parametrize("lemma", SEED_LEMMAS)
def test_seed_terms_are_listed_in_the_form_kiwi_gives(lemma, seed_lemmas):
    assert lemma in seed_lemmas  # the seeds really produce this lemma
    assert lemma in {e["ko"] for e in POLITICAL}


@pytest.fixture(scope="module")
def seed_noun_runs() -> set[str]:
    """Every maximal run of nouns written without a space between them, joined."""
    runs = set()
    for path in sorted(SEEDS.glob("*.txt")):
        run: list = []
        for token in [*analyse(path.read_text(encoding="utf-8")), None]:
            is_noun = token is not None and token.tag in NOUN_TAGS
            if is_noun and run and token.start == run[-1].start + run[-1].len:
                run.append(token)
                continue
            if len(run) > 1:
                runs.add("".join(t.form for t in run))
            run = [token] if is_noun else []
    return runs


@pytest.mark.parametrize("compound", SEED_COMPOUNDS)
def test_seed_compounds_are_listed_whole(compound, seed_noun_runs):
    assert compound in seed_noun_runs
    assert compound in {e["ko"] for e in POLITICAL}


@pytest.mark.parametrize("phrase", SEED_PHRASES)
def test_seed_phrases_are_listed(phrase):
    seeds = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    assert phrase in seeds
    assert phrase in {e["ko"] for e in POLITICAL if e["pos"] == "phrase"}


@pytest.mark.parametrize(
    ("ko", "gloss_word"),
    [
        ("정상", "summit"),
        ("안보리", "Security Council"),
        ("제재", "sanctions"),
        ("비핵화", "denuclearization"),
        ("분수령", "watershed"),
        ("체결하다", "to conclude"),
        ("무력화", "neutraliz"),
        ("차질", "setback"),
    ],
)
def test_glosses_give_the_news_sense(ko, gloss_word):
    entry = next(e for e in POLITICAL if e["ko"] == ko)
    assert any(gloss_word in sense for sense in senses(entry))


@pytest.mark.parametrize(
    ("ko", "level"),
    [("정부", "beginner"), ("대통령", "beginner"), ("선거", "beginner"), ("전쟁", "beginner"),
     ("회담", "intermediate"), ("동맹", "intermediate"),
     ("제재", "advanced"), ("비핵화", "advanced"), ("분수령", "advanced")],
)  # fmt: skip
def test_levels_are_consistent(ko, level):
    assert next(e for e in POLITICAL if e["ko"] == ko)["level"] == level
