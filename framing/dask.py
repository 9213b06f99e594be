"""Scoring on a Dask cluster: the same rows as ``framing score``, past one machine.

``pip install "framing[dask]"``, then::

    import dask.dataframe as dd, framing.dask
    frame = dd.read_parquet("archive/")                    # a text column, any others pass through
    scores = framing.dask.score(frame, text_field="body")  # a dask dataframe of output rows
    scores.to_parquet("scores.parquet/")

or from the command line, ``framing score INPUT... -o OUT.parquet --dask SCHEDULER`` (a scheduler
address, or ``local`` for a ``LocalCluster`` on this machine; :mod:`framing.cli.score_dask`),
which reads the inputs on the workers, writes a Parquet dataset (a folder of part files, in
input order) and prints the same summary as a local run. This module never imports the CLI.

How it maps onto the local path:

* Each partition is scored with :func:`framing.pipeline.score_batch`, the scoring core that
  ``framing score -j N`` runs in its workers, with the same Scorer
  (:func:`framing.pipeline.make_scorer`), which is cached per process: a Dask worker loads the
  model once, on its first partition, not once per partition or row.
* Output columns come from ``Scorer.columns()`` (``framing.schema``), then the pass-through
  columns; values go through the same JSON encoding and Parquet conversion as
  :mod:`framing.io.writers`, so a row here equals the row ``framing score -o X.parquet``
  writes: evidence and ``languages`` as JSON strings, floats and ints typed as there.
* Repeated ids are flagged ``duplicate_id`` on every occurrence after the first, in input
  order, as locally: :func:`score` reads the ids of every partition in a cheap first pass; the
  CLI flags them after scoring from the ids each part returns (rewriting only the parts that
  hold a repeat).
* The CLI plans its partitions itself (Parquet row-group slices, JSONL byte ranges on line
  boundaries with their line numbers, whole files for the rest) and reads them on the workers
  with the readers of :mod:`framing.io.readers`, so ids, sources, encodings and error rows for
  unreadable input are the same as in a local run.
* A worker that dies mid-run (killed, out of memory) loses no document: Dask re-runs its tasks
  on the other workers. A partition that kills workers again and again (Dask gives up on it with
  ``KilledWorker``) is scored one document a task, so only a document that kills its worker
  becomes an error row, as ``framing score -j N`` does.
"""

from __future__ import annotations

import glob
import io
import json
import logging
import math
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from . import schema
from .document import Document
from .errors import InputError
from .pipeline import RepeatedIds, died_row, make_scorer, score_batch

# Columns of a frame of documents (what the readers yield), named so they cannot clash with
# pass-through columns.
DOC_PREFIX = "framing."
DOC_FIELDS = ("id", "text", "source", "outlet", "encoding", "truncated", "error",
              *schema.PAGE_COLUMNS)
DOC_COLUMNS = tuple(DOC_PREFIX + f for f in DOC_FIELDS)
DOC_ID = DOC_PREFIX + "id"

PARTITION_ROWS = 250  # documents per partition planned by the CLI (Parquet, one-document files)
PARTITION_BYTES = 1_000_000  # bytes of JSONL per partition (about 250-350 news articles)
PART_NAME = "part.{:06d}.parquet"  # zero-padded: sorted names are input order
SAMPLE_LINES = 200  # JSONL lines read on the client to learn the pass-through columns

def _dask():
    try:
        import dask  # noqa: F401
        import dask.dataframe as dd
        import distributed  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise InputError(
            "Dask is not installed: pip install \"framing[dask]\" (dask[dataframe,distributed])"
        ) from exc
    return dd


# ------------------------------------------------------------------------- the scorer


def get_scorer(model: str | None = None, include_text: bool = True):
    """The Scorer for these options, built once per process (a worker keeps it)."""
    return make_scorer(model, include_text)


# ------------------------------------------------------------------------- columns and types

_FLOAT_BASE = ("confidence",) + tuple(f"p_{lab}" for lab in schema.LABELS)


_PROBE = ('GENEVA, May 4 (Reuters) - "We are making progress," a diplomat told Reuters on '
          "Monday. The so-called activists were not terrorists, officials said.")


