"""Offline audio (issues 18 and 19): seconds per new text, and what the decks weigh.

    .venv/bin/python bench/bench_audio.py            # 1,000 texts and both decks, ~2 min on 2 cores
    .venv/bin/python bench/bench_audio.py --texts 200 --no-decks   # a smoke test

1. Offline speech for N texts no cache has seen (N = 1,000; seven words to three
   sentences, as in the seeds' decks), against today's way in the same run:
   - baseline: the espeak-ng command, one process per text, four at a time, writing
     WAV (what every build did before libespeak-ng was driven in-process);
   - ours: libespeak-ng in-process, one worker per core, each text spoken, trimmed,
     loudness-normalised and encoded to the deck's MP3 (and its WAV answer cached).
   Runs alternate, baseline first, twice each; the best of each counts, because this
   machine's speed wanders with what else runs on it.  Fresh texts each run (a number
   is appended), so nothing comes from a cache.
2. The seeds' decks with offline audio: `vocab build --level advanced --tts espeak`
   and `--level all --listening`, with empty caches; their size against the targets.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MB = 1_000_000
TARGETS = {"advanced": 6 * MB, "all": 10 * MB}


def texts_like_a_deck(count: int, run: int) -> list[str]:
    """`count` distinct texts from the seeds, seven words to three sentences, new each run."""
    corpus = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    words = list(dict.fromkeys(re.findall(r"[가-힣]{2,}", corpus)))
    sentences = [s.strip() for s in re.findall(r"[^.!?\n]*[가-힣][^.!?\n]*[.!?]", corpus)]
    sentences = [s for s in dict.fromkeys(sentences) if 20 <= len(s) <= 120]
    picked = []
    for number in range(count):
        pool = sentences if number % 10 >= 7 else words
        base = pool[number % len(pool)]
        picked.append(f"{base} {run}{number}" if number >= len(pool) else f"{base} {run}")
    return list(dict.fromkeys(picked))[:count]


def speak(texts: list[str], cache_dir: Path, how: str) -> float:
    from vocab.deck.audio import AudioCache, EspeakEngine, synthesize_all
    from vocab.deck.offline import finish_all, speak_offline

    cache = AudioCache(cache_dir)
    cache.root.mkdir(parents=True)
    failed: list[str] = []
    start = time.perf_counter()
    if how == "speech":  # libespeak-ng on every core, WAV answers only: speech alone
        speak_offline(cache, EspeakEngine(), texts, lambda t, p, e: e and failed.append(t), finish=False)
    else:
        result = synthesize_all(texts, "espeak", cache, in_process=how == "deck")
        failed = result.failed
        if how == "deck":
            finish_all(cache, result.files)
    elapsed = time.perf_counter() - start
    assert not failed, failed[:5]
    return elapsed


def deck_size(level: str, work: Path) -> int:
    out = work / f"seeds-{level}.apkg"
    env = {**os.environ, "VOCAB_CACHE_DIR": str(work / f"cache-{level}")}
    command = [sys.executable, "-m", "vocab.cli", "build", str(SEEDS), "--level", level, "--tts", "espeak",
               "--out", str(out), "-q"] + (["--listening"] if level == "all" else [])
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--no-decks", action="store_true")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from vocab.deck.offline import workers

    with tempfile.TemporaryDirectory(prefix="vocab-bench-audio-") as folder:
        work = Path(folder)
        times: dict[str, list[float]] = {"today": [], "speech": [], "deck": []}
        for run in range(2):
            for number, name in enumerate(times):
                texts = texts_like_a_deck(options.texts, run * 3 + number)
                cache_dir = work / f"{name}-{run}"
                times[name].append(speak(texts, cache_dir, name))
                shutil.rmtree(cache_dir)
        best = {name: min(runs) for name, runs in times.items()}
        count = options.texts
        labels = {"today": "today: espeak-ng command, a process per text, 4 at a time -> WAV",
                  "speech": "ours, speech: libespeak-ng in-process, a worker per core -> WAV",
                  "deck": "ours, deck audio: the same, trimmed, normalised, encoded -> MP3"}
        print(f"offline audio, {count} new texts (7 words : 3 sentences), {workers()} cores:")
        for name, label in labels.items():
            ratio = "" if name == "today" else f", {best[name] / best['today']:.2f}x today"
            print(f"  {label}: {best[name] / count * 1000:.1f} ms/text{ratio} "
                  f"(runs {', '.join(f'{t:.1f}' for t in times[name])} s)")
        print("  target: speech <= 0.50x today")
        if not options.no_decks:
            for level in ("advanced", "all"):
                size = deck_size(level, work)
                what = "advanced" if level == "advanced" else "all levels, --listening"
                print(f"seeds' deck, {what}, offline audio: {size / MB:.2f} MB "
                      f"(target <= {TARGETS[level] / MB:.0f} MB)")


if __name__ == "__main__":
    main()
