"""The Dask executor: same rows as the local pool, fenced, absolute paths, no leftovers.

A LocalCluster on loopback whose worker processes start in another working folder than the
client (so a relative path sent as is would not resolve there).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dask.distributed as distributed
import psutil
import pytest

from prikaz.pipeline.executors import DaskExecutor, Limits
from prikaz.pipeline.run import run_batch
from tests.batch_doubles import FAKE
from tests.test_batch import (
    ROOT,
    assert_every_input_accounted,
    assert_glob_equals_committed,
    executor,
    make_corpus,
    snapshot,
    wait_for_markers,
)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    elsewhere = tmp_path_factory.mktemp("dask-cwd")
    here = os.getcwd()
    os.chdir(elsewhere)  # the workers' working folder is not the client's
    try:
        local = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )
    finally:
        os.chdir(here)
    with local:
        yield local.scheduler_address


def parser_processes(address: str) -> list[psutil.Process]:
    with distributed.Client(address) as client:
        pids = client.run(os.getpid).values()
    return [c for pid in pids for c in psutil.Process(pid).children(recursive=True)]


def test_dask_equals_local_run_with_relative_paths(
    cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inp = tmp_path / "in"
    make_corpus(inp, 11)
    (inp / "bad.txt").write_text("Приказ\n@@RAISE\n", "utf-8")
    (inp / "hang.txt").write_text("Приказ\n@@HANG\n", "utf-8")
    monkeypatch.chdir(tmp_path)  # the CLI defaults are relative paths
    local = run_batch("in", "local", executor=executor(timeout=1.0))
    dask = DaskExecutor(cluster, 2, Limits(timeout=1.0, memory_mb=400, process=FAKE), chunk_size=4)
    summary = run_batch("in", "dask", executor=dask)

    assert (summary.ok, summary.failed) == (local.ok, local.failed) == (11, 2)
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "local")
    assert_every_input_accounted(inp, tmp_path / "dask")
    assert_glob_equals_committed(tmp_path / "dask")
    assert dask.peak_rss and all(v > 0 for v in dask.peak_rss.values())
    assert not parser_processes(cluster), "parser processes outlived the run"
    assert run_batch("in", "dask", executor=dask).new == 0


def test_killed_dask_client_then_rerun_has_no_duplicates(cluster: str, tmp_path: Path) -> None:
    """Tasks of a dead client go on running; they must not commit beside the new run's."""
    inp = tmp_path / "in"
    make_corpus(inp, 16, extra="@@SLOW 0.25\n")
    reference = tmp_path / "reference"
    run_batch(inp, reference, executor=executor())
    out = tmp_path / "out"
    rng = random.Random(17)
    cmd = [sys.executable, "-m", "tests.batch_doubles", str(inp), str(out), "--batch", "2"]
    cmd += ["--dask", cluster]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for_markers(out, rng.randint(1, 3), proc)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr.decode()[-2000:]
    time.sleep(2.0)  # the dead client's tasks finish meanwhile
    assert snapshot(out) == snapshot(reference)
    assert_every_input_accounted(inp, out)
    assert_glob_equals_committed(out)