def scorer_schema(options: tuple = (None, True)) -> dict[str, Any]:
    """What the output columns are for the CLI's Scorer with these options: its ``columns()``,
    ``feature_names`` and a probe row's value types (for columns the writer types from their
    values). Run on a worker by the CLI: it loads and checks the model where it is needed."""
    scorer = get_scorer(*options)
    row = scorer.score(Document(id="probe", text=_PROBE, source="probe"))
    return {"columns": list(scorer.columns()), "feature_names": list(scorer.feature_names),
            "probe": {k: _kind_of_values([v]) for k, v in row.items()}}


def output_kinds(info: dict[str, Any], passthrough: dict[str, str] | None = None
                 ) -> dict[str, str]:
    """Column -> kind (float / int / bool / json / string) of the output rows, as the Parquet
    writer types them (:func:`scorer_schema` gives ``info``): the Scorer's columns, then the
    pass-through columns (a name that clashes with a schema column becomes ``input_<name>``, as
    in :func:`framing.parallel.score_document`)."""
    from .io.writers import _BASE_TYPES

    floats = set(info["feature_names"]) | set(_FLOAT_BASE)
    kinds: dict[str, str] = {}
    for col in info["columns"]:
        if col in floats:
            kinds[col] = "float"
        elif col in _BASE_TYPES:
            kinds[col] = _BASE_TYPES[col]
        elif col in schema.JSON_COLUMNS:
            kinds[col] = "json"
        else:  # the writer types other columns from their values (a probe row's here)
            kinds[col] = info["probe"].get(col, "string")
    for name, kind in (passthrough or {}).items():
        out = name
        while out in kinds:
            out = f"input_{out}"
        kinds[out] = kind
    return kinds


