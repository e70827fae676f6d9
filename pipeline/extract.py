"""One document through the stages: `Document` → extractors → normalizers → `Extraction`.

Pure: no files are written and no settings read; the batch runner and `prikaz extract`
both call `extract_document`.
"""

from __future__ import annotations

from prikaz.extractors.header import extract_header
from prikaz.extractors.references import extract_references
from prikaz.extractors.roadmap import extract_roadmap_result
from prikaz.extractors.who_where import fill_who_and_where
from prikaz.model import Document
from prikaz.normalizers.activities import classify_items
from prikaz.normalizers.deadlines import parse_deadline
from prikaz.records import Deadline, Extraction, Header, RoadmapItem


def extract_document(doc: Document) -> Extraction:
    header = extract_header(doc)
    roadmap = extract_roadmap_result(doc)
    extraction = Extraction(
        doc_id=doc.doc_id,
        source_path=doc.source_path,
        source_format=doc.source_format,
        pages=doc.pages,
        ocr_pages=doc.ocr_pages,
        encoding=doc.encoding,
        header=header,
        roadmap_items=classify_items(roadmap.items),
        references=extract_references(doc, header),
        warnings=[*doc.warnings, *header.warnings, *roadmap.warnings],
    )
    extraction.deadlines = normalize_deadlines(roadmap.items, header)
    fill_who_and_where(doc, extraction)
    return extraction


def normalize_deadlines(items: list[RoadmapItem], header: Header) -> list[Deadline]:
    """Each roadmap row's deadline cell as components, with the document's date and period."""
    period = None
    if header.period_start is not None and header.period_end is not None:
        period = (header.period_start, header.period_end)
    out: list[Deadline] = []
    for item in items:
        if not item.deadline_raw:
            continue
        components = parse_deadline(item.deadline_raw, doc_date=header.date, period=period)
        out.extend(Deadline(item.row_index, i, c) for i, c in enumerate(components))
    return out
