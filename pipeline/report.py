"""The review page of one document: one self-contained HTML file (inline CSS, SVG and script).

It shows the header fields, the roadmap as a table (normalized deadlines beside the raw cell),
a Gantt-style timeline as inline SVG, and the source text with every extracted value
highlighted where it came from. Input is the same row dicts the writer stores (column names of
`pipeline.writers.schemas`), so a page can be made from a fresh extraction or from Parquet.

Highlighted spans: header fields (`documents.spans`), roadmap rows (`span_start`/`span_end`),
references, abbreviations and indicators (their spans, when the table has them); inside a
roadmap row, each cell's value and each deadline component are located in the row's text
(best effort: a value that the reader reflowed may not be found, and is then only covered by
its row's mark).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
from dateutil.rrule import rrulestr

from prikaz.errors import PrikazError
from prikaz.pipeline.readers import read_document
from prikaz.pipeline.writers.parquet import ParquetStore
from prikaz.pipeline.writers.rows import child_rows, document_row
from prikaz.pipeline.writers.schemas import TABLES

Row = dict[str, Any]

HEADER_FIELDS = (
    ("doc_type", "type"),
    ("number", "number"),
    ("date", "date"),
    ("issuer", "issuer"),
    ("issuer_level", "issuer level"),
    ("region", "region"),
    ("region_code", "region code"),
    ("municipality", "municipality"),
    ("place", "place"),
    ("title", "title"),
    ("signatory", "signatory"),
    ("signatory_position", "signatory position"),
    ("approved_by", "approved by"),
    ("period_start", "period start"),
    ("period_end", "period end"),
)
CELL_ROLES = ("activity", "deadline_raw", "responsible_raw", "result_raw")
KIND_COLORS = {
    "date": "#1f77b4",
    "window": "#2ca02c",
    "deadline": "#d62728",
    "recurring": "#9467bd",
    "continuous": "#8c8c8c",
}
# Nesting of highlights of equal extent, outermost first.
KIND_DEPTH = {
    "row": 0,
    "header": 1,
    "reference": 2,
    "abbreviation": 3,
    "indicator": 4,
    "cell": 5,
    "deadline": 6,
}
MAX_OCCURRENCES = 400  # per component, on the timeline


@dataclass
class ReportData:
    """What the page shows: the documents row, the child tables' rows, the source text."""

    document: Row
    tables: dict[str, list[Row]] = field(default_factory=dict)
    text: str | None = None  # None when the source file is gone or changed
    notes: list[str] = field(default_factory=list)

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])


# ---------------------------------------------------------------------------- dates and rules


def as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date") and callable(value.date):  # pandas.Timestamp
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def occurrences(
    rrule: str, dtstart: dt.date, until: dt.date, limit: int = MAX_OCCURRENCES
) -> list[dt.date]:
    """Dates of a recurrence from `dtstart`, cut at `until` (for rules without UNTIL/COUNT)."""
    rule = rrulestr(rrule, dtstart=dt.datetime.combine(dtstart, dt.time()))
    out: list[dt.date] = []
    for moment in rule:
        day = moment.date()
        if day > until or len(out) >= limit:
            break
        out.append(day)
    return out


@dataclass(frozen=True, slots=True)
class Mark:
    """One thing drawn on a timeline row: a bar (start < end) or a point (start == end)."""

    kind: str
    start: dt.date
    end: dt.date
    label: str
    points: tuple[dt.date, ...] = ()  # occurrences of a recurrence


@dataclass(frozen=True, slots=True)
class Lane:
    row_index: int
    label: str
    marks: tuple[Mark, ...]


def describe_component(c: Row) -> str:
    """A deadline component in words: «2023-03-01 … 2023-03-31», «by 2023-02-20», …"""
    kind = c.get("kind")
    start, end = as_date(c.get("start")), as_date(c.get("end"))
    if kind == "date":
        return f"{start}"
    if kind == "deadline":
        return f"by {end}"
    if kind in ("window", "continuous"):
        return f"{start or '…'} – {end or '…'}"
    if kind == "recurring":
        first = as_date(c.get("dtstart"))
        parts = [c.get("rrule") or "", f"from {first}" if first else "start unknown"]
        if c.get("times"):
            rate = f"{c['times']}× per {c.get('period') or '?'}"
            parts.append(f"at least {rate}" if c.get("at_least") else rate)
        return "; ".join(p for p in parts if p)
    if kind == "unparsed":
        return f"not recognized: «{c.get('text') or ''}»"
    return str(kind or "")


