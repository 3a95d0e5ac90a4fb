"""Audio: real espeak-ng, gTTS against a scripted server on 127.0.0.1, the on-disk cache."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from fake_tts_server import HANG, FakeTTSServer, fake_mp3
from vocab.deck.audio import (
    AudioCache,
    EspeakEngine,
    GTTSEngine,
    TTSEngine,
    TTSError,
    TTSUnavailable,
    media_name,
    synthesize_all,
)

WORDS = ["비핵화", "상호방위조약", "국회", "선거", "탄핵", "개헌"]

needs_espeak = pytest.mark.skipif(
    not EspeakEngine().available(),
    reason="espeak-ng with its Korean voice is not installed (CI installs it: apt install espeak-ng)",
)


@pytest.fixture(autouse=True)
def isolated(local_speech):
    """No probe result leaks between tests, no proxy sits before 127.0.0.1, no real cache."""


@pytest.fixture
def cache(tmp_path) -> AudioCache:
    return AudioCache(tmp_path / "audio")


class CountingEngine(TTSEngine):
    """Writes a recognisable file and counts how often each text was synthesised."""

    name, voice, extension, title = "counting", "test", "wav", "counting"

    def __init__(self, fail: set[str] = frozenset()):
        self.calls: Counter[str] = Counter()
        self.fail = fail
        self._lock = threading.Lock()

    def available(self) -> bool:
        return True

    def synthesize(self, text: str, dest: Path) -> None:
        with self._lock:
            self.calls[text] += 1
        if text in self.fail:
            raise TTSError(self.title, f"cannot say {text!r}")
        dest.write_bytes(b"RIFF" + text.encode("utf-8"))


def gtts_at(server: FakeTTSServer, timeout: float = 2.0) -> GTTSEngine:
    return GTTSEngine(base_url=server.url, timeout=timeout)


def closed_port_url() -> str:
    """A 127.0.0.1 address where nothing listens any more: connections are refused."""
    with FakeTTSServer() as gone:
        return gone.url


def cache_leftovers(cache: AudioCache) -> list[str]:
    return sorted(p.name for p in cache.root.iterdir()) if cache.root.exists() else []


# --- espeak-ng -----------------------------------------------------------------------------


@needs_espeak
@pytest.mark.parametrize("text", ["비핵화", "상호방위조약을 체결했다.", "-v en --help 선거"])
def test_espeak_writes_a_korean_wav(tmp_path, text):
    dest = tmp_path / "out.wav"
    EspeakEngine().synthesize(text, dest)
    data = dest.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert len(data) > 4000  # well past the 44-byte header: there is speech in it


@pytest.mark.parametrize("engine", [EspeakEngine(binary="no-such-espeak-ng"),
                                    EspeakEngine(voice="no-such-voice")])
def test_espeak_without_binary_or_voice_is_unavailable(engine):
    assert engine.available() is False


def test_espeak_missing_binary_raises_unavailable(tmp_path):
    with pytest.raises(TTSUnavailable):
        EspeakEngine(binary="no-such-espeak-ng").synthesize("선거", tmp_path / "x.wav")


def test_chosen_engine_that_cannot_speak_is_a_clear_error(cache):
    with pytest.raises(TTSUnavailable, match="espeak-ng"):
        synthesize_all(["선거"], "espeak", cache, espeak=EspeakEngine(binary="no-such-espeak-ng"))


# --- gTTS against the fake server ----------------------------------------------------------


def test_gtts_speaks_through_the_server(cache):
    with FakeTTSServer() as server:
        result = synthesize_all(WORDS[:3], "gtts", cache, gtts=gtts_at(server), sleep=pytest.fail)
    assert result.failed == [] and result.engine == "gtts" and result.messages == []
    assert list(result.files) == WORDS[:3]
    for text, path in result.files.items():
        assert path.read_bytes() == fake_mp3(text)
        assert path.name == media_name(GTTSEngine(), text) and path.suffix == ".mp3"
    assert server.bad_paths == []
    assert {lang for _, lang in server.requests} == {"ko"}


def test_gtts_long_text_is_sent_in_parts_and_joined(tmp_path):
    sentence = "한미 양국은 상호방위조약 체결 70주년을 맞아 동맹의 미래를 논의했다. " * 4
    with FakeTTSServer() as server:
        gtts_at(server).synthesize(sentence, tmp_path / "long.mp3")
    parts = [text for text, _ in server.requests]
    assert len(parts) > 1  # gTTS sends at most 100 characters a request
    assert (tmp_path / "long.mp3").read_bytes() == b"".join(fake_mp3(p) for p in parts)


@pytest.mark.parametrize("script, retry_after, expected_sleeps", [
    ([429, 200], "7", [7.0]),  # Retry-After is obeyed
    ([429, 429, 200], None, [0.5, 1.0]),  # else back-off doubles
    ([500, 503, 200], None, [0.5, 1.0]),
    ([HANG, 200], None, [0.5]),  # a timed-out request is retried too
])
def test_gtts_retries_then_caches(cache, script, retry_after, expected_sleeps):
    sleeps: list[float] = []
    with FakeTTSServer({"선거": script}, retry_after=retry_after) as server:
        engine = gtts_at(server, timeout=0.5)
        first = synthesize_all(["선거", "국회"], "gtts", cache, gtts=engine, backoff=0.5,
                               sleep=sleeps.append)
        again = synthesize_all(["선거", "국회"], "gtts", cache, gtts=engine, sleep=pytest.fail)
        assert server.count("선거") == len(script)  # the second build asked nothing
    assert sleeps == expected_sleeps
    assert first.failed == [] and first.files["선거"].read_bytes() == fake_mp3("선거")
    assert again.files == first.files and again.failed == []


def test_gtts_permanent_failure_of_one_text_leaves_it_out(cache):
    with FakeTTSServer({"탄핵": [500] * 10}) as server:
        result = synthesize_all(WORDS, "gtts", cache, gtts=gtts_at(server), retries=2,
                                backoff=0, sleep=lambda _: None)
        assert server.count("탄핵") == 3  # first try and two retries, no more
    assert result.failed == ["탄핵"]
    assert sorted(result.files) == sorted(w for w in WORDS if w != "탄핵")
    assert result.engine == "gtts"
    assert result.messages == [] and list(result.errors) == ["탄핵"]
    assert "HTTP 500" in result.errors["탄핵"]
    assert cache_leftovers(cache) == sorted(p.name for p in result.files.values())


def test_gtts_rejected_text_is_not_retried(cache):
    with FakeTTSServer({"탄핵": [400] * 5}) as server:
        result = synthesize_all(["탄핵", "선거"], "gtts", cache, gtts=gtts_at(server), sleep=pytest.fail)
        assert server.count("탄핵") == 1
    assert result.failed == ["탄핵"] and list(result.files) == ["선거"]


@pytest.mark.parametrize("default", [500, HANG], ids=["error-500", "hanging"])
def test_explicit_gtts_that_does_not_answer_is_a_clear_error(cache, default):
    with FakeTTSServer(default=default) as server:
        with pytest.raises(TTSUnavailable, match="gTTS"):
            synthesize_all(["선거"], "gtts", cache, gtts=gtts_at(server, timeout=0.3))


@needs_espeak
@pytest.mark.parametrize("server_default", [500, HANG, "refused"])
def test_auto_falls_back_to_espeak_when_gtts_does_not_answer(cache, server_default):
    with FakeTTSServer(default=server_default if server_default != "refused" else 200) as server:
        url = closed_port_url() if server_default == "refused" else server.url
        engine = GTTSEngine(base_url=url, timeout=0.3)
        result = synthesize_all(WORDS, "auto", cache, gtts=engine, sleep=pytest.fail)
        assert len(server.requests) <= 1  # only the probe: no text was tried on a dead service
    assert result.failed == [] and result.engine == "espeak"
    assert [m for m in result.messages if "espeak-ng" in m] == result.messages
    assert len(result.messages) == 1  # announced once, not per word
    assert all(path.read_bytes()[:4] == b"RIFF" for path in result.files.values())


@needs_espeak
@pytest.mark.parametrize("outage", [500, HANG], ids=["error-500", "hanging"])
def test_auto_switches_to_espeak_when_gtts_stops_answering_mid_build(cache, outage):
    # The probe ("네") is answered; then every text fails: an outage beginning mid-build.
    with FakeTTSServer({"네": [200]}, default=outage) as server:
        result = synthesize_all(WORDS, "auto", cache, gtts=gtts_at(server, timeout=0.3),
                                workers=2, backoff=0, sleep=lambda _: None)
        asked = len(server.requests)
    assert asked <= 1 + 3 * 4  # noticed within a few texts: not all 6 texts x 4 attempts
    assert result.failed == [] and result.engine == "espeak"
    assert len(result.messages) == 1 and "stopped answering" in result.messages[0]
    assert {path.suffix for path in result.files.values()} == {".wav"}


def test_auto_without_any_engine_builds_without_audio(cache):
    result = synthesize_all(WORDS[:2], "auto", cache,
                            gtts=GTTSEngine(base_url=closed_port_url(), timeout=0.3),
                            espeak=EspeakEngine(binary="no-such-espeak-ng"))
    assert result.files == {} and result.failed == WORDS[:2] and result.engine is None
    assert len(result.messages) == 1 and "apt install espeak-ng" in result.messages[0]


def test_auto_uses_cached_gtts_audio_without_the_network(cache):
    with FakeTTSServer() as server:
        online = synthesize_all(WORDS[:3], "gtts", cache, gtts=gtts_at(server))
    fallback = CountingEngine()
    offline = synthesize_all(WORDS[:3], "auto", cache, espeak=fallback,
                             gtts=GTTSEngine(base_url=closed_port_url(), timeout=0.3))
    assert offline.files == online.files and offline.messages == [] and offline.engine == "gtts"
    assert fallback.calls == Counter()


def test_a_fallback_whose_cache_has_every_text_is_no_news(cache):
    """A fully cached offline build says nothing of gTTS: nothing was spoken instead."""
    espeak = CountingEngine()
    first = synthesize_all(WORDS[:3], "espeak", cache, espeak=espeak)
    assert first.spoken == {"counting": 3} and first.cached == 0
    again = synthesize_all(WORDS[:3], "auto", cache, espeak=espeak,
                           gtts=GTTSEngine(base_url=closed_port_url(), timeout=0.3))
    assert again.messages == [] and again.cached == 3 and again.spoken == {}
    assert again.files == first.files and espeak.calls == Counter({w: 1 for w in WORDS[:3]})


# --- the cache ------------------------------------------------------------------------------


def test_a_rebuild_synthesises_nothing_twice(cache):
    engine = CountingEngine()
    progress: list[tuple[int, int]] = []
    texts = WORDS + ["선거", "  "]  # a repeat and a blank
    first = synthesize_all(texts, "espeak", cache, espeak=engine, progress=lambda *p: progress.append(p))
    second = synthesize_all(texts, "espeak", cache, espeak=engine)
    assert engine.calls == Counter({w: 1 for w in WORDS})
    assert second.files == first.files and list(first.files) == WORDS
    assert first.failed == second.failed == ["  "]  # nothing to say
    assert progress == [(n, len(WORDS)) for n in range(1, len(WORDS) + 1)]


def test_media_names_are_stable_and_unique_by_content():
    gtts, espeak = GTTSEngine(), EspeakEngine()
    expected = "vocab-" + hashlib.sha1("gtts|ko-com|선거".encode()).hexdigest()[:20] + ".mp3"
    assert media_name(gtts, "선거") == expected
    names = {media_name(e, t) for e in (gtts, espeak, GTTSEngine(tld="co.kr")) for t in WORDS}
    assert len(names) == 3 * len(WORDS)
    assert media_name(espeak, "선거").endswith(".wav")


def test_same_texts_give_the_same_files_in_any_cache(tmp_path):
    runs = [synthesize_all(list(order), "espeak", AudioCache(tmp_path / name), espeak=CountingEngine())
            for name, order in (("a", WORDS), ("b", reversed(WORDS)))]
    assert {t: p.name for t, p in runs[0].files.items()} == {t: p.name for t, p in runs[1].files.items()}


class InterruptedEngine(CountingEngine):
    """Writes half a file, then fails the way a crash or Ctrl-C would."""

    def __init__(self, exception: BaseException):
        super().__init__()
        self.exception = exception

    def synthesize(self, text: str, dest: Path) -> None:
        dest.write_bytes(b"RIFF half a recording")
        raise self.exception


@pytest.mark.parametrize("exception", [TTSError("test", "broke off"), KeyboardInterrupt()])
def test_an_interrupted_write_leaves_nothing_in_the_cache(cache, exception):
    engine = InterruptedEngine(exception)
    with pytest.raises(type(exception)):
        cache.fill(engine, "선거")
    assert cache.lookup(engine, "선거") is None
    assert cache_leftovers(cache) == []  # no partial file, no temporary file


def test_a_failed_text_leaves_nothing_and_the_build_goes_on(cache):
    engine = CountingEngine(fail={"탄핵"})
    result = synthesize_all(WORDS, "espeak", cache, espeak=engine)
    assert result.failed == ["탄핵"] and len(result.files) == len(WORDS) - 1
    assert engine.calls["탄핵"] == 1  # a local engine's failure is final: no retries
    assert len(cache_leftovers(cache)) == len(WORDS) - 1


class LockstepEngine(CountingEngine):
    """Two builds write the same file at the same moment: each waits for the other mid-write."""

    def __init__(self, barrier: threading.Barrier):
        super().__init__()
        self.barrier = barrier

    def synthesize(self, text: str, dest: Path) -> None:
        data = b"RIFF" + text.encode("utf-8") * 100
        with open(dest, "wb") as handle:
            handle.write(data[:10])
            handle.flush()
            self.barrier.wait(timeout=10)
            handle.write(data[10:])


def test_two_builds_at_once_leave_whole_files(cache):
    barrier = threading.Barrier(2)
    results = []

    def build() -> None:
        results.append(synthesize_all(WORDS[:3], "espeak", cache, espeak=LockstepEngine(barrier), workers=1))

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 2 and results[0].files == results[1].files
    for text, path in results[0].files.items():
        assert path.read_bytes() == b"RIFF" + text.encode("utf-8") * 100
    assert cache_leftovers(cache) == sorted(p.name for p in results[0].files.values())


@needs_espeak
def test_two_processes_share_one_cache(cache):
    script = ("import sys; from pathlib import Path; from vocab.deck.audio import AudioCache, synthesize_all; "
              "r = synthesize_all(sys.argv[2:], 'espeak', AudioCache(Path(sys.argv[1]))); "
              "sys.exit(1 if r.failed else 0)")
    command = [sys.executable, "-c", script, str(cache.root), *WORDS]
    builds = [subprocess.Popen(command, env={**os.environ}) for _ in range(2)]
    assert [build.wait(timeout=60) for build in builds] == [0, 0]
    files = [cache.lookup(EspeakEngine(), word) for word in WORDS]
    assert all(path is not None and path.read_bytes()[:4] == b"RIFF" for path in files)
    finished = [cache.finished_path(path) for path in files]  # libespeak-ng's answers come encoded
    assert cache_leftovers(cache) == sorted(path.name for path in files + finished)


def test_choice_none_gives_no_audio(cache):
    engine = CountingEngine()
    result = synthesize_all(WORDS, "none", cache, espeak=engine, gtts=engine)
    assert (result.files, result.failed, result.engine, result.messages) == ({}, [], None, [])
    assert engine.calls == Counter()


def test_unknown_choice_is_rejected(cache):
    with pytest.raises(ValueError, match="auto, gtts, espeak, none"):
        synthesize_all(WORDS, "festival", cache)
