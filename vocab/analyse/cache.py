"""Per-document analysis cache: an unchanged rebuild reads entries and never loads Kiwi.

An entry holds everything one document's bytes give (analysis.AnalysedDocument: its
paragraphs, terms, stated glosses and alignment).  It is found by

- the SHA-256 of the document's bytes, under
- a folder named after a *fingerprint* of everything else that decides the entry: the
  source code of the modules that produce it (KEYED_MODULES), the versions of the
  libraries they call (kiwipiepy and its model, ftfy, PyYAML), Python's Unicode
  tables, this tool's version and ANALYSIS_VERSION.

Word lists are applied after analysis, so editing one never invalidates an entry;
changing a document, upgrading Kiwi or editing how we read or analyse does.

How to bump: editing a keyed module needs nothing (its source is in the fingerprint).
Raise ANALYSIS_VERSION when an entry's meaning changes through something the
fingerprint cannot see: a data file read during analysis, a new module taking part
(better: add it to KEYED_MODULES), or the entry format below.

Entries are written to a temporary file and renamed into place, and carry a checksum
of their contents: an interrupted run, a crash or two runs at once leave whole
entries or none, and a damaged entry is a miss, never an error.
"""

from __future__ import annotations

import copyreg
import dataclasses
import functools
import hashlib
import io
import operator
import os
import pickle
import shutil
import sys
import unicodedata
from importlib import metadata
from pathlib import Path
from typing import Optional

from vocab import __version__
from vocab.files import remove_stale_temporaries, replace_with_bytes, user_cache_dir

ANALYSIS_VERSION = "2"
# The modules whose code decides what an entry holds (analysis.AnalysedDocument).
KEYED_MODULES = (
    "records", "read/decoding", "read/markup", "read/furniture", "read/sources",
    "korean/kiwi", "korean/terms", "korean/phrases", "korean/sentences", "analyse/glosses",
    "align/__init__", "align/anchors", "align/costs", "align/dp", "analyse/document",
    "analyse/stream", "analyse/cache",
)
KEYED_PACKAGES = ("kiwipiepy", "kiwipiepy_model", "ftfy", "PyYAML")
# An entry: this line, the SHA-256 of the pickle, the pickle.
_MAGIC = b"vocab analysis\n"
_DIGEST_SIZE = 32
_SUFFIX = ".pickle"


@functools.lru_cache(maxsize=1)
def analyser_fingerprint() -> str:
    """A short hash of everything but the document that decides an entry; found without
    importing kiwipiepy (reading a few source files takes about a millisecond)."""
    parts = [f"analysis={ANALYSIS_VERSION}"]
    for package in KEYED_PACKAGES:
        try:
            parts.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}=none")
    return code_fingerprint(parts, KEYED_MODULES)


def code_fingerprint(parts: list[str], modules: tuple[str, ...]) -> str:
    """A short hash of `parts`, this tool's and Python's versions and the source of
    `modules` (names in this package): the folder name that retires stale entries."""
    digest = hashlib.sha256()
    parts = [f"vocab={__version__}", f"python={sys.version_info[0]}.{sys.version_info[1]}",
             f"unicode={unicodedata.unidata_version}", *parts]
    digest.update(";".join(parts).encode())
    here = Path(__file__).resolve().parent.parent
    for module in modules:
        try:
            source = (here / f"{module}.py").read_bytes()
        except OSError:  # not installed as source files: versions must do
            source = b"?"
        digest.update(b"\0" + module.encode() + b"\0" + hashlib.sha256(source).digest())
    return digest.hexdigest()[:16]


