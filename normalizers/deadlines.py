"""Deadline cells of roadmaps («Сроки») into dated components and RFC 5545 recurrence rules.

`parse_deadline(text, doc_date=..., period=...)` is a pure function that never raises. It works
in three layers:

1. Normalization keeps offsets: one character in, one character out (lower case, one dash kind,
   Latin look-alikes and OCR confusions such as «2О2l» repaired), so every span found in the
   normalized string is also the span in the input.
2. A table of rules (`RULES`): each rule is a regex plus a converter into a token (a time, a
   frequency, a phrase, a marker such as «до» or «далее»), and carries the phrases it must
   handle with their expected components (`describe` notation); the tests loop over them.
   All rules are joined into one precompiled scanner.
3. A small grammar over the tokens: ranges («апрель-май 2022», «с … по …»), markers applied to
   times («до», «не позднее», «в течение»), anchors and frequencies («20 декабря 2023 ежегодно»,
   «Май 2021 г., далее – ежегодно до …»), and context (a year-less date takes the document's
   year; «ежегодно» and «в течение всего периода» are bounded by the programme period, and stay
   open without it).

dateparser is only a last resort: for a short phrase in which the rules read nothing but bare
years and that names a month in Latin script («10 January 2022»), with settings that require day,
month and year, and its answer is kept only when that year and day are written in the phrase, so
it never invents a missing part nor counts from today («через 10 дней»). On the test table every
Russian form it could read, the rules read already.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from prikaz.records import DeadlineComponent

__all__ = ["RULES", "Rule", "component_to_dict", "describe", "parse_deadline"]

Period = tuple[int, int]

# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Time:
    """A time span; `start`/`end` are None while the year is unknown (then `spec` is set)."""

    start: dt.date | None
    end: dt.date | None
    gran: str  # day | month | quarter | half | year | years | academic | span
    spec: tuple[int, int | None, int, int | None] | None = None  # (m1, d1, m2, d2), year-less


@dataclass(slots=True)
class _Freq:
    unit: str  # Y | M | W | D
    n: int = 1  # the period is n units
    times: int = 1  # occurrences per period
    at_least: bool = False


@dataclass(slots=True)
class _Tok:
    kind: str  # T (time) | F (frequency) | P (phrase) | M (marker) | SEP | DASH | DOM | WD | BAD
    sub: str = ""  # marker or phrase type
    time: _Time | None = None
    freq: _Freq | None = None
    num: int = 0  # day of month (DOM) or weekday (WD)
    s: int = 0
    e: int = 0


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern, its converter and the phrases it must handle (no context given)."""

    name: str
    pattern: str
    convert: Callable[[re.Match[str]], _Tok]
    examples: dict[str, list[str]] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Vocabulary and helpers
# --------------------------------------------------------------------------------------------

_MONTHS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "мае": 5, "маю": 5,
    "июн": 6, "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
_MON = (
    r"(?:январ(?:ь|я|е|ю|ем)|янв|феврал(?:ь|я|е|ю|ем)|февр?|март(?:а|е|у|ом)?|мар"
    r"|апрел(?:ь|я|е|ю|ем)|апр|ма(?:й|я|е|ю|ем)|июн(?:ь|я|е|ю|ем)?|июл(?:ь|я|е|ю|ем)?"
    r"|август(?:а|е|у|ом)?|авг|сентябр(?:ь|я|е|ю|ем)|сент?|октябр(?:ь|я|е|ю|ем)|окт"
    r"|ноябр(?:ь|я|е|ю|ем)|нояб?|декабр(?:ь|я|е|ю|ем)|дек)\.?"
)
_YSUF = r"(?:\s*(?:г\.\s?г\.?|гг?\.?|год(?:а|у|ы|ах|ов|ом)?)(?![а-я]))?"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORD = r"(?:перв[а-я]*|втор[а-я]*|трет[а-я]*|четв[её]рт[а-я]*)"
_QNUM = rf"(?:iv|iii|ii|i|[1-4]|{_ORD})"
_COUNT_WORDS = {
    "од": 1, "дв": 2, "тр": 3, "че": 4, "пя": 5, "ше": 6,
}  # fmt: skip
_CW = (
    r"(?:одного|один|одна|двух|два|две|трех|трёх|три|четырех|четыре|пяти|пять|шести|шесть"
    r"|двенадцати|двенадцать)"
)
_UNIT = (
    r"(?:год[а-я]*|лет|полгода|полугоди[а-я]*|квартал[а-я]*|месяц[а-я]*|недел[а-я]*"
    r"|день|дня|дней|сутки)"
)
_WEEKDAYS = {"пон": 0, "вто": 1, "сре": 2, "чет": 3, "пят": 4, "суб": 5, "вос": 6}
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_TAIL = r"(?:\s+(?!(?:еже|кажд|до|по|не|или|и|в|с|к|далее)(?![а-я]))[а-я\"«»]+){0,4}"


def _month(word: str) -> int:
    return _MONTHS[word[:3]]


def _ord(word: str) -> int:
    if word in _ROMAN:
        return _ROMAN[word]
    if word.isdigit():
        return int(word)
    return {"пер": 1, "вто": 2, "тре": 3, "чет": 4}[word[:3]]


