"""Where a document comes from and who issued it: region, municipality, issuer level.

`extract_location(doc, header)` reads the header the header extractor produced (issuer, place,
approved_by, title) and the document's header block (the paragraphs before the body), and
resolves them with `prikaz.normalizers.regions`. Sources are tried in order, the first that
names a federal subject wins:

1. the issuer («Администрация Умётского района Тамбовской области»);
2. the header block («ДЕПАРТАМЕНТ ОБЩЕГО ОБРАЗОВАНИЯ ТОМСКОЙ ОБЛАСТИ», «Буряад Улас»);
3. the place line and cities named as such («Томск», «г. Клинцы»);
4. the approval line and the title;
5. the whole text: the subject it names most often (a tie is a warning);
6. natasha's NER: places it tags in the first 3,000 characters (only when 1-5 found nothing).

A federal issuer gets no region unless its own name carries one (a territorial body).
The municipality is looked for in the issuer, the header block, the approval line and the title,
for municipal and organization issuers only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from prikaz.model import Document, Paragraph
from prikaz.normalizers import regions
from prikaz.records import FieldSpan, Header

HEADER_BLOCK_MAX_PARAGRAPHS = 14
HEADER_BLOCK_MAX_LEN = 400  # a paragraph longer than this is body text: the block ends
NER_CHARS = 3000


@dataclass
class Location:
    region: str | None = None
    region_code: str | None = None
    municipality: str | None = None
    issuer_level: str | None = None
    source: str | None = None  # which rule found the region
    spans: list[FieldSpan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def header_block(doc: Document) -> list[Paragraph]:
    """Paragraphs before the body: up to the first long paragraph or table."""
    out: list[Paragraph] = []
    for block in doc.blocks:
        if not isinstance(block, Paragraph):
            break
        if not block.text.strip():
            continue
        if len(block.text) > HEADER_BLOCK_MAX_LEN or len(out) >= HEADER_BLOCK_MAX_PARAGRAPHS:
            break
        out.append(block)
    return out


def _block_text(doc: Document, block: list[Paragraph]) -> tuple[str, int]:
    """The header block as one slice of `doc.text` and its start offset."""
    if not block:
        return "", 0
    start, end = block[0].span.start, block[-1].span.end
    return doc.text[start:end], start


def extract_location(doc: Document, header: Header) -> Location:
    loc = Location()
    block = header_block(doc)
    block_text, block_start = _block_text(doc, block)
    issuer = header.issuer or ""
    loc.issuer_level = regions.issuer_level(issuer) if issuer else None
    if loc.issuer_level is None and not issuer:
        loc.issuer_level = regions.issuer_level(_issuer_lines(block))

    subject, source, span = _resolve_subject(doc, header, block_text, block_start, loc)
    if subject is not None:
        loc.region, loc.region_code, loc.source = subject.name, subject.iso, source
        if subject.iso is None:
            loc.warnings.append(f"region {subject.name!r} has no ISO 3166-2:RU code")
        if span is not None:
            loc.spans.append(FieldSpan("region", *span, doc.page_at(span[0])))
    else:
        loc.warnings.append("region not found")

    if loc.issuer_level in (None, "municipal", "organization"):
        _resolve_municipality(doc, header, block_text, block_start, loc)
    return loc


def _issuer_lines(block: list[Paragraph]) -> str:
    """The header lines above the document type word (fallback when no issuer was extracted)."""
    lines = []
    for p in block:
        if p.text.strip().upper().startswith(("ПРИКАЗ", "РАСПОРЯЖЕНИЕ", "ПОСТАНОВЛЕНИЕ")):
            break
        lines.append(p.text.strip())
    return " ".join(lines)


def _resolve_subject(
    doc: Document, header: Header, block_text: str, block_start: int, loc: Location
) -> tuple[regions.Subject | None, str | None, tuple[int, int] | None]:
    if header.issuer:
        found = regions.find_subjects(header.issuer) or regions.find_city_subjects(header.issuer)
        if found:
            return found[0].subject, "issuer", None
    if loc.issuer_level == "federal":
        return None, None, None
    found = regions.find_subjects(block_text)
    if found:
        m = found[0]
        return m.subject, "header", (block_start + m.start, block_start + m.end)
    subject = regions.subject_of_place(header.place)
    if subject is not None:
        return subject, "place", None
    for p in header_block(doc):
        subject = regions.subject_of_place(p.text) if len(p.text) <= 40 else None
        if subject is not None:
            return subject, "place", (p.span.start, p.span.end)
    found = regions.find_city_subjects(block_text)
    if found:
        m = found[0]
        return m.subject, "header", (block_start + m.start, block_start + m.end)
    for name in ("approved_by", "title"):
        value = getattr(header, name) or ""
        found = regions.find_subjects(value) or regions.find_city_subjects(value)
        if found:
            return found[0].subject, name, None
    subject, tie = regions.most_named_subject(doc.text)
    if subject is not None:
        if tie:
            loc.warnings.append(f"region: {subject.name!r} chosen among subjects named as often")
        return subject, "text", None
    subject = ner_subject(doc.text[:NER_CHARS])
    if subject is not None:
        return subject, "ner", None
    return None, None, None


def _resolve_municipality(
    doc: Document, header: Header, block_text: str, block_start: int, loc: Location
) -> None:
    sources: list[tuple[str, int | None]] = [
        (header.issuer or "", None),
        (block_text, block_start),
        (header.approved_by or "", None),
        (header.title or "", None),
    ]
    for text, offset in sources:
        found = regions.find_municipality(text) if text else None
        if found is None:
            continue
        loc.municipality = found[0]
        if offset is not None:
            start, end = offset + found[1], offset + found[2]
            loc.spans.append(FieldSpan("municipality", start, end, doc.page_at(start)))
        return


@functools.cache
def _ner() -> tuple[Any, Any]:
    """natasha's segmenter and NER tagger, loaded once (about a second)."""
    # Lazy: natasha and its embeddings load only when a document needs NER.
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter  # noqa: PLC0415  (see above)

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def ner_locations(text: str) -> list[str]:
    """Texts of the LOC spans natasha's NER tags in `text`."""
    from natasha import Doc  # noqa: PLC0415  (NER: natasha loads only when used)

    segmenter, tagger = _ner()
    nat = Doc(text)
    nat.segment(segmenter)
    nat.tag_ner(tagger)
    return [text[s.start : s.stop] for s in nat.spans if s.type == "LOC"]


def ner_subject(text: str) -> regions.Subject | None:
    """The first federal subject among the places natasha tags («Томск», «Бурятии»)."""
    for place in ner_locations(text):
        found = regions.find_subjects(place)
        if found:
            return found[0].subject
        subject = regions.subject_of_place(place)
        if subject is not None:
            return subject
    return None
