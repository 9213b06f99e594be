"""The classifier: wire / state / partisan from two channels, calibrated and explained.

Channels, combined by one multinomial logistic regression:

- **style**: function-word and punctuation n-grams of the masked text (:mod:`framing.style`),
  TF-IDF weighted over a fixed vocabulary. It reads how an outlet writes, not what about.
- **registry**: explainable features from :mod:`framing.features` (attribution, loaded terms by
  voice, sentiment by voice, style counts), log1p for densities, median-imputed, standardised,
  scaled by one channel weight. A registry feature is a model input only when the held-out
  protocol of ``benchmarks/accuracy.py`` says it helps; topic and layout features never are.

Then, from format 3, an **evidence stage**: named registry features, each allowed to push one
label only (its designed direction: deferential verbs towards ``state``, counter voices towards
``wire``) by a non-negative weight on its standardised value, added to the channels' logits.
The weights are fitted on out-of-fold logits of the channels (folds by outlet), so they say what
the evidence adds to style on outlets the style channel never saw (framing.train.fit_evidence).

The logits are divided by a temperature fitted on held-out outlets (calibration), and
``p = softmax(z / T)``. Every label comes with its reasons in plain words
(:mod:`framing.reasons`).

A model lives in a directory ``models/NAME/``:

    model.npz       every fitted parameter as a plain array, read with ``allow_pickle=False``:
                    loading a model file can never run code
    manifest.json   name, format, languages, feature schema, channel settings, thresholds,
                    library versions, lexicon digest, training-data digest, SHA-256 of model.npz
    metrics.json    held-out metrics written by ``framing train``
    MODEL_CARD.md   for people

Loading checks the file hash against the manifest and the feature schema against the
extractor's registry; scoring needs only NumPy.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from .errors import ModelError, ModelIntegrityError
from .extract import Extraction, extract
from .features import FEATURE_NAMES, FEATURES, is_log_scaled
from .resources import data_dir, features_digest
from .schema import LABELS
from .style import DROP_COMMAS_TOO, locate, mask, ngram_counts, style_input, weigh_arrays

log = logging.getLogger(__name__)

DEFAULT_MODEL = "framing-en-v3"
MODEL_FILE = "model.npz"
MANIFEST_FILE = "manifest.json"
FORMAT = 3
FORMATS = (2, 3)  # format 2: the channels alone (no evidence stage)

# Abstention: only where the model cannot read the text.
MIN_WORDS = 50  # below 50 words a per-100-words density moves by 2 with every single hit
# Default doubt threshold (each model stores its own, chosen on held-out outlets by training).
LOW_CONFIDENCE = 0.5


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in ("scikit-learn", "numpy"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:  # pragma: no cover
            out[dist] = "missing"
    return out


@dataclass
class Prediction:
    """One document's result from :meth:`FramingModel.explain`.

    ``label`` is given whenever the model can read the text; ``low_confidence`` flags a top
    probability under the model's threshold. ``label`` is None (with ``abstain_reason``) only
    for a text too short or in a language the model does not cover.
    """

    label: str | None
    probabilities: dict[str, float]
    abstain_reason: str | None
    extraction: Extraction
    top_features: list[dict[str, Any]] = field(default_factory=list)
    model: str = ""
    feature_set: str = ""
    low_confidence: bool = False
    # 3-5 reasons in plain words, each with the label it pushes towards and example spans
    # (framing.reasons): {"reason", "key", "kind", "towards", "weight", "count", "spans"}
    top_reasons: list[dict[str, Any]] = field(default_factory=list)

    @property
    def confidence(self) -> float | None:
        return max(self.probabilities.values()) if self.probabilities else None

    @property
    def features(self) -> dict[str, float]:
        return self.extraction.features


# -- the compiled channels ---------------------------------------------------------------------

class StyleChannel:
    """Masked n-gram TF-IDF over a fixed vocabulary, with per-class weights."""

    def __init__(self, keep: Sequence[str], orders: Sequence[int], grams: Sequence[str],
                 idf: np.ndarray, weights: np.ndarray, drop: str = DROP_COMMAS_TOO):
        self.keep = frozenset(str(w) for w in keep)
        self.drop = str(drop)  # characters that are no tokens (framing.style)
        self.orders = tuple(int(n) for n in orders)
        self.grams = [str(g) for g in grams]
        self.vocab = {g: i for i, g in enumerate(self.grams)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.weights = np.asarray(weights, dtype=np.float64)
        if self.idf.shape != (len(self.grams),) or self.weights.shape[0] != len(self.grams):
            raise ModelIntegrityError("style channel arrays do not fit its vocabulary")
        self._families: dict[str, list[str | None]] = {}
        self._codes: dict[str, Any] = {}

    def families(self, lang: str) -> list[str | None]:
        """The reason family of every n-gram of the vocabulary (framing.reasons), once."""
        fams = self._families.get(lang)
        if fams is None:
            from .reasons import gram_family

            fams = self._families[lang] = [gram_family(g, lang) for g in self.grams]
        return fams

    def family_codes(self, lang: str):
        """:meth:`families` as integer codes and their names (framing.reasons.family_codes)."""
        codes = self._codes.get(lang)
        if codes is None:
            from .reasons import family_codes

            codes = self._codes[lang] = family_codes(self.families(lang))
        return codes

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray, Any]:
        masked = mask(text, self.keep, self.drop)
        idx, val = weigh_arrays(ngram_counts(masked, self.orders), self.vocab, self.idf)
        return idx, val, masked


def select_columns(X: np.ndarray, columns: Sequence[str]) -> np.ndarray:
    """The given registry columns of rows of registry vectors (``FEATURE_NAMES`` order), the
    heavy-tailed ones as log1p; missing values stay NaN. Training and scoring both use it."""
    idx = {n: i for i, n in enumerate(FEATURE_NAMES)}
    Z = np.atleast_2d(np.asarray(X, dtype=np.float64))[:, [idx[c] for c in columns]]
    logs = [k for k, c in enumerate(columns) if is_log_scaled(c)]
    if logs:
        Z[:, logs] = np.log1p(np.clip(Z[:, logs], 0.0, None))
    return Z


class RegistryChannel:
    """Registry columns -> log1p densities -> median fill -> standardise -> x channel weight."""

    def __init__(self, columns: Sequence[str], fill: np.ndarray, mean: np.ndarray,
                 scale: np.ndarray, weight: float, weights: np.ndarray):
        self.columns = [str(c) for c in columns]
        unknown = [c for c in self.columns if c not in FEATURES]
        if unknown:
            raise ModelIntegrityError(f"model reads features this framing does not have: {unknown[:5]}")
        idx = {n: i for i, n in enumerate(FEATURE_NAMES)}
        self.index = np.array([idx[c] for c in self.columns], dtype=np.int64)
        self.fill = np.asarray(fill, dtype=np.float64)
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.weight = float(weight)
        self.weights = np.asarray(weights, dtype=np.float64)
        n = len(self.columns)
        if any(a.shape != (n,) for a in (self.fill, self.mean, self.scale)) \
                or self.weights.shape[0] != n:
            raise ModelIntegrityError("registry channel arrays do not fit its columns")

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Rows of registry vectors (``FEATURE_NAMES`` order) -> the channel's model inputs."""
        Z = np.where(np.isnan(Z := select_columns(X, self.columns)), self.fill, Z)
        return (Z - self.mean) / self.scale * self.weight


