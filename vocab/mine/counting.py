"""Counting the corpus' terms: per lemma, its surfaces, sources and example candidates,
a document at a time as reading delivers them."""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from typing import BinaryIO, Callable, Iterable, Optional, Sequence

from vocab import align
from vocab.analyse.document import AnalysedDocument
from vocab.errors import SourceError
from vocab.korean.phrases import PhraseMatcher, find_phrases, phrase_matcher, prefer_phrases
from vocab.records import Alignment, Example, Gloss, SourceProblem, TermHit

# Examples come from running text only (terms also come from headings: model.TERM_KINDS).
EXAMPLE_KINDS = ("body",)
# How many example candidates a term keeps before choosing: a frequent word (정부) would
# otherwise carry thousands of sentences through the pipeline on a large corpus.
MAX_CANDIDATES = 40


class Accumulator:
    """Everything seen of one lemma across the corpus."""

    __slots__ = ("pos", "count", "surfaces", "sources", "candidates", "inside", "is_name")

    def __init__(self) -> None:
        self.pos: Counter[str] = Counter()
        self.count = 0
        self.surfaces: set[str] = set()
        # The documents it occurs in, each once, in reading order: a list, not a set, a
        # quarter of the memory (a frequent word is in nearly every document of a corpus).
        self.sources: list[str] = []
        self.candidates: list[Example] = []
        # Sentences where the term is only part of a longer compound (제재 in 다자제재):
        # examples of last resort, since the highlight there is not the word as studied.
        self.inside: list[Example] = []
        self.is_name = False

    def add(
        self,
        hit: TermHit,
        source: str,
        sentence: Optional[str] = None,
        translation: Optional[str] = None,
    ) -> None:
        """Count the hit; `sentence` (its text) when the sentence may be an example."""
        self.pos[hit.pos] += 1
        self.count += 1
        self.surfaces.add(hit.surface)
        sources = self.sources
        if not sources or sources[-1] != source:  # a document's hits are counted together
            sources.append(source)
        if hit.is_name:
            self.is_name = True
        if sentence is not None:
            pool = self.inside if hit.is_compound_part else self.candidates
            if len(pool) < MAX_CANDIDATES:  # the Example is made only when it is kept
                pool.append(Example(sentence, hit.start, hit.end, source, translation))

    def main_pos(self) -> str:
        # most frequent part of speech; ties broken by name so the result is stable
        return min(self.pos.items(), key=lambda item: (-item[1], item[0]))[0]


def collect_terms(
    analysed: Iterable[AnalysedDocument],
    translations: dict[str, dict[tuple[int, int], str]],
    phrases: Sequence[str] = (),
) -> dict[str, Accumulator]:
    """Count every lemma, remember its surfaces, sources and example candidates.

    Multi-word terms from lists and glosses (동반자 관계) are matched here rather than in
    the cached analysis, so editing a list never invalidates the cache.
    """
    table: dict[str, Accumulator] = defaultdict(Accumulator)
    matcher = phrase_matcher(tuple(phrases))
    for item in analysed:
        _collect_document(table, item, translations.get(item.document.path, {}), matcher)
    return table


def _collect_document(
    table: dict[str, Accumulator],
    item: AnalysedDocument,
    doc_translations: dict[tuple[int, int], str],
    phrases: PhraseMatcher,
) -> list[str]:
    """Count one document's hits into `table`; the texts of the sentences counted."""
    source = item.document.path
    paragraphs = {p.index: p for p in item.document.paragraphs}
    counted: list[str] = []
    for p_index, s_index, hits in item.sentences:
        paragraph = paragraphs[p_index]
        text = paragraph.sentences[s_index].text
        counted.append(text)
        if phrases:
            hits = prefer_phrases(hits, find_phrases(text, phrases))
        if paragraph.kind in EXAMPLE_KINDS:
            translation = doc_translations.get((p_index, s_index))
            for hit in hits:
                table[hit.lemma].add(hit, source, text, translation)
        else:
            for hit in hits:
                table[hit.lemma].add(hit, source)
    return counted


