"""What the shipped dictionary costs a warm `vocab mine` (issue 14: at most 10% more).

    .venv/bin/python bench/bench_dictionary.py            # seeds/, 5 turns
    .venv/bin/python bench/bench_dictionary.py --turns 9 corpus/

The corpus is analysed once (the analysis cache is filled), then mined warm, in turns,
with the dictionary and without it (the lexicon loaded as if the package shipped no
dictionary.tsv), two ways: `vocab mine` as the user runs it, a new process each time
(the figure of the target), and `vocab.mine.pipeline.mine` called again in this process
(imports and wordfreq's table already loaded: the dictionary's share at its largest).
Each turn reads the dictionary again and looks up every term.  This machine's speed
wanders by 10-20% from run to run, so the turns alternate and the best of each side is
kept; the figures are their ratios.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent


def warm_mine(corpus: Path, dictionary: bool) -> float:
    from vocab.lists import load
    from vocab.mine.pipeline import mine

    started = time.perf_counter()
    if dictionary:
        result = mine([corpus], project_dir=ROOT / "bench")
    else:
        with mock.patch.object(load, "shipped_dictionary", lambda folder: None):
            result = mine([corpus], project_dir=ROOT / "bench")
    elapsed = time.perf_counter() - started
    assert (result.lexicon.dictionary is not None) == dictionary
    return elapsed


# `vocab mine` in a new process, with or without the dictionary.
COMMAND = """
import sys
from vocab.lists import load
if sys.argv.pop(1) == "without":
    load.shipped_dictionary = lambda folder: None
from vocab.cli import main
main()
"""


def command_mine(corpus: Path, dictionary: bool) -> float:
    """The CPU seconds of the process: on a shared machine its wall time is mostly the
    other processes' (measured: 1.14x in wall time, under a load of 14 on 2 cores)."""
    argv = [sys.executable, "-c", COMMAND, "with" if dictionary else "without", "mine", str(corpus)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT / "bench")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def warm_mine_cpu(corpus: Path, dictionary: bool) -> float:
    started = time.process_time()
    warm_mine(corpus, dictionary)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "seeds")
    parser.add_argument("--turns", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("VOCAB_CACHE_DIR", tempfile.mkdtemp(prefix="vocab-bench-dictionary-"))
    warm_mine(args.corpus, dictionary=True)  # fills the analysis and list caches
    for name, run, target in (("vocab mine (a new process), CPU", command_mine, " (target <= 1.10x)"),
                              ("mine() again in-process, CPU", warm_mine_cpu, "")):
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(args.turns):
            for dictionary in (False, True):
                times[dictionary].append(run(args.corpus.resolve(), dictionary))
        without, with_ = min(times[False]), min(times[True])
        print(f"{name}, warm, {args.corpus}, best of {args.turns}: without the dictionary "
              f"{without:.3f} s, with it {with_:.3f} s: {with_ / without:.2f}x{target}")


if __name__ == "__main__":
    main()
