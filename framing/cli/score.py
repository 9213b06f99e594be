"""``framing score INPUT... [-o OUTPUT]``: score files, folders and row dumps, one row each.

A thin shell: :func:`framing.io.read_inputs` streams Documents, :func:`framing.parallel.
score_stream` scores them in order with the scoring core (:mod:`framing.pipeline`),
:class:`framing.io.RowSink` writes the rows through a ``.partial`` journal that becomes the
output only when the run completes. ``--dask`` hands the run to :mod:`framing.cli.score_dask`.
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .. import schema
from ..document import Document
from ..errors import InputError
from ..io.fetch import DEFAULT_DELAY, DEFAULT_TIMEOUT, is_url
from ..io.readers import (
    DEFAULT_MAX_CHARS,
    OUTLET_FROM,
    STDIN_FORMATS,
    SUPPORTED_SUFFIXES,
    check_inputs,
    check_url_lists,
    read_inputs,
)
from ..io.writers import OUTPUT_FORMATS, RowSink, output_format, partial_path
from ..parallel import default_jobs, score_stream
from ..pipeline import RepeatedIds, make_scorer
from .common import _note, _summary

EPILOG = f"""\
inputs: files and folders (recursive) with the suffixes {", ".join(SUPPORTED_SUFFIXES)},
http:// and https:// URLs, and '-' for standard input: JSONL, or one plain-text document
(--stdin-format). Row formats name their columns with --text-field, --id-field and
--outlet-field; title, date, author and url columns fill those output columns; their other
columns pass through to the output. HTML pages give their own outlet, title, date, author and
URL. Files in a folder that are not read (other suffixes, hidden names) are listed in the
summary; --strict makes each an error row.

web pages: URLs (INPUTs, or --urls FILE) are fetched one at a time per host, --fetch-delay
apart, obeying robots.txt, with timeouts, a 10 MB limit and retries on 5xx and timeouts only;
--cache DIR keeps them for the next run. A URL that cannot be had is an error row saying why.

output: one row per input document, in input order, status ok / abstained / error.
-o picks the format by suffix ({", ".join(OUTPUT_FORMATS)}); without -o, JSONL goes to standard
output. Rows are journaled to OUTPUT.partial (JSONL) and OUTPUT appears only when the run
completes; after an interruption, rerun the same command with --resume.

exit status: 0 every document scored or abstained, 1 some documents failed (their rows are in
the output), 2 usage error.

examples:
  framing score articles/ -o scores.csv
  framing score saved-pages/ --outlet-from folder -o scores.jsonl --report report.html
  framing score --urls links.txt --cache pages-cache/ -o scores.jsonl
  framing score dump.jsonl.gz --text-field body -o scores.parquet
  zcat dump.jsonl.gz | framing score - > scores.jsonl
  cat article.txt | framing score - -o scores.jsonl
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "score",
        help="score documents: one output row each",
        description="Score news documents: label each wire / state / partisan with its evidence.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "inputs", nargs="*", metavar="INPUT",
        help="file, folder, http(s):// URL (fetched) or '-' (standard input: JSONL or plain text)"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="OUTPUT",
        help="output file (.jsonl, .csv, .parquet); default JSONL on standard output",
    )
    p.add_argument(
        "--text-field",
        default="text",
        metavar="NAME",
        help="row formats: column with the article text (default: text)",
    )
    p.add_argument(
        "--id-field",
        default="id",
        metavar="NAME",
        help="row formats: column with the document id (default: id)",
    )
    p.add_argument(
        "--outlet-field",
        default="outlet",
        metavar="NAME",
        help="row formats: column with the outlet name (default: outlet)",
    )
    p.add_argument("--urls", action="append", default=[], metavar="FILE",
                   help="fetch and score the URLs in FILE, one a line (blank lines and # "
                   "comments skipped), after the INPUTs; may be repeated")
    p.add_argument("--cache", metavar="DIR",
                   help="keep fetched pages in DIR (keyed by URL): a rerun, or --resume, "
                   "fetches nothing it has")
    p.add_argument("--fetch-delay", type=float, default=DEFAULT_DELAY, metavar="SECONDS",
                   help="seconds between two requests to the same host (default: "
                   f"{DEFAULT_DELAY:g}; a longer robots.txt Crawl-delay wins)")
    p.add_argument("--fetch-timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"connect and read timeout of a fetch (default: {DEFAULT_TIMEOUT:g})")
    p.add_argument("--outlet-from", choices=OUTLET_FROM, default="meta",
                   help="meta (default): a row's --outlet-field, or the outlet a page names "
                   "(og:site_name, JSON-LD publisher, ...), else its URL's domain; folder: the "
                   "same, but a file's folder name before the domain (for outlet/story.txt)")
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes (default: the number of cores)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run from OUTPUT.partial, skipping ids it has",
    )
    p.add_argument(
        "--max-chars",
        type=int,
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help="keep at most N characters of a document; longer ones are cut and "
        f"flagged truncated (default: {DEFAULT_MAX_CHARS:,})",
    )
    p.add_argument(
        "--stdin-format",
        choices=STDIN_FORMATS,
        default="auto",
        help="what '-' holds: jsonl (one object a line), text (one document), or auto: JSONL "
        "when the first non-blank character is '{', else one text document (default: auto)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="a file in a folder that is not read (unsupported suffix, hidden name) is an error "
        "row instead of a line in the summary",
    )
    p.add_argument("--model", metavar="PATH",
                   help="a model directory (or its model.npz, or a name under models/) "
                   "to judge the languages it covers, before the shipped models (they judge "
                   "the rest); checked like the shipped ones")
    p.add_argument("--no-text", action="store_true", help="leave the text column out")
    p.add_argument("--report", metavar="PATH", help="also write the HTML report of the rows")
    p.add_argument("--dask", metavar="SCHEDULER",
                   help="score on a Dask cluster: a scheduler address, or 'local' for a "
                   "LocalCluster of -j worker processes; writes OUTPUT.parquet as a Parquet "
                   "dataset (needs pip install \"framing[dask]\")")
    p.set_defaults(func=run)
    return p


