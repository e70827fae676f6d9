"""The layout model: the one thing every reader produces and every extractor reads.

A `Document` is the source text (as the reader rendered it) plus blocks in reading order.
Every block, row and cell carries the page it stands on and its character span in
`Document.text`, so any value extracted from it can be traced back to file, page and span.
Readers know formats; extractors only ever see this model.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) in `Document.text`."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of text outside tables (one line of a TXT, one paragraph of a DOCX/PDF)."""

    text: str
    page: int
    span: Span
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell; `text` is cleaned of markup remnants, line breaks inside the cell kept.

    Merged cells: the cell where a merged area starts carries the text and `row_span` /
    `col_span` (how many rows and grid columns the area covers). Every other position of the
    area is a `Cell` with empty text and `merged_from` = (row, column) of the origin within the
    table, so that extractors can apply the value to every row it covers and still tell a
    repeated value from a written one. Readers that cannot see merges leave the defaults.
    """

    text: str
    page: int
    span: Span
    bold: bool = False
    row_span: int = 1
    col_span: int = 1
    merged_from: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One physical table row.

    `page_break_before` is set by the reader when a page break separates this row from the
    previous row of the same table: extractors use it to merge a row cut by the break.
    """

    cells: tuple[Cell, ...]
    page: int
    span: Span
    page_break_before: bool = False

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def is_empty(self) -> bool:
        return not any(c.text for c in self.cells)


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Row, ...]

    @property
    def page_start(self) -> int:
        return self.rows[0].page if self.rows else 0

    @property
    def page_end(self) -> int:
        return self.rows[-1].page if self.rows else 0


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class WordBox:
    """A recognised word and its box on the page (PDF points, origin top-left).

    Readers that see words (OCR) keep them in `Document.words`; `conf` is the OCR confidence
    (0-100) and `span` the word's place in `Document.text` when it made it into a block.
    """

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A read document: identity, the rendered source text, and its blocks in reading order."""

    doc_id: str  # sha256 of the input file's bytes, hex
    source_path: str
    source_format: str  # txt | docx | pdf | pdf-ocr | doc | rtf | odt
    text: str
    blocks: tuple[Block, ...]
    pages: int
    encoding: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    words: tuple[WordBox, ...] = field(default_factory=tuple)  # OCR word boxes, if any
    ocr_pages: int = 0  # pages read by OCR (no text layer, or a layer that lied)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def page_at(self, offset: int) -> int:
        """Page of the block that contains a character offset (1 when unknown)."""
        for block in self.blocks:
            if isinstance(block, Paragraph):
                if block.span.start <= offset < block.span.end:
                    return block.page
            else:
                for row in block.rows:
                    if row.span.start <= offset < row.span.end:
                        for cell in row.cells:
                            if cell.span.start <= offset <= cell.span.end:
                                return cell.page
                        return row.page
        return 1
