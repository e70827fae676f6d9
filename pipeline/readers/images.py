"""Image files (JPEG, PNG, multi-page TIFF) read through OCR, like the pages of a scanned PDF.

Orders are often published as photos or scans. Each frame of the file is one page, decoded,
read and released before the next (a 10-page TIFF never sits in memory whole):
- its resolution is the file's own (JPEG/PNG/TIFF dpi), or, when the file states none or an
  implausible one (under `MIN_STATED_DPI`: a photo, a screen grab), the one that makes its long
  side an A4 page's; the image is scaled to at most `scan.MAX_DPI`, at least `scan.MIN_DPI`,
  and never beyond `scan.MAX_PIXELS`;
- a JPEG's EXIF orientation is applied first; then, as for a PDF scan, the page is turned
  upright (tesseract OSD), deskewed and read (`ocr.ocr_page_image`).

The document is assembled by the PDF reader's `build_document` (the same tables, paragraphs,
running-line removal and page stitching), with `source_format` "image-ocr".
"""

from __future__ import annotations

import dataclasses
import io

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from prikaz.errors import ReadError
from prikaz.model import Document
from prikaz.pipeline.readers.layout import PageLayout
from prikaz.pipeline.readers.ocr import ocr_page_image
from prikaz.pipeline.readers.pdf import build_document
from prikaz.pipeline.readers.scan import A4_LONG_INCH, MAX_DPI, MAX_PIXELS, MIN_DPI, PageImage
from prikaz.pipeline.readers.scan import resize as resize_gray

MIN_STATED_DPI = 70.0
MAX_PAGES = 200  # a TIFF of more frames than this is not an order

# Magic numbers of the image formats read here.
IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)


def image_kind(data: bytes) -> str | None:
    """ "jpeg", "png" or "tiff" from the first bytes; None for anything else."""
    for magic, kind in IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _stated_dpi(frame: Image.Image) -> float | None:
    dpi = frame.info.get("dpi")
    if not dpi:
        return None
    try:
        value = float(max(dpi[0], dpi[1]))
    except (TypeError, ValueError, IndexError):
        return None
    return value if value >= MIN_STATED_DPI else None


def _gray(frame: Image.Image) -> np.ndarray:
    """A frame as 8-bit grey: transparency over white (a transparent pixel is paper, not ink),
    16-bit and float samples scaled to their own range."""
    if frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info:
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(white, rgba).convert("L"))
    if frame.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        values = np.asarray(frame, dtype=np.float64)
        low, high = float(values.min()), float(values.max())
        scaled = (values - low) * (255.0 / (high - low)) if high > low else values * 0 + 255
        return scaled.astype(np.uint8)
    return np.asarray(frame.convert("L"))


def page_image(frame: Image.Image, known_dpi: float | None = None) -> PageImage:
    """One frame as a greyscale page image at a resolution OCR reads well.

    `known_dpi`: the frame's resolution where the caller knows it better than the file does (a
    picture in a Word file drawn far from the size it states); None: the file's own."""
    stated = known_dpi or _stated_dpi(frame)
    gray = _gray(ImageOps.exif_transpose(frame))
    long_px = max(gray.shape)
    dpi = stated or long_px / A4_LONG_INCH
    target = min(max(dpi, MIN_DPI), MAX_DPI)
    pixels = gray.shape[0] * gray.shape[1] * (target / dpi) ** 2
    if pixels > MAX_PIXELS:
        target *= (MAX_PIXELS / pixels) ** 0.5
    return PageImage(resize_gray(gray, target / dpi), target)


def read_image_bytes(data: bytes, *, source_path: str, doc_id: str) -> Document:
    """Read a JPEG, PNG or (multi-page) TIFF by OCR into the layout model."""
    kind = image_kind(data)
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError) as exc:
        raise ReadError("corrupt_image", f"image cannot be decoded: {exc}") from exc
    layouts: list[PageLayout] = []
    try:
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if number > MAX_PAGES:
                raise ReadError("too_many_pages", f"image file has over {MAX_PAGES} frames")
            layouts.append(ocr_page_image(page_image(frame), number))
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ReadError("corrupt_image", f"image cannot be decoded: {exc}") from exc
    finally:
        image.close()
    doc = build_document(layouts, doc_id=doc_id, source_path=source_path)
    if not doc.blocks:
        raise ReadError("no_text", f"no text found by OCR in the {kind or 'image'} file")
    return dataclasses.replace(doc, source_format="image-ocr")
