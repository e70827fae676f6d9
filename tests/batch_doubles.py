"""Test doubles for the batch runner: a stand-in for `process_path` and a driver script.

`fake_process` makes deterministic rows from a text file without the extractors, and
misbehaves on request: a line `@@HANG` sleeps forever, `@@ALLOC` allocates without end,
`@@RAISE` raises, `@@CRASH` kills its own process (SIGSEGV), `@@KILLED` sends itself SIGKILL,
`@@KILLED_ONCE <flag>` does so only when the flag file is not there yet (and makes it),
`@@SLOW <seconds>` sleeps that long,
`@@BIG <megabytes>` adds a row that large.
Tests hand it to the executors as `Limits(process="tests.batch_doubles:fake_process")`; the
production code has no switch for it.

`python -m tests.batch_doubles IN OUT [--workers N] [--batch N] [--dask ADDRESS] [--real]`
runs a batch with it (or with the real extractors: `--real`), for tests that kill a real run.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from prikaz.pipeline.run import WorkResult

FAKE = "tests.batch_doubles:fake_process"


def fake_process(path: str, sha256: str) -> WorkResult:
    text = Path(path).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    for line in lines:
        if line == "@@HANG":
            while True:
                time.sleep(60)
        if line == "@@ALLOC":
            hog = []
            while True:
                hog.append(bytearray(16 * 1024 * 1024))
        if line == "@@RAISE":
            raise ValueError("the double was told to fail")
        if line == "@@CRASH":
            os.kill(os.getpid(), signal.SIGSEGV)
        if line == "@@KILLED":  # as if killed from outside, every time
            os.kill(os.getpid(), signal.SIGKILL)
        if line.startswith("@@KILLED_ONCE "):  # killed the first time only (a flag file)
            flag = Path(line.split(maxsplit=1)[1])
            if not flag.exists():
                flag.write_text("killed", encoding="utf-8")
                os.kill(os.getpid(), signal.SIGKILL)
        if line.startswith("@@SLOW "):
            time.sleep(float(line.split()[1]))
    body = [line for line in lines if not line.startswith("@@")]
    body += ["я" * (int(line.split()[1]) << 19) for line in lines if line.startswith("@@BIG ")]
    doc = {
        "doc_id": sha256,
        "source_path": path,
        "source_format": "txt",
        "pages": 1,
        "title": body[0] if body else None,
        "n_roadmap_rows": len(body),
        "warnings": [],
        "spans": [],
    }
    items = [
        {"doc_id": sha256, "table_index": 0, "row_index": i, "activity": line}
        for i, line in enumerate(body)
    ]
    return WorkResult(
        sha256,
        rows={"documents": [doc], "roadmap_items": items},
        roadmap_rows=len(items),
        source_format="txt",
        pages=1,
    )


def main(argv: list[str] | None = None) -> int:
    import prikaz.pipeline.run as run
    from prikaz.pipeline.executors import Limits, LocalExecutor

    p = argparse.ArgumentParser()
    p.add_argument("input")
    p.add_argument("out")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--batch", type=int, default=run.BATCH_SIZE)
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--dask", default=None, help="scheduler address: chunks of --batch inputs")
    p.add_argument("--real", action="store_true", help="the real readers and extractors")
    args = p.parse_args(argv)
    run.BATCH_SIZE = args.batch
    limits = Limits(timeout=args.timeout, process=FAKE)
    if args.real:
        limits = Limits(timeout=60.0)
    executor: Any = LocalExecutor(args.workers, limits)
    if args.dask:
        from prikaz.pipeline.executors import DaskExecutor

        executor = DaskExecutor(args.dask, args.workers, limits, chunk_size=args.batch)
    summary = run.run_batch(args.input, args.out, executor=executor)
    print(summary.run_id, summary.ok, summary.failed, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
