"""Curated YAML lists: the schema, where lists are found, how they merge, how they are checked.

A list file is a YAML mapping (or just the sequence of entries, without name)::

    name: political            # optional
    description: Political and diplomatic vocabulary of Korean news   # optional
    entries:
      - ko: 동맹                # required: dictionary form, in Hangul (spaces for phrases)
        en: alliance            # text, or several senses: [summit, leader]
        hanja: 同盟
        pos: noun               # noun | verb | adjective | adverb | determiner | name | phrase
        level: intermediate     # beginner | intermediate | advanced
        tags: [alliances]
        note: "free text"
        examples:
          - ko: 두 나라는 동맹을 맺었다.
            en: The two countries formed an alliance.
        known: true             # the learner knows it: left out of builds
        skip: true              # never study vocabulary (a stop list)

A field left out, null or "" is "not given": it leaves what an earlier list said alone.

Lists load in this order, a later list overriding earlier ones entry by entry and field by
field (a list giving only `ko` and `en` changes the gloss of a shipped entry and nothing else):

0. the shipped dictionary (vocab/lists/dictionary.tsv, see lists.dictionary), beneath every
   list: looked up lazily, a word at a time, and merged under the lists' entry by get();
1. the lists shipped in the package (vocab/lists/*.yaml), by file name;
2. the project's lists: `vocab/*.yaml` in the project folder (the working directory),
   unless that folder is a Python package (as in vocab's own checkout), then the folder
   named by `lists_dir:` in the project's `.vocab.yaml` (relative to that file);
3. `--list FILE` lists, in the order given;
4. `--known FILE` plain-text files (one word per line, `#` comments): those words known.

YAML is only ever read with PyYAML's safe loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Optional, Sequence, Union

import yaml

from vocab.errors import FileRefused, ListError
from vocab.files import DATA_PATH, read_bounded
from vocab.lists.cache import ListCache
from vocab.lists.dictionary import Dictionary, shipped_dictionary
from vocab.lists.entry import Entry
from vocab.lists.schema import (
    ListExample,
    ListProblem,
    ParsedList,
    compose_yaml,
    normalize_ko,
    parse_list_bytes,
    syntax_problem,
)
from vocab.records import Level

__all__ = [
    "CONFIG_FILE",
    "Entry",
    "Lexicon",
    "ListExample",
    "ListProblem",
    "LoadedList",
    "check_files",
    "default_list_files",
    "load_lexicon",
    "project_list_paths",
    "shipped_list_paths",
]

CONFIG_FILE = ".vocab.yaml"  # YAML rather than TOML: tomllib needs Python 3.11
PROJECT_LISTS_DIR = "vocab"
LIST_SUFFIXES = (".yaml", ".yml")
# The shipped lexicon of 900 entries is 120 KB; a list a thousand times larger is no list
# anyone wrote by hand, and reading it is refused before it fills the memory.
MAX_LIST_BYTES = 16 * 1024 * 1024

Origin = Literal["shipped", "project", "user", "known"]
# Lists the learner wrote; their entries may add words the corpus never used.
_LEARNER_ORIGINS = ("project", "user")
if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    # A readable file: a Path, or a package resource when vocab runs from a zip.
    ListPath = Union[Path, Traversable]


@dataclass(frozen=True)
class LoadedList:
    path: str
    name: str  # the list's `name:`, else the file's stem
    description: Optional[str]
    entries: int
    origin: Origin


# The fields a list entry overrides the dictionary's with when it gives them.
_DICTIONARY_FIELDS = ("en", "hanja", "pos", "level")


@dataclass
class Lexicon:
    entries: dict[str, Entry] = field(default_factory=dict)  # the lists' entries by ko, in load order
    lists: list[LoadedList] = field(default_factory=list)
    warnings: list[ListProblem] = field(default_factory=list)  # per-file warnings
    dictionary: Optional[Dictionary] = None  # beneath the lists

    def get(self, ko: str, pos: Optional[str] = None) -> Optional[Entry]:
        """What the lists and the dictionary say of `ko`, field by field, lists first.
        `pos` picks the dictionary's entry when it has one per part of speech (자주)."""
        ko = normalize_ko(ko)
        listed = self.entries.get(ko)
        found = self.dictionary.get(ko, pos) if self.dictionary is not None else None
        if found is None:
            return listed
        if listed is None:
            return found
        taken = {name: getattr(found, name) for name in _DICTIONARY_FIELDS
                 if not getattr(listed, name) and getattr(found, name)}
        if not taken:
            return listed
        return replace(listed, dictionary_fields=frozenset(taken), **taken)

    def listed(self, ko: str) -> bool:
        """Does a curated list (not the dictionary) name `ko`?"""
        return normalize_ko(ko) in self.entries

    def is_known(self, ko: str) -> bool:
        entry = self.get(ko)
        return bool(entry and entry.known)

    def is_skipped(self, ko: str) -> bool:
        entry = self.get(ko)
        return bool(entry and entry.skip)

    def phrases(self) -> tuple[str, ...]:
        """Multi-word entries, for the miner to look for in the text; longest first, so
        a phrase is matched before a shorter one inside it."""
        return tuple(sorted((ko for ko in self.entries if " " in ko), key=lambda ko: (-len(ko), ko)))


