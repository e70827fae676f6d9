"""Components for JSON and for eyes (the `describe` notation of the test tables)."""

from __future__ import annotations

import datetime as dt

from prikaz.records import DeadlineComponent


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def component_to_dict(c: DeadlineComponent) -> dict[str, object]:
    """JSON-ready: the Parquet columns of `deadlines`, dates as ISO strings."""
    return {
        "kind": c.kind,
        "start": _iso(c.start),
        "end": _iso(c.end),
        "dtstart": _iso(c.dtstart),
        "rrule": c.rrule,
        "period": c.period,
        "times": c.times,
        "at_least": c.at_least,
        "text": c.text,
        "text_start": c.text_start,
        "text_end": c.text_end,
        "partial": c.partial,
        "unparsed_text": c.unparsed_text,
        "relative": c.relative,
        "reason": c.reason,
    }


def describe(c: DeadlineComponent, phrase: str | None = None) -> str:
    """One line for tables and eyes:
    `kind [period xN[+]] [start..end] [dtstart=…] [rrule] [relative] [«text»] [partial=«…»]
    [reason=«…»]`.

    `«text»` is appended when `phrase` is given and the component covers only part of it;
    `partial=«…»` shows the words of the cell no component read.
    """
    parts = [c.kind]
    if c.kind == "recurring":
        parts.append(f"{c.period} x{c.times}{'+' if c.at_least else ''}")
    if c.kind == "date":
        parts.append(_iso(c.start) or "")
    elif c.start is not None or c.end is not None:
        parts.append(f"{_iso(c.start) or ''}..{_iso(c.end) or ''}")
    if (c.dtstart is not None or c.kind == "recurring") and c.dtstart != c.start:
        parts.append(f"dtstart={_iso(c.dtstart)}")
    if c.rrule:
        parts.append(c.rrule)
    if c.relative:
        parts.append("relative")
    if phrase is not None and c.text != phrase.strip():
        parts.append(f"«{c.text}»")
    if c.partial:
        parts.append(f"partial=«{c.unparsed_text}»")
    if c.reason:
        parts.append(f"reason=«{c.reason}»")
    return " ".join(parts)
