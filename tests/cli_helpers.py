"""Running the CLI in-process as a shell user would: stdout and stderr apart."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vocab.cli import cli


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click 8.1
    except TypeError:  # click 8.2 dropped the option: stderr is always kept apart
        return CliRunner()


def vocab(*args: str | Path, exit_code: int = 0):
    """The CLI in-process; the exit code is checked."""
    result = runner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    return result
