"""TXT reader: plain text in utf-8 (with or without BOM), cp1251 or koi8-r.

Tables are tab-separated lines. Text renderings of PDFs carry page breaks as blank lines
inside a table and as a repeated header row; both start a new page. Markup remnants
(`<b>`, `<p>`, `**`) are stripped from values but remembered as a bold hint.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from prikaz.errors import ReadError
from prikaz.model import Block, Cell, Document, Paragraph, Row, Span, Table

# A text file larger than this is refused (`file_too_large`). The largest orders are a few MB
# as text; 10 MB of text takes a worker about 12 s and 350 MB at peak to read and extract
# (50 MB: 60 s and 1.5 GB), so the limit keeps a TXT well inside the default worker limits.
MAX_TXT_BYTES = 10 * 1024 * 1024

# Encodings Russian text files come in; the detector chooses among them only.
CANDIDATE_ENCODINGS = ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "utf_16")

_TAG = re.compile(r"</?(?:b|p|i|u|em|strong|span|div|br)\b[^>]*>", re.IGNORECASE)
_BOLD = re.compile(r"^\s*(?:<p>\s*)?(?:<b>|<strong>|\*\*)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; return (text, encoding). Raises ReadError if not text."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:65536]:
        raise ReadError("not_text", "not a text file: binary content (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:262144], cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    if best is None or best.encoding is None:
        raise ReadError("undecodable_text", "not a text file: no Cyrillic encoding fits its bytes")
    text = data.decode(best.encoding, errors="replace")
    if _garbage_share(text) > 0.05:
        raise ReadError("undecodable_text", "not a text file: content looks binary")
    return text, best.encoding


def _garbage_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad / len(sample)


def clean_text(raw: str) -> str:
    """A value without markup remnants and with whitespace collapsed."""
    text = _TAG.sub(" ", raw).replace("**", "")
    text = html.unescape(text)
    return _SPACES.sub(" ", text).strip()


def is_bold(raw: str) -> bool:
    return bool(_BOLD.match(raw))


def _is_table_line(line: str) -> bool:
    # A tab after leading indentation separates cells; an indent alone does not make a table.
    return "\t" in line.lstrip("\t") or (line.startswith("\t") and line.count("\t") >= 2)


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    start: int
    page: int


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    page = 1
    for raw in text.split("\n"):
        # A form feed is an explicit page break.
        if "\f" in raw:
            page += raw.count("\f")
        lines.append(_Line(raw, pos, page))
        pos += len(raw) + 1
    return lines


def _make_cells(line: _Line, page: int) -> tuple[Cell, ...]:
    cells = []
    offset = line.start
    for raw in line.text.split("\t"):
        cells.append(Cell(clean_text(raw), page, Span(offset, offset + len(raw)), is_bold(raw)))
        offset += len(raw) + 1
    return tuple(cells)


def _header_key(cells: tuple[Cell, ...]) -> tuple[str, ...]:
    return tuple(c.text.lower() for c in cells if c.text)


def document_from_text(
    text: str,
    *,
    source_path: str,
    doc_id: str,
    source_format: str = "txt",
    encoding: str | None = None,
) -> Document:
    """Build the layout model from decoded text (offsets in spans refer to `text`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = _split_lines(text)
    blocks: list[Block] = []
    page_shift = 0  # pages added by breaks found inside tables
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.text.strip():
            i += 1
            continue
        if not _is_table_line(line.text):
            page = line.page + page_shift
            blocks.append(
                Paragraph(
                    clean_text(line.text),
                    page,
                    Span(line.start, line.start + len(line.text)),
                    is_bold(line.text),
                )
            )
            i += 1
            continue
        # Collect a table: tab lines, blank lines allowed between them.
        j = i
        group: list[tuple[_Line, bool]] = []  # (line, blank lines before it)
        blank_before = False
        while j < len(lines):
            cur = lines[j]
            if not cur.text.strip():
                blank_before = True
                j += 1
                continue
            if not _is_table_line(cur.text):
                break
            group.append((cur, blank_before and bool(group)))
            blank_before = False
            j += 1
        if len(group) < 2:
            # A lone tab line is a paragraph written with tabs.
            page = line.page + page_shift
            blocks.append(
                Paragraph(
                    clean_text(line.text.replace("\t", " ")),
                    page,
                    Span(line.start, line.start + len(line.text)),
                    is_bold(line.text),
                )
            )
            i += 1
            continue
        rows: list[Row] = []
        header: tuple[str, ...] | None = None
        for cur, after_blank in group:
            page_guess = cur.page + page_shift
            cells = _make_cells(cur, page_guess)
            key = _header_key(cells)
            repeated_header = header is not None and key == header
            if after_blank or repeated_header:
                page_shift += 1
                page_guess += 1
                cells = _make_cells(cur, page_guess)
                broke = True
            else:
                broke = False
            if header is None:
                header = key
            rows.append(Row(cells, page_guess, Span(cur.start, cur.start + len(cur.text)), broke))
        blocks.append(Table(tuple(rows)))
        i = j
    pages = max([1] + [b.page for b in blocks if isinstance(b, Paragraph)])
    pages = max(pages, *(b.page_end for b in blocks if isinstance(b, Table)), 1)
    return Document(
        doc_id=doc_id,
        source_path=source_path,
        source_format=source_format,
        text=text,
        blocks=tuple(blocks),
        pages=pages,
        encoding=encoding,
    )


def read_txt_bytes(data: bytes, *, source_path: str, doc_id: str | None = None) -> Document:
    if len(data) > MAX_TXT_BYTES:
        raise ReadError(
            "file_too_large",
            f"file too large: {len(data) / 2**20:.1f} MiB of text "
            f"(limit {MAX_TXT_BYTES // 2**20} MiB for a TXT)",
        )
    text, encoding = decode_bytes(data)
    return document_from_text(
        text,
        source_path=source_path,
        doc_id=doc_id or hashlib.sha256(data).hexdigest(),
        encoding=encoding,
    )


def read_txt(path: str | Path) -> Document:
    data = Path(path).read_bytes()
    return read_txt_bytes(data, source_path=str(path))