def _count(word: str | None, digits: str | None, default: int = 1) -> int:
    if digits:
        return int(digits)
    if word:
        if word.startswith("двенадц"):
            return 12
        return _COUNT_WORDS.get(word[:2], default)
    return default


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        return 2000 + y if y < 70 else 1900 + y
    return y


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _last(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _span(y: int | None, m1: int, d1: int | None, m2: int, d2: int | None, gran: str) -> _Tok:
    """A time token; year-less when `y` is None (validated against a leap year)."""
    probe = 2000 if y is None else y
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return _Tok("BAD")
    start = _mk(probe, m1, d1 or 1)
    end = _mk(probe, m2, d2) if d2 else _last(probe, m2)
    if start is None or end is None or start > end:
        return _Tok("BAD")
    if y is None:
        return _Tok("T", time=_Time(None, None, gran, (m1, d1, m2, d2)))
    return _Tok("T", time=_Time(start, end, gran))


def _materialize(t: _Time, y: int) -> _Time | None:
    assert t.spec is not None
    m1, d1, m2, d2 = t.spec
    start = _mk(y, m1, d1 or 1)
    end = _mk(y, m2, d2) if d2 else _last(y, m2)
    if start is None or end is None:
        return None
    return _Time(start, end, t.gran)


# --------------------------------------------------------------------------------------------
# Converters
# --------------------------------------------------------------------------------------------


def _c_academic(m: re.Match[str]) -> _Tok:
    y1 = int(m["y1"])
    y2 = y1 // 100 * 100 + int(m["y2"]) if len(m["y2"]) == 2 else int(m["y2"])
    if y2 <= y1:
        return _Tok("BAD")
    return _Tok("T", time=_Time(dt.date(y1, 9, 1), dt.date(y2, 8, 31), "academic"))


def _c_academic_any(m: re.Match[str]) -> _Tok:
    if m["y1"]:
        return _c_academic(m)
    y1 = int(m["ya"])
    yb = m["yb"]
    y2 = y1 // 100 * 100 + int(yb) if len(yb) == 2 else int(yb)
    if y2 != y1 + 1:
        return _Tok("BAD")
    return _Tok("T", time=_Time(dt.date(y1, 9, 1), dt.date(y2, 8, 31), "academic"))


def _c_dayrange(m: re.Match[str]) -> _Tok:
    y = int(m["y"]) if m["y"] else None
    mon = _month(m["m"])
    return _span(y, mon, int(m["d1"]), mon, int(m["d2"]), "span")


def _c_numdate(m: re.Match[str]) -> _Tok:
    d = int(m["d"] or m["qd"] or m["pd"])
    mon = int(m["m"] or m["qm"] or m["pm"])
    return _span(_year(m["y"]), mon, d, mon, d, "day")


def _c_isodate(m: re.Match[str]) -> _Tok:
    return _span(int(m["y"]), int(m["m"]), int(m["d"]), int(m["m"]), int(m["d"]), "day")


def _c_daymonth(m: re.Match[str]) -> _Tok:
    y = int(m["y"]) if m["y"] else None
    mon = _month(m["m"])
    return _span(y, mon, int(m["d"]), mon, int(m["d"]), "day")


def _c_numdate_noyear(m: re.Match[str]) -> _Tok:
    return _span(None, int(m["m"]), int(m["d"]), int(m["m"]), int(m["d"]), "day")


def _c_quarters(m: re.Match[str]) -> _Tok:
    y = int(m["y"]) if m["y"] else None
    q1 = _ord(m["q1"])
    q2 = _ord(m["q2"]) if m["q2"] else q1
    return _span(y, 3 * q1 - 2, None, 3 * q2, None, "quarter")


def _c_half(m: re.Match[str]) -> _Tok:
    y = int(m["y"]) if m["y"] else None
    h = _ord(m["h"])
    if h not in (1, 2):
        return _Tok("BAD")
    return _span(y, 6 * h - 5, None, 6 * h, None, "half")


def _c_month(m: re.Match[str]) -> _Tok:
    y = int(m["y"]) if m["y"] else None
    mon = _month(m["m"])
    return _span(y, mon, None, mon, None, "month")


def _c_year(m: re.Match[str]) -> _Tok:
    y = int(m["y"])
    return _Tok("T", time=_Time(dt.date(y, 1, 1), dt.date(y, 12, 31), "year"))


def _unit_of(word: str, n: int) -> tuple[str, int]:
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


def _c_count(m: re.Match[str]) -> _Tok:
    mult = m["mult"]
    times = (2 if mult.startswith("два") else 3) if mult else _count(m["cw"], m["cd"])
    n = _count(m["nw"], m["nd"])
    unit, n = _unit_of(m["u"], n)
    al = m["al"] or ""
    at_least = bool(al) and "чаще" not in al and "более" not in al
    if times < 1 or n < 1:
        return _Tok("BAD")
    return _Tok("F", freq=_Freq(unit, n, times, at_least))


_EVERY_STEMS = (
    ("ежегод", "Y", 1), ("ежекварт", "M", 3), ("покварт", "M", 3), ("ежемес", "M", 1),
    ("помесяч", "M", 1), ("еженед", "W", 1), ("ежеднев", "D", 1), ("ежеполугод", "M", 6),
)  # fmt: skip


def _c_every(m: re.Match[str]) -> _Tok:
    word = m["w"]
    for stem, unit, n in _EVERY_STEMS:
        if word.startswith(stem):
            return _Tok("F", freq=_Freq(unit, n))
    return _Tok("BAD")


def _c_every_unit(m: re.Match[str]) -> _Tok:
    unit, n = _unit_of(m["u"] or m["u2"], _count(m["nw"], m["nd"]))
    return _Tok("F", freq=_Freq(unit, n))


def _c_dom(m: re.Match[str]) -> _Tok:
    d = int(m["d"])
    return _Tok("DOM", num=d) if 1 <= d <= 31 else _Tok("BAD")


def _c_weekday(m: re.Match[str]) -> _Tok:
    return _Tok("WD", num=_WEEKDAYS[m["wd"][:3]])


def _const(kind: str, sub: str = "") -> Callable[[re.Match[str]], _Tok]:
    def convert(_m: re.Match[str]) -> _Tok:
        return _Tok(kind, sub)

    return convert


# --------------------------------------------------------------------------------------------
# The rule table: order matters (first alternative wins at a position)
# --------------------------------------------------------------------------------------------

_Y = r"(?P<y>(?:19|20)\d\d)" + _YSUF

RULES: tuple[Rule, ...] = (
    Rule(
        "academic_year",
        r"(?P<y1>(?:19|20)\d\d)\s*[/-]\s*(?P<y2>(?:19|20)?\d\d)\s*(?:уч(?:ебн[а-я]*)?\.?\s*(?:г(?:од[а-я]*)?\.?|гг\.?))"
        r"|(?P<ya>(?:19|20)\d\d)\s*/\s*(?P<yb>(?:19|20)?\d\d)(?!\d)(?:\s*(?:уч(?:ебн[а-я]*)?\.?\s*(?:г(?:од[а-я]*)?\.?|гг\.?)))?",
        _c_academic_any,
        {
            "2022/2023 учебный год": ["window 2022-09-01..2023-08-31"],
            "2022-2023 уч. год": ["window 2022-09-01..2023-08-31"],
            "2021/22 уч.г.": ["window 2021-09-01..2022-08-31"],
            "в течение 2022-2023 учебного года": ["continuous 2022-09-01..2023-08-31"],
            "2023/2024": ["window 2023-09-01..2024-08-31"],
        },
    ),
    Rule(
        "day_range",
        rf"(?:с\s+)?(?P<d1>\d{{1,2}})\s*(?:-|по|до)\s*(?P<d2>\d{{1,2}})\s*(?P<m>{_MON})"
        rf"(?:\s*{_Y})?",
        _c_dayrange,
        {
            "10-12 марта 2022 г.": ["window 2022-03-10..2022-03-12"],
            "с 1 по 15 сентября 2022 года": ["window 2022-09-01..2022-09-15"],
            "1 - 5 июня 2023": ["window 2023-06-01..2023-06-05"],
        },
    ),
    Rule(
        "iso_date",
        r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)",
        _c_isodate,
        {"2022-09-01": ["date 2022-09-01"]},
    ),
    Rule(
        "numeric_date",
        r"(?:[\"«]\s?(?P<qd>\d{1,2})\s?[\"»]\s*(?P<qm>\d{1,2})\s+"
        r"|(?P<d>\d{1,2})\s?[./-]\s?(?P<m>\d{1,2})\s?[./-]\s?"
        r"|(?P<pd>\d{1,2})\.(?P<pm>\d{1,2})\s+(?=\d{4}))"
        r"(?P<y>(?:19|20)\d\d|\d\d)(?!\d)" + _YSUF,
        _c_numdate,
        {
            "01.10.2020": ["date 2020-10-01"],
            "1.9.22": ["date 2022-09-01"],
            "16.04 2021г.": ["date 2021-04-16"],
            "«23» 11 2020 г.": ["date 2020-11-23"],
            "31/12/2021": ["date 2021-12-31"],
            "01.09.2021 г.": ["date 2021-09-01"],
            "15-03-2022": ["date 2022-03-15"],
            "31.02.2022": ["unparsed"],
        },
    ),
    Rule(
        "day_month",
        rf"[\"«]?(?P<d>\d{{1,2}})[\"»]?(?:-?(?:го|е|ое))?(?:\s*|-)(?P<m>{_MON})"
        rf"(?:(?:\s*,?\s*|-){_Y})?",
        _c_daymonth,
        {
            "10 января 2022 г.": ["date 2022-01-10"],
            "1 сент. 2022": ["date 2022-09-01"],
            "«15» мая 2023 года": ["date 2023-05-15"],
            "20 ДЕКАБРЯ 2023": ["date 2023-12-20"],
            "30 февраля 2022": ["unparsed"],
            "10-января-2022": ["date 2022-01-10"],
        },
    ),
    Rule(
        "numeric_date_yearless",
        r"(?P<d>\d{1,2})\.(?P<m>\d\d)(?!\.?\d)",
        _c_numdate_noyear,
        {"30.01": ["unparsed"]},  # no context: the year cannot be known
    ),
    Rule(
        "quarter",
        rf"(?P<q1>{_QNUM})(?:\s*-\s*(?P<q2>{_QNUM}))?\s*(?:-?[а-я]{{1,3}}\s*)?"
        rf"(?:кв\.?|квартал[а-я]*)(?:\s*{_Y})?",
        _c_quarters,
        {
            "IV квартал 2021": ["window 2021-10-01..2021-12-31"],
            "2 кв. 2023 г.": ["window 2023-04-01..2023-06-30"],
            "в III квартале 2022 года": ["window 2022-07-01..2022-09-30"],
            "первый квартал 2024": ["window 2024-01-01..2024-03-31"],
            "1-й квартал 2022 г.": ["window 2022-01-01..2022-03-31"],
            "I-II квартал 2023": ["window 2023-01-01..2023-06-30"],
        },
    ),
    Rule(
        "half_year",
        rf"(?P<h>ii|i|[12]|перв[а-я]*|втор[а-я]*)\s*(?:-?[а-я]{{1,3}}\s*)?(?:полугоди[а-я]*)"
        rf"(?:\s*{_Y})?",
        _c_half,
        {
            "II полугодие 2021 г.": ["window 2021-07-01..2021-12-31"],
            "Второе полугодие 2021 г.": ["window 2021-07-01..2021-12-31"],
            "1 полугодие 2022": ["window 2022-01-01..2022-06-30"],
            "в первом полугодии 2023 года": ["window 2023-01-01..2023-06-30"],
            "2-е полугодие 2022": ["window 2022-07-01..2022-12-31"],
        },
    ),
    Rule(
        "month",
        rf"(?P<m>{_MON})(?:\s*,?\s*{_Y})?",
        _c_month,
        {
            "март 2023": ["window 2023-03-01..2023-03-31"],
            "Январь 2022 года": ["window 2022-01-01..2022-01-31"],
            "в феврале 2024 г.": ["window 2024-02-01..2024-02-29"],
            "сент. 2022": ["window 2022-09-01..2022-09-30"],
            "апрель-май 2022 года": ["window 2022-04-01..2022-05-31"],
            "сентябрь-декабрь 2023": ["window 2023-09-01..2023-12-31"],
        },
    ),
    Rule(
        "year",
        _Y,
        _c_year,
        {
            "2022 год": ["window 2022-01-01..2022-12-31"],
            "2021-2024": ["window 2021-01-01..2024-12-31"],
            "2021–2024 гг.": ["window 2021-01-01..2024-12-31"],
            "в 2023 году": ["window 2023-01-01..2023-12-31"],
        },
    ),
    Rule(
        "count_frequency",
        rf"(?:(?P<al>не\s+реже|не\s+менее|не\s+чаще|не\s+более|минимум|как\s+минимум)\s+)?"
        rf"(?:(?P<mult>дважды|трижды)|(?:(?P<cw>{_CW})\s*)?(?:(?P<cd>\d{{1,2}})(?:-?х)?\s*)?"
        rf"раза?)\s+в\s+(?:(?P<nw>{_CW})\s+|(?P<nd>\d{{1,2}})(?:-?х)?\s+)?(?P<u>{_UNIT})",
        _c_count,
        {
            "не реже двух раз в год": ["recurring P1Y x2+ FREQ=MONTHLY;INTERVAL=6"],
            "1 раз в два года": ["recurring P2Y x1 FREQ=YEARLY;INTERVAL=2"],
            "2 раза в год": ["recurring P1Y x2 FREQ=MONTHLY;INTERVAL=6"],
            "раз в квартал": ["recurring P3M x1 FREQ=MONTHLY;INTERVAL=3"],
            "не менее 1 раза в месяц": ["recurring P1M x1+ FREQ=MONTHLY"],
            "дважды в год": ["recurring P1Y x2 FREQ=MONTHLY;INTERVAL=6"],
            "3 раза в год": ["recurring P1Y x3 FREQ=MONTHLY;INTERVAL=4"],
            "1 раз в полугодие": ["recurring P6M x1 FREQ=MONTHLY;INTERVAL=6"],
            "2 раза в месяц": ["recurring P1M x2 FREQ=WEEKLY;INTERVAL=2"],
            "не реже 1 раза в неделю": ["recurring P1W x1+ FREQ=WEEKLY"],
        },
    ),
    Rule(
        "every",
        r"(?P<w>ежегодн[а-я]*|ежеквартальн[а-я]*|поквартальн[а-я]*|ежемесячн[а-я]*"
        r"|помесячн[а-я]*|еженедельн[а-я]*|ежедневн[а-я]*|ежеполугодн[а-я]*)",
        _c_every,
        {
            "ежегодно": ["recurring P1Y x1 FREQ=YEARLY"],
            "Ежеквартально": ["recurring P3M x1 FREQ=MONTHLY;INTERVAL=3"],
            "ежемесячно": ["recurring P1M x1 FREQ=MONTHLY"],
            "еженедельно": ["recurring P1W x1 FREQ=WEEKLY"],
            "ежедневно": ["recurring P1D x1 FREQ=DAILY"],
            "ежеполугодно": ["recurring P6M x1 FREQ=MONTHLY;INTERVAL=6"],
        },
    ),
    Rule(
        "every_unit",
        rf"кажд(?:ый|ого|ое|ую|ые|ых|ом)\s+(?:(?P<nw>{_CW})\s+|(?P<nd>\d{{1,2}})\s+)?"
        rf"(?P<u>{_UNIT})|по\s+(?P<u2>полугодиям|кварталам|месяцам|годам)",
        _c_every_unit,
        {
            "каждый месяц": ["recurring P1M x1 FREQ=MONTHLY"],
            "каждые два года": ["recurring P2Y x1 FREQ=YEARLY;INTERVAL=2"],
            "по кварталам": ["recurring P3M x1 FREQ=MONTHLY;INTERVAL=3"],
            "каждое полугодие": ["recurring P6M x1 FREQ=MONTHLY;INTERVAL=6"],
        },
    ),
    Rule(
        "day_of_month",
        r"(?:до\s+|не\s+позднее\s+)?(?P<d>\d{1,2})(?:-?го)?\s+числа",
        _c_dom,
        {"ежемесячно до 5 числа": ["recurring P1M x1 FREQ=MONTHLY;BYMONTHDAY=5"]},
    ),
    Rule(
        "weekday",
        r"(?:по\s+|кажд(?:ый|ую|ое)\s+)(?P<wd>понедельник[а-я]*|вторник[а-я]*|сред[а-я]*"
        r"|четверг[а-я]*|пятниц[а-я]*|суббот[а-я]*)",
        _c_weekday,
        {"еженедельно по пятницам": ["recurring P1W x1 FREQ=WEEKLY;BYDAY=FR"]},
    ),
    Rule(
        "whole_period",
        r"(?:в\s+течени[еи]|на\s+протяжении|в)?\s*(?:всего|весь)\s+(?:период[а-я]*|срок[а-я]*)"
        r"(?:\s+(?:реализации|действия|внедрения)" + _TAIL + ")?"
        r"|в\s+течени[еи]\s+(?:период[а-я]*|срок[а-я]*)\s+(?:реализации|действия|внедрения)"
        + _TAIL
        + r"|в\s+период\s+(?:реализации|действия|внедрения)"
        + _TAIL,
        _const("P", "period"),
        {
            "В течение всего периода реализации ЦМН": ["continuous"],
            "в течение всего периода": ["continuous"],
            "весь период": ["continuous"],
            "в период реализации программы": ["continuous"],
        },
    ),
    Rule(
        "always",
        r"постоянно|систематически|регулярн[а-я]*(?:\s+обновлени[а-я]*)?|круглогодично"
        r"|на\s+постоянной\s+основе",
        _const("P", "period"),
        {"постоянно": ["continuous"], "на постоянной основе": ["continuous"]},
    ),
    Rule(
        "during_year",
        r"(?:в\s+течени[еи]|на\s+протяжении)\s+(?:всего\s+)?(?:текущего\s+|календарного\s+)?"
        r"года",
        _const("P", "year"),
        {"в течение года": ["continuous"]},
    ),
    Rule(
        "during_academic_year",
        r"(?:в\s+течени[еи]|на\s+протяжении)\s+(?:всего\s+)?(?:текущего\s+)?учебного\s+года",
        _const("P", "academic"),
        {"в течение учебного года": ["continuous"]},
    ),
    Rule(
        "end_of_year",
        r"(?:до|к|не\s+позднее)\s+(?:конца|концу|окончания)\s+(?:текущего\s+|календарного\s+)?"
        r"(?P<ac>учебного\s+)?года",
        lambda m: _Tok("P", "eoay" if m["ac"] else "eoy"),
        {"до конца года": ["unparsed"]},  # no context: which year is unknown
    ),
    Rule(
        "on_demand",
        r"по\s+мере\s+[а-я]+|по\s+(?:необходимости|запрос[а-я]*|требовани[а-я]*|факту)"
        r"|при\s+(?:необходимости|потребности)|в\s+случае\s+необходимости"
        r"|по\s+(?:поступлени[а-я]*|обращени[а-я]*|заявк[а-я]*)",
        _const("P", "on_demand"),
        {
            "по мере необходимости": ["on_demand"],
            "По запросу": ["on_demand"],
            "при необходимости": ["on_demand"],
        },
    ),
    Rule(
        "by_plan",
        r"(?:по|согласно)\s+(?:отдельному\s+|утвержденному\s+|утверждённому\s+|календарному\s+)?"
        r"(?:план[а-я]*|график[а-я]*|расписани[а-я]*|срок[а-я]*)"
        + _TAIL
        + r"|в\s+соответствии\s+(?:со?\s+)?[а-я]+"
        + _TAIL
        + r"|в\s+(?:установленные|утвержденные|утверждённые|определенные)\s+сроки"
        + _TAIL
        + r"|в\s+сроки,?\s+(?:установленные|утвержденные|определенные|предусмотренные)"
        + _TAIL
        + r"|по\s+согласованию"
        + _TAIL
        + r"|по\s+отдельному\s+[а-я]+",
        _const("P", "by_plan"),
        {
            "По отдельному плану": ["by_plan"],
            "В соответствии со сроками реализации программ наставничества": ["by_plan"],
            "по графику": ["by_plan"],
            "согласно плану работы": ["by_plan"],
        },
    ),
    Rule(
        "marker_by_end",
        r"в\s+срок\s+не\s+позд(?:нее|же)|не\s+позд(?:нее|же)|до\s+конца|к\s+концу"
        r"|до\s+окончания|не\s+позд(?:нее|же)\s+конца|по",
        _const("M", "by_end"),
        {
            "не позднее 1 сентября 2022 г.": ["deadline ..2022-09-01"],
            "до конца 2021 года": ["deadline ..2021-12-31"],
            "по 31.12.2022": ["deadline ..2022-12-31"],
            "не позднее марта 2023": ["deadline ..2023-03-31"],
        },
    ),
    Rule(
        "marker_by_start",
        r"в\s+срок\s+до|в\s+срок|до\s+начала|к\s+началу|до|к",
        _const("M", "by_start"),
        {
            "До 20.02.2023": ["deadline ..2023-02-20"],
            "к 01.09.2022": ["deadline ..2022-09-01"],
            "в срок до 01.03.2022": ["deadline ..2022-03-01"],
            "до мая 2022": ["deadline ..2022-05-01"],
        },
    ),
    Rule(
        "marker_from",
        r"начиная\s+со?|со?",
        _const("M", "from"),
        {
            "с 01.09.2021 по 31.05.2022": ["window 2021-09-01..2022-05-31"],
            "с сентября по декабрь 2022 г.": ["window 2022-09-01..2022-12-31"],
            "с 2021 года": ["continuous 2021-01-01.."],
        },
    ),
    Rule(
        "marker_during",
        r"в\s+течени[еия]|на\s+протяжении|в\s+период|весь|всего",
        _const("M", "during"),
        {"в течение 2022 года": ["continuous 2022-01-01..2022-12-31"]},
    ),
    Rule(
        "marker_then",
        r"далее|в\s+дальнейшем|затем|впоследствии|после\s+чего|и\s+далее",
        _const("M", "then"),
        {
            "Май 2021 г., далее – ежегодно": [
                "window 2021-05-01..2021-05-31 «Май 2021 г.»",
                "recurring P1Y x1 2021-05-01.. FREQ=YEARLY «далее – ежегодно»",
            ]
        },
    ),
    Rule(
        "marker_in",
        r"во?|на",
        _const("M", "in"),
        {
            "на 2022 год": ["window 2022-01-01..2022-12-31"],
            "во II квартале 2023 г.": ["window 2023-04-01..2023-06-30"],
        },
    ),
    Rule("marker_or", r"или|либо|и|а\s+также", _const("M", "or"), {}),
)


