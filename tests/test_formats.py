"""Extraction must not depend on the format (issue 6, «Prove it»; issue 18, item 1).

For every seed order, its DOCX and PDF renderings (tests/fixtures/formats/, made by
tests/fixtures/make_fixtures.py) give exactly the header fields and roadmap rows of the TXT
seed (text compared with whitespace collapsed to single spaces, nothing more): in ordinary,
narrow-column (words broken at the cell edge) and hyphenated layouts, and as a PDF whose tables
have no rulings (`.unruled.pdf`). The scanned PDF gives the same doc_type, number, date and
issuer. The .doc/.rtf/.odt renderings of one seed give the DOCX's rows.
Scans need tesseract-ocr(-rus) and the office formats LibreOffice: without them these tests
fail rather than skip (the Makefile's setup installs them).
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path

import pytest

from prikaz.extractors.header import extract_header
from prikaz.extractors.roadmap import extract_roadmap
from prikaz.model import Document
from prikaz.pipeline.readers import read_document
from tests.conftest import SEEDS as SEED_PATHS

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ROOT / "tests" / "fixtures" / "formats"
SEEDS = [p.stem for p in SEED_PATHS]
SEED_TXT = {p.stem: p for p in SEED_PATHS}  # the TXT seeds, wherever conftest keeps them
# Every born-digital rendering: (suffix before the format, format).
RENDERINGS = [(layout, fmt) for layout in ("", ".narrow", ".hyph") for fmt in ("docx", "pdf")] + [
    (".unruled", "pdf")
]
# What the printed page itself cannot tell, with the value read instead (checked exactly, so a
# change either way shows): the seed writes «онлайн- формат» (a space after the hyphen); in
# the narrow layout the line breaks right after «онлайн-», and LibreOffice stores no line-end
# space, so the page shows «онлайн-|формат», which reads as one compound.
UNREADABLE = {
    ("002", ".narrow.pdf", 3, "deadline_raw"): "До 30 января 2022 г./онлайн-формат",
}
OFFICE_SEED = "001_b37f14d22378821c"

# Every Header field that comes from the text (spans and warnings carry offsets and wording).
HEADER_FIELDS = (
    "doc_type",
    "number",
    "date",
    "issuer",
    "issuer_short",
    "issuer_level",
    "region",
    "region_code",
    "municipality",
    "place",
    "title",
    "signatory",
    "signatory_position",
    "approved_by",
    "period_start",
    "period_end",
)
ROW_FIELDS = ("section", "item_number", "activity", "deadline_raw", "responsible_raw", "result_raw")


def _ws(value: object) -> object:
    """Whitespace collapsed to single spaces (line breaks inside cells are layout)."""
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else value


@cache
def _read(path: Path) -> Document:
    return read_document(path)


def header_fields(doc: Document) -> dict[str, object]:
    header = extract_header(doc)
    return {f: _ws(getattr(header, f)) for f in HEADER_FIELDS}


def roadmap_rows(doc: Document) -> list[dict[str, object]]:
    return [{f: _ws(getattr(item, f)) for f in ROW_FIELDS} for item in extract_roadmap(doc)]


@pytest.mark.parametrize("layout,fmt", RENDERINGS, ids=lambda v: v.strip(".") or "ordinary")
@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s[:3])
def test_rendering_gives_the_txt_header_and_roadmap_exactly(seed: str, layout: str, fmt: str):
    txt = _read(SEED_TXT[seed])
    doc = _read(FORMATS / f"{seed}{layout}.{fmt}")
    assert doc.source_format == fmt
    assert header_fields(doc) == header_fields(txt)
    expected = roadmap_rows(txt)
    assert expected, "the seed has roadmap rows"
    for (prefix, rendering, row, field), value in UNREADABLE.items():
        if seed.startswith(prefix) and rendering == f"{layout}.{fmt}":
            assert expected[row][field] != value
            expected[row][field] = value
    got = roadmap_rows(doc)
    assert len(got) == len(expected)
    for want, row in zip(expected, got, strict=True):
        assert row == want


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s[:3])
def test_unruled_pdf_stitches_tables_over_pages(seed: str) -> None:
    """Tables printed without rulings (columns shown only by alignment) come out as the ruled
    ones do (their rows are checked with every rendering above)."""
    doc = _read(FORMATS / f"{seed}.unruled.pdf")
    assert doc.source_format == "pdf"
    # One table per table of the ruled rendering, stitched over its pages.
    ruled = _read(FORMATS / f"{seed}.pdf")
    assert len(doc.tables) == len(ruled.tables)
    for table in doc.tables:
        pages = [row.page for row in table.rows]
        assert pages == sorted(pages)
        breaks = [i for i, row in enumerate(table.rows) if row.page_break_before]
        assert breaks == [i for i in range(1, len(pages)) if pages[i] != pages[i - 1]]


def _merged_areas(doc: Document) -> tuple[int, int]:
    """Check every merged cell of a document; (areas across columns, areas down rows)."""
    across = down = 0
    for table in doc.tables:
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                if cell.merged_from is not None:
                    r0, c0 = cell.merged_from
                    origin = table.rows[r0].cells[c0]
                    assert (r0, c0) < (r, c) and not cell.text, (r, c, cell)
                    assert r0 + origin.row_span > r and c0 + origin.col_span > c, (r, c)
                    assert not any(p.page_break_before for p in table.rows[r0 + 1 : r + 1])
                elif cell.row_span > 1 or cell.col_span > 1:
                    across += cell.col_span > 1
                    down += cell.row_span > 1
                    for i in range(r, r + cell.row_span):
                        for j in range(c, c + cell.col_span):
                            if (i, j) != (r, c):
                                assert table.rows[i].cells[j].merged_from == (r, c), (i, j)
    return across, down


def test_ruled_pdf_marks_merged_cells() -> None:
    """Section titles span columns, a sub-row's leading cells are merged down from its item:
    the cell holding the text says how far it reaches, every covered position points to it."""
    across = down = unruled = 0
    for seed in SEEDS:
        for layout in ("", ".narrow", ".hyph"):
            a, d = _merged_areas(_read(FORMATS / f"{seed}{layout}.pdf"))
            across, down = across + a, down + d
        unruled += _merged_areas(_read(FORMATS / f"{seed}.unruled.pdf"))[0]
    assert across and down
    assert unruled  # section titles across the columns of tables without rulings too


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s[:3])
def test_scan_gives_the_txt_header(seed: str) -> None:
    txt = _read(SEED_TXT[seed])
    scan = _read(FORMATS / f"{seed}.scan.pdf")
    assert scan.source_format == "pdf-ocr"
    assert scan.words  # OCR word boxes are kept
    want, got = extract_header(txt), extract_header(scan)
    for field in ("doc_type", "number", "date", "issuer"):
        assert getattr(got, field) == getattr(want, field), field


@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
def test_office_formats_give_the_docx_rows(fmt: str) -> None:
    docx = _read(FORMATS / f"{OFFICE_SEED}.docx")
    doc = _read(FORMATS / f"{OFFICE_SEED}.{fmt}")
    assert doc.source_format == fmt
    assert roadmap_rows(doc) == roadmap_rows(docx)
    assert header_fields(doc) == header_fields(docx)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s[:3])
def test_scan_recovers_the_roadmap_rows(seed: str) -> None:
    """Every TXT row comes back from the scan, in order, its activity at least 90 % alike."""
    want = extract_roadmap(_read(SEED_TXT[seed]))
    got = extract_roadmap(_read(FORMATS / f"{seed}.scan.pdf"))
    assert [i.item_key for i in got] == [i.item_key for i in want]
    for w, g in zip(want, got, strict=True):
        ratio = difflib.SequenceMatcher(None, _ws(w.activity), _ws(g.activity)).ratio()
        assert ratio >= 0.9, (w.item_key, w.activity, g.activity)
