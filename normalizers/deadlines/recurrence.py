"""Frequencies into RFC 5545 rules: a frequency with the items that refine or bound it."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from . import converters as cv
from .assembly import Out
from .context import Ctx
from .coverage import filler_only
from .grammar import Item
from .lexicon import BYDAY, mk
from .tokens import Freq, Time

_FREQ_NAMES = {"Y": "YEARLY", "M": "MONTHLY", "W": "WEEKLY", "D": "DAILY"}
_DAYS_IN = {"Y": 365, "M": 30, "W": 7, "D": 1}


def freq_parts(
    f: Freq,
    bymonth: int | None,
    bymonthday: int | None,
    byday: int | None,
    until: dt.date | None,
    months: tuple[int, ...] | None = None,
    *,
    limit: tuple[int, ...] | None = None,
) -> tuple[str, str]:
    """(ISO 8601 period, RRULE) of a frequency; times > 1 is spread evenly over the period,
    unless its `months` are listed (then BYMONTH lists them)."""
    unit, n, times = f.unit, f.n, f.times
    if unit == "M" and n % 12 == 0:
        unit, n = "Y", n // 12
    period = f"P{n}{unit}"
    if months:
        parts = ["FREQ=YEARLY"]
        if unit == "Y" and n > 1:
            parts.append(f"INTERVAL={n}")
        parts.append("BYMONTH=" + ",".join(map(str, months)))
        if bymonthday:
            parts.append(f"BYMONTHDAY={bymonthday}")
        if until is not None:
            parts.append(f"UNTIL={until.year:04d}{until.month:02d}{until.day:02d}")
        return period, ";".join(parts)
    if times == 1:
        freq, interval = _FREQ_NAMES[unit], n
    else:
        span = n * 12 if unit == "Y" else n if unit == "M" else 0
        if span and span % times == 0:
            step = span // times
            freq, interval = ("YEARLY", step // 12) if step % 12 == 0 else ("MONTHLY", step)
        else:
            days = n * _DAYS_IN[unit] / times
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
        parts.append(f"BYDAY={BYDAY[byday]}")
    if limit and freq != "YEARLY":
        parts.append("BYMONTH=" + ",".join(map(str, limit)))
    if until is not None:
        parts.append(f"UNTIL={until.year:04d}{until.month:02d}{until.day:02d}")  # %Y drops zeros
    return period, ";".join(parts)


def _on(y: int, m: int, day: int | None) -> dt.date:
    last = calendar.monthrange(y, m)[1]
    return dt.date(y, m, last if day == -1 else min(day or 1, last))


def first_in_months(base: dt.date, months: tuple[int, ...], day: int | None) -> dt.date:
    """First date on or after `base` in one of `months`, on `day` (-1: the last day)."""
    for y in (base.year, base.year + 1):
        for m in months:
            d = _on(y, m, day)
            if d >= base:
                return d
    return base  # not reached: every month recurs within a year


def first_match(
    base: dt.date, unit: str, month: int | None, day: int | None, wd: int | None
) -> dt.date:
    """First date on or after `base` that fits the BY parts."""
    if unit == "M" and day == -1:
        return first_in_months(base, tuple(range(1, 13)), day)
    if unit == "Y" and month:
        for y in (base.year, base.year + 1, base.year + 2):
            d = mk(y, month, min(day or 1, calendar.monthrange(y, month)[1]))
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


def by_parts(spec: Time, marker: str) -> tuple[int, int | None]:
    """(BYMONTH, BYMONTHDAY) of a year-less time after a frequency."""
    assert spec.spec is not None
    m1, d1, m2, d2 = spec.spec
    if marker == "by_end":
        return m2, d2 if d2 is not None else calendar.monthrange(2001, m2)[1]
    if marker == "by_start":
        return m1, d1 or 1
    if m1 != m2:  # «ежегодно в I квартале»: a window of months, done by its last day
        return m2, d2 if d2 is not None else calendar.monthrange(2001, m2)[1]
    return m1, d1 if (m1, d1) == (m2, d2) else None


@dataclass(slots=True)
class _Series:
    """What the items after a frequency said about it."""

    s: int
    e: int
    freq: Freq | None = None
    bymonth: int | None = None
    bymonthday: int | None = None
    byday: int | None = None
    until: dt.date | None = None
    bounds: Time | None = None  # «ежегодно в 2021-2024 гг.»
    day_anchor: Time | None = None  # «ежегодно 20 декабря 2023»
    by_period: bool = False  # «ежегодно в течение всего периода»
    since: dt.date | None = None  # «ежегодно, начиная с 2024 года»
    limit: tuple[int, ...] | None = None  # months a monthly series runs in
    # (BYMONTH, BYMONTHDAY) of each year-less time after the frequency: «в декабре»,
    # «до 20 декабря», «(май, декабрь)», «до 20 января, 20 июля»
    listed: list[tuple[int, int | None]] = field(default_factory=list)
    reason: str | None = None  # why the frequency cannot be read after all


def _take_report(sr: _Series, f: Freq) -> bool:
    """A reporting cycle after a frequency («ежеквартально, до 5 числа месяца, следующего за
    отчетным кварталом»): the same period, now with its months and day."""
    if f.unit == "":  # «… за отчетным»: the period is the frequency's
        if sr.freq is None:
            sr.reason = "a reporting period that is not named"
            return False
        k = sr.freq.n * (12 if sr.freq.unit == "Y" else 1) if sr.freq.unit in "YM" else 0
        if k not in (1, 3, 6, 12):
            return False
        f = cv.report_freq(k, f.monthday or 1, True)
    if sr.freq is not None and (sr.freq.unit, sr.freq.n) != (f.unit, f.n):
        return False
    times, at_least = (sr.freq.times, sr.freq.at_least) if sr.freq else (1, False)
    if times != 1:
        return False
    sr.freq = Freq(f.unit, f.n, 1, at_least, f.months, f.monthday, True)
    return True


def _take_freq(sr: _Series, f: Freq) -> bool:
    if f.report:
        return _take_report(sr, f)
    if sr.freq is None:
        sr.freq = Freq(f.unit, f.n, f.times, f.at_least)
    elif f.times != 1 or f.at_least:
        # «ежегодно не реже двух раз в год»: the count refines the frequency
        sr.freq = Freq(f.unit, f.n, f.times, f.at_least or sr.freq.at_least)
    elif (f.unit, f.n) != (sr.freq.unit, sr.freq.n):
        return False
    return True  # «ежегодно 1 раз в год»: said twice


def _into(d: dt.date, months: tuple[int, ...], wd: int | None) -> dt.date:
    """The first day on or after `d` in one of `months` (on weekday `wd` when given)."""
    for _ in range(12):
        if d.month in months:
            break
        d = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return d if wd is None else d + dt.timedelta(days=(wd - d.weekday()) % 7)


def _limits(sr: _Series, spec: Time) -> bool:
    """Months of a year-less window of months that a monthly, weekly or daily series runs in
    («ежемесячно с сентября по май» → BYMONTH=1,2,3,4,5,9,10,11,12)."""
    f = sr.freq
    if f is None or spec.spec is None or f.unit not in ("M", "W", "D") or f.n != 1:
        return False
    m1, d1, m2, d2 = spec.spec
    if d1 is not None or d2 is not None or m1 == m2 or f.times != 1:
        return False
    k = (m2 - m1) % 12 + 1
    sr.limit = tuple(sorted((m1 - 1 + i) % 12 + 1 for i in range(k)))
    return True


def _month_span(t: Time) -> bool:
    """`t` runs from the first day of a month to the last day of a later month."""
    s, e = t.start, t.end
    if s is None or e is None or s.day != 1 or (s.year, s.month) == (e.year, e.month):
        return False
    return e.day == calendar.monthrange(e.year, e.month)[1]


def _whole_months(t: Time) -> bool:
    """`t` is whole months of one year («май 2023», «I квартал 2023»)."""
    s, e = t.start, t.end
    if s is None or e is None or s.day != 1 or s.year != e.year:
        return False
    return e.day == calendar.monthrange(e.year, e.month)[1]


def _yearless(its: list[Item]) -> bool:
    """`its` is one year-less time («декабре», «20 июля»)."""
    return len(its) == 1 and its[0].kind in ("time", "deadline") and its[0].spec is not None


def _take(sr: _Series, out: Out, it: Item) -> bool:
    """Fold `it` into the series; False when it belongs to something else."""
    if it.kind == "F" and it.tok is not None and it.tok.freq is not None:
        return _take_freq(sr, it.tok.freq)
    if it.kind == "DOM" and it.tok is not None:
        sr.bymonthday = it.tok.num
    elif it.kind == "WD" and it.tok is not None:
        sr.byday = it.tok.num
    elif sr.freq is None:
        return False
    elif it.spec is not None and _limits(sr, it.spec):
        pass  # «ежемесячно с сентября по май»: the months a shorter period runs in
    elif it.spec is not None and it.kind in ("time", "deadline", "during"):
        # «ежегодно до 20 декабря», «ежегодно в декабре», «ежегодно 1 сентября», «ежегодно,
        # в течение I полугодия» (a year-less time: a pattern, not the bounds)
        sr.listed.append(by_parts(it.spec, it.marker))
    elif it.kind == "deadline" and it.end is not None:
        sr.until = it.end  # «ежегодно до 1 февраля 2024 года»
    elif it.kind == "from" and it.time is not None and it.time.start is not None:
        sr.since = it.time.start
    elif it.kind in ("time", "during") and it.time is not None:
        t = it.time
        if (
            t.gran in ("year", "years", "academic")
            or it.kind == "during"
            or it.marker == "range"
            or (t.gran == "span" and _month_span(t))
        ):  # «ежегодно в 2021-2024 гг.», «ежемесячно, сентябрь 2023 – май 2024»
            sr.bounds = t
        elif t.start == t.end and out.anchor is None and sr.day_anchor is None:
            sr.day_anchor = t
        elif it.marker == "in" and sr.since is None and _whole_months(t):
            # «ежегодно в мае 2023 г.»: from then on, in that month (a dated month without «в»
            # starts the next entry of a list: «…, далее – ежегодно Октябрь 2021 г.»)
            assert t.start is not None and t.end is not None
            sr.since = t.start
            if sr.freq is not None and sr.freq.unit == "Y":
                spec = Time(None, None, t.gran, (t.start.month, None, t.end.month, None))
                sr.listed.append(by_parts(spec, ""))
        else:
            return False
    elif it.kind == "P" and it.tok is not None and it.tok.sub == "period":
        sr.by_period = True
    elif it.kind == "P" and it.tok is not None and it.tok.sub in ("year", "academic"):
        pass  # «ежегодно в течение учебного года»: each year, some time in it
    else:
        return False
    return True


def _start(ctx: Ctx, out: Out, sr: _Series, then_at: int | None) -> dt.date | None:
    """The first occurrence; a time written just before («2021-2024 ежегодно», «20 декабря
    2023 ежегодно») becomes the series' bounds or anchor and its own component is dropped."""
    assert sr.freq is not None
    anchor = out.anchor
    if anchor is not None and not filler_only(ctx.norm, out.comps[anchor[0]].text_end, sr.s):
        anchor = None  # words between: «до 25 сентября, последующие отчеты ежеквартально»
    if anchor is not None and then_at is None:
        idx, t = anchor
        replace = False
        if t.gran in ("year", "years", "academic"):
            sr.bounds, replace = t, True
        elif t.start == t.end:
            sr.day_anchor, replace = t, True
        if replace:
            sr.s = out.comps[idx].text_start
            out.comps.pop(idx)
            anchor = None
    if sr.day_anchor is not None:
        start = sr.day_anchor.start
        assert start is not None
        if sr.freq.unit == "Y":
            sr.bymonth, sr.bymonthday = start.month, start.day
        elif sr.freq.unit == "M":
            sr.bymonthday = start.day
        elif sr.freq.unit == "W":
            sr.byday = start.weekday()
        return start
    if anchor is not None:
        return anchor[1].start  # «Май 2021 г., далее – ежегодно»: the series starts there
    if sr.since is not None:
        return first_match(sr.since, sr.freq.unit, sr.bymonth, sr.bymonthday, sr.byday)
    if sr.bounds is not None and sr.bounds.start is not None:
        unit = sr.freq.unit
        return first_match(sr.bounds.start, unit, sr.bymonth, sr.bymonthday, sr.byday)
    if ctx.period_start is not None:
        unit = sr.freq.unit
        return first_match(ctx.period_start, unit, sr.bymonth, sr.bymonthday, sr.byday)
    return None


