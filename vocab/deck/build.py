"""`vocab build`: mined and curated terms -> spoken audio -> an Anki package."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from vocab.deck.history import NoteHistory
from vocab.records import Term
from vocab.mine.pipeline import MineResult, select_terms


@dataclass
class BuildOutcome:
    path: Path
    notes: int
    left_out_unglossed: list[str]
    audio_engine: Optional[str]
    audio_failed: list[str]
    messages: list[str] = field(default_factory=list)
    audio_engines: dict[str, int] = field(default_factory=dict)  # engine title -> texts spoken
    audio_cached: int = 0  # sounds this build found ready in the cache
    audio_spoken: dict[str, int] = field(default_factory=dict)  # engine title -> sounds spoken now
    audio_converted: int = 0  # answers encoded to the deck's MP3 now (gTTS, earlier builds)


def corpus_name(paths: Sequence[str | Path]) -> str:
    """Name of the corpus for the default file name: the folder or file stem given."""
    if len(paths) != 1:
        return "corpus"
    path = Path(paths[0])
    name = path.resolve().name if path.name in ("", ".") else path.name
    return (Path(name).stem or "corpus").lower()


def spoken_texts(terms: Sequence[Term]) -> list[str]:
    """Everything a deck speaks: each word and the example sentence its cards show."""
    from vocab.deck.fronts import shown_example

    texts: list[str] = []
    for term in terms:
        texts.append(term.lemma)
        example = shown_example(term)
        if example is not None:
            texts.append(example.text)
    return sorted(set(texts))


def build_deck(
    mined: MineResult,
    *,
    level: str,
    out: Path,
    corpus: str,
    tts: str = "auto",
    listening: bool = False,
    audio_cache_dir: Optional[Path] = None,
    progress: Optional[Callable[[str, int, int], None]] = None,
    history: Optional[NoteHistory] = None,
) -> BuildOutcome:
    """Speak, then write the package; notes are dated by `history` (default: the user's,
    beside the audio cache), so a note is newer exactly when its content changed.
    `progress(stage, done, total)` hears of each sound: stage "audio", then "encoding"."""
    from vocab.deck import audio
    from vocab.deck import package as deck

    # A glossed term without an example sentence (seen only in headings or glossary
    # lines) still gets its notes: the card shows no example, and no cloze card is made
    # (templates.py).
    selected = select_terms(mined.terms, level=level)
    if history is None:  # its time is taken now, before speech: builds started together agree
        history = NoteHistory()
    chosen = [t for t in selected if t.gloss]  # only these are spoken: the rest stay out
    media: dict[str, Path] = {}
    engine = None
    engines: dict[str, int] = {}
    failed: list[str] = []
    messages: list[str] = []
    counts: dict = {}
    if tts != "none" and chosen:
        from vocab.deck.offline import finish_all

        cache = audio.AudioCache(audio_cache_dir)
        result = audio.synthesize_all(spoken_texts(chosen), choice=tts, cache=cache,
                                      progress=progress and functools.partial(progress, "audio"))
        finished = finish_all(cache, result.files,
                              progress=progress and functools.partial(progress, "encoding"))
        media, engine = finished.files, result.engine
        failed = list(result.failed) + list(finished.failed)
        messages.extend(result.messages)
        engines = dict(result.engines)
        messages.extend(finished.failed.values())
        counts = {"audio_cached": result.cached, "audio_spoken": dict(result.spoken),
                  "audio_converted": finished.converted}
    titles = {doc.path: doc.title for doc in mined.documents}
    report = deck.build_package(
        selected,
        out,
        level=level,
        corpus_name=corpus,
        media=media,
        timestamp=mined.timestamp,
        titles=titles,
        listening=listening,
        history=history,
    )
    return BuildOutcome(
        path=out,
        notes=report.notes_written,
        left_out_unglossed=list(report.left_out_unglossed),
        audio_engine=engine,
        audio_failed=failed,
        messages=messages,
        audio_engines=engines,
        **counts,
    )
