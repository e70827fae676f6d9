"""Tables as the extractors read them: logical cells, headers over one or two rows, a kind.

The layout model gives rows of grid cells; merged areas are marked on them (`Cell.row_span`,
`col_span`, `merged_from`). Here a row becomes *logical cells*: one per area it shows, with the
grid columns it covers, its text, and whether the text is written in this row or repeated
from a cell merged down from a row above (`repeated`). Readers that cannot see merges give
one logical cell per grid cell.

A header is the first row whose words name columns (COLUMN_RULES), with the header lines
printed under it: a parent cell spanning several columns over child cells («Срок
реализации» over «начало | окончание», «Значение показателя» over «2022 | 2023») gives each
child column the parent's words before its own («Срок реализации начало»).

`classify_table` decides what a table is, from its header and shape (KIND rules below):
- `roadmap`: a plan of measures (an activity column with a deadline, responsible or result
  column, or a «мероприятия» column beside a number or group column);
- `indicators`: an indicator (KPI) table (an indicator column and year or value columns);
- `layout`: a table used to lay out a signature, an approval block or a header line;
- `continuation`: no header, as many columns as the roadmap or indicator table before it;
- `other`: anything else. A table that looks like a plan but whose columns are not
  recognised is `other` with a warning: no rows are ever taken from a table of unsure kind.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from prikaz.model import Row, Table
from prikaz.rules import Rule

ROLES = ("number", "activity", "deadline", "responsible", "result", "group")

# Header words → column role; the first rule (in this order) found in a header cell wins.
COLUMN_RULES: tuple[Rule, ...] = (
    Rule.of(
        "responsible",
        r"ответствен|исполнител|соисполнител",
        {
            "Ответственные": "responsible",
            "Ответственный исполнитель": "responsible",
            "Исполнители": "responsible",
            "Ответственный за выполнение": "responsible",
        },
        counter=("Мероприятие",),
    ),
    Rule.of(
        "deadline",
        r"\bсрок|\bдата\b|\bдаты\b|(?:период|время)\s+(?:исполн|реализ|провед)",
        {
            "Сроки исполнения": "deadline",
            "Срок реализации": "deadline",
            "Сроки / место проведения": "deadline",
            "Дата": "deadline",
            "Дата (сроки проведения)": "deadline",
            "Дата, время, место проведения мероприятия": "deadline",
            "Время проведения": "deadline",
        },
        counter=("Наименование показателя",),
    ),
    Rule.of(
        "result",
        # «Наименование задачи, результата, мероприятия» names the activity, not a result.
        r"^(?!\s*наименовани).*?(?:результат|вид\s+документа|итогов\w*\s+документ|"
        r"форма\s+(?:заверш|отч|представл))",
        {
            "Результат": "result",
            "Ожидаемый результат": "result",
            "Результат. Вид документа": "result",
            "Форма отчетности": "result",
            "Форма представления результата": "result",
            "Планируемый результат": "result",
        },
        counter=("Наименование задачи, результата, мероприятия",),
    ),
    Rule.of(
        "group",
        # The institution each block of activities belongs to (group → activity tables).
        r"^\s*(?:наименование\s+)?(?:учреждени|организаци|филиал|образовательн\w+\s+организ)",
        {
            "Наименование учреждения (филиала)": "group",
            "Учреждение": "group",
            "Наименование образовательной организации": "group",
        },
        counter=("Наименование мероприятия",),
    ),
    Rule.of(
        "activity",
        r"мероприяти|наименование|содержание|действи|задач|направлени|форма\s+мероприят",
        {
            "Мероприятие": "activity",
            "Наименование мероприятий": "activity",
            "Содержание работы": "activity",
            "Направления работы": "activity",
            "Перечень предлагаемых мероприятий": "activity",
            "Форма мероприятия": "activity",
            "Название мероприятия": "activity",
            "Наименование задачи, результата, мероприятия": "activity",
        },
    ),
    Rule.of(
        "number",
        # OCR reads «п/п» as «n/n», «n/m», «п/n»: any short «x/y» after the sign.
        r"^\s*(?:№|n|no\.?|номер)\s*(?:\S{1,2}\s*[/\\.]\s*\S{1,2}\.?)?\.?\s*$|^п\s*/\s*п$",
        {
            "№": "number",
            "№ п/п": "number",
            "N п/п": "number",
            "№ n/n": "number",
            "№ n/m": "number",
            "№ п.п.": "number",
            "номер п/п": "number",
            "№ п\\п": "number",
        },
        counter=("Наименование",),
    ),
)
# Words of a header that are specific to one kind of table.
ACTIVITY_WORD = Rule.of(
    "activity_word",
    r"мероприяти|действи",
    {"Перечень предлагаемых мероприятий": True, "Мероприятия": True},
    counter=("Наименование показателя", "Наименование учреждения"),
)
# A column of tasks or directions that groups the measures beside it.
TASK_WORD = Rule.of(
    "task_word",
    r"задач|направлени|цел[ьи]\b",
    {"Задачи": True, "Направление деятельности": True, "Цель": True},
    counter=("Наименование мероприятия",),
)
INDICATOR_NAME = Rule.of(
    "indicator_name",
    r"показател|индикатор|критери",
    {"Наименование показателя": True, "Целевой индикатор": True, "Критерий": True},
    counter=("Наименование мероприятия",),
)
VALUE_COLUMN = Rule.of(
    "value_column",
    r"значени|ед(?:\.|иниц\w*)\s*(?:изм|измерени)|базов|целев\w*\s+значен",
    {"Значение показателя": True, "Ед. изм.": True, "Единица измерения": True},
)
# A year column of an indicator table: «2022», «2022 г.», «2022 год (факт)», «2023 (план)»;
# the kind is the word in brackets or after the year, if any.
YEAR_COLUMN = Rule.of(
    "year_column",
    r"^\s*(?P<year>(?:19|20)\d\d)\s*(?:г\.?|год\w*)?\s*(?:[(,]?\s*(?P<kind>факт|план|"
    r"оценк|прогноз|отч[её]т)\w*\.?\s*\)?)?\s*$",
    {
        "2022 г.": (2022, None),
        "2023": (2023, None),
        "2024 год": (2024, None),
        "2021г.": (2021, None),
        "2022 год (факт)": (2022, "факт"),
        "2023 (план)": (2023, "план"),
        "2015 (отчет)": (2015, "факт"),
        "2024 год план": (2024, "план"),
        "2023 (оценка)": (2023, "оценка"),
    },
    counter=("2021-2024", "01.01.2022", "до 2024 года"),
)
# The base value of an indicator: the actual value of its base year.
BASE_YEAR = Rule.of(
    "base_year",
    r"\s*базов\w*(?:\s+значени\w*)?(?:\s+показател\w*)?[\s,(]*(?:(?P<year>(?:19|20)\d\d)\s*"
    r"(?:г\.?|год\w*)?\s*\)?)?\s*",
    {"Базовое значение 2016 год": (2016, "факт"), "Базовое значение (2020 г.)": (2020, "факт")},
    counter=("Целевое значение 2024 год",),
)
# Value kinds by the first four letters of the word that names them.
KIND_OF = {
    "факт": "факт",
    "план": "план",
    "оцен": "оценка",
    "прог": "прогноз",
    "отче": "факт",
    "отчё": "факт",
}
# «план | факт» child columns under a year parent («2022» over «план | факт»).
PLAN_FACT = Rule.of(
    "plan_fact",
    r"^\s*(?P<kind>план|факт|оценк|прогноз|отч[её]т)\w*\.?\s*$",
    {"план": "план", "факт": "факт", "Факт.": "факт"},
    counter=("Плановый результат",),
)
# Child labels under a spanning parent that name no role of their own.
CHILD_LABEL = Rule.of(
    "child_label",
    r"\s*(?:начал[оа]|окончани[ея]|завершени[ея]|с|по|от|до|всего|в\s+том\s+числе.*)\s*",
    {"Начало": True, "окончание": True, "в том числе по годам": True, "Всего": True},
    counter=("Начало работы наставников",),
)
# A layout table: approval or signature blocks, «№» boxes beside a date.
LAYOUT_WORDS = Rule.of(
    "layout_words",
    r"утвержда[юе]|утвержден|согласован|подпись|м\.\s*п\.|^\s*№\s*$|_{4,}|\bприказ\w*\s*№",
    {
        "УТВЕРЖДАЮ Директор": True,
        "УТВЕРЖДЕНО решением координационного совещания": True,
        "СОГЛАСОВАНО: начальник полиции": True,
        "№": True,
        "________ И.А. Жовниренко": True,
    },
    counter=("Мероприятие", "Срок исполнения"),
)


def is_column_number_row(texts: Sequence[str]) -> bool:
    """«1 2 3 4 5»: the header's column numbers printed as a row."""
    values = [t for t in texts if t]
    return len(values) >= 2 and values == [str(i) for i in range(1, len(values) + 1)]


