"""PDF reader (pdfplumber): paragraphs and tables from the text layer, OCR where there is none.

Per page, the reader gets words (with their boxes, bold from the font name) and table grids:
ruled tables from pdfplumber's line strategy, or, on a page without any, tables without rulings
from how the words align (see `pdf_unruled`); on a page without a text layer, words come from
tesseract and the grid from the rulings found in the page image (see `ocr`). The rest is one
path for all:
- Words inside a table grid go to the cell whose box holds their centre; a cell's lines are
  joined by a space where the line was wrapped (the next word would not have fitted) and by
  "\\n" where the line was ended early (an item of a multi-value cell). A cell merged across
  columns or down rows (pdfplumber gives None for the covered grid positions) is empty there,
  so a merged value is not repeated.
- Words outside tables form lines, lines form paragraphs: a new paragraph starts after a
  vertical gap, after a line that ends short of the text's right edge, or when bold changes.
- Running headers/footers and page numbers are dropped: a line at the top or bottom of a page
  that is a page number, or that repeats (digits aside) at the same edge on other pages.
- A table that goes on over a page break is stitched into one `Table` when the next page
  starts with a table of the same columns. Its repeated header rows (rows equal to the
  table's first rows) are removed here, and the first row after each break gets
  `page_break_before=True`: a row cut by the break is merged by the roadmap extractor (its
  first cell is empty), as for the TXT reader.
- Every paragraph, row and cell carries its page number (1-based).

`Document.source_format` is "pdf", or "pdf-ocr" when any page was read by OCR.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from prikaz.errors import ReadError
from prikaz.model import Document, Row, Span, WordBox
from prikaz.pipeline.readers.builder import CellDraft, DocumentBuilder, clean_cell_text
from prikaz.pipeline.readers.layout import Bbox, Grid, Line, PageLayout, PWord, group_lines
from prikaz.pipeline.readers.ocr import ocr_page, ocr_warnings
from prikaz.pipeline.readers.textlayer import layer_lies

# A page with fewer characters than this in its text layer is read by OCR.
MIN_TEXT_CHARS = 20
# Share of the page height at the top and bottom where running headers/footers stand.
EDGE_ZONE = 0.12
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$|^(?:стр\.?|страница|page)\s*\d+(?:\s*(?:из|of)\s*\d+)?$"
    r"|^\d+\s*(?:из|/)\s*\d+$",
    re.IGNORECASE,
)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(slots=True)
class _PTable:
    page: int
    grid: Grid
    rows: list[list[CellDraft]]
    row_pages: list[int]
    ocr: bool = False
    breaks: set[int] = field(default_factory=set)  # row indexes with a page break before


@dataclass(slots=True)
class _PPara:
    page: int
    lines: list[Line]


# -- lines and text ---------------------------------------------------------------------------


def _ended_early(prev: Line, line: Line, right: float) -> bool:
    """Whether `prev` was ended before the right edge: the next line's first word would fit."""
    first = line.words[0]
    size = max(1.0, first.height)
    return right - prev.x1 > (first.x1 - first.x0) + 0.6 * size


def _shape(text: str) -> str:
    return _LETTERS.sub("a", _DIGITS.sub("9", text))


def _same_item_shape(prev: str, text: str) -> bool:
    """Two short lines of the same shape with numbers (dates, years): items of a list."""
    shape = _shape(prev)
    return "9" in shape and len(prev.split()) <= 4 and shape == _shape(text)


def join_lines(lines: list[Line], left: float, right: float) -> str:
    """A block's lines as text: wrapped lines joined by a space, lines ended early by "\\n".

    A word broken because it alone did not fit the width (the line above is that one word,
    filling the width) and a compound broken after its hyphen are joined without a space.
    """
    out: list[str] = []
    for i, line in enumerate(lines):
        text = line.text
        if i:
            prev = lines[i - 1]
            last = out[-1]
            if _ended_early(prev, line, right) or _same_item_shape(prev.text, text):
                out.append("\n")
            elif len(last) > 1 and last.endswith("-") and last[-2].isalpha():
                pass  # a hyphenated compound broken after its hyphen
            elif (
                len(prev.words) == 1
                and prev.x1 - prev.x0 > 0.85 * (right - left)
                and last[-1:].isalpha()
                and text[:1].islower()
            ):
                pass  # one word broken across lines
            else:
                out.append(" ")
        out.append(text)
    return "".join(out)


# -- tables -----------------------------------------------------------------------------------


