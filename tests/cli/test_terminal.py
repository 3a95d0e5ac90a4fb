"""Stage progress: redrawn in place on a terminal, one line per stage in a log (#18)."""

from __future__ import annotations

import io

from vocab.cli.output import StageProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_each_stage_redraws_one_line_in_place():
    stream = Terminal()
    progress = StageProgress(stream)
    for stage in ("audio", "encoding"):
        for done in range(1, 301):
            progress(stage, done, 300)
    text = stream.getvalue()
    assert text.count("\n") == 2  # one finished line per stage
    assert all(line.startswith("\r") for line in text.split("\n")[:2])
    assert text.endswith("\rencoding 300/300\x1b[K\n")


def test_in_a_log_each_stage_writes_one_line():
    stream = io.StringIO()
    progress = StageProgress(stream)
    for stage in ("audio", "encoding"):
        for done in range(1, 301):
            progress(stage, done, 300)
    assert stream.getvalue() == "audio 300/300\nencoding 300/300\n"
