"""Where a document comes from and who issued it: region, municipality, issuer level.

`extract_location(doc, header)` reads the header the header extractor produced (issuer, place,
approved_by, title) and the document's header block (the paragraphs before the body), and
resolves them with `prikaz.normalizers.regions`. Sources are tried in order:

1. a federal subject named in the issuer («Администрация Умётского района Тамбовской области»),
   then in the header block («ДЕПАРТАМЕНТ ОБЩЕГО ОБРАЗОВАНИЯ ТОМСКОЙ ОБЛАСТИ», «Буряад Улас»):
   a subject named outright wins over any town;
2. towns and districts of the header (`data/towns.tsv`), where the text marks them as places:
   the issuer's («г. Уссурийска», «Рыбинского муниципального района», «МОУ «СОШ № 11»
   Находка»), the place line («г. Верхняя Пышма»), the header block's, then the approval line
   and the title (subjects they name, then their places). The first place in one subject only
   decides. A place in several subjects («Советск») waits for a later clue that picks one of
   them; a clue outside them, or none, leaves the region empty with a warning;
3. the whole text: the subject it names most often (a tie is a warning); after an ambiguous
   place only one of that place's subjects, and never NER;
4. natasha's NER: places it tags in the first 3,000 characters (only when 1-3 found nothing).

A federal issuer gets no region unless its own name carries one (a territorial body).
The municipality is looked for in the issuer, the header block, the approval line and the title,
for municipal and organization issuers only.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from prikaz.model import Document, Paragraph
from prikaz.normalizers import regions
from prikaz.records import FieldSpan, Header

HEADER_BLOCK_MAX_PARAGRAPHS = 14
HEADER_BLOCK_MAX_LEN = 400  # a paragraph longer than this is body text: the block ends
NER_CHARS = 3000
AMBIGUOUS = "ambiguous"  # `_resolve_subject`'s source when a place's subject stays undecided


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

    subject, source, span = _resolve_subject(doc, header, block, loc)
    if subject is not None:
        loc.region, loc.region_code, loc.source = subject.name, subject.iso, source
        if subject.iso is None:
            loc.warnings.append(f"region {subject.name!r} has no ISO 3166-2:RU code")
        if span is not None:
            loc.spans.append(FieldSpan("region", *span, doc.page_at(span[0])))
    elif source != AMBIGUOUS:  # an ambiguous place has its own warning
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
    doc: Document, header: Header, block: list[Paragraph], loc: Location
) -> tuple[regions.Subject | None, str | None, tuple[int, int] | None]:
    block_text, block_start = _block_text(doc, block)
    if header.issuer:
        found = regions.find_subjects(header.issuer)
        if found:
            return found[0].subject, "issuer", None
    if loc.issuer_level == "federal":
        return None, None, None
    found = regions.find_subjects(block_text)
    if found:
        m = found[0]
        return m.subject, "header", (block_start + m.start, block_start + m.end)
    pending: list[regions.PlaceMention] = []
    clues = _place_clues(header, block, block_text, block_start)
    decided = _decide_by_places(clues, pending, loc)
    if decided is not None:
        return decided
    subject, tie = regions.most_named_subject(doc.text)
    if pending:  # the text may still decide, by naming one of the subjects most often
        if subject is not None and not tie and all(subject in p.subjects for p in pending):
            return subject, "text", None
        loc.warnings.append(f"{_ambiguity(pending)}; region left empty")
        return None, AMBIGUOUS, None
    if subject is not None:
        if tie:
            loc.warnings.append(f"region: {subject.name!r} chosen among subjects named as often")
        return subject, "text", None
    subject = ner_subject(doc.text[:NER_CHARS])
    if subject is not None:
        return subject, "ner", None
    return None, None, None


def _decide_by_places(
    clues: Iterator[_Clue], pending: list[regions.PlaceMention], loc: Location
) -> tuple[regions.Subject | None, str | None, tuple[int, int] | None] | None:
    """The first place in one subject only decides, unless a place named before it is in
    several subjects and this one is not among them: then nothing is sure (None, AMBIGUOUS) and
    a warning says why. Places in several subjects are gathered in `pending`; None when no
    place decided."""
    for clue in clues:
        if len(clue.place.subjects) > 1:
            pending.append(clue.place)
            continue
        subject = clue.place.subjects[0]
        if all(subject in p.subjects for p in pending):
            return subject, clue.source, clue.span
        where = f"«{clue.place.text}» is in {subject.name}"
        loc.warnings.append(f"{_ambiguity(pending)}; {where}, not one of them; region left empty")
        return None, AMBIGUOUS, None
    return None


@dataclass(frozen=True, slots=True)
class _Clue:
    source: str
    place: regions.PlaceMention
    span: tuple[int, int] | None


def _place_clues(
    header: Header, block: list[Paragraph], block_text: str, block_start: int
) -> Iterator[_Clue]:
    """Places the header names, in the order they are trusted: the issuer's towns and districts
    (and a town its name ends in), the place line, short header lines that are a town's name,
    towns and districts of the header block, then the approval line and the title (a subject
    they name explicitly first). Lazy: the walk stops at the first place that decides."""
    issuer = header.issuer or ""
    for p in regions.find_places(issuer):
        yield _Clue("issuer", p, None)
    trailing = regions.issuer_town(issuer) if issuer else None
    if trailing is not None:
        yield _Clue("issuer", trailing, None)
    place = regions.place_of_line(header.place)
    if place is not None:
        yield _Clue("place", place, None)
    for par in block:
        found = regions.place_of_line(par.text)
        if found is not None:
            yield _Clue("place", found, (par.span.start, par.span.end))
    for p in regions.find_places(block_text):
        yield _Clue("header", p, (block_start + p.start, block_start + p.end))
    for name in ("approved_by", "title"):
        value = getattr(header, name) or ""
        for m in regions.find_subjects(value):
            named = regions.PlaceMention(value[m.start : m.end], (m.subject,), m.start, m.end)
            yield _Clue(name, named, None)
        for p in regions.find_places(value):
            yield _Clue(name, p, None)


def _ambiguity(pending: list[regions.PlaceMention]) -> str:
    """«ambiguous place «г. Советска»: Калининградская область, Кировская область, …»."""
    # The issuer's place is met again in the header block: said once, in the document's own
    # spelling (the header's capitals) rather than the issuer's restored case.
    places: dict[str, regions.PlaceMention] = {}
    for p in pending:
        places.setdefault(p.text.lower(), p)
        if p.text.isupper():
            places[p.text.lower()] = p
    parts = [f"«{p.text}»: {', '.join(s.name for s in p.subjects)}" for p in places.values()]
    return f"ambiguous place{'s' if len(parts) > 1 else ''} {'; '.join(parts)}"


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
