"""The on-disk cache of what the engines said, and of the deck's MP3 of each answer.

Every file is named after engine, voice and text (`media_name`), so a rebuild finds what
an earlier build made and synthesises nothing twice, and Anki, which keys media by base
name alone, never mistakes one recording for another.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from vocab.deck.tts import TTSEngine, TTSError
from vocab.errors import BuildError
from vocab.files import atomic_path, remove_stale_temporaries, user_cache_dir

__all__ = ["FINISHED_FORMAT", "AudioCache", "finished_name", "media_name"]

FINISHED_FORMAT = "mp3 32k mono trimmed -20dBFS v1"  # what vocab.deck.encode makes


def media_name(engine: TTSEngine, text: str) -> str:
    """The file name of `text` spoken by `engine`: the same in every build, unique by content."""
    digest = hashlib.sha1(f"{engine.name}|{engine.voice}|{text}".encode("utf-8")).hexdigest()
    return f"vocab-{digest[:20]}.{engine.extension}"


def finished_name(raw_name: str) -> str:
    """The deck's MP3 of an engine's answer `raw_name` (vocab.deck.encode makes it).

    Named after the answer and the encoding, so an earlier build's answer is encoded
    once, and a change of encoding (FINISHED_FORMAT) makes new files, never stale ones.
    """
    digest = hashlib.sha1(f"{raw_name}|{FINISHED_FORMAT}".encode("utf-8")).hexdigest()
    return f"vocab-{digest[:20]}.mp3"


class AudioCache:
    """Finished audio files, one per (engine, voice, text); partial files never enter."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else user_cache_dir() / "audio"

    def path(self, engine: TTSEngine, text: str) -> Path:
        return self.root / media_name(engine, text)

    def info(self) -> dict:
        """Where the cache is, how many audio files and bytes (temporary files not counted)."""
        files = list(self.root.glob("vocab-*")) if self.root.exists() else []
        return {"path": str(self.root), "files": len(files), "bytes": sum(f.stat().st_size for f in files)}

    def remove_stale_temporaries(self) -> int:
        """Delete what killed runs left half-written (never used as audio: lookup only
        opens finished entries' names); returns how many files went."""
        return remove_stale_temporaries(self.root, prefix=".vocab-")

    def lookup(self, engine: TTSEngine, text: str) -> Path | None:
        """The cached audio, unless it is missing or is not audio (an error page an
        older version stored): then it is made again, and replaces the bad file."""
        path = self.path(engine, text)
        return path if engine.is_audio(path) else None

    def finished_path(self, raw: Path) -> Path:
        return self.root / finished_name(Path(raw).name)

    def store(self, dest: Path, data: bytes) -> Path:
        """Write `data` to the cache entry `dest` whole, or not at all."""
        try:
            with atomic_path(dest) as partial:
                with open(partial, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())  # on disk before it is named: a crash leaves no stub
        except OSError as error:
            raise BuildError(f"{self.root}: cannot write the audio cache ({error.strerror or error})") from error
        return dest

    def fill(self, engine: TTSEngine, text: str) -> Path:
        """Synthesise into a temporary file beside the entry and move it in when complete.

        Two builds filling the same entry at once both write whole files, and the second
        os.replace swaps one whole file for another.
        """
        dest = self.path(engine, text)
        try:
            with atomic_path(dest) as partial:
                engine.synthesize(text, partial)
                if not engine.is_audio(partial):  # only audio is ever cached
                    raise TTSError(engine.title, f"no audio for {text!r}", garbled=engine.remote)
                with open(partial, "rb+") as handle:
                    os.fsync(handle.fileno())  # on disk before it is named: a crash leaves no stub
        except OSError as error:
            raise BuildError(f"{self.root}: cannot write the audio cache ({error.strerror or error})") from error
        return dest
