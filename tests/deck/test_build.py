"""`vocab build` end to end on the seeds: offline speech (espeak-ng), real Anki imports.

Issue 3's acceptance (the package imports, every sound plays, every card renders, and a
rebuild after a gloss fix updates notes in place with their review history) and issue 4's
at build level (enough glossed notes; advanced notes each with a gloss and an example).

Everything runs in a temporary project folder with its own VOCAB_CACHE_DIR, shared by
the whole module: Kiwi analyses the seeds once and espeak-ng speaks each text once;
every later build reads both caches.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest

from anki_helpers import SOUND_TAG, import_package, notes_by_key, open_collection, package_rows, sound_names
from vocab.deck import build as build_module
from vocab.deck.encode import mp3_info
from vocab.deck.fronts import senses
from vocab.deck.templates import FIELDS
from vocab.deck.package import deck_name, stable_id
from vocab.lists.load import Lexicon
from vocab.records import LEVELS, Example, Term
from vocab.mine.pipeline import MineResult, mine, select_terms
from cli_helpers import vocab

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIELD_SEPARATOR = "\x1f"  # between a note's fields in the database
LISTENING_ORD = 3  # the Listening template's position in deck_templates.TEMPLATES
STUDIED = "제재|noun"  # the note whose gloss the learner fixes, after studying it


@pytest.fixture(scope="module", autouse=True)
def project(tmp_path_factory):
    """A project folder holding a copy of the seeds (mtimes kept), and private caches."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(SEEDS, root / "seeds")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VOCAB_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        patch.chdir(root)
        yield root


@pytest.fixture(scope="module")
def advanced(project):
    """`vocab build --level advanced --tts espeak`: the first build speaks and analyses."""
    result = vocab("build", "--level", "advanced", "--tts", "espeak")
    return result, project / "decks" / "seeds-advanced.apkg"


@pytest.fixture(scope="module")
def mined(advanced):
    """What the builds above mined (shipped lists only), for the expected values."""
    return mine(["seeds"])


@pytest.fixture(scope="module")
def advanced_col(advanced, tmp_path_factory):
    col = open_collection(tmp_path_factory.mktemp("anki-advanced"))
    import_package(col, advanced[1])
    yield col
    col.close()


@pytest.fixture(scope="module")
def all_levels(advanced, project, tmp_path_factory):
    result = vocab("build", "--level", "all", "--tts", "espeak")
    apkg = project / "decks" / "seeds-all.apkg"
    col = open_collection(tmp_path_factory.mktemp("anki-all"))
    import_package(col, apkg)
    yield result, apkg, col
    col.close()


def package_notes(apkg: Path) -> dict[str, list[str]]:
    """A package's notes' fields by Key, read without Anki."""
    notes = {}
    for *_, flds in package_rows(apkg)["notes"]:
        fields = flds.split(FIELD_SEPARATOR)
        notes[fields[FIELDS.index("Key")]] = fields
    return notes


# --- 1. the advanced deck in a fresh collection -------------------------------------------


@pytest.mark.parametrize("which", ["advanced", "all"])
def test_no_two_fronts_of_a_deck_are_the_same(which, advanced_col, all_levels):
    col = advanced_col if which == "advanced" else all_levels[2]
    fronts: dict[tuple[int, str], str] = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        front = visible(card.question()) + "|" + "|".join(t.filename for t in card.question_av_tags())
        key = card.note()["Key"]
        assert fronts.setdefault((card.did, front), key) == key, (fronts[(card.did, front)], key, front)


