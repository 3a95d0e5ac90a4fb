"""Markdown syntax in the text between tags: headings, lists, quotes, tables, emphasis.

The HTML parser (html_text.BlockParser, keeping newlines) gives the lines; here each
line loses its Markdown and gains the hint it stood for.
"""

from __future__ import annotations

import re

from vocab.read.blocks import Line, stronger

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


def markdown_lines(blocks: list[list[Line]]) -> list[list[Line]]:
    result: list[list[Line]] = []
    in_code = False
    for block in blocks:
        lines: list[Line] = []
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
                    lines.append(Line(cell, "cell", soft=False))
                continue
            listed = _MD_LIST.match(text)
            if listed:
                text, hint = text[listed.end():], stronger(hint, "item")
            if _MD_BOLD_LINE.match(text.strip()):
                hint = stronger(hint, "bold")
            text = _md_inline(text)
            if text:
                lines.append(Line(text, hint, soft=line.soft and not listed))
        if lines:
            result.append(lines)
    return result


def _table_cells(row: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", row.strip().strip("|"))
    return [text for text in (_md_inline(cell) for cell in cells) if text]
