"""The worker process: parses one document at a time for a supervising `WorkerPool`.

Started as `python -m prikaz.pipeline.worker` with pipes on stdin/stdout (not with
`multiprocessing`, which refuses to start children from daemonic processes such as Dask
workers, and whose fork is unsafe from threaded parents). The protocol is length-prefixed
pickles:

    parent → worker   WorkerConfig, then one `(path, sha256)` per document
    worker → parent   "ready" after warm-up, then `(WorkResult, peak_rss_bytes, retiring)` per
                      document; `retiring` says the worker exits now (recycled), take no task

The worker caps its own address space (RLIMIT_AS) before importing anything heavy, so a
document that allocates without end gets a MemoryError (recorded as `memory_limit`) instead
of taking the machine down; the parent enforces the time limit by killing the process.
The worker exits when its stdin closes or its parent dies.
"""

from __future__ import annotations

import importlib
import os
import pickle
import resource
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from prikaz.pipeline.run import WorkResult
from prikaz.records import ErrorRecord

HEADER = struct.Struct("!Q")
READY = "ready"
DEFAULT_PROCESS = "prikaz.pipeline.run:process_path"
# Libraries' own thread pools (numpy/BLAS under natasha) add threads and address space; the
# pool supplies the parallelism.
SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    process: str = DEFAULT_PROCESS  # "module:function" taking (path, sha256) -> WorkResult
    memory_mb: int | None = 2048  # address-space cap (RLIMIT_AS); None: no cap
    sys_path: tuple[str, ...] = ()  # the parent's import path, so `process` resolves alike
    stop_after: int = 0  # exit after this many documents (0: never); bounds leaks


def write_frame(stream: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any:
    """The next object, or raise EOFError when the stream ends."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def resolve(ref: str) -> Callable[..., Any]:
    module, _, name = ref.partition(":")
    obj: Any = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def peak_rss() -> int:
    """This process's peak resident set size in bytes.

    Linux: `VmHWM` of /proc/self/status, the high-water mark of this program's own memory.
    Not `ru_maxrss`: it carries over the parent's RSS at fork across exec, so a worker
    started by a big parent would report the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def cap_memory(megabytes: int | None) -> None:
    if megabytes:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _exit_when_orphaned(parent: int) -> None:
    """Exit when the parent dies (killed -9: it cannot close our stdin in time to matter
    while we are busy with a document that never ends)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(3)


def call(process: Callable[[str, str], Any], path: str, sha256: str) -> Any:
    """Run `process`; an exception escaping it becomes an error result, not a dead worker."""
    try:
        return process(path, sha256)
    except MemoryError:
        message = "document needs more memory than the worker limit"
        return WorkResult(
            sha256, error=ErrorRecord(path, sha256, "worker", "memory_limit", message)
        )
    except Exception as exc:
        last = traceback.extract_tb(exc.__traceback__)[-1]
        message = f"{type(exc).__name__}: {exc} (at {Path(last.filename).name}:{last.lineno})"
        return WorkResult(
            sha256, error=ErrorRecord(path, sha256, "worker", "internal_error", message)
        )


def main() -> int:
    # The protocol owns the real stdout; anything a library prints goes to stderr instead.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    inp = sys.stdin.buffer
    config: WorkerConfig = read_frame(inp)
    cap_memory(config.memory_mb)
    for entry in reversed(config.sys_path):
        if entry not in sys.path:
            sys.path.insert(0, entry)
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    process = resolve(config.process)
    warm_up = getattr(sys.modules[process.__module__], "warm_up", None)
    if callable(warm_up):
        warm_up()
    write_frame(out, READY)
    done = 0
    while True:
        try:
            path, sha256 = read_frame(inp)
        except EOFError:
            return 0
        result = call(process, path, sha256)
        done += 1
        # After a MemoryError (fragmented heap) or many documents (leaks) a fresh process
        # takes over.
        memory_error = result.error is not None and result.error.error_type == "memory_limit"
        retiring = memory_error or bool(config.stop_after and done >= config.stop_after)
        try:
            write_frame(out, (result, peak_rss(), retiring))
        except MemoryError:
            return 4  # the parent sees a worker that died on this document
        if retiring:
            return 0


if __name__ == "__main__":
    sys.exit(main())
