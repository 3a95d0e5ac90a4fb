"""When each note's content last changed: the modification times a package gives its notes.

Anki's import updates a note only when the incoming one is newer (its `mod`, in seconds),
so a note's time must change exactly when its content does, whatever the cause (a gloss,
an option such as --listening or --no-audio, another speech engine, a template that
fills a field differently), and never otherwise.  The inputs' mtimes cannot tell that: an
option changes no input.  So a small record beside the audio cache keeps, for each note
(by GUID) and for the note type, the hash of what was last built and the time it was
first built with that content.  The same inputs and options give the same hashes, the
same times and so the same bytes; a changed hash gets a new, strictly later time.

This matters for more than fresh glosses.  Anki's import brings a package's cards even to
the notes it does not update: a --listening build whose notes were not newer gave every
old note a Listening card whose field said no, a blank front.  With the Listening field
changed, the notes are newer, and their cards arrive with the content they show.

It is a cache: losing it only makes the next build stamp every note with the current
time, which re-imports identical content once (harmless, if slower).  A build reads,
stamps and writes it under a lock, all at once, so two builds running together agree on
every time and write the same package.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Optional

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; two builds at once may stamp apart
    fcntl = None  # type: ignore[assignment]

from vocab.files import atomic_write_text, user_cache_dir

HISTORY_FILE = "note-history.json"  # beside the audio/ folder in the cache root
_FORMAT = 1


def content_hash(parts: Iterable[str]) -> str:
    """A short, stable digest of a note's content (its fields, tags and the like).

    >>> content_hash(["정부", "government"]) == content_hash(["정부", "government"])
    True
    >>> content_hash(["정부", "government"]) == content_hash(["정부government"])
    False
    """
    # Joined by the unit separator, which Anki forbids inside a field: no ambiguity.
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


class NoteHistory:
    """Each note's last content hash and the time it was first built with it."""

    def __init__(self, path: Optional[Path] = None, *, now: Optional[float] = None):
        self.path = Path(path) if path is not None else user_cache_dir() / HISTORY_FILE
        self.now = int(time.time() if now is None else now)  # one time for a whole build
        self._records: dict[str, list] = {}  # read by stamp_all, under the lock
        self._changed = False

    def _load(self) -> dict[str, list]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # none yet, unreadable or damaged: a cache, so start afresh
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            return {}
        records = data.get("notes")
        return records if isinstance(records, dict) else {}

    def _stamp(self, key: str, digest: str) -> int:
        """The modification time of `key` with content `digest` (seconds since the epoch).

        Unchanged content keeps its time; new content gets this build's time, and always
        a later one than the content it replaces had, even if the clock went back.
        """
        record = self._records.get(key)
        valid = isinstance(record, list) and len(record) == 2 and isinstance(record[1], int)
        digest_then, when_then = record if valid else (None, 0)
        if digest_then == digest:
            return when_then
        when = max(self.now, when_then + 1)
        self._records[key] = [digest, when]
        self._changed = True
        return when

    def stamp_all(self, digests: Mapping[str, str]) -> dict[str, int]:
        """Each key's modification time for its digest (the file read and written under a lock)."""
        with self._locked():
            self._records = self._load()
            stamps = {key: self._stamp(key, digest) for key, digest in digests.items()}
            try:
                self._save()
            except OSError:
                pass  # a cache: the build goes on; the next one stamps anew
        return stamps

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = open(self.path.with_name(self.path.name + ".lock"), "a")
        except OSError:  # a cache folder we may not write: no lock, and no record kept
            yield
            return
        with lock:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            yield

    def _save(self) -> None:
        """Write the record if this build changed it (an unchanged rebuild writes nothing)."""
        if not self._changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"format": _FORMAT, "notes": dict(sorted(self._records.items()))}
        atomic_write_text(self.path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._changed = False
