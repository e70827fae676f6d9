"""Share of roadmap rows recovered from the 200-dpi scans of the seeds, and OCR seconds/page.

    python benchmarks/bench_ocr_rows.py

A scan row counts as recovered when its activity is at least 90 % alike (difflib ratio,
whitespace-normalized) to the TXT row with the same position, and «exact» when equal.
"""

from __future__ import annotations

import difflib
import re
import time
from pathlib import Path

from prikaz.extractors.roadmap import extract_roadmap
from prikaz.pipeline.readers import read_document
from prikaz.pipeline.readers.txt import read_txt

ROOT = Path(__file__).resolve().parent.parent
SCANS = ROOT / "tests" / "fixtures" / "formats"


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def main() -> None:
    total = alike = exact = pages = 0
    seconds = 0.0
    for txt in sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt")):
        truth = extract_roadmap(read_txt(txt))
        t0 = time.perf_counter()
        doc = read_document(SCANS / f"{txt.stem}.scan.pdf")
        seconds += time.perf_counter() - t0
        pages += doc.pages
        got = extract_roadmap(doc)
        seed_alike = seed_exact = 0
        for want, have in zip(truth, got, strict=False):
            ratio = difflib.SequenceMatcher(None, norm(want.activity), norm(have.activity)).ratio()
            seed_alike += ratio >= 0.9
            seed_exact += norm(want.activity) == norm(have.activity)
        total += len(truth)
        alike += seed_alike
        exact += seed_exact
        print(
            f"{txt.stem[:3]}: {len(got)}/{len(truth)} rows found, "
            f"{seed_alike} ≥90 % alike, {seed_exact} exact"
        )
    print(
        f"all: {alike}/{total} rows recovered ({alike / total:.0%}), {exact} exact; "
        f"OCR {seconds / pages:.1f} s/page over {pages} pages"
    )


if __name__ == "__main__":
    main()
