"""Text, Markdown and HTML reduced to one thing: candidate paragraphs with a hint.

Each format says different things about structure: a heading tag, a list item, a table
cell, a bold-only line, a <nav> bar.  We keep those hints (Unit.hint) and drop the rest,
so that judging furniture and paragraph kinds (furniture.py) works the same for all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from vocab.read.blocks import Hint, Line, stronger
from vocab.read.html_text import BlockParser
from vocab.read.markdown import markdown_lines
from vocab.text import HANGUL_SYLLABLES


@dataclass
class Unit:
    """A candidate paragraph: one line, or wrapped lines joined back together."""

    text: str
    hint: Hint = "text"


@dataclass
class Page:
    title: str | None  # from front matter
    units: list[Unit]
    notes: list[str] = field(default_factory=list)
    # HTML's <title>: second choice after the first heading, because sites append
    # their own name to it ("기사 제목 | 세계일보").
    fallback_title: str | None = None


def parse_page(text: str, fmt: str) -> Page:
    """fmt is "text", "markdown" or "html" (see sniff_format)."""
    notes: list[str] = []
    if fmt == "html":
        parser = BlockParser(keep_newlines=False)
        parser.feed(text)
        parser.close()
        return Page(None, _units(parser.finish()), notes, fallback_title=parser.title)
    if fmt == "markdown":
        title, body, notes = split_front_matter(text)
        parser = BlockParser(keep_newlines=True)
        parser.feed(body)
        parser.close()
        return Page(title, _units(markdown_lines(parser.finish())), notes)
    return Page(None, _units(_text_lines(text)), notes)


def sniff_format(text: str, suffix: str) -> str:
    """The format from the content first (a .txt page saved with front matter and HTML is
    Markdown), then from the file name."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if _FRONT_MATTER.match(text):
        return "markdown"
    suffix = suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


# --- front matter ------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TITLE_LINE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str | None, str, list[str]]:
    """(title, body, notes).  Broken YAML costs the title a guess, not the document."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, []
    block = match.group(1) or ""
    # Keep the front matter's line count so that later line numbers still match the file.
    body = "\n" * match.group(0).count("\n") + text[match.end():]
    try:
        data = yaml.safe_load(block)
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        # ValueError: PyYAML builds dates itself and fails on "2024-13-45".
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        guess = _TITLE_LINE.search(block)
        title = guess.group(1).strip("'\"") if guess else None
        return title or None, body, [f"front matter is not valid YAML{where}; ignored"]
    title = data.get("title") if isinstance(data, dict) else None
    if title is None or isinstance(title, (dict, list)):
        return None, body, []
    return " ".join(str(title).split()) or None, body, []



# --- plain text ------------------------------------------------------------------------

# Bullets that start list lines in text dumps ("  • 고윤정 …", "- item").  Not △ or ▲:
# Korean editorials use △ to start glossary entries, and the gloss reader needs it.
_TEXT_BULLET = re.compile(r"^\s*[•◦▪▫‣●○■□◆◇▶►·\-–*+]\s+")
_BULLETS = frozenset("•◦▪▫‣●○■□◆◇▶►·-–*+")  # a quick test of a line's first character


def _text_lines(text: str) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    block: list[Line] = []
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            if block:
                blocks.append(block)
            block = []
            continue
        block.append(Line(stripped, "text", soft=bool(block)))
    if block:
        blocks.append(block)
    return blocks


# --- lines to units ----------------------------------------------------------------------

# Lines are joined back into one paragraph only when they look hard-wrapped: the block is
# at least this wide (display columns: a Hangul syllable takes two), and the earlier line
# fills at least this share of the block's widest line.  Web dumps put each paragraph,
# date, credit and headline on a line of its own, and those lines vary in width.
_MIN_WRAP_WIDTH = 50
_FULL_LINE_SHARE = 0.75


def _units(blocks: list[list[Line]]) -> list[Unit]:
    units: list[Unit] = []
    for block in blocks:
        lines = []
        for line in block:
            first = line.text[:1]
            bullet = (first in _BULLETS or first.isspace()) and _TEXT_BULLET.match(line.text)
            if bullet and line.text[bullet.end():].strip():
                line = Line(line.text[bullet.end():].strip(), stronger(line.hint, "item"))
            lines.append(line)
        if len(lines) == 1:  # most blocks of a web dump: nothing to join
            units.append(Unit(lines[0].text, lines[0].hint))
            continue
        widths = [_width(line.text) for line in lines]
        widest = max(widths)
        # Wrapped lines are gathered first and joined once: appending to a growing
        # string line by line would be quadratic on a long hard-wrapped text.
        groups: list[list[Line]] = [[lines[0]]]
        for number in range(1, len(lines)):
            if _continues(lines[number - 1], lines[number], widths[number - 1], widest):
                groups[-1].append(lines[number])
            else:
                groups.append([lines[number]])
        units.extend(Unit(" ".join(l.text for l in group), group[0].hint) for group in groups)
    return units


def _continues(previous: Line, line: Line, previous_width: int, widest: int) -> bool:
    return (
        line.soft
        and line.hint == previous.hint == "text"
        and widest >= _MIN_WRAP_WIDTH
        and previous_width >= _FULL_LINE_SHARE * widest
        and not previous.text.endswith((".", "!", "?", "。", "다", ":", "”", '"'))
        and _script(previous.text) == _script(line.text)
    )


# East Asian wide characters (Hangul, CJK, full-width forms) take two columns.  Counted
# by runs, not one by one: a list of every syllable of a Korean line costs far more.
# ([x][x]* rather than [x]+: a pattern that starts with a character class lets the regex
# engine skip to the next run instead of trying a match at every position.)
_WIDE_RANGES = ("\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f"
                "\uff00-\uff60\uffe0-\uffe6")
_NARROW_RUN = re.compile(f"[^{_WIDE_RANGES}][^{_WIDE_RANGES}]*")
_HANGUL_RUN = re.compile(f"[{HANGUL_SYLLABLES}][{HANGUL_SYLLABLES}]*")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z]*")


def _width(text: str) -> int:
    return 2 * len(text) - sum(map(len, _NARROW_RUN.findall(text)))


def _script(text: str) -> str:
    hangul = sum(map(len, _HANGUL_RUN.findall(text)))
    return "ko" if hangul >= sum(map(len, _LATIN_RUN.findall(text))) else "en"
