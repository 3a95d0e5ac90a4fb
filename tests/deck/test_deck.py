"""deck.py: real genanki packages imported into a real Anki collection (official `anki`)."""

from __future__ import annotations

import errno
import html
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from anki_helpers import (SOUND_TAG, import_package, notes_by_key, open_collection, package_rows,
                          sound_names, write_wav)
from vocab.deck import package as deck
from vocab.deck.package import BuildReport, build_package, default_output, note_guid, stable_id
from vocab.errors import BuildError
from vocab.records import Example, Term

T0 = 1_700_000_000.0  # the inputs' newest mtime, as the pipeline would pass it
SOURCE = "news/2024-05 Editorial.md"
TITLE = "사설: 한미 <동맹> & 조약"
HOSTILE = "<script>alert('x')</script>"


def example(text: str, surface: str, translation: str | None = None, source: str = SOURCE) -> Example:
    start = text.index(surface)
    return Example(text, start, start + len(surface), source, translation)


def make_terms() -> list[Term]:
    """One term per situation the deck must handle."""
    return [
        Term("체결하다", "verb", level="advanced", gloss="to conclude (a treaty)", gloss_source="text",
             hanja="締結", sources=[SOURCE],
             examples=[example("정부는 미국과 조약을 체결했다.", "체결했", "The government concluded a treaty.")]),
        Term("헛되다", "adjective", level="advanced", gloss=None, sources=[SOURCE]),  # unglossed
        Term("비핵화", "noun", level="intermediate", gloss="denuclearization", gloss_source="alignment",
             sources=[SOURCE, "other/b.txt"],
             examples=[example("북한의 비핵화가 목표다.", "비핵화", "Denuclearization is the goal.")]),
        Term("제재", "noun", level="intermediate", gloss="sanctions <b>", gloss_source="list",
             note="[sound:evil.wav] <img src=x onerror=alert(1)>", sources=[SOURCE],
             examples=[example(f"대북 제재가 {HOSTILE} 강화됐다. [sound:evil.wav]", "제재",
                               f"Sanctions {HOSTILE} were tightened.")]),
        Term("정부", "noun", level="beginner", gloss="government", sources=[SOURCE],
             examples=[example("정부가 발표했다.", "정부", "The government announced it.")]),
        Term("동맹", "noun", level="beginner", gloss="alliance", sources=[SOURCE]),  # no example, no audio
    ]


def make_media(folder: Path, terms: list[Term]) -> dict[str, Path]:
    """Audio for every word but 동맹, and for every example sentence."""
    media: dict[str, Path] = {}
    for index, term in enumerate(terms):
        if term.lemma != "동맹":
            media[term.lemma] = write_wav(folder / f"vocab-word{index}.wav", seed=index)
        for example_ in term.examples:
            media[example_.text] = write_wav(folder / f"vocab-sentence{index}.wav", seed=100 + index)
    return media


