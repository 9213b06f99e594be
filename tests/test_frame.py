"""pandas in, pandas out (issue 21): framing.score_frame gives framing score's rows, and
framing.FeatureExtractor drops into the first pipeline anyone writes."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

import framing
from framing import schema
from framing.cli import main

from _texts import AFP_FLOOD

WIRE = (
    "GENEVA, May 4 (Reuters) - Negotiators met again on Monday, officials said. \"We are making "
    "progress,\" a diplomat told Reuters. The ministry declined to comment, a spokesman said. "
    "According to two people familiar with the talks, a draft could be ready by Friday, and a "
    "second round is planned for next week in Vienna, the diplomat said."
)
PARTISAN = (
    "The radical left's disastrous scheme is a shameless power grab. Only a fool would believe "
    "these corrupt elites, who have betrayed every hard-working American family. We will not be "
    "silenced! Why do they hate you so much? Make no mistake: this is their plan, and they will "
    "not stop until we stop them. Share this before they take it down."
)
RU = ("Президент России заявил в понедельник, что переговоры продолжатся. «Мы готовы к диалогу», "
      "— сказал министр иностранных дел журналистам в Женеве.")


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["w", "p", "a", "r", "s", "w"],
        "text": [WIRE, PARTISAN, AFP_FLOOD, RU, "Too short to judge.", WIRE + "\n\n" + PARTISAN],
        "outlet": ["Northwire", "Free Voice", None, "Меридан", "Northwire", "Northwire"],
        "title": ["Talks", None, "Floods", None, "Caption", "Repost"],
        "desk": ["world", "opinion", "world", "world", None, "world"],
    }, index=[10, 11, 12, 13, 14, 15])


def test_score_frame_equals_framing_score_on_the_same_texts(tmp_path):
    df = frame()
    src = tmp_path / "c.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for rec in df.to_dict("records"):
            fh.write(json.dumps({k: v for k, v in rec.items() if v is not None and v == v},
                                ensure_ascii=False) + "\n")
    out = tmp_path / "s.jsonl"
    assert main(["score", "-q", "-j", "1", str(src), "-o", str(out)]) == 0
    cli = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]

    got = framing.score_frame(df, jobs=1)
    assert list(got.index) == list(df.index)  # one row per input row, in order, same index
    assert list(got.columns) == list(cli[0])  # the CLI's columns, pass-through last
    assert list(got.columns[: len(schema.BASE_COLUMNS)]) == list(schema.BASE_COLUMNS)
    assert {r["label"] for r in cli} >= {"wire", "partisan"}
    for a, (_, b) in zip(cli, got.iterrows()):
        for col, va in a.items():
            vb = b[col]
            if col in ("source", "encoding"):
                continue  # a file's line and encoding there; the frame's row, no bytes, here
            if isinstance(va, float) or (va is None and isinstance(vb, float)):
                assert (va is None and (vb is None or math.isnan(vb))) or math.isclose(
                    va, vb, rel_tol=0, abs_tol=1e-12), (a["id"], col, va, vb)
            elif va is None:
                assert vb is None or vb != vb, (a["id"], col, vb)  # None, or NaN in pandas
            else:
                assert va == vb, (a["id"], col, va, vb)
    # evidence as Python lists of dicts, not JSON strings
    assert isinstance(got.loc[10, "quotes"], list) and isinstance(got.loc[10, "quotes"][0], dict)
    assert got.loc[15, "duplicate_id"] and not got.loc[10, "duplicate_id"]
    assert got.loc[10, "title"] == "Talks" and got.loc[10, "desk"] == "world"
    assert got.loc[14, "status"] == "abstained"
    assert got["encoding"].isna().all()


def test_score_frame_in_worker_processes_gives_the_same_rows():
    df = pd.DataFrame({"text": [WIRE, PARTISAN, AFP_FLOOD] * 24})  # more than one chunk of 64
    one = framing.score_frame(df, jobs=1)
    two = framing.score_frame(df, jobs=2)
    assert list(one["id"]) == [f"row {n}" for n in range(1, 73)] == list(two["id"])
    assert list(one["label"]) == list(two["label"])
    assert np.allclose(one[["p_wire", "p_state", "p_partisan"]].to_numpy(float),
                       two[["p_wire", "p_state", "p_partisan"]].to_numpy(float), atol=1e-12)


def test_score_frame_names_a_missing_text_column_and_the_columns_there_are():
    with pytest.raises(framing.FieldError) as err:
        framing.score_frame(pd.DataFrame({"body": [WIRE], "headline": ["Talks"]}))
    assert "no column 'text'" in str(err.value) and "body, headline" in str(err.value)
    assert "text=" in str(err.value)
    assert isinstance(err.value, KeyError) and isinstance(err.value, ValueError)


def test_a_row_without_text_is_an_error_row_and_the_rest_are_scored():
    df = pd.DataFrame({"body": [WIRE, None, 42], "id": ["a", None, "c"]})
    got = framing.score_frame(df, text="body", jobs=1, include_text=False)
    assert list(got["status"]) == ["ok", "error", "error"]
    assert got["id"].tolist() == ["a", "row 2", "c"]
    assert "field 'body' is missing" in got.loc[1, "error"]
    assert "is a int, not text" in got.loc[2, "error"]
    assert "text" not in got.columns


# ------------------------------------------------------------------- scikit-learn


TEXTS = [WIRE, AFP_FLOOD, PARTISAN, PARTISAN.replace("left", "right"), RU,
         "Officials said the talks would resume on Monday, a spokesman told reporters."]
LABELS = ["wire", "wire", "partisan", "partisan", "wire", "wire"]


def test_the_first_pipeline_anyone_writes_works():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    # texts whose quote shares, sentiment (Russian) and paragraphs are not measured: NaN in
    # framing.extract, which LogisticRegression refuses ("Input X contains NaN")
    assert np.isnan(framing.FeatureExtractor(missing="nan").fit_transform(TEXTS)).any()
    pipe = make_pipeline(framing.FeatureExtractor(), StandardScaler(), LogisticRegression())
    pipe.fit(TEXTS, LABELS)
    assert list(pipe.predict([WIRE, PARTISAN])) == ["wire", "partisan"]


def test_missing_values_come_out_as_asked():
    fe = framing.FeatureExtractor().fit(TEXTS)
    raw = framing.FeatureExtractor(missing="nan").fit(TEXTS).transform(TEXTS)
    holes = np.isnan(raw)
    col = framing.FEATURE_NAMES.index("sentiment_mean")  # not measured for the Russian text
    assert holes[4, col]
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):  # features measured in none
        medians = np.nanmedian(raw, axis=0)
    filled = fe.transform(TEXTS)
    assert not np.isnan(filled).any()
    assert np.allclose(filled[holes], np.broadcast_to(np.where(np.isnan(medians), 0, medians),
                                                      raw.shape)[holes])
    assert np.array_equal(filled[~holes], raw[~holes])  # measured values are left alone
    zero = framing.FeatureExtractor(missing=0).fit_transform(TEXTS)
    assert (zero[holes] == 0).all()
    assert np.isnan(framing.FeatureExtractor(missing=np.nan).fit_transform(TEXTS)[holes]).all()
    # fit learns from the training texts; transform puts those values into new ones
    assert np.array_equal(fe.transform([RU])[0][holes[4]], fe.fill_values_[holes[4]])
    with pytest.raises(framing.InputError, match="missing='mean'"):
        framing.FeatureExtractor(missing="mean").fit(TEXTS)
