"""pandas in, pandas out: :func:`score_frame` gives the rows ``framing score`` writes.

Each row of the frame becomes a :class:`~framing.document.Document` by the readers' own rules
(:func:`framing.io.readers` for a row file: missing or non-text text is an error row, ids
fall back to the row's position, ``title``/``date``/``author``/``url`` columns fill those
output columns, other columns pass through), and the documents are scored by
:func:`framing.parallel.score_stream` with a :class:`~framing.pipeline.Scorer` on the shipped
models, as ``framing score`` scores them, so labels and probabilities are the same.
"""

from __future__ import annotations

import functools
import math
import sys
from typing import Any

from .document import Document
from .errors import FieldError, InputError

def _scorer(include_text: bool = True):
    """The Scorer of the shipped models, built once per process (forked workers share it)."""
    from .pipeline import make_scorer

    return make_scorer(None, include_text)


def _plain(value: Any) -> Any:
    """A cell as a plain Python value: NaN, NA and NaT are None, NumPy scalars Python ones."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:  # NumPy scalar
        return value.item()
    if hasattr(value, "tolist"):  # NumPy array (a list cell read from Parquet)
        return value.tolist()
    return value


def frame_documents(df, *, text: str = "text", id: str = "id", outlet: str = "outlet",
                    max_chars: int | None = None) -> list[Document]:
    """The Documents of a pandas frame's rows, in order (see :func:`score_frame`)."""
    from .io.readers import DEFAULT_MAX_CHARS, _Fields, _row_document

    columns = [str(c) for c in getattr(df, "columns", [])]
    if not hasattr(df, "to_dict") or not hasattr(df, "columns"):
        raise InputError(f"score_frame expects a pandas DataFrame, got {type(df).__name__}")
    if text not in columns:
        raise FieldError(f"the frame has no column '{text}'; columns are: "
                         f"{', '.join(columns) or '(none)'}; name the column that holds the "
                         "article text with text=")
    fields = _Fields(text, id, outlet, max_chars or DEFAULT_MAX_CHARS)
    docs = []
    for n, rec in enumerate(df.to_dict("records"), 1):
        row = {str(k): _plain(v) for k, v in rec.items()}
        if row.get(text) is None:
            row.pop(text, None)  # a missing text is the readers' "field is missing" error
        source = f"row {n}"
        docs.append(_row_document(row, fields, source, source, None))
    return docs


def score_frame(df, *, text: str = "text", id: str = "id", outlet: str = "outlet",
                jobs: int | None = None, progress: bool = False, include_text: bool = True,
                max_chars: int | None = None):
    """Score a pandas DataFrame: one output row per input row, in order, as ``framing score``.

    ``text``, ``id`` and ``outlet`` name the frame's columns (``--text-field``, ``--id-field``,
    ``--outlet-field``); a row without an id is named ``row N`` (its position, from 1), as is its
    ``source``. Columns named ``title``, ``date``, ``author`` and ``url`` fill those output
    columns; the frame's other columns pass through after the output's own (a name that clashes
    with one becomes ``input_<name>``). ``jobs``: worker processes (default: all cores; a frame
    of 64 rows or fewer is scored in this process). ``progress``: a progress bar on standard
    error. ``include_text=False`` leaves the text column out (``--no-text``); ``max_chars`` cuts
    longer texts (``--max-chars``).

    Returns a DataFrame with the frame's index and the columns of ``framing score``'s output:
    labels, probabilities and features as there, ``languages`` a dict and the evidence columns
    lists of dicts (``framing.schema``). A row whose text is missing or not a string is an
    error row, and repeated ids are flagged ``duplicate_id``, as in the CLI. Raises
    :class:`~framing.errors.FieldError` when the frame has no ``text`` column.
    """
    import pandas as pd

    from .parallel import default_jobs, score_stream
    from .pipeline import RepeatedIds

    docs = frame_documents(df, text=text, id=id, outlet=outlet, max_chars=max_chars)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise InputError(f"jobs must be 1 or more, got {jobs}")
    factory = functools.partial(_scorer, include_text)
    scorer = factory()  # load (and check) the models before any work; forked workers share it
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(docs), unit="doc", file=sys.stderr, desc="scoring")
    rows: list[dict[str, Any]] = []
    repeated = RepeatedIds()
    try:
        for row in score_stream(docs, jobs=jobs, scorer_factory=factory):
            rows.append(repeated.flag(row))
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    columns = list(scorer.columns())
    for r in rows:
        for key in r:
            if key not in columns:
                columns.append(key)
    out = pd.DataFrame.from_records(rows, columns=columns) if rows else \
        pd.DataFrame(columns=columns)
    out.index = df.index
    return out
