"""Training and held-out evaluation of the two-channel classifier (:mod:`framing.model`).

Evaluation is by outlet only. Two protocols (:func:`protocol_folds`):

- ``outlet``: leave one outlet out; every fold scores an outlet the model never saw;
- ``collection``: leave one collection slice out: every document of one class from one source
  collection (``kcna/state``, ``chinadaily-pd/state``, ``recovery/partisan``...) is held out
  together with every other document of the same outlets, so the fold scores a collection
  (topic, period, page layout) it never saw as well as new outlets.

A corpus is featurised once (:class:`Featurised`: registry vectors and masked n-gram counts);
every fold fits its vocabulary, IDF, scaling, regression and temperature on its training rows
only (:func:`fit_parts`), so no held-out document informs its own prediction.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import hashlib
import json
import logging
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .card import EXCERPT_WORDS  # 120 words: a short brief, a snippet, what a scraper kept
from .errors import FieldError, InputError
from .extract import extract
from .features import CROSS_LINGUAL, FEATURE_NAMES, FEATURES, NOT_MODEL_INPUTS
from .model import (FORMAT, LOW_CONFIDENCE, MIN_WORDS, library_versions, save_model,
                    select_columns, softmax)
from .resources import features_digest, term_list
from .schema import LABELS
from .style import DROP_APOSTROPHES, DROP_COMMAS_TOO, mask, ngram_counts, style_input

log = logging.getLogger(__name__)

# -- what the model reads ----------------------------------------------------------------------


# Features a model for other languages may use: structure (quotes, attribution, own-voice loaded
# terms from the language's own lexicon, punctuation, pronouns, sentence length), not English
# words. English-only features (VADER, English readability) are out.
LANGUAGE_INDEPENDENT = tuple(n for n in CROSS_LINGUAL if n not in NOT_MODEL_INPUTS)
MODEL_COLUMNS = tuple(n for n in FEATURE_NAMES if n not in NOT_MODEL_INPUTS)


@dataclass(frozen=True)
class Params:
    """Everything that decides a fitted model, written into its manifest."""

    language: str = "en"
    style: bool = True
    orders: tuple[int, ...] = (1, 2, 3)
    min_df: int = 5  # an n-gram enters the vocabulary when 5 training documents use it...
    min_outlets: int = 3  # ...from at least 3 outlets: one outlet's habit is not a class's style
    min_outlet_share: float = 0.0  # ...and from at least this share of the training outlets: a
    # pattern most outlets use is style every class shares in different measure, where a pattern
    # of a few outlets is their house habit (or their collection's), which new outlets lack
    idf: bool = True  # weigh n-grams by inverse document frequency (False: all weigh 1, so rare
    # patterns, which are mostly one outlet's, do not outweigh the common ones)
    excerpts: bool = False  # train on each document's first EXCERPT_WORDS words as well, so a
    # short brief or a snippet is read as well as a full article
    columns: tuple[str, ...] = ()  # registry features (empty: style channel only)
    registry_weight: float = 0.3  # scale of the standardised registry inputs against TF-IDF
    C: float = 1.0
    degrade: float = 0.0  # share of training documents added again with commas/apostrophes stripped
    keep_commas: bool = True  # commas are tokens of the style channel (apostrophes never are)
    balance: str = "class"  # "class": every class the same total weight; "outlet": and within a
    # class every outlet the same total weight (so Reuters or KCNA do not stand for their class)
    evidence: tuple[tuple[str, str], ...] = ()  # the evidence stage: (registry feature, the one
    # label it may push), fitted on out-of-fold channel logits (fit_evidence)
    evidence_folds: int = 4  # outlet-grouped folds for those out-of-fold logits


def params_from_manifest(manifest: dict[str, Any]) -> Params:
    """The training parameters a model was made with (its manifest's ``params``)."""
    p = manifest["params"]
    return Params(language=p["language"], style="style" in manifest["channels"],
                  orders=tuple(p["orders"]), min_df=p["min_df"], min_outlets=p["min_outlets"],
                  min_outlet_share=p.get("min_outlet_share", 0.0), idf=p.get("idf", True),
                  excerpts=p.get("excerpts", False),
                  columns=tuple(manifest["columns"]), registry_weight=p["registry_weight"],
                  C=p["C"], degrade=p["degrade"], balance=p.get("balance", "class"),
                  keep_commas=p.get("keep_commas", False),
                  evidence=tuple((str(c), str(t)) for c, t in manifest.get("evidence", [])),
                  evidence_folds=p.get("evidence_folds", 4))


def function_words(lang: str) -> frozenset[str]:
    """The words the style channel keeps (``features/<lang>/style/function_words.txt``)."""
    tl = term_list(lang, "style", "function_words")
    if tl is None:
        raise InputError(f"no function-word list for language '{lang}' "
                         f"(features/{lang}/style/function_words.txt): the style channel needs one")
    return frozenset(t.lower().replace("'", "").replace("’", "") for t in tl.terms)


# -- corpora -----------------------------------------------------------------------------------

@dataclass
class Corpus:
    texts: list[str]
    labels: np.ndarray
    outlets: np.ndarray
    collections: np.ndarray
    digest: str
    path: str


def read_corpus(path: str | Path, *, text_field: str = "text", label_field: str = "label",
                outlet_field: str = "outlet", label_map: dict[str, str] | None = None,
                force_label: str | None = None,
                outlet_labels: dict[str, str] | None = None,
                only_outlets: Sequence[str] | None = None) -> Corpus:
    """Read a labelled JSONL corpus; every problem names the file, the line and the fix.

    ``label_map`` renames labels on reading (``{"straight": "wire"}``); ``force_label`` gives
    every row one label (its own label field may then be absent); ``outlet_labels`` gives every
    row of the named outlets one label, whatever its own (``{"Lenta.ru": "wire"}``: a corpus
    whose non-state class is mapped outlet by outlet to the closest product label);
    ``only_outlets`` keeps the rows of the named outlets and skips every other row unread (its
    label is not checked), so a recipe trained on some outlets of a corpus stays reproducible
    when the corpus grows; the digest then covers the kept lines only.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    texts, labs, outlets, colls = [], [], [], []
    h = hashlib.sha256()
    label_map = label_map or {}
    only = set(only_outlets) if only_outlets else None
    seen_outlets: set[str] = set()
    try:
        fh = opener(path, "rt", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot open training corpus {path}: {exc.strerror or exc}") from exc
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"line {lineno} of {path}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise InputError(f"line {lineno} of {path}: expected a JSON object with "
                                 f"'{text_field}', '{label_field}' and '{outlet_field}', "
                                 f"got {type(row).__name__}")
            if only is not None:
                if outlet_field not in row:
                    raise FieldError(
                        f"line {lineno} of {path}: field '{outlet_field}' is missing (fields: "
                        f"{', '.join(sorted(row)[:12])}); use --outlet-field to name the right one")
                seen_outlets.add(str(row[outlet_field]))
                if str(row[outlet_field]) not in only:
                    continue
            h.update(line.encode("utf-8"))
            needed = ((text_field, "--text-field"), (outlet_field, "--outlet-field")) \
                if force_label else ((text_field, "--text-field"), (label_field, "--label-field"),
                                     (outlet_field, "--outlet-field"))
            for fld, opt in needed:
                if fld not in row:
                    raise FieldError(
                        f"line {lineno} of {path}: field '{fld}' is missing (fields: "
                        f"{', '.join(sorted(row)[:12])}); use {opt} to name the right one"
                    )
            if force_label:
                label = force_label
            elif outlet_labels and str(row[outlet_field]) in outlet_labels:
                label = outlet_labels[str(row[outlet_field])]
            else:
                label = str(row[label_field]).strip().lower()
                label = label_map.get(label, label)
            if label not in LABELS:
                raise InputError(f"line {lineno} of {path}: label '{label}' is not one of "
                                 f"{', '.join(LABELS)}; rename it with --map FROM:TO")
            texts.append(str(row[text_field] or ""))
            labs.append(label)
            outlets.append(str(row[outlet_field]))
            colls.append(str(row.get("collection") or path.stem))
    if only is not None and only - seen_outlets:
        raise InputError(f"{path}: no outlet named "
                         f"{', '.join(map(repr, sorted(only - seen_outlets)))} (--only-outlet; "
                         f"outlets: {', '.join(sorted(seen_outlets)[:12])})")
    if not texts:
        raise InputError(f"{path} holds no documents")
    unknown = sorted(set(outlet_labels or ()) - set(outlets))
    if unknown:
        raise InputError(f"{path}: no outlet named {', '.join(map(repr, unknown))} "
                         f"(outlets: {', '.join(sorted(set(outlets))[:12])})")
    return Corpus(texts, np.array(labs), np.array(outlets), np.array(colls), h.hexdigest(), str(path))


def join(corpora: Sequence[Corpus]) -> Corpus:
    """Several corpora as one (an outlet keeps its name across them)."""
    h = hashlib.sha256()
    for c in corpora:
        h.update(c.digest.encode())
    return Corpus([t for c in corpora for t in c.texts],
                  np.concatenate([c.labels for c in corpora]),
                  np.concatenate([c.outlets for c in corpora]),
                  np.concatenate([c.collections for c in corpora]),
                  h.hexdigest(), " + ".join(Path(c.path).name for c in corpora))


def degrade_text(text: str) -> str:
    """The text with commas and apostrophes stripped, as some sources deliver it."""
    return text.translate({ord(c): None for c in ",'’"})


_WORD = re.compile(r"\S+")


def excerpt_text(text: str, words: int = EXCERPT_WORDS) -> str:
    """The text up to the end of its ``words``-th whitespace-separated word (all of it when
    shorter)."""
    for i, m in enumerate(_WORD.finditer(text), 1):
        if i == words:
            return text[:m.end()]
    return text


# -- featurising once ----------------------------------------------------------------------------

def _featurise_chunk(texts: Sequence[str], keep: frozenset[str] | None, orders: tuple[int, ...],
                     language: str | None, drop: str = DROP_APOSTROPHES):
    X, nw, langs, counts = [], [], [], []
    for t in texts:
        ex = extract(t, language=language)
        X.append(ex.vector())
        nw.append(ex.n_words)
        langs.append(ex.language)
        counts.append(ngram_counts(mask(style_input(ex.text, ex.credits), keep, drop), orders)
                      if keep is not None else {})
    return (np.vstack(X) if X else np.empty((0, len(FEATURE_NAMES)))), nw, langs, counts


@dataclass
class Featurised:
    """Registry vectors, word counts, languages and masked n-gram counts of a corpus."""

    X: np.ndarray
    n_words: np.ndarray
    languages: list
    counts: list  # one {n-gram: count} per document
    seconds: float = 0.0


def featurise(texts: Sequence[str], *, keep: frozenset[str] | None, orders=(1, 2, 3),
              jobs: int = 1, chunk: int = 64, language: str | None = None,
              drop: str = DROP_APOSTROPHES) -> Featurised:
    t0 = time.time()
    chunks = [texts[i:i + chunk] for i in range(0, len(texts), chunk)]
    if jobs > 1 and len(chunks) > 1:
        from joblib import Parallel, delayed

        parts = Parallel(n_jobs=jobs)(delayed(_featurise_chunk)(c, keep, tuple(orders), language,
                                                                drop) for c in chunks)
    else:
        parts = [_featurise_chunk(c, keep, tuple(orders), language, drop) for c in chunks]
    X = np.vstack([p[0] for p in parts]) if parts else np.empty((0, len(FEATURE_NAMES)))
    return Featurised(X, np.array([n for p in parts for n in p[1]]),
                      [lg for p in parts for lg in p[2]], [c for p in parts for c in p[3]],
                      time.time() - t0)


class GramIndex:
    """Every n-gram seen in a featurised corpus as one sparse count matrix (built once), so a
    fold can take its vocabulary (document and outlet frequency over its training rows) by
    selecting columns instead of counting again."""

    def __init__(self, counts: Sequence[dict[str, int]]):
        from scipy import sparse

        vocab: dict[str, int] = {}
        indptr, indices, data = [0], [], []
        for d in counts:
            for g, c in d.items():
                j = vocab.setdefault(g, len(vocab))
                indices.append(j)
                data.append(c)
            indptr.append(len(indices))
        self.grams = np.array(list(vocab), dtype=object)
        self.order = np.array([g.count(" ") + 1 for g in vocab], dtype=np.int64)
        self.M = sparse.csr_matrix((np.asarray(data, dtype=np.float64), indices, indptr),
                                   shape=(len(counts), len(vocab)))

    def vocabulary(self, rows: np.ndarray, outlets: np.ndarray, min_df: int, min_outlets: int,
                   orders: Sequence[int], min_outlet_share: float = 0.0):
        """Columns of the given n-gram orders used by ``min_df`` of the given rows from
        ``min_outlets`` of their outlets (and from ``min_outlet_share`` of them), and their IDF
        over those rows."""
        if min_outlet_share > 0:
            min_outlets = max(min_outlets,
                              math.ceil(min_outlet_share * len(np.unique(outlets[rows])) - 1e-9))
        sub = self.M[rows]
        present = (sub > 0).astype(np.float64).tocsc()
        df = np.asarray(present.sum(axis=0)).ravel()
        cols = np.where((df >= min_df) & np.isin(self.order, list(orders)))[0]
        if min_outlets > 1 and cols.size:
            from scipy import sparse

            outs, inv = np.unique(outlets[rows], return_inverse=True)
            G = sparse.csr_matrix((np.ones(len(rows)), (inv, np.arange(len(rows)))),
                                  shape=(len(outs), len(rows)))
            per_outlet = (G @ present[:, cols]) > 0
            n_out = np.asarray(per_outlet.sum(axis=0)).ravel()
            cols = cols[n_out >= min_outlets]
        n = len(rows)
        idf = np.log((1 + n) / (1 + df[cols])) + 1.0  # scikit-learn's smooth IDF
        return cols, idf

    def tfidf(self, rows: np.ndarray, cols: np.ndarray, idf: np.ndarray):
        """Sublinear TF-IDF rows (1 + log tf) x idf, L2-normalised, as :func:`framing.style.weigh`."""
        from sklearn.preprocessing import normalize

        sub = self.M[rows][:, cols].tocsr().astype(np.float64)
        sub.data = 1.0 + np.log(sub.data)
        sub = sub.multiply(idf.reshape(1, -1)).tocsr()
        return normalize(sub, norm="l2", copy=False)


# -- fitting -------------------------------------------------------------------------------------

def class_weights(labels: np.ndarray, outlets: np.ndarray | None = None) -> np.ndarray:
    """Sample weights giving every class the same total weight ("balanced"); with ``outlets``,
    every outlet within a class the same share of its class's weight as well."""
    classes, counts = np.unique(labels, return_counts=True)
    w = {c: len(labels) / (len(classes) * n) for c, n in zip(classes, counts)}
    out = np.array([w[v] for v in labels])
    if outlets is not None:
        for c in classes:
            m = labels == c
            outs, cnt = np.unique(outlets[m], return_counts=True)
            share = {o: m.sum() / (len(outs) * k) for o, k in zip(outs, cnt)}
            out[m] *= np.array([share[o] for o in outlets[m]])
    return out


def _registry_fit(X: np.ndarray, columns: Sequence[str]):
    """Median fill, mean and scale of the registry columns (as :class:`RegistryChannel` reads)."""
    Z = select_columns(X, columns)
    fill = np.nanmedian(np.where(np.isfinite(Z), Z, np.nan), axis=0)
    fill = np.where(np.isfinite(fill), fill, 0.0)
    Z = np.where(np.isnan(Z), fill, Z)
    scale = Z.std(axis=0)
    return fill, Z.mean(axis=0), np.where(scale > 1e-12, scale, 1.0)


def fit_temperature(logits: np.ndarray, y_idx: np.ndarray) -> float:
    """The temperature minimising the log loss of ``softmax(logits / T)`` (Guo et al. 2017)."""
    best_t, best = 1.0, math.inf
    for t in np.exp(np.linspace(np.log(0.05), np.log(20.0), 121)):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        ll = -(z[np.arange(len(y_idx)), y_idx] - np.log(np.exp(z).sum(axis=1))).mean()
        if ll < best:
            best, best_t = ll, float(t)
    return best_t


@dataclass
class Data:
    """A featurised corpus ready for folds: rows ``0..n-1`` are the documents; with
    augmentation, rows ``n..2n-1`` are the same documents with commas and apostrophes stripped;
    with excerpts, the next ``n`` rows are their first :data:`EXCERPT_WORDS` words."""

    F: Featurised
    gi: GramIndex | None
    y: np.ndarray
    outlets: np.ndarray
    collections: np.ndarray
    n: int
    keep: frozenset[str] | None
    augmented: bool
    drop: str = DROP_APOSTROPHES
    excerpts: bool = False

    @property
    def excerpt_offset(self) -> int:
        """Row of document 0's excerpt (document i's is this + i)."""
        return self.n * (2 if self.augmented else 1)


def prepare(corpus: Corpus, params: Params, *, jobs: int = 1, augment: bool = True,
            language: str | None = None, excerpts: bool | None = None) -> Data:
    """Featurise a corpus; ``augment`` adds the degraded copies, ``excerpts`` (default: as
    ``params.excerpts``) the first :data:`EXCERPT_WORDS` words of each document."""
    keep = function_words(params.language) if params.style else None
    excerpts = params.excerpts if excerpts is None else excerpts
    texts = list(corpus.texts)
    if augment:
        texts = texts + [degrade_text(t) for t in corpus.texts]
    if excerpts:
        texts = texts + [excerpt_text(t) for t in corpus.texts]
    drop = DROP_APOSTROPHES if params.keep_commas else DROP_COMMAS_TOO
    F = featurise(texts, keep=keep, orders=params.orders, jobs=jobs, language=language, drop=drop)
    gi = GramIndex(F.counts) if params.style else None
    F.counts = []  # held in the index now
    return Data(F, gi, corpus.labels, corpus.outlets, corpus.collections, len(corpus.texts),
                keep, augment, drop, excerpts)


def fit_parts(data: Data, rows: np.ndarray, params: Params, *, seed: int = 0) -> dict[str, Any]:
    """Fit one model on ``rows`` (document indices); returns the parts that
    :func:`framing.model.save_model` writes, with temperature 1 (:func:`train` fits it on
    held-out logits). With ``params.evidence``, the evidence stage is fitted on out-of-fold
    logits of the channels (:func:`fit_evidence`)."""
    parts = _fit_channels(data, rows, params, seed=seed)
    if params.evidence:
        parts["evidence"] = fit_evidence(data, rows, params, seed=seed)
    return parts


def _fit_channels(data: Data, rows: np.ndarray, params: Params, *, seed: int = 0) -> dict[str, Any]:
    """The channels (style, registry) and intercept of one model fitted on ``rows``."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    rows = np.asarray(rows, dtype=np.int64)
    fit_rows = rows
    if data.augmented and params.degrade > 0:
        rng = np.random.default_rng(seed)
        extra = rng.choice(rows, size=int(round(params.degrade * len(rows))), replace=False)
        fit_rows = np.concatenate([rows, extra + data.n])
    vocab_rows = rows
    if params.excerpts:
        if not data.excerpts:
            raise ValueError("params.excerpts needs data prepared with excerpts")
        vocab_rows = np.concatenate([rows, rows + data.excerpt_offset])
        fit_rows = np.concatenate([fit_rows, rows + data.excerpt_offset])
    ytr = data.y[fit_rows % data.n]
    blocks = []
    parts: dict[str, Any] = {}
    if params.style:
        row_outlets = data.outlets[np.arange(data.gi.M.shape[0]) % data.n]  # every row's outlet
        cols, idf = data.gi.vocabulary(vocab_rows, row_outlets, params.min_df, params.min_outlets,
                                        params.orders, params.min_outlet_share)
        if not params.idf:
            idf = np.ones_like(idf)
        blocks.append(data.gi.tfidf(fit_rows, cols, idf))
        parts["style"] = {"keep": sorted(data.keep), "orders": list(params.orders),
                          "drop": data.drop,
                          "grams": [str(g) for g in data.gi.grams[cols]], "idf": idf,
                          "_cols": cols}
    if params.columns:
        fill, mean, scale = _registry_fit(data.F.X[rows], params.columns)
        parts["registry"] = {"columns": list(params.columns), "fill": fill, "mean": mean,
                             "scale": scale, "weight": params.registry_weight}
        blocks.append(sparse.csr_matrix(_registry_inputs(parts["registry"], data.F.X[fit_rows])))
    A = sparse.hstack(blocks).tocsr()
    clf = LogisticRegression(C=params.C, max_iter=5000, tol=1e-5)
    sw = class_weights(ytr, data.outlets[fit_rows % data.n] if params.balance == "outlet" else None)
    clf.fit(A, ytr, sample_weight=sw)
    order = [list(clf.classes_).index(c) for c in LABELS]
    W = clf.coef_[order].T  # (n_inputs, n_classes), classes in LABELS order
    k = 0
    if "style" in parts:
        n = len(parts["style"]["grams"])
        parts["style"]["weights"] = W[k:k + n]
        k += n
    if "registry" in parts:
        parts["registry"]["weights"] = W[k:]
    parts["intercept"] = clf.intercept_[order]
    parts["temperature"] = 1.0
    return parts


def _registry_inputs(rg: dict[str, Any], X: np.ndarray) -> np.ndarray:
    Z = select_columns(X, rg["columns"])
    Z = np.where(np.isnan(Z), rg["fill"], Z)
    return (Z - rg["mean"]) / rg["scale"] * rg["weight"]


def logits(parts: dict[str, Any], data: Data, rows: np.ndarray) -> np.ndarray:
    """Uncalibrated logits of ``rows`` (indices into ``data``, degraded rows included)."""
    rows = np.asarray(rows, dtype=np.int64)
    z = np.tile(np.asarray(parts["intercept"], dtype=np.float64), (len(rows), 1))
    if "style" in parts:
        st = parts["style"]
        z += data.gi.tfidf(rows, st["_cols"], st["idf"]) @ st["weights"]
    if "registry" in parts:
        rg = parts["registry"]
        z += _registry_inputs(rg, data.F.X[rows]) @ rg["weights"]
    if parts.get("evidence") is not None:
        z += evidence_logits(parts["evidence"], data.F.X[rows])
    return z


# -- the evidence stage ------------------------------------------------------------------------

def _evidence_inputs(ev: dict[str, Any], X: np.ndarray) -> np.ndarray:
    Z = select_columns(X, ev["columns"])
    Z = np.where(np.isnan(Z), ev["fill"], Z)
    return (Z - ev["mean"]) / ev["scale"]


def evidence_logits(ev: dict[str, Any], X: np.ndarray) -> np.ndarray:
    """What the evidence stage adds to each label's logit (rows of registry vectors), as
    :class:`framing.model.EvidenceStage` computes it."""
    Z = _evidence_inputs(ev, X) * np.asarray(ev["beta"])
    out = np.zeros((len(Z), len(LABELS)))
    for k, t in enumerate(ev["targets"]):
        out[:, t] += Z[:, k]
    return out


def fit_evidence(data: Data, rows: np.ndarray, params: Params, *, seed: int = 0,
                 l2: float = 1.0) -> dict[str, Any]:
    """The evidence stage for a model fitted on ``rows``: each feature of ``params.evidence``
    gets one weight ``beta >= 0`` on its label's logit, fitted (balanced multinomial log loss,
    L2 ``l2`` over the number of rows) on logits that the channels gave each training document
    from a fit that never saw its outlet (``params.evidence_folds`` outlet-grouped folds over
    ``rows``; degraded copies and excerpts with their documents). So the weights say what the
    evidence adds on outlets the style channel did not learn, not what it repeats."""
    from scipy.optimize import minimize
    from sklearn.model_selection import GroupKFold

    rows = np.asarray(rows, dtype=np.int64)
    cols = [c for c, _ in params.evidence]
    targets = [list(LABELS).index(t) for _, t in params.evidence]
    offsets = [0] + ([data.n] if data.augmented else []) \
        + ([data.excerpt_offset] if data.excerpts and params.excerpts else [])
    k = min(params.evidence_folds, len(np.unique(data.outlets[rows])))
    Zs, R = [], []
    for tr_i, te_i in GroupKFold(n_splits=k).split(rows, groups=data.outlets[rows]):
        tr, te = rows[tr_i], rows[te_i]
        if len(set(data.y[tr])) < len(LABELS):
            continue  # a fold whose training rows miss a class says nothing about the others
        inner = _fit_channels(data, tr, params, seed=seed)
        for off in offsets:
            Zs.append(logits(inner, data, te + off))
            R.append(te + off)
    Zs, R = np.vstack(Zs), np.concatenate(R)
    X = select_columns(data.F.X[R], cols)
    fill = np.nanmedian(np.where(np.isfinite(X), X, np.nan), axis=0)
    fill = np.where(np.isfinite(fill), fill, 0.0)
    X = np.where(np.isnan(X), fill, X)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale = np.where(scale > 1e-12, scale, 1.0)
    X = (X - mean) / scale
    y = data.y[R % data.n]
    Y = (y[:, None] == np.array(LABELS)[None, :]).astype(np.float64)
    w = class_weights(y)
    w = w / w.sum()
    E = np.zeros((len(cols), len(LABELS)))
    E[np.arange(len(cols)), targets] = 1.0

    def loss(beta):
        Z = Zs + (X * beta) @ E
        Z = Z - Z.max(axis=1, keepdims=True)
        lse = np.log(np.exp(Z).sum(axis=1))
        P = np.exp(Z - lse[:, None])
        G = (P - Y) * w[:, None]
        return (-(w * ((Z * Y).sum(axis=1) - lse)).sum() + 0.5 * l2 * (beta ** 2).sum() / len(R),
                ((X.T @ G) * E).sum(axis=1) + l2 * beta / len(R))

    fit = minimize(loss, np.zeros(len(cols)), jac=True, method="L-BFGS-B",
                   bounds=[(0.0, None)] * len(cols))
    return {"columns": cols, "targets": targets, "fill": fill, "mean": mean, "scale": scale,
            "beta": fit.x}


# -- protocols -----------------------------------------------------------------------------------

def protocol_folds(data: Data, protocol: str) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(name, test rows, training rows) per fold. Training rows never share an outlet with the
    test rows."""
    idx = np.arange(data.n)
    folds = []
    if protocol == "outlet":
        for o in np.unique(data.outlets):
            test = idx[data.outlets == o]
            folds.append((str(o), test, idx[data.outlets != o]))
    elif protocol == "collection":
        for c in np.unique(data.collections):
            for lab in LABELS:
                m = (data.collections == c) & (data.y == lab)
                if not m.any():
                    continue
                outs = np.unique(data.outlets[m])
                held = np.isin(data.outlets, outs)
                folds.append((f"{c}/{lab}", idx[m], idx[~held]))
    else:
        raise ValueError(f"unknown protocol {protocol!r}: 'outlet' or 'collection'")
    return folds


