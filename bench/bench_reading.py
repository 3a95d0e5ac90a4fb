"""Our own Python CPU in reading documents and turning Kiwi's tokens into terms (issue 7).

    /work/venv/bin/python bench/bench_reading.py                 # this tree
    /work/venv/bin/python bench/bench_reading.py --against HEAD  # and before, same run

Kiwi is taken out of the figures: each document is read once with the real Kiwi, its
answers are kept, and every timed pass replays them.  The stages, in thread CPU seconds
(the best of several passes):

    terms     korean.split_sentences' own work: Kiwi's tokens to each sentence's terms
    reading   sources.read_document less that: decoding, markup, furniture, languages,
              English sentences
    glosses   glosses.extract_glosses (lemmatising cached)
    phrases   korean.find_phrases + prefer_phrases on every analysed sentence, as
              pipeline.collect_terms runs them, with the shipped lists' phrases

--against REV times the same corpus with the reading and term files of REV (the rest
of the tree as it is) in turns with this tree, and checks that both give equal results.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The files whose speed this measures: the rest of the tree is shared by both runs.
READING_FILES = ("korean", "sources", "markup", "furniture", "decoding", "glosses")


def measure(corpus: Path, passes: int) -> dict:
    from vocab import analysis, glosses, korean, lists, sources
    from vocab.model import TermHit

    files = sorted(p for p in corpus.iterdir() if p.suffix in sources.SUFFIXES)
    kiwi = korean.get_kiwi()
    options = korean.match_options()
    answers: dict[str, list] = {}  # Kiwi's tokens per text
    spans: dict[tuple[str, ...], list] = {}  # what each split_sentences call gave
    call_options: dict[tuple[str, ...], dict] = {}
    real_split = korean.split_sentences

    def recording(texts, **more):
        key = tuple(texts)
        for text, tokens in zip(key, kiwi.tokenize(list(key), match_options=options)):
            answers[text] = tokens
        call_options[key] = more
        spans[key] = real_split(texts, **more)
        return spans[key]

    class Replay:
        def tokenize(self, texts, **_):
            return [answers[text] for text in texts]

    korean.split_sentences = recording
    docs = [sources.read_document(path) for path in files]
    korean.split_sentences = real_split
    asked = [s.text for d in docs for p in d.paragraphs
             if p.kind in analysis.TERM_KINDS and p.lang != "en" for s in p.sentences]

    def terms():
        real_kiwi = korean.get_kiwi
        korean.get_kiwi = Replay
        try:
            with korean.analysing_while_splitting():
                for texts, more in call_options.items():
                    real_split(texts, **more)
                memo = korean._split_memo.terms
                return [(text, memo[text]) for text in asked]
        finally:
            korean.get_kiwi = real_kiwi

    def reading():
        korean.split_sentences = lambda texts, **_: spans[tuple(texts)]
        try:
            return [sources.read_document(path) for path in files]
        finally:
            korean.split_sentences = real_split

    def stated():
        return [glosses.extract_glosses(doc) for doc in docs]

    stated()  # lemmatise's cache filled: Kiwi stays out of the figure
    hits = {text: [TermHit._make(row) for row in rows] for text, (rows, _) in terms()}
    lexicon = lists.load_lexicon(user_lists=(), known_files=(),
                                 project_dir=Path(tempfile.mkdtemp()))
    phrases = sorted(set(lexicon.phrases()) | {g.ko for gs in stated() for g in gs if " " in g.ko})

    def phrase_terms():
        return [korean.prefer_phrases(hits[text], korean.find_phrases(text, phrases))
                for text in asked]

    figures: dict = {}
    for name, stage in (("terms", terms), ("reading", reading), ("glosses", stated),
                        ("phrases", phrase_terms)):
        best = None
        for _ in range(passes):
            start = time.thread_time()
            result = stage()
            spent = time.thread_time() - start
            best = spent if best is None else min(best, spent)
        figures[name] = best
        figures[name + " result"] = hashlib.sha256(repr(result).encode()).hexdigest()[:12]
    return figures


def tree_at(revision: str, folder: Path) -> Path:
    """This tree's vocab/ with the reading and term files of `revision`."""
    shutil.copytree(ROOT / "vocab", folder / "vocab", ignore=shutil.ignore_patterns("__pycache__"))
    for name in READING_FILES:
        source = subprocess.run(["git", "show", f"{revision}:vocab/{name}.py"], cwd=ROOT,
                                check=True, capture_output=True).stdout
        (folder / "vocab" / f"{name}.py").write_bytes(source)
    return folder


def run_child(tree: Path, corpus: Path, passes: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    command = [sys.executable, __file__, "--child", str(corpus), "--passes", str(passes)]
    out = subprocess.run(command, cwd=tree, env=env, check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", help="a folder of documents (default: 1 MB of seeds)")
    parser.add_argument("--against", metavar="REV", help="also time the reading files of REV")
    parser.add_argument("--rounds", type=int, default=3, help="turns of each tree")
    parser.add_argument("--passes", type=int, default=5, help="timed passes in each turn")
    parser.add_argument("--child", metavar="CORPUS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child), args.passes)))
        return

    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(args.corpus) if args.corpus else Path(scratch, "corpus")
        if not args.corpus:
            sys.path.insert(0, str(ROOT / "bench"))
            from bench_speed import make_corpus

            make_corpus(corpus, 1.0)
        trees = {"this tree": ROOT}
        if args.against:
            trees = {args.against: tree_at(args.against, Path(scratch)), **trees}
        runs: dict[str, list[dict]] = {name: [] for name in trees}
        for _ in range(args.rounds):  # in turns: the machine's load changes as it goes
            for name, tree in trees.items():
                runs[name].append(run_child(tree, corpus, args.passes))
    stages = ("terms", "reading", "glosses", "phrases")
    best = {name: {s: min(r[s] for r in found) for s in stages} for name, found in runs.items()}
    for name, figures in best.items():
        line = "  ".join(f"{s} {figures[s]:.3f}" for s in stages)
        print(f"{name:>10}: {line}  total {sum(figures.values()):.3f} CPU s")
    if args.against:
        before, after = best[args.against], best["this tree"]
        ratios = "  ".join(f"{s} {after[s] / before[s]:.2f}" for s in stages)
        print(f"     ratio: {ratios}  total {sum(after.values()) / sum(before.values()):.2f}")
        same = all(runs[args.against][0][s + " result"] == runs["this tree"][0][s + " result"]
                   for s in stages)
        print("results: equal" if same else "results: DIFFERENT")


if __name__ == "__main__":
    main()