def timeline_lanes(data: ReportData) -> list[Lane]:
    """One lane per roadmap row that has a dated deadline component, in row order."""
    by_row: dict[int, list[Row]] = {}
    for c in data.rows("deadlines"):
        by_row.setdefault(int(c["row_index"]), []).append(c)
    dated = [
        d
        for comps in by_row.values()
        for c in comps
        for v in (c.get("start"), c.get("end"), c.get("dtstart"))
        if (d := as_date(v)) is not None
    ]
    horizon: dt.date = max(dated) if dated else dt.date.today()
    horizon = max(horizon, dt.date(horizon.year, 12, 31))
    period_end = data.document.get("period_end")
    if period_end:
        horizon = max(horizon, dt.date(int(period_end), 12, 31))
    lanes = []
    for item in data.rows("roadmap_items"):
        marks = []
        comps = sorted(by_row.get(int(item["row_index"]), []), key=lambda c: c["component_index"])
        for c in comps:
            mark = _mark(c, horizon)
            if mark is not None:
                marks.append(mark)
        if marks:
            lanes.append(Lane(int(item["row_index"]), _row_label(item), tuple(marks)))
    return lanes


def _mark(c: Row, horizon: dt.date) -> Mark | None:
    kind = c.get("kind")
    start, end = as_date(c.get("start")), as_date(c.get("end"))
    label = f"{kind}: {describe_component(c)} — «{c.get('text') or ''}»"
    if kind == "date" and start:
        return Mark(kind, start, start, label)
    if kind == "deadline" and end:
        return Mark(kind, end, end, label)
    if kind in ("window", "continuous") and start and end:
        return Mark(kind, start, end, label)
    if kind == "recurring" and c.get("rrule") and c.get("dtstart"):
        first = as_date(c["dtstart"])
        assert first is not None
        try:
            points = occurrences(c["rrule"], first, horizon)
        except (ValueError, TypeError):
            return None
        if points:
            return Mark(kind, points[0], points[-1], label, tuple(points))
    return None


def _row_label(item: Row) -> str:
    number = item.get("item_key") or item.get("item_number") or f"#{item['row_index']}"
    return str(number)


# ------------------------------------------------------------------------------------ the SVG

LABEL_W, PLOT_W, LANE_H, AXIS_H = 70, 880, 22, 34


def render_timeline(lanes: list[Lane], activities: dict[int, str] | None = None) -> str:
    """A Gantt-style inline SVG: one lane per roadmap row, years on the axis."""
    activities = activities or {}
    if not lanes:
        return (
            '<svg id="timeline-svg" xmlns="http://www.w3.org/2000/svg" width="600" height="40" '
            'role="img" aria-label="timeline"><text x="8" y="24" class="empty">'
            "no dated deadlines</text></svg>"
        )
    first = min(m.start for lane in lanes for m in lane.marks)
    last = max(m.end for lane in lanes for m in lane.marks)
    lo, hi = dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)
    span = (hi - lo).days + 1

    def x(day: dt.date) -> float:
        return round(LABEL_W + PLOT_W * (day - lo).days / span, 1)

    width, height = LABEL_W + PLOT_W + 10, AXIS_H + LANE_H * len(lanes) + 6
    out = [
        f'<svg id="timeline-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        'aria-label="timeline of the roadmap">'
    ]
    for year in range(lo.year, hi.year + 2):
        for month in (1, 4, 7, 10):
            day = dt.date(year, month, 1)
            if not lo <= day <= hi + dt.timedelta(days=1):
                continue
            cls = "year" if month == 1 else "quarter"
            xx = x(day) if day <= hi else LABEL_W + PLOT_W
            out.append(
                f'<line class="grid {cls}" x1="{xx}" y1="{AXIS_H - 6}" x2="{xx}" y2="{height}"/>'
            )
        if dt.date(year, 1, 1) <= hi:
            mid = x(dt.date(year, 7, 1))
            out.append(f'<text class="axis" x="{mid}" y="{AXIS_H - 12}">{year}</text>')
    for i, lane in enumerate(lanes):
        y = AXIS_H + i * LANE_H
        title = html.escape(activities.get(lane.row_index, ""))
        out.append(
            f'<g class="lane" data-row="{lane.row_index}"><title>{title}</title>'
            f'<rect class="lane-bg" x="0" y="{y}" width="{width}" height="{LANE_H}"/>'
            f'<a href="#row-{lane.row_index}"><text class="lane-label" x="4" y="{y + 15}">'
            f"{html.escape(lane.label)}</text></a>"
        )
        for m in lane.marks:
            out.append(_draw_mark(m, x, y))
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _draw_mark(m: Mark, x: Any, y: float) -> str:
    color = KIND_COLORS.get(m.kind, "#555")
    title = f"<title>{html.escape(m.label)}</title>"
    mid = y + LANE_H / 2
    if m.kind == "recurring":
        dots = "".join(f'<circle cx="{x(p)}" cy="{mid}" r="3.5" fill="{color}"/>' for p in m.points)
        line = (
            f'<line x1="{x(m.start)}" y1="{mid}" x2="{x(m.end)}" y2="{mid}" '
            f'stroke="{color}" stroke-dasharray="2 3"/>'
        )
        return f'<g class="mark recurring">{title}{line}{dots}</g>'
    if m.start == m.end:
        cx = x(m.start)
        d = f"M{cx} {mid - 6}L{cx + 6} {mid}L{cx} {mid + 6}L{cx - 6} {mid}Z"
        fill = "white" if m.kind == "deadline" else color
        return (
            f'<path class="mark {m.kind}" d="{d}" fill="{fill}" stroke="{color}" '
            f'stroke-width="2">{title}</path>'
        )
    x0, x1 = x(m.start), x(m.end)
    return (
        f'<rect class="mark {m.kind}" x="{x0}" y="{y + 5}" width="{max(x1 - x0, 2):.1f}" '
        f'height="{LANE_H - 10}" rx="2" fill="{color}" fill-opacity="0.75">{title}</rect>'
    )


