"""Text-to-speech engines behind one small interface, each able to say whether it can work.

GTTSEngine speaks with Google Translate's voice (natural; needs the network), EspeakEngine
with espeak-ng (robotic; offline).  vocab.audio decides which one speaks and caches what
they say.
"""

from __future__ import annotations

import base64
import binascii
import email.utils
import os
import re
import shutil
import subprocess
import threading
import time
from abc import ABC, abstractmethod
from functools import lru_cache
from pathlib import Path

from vocab.deck.mp3check import mp3_file_is_plausible, mp3_is_plausible
from vocab.errors import TTSError, TTSUnavailable

# gTTS posts to this path of https://translate.google.<tld>/ (gtts.tts.gTTS._prepare_requests).
BATCHEXECUTE_PATH = "_/TranslateWebserverUi/data/batchexecute"
PROBE_TEXT = "네"  # one syllable: the cheapest request that proves the service speaks
PROBE_TIMEOUT = 3.0  # seconds; a probe only has to tell "answers" from "does not"
GOOGLE_HOST = "https://translate.google.{tld}"
MAX_ANSWER_BYTES = 8 * 1024 * 1024  # a sentence's MP3 is tens of kilobytes
WAV_HEADER_BYTES = 44  # a WAV no longer than its header holds no speech


class TTSEngine(ABC):
    name: str  # part of every cache key and media name: never change it for an engine
    voice: str
    extension: str  # "mp3" | "wav"
    title: str  # how messages call it
    remote = False  # remote engines get retries with back-off; a local failure is final
    unavailable_hint = ""  # what the user can do when available() is False

    @abstractmethod
    def available(self) -> bool:
        """Whether the engine can speak at all right now (cheap after the first call)."""

    @abstractmethod
    def synthesize(self, text: str, dest: Path) -> None:
        """Write `text` spoken to `dest`; raise TTSError (TTSUnavailable) when it cannot."""

    def is_audio(self, path: Path) -> bool:
        """Whether `path` holds audio as this engine writes it (checked before a file
        enters the cache, and when a cached file is used)."""
        try:
            return path.stat().st_size > 0
        except OSError:
            return False


_probe_results: dict[str, bool] = {}
_probe_lock = threading.Lock()


def reset_availability_cache() -> None:
    """Forget every probe: availability is otherwise decided once per process."""
    with _probe_lock:
        _probe_results.clear()
    _espeak_has_voice.cache_clear()


class GTTSEngine(TTSEngine):
    """Google Translate's voice through gTTS.

    gTTS builds the requests (tokenising long texts, packing the RPC) with its public
    `get_bodies()`; this class sends them on its own requests sessions, so it controls
    the URL (`base_url` points it at a test server), timeouts, TLS verification (gTTS
    turns it off, and urllib3's warning with it, process-wide) and HTTP statuses, and
    decodes the audio as gTTS.stream() does.
    """

    name = "gtts"
    extension = "mp3"
    title = "gTTS"
    remote = True
    unavailable_hint = "check the network connection, or use --tts espeak for offline audio"

    def __init__(self, lang: str = "ko", tld: str = "com", timeout: float = 10.0,
                 base_url: str | None = None):
        self.lang = lang
        self.tld = tld
        self.timeout = timeout
        self.voice = f"{lang}-{tld}"  # the tld picks Google's regional accent
        host = base_url or GOOGLE_HOST.format(tld=tld)
        self.url = f"{host.rstrip('/')}/{BATCHEXECUTE_PATH}"
        self._sessions = threading.local()  # requests.Session is not promised thread-safe

    def available(self) -> bool:
        key = f"{self.url}|{self.lang}"
        with _probe_lock:
            if key not in _probe_results:
                _probe_results[key] = self._probe()
            return _probe_results[key]

    def _probe(self) -> bool:
        try:
            self._fetch(PROBE_TEXT, timeout=min(self.timeout, PROBE_TIMEOUT))
        except TTSError as error:
            return error.status == 429 and not error.long_wait  # throttled briefly: back-off copes
        return True

    def synthesize(self, text: str, dest: Path) -> None:
        Path(dest).write_bytes(self._fetch(text, self.timeout))

    def is_audio(self, path: Path) -> bool:
        return mp3_file_is_plausible(path)

    def _fetch(self, text: str, timeout: float) -> bytes:
        import requests
        from gtts import gTTS

        try:
            bodies = gTTS(text, lang=self.lang, tld=self.tld, lang_check=False).get_bodies()
        except AssertionError:  # gTTS asserts there is something left to speak
            raise TTSError(self.title, f"nothing to speak in {text!r}") from None
        session = getattr(self._sessions, "session", None)
        if session is None:
            session = self._sessions.session = requests.Session()
        audio = bytearray()
        for body in bodies:  # one body per ~100 characters; the parts play back to back
            # The deadline bounds the whole request: requests' timeout bounds each wait
            # for a byte, so a server sending one byte a second would hold it for ever.
            deadline = time.monotonic() + timeout
            try:
                response = session.post(self.url, data=body, headers=gTTS.GOOGLE_TTS_HEADERS,
                                        timeout=timeout, stream=True)
                with response:
                    if response.status_code != 200:
                        raise TTSError(self.title, f"HTTP {response.status_code} for {text!r}",
                                       status=response.status_code,
                                       retry_after=parse_retry_after(response.headers.get("Retry-After")))
                    answer = self._read_within(response, deadline, timeout)
            except requests.Timeout:
                raise TTSUnavailable(self.title, f"no answer within {timeout:g} s") from None
            except (requests.RequestException, OSError) as error:
                raise TTSUnavailable(self.title, f"cannot connect ({type(error).__name__})") from None
            audio += self._decode(answer.decode("utf-8", "replace"), text)
        if not mp3_is_plausible(bytes(audio)):
            raise TTSError(self.title, f"the answer for {text!r} is not MP3 audio", garbled=True)
        return bytes(audio)

    def _read_within(self, response, deadline: float, timeout: float) -> bytes:
        """The body as it arrives, given up on at `deadline` or past MAX_ANSWER_BYTES."""
        import urllib3

        body = bytearray()
        while True:
            if time.monotonic() > deadline:
                raise TTSUnavailable(self.title, f"answer not complete within {timeout:g} s")
            try:
                # What has arrived, without waiting for more; gunzipped as requests would.
                chunk = response.raw.read1(64 * 1024, decode_content=True)
            except urllib3.exceptions.HTTPError as error:
                raise TTSUnavailable(self.title, f"answer cut off ({type(error).__name__})") from None
            if not chunk:
                return bytes(body)
            body += chunk
            if len(body) > MAX_ANSWER_BYTES:
                raise TTSError(self.title, f"answer larger than {MAX_ANSWER_BYTES:,} bytes", garbled=True)

    def _decode(self, body: str, text: str) -> bytes:
        """The audio in a batchexecute answer: base64 inside the jQ1olc RPC's line."""
        from gtts import gTTS

        pattern = re.compile(re.escape(gTTS.GOOGLE_TTS_RPC) + r'","\[\\"(.*)\\"]')
        for line in body.splitlines():
            found = pattern.search(line)
            if found:
                try:
                    return base64.b64decode(found.group(1), validate=True)
                except (binascii.Error, ValueError):
                    break
        raise TTSError(self.title, f"no audio in the answer for {text!r}", garbled=True)


