"""CPU of align.align_document alone, on documents read once (issue #7).

    python bench/bench_align.py /tmp/corp1                 # best of 3 rounds
    python bench/bench_align.py /tmp/corp1 --profile       # cProfile of one round
    python bench/bench_align.py /tmp/corp1 --old DIR       # against another copy of the aligner

--old DIR: a folder holding a package `align_head` (align.py, align_anchors.py,
align_costs.py and align_dp.py copied from another commit, their `from .model` imports
made `from vocab.model`).  Both run
in turn on the same documents, and their results must be the same alignments with the same
confidences but for the last bits: sums over sets of strings already differ so from one
run to the next, as the hash seed orders the sets.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import pstats
import sys
import time
from dataclasses import replace
from pathlib import Path

from vocab import align
from vocab.analyse.stream import read_document


def _cpu(function, docs) -> tuple[float, list]:
    start = time.thread_time()
    results = [function(doc) for doc in docs]
    return time.thread_time() - start, results


def _same(old, new, tolerance: float = 1e-12) -> bool:
    if old.layout != new.layout or len(old.paragraphs) != len(new.paragraphs) or len(old.sentences) != len(new.sentences):
        return False
    for a, b in zip((*old.paragraphs, *old.sentences), (*new.paragraphs, *new.sentences)):
        if replace(a, confidence=0) != replace(b, confidence=0) or abs(a.confidence - b.confidence) > tolerance:
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--old", type=Path)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = [read_document(path) for path in sorted(args.folder.iterdir()) if path.is_file()]
    print(f"{len(docs)} documents")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for doc in docs:
            align.align_document(doc)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    contenders = {"new": align.align_document}
    if args.old:
        sys.path.insert(0, str(args.old))
        contenders["old"] = importlib.import_module("align_head.align").align_document
    best = {name: float("inf") for name in contenders}
    results = {}
    for _ in range(args.rounds):  # in turn, so that both meet the same load
        for name, function in contenders.items():
            cpu, results[name] = _cpu(function, docs)
            best[name] = min(best[name], cpu)
    for name, cpu in best.items():
        print(f"{name}: {cpu:.3f} s CPU (best of {args.rounds})")
    if args.old:
        exact = results["old"] == results["new"]
        close = all(map(_same, results["old"], results["new"]))
        print(f"old / new = {best['old'] / best['new']:.2f}x; same results: {close} (to the bit: {exact})")


if __name__ == "__main__":
    main()
