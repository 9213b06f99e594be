"""framing.io.writers: rows out as JSONL, CSV or Parquet through a resumable journal."""

from __future__ import annotations

import json
import math

import pyarrow.parquet as pq
import pytest

from framing import schema
from framing.errors import InputError
from framing.io.writers import RowSink, partial_path, read_rows

FEATURES = ("quote_density", "loaded_own_rate")
COLUMNS = schema.columns(FEATURES)


def row(i: int, **extra) -> dict:
    r = {c: None for c in COLUMNS}
    r.update(
        id=f"d{i}",
        source=f"c.jsonl:{i}",
        status="ok",
        label="wire",
        confidence=0.75,
        low_confidence=False,
        p_wire=0.75,
        p_state=0.05,
        p_partisan=0.2,
        truncated=False,
        duplicate_id=False,
        n_chars=40,
        n_words=8,
        quote_density=1.5,
        loaded_own_rate=0.0,
        text=f"text {i}",
        languages={"en": 1.0},
        quotes=[{"text": "we will", "speaker": "the minister", "start": 3, "end": 10}],
        loaded_terms=[{"term": "regime", "voice": "quoted", "start": 1, "end": 7}],
        credits=[],
        top_features=[{"feature": "quote_density", "kind": "feature", "value": 1.5,
                       "contribution": 0.4},
                      {"feature": "x said", "kind": "style", "value": 0.21, "contribution": 0.3,
                       "spans": [[0, 9], [20, 31]]}],
    )
    r.update(extra)
    return r


def sink(path, **kw):
    return RowSink(path, columns=COLUMNS, float_columns=FEATURES, **kw)


def test_jsonl_keeps_evidence_native_and_nan_becomes_null(tmp_path):
    out = tmp_path / "s.jsonl"
    s = sink(out)
    s.write(row(1, quote_density=math.nan))
    s.write(row(2, headline="pass-through"))
    assert not out.exists() and partial_path(out).exists()  # nothing looks complete yet
    assert s.finalize() == out
    assert not partial_path(out).exists()
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert got[0]["quote_density"] is None
    assert got[0]["quotes"][0]["speaker"] == "the minister"
    assert got[1]["headline"] == "pass-through"
    assert list(got[0])[: len(COLUMNS)] == COLUMNS


def test_csv_has_evidence_as_json_strings_and_late_pass_through_columns(tmp_path):
    out = tmp_path / "s.csv"
    s = sink(out)
    s.write(row(1))
    s.write(row(2, headline="Late column", text='comma, "quote"\nnewline'))
    s.finalize()
    got = list(read_rows(out))
    assert list(got[0])[: len(COLUMNS)] == COLUMNS and list(got[0])[-1] == "headline"
    assert json.loads(got[0]["loaded_terms"])[0]["voice"] == "quoted"
    assert json.loads(got[0]["languages"]) == {"en": 1.0}
    assert got[0]["headline"] == "" and got[1]["headline"] == "Late column"
    assert got[1]["text"] == 'comma, "quote"\nnewline'
    assert got[0]["outlet"] == ""  # None is an empty cell


def test_parquet_types_row_groups_and_json_strings(tmp_path):
    out = tmp_path / "s.parquet"
    s = sink(out)
    for i in range(2_500):
        s.write(row(i, year=2020 + i % 3, confidence=None if i == 0 else 0.5,
                    low_confidence=None if i == 0 else i % 2 == 1))
    s.finalize()
    pf = pq.ParquetFile(out)
    assert pf.metadata.num_rows == 2_500 and pf.metadata.num_row_groups == 3
    types = {f.name: str(f.type) for f in pf.schema_arrow}
    assert types["quote_density"] == "double" and types["confidence"] == "double"
    assert types["duplicate_id"] == "bool" and types["n_words"] == "int64"
    assert types["low_confidence"] == "bool"
    assert types["quotes"] == "string" and types["year"] == "int64"
    reader = read_rows(out)
    first, second = next(reader), next(reader)
    assert first["confidence"] is None and first["low_confidence"] is None
    assert second["low_confidence"] is True
    tf = json.loads(first["top_features"])
    assert tf[0]["feature"] == "quote_density" and tf[0]["kind"] == "feature"
    assert tf[1]["kind"] == "style" and tf[1]["spans"] == [[0, 9], [20, 31]]


def test_empty_run_still_writes_a_header(tmp_path):
    s = sink(tmp_path / "s.csv")
    s.finalize()
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").splitlines()[0].split(",") == COLUMNS
    s = sink(tmp_path / "s.parquet")
    s.finalize()
    assert pq.ParquetFile(tmp_path / "s.parquet").schema_arrow.names == COLUMNS


def test_close_keeps_the_partial_journal_and_no_output(tmp_path):
    out = tmp_path / "s.parquet"
    s = sink(out)
    s.write(row(1))
    s.close()
    assert not out.exists()
    assert json.loads(partial_path(out).read_text(encoding="utf-8"))["id"] == "d1"


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_resume_keeps_complete_rows_cuts_a_torn_line_and_appends(tmp_path, suffix):
    out = tmp_path / f"s{suffix}"
    s = sink(out)
    for i in range(3):
        s.write(row(i))
    s.write(row(0))  # a duplicate id: counted twice
    s.close()
    with open(partial_path(out), "a", encoding="utf-8") as fh:
        fh.write('{"id": "d9", "status": "o')  # killed mid-line
    s = sink(out, resume=True)
    assert s.n_resumed == 4 and s.done == {"d0": 2, "d1": 1, "d2": 1}
    s.write(row(3))
    s.finalize()
    assert [r["id"] for r in read_rows(out)] == ["d0", "d1", "d2", "d0", "d3"]


def test_stdout_streams_jsonl_and_tee_copies_it(tmp_path, capsys):
    tee = tmp_path / "copy.jsonl"
    s = RowSink(None, tee=tee)
    s.write(row(1))
    s.finalize()
    printed = capsys.readouterr().out
    assert json.loads(printed)["id"] == "d1"
    assert tee.read_text(encoding="utf-8") == printed


def test_unknown_output_suffix_is_a_usage_error(tmp_path):
    with pytest.raises(
        InputError, match=r"unknown output format '\.xlsx'.*\.jsonl, \.ndjson, \.csv, \.parquet"
    ):
        sink(tmp_path / "s.xlsx")


def test_unwritable_output_path_is_a_usage_error(tmp_path):
    with pytest.raises(InputError, match="cannot write the output"):
        sink(tmp_path / "no-such-folder" / "s.jsonl")
    with pytest.raises(InputError, match="is a folder"):
        (tmp_path / "d.jsonl").mkdir()
        sink(tmp_path / "d.jsonl")


def test_resume_on_standard_output_is_a_usage_error():
    with pytest.raises(InputError, match="--resume"):
        RowSink(None, resume=True)
