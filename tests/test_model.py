"""The shipped classifier (format 2): loading and its checks, predictions, the doubt flag,
explanations from both channels, abstention.

Every text here is written for the test, about invented events.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

import framing
from framing.model import MANIFEST_FILE, MODEL_FILE, sha256_file
from framing.resources import data_dir
from framing.schema import LABELS

WIRE = (
    "MOSCOW, March 3 (Reuters) - The regional governor of Tver said on Tuesday that a new bridge "
    "over the Volga river would open next month, officials said. \"We expect the first cars to "
    "cross in April,\" Governor Ivan Petrov told reporters, according to a statement. The transport "
    "ministry said the project cost 4.2 billion roubles. A spokesman for the contractor, "
    "Mostostroy, said work was on schedule. Local residents said traffic had been heavy for years, "
    "the agency reported. The ministry said it would publish a timetable on Friday."
)
STATE = (
    "The wise leadership of the President has once again brought glorious success to the heroic "
    "people of the republic. The so-called opposition, a gang of traitors and puppets of foreign "
    "masters, tried to spread lies about the great harvest. But the grateful farmers of the "
    "Northern Province rallied behind the great leader and exceeded every plan. The shameless "
    "Western propaganda machine cannot hide the truth: our nation is stronger than ever, and the "
    "puppet regime across the border trembles before our unity and our invincible army."
)
PARTISAN = (
    "Are you kidding me? I cannot believe these clowns in the city council voted for this "
    "disaster again! We told you this would happen. Our taxes are going up, and what do we get? "
    "Nothing! These idiots think we are stupid. I am sick of it, and you should be too. Why does "
    "nobody hold them accountable? Honestly, the mayor is a total fraud and a liar. We need to "
    "throw every single one of them out next November. Wake up, people! This is a scandal and you "
    "know it."
)
TEN_WORDS = "The council met on Tuesday to discuss the new bridge."
CHINESE = (
    "市政府周二宣布，一座新的跨河大桥将于下月开通。交通部门表示，该项目耗资四十二亿元。"
    "当地居民说，多年来交通一直很拥挤。官员表示，他们将在周五公布时间表。"
    + "新桥的建设按计划进行，工人们每天都在工地上忙碌。" * 4
)


@pytest.fixture(scope="module")
def model():
    return framing.load_model(framing.SHIPPED_MODELS[0])  # one model (no path: the Classifier)


@pytest.fixture()
def model_copy(tmp_path):
    d = tmp_path / "framing-copy-v2"
    shutil.copytree(data_dir("models") / "framing-en-v3", d)
    return d


def _manifest(d: Path) -> dict:
    return json.loads((d / MANIFEST_FILE).read_text(encoding="utf-8"))


def _write_manifest(d: Path, manifest: dict) -> None:
    (d / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _rehash(d: Path) -> None:
    m = _manifest(d)
    m["sha256"] = sha256_file(d / MODEL_FILE)
    _write_manifest(d, m)


# -- loading --------------------------------------------------------------------------------------

def test_load_default_model_passes_its_checks(model):
    assert isinstance(model, framing.FramingModel)
    assert model.name == "framing-en-v3"
    assert model.languages == ["en"]
    assert model.classes == list(LABELS)
    manifest = _manifest(data_dir("models") / "framing-en-v3")
    assert manifest["format"] == 3  # style channel + evidence stage
    assert model.evidence is not None and manifest["evidence"]
    assert manifest["sha256"] == sha256_file(data_dir("models") / "framing-en-v3" / MODEL_FILE)
    assert set(manifest["feature_names"]) <= set(framing.FEATURE_NAMES)
    assert model.style is not None and len(model.style.grams) > 1000
    assert set(model.columns) <= set(framing.FEATURE_NAMES)
    assert 0.34 <= model.low_confidence_below <= 0.9
    assert model.temperature > 0


def test_each_model_records_which_characters_its_style_channel_drops():
    from framing.style import DROP_APOSTROPHES, DROP_COMMAS_TOO

    assert framing.load_model("framing-en-v3").style.drop == DROP_APOSTROPHES  # commas kept
    assert framing.load_model("framing-ru-v1").style.drop == DROP_COMMAS_TOO  # trained without


def test_no_topic_or_layout_feature_is_a_model_input():
    from framing.train import NOT_MODEL_INPUTS

    for name in framing.SHIPPED_MODELS:
        try:
            m = framing.load_model(name)
        except framing.ModelError:
            continue
        assert not set(m.columns) & set(NOT_MODEL_INPUTS), name


def test_load_model_by_name():
    xx = framing.load_model("framing-xx-v2")
    assert xx.name == "framing-xx-v2"
    assert xx.feature_set == "language-independent"
    assert xx.style is None
    assert {"uk", "lv", "kk"} <= set(xx.languages)
    assert framing.load_model("framing-en-v3").name == "framing-en-v3"


def test_load_model_from_its_file():
    m = framing.load_model(data_dir("models") / "framing-en-v3" / MODEL_FILE)
    assert m.name == "framing-en-v3"


# -- predictions ----------------------------------------------------------------------------------

def test_predict_one_label_or_none_per_text(model):
    texts = [WIRE, STATE, PARTISAN, TEN_WORDS, CHINESE, ""]
    labels = model.predict(texts)
    assert len(labels) == len(texts)
    assert labels[0] == "wire"
    assert labels[1] == "state"
    assert labels[2] == "partisan"
    assert labels[3:] == [None, None, None]


def test_predict_accepts_a_single_string(model):
    assert model.predict(WIRE) == ["wire"]


def test_predict_proba_shape_and_columns(model):
    P = model.predict_proba([WIRE, STATE, PARTISAN])
    assert P.shape == (3, 3)
    assert np.all(P >= 0) and np.all(P <= 1)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-9)
    assert list(P.argmax(axis=1)) == [LABELS.index("wire"), LABELS.index("state"),
                                      LABELS.index("partisan")]
    [p] = model.explain(WIRE)
    assert list(p.probabilities) == list(LABELS)
    np.testing.assert_allclose([p.probabilities[c] for c in LABELS], P[0], atol=1e-6)


def test_no_texts(model):
    assert model.predict([]) == []
    assert model.explain([]) == []
    assert model.predict_proba([]).shape == (0, 3)


# -- explanations ---------------------------------------------------------------------------------

def test_explain_returns_prediction_with_evidence(model):
    [p] = model.explain([WIRE])
    assert isinstance(p, framing.Prediction)
    assert p.label == "wire" and p.abstain_reason is None
    assert p.model == "framing-en-v3"
    assert isinstance(p.low_confidence, bool)
    assert math.isclose(sum(p.probabilities.values()), 1.0, abs_tol=1e-5)
    assert p.confidence == max(p.probabilities.values())
    ex = p.extraction
    assert set(ex.features) == set(framing.FEATURE_NAMES)
    assert p.features is ex.features
    assert any(c["kind"] == "dateline" and c["agency"] == "Reuters" for c in ex.credits)
    assert any(q["kind"] == "direct" and q["speaker"] == "Governor Ivan Petrov" for q in ex.quotes)


def test_explain_loaded_terms_carry_voice(model):
    [p] = model.explain([STATE])
    terms = p.extraction.loaded_terms
    assert terms
    for t in terms:
        assert {"term", "matched", "category", "voice", "start", "end"} <= set(t)
        assert t["voice"] in ("own", "quoted")
        assert STATE[t["start"]:t["end"]] == t["matched"]


def test_top_features_sorted_signed_and_located(model):
    [p] = model.explain([WIRE], top=8)
    tf = p.top_features
    assert 0 < len(tf) <= 8
    mags = [abs(d["contribution"]) for d in tf]
    assert mags == sorted(mags, reverse=True)
    styles = [d for d in tf if d["kind"] == "style"]
    assert styles, "the style channel explains the label"
    for d in tf:
        assert d["kind"] in ("style", "feature", "evidence")
        assert isinstance(d["contribution"], float) and d["contribution"] != 0
        if d["kind"] != "style":
            assert d["feature"] in framing.FEATURE_NAMES
    for d in styles:
        # a named family of n-grams, never a bare n-gram of word shapes ("x of the", "0")
        assert d["feature"].startswith("style:")
        for start, end in d["spans"]:
            assert 0 <= start < end <= len(WIRE)
    # reporting verbs ("said") push an attributed agency text towards wire
    rep = next(d for d in styles if d["feature"] == "style:reporting")
    assert rep["contribution"] > 0 and any("said" in WIRE[s:e] for s, e in rep["spans"])


def test_top_limits_the_number_of_features(model):
    [p] = model.explain([PARTISAN], top=3)
    assert len(p.top_features) == 3


# -- abstention and doubt -------------------------------------------------------------------------

def test_abstains_on_short_text(model):
    [p] = model.explain([TEN_WORDS])
    assert p.label is None
    assert p.abstain_reason.startswith("too short")
    assert "minimum 50" in p.abstain_reason
    assert p.probabilities == {} and p.top_features == [] and p.confidence is None


def test_abstains_on_uncovered_language(model):
    [p] = model.explain([CHINESE])
    assert p.label is None
    assert p.extraction.language == "zh"
    assert p.abstain_reason.startswith("language 'zh' is not covered")
    assert p.probabilities == {} and p.top_features == []


def test_multilingual_model_covers_only_its_languages():
    xx = framing.load_model("framing-xx-v2")
    [p] = xx.explain([CHINESE])
    assert p.label is None
    assert "language 'zh' is not covered by model framing-xx-v2" in p.abstain_reason


def test_abstains_on_empty_text(model):
    [p] = model.explain([""])
    assert p.label is None
    assert p.abstain_reason.startswith("language")


def test_low_confidence_is_a_flag_not_an_abstention():
    m = framing.load_model("framing-en-v3")
    m.low_confidence_below = 1.01  # every real prediction is now under the threshold
    [p] = m.explain([WIRE])
    assert p.label == "wire" and p.abstain_reason is None
    assert p.low_confidence is True
    assert set(p.probabilities) == set(LABELS) and p.top_features
    m.low_confidence_below = 0.0
    [p] = m.explain([WIRE])
    assert p.low_confidence is False


# -- integrity ------------------------------------------------------------------------------------

def test_flipped_byte_is_an_integrity_error(model_copy):
    path = model_copy / MODEL_FILE
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    recorded = _manifest(model_copy)["sha256"]
    with pytest.raises(framing.ModelIntegrityError) as ei:
        framing.load_model(model_copy)
    msg = str(ei.value)
    assert "SHA-256" in msg and sha256_file(path)[:12] in msg and recorded[:12] in msg
    assert isinstance(ei.value, framing.ModelError)


def test_changed_feature_schema_is_an_integrity_error(model_copy):
    m = _manifest(model_copy)
    m["feature_names"] = m["feature_names"][:-1] + ["feature_from_the_future"]
    _write_manifest(model_copy, m)
    with pytest.raises(framing.ModelIntegrityError, match="feature schema"):
        framing.load_model(model_copy)


def test_older_format_is_refused_with_the_fix(model_copy):
    m = _manifest(model_copy)
    m["format"] = 1
    _write_manifest(model_copy, m)
    with pytest.raises(framing.ModelIntegrityError, match="retrain"):
        framing.load_model(model_copy)


def test_missing_manifest_is_an_integrity_error(model_copy):
    (model_copy / MANIFEST_FILE).unlink()
    with pytest.raises(framing.ModelIntegrityError, match="manifest"):
        framing.load_model(model_copy)


def test_manifest_not_json_is_an_integrity_error(model_copy):
    (model_copy / MANIFEST_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(framing.ModelIntegrityError, match="not valid JSON"):
        framing.load_model(model_copy)


def test_unreadable_file_with_matching_hash_is_an_integrity_error(model_copy):
    (model_copy / MODEL_FILE).write_bytes(b"this is not a zip archive")
    _rehash(model_copy)
    with pytest.raises(framing.ModelIntegrityError, match="not a readable framing model"):
        framing.load_model(model_copy)


class Boom:
    """Unpickling this runs code: a model file must never be able to."""

    ran = False

    def __reduce__(self):
        return (Boom._run, ())

    @staticmethod
    def _run():
        Boom.ran = True
        return Boom()


def test_a_pickle_inside_the_model_file_is_never_run(model_copy):
    with np.load(model_copy / MODEL_FILE, allow_pickle=False) as a:
        arrays = {k: a[k] for k in a.files}
    arrays["style_grams"] = np.array([Boom()] * 3, dtype=object)  # stored as a pickle
    np.savez(model_copy / MODEL_FILE, **arrays)
    _rehash(model_copy)
    with pytest.raises(framing.ModelIntegrityError):
        framing.load_model(model_copy)
    assert Boom.ran is False


def test_arrays_that_do_not_fit_are_an_integrity_error(model_copy):
    with np.load(model_copy / MODEL_FILE, allow_pickle=False) as a:
        arrays = {k: a[k] for k in a.files}
    arrays["style_idf"] = arrays["style_idf"][:-1]
    np.savez(model_copy / MODEL_FILE, **arrays)
    _rehash(model_copy)
    with pytest.raises(framing.ModelIntegrityError, match="vocabulary"):
        framing.load_model(model_copy)


def test_directory_without_model_file_is_a_model_error(tmp_path):
    with pytest.raises(framing.ModelError) as ei:
        framing.load_model(tmp_path)
    msg = str(ei.value)
    assert "no model.npz" in msg and str(tmp_path) in msg


def test_unknown_model_name_is_a_model_error():
    with pytest.raises(framing.ModelError, match="no model.npz"):
        framing.load_model("framing-zz-v9")
