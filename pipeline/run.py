"""The batch run: find inputs, skip known hashes, extract each file, write Parquet, record the run.

Every input ends up in `documents` or in `errors` for its hash; nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prikaz import __version__
from prikaz.pipeline.errors import PrikazError
from prikaz.pipeline.records import ErrorRecord, RunRecord
from prikaz.pipeline.writers.parquet import ParquetStore
from prikaz.pipeline.writers.rows import child_rows, document_row, error_row

BATCH_SIZE = 64  # documents per committed batch: bounds memory and the work lost to a crash


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str
    sha256: str | None  # None when the file could not be read
    error: ErrorRecord | None = None


@dataclass
class WorkResult:
    """What one input produced: the rows of every table, or an error row."""

    sha256: str | None
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    error: ErrorRecord | None = None
    unparsed: int = 0


@dataclass
class RunSummary:
    run_id: str
    seen: int = 0
    new: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    unparsed_deadlines: int = 0
    roadmap_rows: int = 0
    seconds: float = 0.0
    errors: list[ErrorRecord] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return self.new / self.seconds if self.seconds > 0 else 0.0


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def discover(root: str | Path) -> Iterator[str]:
    """Regular files under `root` in a stable order; hidden files and folders are skipped.

    Symlinks are followed only when they resolve inside `root` (a loop or an escape is
    reported by `hash_inputs` as an error, not followed).
    """
    root = Path(root)
    if root.is_file():
        yield str(root)
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield os.path.join(dirpath, name)


def hash_input(path: str, root: str | Path) -> InputFile:
    try:
        real = Path(path).resolve(strict=True)
        root_real = Path(root).resolve()
        if Path(path).is_symlink() and root_real not in (real, *real.parents):
            return InputFile(
                path,
                None,
                ErrorRecord(
                    path,
                    None,
                    "discover",
                    "symlink_outside_input",
                    ("symlink points outside the input folder; not followed"),
                ),
            )
        return InputFile(path, sha256_file(real))
    except RuntimeError as exc:  # symlink loop on some Pythons
        return InputFile(path, None, ErrorRecord(path, None, "discover", "symlink_loop", str(exc)))
    except OSError as exc:
        error_type = "symlink_loop" if exc.errno == 40 else "unreadable_file"
        message = f"cannot read file: {exc.strerror or exc}"
        return InputFile(path, None, ErrorRecord(path, None, "discover", error_type, message))


def process_path(path: str, sha256: str) -> WorkResult:
    """Read and extract one file into table rows. Never raises: failures become an error row."""
    from prikaz.pipeline.extract import extract_document
    from prikaz.pipeline.readers import read_document

    stage = "read"
    try:
        doc = read_document(path)
        stage = "extract"
        extraction = extract_document(doc)
    except PrikazError as exc:
        return WorkResult(
            sha256, error=ErrorRecord(path, sha256, exc.stage, exc.error_type, exc.message)
        )
    except MemoryError:
        return WorkResult(
            sha256,
            error=ErrorRecord(
                path,
                sha256,
                stage,
                "memory_limit",
                ("document needs more memory than the worker limit"),
            ),
        )
    except Exception as exc:  # a bug or an input no rule foresaw: record it, go on
        last = traceback.extract_tb(exc.__traceback__)[-1]
        message = f"{type(exc).__name__}: {exc} (at {Path(last.filename).name}:{last.lineno})"
        return WorkResult(sha256, error=ErrorRecord(path, sha256, stage, "internal_error", message))
    rows = {"documents": [document_row(extraction)], **child_rows(extraction)}
    unparsed = sum(1 for d in extraction.deadlines if d.component.kind == "unparsed")
    return WorkResult(sha256, rows=rows, unparsed=unparsed)


Executor = Callable[[list[InputFile]], Iterator[WorkResult]]


def run_inline(inputs: list[InputFile]) -> Iterator[WorkResult]:
    """Process inputs one after another in this process (no isolation)."""
    for item in inputs:
        assert item.sha256 is not None
        yield process_path(item.path, item.sha256)


def run_batch(
    input_dir: str | Path,
    out_dir: str | Path,
    *,
    force: bool = False,
    executor: Executor = run_inline,
    on_result: Callable[[WorkResult], None] | None = None,
) -> RunSummary:
    started = dt.datetime.now(dt.UTC)
    run_id = new_run_id(started)
    summary = RunSummary(run_id)
    store = ParquetStore(out_dir)
    store.ensure()
    store.recover()
    known = set() if force else store.known_hashes()

    todo: list[InputFile] = []
    discovery_errors: list[ErrorRecord] = []
    seen_hashes: set[str] = set()
    for path in discover(input_dir):
        summary.seen += 1
        item = hash_input(path, input_dir)
        if item.error is not None:
            discovery_errors.append(item.error)
            continue
        assert item.sha256 is not None
        if item.sha256 in known or item.sha256 in seen_hashes:
            summary.skipped += 1  # same bytes already extracted (or twice in this input)
            continue
        seen_hashes.add(item.sha256)
        todo.append(item)
    summary.new = len(todo) + len(discovery_errors)

    batch: dict[str, list[dict[str, Any]]] = {}
    batch_docs = 0
    seq = 0

    def flush() -> None:
        nonlocal batch, batch_docs, seq
        if batch_docs:
            store.write_batch(f"{run_id}-{seq:05d}", batch)
            seq += 1
        batch, batch_docs = {}, 0

    def add(result: WorkResult) -> None:
        nonlocal batch_docs
        if result.error is not None:
            summary.failed += 1
            summary.errors.append(result.error)
            batch.setdefault("errors", []).append(
                error_row(result.error, run_id, dt.datetime.now(dt.UTC))
            )
        else:
            summary.ok += 1
            summary.unparsed_deadlines += result.unparsed
            summary.roadmap_rows += len(result.rows.get("roadmap_items", []))
            for table, rows in result.rows.items():
                if table == "documents":
                    for r in rows:
                        r["run_id"] = run_id
                batch.setdefault(table, []).extend(rows)
        batch_docs += 1
        if on_result is not None:
            on_result(result)
        if batch_docs >= BATCH_SIZE:
            flush()

    for err in discovery_errors:
        add(WorkResult(None, error=err))
    for result in executor(todo):
        add(result)
    flush()

    finished = dt.datetime.now(dt.UTC)
    summary.seconds = (finished - started).total_seconds()
    run_row = RunRecord(
        run_id=run_id,
        started_at=started,
        finished_at=finished,
        seen=summary.seen,
        new=summary.new,
        ok=summary.ok,
        failed=summary.failed,
        skipped=summary.skipped,
        unparsed_deadlines=summary.unparsed_deadlines,
        version=__version__,
    )
    store.write_batch(f"{run_id}-run", {"runs": [_record_dict(run_row)]})
    return summary


def _record_dict(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}
