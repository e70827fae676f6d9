"""Executors: where the documents of a run are parsed.

An executor is called as `executor(inputs, ctx)` and yields one `WorkResult` per input, in
any order. Three exist:
- `run_inline` (in `pipeline.run`): this process, no isolation (tests, debugging);
- `LocalExecutor`: a `WorkerPool` of supervised worker processes on this machine;
- `DaskExecutor`: chunks of inputs as Dask tasks; each Dask worker parses its chunk in its
  own `WorkerPool` and sends the rows back; only the run (the client, which holds the output
  folder's lock) commits, so a task left over by a dead client can never write.

`WorkerPool` is our own supervisor rather than `concurrent.futures.ProcessPoolExecutor`: that
pool is broken for good once a worker dies, and cannot kill one stuck task. Here each worker
is a `python -m prikaz.pipeline.worker` process; the pool kills a worker whose document
overruns the time limit, records the document as an error, and starts a fresh worker.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any

from prikaz.pipeline.run import InputFile, RunContext, WorkResult
from prikaz.pipeline.worker import (
    HEADER,
    READY,
    SINGLE_THREAD_ENV,
    WorkerConfig,
    write_frame,
)
from prikaz.records import ErrorRecord

STARTUP_TIMEOUT = 120.0  # seconds a worker may take to import and warm up
# Tasks sent ahead to each worker: it starts the next document while the run is busy writing
# a batch. The time limit of a queued task starts when the one before it returns.
PREFETCH = 2
CHUNK_SIZE = 64  # documents per Dask task (and per batch it commits)
CONNECT_TIMEOUT = 20  # seconds to reach a Dask scheduler
# Signals a worker gets from outside, not from its own fault (SIGSEGV, SIGABRT, SIGBUS).
EXTERNAL_SIGNALS = frozenset({signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGHUP})


class WorkerStartError(RuntimeError):
    """Workers die before they are ready: the installation is broken, not a document."""


@dataclass(frozen=True, slots=True)
class Limits:
    # Seconds per document. Scans are read at 300 dpi, about 4 s a page on one core, so a
    # 100-page scan fits; a hung parser still ends within ten minutes.
    timeout: float = 600.0
    memory_mb: int | None = 2048  # address space per worker
    process: str = "prikaz.pipeline.run:process_path"
    stop_after: int = 10_000  # documents per worker process before it is recycled


@dataclass
class _Worker:
    proc: subprocess.Popen[bytes]
    stdout: IO[bytes]
    stderr: IO[bytes]  # an unlinked temporary file: nothing is left behind, even on SIGKILL
    buf: bytearray = field(default_factory=bytearray)
    ready: bool = False
    retiring: bool = False  # told us it exits after its last result
    tasks: deque[InputFile] = field(default_factory=deque)  # sent, in order; head is running
    started: float = field(default_factory=time.monotonic)
    deadline: float = 0.0  # for the head task

    @property
    def fd(self) -> int:
        return self.stdout.fileno()

    def frames(self) -> Iterator[Any]:
        while len(self.buf) >= HEADER.size:
            (size,) = HEADER.unpack_from(self.buf)
            if len(self.buf) < HEADER.size + size:
                return
            data = bytes(self.buf[HEADER.size : HEADER.size + size])
            del self.buf[: HEADER.size + size]
            yield pickle.loads(data)

    def stderr_tail(self, limit: int = 600) -> str:
        try:
            size = os.fstat(self.stderr.fileno()).st_size
            data = os.pread(self.stderr.fileno(), limit, max(0, size - limit))
            return data.decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""


class WorkerPool:
    """Supervised worker processes with a time and a memory limit per document."""

    def __init__(self, workers: int, limits: Limits = Limits()) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.limits = limits
        self.peak_rss: dict[int, int] = {}  # worker pid -> peak RSS in bytes
        self._live: list[_Worker] = []
        self._killed: set[str] = set()  # paths whose worker was killed once: retried once

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self) -> _Worker:
        # Closed by `_retire`: it lives as long as the worker, beyond this function.
        stderr = tempfile.TemporaryFile(prefix="prikaz-worker-")  # noqa: SIM115
        env = {**os.environ, **SINGLE_THREAD_ENV}
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "prikaz.pipeline.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=env,
                close_fds=True,
            )
        except BaseException:
            stderr.close()
            raise
        assert proc.stdin is not None and proc.stdout is not None
        config = WorkerConfig(
            process=self.limits.process,
            memory_mb=self.limits.memory_mb,
            sys_path=tuple(p for p in sys.path if p),
            stop_after=self.limits.stop_after,
        )
        write_frame(proc.stdin, config)
        worker = _Worker(proc, proc.stdout, stderr)
        self._live.append(worker)
        return worker

    def _retire(self, worker: _Worker, kill: bool) -> None:
        if kill and worker.proc.poll() is None:
            worker.proc.send_signal(signal.SIGKILL)
        for stream in (worker.proc.stdin, worker.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            worker.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            worker.proc.kill()
            worker.proc.wait()
        if worker in self._live:
            self._live.remove(worker)
        worker.stderr.close()

    def close(self) -> None:
        for worker in list(self._live):
            self._retire(worker, kill=bool(worker.tasks))

    def imap(self, inputs: Iterable[InputFile]) -> Iterator[WorkResult]:
        """Parse every input; yield each result as it arrives (any order)."""
        feed = _PoolFeed(self, inputs)
        try:
            while True:
                feed.fill_workers()
                if feed.finished():
                    return
                for worker in feed.wait_for_events():
                    yield from feed.handle_event(worker)
                yield from feed.kill_late_workers()
        finally:
            feed.close()


class _PoolFeed:
    """One `WorkerPool.imap` call: the inputs still to send, the tasks to send again, and a
    selector over the pool's workers' result pipes."""

    def __init__(self, pool: WorkerPool, inputs: Iterable[InputFile]) -> None:
        self.pool = pool
        self.pending = iter(inputs)
        # Sent to a worker that exited before starting them.
        self.requeued: deque[InputFile] = deque()
        self.exhausted = False
        self.startup_failures = 0
        self.sel = selectors.DefaultSelector()
        for worker in pool._live:  # kept from an earlier call (Dask reuses a pool)
            self.sel.register(worker.stdout, selectors.EVENT_READ)

    def close(self) -> None:
        self.sel.close()

    def next_item(self) -> InputFile | None:
        if self.requeued:
            return self.requeued.popleft()
        item = None if self.exhausted else next(self.pending, None)
        self.exhausted = item is None
        return item

    def send(self, worker: _Worker, item: InputFile) -> None:
        if not worker.tasks:
            worker.deadline = time.monotonic() + self.pool.limits.timeout
        worker.tasks.append(item)
        try:
            assert worker.proc.stdin is not None
            write_frame(worker.proc.stdin, (item.path, item.sha256))
        except (BrokenPipeError, OSError):
            pass  # it died: its EOF is handled by `handle_event`

    def drop(self, worker: _Worker, kill: bool) -> InputFile | None:
        """Retire a worker; requeue the tasks it never started; return the one it ran."""
        self.sel.unregister(worker.stdout)
        self.pool._retire(worker, kill=kill)
        head = worker.tasks.popleft() if worker.tasks else None
        self.requeued.extend(worker.tasks)
        return head

    def fill_workers(self) -> None:
        """Keep `workers` processes alive while there is work, keep each one fed."""
        pool = self.pool
        if not self.exhausted or self.requeued:
            while sum(not w.retiring for w in pool._live) < pool.workers:
                self.sel.register(pool._spawn().stdout, selectors.EVENT_READ)
        for worker in pool._live:
            while worker.ready and not worker.retiring and len(worker.tasks) < PREFETCH:
                item = self.next_item()
                if item is None:
                    break
                self.send(worker, item)

    def finished(self) -> bool:
        busy = any(w.tasks for w in self.pool._live)
        return self.exhausted and not self.requeued and not busy

    def wait_for_events(self) -> list[_Worker]:
        """The workers with output or EOF, waiting at most until the next deadline."""
        live = self.pool._live
        now = time.monotonic()
        deadlines = [w.deadline for w in live if w.tasks and not w.buf]
        deadlines += [w.started + STARTUP_TIMEOUT for w in live if not w.ready]
        wait = max(0.0, min(deadlines) - now) if deadlines else None
        events = self.sel.select(timeout=wait)
        by_fd = {w.fd: w for w in live}
        return [by_fd[key.fd] for key, _ in events]

    def handle_event(self, worker: _Worker) -> Iterator[WorkResult]:
        data = os.read(worker.fd, 1 << 20)
        if data:
            yield from self._handle_output(worker, data)
        else:
            yield from self._handle_eof(worker)

    def _handle_output(self, worker: _Worker, data: bytes) -> Iterator[WorkResult]:
        worker.buf.extend(data)
        for frame in worker.frames():
            if frame == READY:
                worker.ready = True
                self.startup_failures = 0
                continue
            result, rss, worker.retiring = frame
            pid = worker.proc.pid
            self.pool.peak_rss[pid] = max(self.pool.peak_rss.get(pid, 0), rss)
            worker.tasks.popleft()
            worker.deadline = time.monotonic() + self.pool.limits.timeout
            if worker.retiring:
                self.requeued.extend(worker.tasks)  # it exits without reading them
                worker.tasks.clear()
            yield result

    def _handle_eof(self, worker: _Worker) -> Iterator[WorkResult]:
        """The worker exited (recycled, out of memory, crashed)."""
        was_ready, tail = worker.ready, worker.stderr_tail()
        task = self.drop(worker, kill=False)
        code = worker.proc.returncode
        if task is not None:
            error = _death_error(task, code, tail)
            if error.error_type == "worker_killed" and task.path not in self.pool._killed:
                self.pool._killed.add(task.path)  # killed from outside: once more
                self.requeued.appendleft(task)
                return
            yield WorkResult(task.sha256, error=error)
        elif not was_ready:
            self.startup_failures += 1
            if self.startup_failures >= 3:
                raise WorkerStartError(f"worker failed to start (exit {code}): {tail}")

    def kill_late_workers(self) -> Iterator[WorkResult]:
        now = time.monotonic()
        for worker in list(self.pool._live):
            # A worker already sending its result (it waits in its write while we
            # were busy, or its frame is bigger than the pipe) is not stuck: only
            # silent ones are killed.
            late_task = bool(worker.tasks) and now >= worker.deadline
            late_task = late_task and not worker.buf and not _readable(worker.fd)
            late_start = not worker.ready and now >= worker.started + STARTUP_TIMEOUT
            if late_task:
                task = self.drop(worker, kill=True)
                assert task is not None
                message = f"no result within {self.pool.limits.timeout:g} s; worker killed"
                err = ErrorRecord(task.path, task.sha256, "worker", "timeout", message)
                yield WorkResult(task.sha256, error=err)
            elif late_start:
                self.drop(worker, kill=True)
                raise WorkerStartError("worker did not start in time")


def _readable(fd: int) -> bool:
    return bool(select.select([fd], [], [], 0)[0])


def _death_error(task: InputFile, code: int | None, stderr_tail: str) -> ErrorRecord:
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        how = f"killed by {name}"
    else:
        how = f"exited with status {code}"
    # Out of memory under our cap shows as a MemoryError. A signal sent from outside (an
    # operator, a supervisor, the kernel's OOM killer: SIGKILL cannot be told apart) is
    # `worker_killed`, retried once; a fault of the process itself is `worker_crashed`.
    if "MemoryError" in stderr_tail:
        error_type = "memory_limit"
    elif code is not None and -code in EXTERNAL_SIGNALS:
        error_type = "worker_killed"
    else:
        error_type = "worker_crashed"
    message = f"worker {how} while parsing"
    if stderr_tail:
        message += f": {stderr_tail.splitlines()[-1][:300]}"
    return ErrorRecord(task.path, task.sha256, "worker", error_type, message)


class LocalExecutor:
    """Parse on this machine in `workers` supervised processes."""

    def __init__(self, workers: int, limits: Limits = Limits()) -> None:
        self.workers = workers
        self.limits = limits
        self.peak_rss: dict[int, int] = {}

    def __call__(self, inputs: list[InputFile], ctx: RunContext) -> Iterator[WorkResult]:
        if not inputs:
            return
        with WorkerPool(min(self.workers, len(inputs)), self.limits) as pool:
            try:
                yield from pool.imap(inputs)
            finally:
                self.peak_rss.update(pool.peak_rss)


# --- Dask -------------------------------------------------------------------------------

# WorkerPools on a Dask worker, one per worker thread and limits, reused across the tasks of
# a run and closed by `close_pools` when the run ends (or when idle: a client that died never
# asks).
_POOLS: dict[tuple[int, Limits], WorkerPool] = {}
_POOLS_LOCK = threading.Lock()
_POOLS_USED: dict[tuple[int, Limits], float] = {}
POOL_IDLE = 120.0  # seconds without a task before a Dask worker's parser process ends


def _thread_pool(limits: Limits) -> WorkerPool:
    key = (threading.get_ident(), limits)
    with _POOLS_LOCK:
        if key not in _POOLS:
            _POOLS[key] = WorkerPool(1, limits)
            if len(_POOLS) == 1:
                threading.Thread(target=_reap_idle_pools, daemon=True).start()
        _POOLS_USED[key] = float("inf")  # in use
        return _POOLS[key]


def _release(limits: Limits) -> None:
    with _POOLS_LOCK:
        _POOLS_USED[(threading.get_ident(), limits)] = time.monotonic()


def close_pools(idle: float = 0.0) -> int:
    """Close the parser processes of this Dask worker not used for `idle` seconds."""
    now = time.monotonic()
    with _POOLS_LOCK:
        done = [k for k, used in _POOLS_USED.items() if now - used >= idle]
        pools = [_POOLS.pop(k) for k in done if k in _POOLS]
        for k in done:
            _POOLS_USED.pop(k, None)
    for pool in pools:
        pool.close()
    return len(pools)


def _reap_idle_pools() -> None:
    while True:
        time.sleep(POOL_IDLE / 4)
        close_pools(POOL_IDLE)
        with _POOLS_LOCK:
            if not _POOLS:
                return


@dataclass(frozen=True, slots=True)
class ChunkOutcome:
    """What a Dask task sends back: the results with their rows, committed by the client."""

    results: list[WorkResult]
    peak_rss: dict[str, int]


def process_chunk(inputs: list[InputFile], limits: Limits) -> ChunkOutcome:
    """Dask task: parse a chunk in a supervised worker process. It commits nothing: only the
    client, which holds the output folder's lock, commits (so a task left running by a dead
    client cannot write after a new run has started)."""
    pool = _thread_pool(limits)
    try:
        results = list(pool.imap(inputs))
    finally:
        _release(limits)
    host = socket.gethostname()
    rss = {f"{host}:{pid}": v for pid, v in pool.peak_rss.items()}
    return ChunkOutcome(results, rss)


def _as_found(result: WorkResult, item: InputFile) -> WorkResult:
    """The result with the input's path as the run found it (the task got an absolute one)."""
    if result.error is not None:
        return replace(result, error=replace(result.error, source_path=item.path))
    for row in result.rows.get("documents", []):
        row["source_path"] = item.path
    return result


