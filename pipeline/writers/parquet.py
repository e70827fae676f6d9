"""Parquet output: one folder per table, whole batches made visible by a roll-forward protocol.

Layout of the output folder:

    <table>/part-<batch>.parquet        committed parts: what every reader's glob sees
    _commits/<batch>.json               a batch's commit marker (its generation, row counts)
    _staging/<batch>.g<gen>/            parts written before their commit, out of every glob
    _quarantine/<when>-<batch>/         what was found damaged: moved here, never deleted
    _lock                               the writer's `flock`

Commit protocol (roll forward, never roll back what was committed):
1. every table's rows of the batch are written into `_staging/<batch>.g<gen>/` and fsynced;
2. the marker `_commits/<batch>.json` is written atomically (temp name, fsync, rename): the
   commit point;
3. each staged file is renamed to `<table>/part-<batch>.parquet`, child tables first and
   `documents` last (a document a glob sees has all its rows), then the staging folder goes.
A crash before 2 leaves a staging folder no marker names: the next run deletes it (those
inputs were never committed, so they are extracted again). A crash after 2 leaves a marker
whose staging folder still exists: `recover()` finishes the renames.

Rewriting a committed batch (`purge` for `--force`, version flags of `documents`) writes its
new generation the same way and renames each new part over the old one: one rename per table,
so a glob sees the old part or the new one, never both. A commit may carry rewrites of other
batches (`rewrites`): their new markers and parts are staged inside its folder and rolled
forward with it, so that «version 2 is current» and «version 1 is superseded» share a commit
point.

No deletion on doubt: an unreadable marker, a part no marker names, a part a marker names
but that is missing or unreadable are moved to `_quarantine/` (with a `reason.txt`); the
inputs of a quarantined batch are no longer known, so the next run extracts them again.
Hidden and temporary names (`.tmp-*`) are never read as commits.

`recover()` must not run while another process writes to the folder: a writer holds `lock()`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from prikaz.pipeline.writers.schemas import TABLES

COMMITS = "_commits"
STAGING = "_staging"
QUARANTINE = "_quarantine"
LOCK = "_lock"
FORMAT = 2  # marker format: `parts` maps table -> rows, `gen` counts rewrites
PART = re.compile(r"^part-(?P<batch>[A-Za-z0-9_-]+)\.parquet$")
MARKER = re.compile(r"^(?P<batch>[A-Za-z0-9_-]+)\.json$")  # `.tmp-x.json` never matches
STAGED = re.compile(r"^(?P<batch>[A-Za-z0-9_-]+)\.g(?P<gen>[0-9]+)$")
BATCH_ID = re.compile(r"[A-Za-z0-9_-]+")
# Renames within a commit: `documents` last, so a document a glob sees has all its rows.
VISIBLE_ORDER = [t for t in TABLES if t != "documents"] + ["documents"]


class StoreLocked(RuntimeError):
    """Another process holds the output folder's lock (a run is writing to it)."""


class StoreDamaged(RuntimeError):
    """A committed part cannot be read (found while rewriting it)."""


@dataclass
class StoreReport:
    """What `recover()` or `verify()` did: batches finished, leftovers removed, damage moved."""

    rolled_forward: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # uncommitted staging, temp files
    quarantined: list[dict[str, str]] = field(default_factory=list)  # {"path", "reason"}
    checked_parts: int = 0
    checked_rows: int = 0

    def merge(self, other: StoreReport) -> None:
        self.rolled_forward += other.rolled_forward
        self.removed += other.removed
        self.quarantined += other.quarantined
        self.checked_parts += other.checked_parts
        self.checked_rows += other.checked_rows


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _write_atomic_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".tmp-{path.name}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def _write_json(path: Path, obj: Mapping[str, Any]) -> None:
    _write_atomic_bytes(path, json.dumps(obj, ensure_ascii=False).encode("utf-8"))


