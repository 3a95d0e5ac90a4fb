"""One large bilingual document for the benchmarks (issue 19): does alignment stay linear?

    python bench/bilingual.py OUT.txt 4          # write a 4 MB document
    python bench/bilingual.py OUT.txt 4 --align  # and time align_document on it (CPU)

The paragraph pairs the aligner links with confidence in the seeds' bilingual pages
(seeds 000 and 003) are the material.  A seed repeated verbatim would be dropped as repeats
of an earlier paragraph, so every pair is made distinct, deterministically: the pairs are
drawn in a shuffled order (a fixed seed), and each gets a closing sentence carrying its
own number on both sides ("관계자 1234명이 …" ↔ "… 1234 officials …"), a clue the
aligner uses like any other number.  The Korean paragraphs come first, then the English
ones, as in seed 000 (the "blocks" layout).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [ROOT / "seeds" / "000_442fdc8425721719.txt", ROOT / "seeds" / "003_a6901b723cfdf466.txt"]
MB = 1_000_000
_MIN_CONFIDENCE = 0.9
_KOREAN_CLOSING = "이 자리에는 관계자 {n:,}명이 참석한 것으로 알려졌다."
_ENGLISH_CLOSING = "Some {n:,} officials were reported to have attended."


def seed_pairs() -> list[tuple[str, str]]:
    """(Korean, English) paragraph texts the aligner links 1-1 with confidence in the seeds."""
    from vocab import align
    from vocab.analyse.stream import read_document

    pairs = []
    for path in SEEDS:
        document = read_document(path)
        texts = {p.index: p.text for p in document.paragraphs}
        for link in align.align_document(document).paragraphs:
            if link.confidence >= _MIN_CONFIDENCE and link.ko_paragraph >= 0 and link.en_paragraph >= 0:
                pairs.append((texts[link.ko_paragraph], texts[link.en_paragraph]))
    return pairs


def make_bilingual(path: Path, megabytes: float, pairs: list[tuple[str, str]] | None = None) -> int:
    """Write a document of about `megabytes` MB (UTF-8) to `path`; returns its bytes."""
    pairs = pairs or seed_pairs()
    shuffle = random.Random(19)
    korean: list[str] = []
    english: list[str] = []
    size, n = 0, 0
    while size < megabytes * MB:
        ko, en = pairs[shuffle.randrange(len(pairs))]
        n += 1
        korean.append(f"{ko} {_KOREAN_CLOSING.format(n=n)}")
        english.append(f"{en} {_ENGLISH_CLOSING.format(n=n)}")
        size += len(korean[-1].encode("utf-8")) + len(english[-1].encode("utf-8")) + 4
    data = ("\n\n".join(korean + english) + "\n").encode("utf-8")
    path.write_bytes(data)
    return len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("megabytes", type=float)
    parser.add_argument("--align", action="store_true", help="time align_document on the document")
    options = parser.parse_args()
    size = make_bilingual(options.out, options.megabytes)
    print(f"{options.out}: {size / MB:.2f} MB")
    if options.align:
        from vocab import align
        from vocab.analyse.stream import read_document

        document = read_document(options.out)
        start = time.thread_time()
        alignment = align.align_document(document)
        print(f"align_document: {time.thread_time() - start:.2f} s CPU, {alignment.layout}, "
              f"{len(alignment.paragraphs)} paragraph links, {len(alignment.sentences)} sentence links")


if __name__ == "__main__":
    main()
