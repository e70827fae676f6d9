"""One document through named stages: `Document` → extractors → normalizers → `Extraction`.

Like spaCy's pipeline components, each `Stage` has a name, declares which `Extraction` fields it
reads (`requires`) and which it adds (`assigns`), and is a pure function of the document and
what earlier stages added. `extract_document` runs `STAGES` in order and sets what each returns.

One error policy for all of them: a stage that raises becomes the warning
`stage <name>: <ErrorType>: <message>` on the document and its name in
`Extraction.stage_errors` (counted in `runs`); its fields keep their empty defaults and the
remaining stages still run. No stage catches its own exceptions.

Pure: no files are written and no settings read; the batch runner and `prikaz extract` both
call `extract_document`.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from prikaz.extractors.abbreviations import abbreviation_map, extract_abbreviations
from prikaz.extractors.header import extract_header
from prikaz.extractors.indicators import kpi_tables, roadmap_counts, roadmap_targets
from prikaz.extractors.location import extract_location
from prikaz.extractors.references import extract_references
from prikaz.extractors.roadmap import extract_roadmap_result
from prikaz.model import Document
from prikaz.normalizers.activities import classify_items
from prikaz.normalizers.assignments import align
from prikaz.normalizers.deadlines import academic_year_in, parse_deadline
from prikaz.normalizers.responsibles import split_parties
from prikaz.records import Deadline, DeadlineComponent, Extraction, Header, Responsible

# How much of the document's head is searched for the school year it is written for.
ACADEMIC_HEAD = 2000


@dataclass(slots=True)
class Added:
    """What a stage adds: new values for the fields it assigns, and its warnings."""

    values: dict[str, object]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Document, Extraction], Added]


# -- the stages ---------------------------------------------------------------------------------


def _header(doc: Document, ex: Extraction) -> Added:
    header = extract_header(doc)
    warnings, header.warnings = header.warnings, []
    return Added({"header": header}, warnings)


def _roadmap(doc: Document, ex: Extraction) -> Added:
    result = extract_roadmap_result(doc)
    return Added({"roadmap_items": result.items}, result.warnings)


def _activities(doc: Document, ex: Extraction) -> Added:
    return Added({"roadmap_items": classify_items(ex.roadmap_items)})


def _references(doc: Document, ex: Extraction) -> Added:
    return Added({"references": extract_references(doc, ex.header)})


def _deadlines(doc: Document, ex: Extraction) -> Added:
    """Each roadmap row's deadline cell as components, with the document's date and period."""
    header = ex.header
    period = None
    if header.period_start is not None and header.period_end is not None:
        period = (header.period_start, header.period_end)
    # Month ranges without a year («сентябрь-май») are bound by the school year the document
    # names; titles are often cut before it («План работы»), so the head of the text counts too.
    academic_year = academic_year_in(header.title) or academic_year_in(doc.text[:ACADEMIC_HEAD])
    out: list[Deadline] = []
    for item in ex.roadmap_items:
        if not item.deadline_raw:
            continue
        components = parse_deadline(
            item.deadline_raw, doc_date=header.date, period=period, academic_year=academic_year
        )
        out.extend(Deadline(item.row_index, i, c) for i, c in enumerate(components))
    return Added({"deadlines": out})


def _location(doc: Document, ex: Extraction) -> Added:
    loc = extract_location(doc, ex.header)
    header = dataclasses.replace(
        ex.header,
        region=loc.region,
        region_code=loc.region_code,
        municipality=loc.municipality,
        issuer_level=loc.issuer_level,
        spans=[*ex.header.spans, *loc.spans],
    )
    return Added({"header": header}, list(loc.warnings))


def _abbreviations(doc: Document, ex: Extraction) -> Added:
    return Added({"abbreviations": extract_abbreviations(doc)})


def _components_by_row(deadlines: Iterable[Deadline]) -> dict[int, list[DeadlineComponent]]:
    by_row: dict[int, list[DeadlineComponent]] = defaultdict(list)
    for d in deadlines:
        by_row[d.row_index].append(d.component)
    return by_row


def _responsibles(doc: Document, ex: Extraction) -> Added:
    """Parties of each row's responsible cell, and which deadline each one answers for."""
    shorts = abbreviation_map(ex.abbreviations)
    components = _components_by_row(ex.deadlines)
    responsibles: list[Responsible] = []
    assignments = []
    warnings: list[str] = []
    for item in ex.roadmap_items:
        parties = split_parties(item.responsible_raw, shorts)
        responsibles.extend(
            Responsible(
                row_index=item.row_index,
                responsible_index=i,
                raw=p.raw,
                name=p.name,
                entity_type=p.entity_type,
                person=p.person,
                position=p.position,
                raw_start=p.start,
                raw_end=p.end,
            )
            for i, p in enumerate(parties)
        )
        pairs, notes = align(item.row_index, item.deadline_raw, components[item.row_index], parties)
        assignments.extend(pairs)
        warnings.extend(notes)
    return Added({"responsibles": responsibles, "assignments": assignments}, warnings)


