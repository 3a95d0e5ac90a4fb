"""Issue 15: page chrome that reads like text yields no term and no example: bylines and
author names, column headers with a date stamp, author bios, blog names, source lines
and ad placeholders.

Every line below is copied from a real public page: the evaluation set's dev pages
(tests/data/pages/dev/, addresses in its SOURCES.tsv) or, for shapes the dev pages lack,
the page named beside it.  (The heldout pages are never looked at for this.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vocab.mine.pipeline import mine
from vocab.read.furniture import judge
from vocab.read.markup import Unit

DEV = Path(__file__).resolve().parents[1] / "data" / "pages" / "dev"


def verdict(line: str, hint: str = "text") -> tuple[str | None, str]:
    [judgement] = judge([Unit(line, hint)])
    return judgement.kind, judgement.text


@pytest.mark.parametrize(
    "line, reason",
    [
        # dev/20 (vanchosun): the writer's byline under each column.
        ("윤희영 조선일보 에디터", "byline"),
        # dev/11 (koreaherald podcast): the hosts.
        ("진행자: 윤민식, Paul Kerry", "byline"),
        # hankookilbo.com/News/Read/201006081399965603: the two speakers of a debate.
        ("대담= 안병준 KDI국제정책대학원 초빙교수·정세현 전 통일부 장관", "byline"),
    ],
)
def test_bylines_and_credits_are_kept_out_of_the_vocabulary(line, reason):
    judgement = judge([Unit(line)])[0]
    assert (judgement.kind, judgement.reason) == ("meta", reason)


@pytest.mark.parametrize(
    "line, reason",
    [
        # dev/26 (ifans): the report's header, its date stamp, view count and share bar.
        ("발간자료 경제안보 사안으로서의 경제강압: 사례와 대응 전략 동향 강선주 국제통상경제안보연구부 "
         "교수 작성일 2023-12-29 조회수 101015 페이스북 트위터 카카오톡", "column header with a date stamp"),
        # sisunnews.tistory.com/320: an empty ad slot of a Tistory blog.
        ("336x280(권장), 300x250(권장), 250x250, 200x200 크기의 광고 코드만 넣을 수 있습니다.",
         "ad placeholder"),
        ("728x90", "ad placeholder"),
        ("반응형", "ad placeholder"),
        # munhwa.com/article/11283595: the interviewee's career under the article.
        ("△1959년 서울 출생 △고려대 경제학과 학사·미주리주립대 응용경제학과 박사 △민주평화통일자문회의 "
         "사무처장 △국가안보전략연구소 소장 △고려대 통일외교학부 교수", "author bio"),
        # dev/16 (daum cafe): where the post was copied from.
        ("출처: 여성시대", "source citation"),
        # dev/19, dev/26 and dev/21: links to the article body and to the original.
        ("본문 바로가기", "share bar or navigation"),
        ("원문 보기", "share bar or navigation"),
        # dev/02 (ytn radio): the most-read list.
        ("가장 많이 본 뉴스", "list of related articles"),
    ],
)
def test_chrome_is_page_furniture(line, reason):
    judgement = judge([Unit(line, "heading" if len(line) < 40 else "text")])[0]
    assert (judgement.kind, judgement.reason) == (None, reason)


def test_a_column_header_before_its_article_is_cut_off():
    # dev/19 (a Tistory list page): each column starts on the line of its header.
    line = ("[윤희영의 News English] 함부로 해서는 안 되는 말 윤희영 에디터 입력 2020.01.02 03:12 | "
            "수정 2020.01.07 15:07 삼사일언(三思一言)이라는 경구(警句·epigram)가 있다. 말을 한 번 "
            "하기 전에(before making a remark) 세 번 생각하라는 뜻이다.")
    kind, text = verdict(line)
    assert kind == "body"
    assert text.startswith("삼사일언(三思一言)이라는 경구")


@pytest.mark.parametrize(
    "line",
    [
        # A date in running text is no stamp: seeds-like prose.
        "정부는 2024.01.15 입력된 자료를 수정했다고 밝혔다. 그러나 야당은 반발했다.",
        # A sentence about a blog, and a sentence that mentions an advertisement.
        "그는 자신의 블로그에 글을 올려 정부의 대북 정책을 비판했다.",
        "필자는 본지를 통해 매년 한반도의 안보 이슈를 다뤄왔다.",
    ],
)
def test_prose_that_mentions_such_things_stays_prose(line):
    assert verdict(line) == ("body", line)


def test_mining_a_list_page_yields_no_chrome_term_and_no_chrome_example(project):
    result = mine([DEV / "19_ryoojin2-news-english.txt"], project_dir=project, use_cache=False)
    lemmas = {term.lemma for term in result.terms}
    assert not lemmas & {"에디터", "입력", "수정", "본문", "바로가기"}
    examples = [example.text for term in result.terms for example in term.examples]
    assert examples and not any("입력 20" in text or "News English]" in text for text in examples)


def test_mining_a_report_page_yields_no_header_or_share_bar_term(project):
    result = mine([DEV / "26_ifans-economic-coercion.txt"], project_dir=project, use_cache=False)
    lemmas = {term.lemma for term in result.terms}
    assert not lemmas & {"조회수", "작성", "발간자료", "카카오톡", "페이스북", "트위터", "이메일"}
    assert "경제강압" in lemmas


def test_a_glossary_of_career_words_is_no_career():
    assert judge([Unit("△ambassador: 대사 △professor: 교수 △represent: 대표하다")])[0].kind == "gloss"