# --------------------------------------------------------------------------------------------
# Scanner
# --------------------------------------------------------------------------------------------

_GROUP_NAME = re.compile(r"\(\?P<\w+>")


@cache
def _scanner() -> tuple[re.Pattern[str], tuple[tuple[Rule, re.Pattern[str]], ...]]:
    # The empty group that names the rule closes each branch, so a branch still starts with
    # the rule's first character class and the regex engine rejects it at a glance.
    alts = [
        f"(?:{_GROUP_NAME.sub('(?:', r.pattern)})(?!\\w)(?P<r{i}>)" for i, r in enumerate(RULES)
    ]
    master = r"(?<!\w)(?:" + "|".join(alts) + r")|(?P<sep>[,;/\n(]|\.(?!\d))|(?P<dash>-)"
    compiled = tuple((r, re.compile(r.pattern)) for r in RULES)
    return re.compile(master), compiled


_TRANSLATE: dict[str, str] = {
    "–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "‒": "-", "―": "-", "﹣": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\t": " ", "\r": " ",
    "\u00ad": " ", "ё": "е", "і": "i", "a": "а", "c": "с", "e": "е", "o": "о", "p": "р",
    "x": "х", "y": "у", "k": "к", "m": "м", "t": "т", "h": "н", "b": "в", "n": "п",
    "r": "г", "u": "и", "“": '"', "”": '"', "„": '"',
}  # fmt: skip
_TRANSLATE_RX = re.compile("[" + re.escape("".join(_TRANSLATE)) + "]")
_DIGIT_THEN = re.compile(r"\d[озl|i]")  # two plain searches beat one alternation
_THEN_DIGIT = re.compile(r"[озl|i]\d")
_NUM_TOKEN = re.compile(r"(?<![\w|])[\dозl|i.]*\d[\dозl|i.]*(?=[^\w|]|г|$)")
_DIGIT_FIX = str.maketrans({"о": "0", "з": "3", "l": "1", "|": "1", "i": "1"})
_ZERO_IN_WORD = re.compile(r"(?<=[а-я])0(?=[а-я])|(?<![\w])0(?=[а-я]{3})")


