"""The README's Python examples run as doctests: the documentation cannot rot."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_examples_run(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)  # the examples name seeds/ as a user in a checkout would
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "the README shows the library in a python block"
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for number, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"README.md[{number}]", "README.md", 0))
    assert runner.summarize(verbose=False).failed == 0
