"""Items into components: times, deadlines, phrases, and frequencies with their anchors."""

from __future__ import annotations

import datetime as dt

from prikaz.records import DeadlineComponent

from .assembly import Out
from .context import Ctx
from .grammar import Item
from .recurrence import build_recurring
from .tokens import Time

_PASS = ("then", "or", "sep")  # items that keep a pending «далее» and the anchor


def build(ctx: Ctx, items: list[Item]) -> list[DeadlineComponent]:
    out = Out(ctx)
    i = 0
    then_at: int | None = None  # start offset of a pending «далее»
    while i < len(items):
        it = items[i]
        if it.kind in ("F", "DOM", "WD"):
            i = build_recurring(ctx, out, items, i, then_at)
            then_at = None
            continue
        if it.kind == "then":
            then_at = it.s
        elif it.kind == "P":
            _build_phrase(ctx, out, it, then_at)
        elif it.kind not in _PASS:
            _build_time(ctx, out, it)
        if it.kind not in _PASS:
            then_at = None
        i += 1
    return out.comps


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
    elif k == "from":
        assert it.time is not None
        pe = ctx.period_end
        end = pe if pe is not None and it.time.start and pe >= it.time.start else None
        out.add("continuous", it.s, it.e, start=it.time.start, end=end)
    else:  # BAD
        out.add("unparsed", it.s, it.e)


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
