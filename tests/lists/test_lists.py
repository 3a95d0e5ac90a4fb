"""Word lists: schema checks with their lines, loading order and field-by-field overrides,
known-words files, and the gloss template that appends without touching the learner's edits."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from vocab.errors import ListError
from vocab.lists.template import TEMPLATE_HEADER, write_gloss_template, yaml_quote
from vocab.lists.schema import ListExample, parse_list_text
from vocab.lists.load import (
    Entry,
    check_files,
    default_list_files,
    load_lexicon,
    project_list_paths,
    shipped_list_paths,
)
from vocab.records import Example, Term
from list_helpers import write

FULL_ENTRY = """\
entries:
  - ko: 동맹
    en: alliance
    hanja: 同盟
    pos: noun
    level: intermediate
    tags: [alliances]
    note: an agreement between states
    examples:
      - ko: 두 나라는 동맹을 맺었다.
        en: The two countries formed an alliance.
"""


# --- precedence ------------------------------------------------------------------------


def test_a_later_list_changes_only_the_fields_it_gives(tmp_path, project):
    base = write(tmp_path, "base.yaml", FULL_ENTRY)
    mine = write(tmp_path, "mine.yaml", "- ko: 동맹\n  en: ally\n")
    before = load_lexicon(user_lists=[base], project_dir=project, shipped=False).get("동맹")
    after = load_lexicon(user_lists=[base, mine], project_dir=project, shipped=False).get("동맹")

    assert after.en == ("ally",)
    assert after.origins == ((str(base), 2), (str(mine), 1))
    # Every other field is the base list's.
    assert dataclasses.replace(after, en=before.en, origins=before.origins) == before
    assert before.examples == (
        ListExample("두 나라는 동맹을 맺었다.", "The two countries formed an alliance.", str(base)),
    )


def test_a_learner_list_overrides_a_shipped_entry_field_by_field(fake_shipped, tmp_path, project):
    write(fake_shipped, "political.yaml", FULL_ENTRY)
    mine = write(tmp_path, "mine.yaml", "- ko: 동맹\n  level: beginner\n  en: ''\n")
    shipped = load_lexicon(project_dir=project).get("동맹")
    merged = load_lexicon(user_lists=[mine], project_dir=project).get("동맹")

    assert merged.level == "beginner"
    assert merged.en == ("alliance",)  # en: '' is "not given": the shipped gloss stays
    assert merged.learner_fields == {"ko", "level"}
    assert shipped.learner_fields == frozenset() and not shipped.from_learner
    assert dataclasses.replace(merged, level="intermediate", origins=(), learner_fields=frozenset()) == (
        dataclasses.replace(shipped, origins=())
    )


def test_the_real_shipped_lists_take_an_override(tmp_path, project):
    lexicon = load_lexicon(project_dir=project)
    glossed = [entry for entry in lexicon.entries.values() if entry.en and not entry.skip]
    if not glossed:
        pytest.skip("no shipped list with glosses yet")
    target = glossed[0]
    mine = write(tmp_path, "mine.yaml", f"- ko: {target.ko}\n  en: a gloss of my own\n")
    merged = load_lexicon(user_lists=[mine], project_dir=project).get(target.ko)

    assert merged.en == ("a gloss of my own",)
    assert dataclasses.replace(merged, en=target.en, origins=target.origins, learner_fields=frozenset()) == target
    assert [loaded.origin for loaded in load_lexicon(user_lists=[mine], project_dir=project).lists][-1] == "user"


def test_the_shipped_lists_check_clean():
    paths = shipped_list_paths()
    if not paths:
        pytest.skip("no shipped lists yet")
    errors = [str(p) for p in check_files(paths) if p.severity == "error"]
    assert errors == []
    assert [p.name for p in paths] == sorted(p.name for p in paths)


def test_load_order_shipped_project_config_user_known(fake_shipped, tmp_path, project):
    write(fake_shipped, "b.yaml", "- ko: 동맹\n  en: shipped\n  note: from b\n")
    write(fake_shipped, "a.yaml", "- ko: 동맹\n  en: shipped first\n  hanja: 同盟\n")
    write(project, "vocab/words.yaml", "- ko: 동맹\n  en: project\n")
    write(project, ".vocab.yaml", "lists_dir: more-lists\nother_setting: 1\n")
    write(project, "more-lists/z.yml", "- ko: 동맹\n  en: configured\n- ko: 제재\n  en: sanction\n")
    write(project, "more-lists/readme.txt", "not a list\n")
    user = write(tmp_path, "user.yaml", "- ko: 동맹\n  en: user\n")
    known = write(tmp_path, "known.txt", "제재\n")

    lexicon = load_lexicon(user_lists=[user], known_files=[known], project_dir=project)

    assert [(Path(l.path).name, l.origin) for l in lexicon.lists] == [
        ("a.yaml", "shipped"),
        ("b.yaml", "shipped"),
        ("words.yaml", "project"),
        ("z.yml", "project"),
        ("user.yaml", "user"),
        ("known.txt", "known"),
    ]
    entry = lexicon.get("동맹")
    assert (entry.en, entry.hanja, entry.note) == (("user",), "同盟", "from b")
    assert lexicon.is_known("제재") and not lexicon.is_known("동맹")
    assert list(lexicon.entries) == ["동맹", "제재"]
    assert [Path(p).name for p in default_list_files(project)] == ["a.yaml", "b.yaml", "words.yaml", "z.yml"]


def test_a_vocab_folder_that_is_a_python_package_is_not_a_list_folder(project):
    write(project, "vocab/__init__.py", "")
    write(project, "vocab/lists.yaml", "- ko: 동맹\n")
    assert project_list_paths(project) == []


@pytest.mark.parametrize(
    "config, message",
    [
        ("lists_dir: nowhere\n", "`lists_dir` folder '{project}/nowhere' does not exist"),
        ("lists_dir: [a, b]\n", "`lists_dir` must name a folder"),
        ("- lists_dir\n", "the config must be a mapping (lists_dir: FOLDER)"),
        ("lists_dir: 'open\n", "YAML syntax error: found unexpected end of stream"),
    ],
)
def test_a_broken_config_names_its_line(project, config, message):
    write(project, ".vocab.yaml", config)
    with pytest.raises(ListError) as raised:
        load_lexicon(project_dir=project, shipped=False)
    assert str(raised.value).startswith(f"{project}/.vocab.yaml:")
    assert message.format(project=project) in str(raised.value)


# --- checking ----------------------------------------------------------------------------

BROKEN_LISTS = [
    ("unknown key", "- ko: 동맹\n  gloss: alliance\n",
     "2: unknown key 'gloss' in an entry (keys: ko, en, hanja, pos, level, tags, note, examples, known, skip)"),
    ("misspelt key", "- ko: 동맹\n  levle: advanced\n", "2: unknown key 'levle' in an entry; did you mean 'level'?"),
    ("missing ko", "- ko: 동맹\n- en: alliance\n", "2: entry without `ko:`"),
    ("empty ko", "- ko: 동맹\n- ko: ''\n  en: alliance\n", "2: `ko` is empty"),
    ("ko a number", "- ko: 2024\n", '1: `ko` must be text; quote it: ko: "2024"'),
    ("bad level", "- ko: 동맹\n  level: expert\n", "2: unknown level 'expert' (one of: beginner, intermediate, advanced)"),
    ("bad pos", "- ko: 동맹\n  pos: verbb\n",
     "2: unknown pos 'verbb' (one of: noun, verb, adjective, adverb, determiner, name, phrase); did you mean 'verb'?"),
    ("English ko", "- ko: 동맹\n- ko: alliance\n", "2: `ko` must be written in Hangul: 'alliance' has 'a': English goes in `en:`"),
    ("hanja ko", "- ko: 同盟\n", "1: `ko` must be written in Hangul: '同盟' has '同': Chinese characters go in `hanja:`"),
    ("duplicate", "- ko: 동맹\n  en: a\n- ko: 제재\n- ko: 동맹\n", "4: duplicate entry '동맹' (first at line 1)"),
    ("duplicate key", "- ko: 동맹\n  en: a\n  en: b\n", "3: duplicate key 'en' (first at line 2)"),
    ("unquoted no", "- ko: 동맹\n  en: no\n", '2: `en` must be text; quote it: en: "no"'),
    ("known not a flag", "- ko: 동맹\n  known: maybe\n", "2: `known` must be true or false"),
    ("en a mapping", "- ko: 동맹\n  en: {a: b}\n", "2: `en` must be text, not a mapping"),
    ("example without ko", "- ko: 동맹\n  examples:\n    - en: The alliance.\n", "3: example without `ko:`"),
    ("bare word entry", "- 동맹\n", "1: an entry must be a mapping with at least `ko:`; write `- ko: 동맹`"),
    ("entries not a list", "entries:\n  ko: 동맹\n", "2: `entries` must be a sequence of entries, each starting with '- '"),
    ("top-level key", "nmae: x\nentries:\n  - ko: 동맹\n", "1: unknown key 'nmae' in a list file; did you mean 'name'?"),
    ("no entries key", "name: x\n", "1: no `entries:` in the list file"),
    ("a scalar file", "just text\n", "1: a list file is a mapping with `entries:`, or a sequence of entries"),
    ("python tag", "- ko: 동맹\n  en: !!python/name:os.system x\n",
     "2: tag 'tag:yaml.org,2002:python/name:os.system' is not allowed in a word list (plain YAML only)"),
    ("unclosed bracket", "- ko: 동맹\n  en: [alliance\n",
     "3: YAML syntax error: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence started at line 2)"),
    ("unclosed quote", "- ko: 동맹\n  en: 'alliance\n  level: beginner\n",
     "4: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar started at line 2)"),
    ("colon in text", "- ko: 동맹\n  en: ally: friend\n",
     "2: YAML syntax error: mapping values are not allowed here; quote text that contains ': '"),
    ("tab indent", "- ko: 동맹\n\ten: alliance\n",
     "2: YAML syntax error: found character '\\t' that cannot start any token; indent with spaces, not tabs"),
    ("control character", "- ko: 동맹\n  en: a\x07b\n", "2: YAML syntax error: special characters are not allowed"),
]


@pytest.mark.parametrize("snippet, expected", [case[1:] for case in BROKEN_LISTS], ids=[c[0] for c in BROKEN_LISTS])
def test_check_reports_each_error_with_its_line(tmp_path, snippet, expected):
    path = write(tmp_path, "broken.yaml", snippet)
    problems = check_files([path])
    assert [str(p) for p in problems] == [f"{path}:{expected}"]
    assert problems[0].severity == "error"


@pytest.mark.parametrize("snippet, expected", [case[1:] for case in BROKEN_LISTS], ids=[c[0] for c in BROKEN_LISTS])
def test_a_broken_list_stops_loading_with_file_and_line(tmp_path, project, snippet, expected):
    good = write(tmp_path, "good.yaml", FULL_ENTRY)
    broken = write(tmp_path, "broken.yaml", snippet)
    also_broken = write(tmp_path, "later.yaml", "- ko: abc\n")
    with pytest.raises(ListError) as raised:
        load_lexicon(user_lists=[good, broken, also_broken], project_dir=project, shipped=False)
    assert str(raised.value) == f"{broken}:{expected}"  # the first broken list, never a later one


def test_check_reports_every_problem_of_a_file_in_line_order(tmp_path):
    path = write(tmp_path, "many.yaml", "- ko: 동맹\n  level: expert\n- ko: abc\n- en: x\n- ko: 동맹\n")
    assert [(p.line, p.severity) for p in check_files([path])] == [(2, "error"), (3, "error"), (4, "error"), (5, "error")]


def test_warnings_do_not_stop_a_build(tmp_path, project):
    empty = write(tmp_path, "empty.yaml", "# nothing yet\n")
    odd = write(tmp_path, "odd.yaml", "- ko: 동맹\n  hanja: dongmaeng\n")
    lexicon = load_lexicon(user_lists=[empty, odd], project_dir=project, shipped=False)
    assert [(str(w), w.severity) for w in lexicon.warnings] == [
        (f"{empty}: the list has no entries", "warning"),
        (f"{odd}:2: `hanja` 'dongmaeng' has no Chinese character", "warning"),
    ]
    assert lexicon.get("동맹").hanja == "dongmaeng"


def test_a_changed_gloss_across_files_is_a_warning(tmp_path):
    first = write(tmp_path, "first.yaml", "- ko: 동맹\n  en: alliance\n- ko: 제재\n  en: sanction\n")
    second = write(tmp_path, "second.yaml", "- ko: 제재\n  en: sanction\n- ko: 동맹\n  en: [ally, alliance]\n")
    problems = check_files([first, second])
    assert [(str(p), p.severity) for p in problems] == [
        (f"{second}:3: '동맹': gloss 'ally; alliance' overrides 'alliance' from {first}:1", "warning")
    ]


def test_a_file_that_is_not_utf8_names_its_line(tmp_path, project):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"- ko: x\n  note: caf\xe9\n")
    assert [str(p) for p in check_files([path])] == [f"{path}:2: not UTF-8 text; save the file as UTF-8"]
    with pytest.raises(ListError, match="latin1.yaml:2: not UTF-8"):
        load_lexicon(user_lists=[path], project_dir=project, shipped=False)


def test_a_missing_list_is_an_error(tmp_path, project):
    with pytest.raises(ListError, match="nothere.yaml: no such file"):
        load_lexicon(user_lists=[tmp_path / "nothere.yaml"], project_dir=project, shipped=False)


# --- known words, lookups --------------------------------------------------------------


def test_a_known_words_file(tmp_path, project):
    decomposed = unicodedata.normalize("NFD", "제재")
    known = tmp_path / "known.txt"
    known.write_text(
        f"\ufeff# words I know\n\n동맹\n{decomposed}  # learned in May\n외교\talliance column from Anki\n  동맹  \n",
        encoding="utf-8",
    )
    lexicon = load_lexicon(known_files=[known], project_dir=project, shipped=False)
    assert list(lexicon.entries) == ["동맹", "제재", "외교"]
    assert all(lexicon.is_known(ko) for ko in ("동맹", "제재", "외교"))
    assert lexicon.get("동맹").origins == ((str(known), 3),)
    assert lexicon.lists[0].entries == 3 and lexicon.lists[0].origin == "known"


def test_a_known_words_file_rejects_non_korean_lines(tmp_path, project):
    known = write(tmp_path, "known.txt", "동맹\nalliance\n")
    assert [str(p) for p in check_files([known])] == [
        f"{known}:2: not a Korean word: 'alliance' has 'a': English goes in `en:`"
    ]
    with pytest.raises(ListError, match=r"known.txt:2: not a Korean word"):
        load_lexicon(known_files=[known], project_dir=project, shipped=False)


def test_lookups_normalise_and_phrases_come_longest_first(tmp_path, project):
    path = write(
        tmp_path,
        "words.yaml",
        """\
        name: mine
        description: my words
        entries:
          - ko: 동맹
            skip: true
          - ko: 한·미  동맹
          - ko: 상호 방위 조약
          - ko: 비핵화 협상
          - ko: 6자 회담
        """,
    )
    lexicon = load_lexicon(user_lists=[path], project_dir=project, shipped=False)
    assert lexicon.phrases() == ("상호 방위 조약", "비핵화 협상", "한·미 동맹", "6자 회담")
    assert lexicon.get(unicodedata.normalize("NFD", "한·미 동맹")).ko == "한·미 동맹"
    assert lexicon.is_skipped("동맹") and not lexicon.is_known("동맹")
    assert lexicon.get("없음") is None and not lexicon.is_skipped("없음")
    assert (lexicon.lists[0].name, lexicon.lists[0].description, lexicon.lists[0].entries) == ("mine", "my words", 5)


def test_loading_is_deterministic(tmp_path, project):
    lists = [write(tmp_path, "a.yaml", FULL_ENTRY), write(tmp_path, "b.yaml", "- ko: 제재\n  tags: [x, y]\n")]
    first = load_lexicon(user_lists=lists, project_dir=project, shipped=False)
    second = load_lexicon(user_lists=lists, project_dir=project, shipped=False)
    assert list(first.entries.items()) == list(second.entries.items()) and first.lists == second.lists
    assert first.get("제재") == Entry(
        ko="제재", tags=("x", "y"), origins=((str(lists[1]), 1),), learner_fields=frozenset({"ko", "tags"})
    )


# --- the gloss template ----------------------------------------------------------------


def term(lemma: str, score: float, gloss: str | None = None, example: str | None = None, **fields) -> Term:
    examples = [Example(example, 0, 1, "news.txt", fields.pop("translation", None))] if example else []
    return Term(lemma=lemma, pos="noun", score=score, gloss=gloss, examples=examples, **fields)


def entries_of(path: Path) -> list[dict]:
    parsed = parse_list_text(str(path), path.read_text(encoding="utf-8"))
    assert [p for p in parsed.problems if p.severity == "error"] == []
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_template_lists_unglossed_terms_best_first(tmp_path):
    out = tmp_path / "glosses.yaml"
    terms = [
        term("제재", 0.4, example='그는 "제재: 강화"를 말했다. # 주석 아님', translation="He said: #1 'more'"),
        term("동맹", 0.9, level="intermediate", example="동맹을\n맺었다.\u2028끝"),
        term("외교", 0.7, gloss="diplomacy", gloss_source="text"),
        term("abc", 0.8),
    ]
    assert write_gloss_template(out, terms) == 2
    text = out.read_text(encoding="utf-8")
    assert text == TEMPLATE_HEADER + (
        '\n- ko: "동맹"\n  level: intermediate\n  # 동맹을 맺었다. 끝\n  en: ""\n'
        '\n- ko: "제재"\n  level: advanced\n'
        '  # 그는 "제재: 강화"를 말했다. # 주석 아님\n'
        "  #   He said: #1 'more'\n"
        '  en: ""\n'
    )
    assert entries_of(out) == [{"ko": "동맹", "level": "intermediate", "en": ""}, {"ko": "제재", "level": "advanced", "en": ""}]


HAND_EDITED = (
    "# my glosses   (edited by hand)\n"
    "name:   my words\n"
    "entries:\n"
    "    -   ko: 동맹     # an old friend\n"
    "        en:   [alliance, ally]\n"
    "\n"
    "        level: intermediate\n"
    "    # a comment between entries\n"
    "    -   ko: \"제재\"\n"
    "        en: \"\"\n"
    "# trailing comment, no newline at the end"
)


def test_the_template_appends_and_keeps_a_hand_edited_file_byte_for_byte(tmp_path):
    out = tmp_path / "mine.yaml"
    out.write_bytes(HAND_EDITED.encode("utf-8"))
    terms = [term("제재", 0.9), term("동맹", 0.8), term("외교", 0.5, example="외교: 대화"), term("협상", 0.6)]

    assert write_gloss_template(out, terms) == 2
    text = out.read_text(encoding="utf-8")
    assert text.startswith(HAND_EDITED)
    assert text[len(HAND_EDITED):] == (
        "\n\n"
        '    - ko: "협상"\n      level: advanced\n      en: ""\n'
        "\n"
        '    - ko: "외교"\n      level: advanced\n      # 외교: 대화\n      en: ""\n'
    )
    parsed = yaml.safe_load(text)
    assert parsed["name"] == "my words"
    assert [e["ko"] for e in parsed["entries"]] == ["동맹", "제재", "협상", "외교"]
    assert parsed["entries"][0]["en"] == ["alliance", "ally"]

    before = out.read_bytes()
    assert write_gloss_template(out, terms + [term("동맹", 1.0)]) == 0
    assert out.read_bytes() == before  # nothing new: the file is not rewritten


@pytest.mark.parametrize(
    "existing, appended",
    [
        ("", TEMPLATE_HEADER + '\n- ko: "협상"\n  level: advanced\n  en: ""\n'),  # as a new file
        ("# just a comment\n", '\n- ko: "협상"\n  level: advanced\n  en: ""\n'),
        ("- ko: 동맹\n", '\n- ko: "협상"\n  level: advanced\n  en: ""\n'),
        ("name: x\n", 'entries:\n- ko: "협상"\n  level: advanced\n  en: ""\n'),
        ("name: x\nentries:\n", '\n- ko: "협상"\n  level: advanced\n  en: ""\n'),
    ],
)
def test_the_template_appends_to_every_block_layout(tmp_path, existing, appended):
    out = tmp_path / "mine.yaml"
    out.write_text(existing, encoding="utf-8")
    assert write_gloss_template(out, [term("협상", 0.5)]) == 1
    assert out.read_text(encoding="utf-8") == existing + appended
    assert "협상" in [e.ko for e in parse_list_text(str(out), out.read_text(encoding="utf-8")).entries]


@pytest.mark.parametrize(
    "existing, line",
    [
        ("entries:\n  - ko: 동맹\nname: x\n", 1),
        ("entries: [{ko: 동맹}]\n", 1),
        ("[{ko: 동맹}]\n", 1),
        ("- ko: 동맹\n  en: [open\n", 3),
    ],
)
def test_the_template_never_damages_a_file_it_cannot_append_to(tmp_path, existing, line):
    out = tmp_path / "mine.yaml"
    out.write_text(existing, encoding="utf-8")
    with pytest.raises(ListError) as raised:
        write_gloss_template(out, [term("협상", 0.5)])
    assert str(raised.value).startswith(f"{out}:{line}: ")
    assert out.read_text(encoding="utf-8") == existing
    assert [p.name for p in tmp_path.iterdir()] == ["mine.yaml"]  # no temporary file left


def test_force_rewrites_the_template(tmp_path):
    out = tmp_path / "mine.yaml"
    out.write_text(HAND_EDITED, encoding="utf-8")
    assert write_gloss_template(out, [term("제재", 0.9), term("동맹", 0.8, gloss="alliance")], force=True) == 1
    assert out.read_text(encoding="utf-8") == TEMPLATE_HEADER + '\n- ko: "제재"\n  level: advanced\n  en: ""\n'


def test_the_template_is_never_written_into_the_shipped_lists(fake_shipped):
    target = fake_shipped / "political.yaml"
    with pytest.raises(ListError, match="is a list shipped with vocab"):
        write_gloss_template(target, [term("협상", 0.5)])
    assert not target.exists()


def test_a_filled_in_template_loads_as_a_list(tmp_path, project):
    out = tmp_path / "mine.yaml"
    write_gloss_template(out, [term("협상", 0.5), term("제재", 0.4)])
    out.write_text(out.read_text(encoding="utf-8").replace('  en: ""', '  en: "negotiation"', 1), encoding="utf-8")
    lexicon = load_lexicon(user_lists=[out], project_dir=project, shipped=False)
    assert lexicon.get("협상").en == ("negotiation",)
    assert lexicon.get("제재").en == ()  # left blank: no gloss given


@given(st.text())
def test_yaml_quote_reads_back_as_the_same_text(text):
    assert yaml.safe_load(f"key: {yaml_quote(text)}\n") == {"key": text}
