"""dateparser as a last resort, for Latin-script dates the rules do not read («10 January 2022»).

Only for a short phrase in which the rules read nothing but bare years, with settings that
require day, month and year; its answer is kept only when that year and day are written in the
phrase, so it never invents a missing part nor counts from today («через 10 дней»).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache

from prikaz.records import DeadlineComponent

_FALLBACK_MAX = 40
_LETTERS = re.compile(r"[^\W\d_]{3}")
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
_LATIN_MONTH = re.compile(r"(?i)(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_NUMBER = re.compile(r"\d+")


def strip_span(text: str) -> tuple[int, int]:
    s = len(text) - len(text.lstrip())
    e = len(text.rstrip())
    return s, max(s, e)


def needs_fallback(text: str, comps: list[DeadlineComponent]) -> bool:
    """The rules read nothing but bare years, and a day number and a word were left over."""
    for c in comps:
        if c.kind != "window" or c.start is None or c.end is None:
            return False  # the rules read something (an invalid date stays unparsed)
        if (c.start.month, c.start.day, c.end.month, c.end.day) != (1, 1, 12, 31):
            return False
    rest = list(text)
    for c in comps:
        rest[c.text_start : c.text_end] = " " * (c.text_end - c.text_start)
    left = "".join(rest)
    return _LETTERS.search(left) is not None and _DAY.search(left) is not None


def fallback(text: str) -> DeadlineComponent | None:
    """dateparser for one date fragment the rules missed; day, month and year all required."""
    s, e = strip_span(text)
    frag = text[s:e]
    if len(frag) > _FALLBACK_MAX or sum(ch.isdigit() for ch in frag) < 3:
        return None
    if not _LATIN_MONTH.search(frag):
        return None  # numeric and Russian forms are the rules' job
    parsed = _dateparser()(frag)
    if parsed is None:
        return None
    d = parsed.date()
    numbers = {int(n) for n in _NUMBER.findall(frag)}
    if d.year not in numbers or d.day not in numbers:
        return None  # a relative phrase («через 10 дней»): dateparser counted from today
    return DeadlineComponent("date", start=d, end=d, text=frag, text_start=s, text_end=e)


@cache
def _dateparser() -> Callable[[str], dt.datetime | None]:
    """One DateDataParser, built once: day, month and year required, day before month.

    English only: every Russian form it reads, the rules read too (measured on the test table);
    what it adds is Latin-script dates («10 January 2022»).
    """
    # lazy: importing dateparser costs about a second and almost no phrase needs it
    from dateparser.date import DateDataParser  # noqa: PLC0415  (see above)

    parser = DateDataParser(
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "STRICT_PARSING": True,
        },
    )

    def parse(fragment: str) -> dt.datetime | None:
        try:
            return parser.get_date_data(fragment).date_obj
        except Exception:
            return None

    return parse
