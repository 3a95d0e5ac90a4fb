"""vocab cache: where the caches are, how big, and emptying them."""

from __future__ import annotations


import click

from vocab.cli.app import cli


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
