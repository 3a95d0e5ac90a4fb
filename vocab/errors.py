"""Exceptions that carry what went wrong; the CLI turns them into one-line messages."""

from __future__ import annotations


class VocabError(Exception):
    """Base class: str(error) is the whole message the user sees."""


class SourceError(VocabError):
    """A source file could not be read; `reason` says why, in one line."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class FileRefused(VocabError):
    """A file was not read: not a regular file, too large, unreadable (`reason` says which)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ListError(VocabError):
    """A curated YAML list is broken; a build stops rather than half-load it."""

    def __init__(self, path: str, line: int | None, reason: str):
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class BuildError(VocabError):
    """The deck could not be written (destination not writable, disk full …)."""


class NotText(ValueError):
    """The bytes are not text we can read; str(error) is the one-line reason."""


# A Retry-After up to this is waited out; a longer one (Google's rate limiting asks for an
# hour) is an outage: the build goes on offline rather than parking for hours.
MAX_RETRY_AFTER = 10.0  # seconds


class TTSError(VocabError):
    """A text could not be spoken.  `status` is the HTTP status when there was one."""

    def __init__(self, engine: str, reason: str, *, status: int | None = None,
                 retry_after: float | None = None, garbled: bool = False):
        super().__init__(f"{engine}: {reason}")
        self.engine = engine
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        self.garbled = garbled  # answered, but not with audio (an HTML page, a stub)

    @property
    def service_down(self) -> bool:
        """The service failed, not this text: counts towards an outage.  403 (Google
        blocking the client) and 429 (rate limiting) refuse every text alike."""
        status = self.status or 0
        return status >= 500 or status in (403, 429) or self.garbled

    @property
    def retryable(self) -> bool:
        """Worth asking again: not a refusal (403) nor a request to wait for long."""
        return self.service_down and self.status != 403 and not self.long_wait

    @property
    def long_wait(self) -> bool:
        """Asked to wait longer than a build should: an outage at once."""
        return self.retry_after is not None and self.retry_after > MAX_RETRY_AFTER


class TTSUnavailable(TTSError):
    """The service cannot be reached at all (no network, refused, timed out, not installed)."""

    @property
    def service_down(self) -> bool:
        return True


class OnlineError(VocabError):
    """An online dictionary did not answer (timeout, rate limit, refused key): one line."""

    def __init__(self, service: str, reason: str):
        super().__init__(f"{service}: {reason}")
        self.service = service
        self.reason = reason


class NoKoreanText(VocabError):
    """Every document read is in English (or another language) only: nothing to study."""

    def __init__(self, paths: list[str]):
        where = (f"{paths[0]} has none" if len(paths) == 1
                 else f"none of the {len(paths)} documents read has any")
        super().__init__(f"no Korean text: vocab studies Korean words; {where}")
        self.paths = paths


class AnkiError(VocabError):
    """Anki could not be reached or refused what was asked (AnkiConnect, a collection file)."""
