"""The values the scanner and the grammar pass around: times, frequencies, tokens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

Period = tuple[int, int]  # the programme's span of years, inclusive


@dataclass(slots=True)
class Time:
    """A time span; `start`/`end` are None while the year is unknown (then `spec` is set)."""

    start: dt.date | None
    end: dt.date | None
    gran: str  # day | month | quarter | half | year | years | academic | season | span
    spec: tuple[int, int | None, int, int | None] | None = None  # (m1, d1, m2, d2), year-less


@dataclass(slots=True)
class Freq:
    unit: str  # Y | M | W | D
    n: int = 1  # the period is n units
    times: int = 1  # occurrences per period
    at_least: bool = False
    # a reporting cycle («до 5 числа месяца, следующего за отчетным кварталом», «по итогам
    # года»): the months and the day of each occurrence (-1: the month's last day); unit ""
    # when the phrase leaves the period to the frequency before it («… за отчетным»)
    months: tuple[int, ...] | None = None
    monthday: int | None = None
    report: bool = False


@dataclass(slots=True)
class Tok:
    # T (time) | F (frequency) | P (phrase) | M (marker) | R (relative to the document)
    # | SEP | DASH | DOM | WD | BAD
    kind: str
    sub: str = ""  # marker or phrase type; for BAD, why (when known); for R, how and what
    time: Time | None = None
    freq: Freq | None = None
    num: int = 0  # day of month (DOM) or weekday (WD)
    s: int = 0
    e: int = 0
