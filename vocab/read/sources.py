"""Read sources: files in, Documents out (the pipeline's first stage).

A document is decoded (decoding.py), reduced from Markdown or HTML to candidate
paragraphs (markup.py), cleared of page furniture and given paragraph kinds
(furniture.py), then each paragraph gets a language and its sentences.  One unreadable
document is reported in one line and never stops the others.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import NamedTuple, Sequence

from vocab.read.decoding import decode_bytes, normalise_text
from vocab.errors import FileRefused, NotText, SourceError
from vocab.files import read_bounded
from vocab.read.furniture import judge
from vocab.read.markup import parse_page, sniff_format
from vocab.records import TERM_KINDS, Document, Lang, Paragraph, Sentence, SourceProblem
from vocab.text import HANGUL_JAMO, HANGUL_SYLLABLES, LATIN_LETTERS

__all__ = [
    "SUFFIXES",
    "SourceBytes",
    "decode_bytes",
    "find_files",
    "finish_document",
    "normalise_text",
    "paragraph_lang",
    "prepare_document",
    "read_source",
    "split_english",
]

# What a folder is searched for; a file named explicitly is read whatever its name.
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# News articles are a few tens of kilobytes; a file this big is not one.
MAX_FILE_BYTES = 32 * 1024 * 1024
# A line this long is data (a minified dump, a log), not prose: no article paragraph
# comes near it, and refusing it keeps sentence splitting from chewing on megabytes.
MAX_LINE_CHARS = 100_000


def find_files(paths: Sequence[str | Path]) -> tuple[list[Path], list[SourceProblem]]:
    """The files to read, in argument order, each folder's files sorted by their path.

    Folders are searched recursively for SUFFIXES, skipping hidden files and folders
    (and not following symbolic links to folders, which can loop).  A file is listed
    once even when named twice.
    """
    files: list[Path] = []
    problems: list[SourceProblem] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in _walk(path, problems):
                add(found)
        elif path.exists() or path.is_symlink():
            add(path)  # a broken link is reported by read_document, in its words
        else:
            problems.append(SourceProblem(path.as_posix(), "no such file or folder"))
    return files, problems


def _walk(folder: Path, problems: list[SourceProblem]) -> list[Path]:
    def report(error: OSError) -> None:
        where = Path(error.filename).as_posix() if error.filename else folder.as_posix()
        problems.append(SourceProblem(where, f"cannot list folder: {error.strerror or error}"))

    found = []
    for root, folders, names in os.walk(folder, onerror=report):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                found.append(Path(root, name))
    # Sorted by path components, so "b/1.txt" comes before "c.txt" whatever os.walk does.
    return sorted(found, key=lambda path: path.relative_to(folder).parts)




class SourceBytes(NamedTuple):
    """A file read once: what the analysis cache looks up and the reader decodes."""

    data: bytes
    mtime: float
    sha256: str  # of data, hex


def read_source(path: Path, display: str | None = None) -> SourceBytes:
    """A file's bytes; SourceError (one line, naming the file) when it cannot be read."""
    path = Path(path)
    data, mtime = _read_bytes(path, display or path.as_posix())
    return SourceBytes(data, mtime, hashlib.sha256(data).hexdigest())




class PreparedDocument(NamedTuple):
    """A document read up to Kiwi: what is left is splitting its Korean paragraphs into
    sentences, which a corpus reader does for many documents in one stream of Kiwi calls."""

    name: str  # the path as the user named it
    source: SourceBytes
    title: str
    judgements: tuple  # furniture.Judgement of every candidate paragraph, kept or not
    kept: tuple[tuple[str, str], ...]  # (text, kind) of each kept paragraph
    langs: tuple[Lang, ...]  # of each kept paragraph
    kiwi_indexes: tuple[int, ...]  # the kept paragraphs Kiwi splits: Korean and mixed
    notes: tuple[str, ...]

    @property
    def kiwi_texts(self) -> list[str]:
        return [self.kept[i][0] for i in self.kiwi_indexes]

    @property
    def for_terms(self) -> list[bool]:
        """Per Kiwi text: whether its terms will be asked for (bylines and glossary
        lines are split, not mined)."""
        return [self.kept[i][1] in TERM_KINDS for i in self.kiwi_indexes]