def _translate_char(m: re.Match[str]) -> str:
    return _TRANSLATE[m.group()]


def _fix_number(m: re.Match[str]) -> str:
    tok = m.group()
    if sum(ch.isdigit() for ch in tok) < 2:
        return tok
    return tok.translate(_DIGIT_FIX)


def _normalize(text: str) -> str:
    """Same length as `text`: lower case, one dash, look-alikes and OCR confusions repaired."""
    s = text.lower()
    if len(s) != len(text):
        s = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if _TRANSLATE_RX.search(s):
        s = _TRANSLATE_RX.sub(_translate_char, s)
    if _DIGIT_THEN.search(s) or _THEN_DIGIT.search(s):
        s = _NUM_TOKEN.sub(_fix_number, s)
    if "0" in s:
        s = _ZERO_IN_WORD.sub("о", s)
    return s


@lru_cache(maxsize=8192)
def _convert(index: int, text: str) -> tuple[str, str, _Time | None, _Freq | None, int]:
    """The token a rule makes of a matched text; memoized, as the same few words recur."""
    rule, rx = _scanner()[1][index]
    m = rx.fullmatch(text)
    tok = rule.convert(m) if m is not None else _Tok("BAD")
    return tok.kind, tok.sub, tok.time, tok.freq, tok.num