def _months(sr: _Series) -> tuple[int, ...] | None:
    """The BYMONTH list of the series (None: none, or one month kept as `bymonth`); sets
    `sr.reason` when the months listed do not fit the count («2 раза в год (май)»)."""
    f = sr.freq
    assert f is not None
    if f.months:
        return f.months
    if not sr.listed:
        return None
    if len(sr.listed) == 1 and f.times == 1:
        sr.bymonth, day = sr.listed[0]
        sr.bymonthday = day if day is not None else sr.bymonthday
        return None
    days = {d for _, d in sr.listed}
    if len(days) > 1:
        sr.reason = "dates with different days in one series"
        return None
    sr.bymonthday = days.pop() or sr.bymonthday
    months = tuple(sorted({m for m, _ in sr.listed}))
    k = f.n * 12 if f.unit == "Y" else f.n if f.unit == "M" else 0
    if f.times == 1 and (f.unit, f.n) == ("Y", 1):
        sr.freq = Freq(f.unit, f.n, len(months), f.at_least)  # «ежегодно в мае и декабре»
        return months
    expected = f.times * 12 // k if k and 12 % k == 0 else f.times if k % 12 == 0 else 0
    if k and len(months) == expected:
        return months
    sr.reason = "the months listed do not fit the frequency"
    return None


