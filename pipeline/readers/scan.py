"""Page images of scans, as they come: resolution, orientation and skew.

- Resolution comes from the page's own images: a page is rendered at the pixel density of its
  densest image, capped at `MAX_DPI` and raised to `MIN_DPI` (tesseract reads small print badly
  below that: PDFium's smoothing of an enlarged 1-bit image keeps the dots of «2.4.»), and
  never beyond `MAX_PIXELS` (a 300-dpi A3 page). A page of 2480×3507 *points*
  whose one image has 2480×3507 pixels is a 300-dpi A4 scan whose pixel size was written as its
  point size: it is rendered at its image's pixels, and its physical resolution is taken from
  the A4 long side (`_physical_dpi`), so that word boxes come out in ordinary page points.
- Orientation (0/90/180/270°) is tesseract's orientation detection (`--psm 0`) on a copy of the
  page at `OSD_DPI`; it is trusted from `OSD_MIN_CONFIDENCE` on (below, the page stays as it is).
  OSD costs a third of a page's OCR, so it is asked only when the page looks sideways (its ink
  runs in columns: `looks_sideways`) or when its OCR came out doubtful (see `ocr`).
- Skew of up to `MAX_SKEW` degrees is found by projection profiles: rotated a little, the rows of
  ink of a straight page (text lines, rulings) give the sharpest row sums. Searched coarse, then
  fine, on a copy at `SKEW_DPI`; the page is rotated back when the skew is `MIN_SKEW` or more.

Images are greyscale `uint8` numpy arrays; OpenCV does the resampling and rotation.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2.raw as pdfium_c

from prikaz.errors import ReadError

MAX_DPI = 300
MIN_DPI = 300  # a 200-dpi 1-bit scan rendered at 200 loses dots: «2.4.» read as «24»
MAX_PIXELS = 3508 * 4961  # a 300-dpi A3 page
A4_LONG_INCH = 11.69
OSD_DPI = 150
OSD_MIN_CONFIDENCE = 2.0
OSD_TIMEOUT_S = 60.0
SKEW_DPI = 100
MAX_SKEW = 5.0  # degrees
SIDEWAYS_RATIO = 0.5  # row profile under half the column profile: the text runs upright
MIN_SKEW = 0.1  # degrees: less than this is left alone (2 px over an A4 width at 300 dpi)
DARK = 140  # grey level below which a pixel is ink

_ROTATE = re.compile(rb"Rotate:\s*(\d+)")
_CONFIDENCE = re.compile(rb"Orientation confidence:\s*([\d.]+)")


def tesseract_binary() -> str:
    found = shutil.which("tesseract")
    if not found:
        raise ReadError(
            "ocr_missing", "tesseract is not installed: cannot read a page without text"
        )
    return found


@dataclass(slots=True)
class PageImage:
    """A page as a greyscale image and its physical resolution (pixels per inch)."""

    gray: np.ndarray
    dpi: float
    rotated: int = 0  # degrees turned clockwise to make it upright
    skew: float = 0.0  # degrees turned to straighten it

    @property
    def width_pt(self) -> float:
        return self.gray.shape[1] * 72.0 / self.dpi

    @property
    def height_pt(self) -> float:
        return self.gray.shape[0] * 72.0 / self.dpi


def _image_ppi(page) -> float | None:
    """Pixel density (per inch of the page) of the page's densest image; None without one."""
    best = None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        px_w, px_h = obj.get_px_size()
        side_pt = max(right - left, top - bottom)
        if side_pt < 72 or max(px_w, px_h) < 200:
            continue  # a logo, a stamp, a signature: not the scan
        ppi = max(px_w, px_h) / (side_pt / 72.0)
        best = ppi if best is None else max(best, ppi)
    return best


def render_dpi(page) -> tuple[float, float]:
    """(render dpi, physical dpi) of a pypdfium2 page: see the module docstring."""
    width, height = page.get_size()
    ppi = _image_ppi(page)
    render = min(max(ppi or MAX_DPI, MIN_DPI), MAX_DPI)
    physical = render
    if ppi is not None and ppi < MIN_DPI and max(width, height) > 1300:
        # Points that are really pixels: keep the image's pixels, read it as an A4 scan.
        render = ppi
        physical = max(width, height) * ppi / 72.0 / A4_LONG_INCH
    pixels = width * height * (render / 72.0) ** 2
    if pixels > MAX_PIXELS:
        shrink = (MAX_PIXELS / pixels) ** 0.5
        render, physical = render * shrink, physical * shrink
    return render, physical


