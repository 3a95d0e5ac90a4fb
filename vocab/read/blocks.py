"""Lines of text as markup leaves them, each with the hint the markup gave.

The HTML and Markdown readers (html_text.py, markdown.py) and the plain-text one
(markup.py) all give blocks of Lines; markup.py joins them into Units.
"""

from __future__ import annotations

from dataclasses import dataclass

# What the markup said about a unit, strongest first when several apply.
#   furniture  inside <nav>, <footer>, <aside>, <form>, <figcaption>: page furniture as is
#   heading    <h1>-<h6> or a Markdown "#" heading
#   cell       a table cell (HTML or Markdown "|" tables)
#   item       a list item (<li>, "- x", "• x")
#   bold       every visible character of the line is bold (<b>, <strong>, **x**)
#   text       nothing special
Hint = str
HINT_STRENGTH = {"furniture": 5, "heading": 4, "cell": 3, "item": 2, "bold": 1, "text": 0}


@dataclass
class Line:
    text: str
    hint: Hint = "text"
    soft: bool = False  # began after a plain newline, so may continue the line before


def stronger(a: Hint, b: Hint) -> Hint:
    """The stronger of two hints (HINT_STRENGTH)."""
    return a if HINT_STRENGTH[a] >= HINT_STRENGTH[b] else b
