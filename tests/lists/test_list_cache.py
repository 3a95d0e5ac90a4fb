"""Parsed lists kept between runs (vocab.lists.cache): a cached list loads exactly as a parsed
one, and anything changed, damaged or faulty is parsed again."""

from __future__ import annotations

from pathlib import Path

import pytest

import vocab.lists.load
from vocab.errors import ListError
from vocab.lists.cache import ListCache
from vocab.lists.load import load_lexicon
from list_helpers import write

MINE = """\
entries:
  - ko: 동맹
    en: alliance
    hanja: 同盟
    examples:
      - ko: 두 나라는 동맹을 맺었다.
        en: The two countries formed an alliance.
  - ko: 동반자 관계
    en: partnership
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the lists actually parsed (not taken from the cache)."""
    seen: list[str] = []
    parse = vocab.lists.load.parse_list_bytes

    def counting(path, data, known_words=False):
        seen.append(Path(path).name)
        return parse(path, data, known_words=known_words)

    monkeypatch.setattr(vocab.lists.load, "parse_list_bytes", counting)
    return seen


def entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "lists").rglob("*.pickle"))


def test_the_real_lists_load_from_the_cache_as_parsed(cache_dir, parses, tmp_path, project):
    mine = write(tmp_path, "mine.yaml", MINE)
    parsed = load_lexicon(user_lists=[mine], project_dir=project)
    first = load_lexicon(user_lists=[mine], project_dir=project, use_cache=True)
    parses.clear()
    cached = load_lexicon(user_lists=[mine], project_dir=project, use_cache=True)
    assert parses == []
    assert len(entries(cache_dir)) == 3  # political, stopwords, mine
    assert cached == first == parsed
    assert cached.get("동맹").examples[0].source == str(mine)


def test_without_use_cache_nothing_is_read_or_written(cache_dir, parses, tmp_path, project):
    mine = write(tmp_path, "mine.yaml", MINE)
    load_lexicon(user_lists=[mine], project_dir=project)
    assert entries(cache_dir) == []
    load_lexicon(user_lists=[mine], project_dir=project, use_cache=True)
    parses.clear()
    load_lexicon(user_lists=[mine], project_dir=project)
    assert parses == ["political.yaml", "stopwords.yaml", "mine.yaml"]


def test_an_edited_list_is_parsed_again(cache_dir, parses, tmp_path, project):
    mine = write(tmp_path, "mine.yaml", MINE)
    load_lexicon(user_lists=[mine], project_dir=project, use_cache=True, shipped=False)
    write(tmp_path, "mine.yaml", MINE.replace("alliance", "ally"))
    parses.clear()
    lexicon = load_lexicon(user_lists=[mine], project_dir=project, use_cache=True, shipped=False)
    assert parses == ["mine.yaml"]
    assert lexicon.get("동맹").gloss == "ally"
    assert len(entries(cache_dir)) == 1  # the new parse replaced the old one


def test_the_same_bytes_elsewhere_name_their_own_file(cache_dir, tmp_path, project):
    one = write(tmp_path / "a", "words.yaml", MINE)
    two = write(tmp_path / "b", "words.yaml", MINE)
    load_lexicon(user_lists=[one], project_dir=project, use_cache=True, shipped=False)
    lexicon = load_lexicon(user_lists=[two], project_dir=project, use_cache=True, shipped=False)
    assert lexicon.get("동맹").examples[0].source == str(two)
    assert [loaded.path for loaded in lexicon.lists] == [str(two)]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-10],  # cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
        lambda data: b"",
        lambda data: b"not an entry at all",
    ],
)
def test_a_damaged_entry_is_a_miss(cache_dir, parses, tmp_path, project, damage):
    mine = write(tmp_path, "mine.yaml", MINE)
    expected = load_lexicon(user_lists=[mine], project_dir=project, use_cache=True, shipped=False)
    [entry] = entries(cache_dir)
    entry.write_bytes(damage(entry.read_bytes()))
    parses.clear()
    assert load_lexicon(user_lists=[mine], project_dir=project, use_cache=True, shipped=False) == expected
    assert parses == ["mine.yaml"]


def test_an_entry_stored_for_other_bytes_is_a_miss(cache_dir, tmp_path):
    mine = write(tmp_path, "mine.yaml", MINE)
    data = mine.read_bytes()
    cache = ListCache()
    cache.store(vocab.lists.load.parse_list_bytes(str(mine), data), data)
    assert cache.lookup(str(mine), data) is not None
    assert cache.lookup(str(mine), data + b"\n") is None


@pytest.mark.parametrize(
    "text, message",
    [
        ("- ko: 동맹\n  en: [alliance\n", "mine.yaml:3: YAML syntax error"),
        ("- ko: 동맹\n  level: expert\n", "mine.yaml:2: unknown level 'expert'"),
    ],
)
def test_a_broken_list_fails_the_same_way_every_time(cache_dir, tmp_path, project, text, message):
    mine = write(tmp_path, "mine.yaml", text)
    errors = []
    for _ in range(2):
        with pytest.raises(ListError) as raised:
            load_lexicon(user_lists=[mine], project_dir=project, use_cache=True, shipped=False)
        errors.append(str(raised.value))
    assert errors[0] == errors[1]
    assert message in errors[0]
    assert entries(cache_dir) == []


def test_a_list_with_warnings_is_not_kept(cache_dir, tmp_path, project):
    mine = write(tmp_path, "mine.yaml", "- ko: 동맹\n  hanja: tongmaeng\n")
    for _ in range(2):
        lexicon = load_lexicon(user_lists=[mine], project_dir=project, use_cache=True, shipped=False)
        assert [str(w) for w in lexicon.warnings] == [f"{mine}:2: `hanja` 'tongmaeng' has no Chinese character"]
    assert entries(cache_dir) == []


def test_an_unwritable_cache_costs_nothing_but_speed(tmp_path, monkeypatch, project):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(blocker))
    mine = write(tmp_path, "mine.yaml", MINE)
    lexicon = load_lexicon(user_lists=[mine], project_dir=project, use_cache=True, shipped=False)
    assert lexicon.get("동맹").gloss == "alliance"
