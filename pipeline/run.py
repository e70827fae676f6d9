"""The batch run: find inputs, skip known hashes, extract each file, write Parquet, record the run.

Every input ends up in `documents` or in `errors` for its hash; nothing is dropped silently.

A run holds the output folder's lock, rolls back what a crashed run left (`recover`), skips
inputs whose sha256 is already committed, hands the rest to an executor (see
`pipeline.executors`) and commits the results in batches of `BATCH_SIZE` documents (in a
background thread, `Committer`). A run killed at any moment loses at most its uncommitted
batches, which the next run redoes. `Versions` keeps `documents.is_current`,
`superseded_by`, `removed_in_run` and `same_act_as` true to what the input folder holds.
`force` first removes the old rows of the inputs it redoes (`ParquetStore.purge`), so a
document is never in the tables twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import queue
import secrets
import stat
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
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
    stage_errors: int = 0  # extraction stages that raised (each a warning on the document)


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
    stage_errors: int = 0
    status: str = "ok"  # ok | failed | interrupted
    message: str | None = None  # why it failed or stopped, one line
    quarantined: list[dict[str, str]] = field(default_factory=list)  # damaged store items
    superseded: int = 0  # stored documents whose path now holds other bytes
    removed: int = 0  # stored documents whose input is gone

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
    # Lazy: the run's own process never parses (its workers do), so readers and extractors
    # (natasha, spaCy, OpenCV) load only where a document is parsed.
    from prikaz.pipeline.extract import extract_document  # noqa: PLC0415  (see above)
    from prikaz.pipeline.readers import read_document  # noqa: PLC0415  (see above)

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
    return WorkResult(
        sha256,
        rows=rows,
        unparsed=sum(1 for d in extraction.deadlines if _unparsed(d)),
        stage_errors=len(getattr(extraction, "stage_errors", None) or ()),
        roadmap_rows=len(extraction.roadmap_items),
        source_format=extraction.source_format,
        pages=extraction.pages,
        seconds=time.perf_counter() - t0,
    )


def _unparsed(deadline: Any) -> bool:
    """A component no rule read in full: kind `unparsed`, or marked partial."""
    component = deadline.component
    partial = getattr(component, "partial", False) or getattr(deadline, "partial", False)
    return component.kind == "unparsed" or bool(partial)


# A tiny order with a roadmap table: extracting it loads what every document needs
# (morphology dictionaries, compiled rules), so that a worker's first real document is not
# charged that against its time limit. Its header names its region, so natasha's NER (a third
# of a second to load, used only when no rule finds the region) loads in the workers that meet
# such a document, not in every worker.
WARM_UP_TEXT = (
    "АДМИНИСТРАЦИЯ КИРОВСКОГО РАЙОНА ТОМСКОЙ ОБЛАСТИ\nПРИКАЗ\nот 01.02.2021 № 1\n"
    "Об утверждении плана мероприятий\n\n"
    "№ п/п\tМероприятие\tСрок\tОтветственный\n"
    "1.\tПровести совещание руководителей\tежегодно\tОтдел образования администрации района\n"
)


def warm_up() -> None:
    """Load the readers and extractors once, before a worker takes its first document.

    Failures are ignored here: `process_path` records them per document.
    """
    try:
        # Lazy, as in `process_path`; and a failing import is recorded per document there.
        from prikaz.pipeline.extract import extract_document  # noqa: PLC0415  (see above)
        from prikaz.pipeline.readers import read_bytes  # noqa: PLC0415  (see above)

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


def _act_key(row: dict[str, Any]) -> tuple[str, ...] | None:
    """What makes two files the same act: type + number + date + issuer (all four known)."""
    parts = (row.get("doc_type"), row.get("number"), row.get("date"), row.get("issuer"))
    if any(p is None or p == "" for p in parts):
        return None  # not sure: no link rather than a wrong one
    return tuple(" ".join(str(p).lower().replace("ё", "е").split()) for p in parts)


VERSION_COLUMNS = [
    "doc_id",
    "source_path",
    "is_current",
    "superseded_by",
    "removed_in_run",
    "doc_type",
    "number",
    "date",
    "issuer",
    "same_act_as",
]
CURRENT: dict[str, Any] = {"is_current": True, "superseded_by": None, "removed_in_run": None}


class Versions:
    """Version flags of `documents`: which stored documents the input still delivers.

    A stored document stays current while its bytes are anywhere in the input. Otherwise,
    if its path is inside the input folder of this run: superseded when the path now holds
    other bytes (flagged in the commit of those bytes), removed when the path is gone. Paths
    outside this run's input folder are left alone (another folder's documents).
    """

    def __init__(self, store: ParquetStore, run_id: str, input_dir: str | Path) -> None:
        self.run_id = run_id
        self.root = str(Path(input_dir))
        self.stored = store.read_table("documents", columns=VERSION_COLUMNS).to_pylist()
        self.groups: dict[tuple[str, ...], set[str]] = {}  # act key -> doc_ids
        self.act_of: dict[str, str | None] = {}  # doc_id -> same_act_as as stored
        for row in self.stored:
            key = _act_key(row)
            if key is not None:
                self.groups.setdefault(key, set()).add(row["doc_id"])
                self.act_of[row["doc_id"]] = row["same_act_as"]
        self.deferred: dict[str, dict[str, dict[str, Any]]] = {}  # new hash -> updates

    def _inside(self, path: str) -> bool:
        return path == self.root or path.startswith(os.path.join(self.root, ""))

    def plan(self, found: dict[str, str | None], pending: set[str]) -> dict[str, dict[str, Any]]:
        """Updates to apply now; those waiting for a hash of `pending` are kept for its commit."""
        present = {h for h in found.values() if h}
        now: dict[str, dict[str, Any]] = {}
        for row in self.stored:
            # Rows written before the flags existed hold nulls: they are given their state.
            state = {k: row[k] for k in CURRENT}
            path = row["source_path"]
            want: dict[str, Any]
            if row["doc_id"] in present:
                want = CURRENT
            elif not self._inside(path) or (path in found and found[path] is None):
                continue  # another folder's input, or unreadable now: leave it as it is
            elif path in found:
                newer = found[path]
                want = {"is_current": False, "superseded_by": newer, "removed_in_run": None}
                if newer in pending and want != state:
                    self.deferred.setdefault(str(newer), {})[row["doc_id"]] = want
                    continue
            else:
                gone_in = row["removed_in_run"] if state["is_current"] is False else None
                want = {"is_current": False, "superseded_by": None}
                want["removed_in_run"] = gone_in or self.run_id
            if want != state:
                now[row["doc_id"]] = dict(want)
        return now

    def for_commit(
        self, hashes: Iterable[str], documents: list[dict[str, Any]]
    ) -> dict[str, dict[str, Any]]:
        """Updates of stored documents to commit with these new inputs; sets `same_act_as`
        on the new `documents` rows.

        The documents of one act point at the smallest doc_id among them, whatever order
        they came in (so a resumed run writes what an uninterrupted one writes).
        """
        out: dict[str, dict[str, Any]] = {}
        for h in hashes:
            out.update(self.deferred.pop(h, {}))
        touched = set()
        for row in documents:
            row["same_act_as"] = None
            key = _act_key(row)
            if key is not None:
                self.groups.setdefault(key, set()).add(row["doc_id"])
                touched.add(key)
        new = {row["doc_id"]: row for row in documents}
        for key in touched:
            first = min(self.groups[key])
            for doc_id in self.groups[key]:
                want = None if doc_id == first else first
                if doc_id in new:
                    new[doc_id]["same_act_as"] = want
                    self.act_of[doc_id] = want
                elif self.act_of.get(doc_id) != want:
                    out.setdefault(doc_id, {})["same_act_as"] = want
                    self.act_of[doc_id] = want
        return out


class BatchBuffer:
    """Rows of results waiting to be committed as one batch."""

    def __init__(self, store: ParquetStore, run_id: str, versions: Versions | None = None) -> None:
        self.store = store
        self.run_id = run_id
        self.versions = versions
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.hashes: list[str] = []
        self.docs = 0

    def add(self, result: WorkResult) -> None:
        if result.error is not None:
            row = error_row(result.error, self.run_id, dt.datetime.now(dt.UTC))
            self.rows.setdefault("errors", []).append(row)
        else:
            for table, rows in result.rows.items():
                if table == "documents":
                    for r in rows:
                        r.update(CURRENT, run_id=self.run_id)
                self.rows.setdefault(table, []).extend(rows)
        if result.sha256:
            self.hashes.append(result.sha256)
        self.docs += 1

    def take(self) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]] | None:
        """The buffered rows and the updates of older versions they supersede (flagged in the
        same commit); None if nothing is buffered. The buffer starts anew."""
        if not self.docs:
            return None
        documents = self.rows.get("documents", [])
        updates = self.versions.for_commit(self.hashes, documents) if self.versions else {}
        rows = self.rows
        self.rows, self.hashes, self.docs = {}, [], 0
        return rows, updates

    def flush(self, batch_id: str) -> str | None:
        """Commit what is buffered as `batch_id`; return it, or None if nothing was buffered."""
        taken = self.take()
        if taken is None:
            return None
        self.store.write_batch(batch_id, taken[0], updates=taken[1])
        return batch_id


class Committer:
    """Commits batches one at a time, in order, in a background thread, so that the run keeps
    its workers fed while a batch is converted, written and fsynced (a commit takes a few
    hundred ms; each worker holds only `PREFETCH` documents). A failed commit is raised in
    the run's thread by the next `submit` or by `drain`; later batches are not committed."""

    def __init__(self, store: ParquetStore, report: Reporter) -> None:
        self.store = store
        self.report = report
        self.jobs: queue.Queue[tuple[str, dict[str, Any], dict[str, Any]] | None] = queue.Queue(1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._loop, name="prikaz-commit", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                if job is None:
                    return
                if self.error is None:
                    batch_id, rows, updates = job
                    self.store.write_batch(batch_id, rows, updates=updates)
                    self.report("batch_committed", {"batch_id": batch_id})
            except BaseException as exc:  # surfaced in the run's thread
                self.error = exc
            finally:
                self.jobs.task_done()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def submit(self, batch_id: str, rows: dict[str, Any], updates: dict[str, Any]) -> None:
        self._raise()
        self.jobs.put((batch_id, rows, updates))

    def drain(self) -> None:
        """Wait until every submitted batch is committed; raise the first failure."""
        self.jobs.join()
        self._raise()

    def close(self) -> None:
        """Finish the batch being written and stop (no store write after this returns)."""
        while True:
            try:  # a second Ctrl-C must not let the run write beside a commit in progress
                self.jobs.put(None)
                break
            except KeyboardInterrupt:
                continue
        while self.thread.is_alive():
            with contextlib.suppress(KeyboardInterrupt):
                self.thread.join()


def _quiet(event: str, fields: dict[str, Any]) -> None:
    pass


@dataclass
class _Discovery:
    todo: list[InputFile] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    found: dict[str, str | None] = field(default_factory=dict)  # every path seen -> hash
    hashes: set[str] = field(default_factory=set)  # hashes to extract in this run


def _discover(
    store: ParquetStore, input_dir: str | Path, summary: RunSummary, force: bool, retry: bool
) -> _Discovery:
    known = store.known_documents() if retry and not force else store.known_hashes()
    known_error_paths = store.known_error_paths()
    found = _Discovery()
    for path in discover(input_dir):
        summary.seen += 1
        item = hash_input(path, input_dir)
        found.found[path] = item.sha256
        if item.error is not None:
            if path in known_error_paths and not (force or retry):
                summary.skipped += 1  # already in `errors`, unreadable then as now
            else:
                found.errors.append(item.error)
            continue
        assert item.sha256 is not None
        if item.sha256 in found.hashes or (item.sha256 in known and not force):
            summary.skipped += 1  # same bytes already extracted (or twice in this input)
            continue
        found.hashes.add(item.sha256)
        found.todo.append(item)
    return found


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
    Whatever ends the run (success, an exception, Ctrl-C), a `runs` row is written when the
    store can take it, and `run_finished` is reported with `status` ok/failed/interrupted.
    """
    # pyarrow stays out of the worker processes, which import this module for `process_path`.
    from prikaz.pipeline.writers.parquet import ParquetStore  # noqa: PLC0415  (see above)

    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    summary = RunSummary(new_run_id(started))
    store = ParquetStore(out_dir)
    try:
        with store.lock():
            try:
                _run(store, input_dir, summary, force, retry_failed, executor, on_result, report)
            except KeyboardInterrupt as exc:
                summary.status, summary.message = "interrupted", str(exc) or "interrupted"
                raise
            except BaseException as exc:
                summary.status, summary.message = "failed", one_line(exc)
                raise
            finally:
                summary.seconds = time.perf_counter() - t0
                _record_run(store, summary, started)
    except BaseException as exc:
        if summary.status == "ok":  # the lock was refused
            summary.status, summary.message = "failed", one_line(exc)
        raise
    finally:
        report("run_finished", summary_fields(summary))
    return summary


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        text = f"{exc.strerror}{where}"
    return f"{type(exc).__name__}: {text}"[:500]


def _run(
    store: ParquetStore,
    input_dir: str | Path,
    summary: RunSummary,
    force: bool,
    retry_failed: bool,
    executor: Executor,
    on_result: Callable[[WorkResult], None] | None,
    report: Reporter,
) -> None:
    run_id = summary.run_id
    store.ensure()
    summary.quarantined = store.recover().quarantined
    report("run_started", {"run_id": run_id, "input": str(input_dir), "out": str(store.root)})
    found = _discover(store, input_dir, summary, force, retry_failed)
    redo = found.hashes & store.known_hashes()
    redo_paths = {e.source_path for e in found.errors} & store.known_error_paths()
    summary.new = len(found.todo) + len(found.errors)
    report("inputs_found", {"seen": summary.seen, "new": summary.new, "skipped": summary.skipped})
    if redo or redo_paths:  # forced or retried inputs: old rows go first, in commits
        summary.purged_batches = store.purge(redo, paths=redo_paths)
        report("purged", {"inputs": len(redo), "batches": summary.purged_batches})
    versions = _versions(store, input_dir, found, summary, report)
    buffer = BatchBuffer(store, run_id, versions)
    committer = Committer(store, report)
    seq = 0

    def flush() -> None:
        nonlocal seq
        taken = buffer.take()
        if taken is not None:
            committer.submit(f"{run_id}-{seq:05d}", *taken)
            seq += 1

    def add(result: WorkResult) -> None:
        if result.error is not None:
            summary.failed += 1
            summary.errors.append(result.error)
        else:
            summary.ok += 1
            summary.unparsed_deadlines += result.unparsed
            summary.roadmap_rows += result.roadmap_rows
            summary.stage_errors += result.stage_errors
        buffer.add(result)
        report("document", _result_fields(result))
        if on_result is not None:
            on_result(result)
        if buffer.docs >= BATCH_SIZE:
            flush()

    try:
        for err in found.errors:
            add(WorkResult(None, error=err))
        _consume(executor(found.todo, RunContext(run_id, str(store.root))), add, flush)
        flush()
        committer.drain()
    finally:
        committer.close()  # no write of this thread outlives the run's own writes


def _versions(
    store: ParquetStore,
    input_dir: str | Path,
    found: _Discovery,
    summary: RunSummary,
    report: Reporter,
) -> Versions:
    """Flag what the input no longer holds now; keep the rest for the commits of new inputs."""
    versions = Versions(store, summary.run_id, input_dir)
    now = versions.plan(found.found, found.hashes)
    summary.removed = sum(1 for u in now.values() if u["removed_in_run"] == summary.run_id)
    summary.superseded = sum(len(d) for d in versions.deferred.values())
    summary.superseded += sum(1 for u in now.values() if u["superseded_by"])
    if now:
        report("versions", {"updated": len(now), "batches": store.update_documents(now)})
    return versions


def _consume(
    results: Iterable[WorkResult], add: Callable[[WorkResult], None], flush: Callable[[], None]
) -> None:
    iterator = iter(results)
    try:
        while True:
            try:
                result = next(iterator)
            except StopIteration:
                break
            except KeyboardInterrupt:
                flush()  # what is parsed is kept; the rest is redone by the next run
                raise
            add(result)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # stops the workers now, not when the generator is collected


def _record_run(store: ParquetStore, summary: RunSummary, started: dt.datetime) -> None:
    """Write the run's `runs` row; if the store cannot take it, say so in the message."""
    row = RunRecord(
        run_id=summary.run_id,
        started_at=started,
        finished_at=dt.datetime.now(dt.UTC),
        seen=summary.seen,
        new=summary.new,
        ok=summary.ok,
        failed=summary.failed,
        skipped=summary.skipped,
        unparsed_deadlines=summary.unparsed_deadlines,
        version=__version__,
    )
    fields = {
        **_record_dict(row),
        "status": summary.status,
        "message": summary.message,
        "stage_errors": summary.stage_errors,
        "quarantined": len(summary.quarantined),
    }
    try:
        store.finish_commits()  # a commit an interrupt cut off after its commit point
        store.write_batch(f"{summary.run_id}-run", {"runs": [fields]})
    except Exception as exc:
        note = f"runs row not written: {one_line(exc)}"
        summary.message = f"{summary.message}; {note}" if summary.message else note
        if summary.status == "ok":
            summary.status = "failed"


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
        "stage_errors": summary.stage_errors,
        "superseded": summary.superseded,
        "removed": summary.removed,
        "quarantined": len(summary.quarantined),
        "seconds": round(summary.seconds, 3),
        "docs_per_second": round(summary.docs_per_second, 2),
        "status": summary.status,
        "message": summary.message,
    }


def _record_dict(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}
