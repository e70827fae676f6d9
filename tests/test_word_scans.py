"""Word files whose pages are scans pasted as pictures: read by OCR as one Document.

The fixtures (tests/fixtures/wordscans/, made by tests/fixtures/make_word_scan_fixtures.py) are
pages 1–2 of seed 003 pasted one picture a page into a DOCX (a grey 150-dpi JPEG, then a 1-bit
200-dpi PNG, their parts created in the reverse order), the RTF, DOC and ODT LibreOffice makes
of it, and the seed's own DOCX with a logo and a signature facsimile added; an old-style RTF
whose picture is a WMF wrapping page 1 as a 1-bit 150-dpi bitmap is made at test time.

Each page format must give the seed's header (doc_type, number, date and issuer as the TXT
seed's golden, the title at least 95 % alike) and the golden roadmap rows that the text-layer
PDF prints wholly on the pictured pages: a row counts as recovered when a row read from the
pictures has its activity at least 95 % alike (difflib ratio, whitespace collapsed), as in
tests/test_ocr.py. Measured: 7 of 7 rows in every format (each at ratio 1.0), 2 of 2 from the
WMF page; `MIN_SHARE` asks for 6 of 7, so that one row misread by another tesseract build does
not fail the test. OCR tests need tesseract-ocr(-rus) and fail without it; the rule, order and
bound tests need neither tesseract nor LibreOffice (OCR stubbed).
"""

from __future__ import annotations

import gzip
import io
import json
import struct
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.shared import Inches
from lxml import etree
from PIL import BmpImagePlugin, Image

from prikaz.errors import ReadError
from prikaz.extractors.header import extract_header
from prikaz.extractors.roadmap import extract_roadmap
from prikaz.model import Document
from prikaz.pipeline.readers import docx_scans, read_bytes, read_document
from prikaz.pipeline.readers.docx import read_docx_bytes
from prikaz.pipeline.readers.docx_images import (
    PAGE_EXAMPLES,
    body_pictures,
    page_sized,
    pasted_pages,
)
from prikaz.pipeline.readers.layout import PWord
from prikaz.pipeline.readers.metafiles import MetafileError, dib_of, unpack
from prikaz.pipeline.readers.ocr import OcrPageLayout
from prikaz.pipeline.readers.pdf import read_pdf_bytes
from tests.conftest import SEEDS
from tests.fixtures.make_scan_fixtures import binarise, rasterise
from tests.fixtures.make_word_scan_fixtures import wmf_of_bitmap, wmf_rtf
from tests.golden_io import golden_path
from tests.test_ocr import _ws, recovered  # rows alike by the OCR tests' measure (≥ 95 %)
from tests.test_spans import check_spans

ROOT = Path(__file__).resolve().parents[1]
SEED = "003_9252355f5acfa791"
WORDSCANS = ROOT / "tests" / "fixtures" / "wordscans"
PAGES = 2
MIN_SHARE = 6 / 7
FORMATS = ("docx", "rtf", "doc", "odt")
HEADER = ("doc_type", "number", "date", "issuer")  # exact; the title 95 % alike


@cache
def read_pages(fmt: str) -> Document:
    return read_document(WORDSCANS / f"{SEED}.pages.{fmt}")


@cache
def golden() -> dict:
    return json.loads(golden_path(next(p for p in SEEDS if p.stem == SEED)).read_text("utf-8"))


@cache
def rows_on_pictured_pages(pages: int = PAGES) -> list[str]:
    """Golden activities the text-layer PDF prints wholly on pages 1..`pages`."""
    want = [_ws(item["activity"]) for item in golden()["roadmap_items"]]
    text_pdf = ROOT / "tests" / "fixtures" / "formats" / f"{SEED}.pdf"
    pdf = read_pdf_bytes(text_pdf.read_bytes(), source_path="x", ocr=False)
    printed = [_ws(i.activity) for i in extract_roadmap(pdf) if i.page_end <= pages]
    return recovered(want, printed)


def assert_header_and_rows(doc: Document, pages: int) -> None:
    """The seed's header, and the golden rows printed on the pages, from OCR'd pictures."""
    header = extract_header(doc)
    assert {f: _ws(str(getattr(header, f))) for f in HEADER} == {f: golden()[f] for f in HEADER}
    assert recovered([golden()["title"]], [_ws(header.title)]), header.title
    want = rows_on_pictured_pages(pages)
    got = [_ws(i.activity) for i in extract_roadmap(doc)]
    found = recovered(want, got)
    assert len(found) / len(want) >= MIN_SHARE, sorted(set(want) - set(found))
    assert len(got) <= len(want) + 1, got  # + a row begun on the last page, ended on the next


