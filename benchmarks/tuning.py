"""The tuning protocol: the figures the English recipe was chosen on, kept apart from the ones it
is judged on (``benchmarks/accuracy.py``).

    python benchmarks/tuning.py [RECIPE ...] [-j 2]

Six outlet-grouped folds (scikit-learn's ``GroupKFold``) over ``train.jsonl`` plus
``straight.jsonl`` as wire, without the ``chinadaily-pd`` collection (Xinhua, People's Daily),
which no tuning run sees. Each RECIPE is ``framing.train.Params`` keyword arguments, e.g.
``"C=0.3, min_outlet_share=0.65, idf=False"``; the default is the shipped recipe
(``models/framing-en-v2``'s manifest) and the one before this round. Printed per recipe: macro-F1
of the held-out ``train.jsonl`` documents on full text, with commas and apostrophes stripped, and
cut to their first 120 words.
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
BEFORE = "C=0.03"  # the recipe of the previous framing-en-v2: TF-IDF, n-grams of 3 outlets


def folds(data: T.Data, k: int = 6) -> list[tuple[str, np.ndarray, np.ndarray]]:
    from sklearn.model_selection import GroupKFold

    idx = np.arange(data.n)[data.collections != "chinadaily-pd"]
    return [(f"tune-{i}", idx[te], idx[tr]) for i, (tr, te) in
            enumerate(GroupKFold(n_splits=k).split(idx, groups=data.outlets[idx]))]


def main(argv=None) -> int:
    from sklearn.metrics import f1_score

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("recipes", nargs="*", help="Params keyword arguments, e.g. 'C=0.3, idf=False'")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    shipped = T.params_from_manifest(json.loads(
        (ROOT / "models" / "framing-en-v2" / "manifest.json").read_text(encoding="utf-8")))
    recipes = [(r, replace(T.Params(), **eval(f"dict({r})", {}))) for r in args.recipes] or [
        ("shipped framing-en-v2", shipped), (BEFORE, replace(T.Params(), C=0.03))]
    t0 = time.time()
    main_corpus = T.read_corpus(str(CORPUS / "train.jsonl"))
    straight = T.read_corpus(str(CORPUS / "straight.jsonl"), label_map={"straight": "wire"})
    data = T.prepare(T.join([main_corpus, straight]), T.Params(), jobs=args.jobs, augment=True,
                     excerpts=True)
    print(f"featurised {data.n} documents (+ degraded copies and excerpts) in "
          f"{time.time() - t0:.0f} s", file=sys.stderr)
    score = np.arange(data.n) < len(main_corpus.texts)
    fs = folds(data)
    print(f"{'recipe':56s} {'full':>6s} {'degraded':>8s} {'short':>6s}")
    for name, params in recipes:
        ho = T.held_out(data, params, jobs=args.jobs, folds=fs)
        cells = []
        for key in ("logits", "logits_degraded", "logits_excerpt"):
            Z = ho[key]
            ok = score & ~np.isnan(Z).any(axis=1)
            pred = np.array(LABELS)[Z[ok].argmax(axis=1)]
            cells.append(f1_score(data.y[ok], pred, labels=list(LABELS), average="macro"))
        print(f"{name:56s} {cells[0]:6.3f} {cells[1]:8.3f} {cells[2]:6.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
