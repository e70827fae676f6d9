"""Parts of a period («начало 2023 года», «первая половина», «вторая декада сентября»).

A part marker followed by a time becomes one time token. Convention (docs/deadlines.md):
начало / середина / конец are the first / middle / last third of the period — for a year
January–April, May–August, September–December; for a quarter its first, second, third month;
for a month the days 1–10, 11–20, 21–end (the декады); первая / вторая половина are its halves
(a month: 1–15, 16–end); a декада is one of a month's thirds. A period whose months do not
divide into thirds or halves, a day or a range of days gives an unparsed component.
"""

from __future__ import annotations

import datetime as dt

from .context import Ctx
from .lexicon import last_day, span
from .tokens import Time, Tok

_THIRD = {"b": 0, "m": 1, "e": 2, "d1": 0, "d2": 1, "d3": 2}
_HALF = {"h1": 0, "h2": 1}


def _month_part(y: int | None, m: int, which: str) -> Tok:
    if which in _HALF:
        d1, d2 = ((1, 15), (16, None))[_HALF[which]]
    else:
        d1, d2 = ((1, 10), (11, 20), (21, None))[_THIRD[which]]
    return span(y, m, d1, m, d2, "span")


def _months_part(first: dt.date, k: int, which: str) -> Tok:
    """Part of k whole months starting at `first` (may cross a year)."""
    if which.startswith("d"):
        return Tok("BAD", "a декада of more than a month")
    pieces = 2 if which in _HALF else 3
    if k % pieces:
        return Tok("BAD", "a period that does not divide into parts")
    size = k // pieces
    index = _HALF.get(which, _THIRD.get(which, 0))
    a = first.year * 12 + first.month - 1 + index * size
    b = a + size - 1
    start = dt.date(a // 12, a % 12 + 1, 1)
    return Tok("T", time=Time(start, last_day(b // 12, b % 12 + 1), "span"))


def part_of(t: Time, which: str) -> Tok:
    """The part `which` (b, m, e, h1, h2, d1-d3) of a time of whole months."""
    if t.spec is not None:
        m1, d1, m2, d2 = t.spec
        if d1 is not None or d2 is not None:
            return Tok("BAD", "a part of a day")
        if m1 == m2:
            return _month_part(None, m1, which)
        tok = _months_part(dt.date(2001, m1, 1), m2 - m1 + 1, which)
        if tok.time is None or tok.time.start is None or tok.time.end is None:
            return tok
        s, e = tok.time.start, tok.time.end
        return span(None, s.month, None, e.month, None, "span")
    assert t.start is not None and t.end is not None
    if t.start.day != 1 or t.end != last_day(t.end.year, t.end.month):
        return Tok("BAD", "a part of a day")
    k = (t.end.year - t.start.year) * 12 + t.end.month - t.start.month + 1
    if k == 1:
        return _month_part(t.start.year, t.start.month, which)
    return _months_part(t.start, k, which)


def apply_parts(ctx: Ctx, toks: list[Tok]) -> list[Tok]:
    """`toks` with each part marker and the time after it joined into one token."""
    norm = ctx.norm
    if not ("нач" in norm or "сер" in norm or "кон" in norm or "полов" in norm or "декад" in norm):
        return toks  # no part word: the common case, checked on the text at C speed
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "M" and tok.sub.startswith("part:") and i + 1 < len(toks):
            nxt = toks[i + 1]
            if nxt.kind == "T" and nxt.time is not None and ctx.gap_blank(tok.e, nxt.s):
                got = part_of(nxt.time, tok.sub[5:])
                out.append(Tok(got.kind, got.sub, got.time, s=tok.s, e=nxt.e))
                i += 2
                continue
        out.append(tok)
        i += 1
    return out
