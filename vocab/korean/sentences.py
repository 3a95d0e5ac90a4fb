"""Korean text through Kiwi: sentences, and the terms of each sentence.

Splitting a text into sentences is a full morphological analysis, so split_sentences
can note each sentence's terms from that same pass (`terms`), and the analyse functions
take them from there (`known`) instead of asking Kiwi again.  Kiwi reads a sentence the
same way inside its paragraph as alone (checked on the seeds), so the terms do not
depend on the path.
"""

from __future__ import annotations

from itertools import groupby
from typing import Collection, Mapping, Sequence

from vocab.korean import kiwi
from vocab.korean.phrases import ordered, phrase_matcher, prefer_phrases
from vocab.korean.terms import rows_from_tokens
from vocab.records import TermHit


# A sentence's terms as split_sentences notes them: its rows (TermHit fields, offsets into
# the sentence) and its number of Kiwi morphemes.
KnownTerms = Mapping[str, tuple[tuple[tuple, ...], int]]


def split_sentences(
    texts: Sequence[str], for_terms: Sequence[bool] | None = None, terms: dict | None = None
) -> list[list[tuple[int, int]]]:
    """Sentence spans (start, end offsets) for each Korean text, by Kiwi's splitter.

    One batched call (Kiwi spreads the texts over its worker threads), with the options
    analyse uses, so that the same pass can also give each sentence's terms: splitting
    is a full morphological analysis, too dear to run twice on a large corpus.  `terms`:
    a dict to note them in (sentence text -> KnownTerms value), for the analyse
    functions' `known`.  `for_terms` (one flag per text) says which texts' terms will be
    asked for; the others' are not worked out (bylines, glossary lines).
    """
    texts = list(texts)
    if not texts:
        return []
    wanted = [True] * len(texts) if for_terms is None else list(for_terms)
    if len(wanted) != len(texts):
        raise ValueError("split_sentences: for_terms needs one flag per text")
    # Not split_sents=True: kiwipiepy would group the tokens with a Python lambda per token
    # (Kiwi's own work is the same); the same runs of sent_position are found below.
    analyses = kiwi.get_kiwi().tokenize(texts, match_options=kiwi.match_options())
    return [spans_from_tokens(text, tokens, text_wanted, terms)
            for text, tokens, text_wanted in zip(texts, kiwi.in_batches(texts, analyses), wanted)]


def spans_from_tokens(text: str, tokens: Sequence, wanted: bool = True,
                      terms: dict | None = None) -> list[tuple[int, int]]:
    """The sentence spans of `text` from Kiwi's tokens of it; with `terms` (see
    split_sentences), the terms of each sentence go into it when `wanted`."""
    found = []
    first = 0
    for _, run in groupby([token.sent_position for token in tokens]):
        stop = first + len(list(run))
        start, end = tokens[first].start, tokens[stop - 1].end
        found.append((start, end))
        if terms is not None:
            sentence = text[start:end]
            # A sentence already seen is done again, unwanted or not: its terms are
            # always those of its last copy.
            if wanted or sentence in terms:
                rows = rows_from_tokens(sentence, tokens[first:stop], start)
                terms[sentence] = (rows, stop - first)
        first = stop
    return found


def analyse(sentences: Sequence[str], phrases: Collection[str] = (),
            known: KnownTerms | None = None) -> list[tuple[TermHit, ...]]:
    """The terms of each sentence, in order; offsets are into that sentence.  `known`:
    terms split_sentences noted already, taken from there rather than from Kiwi."""
    return analyse_counted(sentences, phrases, known)[0]


def analyse_counted(
    sentences: Sequence[str], phrases: Collection[str] = (), known: KnownTerms | None = None
) -> tuple[list[tuple[TermHit, ...]], int]:
    """analyse() plus the number of Kiwi morphemes seen: the corpus size that
    scoring.keyness compares against wordfreq (whose Korean counts are morphemes too)."""
    texts = list(sentences)
    rows, morphemes = analyse_rows(texts, known)
    matchers = phrase_matcher(tuple(phrases))
    make = TermHit._make
    results: list[tuple[TermHit, ...]] = []
    for text, text_rows in zip(texts, rows):
        hits = tuple([make(row) for row in text_rows])
        phrase_hits = matchers.find(text)
        if phrase_hits:  # else the hits stay as they are: already in order
            hits = ordered(prefer_phrases(hits, phrase_hits))
        results.append(hits)
    return results, morphemes


def analyse_rows(sentences: Sequence[str],
                 known: KnownTerms | None = None) -> tuple[list[tuple[tuple, ...]], int]:
    """analyse_counted() without phrases, each hit a plain tuple of TermHit's fields:
    what packing a document's terms needs, without a TermHit object per term."""
    texts = list(sentences)
    if not texts:
        return [], 0
    memo = known or {}
    missing = [text for text in texts if text not in memo]
    fresh: dict[str, tuple[tuple[tuple, ...], int]] = {}
    if missing:
        # One batched call: Kiwi spreads the list over its worker threads.
        analyses = kiwi.get_kiwi().tokenize(missing, match_options=kiwi.match_options())
        for text, tokens in zip(missing, analyses):
            fresh[text] = (rows_from_tokens(text, tokens), len(tokens))
    rows: list[tuple[tuple, ...]] = []
    morphemes = 0
    for text in texts:
        text_rows, count = memo[text] if text in memo else fresh[text]
        morphemes += count
        rows.append(text_rows)
    return rows, morphemes
