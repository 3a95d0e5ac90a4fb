"""Speed and memory of mining and building (issues 2, 3 and 7): the README's figures.

    /work/venv/bin/python bench/bench_speed.py            # every figure, < 5 min on 2 cores
    /work/venv/bin/python bench/bench_speed.py --quick    # small sizes: a smoke test
    /work/venv/bin/python bench/bench_speed.py --estimate-memory   # skip mining 50 MB

Every figure is a ratio to a baseline measured in the same run, because the machine's
speed (and what else runs on it) changes from run to run:

1. Mining throughput: `pipeline.mine` (cold cache) on copies of the seeds adding up to
   --mb megabytes, against bare `Kiwi.tokenize` over every non-empty line of the same
   files, with the same Kiwi (same worker threads).  Kiwi's load is left out of both.
   The time our own Python code (alignment above all) adds is shown beside it.
2. Peak memory mining --memory-mb megabytes: the peak RSS of mining that much, for
   real; with --estimate-memory (and --quick) it is estimated from the throughput run's
   peak and its growth per megabyte read (RSS sampled while it runs), and the output
   says so.
3. Rebuild: `vocab build seeds/ --level advanced --tts espeak` from empty caches, then
   again unchanged (analysis and audio cached), as a user runs it (start-up included).
4. Deck writing: a deck of N notes whose audio is all cached (`build.build_deck`)
   against bare genanki writing the same notes and media.
5. One bilingual document of 1, 2 and 4 MB (bench/bilingual.py: distinct paragraph
   pairs): `pipeline.mine` against bare `Kiwi.tokenize` on the same file, alternating,
   best of each; time per MB must stay flat (linear alignment).
6. Start-up: a warm `vocab mine seeds/ --limit 5` and an unchanged `vocab build seeds/
   --level advanced`, as a user runs them, against `python -c pass`, alternating.

`--only bilingual startup` (any of mining, rebuild, deck, bilingual, startup) runs some.

Each measurement runs in a fresh subprocess (this script with --child) so that imports,
loaded models and memory peaks do not leak from one into the next.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MB = 1_000_000
# Synthetic audio per spoken text in the deck benchmark: the size of a gTTS mp3 of a
# word (an example sentence is larger, a word smaller), incompressible like real mp3.
AUDIO_BYTES = 8_000


# --- the corpus ---------------------------------------------------------------------------


def make_corpus(folder: Path, megabytes: float) -> tuple[int, int]:
    """Copies of the seeds up to `megabytes`, each made distinct by a numbered last line
    (identical files would share one cache entry).  Returns (files, bytes).

    The line goes at the end: at the start it would hide a Markdown page's front matter,
    and the copy would be read as plain text full of HTML, unlike its seed."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [(path.name, path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]
    total = count = 0
    while total < megabytes * MB:
        name, data = seeds[count % len(seeds)]
        copy = data.rstrip(b"\n") + f"\n\n사본 {count}\n".encode("utf-8")
        (folder / f"{count:06d}_{name}").write_bytes(copy)
        total += len(copy)
        count += 1
    return count, total


# --- child tasks (run in their own process) -----------------------------------------------


def child_bare(corpus: str) -> dict:
    from vocab.korean import kiwi as korean

    kiwi = korean.get_kiwi()
    kiwi.tokenize("")  # finishes loading the model: not part of the figure
    files = sorted(Path(corpus).iterdir())
    texts = [path.read_text(encoding="utf-8") for path in files]
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    cpu, start = time.process_time(), time.perf_counter()
    morphemes = 0
    for tokens in kiwi.tokenize(lines):  # consumed as it streams: nothing kept
        morphemes += len(tokens)
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "characters": sum(map(len, texts)), "morphemes": morphemes,
            "workers": kiwi.num_workers}


