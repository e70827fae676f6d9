"""PDF reader (pdfplumber): paragraphs and tables from the text layer, OCR where there is none.

Per page, the reader gets words (with their boxes, bold from the font name) and table grids:
ruled tables from pdfplumber's line strategy, or, on a page without any, tables without rulings
from how the words align (see `pdf_unruled`); on a page without a text layer, words come from
tesseract and the grid from the rulings found in the page image (see `ocr`). The rest is one
path for all:
- Words inside a table grid go to the cell whose box holds their centre. A cell's or a
  paragraph's lines are joined as a reader of the page joins them (`join_lines`): by "\\n"
  where a line was ended early (an item of a multi-value cell: the next word would have
  fitted), else the line-end word and the next line's first word meet as `layout.join_words`
  decides: the PDF's own line-end space, or the Russian dictionary (a word broken at the cell
  edge, a soft or a real hyphen, two words). Header cells alike, so a broken header word
  still names its column.
- Merged cells (pdfplumber gives None for the grid positions a merged cell covers; a section
  title spanning the columns of a table without rulings alike) are empty at the covered
  positions; the cell holding the text gets `row_span`/`col_span` and every covered position
  `merged_from` (`apply_merges`), so a merged value can be applied to every row it covers.
- Words outside tables form lines, lines form paragraphs: a new paragraph starts after a
  vertical gap, after a line that ends short of the text's right edge, or when bold changes.
- Running headers/footers and page numbers are dropped: a line at the top or bottom of a page
  that is a page number, or that repeats (digits aside) at the same edge on other pages.
- A table that goes on over a page break is stitched into one `Table` when the next page
  starts with a table of the same columns. Its repeated header rows (rows equal to the
  table's first rows) are removed here, and the first row after each break gets
  `page_break_before=True`: a row cut by the break is merged by the roadmap extractor (its
  first cell is empty), as for the TXT reader. Here, each cell of such a row is joined with
  its part above as one cell's lines, and a word broken by the break is made whole above it
  (so «муниципально|го» reads whole whether or not the parts are joined later); a row whose
  cell spans the same columns as the row above (a section title cut by the break) is joined
  to it here, as no extractor could tell it from an item's next line.
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

import pdfplumber
import pypdfium2
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from prikaz.errors import ReadError
from prikaz.model import Block, Document, Row, Span, Table, WordBox
from prikaz.pipeline.readers.builder import CellDraft, DocumentBuilder, clean_cell_text
from prikaz.pipeline.readers.layout import (
    Bbox,
    Grid,
    Line,
    PageLayout,
    PWord,
    group_lines,
    join_words,
)
from prikaz.pipeline.readers.ocr import ocr_page, ocr_warnings
from prikaz.pipeline.readers.pdf_unruled import find_unruled_grids
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
# A line ending in a word's hyphen goes on with the word (however short its rest).
_SPACE = re.compile(r"\s")
_HYPHENATED = re.compile(r"[^\W\d_][-\u2010\u00ad]$")


Merge = tuple[int, int, int, int]  # row_span, col_span, rows up to the origin, columns left
CellLines = tuple[float, list[Line]]  # a cell's right text edge and its lines


@dataclass(slots=True)
class _PTable:
    page: int
    grid: Grid
    rows: list[list[CellDraft]]
    row_pages: list[int]
    ocr: bool = False
    breaks: set[int] = field(default_factory=set)  # row indexes with a page break before
    lines: list[list[CellLines]] = field(default_factory=list)  # each cell's lines
    merges: list[list[Merge]] = field(default_factory=list)  # each cell's place in a merge


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


def _following_words(lines: list[Line], i: int, limit: int = 3) -> list[str]:
    """First words of the lines after line i, while line i and those lines hold one word."""
    out: list[str] = []
    j = i
    while len(out) < limit and j + 1 < len(lines) and len(lines[j].words) == 1:
        out.append(lines[j + 1].words[0].text)
        j += 1
    return out


def join_lines(lines: list[Line], left: float, right: float) -> str:
    """A block's lines as text: "\\n" where a line was ended early (an item of a multi-value
    cell), else the line-end word and the next line's first word met as `join_words` decides
    (one word broken at the edge, a soft or a real hyphen, or two words).
    """
    return _join(lines, right)[0]


def _join(lines: list[Line], right: float, split: int = -1) -> tuple[str, int]:
    """`join_lines`, and where the text of lines[split:] begins: after the word that the
    line before it ends, when that word goes on in lines[split] (len(text) without `split`)."""
    text = ""
    at, glued = -1, False  # offset where lines[split:] begin (glued: of the word they go on)
    for i, line in enumerate(lines):
        if not i:
            text = line.text
            continue
        prev = lines[i - 1]
        hyphenated = _HYPHENATED.search(prev.text) is not None
        if not hyphenated and (
            _ended_early(prev, line, right) or _same_item_shape(prev.text, line.text)
        ):
            if i == split:
                at = len(text)
            text += "\n" + line.text
            continue
        cut = max(text.rfind(" "), text.rfind("\n")) + 1
        first, sep, rest = line.text.partition(" ")
        joined = join_words(
            text[cut:],
            first,
            alone=len(prev.words) == 1,
            space=prev.words[-1].space_after,
            more=_following_words(lines, i),
        )
        if i == split:
            at, glued = (len(text), False) if " " in joined else (cut, True)
        text = text[:cut] + joined + sep + rest
    if at < 0:
        return text, len(text)
    if glued:  # the word's whole: up to the first space after its start
        space = _SPACE.search(text, at)
        at = space.start() if space else len(text)
    return text, at


# -- tables -----------------------------------------------------------------------------------


def _cell_words(words_by_top: list[PWord], tops: list[float], box: Bbox) -> list[PWord]:
    x0, top, x1, bottom = box
    lo = bisect.bisect_left(tops, top - 50)
    hi = bisect.bisect_right(tops, bottom)
    return [w for w in words_by_top[lo:hi] if x0 <= w.cx <= x1 and top <= w.cy <= bottom]


def _draft(words: list[PWord], box: Bbox, page: int) -> tuple[CellDraft, CellLines]:
    if not words:
        return CellDraft("", page), (box[2] - 1.0, [])
    lines = group_lines(words)
    text = clean_cell_text(join_lines(lines, box[0] + 1.0, box[2] - 1.0))
    letters = sum(len(w.text) for w in words)
    bold = 2 * sum(len(w.text) for w in words if w.bold) > letters
    boxes = _word_boxes(lines, text, page) if words[0].conf is not None else ()
    return CellDraft(text, page, bold, boxes), (box[2] - 1.0, lines)


# A cell's place in a merged area: (row_span, col_span) where the area's text stands, or the
# offset (rows up, columns left) from a covered position to that cell.
PLAIN: Merge = (1, 1, 0, 0)


def _table_cells(grid: Grid, words: list[PWord], page: int) -> _PTable:
    """A grid's cells (text, lines, merges); grid rows with no text at all are left out."""
    ordered = sorted(words, key=lambda w: w.top)
    tops = [w.top for w in ordered]
    table = _PTable(page, grid, [], [])
    covered = grid.merges()
    kept: dict[int, int] = {}  # grid row -> table row
    for r, boxes in enumerate(grid.rows):
        cells: list[CellDraft] = []
        lines: list[CellLines] = []
        for box in boxes:
            cell_lines: CellLines
            if box is None:
                draft, cell_lines = CellDraft("", page), (0.0, [])
            else:
                draft, cell_lines = _draft(_cell_words(ordered, tops, box), box, page)
            cells.append(draft)
            lines.append(cell_lines)
        if any(c.text for c in cells):  # spacer rows carry nothing
            kept[r] = len(table.rows)
            table.rows.append(cells)
            table.lines.append(lines)
    table.row_pages = [page] * len(table.rows)
    table.merges = [[PLAIN] * len(row) for row in table.rows]
    spans: dict[tuple[int, int], list[int]] = {}
    for (r, c), (r0, c0) in covered.items():
        if r not in kept or r0 not in kept:
            continue  # a covered position in a spacer row, or an area whose own row is empty
        i, i0 = kept[r], kept[r0]
        table.merges[i][c] = (1, 1, i - i0, c - c0)
        span = spans.setdefault((i0, c0), [1, 1])
        span[0] = max(span[0], i - i0 + 1)
        span[1] = max(span[1], c - c0 + 1)
    for (i0, c0), (rows, cols) in spans.items():
        table.merges[i0][c0] = (rows, cols, 0, 0)
    return table


