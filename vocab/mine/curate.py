"""The curate stage: the loaded word lists applied to the mined terms.

Which English gloss a term ends with, strongest first:

1. a gloss from the learner's own lists (project folder, --list): they asked for it;
2. a gloss the text states itself (gloss_source "text"): the text knows which sense
   it means, where a shipped list can only give the usual one;
3. a gloss from a shipped list: curated, so it beats a guess from sentence alignment;
4. a gloss from the shipped dictionary (gloss_source "dictionary"), which the lists
   override field by field (lists.load.Lexicon.get), the sense the examples'
   translations use first (mine.senses);
5. a gloss from alignment, or none.

Hanja, part of speech, level, note and tags come from the list or dictionary whenever it
gives them; the level replaces the guess from frequency.  The dictionary's part of
speech only picks its entry (자주: adverb or noun); the term keeps Kiwi's, since a
note's id is made from it.  A listed word (or one the dictionary has) is vocabulary,
never a name left out of the deck: 한반도, 한미, 유엔 and 조선중앙통신 are words a
learner of the news studies, whatever the analyser or the list's part of speech
("name") calls them.  Names nobody lists (푸틴, 윤희영) stay names.

Known and skipped words are removed.  Words the corpus never used are added (count 0,
with the list's examples) when the learner's own list glosses them: a learner adding a word
wants it in the deck.  An entry of theirs that only re-levels or re-tags a word (or an
unfilled template entry, en: "") adds nothing; shipped entries only enrich words found in
the text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional, Sequence

from vocab.lists.schema import ListExample, normalize_ko
from vocab.lists.load import Entry, Lexicon
from vocab.mine.senses import news_sense_first
from vocab.records import Example, Level, Term

MAX_EXAMPLES = 3  # as examples.py: a card shows at most three sentences


def apply_lexicon(
    terms: Sequence[Term],
    lexicon: Lexicon,
    *,
    level_for: Optional[Callable[[str], Level]] = None,
) -> list[Term]:
    """The curated terms: the mined ones in their order, then the learner's added words in
    list order.  The input terms are not modified.

    level_for gives the level of an added word its list leaves unlevelled (default:
    Term's own default).
    """
    curated: list[Term] = []
    mined: set[str] = set()
    for term in terms:
        entry = lexicon.get(term.lemma, term.pos)
        mined.add(normalize_ko(term.lemma))
        if entry is None:
            curated.append(term)
        elif not (entry.known or entry.skip):
            curated.append(_enrich(term, entry))
    for ko, entry in lexicon.entries.items():
        if ko in mined or entry.known or entry.skip or "en" not in entry.learner_fields:
            continue
        curated.append(_added_term(entry, level_for))
    return curated


def _enrich(term: Term, entry: Entry) -> Term:
    changes: dict[str, object] = {}
    stated_in_text = bool(term.gloss) and term.gloss_source == "text"
    if entry.gloss and ("en" in entry.learner_fields or not stated_in_text):
        if "en" in entry.dictionary_fields:  # the sense the examples' English uses first
            gloss = news_sense_first(entry.gloss, (example.translation for example in term.examples))
            changes.update(gloss=gloss, gloss_source="dictionary")
        else:
            changes.update(gloss=entry.gloss, gloss_source="list")
    elif entry.gloss and _is_acronym(term.gloss):
        # "국제원자력기구(IAEA)": the text gives the abbreviation, not a translation; it
        # goes beside the word's own English rather than instead of it.
        acronym = term.gloss.strip()
        changes["gloss"] = entry.gloss if acronym in entry.gloss else f"{entry.gloss} ({acronym})"
    for name in ("hanja", "level", "note"):
        if getattr(entry, name) is not None:
            changes[name] = getattr(entry, name)
    if entry.pos and "pos" not in entry.dictionary_fields:
        changes["pos"] = entry.pos  # a list's part of speech wins over Kiwi's
    changes["is_name"] = False  # a listed word is vocabulary, even one listed as a name
    if entry.tags:
        changes["tags"] = list(dict.fromkeys([*term.tags, *entry.tags]))  # union, order kept
    if entry.examples:
        changes["examples"] = _merged_examples(term, entry)
    return replace(term, **changes)


def _is_acronym(gloss: str | None) -> bool:
    """ "IAEA", "U.S.", "NDS": an abbreviation alone."""
    letters = (gloss or "").replace(".", "").replace("&", "").strip()
    return 2 <= len(letters) <= 10 and letters.isupper() and letters.isalnum() and " " not in letters


def _merged_examples(term: Term, entry: Entry) -> list[Example]:
    """Examples from the learner's list come first (chosen by hand); a shipped list's
    only fill the places the corpus left empty (the learner's own reading comes first)."""
    from_list = [_example(item, term.lemma) for item in entry.examples]
    if "examples" in entry.learner_fields:
        ordered = [*from_list, *term.examples]
    else:
        ordered = [*term.examples, *from_list]
    chosen: list[Example] = []
    texts: set[str] = set()
    for example in ordered:
        if example.text not in texts:
            texts.add(example.text)
            chosen.append(example)
    return chosen[:MAX_EXAMPLES]


def _added_term(entry: Entry, level_for: Optional[Callable[[str], Level]]) -> Term:
    term = Term(
        lemma=entry.ko,
        pos=entry.pos or ("phrase" if " " in entry.ko else "noun"),
        gloss=entry.gloss,
        gloss_source="list",
        examples=[_example(item, entry.ko) for item in entry.examples[:MAX_EXAMPLES]],
        hanja=entry.hanja,
        tags=list(entry.tags),
        note=entry.note,
    )
    if entry.level is not None:
        term.level = entry.level
    elif level_for is not None:
        term.level = level_for(entry.ko)
    return term


def _example(item: ListExample, lemma: str) -> Example:
    start, end = find_span(item.ko, lemma)
    return Example(text=item.ko, start=start, end=end, source=item.source, translation=item.en)


def find_span(sentence: str, lemma: str) -> tuple[int, int]:
    """Where a list example shows its word, for highlighting; (0, 0) when not found.

    A list sentence is not analysed (that would load Kiwi for a few lines), so conjugated
    forms are found by prefix: the whole lemma, the stem without 다 (체결하 in 체결하는),
    the stem without its last syllable, which contractions change (체결 in 체결했다, 열 in
    열렸다).  Irregular one-syllable stems (돕다 → 도와) are not found.
    """
    candidates = [lemma]
    if lemma.endswith("다") and len(lemma) > 1:
        candidates.append(lemma[:-1])
        if len(lemma) > 2:
            candidates.append(lemma[:-2])
    for candidate in candidates:
        at = sentence.find(candidate)
        if at >= 0:
            return at, at + len(candidate)
    return 0, 0
