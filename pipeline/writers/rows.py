"""Records → plain row dicts keyed by column name, for Arrow and for `prikaz extract` JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from prikaz import __version__
from prikaz.records import ErrorRecord, Extraction

CHILD_TABLES = (
    "roadmap_items",
    "deadlines",
    "responsibles",
    "assignments",
    "indicators",
    "references",
    "abbreviations",
)


def document_row(ex: Extraction, run_id: str | None = None) -> dict[str, Any]:
    h = ex.header
    return {
        "doc_id": ex.doc_id,
        "source_path": ex.source_path,
        "source_format": ex.source_format,
        "encoding": ex.encoding,
        "pages": ex.pages,
        "ocr_pages": ex.ocr_pages,
        "doc_type": h.doc_type,
        "number": h.number,
        "date": h.date,
        "issuer": h.issuer,
        "issuer_short": h.issuer_short,
        "issuer_level": h.issuer_level,
        "region": h.region,
        "region_code": h.region_code,
        "municipality": h.municipality,
        "place": h.place,
        "title": h.title,
        "signatory": h.signatory,
        "signatory_position": h.signatory_position,
        "approved_by": h.approved_by,
        "period_start": h.period_start,
        "period_end": h.period_end,
        "n_roadmap_rows": len(ex.roadmap_items),
        "warnings": list(ex.warnings),
        "spans": [dataclasses.asdict(s) for s in h.spans],
        "extractor_version": __version__,
        "run_id": run_id,
    }


def child_rows(ex: Extraction) -> dict[str, list[dict[str, Any]]]:
    """Rows of every child table, each with the document key."""
    out: dict[str, list[dict[str, Any]]] = {}
    out["roadmap_items"] = [
        {"doc_id": ex.doc_id, **_asdict(i), "section_path": list(i.section_path)}
        for i in ex.roadmap_items
    ]
    out["deadlines"] = [
        {
            "doc_id": ex.doc_id,
            "row_index": d.row_index,
            "component_index": d.component_index,
            **_asdict(d.component),
        }
        for d in ex.deadlines
    ]
    for name in ("responsibles", "assignments", "indicators", "references", "abbreviations"):
        out[name] = [{"doc_id": ex.doc_id, **_asdict(r)} for r in getattr(ex, name)]
    return out


def error_row(err: ErrorRecord, run_id: str, at: dt.datetime) -> dict[str, Any]:
    return {**_asdict(err), "run_id": run_id, "at": at}


def _asdict(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def to_json_ready(value: Any) -> Any:
    """Dates as ISO strings, tuples as lists, recursively."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_ready(v) for v in value]
    return value


def extraction_json(ex: Extraction) -> dict[str, Any]:
    """The `prikaz extract` object: documents columns at top level, child tables as lists."""
    obj = document_row(ex)
    del obj["run_id"]
    for name, rows in child_rows(ex).items():
        obj[name] = [{k: v for k, v in r.items() if k != "doc_id"} for r in rows]
    return to_json_ready(obj)
