"""`vocab preview`: every card of a package, front and back, day and night, on one page.

The page is made from the .apkg itself (its note type's templates and CSS, its notes,
cards and media), rendered the way Anki renders a card: the same template language
(fields, {{#Field}} / {{^Field}} sections, {{FrontSide}}), a front's sounds left out of
the back's {{FrontSide}}, and cards only where Anki makes them.  The page needs nothing
beside it: the audio is embedded (base64, turned into blob: URLs when the page loads),
each [sound:…] is a play button and the sentence's player plays as it does in Anki.
"""

from __future__ import annotations

import base64
import html
import json
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

_TAG = re.compile(r"\{\{([#^/]?)\s*([^}]+?)\s*\}\}")
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_PLAYER_SRC = re.compile(r'(<audio\b[^>]*?)\bsrc="([^"]+)"')


@dataclass(frozen=True)
class RenderedCard:
    deck: str
    template: str
    key: str  # the note's sort field, for the page's headings
    question: str  # HTML as Anki renders it (sounds as [sound:…]; no CSS)
    answer: str


def render(template: str, fields: dict[str, str], front_side: str = "") -> str:
    """A card template filled in as Anki fills it, for the constructs our templates use.

    >>> render("{{#Hanja}}<i>{{Hanja}}</i>{{/Hanja}}{{^Note}}-{{/Note}}", {"Hanja": "締結", "Note": ""})
    '<i>締結</i>-'
    """
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open sections: (field, whether the parent showed)
    showing = True
    at = 0
    for match in _TAG.finditer(template):
        if showing:
            out.append(template[at:match.start()])
        at = match.end()
        kind, name = match.groups()
        if kind in "#^" and kind:
            stack.append((name, showing))
            present = bool(_field(fields, name).strip())
            showing = showing and (present if kind == "#" else not present)
        elif kind == "/":
            while stack:
                opened, showing = stack.pop()
                if opened == name:
                    break
        elif showing:
            out.append(front_side if name == "FrontSide" else _field(fields, name))
    if showing:
        out.append(template[at:])
    return "".join(out)


def _field(fields: dict[str, str], name: str) -> str:
    return fields.get(name.rpartition(":")[2], "")  # filters ("text:Field") show the field


def card_exists(template: str, fields: dict[str, str]) -> bool:
    """Anki makes a card when its front shows at least one field's content."""
    return render(template, fields) != render(template, {name: "" for name in fields})


def read_package(apkg: Path) -> tuple[list[RenderedCard], str, dict[str, bytes]]:
    """The package's cards (deck order, then note, then template), its CSS and its media."""
    with zipfile.ZipFile(apkg) as archive, tempfile.TemporaryDirectory(prefix="vocab-preview-") as scratch:
        database = Path(scratch) / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
        index = json.loads(archive.read("media"))
        media = {name: archive.read(entry) for entry, name in index.items()}
        connection = sqlite3.connect(database)
        try:
            models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
            decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
            rows = connection.execute(
                "SELECT n.mid, n.flds, c.ord, c.did FROM cards c JOIN notes n ON n.id = c.nid "
                "ORDER BY c.did, c.due, n.id, c.ord").fetchall()
        finally:
            connection.close()
    cards, css = [], ""
    for mid, flds, ordinal, did in rows:
        model = models[str(mid)]
        css = model["css"]
        names = [field["name"] for field in model["flds"]]
        fields = dict(zip(names, flds.split("\x1f")))
        template = model["tmpls"][ordinal]
        question = render(template["qfmt"], fields)
        answer = render(template["afmt"], fields, front_side=question)  # sounds kept, as Anki does
        cards.append(RenderedCard(decks[str(did)]["name"], template["name"],
                                  fields[names[model.get("sortf", 0)]], question, answer))
    return sorted(cards, key=lambda c: c.deck), css, media  # sorted() is stable: due order kept


