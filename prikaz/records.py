"""Typed records, one class per output table.

Extractors and normalizers return these; only `pipeline.writers` turns them into Arrow.
Field names are the Parquet column names (see `pipeline.writers.schemas`).
Spans are (start, end) offsets into `Document.text`; `page` is 1-based.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FieldSpan:
    """Where one header value came from."""

    field: str
    start: int
    end: int
    page: int


@dataclass(slots=True)
class Header:
    doc_type: str | None = None
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    issuer_short: str | None = None
    issuer_level: str | None = None  # federal | regional | municipal | organization
    region: str | None = None
    region_code: str | None = None
    municipality: str | None = None
    place: str | None = None
    title: str | None = None
    signatory: str | None = None
    signatory_position: str | None = None
    approved_by: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    spans: list[FieldSpan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RoadmapItem:
    table_index: int
    row_index: int  # unique within the document, in reading order
    section: str | None  # innermost stage/section heading in force
    section_path: tuple[str, ...]  # all headings in force, outermost first
    item_number: str | None
    item_key: str | None  # item_number made unique when numbering restarts per stage
    activity: str | None
    deadline_raw: str | None
    responsible_raw: str | None
    result_raw: str | None
    page_start: int
    page_end: int
    span_start: int
    span_end: int
    activity_category: str | None = None  # code from normalizers/activities_taxonomy.json
    activity_lemmas: tuple[str, ...] = ()  # content lemmas of `activity`, for ad-hoc grouping
    # Fields whose value stands in a cell merged over several rows: written once in the
    # source and repeated on every row it covers (e.g. ("responsible_raw",)).
    merged_fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeadlineComponent:
    kind: str  # date | window | deadline | recurring | continuous | on_demand | by_plan | unparsed
    start: dt.date | None = None
    end: dt.date | None = None
    dtstart: dt.date | None = None
    rrule: str | None = None
    period: str | None = None  # ISO 8601 duration of the recurrence: P1Y, P6M, P3M, P1M, P1W, P1D
    times: int | None = None  # occurrences per period
    at_least: bool = False
    text: str = ""  # the part of the input this component came from
    text_start: int = 0  # offsets of `text` in the input phrase
    text_end: int = 0
    # words of the cell that no component used and that are not filler: the cell was read only
    # in part (set on every component of the cell, with those words in `unparsed_text`)
    partial: bool = False
    unparsed_text: str | None = None
    relative: bool = (
        False  # counted from the document's date («в течение месяца со дня подписания»)
    )
    reason: str | None = None  # why a component is unparsed, when known


@dataclass(frozen=True, slots=True)
class Deadline:
    row_index: int
    component_index: int
    component: DeadlineComponent


@dataclass(frozen=True, slots=True)
class Responsible:
    row_index: int
    responsible_index: int
    raw: str
    name: str
    entity_type: str  # ORG | PER | POSITION | GROUP
    person: str | None = None
    position: str | None = None
    raw_start: int = 0  # offsets of `raw` in the row's `responsible_raw`
    raw_end: int = 0


@dataclass(frozen=True, slots=True)
class Assignment:
    row_index: int
    k: int
    deadline_component_index: int
    responsible_index: int


@dataclass(frozen=True, slots=True)
class Indicator:
    indicator: str
    unit: str | None
    year: int | None
    value: float | None
    raw: str
    row_index: int | None = None  # set when the target stands inside a roadmap row
    span_start: int | None = None  # where the value stands in `Document.text`
    span_end: int | None = None
    value_kind: str | None = None  # факт | план | оценка | прогноз, from the year column's header


@dataclass(frozen=True, slots=True)
class Reference:
    ref_type: str | None
    issuer: str | None
    date: dt.date | None
    number: str | None
    title: str | None
    raw: str
    span_start: int
    span_end: int


@dataclass(frozen=True, slots=True)
class Abbreviation:
    short: str
    full: str
    span_start: int
    span_end: int


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document; what the writer and `prikaz extract` consume."""

    doc_id: str
    source_path: str
    source_format: str
    pages: int
    header: Header
    roadmap_items: list[RoadmapItem] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    responsibles: list[Responsible] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
    stage_errors: list[str] = field(default_factory=list)  # names of stages that raised
    ocr_pages: int = 0  # pages read by OCR (no text layer, or a layer that lied)


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    source_path: str
    sha256: str | None
    stage: str  # discover | read | extract | normalize | write | worker
    error_type: str
    message: str


@dataclass(frozen=True, slots=True)
class RunRecord:
    run_id: str
    started_at: dt.datetime
    finished_at: dt.datetime
    seen: int
    new: int
    ok: int
    failed: int
    skipped: int
    unparsed_deadlines: int
    version: str
