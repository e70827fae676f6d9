"""Yearly series of dates («01.08.2020 01.08.2021 01.08.2022»): each date carries the rrule."""

from __future__ import annotations

import dataclasses

from prikaz.records import DeadlineComponent

from .recurrence import freq_parts
from .tokens import Freq

_SERIES_MIN = 3
SERIES_EXAMPLES: dict[str, list[str]] = {
    # phrase (no context) → components, in the `describe` notation
    "01.08.2020 01.08.2021 01.08.2022": [
        "date 2020-08-01 FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=1;UNTIL=20220801 «01.08.2020»",
        "date 2021-08-01 dtstart=2020-08-01 FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=1;UNTIL=20220801 "
        "«01.08.2021»",
        "date 2022-08-01 dtstart=2020-08-01 FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=1;UNTIL=20220801 "
        "«01.08.2022»",
    ],
    "30.12.2020 01.09.2021 01.09.2022 01.09.2023": [
        "date 2020-12-30 «30.12.2020»",
        "date 2021-09-01 FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1;UNTIL=20230901 «01.09.2021»",
        "date 2022-09-01 dtstart=2021-09-01 FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1;UNTIL=20230901 "
        "«01.09.2022»",
        "date 2023-09-01 dtstart=2021-09-01 FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1;UNTIL=20230901 "
        "«01.09.2023»",
    ],
    # two dates are not a series; a gap in the years or another day breaks it
    "01.08.2020 01.08.2021": ["date 2020-08-01 «01.08.2020»", "date 2021-08-01 «01.08.2021»"],
    "01.08.2020 01.08.2022 01.08.2023": [
        "date 2020-08-01 «01.08.2020»",
        "date 2022-08-01 «01.08.2022»",
        "date 2023-08-01 «01.08.2023»",
    ],
    "01.08.2020 02.08.2021 01.08.2022": [
        "date 2020-08-01 «01.08.2020»",
        "date 2021-08-02 «02.08.2021»",
        "date 2022-08-01 «01.08.2022»",
    ],
}


def with_yearly_series(comps: list[DeadlineComponent]) -> list[DeadlineComponent]:
    """`comps` with each yearly series of dates carrying its rrule (see `parse_deadline`)."""
    if len(comps) < _SERIES_MIN:
        return comps
    out: list[DeadlineComponent] = []
    i = 0
    while i < len(comps):
        j = i + 1
        while j < len(comps) and _next_in_series(comps[j - 1], comps[j]):
            j += 1
        first, last = comps[i], comps[j - 1]
        if j - i >= _SERIES_MIN and first.start is not None and last.end is not None:
            _, rrule = freq_parts(Freq("Y"), first.start.month, first.start.day, None, last.end)
            out.extend(dataclasses.replace(c, dtstart=first.start, rrule=rrule) for c in comps[i:j])
        else:
            out.extend(comps[i:j])
        i = j
    return out


def _next_in_series(a: DeadlineComponent, b: DeadlineComponent) -> bool:
    if a.kind != "date" or b.kind != "date" or a.start is None or b.start is None:
        return False
    return (b.start.month, b.start.day) == (a.start.month, a.start.day) and (
        b.start.year == a.start.year + 1
    )
