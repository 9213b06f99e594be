"""Issue 10: stdin text, skipped files, one bad file, the resume summary, the progress bar."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

import framing.io.readers as readers
from framing.cli import main
from framing.errors import FieldError
from framing.io.readers import read_inputs
from framing.io.writers import partial_path, read_rows

WIRE = (
    'GENEVA (Reuters) - Negotiators met again on Monday, officials said. "We are making '
    'progress," a diplomat told Reuters. The ministry declined to comment, a spokesman said. '
) * 4


def score(*args: str) -> int:
    return main(["score", "-q", "-j", "1", *args])


def rows_of(text: str) -> list[dict]:
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))


# ------------------------------------------------------------------------- stdin


def test_plain_text_on_stdin_is_one_document(monkeypatch, capsys):
    text = WIRE.replace(". ", ".\n")  # many lines: one document, not one error per line
    _stdin(monkeypatch, text.encode())
    assert score("-") == 0
    [row] = rows_of(capsys.readouterr().out)
    assert (row["id"], row["source"], row["status"]) == ("stdin", "<stdin>", "ok")
    assert row["text"] == text and row["encoding"] == "utf-8"


def test_stdin_detection(monkeypatch):
    for data, fmt in ((b'\xef\xbb\xbf \n{"id": "a", "text": "x"}\n', "jsonl"),
                      (b"", "jsonl"),
                      (b"The council met.\n{not json}\n", "text"),
                      ("Совет собрался.".encode("cp1251"), "text"),
                      ('{"a"'.encode("utf-16"), "jsonl")):
        assert readers._looks_like_jsonl(data) == (fmt == "jsonl"), data


def test_stdin_format_forces_either(monkeypatch, capsys):
    _stdin(monkeypatch, b'{"id": "a", "text": "x"}\n')
    assert score("-", "--stdin-format", "text") == 0
    [row] = rows_of(capsys.readouterr().out)
    assert row["id"] == "stdin" and row["text"] == '{"id": "a", "text": "x"}\n'
    _stdin(monkeypatch, b"plain words\n")
    assert score("-", "--stdin-format", "jsonl") == 1
    [row] = rows_of(capsys.readouterr().out)
    assert row["status"] == "error" and "malformed JSON line" in row["error"]


def test_stdin_text_in_cp1251_and_over_the_cap(monkeypatch, capsys):
    _stdin(monkeypatch, ("Президент заявил, что переговоры продолжатся. " * 50).encode("cp1251"))
    assert score("-", "--max-chars", "200") == 0
    [row] = rows_of(capsys.readouterr().out)
    assert row["encoding"] == "cp1251" and row["truncated"] is True
    assert row["text"].startswith("Президент заявил") and len(row["text"]) == 200


def test_binary_on_stdin_is_an_error_row(monkeypatch, capsys):
    _stdin(monkeypatch, b"\x89PNG\r\n\x1a\n" + bytes(300))
    assert score("-") == 1
    [row] = rows_of(capsys.readouterr().out)
    assert row["status"] == "error" and "PNG" in row["error"]


# ------------------------------------------------------------------------- skipped files


@pytest.fixture()
def folder(tmp_path):
    f = tmp_path / "articles"
    (f / "sub").mkdir(parents=True)
    (f / "a.txt").write_text(WIRE, encoding="utf-8")
    (f / "readme.rst").write_text("notes", encoding="utf-8")
    (f / "sub" / "b.txt").write_text(WIRE, encoding="utf-8")
    (f / "sub" / "scan.pdf").write_bytes(b"%PDF-1.4")
    (f / ".DS_Store").write_bytes(b"\x00\x01")
    (f / ".git").mkdir()
    (f / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    return f


def test_skipped_files_are_listed_with_their_reason(folder, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert score(str(folder), "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert [r["id"] for r in read_rows(out)] == ["a.txt", "sub/b.txt"]
    assert "4 files skipped" in err
    for name, reason in ((".DS_Store", "hidden file"), (".git", "hidden folder"),
                         ("readme.rst", "unsupported file type"),
                         ("sub/scan.pdf", "unsupported file type")):
        assert f"{folder / name}: {reason}" in err, (name, err)


def test_strict_makes_each_skipped_file_an_error_row(folder, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert score(str(folder), "-o", str(out), "--strict") == 1
    rows = list(read_rows(out))
    assert [(r["id"], r["status"]) for r in rows] == [
        (".DS_Store", "error"), (".git", "error"), ("a.txt", "ok"), ("readme.rst", "error"),
        ("sub/b.txt", "ok"), ("sub/scan.pdf", "error")]
    assert "skipped (--strict): unsupported file type" in rows[3]["error"]
    assert "files skipped" not in capsys.readouterr().err


def test_a_symlink_loop_is_read_once_and_reported(tmp_path):
    f = tmp_path / "loop"
    f.mkdir()
    (f / "a.txt").write_text(WIRE, encoding="utf-8")
    (f / "again").symlink_to(f, target_is_directory=True)
    (f / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    skipped = []
    docs = list(read_inputs([str(f)], on_skip=lambda p, r: skipped.append((p.name, r))))
    assert [d.id for d in docs] == ["a.txt"]
    assert ("again", "folder already read (reached again through a symbolic link)") in skipped
    assert ("dangling.txt", "broken symbolic link") in skipped


# ------------------------------------------------------------------------- one bad file


def test_an_exception_while_reading_a_file_is_that_files_error_row(folder, monkeypatch):
    real = readers._read_text_file

    def flaky(path, *args):
        if path.name == "a.txt":
            raise ImportError("lxml.html.clean module is now a separate project")
        return real(path, *args)

    monkeypatch.setattr(readers, "_read_text_file", flaky)
    docs = list(read_inputs([str(folder)]))
    assert [d.id for d in docs] == ["a.txt", "sub/b.txt"]
    assert "ImportError: lxml.html.clean" in docs[0].error and docs[1].error is None


def test_a_row_file_that_breaks_keeps_its_rows_and_adds_one_error_row(tmp_path, monkeypatch):
    src = tmp_path / "rows.csv"
    src.write_text("id,text\nr1,one\nr2,two\n", encoding="utf-8")

    def broken(*args):
        yield readers.Document(id="r1", text="one")
        raise RuntimeError("decoder exploded")

    monkeypatch.setattr(readers, "_read_csv", broken)
    docs = list(read_inputs([str(src)]))
    assert [d.id for d in docs] == ["r1", "rows.csv:unreadable"]
    assert "cannot read the rest of the file: RuntimeError: decoder exploded" in docs[1].error


def test_a_row_file_without_the_text_field(tmp_path):
    f = tmp_path / "dump"
    f.mkdir()
    (f / "a.jsonl").write_text('{"id": "1", "body": "x"}\n', encoding="utf-8")
    (f / "b.txt").write_text(WIRE, encoding="utf-8")
    with pytest.raises(FieldError):  # named directly: the options are wrong, a usage error
        list(read_inputs([str(f / "a.jsonl")]))
    docs = list(read_inputs([str(f)]))  # in a folder: its error row, the rest is read
    assert [d.id for d in docs] == ["a.jsonl", "b.txt"]
    assert "--text-field" in docs[0].error and docs[1].error is None


def test_html_without_a_working_trafilatura_is_an_error_row(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_trafilatura(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")
        return real_import(name, *args, **kwargs)

    (tmp_path / "a.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(WIRE, encoding="utf-8")
    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    docs = list(read_inputs([str(tmp_path)]))
    assert [d.id for d in docs] == ["a.html", "b.txt"]
    assert "trafilatura failed to import" in docs[0].error and "lxml_html_clean" in docs[0].error


# ------------------------------------------------------------------------- resume summary


def test_the_summary_after_a_resume_describes_the_whole_output(tmp_path, capsys, monkeypatch):
    src = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": WIRE}) for i in range(10)]
    lines[2] = '{"id": "broken'  # an error row in the part that is kept
    lines[7] = json.dumps({"id": "d7", "text": "too short"})
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "scores.jsonl"
    import framing.cli.score as score_cli

    real = score_cli.score_stream

    def interrupted(*args, **kwargs):
        for n, row in enumerate(real(*args, **kwargs)):
            if n == 5:
                raise KeyboardInterrupt
            yield row

    monkeypatch.setattr(score_cli, "score_stream", interrupted)
    assert score(str(src), "-o", str(out)) == 130
    assert len(partial_path(out).read_text(encoding="utf-8").splitlines()) == 5
    capsys.readouterr()
    monkeypatch.setattr(score_cli, "score_stream", real)
    code = score(str(src), "-o", str(out), "--resume")
    err = capsys.readouterr().err
    rows = list(read_rows(out))
    statuses = [r["status"] for r in rows]
    assert len(rows) == 10
    assert code == 1  # the kept part holds an error row: the output has a failed document
    expected = (f"10 documents read: {statuses.count('ok')} scored, "
                f"{statuses.count('abstained')} abstained, {statuses.count('error')} failed; "
                "5 of them in this run")
    assert expected in err, err
    assert statuses.count("error") == 1 and statuses.count("abstained") == 1
    labels = [r["label"] for r in rows if r["label"]]
    assert f"labels: wire {labels.count('wire')}" in err and labels.count("wire") == 8
    assert "resumed: 5 rows kept" in err and "1 documents failed" in err


# ------------------------------------------------------------------------- progress bar


def _framing_cli() -> list[str]:
    script = shutil.which("framing", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    return [sys.executable, "-c", "import sys; from framing.cli import main; sys.exit(main())"]


def _run_in_pty(args: list[str], cols: int) -> str:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24 if cols else 0, cols, 0, 0))
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                            env={**os.environ, "PYTHONWARNINGS": "ignore", "COLUMNS": ""})
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        out += data
    proc.wait(timeout=60)
    os.close(master)
    return out.decode("utf-8", "replace")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal sizes")
@pytest.mark.parametrize("cols", [0, 120])
def test_progress_bar_under_a_pseudo_terminal(tmp_path, cols):
    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": WIRE}) + "\n" for i in range(3)),
                   encoding="utf-8")
    out = _run_in_pty([*_framing_cli(), "score", "-j", "1", str(src), "-o",
                       str(tmp_path / "o.jsonl")], cols)
    assert "3 documents read" in out, out
    bars = [seg for seg in out.replace("\r\n", "\r").split("\r") if seg.startswith("scoring:")]
    assert bars and "3/3" in bars[-1], out  # the bar is drawn, up to the last document
    width = cols or 80
    assert max(len(b.rstrip()) for b in bars) <= width
    assert max(len(b.rstrip()) for b in bars) >= width - 10  # a bar, not just the counter


def test_terminal_size_of_a_stream_without_a_terminal():
    from framing.cli.score import _terminal_size

    assert _terminal_size(io.StringIO()) == (0, 0)
