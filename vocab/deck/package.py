"""Terms -> one Anki note type, one note per term, one deck per level -> an .apkg file.

Everything Anki uses to recognise what it already has is derived from stable keys,
never from the fields or a random number: the note type's id from its name, a deck's
id from its name, a note's GUID from the term's lemma and part of speech.  So fixing
a gloss and rebuilding updates the learner's existing note (and keeps its review
history) instead of adding a second one.

Anki updates an existing note only when the incoming one is newer, and genanki stamps
every note with the package timestamp.  So each note (and the note type) carries its own
time instead, from a NoteHistory (history.py): the time it was first built with its
present content.  The same inputs and options give the same notes, byte for byte; a note
whose content changed, for whatever reason, is newer and Anki's default import applies it.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
import shutil
import sqlite3
import tempfile
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Mapping, Optional, Sequence

import genanki

from vocab.deck.fronts import blanked, escape_text, highlight, production_hints, sentence_player, shown_example
from vocab.deck.history import NoteHistory, content_hash
from vocab.deck.templates import CSS, FIELDS, TEMPLATES
from vocab.errors import BuildError
from vocab.files import atomic_path, remove_stale_folders, remove_stale_temporaries, temporary_prefix
from vocab.text import field_text
from vocab.records import LEVELS, Term

DECK_ROOT = "Korean News"
NOTE_TYPE_NAME = "vocab: Korean news word"
LEVEL_CHOICES: tuple[str, ...] = (*LEVELS, "all")

# genanki's README suggests ids in [2**30, 2**31): positive, well inside SQLite's and
# JavaScript's integer ranges, and far from Anki's built-in ids (1 for "Default").
_ID_LOW, _ID_SPAN = 1 << 30, 1 << 30
# Note and card ids count up from the timestamp in milliseconds, as genanki does;
# Anki reads a note's creation date from its id, so keep it a plausible date even
# for a timestamp of 0 (no sources had an mtime).
_MIN_ID_BASE = 1_000_000_000_000  # 2001-09-09 in ms
# Zip entries carry a date; 1980-01-01 is the earliest the zip format can store.
_EARLIEST_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SCRATCH_PREFIX = "vocab-apkg-"  # the temporary folder each deck is assembled in
_SAFE_MEDIA_NAME = re.compile(r"^[\w][\w.\-]*$")


@dataclass(frozen=True)
class BuildReport:
    output: Path
    notes_written: int
    cards_written: int
    left_out_unglossed: tuple[str, ...]  # lemmas, in input order
    media_files: int
    decks: tuple[str, ...]  # full deck names, e.g. "Korean News::Advanced"


def default_output(corpus_name: str, level: str, decks_dir: Path = Path("decks")) -> Path:
    return Path(decks_dir) / f"{corpus_name}-{level}.apkg"


def deck_name(level: str) -> str:
    return f"{DECK_ROOT}::{level.capitalize()}"


def stable_id(key: str) -> int:
    """An Anki id for a name: the same name always gives the same id."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return _ID_LOW + int.from_bytes(digest[:8], "big") % _ID_SPAN


def term_key(term: Term) -> str:
    """What identifies a note across builds: the word and its sense (part of speech)."""
    return f"{term.lemma}|{term.pos}"


def note_guid(term: Term) -> str:
    return genanki.guid_for("vocab", term.lemma, term.pos)


class _DatedModel(genanki.Model):
    """A note type with its own modification time (genanki gives it the package's)."""

    mod: Optional[int] = None

    def to_json(self, timestamp: float, deck_id):
        return super().to_json(timestamp if self.mod is None else self.mod, deck_id)


