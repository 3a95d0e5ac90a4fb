"""Quality of vocab's output against hand-written gold on real public pages.

    python bench/quality.py [--split dev|heldout|all] [--vocab PATH] [--json FILE] [--verbose]

The pages and their gold live in tests/data/pages/<split>/ (see the README there).
For each page this runs, in a scratch folder,

    vocab mine PAGE --json OUT.json
    vocab build PAGE --level all --no-audio --out OUT.apkg

and scores the output against PAGE's .gold.yaml:

* stated glosses: a predicted gloss is a mined term with gloss_source == "text". It
  matches a gold stated gloss when the lemma equals one of the gold `ko` forms (spaces
  ignored) and the English overlaps (see `senses_overlap`). Predictions matching a gold
  `neutral` entry (acronyms, names: stated, but not something we reward or punish) are
  dropped before counting. Precision = matching predictions / predictions; recall =
  gold glosses matched by some prediction / gold glosses.
* picks (words a teacher would pick): share mined at all, share glossed (the term has
  any gloss), share with the right sense (a predicted sense overlaps one of the gold
  `en`), share reaching the deck (a note whose first field is the pick's `ko`).
* share of intermediate/advanced non-name terms that have a gloss (no gold needed).

Figures are micro-averaged (summed over pages) per split and kind, and over all kinds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"
SPLITS = ("dev", "heldout")
KINDS = ("news", "bilingual", "glossed")
PAGE_SUFFIXES = (".txt", ".md", ".html")

# Words that carry no sense of their own when comparing English glosses.
STOPWORDS = frozenset(
    """a an the to of in on at by for with from into onto as and or not no be is are was were
    been being it its it's his her their one one's oneself sb sth someone something
    ~ etc e.g. i.e. v n adj adv""".split()
)


# ---------------------------------------------------------------------------
# Matching


def norm_ko(s: str) -> str:
    """A Korean form compared without spaces, tildes or surrounding punctuation."""
    s = re.sub(r"<[^>]+>", "", s)
    return re.sub(r"[\s~∼]+", "", s).strip(".,;:!?'\"‘’“”()[]")


def as_list(x) -> list:
    if x is None:
        return []
    if isinstance(x, (list, tuple)):
        return [v for v in x if v is not None]
    return [x]


def split_senses(gloss) -> list[str]:
    """A predicted gloss (a string of senses separated by , ; / or a list) as senses."""
    out: list[str] = []
    for g in as_list(gloss):
        for part in re.split(r"[;,/]|\s\|\s", str(g)):
            part = part.strip()
            if part:
                out.append(part)
    return out


def _stem(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def content_words(sense: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", sense.lower().replace("’", "'"))
    return {_stem(w) for w in words if w not in STOPWORDS and len(w) > 1}


def senses_overlap(gold_senses, pred_senses) -> bool:
    """True when some gold sense and some predicted sense share a content word,
    or one contains the other (case-insensitive)."""
    for g in gold_senses:
        gl = g.lower().strip()
        gw = content_words(g)
        for p in pred_senses:
            pl = p.lower().strip()
            if not gl or not pl:
                continue
            if gl in pl or pl in gl:
                return True
            if gw & content_words(p):
                return True
    return False


# ---------------------------------------------------------------------------
# Running vocab


def default_vocab() -> str:
    found = shutil.which("vocab")
    if found:
        return found
    for cand in (ROOT / ".venv" / "bin" / "vocab", Path("/work/main/.venv/bin/vocab")):
        if cand.exists():
            return str(cand)
    sys.exit("no vocab executable found: pass --vocab PATH")


def find_pages(split: str) -> list[tuple[str, Path, Path]]:
    splits = SPLITS if split == "all" else (split,)
    out = []
    for sp in splits:
        for gold in sorted((PAGES / sp).glob("*.gold.yaml")):
            stem = gold.name[: -len(".gold.yaml")]
            page = next(
                (gold.with_name(stem + suf) for suf in PAGE_SUFFIXES if gold.with_name(stem + suf).exists()),
                None,
            )
            if page is None:
                sys.exit(f"{gold}: no page beside it")
            out.append((sp, page, gold))
    return out


def run_vocab(vocab: str, page: Path, work: Path) -> tuple[list[dict], list[str], list[str]]:
    """Mined terms, deck first fields, and error messages for one page."""
    errors: list[str] = []
    out_json = work / "terms.json"
    out_apkg = work / "deck.apkg"
    env = dict(os.environ)
    r = subprocess.run(
        [vocab, "mine", str(page), "--json", str(out_json), "--limit", "1"],
        cwd=work, env=env, capture_output=True, text=True,
    )
    terms: list[dict] = []
    if r.returncode != 0 or not out_json.exists():
        errors.append(f"mine exited {r.returncode}: {r.stderr.strip()[-300:]}")
    else:
        terms = json.loads(out_json.read_text(encoding="utf-8"))
    r = subprocess.run(
        [vocab, "build", str(page), "--level", "all", "--no-audio", "--out", str(out_apkg), "-q"],
        cwd=work, env=env, capture_output=True, text=True,
    )
    fields: list[str] = []
    if r.returncode != 0 or not out_apkg.exists():
        errors.append(f"build exited {r.returncode}: {r.stderr.strip()[-300:]}")
    else:
        fields = deck_first_fields(out_apkg, work)
    return terms, fields, errors


def deck_first_fields(apkg: Path, work: Path) -> list[str]:
    with zipfile.ZipFile(apkg) as z:
        name = "collection.anki21" if "collection.anki21" in z.namelist() else "collection.anki2"
        z.extract(name, work)
    con = sqlite3.connect(work / name)
    try:
        return [row[0].split("\x1f")[0] for row in con.execute("select flds from notes")]
    finally:
        con.close()


# ---------------------------------------------------------------------------
# Scoring one page


def score_page(gold: dict, terms: list[dict], deck_fields: list[str]) -> dict:
    by_lemma: dict[str, list[dict]] = {}
    for t in terms:
        by_lemma.setdefault(norm_ko(t["lemma"]), []).append(t)
    deck = {norm_ko(f) for f in deck_fields}

    def ko_forms(entry) -> set[str]:
        return {norm_ko(k) for k in as_list(entry["ko"])}

    stated = gold.get("stated_glosses") or []
    neutral = gold.get("neutral") or []

    preds = [t for t in terms if t.get("gloss_source") == "text"]
    kept = []
    for t in preds:
        lem, senses = norm_ko(t["lemma"]), split_senses(t.get("gloss"))
        if any(lem in ko_forms(n) and senses_overlap(as_list(n["en"]), senses) for n in neutral):
            continue
        kept.append(t)

    pred_hits, pred_misses, pred_good = 0, [], []
    matched_gold: set[int] = set()
    for t in kept:
        lem, senses = norm_ko(t["lemma"]), split_senses(t.get("gloss"))
        hits = [i for i, g in enumerate(stated) if lem in ko_forms(g) and senses_overlap(as_list(g["en"]), senses)]
        if hits:
            pred_hits += 1
            matched_gold.update(hits)
            pred_good.append(f"{t['lemma']}: {t.get('gloss')}")
        else:
            pred_misses.append(f"{t['lemma']}: {t.get('gloss')}")
    gold_misses = [f"{as_list(g['ko'])[0]}: {as_list(g['en'])[0]}" for i, g in enumerate(stated) if i not in matched_gold]

    picks = gold.get("picks") or []
    p_present = p_glossed = p_sense = p_deck = 0
    pick_rows = []
    for p in picks:
        forms = ko_forms(p)
        cands = [t for f in forms for t in by_lemma.get(f, [])]
        present = bool(cands)
        glossed = any(t.get("gloss") for t in cands)
        sense = any(senses_overlap(as_list(p["en"]), split_senses(t.get("gloss"))) for t in cands)
        in_deck = bool(forms & deck)
        p_present += present
        p_glossed += glossed
        p_sense += sense
        p_deck += in_deck
        pick_rows.append({
            "ko": p["ko"], "present": present, "glossed": glossed, "sense": sense, "deck": in_deck,
            "pred": [t.get("gloss") for t in cands],
        })

    content = [t for t in terms if t.get("level") in ("intermediate", "advanced") and not t.get("is_name")]
    return {
        "stated_pred": len(kept), "stated_pred_hits": pred_hits,
        "stated_gold": len(stated), "stated_gold_hits": len(matched_gold),
        "stated_true": pred_good, "stated_false": pred_misses, "stated_missed": gold_misses,
        "picks": len(picks), "picks_present": p_present, "picks_glossed": p_glossed,
        "picks_sense": p_sense, "picks_deck": p_deck, "pick_rows": pick_rows,
        "content_terms": len(content), "content_glossed": sum(1 for t in content if t.get("gloss")),
    }


# ---------------------------------------------------------------------------
# Aggregating and printing

COUNTS = ("stated_pred", "stated_pred_hits", "stated_gold", "stated_gold_hits", "picks", "picks_present",
          "picks_glossed", "picks_sense", "picks_deck", "content_terms", "content_glossed")


def ratio(a: int, b: int):
    return None if b == 0 else a / b


def figures(rows: list[dict]) -> dict:
    s = {k: sum(r[k] for r in rows) for k in COUNTS}
    p = ratio(s["stated_pred_hits"], s["stated_pred"])
    r = ratio(s["stated_gold_hits"], s["stated_gold"])
    f = None if p is None or r is None or p + r == 0 else 2 * p * r / (p + r)
    if p is not None and r is not None and p + r == 0:
        f = 0.0
    return {
        "pages": len(rows),
        "stated_precision": p, "stated_recall": r, "stated_f1": f,
        "picks_present": ratio(s["picks_present"], s["picks"]),
        "picks_glossed": ratio(s["picks_glossed"], s["picks"]),
        "picks_right_sense": ratio(s["picks_sense"], s["picks"]),
        "picks_in_deck": ratio(s["picks_deck"], s["picks"]),
        "content_glossed": ratio(s["content_glossed"], s["content_terms"]),
        "counts": s,
    }


def fmt(x) -> str:
    return "   —" if x is None else f"{x:4.2f}"


def print_table(groups: dict[str, dict]) -> None:
    head = f"{'split/kind':<20} {'pages':>5} {'gl.P':>5} {'gl.R':>5} {'gl.F1':>5}  {'pk.mined':>8} {'pk.gloss':>8} {'pk.sense':>8} {'pk.deck':>7}  {'i/a glossed':>11}"
    print(head)
    print("-" * len(head))
    for name, f in groups.items():
        c = f["counts"]
        print(
            f"{name:<20} {f['pages']:>5} {fmt(f['stated_precision']):>5} {fmt(f['stated_recall']):>5} {fmt(f['stated_f1']):>5}"
            f"  {fmt(f['picks_present']):>8} {fmt(f['picks_glossed']):>8} {fmt(f['picks_right_sense']):>8} {fmt(f['picks_in_deck']):>7}"
            f"  {fmt(f['content_glossed']):>11}"
        )
    print()
    print("gl.P/R/F1: glosses stated by the page (gloss_source == text) against the gold; — where nothing to count.")
    print("pk.*: share of the teacher's picks mined / glossed / glossed in the right sense / in the deck.")
    print("i/a glossed: share of intermediate+advanced non-name mined terms that have any gloss.")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    ap.add_argument("--vocab", help="vocab executable (default: vocab on PATH, else .venv/bin/vocab)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures (and per-page detail) as JSON")
    ap.add_argument("--jobs", type=int, default=2, help="pages scored at once (default 2)")
    ap.add_argument("--verbose", "-v", action="store_true", help="per-page figures, false and missed glosses")
    args = ap.parse_args(argv)

    vocab = args.vocab or default_vocab()
    pages = find_pages(args.split)
    if not pages:
        sys.exit(f"no pages under {PAGES} for split {args.split}")

    with tempfile.TemporaryDirectory(prefix="vocab-quality-") as tmp:
        def one(item):
            i, (split, page, gold_path) = item
            work = Path(tmp) / f"{i:03d}"
            work.mkdir()
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
            terms, fields, errors = run_vocab(vocab, page, work)
            row = score_page(gold, terms, fields)
            row.update(split=split, kind=gold["kind"], page=page.name, errors=errors)
            return row

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
            rows = list(ex.map(one, enumerate(pages)))

    for r in rows:
        for e in r["errors"]:
            print(f"{r['split']}/{r['page']}: {e}", file=sys.stderr)

    groups: dict[str, dict] = {}
    for split in (SPLITS if args.split == "all" else (args.split,)):
        srows = [r for r in rows if r["split"] == split]
        for kind in KINDS:
            krows = [r for r in srows if r["kind"] == kind]
            if krows:
                groups[f"{split}/{kind}"] = figures(krows)
        groups[f"{split}/all"] = figures(srows)
    if args.split == "all":
        for kind in KINDS:
            groups[f"all/{kind}"] = figures([r for r in rows if r["kind"] == kind])
        groups["all/all"] = figures(rows)

    if args.verbose:
        for r in rows:
            f = figures([r])
            print(f"{r['split']}/{r['page']} [{r['kind']}]  glosses P {fmt(f['stated_precision'])} R {fmt(f['stated_recall'])}"
                  f"  picks mined {fmt(f['picks_present'])} glossed {fmt(f['picks_glossed'])} sense {fmt(f['picks_right_sense'])}"
                  f" deck {fmt(f['picks_in_deck'])}")
            for m in r["stated_true"]:
                print(f"    right gloss   {m}")
            for m in r["stated_false"]:
                print(f"    false gloss   {m}")
            for m in r["stated_missed"]:
                print(f"    missed gloss  {m}")
            for p in r["pick_rows"]:
                if not p["sense"]:
                    print(f"    pick {'mined' if p['present'] else 'absent'}{' ' if p['present'] else ''} {p['ko']}: {p['pred']}")
        print()

    print_table(groups)

    if args.json:
        Path(args.json).write_text(
            json.dumps({"vocab": vocab, "split": args.split, "groups": groups, "pages": rows},
                       ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
