"""Indicators: target values by year.

Two places hold them:

- KPI tables (seed 002): a header row of years («Наименование показателя | 2022 г. | 2023 г. |
  2024 г.»), one indicator per row, a number per year. The unit is read from the indicator's
  name («…, % (отношение …)») or from a unit column («Ед. изм.»); the name is cut at the unit.
- Targets inside a roadmap row (seed 000 row 12: «…: не менее 10% не менее 20% не менее 35%
  не менее 50% не менее 70%» beside five dates): n targets beside n dated deadline groups get
  the year of each group; a single target beside a single group gets its year; otherwise the
  targets are kept without a year and a warning says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from prikaz.normalizers.assignments import deadline_groups
from prikaz.pipeline.model import Document, Row, Table
from prikaz.pipeline.records import DeadlineComponent, Indicator, RoadmapItem

YEAR_CELL = re.compile(r"^\s*(?P<year>(?:19|20)\d\d)\s*(?:г\.?|год\w*)?\s*$", re.IGNORECASE)
YEAR_CELL_EXAMPLES = ("2022 г.", "2023", "2024 год", "2021г.")
UNIT_HEADER = re.compile(r"ед(?:\.|иниц\w*)\s*(?:изм|измерени)", re.IGNORECASE)
NAME_HEADER = re.compile(r"показател|индикатор|наименование|критери", re.IGNORECASE)

# The unit at the end of an indicator's name: «…, %», «… (%)», «…, чел.», «…, % (опросный) (…)».
UNIT_IN_NAME = re.compile(
    r"(?:,\s*|\s*\(\s*|\s+в\s+)(?P<unit>%|процент\w*|чел\.?|человек|ед\.?|единиц\w*|"
    r"тыс\.\s*руб\.?|руб\.?|шт\.?)\s*\)?(?=\s*(?:\(|$))",
    re.IGNORECASE,
)
UNIT_EXAMPLES: dict[str, tuple[str, str]] = {
    "Доля детей, вошедших в программы наставничества, % (отношение количества …)": (
        "Доля детей, вошедших в программы наставничества",
        "%",
    ),
    "Уровень удовлетворённости наставляемых, % (опросный) (отношение …)": (
        "Уровень удовлетворённости наставляемых",
        "%",
    ),
    "Число наставников, чел.": ("Число наставников", "чел."),
    "Доля педагогов (%)": ("Доля педагогов", "%"),
    "Доля педагогов в процентах": ("Доля педагогов", "%"),
}

NUMBER = re.compile(
    r"^\s*(?:не\s+менее|не\s+более|до|более|менее|≥|≤|>|<)?\s*(?P<v>\d+(?:[.,]\d+)?)"
)
# A target in running text: «не менее 10%», «до 35 %», «70 процентов».
TARGET = re.compile(
    r"(?P<cmp>не\s+менее|не\s+более|не\s+ниже|не\s+выше|до|более|менее)?\s*"
    r"(?P<v>\d+(?:[.,]\d+)?)\s*(?P<unit>%|процент\w*)",
    re.IGNORECASE,
)


@dataclass
class IndicatorResult:
    indicators: list[Indicator] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def split_unit(name: str) -> tuple[str, str | None]:
    """(indicator name without its unit and trailing notes, unit) — see UNIT_EXAMPLES."""
    flat = re.sub(r"\s+", " ", name).strip()
    m = UNIT_IN_NAME.search(flat)
    if m is None:
        return flat, None
    unit = m.group("unit")
    if unit.lower().startswith("процент"):
        unit = "%"
    return flat[: m.start()].strip(" ,"), unit


def _value(text: str) -> float | None:
    m = NUMBER.match(text)
    return float(m.group("v").replace(",", ".")) if m else None


def _year_columns(row: Row) -> dict[int, int]:
    return {
        i: int(m.group("year"))
        for i, c in enumerate(row.cells)
        if (m := YEAR_CELL.match(c.text)) is not None
    }


def kpi_tables(doc: Document) -> list[Indicator]:
    """Indicator × year from every table whose header row lists years."""
    out: list[Indicator] = []
    columns: dict[int, int] = {}
    name_col = unit_col = None
    width = 0
    for table in doc.tables:
        rows = list(table.rows)
        if not rows:
            continue
        header_cols = _year_columns(rows[0])
        if header_cols and any(NAME_HEADER.search(c.text) for c in rows[0].cells):
            columns, width = header_cols, len(rows[0].cells)
            name_col = next(i for i, c in enumerate(rows[0].cells) if NAME_HEADER.search(c.text))
            unit_col = next(
                (i for i, c in enumerate(rows[0].cells) if UNIT_HEADER.search(c.text)), None
            )
            rows = rows[1:]
        elif not (columns and _continues(table, width, columns)):
            columns = {}
            continue
        out.extend(_kpi_rows(rows, columns, name_col or 0, unit_col))
    return out


def _continues(table: Table, width: int, columns: dict[int, int]) -> bool:
    """A header-less table of the KPI table's width, with numbers in the year columns."""
    first = table.rows[0]
    if len(first.cells) != width:
        return False
    return all(_value(first.cells[i].text) is not None for i in columns if i < width)


def _kpi_rows(
    rows: list[Row], columns: dict[int, int], name_col: int, unit_col: int | None
) -> list[Indicator]:
    out = []
    for row in rows:
        texts = row.texts
        if name_col >= len(texts) or not texts[name_col].strip():
            continue
        name, unit = split_unit(texts[name_col])
        if unit_col is not None and unit_col < len(texts) and texts[unit_col].strip():
            unit = texts[unit_col].strip()
        for col, year in columns.items():
            if col >= len(row.cells) or not row.cells[col].text.strip():
                continue
            cell = row.cells[col]
            out.append(
                Indicator(
                    indicator=name,
                    unit=unit,
                    year=year,
                    value=_value(cell.text),
                    raw=cell.text.strip(),
                    span_start=cell.span.start,
                    span_end=cell.span.end,
                )
            )
    return out


def roadmap_targets(
    doc: Document, item: RoadmapItem, components: list[DeadlineComponent]
) -> IndicatorResult:
    """Percent targets stated in a roadmap row's activity, with the years of its deadlines."""
    result = IndicatorResult()
    text = item.activity or ""
    targets = list(TARGET.finditer(text))
    if not targets:
        return result
    name = re.sub(r"\s+", " ", text[: targets[0].start()]).strip(" :;,-–—")
    groups = deadline_groups(item.deadline_raw or "", components)
    years: list[int | None] = [None] * len(targets)
    if len(groups) == len(targets):
        years = [_group_year([components[i] for i in g]) for g in groups]
    else:
        result.warnings.append(
            f"row {item.row_index}: {len(targets)} targets beside {len(groups)} deadlines; "
            "targets kept without a year"
        )
    base = doc.text.find(text[:40], item.span_start, item.span_end + 1) if text else -1
    for m, year in zip(targets, years, strict=True):
        result.indicators.append(
            Indicator(
                indicator=name,
                unit="%",
                year=year,
                value=float(m.group("v").replace(",", ".")),
                raw=m.group(0).strip(),
                row_index=item.row_index,
                span_start=base + m.start() if base >= 0 else None,
                span_end=base + m.end() if base >= 0 else None,
            )
        )
    return result


def _group_year(group: list[DeadlineComponent]) -> int | None:
    for c in group:
        day = c.end or c.start or c.dtstart
        if day is not None:
            return day.year
    return None
