"""--known-from-anki (#16): the words a learner's Anki already holds, read through
AnkiConnect (the fake on 127.0.0.1, a real collection behind it) or from the
collection file itself, read-only, without the `anki` package."""

from __future__ import annotations

from pathlib import Path

import pytest

from anki_helpers import open_collection, package_rows
from cli_helpers import vocab
from fake_ankiconnect import FakeAnkiConnect
from vocab.deck.ankiconnect import AnkiConnect
from vocab.deck.known import known_from_anki, words_in
from vocab.deck.templates import FIELDS
from vocab.errors import AnkiError


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


def add(col, note_type: str, deck: str, fields: dict[str, str], tags=()):
    model = col.models.by_name(note_type)
    if model is None:
        model = col.models.new(note_type)
        for name in fields:
            col.models.add_field(model, col.models.new_field(name))
        template = col.models.new_template("Card 1")
        first = next(iter(fields))
        template["qfmt"], template["afmt"] = f"{{{{{first}}}}}", "{{FrontSide}}"
        col.models.add_template(model, template)
        col.models.add(model)
        model = col.models.by_name(note_type)
    note = col.new_note(model)
    for name, value in fields.items():
        note[name] = value
    note.tags = list(tags)
    col.add_note(note, col.decks.id(deck))


@pytest.fixture
def collection(tmp_path) -> Path:
    """A learner's collection: Korean decks of two note types, and a French one."""
    col = open_collection(tmp_path / "anki")
    add(col, "Basic (Korean)", "Korean::TTMIK", {"Front": "<b>정부</b> [sound:a.mp3]", "Back": "government"})
    add(col, "Basic (Korean)", "Korean::TTMIK", {"Front": "외교, 동맹", "Back": "diplomacy, alliance"}, ["core"])
    add(col, "Vocab", "Korean", {"Meaning": "summit", "Korean": "정상&nbsp;"})
    add(col, "French", "French", {"Front": "le gouvernement", "Back": "정권"})
    col.close()
    return tmp_path / "anki" / "collection.anki2"


@pytest.mark.parametrize(
    "search, field, expected",
    [
        ("deck:Korean*", None, ["동맹", "외교", "정부", "정상"]),  # Korean field, else the first
        ("deck:Korean::TTMIK tag:core", None, ["동맹", "외교"]),
        ('"note:Basic (Korean)"', "Front", ["동맹", "외교", "정부"]),
        ("deck:French", "Back", ["정권"]),
    ],
)
def test_known_words_from_the_collection_file(collection, search, field, expected):
    assert known_from_anki(search, collection=collection, field=field) == expected


def test_known_words_through_ankiconnect(collection):
    col = open_collection(collection.parent)
    try:
        with FakeAnkiConnect(col) as server:
            words = known_from_anki("deck:Korean* -tag:core", anki=AnkiConnect(server.url))
    finally:
        col.close()
    assert words == ["정부", "정상"]  # any Anki search: here with a negation


def test_a_search_a_file_cannot_answer_is_one_line(collection):
    with pytest.raises(AnkiError, match=r"^cannot search 'is:due' in a collection file"):
        known_from_anki("deck:Korean is:due", collection=collection)


def test_the_file_is_read_without_writing_to_it(collection):
    before = {p.name: p.stat().st_mtime_ns for p in collection.parent.iterdir()}
    known_from_anki("deck:Korean", collection=collection)
    assert {p.name: p.stat().st_mtime_ns for p in collection.parent.iterdir()} == before


def test_words_in_strips_markup():
    assert words_in("<div>체결하다</div>&nbsp;") == ["체결하다"]
    assert words_in("treaty") == []


def test_build_leaves_out_what_anki_holds_and_pushes_the_rest(collection, tmp_path, monkeypatch):
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    Path("news.txt").write_text("정부는 동맹과 외교를 강화했다. 두 정상은 제재를 논의했다.\n", encoding="utf-8")
    Path("mine.yaml").write_text(
        "entries:\n"
        + "".join(f"  - {{ko: {ko}, en: {en}, level: advanced}}\n" for ko, en in
                  [("정부", "government"), ("동맹", "alliance"), ("외교", "diplomacy"),
                   ("정상", "summit"), ("제재", "sanctions")]), encoding="utf-8")
    other = open_collection(tmp_path / "other-anki")  # where the build pushes to
    try:
        with FakeAnkiConnect(other) as server:
            result = vocab("build", "news.txt", "--no-audio", "--list", "mine.yaml", "--out", "d.apkg",
                           "--known-from-anki", "deck:Korean*", "--anki-collection", str(collection),
                           "--push", "--anki-url", server.url)
        assert "4 words known from Anki (deck:Korean*)" in result.stderr
        keys = {flds.split("\x1f")[FIELDS.index("Key")] for *_, flds in package_rows(Path("d.apkg"))["notes"]}
        assert keys == {"제재|noun"}
        assert result.stdout.endswith("pushed to Anki: 1 added, 0 updated, 0 unchanged, 0 sounds stored\n")
        assert [other.get_note(nid)["Key"] for nid in other.find_notes("")] == ["제재|noun"]
    finally:
        other.close()
