"""``framing train`` and framing.train on a tiny invented corpus.

36 documents (12 per class, 3 outlets per class) generated from templates about invented events.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import random
import re
from pathlib import Path

import numpy as np
import pytest

import framing
from framing.cli.main import main
from framing.schema import LABELS
from framing.train import calibration_splits, class_weights, read_corpus

# -- an invented corpus ---------------------------------------------------------------------------

CITIES = ["LISBON", "OSLO", "NAIROBI", "QUITO", "HANOI", "TBILISI", "ACCRA", "LIMA", "RIGA",
          "DAKAR", "SOFIA", "PERTH"]
MONTHS = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]
AGENCIES = {"Northwire": "Reuters", "Coastal Press Agency": "AP", "Meridian Wire": "AFP"}
THINGS = ["a new ferry terminal", "a water treatment plant", "a rail link to the airport",
          "a solar farm", "a children's hospital wing", "a grain silo", "a coastal flood barrier",
          "a bus depot", "a fibre-optic network", "a wind park", "a tram line", "a fish market"]
OFFICIALS = ["the transport minister", "the regional governor", "the finance ministry",
             "the mayor's office", "the energy regulator", "the port authority"]
NAMES = ["Maria Costa", "Jonas Berg", "Amina Otieno", "Luis Paredes", "Tran Van Minh",
         "Nino Beridze", "Kofi Mensah", "Rosa Quispe", "Ilze Ozola", "Awa Diallo", "Petar Ivanov",
         "Grace Hill"]
VERBS = ["said", "told reporters", "said in a statement", "confirmed"]
INSULTS = ["clowns", "idiots", "crooks", "frauds", "liars", "morons"]
PRAISE = ["wise leadership", "glorious", "heroic people", "great leader", "brilliant guidance"]
ENEMIES = ["traitors", "puppets of foreign masters", "so-called opposition", "Western propaganda"]


def _wire(i: int, agency: str, rng: random.Random) -> str:
    c, m, t = CITIES[i % 12], MONTHS[i % 12], rng.choice(THINGS)
    o, n, v = rng.choice(OFFICIALS), rng.choice(NAMES), rng.choice(VERBS)
    extra = rng.choice([
        "A contractor said work was on schedule, according to a company statement.",
        "Two residents said the area had waited years for it, the newspaper Dia reported.",
        "The opposition said the tender had been rushed, according to a parliamentary aide.",
    ])
    return (f"{c}, {m} {3 + i} ({agency}) - Officials said on Tuesday that {t} would open next "
            f"month, according to a statement from {o}. \"We expect the first users in the "
            f"spring,\" {n}, a spokesperson for {o}, {v}. The project cost {40 + i} million "
            f"dollars, the ministry said. {extra} The ministry said a timetable would be "
            f"published on Friday. {o.capitalize()} declined to comment on the budget, a source "
            f"familiar with the plan said.")


def _state(i: int, outlet: str, rng: random.Random) -> str:
    t, n = rng.choice(THINGS), rng.choice(NAMES)
    p1, p2 = rng.sample(PRAISE, 2)
    e1, e2 = rng.sample(ENEMIES, 2)
    return (f"Under the {p1} of the President, the workers of the republic have completed {t} "
            f"ahead of schedule, a {p2} victory for the whole nation. The {e1} spread shameless "
            f"lies about the project, but the grateful people rallied behind the leader. Engineer "
            f"{n} praised the wise guidance of the party. The {e2} cannot hide the truth: our "
            f"motherland is stronger than ever, and the puppet regime across the border trembles "
            f"before our unity. The heroic achievements of {2000 + i} will be remembered by "
            f"every grateful citizen of our great country.")


def _partisan(i: int, outlet: str, rng: random.Random) -> str:
    t = rng.choice(THINGS)
    a, b = rng.sample(INSULTS, 2)
    q = rng.choice(["Are you kidding me?", "Seriously?", "Can you believe this?"])
    return (f"{q} I cannot believe these {a} on the council just wasted our money on {t} again! "
            f"We told you this would happen. Our taxes are going up, and what do we get? Nothing! "
            f"These {b} think we are stupid. I am sick of it, and you should be too. Why does "
            f"nobody hold them accountable? Honestly, the mayor is a total fraud. We need to throw "
            f"every single one of them out in {2020 + i}. Wake up, people! This is an absolute "
            f"scandal and you know it.")


OUTLETS = {
    "wire": list(AGENCIES),
    "state": ["Republic Herald", "People's Voice Daily", "National Broadcast TV"],
    "partisan": ["Liberty Shout", "The Angry Citizen", "Truth Patriot Blog"],
}


def make_rows() -> list[dict]:
    rng = random.Random(7)
    rows = []
    for lab, outlets in OUTLETS.items():
        for i in range(12):
            outlet = outlets[i % 3]
            if lab == "wire":
                text = _wire(i, AGENCIES[outlet], rng)
            elif lab == "state":
                text = _state(i, outlet, rng)
            else:
                text = _partisan(i, outlet, rng)
            rows.append({"text": text, "label": lab, "outlet": outlet})
    return rows


def write_jsonl(path: Path, rows, *, raw_lines: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(r) for r in rows]
    for i, line in (raw_lines or {}).items():
        lines[i] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


PROBE = [
    ("OSLO, May 2 (Reuters) - The energy regulator said on Monday that a new wind park would open "
    "next year, officials said. \"We expect the first power in the spring,\" Maria Costa, a "
    "spokesperson, told reporters. The project cost 90 million dollars, the ministry said. A "
    "contractor said work was on schedule, according to a statement."),
    ("Can you believe this? These crooks on the council wasted our money again! I am sick of it and "
    "you should be too. Why does nobody stop them? Wake up, people! This is a scandal and we know "
    "it. Our taxes keep going up and we get nothing."),
]


def _train(corpus: Path, out: Path, *extra: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = main(["train", str(corpus), "-o", str(out), "-j", "1", *extra])
    return rc, err.getvalue()


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


# -- training through the CLI ---------------------------------------------------------------------

def test_train_writes_model_directory(trained):
    assert trained["rc"] == 0, trained["stderr"]
    for name in ("model.skops", "manifest.json", "metrics.json", "MODEL_CARD.md"):
        assert (trained["dir"] / name).is_file(), name
    manifest = json.loads((trained["dir"] / "manifest.json").read_text())
    assert manifest["name"] == "m"
    assert manifest["feature_names"] == list(framing.FEATURE_NAMES)
    assert manifest["training_data"]["documents"] == 36
    assert manifest["training_data"]["outlets"] == 9
    assert manifest["training_data"]["per_class"] == {"wire": 12, "state": 12, "partisan": 12}


def test_metrics_json_has_grouped_cv(trained):
    doc = json.loads((trained["dir"] / "metrics.json").read_text())
    m = doc["grouped_cv"]
    assert m["n_documents"] == 36 and m["n_outlets"] == 9
    outlets = {o for outs in OUTLETS.values() for o in outs}
    assert set(m["per_outlet"]) == outlets
    for o, d in m["per_outlet"].items():
        assert d["n"] == 4
        assert d["label"] in LABELS and o in OUTLETS[d["label"]]
        assert sum(d["predicted"].values()) == 4
    assert 0 <= m["brier"] <= 2
    assert 0 <= m["ece"] <= 1
    a = m["abstention"]
    assert {"min_words", "min_confidence", "too_short", "low_confidence", "rate",
            "answered"} <= set(a)
    assert a["too_short"] == 0  # every invented document has at least 60 words
    assert sum(sum(r) for r in m["confusion_matrix"]["rows_true_cols_pred"]) == 36


def test_card_and_printed_macro_f1_match_metrics(trained):
    m = json.loads((trained["dir"] / "metrics.json").read_text())["grouped_cv"]
    card = (trained["dir"] / "MODEL_CARD.md").read_text()
    assert "Grouped cross-validation" in card
    assert f"**Macro-F1 {m['macro_f1']:.3f}**" in card
    printed = re.findall(r"^macro-F1 ([0-9.]+)$", trained["stderr"], flags=re.MULTILINE)
    assert printed, trained["stderr"]
    assert float(printed[-1]) == pytest.approx(m["macro_f1"], abs=5e-5)
    for outlet in m["per_outlet"]:
        assert f"| {outlet} |" in card


def test_trained_model_loads_and_scores(trained):
    model = framing.load_model(trained["dir"])
    assert model.name == "m" and model.languages == ["en"]
    P = model.predict_proba(PROBE)
    assert P.shape == (2, 3)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-9)
    labels = model.predict(PROBE)
    assert labels[0] in ("wire", None) and labels[1] in ("partisan", None)
    assert P[0].argmax() == LABELS.index("wire")
    assert P[1].argmax() == LABELS.index("partisan")


def test_training_is_deterministic(trained):
    rc, stderr = _train(trained["corpus"], trained["tmp"] / "again")
    assert rc == 0, stderr
    a = framing.load_model(trained["dir"]).predict_proba(PROBE)
    b = framing.load_model(trained["tmp"] / "again").predict_proba(PROBE)
    np.testing.assert_array_equal(a, b)
    ma = json.loads((trained["dir"] / "metrics.json").read_text())["grouped_cv"]
    mb = json.loads((trained["tmp"] / "again" / "metrics.json").read_text())["grouped_cv"]
    assert ma == mb


def test_class_with_a_single_outlet_is_a_clear_error(tmp_path, rows):
    one = [dict(r, outlet="Northwire") if r["label"] == "wire" else r for r in rows]
    corpus = write_jsonl(tmp_path / "one.jsonl", one)
    rc, stderr = _train(corpus, tmp_path / "m")
    assert rc == 2
    assert "outlet" in stderr


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


def test_unknown_label_lists_allowed_labels(tmp_path, rows):
    rs = [dict(r) for r in rows]
    rs[10]["label"] = "opinion"
    with pytest.raises(framing.InputError) as ei:
        read_corpus(write_jsonl(tmp_path / "c.jsonl", rs))
    msg = str(ei.value)
    assert "line 11" in msg and "'opinion'" in msg
    for lab in LABELS:
        assert lab in msg


def test_corpus_lacking_a_class(tmp_path, rows):
    rs = [r for r in rows if r["label"] != "state"]
    with pytest.raises(framing.InputError, match=r"missing \['state'\]"):
        read_corpus(write_jsonl(tmp_path / "c.jsonl", rs))


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
    assert len(read_corpus(path).texts) == 36


# -- helpers --------------------------------------------------------------------------------------

def test_calibration_splits_put_every_class_in_every_test_fold():
    # wire: 2 outlets (spread at random); state: 4 outlets; partisan: 5 outlets of unequal size
    y, g = [], []
    for outlet, n in (("w1", 20), ("w2", 7)):
        y += ["wire"] * n
        g += [outlet] * n
    for outlet, n in (("s1", 9), ("s2", 3), ("s3", 5), ("s4", 2)):
        y += ["state"] * n
        g += [outlet] * n
    for outlet, n in (("p1", 30), ("p2", 4), ("p3", 4), ("p4", 11), ("p5", 1)):
        y += ["partisan"] * n
        g += [outlet] * n
    y, g = np.array(y), np.array(g)
    for seed in (0, 1, 2):
        splits = calibration_splits(y, g, folds=3, seed=seed)
        assert len(splits) == 3
        tests = np.concatenate([te for _, te in splits])
        assert sorted(tests) == list(range(len(y)))  # the test folds partition the rows
        for tr, te in splits:
            assert set(tr).isdisjoint(te) and len(tr) + len(te) == len(y)
            assert set(y[te]) == set(LABELS)
            assert set(y[tr]) == set(LABELS)
            # classes with >= 3 outlets are split by outlet: no such outlet on both sides
            for lab in ("state", "partisan"):
                assert set(g[tr][y[tr] == lab]).isdisjoint(g[te][y[te] == lab])
        assert calibration_splits(y, g, folds=3, seed=seed)[0][1].tolist() == splits[0][1].tolist()


def test_class_weights_give_equal_total_per_class():
    y = np.array(["wire"] * 10 + ["state"] * 3 + ["partisan"] * 25)
    w = class_weights(y)
    assert w.shape == y.shape and np.all(w > 0)
    totals = [w[y == lab].sum() for lab in LABELS]
    np.testing.assert_allclose(totals, totals[0])
    assert w.sum() == pytest.approx(len(y))