def render_pdf_page(pdf_doc, index: int) -> PageImage:
    """Page `index` (0-based) of a pypdfium2 document as a greyscale image at its own dpi."""
    page = pdf_doc[index]
    try:
        render, physical = render_dpi(page)
        bitmap = page.render(scale=render / 72.0, grayscale=True)
        gray = np.array(bitmap.to_numpy(), dtype=np.uint8)  # a copy: the bitmap is freed
        bitmap.close()
    finally:
        page.close()
    if gray.ndim == 3:
        gray = gray[:, :, 0]
    return PageImage(gray, physical)


def resize(gray: np.ndarray, factor: float) -> np.ndarray:
    if abs(factor - 1.0) < 1e-3:
        return gray
    size = (max(1, round(gray.shape[1] * factor)), max(1, round(gray.shape[0] * factor)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC)


# -- orientation ------------------------------------------------------------------------------


def orientation(gray: np.ndarray, dpi: float) -> int:
    """Clockwise degrees (0, 90, 180, 270) that make the page upright, by tesseract's OSD."""
    small = resize(gray, min(1.0, OSD_DPI / dpi))
    ok, png = cv2.imencode(".png", small)
    if not ok:
        return 0
    args = [tesseract_binary(), "stdin", "stdout", "--psm", "0", "--dpi", str(OSD_DPI)]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = subprocess.run(
            args, input=png.tobytes(), capture_output=True, timeout=OSD_TIMEOUT_S, env=env
        )
    except subprocess.TimeoutExpired as exc:
        raise ReadError("ocr_timeout", f"orientation not found in {OSD_TIMEOUT_S} s") from exc
    rotate, conf = _ROTATE.search(proc.stdout), _CONFIDENCE.search(proc.stdout)
    if proc.returncode != 0 or not rotate or not conf:
        return 0  # too few characters to tell: leave the page as it is
    if float(conf.group(1)) < OSD_MIN_CONFIDENCE:
        return 0
    return int(rotate.group(1)) % 360


def rotate_right_angle(gray: np.ndarray, degrees: int) -> np.ndarray:
    """The image turned clockwise by 90, 180 or 270 degrees."""
    codes = {
        90: cv2.ROTATE_90_CLOCKWISE,
        180: cv2.ROTATE_180,
        270: cv2.ROTATE_90_COUNTERCLOCKWISE,
    }
    return cv2.rotate(gray, codes[degrees]) if degrees in codes else gray


# -- skew -------------------------------------------------------------------------------------


def _profile_score(ink: np.ndarray, angle: float) -> float:
    h, w = ink.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(gray: np.ndarray, dpi: float) -> float:
    """Degrees (counter-clockwise positive, as OpenCV) that straighten the page's rows of ink."""
    small = resize(gray, min(1.0, SKEW_DPI / dpi))
    ink = (small < DARK).astype(np.uint8)
    if ink.sum() < 500:
        return 0.0  # a blank page
    best = 0.0
    for step, reach in ((0.5, MAX_SKEW), (0.1, 0.5), (0.02, 0.1)):
        angles = np.arange(best - reach, best + reach + step / 2, step)
        scores = [_profile_score(ink, float(a)) for a in angles]
        best = float(angles[int(np.argmax(scores))])
    return best if abs(best) >= MIN_SKEW else 0.0


def rotate_small(gray: np.ndarray, angle: float) -> np.ndarray:
    """The image rotated by `angle` degrees about its centre, the corners filled with white."""
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def looks_sideways(gray: np.ndarray, dpi: float) -> bool:
    """Whether the page's ink clearly runs in columns rather than rows: text turned 90°.
    (Tables give sharp profiles both ways, so a page that is not clearly sideways may still
    be: see `ocr.ocr_page_image`, which asks OSD when the OCR of a page is doubtful.)"""
    small = resize(gray, min(1.0, SKEW_DPI / dpi))
    ink = (small < DARK).astype(np.uint8)
    rows = float(np.square(np.diff(ink.sum(axis=1, dtype=np.float64))).sum())
    cols = float(np.square(np.diff(ink.sum(axis=0, dtype=np.float64))).sum())
    return rows < SIDEWAYS_RATIO * cols


def straighten(image: PageImage, turn: int | None = None) -> PageImage:
    """The page turned upright (by `turn` degrees clockwise, or as OSD finds) and deskewed
    (projection profiles)."""
    gray = image.gray
    turned = orientation(gray, image.dpi) if turn is None else turn
    gray = rotate_right_angle(gray, turned)
    angle = skew_angle(gray, image.dpi)
    if angle:
        gray = rotate_small(gray, angle)
    return PageImage(gray, image.dpi, turned, angle)
