"""`prikaz run [INPUT_DIR] [--out DIR]`: the batch job, with a summary at the end.

Exit status: 0 when every new input was extracted, 1 when some were recorded in `errors`,
2 for usage errors (bad options, missing input, output folder held by another run), 3 when
the run itself failed (cannot write, disk full, workers cannot start, store damaged: what was
found is in `_quarantine/`), 130 on Ctrl-C and 143 on SIGTERM (committed batches are kept).
Failures print one line (a traceback only with `--debug`); every case ends with a
`run_finished` event carrying `status` and `exit_code` under `--log-json`.
A progress bar is drawn only when stderr is a terminal; `--log-json` writes one JSON object
per event to stderr instead (cron, systemd, CI).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FAILURES_SHOWN = 20


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be above 0: {text}")
    return value


def _memory_mb(text: str) -> int:
    value = int(text)
    if value != 0 and value < 128:
        raise argparse.ArgumentTypeError(f"at least 128 MB (0: no limit): {text}")
    return value


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="extract every document of a folder into Parquet")
    p.add_argument("input", nargs="?", default="data/raw", help="input folder (default data/raw)")
    p.add_argument("--out", default="data/parquet", help="output folder (default data/parquet)")
    p.add_argument(
        "--force", action="store_true", help="redo inputs already in the output (replacing rows)"
    )
    p.add_argument(
        "--retry-failed", action="store_true", help="redo inputs known only from `errors`"
    )
    p.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        help="worker processes (default: all cores); with --dask local, Dask workers",
    )
    p.add_argument(
        "--timeout",
        type=_positive_float,
        default=600.0,  # = executors.Limits.timeout
        help="seconds per document before its worker is killed (default 600: a scan is OCR'd "
        "at about 4 s a page)",
    )
    p.add_argument(
        "--memory-mb",
        type=_memory_mb,
        default=2048,
        help="address-space limit per worker in MB (default 2048; 0: none)",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="schedule on Dask: tcp://host:8786, or `local` for a LocalCluster",
    )
    p.add_argument(
        "--log-json", action="store_true", help="one JSON object per event on stderr, no bar"
    )
    p.add_argument("--debug", action="store_true", help="print the traceback of a failure")
    p.set_defaults(handler=run)


class Console:
    """The run's reporter: a progress bar on a terminal, or JSON lines, or nothing."""

    def __init__(self, log_json: bool) -> None:
        self.log_json = log_json
        self.bar: Any = None
        self.failed = 0
        self.final: dict[str, Any] | None = None  # `run_finished`, sent by `finish`
        self.lock = threading.Lock()

    def __call__(self, event: str, fields: dict[str, Any]) -> None:
        if event == "run_finished":
            self.final = dict(fields)
            if self.bar is not None:
                self.bar.close()
                self.bar = None
            return
        self.emit(event, fields)

    def finish(self, exit_code: int, message: str | None = None) -> None:
        """The last event of every run, whatever ended it."""
        fields = self.final or {"status": "failed"}
        if message and not fields.get("message"):
            fields["message"] = message
        self.emit("run_finished", {**fields, "exit_code": exit_code})

    def emit(self, event: str, fields: dict[str, Any]) -> None:
        if self.log_json:
            now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
            line = json.dumps({"ts": now, "event": event, **fields}, ensure_ascii=False)
            with self.lock:  # batches are committed (and reported) from another thread
                sys.stderr.write(line + "\n")
                sys.stderr.flush()
            return
        if event == "inputs_found" and sys.stderr.isatty() and fields["new"]:
            from tqdm import tqdm

            self.bar = tqdm(total=fields["new"], unit="doc", file=sys.stderr, dynamic_ncols=True)
        elif event == "document" and self.bar is not None:
            self.failed += fields["status"] == "failed"
            if self.failed:
                self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def make_executor(args: argparse.Namespace) -> Any:
    from prikaz.pipeline.executors import DaskExecutor, Limits, LocalExecutor

    workers = args.workers or default_workers()
    limits = Limits(timeout=args.timeout, memory_mb=args.memory_mb or None)
    if args.dask:
        return DaskExecutor(args.dask, workers, limits)
    return LocalExecutor(workers, limits)


class Terminated(KeyboardInterrupt):
    """SIGTERM (systemd stop, kill): handled like Ctrl-C."""


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    def handler(signum: int, frame: Any) -> None:
        raise Terminated("terminated (SIGTERM)")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fail(args: argparse.Namespace, console: Console, code: int, message: str) -> int:
    print(f"prikaz run: {message}", file=sys.stderr)
    if getattr(args, "debug", False) and sys.exc_info()[0] is not None:
        traceback.print_exc()
    console.finish(code, message)
    return code


def run(args: argparse.Namespace) -> int:
    from prikaz.pipeline.executors import WorkerStartError
    from prikaz.pipeline.run import one_line, run_batch
    from prikaz.pipeline.writers.parquet import StoreLocked

    console = Console(args.log_json)
    if not Path(args.input).exists():
        return _fail(args, console, 2, f"input not found: {args.input}")
    if args.dask:
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            return _fail(args, console, 2, "--dask needs `pip install 'prikaz[dask]'`")
    try:
        with sigterm_as_interrupt():
            summary = run_batch(
                args.input,
                args.out,
                force=args.force,
                retry_failed=args.retry_failed,
                executor=make_executor(args),
                report=console,
            )
    except StoreLocked as exc:
        return _fail(args, console, 2, str(exc))
    except KeyboardInterrupt as exc:
        code = 143 if isinstance(exc, Terminated) else 130
        how = "terminated" if code == 143 else "interrupted"
        message = f"{how}; committed batches are kept, run again to finish"
        return _fail(args, console, code, message)
    except WorkerStartError as exc:
        return _fail(args, console, 3, f"workers cannot start: {exc}")
    except Exception as exc:  # cannot write, disk full, store damaged: the run failed
        return _fail(args, console, 3, f"run failed: {one_line(exc)}")
    finally:
        console.close()
    print(
        f"run {summary.run_id}: seen {summary.seen}, new {summary.new}, ok {summary.ok}, "
        f"failed {summary.failed}, skipped {summary.skipped}; "
        f"roadmap rows {summary.roadmap_rows}, unparsed deadlines {summary.unparsed_deadlines}; "
        f"superseded {summary.superseded}, removed {summary.removed}; "
        f"{summary.seconds:.2f} s ({summary.docs_per_second:.1f} docs/s) → {args.out}"
    )
    for err in summary.errors[:FAILURES_SHOWN]:
        print(f"  failed: {err.source_path}: [{err.stage}/{err.error_type}] {err.message}")
    if len(summary.errors) > FAILURES_SHOWN:
        more = len(summary.errors) - FAILURES_SHOWN
        print(f"  … and {more} more: prikaz status --out {args.out}")
    if summary.status != "ok":  # the runs row could not be written
        return _fail(args, console, 3, summary.message or "run failed")
    if summary.quarantined:
        where = ", ".join(q["path"] for q in summary.quarantined[:3])
        message = f"store damaged: {len(summary.quarantined)} item(s) quarantined ({where})"
        return _fail(args, console, 3, f"{message}; their inputs were extracted again")
    code = 1 if summary.failed else 0
    console.finish(code)
    return code
