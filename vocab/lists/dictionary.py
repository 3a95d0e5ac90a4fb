"""The shipped Korean-English dictionary: the English of ordinary words no list names.

vocab/lists/dictionary.tsv holds one entry a line, TAB-separated (its header says so)::

    체결하다	verb	advanced	締結	to conclude (a treaty); to sign

ko (the lemma the miner produces), part of speech, level, hanja (of the Sino-Korean
part, from the first syllable; empty for native words and loanwords), and one to three
English senses separated by "; ", the news sense first.  One entry a line, so that the
diff of a fix is one line.  Two entries may share a `ko` when their parts of speech
differ (자주: adverb "often", noun "independence").

The dictionary is the lowest layer under the YAML lists: a list's field beats the
dictionary's (lists.load.Lexicon.get merges them field by field), and `gloss_source`
says `dictionary` when the English came from here.

Loading is cheap: the file is read as one string when the lexicon is loaded, cut into
its lines on the first lookup (a millisecond or two), and a word is found among them by
bisection, since they are sorted; only the lines looked up are split into fields.  An
index (a dict by `ko`) took 30-60 ms to build, and unpickling it from a cache like the
lists' (lists.cache) 25 ms, on the 2-core machine the bench runs on, so there is neither.
bench/bench_dictionary.py measures what the dictionary adds to a warm `vocab mine`.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

from vocab.files import DATA_PATH
from vocab.lists.entry import Entry
from vocab.records import LEVELS

if TYPE_CHECKING:
    from pathlib import Path
    from importlib.resources.abc import Traversable


__all__ = ["DICTIONARY_FILE", "Dictionary", "DictionaryError", "shipped_dictionary"]

DICTIONARY_FILE = "dictionary.tsv"
COLUMNS = ("ko", "pos", "level", "hanja", "en")
SENSE_SEPARATOR = "; "
_ALL_FIELDS = frozenset(("en", "hanja", "pos", "level"))  # what an entry of its own gives


class DictionaryError(ValueError):
    """A dictionary line that does not have the five columns of the format."""


@dataclass(frozen=True)
class Dictionary:
    """The entries of one dictionary file, looked up by lemma (and part of speech)."""

    path: str
    text: str

    @classmethod
    def read(cls, path: Union[Path, Traversable]) -> Dictionary:
        return cls(str(path), path.read_bytes().decode("utf-8"))

    @property
    def description(self) -> str:
        """The first line of the header, without its `#`."""
        first = self.text.split("\n", 1)[0]
        return first.lstrip("# ").rstrip(":") if first.startswith("#") else ""

    def __len__(self) -> int:
        text = self.text
        lines = text.count("\n") + (not text.endswith("\n"))
        return lines - text.count("\n#") - text.startswith("#") - text.count("\n\n")

    @functools.cached_property
    def _sorted_lines(self) -> list[str]:
        """The file's lines, in its order: sorted, the header first (`#` sorts before
        Hangul), so that a word is found by bisection (a test checks the order)."""
        lines = self.text.split("\n")
        while lines and not lines[-1]:
            lines.pop()
        return lines

    def _lines(self, ko: str) -> list[str]:
        """The lines of `ko`, without it."""
        lines = self._sorted_lines
        prefix = ko + "\t"
        at = bisect.bisect_left(lines, prefix)
        found = []
        while at < len(lines) and lines[at].startswith(prefix):
            found.append(lines[at][len(prefix):])
            at += 1
        return found

    def __contains__(self, ko: str) -> bool:
        return bool(self._lines(ko))

    def words(self) -> list[str]:
        """Every `ko`, once each, in file order."""
        lines = [line for line in self.text.split("\n") if line and line[0] != "#"]
        return list(dict.fromkeys(line[: line.index("\t")] for line in lines))

    def get(self, ko: str, pos: Optional[str] = None) -> Optional[Entry]:
        """The entry of `ko`; of its part of speech `pos` when it has several, else the first.

        >>> Dictionary("d.tsv", "제재\\tnoun\\tadvanced\\t制裁\\tsanctions; restriction\\n").get("제재").en
        ('sanctions', 'restriction')
        """
        lines = self._lines(ko)
        if not lines:
            return None
        chosen = next((line for line in lines if line.startswith(f"{pos}\t")), lines[0]) if pos else lines[0]
        return self._entry(ko, chosen)

    def entries(self, ko: str) -> list[Entry]:
        """Every entry of `ko` (one per part of speech), in file order."""
        return [self._entry(ko, line) for line in self._lines(ko)]

    def _entry(self, ko: str, rest: str) -> Entry:
        fields = rest.split("\t")
        if len(fields) != len(COLUMNS) - 1:
            raise DictionaryError(f"{self.path}: {ko!r}: expected {len(COLUMNS)} TAB-separated columns")
        pos, level, hanja, en = fields
        return Entry(
            ko=ko,
            en=tuple(en.split(SENSE_SEPARATOR)) if en else (),
            hanja=hanja or None,
            pos=pos or None,
            level=level if level in LEVELS else None,  # type: ignore[arg-type]
            dictionary_fields=_ALL_FIELDS,
        )


def shipped_dictionary(folder: Union[Path, Traversable] = DATA_PATH) -> Optional[Dictionary]:
    """The dictionary shipped in `folder` (the package data), or None when it lacks one."""
    path = folder.joinpath(DICTIONARY_FILE)
    return Dictionary.read(path) if path.is_file() else None
