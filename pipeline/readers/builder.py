"""Assemble a `Document` from blocks found by a format reader.

Readers of laid-out formats (DOCX, PDF, OCR) have no source text of their own: the builder
renders one as it goes (a paragraph per line, a table row as its cells joined by tabs, line
breaks inside a cell kept) and gives every paragraph, row and cell its span in that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from prikaz.model import Block, Cell, Document, Paragraph, Row, Span, Table, WordBox

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u200a]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def clean_cell_text(raw: str) -> str:
    """Whitespace collapsed inside each line, empty lines dropped, line breaks kept."""
    raw = _INVISIBLE.sub("", raw.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n"))
    lines = (_SPACES.sub(" ", line).strip() for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True, slots=True)
class CellDraft:
    text: str
    page: int
    bold: bool = False
    words: tuple[WordBox, ...] = ()  # word boxes with spans relative to `text`
    row_span: int = 1
    col_span: int = 1
    merged_from: tuple[int, int] | None = None  # (row, column) of a merged area's origin


@dataclass(slots=True)
class DocumentBuilder:
    """Renders blocks into text, keeping spans; rows of one table go in with `add_table`."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    blocks: list[Block] = field(default_factory=list)
    words: list[WordBox] = field(default_factory=list)
    max_page: int = 1

    def _emit(self, text: str) -> Span:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return Span(start, self.pos)

    def _shift_words(self, words: tuple[WordBox, ...], base: int) -> None:
        for w in words:
            span = Span(base + w.span.start, base + w.span.end) if w.span else None
            self.words.append(WordBox(w.text, w.page, w.x0, w.top, w.x1, w.bottom, w.conf, span))

    def add_paragraph(
        self, text: str, page: int, bold: bool = False, words: tuple[WordBox, ...] = ()
    ) -> None:
        if not text:
            return
        span = self._emit(text)
        self._emit("\n")
        self._shift_words(words, span.start)
        self.blocks.append(Paragraph(text, page, span, bold))
        self.max_page = max(self.max_page, page)

    def make_row(self, cells: list[CellDraft], page: int, page_break_before: bool) -> Row:
        out: list[Cell] = []
        start = self.pos
        for i, draft in enumerate(cells):
            if i:
                self._emit("\t")
            span = self._emit(draft.text)
            self._shift_words(draft.words, span.start)
            out.append(
                Cell(
                    draft.text,
                    draft.page,
                    span,
                    draft.bold,
                    draft.row_span,
                    draft.col_span,
                    draft.merged_from,
                )
            )
            self.max_page = max(self.max_page, draft.page)
        end = self.pos
        self._emit("\n")
        self.max_page = max(self.max_page, page)
        return Row(tuple(out), page, Span(start, end), page_break_before)

    def add_table(self, rows: list[Row]) -> None:
        if rows:
            self.blocks.append(Table(tuple(rows)))

    def blank_line(self) -> None:
        """An empty line in the rendered text (a TXT source's blank line, kept for readers
        of the text that tell paragraphs apart by blank lines)."""
        self._emit("\n")

    def page_break(self) -> None:
        """Mark a page break in the rendered text (a form feed, as the TXT reader reads it)."""
        self._emit("\f")

    def build(
        self,
        *,
        doc_id: str,
        source_path: str,
        source_format: str,
        pages: int | None = None,
        warnings: tuple[str, ...] = (),
        encoding: str | None = None,
    ) -> Document:
        return Document(
            doc_id=doc_id,
            source_path=source_path,
            source_format=source_format,
            text="".join(self.parts),
            blocks=tuple(self.blocks),
            pages=max(pages or 0, self.max_page, 1),
            encoding=encoding,
            warnings=warnings,
            words=tuple(self.words),
        )
