"""`prikaz status [--out DIR]`: recent runs, what the output holds, the latest errors.

Read-only: it takes no lock and changes nothing, and reads only committed batches, so it is
safe while a run is writing. A part it cannot read is listed as damaged (`prikaz verify`
quarantines it), never a crash; what earlier runs quarantined is listed with the reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="show recent runs and errors of an output folder")
    p.add_argument("--out", default="data/parquet", help="output folder (default data/parquet)")
    p.add_argument("--runs", type=int, default=10, help="runs to show (default 10)")
    p.add_argument("--errors", type=int, default=20, help="errors to show (default 20)")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.set_defaults(handler=run)


def collect(out: str | Path, n_runs: int, n_errors: int) -> dict[str, Any]:
    from prikaz.pipeline.writers.parquet import ParquetStore

    store = ParquetStore(out)
    damaged: list[str] = []
    runs = store.read_table("runs", damaged=damaged).to_pylist()
    runs.sort(key=lambda r: r["started_at"] or dt.datetime.min.replace(tzinfo=dt.UTC))
    for r in runs:
        seconds = None
        if r["finished_at"] is not None and r["started_at"] is not None:
            seconds = round((r["finished_at"] - r["started_at"]).total_seconds(), 3)
        r["seconds"] = seconds
        r["docs_per_second"] = round(r["new"] / seconds, 2) if seconds and r["new"] else None
    errors = store.read_table("errors", damaged=damaged).to_pylist()
    errors.sort(key=lambda e: str(e["at"]), reverse=True)
    columns = ["doc_id", "source_format", "is_current"]
    documents = store.read_table("documents", columns=columns, damaged=damaged)
    formats = Counter(documents.column("source_format").to_pylist())
    current = sum(v is not False for v in documents.column("is_current").to_pylist())
    _, bad_markers = store.scan_markers()
    return {
        "out": str(out),
        "documents": documents.num_rows,
        "current_documents": current,
        "formats": dict(sorted(formats.items(), key=lambda kv: -kv[1])),
        "errors": len(errors),
        "error_types": dict(Counter(f"{e['stage']}/{e['error_type']}" for e in errors)),
        "runs": runs[-n_runs:][::-1],
        "recent_errors": errors[:n_errors],
        "damaged": sorted(
            {
                *damaged,
                *store.unreadable_parts(),
                *(str(p.relative_to(store.root)) for p in bad_markers),
            }
        ),
        "quarantined": store.quarantined(),
    }


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value is not None else "-"


def render(info: dict[str, Any]) -> str:
    return "\n".join([*_summary_lines(info), "", *_runs_lines(info["runs"]), *_error_lines(info)])


def _summary_lines(info: dict[str, Any]) -> list[str]:
    lines = [
        f"{info['out']}: {info['documents']} documents ({info['current_documents']} current), "
        f"{info['errors']} errors"
    ]
    if info["damaged"]:
        lines.append(
            f"  DAMAGED (unreadable, run `prikaz verify --out {info['out']}`): "
            + ", ".join(info["damaged"])
        )
    for q in info["quarantined"]:
        lines.append(f"  quarantined: {q['path']}: {q['reason']}")
    if info["formats"]:
        lines.append("  formats: " + ", ".join(f"{k} {v}" for k, v in info["formats"].items()))
    if info["error_types"]:
        types = sorted(info["error_types"].items(), key=lambda kv: -kv[1])
        lines.append("  errors by type: " + ", ".join(f"{k} {v}" for k, v in types))
    return lines


def _runs_lines(runs: list[dict[str, Any]]) -> list[str]:
    lines = ["recent runs (UTC):"]
    head = (
        "run_id",
        "started",
        "status",
        "seconds",
        "seen",
        "new",
        "ok",
        "failed",
        "skipped",
        "unparsed",
    )
    rows = [head] + [
        (
            r["run_id"],
            _when(r["started_at"]),
            r.get("status") or "ok",
            "-" if r["seconds"] is None else f"{r['seconds']:.1f}",
            *(str(r[k]) for k in ("seen", "new", "ok", "failed", "skipped")),
            str(r["unparsed_deadlines"]),
        )
        for r in runs
    ]
    if len(rows) == 1:
        lines.append("  (none)")
        return lines
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    for row in rows:
        cells = [
            c.ljust(w) if i < 3 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  " + "  ".join(cells))
    failed = [r for r in runs if r.get("message")]
    for r in failed[:5]:
        lines.append(f"  {r['run_id']}: {r['message']}")
    return lines


def _error_lines(info: dict[str, Any]) -> list[str]:
    if not info["recent_errors"]:
        return []
    lines = ["", "latest errors:"]
    for e in info["recent_errors"]:
        lines.append(
            f"  {_when(e['at'])}  {e['source_path']}: [{e['stage']}/{e['error_type']}] "
            f"{e['message']}"
        )
    return lines


def run(args: argparse.Namespace) -> int:
    from prikaz.pipeline.writers.rows import to_json_ready

    if not Path(args.out).is_dir():
        print(f"prikaz status: no output folder: {args.out}", file=sys.stderr)
        return 2
    info = collect(args.out, args.runs, args.errors)
    if args.json:
        print(json.dumps(to_json_ready(info), ensure_ascii=False, default=str))
    else:
        print(render(info))
    return 3 if info["damaged"] else 0
