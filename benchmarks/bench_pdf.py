"""Speed of the readers on the rendered seeds: pdfplumber alone vs the PDF reader + extractors.

    python benchmarks/bench_pdf.py [--repeat N] [--no-ocr] [--no-docx] [--no-rss]

On the same rendered pages (tests/fixtures/formats/: every seed in ordinary, narrow-column and
hyphenated layouts, text layer), in one run:
- `pdfplumber`: pdfplumber's own `extract_words()` + `extract_tables()` on every page;
- `reader`: the PDF reader (`read_pdf_bytes`) and, separately, reader + header and roadmap
  extractors; the overhead is reported against pdfplumber (issue 6 allows at most +25 %);
- `unruled`: the same for the renderings whose tables have no rulings (*.unruled.pdf), where
  the reader finds the tables from the words' alignment; the column finder alone is timed too
  (on words already extracted), as a share of pdfplumber's time;
- `docx`: the DOCX reader on the same seeds (pages counted from the PDF rendering);
- `ocr`: the scanned renderings (*.scan.pdf, 200 dpi, no text layer) read by OCR, in s/page.
Each timing is the best of `--repeat` runs, in CPU seconds of this process (the OCR one runs
once, in wall seconds: tesseract runs in a child process). Peak RSS: pdfplumber
alone and the reader alone, each over the ruled set once in a fresh process (spawned), as the
process's peak resident set (`ru_maxrss`), imports included.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import resource
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from prikaz.extractors.header import extract_header
from prikaz.extractors.roadmap import extract_roadmap
from prikaz.pipeline.readers.docx import read_docx_bytes
from prikaz.pipeline.readers.pdf import PWord, read_pdf_bytes
from prikaz.pipeline.readers.pdf_unruled import find_unruled_grids

FORMATS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formats"


def plumber_only(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.extract_tables()
            page.close()
        return len(pdf.pages)


def reader_only(data: bytes) -> None:
    read_pdf_bytes(data, source_path="bench.pdf", ocr=False)


def reader_and_extractors(data: bytes) -> None:
    doc = read_pdf_bytes(data, source_path="bench.pdf", ocr=False)
    extract_header(doc)
    extract_roadmap(doc)


def page_words(data: bytes) -> list[list[PWord]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            [PWord(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in p.extract_words()]
            for p in pdf.pages
        ]


def _peak_rss_child(job: str, paths: list[str], out) -> None:
    fn = plumber_only if job == "pdfplumber" else reader_only
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for path in paths:
        fn(Path(path).read_bytes())
    out.put((before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def peak_rss_mib(job: str, paths: list[Path]) -> tuple[float, float]:
    """(RSS after imports, peak RSS) in MiB of a fresh process that runs `job` over `paths`."""
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=_peak_rss_child, args=(job, [str(p) for p in paths], out))
    proc.start()
    value = out.get()
    proc.join()
    return value


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """Best CPU time of this process over `repeat` runs: on a shared machine wall time would
    count other processes' work (everything timed here runs in this one thread)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def bench_set(label: str, paths: list[Path], repeat: int) -> int:
    """pdfplumber vs the reader on one set of PDFs; returns the page count."""
    blobs = [p.read_bytes() for p in paths]
    pages = sum(plumber_only(b) for b in blobs)  # also warms caches and imports

    t_plumber = best_of(repeat, lambda: [plumber_only(b) for b in blobs])
    t_reader = best_of(repeat, lambda: [reader_only(b) for b in blobs])
    t_full = best_of(repeat, lambda: [reader_and_extractors(b) for b in blobs])
    print(f"{len(paths)} PDFs with {label} tables, {pages} pages (text layer)")
    print(f"  pdfplumber extract_words+extract_tables  {pages / t_plumber:7.1f} pages/s")
    print(
        f"  PDF reader                               {pages / t_reader:7.1f} pages/s"
        f"  ({(t_reader / t_plumber - 1) * 100:+.0f} % vs pdfplumber)"
    )
    print(
        f"  PDF reader + header + roadmap extractors {pages / t_full:7.1f} pages/s"
        f"  ({(t_full / t_plumber - 1) * 100:+.0f} % vs pdfplumber)"
    )
    if label == "unruled":
        words = [w for b in blobs for w in page_words(b)]
        t_find = best_of(repeat, lambda: [find_unruled_grids(w) for w in words])
        print(
            f"  column finder alone (words given)        {pages / t_find:7.1f} pages/s"
            f"  ({t_find / t_plumber * 100:.1f} % of pdfplumber's time)"
        )
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument("--no-docx", action="store_true")
    parser.add_argument("--no-rss", action="store_true")
    args = parser.parse_args()

    pdfs = sorted(
        p for p in FORMATS.glob("*.pdf") if p.suffixes[-2:-1] not in ([".scan"], [".unruled"])
    )
    pages = bench_set("ruled", pdfs, args.repeat)
    bench_set("unruled", sorted(FORMATS.glob("*.unruled.pdf")), args.repeat)
    if not args.no_rss:
        for job in ("pdfplumber", "reader"):
            base, peak = peak_rss_mib(job, pdfs)
            print(
                f"  peak RSS, {job} over the ruled set in a fresh process: {peak:.0f} MiB"
                f" ({base:.0f} MiB after imports, +{peak - base:.0f} MiB reading)"
            )

    if not args.no_docx:
        docxs = [p.with_suffix(".docx").read_bytes() for p in pdfs]  # same layouts as DOCX
        t_docx = best_of(
            args.repeat, lambda: [read_docx_bytes(d, source_path="bench.docx") for d in docxs]
        )
        print(f"  DOCX reader                              {pages / t_docx:7.1f} pages/s (of PDF)")

    if not args.no_ocr:
        scans = sorted(FORMATS.glob("*.scan.pdf"))
        scan_pages = 0
        start = time.perf_counter()
        for scan in scans:
            scan_pages += read_pdf_bytes(scan.read_bytes(), source_path=scan.name).pages
        t_ocr = time.perf_counter() - start
        print(
            f"  OCR reader (200-dpi scans)               {scan_pages / t_ocr:7.2f} pages/s"
            f"  = {t_ocr / scan_pages:.2f} s/page over {scan_pages} pages"
        )


if __name__ == "__main__":
    main()
