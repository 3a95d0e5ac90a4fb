"""Reading one list file against the schema, with the line of every problem.

The schema itself is described in vocab/lists/load.py.  PyYAML's composer gives each node its
start mark, so every problem names a line; values are built by SafeConstructor only
(never yaml.load), so a list file cannot run code.  A file is read completely and all
its problems collected: `vocab check` reports them all, a build stops at the first error.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from typing import Literal, Optional

import yaml
from yaml.constructor import SafeConstructor

from vocab.lists.compose import TooExpensive, compose_yaml
from vocab.records import LEVELS

POS_VALUES = ("noun", "verb", "adjective", "adverb", "determiner", "name", "phrase")
TOP_KEYS = ("name", "description", "entries")
ENTRY_KEYS = ("ko", "en", "hanja", "pos", "level", "tags", "note", "examples", "known", "skip")
EXAMPLE_KEYS = ("ko", "en")

# Besides Hangul a `ko` may hold spaces (phrases), digits (6자회담) and the middle dot
# that joins country names (한·미 동맹); anything else cannot be a mined Korean lemma.
_KO_EXTRA_CHARACTERS = frozenset(" 0123456789·")

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ListProblem:
    path: str
    line: Optional[int]  # 1-based; None when the problem is the whole file
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ListExample:
    ko: str
    en: Optional[str]
    source: str  # the list file it came from, as Example.source


@dataclass
class RawEntry:
    """One entry as one file gives it: only the fields it sets, so later files can
    override earlier ones field by field."""

    ko: str
    line: int
    fields: dict[str, object]


@dataclass
class ParsedList:
    path: str
    name: Optional[str] = None
    description: Optional[str] = None
    entries: list[RawEntry] = field(default_factory=list)
    problems: list[ListProblem] = field(default_factory=list)

    def first_error(self) -> Optional[ListProblem]:
        return next((p for p in self.problems if p.severity == "error"), None)


def normalize_ko(text: str) -> str:
    """NFC and single spaces: a list saved as decomposed jamo (macOS) or with doubled
    spaces must still match the analyser's lemmas."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _is_hangul(ch: str) -> bool:
    code = ord(ch)
    return (
        0xAC00 <= code <= 0xD7A3  # syllables
        or 0x1100 <= code <= 0x11FF  # jamo
        or 0x3130 <= code <= 0x318F  # compatibility jamo
    )


def hangul_problem(ko: str) -> Optional[str]:
    """Why `ko` is not a Korean word or phrase, or None when it is."""
    for ch in ko:
        if _is_hangul(ch) or ch in _KO_EXTRA_CHARACTERS:
            continue
        if unicodedata.name(ch, "").startswith("CJK"):
            return f"{ko!r} has {ch!r}: Chinese characters go in `hanja:`"
        if ch.isascii() and ch.isalpha():
            return f"{ko!r} has {ch!r}: English goes in `en:`"
        return f"{ko!r} has {ch!r}"
    if not any(0xAC00 <= ord(ch) <= 0xD7A3 for ch in ko):
        return f"{ko!r} has no Hangul syllable"
    return None


