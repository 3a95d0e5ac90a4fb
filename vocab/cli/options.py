"""Options that several commands share, and what they turn into for the library."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from vocab.records import LEVELS


LEVEL_CHOICES = list(LEVELS)


def a_file(ctx, param, value: Optional[Path]) -> Optional[Path]:
    """click turns `--out ""` into Path("."): name what is wrong before writing fails."""
    if value is not None and str(value) == ".":
        raise click.BadParameter("the path is empty; name the file to write")
    return value


def list_options(command):
    """The word-list options shared by every command that mines."""
    command = click.option(
        "--known", "known_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Plain text file of words you know, one per line (repeatable).",
    )(command)
    command = click.option(
        "--list", "user_lists", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="A YAML word list of your own; later lists override earlier ones (repeatable).",
    )(command)
    return command


def dictionary_option(command):
    """--dictionary: an online dictionary for the words the lists leave unglossed."""
    return click.option(
        "--dictionary", "online", type=click.Choice(["krdict"]),
        help="Look up words still without English online (krdict: key in $VOCAB_KRDICT_KEY "
             "or `krdict_key:` in .vocab.yaml).",
    )(command)


def online_dictionary(name: Optional[str]):
    if not name:
        return None
    from vocab.lists.krdict import KrdictDictionary

    online = KrdictDictionary.configured(Path.cwd())
    if not online.available():
        raise click.ClickException(f"{online.title}: {online.unavailable_hint}")
    return online


def anki_options(command):
    """How to reach Anki: AnkiConnect's address and key, or a collection file."""
    for option in reversed([
        click.option("--known-from-anki", "known_from_anki", metavar="SEARCH",
                     help='Leave out words your Anki collection holds: an Anki search, e.g. "deck:Korean*".'),
        click.option("--anki-field", metavar="NAME",
                     help="The field holding the Korean word (default: Korean, else the first field)."),
        click.option("--anki-collection", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Read known words from this collection file (Anki closed) instead of AnkiConnect."),
        click.option("--anki-url", default="http://127.0.0.1:8765", show_default=True, envvar="VOCAB_ANKI_URL",
                     help="AnkiConnect's address."),
        click.option("--anki-key", envvar="VOCAB_ANKI_KEY", help="AnkiConnect's key, if its config sets one."),
    ]):
        command = option(command)
    return command


def known_words_from_anki(search, url, key, collection, field) -> list[Path]:
    """The words Anki holds, as a known-words file for the lexicon (none without a search)."""
    if not search:
        return []
    from vocab.deck.ankiconnect import AnkiConnect
    from vocab.deck.known import known_from_anki
    from vocab.files import atomic_write_text, user_cache_dir

    words = known_from_anki(search, anki=None if collection else AnkiConnect(url, key),
                            collection=collection, field=field)
    click.echo(f"{len(words)} words known from Anki ({search})", err=True)
    path = user_cache_dir() / "known-from-anki.txt"  # read as a --known file, then kept
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, "".join(f"{word}\n" for word in words))
    return [path]


def deck_options(out_help: str):
    """The arguments and options of every command that builds a deck (build, preview)."""
    return lambda command: add_deck_options(command, out_help)


def add_deck_options(command, out_help: str):
    for option in reversed([
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option("--out", type=click.Path(dir_okay=False, path_type=Path), callback=a_file, help=out_help),
        click.option("--level", type=click.Choice(LEVEL_CHOICES + ["all"]), default="advanced", show_default=True),
        click.option("--tts", type=click.Choice(["auto", "gtts", "espeak", "none"]), default="auto",
                     show_default=True, help="Speech engine: gTTS when the network answers, else espeak-ng."),
        click.option("--no-audio", is_flag=True, help="Same as --tts none."),
        click.option("--listening", is_flag=True, help="Add listening cards (audio only -> word)."),
        click.option("-q", "--quiet", is_flag=True, help="Only errors: no progress, warnings or hints."),
    ]):
        command = option(command)
    return list_options(dictionary_option(command))
