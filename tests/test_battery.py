"""Issue 10's battery: a folder of sixteen awkward inputs, scored by the installed command.

Whatever is in the folder, the run completes: one output row per input document, in order, a
bad file or line becomes its own error row (naming the line), the exit status is 1 because some
documents failed, and it takes seconds.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
WIRE = (
    'GENEVA (Reuters) - Negotiators met again on Monday, officials said. "We are making '
    'progress," a diplomat told Reuters. The ministry declined to comment, a spokesman said. '
)
RU = (
    "Президент заявил в понедельник, что переговоры продолжатся. "
    "Министр иностранных дел сообщил журналистам об итогах встречи в Женеве. "
)
NAV_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Daily News</title></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<footer><ul><li><a href="/about">About us</a></li></ul></footer></body></html>"""
SCRIPT_HTML = f"""<html><head><title>Talks</title>
<script>var tracker = "SCRIPT-BODY-MUST-NOT-BE-SCORED"; window.dataLayer = [];</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Talks resume</h1>
<p>{WIRE}</p><script>document.write("SCRIPT-BODY-MUST-NOT-BE-SCORED")</script><p>{WIRE}</p>
<p>{WIRE}</p></article></body></html>"""


def _write_battery(folder: Path) -> dict[str, int]:
    """The sixteen inputs (and one file that is not an input); returns documents per file."""
    folder.mkdir()
    expected: dict[str, int] = {}

    def put(name: str, data: bytes, n_docs: int) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = n_docs

    put("01-empty.txt", b"", 1)
    put("02-whitespace.txt", b"  \n\t\n   \n", 1)
    put("03-binary.txt", PNG + bytes(range(256)) * 8, 1)
    put("04-invalid-utf8.txt", (WIRE + "Talks in Zürich, Genève and São Paulo. ").encode() * 5
        + b"\xff\xfe" + "Café à la carte.".encode(), 1)  # UTF-8 with a few bad bytes
    put("05-cp1251.txt", (RU * 8).encode("cp1251"), 1)
    line = WIRE.encode() + b"\n"
    put("06-huge.txt", line * (20_000_000 // len(line) + 1), 1)  # 20 MB
    put("07-navigation-only.html", NAV_HTML.encode(), 1)
    put("08-script.html", SCRIPT_HTML.encode(), 1)
    rows = [{"id": "j1", "text": WIRE * 3}, '{"id": "j2", "text": "cut off',
            {"id": "j3", "text": WIRE}]
    put("09-broken-line.jsonl",
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows).encode(), 3)
    put("10-duplicate-ids.jsonl", (json.dumps({"id": "dup", "text": WIRE}) + "\n").encode() * 2, 2)
    put("11-utf16.txt", (WIRE * 3).encode("utf-16"), 1)
    table = io.StringIO()
    csv.writer(table).writerows([["id", "text", "outlet"], ["c1", WIRE, "Northwire"],
                                 ["c2", RU, "ТАСС"]])
    put("12-rows.csv", table.getvalue().encode(), 2)
    put("13-no-text-field.jsonl", b'{"id": "n1", "body": "the text is under another name"}\n', 1)
    put("14-corrupt.jsonl.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"not deflate" * 50, 1)
    put("15-notes.md", f"# Notes\n\n{WIRE}\n\n- one\n- two\n".encode(), 1)
    buf = pa.BufferOutputStream()
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": [WIRE * 2, None]}), buf)
    put("16-rows.parquet", buf.getvalue().to_pybytes(), 2)
    (folder / "readme.rst").write_text("Not an input: listed as skipped.\n", encoding="utf-8")
    assert len(expected) == 16
    return expected


def _framing_cli() -> list[str]:
    script = shutil.which("framing", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    return [sys.executable, "-c", "import sys; from framing.cli import main; sys.exit(main())"]


@pytest.fixture(scope="module")
def battery(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("battery")
    folder = tmp / "inputs"
    expected = _write_battery(folder)
    out = tmp / "scores.jsonl"
    start = time.perf_counter()
    proc = subprocess.run([*_framing_cli(), "score", str(folder), "-o", str(out), "-j", "2"],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    elapsed = time.perf_counter() - start
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] \
        if out.exists() else []
    return {"proc": proc, "rows": rows, "expected": expected, "elapsed": elapsed,
            "folder": folder}


def _file_of(row: dict, folder: Path) -> str:
    return Path(row["source"].split(":")[0]).relative_to(folder).as_posix()


def test_the_run_completes_with_one_row_per_input_document(battery):
    proc, rows = battery["proc"], battery["rows"]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 1, proc.stderr[-3000:]  # some documents failed; their rows are out
    per_file: dict[str, int] = {}
    for row in rows:
        name = _file_of(row, battery["folder"])
        per_file[name] = per_file.get(name, 0) + 1
    assert per_file == battery["expected"]
    # in input order: the folder's files in sorted order
    assert [_file_of(r, battery["folder"]) for r in rows] == sorted(
        (_file_of(r, battery["folder"]) for r in rows))
    n = len(rows)
    assert f"{n} documents read" in proc.stderr
    assert all(r["status"] in ("ok", "abstained", "error") for r in rows)
    assert not any("internal error" in (r["error"] or "") for r in rows), rows


def test_the_run_takes_seconds(battery):
    assert battery["elapsed"] < 60, battery["elapsed"]


def _rows(battery, name: str) -> list[dict]:
    return [r for r in battery["rows"] if _file_of(r, battery["folder"]) == name]


def test_each_awkward_input_gets_the_right_row(battery):
    [empty] = _rows(battery, "01-empty.txt")
    assert empty["status"] == "abstained" and "empty" in empty["abstain_reason"]
    [blank] = _rows(battery, "02-whitespace.txt")
    assert blank["status"] == "abstained"
    [binary] = _rows(battery, "03-binary.txt")
    assert binary["status"] == "error" and "PNG" in binary["error"]
    [bad] = _rows(battery, "04-invalid-utf8.txt")
    assert bad["status"] != "error" and bad["encoding"] == "utf-8 (invalid bytes replaced)"
    [ru] = _rows(battery, "05-cp1251.txt")
    assert ru["encoding"] == "cp1251" and ru["language"] == "ru"
    assert "Президент" in ru["text"] and "переговоры" in ru["text"]
    [huge] = _rows(battery, "06-huge.txt")
    assert huge["truncated"] is True and huge["status"] != "error"
    assert huge["n_chars"] <= 1_000_000
    [nav] = _rows(battery, "07-navigation-only.html")
    assert nav["status"] == "error" and "no article text" in nav["error"]
    [script] = _rows(battery, "08-script.html")
    assert script["status"] != "error", script["error"]  # the HTML stack imports and works
    assert "Negotiators met again" in script["text"]
    assert "SCRIPT-BODY" not in script["text"]


def test_the_broken_jsonl_line_is_reported_with_its_line_number(battery):
    rows = _rows(battery, "09-broken-line.jsonl")
    assert [r["status"] != "error" for r in rows] == [True, False, True]
    assert rows[1]["source"].endswith("09-broken-line.jsonl:2")
    assert "09-broken-line.jsonl:2" in rows[1]["error"] and "malformed JSON" in rows[1]["error"]
    assert [r["id"] for r in rows] == ["j1", "09-broken-line.jsonl:2", "j3"]


def test_duplicate_ids_are_kept_and_flagged(battery):
    rows = _rows(battery, "10-duplicate-ids.jsonl")
    assert [r["id"] for r in rows] == ["dup", "dup"]
    assert [r["duplicate_id"] for r in rows] == [False, True]
    assert "1 rows repeat an earlier id" in battery["proc"].stderr


def test_row_files_and_other_encodings(battery):
    [utf16] = _rows(battery, "11-utf16.txt")
    assert utf16["encoding"] == "utf-16" and utf16["status"] != "error"
    csv_rows = _rows(battery, "12-rows.csv")
    assert [(r["id"], r["outlet"]) for r in csv_rows] == [("c1", "Northwire"), ("c2", "ТАСС")]
    [nofield] = _rows(battery, "13-no-text-field.jsonl")  # in a folder: its error row, no stop
    assert nofield["status"] == "error" and "--text-field" in nofield["error"]
    [corrupt] = _rows(battery, "14-corrupt.jsonl.gz")
    assert corrupt["status"] == "error" and "cannot read" in corrupt["error"]
    [md] = _rows(battery, "15-notes.md")
    assert md["status"] != "error"
    pq_rows = _rows(battery, "16-rows.parquet")
    assert [r["status"] == "error" for r in pq_rows] == [False, True]


def test_the_file_that_is_not_an_input_is_listed_as_skipped(battery):
    assert "1 file skipped" in battery["proc"].stderr
    assert "readme.rst: unsupported file type" in battery["proc"].stderr
    assert not any("readme.rst" in r["source"] for r in battery["rows"])