def _indicators(doc: Document, ex: Extraction) -> Added:
    """KPI tables, then per roadmap row its percent targets and yearly counts."""
    shorts = abbreviation_map(ex.abbreviations)
    components = _components_by_row(ex.deadlines)
    indicators = kpi_tables(doc)
    warnings: list[str] = []
    for item in ex.roadmap_items:
        targets = roadmap_targets(doc, item, components[item.row_index])
        indicators.extend(targets.indicators)
        warnings.extend(targets.warnings)
        indicators.extend(roadmap_counts(doc, item, shorts))
    return Added({"indicators": indicators}, warnings)


STAGES: tuple[Stage, ...] = (
    Stage("header", (), ("header",), _header),
    Stage("roadmap", (), ("roadmap_items",), _roadmap),
    Stage("activities", ("roadmap_items",), ("roadmap_items",), _activities),
    Stage("references", ("header",), ("references",), _references),
    Stage("deadlines", ("header", "roadmap_items"), ("deadlines",), _deadlines),
    Stage("location", ("header",), ("header",), _location),
    Stage("abbreviations", (), ("abbreviations",), _abbreviations),
    Stage(
        "responsibles",
        ("roadmap_items", "deadlines", "abbreviations"),
        ("responsibles", "assignments"),
        _responsibles,
    ),
    Stage(
        "indicators",
        ("roadmap_items", "deadlines", "abbreviations"),
        ("indicators",),
        _indicators,
    ),
)


# -- running them ---------------------------------------------------------------------------------


def check_stages(stages: Iterable[Stage]) -> None:
    """Every field a stage requires is assigned by an earlier stage; names are unique."""
    assigned: set[str] = set()
    names: set[str] = set()
    for stage in stages:
        if stage.name in names:
            raise ValueError(f"stage {stage.name!r} declared twice")
        names.add(stage.name)
        missing = [r for r in stage.requires if r not in assigned]
        if missing:
            raise ValueError(f"stage {stage.name!r} requires {missing} before any stage adds it")
        assigned.update(stage.assigns)


check_stages(STAGES)


def _run_stage(stage: Stage, doc: Document, ex: Extraction) -> None:
    try:
        added = stage.run(doc, ex)
    except Exception as exc:  # the one error policy: see the module doc
        ex.warnings.append(f"stage {stage.name}: {type(exc).__name__}: {exc}")
        ex.stage_errors.append(stage.name)
        return
    undeclared = set(added.values) - set(stage.assigns)
    if undeclared:  # a programming error, not an input error: fail loudly
        raise RuntimeError(f"stage {stage.name!r} set undeclared fields {sorted(undeclared)}")
    for name, value in added.values.items():
        setattr(ex, name, value)
    ex.warnings.extend(added.warnings)


def extract_document(doc: Document, stages: Iterable[Stage] = STAGES) -> Extraction:
    extraction = Extraction(
        doc_id=doc.doc_id,
        source_path=doc.source_path,
        source_format=doc.source_format,
        pages=doc.pages,
        ocr_pages=doc.ocr_pages,
        encoding=doc.encoding,
        header=Header(),
        warnings=list(doc.warnings),
    )
    for stage in stages:
        _run_stage(stage, doc, extraction)
    return extraction
