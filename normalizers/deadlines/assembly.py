"""Components under construction, with the time a following frequency may attach to."""

from __future__ import annotations

import datetime as dt

from prikaz.records import DeadlineComponent

from .context import Ctx
from .tokens import Time


class Out:
    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.comps: list[DeadlineComponent] = []
        self.anchor: tuple[int, Time] | None = None  # index in comps of the last time
        # stretches inside components that nothing read («далее – обновление не реже …»)
        self.unread: list[tuple[int, int]] = []

    def add(
        self,
        kind: str,
        s: int,
        e: int,
        start: dt.date | None = None,
        end: dt.date | None = None,
        dtstart: dt.date | None = None,
        rrule: str | None = None,
        period: str | None = None,
        times: int | None = None,
        at_least: bool = False,
        *,
        relative: bool = False,
        reason: str | None = None,
    ) -> None:
        text = self.ctx.text[s:e]
        if text.count("(") > text.count(")"):  # «ежегодно (2021-2024 гг.)»: keep the pair
            close = self.ctx.norm.find(")", e)
            if close >= 0 and not self.ctx.norm[e:close].strip():
                e = close + 1
                text = self.ctx.text[s:e]
        self.comps.append(
            DeadlineComponent(
                kind,
                start,
                end,
                dtstart,
                rrule,
                period,
                times,
                at_least,
                text,
                s,
                e,
                relative=relative,
                reason=reason,
            )
        )
        self.anchor = None

    def add_time(self, t: Time, s: int, e: int) -> None:
        if t.start == t.end:
            self.add("date", s, e, start=t.start, end=t.end)
        else:
            self.add("window", s, e, start=t.start, end=t.end)
        self.anchor = (len(self.comps) - 1, t)