def column_role(text: str) -> str | None:
    """The role of a header cell, by the first rule whose words it holds."""
    for rule in COLUMN_RULES:
        if rule.search(text):
            return rule.name
    return None


def year_column(text: str) -> tuple[int, str | None] | None:
    """(year, kind) of an indicator table's year column, kind «факт»/«план»/… or None;
    a base value's year is a fact."""
    flat = " ".join(text.split())
    base = BASE_YEAR.fullmatch(flat)
    if base is not None and base.group("year"):
        return int(base.group("year")), "факт"
    m = YEAR_COLUMN.fullmatch(flat)
    if m is None:
        return None
    return int(m.group("year")), _kind(m.group("kind"))


def _kind(word: str | None) -> str | None:
    if not word:
        return None
    return KIND_OF.get(word.lower()[:4])


@dataclass(frozen=True, slots=True)
class LogicalCell:
    """One area of a row: grid columns first..last, text, written here or repeated."""

    text: str
    first: int
    last: int
    bold: bool = False
    repeated: bool = False  # the text stands in a row above (a cell merged down)
    origin: tuple[int, int] | None = None  # (row, column) where the text stands
    span_start: int = 0
    span_end: int = 0


def logical_cells(table: Table, index: int) -> list[LogicalCell]:
    """The logical cells of row `index` (see the module doc)."""
    row = table.rows[index]
    out: list[LogicalCell] = []
    for col, cell in enumerate(row.cells):
        origin = cell.merged_from
        if origin is None:
            last = col + max(1, cell.col_span) - 1
            out.append(
                LogicalCell(
                    cell.text,
                    col,
                    last,
                    cell.bold,
                    False,
                    (index, col),
                    cell.span.start,
                    cell.span.end,
                )
            )
            continue
        if origin[0] == index or col != origin[1]:
            continue  # covered by a cell of this row, or not the area's first column here
        src = table.rows[origin[0]].cells[origin[1]]
        last = origin[1] + max(1, src.col_span) - 1
        out.append(
            LogicalCell(src.text, col, last, src.bold, True, origin, src.span.start, src.span.end)
        )
    return out


