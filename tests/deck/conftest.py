"""Fixtures of the deck tests."""

from __future__ import annotations

import pytest

from vocab.deck.audio import reset_availability_cache


@pytest.fixture
def local_speech(monkeypatch, tmp_path):
    """No probe result leaks between tests, no proxy sits before 127.0.0.1, no real cache."""
    reset_availability_cache()
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    monkeypatch.setenv("VOCAB_CACHE_DIR", str(tmp_path / "user-cache"))
    yield
    reset_availability_cache()
