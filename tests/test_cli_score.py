"""``framing score``: every bad input gets its row (or a usage error), nothing is lost."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from framing import schema
from framing.cli import main
from framing.io.writers import partial_path, read_rows

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
WIRE = (
    'GENEVA (Reuters) - Negotiators met again on Monday, officials said. "We are making '
    'progress," a diplomat told Reuters. The ministry declined to comment, a spokesman said.'
)
PARTISAN = (
    "The radical left's disastrous scheme is a shameless power grab. Only a fool would believe "
    "these corrupt elites, who have betrayed every hard-working American family."
)
RU = (
    "Президент России заявил в понедельник, что переговоры продолжатся. "
    "Министр иностранных дел сообщил журналистам об итогах встречи в Женеве."
)
NAV_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Daily News</title></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li></ul></nav></header>
<footer><ul><li><a href="/about">About us</a></li></ul></footer></body></html>"""
ARTICLE_HTML = f"""<html><body><nav><a href="/">Home</a></nav><article><h1>Talks</h1>
<p>{WIRE}</p><p>{WIRE}</p></article>
<section class="comments"><p>Reader comment: they are all traitors!</p></section></body></html>"""


def score(*args: str) -> int:
    return main(["score", "-q", *args])


def jsonl_rows(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def run_rows(capsys, *args: str) -> tuple[int, list[dict], str]:
    """Score to standard output; return (exit code, rows, stderr)."""
    code = score("-j", "1", *args)
    out = capsys.readouterr()
    return code, jsonl_rows(out.out), out.err


def write_jsonl(path: Path, rows) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(
            (row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n"
            for row in rows
        )
    return path


# ------------------------------------------------------------------------- outputs


def test_jsonl_to_stdout_has_every_column_evidence_and_a_summary(tmp_path, capsys):
    src = write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "w1", "text": WIRE, "outlet": "Reuters", "title": "Talks"},
            {"id": "p1", "text": PARTISAN, "outlet": "Townhall"},
        ],
    )
    code, rows, err = run_rows(capsys, str(src))
    assert code == 0
    assert [r["id"] for r in rows] == ["w1", "p1"]
    assert [r["source"] for r in rows] == [f"{src}:1", f"{src}:2"]
    assert rows[0]["outlet"] == "Reuters" and rows[0]["title"] == "Talks"
    for r in rows:
        assert r["status"] in ("ok", "abstained")
        assert set(schema.BASE_COLUMNS) <= set(r)
        assert isinstance(r["quotes"], list) and isinstance(r["top_features"], list)
        # a label comes with its doubt flag; an abstention has neither
        assert isinstance(r["low_confidence"], bool) if r["label"] else r["low_confidence"] is None
    assert "2 documents read" in err and "documents/s" in err


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_csv_and_parquet_carry_evidence_as_json_strings(tmp_path, capsys, suffix):
    src = write_jsonl(
        tmp_path / "c.jsonl", [{"id": "w1", "text": WIRE}, {"id": "w2", "text": WIRE}]
    )
    out = tmp_path / f"scores{suffix}"
    assert score("-j", "1", str(src), "-o", str(out)) == 0
    assert not partial_path(out).exists()
    rows = list(read_rows(out))
    assert [r["id"] for r in rows] == ["w1", "w2"]
    for col in schema.EVIDENCE_COLUMNS:
        assert isinstance(json.loads(rows[0][col]), list)
    assert "p_wire" in rows[0] and "text" in rows[0]
    if suffix == ".parquet":  # a typed column: a flag where there is a label, else null
        for r in rows:
            assert isinstance(r["low_confidence"], bool) if r["label"] else r["low_confidence"] is None


def test_no_text_leaves_the_text_column_out(tmp_path, capsys):
    src = write_jsonl(tmp_path / "c.jsonl", [{"id": "w1", "text": WIRE}])
    _, rows, _ = run_rows(capsys, str(src), "--no-text")
    assert "text" not in rows[0]


