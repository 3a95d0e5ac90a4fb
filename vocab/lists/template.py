"""The gloss template: `vocab gloss --out FILE` writes the mined words that have no English
yet as a list to fill in, and appends to it on later runs without touching the learner's edits.

The file is a plain list file (see vocab/lists.py), so once filled in it is used with
`--list FILE`.  Appending is done on the text, never by re-dumping YAML: PyYAML would drop
the learner's comments and reformat their lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import yaml

from vocab.errors import ListError
from vocab.files import atomic_write_text
from vocab.lists.schema import compose_yaml, hangul_problem, normalize_ko, syntax_problem
from vocab.lists.load import is_shipped_path
from vocab.records import LEVELS, Term

TEMPLATE_HEADER = """\
# English glosses to fill in for vocab. Write each word's meaning after `en:` (one sense,
# or several: en: [summit, leader]), then build with: vocab build --list THIS_FILE
# An entry left with en: "" changes nothing. Mark a word you already know with
# `known: true`, one never to study with `skip: true`: a deleted entry comes back the
# next time the template is written.
"""


def yaml_quote(text: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly `text`, whatever it holds
    (": ", "#", quotes, line breaks, control characters)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _comment_text(text: str) -> str:
    """One line a YAML comment can hold: no line breaks, nothing the YAML reader rejects."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _template_entry(term: Term, indent: str) -> str:
    level = term.level if term.level in LEVELS else yaml_quote(str(term.level))
    lines = [f"- ko: {yaml_quote(normalize_ko(term.lemma))}", f"  level: {level}"]
    if term.examples:
        example = term.examples[0]
        lines.append(f"  # {_comment_text(example.text)}")
        if example.translation:
            lines.append(f"  #   {_comment_text(example.translation)}")
    lines.append('  en: ""')
    return "".join(f"{indent}{line}\n" for line in lines)


def _template_layout(path: str, text: str) -> tuple[set[str], str, str]:
    """(the ko already in the file, the indent of its entries' dashes, text to add before
    new entries) — so new entries can be appended as text, leaving the file's bytes and
    comments alone (a YAML round trip would drop the comments)."""
    try:
        root = compose_yaml(text)
    except yaml.YAMLError as error:
        problem = syntax_problem(path, text, error)
        raise ListError(problem.path, problem.line, problem.message) from None
    cannot = "cannot append here: the entries must be the last, block-style part of the file"
    if root is None:
        return set(), "", ""
    if isinstance(root, yaml.MappingNode) and not root.flow_style:
        pairs = [(k.value, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)]
        margin = " " * root.start_mark.column
        if "entries" not in dict(pairs):
            return set(), margin, f"{margin}entries:\n"
        if pairs[-1][0] != "entries":
            raise ListError(path, root.start_mark.line + 1, cannot)
        sequence = pairs[-1][1]
        if isinstance(sequence, yaml.ScalarNode) and sequence.value == "":
            return set(), margin, ""
    else:
        sequence = root
    if not isinstance(sequence, yaml.SequenceNode) or sequence.flow_style:
        raise ListError(path, sequence.start_mark.line + 1, cannot)
    present = set()
    for item in sequence.value:
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                if key.value == "ko" and isinstance(value, yaml.ScalarNode):
                    present.add(normalize_ko(value.value))
    return present, " " * sequence.start_mark.column, ""


def write_gloss_template(path: Path, terms: Sequence[Term], force: bool = False) -> int:
    """Write the terms that have no gloss yet, best first, as entries to fill in.

    An existing file is only appended to (entries whose ko it lacks), keeping the
    learner's edits byte for byte; force rewrites it from scratch.  Returns the number
    of entries written.
    """
    path = Path(path)
    if is_shipped_path(path):
        raise ListError(str(path), None, "is a list shipped with vocab; write the template to a file of your own")
    existing = None
    if path.exists() and not force:
        try:
            existing = path.read_bytes().decode("utf-8") or None  # an empty file is a new one
        except (OSError, UnicodeDecodeError) as error:
            raise ListError(str(path), None, f"cannot read: {error}") from None
    present, indent, opening = _template_layout(str(path), existing) if existing else (set(), "", "")
    best_first = sorted(terms, key=lambda t: (-t.score, -t.count, t.lemma))
    new_terms, seen = [], set(present)
    for term in best_first:
        ko = normalize_ko(term.lemma)
        if term.gloss or ko in seen or hangul_problem(ko):
            continue
        seen.add(ko)
        new_terms.append(term)
    if existing is not None and not new_terms:
        return 0  # nothing to add: leave the file (and its mtime) alone
    blocks = "\n".join(_template_entry(term, indent) for term in new_terms)
    if existing is None:
        text = TEMPLATE_HEADER + ("\n" + blocks if blocks else "")
    else:
        separator = "" if existing.endswith("\n") else "\n"
        text = existing + separator + opening + ("\n" if not opening else "") + blocks
    # The appended text must read back with every old and new entry, or nothing is written.
    if _template_layout(str(path), text)[0] != seen:
        raise ListError(str(path), None, "cannot append to this file's layout; write to a new file")
    atomic_write_text(path, text)
    return len(new_terms)
