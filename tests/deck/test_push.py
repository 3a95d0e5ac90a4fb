"""`vocab push` (#16): notes sent through AnkiConnect into a real Anki collection.

The AnkiConnect here is tests/fake_ankiconnect.py: the add-on's API (version 6, its JSON
shapes) on 127.0.0.1, doing what the add-on does to a real `anki` Collection.
"""

from __future__ import annotations

from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
import threading

import pytest

from anki_helpers import SOUND_TAG, notes_by_key, open_collection, write_wav
from cli_helpers import vocab
from fake_ankiconnect import FakeAnkiConnect
from vocab.deck.ankiconnect import AnkiConnect
from vocab.deck.build import spoken_texts
from vocab.deck.history import NoteHistory
from vocab.deck.package import NOTE_TYPE_NAME, build_package
from vocab.deck.push import PushRecord, push_package
from vocab.errors import AnkiError
from vocab.records import Example, Term


def term(lemma: str, gloss: str, sentence: str, level: str = "advanced") -> Term:
    start = sentence.index(lemma)
    return Term(lemma, "noun", level=level, gloss=gloss, sources=["a.txt"],
                examples=[Example(sentence, start, start + len(lemma), "a.txt", None)])


TERMS = [
    term("제재", "sanctions", "대북 제재가 강화됐다."),
    term("비핵화", "denuclearization", "북한의 비핵화가 목표다."),
    term("동맹", "alliance", "한미 동맹은 굳건하다.", level="intermediate"),
]


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture
def media(tmp_path) -> dict[str, Path]:
    return {text: write_wav(tmp_path / "audio" / f"vocab-{i}.wav", seed=i)
            for i, text in enumerate(spoken_texts(TERMS))}


@pytest.fixture
def col(tmp_path):
    collection = open_collection(tmp_path / "anki")
    yield collection
    collection.close()


@pytest.fixture
def anki(col):
    with FakeAnkiConnect(col) as server:
        yield server


def package(tmp_path: Path, media, terms=TERMS, *, listening=False, name="d.apkg") -> Path:
    out = tmp_path / name
    build_package(terms, out, level="all", corpus_name="t", media=media, timestamp=0,
                  listening=listening, history=NoteHistory(tmp_path / "history.json"))
    return out


def push(tmp_path, anki, apkg):
    return push_package(apkg, AnkiConnect(anki.url), PushRecord(tmp_path / "pushed.json"))


def test_first_push_creates_note_type_decks_notes_and_media(tmp_path, anki, col, media):
    summary = push(tmp_path, anki, package(tmp_path, media))
    assert (summary.added, summary.updated, summary.unchanged) == (3, 0, 0)
    assert summary.created == [f"note type {NOTE_TYPE_NAME}", "deck Korean News::Advanced",
                               "deck Korean News::Intermediate"]
    notes = notes_by_key(col)
    assert sorted(notes) == ["동맹|noun", "비핵화|noun", "제재|noun"]
    assert notes["제재|noun"]["English"] == "sanctions"
    assert {col.decks.name(c.did) for c in notes["동맹|noun"].cards()} == {"Korean News::Intermediate"}
    assert "level::advanced" in notes["제재|noun"].tags
    media_dir = Path(col.media.dir())
    for note in notes.values():
        for name in SOUND_TAG.findall(note["Audio"] + note["Example audio"]):
            assert (media_dir / name).read_bytes() == (tmp_path / "audio" / name).read_bytes()
    assert summary.media_stored == 6


def test_repush_keeps_the_learners_edit_updates_the_rest_and_keeps_reviews(tmp_path, anki, col, media):
    push(tmp_path, anki, package(tmp_path, media))
    note = notes_by_key(col)["제재|noun"]
    note["English"] = "sanctions (my words)"  # the learner edits one field in Anki
    col.update_note(note)
    card = note.cards()[0]
    card.start_timer()
    col.sched.answerCard(card, 3)
    card.load()
    studied = (card.id, card.reps, card.due, card.ivl, card.type)

    changed = [replace(t, gloss="punitive sanctions", note="from the list") if t.lemma == "제재" else t
               for t in TERMS]
    summary = push(tmp_path, anki, package(tmp_path, media, changed, name="e.apkg"))

    assert (summary.added, summary.updated, summary.unchanged, summary.edits_kept) == (0, 1, 2, 1)
    note = notes_by_key(col)["제재|noun"]
    assert note["English"] == "sanctions (my words)"  # kept as the learner wrote it
    assert note["Note"] == "from the list"  # a field the learner left alone is updated
    card.load()
    assert (card.id, card.reps, card.due, card.ivl, card.type) == studied
    assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 1
    assert len(col.find_notes("")) == 3  # no duplicates

    again = push(tmp_path, anki, package(tmp_path, media, changed, name="e.apkg"))
    assert (again.added, again.updated, again.unchanged, again.edits_kept) == (0, 0, 3, 1)
    assert again.media_stored == 0


