"""Offline speech and MP3 encoding on every core.

espeak-ng's library is driven in-process (vocab.deck.espeak), one worker process per
core, since the library is not thread-safe: a worker speaks a text, then stores both
the engine's answer (a WAV, the cache entry a rebuild looks up) and the deck's MP3 of
it.  Answers made elsewhere (gTTS's MP3s, the espeak-ng command line's WAVs, and the
cache of builds from before MP3) are encoded into the deck's MP3 by the same kind of
pool, once: the MP3 is cached beside its answer.

A handful of texts is done in this process: starting workers costs more than it saves.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import threading
import wave
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Optional, Sequence

from vocab.deck.audio_cache import AudioCache, finished_name, media_name
from vocab.deck.tts import EspeakEngine, TTSError
from vocab.errors import BuildError
from vocab.files import TEMPORARY_SUFFIX, temporary_prefix

POOL_MIN = 24  # texts; below this, one process does the work
SETTLERS = 4  # threads waiting on fsync while the workers speak on
_voices: dict[str, object] = {}  # this process's libespeak-ng voice (one per process)
_voice_lock = threading.Lock()  # the library has one global state: one text at a time


def workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _pool(count: int) -> ProcessPoolExecutor:
    # spawn, not fork: the parent may hold Kiwi's threads and locks mid-operation
    return ProcessPoolExecutor(max_workers=min(workers(), count),
                               mp_context=multiprocessing.get_context("spawn"))


def in_process_ready(engine: EspeakEngine) -> bool:
    """Whether libespeak-ng loads and speaks the engine's voice in this process.

    VOCAB_ESPEAK_LIBRARY=0 keeps to the espeak-ng command (a wrapper script on PATH, say).
    """
    from vocab.deck.espeak import EspeakLibraryError

    if os.environ.get("VOCAB_ESPEAK_LIBRARY", "1") == "0":
        return False
    try:
        _voice(engine.voice)
    except EspeakLibraryError:
        return False
    return True


def _voice(name: str):
    from vocab.deck.espeak import Voice

    if name not in _voices:
        _voices[name] = Voice(name)
    return _voices[name]


def wav_bytes(pcm: bytes, rate: int) -> bytes:
    """16-bit mono PCM as a WAV file, as the espeak-ng command line writes it."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)
    return buffer.getvalue()


def speak_one(root: str, voice: str, text: str, finish: bool = True) -> tuple[list[tuple[str, str]], Optional[str]]:
    """Speak `text` with libespeak-ng; write the WAV and (`finish`) its MP3 beside their
    cache entries, not yet durable nor named: ([(temporary, entry) …], error).

    The caller makes them durable and names them (`settle`): fsync waits on the disk, so
    the workers speak on while threads of the caller wait.
    """
    from vocab.deck import encode
    from vocab.deck.espeak import EspeakLibraryError

    cache = AudioCache(Path(root))
    try:
        with _voice_lock:
            pcm, rate = _voice(voice).speak(text)
        if not pcm:
            return [], f"no speech for {text!r}"
        mp3 = encode.finish_pcm(pcm, rate) if finish else None
    except (EspeakLibraryError, encode.AudioFormatError) as error:
        return [], f"{error} for {text!r}"
    raw = cache.path(EspeakEngine(voice), text)
    entries = [(cache.finished_path(raw), mp3)] if mp3 is not None else []
    entries.append((raw, wav_bytes(pcm, rate)))  # the WAV last: its name says "all done"
    written: list[tuple[str, str]] = []
    try:
        for dest, data in entries:
            tmp = dest.with_name(f"{temporary_prefix(dest.name)}{os.urandom(8).hex()}{TEMPORARY_SUFFIX}")
            written.append((str(tmp), str(dest)))
            tmp.write_bytes(data)
    except BaseException as error:
        for tmp, _ in written:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise BuildError(f"{root}: cannot write the audio cache ({error.strerror or error})") from None
        raise
    return written, None


def settle(written: Sequence[tuple[str, str]]) -> None:
    """Make each temporary durable, then give it its entry's name, in order."""
    try:
        for tmp, dest in written:
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, dest)
    except OSError as error:
        for tmp, _ in written:
            Path(tmp).unlink(missing_ok=True)
        raise BuildError(f"{Path(written[0][1]).parent}: cannot write the audio cache "
                         f"({error.strerror or error})") from None