# -- the page formats, read by OCR -------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_page_pictures_give_the_header_and_rows(fmt: str) -> None:
    doc = read_pages(fmt)
    assert doc.source_format == fmt
    assert (doc.pages, doc.ocr_pages) == (PAGES, PAGES)
    assert "no text in the document body: 2 page picture(s), 2 read by OCR" in doc.warnings
    assert "pages read by OCR: 1, 2" in doc.warnings
    assert len(rows_on_pictured_pages()) == 7
    assert_header_and_rows(doc, PAGES)
    # Page 1 holds the header and the first rows: the pictures came in body order.
    assert extract_roadmap(doc)[0].page_start == 1


def test_old_rtf_of_a_scan_wrapped_in_a_wmf_is_read() -> None:
    """An RTF picture as old Word wrote it (`\\wmetafile8`): LibreOffice keeps the WMF, and
    the bitmap it draws is the page (page 1: the header and rows 1–2)."""
    pdf = ROOT / "tests" / "fixtures" / "formats" / f"{SEED}.pdf"
    page = binarise(rasterise(pdf, 150)[0])
    doc = read_bytes(wmf_rtf(page, 150), source_path="old.rtf")
    assert doc.source_format == "rtf" and (doc.pages, doc.ocr_pages) == (1, 1)
    assert check_spans(doc) > 20
    assert len(rows_on_pictured_pages(1)) == 2
    assert_header_and_rows(doc, 1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_page_pictures_keep_the_span_property(fmt: str) -> None:
    doc = read_pages(fmt)
    assert check_spans(doc) > 50
    assert doc.words and all(w.page in (1, 2) for w in doc.words)


# -- which pictures are pages ------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGE_EXAMPLES))
def test_page_sized_rule(name: str) -> None:
    drawn, pixels, stated, want = PAGE_EXAMPLES[name]
    assert page_sized(drawn, pixels, stated) is want


@pytest.mark.parametrize(
    ("chars", "pages", "want"),
    [
        (0, 3, True),  # pictures alone
        (len("Приложение1"), 1, True),  # a caption over one page scan
        (1500, 3, False),  # an order typed in full beside three big pictures
        (59, 3, True),
        (60, 3, False),
        (0, 0, False),  # nothing page-sized: a logo alone is no page
    ],
)
def test_pasted_pages_rule(chars: int, pages: int, want: bool) -> None:
    assert pasted_pages(chars, pages) is want


def _body_of(path: Path) -> tuple[object, etree._Element]:
    wdoc = docx.Document(str(path))
    return wdoc.part, wdoc.element.body


def test_pictures_come_in_body_order_not_zip_order() -> None:
    found = body_pictures(*_body_of(WORDSCANS / f"{SEED}.pages.docx"))
    assert [p.kind for p in found.pages] == [".jpg", ".png"]  # page 1 is the JPEG
    assert [p.name for p in found.pages] == ["/word/media/image2.jpg", "/word/media/image1.png"]
    assert found.pasted and found.chars == 0


def test_mixed_document_is_read_as_text() -> None:
    """Text beside a logo and a signature: the text is read, no picture is OCR'd."""
    path = WORDSCANS / f"{SEED}.mixed.docx"
    found = body_pictures(*_body_of(path))
    assert found.pages == [] and found.chars > 1000
    doc = read_document(path)
    plain = read_document(ROOT / "tests" / "fixtures" / "formats" / f"{SEED}.docx")
    assert doc.ocr_pages == 0 and doc.source_format == "docx" and not doc.words
    assert doc.warnings == plain.warnings
    assert [_ws(i.activity) for i in extract_roadmap(doc)] == [
        _ws(i.activity) for i in extract_roadmap(plain)
    ]


def _page_png() -> bytes:
    with zipfile.ZipFile(WORDSCANS / f"{SEED}.pages.docx") as zf:
        return zf.read("word/media/image1.png")


def test_text_beside_a_page_sized_picture_is_read_as_text_with_a_warning() -> None:
    wdoc = docx.Document(str(WORDSCANS / f"{SEED}.mixed.docx"))
    wdoc.add_picture(io.BytesIO(_page_png()), height=Inches(10))
    buf = io.BytesIO()
    wdoc.save(buf)
    doc = read_docx_bytes(buf.getvalue(), source_path="mixed.docx")
    assert doc.ocr_pages == 0 and extract_roadmap(doc)
    assert any(w.startswith("1 page-sized picture(s) in the body not read") for w in doc.warnings)


# -- the page reader's bounds, with OCR stubbed ---------------------------------------------------


PAGE_WORDS = ("Первая", "Вторая")


def _fake_ocr(image, number: int) -> OcrPageLayout:
    """One word mid-page (a line at a page's edge would be dropped as a running line)."""
    word = PWord(PAGE_WORDS[number - 1], 72.0, 400.0, 200.0, 412.0, conf=90.0)
    return OcrPageLayout(number, image.width_pt, image.height_pt, [word], [], ocr=True)


def _pages_docx(caption: str = "", *, replace: dict[str, bytes] | None = None) -> bytes:
    """The pages fixture with a caption paragraph first and some media parts' bytes replaced."""
    wdoc = docx.Document(str(WORDSCANS / f"{SEED}.pages.docx"))
    if caption:
        wdoc.paragraphs[0].insert_paragraph_before(caption)
    buf = io.BytesIO()
    wdoc.save(buf)
    if not replace:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, replace.get(info.filename, src.read(info)))
    return out.getvalue()