# ------------------------------------------------------------------------- run


def _check_options(args: argparse.Namespace) -> int:
    jobs = default_jobs() if args.jobs is None else args.jobs
    if jobs < 1:
        raise InputError(f"--jobs must be 1 or more, got {jobs}")
    if args.max_chars < 1:
        raise InputError(f"--max-chars must be 1 or more, got {args.max_chars}")
    if args.output is not None:
        output_format(args.output)
    elif args.resume:
        raise InputError("--resume needs -o OUTPUT: a run on standard output cannot be resumed")
    if args.report:
        parent = Path(args.report).resolve().parent
        if not parent.is_dir():
            raise InputError(f"--report {args.report}: folder {parent} does not exist")
    if args.inputs.count("-") > 1:
        raise InputError("'-' (standard input) may be given once")
    if not args.inputs and not args.urls:
        raise InputError("no input given; name files, folders or URLs, '-' for standard "
                         "input, or --urls FILE")
    if args.fetch_delay < 0 or args.fetch_timeout <= 0:
        raise InputError("--fetch-delay must be 0 or more and --fetch-timeout more than 0")
    return jobs


def _fetcher(args: argparse.Namespace):
    """The run's Fetcher when it has URLs to fetch (INPUTs or --urls), else None."""
    if not args.urls and not any(is_url(raw) for raw in args.inputs):
        return None
    from ..io.fetch import Fetcher

    return Fetcher(cache_dir=args.cache, delay=args.fetch_delay, timeout=args.fetch_timeout)


def _progress(args: argparse.Namespace):
    if args.quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    from ..io.readers import estimate_count

    columns, lines = _terminal_size(sys.stderr)
    sized = columns > 0 and lines > 0
    return tqdm(
        total=estimate_count(args.inputs, args.urls),
        initial=0,
        unit="doc",
        file=sys.stderr,
        # a terminal that reports its size: the bar follows resizes. One that reports 0 columns
        # and rows (a pseudo-terminal under `script`, some CI runners) would get no bar at all
        # (tqdm draws nothing in 0 columns, nor below row -1): a fixed size instead.
        dynamic_ncols=sized,
        ncols=None if sized else (columns if columns > 0 else FALLBACK_COLUMNS),
        nrows=None if sized else (lines if lines > 0 else FALLBACK_LINES),
        smoothing=0.1,
        desc="scoring",
    )


FALLBACK_COLUMNS, FALLBACK_LINES = 80, 24


