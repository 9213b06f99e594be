"""The one place where documents are scored in parallel.

:func:`score_stream` maps the scoring core, :func:`framing.pipeline.score_batch`, over a stream
of documents in chunks, in-process or in worker processes, and yields rows in input order. The
same core runs under the other engines (Dask partitions, later Spark ``mapInPandas``).

Bounded memory: documents are read from the input iterator only as results come back; at most
``2 * jobs`` chunks of ``chunk`` documents are in flight. ``multiprocessing.Pool.imap`` is not
used because its feeder thread drains the whole input iterator up front.

``concurrent.futures.ProcessPoolExecutor`` is used rather than ``multiprocessing.Pool``: when a
worker dies (killed for memory, a crash in a C extension) it raises ``BrokenProcessPool``
instead of waiting forever for a result that will not come. The chunks in flight are then
scored again one document a process, so only the document that kills its process becomes an
error row, and the run goes on.

A worker never outlives its run. Ctrl-C and SIGTERM reach the parent, which stops its workers;
but a parent killed outright (``kill -9``, the OOM killer) runs no code. Each worker therefore
asks Linux to send it SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``), and watches
its parent's pid once a second as well (other systems, or a parent that dies between the fork
and the ``prctl``), leaving as soon as it is orphaned.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .document import Document
from .pipeline import died_row, score_batch

ScorerFactory = Callable[[], Any]

_worker_scorer: Any = None


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _pack(doc: Document) -> tuple:
    # Plain tuples pickle smaller and faster than dataclass instances.
    return (
        doc.id,
        doc.text,
        doc.source,
        doc.outlet,
        doc.meta,
        doc.encoding,
        doc.truncated,
        doc.error,
        doc.title,
        doc.date,
        doc.author,
        doc.url,
    )


def _unpack(t: tuple) -> Document:
    return Document(*t)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
ORPHAN_POLL_SECONDS = 1.0


def _die_with_parent(parent: int) -> None:
    """End this worker when process ``parent`` dies, however it dies."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc to ask: the watchdog below still works
            pass
    if os.getppid() != parent:  # the parent died before the prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="framing-orphan-watch", daemon=True).start()


def _init_worker(scorer_factory: ScorerFactory, parent: int | None = None) -> None:
    global _worker_scorer
    if parent is not None:
        _die_with_parent(parent)
    # Ctrl-C goes to the whole process group; the parent handles it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_scorer = scorer_factory()


def _score_chunk(packed: list[tuple]) -> list[dict[str, Any]]:
    return score_batch(_worker_scorer, [_unpack(t) for t in packed])


def _batched(items: Iterable[Document], n: int) -> Iterator[list[Document]]:
    it = iter(items)
    while batch := list(itertools.islice(it, n)):
        yield batch


def score_stream(
    docs: Iterable[Document],
    *,
    jobs: int,
    scorer_factory: ScorerFactory,
    chunk: int = 64,
) -> Iterator[dict[str, Any]]:
    """Yield one row per document of ``docs``, in input order.

    ``jobs=1`` scores in this process; ``jobs>1`` starts that many worker processes, each
    building its own scorer with ``scorer_factory()`` (a picklable, argument-free callable, e.g.
    a ``functools.partial``). An input that fits in one chunk is scored in-process: starting
    workers and loading the model in each costs more than it saves.
    """
    chunk = max(1, chunk)
    batches = _batched(docs, chunk)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if jobs <= 1 or second is None:
        scorer = scorer_factory()
        for batch in itertools.chain([first], [second] if second else [], batches):
            yield from score_batch(scorer, batch)
        return

    # fork where available: workers start fast and share the parent's imported modules.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    ctx = multiprocessing.get_context(method)

    def new_executor(workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                   initargs=(scorer_factory, os.getpid()))

    executor = new_executor(jobs)
    pending: deque[tuple[Future, list[tuple]]] = deque()
    clean = False

    def take() -> Iterator[dict[str, Any]]:
        nonlocal executor
        future, packed = pending.popleft()
        try:
            yield from future.result()
        except BrokenProcessPool:
            # A worker died (killed for memory, a crash in a C extension). Score the chunks in
            # flight again one document a process, so that only the document that kills its
            # process becomes an error row; then go on with fresh workers.
            executor.shutdown(wait=False, cancel_futures=True)
            chunks = [packed] + [p for _, p in pending]
            pending.clear()
            for chunk_ in chunks:
                yield from _rescue(chunk_, new_executor, scorer_factory)
            executor = new_executor(jobs)

    try:
        for batch in itertools.chain([first, second], batches):
            packed = [_pack(d) for d in batch]
            pending.append((executor.submit(_score_chunk, packed), packed))
            while len(pending) >= 2 * jobs:
                yield from take()
        while pending:
            yield from take()
        clean = True
    finally:
        # On an error, an interrupt or a consumer that stops early: drop queued work, do not
        # wait for chunks nobody will read.
        executor.shutdown(wait=clean, cancel_futures=not clean)


def _rescue(packed: list[tuple], new_executor, scorer_factory) -> Iterator[dict[str, Any]]:
    """Rows for a chunk whose worker died: each document in a process of its own."""
    ex = new_executor(1)
    try:
        for t in packed:
            try:
                yield from ex.submit(_score_chunk, [t]).result()
            except BrokenProcessPool:
                ex.shutdown(wait=False, cancel_futures=True)
                ex = new_executor(1)
                yield died_row(scorer_factory(), _unpack(t))
    finally:
        ex.shutdown(wait=True)
