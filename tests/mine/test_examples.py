"""Which sentences become a term's examples, and in what order."""

from __future__ import annotations

import itertools

import pytest

from vocab.mine.clauses import MAX_CHARS, WHOLE_SENTENCE
from vocab.mine.examples import choose_examples, sentence_quality
from vocab.records import Example

GOOD = "러시아와 북한은 포괄적 전략적 동반자 관계 조약을 체결했다."  # 32 chars


def example(text: str, source: str = "a.txt", translation=None, term: str = "조약") -> Example:
    start = text.find(term)
    assert start >= 0
    return Example(text, start, start + len(term), source, translation)


def quality(text: str, translated: bool = False, term: str = "조약") -> float:
    start = text.find(term)
    return sentence_quality(text, start, start + len(term), translated)


@pytest.mark.parametrize(
    "text",
    [
        GOOD,
        "두 나라는 조약을 맺었습니다.",
        "그 조약이 이제 효력을 잃었나요?",
        "그는 “조약은 유효하다”고 말했다.",
        "김 위원장은 \u201c조약을 지킬 것이다.\u201d",
    ],
)
def test_sentences_are_accepted(text):
    assert quality(text) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "text",
    [
        "조약 체결",  # shorter than 8 characters
        "북러 외무장관회담 푸틴 ‘연내 방북’ 접근, 국제제재 ‘조약’",  # headline fragment
        "푸틴 우크라 전쟁 북 지원 가능성 공식화…김정은 조약 관계로 올라섰다",  # headline style
        "북한-러시아 포괄적 전략적 동반자 조약 체결",  # a title, no sentence ending
    ],
)
def test_fragments_are_rejected(text):
    assert quality(text) == 0.0
    assert choose_examples([example(text)]) == []


def test_span_outside_the_text_is_rejected():
    assert sentence_quality(GOOD, 10, 200, False) == 0.0
    assert sentence_quality(GOOD, 5, 5, False) == 0.0


def padded(length: int) -> str:
    """A sentence of exactly `length` characters around 조약."""
    head, tail = "러시아와 북한은 ", " 조약을 체결했다."
    return head + "아" * (length - len(head) - len(tail)) + tail


def test_length_preference():
    short = "조약을 맺었다."  # 8 chars: accepted, but less than a comfortable sentence
    assert 0 < quality(short) < quality(GOOD) == 1.0
    by_length = [quality(padded(n)) for n in (40, 60, 75, 90, 120, 150, 250)]
    assert by_length[:2] == [1.0, 1.0]
    assert all(a > b for a, b in zip(by_length[1:], by_length[2:]))
    assert by_length[3] == pytest.approx(0.85)  # 90 chars: still a comfortable sentence
    assert by_length[-1] > 0  # long sentences are penalised, never rejected


def test_shorter_of_two_good_sentences_comes_first():
    long_one = example(padded(85))
    short_one = example(padded(45))
    assert choose_examples([long_one, short_one]) == [short_one, long_one]


def test_translation_is_preferred():
    assert quality(GOOD, translated=True) > quality(GOOD, translated=False)
    plain = example(GOOD)
    translated = example("북한은 러시아와 맺은 조약을 지킬 것이라고 밝혔다.", translation="It said so.")
    assert choose_examples([plain, translated])[0] == translated


def test_captions_and_english_lines_rank_low():
    caption = "블라디미르 푸틴 러시아 대통령(오른쪽)이 조약 서명식에 참석하고 있다."
    english = "The 조약 was signed in Pyongyang by both leaders today."
    assert 0 < quality(caption) < quality(GOOD)
    assert 0 < quality(english) < quality(GOOD)


def test_duplicates_are_dropped():
    same = [example(GOOD, "a.txt"), example(GOOD, "b.txt"), example(GOOD + "  ", "c.txt")]
    chosen = choose_examples(same)
    assert chosen == [example(GOOD, "a.txt")]


