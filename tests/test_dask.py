"""Scoring on Dask (issue 15): the same rows as ``framing score``, and no document lost when a
worker dies. One LocalCluster of 2 worker processes (1 thread each) serves the module; the
corpus is a few short texts written here."""

from __future__ import annotations

import json
import math
import os
import signal
import time
from pathlib import Path

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.dataset as pads  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import framing.dask as fdask  # noqa: E402
from framing import schema  # noqa: E402
from framing.cli import main  # noqa: E402

WIRE = (
    "GENEVA, May 4 (Reuters) - Negotiators met again on Monday, officials said. \"We are making "
    "progress,\" a diplomat told Reuters. The ministry declined to comment, a spokesman said. "
    "According to two people familiar with the talks, a draft could be ready by Friday."
)
PARTISAN = (
    "The radical left's disastrous scheme is a shameless power grab. Only a fool would believe "
    "these corrupt elites, who have betrayed every hard-working American family. We will not "
    "be silenced! Why do they hate you so much?"
)
STATE = (
    "The great leader inspected the glorious new fertiliser plant on Tuesday and praised the "
    "heroic workers, who overfulfilled the plan. The puppet regime and its imperialist masters "
    "in Washington, Seoul and Tokyo tremble before the unity of the people, KCNA reported."
)
RU = (
    "Президент России заявил в понедельник, что переговоры продолжатся. "
    "«Мы готовы к диалогу», — сказал министр иностранных дел журналистам в Женеве."
)
TEXTS = [WIRE, PARTISAN, STATE, RU, "", "   ", "Short one.", WIRE + "\n\n" + PARTISAN]


def corpus(n: int = 24) -> list[dict]:
    rows = []
    for i in range(n):
        rows.append({"id": f"doc-{i:03d}", "outlet": f"outlet-{i % 3}",
                     "text": TEXTS[i % len(TEXTS)], "title": f"Title {i}", "year": 2000 + i,
                     "label": "given",  # clashes with an output column: input_label
                     "tags": ["t", f"u{i}"]})  # nested: a JSON string in the output
    rows[5]["id"] = "doc-001"  # a repeated id: flagged duplicate_id, as locally
    rows[7]["id"] = None  # no id: the reader's fallback id
    return rows


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address="127.0.0.1:0",
                                       scheduler_kwargs={"dashboard": False})
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def write_jsonl(path: Path, rows: list[dict], *, bad_line: bool = False) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i, row in enumerate(rows):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            if bad_line and i == 3:
                fh.write('{"id": "broken", "text": \n')  # malformed: an error row
    return path


def local_table(tmp_path: Path, *inputs: str, name: str = "local") -> pa.Table:
    out = tmp_path / f"{name}.parquet"
    code = main(["score", "-q", "-j", "1", *inputs, "-o", str(out)])
    assert code in (0, 1)
    return pq.read_table(out)


def dataset_table(path: Path) -> pa.Table:
    files = sorted(str(p) for p in path.glob("part.*.parquet"))
    return pads.dataset(files, format="parquet").to_table()


def assert_same_rows(local: list[dict], other: list[dict], *, skip=("source",)) -> None:
    """Row for row: ids, statuses, labels, probabilities to 1e-9, features, evidence."""
    assert len(local) == len(other)
    for a, b in zip(local, other):
        assert a["id"] == b["id"]
        for key in a:
            if key in skip:
                continue
            va, vb = a[key], b[key]
            if key in schema.JSON_COLUMNS and va is not None:
                assert json.loads(va) == json.loads(vb), (a["id"], key)
            elif isinstance(va, float) and isinstance(vb, float):
                assert math.isclose(va, vb, rel_tol=0, abs_tol=1e-9), (a["id"], key, va, vb)
            else:
                assert va == vb, (a["id"], key, va, vb)


