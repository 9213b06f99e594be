"""Attribution and voice against a hand-annotated gold set (benchmarks/gold/attribution.jsonl).

    python benchmarks/attribution.py [--corpus ../shared/corpus/train.jsonl] [--errors]

The gold set: 60 paragraphs of ../shared/corpus/train.jsonl (15 wire, 20 state, 25 partisan,
from 32 outlets), annotated by hand for issue 12; benchmarks/gold/README.md gives the guidelines.
It holds ids and character offsets only, never text: the texts are read from the corpus.

Each gold unit is an attribution: a direct quotation that is someone's words (not a title or a
scare quote), or a clause of reported speech, with the offsets of its speaker mention and verb.
A predicted attribution is a quote or reported clause from ``framing.analysis.analyse`` (run on
the whole document) that starts in the paragraph and has a speaker or a verb; it matches a gold
unit when their spans overlap.

- attribution precision / recall: predicted attributions that match a gold unit / gold units
  matched by a predicted attribution;
- speaker accuracy: gold units with a speaker whose best-overlapping prediction names the same
  speaker (same head word, possessive and case ignored), over the units found, and over all;
- voice accuracy: loaded terms annotated with their voice (own / quoted) whose overlapping
  predicted loaded term has that voice, over the annotated terms the extractor finds.

The rules were fixed while reading the 60 paragraphs of ``attribution.jsonl``, so its figures
are development figures; ``attribution-heldout.jsonl`` (20 more paragraphs, 14 attributions,
annotated without looking at the output) was scored once before any rule was changed for it
(figures in benchmarks/gold/README.md). Both are printed, the development set last; the last line
printed gives its four figures.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from framing.analysis import analyse

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold" / "attribution.jsonl"
HELDOUT = HERE / "gold" / "attribution-heldout.jsonl"
CORPUS = HERE.parents[1] / "shared" / "corpus" / "train.jsonl"
_WORD = re.compile(r"[\w*]+(?:[-'’][\w]+)*")


def _words(s: str) -> list[str]:
    return [re.sub(r"['’]s$", "", w.lower()) for w in _WORD.findall(s)]


def same_speaker(pred: str | None, gold: str) -> bool:
    if not pred:
        return False
    p, g = _words(pred), _words(gold)
    return bool(p and g) and (p[-1] == g[-1] or g[-1] in p or p[-1] in g)


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, action="append",
                    help=f"gold file (repeatable; default: {GOLD.name} and {HELDOUT.name})")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--errors", action="store_true", help="print each miss (reads corpus text)")
    args = ap.parse_args()
    for path in args.gold or [HELDOUT, GOLD]:
        print(f"== {path.name}")
        evaluate(path, args.corpus, args.errors)


def evaluate(gold_path: Path, corpus: Path, errors: bool) -> None:
    gold = [json.loads(line) for line in open(gold_path, encoding="utf-8")]
    want = {g["id"] for g in gold}
    texts = {}
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["id"] in want:
                texts[r["id"]] = r["text"]
    n_pred = tp_pred = n_gold = found = 0
    sp_total = sp_found = sp_right = 0
    v_total = v_found = v_right = 0
    for g in gold:
        text = texts[g["id"]]
        an = analyse(text)
        s, e = g["start"], g["end"]
        preds = [q for q in an.quotes if s <= q.start < e
                 and (q.kind == "reported" or q.speaker is not None or q.verb is not None)]
        units = g["units"]
        n_pred += len(preds)
        tp_pred += sum(1 for q in preds if any(overlap(q.start, q.end, u["start"], u["end"])
                                               for u in units))
        for u in units:
            n_gold += 1
            cand = [q for q in preds if overlap(q.start, q.end, u["start"], u["end"])]
            if cand:
                found += 1
            if u["speaker"] is None:
                continue
            sp_total += 1
            gsp = text[u["speaker"][0]:u["speaker"][1]]
            if not cand:
                if errors:
                    unit = text[u["start"]:u["end"]][:60]
                    print(f"missed  {g['outlet']:<20} {gsp!r} :: {unit!r}")
                continue
            sp_found += 1
            best = max(cand, key=lambda q: (q.kind == u["kind"],
                                            overlap(q.start, q.end, u["start"], u["end"])))
            ok = same_speaker(best.speaker, gsp)
            sp_right += ok
            if errors and not ok:
                print(f"speaker {g['outlet']:<20} gold {gsp!r} got {best.speaker!r}")
        if errors:
            for q in preds:
                if not any(overlap(q.start, q.end, u["start"], u["end"]) for u in units):
                    print(f"false   {g['outlet']:<20} {q.speaker!r}/{q.verb!r} :: {q.text[:60]!r}")
        for t in g["loaded"]:
            v_total += 1
            hit = [h for h in an.loaded if overlap(h.start, h.end, t["start"], t["end"])]
            if hit:
                v_found += 1
                v_right += hit[0].voice == t["voice"]
                if errors and hit[0].voice != t["voice"]:
                    print(f"voice   {g['outlet']:<20} {hit[0].matched!r} "
                          f"gold {t['voice']} got {hit[0].voice}")
    p = tp_pred / n_pred if n_pred else 0.0
    r = found / n_gold if n_gold else 0.0
    print(f"{len(gold)} paragraphs, {n_gold} gold attributions, {n_pred} predicted")
    print(f"attribution P {p:.3f} R {r:.3f}")
    print(f"speaker accuracy {sp_right}/{sp_found} found = {sp_right / max(sp_found, 1):.3f}; "
          f"over all {sp_total} gold speakers {sp_right / max(sp_total, 1):.3f}")
    print(f"voice accuracy {v_right}/{v_found} = {v_right / max(v_found, 1):.3f} "
          f"({v_found} of {v_total} annotated loaded terms found)")
    print(f"speaker {sp_right / max(sp_found, 1):.3f} | attribution P {p:.3f} R {r:.3f} | "
          f"voice {v_right / max(v_found, 1):.3f}")


if __name__ == "__main__":
    main()