def test_learners_tags_stay_and_listening_cards_arrive_without_blanks(tmp_path, anki, col, media):
    push(tmp_path, anki, package(tmp_path, media))
    note = notes_by_key(col)["비핵화|noun"]
    note.tags.append("my-tag")
    col.update_note(note)
    summary = push(tmp_path, anki, package(tmp_path, media, listening=True, name="l.apkg"))
    assert (summary.added, summary.updated) == (0, 3)
    assert "my-tag" in notes_by_key(col)["비핵화|noun"].tags
    assert len(col.find_cards("card:Listening")) == 3
    assert list(col.get_empty_cards().notes) == []


def test_changed_templates_and_styling_reach_anki(tmp_path, anki, col, media, monkeypatch):
    from vocab.deck import package as deck

    push(tmp_path, anki, package(tmp_path, media))
    monkeypatch.setattr(deck, "CSS", deck.CSS + "/* restyled */")
    monkeypatch.setattr(deck, "TEMPLATES", tuple(
        {**t, "afmt": t["afmt"] + "<!-- new -->"} if t["name"] == "Production" else t for t in deck.TEMPLATES))
    summary = push(tmp_path, anki, package(tmp_path, media, name="r.apkg"))
    model = col.models.by_name(NOTE_TYPE_NAME)
    assert model["css"].endswith("/* restyled */")
    assert [t["afmt"].endswith("<!-- new -->") for t in model["tmpls"]] == [False, True, False, False]
    assert summary.created == [f"card templates of {NOTE_TYPE_NAME} (updated)"]


def test_a_note_type_of_the_same_name_with_other_fields_is_one_line(tmp_path, anki, col, media):
    model = col.models.new(NOTE_TYPE_NAME)
    for name in ("Front", "Back"):
        col.models.add_field(model, col.models.new_field(name))
    template = col.models.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{Front}}", "{{Back}}"
    col.models.add_template(model, template)
    col.models.add(model)
    with pytest.raises(AnkiError, match=r'^Anki has a note type named "vocab: Korean news word" '
                       r"with other fields \(Front, Back\); rename it"):
        push(tmp_path, anki, package(tmp_path, media))
    assert col.find_notes("") == []


def test_a_refused_key_is_one_line(tmp_path, col, media):
    with FakeAnkiConnect(col, key="secret") as server:
        with pytest.raises(AnkiError, match=r"^AnkiConnect refused the key: .* --anki-key$"):
            push(tmp_path, server, package(tmp_path, media))
        summary = push_package(package(tmp_path, media), AnkiConnect(server.url, key="secret"),
                               PushRecord(tmp_path / "pushed.json"))
        assert summary.added == 3


class _Other(BaseHTTPRequestHandler):
    """A web server that is not AnkiConnect."""

    def do_POST(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<html>a web server</html>")

    def log_message(self, *args):
        pass


def test_anki_not_running_is_one_line():
    httpd = HTTPServer(("127.0.0.1", 0), _Other)
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.server_close()  # nothing listens there any more: connections are refused
    with pytest.raises(AnkiError, match=r"^Anki is not running \(nothing answers at http://127\.0\.0\.1:\d+\)"):
        AnkiConnect(url).invoke("deckNames")


def test_something_else_answering_is_one_line():
    httpd = HTTPServer(("127.0.0.1", 0), _Other)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with pytest.raises(AnkiError, match=r"answered, but not as AnkiConnect does; install the AnkiConnect"):
            AnkiConnect(f"http://127.0.0.1:{httpd.server_address[1]}").invoke("deckNames")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_vocab_push_of_a_package_prints_a_summary(tmp_path, anki, col, media, monkeypatch):
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    apkg = package(tmp_path, media)
    first = vocab("push", apkg, "--anki-url", anki.url)
    assert first.stdout == "pushed to Anki: 3 added, 0 updated, 0 unchanged, 6 sounds stored\n"
    assert f"created note type {NOTE_TYPE_NAME} in Anki" in first.stderr
    note = notes_by_key(col)["동맹|noun"]
    note["English"] = "an alliance, mine"
    col.update_note(note)
    changed = [replace(t, gloss="alliance (treaty)", note="NATO") if t.lemma == "동맹" else t for t in TERMS]
    again = vocab("push", package(tmp_path, media, changed, name="e.apkg"), "--anki-url", anki.url)
    assert again.stdout == ("pushed to Anki: 0 added, 1 updated, 2 unchanged, 0 sounds stored; "
                            "kept 1 field(s) you edited in Anki\n")


def test_vocab_push_without_anki_is_one_line_and_exit_1(tmp_path, media):
    httpd = HTTPServer(("127.0.0.1", 0), _Other)
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.server_close()
    result = vocab("push", "--anki-url", url, exit_code=1)
    assert result.stderr == (f"Error: Anki is not running (nothing answers at {url}): start Anki, "
                             "with the AnkiConnect add-on, and try again\n")


def test_a_file_that_is_not_a_vocab_package_is_one_line(tmp_path):
    bad = tmp_path / "notes.apkg"
    bad.write_bytes(b"not a zip")
    result = vocab("push", bad, exit_code=1)
    assert result.stderr.startswith(f"Error: {bad}: not a package vocab wrote (")
    assert result.stderr.count("\n") == 1
