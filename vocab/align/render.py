"""How `vocab align` shows an alignment: side by side text for people, a dict for --json."""

from __future__ import annotations

from vocab.records import Alignment, Document, ParagraphLink, SentenceLink
from vocab.text import char_width, display_width

# Below this column width side-by-side text is unreadable: the pairs go one under the other.
_MIN_COLUMN = 24
_CONFIDENCE_WIDTH = 6  # "0.97? "
_SEPARATOR = " │ "


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells, broken at spaces (inside a word only if it must)."""
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        size = display_width(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line:
            lines.append(line)
        line, used = "", 0
        while size > width:  # a word wider than the column: cut it by cells
            cut, cells = 0, 0
            while cells + char_width(word[cut]) <= width:
                cells += char_width(word[cut])
                cut += 1
            lines.append(word[:cut])
            word, size = word[cut:], display_width(word[cut:])
        line, used = word, size
    if line:
        lines.append(line)
    return lines or [""]


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _confidence(value: float, threshold: float) -> str:
    mark = "?" if value < threshold else " "
    return f"{value:.2f}{mark}".ljust(_CONFIDENCE_WIDTH)


def _paragraph_groups(alignment: Alignment) -> list[list[ParagraphLink]]:
    """Consecutive paragraph links sharing a paragraph (a 2-1 or 1-2 merge) shown as one."""
    groups: list[list[ParagraphLink]] = []
    for link in alignment.paragraphs:
        previous = groups[-1] if groups else []
        shares = any(
            (link.ko_paragraph >= 0 and link.ko_paragraph == p.ko_paragraph)
            or (link.en_paragraph >= 0 and link.en_paragraph == p.en_paragraph)
            for p in previous
        )
        if shares:
            previous.append(link)
        else:
            groups.append([link])
    return groups


def render(doc: Document, alignment: Alignment, width: int, threshold: float) -> str:
    if alignment.layout == "monolingual":
        return "\n".join(wrap(f"{doc.path}: monolingual, nothing to align", width))
    pairs = sum(1 for link in alignment.paragraphs if link.ko_paragraph >= 0 and link.en_paragraph >= 0)
    weak = sum(1 for link in alignment.sentences if link.confidence < threshold)
    lines = wrap(
        f"{doc.path}: {alignment.layout}, {pairs} paragraph links, "
        f"{len(alignment.sentences)} sentence links ({weak} marked ? are below {threshold:.2f}: not used)",
        width,
    )
    column = (width - _CONFIDENCE_WIDTH - len(_SEPARATOR)) // 2
    side_by_side = column >= _MIN_COLUMN
    for group in _paragraph_groups(alignment):
        ko = sorted({link.ko_paragraph for link in group if link.ko_paragraph >= 0})
        en = sorted({link.en_paragraph for link in group if link.en_paragraph >= 0})
        head = f"¶ ko {','.join(map(str, ko)) or '—'} ↔ en {','.join(map(str, en)) or '—'}"
        lines.append("")
        lines.append(f"{head}  {_confidence(group[0].confidence, threshold).rstrip()}")
        if not ko or not en:  # a paragraph without counterpart: its start, on one line
            paragraph = doc.paragraphs[(ko or en)[0]]
            lines.append(" " * _CONFIDENCE_WIDTH + wrap(paragraph.text, width - _CONFIDENCE_WIDTH)[0])
            continue
        previous = None
        for link in alignment.sentences:
            if link.ko_paragraph in ko and link.en_paragraph in en:
                lines.extend(_sentence_rows(link, previous, column, side_by_side, width, threshold))
                previous = link
    return "\n".join(lines)


def _sentence_rows(
    link: SentenceLink,
    previous: SentenceLink | None,
    column: int,
    side_by_side: bool,
    width: int,
    threshold: float,
) -> list[str]:
    # A bead spread over two links (a 3-1, or a 1-2 across two paragraphs) repeats one
    # side: say so instead of printing it twice.
    korean, english = link.ko or "—", link.en or "—"
    if previous and link.ko_sentences and (link.ko_paragraph, link.ko_sentences) == (
        previous.ko_paragraph,
        previous.ko_sentences,
    ):
        korean = "〃 (the Korean above)"
    if previous and link.en_sentences and (link.en_paragraph, link.en_sentences) == (
        previous.en_paragraph,
        previous.en_sentences,
    ):
        english = "〃 (the English above)"
    label = _confidence(link.confidence, threshold)
    blank = " " * _CONFIDENCE_WIDTH
    if side_by_side:
        left, right = wrap(korean, column), wrap(english, column)
        rows = []
        for number in range(max(len(left), len(right))):
            cells = [
                _pad(left[number] if number < len(left) else "", column),
                right[number] if number < len(right) else "",
            ]
            rows.append((label if number == 0 else blank) + _SEPARATOR.join(cells).rstrip())
        return rows
    rows = []
    for side, text in (("ko ", korean), ("en ", english)):
        for number, piece in enumerate(wrap(text, width - _CONFIDENCE_WIDTH - 3)):
            first = side == "ko " and number == 0
            rows.append((label if first else blank) + (side if number == 0 else "   ") + piece)
    return rows


def to_json(doc: Document, alignment: Alignment, threshold: float) -> dict:
    """The `vocab align --json` record; key order is part of the format."""
    return {
        "path": doc.path,
        "layout": alignment.layout,
        "min_confidence": threshold,
        "paragraphs": [
            {
                "ko": link.ko_paragraph,
                "en": link.en_paragraph,
                "confidence": round(link.confidence, 4),
                "used": link.confidence >= threshold and link.ko_paragraph >= 0 and link.en_paragraph >= 0,
            }
            for link in alignment.paragraphs
        ],
        "sentences": [
            {
                "ko_paragraph": link.ko_paragraph,
                "ko_sentences": list(link.ko_sentences),
                "en_paragraph": link.en_paragraph,
                "en_sentences": list(link.en_sentences),
                "ko": link.ko,
                "en": link.en,
                "confidence": round(link.confidence, 4),
                "used": link.confidence >= threshold and bool(link.ko_sentences) and bool(link.en_sentences),
            }
            for link in alignment.sentences
        ],
    }
