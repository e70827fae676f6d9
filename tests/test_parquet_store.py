from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq

from prikaz.pipeline.writers.parquet import ParquetStore
from prikaz.pipeline.writers.schemas import TABLES


def doc_row(doc_id: str) -> dict:
    return {"doc_id": doc_id, "source_path": f"{doc_id}.txt", "date": dt.date(2021, 1, 2)}


def test_batch_commits_all_tables_and_marker(tmp_path: Path) -> None:
    store = ParquetStore(tmp_path)
    store.write_batch("b1", {"documents": [doc_row("a")], "roadmap_items": [{"doc_id": "a"}]})
    assert store.known_hashes() == {"a"}
    for table in TABLES:
        parts = list((tmp_path / table).glob("part-*.parquet"))
        assert len(parts) == 1, table
        assert pq.read_schema(parts[0]).equals(TABLES[table], check_metadata=False)
    assert store.read_table("documents").column("date").to_pylist() == [dt.date(2021, 1, 2)]


def test_uncommitted_staging_is_removed_and_strays_quarantined(tmp_path: Path) -> None:
    store = ParquetStore(tmp_path)
    store.write_batch("b1", {"documents": [doc_row("a")]})
    # A crash before the marker of b2: its staged parts are out of every glob.
    staged = tmp_path / "_staging" / "b2.g1"
    staged.mkdir(parents=True)
    (staged / "documents.parquet").write_bytes(b"half")
    (tmp_path / "_commits" / ".tmp-b2.json").write_text('{"batch_id": "b2"}', "utf-8")
    assert store.known_hashes() == {"a"}  # a hidden temp marker is never a commit
    stray = tmp_path / "documents" / "part-b9.parquet"  # a part no marker names: doubt
    stray.write_bytes(b"PAR1")
    report = store.recover()
    assert sorted(report.removed) == ["_commits/.tmp-b2.json", "_staging/b2.g1"]
    assert [q["reason"] for q in report.quarantined] == ["part without a commit marker"]
    moved = tmp_path / report.quarantined[0]["path"] / "documents" / "part-b9.parquet"
    assert moved.read_bytes() == b"PAR1" and not stray.exists()
    assert store.read_table("documents").column("doc_id").to_pylist() == ["a"]


def test_empty_tables_are_written_once(tmp_path: Path) -> None:
    store = ParquetStore(tmp_path)
    store.write_batch("b1", {"documents": [doc_row("a")]})
    store.write_batch("b2", {"documents": [doc_row("b")]})
    assert len(list((tmp_path / "assignments").glob("part-*.parquet"))) == 1
    assert len(list((tmp_path / "documents").glob("part-*.parquet"))) == 2