def test_production_fronts_with_the_same_meaning_say_what_tells_them_apart(advanced_col):
    notes = notes_by_key(advanced_col)
    clashing = [("다자|noun", "다자간|noun"), ("침공하다|verb", "침략하다|verb"), ("관영|noun", "국영|noun")]
    for pair in clashing:
        present = [key for key in pair if key in notes]
        if len(present) < 2:
            continue
        first, second = (notes[key] for key in present)
        assert senses(html.unescape(first["English"])) & senses(html.unescape(second["English"]))
        fronts = [visible(note.cards()[1].question()) for note in (first, second)]
        assert fronts[0] != fronts[1] and all(note["Hint"] for note in (first, second)), fronts
    hinted = [note for note in notes.values() if note["Hint"]]
    assert 0 < len(hinted) < len(notes) / 3  # only where needed


def test_part_of_speech_shows_once_per_side(advanced_col):
    for key, note in notes_by_key(advanced_col).items():
        pos = note["Part of speech"]
        for card in note.cards():
            for side in (card.question(), card.answer()):
                meta = re.findall(r'<div class="meta">([^<]*)', side)
                assert sum(pos in part.split(" · ") for part in meta) <= 1, (key, card.template()["name"])


def test_the_cloze_never_shows_its_answer(all_levels):
    from vocab.deck.fronts import stem
    for key, note in notes_by_key(all_levels[2]).items():
        if not note["Example blank"]:
            continue
        lemma, pos = key.split("|")
        root = stem(Term(lemma, pos))
        assert root not in visible(note["Example blank"]), key


def test_build_reports_what_it_wrote(advanced):
    result, apkg = advanced
    assert apkg.is_file()
    written = len(package_notes(apkg))
    assert re.fullmatch(f"wrote {written} notes to decks/seeds-advanced.apkg, audio: espeak-ng \\d+\n", result.stdout)


def test_every_note_has_korean_english_and_an_example_when_the_word_has_one(advanced_col, mined):
    notes = notes_by_key(advanced_col)
    assert notes
    without = {t.lemma for t in mined.terms if not t.examples}
    for key, note in notes.items():
        assert note["Korean"] and key.startswith(note["Korean"] + "|"), key
        assert note["English"].strip(), key
        assert bool(note["Example"].strip()) == (note["Korean"] not in without), key
        if not note["Example"]:  # issue 15: a card without one, not a note left out
            assert note["Example blank"] == note["Example translation"] == note["Example audio"] == ""
        assert note["Level"] == "advanced", key


def test_every_sound_resolves_to_a_speech_mp3_in_the_media_folder(advanced_col):
    media_dir = Path(advanced_col.media.dir())
    notes = notes_by_key(advanced_col)
    for key, note in notes.items():
        # espeak-ng spoke every word and every first example sentence
        assert SOUND_TAG.fullmatch(note["Audio"]), key
        assert note["Example audio"] or not note["Example"], key
        for name in sound_files(note):
            data = (media_dir / name).read_bytes()
            channels, rate, seconds = mp3_info(data)
            assert (channels, rate) == (1, 22050), (key, name)  # mono, espeak-ng's rate
            assert len(data) * 8 / seconds < 34_000, (key, name)  # 32 kbit/s
            assert 0.2 < seconds < 30, (key, name)  # silence trimmed, speech kept


def sound_files(note) -> list[str]:
    """The media a note plays: [sound:…] tags and the sentence's on-demand player."""
    return sound_names("".join(note.fields))


def test_the_word_plays_by_itself_and_the_sentence_on_demand_on_every_card(advanced_col):
    for key, note in notes_by_key(advanced_col).items():
        word = SOUND_TAG.findall(note["Audio"])
        sentence = sound_names(note["Example audio"])
        if not note["Example"]:  # a word seen only in headings: no sentence to play (#15)
            continue
        assert len(word) == len(sentence) == 1, key
        for card in note.cards():
            name = card.template()["name"]
            autoplayed = [tag.filename for tag in card.question_av_tags() + card.answer_av_tags()]
            assert sentence[0] not in autoplayed, (key, name)  # never plays unasked
            if name != "Listening":  # listening cards exist only with --listening
                answer = card.answer()
                assert f'src="{sentence[0]}"' in answer and 'class="replay"' in answer, (key, name)
                assert word[0] in autoplayed, (key, name)


