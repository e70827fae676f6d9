"""`prikaz status [--out DIR]`: recent runs, what the output holds, the latest errors.

Read-only: it takes no lock and changes nothing, and reads only committed batches, so it is
safe while a run is writing.
"""

from __future__ import annotations

import argparse
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
    runs = sorted(store.read_table("runs").to_pylist(), key=lambda r: r["started_at"])
    for r in runs:
        seconds = (r["finished_at"] - r["started_at"]).total_seconds()
        r["seconds"] = round(seconds, 3)
        r["docs_per_second"] = round(r["new"] / seconds, 2) if seconds > 0 else None
    errors = sorted(store.read_table("errors").to_pylist(), key=lambda e: e["at"], reverse=True)
    documents = store.read_table("documents", columns=["doc_id", "source_format"])
    formats = Counter(documents.column("source_format").to_pylist())
    return {
        "out": str(out),
        "documents": documents.num_rows,
        "formats": dict(sorted(formats.items(), key=lambda kv: -kv[1])),
        "errors": len(errors),
        "error_types": dict(Counter(f"{e['stage']}/{e['error_type']}" for e in errors)),
        "runs": runs[-n_runs:][::-1],
        "recent_errors": errors[:n_errors],
    }


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value is not None else "-"


def render(info: dict[str, Any]) -> str:
    lines = [f"{info['out']}: {info['documents']} documents, {info['errors']} errors"]
    if info["formats"]:
        lines.append("  formats: " + ", ".join(f"{k} {v}" for k, v in info["formats"].items()))
    if info["error_types"]:
        types = sorted(info["error_types"].items(), key=lambda kv: -kv[1])
        lines.append("  errors by type: " + ", ".join(f"{k} {v}" for k, v in types))
    lines.append("")
    lines.append("recent runs (UTC):")
    head = ("run_id", "started", "seconds", "seen", "new", "ok", "failed", "skipped", "unparsed")
    rows = [head] + [
        (
            r["run_id"],
            _when(r["started_at"]),
            f"{r['seconds']:.1f}",
            *(str(r[k]) for k in ("seen", "new", "ok", "failed", "skipped")),
            str(r["unparsed_deadlines"]),
        )
        for r in info["runs"]
    ]
    if len(rows) == 1:
        lines.append("  (none)")
    else:
        widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
        for row in rows:
            cells = [
                c.ljust(w) if i < 2 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  " + "  ".join(cells))
    if info["recent_errors"]:
        lines.append("")
        lines.append("latest errors:")
        for e in info["recent_errors"]:
            lines.append(
                f"  {_when(e['at'])}  {e['source_path']}: [{e['stage']}/{e['error_type']}] "
                f"{e['message']}"
            )
    return "\n".join(lines)


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
    return 0
