"""Does natasha's NER help who-and-where? Rules vs NER on the seeds, side by side.

    python benchmarks/who_where_natasha.py

- region: the layout rules of `extractors.location` vs the first federal subject among the
  places natasha tags in the first 3,000 characters;
- persons in responsible cells: the name pattern of `normalizers.responsibles` vs natasha's PER
  spans, cell by cell.
"""

from __future__ import annotations

import time
from pathlib import Path

from prikaz.extractors.header import extract_header
from prikaz.extractors.location import NER_CHARS, _ner, extract_location, ner_subject
from prikaz.extractors.roadmap import extract_roadmap
from prikaz.normalizers.responsibles import split_parties
from prikaz.pipeline.readers.txt import read_txt

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


def ner_persons(text: str) -> list[str]:
    from natasha import Doc

    segmenter, tagger = _ner()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [text[s.start : s.stop] for s in doc.spans if s.type == "PER"]


def main() -> None:
    t0 = time.perf_counter()
    _ner()
    print(f"natasha NER load: {time.perf_counter() - t0:.2f} s")
    for path in sorted(RAW.glob("*.txt")):
        doc = read_txt(path)
        rules = extract_location(doc, extract_header(doc))
        t = time.perf_counter()
        ner = ner_subject(doc.text[:NER_CHARS])
        ner_s = time.perf_counter() - t
        print(
            f"{path.name[:3]} region rules={rules.region_code} ({rules.source}) "
            f"ner={ner.iso if ner else None} ({ner_s:.2f} s)"
        )
        cells = {i.responsible_raw for i in extract_roadmap(doc) if i.responsible_raw}
        for cell in sorted(cells):
            rule_people = [p.person for p in split_parties(cell) if p.person]
            ner_people = ner_persons(cell)
            if rule_people or ner_people:
                print(f"    {cell[:60]!r}: rules={rule_people} ner={ner_people}")


if __name__ == "__main__":
    main()
