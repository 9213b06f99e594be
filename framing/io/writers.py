"""Write output rows as JSONL, CSV or Parquet, streaming, never leaving a file that looks
complete when it is not.

How a run writes ``OUTPUT`` (any format):

1. Rows are appended, as JSONL, to the journal ``OUTPUT.partial`` and flushed every few dozen
   rows, so an interrupted run keeps what it scored.
2. At the end the journal becomes ``OUTPUT``: renamed as it is for JSONL; for CSV and Parquet,
   converted in one streaming pass into ``OUTPUT.tmp`` (1,000 rows at a time) and renamed.
   The rename (``os.replace``) is atomic, so ``OUTPUT`` is either absent, the previous file, or
   complete.
3. ``resume=True`` reads the ids already in ``OUTPUT.partial`` (a torn last line is cut off),
   keeps those rows and appends after them; the caller skips those ids. Because the journal is
   JSONL whatever the output format, this works the same for Parquet, whose own files are
   unreadable until their footer is written.

Journaling also lets CSV and Parquet carry pass-through columns that first appear late in the
run (a second file with other columns): the header is written at the end, from every column
seen. In CSV and Parquet, nested values (``framing.schema.JSON_COLUMNS`` and any dict or list)
are JSON strings; in JSONL they stay native.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..schema import JSON_COLUMNS

OUTPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
PARTIAL_SUFFIX = ".partial"
PARQUET_ROW_GROUP = 1_000
FLUSH_EVERY = 64

# Types of the schema's base columns in Parquet; feature columns are float64; anything else
# (pass-through columns) is inferred from the values seen.
_BASE_TYPES = {
    "confidence": "float",
    "low_confidence": "bool",
    "p_wire": "float",
    "p_state": "float",
    "p_partisan": "float",
    "truncated": "bool",
    "duplicate_id": "bool",
    "n_chars": "int",
    "n_words": "int",
}


def output_format(path: str | os.PathLike[str]) -> str:
    """``jsonl``, ``csv`` or ``parquet`` from the output's suffix; InputError otherwise."""
    suffix = Path(path).suffix.lower()
    try:
        return OUTPUT_FORMATS[suffix]
    except KeyError:
        raise InputError(
            f"{path}: unknown output format '{suffix or '(no suffix)'}'; "
            f"name the output with one of: {', '.join(OUTPUT_FORMATS)}"
        ) from None


def partial_path(output: str | os.PathLike[str]) -> Path:
    return Path(str(output) + PARTIAL_SUFFIX)


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "tolist"):  # numpy arrays
        return value.tolist()
    if isinstance(value, (set, tuple)):
        return list(value)
    return str(value)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN; "no value" is what a NaN feature means to a reader
    return value


def dumps_row(row: dict[str, Any]) -> str:
    """One JSONL line (without newline), NaN/inf as null, numpy scalars as plain numbers."""
    try:
        return json.dumps(row, ensure_ascii=False, allow_nan=False, default=_json_default)
    except ValueError:
        return json.dumps(
            {k: _clean(v) for k, v in row.items()}, ensure_ascii=False, default=_json_default
        )


