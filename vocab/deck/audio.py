"""Pronunciation audio for the deck: which engine speaks, and an on-disk cache of what it said.

"auto" speaks with gTTS when it answers and with espeak-ng when it does not, or when it
stops answering halfway through a build (vocab.tts has the engines).

Every file is named after engine, voice and text (`media_name`), so a rebuild finds what
an earlier build made and synthesises nothing twice, and Anki, which keys media by base
name alone, never mistakes one recording for another.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple, Optional, Sequence

from vocab.deck.audio_cache import AudioCache, media_name
from vocab.errors import MAX_RETRY_AFTER
from vocab.deck.tts import (
    EspeakEngine,
    GTTSEngine,
    TTSEngine,
    TTSError,
    TTSUnavailable,
    reset_availability_cache,
)

__all__ = [
    "CHOICES", "AudioCache", "AudioResult", "EspeakEngine", "GTTSEngine", "Speaker", "TTSEngine",
    "TTSError", "TTSUnavailable", "media_name", "reset_availability_cache", "synthesize_all",
]

CHOICES = ("auto", "gtts", "espeak", "none")
OUTAGE_ATTEMPTS = 3  # requests in a row without any answer: the service is down
OUTAGE_WORDS = 3  # distinct texts getting server errors, no success between: an outage
MAX_BACKOFF = 30.0  # seconds; exponential back-off stops growing here
@dataclass
class AudioResult:
    files: dict[str, Path]  # text -> cached audio file, in the order the texts came
    failed: list[str]  # texts left without audio (the build goes on without them)
    engine: Optional[str]  # the engine new audio came from (the fallback once it took over)
    messages: list[str] = field(default_factory=list)  # engine news (a fallback …), one line each
    errors: dict[str, str] = field(default_factory=dict)  # failed text -> why, when an engine said
    engines: dict[str, int] = field(default_factory=dict)  # engine title -> texts it speaks, cache included
    cached: int = 0  # texts found in the cache: nothing was spoken for them in this build
    spoken: dict[str, int] = field(default_factory=dict)  # engine title -> texts it spoke now


class _Outcome(NamedTuple):
    path: Path | None
    error: TTSError | None


class _OutageWatch:
    """Tells an outage from one bad text.

    A service that does not answer at all is down for every text, so a few such attempts
    in a row are enough; a server error may belong to one text, so it takes server errors
    on several different texts, with no success between, to call it an outage.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._unanswered = 0
        self._erring: set[str] = set()
        self.tripped = False

    def failure(self, text: str, error: TTSError) -> None:
        with self._lock:
            if isinstance(error, TTSUnavailable):
                self._unanswered += 1
            else:
                self._erring.add(text)
            if (self._unanswered >= OUTAGE_ATTEMPTS or len(self._erring) >= OUTAGE_WORDS
                    or error.long_wait):  # "come back in an hour": no build waits that long
                self.tripped = True

    def success(self) -> None:
        with self._lock:
            self._unanswered = 0
            self._erring.clear()


