"""OCR of a PDF page that has no text layer: tesseract (rus+eng) words, rulings from the image.

The page is rendered at `OCR_DPI` (pypdfium2, shipped with pdfplumber). Table rulings are found
in the image as long straight runs of dark pixels; they are turned into pdfplumber edges and
pdfplumber's own edges -> intersections -> cells -> tables steps give the grid, so a scanned
ruled table goes through the same cell assignment as a text-layer table. The rulings are
erased from the image before tesseract reads it (lines confuse its segmentation). Words come
from tesseract's TSV output with their boxes and confidences, in PDF points.

Needs Debian's `tesseract-ocr` and `tesseract-ocr-rus`; runs tesseract with one thread, a
timeout, and its arguments as a list (no shell).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from prikaz.errors import ReadError
from prikaz.pipeline.readers.layout import Grid, PageLayout, PWord

OCR_DPI = 300
OCR_LANGS = "rus+eng"
OCR_TIMEOUT_S = 180.0
MIN_CONF = 10.0  # tesseract words below this confidence are noise (specks, rulings)
DARK = 140  # grey level below which a pixel is ink
MIN_RULE_INCH = 0.4  # a ruling is a straight run of ink at least this long


def tesseract_binary() -> str:
    found = shutil.which("tesseract")
    if not found:
        raise ReadError(
            "ocr_missing", "tesseract is not installed: cannot read a PDF page without text"
        )
    return found


def _runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels that belong to a run of at least `length` True values along axis 1."""
    h, w = mask.shape
    if w < length:
        return np.zeros_like(mask)
    c = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=c[:, 1:])
    full = (c[:, length:] - c[:, :-length]) == length  # full[:, s]: window [s, s+length) is ink
    n = full.shape[1]
    f = np.zeros((h, n + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=f[:, 1:])
    x = np.arange(w)
    hi = np.minimum(x + 1, n)
    lo = np.clip(x - length + 1, 0, n)
    return (f[:, hi] - f[:, lo]) > 0


def _segments(mask: np.ndarray, min_len: int) -> list[tuple[int, int, int, int]]:
    """Horizontal segments (x0, x1, y0, y1) of a run mask, merging adjacent pixel rows."""
    segs: list[list[int]] = []
    rows = np.nonzero(mask.any(axis=1))[0]
    for y in rows:
        line = mask[y]
        padded = np.concatenate([[False], line, [False]])
        diff = np.diff(padded.astype(np.int8))
        starts = np.nonzero(diff == 1)[0]
        ends = np.nonzero(diff == -1)[0]
        for x0, x1 in zip(starts, ends, strict=True):
            if x1 - x0 < min_len:
                continue
            for seg in reversed(segs[-8:]):
                if seg[3] >= y - 1 and seg[0] <= x1 and x0 <= seg[1]:
                    seg[0], seg[1], seg[3] = min(seg[0], x0), max(seg[1], x1), y
                    break
            else:
                segs.append([int(x0), int(x1), int(y), int(y)])
    return [tuple(s) for s in segs]  # type: ignore[misc]


def find_rulings(ink: np.ndarray, dpi: int) -> tuple[list, list, np.ndarray]:
    """(horizontal, vertical) segments in pixels and the mask of ruling pixels."""
    length = max(10, int(MIN_RULE_INCH * dpi))
    h_mask = _runs(ink, length)
    v_mask = _runs(ink.T, length).T
    horizontal = _segments(h_mask, length)
    # Segments of the transposed mask are (top, bottom, left, right): swap back.
    vertical = [(x0, x1, y0, y1) for (y0, y1, x0, x1) in _segments(v_mask.T, length)]
    return horizontal, vertical, h_mask | v_mask


def grids_from_rulings(horizontal: list, vertical: list, scale: float) -> list[Grid]:
    """pdfplumber's table steps on edges made from image rulings (pixels * scale = points)."""
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    edges = []
    for x0, x1, y0, y1 in horizontal:
        y = (y0 + y1) / 2 * scale
        edges.append(
            {
                "x0": x0 * scale,
                "x1": x1 * scale,
                "top": y,
                "bottom": y,
                "width": (x1 - x0) * scale,
                "height": 0.0,
                "orientation": "h",
                "object_type": "line",
            }
        )
    for x0, x1, y0, y1 in vertical:
        x = (x0 + x1) / 2 * scale
        edges.append(
            {
                "x0": x,
                "x1": x,
                "top": y0 * scale,
                "bottom": y1 * scale,
                "width": 0.0,
                "height": (y1 - y0) * scale,
                "orientation": "v",
                "object_type": "line",
            }
        )
    if not edges:
        return []
    edges = merge_edges(edges, 3, 3, 3, 3)
    cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
    grids = []
    for table_cells in cells_to_tables(cells):
        if len(table_cells) < 2:
            continue
        grid = Grid.from_cells([tuple(map(float, c)) for c in table_cells])
        if len(grid.xs) >= 2:
            grids.append(grid)
    return grids


def run_tesseract(image, *, langs: str = OCR_LANGS, dpi: int = OCR_DPI, psm: int = 3) -> list[dict]:
    """Word rows of tesseract's TSV for a PIL image."""
    with tempfile.TemporaryDirectory(prefix="prikaz-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        args = [tesseract_binary(), str(png), "stdout", "-l", langs, "--dpi", str(dpi)]
        args += ["--psm", str(psm), "tsv"]
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            proc = subprocess.run(
                args, capture_output=True, timeout=OCR_TIMEOUT_S, check=False, env=env
            )
        except subprocess.TimeoutExpired as exc:
            raise ReadError(
                "ocr_timeout", f"tesseract did not finish in {OCR_TIMEOUT_S} s"
            ) from exc
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip()[-300:]
        raise ReadError("ocr_failed", f"tesseract failed (exit {proc.returncode}): {msg}")
    reader = csv.DictReader(
        io.StringIO(proc.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    return [row for row in reader if row.get("level") == "5" and (row.get("text") or "").strip()]


def ocr_image(image, number: int, width: float, height: float, dpi: int = OCR_DPI) -> PageLayout:
    """A page image (PIL) into a PageLayout: tesseract words and grids from its rulings."""
    gray = np.asarray(image.convert("L"))
    ink = gray < DARK
    scale = 72.0 / dpi
    horizontal, vertical, rule_mask = find_rulings(ink, dpi)
    grids = grids_from_rulings(horizontal, vertical, scale)
    if rule_mask.any():
        # Erase rulings (and a pixel around them) so tesseract reads only the text.
        grown = rule_mask.copy()
        grown[1:, :] |= rule_mask[:-1, :]
        grown[:-1, :] |= rule_mask[1:, :]
        grown[:, 1:] |= rule_mask[:, :-1]
        grown[:, :-1] |= rule_mask[:, 1:]
        cleaned = gray.copy()
        cleaned[grown] = 255
        from PIL import Image

        image = Image.fromarray(cleaned)
    words = _words(run_tesseract(image, dpi=dpi), scale)
    words += _reread_empty_cells(image, grids, words, scale, dpi)
    return PageLayout(number, width, height, words, grids, ocr=True)


def _words(rows: list[dict], scale: float, dx: int = 0, dy: int = 0) -> list[PWord]:
    words = []
    for row in rows:
        conf = float(row["conf"])
        if conf < MIN_CONF:
            continue
        left, top = int(row["left"]) + dx, int(row["top"]) + dy
        w, h = int(row["width"]), int(row["height"])
        words.append(
            PWord(
                row["text"].strip(),
                left * scale,
                top * scale,
                (left + w) * scale,
                (top + h) * scale,
                False,
                conf,
            )
        )
    return words


def _reread_empty_cells(image, grids: list[Grid], words: list[PWord], scale: float, dpi: int):
    """Cells with ink but no word (page OCR misses lone numbers like "3."): read them again,
    all of them stacked into one strip image, as a block of lines (one tesseract call)."""
    from PIL import Image

    gray = np.asarray(image.convert("L"))
    crops: list[tuple[tuple[int, int, int, int], Image.Image]] = []
    for grid in grids:
        for row in grid.rows:
            for box in row:
                if box is None or any(
                    box[0] <= w.cx <= box[2] and box[1] <= w.cy <= box[3] for w in words
                ):
                    continue
                x0, y0 = int(box[0] / scale) + 4, int(box[1] / scale) + 4
                x1, y1 = int(box[2] / scale) - 4, int(box[3] / scale) - 4
                if x1 - x0 < 8 or y1 - y0 < 8:
                    continue
                region = gray[y0:y1, x0:x1]
                if (region < DARK).sum() < 30:
                    continue
                crops.append(((x0, y0, x1, y1), Image.fromarray(region)))
    if not crops:
        return []
    gap = 30
    width = max(c.width for _, c in crops) + 2 * gap
    height = sum(c.height + gap for _, c in crops) + gap
    strip = Image.new("L", (width, height), 255)
    offsets: list[tuple[int, int, tuple[int, int, int, int]]] = []  # strip y range -> page box
    y = gap
    for box, crop in crops:
        strip.paste(crop, (gap, y))
        offsets.append((y, y + crop.height, box))
        y += crop.height + gap
    found: list[PWord] = []
    for row in run_tesseract(strip, dpi=dpi, psm=6):
        cy = int(row["top"]) + int(row["height"]) // 2
        for y0, y1, box in offsets:
            if y0 - gap // 2 <= cy < y1 + gap // 2:
                found += _words([row], scale, dx=box[0] - gap, dy=box[1] - y0)
                break
    return found


def render_page(pdf_doc, index: int, dpi: int = OCR_DPI):
    """Render page `index` (0-based) of a pypdfium2 document to a greyscale PIL image."""
    page = pdf_doc[index]
    try:
        return page.render(scale=dpi / 72.0, grayscale=True).to_pil()
    finally:
        page.close()


def ocr_page(pdf_doc, number: int, width: float, height: float) -> PageLayout:
    """OCR page `number` (1-based) of an open pypdfium2 document."""
    image = render_page(pdf_doc, number - 1)
    return ocr_image(image, number, width, height)
