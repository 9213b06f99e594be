"""The scoring path (a saved model loaded by framing.model) does exactly the training arithmetic.

A model is fitted by framing.train on the invented corpus of tests/_corpus.py (style and
registry channels, and an evidence stage), saved, and loaded back; its probabilities, channel
inputs and explanations are recomputed from the fitted parts with framing.train's own functions
(``logits``, ``GramIndex.tfidf``, the registry scaling, ``evidence_logits``), then softmax of the
logits over the temperature.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from _corpus import PROBE, make_extra_rows, make_rows

import framing
from framing.features import FEATURE_NAMES
from framing.model import load_model, save_model, to_arrays
from framing.schema import LABELS
from framing.style import mask
from framing.reasons import gram_family
from framing.train import (MODEL_COLUMNS, Corpus, Params, _evidence_inputs, _registry_inputs,
                           evidence_logits, fit_parts, logits, prepare, softmax, train)

TEMPERATURE = 1.7
N_TRAIN = 36  # the labelled corpus; further rows are scored only
EVIDENCE = (("mean_sentence_words", "state"), ("neutral_verb_share", "wire"),
            ("first_person_per_100w", "partisan"))

ODD_TEXTS = [
    "Too short to label, officials said.",  # predict_proba scores it all the same
    "Полиция задержала десятки человек, сообщили власти. «Ситуация под контролем», — заявил "
    "министр внутренних дел журналистам в понедельник.",
    "Nothing here matches: zebra quartz jumps vividly.",
]


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    rows = make_rows()
    texts = ([r["text"] for r in rows] + [r["text"] for r in make_extra_rows()]
             + list(PROBE) + ODD_TEXTS)
    n = len(texts)
    labels = [r["label"] for r in rows] + ["wire"] * (n - N_TRAIN)
    outlets = [r["outlet"] for r in rows] + [f"unseen-{i}" for i in range(n - N_TRAIN)]
    corpus = Corpus(texts, np.array(labels), np.array(outlets), np.array(["c"] * n),
                    hashlib.sha256("\n".join(texts).encode()).hexdigest(), "invented.jsonl")
    params = Params(columns=MODEL_COLUMNS, registry_weight=0.1, C=0.3,
                    evidence=EVIDENCE, evidence_folds=3)
    data = prepare(corpus, params, augment=False)
    parts = fit_parts(data, np.arange(N_TRAIN), params)  # fitted on the labelled rows only
    parts["temperature"] = TEMPERATURE
    manifest = {"name": "fast-test", "feature_names": list(FEATURE_NAMES),
                "columns": list(params.columns), "languages": ["en", "ru"],
                "evidence": [list(e) for e in params.evidence],
                "labels": list(LABELS), "feature_set": "full", "low_confidence_below": 0.5}
    d = tmp_path_factory.mktemp("fast") / "fast-test"
    save_model(parts, d, manifest)
    # the model stores the parts as written to model.npz (style IDF and weights in float32):
    # the training arithmetic on exactly those parts is what scoring must reproduce
    stored = dict(parts)
    stored["style"] = dict(parts["style"])
    for key in ("idf", "weights"):
        stored["style"][key] = np.asarray(parts["style"][key], np.float32).astype(np.float64)
    return {"texts": texts, "data": data, "parts": parts, "stored": stored, "params": params,
            "corpus": corpus, "model": load_model(d), "dir": d}


def test_probabilities_are_the_training_arithmetic(fitted):
    model, data, stored = fitted["model"], fitted["data"], fitted["stored"]
    rows = np.arange(len(fitted["texts"]))
    z = logits(stored, data, rows)
    expected = softmax(z / TEMPERATURE)
    got = model.predict_proba(fitted["texts"])
    assert got.shape == (len(rows), 3)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(got.sum(axis=1), 1.0, atol=1e-12)
    scored = np.vstack([model._parts(framing.extract(t))[0] for t in fitted["texts"]])
    np.testing.assert_allclose(scored, z, rtol=0, atol=1e-9)
    # and float32 storage moves nothing that matters against the in-memory fit
    in_memory = softmax(logits(fitted["parts"], data, rows) / TEMPERATURE)
    np.testing.assert_allclose(got, in_memory, rtol=0, atol=1e-6)
    # the temperature divides the logits: the saved model is not the T = 1 one
    assert np.abs(softmax(z) - got).max() > 1e-3


def test_explain_gives_the_same_probabilities_and_the_doubt_flag(fitted):
    model = fitted["model"]
    P = model.predict_proba(fitted["texts"])
    for text, p_row, pred in zip(fitted["texts"], P, model.explain(fitted["texts"])):
        if pred.label is None:
            assert pred.abstain_reason and framing.extract(text).n_words < 50
            continue
        assert [pred.probabilities[c] for c in LABELS] == pytest.approx(p_row, abs=1e-6)
        assert pred.label == LABELS[int(np.argmax(p_row))]
        assert pred.low_confidence == (p_row.max() < model.low_confidence_below)


def test_style_row_equals_the_gram_index_tfidf_row(fitted):
    model, data, stored = fitted["model"], fitted["data"], fitted["stored"]
    st = stored["style"]
    assert model.style.grams == st["grams"]
    assert model.style.orders == tuple(fitted["params"].orders)
    assert model.style.keep == data.keep
    T = data.gi.tfidf(np.arange(len(fitted["texts"])), st["_cols"], st["idf"]).tocsr()
    nonempty = 0
    for i, text in enumerate(fitted["texts"]):
        _, (idx, val, _), _, _ = model._parts(framing.extract(text))  # the row scoring reads
        ours = dict(zip(idx.tolist(), val.tolist()))
        ref = dict(zip(T.indices[T.indptr[i]:T.indptr[i + 1]].tolist(),
                       T.data[T.indptr[i]:T.indptr[i + 1]].tolist()))
        assert set(ours) == set(ref), i
        for j in ref:
            assert ours[j] == pytest.approx(ref[j], abs=1e-12), (i, st["grams"][j])
        nonempty += bool(ref)
    assert nonempty >= N_TRAIN  # the rows are not trivially empty


def test_registry_inputs_equal_the_training_scaling(fitted):
    model, data, stored = fitted["model"], fitted["data"], fitted["stored"]
    assert model.registry.columns == list(MODEL_COLUMNS)
    for i, text in enumerate(fitted["texts"]):
        ours = model.registry.transform(framing.extract(text).vector())[0]
        ref = _registry_inputs(stored["registry"], data.F.X[i:i + 1])[0]
        np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-12)


def test_evidence_stage_equals_the_training_arithmetic(fitted):
    model, data, stored = fitted["model"], fitted["data"], fitted["stored"]
    ev = stored["evidence"]
    assert model.evidence.columns == [c for c, _ in EVIDENCE]
    assert [LABELS[t] for t in model.evidence.targets] == [t for _, t in EVIDENCE]
    assert (model.evidence.beta >= 0).all()
    for i, text in enumerate(fitted["texts"]):
        x = framing.extract(text).vector()
        np.testing.assert_allclose(model.evidence.standardise(x)[0],
                                   _evidence_inputs(ev, data.F.X[i:i + 1])[0], rtol=0, atol=1e-12)
        np.testing.assert_allclose(model.evidence.logits(x)[0],
                                   evidence_logits(ev, data.F.X[i:i + 1])[0], rtol=0, atol=1e-12)


def test_top_features_are_the_parts_contributions(fitted):
    """Registry features and evidence features by name, style n-grams summed by family: each
    item's contribution is what its parts add to the label's logit against the others'."""
    model, data, stored = fitted["model"], fitted["data"], fitted["stored"]
    st, rg, ev = stored["style"], stored["registry"], stored["evidence"]

    def towards(W, j):
        return W[:, j] - np.delete(W, j, axis=1).mean(axis=1)

    T = data.gi.tfidf(np.arange(len(fitted["texts"])), st["_cols"], st["idf"]).tocsr()
    families = [gram_family(g, "en") for g in st["grams"]]
    kinds = set()
    for i, text in enumerate(fitted["texts"][:N_TRAIN + 4]):
        [pred] = model.explain(text, top=8)
        if pred.label is None:
            continue
        j = LABELS.index(pred.label)
        tf_row = T.getrow(i).toarray()[0]
        zr = _registry_inputs(rg, data.F.X[i:i + 1])[0]
        style_c = tf_row * towards(st["weights"], j)
        reg_c = zr * towards(rg["weights"], j)
        E = np.zeros((len(ev["columns"]), 3))
        E[np.arange(len(ev["columns"])), ev["targets"]] = (
            _evidence_inputs(ev, data.F.X[i:i + 1])[0] * ev["beta"])
        ev_c = towards(E, j)
        fam_c = {}
        for k, f in enumerate(families):
            if f is not None and tf_row[k]:
                fam_c[f] = fam_c.get(f, 0.0) + style_c[k]
        assert 0 < len(pred.top_features) <= 8
        for d in pred.top_features:
            kinds.add(d["kind"])
            if d["kind"] == "style":
                fam = d["feature"].removeprefix("style:")
                assert d["contribution"] == pytest.approx(round(fam_c[fam], 4), abs=1e-9)
                assert all(0 <= s < e <= len(text) for s, e in d["spans"])
            elif d["kind"] == "feature":
                k = rg["columns"].index(d["feature"])
                assert d["contribution"] == pytest.approx(round(reg_c[k], 4), abs=1e-9)
            else:
                assert d["kind"] == "evidence"
                k = ev["columns"].index(d["feature"])
                assert d["contribution"] == pytest.approx(round(ev_c[k], 4), abs=1e-9)
        got = [abs(d["contribution"]) for d in pred.top_features]
        assert got == sorted(got, reverse=True)
        # nothing shown is a bare n-gram of word shapes
        for d in pred.top_features + pred.top_reasons:
            name = d.get("feature") or d.get("key")
            assert name.startswith("style:") or name in FEATURE_NAMES
    assert kinds == {"style", "feature", "evidence"}


def test_train_writes_the_parts_that_fit_parts_gives(fitted, tmp_path):
    corpus, params = fitted["corpus"], fitted["params"]
    labelled = Corpus(corpus.texts[:N_TRAIN], corpus.labels[:N_TRAIN], corpus.outlets[:N_TRAIN],
                      corpus.collections[:N_TRAIN], corpus.digest, corpus.path)
    data = prepare(labelled, params, augment=False)
    train(labelled, tmp_path / "m", name="m", params=params, evaluate=False, data=data)
    written = np.load(tmp_path / "m" / "model.npz", allow_pickle=False)
    parts = fit_parts(data, np.arange(N_TRAIN), params)
    expected = to_arrays(parts)
    assert set(written.files) == set(expected)
    for key, arr in expected.items():
        np.testing.assert_array_equal(written[key], arr, err_msg=key)
    # the same fit as on the larger featurised data: vocabulary from the labelled rows only
    np.testing.assert_array_equal(written["style_grams"], np.array(fitted["parts"]["style"]["grams"]))
    np.testing.assert_allclose(written["intercept"], fitted["parts"]["intercept"], atol=1e-9)
