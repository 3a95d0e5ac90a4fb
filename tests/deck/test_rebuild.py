"""Rebuilds reach the collection (#16): a note is newer exactly when its content changed.

Each test builds packages with a NoteHistory in its own folder and imports them into a
real Anki collection with the options Anki's import screen starts with ("update notes
if newer").  Speech is real espeak-ng, and gTTS against the fake server on 127.0.0.1.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from anki_helpers import SOUND_TAG, import_package, notes_by_key, open_collection, package_rows, sound_names
from fake_tts_server import FakeTTSServer
from vocab.deck import package as deck
from vocab.deck.audio import AudioCache, EspeakEngine, GTTSEngine, reset_availability_cache, synthesize_all
from vocab.deck.build import spoken_texts
from vocab.deck.history import NoteHistory
from vocab.deck.package import build_package
from vocab.records import Example, Term

T0 = 1_800_000_000  # "now" for the first build; later builds may run in the same second

needs_espeak = pytest.mark.skipif(not EspeakEngine().available(), reason="espeak-ng is not installed")


def term(lemma: str, gloss: str, sentence: str, surface: str) -> Term:
    start = sentence.index(surface)
    return Term(lemma, "noun", level="advanced", gloss=gloss, sources=["a.txt"],
                examples=[Example(sentence, start, start + len(surface), "a.txt", None)])


TERMS = [
    term("제재", "sanctions", "대북 제재가 강화됐다.", "제재"),
    term("비핵화", "denuclearization", "북한의 비핵화가 목표다.", "비핵화"),
    term("동맹", "alliance", "한미 동맹은 굳건하다.", "동맹"),
]


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    reset_availability_cache()
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    yield
    reset_availability_cache()


@pytest.fixture
def col(tmp_path):
    collection = open_collection(tmp_path / "anki")
    yield collection
    collection.close()


class Builder:
    """Builds packages as `vocab build` does, each with a fresh look at the same history."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.history_path = folder / "cache" / "note-history.json"
        self.count = 0

    def __call__(self, terms=TERMS, media=None, *, listening=False, now=T0) -> Path:
        self.count += 1
        out = self.folder / f"build{self.count}.apkg"
        build_package(terms, out, level="advanced", corpus_name="t", media=media or {},
                      timestamp=0, listening=listening,
                      history=NoteHistory(self.history_path, now=now))
        return out


@pytest.fixture
def build(tmp_path):
    return Builder(tmp_path)


def speak(folder: Path, engine) -> dict[str, Path]:
    cache = AudioCache(folder / "audio")
    if isinstance(engine, GTTSEngine):
        return synthesize_all(spoken_texts(TERMS), "gtts", cache, gtts=engine, retries=0).files
    return synthesize_all(spoken_texts(TERMS), "espeak", cache, espeak=engine).files


def mods(apkg: Path) -> dict[str, int]:
    return {guid: mod for guid, _, mod, _, _ in package_rows(apkg)["notes"]}


@needs_espeak
def test_adding_audio_later_updates_every_note(build, col, tmp_path):
    import_package(col, build())
    log = import_package(col, build(media=speak(tmp_path, EspeakEngine())))
    assert (len(log.new), len(log.updated)) == (0, len(TERMS))
    media_dir = Path(col.media.dir())
    for key, note in notes_by_key(col).items():
        (name,) = SOUND_TAG.findall(note["Audio"])
        assert (media_dir / name).is_file(), key


@needs_espeak
def test_switching_espeak_to_gtts_updates_every_audio_field(build, col, tmp_path):
    import_package(col, build(media=speak(tmp_path, EspeakEngine())))
    before = {key: note["Audio"] for key, note in notes_by_key(col).items()}
    with FakeTTSServer() as server:
        online = speak(tmp_path, GTTSEngine(base_url=server.url, timeout=2.0))
    log = import_package(col, build(media=online))
    assert (len(log.new), len(log.updated)) == (0, len(TERMS))
    for key, note in notes_by_key(col).items():
        assert note["Audio"] != before[key] and note["Audio"].endswith(".mp3]"), key
        assert sound_names(note["Example audio"])[0].endswith(".mp3"), key  # the on-demand player


def test_turning_listening_on_adds_exactly_the_listening_cards_and_no_blank_one(build, col, tmp_path):
    media = {text: tmp_path / f"vocab-{i}.wav" for i, text in enumerate(spoken_texts(TERMS))}
    for path in media.values():
        path.write_bytes(b"RIFF")
    import_package(col, build(media=media))
    cards = len(col.find_cards(""))
    log = import_package(col, build(media=media, listening=True))
    assert len(log.new) == 0
    assert len(col.find_cards("")) - cards == len(col.find_cards("card:Listening")) == len(TERMS)
    assert list(col.get_empty_cards().notes) == []


def test_an_unchanged_rebuild_is_the_same_bytes_and_updates_nothing(build, col):
    first = build()
    import_package(col, first)
    second = build(now=T0 + 3600)  # an hour later, the same inputs and options
    assert second.read_bytes() == first.read_bytes()
    log = import_package(col, second)
    assert (len(log.new), len(log.updated)) == (0, 0)


def test_only_the_changed_note_is_newer(build):
    first = mods(build())
    fixed = [replace(t, gloss="punitive sanctions") if t.lemma == "제재" else t for t in TERMS]
    second = mods(build(fixed))  # in the same second: still newer
    changed = deck.note_guid(TERMS[0])
    assert second.pop(changed) == first.pop(changed) + 1
    assert second == first
    assert mods(build(TERMS, now=T0 + 60))[changed] == T0 + 60  # and back: newer again


def test_a_changed_template_reaches_the_collection(build, col, monkeypatch):
    import_package(col, build())
    monkeypatch.setattr(deck, "CSS", deck.CSS + "/* restyled */")
    import_package(col, build())
    ntid = col.models.id_for_name(deck.NOTE_TYPE_NAME)
    assert b"restyled" in bytes(col.db.scalar("select config from notetypes where id = ?", ntid))


def test_a_damaged_history_only_makes_every_note_new_again(build):
    build()
    build.history_path.write_text("{not json", encoding="utf-8")
    assert set(mods(build(now=T0 + 5)).values()) == {T0 + 5}
