"""End-to-end throughput and memory of the installed ``framing score`` console script.

Runs ``framing score`` as a subprocess on the first 2,000 rows of the shared training corpus
with ``-j 2``, then on 20,000 rows (the same rows repeated, ids made unique) to check that
peak memory stays flat as the corpus grows, and times the naive reference pipeline (VADER on
every sentence + textstat Flesch on the whole text + regex quote counting) on the same texts.

Memory is the peak, over the run, of the summed PSS (proportional set size) of the whole
process tree (the CLI and its workers), sampled from /proc every 50 ms. PSS splits pages that
forked workers share with their parent, so the sum is what the run really costs; summed RSS
would count the shared model and libraries once per process. The peak RSS of the largest single
process (``getrusage(RUSAGE_CHILDREN)``) is printed too.

Then the per-stage table of :mod:`stages` (ms per document in one process: read, language,
tokenise, extractors, features, style, model, explanation, write).

Aims (issue 20): >= 550 documents/s end to end on 2 cores and >= 4x the naive reference timed
in the same run; peak memory < 400 MB for 20,000 documents and the same peak for 2,000 and
20,000.

``--check`` also scores the same 2,000 articles with the code of ``CHECK_COMMIT`` (the code path
before issue 20, or ``--check-commit``'s, unpacked with ``git archive`` into a temporary folder and run with ``-j 2``) and
compares the two outputs row by row: every column equal, floats to 1e-9. It prints the rows
that differ and exits 1 if any does.

    python benchmarks/throughput_e2e.py [--rows 2000] [--repeat 10] [--jobs 2] [--skip-large]
                                        [--check] [--no-stages]

``benchmarks/throughput.py`` calls :func:`run_e2e` and prints its lines after its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from naive import CORPUS, REPO, naive_reference  # noqa: E402

# the code path before issue 20 (main when issue 20 merged it; 3f2628c, where issue 20 began,
# words its reasons the older way): rows must stay the same. --check-commit picks another.
CHECK_COMMIT = "909b840"
CHECK_TOLERANCE = 1e-9
AIM_RATE = 550.0  # documents per second end to end, -j 2
AIM_SPEEDUP = 4.0  # times the naive reference
AIM_PEAK_MB = 400.0  # for 20,000 documents
FLAT_TOLERANCE = 1.15  # "the same peak": within 15 %


def write_rows(dest: Path, rows: int, repeat: int = 1, corpus: Path = CORPUS) -> int:
    """Write the first ``rows`` corpus rows, ``repeat`` times (ids suffixed ``#k`` after the
    first copy so they stay unique) to ``dest``; returns the number of rows written."""
    head: list[str] = []
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                head.append(line)
            if len(head) == rows:
                break
    n = 0
    with open(dest, "w", encoding="utf-8") as out:
        for k in range(repeat):
            for line in head:
                if k:
                    obj = json.loads(line)
                    obj["id"] = f"{obj.get('id')}#{k}"
                    line = json.dumps(obj, ensure_ascii=False) + "\n"
                out.write(line)
                n += 1
    return n


# --------------------------------------------------------------------- memory sampling


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return pids


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:  # no smaps_rollup: fall back to RSS
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return 0


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and its descendants; ``peak_mb`` when done."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self.peak_by_pid: dict[int, int] = {}  # each process's own peak PSS
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            sizes = {p: _pss_kb(p) for p in _tree(self.pid)}
            for p, kb in sizes.items():
                self.peak_by_pid[p] = max(self.peak_by_pid.get(p, 0), kb)
            self.peak_kb = max(self.peak_kb, sum(sizes.values()))
            self._stop_event.wait(self.interval)

    def worker_peak_mb(self) -> float:
        """The largest peak PSS of a process other than the command itself (a worker)."""
        return max((kb for p, kb in self.peak_by_pid.items() if p != self.pid), default=0) / 1024

    def command_peak_mb(self) -> float:
        return self.peak_by_pid.get(self.pid, 0) / 1024

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return self.peak_kb / 1024


# --------------------------------------------------------------------- runs


def framing_script() -> str:
    found = shutil.which("framing", path=str(Path(sys.executable).parent)) or shutil.which(
        "framing"
    )
    if not found:
        raise SystemExit("the framing console script is not installed (pip install -e .)")
    return found


def run_score(input_path: Path, *, jobs: int = 2, out_dir: Path | None = None,
              keep: bool = False, cmd: list[str] | None = None, cwd: Path | None = None) -> dict:
    """Time ``framing score INPUT -o OUT.jsonl -j JOBS -q``; rate, peak memory, row count
    (and the output's path as ``output`` when ``keep``). ``cmd``: how to run ``framing``."""
    out_dir = out_dir or input_path.parent
    out = out_dir / f"{input_path.stem}.scores.jsonl"
    cmd = [*(cmd or [framing_script()]), "score", str(input_path), "-o", str(out), "-j",
           str(jobs), "-q"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            cwd=cwd)
    sampler = TreeMemory(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    peak_mb = sampler.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"framing score failed ({proc.returncode}):\n{err}")
    with open(out, encoding="utf-8") as fh:
        rows = sum(1 for line in fh if line.strip())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of the command and its workers (a waited-for process's children count in):
    # unlike the wall clock, hardly moved by other jobs on a shared machine
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    max_rss_mb = after.ru_maxrss / 1024
    if not keep:
        out.unlink()
    return {
        "output": out if keep else None,
        "rows": rows,
        "seconds": seconds,
        "rate": rows / seconds,
        "cpu_seconds": cpu,
        "cpu_rate": rows / cpu if cpu > 0 else float("nan"),
        "peak_mb": peak_mb,
        "worker_peak_mb": sampler.worker_peak_mb(),
        "command_peak_mb": sampler.command_peak_mb(),
        "max_process_rss_mb": max_rss_mb,
        "stderr": err,
    }


def naive_reference_rate(input_path: Path, limit: int | None = None) -> tuple[float, float]:
    """Documents per second (wall clock) and per CPU-second of the naive reference pipeline,
    one process."""
    texts = []
    with open(input_path, encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line).get("text") or "")
            if limit and len(texts) >= limit:
                break
    naive_reference(texts[0] if texts else "")  # load VADER and the syllable tables first
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        naive_reference(text)
    return (len(texts) / (time.perf_counter() - start),
            len(texts) / max(time.process_time() - cpu, 1e-9))


# --------------------------------------------------------------------- --check


def old_code(dest: Path, commit: str = CHECK_COMMIT) -> list[str]:
    """Unpack ``commit``'s tree into ``dest``; the command that runs its ``framing``."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    # the unpacked package first on sys.path: it wins over the installed (editable) one
    return [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); "
            "from framing.cli.main import main; sys.exit(main())", str(dest)]


def differences(old, new, where: str = "") -> list[str]:
    """Where ``new`` differs from ``old``: floats beyond CHECK_TOLERANCE, anything else at all
    (the rule of tests/test_golden.py)."""
    if isinstance(old, bool) or isinstance(new, bool):
        return [] if old is new else [f"{where}: {old!r} -> {new!r}"]
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        if isinstance(old, float) or isinstance(new, float):
            same = abs(old - new) <= CHECK_TOLERANCE
        else:
            same = old == new
        return [] if same else [f"{where}: {old!r} -> {new!r}"]
    if isinstance(old, dict) and isinstance(new, dict):
        out = [f"{where}.{k}: missing" for k in old.keys() - new.keys()]
        out += [f"{where}.{k}: new column" for k in new.keys() - old.keys()]
        for k in sorted(old.keys() & new.keys()):
            out += differences(old[k], new[k], f"{where}.{k}")
        return out
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return [f"{where}: {len(old)} items -> {len(new)}"]
        return [d for i, (a, b) in enumerate(zip(old, new))
                for d in differences(a, b, f"{where}[{i}]")]
    return [] if old == new and type(old) is type(new) else [f"{where}: {old!r} -> {new!r}"]


def compare_outputs(old: Path, new: Path) -> tuple[int, int, list[str]]:
    """(rows compared, rows that differ, the first differences)."""
    with open(old, encoding="utf-8") as a, open(new, encoding="utf-8") as b:
        olds = [json.loads(line) for line in a if line.strip()]
        news = [json.loads(line) for line in b if line.strip()]
    found: list[str] = []
    bad = 0
    if len(olds) != len(news):
        return max(len(olds), len(news)), max(len(olds), len(news)), [
            f"{len(olds)} rows before, {len(news)} now"]
    for o, n in zip(olds, news):
        d = differences(o, n, f"row {o.get('id')!r}")
        if d:
            bad += 1
            found.extend(d[:5])
    return len(olds), bad, found


def run_e2e(rows: int = 2000, repeat: int = 10, jobs: int = 2, large: bool = True,
            check: bool = False, stages: bool = True, check_commit: str = CHECK_COMMIT
            ) -> list[str]:
    """Run the benchmark; returns the lines it prints (one figure each)."""
    lines: list[str] = []
    check_failed: list[int] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    with tempfile.TemporaryDirectory(prefix="framing-bench-") as tmp:
        small = Path(tmp) / f"rows{rows}.jsonl"
        n_small = write_rows(small, rows)
        r_small = run_score(small, jobs=jobs, keep=check)
        say(
            f"e2e framing score -j {jobs}, {r_small['rows']} docs: {r_small['rate']:.0f} documents/s "
            f"({r_small['seconds']:.1f} s), peak memory {r_small['peak_mb']:.0f} MB "
            f"(command {r_small['command_peak_mb']:.0f} MB, largest worker "
            f"{r_small['worker_peak_mb']:.0f} MB PSS; largest process "
            f"{r_small['max_process_rss_mb']:.0f} MB RSS); "
            f"{r_small['cpu_rate']:.0f} documents per CPU-second (all processes, start-up included)"
        )
        assert r_small["rows"] == n_small, "row count differs from input documents"
        naive, naive_cpu = naive_reference_rate(small)
        say(
            f"naive reference (VADER per sentence + textstat + regex quotes), 1 process: "
            f"{naive:.0f} documents/s, {naive_cpu:.0f} per CPU-second"
        )
        say(f"per CPU-second, framing score against the naive reference: "
            f"{r_small['cpu_rate'] / naive_cpu:.2f}x (machine load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        if check:
            old_dir = Path(tmp) / "old"
            r_old = run_score(small, jobs=jobs, out_dir=old_dir, keep=True,
                              cmd=old_code(old_dir, check_commit), cwd=old_dir)
            say(f"e2e framing score -j {jobs} at {check_commit} (--check), {r_old['rows']} "
                f"docs: {r_old['rate']:.0f} documents/s ({r_old['seconds']:.1f} s), "
                f"{r_old['cpu_rate']:.0f} per CPU-second")
            n, bad, found = compare_outputs(r_old["output"], r_small["output"])
            say(f"--check: {n} rows compared with {check_commit}: "
                + ("identical (floats to 1e-9)" if not bad else f"{bad} rows DIFFER"))
            for line in found[:20]:
                say(f"  {line}")
            if bad:
                check_failed.append(bad)
        speedup = r_small["rate"] / naive
        say(
            f"e2e speed-up over the naive reference: {speedup:.1f}x "
            f"(aim >= {AIM_SPEEDUP:.0f}x: {'met' if speedup >= AIM_SPEEDUP else 'NOT met'})"
        )
        say(
            f"e2e rate aim >= {AIM_RATE:.0f} documents/s: "
            f"{'met' if r_small['rate'] >= AIM_RATE else 'NOT met'}"
        )
        if large:
            big = Path(tmp) / f"rows{rows * repeat}.jsonl"
            n_big = write_rows(big, rows, repeat)
            r_big = run_score(big, jobs=jobs)
            assert r_big["rows"] == n_big, "row count differs from input documents"
            ratio = r_big["peak_mb"] / r_small["peak_mb"]
            say(
                f"e2e framing score -j {jobs}, {r_big['rows']} docs: {r_big['rate']:.0f} documents/s "
                f"({r_big['seconds']:.1f} s, {r_big['cpu_rate']:.0f} per CPU-second), peak memory "
                f"{r_big['peak_mb']:.0f} MB (largest worker {r_big['worker_peak_mb']:.0f} MB) "
                f"(aim < {AIM_PEAK_MB:.0f} MB: {'met' if r_big['peak_mb'] < AIM_PEAK_MB else 'NOT met'})"
            )
            say(
                f"memory flatness: peak {r_big['rows']} / {r_small['rows']} docs = {ratio:.2f} "
                f"({'flat' if ratio <= FLAT_TOLERANCE else 'NOT flat'}, tolerance {FLAT_TOLERANCE})"
            )
    if stages:
        from stages import stage_times, table

        for line in table(*stage_times(CORPUS, rows=300)):
            say(line)
    if check_failed:
        raise SystemExit(1)
    return lines



def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=10, help="copies of the rows for the flatness run")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--skip-large", action="store_true", help="skip the 20,000-document run")
    p.add_argument("--check", action="store_true",
                   help=f"compare the rows with those of {CHECK_COMMIT} (exit 1 if any differs)")
    p.add_argument("--check-commit", default=CHECK_COMMIT, metavar="COMMIT",
                   help=f"the commit --check compares with (default: {CHECK_COMMIT})")
    p.add_argument("--no-stages", action="store_true", help="skip the per-stage table")
    args = p.parse_args(argv)
    if not CORPUS.is_file():
        raise SystemExit(f"corpus not found: {CORPUS}")
    run_e2e(args.rows, args.repeat, args.jobs, large=not args.skip_large, check=args.check,
            stages=not args.no_stages, check_commit=args.check_commit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
