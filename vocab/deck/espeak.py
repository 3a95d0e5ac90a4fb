"""libespeak-ng driven in-process through ctypes: speech as PCM without a process per text.

The espeak-ng command line spends about 6 of its 8 ms per word starting up; the library
it wraps loads its voice once and then speaks text after text.  The library keeps global
state and is not thread-safe, so each process holds one `Voice` and texts are spread
over processes (vocab.deck.audio runs one per core).
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache

AUDIO_OUTPUT_SYNCHRONOUS = 2  # espeak_AUDIO_OUTPUT: samples go to the callback, no sound card
INITIALIZE_DONT_EXIT = 0x8000  # report errors instead of calling exit()
CHARS_UTF8 = 1  # espeakCHARS_UTF8: plain UTF-8 text, no SSML, no phoneme input
END_PAUSE = 0x1000  # espeakENDPAUSE: a clause ends the text, as the command line says it
POSITION_CHARACTER = 1
BUFFER_MS = 200  # the callback gets at most this much audio at a time

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.c_void_p)


class EspeakLibraryError(Exception):
    """libespeak-ng could not be loaded or refused a voice or a text."""


@lru_cache(maxsize=1)
def _library() -> ctypes.CDLL:
    name = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
    try:
        return ctypes.CDLL(name)
    except OSError as error:
        raise EspeakLibraryError(f"cannot load libespeak-ng ({error})") from None


def library_available() -> bool:
    try:
        _library()
    except EspeakLibraryError:
        return False
    return True


class Voice:
    """One initialised libespeak-ng in this process, speaking `voice` (e.g. "ko").

    >>> pcm, rate = Voice("ko").speak("선거")  # doctest: +SKIP
    """

    _initialised: dict[str, int] = {}  # one library per process: its sample rate, by voice

    def __init__(self, voice: str = "ko"):
        self.lib = _library()
        self.chunks: list[bytes] = []
        if voice not in Voice._initialised:
            rate = self.lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, BUFFER_MS, None,
                                              INITIALIZE_DONT_EXIT)
            if rate <= 0:
                raise EspeakLibraryError("espeak_Initialize failed (is espeak-ng-data installed?)")
            if self.lib.espeak_SetVoiceByName(voice.encode("ascii")) != 0:
                raise EspeakLibraryError(f"no espeak-ng voice {voice!r}")
            Voice._initialised = {voice: rate}
        self.rate = Voice._initialised[voice]
        self._callback = _CALLBACK(self._collect)  # kept referenced: the library calls it
        self.lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, samples, count, events) -> int:
        if samples and count > 0:
            self.chunks.append(ctypes.string_at(samples, count * 2))
        return 0  # go on

    def speak(self, text: str) -> tuple[bytes, int]:
        """16-bit mono little-endian PCM of `text`, and its sample rate."""
        data = text.encode("utf-8")
        self.chunks = []
        status = self.lib.espeak_Synth(data, len(data) + 1, 0, POSITION_CHARACTER, 0,
                                       CHARS_UTF8 | END_PAUSE, None, None)
        if status != 0:
            raise EspeakLibraryError(f"espeak_Synth failed (status {status})")
        self.lib.espeak_Synchronize()
        return b"".join(self.chunks), self.rate