def visible(rendered: str) -> str:
    """What a learner reads on a rendered side: no CSS, markup or sound placeholders."""
    text = re.sub(r"<style>.*?</style>|<[^>]*>|\[anki:play:[^\]]*\]", " ", rendered, flags=re.S)
    return " ".join(html.unescape(text).split())


def test_each_card_renders_the_term_where_its_template_wants_it(advanced_col):
    rendered = 0
    for key, note in notes_by_key(advanced_col).items():
        lemma, english = note["Korean"], html.unescape(note["English"])
        cards = {card.template()["name"]: card for card in note.cards()}
        # built without --listening; a note without an example has no cloze (issue 15)
        with_example = bool(note["Example"])
        assert set(cards) == {"Recognition", "Production"} | ({"Example cloze"} if with_example else set()), key
        if not with_example:
            assert 'class="example"' not in cards["Recognition"].answer(), key
        for name, card in cards.items():
            question, answer = card.question(), card.answer()
            assert question.startswith("<style>") and answer.startswith("<style>")  # the note type's CSS
            shown_q, shown_a = visible(question), visible(answer)
            assert lemma in shown_a and english in shown_a, (key, name)
            if name == "Recognition":
                assert lemma in shown_q and english not in shown_q, (key, name)
            elif name == "Production":
                assert english in shown_q and lemma not in shown_q, (key, name)
            else:  # the cloze: the sentence with its term blanked, the meaning as a hint
                assert "[…]" in shown_q and '<b class="term">' not in question, (key, name)
                assert english in shown_q, (key, name)
            rendered += 1
    notes = notes_by_key(advanced_col).values()
    assert rendered == sum(3 if note["Example"] else 2 for note in notes)
    assert any(not note["Example"] for note in notes)  # the seeds have such notes


# --- 2. a fixed gloss re-imports in place ------------------------------------------------


def write_list(path: Path, gloss: str, mtime: float) -> Path:
    path.write_text(f"entries:\n  - ko: 제재\n    en: {gloss}\n", encoding="utf-8")
    os.utime(path, (mtime, mtime))  # newer than every input: the deck's timestamp grows
    return path


def test_rebuild_after_a_gloss_fix_updates_in_place_and_keeps_reviews(mined, project, tmp_path):
    my_list = project / "my.yaml"
    out = "decks/my-advanced.apkg"
    first_time, second_time = mined.timestamp + 100, mined.timestamp + 200
    col = open_collection(tmp_path / "anki")
    try:
        write_list(my_list, "sanctions", first_time)
        vocab("build", "--level", "advanced", "--tts", "espeak", "--list", str(my_list), "--out", out)
        first_mods = {guid: mod for guid, _, mod, _, _ in package_rows(Path(out))["notes"]}
        import_package(col, Path(out))
        before = {key: list(note.fields) for key, note in notes_by_key(col).items()}
        note_ids = {key: note.id for key, note in notes_by_key(col).items()}
        assert notes_by_key(col)[STUDIED]["English"] == "sanctions"

        card = next(c for c in notes_by_key(col)[STUDIED].cards() if c.template()["name"] == "Recognition")
        card.start_timer()
        col.sched.answerCard(card, 4)  # "Easy": a review card with an interval in days
        card.load()
        history = (card.reps, card.ivl, card.due, card.type, card.queue)
        assert card.reps == 1 and card.ivl > 0
        assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 1

        write_list(my_list, "punitive sanctions", second_time)
        vocab("build", "--level", "advanced", "--tts", "espeak", "--list", str(my_list), "--out", out)
        second_mods = {guid: mod for guid, _, mod, _, _ in package_rows(Path(out))["notes"]}
        studied_guid = notes_by_key(col)[STUDIED].guid
        assert second_mods.pop(studied_guid) > first_mods.pop(studied_guid)  # only it is newer
        assert second_mods == first_mods
        log = import_package(col, Path(out))

        assert len(log.new) == 0
        after = notes_by_key(col)
        assert {key: note.id for key, note in after.items()} == note_ids
        assert after[STUDIED]["English"] == "punitive sanctions"
        for key, fields in before.items():
            if key != STUDIED:
                assert list(after[key].fields) == fields, key
        card.load()
        assert (card.reps, card.ivl, card.due, card.type, card.queue) == history
        assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 1
    finally:
        col.close()
        my_list.unlink(missing_ok=True)


