"""Vocabulary (months, ordinals, counts, units) as regex fragments, and date arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt

from .tokens import Time, Tok

MONTHS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "мае": 5, "маю": 5,
    "июн": 6, "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
MON = (
    r"(?:январ(?:ь|я|е|ю|ем)|янв|феврал(?:ь|я|е|ю|ем)|февр?|март(?:а|е|у|ом)?|мар"
    r"|апрел(?:ь|я|е|ю|ем)|апр|ма(?:й|я|е|ю|ем)|июн(?:ь|я|е|ю|ем)?|июл(?:ь|я|е|ю|ем)?"
    r"|август(?:а|е|у|ом)?|авг|сентябр(?:ь|я|е|ю|ем)|сент?|октябр(?:ь|я|е|ю|ем)|окт"
    r"|ноябр(?:ь|я|е|ю|ем)|нояб?|декабр(?:ь|я|е|ю|ем)|дек)\.?"
)
YSUF = r"(?:\s*(?:г\.\s?г\.?|гг?\.?|год(?:а|у|ы|ах|ов|ом)?)(?![а-я]))?"
Y = r"(?P<y>(?:19|20)\d\d)" + YSUF
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ORD = r"(?:перв[а-я]*|втор[а-я]*|трет[а-я]*|четв[её]рт[а-я]*)"
QNUM = rf"(?:iv|iii|ii|i|[1-4]|{ORD})"
# longest stem first: «двенадцать» before «дв», «десять» before «де…»
COUNT_STEMS = (
    ("двенадц", 12), ("двадцат", 20), ("тридцат", 30), ("пятнадц", 15), ("десят", 10),
    ("девят", 9), ("восем", 8), ("восьм", 8), ("сем", 7), ("шест", 6), ("пят", 5),
    ("четыр", 4), ("тр", 3), ("дв", 2), ("од", 1),
)  # fmt: skip
CW = (
    r"(?:одного|одной|один|одна|двух|два|две|трех|трёх|три|четырех|четыре|пяти|пять|шести"
    r"|шесть|семи|семь|восьми|восемь|девяти|девять|десяти|десять|двенадцати|двенадцать"
    r"|пятнадцати|пятнадцать|двадцати|двадцать|тридцати|тридцать)"
)
# «в трехдневный срок», «в 10-дневный срок», «в месячный срок»
TERM = (
    r"(?:\d{1,3}-?|одно|двух|трех|трёх|четырех|пяти|шести|семи|десяти|пятнадцати|двадцати"
    r"|тридцати)?(?:дневн|недельн|месячн)[а-я]*"
)
UNIT = (
    r"(?:год[а-я]*|лет|полгода|полугоди[а-я]*|квартал[а-я]*|месяц[а-я]*|недел[а-я]*"
    r"|день|дня|дней|сутки)"
)
WEEKDAYS = {"пон": 0, "вто": 1, "сре": 2, "чет": 3, "пят": 4, "суб": 5, "вос": 6}
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# up to four more words that belong to a phrase («по плану работы школы»), stopping at a word
# that starts another part of the cell
TAIL = (
    r"(?:\s+(?!(?:еже|кажд|до|по|не|или|и|в|с|к|на|за|при|после|через|кроме|далее)(?![а-я]))"
    r"[а-я\"«»]+){0,4}"
)


def month(word: str) -> int:
    return MONTHS[word[:3]]


_ORDINAL_STEMS = {"пер": 1, "вто": 2, "тре": 3, "чет": 4}


def is_ordinal(word: str) -> bool:
    return word in ROMAN or word.isdigit() or word[:3] in _ORDINAL_STEMS


def ordinal(word: str) -> int:
    if word in ROMAN:
        return ROMAN[word]
    if word.isdigit():
        return int(word)
    return _ORDINAL_STEMS[word[:3]]


def count(word: str | None, digits: str | None, default: int = 1) -> int:
    if digits:
        return int(digits)
    if word:
        for stem, n in COUNT_STEMS:
            if word.startswith(stem):
                return n
        return default
    return default


def year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        return 2000 + y if y < 70 else 1900 + y
    return y


def mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def last_day(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def span(y: int | None, m1: int, d1: int | None, m2: int, d2: int | None, gran: str) -> Tok:
    """A time token; year-less when `y` is None (validated against a leap year)."""
    probe = 2000 if y is None else y
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return Tok("BAD")
    start = mk(probe, m1, d1 or 1)
    end = mk(probe, m2, d2) if d2 else last_day(probe, m2)
    if start is None or end is None or start > end:
        return Tok("BAD")
    if y is None:
        return Tok("T", time=Time(None, None, gran, (m1, d1, m2, d2)))
    return Tok("T", time=Time(start, end, gran))


def materialize(t: Time, y: int) -> Time | None:
    """A year-less time in year `y` (None when the day does not exist in that year)."""
    assert t.spec is not None
    m1, d1, m2, d2 = t.spec
    start = mk(y, m1, d1 or 1)
    end = mk(y, m2, d2) if d2 else last_day(y, m2)
    if start is None or end is None:
        return None
    return Time(start, end, t.gran)