def speak_offline(cache: AudioCache, engine: EspeakEngine, texts: Sequence[str],
                  done: Callable[[str, Optional[Path], Optional[TTSError]], None],
                  finish: bool = True) -> None:
    """Speak every text with libespeak-ng on every core; `done` hears of each as it ends.

    With `finish`, each worker encodes the deck's MP3 from the samples it holds (no
    decoding later); without, only the answers are cached (the bench times speech alone).
    """
    root = str(cache.root)
    cache.root.mkdir(parents=True, exist_ok=True)
    if len(texts) < POOL_MIN or workers() == 1:
        for text in texts:
            written, error = speak_one(root, engine.voice, text, finish)
            settle(written)
            _report(done, engine, text, written, error)
        return
    unsettled: dict = {}  # settling future -> (text, temporaries, error)
    with _pool(len(texts)) as pool, ThreadPoolExecutor(SETTLERS, thread_name_prefix="vocab-fsync") as settlers:
        futures = {pool.submit(speak_one, root, engine.voice, text, finish): text for text in texts}
        try:
            for future in as_completed(futures):
                written, error = future.result()
                text = futures[future]
                unsettled[settlers.submit(settle, written)] = (text, written, error)
            for settled in as_completed(list(unsettled)):
                text, written, error = unsettled.pop(settled)
                settled.result()
                _report(done, engine, text, written, error)
        except BaseException:
            # Ctrl-C or a failure: let the workers stop, then remove every temporary
            # not yet named, including those of answers that never reached this loop.
            pool.shutdown(wait=True, cancel_futures=True)
            for future in futures:
                if future.done() and not future.cancelled() and future.exception() is None:
                    for tmp, _ in future.result()[0]:
                        Path(tmp).unlink(missing_ok=True)
            raise


def _report(done, engine: EspeakEngine, text: str, written, error: Optional[str]) -> None:
    if written:
        done(text, Path(written[-1][1]), None)
    else:
        done(text, None, TTSError(engine.title, error or "no audio"))


@dataclass
class Finished:
    files: dict[str, Path]  # text -> the deck's MP3, in the order given
    converted: int = 0  # answers encoded in this build (from gTTS, or an earlier build's cache)
    failed: dict[str, str] = field(default_factory=dict)  # text -> why its answer would not encode


def encode_one(raw: str, dest: str) -> Optional[str]:
    """Encode the answer `raw` into the MP3 `dest`; the error, if any."""
    from vocab.deck import encode

    try:
        data = encode.finish_file(Path(raw))
    except (OSError, encode.AudioFormatError) as error:
        return f"{Path(raw).name}: cannot encode ({error})"
    AudioCache(Path(dest).parent).store(Path(dest), data)
    return None


def finish_all(cache: AudioCache, answers: Mapping[str, Path],
               progress: Optional[Callable[[int, int], None]] = None) -> Finished:
    """The deck's MP3 of every answer: cached ones as they are, the rest encoded now."""
    files: dict[str, Path] = {}
    todo: dict[str, tuple[Path, Path]] = {}
    for text, raw in answers.items():
        dest = cache.finished_path(raw)
        if dest.exists():
            files[text] = dest
        else:
            todo[text] = (raw, dest)
    result = Finished(files)
    if not todo:
        return result
    outcomes: dict[str, Optional[str]] = {}

    def record(text: str, error: Optional[str]) -> None:
        outcomes[text] = error
        if progress is not None:
            progress(len(outcomes), len(todo))

    if len(todo) < POOL_MIN or workers() == 1:
        for text, (raw, dest) in todo.items():
            record(text, encode_one(str(raw), str(dest)))
    else:
        with _pool(len(todo)) as pool:
            futures = {pool.submit(encode_one, str(raw), str(dest)): text
                       for text, (raw, dest) in todo.items()}
            for future in as_completed(futures):
                record(futures[future], future.result())
    for text, (raw, dest) in todo.items():
        if outcomes[text] is None:
            files[text] = dest
            result.converted += 1
        else:
            result.failed[text] = outcomes[text]
    result.files = {text: files[text] for text in answers if text in files}
    return result


__all__ = ["Finished", "finish_all", "finished_name", "in_process_ready", "media_name",
           "speak_offline", "workers"]
