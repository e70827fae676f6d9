"""Dump the full extraction of every bench input to a folder, to compare two versions of the code.

    python benchmarks/snapshot_outputs.py OUT_DIR [--real-orders DIR] [--ruslawod F] [--seeds DIR]

Each input becomes `OUT_DIR/<set>/<name>.json` (the `prikaz extract` JSON, or the error it
raised; for the legal acts, the header alone). Refactors are checked with `diff -r before/ after/`
(span offsets aside). Files of the real-orders bench are read in a child process each, with the
time and memory caps of `bench_real_orders.py`, so one huge scan cannot stop the dump.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_real_orders import INPUT_SUFFIXES, run_child  # noqa: E402

from prikaz.extractors.header import extract_header  # noqa: E402
from prikaz.pipeline.extract import extract_document  # noqa: E402
from prikaz.pipeline.readers import read_document  # noqa: E402
from prikaz.pipeline.readers.txt import document_from_text  # noqa: E402
from prikaz.pipeline.writers.rows import extraction_json  # noqa: E402

SHARED = HERE.parent.parent / "shared"


def _write(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--ruslawod", type=Path, default=SHARED / "bench/ruslawod/dev.jsonl")
    ap.add_argument("--real-orders", type=Path, default=SHARED / "bench/real-orders")
    ap.add_argument("--skip-real", action="store_true")
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args()
    for sub in ("seeds", "ruslawod", "real-orders"):
        (args.out / sub).mkdir(parents=True, exist_ok=True)
    for seed in sorted(args.seeds.glob("*.txt")):
        obj = extraction_json(extract_document(read_document(seed)))
        obj["source_path"] = seed.name
        _write(args.out / "seeds" / f"{seed.stem}.json", obj)
    for line in args.ruslawod.read_text(encoding="utf-8").splitlines():
        act = json.loads(line)
        doc = document_from_text(act["text"], source_path=act["id"], doc_id=act["id"])
        _write(args.out / "ruslawod" / f"{act['id']}.json", dataclasses.asdict(extract_header(doc)))
    if args.skip_real:
        return
    for path in sorted(args.real_orders.iterdir()):
        if path.suffix.lower() in INPUT_SUFFIXES:
            obj, _ = run_child(path, args.timeout)
            _write(args.out / "real-orders" / f"{path.name}.json", obj)
            print(path.name, flush=True)


if __name__ == "__main__":
    main()
