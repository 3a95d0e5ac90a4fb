"""The `vocab` command group: what every command shares, and errors turned into one line."""

from __future__ import annotations

import sys

import click

from vocab import __version__
from vocab.errors import VocabError


CONTEXT = {"help_option_names": ["-h", "--help"]}


class VocabGroup(click.Group):
    """Turns the library's VocabError, and a file the system refused (a full disk, a
    folder that is not writable), into a one-line message and a non-zero exit."""

    # errno -> what the user can do about it
    OS_ERROR_HINTS = {
        "ENOSPC": "free some space, then run again",
        "EDQUOT": "free some space, then run again",
        "EACCES": "choose a folder you may write to",
        "EPERM": "choose a folder you may write to",
        "EROFS": "choose a folder on a writable disk",
    }

    def invoke(self, ctx):
        import errno

        try:
            return super().invoke(ctx)
        except VocabError as error:
            raise click.ClickException(str(error)) from None
        except KeyboardInterrupt:
            click.echo("Interrupted: nothing half-written was left behind.", err=True)
            sys.exit(130)
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # `vocab mine | head`: click ends quietly
            where = " -> ".join(str(n) for n in (error.filename, error.filename2) if n is not None)
            reason = str(error.strerror or error)
            message = f"{where}: {reason}" if where and where not in reason else reason
            hint = self.OS_ERROR_HINTS.get(errno.errorcode.get(error.errno or 0, ""))
            raise click.ClickException(f"{message} ({hint})" if hint else message) from None


@click.group(cls=VocabGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="vocab")
def cli():
    """Turn Korean/English news into levelled vocabulary and Anki decks with audio.

    \b
    Examples:
      vocab mine seeds/ --limit 40
      vocab build --level advanced
      vocab gloss seeds/ --out my-words.yaml
    """


def main() -> None:
    cli(prog_name="vocab")