class EvidenceStage:
    """Named registry features, each pushing one label: ``z[target_k] += beta_k * x_k``, where
    ``x_k`` is the feature as a model reads it (:func:`select_columns`), missing values filled
    with the training median, standardised; ``beta_k >= 0``."""

    def __init__(self, columns: Sequence[str], targets: Sequence[int], fill: np.ndarray,
                 mean: np.ndarray, scale: np.ndarray, beta: np.ndarray):
        self.columns = [str(c) for c in columns]
        unknown = [c for c in self.columns if c not in FEATURES]
        if unknown:
            raise ModelIntegrityError(f"model reads features this framing does not have: {unknown[:5]}")
        self.targets = np.asarray(targets, dtype=np.int64)
        self.fill = np.asarray(fill, dtype=np.float64)
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.beta = np.asarray(beta, dtype=np.float64)
        n = len(self.columns)
        if any(a.shape != (n,) for a in (self.targets, self.fill, self.mean, self.scale, self.beta)):
            raise ModelIntegrityError("evidence stage arrays do not fit its columns")
        if n and (self.targets.min() < 0 or self.targets.max() >= len(LABELS) or (self.beta < 0).any()):
            raise ModelIntegrityError("evidence stage: targets must name a label, weights be >= 0")

    def standardise(self, X: np.ndarray) -> np.ndarray:
        """Rows of registry vectors (``FEATURE_NAMES`` order) -> standardised evidence values."""
        Z = select_columns(X, self.columns)
        Z = np.where(np.isnan(Z), self.fill, Z)
        return (Z - self.mean) / self.scale

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """(n_rows, n_columns, n_classes): what each feature adds to each label's logit."""
        Z = self.standardise(X) * self.beta
        out = np.zeros(Z.shape + (len(LABELS),))
        out[:, np.arange(len(self.columns)), self.targets] = Z
        return out

    def logits(self, X: np.ndarray) -> np.ndarray:
        return self.contributions(X).sum(axis=1)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class FramingModel:
    """A loaded, checked model. Use :func:`load_model` to get one."""

    def __init__(self, manifest: dict[str, Any], *, style: StyleChannel | None,
                 registry: RegistryChannel | None, intercept: np.ndarray, temperature: float,
                 directory: Path | None = None, evidence: EvidenceStage | None = None):
        if style is None and registry is None:
            raise ModelIntegrityError("a model needs at least one channel")
        self.manifest = manifest
        self.directory = directory
        self.name: str = manifest["name"]
        self.classes: list[str] = list(manifest.get("labels", LABELS))
        if self.classes != list(LABELS):
            raise ModelIntegrityError(f"model {self.name}: classes {self.classes} are not {list(LABELS)}")
        self.languages: list[str] = list(manifest.get("languages", ["en"]))
        self.min_words: int = int(manifest.get("min_words", MIN_WORDS))
        self.low_confidence_below: float = float(manifest.get("low_confidence_below", LOW_CONFIDENCE))
        self.feature_set: str = manifest.get("feature_set", "full")
        self.style = style
        self.registry = registry
        self.evidence = evidence
        self.columns: list[str] = registry.columns if registry is not None else []
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.temperature = float(temperature)
        n_cls = len(self.classes)
        for ch in (style, registry):
            if ch is not None and ch.weights.shape[1:] != (n_cls,):
                raise ModelIntegrityError(f"model {self.name}: channel weights do not fit the classes")
        if self.intercept.shape != (n_cls,) or not self.temperature > 0:
            raise ModelIntegrityError(f"model {self.name}: bad intercept or temperature")

    # -- core -------------------------------------------------------------------------------
    def _parts(self, ex: Extraction):
        """Logits of one document and what each channel put in (for explanations)."""
        z = self.intercept.copy()
        style_part = reg_part = ev_part = None
        if self.style is not None:
            idx, val, masked = self.style.row(style_input(ex.text, ex.credits))
            if idx.size:
                z += val @ self.style.weights[idx]
            style_part = (idx, val, masked)
        if self.registry is not None or self.evidence is not None:
            x = ex.vector()
            if self.registry is not None:
                zr = self.registry.transform(x)[0]
                z += zr @ self.registry.weights
                reg_part = zr
            if self.evidence is not None:
                ev_part = self.evidence.contributions(x)[0]  # (n_columns, n_classes)
                z += ev_part.sum(axis=0)
        return z, style_part, reg_part, ev_part

    def proba_from_logits(self, z: np.ndarray) -> np.ndarray:
        return softmax(np.asarray(z, dtype=np.float64) / self.temperature)

    def _explain_one(self, ex: Extraction, top: int) -> Prediction:
        reason = self._unreadable(ex)
        if reason:  # not judged: no probabilities, no explanation
            return Prediction(None, {}, reason, ex, [], self.name, self.feature_set)
        z, style_part, reg_part, ev_part = self._parts(ex)
        p = self.proba_from_logits(z)
        probs = {c: round(float(v), 6) for c, v in zip(LABELS, p)}
        j = int(np.argmax(p))
        label = LABELS[j]
        low = float(p[j]) < self.low_confidence_below
        feats, reasons = self._contributions(ex, j, style_part, reg_part, ev_part, top)
        return Prediction(label, probs, None, ex, feats, self.name, self.feature_set, low,
                          top_reasons=reasons)

    def _contributions(self, ex: Extraction, j: int, style_part, reg_part, ev_part, top: int):
        """What weighed: ``top_features`` (registry features and named families of style
        n-grams, each with its signed contribution to the label's logit against the mean of
        the other classes', positive = towards the label) and ``top_reasons`` (the same in plain
        words with examples, :mod:`framing.reasons`). A bare n-gram shape is never shown."""
        from .reasons import feature_reason, style_reasons, top_reasons

        def towards(W: np.ndarray) -> np.ndarray:
            others = [k for k in range(W.shape[1]) if k != j]
            return W[:, j] - W[:, others].mean(axis=1)

        out: list[dict[str, Any]] = []
        cands = []
        if reg_part is not None:
            c = reg_part * towards(self.registry.weights)
            x = ex.vector()[self.registry.index]
            for k in np.argsort(-np.abs(c))[:top]:
                if c[k] != 0:
                    out.append({"feature": self.registry.columns[k], "kind": "feature",
                                "value": _num(x[k]), "contribution": round(float(c[k]), 4)})
        if ev_part is not None:
            x = select_columns(ex.vector(), self.evidence.columns)[0]
            each = towards(ev_part).tolist()  # every feature's effect, row by row
            for k, col in enumerate(self.evidence.columns):
                t = int(self.evidence.targets[k])
                pushed = float(ev_part[k, t])  # what the feature added to its label's logit
                c = each[k]
                if c == 0:
                    continue
                out.append({"feature": col, "kind": "evidence", "value": _num(x[k]),
                            "contribution": round(c, 4)})
                r = feature_reason(col, ex, LABELS[t], "towards" if pushed > 0 else "against", c)
                if r is not None:
                    cands.append(r)
        if style_part is not None and style_part[0].size:
            idx, val, masked = style_part
            contrib = val[:, None] * self.style.weights[idx]  # (n_grams, n_classes)
            lang = self.languages[0] if self.languages else "en"
            reasons = style_reasons(ex.text, masked, idx, contrib, self.style.grams,
                                    self.style.family_codes(lang), j, lang)
            cands.extend(reasons)
            for r in reasons:
                out.append({"feature": r.key, "kind": "style", "value": r.count,
                            "contribution": round(r.weight, 4), "spans": r.spans})
        out.sort(key=lambda d: -abs(d["contribution"]))
        return out[:top], top_reasons(cands)

    def _unreadable(self, ex: Extraction) -> str | None:
        if ex.language is None:
            return "language: no text to detect a language from"
        if ex.language not in self.languages:
            return f"language '{ex.language}' is not covered by model {self.name}"
        if ex.n_words < self.min_words:
            return f"too short to judge: {ex.n_words} words (minimum {self.min_words})"
        return None

    # -- public API --------------------------------------------------------------------------
    def explain(self, texts: Iterable[str] | str, *, top: int = 8) -> list[Prediction]:
        """Label, probabilities, doubt flag, features, evidence and top contributions."""
        if isinstance(texts, str):
            texts = [texts]
        return self.explain_extractions([extract(t) for t in texts], top=top)

    def explain_extractions(self, exs: Sequence[Extraction], *, top: int = 8) -> list[Prediction]:
        return [self._explain_one(ex, top) for ex in exs]

    def predict_proba(self, texts: Iterable[str] | str) -> np.ndarray:
        """Calibrated probabilities, one row per text, columns ``wire, state, partisan``
        (computed even where :meth:`predict` would abstain, e.g. on a short text)."""
        if isinstance(texts, str):
            texts = [texts]
        rows = [self.proba_from_logits(self._parts(extract(t))[0]) for t in texts]
        return np.vstack(rows) if rows else np.empty((0, len(LABELS)))

    def predict(self, texts: Iterable[str] | str) -> list[str | None]:
        """Labels (``None`` only where the text is too short or its language not covered)."""
        return [p.label for p in self.explain(texts)]

    def __repr__(self) -> str:
        chans = [n for n, c in (("style", self.style), ("registry", self.registry),
                                ("evidence", self.evidence)) if c is not None]
        return (f"FramingModel({self.name!r}, channels={'+'.join(chans)}, "
                f"features={len(self.columns)}, languages={self.languages})")