def test_library_equals_framing_score(tmp_path, client):
    rows = corpus()
    local = local_table(tmp_path, str(write_jsonl(tmp_path / "c.jsonl", rows))).to_pylist()
    import dask

    # made without Dask's string conversion, nested values (tags) stay lists: JSON, as locally
    with dask.config.set({"dataframe.convert-string": False}):
        frame = dd.from_pandas(pd.DataFrame(rows), npartitions=3)
    with client.as_current():
        scored = fdask.score(frame)
        out = client.compute(scored).result()
    assert list(out.columns) == list(local[0])
    assert list(out.columns)[: len(fdask.get_scorer().columns())] == fdask.get_scorer().columns()
    got = pa.Table.from_pandas(out, preserve_index=False).to_pylist()
    # the library names rows by partition (no file), the CLI by file and line
    assert got[7]["id"] == "partition 0:row 8" and got[7]["source"] == "partition 0:row 8"
    for r in (local[7], got[7]):
        r["id"] = r["source"] = None
    # a frame in memory has no file, so no encoding was detected
    assert {r["encoding"] for r in got} == {None}
    assert_same_rows(local, got, skip=("source", "encoding"))
    assert [r["duplicate_id"] for r in got].count(True) == 1 and got[5]["duplicate_id"]
    assert {r["status"] for r in got} == {"ok", "abstained"}
    assert got[0]["input_label"] == "given" and got[0]["year"] == 2000
    # the model was loaded once per worker: one cached Scorer in each worker process
    counts = client.run(lambda: len(__import__("framing.pipeline", fromlist=["x"])._SCORERS))
    assert set(counts.values()) <= {0, 1}


def test_cli_dask_equals_local(tmp_path, client, monkeypatch, capsys):
    rows = corpus(30)
    jsonl = write_jsonl(tmp_path / "a.jsonl", rows[:20], bad_line=True)
    folder = tmp_path / "ds"  # a Parquet dataset: a folder of part files
    folder.mkdir()
    frame = pd.DataFrame(rows[20:])
    pq.write_table(pa.Table.from_pandas(frame.iloc[:6], preserve_index=False),
                   folder / "part-0.parquet", row_group_size=4)
    pq.write_table(pa.Table.from_pandas(frame.iloc[6:], preserve_index=False),
                   folder / "part-1.parquet")
    local = local_table(tmp_path, str(jsonl), str(folder))
    capsys.readouterr()
    # small partitions: JSONL split on line ends, Parquet row groups sliced
    monkeypatch.setenv("FRAMING_DASK_PARTITION_BYTES", "700")
    monkeypatch.setenv("FRAMING_DASK_PARTITION_ROWS", "3")
    out = tmp_path / "dask.parquet"
    code = main(["score", "-q", str(tmp_path / "a.json*"), str(folder), "-o", str(out),
                 "--dask", client.scheduler.address])
    err = capsys.readouterr().err
    assert code == 1  # the malformed line is an error row, as locally
    parts = sorted(out.glob("part.*.parquet"))
    assert len(parts) > 5
    got = dataset_table(out)
    assert got.schema == local.schema
    assert got.to_pylist() == local.to_pylist()  # every column, sources and errors included
    assert "31 documents read: " in err and "1 failed" in err
    assert "1 rows repeat an earlier id" in err

    # the report reads the dataset folder: every row when it is small, a sample when large
    from framing.report.reader import dataset_note, read_scores

    assert [r["id"] for r in read_scores(out)] == [r["id"] for r in local.to_pylist()]
    sample = read_scores(out, max_rows=5)
    sources = [r["source"] for r in local.to_pylist()]
    assert [sources.index(r["source"]) for r in sample] == [0, 6, 12, 18, 24]
    assert "a sample of 5 of 31 documents" in dataset_note(out, max_rows=5)
    assert dataset_note(out) is None
    html = tmp_path / "report.html"
    assert main(["report", str(out), "-o", str(html)]) == 0
    assert "doc-029" in html.read_text(encoding="utf-8")


def test_cli_dask_usage_errors(tmp_path, capsys):
    src = write_jsonl(tmp_path / "a.jsonl", corpus(8))
    assert main(["score", str(src), "-o", str(tmp_path / "x.jsonl"), "--dask", "local"]) == 2
    assert "Parquet dataset" in capsys.readouterr().err
    assert main(["score", "-", "-o", str(tmp_path / "x.parquet"), "--dask", "local"]) == 2
    assert main(["score", str(tmp_path / "nothing*.jsonl"), "-o", str(tmp_path / "x.parquet"),
                 "--dask", "local"]) == 2


