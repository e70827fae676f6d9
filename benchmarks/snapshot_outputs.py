"""Dump the full extraction of every bench input to a folder, to compare two versions of the code.

    python benchmarks/snapshot_outputs.py OUT_DIR [--real-orders DIR] [--ruslawod F] [--seeds DIR]

Each input becomes `OUT_DIR/<set>/<name>.json` (the `prikaz extract` JSON, or the error it
raised). Refactors are checked with `diff -r before/ after/`. Files of the real-orders bench are
read in a child process each, with a time and memory cap, so one huge scan cannot stop the dump.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"


def _dump_one(path: Path, out: Path) -> None:
    """Child process body: read and extract one file, write its JSON."""
    from prikaz.pipeline.extract import extract_document
    from prikaz.pipeline.readers import read_document
    from prikaz.pipeline.writers.rows import extraction_json

    try:
        obj = extraction_json(extract_document(read_document(path)))
    except Exception as exc:  # the snapshot records what happened, whatever it was
        obj = {"error": type(exc).__name__, "message": str(exc)}
    out.write_text(json.dumps(obj, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def _limit_memory() -> None:
    cap = 4 * 2**30
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--ruslawod", type=Path, default=SHARED / "bench/ruslawod/dev.jsonl")
    ap.add_argument("--real-orders", type=Path, default=SHARED / "bench/real-orders")
    ap.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--skip-real", action="store_true")
    args = ap.parse_args()
    if args.one:
        _dump_one(*args.one)
        return

    from prikaz.extractors.header import extract_header
    from prikaz.pipeline.extract import extract_document
    from prikaz.pipeline.readers import read_document
    from prikaz.pipeline.readers.txt import document_from_text
    from prikaz.pipeline.writers.rows import extraction_json

    for sub in ("seeds", "ruslawod", "real-orders"):
        (args.out / sub).mkdir(parents=True, exist_ok=True)
    for seed in sorted(args.seeds.glob("*.txt")):
        obj = extraction_json(extract_document(read_document(seed)))
        obj["source_path"] = seed.name
        (args.out / "seeds" / f"{seed.stem}.json").write_text(
            json.dumps(obj, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
        )
    for line in args.ruslawod.read_text(encoding="utf-8").splitlines():
        act = json.loads(line)
        doc = document_from_text(act["text"], source_path=act["id"], doc_id=act["id"])
        header = extract_header(doc)
        obj = {k: v for k, v in header.__dict__.items()} if hasattr(header, "__dict__") else None
        if obj is None:
            obj = {f: getattr(header, f) for f in header.__slots__}
        (args.out / "ruslawod" / f"{act['id']}.json").write_text(
            json.dumps(obj, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
        )
    if args.skip_real:
        return
    for path in sorted(args.real_orders.iterdir()):
        if path.suffix.lower() not in {".pdf", ".doc", ".docx", ".rtf", ".odt", ".txt"}:
            continue
        out = args.out / "real-orders" / f"{path.name}.json"
        try:
            subprocess.run(
                [sys.executable, __file__, "x", "--one", str(path), str(out)],
                timeout=900,
                preexec_fn=_limit_memory,
                check=False,
            )
        except subprocess.TimeoutExpired:
            out.write_text('{"error": "timeout"}', encoding="utf-8")
        if not out.exists():
            out.write_text('{"error": "child died"}', encoding="utf-8")
        print(path.name, flush=True)


if __name__ == "__main__":
    main()
