"""Does `framing train` reproduce the shipped models from the training corpora?

    python benchmarks/reproduce.py

For each shipped model (``framing.classifier.SHIPPED_MODELS``): check that the lexicons are the
ones its manifest records, run the training command its manifest records (``command``) into a
temporary directory with the held-out evaluation skipped, and compare every fitted array with the
shipped ``model.npz``. The temperature is the one array left out: it is fitted on the held-out
evaluation (``framing train`` without ``--no-eval``), which this check skips for time. Prints the
largest absolute difference per model and exits 1 if any model differs by more than 1e-6
(float32 storage of the style weights).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
TOLERANCE = 1e-6


def compare(a_path: Path, b_path: Path) -> float:
    with np.load(a_path, allow_pickle=False) as a, np.load(b_path, allow_pickle=False) as b:
        if sorted(a.files) != sorted(b.files):
            return float("inf")
        diff = 0.0
        for key in a.files:
            if key == "temperature":
                continue
            if a[key].shape != b[key].shape:
                return float("inf")
            if a[key].dtype.kind in "fiu":
                diff = max(diff, float(np.abs(a[key].astype(float) - b[key].astype(float)).max(initial=0.0)))
            elif not np.array_equal(a[key], b[key]):
                return float("inf")
        return diff


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-j", "--jobs", type=int, default=2)
    args = p.parse_args(argv)
    from framing.classifier import SHIPPED_MODELS
    from framing.cli.main import main as cli
    from framing.resources import features_digest

    worst = 0.0
    for name in SHIPPED_MODELS:
        shipped = REPO / "models" / name
        if not shipped.is_dir():
            continue
        manifest = json.loads((shipped / "manifest.json").read_text(encoding="utf-8"))
        if manifest["features_digest"] != features_digest():
            print(f"{name}: NOT reproducible: the lexicons changed since it was trained: retrain it")
            worst = float("inf")
            continue
        command = shlex.split(manifest.get("command") or "")
        if command[:2] != ["framing", "train"]:
            print(f"{name}: its manifest records no training command")
            worst = float("inf")
            continue
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / name
            rc = cli(command[1:] + ["-o", str(out), "--no-eval", "-j", str(args.jobs)])
            diff = compare(shipped / "model.npz", out / "model.npz") if rc == 0 else float("inf")
        worst = max(worst, diff)
        print(f"{name}: retrained in {time.perf_counter() - t0:.0f} s with `{manifest['command']}`; "
              f"largest parameter difference from the shipped model.npz: {diff:.3g}")
    ok = worst <= TOLERANCE
    print(f"reproducible: {'yes' if ok else 'NO'} (largest difference {worst:.3g}, tolerance {TOLERANCE})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
