"""The whole job, stage by stage: the library behind `vocab mine` and `vocab build`.

Each stage lives in its own module; this one only passes their records along:
read sources -> analyse Korean -> align -> glosses and terms -> score and level ->
examples -> curate -> (deck, audio: see build.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from vocab.analyse.stream import read_and_analyse_each
from vocab.errors import NoKoreanText
from vocab.lists.load import Lexicon
from vocab.lists.online import OnlineDictionary
from vocab.mine.aligned import AlignedGlosses
from vocab.mine.compounds import gloss_from_parts
from vocab.mine.counting import Accumulator, StreamingCollector
from vocab.records import Alignment, Document, Example, Gloss, SourceProblem, Term
from vocab.text import HANGUL_WORD


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
    lexicon: Lexicon
    timestamp: float  # newest modification time among the sources and lists used
    notes: list[str] = field(default_factory=list)  # things the user should know (repairs…)
    without_korean: list[str] = field(default_factory=list)  # paths of documents with no Hangul


# A document without one Hangul syllable outside its page furniture has nothing to mine.
NO_KOREAN_NOTE = "no Korean text: vocab studies Korean words; nothing was mined from it"


def mine(
    paths: Sequence[str | Path],
    *,
    lexicon=None,
    user_lists: Sequence[Path] = (),
    known_files: Sequence[Path] = (),
    project_dir: Optional[Path] = None,
    use_cache: bool = True,
    progress: Optional[Callable[..., None]] = None,
    online: Optional[OnlineDictionary] = None,
) -> MineResult:
    """Mine the vocabulary of the documents at `paths`, curated by the loaded word lists.

    Documents stream through: each is counted as it is read, then dropped (MineResult
    keeps a summary of each).  When a phrase glossed in one document occurs in an
    earlier one, the corpus is read a second time to count it there (StreamingCollector),
    from the cache when it is on, and `progress` follows that reading too.
    `online`: a dictionary asked about the words still unglossed after the lists
    (lists.online); when it fails, a note says so and mining goes on without it.

    Raises NoKoreanText when documents were read and none holds Korean text.
    """
    from vocab.lists import load as lists
    from vocab.mine import curate, scoring

    if lexicon is None:
        # Lists first: a broken list stops the run before any analysis is spent.
        lexicon = lists.load_lexicon(
            user_lists=user_lists,
            known_files=known_files,
            project_dir=project_dir if project_dir is not None else Path.cwd(),
            use_cache=use_cache,
        )
    collector = StreamingCollector(lexicon.phrases())
    aligned = AlignedGlosses(lexicon)
    documents: list[Document] = []
    problems: list[SourceProblem] = []
    without_korean: list[str] = []
    tokens = 0
    for outcome in read_and_analyse_each(paths, progress=progress, use_cache=use_cache):
        if isinstance(outcome, SourceProblem):
            problems.append(outcome)
            continue
        collector.add(outcome)
        aligned.add(outcome)
        tokens += outcome.morphemes
        if not _has_korean(outcome.document):
            without_korean.append(outcome.document.path)
        documents.append(replace(outcome.document, paragraphs=(), furniture=()))
    if documents and len(without_korean) == len(documents):
        raise NoKoreanText(without_korean)
    table = collector.finish(
        lambda: read_and_analyse_each(paths, progress=progress, use_cache=use_cache))
    stated, text_gloss, alignments = collector.stated, collector.text_gloss, collector.alignments

    terms: list[Term] = []
    judged: dict = {}  # sentences judged as examples, by text
    for lemma in sorted(set(table) | set(text_gloss)):
        acc = table.get(lemma) or Accumulator()
        pos = acc.main_pos() if acc.pos else _guess_pos(lemma)
        zipf = scoring.zipf(lemma, pos)
        keyness = scoring.keyness(acc.count, max(tokens, 1), zipf)
        glossed = lemma in text_gloss
        term = Term(
            lemma=lemma,
            pos=pos,
            level=scoring.level_for(zipf),
            score=scoring.score(keyness, glossed=glossed, listed=lexicon.listed(lemma)),
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
    online_notes: list[str] = []
    if online is not None:
        from vocab.lists.online import gloss_from_online

        looked_up = gloss_from_online(terms, online)
        terms, online_notes = looked_up.terms, looked_up.messages
    terms = aligned.apply(terms)  # words no list, dictionary or online one knows
    terms = gloss_from_parts(terms, lexicon)  # the last resort: 대북압박 from 대북 and 압박
    terms.sort(key=lambda t: (-round(t.score, 6), t.lemma))
    notes = [f"{doc.path}: {note}" for doc in documents for note in doc.notes] + online_notes
    notes.extend(f"{path}: {NO_KOREAN_NOTE}" for path in without_korean)
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
        without_korean=without_korean,
    )


def _examples_for(acc: Accumulator, judged: dict, limit: int = 3) -> list[Example]:
    """The best sentences using the word itself, topped up with compounds containing it;
    no sentence over MAX_CHARS when a compound's is shorter (발사 in 시험발사했다 rather
    than a 151-character speech).  `judged`: one dict for the run, see
    examples.choose_examples."""
    from vocab.mine.examples import MAX_CHARS, choose_examples

    chosen = choose_examples(acc.candidates, limit, judged)
    long = [e for e in chosen if len(e.text.strip()) > MAX_CHARS]
    if (len(chosen) < limit or long) and acc.inside:
        seen = {e.text for e in chosen}
        extra = [e for e in choose_examples(acc.inside, limit, judged) if e.text not in seen]
        if long and any(len(e.text.strip()) <= MAX_CHARS for e in extra):
            chosen = [e for e in chosen if e not in long]
        chosen += extra[: limit - len(chosen)]
    return chosen


def _has_korean(document: Document) -> bool:
    """Does the document hold any Korean, in its running text or in what was judged page
    furniture?  A page that is all furniture (one line, say) has Korean to study none of,
    but it is not an English-only document: it gets the furniture note, not this error."""
    return any(HANGUL_WORD.search(p.text) for p in document.paragraphs) or any(
        HANGUL_WORD.search(line) for line in document.furniture)

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
