"""YAML text -> node tree, with bounds on what a small file can make the reader do.

Two shapes of a list file cost far more than their size:

- anchors and aliases: `examples: &ex [...]` once, then `examples: *ex` on 3,000
  entries, is 200 KB of text that reads as 3,000 copies of the examples (a "billion
  laughs" file is the same trick nested).  The composed tree shares the aliased node,
  so its expanded size is counted without expanding it, and a file whose aliases add
  more than MAX_ALIAS_NODES is refused, naming the anchor's line;
- deep nesting (`[[[[…`): libyaml stops at 1,000 levels, PyYAML's pure-Python loader
  recurses once per level and overflows Python's stack first.  No list needs more
  than a few levels, so a file nested deeper than MAX_DEPTH is refused with its line.
"""

from __future__ import annotations

from typing import Optional

import yaml

# Values aliases may add beyond those written out: shared tags or a shared example or
# two on every entry of a long list stay well below it; the 3,000 x 400 examples of an
# anchor bomb (1.2 million example values from 164 KB) do not.
MAX_ALIAS_NODES = 100_000
# An entry is three levels down (entries, entry, examples, example: four); ten times that.
MAX_DEPTH = 40


class TooExpensive(yaml.YAMLError):
    """The file composes, but reading it would cost far more than its size: `line` says where."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def compose_yaml(text: str) -> Optional[yaml.Node]:
    """The node tree of a YAML text, by libyaml when present (six times faster on the
    shipped lists); on an error the pure-Python loader reads it again, so the message
    is the same on every installation.  Raises yaml.YAMLError (TooExpensive among them)."""
    fast_loader = getattr(yaml, "CSafeLoader", None)
    if fast_loader is not None:
        try:
            root = yaml.compose(text, Loader=fast_loader)
        except yaml.YAMLError as error:
            if _too_deep(error):  # the pure-Python loader would overflow the stack on it
                raise TooExpensive(error.problem_mark.line + 1, _DEEP) from None
        else:
            return _bounded(root)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:  # the pure-Python composer recurses once per level
        raise TooExpensive(_deep_line(text), _DEEP) from None
    return _bounded(root)


_DEEP = f"nested more than {MAX_DEPTH} levels deep"


def _too_deep(error: yaml.YAMLError) -> bool:
    return "nesting depth" in str(getattr(error, "problem", "")) and bool(getattr(error, "problem_mark", None))


def _bounded(root: Optional[yaml.Node]) -> Optional[yaml.Node]:
    """`root` unchanged, after checking its depth and expanded size without recursion."""
    if root is None:
        return None
    size: dict[int, int] = {}  # id(node) -> values it expands to, itself included
    uses: dict[int, int] = {}  # id(node) -> how often the tree refers to it
    nodes: dict[int, yaml.Node] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        key = id(node)
        if children_done:
            sizes = [size.get(id(child)) for child in _children(node)]
            if None in sizes:  # a child still being walked: an alias inside its own anchor
                raise TooExpensive(node.start_mark.line + 1, "a value contains itself (an alias inside its anchor)")
            size[key] = 1 + sum(sizes)
            continue
        uses[key] = uses.get(key, 0) + 1
        if key in nodes:  # an alias: counted again below, not walked again
            continue
        nodes[key] = node
        if depth > MAX_DEPTH:
            raise TooExpensive(node.start_mark.line + 1, _DEEP)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))
    expanded = size[id(root)]  # every alias written out
    added = expanded - len(nodes)
    if added > MAX_ALIAS_NODES:
        worst = max((k for k in uses if uses[k] > 1), key=lambda k: (uses[k] - 1) * size[k])
        anchor = nodes[worst]
        raise TooExpensive(
            anchor.start_mark.line + 1,
            f"aliases expand the list to {expanded:,} values, {added:,} more than written "
            f"(the limit is {MAX_ALIAS_NODES:,}): write the values out, or share fewer of them",
        )
    return root


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _deep_line(text: str) -> int:
    """The line where the text first goes MAX_DEPTH levels deep, read with the scanner,
    which keeps a stack rather than recursing."""
    depth = 0
    opening = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
               yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
    closing = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, opening):
                depth += 1
                if depth > MAX_DEPTH:
                    return token.start_mark.line + 1
            elif isinstance(token, closing):
                depth -= 1
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return mark.line + 1 if mark else 1
    return 1
