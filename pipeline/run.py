"""The batch run: find inputs, skip known hashes, extract each file, write Parquet, record the run.

Every input ends up in `documents` or in `errors` for its hash; nothing is dropped silently.

A run holds the output folder's lock, rolls back what a crashed run left (`recover`), skips
inputs whose sha256 is already committed, hands the rest to an executor (see
`pipeline.executors`) and commits the results in batches of `BATCH_SIZE` documents. A run
killed at any moment loses at most its uncommitted batches, which the next run redoes.
`force` first removes the old rows of the inputs it redoes (`ParquetStore.purge`), so a
document is never in the tables twice.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import secrets
import stat
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from prikaz import __version__
from prikaz.errors import PrikazError
from prikaz.pipeline.writers.rows import child_rows, document_row, error_row
from prikaz.records import ErrorRecord, RunRecord

if TYPE_CHECKING:  # pyarrow stays out of the worker processes that import `process_path`
    from prikaz.pipeline.writers.parquet import ParquetStore

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
    roadmap_rows: int = 0
    source_format: str | None = None
    pages: int = 0
    seconds: float = 0.0  # time spent parsing it
    committed: bool = False  # rows already committed by the executor (Dask); `rows` empty


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
    purged_batches: int = 0  # batches rewritten to drop the old rows of forced inputs

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
    reported by `hash_inputs` as an error, not followed). A symlinked folder is never walked
    into; one that leads outside `root` is listed, so that it is reported, not lost.
    """
    root = Path(root)
    if root.is_file():
        yield str(root)
        return
    root_real = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        escapes = [
            d
            for d in dirnames
            if os.path.islink(os.path.join(dirpath, d))
            and not _inside(Path(dirpath, d).resolve(), root_real)
        ]
        for name in sorted([*filenames, *escapes]):
            if not name.startswith("."):
                yield os.path.join(dirpath, name)


def _inside(real: Path, root_real: Path) -> bool:
    return root_real in (real, *real.parents)


_LOOP = "symlink loop: following the link never reaches a file"
_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def hash_input(path: str, root: str | Path) -> InputFile:
    """Hash one input, or say why it is not read: a symlink that loops, dangles or leads
    outside `root`, something that is not a regular file (a FIFO would block the run), or a
    file the run may not open."""

    def fail(error_type: str, message: str) -> InputFile:
        return InputFile(path, None, ErrorRecord(path, None, "discover", error_type, message))

    link = Path(path)
    try:
        if link.is_symlink():
            try:
                real = link.resolve(strict=True)
            except FileNotFoundError:
                target = os.readlink(link)
                return fail("broken_symlink", f"symlink target does not exist: {target}")
            except RuntimeError:  # a loop, on Pythons before 3.13
                return fail("symlink_loop", _LOOP)
            if not _inside(real, Path(root).resolve()):
                return fail(
                    "symlink_outside_input",
                    "symlink points outside the input folder; not followed",
                )
        else:
            real = link
        mode = os.stat(real).st_mode
        for test, kind in _NOT_REGULAR:
            if test(mode):
                return fail("not_regular_file", f"not a regular file: {kind}; not read")
        return InputFile(path, sha256_file(real))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return fail("symlink_loop", _LOOP)
        return fail("unreadable_file", f"cannot read file: {exc.strerror or exc}")


def process_path(path: str, sha256: str) -> WorkResult:
    """Read and extract one file into table rows. Never raises: failures become an error row."""
    from prikaz.pipeline.extract import extract_document
    from prikaz.pipeline.readers import read_document

    stage = "read"
    t0 = time.perf_counter()
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
    return WorkResult(
        sha256,
        rows=rows,
        unparsed=unparsed,
        roadmap_rows=len(extraction.roadmap_items),
        source_format=extraction.source_format,
        pages=extraction.pages,
        seconds=time.perf_counter() - t0,
    )


# A tiny order with a roadmap table: extracting it loads what the stages load lazily
# (morphology dictionaries, NER models), so that a worker's first real document is not
# charged seconds of loading against its time limit.
WARM_UP_TEXT = (
    "АДМИНИСТРАЦИЯ РАЙОНА\nПРИКАЗ\nот 01.02.2021 № 1\nОб утверждении плана мероприятий\n\n"
    "№ п/п\tМероприятие\tСрок\tОтветственный\n"
    "1.\tПровести совещание руководителей\tежегодно\tОтдел образования администрации района\n"
)


def warm_up() -> None:
    """Load the readers and extractors once, before a worker takes its first document.

    Failures are ignored here: `process_path` records them per document.
    """
    try:
        from prikaz.pipeline.extract import extract_document
        from prikaz.pipeline.readers import read_bytes

        doc = read_bytes(WARM_UP_TEXT.encode("utf-8"), source_path="warm-up.txt")
        extract_document(doc)
    except Exception:
        pass


@dataclass(frozen=True, slots=True)
class RunContext:
    """What an executor may need to know about the run (to write its own batches)."""

    run_id: str
    out_dir: str


class Executor(Protocol):
    def __call__(self, inputs: list[InputFile], ctx: RunContext, /) -> Iterator[WorkResult]: ...


Reporter = Callable[[str, dict[str, Any]], None]
"""`report(event, fields)`: run progress for the CLI (progress bar, JSON logs)."""


def run_inline(inputs: list[InputFile], ctx: RunContext | None = None) -> Iterator[WorkResult]:
    """Process inputs one after another in this process (no isolation)."""
    for item in inputs:
        assert item.sha256 is not None
        yield process_path(item.path, item.sha256)


