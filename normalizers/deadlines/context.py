"""Context: the document's date and the programme period, and the years they give."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .lexicon import materialize
from .tokens import Period, Time, Tok


@dataclass(slots=True)
class Ctx:
    text: str  # the original input
    norm: str
    doc_date: dt.date | None
    period: Period | None
    academic_year: int | None = None  # first year of the school year the document is for

    @property
    def period_start(self) -> dt.date | None:
        return dt.date(self.period[0], 1, 1) if self.period else None

    @property
    def period_end(self) -> dt.date | None:
        return dt.date(self.period[1], 12, 31) if self.period else None

    def gap_blank(self, a: int, b: int) -> bool:
        return not self.norm[a:b].strip(' "«»:')

    def context_year(self, t: Time, ahead: bool = True) -> int | None:
        """The year of a year-less time: in a school year's plan, the year of that month within
        the school year (September–December the first, January–August the second) — or, with
        `ahead`, the document's own year when the plan is dated before that school year and
        the month is still to come in it («август» in a plan of 24 August 2019 for 2019/20);
        else the document's year (the next one when the time is already over by the
        document's date); else the programme's first year."""
        ay = self.academic_year
        if ay is not None and t.spec is not None:
            m = t.spec[0]
            d = self.doc_date
            if ahead and d is not None and d.year == ay and d.month <= m <= 8:
                return ay
            return ay if m >= 9 else ay + 1
        if self.doc_date is not None:
            y = self.doc_date.year
            cur = materialize(t, y)
            if cur is not None and cur.end is not None and cur.end < self.doc_date:
                y += 1
            return y
        if self.period is not None:
            return self.period[0]
        return None


def resolve(ctx: Ctx, t: Time) -> Time | None:
    """`t` with its year (None when a year-less time has no context)."""
    if t.spec is None:
        return t
    y = ctx.context_year(t)
    return None if y is None else materialize(t, y)


_LINKS = frozenset({"SEP", "DASH"})


def backfill_years(toks: list[Tok]) -> None:
    """A year-less time followed in a list or range by a dated one takes that year; from the
    right, so a list of months shares one trailing year («январь, апрель, июль 2022 г.»)."""
    for i in range(len(toks) - 1, -1, -1):
        tok = toks[i]
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
        t = materialize(tok.time, y)
        if t is not None and t.start is not None and t.start > nxt.time.start:
            t = materialize(tok.time, y - 1)
        if t is not None:
            tok.time = t
