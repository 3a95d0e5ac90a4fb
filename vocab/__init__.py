"""vocab: Korean/English political news -> levelled vocabulary -> Anki decks with audio."""

__version__ = "0.1.0"
