"""Who and where (issue 7), added to an `Extraction` after the header, roadmap and deadlines.

`fill_who_and_where(doc, extraction)` sets the header's region, region_code, municipality and
issuer_level (the header extractor owns the issuer), and fills `abbreviations`,
`responsibles`, `assignments` and `indicators`, with their warnings.
"""

from __future__ import annotations

from collections import defaultdict

from prikaz.extractors.abbreviations import abbreviation_map, extract_abbreviations
from prikaz.extractors.indicators import kpi_tables, roadmap_counts, roadmap_targets
from prikaz.extractors.location import extract_location
from prikaz.model import Document
from prikaz.normalizers.assignments import align
from prikaz.normalizers.responsibles import split_parties
from prikaz.records import DeadlineComponent, Extraction, Responsible


def fill_who_and_where(doc: Document, extraction: Extraction) -> None:
    header = extraction.header
    loc = extract_location(doc, header)
    header.region, header.region_code = loc.region, loc.region_code
    header.municipality, header.issuer_level = loc.municipality, loc.issuer_level
    header.spans.extend(loc.spans)
    warnings = list(loc.warnings)

    extraction.abbreviations = extract_abbreviations(doc)
    shorts = abbreviation_map(extraction.abbreviations)

    components: dict[int, list[DeadlineComponent]] = defaultdict(list)
    for d in extraction.deadlines:
        components[d.row_index].append(d.component)

    extraction.indicators = kpi_tables(doc)
    for item in extraction.roadmap_items:
        parties = split_parties(item.responsible_raw, shorts)
        extraction.responsibles.extend(
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
        extraction.assignments.extend(pairs)
        warnings.extend(notes)
        targets = roadmap_targets(doc, item, components[item.row_index])
        extraction.indicators.extend(targets.indicators)
        warnings.extend(targets.warnings)
        extraction.indicators.extend(roadmap_counts(doc, item, shorts))
    extraction.warnings.extend(warnings)