def _cell_words(words_by_top: list[PWord], tops: list[float], box: Bbox) -> list[PWord]:
    x0, top, x1, bottom = box
    lo = bisect.bisect_left(tops, top - 50)
    hi = bisect.bisect_right(tops, bottom)
    return [w for w in words_by_top[lo:hi] if x0 <= w.cx <= x1 and top <= w.cy <= bottom]


def _draft(words: list[PWord], box: Bbox, page: int) -> CellDraft:
    if not words:
        return CellDraft("", page)
    lines = group_lines(words)
    text = clean_cell_text(join_lines(lines, box[0] + 1.0, box[2] - 1.0))
    letters = sum(len(w.text) for w in words)
    bold = 2 * sum(len(w.text) for w in words if w.bold) > letters
    boxes = _word_boxes(lines, text, page) if words[0].conf is not None else ()
    return CellDraft(text, page, bold, boxes)


def table_rows(grid: Grid, words: list[PWord], page: int) -> list[list[CellDraft]]:
    ordered = sorted(words, key=lambda w: w.top)
    tops = [w.top for w in ordered]
    rows: list[list[CellDraft]] = []
    for boxes in grid.rows:
        cells = []
        for box in boxes:
            if box is None:
                cells.append(CellDraft("", page))
            else:
                cells.append(_draft(_cell_words(ordered, tops, box), box, page))
        rows.append(cells)
    # A table's grid rows with no text at all (spacer rows) carry nothing.
    return [r for r in rows if any(c.text for c in r)]


# -- paragraphs -------------------------------------------------------------------------------


def split_paragraphs(lines: list[Line], right: float) -> list[list[Line]]:
    paras: list[list[Line]] = []
    for line in lines:
        if paras:
            prev = paras[-1][-1]
            size = max(1.0, prev.bottom - prev.top)
            gap = line.top - prev.bottom
            ended = _ended_early(prev, line, right)
            if gap <= 0.3 * size and not ended and line.bold == prev.bold and gap > -size:
                paras[-1].append(line)
                continue
        paras.append([line])
    return paras


# -- running headers and footers --------------------------------------------------------------


def _edge_key(text: str) -> str:
    return _DIGITS.sub("#", text.lower()).strip()


def drop_running_lines(pages: list[PageLayout], lines: dict[int, list[Line]]) -> None:
    """Remove page numbers and lines repeated at the same page edge (in place)."""
    candidates: dict[int, list[tuple[str, Line]]] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        page_lines = lines[page.number]
        found: list[tuple[str, Line]] = []
        for zone, seq in (("top", page_lines[:2]), ("bottom", page_lines[-2:][::-1])):
            for line in seq:
                edge = (
                    line.bottom < page.height * EDGE_ZONE
                    if zone == "top"
                    else line.top > page.height * (1 - EDGE_ZONE)
                )
                if not edge:
                    break
                found.append((zone, line))
                counts[(zone, _edge_key(line.text))] += 1
        candidates[page.number] = found
    repeat_min = 2 if len(pages) >= 2 else 10**6
    for page in pages:
        drop = set()
        for zone, line in candidates[page.number]:
            text = line.text.strip()
            if _PAGE_NUMBER.match(text) or counts[(zone, _edge_key(text))] >= max(
                repeat_min, len(pages) // 2
            ):
                drop.add(id(line))
        if drop:
            lines[page.number] = [ln for ln in lines[page.number] if id(ln) not in drop]


# -- pages ------------------------------------------------------------------------------------


def _text_page(page, number: int) -> PageLayout:  # page: pdfplumber.page.Page
    raw = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    words = [
        PWord(
            w["text"],
            float(w["x0"]),
            float(w["top"]),
            float(w["x1"]),
            float(w["bottom"]),
            bool(_BOLD_FONT.search(w.get("fontname") or "")),
        )
        for w in raw
        if w["text"].strip()
    ]
    grids = []
    for table in page.find_tables():
        cells = [tuple(map(float, c)) for c in table.cells]
        if len(cells) < 2:
            continue  # a framed paragraph is not a table
        grid = Grid.from_cells(cells)
        if len(grid.xs) < 2:
            continue
        grids.append(grid)
    if not grids:
        from prikaz.pipeline.readers.pdf_unruled import find_unruled_grids

        grids = find_unruled_grids(words)
    return PageLayout(number, float(page.width), float(page.height), words, grids)


def _has_text_layer(page) -> bool:
    count = 0
    for ch in page.chars:
        if not ch["text"].isspace():
            count += 1
            if count >= MIN_TEXT_CHARS:
                return True
    return False


