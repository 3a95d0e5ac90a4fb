"""The small typed records that flow between the pipeline's stages.

read sources -> analyse Korean -> align -> glosses and terms -> score and level ->
pick examples -> curate -> build deck -> audio.  Each stage takes and returns these,
so any stage can be called (and tested) on its own from Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Optional

Lang = Literal["ko", "en", "mixed"]
Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")

# What a paragraph is for.  Page furniture (navigation, credits, captions, share bars…)
# never becomes a Paragraph at all; it is kept apart in Document.furniture.
#   body     running text: yields terms and example sentences
#   heading  titles and headlines: yields terms, never examples
#   gloss    glossary lines ("△setback: 차질", "futile = vain 헛된"): yields glosses only
#   meta     bylines, dates, keyword/tag lines: kept for alignment bookkeeping, yields nothing
ParagraphKind = Literal["body", "heading", "gloss", "meta"]
# The kinds whose Korean is analysed for terms.
TERM_KINDS: tuple[ParagraphKind, ...] = ("body", "heading")

# Where a term's English gloss came from.
GlossSource = Literal["text", "list", "dictionary", "parts", "alignment", "krdict"]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph; start/end are offsets into Paragraph.text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    index: int  # position among the document's kept paragraphs, from 0
    text: str
    lang: Lang
    kind: ParagraphKind
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Document:
    path: str  # as the user named it (posix form), used in messages and as "source"
    title: str  # front matter title, else the first heading, else the file stem
    paragraphs: tuple[Paragraph, ...]
    furniture: tuple[str, ...] = ()  # lines judged page furniture, for inspection and tests
    notes: tuple[str, ...] = ()  # e.g. "repaired mojibake (cp949 read as latin-1)"
    sha256: str = ""  # of the raw bytes: the key of per-document caches
    mtime: float = 0.0  # of the file: feeds the deck's deterministic timestamp


@dataclass(frozen=True)
class SourceProblem:
    """A document that could not be read; reported in one line, the others go on."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class TermHit(NamedTuple):
    """One occurrence of a candidate term in a sentence (offsets into the sentence).

    A NamedTuple rather than a frozen dataclass: a large corpus makes millions of these,
    and a tuple is built four times faster.
    """

    lemma: str  # dictionary form: 체결하다, 비핵화, 상호방위조약
    pos: str  # noun | verb | adjective | adverb | determiner | name
    surface: str  # the text as written in the sentence (체결했다 …)
    start: int
    end: int
    is_name: bool = False  # person or place name (Kiwi NNP)
    is_compound_part: bool = False  # a part of a longer compound also reported as a hit


@dataclass(frozen=True)
class Gloss:
    """A translation the text states itself."""

    ko: str  # the Korean side, lemmatised (재건하다, 헛되다)
    en: str
    source: str  # Document.path
    paragraph: int  # Paragraph.index the gloss was found in
    form: str  # how it was written: "list" (△a: b), "paren" (a(b)), "line" (a = b 헛된 / *a b)


@dataclass(frozen=True)
class SentenceLink:
    """Korean sentences and their English translation inside one document.

    A link covers 0-2 sentences on each side (1-1, 1-2, 2-1, 1-0, 0-1): the indexes point
    into Paragraph.sentences of the two linked paragraphs (Paragraph.index values).
    """

    ko_paragraph: int
    ko_sentences: tuple[int, ...]
    en_paragraph: int
    en_sentences: tuple[int, ...]
    ko: str  # the linked Korean sentences' text, joined by a space
    en: str  # the linked English sentences' text, joined by a space
    confidence: float  # 0..1; below align.MIN_CONFIDENCE it is not used as a translation


@dataclass(frozen=True)
class ParagraphLink:
    ko_paragraph: int  # Paragraph.index, -1 when the other side has no counterpart
    en_paragraph: int
    confidence: float


@dataclass(frozen=True)
class Alignment:
    """A document's parallel structure; empty for a monolingual document."""

    layout: str  # "monolingual" | "blocks" | "interleaved"
    paragraphs: tuple[ParagraphLink, ...] = ()
    sentences: tuple[SentenceLink, ...] = ()


@dataclass(frozen=True)
class Example:
    text: str  # a whole sentence
    start: int  # the term's span inside text, for highlighting
    end: int
    source: str  # Document.path
    translation: Optional[str] = None


@dataclass
class Term:
    lemma: str
    pos: str
    level: Level = "advanced"
    score: float = 0.0
    count: int = 0
    gloss: Optional[str] = None  # English; several senses joined with "; "
    gloss_source: Optional[GlossSource] = None
    is_name: bool = False
    surfaces: list[str] = field(default_factory=list)  # sorted, distinct
    sources: list[str] = field(default_factory=list)  # Document.path values, sorted
    examples: list[Example] = field(default_factory=list)  # best first, at most 3
    hanja: Optional[str] = None
    tags: list[str] = field(default_factory=list)
    note: Optional[str] = None
    zipf: Optional[float] = None  # wordfreq Zipf of the term (None: not in wordfreq)

    def to_json(self) -> dict:
        """The `vocab mine --json` record; key order is part of the format."""
        return {
            "lemma": self.lemma,
            "pos": self.pos,
            "level": self.level,
            "score": round(self.score, 4),
            "count": self.count,
            "gloss": self.gloss,
            "gloss_source": self.gloss_source,
            "is_name": self.is_name,
            "hanja": self.hanja,
            "surfaces": list(self.surfaces),
            "sources": list(self.sources),
            "examples": [
                {
                    "text": e.text,
                    "start": e.start,
                    "end": e.end,
                    "source": e.source,
                    "translation": e.translation,
                }
                for e in self.examples
            ],
        }