def test_different_sources_are_preferred():
    texts = [
        "두 나라는 조약을 맺었다고 밝혔습니다.",
        "양국은 새 조약을 체결했다고 발표했다.",
        "이 조약은 상호 지원 조항을 담았다.",
    ]
    candidates = [
        example(texts[0], "a.txt"),
        example(texts[1], "a.txt"),
        example(texts[2], "b.txt"),
    ]
    chosen = choose_examples(candidates, limit=2)
    assert [e.source for e in chosen] == ["a.txt", "b.txt"]


def test_limit_and_order():
    texts = [f"두 나라는 {n}번째 조약을 체결했다." for n in range(6)]
    chosen = choose_examples([example(t) for t in texts])
    assert len(chosen) == 3
    assert choose_examples([example(t) for t in texts], limit=1) == chosen[:1]
    assert choose_examples([]) == []


def test_choice_is_deterministic_whatever_the_input_order():
    candidates = [
        example(GOOD, "b.txt"),
        example(GOOD, "a.txt"),
        example("두 나라는 조약을 맺었습니다.", "c.txt"),
        example("양국은 새 조약을 체결했다고 발표했다.", "a.txt", translation="x"),
        example("조약을 맺었다.", "d.txt"),
    ]
    results = {tuple(choose_examples(list(order))) for order in itertools.permutations(candidates)}
    assert len(results) == 1
    (result,) = results
    assert result[0].translation == "x"
    # equal quality: ties go by text, then source
    assert [(e.text, e.source) for e in result[1:]] == [
        ("두 나라는 조약을 맺었습니다.", "c.txt"),
        (GOOD, "a.txt"),
    ]


def test_one_memo_for_a_whole_run_changes_no_choice():
    """A run passes one `judged` dict for all its terms: each sentence is judged once."""
    texts = [
        GOOD,
        GOOD + "  ",
        "두 나라는 조약을 맺었습니다.",
        "양국은 새 조약을 체결했다고 발표했다.",
        "블라디미르 푸틴 러시아 대통령(오른쪽)이 조약 서명식에 참석하고 있다.",
        "푸틴 우크라 전쟁 북 지원 가능성 공식화…김정은 조약 관계로 올라섰다",
        "조약을 맺었다.",
        padded(150),
    ]
    terms = [
        [example(t, source, translation) for t in texts]
        for source, translation in [("a.txt", None), ("b.txt", "It said so."), ("c.txt", None)]
    ] + [[example(t, "a.txt", term="나라") for t in texts if "나라" in t]]
    judged: dict = {}
    for candidates in terms:
        for limit in (1, 3, 10):
            assert choose_examples(candidates, limit, judged) == choose_examples(candidates, limit)
    # Judged by text, whatever the term or source; a long sentence's cut by its span too.
    assert {key if isinstance(key, str) else key[0] for key in judged} == set(texts)


# --- issue 15: short, whole examples on real page text -------------------------------------

# Seed 003 (Chosun Ilbo), a reported speech of 182 characters.
LUKIN = ('러시아 극동연방대학 아르욤 루킨 교수는 "러시아와 북한의 관계가 상당히 다각적으로 형성되고 '
         '있다는 점을 감안할 때 라브로프 장관과 최선희 외무상 사이에 모든 종류의 문제가 논의될 수 있다"며 '
         '"만약 그녀가 러시아 대통령을 만난다면, 이는 푸틴이 올해 평양을 방문할 것이라는 또 다른 신호일 수 '
         '있다"고 로이터에 15일 밝혔다.')
LUKIN_EN = ('Aryom Lukin, a professor at Russia\'s Far Eastern Federal University, said, "Considering '
            'that relations between Russia and North Korea are quite multifaceted, all kinds of issues '
            'could be discussed between Minister Lavrov and Foreign Minister Choe Son-hui," adding, "If '
            'she meets the Russian president, this could be another sign that Putin will visit Pyongyang '
            'this year."')
