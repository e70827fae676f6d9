"""What each rule makes of its match: a token (a time, a frequency, a marker …)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable

from .lexicon import WEEKDAYS, count, is_ordinal, last_day, month, ordinal, span, year
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


_QSEP = re.compile(r"\s*(-|,|и(?![а-я]))\s*")


def quarters(m: re.Match[str]) -> Tok:
    """One quarter, a range («I-III»), or a list of adjacent ones («III и IV», «II – III - IV»)."""
    y = int(m["y"]) if m["y"] else None
    parts = _QSEP.split(m["ql"])
    if not all(is_ordinal(w) for w in parts[::2]):  # words run together («вторая…и…кв»)
        return Tok("BAD", "quarter numbers not read")
    qs = [ordinal(w) for w in parts[::2]]
    dashes_only = all(sep == "-" for sep in parts[1::2])
    adjacent = all(b == a + 1 for a, b in itertools.pairwise(qs))
    if not (adjacent or (dashes_only and len(qs) == 2 and qs[0] < qs[1])):
        return Tok("BAD", "quarters that are not adjacent")
    return span(y, 3 * qs[0] - 2, None, 3 * qs[-1], None, "quarter")


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


_SEASONS = {"вес": (3, 5), "лет": (6, 8), "осе": (9, 11)}


def season(m: re.Match[str]) -> Tok:
    """Spring, summer, autumn in their months; winter (December to February) only with both
    of its years written («зима 2023-2024»): «зима 2023» may mean either winter."""
    y1 = int(m["y1"]) if m["y1"] else None
    y2 = None
    if m["y2"]:
        y2 = y1 // 100 * 100 + int(m["y2"]) if y1 and len(m["y2"]) == 2 else int(m["y2"])
    months = _SEASONS.get(m["s"][:3])
    if months is None:  # winter
        if y1 is None or y2 is None:
            return Tok("BAD", "winter without both of its years")
        if y2 != y1 + 1:
            return Tok("BAD", "winter of years that do not follow each other")
        return Tok("T", time=Time(dt.date(y1, 12, 1), last_day(y2, 2), "season"))
    if y2 is not None:
        return Tok("BAD", "one season with two years")
    return span(y1, months[0], None, months[1], None, "season")


_PARTS = {"нач": "b", "сер": "m", "кон": "e"}


def part(m: re.Match[str]) -> Tok:
    """A marker for a part of the time after it (applied by `parts.apply_parts`)."""
    if m["half"]:
        return Tok("M", "part:h1" if m["half"].startswith("перв") else "part:h2")
    if m["dec"]:
        dec = m["dec"]
        return Tok("M", "part:d" + (dec[0] if dec[0].isdigit() else str(ordinal(dec[:3]))))
    return Tok("M", "part:" + _PARTS[m["p"][:3]])


_DOC_ANCHOR = re.compile(
    r"(?:подписани|утверждени|издани|приняти|вступлени)[а-я]*(?:\s+в\s+силу)?\s+"
    r"(?:настоящ[а-я]+(?:\s+[а-я]+)?|приказ[а-я]*|постановлени[а-я]*|распоряжени[а-я]*"
    r"|план[а-я]*(?:\s+мероприяти[а-я]*)?|дорожн[а-я]*\s+карт[а-я]*)"
)


def relative(m: re.Match[str]) -> Tok:
    """A time counted from an event: from the document's own date when the event is this
    document (its signing or approval), else unparsed with the reason."""
    if not m["doc"]:
        return Tok("BAD", "counted from an event outside the document")
    if m["term"]:  # «в трехдневный срок», «в 10-дневный срок», «в месячный срок»
        term = m["term"]
        unit = "D" if "дневн" in term else "W" if "недельн" in term else "M"
        head = term.split("дневн")[0].split("недельн")[0].split("месячн")[0].rstrip("-")
        n = int(head) if head.isdigit() else count(head or None, None)
        return Tok("R", "by", freq=Freq(unit, n))
    how = "from"
    if m["mk"]:
        mk = m["mk"]
        how = "within" if mk.startswith("в течени") else "after" if mk == "через" else "by"
    if not m["u"]:
        return Tok("R", how, freq=Freq("D", 0)) if how == "from" else Tok("BAD")
    if m["u"].startswith("рабоч"):
        return Tok("BAD", "working days: no calendar of holidays")
    unit, n = unit_of(m["u"].split()[-1], count(m["nw"], m["nd"]))
    if how == "from":
        return Tok("BAD")
    return Tok("R", how, freq=Freq(unit, n))


_REPORT_MONTHS = {"M": 1, "Q": 3, "H": 6, "Y": 12}


def _cycle(word: str | None) -> int | None:
    """Months in a reporting period named by `word` (None: not named)."""
    if not word:
        return None
    if word.startswith("месяц"):
        return 1
    if word.startswith("квартал"):
        return 3
    if word.startswith("полугод"):
        return 6
    if word.startswith("год"):
        return 12
    return None


def report_freq(k: int, monthday: int, after: bool) -> Freq:
    """Every reporting period of `k` months, on `monthday` of the month after it (`after`)
    or of its last month."""
    if k == 1:
        return Freq("M", 1, months=None, monthday=monthday, report=True)
    first = 1 if after else k
    months = tuple(sorted((first - 1 + k * i) % 12 + 1 for i in range(12 // k)))
    unit, n = ("Y", 1) if k == 12 else ("M", k)
    return Freq(unit, n, months=months, monthday=monthday, report=True)


def report_next(m: re.Match[str]) -> Tok:
    """«не позднее 10 числа месяца, следующего за отчетным кварталом»."""
    d = int(m["d"])
    if not 1 <= d <= 28:
        return Tok("BAD", "a reporting day that not every month has")
    k = _cycle(m["u"])
    if k is None:  # «… за отчетным»: the frequency before it names the period
        return Tok("F", "report", freq=Freq("", 0, monthday=d, report=True))
    return Tok("F", "report", freq=report_freq(k, d, True))


def by_results(m: re.Match[str]) -> Tok:
    """«по итогам года/квартала»: at the end of each period (its last day)."""
    k = _cycle(m["u"])
    assert k is not None
    return Tok("F", "report", freq=report_freq(k, -1, False))


def const(kind: str, sub: str = "") -> Convert:
    def convert(_m: re.Match[str]) -> Tok:
        return Tok(kind, sub)

    return convert