def table_rows(grid: Grid, words: list[PWord], page: int) -> list[list[CellDraft]]:
    """The grid's cells as text, one list per row with text (see `_table_cells`)."""
    return _table_cells(grid, words, page).rows


# -- paragraphs -------------------------------------------------------------------------------


def split_paragraphs(lines: list[Line], right: float) -> list[list[Line]]:
    paras: list[list[Line]] = []
    for line in lines:
        if paras:
            prev = paras[-1][-1]
            size = max(1.0, prev.bottom - prev.top)
            gap = line.top - prev.bottom
            # A line ending in a word's hyphen goes on, however short the word's rest.
            ended = _ended_early(prev, line, right) and not _HYPHENATED.search(prev.text)
            if gap <= 0.3 * size and not ended and line.bold == prev.bold and gap > -size:
                paras[-1].append(line)
                continue
        paras.append([line])
    return paras


# -- running headers and footers --------------------------------------------------------------


_NOT_WORD = re.compile(r"[^\w#]+")
# Running lines read by OCR differ from page to page by a stray dot or a misread letter
# («Документ 000 . официальное опубликование»): two edge lines are the same running line when
# their words are this alike. Short keys (a bare «#», «стр. #») must match exactly.
RUNNING_ALIKE = 0.9
RUNNING_FUZZY_MIN = 12  # characters of key below which only an exact match counts
RUNNING_EXAMPLES = {  # (line on one page, line on another) -> same running line?
    ("Документ 000 официальное опубликование", "Документ 000 . официальное опубликование"): True,
    ("Документ 000 официальное опубликование", "Документ 000 официальное опубликованне"): True,
    ("Приказ № 12 от 01.02.2021", "Приказ № 13 от 01.02.2021"): True,
    ("1.2. Проведение совещания", "1.3. Проведение семинара"): False,
    ("стр. 2", "стр 3"): True,
    ("Итого", "Итоги"): False,
}