def prepare_document(path: Path, display: str | None = None,
                     source: SourceBytes | None = None) -> PreparedDocument:
    """read_document up to the sentences: decoded, parsed, cleared of furniture."""
    path = Path(path)
    name = display or path.as_posix()
    if source is None:
        source = read_source(path, name)
    try:
        text, notes = decode_bytes(source.data)
    except NotText as error:
        raise SourceError(name, str(error)) from None
    text = normalise_text(text)
    if not text.strip():
        raise SourceError(name, "empty file (only spaces or invisible characters)")
    fmt = sniff_format(text, path.suffix)
    if fmt != "html":  # HTML is often one long line; its paragraphs are checked below
        _check_line_lengths(text, name)
    page = parse_page(text, fmt)
    longest = max((len(unit.text) for unit in page.units), default=0)
    if longest > MAX_LINE_CHARS:
        raise SourceError(name, f"a paragraph has {longest:,} characters: not prose "
                                f"(the limit is {MAX_LINE_CHARS:,})")
    judgements = tuple(judge(page.units))
    kept = tuple((j.text, j.kind) for j in judgements if j.kind is not None)
    langs = tuple(paragraph_lang(text) for text, _ in kept)
    first_heading = next((text for text, kind in kept if kind == "heading"), None)
    return PreparedDocument(
        name=name,
        source=source,
        title=page.title or first_heading or page.fallback_title or path.stem,
        judgements=judgements,
        kept=kept,
        # Kiwi splits Korean and mixed paragraphs; English ones are split here.
        kiwi_indexes=tuple(i for i, lang in enumerate(langs) if lang != "en"),
        langs=langs,
        notes=tuple(notes) + tuple(page.notes),
    )


def finish_document(prepared: PreparedDocument, spans: Sequence[list[tuple[int, int]]]) -> Document:
    """The Document, given Kiwi's sentence spans for each of prepared.kiwi_texts."""
    by_index = dict(zip(prepared.kiwi_indexes, spans))
    paragraphs = []
    for index, ((text, kind), lang) in enumerate(zip(prepared.kept, prepared.langs)):
        raw = by_index[index] if index in by_index else split_english(text)
        paragraphs.append(Paragraph(index, text, lang, kind, _sentences(text, raw)))
    notes = prepared.notes
    if not paragraphs:
        notes += ("nothing left after removing page furniture",)
    source = prepared.source
    return Document(
        path=prepared.name,
        title=prepared.title,
        paragraphs=tuple(paragraphs),
        furniture=tuple(j.text for j in prepared.judgements if j.kind is None),
        notes=notes,
        sha256=source.sha256,
        mtime=source.mtime,
    )


def _read_bytes(path: Path, name: str) -> tuple[bytes, float]:
    try:
        data, mtime = read_bounded(path, MAX_FILE_BYTES, "an article")
    except FileRefused as error:
        raise SourceError(name, error.reason) from None
    if not data:
        raise SourceError(name, "empty file")
    return data, mtime


def _check_line_lengths(text: str, name: str) -> None:
    if len(text) <= MAX_LINE_CHARS:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise SourceError(name, f"line {number} has {len(line):,} characters: not prose "
                                    f"(the limit is {MAX_LINE_CHARS:,})")


def _sentences(text: str, spans: list[tuple[int, int]]) -> tuple[Sentence, ...]:
    """Sentences trimmed of surrounding spaces; the whole text if the splitter found none."""
    sentences = []
    for start, end in spans:
        start = max(0, start)
        piece = text[start:end]  # "" when end <= start; stops at the end of text
        stripped = piece.strip()
        if stripped:
            if piece[0].isspace():
                start += len(piece) - len(piece.lstrip())
            sentences.append(Sentence(stripped, start, start + len(stripped)))
    if not sentences and text.strip():
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        sentences.append(Sentence(text[start:end], start, end))
    return tuple(sentences)


# --- language ------------------------------------------------------------------------------

# Hangul is counted in letters (jamo) so that it weighs like the Latin alphabet: a
# syllable block spells two letters, three with a final consonant ("한" = ㅎ ㅏ ㄴ).
# Of all letters, a paragraph is "ko" from 60% Hangul (a Korean sentence naming TASS and
# RIA Novosti stays Korean), "en" up to 20% (an English one quoting "전략적 인내" stays
# English), and "mixed" between: glossary lines, bylines, half-translated text.  A
# paragraph with neither alphabet is "mixed": we cannot tell, Kiwi's splitter copes.
KO_MIN_HANGUL_SHARE = 0.6
EN_MAX_HANGUL_SHARE = 0.2
_HANGUL_SYLLABLE = re.compile(f"[{HANGUL_SYLLABLES}]")
_HANGUL_JAMO = re.compile(f"[{HANGUL_JAMO}]")
_LATIN_LETTER = re.compile(f"[{LATIN_LETTERS}]")
# The fast count below works on UTF-8 bytes, where an ASCII letter is one byte, and every
# character from U+A000 to U+DFFF (Hangul syllables, mostly) starts with a byte EA-ED that
# no other character uses.  It is exact for text without the rarer characters: non-ASCII
# Latin letters, jamo, and the rest of U+A000-U+DFFF (Yi, jamo extensions, surrogates).
_RARE_FOR_LANG = re.compile(r"[\u00c0-\u024f\u1100-\u11ff\u3131-\u318e\ua000-\uabff\ud7a4-\udfff]")
_ASCII_LETTERS = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))
# One bytes.translate keeps just those bytes, each turned into "L" (Latin) or "H" (Hangul).
_LETTER_BYTES = _ASCII_LETTERS + bytes(range(0xEA, 0xEE))
_NOT_LETTER_BYTES = bytes(byte for byte in range(256) if byte not in _LETTER_BYTES)
_LETTER_CLASSES = bytes(ord("L") if byte in _ASCII_LETTERS else ord("H") if 0xEA <= byte <= 0xED
                        else byte for byte in range(256))


