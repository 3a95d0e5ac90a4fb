"""The curate stage: glosses by precedence, known and stop words removed, the learner's
own words added, list details and examples copied onto the mined terms."""

from __future__ import annotations

import copy

import pytest

from vocab.mine.curate import MAX_EXAMPLES, apply_lexicon, find_span
from vocab.mine.pipeline import select_terms
from vocab.lists.load import load_lexicon
from vocab.records import Example, Term
from list_helpers import write


def mined(lemma: str, **fields) -> Term:
    fields.setdefault("pos", "noun")
    fields.setdefault("count", 3)
    fields.setdefault("score", 0.5)
    return Term(lemma=lemma, **fields)


def example(text: str, source: str = "news.txt", translation: str | None = None) -> Example:
    return Example(text, 0, 2, source, translation)


@pytest.mark.parametrize(
    "text_gloss, text_source, shipped_en, learner_en, expected",
    [
        # The learner's list wins over everything.
        ("ally", "text", "alliance", "bloc", ("bloc", "list")),
        (None, None, None, "bloc", ("bloc", "list")),
        # A gloss stated in the text wins over a shipped one: it knows its sense.
        ("ally", "text", "alliance", None, ("ally", "text")),
        # A shipped gloss beats an alignment guess and fills a missing one.
        ("union", "alignment", "alliance", None, ("alliance", "list")),
        (None, None, "alliance", None, ("alliance", "list")),
        # No list gloss: the term keeps what it had.
        ("union", "alignment", None, None, ("union", "alignment")),
        (None, None, None, None, (None, None)),
    ],
)
def test_gloss_precedence(fake_shipped, tmp_path, project, text_gloss, text_source, shipped_en, learner_en, expected):
    write(fake_shipped, "political.yaml", "- ko: 동맹\n" + (f"  en: {shipped_en}\n" if shipped_en else "  hanja: 同盟\n"))
    mine = write(tmp_path, "mine.yaml", "- ko: 동맹\n" + (f"  en: {learner_en}\n" if learner_en else ""))
    lexicon = load_lexicon(user_lists=[mine], project_dir=project)
    [term] = apply_lexicon([mined("동맹", gloss=text_gloss, gloss_source=text_source)], lexicon)
    assert (term.gloss, term.gloss_source) == expected


def test_list_details_are_copied_and_several_senses_joined(fake_shipped, project):
    write(
        fake_shipped,
        "political.yaml",
        """\
        - ko: 정상
          en: [summit, leader]
          hanja: 頂上
          level: beginner
          tags: [diplomacy, summits]
          note: also 正常 "normal"
        """,
    )
    original = mined("정상", level="advanced", tags=["seed", "summits"], zipf=4.2, surfaces=["정상"], sources=["a.txt"])
    [term] = apply_lexicon([original], load_lexicon(project_dir=project))
    assert (term.gloss, term.hanja, term.level, term.note) == ("summit; leader", "頂上", "beginner", 'also 正常 "normal"')
    assert term.tags == ["seed", "summits", "diplomacy"]
    assert (term.count, term.score, term.zipf, term.surfaces, term.sources) == (3, 0.5, 4.2, ["정상"], ["a.txt"])
    assert original.tags == ["seed", "summits"] and original.gloss is None  # the input is not modified


@pytest.mark.parametrize(
    "entry, is_name, expected",
    [
        ("", True, ("name", False)),  # a listed word is vocabulary, not a name
        ("  pos: noun\n", True, ("noun", False)),
        ("  pos: name\n", False, ("name", False)),  # the list's "name" is a part of speech
        ("  pos: verb\n", False, ("verb", False)),
    ],
)
def test_a_listed_word_is_never_a_name(tmp_path, project, entry, is_name, expected):
    words = write(tmp_path, "words.yaml", "- ko: 대한\n  en: great Han\n" + entry)
    lexicon = load_lexicon(user_lists=[words], project_dir=project, shipped=False)
    [term] = apply_lexicon([mined("대한", pos="name" if is_name else "noun", is_name=is_name)], lexicon)
    assert (term.pos, term.is_name) == expected


def test_a_name_nobody_lists_stays_a_name(tmp_path, project):
    words = write(tmp_path, "words.yaml", "- ko: 대한\n  en: great Han\n")
    lexicon = load_lexicon(user_lists=[words], project_dir=project, shipped=False)
    terms = apply_lexicon([mined("윤희영", pos="name", is_name=True)], lexicon)
    assert [(t.lemma, t.is_name) for t in terms] == [("윤희영", True), ("대한", False)]


@pytest.mark.parametrize("lemma", ["한반도", "한미", "유엔", "조선중앙통신"])
def test_news_words_the_analyser_calls_names_are_study_words(project, lemma):
    [term] = apply_lexicon([mined(lemma, pos="name", is_name=True)], load_lexicon(project_dir=project))
    assert not term.is_name and term.gloss
    assert select_terms([term]) == [term]


def test_known_and_skipped_words_are_removed(fake_shipped, tmp_path, project):
    write(fake_shipped, "stopwords.yaml", "name: stopwords\nentries:\n  - ko: 기자\n    skip: true\n  - ko: 오늘\n    skip: true\n")
    mine = write(tmp_path, "mine.yaml", "- ko: 동맹\n  known: true\n- ko: 제재\n  en: sanction\n  known: false\n")
    known = write(tmp_path, "known.txt", "# learned\n외교\n")
    lexicon = load_lexicon(user_lists=[mine], known_files=[known], project_dir=project)
    terms = [mined(ko) for ko in ("기자", "동맹", "제재", "외교", "오늘", "비핵화")]
    assert [t.lemma for t in apply_lexicon(terms, lexicon)] == ["제재", "비핵화"]