def _arrow_schema(kinds: dict[str, str]):
    import pyarrow as pa

    arrow = {"float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}
    return pa.schema([(col, arrow.get(kind, pa.string())) for col, kind in kinds.items()])


def rows_to_table(rows: list[dict[str, Any]], kinds: dict[str, str]):
    """Output rows as a pyarrow Table with the Parquet writer's types and values: each row goes
    through the journal's JSON encoding, then the writer's conversion (bit for bit the same
    floats, evidence as JSON strings)."""
    import pyarrow as pa

    from .io.writers import _convert, dumps_row

    plain = [json.loads(dumps_row(r)) for r in rows]
    data = {col: [_convert(r.get(col), kind) for r in plain] for col, kind in kinds.items()}
    return pa.Table.from_pydict(data, schema=_arrow_schema(kinds))


def _frame(table):
    import pandas as pd

    return table.to_pandas(types_mapper=pd.ArrowDtype)


def empty_output(kinds: dict[str, str]):
    """The (empty) pandas frame of output rows: the meta of the dask dataframe."""
    return _frame(rows_to_table([], kinds))


def _kind_of_dtype(dtype: Any) -> str:
    import pandas as pd

    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    return "string"


def _kind_of_values(values: list[Any]) -> str:
    """The writer's inference for a pass-through column from the values seen."""
    seen = {type(v).__name__ for v in values if v is not None}
    if seen & {"dict", "list"}:
        return "json"
    if seen == {"bool"}:
        return "bool"
    if seen and seen <= {"int"}:
        return "int"
    if seen and seen <= {"int", "float"}:
        return "float"
    return "string"


# ------------------------------------------------------------------------- documents


def _doc_meta(passthrough: dict[str, str]):
    """The (empty) pandas frame of documents with these pass-through columns."""
    import pandas as pd

    cols: dict[str, Any] = {c: pd.Series([], dtype=object) for c in DOC_COLUMNS}
    cols[DOC_PREFIX + "truncated"] = pd.Series([], dtype=bool)
    for name in passthrough:
        cols[name] = pd.Series([], dtype=object)
    return pd.DataFrame(cols)


def documents_to_frame(docs: list[Document], passthrough: dict[str, str]):
    """A pandas frame of documents (``framing.*`` columns, then pass-through columns)."""
    import pandas as pd

    data: dict[str, list[Any]] = {c: [] for c in DOC_COLUMNS}
    for name in passthrough:
        data[name] = []
    for d in docs:
        for f, c in zip(DOC_FIELDS, DOC_COLUMNS):
            data[c].append(getattr(d, f))
        for name in passthrough:
            data[name].append(d.meta.get(name))
    frame = pd.DataFrame({c: pd.Series(v, dtype=bool if c == DOC_PREFIX + "truncated"
                                       else object) for c, v in data.items()})
    return frame


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return value.tolist()
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value


def frame_to_documents(frame) -> list[Document]:
    """Documents from a pandas frame of documents (the inverse of :func:`documents_to_frame`)."""
    meta_cols = [c for c in frame.columns if c not in DOC_COLUMNS]
    out = []
    for rec in frame.to_dict("records"):
        meta = {c: _plain(rec[c]) for c in meta_cols}
        f = {k: _plain(rec[DOC_PREFIX + k]) for k in DOC_FIELDS}
        out.append(Document(id=f["id"], text=f["text"], source=f["source"] or "",
                            outlet=f["outlet"], meta=meta, encoding=f["encoding"],
                            truncated=bool(f["truncated"]), error=f["error"],
                            **{k: f[k] for k in schema.PAGE_COLUMNS}))
    return out


def _rows_to_docs(frame, fields: tuple, passthrough: dict[str, str],
                  partition_info: dict | None = None):
    """A user's frame (text, id, outlet and other columns) -> a frame of documents, with the
    readers' rules for missing ids, missing or non-text text and the size cap."""
    from .io.readers import _Fields, _row_document

    f = _Fields(*fields)
    text_field, id_field, outlet_field = fields[:3]
    part = (partition_info or {}).get("number", 0)
    keep = [c for c in (text_field, id_field, outlet_field, *schema.PAGE_COLUMNS, *passthrough)
            if c in frame.columns]
    docs = []
    for i, rec in enumerate(frame[keep].to_dict("records"), 1):
        row = {k: _plain(v) for k, v in rec.items()}
        if row.get(text_field) is None:
            row.pop(text_field, None)
        source = f"partition {part}:row {i}"
        docs.append(_row_document(row, f, source, source, None))
    return documents_to_frame(docs, passthrough)


# ------------------------------------------------------------------------- scoring


def _score_partition(frame, kinds: dict[str, str], options: tuple, repeats: dict[int, list[int]],
                     partition_info: dict | None = None):
    rows = score_batch(get_scorer(*options), frame_to_documents(frame))
    part = (partition_info or {}).get("number")
    for pos in repeats.get(part, ()) if part is not None else ():
        rows[pos]["duplicate_id"] = True
    return _frame(rows_to_table(rows, kinds))


def find_repeats(docs, scheduler: Any = None) -> dict[int, list[int]]:
    """Positions (partition -> row positions) of ids seen earlier in input order. Computes the
    id column of every partition (a cheap pass: no scoring)."""
    import dask

    parts = docs[DOC_ID].to_delayed()
    ids = dask.compute(*[dask.delayed(list)(p) for p in parts], scheduler=scheduler)
    seen: set[str] = set()
    repeats: dict[int, list[int]] = {}
    for p, part_ids in enumerate(ids):
        for i, doc_id in enumerate(part_ids):
            if doc_id in seen:
                repeats.setdefault(p, []).append(i)
            else:
                seen.add(doc_id)
    return repeats


def score_documents(docs, *, passthrough: dict[str, str] | None = None, model: str | None = None,
                    include_text: bool = True,
                    flag_duplicates: bool = True):
    """Score a dask dataframe of documents (``framing.*`` columns, as the CLI's reader makes
    them; other columns pass through) into a dask dataframe of output rows."""
    passthrough = passthrough if passthrough is not None else {
        c: _kind_of_dtype(t) for c, t in docs.dtypes.items() if c not in DOC_COLUMNS}
    # loads (and checks) the model here before any work, as the CLI does before it writes
    kinds = output_kinds(scorer_schema((model, include_text)), passthrough)
    repeats = find_repeats(docs) if flag_duplicates else {}
    return docs.map_partitions(_score_partition, kinds, (model, include_text),
                               repeats, meta=empty_output(kinds), enforce_metadata=False)


def score(frame, *, text_field: str = "text", id_field: str = "id", outlet_field: str = "outlet",
          model: str | None = None, include_text: bool = True,
          max_chars: int | None = None, flag_duplicates: bool = True):
    """Score a ``dask.dataframe`` with a text column into a dask dataframe of output rows.

    The columns, types and values are those ``framing score -o X.parquet`` writes (evidence and
    ``languages`` as JSON strings), then the frame's other columns (pass-through; a name that
    clashes with an output column becomes ``input_<name>``). A row without an id gets
    ``"partition P:row N"`` (also its ``source``). ``model``/``include_text``/
    ``max_chars`` are the CLI's ``--model``, ``--no-text`` (negated) and
    ``--max-chars``. ``flag_duplicates`` reads the id column once before scoring to flag
    repeated ids as the CLI does (pass False to skip that pass).
    """
    from .io.readers import DEFAULT_MAX_CHARS

    _dask()
    if text_field not in frame.columns:
        raise InputError(f"the frame has no column '{text_field}'; columns are: "
                         f"{', '.join(map(str, frame.columns))}; name it with text_field=")
    passthrough = {c: _kind_of_dtype(t) for c, t in frame.dtypes.items()
                   if c not in (text_field, id_field, outlet_field, *schema.PAGE_COLUMNS)}
    fields = (text_field, id_field, outlet_field, max_chars or DEFAULT_MAX_CHARS)
    with _plain_objects():
        docs = frame.map_partitions(_rows_to_docs, fields, passthrough,
                                    meta=_doc_meta(passthrough), enforce_metadata=False)
        return score_documents(docs, passthrough=passthrough, model=model,
                               include_text=include_text,
                               flag_duplicates=flag_duplicates)


def _plain_objects():
    """Dask converts object columns to its string type by default: frames of documents keep
    their Python objects (a nested pass-through value stays a dict, written as JSON as
    locally, not as its repr), and output frames are Arrow-typed already."""
    import dask

    return dask.config.set({"dataframe.convert-string": False})


# ------------------------------------------------------------------------- CLI: planning


def expand_inputs(raw_inputs: list[str]) -> list[str]:
    """Globs expanded (sorted); other paths as given. InputError for '-' or an empty glob."""
    out: list[str] = []
    for raw in raw_inputs:
        if raw == "-":
            raise InputError("--dask reads files, not standard input; name the input files")
        if not os.path.exists(raw) and glob.has_magic(raw):
            found = sorted(glob.glob(raw, recursive=True))
            if not found:
                raise InputError(f"{raw}: no file matches")
            out.extend(found)
        else:
            out.append(raw)
    return out


def _files(inputs: list[str], skipped: list | None = None,
           strict: bool = False) -> list[tuple]:
    """``(path, display, rel, in_folder)`` for every input file, as :func:`framing.io.
    read_inputs` names them, in its order; a file in a folder that is not read goes to
    ``skipped`` as ``(path, reason)``, or with ``strict`` becomes ``(None, display, rel,
    message)``: an error document of its own."""
    from .io import readers

    out: list[tuple] = []
    for raw in inputs:
        path = Path(raw)
        if not path.is_dir():
            out.append((path, raw, path.name, False))
            continue
        entries = (readers._entries(path) if hasattr(readers, "_entries")
                   else ((f, None) for f in readers._walk(path)))
        for file, reason in entries:
            rel = file.relative_to(path).as_posix()
            if reason is None:
                out.append((file, str(file), rel, True))
            elif strict:
                out.append((None, str(file), rel, f"{file}: skipped (--strict): {reason}"))
            elif skipped is not None:
                skipped.append((file, reason))
    return out


def _jsonl_splittable(path: Path) -> bool:
    from .io.readers import SAMPLE_BYTES, detect_encoding

    if path.name.lower().endswith(".gz"):
        return False
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    return detect_encoding(head, final=False) == ("utf-8", "utf-8")


def _jsonl_ranges(path: Path, size: int) -> list[tuple[int, int, int]]:
    """(start, end, lines before start) byte ranges of about ``size`` bytes, on line ends."""
    ranges = []
    with open(path, "rb") as fh:
        start, lines = 0, 0
        while True:
            block = fh.read(size)
            if not block:
                break
            rest = fh.readline()  # finish the line the block cut
            block += rest
            ranges.append((start, start + len(block), lines))
            start += len(block)
            lines += block.count(b"\n")
    return ranges


def plan(inputs: list[str], *, partition_rows: int = PARTITION_ROWS,
         partition_bytes: int = PARTITION_BYTES, skipped: list | None = None,
         strict: bool = False) -> list[list[tuple]]:
    """Partitions for these inputs: each a list of pieces read by :func:`read_part`. Parquet
    files are cut into row-group slices of ``partition_rows`` rows, UTF-8 JSONL files into
    byte ranges of about ``partition_bytes`` on line ends; other files are read whole, and
    one-document files (text, HTML) are grouped ``partition_rows`` to a partition."""
    from .io.readers import _kind

    parts: list[list[tuple]] = []
    small: list[tuple] = []  # one-document files (and --strict skip errors), grouped

    def flush_small() -> None:
        if small:
            parts.append(list(small))
            small.clear()

    for path, display, rel, extra in _files(inputs, skipped, strict):
        if path is None:  # a skipped file under --strict: its error row
            small.append(("error", "", display, rel, extra))
            continue
        kind = _kind(path)
        whole = ("file", str(path), display, rel, extra)
        if kind in ("text", "html"):
            small.append(whole)
            if len(small) >= partition_rows:
                flush_small()
            continue
        flush_small()
        if kind == "parquet":
            import pyarrow.parquet as pq

            try:
                meta = pq.ParquetFile(path).metadata
            except Exception:  # noqa: BLE001  unreadable: the reader makes its error row
                parts.append([whole])
                continue
            rowno = 0
            for g in range(meta.num_row_groups):
                n = meta.row_group(g).num_rows
                for a in range(0, n, partition_rows):
                    b = min(n, a + partition_rows)
                    parts.append([("parquet", str(path), display, rel, extra, g, a, b,
                                   rowno + a)])
                rowno += n
        elif kind == "jsonl" and _jsonl_splittable(path):
            for start, end, lines in _jsonl_ranges(path, partition_bytes):
                parts.append([("jsonl", str(path), display, rel, extra, start, end, lines)])
        else:
            parts.append([whole])
    flush_small()
    return parts


def sample_passthrough(inputs: list[str], fields: tuple) -> dict[str, str]:
    """Pass-through columns (name -> kind) of the inputs: Parquet schemas, CSV headers and the
    keys of the first JSONL lines of each file, in first-seen order."""
    import pyarrow.types as pat

    from .io.readers import _kind

    text_field, id_field, outlet_field = fields[:3]
    skip = {text_field, id_field, outlet_field, *schema.PAGE_COLUMNS}
    values: dict[str, list[Any]] = {}
    for path, _display, _rel, _extra in _files(inputs):
        if path is None:
            continue
        kind = _kind(path)
        try:
            if kind == "parquet":
                import pyarrow.parquet as pq

                for fld in pq.ParquetFile(path).schema_arrow:
                    if fld.name in skip:
                        continue
                    t = fld.type
                    sample = (True if pat.is_boolean(t) else 1 if pat.is_integer(t)
                              else 1.0 if pat.is_floating(t) else
                              [] if pat.is_list(t) or pat.is_struct(t) or pat.is_map(t) else "")
                    values.setdefault(fld.name, []).append(sample)
            elif kind == "jsonl":
                import gzip

                opener = gzip.open if path.name.lower().endswith(".gz") else open
                with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
                    for i, line in enumerate(fh):
                        if i >= SAMPLE_LINES:
                            break
                        try:
                            obj = json.loads(line)
                        except ValueError:
                            continue
                        if isinstance(obj, dict):
                            for k, v in obj.items():
                                if k not in skip:
                                    values.setdefault(k, []).append(v)
            elif kind == "csv":
                import csv
                import gzip

                delim = "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else ","
                opener = gzip.open if path.name.lower().endswith(".gz") else open
                with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as fh:
                    header = next(csv.reader(fh, delimiter=delim), [])
                for k in header:
                    k = k.removeprefix("\ufeff")
                    if k not in skip:
                        values.setdefault(k, []).append("")
        except (OSError, EOFError, ValueError, UnicodeError):
            continue
    return {k: _kind_of_values(v) for k, v in values.items()}


# ------------------------------------------------------------------------- CLI: reading


def read_part(pieces: list[tuple], fields: tuple,
              passthrough: dict[str, str]):
    """Read one planned partition on a worker: a pandas frame of documents, with the ids,
    sources and error rows of :func:`framing.io.read_inputs`."""
    from .io import readers

    f = readers._Fields(*fields)
    docs: list[Document] = []
    for piece in pieces:
        kind, path, display, rel, extra = piece[:5]
        if kind == "error":
            docs.append(Document(id=rel, text="", source=display, error=extra))
        elif kind == "file":
            docs.extend(readers._read_file(Path(path), display, rel, f, in_folder=extra))
        else:
            docs.extend(_read_slice(piece, f))
    return documents_to_frame(docs, passthrough)


def _read_slice(piece: tuple, f: Any) -> list[Document]:
    """The documents of a JSONL byte range or a Parquet row-group slice; failures as
    ``framing.io.readers._read_file`` turns them into error documents."""
    from .errors import FieldError
    from .io import readers

    kind, path, display, rel, in_folder = piece[:5]
    docs: list[Document] = []
    try:
        if kind == "jsonl":
            start, end, lines = piece[5:]
            with open(path, "rb") as fh:
                fh.seek(start)
                data = fh.read(end - start)
            # blank lines stand for the lines before this range: the reader skips them but
            # counts them, so line numbers (ids, sources) are those of the whole file
            stream = io.BytesIO(b"\n" * lines + data)
            for doc in readers._read_jsonl_stream(stream, display, rel, f):
                docs.append(doc)
        else:
            import pyarrow.parquet as pq

            group, a, b, first = piece[5:]
            table = pq.ParquetFile(path).read_row_group(group).slice(a, b - a)
            if f.text not in table.column_names:
                raise FieldError(
                    f"{display}: no column '{f.text}'; columns are: "
                    f"{', '.join(table.column_names)}; "
                    "use --text-field to name the column that holds the article text")
            for i, row in enumerate(table.to_pylist(), first + 1):
                docs.append(readers._row_document(row, f, f"{display}:row {i}",
                                                  f"{rel}:row {i}", None))
    except FieldError as exc:
        if not in_folder:
            raise
        docs.append(Document(id=rel, text="", source=display, error=str(exc)))
    except Exception as exc:  # noqa: BLE001 - one file never stops a run
        what = exc if isinstance(exc, (OSError, EOFError, InputError)) \
            else f"{type(exc).__name__}: {exc}"
        docs.append(Document(id=f"{rel}:unreadable", text="", source=display,
                             error=f"{display}: cannot read the rest of the file: {what}"))
    return docs


# ------------------------------------------------------------------------- CLI: running


def connect(address: str, jobs: int | None = None):
    """A distributed Client: ``local`` starts a LocalCluster of ``jobs`` worker processes (one
    thread each), anything else is a scheduler address."""
    _dask()
    from distributed import Client, LocalCluster

    if not logging.getLogger("framing").isEnabledFor(logging.DEBUG):
        # distributed logs every worker and connection at INFO; the CLI's summary is enough
        for name in ("distributed", "bokeh", "tornado"):
            logging.getLogger(name).setLevel(logging.ERROR)
    if address == "local":
        from .parallel import default_jobs

        import dask

        # no dashboard; the scheduler's small HTTP server (health checks) on a free local port.
        # No statistical profiler on the workers either: it samples the scoring thread's stack
        # every 10 ms for the dashboard nobody sees here (the nannies hand this configuration
        # to the workers they start, restarts included)
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=jobs or default_jobs(), threads_per_worker=1,
                                   processes=True, dashboard_address="127.0.0.1:0",
                                   scheduler_kwargs={"dashboard": False},
                                   silence_logs=logging.ERROR)
        return Client(cluster)
    return Client(address)


