"""OCR of a page image: tesseract (rus+eng) words, table grids from the image's rulings.

The page comes as it was scanned (see `scan`: rendered at its own images' resolution, turned
upright, deskewed). Table rulings are found in the image as long straight runs of ink (OpenCV
morphology: gaps of a scanned line bridged, then an opening that keeps only long runs); they
are turned into pdfplumber edges and
pdfplumber's own edges -> intersections -> cells -> tables steps give the grid, so a scanned
ruled table goes through the same cell assignment as a text-layer table. The rulings are
erased from the image before tesseract reads it (lines confuse its segmentation). Words come
from tesseract's TSV output with their boxes and confidences, in PDF points. A page without
ruled grids gets its tables from the words' alignment, by the finder of unruled text-layer
tables (`pdf_unruled`).

Needs Debian's `tesseract-ocr` and `tesseract-ocr-rus`; runs tesseract with one thread, a
timeout, and its arguments as a list (no shell).
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
from dataclasses import dataclass

import cv2
import numpy as np
from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from prikaz.errors import ReadError
from prikaz.morphology import PERIOD_WORD, ROMAN_LOOKALIKES
from prikaz.pipeline.readers.layout import Grid, PageLayout, PWord
from prikaz.pipeline.readers.pdf_unruled import find_unruled_grids
from prikaz.pipeline.readers.scan import (
    PageImage,
    looks_sideways,
    orientation,
    render_pdf_page,
    straighten,
    tesseract_binary,
)

OCR_DPI = 300
OCR_LANGS = "rus+eng"
OCR_TIMEOUT_S = 180.0
MIN_CONF = 10.0  # tesseract words below this confidence are noise (specks, rulings)
DARK = 140  # grey level below which a pixel is ink
MIN_RULE_INCH = 0.5  # a ruling is a straight run of ink at least this long
MIN_RULE_V_INCH = 0.3  # upright, taller than any letter of body text
BRIDGE_INCH = 0.005  # breaks up to this long in a scanned ruling are bridged
JOIN_INCH = 0.1  # horizontal rulings in line are joined over faded stretches this long
JOIN_V_INCH = 0.15  # vertical ones: less than a one-line row (a section row has none)
BLOB_MIN_INCH = 0.06  # an unread patch of ink as tall as a small letter at least
BLOB_MAX_INCH = 0.3  # and no taller than a line of big print
MAX_BLOBS = 300
MIN_SURE_WORDS = 10  # a page's OCR with fewer words, or
MIN_SURE_CONF = 60.0  # a median confidence under this, is doubtful: orientation is checked
# A tesseract line box (ascender to descender ink) is about 0.9 of the font size, the height
# of a text layer's word box (LibreOffice PDFs of the seeds: 10.5–11 px boxes, 12 pt type).
EM_PER_LINE_BOX = 1.1
LOCAL_CONTRAST = 25  # grey levels under the neighbourhood mean that make a pixel ink


@dataclass(slots=True)
class OcrPageLayout(PageLayout):
    """A page read by OCR, with how its image was set straight."""

    rotated: int = 0  # degrees turned clockwise to make it upright
    skew: float = 0.0  # degrees turned to straighten it
    replaced_layer: bool = False  # it had a text layer, judged garbage (see `textlayer`)


def ocr_warnings(pages: list[PageLayout]) -> tuple[str, ...]:
    """What a reader says about its OCR'd pages: which, which layers replaced, which turned."""
    ocr = [p for p in pages if isinstance(p, OcrPageLayout)]
    if not ocr:
        return ()
    out = [f"pages read by OCR: {_numbers(ocr)}"]
    replaced = [p for p in ocr if p.replaced_layer]
    if replaced:
        out.append(f"text layer replaced by OCR (not the text drawn): pages {_numbers(replaced)}")
    turned = [p for p in ocr if p.rotated]
    if turned:
        out.append(
            "pages turned upright: " + ", ".join(f"{p.number} ({p.rotated}°)" for p in turned)
        )
    return tuple(out)


def _numbers(pages: list[OcrPageLayout]) -> str:
    return ", ".join(str(p.number) for p in pages)


