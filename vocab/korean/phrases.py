"""Multi-word terms (phrases from curated lists or glosses), matched whatever their spacing."""

from __future__ import annotations

import bisect
import functools
import re
from typing import Collection, Iterable, Optional, Sequence

from vocab.records import TermHit

_SPACES = re.compile(r"\s+")


def find_phrases(sentence: str, phrases: "Collection[str] | PhraseMatcher") -> list[TermHit]:
    """Multi-word terms (written with spaces) found in a sentence, whatever its spacing.

    Single words are ignored here: Kiwi finds them.  The lemma is the phrase with its
    spacing normalised; the surface is the sentence's text as written.
    """
    if not isinstance(phrases, PhraseMatcher):
        phrases = phrase_matcher(tuple(phrases))
    found = phrases.find(sentence)
    return list(ordered(found)) if found else []


def ordered(hits: Sequence[TermHit]) -> tuple[TermHit, ...]:
    """Deterministic order, by position, wholes before their parts; duplicates dropped."""
    unique = {(hit.start, hit.end, hit.lemma, hit.is_compound_part): hit for hit in hits}
    return tuple(
        unique[key] for key in sorted(unique, key=lambda k: (k[0], -k[1], k[3], k[2]))
    )


class PhraseMatcher:
    """Multi-word phrases to find in sentences; phrases may be added as they are met.

    Most sentences hold no phrase, and one search of all patterns joined says so.  Those
    joined searches are kept in groups whose sizes halve down the list, as the digits
    of a binary counter: adding n phrases one at a time (a corpus glossing a new phrase
    in every document) compiles about n log n patterns, not n squared as recompiling
    the whole set would, and a sentence is searched by about log n of them.
    """

    __slots__ = ("matchers", "groups")

    def __init__(self, phrases: Iterable[str] = ()):
        # (lemma, spaceless form, pattern) for each phrase, sorted by lemma: hits come in
        # that order whatever the order the phrases came in
        self.matchers: list[tuple[str, str, re.Pattern]] = []
        self.groups: list[tuple[int, re.Pattern]] = []  # (phrases joined, their search)
        fresh = [lemma for lemma in {_phrase_lemma(p) for p in phrases} if lemma]
        self._insert(fresh)

    def add(self, phrase: str) -> bool:
        """Find `phrase` from now on; False if it is one word or known already."""
        lemma = _phrase_lemma(phrase)
        if not lemma or self.knows(lemma):
            return False
        self._insert([lemma])
        while len(self.groups) > 1 and self.groups[-2][0] <= self.groups[-1][0]:
            (older, first), (newer, second) = self.groups[-2:]
            self.groups[-2:] = [(older + newer, re.compile(f"{first.pattern}|{second.pattern}"))]
        return True

    def knows(self, lemma: str) -> bool:
        index = bisect.bisect_left(self.matchers, (lemma,))
        return index < len(self.matchers) and self.matchers[index][0] == lemma

    def _insert(self, lemmas: list[str]) -> None:
        if not lemmas:
            return
        matchers = [_phrase_matcher(lemma) for lemma in lemmas]
        for matcher in matchers:
            bisect.insort(self.matchers, matcher, key=lambda m: m[0])
        joined = "|".join(pattern.pattern for _, _, pattern in sorted(matchers))
        self.groups.append((len(matchers), re.compile(joined)))

    def __bool__(self) -> bool:
        return bool(self.matchers)

    def find(self, sentence: str) -> list[TermHit]:
        if not any(search.search(sentence) for _, search in self.groups):
            return []
        spaceless = _SPACES.sub("", sentence)
        hits = []
        for lemma, compact, pattern in self.matchers:
            if compact not in spaceless:  # cheap test before the regex
                continue
            for match in pattern.finditer(sentence):
                hits.append(TermHit(lemma, "noun", match.group(), match.start(), match.end()))
        return hits


@functools.lru_cache(maxsize=8)
def phrase_matcher(phrases: tuple[str, ...]) -> PhraseMatcher:
    """A PhraseMatcher of a fixed list; cached because a caller may pass the same list
    once per sentence."""
    return PhraseMatcher(phrases)


def _phrase_lemma(phrase: str) -> str:
    """The phrase with its spacing normalised, or "" when it is a single word."""
    lemma = _SPACES.sub(" ", phrase.strip())
    return lemma if " " in lemma else ""