def _has_marks(page) -> bool:  # page: pdfplumber.page.Page
    """Whether anything at all is drawn on the page (a blank page has nothing to OCR)."""
    return any(page.objects.values())


def _pdf_error(exc: BaseException) -> ReadError:
    """A pdfminer failure (pdfplumber wraps it in PdfminerException) as a plain ReadError."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return ReadError("encrypted_pdf", "encrypted PDF: password required")
    if isinstance(cause, PDFEncryptionError):
        return ReadError("encrypted_pdf", f"encrypted PDF: encryption not supported ({cause})")
    detail = str(cause) or type(cause).__name__
    return ReadError("corrupt_pdf", f"corrupt PDF: {detail}")


def repair_pdf(data: bytes) -> bytes | None:
    """The PDF re-saved by PDFium, which rebuilds a broken cross-reference table; None when
    PDFium cannot open it either (truncated, encrypted, not a PDF)."""
    import pypdfium2

    try:
        doc = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    try:
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    except pypdfium2.PdfiumError:
        return None
    finally:
        doc.close()


def read_layouts(data: bytes, *, ocr: bool = True) -> list[PageLayout]:
    """Page layouts, one page at a time: the text layer where it can be trusted, OCR where
    there is none or it lies (see `textlayer`); a page image is freed once read."""
    import pdfplumber
    import pypdfium2
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps every pdfminer failure
        raise _pdf_error(exc) from exc
    layouts: list[PageLayout] = []
    raster = None  # pypdfium2 document, opened for the first page that needs OCR
    number = 0
    with pdf:
        try:
            for number, page in enumerate(pdf.pages, start=1):
                if not ocr:
                    by_ocr = replaced = False
                elif _has_text_layer(page):
                    by_ocr = replaced = layer_lies(page)
                else:
                    by_ocr, replaced = _has_marks(page), False
                if not by_ocr:
                    layouts.append(_text_page(page, number))
                else:
                    if raster is None:
                        raster = pypdfium2.PdfDocument(data)
                    layout = ocr_page(raster, number)
                    layout.replaced_layer = replaced
                    layouts.append(layout)
                page.close()
        except PdfminerException as exc:
            err = _pdf_error(exc)
            raise ReadError(err.error_type, f"{err.message} (page {number + 1})") from exc
        finally:
            if raster is not None:
                raster.close()
    if not layouts:
        raise ReadError("empty_pdf", "PDF has no pages")
    return layouts


# -- document assembly ------------------------------------------------------------------------


def _same_columns(a: Grid, b: Grid) -> bool:
    if len(a.xs) != len(b.xs) or a.ruled != b.ruled:
        return False
    if not a.ruled:  # no right border drawn: the columns' starts decide
        return all(abs(x - y) <= 3.0 for x, y in zip(a.xs, b.xs, strict=True))
    return all(abs(x - y) <= 3.0 for x, y in zip(a.xs, b.xs, strict=True)) and (
        abs(a.bbox[2] - b.bbox[2]) <= 3.0
    )


def _row_key(row: list[CellDraft]) -> str:
    return "\t".join(re.sub(r"\s+", "", c.text).lower() for c in row)


def same_row(a: list[CellDraft], b: list[CellDraft], fuzzy: bool) -> bool:
    """Rows with the same text; with `fuzzy` (OCR), 85 % alike is the same."""
    ka, kb = _row_key(a), _row_key(b)
    if ka == kb:
        return True
    return fuzzy and difflib.SequenceMatcher(None, ka, kb, autojunk=False).ratio() >= 0.85


def layout_blocks(pages: list[PageLayout]) -> list[_PPara | _PTable]:
    """Blocks of all pages in reading order, running lines dropped, tables stitched."""
    lines: dict[int, list[Line]] = {}
    page_tables: dict[int, list[_PTable]] = {}
    for page in pages:
        table_words: list[list[PWord]] = [[] for _ in page.grids]
        free: list[PWord] = []
        for w in page.words:
            for k, grid in enumerate(page.grids):
                if grid.contains(w):
                    table_words[k].append(w)
                    break
            else:
                free.append(w)
        lines[page.number] = group_lines(free)
        tables = []
        for grid, words in zip(page.grids, table_words, strict=True):
            rows = table_rows(grid, words, page.number)
            if rows:
                tables.append(_PTable(page.number, grid, rows, [page.number] * len(rows), page.ocr))
        page_tables[page.number] = tables
    drop_running_lines(pages, lines)

    blocks: list[_PPara | _PTable] = []
    for page in pages:
        right = max((ln.x1 for ln in lines[page.number]), default=page.width)
        items: list[tuple[float, _PPara | _PTable]] = []
        for tbl in page_tables[page.number]:
            items.append((tbl.grid.bbox[1], tbl))
        # Paragraphs between tables: split the page's lines at the tables' tops.
        for para_lines in split_paragraphs(lines[page.number], right):
            items.append((para_lines[0].top, _PPara(page.number, para_lines)))
        items.sort(key=lambda it: it[0])
        for k, (_, item) in enumerate(items):
            prev = blocks[-1] if blocks else None
            if (
                k == 0
                and isinstance(item, _PTable)
                and isinstance(prev, _PTable)
                and prev.page < item.page
                and _same_columns(prev.grid, item.grid)
            ):
                _stitch(prev, item)
                continue
            blocks.append(item)
    return blocks


def _stitch(table: _PTable, more: _PTable) -> None:
    """Append a table's continuation: drop repeated header rows, mark the page break."""
    rows = more.rows
    skip = 0
    fuzzy = table.ocr or more.ocr
    while skip < min(3, len(rows), len(table.rows) - 1) and same_row(
        rows[skip], table.rows[skip], fuzzy
    ):
        skip += 1
    rows = rows[skip:]
    if not rows:
        return
    table.breaks.add(len(table.rows))
    table.rows.extend(rows)
    table.row_pages.extend([more.page] * len(rows))
    table.grid = more.grid  # columns of the latest page, for the next stitch


