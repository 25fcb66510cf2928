"""Score the extractor on the annotated data in ../shared/eval and print the scores as a table.

    python scripts/eval.py [--eval-dir DIR] [--errors N] [--keep DIR]

Runs the same `extract --jsonl` code path the CLI runs, then the scorers shipped with the data.
Nothing here is used by the test suite.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.engine import Extractor  # noqa: E402
from extract.jsonl import extract_lines  # noqa: E402
from scripts.event_eval import event_rows  # noqa: E402


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def _inputs(records: list[dict], text_key: str, date_key: str = "publication_date") -> list[dict]:
    """The extractor's input lines for an eval file whose article text is under `text_key`."""
    return [
        {
            "id": r["id"],
            "text": r[text_key],
            "title": r.get("title"),
            "published": r.get(date_key),
        }
        for r in records
    ]


def event_halves(records: list[dict]) -> dict[str, list[dict]]:
    """The articles in two halves by event ("A" to build on, "B" to check on): every article
    of an event in the same half, an article of no event an event of its own; within each
    area (Ukraine, Middle East, ...) the events alternate between the halves in the order of a
    hash of their key, so that the halves are alike and the split never changes."""
    by_event: dict[tuple[str, str], list[dict]] = collections.defaultdict(list)
    for r in records:
        by_event[(r.get("area") or "", r.get("event") or f"article:{r['id']}")].append(r)
    halves: dict[str, list[dict]] = {"A": [], "B": []}
    for area in sorted({area for area, _ in by_event}):
        keys = sorted(
            (k for k in by_event if k[0] == area), key=lambda k: zlib.crc32(k[1].encode())
        )
        for i, key in enumerate(keys):
            halves["AB"[i % 2]] += by_event[key]
    return halves


def war_rows(
    extractor: Extractor, gold: Path, work: Path, extra: list[str]
) -> list[tuple[str, str, str]]:
    """The war and disaster set scored whole and in its two halves by event."""
    records = _records(gold)
    pred = work / "war_pred.jsonl"
    secs = _predict(extractor, _inputs(records, "text", "published"), pred)
    script = gold.parent / "score_news.py"
    rows: list[tuple[str, str, str]] = []
    parts = {"": records, **{f" half {k}": v for k, v in event_halves(records).items()}}
    for suffix, part in parts.items():
        part_gold = work / f"war_gold{suffix.replace(' ', '_')}.jsonl"
        part_gold.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
        res, errors = _score(script, part_gold, pred, extra if not suffix else [])
        label = f"war {gold.stem}{suffix}"
        rows += [
            (
                label,
                "casualty records right",
                f"{res['casualty_recall']:.2f} ({res['casualty_right']}/{res['casualty_records']})",
            ),
            (
                label,
                "casualty precision",
                f"{res['casualty_precision']:.2f} ({res['casualty_spurious']} spurious)",
            ),
            (
                label,
                "article totals right",
                f"{res['article_totals_acc']:.2f} "
                f"({res['article_totals_right']}/{res['articles_with_tolls']})",
            ),
            (
                label,
                "quote F1 / pair F1 name",
                f"{res['quote_f1']:.3f} / {res['pair_f1_name']:.3f}",
            ),
        ]
        if not suffix:
            rows.append((label, "articles / seconds", f"{len(records)} / {secs:.1f}"))
            if errors.strip():
                print(errors)
    return rows


def _predict(extractor: Extractor, records: list[dict], out: Path) -> float:
    lines = (json.dumps(r) for r in records)
    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for rec in extract_lines(lines, extractor):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return time.perf_counter() - start


