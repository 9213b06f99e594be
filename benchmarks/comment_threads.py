"""Comment-thread detection on texts that have no saved thread: how often a thread is found
where none is, and what the detection costs.

    python benchmarks/comment_threads.py [--corpus DIR] [--show N]

Reads the training corpora (``../shared/corpus/*.jsonl``: news articles, statements and
SemEval articles as collected, none saved with a readers' thread) and runs
``framing.extractors.comments.find_comments`` on every text in its corpus language. A thread
found here cuts an article's own words out of its voice, so every one is a false cut;
``--show N`` prints the first N with the lines the rules read as the thread's signals. The
tests (``tests/test_comments.py``) check the other side: threads of three shapes are found.
The last line printed is the number of texts with a thread and the time per text.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from framing.extractors.comments import _lines, find_comments

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FILES = ("train.jsonl", "straight.jsonl", "official.jsonl", "ru-train.jsonl",
         "ptc-loaded-dev.jsonl")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--show", type=int, default=0, metavar="N")
    args = ap.parse_args()
    find_comments("Warm up.\nReply\n", "en")  # list loading and lemmatiser start, once
    find_comments("Прогрев.\nОтветить\n", "ru")
    total = found = 0
    seconds = 0.0
    shown = 0
    for name in FILES:
        path = args.corpus / name
        if not path.is_file():
            print(f"{name}: not found, skipped")
            continue
        lang = "ru" if name.startswith("ru-") else "en"
        n = hits = 0
        for line in path.open(encoding="utf-8"):
            text = json.loads(line)["text"]
            t0 = time.perf_counter()
            spans, _ = find_comments(text, lang)
            seconds += time.perf_counter() - t0
            n += 1
            if spans:
                hits += 1
                if shown < args.show:
                    shown += 1
                    print(f"--- {name}: thread from character {spans[0][0]} of {len(text)}")
                    for start, end, kind, _words in _lines(text, lang):
                        if kind in ("H", "P", "T", "M"):
                            print(f"  {kind} {text[start:end][:90]!r}")
        print(f"{name}: {hits} of {n:,} texts with a thread")
        total += n
        found += hits
    print(f"threads found where none is: {found} of {total:,} texts; "
          f"{1e6 * seconds / max(total, 1):.0f} µs per text")


if __name__ == "__main__":
    main()
