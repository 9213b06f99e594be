"""Golden outputs: the rows of a fixed sample of invented documents stay what they were.

``tests/golden/capture.py`` wrote ``tests/golden/{cli,library}.jsonl``; this scores the sample
again the same two ways and compares every column: labels, statuses, evidence and text exactly,
floats (features, probabilities, confidence) to 1e-9. A change meant to change an output
recaptures the goldens in the same commit and says why.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
TOLERANCE = 1e-9


def _capture_module():
    spec = importlib.util.spec_from_file_location("golden_capture", GOLDEN / "capture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def differences(old, new, where: str = "") -> list[str]:
    """Where ``new`` differs from ``old``: floats beyond TOLERANCE, anything else at all."""
    if isinstance(old, bool) or isinstance(new, bool):
        return [] if old is new else [f"{where}: {old!r} -> {new!r}"]
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        if isinstance(old, float) or isinstance(new, float):
            if math.isclose(old, new, rel_tol=0.0, abs_tol=TOLERANCE):
                return []
            return [f"{where}: {old!r} -> {new!r}"]
        return [] if old == new else [f"{where}: {old!r} -> {new!r}"]
    if isinstance(old, dict) and isinstance(new, dict):
        out = [f"{where}.{k}: missing" for k in old.keys() - new.keys()]
        out += [f"{where}.{k}: new column" for k in new.keys() - old.keys()]
        for k in old.keys() & new.keys():
            out += differences(old[k], new[k], f"{where}.{k}")
        return out
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return [f"{where}: {len(old)} items -> {len(new)}"]
        out = []
        for i, (a, b) in enumerate(zip(old, new)):
            out += differences(a, b, f"{where}[{i}]")
        return out
    return [] if old == new and type(old) is type(new) else [f"{where}: {old!r} -> {new!r}"]


def test_differences_sees_a_change():
    row = {"label": "wire", "p_wire": 0.5, "quotes": [{"start": 1}], "n_words": 3}
    assert differences(row, json.loads(json.dumps(row))) == []
    assert differences(row, {**row, "p_wire": 0.5 + 1e-8})
    assert differences(row, {**row, "p_wire": 0.5 + 1e-10}) == []
    assert differences(row, {**row, "label": "state"})
    assert differences(row, {**row, "quotes": [{"start": 2}]})
    assert differences(row, {**row, "n_words": 3.0 + 1e-6})
    assert differences(row, {k: v for k, v in row.items() if k != "label"})


@pytest.mark.parametrize("name", ["cli", "library"])
def test_rows_match_the_goldens(name):
    capture = _capture_module()
    golden = [json.loads(line) for line in
              (GOLDEN / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = json.loads(json.dumps(capture.ROWS[name](), sort_keys=True))
    assert len(rows) == len(golden) == len(capture.SAMPLE)
    found = []
    for old, new in zip(golden, rows):
        found += differences(old, new, f"row {old.get('id')!r}")
    assert not found, "rows differ from the goldens:\n" + "\n".join(found[:40])


def test_the_sample_reaches_every_kind_of_row():
    rows = [json.loads(line) for line in
            (GOLDEN / "cli.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["label"] for r in rows} >= {"wire", "state", "partisan"}
    assert {r["status"] for r in rows} == {"ok", "abstained", "error"}
    assert {r["language"] for r in rows} >= {"en", "ru", "de"}
    assert any(r["duplicate_id"] for r in rows)
    assert any(r["top_reasons"] for r in rows) and any(r["quotes"] for r in rows)
