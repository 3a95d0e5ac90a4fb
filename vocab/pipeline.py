"""The whole job, stage by stage: the library behind `vocab mine` and `vocab build`.

Each stage lives in its own module; this one only passes their records along:
read sources -> analyse Korean -> align -> glosses and terms -> score and level ->
examples -> curate -> (deck, audio: see build.py).
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Optional, Sequence

from .analysis import AnalysedDocument, read_and_analyse_each
from .model import Alignment, Document, Example, Gloss, SourceProblem, Term, TermHit

if TYPE_CHECKING:
    from . import korean

# Examples come from running text only (terms also come from headings: model.TERM_KINDS).
EXAMPLE_KINDS = ("body",)
# How many example candidates a term keeps before choosing: a frequent word (정부) would
# otherwise carry thousands of sentences through the pipeline on a large corpus.
MAX_CANDIDATES = 40


@dataclass
class MineResult:
    terms: list[Term]
    # Memory must not grow with the corpus (issue #7), so what is kept of each document
    # is a summary; analysis.read_and_analyse gives whole documents and alignments.
    # Each document read, in reading order: its path, title, notes, hash and mtime,
    # WITHOUT its paragraphs and furniture (empty tuples).
    documents: list[Document]
    problems: list[SourceProblem]
    glosses: list[Gloss]
    # Each document's layout (monolingual, blocks, interleaved) by path, WITHOUT its
    # paragraph and sentence links (empty tuples): those hold the linked sentences' text.
    alignments: dict[str, Alignment]
    lexicon: object  # lists.Lexicon
    timestamp: float  # newest modification time among the sources and lists used
    notes: list[str] = field(default_factory=list)  # things the user should know (repairs…)


class _Accumulator:
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
) -> dict[str, _Accumulator]:
    """Count every lemma, remember its surfaces, sources and example candidates.

    Multi-word terms from lists and glosses (동반자 관계) are matched here rather than in
    the cached analysis, so editing a list never invalidates the cache.
    """
    from . import korean

    table: dict[str, _Accumulator] = defaultdict(_Accumulator)
    matcher = korean.phrase_matcher(tuple(phrases))
    for item in analysed:
        _collect_document(table, item, translations.get(item.document.path, {}), matcher)
    return table


def _collect_document(
    table: dict[str, _Accumulator],
    item: AnalysedDocument,
    doc_translations: dict[tuple[int, int], str],
    phrases: "korean.PhraseMatcher",
) -> list[str]:
    """Count one document's hits into `table`; the texts of the sentences counted."""
    from . import korean

    source = item.document.path
    paragraphs = {p.index: p for p in item.document.paragraphs}
    counted: list[str] = []
    for p_index, s_index, hits in item.sentences:
        paragraph = paragraphs[p_index]
        text = paragraph.sentences[s_index].text
        counted.append(text)
        if phrases:
            hits = korean.prefer_phrases(hits, korean.find_phrases(text, phrases))
        if paragraph.kind in EXAMPLE_KINDS:
            translation = doc_translations.get((p_index, s_index))
            for hit in hits:
                table[hit.lemma].add(hit, source, text, translation)
        else:
            for hit in hits:
                table[hit.lemma].add(hit, source)
    return counted


class _SentencesSeen:
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


class _StreamingCollector:
    """collect_terms a document at a time, as reading delivers them, so that counting
    overlaps Kiwi instead of following it, and keeping nothing of a document once it
    is counted: memory holds the term table, not the corpus.

    A document is matched against the phrases known when it arrives: the lists' and the
    multi-word glosses of the documents before it and its own.  A phrase glossed later
    changes nothing where it does not occur.  When it occurs in an earlier document
    (_SentencesSeen tells at the end), finish() counts the whole corpus again, read a
    second time, so the table is always collect_terms'.
    """

    def __init__(self, list_phrases: Iterable[str]):
        from . import korean

        # Grows as documents gloss new phrases, without compiling the known ones again.
        self.phrases = korean.PhraseMatcher(list_phrases)
        self.table: dict[str, _Accumulator] = defaultdict(_Accumulator)
        self.stated: list[Gloss] = []
        self.text_gloss: dict[str, str] = {}
        self.alignments: dict[str, Alignment] = {}
        self.counted: list[tuple[str, str]] = []  # (path, sha256): a second reading must match
        self.seen = _SentencesSeen()

    def add(self, item: AnalysedDocument) -> None:
        from . import align

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
    ) -> dict[str, _Accumulator]:
        """The table; `read_again` reads the corpus once more when it must be recounted."""
        from . import align

        recount = self.seen.any_earlier()
        self.seen.close()
        if not recount:
            return self.table
        self.table.clear()  # counted without a phrase it holds: every document again
        table: dict[str, _Accumulator] = defaultdict(_Accumulator)
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
    from .errors import SourceError

    return SourceError(path, "changed while it was being mined; run again")


