"""``framing train`` and framing.train on a tiny invented corpus (tests/_corpus.py).

36 documents (12 per class, 3 outlets per class) generated from templates about invented events,
and 8 straight-news documents from two invented newspapers for ``--extra FILE:wire``.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import re
import shlex
from pathlib import Path

import numpy as np
import pytest
from _corpus import (NEWSPAPERS, OUTLETS, PROBE, make_extra_rows, make_rows,
                     write_jsonl)

import framing
from framing.cli.main import main
from framing.model import MODEL_FILE
from framing.schema import LABELS
from framing.train import (Data, Params, choose_low_confidence, class_weights,
                           cross_fitted_temperature, fit_temperature, join, prepare,
                           protocol_folds, read_corpus, softmax, train)

ARTEFACTS = ("model.npz", "manifest.json", "metrics.json", "MODEL_CARD.md")


def _train(corpus: Path, out: Path, *extra: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = main(["train", str(corpus), "-o", str(out), "-j", "1", *extra])
    return rc, err.getvalue()


def _manifest(d: Path) -> dict:
    return json.loads((d / "manifest.json").read_text(encoding="utf-8"))


def _metrics(d: Path) -> dict:
    return json.loads((d / "metrics.json").read_text(encoding="utf-8"))


def _arrays(d: Path) -> dict[str, np.ndarray]:
    with np.load(d / MODEL_FILE, allow_pickle=False) as a:
        return {k: a[k] for k in a.files}


@pytest.fixture(scope="module")
def rows():
    return make_rows()


@pytest.fixture(scope="module")
def trained(tmp_path_factory, rows):
    tmp = tmp_path_factory.mktemp("train")
    corpus = write_jsonl(tmp / "corpus.jsonl", rows)
    rc, stderr = _train(corpus, tmp / "m")
    return {"rc": rc, "stderr": stderr, "dir": tmp / "m", "corpus": corpus, "tmp": tmp}


# -- the corpus itself ----------------------------------------------------------------------------

def test_invented_corpus_is_shaped_as_intended(rows):
    assert len(rows) == 36
    for lab in LABELS:
        mine = [r for r in rows if r["label"] == lab]
        assert len(mine) == 12
        assert len({r["outlet"] for r in mine}) >= 3
    for r in rows:
        assert 60 <= len(r["text"].split()) <= 120, r["text"]
    assert len({r["text"] for r in rows}) == 36
    extra = make_extra_rows()
    assert {r["outlet"] for r in extra} == set(NEWSPAPERS)
    assert all("label" not in r and len(r["text"].split()) >= 60 for r in extra)
    for text in PROBE:
        assert framing.extract(text).n_words >= 50  # long enough to be labelled


# -- training through the CLI ---------------------------------------------------------------------

def test_train_writes_model_directory(trained):
    assert trained["rc"] == 0, trained["stderr"]
    for name in ARTEFACTS:
        assert (trained["dir"] / name).is_file(), name
    assert not list(trained["dir"].glob("*.skops"))
    manifest = _manifest(trained["dir"])
    assert manifest["name"] == "m" and manifest["format"] == 2
    assert manifest["feature_names"] == list(framing.FEATURE_NAMES)
    assert manifest["feature_set"] == "full"
    assert manifest["channels"] == ["style", "registry"]
    assert manifest["languages"] == ["en"] and manifest["labels"] == list(LABELS)
    assert manifest["training_data"]["documents"] == 36
    assert manifest["training_data"]["outlets"] == 9
    assert manifest["training_data"]["per_class"] == {"wire": 12, "state": 12, "partisan": 12}
    from framing.train import NOT_MODEL_INPUTS

    assert manifest["columns"] and not set(manifest["columns"]) & set(NOT_MODEL_INPUTS)
    # the threshold and temperature were chosen on held-out outlets
    assert 0 < manifest["low_confidence_below"] <= 1 and manifest["temperature"] > 0
    assert manifest["low_confidence_below"] == _metrics(trained["dir"])["held_out"]["outlet"][
        "low_confidence"]["below"]


def test_train_writes_its_command_into_the_manifest_and_card(trained):
    command = _manifest(trained["dir"])["command"]
    assert command.startswith(f"framing train {trained['corpus']} ")
    assert "--feature-set full" in command and "--language en" in command
    assert "--seed 0" in command
    assert "-o" not in command.split() and "-j" not in command.split()  # not part of the recipe
    card = (trained["dir"] / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert command in card


def test_metrics_json_has_held_out_figures(trained):
    doc = _metrics(trained["dir"])
    assert doc["model"] == "m"
    ho = doc["held_out"]
    assert set(ho) == {"outlet", "outlet_degraded"}
    m = ho["outlet"]
    assert doc["grouped_cv"] == m  # the headline figure, under the key the report reads
    outlets = {o for outs in OUTLETS.values() for o in outs}
    for key in ("outlet", "outlet_degraded"):
        mm = ho[key]
        assert mm["n_documents"] == 36 and mm["n_outlets"] == 9
        assert set(mm["per_outlet"]) == outlets
        assert 0 <= mm["macro_f1"] <= 1 and 0 <= mm["brier"] <= 2 and 0 <= mm["ece"] <= 1
        assert sum(sum(r) for r in mm["confusion_matrix"]["rows_true_cols_pred"]) == 36
    assert "outlet out" in m["scheme"] and "stripped" in ho["outlet_degraded"]["scheme"]
    for o, d in m["per_outlet"].items():
        assert d["n"] == 4
        assert d["label"] in LABELS and o in OUTLETS[d["label"]]
        assert sum(d["predicted"].values()) == 4
    assert set(m["abstention"]) == {"min_words", "too_short", "rate"}
    assert m["abstention"]["too_short"] == 0  # every invented document has at least 60 words
    lc = m["low_confidence"]
    assert set(lc) == {"below", "share", "accuracy_flagged", "accuracy_confident"}
    assert 0 <= lc["share"] <= 1
    # the invented classes are easy: held-out outlets are read right
    assert m["macro_f1"] >= 0.9


def test_card_and_printed_macro_f1_match_metrics(trained):
    ho = _metrics(trained["dir"])["held_out"]
    card = (trained["dir"] / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "### Leave one outlet out" in card
    assert "### Leave one outlet out, degraded text" in card
    assert f"**Macro-F1 {ho['outlet']['macro_f1']:.3f}**" in card
    assert f"**Macro-F1 {ho['outlet_degraded']['macro_f1']:.3f}**" in card
    printed = re.findall(r"^macro-F1 ([0-9.]+)$", trained["stderr"], flags=re.MULTILINE)
    assert len(printed) == 2, trained["stderr"]  # the outlet figures, then the degraded ones
    assert float(printed[0]) == pytest.approx(ho["outlet"]["macro_f1"], abs=5e-5)
    assert float(printed[1]) == pytest.approx(ho["outlet_degraded"]["macro_f1"], abs=5e-5)
    for outlet in ho["outlet"]["per_outlet"]:
        assert f"| {outlet} |" in card


def test_trained_model_loads_and_scores(trained):
    model = framing.load_model(trained["dir"])
    assert isinstance(model, framing.FramingModel)
    assert model.name == "m" and model.languages == ["en"]
    assert model.style is not None and model.registry is not None
    P = model.predict_proba(PROBE)
    assert P.shape == (2, 3)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-9)
    assert model.predict(PROBE) == ["wire", "partisan"]
    assert P[0].argmax() == LABELS.index("wire")
    assert P[1].argmax() == LABELS.index("partisan")
    [p] = model.explain(PROBE[0])
    assert isinstance(p.low_confidence, bool)
    assert p.low_confidence == (p.confidence < model.low_confidence_below)
    assert {d["kind"] for d in p.top_features} <= {"style", "feature", "evidence"}
    for d in p.top_features:
        if d["kind"] == "style":
            assert d["feature"].startswith("style:") and d["spans"]
    assert 1 <= len(p.top_reasons) <= 5


def test_trained_model_scores_through_framing_score(trained, tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [{"id": "w", "text": PROBE[0]}, {"id": "p", "text": PROBE[1]}])
    dst = tmp_path / "out.jsonl"
    with contextlib.redirect_stderr(io.StringIO()):
        rc = main(["score", str(src), "-o", str(dst), "--model", str(trained["dir"]), "-j", "1"])
    assert rc == 0
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["model"] for r in out] == ["m", "m"]
    assert [r["label"] for r in out] == ["wire", "partisan"]
    assert all(r["status"] == "ok" and isinstance(r["low_confidence"], bool) for r in out)


def test_training_is_deterministic(trained):
    rc, stderr = _train(trained["corpus"], trained["tmp"] / "again")
    assert rc == 0, stderr
    a, b = _arrays(trained["dir"]), _arrays(trained["tmp"] / "again")
    assert set(a) == set(b)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)
    pa = framing.load_model(trained["dir"]).predict_proba(PROBE)
    pb = framing.load_model(trained["tmp"] / "again").predict_proba(PROBE)
    np.testing.assert_array_equal(pa, pb)
    assert _metrics(trained["dir"])["held_out"] == _metrics(trained["tmp"] / "again")["held_out"]
    ma, mb = _manifest(trained["dir"]), _manifest(trained["tmp"] / "again")
    for key in ("columns", "params", "low_confidence_below", "temperature", "training_data"):
        assert ma[key] == mb[key], key


def test_class_with_a_single_outlet_is_a_clear_error(tmp_path, rows):
    one = [dict(r, outlet="Northwire") if r["label"] == "wire" else r for r in rows]
    corpus = write_jsonl(tmp_path / "one.jsonl", one)
    rc, stderr = _train(corpus, tmp_path / "m")
    assert rc == 2
    assert "class 'wire' comes from 1 outlet" in stderr and "--no-eval" in stderr
    assert not (tmp_path / "m").exists()


def test_corpus_lacking_a_class(tmp_path, rows):
    corpus = write_jsonl(tmp_path / "c.jsonl", [r for r in rows if r["label"] != "state"])
    assert len(read_corpus(corpus).texts) == 24  # reading does not judge the classes...
    rc, stderr = _train(corpus, tmp_path / "m")  # ...training does
    assert rc == 2 and "class 'state' comes from 0 outlet" in stderr
    rc, stderr = _train(corpus, tmp_path / "m", "--no-eval")
    assert rc == 2 and "missing ['state']" in stderr
    assert not (tmp_path / "m").exists()
    with pytest.raises(framing.InputError, match=r"every class needs examples; missing \['state'\]"):
        train(read_corpus(corpus), tmp_path / "m", name="m", params=Params(), evaluate=False)


# -- --extra and --map ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def trained_extra(tmp_path_factory, rows):
    """The corpus with wire renamed 'agency' (read back with --map agency:wire), plus straight
    news from two newspapers trained as wire (--extra FILE:wire)."""
    tmp = tmp_path_factory.mktemp("extra")
    renamed = [dict(r, label="Agency" if r["label"] == "wire" else r["label"]) for r in rows]
    corpus = write_jsonl(tmp / "corpus.jsonl", renamed)
    extra = write_jsonl(tmp / "straight.jsonl", make_extra_rows())
    rc, stderr = _train(corpus, tmp / "m", "--map", "agency:wire", "--extra", f"{extra}:wire")
    return {"rc": rc, "stderr": stderr, "dir": tmp / "m", "corpus": corpus, "extra": extra}


def test_extra_corpus_trains_as_its_label_and_map_renames(trained_extra):
    assert trained_extra["rc"] == 0, trained_extra["stderr"]
    d = trained_extra["dir"]
    manifest = _manifest(d)
    td = manifest["training_data"]
    assert td["documents"] == 44 and td["outlets"] == 11
    assert td["per_class"] == {"wire": 12 + 8, "state": 12, "partisan": 12}
    assert "corpus.jsonl" in td["path"] and "straight.jsonl" in td["path"]
    # the extra corpus trains (and is held out by outlet) but the figures count the main corpus
    for m in _metrics(d)["held_out"].values():
        assert m["n_documents"] == 36 and m["n_outlets"] == 9
        assert not set(m["per_outlet"]) & set(NEWSPAPERS)
        assert m["per_class"]["wire"]["support"] == 12
    cmd = manifest["command"]
    assert f"--extra {trained_extra['extra']}:wire" in cmd and "--map agency:wire" in cmd
    model = framing.load_model(d)
    assert model.predict(PROBE) == ["wire", "partisan"]


def test_map_and_force_label_on_reading(tmp_path, rows):
    renamed = [dict(r, label="Agency" if r["label"] == "wire" else r["label"]) for r in rows]
    path = write_jsonl(tmp_path / "c.jsonl", renamed)
    with pytest.raises(framing.InputError, match=r"label 'agency' is not one of.*--map"):
        read_corpus(path)
    c = read_corpus(path, label_map={"agency": "wire"})
    assert list(c.labels) == [r["label"] for r in rows]
    extra = read_corpus(write_jsonl(tmp_path / "x.jsonl", make_extra_rows()), force_label="wire")
    assert set(extra.labels) == {"wire"} and len(extra.texts) == 8
    both = join([c, extra])
    assert len(both.texts) == 44 and list(both.labels[:36]) == list(c.labels)
    assert list(both.outlets[36:]) == list(extra.outlets)
    assert both.digest not in (c.digest, extra.digest)


def test_extra_with_an_unknown_label_is_a_clear_error(tmp_path, rows):
    corpus = write_jsonl(tmp_path / "c.jsonl", rows)
    extra = write_jsonl(tmp_path / "x.jsonl", make_extra_rows())  # rows without a label field
    rc, stderr = _train(corpus, tmp_path / "m", "--extra", f"{extra}:opinion", "--no-eval")
    assert rc == 2
    assert "line 1 of" in stderr and "'opinion'" in stderr and "wire" in stderr
    with pytest.raises(SystemExit, match="--extra 'x.jsonl' is not of the form A:B"):
        _train(corpus, tmp_path / "m", "--extra", "x.jsonl")
    assert not (tmp_path / "m").exists()


# -- read_corpus errors ---------------------------------------------------------------------------

def test_read_corpus_reads_plain_and_gzip(tmp_path, rows):
    plain = write_jsonl(tmp_path / "c.jsonl", rows)
    gz = tmp_path / "c.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.write(plain.read_text(encoding="utf-8"))
    a, b = read_corpus(plain), read_corpus(gz)
    assert a.texts == b.texts and a.digest == b.digest
    assert list(a.labels) == [r["label"] for r in rows]
    assert list(a.outlets) == [r["outlet"] for r in rows]


def test_read_corpus_normalises_label_case(tmp_path, rows):
    rs = [dict(r, label=f" {r['label'].upper()} ") for r in rows]
    c = read_corpus(write_jsonl(tmp_path / "c.jsonl", rs))
    assert set(c.labels) == set(LABELS)


def test_malformed_json_line_names_the_line(tmp_path, rows):
    path = write_jsonl(tmp_path / "c.jsonl", rows, raw_lines={4: '{"text": "unterminated'})
    with pytest.raises(framing.InputError, match=r"line 5 of .*not valid JSON"):
        read_corpus(path)


def test_malformed_json_line_via_cli_exits_2(tmp_path, rows, capsys):
    path = write_jsonl(tmp_path / "c.jsonl", rows, raw_lines={2: "{oops"})
    rc = main(["train", str(path), "-o", str(tmp_path / "m"), "-j", "1"])
    assert rc == 2
    err = capsys.readouterr().err
    assert "line 3" in err
    assert not (tmp_path / "m").exists()


def test_missing_field_names_field_and_option(tmp_path, rows):
    rs = [{"body": r["text"], "label": r["label"], "outlet": r["outlet"]} for r in rows]
    path = write_jsonl(tmp_path / "c.jsonl", rs)
    with pytest.raises(framing.FieldError) as ei:
        read_corpus(path)
    msg = str(ei.value)
    assert "'text'" in msg and "--text-field" in msg and "line 1" in msg
    assert "body" in msg  # the fields that are there
    assert isinstance(ei.value, KeyError) and isinstance(ei.value, framing.InputError)
    # and naming the right field fixes it
    assert len(read_corpus(path, text_field="body").texts) == 36


@pytest.mark.parametrize("field, option", [("label", "--label-field"), ("outlet", "--outlet-field")])
def test_missing_label_or_outlet_field(tmp_path, rows, field, option):
    rs = [dict(r) for r in rows]
    del rs[7][field]
    with pytest.raises(framing.FieldError) as ei:
        read_corpus(write_jsonl(tmp_path / "c.jsonl", rs))
    msg = str(ei.value)
    assert f"'{field}'" in msg and option in msg and "line 8" in msg


def test_force_label_needs_no_label_field_but_an_outlet(tmp_path, rows):
    rs = [{"text": r["text"], "outlet": r["outlet"]} for r in rows]
    assert len(read_corpus(write_jsonl(tmp_path / "c.jsonl", rs), force_label="wire").texts) == 36
    del rs[5]["outlet"]
    with pytest.raises(framing.FieldError, match=r"line 6 .*'outlet'.*--outlet-field"):
        read_corpus(write_jsonl(tmp_path / "c.jsonl", rs), force_label="wire")


def test_unknown_label_lists_allowed_labels(tmp_path, rows):
    rs = [dict(r) for r in rows]
    rs[10]["label"] = "opinion"
    with pytest.raises(framing.InputError) as ei:
        read_corpus(write_jsonl(tmp_path / "c.jsonl", rs))
    msg = str(ei.value)
    assert "line 11" in msg and "'opinion'" in msg
    for lab in LABELS:
        assert lab in msg


def test_empty_corpus(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(framing.InputError, match="no documents"):
        read_corpus(path)


def test_missing_corpus_file(tmp_path):
    with pytest.raises(framing.InputError, match="cannot open training corpus"):
        read_corpus(tmp_path / "nope.jsonl")


@pytest.mark.parametrize("line", ["[1, 2]", "5", "null"])
def test_non_object_json_line_is_an_input_error(tmp_path, rows, line):
    path = write_jsonl(tmp_path / "c.jsonl", rows, raw_lines={3: line})
    with pytest.raises(framing.InputError, match="line 4") as ei:
        read_corpus(path)
    assert "JSON object" in str(ei.value)


def test_utf8_bom_corpus_is_read(tmp_path, rows):
    path = tmp_path / "bom.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8-sig")
    c = read_corpus(path)
    assert len(c.texts) == 36 and c.texts[0] == rows[0]["text"]


# -- the training API without the CLI -------------------------------------------------------------

def test_every_label_flagged_when_the_threshold_is_above_one(tmp_path, rows):
    """The multilingual model's scheme: no labelled data supports a confident label."""
    corpus = read_corpus(write_jsonl(tmp_path / "c.jsonl", rows))
    doc = train(corpus, tmp_path / "m", name="m-xx", params=Params(C=0.3), evaluate=False,
                low_confidence_below=1.01, languages=("en",), feature_set="style")
    assert doc["held_out"] == {} and doc["grouped_cv"] == {}
    for name in ARTEFACTS:
        assert (tmp_path / "m" / name).is_file(), name
    manifest = _manifest(tmp_path / "m")
    assert manifest["low_confidence_below"] == 1.01 and manifest["channels"] == ["style"]
    assert manifest["columns"] == [] and manifest["command"] == ""
    card = (tmp_path / "m" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "flags **every** label `low_confidence`" in card and "## Held-out evaluation" not in card
    model = framing.load_model(tmp_path / "m")
    assert model.registry is None
    preds = model.explain(PROBE)
    assert [p.label for p in preds] == ["wire", "partisan"]
    assert all(p.low_confidence is True for p in preds)
    assert all(d["kind"] == "style" for p in preds for d in p.top_features)


def _data(labels, outlets, collections) -> Data:
    n = len(labels)
    return Data(F=None, gi=None, y=np.array(labels), outlets=np.array(outlets),
                collections=np.array(collections), n=n, keep=None, augmented=False)


def test_protocol_folds_never_share_an_outlet_between_training_and_test():
    labels, outlets, colls = [], [], []
    for lab, outs in (("wire", ["w1", "w2", "w3"]), ("state", ["s1", "s2"]),
                      ("partisan", ["p1", "p2", "p3", "p4"])):
        for k, o in enumerate(outs):
            for i in range(3 + k):
                labels.append(lab)
                outlets.append(o)
                colls.append("c1" if i % 2 else "c2")
    data = _data(labels, outlets, colls)
    folds = protocol_folds(data, "outlet")
    assert [name for name, _, _ in folds] == sorted(set(outlets))
    tests = np.concatenate([te for _, te, _ in folds])
    assert sorted(tests) == list(range(data.n))  # every document is held out exactly once
    for name, te, tr in folds:
        assert set(data.outlets[te]) == {name}
        assert set(tr) == set(range(data.n)) - set(te)
    folds = protocol_folds(data, "collection")
    assert {name for name, _, _ in folds} == {f"{c}/{lab}" for c in ("c1", "c2") for lab in LABELS}
    for name, te, tr in folds:
        c, lab = name.split("/")
        assert set(data.collections[te]) == {c} and set(data.y[te]) == {lab}
        assert set(data.outlets[tr]).isdisjoint(data.outlets[te])
        assert set(tr).isdisjoint(te)
    with pytest.raises(ValueError, match="unknown protocol"):
        protocol_folds(data, "random")


def test_class_weights_give_equal_total_per_class():
    y = np.array(["wire"] * 10 + ["state"] * 3 + ["partisan"] * 25)
    w = class_weights(y)
    assert w.shape == y.shape and np.all(w > 0)
    totals = [w[y == lab].sum() for lab in LABELS]
    np.testing.assert_allclose(totals, totals[0])
    assert w.sum() == pytest.approx(len(y))


def test_class_weights_by_outlet_give_equal_total_per_outlet_within_a_class():
    y = np.array(["wire"] * 10 + ["state"] * 3 + ["partisan"] * 25)
    g = np.array(["w1"] * 8 + ["w2"] * 2 + ["s1"] * 3 + ["p1"] * 20 + ["p2"] * 4 + ["p3"])
    w = class_weights(y, g)
    assert np.all(w > 0)
    totals = [w[y == lab].sum() for lab in LABELS]
    np.testing.assert_allclose(totals, totals[0])  # still equal per class
    assert w.sum() == pytest.approx(len(y))
    for lab in LABELS:
        m = y == lab
        per_outlet = [w[m & (g == o)].sum() for o in np.unique(g[m])]
        np.testing.assert_allclose(per_outlet, per_outlet[0])


def test_fit_temperature_recovers_the_temperature_of_the_data():
    rng = np.random.default_rng(0)
    z = rng.normal(0, 3, size=(4000, 3))
    y = np.array([rng.choice(3, p=p) for p in softmax(z / 2.0)])
    assert fit_temperature(z, y) == pytest.approx(2.0, rel=0.1)


def test_cross_fitted_temperature_calibrates_each_fold_on_the_others():
    rng = np.random.default_rng(1)
    z = rng.normal(0, 3, size=(300, 3))
    y = np.array([rng.choice(3, p=p) for p in softmax(z / 2.0)])
    fold = np.repeat(np.array(["a", "b", "c"]), 100)
    z[:5] = np.nan  # a skipped fold's documents stay unscored
    P = cross_fitted_temperature(z, y, fold)
    assert np.isnan(P[:5]).all() and not np.isnan(P[5:]).any()
    np.testing.assert_allclose(P[5:].sum(axis=1), 1.0)
    # fold a's probabilities do not move when its own labels change
    y2 = y.copy()
    y2[:100] = (y2[:100] + 1) % 3
    np.testing.assert_array_equal(cross_fitted_temperature(z, y2, fold)[:100], P[:100])
    ok = np.arange(300) >= 100
    t = fit_temperature(z[ok & (fold != "a")], y[ok & (fold != "a")])
    np.testing.assert_allclose(P[5:100], softmax(z[5:100] / t))


def test_choose_low_confidence_flags_where_held_out_labels_were_mostly_wrong():
    # 100 documents: top probability 0.45 and 40 % right, 0.95 and all right
    P = np.array([[0.45, 0.30, 0.25]] * 50 + [[0.95, 0.03, 0.02]] * 50)
    y = np.array([0] * 20 + [1] * 30 + [0] * 50)
    t = choose_low_confidence(P, y)
    assert 0.45 < t <= 0.9
    assert (P.max(axis=1) < t).sum() == 50
    # everything right: nothing to flag, the floor of a three-class problem
    assert choose_low_confidence(P, np.zeros(100, int)) == pytest.approx(1 / 3)


def test_prepare_featurises_documents_and_their_degraded_copies(rows):
    corpus = read_corpus_rows(rows[:6])
    data = prepare(corpus, Params(keep_commas=False), augment=True)
    assert data.n == 6 and data.augmented and data.F.X.shape[0] == 12
    assert data.gi.M.shape[0] == 12
    # commas and apostrophes dropped by masking: a degraded copy counts the same n-grams
    assert (data.gi.M[:6] != data.gi.M[6:]).nnz == 0
    # by default commas are tokens: the degraded copy lacks its comma n-grams
    kept = prepare(corpus, Params(), augment=True)
    assert (kept.gi.M[:6] != kept.gi.M[6:]).nnz > 0


def read_corpus_rows(rs) -> framing.train.Corpus:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        return read_corpus(write_jsonl(Path(d) / "c.jsonl", rs))


def test_no_idf_and_outlet_share_are_recorded_and_reproduced(tmp_path, rows):
    """framing-en-v2's recipe: n-grams most training outlets use, all weighing 1. The manifest
    and its command carry both, so the model can be retrained from them."""
    corpus = write_jsonl(tmp_path / "c.jsonl", rows)
    rc, stderr = _train(corpus, tmp_path / "m", "--feature-set", "style", "--C", "0.3",
                        "--min-outlets", "1", "--min-outlet-share", "0.5", "--no-idf", "--no-eval")
    assert rc == 0, stderr
    manifest = _manifest(tmp_path / "m")
    assert manifest["params"]["idf"] is False and manifest["params"]["min_outlet_share"] == 0.5
    assert "--min-outlet-share 0.5" in manifest["command"] and "--no-idf" in manifest["command"]
    from framing.train import params_from_manifest

    p = params_from_manifest(manifest)
    assert p.idf is False and p.min_outlet_share == 0.5 and p.C == 0.3
    a = _arrays(tmp_path / "m")
    idf = next(v for k, v in a.items() if k.endswith("idf"))
    assert np.all(idf == 1.0)
    # without the share more n-grams enter, weighed by IDF
    rc, _ = _train(corpus, tmp_path / "m2", "--feature-set", "style", "--C", "0.3",
                   "--min-outlets", "1", "--no-eval")
    assert rc == 0
    assert len(_arrays(tmp_path / "m2")[next(k for k in a if k.endswith("idf"))]) > len(idf)
    assert not np.all(next(v for k, v in _arrays(tmp_path / "m2").items() if k.endswith("idf")) == 1.0)


def test_excerpt_text_cuts_after_the_nth_word():
    from framing.train import excerpt_text

    text = "One two,  three\nfour five. Six"
    assert excerpt_text(text, 3) == "One two,  three"
    assert excerpt_text(text, 5) == "One two,  three\nfour five."
    assert excerpt_text(text, 6) == text and excerpt_text(text, 60) == text


def test_excerpts_train_on_each_documents_first_words(rows, tmp_path):
    """--excerpts: each training document's first 120 words are a training row too (same label
    and outlet), prepared after the degraded copies; held out, every document's excerpt is scored
    by the fold that left its outlet out."""
    from framing.train import EXCERPT_WORDS, excerpt_text, fit_parts, held_out

    longer = [dict(r, text=" ".join([r["text"]] * 4)) for r in rows]
    corpus = read_corpus(write_jsonl(tmp_path / "c.jsonl", longer))
    params = Params(C=0.3, min_outlets=1, excerpts=True)
    data = prepare(corpus, params, augment=True)
    n = len(corpus.texts)
    assert data.excerpts and data.excerpt_offset == 2 * n and data.gi.M.shape[0] == 3 * n
    long_ones = [i for i, t in enumerate(corpus.texts) if len(t.split()) > EXCERPT_WORDS]
    assert long_ones, "the invented corpus needs documents longer than an excerpt"
    i = long_ones[0]
    assert data.F.n_words[2 * n + i] < data.F.n_words[i]
    assert corpus.texts[i].startswith(excerpt_text(corpus.texts[i]))
    with_ex = fit_parts(data, np.arange(n), params)
    without = fit_parts(data, np.arange(n), Params(C=0.3, min_outlets=1))
    assert not np.allclose(with_ex["intercept"], without["intercept"])
    ho = held_out(data, params, "outlet")
    assert not np.isnan(ho["logits_excerpt"]).any() and not np.isnan(ho["logits_degraded"]).any()
    with pytest.raises(ValueError, match="excerpts"):
        fit_parts(prepare(corpus, Params(min_outlets=1), augment=False), np.arange(n), params)


# -- --only-outlet --------------------------------------------------------------------------------

GROWN = [  # an outlet added to the corpus later, with a label the recipe never mapped
    {"outlet": "Harbour Gazette", "label": "other",
     "text": "The harbour board met on Monday to discuss the fish market and the new ferry "
             "terminal, and its members said the tender would be published in spring. " * 3},
    {"outlet": "Harbour Gazette", "label": "other",
     "text": "Residents of the old quarter asked the council why the tram line was late again; "
             "the council said the contractor had run out of rails in the winter. " * 3},
]


def test_only_outlet_trains_the_named_outlets_of_a_grown_corpus(trained, rows, tmp_path):
    grown = write_jsonl(tmp_path / "grown.jsonl", rows[:18] + GROWN + rows[18:])
    rc, stderr = _train(grown, tmp_path / "all", "--no-eval")
    assert rc == 2 and "label 'other' is not one of" in stderr  # the recipe no longer reads it
    original = sorted({r["outlet"] for r in rows})
    only = [a for name in original for a in ("--only-outlet", name)]
    rc, stderr = _train(grown, tmp_path / "m", *only)
    assert rc == 0, stderr
    # the same documents as the original corpus: the same data digest, the same model
    c = read_corpus(grown, only_outlets=original)
    assert c.texts == [r["text"] for r in rows] and set(c.outlets) == set(original)
    assert c.digest == read_corpus(trained["corpus"]).digest
    a, b = _arrays(trained["dir"]), _arrays(tmp_path / "m")
    assert set(a) == set(b)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)
    manifest = _manifest(tmp_path / "m")
    assert manifest["training_data"]["documents"] == 36
    assert manifest["training_data"]["sha256"] == _manifest(trained["dir"])["training_data"]["sha256"]
    cmd = shlex.split(manifest["command"])
    assert [cmd[i + 1] for i, a in enumerate(cmd) if a == "--only-outlet"] == original


def test_only_outlet_one_outlet_per_class_and_unknown_names(rows, tmp_path):
    grown = write_jsonl(tmp_path / "grown.jsonl", rows + GROWN)
    firsts = {}
    for r in rows:
        firsts.setdefault(r["label"], r["outlet"])
    c = read_corpus(grown, only_outlets=list(firsts.values()))
    assert set(c.outlets) == set(firsts.values()) and len(c.texts) == 12
    assert sorted(set(c.labels)) == sorted(LABELS)
    # an outlet kept under --only-outlet can still be relabelled with --outlet-label
    c = read_corpus(grown, only_outlets=["Harbour Gazette"],
                    outlet_labels={"Harbour Gazette": "wire"})
    assert list(c.labels) == ["wire", "wire"]
    with pytest.raises(framing.InputError, match=r"no outlet named 'Nowhere Times' \(--only-outlet"):
        read_corpus(grown, only_outlets=["Harbour Gazette", "Nowhere Times"],
                    outlet_labels={"Harbour Gazette": "wire"})
    rc, stderr = _train(grown, tmp_path / "m", "--only-outlet", "Nowhere Times", "--no-eval")
    assert rc == 2 and "Nowhere Times" in stderr
    assert not (tmp_path / "m").exists()
