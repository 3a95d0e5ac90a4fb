"""What a card's front must show so that it has one answer.

A Production front shows a meaning; when another note of the deck means the same
(다자 and 다자간 are both "multilateral"), the front adds what tells them apart: the
hanja, else the example with the word blanked, else the note from the word list.

A cloze blanks the term in its example; the sentence must not give the answer away
elsewhere (화폐 blanked once but left inside 암호화폐), so an example where the term
stands alone is preferred, and in any other every word containing it is blanked too.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Mapping, Optional, Sequence

from vocab.records import Example, Term

_SENSE_SPLIT = re.compile(r"[;,/]| or ")
_NOISE = re.compile(r"\([^)]*\)|\b(?:to|a|an|the|be)\b|[^\w\s-]")
_HANGUL_RUN = re.compile(r"[가-힣]+")


def senses(gloss: str) -> set[str]:
    """The English senses a learner could be asked for: "to invade; aggression" ->
    {"invade", "aggression"}.

    >>> sorted(senses("to conclude (a treaty); sign"))
    ['conclude', 'sign']
    """
    found = set()
    for part in _SENSE_SPLIT.split(gloss.lower()):
        sense = " ".join(_NOISE.sub(" ", part).split())
        if sense:
            found.add(sense)
    return found


def production_hints(terms: Sequence[Term], blanks: Mapping[str, str]) -> dict[str, str]:
    """The hint (HTML) each term's Production front needs, by lemma|pos; none for most.

    Two notes clash when their meanings share a sense, or their fronts would read the
    same.  `blanks` holds each term's example with the word blanked (HTML), by key.
    """
    keyed = {f"{t.lemma}|{t.pos}": t for t in terms}
    by_sense: dict[str, list[str]] = {}
    for key, term in keyed.items():
        for sense in senses(term.gloss or ""):
            by_sense.setdefault(sense, []).append(key)
        by_sense.setdefault(f"front:{(term.gloss or '').strip().lower()}|{term.pos}", []).append(key)
    rivals: dict[str, set[str]] = {}
    for keys in by_sense.values():
        for key in keys:
            rivals.setdefault(key, set()).update(k for k in keys if k != key)
    hints = {}
    for key, others in rivals.items():
        if others:
            hint = _hint(keyed[key], [keyed[k] for k in others], blanks.get(key, ""))
            if hint:
                hints[key] = hint
    return hints


def _hint(term: Term, others: Sequence[Term], blank: str) -> str:
    if term.hanja and all(other.hanja != term.hanja for other in others):
        return f'<span class="hanja">{escape_text(term.hanja)}</span>'
    if blank:
        return blank
    if term.note:
        return escape_text(term.note)
    return f"not {', '.join(escape_text(o.lemma) for o in others)}"  # the last resort names the rival


def stem(term: Term) -> str:
    """What every form of the term contains: 체결하다 -> 체결, 억제하다 -> 억제, 화폐 -> 화폐."""
    lemma = term.lemma
    if term.pos in ("verb", "adjective") and lemma.endswith("다") and len(lemma) > 1:
        lemma = lemma[:-1]
        if lemma.endswith("하") and len(lemma) > 1:
            lemma = lemma[:-1]
    return lemma


def leaks(example: Example, term: Term) -> bool:
    """Whether the sentence shows the term (its stem) outside the span to be blanked."""
    root = stem(term)
    text = example.text
    return any(not (example.start <= m.start() < example.end) for m in re.finditer(re.escape(root), text))


def shown_example(term: Term) -> Optional[Example]:
    """The example the cards show: the first where the term stands alone, else the first."""
    usable = [e for e in term.examples if 0 <= e.start < e.end <= len(e.text)]
    for example in usable:
        if not leaks(example, term):
            return example
    return term.examples[0] if term.examples else None


def other_spans(example: Example, term: Term) -> list[tuple[int, int]]:
    """The words (Hangul runs) outside the term's span that contain its stem: blanked too."""
    root = stem(term)
    spans = []
    for word in _HANGUL_RUN.finditer(example.text):
        if word.end() <= example.start or word.start() >= example.end:
            if root in word.group():
                spans.append((word.start(), word.end()))
    return spans


def escape_text(text: str) -> str:
    """Text from a source as inert HTML: no markup, and no [sound:…] Anki would play."""
    return html.escape(text, quote=False).replace("[", "&#91;")


def highlight(example: Example, replacement: Optional[str] = None,
              also: Sequence[tuple[int, int]] = ()) -> str:
    """The example as HTML with the term in our own markup (or replaced by `replacement`,
    as are the spans `also`: other words that would give the blanked term away)."""
    text, start, end = example.text, example.start, example.end
    if not 0 <= start < end <= len(text):  # offsets that don't fit: no highlight
        return escape_text(text) if replacement is None else ""
    inner = replacement if replacement is not None else (
        f'<b class="term">{escape_text(text[start:end])}</b>'
    )
    spans = sorted([(start, end, inner)] + ([(a, b, replacement) for a, b in also] if replacement else []))
    out, at = [], 0
    for a, b, markup in spans:
        out += [escape_text(text[at:a]), markup]
        at = b
    return "".join(out) + escape_text(text[at:])


def sentence_player(path: Optional[Path]) -> str:
    """A button that plays the sentence when pressed, never by itself.

    Anki autoplays every [sound:…] of a side, so the sentence is an <audio> element (the
    media check counts its src as used) that the button starts; every Anki client runs
    inline handlers.
    """
    if not path:
        return ""
    name = html.escape(Path(path).name)
    return (f'<button type="button" class="replay" aria-label="play the sentence" '
            f'onclick="var a=this.nextElementSibling;a.currentTime=0;a.play();">&#9654;</button>'
            f'<audio preload="none" src="{name}"></audio>')


BLANK = '<span class="blank">[…]</span>'


def blanked(term: Term, example: Example) -> str:
    """The example with the term blanked, and every other word containing it."""
    return highlight(example, BLANK, also=other_spans(example, term))
