"""Items into components: times, deadlines, phrases, and frequencies with their anchors."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from prikaz.records import DeadlineComponent

from .assembly import Out
from .context import Ctx
from .grammar import Item
from .recurrence import build_recurring
from .tokens import Time

_PASS = ("then", "or", "sep")  # items that keep a pending «далее» and the anchor


def build(ctx: Ctx, items: list[Item]) -> tuple[list[DeadlineComponent], list[tuple[int, int]]]:
    """The components, and the stretches inside them that no item read (for `coverage`)."""
    out = Out(ctx)
    i = 0
    then_at: int | None = None  # start offset of a pending «далее»
    then_end = 0
    while i < len(items):
        it = items[i]
        if then_at is not None and it.kind in ("F", "DOM", "WD", "P"):
            out.unread.append((then_end, it.s))  # words between «далее» and what it applies to
        if it.kind in ("F", "DOM", "WD"):
            i = build_recurring(ctx, out, items, i, then_at)
            then_at = None
            continue
        if it.kind == "then":
            then_at, then_end = it.s, it.e
        elif it.kind == "P":
            _build_phrase(ctx, out, it, then_at)
        elif it.kind == "R":
            _build_relative(ctx, out, it)
        elif it.kind not in _PASS:
            _build_time(ctx, out, it)
        if it.kind not in _PASS:
            then_at = None
        i += 1
    if then_at is not None:
        _open_end(ctx, out, then_end)
    return out.comps, out.unread


def _open_end(ctx: Ctx, out: Out, e: int) -> None:
    """«2023 г. и далее»: a «далее» with nothing after it leaves the time before it open,
    bounded only by the programme period."""
    if out.anchor is None or out.anchor[0] != len(out.comps) - 1:
        return
    idx, t = out.anchor
    c = out.comps.pop(idx)
    if c.kind not in ("window", "date", "continuous") or t.start is None:
        out.comps.append(c)
        return
    pe = ctx.period_end
    end = pe if pe is not None and pe >= t.start else None
    out.add("continuous", c.text_start, e, start=t.start, end=end)


def _build_relative(ctx: Ctx, out: Out, it: Item) -> None:
    """A time counted from this document's date (its signing or the plan's approval): a day
    count starts the day after (Civil Code art. 191), a month or a year ends on the same day
    of the month it reaches (art. 192)."""
    assert it.tok is not None and it.tok.freq is not None
    d = ctx.doc_date
    if d is None:
        out.add("unparsed", it.s, it.e, reason="counted from the document, which has no date")
        return
    f = it.tok.freq
    step = {"D": relativedelta(days=f.n), "W": relativedelta(weeks=f.n)}.get(
        f.unit, relativedelta(months=f.n) if f.unit == "M" else relativedelta(years=f.n)
    )
    end = d + step
    how = it.tok.sub
    if how == "within":
        out.add("window", it.s, it.e, start=d, end=end, relative=True)
    elif how == "by":
        out.add("deadline", it.s, it.e, end=end, relative=True)
    elif how == "after":
        out.add("date", it.s, it.e, start=end, end=end, relative=True)
    else:  # «после утверждения плана»: from the document's date on
        out.add("continuous", it.s, it.e, start=d, relative=True)


def _build_time(ctx: Ctx, out: Out, it: Item) -> None:
    k = it.kind
    if k in ("time", "deadline", "during", "from") and it.time is None:
        out.add("unparsed", it.s, it.e)  # a year-less date without context
    elif k == "time":
        assert it.time is not None
        out.add_time(it.time, it.s, it.e)
    elif k == "deadline":
        out.add("deadline", it.s, it.e, end=it.end)
        if it.end is not None:  # «До 20.02.2023, далее – ежегодно»: the series starts there
            out.anchor = (len(out.comps) - 1, Time(it.end, it.end, "day"))
    elif k == "during":
        assert it.time is not None
        out.add("continuous", it.s, it.e, start=it.time.start, end=it.time.end)
        if it.time.gran in ("year", "years", "academic"):  # «в течение 2023-2024 гг. (ежегодно)»
            out.anchor = (len(out.comps) - 1, it.time)
    elif k == "from":
        assert it.time is not None
        pe = ctx.period_end
        end = pe if pe is not None and it.time.start and pe >= it.time.start else None
        out.add("continuous", it.s, it.e, start=it.time.start, end=end)
    else:  # BAD
        reason = it.tok.sub if it.tok is not None and it.tok.sub else None
        out.add("unparsed", it.s, it.e, reason=reason)


def _build_phrase(ctx: Ctx, out: Out, it: Item, then_at: int | None) -> None:
    assert it.tok is not None
    sub = it.tok.sub
    s = then_at if then_at is not None else it.s
    if sub in ("on_demand", "by_plan"):
        out.add(sub, s, it.e)
    elif sub == "period":
        start, end = ctx.period_start, ctx.period_end
        if then_at is not None and out.anchor is not None:
            # «Апрель 2021 г., далее - регулярное обновление»: from the anchor on
            start = out.anchor[1].start
            end = end if end is not None and start is not None and end >= start else None
        out.add("continuous", s, it.e, start=start, end=end)
    elif sub == "year" and ctx.academic_year is not None:  # a school's «год» is its school year
        ay = ctx.academic_year
        out.add("continuous", s, it.e, start=dt.date(ay, 9, 1), end=dt.date(ay + 1, 8, 31))
    elif sub == "year":
        y = ctx.doc_date.year if ctx.doc_date else None
        start = dt.date(y, 1, 1) if y else None
        out.add("continuous", s, it.e, start=start, end=dt.date(y, 12, 31) if y else None)
    elif sub == "academic":
        d = ctx.doc_date
        if ctx.academic_year is not None:
            ay = ctx.academic_year
            out.add("continuous", s, it.e, start=dt.date(ay, 9, 1), end=dt.date(ay + 1, 8, 31))
        elif d is None:
            out.add("continuous", s, it.e)
        else:
            y = d.year if d.month >= 9 else d.year - 1
            out.add("continuous", s, it.e, start=dt.date(y, 9, 1), end=dt.date(y + 1, 8, 31))
    elif sub in ("eoy", "eoay"):
        d = ctx.doc_date
        if sub == "eoay" and ctx.academic_year is not None:
            out.add("deadline", s, it.e, end=dt.date(ctx.academic_year + 1, 8, 31))
        elif d is None:
            out.add("unparsed", s, it.e)
        elif sub == "eoy":
            out.add("deadline", s, it.e, end=dt.date(d.year, 12, 31))
        else:
            y = d.year + 1 if d.month >= 9 else d.year
            out.add("deadline", s, it.e, end=dt.date(y, 8, 31))
