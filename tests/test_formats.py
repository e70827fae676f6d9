"""Extraction must not depend on the format (issue 6, «Prove it»).

For every seed order, its DOCX and PDF renderings (tests/fixtures/formats/, made by
tests/fixtures/make_fixtures.py) give the same header fields and the same roadmap rows as the
TXT seed, apart from page numbers and whitespace; so does a PDF whose tables have no rulings
(`.unruled.pdf`). The scanned PDF gives the same doc_type, number, date and issuer. The
.doc/.rtf/.odt renderings of one seed give the DOCX's rows.
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

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ROOT / "tests" / "fixtures" / "formats"
SEEDS = sorted(p.stem for p in (ROOT / "data" / "raw").glob("*.txt"))
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
    return re.sub(r"\s+", "", value) if isinstance(value, str) else value


@cache
def _read(path: Path) -> Document:
    return read_document(path)


def header_fields(doc: Document) -> dict[str, object]:
    header = extract_header(doc)
    return {f: _ws(getattr(header, f)) for f in HEADER_FIELDS}


def roadmap_rows(doc: Document) -> list[dict[str, object]]:
    return [{f: _ws(getattr(item, f)) for f in ROW_FIELDS} for item in extract_roadmap(doc)]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s[:3])
def test_format_gives_the_txt_header_and_roadmap(seed: str, fmt: str) -> None:
    txt = _read(ROOT / "data" / "raw" / f"{seed}.txt")
    doc = _read(FORMATS / f"{seed}.{fmt}")
    assert doc.source_format == fmt
    assert header_fields(doc) == header_fields(txt)
    expected = roadmap_rows(txt)
    assert expected, "the seed has roadmap rows"
    assert roadmap_rows(doc) == expected


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s[:3])
def test_unruled_pdf_gives_the_txt_header_and_roadmap(seed: str) -> None:
    """Tables printed without rulings (columns shown only by alignment) give the same rows."""
    txt = _read(ROOT / "data" / "raw" / f"{seed}.txt")
    doc = _read(FORMATS / f"{seed}.unruled.pdf")
    assert doc.source_format == "pdf"
    assert header_fields(doc) == header_fields(txt)
    assert roadmap_rows(doc) == roadmap_rows(txt)
    # One table per table of the ruled rendering, stitched over its pages.
    ruled = _read(FORMATS / f"{seed}.pdf")
    assert len(doc.tables) == len(ruled.tables)
    for table in doc.tables:
        pages = [row.page for row in table.rows]
        assert pages == sorted(pages)
        breaks = [i for i, row in enumerate(table.rows) if row.page_break_before]
        assert breaks == [i for i in range(1, len(pages)) if pages[i] != pages[i - 1]]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s[:3])
def test_scan_gives_the_txt_header(seed: str) -> None:
    txt = _read(ROOT / "data" / "raw" / f"{seed}.txt")
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
    want = extract_roadmap(_read(ROOT / "data" / "raw" / f"{seed}.txt"))
    got = extract_roadmap(_read(FORMATS / f"{seed}.scan.pdf"))
    assert [i.item_key for i in got] == [i.item_key for i in want]
    for w, g in zip(want, got, strict=True):
        ratio = difflib.SequenceMatcher(None, _ws(w.activity), _ws(g.activity)).ratio()
        assert ratio >= 0.9, (w.item_key, w.activity, g.activity)
