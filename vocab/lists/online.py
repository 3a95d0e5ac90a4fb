"""Online dictionaries: the English of words no list and no shipped dictionary knows.

Asked only when the user says so (`--dictionary krdict`), and only about the words still
unglossed once the lists and the shipped dictionary have spoken.  Each backend sits
behind OnlineDictionary, a small interface with an availability check (as the speech
engines do, deck.tts); lists.krdict is the one we have.

Every answer, "no such word" included, is kept in the user cache folder, one small JSON
file a word written atomically, so no word is asked twice; failures are not kept, so
the next run asks again.  The first failure of the service (no answer in time, a rate
limit, a wrong key) ends the lookups of the run in one line, and the run goes on offline:
a dictionary that failed once is likely to fail for every other word, and waiting for a
timeout per word would park a build for minutes.
"""

from __future__ import annotations

import hashlib
import json
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Optional

from vocab.errors import OnlineError
from vocab.files import atomic_write_bytes, user_cache_dir
from vocab.records import Level, Term
from vocab.text import HANGUL_WORD

CACHE_FOLDER = "dictionary"  # under the user cache folder, beside "audio"


@dataclass(frozen=True)
class OnlineEntry:
    """What an online dictionary says of one word."""

    ko: str
    en: tuple[str, ...]  # senses, the first the dictionary's first
    hanja: Optional[str] = None
    level: Optional[Level] = None
    pos: Optional[str] = None  # noun | verb | adjective | … as in Term.pos

    def to_json(self) -> dict:
        return {"ko": self.ko, "en": list(self.en), "hanja": self.hanja, "level": self.level, "pos": self.pos}

    @classmethod
    def from_json(cls, data: dict) -> "OnlineEntry":
        return cls(data["ko"], tuple(data["en"]), data.get("hanja"), data.get("level"), data.get("pos"))


class OnlineDictionary(ABC):
    name: str  # the cache's folder and `gloss_source`: never change it for a backend
    title: str  # how messages call it
    unavailable_hint = ""  # what the user can do when available() is False

    @abstractmethod
    def available(self) -> bool:
        """Whether lookups can be tried at all (a key is set); no request is made."""

    @abstractmethod
    def lookup(self, word: str) -> list[OnlineEntry]:
        """The entries whose headword is exactly `word` (homographs: one each), [] when
        the dictionary has no such word; raises OnlineError when it cannot answer."""


class OnlineCache:
    """One JSON file per (dictionary, word): the entries found, [] for an unknown word."""

    def __init__(self, root: Optional[Path] = None):
        self.root = Path(root) if root is not None else user_cache_dir() / CACHE_FOLDER

    def path(self, dictionary: str, word: str) -> Path:
        digest = hashlib.sha1(word.encode("utf-8")).hexdigest()[:24]
        return self.root / dictionary / f"{digest}.json"

    def get(self, dictionary: str, word: str) -> Optional[list[OnlineEntry]]:
        """The entries found when `word` was asked, None when it never was (or the file is
        unreadable: asking again is cheaper than failing)."""
        try:
            data = json.loads(self.path(dictionary, word).read_text(encoding="utf-8"))
            return [OnlineEntry.from_json(entry) for entry in data["entries"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, dictionary: str, word: str, entries: list[OnlineEntry]) -> None:
        record = {"word": word, "entries": [entry.to_json() for entry in entries]}
        try:
            atomic_write_bytes(self.path(dictionary, word),
                               json.dumps(record, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a full or read-only cache only costs a request next time

    def entries(self) -> int:
        return sum(1 for _ in self.root.glob("*/*.json")) if self.root.exists() else 0


@dataclass
class OnlineOutcome:
    terms: list[Term]
    asked: int  # requests made
    found: int  # terms glossed from the dictionary (the cache included)
    messages: list[str]  # one line each: what stopped the lookups


def wanted(term: Term) -> bool:
    """Is `term` worth a lookup: unglossed, not a name, one Hangul word."""
    return (not term.gloss and not term.is_name and term.pos != "phrase"
            and HANGUL_WORD.fullmatch(term.lemma) is not None)


def gloss_from_online(terms: Iterable[Term], dictionary: OnlineDictionary,
                      cache: Optional[OnlineCache] = None) -> OnlineOutcome:
    """Gloss the unglossed terms from `dictionary` (gloss_source = its name), cache first.

    The entry's English becomes the gloss; its hanja and level fill what the term lacks
    and replace the level guessed from frequency (a dictionary's grade is a learner's level).
    """
    cache = cache if cache is not None else OnlineCache()
    result: list[Term] = []
    messages: list[str] = []
    asked = found = 0
    failed: Optional[OnlineError] = None
    left = 0
    for term in terms:
        if not wanted(term):
            result.append(term)
            continue
        entries = cache.get(dictionary.name, term.lemma)
        if entries is None:
            if failed is not None:
                left += 1
                result.append(term)
                continue
            try:
                asked += 1
                entries = dictionary.lookup(term.lemma)
            except OnlineError as error:
                failed, left = error, 1
                result.append(term)
                continue
            cache.put(dictionary.name, term.lemma, entries)
        entry = choose_entry(entries, term.pos)
        if entry is None:
            result.append(term)
            continue
        found += 1
        result.append(replace(term, gloss="; ".join(entry.en), gloss_source=dictionary.name,
                              hanja=term.hanja or entry.hanja, level=entry.level or term.level))
    if failed is not None:
        messages.append(f"{failed}; {left} word(s) not looked up, going on offline")
    return OnlineOutcome(result, asked, found, messages)


def choose_entry(entries: list[OnlineEntry], pos: Optional[str]) -> Optional[OnlineEntry]:
    """The first entry with English of part of speech `pos`, else the first with English.

    >>> choose_entry([OnlineEntry("사과", ("apology",), pos="noun"),
    ...               OnlineEntry("사과", ("apple",), pos="noun")], "noun").en
    ('apology',)
    """
    glossed = [entry for entry in entries if entry.en]
    return next((e for e in glossed if e.pos == pos), glossed[0] if glossed else None)


def config_value(name: str, project_dir: Optional[Path] = None) -> Optional[str]:
    """A string setting of the project's .vocab.yaml (None when absent or not a string)."""
    import yaml

    config = (Path.cwd() if project_dir is None else Path(project_dir)) / ".vocab.yaml"
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # a broken config is reported by the lists' loader, which reads it too
    value = data.get(name) if isinstance(data, dict) else None
    return str(value).strip() or None if isinstance(value, (str, int)) else None


def setting(env: str, config_key: str, project_dir: Optional[Path] = None) -> Optional[str]:
    """An environment variable, else the .vocab.yaml key: the user's API key, say."""
    return os.environ.get(env, "").strip() or config_value(config_key, project_dir)