class _RssSampler(threading.Thread):
    """(bytes read so far, resident MB) a few times a second while mining runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.bytes_done = 0
        self.samples: list[tuple[int, float]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            self.samples.append((self.bytes_done, _rss_mb()))


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def child_mine(corpus: str, cache: str) -> dict:
    os.environ["VOCAB_CACHE_DIR"] = cache
    from vocab import align
    from vocab.korean import kiwi as korean
    from vocab.mine import pipeline

    korean.get_kiwi().tokenize("")  # the model's load is not part of the figure
    aligning = [0.0]
    real_align = align.align_document

    def timed_align(document):  # CPU seconds of the calling thread: exact under threads
        start = time.thread_time()
        try:
            return real_align(document)
        finally:
            aligning[0] += time.thread_time() - start

    align.align_document = timed_align
    reading = [0.0]
    real_read = pipeline.read_and_analyse_each

    def timed_read(*args, **kwargs):  # from the first document asked for to the last
        start = time.perf_counter()
        try:
            yield from real_read(*args, **kwargs)
        finally:
            reading[0] += time.perf_counter() - start

    pipeline.read_and_analyse_each = timed_read
    sampler = _RssSampler()

    def progress(update) -> None:
        sampler.bytes_done = update.bytes_done

    files = sorted(Path(corpus).iterdir())
    characters = sum(len(path.read_text(encoding="utf-8")) for path in files)
    project = tempfile.mkdtemp(prefix="vocab-bench-project-")
    rss_before = _rss_mb()
    sampler.start()
    cpu, start = time.process_time(), time.perf_counter()
    result = pipeline.mine([Path(corpus)], project_dir=Path(project), progress=progress)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    sampler.stopped.set()
    sampler.join()
    return {"seconds": seconds, "cpu": cpu, "align_cpu": aligning[0], "reading": reading[0],
            "characters": characters,
            "terms": len(result.terms), "documents": len(result.documents),
            "rss_before_mb": rss_before, "samples": sampler.samples,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB}  # KiB


def child_rebuild_check(cache: str, out: str) -> dict:
    """The unchanged rebuild once more, in this process: which heavy libraries it loads."""
    os.environ["VOCAB_CACHE_DIR"] = cache
    from vocab.korean import kiwi as korean
    from vocab.cli import cli

    try:
        cli(["build", str(SEEDS), "--level", "advanced", "--tts", "espeak", "--out", out, "-q"],
            prog_name="vocab")
    except SystemExit as stop:
        if stop.code:
            raise
    return {"kiwi_constructions": korean.KIWI_CONSTRUCTIONS,
            "kiwipiepy_imported": "kiwipiepy" in sys.modules}


def child_deck(notes: int, folder: str) -> dict:
    import genanki

    from vocab.deck import audio, build, package as deck
    from vocab.mine.pipeline import MineResult
    from vocab.records import Example, Term

    work = Path(folder)
    tempfile.tempdir = folder  # genanki's write_to_file leaves its database in the temp folder
    cache = audio.AudioCache(work / "audio")
    engine = audio.GTTSEngine()
    terms = []
    for number in range(notes):
        sentence = f"이것은 {number}번째 예문으로 정부의 제재 조치를 다룬다."
        terms.append(Term(
            lemma=f"낱말{number:05d}", pos="noun", level="advanced", score=1.0, count=3,
            gloss=f"word number {number}", surfaces=[f"낱말{number:05d}"], sources=["bench.txt"],
            examples=[Example(sentence, 0, 3, "bench.txt", f"This is example {number}.")],
        ))
    media: dict[str, Path] = {}
    for text in build.spoken_texts(terms):  # the audio "cached by an earlier build"
        path = cache.path(engine, text)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_noise(text))
        media[text] = path
    mined = MineResult(terms=terms, documents=[], problems=[], glosses=[], alignments={},
                       lexicon=None, timestamp=1_700_000_000.0)

    def ours() -> float:
        os.sync()  # the runs before write back their output on their own time, not this one's
        start = time.perf_counter()
        outcome = build.build_deck(mined, level="advanced", out=work / "ours.apkg", corpus="bench",
                                   tts="gtts", audio_cache_dir=work / "audio")
        assert outcome.notes == notes and not outcome.audio_failed, outcome
        return time.perf_counter() - start

    # genanki is given finished fields, ids and file list: only its own work is timed.
    model = deck.note_type()
    prepared = [(list(deck.note_fields(t, media=media, titles={}, listening=False).values()),
                 deck.note_guid(t), deck.note_tags(t)) for t in terms]
    media_files = sorted(str(path) for path in media.values())

    def bare() -> float:
        os.sync()
        start = time.perf_counter()
        anki_deck = genanki.Deck(deck.stable_id("bench"), "Korean News::Advanced")
        for fields, guid, tags in prepared:
            anki_deck.add_note(genanki.Note(model=model, fields=fields, guid=guid, tags=tags))
        genanki.Package(anki_deck, media_files).write_to_file(work / "bare.apkg",
                                                               timestamp=1_700_000_000.0)
        return time.perf_counter() - start

    bare_times, ours_times = [bare()], []
    for _ in range(2):  # alternated, best of each: the machine's speed wanders
        ours_times.append(ours())
        bare_times.append(bare())
    return {"notes": notes, "ours": min(ours_times), "bare": min(bare_times),
            "ours_bytes": (work / "ours.apkg").stat().st_size,
            "bare_bytes": (work / "bare.apkg").stat().st_size, "media_files": len(media_files)}


def _noise(text: str) -> bytes:
    """AUDIO_BYTES of incompressible bytes, the same for the same text."""
    import hashlib

    seed = hashlib.sha256(text.encode("utf-8")).digest()
    blocks = [hashlib.sha256(seed + i.to_bytes(4, "big")).digest() for i in range(AUDIO_BYTES // 32)]
    return b"".join(blocks)


CHILDREN = {"bare": child_bare, "mine": child_mine, "rebuild_check": child_rebuild_check,
            "deck": child_deck}


# --- the parent ----------------------------------------------------------------------------


def run_child(task: str, *args) -> dict:
    command = [sys.executable, __file__, "--child", json.dumps([task, *args])]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"{task} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def vocab_command() -> list[str]:
    script = Path(sys.executable).with_name("vocab")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vocab.cli"]


def timed_build(cache: Path, out: Path) -> float:
    env = dict(os.environ, VOCAB_CACHE_DIR=str(cache))
    command = vocab_command() + ["build", str(SEEDS), "--level", "advanced", "--tts", "espeak",
                                 "--out", str(out), "-q"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cache.parent)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"vocab build failed:\n{done.stderr[-3000:]}")
    return seconds


def growth_per_mb(samples: list[tuple[int, float]]) -> float:
    """Least-squares slope of resident MB over MB read, while reading, on its second
    half (the first holds Kiwi's warm-up and the first documents' one-off allocations)."""
    last = max((done for done, _ in samples), default=0)
    points = [(done / MB, rss) for done, rss in samples if 0 < done < last]  # while reading
    points = points[len(points) // 2 :]
    if len(points) < 3 or points[-1][0] - points[0][0] <= 0:
        return float("nan")
    xs, ys = [x for x, _ in points], [y for _, y in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size for throughput (MB)")
    parser.add_argument("--memory-mb", type=float, default=50.0, help="corpus size for peak memory (MB)")
    parser.add_argument("--estimate-memory", action="store_true",
                        help="estimate the peak at --memory-mb MB instead of mining that much")
    parser.add_argument("--notes", type=int, nargs="+", default=[5000, 10000], help="deck sizes")
    parser.add_argument("--rounds", type=int, default=2, help="mining runs of bare and ours")
    parser.add_argument("--quick", action="store_true", help="1 MB corpus, 1,000-note deck")
    parser.add_argument("--bilingual-mb", type=float, nargs="+", default=[1.0, 2.0, 4.0],
                        help="sizes of the single bilingual document (MB)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS, help="sections to run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        task, *args = json.loads(options.child)
        print(json.dumps(CHILDREN[task](*args)))
        return
    if options.quick:
        options.mb, options.notes, options.rounds = 1.0, [1000], 1
        options.bilingual_mb = [0.25, 0.5]
        options.estimate_memory = True
    began = time.perf_counter()
    print(f"vocab benchmarks: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="vocab-bench-") as scratch:
        work = Path(scratch)
        if "mining" in options.only:
            mining(work, options)
        if "rebuild" in options.only:
            rebuild(work)
        if "deck" in options.only:
            for notes in options.notes:
                deck_writing(work, notes)
        if "bilingual" in options.only:
            bilingual(work, options)
        if "startup" in options.only:
            startup(work)
    print(f"\nall figures in {time.perf_counter() - began:.0f} s")


SECTIONS = ["mining", "rebuild", "deck", "bilingual", "startup"]


def mining(work: Path, options) -> None:
    files, size = make_corpus(work / "corpus", options.mb)
    print(f"\n[mining] {files} copies of the seeds, {size / MB:.1f} MB; bare and ours alternate, "
          f"{options.rounds} rounds, best of each (a shared machine's speed wanders by 10-20%)")
    bares, ourses = [], []
    for _ in range(options.rounds):
        bares.append(run_child("bare", str(work / "corpus")))
        ourses.append(run_child("mine", str(work / "corpus"), str(work / "mine-cache")))
        shutil.rmtree(work / "mine-cache", ignore_errors=True)
    bare = min(bares, key=lambda run: run["seconds"])
    ours = min(ourses, key=lambda run: run["seconds"])
    bare_rate = bare["characters"] / bare["seconds"]
    ours_rate = ours["characters"] / ours["seconds"]
    print(f"bare Kiwi.tokenize ({bare['workers']} worker threads): {bare_rate:,.0f} characters/s "
          f"({bare['seconds']:.1f} s; all runs {_seconds(bares)})")
    print(f"vocab mine, cold cache:                {ours_rate:,.0f} characters/s "
          f"({ours['seconds']:.1f} s; all runs {_seconds(ourses)}; {ours['documents']} documents, "
          f"{ours['terms']:,} terms)")
    print(f"  throughput: {ours_rate / bare_rate:.2f}x bare Kiwi (target >= 0.8x)")
    print(f"  wall seconds: reading and analysing {ours['reading']:.1f}, then terms, scores, "
          f"examples and lists {ours['seconds'] - ours['reading']:.1f}")
    others = ours["cpu"] - ours["align_cpu"]
    print(f"  CPU seconds: bare {bare['cpu']:.1f}; ours {ours['cpu']:.1f}, of which alignment "
          f"{ours['align_cpu']:.1f} ({ours['align_cpu'] / ours['cpu']:.0%}); without alignment "
          f"ours would need {others / bare['cpu']:.2f}x bare's CPU (estimate)")
    slope = growth_per_mb(ours["samples"])
    print(f"\n[memory] peak RSS mining {size / MB:.1f} MB: {ours['peak_mb']:,.0f} MB "
          f"(Kiwi loaded, before mining: {ours['rss_before_mb']:,.0f} MB); growth "
          f"{slope:.1f} MB per MB read")
    if not options.estimate_memory:
        files, size = make_corpus(work / "big", options.memory_mb)
        big = run_child("mine", str(work / "big"), str(work / "big-cache"))
        print(f"peak RSS mining {size / MB:.1f} MB ({files} documents, {big['seconds']:.0f} s): "
              f"{big['peak_mb']:,.0f} MB, measured (target < 1,500 MB); growth "
              f"{growth_per_mb(big['samples']):.1f} MB per MB read")
    elif options.memory_mb > options.mb:
        # A negative slope is the collector's timing, not memory given back for good.
        estimate = ours["peak_mb"] + max(slope, 0.0) * (options.memory_mb - size / MB)
        print(f"peak RSS mining {options.memory_mb:.0f} MB: {estimate:,.0f} MB or more, ESTIMATED from "
              f"the growth while reading (the term table grows after it), not measured "
              f"(target < 1,500 MB; without --estimate-memory it is measured)")


def _seconds(runs: list[dict]) -> str:
    return ", ".join(f"{run['seconds']:.1f}" for run in runs)


def rebuild(work: Path) -> None:
    cache, out = work / "build" / "cache", work / "build" / "seeds-advanced.apkg"
    cache.mkdir(parents=True)
    cold = timed_build(cache, out)
    first = out.read_bytes()
    warm = [timed_build(cache, out) for _ in range(3)]
    same = out.read_bytes() == first
    check = run_child("rebuild_check", str(cache), str(out))
    print("\n[rebuild] vocab build seeds/ --level advanced --tts espeak")
    print(f"cold (empty caches: Kiwi, analysis, espeak audio): {cold:.2f} s")
    print(f"unchanged, everything cached: {statistics.median(warm):.2f} s median of 3 "
          f"(best {min(warm):.2f} s; target < 1 s); same deck bytes: {'yes' if same else 'NO'}; "
          f"Kiwi constructed: {check['kiwi_constructions']}, "
          f"kiwipiepy imported: {'yes' if check['kiwipiepy_imported'] else 'no'}")


def deck_writing(work: Path, notes: int) -> None:
    folder = work / f"deck-{notes}"
    folder.mkdir()
    figures = run_child("deck", notes, str(folder))
    shutil.rmtree(folder, ignore_errors=True)
    print(f"\n[deck] {notes:,} notes, {figures['media_files']:,} cached audio files "
          f"({AUDIO_BYTES // 1000} kB each)")
    print(f"bare genanki: {figures['bare']:.2f} s ({figures['bare_bytes'] / MB:.0f} MB); "
          f"vocab build_deck: {figures['ours']:.2f} s ({figures['ours_bytes'] / MB:.0f} MB); "
          f"{figures['ours'] / figures['bare']:.2f}x bare (target < 2x)")


def bilingual(work: Path, options) -> None:
    from bilingual import make_bilingual, seed_pairs

    pairs = seed_pairs()
    print(f"\n[bilingual] one document, Korean paragraphs then their English ({len(pairs)} seed pairs, "
          f"each copy made distinct); bare and ours alternate, {options.rounds} rounds, best of each")
    per_mb = {}
    for megabytes in options.bilingual_mb:
        folder = work / f"bilingual-{megabytes:g}"
        folder.mkdir()
        size = make_bilingual(folder / "bilingual.txt", megabytes, pairs)
        bares, ourses = [], []
        for _ in range(options.rounds):
            bares.append(run_child("bare", str(folder)))
            ourses.append(run_child("mine", str(folder), str(work / "bilingual-cache")))
            shutil.rmtree(work / "bilingual-cache", ignore_errors=True)
        bare = min(bares, key=lambda run: run["seconds"])
        ours = min(ourses, key=lambda run: run["seconds"])
        per_mb[megabytes] = ours["seconds"] / (size / MB)
        print(f"{size / MB:.1f} MB: vocab mine {ours['seconds']:.1f} s ({per_mb[megabytes]:.2f} s per MB; "
              f"alignment {ours['align_cpu']:.1f} CPU-s; peak {ours['peak_mb']:,.0f} MB), bare Kiwi "
              f"{bare['seconds']:.1f} s: {ours['seconds'] / bare['seconds']:.2f}x bare (target <= 1.3x at 4 MB)")
    spread = max(per_mb.values()) / min(per_mb.values())
    print(f"  time per MB, largest over smallest: {spread:.2f}x (target <= 1.3x: linear)")


def startup(work: Path) -> None:
    """Warm runs as a user starts them: one run fills the caches, then the best of five,
    alternating with `python -c pass` so that both meet the same load."""
    cache = work / "startup-cache"
    env = dict(os.environ, VOCAB_CACHE_DIR=str(cache))
    # As installed by pip: with bytecode.  Without it every run compiles our modules from
    # source again (0.1-0.2 s), as this machine's PYTHONDONTWRITEBYTECODE=1 made it do.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "vocab mine seeds/ --limit 5": vocab_command() + ["mine", str(SEEDS), "--limit", "5"],
        "vocab build seeds/ --level advanced": vocab_command() + ["build", str(SEEDS), "--level", "advanced",
                                                                  "--out", str(work / "startup.apkg"), "-q"],
    }
    for command in commands.values():
        subprocess.run(command, capture_output=True, env=env, cwd=work, check=True)
    best = {name: float("inf") for name in commands}
    for _ in range(5):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, env=env, cwd=work, check=True)
            best[name] = min(best[name], time.perf_counter() - start)
    base = best.pop("python -c pass")
    print(f"\n[start-up] warm caches, best of 5, alternating; baseline python -c pass: {base:.3f} s")
    for (name, seconds), target in zip(best.items(), (0.3, 0.4)):
        print(f"{name}: {seconds:.3f} s ({seconds / base:.1f}x python -c pass; target <= {target} s)")


if __name__ == "__main__":
    main()
