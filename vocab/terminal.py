"""Progress on a terminal for the CLI (the library reports counts; this draws them)."""

from __future__ import annotations

import sys
import time
from typing import Optional, TextIO

import click

REDRAW = 0.1  # seconds between redraws on a terminal


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
            if last or now - self._drawn_at >= REDRAW:
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