def _tokens(s: str) -> list[_Tok]:
    master, _ = _scanner()
    out: list[_Tok] = []
    for m in master.finditer(s):
        name = m.lastgroup
        start, end = m.span()
        if name == "sep":
            out.append(_Tok("SEP", s=start, e=end))
        elif name == "dash":
            out.append(_Tok("DASH", s=start, e=end))
        else:
            kind, sub, time, freq, num = _convert(int(name[1:]), s[start:end])  # type: ignore[index]
            out.append(_Tok(kind, sub, time, freq, num, start, end))
    return out


# --------------------------------------------------------------------------------------------
# Grammar over tokens
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Ctx:
    text: str  # the original input
    norm: str
    doc_date: dt.date | None
    period: Period | None

    @property
    def period_start(self) -> dt.date | None:
        return dt.date(self.period[0], 1, 1) if self.period else None

    @property
    def period_end(self) -> dt.date | None:
        return dt.date(self.period[1], 12, 31) if self.period else None

    def gap_blank(self, a: int, b: int) -> bool:
        return not self.norm[a:b].strip(' "«»:')

    def context_year(self, t: _Time) -> int | None:
        if self.doc_date is not None:
            y = self.doc_date.year
            cur = _materialize(t, y)
            if cur is not None and cur.end is not None and cur.end < self.doc_date:
                y += 1
            return y
        if self.period is not None:
            return self.period[0]
        return None


_LINKS = frozenset({"SEP", "DASH"})


def _backfill_years(toks: list[_Tok]) -> None:
    """A year-less time followed in a list or range by a dated one takes that year."""
    for i, tok in enumerate(toks):
        if tok.kind != "T" or tok.time is None or tok.time.spec is None:
            continue
        j = i + 1
        while j < len(toks) and (
            toks[j].kind in _LINKS
            or (toks[j].kind == "M" and toks[j].sub in ("or", "by_end", "by_start"))
        ):
            j += 1
        if j == i + 1 or j >= len(toks):
            continue
        nxt = toks[j]
        if nxt.kind != "T" or nxt.time is None or nxt.time.start is None:
            continue
        y = nxt.time.start.year
        t = _materialize(tok.time, y)
        if t is not None and t.start is not None and t.start > nxt.time.start:
            t = _materialize(tok.time, y - 1)
        if t is not None:
            tok.time = t


@dataclass(slots=True)
class _Item:
    kind: str  # time | deadline | during | from | F | P | DOM | WD | then | or | sep | BAD
    s: int
    e: int
    time: _Time | None = None  # resolved; None when a year-less time has no context
    end: dt.date | None = None  # deadline
    spec: _Time | None = None  # the year-less time as written, for «ежегодно до 20 декабря»
    marker: str = ""
    tok: _Tok | None = None


def _resolve(ctx: _Ctx, t: _Time) -> _Time | None:
    if t.spec is None:
        return t
    y = ctx.context_year(t)
    return None if y is None else _materialize(t, y)


