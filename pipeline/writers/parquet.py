"""Parquet output: one folder per table, part files added atomically, batch by batch.

Commit protocol (so that a run killed at any moment leaves no partial or duplicated rows):
1. every table's rows of a batch are written to hidden temporary files (`.tmp-*`), fsynced;
2. each is renamed to `part-<batch_id>.parquet` in its table folder;
3. the commit marker `_commits/<batch_id>.json` is written atomically, last.
A part whose batch has no marker was cut off by a crash: `recover()` deletes it, and since
its documents are then in neither `documents` nor `errors`, the next run extracts them again.
Hidden and `_`-prefixed names are ignored by pyarrow datasets, pandas, DuckDB and Polars globs.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from prikaz.pipeline.writers.schemas import TABLES

COMMITS = "_commits"
PART = re.compile(r"^part-(?P<batch>[A-Za-z0-9_-]+)\.parquet$")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".tmp-{path.name}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


class ParquetStore:
    """The output folder: committed part files per table plus commit markers."""

    def __init__(self, out_dir: str | Path) -> None:
        self.root = Path(out_dir)

    def table_dir(self, table: str) -> Path:
        return self.root / table

    def ensure(self) -> None:
        for table in TABLES:
            self.table_dir(table).mkdir(parents=True, exist_ok=True)
        (self.root / COMMITS).mkdir(parents=True, exist_ok=True)

    def committed_batches(self) -> set[str]:
        commits = self.root / COMMITS
        if not commits.is_dir():
            return set()
        return {p.stem for p in commits.glob("*.json")}

    def recover(self) -> list[Path]:
        """Delete temporary files and parts of batches that never committed; return them."""
        removed: list[Path] = []
        committed = self.committed_batches()
        for table in TABLES:
            folder = self.table_dir(table)
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                match = PART.match(path.name)
                stale_tmp = path.name.startswith(".tmp-")
                if stale_tmp or (match and match["batch"] not in committed):
                    path.unlink(missing_ok=True)
                    removed.append(path)
        commits = self.root / COMMITS
        if commits.is_dir():
            for path in commits.glob(".tmp-*"):
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed

    def known_hashes(self) -> set[str]:
        """Hashes of inputs already accounted for: extracted documents and recorded errors."""
        known: set[str] = set()
        commits = self.root / COMMITS
        if not commits.is_dir():
            return known
        for marker in commits.glob("*.json"):
            try:
                info = json.loads(marker.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            known.update(info.get("doc_ids", []))
            known.update(h for h in info.get("error_hashes", []) if h)
        return known

    def write_batch(self, batch_id: str, rows: dict[str, list[dict[str, Any]]]) -> None:
        """Write one batch of rows (table name → row dicts) under the commit protocol."""
        if not re.fullmatch(r"[A-Za-z0-9_-]+", batch_id):
            raise ValueError(f"bad batch id {batch_id!r}")
        self.ensure()
        staged: list[tuple[Path, Path]] = []
        for table, schema in TABLES.items():
            table_rows = rows.get(table, [])
            folder = self.table_dir(table)
            if not table_rows and any(PART.match(p.name) for p in folder.iterdir()):
                continue  # nothing to add; the folder already has a schema-bearing part
            final = folder / f"part-{batch_id}.parquet"
            tmp = folder / f".tmp-part-{batch_id}.parquet"
            arrow = pa.Table.from_pylist(table_rows, schema=schema)
            pq.write_table(arrow, tmp, compression="zstd")
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            staged.append((tmp, final))
        for tmp, final in staged:
            os.replace(tmp, final)
        for folder in {final.parent for _, final in staged}:
            _fsync_dir(folder)
        marker = {
            "batch_id": batch_id,
            "doc_ids": [r["doc_id"] for r in rows.get("documents", [])],
            "error_hashes": [r["sha256"] for r in rows.get("errors", [])],
            "parts": [str(final.relative_to(self.root)) for _, final in staged],
        }
        _write_atomic_bytes(
            self.root / COMMITS / f"{batch_id}.json",
            json.dumps(marker, ensure_ascii=False).encode("utf-8"),
        )

    def read_table(self, table: str, columns: Iterable[str] | None = None) -> pa.Table:
        """All committed rows of one table (an empty table with the schema if none)."""
        committed = self.committed_batches()
        folder = self.table_dir(table)
        parts = []
        if folder.is_dir():
            for p in sorted(folder.iterdir()):
                m = PART.match(p.name)
                if m and m["batch"] in committed:
                    parts.append(pq.read_table(p, columns=list(columns) if columns else None))
        if not parts:
            schema = TABLES[table]
            if columns:
                schema = pa.schema([schema.field(c) for c in columns])
            return schema.empty_table()
        return pa.concat_tables(parts)