def held_out(data: Data, params: Params, protocol: str = "outlet", *, jobs: int = 1,
             seed: int = 0, folds: list | None = None) -> dict[str, Any]:
    """Out-of-fold logits for every document under a protocol (and for their degraded copies,
    when the data are augmented, and their excerpts, when prepared with excerpts). Folds whose
    training rows miss a class are skipped: their documents get NaN and are left out of the
    metrics."""
    from joblib import Parallel, delayed

    if folds is None:
        folds = protocol_folds(data, protocol)

    def run(name, test, train):
        if len(set(data.y[train])) < len(LABELS):
            return name, test, None, None, None
        parts = fit_parts(data, train, params, seed=seed)
        z = logits(parts, data, test)
        zd = logits(parts, data, test + data.n) if data.augmented else None
        ze = logits(parts, data, test + data.excerpt_offset) if data.excerpts else None
        return name, test, z, zd, ze

    Z = np.full((data.n, len(LABELS)), np.nan)
    Zd = np.full((data.n, len(LABELS)), np.nan)
    Ze = np.full((data.n, len(LABELS)), np.nan)
    fold_of = np.full(data.n, "", dtype=object)
    results = Parallel(n_jobs=jobs)(delayed(run)(*f) for f in folds) if jobs > 1 \
        else [run(*f) for f in folds]
    for name, test, z, zd, ze in results:
        fold_of[test] = name
        if z is not None:
            Z[test] = z
            if zd is not None:
                Zd[test] = zd
            if ze is not None:
                Ze[test] = ze
    return {"logits": Z, "logits_degraded": Zd, "logits_excerpt": Ze, "fold": fold_of}