def _items(ctx: _Ctx, toks: list[_Tok]) -> list[_Item]:
    """Ranges and markers applied to times; everything else passes through."""
    items: list[_Item] = []
    n = len(toks)

    def is_time(k: int) -> bool:
        return k < n and toks[k].kind == "T"

    def linked(k: int, from_marker: bool) -> bool:
        """toks[k] joins two times into a range: a dash, or «по»/«до» after «с»."""
        link = toks[k]
        if link.kind == "DASH":
            return True
        return from_marker and link.kind == "M" and link.sub in ("by_end", "by_start")

    def time_or_range(k: int, from_marker: bool) -> tuple[_Time | None, int, _Time | None, bool]:
        """(resolved time, next index, year-less spec, ok) for the time or range at k."""
        a = toks[k]
        assert a.time is not None
        if (
            is_time(k + 2)
            and linked(k + 1, from_marker)
            and ctx.gap_blank(a.e, toks[k + 1].s)
            and ctx.gap_blank(toks[k + 1].e, toks[k + 2].s)
        ):
            b = toks[k + 2]
            assert b.time is not None
            ta, tb = _resolve(ctx, a.time), _resolve(ctx, b.time)
            if ta is None or tb is None or ta.start is None or tb.end is None:
                return None, k + 3, None, False
            if ta.start > tb.end:
                return None, k + 3, None, False
            gran = "years" if ta.gran == tb.gran == "year" else "span"
            return _Time(ta.start, tb.end, gran), k + 3, None, True
        spec = a.time if a.time.spec is not None else None
        t = _resolve(ctx, a.time)
        return t, k + 1, spec, t is not None or spec is not None

    i = 0
    while i < n:
        tok = toks[i]
        if tok.kind == "M" and tok.sub in ("by_end", "by_start", "during", "from", "in"):
            if not (is_time(i + 1) and ctx.gap_blank(tok.e, toks[i + 1].s)):
                i += 1
                continue
            t, j, spec, ok = time_or_range(i + 1, tok.sub == "from")
            e = toks[j - 1].e
            if not ok:
                items.append(_Item("BAD", tok.s, e))
            elif tok.sub in ("by_end", "by_start"):
                end = None if t is None else t.end if tok.sub == "by_end" else t.start
                items.append(_Item("deadline", tok.s, e, t, end, spec, tok.sub))
            elif tok.sub == "during":
                items.append(_Item("during", tok.s, e, t, None, spec))
            elif tok.sub == "in":
                items.append(_Item("time", tok.s, e, t, None, spec))
            elif j - i == 4:  # «с … по …»
                items.append(_Item("time", tok.s, e, t))
            else:
                items.append(_Item("from", tok.s, e, t, None, spec))
            i = j
            continue
        if tok.kind == "T":
            t, j, spec, ok = time_or_range(i, False)
            e = toks[j - 1].e
            items.append(_Item("time", tok.s, e, t, None, spec) if ok else _Item("BAD", tok.s, e))
            i = j
            continue
        if tok.kind == "M" and tok.sub in ("then", "or"):
            items.append(_Item(tok.sub, tok.s, tok.e))
        elif tok.kind in ("F", "P", "BAD", "DOM", "WD"):
            items.append(_Item(tok.kind, tok.s, tok.e, tok=tok))
        elif tok.kind == "SEP" and ctx.norm[tok.s] in "\n;":
            items.append(_Item("sep", tok.s, tok.e))
        i += 1
    return items