def write_entry(entry: Path | str, magic: bytes, value: object,
                swept: Optional[set[str]] = None) -> None:
    """Pickle `value` to `entry` atomically, behind `magic` and a checksum.

    No fsync: the checksum already turns a torn write into a miss.  A full or read-only
    cache costs speed, never the run.  `swept` remembers the folders (as strings) already
    rid of a killed run's temporary files, so each is swept once per run, not once per entry.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _records_by_fields()
    pickler.dump(value)
    payload = buffer.getvalue()
    folder = os.path.dirname(entry)
    first_here = swept is None or folder not in swept  # this run's first entry in `folder`
    try:
        if first_here:
            os.makedirs(folder, exist_ok=True)  # not left for the write to find missing
        replace_with_bytes(entry, magic + hashlib.sha256(payload).digest() + payload)
        if first_here:
            if swept is not None:
                swept.add(folder)
            remove_stale_temporaries(folder)
    except OSError:
        pass


@functools.lru_cache(maxsize=1)
def _records_by_fields() -> dict:
    """Pickle's reducers for the records an analysis holds: each is written as its class
    and its fields in order, and read back through its constructor.  Pickle's generic way
    (a dict of attributes per object) takes a third longer to write, and no less to read."""
    from vocab import records as model
    from vocab.analyse import document as analysis

    table = dict(copyreg.dispatch_table)
    for record in (model.Sentence, model.Paragraph, model.Document, model.Gloss,
                   model.SentenceLink, model.ParagraphLink, model.Alignment,
                   analysis.AnalysedDocument):
        fields = dataclasses.fields(record)
        if len(fields) < 2 or not all(field.init for field in fields):
            continue  # not rebuilt by record(*fields): pickle's generic way
        values = operator.attrgetter(*(field.name for field in fields))
        table[record] = lambda value, record=record, values=values: (record, values(value))
    return table


def read_entry(entry: Path, magic: bytes) -> object:
    """What write_entry stored, or None when the entry is missing, torn, damaged or from
    code that no longer exists: a miss, never an error."""
    try:
        with open(entry, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    head = len(magic) + _DIGEST_SIZE
    if not data.startswith(magic) or len(data) <= head:
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(magic) : head]:
        return None
    try:
        return pickle.loads(payload)
    except Exception:
        return None


class AnalysisCache:
    """The cache folder; `hits` and `misses` count this object's lookups."""

    def __init__(self, root: Optional[Path] = None):
        self.root = Path(root) if root else user_cache_dir() / "analysis"
        self.hits = 0
        self.misses = 0
        self._swept: set[str] = set()  # see write_entry

    @property
    def folder(self) -> Path:
        """Where this version's entries live; other versions' folders are stale."""
        return self.root / analyser_fingerprint()

    def entry_path(self, content_sha256: str) -> Path:
        return self.folder / content_sha256[:2] / f"{content_sha256}{_SUFFIX}"

    def lookup(self, content_sha256: str):
        """The analysis stored for these bytes (the SHA-256 of a file's content), or None.

        It is the analysis of whichever file had these bytes when it was stored: its path
        and mtime are that file's (analyse.document.with_path names it for another).
        """
        cached = self._load(self.entry_path(content_sha256))
        if cached is None:
            self.misses += 1
            return None
        self.hits += 1
        return cached

    def store(self, analysed) -> None:
        """Keep an analysis under the hash of the bytes it was made from."""
        if analysed.document.sha256:
            write_entry(self.entry_path(analysed.document.sha256), _MAGIC, analysed, self._swept)

    @staticmethod
    def _load(entry: Path):
        return read_entry(entry, _MAGIC)

    def info(self) -> dict:
        """Where the cache is, how many entries (of this version) and bytes it holds."""
        entries = current = size = 0
        if self.root.exists():
            for path in self.root.rglob(f"*{_SUFFIX}"):
                try:
                    size += path.stat().st_size
                except OSError:
                    continue
                entries += 1
                current += path.parent.parent.name == self.folder.name
        return {"path": str(self.root), "entries": entries, "current": current,
                "stale": entries - current, "bytes": size}

    def clear(self) -> int:
        """Empty the cache; returns how many entries were removed."""
        count = self.info()["entries"]
        remove_tree(self.root)
        return count


def remove_tree(root: Path) -> None:
    """rm -r, safe while another run is writing: its entries simply appear again or not at all."""

    def ignore_vanished(function, path, error_info) -> None:
        if not isinstance(error_info[1], FileNotFoundError):
            raise error_info[1]

    if root.exists():
        shutil.rmtree(root, onerror=ignore_vanished)