def _edge_key(text: str) -> str:
    """Words of a line with numbers as «#», punctuation and spacing ignored."""
    return _NOT_WORD.sub(" ", _DIGITS.sub("#", text.lower())).strip()


def same_running_line(a: str, b: str) -> bool:
    """Whether two edge-line keys are one running line (see `RUNNING_EXAMPLES`)."""
    if a == b:
        return True
    if min(len(a), len(b)) < RUNNING_FUZZY_MIN:
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= RUNNING_ALIKE


def _cluster_key(counts: Counter[tuple[str, str]], zone: str, key: str) -> str:
    """The first key counted in the zone that is the same running line as `key`, else `key`."""
    return next((k for z, k in counts if z == zone and same_running_line(k, key)), key)


def drop_running_lines(pages: list[PageLayout], lines: dict[int, list[Line]]) -> None:
    """Remove page numbers and lines repeated at the same page edge (in place)."""
    candidates: dict[int, list[tuple[str, Line, str]]] = {}
    counts: Counter[tuple[str, str]] = Counter()  # (zone, key of its first line) → lines
    for page in pages:
        page_lines = lines[page.number]
        found: list[tuple[str, Line, str]] = []
        for zone, seq in (("top", page_lines[:2]), ("bottom", page_lines[-2:][::-1])):
            for line in seq:
                edge = (
                    line.bottom < page.height * EDGE_ZONE
                    if zone == "top"
                    else line.top > page.height * (1 - EDGE_ZONE)
                )
                if not edge:
                    break
                key = _cluster_key(counts, zone, _edge_key(line.text))
                found.append((zone, line, key))
                counts[(zone, key)] += 1
        candidates[page.number] = found
    repeat_min = 2 if len(pages) >= 2 else 10**6
    for page in pages:
        drop = set()
        for zone, line, key in candidates[page.number]:
            text = line.text.strip()
            if _PAGE_NUMBER.match(text) or counts[(zone, key)] >= max(repeat_min, len(pages) // 2):
                drop.add(id(line))
        if drop:
            lines[page.number] = [ln for ln in lines[page.number] if id(ln) not in drop]


# -- pages ------------------------------------------------------------------------------------


def _space_follows(chars: list[dict], index: dict[int, int], word: dict) -> bool:
    """Whether the PDF stores a space right after the word (next in the content stream)."""
    k = index.get(id(word["chars"][-1]))
    if k is None or k + 1 >= len(chars):
        return False
    nxt = chars[k + 1]
    return nxt["text"].isspace() and abs(nxt["top"] - word["top"]) < 2 * (
        word["bottom"] - word["top"]
    )


def _text_page(page, number: int) -> PageLayout:  # page: pdfplumber.page.Page
    raw = page.extract_words(
        extra_attrs=["fontname", "size"], keep_blank_chars=False, return_chars=True
    )
    chars = page.chars
    index = {id(c): k for k, c in enumerate(chars)}
    words = [
        PWord(
            w["text"],
            float(w["x0"]),
            float(w["top"]),
            float(w["x1"]),
            float(w["bottom"]),
            bool(_BOLD_FONT.search(w.get("fontname") or "")),
            space_after=_space_follows(chars, index, w),
        )
        for w in raw
        if w["text"].strip()
    ]
    grids = []
    for table in page.find_tables():
        cells: list[Bbox] = [(float(a), float(b), float(c), float(d)) for a, b, c, d in table.cells]
        if len(cells) < 2:
            continue  # a framed paragraph is not a table
        grid = Grid.from_cells(cells)
        if len(grid.xs) < 2:
            continue
        grids.append(grid)
    if not grids:
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
            table = _table_cells(grid, words, page.number)
            if table.rows:
                table.ocr = page.ocr
                tables.append(table)
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
    """Append a table's continuation: drop repeated header rows, mend words cut by the page
    break, mark the break."""
    skip = 0
    fuzzy = table.ocr or more.ocr
    while skip < min(3, len(more.rows), len(table.rows) - 1) and same_row(
        more.rows[skip], table.rows[skip], fuzzy
    ):
        skip += 1
    rows, lines, merges = more.rows[skip:], more.lines[skip:], more.merges[skip:]
    if rows and not fuzzy and _cut_spanning_row(table, rows[0], merges[0]):
        _join_cut_row(table, rows[0], lines[0])
        rows, lines, merges = rows[1:], lines[1:], merges[1:]
    elif rows and not fuzzy and _mend_cut_words(table.rows[-1], table.lines[-1], rows[0], lines[0]):
        rows, lines, merges = rows[1:], lines[1:], merges[1:]  # its only text was the word's end
    if not rows:
        return
    table.breaks.add(len(table.rows))
    table.rows.extend(rows)
    table.lines.extend(lines)
    table.merges.extend(merges)
    table.row_pages.extend([more.page] * len(rows))
    table.grid = more.grid  # columns of the latest page, for the next stitch


def _cut_spanning_row(table: _PTable, row: list[CellDraft], merges: list[Merge]) -> bool:
    """Whether the first row after a break goes on with a cell spanning columns (a section
    title) cut by it: its first cell empty, the same columns spanned as in the row above, its
    text going on in lower case (a new title would start with a capital)."""
    above = table.merges[-1]
    spans = [(j, m[1]) for j, m in enumerate(merges) if m[1] > 1 and not m[2] and not m[3]]
    if not row or row[0].text or not spans or len(above) != len(merges):
        return False
    same = spans == [(j, m[1]) for j, m in enumerate(above) if m[1] > 1 and not m[2] and not m[3]]
    first = row[spans[0][0]].text
    return (
        same
        and first[:1].islower()
        and all(not c.text for j, c in enumerate(row) if merges[j] == PLAIN and j)
    )


def _join_cut_row(table: _PTable, row: list[CellDraft], lines: list[CellLines]) -> None:
    """Join a row cut by a page break to its part above: one cell, its lines joined as one."""
    above, above_lines = table.rows[-1], table.lines[-1]
    for j, cell in enumerate(row):
        if not cell.text:
            continue
        (right, up), (_, down) = above_lines[j], lines[j]
        if above[j].text and up and down and not (above[j].words or cell.words):
            text = clean_cell_text(_join(up + down, right)[0])
        else:
            text = clean_cell_text(f"{above[j].text} {cell.text}")
        above[j] = dataclasses.replace(above[j], text=text)
        above_lines[j] = (right, up + down)


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    return next((k for k in range(n) if a[k] != b[k]), n)


def _mend_cut_words(
    above: list[CellDraft],
    above_lines: list[CellLines],
    row: list[CellDraft],
    lines: list[CellLines],
) -> bool:
    """A row cut by a page break (its first cell empty): each cell's lines on both sides are
    joined as one cell's, and a word broken by the break is made whole above it (so it reads
    whole whether or not the two rows are joined later). True when the row is left empty."""
    if not row or row[0].text:
        return False
    for j in range(min(len(above), len(row), len(above_lines), len(lines))):
        (right, up), (_, down) = above_lines[j], lines[j]
        if not up or not down or above[j].words or row[j].words:
            continue  # nothing to join, or OCR word boxes whose spans must stay
        text, at = _join(up + down, right, split=len(up))
        top, bottom = clean_cell_text(text[:at]), clean_cell_text(text[at:])
        alone = clean_cell_text(_join(up, right)[0])
        if top == alone:
            continue
        # Only the end changes; the cell's start may have been mended at the break before.
        same = _common_prefix(alone, top)
        kept = len(above[j].text) - (len(alone) - same)
        if kept < 0 or not above[j].text.endswith(alone[same:]):
            continue
        above[j] = dataclasses.replace(above[j], text=above[j].text[:kept] + top[same:])
        row[j] = dataclasses.replace(row[j], text=bottom)
    return not any(c.text for c in row)


def _part_start(breaks: set[int], i: int) -> int:
    return max((b for b in breaks if b <= i), default=0)


def apply_merges(doc: Document, blocks: list[_PPara | _PTable]) -> Document:
    """`doc` with merged cells marked (`row_span`/`col_span` where a merged area's text stands,
    `merged_from` on the positions it covers); `blocks` are the ones `doc` was built from.
    An area never reaches over a page break: each page draws its part of it."""
    tables = [b for b in blocks if isinstance(b, _PTable)]
    if len(tables) != len(doc.tables) or all(
        m == PLAIN for t in tables for row in t.merges for m in row
    ):
        return doc
    found = iter(tables)
    out: list[Block] = []
    for block in doc.blocks:
        if not isinstance(block, Table):
            out.append(block)
            continue
        ptable = next(found)
        rows = []
        for i, row in enumerate(block.rows):
            cells = list(row.cells)
            for j, (rs, cs, dr, dc) in enumerate(ptable.merges[i][: len(cells)]):
                if (dr or dc) and i - dr >= _part_start(ptable.breaks, i):
                    cells[j] = dataclasses.replace(cells[j], merged_from=(i - dr, j - dc))
                elif rs > 1 or cs > 1:
                    cells[j] = dataclasses.replace(cells[j], row_span=rs, col_span=cs)
            rows.append(dataclasses.replace(row, cells=tuple(cells)))
        out.append(Table(tuple(rows)))
    return dataclasses.replace(doc, blocks=tuple(out))


def build_document(pages: list[PageLayout], *, doc_id: str, source_path: str) -> Document:
    builder = DocumentBuilder()
    ocr_pages = [p.number for p in pages if p.ocr]
    blocks = layout_blocks(pages)
    for block in blocks:
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
    return apply_merges(dataclasses.replace(doc, ocr_pages=len(ocr_pages)), blocks)


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
