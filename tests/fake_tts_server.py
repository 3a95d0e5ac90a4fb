"""A stand-in for Google Translate's TTS endpoint on 127.0.0.1, scripted per text.

It reads the request the way Google does (the `f.req` RPC gTTS packs) and answers in
the batchexecute format gTTS decodes: an anti-XSSI first line, then length-prefixed
JSON chunks, the audio as base64 inside the jQ1olc RPC's payload.
"""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from vocab.deck.tts import BATCHEXECUTE_PATH

HANG = "hang"  # action: answer nothing until the server stops (or hang_seconds pass)


def fake_mp3(text: str) -> bytes:
    """What the server 'speaks' for `text`: recognisable, so tests can tell files apart."""
    return b"ID3fake-mp3:" + text.encode("utf-8")


def batchexecute_answer(audio: bytes) -> bytes:
    payload = json.dumps([base64.b64encode(audio).decode("ascii")])
    rpc = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"], ["di", 42]],
                     separators=(",", ":"))
    tail = '[["e",4,null,null,123]]'
    return f")]}}'\n\n{len(rpc)}\n{rpc}\n{len(tail)}\n{tail}\n".encode("utf-8")


class FakeTTSServer:
    """Use as a context manager; `script` maps a text to the actions of its successive requests.

    An action is an HTTP status (200 answers with audio, others with an error, 429 with
    Retry-After when `retry_after` is set) or HANG.  Texts not scripted, and scripted
    texts once their actions are used up, get `default`.
    """

    def __init__(self, script: dict[str, list] | None = None, default=200,
                 retry_after: str | None = None, hang_seconds: float = 5.0):
        self.script = {text: list(actions) for text, actions in (script or {}).items()}
        self.default = default
        self.retry_after = retry_after
        self.hang_seconds = hang_seconds  # bounded even if a test forgets to stop the server
        self.requests: list[tuple[str, str]] = []  # (text, lang) in arrival order
        self.bad_paths: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def count(self, text: str) -> int:
        with self._lock:
            return Counter(t for t, _ in self.requests)[text]

    def __enter__(self) -> "FakeTTSServer":
        threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()  # wakes hanging handlers
        self._httpd.shutdown()
        self._httpd.server_close()

    def _next_action(self, text: str):
        with self._lock:
            actions = self.script.get(text)
            return actions.pop(0) if actions else self.default

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("ascii")
                if self.path != "/" + BATCHEXECUTE_PATH:
                    server.bad_paths.append(self.path)
                    self._reply(404, b"not found")
                    return
                rpc = json.loads(urllib.parse.parse_qs(body)["f.req"][0])
                rpc_id, params = rpc[0][0][0], json.loads(rpc[0][0][1])
                assert rpc_id == "jQ1olc"
                text, lang = params[0], params[1]
                with server._lock:
                    server.requests.append((text, lang))
                action = server._next_action(text)
                if action == HANG:
                    server._stop.wait(server.hang_seconds)
                    return  # closes the connection without an answer
                if action == 200:
                    self._reply(200, batchexecute_answer(fake_mp3(text)))
                else:
                    extra = {"Retry-After": server.retry_after} if action == 429 and server.retry_after else {}
                    self._reply(action, b"error", extra)

            def _reply(self, status: int, data: bytes, headers: dict | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timed out): nothing to answer

            def log_message(self, *args) -> None:
                pass

        return Handler
