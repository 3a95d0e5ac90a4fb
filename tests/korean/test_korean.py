"""Korean terms from real Kiwi analyses: lemmas, compounds, names, what is never a term."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vocab.korean import kiwi as korean_kiwi, phrases as korean_phrases, sentences as korean_sentences, terms as korean_terms
from vocab.korean.phrases import find_phrases
from vocab.korean.sentences import analyse, analyse_counted
from vocab.korean.terms import lemmatise

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
POS_VALUES = {"noun", "verb", "adjective", "adverb", "determiner", "name"}


def hits_of(sentence: str, phrases=()) -> tuple:
    (hits,) = analyse([sentence], phrases)
    return hits


def lemmas_of(sentence: str) -> set[str]:
    return {hit.lemma for hit in hits_of(sentence)}


def korean_lines() -> list[str]:
    lines = []
    for path in sorted(SEEDS.iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search("[가-힣]", line):
                lines.append(line.strip())
    return lines


@pytest.mark.parametrize(
    "sentence, surface, lemma, pos",
    [
        ("서로 도울 것이다.", "도울", "돕다", "verb"),
        ("러시아는 소련을 재건하려 한다.", "재건하려", "재건하다", "verb"),
        ("두 나라는 조약을 체결했습니다.", "체결했습니다", "체결하다", "verb"),
        ("국제법을 위반하는 행위이다.", "위반하는", "위반하다", "verb"),
        ("동맹관계를 강화할 것이다.", "강화할", "강화하다", "verb"),
        ("북한을 방문했다.", "방문했다", "방문하다", "verb"),
        ("이 같은 조약이 세워진 배경", "세워진", "세우다", "verb"),
        # passive and causative verbs are words of their own (issue 15)
        ("조약이 체결된 뒤 회담이 열렸다.", "체결된", "체결되다", "verb"),
        ("안보리 제재를 무력화시켰다.", "무력화시켰다", "무력화시키다", "verb"),
        ("가능성이 공식화되었지만 반발이 있다.", "공식화되었지만", "공식화되다", "verb"),
        ("공통된 의견을 냈다.", "공통된", "공통되다", "verb"),
        ("북한은 국제적으로 고립된 상태다.", "고립된", "고립되다", "verb"),
        ("긴장이 고조되고 있다.", "고조되고", "고조되다", "verb"),
        ("사령부가 새로 창설됐다.", "창설됐다", "창설되다", "verb"),
        ("발사 징후가 포착됐다.", "포착됐다", "포착되다", "verb"),
        ("그는 약속을 상기시켰다.", "상기시켰다", "상기시키다", "verb"),
        # contracted stems to their full spelling; 사는 is 살다 unless something is bought
        ("합의가 이뤄졌다.", "이뤄졌다", "이루어지다", "verb"),
        ("미국에 사는 교민들이 모였다.", "사는", "살다", "verb"),
        ("무기를 사는 나라가 늘었다.", "사는", "사다", "verb"),
        # a compound noun + 하다 is one verb
        ("북한은 미사일을 시험발사했다.", "시험발사했다", "시험발사하다", "verb"),
        ("헛된 꿈이었다.", "헛된", "헛되다", "adjective"),
        # an adverb or root with a suffix is the predicate or noun it makes
        ("입장이 분명하다.", "분명하다", "분명하다", "adjective"),
        ("그는 당당하게 말했다.", "당당하게", "당당하다", "adjective"),
        ("정책의 정당성을 주장했다.", "정당성", "정당성", "noun"),
        ("긴밀한 관계를 맺었다.", "긴밀한", "긴밀하다", "adjective"),
        ("새로운 단계로 올라섰다.", "새로운", "새롭다", "adjective"),
        # -적 and -화 derivations are one word
        ("진정으로 획기적인 문서라고 말했다.", "획기적", "획기적", "noun"),
        ("합동 훈련이 적대적이라고 말했다.", "적대적", "적대적", "noun"),
        ("비핵화 협상에 복귀했다.", "비핵화", "비핵화", "noun"),
        ("국제제재 체제의 무력화를 보인다.", "무력화", "무력화", "noun"),
        # the plural is not part of the word
        ("유럽 동맹국들과 함께 대응했다.", "동맹국", "동맹국", "noun"),
        ("상황은 끊임없이 변화하고 있다.", "끊임없이", "끊임없이", "adverb"),
        ("지도부와 긴밀히 관여해 나갈 것이다.", "긴밀히", "긴밀히", "adverb"),
        ("모든 나라가 참여했다.", "모든", "모든", "determiner"),
        ("새 총통이 취임했다.", "새", "새", "determiner"),
        ("핵 문제를 논의했다.", "핵", "핵", "noun"),
    ],
)
def test_lemma_rules(sentence, surface, lemma, pos):
    hits = hits_of(sentence)
    found = [hit for hit in hits if hit.surface == surface and not hit.is_compound_part]
    assert [(hit.lemma, hit.pos) for hit in found] == [(lemma, pos)]


@pytest.mark.parametrize(
    "sentence, whole, parts",
    [
        ("러시아가 맺은 상호방위조약은 차질이다.", "상호방위조약", ["상호", "방위", "조약"]),
        ("북한은 6자회담에서 철수했다.", "6자회담", ["회담"]),
        ("더 많은 탄도미사일을 만들었다.", "탄도미사일", ["탄도", "미사일"]),
        ("유엔 안전보장이사회의 결의안", "안전보장이사회", ["안전", "보장", "이사회"]),
        ("러시아와의 동맹관계를 강화한다.", "동맹관계", ["동맹", "관계"]),
        ("북러 외무장관회담이 열렸다.", "외무장관회담", ["외무", "장관", "회담"]),
        ("김정은 국무위원장이 말했다.", "국무위원장", ["국무", "위원장"]),
    ],
)
def test_compounds_whole_and_parts(sentence, whole, parts):
    hits = hits_of(sentence)
    (compound,) = [hit for hit in hits if hit.lemma == whole]
    assert compound.pos == "noun" and not compound.is_compound_part
    assert compound.surface == whole
    inside = [
        hit
        for hit in hits
        if compound.start <= hit.start and hit.end <= compound.end and hit is not compound
    ]
    assert [hit.lemma for hit in inside] == parts
    assert all(hit.is_compound_part for hit in inside)


@pytest.mark.parametrize(
    "sentence, expected, absent",
    [
        # a name never fuses with a common noun (or Kiwi's suffix 산, "made in"); the noun
        # is reported alone.  (Where Kiwi's lexicon has the whole, e.g. 러시아군/NNG in
        # some contexts, it is one noun.)
        (
            "미국 관리도 러시아군이 지난해 9월 이후 우크라이나에 북한산 미사일 10발을 발사했다.",
            {"러시아", "군", "북한", "미사일"},
            {"러시아군", "북한산", "산"},
        ),
        ("러시아연방과의 관계", {"러시아", "연방"}, {"러시아연방"}),
        # a spacing slip between -적 words is not a compound
        ("포괄적전략적 관계", {"포괄적", "전략적"}, {"포괄적전략적"}),
        # a number glued to a counter makes no term unless a real noun follows
        ("3월말 10개국 정상이 모였다.", {"정상"}, {"3월말", "10개국", "말", "국"}),
    ],
)
def test_compound_limits(sentence, expected, absent):
    lemmas = lemmas_of(sentence)
    assert expected <= lemmas
    assert not (absent & lemmas)


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("푸틴 대통령은 평양에 도착했다.", {"푸틴", "평양"}),
        ("김정은 위원장과 블라디미르 푸틴이 만났다.", {"김정은", "블라디미르", "푸틴"}),
        ("평양 김일성광장에서 열린 리셉션", {"평양", "김일성광장"}),
        ("북·러 정상이 만났다.", {"북", "러"}),
    ],
)
def test_names_are_tagged(sentence, names):
    hits = hits_of(sentence)
    tagged = {hit.lemma for hit in hits if hit.is_name}
    assert tagged == names
    assert all(hit.pos == "name" for hit in hits if hit.is_name)
    assert all(not hit.is_name for hit in hits if hit.pos != "name")


@pytest.mark.parametrize(
    "sentence, never",
    [
        # particles, endings, numbers, punctuation, counters
        ("북한은 2024년 6월 19일에 10발을 쐈다.", {"은", "2024", "년", "6", "월", "19", "일", "발", "에"}),
        # Latin script inside Korean text
        ("러시아 통신사 TASS에 따르면 ICBM급 미사일이다.", {"TASS", "ICBM", "ICBM급", "급"}),
        # pronouns (also when Kiwi calls 우리 a noun), bound nouns, light verbs, copulas
        ("그는 이를 위해 노력하고 있다.", {"그", "이", "위하다", "있다", "하다"}),
        ("우리의 동맹국들이 할 수 있다.", {"우리", "수", "있다", "하다"}),
        ("이것은 문제가 아니다.", {"이것", "아니다", "이다"}),
        ("그러한 상황에도 불구하고 회담했다.", {"그러한", "그러하다", "불구하다"}),
        # function adverbs, conjunctions, demonstrative and numeral determiners
        ("또한 이미 다시 더 잘 말했다. 그러나 및 즉", {"또한", "이미", "다시", "더", "잘", "그러나", "및", "즉"}),
        ("두 나라와 어떤 나라와 이 나라", {"두", "어떤", "이"}),
        # a lone surname, meaningless single syllables
        ("김 위원장은 3일간 측근과 함께 갔다.", {"김", "측", "간", "함께"}),
    ],
)
def test_never_terms(sentence, never):
    lemmas = lemmas_of(sentence)
    assert not (never & lemmas), never & lemmas
    assert lemmas  # the sentence still has terms: the filter is not just dropping all


def test_offsets_and_shapes_on_the_seeds():
    lines = korean_lines()
    results = analyse(lines)
    assert len(results) == len(lines)
    allowed_single = (
        korean_terms.ONE_SYLLABLE_NOUNS | korean_terms.ONE_SYLLABLE_NAMES | korean_terms.ONE_SYLLABLE_DETERMINERS
    )
    total = 0
    for line, hits in zip(lines, results):
        for hit in hits:
            total += 1
            assert line[hit.start : hit.end] == hit.surface
            assert hit.pos in POS_VALUES
            assert re.fullmatch(r"[0-9]*[가-힣]+", hit.lemma), hit
            assert len(hit.lemma) > 1 or hit.lemma in allowed_single, hit
            assert hit.is_name == (hit.pos == "name")
        order = sorted(hits, key=lambda h: (h.start, -h.end, h.is_compound_part, h.lemma))
        assert list(hits) == order
    assert total > 1000


def test_seed_terms():
    lemmas = {hit.lemma for hits in analyse(korean_lines()) for hit in hits}
    expected = {
        "상호방위조약", "차질", "재건하다", "침략하다", "탄도미사일", "6자회담", "비핵화",
        "안전보장이사회", "동맹관계", "강화하다", "위반하다", "제재하다", "돕다", "획기적",
        "적대적", "분수령", "체결하다", "무력화시키다", "공식화되다", "끊임없이",
    }
    assert expected <= lemmas
    assert not ({"TASS", "AFP", "하다", "있다", "것", "수", "등"} & lemmas)


def test_offsets_survive_astral_characters():
    sentence = "😀 푸틴 𝐀 평양에 도착했다."
    hits = hits_of(sentence)
    assert [(hit.lemma, hit.surface) for hit in hits] == [
        ("푸틴", "푸틴"), ("평양", "평양"), ("도착하다", "도착했다"),
    ]
    assert all(sentence[hit.start : hit.end] == hit.surface for hit in hits)


def test_batch_equals_one_by_one():
    sentences = ["조약을 체결했다.", "", "TASS", "상호방위조약은 차질이다.", "헛된 꿈"]
    assert analyse(sentences) == [analyse([s])[0] for s in sentences]
    assert analyse([]) == []
    assert analyse([""]) == [()]


def test_morpheme_count():
    hits, morphemes = analyse_counted(["조약을 체결했다.", "북한"])
    assert morphemes == 7 + 1  # 조약 을 체결 하 었 다 . / 북한
    assert len(hits) == 2


class CountingKiwi:
    """The real Kiwi, noting the texts it is given to analyse."""

    def __init__(self, kiwi):
        self.kiwi = kiwi
        self.asked: list[list[str]] = []

    def tokenize(self, texts, **options):
        self.asked.append([texts] if isinstance(texts, str) else list(texts))
        return self.kiwi.tokenize(texts, **options)


def test_splitting_works_out_terms_only_for_the_texts_asked_for(monkeypatch):
    texts = ["조약을 체결했다. 북한은 미사일을 시험발사했다.", "김철수 기자"]
    kiwi = CountingKiwi(korean_kiwi.get_kiwi())
    monkeypatch.setattr(korean_kiwi, "get_kiwi", lambda: kiwi)
    known: dict = {}
    spans = korean_sentences.split_sentences(texts, for_terms=[True, False], terms=known)
    sentences = [text[a:b] for text, found in zip(texts, spans) for a, b in found]
    in_one_pass = analyse_counted(sentences, known=known)
    assert len(sentences) == 3
    assert kiwi.asked == [texts, ["김철수 기자"]]  # the byline's terms: worked out on demand
    assert in_one_pass == analyse_counted(sentences)  # the same as without the memo


def test_kiwi_is_built_once():
    analyse(["북한"])
    built = korean_kiwi.KIWI_CONSTRUCTIONS
    analyse(["조약을 체결했다.", "헛된 꿈"], phrases=PHRASES)
    lemmatise("재건했다")
    find_phrases("동반자 관계", PHRASES)
    assert korean_kiwi.KIWI_CONSTRUCTIONS == built >= 1


@pytest.mark.parametrize(
    "phrase, lemma",
    [
        ("헛된", "헛되다"),
        ("재건하다", "재건하다"),
        ("확진자", "확진자"),
        ("모험적 행보", "모험적 행보"),
        ("체결했다", "체결하다"),
        ("체결된", "체결되다"),
        ("차질", "차질"),
        ("획기적인", "획기적"),
        ("동맹국들", "동맹국"),
        ("관계를 맺은", "관계를 맺다"),
        ("  포괄적   동반자  ", "포괄적 동반자"),
        ("TASS", "TASS"),
        ("", ""),
    ],
)
def test_lemmatise(phrase, lemma):
    assert lemmatise(phrase) == lemma


PHRASES = ["포괄적 전략적 동반자 관계", "동반자 관계", "모험적 행보", "상호방위조약"]


@pytest.mark.parametrize(
    "sentence, found",
    [
        ("포괄적 전략적 동반자 관계를 맺었다.", ["포괄적 전략적 동반자 관계", "동반자 관계"]),
        ("포괄적전략적 동반자관계를 맺었다.", ["포괄적 전략적 동반자 관계", "동반자 관계"]),
        ("포괄적  전략적\n동반자 관계", ["포괄적 전략적 동반자 관계", "동반자 관계"]),
        ("동반자적 관계", []),
        # single words are Kiwi's business, not the phrase matcher's
        ("상호방위조약을 맺었다.", []),
    ],
)
def test_find_phrases(sentence, found):
    hits = find_phrases(sentence, PHRASES)
    assert [hit.lemma for hit in hits] == found
    assert all(sentence[hit.start : hit.end] == hit.surface for hit in hits)


def test_find_phrases_among_many_and_with_regex_characters():
    phrases = PHRASES + [f"없는 구절{i} 하나" for i in range(500)] + ["(주) 삼성", "a.b 시험"]
    sentence = "(주)삼성과 포괄적 전략적 동반자 관계를 맺었다. 동반자관계는 a.b 시험이다. axb 시험"
    hits = find_phrases(sentence, phrases)
    assert [(hit.lemma, hit.surface, hit.start) for hit in hits] == [
        ("(주) 삼성", "(주)삼성", 0),
        ("포괄적 전략적 동반자 관계", "포괄적 전략적 동반자 관계", 7),
        ("동반자 관계", "동반자 관계", 15),
        ("동반자 관계", "동반자관계", 28),
        ("a.b 시험", "a.b 시험", 35),
    ]
    assert find_phrases("아무 구절도 없는 문장", phrases) == []


@pytest.mark.parametrize("first", [0, 1, 4])
def test_phrases_added_one_at_a_time_are_found_as_when_given_together(first):
    # A corpus glossing a new phrase in every document grows the matcher phrase by phrase.
    phrases = (PHRASES + ["(주) 삼성", "a.b 시험", "포괄적  전략적 동반자 관계", "헛된"]
               + [f"없는 구절{i} 하나" for i in range(40)])
    grown = korean_phrases.PhraseMatcher(phrases[:first])
    added = [grown.add(phrase) for phrase in phrases[first:]]
    together = korean_phrases.PhraseMatcher(phrases)
    # Not added: single words, and a phrase known already once its spacing is normalised.
    assert added.count(False) == sum(1 for p in phrases[first:] if p in ("상호방위조약", "헛된",
                                                                          "포괄적  전략적 동반자 관계"))
    assert [m[0] for m in grown.matchers] == [m[0] for m in together.matchers]
    # Groups halve down the list: about log2(n) searches a sentence, not one per phrase.
    assert [size for size, _ in grown.groups] == sorted((size for size, _ in grown.groups), reverse=True)
    assert len(grown.groups) <= len(grown.matchers).bit_length()
    sentences = ["(주)삼성과 포괄적 전략적 동반자 관계를 맺었다.", "동반자관계는 a.b 시험이다.",
                 "없는 구절39 하나와 없는 구절7하나", "아무 구절도 없는 문장", "axb 시험"]
    for sentence in sentences:
        assert find_phrases(sentence, grown) == find_phrases(sentence, phrases)
        assert grown.find(sentence) == together.find(sentence)


def test_analyse_with_phrases_prefers_the_phrase_to_the_compound():
    sentence = "북한과 러시아는 동반자관계를 설정했다."
    plain = {hit.lemma for hit in hits_of(sentence)}
    assert "동반자관계" in plain
    hits = hits_of(sentence, phrases=PHRASES)
    lemmas = [hit.lemma for hit in hits]
    assert "동반자 관계" in lemmas and "동반자관계" not in lemmas
    assert {"동반자", "관계"} <= set(lemmas)  # its parts still count
    (phrase,) = [hit for hit in hits if hit.lemma == "동반자 관계"]
    assert phrase.surface == "동반자관계" and phrase.pos == "noun"


def test_prefer_phrases_for_hits_found_apart():
    sentence = "북한과 러시아는 동반자관계를 설정했다."
    merged = korean_phrases.prefer_phrases(hits_of(sentence), find_phrases(sentence, PHRASES))
    together = hits_of(sentence, PHRASES)
    assert sorted(hit.lemma for hit in merged) == sorted(hit.lemma for hit in together)
