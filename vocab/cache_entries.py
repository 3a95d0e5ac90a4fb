"""What the caches share: entries on disk, and the fingerprint of the code that made them.

An entry is a pickle behind a magic line and the SHA-256 of the pickle, written to a
temporary file and renamed into place: an interrupted run, a crash or two runs at once
leave whole entries or none, and a damaged entry is a miss, never an error.

A cache keeps its entries in a folder named after a *code fingerprint*: a hash of the
source of every module of ours that its entry points import, directly or through others
(found by reading the imports with `ast`, inside functions too), with the versions of
this tool, Python and its Unicode tables.  Editing any of those modules, or moving code
into a new one that they import, retires the old entries; nobody keeps a list of files.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import io
import json
import os
import pickle
import re
import shutil
import sys
import unicodedata
from pathlib import Path
from typing import Optional

from vocab import __version__
from vocab.files import remove_stale_temporaries, replace_with_bytes

PACKAGE_DIR = Path(__file__).resolve().parent
_DIGEST_SIZE = 32
# An import statement, on its own or inside a function.  Only these are given to ast:
# parsing whole modules took ten times as long (0.1 s of CPU for analysis's twenty
# modules, a fifth of an unchanged rebuild).  One it cannot parse alone (a comment with
# a bracket inside brackets) sends the whole module to ast.
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import[ \t]+(?:\([^)]*\)|[^\n]*)|import[ \t][^\n]*)",
                     re.MULTILINE)


def write_entry(entry: Path | str, magic: bytes, value: object,
                swept: Optional[set[str]] = None, reducers: Optional[dict] = None) -> None:
    """Pickle `value` to `entry` atomically, behind `magic` and a checksum.

    No fsync: the checksum already turns a torn write into a miss.  A full or read-only
    cache costs speed, never the run.  `swept` remembers the folders (as strings) already
    rid of a killed run's temporary files, so each is swept once per run, not once per entry.
    `reducers`: a pickle dispatch table (copyreg's form) for the values' classes.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    if reducers is not None:
        pickler.dispatch_table = reducers
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


def read_entry(entry: Path | str, magic: bytes) -> object:
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


def remove_tree(root: Path) -> None:
    """rm -r, safe while another run is writing: its entries simply appear again or not at all."""

    def ignore_vanished(function, path, error_info) -> None:
        if not isinstance(error_info[1], FileNotFoundError):
            raise error_info[1]

    if root.exists():
        shutil.rmtree(root, onerror=ignore_vanished)


def code_fingerprint(parts: list[str], entry_points: tuple[str, ...]) -> str:
    """A short hash of `parts`, this tool's and Python's versions and the source of every
    module `entry_points` import (imported_modules): the folder name that retires stale
    entries."""
    digest = hashlib.sha256()
    parts = [f"vocab={__version__}", f"python={sys.version_info[0]}.{sys.version_info[1]}",
             f"unicode={unicodedata.unidata_version}", *parts]
    digest.update(";".join(parts).encode())
    for module in imported_modules(entry_points):
        source = _source(module)
        digest.update(b"\0" + module.encode() + b"\0" + hashlib.sha256(source or b"?").digest())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=None)
def imported_modules(entry_points: tuple[str, ...]) -> tuple[str, ...]:
    """The modules of this package that `entry_points` (dotted names) need when they
    run: themselves, what they import, what those import, and so on, with the packages
    those are in (whose __init__ runs first).  Sorted.

    `vocab` itself is left out: it is the public API, importing every stage for the
    caller, not something a stage needs (the version is in the fingerprint apart).
    Without source files (an installed wheel of bytecode only) each module counts as
    unreadable, and the versions must do.
    """
    found: set[str] = set()
    waiting = list(entry_points)
    memo = _ImportsMemo()
    while waiting:
        module = waiting.pop()
        if module in found or module == "vocab" or _path(module) is None:
            continue
        found.add(module)
        waiting.extend(memo.imports(module))
        waiting.append(module.rpartition(".")[0])  # its package's __init__
    memo.save()
    return tuple(sorted(found))


class _ImportsMemo:
    """_imports of each module, kept in the cache root by the module's size and time of
    change: reading the imports with ast took 0.1-0.15 s of every unchanged run, and a
    module that is edited is read again.  A memo that cannot be read or written is none."""

    def __init__(self) -> None:
        from vocab.files import user_cache_dir

        self.path = user_cache_dir() / "imports.json"
        try:
            self.known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        if not isinstance(self.known, dict) or self.known.get("version") != __version__:
            self.known = {"version": __version__}
        self.changed = False

    def imports(self, module: str) -> set[str]:
        path = _path(module)
        try:
            status = path.stat()
            stamp = [status.st_mtime_ns, status.st_size]
        except (OSError, AttributeError):
            return _imports(module)
        known = self.known.get(str(path))
        if isinstance(known, list) and len(known) == 3 and known[:2] == stamp:
            return set(known[2])
        found = _imports(module)
        self.known[str(path)] = [*stamp, sorted(found)]
        self.changed = True
        return found

    def save(self) -> None:
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_with_bytes(self.path, json.dumps(self.known, sort_keys=True).encode("utf-8"))
        except OSError:
            pass


def _path(module: str) -> Optional[Path]:
    """The source file of a module of this package, or None when there is none."""
    parts = module.split(".")
    if parts[0] != "vocab":
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _source(module: str) -> Optional[bytes]:
    path = _path(module)
    try:
        return path.read_bytes() if path else None
    except OSError:
        return None


def _imports(module: str) -> set[str]:
    """The modules of this package that `module` imports, anywhere in its body."""
    source = _source(module)
    if source is None:
        return set()
    path = _path(module)
    package = module if path is not None and path.name == "__init__.py" else module.rpartition(".")[0]
    text = source.decode("utf-8")
    try:
        statements = [ast.parse(match.group(0).strip()) for match in _IMPORT.finditer(text)]
    except SyntaxError:
        statements = [ast.parse(text)]
    found: set[str] = set()
    for node in (node for tree in statements for node in ast.walk(tree)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:  # `from vocab.korean import kiwi` imports a module
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _path(candidate) else base)
    return {name for name in found if name.startswith("vocab")}
