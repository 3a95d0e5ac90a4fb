"""What the commands print: the table of terms, progress on stderr, problems and notes.

The library returns records; only this side formats them for a terminal.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Optional, TextIO

import click

from vocab.text import display_width

if TYPE_CHECKING:
    from vocab.analyse.stream import ReadProgress

class ProgressBar:
    """Draws ReadProgress on stderr: a bar, documents done of all, characters done.

    On a terminal the line redraws in place (at most every REDRAW seconds); elsewhere
    (a log, CI) one line is written when reading ends, so logs stay short.
    """

    REDRAW = 0.1  # seconds
    WIDTH = 24  # characters of bar

    def __init__(self, stream: Optional[TextIO] = None, label: str = "reading"):
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self._drawn_at = 0.0
        self._cached = 0

    def line(self, update: "ReadProgress") -> str:
        filled = round(update.fraction * self.WIDTH)
        cached = f" ({self._cached} from the cache)" if self._cached else ""
        return (f"{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
                f"{update.documents_done}/{update.documents_total} documents, "
                f"{characters(update.characters_done)} characters{cached}")

    def __call__(self, update: "ReadProgress") -> None:
        last = update.documents_done == update.documents_total
        self._cached += update.from_cache
        if self.live:
            now = time.monotonic()
            if last or now - self._drawn_at >= self.REDRAW:
                self._drawn_at = now
                self.stream.write("\r" + self.line(update) + ("\n" if last else ""))
                self.stream.flush()
        elif last:  # a log gets one line per stage
            self.stream.write(self.line(update) + "\n")


def characters(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1e6:.1f} M"
    return f"{count / 1e3:.0f} k" if count >= 10_000 else str(count)


def progress_bar(quiet: bool):
    """A progress bar of documents and characters read, on stderr."""
    if quiet:
        return None
    return ProgressBar()


def report_problems(result, quiet: bool = False) -> None:
    """Skipped documents always; notes (repairs, list warnings) unless --quiet."""
    for problem in result.problems:
        click.echo(f"skipped {problem}", err=True)
    for note in () if quiet else result.notes:
        click.echo(f"note: {note}", err=True)


def fit(text: str, width: int) -> str:
    """Clip and pad to a display width (Hangul takes two columns)."""
    text = text.replace("\n", " ")
    if display_width(text) > width:
        clipped, used = "", 0
        for ch in text:
            if used + display_width(ch) > width - 1:
                break
            clipped += ch
            used += display_width(ch)
        text = clipped + "…"
    return text + " " * (width - display_width(text))


def format_table(terms) -> str:
    columns = [("lemma", 16), ("level", 12), ("score", 7), ("count", 5), ("gloss", 24), ("example", 48)]
    lines = ["  ".join(fit(name, width) for name, width in columns).rstrip()]
    for term in terms:
        example = term.examples[0].text if term.examples else ""
        values = [term.lemma, term.level, f"{term.score:.1f}", str(term.count), term.gloss or "", example]
        lines.append("  ".join(fit(v, w) for v, (_, w) in zip(values, columns)).rstrip())
    return "\n".join(lines)


class StageProgress:
    """Counts of a stage ("audio 120/302") on stderr: redrawn in place on a terminal,
    elsewhere one line when each stage ends."""

    def __init__(self, stream: Optional[TextIO] = None):
        self.stream = stream if stream is not None else sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self._drawn_at = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        last = done == total
        if self.live:
            now = time.monotonic()
            if last or now - self._drawn_at >= ProgressBar.REDRAW:
                self._drawn_at = now
                self.stream.write(f"\r{stage} {done}/{total}\x1b[K" + ("\n" if last else ""))
                self.stream.flush()
        elif last:
            self.stream.write(f"{stage} {done}/{total}\n")


def report_build(outcome, paths, level, user_lists) -> None:
    """What this build did and left out, on stderr: its news, not the cache's history."""
    for message in outcome.messages:
        click.echo(message, err=True)
    parts = [f"{outcome.audio_cached} from cache"] if outcome.audio_cached else []
    parts += [f"{count} spoken with {engine}" for engine, count in outcome.audio_spoken.items()]
    if outcome.audio_converted:
        parts.append(f"{outcome.audio_converted} encoded to MP3")
    if parts:
        click.echo("audio: " + ", ".join(parts), err=True)
    if outcome.audio_failed:
        click.echo(f"no audio for {len(outcome.audio_failed)} texts: " + ", ".join(outcome.audio_failed[:10]), err=True)
    own = str(user_lists[-1]) if user_lists else "my-words.yaml"  # the learner's list, if named
    if outcome.left_out_unglossed:
        click.echo(
            f"left out {len(outcome.left_out_unglossed)} terms without an English gloss; "
            f"`vocab gloss {' '.join(str(p) for p in paths)}{'' if level == 'all' else ' --level ' + level}"
            f" --out {own}`, fill in `en`, "
            f"then build with --list {own}",
            err=True,
        )
