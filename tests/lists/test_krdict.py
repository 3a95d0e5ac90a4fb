"""Issue 14: words still unglossed are looked up in 한국어기초사전's Open API when asked
(`--dictionary krdict`), against a fake server on 127.0.0.1 speaking its documented XML."""

from __future__ import annotations

import json

import pytest

from cli_helpers import vocab
from fake_krdict_server import HANG, KEY, TRICKLE, FakeKrdictServer
from vocab.lists.krdict import KrdictDictionary
from vocab.lists.online import OnlineCache, OnlineEntry, gloss_from_online
from vocab.records import Term


def unglossed(*lemmas: str) -> list[Term]:
    return [Term(lemma, "noun", level="advanced") for lemma in lemmas]


@pytest.fixture
def cache(tmp_path) -> OnlineCache:
    return OnlineCache(tmp_path / "dictionary")


def test_an_unglossed_word_gets_english_hanja_and_grade(cache):
    with FakeKrdictServer() as server:
        outcome = gloss_from_online(unglossed("초승달", "꽹과리"), KrdictDictionary(KEY, server.url), cache)
    moon, gong = outcome.terms
    assert (moon.gloss, moon.gloss_source, moon.hanja, moon.level) == (
        "crescent moon", "krdict", "初生", "intermediate")
    assert (gong.gloss, gong.hanja, gong.level) == ("kkwaenggwari; small gong", None, "advanced")
    assert outcome.messages == [] and outcome.asked == 2
    request = server.requests[0]
    assert request["key"] == KEY and request["translated"] == "y" and request["trans_lang"] == "1"
    assert request["advanced"] == "y" and request["method"] == "exact"


def test_a_homograph_is_chosen_by_part_of_speech(cache):
    with FakeKrdictServer() as server:
        outcome = gloss_from_online([Term("사과", "noun")], KrdictDictionary(KEY, server.url), cache)
    assert outcome.terms[0].gloss == "apple"  # the first noun with English
    assert cache.get("krdict", "사과")[1] == OnlineEntry("사과", ("apology",), "謝過", "intermediate", "noun")


def test_an_unknown_word_stays_unglossed_and_is_not_asked_again(cache):
    with FakeKrdictServer() as server:
        online = KrdictDictionary(KEY, server.url)
        first = gloss_from_online(unglossed("돌하르방"), online, cache)
        second = gloss_from_online(unglossed("돌하르방"), online, cache)
    assert first.terms[0].gloss is None and first.messages == []
    assert (first.asked, second.asked) == (1, 0) and server.count("돌하르방") == 1


def test_a_second_run_is_answered_from_the_cache(cache):
    with FakeKrdictServer() as server:
        online = KrdictDictionary(KEY, server.url)
        first = gloss_from_online(unglossed("징검다리"), online, cache)
        second = gloss_from_online(unglossed("징검다리"), online, cache)
    assert first.terms == second.terms and second.terms[0].gloss == "stepping stones; intermediary"
    assert len(server.requests) == 1


def test_glossed_words_and_names_are_never_asked(cache):
    terms = [Term("제재", "noun", gloss="sanctions", gloss_source="list"),
             Term("평양", "name", is_name=True), Term("동반자 관계", "phrase")]
    with FakeKrdictServer() as server:
        outcome = gloss_from_online(terms, KrdictDictionary(KEY, server.url), cache)
    assert outcome.terms == terms and server.requests == []


@pytest.mark.parametrize(
    "script, key, expected",
    [
        ({"꽹과리": [429]}, KEY, "krdict: too many requests (HTTP 429)"),
        ({"꽹과리": [HANG]}, KEY, "krdict: no answer within 0.5 s"),
        # A trickle of bytes, each well inside urllib's per-read timeout: only a bound on
        # the whole request stops it.
        ({"꽹과리": [TRICKLE]}, KEY, "krdict: no answer within 0.5 s"),
        ({}, "wrong-key", "krdict: the API key was refused (020: Unregistered key); check VOCAB_KRDICT_KEY"),
    ],
    ids=["rate-limit", "timeout", "trickle", "bad-key"],
)
def test_a_failing_service_gives_one_line_and_the_rest_goes_on_offline(cache, script, key, expected):
    with FakeKrdictServer(script) as server:
        outcome = gloss_from_online(unglossed("꽹과리", "징검다리", "초승달"),
                                    KrdictDictionary(key, server.url, timeout=0.5), cache)
    assert [t.gloss for t in outcome.terms] == [None, None, None]
    assert len(outcome.messages) == 1 and outcome.messages[0].startswith(expected)
    assert outcome.messages[0].endswith("3 word(s) not looked up, going on offline")
    assert len(server.requests) == 1  # the first failure ends the lookups
    assert cache.get("krdict", "꽹과리") is None  # a failure is not an answer: asked again next run


@pytest.fixture
def krdict_project(tmp_path, monkeypatch):
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("VOCAB_KRDICT_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news.txt").write_text(
        "마을 사람들은 징검다리를 건너 꽹과리를 치며 돌하르방 앞에 모였다.\n", encoding="utf-8")
    return tmp_path


def test_mine_looks_words_up_with_the_key_from_the_config(krdict_project, monkeypatch):
    (krdict_project / ".vocab.yaml").write_text(f"krdict_key: {KEY}\n", encoding="utf-8")
    with FakeKrdictServer() as server:
        monkeypatch.setenv("VOCAB_KRDICT_URL", server.url)
        vocab("mine", "news.txt", "--json", "terms.json", "--dictionary", "krdict")
        asked = len(server.requests)
        vocab("mine", "news.txt", "--json", "again.json", "--dictionary", "krdict")
        template = vocab("gloss", "news.txt", "--out", "words.yaml", "--dictionary", "krdict")
    terms = {t["lemma"]: t for t in json.loads((krdict_project / "terms.json").read_text("utf-8"))}
    assert terms["징검다리"]["gloss"] == "stepping stones; intermediary"
    assert terms["징검다리"]["gloss_source"] == "krdict" and terms["징검다리"]["level"] == "intermediate"
    assert terms["돌하르방"]["gloss"] is None
    assert asked >= 2 and len(server.requests) == asked  # the second run and gloss: no request
    assert (krdict_project / "again.json").read_text("utf-8") == (krdict_project / "terms.json").read_text("utf-8")
    written = (krdict_project / "words.yaml").read_text("utf-8")
    assert 'ko: "돌하르방"' in written and 'ko: "징검다리"' not in written  # unglossed: still listed
    assert template.exit_code == 0
    info = vocab("cache", "info").stdout
    assert f"online dictionary: {krdict_project / 'cache' / 'dictionary'}: {asked} words looked up" in info


def test_a_wrong_key_is_one_line_and_the_build_goes_on(krdict_project, monkeypatch):
    monkeypatch.setenv("VOCAB_KRDICT_KEY", "wrong-key")
    with FakeKrdictServer() as server:
        monkeypatch.setenv("VOCAB_KRDICT_URL", server.url)
        result = vocab("mine", "news.txt", "--dictionary", "krdict")
    lines = [line for line in result.stderr.splitlines() if "krdict" in line]
    assert len(lines) == 1 and "the API key was refused" in lines[0] and "going on offline" in lines[0]
    assert "징검다리" in result.stdout
    assert len(server.requests) == 1


def test_asking_for_krdict_without_a_key_says_how_to_get_one(krdict_project):
    result = vocab("mine", "news.txt", "--dictionary", "krdict", exit_code=1)
    assert "krdict: no API key: set VOCAB_KRDICT_KEY" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