def mine(
    paths: Sequence[str | Path],
    *,
    lexicon=None,
    user_lists: Sequence[Path] = (),
    known_files: Sequence[Path] = (),
    project_dir: Optional[Path] = None,
    use_cache: bool = True,
    progress: Optional[Callable[..., None]] = None,
) -> MineResult:
    """Mine the vocabulary of the documents at `paths`, curated by the loaded word lists.

    Documents stream through: each is counted as it is read, then dropped (MineResult
    keeps a summary of each).  When a phrase glossed in one document occurs in an
    earlier one, the corpus is read a second time to count it there (_StreamingCollector),
    from the cache when it is on, and `progress` follows that reading too.
    """
    from . import curate, lists, scoring

    if lexicon is None:
        # Lists first: a broken list stops the run before any analysis is spent.
        lexicon = lists.load_lexicon(
            user_lists=user_lists,
            known_files=known_files,
            project_dir=project_dir if project_dir is not None else Path.cwd(),
            use_cache=use_cache,
        )
    collector = _StreamingCollector(lexicon.phrases())
    documents: list[Document] = []
    problems: list[SourceProblem] = []
    tokens = 0
    for outcome in read_and_analyse_each(paths, progress=progress, use_cache=use_cache):
        if isinstance(outcome, SourceProblem):
            problems.append(outcome)
            continue
        collector.add(outcome)
        tokens += outcome.morphemes
        documents.append(replace(outcome.document, paragraphs=(), furniture=()))
    table = collector.finish(
        lambda: read_and_analyse_each(paths, progress=progress, use_cache=use_cache))
    stated, text_gloss, alignments = collector.stated, collector.text_gloss, collector.alignments

    terms: list[Term] = []
    judged: dict = {}  # sentences judged as examples, by text
    for lemma in sorted(set(table) | set(text_gloss)):
        acc = table.get(lemma) or _Accumulator()
        pos = acc.main_pos() if acc.pos else _guess_pos(lemma)
        zipf = scoring.zipf(lemma, pos)
        keyness = scoring.keyness(acc.count, max(tokens, 1), zipf)
        glossed = lemma in text_gloss
        term = Term(
            lemma=lemma,
            pos=pos,
            level=scoring.level_for(zipf),
            score=scoring.score(keyness, glossed=glossed, listed=lexicon.get(lemma) is not None),
            count=acc.count,
            gloss=text_gloss.get(lemma),
            gloss_source="text" if glossed else None,
            is_name=acc.is_name,
            surfaces=sorted(acc.surfaces),
            sources=sorted(acc.sources),
            examples=_examples_for(acc, judged),
            zipf=zipf,
        )
        terms.append(term)

    terms = curate.apply_lexicon(
        terms, lexicon, level_for=lambda ko: scoring.level_for(scoring.zipf(ko, _guess_pos(ko)))
    )
    terms.sort(key=lambda t: (-round(t.score, 6), t.lemma))
    notes = [f"{doc.path}: {note}" for doc in documents for note in doc.notes]
    notes.extend(str(warning) for warning in getattr(lexicon, "warnings", []))
    return MineResult(
        terms=terms,
        documents=documents,
        problems=problems,
        glosses=stated,
        alignments=alignments,
        lexicon=lexicon,
        timestamp=_newest_mtime(documents, lexicon),
        notes=notes,
    )


def _examples_for(acc: _Accumulator, judged: dict, limit: int = 3) -> list[Example]:
    """The best sentences using the word itself, topped up with compounds containing it.
    `judged`: one dict for the run, see examples.choose_examples."""
    from .examples import choose_examples

    chosen = choose_examples(acc.candidates, limit, judged)
    if len(chosen) < limit and acc.inside:
        seen = {e.text for e in chosen}
        extra = [e for e in choose_examples(acc.inside, limit, judged) if e.text not in seen]
        chosen += extra[: limit - len(chosen)]
    return chosen


def _guess_pos(lemma: str) -> str:
    """Part of speech of a glossed term the analyser never produced (a phrase, a rare verb)."""
    if " " in lemma:
        return "phrase"
    return "verb" if lemma.endswith("다") else "noun"


def _newest_mtime(documents: Iterable[Document], lexicon) -> float:
    """The deck's timestamp: identical inputs give identical notes; an edit gives newer ones."""
    times = [doc.mtime for doc in documents]
    for loaded in getattr(lexicon, "lists", []):
        try:
            times.append(os.stat(loaded.path).st_mtime)
        except (OSError, TypeError):
            pass
    return max(times, default=0.0)


def select_terms(
    terms: Iterable[Term],
    level: Optional[str] = None,
    names: bool = False,
    limit: Optional[int] = None,
) -> list[Term]:
    """The study vocabulary: optionally one level, names left out unless asked for."""
    chosen = [
        t
        for t in terms
        if (level in (None, "all") or t.level == level) and (names or not t.is_name)
    ]
    return chosen[:limit] if limit else chosen
