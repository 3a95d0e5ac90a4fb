"""HTML (and the HTML inside Markdown) reduced to blocks of visible lines."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from vocab.read.blocks import Hint, Line

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


class BlockParser(HTMLParser):
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
        self._blocks: list[list[Line]] = []
        self._block: list[Line] = []
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
            self._block.append(Line(text, hint, self._soft))
            self._soft = soft
        self._parts = []
        self._has_text = False

    def _end_block(self) -> None:
        self._end_line(soft=False)
        if self._block:
            self._blocks.append(self._block)
        self._block = []
        self._soft = False

    def finish(self) -> list[list[Line]]:
        self._end_block()
        return self._blocks