def test_worker_killed_mid_run_loses_no_document(client):
    rows = [{"id": f"k-{i:04d}", "text": TEXTS[i % 4] + f" Item {i}."} for i in range(240)]
    frame = dd.from_pandas(pd.DataFrame(rows), npartitions=12)
    expected = [fdask.get_scorer().score(fdask.Document(id=r["id"], text=r["text"]))
                for r in rows]
    with client.as_current():
        scored = fdask.score(frame)
    futures = client.compute(scored.to_delayed())
    pids = client.run(os.getpid)
    deadline = time.monotonic() + 120
    victim = None
    while victim is None and time.monotonic() < deadline:
        busy = [w for w, keys in client.processing().items() if keys]
        if any(f.done() for f in futures) and busy:
            victim = busy[0]
        else:
            time.sleep(0.05)
    assert victim is not None, "no worker was busy"
    assert not all(f.done() for f in futures)
    os.kill(pids[victim], signal.SIGKILL)
    parts = client.gather(futures)
    got = pd.concat(parts)
    assert got["id"].tolist() == [r["id"] for r in rows]  # every document, in order
    for exp, (_, row) in zip(expected, got.iterrows()):
        assert row["status"] == exp["status"]
        assert (row["label"] if row["label"] is not pd.NA else None) == exp["label"]
        for lab in schema.LABELS:
            if exp[f"p_{lab}"] is not None:
                assert abs(row[f"p_{lab}"] - exp[f"p_{lab}"]) <= 1e-9
    # the nanny restarted the killed worker: two workers again, one with a new process
    deadline = time.monotonic() + 60
    while len(client.scheduler_info()["workers"]) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert pids[victim] not in client.run(os.getpid).values()


POISON = "POISON-PILL"


class _Poison(distributed.WorkerPlugin):
    """Makes a worker process die on a document that holds POISON (as a crash in a compiled
    library would); applied again to every restarted worker."""

    def setup(self, worker):
        import framing.pipeline as core  # the scoring core every engine calls

        original = core.score_document

        def score_document(scorer, doc):
            if isinstance(doc.text, str) and POISON in doc.text:
                os._exit(1)
            return original(scorer, doc)

        core.score_document = score_document


def test_cli_dask_document_that_kills_workers_becomes_an_error_row(tmp_path, monkeypatch,
                                                                    capsys):
    import subprocess
    import sys

    import cloudpickle
    import dask

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    rows = [{"id": f"p-{i}", "text": TEXTS[i % 4]} for i in range(6)]
    rows[4]["text"] = WIRE + " " + POISON
    src = write_jsonl(tmp_path / "p.jsonl", rows)
    local = local_table(tmp_path, str(src)).to_pylist()
    capsys.readouterr()
    monkeypatch.setenv("FRAMING_DASK_PARTITION_BYTES", "900")
    # Dask gives up on a task after the first worker it kills (default: 3), to keep this short
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address="127.0.0.1:0",
                                           scheduler_kwargs={"dashboard": False})
    out = tmp_path / "p.parquet"
    try:
        with distributed.Client(cluster) as c:
            c.register_plugin(_Poison())  # kept by the scheduler for every (re)started worker
        # the CLI in a process of its own, as a user runs it: the one client there
        proc = subprocess.run(
            [sys.executable, "-m", "framing.cli.main", "score", "-q", str(src), "-o", str(out),
             "--dask", cluster.scheduler_address],
            capture_output=True, text=True, timeout=600, env={**os.environ})
    finally:
        cluster.close()
    err = proc.stderr
    assert proc.returncode == 1, err
    got = dataset_table(out).to_pylist()
    assert [r["id"] for r in got] == [r["id"] for r in local]  # no partition lost
    assert got[4]["status"] == "error" and "worker process died" in got[4]["error"]
    assert got[:4] + got[5:] == local[:4] + local[5:]
    assert "1 failed" in err


def test_report_reads_dataset_parts_in_number_order(tmp_path):
    """Dask's to_parquet names parts part.0 ... part.10 (no padding): read in number order."""
    from framing.report.reader import read_scores

    folder = tmp_path / "scores.parquet"
    folder.mkdir()
    for i in range(12):
        pq.write_table(pa.table({"id": [f"d{i}"], "status": ["ok"]}),
                       folder / f"part.{i}.parquet")
    assert [r["id"] for r in read_scores(folder)] == [f"d{i}" for i in range(12)]


