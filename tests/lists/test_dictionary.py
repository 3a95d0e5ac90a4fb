"""The shipped dictionary (vocab/lists/dictionary.tsv): its hanja checked against an
independent table, every entry reachable by the miner, and its place beneath the lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from list_helpers import write
from vocab.files import DATA_PATH
from vocab.lists.dictionary import DICTIONARY_FILE, Dictionary
from vocab.lists.load import load_lexicon
from vocab.mine.curate import apply_lexicon
from vocab.records import LEVELS, Term

DICTIONARY = Dictionary.read(DATA_PATH.joinpath(DICTIONARY_FILE))
ROWS = [line.split("\t") for line in DICTIONARY.text.split("\n") if line and line[0] != "#"]
# Debian's libhangul-data (BSD-licensed): reading:hanja:meaning, a line per word or character.
HANJA_TXT = Path("/usr/share/libhangul/hanja/hanja.txt")
POS = {"noun", "verb", "adjective", "adverb", "determiner"}


def test_every_line_has_the_five_columns_of_the_format():
    assert len(ROWS) == len(DICTIONARY) >= 15_000
    for row in ROWS:
        assert len(row) == 5, row
        ko, pos, level, hanja, en = row
        assert pos in POS and level in LEVELS, row
        assert 1 <= len(en.split("; ")) <= 3 and all(en.split("; ")), row
    assert len({(row[0], row[1]) for row in ROWS}) == len(ROWS)  # no entry twice


def test_lines_are_sorted_so_that_a_word_is_found_by_bisection():
    lines = [line for line in DICTIONARY.text.split("\n") if line and line[0] != "#"]
    assert lines == sorted(lines)
    assert DICTIONARY.text.split("\n", 1)[0].startswith("#")  # the header comes first
    assert [e.pos for e in DICTIONARY.entries("자주")] == ["adverb", "noun"]
    assert DICTIONARY.get("가") is None and DICTIONARY.get("힣힣힣") is None
    assert "비핵화" in DICTIONARY and "없는말" not in DICTIONARY


# --- hanja --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hanja_table() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(readings of each character, hanja words of each reading) from hanja.txt."""
    if not HANJA_TXT.is_file():
        pytest.skip(f"{HANJA_TXT} is missing: install Debian's libhangul-data (as .ci/run does)")
    readings: dict[str, set[str]] = {}
    words: dict[str, set[str]] = {}
    for line in HANJA_TXT.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or ":" not in line:
            continue
        reading, hanja = line.split(":")[:2]
        if len(reading) == 1 and len(hanja) == 1:
            readings.setdefault(hanja, set()).add(reading)
        words.setdefault(reading, set()).add(hanja)
    return readings, words


def test_every_hanja_is_a_reading_libhangul_lists(hanja_table):
    """The hanja is listed for the word (체결: 締結), or each character is listed with the
    reading of the syllable it stands for, from the first syllable (北韓軍 for 북한군)."""
    readings, words = hanja_table
    wrong = []
    for ko, _, _, hanja, _ in ROWS:
        if not hanja:
            continue
        listed = hanja in words.get(ko[: len(hanja)], ())
        per_syllable = len(hanja) <= len(ko) and all(
            ko[i] in readings.get(char, ()) for i, char in enumerate(hanja))
        if not (listed or per_syllable):
            wrong.append((ko, hanja))
    assert wrong == []
    assert sum(1 for row in ROWS if row[3]) > len(ROWS) // 2  # most of it is Sino-Korean


# --- reachability -------------------------------------------------------------------


