"""The batch run: incremental and idempotent, crash-safe, fault-isolated.

Documents are parsed by `tests.batch_doubles.fake_process` (deterministic rows from a text
file, misbehaving on request) so that these tests check the runner, not the extractors.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import psutil
import pyarrow.parquet as pq
import pytest

import prikaz.pipeline.run as run_module
from prikaz.pipeline.executors import Limits, LocalExecutor, WorkerPool
from prikaz.pipeline.run import InputFile, run_batch, sha256_file
from prikaz.pipeline.writers.parquet import PART, ParquetStore
from prikaz.pipeline.writers.schemas import TABLES
from tests.batch_doubles import FAKE

ROOT = Path(__file__).resolve().parent.parent
VOLATILE = {"run_id", "at"}  # differ between runs by design


def make_corpus(folder: Path, n: int, extra: str = "") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"doc{i:03d}.txt"
        p.write_text(f"Приказ № {i}\nмероприятие {i}-a\nмероприятие {i}-b\n{extra}", "utf-8")
        paths.append(p)
    return paths


def executor(workers: int = 2, timeout: float = 10.0, memory_mb: int | None = 400) -> Any:
    return LocalExecutor(workers, Limits(timeout=timeout, memory_mb=memory_mb, process=FAKE))


def snapshot(out: Path) -> dict[str, list[tuple]]:
    """Every table's rows as a glob reader sees them (`<table>/*.parquet`, as DuckDB, pandas
    or Polars would read them), without the columns that name the run, in a canonical order."""
    tables = {}
    for table in TABLES:
        if table == "runs":
            continue
        rows = [
            r for p in sorted((out / table).glob("*.parquet")) for r in pq.read_table(p).to_pylist()
        ]
        tables[table] = sorted(
            tuple(sorted((k, repr(v)) for k, v in r.items() if k not in VOLATILE)) for r in rows
        )
    return tables


def assert_every_input_accounted(inp: Path, out: Path) -> None:
    store = ParquetStore(out)
    docs = store.read_table("documents").column("doc_id").to_pylist()
    errs = store.read_table("errors").column("sha256").to_pylist()
    assert len(docs) == len(set(docs)), "a document is in `documents` twice"
    for path in inp.rglob("*"):
        if path.is_file():
            assert sha256_file(path) in set(docs) | set(errs), path


def assert_glob_equals_committed(out: Path) -> None:
    """What DuckDB/pandas see by globbing part files is what the markers commit."""
    store = ParquetStore(out)
    committed = store.committed_batches()
    for table in TABLES:
        for p in (out / table).iterdir():
            m = PART.match(p.name)
            assert m and m["batch"] in committed, p


def test_rerun_adds_no_rows(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_corpus(inp, 6)
    first = run_batch(inp, out, executor=executor())
    assert (first.seen, first.new, first.ok, first.failed, first.skipped) == (6, 6, 6, 0, 0)
    before = snapshot(out)
    second = run_batch(inp, out, executor=executor())
    assert (second.seen, second.new, second.ok, second.skipped) == (6, 0, 0, 6)
    assert snapshot(out) == before
    assert ParquetStore(out).read_table("runs").num_rows == 2
    assert_every_input_accounted(inp, out)


def test_new_and_duplicate_inputs(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_corpus(inp, 3)
    run_batch(inp, out, executor=executor())
    (inp / "copy.txt").write_bytes((inp / "doc000.txt").read_bytes())  # same bytes: one doc
    (inp / "new.txt").write_text("Приказ новый\nстрока\n", "utf-8")
    summary = run_batch(inp, out, executor=executor())
    assert (summary.seen, summary.new, summary.ok, summary.skipped) == (5, 1, 1, 4)
    assert ParquetStore(out).read_table("documents").num_rows == 4


def test_force_supersedes_old_rows(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_corpus(inp, 5)
    first = run_batch(inp, out, executor=executor())
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "kept.txt").write_text("Приказ вне входа\n", "utf-8")
    run_batch(tmp_path / "other", out, executor=executor())
    before = snapshot(out)
    forced = run_batch(inp, out, force=True, executor=executor())
    assert (forced.new, forced.ok, forced.skipped) == (5, 5, 0)
    assert snapshot(out) == before  # same rows, not twice
    docs = ParquetStore(out).read_table("documents").to_pylist()
    run_of = {Path(d["source_path"]).name: d["run_id"] for d in docs}
    assert run_of.pop("kept.txt") != forced.run_id  # not in the forced input: untouched
    assert set(run_of.values()) == {forced.run_id} != {first.run_id}
    assert_glob_equals_committed(out)
    for table in TABLES:  # every folder still holds a schema-bearing part
        assert pq.read_table(out / table).schema.names == TABLES[table].names


def test_retry_failed_replaces_the_error(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_corpus(inp, 2)
    (inp / "slow.txt").write_text("Приказ медленный\n@@SLOW 1.5\n", "utf-8")
    first = run_batch(inp, out, executor=executor(timeout=0.5))
    assert first.failed == 1 and first.errors[0].error_type == "timeout"
    assert run_batch(inp, out, executor=executor()).new == 0  # failures are not redone...
    retried = run_batch(inp, out, retry_failed=True, executor=executor(timeout=5))
    assert (retried.new, retried.ok, retried.skipped) == (1, 1, 2)  # ...unless asked
    store = ParquetStore(out)
    assert store.read_table("errors").num_rows == 0
    assert store.read_table("documents").num_rows == 3


def test_faulty_documents_are_isolated(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_corpus(inp, 6)
    for name in ("HANG", "ALLOC", "RAISE", "CRASH"):
        (inp / f"bad_{name.lower()}.txt").write_text(f"Приказ\n@@{name}\n", "utf-8")
    summary = run_batch(inp, out, executor=executor(timeout=1.0, memory_mb=300))
    assert (summary.ok, summary.failed) == (6, 4)
    got = {Path(e.source_path).name: (e.stage, e.error_type) for e in summary.errors}
    assert got == {
        "bad_hang.txt": ("worker", "timeout"),
        "bad_alloc.txt": ("worker", "memory_limit"),
        "bad_raise.txt": ("worker", "internal_error"),
        "bad_crash.txt": ("worker", "worker_crashed"),
    }
    # The hang is cut by its own time limit (recorded as `timeout` above), not by the batch's
    # end; speed is measured in benchmarks/, never asserted here.
    errors = ParquetStore(out).read_table("errors").to_pylist()
    assert {Path(e["source_path"]).name for e in errors} == set(got)
    assert all(e["sha256"] and e["message"] and e["run_id"] == summary.run_id for e in errors)
    assert_every_input_accounted(inp, out)


def test_killed_workers_are_replaced(tmp_path: Path) -> None:
    """More hanging documents than workers: each kill must bring a fresh worker."""
    inp = tmp_path / "in"
    make_corpus(inp, 3)
    for i in range(3):
        (inp / f"hang{i}.txt").write_text(f"Приказ {i}\n@@HANG\n", "utf-8")
    items = [InputFile(str(p), sha256_file(p)) for p in sorted(inp.iterdir())]
    with WorkerPool(2, Limits(timeout=0.5, process=FAKE)) as pool:
        results = list(pool.imap(items))
    assert (
        sorted(r.error.error_type if r.error else "ok" for r in results)
        == ["ok"] * 3 + ["timeout"] * 3
    )


def test_memory_cap_lets_a_normal_document_through(tmp_path: Path) -> None:
    """The cap bounds address space: a worker within it parses normally, peak RSS reported."""
    inp = tmp_path / "in"
    make_corpus(inp, 2)
    items = [InputFile(str(p), sha256_file(p)) for p in sorted(inp.iterdir())]
    with WorkerPool(1, Limits(timeout=10, memory_mb=300, process=FAKE)) as pool:
        results = list(pool.imap(items))
        peaks = list(pool.peak_rss.values())
    assert all(r.error is None for r in results)
    assert peaks and all(0 < p < 300 * 2**20 for p in peaks)


def run_driver(inp: Path, out: Path, batch: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.batch_doubles", str(inp), str(out), "--batch", str(batch)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for_markers(out: Path, n: int, proc: subprocess.Popen[bytes], limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        commits = out / "_commits"
        if commits.is_dir() and len(list(commits.glob("*.json"))) >= n:
            return
        time.sleep(0.01)


def test_kill_9_then_rerun_equals_uninterrupted_run(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    make_corpus(inp, 24, extra="@@SLOW 0.05\n")
    (inp / "bad.txt").write_text("Приказ\n@@RAISE\n", "utf-8")
    reference, crashed = tmp_path / "reference", tmp_path / "crashed"
    assert run_driver(inp, reference, batch=3).wait(timeout=60) == 0

    kills = 0
    for markers in (1, 3, 5):  # kill a real run at several points, resume each time
        proc = run_driver(inp, crashed, batch=3)
        wait_for_markers(crashed, markers, proc)
        workers = psutil.Process(proc.pid).children(recursive=True)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait(timeout=10)
        _, alive = psutil.wait_procs(workers, timeout=5)
        assert not alive, "orphaned workers outlived the killed run"
    assert kills >= 2
    final = run_driver(inp, crashed, batch=3)
    assert final.wait(timeout=60) == 0, final.stderr.read() if final.stderr else ""

    assert snapshot(crashed) == snapshot(reference)
    assert_every_input_accounted(inp, crashed)
    assert_glob_equals_committed(crashed)
    again = run_batch(inp, crashed, executor=executor())
    assert again.new == 0 and snapshot(crashed) == snapshot(reference)


def test_crash_during_purge_is_finished_by_recover(tmp_path: Path, monkeypatch) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_corpus(inp, 4)
    monkeypatch.setattr(run_module, "BATCH_SIZE", 2)
    run_batch(inp, out, executor=executor())
    before = snapshot(out)
    store = ParquetStore(out)
    victim = sha256_file(inp / "doc000.txt")
    # The rewritten generation is committed, then the process dies before its renames.
    monkeypatch.setattr(ParquetStore, "_roll_forward", lambda self, batch, marker: False)
    assert store.purge({victim}) == 1
    monkeypatch.undo()
    assert victim not in store.known_hashes()  # committed: the input will be redone
    assert len(list((out / "_staging").iterdir())) == 1
    report = store.recover()
    assert len(report.rolled_forward) == 1 and not report.quarantined
    assert not list((out / "_staging").iterdir())
    assert victim not in store.read_table("documents").column("doc_id").to_pylist()
    assert_glob_equals_committed(out)
    summary = run_batch(inp, out, executor=executor())
    assert (summary.new, summary.ok) == (1, 1)
    assert snapshot(out) == before


def test_store_lock_refuses_a_second_writer(tmp_path: Path) -> None:
    from prikaz.pipeline.writers.parquet import StoreLocked

    make_corpus(tmp_path / "in", 1)
    with ParquetStore(tmp_path / "out").lock(), pytest.raises(StoreLocked):
        run_batch(tmp_path / "in", tmp_path / "out", executor=executor())


def test_parts_are_readable_by_globbing_tools(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_corpus(inp, 3)
    run_batch(inp, out, executor=executor())
    assert pq.read_table(out / "documents").num_rows == 3
    glob = str(out / "roadmap_items" / "**" / "*.parquet")
    assert duckdb.sql(f"select count(*) from '{glob}'").fetchall() == [(9,)]  # three lines each


def test_unreadable_input_is_recorded_once(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_corpus(inp, 2)
    (tmp_path / "outside.txt").write_text("Приказ вне папки\n", "utf-8")
    (inp / "escape.txt").symlink_to(tmp_path / "outside.txt")  # not followed: an error, no hash
    first = run_batch(inp, out, executor=executor())
    assert [e.error_type for e in first.errors] == ["symlink_outside_input"]
    second = run_batch(inp, out, executor=executor())
    assert (second.new, second.failed, second.skipped) == (0, 0, 3)
    forced = run_batch(inp, out, force=True, executor=executor())
    assert (forced.new, forced.failed) == (3, 1)
    errors = ParquetStore(out).read_table("errors").to_pylist()
    assert [(e["error_type"], e["run_id"]) for e in errors] == [
        ("symlink_outside_input", forced.run_id)
    ]


def test_a_large_result_read_late_is_not_a_timeout(tmp_path: Path) -> None:
    """Results bigger than a pipe wait in the worker's write while the run is busy."""
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(3):
        (inp / f"big{i}.txt").write_text(f"Приказ {i}\n@@BIG 4\n", "utf-8")
    items = [InputFile(str(p), sha256_file(p)) for p in sorted(inp.iterdir())]
    results = []
    with WorkerPool(2, Limits(timeout=0.5, process=FAKE)) as pool:
        for result in pool.imap(items):
            results.append(result)
            time.sleep(0.8)  # the run is slow to read: the other worker's deadline passes
    assert [r.error for r in results] == [None] * 3
    assert all(len(r.rows["roadmap_items"][1]["activity"]) == 4 << 19 for r in results)


