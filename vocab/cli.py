"""The command line: parses options, calls the library, turns errors into messages.

Heavy libraries (kiwipiepy, genanki, gTTS) are imported inside the commands that need
them, so `vocab --help` and `vocab check` start instantly.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Optional, TextIO

import click

from vocab import __version__
from vocab.errors import VocabError
from vocab.records import LEVELS
from vocab.text import display_width, unicode_text

if TYPE_CHECKING:
    from vocab.analyse.stream import ReadProgress

LEVEL_CHOICES = list(LEVELS)
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


def _a_file(ctx, param, value: Optional[Path]) -> Optional[Path]:
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


def _online_dictionary(name: Optional[str]):
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


def _known_from_anki(search, url, key, collection, field) -> list[Path]:
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


def _push(apkg: Path, url: str, key: Optional[str]) -> None:
    from vocab.deck.ankiconnect import AnkiConnect
    from vocab.deck.push import push_package

    summary = push_package(apkg, AnkiConnect(url, key))
    for made in summary.created:
        click.echo(f"created {made} in Anki", err=True)
    kept = (f"; kept {summary.edits_kept} field(s) you edited in Anki" if summary.edits_kept else "")
    click.echo(f"pushed to Anki: {summary.added} added, {summary.updated} updated, "
               f"{summary.unchanged} unchanged, {summary.media_stored} sounds stored{kept}")


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
                f"{_characters(update.characters_done)} characters{cached}")

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


def _characters(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1e6:.1f} M"
    return f"{count / 1e3:.0f} k" if count >= 10_000 else str(count)


def _progress_echo(quiet: bool):
    """A progress bar of documents and characters read, on stderr."""
    if quiet:
        return None
    return ProgressBar()


def _report_problems(result, quiet: bool = False) -> None:
    """Skipped documents always; notes (repairs, list warnings) unless --quiet."""
    for problem in result.problems:
        click.echo(f"skipped {problem}", err=True)
    for note in () if quiet else result.notes:
        click.echo(f"note: {note}", err=True)


def _mine(paths, user_lists, known_files, quiet=True, use_cache=True, online=None, quiet_notes=False):
    from vocab.mine.pipeline import mine

    result = mine(
        paths or ("seeds",),
        user_lists=user_lists,
        known_files=known_files,
        use_cache=use_cache,
        progress=_progress_echo(quiet),
        online=_online_dictionary(online),
    )
    _report_problems(result, quiet=quiet_notes)
    if not result.documents:
        raise click.ClickException("no document could be read; nothing to do")
    return result


def _fit(text: str, width: int) -> str:
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
    lines = ["  ".join(_fit(name, width) for name, width in columns).rstrip()]
    for term in terms:
        example = term.examples[0].text if term.examples else ""
        values = [term.lemma, term.level, f"{term.score:.1f}", str(term.count), term.gloss or "", example]
        lines.append("  ".join(_fit(v, w) for v, (_, w) in zip(values, columns)).rstrip())
    return "\n".join(lines)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), callback=_a_file, help="Write every term as JSON to this file.")
@click.option("--level", type=click.Choice(LEVEL_CHOICES), help="Only terms of this level.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Rows in the table.")
@click.option("--names", is_flag=True, help="Include personal and place names.")
@click.option("--no-cache", is_flag=True, help="Analyse every document again.")
@list_options
@dictionary_option
def mine(paths, json_out, level, limit, names, no_cache, user_lists, known_files, online):
    """Mine the vocabulary of news texts (default: seeds/).

    \b
    Examples:
      vocab mine seeds/
      vocab mine article.md --level advanced --json terms.json
    """
    from .files import atomic_write_text
    from vocab.mine.pipeline import select_terms

    result = _mine(paths, user_lists, known_files, use_cache=not no_cache, online=online)
    if json_out:
        chosen = select_terms(result.terms, level=level, names=True)
        payload = json.dumps([t.to_json() for t in chosen], ensure_ascii=False, indent=2)
        atomic_write_text(json_out, unicode_text(payload) + "\n")  # names that were not UTF-8
        click.echo(f"wrote {len(chosen)} terms to {json_out}", err=True)
    click.echo(format_table(select_terms(result.terms, level=level, names=names, limit=limit)))


def deck_options(out_help: str):
    """The arguments and options of every command that builds a deck (build, preview)."""
    return lambda command: _deck_options(command, out_help)


def _deck_options(command, out_help: str):
    for option in reversed([
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option("--out", type=click.Path(dir_okay=False, path_type=Path), callback=_a_file, help=out_help),
        click.option("--level", type=click.Choice(LEVEL_CHOICES + ["all"]), default="advanced", show_default=True),
        click.option("--tts", type=click.Choice(["auto", "gtts", "espeak", "none"]), default="auto",
                     show_default=True, help="Speech engine: gTTS when the network answers, else espeak-ng."),
        click.option("--no-audio", is_flag=True, help="Same as --tts none."),
        click.option("--listening", is_flag=True, help="Add listening cards (audio only -> word)."),
        click.option("-q", "--quiet", is_flag=True, help="Only errors: no progress, warnings or hints."),
    ]):
        command = option(command)
    return list_options(dictionary_option(command))


@cli.command()
@deck_options("Output .apkg (default: decks/<corpus>-<level>.apkg).")
@click.option("--no-cache", is_flag=True, help="Analyse every document again.")
@click.option("--push", is_flag=True, help="Also send the notes to a running Anki (AnkiConnect).")
@anki_options
def build(paths, level, out, tts, no_audio, listening, no_cache, quiet, user_lists, known_files, online,
          push=False, known_from_anki=None, anki_field=None, anki_collection=None,
          anki_url="http://127.0.0.1:8765", anki_key=None):
    """Build an Anki package with audio (default: seeds/, advanced level).

    \b
    Examples:
      vocab build --level advanced
      vocab build articles/ --level all --tts espeak --out my.apkg
    """
    from vocab.deck.build import build_deck, corpus_name
    from vocab.deck.package import default_output
    from vocab.terminal import StageProgress, report_build

    paths = paths or (Path("seeds"),)
    if push:  # before the build: a deck that cannot reach Anki is no use to `push`
        from vocab.deck.ankiconnect import AnkiConnect

        AnkiConnect(anki_url, anki_key).check()
    known_files = (*known_files, *_known_from_anki(known_from_anki, anki_url, anki_key, anki_collection, anki_field))
    result = _mine(paths, user_lists, known_files, quiet=quiet, use_cache=not no_cache, online=online,
                   quiet_notes=quiet)
    corpus = corpus_name(paths)
    out = out or default_output(corpus, level)
    outcome = build_deck(
        result, level=level, out=out, corpus=corpus, tts="none" if no_audio else tts,
        listening=listening, progress=None if quiet else StageProgress(),
    )
    if not quiet:
        report_build(outcome, paths, level, user_lists)
    spoken = ", ".join(f"{title.lower()} {count}" for title, count in outcome.audio_engines.items())
    click.echo(f"wrote {outcome.notes} notes to {outcome.path}, " + (f"audio: {spoken}" if spoken else "no audio"))
    if push:
        _push(outcome.path, anki_url, anki_key)


@cli.command(context_settings=CONTEXT)
@click.pass_context
def push(ctx, paths, **options):
    """Send notes to a running Anki through AnkiConnect (default: seeds/, advanced level).

    Builds as `vocab build` does (same options), then adds new notes and updates changed
    ones in place; a field you edited in Anki since the last push is kept as you wrote it.
    PATHS may also be .apkg files vocab wrote: those are pushed as they are.

    \b
    Examples:
      vocab push --level advanced
      vocab push --known-from-anki "deck:Korean*" --anki-key mykey
      vocab push decks/seeds-advanced.apkg
    """
    import tempfile

    if paths and all(str(p).endswith(".apkg") for p in paths):
        for apkg in paths:
            _push(Path(apkg), options["anki_url"], options["anki_key"])
        return
    with tempfile.TemporaryDirectory(prefix="vocab-push-") as scratch:
        ctx.invoke(build, paths=paths, out=Path(scratch) / "push.apkg", push=True, **options)


# `vocab push` takes every option of `vocab build` but where the package goes.
push.params.extend(p for p in build.params if p.name not in ("out", "push"))


@cli.command()
@deck_options("Output page (default: decks/<corpus>-<level>.html).")
@click.option("--no-open", is_flag=True, help="Only write the page; do not open it in the browser.")
def preview(paths, out, no_open, level, tts, no_audio, listening, quiet, user_lists, known_files, online):
    """Show every card of the deck, front and back, day and night, before importing it.

    Writes one self-contained HTML page (audio included) and opens it in your browser.

    \b
    Examples:
      vocab preview --level advanced
      vocab preview articles/ --level all --no-open --out cards.html
    """
    import tempfile
    import webbrowser

    from vocab.deck.build import build_deck, corpus_name
    from vocab.deck.history import NoteHistory
    from vocab.deck.preview import preview_page
    from vocab.files import atomic_write_text
    from vocab.terminal import StageProgress

    paths = paths or (Path("seeds"),)
    result = _mine(paths, user_lists, known_files, quiet=quiet, online=online, quiet_notes=quiet)
    corpus = corpus_name(paths)
    out = out or Path("decks") / f"{corpus}-{level}.html"
    with tempfile.TemporaryDirectory(prefix="vocab-preview-") as scratch:
        apkg = Path(scratch) / "preview.apkg"  # the learner's note history stays untouched
        outcome = build_deck(result, level=level, out=apkg, corpus=corpus, tts="none" if no_audio else tts,
                             listening=listening,
                             progress=None if quiet else StageProgress(),
                             history=NoteHistory(Path(scratch) / "history.json"))
        page, cards = preview_page(apkg, f"{corpus}: {level}")
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, page)
    click.echo(f"wrote {cards} cards of {outcome.notes} notes to {out}")
    if not no_open:
        webbrowser.open(out.resolve().as_uri())


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), callback=_a_file, help="Write the alignment as JSON.")
@click.option("--width", type=click.IntRange(min=40), default=100, show_default=True)
def align(file, json_out, width):
    """Show how a bilingual document's Korean and English sentences line up.

    \b
    Example:
      vocab align seeds/000_442fdc8425721719.txt
    """
    from vocab import align as aligner
    from .files import atomic_write_text
    from vocab.analyse.stream import read_document

    doc = read_document(file)
    alignment = aligner.align_document(doc)
    if json_out:
        payload = json.dumps(aligner.alignment_to_json(doc, alignment), ensure_ascii=False, indent=2)
        atomic_write_text(json_out, unicode_text(payload) + "\n")
    click.echo(unicode_text(aligner.format_alignment(doc, alignment, width=width)))


@cli.command("lists")
@list_options
def lists_command(user_lists, known_files):
    """Show which word lists are loaded, from where, in which order.

    \b
    Example:
      vocab lists --list my-words.yaml
    """
    from vocab.lists.load import load_lexicon

    lexicon = load_lexicon(user_lists=user_lists, known_files=known_files, project_dir=Path.cwd())
    for number, loaded in enumerate(lexicon.lists, 1):
        name = f" ({loaded.name})" if loaded.name else ""
        click.echo(f"{number}. {loaded.origin:8} {loaded.path}{name}: {loaded.entries} entries")
    in_dictionary = f" and {len(lexicon.dictionary)} in the dictionary" if lexicon.dictionary else ""
    click.echo(f"{len(lexicon.entries)} words in the lists{in_dictionary}; "
               "later lists override earlier ones.")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check(files):
    """Validate YAML word lists (default: the shipped and project lists).

    \b
    Example:
      vocab check my-words.yaml
    """
    from vocab.lists.load import check_files, default_list_files

    targets = list(files) or default_list_files(Path.cwd())
    problems = check_files(targets)
    for problem in problems:
        click.echo(str(problem), err=problem.severity == "error")
    errors = sum(1 for p in problems if p.severity == "error")
    if errors:
        raise click.ClickException(f"{errors} error(s) in {len(targets)} list(s)")
    click.echo(f"{len(targets)} list(s) OK" + (f", {len(problems)} warning(s)" if problems else ""))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), callback=_a_file, help="The YAML list to write or extend.")
@click.option("--force", is_flag=True, help="Rewrite the file instead of appending to it.")
@click.option("--level", type=click.Choice(LEVEL_CHOICES), help="Only terms of this level.")
@list_options
@dictionary_option
def gloss(paths, out, force, level, user_lists, known_files, online):
    """Write the mined terms that have no gloss yet, ready to fill in.

    An existing file is only appended to: your edits and comments stay as they are.

    \b
    Example:
      vocab gloss seeds/ --out my-words.yaml
    """
    from vocab.lists.template import write_gloss_template
    from vocab.mine.pipeline import select_terms

    result = _mine(paths, user_lists, known_files, online=online)
    missing = [t for t in select_terms(result.terms, level=level) if not t.gloss]
    written = write_gloss_template(out, missing, force=force)
    click.echo(f"wrote {written} entries to {out}")


@cli.group()
def cache():
    """Show or empty the analysis and audio caches."""


@cache.command("info")
def cache_info():
    """Where the caches are and how big they are."""
    from vocab.deck.audio import AudioCache
    from vocab.analyse.cache import AnalysisCache
    from vocab.lists.cache import ListCache

    info = AnalysisCache().info()
    stale = f" ({info['stale']} from older versions)" if info["stale"] else ""
    click.echo(f"analysis: {info['path']}: {info['entries']} documents{stale}, {info['bytes'] / 1e6:.1f} MB")
    audio = AudioCache().info()
    click.echo(f"audio: {audio['path']}: {audio['files']} files, {audio['bytes'] / 1e6:.1f} MB")
    lists = ListCache()
    click.echo(f"word lists: {lists.root}: {lists.entries()} parsed lists")
    from vocab.lists.online import OnlineCache

    answers = OnlineCache()
    click.echo(f"online dictionary: {answers.root}: {answers.entries()} words looked up")


@cache.command("clear")
def cache_clear():
    """Empty the analysis and word-list caches (audio is kept: it is slow to make again)."""
    from vocab.analyse.cache import AnalysisCache
    from vocab.lists.cache import ListCache

    removed = AnalysisCache().clear()
    lists = ListCache().clear()
    click.echo(f"removed {removed} cached analyses and {lists} parsed word lists")


def main() -> None:
    cli(prog_name="vocab")


if __name__ == "__main__":
    main()