def _final_consonant(word: str) -> bool:
    code = ord(word[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def _object(ko: str) -> str:
    return ko + ("을" if _final_consonant(ko) else "를")


def _subject(ko: str) -> str:
    return ko + ("이" if _final_consonant(ko) else "가")


# Short natural sentences for each part of speech, the first tried for every entry, the
# others only for the entries the first missed: Kiwi reads a word by its context (각광을
# at the start of a sentence is 각 + 광), so one frame would condemn words that running
# text gives.  -적 words modify a noun (획기적인 일), verbs and adjectives are conjugated.
FRAMES = {
    "noun": ("우리는 {obj} 봤다.", "정부는 {obj} 발표했다.", "그 {subj} 중요하다.", "이것은 {ko}의 문제이다."),
    "-적": ("그것은 {ko}인 일이다.", "우리는 {ko}으로 봤다."),
    "verb": ("그가 {stem}고 있다.", "우리는 {stem}지 않았다.", "그들은 {stem}기로 했다."),
    "adjective": ("그것은 매우 {ko}.", "우리는 {stem}지 않았다.", "그 일은 {stem}지 않다."),
    "adverb": ("그는 {ko} 왔다.", "우리는 {ko} 말했다.", "우리는 {ko} 잘 알고 있었다."),
    "determiner": ("그는 {ko} 사람이다.", "우리는 {ko} 일을 했다.", "그는 {ko} 사람을 만났다."),
}


def framed(ko: str, pos: str, which: int) -> str | None:
    kind = "-적" if pos == "noun" and len(ko) > 2 and ko.endswith("적") else pos
    frames = FRAMES.get(kind, ())  # the miner gives no pronoun, no interjection
    if which >= len(frames):
        return None
    return frames[which].format(ko=ko, obj=_object(ko), subj=_subject(ko), stem=ko[:-1])


def unreachable(rows) -> list[tuple[str, str]]:
    """The (ko, pos) of `rows` that the miner never gives as a whole term in their frames."""
    from vocab.korean.kiwi import get_kiwi, match_options
    from vocab.korean.terms import rows_from_tokens

    missed = [(row[0], row[1]) for row in rows]
    which = 0
    while missed:
        asked = [(ko, pos, framed(ko, pos, which)) for ko, pos in missed]
        asked = [item for item in asked if item[2] is not None]
        if not asked:
            break
        answers = get_kiwi().tokenize([sentence for _, _, sentence in asked], match_options=match_options())
        reached = set()
        for (ko, pos, sentence), tokens in zip(asked, answers):
            if any(term[0] == ko and not term[6] for term in rows_from_tokens(sentence, tokens)):
                reached.add((ko, pos))
        missed = [item for item in missed if item not in reached]
        which += 1
    return missed


def test_every_entry_is_what_the_miner_produces_for_it():
    """No dead entry: the lemma of each is what mining a sentence using it gives (고립되다,
    이루어지다, 살다), so every entry can gloss a term."""
    assert unreachable(ROWS) == []


def test_unreachable_forms_are_found():
    # 하다 is a light verb, 걸어다니다 comes out as 걷다 and 다니다, 남북관계 as a name and a noun.
    rows = [["하다", "verb"], ["걸어다니다", "verb"], ["남북관계", "noun"], ["고립되다", "verb"]]
    assert unreachable(rows) == [("하다", "verb"), ("걸어다니다", "verb"), ("남북관계", "noun")]


# --- beneath the lists --------------------------------------------------------------


@pytest.fixture
def shipped_with_dictionary(fake_shipped: Path) -> Path:
    """A shipped folder holding a small dictionary and a political list."""
    (fake_shipped / DICTIONARY_FILE).write_text(
        "# test dictionary: ko pos level hanja english, sorted\n"
        "끝나다\tverb\tbeginner\t\tto end; to finish\n"
        "동맹\tnoun\tintermediate\t同盟\talliance\n"
        "분수령\tnoun\tadvanced\t分水嶺\twatershed\n"
        "자주\tadverb\tbeginner\t\toften\n"
        "자주\tnoun\tadvanced\t自主\tindependence\n"
        "제재\tnoun\tadvanced\t制裁\trestriction; sanctions\n",
        encoding="utf-8",
    )
    write(fake_shipped, "political.yaml",
          "name: political\nentries:\n  - ko: 제재\n    en: sanctions\n    level: intermediate\n")
    return fake_shipped


def test_lists_override_the_dictionary_field_by_field(shipped_with_dictionary, project, tmp_path):
    mine = write(tmp_path, "mine.yaml", "- ko: 제재\n  hanja: 制裁X\n")
    lexicon = load_lexicon(user_lists=[mine], project_dir=project)
    entry = lexicon.get("제재")
    assert entry.en == ("sanctions",)  # political.yaml's, over the dictionary's
    assert entry.level == "intermediate"  # political.yaml's
    assert entry.hanja == "制裁X"  # the learner's, over both
    assert entry.pos == "noun" and entry.dictionary_fields == {"pos"}  # only the dictionary gives it
    assert lexicon.get("동맹").en == ("alliance",) and lexicon.get("동맹").dictionary_fields
    assert lexicon.listed("제재") and not lexicon.listed("동맹")  # the score bonus is the lists'
    assert lexicon.get("자주", "noun").en == ("independence",)
    assert lexicon.get("자주", "adverb").en == ("often",)
    assert lexicon.get("없는말") is None


def test_gloss_source_says_dictionary(shipped_with_dictionary, project):
    lexicon = load_lexicon(project_dir=project)
    terms = [Term("제재", "noun"), Term("동맹", "noun"), Term("분수령", "noun", gloss="turning point",
                                                             gloss_source="text")]
    curated = {t.lemma: t for t in apply_lexicon(terms, lexicon)}
    assert (curated["제재"].gloss, curated["제재"].gloss_source) == ("sanctions", "list")
    assert (curated["동맹"].gloss, curated["동맹"].gloss_source) == ("alliance", "dictionary")
    assert curated["동맹"].hanja == "同盟"  # on the card's Hanja field
    assert (curated["분수령"].gloss, curated["분수령"].gloss_source) == ("turning point", "text")
    assert curated["분수령"].hanja == "分水嶺"


@pytest.mark.parametrize(
    ("lemma", "pos", "zipf_level", "level"),
    [("끝나다", "verb", "advanced", "beginner"),  # native and common: never advanced
     ("동맹", "noun", "beginner", "intermediate"),
     ("제재", "noun", "beginner", "intermediate")],  # a list's level beats the dictionary's
)  # fmt: skip
def test_levels_come_from_the_dictionary_or_a_list(shipped_with_dictionary, project, lemma, pos,
                                                    zipf_level, level):
    lexicon = load_lexicon(project_dir=project)
    [term] = apply_lexicon([Term(lemma, pos, level=zipf_level)], lexicon)
    assert term.level == level


def test_the_shipped_dictionary_levels_news_words():
    assert DICTIONARY.get("끝나다").level != "advanced"
    assert DICTIONARY.get("분수령").level == "advanced"


def test_vocab_lists_shows_the_dictionary_first_with_its_count(shipped_with_dictionary, project,
                                                              monkeypatch):
    from cli_helpers import vocab

    monkeypatch.chdir(project)
    out = vocab("lists").stdout.splitlines()
    assert out[0] == f"1. shipped  {shipped_with_dictionary / DICTIONARY_FILE} (dictionary): 6 entries"
    assert out[1].startswith("2. shipped  ") and "(political): 1 entries" in out[1]
    assert out[-1] == "1 words in the lists and 6 in the dictionary; later lists override earlier ones."


def test_the_dictionary_is_package_data():
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"lists/*.tsv"' in pyproject
