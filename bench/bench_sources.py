"""How long reading sources takes: the seeds, and synthetic corpora of growing size.

    /work/venv/bin/python bench/bench_sources.py

The corpora are timed with Kiwi's sentence splitter replaced by a stub, so that the
numbers show our own code (decoding, markup, furniture, English splitting); they should
grow linearly with the size.  Kiwi's own cost is printed apart for the seeds.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from vocab import korean, sources

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def synthetic_corpus(size: int) -> str:
    """Distinct paragraphs (repeats would be dropped as duplicates) cut from the seeds."""
    pieces = [p for path in sorted(SEEDS.glob("*.txt"))
              for p in path.read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
    out, total, number = [], 0, 0
    while total < size:
        paragraph = f"{number}번째 문단. " + pieces[number % len(pieces)]
        out.append(paragraph)
        total += len(paragraph)
        number += 1
    return "\n\n".join(out)


def main() -> None:
    load, _ = timed(korean.get_kiwi)
    warm, _ = timed(korean.split_sentences, ["첫 분석이 모델을 마저 읽는다."])
    print(f"Kiwi: constructed in {load:.2f}s, first split {warm:.2f}s")
    seconds, (docs, _) = timed(sources.read_documents, [SEEDS])
    print(f"five seeds: {seconds:.3f}s for {sum(len(d.paragraphs) for d in docs)} paragraphs")

    real = korean.split_sentences
    korean.split_sentences = lambda texts, **_: [[(0, len(text))] for text in texts]
    try:
        with tempfile.TemporaryDirectory() as folder:
            for megabytes in (1, 2, 4):
                path = Path(folder, f"corpus{megabytes}.txt")
                path.write_text(synthetic_corpus(megabytes * 1_000_000), encoding="utf-8")
                seconds, doc = timed(sources.read_document, path)
                paragraphs = len(doc.paragraphs)
                print(f"{megabytes} MB without Kiwi: {seconds:.2f}s, {paragraphs} paragraphs")
    finally:
        korean.split_sentences = real


if __name__ == "__main__":
    main()
