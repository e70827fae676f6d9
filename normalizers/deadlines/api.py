"""`parse_deadline`: the layers in order."""

from __future__ import annotations

import datetime as dt
import re

from prikaz.records import DeadlineComponent

from . import fallback as fb
from .build import build
from .context import Ctx, backfill_years
from .coverage import with_coverage
from .grammar import items
from .parts import apply_parts
from .scanner import normalize, tokens
from .series import with_yearly_series
from .tokens import Period

_HAS_WORD = re.compile(r"\w")


def parse_deadline(
    text: str,
    *,
    doc_date: dt.date | None = None,
    period: Period | None = None,
    academic_year: int | None = None,
) -> list[DeadlineComponent]:
    """Components of one deadline cell (see the design note «Deadline components»).

    `doc_date` resolves year-less dates («до 30 января»); `period` is the programme's span of
    years and bounds «ежегодно» and «в течение всего периода». A phrase no rule reads comes back
    as one `unparsed` component; an internal failure raises (the pipeline's stage runner records
    it as a `stage deadlines: …` warning, never as a fake `unparsed`). `academic_year` is the
    first year of the school year a school's plan is for (see `academic_year_in`): a year-less
    month takes its year within that school year («сентябрь-май» → September of it to May of
    the next).

    A cell that is read only in part says so: its components are `partial`, with the words no
    component used in `unparsed_text` (see `coverage`); a time counted from the document's own
    date is `relative`; an unparsed component may carry its `reason`.

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
    return parse(text, doc_date, period, academic_year)


def parse(
    text: str,
    doc_date: dt.date | None,
    period: Period | None,
    academic_year: int | None = None,
) -> list[DeadlineComponent]:
    """`parse_deadline` with positional context (the property tests call this one)."""
    if not isinstance(text, str) or not _HAS_WORD.search(text):
        return []
    if period is not None and period[0] > period[1]:
        period = None
    ctx = Ctx(text, normalize(text), doc_date, period, academic_year)
    toks = apply_parts(ctx, tokens(ctx.norm))
    backfill_years(toks)
    built, unread = build(ctx, items(ctx, toks))
    comps = with_yearly_series(built)
    if fb.needs_fallback(text, comps):
        rescued = fb.fallback(text)
        if rescued is not None:
            return [rescued]
    if not comps:
        s, e = fb.strip_span(text)
        comps = [DeadlineComponent("unparsed", text=text[s:e], text_start=s, text_end=e)]
    return with_coverage(ctx, comps, unread)


_ACADEMIC = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*[-/–—]\s*((?:19|20)?\d\d)(?!\d)\s*(?:-?\s*г(?:г|од[а-я]*)?\.?\s*)?"
    r"(?:уч(?:ебн[а-я]*|\.)|тренировочн)",
    re.IGNORECASE,
)


def academic_year_in(text: str | None) -> int | None:
    """The first year of the first school (or sports-training) year a text names («на
    2019-2020 учебный год» → 2019); for `parse_deadline(academic_year=…)`, given the
    document's title."""
    for m in _ACADEMIC.finditer(text or ""):
        y1, y2 = int(m[1]), m[2]
        y2i = y1 // 100 * 100 + int(y2) if len(y2) == 2 else int(y2)
        if y2i == y1 + 1:
            return y1
    return None