def test_the_learners_words_are_added_but_shipped_ones_only_enrich(fake_shipped, tmp_path, project):
    write(fake_shipped, "political.yaml", "- ko: 동맹\n  en: alliance\n- ko: 휴전\n  en: ceasefire\n")
    write(project, "vocab/project.yaml", "- ko: 휴전\n  level: beginner\n")  # no gloss: enriches only
    mine = write(
        tmp_path,
        "mine.yaml",
        """\
        - ko: 비핵화
          en: denuclearization
          hanja: 非核化
          examples:
            - ko: 완전한 비핵화를 요구했다.
              en: They demanded complete denuclearization.
        - ko: 상호 방위 조약
          en: mutual defense treaty
          level: beginner
        - ko: 동맹
          level: beginner
        - ko: 외교
          en: diplomacy
          known: true
        - ko: 협상
          en: ""
        """,
    )
    lexicon = load_lexicon(user_lists=[mine], project_dir=project)
    terms = apply_lexicon([mined("제재", gloss="sanction", gloss_source="text")], lexicon)

    # 동맹 and 휴전 have glosses, but not from the learner's lists: they are not added,
    # nor is 협상 (an unfilled template entry) or 외교 (known).
    assert [t.lemma for t in terms] == ["제재", "비핵화", "상호 방위 조약"]
    added = terms[1]
    assert (added.count, added.score, added.pos, added.level, added.gloss, added.gloss_source, added.hanja) == (
        0, 0.0, "noun", "advanced", "denuclearization", "list", "非核化",
    )
    assert added.examples == [
        Example("완전한 비핵화를 요구했다.", 4, 7, str(mine), "They demanded complete denuclearization.")
    ]
    assert (terms[2].pos, terms[2].level) == ("phrase", "beginner")
    # A level function the caller gives is used for added words the list leaves unlevelled.
    levelled = apply_lexicon([], lexicon, level_for=lambda ko: "intermediate")
    assert [(t.lemma, t.level) for t in levelled] == [("비핵화", "intermediate"), ("상호 방위 조약", "beginner")]


def test_list_examples_join_the_mined_ones(fake_shipped, tmp_path, project):
    write(
        fake_shipped,
        "political.yaml",
        """\
        - ko: 체결하다
          examples:
            - ko: 조약을 체결했다.
              en: They signed a treaty.
            - ko: 협정을 체결하는 자리
        """,
    )
    mine = write(tmp_path, "mine.yaml", "- ko: 제재하다\n  examples:\n    - ko: 북한을 제재한다.\n      en: They sanction the North.\n")
    lexicon = load_lexicon(user_lists=[mine], project_dir=project)
    own = [example("조약을 체결했다."), example("그들은 체결하지 않았다.")]
    signed, sanctioned = apply_lexicon(
        [mined("체결하다", pos="verb", examples=own), mined("제재하다", pos="verb", examples=[example("제재 논의")])],
        lexicon,
    )
    # Shipped examples fill the places the corpus left, without repeating a sentence.
    assert [(e.text, e.start, e.end, e.translation) for e in signed.examples] == [
        ("조약을 체결했다.", 0, 2, None),
        ("그들은 체결하지 않았다.", 0, 2, None),
        ("협정을 체결하는 자리", 4, 7, None),
    ]
    # The learner's examples come first.
    assert [e.text for e in sanctioned.examples] == ["북한을 제재한다.", "제재 논의"]
    assert len(signed.examples) == MAX_EXAMPLES


@pytest.mark.parametrize(
    "sentence, lemma, span",
    [
        ("두 나라는 동맹을 맺었다.", "동맹", (6, 8)),
        ("협정을 체결하는 자리", "체결하다", (4, 7)),
        ("조약을 체결했다.", "체결하다", (4, 6)),
        ("회담이 열렸다.", "열리다", (4, 5)),
        ("그를 도와 주었다.", "돕다", (0, 0)),  # irregular stem: not found, no highlight
        ("한·미 동맹을 강화했다.", "한·미 동맹", (0, 6)),
    ],
)
def test_find_span(sentence, lemma, span):
    assert find_span(sentence, lemma) == span


def test_curation_is_deterministic(fake_shipped, tmp_path, project):
    write(fake_shipped, "political.yaml", "- ko: 동맹\n  en: alliance\n  tags: [a, b]\n- ko: 제재\n  skip: true\n")
    mine = write(tmp_path, "mine.yaml", "- ko: 휴전\n  en: ceasefire\n- ko: 비핵화\n  en: denuclearization\n")
    terms = [mined("동맹", examples=[example("동맹 강화")]), mined("제재"), mined("외교")]
    frozen = copy.deepcopy(terms)
    runs = [
        [t.to_json() for t in apply_lexicon(terms, load_lexicon(user_lists=[mine], project_dir=project))]
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert [r["lemma"] for r in runs[0]] == ["동맹", "외교", "휴전", "비핵화"]
    assert terms == frozen


def test_the_real_stop_list_removes_its_words(project):
    lexicon = load_lexicon(project_dir=project)
    stops = [entry.ko for entry in lexicon.entries.values() if entry.skip]
    if not stops:
        pytest.skip("no shipped stop list yet")
    terms = [mined(stops[0]), mined("비핵화하다가말았다")]
    assert [t.lemma for t in apply_lexicon(terms, lexicon)] == ["비핵화하다가말았다"]