class BatchBuffer:
    """Rows of results waiting to be committed as one batch."""

    def __init__(self, store: ParquetStore, run_id: str) -> None:
        self.store = store
        self.run_id = run_id
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.docs = 0

    def add(self, result: WorkResult) -> None:
        if result.committed:
            return
        if result.error is not None:
            row = error_row(result.error, self.run_id, dt.datetime.now(dt.UTC))
            self.rows.setdefault("errors", []).append(row)
        else:
            for table, rows in result.rows.items():
                if table == "documents":
                    for r in rows:
                        r["run_id"] = self.run_id
                self.rows.setdefault(table, []).extend(rows)
        self.docs += 1

    def flush(self, batch_id: str) -> str | None:
        """Commit what is buffered as `batch_id`; return it, or None if nothing was buffered."""
        if not self.docs:
            return None
        self.store.write_batch(batch_id, self.rows)
        self.rows, self.docs = {}, 0
        return batch_id


def _quiet(event: str, fields: dict[str, Any]) -> None:
    pass


def run_batch(
    input_dir: str | Path,
    out_dir: str | Path,
    *,
    force: bool = False,
    retry_failed: bool = False,
    executor: Executor = run_inline,
    on_result: Callable[[WorkResult], None] | None = None,
    report: Reporter = _quiet,
) -> RunSummary:
    """Run over every input under `input_dir`; raises `StoreLocked` if a run holds `out_dir`.

    `force` redoes every input; `retry_failed` redoes those known only from `errors`.
    """
    from prikaz.pipeline.writers.parquet import ParquetStore

    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    run_id = new_run_id(started)
    summary = RunSummary(run_id)
    store = ParquetStore(out_dir)
    with store.lock():
        store.ensure()
        store.recover()
        known = store.known_hashes()
        if retry_failed and not force:
            known = store.known_documents()
        report("run_started", {"run_id": run_id, "input": str(input_dir), "out": str(out_dir)})

        todo: list[InputFile] = []
        discovery_errors: list[ErrorRecord] = []
        seen_hashes: set[str] = set()
        known_error_paths = store.known_error_paths()
        for path in discover(input_dir):
            summary.seen += 1
            item = hash_input(path, input_dir)
            if item.error is not None:
                if path in known_error_paths and not (force or retry_failed):
                    summary.skipped += 1  # already in `errors`, unreadable then as now
                else:
                    discovery_errors.append(item.error)
                continue
            assert item.sha256 is not None
            if item.sha256 in seen_hashes or (item.sha256 in known and not force):
                summary.skipped += 1  # same bytes already extracted (or twice in this input)
                continue
            seen_hashes.add(item.sha256)
            todo.append(item)
        redo = seen_hashes & store.known_hashes()
        redo_paths = {e.source_path for e in discovery_errors} & known_error_paths
        summary.new = len(todo) + len(discovery_errors)
        report(
            "inputs_found",
            {"seen": summary.seen, "new": summary.new, "skipped": summary.skipped},
        )
        if redo or redo_paths:  # forced or retried inputs: old rows go first, in commits
            summary.purged_batches = store.purge(redo, f"{run_id}-p", paths=redo_paths)
            report("purged", {"inputs": len(redo), "batches": summary.purged_batches})

        buffer = BatchBuffer(store, run_id)
        seq = 0

        def flush() -> None:
            nonlocal seq
            batch_id = buffer.flush(f"{run_id}-{seq:05d}")
            if batch_id is not None:
                seq += 1
                report("batch_committed", {"batch_id": batch_id})

        def add(result: WorkResult) -> None:
            if result.error is not None:
                summary.failed += 1
                summary.errors.append(result.error)
            else:
                summary.ok += 1
                summary.unparsed_deadlines += result.unparsed
                summary.roadmap_rows += result.roadmap_rows
            buffer.add(result)
            report("document", _result_fields(result))
            if on_result is not None:
                on_result(result)
            if buffer.docs >= BATCH_SIZE:
                flush()

        for err in discovery_errors:
            add(WorkResult(None, error=err))
        for result in executor(todo, RunContext(run_id, str(out_dir))):
            add(result)
        flush()

        finished = dt.datetime.now(dt.UTC)
        summary.seconds = time.perf_counter() - t0
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
    report("run_finished", summary_fields(summary))
    return summary


def _result_fields(result: WorkResult) -> dict[str, Any]:
    if result.error is not None:
        err = result.error
        return {
            "status": "failed",
            "path": err.source_path,
            "sha256": err.sha256,
            "stage": err.stage,
            "error_type": err.error_type,
            "message": err.message,
        }
    docs = result.rows.get("documents") or [{}]
    return {
        "status": "ok",
        "path": docs[0].get("source_path"),
        "sha256": result.sha256,
        "format": result.source_format,
        "pages": result.pages,
        "roadmap_rows": result.roadmap_rows,
        "unparsed_deadlines": result.unparsed,
        "seconds": round(result.seconds, 4),
    }


def summary_fields(summary: RunSummary) -> dict[str, Any]:
    return {
        "run_id": summary.run_id,
        "seen": summary.seen,
        "new": summary.new,
        "ok": summary.ok,
        "failed": summary.failed,
        "skipped": summary.skipped,
        "unparsed_deadlines": summary.unparsed_deadlines,
        "roadmap_rows": summary.roadmap_rows,
        "seconds": round(summary.seconds, 3),
        "docs_per_second": round(summary.docs_per_second, 2),
    }


def _record_dict(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}
