"""Where vocab keeps its files, and how it writes them without ever leaving half a file."""

from __future__ import annotations

import errno
import functools
import importlib.resources
import os
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from vocab.errors import FileRefused

# The package data (the shipped word lists): the one place it is found from.  It stays
# beside the code that reads it, in vocab/lists/: `vocab mine --json` names each list
# entry's source file, so moving the files would change that output.
DATA_PATH = importlib.resources.files("vocab").joinpath("lists")

# A temporary file this old was left by a run that was killed (SIGKILL, power cut): no
# build writes one file for an hour, so a younger one may belong to a run still going.
STALE_TEMPORARY_SECONDS = 3600
TEMPORARY_SUFFIX = ".tmp"


def user_cache_dir() -> Path:
    """The cache root: $VOCAB_CACHE_DIR if set (tests, CI), else the platform's cache folder."""
    override = os.environ.get("VOCAB_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_path

    return user_cache_path("vocab", appauthor=False)


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temporary_prefix(dest: Path) -> str:
    """How atomic_path names the temporary files of `dest`: hidden, beside it."""
    return f".{Path(dest).name}."


def remove_stale_temporaries(folder: Path | str, prefix: str = ".",
                             older_than: float = STALE_TEMPORARY_SECONDS) -> int:
    """Delete atomic_path's temporary files in `folder` that a killed run left behind.

    Only hidden `*.tmp` files starting with `prefix` and untouched for `older_than`
    seconds go: a younger one may be another run's write in progress.  Nothing else
    is read or removed, and a file that vanishes meanwhile is no error.  Returns how
    many were removed.
    """
    limit = time.time() - older_than
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and name.startswith(prefix) and name.endswith(TEMPORARY_SUFFIX)):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def remove_stale_folders(folder: Path | str, prefix: str,
                         older_than: float = STALE_TEMPORARY_SECONDS) -> int:
    """Delete the scratch folders named `prefix`… in `folder` that killed runs left (a
    temporary folder is removed by the run that made it, unless SIGKILL or a power cut
    stopped it).  Only this user's folders untouched for `older_than` seconds go: a
    younger one may be a build in progress.  Returns how many were removed."""
    import shutil

    limit = time.time() - older_than
    removed = 0
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix)]
    except OSError:
        return 0
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mtime < limit:
                shutil.rmtree(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


@contextmanager
def atomic_path(dest: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside `dest`; it replaces `dest` only if the block succeeds.

    Readers (and a second build running at once) see the old file or the new one, never
    a partial one: os.replace is atomic within one filesystem, which is why the temporary
    file lives in the destination's own folder.  A symbolic link is written through, as
    a shell's `>` would: its target is replaced, the link stays.
    """
    dest = Path(dest)
    if dest.is_symlink():
        dest = Path(os.path.realpath(dest))
    _make_folder(dest.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(dest), suffix=TEMPORARY_SUFFIX, dir=dest.parent)
    except OSError as error:  # named after the folder, not a temporary name nobody knows
        raise OSError(error.errno, error.strerror, str(dest.parent)) from None
    os.close(fd)
    tmp_path = Path(tmp)
    with _removed_on_failure(tmp_path, dest):
        os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
        yield tmp_path
        os.replace(tmp_path, dest)


def replace_with_bytes(dest: Path | str, data: bytes) -> None:
    """Write `data` beside `dest` and rename it into place: atomic_path's guarantee (the
    old file or the new one, never a partial one) at a fraction of its cost, for the many
    small entries of a cache.

    No fsync: a cache entry carries a checksum, so a write torn by a crash is a miss.  No
    mkstemp and chmod: a random name is unique enough beside one entry, and a plain
    write gives the permissions open() gives.  The folder is made only when missing.
    """
    folder, name = os.path.split(os.fspath(dest))
    tmp = Path(folder, f"{temporary_prefix(name)}{os.urandom(8).hex()}{TEMPORARY_SUFFIX}")
    with _removed_on_failure(tmp, dest):
        try:
            tmp.write_bytes(data)
        except FileNotFoundError:
            _make_folder(Path(folder))
            tmp.write_bytes(data)
        os.replace(tmp, dest)


@contextmanager
def _removed_on_failure(tmp: Path, dest: Path | str) -> Iterator[None]:
    """The temporary file goes if the block fails; an error writing it names `dest`, the
    file the user knows, not a temporary name."""
    try:
        yield
    except OSError as error:
        tmp.unlink(missing_ok=True)
        if error.filename in (None, str(tmp)):
            raise OSError(error.errno, error.strerror, str(dest)) from error
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _make_folder(folder: Path) -> None:
    """mkdir -p, saying which file is in the way when a part of the path is one."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise NotADirectoryError(errno.ENOTDIR, f"{blocker} is a file, not a folder", str(blocker)) from None


def read_bounded(path: Path | str, limit: int, what: str = "file") -> tuple[bytes, float]:
    """A regular file's bytes and mtime, reading at most `limit` + 1 bytes.

    The checks every input file gets: a named pipe or a device is refused before it
    is read (opening a FIFO would wait for a writer forever, /dev/zero never ends), and
    a file longer than `limit` is refused however its size changed since it was listed
    (a file still growing, a /proc file reporting size 0).  FileRefused (the reason in
    a few words) otherwise.
    """
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise FileRefused(str(path), "broken symbolic link" if path.is_symlink() else "no such file") from None
    except IsADirectoryError:
        raise FileRefused(str(path), "is a folder, not a file") from None
    except PermissionError:
        raise FileRefused(str(path), "permission denied") from None
    except OSError as error:
        raise FileRefused(str(path), f"cannot read: {error.strerror or error}") from None
    info = os.fstat(fd)
    refused = ("is a folder, not a file" if stat.S_ISDIR(info.st_mode)
               else "not a regular file" if not stat.S_ISREG(info.st_mode)
               else _too_large(info.st_size, limit, what) if info.st_size > limit else None)
    if refused:
        os.close(fd)
        raise FileRefused(str(path), refused)
    with os.fdopen(fd, "rb", buffering=0) as handle:
        try:
            data = _read_at_most(handle, limit + 1)
        except OSError as error:
            raise FileRefused(str(path), f"cannot read: {error.strerror or error}") from None
    if len(data) > limit:
        raise FileRefused(str(path), _too_large(None, limit, what))
    return data, info.st_mtime


def _read_at_most(handle, count: int) -> bytes:
    chunks, left = [], count
    while left > 0:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(size: int | None, limit: int, what: str) -> str:
    if size is None:  # found while reading: the file grew, or its size was not told
        return f"more than {limit:,} bytes is too large for {what}"
    return f"{size:,} bytes is too large for {what} (limit {limit:,})"


def atomic_write_bytes(dest: Path | str, data: bytes) -> None:
    with atomic_path(dest) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def atomic_write_text(dest: Path | str, text: str) -> None:
    atomic_write_bytes(dest, text.encode("utf-8"))
