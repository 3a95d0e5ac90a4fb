"""Words the learner's Anki collection already holds, to leave out of a build.

Read through AnkiConnect when Anki is running (any Anki search: `deck:Korean*`,
`tag:korean is:review`), or straight from a collection file when Anki is closed: that
file is opened read-only and immutable with sqlite3, so neither the `anki` package nor
a write to the collection is needed, and a search there may use only `deck:`, `note:`
and `tag:` terms (with `*` wildcards), which every term must match.

The word is taken from the field the learner names, by default the note's `Korean`
field when it has one, else its first field, with HTML, sound tags and entities
stripped; a field listing several words ("정부, 국가") gives each of them.
"""

from __future__ import annotations

import html
import re
import shlex
import sqlite3
import unicodedata
from pathlib import Path
from typing import Iterable, Optional

from vocab.deck.ankiconnect import AnkiConnect
from vocab.errors import AnkiError
from vocab.text import HANGUL_SYLLABLES

DEFAULT_FIELD = "Korean"
_TAG = re.compile(r"<[^>]*>|\[sound:[^\]]*\]")
_SEPARATORS = re.compile(r"[,;/、·\n]")
_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}]")
_FILE_TERMS = ("deck", "note", "tag")


def words_in(value: str) -> list[str]:
    """The Korean words a field holds, markup stripped.

    >>> words_in('<b>정부</b>, 국가 [sound:vocab-1.mp3]')
    ['정부', '국가']
    """
    text = unicodedata.normalize("NFC", html.unescape(_TAG.sub(" ", value)))
    words = (" ".join(part.split()) for part in _SEPARATORS.split(text))
    return [word for word in words if _HANGUL.search(word)]


def pick_field(fields: dict[str, str], wanted: Optional[str]) -> str:
    """The value of the field that holds the word (`fields` in the note type's order)."""
    if wanted:
        return fields.get(wanted, "")
    if DEFAULT_FIELD in fields:
        return fields[DEFAULT_FIELD]
    return next(iter(fields.values()), "")


def known_from_anki(search: str, *, anki: Optional[AnkiConnect] = None,
                    collection: Optional[Path] = None, field: Optional[str] = None) -> list[str]:
    """The words of the notes `search` finds, sorted, each once."""
    if collection is not None:
        notes = _notes_in_file(Path(collection), search)
    else:
        anki = anki if anki is not None else AnkiConnect()
        ids = anki.invoke("findNotes", query=search)
        notes = []
        for start in range(0, len(ids), 500):
            for info in anki.invoke("notesInfo", notes=ids[start:start + 500]):
                ordered = sorted(info.get("fields", {}).items(), key=lambda item: item[1]["order"])
                notes.append({name: value["value"] for name, value in ordered})
    return sorted({word for fields in notes for word in words_in(pick_field(fields, field))})


def _notes_in_file(path: Path, search: str) -> Iterable[dict[str, str]]:
    """Notes of a collection file matching a search of deck:/note:/tag: terms."""
    terms = _file_terms(search)
    if not path.is_file():
        raise AnkiError(f"{path}: no such collection file")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise AnkiError(f"{path}: cannot open the collection ({error})") from None
    try:
        decks = {did: name.replace("\x1f", "::") for did, name in db.execute("SELECT id, name FROM decks")}
        note_types = dict(db.execute("SELECT id, name FROM notetypes"))
        fields: dict[int, list[str]] = {}
        for ntid, _, name in db.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
            fields.setdefault(ntid, []).append(name)
        note_decks: dict[int, set[str]] = {}
        for nid, did in db.execute("SELECT nid, did FROM cards"):
            note_decks.setdefault(nid, set()).add(decks.get(did, ""))
        found = []
        for nid, mid, tags, flds in db.execute("SELECT id, mid, tags, flds FROM notes"):
            facts = {"deck": note_decks.get(nid, set()), "note": {note_types.get(mid, "")},
                     "tag": set(tags.split())}
            if all(any(_matches(value, pattern, kind) for value in facts[kind]) for kind, pattern in terms):
                found.append(dict(zip(fields.get(mid, []), flds.split("\x1f"))))
        return found
    except sqlite3.Error as error:
        raise AnkiError(f"{path}: not an Anki collection this version of vocab can read ({error})") from None
    finally:
        db.close()


def _file_terms(search: str) -> list[tuple[str, str]]:
    terms = []
    for term in shlex.split(search):
        kind, _, pattern = term.partition(":")
        if kind.lower() not in _FILE_TERMS or not pattern:
            raise AnkiError(f"cannot search {term!r} in a collection file (only deck:, note: and tag: "
                            "terms); run Anki with AnkiConnect to use any search")
        terms.append((kind.lower(), pattern))
    return terms


def _matches(value: str, pattern: str, kind: str) -> bool:
    """Anki's rules: case-insensitive, `*` any run; a deck matches its sub-decks too, a tag its children."""
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    if kind in ("deck", "tag"):
        regex += "(::.*)?"
    return re.fullmatch(regex, value, flags=re.IGNORECASE) is not None
