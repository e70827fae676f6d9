"""The extraction as a spaCy annotation layer: one `Doc` over the document's text.

Every extracted value that has a place in the text becomes a labelled span in the span group
`prikaz` — header fields (DOC_TYPE, NUMBER, DATE, ISSUER, …), roadmap rows (ROADMAP_ROW),
deadline components (DEADLINE_<KIND>), responsible parties (RESPONSIBLE_<TYPE>), cited acts
(REFERENCE), abbreviations (ABBREVIATION) and indicators (INDICATOR). The result can be saved
as a `DocBin` (`prikaz extract FILE --spacy OUT.spacy`), shown with displaCy
(`displacy.render(doc, style="span", options={"spans_key": "prikaz"})`) or loaded into any
spaCy-based annotation tool for review or training. Only `spacy.blank("ru")` is used: a
tokenizer, no model download.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from prikaz.model import Document
from prikaz.records import Extraction, RoadmapItem

SPANS_KEY = "prikaz"


@cache
def blank_russian() -> Language:
    """The Russian tokenizer of spaCy, loaded once per process."""
    return spacy.blank("ru")


def _located(text: str, needle: str, item: RoadmapItem) -> tuple[int, int] | None:
    """Offsets of a cell value inside its roadmap row's source text (first occurrence)."""
    if not needle:
        return None
    at = text.find(needle, item.span_start, item.span_end)
    return (at, at + len(needle)) if at >= 0 else None


def value_spans(doc: Document, ex: Extraction) -> Iterator[tuple[int, int, str]]:
    """(start, end, label) of every extracted value with a place in `doc.text`."""
    for fs in ex.header.spans:
        yield fs.start, fs.end, fs.field.upper()
    items = {item.row_index: item for item in ex.roadmap_items}
    for item in ex.roadmap_items:
        yield item.span_start, item.span_end, "ROADMAP_ROW"
    for d in ex.deadlines:
        owner = items.get(d.row_index)
        where = _located(doc.text, d.component.text, owner) if owner else None
        if where:
            yield *where, f"DEADLINE_{d.component.kind.upper()}"
    for r in ex.responsibles:
        owner = items.get(r.row_index)
        where = _located(doc.text, r.raw, owner) if owner else None
        if where:
            yield *where, f"RESPONSIBLE_{r.entity_type}"
    for ref in ex.references:
        yield ref.span_start, ref.span_end, "REFERENCE"
    for ab in ex.abbreviations:
        yield ab.span_start, ab.span_end, "ABBREVIATION"
    for ind in ex.indicators:
        if ind.span_start is not None and ind.span_end is not None:
            yield ind.span_start, ind.span_end, "INDICATOR"


def to_spacy_doc(doc: Document, ex: Extraction) -> Doc:
    """A spaCy `Doc` of the document's text with the extraction in `doc.spans["prikaz"]`."""
    sdoc = blank_russian().make_doc(doc.text)
    spans: list[Span] = []
    for start, end, label in value_spans(doc, ex):
        # Values rarely end on a token boundary of spaCy's tokenizer («№388-р»): expand.
        span = sdoc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    sdoc.spans[SPANS_KEY] = spans
    sdoc.user_data["doc_id"] = ex.doc_id
    sdoc.user_data["source_path"] = ex.source_path
    return sdoc


def write_docbin(docs: Iterable[Doc], path: str | Path) -> None:
    DocBin(docs=list(docs), store_user_data=True).to_disk(path)
