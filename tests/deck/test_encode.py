"""The deck's audio: MP3, mono, 32 kbit/s, silence trimmed, loudness-normalised; earlier
builds' cache encoded once, never spoken again; libespeak-ng in-process like the command."""

from __future__ import annotations

import wave
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from vocab.deck import encode
from vocab.deck.audio import AudioCache, EspeakEngine, TTSEngine, synthesize_all
from vocab.deck.offline import finish_all, in_process_ready, wav_bytes

SENTENCE = "한미 양국은 상호방위조약 체결 70주년을 맞아 동맹의 미래를 논의했다."
needs_espeak = pytest.mark.skipif(
    not EspeakEngine().available() or not in_process_ready(EspeakEngine()),
    reason="espeak-ng and libespeak-ng with the Korean voice are not installed (apt install espeak-ng)",
)


def tone(seconds: float, level_db: float, rate: int = 22050, pad: float = 0.5) -> np.ndarray:
    """A 220 Hz tone at `level_db` dBFS RMS with `pad` seconds of silence either side."""
    t = np.arange(int(seconds * rate)) / rate
    voiced = np.sin(2 * np.pi * 220 * t) * np.sqrt(2) * 10 ** (level_db / 20)
    silence = np.zeros(int(pad * rate))
    return np.concatenate([silence, voiced, silence]).astype(np.float32)


def loudness(samples: np.ndarray) -> float:
    return 20 * np.log10(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


def test_finished_audio_is_mono_32k_mp3_trimmed_and_at_one_loudness():
    quiet, loud = tone(0.8, -38.0), tone(4.0, -6.0)
    finished = [encode.finish(samples, 22050) for samples in (quiet, loud)]
    for data, seconds in zip(finished, (0.8, 4.0)):
        channels, rate, duration = encode.mp3_info(data)
        assert (channels, rate) == (1, 22050)
        assert seconds < duration < seconds + 0.25  # a second of silence gone, a pad kept
        assert len(data) * 8 / duration < 34_000  # 32 kbit/s, constant
    levels = [loudness(encode.decode(data)[0]) for data in finished]
    assert abs(levels[0] - levels[1]) < 1.5  # 32 dB apart before, alike after
    assert abs(levels[0] - encode.TARGET_DBFS) < 2.0


def test_stereo_wav_and_an_uncommon_rate_become_mono_mpeg_audio(tmp_path):
    samples = (tone(1.0, -20.0, rate=11000) * 32767).astype("<i2")
    path = tmp_path / "stereo.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(11000)
        out.writeframes(np.repeat(samples, 2).tobytes())
    channels, rate, _ = encode.mp3_info(encode.finish_file(path))
    assert channels == 1 and rate in encode.MPEG_RATES


@pytest.mark.parametrize("data, reason", [(b"RIFF\x00\x00\x00\x00WAVEjunk", "broken WAV"),
                                          (b"not audio at all", "not WAV or MP3")])
def test_what_is_not_audio_is_refused(data, reason):
    with pytest.raises(encode.AudioFormatError, match=reason):
        encode.decode(data)


def test_silence_only_is_kept_as_it_came_and_nothing_is_refused():
    channels, rate, seconds = encode.mp3_info(encode.finish(np.zeros(22050, dtype=np.float32), 22050))
    assert (channels, rate) == (1, 22050) and 0.9 < seconds < 1.2
    with pytest.raises(encode.AudioFormatError, match="no samples"):
        encode.finish(np.zeros(0, dtype=np.float32), 22050)


class RefusingEngine(TTSEngine):
    """Counts syntheses: an earlier build's cache must need none."""

    name, voice, extension, title = "espeak", "ko", "wav", "espeak-ng"

    def __init__(self):
        self.calls: Counter[str] = Counter()

    def available(self) -> bool:
        return True

    def synthesize(self, text: str, dest: Path) -> None:
        self.calls[text] += 1
        raise AssertionError("an earlier build's audio was spoken again")


def test_an_earlier_builds_wav_cache_is_encoded_once_and_not_spoken_again(tmp_path):
    cache, engine = AudioCache(tmp_path / "audio"), RefusingEngine()
    texts = ["선거", "국회", "탄핵"]
    for number, text in enumerate(texts):  # what builds before MP3 left: WAVs, 16-bit 22 kHz
        cache.root.mkdir(parents=True, exist_ok=True)
        pcm = (tone(0.5 + number / 10, -25.0) * 32767).astype("<i2").tobytes()
        cache.path(engine, text).write_bytes(wav_bytes(pcm, 22050))
    spoken = synthesize_all(texts, "espeak", cache, espeak=engine)
    assert engine.calls == Counter() and spoken.cached == 3 and spoken.spoken == {}
    first = finish_all(cache, spoken.files)
    assert first.converted == 3 and first.failed == {}
    assert [path.suffix for path in first.files.values()] == [".mp3"] * 3
    mtimes = {path: path.stat().st_mtime_ns for path in first.files.values()}
    again = finish_all(cache, synthesize_all(texts, "espeak", cache, espeak=engine).files)
    assert again.converted == 0 and again.files == first.files
    assert {path: path.stat().st_mtime_ns for path in again.files.values()} == mtimes


@needs_espeak
def test_libespeak_in_process_speaks_as_the_command_does(tmp_path):
    cache = AudioCache(tmp_path / "audio")
    texts = ["비핵화", SENTENCE, "-v en --help 선거"]  # option-like text is only text
    library = synthesize_all(texts, "espeak", cache)
    assert library.failed == [] and library.spoken == {"espeak-ng": 3}
    command_dir = tmp_path / "command"
    command = synthesize_all(texts, "espeak", AudioCache(command_dir), in_process=False)
    for text in texts:
        ours, theirs = (encode.decode(r.files[text].read_bytes()) for r in (library, command))
        assert ours[1] == theirs[1] == 22050
        ours, theirs = encode.trim(ours[0], 22050), encode.trim(theirs[0], 22050)
        assert abs(len(ours) - len(theirs)) < 0.02 * len(theirs)  # the same speech
        assert library.files[text].name == command.files[text].name  # the same cache entry
    finished = finish_all(cache, library.files)
    assert finished.converted == 0  # the workers encoded as they spoke
