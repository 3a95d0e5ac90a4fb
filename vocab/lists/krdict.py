"""The learner's dictionary of the National Institute of Korean Language, online.

한국어기초사전 (krdict.korean.go.kr) has an Open API, free with a key
(https://krdict.korean.go.kr/openApi/openApiInfo).  One search a word::

    GET https://krdict.korean.go.kr/api/search?key=KEY&q=제재&part=word&translated=y
        &trans_lang=1&advanced=y&method=exact&num=10

`translated=y&trans_lang=1` adds the English equivalents; `advanced=y&method=exact`
keeps to entries spelt exactly `q` (the plain search also lists 나무라다 for 나무).
The answer is XML::

    <channel> <total>1</total> …
      <item> <word>제재</word> <sup_no>1</sup_no> <origin>制裁</origin>
             <pos>명사</pos> <word_grade>고급</word_grade>
        <sense> <sense_order>1</sense_order> <definition>…</definition>
          <translation> <trans_lang>영어</trans_lang> <trans_word>sanction</trans_word>
                        <trans_dfn>…</trans_dfn> </translation> </sense> … </item> …
    </channel>

or, when it refuses (with HTTP status 200), ``<error><error_code>020</error_code>
<message>Unregistered key</message></error>``: 000 system error, 010 the daily limit
(50,000 requests) is used up, 011 a required parameter is missing, 020 the key is not
registered, 021 the key cannot be used, 100 and up a parameter's value is wrong.

Decisions:
- A word's English is the first `trans_word` of each sense, at most three senses, as
  in the shipped dictionary; a homograph (사과 "apple", 사과 "apology") is an entry each,
  and lists.online chooses by part of speech.
- Hanja: the Chinese characters `origin` starts with (制裁 of 制裁하다); an origin in
  Latin letters (a loanword's source) is not hanja.
- `word_grade` 초급/중급/고급 are beginner/intermediate/advanced; 없음 (ungraded) is none.
- The whole request, connection and reading included, is bounded by `timeout`: it runs
  in a worker thread that is abandoned when the time is up, since urllib's own timeout
  bounds each socket operation, not their sum (a server trickling a byte a second
  would hold a build for ever).
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from typing import Optional

from vocab.errors import OnlineError
from vocab.lists.online import OnlineDictionary, OnlineEntry, setting

BASE_URL = "https://krdict.korean.go.kr/api/search"
KEY_ENV = "VOCAB_KRDICT_KEY"
KEY_CONFIG = "krdict_key"  # in .vocab.yaml
URL_ENV = "VOCAB_KRDICT_URL"  # another address for the API (a mirror, the tests' fake server)
KEY_PAGE = "https://krdict.korean.go.kr/openApi/openApiInfo"
KEY_HINT = f"check {KEY_ENV} or `{KEY_CONFIG}:` in .vocab.yaml (a free key: {KEY_PAGE})"
TIMEOUT = 10.0  # seconds for a whole request, as for gTTS
MAX_BYTES = 1 << 20  # an answer of ten entries is a few kB
MAX_SENSES = 3

GRADES = {"초급": "beginner", "중급": "intermediate", "고급": "advanced"}
POS = {"명사": "noun", "대명사": "pronoun", "동사": "verb", "형용사": "adjective", "부사": "adverb",
       "관형사": "determiner", "감탄사": "interjection", "수사": "numeral", "의존 명사": "noun"}
KEY_ERRORS = {"020", "021"}
LIMIT_ERRORS = {"010"}
_HANJA = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


class KrdictDictionary(OnlineDictionary):
    name = "krdict"
    title = "krdict"
    unavailable_hint = (f"no API key: set {KEY_ENV} or `{KEY_CONFIG}:` in .vocab.yaml "
                        f"(a free key: {KEY_PAGE})")

    def __init__(self, key: Optional[str], base_url: Optional[str] = None, timeout: float = TIMEOUT):
        self.key = key
        self.base_url = base_url or BASE_URL
        self.timeout = timeout

    @classmethod
    def configured(cls, project_dir=None) -> "KrdictDictionary":
        """The key from $VOCAB_KRDICT_KEY or .vocab.yaml, the address from $VOCAB_KRDICT_URL."""
        return cls(setting(KEY_ENV, KEY_CONFIG, project_dir), setting(URL_ENV, "krdict_url", project_dir))

    def available(self) -> bool:
        return bool(self.key)

    def lookup(self, word: str) -> list[OnlineEntry]:
        query = urllib.parse.urlencode({
            "key": self.key or "", "q": word, "part": "word", "translated": "y", "trans_lang": "1",
            "advanced": "y", "method": "exact", "num": "10",
        })
        return parse_answer(self._get(f"{self.base_url}?{query}"), word)

    def _get(self, url: str) -> bytes:
        """The body of a GET of `url`, within self.timeout in all; OnlineError otherwise."""
        outcome: dict = {}

        def fetch() -> None:
            try:
                request = urllib.request.Request(url, headers={"User-Agent": "vocab"})
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    outcome["body"] = response.read(MAX_BYTES + 1)
            except BaseException as error:  # handed to the caller's thread
                outcome["error"] = error

        worker = threading.Thread(target=fetch, daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive() or _timed_out(outcome.get("error")):
            raise OnlineError(self.title, f"no answer within {self.timeout:g} s")
        error = outcome.get("error")
        if isinstance(error, urllib.error.HTTPError):
            if error.code == 429:
                raise OnlineError(self.title, "too many requests (HTTP 429): the rate limit is reached; "
                                              "try again later")
            if error.code in (401, 403):
                raise OnlineError(self.title, f"the API key was refused (HTTP {error.code}); {KEY_HINT}")
            raise OnlineError(self.title, f"the service answered HTTP {error.code}")
        if error is not None:
            reason = getattr(error, "reason", None) or error
            raise OnlineError(self.title, f"cannot reach {urllib.parse.urlsplit(url).netloc} ({reason})")
        body = outcome["body"]
        if len(body) > MAX_BYTES:
            raise OnlineError(self.title, "the answer is too large to be a dictionary entry")
        return body


def _timed_out(error: Optional[BaseException]) -> bool:
    return isinstance(error, TimeoutError) or (
        isinstance(error, urllib.error.URLError) and isinstance(error.reason, TimeoutError))


def parse_answer(body: bytes, word: str) -> list[OnlineEntry]:
    """The entries spelt `word` in a search answer; OnlineError for an <error> answer.

    >>> parse_answer('<channel><total>1</total><item><word>제재</word><origin>制裁</origin>'
    ...     '<pos>명사</pos><word_grade>고급</word_grade><sense><translation><trans_lang>영어'
    ...     '</trans_lang><trans_word>sanction</trans_word></translation></sense></item>'
    ...     '</channel>'.encode(), "제재")
    [OnlineEntry(ko='제재', en=('sanction',), hanja='制裁', level='advanced', pos='noun')]
    """
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:  # entity expansion: not the API's XML
        raise OnlineError("krdict", "answered something that is not the dictionary's XML")
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise OnlineError("krdict", "answered something that is not the dictionary's XML") from None
    if root.tag == "error":
        code = (root.findtext("error_code") or "").strip()
        message = (root.findtext("message") or "").strip()
        if code in KEY_ERRORS:
            raise OnlineError("krdict", f"the API key was refused ({code}: {message}); {KEY_HINT}")
        if code in LIMIT_ERRORS:
            raise OnlineError("krdict", f"the daily request limit is used up ({code}: {message}); "
                                        "try again tomorrow")
        raise OnlineError("krdict", f"error {code}: {message}")
    if root.tag != "channel":
        raise OnlineError("krdict", "answered something that is not the dictionary's XML")
    entries = []
    for item in root.iter("item"):
        if (item.findtext("word") or "").strip() != word:
            continue
        senses = []
        for sense in item.iter("sense"):
            for translation in sense.iter("translation"):
                if (translation.findtext("trans_lang") or "영어").strip() not in ("영어", "English", "1"):
                    continue
                english = _clean(translation.findtext("trans_word") or "")
                if english and english not in senses:
                    senses.append(english)
                break
        origin = _HANJA.match((item.findtext("origin") or "").strip())
        entries.append(OnlineEntry(
            ko=word,
            en=tuple(senses[:MAX_SENSES]),
            hanja=origin.group(0) if origin else None,
            level=GRADES.get((item.findtext("word_grade") or "").strip()),  # type: ignore[arg-type]
            pos=POS.get((item.findtext("pos") or "").strip()),
        ))
    return entries


def _clean(english: str) -> str:
    """One sense: spaces collapsed, the trailing full stop some translations carry dropped."""
    return " ".join(english.split()).rstrip(".").strip()
