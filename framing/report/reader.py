"""Read the rows ``framing score`` wrote: JSONL, CSV or Parquet, optionally gzipped.

Every reader returns the same thing: a list of plain dicts with native values, whatever the
format. Nested columns (``schema.JSON_COLUMNS``) are JSON strings in CSV and Parquet and
native in JSONL; here they are always native. A missing or NaN value is ``None`` ("not
measured"), never 0.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import FieldError, InputError

# Columns read as numbers, besides the feature columns.
NUMERIC_COLUMNS = ("confidence", "n_chars", "n_words") + tuple(f"p_{lab}" for lab in schema.LABELS)
BOOL_COLUMNS = ("truncated", "duplicate_id", "low_confidence")
REQUIRED_COLUMNS = ("id", "status")
_GZIP_MAGIC = b"\x1f\x8b"


# A Parquet dataset (the folder of part files ``framing score --dask`` writes) with more rows
# than this is sampled for the report's document table and view: evenly spaced documents, in
# input order (the corpus-level sections count every row: aggregate.py).
DATASET_MAX_ROWS = 20_000


def read_scores(path: str | Path, *, max_rows: int | None = DATASET_MAX_ROWS
                ) -> list[dict[str, Any]]:
    """Read a scores file (``.jsonl``, ``.csv``, ``.parquet``; ``.jsonl.gz`` and ``.csv.gz`` too),
    or a Parquet dataset: a folder of part files, read in name order (``framing score --dask``).
    A dataset of more than ``max_rows`` rows gives an evenly spaced sample of ``max_rows`` of
    them (:func:`dataset_note` says so); ``None`` reads every row.

    Raises ``InputError`` naming the file and the fix when it cannot be read, and
    ``FieldError`` when it is not a scores file (no ``id`` or ``status`` column).
    """
    path = Path(path)
    if path.is_dir():
        rows, cols = _read_dataset(path, max_rows)
        return normalise_rows(rows, cols, where=str(path))
    if not path.is_file():
        raise InputError(f"scores file {path} not found; pass the file 'framing score' wrote")
    fmt = _format(path)
    try:
        if fmt == "parquet":
            rows, cols = _read_parquet(path)
        else:
            with _open_binary(path) as fh:
                raw = fh.read()
            rows, cols = _read_jsonl(raw, path) if fmt == "jsonl" else _read_csv(raw, path)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read scores file {path}: {exc}") from exc
    return normalise_rows(rows, cols, where=str(path))


def normalise_rows(
    rows: Iterable[dict[str, Any]], cols: list[str] | None = None, *, where: str = "rows"
) -> list[dict[str, Any]]:
    """Give rows from any format the same native shape (used for in-memory rows too)."""
    rows = [dict(r) for r in rows]
    if cols is None:
        cols = list(dict.fromkeys(k for r in rows[:50] for k in r))
    if rows:
        for col in REQUIRED_COLUMNS:
            if col not in cols:
                raise FieldError(
                    f"{where}: column '{col}' is missing; this does not look like the output of "
                    "'framing score' (expected columns: id, status, label, ...)"
                )
    feats = feature_columns(cols, rows)
    numeric = set(NUMERIC_COLUMNS) | set(feats)
    for i, row in enumerate(rows):
        for key, value in row.items():
            if key in schema.JSON_COLUMNS:
                row[key] = _json_value(value, key, where, i)
            elif key in numeric:
                row[key] = _number(value)
            elif key in BOOL_COLUMNS:
                row[key] = _bool(value)
            else:
                row[key] = _plain(value)
        row["id"] = "" if row.get("id") is None else str(row["id"])
    return rows


def feature_columns(cols: list[str], rows: list[dict[str, Any]] | None = None) -> list[str]:
    """The feature columns: those between the base columns and the evidence columns.

    When the file does not keep that order, fall back to the columns that are neither base,
    evidence nor text and whose values are all numbers.
    """
    known = set(schema.BASE_COLUMNS) | set(schema.EVIDENCE_COLUMNS) | {schema.TEXT_COLUMN}
    known |= set(BOOL_COLUMNS)  # flags such as low_confidence are never features
    last_base = max((i for i, c in enumerate(cols) if c in schema.BASE_COLUMNS), default=None)
    first_ev = min((i for i, c in enumerate(cols) if c in schema.EVIDENCE_COLUMNS), default=None)
    if last_base is not None and first_ev is not None and last_base < first_ev:
        return [c for c in cols[last_base + 1 : first_ev] if c not in known]
    out = []
    for c in cols:
        if c in known:
            continue
        values = [r.get(c) for r in (rows or [])[:200]]
        present = [v for v in values if v not in (None, "")]
        if (
            present
            and all(_number(v) is not None or _is_nan(v) for v in present)
            and not all(isinstance(v, bool) for v in present)
        ):
            out.append(c)
    return out


# -- formats ---------------------------------------------------------------------------------


def _format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    ext = suffixes[-1] if suffixes else ""
    if ext in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if ext in (".csv", ".tsv"):
        return "csv"
    if ext in (".parquet", ".pq"):
        return "parquet"
    raise InputError(
        f"{path}: unknown scores format '{ext or path.name}'; "
        "use .jsonl, .csv or .parquet (.jsonl.gz and .csv.gz too)"
    )


def _open_binary(path: Path):
    with open(path, "rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == _GZIP_MAGIC else open(path, "rb")


def _read_jsonl(raw: bytes, path: Path) -> tuple[list[dict], list[str]]:
    rows: list[dict] = []
    cols: dict[str, None] = {}
    for lineno, line in enumerate(raw.decode("utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {lineno} of {path}: not valid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise InputError(
                f"line {lineno} of {path}: expected a JSON object, got {type(obj).__name__}"
            )
        if len(rows) < 50:
            cols.update(dict.fromkeys(obj))
        rows.append(obj)
    return rows, list(cols)


def _read_csv(raw: bytes, path: Path) -> tuple[list[dict], list[str]]:
    import pandas as pd

    sep = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
    try:
        # Everything as text, only the empty string as missing: an outlet called "NA" stays "NA".
        frame = pd.read_csv(
            io.BytesIO(raw),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8-sig",
        )
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from exc
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict("records"), list(frame.columns)


def _read_parquet(path: Path) -> tuple[list[dict], list[str]]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises its own ArrowInvalid family
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
    return table.to_pylist(), list(table.column_names)


def dataset_files(path: str | Path) -> list[Path]:
    """The part files of a Parquet dataset folder, in name order with numbers compared as
    numbers (``part.2`` before ``part.10``, as Dask's ``to_parquet`` names them): input order."""
    path = Path(path)

    def natural(p: Path) -> list:
        return [int(t) if t.isdigit() else t
                for t in re.split(r"(\d+)", p.relative_to(path).as_posix())]

    files = sorted((p for p in path.rglob("*.parquet")
                    if p.is_file() and not any(part.startswith((".", "_"))
                                               for part in p.relative_to(path).parts)),
                   key=natural)
    if not files:
        raise InputError(f"{path}: a folder without Parquet part files; pass the file or the "
                         "dataset folder 'framing score' wrote")
    return files


def dataset_rows(path: str | Path) -> int:
    """Rows in a Parquet dataset folder, from the part files' footers (nothing else is read)."""
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(f).metadata.num_rows for f in dataset_files(path))


