"""Bytes to clean text: which encoding, repairing mojibake, one Unicode form.

Korean news pages reach us saved by browsers, editors and scrapers on every platform, so
the same article can arrive as UTF-8, UTF-16, CP949/EUC-KR, or as UTF-8 text that is
really CP949 bytes once mis-read as Latin-1 ("ÀÌ ¹ø" for "이 번").  Everything after this
module sees one normal form: NFC Hangul, half-width ASCII, no invisible characters.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from vocab.errors import NotText
from vocab.text import HANGUL_SYLLABLES


# Checked longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", None),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# A candidate decoding is rejected when more than this share of its characters are
# control, unassigned or private-use characters: real text has next to none, while
# binary data decoded by force is full of them.
_MAX_BAD_SHARE = 0.01
# UTF-16 without a byte-order mark is only a guess, so we also want most characters to
# be ones our documents are made of (ASCII, Latin-1, Hangul, punctuation): random bytes
# read as UTF-16 turn into CJK ideographs and symbols from all over the planes.
_MIN_COMMON_SHARE_UTF16 = 0.9


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode a file's bytes; notes say what was unusual (encoding, repairs).

    Raises NotText for binary or undecodable data.  Empty data decodes to "".
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as error:
                raise NotText(f"not valid {name or 'UTF-8'} despite its byte-order mark "
                              f"(bad byte at offset {error.start + len(bom)})") from None
            notes = [f"decoded as {name}"] if name else []
            text, repair_notes = repair_mojibake(text)
            return text, notes + repair_notes
    if b"\x00" in data:
        # UTF-8 and CP949 text never contains NUL; UTF-16 text without a mark does
        # (every ASCII character has a zero byte), binary files almost always do.
        text = _guess_utf16(data)
        if text is None:
            raise NotText("binary file (contains NUL bytes), not text")
        return text, ["decoded as UTF-16 (no byte-order mark)"]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return repair_mojibake(text, data)
    for codec, note in (("cp949", "decoded as CP949 (EUC-KR)"), ("cp1252", "decoded as CP1252")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _bad_share(text) <= _MAX_BAD_SHARE:
            return text, [note]
    raise NotText("not text: neither UTF-8, UTF-16 nor CP949/EUC-KR")


def _guess_utf16(data: bytes) -> str | None:
    if len(data) % 2:
        return None
    # ASCII in UTF-16-LE puts its zero bytes at odd offsets, in UTF-16-BE at even ones.
    zeros_at_odd = data[1::2].count(0)
    zeros_at_even = data[0::2].count(0)
    codec = "utf-16-le" if zeros_at_odd >= zeros_at_even else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if _bad_share(text) > _MAX_BAD_SHARE or _common_share(text) < _MIN_COMMON_SHARE_UTF16:
        return None
    return text


def _bad_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(
        1
        for char in text
        if char not in "\t\n\r\f\v" and unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs")
    )
    return bad / len(text)


def _common_share(text: str) -> float:
    common = sum(
        1
        for char in text
        if char <= "\u00ff"
        or "\uac00" <= char <= "\ud7a3"  # Hangul syllables
        or "\u3130" <= char <= "\u318f"  # Hangul compatibility jamo
        or "\u2000" <= char <= "\u206f"  # general punctuation: quotes, dashes, ellipsis
        or "\u3000" <= char <= "\u303f"  # CJK punctuation
    )
    return common / len(text)


# --- mojibake ----------------------------------------------------------------------

# Mis-decoded bytes show up as characters from U+0080 to U+00FF (both CP949 mojibake
# and UTF-8 mojibake have them).  They are looked for in the text's UTF-8, where each
# starts with a byte C2 or C3 that no other character uses: bytes.find is far quicker
# than a regex scan of the text.
_SUSPECT = re.compile(r"[\u0080-\u00ff]")
_SUSPECT_FIRST_BYTES = (b"\xc2", b"\xc3")
# CP1252 puts printable characters where Latin-1 has C1 controls; map them back to bytes.
_CP1252_BYTES = {
    char: byte
    for byte in range(0x80, 0xA0)
    for char in [bytes([byte]).decode("cp1252", errors="ignore")]
    if char
}
_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}]")
# CP949 Hangul is two bytes from 0xA1 up, which Latin-1 shows as "¡".."þ".  A damaged
# line has at least two syllables' worth (4) of them, and they make most of its
# non-ASCII characters: "Putin’s" is CP1252 bytes 0x92 0x73, a valid CP949 pair ("뭩"),
# and must stay English.
_MIN_LATIN1_CHARS = 4
_MIN_LATIN1_SHARE = 0.8
_LATIN1_HIGH = re.compile(r"[\u00a1-\u00fe]")
# The repaired line must have at least this many Hangul syllables, and this share of
# its non-ASCII characters must be Hangul: a French "Ça" is a valid CP949 byte pair
# too, but it gives one stray syllable among accented letters, not a line of Korean.
_MIN_REPAIRED_HANGUL = 2
_MIN_REPAIRED_HANGUL_SHARE = 0.8


def _ftfy_is_bad(line: str) -> bool:
    """ftfy's first test, imported on first use: `import vocab` (and so `vocab --help`)
    stays without ftfy, which takes longer to import than the rest of the reader."""
    from ftfy.badness import is_bad

    return is_bad(line)


def repair_mojibake(text: str, encoded: bytes | None = None) -> tuple[str, list[str]]:
    """Undo "Korean bytes read as Latin-1, saved as UTF-8", line by line.

    Line by line because pages are often only partly damaged (a pasted paragraph), and
    because a whole-text attempt fails on the first genuinely non-Latin-1 character.
    UTF-8 read as Latin-1 ("Ã¬Â\\x9d´") is left to ftfy, which knows that case well;
    ftfy does not know CP949, and running it first damages CP949 mojibake further.
    `encoded`: the text's UTF-8, when at hand.
    """
    data = text.encode("utf-8", "surrogatepass") if encoded is None else encoded
    from_cp949 = from_utf8 = 0
    pieces: list[bytes] = []
    done = 0  # data before this is in pieces
    suspect = _next_suspect(data, 0)
    while suspect >= 0:  # each damaged-looking line once, found without splitting the text
        start = data.rfind(b"\n", 0, suspect) + 1
        end = data.find(b"\n", suspect)
        end = len(data) if end < 0 else end
        line = data[start:end].decode("utf-8", "surrogatepass")
        repaired = _repair_cp949_line(line)
        if repaired is not None:
            from_cp949 += 1
        # ftfy leaves alone a line its first test (is_bad) passes: testing it here saves
        # ftfy's set-up on the many lines whose only Latin-1 character is a "·" (북·러).
        elif _ftfy_is_bad(line):
            from ftfy import fix_encoding

            fixed = fix_encoding(line)
            # A line still full of Latin-1 letters after ftfy was not repaired, whatever
            # ftfy changed in it (curly quotes around CP949 mojibake): no note claims it.
            still_damaged = (len(_LATIN1_HIGH.findall(fixed)) >= _MIN_LATIN1_CHARS
                             and not _HANGUL.search(fixed))
            if (fixed != line and not still_damaged
                    and len(_SUSPECT.findall(fixed)) < len(_SUSPECT.findall(line))):
                repaired = fixed
                from_utf8 += 1
        if repaired is not None:
            pieces += [data[done:start], repaired.encode("utf-8", "surrogatepass")]
            done = end
        suspect = _next_suspect(data, end)
    if not pieces:
        return text, []
    pieces.append(data[done:])
    notes = []
    if from_cp949:
        notes.append(f"repaired mojibake (CP949 read as Latin-1) on {from_cp949} line(s)")
    if from_utf8:
        notes.append(f"repaired mojibake (UTF-8 read as Latin-1) on {from_utf8} line(s)")
    return b"".join(pieces).decode("utf-8", "surrogatepass"), notes


def _next_suspect(data: bytes, start: int) -> int:
    """Where the next character from U+0080 to U+00FF starts in UTF-8 `data`, or -1."""
    found = [at for at in (data.find(first, start) for first in _SUSPECT_FIRST_BYTES) if at >= 0]
    return min(found, default=-1)


def _repair_cp949_line(line: str) -> str | None:
    latin1 = len(_LATIN1_HIGH.findall(line))
    if latin1 < _MIN_LATIN1_CHARS:
        return None
    non_ascii = sum(1 for char in line if char > "\x7f")
    if latin1 < _MIN_LATIN1_SHARE * non_ascii:
        return None
    # Characters above Latin-1 are either CP1252's reading of a byte (0x92 as "’") or
    # real characters the page had all along (curly quotes typed around the damaged
    # text): both readings are tried, and the one with fewer rare characters is kept.
    candidates = [c for c in (_cp949_of_bytes(line), _cp949_between_others(line))
                  if c is not None and _mostly_hangul(c)]
    return min(candidates, key=_rare_characters) if candidates else None


def _cp949_of_bytes(line: str) -> str | None:
    """The line as bytes (CP1252 characters mapped back to theirs) decoded as CP949."""
    raw = bytearray()
    for char in line:
        code = ord(char)
        if code < 0x100:
            raw.append(code)
        elif char in _CP1252_BYTES:
            raw.append(_CP1252_BYTES[char])
        else:
            return None  # a character Latin-1 could not have produced: not this mojibake
    try:
        return raw.decode("cp949")
    except UnicodeDecodeError:
        return None


def _cp949_between_others(line: str) -> str | None:
    """Each run of Latin-1 characters decoded as CP949, the other characters kept."""
    pieces = []
    for run in _LATIN1_RUNS.findall(line):
        if run[0] > "\u00ff":
            pieces.append(run)
            continue
        try:
            pieces.append(run.encode("latin-1").decode("cp949"))
        except UnicodeDecodeError:
            return None
    return "".join(pieces)


_LATIN1_RUNS = re.compile(r"[\x00-\xff]+|[^\x00-\xff]+")


def _mostly_hangul(candidate: str) -> bool:
    hangul = len(_HANGUL.findall(candidate))
    non_ascii = sum(1 for char in candidate if char > "\x7f")
    return hangul >= _MIN_REPAIRED_HANGUL and hangul >= _MIN_REPAIRED_HANGUL_SHARE * non_ascii


def _rare_characters(text: str) -> int:
    """Syllables outside the 2,350 of KS X 1001 (what EUC-KR can write) and hanja: the
    marks of bytes paired wrongly."""
    rare = 0
    for char in text:
        if char > "\u2fff":
            try:
                char.encode("euc-kr")
            except UnicodeEncodeError:
                rare += 1
                continue
            rare += "\u4e00" <= char <= "\u9fff"
    return rare


# --- normalisation -----------------------------------------------------------------


def _normalising_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    # Control characters carry nothing; tabs become spaces, the other breaks newlines.
    for code in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)):
        table[code] = None
    table.update({0x09: " ", 0x0A: "\n", 0x0B: "\n", 0x0C: "\n", 0x0D: "\n", 0x85: "\n"})
    table.update({0x2028: "\n", 0x2029: "\n"})
    # Invisible characters: zero-width space/joiners, word joiner, BOM, soft hyphen,
    # and bidirectional marks (they only steer display and break word matching).
    for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x200E, 0x200F):
        table[code] = None
    for code in list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)):
        table[code] = None
    # Every other space (no-break, thin, ideographic …) is an ordinary space to us.
    for code in [0x00A0, 0x1680, 0x202F, 0x205F, 0x3000] + list(range(0x2000, 0x200B)):
        table[code] = " "
    # Full-width ASCII (Ａ, ！, （) as typed by Korean IMEs, and the full-width currency
    # signs (￦ → ₩).  Not NFKC on the whole text: NFKC would also turn Hangul
    # compatibility jamo (ㄱ) into conjoining jamo, ① into 1 and … into "...".
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    for code in list(range(0xFFE0, 0xFFE7)) + list(range(0xFFA0, 0xFFDD)):
        # Half-width Hangul jamo (U+FFA0..) become the ordinary compatibility jamo: the
        # one-step <narrow> mapping, as NFKC would go on to conjoining jamo (U+1100..).
        decomposition = unicodedata.decomposition(chr(code)).split()
        if len(decomposition) == 2 and decomposition[0] in ("<narrow>", "<wide>"):
            table[code] = chr(int(decomposition[1], 16))
    return table


_TABLE = _normalising_table()
# The characters the table changes.  str.translate looks every character up, which is
# slow on Hangul; a text has few of these, so only they are replaced, one by one.
_TO_NORMALISE = re.compile(
    "[%s]" % "".join(f"\\u{code:04x}" for code, to in sorted(_TABLE.items()) if to != chr(code))
)


def _normalised_char(match: re.Match) -> str:
    return _TABLE[ord(match.group())] or ""


def normalise_text(text: str) -> str:
    """One form for all text: NFC Hangul, half-width ASCII, \\n line ends, no invisibles."""
    text = _TO_NORMALISE.sub(_normalised_char, text.replace("\r\n", "\n"))
    return unicodedata.normalize("NFC", text)