# --- 3. reproducible ---------------------------------------------------------------------


def test_same_inputs_give_the_same_package(advanced):
    _, first = advanced
    vocab("build", "--level", "advanced", "--tts", "espeak", "--out", "decks/again.apkg")
    vocab("build", "--level", "advanced", "--tts", "espeak", "--out", "decks/again2.apkg")
    again, again2 = Path("decks/again.apkg"), Path("decks/again2.apkg")
    assert again2.read_bytes() == again.read_bytes()
    # The same notes as the first build; only their dates may differ, when a build in
    # between (the gloss fix above) changed a note and so dated its return anew.
    assert [row[:2] + row[3:] for row in package_rows(again)["notes"]] == [
        row[:2] + row[3:] for row in package_rows(first)["notes"]]
    assert {k: v for k, v in package_rows(again).items() if k != "notes"} == {
        k: v for k, v in package_rows(first).items() if k != "notes"}


# --- 4. options ---------------------------------------------------------------------------


def test_all_levels_make_one_package_with_a_sub_deck_per_level(all_levels):
    result, apkg, col = all_levels
    assert apkg.name == "seeds-all.apkg"
    assert result.stdout.startswith("wrote ") and "decks/seeds-all.apkg, audio: espeak-ng " in result.stdout
    names = {level: deck_name(level) for level in LEVELS}
    assert sorted(names.values()) == ["Korean News::Advanced", "Korean News::Beginner", "Korean News::Intermediate"]
    assert {did for _, _, did, _ in package_rows(apkg)["cards"]} == {
        stable_id(f"deck:{name}") for name in names.values()
    }
    for key, note in notes_by_key(col).items():
        decks = {col.decks.name(card.did) for card in note.cards()}
        assert decks == {names[note["Level"]]}, key


def test_out_is_respected(project):
    result = vocab("build", "--level", "beginner", "--no-audio", "--out", "elsewhere/mine.apkg")
    assert (project / "elsewhere" / "mine.apkg").is_file()
    assert not (project / "decks" / "seeds-beginner.apkg").exists()
    assert result.stdout.endswith("to elsewhere/mine.apkg, no audio\n")


def test_default_file_name_follows_the_corpus_folder(project):
    shutil.copytree(project / "seeds", project / "Korea-2024")
    try:
        vocab("build", "Korea-2024/", "--level", "beginner", "--no-audio")
        assert (project / "decks" / "korea-2024-beginner.apkg").is_file()
    finally:
        shutil.rmtree(project / "Korea-2024")


@pytest.mark.parametrize("option", [["--tts", "none"], ["--no-audio"], ["--no-audio", "--tts", "espeak"]])
def test_no_audio_options_give_no_sound_at_all(advanced, option):
    result = vocab("build", "--level", "advanced", *option, "--listening", "--out", "decks/silent.apkg")
    rows = package_rows(Path("decks/silent.apkg"))
    assert "[sound:" not in "".join(flds for *_, flds in rows["notes"])
    assert rows["media"] == "{}" and rows["members"] == ["collection.anki2", "media"]
    assert LISTENING_ORD not in {ord_ for _, ord_, _, _ in rows["cards"]}  # nothing to listen to
    assert result.stdout.endswith(", no audio\n")
    assert package_notes(Path("decks/silent.apkg")).keys() == package_notes(advanced[1]).keys()


