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
from typing import TYPE_CHECKING, Iterator, Optional, Sequence

from .model import SourceProblem

if TYPE_CHECKING:
    from .analysis import AnalysedDocument
    from .sources import PreparedDocument


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
        self.memo: dict = {}  # sentence text -> its terms (korean.analysing_while_splitting)
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
    from . import korean

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
        answers = korean.analyses_of(_chain(first, feed))
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
    from . import korean

    number = len(entry.spans)
    try:
        entry.spans.append(korean.spans_from_tokens(entry.texts[number], tokens,
                                                    entry.wanted[number], entry.memo))
    except Exception as error:
        entry.fail(error)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _prepare(path: Path, store) -> _Entry:
    """Read a file up to Kiwi, or take it from the cache; never raises (the stream of
    texts Kiwi reads must not break on one bad document)."""
    from . import sources

    entry = _Entry(path)
    try:
        source = sources.read_source(path)  # read and hashed once: the cache's key, the reader's bytes
        if store is not None:
            cached = store.lookup(path, source)
            if cached is not None:
                entry.outcome, entry.from_cache = cached, True
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
    from . import korean, sources
    from .analysis import analyse_document

    try:
        document = sources.finish_document(entry.prepared, entry.spans)
        with korean.analysing_while_splitting(entry.memo):
            analysed = analyse_document(document)
        if store is not None:
            store.store(analysed)
    except Exception as error:
        entry.fail(error)
        return
    entry.outcome = analysed
    entry.prepared, entry.texts, entry.spans, entry.memo = None, [], [], {}


def _problem(path: Path, error: BaseException) -> SourceProblem:
    from .errors import VocabError

    if isinstance(error, VocabError):
        message = getattr(error, "reason", None) or str(error)
    else:
        message = f"could not be read ({type(error).__name__}: {error})"
    return SourceProblem(path.as_posix(), message)
