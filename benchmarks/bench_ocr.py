"""OCR reader against bare tesseract on the same page images; rows found on real scans.

    PYTHONPATH=$PWD python benchmarks/bench_ocr.py [PDF ...] [--real DIR]

For each scanned PDF (default: tests/fixtures/scans/*.pdf), in one run:
- bare tesseract: every page rendered once (as the reader renders it, outside the timing) and
  read by `tesseract - stdout -l rus+eng --psm 3 tsv`, one thread, one page at a time;
- the reader: `read_pdf_bytes` on the file in a fresh worker process with the default worker
  memory cap (2048 MB address space), timed from bytes to Document; its peak RSS (VmHWM of
  the worker) and the children's peak RSS are reported (Linux counts a child's resident set
  from the fork, before tesseract is exec'd, so the latter is at least the worker's own).
The reader's overhead (rendering, orientation, deskew, rulings, tables, empty-cell re-reads)
is (reader − tesseract) / tesseract; the goal is ≤ 15 %.

With `--a3`, a 10-page A3 scan at 300 dpi (1-bit, the straight seed fixture's pages enlarged
and repeated) is made in a temporary folder and read by the reader alone under the same limits
(issue 18: read under the default worker limits, one page at a time).

With `--real DIR` (e.g. ../shared/bench/real-orders), every PDF of DIR whose gold entry
(DIR/gold.json) has `roadmap_rows` is also read under the same limits, and the roadmap rows
found are printed against the gold count.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import pypdfium2

from prikaz.pipeline.readers.scan import render_pdf_page, straighten, tesseract_binary

ROOT = Path(__file__).resolve().parent.parent
SCANS = ROOT / "tests" / "fixtures" / "scans"
MEMORY_MB = 2048  # pipeline.worker.WorkerConfig.memory_mb

WORKER = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from pathlib import Path
from prikaz.pipeline.readers.pdf import read_pdf_bytes
data = Path(sys.argv[1]).read_bytes()
t0 = time.perf_counter()
doc = read_pdf_bytes(data, source_path=sys.argv[1])
seconds = time.perf_counter() - t0
rows = None
if len(sys.argv) > 2:
    from prikaz.extractors.roadmap import extract_roadmap
    rows = len(extract_roadmap(doc))
hwm = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        hwm = int(line.split()[1]) // 1024
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(json.dumps({{"seconds": seconds, "pages": doc.pages, "ocr_pages": doc.ocr_pages,
                  "rss_mb": hwm, "tesseract_rss_mb": child, "rows": rows}}))
"""


def run_worker(path: Path, rows: bool = False) -> dict:
    code = WORKER.format(cap=MEMORY_MB * 2**20)
    args = [sys.executable, "-c", code, str(path), *(["rows"] if rows else [])]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=1800)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bare_tesseract(path: Path) -> tuple[int, float]:
    """(pages, seconds) of tesseract alone on the pages rendered as the reader renders them."""

    pdf = pypdfium2.PdfDocument(path.read_bytes())
    seconds = 0.0
    try:
        pages = len(pdf)
        for index in range(pages):
            image = straighten(render_pdf_page(pdf, index))
            _, png = cv2.imencode(".png", image.gray)
            args = [tesseract_binary(), "stdin", "stdout", "-l", "rus+eng"]
            args += ["--dpi", str(round(image.dpi)), "--psm", "3", "tsv"]
            env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
            t0 = time.perf_counter()
            subprocess.run(args, input=png.tobytes(), capture_output=True, env=env, check=True)
            seconds += time.perf_counter() - t0
    finally:
        pdf.close()
    return pages, seconds


def compare(paths: list[Path]) -> None:
    print(
        f"{'file':44s} {'pages':>5s} {'tess s':>7s} {'reader s':>8s} {'overhead':>8s} "
        f"{'pages/s':>7s} {'RSS MB':>6s} {'kids RSS':>8s}"
    )
    total_t = total_r = 0.0
    total_p = 0
    for path in paths:
        pages, tess = bare_tesseract(path)
        got = run_worker(path)
        if "error" in got:
            print(f"{path.name:44s} error: {got['error']}")
            continue
        reader = got["seconds"]
        total_t, total_r, total_p = total_t + tess, total_r + reader, total_p + pages
        print(
            f"{path.name[:44]:44s} {pages:5d} {tess:7.1f} {reader:8.1f} "
            f"{(reader - tess) / tess:8.0%} {pages / reader:7.2f} {got['rss_mb']:6d} "
            f"{got['tesseract_rss_mb']:8d}"
        )
    if total_t:
        print(
            f"{'total':44s} {total_p:5d} {total_t:7.1f} {total_r:8.1f} "
            f"{(total_r - total_t) / total_t:8.0%} {total_p / total_r:7.2f}"
        )


def a3_scan(folder: Path) -> Path:
    """A 10-page A3 scan at 300 dpi made from the straight seed fixture's pages."""

    source = pypdfium2.PdfDocument(next(SCANS.glob("*.straight.pdf")).read_bytes())
    try:
        pages = [
            source[i].render(scale=300 / 72 * 1.414, grayscale=True).to_pil()
            for i in range(len(source))
        ]
    finally:
        source.close()
    a3 = [pages[i % len(pages)].convert("1").resize((3508, 4961)) for i in range(10)]
    out = folder / "a3_10_pages_300dpi.pdf"
    a3[0].save(out, "PDF", resolution=300.0, save_all=True, append_images=a3[1:])
    return out


def real_orders(folder: Path) -> None:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    print(
        f"\n{'real order':44s} {'pages':>5s} {'OCR':>4s} {'rows':>5s} {'gold':>5s} "
        f"{'s':>6s} {'RSS MB':>6s}"
    )
    for name, entry in sorted(gold.items()):
        if not name.endswith(".pdf") or not entry.get("roadmap_rows"):
            continue
        got = run_worker(folder / name, rows=True)
        if "error" in got:
            print(f"{name[:44]:44s} error: {got['error']}")
            continue
        print(
            f"{name[:44]:44s} {got['pages']:5d} {got['ocr_pages']:4d} {got['rows']:5d} "
            f"{entry['roadmap_rows']:5d} {got['seconds']:6.1f} {got['rss_mb']:6d}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--real", type=Path, help="folder of real orders with gold.json")
    ap.add_argument("--a3", action="store_true", help="also a 10-page A3 300-dpi scan")
    ap.add_argument("--no-compare", action="store_true", help="skip the tesseract comparison")
    args = ap.parse_args()
    if not args.no_compare:
        compare(args.pdfs or sorted(SCANS.glob("*.pdf")))
    if args.a3:
        with tempfile.TemporaryDirectory(prefix="prikaz-a3-") as tmp:
            got = run_worker(a3_scan(Path(tmp)))
            print(f"\n10-page A3 scan at 300 dpi: {got}")
    if args.real:
        real_orders(args.real)


if __name__ == "__main__":
    main()
