"""Header lines: the text of paragraphs and table cells, each character mapped to `Document.text`.

The text comes from the blocks (`Paragraph.text`, `Cell.text`): readers have already removed
any markup, so the header knows nothing about formats. `Document.text` is used only to map each
character back to its offset (for spans) and to see blank lines between blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prikaz.model import Cell, Document, Paragraph, Table
from prikaz.records import FieldSpan, Header


@dataclass(slots=True)
class Line:
    """One header line: cleaned text and, per character, its offset in `Document.text`."""

    text: str
    offsets: list[int]
    page: int
    blank_before: bool
    in_table: bool = False
    table_rows: int = 0

    def span(self, field: str, start: int = 0, end: int | None = None) -> FieldSpan:
        end = len(self.text) if end is None else end
        start = max(0, min(start, len(self.text) - 1))
        end = max(start + 1, min(end, len(self.text)))
        return FieldSpan(field, self.offsets[start], self.offsets[end - 1] + 1, self.page)


_TOKEN = re.compile(r"\S+")


def _token_offsets(token: str, raw: str, pos: int) -> tuple[list[int], int]:
    """Offsets in `raw` of each character of `token`, searched from `pos`; and the new `pos`.

    The token is normally found as written. When the reader changed it (markup removed inside
    a word, an entity unescaped), each character is looked up in turn, and one that is not in
    the source at all takes the position reached so far.
    """
    at = raw.find(token, pos)
    if at >= 0:
        return list(range(at, at + len(token))), at + len(token)
    offsets: list[int] = []
    for ch in token:
        k = raw.find(ch, pos)
        if k < 0:
            offsets.append(min(pos, max(len(raw) - 1, 0)))
            continue
        offsets.append(k)
        pos = k + 1
    return offsets, pos


def make_line(
    text: str, raw: str, base: int, page: int, blank_before: bool, **kw: object
) -> Line | None:
    """A line from a block's `text` (whitespace collapsed), mapped onto its source `raw`."""
    chars: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        token_offsets, pos = _token_offsets(m.group(), raw, pos)
        if chars:
            chars.append(" ")
            offsets.append(base + max(token_offsets[0] - 1, 0))
        chars.append(m.group())
        offsets.extend(base + k for k in token_offsets)
    if not chars:
        return None
    return Line("".join(chars), offsets, page, blank_before, **kw)  # type: ignore[arg-type]


def _block_line(doc: Document, block: Paragraph | Cell, prev_end: int | None, **kw: object):
    start, end = block.span.start, block.span.end
    gap = doc.text[prev_end:start] if prev_end is not None else ""
    blank = gap.count("\n") >= 2
    return make_line(block.text, doc.text[start:end], start, block.page, blank, **kw)


def document_lines(doc: Document) -> list[Line]:
    """Paragraphs and table cells as lines, in reading order."""
    lines: list[Line] = []
    prev_end: int | None = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            line = _block_line(doc, block, prev_end)
            if line:
                lines.append(line)
            prev_end = block.span.end
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    line = _block_line(
                        doc, cell, prev_end, in_table=True, table_rows=len(block.rows)
                    )
                    if line:
                        lines.append(line)
                    prev_end = cell.span.end
    return lines


def concat_lines(lines: list[Line]) -> Line:
    """Several lines as one, joined by single spaces, offsets kept."""
    text = ""
    offsets: list[int] = []
    for ln in lines:
        body = ln.text.strip()
        if not body:
            continue
        lead = ln.text.index(body)
        if text:
            text += " "
            offsets.append(offsets[-1])
        text += body
        offsets.extend(ln.offsets[lead : lead + len(body)])
    return Line(text, offsets, lines[0].page if lines else 1, False)


def join_text(lines: list[Line]) -> str:
    return " ".join(ln.text.strip() for ln in lines).strip()


def span_lines(field: str, lines: list[Line]) -> FieldSpan:
    first, last = lines[0], lines[-1]
    return FieldSpan(field, first.offsets[0], last.offsets[-1] + 1, first.page)


_WORD_RE = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def first_word(text: str) -> str | None:
    m = _WORD_RE.search(text)
    return m.group(0) if m else None


def few_letters(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) < 3


@dataclass(slots=True)
class State:
    """The header being filled: each field is set once, with the span it came from."""

    header: Header
    lines: list[Line]

    def set(
        self, field: str, value: object, line: Line, start: int = 0, end: int | None = None
    ) -> None:
        if value is None or getattr(self.header, field) is not None:
            return
        setattr(self.header, field, value)
        self.header.spans.append(line.span(field, start, end))