def _num(v: float) -> float | None:
    v = float(v)
    return round(v, 4) if math.isfinite(v) else None


# -- saving and loading ------------------------------------------------------------------------

def to_arrays(model_parts: dict[str, Any]) -> dict[str, np.ndarray]:
    """The plain arrays of a model (what ``model.npz`` holds)."""
    out: dict[str, np.ndarray] = {
        "intercept": np.asarray(model_parts["intercept"], dtype=np.float64),
        "temperature": np.asarray(model_parts["temperature"], dtype=np.float64),
    }
    st = model_parts.get("style")
    if st is not None:
        out.update(style_keep=np.array(sorted(st["keep"]), dtype=str),
                   style_drop=np.array(st["drop"]),
                   style_orders=np.asarray(st["orders"], dtype=np.int64),
                   style_grams=np.array(st["grams"], dtype=str),
                   style_idf=np.asarray(st["idf"], dtype=np.float32),
                   style_weights=np.asarray(st["weights"], dtype=np.float32))
    rg = model_parts.get("registry")
    if rg is not None:
        out.update(registry_columns=np.array(rg["columns"], dtype=str),
                   registry_fill=np.asarray(rg["fill"], dtype=np.float64),
                   registry_mean=np.asarray(rg["mean"], dtype=np.float64),
                   registry_scale=np.asarray(rg["scale"], dtype=np.float64),
                   registry_weight=np.asarray(rg["weight"], dtype=np.float64),
                   registry_weights=np.asarray(rg["weights"], dtype=np.float64))
    ev = model_parts.get("evidence")
    if ev is not None:
        out.update(evidence_columns=np.array(ev["columns"], dtype=str),
                   evidence_targets=np.asarray(ev["targets"], dtype=np.int64),
                   evidence_fill=np.asarray(ev["fill"], dtype=np.float64),
                   evidence_mean=np.asarray(ev["mean"], dtype=np.float64),
                   evidence_scale=np.asarray(ev["scale"], dtype=np.float64),
                   evidence_beta=np.asarray(ev["beta"], dtype=np.float64))
    return out


