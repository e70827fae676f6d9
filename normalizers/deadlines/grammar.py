"""Tokens into items: ranges («апрель-май 2022», «с … по …») and markers applied to times."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from .context import Ctx, resolve
from .lexicon import materialize, mk
from .tokens import Time, Tok


@dataclass(slots=True)
class Item:
    kind: str  # time | deadline | during | from | F | P | R | DOM | WD | then | or | sep | BAD
    s: int
    e: int
    time: Time | None = None  # resolved; None when a year-less time has no context
    end: dt.date | None = None  # deadline
    spec: Time | None = None  # the year-less time as written, for «ежегодно до 20 декабря»
    marker: str = ""
    tok: Tok | None = None


_APPLIED = ("by_end", "by_start", "during", "from", "in")  # markers that take a time


def _is_time(toks: list[Tok], k: int) -> bool:
    return k < len(toks) and toks[k].kind == "T"


def _linked(link: Tok, from_marker: bool) -> bool:
    """`link` joins two times into a range: a dash, or «по»/«до» after «с»."""
    if link.kind == "DASH":
        return True
    return from_marker and link.kind == "M" and link.sub in ("by_end", "by_start")


def _time_or_range(
    ctx: Ctx, toks: list[Tok], k: int, from_marker: bool
) -> tuple[Time | None, int, Time | None, bool]:
    """(resolved time, next index, year-less spec, ok) for the time or range at k."""
    a = toks[k]
    assert a.time is not None
    if (
        _is_time(toks, k + 2)
        and _linked(toks[k + 1], from_marker)
        and ctx.gap_blank(a.e, toks[k + 1].s)
        and ctx.gap_blank(toks[k + 1].e, toks[k + 2].s)
    ):
        b = toks[k + 2]
        assert b.time is not None
        if a.time.spec is not None and b.time.spec is not None:
            return _yearless_range(ctx, a.time, b.time), k + 3, _joined(a.time, b.time), True
        ta, tb = resolve(ctx, a.time), resolve(ctx, b.time)
        if ta is None or tb is None or ta.start is None or tb.end is None:
            return None, k + 3, None, False
        if ta.start > tb.end:
            return None, k + 3, None, False
        gran = "years" if ta.gran == tb.gran == "year" else "span"
        return Time(ta.start, tb.end, gran), k + 3, None, True
    spec = a.time if a.time.spec is not None else None
    t = resolve(ctx, a.time)
    return t, k + 1, spec, t is not None or spec is not None


def _joined(a: Time, b: Time) -> Time:
    """«сентябрь-октябрь», «ноябрь-февраль» as one year-less time: the pattern a frequency
    before it takes («ежегодно (ноябрь-февраль)»); its end may come before its start."""
    assert a.spec is not None and b.spec is not None
    return Time(None, None, "span", (a.spec[0], a.spec[1], b.spec[2], b.spec[3]))


def _yearless_range(ctx: Ctx, a: Time, b: Time) -> Time | None:
    """A range of year-less times takes the year of its end; a start after the end in the
    calendar («сентябрь-май», «октябрь-апрель») is in the year before."""
    y = ctx.context_year(b, ahead=False)
    if y is None:
        return None
    tb = materialize(b, y)
    ta = materialize(a, y)
    if ta is not None and tb is not None and ta.start and tb.end and ta.start > tb.end:
        ta = materialize(a, y - 1)
    if ta is None or tb is None or ta.start is None or tb.end is None:
        return None
    return Time(ta.start, tb.end, "span")


def _marked(ctx: Ctx, toks: list[Tok], i: int) -> tuple[Item, int]:
    """The marker at i applied to the time or range after it; (item, next index)."""
    tok = toks[i]
    t, j, spec, ok = _time_or_range(ctx, toks, i + 1, tok.sub == "from")
    e = toks[j - 1].e
    if not ok:
        return Item("BAD", tok.s, e), j
    if tok.sub in ("by_end", "by_start"):
        end = None if t is None else t.end if tok.sub == "by_end" else t.start
        return Item("deadline", tok.s, e, t, end, spec, tok.sub), j
    if tok.sub == "during":
        return Item("during", tok.s, e, t, None, spec), j
    if tok.sub == "in":
        return Item("time", tok.s, e, t, None, spec, "in"), j
    if j - i == 4:  # «с … по …»
        return Item("time", tok.s, e, t, None, spec, "range"), j
    return Item("from", tok.s, e, t, None, spec), j


def items(ctx: Ctx, toks: list[Tok]) -> list[Item]:
    """Ranges and markers applied to times; everything else passes through."""
    out: list[Item] = []
    n = len(toks)
    i = 0
    while i < n:
        tok = toks[i]
        if tok.kind == "M" and tok.sub in _APPLIED:
            if _is_time(toks, i + 1) and ctx.gap_blank(tok.e, toks[i + 1].s):
                item, i = _marked(ctx, toks, i)
                out.append(item)
            else:
                i += 1
            continue
        if tok.kind == "T":
            t, j, spec, ok = _time_or_range(ctx, toks, i, False)
            e = toks[j - 1].e
            out.append(Item("time", tok.s, e, t, None, spec) if ok else Item("BAD", tok.s, e))
            i = j
            continue
        if tok.kind == "M" and tok.sub in ("then", "or"):
            out.append(Item(tok.sub, tok.s, tok.e))
        elif tok.kind in ("F", "P", "BAD", "DOM", "WD", "R"):
            out.append(Item(tok.kind, tok.s, tok.e, tok=tok))
        elif tok.kind == "SEP" and ctx.norm[tok.s] in "\n;":
            out.append(Item("sep", tok.s, tok.e))
        i += 1
    _chronological(out)
    _years_of_a_list(ctx, out)
    return out


def _years_of_a_list(ctx: Ctx, out: list[Item]) -> None:
    """«Апрель-май 2023, 2024 гг.»: a bare year with «гг.» after a dated part of a year
    is that part again in that year."""
    for prev, cur in itertools.pairwise(out):
        a, b = prev.time, cur.time
        if prev.kind != "time" or cur.kind != "time" or a is None or b is None:
            continue
        if (
            b.gran != "year"
            or a.gran in ("year", "years", "academic")
            or "гг" not in ctx.norm[cur.s : cur.e]
        ):
            continue
        if a.start is None or a.end is None or a.start.year != a.end.year or b.start is None:
            continue
        y = b.start.year
        start, end = mk(y, a.start.month, a.start.day), mk(y, a.end.month, a.end.day)
        if start is not None and end is not None:
            cur.time = Time(start, end, a.gran)


def _chronological(out: list[Item]) -> None:
    """Year-less months listed one after another («Июль, август», «Август, январь») are in
    the order written: one that would fall before the one listed just before it is in the
    next year."""
    for prev, cur in itertools.pairwise(out):
        if not (prev.kind == cur.kind == "time" and prev.spec is not None and cur.spec):
            continue
        if cur.spec.spec is None or cur.spec.spec[0] != cur.spec.spec[2]:
            continue  # only single months and days move
        if prev.time is None or cur.time is None or cur.time.start is None:
            continue
        if prev.time.start is not None and cur.time.start < prev.time.start:
            later = materialize(cur.spec, cur.time.start.year + 1)
            if later is not None:
                cur.time = later
