"""Where the time of one document goes: milliseconds per document, stage by stage.

    python benchmarks/stages.py [--rows 300]

Scores the first ``--rows`` articles of ../shared/corpus/train.jsonl in this process with the
CLI's Scorer, with a stopwatch around each stage's function, after a warm-up on 30 documents:

    read         framing.io.read_inputs over the JSONL file (decoding, one Document a row)
    language     language detection (framing.analysis.detect_languages)
    tokenise     tokens, sentences and paragraphs (framing.analysis: tokenize,
                 split_sentences, paragraphs)
    extractors   the rest of framing.analysis.analyse (quotes, attribution, voices, loaded
                 terms, credits, places, comments)
    features     the registry's values and the evidence dicts (framing.extract.compute and
                 the rest of framing.extract.from_analysis)
    style        the style channel's masked n-gram row (framing.model.StyleChannel.row)
    model        the rest of FramingModel._parts and the softmax: the model's arithmetic
    explanation  top_features and top_reasons (FramingModel._contributions)
    write        framing.io.RowSink writing the rows as JSONL
    other        the rest of Scorer.score (the row itself, routing)

A stage is timed exclusive of the stages inside it. ``benchmarks/throughput_e2e.py`` prints
this table after its end-to-end figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from naive import CORPUS  # noqa: E402

STAGES = ("read", "language", "tokenise", "extractors", "features", "style", "model",
          "explanation", "write", "other")


class Stopwatch:
    """Exclusive time per stage: a stage's clock stops while a stage inside it runs."""

    def __init__(self):
        self.total: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []  # [stage, started, time taken by inner stages]

    def wrap(self, stage: str, fn):
        def timed(*args, **kwargs):
            self._stack.append([stage, time.perf_counter(), 0.0])
            try:
                return fn(*args, **kwargs)
            finally:
                name, started, inner = self._stack.pop()
                spent = time.perf_counter() - started
                self.total[name] += spent - inner
                if self._stack:
                    self._stack[-1][2] += spent
        return timed


@contextmanager
def patched(watch: Stopwatch):
    """Stopwatches around each stage's function, where the code looks them up."""
    import framing.analysis
    import framing.model
    import framing.pipeline  # noqa: F401  (all three loaded before sys.modules is read)

    # sys.modules: the package's own names (framing.extract is also a function) shadow modules
    analysis, extract, model, pipeline = (sys.modules[f"framing.{m}"] for m in
                                          ("analysis", "extract", "model", "pipeline"))

    targets = [
        (pipeline.Scorer, "_score", "other"),
        (extract, "analyse", "extractors"),
        (analysis, "detect_languages", "language"),
        (analysis, "tokenize", "tokenise"),
        (analysis, "split_sentences", "tokenise"),
        (analysis, "paragraphs", "tokenise"),
        (pipeline.Classifier, "explain_extractions", "model"),
        (extract, "from_analysis", "features"),
        (model.StyleChannel, "row", "style"),
        (model.FramingModel, "_contributions", "explanation"),
    ]
    with ExitStack() as stack:
        for owner, name, stage in targets:
            original = getattr(owner, name, None)
            if original is None:
                raise SystemExit(f"stages.py: {getattr(owner, '__name__', owner)}.{name} is gone; update the "
                                 "stage map of benchmarks/stages.py")
            setattr(owner, name, watch.wrap(stage, original))
            stack.callback(setattr, owner, name, original)
        yield watch


def stage_times(path: Path = CORPUS, rows: int = 300, warm_up: int = 30) -> tuple[dict, int]:
    """Milliseconds per document of each stage over the first ``rows`` rows of ``path``."""
    from framing import schema
    from framing.io.readers import read_inputs
    from framing.io.writers import RowSink
    from framing.pipeline import make_scorer, score_batch

    with tempfile.TemporaryDirectory(prefix="framing-stages-") as tmp:
        src = Path(tmp) / "in.jsonl"
        with open(path, encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as out:
            for i, line in enumerate(fh):
                if i >= rows + warm_up:
                    break
                out.write(line)
        scorer = make_scorer(None, True)
        watch = Stopwatch()
        started = time.perf_counter()
        docs = list(read_inputs([str(src)]))
        watch.total["read"] = (time.perf_counter() - started) * rows / len(docs)
        score_batch(scorer, docs[:warm_up])
        docs = docs[warm_up:]
        with patched(watch):
            rows_out = score_batch(scorer, docs)
        features = tuple(scorer.feature_names)
        sink = RowSink(str(Path(tmp) / "out.jsonl"), columns=schema.columns(features),
                       float_columns=features + ("confidence", "p_wire", "p_state", "p_partisan"))
        started = time.perf_counter()
        for row in rows_out:
            sink.write(row)
        sink.finalize()
        watch.total["write"] = time.perf_counter() - started
    return {s: 1000 * watch.total.get(s, 0.0) / len(docs) for s in STAGES}, len(docs)


def table(ms: dict[str, float], n: int) -> list[str]:
    total = sum(ms.values())
    lines = [f"ms per document, one process, {n} documents (stage: ms, share)"]
    lines += [f"  {s:<12} {ms[s]:6.2f}  {100 * ms[s] / total:4.0f} %" for s in STAGES]
    lines.append(f"  {'total':<12} {total:6.2f}  ({1000 / total:.0f} documents/s in one process)")
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=300)
    args = p.parse_args(argv)
    if not CORPUS.is_file():
        raise SystemExit(f"corpus not found: {CORPUS}")
    print("\n".join(table(*stage_times(rows=args.rows))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
