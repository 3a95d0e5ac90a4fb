"""vocab build, vocab push and vocab preview: a corpus as an Anki package, sent to Anki or shown as a page."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from vocab.cli.app import CONTEXT, cli
from vocab.cli.mining import mine_corpus
from vocab.cli.options import anki_options, deck_options, known_words_from_anki


def push_to_anki(apkg: Path, url: str, key: Optional[str]) -> None:
    from vocab.deck.ankiconnect import AnkiConnect
    from vocab.deck.push import push_package

    summary = push_package(apkg, AnkiConnect(url, key))
    for made in summary.created:
        click.echo(f"created {made} in Anki", err=True)
    kept = (f"; kept {summary.edits_kept} field(s) you edited in Anki" if summary.edits_kept else "")
    click.echo(f"pushed to Anki: {summary.added} added, {summary.updated} updated, "
               f"{summary.unchanged} unchanged, {summary.media_stored} sounds stored{kept}")


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
    from vocab.cli.output import StageProgress, report_build

    paths = paths or (Path("seeds"),)
    if push:  # before the build: a deck that cannot reach Anki is no use to `push`
        from vocab.deck.ankiconnect import AnkiConnect

        AnkiConnect(anki_url, anki_key).check()
    known_files = (*known_files, *known_words_from_anki(known_from_anki, anki_url, anki_key, anki_collection, anki_field))
    result = mine_corpus(paths, user_lists, known_files, quiet=quiet, use_cache=not no_cache, online=online,
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
        push_to_anki(outcome.path, anki_url, anki_key)


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
            push_to_anki(Path(apkg), options["anki_url"], options["anki_key"])
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
    from vocab.cli.output import StageProgress

    paths = paths or (Path("seeds"),)
    result = mine_corpus(paths, user_lists, known_files, quiet=quiet, online=online, quiet_notes=quiet)
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