# ------------------------------------------------------------------------- the source marks


@dataclass(frozen=True, slots=True)
class Highlight:
    start: int
    end: int
    kind: str  # a key of KIND_DEPTH
    key: str  # anchor id of the value it belongs to
    title: str


def highlights(data: ReportData) -> list[Highlight]:
    """Every span of the text an extracted value came from."""
    text = data.text or ""
    out: list[Highlight] = []
    doc = data.document
    for s in doc.get("spans") or []:
        name = s["field"]
        value = doc.get(name)
        if name == "period":
            value = f"{doc.get('period_start')}–{doc.get('period_end')}"
        out.append(Highlight(s["start"], s["end"], "header", f"f-{name}", f"{name}: {value}"))
    for item in data.rows("roadmap_items"):
        r = int(item["row_index"])
        start, end = int(item["span_start"]), int(item["span_end"])
        out.append(Highlight(start, end, "row", f"row-{r}", f"roadmap row {_row_label(item)}"))
        for role, at, stop in _locate_cells(text, start, end, item):
            out.append(Highlight(at, stop, "cell", f"row-{r}", role))
        comps = [c for c in data.rows("deadlines") if int(c["row_index"]) == r]
        cursor = start
        for c in sorted(comps, key=lambda c: c["component_index"]):
            piece = str(c.get("text") or "").strip()
            at = text.find(piece, cursor, end) if piece else -1
            if at >= 0:
                out.append(
                    Highlight(at, at + len(piece), "deadline", f"row-{r}", describe_component(c))
                )
                cursor = at + len(piece)
    for i, ref in enumerate(data.rows("references")):
        title = " ".join(str(ref.get(k) or "") for k in ("ref_type", "date", "number")).strip()
        out.append(Highlight(ref["span_start"], ref["span_end"], "reference", f"ref-{i}", title))
    for i, ab in enumerate(data.rows("abbreviations")):
        title = f"{ab['short']} = {ab['full']}"
        out.append(Highlight(ab["span_start"], ab["span_end"], "abbreviation", f"abbr-{i}", title))
    for i, ind in enumerate(data.rows("indicators")):
        if ind.get("span_start") is not None and ind.get("span_end") is not None:
            title = f"{ind.get('indicator')}: {ind.get('year')} = {ind.get('value')}"
            out.append(
                Highlight(
                    int(ind["span_start"]), int(ind["span_end"]), "indicator", f"ind-{i}", title
                )
            )
    n = len(text)
    return [h for h in out if 0 <= h.start < h.end <= n]


def _locate_cells(text: str, start: int, end: int, item: Row) -> list[tuple[str, int, int]]:
    """Where each line of each cell value of a roadmap row stands in the row's text."""
    found = []
    for role in CELL_ROLES:
        cursor = start
        for line in str(item.get(role) or "").split("\n"):
            line = line.strip()
            at = text.find(line, cursor, end) if line else -1
            if at >= 0:
                found.append((role, at, at + len(line)))
                cursor = at + len(line)
    return found


