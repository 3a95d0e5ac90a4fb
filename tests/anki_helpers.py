"""Shared helpers for tests that import real .apkg files into a real Anki collection."""

from __future__ import annotations

import re
import sqlite3
import tempfile
import wave
import zipfile
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageRequest
from anki.notes import Note

SOUND_TAG = re.compile(r"\[sound:([^\]]+)\]")
PLAYER_SRC = re.compile(r'<audio\b[^>]*\bsrc="([^"]+)"')  # the sentence's on-demand player


def sound_names(html: str) -> list[str]:
    """Every sound a field or card names: [sound:…] tags (autoplayed) and players (on demand)."""
    return SOUND_TAG.findall(html) + PLAYER_SRC.findall(html)


def write_wav(path: Path, samples: int = 800, seed: int = 0) -> Path:
    """A tiny valid mono WAV (0.1 s at 8 kHz); `seed` makes files differ in content."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes((seed + i) % 256 for i in range(samples * 2)))
    return path


def open_collection(folder: Path, name: str = "collection.anki2") -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / name))


def import_package(col: Collection, apkg: Path):
    """Import with the options Anki's import screen starts with (the collection's presets).

    Returns the import log (new / updated / duplicate … lists of notes).
    """
    options = col._backend.get_import_anki_package_presets()
    request = ImportAnkiPackageRequest(package_path=str(apkg), options=options)
    return col.import_anki_package(request).log


def notes_by_key(col: Collection) -> dict[str, Note]:
    """The collection's notes by their Key field (lemma|pos)."""
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {note["Key"]: note for note in notes}


def package_rows(apkg: Path) -> dict:
    """What a package holds, read straight from its zip: notes, cards, media index."""
    with zipfile.ZipFile(apkg) as archive, tempfile.TemporaryDirectory() as scratch:
        db_path = Path(scratch) / "collection.anki2"
        db_path.write_bytes(archive.read("collection.anki2"))
        media = archive.read("media").decode("utf-8")
        members = sorted(archive.namelist())
        connection = sqlite3.connect(db_path)
        try:
            notes = connection.execute(
                "SELECT guid, mid, mod, tags, flds FROM notes ORDER BY guid"
            ).fetchall()
            cards = connection.execute(
                "SELECT n.guid, c.ord, c.did, c.due FROM cards c JOIN notes n ON n.id = c.nid "
                "ORDER BY n.guid, c.ord"
            ).fetchall()
        finally:
            connection.close()
    return {"notes": notes, "cards": cards, "media": media, "members": members}
