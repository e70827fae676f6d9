"""Doubts about a header's values: a value that may be wrong is dropped with a warning.

- a date after the day the document is read cannot be the date an act was signed;
- a number with a typical OCR confusion («112-0» for «112-о», Latin look-alikes inside a
  Cyrillic suffix) is not reported as the number;
- an order or decree with no title line gets a warning (its title stays null).
"""

from __future__ import annotations

import datetime as dt

from prikaz.model import Document
from prikaz.records import Header
from prikaz.rules import Rule

# Examples: a number → True when it looks like an OCR confusion.
OCR_NUMBER = Rule.of(
    "ocr_number",
    r"\d\s?-\s?0(?:[дД])?$|[А-ЯЁа-яё][A-Za-z]|[A-Za-z][А-ЯЁа-яё]",
    {
        "112-0": True,
        "57-0д": True,
        "57-oд": True,
        "112-о": False,
        "57-од": False,
        "10-0-1": False,
        "388-р": False,
        "2435-5 ГД": False,
    },
    flags=0,
)
TITLED_TYPES = frozenset({"приказ", "распоряжение", "постановление"})


def doubtful_number(number: str) -> bool:
    return OCR_NUMBER.search(number) is not None


def _drop(header: Header, field: str, reason: str) -> None:
    header.warnings.append(f"header note: {field} «{getattr(header, field)}» left out: {reason}")
    setattr(header, field, None)
    header.spans[:] = [s for s in header.spans if s.field != field]


def check_header(doc: Document, header: Header, today: dt.date | None = None) -> None:
    """Drop doubtful values with a warning; warn about a missing title."""
    today = today or dt.date.today()
    if header.date is not None and header.date > today:
        _drop(header, "date", f"after the day the file was read ({today.isoformat()})")
    if header.number is not None and doubtful_number(header.number):
        _drop(header, "number", "looks like an OCR confusion (0 for о, Latin for Cyrillic)")
    if header.doc_type in TITLED_TYPES and header.title is None:
        header.warnings.append("header note: no title line found; title left null")


RULES = (OCR_NUMBER,)
