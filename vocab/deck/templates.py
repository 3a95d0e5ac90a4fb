"""The note type's fields, card templates and CSS (Anki's template language, not Python).

Kept apart from deck.py because it is mostly markup.  Anki's import applies changed
templates or CSS to the learner's note type when the package is newer (its timestamp),
but renaming, adding or reordering fields or templates changes the note type's schema:
Anki then imports a second note type and leaves the existing notes alone (logged as
"conflicting") unless the learner ticks "merge note types".  So add fields rarely.
"""

from __future__ import annotations

# Anki's browser sorts and checks duplicates on the first field, so the learner's word
# comes first; the stable key the GUIDs derive from sits last and no template shows it.
FIELDS: tuple[str, ...] = (
    "Korean",
    "English",
    "Hanja",
    "Part of speech",
    "Level",
    "Example",  # the sentence, the term in <b class="term">
    "Example blank",  # the same sentence with the term replaced by […]
    "Example translation",
    "Audio",  # [sound:…] of the word
    "Example audio",  # the sentence's player: a replay button, never played unasked
    "Source",  # document title
    "Note",  # from the curated lists
    "Listening",  # "y" turns the listening card on
    "Key",  # lemma|pos: what the note's GUID is derived from
    "Hint",  # on the Production front when another note's meaning is the same (hanja, …)
)

# The back of every card ends with the same details; `pos` is left out where the
# front already said it (Production), so a side names the part of speech once.
def _details(pos: bool = True) -> str:
    meta = "{{Part of speech}} · {{Level}}" if pos else "{{Level}}"
    return (
        f'<div class="meta">{meta}{{{{#Hanja}}}} · <span class="hanja">{{{{Hanja}}}}</span>{{{{/Hanja}}}}</div>\n'
        + _EXAMPLE
        + "{{#Note}}<div class=\"note\">{{Note}}</div>{{/Note}}\n"
        "{{#Source}}<div class=\"source\">{{Source}}</div>{{/Source}}"
    )


# The sentence with its translation and its player: a button that plays it on demand.
# Anki plays every [sound:…] on a side by itself, so the word (short, the point of the
# card) keeps its [sound:…] and autoplays, while the sentence (up to half a minute) is an
# <audio> element behind a button in the field itself (package.sentence_player).
_EXAMPLE = """\
{{#Example}}
<div class="example">{{Example}} {{Example audio}}</div>
{{#Example translation}}<div class="translation">{{Example translation}}</div>{{/Example translation}}
{{/Example}}
"""

# A card whose front renders no field is never created (genanki computes the same
# "required fields" rule Anki does), which is how the cloze card disappears for a
# term without an example and the listening card for a deck built without it.
TEMPLATES: tuple[dict[str, str], ...] = (
    {
        "name": "Recognition",
        "qfmt": '<div class="word">{{Korean}}</div>\n{{Audio}}',
        "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="gloss">{{English}}</div>\n'
        + _details(),
    },
    {
        "name": "Production",
        "qfmt": '<div class="gloss">{{English}}</div>\n'
        '<div class="meta">{{Part of speech}}</div>\n'
        '{{#Hint}}<div class="hint">{{Hint}}</div>{{/Hint}}',
        "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="word">{{Korean}}</div>\n'
        "{{Audio}}\n" + _details(pos=False),
    },
    {
        "name": "Example cloze",
        "qfmt": "{{#Example blank}}\n"
        '<div class="example">{{Example blank}}</div>\n'
        '<div class="hint">{{English}}</div>\n'
        "{{/Example blank}}",
        "afmt": '<div class="example">{{Example}} {{Example audio}}</div>\n'
        '<hr id="answer">\n<div class="word">{{Korean}}</div>\n{{Audio}}\n'
        '<div class="gloss">{{English}}</div>\n'
        '<div class="meta">{{Part of speech}}</div>\n'
        "{{#Example translation}}"
        '<div class="translation">{{Example translation}}</div>'
        "{{/Example translation}}\n"
        '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}',
    },
    {
        "name": "Listening",
        "qfmt": "{{#Listening}}{{#Audio}}\n"
        '<div class="listen" aria-label="listen">&#128266;</div>\n{{Audio}}\n'
        "{{/Audio}}{{/Listening}}",
        "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="word">{{Korean}}</div>\n'
        '<div class="gloss">{{English}}</div>\n' + _details(),
    },
)

# System fonts only: a card must render offline, on phones as on desktops.  Anki
# desktop and AnkiMobile mark night mode with .nightMode, AnkiDroid with .night_mode,
# on the card element itself or on an ancestor, hence the four selectors.
CSS = """\
.card {
  font-family: "Apple SD Gothic Neo", "Noto Sans KR", "Malgun Gothic", sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: center;
  color: #1f1f1f;
  background-color: #fdfcf8;
  word-break: keep-all;  /* Korean breaks between words, not inside them */
  overflow-wrap: anywhere;
  padding: 0 0.5em;
}
.word { font-size: 2.4em; font-weight: 600; line-height: 1.25; margin: 0.3em 0; }
.gloss { font-size: 1.3em; margin: 0.3em 0; }
.hint { font-size: 0.95em; color: #5f5f5f; margin-top: 0.8em; }
.meta, .source { font-size: 0.8em; color: #6b6b6b; margin: 0.4em 0; }
.hanja { font-family: "Apple SD Gothic Neo", "Noto Serif CJK KR", "Noto Sans KR", "Malgun Gothic", serif; }
.example { font-size: 1.2em; margin: 0.8em auto 0.2em; max-width: 34em; }
.translation { font-size: 0.95em; color: #4a4a4a; font-style: italic; max-width: 34em; margin: 0 auto; }
.note { font-size: 0.9em; margin-top: 0.6em; }
.listen { font-size: 3em; }
.replay {
  font: inherit; font-size: 0.8em; vertical-align: middle; cursor: pointer;
  border: 1px solid #b9b9b9; border-radius: 1em; padding: 0 0.6em;
  color: #1a5fb4; background: transparent;
}
b.term { color: #b3261e; }
.blank { color: #1a5fb4; font-weight: 600; }

.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  color: #e6e6e6;
  background-color: #1e1e1e;
}
.nightMode .hint, .night_mode .hint,
.nightMode .meta, .night_mode .meta,
.nightMode .source, .night_mode .source { color: #a8a8a8; }
.nightMode .translation, .night_mode .translation { color: #c8c8c8; }
.nightMode b.term, .night_mode b.term { color: #ff8a80; }
.nightMode .blank, .night_mode .blank { color: #8ab4f8; }
.nightMode .replay, .night_mode .replay { color: #8ab4f8; border-color: #5f5f5f; }

@media (max-width: 480px) {
  .card { font-size: 18px; }
}
"""
