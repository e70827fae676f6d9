"""Pages pasted into a Word file as pictures: which pictures they are, in document order.

Offices often publish a scanned order or plan as page images pasted into a .docx, .doc, .rtf
or .odt (the last three reach the DOCX reader through LibreOffice, see `office`): the body has
no text, only pictures. Those pictures are read as the pages of a scanned PDF are (`images.
page_image`, then `ocr.ocr_page_image`: turned upright, deskewed, rulings found, tesseract),
and the pages make one Document (`pdf.build_document`: tables stitched over page breaks,
running lines dropped), page k being the k-th page picture in the body: see `docx_scans`,
which the DOCX reader loads only for such a file (it brings OpenCV); this module needs only
lxml and PIL's header reading.

When the pictures are pages (`pasted_pages`), both must hold:
- the body says (almost) nothing itself: fewer letters and digits than `MIN_TEXT_CHARS` per
  page picture (the PDF reader's bar for a page without a text layer). «Приложение № 1» over
  three page scans is a caption: the pages are read and the caption named in a warning; an
  order typed in full beside a logo, a signature and a stamp is a text document;
- the picture is drawn page-sized (`page_sized`): at least `PAGE_MIN_LONG_INCH` by
  `PAGE_MIN_SHORT_INCH` as laid out (`wp:extent` in EMU, a VML shape's width and height), with
  at least `MIN_DRAWN_DPI` pixels per drawn inch. A page scan fills the text area (an
  A4 page in 2 cm margins is 6.7×10.1 in, an A5 one 4.3×6.7); a logo, a signature or a round
  stamp is 2 in at most; a 300×400 picture stretched over a page is too coarse to read.
  Small pictures are never read.
Page pictures in a body that has text are not read: the document is read as text and a warning
says how many were left.

Pictures are taken in body order (text boxes and table cells included), following each
picture's `r:embed`/`r:id` to its part, never the zip's order; of the branches of an
`mc:AlternateContent` the `mc:Fallback` is skipped (LibreOffice and Word write the same picture
again there, in VML). A WMF/EMF page is read when it is a scan wrapped in a metafile (one
bitmap drawn, see `metafiles`); a vector drawing is not (OpenCV cannot draw it): such a page is
named in a warning and left empty, as is a picture that cannot be decoded; the other pages are
read. One page picture is decoded, read and released at a time; a file of more than
`images.MAX_PAGES` page pictures is refused before any is read.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from lxml import etree
from PIL import Image, UnidentifiedImageError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_V = "{urn:schemas-microsoft-com:vml}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

EMU_PER_INCH = 914_400
PAGE_MIN_LONG_INCH = 5.5  # 14 cm
PAGE_MIN_SHORT_INCH = 3.5  # 9 cm
MIN_DRAWN_DPI = 70.0  # as images.MIN_STATED_DPI: fewer pixels per inch are not a scan
DPI_AGREE = 1.5  # a stated resolution within this factor of the drawn one is the page's
MIN_TEXT_CHARS = 20  # per page picture, as pdf.MIN_TEXT_CHARS per page
RASTER = frozenset({".png", ".jpeg", ".jpg", ".jpe", ".tif", ".tiff", ".bmp", ".gif"})
METAFILE = frozenset({".emf", ".wmf", ".emz", ".wmz"})

# (what it is, drawn size in inches or None, pixels or None, stated dpi) -> page or not.
PAGE_EXAMPLES: dict[str, tuple[tuple[float, float] | None, tuple[int, int] | None, float, bool]] = {
    "A4 scan at 150 dpi drawn in the text area": ((7.98, 11.58), (1197, 1738), 150.0, True),
    "A4 scan at 300 dpi drawn on the whole page": ((8.27, 11.69), (2480, 3508), 300.0, True),
    "landscape A4 page in margins": ((10.1, 6.7), (2020, 1340), 200.0, True),
    "A5 page in margins": ((4.3, 6.7), (860, 1340), 200.0, True),
    "logo": ((1.6, 1.2), (400, 300), 96.0, False),
    "signature facsimile": ((1.8, 0.8), (540, 240), 300.0, False),
    "round stamp": ((1.65, 1.65), (500, 500), 300.0, False),
    "banner across the page": ((6.5, 1.2), (1950, 360), 300.0, False),
    "small picture stretched over a page": ((6.7, 9.5), (300, 420), 72.0, False),
    "EMF page (no pixels known)": ((6.7, 9.5), None, 0.0, True),
    "no drawn size, 300-dpi A4 pixels": (None, (2480, 3508), 300.0, True),
    "no drawn size, no dpi": (None, (2480, 3508), 0.0, False),
}


def page_sized(
    drawn: tuple[float, float] | None, pixels: tuple[int, int] | None, stated_dpi: float = 0.0
) -> bool:
    """Whether a picture is a page (see the module docstring; `PAGE_EXAMPLES`). Without a
    drawn size the file's own resolution gives it; with neither, it is not taken for a page."""
    if drawn is None:
        if pixels is None or stated_dpi < MIN_DRAWN_DPI:
            return False
        drawn = (pixels[0] / stated_dpi, pixels[1] / stated_dpi)
    short, long = sorted(drawn)
    if short < PAGE_MIN_SHORT_INCH or long < PAGE_MIN_LONG_INCH:
        return False
    return pixels is None or max(pixels) / long >= MIN_DRAWN_DPI