@dataclass(frozen=True, slots=True)
class HeaderColumn:
    first: int
    last: int
    text: str  # the parent's words, then the column's own
    parent: str = ""
    child: str = ""


@dataclass(frozen=True, slots=True)
class Header:
    start: int  # index of the header's first row
    rows: int  # rows the header takes
    columns: tuple[HeaderColumn, ...]

    def texts(self) -> list[str]:
        return [c.text for c in self.columns]


def _is_header_line(cells: list[LogicalCell]) -> bool:
    """The second line of a header («п/п | | исполнения | …», «начало | окончание»)."""
    values = [c.text for c in cells if c.text and not c.repeated]
    if not values:
        return False
    if len(values) < 2 and not any(c.repeated for c in cells):
        return False  # one cell: a section heading, not a header line
    for text in values:
        if len(text) > 40:
            return False
        if any(ch.isdigit() for ch in text) and year_column(text) is None:
            return False
        if not (
            text[:1].islower()
            or column_role(text)
            or PLAN_FACT.fullmatch(text)
            or CHILD_LABEL.fullmatch(text)
            or year_column(text)
            or VALUE_COLUMN.search(text)
        ):
            return False
    return True


def read_header(table: Table, start: int) -> Header:
    """The header starting at row `start`, with up to two header lines under it."""
    top = logical_cells(table, start)
    lines: list[list[LogicalCell]] = []
    for index in range(start + 1, min(start + 3, len(table.rows))):
        cells = logical_cells(table, index)
        if not _is_header_line(cells):
            break
        lines.append(cells)
    if not lines:
        return Header(start, 1, tuple(HeaderColumn(c.first, c.last, c.text) for c in top))
    top = _spread_parents(top, lines[0])
    columns: list[HeaderColumn] = []
    for parent in top:
        children = [
            c
            for line in lines
            for c in line
            if parent.first <= c.first <= parent.last and not c.repeated and c.text
        ]
        firsts = sorted({c.first for c in children})
        if parent.last > parent.first and len(firsts) > 1:
            # A spanning parent over child columns: one column per child.
            for n, first in enumerate(firsts):
                last = firsts[n + 1] - 1 if n + 1 < len(firsts) else parent.last
                own = " ".join(c.text for c in children if c.first == first)
                columns.append(HeaderColumn(first, last, _join(parent.text, own), parent.text, own))
        else:
            own = " ".join(c.text for c in children)
            columns.append(HeaderColumn(parent.first, parent.last, _join(parent.text, own)))
    return Header(start, 1 + len(lines), tuple(columns))