def _suggest(word: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


# The YAML mistakes people make most, and what to do about them.
_SYNTAX_HINTS = {
    "mapping values are not allowed here": "; quote text that contains ': '",
    "found character '\\t' that cannot start any token": "; indent with spaces, not tabs",
}


def syntax_problem(path: str, text: str, error: yaml.YAMLError) -> ListProblem:
    """A YAML error as one line; an unclosed quote or bracket also names where it opened."""
    if isinstance(error, TooExpensive):  # not a syntax error: valid YAML, refused
        return ListProblem(path, error.line, error.message)
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax error: {error.problem}{_SYNTAX_HINTS.get(str(error.problem), '')}"
        if error.context and error.context_mark and error.context_mark.line + 1 != line:
            message += f" ({error.context} started at line {error.context_mark.line + 1})"
        return ListProblem(path, line, message)
    position = getattr(error, "position", None)
    if position is not None:  # ReaderError: a control character in the text
        line = text.count("\n", 0, position) + 1
        return ListProblem(path, line, f"YAML syntax error: {getattr(error, 'reason', error)}")
    return ListProblem(path, None, f"YAML syntax error: {error}")


class _Reader:
    """Walks the composed nodes of one file, collecting entries and problems."""

    def __init__(self, path: str):
        self.parsed = ParsedList(path)
        self.constructor = SafeConstructor()

    def problem(self, node: yaml.Node, message: str, severity: Severity = "error") -> None:
        self.parsed.problems.append(
            ListProblem(self.parsed.path, node.start_mark.line + 1, message, severity)
        )

    def mapping(self, node: yaml.MappingNode, allowed: tuple[str, ...], what: str) -> dict:
        """key -> value node; unknown and repeated keys are reported and dropped."""
        found: dict[str, yaml.Node] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key not in allowed:
                shown = key if isinstance(key, str) else "(not a name)"
                hint = _suggest(str(key), allowed) or f" (keys: {', '.join(allowed)})"
                self.problem(key_node, f"unknown key {shown!r} in {what}{hint}")
            elif key in found:
                self.problem(key_node, f"duplicate key {key!r} (first at line {first_line[key]})")
            else:
                found[key] = value_node
                first_line[key] = key_node.start_mark.line + 1
        return found

    def scalar(self, node: yaml.Node) -> object:
        if node.tag not in _PLAIN_TAGS:
            return None  # reported once, by parse_list_text
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as error:  # e.g. an unknown !tag
            self.problem(node, f"cannot read value: {getattr(error, 'problem', error)}")
            return None

    def text(self, node: yaml.Node, key: str, keep_lines: bool = False) -> Optional[str]:
        """A text value; null and "" mean "not given" (so an unfilled template changes nothing).
        Runs of spaces and line breaks become one space, except in a note (keep_lines)."""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"`{key}` must be text, not a {_kind(node)}")
            return None
        value = self.scalar(node)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(node, f'`{key}` must be text; quote it: {key}: "{node.value}"')
            return None
        return (value.strip() if keep_lines else " ".join(value.split())) or None

    def texts(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        """One text or a sequence of them (`en`, `tags`)."""
        if isinstance(node, yaml.SequenceNode):
            items = (self.text(item, key) for item in node.value)
            return tuple(item for item in items if item)
        value = self.text(node, key)
        return (value,) if value else ()

    def choice(self, node: yaml.Node, key: str, choices: tuple[str, ...]) -> Optional[str]:
        value = self.text(node, key)
        if value is not None and value not in choices:
            self.problem(
                node, f"unknown {key} {value!r} (one of: {', '.join(choices)})" + _suggest(value, choices)
            )
            return None
        return value

    def flag(self, node: yaml.Node, key: str) -> Optional[bool]:
        value = self.scalar(node) if isinstance(node, yaml.ScalarNode) else "not a scalar"
        if value is None or isinstance(value, bool):
            return value
        self.problem(node, f"`{key}` must be true or false")
        return None

    def examples(self, node: yaml.Node) -> tuple[ListExample, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "`examples` must be a sequence of `- ko: … en: …` items")
            return ()
        found = []
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):  # a bare Korean sentence
                ko, en = self.text(item, "examples"), None
            elif isinstance(item, yaml.MappingNode):
                keys = self.mapping(item, EXAMPLE_KEYS, "an example")
                ko = self.text(keys["ko"], "ko") if "ko" in keys else None
                en = self.text(keys["en"], "en") if "en" in keys else None
                if ko is None:
                    self.problem(item, "example without `ko:`")
            else:
                self.problem(item, "an example is `- ko: … en: …`")
                ko = None
            if ko:
                found.append(ListExample(unicodedata.normalize("NFC", ko), en, self.parsed.path))
        return tuple(found)

    def entry(self, node: yaml.Node) -> Optional[RawEntry]:
        if not isinstance(node, yaml.MappingNode):
            hint = f"; write `- ko: {node.value}`" if isinstance(node, yaml.ScalarNode) else ""
            self.problem(node, "an entry must be a mapping with at least `ko:`" + hint)
            return None
        keys = self.mapping(node, ENTRY_KEYS, "an entry")
        if "ko" not in keys:
            self.problem(node, "entry without `ko:`")
            return None
        reported = len(self.parsed.problems)
        ko = self.text(keys["ko"], "ko")
        if ko is None:
            if len(self.parsed.problems) == reported:  # not already reported as not text
                self.problem(keys["ko"], "`ko` is empty")
            return None
        ko = normalize_ko(ko)
        why = hangul_problem(ko)
        if why:
            self.problem(keys["ko"], f"`ko` must be written in Hangul: {why}")
            return None
        fields: dict[str, object] = {}
        readers = {
            "en": lambda n: self.texts(n, "en"),
            "hanja": lambda n: self.text(n, "hanja"),
            "pos": lambda n: self.choice(n, "pos", POS_VALUES),
            "level": lambda n: self.choice(n, "level", LEVELS),
            "tags": lambda n: self.texts(n, "tags"),
            "note": lambda n: self.text(n, "note", keep_lines=True),
            "examples": self.examples,
            "known": lambda n: self.flag(n, "known"),
            "skip": lambda n: self.flag(n, "skip"),
        }
        for key in ENTRY_KEYS[1:]:  # schema order, so fields read the same in every run
            if key in keys:
                value = readers[key](keys[key])
                if value is not None and value != ():
                    fields[key] = value
        hanja = fields.get("hanja")
        if isinstance(hanja, str) and not any(unicodedata.name(c, "").startswith("CJK") for c in hanja):
            self.problem(keys["hanja"], f"`hanja` {hanja!r} has no Chinese character", "warning")
        return RawEntry(ko, keys["ko"].start_mark.line + 1, fields)

    def document(self, root: Optional[yaml.Node]) -> None:
        entries_node: Optional[yaml.Node] = root
        if isinstance(root, yaml.MappingNode):
            keys = self.mapping(root, TOP_KEYS, "a list file")
            for key in ("name", "description"):
                if key in keys:
                    setattr(self.parsed, key, self.text(keys[key], key))
            entries_node = keys.get("entries")
            if entries_node is None and "entries" not in keys:
                self.problem(root, "no `entries:` in the list file")
                return
        elif root is not None and not isinstance(root, yaml.SequenceNode):
            self.problem(root, "a list file is a mapping with `entries:`, or a sequence of entries")
            return
        if entries_node is None or (
            isinstance(entries_node, yaml.ScalarNode) and self.scalar(entries_node) is None
        ):
            self.parsed.problems.append(ListProblem(self.parsed.path, None, "the list has no entries", "warning"))
            return
        if not isinstance(entries_node, yaml.SequenceNode):
            self.problem(entries_node, "`entries` must be a sequence of entries, each starting with '- '")
            return
        first_line: dict[str, int] = {}
        for item in entries_node.value:
            entry = self.entry(item)
            if entry is None:
                continue
            if entry.ko in first_line:
                self.problem(item, f"duplicate entry {entry.ko!r} (first at line {first_line[entry.ko]})")
                continue
            first_line[entry.ko] = entry.line
            self.parsed.entries.append(entry)