def test_pass_through_column_that_clashes_with_the_schema_is_renamed(tmp_path, capsys):
    src = write_jsonl(
        tmp_path / "c.jsonl", [{"id": "a", "text": WIRE, "label": "wire", "status": "x"}]
    )
    _, rows, _ = run_rows(capsys, str(src))
    assert rows[0]["input_label"] == "wire" and rows[0]["input_status"] == "x"
    assert rows[0]["status"] in ("ok", "abstained")


# ------------------------------------------------------------------------- bad input


def test_empty_file(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    code, rows, _ = run_rows(capsys, str(tmp_path / "empty.txt"))
    assert len(rows) == 1 and rows[0]["id"] == "empty.txt"
    assert rows[0]["status"] in ("abstained", "error")
    assert code == (1 if rows[0]["status"] == "error" else 0)


def test_whitespace_only_file(tmp_path, capsys):
    (tmp_path / "blank.txt").write_text("  \n\t\n  ", encoding="utf-8")
    _, rows, _ = run_rows(capsys, str(tmp_path / "blank.txt"))
    assert len(rows) == 1 and rows[0]["status"] in ("abstained", "error")


def test_binary_file_renamed_txt(tmp_path, capsys):
    (tmp_path / "photo.txt").write_bytes(PNG)
    code, rows, err = run_rows(capsys, str(tmp_path / "photo.txt"))
    assert code == 1
    assert rows[0]["status"] == "error" and "PNG image" in rows[0]["error"]
    assert "1 failed" in err


def test_invalid_utf8_is_scored_with_the_replacement_noted(tmp_path, capsys):
    # UTF-8 with curly quotes, and one multi-byte character cut short (a bad scrape)
    quoted = "\u201cWe are making progress,\u201d a diplomat said. ".encode() * 3
    (tmp_path / "bad.txt").write_bytes(quoted + b"\xe2\x80 " + WIRE.encode())
    code, rows, _ = run_rows(capsys, str(tmp_path / "bad.txt"))
    assert code == 0 and rows[0]["status"] in ("ok", "abstained")
    assert rows[0]["encoding"] == "utf-8 (invalid bytes replaced)"


def test_cp1251_russian_without_bom(tmp_path, capsys):
    (tmp_path / "ru.txt").write_bytes(RU.encode("cp1251"))
    _, rows, _ = run_rows(capsys, str(tmp_path / "ru.txt"))
    assert rows[0]["encoding"] == "cp1251"
    assert rows[0]["text"] == RU
    assert rows[0]["status"] in ("ok", "abstained")


def test_20mb_text_file_is_cut_at_the_size_cap_and_flagged(tmp_path, capsys):
    path = tmp_path / "huge.txt"
    block = (WIRE + "\n").encode() * 1000
    with open(path, "wb") as fh:
        while fh.tell() < 20_000_000:
            fh.write(block)
    code, rows, _ = run_rows(capsys, str(path), "--max-chars", "20000")
    assert len(rows) == 1 and rows[0]["truncated"] is True
    assert len(rows[0]["text"]) == 20_000 and code == 0


def test_html_page_that_is_all_navigation(tmp_path, capsys):
    (tmp_path / "index.html").write_text(NAV_HTML, encoding="utf-8")
    code, rows, _ = run_rows(capsys, str(tmp_path / "index.html"))
    assert code == 1
    assert rows[0]["status"] == "error"
    assert rows[0]["error"] == "no article text found in HTML (navigation only?)"


def test_jsonl_with_one_malformed_line(tmp_path, capsys):
    src = write_jsonl(
        tmp_path / "dump.jsonl",
        [
            {"id": "a", "text": WIRE},
            '{"id": "b", "text": "cut sho',
            {"id": "c", "text": PARTISAN},
        ],
    )
    code, rows, _ = run_rows(capsys, str(src))
    assert code == 1 and len(rows) == 3
    assert rows[1]["status"] == "error" and rows[1]["error"].startswith(f"{src}:2: malformed JSON")
    assert rows[0]["status"] != "error" and rows[2]["status"] != "error"


def test_csv_whose_text_column_is_missing_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "corpus.csv").write_text("headline,body,url\nh,b,u\n", encoding="utf-8")
    out = tmp_path / "s.jsonl"
    assert score(str(tmp_path / "corpus.csv"), "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "corpus.csv: no column 'text'; columns are: headline, body, url" in err
    assert "--text-field" in err
    assert not out.exists() and not partial_path(out).exists()


def test_jsonl_where_every_row_lacks_the_text_field_is_a_usage_error(tmp_path, capsys):
    src = write_jsonl(tmp_path / "c.jsonl", [{"id": 1, "body": WIRE}, {"id": 2, "body": WIRE}])
    assert score(str(src)) == 2
    assert "no row has the field 'text'; fields are: id, body" in capsys.readouterr().err
    assert score("-j", "1", str(src), "--text-field", "body") == 0


def test_duplicate_ids_are_kept_and_flagged(tmp_path, capsys):
    src = write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "x", "text": WIRE},
            {"id": "y", "text": WIRE},
            {"id": "x", "text": PARTISAN},
        ],
    )
    _, rows, err = run_rows(capsys, str(src))
    assert [(r["id"], r["duplicate_id"]) for r in rows] == [("x", False), ("y", False), ("x", True)]
    assert "1 rows repeat an earlier id" in err