class Speaker:
    """Gives texts audio: cache first, then the primary engine, then the fallback (auto only).

    The primary engine's cache entries are used before any probe, so a rebuild whose
    audio is all cached needs no network.  Texts still missing are spoken by the primary
    engine if it answers its probe; if it does not, or an outage begins mid-build, the
    texts it could not speak go to the fallback (its own cache entries first).
    """

    def __init__(self, primary: TTSEngine | None, fallback: TTSEngine | None = None,
                 cache: AudioCache | None = None, *, workers: int = 4, retries: int = 3,
                 backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep,
                 in_process: bool = True):
        self.primary = primary
        self.in_process = in_process  # espeak-ng through its library, on every core
        self.fallback = fallback
        self.cache = cache if cache is not None else AudioCache()
        self.workers = max(1, workers)
        self.retries = max(0, retries)
        self.backoff = backoff
        self.sleep = sleep

    @classmethod
    def for_choice(cls, choice: str, cache: AudioCache | None = None, *,
                   gtts: TTSEngine | None = None, espeak: TTSEngine | None = None,
                   **options) -> "Speaker":
        if choice not in CHOICES:
            raise ValueError(f"unknown TTS choice {choice!r} (choose from {', '.join(CHOICES)})")
        gtts_engine = gtts if gtts is not None else GTTSEngine()
        espeak_engine = espeak if espeak is not None else EspeakEngine()
        primary, fallback = {"auto": (gtts_engine, espeak_engine), "gtts": (gtts_engine, None),
                             "espeak": (espeak_engine, None), "none": (None, None)}[choice]
        return cls(primary, fallback, cache, **options)

    def speak(self, texts: Sequence[str],
              progress: Callable[[int, int], None] | None = None) -> AudioResult:
        ordered = list(dict.fromkeys(texts))
        wanted = [text for text in ordered if text.strip()]  # blank texts have nothing to say
        if self.primary is None:
            return AudioResult({}, [], None, [])
        files: dict[str, Path] = {}
        errors: dict[str, TTSError] = {}
        done = 0

        def resolved(text: str) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, len(wanted))

        self.cache.remove_stale_temporaries()
        engine, messages = self.primary, []
        missing = self._from_cache(self.primary, wanted, files, resolved)
        stranded: list[str] = []  # texts the primary could not speak for want of service
        why = ""
        if missing and self.primary.available():
            stranded = self._run(self.primary, missing, files, errors, resolved)
            why = "stopped answering" + _status_of(errors, stranded)
        elif missing:
            if self.fallback is None:
                raise TTSUnavailable(self.primary.title, f"not available; {self.primary.unavailable_hint}")
            stranded, why = missing, "did not answer"
        spoken = {self.primary.title: sum(1 for text in missing if text in files)}
        unspoken = stranded
        if stranded and self.fallback is not None and self.fallback.available():
            engine = self.fallback
            for text in stranded:
                errors.pop(text, None)
            todo = self._from_cache(self.fallback, stranded, files, resolved)
            if todo:  # only news: a fallback whose cache had every text did nothing now
                messages.append(f"{self.primary.title} {why}; {len(todo)} text(s) spoken "
                                f"offline with {self.fallback.title} instead")
            unspoken = self._run(self.fallback, todo, files, errors, resolved)
            spoken[self.fallback.title] = sum(1 for text in todo if text in files)
        elif stranded:
            lacking = "" if self.fallback is None else (
                f" and {self.fallback.title} is not available ({self.fallback.unavailable_hint})")
            messages.append(f"{self.primary.title} {why}{lacking}; {len(stranded)} text(s) got no audio")
            engine = None if why == "did not answer" else engine
        for text in unspoken:
            resolved(text)
        failed = [text for text in ordered if text not in files]
        return AudioResult({t: files[t] for t in ordered if t in files}, failed,
                           engine.name if engine else None, messages,
                           {t: str(errors[t]) for t in failed if t in errors},
                           self._engines(files), cached=len(files) - sum(spoken.values()),
                           spoken={title: n for title, n in spoken.items() if n > 0})

    def _engines(self, files: dict[str, Path]) -> dict[str, int]:
        """How many texts each engine speaks in this deck, primary first: the truth for
        the summary line, whichever engine made the files and when."""
        counts: dict[str, int] = {}
        for text, path in files.items():
            spoke = self.primary if self.primary and path == self.cache.path(self.primary, text) else self.fallback
            if spoke is not None:
                counts[spoke.title] = counts.get(spoke.title, 0) + 1
        order = [e.title for e in (self.primary, self.fallback) if e is not None]
        return {title: counts[title] for title in order if title in counts}

    def _from_cache(self, engine: TTSEngine, texts: list[str], files: dict[str, Path],
                    resolved: Callable[[str], None]) -> list[str]:
        missing = []
        for text in texts:
            cached = self.cache.lookup(engine, text)
            if cached is None:
                missing.append(text)
            else:
                files[text] = cached
                resolved(text)
        return missing

    def _run(self, engine: TTSEngine, texts: list[str], files: dict[str, Path],
             errors: dict[str, TTSError], resolved: Callable[[str], None]) -> list[str]:
        """Speak `texts` a few at a time; return those an outage left unspoken.

        Those are not resolved yet: the caller hands them to the fallback, or gives up.
        """
        if not texts:
            return []
        if self.in_process and isinstance(engine, EspeakEngine):
            from vocab.deck import offline

            if offline.in_process_ready(engine):
                def done(text: str, path: Path | None, error: TTSError | None) -> None:
                    if path is not None:
                        files[text] = path
                    else:
                        errors[text] = error
                    resolved(text)

                offline.speak_offline(self.cache, engine, texts, done)
                return []
        attempts = self.retries + 1 if engine.remote else 1
        watch = _OutageWatch()
        down: set[str] = set()
        pool = ThreadPoolExecutor(max_workers=min(self.workers, len(texts)),
                                  thread_name_prefix=f"vocab-{engine.name}")
        try:
            futures = {pool.submit(self._speak_one, engine, text, attempts, watch): text
                       for text in texts}
            for future in as_completed(futures):
                text = futures[future]
                outcome = future.result()
                if outcome.path is not None:
                    files[text] = outcome.path
                else:
                    errors[text] = outcome.error
                    if outcome.error.service_down:
                        down.add(text)
                        continue
                resolved(text)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        stranded = [text for text in texts if text in down] if watch.tripped else []
        for text in texts:
            if text in down and not watch.tripped:
                resolved(text)
        return stranded

    def _speak_one(self, engine: TTSEngine, text: str, attempts: int,
                   watch: _OutageWatch) -> _Outcome:
        error: TTSError = TTSUnavailable(engine.title, "stopped after an outage")
        for attempt in range(attempts):
            if watch.tripped:
                break
            try:
                path = self.cache.fill(engine, text)
            except TTSError as failure:
                error = failure
                if failure.service_down:
                    watch.failure(text, failure)
                if not failure.retryable or attempt + 1 == attempts or watch.tripped:
                    break
                self.sleep(self._delay(attempt, failure))
            else:
                watch.success()
                return _Outcome(path, None)
        return _Outcome(None, error)

    def _delay(self, attempt: int, error: TTSError) -> float:
        """Retry-After when the server gave one, else back-off doubling from `backoff`.

        No random jitter: builds stay reproducible, and a few workers hardly stampede.
        """
        if error.retry_after is not None:
            return min(error.retry_after, MAX_RETRY_AFTER)
        return min(self.backoff * 2 ** attempt, MAX_BACKOFF)


def _status_of(errors: dict[str, TTSError], stranded: list[str]) -> str:
    """" (HTTP 429)" when the texts left over were refused with a status, else ""."""
    statuses = sorted({errors[t].status for t in stranded if t in errors and errors[t].status})
    return f" (HTTP {', '.join(map(str, statuses))})" if statuses else ""


def synthesize_all(texts: Sequence[str], choice: str = "auto", cache: AudioCache | None = None,
                   workers: int = 4, progress: Callable[[int, int], None] | None = None,
                   retries: int = 3, *, gtts: TTSEngine | None = None,
                   espeak: TTSEngine | None = None, backoff: float = 1.0,
                   sleep: Callable[[float], None] = time.sleep, in_process: bool = True) -> AudioResult:
    """Audio for every text with the engine `choice` names ("auto", "gtts", "espeak", "none").

    `gtts` / `espeak` replace the default engines (tests point gTTS at a local server).
    Raises TTSUnavailable when an explicitly chosen engine cannot speak at all.
    """
    speaker = Speaker.for_choice(choice, cache, gtts=gtts, espeak=espeak, workers=workers,
                                 retries=retries, backoff=backoff, sleep=sleep, in_process=in_process)
    return speaker.speak(texts, progress)
