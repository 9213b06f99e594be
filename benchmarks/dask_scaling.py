"""Dask scaling: the same input scored locally with ``-j 2`` and on a LocalCluster of 1 and 2
worker processes (``framing score --dask local -j N``), all as subprocesses of the installed
console script.

Input: the first 2,000 rows of the shared training corpus written 10 times (ids made unique),
20,000 documents, as JSONL (``throughput_e2e.write_rows``). Each run writes Parquet (a file
locally, a dataset folder on Dask); the outputs are checked to hold the same rows (ids,
statuses, labels, probabilities).

Figures printed: documents/s over the whole command (start-up, model loading and cluster
start included) and as the command's own summary reports it; the overhead of Dask with 2
workers against ``-j 2`` (aim: within 15 %); documents/s per worker core; the peak memory of
each worker process (PSS, sampled every 50 ms from /proc) and of the command's own process.

The overhead is the median of ``--rounds`` rounds (default 3), each a local and a Dask run back
to back, the order alternated: on a shared machine one run alone can be off by 30 % either way.

    python benchmarks/dask_scaling.py [--rows 2000] [--repeat 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput_e2e import CORPUS, _pss_kb, _tree, framing_script, write_rows  # noqa: E402

AIM_OVERHEAD = 0.15


class PerProcessMemory(threading.Thread):
    """Peak PSS of each process in the tree under ``pid`` (sampled)."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb: dict[int, int] = {}
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            for p in _tree(self.pid):
                kb = _pss_kb(p)
                if kb > self.peak_kb.get(p, 0):
                    self.peak_kb[p] = kb
            self._stop_event.wait(self.interval)

    def stop(self) -> dict[int, float]:
        self._stop_event.set()
        self.join()
        return {p: kb / 1024 for p, kb in self.peak_kb.items()}


_RATE = re.compile(r"in ([\d.]+) s \(([\d.]+) documents/s\)")


def run(input_path: Path, out: Path, extra: list[str]) -> dict:
    cmd = [framing_script(), "score", str(input_path), "-o", str(out), "-q", *extra]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = PerProcessMemory(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    peaks = sampler.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    m = _RATE.search(err)
    main_mb = peaks.pop(proc.pid, 0.0)
    # worker processes: the command's children that load the model (tens of MB of helper
    # processes, e.g. multiprocessing's resource tracker, are left out)
    workers = sorted((mb for mb in peaks.values() if mb > 30), reverse=True)
    return {"cmd": " ".join(cmd[1:]), "seconds": seconds, "run_seconds": float(m.group(1)),
            "main_mb": main_mb, "worker_mb": workers, "stderr": err}


def read_rows(out: Path) -> list[tuple]:
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    if out.is_dir():
        files = sorted(str(p) for p in out.glob("part.*.parquet"))
        table = ds.dataset(files, format="parquet").to_table()
    else:
        table = pq.read_table(out)
    cols = ["id", "status", "label", "p_wire", "p_state", "p_partisan"]
    return list(zip(*(table.column(c).to_pylist() for c in cols)))


def same_rows(a: list[tuple], b: list[tuple]) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x[:3] != y[:3]:
            return False
        for p, q in zip(x[3:], y[3:]):
            if (p is None) != (q is None) or (p is not None and not math.isclose(p, q,
                                                                            abs_tol=1e-9)):
                return False
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3,
                    help="local -j 2 and Dask 2 workers run this many times, alternating which goes "
                    "first; the median round's overhead is the figure")
    args = ap.parse_args()
    if not CORPUS.is_file():
        raise SystemExit(f"{CORPUS} not found (the shared training corpus)")
    with tempfile.TemporaryDirectory(prefix="framing-dask-") as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / "input.jsonl"
        n = write_rows(src, args.rows, args.repeat)
        print(f"input: {n:,} documents ({src.stat().st_size / 1e6:.0f} MB JSONL), "
              f"{os.cpu_count()} cores")
        local_args = ["-j", "2"]
        dask2_args = ["--dask", "local", "-j", "2"]
        # the overhead is measured in rounds, the two runs of a round back to back and their order
        # alternated (local first, then Dask first, ...): on a shared machine a load spike then
        # hits one round, not one side of every comparison; the median round is the figure
        rounds = []
        for k in range(args.rounds):
            pair = {}
            order = (("local", local_args), ("dask2", dask2_args))
            for name, extra in (order if k % 2 == 0 else order[::-1]):
                pair[name] = run(src, tmp_path / f"{name}-{k}.parquet", extra)
            rounds.append(pair)
            print(f"round {k + 1}: local -j 2 {n / pair['local']['seconds']:.1f}, Dask 2 workers "
                  f"{n / pair['dask2']['seconds']:.1f} documents/s (overhead "
                  f"{pair['dask2']['seconds'] / pair['local']['seconds'] - 1:+.1%})",
                  flush=True)
        d1run = run(src, tmp_path / "dask1.parquet", ["--dask", "local", "-j", "1"])
        reference = read_rows(tmp_path / "local-0.parquet")
        equal = all(same_rows(reference, read_rows(tmp_path / name)) for name in
                    ["dask1.parquet"] + [f"{nm}-{k}.parquet" for k in range(args.rounds)
                                         for nm in ("local", "dask2")])
    mid = sorted(range(args.rounds),
                 key=lambda k: rounds[k]["dask2"]["seconds"] / rounds[k]["local"]["seconds"])
    median = rounds[mid[len(mid) // 2]]
    runs = {"local -j 2": median["local"], "dask, 1 worker": d1run, "dask, 2 workers": median["dask2"]}
    for name, r in runs.items():
        workers = ", ".join(f"{mb:.0f}" for mb in r["worker_mb"]) or "-"
        print(f"{name:16s} {n / r['seconds']:6.1f} documents/s whole command "
              f"({r['seconds']:.1f} s), {n / r['run_seconds']:6.1f} documents/s as the summary "
              f"reports it; peak PSS: command {r['main_mb']:.0f} MB, workers {workers} MB")
    d1 = n / d1run["seconds"]
    d2 = n / median["dask2"]["seconds"]
    overheads = sorted(r["dask2"]["seconds"] / r["local"]["seconds"] - 1 for r in rounds)
    overhead = median["dask2"]["seconds"] / median["local"]["seconds"] - 1
    print(f"same rows as local (ids, statuses, labels, probabilities to 1e-9): {equal}")
    print(f"scaling 1 -> 2 workers: {d2 / d1:.2f}x; per worker core: {d1:.0f} documents/s "
          f"(1 worker), {d2 / 2:.0f} (2 workers)")
    print(f"overhead per round: {', '.join(f'{o:+.1%}' for o in overheads)}")
    print(f"Dask overhead at 2 workers against -j 2 (median of {args.rounds} rounds): "
          f"{overhead:+.1%} of the time (aim within {AIM_OVERHEAD:.0%}: "
          f"{'met' if overhead <= AIM_OVERHEAD else 'not met'})")

if __name__ == "__main__":
    main()
