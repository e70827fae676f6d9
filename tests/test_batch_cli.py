"""`prikaz run` and `prikaz status` end to end, with the real readers and extractors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from prikaz.pipeline.cli import main
from prikaz.pipeline.run import sha256_file
from prikaz.pipeline.writers.parquet import ParquetStore
from tests.conftest import SEEDS_DIR

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def corpus(tmp_path: Path, seed_paths: list[Path]) -> Path:
    inp = tmp_path / "in"
    inp.mkdir()
    for p in seed_paths[:3]:
        shutil.copy(p, inp / p.name)
    (inp / "empty.txt").write_bytes(b"")  # a reader error: recorded, the rest goes on
    return inp


def prikaz(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "prikaz", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_run_exit_status_log_json_and_status(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = prikaz("run", str(corpus), "--out", str(out), "--workers", "1", "--log-json")
    assert first.returncode == 1, first.stderr  # one input failed
    assert "seen 4, new 4, ok 3, failed 1, skipped 0" in first.stdout
    assert "empty.txt: [read/empty_file]" in first.stdout
    events = [json.loads(line) for line in first.stderr.splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "run_started" and kinds[-1] == "run_finished"
    assert events[-1]["status"] == "ok" and events[-1]["exit_code"] == 1
    docs = [e for e in events if e["event"] == "document"]
    assert sorted(e["status"] for e in docs) == ["failed", "ok", "ok", "ok"]
    assert all(e["format"] == "txt" and e["pages"] >= 1 for e in docs if e["status"] == "ok")
    assert "\r" not in first.stderr  # no progress bar when stderr is not a terminal

    store = ParquetStore(out)
    docs_ids = set(store.read_table("documents").column("doc_id").to_pylist())
    err_ids = set(store.read_table("errors").column("sha256").to_pylist())
    assert {sha256_file(p) for p in corpus.iterdir()} == docs_ids | err_ids

    again = prikaz("run", str(corpus), "--out", str(out), "--workers", "1")
    assert again.returncode == 0, again.stderr  # nothing new, nothing failed
    assert "new 0, ok 0, failed 0, skipped 4" in again.stdout

    status = prikaz("status", "--out", str(out))
    assert status.returncode == 0
    assert f"{out}: 3 documents (3 current), 1 errors" in status.stdout
    assert "read/empty_file 1" in status.stdout
    assert status.stdout.count(first.stdout.split()[1].rstrip(":")) == 1  # run id listed


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert main(["run", str(tmp_path), "--workers", "0"]) == 2
    assert main(["run", str(tmp_path), "--timeout", "-1"]) == 2
    assert main(["status", "--out", str(tmp_path / "missing")]) == 2
    with ParquetStore(tmp_path / "locked").lock():
        assert main(["run", str(tmp_path), "--out", str(tmp_path / "locked")]) == 2
    assert "another run is writing" in capsys.readouterr().err


def test_status_json_on_empty_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ParquetStore(tmp_path).ensure()
    assert main(["status", "--out", str(tmp_path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["documents"], info["errors"], info["runs"]) == (0, 0, [])


def test_progress_bar_only_on_a_terminal(tmp_path: Path, seed_paths: list[Path]) -> None:
    import fcntl
    import os
    import pty
    import struct
    import termios

    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(seed_paths[0], inp / seed_paths[0].name)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    proc = subprocess.Popen(
        [sys.executable, "-m", "prikaz", "run", str(inp), "--out", str(tmp_path / "out")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    assert proc.wait(timeout=120) == 0
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert b"1/1" in seen and b"doc" in seen  # tqdm's bar on the terminal


def test_default_limits_fit_every_text_format() -> None:
    """The default memory cap leaves room for the real readers and extractors."""
    from prikaz.pipeline.executors import Limits, WorkerPool
    from prikaz.pipeline.run import InputFile

    formats = ROOT / "tests" / "fixtures" / "formats"
    seed = "004_788b0a1c0f9abd75"  # the longest roadmap
    paths = [
        formats / f"{seed}.docx",
        formats / f"{seed}.pdf",
        SEEDS_DIR / f"{seed}.txt",
    ]
    items = [InputFile(str(p), sha256_file(p)) for p in paths]
    with WorkerPool(1, Limits()) as pool:
        results = list(pool.imap(items))
        peaks = list(pool.peak_rss.values())
    assert [r.error for r in results] == [None, None, None]
    assert sorted(r.source_format for r in results) == ["docx", "pdf", "txt"]
    assert all(r.roadmap_rows == 22 for r in results)
    assert max(peaks) < Limits().memory_mb * 2**20
