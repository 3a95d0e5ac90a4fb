"""A stand-in for Google Translate's TTS endpoint on 127.0.0.1, scripted per text.

It reads the request the way Google does (the `f.req` RPC gTTS packs) and answers in
the batchexecute format gTTS decodes: an anti-XSSI first line, then length-prefixed
JSON chunks, the audio as base64 inside the jQ1olc RPC's payload.
"""

from __future__ import annotations

import base64
import gzip
import json
import threading
import time
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from vocab.deck.tts import BATCHEXECUTE_PATH

HANG = "hang"  # action: answer nothing until the server stops (or hang_seconds pass)
GARBAGE = "garbage"  # action: 200, a well-formed answer whose "audio" is an HTML page
STUB = "stub"  # action: 200, a well-formed answer whose "audio" is a 7-byte stub
HTML = "html"  # action: 200 with an HTML page instead of the RPC answer (a captive portal)
DRIP = "drip"  # action: 200 and a whole answer, one byte every drip_seconds

# One MPEG-2 Layer III frame header (32 kbit/s, 24 kHz, mono: gTTS's format); a frame
# is 96 bytes.  Silent frames are enough for anything that checks what audio is.
MP3_FRAME = bytes([0xFF, 0xF3, 0x44, 0xC0]) + bytes(92)


def fake_mp3(text: str) -> bytes:
    """What the server 'speaks' for `text`: real MP3 frames after an ID3v2 tag holding
    the text, so tests can tell files apart."""
    title = b"\x03" + text.encode("utf-8")  # encoding byte 3: UTF-8
    frame = b"TIT2" + _syncsafe(len(title)) + b"\x00\x00" + title
    return b"ID3\x04\x00\x00" + _syncsafe(len(frame)) + frame + MP3_FRAME * 3


def _syncsafe(number: int) -> bytes:
    return bytes((number >> shift) & 0x7F for shift in (21, 14, 7, 0))


NOT_AUDIO = {GARBAGE: b"<html><body>Our systems have detected unusual traffic</body></html>",
             STUB: b"ID3\x03mp3"}


def batchexecute_answer(audio: bytes) -> bytes:
    payload = json.dumps([base64.b64encode(audio).decode("ascii")])
    rpc = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"], ["di", 42]],
                     separators=(",", ":"))
    tail = '[["e",4,null,null,123]]'
    return f")]}}'\n\n{len(rpc)}\n{rpc}\n{len(tail)}\n{tail}\n".encode("utf-8")


class FakeTTSServer:
    """Use as a context manager; `script` maps a text to the actions of its successive requests.

    An action is an HTTP status (200 answers with audio, others with an error, 429 with
    Retry-After when `retry_after` is set), HANG, GARBAGE, STUB, HTML or DRIP.  Texts not
    scripted, and scripted texts once their actions are used up, get `default`; once
    `good_answers` requests were answered with audio, every request gets `then`.
    """

    def __init__(self, script: dict[str, list] | None = None, default=200,
                 retry_after: str | None = None, hang_seconds: float = 5.0,
                 good_answers: int | None = None, then=403, drip_seconds: float = 2.0):
        self.script = {text: list(actions) for text, actions in (script or {}).items()}
        self.default = default
        self.retry_after = retry_after
        self.hang_seconds = hang_seconds  # bounded even if a test forgets to stop the server
        self.good_answers = good_answers
        self.then = then
        self.drip_seconds = drip_seconds
        self.answered = 0  # requests answered with audio
        self.drips_abandoned = 0  # drips the client hung up on
        self.drips_finished = 0  # drips that ran to the end (or to hang_seconds)
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
            if self.good_answers is not None and self.answered >= self.good_answers:
                return self.then
            actions = self.script.get(text)
            action = actions.pop(0) if actions else self.default
            self.answered += action == 200
            return action

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
                elif action in NOT_AUDIO:
                    self._reply(200, batchexecute_answer(NOT_AUDIO[action]))
                elif action == HTML:
                    self._reply(200, NOT_AUDIO[GARBAGE], {"Content-Type": "text/html"})
                elif action == DRIP:
                    self._drip(batchexecute_answer(fake_mp3(text)))
                else:
                    extra = {"Retry-After": server.retry_after} if action == 429 and server.retry_after else {}
                    self._reply(action, b"error", extra)

            def _drip(self, data: bytes) -> None:
                """Headers at once, then the body one byte at a time, until hang_seconds."""
                deadline = time.monotonic() + server.hang_seconds
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    for byte in data:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        if server._stop.wait(server.drip_seconds) or time.monotonic() > deadline:
                            break
                except OSError:
                    with server._lock:
                        server.drips_abandoned += 1
                    return
                if not server._stop.is_set():
                    with server._lock:
                        server.drips_finished += 1

            def _reply(self, status: int, data: bytes, headers: dict | None = None) -> None:
                headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
                if status == 200 and "gzip" in self.headers.get("Accept-Encoding", ""):
                    data = gzip.compress(data, mtime=0)  # as Google sends it to requests
                    headers["Content-Encoding"] = "gzip"
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timed out): nothing to answer

            def log_message(self, *args) -> None:
                pass

        return Handler