def find_rulings(gray: np.ndarray, dpi: float) -> tuple[list, list, np.ndarray]:
    """(horizontal, vertical) segments (x0, x1, y0, y1) in pixels and the mask of their pixels.

    Ink is dark against its neighbourhood (an adaptive threshold: a faint thin ruling of a
    colour scan is ink too). A ruling is a straight run of ink at least `MIN_RULE_INCH` long
    (`MIN_RULE_V_INCH` upright: the borders of a one-line header row are short),
    once breaks of up to `BRIDGE_INCH` are bridged; runs in line with each other are then
    joined over faded stretches of up to `JOIN_INCH` (horizontal) or `JOIN_V_INCH` (vertical:
    less than a one-line row, so that a section row spanning the columns, which has no
    column borders, is not given any). Each connected run is one segment.
    """
    ink = ink_mask(gray, dpi)
    bridge = 2 * max(1, int(BRIDGE_INCH * dpi)) + 1
    masks = []
    for horizontal in (True, False):
        length = max(10, int((MIN_RULE_INCH if horizontal else MIN_RULE_V_INCH) * dpi))
        join = int((JOIN_INCH if horizontal else JOIN_V_INCH) * dpi)
        steps = (
            (cv2.MORPH_CLOSE, bridge, True),
            (cv2.MORPH_OPEN, length, True),
            (cv2.MORPH_CLOSE, join, True),
        )
        mask = ink
        for op, size, along in steps:
            shape = (size, 1) if along == horizontal else (1, size)
            mask = cv2.morphologyEx(mask, op, cv2.getStructuringElement(cv2.MORPH_RECT, shape))
        masks.append(mask)
    del ink
    rule_mask = cv2.bitwise_or(masks[0], masks[1]) > 0
    return _components(masks[0]), _components(masks[1]), rule_mask


def ink_mask(gray: np.ndarray, dpi: float) -> np.ndarray:
    """255 where a pixel is ink: dark, or clearly darker than its surroundings (faint lines)."""
    block = 2 * int(0.05 * dpi) + 1
    local = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, LOCAL_CONTRAST
    )
    dark = np.where(gray < DARK, np.uint8(255), np.uint8(0))
    return cv2.bitwise_or(local, dark)


