"""The store under crashes, full disks and damage, and document versions — real extractors.

Every run here reads and extracts with the real readers and extractors (the seeds and
variants of them); `tests/test_batch.py` covers the runner with a stand-in parser.
"""

from __future__ import annotations

import errno
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import psutil
import pyarrow.parquet as pq
import pytest

import prikaz.pipeline.writers.parquet as parquet_module
from prikaz.pipeline.cli import main
from prikaz.pipeline.executors import Limits, LocalExecutor
from prikaz.pipeline.run import BATCH_SIZE, run_batch, sha256_file
from prikaz.pipeline.writers.parquet import ParquetStore
from tests.conftest import ROOT, SEEDS_DIR
from tests.test_batch import (
    assert_every_input_accounted,
    assert_glob_equals_committed,
    snapshot,
    wait_for_markers,
)

OWN_NUMBER = re.compile(r"^((?:от\s+\S+\s+)?№\s*\d\S*)", re.MULTILINE)
FORMATS = ROOT / "tests" / "fixtures" / "formats"


def real_corpus(folder: Path, variants: int, first: int = 1) -> Path:
    """The five seeds and `variants` copies of each with its own number changed (copies
    numbered from `first`, so that a later call adds new inputs)."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        text = seed.read_text("utf-8")
        (folder / seed.name).write_text(text, "utf-8")
        for k in range(first, first + variants):
            varied = OWN_NUMBER.sub(lambda m, k=k: f"{m[1]}/{k}", text, count=1)
            (folder / f"{seed.stem}-v{k}.txt").write_text(varied, "utf-8")
    return folder


def real_executor(workers: int = 2) -> LocalExecutor:
    return LocalExecutor(workers, Limits(timeout=60))


def driver(inp: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "tests.batch_doubles", str(inp), str(out), "--real"]
    return subprocess.Popen(
        [*cmd, "--batch", "2", *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


class GlobObserver(threading.Thread):
    """Reads the tables by glob, as DuckDB or pandas would, again and again during a run.

    `documents` is read before `roadmap_items`: a document a glob sees must have all its rows
    (and never twice).
    """

    def __init__(self, out: Path) -> None:
        super().__init__(daemon=True)
        self.out = out
        self.stop = threading.Event()
        self.looks = 0
        self.problems: list[str] = []

    def read(self, table: str, columns: list[str]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for path in sorted((self.out / table).glob("*.parquet")):
            rows += pq.read_table(path, columns=columns).to_pylist()
        return rows

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                docs = self.read("documents", ["doc_id", "n_roadmap_rows"])
                items = Counter(r["doc_id"] for r in self.read("roadmap_items", ["doc_id"]))
            except FileNotFoundError:
                continue  # the folder is not made yet
            ids = Counter(d["doc_id"] for d in docs)
            twice = [d for d, n in ids.items() if n > 1]
            torn = [d["doc_id"] for d in docs if items[d["doc_id"]] != d["n_roadmap_rows"]]
            if twice or torn:
                self.problems.append(f"twice {twice[:2]}, torn {torn[:2]}")
            self.looks += 1


def test_sigkill_of_run_and_worker_then_rerun_equals_uninterrupted(tmp_path: Path) -> None:
    # New inputs arrive before every run, as in nightly use: a run whose worker is killed
    # goes on and extracts everything, so without them the next run would find no work left
    # to be killed in.
    inp = real_corpus(tmp_path / "in", variants=9)
    (inp / "empty.txt").write_bytes(b"")  # an error row too
    reference, crashed = tmp_path / "reference", tmp_path / "crashed"
    rng = random.Random(20261202)
    observer = GlobObserver(crashed)
    observer.start()
    kills = 0
    for i, victim in enumerate(("run", "worker", "run", "worker")):
        real_corpus(inp, variants=9, first=10 + 9 * i)
        before = len(list(crashed.glob("_commits/*.json")))
        proc = driver(inp, crashed)
        wait_for_markers(crashed, before + rng.randint(1, 2), proc, limit=120)
        time.sleep(rng.uniform(0.0, 0.5))  # anywhere in the next batch
        tree = psutil.Process(proc.pid).children(recursive=True) if proc.poll() is None else []
        if proc.poll() is None:
            target = proc.pid if victim == "run" or not tree else rng.choice(tree).pid
            os.kill(target, signal.SIGKILL)
            kills += 1
            if target != proc.pid:  # a killed worker: its document is retried, the run goes on
                assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
        proc.wait(timeout=120)
        _, alive = psutil.wait_procs(tree if proc.returncode else [], timeout=10)
        assert not alive, "workers outlived the killed run"
    final = driver(inp, crashed)
    assert final.wait(timeout=180) == 0, final.stderr.read() if final.stderr else ""
    observer.stop.set()
    observer.join()
    run_batch(inp, reference, executor=real_executor())  # uninterrupted, the same inputs
    assert kills >= 3
    assert observer.looks > 10 and not observer.problems, observer.problems[:3]
    assert snapshot(crashed) == snapshot(reference)
    assert_every_input_accounted(inp, crashed)
    assert_glob_equals_committed(crashed)
    assert not list((crashed / "_staging").iterdir())
    assert not (crashed / "_quarantine").exists()


class DiskFull:
    """`pq.write_table` that fails with ENOSPC on calls `first` .. `first + times - 1`."""

    def __init__(self, first: int, times: int) -> None:
        self.calls, self.first, self.times = 0, first, times
        self.real = pq.write_table

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.calls += 1
        if self.first <= self.calls < self.first + self.times:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(args[1]))
        self.real(*args, **kwargs)


def test_disk_full_exits_3_keeps_committed_data_and_rerun_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inp = real_corpus(tmp_path / "in", variants=1)
    reference, out = tmp_path / "reference", tmp_path / "out"
    run_batch(inp, reference, executor=real_executor())
    monkeypatch.setattr("prikaz.pipeline.run.BATCH_SIZE", 3)
    fault = DiskFull(first=14, times=1)  # the second batch's staging: 10 tables a commit
    monkeypatch.setattr(parquet_module.pq, "write_table", fault)
    code = main(["run", str(inp), "--out", str(out), "--workers", "2", "--log-json"])
    err = capsys.readouterr().err
    assert code == 3
    assert "prikaz run: run failed: OSError: No space left on device" in err
    assert "Traceback" not in err
    final = json.loads(err.strip().splitlines()[-1])
    assert (final["event"], final["status"], final["exit_code"]) == ("run_finished", "failed", 3)
    store = ParquetStore(out)
    runs = store.read_table("runs").to_pylist()
    assert [r["status"] for r in runs] == ["failed"] and "No space" in runs[0]["message"]
    committed = store.read_table("documents").num_rows
    assert committed == 3  # the first batch is intact, nothing of the second is visible
    assert not list((out / "_staging").iterdir())
    assert_glob_equals_committed(out)
    monkeypatch.undo()
    assert main(["run", str(inp), "--out", str(out), "--workers", "2"]) == 0
    assert snapshot(out) == snapshot(reference)


def test_unwritable_out_exits_3_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inp = real_corpus(tmp_path / "in", variants=0)
    (tmp_path / "file").write_text("not a folder", "utf-8")
    assert main(["run", str(inp), "--out", str(tmp_path / "file" / "out"), "--log-json"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("prikaz run: run failed: NotADirectoryError")
    assert json.loads(err[-1])["exit_code"] == 3 and len(err) == 2


def test_damage_is_quarantined_reported_and_redone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inp = real_corpus(tmp_path / "in", variants=1)
    out = tmp_path / "out"
    import prikaz.pipeline.run as run_module

    run_module.BATCH_SIZE, size = 2, run_module.BATCH_SIZE
    try:
        run_batch(inp, out, executor=real_executor())
    finally:
        run_module.BATCH_SIZE = size
    reference = snapshot(out)
    store = ParquetStore(out)
    batches = sorted(b for b in store.committed_batches() if not b.endswith("-run"))
    truncated = out / "roadmap_items" / f"part-{batches[0]}.parquet"
    truncated.write_bytes(truncated.read_bytes()[:100])
    zero = out / "_commits" / f"{batches[1]}.json"
    zero.write_bytes(b"")
    garbage = out / "_commits" / f"{batches[2]}.json"
    garbage.write_bytes(b"\x00garbage{")
    # A marker left under its temporary name is never a commit, whatever it names.
    (out / "_commits" / f".tmp-{batches[3]}.json").write_text(
        json.dumps({"batch_id": batches[3], "gen": 9, "parts": {}, "doc_ids": []}), "utf-8"
    )
    damaged_bytes = {str(p.relative_to(out)): p.read_bytes() for p in (truncated, zero, garbage)}

    assert main(["status", "--out", str(out)]) == 3  # reports, does not crash
    text = capsys.readouterr().out
    assert f"roadmap_items/part-{batches[0]}.parquet" in text and "DAMAGED" in text

    assert main(["verify", "--out", str(out)]) == 3
    text = capsys.readouterr().out
    assert text.count("quarantined: ") == 3
    assert "unreadable commit marker" in text and "roadmap_items: unreadable" in text
    kept = {
        str(p.relative_to(entry)): p.read_bytes()
        for entry in (out / "_quarantine").iterdir()
        for p in entry.rglob("*")
        if p.is_file()
    }
    for name, data in damaged_bytes.items():
        assert kept[name] == data, f"{name} was not kept as it was"
    assert store.known_hashes() and store.read_table("documents").num_rows < len(
        reference["documents"]
    )
    assert main(["verify", "--out", str(out)]) == 0  # what is left is sound
    capsys.readouterr()

    summary = run_batch(inp, out, executor=real_executor())
    assert summary.new == 6 and not summary.quarantined  # the three batches' inputs, again
    assert snapshot(out) == reference
    assert main(["status", "--out", str(out)]) == 0
    assert "quarantined: _quarantine/" in capsys.readouterr().out


def current_per_path(out: Path) -> dict[str, list[dict[str, Any]]]:
    rows = ParquetStore(out).read_table("documents").to_pylist()
    by_path: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_path.setdefault(r["source_path"], []).append(r)
    return by_path


class CurrentWatcher(GlobObserver):
    """Reads `documents/*.parquet` by glob during a run: never two current rows for a path."""

    def run(self) -> None:
        while not self.stop.is_set():
            docs = self.read("documents", ["source_path", "is_current"])
            current = Counter(d["source_path"] for d in docs if d["is_current"])
            twice = [p for p, n in current.items() if n > 1]
            if twice:
                self.problems.append(f"two current rows: {twice[:2]}")
            self.looks += 1


def test_versions_one_current_row_per_path(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    for seed in seeds[:3]:
        (inp / seed.name).write_bytes(seed.read_bytes())
    docx = FORMATS / f"{seeds[0].stem}.docx"  # the same act as seeds[0], as a Word file
    (inp / docx.name).write_bytes(docx.read_bytes())
    out = tmp_path / "out"
    first = run_batch(inp, out, executor=real_executor())
    assert first.ok == 4

    corrected, deleted = inp / seeds[1].name, inp / seeds[2].name
    old_hash, gone_hash = sha256_file(corrected), sha256_file(deleted)
    text = corrected.read_text("utf-8")
    corrected.write_text(text.replace("наставничества", "наставничества (ред.)", 1), "utf-8")
    deleted.unlink()
    watcher = CurrentWatcher(out)
    watcher.start()
    second = run_batch(inp, out, executor=real_executor())
    watcher.stop.set()
    watcher.join()
    assert watcher.looks > 5 and not watcher.problems, watcher.problems[:3]
    assert (second.new, second.ok, second.superseded, second.removed) == (1, 1, 1, 1)

    by_path = current_per_path(out)
    for path in inp.iterdir():
        current = [r for r in by_path[str(path)] if r["is_current"]]
        assert len(current) == 1 and current[0]["doc_id"] == sha256_file(path), path
    old = next(r for r in by_path[str(corrected)] if r["doc_id"] == old_hash)
    assert (old["is_current"], old["superseded_by"]) == (False, sha256_file(corrected))
    (gone,) = by_path[str(deleted)]
    assert (gone["doc_id"], gone["is_current"], gone["removed_in_run"]) == (
        gone_hash,
        False,
        second.run_id,
    )
    txt, word = by_path[str(inp / seeds[0].name)][0], by_path[str(inp / docx.name)][0]
    assert {txt["same_act_as"], word["same_act_as"]} == {None, min(txt["doc_id"], word["doc_id"])}

    acts = duckdb.sql(
        f"select region, count(distinct coalesce(same_act_as, doc_id)) as acts, count(*) as files "
        f"from '{out}/documents/*.parquet' where is_current group by region order by region"
    ).fetchall()
    assert sum(a for _, a, _ in acts) == 2 and sum(f for _, _, f in acts) == 3
    rows = duckdb.sql(
        f"select count(*) from '{out}/roadmap_items/*.parquet' r "
        f"join '{out}/documents/*.parquet' d using (doc_id) where d.is_current"
    ).fetchall()
    expected = sum(r["n_roadmap_rows"] for rs in by_path.values() for r in rs if r["is_current"])
    assert rows == [(expected,)]

    third = run_batch(inp, out, executor=real_executor())  # nothing changed: nothing flips
    assert (third.new, third.superseded, third.removed) == (0, 0, 0)
    (inp / deleted.name).write_bytes(seeds[2].read_bytes())  # it comes back: current again
    fourth = run_batch(inp, out, executor=real_executor())
    assert fourth.new == 0
    (back,) = current_per_path(out)[str(deleted)]
    assert (back["is_current"], back["removed_in_run"]) == (True, None)


def test_sigterm_ends_like_ctrl_c_with_a_final_event(tmp_path: Path) -> None:
    # More documents than one batch (BATCH_SIZE): the signal comes after the first commit and
    # while about as many documents again are still to do, whatever the machine's speed.
    inp = real_corpus(tmp_path / "in", variants=25)
    assert len(list(inp.iterdir())) >= 2 * BATCH_SIZE
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "prikaz", "run", str(inp), "--out", str(out), "--log-json"]
    proc = subprocess.Popen(
        [*cmd, "--workers", "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.glob("_commits/*.json")):
        time.sleep(0.05)
    tree = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr.decode()[-2000:]
    lines = stderr.decode().strip().splitlines()
    assert lines[-2].startswith("prikaz run: terminated; committed batches are kept")
    final = json.loads(lines[-1])
    assert (final["event"], final["status"], final["exit_code"]) == (
        "run_finished",
        "interrupted",
        143,
    )
    (run,) = ParquetStore(out).read_table("runs").to_pylist()
    assert run["status"] == "interrupted" and run["ok"] >= 1
    _, alive = psutil.wait_procs(tree, timeout=10)
    assert not alive
    assert main(["run", str(inp), "--out", str(out), "--workers", "2"]) == 0


def test_run_on_a_damaged_store_quarantines_redoes_and_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inp = real_corpus(tmp_path / "in", variants=0)
    out = tmp_path / "out"
    run_batch(inp, out, executor=real_executor())
    reference = snapshot(out)
    (batch,) = [b for b in ParquetStore(out).committed_batches() if not b.endswith("-run")]
    (out / "_commits" / f"{batch}.json").write_bytes(b"")  # zero bytes: doubt, not deletion
    assert main(["run", str(inp), "--out", str(out), "--workers", "1"]) == 3
    captured = capsys.readouterr()
    assert "seen 5, new 5, ok 5" in captured.out  # its inputs were extracted again
    assert "prikaz run: store damaged: 1 item(s) quarantined (_quarantine/" in captured.err
    (entry,) = (out / "_quarantine").iterdir()
    assert (entry / "documents" / f"part-{batch}.parquet").is_file()
    assert snapshot(out) == reference
    assert main(["run", str(inp), "--out", str(out), "--workers", "1"]) == 0
    # A zero-byte part is found by the footer check every run makes: quarantined, redone.
    (batch,) = [b for b in ParquetStore(out).committed_batches() if not b.endswith("-run")]
    (out / "documents" / f"part-{batch}.parquet").write_bytes(b"")
    assert main(["run", str(inp), "--out", str(out), "--workers", "1"]) == 3
    assert "prikaz run: store damaged: 1 item(s) quarantined" in capsys.readouterr().err
    assert len(list((out / "_quarantine").iterdir())) == 2
    assert snapshot(out) == reference
