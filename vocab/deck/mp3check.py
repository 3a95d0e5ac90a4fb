"""Is this MP3 audio?  A look at the frame headers, enough to keep an HTML page, an error
message or a stub of a few bytes out of the audio cache.

An MP3 file is an optional ID3v2 tag, then MPEG audio frames, each starting with an
11-bit sync word and a header that fixes the frame's length; so a real file has a valid
header where the previous frame ends.  Two frames in a row (about 50 ms of speech) are
asked for: random bytes pass that test about once in a few million.

>>> frame = bytes([0xFF, 0xF3, 0x44, 0xC0]) + bytes(92)  # MPEG-2 Layer III, 32 kbps, 24 kHz
>>> mp3_is_plausible(frame * 3), mp3_is_plausible(b"<html>Sorry</html>"), mp3_is_plausible(frame)
(True, False, False)
"""

from __future__ import annotations

from pathlib import Path

FRAMES_WANTED = 2
HEAD_BYTES = 8192  # what a file check reads after the tag: two frames are at most 2,882 bytes

# Layer III bit rates in kbit/s by header index (0 "free" and 15 "bad" are refused).
_BITRATES = {
    "1": (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    "2": (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2 and 2.5
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def frame_length(header: bytes) -> int | None:
    """The length in bytes of the Layer III frame starting with `header`, or None."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = (header[1] >> 3) & 0b11  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
    layer = (header[1] >> 1) & 0b11  # 1: Layer III
    bitrate_index, rate_index = header[2] >> 4, (header[2] >> 2) & 0b11
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    bitrate = _BITRATES["1" if version == 3 else "2"][bitrate_index] * 1000
    sample_rate = _SAMPLE_RATES[version][rate_index]
    padding = (header[2] >> 1) & 1
    samples_per_byte = 144 if version == 3 else 72  # 1,152 or 576 samples a frame, over 8
    return samples_per_byte * bitrate // sample_rate + padding


def _tag_length(data: bytes, offset: int) -> int:
    """The length of the ID3v2 tag at `offset` (0 when there is none)."""
    head = data[offset:offset + 10]
    if len(head) < 10 or head[:3] != b"ID3" or any(b & 0x80 for b in head[6:10]):
        return 0
    size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]  # "syncsafe" integer
    footer = 10 if head[5] & 0x10 else 0
    return 10 + size + footer


def audio_start(data: bytes) -> int:
    """Where the frames begin: after any ID3v2 tags."""
    offset = 0
    while (length := _tag_length(data, offset)) > 0:
        offset += length
    return offset


def frames_from(data: bytes, offset: int, wanted: int = FRAMES_WANTED) -> bool:
    """Whether `wanted` whole frames follow one another from `offset`."""
    for _ in range(wanted):
        length = frame_length(data[offset:offset + 4])
        if length is None or offset + length > len(data):
            return False
        offset += length
    return True


def mp3_is_plausible(data: bytes) -> bool:
    return frames_from(data, audio_start(data))


def mp3_file_is_plausible(path: Path) -> bool:
    """mp3_is_plausible for a file, reading only its tag header and first frames."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(10)
            offset = 0
            while (length := _tag_length(head, 0)) > 0:
                offset += length
                handle.seek(offset)
                head = handle.read(10)
            handle.seek(offset)
            return frames_from(handle.read(HEAD_BYTES), 0)
    except OSError:
        return False