class SentencesSeen:
    """The sentences counted so far, whitespace left out, one a line, in a temporary file,
    and the phrases glossed after them: does a phrase glossed in one document occur in
    an earlier one?  korean.find_phrases ignores spacing, so a phrase occurs in a
    sentence exactly where its spaceless form does.

    On disk, because memory must not grow with the corpus.  The phrases are looked for
    at the end, all in one pass (an Aho-Corasick automaton, pyahocorasick): a pass for
    each phrase as it was glossed made a corpus that glosses new phrases throughout
    quadratic (a minute more for 50 MB glossing one a document).  A file that cannot be
    written answers "maybe", which costs a second reading, never a wrong count.
    """

    BLOCK = 1 << 22  # bytes read at a time in the end's pass

    def __init__(self) -> None:
        self.lines = 0  # sentences written
        self.late: dict[str, int] = {}  # spaceless phrase -> sentences written before its gloss
        try:
            self.file: Optional[BinaryIO] = tempfile.TemporaryFile(prefix="vocab-sentences-")
        except OSError:
            self.file = None

    def add(self, sentences: Sequence[str]) -> None:
        self.lines += len(sentences)
        if self.file is None:
            return
        # One sentence a line: a newline is whitespace, which no phrase keeps, so a
        # phrase is never found across two sentences (nor does find_phrases look there).
        lines = "".join(["".join(sentence.split()) + "\n" for sentence in sentences])
        try:
            self.file.write(lines.encode("utf-8", "surrogatepass"))
        except OSError:  # disk full: from here on, unknown
            self.close()

    def glossed(self, phrases: Iterable[str]) -> None:
        """Phrases first glossed in the document about to be added: the sentences added
        so far were counted without them."""
        for phrase in phrases:
            words = phrase.split()
            if len(words) > 1 and self.lines:  # find_phrases looks for several words only
                self.late.setdefault("".join(words), self.lines)

    def any_earlier(self) -> bool:
        """Does a phrase occur in a sentence added before it was glossed?"""
        if not self.late:
            return False
        if self.file is None:
            return True
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for needle, before in self.late.items():
            automaton.add_word(needle, before)
        automaton.make_automaton()
        line = 0  # of the first line of `text`
        rest = b""
        try:
            self.file.flush()
            self.file.seek(0)
            while True:
                block = self.file.read(self.BLOCK)
                if not block and not rest:
                    return False
                data = rest + block
                cut = data.rfind(b"\n") + 1 if block else len(data)  # whole lines only
                data, rest = data[:cut], data[cut:]
                text = data.decode("utf-8", "surrogatepass")
                newlines = scanned = 0  # newlines in text[:scanned]
                for end, before in automaton.iter(text):  # in order of `end`
                    newlines += text.count("\n", scanned, end)
                    scanned = end
                    if line + newlines < before:
                        return True
                line += newlines + text.count("\n", scanned)
        except OSError:
            return True

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


class StreamingCollector:
    """collect_terms a document at a time, as reading delivers them, so that counting
    overlaps Kiwi instead of following it, and keeping nothing of a document once it
    is counted: memory holds the term table, not the corpus.

    A document is matched against the phrases known when it arrives: the lists' and the
    multi-word glosses of the documents before it and its own.  A phrase glossed later
    changes nothing where it does not occur.  When it occurs in an earlier document
    (SentencesSeen tells at the end), finish() counts the whole corpus again, read a
    second time, so the table is always collect_terms'.
    """

    def __init__(self, list_phrases: Iterable[str]):
            # Grows as documents gloss new phrases, without compiling the known ones again.
        self.phrases = PhraseMatcher(list_phrases)
        self.table: dict[str, Accumulator] = defaultdict(Accumulator)
        self.stated: list[Gloss] = []
        self.text_gloss: dict[str, str] = {}
        self.alignments: dict[str, Alignment] = {}
        self.counted: list[tuple[str, str]] = []  # (path, sha256): a second reading must match
        self.seen = SentencesSeen()

    def add(self, item: AnalysedDocument) -> None:
        doc = item.document
        self.stated.extend(item.glosses)
        late: list[str] = []  # phrases no earlier document was matched against
        for gloss in item.glosses:  # first statement wins; documents are in sorted order
            self.text_gloss.setdefault(gloss.ko, gloss.en)
            if self.phrases.add(gloss.ko):  # a phrase of several words, new
                late.append(gloss.ko)
        self.seen.glossed(late)
        # The layout alone: the links hold the linked sentences' text, as large as the
        # bilingual documents themselves.  Glosses and alignment come with the (cached) analysis.
        self.alignments[doc.path] = Alignment(item.alignment.layout)
        self.counted.append((doc.path, doc.sha256))
        translations = align.translation_map(doc, item.alignment)
        self.seen.add(_collect_document(self.table, item, translations, self.phrases))

    def finish(
        self, read_again: Callable[[], Iterable[AnalysedDocument | SourceProblem]]
    ) -> dict[str, Accumulator]:
        """The table; `read_again` reads the corpus once more when it must be recounted."""
        recount = self.seen.any_earlier()
        self.seen.close()
        if not recount:
            return self.table
        self.table.clear()  # counted without a phrase it holds: every document again
        table: dict[str, Accumulator] = defaultdict(Accumulator)
        done = 0  # documents of self.counted met again
        for item in read_again():
            if isinstance(item, SourceProblem):
                if done < len(self.counted) and item.path == self.counted[done][0]:
                    raise _changed(item.path)
                continue  # it failed the first time too
            doc = item.document
            if done == len(self.counted) or self.counted[done] != (doc.path, doc.sha256):
                raise _changed(doc.path)
            done += 1
            _collect_document(table, item, align.translation_map(doc, item.alignment), self.phrases)
        if done < len(self.counted):
            raise _changed(self.counted[done][0])
        return table


def _changed(path: str) -> Exception:
    """A file edited between the two readings of a recount: its terms would not match."""
    return SourceError(path, "changed while it was being mined; run again")