def test_listening_adds_a_listening_card_per_spoken_word(advanced):
    vocab("build", "--level", "advanced", "--tts", "espeak", "--listening", "--out", "decks/listen.apkg")
    notes = package_notes(Path("decks/listen.apkg"))
    ords = [ord_ for _, ord_, _, _ in package_rows(Path("decks/listen.apkg"))["cards"]]
    assert ords.count(LISTENING_ORD) == len(notes) > 0  # every advanced word has audio
    assert LISTENING_ORD not in {ord_ for _, ord_, _, _ in package_rows(advanced[1])["cards"]}


def test_progress_is_shown_unless_quiet(advanced):
    def progress(stderr: str) -> list[str]:
        return [line for line in stderr.splitlines() if line.startswith(("reading ", "audio "))]

    assert any(line.startswith("reading [") and "5/5 documents" in line for line in progress(advanced[0].stderr))
    assert any(line.startswith("audio ") for line in progress(advanced[0].stderr))
    quiet = vocab("build", "--level", "advanced", "--tts", "espeak", "--quiet", "--out", "decks/quiet.apkg")
    assert progress(quiet.stderr) == []
    assert quiet.stderr == ""  # -q: warnings and hints too; only errors would show
    assert quiet.stdout.startswith("wrote ")


def test_a_rebuild_says_only_what_it_did_and_hints_name_the_learners_list(advanced, project):
    theirs = project / "their.yaml"
    theirs.write_text("name: theirs\nentries:\n  - ko: 정상\n    en: summit\n", encoding="utf-8")
    again = vocab("build", "--level", "advanced", "--tts", "espeak", "--list", str(theirs),
                  "--out", "decks/again-theirs.apkg")
    lines = again.stderr.splitlines()
    assert any(re.fullmatch(r"audio: \d+ from cache", line) for line in lines), lines
    hints = [line for line in lines if line.startswith("left out ")]
    assert hints and all("their.yaml" in line and "my-words.yaml" not in line for line in hints)


def test_left_out_unglossed_terms_point_to_vocab_gloss(advanced, mined):
    unglossed = [t for t in select_terms(mined.terms, level="advanced") if not t.gloss]
    assert unglossed
    assert (
        f"left out {len(unglossed)} terms without an English gloss; "
        "`vocab gloss seeds --level advanced --out my-words.yaml`, fill in `en`, then build with --list my-words.yaml"
    ) in advanced[0].stderr.splitlines()


# --- 5. issue 4: enough glossed notes; issue 15: with an example when there is one ------


def test_all_build_has_at_least_120_glossed_notes(all_levels):
    _, _, col = all_levels
    notes = notes_by_key(col)
    assert len(notes) >= 120
    assert all(note["English"].strip() for note in notes.values())


def test_advanced_terms_without_an_example_get_notes_too(advanced, mined):
    """Issue 15 reverses issue 4 here: a glossed word seen only in a heading or a glossary
    line still gets its notes, without an example (dozens were dropped on real pages)."""
    glossed = [t for t in select_terms(mined.terms, level="advanced") if t.gloss]
    keys = package_notes(advanced[1]).keys()
    assert len(keys) == len(glossed)
    lacking = [t.lemma for t in glossed if not t.examples]
    assert lacking and all(any(key.startswith(lemma + "|") for key in keys) for lemma in lacking)
    assert "without an example" not in advanced[0].stderr


# The rule on its own, on terms written for the test.
def make_mined(lexicon: Lexicon) -> MineResult:
    sentence = Example("정부가 제재를 발표했다.", 4, 6, "a.txt", "The government announced sanctions.")
    terms = [
        Term("제재", "noun", gloss="sanctions", gloss_source="list", sources=["a.txt"], examples=[sentence]),
        Term("정세", "noun", gloss="situation", gloss_source="list", sources=["a.txt"]),  # a headline's
        Term("모험적 행보", "phrase", gloss="adventurism", gloss_source="text"),  # a glossary line's
        Term("헛되다", "adjective", sources=["a.txt"], examples=[sentence]),  # unglossed
    ]
    return MineResult(terms=terms, documents=[], problems=[], glosses=[], alignments={},
                      lexicon=lexicon, timestamp=1_700_000_000.0)


