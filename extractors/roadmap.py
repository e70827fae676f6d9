"""Roadmap tables: rows of (№, мероприятие, сроки, ответственные, результат) in any column order.

Only tables that `extractors.tables.classify_table` calls a roadmap (or the header-less rest of
one) give rows; indicator, layout and unknown tables never do. Within a roadmap table:
- columns are mapped by the words of the header (one or two rows), not by position; a role
  without a column gives null, never a neighbour's value;
- a cell merged down several rows gives its value to every row it covers; the item keeps the
  names of such fields in `merged_fields`, so a repeated value can be told from a written one;
- repeated header rows, column-number rows («1 2 3 4 5») and «Итого» rows are dropped;
- section rows are found by structure (SECTION rules): one filled cell that is merged across
  columns, bold, numbered with a Roman numeral or «Раздел», or in capitals — whatever the №
  cell holds; a number with a heading and no data, with child items under it, too;
- the item number is read from the № column, or from the start of the activity cell
  («1.Совершенствование …») when the № column is absent or empty;
- in a numbered table a row without a number continues the item above: cut by a page break
  (joined with a space) or a sub-row listing one more deadline/party (joined with a line
  break); a row whose text goes on in the next, numbered row opens that item instead;
- in group → activity tables (an «учреждение» column beside the activities) each activity
  is a row, the group its innermost section;
- numbered rows with no content (an unfilled template) are dropped with a warning;
- a table without a header whose columns match the roadmap above continues it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from prikaz.extractors.tables import (
    COLUMN_RULES,
    HeaderColumn,
    LogicalCell,
    TableKind,
    classify_table,
    document_tables,
    is_column_number_row,
    is_roadmap_header,
    logical_cells,
    logical_width,
    map_columns,
)
from prikaz.model import Document, Table
from prikaz.records import RoadmapItem
from prikaz.rules import Rule

__all__ = [
    "COLUMN_RULES",
    "ROLES",
    "RoadmapResult",
    "extract_roadmap",
    "extract_roadmap_result",
    "is_column_number_row",
    "is_roadmap_header",
    "map_columns",
]

ROLES = ("number", "activity", "deadline", "responsible", "result")
DATA_ROLES = ("deadline", "responsible", "result")
FIELD_OF_ROLE = {
    "activity": "activity",
    "deadline": "deadline_raw",
    "responsible": "responsible_raw",
    "result": "result_raw",
}

# An item number: «1», «2.», «1.1», «3.1.», «IV.», «2.3.1»; a range of numbers for one row
# («26 – 27.»). OCR reads the dot after a number as a comma now and then («4,»): a № cell
# holds nothing else ending in a comma, so «4,» is the number «4.» (see `item_number`).
ITEM_NUMBER = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}(?:\.?\s*[–—-]\s*\d{1,3}(?:\.\d{1,3}){0,3})?[.),]?"
    r"|[IVXLC]{1,6}[.),]?)$"
)


def item_number(text: str) -> str | None:
    """The item number a № cell holds, its OCR'd comma read as the dot; None if it holds none."""
    text = text.strip()
    if not text or not ITEM_NUMBER.match(text):
        return None
    return text[:-1] + "." if text.endswith(",") else text


