"""Hostile input files (issue 17): pipes, devices, files larger than they say, anchor
bombs and deep nesting.  Each ends in one line naming the file (and line), never a hang,
a traceback or a run out of memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import vocab.lists.load
import vocab.read.sources
from cli_helpers import vocab as run_vocab
from vocab.errors import ListError, SourceError
from vocab.lists.load import load_lexicon
from vocab.read.sources import read_source

# A process that reads /dev/zero "until memory runs out" stops at this instead.
MEMORY_CAP = 1 << 30


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def vocab_process(*args, cwd: Path) -> subprocess.CompletedProcess:
    """The CLI in a process of its own: a hang is a failure after `timeout`, not a hung suite."""
    return subprocess.run([sys.executable, "-m", "vocab.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=60, preexec_fn=_capped,
                          env={**os.environ, "VOCAB_CACHE_DIR": str(cwd / "cache")})


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "words.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("args", [
    ("lists", "--list", "{fifo}"),
    ("lists", "--known", "{fifo}"),
    ("check", "{fifo}"),
    ("lists", "--list", "/dev/zero"),
    ("check", "/dev/zero"),
], ids=["list-fifo", "known-fifo", "check-fifo", "list-dev-zero", "check-dev-zero"])
def test_a_list_that_is_no_regular_file_is_refused_at_once(tmp_path, fifo, args):
    done = vocab_process(*(a.format(fifo=fifo) for a in args), cwd=tmp_path)
    named = str(fifo) if "{fifo}" in args else "/dev/zero"
    assert done.returncode == 1, done.stderr
    assert f"{named}: not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_list_larger_than_the_limit_is_refused(tmp_path, monkeypatch, fake_shipped, project):
    monkeypatch.setattr(vocab.lists.load, "MAX_LIST_BYTES", 100)
    big = tmp_path / "big.yaml"
    big.write_text("entries:\n" + "  - ko: 가\n" * 20, encoding="utf-8")
    with pytest.raises(ListError, match=r"big\.yaml: \d+ bytes is too large for a word list \(limit 100\)"):
        load_lexicon(user_lists=[big], project_dir=project)


def test_a_source_is_read_only_up_to_its_limit(monkeypatch):
    # /proc files say they are empty (st_size 0) and then give kilobytes: like a file
    # growing while it is read, the size checked before reading proves nothing.
    monkeypatch.setattr(vocab.read.sources, "MAX_FILE_BYTES", 1024)
    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(SourceError, match=r"maps: more than 1,024 bytes is too large for an article"):
        read_source(Path("/proc/self/maps"))


def anchor_bomb(path: Path, entries: int = 3000, examples: int = 40) -> Path:
    """Every entry shares one `examples: &ex` list: small text, huge when expanded."""
    shared = "".join(f"      - ko: 두 정상은 회담을 마쳤다 {i}.\n        en: They met {i}.\n"
                     for i in range(examples))
    lines = ["entries:\n", "  - ko: 가\n    en: x\n    examples: &ex\n", shared]
    lines += [f"  - ko: 나{chr(0xAC00 + i)}\n    en: y\n    examples: *ex\n" for i in range(entries)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi")
)


@pytest.mark.parametrize("name, text, line, message", [
    ("bomb.yaml", None, 4, r"aliases expand the list to [\d,]+ values, [\d,]+ more than written"),
    ("laughs.yaml", 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n' + BILLION_LAUGHS
     + "entries:\n  - ko: 가\n    en: *i\n", 9, r"aliases expand the list to 926,177,120 values"),
    ("deep.yaml", "entries:\n  - ko: 가\n    en: " + "[" * 3000 + "]" * 3000 + "\n", 3,
     r"nested more than \d+ levels deep"),
    ("deep-unclosed.yaml", "entries:\n  - ko: 가\n    en: " + "[" * 3000 + "\n", 3,
     r"nested more than \d+ levels deep"),
    ("loop.yaml", "entries: &e\n  - ko: 가\n    en: *e\n", 2, r"a value contains itself"),
], ids=["anchor-bomb", "billion-laughs", "deep", "deep-unclosed", "self-alias"])
def test_a_list_that_expands_or_nests_without_bound_is_one_line(tmp_path, name, text, line, message):
    path = tmp_path / name
    if text is None:
        anchor_bomb(path)
    else:
        path.write_text(text, encoding="utf-8")
    checked = run_vocab("check", path, exit_code=1)
    assert checked.stderr.splitlines()[0].startswith(f"{path}:{line}: ")
    assert len(checked.stderr.splitlines()) == 2  # the problem, then the count of errors
    with pytest.raises(ListError, match=message) as caught:
        load_lexicon(user_lists=[path], shipped=False, project_dir=tmp_path)
    assert caught.value.line == line


def test_a_few_shared_values_are_still_fine(tmp_path):
    entries = "".join(f"  - ko: 나{chr(0xAC00 + i)}\n    en: y\n    tags: *tags\n" for i in range(500))
    path = tmp_path / "shared.yaml"
    path.write_text("entries:\n  - ko: 가\n    en: x\n    tags: &tags [diplomacy, sanctions]\n" + entries,
                    encoding="utf-8")
    lexicon = load_lexicon(user_lists=[path], shipped=False, project_dir=tmp_path)
    assert len(lexicon.entries) == 501
    assert lexicon.get("나가").tags == ("diplomacy", "sanctions")


BILINGUAL = """북한과 러시아의 동맹

정부는 북한과 러시아의 군사 협력에 대해 깊은 우려를 표명했다.

The government expressed deep concern over military cooperation between North Korea and Russia.
"""


@pytest.mark.parametrize("command", ["mine", "align"])
def test_json_names_a_source_whose_name_is_not_utf8(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    name = os.fsdecode(b"news-\xff\xfe.txt")  # Latin-1 bytes: surrogates in Python
    Path(name).write_text(BILINGUAL, encoding="utf-8")
    run_vocab(command, name, "--json", "out.json")
    text = (tmp_path / "out.json").read_text(encoding="utf-8")  # valid UTF-8
    assert "news-\ufffd\ufffd.txt" in text
