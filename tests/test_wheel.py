"""The built wheel carries features/ and models/ and scores a document in a clean venv.

Slow (builds a wheel, installs it with its dependencies into a fresh venv): ``-m "not slow"``
skips it. pip's own cache (~/.cache/pip, shared between runs) keeps reinstalls quick.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from _texts import AFP_FLOOD

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
TEXT = AFP_FLOOD
MUST_CARRY = (
    "framing/_data/features/en/loaded/terror_violence.txt",
    "framing/_data/models/framing-en-v3/model.npz",
    "framing/_data/models/framing-en-v3/manifest.json",
    "framing/_data/models/framing-xx-v2/model.npz",
    "framing/_data/models/framing-xx-v2/manifest.json",
    "framing/_data/features/en/style/function_words.txt",
)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(cmd: list[str], *, cwd: Path, timeout: int) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    cmd = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)]
    res = _run(cmd, cwd=REPO, timeout=300)
    if res.returncode != 0:  # isolation needs hatchling from PyPI; fall back to the venv's
        res = _run(cmd + ["--no-isolation"], cwd=REPO, timeout=300)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    [whl] = out.glob("framing-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("venv")
    env_dir = root / "venv"
    res = _run([sys.executable, "-m", "venv", str(env_dir)], cwd=root, timeout=120)
    assert res.returncode == 0, res.stderr
    py = env_dir / "bin" / "python"
    res = _run([str(py), "-m", "pip", "install", "-q", str(wheel)], cwd=root, timeout=600)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-3000:]
    return env_dir


def test_wheel_carries_lexicons_and_shipped_model(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [n for n in MUST_CARRY if n not in names]
    assert missing == []
    assert not [n for n in names if n.endswith(".skops")]  # model files are plain arrays now


def test_wheel_declares_the_framing_console_script(wheel):
    with zipfile.ZipFile(wheel) as zf:
        [ep] = [n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt")]
        assert "framing = framing.cli:main" in zf.read(ep).decode()


def test_installed_wheel_scores_from_its_own_data(venv, tmp_path):
    script = (
        "import json, sys, framing, framing.resources as r\n"
        "[p] = framing.load_model().explain([sys.argv[1]])\n"
        "print(json.dumps({'label': p.label, 'reason': p.abstain_reason,\n"
        "                  'file': framing.__file__,\n"
        "                  'features': str(r.data_dir('features')),\n"
        "                  'models': str(r.data_dir('models'))}))\n"
    )
    res = _run([str(venv / "bin" / "python"), "-c", script, TEXT], cwd=tmp_path, timeout=180)
    assert res.returncode == 0, res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["label"] in ("wire", "state", "partisan"), out
    site = venv / "lib"
    for key in ("file", "features", "models"):
        p = Path(out[key]).resolve()
        assert site.resolve() in p.parents, (key, p)
        assert "site-packages" in p.parts, (key, p)
        assert REPO not in p.parents, (key, p)


def test_installed_console_script_scores_a_jsonl_file(venv, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "d1", "text": TEXT}) + "\n"
        + json.dumps({"id": "d2", "text": "Too short."}) + "\n",
        encoding="utf-8",
    )
    dst = tmp_path / "out.jsonl"
    res = _run([str(venv / "bin" / "framing"), "score", str(src), "-o", str(dst)],
               cwd=tmp_path, timeout=180)
    assert res.returncode == 0, res.stderr[-3000:]
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["d1", "d2"]
    assert rows[0]["status"] == "ok" and rows[0]["label"] in ("wire", "state", "partisan")
    assert rows[1]["status"] == "abstained"
