"""Throughput of feature extraction, one process, against a naive reference; then end to end.

    python benchmarks/throughput.py [--rows 2000] [--no-e2e]

Part 1 (issue 2): ``framing.extract`` over the first 2,000 rows of ../shared/corpus/train.jsonl
in one process, and in the same run the naive reference (VADER on every sentence + textstat
Flesch on the whole text + regex quote counting). Aim: >= 3x the reference.
Part 2 (issue 4): ``framing score -j 2`` end to end and its memory (benchmarks/throughput_e2e.py).
Both pipelines are warmed up on 50 documents first (model and lexicon loading is start-up, not
throughput). The last line printed is the extractor's documents per second.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from naive import CORPUS, naive_reference  # noqa: E402
from throughput_e2e import run_e2e  # noqa: E402

AIM_EXTRACT_SPEEDUP = 3.0


def load_texts(rows: int) -> list[str]:
    texts = []
    with open(CORPUS, encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) >= rows:
                break
    return texts


def rate(fn, texts: list[str]) -> float:
    for t in texts[:50]:
        fn(t)
    start = time.perf_counter()
    for t in texts:
        fn(t)
    return len(texts) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=2000)
    p.add_argument("--no-e2e", action="store_true", help="only the single-process extractor part")
    args = p.parse_args(argv)
    if not CORPUS.is_file():
        raise SystemExit(f"corpus not found: {CORPUS}")
    import framing

    texts = load_texts(args.rows)
    words = sorted(len(t.split()) for t in texts)[len(texts) // 2]
    ours = rate(framing.extract, texts)
    naive = rate(naive_reference, texts)
    print(f"{len(texts)} documents, median {words} words")
    print(f"naive reference (VADER per sentence + textstat Flesch + regex quotes): {naive:.0f} documents/s")
    print(f"extractor speed-up over the naive reference: {ours / naive:.1f}x "
          f"(aim >= {AIM_EXTRACT_SPEEDUP:.0f}x: {'met' if ours / naive >= AIM_EXTRACT_SPEEDUP else 'NOT met'})")
    if not args.no_e2e:
        run_e2e(rows=args.rows)
    print(f"framing.extract, 1 process: {ours:.0f} documents/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
