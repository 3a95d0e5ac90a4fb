"""Page chrome around an article that reads like text: bylines and credits, column
headers with their date stamp, author bios, blog names, source citations and ad
placeholders (issue 15).

furniture.py asks two things of a line: is it chrome that yields nothing (chrome_reason,
page furniture), or a byline or keyword line kept for alignment only (meta_reason)?
And cut_column_header takes a column's header off the start of a line whose article
follows it on the same line, as list pages print them:
"[윤희영의 News English] 주한 미국 대사의 콧수염 윤희영 에디터 입력 2020.01.09 03:13 |
수정 2020.01.09 06:17 해리 해리스 주한 미국 대사가 …".  Each rule is a shape, never a
name of a site we have seen.
"""

from __future__ import annotations

import re

# --- bylines, credits and keyword lines (meta) ---------------------------------------------

# "By Joseph R. DeTrani (former special envoy …)", "by 김종찬 Jan 15. 2024".
_BYLINE_BY = re.compile(r"^by\s+(?:[A-Z][\w'’.-]*|[가-힣])", re.IGNORECASE)
# "조지프 R 디트라니(전 대북 6자회담 미국 특사)": a short name, then a role in brackets.
_BYLINE_ROLE = re.compile(r"^[^\s()]{1,12}(?:\s[^\s()]{1,12}){0,3}\s*\(([^()]{2,80})\)$")
_ROLE_WORD = re.compile(r"^(?:전|현|前|現)\s|특사|위원|교수|기자|대표|소장|장관|대사|연구원|논설|"
                        r"칼럼니스트|편집|특파원|former|professor|editor|correspondent|envoy|"
                        r"columnist|fellow|director|ambassador|analyst", re.IGNORECASE)
# "홍길동 기자", "김철수 워싱턴 특파원", "윤희영 조선일보 에디터": a name, perhaps a paper
# or a place, then the writer's title.
_REPORTER_WORDS = ("기자", "특파원", "논설위원", "편집위원", "칼럼니스트", "에디터", "주필",
                   "편집장", "편집국장", "논설실장", "논설주간", "통신원")
_BYLINE_REPORTER = re.compile(rf"^(?:\S+\s+){{0,3}}\S*(?:{'|'.join(_REPORTER_WORDS)})$")
# Credits with a role and a colon or an equals sign: "진행자: 윤민식, Paul Kerry",
# "대담= 안병준 KDI국제정책대학원 초빙교수·정세현 전 통일부 장관".
_CREDIT_ROLE = re.compile(r"^\W{0,2}(?:진행자?|사회|대담|글|사진|취재|기획|편집|정리|번역|구성|"
                          r"작성자|필자|출연|일러스트|영상|그래픽)\s*[:：=]")
_KEYWORDS_PREFIX = re.compile(r"^(?:tags?|keywords?|태그|키워드)\s*[:：]", re.IGNORECASE)
_HASHTAG = re.compile(r"(?:^|\s)#[^\s#]+")


def meta_reason(text: str, ended: bool) -> str | None:
    """Why a line is a byline or a keyword line (kept for alignment, yielding nothing)."""
    if len(text) > 600 or ended:
        return None
    if len(text) <= 200:
        # The quick searches spare most lines the backtracking of the byline shapes.
        role = _BYLINE_ROLE.match(text) if ")" in text else None
        if (_BYLINE_BY.match(text)
                or (holds_any(text, _REPORTER_WORDS) and _BYLINE_REPORTER.match(text))
                or (role and _ROLE_WORD.search(role.group(1)))
                or _CREDIT_ROLE.match(text)):
            return "byline"
    if _KEYWORDS_PREFIX.match(text) or ("#" in text and len(_HASHTAG.findall(text)) >= 3):
        return "keyword or tag line"
    # A comma-separated list of at least four short phrases and nothing else is a
    # keyword line (the end of seeds/003); sentences have verbs and longer clauses.
    items = [item.strip() for item in text.split(",")] if text.count(",") >= 3 else []
    if items and all(item and len(item) <= 60 and len(item.split()) <= 6 for item in items):
        return "keyword or tag line"
    return None


# --- chrome that yields nothing --------------------------------------------------------------

