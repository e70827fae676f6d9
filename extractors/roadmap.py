"""Roadmap tables: rows of (№, мероприятие, сроки, ответственные, результат) in any column order.

The extractor reads `Table` blocks of the layout model:
- columns are mapped by the words of the header row, not by position;
- repeated header rows (a header printed again on each page) and column-number rows
  («1 2 3 4 5») are dropped;
- section/stage rows («ПОДГОТОВИТЕЛЬНЫЙ ЭТАП», «1. Нормативное правовое регулирование…»)
  become the `section` of the rows under them;
- a row without a number continues the item above: cut by a page break (joined with a
  space, the sentence goes on) or a sub-row listing one more deadline/party (joined with a
  line break, so the items of multi-value cells stay apart);
- numbered rows with no content are dropped with a warning;
- a table without a header whose width matches the roadmap above continues it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from prikaz.model import Document, Row, Table
from prikaz.records import RoadmapItem

ROLES = ("number", "activity", "deadline", "responsible", "result")

# Header words → column role, checked in this order (first match wins), with examples.
COLUMN_RULES: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (
        "responsible",
        re.compile(r"ответствен|исполнител|соисполнител", re.I),
        ("Ответственные", "Ответственный исполнитель", "Исполнители"),
    ),
    (
        "deadline",
        re.compile(r"\bсрок|\bдата\b|\bдаты\b|период\s+(?:исполн|реализ|провед)", re.I),
        ("Сроки исполнения", "Срок реализации", "Сроки / место проведения", "Дата"),
    ),
    (
        "result",
        re.compile(
            r"результат|вид\s+документа|итогов\w*\s+документ|форма\s+(?:заверш|отч|представл)",
            re.I,
        ),
        (
            "Результат",
            "Ожидаемый результат",
            "Результат. Вид документа",
            "Форма отчетности",
            "Форма представления результата",
        ),
    ),
    (
        "activity",
        re.compile(r"мероприяти|наименование|содержание|действи|задач|направлени", re.I),
        ("Мероприятие", "Наименование мероприятий", "Содержание работы", "Направления работы"),
    ),
    (
        "number",
        # OCR reads «п/п» as «n/n», «n/m», «п/n»: any short «x/y» after the sign.
        re.compile(r"^\s*(?:№|n|no\.?)\s*(?:\S{1,2}\s*/\s*\S{1,2})?\.?\s*$|^п\s*/\s*п$", re.I),
        ("№", "№ п/п", "N п/п", "№ n/n", "№ n/m"),
    ),
)

# An item number: «1», «2.», «1.1», «3.1.», «IV.», «2.3.1».
ITEM_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}[.)]?|[IVXLC]{1,6}[.)]?)$")
STAGE_WORD = re.compile(r"\bэтап\b", re.I)


def map_columns(header: list[str]) -> dict[str, int]:
    """Role → column index from the header cells' words; roles not found are absent."""
    roles: dict[str, int] = {}
    for index, text in enumerate(header):
        for role, pattern, _examples in COLUMN_RULES:
            if role not in roles and pattern.search(text):
                roles[role] = index
                break
    return roles


def is_roadmap_header(header: list[str]) -> bool:
    roles = map_columns(header)
    return "activity" in roles and ("deadline" in roles or "responsible" in roles)


def _with_number_column(roles: dict[str, int], rows: list[Row], width: int) -> dict[str, int]:
    """Find the number column by its content when its header cell is blank or unreadable."""
    if "number" in roles:
        return roles
    taken = set(roles.values())
    for index in range(width):
        if index in taken:
            continue
        values = [r.texts[index] for r in rows if index < len(r.texts) and r.texts[index]]
        values = [v for v in values if not is_column_number_row([v])]
        numbers = sum(1 for v in values if ITEM_NUMBER.match(v))
        if values and numbers >= max(2, 0.6 * len(values)):
            return {**roles, "number": index}
    return roles


def is_column_number_row(texts: list[str]) -> bool:
    """«1 2 3 4 5»: the header's column numbers printed as a row."""
    values = [t for t in texts if t]
    return len(values) >= 2 and values == [str(i) for i in range(1, len(values) + 1)]


