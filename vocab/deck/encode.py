"""Speech as a deck carries it: MP3, mono, 32 kbit/s, silence trimmed, loudness-normalised.

MP3 is the one format every Anki client plays (AnkiMobile plays no Ogg/Opus).  The
encoder is `lameenc` from PyPI: LAME itself in a wheel of its own, with no system
library, whose constant bit rate we set exactly (soundfile's bundled libsndfile writes
MP3 too, but only through a 0-1 "compression level" and with numpy and cffi to carry).
MP3 answers from gTTS, and earlier builds' cached audio, are decoded by `miniaudio`
(dr_mp3, also a self-contained wheel); WAV is read with the standard library.

32 kbit/s mono at espeak-ng's 22.05 kHz (gTTS speaks at 24 kHz, MPEG-2 rates both) is
the rate Google's own voice comes at: speech stays clear and a minute weighs 240 kB,
against 2.6 MB of 16-bit WAV.
"""

from __future__ import annotations

import io
import wave
from array import array
from pathlib import Path

import numpy as np

BIT_RATE = 32  # kbit/s
MPEG_RATES = (16000, 22050, 24000, 32000, 44100, 48000)
TARGET_DBFS = -20.0  # loudness of the voiced part; gTTS and espeak-ng meet here
PEAK_DBFS = -1.0  # never louder than this at any sample: no clipping after gain
FRAME_SECONDS = 0.02  # loudness and silence are measured in frames this long
GATE_DB = 30.0  # frames this far below the loudest are pauses, not voice
SILENCE_DBFS = -50.0  # below this a frame is silence whatever the text
PAD_SECONDS = 0.06  # kept either side of the voice, so no consonant is clipped


class AudioFormatError(Exception):
    """A file that is neither a WAV nor an MP3 we can decode."""


def decode(data: bytes) -> tuple[np.ndarray, int]:
    """Mono float samples in [-1, 1] and the sample rate of a WAV or MP3 file's bytes."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        try:
            with wave.open(io.BytesIO(data)) as reader:
                if reader.getsampwidth() != 2:
                    raise AudioFormatError(f"{8 * reader.getsampwidth()}-bit WAV (16-bit expected)")
                channels, rate = reader.getnchannels(), reader.getframerate()
                pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
        except (wave.Error, EOFError) as error:
            raise AudioFormatError(f"broken WAV ({error})") from None
        samples = pcm.reshape(-1, channels).mean(axis=1) if channels > 1 else pcm
        return samples.astype(np.float32) / 32768.0, rate
    import miniaudio

    try:
        sound = miniaudio.decode(data, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1)
    except miniaudio.DecodeError as error:
        raise AudioFormatError(f"not WAV or MP3 audio ({error})") from None
    pcm = np.frombuffer(array("h", sound.samples).tobytes(), dtype=np.int16)
    return pcm.astype(np.float32) / 32768.0, sound.sample_rate


def trim(samples: np.ndarray, rate: int) -> np.ndarray:
    """Cut silence at both ends, keeping PAD_SECONDS either side of the voice."""
    levels = _frame_levels(samples, rate)
    if len(levels) == 0:
        return samples
    floor = max(SILENCE_DBFS, levels.max() - GATE_DB - 10.0)
    voiced = np.flatnonzero(levels > floor)
    if len(voiced) == 0:
        return samples[:0]
    frame = int(rate * FRAME_SECONDS)
    pad = int(rate * PAD_SECONDS)
    start = max(0, voiced[0] * frame - pad)
    end = min(len(samples), (voiced[-1] + 1) * frame + pad)
    return samples[start:end]


def normalise(samples: np.ndarray, rate: int) -> np.ndarray:
    """Scale so the voiced frames' mean power sits at TARGET_DBFS, peaks at most PEAK_DBFS.

    Loudness is gated as EBU R 128 gates it (pauses do not count) but not K-weighted:
    for one speaker's voice, the weighting shifts every text alike.
    """
    levels = _frame_levels(samples, rate)
    if len(levels) == 0 or levels.max() <= SILENCE_DBFS:
        return samples
    voiced = levels[levels > max(SILENCE_DBFS, levels.max() - GATE_DB)]
    loudness = 10 * np.log10(np.mean(10 ** (voiced / 10)))
    peak = float(np.abs(samples).max())
    gain = 10 ** ((TARGET_DBFS - loudness) / 20)
    gain = min(gain, 10 ** (PEAK_DBFS / 20) / peak)
    return samples * gain


def _frame_levels(samples: np.ndarray, rate: int) -> np.ndarray:
    """Each whole frame's power in dBFS."""
    frame = max(1, int(rate * FRAME_SECONDS))
    count = len(samples) // frame
    if count == 0:
        return np.zeros(0)
    frames = samples[: count * frame].reshape(count, frame).astype(np.float64)
    return 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-12)


def encode_mp3(samples: np.ndarray, rate: int) -> bytes:
    """Constant BIT_RATE mono MP3 of float samples, resampled to an MPEG rate if needed."""
    import lameenc

    if rate not in MPEG_RATES:
        samples, rate = _resample(samples, rate, 22050), 22050
    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
    encoder = lameenc.Encoder()
    encoder.set_channels(1)
    encoder.set_in_sample_rate(rate)
    encoder.set_out_sample_rate(rate)
    encoder.set_bit_rate(BIT_RATE)
    encoder.set_quality(7)  # LAME -q 7: half the work of -q 5; at 32 kbit/s the rate, not the search, limits speech
    return bytes(encoder.encode(pcm.tobytes()) + encoder.flush())


def _resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Linear interpolation: enough for speech between nearby rates."""
    count = int(round(len(samples) * target / rate))
    return np.interp(np.arange(count) * (rate / target), np.arange(len(samples)), samples)


def finish(samples: np.ndarray, rate: int) -> bytes:
    """What the deck carries for these samples: trimmed, normalised, MP3."""
    if len(samples) == 0:
        raise AudioFormatError("no samples")
    voiced = trim(samples, rate)
    if len(voiced) == 0:  # silence only: an engine's answer all the same, kept as it came
        return encode_mp3(samples, rate)
    return encode_mp3(normalise(voiced, rate), rate)


def finish_pcm(pcm: bytes, rate: int) -> bytes:
    """`finish` for 16-bit little-endian mono PCM (what libespeak-ng hands over)."""
    return finish(np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0, rate)


def finish_file(path: Path) -> bytes:
    """`finish` for a WAV or MP3 file, e.g. an engine's answer or an earlier build's cache."""
    return finish(*decode(Path(path).read_bytes()))


def mp3_info(data: bytes) -> tuple[int, int, float]:
    """(channels, sample rate, seconds) of MP3 bytes: what tests and the bench check."""
    import miniaudio

    info = miniaudio.mp3_get_info(data)
    return info.nchannels, info.sample_rate, info.duration