def _spread_parents(top: list[LogicalCell], line: list[LogicalCell]) -> list[LogicalCell]:
    """Without merge marks, a parent is a cell followed by blank cells with children under
    them: widen it over those columns."""
    under = {c.first for c in line if c.text and not c.repeated}
    out: list[LogicalCell] = []
    for cell in top:
        if (
            out
            and not cell.text
            and cell.first in under
            and out[-1].text
            and out[-1].first in under
        ):
            prev = out[-1]
            out[-1] = LogicalCell(
                prev.text,
                prev.first,
                cell.last,
                prev.bold,
                prev.repeated,
                prev.origin,
                prev.span_start,
                prev.span_end,
            )
            continue
        out.append(cell)
    return out


def _join(a: str, b: str) -> str:
    return " ".join(t for t in (a, b) if t)


def map_roles(header: Header) -> dict[str, list[HeaderColumn]]:
    """Role → header columns. The first column of a role wins, except that the children of
    one spanning parent share it («Срок реализации» over «начало | окончание»)."""
    roles: dict[str, list[HeaderColumn]] = {}
    activities: list[HeaderColumn] = []
    for column in header.columns:
        role = (
            column_role(column.parent or column.text) if column.parent else column_role(column.text)
        )
        if role is None and column.parent:
            role = column_role(column.text)
        if role == "activity":
            activities.append(column)
        if role is None:
            continue
        if role not in roles:
            roles[role] = [column]
        elif column.parent and roles[role][0].parent == column.parent:
            roles[role].append(column)
    return _measures_column(_group_or_party(roles), activities)


def _measures_column(
    roles: dict[str, list[HeaderColumn]], activities: list[HeaderColumn]
) -> dict[str, list[HeaderColumn]]:
    """«Задача | Мероприятие»: of several activity-like columns the one that says
    «мероприятия» holds the activities; a task/direction column before it groups them."""
    if len(activities) < 2 or ACTIVITY_WORD.search(activities[0].text):
        return roles
    measures = next((c for c in activities[1:] if ACTIVITY_WORD.search(c.text)), None)
    if measures is None:
        return roles
    out = {**roles, "activity": [measures]}
    if "group" not in roles and TASK_WORD.search(activities[0].text):
        out["group"] = [activities[0]]
    return out


def _group_or_party(roles: dict[str, list[HeaderColumn]]) -> dict[str, list[HeaderColumn]]:
    """An institution column groups the activities only when it stands before them; after
    them it names who carries each one out (the responsible, if no column says so)."""
    group, activity = roles.get("group"), roles.get("activity")
    if group is None or activity is None or group[0].first < activity[0].first:
        return roles
    out = {r: cols for r, cols in roles.items() if r != "group"}
    out.setdefault("responsible", group)
    return out


def map_columns(header: Sequence[str]) -> dict[str, int]:
    """Role → column index of a one-line header given as texts (first column of a role)."""
    roles: dict[str, int] = {}
    for index, text in enumerate(header):
        role = column_role(text)
        if role is not None and role not in roles:
            roles[role] = index
    return roles


# -- kinds ------------------------------------------------------------------------------------


@dataclass
class TableKind:
    kind: str  # roadmap | indicators | layout | continuation | other
    header: Header | None = None
    roles: dict[str, list[HeaderColumn]] = field(default_factory=dict)
    reason: str = ""
    warning: str | None = None


def is_roadmap_header(texts: Sequence[str]) -> bool:
    roles = map_columns(texts)
    return _roadmap_roles(set(roles), texts)


def _roadmap_roles(roles: set[str], texts: Sequence[str]) -> bool:
    if "activity" not in roles:
        return False
    if roles & {"deadline", "responsible", "result"}:
        return True
    # A list of measures without deadlines or parties: its column must say «мероприятия».
    strong = any(ACTIVITY_WORD.search(t) for t in texts if column_role(t) == "activity")
    return strong and bool(roles & {"number", "group"})


def is_indicator_header(texts: Sequence[str]) -> bool:
    names = [t for t in texts if INDICATOR_NAME.search(t) and not ACTIVITY_WORD.search(t)]
    if not names:
        return False
    return any(year_column(t) or VALUE_COLUMN.search(t) for t in texts) or any(
        re.search(r"(?:19|20)\d\d", t) for t in texts if t not in names
    )


