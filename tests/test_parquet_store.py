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


def test_rows_to_table_equals_arrows_own_row_conversion() -> None:
    """The C++ struct conversion used for batches gives the table `from_pylist` gives, on the
    rows of every seed (dates, lists of structs, nulls) and on rows with missing or extra keys."""
    import pyarrow as pa

    from prikaz.pipeline.run import process_path
    from prikaz.pipeline.writers.parquet import rows_to_table
    from tests.conftest import SEEDS

    batch: dict[str, list[dict]] = {}
    for seed in SEEDS:
        result = process_path(str(seed), "0" * 64)
        assert result.error is None, result.error
        for table, rows in result.rows.items():
            batch.setdefault(table, []).extend(rows)
    batch["documents"].append({"doc_id": "x", "not_a_column": 1})  # a sparse row
    for table, schema in TABLES.items():
        rows = batch.get(table, [])
        expected = pa.Table.from_pylist(rows, schema=schema)
        got = rows_to_table(rows, schema)
        assert got.schema.equals(expected.schema, check_metadata=True), table
        assert got.equals(expected), table
    assert sum(len(batch.get(t, [])) for t in ("roadmap_items", "deadlines", "responsibles")) > 300