def _components(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for k in range(1, count):
        x, y, w, h = (int(v) for v in stats[k, :4])
        out.append((x, x + w, y, y + h))
    return out


def grids_from_rulings(horizontal: list, vertical: list, scale: float) -> list[Grid]:
    """pdfplumber's table steps on edges made from image rulings (pixels * scale = points)."""
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
        grid = Grid.from_cells(
            [(float(a), float(b), float(c), float(d)) for a, b, c, d in table_cells]
        )
        if len(grid.xs) >= 2:
            grids.append(grid)
    return grids


def run_tesseract(
    gray: np.ndarray, *, langs: str = OCR_LANGS, dpi: float = OCR_DPI, psm: int = 3
) -> list[dict]:
    """Word rows of tesseract's TSV for a greyscale image (sent as PNG on stdin)."""
    ok, png = cv2.imencode(".png", gray)
    if not ok:
        raise ReadError("ocr_failed", "page image could not be encoded for tesseract")
    args = [tesseract_binary(), "stdin", "stdout", "-l", langs, "--dpi", str(round(dpi))]
    args += ["--psm", str(psm), "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = subprocess.run(
            args, input=png.tobytes(), capture_output=True, timeout=OCR_TIMEOUT_S, env=env
        )
    except subprocess.TimeoutExpired as exc:
        raise ReadError("ocr_timeout", f"tesseract did not finish in {OCR_TIMEOUT_S} s") from exc
    del png
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip()[-300:]
        raise ReadError("ocr_failed", f"tesseract failed (exit {proc.returncode}): {msg}")
    reader = csv.DictReader(
        io.StringIO(proc.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    rows = list(reader)
    lines = {_line_key(r): r for r in rows if r.get("level") == "4"}
    words = []
    for row in rows:
        if row.get("level") == "5" and (row.get("text") or "").strip():
            line = lines.get(_line_key(row), row)
            row["line_top"], row["line_height"] = line["top"], line["height"]
            words.append(row)
    return words


def _line_key(row: dict) -> tuple[str, str, str]:
    return row.get("block_num", ""), row.get("par_num", ""), row.get("line_num", "")


def erase(gray: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The image with the masked pixels (and one pixel around them) made white."""
    if not mask.any():
        return gray
    grown = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    cleaned = gray.copy()
    cleaned[grown] = 255
    return cleaned


def ocr_image(image: PageImage, number: int) -> OcrPageLayout:
    """An upright, straightened page image into a PageLayout: tesseract words in points, table
    grids from the image's rulings or, without them, from how the words align (`pdf_unruled`)."""
    scale = 72.0 / image.dpi
    horizontal, vertical, rule_mask = find_rulings(image.gray, image.dpi)
    grids = grids_from_rulings(horizontal, vertical, scale)
    # Rulings erased inside tables (lines confuse tesseract's segmentation); outside, a short
    # upright "ruling" may be a letter's stem of a big heading.
    cleaned = erase(image.gray, _inside(rule_mask, grids, scale))
    del rule_mask
    rows = run_tesseract(cleaned, dpi=image.dpi)
    usual = usual_height(rows)
    words = _words(rows, scale, usual)
    del rows
    if grids:
        boxes = _empty_cells_with_ink(cleaned, grids, words, scale)
    else:
        boxes = _unread_blobs(cleaned, words, scale, image.dpi)
    words += reread(cleaned, boxes, scale, image.dpi, usual)
    if not grids:
        grids = find_unruled_grids(words)
    return OcrPageLayout(
        number,
        image.width_pt,
        image.height_pt,
        words,
        grids,
        ocr=True,
        rotated=image.rotated,
        skew=image.skew,
    )


def _inside(mask: np.ndarray, grids: list[Grid], scale: float) -> np.ndarray:
    """The mask kept only within the grids' boxes (and a few pixels around them)."""
    keep = np.zeros_like(mask)
    for grid in grids:
        x0, y0, x1, y1 = (int(v / scale) for v in grid.bbox)
        keep[max(0, y0 - 8) : y1 + 8, max(0, x0 - 8) : x1 + 8] = True
    return mask & keep


def usual_height(rows: list[dict]) -> int:
    """The usual full height (ascenders to descenders) of the tesseract lines the word rows
    stand in, in pixels: the 80th percentile, as lines of digits or of «ые» are shorter."""
    heights = sorted(int(r.get("line_height") or r["height"]) for r in rows)
    return heights[int(len(heights) * 0.8)] if heights else 0


# Roman numerals that tesseract's Russian model reads as Cyrillic capitals
# (`morphology.ROMAN_LOOKALIKES`), put back where a quarter or half-year follows («П квартал
# 2017 года», «П-Ш-У квартал»), the one place such a capital standing alone cannot be a word.
# Examples: a line's words → the same words repaired.
_ROMAN = {2: "II", 3: "III", 4: "IV"}
ROMAN_LOOKALIKE = {look: _ROMAN[value] for look, value in ROMAN_LOOKALIKES.items()}
_PERIOD_WORD = re.compile(rf"^{PERIOD_WORD}[,.;:]?$")
ROMAN_EXAMPLES = {
    "П квартал 2017 года": "II квартал 2017 года",
    "Ш квартал 2016 года, далее - постоянно": "III квартал 2016 года, далее - постоянно",
    "П-Ш-У квартал 2017 года": "II-III-IV квартал 2017 года",
    "1У квартал": "IV квартал",
    "П полугодие": "II полугодие",
    "II квартал": "II квартал",
    "п. 3 квартал": "п. 3 квартал",
    "отчёт у квартала": "отчёт у квартала",
    "План П квартира": "План П квартира",
}


def repair_roman_numerals(texts: list[str]) -> list[str]:
    """One line's words with Roman numerals misread as Cyrillic capitals put back."""
    out = list(texts)
    for i in range(len(out) - 1):
        if not _PERIOD_WORD.match(out[i + 1]):
            continue
        parts = re.split(r"([-–])", out[i])
        numerals = [ROMAN_LOOKALIKE.get(p, p) for p in parts]
        if all(p in "-–" or p in ROMAN_LOOKALIKE.values() for p in numerals if p):
            out[i] = "".join(numerals)
    return out


def _repaired(rows: list[dict]) -> list[str]:
    """The rows' texts, Roman numerals repaired line by line (`repair_roman_numerals`)."""
    texts = [row["text"].strip() for row in rows]
    lines: dict[tuple[str, str, str], list[int]] = {}
    for k, row in enumerate(rows):
        lines.setdefault(_line_key(row), []).append(k)
    for members in lines.values():
        fixed = repair_roman_numerals([texts[k] for k in members])
        for k, text in zip(members, fixed, strict=True):
            texts[k] = text
    return texts


def _words(rows: list[dict], scale: float, usual: int, dx: int = 0, dy: int = 0) -> list[PWord]:
    """Tesseract words in points. A word's box is its ink, which for «ые» is lower than for
    «Назначение»: every word takes its line's box instead, at least the page's usual line
    height, grown about its centre to the font size (`EM_PER_LINE_BOX`), as a text layer's
    words have their font's height (the unruled-table finder and the paragraph splitter
    compare line gaps with line heights)."""
    words = []
    for row, text in zip(rows, _repaired(rows), strict=True):
        conf = float(row["conf"])
        if conf < MIN_CONF:
            continue
        left = int(row["left"]) + dx
        line_top, line_h = (
            int(row.get("line_top") or row["top"]),
            int(row.get("line_height") or row["height"]),
        )
        height = max(line_h, usual) * EM_PER_LINE_BOX
        top = line_top + line_h / 2 - height / 2 + dy
        words.append(
            PWord(
                text,
                left * scale,
                top * scale,
                (left + int(row["width"])) * scale,
                (top + height) * scale,
                False,
                conf,
            )
        )
    return words


def _empty_cells_with_ink(
    gray: np.ndarray, grids: list[Grid], words: list[PWord], scale: float
) -> list[tuple[int, int, int, int]]:
    boxes = []
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
                if (gray[y0:y1, x0:x1] < DARK).sum() < 30:
                    continue
                boxes.append((x0, y0, x1, y1))
    return boxes


def _unread_blobs(
    gray: np.ndarray, words: list[PWord], scale: float, dpi: float
) -> list[tuple[int, int, int, int]]:
    """Word-sized patches of ink that no word covers (without cells to look in: a page
    without rulings), as pixel boxes: the lone item numbers of an unruled table."""
    ink = np.where(gray < DARK, np.uint8(255), np.uint8(0))
    # Letters of a word merge into one patch: grown by about a letter space across.
    kernel = np.ones((max(1, int(0.02 * dpi)), max(1, int(0.04 * dpi))), np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(ink, kernel), connectivity=8)
    del ink
    covered = [(w.x0 / scale, w.top / scale, w.x1 / scale, w.bottom / scale) for w in words]
    boxes = []
    for k in range(1, count):
        x, y, w, h = (int(v) for v in stats[k, :4])
        if not (BLOB_MIN_INCH * dpi <= h <= BLOB_MAX_INCH * dpi and w <= 4 * BLOB_MAX_INCH * dpi):
            continue
        if any(x < c[2] and c[0] < x + w and y < c[3] and c[1] < y + h for c in covered):
            continue
        pad = int(0.02 * dpi)
        boxes.append((max(0, x - pad), max(0, y - pad), x + w + pad, y + h + pad))
    return boxes[:MAX_BLOBS]


def reread(
    gray: np.ndarray, boxes: list[tuple[int, int, int, int]], scale: float, dpi: float, usual: int
) -> list[PWord]:
    """Patches with ink but no word (page OCR misses lone numbers like "3."): read them again,
    all of them stacked into one strip image, as a block of lines (one tesseract call)."""
    if not boxes:
        return []
    gap = 30
    width = max(x1 - x0 for x0, _, x1, _ in boxes) + 2 * gap
    height = sum(y1 - y0 + gap for _, y0, _, y1 in boxes) + gap
    strip = np.full((height, width), 255, dtype=np.uint8)
    offsets: list[tuple[int, int, tuple[int, int, int, int]]] = []  # strip y range -> page box
    y = gap
    for box in boxes:
        x0, y0, x1, y1 = box
        strip[y : y + y1 - y0, gap : gap + x1 - x0] = gray[y0:y1, x0:x1]
        offsets.append((y, y + y1 - y0, box))
        y += y1 - y0 + gap
    found: list[PWord] = []
    for row in run_tesseract(strip, dpi=dpi, psm=6):
        cy = int(row["top"]) + int(row["height"]) // 2
        for sy0, sy1, box in offsets:
            if sy0 - gap // 2 <= cy < sy1 + gap // 2:
                found += _words([row], scale, usual, dx=box[0] - gap, dy=box[1] - sy0)
                break
    return found


def ocr_page_image(image: PageImage, number: int) -> OcrPageLayout:
    """A scanned page as it comes: turned upright, deskewed, then read.

    Orientation detection runs first only on a page that looks sideways; an upright-looking
    page is read as it is, and asked about only when its OCR is doubtful (an upside-down or
    sideways page gives few words, of low confidence): then, if OSD turns it, it is read again.
    """
    if looks_sideways(image.gray, image.dpi):
        return ocr_image(straighten(image), number)
    layout = ocr_image(straighten(image, turn=0), number)
    if _doubtful(layout):
        turn = orientation(image.gray, image.dpi)
        if turn:
            return ocr_image(straighten(image, turn=turn), number)
    return layout


def _doubtful(layout: PageLayout) -> bool:
    confs = sorted(w.conf for w in layout.words if w.conf is not None)
    return len(confs) < MIN_SURE_WORDS or confs[len(confs) // 2] < MIN_SURE_CONF


def ocr_page(pdf_doc, number: int) -> OcrPageLayout:
    """OCR page `number` (1-based) of an open pypdfium2 document, at its images' resolution."""
    return ocr_page_image(render_pdf_page(pdf_doc, number - 1), number)
