"""vocab mine and vocab gloss: the terms of a corpus, as a table, JSON or a list to fill in."""

from __future__ import annotations

import json
from pathlib import Path

import click

from vocab.text import unicode_text
from vocab.cli.app import cli
from vocab.cli.options import LEVEL_CHOICES, a_file, list_options, dictionary_option, online_dictionary
from vocab.cli.output import progress_bar, report_problems, format_table


def mine_corpus(paths, user_lists, known_files, quiet=True, use_cache=True, online=None, quiet_notes=False):
    from vocab.mine.pipeline import mine

    result = mine(
        paths or ("seeds",),
        user_lists=user_lists,
        known_files=known_files,
        use_cache=use_cache,
        progress=progress_bar(quiet),
        online=online_dictionary(online),
    )
    report_problems(result, quiet=quiet_notes)
    if not result.documents:
        raise click.ClickException("no document could be read; nothing to do")
    return result


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), callback=a_file, help="Write every term as JSON to this file.")
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
    from vocab.files import atomic_write_text
    from vocab.mine.pipeline import select_terms

    result = mine_corpus(paths, user_lists, known_files, use_cache=not no_cache, online=online)
    if json_out:
        chosen = select_terms(result.terms, level=level, names=True)
        payload = json.dumps([t.to_json() for t in chosen], ensure_ascii=False, indent=2)
        atomic_write_text(json_out, unicode_text(payload) + "\n")  # names that were not UTF-8
        click.echo(f"wrote {len(chosen)} terms to {json_out}", err=True)
    click.echo(format_table(select_terms(result.terms, level=level, names=names, limit=limit)))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), callback=a_file, help="The YAML list to write or extend.")
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

    result = mine_corpus(paths, user_lists, known_files, online=online)
    missing = [t for t in select_terms(result.terms, level=level) if not t.gloss]
    written = write_gloss_template(out, missing, force=force)
    click.echo(f"wrote {written} entries to {out}")