@dataclass
class _Draft:
    """An item being assembled from one numbered row and its continuation rows."""

    table_index: int
    section_path: tuple[str, ...]
    item_number: str | None
    cells: dict[str, list[str]]
    page_start: int
    page_end: int
    span_start: int
    span_end: int
    bold_only: bool = False
    continued: bool = False

    def has_content(self) -> bool:
        return any(self.cells[r] for r in ROLES if r != "number")


@dataclass
class RoadmapResult:
    items: list[RoadmapItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _row_values(row: Row, roles: dict[str, int], width: int) -> dict[str, str]:
    texts = row.texts
    values = {role: texts[i] if i < len(texts) else "" for role, i in roles.items()}
    # Cells beyond the header's width hold stray text in some renderings: keep it, attach it
    # to the last mapped column rather than lose it.
    extra = [t for t in texts[width:] if t]
    if extra:
        last_role = max(roles, key=lambda r: roles[r])
        values[last_role] = " ".join([values[last_role], *extra]).strip()
    return values


def _number_cell(values: dict[str, str]) -> str:
    return values.get("number", "").strip()


def _is_section(values: dict[str, str], row: Row, next_number: str | None) -> str | None:
    """The heading text if this row is a section/stage row, else None."""
    number = _number_cell(values)
    data = [values.get(r, "") for r in ("deadline", "responsible", "result")]
    if any(data):
        return None
    activity = values.get("activity", "")
    if number and not ITEM_NUMBER.match(number):
        # Heading written across the row, landing in the number column (merged cell).
        return " ".join(t for t in (number, activity) if t)
    if not number and activity and not row.page_break_before:
        # A heading in the activity column with no number, not a cut-off continuation.
        if STAGE_WORD.search(activity) or activity.isupper():
            return activity
        return None
    if number and activity:
        bold = any(c.bold for c in row.cells if c.text)
        child = bool(next_number) and next_number.startswith(number.rstrip(".") + ".")
        if bold or child or STAGE_WORD.search(activity) or activity.isupper():
            return f"{number.rstrip('.')}. {activity}" if ITEM_NUMBER.match(number) else activity
    return None


def _next_numbers(rows: list[Row], roles: dict[str, int], width: int) -> list[str | None]:
    """For each row, the first item number printed in a row after it (one backward pass)."""
    following: list[str | None] = [None] * len(rows)
    upcoming: str | None = None
    for pos in range(len(rows) - 1, -1, -1):
        following[pos] = upcoming
        number = _number_cell(_row_values(rows[pos], roles, width))
        if number and ITEM_NUMBER.match(number):
            upcoming = number
    return following


def _section_path(path: tuple[str, ...], heading: str) -> tuple[str, ...]:
    if STAGE_WORD.search(heading):
        return (heading,)
    if path and STAGE_WORD.search(path[0]):
        return (path[0], heading)
    return (heading,)


def _join(parts: list[str], texts: list[str], sep: str) -> None:
    for text in texts:
        if text:
            if parts:
                parts[-1] = parts[-1] + sep + text
            else:
                parts.append(text)


def extract_roadmap_result(doc: Document) -> RoadmapResult:
    """Every roadmap row of the document, with the warnings met on the way."""
    result = RoadmapResult()
    drafts: list[_Draft] = []
    table_index = -1
    roles: dict[str, int] = {}
    header_keys: set[tuple[str, ...]] = set()
    width = 0
    path: tuple[str, ...] = ()
    for table in doc.tables:
        rows = list(table.rows)
        start = _header_index(table)
        if start is not None:
            header_rows = _header_rows(rows, start)
            header = _joined_header(header_rows)
            roles = map_columns(header)
            header_keys = {tuple(t.lower() for t in r.texts if t) for r in header_rows}
            width = len(header)
            table_index += 1
            path = ()
            rows = rows[start + len(header_rows) :]
            roles = _with_number_column(roles, rows, width)
        elif not (roles and _continues(table, width)):
            continue  # not a roadmap table (and not the rest of one)
        next_numbers = _next_numbers(rows, roles, width)
        after_break = False  # a page break seen on a dropped header/number/empty row
        for pos, row in enumerate(rows):
            texts = row.texts
            if (
                tuple(t.lower() for t in texts if t) in header_keys
                or is_column_number_row(texts)
                or row.is_empty()
            ):
                after_break = after_break or row.page_break_before
                continue
            if after_break and not row.page_break_before:
                row = replace(row, page_break_before=True)
            after_break = False
            values = _row_values(row, roles, width)
            heading = _is_section(values, row, next_numbers[pos])
            if heading is not None:
                path = _section_path(path, heading)
                continue
            number = _number_cell(values)
            if (
                drafts
                and drafts[-1].table_index == table_index
                and _continues_item(values, row, numbered="number" in roles)
            ):
                _continue_draft(drafts[-1], values, row)
                continue
            drafts.append(
                _Draft(
                    table_index=table_index,
                    section_path=path,
                    item_number=number or None,
                    cells={r: [values[r]] if values.get(r) else [] for r in ROLES},
                    page_start=row.page,
                    page_end=row.page,
                    span_start=row.span.start,
                    span_end=row.span.end,
                )
            )
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


def _item_keys(drafts: list[_Draft]) -> list[str | None]:
    """Item numbers, prefixed with the stage ordinal in tables where numbering restarts."""
    counts = Counter((d.table_index, d.item_number) for d in drafts if d.item_number)
    restarts = {table for (table, _number), n in counts.items() if n > 1}
    keys: list[str | None] = []
    stages: dict[int, list[str]] = {}
    for d in drafts:
        if d.item_number is None or d.table_index not in restarts:
            keys.append(d.item_number)
            continue
        seen = stages.setdefault(d.table_index, [])
        stage = d.section_path[0] if d.section_path else ""
        if stage not in seen:
            seen.append(stage)
        keys.append(f"{seen.index(stage) + 1}/{d.item_number.rstrip('.')}")
    return keys


def _is_header_continuation(row: Row) -> bool:
    """The second line of a header printed as its own row («п/п | | исполнения | …»)."""
    values = [t for t in row.texts if t]
    if len(values) < 2:
        return False  # one cell: a section heading, not a header line
    for text in values:
        if len(text) > 40 or any(ch.isdigit() for ch in text):
            return False
        header_word = text[:1].islower() or any(p.search(text) for _r, p, _e in COLUMN_RULES)
        if not header_word:
            return False
    return True


def _header_rows(rows: list[Row], start: int) -> list[Row]:
    """The header row and the header lines printed under it (at most two more)."""
    taken = [rows[start]]
    for row in rows[start + 1 : start + 3]:
        if not _is_header_continuation(row):
            break
        taken.append(row)
    return taken


def _joined_header(header_rows: list[Row]) -> list[str]:
    width = max(len(r.texts) for r in header_rows)
    columns = [
        [r.texts[i] for r in header_rows if i < len(r.texts) and r.texts[i]] for i in range(width)
    ]
    return [" ".join(parts) for parts in columns]


def _header_index(table: Table) -> int | None:
    for i, row in enumerate(table.rows[:3]):
        if is_roadmap_header(row.texts):
            return i
    return None


def _continues(table: Table, width: int) -> bool:
    """A header-less table as wide as the roadmap above it is that roadmap's next part."""
    widths = Counter(len(r.cells) for r in table.rows)
    common = widths.most_common(1)[0][0] if widths else 0
    return abs(common - width) <= 1


def _continues_item(values: dict[str, str], row: Row, *, numbered: bool) -> bool:
    """Whether a row goes on with the item above instead of starting one.

    In a numbered table, a row without a number continues the item. Without a number
    column every row is an item, except one after a page break whose text goes on in
    lower case (the sentence cut by the break).
    """
    if numbered:
        return not _number_cell(values)
    first = next((v for r, v in values.items() if v and r != "number"), "")
    return row.page_break_before and first[:1].islower()


def _continue_draft(draft: _Draft, values: dict[str, str], row: Row) -> None:
    # After a page break the cell's sentence goes on; otherwise the row is a sub-row that
    # lists one more deadline/party, and a line break keeps the items apart.
    sep = " " if row.page_break_before else "\n"
    for role in ROLES:
        if role != "number" and values.get(role):
            _join(draft.cells[role], [values[role]], sep)
    draft.page_end = row.page
    draft.span_end = row.span.end
    draft.continued = True


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
    )


def extract_roadmap(doc: Document) -> list[RoadmapItem]:
    """Every roadmap row of the document (warnings dropped; see `extract_roadmap_result`)."""
    return extract_roadmap_result(doc).items
