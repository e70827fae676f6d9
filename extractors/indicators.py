"""Indicators: target values by year.

Two places hold them:

- KPI tables (seed 002): a header row of years («Наименование показателя | 2022 г. | 2023 г. |
  2024 г.»), one indicator per row, a number per year. The unit is read from the indicator's
  name («…, % (отношение …)») or from a unit column («Ед. изм.»); the name is cut at the unit.
- Targets inside a roadmap row (seed 000 row 12: «…: не менее 10% не менее 20% не менее 35%
  не менее 50% не менее 70%» beside five dates): n targets beside n dated deadline groups get
  the year of each group; a single target beside a single group gets its year; otherwise the
  targets are kept without a year and a warning says so.
- Yearly counts in a roadmap row's result cell (seed 003 rows 5-6: «2021 год – 1 школа, 1 ДОУ
  2022 год – 2 школы, 2 ДОУ, 1 ДО; 2023 – 4 школы, …»): a year label («2021 год –», «2023 –»,
  «2022 г.:») opens a list of «number + counted thing» items, up to the next label. One
  indicator per item: `indicator` is the counted thing in nominative plural («школа», «школ» →
  «школы»; an abbreviation stays as written, or takes the full form the document defines —
  «ДОУ» is not defined in seed 003, so it is kept, never guessed), `unit` is «единиц» (the value
  is a count of that thing; null stays for «unit not found»), `year` the label's year, `raw`
  the item as written («5 школ») with its span in the document text. The year is the label
  that opens the list the item stands in. A list that is not made only of such items (prose:
  «2021 год – проведено 5 семинаров для педагогов») is skipped: a number in a sentence is not a
  target. COUNT_EXAMPLES holds the phrases this rule must handle.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from pymorphy2.analyzer import Parse

from prikaz.extractors.tables import (
    BASE_YEAR,
    INDICATOR_NAME,
    KIND_OF,
    PLAN_FACT,
    Header,
    HeaderColumn,
    LogicalCell,
    TableKind,
    classify_table,
    document_tables,
    is_column_number_row,
    logical_cells,
    year_column,
)
from prikaz.model import Document, Table
from prikaz.morphology import morph
from prikaz.normalizers.assignments import deadline_groups
from prikaz.records import DeadlineComponent, Indicator, RoadmapItem

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

NO_VALUE = re.compile(r"\s*[-–—xх]?\s*", re.IGNORECASE)  # «-», «–», «х»: nothing planned that year
NUMBER = re.compile(
    r"^\s*(?:не\s+менее|не\s+более|до|более|менее|≥|≤|>|<)?\s*(?P<v>\d+(?:[.,]\d+)?)"
)
# A target in running text: «не менее 10%», «до 35 %», «70 процентов».
TARGET = re.compile(
    r"(?P<cmp>не\s+менее|не\s+более|не\s+ниже|не\s+выше|до|более|менее)?\s*"
    r"(?P<v>\d+(?:[.,]\d+)?)\s*(?P<unit>%|процент\w*)",
    re.IGNORECASE,
)

# Yearly counts (see the module doc). A year label: the year, an optional «год»/«г.», then a
# dash or a colon; not part of a date («01.09.2021 –») nor of a number.
YEAR_LABEL = re.compile(
    r"(?<![\d.,/])(?P<year>(?:19|20)\d\d)\s*(?:г\.|год(?:а|у)?|г(?![а-яё]))?\s*[–—−:-]\s*",
    re.IGNORECASE,
)
# One item: a whole number, then the counted thing (words, up to a separator or a number).
COUNT_ITEM = re.compile(
    r"(?<![\d.,])(?P<v>\d+)\s+"
    r"(?P<thing>[^\W\d_][\w-]*(?:\s+(?!и\s)[^\W\d_][\w-]*)*)"
    r"(?=[\s,;.]*(?:и\s+)?(?:\d|$))"
)
COUNT_SEPARATORS = re.compile(r"^[\s,;.]*(?:и\s+)?$")
# Counted words that are not targets: time, rates and percentages belong to other rules.
NOT_COUNTED = frozenset(
    [
        "год",
        "гг",
        "г",
        "месяц",
        "неделя",
        "день",
        "квартал",
        "полугодие",
        "раз",
        "час",
        "минута",
        "процент",
    ]
)
COUNT_UNIT = "единиц"
COUNT_EXAMPLES: dict[str, list[tuple[int, float, str, str]]] = {
    # phrase → (year, value, indicator, raw) of each item, in order
    "2021 год – 1 школа, 1 ДОУ 2022 год – 2 школы, 2 ДОУ, 1 ДО; 2023 – 4 школы, 4 ДОУ, 3 ДО "
    "2024 – 5 школ, 6 ДОУ, 4 ДО": [
        (2021, 1.0, "школы", "1 школа"),
        (2021, 1.0, "ДОУ", "1 ДОУ"),
        (2022, 2.0, "школы", "2 школы"),
        (2022, 2.0, "ДОУ", "2 ДОУ"),
        (2022, 1.0, "ДО", "1 ДО"),
        (2023, 4.0, "школы", "4 школы"),
        (2023, 4.0, "ДОУ", "4 ДОУ"),
        (2023, 3.0, "ДО", "3 ДО"),
        (2024, 5.0, "школы", "5 школ"),
        (2024, 6.0, "ДОУ", "6 ДОУ"),
        (2024, 4.0, "ДО", "4 ДО"),
    ],
    "2022 г.: 3 образовательные организации; 12 педагогов-наставников\n2023 г.: 5 "
    "образовательных организаций; 20 педагогов-наставников": [
        (2022, 3.0, "образовательные организации", "3 образовательные организации"),
        (2022, 12.0, "педагоги-наставники", "12 педагогов-наставников"),
        (2023, 5.0, "образовательные организации", "5 образовательных организаций"),
        (2023, 20.0, "педагоги-наставники", "20 педагогов-наставников"),
    ],
    "2021 год - 1 детский сад и 2 школы": [
        (2021, 1.0, "детские сады", "1 детский сад"),
        (2021, 2.0, "школы", "2 школы"),
    ],
    "2024 — 10 ОО": [(2024, 10.0, "общеобразовательные организации", "10 ОО")],
    "2023г - 15 наставников, 30 наставляемых.": [
        (2023, 15.0, "наставники", "15 наставников"),
        (2023, 30.0, "наставляемые", "30 наставляемых"),
    ],
    # Not lists of counts: a sentence, a span of years, a date, a percentage.
    "2021 год – проведено 5 семинаров для педагогов": [],
    "2021 – 2024 годы": [],
    "01.09.2021 – 3 школы": [],
    "2022 год – 40 %": [],
    "Наличие аналитического отчета": [],
}
COUNT_EXAMPLE_ABBREVIATIONS = {"ОО": "общеобразовательные организации"}


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


def kpi_tables(doc: Document) -> list[Indicator]:
    """Indicator × year from every indicator table (see `extractors.tables.classify_table`),
    each year column kept, fact and plan alike («2022 год (факт)», «2022» over «план | факт»)."""
    out: list[Indicator] = []
    previous: TableKind | None = None
    layout: _KpiLayout | None = None
    for table in document_tables(doc.tables):
        kind = classify_table(table, previous)
        if kind.kind == "indicators" and kind.header is not None:
            layout = _kpi_layout(kind.header)
            start = kind.header.start + kind.header.rows
            previous = kind
        elif kind.kind == "continuation" and layout is not None and previous is not None:
            if previous.kind != "indicators" or not _continues(table, layout):
                continue
            start = 0
        else:
            previous = kind if kind.kind != "layout" else previous
            layout = None if kind.kind != "layout" else layout
            continue
        if layout is not None and layout.years:
            out.extend(_kpi_rows(table, start, layout))
    return out


@dataclass
class _KpiLayout:
    name: HeaderColumn | None
    unit: HeaderColumn | None
    years: list[tuple[HeaderColumn, int, str | None]]  # column, year, value kind


def _kpi_layout(header: Header) -> _KpiLayout:
    columns = list(header.columns)
    name = next((c for c in columns if INDICATOR_NAME.search(c.text)), None)
    name = name or next((c for c in columns if NAME_HEADER.search(c.text)), None)
    unit = next((c for c in columns if UNIT_HEADER.search(c.text)), None)
    years = []
    for column in columns:
        found = _year_of(column)
        if found is not None and column is not name:
            years.append((column, *found))
    return _KpiLayout(name, unit, years)


def _year_of(column: HeaderColumn) -> tuple[int, str | None] | None:
    """(year, value kind) of a header column: «2022 год (факт)»; «2022» over «факт»;
    «Значение показателя» or «План» over «2023»."""
    if column.child:
        found = year_column(column.child)
        if found is not None:
            year, kind = found
            parent_kind = PLAN_FACT.search(column.parent.split()[0]) if column.parent else None
            if kind is None and parent_kind is not None:
                kind = KIND_OF.get(parent_kind.group("kind").lower()[:4])
            if kind is None and BASE_YEAR.fullmatch(column.parent):
                kind = "факт"  # «Базовое значение» over «2016 год»
            return year, kind
        parent = year_column(column.parent)
        child_kind = PLAN_FACT.fullmatch(column.child)
        if parent is not None and child_kind is not None:
            return parent[0], KIND_OF.get(child_kind.group("kind").lower()[:4])
    return year_column(column.text)


def _continues(table: Table, layout: _KpiLayout) -> bool:
    """A header-less next part: numbers under the year columns of its first row."""
    cells = logical_cells(table, 0)
    values = [
        c.text
        for c in cells
        for column, _y, _k in layout.years
        if column.first <= c.first <= column.last and c.text
    ]
    return bool(values) and all(_value(v) is not None for v in values)


def _kpi_rows(table: Table, start: int, layout: _KpiLayout) -> list[Indicator]:
    out = []
    for index in range(start, len(table.rows)):
        cells = logical_cells(table, index)
        if is_column_number_row([c.text for c in cells]):
            continue
        name_text = _cell_in(cells, layout.name) if layout.name else ""
        if not name_text.strip():
            continue
        name, unit = split_unit(name_text)
        unit_text = _cell_in(cells, layout.unit) if layout.unit else ""
        if unit_text.strip():
            unit = unit_text.strip()
        for column, year, value_kind in layout.years:
            cell = next((c for c in cells if column.first <= c.first <= column.last), None)
            if cell is None or cell.repeated or NO_VALUE.fullmatch(cell.text):
                continue  # empty, merged from above, or a dash: no value in that year
            out.append(
                Indicator(
                    indicator=name,
                    unit=unit,
                    year=year,
                    value=_value(cell.text),
                    raw=cell.text.strip(),
                    span_start=cell.span_start,
                    span_end=cell.span_end,
                    value_kind=value_kind,
                )
            )
    return out


def _cell_in(cells: list[LogicalCell], column: HeaderColumn) -> str:
    return "\n".join(c.text for c in cells if column.first <= c.first <= column.last and c.text)


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


def yearly_counts(
    text: str | None, abbreviations: Mapping[str, str] | None = None
) -> list[tuple[Indicator, int, int]]:
    """Yearly counts in a cell (see the module doc), each with the offsets of `raw` in `text`."""
    if not text:
        return []
    shorts = abbreviations or {}
    labels = list(YEAR_LABEL.finditer(text))
    out: list[tuple[Indicator, int, int]] = []
    for n, label in enumerate(labels):
        end = labels[n + 1].start() if n + 1 < len(labels) else len(text)
        items = _count_items(text, label.end(), end)
        if items is None:
            continue
        year = int(label.group("year"))
        for m in items:
            value, thing = m.group("v"), m.group("thing")
            indicator = Indicator(
                indicator=_counted_thing(thing, shorts),
                unit=COUNT_UNIT,
                year=year,
                value=float(value),
                raw=m.group(0),
            )
            out.append((indicator, m.start(), m.end()))
    return out


def _count_items(text: str, start: int, end: int) -> list[re.Match[str]] | None:
    """The items between two year labels, or None unless the stretch is only items."""
    items = []
    pos = start
    for m in COUNT_ITEM.finditer(text, start, end):
        if not COUNT_SEPARATORS.match(text[pos : m.start()]) or _not_counted(m.group("thing")):
            return None
        items.append(m)
        pos = m.end()
    if not items or not COUNT_SEPARATORS.match(text[pos:end]):
        return None
    return items


def _is_abbreviation(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _not_counted(thing: str) -> bool:
    first = thing.split()[0]
    if _is_abbreviation(first):
        return False
    return any(str(p.normal_form) in NOT_COUNTED for p in morph().parse(first.lower()))


def _counted_thing(thing: str, shorts: Mapping[str, str]) -> str:
    """«5 образовательных организаций» → «образовательные организации»: leading adjectives and
    the first noun in nominative plural, the rest as written; an abbreviation as the document
    defines it, else as written."""
    flat = re.sub(r"\s+", " ", thing).strip()
    if flat in shorts:
        return shorts[flat]
    words = flat.split(" ")
    out = []
    for i, word in enumerate(words):
        if _is_abbreviation(word):
            out.append(shorts.get(word, word))
            out.extend(words[i + 1 :])
            break
        plural = _plural(word)
        out.append(plural or word)
        if plural is None or _is_noun(word):
            out.extend(words[i + 1 :])
            break
    return " ".join(out)


def _is_noun(word: str) -> bool:
    return any(p.tag.POS == "NOUN" for p in morph().parse(_first_part(word).lower()))


def _first_part(word: str) -> str:
    return word.split("-")[0] if "-" in word else word


def _plural(word: str) -> str | None:
    """Nominative plural of a noun or adjective; each half of «педагог-наставник»."""
    if "-" in word:
        parts = [_plural(p) for p in word.split("-")]
        return "-".join(p or w for p, w in zip(parts, word.split("-"), strict=True))
    for p in morph().parse(word.lower()):
        if p.tag.POS in {"NOUN", "ADJF", "PRTF"}:
            form = Parse.inflect(p, {"plur", "nomn"})  # pymorphy2 grammemes, not natasha's
            if form is not None:
                return str(form.word)
    return None


def roadmap_counts(
    doc: Document, item: RoadmapItem, abbreviations: Mapping[str, str] | None = None
) -> list[Indicator]:
    """Yearly counts in a roadmap row's result cell, with their spans in the document text."""
    cell = item.result_raw or ""
    found = yearly_counts(cell, abbreviations)
    if not found:
        return []
    base = doc.text.find(cell, item.span_start, item.span_end + 1)
    out = []
    cursor = item.span_start
    for ind, start, end in found:
        if base >= 0:
            span: tuple[int | None, int | None] = (base + start, base + end)
        else:  # the cell was joined from several rows: find each item on its own
            at = doc.text.find(ind.raw, cursor, item.span_end + 1)
            span = (at, at + len(ind.raw)) if at >= 0 else (None, None)
            cursor = at + len(ind.raw) if at >= 0 else cursor
        out.append(
            Indicator(
                indicator=ind.indicator,
                unit=ind.unit,
                year=ind.year,
                value=ind.value,
                raw=ind.raw,
                row_index=item.row_index,
                span_start=span[0],
                span_end=span[1],
            )
        )
    return out
