"""The Dask executor writes the same rows as the local pool (LocalCluster on loopback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prikaz.pipeline.executors import DaskExecutor, Limits
from prikaz.pipeline.run import run_batch
from prikaz.pipeline.writers.parquet import ParquetStore
from tests.batch_doubles import FAKE
from tests.test_batch import (
    assert_every_input_accounted,
    assert_glob_equals_committed,
    executor,
    make_corpus,
    snapshot,
)

pytest.importorskip("dask.distributed")


def test_dask_local_cluster_equals_local_run(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    make_corpus(inp, 11)
    (inp / "bad.txt").write_text("Приказ\n@@RAISE\n", "utf-8")
    (inp / "hang.txt").write_text("Приказ\n@@HANG\n", "utf-8")
    local = run_batch(inp, tmp_path / "local", executor=executor(timeout=1.0))

    dask = DaskExecutor("local", 2, Limits(timeout=1.0, memory_mb=400, process=FAKE), chunk_size=4)
    summary = run_batch(inp, tmp_path / "dask", executor=dask)

    assert (summary.ok, summary.failed) == (local.ok, local.failed) == (11, 2)
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "local")
    assert_every_input_accounted(inp, tmp_path / "dask")
    assert_glob_equals_committed(tmp_path / "dask")
    # The workers committed their own batches, one per chunk of 4 inputs.
    batches = ParquetStore(tmp_path / "dask").committed_batches()
    assert sum(f"{summary.run_id}-d" in b for b in batches) == 4
    assert dask.peak_rss and all(v > 0 for v in dask.peak_rss.values())
    assert run_batch(inp, tmp_path / "dask", executor=dask).new == 0
