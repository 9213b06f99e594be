"""Instructions per scored document: a speed comparison that a shared, noisy machine cannot blur.

    python benchmarks/instructions.py [--rows 100] [--commit C ...]

On a machine shared with other jobs, wall-clock and even CPU-second figures of the same code
vary by 20 % from one run to the next, so changes worth 5-10 % cannot be told apart by timing.
The number of machine instructions a document costs barely moves. This script counts them with
valgrind's callgrind for the code in this checkout and for each ``--commit`` (its tree unpacked
to a temporary directory, as ``throughput_e2e.py --check`` does):

    instructions(score ROWS documents) - instructions(score none), divided by ROWS

both runs loading the shipped models and scoring the same 50 warm-up articles first (the
per-process caches filled, as in a worker that has run a while), with ``PYTHONHASHSEED=0`` (set
iteration order changes the work done). The documents are the first ``--rows`` lines of
``../shared/corpus/train.jsonl``, scored in one process with the scoring core
(``framing.pipeline.score_batch``; ``Scorer.score`` for code older than it).

Instructions are not time: memory stalls (a garbage collection walking the heap) cost more than
their count. Read this beside ``throughput_e2e.py``, alternated runs and ``stages.py``.
Needs valgrind (Debian: ``apt-get install valgrind``); about two minutes a version for 100 rows.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from naive import CORPUS  # noqa: E402
from throughput_e2e import old_code  # noqa: E402

WARM_UP = 50

# Run by each counted process: argv = [source dir or "", corpus, rows to score, first warm-up row]
_SCORE = r"""
import itertools, json, sys
src, corpus, rows, warm = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if src:
    sys.path.insert(0, src)
from framing.document import Document
try:
    from framing.pipeline import make_scorer, score_batch
    scorer = make_scorer()
    def run(docs):
        score_batch(scorer, docs)
except ImportError:  # code from before the scoring core
    from framing.pipeline import Scorer
    scorer = Scorer()
    def run(docs):
        for d in docs:
            scorer.score(d)
with open(corpus, encoding="utf-8") as fh:
    lines = list(itertools.islice(fh, warm + %d))
docs = [Document(id=str(i), text=json.loads(l).get("text") or "") for i, l in enumerate(lines)]
run(docs[warm:])  # warm-up: the articles after the counted ones
run(docs[:rows])
""" % WARM_UP


def count(src: str, rows: int, warm: int) -> int:
    """Instructions of one process that scores the first ``rows`` documents, after warming up
    on the WARM_UP documents from line ``warm`` on."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("PYTHONPATH", None)
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", _SCORE, src, str(CORPUS), str(rows), str(warm)],
        capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    m = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode != 0 or m is None:
        raise SystemExit(f"instructions.py: the counted run failed ({src or 'this checkout'}):\n"
                         f"{out.stderr[-2000:]}")
    return int(m.group(1))


def per_document(src: str, rows: int) -> float:
    """Instructions per document: a run that scores ``rows`` minus one that scores none."""
    with ThreadPoolExecutor(2) as pool:
        full, empty = pool.map(lambda n: count(src, n, rows), (rows, 0))
    return (full - empty) / rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100)
    ap.add_argument("--commit", action="append", default=[],
                    help="also count this commit's code (repeatable)")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("instructions.py: valgrind is not installed (Debian: apt-get install valgrind)",
              file=sys.stderr)
        return 2
    if not CORPUS.exists():
        print(f"instructions.py: {CORPUS} not found (the shared corpus sits beside the repo)",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="framing-instr-") as tmp:
        targets = [("this checkout", "")]
        for c in args.commit:
            dest = Path(tmp) / c
            old_code(dest, c)
            targets.append((c, str(dest)))
        print(f"instructions per scored document ({args.rows} train.jsonl articles, callgrind, "
              f"after a {WARM_UP}-article warm-up):")
        base = None
        for name, src in targets:
            n = per_document(src, args.rows)
            rel = "" if base is None else f"  ({(n / base - 1) * 100:+.1f} % against this checkout)"
            base = n if base is None else base
            print(f"  {name:<16} {n / 1e6:7.2f} M{rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