# An item number typed at the start of the activity cell, before a word.
ACTIVITY_NUMBER = Rule.of(
    "activity_number",
    r"^\s*(?P<n>\d{1,3}(?:\.\d{1,3}){0,3}[.)]|\d{1,3}(?:\.\d{1,3}){1,3})\s*(?=[^\W\d_]|[«\"(])",
    {
        "1.Совершенствование нормативно-правовой базы": (
            "1.",
            "Совершенствование нормативно-правовой базы",
        ),
        "3. Провести работу": ("3.", "Провести работу"),
        "1.1 Анализ нормативной базы": ("1.1", "Анализ нормативной базы"),
        "2) Семинар «Наставник»": ("2)", "Семинар «Наставник»"),
    },
    counter=("15 Спартакиада ФСК РМР", "2021 год – 1 школа", "01.09.2021 совещание", "1-10"),
)
STAGE_WORD = re.compile(r"\bэтап\b", re.I)
# A section heading by its words: a Roman numeral, «Раздел», «Этап», «Глава».
SECTION_MARK = Rule.of(
    "section_mark",
    r"^\s*(?:[IVXLC]{1,6}\s*[.)]|[IVXLC]{1,6}\s+[^\W\d_]|раздел\b|глава\b|\S*\s*этап\b)",
    {
        "I.Организационно-технические мероприятия": True,
        "VI. Антитеррористическая защищенность": True,
        "Раздел 2. Методическое сопровождение": True,
        "II ЭТАП": True,
        "Подготовительный этап": True,
    },
    counter=("Издание приказа", "Итоговый отчёт", "ИКТ-компетенции педагогов"),
)
TOTAL_ROW = Rule.of("total_row", r"^\s*(?:итого|всего)\b", {"Итого:": True, "ВСЕГО": True})
# A cell of a signature line: a blank to sign on, «(подпись)», «М.П.». A row holding one is a
# signature laid out in (or glued to) the plan's table, not an item.
SIGNATURE_CELL = Rule.of(
    "signature_cell",
    r"^\s*(?:_{3,}|\(?\s*подпись\s*\)?|м\.\s*п\.?)\s*$",
    {"________": True, "(подпись)": True, "М.П.": True},
    counter=("Директор", "в ____ году"),
)
NUMBERED_SHARE = 0.5  # share of content rows with a number that makes a table numbered


def is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


@dataclass
class _RowValues:
    """One data row read through the header: each role's text and how it got there."""

    values: dict[str, str]
    repeated: set[str]  # roles whose text comes from a cell merged down from above
    written: list[LogicalCell]  # cells with text written in this row
    wide: bool  # the only written cell covers several columns
    texts: list[str]
    bold: bool
    page: int
    span_start: int
    span_end: int
    page_break_before: bool
    role_of_written: list[str | None]

    def data_written(self) -> bool:
        return any(self.values.get(r) for r in DATA_ROLES if r not in self.repeated)


@dataclass
class _Draft:
    """An item being assembled from one numbered row and its continuation rows."""

    table_index: int
    section_path: tuple[str, ...]
    item_number: str | None
    cells: dict[str, list[str]]
    merged: set[str]
    page_start: int
    page_end: int
    span_start: int
    span_end: int
    awaits_number: bool = False  # opened by a row whose text goes on in the next, numbered row

    def has_content(self) -> bool:
        return any(self.cells[r] for r in ROLES if r != "number")