class EspeakEngine(TTSEngine):
    """espeak-ng's command line; text goes through stdin, so no text is read as an option."""

    name = "espeak"
    extension = "wav"
    title = "espeak-ng"
    unavailable_hint = "install espeak-ng and its Korean voice (apt install espeak-ng)"

    def __init__(self, voice: str = "ko", binary: str = "espeak-ng", timeout: float = 60.0):
        self.voice = voice
        self.binary = binary
        self.timeout = timeout

    def available(self) -> bool:
        return _espeak_has_voice(shutil.which(self.binary), self.voice)

    def is_audio(self, path: Path) -> bool:
        return wav_is_complete(path)

    def synthesize(self, text: str, dest: Path) -> None:
        executable = shutil.which(self.binary)
        if executable is None:
            raise TTSUnavailable(self.title, f"{self.binary} is not installed")
        command = [executable, "-v", self.voice, "-b", "1", "-w", str(dest), "--stdin"]
        try:
            done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True,
                                  timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired:
            raise TTSError(self.title, f"took over {self.timeout:g} s on {text!r}") from None
        except OSError as error:
            raise TTSUnavailable(self.title, f"cannot run {executable}: {error.strerror}") from None
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise TTSError(self.title, detail[0] if detail else f"exit status {done.returncode}")
        if not dest.exists() or dest.stat().st_size <= WAV_HEADER_BYTES:
            raise TTSError(self.title, f"no speech for {text!r}")
        if not wav_is_complete(dest):
            raise TTSError(self.title, f"incomplete audio for {text!r} (is the disk full?)")


def wav_is_complete(path: Path) -> bool:
    """A RIFF/WAVE file exactly as long as its header says.

    espeak-ng writes the sizes into the header when it closes the file and reports no
    failed write, so a file cut short (a full disk) exits 0 with a header that does not
    match what is on disk.
    """
    try:
        with open(path, "rb") as handle:
            header = handle.read(12)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return False
    if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
        return False
    return int.from_bytes(header[4:8], "little") + 8 == size


@lru_cache(maxsize=None)
def _espeak_has_voice(executable: str | None, voice: str) -> bool:
    if executable is None:
        return False
    try:
        listing = subprocess.run([executable, f"--voices={voice}"], capture_output=True,
                                 timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    # Columns: Pty Language Age/Gender VoiceName File Other-languages; first line is the header.
    rows = listing.stdout.decode("utf-8", "replace").splitlines()[1:]
    return any(len(row.split()) > 1 and row.split()[1] == voice for row in rows)


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
