"""Exceptions that carry what went wrong; the CLI turns them into one-line messages."""

from __future__ import annotations


class VocabError(Exception):
    """Base class: str(error) is the whole message the user sees."""


class SourceError(VocabError):
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
