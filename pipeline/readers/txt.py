"""TXT reader: plain text in utf-8 (with or without BOM), cp1251, koi8-r or cp866.

Tables are tab-separated lines. Text renderings of PDFs carry page breaks as blank lines
inside a table and as a repeated header row; both start a new page. Markup remnants
(`<b>`, `<p>`, `**`) are stripped from values but remembered as a bold hint.

The document is built through `DocumentBuilder` like every other format: `Document.text` is
the cleaned rendering (not the file's raw text), so spans point at exactly the block texts.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from prikaz.errors import ReadError
from prikaz.model import Document, Row
from prikaz.pipeline.readers.builder import CellDraft, DocumentBuilder
from prikaz.pipeline.readers.txt_tables import TextTable, aligned_table, drawn_table

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
    encoding = _best_encoding(data)
    if encoding is None:
        raise ReadError("undecodable_text", "not a text file: no Cyrillic encoding fits its bytes")
    text = data.decode(encoding, errors="replace")
    if _garbage_share(text) > 0.05:
        raise ReadError("undecodable_text", "not a text file: content looks binary")
    return text, encoding


def _best_encoding(data: bytes) -> str | None:
    """The single-byte Cyrillic encoding under which the bytes read most like Russian.

    charset_normalizer's pick is one candidate; every encoding of `CANDIDATE_ENCODINGS` is
    scored too, because the detector refuses or misreads files whose tables are drawn in
    box-drawing characters (KOI8-R and CP866 hold them in the same byte range as letters).
    """
    sample = data[:262144]
    found = from_bytes(sample, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    first = found.encoding if found is not None and found.encoding else None
    best, best_score = None, float("-inf")
    for encoding in ([first] if first else []) + [e for e in _SINGLE_BYTE if e != first]:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = russian_score(text)
        if score > best_score:
            best, best_score = encoding, score
    return best


# Letter frequencies of Russian text (per 10,000 letters): a right decoding is made of
# frequent letters, a wrong one of a scramble of them.
_FREQ = dict(
    zip(
        "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
        (
            *(1097, 845, 801, 735, 670, 626, 547, 473, 454, 440, 349, 321, 298, 281, 262, 201),
            *(190, 174, 170, 165, 159, 144, 121, 97, 94, 73, 64, 48, 36, 32, 26, 4, 4),
        ),
        strict=True,
    )
)
_LETTER_WEIGHT = {ch: math.log10(n) for ch, n in _FREQ.items()}
_USUAL = frozenset("«»–—№…“”„’•·°±§\u00a0") | frozenset(chr(c) for c in range(0x2500, 0x2580))
_SINGLE_BYTE = tuple(e for e in CANDIDATE_ENCODINGS if e != "utf_16")


def russian_score(text: str) -> float:
    """How much `text` reads like Russian: letter weights, minus odd symbols, case flips inside
    words and a letter three times in a row (what a wrong single-byte decoding produces: a
    KOI8-R rule «────» read as CP866 is «дддд»)."""
    score = 0.0
    prev_lower = False
    last2 = ""
    for ch in text[:65536]:
        low = ch.lower()
        weight = _LETTER_WEIGHT.get(low)
        last2 = (last2 + ch)[-3:]
        if weight is not None:
            score += -3 if last2 == ch * 3 else weight
            if ch != low and prev_lower:
                score -= 3  # «пРИКАЗ»: a capital inside a word
            prev_lower = ch == low
            continue
        prev_lower = False
        if ord(ch) >= 128 and ch not in _USUAL and not ch.isalpha():
            score -= 3
        elif ord(ch) >= 128 and ch.isalpha() and not ("\u0400" <= ch <= "\u04ff"):
            score -= 3  # a Latin-1 or Greek letter among Cyrillic
    return score


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
    text: str  # the source line, form feeds removed
    page: int  # page from the form feeds seen so far
    feeds: int  # form feeds on this line (rendered before it)


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    page = 1
    for raw in text.split("\n"):
        # A form feed is an explicit page break.
        feeds = raw.count("\f")
        page += feeds
        lines.append(_Line(raw.replace("\f", " ") if feeds else raw, page, feeds))
    return lines


@dataclass(slots=True)
class _TableRow:
    cells: list[str]  # raw cell texts (markup still in)
    line: _Line
    blanks_before: int  # blank lines between this row and the previous one (a page break)


@dataclass(slots=True)
class _Render:
    """Renders the parsed lines through the builder, keeping pages as the source shows them."""

    builder: DocumentBuilder = field(default_factory=DocumentBuilder)
    page_shift: int = 0  # pages added by breaks found inside tables

    def line_start(self, line: _Line) -> None:
        for _ in range(line.feeds):
            self.builder.page_break()

    def blank(self, line: _Line) -> None:
        self.line_start(line)
        self.builder.blank_line()

    def paragraph(self, line: _Line, raw: str) -> None:
        self.line_start(line)
        text = clean_text(raw)
        if text:
            self.builder.add_paragraph(text, line.page + self.page_shift, is_bold(raw))
        else:  # markup only: a blank line, as the reader of the page sees it
            self.builder.blank_line()

    def table(self, rows: list[_TableRow]) -> None:
        out: list[Row] = []
        header: tuple[str, ...] | None = None
        for row in rows:
            page = row.line.page + self.page_shift
            texts = [clean_text(raw) for raw in row.cells]
            key = tuple(t.lower() for t in texts if t)
            broke = row.blanks_before > 0 or (header is not None and key == header)
            if broke:
                self.page_shift += 1
                page += 1
            for _ in range(row.blanks_before):
                self.builder.blank_line()
            if header is None:
                header = key
            self.line_start(row.line)
            drafts = [
                CellDraft(t, page, is_bold(raw)) for t, raw in zip(texts, row.cells, strict=True)
            ]
            out.append(self.builder.make_row(drafts, page, broke))
        self.builder.add_table(out)

    def grid_table(self, table: TextTable, lines: list[_Line]) -> None:
        """A drawn or aligned table: one rendered line per row, frames and rules left out."""
        out: list[Row] = []
        for cells, k in zip(table.rows, table.row_lines, strict=True):
            page = lines[k].page + self.page_shift
            drafts = [
                CellDraft(
                    clean_text(c.text),
                    page,
                    is_bold(c.raw),
                    row_span=c.row_span,
                    col_span=c.col_span,
                    merged_from=c.merged_from,
                )
                for c in cells
            ]
            broke = bool(out) and page > out[-1].page
            out.append(self.builder.make_row(drafts, page, broke))
        self.builder.add_table(out)


def _table_group(lines: list[_Line], i: int) -> tuple[list[_TableRow], int]:
    """Tab lines from `i` on, blank lines allowed between them; returns rows and next index."""
    rows: list[_TableRow] = []
    j = i
    blanks = 0
    while j < len(lines):
        cur = lines[j]
        if not cur.text.strip():
            blanks += 1
            j += 1
            continue
        if not _is_table_line(cur.text):
            break
        rows.append(_TableRow(cur.text.split("\t"), cur, blanks))
        blanks = 0
        j += 1
    # Blank lines after the last row belong to the text that follows.
    while j > i and not lines[j - 1].text.strip():
        j -= 1
    return rows, j


def document_from_text(
    text: str,
    *,
    source_path: str,
    doc_id: str,
    source_format: str = "txt",
    encoding: str | None = None,
) -> Document:
    """Build the layout model from decoded text.

    `Document.text` is rendered by the builder: markup removed and whitespace collapsed, one
    line per paragraph or table row (cells joined by tabs), blank lines and form feeds kept
    where the source has them, so that every span gives exactly its block's or cell's text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = _split_lines(text)
    if lines and not lines[-1].text and not lines[-1].feeds:
        lines.pop()  # the text's final newline ends the last line
    texts = [ln.text for ln in lines]
    render = _Render()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.text.strip():
            render.blank(line)
            i += 1
            continue
        drawn = drawn_table(texts, i)
        if drawn is not None:
            render.line_start(line)
            render.grid_table(drawn, lines)
            i = drawn.end
            continue
        if _is_table_line(line.text):
            rows, j = _table_group(lines, i)
            if len(rows) >= 2:
                # Blank lines between rows are page breaks, rendered by the table itself.
                render.table(rows)
                i = j
                continue
            # A lone tab line is a paragraph written with tabs.
            render.paragraph(line, line.text.replace("\t", " "))
            i += 1
            continue
        aligned = aligned_table(texts, i)
        if aligned is not None:
            render.line_start(line)
            render.grid_table(aligned, lines)
            i = aligned.end
            continue
        render.paragraph(line, line.text)
        i += 1
    return render.builder.build(
        doc_id=doc_id, source_path=source_path, source_format=source_format, encoding=encoding
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