def _list_files(folder: ListPath) -> list[ListPath]:
    files = [f for f in folder.iterdir() if f.name.endswith(LIST_SUFFIXES) and f.is_file()]
    return sorted(files, key=lambda f: f.name)


def shipped_list_paths() -> list[ListPath]:
    folder = DATA_PATH
    return _list_files(folder) if folder.is_dir() else []


def is_shipped_path(path: Path) -> bool:
    folder = DATA_PATH
    return isinstance(folder, Path) and path.resolve().parent == folder.resolve()


def _config_lists_dir(config: Path) -> Optional[Path]:
    """The folder named by `lists_dir:` in .vocab.yaml; other keys are left to their readers."""
    try:
        text = config.read_text(encoding="utf-8-sig")
        root = compose_yaml(text)
    except (OSError, UnicodeDecodeError) as error:
        raise ListError(str(config), None, f"cannot read the config: {error}") from None
    except yaml.YAMLError as error:
        problem = syntax_problem(str(config), text, error)
        raise ListError(problem.path, problem.line, problem.message) from None
    if root is None:
        return None
    if not isinstance(root, yaml.MappingNode):
        raise ListError(str(config), root.start_mark.line + 1, "the config must be a mapping (lists_dir: FOLDER)")
    for key, value in root.value:
        if key.value != "lists_dir":
            continue
        line = value.start_mark.line + 1
        if not isinstance(value, yaml.ScalarNode) or not value.value.strip():
            raise ListError(str(config), line, "`lists_dir` must name a folder")
        folder = config.parent / value.value.strip()
        if not folder.is_dir():
            raise ListError(str(config), line, f"`lists_dir` folder {str(folder)!r} does not exist")
        return folder
    return None


def project_list_paths(project_dir: Optional[Path] = None) -> list[Path]:
    """The project's list files: vocab/*.yaml of project_dir (default: the working
    directory) unless it is a Python package, then those of .vocab.yaml's lists_dir."""
    root = Path.cwd() if project_dir is None else Path(project_dir)
    folders = []
    local = root / PROJECT_LISTS_DIR
    if local.is_dir() and not (local / "__init__.py").exists():
        folders.append(local)
    config = root / CONFIG_FILE
    if config.is_file():
        configured = _config_lists_dir(config)
        if configured is not None:
            folders.append(configured)
    shipped = DATA_PATH
    seen = {shipped.resolve()} if isinstance(shipped, Path) else set()
    paths: list[Path] = []
    for folder in folders:
        if folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        paths.extend(_list_files(folder))
    return paths


def default_list_files(project_dir: Optional[Path] = None) -> list[ListPath]:
    """What `vocab check` checks without arguments: the shipped and the project lists."""
    return [*shipped_list_paths(), *project_list_paths(project_dir)]


def _read(path: ListPath, known_words: bool = False, cache: Optional[ListCache] = None) -> ParsedList:
    try:
        if isinstance(path, Path):  # a FIFO or /dev/zero given as a list must not hang
            data, _ = read_bounded(path, MAX_LIST_BYTES, "a word list")
        else:  # a package resource inside a zip: ours, and small
            data = path.read_bytes()
    except FileRefused as error:
        parsed = ParsedList(str(path))
        parsed.problems.append(ListProblem(str(path), None, error.reason))
        return parsed
    except OSError as error:
        parsed = ParsedList(str(path))
        parsed.problems.append(ListProblem(str(path), None, f"cannot read: {error.strerror or error}"))
        return parsed
    if cache is None or known_words:  # a known-words file is read faster than a cache entry
        return parse_list_bytes(str(path), data, known_words=known_words)
    parsed = cache.lookup(str(path), data)
    if parsed is None:
        parsed = parse_list_bytes(str(path), data)
        cache.store(parsed, data)
    return parsed


