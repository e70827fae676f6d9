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

from prikaz.model import Document, Row, Table
from prikaz.morphology import morph
from prikaz.normalizers.assignments import deadline_groups
from prikaz.records import DeadlineComponent, Indicator, RoadmapItem

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