class RowSink:
    """Where rows go. ``output=None`` streams JSONL to standard output (``tee`` also copies the
    lines to a file, e.g. for a report); a path writes through the ``.partial`` journal.

    ``columns`` seeds the CSV/Parquet header (so an empty run still has one); ``float_columns``
    are typed float64 in Parquet even when every value is missing.
    Use ``write(row)`` for each row, then ``finalize()`` on success or ``close()`` to stop and
    keep the journal. ``done`` holds the ids (with counts) already in a resumed journal, and
    ``resumed_statuses`` / ``resumed_labels`` / ``resumed_duplicates`` what its rows say.
    """

    def __init__(
        self,
        output: str | os.PathLike[str] | None,
        *,
        resume: bool = False,
        columns: Iterable[str] = (),
        float_columns: Iterable[str] = (),
        tee: str | os.PathLike[str] | None = None,
        flush_every: int = FLUSH_EVERY,
    ):
        self.output = Path(output) if output is not None else None
        self.format = output_format(output) if output is not None else "jsonl"
        self.done: Counter[str] = Counter()
        self.n_resumed = 0
        # what the resumed journal holds, so that a summary can describe the whole output
        self.resumed_statuses: Counter[str] = Counter()
        self.resumed_labels: Counter[str] = Counter()
        self.resumed_duplicates = 0
        self.n_written = 0
        # CSV/Parquet header: the schema's columns first, pass-through columns as they appear
        self._columns: dict[str, None] = dict.fromkeys(columns)
        self._types: dict[str, set[str]] = {col: set() for col in self._columns}
        self._float_columns = set(float_columns)
        self._flush_every = max(1, flush_every)
        self._tee: IO[str] | None = None
        self._fh: IO[str] | None = None
        self.partial: Path | None = None
        if tee is not None:
            self._tee = open(tee, "w", encoding="utf-8")  # noqa: SIM115  closed by close()
        if self.output is None:
            if resume:
                raise InputError(
                    "--resume needs an output file (-o); standard output cannot resume"
                )
            return
        if self.output.is_dir():
            raise InputError(f"{self.output}: is a folder; name an output file")
        self.partial = partial_path(self.output)
        try:
            if resume and self.partial.exists():
                self._load_journal()
                self._fh = open(self.partial, "a", encoding="utf-8")  # noqa: SIM115
            else:
                self._fh = open(self.partial, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise InputError(
                f"cannot write the output {self.output}: {exc.strerror or exc}"
            ) from exc

    # ------------------------------------------------------------------ journal

    def _load_journal(self) -> None:
        """Read ids from an existing journal; cut a torn or corrupt tail."""
        assert self.partial is not None
        good_end = 0
        with open(self.partial, "rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break
                try:
                    row = json.loads(raw)
                except ValueError:
                    break
                if not isinstance(row, dict) or "id" not in row:
                    break
                self.done[str(row["id"])] += 1
                self.resumed_statuses[row.get("status") or "error"] += 1
                if row.get("label"):
                    self.resumed_labels[str(row["label"])] += 1
                if row.get("duplicate_id"):
                    self.resumed_duplicates += 1
                self._track(row)
                good_end += len(raw)
                self.n_resumed += 1
        if good_end < self.partial.stat().st_size:
            with open(self.partial, "r+b") as fh:
                fh.truncate(good_end)

    def _track(self, row: dict[str, Any]) -> None:
        if self.format == "jsonl":
            return
        for key, value in row.items():
            if key not in self._columns:
                self._columns[key] = None
                self._types[key] = set()
            if value is not None:
                self._types[key].add(type(value).__name__)

    # ------------------------------------------------------------------ writing

    def write(self, row: dict[str, Any]) -> None:
        line = dumps_row(row) + "\n"
        if self._fh is not None:
            self._fh.write(line)
            self._track(row)
        else:
            sys.stdout.write(line)
        if self._tee is not None:
            self._tee.write(line)
        self.n_written += 1
        if self.n_written % self._flush_every == 0:
            self.flush()

    def flush(self) -> None:
        for fh in (self._fh, self._tee):
            if fh is not None:
                fh.flush()
        if self._fh is None:
            sys.stdout.flush()

    def close(self) -> None:
        """Stop writing and keep the journal (interrupt, error): it can be resumed."""
        for fh in (self._fh, self._tee):
            if fh is not None and not fh.closed:
                fh.close()
        if self._fh is None:
            sys.stdout.flush()

    def finalize(self) -> Path | None:
        """Turn the journal into the output (atomic rename); returns the output path."""
        self.close()
        if self.output is None or self.partial is None:
            return None
        if self.format == "jsonl":
            os.replace(self.partial, self.output)
            return self.output
        tmp = Path(str(self.output) + ".tmp")
        try:
            if self.format == "csv":
                _journal_to_csv(self.partial, tmp, list(self._columns))
            else:
                _journal_to_parquet(self.partial, tmp, self._arrow_types())
            os.replace(tmp, self.output)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self.partial.unlink()
        return self.output

    def _arrow_types(self) -> dict[str, str]:
        kinds: dict[str, str] = {}
        for col in self._columns:
            seen = self._types[col]
            if col in self._float_columns:
                kind = "float"
            elif col in _BASE_TYPES:
                kind = _BASE_TYPES[col]
            elif col in JSON_COLUMNS or seen & {"dict", "list"}:
                kind = "json"
            elif seen == {"bool"}:
                kind = "bool"
            elif seen and seen <= {"int"}:
                kind = "int"
            elif seen and seen <= {"int", "float"}:
                kind = "float"
            else:
                kind = "string"
            kinds[col] = kind
        return kinds


# ---------------------------------------------------------------------- conversions


def _journal_rows(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _flat(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _journal_to_csv(journal: Path, dest: Path, columns: list[str]) -> None:
    json_cols = set(JSON_COLUMNS)
    with open(dest, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in _journal_rows(journal):
            out = []
            for col in columns:
                value = row.get(col)
                if value is None:
                    out.append("")
                elif col in json_cols or isinstance(value, (dict, list)):
                    out.append(json.dumps(value, ensure_ascii=False))
                else:
                    out.append(value)
            writer.writerow(out)


def _convert(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    if kind == "float":
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    if kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    if kind == "bool":
        return bool(value)
    return value if isinstance(value, str) else str(_flat(value))


def _journal_to_parquet(journal: Path, dest: Path, kinds: dict[str, str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = {"float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}
    schema = pa.schema([(col, arrow.get(kind, pa.string())) for col, kind in kinds.items()])
    columns = list(kinds)
    with pq.ParquetWriter(dest, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            data = {col: [_convert(r.get(col), kinds[col]) for r in batch] for col in columns}
            writer.write_table(pa.Table.from_pydict(data, schema=schema))
            batch.clear()

        for row in _journal_rows(journal):
            batch.append(row)
            if len(batch) >= PARQUET_ROW_GROUP:
                flush()
        if batch or not columns:
            flush()


def read_rows(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Read an output file back (JSONL, CSV or Parquet) as rows, streaming. CSV and Parquet
    give JSON columns as strings and CSV gives every value as a string."""
    fmt = output_format(path)
    if fmt == "jsonl":
        yield from _journal_rows(Path(path))
    elif fmt == "csv":
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        with open(path, encoding="utf-8", newline="") as fh:
            yield from csv.DictReader(fh)
    else:
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=PARQUET_ROW_GROUP):
            yield from batch.to_pylist()