def _parts_of(info: Mapping[str, Any]) -> dict[str, int | None]:
    """table -> row count of a marker's parts (None: unknown, a format-1 marker)."""
    parts = info.get("parts") or {}
    if isinstance(parts, list):  # format 1: relative paths, no counts
        return {Path(p).parent.name: None for p in parts}
    return {str(t): (None if n is None else int(n)) for t, n in parts.items()}


def rows_to_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Row dicts as a table of `schema` (keys not in it ignored, missing ones null).

    The same table as `pa.Table.from_pylist(rows, schema=schema)`, converted by Arrow's C++
    struct converter instead of a Python loop per column: a quarter of the time, and the run's
    own process converts every row of a batch run (it shares the cores with the workers).
    """
    struct = pa.array(rows, type=pa.struct(list(schema)))
    return pa.Table.from_struct_array(struct).replace_schema_metadata(schema.metadata)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` with exactly `schema`'s columns: a column added since it was written is null."""
    arrays = []
    for f in schema:
        if f.name in table.column_names:
            arrays.append(table[f.name].cast(f.type))
        else:
            arrays.append(pa.nulls(table.num_rows, f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


class ParquetStore:
    """The output folder: committed part files per table plus commit markers."""

    def __init__(self, out_dir: str | Path) -> None:
        self.root = Path(out_dir)

    def table_dir(self, table: str) -> Path:
        return self.root / table

    def part_path(self, table: str, batch: str) -> Path:
        return self.table_dir(table) / f"part-{batch}.parquet"

    def marker_path(self, batch: str) -> Path:
        return self.root / COMMITS / f"{batch}.json"

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

    # --- markers ------------------------------------------------------------------------

    def scan_markers(self) -> tuple[dict[str, dict[str, Any]], list[Path]]:
        """Readable commit markers by batch id, and the paths of unreadable ones."""
        commits = self.root / COMMITS
        out: dict[str, dict[str, Any]] = {}
        bad: list[Path] = []
        if not commits.is_dir():
            return out, bad
        for marker in sorted(commits.iterdir()):
            m = MARKER.fullmatch(marker.name)
            if not m:
                continue  # hidden, temporary or foreign names are never commits
            try:
                info = json.loads(marker.read_text(encoding="utf-8"))
                if not isinstance(info, dict) or info.get("batch_id") != m["batch"]:
                    raise ValueError("not a commit marker of this batch")
                _parts_of(info)
            except (OSError, ValueError, TypeError, AttributeError):
                bad.append(marker)
                continue
            out[m["batch"]] = info
        return out, bad

    def _markers(self) -> dict[str, dict[str, Any]]:
        return self.scan_markers()[0]

    def committed_batches(self) -> set[str]:
        return set(self._markers())

    def known_hashes(self) -> set[str]:
        """Hashes of inputs already accounted for: extracted documents and recorded errors."""
        known: set[str] = set()
        for info in self._markers().values():
            known.update(info.get("doc_ids", []))
            known.update(h for h in info.get("error_hashes", []) if h)
        return known

    def known_error_paths(self) -> set[str]:
        """Paths of inputs recorded in `errors` without a hash (unreadable, bad symlink)."""
        return {p for info in self._markers().values() for p in info.get("error_paths", [])}

    def known_documents(self) -> set[str]:
        """Hashes of inputs extracted into `documents` (not those only in `errors`)."""
        return {h for info in self._markers().values() for h in info.get("doc_ids", [])}

    # --- writing ------------------------------------------------------------------------

    def write_batch(
        self,
        batch_id: str,
        rows: dict[str, list[dict[str, Any]]],
        *,
        updates: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        """Write one batch of rows (table name → row dicts) under the commit protocol."""
        tables = {
            table: rows_to_table(rows.get(table, []), schema) for table, schema in TABLES.items()
        }
        self.write_tables(batch_id, tables, updates=updates)

    def write_tables(
        self,
        batch_id: str,
        tables: Mapping[str, pa.Table],
        *,
        updates: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        """Commit one new batch of Arrow tables.

        An empty table is written only when its folder holds no part yet (so that every table
        folder always has a schema-bearing file). `updates` (doc_id → column values) changes
        `documents` rows of earlier batches in the same commit.
        """
        if not BATCH_ID.fullmatch(batch_id):
            raise ValueError(f"bad batch id {batch_id!r}")
        self.ensure()
        staged: dict[str, pa.Table] = {}
        for table, schema in TABLES.items():
            arrow = tables.get(table)
            if arrow is None or arrow.num_rows == 0:
                if any(PART.match(p.name) for p in self.table_dir(table).iterdir()):
                    continue  # nothing to add; the folder already has a schema-bearing part
                arrow = schema.empty_table()
            staged[table] = conform(arrow, schema)
        docs = tables.get("documents")
        errors = tables.get("errors")
        error_keys = errors.select(["sha256", "source_path"]).to_pylist() if errors else []
        marker: dict[str, Any] = {
            "format": FORMAT,
            "batch_id": batch_id,
            "gen": 1,
            "parts": {t: a.num_rows for t, a in staged.items()},
            "doc_ids": docs.column("doc_id").to_pylist() if docs is not None else [],
            "error_hashes": [e["sha256"] for e in error_keys if e["sha256"]],
            "error_paths": [e["source_path"] for e in error_keys if not e["sha256"]],
        }
        rewrites = self._document_rewrites(updates or {}, exclude=batch_id)
        self._commit(marker, staged, rewrites)

    def _commit(
        self,
        marker: dict[str, Any],
        staged: Mapping[str, pa.Table],
        rewrites: Iterable[tuple[dict[str, Any], Mapping[str, pa.Table]]] = (),
    ) -> None:
        """Stage, write the marker (the commit point), roll forward."""
        batch = marker["batch_id"]
        stage = self.root / STAGING / f"{batch}.g{marker['gen']}"
        rewrites = list(rewrites)
        if rewrites:
            marker = {**marker, "rewrites": {m["batch_id"]: m["gen"] for m, _ in rewrites}}
        try:
            if stage.exists():
                shutil.rmtree(stage)  # a leftover of an earlier attempt that never committed
            self._stage(stage, staged)
            for sub_marker, sub_tables in rewrites:
                sub = stage / "rewrites" / f"{sub_marker['batch_id']}.g{sub_marker['gen']}"
                self._stage(sub, sub_tables)
                _write_json(sub / "marker.json", sub_marker)
            _fsync_dir(stage.parent)
            _write_json(self.marker_path(batch), marker)
        except BaseException:
            if not self.marker_path(batch).exists() or self._gen(batch) != marker["gen"]:
                with contextlib.suppress(OSError):
                    shutil.rmtree(stage)  # never committed: nothing of it is visible
            raise
        try:
            self._roll_forward(batch, marker)
        except KeyboardInterrupt:
            self._roll_forward(batch, marker)  # committed: make it visible first, then stop
            raise

    def finish_commits(self) -> list[str]:
        """Roll forward every committed generation still in staging (after an interrupt)."""
        return [b for b, info in self._markers().items() if self._roll_forward(b, info)]

    def _stage(self, folder: Path, tables: Mapping[str, pa.Table]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for table, arrow in tables.items():
            path = folder / f"{table}.parquet"
            pq.write_table(arrow, path, compression="zstd")
            _fsync_file(path)
        _fsync_dir(folder)

    def _gen(self, batch: str) -> int | None:
        try:
            return int(json.loads(self.marker_path(batch).read_text("utf-8"))["gen"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _roll_forward(self, batch: str, marker: Mapping[str, Any]) -> bool:
        """Make a committed generation visible; False if it already was."""
        stage = self.root / STAGING / f"{batch}.g{marker.get('gen', 1)}"
        if not stage.is_dir():
            return False
        subs = stage / "rewrites"
        for sub in sorted(subs.iterdir()) if subs.is_dir() else []:
            m = STAGED.fullmatch(sub.name)
            if not m:
                continue
            sub_marker = json.loads((sub / "marker.json").read_text("utf-8"))
            if (self._gen(m["batch"]) or 0) < int(m["gen"]):
                _write_json(self.marker_path(m["batch"]), sub_marker)
            self._move_parts(sub, m["batch"])
        self._move_parts(stage, batch)
        shutil.rmtree(stage)
        _fsync_dir(stage.parent)
        return True

    def _move_parts(self, folder: Path, batch: str) -> None:
        moved = set()
        for table in VISIBLE_ORDER:
            src = folder / f"{table}.parquet"
            if src.exists():
                self.table_dir(table).mkdir(parents=True, exist_ok=True)
                os.replace(src, self.part_path(table, batch))
                moved.add(self.table_dir(table))
        for folder_ in moved:
            _fsync_dir(folder_)

    # --- rewriting committed batches ----------------------------------------------------

    def _read_part(self, table: str, batch: str) -> pa.Table:
        try:
            return conform(pq.read_table(self.part_path(table, batch)), TABLES[table])
        except (OSError, pa.ArrowException) as exc:
            where = f"{table}/part-{batch}.parquet"
            raise StoreDamaged(f"{where}: {exc}; run `prikaz verify`") from exc

    def _next_marker(self, info: Mapping[str, Any], parts: Mapping[str, int | None]) -> dict:
        return {
            **{k: v for k, v in info.items() if k != "rewrites"},
            "format": FORMAT,
            "gen": int(info.get("gen", 1)) + 1,
            "parts": dict(parts),
        }

    def _document_rewrites(
        self, updates: Mapping[str, Mapping[str, Any]], exclude: str = ""
    ) -> list[tuple[dict[str, Any], dict[str, pa.Table]]]:
        """New generations of the batches whose `documents` rows `updates` changes."""
        if not updates:
            return []
        out = []
        for batch, info in sorted(self._markers().items()):
            hit = set(info.get("doc_ids", [])) & set(updates)
            if batch == exclude or not hit or "documents" not in _parts_of(info):
                continue
            rows = self._read_part("documents", batch).to_pylist()
            for row in rows:
                row.update(updates.get(row["doc_id"], {}))
            docs = pa.Table.from_pylist(rows, schema=TABLES["documents"])
            parts = {**_parts_of(info), "documents": docs.num_rows}
            out.append((self._next_marker(info, parts), {"documents": docs}))
        return out

    def update_documents(self, updates: Mapping[str, Mapping[str, Any]]) -> int:
        """Change columns of committed `documents` rows (doc_id → values); one commit per
        batch touched. Returns the number of batches rewritten."""
        rewrites = self._document_rewrites(updates)
        for marker, tables in rewrites:
            self._commit(marker, tables)
        return len(rewrites)

    def purge(self, hashes: Iterable[str], paths: Iterable[str] = ()) -> int:
        """Remove every row of these inputs: by `doc_id`, by `sha256` in `errors`, and the
        hash-less `errors` rows of `paths`.

        Each committed batch holding any of them gets a new generation without them (its parts
        renamed over the old ones; a table left empty keeps an empty part). Returns the
        number of batches rewritten.
        """
        doomed, doomed_paths = set(hashes), set(paths)
        if not doomed and not doomed_paths:
            return 0
        value_set = pa.array(sorted(doomed), pa.string())
        path_set = pa.array(sorted(doomed_paths), pa.string())
        n = 0
        for batch, info in sorted(self._markers().items()):
            held = set(info.get("doc_ids", [])) | set(info.get("error_hashes", []))
            if not held & doomed and not set(info.get("error_paths", [])) & doomed_paths:
                continue
            tables: dict[str, pa.Table] = {}
            for table in _parts_of(info):
                arrow = self._read_part(table, batch)
                key = "sha256" if table == "errors" else "doc_id"
                if key in arrow.column_names:
                    hit = pc.fill_null(pc.is_in(arrow[key], value_set=value_set), False)
                    if table == "errors":
                        by_path = pc.is_in(arrow["source_path"], value_set=path_set)
                        hit = pc.or_(hit, pc.and_(pc.is_null(arrow[key]), by_path))
                    arrow = arrow.filter(pc.invert(hit))
                tables[table] = arrow
            marker = self._next_marker(info, {t: a.num_rows for t, a in tables.items()})
            marker["doc_ids"] = [h for h in info.get("doc_ids", []) if h not in doomed]
            marker["error_hashes"] = [h for h in info.get("error_hashes", []) if h not in doomed]
            marker["error_paths"] = [
                p for p in info.get("error_paths", []) if p not in doomed_paths
            ]
            self._commit(marker, tables)
            n += 1
        return n

    # --- recovery, verification, quarantine ---------------------------------------------

    def quarantine(self, batch: str | None, paths: Iterable[Path], reason: str) -> dict[str, str]:
        """Move `paths` (and, for a batch, its marker, parts and staging) aside; never delete."""
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        dest = self.root / QUARANTINE / f"{stamp}-{batch or 'stray'}"
        dest.mkdir(parents=True, exist_ok=True)
        items = list(paths)
        if batch is not None:
            items += [self.marker_path(batch), *(self.part_path(t, batch) for t in TABLES)]
            staging = self.root / STAGING
            if staging.is_dir():
                items += [p for p in staging.iterdir() if p.name.startswith(f"{batch}.g")]
        moved = []
        for path in dict.fromkeys(items):
            if path.exists():
                rel = path.relative_to(self.root)
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, dest / rel)
                moved.append(str(rel))
        (dest / "reason.txt").write_text(f"{reason}\nmoved: {', '.join(moved)}\n", "utf-8")
        _fsync_dir(dest)
        return {"path": str(dest.relative_to(self.root)), "reason": reason}

    def recover(self) -> StoreReport:
        """Finish what a crash cut off; quarantine what cannot be trusted.

        Committed generations still in staging are rolled forward; staging folders and temp
        files no marker commits are removed (they were never visible); unreadable markers,
        parts without a marker and markers whose parts are missing are quarantined.
        """
        report = StoreReport()
        markers, bad = self.scan_markers()
        for path in bad:
            batch = path.stem if BATCH_ID.fullmatch(path.stem) else None
            report.quarantined.append(self.quarantine(batch, [path], "unreadable commit marker"))
        for batch, info in markers.items():
            if self._roll_forward(batch, info):
                report.rolled_forward.append(batch)
        for dead in sorted({b for info in markers.values() for b in info.get("replaces", [])}):
            if dead in markers:  # format 1: a replaced batch a crash left beside its successor
                reason = "replaced by a later batch (format 1 marker), left by a crash"
                report.quarantined.append(self.quarantine(dead, [], reason))
                markers = {b: i for b, i in markers.items() if b != dead}
        staging = self.root / STAGING
        for path in sorted(staging.iterdir()) if staging.is_dir() else []:
            m = STAGED.fullmatch(path.name)
            owner = markers.get(m["batch"]) if m else None
            if m and owner is not None and int(m["gen"]) <= int(owner.get("gen", 1)):
                # an older generation than the committed one cannot be left by our protocol
                report.quarantined.append(self.quarantine(None, [path], "stale staging"))
                continue
            shutil.rmtree(path) if path.is_dir() else path.unlink()
            report.removed.append(str(path.relative_to(self.root)))
        commits = self.root / COMMITS
        for path in sorted(commits.glob(".tmp-*")) if commits.is_dir() else []:
            path.unlink()  # never renamed into place: never committed
            report.removed.append(str(path.relative_to(self.root)))
        self._check_parts(markers, report)
        return report

    def _check_parts(self, markers: Mapping[str, Mapping[str, Any]], report: StoreReport) -> None:
        for table in TABLES:
            folder = self.table_dir(table)
            for path in sorted(folder.iterdir()) if folder.is_dir() else []:
                m = PART.match(path.name)
                if path.name.startswith(".tmp-"):
                    path.unlink()  # format 1 temp file: never renamed, never committed
                    report.removed.append(str(path.relative_to(self.root)))
                elif m and m["batch"] not in markers:
                    reason = "part without a commit marker"
                    report.quarantined.append(self.quarantine(None, [path], reason))
        for batch, info in markers.items():
            problems = self._footer_problems(batch, info)
            if problems:
                report.quarantined.append(self.quarantine(batch, [], "; ".join(problems)))

    def _footer_problems(self, batch: str, info: Mapping[str, Any]) -> list[str]:
        """What the parts' footers say is wrong (missing, unreadable, row count): a cheap
        check run before every run; `verify` reads every row."""
        problems = []
        for table, rows in _parts_of(info).items():
            path = self.part_path(table, batch)
            if not path.is_file():
                problems.append(f"{table}: part named by the marker is missing")
                continue
            try:
                found = pq.read_metadata(path).num_rows
            except (OSError, pa.ArrowException) as exc:
                problems.append(f"{table}: unreadable ({type(exc).__name__}: {exc})"[:300])
                continue
            if rows is not None and found != rows:
                problems.append(f"{table}: {found} rows, marker says {rows}")
        return problems

    def verify(self) -> StoreReport:
        """`recover()`, then read every committed part in full and check its row count
        against the marker; quarantine the batches that fail."""
        report = self.recover()
        for batch, info in sorted(self._markers().items()):
            problems = []
            for table, rows in _parts_of(info).items():
                try:
                    arrow = pq.read_table(self.part_path(table, batch))
                    conform(arrow, TABLES[table])
                except (OSError, pa.ArrowException, KeyError) as exc:
                    problems.append(f"{table}: unreadable ({type(exc).__name__}: {exc})"[:300])
                    continue
                report.checked_parts += 1
                report.checked_rows += arrow.num_rows
                if rows is not None and arrow.num_rows != rows:
                    problems.append(f"{table}: {arrow.num_rows} rows, marker says {rows}")
            if problems:
                report.quarantined.append(self.quarantine(batch, [], "; ".join(problems)))
        return report

    def unreadable_parts(self) -> list[str]:
        """Committed parts whose Parquet footer cannot be read (a cheap check: `verify` reads
        every row)."""
        bad = []
        for batch, info in sorted(self._markers().items()):
            for table in _parts_of(info):
                path = self.part_path(table, batch)
                try:
                    pq.read_metadata(path)
                except (OSError, pa.ArrowException):
                    bad.append(str(path.relative_to(self.root)))
        return bad

    def quarantined(self) -> list[dict[str, str]]:
        """What earlier recoveries moved aside, with the reason each time."""
        folder = self.root / QUARANTINE
        out = []
        for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
            try:
                reason = (entry / "reason.txt").read_text("utf-8").splitlines()[0]
            except (OSError, IndexError):
                reason = "?"
            out.append({"path": str(entry.relative_to(self.root)), "reason": reason})
        return out

    # --- reading ------------------------------------------------------------------------

    def read_table(
        self,
        table: str,
        columns: Iterable[str] | None = None,
        *,
        damaged: list[str] | None = None,
        with_batch: bool = False,
    ) -> pa.Table:
        """All committed rows of one table (an empty table with the schema if none).

        A part that cannot be read raises `StoreDamaged`, or is skipped and named in
        `damaged` when a list is given. `with_batch` adds a `_batch` column.
        """
        schema = TABLES[table]
        if columns:
            schema = pa.schema([schema.field(c) for c in columns])
        if with_batch:
            schema = schema.append(pa.field("_batch", pa.string()))
        parts = []
        for batch, info in sorted(self._markers().items()):
            if table not in _parts_of(info):
                continue
            path = self.part_path(table, batch)
            try:
                wanted = None
                if columns is not None:  # a column added since this part was written is null
                    names = set(pq.read_schema(path).names)
                    wanted = [c for c in columns if c in names]
                arrow = pq.read_table(path, columns=wanted)
            except (OSError, pa.ArrowException) as exc:
                if damaged is None:
                    where = f"{table}/{path.name}"
                    raise StoreDamaged(f"{where}: {exc}; run `prikaz verify`") from exc
                damaged.append(f"{table}/{path.name}")
                continue
            if with_batch:
                arrow = arrow.append_column("_batch", pa.array([batch] * arrow.num_rows))
            parts.append(conform(arrow, schema))
        if not parts:
            return schema.empty_table()
        return pa.concat_tables(parts)
