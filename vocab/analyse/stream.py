"""Reading a corpus through one stream of Kiwi calls, in order, on one thread.

Kiwi analyses on its own worker threads, which work only while texts are queued for
them.  One Kiwi call per document let the queue run dry at every document's end: the
workers then idled, or spun a few milliseconds waiting for more, while our Python
finished that document (four reading threads narrowed those gaps without closing
them, and added their hand-offs of the GIL).  Here the whole corpus is one call, as bare `Kiwi.tokenize`
over a list is: kiwipiepy keeps a few dozen paragraphs queued and asks the generator
below for the next one each time an answer is fetched.  So while this thread turns one
document's answers into its sentences, terms, alignment and cache entry, Kiwi is
already analysing the next documents' paragraphs.

A document is prepared (read, looked up in the cache, decoded, cleared of furniture)
when Kiwi asks for its first paragraph, and finished once its last answer is in.
Documents that need no Kiwi (cached, unreadable, or without Korean) wait for their turn,
so that they come out in the order of the files.  A corpus that is all cached never
builds Kiwi.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator, Optional, Sequence

from vocab.errors import SourceError
from vocab.records import Document, SourceProblem

from vocab.analyse.document import AnalysedDocument, with_path
from vocab.korean import kiwi, sentences
from vocab.read import sources

if TYPE_CHECKING:
    from vocab.analyse.cache import AnalysisCache
    from vocab.read.sources import PreparedDocument


# What an entry holds once its outcome is handed over (answers still due are ignored).
_HANDED_OVER = object()


class _Entry:
    """One file on its way through the stream."""

    __slots__ = ("path", "outcome", "from_cache", "prepared", "texts", "wanted", "spans",
                 "memo", "waiting")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.outcome: "AnalysedDocument | SourceProblem | object | None" = None
        self.from_cache = False
        self.prepared: Optional["PreparedDocument"] = None
        self.texts: list[str] = []  # the paragraphs Kiwi splits
        self.wanted: list[bool] = []  # per Kiwi text: are its terms asked for
        self.spans: list[list[tuple[int, int]]] = []  # per Kiwi text answered so far
        self.memo: dict = {}  # sentence text -> its terms (split_sentences' `terms`)
        self.waiting = 0  # Kiwi answers still to come

    @property
    def ready(self) -> bool:
        return self.outcome is not None or self.waiting == 0

    def fail(self, error: BaseException) -> None:
        self.outcome = _problem(self.path, error)
        self.prepared, self.texts, self.spans, self.memo = None, [], [], {}


def analysed_in_order(files: Sequence[Path], store) -> Iterator[tuple[Path, object, bool]]:
    """(path, AnalysedDocument or SourceProblem, from the cache) for each file, in order.

    `store`: an AnalysisCache, or None to neither read nor write one.
    """
    entries: deque[_Entry] = deque()  # read, not yet handed out, in file order
    owners: deque[_Entry] = deque()  # the entry of each text given to Kiwi, unanswered

    def texts() -> Iterator[str]:
        for path in files:
            entry = _prepare(path, store)
            entries.append(entry)
            if entry.prepared is not None:
                for text in entry.texts:
                    owners.append(entry)
                    yield text

    def ready_ones() -> Iterator[tuple[Path, object, bool]]:
        while entries and entries[0].ready:
            done = entries.popleft()
            if done.outcome is None:
                _finish(done, store)
            # Kept no longer than the caller keeps it: an entry whose later answers are
            # still due stays in `owners`.
            outcome, done.outcome = done.outcome, _HANDED_OVER
            yield done.path, outcome, done.from_cache
            del outcome

    feed = texts()
    while True:
        # Until a document needs Kiwi, documents go out as they are read: a corpus
        # that is all cached never builds Kiwi.
        first = next(feed, None)
        yield from ready_ones()
        if first is None:
            break
        answers = kiwi.analyses_of(_chain(first, feed))
        while owners:
            entry = owners.popleft()
            entry.waiting -= 1
            try:
                tokens = next(answers)
            except StopIteration:  # fewer answers than texts: kiwipiepy broke its word
                tokens, error = None, RuntimeError("Kiwi gave no analysis")
            except Exception as refused:  # a text Kiwi refused spoils its document only
                tokens, error = None, refused
            if entry.outcome is None:
                if tokens is None:
                    entry.fail(error)
                else:
                    _take(entry, tokens)
            yield from ready_ones()


def _take(entry: _Entry, tokens) -> None:
    """One of the entry's texts answered: its sentences, and their terms if wanted."""
    number = len(entry.spans)
    try:
        entry.spans.append(sentences.spans_from_tokens(entry.texts[number], tokens,
                                                    entry.wanted[number], entry.memo))
    except Exception as error:
        entry.fail(error)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _prepare(path: Path, store) -> _Entry:
    """Read a file up to Kiwi, or take it from the cache; never raises (the stream of
    texts Kiwi reads must not break on one bad document)."""
    entry = _Entry(path)
    try:
        source = sources.read_source(path)  # read and hashed once: the cache's key, the reader's bytes
        if store is not None:
            cached = store.lookup(source.sha256)
            if cached is not None:  # stored for a file with these bytes: named for this one
                entry.outcome = with_path(cached, path.as_posix(), source.mtime)
                entry.from_cache = True
                return entry
        prepared = sources.prepare_document(path, source=source)
    except Exception as error:
        entry.fail(error)
        return entry
    entry.prepared = prepared
    entry.texts = prepared.kiwi_texts
    entry.wanted = prepared.for_terms
    entry.waiting = len(entry.texts)
    return entry