# Seed 003, a sentence whose term lies outside any quotation (148 characters).
CHOE = ('최선희 북한 외무상은 러시아와 양국의 경제적, 정치적, 군사적 유대가 심화됨에 따라 15일 러시아에서 '
        '세르게이 라브로프 외무상과 회담할 예정이라며, 마리아 자하로바 러시아 외무부 대변인은 최 외무상의 '
        '방문에 대해 “협상이 포함될 것”이라 밝혔다고 로이터가 보도했다.')
CHOE_EN = ('North Korean Foreign Minister Choe Son-hee is scheduled to meet with Foreign Minister Sergey '
           'Lavrov in Russia on the 15th as economic, political, and military ties between the two '
           'countries deepen. Reuters reported on the 15th that Russian Foreign Ministry Spokesperson '
           'Maria Zakharova said of Foreign Minister Choi\'s visit that "it will include negotiations."')


def test_a_long_sentence_gives_the_quotation_holding_the_term_and_its_english():
    [chosen] = choose_examples([example(LUKIN, translation=LUKIN_EN, term="다각적")])
    assert chosen.text == ("러시아와 북한의 관계가 상당히 다각적으로 형성되고 있다는 점을 감안할 때 라브로프 장관과 "
                           "최선희 외무상 사이에 모든 종류의 문제가 논의될 수 있다")
    assert chosen.text[chosen.start:chosen.end] == "다각적"
    assert chosen.translation.startswith("Considering that relations") and "Putin" not in chosen.translation


def test_a_long_sentence_is_cut_at_clause_boundaries_around_the_term():
    [chosen] = choose_examples([example(CHOE, translation=CHOE_EN, term="대변인")])
    assert len(chosen.text) <= MAX_CHARS
    assert chosen.text.startswith("… ") and chosen.text.endswith("로이터가 보도했다.")
    assert chosen.text[chosen.start:chosen.end] == "대변인"
    # No English fits a part of a sentence: the whole sentence's, saying so.
    assert chosen.translation == WHOLE_SENTENCE + CHOE_EN


def test_no_example_is_longer_than_120_characters_when_a_shorter_one_exists():
    unbreakable = "가" * 60 + " 조약을 " + "나" * 60 + "체결했다."  # no boundary to cut at
    short = example(GOOD)
    assert choose_examples([example(unbreakable), short]) == [short]
    assert [e.text for e in choose_examples([example(unbreakable)])] == [unbreakable]  # nothing shorter


@pytest.mark.parametrize(
    "text",
    [
        # Teasers cut by their page (seed-like list pages end a summary with an ellipsis).
        "러시아가 유엔 안전보장이사회의 대북 제재 결의를 이행하기 위해 북한과의 조약을…",
        "영국에서 처음 생겨나 새해맞이 알코올 해독을 위한 연례행사가 된 조약이 있다..",
        # dev/20 (vanchosun): the second line of a gloss wrapped at a fixed width.
        "legacy)이 푸틴을 어떻게 돕고 있나, 조약을 어떻게 보나.",
        "to the fore). 김정은이 ‘건국 이래 대동란’이라고 자인하면서 조약을 말했다.",
    ],
)
def test_a_teaser_or_a_sentence_starting_inside_a_gloss_is_never_an_example(text):
    assert quality(text) == 0.0
    assert choose_examples([example(text)]) == []


def test_a_numbered_item_is_not_taken_for_the_end_of_a_gloss():
    assert quality("1) 두 나라는 조약을 맺었습니다.") > 0


def test_a_cut_keeps_the_source_of_its_own_sentence():
    judged: dict = {}
    for source in ("a.txt", "b.txt"):  # the same long sentence in two documents
        [chosen] = choose_examples([example(CHOE, source=source, term="대변인")], judged=judged)
        assert chosen.source == source and chosen.text.startswith("… ")
