"""Where vocab keeps its files, and how it writes them without ever leaving half a file."""

from __future__ import annotations

import functools
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


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


@contextmanager
def atomic_path(dest: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside `dest`; it replaces `dest` only if the block succeeds.

    Readers (and a second build running at once) see the old file or the new one, never
    a partial one: os.replace is atomic within one filesystem, which is why the temporary
    file lives in the destination's own folder.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
    try:
        yield tmp_path
        os.replace(tmp_path, dest)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def atomic_write_bytes(dest: Path | str, data: bytes) -> None:
    with atomic_path(dest) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def atomic_write_text(dest: Path | str, text: str) -> None:
    atomic_write_bytes(dest, text.encode("utf-8"))