def test_corrupt_picture_is_one_page_warned_the_others_read(monkeypatch) -> None:
    monkeypatch.setattr(docx_scans, "ocr_page_image", _fake_ocr)
    data = _pages_docx(replace={"word/media/image2.jpg": b"\xff\xd8\xff\xe0 not a jpeg"})
    doc = read_docx_bytes(data, source_path="broken.docx")
    assert (doc.pages, doc.ocr_pages) == (2, 1)
    assert doc.paragraphs[0].text == "Вторая" and doc.paragraphs[0].page == 2
    assert any(w.startswith("page 1: picture cannot be decoded") for w in doc.warnings)
    assert "pages read by OCR: 2" in doc.warnings
    assert check_spans(doc) == 2  # the paragraph and its word


def test_caption_beside_the_pages_is_quoted(monkeypatch) -> None:
    monkeypatch.setattr(docx_scans, "ocr_page_image", _fake_ocr)
    doc = read_docx_bytes(_pages_docx("Приложение № 1"), source_path="c.docx")
    assert [p.text for p in doc.paragraphs] == ["Первая", "Вторая"]
    assert "body text beside the page pictures not read: «Приложение № 1»" in doc.warnings


def test_too_many_page_pictures_are_refused_before_any_is_read(monkeypatch) -> None:
    def no_ocr(image, number):
        raise AssertionError("no page may be read")

    monkeypatch.setattr(docx_scans, "ocr_page_image", no_ocr)
    monkeypatch.setattr(docx_scans, "MAX_PAGES", 1)
    with pytest.raises(ReadError) as err:
        read_docx_bytes(_pages_docx(), source_path="many.docx")
    assert err.value.error_type == "too_many_pages"


def _bmp_parts(image: Image.Image) -> tuple[bytes, bytes]:
    """(BITMAPINFO, bits) of an image, from the BMP PIL writes."""
    buf = io.BytesIO()
    image.save(buf, "BMP")
    bmp = buf.getvalue()
    start = struct.unpack_from("<I", bmp, 10)[0]
    return bmp[14:start], bmp[start:]


def emf_of(*bitmaps: Image.Image) -> bytes:
    """An EMF ([MS-EMF]) that draws each bitmap with one EMR_STRETCHDIBITS record."""
    records = []
    for image in bitmaps:
        bmi, bits = _bmp_parts(image)
        w, h = image.size
        size = 80 + len(bmi) + len(bits)
        fixed = (0x51, size, 0, 0, w, h, 0, 0, 0, 0, w, h)
        offsets = (80, len(bmi), 80 + len(bmi), len(bits), 0, 0xCC0020, w, h)
        records.append(struct.pack("<II4i6iIIIIIIii", *fixed, *offsets) + bmi + bits)
    records.append(struct.pack("<IIIII", 0x0E, 20, 0, 16, 20))  # EMR_EOF
    total = 88 + sum(len(r) for r in records)
    header = struct.pack(
        "<II4i4iIIIIHHIII2i2i",
        *(1, 88, 0, 0, 1000, 1400, 0, 0, 21000, 29700),
        *(0x464D4520, 0x10000, total, len(records) + 1, 1, 0, 0, 0, 0, 1000, 1400, 210, 297),
    )
    return header + b"".join(records)


_PAGE = Image.new("1", (850, 1200), 1)


