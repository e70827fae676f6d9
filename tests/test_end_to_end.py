"""`prikaz run` and `prikaz extract` end to end on the seeds, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from tests.conftest import ROOT, SEEDS, SEEDS_DIR
from tests.test_roadmap import SEED_ROWS

PRIKAZ = [sys.executable, "-m", "prikaz"]


def prikaz(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PRIKAZ, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    done = prikaz("run", str(SEEDS_DIR), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "seen 5, new 5, ok 5, failed 0" in done.stdout
    return out


def test_run_writes_documents_and_rows_per_seed(out_dir: Path) -> None:
    docs = pd.read_parquet(out_dir / "documents")
    assert len(docs) == 5
    counts = dict(
        zip(docs.source_path.map(lambda p: Path(p).name[:3]), docs.n_roadmap_rows, strict=True)
    )
    assert counts == SEED_ROWS
    items = duckdb.sql(
        f"select doc_id, count(*) n from '{out_dir}/roadmap_items/**/*.parquet' group by doc_id"
    ).fetchall()
    assert sorted(n for _, n in items) == sorted(SEED_ROWS.values())
    assert pl.read_parquet(f"{out_dir}/documents/*.parquet").height == 5


def test_rerun_adds_nothing(out_dir: Path) -> None:
    before = {t.name: len(pd.read_parquet(t)) for t in out_dir.iterdir() if t.name[0] != "_"}
    done = prikaz("run", str(SEEDS_DIR), "--out", str(out_dir))
    assert done.returncode == 0, done.stderr
    assert "new 0" in done.stdout and "skipped 5" in done.stdout
    after = {t.name: len(pd.read_parquet(t)) for t in out_dir.iterdir() if t.name[0] != "_"}
    assert after == {**before, "runs": before["runs"] + 1}


@pytest.mark.parametrize("seed", SEEDS[:1], ids=lambda p: p.name[:3])
def test_extract_prints_one_json_object(seed: Path) -> None:
    done = prikaz("extract", str(seed.relative_to(ROOT)))
    assert done.returncode == 0, done.stderr
    obj = json.loads(done.stdout)
    assert obj["doc_type"] == "распоряжение"
    assert obj["number"] == "388-р"
    assert obj["date"] == "2020-10-28"
    assert len(obj["roadmap_items"]) == SEED_ROWS["000"]
    for table in (
        "deadlines",
        "responsibles",
        "assignments",
        "indicators",
        "references",
        "abbreviations",
    ):
        assert isinstance(obj[table], list)


def test_usage_errors_exit_2() -> None:
    assert prikaz("run", "/no/such/folder").returncode == 2
    assert prikaz("no-such-command").returncode == 2
