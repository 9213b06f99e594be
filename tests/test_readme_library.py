"""The library example (docs/library.md) runs, and what its comments say it returns is what it returns."""

from __future__ import annotations

import re
from pathlib import Path

import framing

REPO = Path(__file__).resolve().parents[1]


def _library_block() -> str:
    text = (REPO / "docs" / "library.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)[0]  # the page's first example


def test_readme_library_example_runs_and_its_comments_hold(monkeypatch):
    block = _library_block()
    monkeypatch.chdir(REPO)
    ns: dict = {}
    exec(compile(block, "docs/library.md", "exec"), ns)  # noqa: S102 - our own README
    model, articles, p = ns["model"], ns["articles"], ns["p"]
    assert isinstance(model, framing.Classifier)
    assert "['wire', 'wire', None]" in block
    assert model.predict([articles["ex-wire-01"], articles["ex-lv-01"], articles["ex-short-01"]]) \
        == ["wire", "wire", None]
    assert p.extraction.language == "lv"
    assert p.model == model.model_for("lv").name
    # the page names the model family; the version may move on (framing.SHIPPED_MODELS)
    shown_model = re.search(r"p\.model +# '(framing-[a-z]+)-v\d+'", block)
    assert shown_model and p.model.startswith(shown_model.group(1) + "-v"), p.model
    assert p.label == "wire" and p.abstain_reason is None
    probs = re.search(r"\{'wire': ([\d.]+), 'state': ([\d.]+), 'partisan': ([\d.]+)\}", block)
    for lab, shown in zip(("wire", "state", "partisan"), probs.groups()):
        # rounded on the page; a retrained model may move them a little, not more
        assert abs(p.probabilities[lab] - float(shown)) < 0.05, (lab, p.probabilities)
    [short] = model.explain([articles["ex-short-01"]])
    shown = re.search(r"too short to judge: (\d+) words \(minimum 50\)", block)
    assert short.abstain_reason.startswith("too short to judge") and shown
    assert abs(short.extraction.n_words - int(shown.group(1))) <= 2  # word counting may be tuned
    n = len(framing.FEATURE_NAMES)
    assert len(p.features) == n and f"the {n} features" in block
    # the reasons of an English label, in words a reader can check
    w = ns["w"]
    shown_reason = re.search(r"w\.top_reasons\[0\]\[\"reason\"\] +# '([^'(]+)", block).group(1)
    assert 3 <= len(w.top_reasons) <= 5
    assert any(r["reason"].startswith(shown_reason.split("“")[0]) for r in w.top_reasons)
    for r in w.top_reasons:
        assert r["direction"] in ("towards", "against") and r["label"] in framing.schema.LABELS
        assert all(0 <= s < e <= len(articles["ex-wire-01"]) for s, e in r["spans"])


def test_library_page_frame_and_pipeline_examples_run_and_their_comments_hold(monkeypatch):
    text = (REPO / "docs" / "library.md").read_text(encoding="utf-8")
    _, frame_block, pipeline_block = re.findall(r"```python\n(.*?)```", text, flags=re.S)[:3]
    monkeypatch.chdir(REPO)
    ns: dict = {}
    exec(compile(frame_block, "docs/library.md (score_frame)", "exec"), ns)  # noqa: S102
    shown = re.search(r"# (\['ex-wire-01'.*?\])", frame_block).group(1)
    assert repr(ns["scores"].loc[0, ["id", "outlet", "label"]].tolist()) == shown
    assert isinstance(ns["scores"].loc[0, "quotes"][0]["speaker"], str)
    exec(compile(pipeline_block, "docs/library.md (pipeline)", "exec"), ns)  # noqa: S102
    assert "array(['wire']" in pipeline_block
    assert list(ns["pipe"].predict(["GENEVA, May 4 (Reuters) - Negotiators met again on Monday, "
                                    "officials said."])) == ["wire"]
