"""One library entry point: ``framing.load_model()`` routes by language as ``framing score``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import framing
import framing.classifier as classifier_mod
from framing.errors import ModelError
from framing.resources import data_dir

REPO = Path(__file__).resolve().parents[1]


def _example(doc_id: str) -> str:
    with open(REPO / "examples" / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] == doc_id:
                return row["text"]
    raise KeyError(doc_id)


ENGLISH = _example("ex-wire-01")
LATVIAN = _example("ex-lv-01")


@pytest.fixture(scope="module")
def clf():
    return framing.load_model()


def test_load_model_without_a_path_is_the_language_routing_classifier(clf):
    assert isinstance(clf, framing.Classifier)
    # every shipped model present, language-specific before multilingual (ties: list order),
    # whatever models ship (a Russian framing-ru-v1 may join the list)
    names = classifier_mod.shipped_model_names()
    assert {"framing-en-v3", "framing-xx-v2"} <= set(names)
    assert [m.name for m in clf.models] == sorted(names, key=lambda n: len(clf.get(n).languages))
    assert {"en", "ru", "uk", "lv", "kk"} <= set(clf.languages)
    # with a path (or a name) it is that one model, as before
    one = framing.load_model(framing.SHIPPED_MODELS[0])
    assert isinstance(one, framing.FramingModel) and one.name == framing.SHIPPED_MODELS[0]


def test_latvian_gets_a_label_from_the_library(clf):
    [p] = clf.explain([LATVIAN])
    assert p.extraction.language == "lv"
    assert p.model == clf.model_for("lv").name != clf.default.name
    assert p.probabilities  # judged, not "not covered"
    assert p.label is not None and p.abstain_reason is None  # doubt is a flag, not an abstention
    assert p.low_confidence == (p.confidence < clf.get(p.model).low_confidence_below)
    assert clf.predict([LATVIAN]) == [p.label]
    # the single English model alone does not cover Latvian: that was the bug
    assert clf.default.predict([LATVIAN]) == [None]


def test_each_text_goes_to_the_model_for_its_language(clf):
    texts = [ENGLISH, LATVIAN, "市政府周二宣布，一座新的跨河大桥将于下月开通。" * 10]
    preds = clf.explain(texts)
    en, lv, zh = preds
    assert en.model == clf.model_for("en").name and "en" in clf.get(en.model).languages
    assert "lv" in clf.get(lv.model).languages
    assert zh.label is None and "not covered" in zh.abstain_reason  # the default model abstains
    assert zh.model == clf.default.name
    # predict_proba: each row from the routed model
    P = clf.predict_proba(texts)
    assert P.shape == (3, 3)
    for row, text, p in zip(P, texts, preds):
        np.testing.assert_allclose(row, clf.get(p.model).predict_proba([text])[0])
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-9)
    assert clf.predict_proba(ENGLISH).shape == (1, 3)


def test_language_specific_models_come_before_the_multilingual_one(monkeypatch):
    names = classifier_mod.shipped_model_names()
    monkeypatch.setattr(classifier_mod, "SHIPPED_MODELS", tuple(reversed(names)))
    clf = framing.load_model()
    assert [len(m.languages) for m in clf.models] == sorted(len(m.languages) for m in clf.models)
    assert clf.model_for("en").languages == ["en"]


def test_missing_shipped_models_are_skipped(monkeypatch):
    present = classifier_mod.shipped_model_names()
    expected = [m.name for m in framing.load_model().models]
    monkeypatch.setattr(classifier_mod, "SHIPPED_MODELS",
                        ("framing-zz-v9", *present, "framing-ru-v99"))
    clf = framing.load_model()
    assert [m.name for m in clf.models] == expected and set(expected) == set(present)
    monkeypatch.setattr(classifier_mod, "SHIPPED_MODELS", ("framing-zz-v9",))
    with pytest.raises(ModelError, match="no shipped model"):
        framing.load_model()


def test_a_given_model_comes_first_and_the_shipped_ones_cover_the_rest(tmp_path):
    d = tmp_path / "my-model"
    shutil.copytree(data_dir("models") / framing.SHIPPED_MODELS[0], d)
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    manifest["name"] = "my-model"
    (d / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    scorer = framing.Scorer(framing.load_model(d), include_text=False)
    assert scorer.classifier.models[0].name == "my-model"
    assert scorer.score(framing.Document("en", ENGLISH))["model"] == "my-model"
    lv_model = scorer.classifier.model_for("lv").name
    assert scorer.score(framing.Document("lv", LATVIAN))["model"] == lv_model
    alone = framing.Scorer(framing.load_model(d), include_text=False, multilingual=None)
    row = alone.score(framing.Document("lv", LATVIAN))
    assert row["status"] == "abstained" and "not covered" in row["abstain_reason"]


def _framing_cli() -> list[str]:
    script = shutil.which("framing", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    return [sys.executable, "-c", "import sys; from framing.cli import main; sys.exit(main())"]


def test_library_and_cli_give_the_same_answer(clf, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                           for i, t in (("en", ENGLISH), ("lv", LATVIAN))), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([*_framing_cli(), "score", "-q", "-j", "1", str(src), "-o", str(out)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    lib = dict(zip(("en", "lv"), clf.explain([ENGLISH, LATVIAN])))
    assert {rows["en"]["language"], rows["lv"]["language"]} == {"en", "lv"}
    for key, p in lib.items():
        row = rows[key]
        assert row["label"] == p.label and row["label"] is not None, key
        assert row["model"] == p.model, key
        assert row["abstain_reason"] == p.abstain_reason, key
        assert row["low_confidence"] is p.low_confidence, key
        for lab, prob in p.probabilities.items():
            assert row[f"p_{lab}"] == pytest.approx(prob, abs=1e-9), (key, lab)
    assert rows["en"]["model"] != rows["lv"]["model"]
