"""Does `framing train` reproduce the shipped models from the training corpus?

    python benchmarks/reproduce.py [--corpus ../shared/corpus/train.jsonl]

For each shipped model (models/framing-en-v1, models/framing-xx-v1): check that the corpus and the
lexicons are the ones its manifest records, retrain it into a temporary directory with the
manifest's settings (seed, C, feature set, languages; evaluation skipped), and compare every
fitted parameter with the shipped ``model.npz``. The skops files differ only in their zip
timestamps, so parameters are compared, not file hashes. Prints the largest absolute difference
per model and exits 1 if any model differs by more than 1e-9.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared/corpus/train.jsonl"
MODELS = {"framing-en-v1": "full", "framing-xx-v1": "language-independent"}
TOLERANCE = 1e-9


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", default=str(CORPUS))
    args = p.parse_args(argv)
    warnings.filterwarnings("ignore", category=UserWarning)
    from framing.resources import features_digest
    from framing.train import LANGUAGE_INDEPENDENT, MODEL_COLUMNS, read_corpus, train

    corpus = read_corpus(args.corpus)
    worst = 0.0
    for name, feature_set in MODELS.items():
        shipped = REPO / "models" / name
        manifest = json.loads((shipped / "manifest.json").read_text(encoding="utf-8"))
        problems = []
        if manifest["training_data"]["sha256"] != corpus.digest:
            problems.append("the corpus is not the one the model was trained on")
        if manifest["features_digest"] != features_digest():
            problems.append("the lexicons changed since the model was trained: retrain it")
        columns = MODEL_COLUMNS if feature_set == "full" else LANGUAGE_INDEPENDENT
        if list(columns) != manifest["columns"]:
            problems.append("the model's columns differ from the code's")
        if problems:
            print(f"{name}: NOT reproducible: " + "; ".join(problems))
            worst = float("inf")
            continue
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / name
            train(corpus, out, name=name, columns=columns, languages=manifest["languages"],
                  feature_set=feature_set, seed=manifest["seed"], C=manifest["C"], jobs=2,
                  evaluate=False)
            a = np.load(shipped / "model.npz", allow_pickle=False)
            b = np.load(out / "model.npz", allow_pickle=False)
            diff = 0.0
            for key in a.files:
                if key == "source_sha256":
                    continue
                if a[key].dtype.kind in "fiu":
                    if a[key].shape != b[key].shape:
                        diff = float("inf")
                        break
                    diff = max(diff, float(np.abs(a[key] - b[key]).max(initial=0.0)))
                elif not np.array_equal(a[key], b[key]):
                    diff = float("inf")
                    break
        worst = max(worst, diff)
        took = time.perf_counter() - t0
        print(f"{name}: retrained in {took:.0f} s; largest parameter difference from the "
              f"shipped model.npz: {diff:.3g}")
    ok = worst <= TOLERANCE
    print(f"shipped models reproduced: {'yes' if ok else 'NO'} (tolerance {TOLERANCE:g})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
