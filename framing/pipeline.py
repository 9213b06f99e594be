"""The scoring core: a batch of Documents in, their output rows out.

Every engine calls this module and nothing else to score: the CLI's worker processes
(:mod:`framing.parallel`), the library (:class:`Scorer`, :func:`framing.score_frame`) and Dask
partitions (:mod:`framing.dask`). It owns the whole row: :func:`score_batch` (a Scorer's rows
plus each document's pass-through columns), :func:`error_row` and :func:`died_row` for
documents that could not be scored, :class:`RepeatedIds` for the ``duplicate_id`` flag, and
:func:`make_scorer`, the per-process Scorer an engine builds once.

``Scorer.score(doc)`` never raises for a document: whatever happens, the document gets a row
with its status (``ok``, ``abstained`` or ``error``) and, where it applies, the reason.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from .document import Document
from .errors import FramingError, InputError
from .extract import Extraction, extract
from .features import FEATURE_NAMES
from .classifier import Classifier
from .model import FramingModel
from .schema import BASE_COLUMNS, EVIDENCE_COLUMNS, LABELS, TEXT_COLUMN

_WARM_UP = ('ALMATY, Jan 10 (Reuters) - "All is calm," officials said on Monday. '
            "The so-called activists were not terrorists, she told reporters.")


def _clean(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _blank_row(doc: Document, feature_names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(BASE_COLUMNS)
    row.update(id=doc.id, source=doc.source, outlet=doc.outlet, title=doc.title, date=doc.date,
               author=doc.author, url=doc.url, encoding=doc.encoding,
               truncated=bool(doc.truncated), duplicate_id=False,
               n_chars=len(doc.text) if isinstance(doc.text, str) else 0)
    row.update(dict.fromkeys(feature_names))
    row.update({k: [] for k in EVIDENCE_COLUMNS})
    row["languages"] = {}
    return row


def error_row(doc: Document, message: str, feature_names=FEATURE_NAMES, *,
              include_text: bool = True) -> dict[str, Any]:
    """The row of a document that could not be scored."""
    row = _blank_row(doc, feature_names)
    row.update(status="error", error=message)
    if include_text:
        row[TEXT_COLUMN] = doc.text if isinstance(doc.text, str) else ""
    return row


class Scorer:
    """Scores documents into output rows with a :class:`~framing.classifier.Classifier`: the
    shipped models, each document judged by the model for its language (the same routing as
    ``framing.load_model()``, so the library and the CLI agree).

    ``model``: a Classifier, or one model to put before the shipped ones (``--model``: it judges
    the languages it covers, the shipped models the rest), or None for the shipped models.
    ``multilingual``: ``True`` adds the shipped models behind ``model``; ``None``/``False``
    scores with ``model`` alone (other languages abstain); a model puts that one behind it.
    """

    def __init__(self, model: FramingModel | Classifier | None = None, *,
                 include_text: bool = True,
                 multilingual: FramingModel | None | bool = True):
        if isinstance(model, Classifier):
            classifier = model
        elif multilingual is True:
            classifier = Classifier.shipped(first=model)
        else:
            primary = model if model is not None else Classifier.shipped().default
            classifier = Classifier([primary] + ([multilingual] if multilingual else []))
        self.classifier = classifier
        self.include_text = include_text
        self.feature_names: tuple[str, ...] = FEATURE_NAMES
        # Load the language model, lexicons, VADER and syllable tables now: a CLI run builds
        # its Scorer before forking workers, which then share these pages instead of each
        # loading its own copy.
        extract(_WARM_UP)

    @property
    def model(self) -> FramingModel:
        """The default model (it judges the languages it covers and abstains on uncovered ones)."""
        return self.classifier.default

    @property
    def multilingual(self) -> FramingModel | None:
        """The model for the most languages after the default one, if any."""
        rest = self.classifier.models[1:]
        return max(rest, key=lambda m: len(m.languages)) if rest else None

    def columns(self) -> list[str]:
        from .schema import columns

        cols = columns(self.feature_names)
        return cols if self.include_text else cols[:-1]

    def model_for(self, ex: Extraction) -> FramingModel:
        return self.classifier.model_for(ex)

    def score(self, doc: Document) -> dict[str, Any]:
        if doc.error:
            return error_row(doc, doc.error, self.feature_names, include_text=self.include_text)
        try:
            return self._score(doc)
        except FramingError as exc:
            return error_row(doc, str(exc), self.feature_names, include_text=self.include_text)
        except Exception as exc:  # noqa: BLE001 - one document never sinks a batch
            return error_row(doc, f"internal error while scoring: {type(exc).__name__}: {exc}",
                             self.feature_names, include_text=self.include_text)

    def _score(self, doc: Document) -> dict[str, Any]:
        row = _blank_row(doc, self.feature_names)
        if doc.text is not None and not isinstance(doc.text, str):
            raise InputError(f"document {doc.id!r}: text must be a string, got "
                             f"{type(doc.text).__name__}")
        text = doc.text or ""
        if self.include_text:
            row[TEXT_COLUMN] = text
        if not text.strip():
            row.update(status="abstained", abstain_reason="empty document: no text to judge",
                       n_words=0)
            return row
        ex = extract(text)
        model = self.classifier.model_for(ex)
        pred = self.classifier.explain_extractions([ex])[0]
        row.update(
            status="ok" if pred.label else "abstained",
            abstain_reason=pred.abstain_reason,
            language=ex.language,
            languages=ex.languages,
            model=getattr(pred, "model", None) or model.name,
            feature_set=getattr(pred, "feature_set", None) or getattr(model, "feature_set", None),
            label=pred.label,
            confidence=_clean(round(pred.confidence, 6)) if pred.probabilities else None,
            low_confidence=bool(pred.low_confidence) if pred.label else None,
            n_words=ex.n_words,
            truncated=bool(doc.truncated or ex.truncated),
        )
        for lab in LABELS:
            row[f"p_{lab}"] = pred.probabilities.get(lab)
        for name in self.feature_names:
            v = ex.features[name]
            row[name] = _clean(round(v, 6) if isinstance(v, float) and math.isfinite(v) else v)
        row["quotes"] = ex.quotes
        row["loaded_terms"] = ex.loaded_terms
        row["credits"] = ex.credits
        row["top_features"] = pred.top_features
        row["top_reasons"] = pred.top_reasons
        row["comments"] = ex.comments
        row["comment_terms"] = ex.comment_terms
        return row


# ------------------------------------------------------------------------- batches

WORKER_DIED = ("the worker process died while scoring this document "
               "(out of memory, or a crash in a compiled library)")

_SCORERS: dict[tuple, Scorer] = {}


def make_scorer(model_path: str | None = None, include_text: bool = True) -> Scorer:
    """The Scorer for these options (``--model PATH``, ``--no-text``), built once per process:
    built in a parent before it forks, workers inherit it instead of loading the models again;
    a Dask worker keeps it from one partition to the next."""
    key = (model_path, include_text)
    if key not in _SCORERS:
        model = None
        if model_path is not None:
            from .classifier import load_model

            model = load_model(model_path)
        _SCORERS[key] = Scorer(model, include_text=include_text)
    return _SCORERS[key]


def score_document(scorer: Any, doc: Document) -> dict[str, Any]:
    """One output row for ``doc``: ``scorer.score(doc)`` plus the document's pass-through
    columns (``doc.meta``), after the schema's columns; a pass-through name that clashes with a
    schema column is written as ``input_<name>``. Never raises for a document."""
    try:
        row = scorer.score(doc)
    except Exception as exc:  # noqa: BLE001  the Scorer promises rows, not raises; keep the promise here too
        message = f"internal error while scoring: {type(exc).__name__}: {exc}"
        row = error_row(doc, message, scorer.feature_names,
                        include_text=getattr(scorer, "include_text", True))
    return with_meta(row, doc)


def score_batch(scorer: Any, docs: Iterable[Document]) -> list[dict[str, Any]]:
    """The output rows of a batch of documents, in order (see :func:`score_document`)."""
    return [score_document(scorer, doc) for doc in docs]


def died_row(scorer: Any, doc: Document) -> dict[str, Any]:
    """The row of a document whose worker process died while scoring it."""
    row = error_row(doc, WORKER_DIED, scorer.feature_names,
                    include_text=getattr(scorer, "include_text", True))
    return with_meta(row, doc)


def with_meta(row: dict[str, Any], doc: Document) -> dict[str, Any]:
    """``row`` with what the reader learned of ``doc`` (encoding, truncation) and its
    pass-through columns."""
    if doc.encoding is not None and row.get("encoding") is None:
        row["encoding"] = doc.encoding
    if doc.truncated:
        row["truncated"] = True
    for key, value in doc.meta.items():
        name = key
        while name in row:
            name = f"input_{name}"
        row[name] = value
    return row


class RepeatedIds:
    """The ``duplicate_id`` flag: every row whose id an earlier row (in input order) has.
    ``seen``: ids already written (a resumed run's rows)."""

    def __init__(self, seen: Iterable[Any] = ()):
        self.seen: set[Any] = set(seen)
        self.count = 0

    def repeated(self, doc_id: Any) -> bool:
        """Whether ``doc_id`` came before; remembers it."""
        if doc_id in self.seen:
            self.count += 1
            return True
        self.seen.add(doc_id)
        return False

    def flag(self, row: dict[str, Any]) -> dict[str, Any]:
        """``row``, its ``duplicate_id`` set when its id came before."""
        if self.repeated(row.get("id")):
            row["duplicate_id"] = True
        return row
