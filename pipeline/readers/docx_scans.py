"""Page pictures of a Word file read by OCR into one Document (which pictures: `docx_images`).

Each page picture goes the way of a page of an image file (`images.page_image`, at the
resolution it states or, where that is far from it, at its resolution as drawn: `docx_images.
page_dpi`) and then of a scanned PDF page (`ocr.ocr_page_image`: turned upright, deskewed,
rulings and words), one at a time: decoded, read, released. The pages
are assembled by the PDF reader's `build_document`; the Document keeps the file's own format
(`docx`, `doc`, `rtf`, `odt`), counts its pages read in `ocr_pages` and says so in its warnings
as a scanned PDF does (`ocr.ocr_warnings`). A WMF/EMF page is the bitmap it wraps (`metafiles`).
A page that cannot be read (a metafile that is a drawing, a picture that does not decode) is
left empty, named in a warning, and the other pages are read.
"""

from __future__ import annotations

import dataclasses
import io

from PIL import BmpImagePlugin, Image, UnidentifiedImageError

from prikaz.errors import ReadError
from prikaz.model import Document
from prikaz.pipeline.readers.docx_images import METAFILE, RASTER, Picture, page_dpi, stated_dpi
from prikaz.pipeline.readers.images import MAX_PAGES, page_image
from prikaz.pipeline.readers.layout import PageLayout
from prikaz.pipeline.readers.metafiles import MetafileError, dib_of, unpack
from prikaz.pipeline.readers.ocr import ocr_page_image, ocr_warnings
from prikaz.pipeline.readers.pdf import build_document

QUOTE_CHARS = 80  # of the body's text beside the page pictures, quoted in a warning
A4_INCH = (8.27, 11.69)  # the size of a page whose picture gives none


def read_page_pictures(
    pages: list[Picture],
    *,
    dropped_text: str,
    doc_id: str,
    source_path: str,
    source_format: str,
) -> Document:
    """The page pictures read by OCR as one Document (page k: the k-th picture).

    `dropped_text` is what little the body says besides (a caption): not read, quoted in a
    warning. More than `images.MAX_PAGES` pictures are refused before any is read."""
    if len(pages) > MAX_PAGES:
        raise ReadError(
            "too_many_pages",
            f"Word file has {len(pages)} page pictures, over {MAX_PAGES}; none read",
        )
    layouts: list[PageLayout] = []
    failed: list[str] = []
    for number, picture in enumerate(pages, start=1):
        layout, problem = read_page(picture, number)
        layouts.append(layout)
        if problem:
            failed.append(f"page {number}: {problem}; not read")
    doc = build_document(layouts, doc_id=doc_id, source_path=source_path)
    read = sum(1 for p in layouts if p.ocr)
    notes = [
        f"no text in the document body: {len(pages)} page picture(s), {read} read by OCR",
        *ocr_warnings(layouts),
        *failed,
    ]
    if dropped_text:
        quoted = dropped_text[:QUOTE_CHARS] + ("…" if len(dropped_text) > QUOTE_CHARS else "")
        notes.append(f"body text beside the page pictures not read: «{quoted}»")
    if read and not doc.blocks:
        notes.append("OCR found no text on the page pictures")
    return dataclasses.replace(doc, source_format=source_format, warnings=tuple(notes))


def read_page(picture: Picture, number: int) -> tuple[PageLayout, str | None]:
    """(its layout, None) for a page read; (an empty layout, why) for one that cannot be."""
    width, height = picture.drawn or A4_INCH
    empty = PageLayout(number, width * 72.0, height * 72.0, words=[], grids=[])
    if picture.kind not in RASTER | METAFILE:
        return empty, f"picture of a kind not read ({picture.name})"
    try:
        with _open(picture) as image:
            dpi = page_dpi(picture.drawn, image.size, stated_dpi(image))
            scan = page_image(image, dpi)
    except MetafileError as exc:
        return empty, f"{picture.kind[1:].upper()} picture not read: {exc}"
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        return empty, f"picture cannot be decoded ({exc})"
    return ocr_page_image(scan, number), None


def _open(picture: Picture) -> Image.Image:
    """The picture as PIL opens it: a raster file, or the one bitmap a metafile draws."""
    if picture.kind in RASTER:
        return Image.open(io.BytesIO(picture.blob))
    data = unpack(picture.blob) if picture.kind in (".wmz", ".emz") else picture.blob
    image = BmpImagePlugin.DibImageFile(io.BytesIO(dib_of(data)))
    limit = Image.MAX_IMAGE_PIXELS
    if limit and image.size[0] * image.size[1] > 2 * limit:
        # Opened as a DIB, not through Image.open: PIL's own bound is checked here.
        image.close()
        raise Image.DecompressionBombError(f"bitmap of {image.size} pixels in a metafile")
    return image
