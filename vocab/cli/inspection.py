"""vocab align, vocab lists and vocab check: looking at one document, and at the word lists."""

from __future__ import annotations

import json
from pathlib import Path

import click

from vocab.text import unicode_text
from vocab.cli.app import cli
from vocab.cli.options import a_file, list_options


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), callback=a_file, help="Write the alignment as JSON.")
@click.option("--width", type=click.IntRange(min=40), default=100, show_default=True)
def align(file, json_out, width):
    """Show how a bilingual document's Korean and English sentences line up.

    \b
    Example:
      vocab align seeds/000_442fdc8425721719.txt
    """
    from vocab import align as aligner
    from vocab.files import atomic_write_text
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