def _freq_parts(
    f: _Freq,
    bymonth: int | None,
    bymonthday: int | None,
    byday: int | None,
    until: dt.date | None,
) -> tuple[str, str]:
    """(ISO 8601 period, RRULE) of a frequency; times > 1 is spread evenly over the period."""
    unit, n, times = f.unit, f.n, f.times
    if unit == "M" and n % 12 == 0:
        unit, n = "Y", n // 12
    period = f"P{n}{unit}"
    if times == 1:
        freq = {"Y": "YEARLY", "M": "MONTHLY", "W": "WEEKLY", "D": "DAILY"}[unit]
        interval = n
    else:
        months = n * 12 if unit == "Y" else n if unit == "M" else 0
        if months and months % times == 0:
            step = months // times
            freq, interval = ("YEARLY", step // 12) if step % 12 == 0 else ("MONTHLY", step)
        else:
            days = n * {"Y": 365, "M": 30, "W": 7, "D": 1}[unit] / times
            if days >= 7:
                freq, interval = "WEEKLY", round(days / 7)
            else:
                freq, interval = "DAILY", max(1, round(days))
        bymonth = bymonthday = byday = None
    parts = [f"FREQ={freq}"]
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if bymonth and freq == "YEARLY":
        parts.append(f"BYMONTH={bymonth}")
    if bymonthday and freq in ("YEARLY", "MONTHLY"):
        parts.append(f"BYMONTHDAY={bymonthday}")
    if byday is not None and freq == "WEEKLY":
        parts.append(f"BYDAY={_BYDAY[byday]}")
    if until is not None:
        parts.append(f"UNTIL={until.year:04d}{until.month:02d}{until.day:02d}")  # %Y drops zeros
    return period, ";".join(parts)


def _first_match(
    base: dt.date, unit: str, month: int | None, day: int | None, wd: int | None
) -> dt.date:
    """First date on or after `base` that fits the BY parts."""
    if unit == "Y" and month:
        for y in (base.year, base.year + 1, base.year + 2):
            d = _mk(y, month, min(day or 1, calendar.monthrange(y, month)[1]))
            if d is not None and d >= base:
                return d
    if unit == "M" and day:
        y, mo = base.year, base.month
        for _ in range(3):
            d = dt.date(y, mo, min(day, calendar.monthrange(y, mo)[1]))
            if d >= base:
                return d
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    if unit == "W" and wd is not None:
        return base + dt.timedelta(days=(wd - base.weekday()) % 7)
    return base


class _Out:
    """Components under construction, with the time anchors a frequency may attach to."""

    def __init__(self, ctx: _Ctx) -> None:
        self.ctx = ctx
        self.comps: list[DeadlineComponent] = []
        self.anchor: tuple[int, _Time] | None = None  # index in comps of the last time

    def add(
        self,
        kind: str,
        s: int,
        e: int,
        start: dt.date | None = None,
        end: dt.date | None = None,
        dtstart: dt.date | None = None,
        rrule: str | None = None,
        period: str | None = None,
        times: int | None = None,
        at_least: bool = False,
    ) -> None:
        text = self.ctx.text[s:e]
        if text.count("(") > text.count(")"):  # «ежегодно (2021-2024 гг.)»: keep the pair
            close = self.ctx.norm.find(")", e)
            if close >= 0 and not self.ctx.norm[e:close].strip():
                e = close + 1
                text = self.ctx.text[s:e]
        self.comps.append(
            DeadlineComponent(kind, start, end, dtstart, rrule, period, times, at_least, text, s, e)
        )
        self.anchor = None

    def add_time(self, t: _Time, s: int, e: int) -> None:
        if t.start == t.end:
            self.add("date", s, e, start=t.start, end=t.end)
        else:
            self.add("window", s, e, start=t.start, end=t.end)
        self.anchor = (len(self.comps) - 1, t)


def _build(ctx: _Ctx, items: list[_Item]) -> list[DeadlineComponent]:
    out = _Out(ctx)
    i = 0
    n = len(items)
    then_at: int | None = None  # start offset of a pending «далее»
    while i < n:
        it = items[i]
        k = it.kind
        if k in ("F", "DOM", "WD"):
            i = _build_recurring(ctx, out, items, i, then_at)
            then_at = None
            continue
        if k == "then":
            then_at = it.s
        elif k in ("or", "sep"):
            pass  # «или» and line breaks keep a pending «далее» and the anchor
        elif k == "P":
            _build_phrase(ctx, out, it, then_at)
            then_at = None
        elif k in ("time", "deadline", "during", "from") and it.time is None:
            out.add("unparsed", it.s, it.e)  # a year-less date without context
        elif k == "time":
            assert it.time is not None
            out.add_time(it.time, it.s, it.e)
        elif k == "deadline":
            out.add("deadline", it.s, it.e, end=it.end)
            if it.end is not None:  # «До 20.02.2023, далее – ежегодно»: the series starts there
                out.anchor = (len(out.comps) - 1, _Time(it.end, it.end, "day"))
        elif k == "during":
            assert it.time is not None
            out.add("continuous", it.s, it.e, start=it.time.start, end=it.time.end)
        elif k == "from":
            assert it.time is not None
            pe = ctx.period_end
            end = pe if pe is not None and it.time.start and pe >= it.time.start else None
            out.add("continuous", it.s, it.e, start=it.time.start, end=end)
        else:  # BAD
            out.add("unparsed", it.s, it.e)
        if k not in ("then", "or", "sep"):
            then_at = None
        i += 1
    return out.comps


def _build_phrase(ctx: _Ctx, out: _Out, it: _Item, then_at: int | None) -> None:
    assert it.tok is not None
    sub = it.tok.sub
    s = then_at if then_at is not None else it.s
    if sub == "on_demand":
        out.add("on_demand", s, it.e)
    elif sub == "by_plan":
        out.add("by_plan", s, it.e)
    elif sub == "period":
        start, end = ctx.period_start, ctx.period_end
        if then_at is not None and out.anchor is not None:
            # «Апрель 2021 г., далее - регулярное обновление»: from the anchor on
            start = out.anchor[1].start
            end = end if end is not None and start is not None and end >= start else None
        out.add("continuous", s, it.e, start=start, end=end)
    elif sub == "year":
        y = ctx.doc_date.year if ctx.doc_date else None
        start = dt.date(y, 1, 1) if y else None
        out.add("continuous", s, it.e, start=start, end=dt.date(y, 12, 31) if y else None)
    elif sub == "academic":
        d = ctx.doc_date
        if d is None:
            out.add("continuous", s, it.e)
        else:
            y = d.year if d.month >= 9 else d.year - 1
            out.add("continuous", s, it.e, start=dt.date(y, 9, 1), end=dt.date(y + 1, 8, 31))
    elif sub in ("eoy", "eoay"):
        d = ctx.doc_date
        if d is None:
            out.add("unparsed", s, it.e)
        elif sub == "eoy":
            out.add("deadline", s, it.e, end=dt.date(d.year, 12, 31))
        else:
            y = d.year + 1 if d.month >= 9 else d.year
            out.add("deadline", s, it.e, end=dt.date(y, 8, 31))


def _pattern(spec: _Time, marker: str) -> tuple[int, int | None]:
    """(BYMONTH, BYMONTHDAY) of a year-less time after a frequency."""
    assert spec.spec is not None
    m1, d1, m2, d2 = spec.spec
    if marker == "by_end":
        return m2, d2 if d2 is not None else calendar.monthrange(2001, m2)[1]
    if marker == "by_start":
        return m1, d1 or 1
    return m1, d1 if (m1, d1) == (m2, d2) else None


def _build_recurring(ctx: _Ctx, out: _Out, items: list[_Item], i: int, then_at: int | None) -> int:
    """A frequency with its modifiers; returns the index of the first item not consumed."""
    n = len(items)
    s = then_at if then_at is not None else items[i].s
    freq: _Freq | None = None
    bymonth: int | None = None
    bymonthday: int | None = None
    byday: int | None = None
    until: dt.date | None = None
    bounds: _Time | None = None
    day_anchor: _Time | None = None
    by_period = False
    e = items[i].e
    j = i
    while j < n:
        it = items[j]
        f = it.tok.freq if it.kind == "F" and it.tok is not None else None
        if f is not None:
            if freq is None:
                freq = _Freq(f.unit, f.n, f.times, f.at_least)
            elif f.times != 1 or f.at_least:
                # «ежегодно не реже двух раз в год»: the count refines the frequency
                freq = _Freq(f.unit, f.n, f.times, f.at_least or freq.at_least)
            else:
                break
        elif it.kind == "DOM" and it.tok is not None:
            bymonthday = it.tok.num
        elif it.kind == "WD" and it.tok is not None:
            byday = it.tok.num
        elif freq is None:
            break
        elif it.spec is not None and it.kind in ("time", "deadline"):
            # «ежегодно до 20 декабря», «ежегодно в декабре», «ежегодно 1 сентября»
            bymonth, bymonthday = _pattern(it.spec, it.marker)
        elif it.kind == "deadline" and it.end is not None:
            until = it.end  # «ежегодно до 1 февраля 2024 года»
        elif it.kind in ("time", "during") and it.time is not None:
            t = it.time
            if t.gran in ("year", "years", "academic") or it.kind == "during":
                bounds = t  # «ежегодно в 2021-2024 гг.»
            elif t.start == t.end and out.anchor is None and day_anchor is None:
                day_anchor = t  # «ежегодно 20 декабря 2023»
            else:
                break
        elif it.kind == "P" and it.tok is not None and it.tok.sub == "period":
            by_period = True  # «ежегодно в течение всего периода»
        else:
            break
        e = it.e
        j += 1
    if freq is None:  # a day of month or a weekday alone is not a schedule
        for it in items[i:j]:
            out.add("unparsed", it.s, it.e)
        return max(j, i + 1)

    start: dt.date | None = None
    anchor = out.anchor
    if anchor is not None and then_at is None:
        idx, t = anchor
        replace = False
        if t.gran in ("year", "years", "academic"):
            bounds, replace = t, True  # «2021-2024 ежегодно»
        elif t.start == t.end:
            day_anchor, replace = t, True  # «20 декабря 2023 ежегодно»
        if replace:
            s = out.comps[idx].text_start
            out.comps.pop(idx)
            anchor = None
    if day_anchor is not None:
        start = day_anchor.start
        assert start is not None
        if freq.unit == "Y":
            bymonth, bymonthday = start.month, start.day
        elif freq.unit == "M":
            bymonthday = start.day
        elif freq.unit == "W":
            byday = start.weekday()
    elif anchor is not None:
        start = anchor[1].start  # «Май 2021 г., далее – ежегодно»: the series starts there
    elif bounds is not None:
        start = bounds.start
    elif ctx.period_start is not None:
        start = _first_match(ctx.period_start, freq.unit, bymonth, bymonthday, byday)
    if until is None:
        if bounds is not None:
            until = bounds.end
        elif ctx.period is not None or by_period:
            until = ctx.period_end
    if until is not None and start is not None and until < start:
        until = None
    period, rrule = _freq_parts(freq, bymonth, bymonthday, byday, until)
    out.add(
        "recurring",
        s,
        e,
        start=start,
        end=until,
        dtstart=start,
        rrule=rrule,
        period=period,
        times=freq.times,
        at_least=freq.at_least,
    )
    return j


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

_HAS_WORD = re.compile(r"\w")
_FALLBACK_MAX = 40
_LETTERS = re.compile(r"[^\W\d_]{3}")
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
_LATIN_MONTH = re.compile(r"(?i)(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")


def parse_deadline(
    text: str, *, doc_date: dt.date | None = None, period: Period | None = None
) -> list[DeadlineComponent]:
    """Components of one deadline cell (see the design note «Deadline components»).

    `doc_date` resolves year-less dates («до 30 января»); `period` is the programme's span of
    years and bounds «ежегодно» and «в течение всего периода». Never raises: an input that cannot
    be read at all comes back as one `unparsed` component.

    A yearly series of dates («01.08.2020 01.08.2021 01.08.2022 01.08.2023 01.08.2024»: three or
    more `date` components in a row, same day and month, consecutive years) stays a list of
    `date` components, and each of them also carries the series: `rrule`
    `FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=1;UNTIL=20240801` and `dtstart` the series' first date
    (2020-08-01); `period`, `times` stay null. So the contract does not move for a consumer that
    reads components by `kind`: a `date` is still one day, counted once, and the components of
    a cell stay one per date written (deadline groups, assignments, targets by year are as
    before); a consumer that wants the pattern reads the rrule off any date of the series (all
    carry the same one; expand it once, not once per date). An rrule on a `date` therefore
    always has `dtstart` ≤ `start`, and `start` is one of its occurrences. See SERIES_EXAMPLES.
    """
    try:
        return _parse(text, doc_date, period)
    except Exception:  # the contract: a normalizer never breaks the pipeline
        s, e = _strip_span(text) if isinstance(text, str) else (0, 0)
        raw = text[s:e] if isinstance(text, str) else ""
        return [DeadlineComponent("unparsed", text=raw, text_start=s, text_end=e)]


def _parse(text: str, doc_date: dt.date | None, period: Period | None) -> list[DeadlineComponent]:
    """`parse_deadline` without the safety net (the property tests call this one)."""
    if not isinstance(text, str) or not _HAS_WORD.search(text):
        return []
    if period is not None and period[0] > period[1]:
        period = None
    ctx = _Ctx(text, _normalize(text), doc_date, period)
    toks = _tokens(ctx.norm)
    _backfill_years(toks)
    comps = _with_yearly_series(_build(ctx, _items(ctx, toks)))
    if _needs_fallback(text, comps):
        rescued = _fallback(text)
        if rescued is not None:
            return [rescued]
    if not comps:
        s, e = _strip_span(text)
        comps = [DeadlineComponent("unparsed", text=text[s:e], text_start=s, text_end=e)]
    return comps


_SERIES_MIN = 3
SERIES_EXAMPLES: dict[str, list[str]] = {
    # phrase (no context) → components, in the `describe` notation
    "01.08.2020 01.08.2021 01.08.2022": [
        "date 2020-08-01 FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=1;UNTIL=20220801 «01.08.2020»",
        "date 2021-08-01 dtstart=2020-08-01 FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=1;UNTIL=20220801 "
        "«01.08.2021»",
        "date 2022-08-01 dtstart=2020-08-01 FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=1;UNTIL=20220801 "
        "«01.08.2022»",
    ],
    "30.12.2020 01.09.2021 01.09.2022 01.09.2023": [
        "date 2020-12-30 «30.12.2020»",
        "date 2021-09-01 FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1;UNTIL=20230901 «01.09.2021»",
        "date 2022-09-01 dtstart=2021-09-01 FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1;UNTIL=20230901 "
        "«01.09.2022»",
        "date 2023-09-01 dtstart=2021-09-01 FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1;UNTIL=20230901 "
        "«01.09.2023»",
    ],
    # two dates are not a series; a gap in the years or another day breaks it
    "01.08.2020 01.08.2021": ["date 2020-08-01 «01.08.2020»", "date 2021-08-01 «01.08.2021»"],
    "01.08.2020 01.08.2022 01.08.2023": [
        "date 2020-08-01 «01.08.2020»",
        "date 2022-08-01 «01.08.2022»",
        "date 2023-08-01 «01.08.2023»",
    ],
    "01.08.2020 02.08.2021 01.08.2022": [
        "date 2020-08-01 «01.08.2020»",
        "date 2021-08-02 «02.08.2021»",
        "date 2022-08-01 «01.08.2022»",
    ],
}


def _with_yearly_series(comps: list[DeadlineComponent]) -> list[DeadlineComponent]:
    """`comps` with each yearly series of dates carrying its rrule (see `parse_deadline`)."""
    out: list[DeadlineComponent] = []
    i = 0
    while i < len(comps):
        j = i + 1
        while j < len(comps) and _next_in_series(comps[j - 1], comps[j]):
            j += 1
        first, last = comps[i], comps[j - 1]
        if j - i >= _SERIES_MIN and first.start is not None and last.end is not None:
            _, rrule = _freq_parts(_Freq("Y"), first.start.month, first.start.day, None, last.end)
            out.extend(dataclasses.replace(c, dtstart=first.start, rrule=rrule) for c in comps[i:j])
        else:
            out.extend(comps[i:j])
        i = j
    return out


def _next_in_series(a: DeadlineComponent, b: DeadlineComponent) -> bool:
    if a.kind != "date" or b.kind != "date" or a.start is None or b.start is None:
        return False
    return (b.start.month, b.start.day) == (a.start.month, a.start.day) and (
        b.start.year == a.start.year + 1
    )


def _strip_span(text: str) -> tuple[int, int]:
    s = len(text) - len(text.lstrip())
    e = len(text.rstrip())
    return s, max(s, e)


def _needs_fallback(text: str, comps: list[DeadlineComponent]) -> bool:
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


def _fallback(text: str) -> DeadlineComponent | None:
    """dateparser for one date fragment the rules missed; day, month and year all required."""
    s, e = _strip_span(text)
    frag = text[s:e]
    if len(frag) > _FALLBACK_MAX or sum(ch.isdigit() for ch in frag) < 3:
        return None
    if not _LATIN_MONTH.search(frag):
        return None  # numeric and Russian forms are the rules' job
    parsed = _dateparser()(frag)
    if parsed is None:
        return None
    d = parsed.date()
    numbers = {int(n) for n in re.findall(r"\d+", frag)}
    if d.year not in numbers or d.day not in numbers:
        return None  # a relative phrase («через 10 дней»): dateparser counted from today
    return DeadlineComponent("date", start=d, end=d, text=frag, text_start=s, text_end=e)


@cache
def _dateparser() -> Callable[[str], dt.datetime | None]:
    """One DateDataParser, built once: day, month and year required, day before month.

    English only: every Russian form it reads, the rules read too (measured on the test table);
    what it adds is Latin-script dates («10 January 2022»).
    """
    from dateparser.date import DateDataParser

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


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def component_to_dict(c: DeadlineComponent) -> dict[str, object]:
    """JSON-ready: the Parquet columns of `deadlines`, dates as ISO strings."""
    return {
        "kind": c.kind,
        "start": _iso(c.start),
        "end": _iso(c.end),
        "dtstart": _iso(c.dtstart),
        "rrule": c.rrule,
        "period": c.period,
        "times": c.times,
        "at_least": c.at_least,
        "text": c.text,
        "text_start": c.text_start,
        "text_end": c.text_end,
    }


def describe(c: DeadlineComponent, phrase: str | None = None) -> str:
    """One line for tables and eyes: `kind [period xN[+]] [start..end] [dtstart=…] [rrule]`.

    `«text»` is appended when `phrase` is given and the component covers only part of it.
    """
    parts = [c.kind]
    if c.kind == "recurring":
        parts.append(f"{c.period} x{c.times}{'+' if c.at_least else ''}")
    if c.kind == "date":
        parts.append(_iso(c.start) or "")
    elif c.start is not None or c.end is not None:
        parts.append(f"{_iso(c.start) or ''}..{_iso(c.end) or ''}")
    if (c.dtstart is not None or c.kind == "recurring") and c.dtstart != c.start:
        parts.append(f"dtstart={_iso(c.dtstart)}")
    if c.rrule:
        parts.append(c.rrule)
    if phrase is not None and c.text != phrase.strip():
        parts.append(f"«{c.text}»")
    return " ".join(parts)