def _terminal_size(stream: Any) -> tuple[int, int]:
    """Columns and lines of the terminal behind ``stream`` (0, 0 when it reports none)."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return 0, 0
    return size.columns, size.lines


def _skip_done(docs: Iterable[Document], done: Counter[str], bar: Any) -> Iterator[Document]:
    """Drop documents whose rows are already in a resumed journal (counting duplicates)."""
    for doc in docs:
        if done and done.get(doc.id):
            done[doc.id] -= 1
            if not done[doc.id]:
                del done[doc.id]
            if bar is not None:
                bar.update(1)
            continue
        yield doc


def run(args: argparse.Namespace) -> int:
    if getattr(args, "dask", None):
        from .score_dask import run_dask  # Dask is an optional extra: only --dask imports it

        return run_dask(args)
    jobs = _check_options(args)
    if not getattr(args, "verbose", False):
        # trafilatura warns about every page it finds no text in; those pages get error rows
        logging.getLogger("trafilatura").setLevel(logging.ERROR)
    if args.inputs:
        check_inputs(args.inputs)
    check_url_lists(args.urls)
    fetcher = _fetcher(args)  # before any output exists: a bad --cache is a usage error
    factory = functools.partial(make_scorer, args.model, not args.no_text)
    scorer = factory()  # load (and check) the model before any output exists
    features = tuple(scorer.feature_names)
    cols = schema.columns(features)
    if args.no_text:
        cols = [c for c in cols if c != schema.TEXT_COLUMN]

    if args.output is not None:
        partial = partial_path(args.output)
        if args.resume and not partial.exists():
            _note(f"nothing to resume ({partial} does not exist); scoring from the start")
        elif not args.resume and partial.exists():
            _note(f"replacing {partial} from an earlier run (use --resume to continue it)")

    tee = None
    if args.report and args.output is None:
        fd, tee = tempfile.mkstemp(prefix="framing-scores-", suffix=".jsonl")
        os.close(fd)
    sink = RowSink(
        args.output,
        resume=args.resume,
        columns=cols,
        float_columns=features + ("confidence", "p_wire", "p_state", "p_partisan"),
        tee=tee,
    )
    repeated = RepeatedIds(sink.done)
    done = Counter(sink.done)
    statuses: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    skipped: list[tuple[Path, str]] = []
    bar = _progress(args)
    start = time.perf_counter()
    try:
        docs = read_inputs(
            args.inputs,
            text_field=args.text_field,
            id_field=args.id_field,
            outlet_field=args.outlet_field,
            max_chars=args.max_chars,
            stdin_format=args.stdin_format,
            on_skip=lambda path, reason: skipped.append((path, reason)),
            strict=args.strict,
            outlet_from=args.outlet_from,
            url_lists=args.urls,
            fetcher=fetcher,
            # a resumed run has these rows: their pages are not fetched again
            skip_fetch=lambda url: done.get(url, 0) > 0,
        )
        for row in score_stream(_skip_done(docs, done, bar), jobs=jobs, scorer_factory=factory):
            repeated.flag(row)
            statuses[row.get("status") or "error"] += 1
            if row.get("label"):
                labels[row["label"]] += 1
            sink.write(row)
            if bar is not None:
                bar.update(1)
    except BaseException as exc:
        sink.close()
        if bar is not None:
            bar.close()
        if sink.partial is not None:
            if sink.n_written + sink.n_resumed:
                what = "interrupted" if isinstance(exc, KeyboardInterrupt) else "stopped"
                _note(
                    f"{what} after {sink.n_written + sink.n_resumed} rows; they are in "
                    f"{sink.partial}; rerun the same command with --resume to continue"
                )
            else:
                sink.partial.unlink(missing_ok=True)  # nothing worth resuming
        if tee:
            Path(tee).unlink(missing_ok=True)
        raise
    finally:
        if fetcher is not None:
            fetcher.close()
    if bar is not None:
        bar.close()
    output = sink.finalize()
    elapsed = time.perf_counter() - start
    _summary(sink, statuses, labels, repeated.count, elapsed, output, skipped)
    if fetcher is not None and (fetcher.fetched or fetcher.from_cache):
        _note(f"web pages: {fetcher.fetched} fetched, {fetcher.from_cache} from the cache"
              + (f" ({args.cache})" if args.cache else "")
              + f"; {fetcher.requests} HTTP requests sent")

    if args.report:
        from ..report import render_report  # the report is optional; only --report pays for it

        try:
            render_report(output if output is not None else tee, args.report)
        finally:
            if tee:
                Path(tee).unlink(missing_ok=True)
        _note(f"report written to {args.report}")
    return 1 if statuses["error"] or sink.resumed_statuses["error"] else 0