@dataclass
class RoadmapResult:
    items: list[RoadmapItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Layout:
    """How data cells of one physical table map to the roadmap's columns."""

    roles: dict[str, list[HeaderColumn]]
    columns: list[HeaderColumn]
    positional: bool  # a continuation on another grid: the n-th cell is the n-th column
    header_keys: set[tuple[str, ...]]

    def role_of(self, cell: LogicalCell, position: int) -> str | None:
        if self.positional:
            column = self.columns[position] if position < len(self.columns) else None
        else:
            column = next((c for c in self.columns if c.first <= cell.first <= c.last), None)
        if column is None:
            return None
        return next((r for r, cols in self.roles.items() if column in cols), None)

    def starts(self) -> list[int]:
        return [c.first for c in self.columns]


@dataclass
class _State:
    """What runs on from one row (and table part) of a roadmap to the next."""

    table_index: int
    layout: _Layout
    path: tuple[str, ...] = ()
    group: str | None = None
    numbered: bool = True
    after_break: bool = False
    table_part: int = 0  # 0 for the table with the header, then 1, 2 … for its continuations
    activity_numbers: bool = True  # item numbers are typed in the activity cells
    group_numbers: bool = False  # the № column numbers the groups, not the activities


def _read_row(table: Table, index: int, layout: _Layout) -> _RowValues:
    row = table.rows[index]
    cells = logical_cells(table, index)
    parts: dict[str, list[tuple[str, str, bool]]] = {}
    role_of_written: list[str | None] = []
    for position, cell in enumerate(cells):
        role = layout.role_of(cell, position)
        if cell.text and not cell.repeated:
            role_of_written.append(role)
        if role is None or not cell.text:
            continue
        column = _column_key(layout, cell, position)
        parts.setdefault(role, []).append((column, cell.text, cell.repeated))
    values: dict[str, str] = {}
    repeated: set[str] = set()
    for role, found in parts.items():
        values[role] = _join_role(role, found, layout)
        if all(rep for _c, _t, rep in found):
            repeated.add(role)
    written = [c for c in cells if c.text and not c.repeated]
    wide = len(written) == 1 and _covers(written[0], cells, layout) > 1
    return _RowValues(
        values=values,
        repeated=repeated,
        written=written,
        wide=wide,
        texts=[c.text for c in cells],
        bold=any(c.bold for c in written),
        page=row.page,
        span_start=row.span.start,
        span_end=row.span.end,
        page_break_before=row.page_break_before,
        role_of_written=role_of_written,
    )


def _column_key(layout: _Layout, cell: LogicalCell, position: int) -> str:
    if layout.positional:
        return str(position)
    column = next((c for c in layout.columns if c.first <= cell.first <= c.last), None)
    return str(column.first) if column is not None else str(cell.first)


def _join_role(role: str, found: list[tuple[str, str, bool]], layout: _Layout) -> str:
    """Cells of one role: the children of a spanning parent («начало | окончание») joined
    with a dash for a deadline, other pieces (spacer columns) with a line break."""
    by_column: dict[str, list[str]] = {}
    for column, text, _rep in found:
        by_column.setdefault(column, []).append(text)
    pieces = ["\n".join(texts) for texts in by_column.values()]
    several_children = len(layout.roles.get(role, [])) > 1 and len(pieces) > 1
    sep = " – " if role == "deadline" and several_children else "\n"
    return sep.join(pieces)


def _covers(cell: LogicalCell, cells: list[LogicalCell], layout: _Layout) -> int:
    """How many of the table's columns a cell covers."""
    if layout.positional:
        return 1 + (cell.last - cell.first) if len(cells) < len(layout.columns) else 1
    return sum(1 for start in layout.starts() if cell.first <= start <= cell.last)


def _heading(rv: _RowValues, next_number: str | None) -> str | None:
    """The heading text if this row is a section/stage row, else None."""
    if rv.data_written():
        return None
    if len(rv.written) == 1:
        cell = rv.written[0]
        role = rv.role_of_written[0]
        text = cell.text
        if role == "group":
            return None
        if rv.wide or cell.bold or SECTION_MARK.search(text) or is_caps(text.split("\n")[0]):
            return _heading_text(text)
        if role == "number" and not ITEM_NUMBER.match(text.strip()):
            return _heading_text(text)  # a heading written across the row, in the № cell
        return None
    number = rv.values.get("number", "").strip() if "number" not in rv.repeated else ""
    activity = rv.values.get("activity", "") if "activity" not in rv.repeated else ""
    if len(rv.written) == 2 and number and activity:
        found = item_number(number)
        if found is None:
            return " ".join((number, activity))
        child = next_number is not None and next_number.startswith(found.rstrip(".") + ".")
        if rv.bold or child or STAGE_WORD.search(activity) or is_caps(activity):
            return f"{found.rstrip('.')}. {activity}"
    return None


def _heading_text(text: str) -> str:
    """A heading cell's text: a title in capitals followed by notes («Цель: …») is the title."""
    lines = text.split("\n")
    if len(lines) > 1 and is_caps(lines[0]):
        return lines[0]
    return " ".join(lines)


def _item_number(rv: _RowValues, state: _State) -> tuple[str | None, str | None]:
    """(item number, activity without a number typed at its start)."""
    activity = rv.values.get("activity")
    number = item_number(rv.values.get("number", ""))
    if "number" in rv.repeated or (state.group_numbers and _written(rv, "group")):
        number = None  # a merged № cell, or the group's own number
    if number:
        return number, activity
    if activity and "activity" not in rv.repeated and state.activity_numbers:
        m = ACTIVITY_NUMBER.match(activity)
        if m is not None:
            return m.group("n"), activity[m.end() :].lstrip()
    return None, activity


def _written(rv: _RowValues, role: str) -> bool:
    return role in rv.role_of_written


def _section_path(path: tuple[str, ...], heading: str) -> tuple[str, ...]:
    if STAGE_WORD.search(heading):
        return (heading,)
    if path and STAGE_WORD.search(path[0]):
        return (path[0], heading)
    return (heading,)


def _skip_row(rv: _RowValues, layout: _Layout) -> bool:
    written = [c.text for c in rv.written]
    return (
        not written
        or tuple(t.lower() for t in rv.texts if t) in layout.header_keys
        or is_column_number_row(written)
        or bool(TOTAL_ROW.match(written[0]))
        or any(SIGNATURE_CELL.match(t) for t in written)
    )


def extract_roadmap_result(doc: Document) -> RoadmapResult:
    """Every roadmap row of the document, with the warnings met on the way."""
    result = RoadmapResult()
    drafts: list[_Draft] = []
    previous: TableKind | None = None
    state: _State | None = None
    table_index = -1
    for n, table in enumerate(document_tables(doc.tables)):
        kind = classify_table(table, previous)
        if kind.warning:
            result.warnings.append(f"table {n}: {kind.warning}")
        if kind.kind == "roadmap" and kind.header is not None:
            table_index += 1
            start = kind.header.start + kind.header.rows
            roles = _with_number_column(kind.roles, table, start, list(kind.header.columns))
            layout = _Layout(roles, list(kind.header.columns), False, _header_keys(table, kind))
            state = _State(table_index, layout)
            previous = kind
        elif kind.kind == "continuation" and state is not None and previous is not None:
            if previous.kind != "roadmap":
                continue
            state.layout = _continuation_layout(table, state.layout)
            state.table_part += 1
            start = 0
        else:
            previous = kind if kind.kind != "layout" else previous
            state = None if kind.kind != "layout" else state
            continue
        _table_drafts(table, start, state, drafts, result.warnings)
    kept = []
    for draft in drafts:
        if draft.has_content():
            kept.append(draft)
        else:
            result.warnings.append(
                f"roadmap table {draft.table_index}: row {draft.item_number!r} "
                f"on page {draft.page_start} has no content; dropped"
            )
    keys = _item_keys(kept)
    result.items = [_to_item(d, i, key) for i, (d, key) in enumerate(zip(kept, keys, strict=True))]
    return result


def _with_number_column(
    roles: dict[str, list[HeaderColumn]], table: Table, start: int, columns: list[HeaderColumn]
) -> dict[str, list[HeaderColumn]]:
    """Find the number column by its content when its header cell is blank or unreadable."""
    if "number" in roles:
        return roles
    taken = {id(c) for cols in roles.values() for c in cols}
    for column in columns:
        if id(column) in taken or column.text:
            continue
        values = []
        for index in range(start, len(table.rows)):
            for cell in logical_cells(table, index):
                if column.first <= cell.first <= column.last and cell.text and not cell.repeated:
                    values.append(cell.text.strip())
        values = [v for v in values if not is_column_number_row([v])]
        numbers = sum(1 for v in values if ITEM_NUMBER.match(v))
        if values and numbers >= max(2, 0.6 * len(values)):
            return {**roles, "number": [column]}
    return roles


def _header_keys(table: Table, kind: TableKind) -> set[tuple[str, ...]]:
    assert kind.header is not None
    keys = set()
    for index in range(kind.header.start, kind.header.start + kind.header.rows):
        keys.add(tuple(c.text.lower() for c in logical_cells(table, index) if c.text))
    return keys


def _continuation_layout(table: Table, layout: _Layout) -> _Layout:
    """The roadmap's columns for a header-less next part: by grid when the grids agree,
    else by position (the n-th logical cell is the n-th column)."""
    grid = Counter(len(r.cells) for r in table.rows).most_common(1)[0][0]
    same_grid = layout.columns and grid == layout.columns[-1].last + 1
    positional = not same_grid and logical_width(table) == len(layout.columns)
    return _Layout(layout.roles, layout.columns, bool(positional), layout.header_keys)


def _table_drafts(
    table: Table, start: int, state: _State, drafts: list[_Draft], warnings: list[str]
) -> None:
    rows = [_read_row(table, i, state.layout) for i in range(start, len(table.rows))]
    if state.table_part and state.numbered and not any(_item_number(rv, state)[0] for rv in rows):
        # A header-less table after a numbered plan, with no item number: not its next part
        # (a one-row table is a signature or a note laid out in a table: no warning).
        if len(rows) == 1:
            return
        warnings.append(
            f"roadmap table {state.table_index}: a following table without a header and "
            "without item numbers was not taken as its continuation"
        )
        return
    state.group_numbers = _numbers_of_groups(rows, state)
    state.activity_numbers = _numbers_in_activity(rows, state)
    state.numbered = _is_numbered(rows, state)
    next_numbers = _next_numbers(rows, state)
    for pos, rv in enumerate(rows):
        if _skip_row(rv, state.layout):
            state.after_break = state.after_break or rv.page_break_before
            continue
        if state.after_break:
            rv.page_break_before = True
        state.after_break = False
        heading = _heading(rv, next_numbers[pos])
        if heading is not None:
            state.path = _section_path(state.path, heading)
            state.group = None
            continue
        _take_group(rv, state)
        number, activity = _item_number(rv, state)
        values = {**rv.values, "activity": activity or ""}
        last = drafts[-1] if drafts and drafts[-1].table_index == state.table_index else None
        if last is not None and last.awaits_number and number:
            last.item_number = number
            last.awaits_number = False
            _continue_draft(last, values, rv, sep="\n", same_item_row=True)
            continue
        opens_next = number is None and state.numbered and _opens_next(rows, pos)
        if (
            last is not None
            and number is None
            and not opens_next
            and _continues_item(rv, values, state)
        ):
            _continue_draft(last, values, rv, sep=" " if rv.page_break_before else "\n")
            continue
        draft = _new_draft(state, number, values, rv)
        draft.awaits_number = opens_next
        drafts.append(draft)


def _take_group(rv: _RowValues, state: _State) -> None:
    """In a group → activity table, the group cell in force is the innermost section."""
    if "group" not in state.layout.roles:
        return
    group = rv.values.get("group")
    if group:
        state.group = " ".join(group.split())


def _new_draft(state: _State, number: str | None, values: dict[str, str], rv: _RowValues) -> _Draft:
    path = state.path + ((state.group,) if state.group else ())
    return _Draft(
        table_index=state.table_index,
        section_path=path,
        item_number=number,
        cells={r: [values[r]] if values.get(r) else [] for r in ROLES},
        merged={r for r in rv.repeated if r in FIELD_OF_ROLE and values.get(r)},
        page_start=rv.page,
        page_end=rv.page,
        span_start=rv.span_start,
        span_end=rv.span_end,
    )


def _numbers_of_groups(rows: list[_RowValues], state: _State) -> bool:
    """Whether the № cells stand only where a group starts (group → activity tables)."""
    if "group" not in state.layout.roles:
        return False
    numbered = [rv for rv in rows if _written(rv, "number")]
    return bool(numbered) and all(_written(rv, "group") for rv in numbered)


def _numbers_in_activity(rows: list[_RowValues], state: _State) -> bool:
    """Whether this table types its item numbers in the activity cells rather than the №
    column (so that «1) …» in a sub-row of a numbered table does not open an item)."""
    in_column = in_activity = 0
    for rv in rows:
        number = rv.values.get("number", "").strip()
        if number and "number" not in rv.repeated and ITEM_NUMBER.match(number):
            in_column += 1
        activity = rv.values.get("activity", "")
        if "activity" not in rv.repeated and ACTIVITY_NUMBER.match(activity):
            in_activity += 1
    return in_activity > in_column


def _is_numbered(rows: list[_RowValues], state: _State) -> bool:
    """Whether most content rows carry an item number (typed, not Word's auto-numbering)."""
    content = [rv for rv in rows if rv.values.get("activity") and "activity" not in rv.repeated]
    numbered = sum(1 for rv in content if _item_number(rv, state)[0])
    if len(content) < 3 and state.table_part > 0:
        return state.numbered  # a short next part: as the table it continues
    if len(content) < 3:
        return numbered > 0
    return numbered >= NUMBERED_SHARE * len(content)


def _next_numbers(rows: list[_RowValues], state: _State) -> list[str | None]:
    """For each row, the first item number printed in a row after it (one backward pass)."""
    following: list[str | None] = [None] * len(rows)
    upcoming: str | None = None
    for pos in range(len(rows) - 1, -1, -1):
        following[pos] = upcoming
        number = item_number(rows[pos].values.get("number", ""))
        if number and "number" not in rows[pos].repeated:
            upcoming = number
    return following


def _opens_next(rows: list[_RowValues], pos: int) -> bool:
    """A row without a number whose text goes on, in lower case, in the next numbered row."""
    nxt = rows[pos + 1] if pos + 1 < len(rows) else None
    if nxt is None or not nxt.values.get("number", "").strip():
        return False
    activity = nxt.values.get("activity", "")
    return activity[:1].islower()


def _continues_item(rv: _RowValues, values: dict[str, str], state: _State) -> bool:
    """Whether a row without a number goes on with the item above instead of starting one.

    In a numbered table it does. Without numbers every row is an item, except a row whose
    activity is merged from above or absent (a sub-row with one more deadline or party), and
    a row after a page break, or a row with no deadline/party/result, whose text goes on in
    lower case (the sentence cut by the break or wrapped into a row of its own).
    """
    if state.numbered:
        return True
    if "activity" in rv.repeated or ("activity" in state.layout.roles and not values["activity"]):
        return True
    first = next((values[r] for r in ROLES if values.get(r) and r != "number"), "")
    if first[:1].islower() and not rv.data_written():
        return True  # the activity's sentence goes on in a row of its own
    return rv.page_break_before and first[:1].islower()


def _continue_draft(
    draft: _Draft, values: dict[str, str], rv: _RowValues, sep: str, *, same_item_row: bool = False
) -> None:
    # After a page break the cell's sentence goes on; otherwise the row is a sub-row that
    # lists one more deadline/party, and a line break keeps the items apart (a repeated
    # deadline there is one more deadline to pair). A value merged down from above adds
    # nothing; nor does, on the second half of one item split over two rows, a value the
    # first half already gave.
    for role in ROLES:
        text = values.get(role)
        if role == "number" or not text or role in rv.repeated:
            continue
        parts = draft.cells[role]
        if same_item_row and parts and parts[-1].split("\n")[-1] == text:
            continue
        if parts:
            parts[-1] = parts[-1] + sep + text
        else:
            parts.append(text)
    draft.page_end = rv.page
    draft.span_end = rv.span_end


def _item_keys(drafts: list[_Draft]) -> list[str | None]:
    """Item numbers, made unique within their table: prefixed with the stage (or section)
    ordinal where numbering restarts, then suffixed «#2», «#3» where a number still repeats."""
    counts = Counter((d.table_index, d.item_number) for d in drafts if d.item_number)
    restarts = {table for (table, _number), n in counts.items() if n > 1}
    keys: list[str | None] = []
    for level in (1, None):
        keys = _prefixed_keys(drafts, restarts, level)
        if len(set(_counted(drafts, keys))) == len(_counted(drafts, keys)):
            return keys
    seen: Counter[tuple[int, str]] = Counter()
    out: list[str | None] = []
    for d, key in zip(drafts, keys, strict=True):
        if key is None:
            out.append(None)
            continue
        seen[(d.table_index, key)] += 1
        n = seen[(d.table_index, key)]
        out.append(key if n == 1 else f"{key}#{n}")
    return out


def _counted(drafts: list[_Draft], keys: list[str | None]) -> list[tuple[int, str]]:
    return [(d.table_index, k) for d, k in zip(drafts, keys, strict=True) if k is not None]


def _prefixed_keys(drafts: list[_Draft], restarts: set[int], level: int | None) -> list[str | None]:
    keys: list[str | None] = []
    stages: dict[int, list[tuple[str, ...]]] = {}
    for d in drafts:
        if d.item_number is None or d.table_index not in restarts:
            keys.append(d.item_number)
            continue
        seen = stages.setdefault(d.table_index, [])
        stage = d.section_path[:level] if level else d.section_path
        if stage not in seen:
            seen.append(stage)
        keys.append(f"{seen.index(stage) + 1}/{d.item_number.rstrip('.')}")
    return keys


def _to_item(draft: _Draft, row_index: int, item_key: str | None) -> RoadmapItem:
    def text(role: str) -> str | None:
        joined = "".join(draft.cells[role]).strip()
        return joined or None

    return RoadmapItem(
        table_index=draft.table_index,
        row_index=row_index,
        section=draft.section_path[-1] if draft.section_path else None,
        section_path=draft.section_path,
        item_number=draft.item_number,
        item_key=item_key,
        activity=text("activity"),
        deadline_raw=text("deadline"),
        responsible_raw=text("responsible"),
        result_raw=text("result"),
        page_start=draft.page_start,
        page_end=draft.page_end,
        span_start=draft.span_start,
        span_end=draft.span_end,
        merged_fields=tuple(FIELD_OF_ROLE[r] for r in ROLES if r in draft.merged),
    )


def extract_roadmap(doc: Document) -> list[RoadmapItem]:
    """Every roadmap row of the document (warnings dropped; see `extract_roadmap_result`)."""
    return extract_roadmap_result(doc).items
