"""One entry point for the library and the CLI: the shipped models, routed by language.

:class:`Classifier` holds the shipped per-language models and gives each text to the model whose
manifest ``languages`` cover the text's detected language, language-specific models before the
multilingual one; a text in a language no model covers goes to the first (default) model, which
abstains and says so. It has the public API of :class:`~framing.model.FramingModel`
(``predict``, ``explain``, ``predict_proba``, ``languages``), so ``framing.load_model()`` returns
one, and :class:`~framing.pipeline.Scorer` (the CLI's per-document function) routes through one:
the library and ``framing score`` cannot give different answers for the same text.

The shipped models are named once, in :data:`SHIPPED_MODELS`; a name whose model directory is
not there is skipped (so the list may name a model before it ships).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .errors import ModelError, ResourceError
from .extract import Extraction, extract
from .model import MODEL_FILE, FramingModel, Prediction
from .model import load_model as load_one
from .resources import data_dir
from .schema import LABELS

log = logging.getLogger(__name__)

# The shipped models, default first (a text in a language none covers goes to the first one).
# Renaming or adding a shipped model means editing this line only.
SHIPPED_MODELS: tuple[str, ...] = ("framing-en-v3", "framing-ru-v1", "framing-xx-v2")


def shipped_model_names() -> list[str]:
    """The names in :data:`SHIPPED_MODELS` whose model directory is present, in order."""
    try:
        root = data_dir("models")
    except ResourceError:
        return []
    return [name for name in SHIPPED_MODELS if (root / name / MODEL_FILE).is_file()]


class Classifier:
    """Several checked models behind the API of one: each text goes to the model for its
    language. Use :func:`load_model` (or :meth:`Classifier.shipped`) to get the shipped ones.

    ``models`` are in priority order: a text goes to the first model whose ``languages`` hold
    the text's detected language, else to ``models[0]`` (which abstains: "not covered").
    """

    def __init__(self, models: Sequence[FramingModel]):
        models = list(models)
        if not models:
            raise ModelError("a Classifier needs at least one model")
        names = [m.name for m in models]
        if len(set(names)) != len(names):
            raise ModelError(f"a Classifier holds each model once; got {names}")
        self.models: list[FramingModel] = models

    @classmethod
    def shipped(cls, *, first: FramingModel | None = None) -> "Classifier":
        """The shipped models of :data:`SHIPPED_MODELS` that are present, language-specific
        before multilingual (fewer ``languages`` first; ties keep the list's order). With
        ``first``, that model comes before them all (``framing score --model``) and a shipped
        model of the same name is left out."""
        loaded = [load_one(name) for name in shipped_model_names()
                  if first is None or name != first.name]
        loaded.sort(key=lambda m: len(m.languages))  # stable: ties keep SHIPPED_MODELS order
        models = ([first] if first is not None else []) + loaded
        if not models:
            raise ModelError(
                f"no shipped model found (looked for {', '.join(SHIPPED_MODELS)} under "
                "models/); reinstall framing, or load a model directory with load_model(PATH)"
            )
        return cls(models)

    # -- routing -----------------------------------------------------------------------------
    @property
    def default(self) -> FramingModel:
        """The model for texts in a language no model covers (it abstains on them)."""
        return self.models[0]

    @property
    def name(self) -> str:
        return "+".join(m.name for m in self.models)

    @property
    def languages(self) -> list[str]:
        """Every language some model covers, in model order."""
        out: dict[str, None] = {}
        for m in self.models:
            out.update(dict.fromkeys(m.languages))
        return list(out)

    def model_for(self, ex: Extraction | str | None) -> FramingModel:
        """The model that judges a text of this extraction (or language code)."""
        language = ex.language if isinstance(ex, Extraction) else ex
        for m in self.models:
            if language in m.languages:
                return m
        return self.default

    def get(self, name: str) -> FramingModel | None:
        """The model of this name, if the classifier holds it."""
        return next((m for m in self.models if m.name == name), None)

    # -- the FramingModel API ----------------------------------------------------------------
    def explain_extractions(self, exs: Sequence[Extraction], *, top: int = 8) -> list[Prediction]:
        """Like :meth:`FramingModel.explain_extractions`, each extraction judged by its model
        (``Prediction.model`` names it)."""
        out: list[Prediction | None] = [None] * len(exs)
        for model, idx in self._groups(exs).items():
            preds = model.explain_extractions([exs[i] for i in idx], top=top)
            for i, p in zip(idx, preds):
                out[i] = p
        return out  # type: ignore[return-value]

    def explain(self, texts: Iterable[str] | str, *, top: int = 8) -> list[Prediction]:
        """Label, probabilities, features, evidence and top contributions for each text, from
        the model for the text's language."""
        if isinstance(texts, str):
            texts = [texts]
        return self.explain_extractions([extract(t) for t in texts], top=top)

    def predict(self, texts: Iterable[str] | str) -> list[str | None]:
        """Labels (``None`` where the model abstains; :meth:`explain` gives the reason)."""
        return [p.label for p in self.explain(texts)]

    def predict_proba(self, texts: Iterable[str] | str) -> np.ndarray:
        """Calibrated probabilities, one row per text, columns ``wire, state, partisan``, each
        row from the model for the text's language."""
        if isinstance(texts, str):
            texts = [texts]
        texts = list(texts)
        out = np.empty((len(texts), len(LABELS)))
        groups = self._groups([extract(t) for t in texts])
        for model, idx in groups.items():
            out[idx] = model.predict_proba([texts[i] for i in idx])
        return out

    def _groups(self, exs: Sequence[Extraction]) -> dict[FramingModel, list[int]]:
        groups: dict[FramingModel, list[int]] = {}
        for i, ex in enumerate(exs):
            groups.setdefault(self.model_for(ex), []).append(i)
        return groups

    def __repr__(self) -> str:
        inner = ", ".join(f"{m.name}: {'/'.join(m.languages)}" for m in self.models)
        return f"Classifier({inner})"


def load_model(path: str | Path | None = None, *, trust: bool = False) -> Classifier | FramingModel:
    """The shipped models as one :class:`Classifier` (each text judged by the model for its
    language, as ``framing score`` does); with ``path``, that one model.

    ``path`` may be a model directory, its ``model.npz`` file, or the name of a model under
    ``models/``; it is checked (hash, feature schema) like the shipped ones. A model file is
    plain arrays read with ``allow_pickle=False``: loading one never runs code, so ``trust`` is
    accepted for compatibility and changes nothing.
    """
    if path is None:
        return Classifier.shipped()
    return load_one(path, trust=trust)