def page_dpi(
    drawn: tuple[float, float] | None, pixels: tuple[int, int], stated_dpi: float
) -> float | None:
    """The page's resolution where the drawn size must give it; None: the file's own.

    A scan shrunk into the margins is still a page printed at its scanner's resolution
    (150 dpi stated, 166 as drawn: 150); a stated resolution far from the drawn one is an
    editor's default (72 or 96 dpi for a 2480-pixel page drawn 7.5 in wide: 330), and one
    that is not stated at all is the drawn one."""
    if drawn is None:
        return None
    shown = max(pixels) / max(drawn)
    if stated_dpi and 1 / DPI_AGREE <= shown / stated_dpi <= DPI_AGREE:
        return None
    return shown


def pasted_pages(body_chars: int, pages: int) -> bool:
    """Whether a body of `body_chars` letters and digits beside `pages` page pictures is those
    pages (0 beside 3: yes; «Приложение № 1», 12, beside 1: yes; a typed order, 1500 beside 3:
    no; anything beside no page picture: no)."""
    return pages > 0 and body_chars < MIN_TEXT_CHARS * pages


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture of the body, in body order, with what tells whether it is a page."""

    name: str  # its part, e.g. /word/media/image1.jpeg
    blob: bytes
    drawn: tuple[float, float] | None  # width, height in inches as laid out
    pixels: tuple[int, int] | None  # None: not a raster picture, or its header is unreadable
    stated_dpi: float = 0.0

    @property
    def kind(self) -> str:
        return PurePosixPath(self.name).suffix.lower()

    @property
    def is_page(self) -> bool:
        return page_sized(self.drawn, self.pixels, self.stated_dpi)


# -- the body, in order -----------------------------------------------------------------------


def _content(body: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """The body's elements of these tags in document order, but none in an `mc:Fallback`
    (the same content again, for readers that do not know its `mc:Choice`)."""
    for el in body.iter(*tags):
        if next(el.iterancestors(f"{_MC}Fallback"), None) is None:
            yield el


def body_text(body: etree._Element) -> str:
    """All the body's text as one line, text boxes included."""
    pieces: list[str] = []
    for el in _content(body, f"{W}t", f"{W}p", f"{W}tab", f"{W}br"):
        pieces.append((el.text or "") if el.tag == f"{W}t" else " ")
    return " ".join("".join(pieces).split())


_LENGTH = re.compile(r"(width|height)\s*:\s*([\d.]+)\s*(pt|in|cm|mm|px)?", re.IGNORECASE)
_INCHES = {"pt": 1 / 72, "in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4, "px": 1 / 96, "": 1 / 96}


def _drawn_size(ref: etree._Element) -> tuple[float, float] | None:
    """The laid-out size of the picture `ref` (a:blip or v:imagedata) stands for, in inches."""
    for anc in ref.iterancestors():
        if anc.tag in (f"{_WP}inline", f"{_WP}anchor"):
            extent = anc.find(f"{_WP}extent")
            if extent is None:
                return None
            try:
                cx, cy = int(extent.get("cx", "")), int(extent.get("cy", ""))
            except ValueError:
                return None
            return (cx / EMU_PER_INCH, cy / EMU_PER_INCH) if cx > 0 and cy > 0 else None
        if anc.tag.startswith(_V) and anc.get("style"):
            sizes = {
                m.group(1).lower(): float(m.group(2)) * _INCHES[(m.group(3) or "").lower()]
                for m in _LENGTH.finditer(anc.get("style", ""))
            }
            if sizes.get("width") and sizes.get("height"):
                return sizes["width"], sizes["height"]
    return None


def _references(body: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """(relationship id, element) of every picture in body order."""
    for el in _content(body, f"{_A}blip", f"{_V}imagedata"):
        rid = el.get(f"{_R}embed") if el.tag == f"{_A}blip" else el.get(f"{_R}id")
        if rid:
            yield rid, el


def stated_dpi(image: Image.Image) -> float:
    """The resolution a picture file states (0 when none)."""
    dpi = image.info.get("dpi") or (0, 0)
    try:
        return float(max(dpi[0], dpi[1]))
    except (TypeError, ValueError, IndexError):
        return 0.0


def _header(blob: bytes, kind: str) -> tuple[tuple[int, int] | None, float]:
    """(pixels, stated dpi) from a raster picture's header; (None, 0) for anything else."""
    if kind not in RASTER:
        return None, 0.0
    try:
        with Image.open(io.BytesIO(blob)) as image:
            return (int(image.size[0]), int(image.size[1])), stated_dpi(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None, 0.0


@dataclass(frozen=True, slots=True)
class BodyPictures:
    """The body's page pictures in order, and what else tells whether they are its pages."""

    pages: list[Picture]
    missing: int  # references to no picture inside the file (a linked one, a broken one)
    text: str  # the body's text, text boxes included

    @property
    def chars(self) -> int:
        return sum(ch.isalnum() for ch in self.text)

    @property
    def pasted(self) -> bool:
        return pasted_pages(self.chars, len(self.pages))


def body_pictures(part: Any, body: etree._Element) -> BodyPictures:
    """The body's pictures in body order; `part` is python-docx's document part (its
    relationships lead to the pictures' parts)."""
    pages: list[Picture] = []
    missing = 0
    for rid, ref in _references(body):
        try:
            target = part.related_parts[rid]
        except KeyError:
            missing += 1
            continue
        name = str(target.partname)
        blob = target.blob
        pixels, stated = _header(blob, PurePosixPath(name).suffix.lower())
        picture = Picture(name, blob, _drawn_size(ref), pixels, stated)
        if picture.is_page:
            pages.append(picture)
    return BodyPictures(pages, missing, body_text(body))
