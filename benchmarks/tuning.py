"""The tuning protocol: the figures the English recipe was chosen on, kept apart from the ones it
is judged on (``benchmarks/accuracy.py``).

    python benchmarks/tuning.py [RECIPE ...] [--no-official] [-j 2]

No tuning run sees the ``chinadaily-pd`` collection (Xinhua, People's Daily). Folds:

- six outlet-grouped folds (scikit-learn's ``GroupKFold``) over ``train.jsonl``, with
  ``straight.jsonl`` as wire and ``official.jsonl`` as state (``--no-official``: without it);
  printed: macro-F1 of the held-out ``train.jsonl`` documents on full text, with commas and
  apostrophes stripped, and cut to their first 120 words, and the log loss of their uncalibrated
  logits (full text);
- one fold per state outlet (KCNA, RT, Sputnik, and kremlin.ru when official.jsonl is in) and
  per wire agency (Reuters, Bloomberg), every other outlet in training: the share of its
  documents given its own label.

Each RECIPE is ``framing.train.Params`` keyword arguments, e.g. ``"C=1.0, idf=False"``; the
default compares the shipped recipe (``models/framing-en-v3``'s manifest), that recipe without
its evidence stage, and the previous one (framing-en-v2's).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing import train as T  # noqa: E402
from framing.schema import LABELS  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
V2 = T.Params(C=0.3, min_outlet_share=0.65, idf=False, excerpts=True, degrade=1.0)
LOO = ("KCNA", "RT", "Sputnik", "kremlin.ru (President of Russia)", "Reuters", "Bloomberg")


def folds(data: T.Data, allowed: np.ndarray, k: int = 6) -> list[tuple[str, np.ndarray, np.ndarray]]:
    from sklearn.model_selection import GroupKFold

    idx = np.arange(data.n)[allowed & (data.collections != "chinadaily-pd")]
    out = [(f"tune-{i}", idx[te], idx[tr]) for i, (tr, te) in
           enumerate(GroupKFold(n_splits=k).split(idx, groups=data.outlets[idx]))]
    for o in LOO:
        test = idx[data.outlets[idx] == o]
        if len(test):
            out.append((f"loo:{o}", test, idx[data.outlets[idx] != o]))
    return out


def main(argv=None) -> int:
    from sklearn.metrics import f1_score

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("recipes", nargs="*", help="Params keyword arguments, e.g. 'C=1.0, idf=False'")
    ap.add_argument("--no-official", action="store_true", help="leave official.jsonl out")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    manifest = ROOT / "models" / "framing-en-v3" / "manifest.json"
    shipped = T.params_from_manifest(json.loads(manifest.read_text(encoding="utf-8"))) \
        if manifest.is_file() else None
    recipes = [(r, replace(T.Params(), **eval(f"dict({r})", {}))) for r in args.recipes]
    if not recipes:
        if shipped is not None:
            recipes += [("shipped framing-en-v3", shipped),
                        ("framing-en-v3 without its evidence stage", replace(shipped, evidence=()))]
        recipes.append(("framing-en-v2", V2))
    t0 = time.time()
    parts = [T.read_corpus(str(CORPUS / "train.jsonl")),
             T.read_corpus(str(CORPUS / "straight.jsonl"), label_map={"straight": "wire"}),
             T.read_corpus(str(CORPUS / "official.jsonl"))]
    src = np.array(sum(([k] * len(c.texts) for k, c in zip(("main", "straight", "official"), parts)), []))
    data = T.prepare(T.join(parts), T.Params(), jobs=args.jobs, augment=True, excerpts=True)
    print(f"featurised {data.n} documents (+ degraded copies and excerpts) in "
          f"{time.time() - t0:.0f} s", file=sys.stderr)
    allowed = src != "official" if args.no_official else np.ones(data.n, bool)
    fs = folds(data, allowed)
    group = [f for f in fs if f[0].startswith("tune-")]
    y_idx = np.array([list(LABELS).index(v) for v in data.y])
    print(f"{'recipe':44s} {'full':>6s} {'degr':>6s} {'short':>6s} {'logloss':>7s}  "
          + " ".join(f"{o[:8]:>8s}" for o in LOO))
    for name, params in recipes:
        ho = T.held_out(data, params, jobs=args.jobs, folds=group)
        cells = []
        rows = np.concatenate([t for _, t, _ in group])
        rows = rows[src[rows] == "main"]
        for key in ("logits", "logits_degraded", "logits_excerpt"):
            Z = ho[key][rows]
            ok = ~np.isnan(Z).any(axis=1)
            pred = np.array(LABELS)[Z[ok].argmax(axis=1)]
            cells.append(f1_score(data.y[rows][ok], pred, labels=list(LABELS), average="macro"))
        Z = ho["logits"][rows]
        Zc = Z - Z.max(axis=1, keepdims=True)
        logp = Zc - np.log(np.exp(Zc).sum(axis=1, keepdims=True))
        ll = float(-logp[np.arange(len(rows)), y_idx[rows]].mean())
        loo = [f for f in fs if f[0].startswith("loo:")]  # disjoint test rows: one call
        Zl = T.held_out(data, params, jobs=args.jobs, folds=loo)["logits"]
        rec = []
        for o in LOO:
            f = [x for x in loo if x[0] == f"loo:{o}"]
            rec.append(f"{(Zl[f[0][1]].argmax(axis=1) == y_idx[f[0][1]]).mean():8.2f}" if f
                       else "       -")
        print(f"{name:44s} {cells[0]:6.3f} {cells[1]:6.3f} {cells[2]:6.3f} {ll:7.3f}  " + " ".join(rec),
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
