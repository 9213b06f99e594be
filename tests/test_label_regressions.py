"""Issue 19's four invented regression texts get their labels from the shipped English model,
through the library and the CLI's row builder alike, and their reasons are words a reader can
check (never a bare n-gram shape)."""

from __future__ import annotations

import pytest

import framing
from framing.schema import LABELS

from regression_texts import BROADCASTER, REGRESSIONS, STATE_WIRE_REGISTER
from test_reasons import BARE


@pytest.fixture(scope="module")
def model():
    return framing.load_model()


@pytest.mark.parametrize("name, text, ok", REGRESSIONS, ids=[r[0] for r in REGRESSIONS])
def test_regression_text_gets_its_label(model, name, text, ok):
    [p] = model.explain([text])
    assert ok(p.label), f"{name}: {p.label} {p.probabilities}"
    assert 3 <= len(p.top_reasons) <= 5
    for r in p.top_reasons:
        assert not BARE.search(r["reason"]), r["reason"]
        assert r["label"] in LABELS


@pytest.mark.parametrize("name, text, ok", REGRESSIONS, ids=[r[0] for r in REGRESSIONS])
def test_scorer_rows_agree_with_the_library(model, name, text, ok):
    row = framing.Scorer().score(framing.Document(id=name, text=text))
    assert row["status"] == "ok" and ok(row["label"]), (name, row["label"])
    assert row["top_reasons"] == model.explain([text])[0].top_reasons


def test_state_line_in_own_voice_is_a_reason_for_state(model):
    [p] = model.explain([STATE_WIRE_REGISTER])
    feats = {r["key"] for r in p.top_reasons if r["kind"] in ("feature", "evidence")}
    towards_state = [r for r in p.top_reasons if r["label"] == "state" and r["weight"] > 0]
    assert towards_state, p.top_reasons
    assert feats, "an evidence-stage feature (voices, honorifics, glorification) is among the reasons"


def test_broadcaster_gives_critics_their_say(model):
    ex = framing.extract(BROADCASTER)
    assert ex.features["counter_voice_share"] > 0  # Amnesty International, the opposition, critics
