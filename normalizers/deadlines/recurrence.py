"""Frequencies into RFC 5545 rules: a frequency with the items that refine or bound it."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .assembly import Out
from .context import Ctx
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
) -> tuple[str, str]:
    """(ISO 8601 period, RRULE) of a frequency; times > 1 is spread evenly over the period."""
    unit, n, times = f.unit, f.n, f.times
    if unit == "M" and n % 12 == 0:
        unit, n = "Y", n // 12
    period = f"P{n}{unit}"
    if times == 1:
        freq, interval = _FREQ_NAMES[unit], n
    else:
        months = n * 12 if unit == "Y" else n if unit == "M" else 0
        if months and months % times == 0:
            step = months // times
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
    if until is not None:
        parts.append(f"UNTIL={until.year:04d}{until.month:02d}{until.day:02d}")  # %Y drops zeros
    return period, ";".join(parts)


def first_match(
    base: dt.date, unit: str, month: int | None, day: int | None, wd: int | None
) -> dt.date:
    """First date on or after `base` that fits the BY parts."""
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


def _take_freq(sr: _Series, f: Freq) -> bool:
    if sr.freq is None:
        sr.freq = Freq(f.unit, f.n, f.times, f.at_least)
    elif f.times != 1 or f.at_least:
        # «ежегодно не реже двух раз в год»: the count refines the frequency
        sr.freq = Freq(f.unit, f.n, f.times, f.at_least or sr.freq.at_least)
    else:
        return False
    return True


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
    elif it.spec is not None and it.kind in ("time", "deadline"):
        # «ежегодно до 20 декабря», «ежегодно в декабре», «ежегодно 1 сентября»
        sr.bymonth, sr.bymonthday = by_parts(it.spec, it.marker)
    elif it.kind == "deadline" and it.end is not None:
        sr.until = it.end  # «ежегодно до 1 февраля 2024 года»
    elif it.kind in ("time", "during") and it.time is not None:
        t = it.time
        if t.gran in ("year", "years", "academic") or it.kind == "during":
            sr.bounds = t
        elif t.start == t.end and out.anchor is None and sr.day_anchor is None:
            sr.day_anchor = t
        else:
            return False
    elif it.kind == "P" and it.tok is not None and it.tok.sub == "period":
        sr.by_period = True
    else:
        return False
    return True


def _start(ctx: Ctx, out: Out, sr: _Series, then_at: int | None) -> dt.date | None:
    """The first occurrence; a time written just before («2021-2024 ежегодно», «20 декабря
    2023 ежегодно») becomes the series' bounds or anchor and its own component is dropped."""
    assert sr.freq is not None
    anchor = out.anchor
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
    if sr.bounds is not None:
        return sr.bounds.start
    if ctx.period_start is not None:
        unit = sr.freq.unit
        return first_match(ctx.period_start, unit, sr.bymonth, sr.bymonthday, sr.byday)
    return None


def build_recurring(ctx: Ctx, out: Out, items: list[Item], i: int, then_at: int | None) -> int:
    """A frequency with its modifiers; returns the index of the first item not consumed."""
    sr = _Series(then_at if then_at is not None else items[i].s, items[i].e)
    j = i
    while j < len(items) and _take(sr, out, items[j]):
        sr.e = items[j].e
        j += 1
    if sr.freq is None:  # a day of month or a weekday alone is not a schedule
        for it in items[i:j]:
            out.add("unparsed", it.s, it.e)
        return max(j, i + 1)
    start = _start(ctx, out, sr, then_at)
    until = sr.until
    if until is None:
        if sr.bounds is not None:
            until = sr.bounds.end
        elif ctx.period is not None or sr.by_period:
            until = ctx.period_end
    if until is not None and start is not None and until < start:
        until = None
    period, rrule = freq_parts(sr.freq, sr.bymonth, sr.bymonthday, sr.byday, until)
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