def _from_arrays(a, manifest: dict[str, Any], directory: Path | None) -> FramingModel:
    style = registry = None
    if "style_grams" in a:
        # models saved before the drop set was recorded dropped commas too
        drop = str(a["style_drop"]) if "style_drop" in a else DROP_COMMAS_TOO
        style = StyleChannel(a["style_keep"].tolist(), a["style_orders"].tolist(),
                             a["style_grams"].tolist(), a["style_idf"], a["style_weights"], drop)
    if "registry_columns" in a:
        registry = RegistryChannel(a["registry_columns"].tolist(), a["registry_fill"],
                                   a["registry_mean"], a["registry_scale"],
                                   float(a["registry_weight"]), a["registry_weights"])
        if registry.columns != list(manifest.get("columns", [])):
            raise ModelIntegrityError(f"model {manifest.get('name')}: the manifest's columns "
                                      "differ from the model's own")
    evidence = None
    if "evidence_columns" in a:
        evidence = EvidenceStage(a["evidence_columns"].tolist(), a["evidence_targets"],
                                 a["evidence_fill"], a["evidence_mean"], a["evidence_scale"],
                                 a["evidence_beta"])
        declared = [[c, LABELS[int(t)]] for c, t in zip(evidence.columns, evidence.targets)]
        if declared != [list(e) for e in manifest.get("evidence", [])]:
            raise ModelIntegrityError(f"model {manifest.get('name')}: the manifest's evidence "
                                      "stage differs from the model's own")
    return FramingModel(manifest, style=style, registry=registry, intercept=a["intercept"],
                        temperature=float(a["temperature"]), directory=directory,
                        evidence=evidence)


