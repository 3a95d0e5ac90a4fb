"""The command line: parses options, calls the library, turns errors into messages.

One module per group of commands: mining.py (mine, gloss), decks.py (build, push, preview),
inspection.py (align, lists, check) and caches.py (cache), on the group and the options
they share (app.py, options.py).  Everything printed for a terminal is formatted in
output.py; the library only returns records.  Heavy libraries (kiwipiepy, genanki,
gTTS) are imported inside the commands that need them, so `vocab --help` and
`vocab check` start instantly.
"""

from vocab.cli import caches, decks, inspection, mining
from vocab.cli.app import cli, main
from vocab.cli.output import ProgressBar, format_table

# Importing each adds its commands to `cli`.
COMMAND_MODULES = (mining, decks, inspection, caches)

__all__ = ["cli", "main", "ProgressBar", "format_table"]