def test_report_of_a_large_dataset_counts_every_row_on_the_cluster(tmp_path, client,
                                                                   monkeypatch, capsys):
    """framing report FOLDER --dask: the corpus-level numbers are those of every row (as a
    report of the local output file, whole), the document view is a sample and says so."""
    from test_report import corpus_sections, data_block

    from framing.report.aggregate import dataset_stats
    from framing.report.build import build_html
    from framing.report.reader import read_scores

    rows = corpus(40)
    for i, r in enumerate(rows):  # outlets off the sample's grid
        r["outlet"] = f"outlet-{(i // 3) % 4}"
    src = write_jsonl(tmp_path / "c.jsonl", rows)
    local = tmp_path / "local.parquet"
    assert main(["score", "-q", "-j", "1", str(src), "-o", str(local)]) in (0, 1)
    monkeypatch.setenv("FRAMING_DASK_PARTITION_BYTES", "2000")
    out = tmp_path / "dask.parquet"
    assert main(["score", "-q", str(src), "-o", str(out), "--dask",
                 client.scheduler.address]) in (0, 1)
    assert len(list(out.glob("part.*.parquet"))) > 3
    capsys.readouterr()

    html_path = tmp_path / "report.html"
    assert main(["report", str(out), "-o", str(html_path), "--sample-rows", "7",
                 "--dask", client.scheduler.address]) == 0
    assert "a sample of 7 of 40 documents" in capsys.readouterr().err
    html = html_path.read_text(encoding="utf-8")
    full = corpus_sections(build_html(read_scores(local), full_text_limit=0))
    sample_rows = read_scores(out, max_rows=7)
    sample_only = corpus_sections(build_html(sample_rows, full_text_limit=0))
    got = corpus_sections(html)
    for name, section in full.items():
        assert got[name] == section, name
    assert full["labels"] != sample_only["labels"] and full["cards"] != sample_only["cards"]
    assert [d["id"] for d in data_block(html)["docs"]] == [r["id"] for r in sample_rows]
    assert "show a sample: 7 of the 40 documents" in html

    # the library call: the same counts as in-process, batch by batch
    a, b = fdask.report_stats(out, client), dataset_stats(out, batch_rows=5)
    assert (a.rows, a.status, a.terms, a.reasons, a.inputs) == (b.rows, b.status, b.terms,
                                                                b.reasons, b.inputs)


def test_local_cluster_workers_run_without_the_statistical_profiler():
    """--dask local: the workers do not sample the scoring thread every 10 ms for a dashboard
    nobody sees (part of the Dask overhead measured by benchmarks/dask_scaling.py)."""
    import dask

    from framing.dask import connect

    c = connect("local", 1)
    try:
        flags = c.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
        assert list(flags.values()) == [False]
    finally:
        c.close()
        c.cluster.close()
    assert dask.config.get("distributed.worker.profile.enabled") is True  # the caller's config


def test_cli_dask_pages_carry_their_metadata_as_locally(tmp_path, client, monkeypatch, capsys):
    """Issue 21: outlet, title, date, author and url come out of Dask runs as out of local ones,
    --outlet-from folder included."""
    import shutil

    pages = Path(__file__).resolve().parents[1] / "examples" / "saved-pages"
    root = tmp_path / "coverage"
    for name in ("northwire-tear-gas", "gpa-detentions", "harbour-daily-traders",
                 "free-varossa-voice-grandmothers"):
        (root / name.split("-")[0]).mkdir(parents=True, exist_ok=True)
        shutil.copy(pages / f"{name}.html", root / name.split("-")[0] / f"{name}.html")
    (root / "northwire" / "note.txt").write_text(WIRE, encoding="utf-8")
    local = tmp_path / "local.parquet"
    assert main(["score", "-q", "-j", "1", str(root), "--outlet-from", "folder",
                 "-o", str(local)]) == 0
    monkeypatch.setenv("FRAMING_DASK_PARTITION_ROWS", "2")
    out = tmp_path / "dask.parquet"
    assert main(["score", "-q", str(root), "--outlet-from", "folder", "-o", str(out),
                 "--dask", client.scheduler.address]) == 0
    capsys.readouterr()
    want, got = pq.read_table(local), dataset_table(out)
    assert got.schema == want.schema and got.to_pylist() == want.to_pylist()
    rows = {r["id"]: r for r in got.to_pylist()}
    assert rows["northwire/note.txt"]["outlet"] == "northwire"  # named by its folder
    # a page that names no site takes its folder's name before its domain
    assert rows["harbour/harbour-daily-traders.html"]["outlet"] == "harbour"
    assert all(r["title"] and r["date"] for k, r in rows.items() if k.endswith(".html"))
    assert {r["outlet"] for k, r in rows.items() if k.endswith(".html")} >= {"Global Press Agency"}
