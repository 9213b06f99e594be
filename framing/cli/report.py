"""``framing report SCORES -o OUT.html``: the HTML report of a scores file."""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

from ..errors import InputError


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "report",
        help="turn the output of 'framing score' into one self-contained HTML report",
        description="Render the rows 'framing score' wrote (JSONL, CSV or Parquet; .gz too) as one "
        "HTML file that opens offline: overview, label shares per outlet, features, loaded terms, "
        "a document table and a view of each document with its evidence.",
    )
    p.add_argument(
        "scores", metavar="SCORES", type=Path,
        help="scores file (.jsonl, .csv, .parquet), or the Parquet dataset folder that "
        "'framing score --dask' writes",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="OUT.html",
        help="where to write the report, e.g. reports/NAME.html",
    )
    p.add_argument(
        "--title",
        help="report title (default: 'Framing report: INPUT (N documents)', INPUT being the "
        "input file(s) or folder named in the rows' source column)",
    )
    p.add_argument(
        "--full-text-limit",
        type=_count,
        default=2000,
        metavar="N",
        help="documents (in file order) that keep their full text (default 2000)",
    )
    p.add_argument(
        "--snippet-chars",
        type=_count,
        default=600,
        metavar="N",
        help="characters kept of the other documents' texts (default 600)",
    )
    p.add_argument(
        "--max-mb",
        type=float,
        default=25.0,
        metavar="MB",
        help="size budget: shorten the snippets until the file fits (default 25; 0 = no limit)",
    )
    p.add_argument(
        "--sample-rows",
        type=_positive,
        default=None,
        metavar="N",
        help="a Parquet dataset folder of more than N rows (default 20000) is reported from every "
        "row for counts, shares, means and term tables, and from an evenly spaced sample of N "
        "documents for the document table and view; the page says so",
    )
    p.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="count a large dataset folder's rows on a Dask cluster: a scheduler address, or "
        "'local' for a LocalCluster on this machine (needs pip install \"framing[dask]\"); "
        "without it they are counted here, batch by batch",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=_count,
        default=None,
        metavar="N",
        help="worker processes of --dask local (default: the cores)",
    )
    p.add_argument(
        "--model-dir",
        type=Path,
        metavar="DIR",
        help="model directory holding metrics.json (default: the shipped models/)",
    )
    p.set_defaults(func=run)
    return p


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{value}'") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {n}")
    return n


def _positive(value: str) -> int:
    n = _count(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {n}")
    return n


def _dask_stats(address: str, jobs: int | None, path):
    """The corpus-level numbers of a Parquet dataset, counted on the Dask cluster at
    ``address`` (or a LocalCluster of ``jobs`` workers for ``local``)."""
    from ..dask import connect, report_stats  # Dask is an optional extra: only --dask imports it

    client = connect(address, jobs)
    try:
        return report_stats(path, client)
    finally:
        client.close()
        cluster = getattr(client, "cluster", None)
        if cluster is not None:  # the LocalCluster of 'local'
            cluster.close()


def run(args: argparse.Namespace) -> int:
    from ..report import render_report
    from ..report.reader import DATASET_MAX_ROWS, dataset_note

    started = time.perf_counter()
    max_rows = DATASET_MAX_ROWS if args.sample_rows is None else args.sample_rows
    if args.scores.is_dir():  # a Parquet dataset (framing score --dask): sampled when large
        note = dataset_note(args.scores, max_rows)
        if note:
            where = f"on the Dask cluster {args.dask}" if args.dask else "here, batch by batch"
            print(f"framing report: {args.scores}: {note} (counted {where})", file=sys.stderr)
    aggregate = None
    if args.dask:
        if not args.scores.is_dir():
            raise InputError(f"{args.scores}: --dask reports a Parquet dataset folder (the "
                             "output of 'framing score --dask'); report a single file without it")
        aggregate = functools.partial(_dask_stats, args.dask, args.jobs)
    out = render_report(
        args.scores,
        args.output,
        title=args.title,
        max_rows=max_rows,
        aggregate=aggregate,
        full_text_limit=args.full_text_limit,
        snippet_chars=args.snippet_chars,
        model_dir=args.model_dir,
        max_mb=args.max_mb or None,
    )
    size = out.stat().st_size / 1e6
    print(
        f"framing report: wrote {out} ({size:.1f} MB, {time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return 0