def render_source(text: str, marks: list[Highlight]) -> str:
    """The text cut at every span boundary; each piece wrapped in the marks that cover it.

    The first piece of `marks[i]` carries the anchor `src-<i>`.
    """
    bounds = sorted({0, len(text), *(h.start for h in marks), *(h.end for h in marks)})
    started: set[int] = set()
    out = []
    for a, b in itertools.pairwise(bounds):
        piece = html.escape(text[a:b])
        covering = [i for i, h in enumerate(marks) if h.start <= a and b <= h.end]
        # innermost first: shorter spans, and for equal spans the finer kind
        covering.sort(key=lambda i: (marks[i].end - marks[i].start, -KIND_DEPTH[marks[i].kind]))
        for i in covering:
            h = marks[i]
            anchor = "" if i in started else f' id="src-{i}"'
            started.add(i)
            piece = (
                f'<mark class="hl hl-{h.kind}" data-key="{h.key}"{anchor} '
                f'title="{html.escape(h.title)}">{piece}</mark>'
            )
        out.append(piece)
    return "".join(out)


# ----------------------------------------------------------------------------- the whole page


def render_html(data: ReportData) -> str:
    doc = data.document
    title = doc.get("title") or Path(str(doc.get("source_path") or "")).name or "document"
    marks = sorted(highlights(data), key=lambda h: (h.start, -h.end)) if data.text else []
    first_mark: dict[str, str] = {}
    for i, h in enumerate(marks):
        first_mark.setdefault(h.key, f"src-{i}")
    activities = {
        int(i["row_index"]): str(i.get("activity") or "") for i in data.rows("roadmap_items")
    }
    parts = [
        "<!doctype html>",
        '<html lang="ru"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(_short(str(title), 120))} — prikaz review</title>",
        f"<style>{CSS}</style></head><body>",
        f"<header><h1>{html.escape(str(title))}</h1>",
        '<p class="meta">',
        f"{html.escape(str(doc.get('source_path') or ''))} · {doc.get('source_format') or ''}"
        f" · {doc.get('pages') or '?'} page(s) · doc_id <code>{doc.get('doc_id') or ''}</code>",
        f" · prikaz {html.escape(str(doc.get('extractor_version') or ''))}</p></header>",
    ]
    for note in [*data.notes, *(doc.get("warnings") or [])]:
        parts.append(f'<p class="warning">⚠ {html.escape(str(note))}</p>')
    parts.append(_header_section(doc, first_mark))
    parts.append(_roadmap_section(data, first_mark))
    lanes = timeline_lanes(data)
    parts.append(
        '<section id="timeline"><h2>Timeline</h2>'
        f'<p class="legend">{_legend()}</p>{render_timeline(lanes, activities)}</section>'
    )
    parts.append(_small_tables(data))
    if data.text is not None:
        parts.append(
            '<section id="source"><h2>Source text</h2><p class="toggles">'
            + "".join(
                f'<label><input type="checkbox" data-kind="{k}" checked> '
                f'<mark class="hl hl-{k}">{k}</mark></label> '
                for k in KIND_DEPTH
            )
            + f'</p><pre id="source-text">{render_source(data.text, marks)}</pre></section>'
        )
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(parts)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _value(v: Any) -> str:
    if v is None or v == "":
        return '<span class="null">—</span>'
    return html.escape(str(v))


def _src_link(first_mark: dict[str, str], key: str) -> str:
    target = first_mark.get(key)
    return f' <a class="src" href="#{target}" title="show in the source">¶</a>' if target else ""


def _header_section(doc: Row, first_mark: dict[str, str]) -> str:
    rows = []
    for name, label in HEADER_FIELDS:
        link = _src_link(first_mark, f"f-{name}")
        if name.startswith("period_") and not link:
            link = _src_link(first_mark, "f-period")
        rows.append(f"<tr><th>{label}</th><td>{_value(doc.get(name))}{link}</td></tr>")
    return (
        '<section id="header-fields"><h2>Header</h2><table class="fields">'
        + "".join(rows)
        + "</table></section>"
    )


