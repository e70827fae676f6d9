"""`prikaz verify [--out DIR]`: read every committed part in full, check it against its marker.

It takes the writer's lock, finishes what a crash cut off (as a run does first), then reads
every part of every committed batch and compares its row count with the marker. What is
damaged (an unreadable marker or part, a wrong row count, a part no marker names, a missing
part) is moved to `<out>/_quarantine/` with the reason, never deleted; the inputs of a
quarantined batch are no longer known, so the next `prikaz run` extracts them again.

Exit status: 0 nothing damaged, 2 no such folder or another run holds it, 3 damage found.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="check every committed part; quarantine what is damaged")
    p.add_argument("--out", default="data/parquet", help="output folder (default data/parquet)")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from prikaz.pipeline.writers.parquet import ParquetStore, StoreLocked

    if not Path(args.out).is_dir():
        print(f"prikaz verify: no output folder: {args.out}", file=sys.stderr)
        return 2
    store = ParquetStore(args.out)
    try:
        with store.lock():
            report = store.verify()
    except StoreLocked as exc:
        print(f"prikaz verify: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"prikaz verify: cannot check {args.out}: {exc}", file=sys.stderr)
        return 3
    if args.json:
        print(json.dumps(report.__dict__, ensure_ascii=False))
    else:
        print(
            f"{args.out}: {report.checked_parts} parts, {report.checked_rows} rows read; "
            f"{len(report.rolled_forward)} commits finished, {len(report.removed)} uncommitted "
            f"leftovers removed, {len(report.quarantined)} damaged item(s) quarantined"
        )
        for q in report.quarantined:
            print(f"  quarantined: {q['path']}: {q['reason']}")
    return 3 if report.quarantined else 0
