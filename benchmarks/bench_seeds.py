"""Documents/s and peak RSS of header + roadmap extraction over the seeds, single process.

    python benchmarks/bench_seeds.py [--seconds 5] [--full]

Reads each seed once (reading is measured apart), then repeats header + roadmap extraction
over the five seeds until `--seconds` of work are done. `--full` measures the whole
`extract_document` (deadlines, references, entities) instead.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from prikaz.extractors.header import extract_header
from prikaz.extractors.roadmap import extract_roadmap_result
from prikaz.pipeline.extract import extract_document
from prikaz.pipeline.readers.txt import read_txt

RAW = Path(__file__).resolve().parent.parent / "tests" / "data" / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--full", action="store_true", help="whole extract_document")
    args = parser.parse_args()

    paths = sorted(RAW.glob("*.txt"))
    t0 = time.perf_counter()
    docs = [read_txt(p) for p in paths]
    read_s = time.perf_counter() - t0
    # Warm-up: first calls load vocabularies and models.
    t0 = time.perf_counter()
    for doc in docs:
        extract_document(doc) if args.full else (extract_header(doc), extract_roadmap_result(doc))
    warm_s = time.perf_counter() - t0

    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        for doc in docs:
            if args.full:
                extract_document(doc)
            else:
                extract_header(doc)
                extract_roadmap_result(doc)
            n += 1
    elapsed = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    what = "extract_document" if args.full else "header + roadmap"
    print(f"seeds: {len(docs)}; TXT read: {len(docs) / read_s:.0f} docs/s; warm-up {warm_s:.2f} s")
    print(f"{what}: {n} documents in {elapsed:.2f} s = {n / elapsed:.1f} docs/s (single process)")
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