class _DatedNote(genanki.Note):
    """A note with its own modification time, which its cards share."""

    def __init__(self, *args, mod: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.mod = mod

    def write_to_db(self, cursor, timestamp: float, deck_id, id_gen):
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


def note_type() -> genanki.Model:
    """The project's one note type (a fresh object: genanki mutates templates on write)."""
    return _DatedModel(
        stable_id(f"note type:{NOTE_TYPE_NAME}"),
        NOTE_TYPE_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[dict(template) for template in TEMPLATES],
        css=CSS,
        sort_field_index=0,
    )


@functools.lru_cache(maxsize=4096)  # the same few pos and source names on every note
def tag_slug(text: str) -> str:
    """A tag-safe form of a name: no spaces or quotes; "::" (Anki's tag hierarchy) kept."""
    text = unicodedata.normalize("NFC", text).lower()
    slug = re.sub(r"[^\w\-:]+", "-", text).strip("-_:")
    return slug or "untitled"


SOURCE_TAG_LENGTH = 40  # characters of an article's title kept in its source:: tag


def source_tag(source: str, titles: Mapping[str, str]) -> str:
    """`source::` and the article's title, tag-safe and cut at a word to 40 characters;
    the file's name when the article has no title.

    >>> source_tag("seeds/001.txt", {"seeds/001.txt": "N. Korea fires 2 missiles, Seoul says"})
    'source::n-korea-fires-2-missiles-seoul-says'
    """
    slug = re.sub(r"[:\-]+", "-", tag_slug(titles.get(source) or _stem(source))).strip("-")
    if len(slug) > SOURCE_TAG_LENGTH:
        cut = slug[:SOURCE_TAG_LENGTH + 1]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut[SOURCE_TAG_LENGTH // 2:] else cut[:SOURCE_TAG_LENGTH]).strip("-_")
    return f"source::{slug}"


def note_tags(term: Term, titles: Optional[Mapping[str, str]] = None) -> list[str]:
    tags = {f"level::{term.level}", f"pos::{tag_slug(term.pos)}"}
    tags.update(source_tag(source, titles or {}) for source in term.sources)
    if term.gloss_source == "text":
        tags.add("glossed-in-text")
    if term.gloss_source == "parts":  # "North Korea + army": made of its parts' glosses
        tags.add("glossed-from-parts")
    tags.update(tag_slug(tag) for tag in term.tags)
    return sorted(tags)


def note_fields(
    term: Term,
    *,
    media: Mapping[str, Path],
    titles: Mapping[str, str],
    listening: bool,
    hint: str = "",
) -> dict[str, str]:
    """The note's fields as Anki stores them (HTML), by field name."""
    example = shown_example(term)
    source = example.source if example else (term.sources[0] if term.sources else None)
    word_audio = _sound(media.get(term.lemma))
    fields = {
        "Korean": escape_text(term.lemma),
        "English": escape_text(term.gloss or ""),
        "Hanja": escape_text(term.hanja or ""),
        "Part of speech": escape_text(term.pos),
        "Level": escape_text(term.level),
        "Example": highlight(example) if example else "",
        "Example blank": blanked(term, example) if example else "",
        "Example translation": escape_text(example.translation or "") if example else "",
        "Audio": word_audio,
        "Example audio": sentence_player(media.get(example.text)) if example else "",
        "Source": escape_text(titles.get(source) or _stem(source)) if source else "",
        "Note": escape_text(term.note or ""),
        "Listening": "y" if listening and word_audio else "",
        "Key": escape_text(term_key(term)),
        "Hint": hint,
    }
    assert tuple(fields) == FIELDS
    # The one place every field passes: a U+001F from a list or a file name would split
    # the field in two and make Anki refuse the whole package.
    return {name: field_text(value) for name, value in fields.items()}


def _sound(path: Optional[Path]) -> str:
    return f"[sound:{_as_path(path).name}]" if path else ""


def _as_path(path: Path | str) -> Path:
    return path if isinstance(path, Path) else Path(path)  # Path(a Path) parses it again


@functools.lru_cache(maxsize=4096)  # one source file serves many notes
def _stem(source: str) -> str:
    return PurePosixPath(source).stem


def build_package(
    terms: Sequence[Term],
    out: Path,
    *,
    level: str,
    corpus_name: str,
    media: Optional[Mapping[str, Path]] = None,
    timestamp: float,
    titles: Optional[Mapping[str, str]] = None,
    listening: bool = False,
    history: Optional[NoteHistory] = None,
) -> BuildReport:
    """Write the terms of `level` ("all": one sub-deck per level) to the .apkg `out`.

    Terms without a gloss are left out and reported.  Cards are due in input order.
    Every note and the note type are stamped `timestamp`, or, given a `history`, the
    time each was first built with its present content.  Raises BuildError when there is nothing to write or the file
    cannot be written.
    """
    if level not in LEVEL_CHOICES:
        raise ValueError(f"level must be one of {', '.join(LEVEL_CHOICES)}, not {level!r}")
    media = dict(media or {})
    titles = dict(titles or {})
    levels = LEVELS if level == "all" else (level,)
    wanted = [t for t in terms if t.level in levels]
    left_out = tuple(t.lemma for t in wanted if not t.gloss)
    glossed = [t for t in wanted if t.gloss]
    _check_unique(glossed)
    if not glossed:
        which = "" if level == "all" else f"{level} "
        unglossed = f" ({len(left_out)} left out without one)" if left_out else ""
        raise BuildError(f"no {which}terms with an English gloss to put in a deck{unglossed}")

    model = note_type()
    decks: list[genanki.Deck] = []
    digests: dict[str, str] = {}  # what each note and the note type hold, for `history`
    blanks = {term_key(t): blanked(t, e) for t in glossed if (e := shown_example(t)) is not None}
    media_used: dict[str, Path] = {}
    for deck_level in levels:
        deck = genanki.Deck(
            stable_id(f"deck:{deck_name(deck_level)}"),
            deck_name(deck_level),
            description=field_text(escape_text(f"{deck_level.capitalize()} words from {corpus_name}, made by vocab.")),
        )
        hints = production_hints([t for t in glossed if t.level == deck_level], blanks)
        for position, term in enumerate(glossed, start=1):
            if term.level != deck_level:
                continue
            fields = note_fields(term, media=media, titles=titles, listening=listening,
                                 hint=hints.get(term_key(term), ""))
            for text in _spoken(term):
                if text in media:
                    _add_media(media_used, _as_path(media[text]))
            guid, tags = note_guid(term), note_tags(term, titles)
            # The media are in the fields by name, and a name is made from what is
            # spoken and by which voice (audio.media_name): it stands for the sound.
            digests[guid] = content_hash([*fields.values(), " ".join(tags)])
            deck.add_note(
                _DatedNote(
                    model=model,
                    fields=list(fields.values()),
                    guid=guid,
                    tags=tags,
                    due=position,
                    mod=int(timestamp),
                )
            )
        if deck.notes:
            decks.append(deck)

    media_paths = [media_used[name] for name in sorted(media_used)]
    if history is not None:
        type_key = f"note type:{model.name}"
        digests[type_key] = content_hash(
            [json.dumps([model.fields, model.templates], ensure_ascii=False, sort_keys=True), model.css])
        stamps = history.stamp_all(digests)
        model.mod = stamps[type_key]
        for deck in decks:
            for note in deck.notes:
                note.mod = stamps[note.guid]
        timestamp = max(stamps.values())  # the package's own date: its newest content
    cards = _write_apkg(genanki.Package(decks, media_paths), Path(out), timestamp)
    return BuildReport(
        output=Path(out),
        notes_written=len(glossed),
        cards_written=cards,
        left_out_unglossed=left_out,
        media_files=len(media_paths),
        decks=tuple(d.name for d in decks),
    )


def _spoken(term: Term) -> list[str]:
    example = shown_example(term)
    return [term.lemma] + ([example.text] if example else [])


def _check_unique(terms: Sequence[Term]) -> None:
    seen: set[str] = set()
    for term in terms:
        key = term_key(term)
        if key in seen:
            raise BuildError(f"term {term.lemma} ({term.pos}) is in the deck twice")
        seen.add(key)


def _add_media(media_used: dict[str, Path], path: Path) -> None:
    """Anki keeps only a media file's base name: two files may not share one.

    A missing file is found when _zip opens it (one system call fewer per file).
    """
    name = path.name
    known = media_used.get(name)
    if known is None:
        if not _SAFE_MEDIA_NAME.match(name):
            raise BuildError(f"{path}: audio file name unsafe for Anki")
        media_used[name] = path
    elif known != path and known.resolve() != path.resolve():
        raise BuildError(f"{path}: audio file name also used by {known}")


def _write_apkg(package: genanki.Package, out: Path, timestamp: float) -> int:
    """genanki's Package.write_to_file, made byte-reproducible; returns the card count.

    genanki's own writer stamps zip entries with the current time and the temporary
    database's mtime, and leaves that database behind in /tmp.  Here the notes go into
    a database in a temporary folder through genanki's write_to_db, then into a zip
    whose entries are dated from `timestamp`.
    """
    try:
        # Scratch folders of builds killed meanwhile (SIGKILL leaves them: 4-19 MB each).
        remove_stale_folders(tempfile.gettempdir(), SCRATCH_PREFIX)
        with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX) as scratch:
            db_path = Path(scratch) / "collection.anki2"
            connection = sqlite3.connect(db_path)
            try:
                cursor = connection.cursor()
                ids = itertools.count(max(int(timestamp * 1000), _MIN_ID_BASE))
                package.write_to_db(cursor, timestamp, ids)
                connection.commit()
                cards = cursor.execute("SELECT count(*) FROM cards").fetchone()[0]
            finally:
                connection.close()
            # What a killed build left half-written beside `out` (atomic_path's names).
            remove_stale_temporaries(out.parent, prefix=temporary_prefix(out))
            with atomic_path(out) as tmp:
                _zip(tmp, db_path, package.media_files, timestamp)
                tmp.chmod(0o644)  # mkstemp made it private; a deck is for sharing
    except OSError as error:
        raise BuildError(f"{out}: cannot write the deck: {error.strerror or error}") from error
    except sqlite3.Error as error:  # the scratch database: "database or disk is full"
        raise BuildError(f"{out}: cannot write the deck: {error} "
                         f"(temporary folder {tempfile.gettempdir()})") from error
    return cards


def _zip(target: Path, db_path: Path, media_paths: Sequence[Path], timestamp: float) -> None:
    date = max(_EARLIEST_ZIP_DATE, time.gmtime(max(timestamp, 0))[:6])
    media_index: dict[str, str] = {}  # entry name -> the file's name in Anki
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with open(db_path, "rb") as source, archive.open(_entry("collection.anki2", date), "w") as sink:
            shutil.copyfileobj(source, sink)
        for index, path in enumerate(media_paths):
            # Audio is compressed already (mp3) or barely compressible (wav): store it as
            # Anki's own exporter does; deflating it cost most of an unchanged rebuild.
            archive.writestr(_entry(str(index), date, stored=True), _read_audio(path))
            media_index[str(index)] = _as_path(path).name
        archive.writestr(_entry("media", date), json.dumps(media_index, ensure_ascii=False))


def _read_audio(path: Path) -> bytes:
    try:
        with open(path, "rb", buffering=0) as source:  # read whole: no buffer needed
            return source.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise BuildError(f"{path}: audio file missing") from None


def _entry(name: str, date: tuple[int, ...], stored: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.create_system = 3  # unix, on every platform: the bytes must not depend on it
    info.external_attr = 0o644 << 16
    return info
