"""``framing score INPUT... -o OUT.parquet --dask SCHEDULER``: the CLI's glue to
:mod:`framing.dask` (plan the partitions, score them on the cluster, write the Parquet dataset,
print the same summary as a local run)."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ..dask import (
    PART_NAME,
    PARTITION_BYTES,
    PARTITION_ROWS,
    _check_output,
    _dask,
    _doc_meta,
    _flag_repeats,
    _plain_objects,
    _prepare_output,
    _rescue,
    _score_partition,
    _write_part,
    connect,
    empty_output,
    expand_inputs,
    output_kinds,
    plan,
    read_part,
    sample_passthrough,
    scorer_schema,
)
from ..errors import InputError
from ..io.fetch import is_url
from ..io.readers import check_inputs
from ..io.writers import RowSink
from .common import _note, _summary


def run_dask(args) -> int:
    """``framing score INPUT... -o OUT.parquet --dask SCHEDULER``."""
    _dask()
    if args.output is None:
        raise InputError("--dask needs -o OUT.parquet: it writes a Parquet dataset")
    if args.resume:
        raise InputError("--resume is not available with --dask; rerun the whole command")
    if args.report and not Path(args.report).resolve().parent.is_dir():
        raise InputError(f"--report {args.report}: folder "
                         f"{Path(args.report).resolve().parent} does not exist")
    if args.jobs is not None and args.jobs < 1:
        raise InputError(f"--jobs must be 1 or more, got {args.jobs}")
    if args.max_chars < 1:
        raise InputError(f"--max-chars must be 1 or more, got {args.max_chars}")
    if getattr(args, "urls", None) or any(is_url(raw) for raw in args.inputs):
        raise InputError("--dask reads files, not URLs (fetching stays polite on one machine): "
                         "score the URLs without --dask, or save the pages and score the folder")
    inputs = expand_inputs(args.inputs)
    check_inputs(inputs)
    output = Path(args.output)
    _check_output(output)
    options = (args.model, not args.no_text)
    fields = (args.text_field, args.id_field, args.outlet_field, args.max_chars,
              getattr(args, "outlet_from", "meta"))
    partition_rows = int(os.environ.get("FRAMING_DASK_PARTITION_ROWS", PARTITION_ROWS))
    partition_bytes = int(os.environ.get("FRAMING_DASK_PARTITION_BYTES", PARTITION_BYTES))
    skipped: list[tuple[Path, str]] = []
    parts = plan(inputs, partition_rows=partition_rows, partition_bytes=partition_bytes,
                 skipped=skipped, strict=getattr(args, "strict", False))
    passthrough = sample_passthrough(inputs, fields)

    dd = _dask()
    import dask
    from distributed import KilledWorker, as_completed

    start = time.perf_counter()
    client = connect(args.dask, args.jobs)
    partial: Path | None = None
    try:
        # the model is loaded (and checked) on a worker, which keeps it, before anything is
        # written; the client never loads it
        info = client.submit(scorer_schema, options, pure=False).result()
        kinds = output_kinds(info, passthrough)
        partial = _prepare_output(output)
        with _plain_objects():
            docs = dd.from_map(read_part, parts, args=(fields, passthrough),
                               meta=_doc_meta(passthrough), enforce_metadata=False)
            # repeated ids are flagged after scoring, from the ids each part returns: no
            # second pass over the input
            scored = docs.map_partitions(_score_partition, kinds, options, {},
                                         meta=empty_output(kinds), enforce_metadata=False)
            tasks = [dask.delayed(_write_part)(part, str(partial / PART_NAME.format(i)))
                     for i, part in enumerate(scored.to_delayed())]
            doc_parts = docs.to_delayed()
        futures = client.compute(tasks)
        index = {f.key: i for i, f in enumerate(futures)}
        bar = None
        if not args.quiet and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=len(futures), unit="part", file=sys.stderr, desc="scoring")
        totals: dict[int, dict[str, Any]] = {}
        for fut in as_completed(futures):
            i = index[fut.key]
            try:
                totals[i] = fut.result()
            except KilledWorker:
                # this partition killed worker after worker: one task per document, so only
                # a document that kills its worker becomes an error row
                frame = _rescue(client, doc_parts[i], kinds, options, [])
                totals[i] = _write_part(frame, str(partial / PART_NAME.format(i)))
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
    except BaseException:
        if partial is not None:
            _note(f"stopped; the parts scored so far are in {partial} (not resumable: rerun)")
        raise
    finally:
        client.close()
        cluster = getattr(client, "cluster", None)
        if cluster is not None:
            cluster.close()
    if not parts:  # nothing to read: still an output with the header
        _write_part(empty_output(kinds), str(partial / PART_NAME.format(0)))
    duplicates = _flag_repeats(partial, totals)
    if output.exists():
        shutil.rmtree(output) if output.is_dir() else output.unlink()
    os.replace(partial, output)
    elapsed = time.perf_counter() - start
    statuses: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    for t in totals.values():
        statuses.update(t["statuses"])
        labels.update(t["labels"])

    # the local run's summary, word for word (a sink with nothing resumed)
    _summary(RowSink(None), statuses, labels, duplicates, elapsed, output, skipped)
    if args.report:
        from ..report import render_report
        from ..report.reader import dataset_note

        note = dataset_note(output)
        if note:
            _note(f"report: {note}")
        render_report(output, args.report)  # corpus-level counts over every row, in-process
        _note(f"report written to {args.report}")
    return 1 if statuses["error"] else 0
