"""`vocab preview`: the page shows every card as Anki renders it, and a real browser shows it.

The page's HTML is compared card by card with what the `anki` package renders for the
same package; headless Chromium (Debian's `chromium`, installed by .ci/run) loads the
page, runs its script and takes a screenshot.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from anki_helpers import import_package, open_collection, write_wav
from vocab.deck.package import build_package
from vocab.deck.preview import preview_page, read_package, render
from vocab.records import Example, Term

SOURCE = "news/editorial.md"
TEMPLATES = ["Recognition", "Production", "Example cloze", "Listening"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (CI installs it: apt-get install chromium)")


def example(text: str, surface: str, translation: str) -> Example:
    start = text.index(surface)
    return Example(text, start, start + len(surface), SOURCE, translation)


def terms() -> list[Term]:
    return [
        Term("체결하다", "verb", level="advanced", gloss="to conclude (a treaty)", hanja="締結", sources=[SOURCE],
             examples=[example("정부는 미국과 조약을 체결했다.", "체결했", "The government concluded a treaty.")]),
        Term("다자", "noun", level="advanced", gloss="multilateral", hanja="多者", sources=[SOURCE],
             examples=[example("다자 협의가 열렸다.", "다자", "Multilateral talks were held.")]),
        Term("다자간", "noun", level="advanced", gloss="multilateral", hanja="多者間", sources=[SOURCE],
             examples=[example("다자간 협력을 논의했다.", "다자간", "They discussed multilateral cooperation.")]),
        Term("동맹", "noun", level="advanced", gloss="alliance <b>", note="[sound:evil.wav]", sources=[SOURCE]),
    ]


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("preview")
    media = {}
    for number, term in enumerate(terms()):
        if term.examples:
            media[term.lemma] = write_wav(folder / f"vocab-word{number}.wav", seed=number)
            media[term.examples[0].text] = write_wav(folder / f"vocab-sentence{number}.wav", seed=50 + number)
    out = folder / "d.apkg"
    build_package(terms(), out, level="advanced", corpus_name="t", media=media, timestamp=1_700_000_000.0,
                  titles={SOURCE: "사설"}, listening=True)
    return out


def comparable(side: str) -> str:
    """A side without its CSS, with each sound a placeholder, whitespace collapsed."""
    side = re.sub(r"<style>.*?</style>", "", side, flags=re.S)
    side = re.sub(r"\[anki:play:[qa]:\d+\]|\[sound:[^\]]+\]", "[sound]", side)
    return " ".join(side.split())


def test_the_page_renders_every_card_as_anki_does(package, tmp_path):
    ours = {(card.key, card.template): card for card in read_package(package)[0]}
    col = open_collection(tmp_path / "anki")
    import_package(col, package)
    theirs = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        theirs[(card.note()["Korean"], card.template()["name"])] = card
    assert sorted(ours) == sorted(theirs)  # the same cards: none missing, none extra
    for key, card in theirs.items():
        assert comparable(ours[key].question) == comparable(card.question()), key
        assert comparable(ours[key].answer) == comparable(card.answer()), key
    col.close()


def test_template_sections_and_front_side():
    template = "{{#A}}a={{A}}{{#B}} b{{/B}}{{/A}}{{^A}}no a{{/A}}|{{FrontSide}}"
    assert render(template, {"A": "1", "B": ""}, front_side="F") == "a=1|F"
    assert render(template, {"A": " ", "B": "2"}) == "no a|"


def png_is_blank(png: bytes) -> bool:
    """Whether a screenshot holds one colour only (a page that drew nothing)."""
    chunks, at = [], 8
    while at < len(png):
        length = int.from_bytes(png[at:at + 4], "big")
        if png[at + 4:at + 8] == b"IDAT":
            chunks.append(png[at + 8:at + 8 + length])
        at += 12 + length
    return len(set(zlib.decompress(b"".join(chunks)))) < 8


def chromium(page: Path, profile: Path, *options: str) -> subprocess.CompletedProcess:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--window-size=1200,1600", *options, page.as_uri()]
    return subprocess.run(command, capture_output=True, timeout=120, check=True)


@needs_chromium
def test_chromium_shows_the_page_with_every_card_type_and_the_highlighted_term(package, tmp_path):
    page, cards = preview_page(package, "t: advanced")
    path = tmp_path / "preview.html"
    path.write_text(page, encoding="utf-8")
    assert not re.search(r'src="(?!data:|blob:)', page)  # self-contained: nothing to fetch
    dom = chromium(path, tmp_path / "profile", "--dump-dom").stdout.decode("utf-8")
    assert '<b class="term">체결했</b>' in dom
    for template in TEMPLATES:
        assert f'data-template="{template}"' in dom, template
    assert dom.count('class="vp-card"') == cards
    players = re.findall(r"<audio[^>]*>", dom)
    assert players and all('src="blob:' in player for player in players)  # the script fed them
    assert 'data-sound="evil.wav"' not in dom and "[sound:evil.wav]" in dom  # a source's text stays text
    shot = tmp_path / "shot.png"
    chromium(path, tmp_path / "profile", f"--screenshot={shot}")
    assert not png_is_blank(shot.read_bytes())