# ------------------------------------------------------------------------- the report


def _stats_partition(frame):
    """The report's corpus-level counts of one partition of output rows (on a worker)."""
    import pyarrow as pa

    from .report.aggregate import table_stats

    return table_stats(pa.Table.from_pandas(frame, preserve_index=False), where="partition")


def _merge_stats(a, b):
    return a.merge(b)


def report_stats(path: str | Path, client: Any = None):
    """Every row of a scores dataset folder counted for the report on the cluster
    (:class:`framing.report.aggregate.CorpusStats`): ``dask.dataframe`` reads the part files
    (only the columns the counts need, never the texts), each partition gives a partial on a
    worker, and the partials are merged pairwise in input order. ``client``: a distributed
    Client (the current one, or Dask's default scheduler, when None)."""
    dd = _dask()
    import dask
    import pyarrow.parquet as pq

    from .report.aggregate import CorpusStats, stats_columns
    from .report.reader import dataset_files

    files = [str(f) for f in dataset_files(path)]
    try:
        cols = stats_columns(list(pq.ParquetFile(files[0]).schema_arrow.names))
        with dask.config.set({"dataframe.convert-string": False}):
            frame = dd.read_parquet(files, columns=cols, index=False)
            parts = [dask.delayed(_stats_partition)(p) for p in frame.to_delayed()]
    except InputError:
        raise
    except Exception as exc:  # pyarrow and fsspec raise their own families
        raise InputError(f"{path}: not a readable Parquet dataset ({exc})") from exc
    if not parts:
        return CorpusStats()
    while len(parts) > 1:  # a tree of merges, left before right: input order
        merged = [dask.delayed(_merge_stats)(a, b) for a, b in zip(parts[::2], parts[1::2])]
        parts = merged + ([parts[-1]] if len(parts) % 2 else [])
    if client is not None:
        return client.compute(parts[0]).result()
    return parts[0].compute()


