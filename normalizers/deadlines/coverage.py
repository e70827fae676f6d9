"""Coverage: a cell whose words were not all read says so.

Every component carries the part of the cell it used (`text_start`..`text_end`). A word that
no component covers and that is not filler (`FILLER`: prepositions and conjunctions, «срок»,
year abbreviations) makes every component of the cell `partial`, with those words, as written,
in `unparsed_text` (regions joined with « … »). A cell in which nothing but unparsed pieces was
found becomes one `unparsed` component for the whole cell.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from prikaz.records import DeadlineComponent

from .context import Ctx
from .fallback import strip_span

FILLER = frozenset(
    {
        "срок", "сроки", "срока", "сроков", "исполнения", "выполнения",
        "г", "гг", "год", "года", "годы", "годов", "году",
        "и", "или", "а", "также", "но", "в", "во", "на", "с", "со", "по", "до", "к",
        "не", "позднее", "позже", "течение", "течении", "включительно", "период",
    }
)  # fmt: skip
WORD = re.compile(r"[^\W_]+")
GAP = " … "


def filler_only(norm: str, a: int, b: int) -> bool:
    """No word but filler in `norm[a:b]`."""
    return all(m.group() in FILLER for m in WORD.finditer(norm, a, b))


def _whole(norm: str, c: DeadlineComponent) -> bool:
    """`c` spans every letter and digit of the cell."""
    return not WORD.search(norm, 0, c.text_start) and not WORD.search(norm, c.text_end)


def leftover(norm: str, comps: list[DeadlineComponent]) -> list[tuple[int, int]]:
    """Spans of the uncovered non-filler words; the words of one gap between components
    (filler included) make one region."""
    regions: list[tuple[int, int]] = []
    a = 0
    spans = sorted((c.text_start, c.text_end) for c in comps)
    for s, e in [*spans, (len(norm), len(norm))]:
        if s > a:
            _gap(norm, a, s, regions)
        a = max(a, e)
    return regions


def _gap(norm: str, a: int, b: int, regions: list[tuple[int, int]]) -> None:
    """The region of non-filler words in norm[a:b], widened to whole words when a component
    ends or starts inside one."""
    while a > 0 and norm[a].isalnum() and norm[a - 1].isalnum():
        a -= 1
    while b < len(norm) and norm[b - 1].isalnum() and norm[b].isalnum():
        b += 1
    first = last = -1
    for m in WORD.finditer(norm, a, b):
        if m.group() not in FILLER:
            if first < 0:
                first = m.start()
            last = m.end()
    if first >= 0:
        regions.append((first, last))


def with_coverage(
    ctx: Ctx, comps: list[DeadlineComponent], unread: Sequence[tuple[int, int]] = ()
) -> list[DeadlineComponent]:
    """`comps` flagged when words were left: outside every component, or in `unread`
    stretches inside one."""
    if len(comps) == 1 and not unread and _whole(ctx.norm, comps[0]):
        return comps
    regions = leftover(ctx.norm, comps)
    for a, b in unread:
        _gap(ctx.norm, a, b, regions)
    regions.sort()
    if not regions or not comps:
        return comps
    if all(c.kind == "unparsed" for c in comps):
        s, e = strip_span(ctx.text)
        reason = next((c.reason for c in comps if c.reason), None)
        return [
            DeadlineComponent(
                "unparsed", text=ctx.text[s:e], text_start=s, text_end=e, reason=reason
            )
        ]
    left = GAP.join(ctx.text[a:b] for a, b in regions)
    return [dataclasses.replace(c, partial=True, unparsed_text=left) for c in comps]