# A date stamp with its label: "입력 2020.01.09 03:13", "작성일 2023-12-29", "등록 : 2024-01-15".
_STAMP = (r"(?:기사\s*)?(?:입력|수정|등록|작성|게재|발행|송고|승인|업데이트)(?:일|일시|시간)?\s*[:：]?\s*"
          r"\d{2,4}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}\s*일?\.?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_DATE_STAMP = re.compile(_STAMP)
# What follows a stamp in a header: another stamp, a view count, share buttons.
_HEADER_TAIL = re.compile(rf"(?:\s*\|?\s*(?:{_STAMP}|조회(?:수)?\s*[:：]?\s*[\d,]+))*\s*\|?\s*")
# A column header: a stamp within a line's first 200 characters, no sentence ending before it.
_HEADER_CHARS = 200
# Ad placeholders: "728x90", "반응형", "AD", "광고", and Tistory's empty ad slot
# ("336x280(권장), 300x250(권장), 250x250 크기의 광고 코드만 넣을 수 있습니다.").
_AD_SIZE = re.compile(r"\b\d{2,4}\s*[x×]\s*\d{2,4}\b")
_AD_LINE = re.compile(r"^\W*(?:반응형|광고|ad|advertisement|sponsored)\W*$", re.IGNORECASE)
# Author bios: "필자 소개 …", "필자 약력", and a △-list of a career
# ("△1959년 서울 출생 △고려대 경제학과 학사 … △고려대 통일외교학부 교수").
_BIO_START = re.compile(r"^\W{0,2}(?:필자|글쓴이|저자)\s*(?:소개|약력|프로필)")
_CAREER_ITEM = re.compile(r"출생|졸업|학사|석사|박사|역임|교수|연구원|소장|위원|대표|장관|대사")
# Blog names and sources: "ryoojin2의 블로그", "○○님의 블로그", "[출처] …", "출처: 여성시대".
_BLOG_NAME = re.compile(r"^\S+(?:\s\S+){0,3}(?:의|님의)\s*블로그$|^\S+\s*blog$", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^\W{0,2}(?:\[\s*출처\s*\]|출처\s*[:：])")


def chrome_reason(text: str, ended: bool) -> str | None:
    """Why a whole line is page chrome that yields nothing, or None."""
    length = len(text)
    if length <= 40 and (_AD_LINE.match(text) or (_AD_SIZE.search(text) and _only_sizes(text))):
        return "ad placeholder"
    if length <= 300 and "광고" in text and _AD_SIZE.search(text):
        return "ad placeholder"
    if length <= 400 and (_BIO_START.match(text) or _is_career_list(text)):
        return "author bio"
    if length <= 40 and not ended and _BLOG_NAME.match(text):
        return "blog name"
    if length <= 300 and not ended and _SOURCE_LINE.match(text):
        return "source citation"
    return None


def cut_column_header(text: str) -> tuple[str, str]:
    """(the column header the line starts with, the rest): ("", text) when it has none.

    >>> cut_column_header("[칼럼명] 제목 홍길동 에디터 입력 2021.03.02 09:15 | 수정 2021.03.02 10:00 본문이다. 둘째 문장.")
    ('[칼럼명] 제목 홍길동 에디터 입력 2021.03.02 09:15 | 수정 2021.03.02 10:00 ', '본문이다. 둘째 문장.')
    """
    if not holds_any(text[:_HEADER_CHARS], _STAMP_WORDS):
        return "", text  # the common case, decided without a regex
    stamp = _DATE_STAMP.search(text, 0, _HEADER_CHARS + 40)
    if stamp is None or stamp.start() > _HEADER_CHARS or _SENTENCE_END.search(text, 0, stamp.start()):
        return "", text  # no stamp, or one inside an article
    end = _HEADER_TAIL.match(text, stamp.end()).end()
    return text[:end], text[end:]


def holds_sentence(text: str) -> bool:
    """Whether a sentence ends somewhere in `text` (after a column header: its article)."""
    return bool(_SENTENCE_END.search(text)) or text.rstrip().endswith(("다.", "요.", "다", "."))


_STAMP_WORDS = ("입력", "수정", "등록", "작성", "게재", "발행", "송고", "승인", "업데이트")
_SENTENCE_END = re.compile(r"[다요]\.\s|[.!?][\"'”’)]*\s+[\"“‘]?[가-힣A-Z]")


def _only_sizes(text: str) -> bool:
    return not re.search(r"[^\W\d_xX×]", _AD_SIZE.sub("", text))


def _is_career_list(text: str) -> bool:
    """A △-list, half of its items about a career, none an English headword (which
    makes a glossary: "△ambassador: 대사 △professor: 교수")."""
    items = [item.strip() for item in text.split("△")[1:]] if text.count("△") >= 2 else []
    if not items or any(len(item) > 60 or _LATIN_START.match(item) for item in items):
        return False
    return sum(1 for item in items if _CAREER_ITEM.search(item)) >= len(items) / 2


_LATIN_START = re.compile(r"[A-Za-z]")


def holds_any(text: str, pieces: tuple[str, ...]) -> bool:
    """Whether one of `pieces` is in `text`: `in` is far quicker than a regex scan."""
    for piece in pieces:
        if piece in text:
            return True
    return False
