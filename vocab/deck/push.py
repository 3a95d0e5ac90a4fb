"""`vocab push`: a built package's notes sent to a running Anki through AnkiConnect.

The package is the one source of truth: push reads the note type, decks, notes and
sounds from the .apkg a build wrote, so pushing and importing give the same notes.
Then, through AnkiConnect, it creates the note type and decks when missing, stores the
sounds Anki lacks, adds new notes and updates changed ones in place (by their Key field,
lemma|pos): cards, and with them review history, are never touched.

Field by field, a push keeps what the learner wrote.  A record beside the caches holds,
for each note, the fields and tags pushed last; a field whose value in Anki differs from
both that and the new value was edited in Anki, and stays as the learner left it.  Tags
the learner added stay too; tags vocab pushed and no longer gives are removed.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from vocab.deck.ankiconnect import AnkiConnect
from vocab.errors import AnkiError
from vocab.files import atomic_write_text, user_cache_dir

PUSHED_FILE = "pushed-to-anki.json"
FIELD_SEPARATOR = "\x1f"  # between a note's fields in Anki's database


@dataclass(frozen=True)
class PackageNote:
    key: str  # the Key field: what a note is found by in Anki
    deck: str
    fields: dict[str, str]  # in the note type's order
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Package:
    """What a .apkg written by vocab holds (one note type)."""

    note_type: str
    fields: tuple[str, ...]
    templates: tuple[dict, ...]  # {"name", "qfmt", "afmt"}
    css: str
    notes: tuple[PackageNote, ...]
    media: dict[str, str]  # file name in Anki -> zip member


@dataclass
class PushSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    edits_kept: int = 0  # fields left as the learner wrote them in Anki
    media_stored: int = 0
    created: list[str] = field(default_factory=list)  # note type and decks made now


def read_package(apkg: Path) -> Package:
    """The note type, notes (with deck and tags) and sounds of a package vocab wrote."""
    try:
        return _read_package(apkg)
    except (zipfile.BadZipFile, KeyError, ValueError, sqlite3.Error) as error:
        raise AnkiError(f"{apkg}: not a package vocab wrote ({error})") from None


def _read_package(apkg: Path) -> Package:
    with zipfile.ZipFile(apkg) as archive, tempfile.TemporaryDirectory(prefix="vocab-push-") as scratch:
        db_path = Path(scratch) / "collection.anki2"
        db_path.write_bytes(archive.read("collection.anki2"))
        media = {name: member for member, name in json.loads(archive.read("media")).items()}
        connection = sqlite3.connect(db_path)
        try:
            models_json, decks_json = connection.execute("SELECT models, decks FROM col").fetchone()
            rows = connection.execute(
                "SELECT n.mid, n.flds, n.tags, min(c.did) FROM notes n JOIN cards c ON c.nid = n.id "
                "GROUP BY n.id ORDER BY n.id").fetchall()
        finally:
            connection.close()
    models, decks = json.loads(models_json), json.loads(decks_json)
    if len(models) != 1:
        raise AnkiError(f"{apkg}: not a package vocab wrote (it has {len(models)} note types)")
    (model,) = models.values()
    names = tuple(f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"]))
    notes = []
    for _, flds, tags, did in rows:
        fields = dict(zip(names, flds.split(FIELD_SEPARATOR)))
        notes.append(PackageNote(fields.get("Key", ""), decks[str(did)]["name"], fields, tuple(tags.split())))
    templates = tuple({k: t[k] for k in ("name", "qfmt", "afmt")}
                      for t in sorted(model["tmpls"], key=lambda t: t["ord"]))
    return Package(model["name"], names, templates, model.get("css", ""), tuple(notes), media)


class PushRecord:
    """What was pushed last, per note Key: the learner's edits are told from it."""

    def __init__(self, path: Optional[Path] = None):
        self.path = Path(path) if path is not None else user_cache_dir() / PUSHED_FILE
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.notes: dict[str, dict] = data["notes"] if isinstance(data.get("notes"), dict) else {}
        except (OSError, ValueError, AttributeError, KeyError):
            self.notes = {}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"format": 1, "notes": dict(sorted(self.notes.items()))}
        atomic_write_text(self.path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n")


def push_package(apkg: Path, anki: AnkiConnect, record: Optional[PushRecord] = None) -> PushSummary:
    """Send the package's notes to Anki; see the module docstring for what changes."""
    package = read_package(Path(apkg))
    record = record if record is not None else PushRecord()
    summary = PushSummary()
    _ensure_note_type(anki, package, summary)
    known_decks = set(anki.invoke("deckNames"))
    for deck in sorted({note.deck for note in package.notes} - known_decks):
        anki.invoke("createDeck", deck=deck)
        summary.created.append(f"deck {deck}")
    summary.media_stored = _store_media(anki, Path(apkg), package)
    existing = _notes_in_anki(anki, package.note_type)
    try:
        for note in package.notes:
            found = existing.get(note.key)
            if found is None:
                anki.invoke("addNote", note={
                    "deckName": note.deck, "modelName": package.note_type, "fields": note.fields,
                    "tags": list(note.tags), "options": {"allowDuplicate": True}})
                summary.added += 1
            elif _update(anki, found, note, record.notes.get(note.key), summary):
                summary.updated += 1
            else:
                summary.unchanged += 1
            record.notes[note.key] = {"fields": note.fields, "tags": list(note.tags)}
    finally:
        record.save()  # what reached Anki before a failure is remembered too
    return summary


def _ensure_note_type(anki: AnkiConnect, package: Package, summary: PushSummary) -> None:
    if package.note_type not in anki.invoke("modelNames"):
        anki.invoke("createModel", modelName=package.note_type, inOrderFields=list(package.fields),
                    css=package.css, cardTemplates=[
                        {"Name": t["name"], "Front": t["qfmt"], "Back": t["afmt"]} for t in package.templates])
        summary.created.append(f"note type {package.note_type}")
        return
    fields = tuple(anki.invoke("modelFieldNames", modelName=package.note_type))
    if fields != package.fields:
        raise AnkiError(
            f'Anki has a note type named "{package.note_type}" with other fields ({", ".join(fields)}); '
            "rename it in Anki (Tools > Manage Note Types) and push again")
    # Templates and styling follow the package, as an import of a newer note type does.
    wanted = {t["name"]: {"Front": t["qfmt"], "Back": t["afmt"]} for t in package.templates}
    present = anki.invoke("modelTemplates", modelName=package.note_type)
    for name in wanted.keys() - present.keys():
        anki.invoke("modelTemplateAdd", modelName=package.note_type, template={"Name": name, **wanted[name]})
    changed = {name: card for name, card in wanted.items() if name in present and present[name] != card}
    if changed:
        anki.invoke("updateModelTemplates", model={"name": package.note_type, "templates": changed})
    if anki.invoke("modelStyling", modelName=package.note_type).get("css") != package.css:
        anki.invoke("updateModelStyling", model={"name": package.note_type, "css": package.css})
    if changed or wanted.keys() - present.keys():
        summary.created.append(f"card templates of {package.note_type} (updated)")


def _store_media(anki: AnkiConnect, apkg: Path, package: Package) -> int:
    """Store the sounds Anki lacks; a name is made from its content, so a present one is right."""
    present = set(anki.invoke("getMediaFilesNames", pattern="vocab-*"))
    missing = sorted(set(package.media) - present)
    with zipfile.ZipFile(apkg) as archive:
        for name in missing:
            data = base64.b64encode(archive.read(package.media[name])).decode("ascii")
            anki.invoke("storeMediaFile", filename=name, data=data)
    return len(missing)


def _notes_in_anki(anki: AnkiConnect, note_type: str) -> dict[str, dict]:
    """Anki's notes of our note type, by Key (notesInfo's shape: fields name -> value, order)."""
    ids = anki.invoke("findNotes", query=f'"note:{note_type}"')
    found: dict[str, dict] = {}
    for start in range(0, len(ids), 500):
        for info in anki.invoke("notesInfo", notes=ids[start:start + 500]):
            key = info.get("fields", {}).get("Key", {}).get("value") if info else None
            if key:
                found.setdefault(key, info)
    return found


def _update(anki: AnkiConnect, found: dict, note: PackageNote, last: Optional[dict],
            summary: PushSummary) -> bool:
    """Merge `note` into Anki's `found`, field by field; True when something changed."""
    pushed = (last or {}).get("fields", {})
    changes: dict[str, str] = {}
    for name, value in note.fields.items():
        current = found["fields"].get(name, {}).get("value", "")
        if current == value:
            continue
        if name in pushed and current != pushed[name]:
            summary.edits_kept += 1  # edited in Anki since the last push: the learner's now
            continue
        changes[name] = value
    current_tags = set(found.get("tags", []))
    dropped = set((last or {}).get("tags", [])) - set(note.tags)
    tags = sorted((current_tags - dropped) | set(note.tags))
    update: dict = {"id": found["noteId"]}
    if changes:
        update["fields"] = changes
    if set(tags) != current_tags:
        update["tags"] = tags
    if len(update) == 1:
        return False
    anki.invoke("updateNote", note=update)
    return True