def test_the_one_bitmap_of_a_metafile_is_found() -> None:
    for data in (emf_of(_PAGE), wmf_of_bitmap(_PAGE, 100), gzip.compress(emf_of(_PAGE))):
        dib = dib_of(unpack(data) if data[:2] == b"\x1f\x8b" else data)
        assert BmpImagePlugin.DibImageFile(io.BytesIO(dib)).size == (850, 1200)
    with pytest.raises(MetafileError, match="a drawing"):
        dib_of(emf_of())
    with pytest.raises(MetafileError, match="2 bitmaps"):
        dib_of(emf_of(_PAGE, _PAGE))


_EMF_TYPE = b'<Default Extension="emf" ContentType="image/x-emf"/>'


def _with_emf_page(data: bytes, emf: bytes) -> bytes:
    """The DOCX with its page-2 picture (media/image1.png) made an EMF."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/media/image1.png":
                info, body = zipfile.ZipInfo("word/media/image1.emf"), emf
            elif info.filename == "word/_rels/document.xml.rels":
                body = body.replace(b"media/image1.png", b"media/image1.emf")
            elif info.filename == "[Content_Types].xml":
                body = body.replace(b"<Default ", _EMF_TYPE + b"<Default ", 1)
            dst.writestr(info, body)
    return out.getvalue()


def test_metafile_pages_read_when_they_wrap_a_scan(monkeypatch) -> None:
    """An EMF page that wraps a bitmap is read; one that is a drawing is named in a warning
    and left empty (OpenCV cannot draw it), and the JPEG page is read either way."""
    monkeypatch.setattr(docx_scans, "ocr_page_image", _fake_ocr)
    doc = read_docx_bytes(_with_emf_page(_pages_docx(), emf_of(_PAGE)), source_path="e.docx")
    assert (doc.pages, doc.ocr_pages) == (2, 2)
    assert [p.text for p in doc.paragraphs] == ["Первая", "Вторая"]
    drawing = read_docx_bytes(_with_emf_page(_pages_docx(), emf_of()), source_path="d.docx")
    assert (drawing.pages, drawing.ocr_pages) == (2, 1)
    assert [p.text for p in drawing.paragraphs] == ["Первая"]
    assert "page 2: EMF picture not read: a drawing, not a scanned bitmap; not read" in (
        drawing.warnings
    )


_ALTERNATE = """<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"
 xmlns:v="urn:schemas-microsoft-com:vml">
<w:p><w:r><mc:AlternateContent>
 <mc:Choice Requires="wps"><w:drawing><wp:inline><wp:extent cx="7296785" cy="10593070"/>
  <a:graphic><a:blip r:embed="rId2"/></a:graphic></wp:inline></w:drawing></mc:Choice>
 <mc:Fallback><w:pict><v:rect style="width:574.55pt;height:834.15pt">
  <v:imagedata r:id="rId3"/></v:rect></w:pict></mc:Fallback>
</mc:AlternateContent></w:r></w:p>
<w:p><w:r><w:pict><v:shape style="width:574.55pt;height:834.15pt"><v:imagedata r:id="rId4"/>
</v:shape></w:pict></w:r></w:p>
</w:body>"""


class _Part:
    def __init__(self, name: str, blob: bytes) -> None:
        self.partname, self.blob = name, blob


class _DocPart:
    def __init__(self, parts: dict[str, _Part]) -> None:
        self.related_parts = parts


def test_alternate_content_gives_its_picture_once_and_vml_sizes_are_read() -> None:
    """As LibreOffice writes bench file 12: a frame's picture in `mc:Choice` and again in the
    VML `mc:Fallback`; then a VML picture sized by its shape's style."""
    png = _page_png()
    page = _Part("/word/media/image1.png", png)
    part = _DocPart({"rId2": page, "rId3": page, "rId4": _Part("/word/media/image2.png", png)})
    found = body_pictures(part, etree.fromstring(_ALTERNATE))
    assert [p.name for p in found.pages] == ["/word/media/image1.png", "/word/media/image2.png"]
    assert found.pages[0].drawn == pytest.approx((7.98, 11.585), abs=0.01)
    assert found.pages[1].drawn == pytest.approx((574.55 / 72, 834.15 / 72))


def test_docx_without_pictures_never_loads_the_picture_modules() -> None:
    """Page pictures are rare: OpenCV and the page reader load only for them."""
    code = (
        "import sys\n"
        "from prikaz.pipeline.readers.docx import read_docx\n"
        f"read_docx({str(ROOT / 'tests/fixtures/formats' / (SEED + '.docx'))!r})\n"
        "print('docx_images' in ' '.join(sys.modules))\n"
        f"read_docx({str(WORDSCANS / (SEED + '.mixed.docx'))!r})\n"
        "print('docx_images' in ' '.join(sys.modules), 'docx_scans' in ' '.join(sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split("\n")
    assert out[:2] == ["False", "True False"]
