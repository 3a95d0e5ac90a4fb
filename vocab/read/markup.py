"""Text, Markdown and HTML reduced to one thing: candidate paragraphs with a hint.

Each format says different things about structure: a heading tag, a list item, a table
cell, a bold-only line, a <nav> bar.  We keep those hints (Unit.hint) and drop the rest,
so that judging furniture and paragraph kinds (furniture.py) works the same for all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import yaml

from vocab.text import HANGUL_SYLLABLES

# What the markup said about a unit, strongest first when several apply.
#   furniture  inside <nav>, <footer>, <aside>, <form>, <figcaption>: page furniture as is
#   heading    <h1>-<h6> or a Markdown "#" heading
#   cell       a table cell (HTML or Markdown "|" tables)
#   item       a list item (<li>, "- x", "• x")
#   bold       every visible character of the line is bold (<b>, <strong>, **x**)
#   text       nothing special
Hint = str
_HINT_STRENGTH = {"furniture": 5, "heading": 4, "cell": 3, "item": 2, "bold": 1, "text": 0}


@dataclass
class Unit:
    """A candidate paragraph: one line, or wrapped lines joined back together."""

    text: str
    hint: Hint = "text"


@dataclass
class _Line:
    text: str
    hint: Hint = "text"
    soft: bool = False  # began after a plain newline, so may continue the line before


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
        parser = _BlockParser(keep_newlines=False)
        parser.feed(text)
        parser.close()
        return Page(None, _units(parser.finish()), notes, fallback_title=parser.title)
    if fmt == "markdown":
        title, body, notes = split_front_matter(text)
        parser = _BlockParser(keep_newlines=True)
        parser.feed(body)
        parser.close()
        return Page(title, _units(_markdown_lines(parser.finish())), notes)
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


# --- HTML (and the HTML inside Markdown) ---------------------------------------------

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li "
    "main nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
# Tags whose inside matters to us, by what it means; the parser counts how many of each
# kind are open, so asking "are we inside a heading?" costs one lookup.
_TAG_KIND = {
    **dict.fromkeys("button head iframe math noscript object option script select style "
                    "svg template textarea".split(), "skip"),
    **dict.fromkeys("nav footer aside form figcaption".split(), "furniture"),
    **dict.fromkeys("h1 h2 h3 h4 h5 h6".split(), "heading"),
    **dict.fromkeys("td th".split(), "cell"),
    "li": "item",
    **dict.fromkeys("b strong".split(), "bold"),
}
_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_SPACES = re.compile(r"\s+")


class _BlockParser(HTMLParser):
    """Collects lines of visible text; block elements end a block, <br> ends a line.

    keep_newlines: Markdown mode, where the text between tags is Markdown whose newlines
    and blank lines mean something; in HTML they are just spaces.
    """

    def __init__(self, keep_newlines: bool):
        super().__init__(convert_charrefs=True)
        self.keep_newlines = keep_newlines
        self.title: str | None = None
        self._title_parts: list[str] | None = None
        self._stack: list[str] = []
        self._open: dict[str, int] = {}  # tag -> how many are open
        self._kinds_open = dict.fromkeys(set(_TAG_KIND.values()), 0)
        self._blocks: list[list[_Line]] = []
        self._block: list[_Line] = []
        self._parts: list[tuple[str, bool]] = []  # (text, bold) of the current line
        self._hint: Hint = "text"
        self._has_text = False  # the current line has a visible character
        self._soft = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._title_parts = []
            return
        if tag == "br":
            self._end_line(soft=False)
        elif tag in _BLOCK_TAGS:
            self._end_block()
        if tag not in _VOID_TAGS:
            self._stack.append(tag)
            self._open[tag] = self._open.get(tag, 0) + 1
            if tag in _TAG_KIND:
                self._kinds_open[_TAG_KIND[tag]] += 1

    def handle_endtag(self, tag):
        if tag == "title":
            if self._title_parts is not None and self.title is None:
                self.title = " ".join("".join(self._title_parts).split()) or None
            self._title_parts = None
            return
        if not self._open.get(tag):
            return  # a stray end tag: HTML in the wild has plenty
        if tag in _BLOCK_TAGS:
            self._end_block()
        while self._stack:  # also closes what was left open inside it
            top = self._stack.pop()
            self._open[top] -= 1
            if top in _TAG_KIND:
                self._kinds_open[_TAG_KIND[top]] -= 1
            if top == tag:
                break

    def handle_data(self, data):
        if self._title_parts is not None:
            self._title_parts.append(data)
            return
        if self._kinds_open["skip"]:
            return
        if not self.keep_newlines:
            self._add(_SPACES.sub(" ", data))
            return
        for number, piece in enumerate(data.split("\n")):
            if number:
                self._newline()
            self._add(piece)

    def _add(self, text: str) -> None:
        if not text:
            return
        if not self._has_text and text.strip():
            # The line's hint is where its first visible character stands.
            self._hint = self._current_hint()
            self._has_text = True
        self._parts.append((text, self._kinds_open["bold"] > 0))

    def _current_hint(self) -> Hint:
        for hint in ("furniture", "heading", "cell", "item"):
            if self._kinds_open[hint]:
                return hint
        return "text"

    def _newline(self) -> None:
        """A newline in Markdown: ends the line; a blank line ends the block."""
        if self._has_text:
            self._end_line(soft=True)
        else:
            self._parts = []
            self._end_block()

    def _end_line(self, soft: bool) -> None:
        if self._has_text:
            text = "".join(text for text, _ in self._parts).strip()
            bold_only = all(bold for t, bold in self._parts if t.strip())
            hint = "bold" if bold_only and self._hint == "text" else self._hint
            self._block.append(_Line(text, hint, self._soft))
            self._soft = soft
        self._parts = []
        self._has_text = False

    def _end_block(self) -> None:
        self._end_line(soft=False)
        if self._block:
            self._blocks.append(self._block)
        self._block = []
        self._soft = False

    def finish(self) -> list[list[_Line]]:
        self._end_block()
        return self._blocks


# --- Markdown syntax in the text between tags ---------------------------------------

_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_LIST = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])\s+")
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$")
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_MD_BOLD_LINE = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"
                          r"|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"
                          r"|(?<!\w)_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)|`([^`\n]+)`")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


def _md_inline(text: str) -> str:
    # The cheap `in` tests skip the regexes on the many lines without any markup.
    if "[" in text:
        text = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text))
    if "*" in text or "_" in text or "`" in text:
        text = _MD_EMPHASIS.sub(lambda m: next(g for g in m.groups()[1:] if g is not None), text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    return text.strip()


def _markdown_lines(blocks: list[list[_Line]]) -> list[list[_Line]]:
    result: list[list[_Line]] = []
    in_code = False
    for block in blocks:
        lines: list[_Line] = []
        for line in block:
            if _MD_FENCE.match(line.text):
                in_code = not in_code
                continue
            if in_code:
                continue  # code is not prose
            if _MD_SETEXT.match(line.text) and lines and lines[-1].hint == "text":
                lines[-1].hint = "heading"  # "Title\n=====": the line above is a heading
                continue
            if _MD_RULE.match(line.text) or _MD_TABLE_RULE.match(line.text.strip()):
                continue
            text, hint = _MD_QUOTE.sub("", line.text), line.hint
            heading = _MD_HEADING.match(text)
            if heading:
                text, hint = heading.group(1), "heading"
            if text.lstrip().startswith("|"):
                for cell in _table_cells(text):
                    lines.append(_Line(cell, "cell", soft=False))
                continue
            listed = _MD_LIST.match(text)
            if listed:
                text, hint = text[listed.end():], _stronger(hint, "item")
            if _MD_BOLD_LINE.match(text.strip()):
                hint = _stronger(hint, "bold")
            text = _md_inline(text)
            if text:
                lines.append(_Line(text, hint, soft=line.soft and not listed))
        if lines:
            result.append(lines)
    return result


def _table_cells(row: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", row.strip().strip("|"))
    return [text for text in (_md_inline(cell) for cell in cells) if text]


def _stronger(a: Hint, b: Hint) -> Hint:
    return a if _HINT_STRENGTH[a] >= _HINT_STRENGTH[b] else b


# --- plain text ------------------------------------------------------------------------

# Bullets that start list lines in text dumps ("  • 고윤정 …", "- item").  Not △ or ▲:
# Korean editorials use △ to start glossary entries, and the gloss reader needs it.
_TEXT_BULLET = re.compile(r"^\s*[•◦▪▫‣●○■□◆◇▶►·\-–*+]\s+")
_BULLETS = frozenset("•◦▪▫‣●○■□◆◇▶►·-–*+")  # a quick test of a line's first character


def _text_lines(text: str) -> list[list[_Line]]:
    blocks: list[list[_Line]] = []
    block: list[_Line] = []
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            if block:
                blocks.append(block)
            block = []
            continue
        block.append(_Line(stripped, "text", soft=bool(block)))
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


def _units(blocks: list[list[_Line]]) -> list[Unit]:
    units: list[Unit] = []
    for block in blocks:
        lines = []
        for line in block:
            first = line.text[:1]
            bullet = (first in _BULLETS or first.isspace()) and _TEXT_BULLET.match(line.text)
            if bullet and line.text[bullet.end():].strip():
                line = _Line(line.text[bullet.end():].strip(), _stronger(line.hint, "item"))
            lines.append(line)
        if len(lines) == 1:  # most blocks of a web dump: nothing to join
            units.append(Unit(lines[0].text, lines[0].hint))
            continue
        widths = [_width(line.text) for line in lines]
        widest = max(widths)
        # Wrapped lines are gathered first and joined once: appending to a growing
        # string line by line would be quadratic on a long hard-wrapped text.
        groups: list[list[_Line]] = [[lines[0]]]
        for number in range(1, len(lines)):
            if _continues(lines[number - 1], lines[number], widths[number - 1], widest):
                groups[-1].append(lines[number])
            else:
                groups.append([lines[number]])
        units.extend(Unit(" ".join(l.text for l in group), group[0].hint) for group in groups)
    return units


def _continues(previous: _Line, line: _Line, previous_width: int, widest: int) -> bool:
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