def test_documents_queued_behind_a_failure_are_not_lost(tmp_path: Path) -> None:
    """A worker holds its next document already; when it dies, that one goes elsewhere."""
    inp = tmp_path / "in"
    inp.mkdir()
    names = ["a_crash", "b_ok", "c_hang", "d_ok", "e_alloc", "f_ok"]
    for name in names:
        marker = {"crash": "@@CRASH", "hang": "@@HANG", "alloc": "@@ALLOC"}.get(name[2:], "")
        (inp / f"{name}.txt").write_text(f"Приказ {name}\n{marker}\n", "utf-8")
    items = [InputFile(str(p), sha256_file(p)) for p in sorted(inp.iterdir())]
    with WorkerPool(1, Limits(timeout=0.5, memory_mb=300, process=FAKE)) as pool:
        results = list(pool.imap(items))
    got = {Path(r.rows["documents"][0]["source_path"]).stem for r in results if not r.error}
    failed = {Path(r.error.source_path).stem: r.error.error_type for r in results if r.error}
    assert got == {"b_ok", "d_ok", "f_ok"}
    assert failed == {"a_crash": "worker_crashed", "c_hang": "timeout", "e_alloc": "memory_limit"}


def test_a_worker_killed_from_outside_is_retried_once(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "once.txt").write_text(f"Приказ\n@@KILLED_ONCE {tmp_path / 'flag'}\n", "utf-8")
    (inp / "always.txt").write_text("Приказ\n@@KILLED\n", "utf-8")
    (inp / "segv.txt").write_text("Приказ\n@@CRASH\n", "utf-8")
    items = [InputFile(str(p), sha256_file(p)) for p in sorted(inp.iterdir())]
    with WorkerPool(1, Limits(timeout=5, process=FAKE)) as pool:
        results = {
            Path(r.error.source_path if r.error else r.rows["documents"][0]["source_path"]).stem: r
            for r in pool.imap(items)
        }
    assert results["once"].error is None  # killed, retried, parsed
    always = results["always"].error
    assert always is not None and always.error_type == "worker_killed"
    assert "killed by SIGKILL" in always.message
    segv = results["segv"].error
    assert segv is not None and segv.error_type == "worker_crashed"  # its own fault: no retry


def test_rows_written_before_the_version_flags_get_them(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    kept, gone = make_corpus(inp, 2)
    rows = [{"doc_id": sha256_file(p), "source_path": str(p)} for p in (kept, gone)]
    ParquetStore(out).write_batch("old", {"documents": rows})  # no flags: nulls
    gone.unlink()
    summary = run_batch(inp, out, executor=executor())
    assert (summary.new, summary.removed) == (0, 1)
    flags = {
        Path(r["source_path"]).name: (r["is_current"], r["removed_in_run"])
        for r in ParquetStore(out).read_table("documents").to_pylist()
    }
    assert flags == {kept.name: (True, None), gone.name: (False, summary.run_id)}