def _finish(entry: _Entry, store) -> None:
    """The document from its prepared parts and Kiwi's answers, analysed and cached."""
    from vocab.analyse.document import analyse_document

    try:
        document = sources.finish_document(entry.prepared, entry.spans)
        analysed = analyse_document(document, entry.memo)
        if store is not None:
            store.store(analysed)
    except Exception as error:
        entry.fail(error)
        return
    entry.outcome = analysed
    entry.prepared, entry.texts, entry.spans, entry.memo = None, [], [], {}


def _problem(path: Path, error: BaseException) -> SourceProblem:
    from vocab.errors import VocabError

    if isinstance(error, VocabError):
        message = getattr(error, "reason", None) or str(error)
    else:
        message = f"could not be read ({type(error).__name__}: {error})"
    return SourceProblem(path.as_posix(), message)


@dataclass(frozen=True)
class ReadProgress:
    """Where reading a corpus has got to, after each document (for a progress bar)."""

    path: str  # the document just done
    documents_done: int
    documents_total: int
    characters_done: int  # of the documents' kept paragraphs
    bytes_done: int  # of the files, done and total: the bar's fraction
    bytes_total: int
    from_cache: bool

    def __str__(self) -> str:  # what a plain "reading <path>" line shows
        return self.path

    @property
    def fraction(self) -> float:
        return self.bytes_done / self.bytes_total if self.bytes_total else 1.0



def read_and_analyse_each(
    paths: Sequence[str | Path],
    progress: Optional[Callable[[ReadProgress], None]] = None,
    use_cache: bool = True,
    *,
    cache: Optional["AnalysisCache"] = None,
) -> Iterator[AnalysedDocument | SourceProblem]:
    """Every document under `paths` analysed, or the problem that stopped it (the others
    go on), handed over as soon as it is done, in `sources.find_files` order; the paths
    that do not exist come first.

    Nothing is kept here once handed over: a caller that keeps only what it needs of
    each document holds a few documents at a time, not the corpus.
    `cache` replaces the user cache (tests, benchmarks); `use_cache=False` neither reads
    nor writes one.  `progress` is told after the caller is done with each document.
    """
    from vocab.analyse.cache import AnalysisCache

    files, problems = sources.find_files(paths)
    yield from problems
    store = (cache or AnalysisCache()) if use_cache else None
    sizes = [_size(path) for path in files]
    bytes_total = sum(sizes)
    characters = bytes_done = 0
    for number, (path, outcome, from_cache) in enumerate(
            analysed_in_order(files, store), 1):
        if not isinstance(outcome, SourceProblem):
            characters += sum(len(p.text) for p in outcome.document.paragraphs)
        yield outcome
        del outcome  # not kept alive while the next document is awaited
        bytes_done += sizes[number - 1]
        if progress:
            progress(ReadProgress(path.as_posix(), number, len(files), characters, bytes_done,
                                  bytes_total, from_cache))


def read_and_analyse(
    paths: Sequence[str | Path],
    progress: Optional[Callable[[ReadProgress], None]] = None,
    use_cache: bool = True,
    *,
    cache: Optional["AnalysisCache"] = None,
) -> tuple[list[AnalysedDocument], list[SourceProblem]]:
    """read_and_analyse_each, all kept: every document analysed, and the problems."""
    analysed: list[AnalysedDocument] = []
    problems: list[SourceProblem] = []
    for outcome in read_and_analyse_each(paths, progress, use_cache, cache=cache):
        if isinstance(outcome, SourceProblem):
            problems.append(outcome)
        else:
            analysed.append(outcome)
    return analysed, problems


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0

def read_document(path: Path, display: str | None = None,
                  source: "sources.SourceBytes | None" = None, terms: dict | None = None) -> Document:
    """Read one file; SourceError (one line, naming the file) when it cannot be read.

    `source`: the file as read_source read it already (to look it up in the cache), so
    that it is not read and hashed twice.  `terms`: a dict to note the sentences' terms
    in while Kiwi splits them (split_sentences), for analyse_document's `known_terms`.
    """
    prepared = sources.prepare_document(path, display, source)
    spans = sentences.split_sentences(prepared.kiwi_texts, for_terms=prepared.for_terms, terms=terms)
    return sources.finish_document(prepared, spans)


def read_documents(paths: Sequence[str | Path]) -> tuple[list[Document], list[SourceProblem]]:
    """Every readable document under `paths`, and one problem per file that was not."""
    files, problems = sources.find_files(paths)
    documents = []
    for path in files:
        try:
            documents.append(read_document(path))
        except SourceError as error:
            problems.append(SourceProblem(error.path, error.reason))
    return documents, problems
