"""Issue 15: when one English sentence translates two Korean ones, each Korean sentence
shows its own part of it, or says that the English is shared, never a neighbour's
sentence as if it were its own.  Sentences from seed 000 (Segye Ilbo's bilingual
editorial), as the aligner links them."""

from __future__ import annotations

import pytest

from vocab.align.shared import WITH_NEXT, WITH_PREVIOUS, shared_translation

IRONY_KO = ["북한이 미국과의 정상적인 관계를 원했고 지금도 여전히 원한다는 점은 역설적이다.",
            "북한과의 공식적인 협상은 북한이 6자회담에서 철수했을 때인 2009년에 끝났다."]
# The English splitter keeps "the U.S. Negotiations" together: "U.S." may end a sentence or not.
IRONY_EN = ("The irony is that North Korea wanted (and still wants) a normal relationship with the U.S. "
            "Negotiations with North Korea formally ended in 2009 when it pulled out of the six-party talks.")
PUTIN_KO = ["대담해진 푸틴은 소련을 재건하겠다는 시도 속에서 유럽의 다른 나라들을 침략할지도 모른다.",
            "푸틴은 “역사적인 러시아”의 종말을 통탄한 바 있다."]
PUTIN_EN = ("An emboldened Mr. Putin may attack other European nations in his attempt to reestablish the "
            "Soviet Union, the collapse of which Mr. Putin has lamented the demise of “historical Russia.”")


def test_two_sentences_the_english_kept_together_get_one_each():
    assert shared_translation(IRONY_EN, IRONY_KO) == [
        "The irony is that North Korea wanted (and still wants) a normal relationship with the U.S.",
        "Negotiations with North Korea formally ended in 2009 when it pulled out of the six-party talks.",
    ]


def test_one_english_sentence_for_two_korean_ones_says_so():
    # "Mr. Putin" is no sentence end: the English is one sentence, shared by both.
    assert shared_translation(PUTIN_EN, PUTIN_KO) == [WITH_NEXT + PUTIN_EN, WITH_PREVIOUS + PUTIN_EN]


@pytest.mark.parametrize("korean", [IRONY_KO[:1], []])
def test_a_link_of_one_korean_sentence_keeps_its_english(korean):
    assert shared_translation(IRONY_EN, korean) == [IRONY_EN] * len(korean)
