"""Telling page furniture from content, and what each kept paragraph is for.

Web dumps of news pages carry share bars, bylines, image credits, photo captions,
galleries, copyright lines and promos around the article.  We recognise them by their
shape (length, no sentence ending, slash-separated names, credit words, e-mail
addresses, ©, widget words, lines that repeat), never by the exact strings of pages we
have seen: each rule below is small, generic and says why it exists.  Chrome that reads
like text (bylines, column headers with a date stamp, author bios, blog names, ad
placeholders) has its rules in chrome.py.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple, Optional

from vocab.read.chrome import chrome_reason, cut_column_header, holds_any, holds_sentence, meta_reason
from vocab.read.markup import Unit
from vocab.records import ParagraphKind


class Judgement(NamedTuple):  # a tuple: one is made per line, and tuples are made fast
    text: str
    kind: Optional[ParagraphKind]  # None: page furniture, not a paragraph
    reason: str  # which rule decided: for tests and for anyone wondering why


# A sentence ending: final punctuation, perhaps followed by closing quotes or brackets
# (the rule; ends_sentence reads it from the end of the line).
_ENDS_SENTENCE = re.compile(r"[.!?。！？…][\s.\"'”’」』)\]]*$")
# A boundary between two sentences inside a line: final punctuation, space, then what a
# sentence starts with.  Not after a lone capital, so "Joseph R. DeTrani" and "U.S." are
# not boundaries.  (The look-behind follows the punctuation, so that the regex engine can
# skip to punctuation instead of trying every position.)
_BOUNDARY = re.compile(r"[.!?。…](?<![A-Z].)[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9가-힣])")
_LETTER = re.compile(r"[^\W\d_]")


# What _ENDS_SENTENCE allows after the final punctuation, spaces aside.
_AFTER_FINAL = ".\"'”’」』)]"
_FINAL = ".!?。！？…"


def ends_sentence(text: str) -> bool:
    """_ENDS_SENTENCE.search(text), read from the end instead of scanning the whole line."""
    tail = text.rstrip()
    body = tail
    while True:  # strip what may follow the final punctuation, spaces included
        shorter = body.rstrip(_AFTER_FINAL).rstrip()
        if len(shorter) == len(body):
            break
        body = shorter
    return "." in tail[len(body):] or (body != "" and body[-1] in _FINAL)


def judge(units: list[Unit]) -> list[Judgement]:
    """One Judgement per unit, in order."""
    verdicts = [_judge_alone(unit) for unit in units]
    _mark_bullet_runs(units, verdicts)
    _mark_captions(verdicts)
    _mark_repeats(verdicts)
    return verdicts


def _judge_alone(unit: Unit) -> Judgement:
    text = unit.text
    ended = ends_sentence(text)
    reason = _furniture_reason(text, unit.hint, ended)
    if reason:
        return Judgement(text, None, reason)
    header, rest = cut_column_header(text)
    if header:  # "[칼럼명] 제목 홍길동 에디터 입력 2021.03.02 09:15 | 본문 …" (chrome.py)
        if not holds_sentence(rest):
            return Judgement(text, None, "column header with a date stamp")
        text = rest
        reason = _furniture_reason(text, unit.hint, ended)
        if reason:
            return Judgement(text, None, reason)
    if _is_gloss(text):  # before meta: a glossary with commas is no keyword line
        return Judgement(text, "gloss", "glossary line")
    reason = meta_reason(text, ended)
    if reason:
        return Judgement(text, "meta", reason)
    if unit.hint == "heading":
        return Judgement(text, "heading", "marked up as a heading")
    short = unit.hint in ("bold", "cell") or len(text) <= _MAX_HEADING_CHARS
    if not ended and short and not _BOUNDARY.search(text):
        return Judgement(text, "heading", "short line without a sentence ending")
    return Judgement(text, "body", "running text")


# Headlines run to about 150 characters (the seeds' longest English one has 140); a
# line longer than that without final punctuation is prose that lost its full stop.
_MAX_HEADING_CHARS = 150


# --- furniture, one line at a time ------------------------------------------------------

# Copyright notices: ©/ⓒ, "Copyright 2024", "All rights reserved", 무단전재 및 재배포 금지
# (but not a sentence about a copyright dispute).
_COPYRIGHT_MARK = re.compile(r"[©ⓒⒸ]|무단\s*전재|재배포\s*금지")
_COPYRIGHT_WORDS = re.compile(r"\(c\)\s*\d{4}|^\W*copyright\b|copyright\s*(?:\(c\)|\d{4})|"
                              r"all rights reserved", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Everything a date or timestamp line is made of; a line that is nothing else is one:
# "입력 : 2026-01-13 23:49:14 수정 : …", "2024. 6. 13. 20:09", "10월 26, 2024".
_DATE_PART = re.compile(
    r"\d+\s*(?:년|월|일|시|분|초)|\d+|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)"
    r"[a-z]*\b\.?|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b\.?|[월화수목금토일]요일|오전|오후|"
    r"\b[ap]\.?m\b\.?|\b(?:gmt|kst|utc|edt|est)\b|기사\s*입력|최종\s*수정|입력|수정|등록|발행|"
    r"게재|승인|송고|업데이트|\b(?:updated|published|posted|modified|last|on|at)\b",
    re.IGNORECASE,
)
# Words that credit a photo (agencies, "pool", 사진 제공 …).
_CREDIT_WORD = (r"게티\s*이미지(?:코리아|뱅크)?|getty(?:\s*images)?|afp|ap|epa|upi|reuters|"
                r"로이터|연합뉴스|뉴시스|뉴스1|pool|풀|스푸트니크|sputnik|xinhua|신화|tass|"
                r"이타르타스|타스|kcna|조선중앙통신|yonhap|dpa|anadolu|shutterstock|셔터스톡|"
                r"사진|photo|image|제공|courtesy|자료")
_CREDIT_ITEM = re.compile(rf"(?:{_CREDIT_WORD})", re.IGNORECASE)
_CREDIT_PART = re.compile(rf"(?<![A-Za-z])(?:{_CREDIT_WORD})(?![A-Za-z])|by\b", re.IGNORECASE)


def _syllables_except(pattern: str) -> re.Pattern:
    """Finds a Hangul syllable that `pattern` does not spell out (it must use no Hangul
    ranges): a line holding one is not made of the pattern's words alone, which rules
    most lines out at the cost of one scan instead of a substitution."""
    spelt = sorted({ord(char) for char in pattern if "가" <= char <= "힣"})
    bounds = [ord("가") - 1, *spelt, ord("힣") + 1]
    gaps = [(low + 1, high - 1) for low, high in zip(bounds, bounds[1:]) if high - low > 1]
    return re.compile("[%s]" % "".join(f"{chr(low)}-{chr(high)}" for low, high in gaps))


_NOT_DATE_SYLLABLE = _syllables_except(_DATE_PART.pattern)
_NOT_CREDIT_SYLLABLE = _syllables_except(_CREDIT_WORD)
# Font-size widgets ("글자크기 설정 파란원을 좌우로 움직이시면 …").
_FONT_WIDGET = re.compile(r"글[자씨]\s*크기")
_FONT_WIDGET_WORDS = re.compile(r"font\s*size|text\s*size", re.IGNORECASE)
# Share bars and navigation are lines made only of these words and symbols.
_WIDGET_WORDS = frozenset(
    "인쇄 프린트 메일 이메일 url 공유 공유하기 스크랩 검색 구독 좋아요 댓글 목록 이전 다음 닫기 "
    "복사 링크 링크복사 페이스북 트위터 카카오톡 카카오스토리 밴드 블로그 홈 맨위로 메뉴 전체메뉴 "
    "로그인 로그아웃 회원가입 북마크 더보기 print email e-mail mail share tweet facebook twitter "
    "kakao kakaotalk link copy comment comments subscribe search menu login home top bookmark "
    "save more 본문 바로가기 본문바로가기 원문 원문보기 보기 보내기".split()
)
# A sentence that talks to the reader in the polite imperative or asks them a question
# (-세요, -십시오, -시나요): "…다음뉴스를 만나보세요", "이 기사에 대해 어떻게 생각하시나요?".
# News prose reports; only promos, prompts and site taglines address the reader.
_READER_ENDING = re.compile(r"세요|십시오|시나요|셨나요|시겠습니까|시겠어요")
_READER_ADDRESS = re.compile(rf"(?:{_READER_ENDING.pattern})[.!?~]*$")
_READER_HINTS = ("세요", "십시오", "나요", "시겠")  # one is in every match: a quick test
_ENGLISH_PROMO = re.compile(r"^(?:subscribe|sign up|click here|follow us|download the app|"
                            r"read more|share this|advertisement)\b", re.IGNORECASE)
# Lists of other articles: 관련기사, 관련이슈, 많이 본 뉴스, Related, See also …
_RELATED = re.compile(r"^\W*(?:관련\s*(?:기사|이슈|뉴스|링크|콘텐츠|동영상|영상|태그)|"
                      r"함께\s*(?:보면|볼\s*만한|읽으면)|(?:가장\s*)?많이\s*본|인기\s*(?:기사|뉴스)|"
                      r"추천\s*(?:기사|뉴스)|related\b|see also\b|more from\b|recommended\b|"
                      r"most read\b|trending\b)", re.IGNORECASE)
# One-word lines in a text dump are site names, section names and menu entries
# ("세계일보", "검색", "오피니언", "CNN").  A real heading has more to say.
_MAX_LABEL_CHARS = 20


def _furniture_reason(text: str, hint: str, ended: bool) -> str | None:
    if hint == "furniture":
        return "inside page navigation, footer or figure caption markup"
    if not _LETTER.search(text):
        return "no letters: a rule, separator or number"
    length = len(text)
    if length <= 200 and _is_copyright(text):
        return "copyright notice"
    if "@" in text and (length <= 100 or not ended) and _EMAIL.search(text):
        return "byline or contact line with an e-mail address"
    if length <= 80 and _is_date_line(text):
        return "date or timestamp line"
    if not ended and length <= 100 and _is_credit(text):
        return "image credit"
    if length <= 150 and _is_font_widget(text):
        return "font-size widget"
    if _is_widget_bar(text):
        return "share bar or navigation"
    if length <= 400 and holds_any(text, _READER_HINTS) and _READER_ENDING.search(text):
        boundary = _BOUNDARY.search(text)
        first_sentence = (text[: boundary.start()] if boundary else text).strip()
        if _READER_ADDRESS.search(first_sentence):
            return "promo or prompt addressed to the reader"
    if length <= 150 and _ENGLISH_PROMO.search(text):
        return "promo addressed to the reader"
    if not ended and _RELATED.search(text):
        return "list of related articles"
    if hint == "text" and length <= _MAX_LABEL_CHARS and not ended and len(text.split()) == 1:
        return "one-word line: site name, section or menu entry"
    return chrome_reason(text, ended)


# A case-insensitive regex is tried at every position of a line, so the English words of
# these rules are only looked for in lines holding what they need: "(", y or v, then
# "(c)", "pyr" or "rved" once lower-cased, for the copyright words ("(c)", copyright,
# reserved); z for the font-size ones.  (No other character matches these letters
# ignoring case or lower-cases to them, unlike İ, ı, K and ſ for i, k and s.)  A line
# "made of" date or credit words is ruled out at its first letter when no such word
# starts there.


def _is_copyright(text: str) -> bool:
    # Every match of _COPYRIGHT_MARK holds one of these, found faster by `in`.
    if ("©" in text or "ⓒ" in text or "Ⓒ" in text or "무단" in text or "재배포" in text) and (
            _COPYRIGHT_MARK.search(text)):
        return True
    if not ("(" in text or "y" in text or "Y" in text or "v" in text or "V" in text):
        return False
    lowered = text.lower()
    return ("(c)" in lowered or "pyr" in lowered or "rved" in lowered) and bool(
        _COPYRIGHT_WORDS.search(text))


def _is_date_line(text: str) -> bool:
    if _NOT_DATE_SYLLABLE.search(text):
        return False
    # A letter other than Hangul (which a number's 년, 월 … can end) is only taken away
    # by a date part starting at it: when the first letter starts none, it stays.
    first = _LETTER.search(text)
    if first and not "가" <= first.group() <= "힣" and not _DATE_PART.match(text, first.start()):
        return False
    return not _LETTER.search(_DATE_PART.sub("", text))


def _is_font_widget(text: str) -> bool:
    if "글" in text and _FONT_WIDGET.search(text):
        return True
    return ("z" in text or "Z" in text) and bool(_FONT_WIDGET_WORDS.search(text))


def _is_widget_bar(text: str) -> bool:
    first = text.split(None, 1)[0]
    if first.casefold() not in _WIDGET_WORDS and _LETTER.search(first):
        return False  # the common case, decided without splitting a long paragraph
    words = text.split()
    return any(w.casefold() in _WIDGET_WORDS for w in words) and all(
        w.casefold() in _WIDGET_WORDS or not _LETTER.search(w) for w in words
    )


def _is_credit(text: str) -> bool:
    """"Gavriel Grigorov/Pool/AFP/스푸트니크/게티 이미지", "이타르타스/AFP", "AFP 연합뉴스"."""
    items = [item.strip() for item in text.split("/")] if "/" in text else []
    if items and all(0 < len(item) <= 30 and len(item.split()) <= 4 for item in items):
        # Three or more slash-separated names are a credit whatever they are; two need
        # an agency or credit word among them ("북/러 정상회담" is a headline).
        if len(items) >= 3 or any(_CREDIT_ITEM.fullmatch(item) for item in items):
            return True
    if _NOT_CREDIT_SYLLABLE.search(text):
        return False
    # Every credit part starts with a letter, so the first letter must start one.
    first = _LETTER.search(text)
    if first and not _CREDIT_PART.match(text, first.start()):
        return False
    return not _LETTER.search(_CREDIT_PART.sub("", text))


# --- gloss ---------------------------------------------------------------------------------

# Glossary lines: "△setback: 차질 △reestablish: 재건하다", "futile = vain 헛된",
# "*a trade pact 통상 조약".  They pair an English phrase with Korean.
_GLOSS_MARKED = re.compile(r"[△▲▷▶◇◆]\s*[A-Za-z]")
_GLOSS_STARRED = re.compile(r"\*\s*[A-Za-z]")  # at the start
_GLOSS_EQUALS = re.compile(r"^\W{0,2}[A-Za-z][A-Za-z '’-]*\s*=\s*\S")  # headword first
_GLOSS_COLON = re.compile(r"^[A-Za-z][A-Za-z '’-]*:\s*[가-힣][^.!?]*$")
_GLOSS_MARKS = tuple("△▲▷▶◇◆")
_HAS_HANGUL = re.compile(r"[가-힣]")
_HAS_LATIN = re.compile(r"[A-Za-z]")


def _is_gloss(text: str) -> bool:
    if len(text) > 300:
        return False
    # The shapes first, each behind a quick test of a character it needs: most lines
    # have none, and then the two alphabets need not be looked for.
    shaped = ((holds_any(text, _GLOSS_MARKS) and _GLOSS_MARKED.search(text))
              or _GLOSS_STARRED.match(text)
              or ("=" in text and _GLOSS_EQUALS.search(text))
              or (":" in text and _is_colon_gloss(text)))
    return bool(shaped) and bool(_HAS_HANGUL.search(text)) and bool(_HAS_LATIN.search(text))


def _is_colon_gloss(text: str) -> bool:
    # "setback: 차질" but not "Editorial: 북한은 러시아와의 동맹관계를 강화할 것이다".
    colon = _GLOSS_COLON.match(text)
    return bool(colon) and len(text.split(":", 1)[1].split()) <= 3


# --- rules that look at neighbours ----------------------------------------------------------

# Bulleted runs of short items without sentence endings are menus, galleries and lists
# of related links ("• 고윤정 '아름다운 미모' • 이세희 '사랑스러운 볼하트' …").  Three
# or more, because two short bullets can still be an article's own list.
_MIN_BULLET_RUN = 3
_MAX_BULLET_CHARS = 40


def _mark_bullet_runs(units: list[Unit], verdicts: list[Judgement]) -> None:
    short_item = [unit.hint == "item" and len(unit.text) <= _MAX_BULLET_CHARS
                  and not ends_sentence(unit.text) for unit in units]
    if short_item.count(True) < _MIN_BULLET_RUN:
        return  # no run is long enough: most pages
    i = 0
    while i < len(units):
        if not short_item[i]:
            i += 1
            continue
        end = i
        while end < len(units) and short_item[end]:
            end += 1
        if end - i >= _MIN_BULLET_RUN:
            for j in range(i, end):
                verdicts[j] = Judgement(units[j].text, None, "list of short items: menu or gallery")
            # A gallery's first caption often stands above the list as well.
            keys = {_key(units[j].text) for j in range(i, end)}
            if i > 0 and _key(units[i - 1].text) in keys:
                verdicts[i - 1] = Judgement(units[i - 1].text, None, "title of a gallery list")
        i = end


# A photo caption is one sentence right after its credit line ("스트링거/게티 이미지" then
# "블라디미르 푸틴 러시아 대통령(오른쪽)과 … 참석하고 있다.").
_MAX_CAPTION_CHARS = 300


def _mark_captions(verdicts: list[Judgement]) -> None:
    # Only body verdicts change here, so the credits can be found first.
    credits = [i for i, verdict in enumerate(verdicts) if verdict.reason == "image credit"]
    for i in (credit + 1 for credit in credits if credit + 1 < len(verdicts)):
        caption = verdicts[i]
        if (
            caption.kind == "body"
            and len(caption.text) <= _MAX_CAPTION_CHARS
            and not _BOUNDARY.search(caption.text)
        ):
            verdicts[i] = Judgement(caption.text, None, "photo caption after an image credit")


# A short line seen this many times is a page element repeated by the site's template
# (a section name, "더보기"); longer lines, like a headline printed three times, are
# kept once instead.
_MIN_TEMPLATE_REPEATS = 3
_MAX_TEMPLATE_CHARS = 30


def _mark_repeats(verdicts: list[Judgement]) -> None:
    keys = [_key(v.text) if v.kind is not None else "" for v in verdicts]  # "": never used
    counts = Counter(key for key, v in zip(keys, verdicts) if v.kind and v.kind != "body")
    seen: set[str] = set()
    for i, (key, verdict) in enumerate(zip(keys, verdicts)):
        if verdict.kind is None or not key:
            continue
        if counts[key] >= _MIN_TEMPLATE_REPEATS and len(verdict.text) <= _MAX_TEMPLATE_CHARS:
            verdicts[i] = Judgement(verdict.text, None, "short line repeated by the page template")
        elif key in seen:
            # Pages often print the headline twice (and once more without spaces).
            verdicts[i] = Judgement(verdict.text, None, "repeat of an earlier paragraph")
        seen.add(key)


_NOT_WORD = re.compile(r"[\W_]+")
# A word character of a regex (\w) is one str.isalnum() accepts, or "_".
_ASCII_NOT_ALNUM = bytes(byte for byte in range(128) if not chr(byte).isalnum())
_CURLY_QUOTES = ("“", "”", "‘", "’")


def _key(text: str) -> str:
    """Text compared without spacing, punctuation or case."""
    # ASCII spaces and punctuation go first, as bytes (far cheaper than a regex), then
    # curly quotes, the commonest others; the regex only sees what is left, if anything.
    kept = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_NOT_ALNUM).decode(
        "utf-8", "surrogatepass")
    if not kept.isalnum():
        for quote in _CURLY_QUOTES:
            kept = kept.replace(quote, "")
        if not kept.isalnum():
            kept = _NOT_WORD.sub("", kept)
    return kept.casefold()
