"""Parsed word lists kept between runs, so that a run does not parse the same YAML again.

Composing the shipped list (about 900 entries) takes about 0.1 s of every run, a fifth
of mining a megabyte from the analysis cache; its pickle loads in 3 ms.

- An entry is found by the list's path (so a list has at most one entry, replaced when
  the list changes) and holds the SHA-256 of the bytes it was parsed from: other bytes
  are a miss.
- Entries live in a folder named after a fingerprint of the parser (the source of
  schema.py, this module and every module of ours they import, PyYAML, Python and its
  Unicode tables): a changed parser never reads an old entry.
- Only a list without problems is kept: every error and warning comes from the parser
  itself, with its file and line.
- Like the analysis cache (vocab.analyse.cache), an entry is a pickle in the user's own cache
  folder, carries a checksum and is written atomically: a damaged or unreadable entry
  is a miss, never an error, and a failed write costs speed, never the run.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Optional

from vocab.cache_entries import code_fingerprint, read_entry, remove_tree, write_entry
from vocab.files import user_cache_dir
from vocab.lists.schema import ParsedList

# Where parsing a list starts and how its entries are written: the fingerprint holds the
# source of every module these import.
ENTRY_POINTS = ("vocab.lists.schema", "vocab.lists.cache")
_MAGIC = b"vocab list\n"


@functools.lru_cache(maxsize=1)
def parser_fingerprint() -> str:
    import yaml

    return code_fingerprint([f"pyyaml={yaml.__version__}",
                             f"libyaml={getattr(yaml, '__with_libyaml__', False)}"], ENTRY_POINTS)


class ListCache:
    def __init__(self, root: Optional[Path] = None):
        self.root = Path(root) if root else user_cache_dir() / "lists"

    def entry_path(self, list_path: str) -> Path:
        name = hashlib.sha256(list_path.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.root / parser_fingerprint() / f"{name}.pickle"

    def lookup(self, list_path: str, data: bytes) -> Optional[ParsedList]:
        """The list parsed from exactly these bytes at this path, or None."""
        stored = read_entry(self.entry_path(list_path), _MAGIC)
        if not isinstance(stored, tuple) or len(stored) != 2:
            return None
        content_sha256, parsed = stored
        if content_sha256 != hashlib.sha256(data).digest() or not isinstance(parsed, ParsedList):
            return None
        return parsed

    def store(self, parsed: ParsedList, data: bytes) -> None:
        if not parsed.problems:
            write_entry(self.entry_path(parsed.path), _MAGIC, (hashlib.sha256(data).digest(), parsed))

    def entries(self) -> int:
        return sum(1 for _ in self.root.rglob("*.pickle")) if self.root.exists() else 0

    def clear(self) -> int:
        """Empty the cache; returns how many entries were removed."""
        count = self.entries()
        remove_tree(self.root)
        return count
