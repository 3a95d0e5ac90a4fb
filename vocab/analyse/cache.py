"""Per-document analysis cache: an unchanged rebuild reads entries and never loads Kiwi.

An entry holds everything one document's bytes give (analysis.AnalysedDocument: its
paragraphs, terms, stated glosses and alignment).  It is found by

- the SHA-256 of the document's bytes, under
- a folder named after a *fingerprint* of everything else that decides the entry: the
  source code of the modules that produce it (every module of ours the reading stream
  and this one import, found from their imports: cache_entries.code_fingerprint), the
  versions of the libraries they call (kiwipiepy and its model, ftfy, PyYAML), Python's
  Unicode tables, this tool's version and ANALYSIS_VERSION.

Word lists are applied after analysis, so editing one never invalidates an entry;
changing a document, upgrading Kiwi or editing how we read or analyse does.

How to bump: editing or adding a module that analysis imports needs nothing (its
source is in the fingerprint).  Raise ANALYSIS_VERSION when an entry's meaning changes
through something the fingerprint cannot see: a data file read during analysis, or the
entry format below.

Entries are written whole or not at all, and a damaged one is a miss, never an error
(cache_entries.write_entry).
"""

from __future__ import annotations

import copyreg
import dataclasses
import functools
import operator
from importlib import metadata
from pathlib import Path
from typing import Optional

from vocab.cache_entries import code_fingerprint, read_entry, remove_tree, write_entry
from vocab.files import user_cache_dir

ANALYSIS_VERSION = "2"
# Where analysis starts (reading a file through Kiwi, analysing it) and how its entries
# are written: the fingerprint holds the source of every module these import.
ENTRY_POINTS = ("vocab.analyse.stream", "vocab.analyse.cache")
KEYED_PACKAGES = ("kiwipiepy", "kiwipiepy_model", "ftfy", "PyYAML")
# An entry: this line, the SHA-256 of the pickle, the pickle.
_MAGIC = b"vocab analysis\n"
_SUFFIX = ".pickle"


@functools.lru_cache(maxsize=1)
def analyser_fingerprint() -> str:
    """A short hash of everything but the document that decides an entry; found without
    importing kiwipiepy (reading the imports of twenty modules takes about 10 ms)."""
    parts = [f"analysis={ANALYSIS_VERSION}"]
    for package in KEYED_PACKAGES:
        try:
            parts.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}=none")
    return code_fingerprint(parts, ENTRY_POINTS)


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
            write_entry(self.entry_path(analysed.document.sha256), _MAGIC, analysed, self._swept,
                        _records_by_fields())

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

