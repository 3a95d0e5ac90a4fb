"""gTTS misbehaving as real services do (issue 17), against a fake server on 127.0.0.1:
answers that are not audio, rate limiting, refusals, a server that drips.  No timing is
asserted: the number of requests, and that the build finished with every text spoken."""

from __future__ import annotations

import pytest

from fake_tts_server import DRIP, GARBAGE, HTML, MP3_FRAME, STUB, FakeTTSServer, fake_mp3
from vocab.deck.audio import AudioCache, EspeakEngine, GTTSEngine, synthesize_all

WORDS = ["비핵화", "상호방위조약", "국회", "선거", "탄핵", "개헌"]

needs_espeak = pytest.mark.skipif(not EspeakEngine().available(),
                                  reason="espeak-ng with its Korean voice is not installed")


pytestmark = pytest.mark.usefixtures("local_speech")


@pytest.fixture
def cache(tmp_path) -> AudioCache:
    return AudioCache(tmp_path / "audio")


def test_the_fake_server_speaks_real_mp3_frames():
    from vocab.deck.mp3check import mp3_is_plausible

    assert mp3_is_plausible(fake_mp3("선거"))
    assert not mp3_is_plausible(b"ID3\x03mp3") and not mp3_is_plausible(MP3_FRAME)


@pytest.mark.parametrize("bad", [GARBAGE, STUB, HTML])
def test_an_answer_that_is_not_audio_is_never_cached(cache, bad):
    with FakeTTSServer({"선거": [bad] * 4}) as server:
        first = synthesize_all(["선거", "국회"], "gtts", cache, gtts=GTTSEngine(base_url=server.url),
                               sleep=lambda _: None)
        assert server.count("선거") == 4  # tried and retried, never accepted
    assert first.failed == ["선거"] and "audio" in first.errors["선거"]
    assert sorted(p.name for p in cache.root.iterdir()) == [first.files["국회"].name]
    with FakeTTSServer() as healthy:  # a later build against a healthy server fills it
        again = synthesize_all(["선거", "국회"], "gtts", cache, gtts=GTTSEngine(base_url=healthy.url))
        assert healthy.count("선거") == 1 and healthy.count("국회") == 0
    assert again.failed == [] and again.files["선거"].read_bytes() == fake_mp3("선거")


def test_a_bad_file_an_older_version_cached_is_made_again(cache):
    engine = GTTSEngine()
    stale = cache.path(engine, "선거")
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"<html>Sorry</html>")
    with FakeTTSServer() as server:
        result = synthesize_all(["선거"], "gtts", cache, gtts=GTTSEngine(base_url=server.url))
        assert server.count("선거") == 1
    assert result.files["선거"] == stale and stale.read_bytes() == fake_mp3("선거")


@needs_espeak
@pytest.mark.parametrize("probe_ok", [True, False], ids=["limited-mid-build", "limited-from-the-start"])
def test_a_long_retry_after_falls_back_at_once(cache, probe_ok):
    # Google's rate limiting: 429 with Retry-After: 3600 on every request.
    script = {"네": [200]} if probe_ok else {}
    with FakeTTSServer(script, default=429, retry_after="3600") as server:
        result = synthesize_all(WORDS, "auto", cache, gtts=GTTSEngine(base_url=server.url),
                                workers=2, sleep=pytest.fail)  # nobody waits an hour, or at all
        asked = len(server.requests)
    assert asked <= 1 + 2  # the probe, then one request per worker at most
    assert result.failed == [] and result.engines == {"espeak-ng": len(WORDS)}
    assert len(result.messages) == 1 and "espeak-ng instead" in result.messages[0]
    if probe_ok:
        assert "stopped answering (HTTP 429)" in result.messages[0]


@needs_espeak
def test_repeated_429s_are_an_outage(cache):
    sleeps: list[float] = []
    with FakeTTSServer({"네": [200]}, default=429) as server:
        result = synthesize_all(WORDS, "auto", cache, gtts=GTTSEngine(base_url=server.url),
                                workers=1, retries=3, sleep=sleeps.append)
        asked = len(server.requests)
    # One text retried 3 times, then two more texts refused: the outage is called.
    assert asked <= 1 + 4 + 4 + 4 and len(sleeps) <= 9
    assert result.failed == [] and result.engines == {"espeak-ng": len(WORDS)}


@needs_espeak
def test_a_403_after_a_good_start_hands_the_rest_to_espeak(cache):
    with FakeTTSServer(good_answers=3, then=403) as server:  # the probe and two texts
        result = synthesize_all(WORDS, "auto", cache, gtts=GTTSEngine(base_url=server.url),
                                workers=1, sleep=pytest.fail)  # a refusal is not retried
        asked = len(server.requests)
    assert asked == 3 + 3  # three refusals on three texts call the outage
    assert result.failed == []
    assert result.engines == {"gTTS": 2, "espeak-ng": len(WORDS) - 2}
    assert "stopped answering (HTTP 403)" in result.messages[0]
    assert sorted(p.suffix for p in result.files.values()) == [".mp3"] * 2 + [".wav"] * 4


@needs_espeak
def test_a_server_that_drips_is_given_up_on(cache):
    # One byte every 2 s: each wait for a byte is shorter than the 3 s timeout, so only
    # a bound on the whole request ends it.  hang_seconds caps each drip at 60 s.
    with FakeTTSServer({"네": [200]}, default=DRIP, drip_seconds=2.0, hang_seconds=60) as server:
        result = synthesize_all(WORDS, "auto", cache, gtts=GTTSEngine(base_url=server.url, timeout=3),
                                workers=3, backoff=0, sleep=lambda _: None)
        asked = len(server.requests)
    assert server.drips_finished == 0  # the client hung up on every one
    assert asked <= 1 + 3 + 2  # the outage is called after three unfinished answers
    assert result.failed == [] and result.engines == {"espeak-ng": len(WORDS)}