def _score(script: Path, gold: Path, pred: Path, extra: list[str]) -> tuple[dict, str]:
    proc = subprocess.run(
        [sys.executable, str(script), str(gold), str(pred), *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    out = proc.stdout
    end = out.index("\n}") + 2
    return json.loads(out[:end]), out[end:]


def _words(s: str) -> list[str]:
    return re.findall(r"\w+", s.lower())


def seed_scores(extractor: Extractor, eval_dir: Path) -> dict[str, str]:
    from datetime import date

    from extract.facts import Article

    gold = json.loads((eval_dir / "seed_gold.json").read_text())
    text = (ROOT / "seeds" / Path(gold["file"]).name).read_text()
    facts = extractor.extract(Article(text, None, date.fromisoformat(gold["published"])))
    right = 0
    for g in gold["quotes"]:
        gw = collections.Counter(_words(g["text"]))
        for q in facts.quotes:
            o = sum((gw & collections.Counter(_words(q.text))).values())
            covered = o >= 0.5 * sum(gw.values()) and o >= 0.5 * len(_words(q.text))
            if covered and q.speaker == g["speaker"] and q.kind == g["kind"]:
                right += 1
                break
    kyiv = [c for c in facts.casualties if c.location == "Kyiv"]
    g = gold["casualties"][0]
    kyiv_ok = bool(kyiv) and (kyiv[0].killed, kyiv[0].qualifier, kyiv[0].injured) == (
        g["killed"],
        g["killed_qualifier"],
        g["injured"],
    )
    no_rate = all(c.killed != 5000 for c in facts.casualties)
    dates = {d.text: d.date for d in facts.dates}
    dates_ok = sum(dates.get(d["text"]) == d["date"] for d in gold["dates"])
    titles = {p.name: (p.title or "") for p in facts.people}
    titles_ok = sum(
        (titles.get(name) or "").lower() == t.lower() for name, t in gold["people"].items()
    )
    places = {p.name for p in facts.places}
    # The gold lists names without kinds: its "Zhytomyr" is the text's "Zhytomyr region",
    # which the extractor names as a region of its own (issue 15).
    regions = {p: extractor.gazetteer.named_region(f"{p} region") for p in gold["places"]}
    places_ok = sum(
        p in places or (regions[p] is not None and regions[p].name in places)  # type: ignore[union-attr]
        for p in gold["places"]
    )
    return {
        "quotes (text+speaker+kind)": f"{right}/{len(gold['quotes'])}"
        f" (extracted {len(facts.quotes)})",
        "Kyiv 12 'at least', 90 injured": "yes" if kyiv_ok else f"no: {kyiv}",
        "no record from '5000 a week'": "yes" if no_rate else "no",
        "dated days": f"{dates_ok}/{len(gold['dates'])}",
        "people with gold title": f"{titles_ok}/{len(gold['people'])}",
        "places": f"{places_ok}/{len(gold['places'])}",
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--errors", type=int, default=0, help="print the scorers' first N errors")
    ap.add_argument("--keep", type=Path, help="write the predictions into this folder")
    ap.add_argument("--quotes", default="quotes/polnear_dev.jsonl")
    ap.add_argument("--casualties", default="casualties/gva_dev.jsonl")
    ap.add_argument("--war", default="war/dev.jsonl")
    ap.add_argument("--events", default="war/events_dev.jsonl")
    ap.add_argument("--only-events", action="store_true", help="score the events table only")
    args = ap.parse_args()
    eval_dir: Path = args.eval_dir
    if not eval_dir.is_dir():
        print(f"no evaluation data at {eval_dir}: nothing to score")
        return 0
    extractor = Extractor()
    rows: list[tuple[str, str, str]] = []
    if args.only_events:
        rows += _event_table(extractor, eval_dir, args)
        _print(rows)
        return 0
    for name, value in seed_scores(extractor, eval_dir).items():
        rows.append(("seed_gold.json", name, value))

    work = args.keep or Path(tempfile.mkdtemp(prefix="newsroom-eval-"))
    work.mkdir(parents=True, exist_ok=True)
    extra = ["--errors", str(args.errors)] if args.errors else []

    gold = eval_dir / args.quotes
    if gold.exists():
        recs = _records(gold)
        pred = work / "quotes_pred.jsonl"
        secs = _predict(extractor, _inputs(recs, "article_text"), pred)
        # "surface" compares with the speaker as the article wrote it ("he"), "name" with the
        # person meant: score each on the field that holds it.
        written = work / "quotes_pred_as_written.jsonl"
        with pred.open(encoding="utf-8") as src, written.open("w", encoding="utf-8") as dst:
            for line in src:
                rec = json.loads(line)
                for q in rec.get("quotes", []):
                    q["speaker"] = q.get("speaker_as_written") or q.get("speaker")
                dst.write(json.dumps(rec) + "\n")
        script = eval_dir / "quotes" / "score_quotes.py"
        res, errors = _score(script, gold, pred, extra)
        surface, _ = _score(script, gold, written, [])
        label = gold.stem
        q, s, n = res["quote"], surface["pair_surface"], res["pair_name"]
        rows += [
            (label, "quote P / R / F1", f"{q[0]:.3f} / {q[1]:.3f} / {q[2]:.3f}"),
            (label, "pair F1 surface (as written)", f"{s[2]:.3f} (P {s[0]:.3f}, R {s[1]:.3f})"),
            (label, "pair F1 surface (canonical)", f"{res['pair_surface'][2]:.3f}"),
            (label, "pair F1 name", f"{n[2]:.3f} (P {n[0]:.3f}, R {n[1]:.3f})"),
            (label, "articles / seconds", f"{len(recs)} / {secs:.1f}"),
        ]
        if errors.strip():
            print(errors)

    gold = eval_dir / args.casualties
    if gold.exists():
        recs = _records(gold)
        pred = work / "casualties_pred.jsonl"
        secs = _predict(extractor, _inputs(recs, "text"), pred)
        res, _ = _score(eval_dir / "casualties" / "score_casualties.py", gold, pred, [])
        label = gold.stem
        rows += [
            (
                label,
                "killed exact / both exact",
                f"{res['killed_acc']:.2f} / {res['both_acc']:.2f}",
            ),
            (label, "injured exact", f"{res['injured_acc']:.2f}"),
            (
                label,
                "location / incident date",
                f"{res['location_acc']:.2f} / {res['date_acc']:.2f}",
            ),
            (label, "articles / seconds", f"{len(recs)} / {secs:.1f}"),
        ]

    gold = eval_dir / args.war
    if gold.exists():
        rows += war_rows(extractor, gold, work, extra)
    rows += _event_table(extractor, eval_dir, args)
    _print(rows)
    print(f"\npredictions in {work}")
    return 0


def _event_table(
    extractor: Extractor, eval_dir: Path, args: argparse.Namespace
) -> list[tuple[str, str, str]]:
    """Incidents across articles: each event's reports stored in order, read back."""
    events, war = eval_dir / args.events, eval_dir / args.war
    if not events.exists() or not war.exists():
        return []
    records = _records(war)
    halves = {r["id"]: half for half, part in event_halves(records).items() for r in part}
    rows, scores = event_rows(extractor, events, {r["id"]: r for r in records}, halves)
    if args.errors:
        # Half B is for checking what was built on half A: its misses are not printed.
        for s in scores:
            if s.half == "A" and (s.lines != 1 or not s.right_toll or not s.differ_ok):
                print(f"{s.event} (half {s.half}): {s.lines} lines", *s.shown, sep="\n  ")
    return rows


def _print(rows: list[tuple[str, str, str]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    header = ("set", "measure", "score")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


if __name__ == "__main__":
    sys.exit(main())