def load_lexicon(
    user_lists: Sequence[Path] = (),
    known_files: Sequence[Path] = (),
    project_dir: Optional[Path] = None,
    shipped: bool = True,
    use_cache: bool = False,
) -> Lexicon:
    """Load and merge every list (order in the module docstring).

    All files are read and checked before anything is merged: the first error raises
    ListError naming file and line, and no half-loaded lexicon ever reaches a build.
    `use_cache` keeps parsed lists in the user cache (vocab.listcache) for the next run.
    """
    sources: list[tuple[ListPath, Origin]] = []
    if shipped:
        sources += [(p, "shipped") for p in shipped_list_paths()]
    sources += [(p, "project") for p in project_list_paths(project_dir)]
    sources += [(Path(p), "user") for p in user_lists]
    sources += [(Path(p), "known") for p in known_files]
    cache = ListCache() if use_cache else None
    dictionary = shipped_dictionary(DATA_PATH) if shipped else None
    parsed_lists = []
    for path, origin in sources:
        parsed = _read(path, known_words=origin == "known", cache=cache)
        error = parsed.first_error()
        if error is not None:
            raise ListError(error.path, error.line, error.message)
        parsed_lists.append((parsed, origin))
    lexicon = _merge(parsed_lists)
    if dictionary is not None:
        lexicon.dictionary = dictionary
        loaded = LoadedList(dictionary.path, "dictionary", dictionary.description, len(dictionary), "shipped")
        lexicon.lists.insert(0, loaded)
    return lexicon


def _merge(parsed_lists: Sequence[tuple[ParsedList, Origin]]) -> Lexicon:
    fields: dict[str, dict[str, object]] = {}
    origins: dict[str, list[tuple[str, int]]] = {}
    learner_fields: dict[str, set[str]] = {}
    lexicon = Lexicon()
    for parsed, origin in parsed_lists:
        for raw in parsed.entries:
            fields.setdefault(raw.ko, {}).update(raw.fields)
            origins.setdefault(raw.ko, []).append((parsed.path, raw.line))
            marks = learner_fields.setdefault(raw.ko, set())
            if origin in _LEARNER_ORIGINS:
                marks.update(("ko", *raw.fields))
        name = parsed.name or Path(parsed.path).stem
        lexicon.lists.append(LoadedList(parsed.path, name, parsed.description, len(parsed.entries), origin))
        lexicon.warnings.extend(p for p in parsed.problems if p.severity == "warning")
    for ko, given in fields.items():
        lexicon.entries[ko] = Entry(
            ko=ko,
            origins=tuple(origins[ko]),
            learner_fields=frozenset(learner_fields[ko]),
            **given,  # type: ignore[arg-type]  # keys are Entry fields (listfile.ENTRY_KEYS)
        )
    return lexicon


def check_files(paths: Sequence[ListPath]) -> list[ListProblem]:
    """Every problem of the given files (`.txt` files are read as known-words files), in
    file order then line order, plus a warning where a file changes a gloss an earlier
    file gave: overriding a shipped gloss can be deliberate, so it is not an error."""
    problems: list[ListProblem] = []
    glosses: dict[str, tuple[tuple[str, ...], str, int]] = {}
    for path in paths:
        parsed = _read(path, known_words=str(path).endswith(".txt"))
        found = list(parsed.problems)
        for raw in parsed.entries:
            en = raw.fields.get("en")
            if not en:
                continue
            earlier = glosses.get(raw.ko)
            if earlier and earlier[0] != en and earlier[1] != parsed.path:
                found.append(
                    ListProblem(
                        parsed.path,
                        raw.line,
                        f"{raw.ko!r}: gloss {'; '.join(en)!r} overrides {'; '.join(earlier[0])!r}"
                        f" from {earlier[1]}:{earlier[2]}",
                        "warning",
                    )
                )
            glosses[raw.ko] = (en, parsed.path, raw.line)  # type: ignore[assignment]
        problems.extend(sorted(found, key=lambda p: p.line or 0))
    return problems