@functools.lru_cache(maxsize=8192)
def _phrase_matcher(lemma: str) -> tuple[str, str, re.Pattern]:
    spaceless = lemma.replace(" ", "")
    pattern = re.compile(r"\s*".join(re.escape(char) for char in spaceless))
    return lemma, spaceless, pattern


def prefer_phrases(hits: Sequence[TermHit], phrase_hits: Sequence[TermHit]) -> list[TermHit]:
    """Word hits plus phrase hits; a compound Kiwi found on a phrase's span (동반자관계 for
    the phrase 동반자 관계) is the same term, so it gives way to the phrase (its parts stay).
    For callers that run find_phrases apart from analyse (analyses cached without lists)."""
    if not phrase_hits:
        return list(hits)
    spans = {(hit.start, hit.end, hit.lemma.replace(" ", "")) for hit in phrase_hits}
    kept = [
        hit
        for hit in hits
        if hit.is_compound_part or (hit.start, hit.end, hit.lemma) not in spans
    ]
    return kept + list(phrase_hits)




# --- the term of a phrase gloss ------------------------------------------------------------
#
# "콧수염을 기르기(grow a mustache)": the English glosses a phrase, and the term is that
# phrase in dictionary form (콧수염을 기르다), never its last word (기르다 keeps its own
# English).  Which words before the parenthesis belong to the phrase is read from Kiwi's
# morphemes:
# - the head is the word before the parenthesis; an auxiliary after it is dropped
#   (하소연하고 있다 -> 하소연하다, 받게 된 -> 받다), except the causative -게 하다,
#   which is part of the meaning (메마르게 하다);
# - a predicate takes its argument when the English has one ("grow a mustache", "be low
#   in moisture", not "run rampant"): the word before it when that is a noun with an
#   object, subject or 에 particle, or a bare noun, with the nouns and determiners
#   before that noun (경고 신호를 보내다, 한 몸에 받다);
# - a noun takes the bare nouns before it, as many as the English has words of meaning
#   (주한 미국 대사 for "US ambassador to Korea", not 해리 해리스 주한 미국 대사).

_NOUN_TAGS = ("NNG", "NNP", "NNB", "NR", "SN", "XSN", "XPN", "SL", "SH")
_ARGUMENT_PARTICLES = {("JKO", None), ("JKS", None), ("JKB", "에")}
_ENGLISH_FUNCTION = frozenset(
    "a an the of in on at to for by with from and or as is are was were be been its his "
    "her their our your my this that these those one's sb sth it".split()
)
# English words that show an argument after the verb: "grow a mustache", "run short of time".
_ARGUMENT_SIGNS = frozenset("a an the of in on at to for about with from into".split())
# Nouns that stand as adverbs of time or discourse (결국 협상이 결렬됐다): never part of
# the phrase they come before.
_ADVERBIAL_NOUNS = frozenset(
    "결국 이번 어제 오늘 내일 지금 현재 최근 당시 이후 이전 처음 사실 실제 모두 함께 올해 "
    "지난해 작년 내년 그동안 향후 앞서 이제 당장 그날 이날 한편 특히".split()
)
_PRONOUNS = frozenset("it them him her this that one oneself itself himself sb sth".split())