def cross_fitted_temperature(Z: np.ndarray, y_idx: np.ndarray, fold: np.ndarray) -> np.ndarray:
    """Calibrated probabilities where each fold's temperature was fitted on the other folds'
    held-out logits (so no document calibrates its own probability)."""
    P = np.full_like(Z, np.nan)
    ok = ~np.isnan(Z).any(axis=1)
    for f in np.unique(fold[ok]):
        m = ok & (fold == f)
        other = ok & (fold != f)
        t = fit_temperature(Z[other], y_idx[other])
        P[m] = softmax(Z[m] / t)
    return P


def choose_low_confidence(P: np.ndarray, y_idx: np.ndarray, *, floor: float = 0.6) -> float:
    """The doubt threshold: the highest top-probability below which held-out labels were right
    less often than ``floor`` (the cumulative accuracy of the least confident documents)."""
    conf = P.max(axis=1)
    correct = P.argmax(axis=1) == y_idx
    best = 1.0 / P.shape[1]
    for t in np.round(np.arange(0.40, 0.901, 0.01), 2):
        m = conf < t
        if m.sum() >= 20 and correct[m].mean() < floor:
            best = float(t)
    return best


# -- metrics -------------------------------------------------------------------------------------

def ece(P: np.ndarray, y_idx: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top label (Guo et al. 2017), equal-width bins."""
    conf = P.max(axis=1)
    correct = P.argmax(axis=1) == y_idx
    edges = np.linspace(1 / P.shape[1], 1.0, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf >= lo) & (conf < hi if hi < 1.0 else conf <= hi)
        if m.any():
            total += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(total)


def metrics(P: np.ndarray, y: np.ndarray, outlets: np.ndarray, n_words: np.ndarray | None = None,
            *, min_words: int = MIN_WORDS, low_confidence_below: float = LOW_CONFIDENCE,
            scheme: str = "") -> dict[str, Any]:
    """Held-out metrics over the rows of ``P`` that were scored (NaN rows are left out).

    Every scored document counts: too-short documents are scored by their top class (the
    model would abstain on them; their number is reported)."""
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    ok = ~np.isnan(P).any(axis=1)
    P, y, outlets = P[ok], y[ok], outlets[ok]
    n_words = n_words[ok] if n_words is not None else np.full(len(y), min_words)
    labels = list(LABELS)
    y_idx = np.array([labels.index(v) for v in y])
    pred = np.array(labels)[P.argmax(axis=1)]
    onehot = np.eye(len(labels))[y_idx]
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    short = n_words < min_words
    low = (~short) & (P.max(axis=1) < low_confidence_below)
    sure = ~(short | low)
    out: dict[str, Any] = {
        "scheme": scheme,
        "n_documents": int(len(y)),
        "n_outlets": int(len(np.unique(outlets))),
        "macro_f1": round(float(f1_score(y, pred, labels=labels, average="macro")), 4),
        "accuracy": round(float((pred == y).mean()), 4),
        "per_class": {
            lab: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                  "f1": round(float(f[i]), 4), "support": int(s[i])}
            for i, lab in enumerate(labels)
        },
        "confusion_matrix": {"labels": labels,
                             "rows_true_cols_pred": confusion_matrix(y, pred, labels=labels).tolist()},
        "brier": round(float(((P - onehot) ** 2).sum(axis=1).mean()), 4),
        "ece": round(ece(P, y_idx), 4),
        "abstention": {"min_words": min_words, "too_short": int(short.sum()),
                       "rate": round(float(short.mean()), 4)},
        "low_confidence": {
            "below": low_confidence_below,
            "share": round(float(low.mean()), 4),
            "accuracy_flagged": round(float((pred[low] == y[low]).mean()), 4) if low.any() else None,
            "accuracy_confident": round(float((pred[sure] == y[sure]).mean()), 4) if sure.any() else None,
        },
        "per_outlet": {},
    }
    for o in sorted(np.unique(outlets)):
        m = outlets == o
        out["per_outlet"][str(o)] = {
            "label": str(y[m][0]), "n": int(m.sum()),
            "accuracy": round(float((pred[m] == y[m]).mean()), 4),
            "predicted": {lab: int((pred[m] == lab).sum()) for lab in labels},
        }
    return out


def fmt_metrics(m: dict[str, Any], *, per_outlet: bool = True) -> str:
    """A plain-text table of held-out metrics (benchmark and CLI output)."""
    if not m:
        return "(not evaluated)"
    lines = [f"held out: {m['scheme']}",
             f"documents {m['n_documents']}, outlets {m['n_outlets']}",
             f"{'class':10s} {'precision':>9s} {'recall':>7s} {'f1':>6s} {'n':>6s}"]
    for lab, d in m["per_class"].items():
        lines.append(f"{lab:10s} {d['precision']:9.3f} {d['recall']:7.3f} {d['f1']:6.3f} {d['support']:6d}")
    cm = m["confusion_matrix"]
    lines.append("confusion (rows true, cols predicted: " + ", ".join(cm["labels"]) + ")")
    for lab, row in zip(cm["labels"], cm["rows_true_cols_pred"]):
        lines.append(f"  {lab:9s} " + " ".join(f"{v:5d}" for v in row))
    lc = m["low_confidence"]
    lines.append(f"accuracy {m['accuracy']:.3f}  brier {m['brier']:.3f}  ece {m['ece']:.3f}  "
                 f"low-confidence {lc['share']:.1%} (top p < {lc['below']:.2f}; accuracy flagged "
                 f"{lc['accuracy_flagged']}, confident {lc['accuracy_confident']})  "
                 f"too short {m['abstention']['too_short']}")
    if per_outlet:
        lines.append("per outlet (held out):")
        for o, d in m["per_outlet"].items():
            p = d["predicted"]
            lines.append(f"  {o:28s} {d['label']:9s} n={d['n']:4d} acc={d['accuracy']:.2f}  "
                         f"(wire {p['wire']}, state {p['state']}, partisan {p['partisan']})")
    lines.append(f"macro-F1 {m['macro_f1']:.4f}")
    return "\n".join(lines)


# -- the shipped path --------------------------------------------------------------------------

def train(corpus: Corpus, out_dir: Path, *, name: str, params: Params,
          languages: Sequence[str] = ("en",), feature_set: str = "full", seed: int = 0,
          jobs: int = 1, evaluate: bool = True, data: Data | None = None,
          score_rows: np.ndarray | None = None, command: str = "",
          low_confidence_below: float | None = None,
          temperature: float | None = None, label_note: str = "") -> dict[str, Any]:
    """Featurise, evaluate on held-out outlets, fit on everything, calibrate, write the model.

    The temperature and the doubt threshold are chosen on held-out outlets (leave one outlet
    out); the final fit uses every document. ``low_confidence_below`` overrides the chosen doubt
    threshold (above 1: every label is flagged, for languages no labelled data supports);
    ``temperature`` overrides the fitted temperature (for a corpus evaluated elsewhere).
    ``score_rows`` (a boolean mask) limits which documents the figures count (default: all),
    so that an extra training corpus (straight news trained as wire) can be left out of them.
    """
    if evaluate:
        for lab in LABELS:
            n_out = len(set(corpus.outlets[corpus.labels == lab]))
            if n_out < 2:
                raise InputError(
                    f"{corpus.path}: class '{lab}' comes from {n_out} outlet; held-out evaluation "
                    "needs at least 2 outlets per class (add outlets, or train with --no-eval)")
    missing = sorted(set(LABELS) - set(corpus.labels.tolist()))
    if missing:
        raise InputError(f"{corpus.path}: every class needs examples; missing {missing}")
    fixed_temperature = temperature
    t0 = time.time()
    if data is None:
        data = prepare(corpus, params, jobs=jobs, augment=params.degrade > 0 or evaluate)
    t_feat = time.time() - t0
    y_idx = np.array([list(LABELS).index(v) for v in data.y])
    result: dict[str, Any] = {}
    temperature, threshold = 1.0, LOW_CONFIDENCE
    if evaluate:
        score = np.ones(data.n, bool) if score_rows is None else np.asarray(score_rows, bool)
        ho = held_out(data, params, "outlet", jobs=jobs, seed=seed)
        ok = ~np.isnan(ho["logits"]).any(axis=1)
        temperature = fit_temperature(ho["logits"][ok], y_idx[ok])
        P = cross_fitted_temperature(ho["logits"], y_idx, ho["fold"])
        threshold = choose_low_confidence(P[ok], y_idx[ok])
        result["outlet"] = metrics(P[score], data.y[score], data.outlets[score],
                                   data.F.n_words[:data.n][score], low_confidence_below=threshold,
                                   scheme="leave one outlet out")
        if data.augmented:
            Pd = cross_fitted_temperature(ho["logits_degraded"], y_idx, ho["fold"])
            result["outlet_degraded"] = metrics(
                Pd[score], data.y[score], data.outlets[score], data.F.n_words[:data.n][score],
                low_confidence_below=threshold,
                scheme="leave one outlet out, commas and apostrophes stripped from the held-out text")
        if data.excerpts:
            Pe = cross_fitted_temperature(ho["logits_excerpt"], y_idx, ho["fold"])
            result["outlet_excerpt"] = metrics(
                Pe[score], data.y[score], data.outlets[score],
                data.F.n_words[data.excerpt_offset:data.excerpt_offset + data.n][score],
                low_confidence_below=threshold,
                scheme=f"leave one outlet out, the first {EXCERPT_WORDS} words of each held-out text")
    if low_confidence_below is not None:
        threshold = float(low_confidence_below)
    if fixed_temperature is not None:  # fitted elsewhere (benchmarks/accuracy_ru.py: a corpus
        temperature = float(fixed_temperature)  # with one outlet per class has no outlet folds)
    parts = fit_parts(data, np.arange(data.n), params, seed=seed)
    parts["temperature"] = temperature
    manifest = {
        "name": name,
        "format": FORMAT,
        "trained_at": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "feature_set": feature_set,
        "feature_names": list(FEATURE_NAMES),
        "columns": list(params.columns),
        "channels": (["style"] if params.style else []) + (["registry"] if params.columns else []),
        # the evidence stage: [registry feature, the label it may push]
        "evidence": [[c, t] for c, t in params.evidence],
        "params": {"language": params.language, "orders": list(params.orders),
                   "min_df": params.min_df, "min_outlets": params.min_outlets,
                   "min_outlet_share": params.min_outlet_share, "idf": params.idf,
                   "excerpts": params.excerpts,
                   "registry_weight": params.registry_weight, "C": params.C,
                   "degrade": params.degrade, "balance": params.balance,
                   "keep_commas": params.keep_commas,
                   "evidence_folds": params.evidence_folds},
        "languages": list(languages),
        "labels": list(LABELS),
        "min_words": MIN_WORDS,
        "low_confidence_below": threshold,
        "temperature": temperature,
        "seed": seed,
        "command": command,
        # what a label means for this model's languages, for readers (the report shows it)
        "label_note": label_note,
        "versions": library_versions(),
        "features_digest": features_digest(),
        "training_data": {"path": Path(corpus.path).name if " + " not in corpus.path else corpus.path,
                          "sha256": corpus.digest, "documents": int(data.n),
                          "outlets": int(len(np.unique(data.outlets))),
                          "per_class": {lab: int((data.y == lab).sum()) for lab in LABELS}},
    }
    save_model(parts, out_dir, manifest)
    result_doc = {"model": name, "version": name.rsplit("-v", 1)[-1] if "-v" in name else "",
                  "trained_at": manifest["trained_at"], "feature_set": feature_set,
                  "languages": list(languages), "featurise_seconds": round(t_feat, 1),
                  "train_seconds": round(time.time() - t0, 1), "held_out": result,
                  "label_note": label_note,
                  # the headline figure under the key earlier readers (the report) look for
                  "grouped_cv": result.get("outlet", {})}
    (out_dir / "metrics.json").write_text(json.dumps(result_doc, indent=2) + "\n", encoding="utf-8")
    from .card import write_model_card

    write_model_card(out_dir, manifest, result_doc, parts)
    return result_doc


__all__ = ["Corpus", "Data", "Params", "read_corpus", "join", "prepare", "featurise", "fit_parts",
           "held_out", "metrics", "fmt_metrics", "train", "function_words", "MODEL_COLUMNS",
           "LANGUAGE_INDEPENDENT", "NOT_MODEL_INPUTS"]