def build_document(pages: list[PageLayout], *, doc_id: str, source_path: str) -> Document:
    builder = DocumentBuilder()
    ocr_pages = [p.number for p in pages if p.ocr]
    for block in layout_blocks(pages):
        if isinstance(block, _PPara):
            left = min(ln.x0 for ln in block.lines)
            right = max(ln.x1 for ln in block.lines)
            text = clean_cell_text(join_lines(block.lines, left, right)).replace("\n", " ")
            bold = block.lines[0].bold
            words = _word_boxes(block.lines, text, block.page) if block.page in ocr_pages else ()
            builder.add_paragraph(text, block.page, bold, words)
        else:
            rows: list[Row] = []
            for i, (cells, page) in enumerate(zip(block.rows, block.row_pages, strict=True)):
                rows.append(builder.make_row(cells, page, i in block.breaks))
            builder.add_table(rows)
    doc = builder.build(
        doc_id=doc_id,
        source_path=source_path,
        source_format="pdf-ocr" if ocr_pages else "pdf",
        pages=len(pages),
        warnings=ocr_warnings(pages),
    )
    return dataclasses.replace(doc, ocr_pages=len(ocr_pages))


def _word_boxes(lines: list[Line], text: str, page: int) -> tuple[WordBox, ...]:
    """OCR word boxes of a paragraph with their spans in its text (found left to right)."""
    out: list[WordBox] = []
    pos = 0
    for line in lines:
        for w in line.words:
            start = text.find(w.text, pos)
            span = Span(start, start + len(w.text)) if start >= 0 else None
            if start >= 0:
                pos = start + len(w.text)
            out.append(WordBox(w.text, page, w.x0, w.top, w.x1, w.bottom, w.conf, span))
    return tuple(out)


def read_pdf_bytes(
    data: bytes, *, source_path: str, doc_id: str | None = None, ocr: bool = True
) -> Document:
    """Read PDF bytes into the layout model (OCR for pages without a text layer).

    A PDF that pdfminer cannot open or finds no pages in (a broken cross-reference table) is
    repaired by PDFium and read again. A PDF with no text on any page is a `no_text` error.
    """
    repaired = False
    try:
        pages = read_layouts(data, ocr=ocr)
    except ReadError as exc:
        fixed = repair_pdf(data) if exc.error_type in ("corrupt_pdf", "empty_pdf") else None
        if fixed is None:
            raise
        pages = read_layouts(fixed, ocr=ocr)
        repaired = True
    doc = build_document(
        pages, doc_id=doc_id or hashlib.sha256(data).hexdigest(), source_path=source_path
    )
    if not doc.blocks:
        raise ReadError(
            "no_text",
            f"PDF has no text: none of its {doc.pages} page(s) has a text layer or anything "
            "OCR could read",
        )
    if repaired:
        note = "PDF repaired (broken cross-reference table rebuilt by PDFium)"
        doc = dataclasses.replace(doc, warnings=(*doc.warnings, note))
    return doc


def read_pdf(path: str | Path) -> Document:
    data = Path(path).read_bytes()
    return read_pdf_bytes(data, source_path=str(path))