def _write_part(frame, path: str) -> dict[str, Any]:
    """Write one scored partition as a Parquet part file (atomically); its counts and ids."""
    import pyarrow as pa

    _write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    statuses = Counter(s if isinstance(s, str) else "error" for s in frame["status"].tolist())
    labels = Counter(x for x in frame["label"].tolist() if isinstance(x, str))
    return {"statuses": dict(statuses), "labels": dict(labels), "ids": frame["id"].tolist()}


def _write_table(table, path: str) -> None:
    import pyarrow.parquet as pq

    tmp = path + ".tmp"
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _flag_repeats(partial: Path, totals: dict[int, dict[str, Any]]) -> int:
    """Flag ``duplicate_id`` on every row whose id an earlier row (in input order) has, in the
    written part files (rewritten only where a repeat is); the number of such rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids = RepeatedIds()
    n = 0
    for i in sorted(totals):
        repeats = [pos for pos, doc_id in enumerate(totals[i]["ids"]) if ids.repeated(doc_id)]
        if repeats:
            path = str(partial / PART_NAME.format(i))
            table = pq.read_table(path)
            flags = table.column("duplicate_id").to_pylist()
            for pos in repeats:
                flags[pos] = True
            col = table.schema.get_field_index("duplicate_id")
            table = table.set_column(col, table.schema.field(col), pa.array(flags, pa.bool_()))
            _write_table(table, path)
            n += len(repeats)
    return n


def _score_one(packed: tuple, options: tuple) -> dict[str, Any]:
    return score_batch(get_scorer(*options), [Document(*packed)])[0]


def _rescue(client, docs_part, kinds, options, repeats: list[int]):
    """Rows for a partition whose tasks kept killing workers: one task per document; a task
    that dies is tried once more alone (a worker's death also fails the tasks queued behind
    the one that killed it), and a document whose task dies then too becomes an error row."""
    from .parallel import _pack

    frame = client.compute(docs_part).result()
    docs = frame_to_documents(frame)
    futures = [client.submit(_score_one, _pack(d), options, pure=False, retries=0)
               for d in docs]
    rows: list[dict[str, Any] | None] = []
    for fut in futures:
        try:
            rows.append(fut.result())
        except Exception:  # noqa: BLE001  KilledWorker, or a worker lost for good
            rows.append(None)
    for i, doc in enumerate(docs):
        if rows[i] is not None:
            continue
        try:  # alone: nothing else in flight can take it down
            rows[i] = client.submit(_score_one, _pack(doc), options, pure=False,
                                    retries=0).result()
        except Exception:  # noqa: BLE001
            rows[i] = died_row(get_scorer(*options), doc)
    for pos in repeats:
        rows[pos]["duplicate_id"] = True
    return _frame(rows_to_table(rows, kinds))


def _check_output(output: Path) -> None:
    from .io.writers import output_format

    if output_format(output) != "parquet":
        raise InputError(f"{output}: --dask writes a Parquet dataset; name the output "
                         "OUT.parquet (a folder of part files)")
    if output.exists() and output.is_dir():
        stray = [p.name for p in output.iterdir() if not p.name.startswith("part.")]
        if stray:
            raise InputError(f"{output}: a folder with other files ({', '.join(stray[:3])}); "
                             "name another output")


def _prepare_output(output: Path) -> Path:
    _check_output(output)
    partial = Path(str(output) + ".partial")
    if partial.exists():
        shutil.rmtree(partial) if partial.is_dir() else partial.unlink()
    partial.mkdir(parents=True)
    return partial