def test_a_glossed_term_without_an_example_gets_a_card_without_one(tmp_path):
    outcome = build_module.build_deck(make_mined(Lexicon()), level="advanced", out=tmp_path / "d.apkg",
                                      corpus="t", tts="none")
    assert outcome.left_out_unglossed == ["헛되다"]
    notes = package_notes(outcome.path)
    assert sorted(notes) == ["모험적 행보|phrase", "정세|noun", "제재|noun"]
    col = open_collection(tmp_path / "anki")
    try:
        import_package(col, outcome.path)
        note = notes_by_key(col)["정세|noun"]
        cards = {card.template()["name"]: card for card in note.cards()}
        assert set(cards) == {"Recognition", "Production"}  # no cloze without a sentence
        assert note["Example"] == note["Example translation"] == ""
        assert "situation" in visible(cards["Recognition"].answer())
    finally:
        col.close()


# --- 6. known words ----------------------------------------------------------------------


def test_known_words_are_left_out(advanced, project):
    known = project / "known.txt"
    known.write_text("# words I know\n제재\n", encoding="utf-8")
    try:
        vocab("build", "--level", "advanced", "--no-audio", "--known", str(known), "--out", "decks/known.apkg")
    finally:
        known.unlink()
    without = package_notes(Path("decks/known.apkg")).keys()
    assert STUDIED in package_notes(advanced[1])
    assert not any(key.startswith("제재|") for key in without)
    assert set(without) == set(package_notes(advanced[1])) - {STUDIED}


# --- 7. tags -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, expected, absent",
    [
        # source:: names the article by its title, cut at a word to 40 characters
        ("차질|noun", {"glossed-in-text", "level::advanced", "pos::noun",
                      "source::wt논평-north-korea-will-reinforce-its"}, set()),
        ("제재|noun", {"level::advanced", "pos::noun", "source::북러외무장관회담-푸틴-연내방북-접근-국제제재-무력화",
                      "source::푸틴-북-러-공격받으면-서로-도울-것",
                      "source::푸틴-우크라-전쟁-북-지원-가능성-공식화-김정은-동맹관계로-올라섰다"}, {"glossed-in-text"}),
        ("재건하다|verb", {"glossed-in-text", "level::advanced", "pos::verb",
                       "source::wt논평-north-korea-will-reinforce-its"}, set()),
    ],
)
def test_imported_notes_carry_level_pos_source_and_gloss_origin_tags(advanced_col, key, expected, absent):
    tags = set(notes_by_key(advanced_col)[key].tags)
    assert expected <= tags
    assert not tags & absent
    assert {tag for tag in tags if tag.startswith("level::")} == {"level::advanced"}


# --- 8. issue 18: the preview shows the deck the build writes ------------------------------


def test_preview_writes_one_page_of_every_card_without_touching_the_deck(advanced, advanced_col):
    deck_before = advanced[1].read_bytes()
    result = vocab("preview", "--level", "advanced", "--tts", "espeak", "--no-open", "-q",
                   "--out", "previews/advanced.html")
    page = Path("previews/advanced.html").read_text(encoding="utf-8")
    cards = len(advanced_col.find_cards(""))
    assert result.stdout == f"wrote {cards} cards of {len(notes_by_key(advanced_col))} notes to previews/advanced.html\n"
    assert result.stderr == ""  # -q: nothing but errors
    assert page.count('class="vp-card"') == cards
    assert advanced[1].read_bytes() == deck_before
    names = set(re.findall(r'data-sound="([^"]+)"', page))
    assert names and all(f'"{name}": "' in page for name in names)  # every sound is in the page