def build(terms, out: Path, media, *, level="all", timestamp=T0, listening=False) -> BuildReport:
    return build_package(terms, out, level=level, corpus_name="seeds", media=media,
                         timestamp=timestamp, titles={SOURCE: TITLE}, listening=listening)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The "all" package with listening cards, imported into a fresh collection."""
    folder = tmp_path_factory.mktemp("imported")
    terms = make_terms()
    media = make_media(folder / "audio", terms)
    report = build(terms, folder / "decks" / "seeds-all.apkg", media, listening=True)
    col = open_collection(folder / "anki")
    import_package(col, report.output)
    yield report, col, terms
    col.close()


def cards_by_template(col, key: str) -> dict[str, object]:
    note = notes_by_key(col)[key]
    return {card.template()["name"]: card for card in note.cards()}


def test_report_counts_notes_media_and_left_out(imported):
    report, _, _ = imported
    assert report.notes_written == 5
    assert report.left_out_unglossed == ("헛되다",)
    assert report.media_files == 4 + 4  # words with audio (not 동맹; 헛되다 is left out), sentences
    assert report.decks == ("Korean News::Beginner", "Korean News::Intermediate", "Korean News::Advanced")
    assert report.output.name == "seeds-all.apkg"


def test_all_level_gives_one_sub_deck_per_level(imported):
    _, col, terms = imported
    for term in terms:
        if term.gloss is None:
            continue
        note = notes_by_key(col)[f"{term.lemma}|{term.pos}"]
        assert {col.decks.name(card.did) for card in note.cards()} == {
            f"Korean News::{term.level.capitalize()}"
        }


def test_unglossed_terms_are_not_in_the_collection(imported):
    _, col, _ = imported
    assert "헛되다|adjective" not in notes_by_key(col)
    assert len(col.find_notes("")) == 5


def test_every_note_has_korean_english_and_its_example(imported):
    _, col, terms = imported
    notes = notes_by_key(col)
    for term in (t for t in terms if t.gloss):
        note = notes[f"{term.lemma}|{term.pos}"]
        assert note["Korean"] == term.lemma
        assert note["English"] == html.escape(term.gloss, quote=False)
        assert bool(note["Example"]) == bool(term.examples)
        assert note["Source"] == html.escape(TITLE, quote=False)
    assert notes["체결하다|verb"]["Example"] == '정부는 미국과 조약을 <b class="term">체결했</b>다.'
    assert notes["체결하다|verb"]["Example blank"] == '정부는 미국과 조약을 <span class="blank">[…]</span>다.'
    assert notes["체결하다|verb"]["Hanja"] == "締結"


def test_every_sound_reference_resolves_to_an_imported_file(imported):
    _, col, _ = imported
    media_dir = Path(col.media.dir())
    referenced = set()
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        assert SOUND_TAG.fullmatch(note["Audio"]) or not note["Audio"]
        assert not SOUND_TAG.search(note["Example audio"])  # the sentence waits to be asked
        referenced.update(sound_names(note["Audio"] + note["Example audio"]))
    assert len(referenced) == 8
    assert col.media.check().unused == []  # Anki counts the players' files as used
    for name in referenced:
        assert (media_dir / name).is_file(), name
    # and nothing but our own sounds plays: the [sound:evil.wav] in the source text is inert
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        for tag in card.question_av_tags() + card.answer_av_tags():
            assert tag.filename.startswith("vocab-"), tag


# template, does the question show the word, does the answer show it
CARD_TEMPLATES = [
    ("Recognition", True, True),
    ("Production", False, True),
    ("Example cloze", False, True),  # the blank hides it until the answer
    ("Listening", False, True),  # only the sound
]


@pytest.mark.parametrize("template, word_in_question, word_in_answer", CARD_TEMPLATES)
def test_cards_render_with_the_term(imported, template, word_in_question, word_in_answer):
    _, col, _ = imported
    card = cards_by_template(col, "체결하다|verb")[template]
    question, answer = card.question(), card.answer()
    assert ("체결하다" in question) is word_in_question
    assert ("체결하다" in answer) is word_in_answer
    assert "to conclude (a treaty)" in answer
    assert '<b class="term">체결했</b>' in answer  # every answer shows the example, term marked


@pytest.mark.parametrize(
    "key, templates",
    [
        ("체결하다|verb", {"Recognition", "Production", "Example cloze", "Listening"}),
        ("정부|noun", {"Recognition", "Production", "Example cloze", "Listening"}),
        ("동맹|noun", {"Recognition", "Production"}),  # no example: no cloze; no audio: no listening
    ],
)
def test_cards_exist_only_when_their_front_has_content(imported, key, templates):
    _, col, _ = imported
    assert set(cards_by_template(col, key)) == templates


def test_cloze_question_blanks_the_term_and_gives_the_meaning(imported):
    _, col, _ = imported
    question = cards_by_template(col, "체결하다|verb")["Example cloze"].question()
    assert "[…]" in question and "체결했" not in question
    assert "정부는 미국과 조약을" in question and "to conclude (a treaty)" in question


@pytest.mark.parametrize("listening, listening_cards", [(False, 0), (True, 4)])
def test_listening_option_adds_listening_cards(tmp_path, listening, listening_cards):
    terms = make_terms()
    report = build(terms, tmp_path / "d.apkg", make_media(tmp_path / "audio", terms), listening=listening)
    ords = [row[1] for row in package_rows(report.output)["cards"]]
    assert ords.count(3) == listening_cards  # words with audio: all but 동맹 (and unglossed 헛되다)
    assert report.cards_written == 5 + 5 + 4 + listening_cards  # 4 terms have an example


@pytest.mark.parametrize(
    "key, expected",
    [
        ("체결하다|verb", ["glossed-in-text", "level::advanced", "pos::verb", "source::사설-한미-동맹-조약"]),
        ("비핵화|noun", ["level::intermediate", "pos::noun", "source::b", "source::사설-한미-동맹-조약"]),
        ("동맹|noun", ["level::beginner", "pos::noun", "source::사설-한미-동맹-조약"]),
    ],
)
def test_tags(imported, key, expected):
    _, col, _ = imported
    assert sorted(notes_by_key(col)[key].tags) == expected


def test_source_markup_is_escaped_in_rendered_cards(imported):
    _, col, _ = imported
    for card in cards_by_template(col, "제재|noun").values():
        rendered = card.question() + card.answer()
        assert "<script" not in rendered and "<img" not in rendered
        assert "sanctions <b>" not in rendered
    answer = cards_by_template(col, "제재|noun")["Recognition"].answer()
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in answer
    assert "sanctions &lt;b&gt;" in answer
    assert html.escape(TITLE, quote=False) in answer


def test_rebuild_with_fixed_gloss_updates_the_note_and_keeps_history(tmp_path):
    terms = make_terms()
    media = make_media(tmp_path / "audio", terms)
    out = tmp_path / "decks" / "seeds-all.apkg"
    col = open_collection(tmp_path / "anki")
    try:
        import_package(col, build(terms, out, media).output)
        before = {key: list(note.fields) for key, note in notes_by_key(col).items()}
        note_ids = {key: note.id for key, note in notes_by_key(col).items()}

        studied = cards_by_template(col, "정부|noun")["Recognition"]
        studied.start_timer()
        col.sched.answerCard(studied, 3)  # "Good"
        studied.load()
        reps, due, card_type = studied.reps, studied.due, studied.type
        assert reps == 1 and col.db.scalar("select count() from revlog where cid = ?", studied.id) == 1

        fixed = [replace(t, gloss="the government") if t.lemma == "정부" else t for t in terms]
        log = import_package(col, build(fixed, out, media, timestamp=T0 + 60).output)

        assert len(log.new) == 0
        assert len(col.find_notes("")) == 5
        after = notes_by_key(col)
        assert {key: note.id for key, note in after.items()} == note_ids
        assert after["정부|noun"]["English"] == "the government"
        for key, fields in before.items():
            if key != "정부|noun":
                assert list(after[key].fields) == fields, key
        studied.load()
        assert (studied.reps, studied.due, studied.type) == (reps, due, card_type)
        assert col.db.scalar("select count() from revlog where cid = ?", studied.id) == 1
    finally:
        col.close()


def test_turning_listening_on_later_adds_cards_to_existing_notes(tmp_path):
    terms = make_terms()
    media = make_media(tmp_path / "audio", terms)
    col = open_collection(tmp_path / "anki")
    try:
        import_package(col, build(terms, tmp_path / "d.apkg", media).output)
        assert col.find_cards("card:Listening") == []
        log = import_package(col, build(terms, tmp_path / "d.apkg", media, listening=True, timestamp=T0 + 1).output)
        assert len(log.new) == 0
        assert len(col.find_cards("card:Listening")) == 4
    finally:
        col.close()


def test_changed_css_reaches_the_collection_with_a_newer_package(tmp_path, monkeypatch):
    terms = make_terms()
    col = open_collection(tmp_path / "anki")

    def css_in_collection() -> bytes:
        ntid = col.models.id_for_name(deck.NOTE_TYPE_NAME)
        return bytes(col.db.scalar("select config from notetypes where id = ?", ntid))  # uncached

    try:
        import_package(col, build(terms, tmp_path / "d.apkg", {}).output)
        monkeypatch.setattr(deck, "CSS", deck.CSS + "/* restyled */")
        import_package(col, build(terms, tmp_path / "d.apkg", {}).output)
        assert b"restyled" not in css_in_collection()  # same inputs: Anki keeps what it has
        import_package(col, build(terms, tmp_path / "d.apkg", {}, timestamp=T0 + 1).output)
        assert b"restyled" in css_in_collection()
    finally:
        col.close()


def test_reimporting_the_same_package_changes_nothing(tmp_path):
    terms = make_terms()
    report = build(terms, tmp_path / "d.apkg", make_media(tmp_path / "audio", terms))
    col = open_collection(tmp_path / "anki")
    try:
        import_package(col, report.output)
        log = import_package(col, report.output)
        assert (len(log.new), len(log.updated)) == (0, 0)
        assert len(col.find_notes("")) == 5
    finally:
        col.close()


def test_same_inputs_give_byte_identical_packages(tmp_path):
    terms = make_terms()
    media = make_media(tmp_path / "audio", terms)
    first = build(terms, tmp_path / "one.apkg", media, listening=True).output
    second = build(make_terms(), tmp_path / "two.apkg", media, listening=True).output
    rows = package_rows(first)
    assert rows == package_rows(second)  # same GUIDs, fields, tags, cards, media names
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:  # dated from the inputs, not from the clock
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert {mod for _, _, mod, _, _ in rows["notes"]} == {int(T0)}  # Anki's "is it newer" test
    assert '"vocab-word0.wav"' in rows["media"]


@pytest.mark.parametrize(
    "name, slug",
    [("2024-05 Editorial", "2024-05-editorial"), ("한미 동맹 (사설)", "한미-동맹-사설"),
     ("topic::Security", "topic::security"), ('"quoted" *', "quoted"), ("", "untitled")],
)
def test_tag_slug(name, slug):
    assert deck.tag_slug(name) == slug


def test_note_identity_comes_from_lemma_and_part_of_speech_only():
    term = make_terms()[0]
    assert note_guid(term) == note_guid(replace(term, gloss="to sign", examples=[], level="beginner"))
    assert note_guid(term) != note_guid(replace(term, pos="noun"))
    assert note_guid(term) != note_guid(replace(term, lemma="체결"))


@pytest.mark.parametrize("key", ["deck:Korean News::Advanced", "note type:x", "", "한국어"])
def test_stable_ids_are_fixed_and_in_ankis_range(key):
    assert stable_id(key) == stable_id(key)
    assert 1 << 30 <= stable_id(key) < 1 << 31


def test_single_level_package_holds_only_that_level(tmp_path):
    terms = make_terms()
    report = build(terms, tmp_path / "b.apkg", make_media(tmp_path / "audio", terms), level="beginner")
    assert report.decks == ("Korean News::Beginner",)
    assert report.notes_written == 2 and report.left_out_unglossed == ()
    deck_ids = {did for _, _, did, _ in package_rows(report.output)["cards"]}
    assert deck_ids == {stable_id("deck:Korean News::Beginner")}  # the same deck as in "all"


def test_cards_are_due_in_input_order(tmp_path):
    terms = make_terms()
    report = build(terms, tmp_path / "d.apkg", {}, level="intermediate")
    due = {guid: due for guid, _, _, due in package_rows(report.output)["cards"]}
    assert due[note_guid(terms[2])] < due[note_guid(terms[3])]


def test_without_media_there_is_no_audio(tmp_path):
    report = build(make_terms(), tmp_path / "d.apkg", None, listening=True)
    rows = package_rows(report.output)
    assert report.media_files == 0 and rows["media"] == "{}" and rows["members"] == ["collection.anki2", "media"]
    assert "[sound:" not in "".join(flds for *_, flds in rows["notes"])
    assert 3 not in {ord_ for _, ord_, _, _ in rows["cards"]}


@pytest.mark.parametrize(
    "corpus, level, decks_dir, expected",
    [
        ("seeds", "advanced", None, Path("decks/seeds-advanced.apkg")),
        ("my-news", "all", Path("out"), Path("out/my-news-all.apkg")),
    ],
)
def test_default_output(corpus, level, decks_dir, expected):
    args = () if decks_dir is None else (decks_dir,)
    assert default_output(corpus, level, *args) == expected


def _duplicate(terms, media):
    return terms + [replace(terms[0], gloss="again")], media


def _nothing_glossed(terms, media):
    return [replace(t, gloss=None) for t in terms], media


def _no_terms(terms, media):
    return [], media


def _missing_audio(terms, media):
    return terms, {**media, "정부": media["정부"].with_name("vocab-gone.wav")}


def _clashing_audio_names(terms, media):
    other = write_wav(media["정부"].parent / "elsewhere" / media["체결하다"].name, seed=9)
    return terms, {**media, "정부": other}


@pytest.mark.parametrize(
    "spoil, message",
    [
        (_duplicate, r"term 체결하다 \(verb\) is in the deck twice"),
        (_nothing_glossed, r"no terms with an English gloss to put in a deck \(6 left out without one\)$"),
        (_no_terms, r"no terms with an English gloss to put in a deck$"),
        (_missing_audio, r"vocab-gone\.wav: audio file missing"),
        (_clashing_audio_names, r"vocab-word0\.wav: audio file name also used by"),
    ],
)
def test_bad_input_is_one_line_build_error_and_no_file(tmp_path, spoil, message):
    terms, media = spoil(make_terms(), make_media(tmp_path / "audio", make_terms()))
    out = tmp_path / "decks" / "d.apkg"
    with pytest.raises(BuildError, match=message) as error:
        build(terms, out, media)
    assert "\n" not in str(error.value)
    assert not out.exists()


def test_unknown_level_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError):
        build(make_terms(), tmp_path / "d.apkg", {}, level="expert")


@pytest.mark.parametrize("where", ["parent_is_a_file", "out_is_a_folder"])
def test_unwritable_destination_is_a_build_error(tmp_path, where):
    if where == "parent_is_a_file":
        (tmp_path / "blocker").write_text("x")
        out = tmp_path / "blocker" / "d.apkg"
    else:
        out = tmp_path / "d.apkg"
        out.mkdir()
    with pytest.raises(BuildError, match=re.escape(str(out)) + ": cannot write the deck"):
        build(make_terms(), out, {})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["blocker"] if where == "parent_is_a_file" else ["d.apkg"]
    )


def test_disk_full_leaves_the_old_package_and_no_temporary_file(tmp_path, monkeypatch):
    terms = make_terms()
    media = make_media(tmp_path / "audio", terms)
    out = tmp_path / "decks" / "d.apkg"
    build(terms, out, media)
    old = out.read_bytes()

    def full_disk(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(deck.shutil, "copyfileobj", full_disk)
    with pytest.raises(BuildError, match="d.apkg: cannot write the deck: No space left on device"):
        build(terms, out, media, timestamp=T0 + 1)
    assert out.read_bytes() == old
    assert [p.name for p in out.parent.iterdir()] == ["d.apkg"]


def test_package_file_is_readable_by_others(tmp_path):
    report = build(make_terms(), tmp_path / "d.apkg", {})
    assert report.output.stat().st_mode & 0o044 == 0o044