def dataset_note(path: str | Path, max_rows: int | None = DATASET_MAX_ROWS) -> str | None:
    """What a report of this dataset shows when it is sampled (None when it shows every row)."""
    if not Path(path).is_dir() or max_rows is None:
        return None
    total = dataset_rows(path)
    if total <= max_rows:
        return None
    return (f"the document table and view show a sample of {max_rows:,} of {total:,} documents "
            "(evenly spaced, in input order); counts, shares, means and term tables are counted "
            "over every document")


def _read_dataset(path: Path, max_rows: int | None) -> tuple[list[dict], list[str]]:
    import pyarrow.parquet as pq

    files = dataset_files(path)
    try:
        counts = [pq.ParquetFile(f).metadata.num_rows for f in files]
        total = sum(counts)
        wanted: list[int] | None = None
        if max_rows is not None and total > max_rows:
            step = total / max_rows
            wanted = [int(k * step) for k in range(max_rows)]
        rows: list[dict] = []
        cols: list[str] = []
        offset, w = 0, 0
        for f, n in zip(files, counts):
            if wanted is None:
                table = pq.read_table(f)
            else:
                take = []
                while w < len(wanted) and wanted[w] < offset + n:
                    take.append(wanted[w] - offset)
                    w += 1
                offset += n
                if not take and cols:
                    continue
                table = pq.read_table(f).take(take)
            if not cols:
                cols = list(table.column_names)
            rows.extend(table.to_pylist())
    except InputError:
        raise
    except Exception as exc:  # pyarrow raises its own ArrowInvalid family
        raise InputError(f"{path}: not a readable Parquet dataset ({exc})") from exc
    return rows, cols


# -- values ----------------------------------------------------------------------------------


def _is_nan(v: Any) -> bool:
    return isinstance(v, float) and math.isnan(v)


def _plain(v: Any) -> Any:
    return None if _is_nan(v) else v


def _number(v: Any) -> float | None:
    if v is None or isinstance(v, bool):
        return None if v is None else float(v)
    if isinstance(v, (int, float)):
        f = float(v)
    else:
        try:
            f = float(str(v).strip())
        except ValueError:
            return None
    return f if math.isfinite(f) else None


def _bool(v: Any) -> bool | None:
    if v is None or _is_nan(v):
        return None
    if isinstance(v, str):
        s = v.strip().lower()
        if s in ("true", "1", "yes"):
            return True
        if s in ("false", "0", "no", ""):
            return False
        return None
    return bool(v)


def _json_value(v: Any, key: str, where: str, i: int) -> Any:
    if v is None or _is_nan(v):
        return None
    if isinstance(v, str):
        if not v.strip():
            return None
        try:
            return json.loads(v)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{where}: row {i + 1}, column '{key}' is not valid JSON ({exc.msg}); "
                "CSV and Parquet scores hold nested columns as JSON strings"
            ) from exc
    if hasattr(v, "tolist"):  # numpy arrays from pandas-written Parquet
        v = v.tolist()
    return v
