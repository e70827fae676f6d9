"""Header fields of the layouts in tests/fixtures/make_header_fixtures.py, DOCX and PDF.

The files are made by that script (python-docx, then LibreOffice); the expected fields are
written by hand beside each layout. Text is compared exactly, whitespace collapsed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prikaz.extractors.header import extract_header
from prikaz.pipeline.readers import read_document
from tests.fixtures.make_header_fixtures import FIXTURES, OUT

CASES = [(f, fmt) for f in FIXTURES for fmt in f.formats]


def _norm(value: object) -> object:
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else value


@pytest.mark.parametrize(("fixture", "fmt"), CASES, ids=[f"{f.name}-{m}" for f, m in CASES])
def test_header_fixture(fixture, fmt):
    path = Path(OUT) / f"{fixture.name}.{fmt}"
    header = extract_header(read_document(path))
    expected = {**fixture.expected, **fixture.per_format.get(fmt, {})}
    got = {k: _norm(getattr(header, k)) for k in expected}
    assert got == {k: _norm(v) for k, v in expected.items()}
    for needle in fixture.warnings:
        assert any(needle in w for w in header.warnings), header.warnings