def classify_table(table: Table, previous: TableKind | None) -> TableKind:
    """The kind of a table, given the kind of the table before it (for continuations)."""
    if not table.rows:
        return TableKind("other", reason="empty")
    start = 0
    while start < min(3, len(table.rows)):
        header = read_header(table, start)
        texts = header.texts()
        if is_indicator_header(texts):
            return TableKind("indicators", header, map_roles(header), "indicator header")
        roles = map_roles(header)
        if _roadmap_roles(set(roles), texts):
            if "deadline" not in roles and sum(1 for t in texts if _has_year(t)) >= 2:
                return TableKind(
                    "other",
                    reason="measures with values by year",
                    warning="a table of measures with values by year columns (a programme "
                    "or financing table?); no roadmap rows taken from it",
                )
            return TableKind("roadmap", header, roles, "roadmap header")
        start += header.rows  # a header starts no lower than the lines of the one above
    if _has_layout_words(table):
        return TableKind("layout", reason="approval or signature words")
    if (
        previous is not None
        and previous.kind in ("roadmap", "indicators")
        and _continues(table, previous)
    ):
        return TableKind("continuation", previous.header, previous.roles, "no header, same columns")
    if len(table.rows) == 1:
        return TableKind("layout", reason="a one-row table")
    warning = None
    first_texts = [c.text for c in logical_cells(table, 0)]
    if any(column_role(t) == "activity" for t in first_texts) and len(table.rows) >= 3:
        warning = (
            "a table that names an activity column but whose deadline/responsible columns "
            "were not recognised; no roadmap rows taken from it"
        )
    return TableKind("other", reason="no known header", warning=warning)


def _has_year(text: str) -> bool:
    return re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text) is not None


def _has_layout_words(table: Table) -> bool:
    texts = [c.text for r in table.rows for c in r.cells if c.text]
    return len(table.rows) <= 3 and any(LAYOUT_WORDS.search(t) for t in texts)


def logical_width(table: Table) -> int:
    """The most common number of logical cells in a row (merged areas counted once)."""
    widths = Counter(len(logical_cells(table, i)) for i in range(len(table.rows)))
    return widths.most_common(1)[0][0] if widths else 0


def header_width(kind: TableKind) -> int:
    return len(kind.header.columns) if kind.header is not None else 0


def _continues(table: Table, previous: TableKind) -> bool:
    """A header-less table as wide as the roadmap (or indicator table) above it."""
    if previous.header is None:
        return False
    grid = Counter(len(r.cells) for r in table.rows).most_common(1)[0][0]
    previous_grid = previous.header.columns[-1].last + 1 if previous.header.columns else 0
    return grid == previous_grid or logical_width(table) == header_width(previous)


def split_at_headers(table: Table) -> list[Table]:
    """A table cut where a header of another table starts inside it.

    Readers of text renderings join tables across blank lines and page breaks, so an
    indicator table can follow a roadmap within one `Table`: each header row of another
    kind starts a table of its own (a roadmap header after an indicator table, or the
    reverse); headers repeated on each page do not.
    """
    cuts = [0]
    current: str | None = None
    for index in range(len(table.rows)):
        texts = [c.text for c in logical_cells(table, index)]
        if not _header_shaped(texts):
            continue
        if is_indicator_header(texts):
            kind = "indicators"
        elif is_roadmap_header(texts):
            kind = "roadmap"
        else:
            continue
        if current is not None and kind != current and index > cuts[-1]:
            cuts.append(index)
        current = kind
    if len(cuts) == 1:
        return [table]
    bounds = [*cuts, len(table.rows)]
    return [_part(table, a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _header_shaped(texts: Sequence[str]) -> bool:
    """Short labels in at least two cells, none of them an item number."""
    values = [t for t in texts if t]
    return (
        len(values) >= 2
        and all(len(t) <= 60 for t in values)
        and not re.match(r"^\s*\d{1,3}(?:\.\d{1,3})*[.)]?\s*$", values[0])
    )


def _part(table: Table, start: int, end: int) -> Table:
    rows: list[Row] = []
    for row in table.rows[start:end]:
        cells = []
        for cell in row.cells:
            origin = cell.merged_from
            if origin is not None:
                moved = (origin[0] - start, origin[1]) if origin[0] >= start else None
                cell = replace(cell, merged_from=moved)
            cells.append(cell)
        rows.append(replace(row, cells=tuple(cells)))
    return Table(tuple(rows))


def document_tables(tables: Sequence[Table]) -> list[Table]:
    """The document's tables, each cut at the headers of other tables inside it."""
    return [part for table in tables for part in split_at_headers(table)]
