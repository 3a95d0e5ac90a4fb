"""Per-document analysis cache: an unchanged rebuild reads pickles and never loads Kiwi.

An entry is keyed by the document's bytes, the analyser's version and this tool's
analysis version, so editing a word list (applied after analysis) never invalidates it,
while changing a document, upgrading kiwipiepy or changing how we analyse does.
Entries are written atomically (temp file + rename): an interrupted run or two runs at
once leave whole entries or none.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from dataclasses import replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Optional

from . import __version__
from .files import atomic_write_bytes, user_cache_dir

# Bump when sources.py/korean.py change what they produce for the same bytes.
ANALYSIS_VERSION = "1"


@lru_cache(maxsize=1)
def analyser_fingerprint() -> str:
    """Versions that change analysis results, read without importing kiwipiepy."""
    parts = [f"vocab={__version__}", f"analysis={ANALYSIS_VERSION}"]
    for package in ("kiwipiepy", "kiwipiepy_model"):
        try:
            parts.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}=none")
    return ";".join(parts)


class AnalysisCache:
    def __init__(self, root: Optional[Path] = None):
        self.root = Path(root) if root else user_cache_dir() / "analysis"
        self.hits = 0
        self.misses = 0

    def key(self, data: bytes) -> str:
        digest = hashlib.sha256(analyser_fingerprint().encode() + b"\0" + data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle"

    def get_or_analyse(self, path: Path):
        """The document's analysis, from the cache or computed (and stored) now."""
        from .pipeline import analyse_document
        from .sources import read_document

        try:
            data = path.read_bytes()
            stat = path.stat()
        except OSError:
            return None  # let the reader report the problem in its own words
        entry = self._path(self.key(data))
        cached = self._load(entry)
        display = path.as_posix()
        if cached is not None:
            self.hits += 1
            document = replace(cached.document, path=display, mtime=stat.st_mtime)
            return replace(cached, document=document)
        self.misses += 1
        analysed = analyse_document(read_document(path))
        atomic_write_bytes(entry, pickle.dumps(analysed, protocol=pickle.HIGHEST_PROTOCOL))
        return analysed

    @staticmethod
    def _load(entry: Path):
        try:
            with open(entry, "rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception:  # a stale or damaged entry is a miss, never an error
            return None

    def info(self) -> dict:
        files = list(self.root.rglob("*.pickle")) if self.root.exists() else []
        return {
            "path": str(self.root),
            "entries": len(files),
            "bytes": sum(f.stat().st_size for f in files),
        }

    def clear(self) -> int:
        count = self.info()["entries"]
        if self.root.exists():
            shutil.rmtree(self.root)
        return count
