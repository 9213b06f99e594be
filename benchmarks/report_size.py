"""Size and render time of the HTML report for 20,000 synthetic documents (issue 5).

Writes a seeded random scores file (JSONL, the shape ``framing score`` writes: ~2,500-character
texts with quotes, loaded terms, credits and feature contributions), renders it with the
default text limits and prints the file size in MB and the render time. The budget is about
25 MB: texts beyond the first ``--full-text-limit`` documents are trimmed to snippets.

    python benchmarks/report_size.py [--docs 20000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from framing import schema
from framing.report import render_report
from framing.report.build import MAIN_FEATURES

BUDGET_MB = 25.0
WORDS = [
    "the",
    "minister",
    "government",
    "said",
    "on",
    "tuesday",
    "budget",
    "officials",
    "plan",
    "report",
    "council",
    "police",
    "city",
    "year",
    "people",
    "market",
    "election",
    "party",
    "opposition",
    "would",
    "could",
    "after",
    "before",
    "week",
    "statement",
    "spokesperson",
    "agency",
    "according",
    "data",
    "health",
    "school",
    "court",
    "rights",
]
LOADED = {
    "moral": ["scandal", "shameful", "outrage"],
    "alarm": ["crisis", "chaos", "disaster"],
    "glorifying": ["heroic", "historic", "brilliant"],
    "derogatory": ["regime", "thugs", "puppet"],
}
AGENCIES = ("Reuters", "AP", "AFP", "LETA", "TASS")


def synthetic_row(i: int, rng: random.Random, outlets: list[str]) -> dict:
    outlet = outlets[int(rng.paretovariate(1.2)) % len(outlets)]
    status = rng.choices(schema.STATUSES, weights=(92, 5, 3))[0]
    n_words = max(30, int(rng.gauss(420, 160)))
    words = [rng.choice(WORDS) for _ in range(n_words)]
    loaded_terms, quotes, credits = [], [], []
    text_parts, pos = [], 0
    agency = rng.choice(AGENCIES)
    dateline = f"RIGA ({agency}) - "
    text_parts.append(dateline)
    credits.append(
        {
            "text": dateline[:-3],
            "agency": agency,
            "kind": "dateline",
            "start": 0,
            "end": len(dateline) - 3,
        }
    )
    pos = len(dateline)
    in_quote = False
    for k, w in enumerate(words):
        if k % 60 == 10:
            q_start, in_quote = pos, True
            w = '"' + w
        if rng.random() < 0.015:
            cat = rng.choice(list(LOADED))
            w = rng.choice(LOADED[cat])
            loaded_terms.append(
                {
                    "term": w,
                    "matched": w,
                    "category": cat,
                    "voice": "quoted" if in_quote else "own",
                    "start": pos,
                    "end": pos + len(w),
                }
            )
        if in_quote and k % 60 == 25:
            w = w + '," the official said.'
            quotes.append(
                {
                    "text": "",
                    "speaker": "the official",
                    "verb": "said",
                    "kind": "direct",
                    "anonymous": rng.random() < 0.2,
                    "start": q_start,
                    "end": pos + len(w) - 19,
                }
            )
            in_quote = False
        text_parts.append(w + " ")
        pos += len(w) + 1
    text = "".join(text_parts).strip()
    probs = [rng.random() + 0.05 for _ in schema.LABELS]
    total = sum(probs)
    probs = [p / total for p in probs]
    label = schema.LABELS[probs.index(max(probs))]
    row = {c: None for c in schema.columns(MAIN_FEATURES)}
    row.update(
        id=f"synthetic/{i:05d}.html",
        source=f"synthetic.jsonl:{i + 1}",
        outlet=outlet,
        status=status,
        language="en",
        languages={"en": 1.0},
        model="framing-en-v1",
        feature_set="full",
        encoding="utf-8",
        truncated=False,
        duplicate_id=False,
        n_chars=len(text),
        n_words=n_words,
        text=text,
        title=f"Synthetic story number {i}",
    )
    if status == "error":
        row.update(error="decode error: invalid start byte 0xff at offset 12", text=None)
        return row
    row.update(
        quotes=quotes,
        loaded_terms=loaded_terms,
        credits=credits,
        **{f"p_{lab}": p for lab, p in zip(schema.LABELS, probs)},
        **{f: round(rng.uniform(0, 5), 4) for f in MAIN_FEATURES},
        top_features=[
            {
                "feature": f,
                "value": round(rng.uniform(0, 5), 3),
                "contribution": round(rng.gauss(0, 0.6), 4),
            }
            for f in MAIN_FEATURES[:6]
        ]
        + [
            {"feature": f"lex_{k}", "value": 1.0, "contribution": round(rng.gauss(0, 0.3), 4)}
            for k in range(4)
        ],
    )
    if status == "abstained":
        row["abstain_reason"] = "low confidence: 0.41 < 0.45"
    else:
        row.update(label=label, confidence=max(probs))
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="keep the scores file and report in this folder")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    outlets = [f"Outlet {k:02d}" for k in range(40)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        scores = folder / "synthetic_scores.jsonl"
        with scores.open("w", encoding="utf-8") as fh:
            for i in range(args.docs):
                fh.write(json.dumps(synthetic_row(i, rng, outlets)) + "\n")
        started = time.perf_counter()
        out = render_report(scores, folder / "synthetic_report.html")
        seconds = time.perf_counter() - started
        mb = out.stat().st_size / 1e6
        print(
            f"report size: {mb:.1f} MB for {args.docs} documents "
            f"(scores file {scores.stat().st_size / 1e6:.1f} MB)"
        )
        print(f"render time: {seconds:.1f} s")
    return 0 if mb <= BUDGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
