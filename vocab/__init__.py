"""vocab: Korean/English political news -> levelled vocabulary -> Anki decks with audio.

The library in five names:

- mine(paths) -> MineResult: the terms of a corpus, scored, levelled and curated;
- build_deck(...): a mined corpus as an Anki package;
- load_lexicon(...): the word lists that curate the terms;
- Term: one mined term; VocabError: what every error of ours derives from.

They are imported here, not on first use: the function `vocab.mine` shares its name
with the package `vocab/mine/`, and importing any module of that package sets the
attribute `vocab.mine` to the package, unless this file has already imported it (then
the name below wins).  Kiwi, wordfreq, ftfy and genanki are imported where they are
used, so `import vocab` (and `vocab --help`) still loads none of them.  Import modules
of the package with `from vocab.mine import pipeline`; `vocab.mine.pipeline` is not an
attribute path.
"""

__version__ = "0.1.0"  # before the imports below: modules under them read it

from vocab.deck.build import build_deck  # noqa: E402
from vocab.errors import VocabError  # noqa: E402
from vocab.lists.load import load_lexicon  # noqa: E402
from vocab.mine.pipeline import mine  # noqa: E402
from vocab.records import Term  # noqa: E402

__all__ = ["__version__", "mine", "build_deck", "load_lexicon", "Term", "VocabError"]