class DaskExecutor:
    """Chunks of inputs as Dask tasks on a scheduler (`tcp://host:8786`) or a LocalCluster.

    Input paths are made absolute before they are sent; they must be reachable under those
    names from every Dask worker (a shared file system). Rows come back to the client, which
    commits them: the output folder need not be visible to the Dask workers.
    """

    def __init__(
        self,
        address: str,
        workers: int,
        limits: Limits = Limits(),
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self.address = address
        self.workers = workers
        self.limits = limits
        self.chunk_size = chunk_size
        self.peak_rss: dict[str, int] = {}

    def _client(self) -> Any:
        from dask.distributed import Client, LocalCluster  # noqa: PLC0415  (optional extra: dask)

        if self.address == "local":
            cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=40,
            )
            return Client(cluster), cluster
        try:
            return Client(self.address, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError) as exc:
            message = f"cannot reach the Dask scheduler {self.address}: {exc}"
            raise WorkerStartError(message) from exc

    def __call__(self, inputs: list[InputFile], ctx: RunContext) -> Iterator[WorkResult]:
        if not inputs:
            return
        chunks = [inputs[i : i + self.chunk_size] for i in range(0, len(inputs), self.chunk_size)]
        client, cluster = self._client()
        try:
            yield from self._schedule(client, chunks, ctx)
        finally:
            with contextlib.suppress(Exception):
                client.run(close_pools)  # the parser processes end with the run
            client.close()
            if cluster is not None:
                cluster.close()

    def _schedule(
        self, client: Any, chunks: list[list[InputFile]], ctx: RunContext
    ) -> Iterator[WorkResult]:
        from dask.distributed import as_completed  # noqa: PLC0415  (optional extra: dask)

        slots = max(1, sum(client.nthreads().values())) * 2  # bounded tasks in flight
        todo = iter(enumerate(chunks))
        futures: dict[Any, list[InputFile]] = {}

        def submit() -> Any:
            nxt = next(todo, None)
            if nxt is None:
                return None
            i, chunk = nxt
            sent = [replace(item, path=os.path.abspath(item.path)) for item in chunk]
            fut = client.submit(
                process_chunk, sent, self.limits, key=f"prikaz-{ctx.run_id}-{i:05d}", pure=False
            )
            futures[fut] = chunk
            return fut

        queue = as_completed([f for f in (submit() for _ in range(slots)) if f is not None])
        for fut in queue:
            chunk = futures.pop(fut)
            try:
                outcome: ChunkOutcome = fut.result()
            except Exception as exc:  # the task itself failed (lost worker)
                message = f"dask task failed: {type(exc).__name__}: {exc}"[:500]
                for item in chunk:
                    err = ErrorRecord(item.path, item.sha256, "worker", "dask_failed", message)
                    yield WorkResult(item.sha256, error=err)
            else:
                self.peak_rss.update(outcome.peak_rss)
                by_hash = {item.sha256: item for item in chunk}
                for result in outcome.results:
                    yield _as_found(result, by_hash[result.sha256])
            fut.release()
            nxt = submit()
            if nxt is not None:
                queue.add(nxt)
