"""`vocab/__init__.py` is the library: five names, and nothing heavy on `import vocab`."""

from __future__ import annotations

import json
import subprocess
import sys

# What `vocab --help` must not wait for: each takes from a tenth of a second (ftfy,
# genanki) to seconds (Kiwi's model) to load.
HEAVY = ("kiwipiepy", "wordfreq", "ftfy", "genanki")


def in_fresh_process(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_vocab_help_loads_no_heavy_library():
    found = in_fresh_process(f"""
import json, sys
from vocab.cli import cli
try:
    cli(["--help"], prog_name="vocab")
except SystemExit as stop:
    assert not stop.code, stop.code
print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
""")
    assert found == []


def test_public_names_stay_the_library_after_every_module_is_imported():
    """`vocab.mine` is the function, though `vocab/mine/` is a package of that name."""
    found = in_fresh_process("""
import importlib, json, pkgutil
import vocab
for module in pkgutil.walk_packages(vocab.__path__, "vocab."):
    if not module.name.endswith("__main__"):  # those run the command line
        importlib.import_module(module.name)
print(json.dumps({name: getattr(vocab, name).__module__ for name in vocab.__all__ if name != "__version__"}))
""")
    assert found == {"mine": "vocab.mine.pipeline", "build_deck": "vocab.deck.build",
                     "load_lexicon": "vocab.lists.load", "Term": "vocab.records", "VocabError": "vocab.errors"}