def gloss_phrase(before: str, word: str, english: str) -> Optional[str]:
    """The term a phrase gloss names: `word` is written just before the parenthesis,
    `before` the words before it on the line; "" when the caller should lemmatise `word`
    alone, None when it is no term at all (a noun with its particle).

    >>> gloss_phrase("2018년 7월 한국에 부임하면서", "콧수염을 기르기", "grow a mustache")
    '콧수염을 기르다'
    """
    from vocab.korean import kiwi
    from vocab.korean.terms import lemmatise

    text = f"{before} {word}".strip()
    words = text.split(" ")
    tokens = kiwi.get_kiwi().tokenize(text, match_options=kiwi.match_options())
    per_word: list[list[tuple[str, str]]] = [[] for _ in words]
    starts, at = [], 0
    for written in words:
        starts.append(at)
        at += len(written) + 1
    for token in tokens:
        index = bisect.bisect_right(starts, token.start) - 1
        per_word[index].append((token.form, token.tag))
    english_words = english.replace(";", " ").lower().split()
    meaning = sum(1 for w in english_words if w not in _ENGLISH_FUNCTION)
    head = len(words) - 1
    head_text = ""
    if head > 0 and per_word[head] and _is_auxiliary(per_word[head - 1], per_word[head]):
        if per_word[head][0][0] == "하" and per_word[head - 1][-1] == ("게", "EC"):
            head_text = f"{words[head - 1]} 하다"  # the causative is meaning: 메마르게 하다
        head -= 1
    tags = [tag for _, tag in per_word[head]]
    if not tags:
        return ""
    predicate = _predicate_lemma(per_word[head])
    if not predicate and tags[-1].startswith("J") and len(word.split(" ")) == 1:
        return None  # a noun with its particle: 전에 in 말을 하기 전에(before making a remark)
    if not head_text:
        head_text = predicate or lemmatise(words[head])
    kept: list[str] = []
    if meaning >= 2 and predicate:
        takes_argument = len(english_words) >= 3 or _ARGUMENT_SIGNS & set(english_words)
        if takes_argument and english_words[-1] not in _PRONOUNS:
            kept = _argument(words, per_word, head, limit=meaning + 1)
            if not kept and meaning >= 3 and " " not in word and " " not in head_text:
                # "밝혔다(said it would skip the meeting)": a clause glossed on its last
                # verb; the verb keeps its own English rather than take the clause's
                return None
    elif meaning >= 2 and all(tag.startswith(_NOUN_TAGS) for tag in tags):
        index = head - 1
        while index >= 0 and head - index < meaning and _is_bare_noun(per_word[index]):
            kept.insert(0, words[index])
            index -= 1
    if len(kept) + len(head_text.split(" ")) < len(word.split(" ")):
        return ""  # fewer words than written before the parenthesis: lemmatise them
    return " ".join(kept + [head_text])


def _predicate_lemma(word: list[tuple[str, str]]) -> str:
    """하소연+하+고 -> 하소연하다, 기르+기 -> 기르다, 결렬+되+었+다 -> 결렬되다; "" for a
    word with no predicate, or one that is only a noun with the copula."""
    for index, (form, tag) in enumerate(word):
        if tag.startswith(("VV", "VA", "XSV", "XSA")):
            stem = "".join(f for f, t in word[:index] if t.startswith(_NOUN_TAGS + ("XR", "MAG")))
            if len(stem) != sum(len(f) for f, _ in word[:index]):
                return ""  # something else before the predicate: leave it to lemmatise
            return f"{stem}{form}다"
    return ""


def _is_auxiliary(previous: list[tuple[str, str]], word: list[tuple[str, str]]) -> bool:
    """있다 in 하소연하고 있다, 되다 in 받게 되다, 하다 in 메마르게 하다."""
    first_form, first_tag = word[0]
    if not previous:
        return False
    if first_tag == "VX":
        return True
    return first_form == "되" and previous[-1] == ("게", "EC")


def _is_bare_noun(word: list[tuple[str, str]]) -> bool:
    """A noun with no particle: 경고, 5배; a nominalised predicate counts (억울함)."""
    if len(word) == 1 and word[0][0] in _ADVERBIAL_NOUNS:
        return False
    if word and word[-1][1] == "ETN":
        return True
    return bool(word) and all(tag.startswith(_NOUN_TAGS) for _, tag in word)


def _argument(words: list[str], per_word: list[list[tuple[str, str]]], head: int,
              limit: int) -> list[str]:
    """The argument of the predicate at `head`: 콧수염을, 습도, 한 몸에, 경고 신호를."""
    index = head - 1
    if index < 0:
        return []
    word = per_word[index]
    if not word:
        return []
    last_form, last_tag = word[-1]
    particle = (last_tag, last_form if last_tag == "JKB" else None)
    nouns = word[:-1] if particle in _ARGUMENT_PARTICLES else word
    if not _is_bare_noun(nouns) or all(tag == "NNP" for _, tag in nouns):
        return []  # not a noun, or a name: the agent (김정은이), not part of the phrase
    kept = [words[index]]
    index -= 1
    # The noun's own modifiers: 경고 (신호를), 한 (몸에), 모든 (것을).
    while index >= 0 and len(kept) + 1 < limit:
        word = per_word[index]
        if not (_is_bare_noun(word) or (len(word) == 1 and word[0][1] == "MM")):
            break
        kept.insert(0, words[index])
        index -= 1
    return kept
