"""Parquet output: one folder per table, part files added atomically, batch by batch.

Commit protocol (so that a run killed at any moment leaves no partial or duplicated rows):
1. every table's rows of a batch are written to hidden temporary files (`.tmp-*`), fsynced;
2. each is renamed to `part-<batch_id>.parquet` in its table folder;
3. the commit marker `_commits/<batch_id>.json` is written atomically, last.
A part whose batch has no marker was cut off by a crash: `recover()` deletes it, and since
its documents are then in neither `documents` nor `errors`, the next run extracts them again.
Hidden and `_`-prefixed names are ignored by pyarrow datasets, pandas, DuckDB and Polars globs.

Replacing rows (`purge`, used by `prikaz run --force`): the rows of some documents are removed
by rewriting each batch that holds them as a new batch whose marker names the old one in
`replaces`. The new marker is the commit point; after it the old batch's parts, then its marker,
are deleted. A batch named in any committed `replaces` is dead: `recover()` finishes deleting
it, and `committed_batches`, `known_hashes` and `read_table` ignore it meanwhile.

`recover()` must not run while another process writes to the folder: a run holds `lock()`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from prikaz.pipeline.writers.schemas import TABLES

COMMITS = "_commits"
LOCK = "_lock"
PART = re.compile(r"^part-(?P<batch>[A-Za-z0-9_-]+)\.parquet$")
BATCH_ID = re.compile(r"[A-Za-z0-9_-]+")


class StoreLocked(RuntimeError):
    """Another process holds the output folder's lock (a run is writing to it)."""


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

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the folder's writer lock (advisory `flock`); raise `StoreLocked` if taken."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreLocked(f"another run is writing to {self.root}") from None
            yield
        finally:
            os.close(fd)  # releases the lock

    def _markers(self) -> dict[str, dict[str, Any]]:
        """Every readable commit marker by batch id, dead (replaced) batches included."""
        commits = self.root / COMMITS
        out: dict[str, dict[str, Any]] = {}
        if not commits.is_dir():
            return out
        for marker in commits.glob("*.json"):
            try:
                info = json.loads(marker.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            out[marker.stem] = info
        return out

    def _live_markers(self) -> dict[str, dict[str, Any]]:
        markers = self._markers()
        dead = {b for info in markers.values() for b in info.get("replaces", [])}
        return {b: info for b, info in markers.items() if b not in dead}

    def committed_batches(self) -> set[str]:
        return set(self._live_markers())

    def recover(self) -> list[Path]:
        """Finish or roll back what a crash cut off; return the files deleted.

        Dead (replaced) batches are deleted, then markers whose parts are gone, then parts
        and temporary files of batches that never committed.
        """
        removed: list[Path] = []
        markers = self._markers()
        dead = {b for info in markers.values() for b in info.get("replaces", [])}
        for batch in sorted(dead):
            removed.extend(self._drop_batch(batch))
        for batch, info in self._live_markers().items():
            if any(not (self.root / rel).is_file() for rel in info.get("parts", [])):
                removed.extend(self._drop_batch(batch))  # damaged: its inputs will be redone
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

    def _drop_batch(self, batch_id: str) -> list[Path]:
        """Delete a batch: its parts first, its marker last (so a crash leaves it findable)."""
        removed = []
        for table in TABLES:
            part = self.table_dir(table) / f"part-{batch_id}.parquet"
            if part.exists():
                part.unlink()
                removed.append(part)
        marker = self.root / COMMITS / f"{batch_id}.json"
        if marker.exists():
            for folder in {p.parent for p in removed}:
                _fsync_dir(folder)
            marker.unlink()
            _fsync_dir(marker.parent)
            removed.append(marker)
        return removed

    def known_hashes(self) -> set[str]:
        """Hashes of inputs already accounted for: extracted documents and recorded errors."""
        known: set[str] = set()
        for info in self._live_markers().values():
            known.update(info.get("doc_ids", []))
            known.update(h for h in info.get("error_hashes", []) if h)
        return known

    def known_error_paths(self) -> set[str]:
        """Paths of inputs recorded in `errors` without a hash (unreadable, bad symlink)."""
        return {p for info in self._live_markers().values() for p in info.get("error_paths", [])}

    def known_documents(self) -> set[str]:
        """Hashes of inputs extracted into `documents` (not those only in `errors`)."""
        return {h for info in self._live_markers().values() for h in info.get("doc_ids", [])}

    def write_batch(
        self,
        batch_id: str,
        rows: dict[str, list[dict[str, Any]]],
        *,
        replaces: Iterable[str] = (),
    ) -> None:
        """Write one batch of rows (table name → row dicts) under the commit protocol."""
        tables = {
            table: pa.Table.from_pylist(rows.get(table, []), schema=schema)
            for table, schema in TABLES.items()
        }
        self.write_tables(batch_id, tables, replaces=replaces)

    def write_tables(
        self, batch_id: str, tables: dict[str, pa.Table], *, replaces: Iterable[str] = ()
    ) -> None:
        """Write one batch of Arrow tables under the commit protocol.

        An empty table is written only when its folder would otherwise hold no part (so that
        every table folder always has a schema-bearing file). `replaces` names batches this
        one supersedes; they are deleted once this batch is committed.
        """
        if not BATCH_ID.fullmatch(batch_id):
            raise ValueError(f"bad batch id {batch_id!r}")
        replaces = list(replaces)
        dead_parts = {f"part-{b}.parquet" for b in replaces}
        self.ensure()
        staged: list[tuple[Path, Path]] = []
        for table, schema in TABLES.items():
            arrow = tables.get(table)
            folder = self.table_dir(table)
            if arrow is None or arrow.num_rows == 0:
                others = (p.name for p in folder.iterdir())
                if any(PART.match(n) and n not in dead_parts for n in others):
                    continue  # nothing to add; the folder already has a schema-bearing part
                arrow = schema.empty_table()
            final = folder / f"part-{batch_id}.parquet"
            tmp = folder / f".tmp-part-{batch_id}.parquet"
            pq.write_table(arrow.cast(schema), tmp, compression="zstd")
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            staged.append((tmp, final))
        for tmp, final in staged:
            os.replace(tmp, final)
        for folder in {final.parent for _, final in staged}:
            _fsync_dir(folder)
        docs = tables.get("documents")
        errors = tables.get("errors")
        error_keys = errors.select(["sha256", "source_path"]).to_pylist() if errors else []
        marker: dict[str, Any] = {
            "batch_id": batch_id,
            "doc_ids": docs.column("doc_id").to_pylist() if docs is not None else [],
            "error_hashes": [e["sha256"] for e in error_keys if e["sha256"]],
            "error_paths": [e["source_path"] for e in error_keys if not e["sha256"]],
            "parts": [str(final.relative_to(self.root)) for _, final in staged],
        }
        if replaces:
            marker["replaces"] = replaces
        _write_atomic_bytes(
            self.root / COMMITS / f"{batch_id}.json",
            json.dumps(marker, ensure_ascii=False).encode("utf-8"),
        )
        for batch in replaces:
            self._drop_batch(batch)

    def purge(self, hashes: Iterable[str], batch_prefix: str, paths: Iterable[str] = ()) -> int:
        """Remove every row of these inputs: by `doc_id`, by `sha256` in `errors`, and the
        hash-less `errors` rows of `paths`.

        Each committed batch holding any of them is rewritten without them as a new batch
        `<batch_prefix>-<n>` that replaces it, or deleted if nothing else is in it. Returns
        the number of batches rewritten or deleted. A table folder left without parts gets
        an empty one with the next batch written.
        """
        doomed, doomed_paths = set(hashes), set(paths)
        if not doomed and not doomed_paths:
            return 0
        value_set = pa.array(sorted(doomed), pa.string())
        path_set = pa.array(sorted(doomed_paths), pa.string())
        n = 0
        for batch, info in sorted(self._live_markers().items()):
            held = set(info.get("doc_ids", [])) | set(info.get("error_hashes", []))
            if not held & doomed and not set(info.get("error_paths", [])) & doomed_paths:
                continue
            tables: dict[str, pa.Table] = {}
            for rel in info.get("parts", []):
                table = Path(rel).parent.name
                arrow = pq.read_table(self.root / rel)
                key = "sha256" if table == "errors" else "doc_id"
                if key in arrow.column_names:
                    hit = pc.fill_null(pc.is_in(arrow[key], value_set=value_set), False)
                    if table == "errors":
                        by_path = pc.is_in(arrow["source_path"], value_set=path_set)
                        hit = pc.or_(hit, pc.and_(pc.is_null(arrow[key]), by_path))
                    arrow = arrow.filter(pc.invert(hit))
                tables[table] = arrow
            if any(t.num_rows for t in tables.values()):
                self.write_tables(f"{batch_prefix}-{n:05d}", tables, replaces=[batch])
            else:
                # Nothing survives: delete the batch outright (no empty marker left behind).
                # Cut off midway, its marker names missing parts and `recover` finishes it.
                self._drop_batch(batch)
            n += 1
        return n

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
