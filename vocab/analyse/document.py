"""Reading and analysing a whole corpus: compactly, through the cache.

pipeline.mine reads its documents through read_and_analyse_each, one at a time.

- Speed: the corpus goes through Kiwi as one stream of paragraphs (kiwi_stream.py), so
  Kiwi's worker threads always have work queued while this thread turns earlier answers
  into sentences, terms and alignments.  Splitting a document into sentences is itself
  a full Kiwi analysis, so the terms are taken from that same pass (split_sentences'
  `terms`, analyse_document's `known_terms`) instead of a second one.  Reading documents on
  several Python threads, one Kiwi call each, was slower: between calls Kiwi's queue ran
  dry and its workers idled or spun, and the threads took turns at the GIL (3 MB of
  seed copies: 8.4 s and 15.4 CPU s then, 6.8 s and 13.1 CPU s as one stream).
  Processes were measured too: one per document needs its own Kiwi (about 500 MB
  each), and moving alignment alone to a process gained under a tenth.
- Memory: a document's terms are kept packed (SentenceHits: 16 bytes a hit instead of
  a few hundred as TermHit objects), a huge document is analysed a chunk of sentences
  at a time, no more than a few dozen paragraphs are in Kiwi at once, and each document
  is handed over as soon as it is done (read_and_analyse_each) rather than kept to the end.
- Cache: a document whose bytes were analysed before (by the same code and library
  versions) is loaded from the cache, and Kiwi is not even constructed.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Optional, Sequence

from vocab.records import TERM_KINDS, Alignment, Document, Gloss, TermHit

# Sentences given to one analyse call: bounds a huge document's unpacked terms in memory.
SENTENCE_CHUNK = 2000
# A packed hit is four numbers: its words (lemma, pos, surface: an index into a table),
# start, end, flags.
_IS_NAME, _IS_COMPOUND_PART = 1, 2
# flags -> (is_name, is_compound_part)
_FLAG_VALUES = ((False, False), (True, False), (False, True), (True, True))


@dataclass(frozen=True)
class AnalysedDocument:
    """A document and all that is known of it alone: what the per-document cache stores."""

    document: Document
    # (paragraph index, sentence index, hits in that sentence) for every analysed sentence,
    # packed (SentenceHits) and given back on iteration
    sentences: Iterable[tuple[int, int, tuple[TermHit, ...]]]
    # Kiwi morphemes seen: the corpus size keyness compares with wordfreq's morpheme counts
    morphemes: int
    glosses: tuple[Gloss, ...]  # stated in the text (glosses.extract_glosses)
    alignment: Alignment  # align.align_document


class SentenceHits:
    """The terms of a document's sentences, packed; iterating gives back, per analysed
    sentence, (paragraph index, sentence index, its TermHits), in order.

    Numbers go into one array (per sentence: paragraph, sentence, hit count, then four
    numbers a hit: its words, start, end, flags) and each distinct (lemma, pos, surface)
    into a table of words, once per document, its strings interned, so that memory
    grows with the vocabulary rather than with the corpus.
    """

    __slots__ = ("words", "numbers")

    def __init__(self, words: tuple[tuple[str, str, str], ...] = (),
                 numbers: Optional[array] = None):
        self.words = words
        self.numbers = numbers if numbers is not None else array("i")

    @classmethod
    def pack(cls, rows: Iterable[tuple[int, int, Sequence[TermHit]]]) -> "SentenceHits":
        packer = _Packer()
        packer.add(rows)
        return packer.packed()

    def __iter__(self) -> Iterator[tuple[int, int, tuple[TermHit, ...]]]:
        words, values = self.words, iter(self.numbers)
        for paragraph in values:
            sentence, count = next(values), next(values)
            hits = []
            for _ in range(count):
                lemma, pos, surface = words[next(values)]
                start, stop, flags = next(values), next(values), next(values)
                hits.append(TermHit(lemma, pos, surface, start, stop, *_FLAG_VALUES[flags]))
            yield paragraph, sentence, tuple(hits)

    def __setstate__(self, state) -> None:
        # Words recur across documents: one string object each, however many documents
        # (loaded from the cache or not) use it.
        _, slots = state
        self.words = tuple(tuple(map(sys.intern, words)) for words in slots["words"])
        self.numbers = slots["numbers"]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SentenceHits):
            return NotImplemented
        return list(self) == list(other)

    def __repr__(self) -> str:
        characters = sum(len(text) for words in self.words for text in words)
        return f"SentenceHits({len(self.numbers) * 4 + characters} bytes)"


class _Packer:
    def __init__(self) -> None:
        # (lemma, pos, surface) -> its place in the table of words, as first met
        self.index: dict[tuple[str, str, str], int] = {}
        self.numbers = array("i")

    def add(self, rows: Iterable[tuple[int, int, Sequence[tuple]]]) -> None:
        """Pack (paragraph, sentence, hits) rows; a hit is a TermHit or a plain tuple of
        its fields (korean.analyse_rows), unpacked by position either way."""
        index = self.index
        number = index.setdefault  # a place in the table, the next one if new
        numbers: list[int] = []
        extend = numbers.extend
        for paragraph, sentence, hits in rows:
            extend((paragraph, sentence, len(hits)))
            for lemma, pos, surface, start, end, is_name, is_compound_part in hits:
                flags = (_IS_NAME if is_name else 0) | (_IS_COMPOUND_PART if is_compound_part else 0)
                extend((number((lemma, pos, surface), len(index)), start, end, flags))
        # Into the array at once: array.extend converts each number, and one call a hit
        # cost a third of the packing.
        self.numbers.extend(numbers)

    def packed(self) -> SentenceHits:
        # Interned once per entry of the table rather than at every lookup; a surface
        # written as its lemma (most nouns) is the lemma's string, interned already.
        intern = sys.intern
        words = []
        for lemma, pos, surface in self.index:
            lemma = intern(lemma)
            words.append((lemma, intern(pos), lemma if surface == lemma else intern(surface)))
        return SentenceHits(tuple(words), self.numbers)


def analyse_document(document: Document, known_terms: Optional[dict] = None) -> AnalysedDocument:
    """Terms of the document's Korean running text and headings, its stated glosses and
    its alignment: everything about one document that the cache keeps.  `known_terms`:
    the sentences' terms as split_sentences noted them while reading (else Kiwi is
    asked again)."""
    from vocab import align
    from vocab.analyse import glosses
    from vocab.korean import sentences

    where: list[tuple[int, int]] = []
    texts: list[str] = []
    for paragraph in document.paragraphs:
        if paragraph.kind not in TERM_KINDS or paragraph.lang == "en":
            continue
        for index, sentence in enumerate(paragraph.sentences):
            where.append((paragraph.index, index))
            texts.append(sentence.text)
    packer = _Packer()
    morphemes = 0
    for first in range(0, len(texts), SENTENCE_CHUNK):
        # Plain rows rather than TermHits: packing reads their fields, nothing more.
        rows, counted = sentences.analyse_rows(texts[first : first + SENTENCE_CHUNK], known_terms)
        morphemes += counted
        packer.add((p, s, hits) for (p, s), hits in zip(where[first : first + SENTENCE_CHUNK], rows))
    return AnalysedDocument(document=document, sentences=packer.packed(), morphemes=morphemes,
                            glosses=tuple(glosses.extract_glosses(document)),
                            alignment=align.align_document(document))


def with_path(analysed: "AnalysedDocument", path: str, mtime: float) -> "AnalysedDocument":
    """A cached analysis made for another file with the same bytes, renamed for this one."""
    document = replace(analysed.document, path=path, mtime=mtime)
    glosses = tuple(replace(gloss, source=path) for gloss in analysed.glosses)
    return replace(analysed, document=document, glosses=glosses)
