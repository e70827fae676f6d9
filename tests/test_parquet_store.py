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


def test_uncommitted_parts_are_rolled_back(tmp_path: Path) -> None:
    store = ParquetStore(tmp_path)
    store.write_batch("b1", {"documents": [doc_row("a")]})
    store.write_batch("b2", {"documents": [doc_row("b")], "roadmap_items": [{"doc_id": "b"}]})
    # Simulate a crash between the renames and the marker of batch b2.
    (tmp_path / "_commits" / "b2.json").unlink()
    (tmp_path / "documents" / ".tmp-part-b3.parquet").write_bytes(b"half")
    assert store.known_hashes() == {"a"}
    removed = {p.name for p in store.recover()}
    assert removed == {"part-b2.parquet", ".tmp-part-b3.parquet"}
    assert store.read_table("documents").column("doc_id").to_pylist() == ["a"]
    assert store.read_table("roadmap_items").num_rows == 0


def test_empty_tables_are_written_once(tmp_path: Path) -> None:
    store = ParquetStore(tmp_path)
    store.write_batch("b1", {"documents": [doc_row("a")]})
    store.write_batch("b2", {"documents": [doc_row("b")]})
    assert len(list((tmp_path / "assignments").glob("part-*.parquet"))) == 1
    assert len(list((tmp_path / "documents").glob("part-*.parquet"))) == 2