def playable(side: str) -> str:
    """A side with its sounds as play buttons, and the sentence player fed from the page."""
    side = _SOUND.sub(lambda m: f'<button type="button" class="replay-button" data-sound="{html.escape(m.group(1))}"'
                      f' aria-label="play">&#9654;</button>', side)
    return _PLAYER_SRC.sub(r'\1data-sound="\2"', side)


_PAGE_CSS = """
body { margin: 0; background: #8a8a8a; font-family: sans-serif; }
header { padding: 12px 20px; background: #2b2b2b; color: #fff; font-size: 15px; }
.vp-card { margin: 14px; background: #fff; border-radius: 8px; padding: 8px 10px; }
.vp-card h2 { font: 600 14px sans-serif; margin: 2px 4px 8px; color: #333; }
.vp-sides { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px; }
.vp-side { border: 1px solid #ccc; border-radius: 6px; overflow: hidden; background: #fdfcf8; }
.vp-side.nightMode { background: #1e1e1e; }
.vp-label { font: 12px sans-serif; color: #666; padding: 3px 6px; background: #eee; }
.vp-side .card { min-height: 100px; padding: 8px; }
.replay-button { cursor: pointer; border: 0; background: none; font-size: 1.2em; color: #1a5fb4; }
@media (max-width: 900px) { .vp-sides { grid-template-columns: 1fr 1fr; } }
"""

_PAGE_SCRIPT = r"""
(function () {
  var data = JSON.parse(document.getElementById("vocab-audio").textContent), urls = {};
  function url(name) {
    if (!(name in urls) && name in data) {
      var bytes = Uint8Array.from(atob(data[name]), function (c) { return c.charCodeAt(0); });
      var type = /\.wav$/.test(name) ? "audio/wav" : "audio/mpeg";
      urls[name] = URL.createObjectURL(new Blob([bytes], {type: type}));
    }
    return urls[name] || "";
  }
  document.querySelectorAll("audio[data-sound]").forEach(function (a) { a.src = url(a.dataset.sound); });
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".replay-button[data-sound]");
    if (button) { new Audio(url(button.dataset.sound)).play(); }
  });
})();
"""


def preview_page(apkg: Path, title: str) -> tuple[str, int]:
    """The self-contained HTML page of every card in `apkg`, and how many cards it shows."""
    cards, css, media = read_package(apkg)
    used = set()
    sections = []
    for card in cards:
        used.update(_SOUND.findall(card.question + card.answer))
        used.update(name for _, name in _PLAYER_SRC.findall(card.answer))
        sides = []
        for theme in ("day", "night"):
            for label, side in (("front", card.question), ("back", card.answer)):
                wrapper = ' nightMode night_mode' if theme == "night" else ""
                sides.append(f'<div class="vp-side{wrapper}"><div class="vp-label">{label} · {theme}</div>'
                             f'<div class="card{wrapper}">{playable(side)}</div></div>')
        sections.append(f'<section class="vp-card" data-template="{html.escape(card.template)}" '
                        f'data-deck="{html.escape(card.deck)}"><h2>{card.key} · {html.escape(card.template)} · '
                        f'{html.escape(card.deck)}</h2><div class="vp-sides">{"".join(sides)}</div></section>')
    audio = {name: base64.b64encode(media[name]).decode("ascii") for name in sorted(used) if name in media}
    notes = len({(c.deck, c.key) for c in cards})
    page = (f'<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{css}\n{_PAGE_CSS}</style></head><body>"
            f"<header>{html.escape(title)}: {len(cards)} cards of {notes} notes, front and back, "
            f"day and night, as Anki shows them</header>\n" + "\n".join(sections)
            + '\n<script type="application/json" id="vocab-audio">'
            + json.dumps(audio).replace("</", "<\\/") + f"</script>\n<script>{_PAGE_SCRIPT}</script>"
            "</body></html>\n")
    return page, len(cards)
