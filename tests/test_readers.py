"""Readers of published formats: format detection, DOCX, PDF (text layer and scans), office.

Synthetic files are built in the tests for the layout features one at a time; the rendered
seeds under tests/fixtures/formats/ (made by tests/fixtures/make_fixtures.py) are read whole.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml

from prikaz.errors import ReadError, UnsupportedFormatError
from prikaz.model import Paragraph, Table
from prikaz.pipeline.readers import read_bytes, read_document
from prikaz.pipeline.readers.detect import detect_format
from prikaz.pipeline.readers.docx import read_docx_bytes
from prikaz.pipeline.readers.docx_numbering import format_number
from prikaz.pipeline.readers.office import convert_with_soffice
from prikaz.pipeline.readers.txt import read_txt
from tests.conftest import SEEDS
from tests.fixtures.make_reader_fixtures import (
    NUMBERED_EXPECTED,
    STYLE_NUMBERED,
    TABLE_EXPECTED,
    numbered_docx,
)

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ROOT / "tests" / "fixtures" / "formats"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _replace_part(data: bytes, name: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    members = {i.filename: src.read(i) for i in src.infolist()}
    members[name] = new
    return _zip(members)


# -- format detection -------------------------------------------------------------------------

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DETECT_EXAMPLES = {
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    "rtf": b"{\\rtf1\\ansi\\ansicpg1251 {\\fonttbl}}",
    "doc": OLE2 + b"\x00" * 500 + "WordDocument".encode("utf-16-le") + b"\x00" * 100,
    "ole2": OLE2 + b"\x00" * 500 + "Workbook".encode("utf-16-le"),
    "html": b"<!DOCTYPE html>\n<html><head><title>404</title></head></html>",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00",
    "tiff": b"II*\x00\x08\x00\x00\x00",
    "txt": "ПРИКАЗ\nот 29.12.2021 № 305\n".encode(),
    "zip": _zip({"readme.txt": b"hello"}),
    "odt": _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
    "xlsx": _zip(
        {
            "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
        }
    ),
}


@pytest.mark.parametrize("fmt", sorted(DETECT_EXAMPLES))
def test_detect_format_from_magic_bytes(fmt: str) -> None:
    assert detect_format(DETECT_EXAMPLES[fmt]) == fmt


def test_detect_docx_and_cp1251_text() -> None:
    assert detect_format(_docx_bytes(docx.Document())) == "docx"
    assert detect_format("Приказ № 5".encode("cp1251")) == "txt"


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        ("order.pdf", "html", "not a PDF: file is HTML"),
        ("order.docx", "zip", "not a DOCX: file is a ZIP archive"),
        ("order.docx", "xlsx", "not a DOCX: file is an Excel workbook (XLSX)"),
        ("order.doc", "gif", "not a DOC (Word 97-2003): file is a GIF image"),
        ("order.pdf", "txt", "not a PDF: file is text file"),
    ],
)
def test_extension_that_lies_about_unreadable_bytes_is_a_clear_error(
    name: str, fmt: str, message: str
) -> None:
    with pytest.raises(UnsupportedFormatError) as err:
        read_bytes(DETECT_EXAMPLES[fmt], source_path=name)
    assert str(err.value) == message
    assert err.value.error_type == "format_mismatch"


@pytest.mark.parametrize("fmt", ["gif", "html", "zip", "ole2"])
def test_unsupported_kinds_are_refused_whatever_the_name(fmt: str) -> None:
    with pytest.raises(UnsupportedFormatError, match="unsupported format"):
        read_bytes(DETECT_EXAMPLES[fmt], source_path="upload.bin")


# «ПРИКАЗ» in an RTF written with the cp1251 code page.
RTF_ORDER = (
    b"{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0 Times;}}\\f0 \\'cf\\'d0\\'c8\\'ca\\'c0\\'c7\\par}"
)


def _order_docx() -> bytes:
    doc = docx.Document()
    doc.add_paragraph("ПРИКАЗ")
    return _docx_bytes(doc)


@pytest.mark.parametrize(
    ("name", "make", "fmt", "warning"),
    [
        ("order.doc", _order_docx, "docx", "file named .doc is a DOCX: read as DOCX"),
        ("order.pdf", _order_docx, "docx", "file named .pdf is a DOCX: read as DOCX"),
        ("order.doc", lambda: RTF_ORDER, "rtf", "file named .doc is an RTF: read as RTF"),
        ("upload.bin", _order_docx, "docx", "file named .bin is a DOCX: read as DOCX"),
        (
            "scans/order",
            lambda: (FORMATS / "001_b37f14d22378821c.pdf").read_bytes(),
            "pdf",
            "file name has no extension: read as PDF (from its bytes)",
        ),
    ],
)
def test_readable_bytes_are_read_as_what_they_are_with_a_warning(
    name: str, make, fmt: str, warning: str
) -> None:
    data = make()
    doc = read_bytes(data, source_path=name)
    assert doc.source_format == fmt
    assert doc.warnings[0] == warning
    right = read_bytes(data, source_path=f"order.{fmt}")
    assert doc.warnings[1:] == right.warnings
    assert doc.blocks == right.blocks and doc.text == right.text
    if fmt != "pdf":
        assert [p.text for p in doc.paragraphs] == ["ПРИКАЗ"]


def test_a_name_that_agrees_gives_no_warning() -> None:
    assert read_bytes(_order_docx(), source_path="order.docx").warnings == ()
    assert read_bytes("ПРИКАЗ\n".encode(), source_path="order").warnings == ()


def test_bytes_decide_not_the_name(tmp_path: Path) -> None:
    # A DOCX saved under a .bin name is still read as DOCX.
    doc = docx.Document()
    doc.add_paragraph("ПРИКАЗ")
    path = tmp_path / "upload.bin"
    path.write_bytes(_docx_bytes(doc))
    read = read_document(path)
    assert read.source_format == "docx"
    assert [p.text for p in read.paragraphs] == ["ПРИКАЗ"]
    assert read.warnings == ("file named .bin is a DOCX: read as DOCX",)


def test_empty_file_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="empty file"):
        read_bytes(b"", source_path="x.pdf")


# -- DOCX -------------------------------------------------------------------------------------


def _layout_docx() -> bytes:
    """Paragraphs and tables interleaved, merges both ways, a nested table, breaks, bold."""
    doc = docx.Document()
    doc.add_paragraph("ПРИКАЗ")
    doc.sections[0].header.paragraphs[0].text = "HEADER-TEXT"
    doc.sections[0].footer.paragraphs[0].text = "FOOTER-TEXT"
    p = doc.add_paragraph()
    p.add_run("Жирное начало ").bold = True
    p.add_run("и продолжение")  # mostly plain: not bold
    t = doc.add_table(rows=5, cols=4)
    for j, head in enumerate(["№", "Мероприятие", "Срок", "Ответственный"]):
        t.cell(0, j).text = head
    # Row 1: a section row spanning all columns, bold.
    t.cell(1, 0).merge(t.cell(1, 3))
    t.cell(1, 0).paragraphs[0].add_run("1. Нормативное обеспечение").bold = True
    # Row 2: a multi-value cell with line breaks.
    t.cell(2, 0).text = "1.1"
    t.cell(2, 1).text = "Разработка положения"
    run = t.cell(2, 2).paragraphs[0].add_run("30.11.2020")
    run.add_break(WD_BREAK.LINE)
    t.cell(2, 2).paragraphs[0].add_run("30.11.2021")
    t.cell(2, 3).text = "Отдел образования"
    # Rows 2-3: the activity merged down; row 3 has its own deadline.
    t.cell(2, 1).merge(t.cell(3, 1))
    t.cell(3, 2).text = "31.12.2021"
    t.cell(3, 3).text = "Школы"
    # Row 4: a nested table in the responsible cell.
    t.cell(4, 0).text = "1.2"
    t.cell(4, 1).text = "Мониторинг"
    nested = t.cell(4, 3).add_table(rows=2, cols=2)
    nested.cell(0, 0).text = "МОУО"
    nested.cell(0, 1).text = "2021"
    nested.cell(1, 0).text = "ОО"
    nested.cell(1, 1).text = "2022"
    doc.add_paragraph("Директор Н.П. Лыжина")
    return _docx_bytes(doc)


def test_docx_blocks_in_body_order_without_headers_or_footers() -> None:
    doc = read_docx_bytes(_layout_docx(), source_path="t.docx")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert doc.blocks[0].text == "ПРИКАЗ"
    assert doc.blocks[-1].text == "Директор Н.П. Лыжина"
    assert "HEADER-TEXT" not in doc.text and "FOOTER-TEXT" not in doc.text
    assert doc.source_format == "docx"


def test_docx_merged_cells_are_not_repeated() -> None:
    table = read_docx_bytes(_layout_docx(), source_path="t.docx").tables[0]
    assert [len(r.cells) for r in table.rows] == [4, 4, 4, 4, 4]
    assert table.rows[1].texts == ["1. Нормативное обеспечение", "", "", ""]  # gridSpan
    assert table.rows[2].texts[1] == "Разработка положения"
    assert table.rows[3].texts == ["", "", "31.12.2021", "Школы"]  # vMerge continuation


def test_docx_line_breaks_in_cells_bold_and_nested_tables() -> None:
    doc = read_docx_bytes(_layout_docx(), source_path="t.docx")
    table = doc.tables[0]
    assert table.rows[2].texts[2] == "30.11.2020\n30.11.2021"
    assert table.rows[1].cells[0].bold and not table.rows[2].cells[1].bold
    assert table.rows[4].texts[3] == "МОУО 2021\nОО 2022"
    assert not doc.blocks[1].bold  # one bold word of five


def test_docx_spans_point_into_text() -> None:
    doc = read_docx_bytes(_layout_docx(), source_path="t.docx")
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert doc.text[block.span.start : block.span.end] == block.text
        else:
            for row in block.rows:
                for cell in row.cells:
                    assert doc.text[cell.span.start : cell.span.end] == cell.text


def test_docx_text_boxes_stay_out_of_the_body() -> None:
    doc = docx.Document()
    para = doc.add_paragraph("Основной текст")
    box = parse_xml(
        f"<w:r {W_NS}><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'><v:textbox>"
        "<w:txbxContent><w:p><w:r><w:t>ТЕКСТ-В-РАМКЕ</w:t></w:r></w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict></w:r>"
    )
    para._p.append(box)
    read = read_docx_bytes(_docx_bytes(doc), source_path="t.docx")
    assert [p.text for p in read.paragraphs] == ["Основной текст"]
    assert "ТЕКСТ-В-РАМКЕ" not in read.text
    assert read.warnings == ("1 text box(es) not read into the body",)


def test_docx_of_images_only_says_it_has_no_text() -> None:
    doc = docx.Document()
    picture = parse_xml(
        f"<w:r {W_NS}><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'>"
        "<v:imagedata/></v:shape></w:pict></w:r>"
    )
    doc.add_paragraph()._p.append(picture)
    read = read_docx_bytes(_docx_bytes(doc), source_path="scan.docx")
    assert read.blocks == ()
    assert read.warnings == (
        "no text in the document body: 1 image(s) or drawing(s) only, none page-sized; not read",
    )


def test_docx_page_breaks_counted() -> None:
    doc = docx.Document()
    doc.add_paragraph("Первая страница")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Вторая страница")
    read = read_docx_bytes(_docx_bytes(doc), source_path="t.docx")
    assert [(p.text, p.page) for p in read.paragraphs] == [
        ("Первая страница", 1),
        ("Вторая страница", 2),
    ]
    assert read.pages == 2


def _xxe_docx(tmp_path: Path) -> tuple[bytes, Path]:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT")
    doc = docx.Document()
    doc.add_paragraph("placeholder")
    data = _docx_bytes(doc)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    dtd = (
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        '<!ENTITY inner "INTERNAL-ENTITY">]>'
    )
    xml = xml.replace("?>", "?>" + dtd, 1).replace("placeholder", "&xxe;&inner;")
    return _replace_part(data, "word/document.xml", xml.encode()), secret


def test_docx_with_entities_is_refused(tmp_path: Path) -> None:
    data, _ = _xxe_docx(tmp_path)
    with pytest.raises(ReadError) as err:
        read_docx_bytes(data, source_path="evil.docx")
    assert err.value.error_type == "unsafe_xml"
    assert "word/document.xml" in str(err.value)


def test_python_docx_parser_never_resolves_entities(tmp_path: Path) -> None:
    # Below our pre-check, python-docx's own lxml parser must not resolve them either.
    data, _ = _xxe_docx(tmp_path)
    parsed = docx.Document(io.BytesIO(data))
    text = "".join(t.text or "" for t in parsed.element.body.iter(f"{{{W_NS[9:-1]}}}t"))
    assert "SECRET-CONTENT" not in text and "INTERNAL-ENTITY" not in text


def test_docx_that_is_not_a_word_file() -> None:
    with pytest.raises(UnsupportedFormatError, match="not a DOCX: file is a ZIP archive"):
        read_bytes(_zip({"word/readme.txt": b"hi"}), source_path="x.docx")


def test_docx_word_automatic_numbering_is_part_of_the_text() -> None:
    doc = read_docx_bytes(numbered_docx(), source_path="numbered.docx")
    texts = [p.text for p in doc.paragraphs]
    assert texts == [*NUMBERED_EXPECTED, STYLE_NUMBERED[1]]
    assert [row.texts for row in doc.tables[0].rows] == TABLE_EXPECTED
    assert doc.warnings == ()


@pytest.mark.parametrize("fmt", ["odt", "rtf"])
def test_office_formats_inherit_the_numbering_through_docx(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "numbered.docx"
    src.write_bytes(numbered_docx())
    doc = read_document(convert_with_soffice(src, fmt, tmp_path))
    assert [row.texts for row in doc.tables[0].rows] == TABLE_EXPECTED
    # LibreOffice's own list model keeps plain multi-level lists and restarts; it drops
    # isLgl, lvlRestart and (in RTF) the continuation of a list by a second w:num.
    assert [p.text for p in doc.paragraphs[:9]] == NUMBERED_EXPECTED[:9]


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [
        (4, "upperRoman", "IV"),
        (1994, "upperRoman", "MCMXCIV"),
        (9, "lowerRoman", "ix"),
        (27, "upperLetter", "AA"),
        (53, "lowerLetter", "aaa"),
        (10, "russianUpper", "К"),  # Й is skipped
        (29, "russianLower", "аа"),  # 28 letters: Ё, Й, Ъ, Ы, Ь left out
        (7, "decimalZero", "07"),
        (7, "ordinalText", None),
    ],
)
def test_word_number_formats(n: int, fmt: str, shown: str | None) -> None:
    assert format_number(n, fmt) == shown


# -- rendered seeds ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cells(doc) -> list[str]:
    return [_norm(c.text) for t in doc.tables for r in t.rows for c in r.cells if c.text]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_docx_rendering_keeps_every_paragraph_and_cell_of_the_seed(seed: Path) -> None:
    txt = read_txt(seed)
    doc = read_document(FORMATS / f"{seed.stem}.docx")
    assert [_norm(p.text) for p in doc.paragraphs] == [_norm(p.text) for p in txt.paragraphs]
    # Every cell value of the seed reappears (cut rows were joined, so compare by containment).
    joined = "|".join(_cells(doc))
    missing = [c for c in _cells(txt) if c not in joined]
    assert not missing
    assert all(isinstance(b, Paragraph | Table) for b in doc.blocks)


# -- PDF with a text layer --------------------------------------------------------------------


def _merged_rows(table: Table) -> list[list[str]]:
    """Rows with a row cut by a page break joined back (as the roadmap extractor joins them)."""
    out: list[list[str]] = []
    for row in table.rows:
        texts = [_norm(t) for t in row.texts]
        if row.page_break_before and not texts[0] and out:
            out[-1] = [a + b for a, b in zip(out[-1], texts, strict=True)]
        else:
            out.append(texts)
    return out


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_pdf_gives_the_docx_paragraphs_and_rows(seed: Path) -> None:
    pdf = read_document(FORMATS / f"{seed.stem}.pdf")
    ref = read_document(FORMATS / f"{seed.stem}.docx")
    assert pdf.source_format == "pdf"
    assert [_norm(p.text) for p in pdf.paragraphs] == [_norm(p.text) for p in ref.paragraphs]
    roadmap_pdf, roadmap_ref = pdf.tables[-1], ref.tables[-1]
    assert _merged_rows(roadmap_pdf) == _merged_rows(roadmap_ref)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_pdf_multipage_table_is_one_table_with_breaks_marked(seed: Path) -> None:
    pdf = read_document(FORMATS / f"{seed.stem}.pdf")
    table = pdf.tables[-1]
    assert table.page_end > table.page_start  # every seed's roadmap runs over pages
    header = table.rows[0].texts
    assert all(row.texts != header for row in table.rows[1:])  # repeated headers removed
    breaks = [i for i, row in enumerate(table.rows) if row.page_break_before]
    assert len(breaks) == table.page_end - table.page_start
    for i in breaks:
        assert table.rows[i].page == table.rows[i - 1].page + 1
    pages = [row.page for row in table.rows]
    assert pages == sorted(pages)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_pdf_running_headers_footers_and_page_numbers_dropped(seed: Path) -> None:
    pdf = read_document(FORMATS / f"{seed.stem}.pdf")
    assert "официальное опубликование" not in pdf.text
    assert not [p for p in pdf.paragraphs if re.fullmatch(r"\d+", p.text)]
    assert pdf.pages >= 2
    assert all(1 <= p.page <= pdf.pages for p in pdf.paragraphs)
    pages = [p.page for p in pdf.paragraphs]
    assert pages == sorted(pages)
    assert max(pdf.tables[-1].page_end, pages[-1]) == pdf.pages


def test_pdf_cells_keep_line_breaks_and_bold() -> None:
    pdf = read_document(FORMATS / "004_788b0a1c0f9abd75.pdf")
    rows = pdf.tables[-1].rows
    section = next(r for r in rows if r.texts[0] == "ПОДГОТОВИТЕЛЬНЫЙ ЭТАП")
    assert section.cells[0].bold and section.texts[1:] == ["", "", "", ""]
    first = next(r for r in rows if r.texts[0] == "1")
    assert not first.cells[1].bold
    dates = read_document(FORMATS / "000_5e0b46fceb57a4e5.pdf").tables[-1].rows
    row7 = next(r for r in dates if r.texts[0] == "7.")
    assert row7.texts[2].split("\n")[:3] == ["30.12.2020", "01.09.2021", "01.09.2022"]
    # A wrapped sentence is one line: its wraps are joined by spaces.
    assert "\n" not in row7.texts[1]


def test_pdf_spans_point_into_text() -> None:
    pdf = read_document(FORMATS / "002_5cf81c204514d1fa.pdf")
    for block in pdf.blocks:
        if isinstance(block, Paragraph):
            assert pdf.text[block.span.start : block.span.end] == block.text
        else:
            for row in block.rows:
                for cell in row.cells:
                    assert pdf.text[cell.span.start : cell.span.end] == cell.text


def test_registry_names_a_reader_for_every_format_and_imports_none_at_start() -> None:
    """Each registered reader resolves to its module's function, the office formats are the
    ones `office` converts, and importing the registry loads no reader module (a worker that
    reads only TXT never imports OpenCV, pdfplumber or python-docx)."""
    import subprocess
    import sys

    from prikaz.pipeline.readers import office
    from prikaz.pipeline.readers.registry import OFFICE_FORMATS, READERS, LazyReader

    assert set(OFFICE_FORMATS) == set(office.FORMATS)
    for fmt, reader in READERS.items():
        assert isinstance(reader, LazyReader), fmt
        assert callable(reader.load()), fmt
    probe = (
        "import sys, prikaz.pipeline.readers as r; "
        "print(sorted(m for m in sys.modules if m.startswith('prikaz.pipeline.readers.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    for module in ("docx", "pdf", "images", "ocr", "office", "scan"):
        assert f"prikaz.pipeline.readers.{module}'" not in loaded, loaded