def test_path_that_does_not_exist(tmp_path, capsys):
    assert score(str(tmp_path / "nowhere")) == 2
    assert "nowhere: no such file or folder" in capsys.readouterr().err


def test_folder_with_no_supported_files(tmp_path, capsys):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    assert score(str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert "folder has no supported files" in err and ".jsonl.gz" in err


def test_unknown_option_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        score(str(tmp_path / "a.txt"), "--no-such-option")
    assert info.value.code == 2


def test_unwritable_output_path_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    assert score(str(tmp_path / "a.txt"), "-o", str(tmp_path / "missing" / "s.jsonl")) == 2
    assert "cannot write the output" in capsys.readouterr().err
    assert score(str(tmp_path / "a.txt"), "-o", str(tmp_path / "s.xlsx")) == 2


def test_mixed_folder_output_rows_equal_input_documents(tmp_path, capsys):
    root = tmp_path / "corpus"
    (root / "site").mkdir(parents=True)
    (root / "a.txt").write_text(WIRE, encoding="utf-8")  # 1
    (root / "b.md").write_bytes(b"")  # 1
    (root / "c.txt").write_bytes(PNG)  # 1
    (root / "site" / "story.html").write_text(ARTICLE_HTML, encoding="utf-8")  # 1
    (root / "site" / "index.htm").write_text(NAV_HTML, encoding="utf-8")  # 1
    write_jsonl(
        root / "d.jsonl", [{"text": WIRE}, "{oops", {"body": "no text"}, {"text": PARTISAN}]
    )  # 4
    with gzip.open(root / "e.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        fh.write('id,text\ne1,"' + WIRE.replace('"', '""') + '"\ne2,short\n')  # 2
    pq.write_table(pa.table({"text": [WIRE, PARTISAN, ""]}), root / "f.parquet")  # 3
    (root / "g.tsv").write_text("text\tid\n" + PARTISAN + "\tg1\n", encoding="utf-8")  # 1
    (root / "ignored.docx").write_bytes(b"PK\x03\x04")
    n_documents = 15
    out = tmp_path / "scores.csv"
    code = score("-j", "1", str(root), "-o", str(out))
    err = capsys.readouterr().err
    rows = list(read_rows(out))
    assert len(rows) == n_documents
    assert f"{n_documents} documents read" in err
    assert code == 1  # the PNG, the navigation page, the bad line, the row without text
    assert [r["id"] for r in rows][:3] == ["a.txt", "b.md", "c.txt"]
    assert [r["id"] for r in rows][-4:] == [
        "f.parquet:row 3",
        "g1",
        "site/index.htm",
        "site/story.html",
    ]
    assert sum(r["status"] == "error" for r in rows) == 4


def test_two_jobs_give_the_same_rows_in_the_same_order(tmp_path, capsys):
    texts = [WIRE, PARTISAN, RU, "", "Short one."]
    src = write_jsonl(
        tmp_path / "c.jsonl", [{"id": f"d{i}", "text": texts[i % 5] + f" {i}"} for i in range(300)]
    )
    one_job = tmp_path / "one.jsonl"
    two_jobs = tmp_path / "two.jsonl"
    assert score("-j", "1", str(src), "-o", str(one_job)) == 0
    assert score("-j", "2", str(src), "-o", str(two_jobs)) == 0
    a, b = list(read_rows(one_job)), list(read_rows(two_jobs))
    assert [r["id"] for r in b] == [f"d{i}" for i in range(300)]
    assert [(r["id"], r["status"], r["label"]) for r in a] == [
        (r["id"], r["status"], r["label"]) for r in b
    ]


def test_stdin_dash_reads_jsonl(tmp_path, capsys, monkeypatch):
    data = json.dumps({"id": "s1", "text": WIRE}).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    code, rows, _ = run_rows(capsys, "-")
    assert code == 0 and [(r["id"], r["source"]) for r in rows] == [("s1", "<stdin>:1")]


# ------------------------------------------------------------------------- interrupt, resume


def test_interrupted_run_leaves_only_a_partial_and_resume_completes_it(
    tmp_path, capsys, monkeypatch
):
    src = write_jsonl(tmp_path / "c.jsonl", [{"id": f"d{i}", "text": WIRE} for i in range(100)])
    out = tmp_path / "scores.parquet"
    import framing.cli.score as score_cli

    real = score_cli.score_stream

    def interrupted(*args, **kwargs):
        for n, row in enumerate(real(*args, **kwargs)):
            if n == 70:
                raise KeyboardInterrupt
            yield row

    monkeypatch.setattr(score_cli, "score_stream", interrupted)
    assert score("-j", "1", str(src), "-o", str(out)) == 130
    err = capsys.readouterr().err
    assert "--resume" in err and str(partial_path(out)) in err
    assert not out.exists()
    assert len(partial_path(out).read_text(encoding="utf-8").splitlines()) == 70

    monkeypatch.setattr(score_cli, "score_stream", real)
    assert score("-j", "1", str(src), "-o", str(out), "--resume") == 0
    err = capsys.readouterr().err
    assert "resumed: 70 rows" in err and "100 documents read" in err
    assert [r["id"] for r in read_rows(out)] == [f"d{i}" for i in range(100)]
    assert not partial_path(out).exists()


# ------------------------------------------------------------------------- report, console script


def test_report_from_standard_output_run(tmp_path, capsys):
    pytest.importorskip("framing.report")
    src = write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "a", "text": WIRE, "outlet": "Reuters"},
            {"id": "b", "text": PARTISAN, "outlet": "Townhall"},
        ],
    )
    report = tmp_path / "report.html"
    assert score("-j", "1", str(src), "--report", str(report)) == 0
    assert report.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert len(jsonl_rows(capsys.readouterr().out)) == 2


def test_installed_console_script(tmp_path):
    script = shutil.which("framing", path=str(Path(sys.executable).parent)) or shutil.which(
        "framing"
    )
    assert script, "the framing console script is not installed"
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(WIRE, encoding="utf-8")
    (folder / "b.txt").write_bytes(PNG)
    out = tmp_path / "scores.jsonl"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [script, "score", str(folder), "-o", str(out), "-j", "2"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "2 documents read" in proc.stderr and "1 failed" in proc.stderr
    assert [r["id"] for r in read_rows(out)] == ["a.txt", "b.txt"]
