"""Loaded terms against expert spans: SemEval-2020 Task 11 `Loaded_Language` and
`Name_Calling,Labeling` (../shared/corpus/ptc-loaded-dev.jsonl, research use only).

    python benchmarks/loaded_spans.py [--corpus PATH] [--half tune|check|all] [--errors N]

Every lexicon term ``framing.extract`` reports (either voice) is a hit (a label repeated in a
document is reported once per voice, at its first use, with its count: that one item is the hit,
as a reader sees it; emotive words are reported at every use); scare quotes without a
lexicon term (a punctuation device, not a term; SemEval annotates few of them) are left out, and
``--with-scare-quotes`` counts them too. Precision: share of hits that overlap a gold span.
Recall: share of gold spans overlapped by at least one hit. The dev file is
split in two fixed halves by a hash of the article id: ``tune`` (lists and rules were tuned on it)
and ``check`` (looked at only to report), so the figure on ``check`` estimates the unseen half.
Aim (issue 12): P >= 0.50 and R >= 0.40 on the unseen half. ``--errors N`` prints the N most
frequent false hits and missed gold spans of the chosen half (tune half only when tuning). The
last line printed is P and R on all 185 articles.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
from collections import Counter
from pathlib import Path

import framing

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ptc-loaded-dev.jsonl"


def half_of(doc_id: str) -> str:
    return "tune" if hashlib.sha1(doc_id.encode()).digest()[0] % 2 == 0 else "check"


def score(rows: list[dict], errors: int = 0,
          scare_quotes: bool = False) -> tuple[float, float, int, int]:
    tp_hits = n_hits = found = n_gold = 0
    false_hits: Counter = Counter()
    missed: Counter = Counter()
    for r in rows:
        text = r["text"]
        gold = sorted((s["start"], s["end"]) for s in r["spans"])
        hits = [(h["start"], h["end"]) for h in framing.extract(text).loaded_terms
                if scare_quotes or h.get("categories", [h["category"]]) != ["scare_quotes"]]
        starts = [g[0] for g in gold]
        covered = set()
        for a, b in hits:
            n_hits += 1
            ok = False
            i = bisect.bisect_left(starts, b) - 1
            while i >= 0 and gold[i][0] < b:
                if gold[i][1] > a:
                    ok = True
                    covered.add(i)
                i -= 1
                if gold[i + 1][0] < a - 300:
                    break
            tp_hits += ok
            if not ok and errors:
                false_hits[text[a:b].lower()] += 1
        n_gold += len(gold)
        found += len(covered)
        if errors:
            for i, (a, b) in enumerate(gold):
                if i not in covered:
                    missed[text[a:b].lower()] += 1
    if errors:
        print("false hits:", false_hits.most_common(errors))
        print("missed:", missed.most_common(errors))
    p = tp_hits / n_hits if n_hits else 0.0
    rec = found / n_gold if n_gold else 0.0
    return p, rec, n_hits, n_gold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--half", choices=("tune", "check", "all"), default="all")
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--with-scare-quotes", action="store_true",
                    help="count scare quotes without a lexicon term as hits too")
    args = ap.parse_args()
    with open(args.corpus, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    halves = {"tune": [r for r in rows if half_of(r["id"]) == "tune"],
              "check": [r for r in rows if half_of(r["id"]) == "check"]}
    if args.half != "all":
        p, rec, nh, ng = score(halves[args.half], args.errors, args.with_scare_quotes)
        print(f"{args.half} half ({len(halves[args.half])} articles): P {p:.3f} R {rec:.3f} "
              f"({nh} hits, {ng} gold spans)")
        return
    for name, part in halves.items():
        p, rec, nh, ng = score(part, 0, args.with_scare_quotes)
        print(f"{name} half ({len(part)} articles): P {p:.3f} R {rec:.3f} "
              f"({nh} hits, {ng} gold spans)")
    p, rec, nh, ng = score(rows, args.errors, args.with_scare_quotes)
    print(f"all ({len(rows)} articles): P {p:.3f} R {rec:.3f} ({nh} hits, {ng} gold spans)")


if __name__ == "__main__":
    main()
