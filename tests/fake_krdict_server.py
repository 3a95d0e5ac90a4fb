"""A stand-in for the 한국어기초사전 Open API (krdict.korean.go.kr/api/search) on 127.0.0.1.

It answers as the API documents: a <channel> of <item>s (word, sup_no, origin,
pronunciation, word_grade, pos, link, sense/translation/trans_word), <total>0 for an
unknown word, and <error><error_code>020</error_code>… (HTTP 200) for a key it does
not know.  `actions` script a word's answers: 429 answers HTTP 429, HANG never answers,
TRICKLE sends a valid answer a byte at a time.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

HANG = "hang"
TRICKLE = "trickle"
KEY = "test-key"

# word -> its homographs: (origin, pos, word_grade, [English of each sense])
ENTRIES = {
    "꽹과리": [("", "명사", "고급", ["kkwaenggwari", "small gong"])],
    "징검다리": [("", "명사", "중급", ["stepping stones", "intermediary"])],
    "초승달": [("初生달", "명사", "중급", ["crescent moon"])],
    "사과": [("沙果", "명사", "초급", ["apple"]), ("謝過", "명사", "중급", ["apology"]),
             ("謝過", "동사", "", [])],
}


def search_answer(word: str) -> bytes:
    items = []
    for number, (origin, pos, grade, senses) in enumerate(ENTRIES.get(word, []), 1):
        sense_xml = "".join(
            f"<sense><sense_order>{order}</sense_order><definition>뜻풀이 {order}.</definition>"
            f"<translation><trans_lang>영어</trans_lang><trans_word><![CDATA[{english}]]></trans_word>"
            f"<trans_dfn><![CDATA[A definition.]]></trans_dfn></translation></sense>"
            for order, english in enumerate(senses, 1))
        items.append(
            f"<item><target_code>{1000 + number}</target_code><word>{escape(word)}</word>"
            f"<sup_no>{number}</sup_no><origin>{origin}</origin><pronunciation>{escape(word)}</pronunciation>"
            f"<word_grade>{grade or '없음'}</word_grade><pos>{pos}</pos>"
            f"<link>https://krdict.korean.go.kr/dicSearch/SearchView?ParaWordNo={1000 + number}</link>"
            f"{sense_xml}</item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><channel>'
            "<title>한국어 기초사전 개발 지원(Open API) - 사전 검색</title>"
            "<link>https://krdict.korean.go.kr</link><description>사전 검색 결과</description>"
            f"<lastBuildDate>20261207050000</lastBuildDate><total>{len(items)}</total>"
            f"<start>1</start><num>10</num>{''.join(items)}</channel>").encode("utf-8")


def error_answer(code: str, message: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><error><error_code>{code}</error_code>'
            f"<message>{message}</message></error>").encode("utf-8")


class FakeKrdictServer:
    """Use as a context manager; `url` is the search address to give VOCAB_KRDICT_URL."""

    def __init__(self, script: dict[str, list] | None = None, hang_seconds: float = 5.0):
        self.script = {word: list(actions) for word, actions in (script or {}).items()}
        self.hang_seconds = hang_seconds
        self.requests: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/api/search"

    def count(self, word: str) -> int:
        with self._lock:
            return Counter(r.get("q") for r in self.requests)[word]

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(url.query))
                with server._lock:
                    server.requests.append(params)
                    actions = server.script.get(params.get("q", ""))
                    action = actions.pop(0) if actions else 200
                if url.path != "/api/search":
                    return self._send(404, b"not found")
                if action == HANG:
                    server._stop.wait(server.hang_seconds)
                    return
                if action == 429:
                    return self._send(429, b"Too Many Requests")
                if params.get("key") != KEY:
                    return self._send(200, error_answer("020", "Unregistered key"))
                if not params.get("q") or params.get("translated") != "y" or params.get("trans_lang") != "1":
                    return self._send(200, error_answer("100", "Incorrect query request"))
                body = search_answer(params["q"])
                if action == TRICKLE:
                    return self._trickle(body)
                self._send(200, body)

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _trickle(self, body: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                for start in range(0, len(body), 16):  # each piece well inside a socket timeout
                    if server._stop.is_set():
                        return
                    self.wfile.write(body[start:start + 16])
                    self.wfile.flush()
                    time.sleep(0.05)

        return Handler

    def __enter__(self) -> "FakeKrdictServer":
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