def paragraph_lang(text: str) -> Lang:
    if _RARE_FOR_LANG.search(text):
        return _lang_of_counts(*_letter_counts(text))
    data = text.encode("utf-8", "surrogatepass")
    letters = data.translate(_LETTER_CLASSES, _NOT_LETTER_BYTES)
    latin = letters.count(b"L")
    syllables = len(letters) - latin
    if not syllables or not latin:  # one alphabet or none: no share to weigh
        return "en" if latin else "ko" if syllables else "mixed"
    # A syllable is two or three letters: when every count in between gives the same
    # answer, the finals need not be counted (a share grows with the Hangul count).
    fewest, most = _lang_of_counts(2 * syllables, latin), _lang_of_counts(3 * syllables, latin)
    if fewest == most:
        return fewest
    return _lang_of_counts(*_letter_counts(text))


def _letter_counts(text: str) -> tuple[int, int]:
    """(Hangul letters, Latin letters) of a text."""
    hangul = len(_HANGUL_JAMO.findall(text))
    for syllable in _HANGUL_SYLLABLE.findall(text):
        has_final = (ord(syllable) - 0xAC00) % 28 != 0
        hangul += 3 if has_final else 2
    return hangul, len(_LATIN_LETTER.findall(text))


def _lang_of_counts(hangul: int, latin: int) -> Lang:
    if not hangul + latin:
        return "mixed"
    share = hangul / (hangul + latin)
    if share >= KO_MIN_HANGUL_SHARE:
        return "ko"
    if share <= EN_MAX_HANGUL_SHARE:
        return "en"
    return "mixed"


# --- English sentences ----------------------------------------------------------------

# A candidate boundary: final punctuation, closing quotes, space, and a capital, digit,
# opening quote or Hangul next.  Whether it really ends a sentence depends on the word
# before the full stop (see _ends_sentence_at).
# ([.!?…][.!?…]* rather than [.!?…]+: a pattern that starts with a character class lets
# the regex engine skip to the punctuation instead of trying a match at every position.)
_EN_CANDIDATE = re.compile(r"([.!?…][.!?…]*)([\"'”’)\]]*)\s+(?=([\"'“‘(\[]?)(\S+))")
# Titles before a name never end a sentence: "Mr. Putin", "Dr. Kim".
_TITLES = frozenset(
    "mr mrs ms dr prof sr jr st gen col lt sgt capt cmdr adm rep reps sen sens gov pres rev "
    "hon mt ft messrs mme vs v cf approx dept univ assn".split()
)
# Abbreviations before a number: "No. 1", "Jan. 15", "Vol. 3".
_BEFORE_NUMBER = frozenset(
    "no nos vol vols pp p fig figs art arts sec ch jan feb mar apr jun jul aug sep sept oct "
    "nov dec".split()
)
# Abbreviations that end sentences as often as not ("… Apple Inc. The company …"), and
# dotted acronyms ("U.S.", "a.m."): a boundary only before a word that typically starts
# a sentence.  "… with the U.S. Negotiations ended …" stays one sentence: the price of
# never cutting "the U.S. Army" in two.
_AMBIGUOUS = frozenset("etc inc corp co ltd llc plc al bros".split())
_SENTENCE_STARTERS = frozenset(
    "The A An It Its He She They We I You This That These Those There But And Or So Yet In "
    "On At For If When While Since After Before As His Her Their Our My What Why How Who "
    "Some Many Most Meanwhile However Still Now Then Such Under Despite According".split()
)
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?$")


def split_english(text: str) -> list[tuple[int, int]]:
    """Sentence spans of an English text, respecting abbreviations and initials."""
    spans = []
    start = 0
    for match in _EN_CANDIDATE.finditer(text):
        if _ends_sentence_at(text, match):
            spans.append((start, match.end(2)))
            start = match.end()
    spans.append((start, len(text)))
    return spans


def _ends_sentence_at(text: str, match: re.Match) -> bool:
    punctuation, next_word = match.group(1), match.group(4)
    if next_word[:1].islower():
        return False  # "e.g. this", "3 p.m. local time", '"why?" he asked'
    if punctuation != ".":
        return True
    word_start = match.start(1)
    # The word before the full stop; 30 characters back is longer than any abbreviation.
    limit = max(0, match.start(1) - 30)
    while word_start > limit and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:match.start(1)].lstrip("\"'“‘([")
    bare = word.lower()
    if bare in _TITLES:
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: "Joseph R. DeTrani"
    if bare in _BEFORE_NUMBER and next_word[:1].isdigit():
        return False
    if word.isdigit() and next_word[:1].isdigit():
        return False  # "Jan 15. 2024"
    if bare in _AMBIGUOUS or ("." in word and _ACRONYM.match(word)):
        return next_word.strip("\"'“‘([,;:") in _SENTENCE_STARTERS
    return True
