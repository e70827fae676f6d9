"""Who has which deadline, when a row lists k deadlines beside k parties.

Seed 004 row 1 of the first stage: «Декабрь 2020 г. Ноябрь 2020 г. Ноябрь 2020 г.» beside
«ОГБУ «РЦРО» МОУО ОО, ДО» — three deadlines for three slots of the responsible cell (ОГБУ
«РЦРО»; МОУО; ОО, ДО). Rows 5 and 6 hold one deadline and one slot per sub-row.

- The deadline cell is cut into groups: one per line when the cell has line breaks (sub-rows),
  else a new group at each dated component (date, window, deadline) — a «далее – ежегодно …»
  or «или по запросу» after it stays in its group, and so does «ежегодно» after «2021-2024».
- The responsible cell's slots come from `split_parties` (line breaks, kept or lost).
- k groups beside k slots (k ≥ 2): every component of group i is paired with every party of
  slot i; `Assignment.k` is k.
- k ≥ 2 groups beside a different number (≥ 2) of slots, or beside as many comma-separated
  parties in one slot («Июль 2021 г., Второе полугодие 2021 г.» for «Евстропова Л.Г., …,
  Администрация образовательных организаций»): a warning, no pairs.
- A single group, or a single party: everyone has every deadline; nothing to pair.
"""

from __future__ import annotations

from prikaz.normalizers.responsibles import Party
from prikaz.records import Assignment, DeadlineComponent

ANCHOR_KINDS = frozenset({"date", "window", "deadline"})


def deadline_groups(deadline_raw: str, components: list[DeadlineComponent]) -> list[list[int]]:
    """Indices of `components` grouped by the party they are for (see the module doc)."""
    if not components:
        return []
    if "\n" in deadline_raw.strip():
        starts = [i for i, ch in enumerate(deadline_raw) if ch == "\n"]
        by_line: dict[int, list[int]] = {}
        for index, c in enumerate(components):
            line = sum(1 for s in starts if s < c.text_start)
            by_line.setdefault(line, []).append(index)
        return [by_line[k] for k in sorted(by_line)]
    groups: list[list[int]] = []
    for index, c in enumerate(components):
        continues = c.text.lower().startswith(("далее", "затем"))
        if groups and (c.kind not in ANCHOR_KINDS or continues):
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def align(
    row_index: int,
    deadline_raw: str | None,
    components: list[DeadlineComponent],
    parties: list[Party],
) -> tuple[list[Assignment], list[str]]:
    """Aligned (deadline component, party) pairs of one row, and warnings."""
    groups = deadline_groups(deadline_raw or "", components)
    slots: dict[int, list[int]] = {}
    for index, party in enumerate(parties):
        slots.setdefault(party.slot, []).append(index)
    k = len(groups)
    if k < 2 or len(parties) < 2:
        return [], []
    if len(slots) == k:
        pairs = [
            Assignment(row_index, k, c, r)
            for group, slot in zip(groups, sorted(slots), strict=True)
            for c in group
            for r in slots[slot]
        ]
        return pairs, []
    if len(slots) >= 2:
        return [], [
            f"row {row_index}: {k} deadlines beside {len(slots)} lines of responsibles; not paired"
        ]
    if len(parties) == k:
        return [], [
            f"row {row_index}: {k} deadlines beside {k} parties in one line; "
            "they may pair up, not paired"
        ]
    return [], []