def _kind(node: yaml.Node) -> str:
    return "list" if isinstance(node, yaml.SequenceNode) else "mapping"


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


def _foreign_tags(root: Optional[yaml.Node]) -> list[yaml.Node]:
    """Nodes tagged with anything but plain YAML types (!!python/object …): the safe loader
    would refuse them on scalars but the reader looks at collection nodes itself."""
    found, stack, seen = [], [root] if root is not None else [], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            found.append(node)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return sorted(found, key=lambda n: (n.start_mark.line, n.start_mark.column))


def parse_list_text(path: str, text: str) -> ParsedList:
    """A YAML list file's entries and problems; never raises on bad input."""
    reader = _Reader(path)
    try:
        root = compose_yaml(text)
    except yaml.YAMLError as error:
        reader.parsed.problems.append(syntax_problem(path, text, error))
        return reader.parsed
    for node in _foreign_tags(root):
        reader.problem(node, f"tag {node.tag!r} is not allowed in a word list (plain YAML only)")
    reader.document(root)
    reader.parsed.problems.sort(key=lambda p: p.line or 0)  # stable: same-line order kept
    return reader.parsed


def parse_known_text(path: str, text: str) -> ParsedList:
    """A plain known-words file: one word per line, `#` starts a comment, blank lines are
    skipped, and anything after a tab is ignored (so a column exported from Anki works)."""
    parsed = ParsedList(path)
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        word = normalize_ko(line.split("\t", 1)[0].split("#", 1)[0])
        if not word or word in seen:
            continue
        why = hangul_problem(word)
        if why:
            parsed.problems.append(ListProblem(path, number, f"not a Korean word: {why}"))
            continue
        seen.add(word)
        parsed.entries.append(RawEntry(word, number, {"known": True}))
    return parsed


def parse_list_bytes(path: str, data: bytes, known_words: bool = False) -> ParsedList:
    """Decode (UTF-8, with or without BOM) and parse; a decoding error names its line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        parsed = ParsedList(path)
        line = data.count(b"\n", 0, error.start) + 1
        parsed.problems.append(ListProblem(path, line, "not UTF-8 text; save the file as UTF-8"))
        return parsed
    return parse_known_text(path, text) if known_words else parse_list_text(path, text)