def build_recurring(ctx: Ctx, out: Out, items: list[Item], i: int, then_at: int | None) -> int:
    """A frequency with its modifiers; returns the index of the first item not consumed."""
    sr = _Series(then_at if then_at is not None else items[i].s, items[i].e)
    j = i
    while j < len(items) and (j == i or filler_only(ctx.norm, sr.e, items[j].s)):
        if _yearless(items[j + 1 : j + 2]) and sr.listed and items[j].kind == "or":
            j += 1  # «ежегодно в мае и декабре»
        if not _take(sr, out, items[j]):
            break
        sr.e = items[j].e
        j += 1
    months = _months(sr) if sr.freq is not None else None
    if sr.reason:  # «за отчетным» with no frequency before it, months that do not fit
        out.add("unparsed", sr.s, sr.e, reason=sr.reason)
        return max(j, i + 1)
    if sr.freq is None and sr.byday is not None and sr.bymonthday is None:
        sr.freq = Freq("W")  # «по четвергам», «каждую пятницу»
    if sr.freq is None:  # a day of month alone is not a schedule
        for it in items[i:j]:
            out.add("unparsed", it.s, it.e)
        return max(j, i + 1)
    if sr.freq.report and sr.freq.monthday is not None:
        sr.bymonthday = sr.freq.monthday
    start = _start(ctx, out, sr, then_at)
    if start is None and sr.freq.report:
        start = ctx.doc_date  # a reporting cycle starts with the document
    if months and start is not None:
        start = first_in_months(start, months, sr.bymonthday)
    elif sr.freq.report and start is not None:
        start = first_match(start, sr.freq.unit, None, sr.bymonthday, None)
    until = sr.until
    if until is None:
        if sr.bounds is not None:
            until = sr.bounds.end
        elif ctx.period is not None or sr.by_period:
            until = ctx.period_end
    if until is not None and start is not None and until < start:
        until = None
    if sr.limit and start is not None:
        start = _into(start, sr.limit, sr.byday)
    period, rrule = freq_parts(
        sr.freq, sr.bymonth, sr.bymonthday, sr.byday, until, months, limit=sr.limit
    )
    out.add(
        "recurring",
        sr.s,
        sr.e,
        start=start,
        end=until,
        dtstart=start,
        rrule=rrule,
        period=period,
        times=sr.freq.times,
        at_least=sr.freq.at_least,
    )
    return j
