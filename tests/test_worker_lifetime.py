"""A worker never outlives its run: ``framing score -j 2`` killed outright (``kill -9``, as the
OOM killer does) leaves no worker process behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(),
                                reason="reads the process tree from /proc (Linux)")

# invented: a wire story about a ferry terminal, long enough to be judged
TEXT = (
    "LISBON, June 4 (Reuters) - Portugal's port authority said on Wednesday that a new ferry "
    "terminal in the harbour would open in August, officials said. \"We expect the first ships "
    "before the summer ends,\" Ana Ribeiro, a spokeswoman for the authority, told reporters. The "
    "project cost 85 million euros, the ministry said in a statement. A contractor said work was "
    "on schedule, while two residents said the area had waited years for it. "
)


def children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found.update(int(c) for c in fh.read().split())
    except OSError:
        pass
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for its (new) parent to reap it."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def framing_command() -> list[str]:
    script = shutil.which("framing", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "framing.cli.main"]


def start_run(tmp_path: Path, n: int = 4000) -> tuple[subprocess.Popen, Path]:
    src = tmp_path / "many.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"d{i}", "text": f"{TEXT * 3} Story {i}."}) + "\n")
    out = tmp_path / "scores.jsonl"
    proc = subprocess.Popen([*framing_command(), "score", "-q", "-j", "2", str(src), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return proc, out


def wait_for_workers(proc: subprocess.Popen, partial: Path, timeout: float = 60.0) -> set[int]:
    """The run's worker processes, once they have written rows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = {p for p in children(proc.pid) if alive(p)}
        if len(workers) >= 2 and partial.exists() and partial.stat().st_size > 0:
            return workers
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it could be killed: {proc.stderr.read().decode()}")
        time.sleep(0.05)
    proc.kill()
    pytest.fail("no two workers scoring within a minute")


def gone_within(pids: set[int], seconds: float) -> set[int]:
    """The pids still alive after ``seconds``."""
    deadline = time.monotonic() + seconds
    left = set(pids)
    while left and time.monotonic() < deadline:
        left = {p for p in left if alive(p)}
        time.sleep(0.05)
    return left


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_their_parent(tmp_path, sig):
    proc, out = start_run(tmp_path)
    partial = out.with_name(out.name + ".partial")
    workers = wait_for_workers(proc, partial)
    try:
        os.kill(proc.pid, sig)
        proc.wait(timeout=30)
        left = gone_within(workers, 5.0)
        assert not left, f"worker processes {sorted(left)} outlived their parent ({sig.name})"
        assert not out.exists()  # the run did not complete: no output, only its journal
        assert partial.exists() and partial.read_text(encoding="utf-8").strip()
    finally:
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.stderr.close()
