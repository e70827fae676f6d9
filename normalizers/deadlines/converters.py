"""What each rule makes of its match: a token (a time, a frequency, a marker …)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from .lexicon import WEEKDAYS, count, month, ordinal, span, year
from .tokens import Freq, Time, Tok

Convert = Callable[[re.Match[str]], Tok]


def academic(m: re.Match[str]) -> Tok:
    y1 = int(m["y1"])
    y2 = y1 // 100 * 100 + int(m["y2"]) if len(m["y2"]) == 2 else int(m["y2"])
    if y2 <= y1:
        return Tok("BAD")
    return Tok("T", time=Time(dt.date(y1, 9, 1), dt.date(y2, 8, 31), "academic"))


def academic_any(m: re.Match[str]) -> Tok:
    if m["y1"]:
        return academic(m)
    y1 = int(m["ya"])
    yb = m["yb"]
    y2 = y1 // 100 * 100 + int(yb) if len(yb) == 2 else int(yb)
    if y2 != y1 + 1:
        return Tok("BAD")
    return Tok("T", time=Time(dt.date(y1, 9, 1), dt.date(y2, 8, 31), "academic"))


def day_range(m: re.Match[str]) -> Tok:
    y = int(m["y"]) if m["y"] else None
    mon = month(m["m"])
    return span(y, mon, int(m["d1"]), mon, int(m["d2"]), "span")


def numeric_date(m: re.Match[str]) -> Tok:
    d = int(m["d"] or m["qd"] or m["pd"])
    mon = int(m["m"] or m["qm"] or m["pm"])
    return span(year(m["y"]), mon, d, mon, d, "day")


def iso_date(m: re.Match[str]) -> Tok:
    return span(int(m["y"]), int(m["m"]), int(m["d"]), int(m["m"]), int(m["d"]), "day")


def day_month(m: re.Match[str]) -> Tok:
    y = int(m["y"]) if m["y"] else None
    mon = month(m["m"])
    return span(y, mon, int(m["d"]), mon, int(m["d"]), "day")


def numeric_date_yearless(m: re.Match[str]) -> Tok:
    return span(None, int(m["m"]), int(m["d"]), int(m["m"]), int(m["d"]), "day")


def quarters(m: re.Match[str]) -> Tok:
    y = int(m["y"]) if m["y"] else None
    q1 = ordinal(m["q1"])
    q2 = ordinal(m["q2"]) if m["q2"] else q1
    return span(y, 3 * q1 - 2, None, 3 * q2, None, "quarter")


def half(m: re.Match[str]) -> Tok:
    y = int(m["y"]) if m["y"] else None
    h = ordinal(m["h"])
    if h not in (1, 2):
        return Tok("BAD")
    return span(y, 6 * h - 5, None, 6 * h, None, "half")


def month_(m: re.Match[str]) -> Tok:
    y = int(m["y"]) if m["y"] else None
    mon = month(m["m"])
    return span(y, mon, None, mon, None, "month")


def year_(m: re.Match[str]) -> Tok:
    y = int(m["y"])
    return Tok("T", time=Time(dt.date(y, 1, 1), dt.date(y, 12, 31), "year"))


def unit_of(word: str, n: int) -> tuple[str, int]:
    if word.startswith(("полгод", "полугод")):
        return "M", 6 * n
    if word.startswith("квартал"):
        return "M", 3 * n
    if word.startswith("месяц"):
        return "M", n
    if word.startswith("недел"):
        return "W", n
    if word.startswith(("дн", "ден", "сут")):
        return "D", n
    return "Y", n


def count_frequency(m: re.Match[str]) -> Tok:
    mult = m["mult"]
    times = (2 if mult.startswith("два") else 3) if mult else count(m["cw"], m["cd"])
    n = count(m["nw"], m["nd"])
    unit, n = unit_of(m["u"], n)
    al = m["al"] or ""
    at_least = bool(al) and "чаще" not in al and "более" not in al
    if times < 1 or n < 1:
        return Tok("BAD")
    return Tok("F", freq=Freq(unit, n, times, at_least))


EVERY_STEMS = (
    ("ежегод", "Y", 1), ("ежекварт", "M", 3), ("покварт", "M", 3), ("ежемес", "M", 1),
    ("помесяч", "M", 1), ("еженед", "W", 1), ("ежеднев", "D", 1), ("ежеполугод", "M", 6),
)  # fmt: skip


def every(m: re.Match[str]) -> Tok:
    word = m["w"]
    for stem, unit, n in EVERY_STEMS:
        if word.startswith(stem):
            return Tok("F", freq=Freq(unit, n))
    return Tok("BAD")


def every_unit(m: re.Match[str]) -> Tok:
    unit, n = unit_of(m["u"] or m["u2"], count(m["nw"], m["nd"]))
    return Tok("F", freq=Freq(unit, n))


def day_of_month(m: re.Match[str]) -> Tok:
    d = int(m["d"])
    return Tok("DOM", num=d) if 1 <= d <= 31 else Tok("BAD")


def weekday(m: re.Match[str]) -> Tok:
    return Tok("WD", num=WEEKDAYS[m["wd"][:3]])


def end_of_year(m: re.Match[str]) -> Tok:
    return Tok("P", "eoay" if m["ac"] else "eoy")


def const(kind: str, sub: str = "") -> Convert:
    def convert(_m: re.Match[str]) -> Tok:
        return Tok(kind, sub)

    return convert