def save_model(model_parts: dict[str, Any], directory: Path, manifest: dict[str, Any]) -> Path:
    """Write ``model.npz`` (plain arrays, no pickle) and ``manifest.json`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **to_arrays(model_parts))
    manifest = dict(manifest)
    manifest["format"] = FORMAT if model_parts.get("evidence") is not None else 2
    manifest["sha256"] = sha256_file(path)
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return path


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
    """Load and check one model (the shipped English one by default).

    ``path`` may be a model directory, its ``model.npz`` file, or the name of a model under
    ``models/``. Model files are plain arrays read with ``allow_pickle=False``: loading one
    never runs code, so ``trust`` is accepted for compatibility and changes nothing.
    """
    del trust
    directory = _resolve(path)
    mpath = directory / MANIFEST_FILE
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelIntegrityError(f"{mpath} is missing: a model directory needs its manifest") from exc
    except json.JSONDecodeError as exc:
        raise ModelIntegrityError(f"{mpath} is not valid JSON: {exc}") from exc
    if manifest.get("format") not in FORMATS:
        raise ModelIntegrityError(
            f"{mpath}: model format {manifest.get('format')!r}, this framing reads formats "
            f"{', '.join(map(str, FORMATS))}; "
            "retrain with 'framing train' or use the framing version that made it")
    fpath = directory / MODEL_FILE
    digest = sha256_file(fpath)
    if digest != manifest.get("sha256"):
        raise ModelIntegrityError(
            f"{fpath}: SHA-256 {digest[:12]}… does not match the manifest "
            f"({str(manifest.get('sha256'))[:12]}…); the file was changed or belongs to another manifest"
        )
    # A model may be read by a framing whose registry has grown (features it does not read
    # change nothing); one that knew a feature this framing lacks is refused.
    unknown = [n for n in manifest.get("feature_names", []) if n not in FEATURES]
    if unknown or not manifest.get("feature_names"):
        raise ModelIntegrityError(
            f"{fpath}: feature schema differs from this framing's extractor "
            f"({len(manifest.get('feature_names', []))} vs {len(FEATURE_NAMES)} features"
            + (f"; unknown: {', '.join(unknown[:5])}" if unknown else "")
            + "); retrain with 'framing train' or use the framing version that made it"
        )
    if manifest.get("features_digest") and manifest["features_digest"] != features_digest():
        log.info("model %s was trained with different lexicons (features/ digest differs)",
                 manifest.get("name"))
    try:
        with np.load(fpath, allow_pickle=False) as arrays:
            return _from_arrays({k: arrays[k] for k in arrays.files}, manifest, directory)
    except ModelIntegrityError:
        raise
    except (KeyError, ValueError, OSError, TypeError) as exc:
        raise ModelIntegrityError(f"{fpath} is not a readable framing model: {exc}") from exc