def _roadmap_section(data: ReportData, first_mark: dict[str, str]) -> str:
    items = data.rows("roadmap_items")
    comps: dict[int, list[Row]] = {}
    for c in data.rows("deadlines"):
        comps.setdefault(int(c["row_index"]), []).append(c)
    parties: dict[int, list[Row]] = {}
    for p in data.rows("responsibles"):
        parties.setdefault(int(p["row_index"]), []).append(p)
    head = (
        "<tr><th>№</th><th>activity</th><th>category</th><th>deadline (raw)</th>"
        "<th>deadline (normalized)</th><th>responsible</th><th>result</th><th>page</th></tr>"
    )
    body = []
    section = None
    for item in items:
        r = int(item["row_index"])
        if item.get("section") and item.get("section") != section:
            section = item["section"]
            body.append(f'<tr class="section"><td colspan="8">{html.escape(section)}</td></tr>')
        normalized = "".join(
            f'<div class="comp kind-{html.escape(str(c.get("kind")))}">'
            f'<span class="kind">{html.escape(str(c.get("kind")))}</span> '
            f"{html.escape(describe_component(c))}</div>"
            for c in sorted(comps.get(r, []), key=lambda c: c["component_index"])
        )
        names = "".join(
            f'<div class="party">{html.escape(str(p.get("name") or p.get("raw")))}'
            f' <span class="etype">{html.escape(str(p.get("entity_type") or ""))}</span></div>'
            for p in sorted(parties.get(r, []), key=lambda p: p["responsible_index"])
        )
        pages = item.get("page_start")
        if item.get("page_end") and item.get("page_end") != pages:
            pages = f"{pages}–{item['page_end']}"
        body.append(
            f'<tr id="row-{r}" data-row="{r}">'
            f"<td>{_value(item.get('item_number'))}{_src_link(first_mark, f'row-{r}')}</td>"
            f'<td class="activity">{_value(item.get("activity"))}</td>'
            f'<td><span class="cat">{_value(item.get("activity_category"))}</span></td>'
            f'<td class="raw">{_value(item.get("deadline_raw"))}</td>'
            f'<td class="norm">{normalized or _value(None)}</td>'
            f'<td class="raw">{_value(item.get("responsible_raw"))}{names}</td>'
            f'<td class="raw">{_value(item.get("result_raw"))}</td>'
            f"<td>{_value(pages)}</td></tr>"
        )
    return (
        f'<section id="roadmap"><h2>Roadmap ({len(items)} rows)</h2>'
        f'<table id="roadmap-table">{COLGROUP}<thead>{head}</thead><tbody>{"".join(body)}</tbody>'
        "</table></section>"
    )


COLGROUP = (
    "<colgroup>"
    + "".join(f'<col style="width:{w}%">' for w in (5, 24, 10, 11, 19, 13, 14, 4))
    + "</colgroup>"
)


def _small_tables(data: ReportData) -> str:
    out = []
    specs: tuple[tuple[str, str, tuple[str, ...]], ...] = (
        ("references", "References", ("ref_type", "issuer", "date", "number", "title")),
        ("abbreviations", "Abbreviations", ("short", "full")),
        ("indicators", "Indicators", ("indicator", "unit", "year", "value")),
    )
    for table, heading, columns in specs:
        rows = data.rows(table)
        if not rows:
            continue
        head = "".join(f"<th>{c}</th>" for c in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{_value(r.get(c))}</td>" for c in columns) + "</tr>"
            for r in rows
        )
        out.append(
            f'<section id="{table}"><h2>{heading} ({len(rows)})</h2>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>"
        )
    return "".join(out)


def _legend() -> str:
    return " ".join(
        f'<span class="swatch" style="background:{color}"></span>{kind}'
        for kind, color in KIND_COLORS.items()
    )


CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:1280px;padding:16px 24px;color:#222}
h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
.meta{color:#666;font-size:12px;margin:0}.warning{background:#fff4e5;padding:4px 8px;margin:4px 0}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;padding:4px 6px;
vertical-align:top;text-align:left}th{background:#f5f5f5}
table.fields th{width:160px}.null{color:#bbb}
#roadmap-table td.raw{white-space:pre-line;color:#444}
#roadmap-table tr:target{outline:3px solid #f90}
tr.section td{background:#eef3f8;font-weight:600}
.cat{font-family:monospace;font-size:11px;overflow-wrap:anywhere}
#roadmap-table{table-layout:fixed}.comp{font-size:12px;overflow-wrap:anywhere}.kind{display:inline-block;min-width:62px;font-weight:600}
.kind-unparsed{color:#b00}.etype{color:#888;font-size:11px}.party{font-size:12px;color:#225}
a.src{text-decoration:none;color:#06c}
#timeline svg{max-width:100%;height:auto;font-size:11px}
.grid{stroke:#e3e3e3}.grid.year{stroke:#bbb}.axis{text-anchor:middle;fill:#444;font-weight:600}
.lane-bg{fill:transparent}.lane:hover .lane-bg{fill:#f3f7ff}.lane-label{fill:#06c}
.swatch{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:-1px}
#source-text{white-space:pre-wrap;font:12.5px/1.5 ui-monospace,Menlo,Consolas,monospace;
background:#fafafa;border:1px solid #eee;padding:12px}
mark.hl{background:none;color:inherit;border-radius:2px}
mark.hl-row{background:#eef6ee}mark.hl-cell{background:#dcefdc}
mark.hl-header{background:#ffe9a8}mark.hl-deadline{background:#f7c6c6}
mark.hl-reference{background:#d8e6ff}mark.hl-abbreviation{background:#ecd9ff}
mark.hl-indicator{background:#c9f0ef}
body.off-row mark.hl-row,body.off-cell mark.hl-cell,body.off-header mark.hl-header,
body.off-deadline mark.hl-deadline,body.off-reference mark.hl-reference,
body.off-abbreviation mark.hl-abbreviation,body.off-indicator mark.hl-indicator{background:none}
mark.hl.active{outline:2px solid #f90}mark:target{outline:3px solid #f90}
"""

SCRIPT = """
(function () {
  document.querySelectorAll('input[data-kind]').forEach(function (box) {
    box.addEventListener('change', function () {
      document.body.classList.toggle('off-' + box.dataset.kind, !box.checked);
    });
  });
  var table = document.getElementById('roadmap-table');
  if (table) {
    table.addEventListener('mouseover', function (e) {
      var tr = e.target.closest('tr[data-row]');
      document.querySelectorAll('mark.active').forEach(function (m) {
        m.classList.remove('active');
      });
      if (tr) {
        document.querySelectorAll('mark[data-key="row-' + tr.dataset.row + '"]')
          .forEach(function (m) { m.classList.add('active'); });
      }
    });
  }
  document.body.dataset.ready = 'yes';
})();
"""


# ------------------------------------------------------------------------------- the inputs


def from_extraction(extraction: Any, text: str | None) -> ReportData:
    """Page data from a fresh `Extraction` and its document's text."""
    tables = child_rows(extraction)
    return ReportData(document=document_row(extraction), tables=tables, text=text)


def from_store(data_dir: str | Path, key: str) -> ReportData:
    """Page data of one document of a Parquet output folder, found by doc_id or its prefix.

    The text is read again from `source_path`; when that file is gone or its bytes changed,
    the page is made without the source text and says why.
    """
    store = ParquetStore(data_dir)
    damaged: list[str] = []  # unreadable parts: the page says so instead of failing
    docs = store.read_table("documents", damaged=damaged)
    ids = docs.column("doc_id").to_pylist()
    matches = sorted({d for d in ids if d and d.startswith(key.lower())})
    if len(matches) != 1:
        found = "no document" if not matches else f"{len(matches)} documents"
        raise LookupError(f"{found} with doc_id {key!r} in {data_dir}")
    doc_id = matches[0]
    rows = docs.filter(pc.equal(docs["doc_id"], doc_id)).to_pylist()
    document = rows[-1]
    tables = {}
    for name, schema in TABLES.items():
        if name in ("documents", "errors", "runs") or "doc_id" not in schema.names:
            continue
        table = store.read_table(name, damaged=damaged)
        tables[name] = table.filter(pc.equal(table["doc_id"], doc_id)).to_pylist()
    data = ReportData(document=document, tables=tables)
    if document.get("is_current") is False:
        newer, gone = document.get("superseded_by"), document.get("removed_in_run")
        why = f"superseded by {newer}" if newer else f"its input was gone in run {gone}"
        data.notes.append(f"not the current version of {document.get('source_path')}: {why}")
    if damaged:
        data.notes.append(f"unreadable parts skipped (run `prikaz verify`): {', '.join(damaged)}")
    data.text, note = _source_text(str(document.get("source_path") or ""), doc_id)
    if note:
        data.notes.append(note)
    return data


def _source_text(path: str, doc_id: str) -> tuple[str | None, str | None]:
    if not path or not Path(path).is_file():
        return None, f"source file {path!r} not found: the source text is not shown"
    try:
        doc = read_document(path)
    except (PrikazError, OSError) as exc:
        return None, f"source file {path!r} cannot be read ({exc}): the source text is not shown"
    if doc.doc_id != doc_id:
        return None, f"source file {path!r} has changed since extraction: text not shown"
    return doc.text, None
