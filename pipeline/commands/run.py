"""`prikaz run [INPUT_DIR] [--out DIR]`: the batch job, with a summary at the end."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="extract every document of a folder into Parquet")
    p.add_argument("input", nargs="?", default="data/raw", help="input folder (default data/raw)")
    p.add_argument("--out", default="data/parquet", help="output folder (default data/parquet)")
    p.add_argument("--force", action="store_true", help="redo inputs already in the output")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from prikaz.pipeline.run import run_batch

    if not Path(args.input).exists():
        print(f"prikaz run: input not found: {args.input}", file=sys.stderr)
        return 2
    summary = run_batch(args.input, args.out, force=args.force)
    print(
        f"run {summary.run_id}: seen {summary.seen}, new {summary.new}, ok {summary.ok}, "
        f"failed {summary.failed}, skipped {summary.skipped}; "
        f"roadmap rows {summary.roadmap_rows}, unparsed deadlines {summary.unparsed_deadlines}; "
        f"{summary.seconds:.2f} s ({summary.docs_per_second:.1f} docs/s) → {args.out}"
    )
    for err in summary.errors:
        print(f"  failed: {err.source_path}: [{err.stage}/{err.error_type}] {err.message}")
    return 1 if summary.failed else 0
