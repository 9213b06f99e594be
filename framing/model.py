"""The classifier: wire / state / partisan from registry features, calibrated and explained.

A model lives in a directory ``models/NAME/``:

    model.skops     the fitted scikit-learn estimator, saved with skops.io (no pickle)
    model.npz       the same fitted parameters as plain arrays (no pickle): what scoring reads
    manifest.json   feature schema, library versions, lexicon digest, data digest, file hash,
                    abstention thresholds
    metrics.json    grouped (by outlet) cross-validation metrics, written by ``framing train``
    MODEL_CARD.md   for people

Loading checks the file hash against the manifest, the feature schema against the extractor's
registry, and the recorded library versions; skops only builds the types on an explicit
allow-list, so a model file from elsewhere cannot run code when loaded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from .errors import ModelError, ModelIntegrityError, UntrustedModelError
from .extract import Extraction, extract
from .features import FEATURE_NAMES, FEATURES, is_log_scaled
from .resources import data_dir, features_digest
from .schema import LABELS

log = logging.getLogger(__name__)

DEFAULT_MODEL = "framing-en-v1"
MODEL_FILE = "model.skops"
MANIFEST_FILE = "manifest.json"
ARRAYS_FILE = "model.npz"

# Abstention defaults (stored in each model's manifest; these are the values training writes).
MIN_WORDS = 50  # below 50 words a per-100-words density moves by 2 with every single hit
MIN_CONFIDENCE = 0.5  # top calibrated probability below this: no label

# Types a framing model is made of. skops refuses anything else unless the caller trusts the file.
TRUSTED_TYPES = (
    "builtins.slice",
    "numpy.dtype",
    "numpy.ndarray",
    "numpy.float64",
    "numpy.int64",
    "numpy.core.multiarray._reconstruct",
    "numpy._core.multiarray._reconstruct",
    "sklearn.impute._base.SimpleImputer",
    "sklearn.preprocessing._data.StandardScaler",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "framing.estimator.FramingLogit",
)


_PLAIN_TYPES = frozenset(
    f"builtins.{t}" for t in ("dict", "list", "tuple", "str", "int", "float", "bool", "NoneType")
)


def skops_types(path: Path) -> set[str]:
    """Every ``module.class`` named in a skops file's schema."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        schema = json.loads(zf.read("schema.json"))
    found: set[str] = set()
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("__module__"), str) and isinstance(node.get("__class__"), str):
                found.add(f"{node['__module__']}.{node['__class__']}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in ("scikit-learn", "numpy", "skops"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:  # pragma: no cover
            out[dist] = "missing"
    return out


@dataclass
class Prediction:
    """One document's result from :meth:`FramingModel.explain`."""

    label: str | None
    probabilities: dict[str, float]
    abstain_reason: str | None
    extraction: Extraction
    top_features: list[dict[str, Any]] = field(default_factory=list)
    model: str = ""
    feature_set: str = ""

    @property
    def confidence(self) -> float | None:
        return max(self.probabilities.values()) if self.probabilities else None

    @property
    def features(self) -> dict[str, float]:
        return self.extraction.features


class _Compiled:
    """The fitted model as plain arrays, for scoring one document at a time.

    ``CalibratedClassifierCV.predict_proba`` validates its input and walks estimator objects on
    every call (~8 ms a document); the same arithmetic on arrays takes microseconds. For each
    calibration member: impute medians, standardise, linear decision per class, sigmoid
    calibration per class ``1 / (1 + exp(a*d + b))``, normalise; then average the members
    (log1p of the density columns first, as :class:`FramingLogit` does).
    ``tests/test_model_fast.py`` checks it against scikit-learn's own ``predict_proba``.
    """

    _FIELDS = ("fill", "mean", "scale", "coef", "intercept", "a", "b")

    def __init__(self, columns: Sequence[str], classes: Sequence[str], members: list[dict]):
        idx = {n: i for i, n in enumerate(FEATURE_NAMES)}
        self.columns = list(columns)
        self.index = np.array([idx[c] for c in columns], dtype=np.int64)
        self.log_index = np.array([k for k, c in enumerate(columns) if is_log_scaled(c)],
                                  dtype=np.int64)
        self.classes = [str(c) for c in classes]
        if not members:
            raise ModelIntegrityError("model has no calibration members")
        for name in self._FIELDS:
            setattr(self, name, [np.asarray(m[name], dtype=float) for m in members])
        n_cls, n_col = len(self.classes), len(self.columns)
        for k in range(len(members)):
            if (self.coef[k].shape != (n_cls, n_col)
                    or any(getattr(self, f)[k].shape != (n_col,) for f in ("fill", "mean", "scale"))
                    or any(getattr(self, f)[k].shape != (n_cls,) for f in ("intercept", "a", "b"))):
                raise ModelIntegrityError("model arrays do not fit its columns and classes")

    @classmethod
    def from_estimator(cls, est, columns: Sequence[str]) -> "_Compiled":
        members = est.calibrated_classifiers_ if hasattr(est, "calibrated_classifiers_") else None
        if not members:
            raise ModelIntegrityError("model is not a calibrated FramingLogit ensemble")
        classes = [str(c) for c in est.classes_]
        arrays = []
        for cc in members:
            m = cc.estimator
            if [str(c) for c in getattr(m, "classes_", [])] != classes \
                    or len(cc.calibrators) != len(classes) or not hasattr(m, "clf_"):
                raise ModelIntegrityError("model is not a calibrated FramingLogit ensemble")
            if list(getattr(m, "columns", ())) != list(columns):
                raise ModelIntegrityError("the manifest's columns differ from the model's own")
            expected_log = [k for k, c in enumerate(columns) if is_log_scaled(c)]
            if list(getattr(m, "log_index_", [])) != expected_log:
                raise ModelIntegrityError("the model's log-scaled columns differ from framing's")
            arrays.append({
                "fill": m.imputer_.statistics_, "mean": m.scaler_.mean_,
                "scale": m.scaler_.scale_, "coef": m.clf_.coef_,
                "intercept": m.clf_.intercept_,
                "a": [c.a_ for c in cc.calibrators], "b": [c.b_ for c in cc.calibrators],
            })
        return cls(columns, classes, arrays)

    def to_arrays(self) -> dict[str, np.ndarray]:
        out = {"columns": np.array(self.columns), "classes": np.array(self.classes),
               "n_members": np.array(len(self.coef))}
        for name in self._FIELDS:
            for k, v in enumerate(getattr(self, name)):
                out[f"{name}_{k}"] = v
        return out

    @classmethod
    def from_arrays(cls, arrays) -> "_Compiled":
        n = int(arrays["n_members"])
        members = [{name: arrays[f"{name}_{k}"] for name in cls._FIELDS} for k in range(n)]
        return cls([str(c) for c in arrays["columns"]], [str(c) for c in arrays["classes"]], members)

    def standardised(self, X: np.ndarray, k: int) -> np.ndarray:
        Z = np.asarray(X, dtype=float)[:, self.index]
        if self.log_index.size:
            Z[:, self.log_index] = np.log1p(np.clip(Z[:, self.log_index], 0.0, None))
        Z = np.where(np.isnan(Z), self.fill[k], Z)
        return (Z - self.mean[k]) / self.scale[k]

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        X = np.atleast_2d(np.asarray(X, dtype=float))
        total = np.zeros((X.shape[0], len(self.classes)))
        for k in range(len(self.coef)):
            d = self.standardised(X, k) @ self.coef[k].T + self.intercept[k]
            with np.errstate(over="ignore"):
                p = 1.0 / (1.0 + np.exp(self.a[k] * d + self.b[k]))
            den = p.sum(axis=1, keepdims=True)
            p = np.divide(p, den, out=np.full_like(p, 1.0 / p.shape[1]), where=den != 0)
            p[(1.0 < p) & (p <= 1.0 + 1e-5)] = 1.0
            total += p
        return total / len(self.coef)

    def contributions(self, x: np.ndarray, label: str) -> np.ndarray:
        j = self.classes.index(label)
        x = np.asarray(x, dtype=float).reshape(1, -1)
        return np.mean([self.coef[k][j] * self.standardised(x, k)[0] for k in range(len(self.coef))],
                       axis=0)


class FramingModel:
    """A loaded, checked model. Use :func:`load_model` to get one."""

    def __init__(self, compiled: "_Compiled", manifest: dict[str, Any],
                 directory: Path | None = None, *, estimator=None, trusted: Sequence[str] = ()):
        self.manifest = manifest
        self.directory = directory
        self.name: str = manifest["name"]
        self.columns: list[str] = list(manifest["columns"])
        if compiled.columns != self.columns:
            raise ModelIntegrityError(f"model {self.name}: the manifest's columns differ from the model's own")
        self.languages: list[str] = list(manifest.get("languages", ["en"]))
        self.min_words: int = int(manifest.get("min_words", MIN_WORDS))
        self.min_confidence: float = float(manifest.get("min_confidence", MIN_CONFIDENCE))
        self.classes: list[str] = list(compiled.classes)
        if sorted(self.classes) != sorted(LABELS):
            raise ModelIntegrityError(f"model {self.name}: classes {self.classes} are not {list(LABELS)}")
        self.feature_set: str = manifest.get("feature_set", "full")
        self._fast = compiled
        self._order = [self.classes.index(c) for c in LABELS]
        self._estimator = estimator
        self._trusted = list(trusted)

    @property
    def estimator(self):
        """The fitted scikit-learn estimator (read from ``model.skops`` on first use; scoring
        does not need it)."""
        if self._estimator is None:
            self._estimator = _read_skops(self.directory / MODEL_FILE, self._trusted)
        return self._estimator

    # -- core -------------------------------------------------------------------------------
    def _matrix(self, extractions: Sequence[Extraction]) -> np.ndarray:
        if not extractions:
            return np.empty((0, len(FEATURE_NAMES)))
        return np.vstack([e.vector() for e in extractions])

    def proba_from_features(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities (columns in ``LABELS`` order) from registry feature rows."""
        return self._fast.predict_proba(X)[:, self._order]

    def contributions(self, x: np.ndarray, label: str) -> list[dict[str, Any]]:
        """Signed contribution of each feature to the label's log-odds (base logistic model).

        For each calibration member's logistic regression: coefficient x standardised value,
        averaged over members. Positive pushes towards ``label``, negative away from it.
        """
        total = self._fast.contributions(x, label)
        sel = {n: i for i, n in enumerate(FEATURE_NAMES)}
        out = [
            {"feature": n, "value": _num(x[sel[n]]), "contribution": round(float(c), 4)}
            for n, c in zip(self.columns, total)
        ]
        out.sort(key=lambda d: -abs(d["contribution"]))
        return out

    # -- public API --------------------------------------------------------------------------
    def explain(self, texts: Iterable[str] | str, *, top: int = 8) -> list[Prediction]:
        """Label, probabilities, features, evidence and top contributions for each text."""
        if isinstance(texts, str):
            texts = [texts]
        exs = [extract(t) for t in texts]
        return self.explain_extractions(exs, top=top)

    def explain_extractions(self, exs: Sequence[Extraction], *, top: int = 8) -> list[Prediction]:
        X = self._matrix(exs)
        P = self.proba_from_features(X) if len(exs) else np.empty((0, 3))
        out = []
        for i, ex in enumerate(exs):
            probs = {c: round(float(p), 6) for c, p in zip(LABELS, P[i])}
            reason = self.abstain_reason(ex, probs)
            label = None if reason else max(probs, key=probs.get)
            if reason and reason.startswith(("language", "too short")):
                probs, top_feats = {}, []  # not judged: no probabilities, no explanation
            else:
                contribs = self.contributions(X[i], label or max(probs, key=probs.get))
                top_feats = [c for c in contribs if c["contribution"] != 0][:top]
            out.append(Prediction(label, probs, reason, ex, top_feats, self.name, self.feature_set))
        return out

    def abstain_reason(self, ex: Extraction, probs: dict[str, float]) -> str | None:
        if ex.language is None:
            return "language: no text to detect a language from"
        if ex.language not in self.languages:
            return f"language '{ex.language}' is not covered by model {self.name}"
        if ex.n_words < self.min_words:
            return f"too short to judge: {ex.n_words} words (minimum {self.min_words})"
        conf = max(probs.values())
        if conf < self.min_confidence:
            return f"low confidence: top probability {conf:.3f} < {self.min_confidence:.2f}"
        return None

    def predict_proba(self, texts: Iterable[str] | str) -> np.ndarray:
        """Calibrated probabilities, one row per text, columns ``wire, state, partisan``."""
        if isinstance(texts, str):
            texts = [texts]
        return self.proba_from_features(self._matrix([extract(t) for t in texts]))

    def predict(self, texts: Iterable[str] | str) -> list[str | None]:
        """Labels (``None`` where the model abstains; see :meth:`explain` for the reason)."""
        return [p.label for p in self.explain(texts)]

    def __repr__(self) -> str:
        return f"FramingModel({self.name!r}, features={len(self.columns)}, languages={self.languages})"


def _num(v: float) -> float | None:
    v = float(v)
    return round(v, 4) if math.isfinite(v) else None


# -- saving and loading ------------------------------------------------------------------------

def save_model(estimator, directory: Path, manifest: dict[str, Any]) -> Path:
    """Write ``model.skops``, ``model.npz`` and ``manifest.json`` into ``directory``.

    ``model.skops`` is the estimator (skops, no pickle); ``model.npz`` holds the same fitted
    parameters as plain arrays (``allow_pickle=False``) so that scoring reads them without
    importing scikit-learn, and records the SHA-256 of the skops file it was made from.
    """
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    sio.dump(estimator, path, compression=8)  # zipfile.ZIP_DEFLATED
    manifest = dict(manifest)
    manifest["sha256"] = sha256_file(path)
    arrays = _Compiled.from_estimator(estimator, manifest["columns"]).to_arrays()
    arrays["source_sha256"] = np.array(manifest["sha256"])
    with open(directory / ARRAYS_FILE, "wb") as fh:
        np.savez_compressed(fh, **arrays)
    manifest["sha256_arrays"] = sha256_file(directory / ARRAYS_FILE)
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return path


def _read_skops(fpath: Path, trusted: Sequence[str]):
    import skops.io as sio

    try:
        return sio.load(fpath, trusted=list(trusted))
    except Exception as exc:  # noqa: BLE001 - skops raises various errors on a damaged file
        raise ModelIntegrityError(f"{fpath} could not be read by skops: {exc}") from exc


def _read_arrays(directory: Path, manifest: dict[str, Any], skops_digest: str) -> _Compiled | None:
    """The compiled arrays, when they are present, intact and made from this skops file."""
    apath = directory / ARRAYS_FILE
    if not apath.is_file() or manifest.get("sha256_arrays") != sha256_file(apath):
        return None
    try:
        with np.load(apath, allow_pickle=False) as arrays:
            if str(arrays["source_sha256"]) != skops_digest:
                return None
            return _Compiled.from_arrays(arrays)
    except (KeyError, ValueError, OSError):
        return None


def _resolve(path: str | Path | None) -> Path:
    if path is None:
        return data_dir("models") / DEFAULT_MODEL
    p = Path(path)
    if not p.exists() and not p.suffix and (data_dir("models") / str(path)).is_dir():
        return data_dir("models") / str(path)
    if p.is_file():
        p = p.parent
    if not (p / MODEL_FILE).is_file():
        raise ModelError(f"no {MODEL_FILE} in {p}: point --model at a model directory "
                         f"(holding {MODEL_FILE} and {MANIFEST_FILE}) or at its {MODEL_FILE}")
    return p


def load_model(path: str | Path | None = None, *, trust: bool = False) -> FramingModel:
    """Load and check a model; the shipped one by default.

    ``path`` may be a model directory, its ``model.skops`` file, or the name of a model under
    ``models/``. A model whose file holds types beyond framing's allow-list is refused unless
    ``trust=True``; with ``trust=True`` the file's own types are accepted, which can run code:
    only do that for files you made.
    """
    directory = _resolve(path)
    mpath = directory / MANIFEST_FILE
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelIntegrityError(f"{mpath} is missing: a model directory needs its manifest") from exc
    except json.JSONDecodeError as exc:
        raise ModelIntegrityError(f"{mpath} is not valid JSON: {exc}") from exc
    fpath = directory / MODEL_FILE
    digest = sha256_file(fpath)
    if digest != manifest.get("sha256"):
        raise ModelIntegrityError(
            f"{fpath}: SHA-256 {digest[:12]}… does not match the manifest "
            f"({str(manifest.get('sha256'))[:12]}…); the file was changed or belongs to another manifest"
        )
    if list(manifest.get("feature_names", [])) != list(FEATURE_NAMES):
        missing = sorted(set(manifest.get("columns", [])) - set(FEATURES))
        raise ModelIntegrityError(
            f"{fpath}: feature schema differs from this framing's extractor "
            f"({len(manifest.get('feature_names', []))} vs {len(FEATURE_NAMES)} features"
            + (f"; unknown: {', '.join(missing[:5])}" if missing else "")
            + "); retrain with 'framing train' or use the framing version that made it"
        )
    try:
        present = skops_types(fpath)
    except Exception as exc:  # noqa: BLE001 - a damaged zip or schema raises various errors
        raise ModelIntegrityError(f"{fpath} is not a readable skops file: {exc}") from exc
    # skops itself trusts every scikit-learn type; framing trusts only what its models are
    # made of, so a file holding anything else is refused like an untrusted one.
    extra = sorted(present - set(TRUSTED_TYPES) - _PLAIN_TYPES)
    if extra and not trust:
        raise UntrustedModelError(
            f"{fpath} contains types outside framing's allow-list: {', '.join(extra[:6])}; "
            "loading them could run code. Pass trust=True (CLI: --trust-model) only for a file you made."
        )
    trusted = sorted(set(TRUSTED_TYPES) | (set(extra) if trust else set()))
    recorded = manifest.get("versions", {})
    current = library_versions()
    for lib in ("scikit-learn",):
        if recorded.get(lib) and recorded[lib].split(".")[:2] != current[lib].split(".")[:2]:
            warnings.warn(
                f"model {manifest.get('name')} was trained with {lib} {recorded[lib]}, "
                f"running {current[lib]}: predictions may differ slightly",
                stacklevel=2,
            )
    if manifest.get("features_digest") and manifest["features_digest"] != features_digest():
        log.warning("model %s was trained with different lexicons (features/ digest differs)",
                    manifest.get("name"))
    compiled = _read_arrays(directory, manifest, digest)
    estimator = None
    if compiled is None:  # no arrays, or not made from this skops file: read the estimator
        estimator = _read_skops(fpath, trusted)
        compiled = _Compiled.from_estimator(estimator, manifest["columns"])
    return FramingModel(compiled, manifest, directory, estimator=estimator, trusted=trusted)
