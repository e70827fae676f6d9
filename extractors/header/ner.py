"""natasha NER for header fields, as an option (`extract_header(doc, ner=True)`); off by default.

- ORG for the issuer: when no issuer was read from the layout zones, the first ORG span that
  natasha tags in the header zone (the first lines, tables left out) and that names an
  organisation (`is_org`), with a warning saying so.

Measured with `benchmarks/bench_header_ner.py` (figures in docs/header.md): on the legal acts,
the header fixtures and the born-digital real orders it adds no right issuer (the layout rules
find every one they can) and on one fixture it gives a cut name; PER as a gate on the
signatory would drop 13 of 80 right signatories (names in capitals are not tagged) and add
none. The tagger (NewsNERTagger) loads in about 1.5 s and takes some 0.1 s a header.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from prikaz.morphology import restore_case, to_nominative

from .issuer import is_org
from .lines import Line, State, span_lines

HEADER_ZONE_LINES = 12
LAW_TYPES = frozenset({"федеральный закон", "федеральный конституционный закон", "закон"})


@functools.cache
def _tagger() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter  # noqa: PLC0415  (off by default: the embeddings load only when NER is asked for)

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def ner_spans(text: str) -> list[tuple[str, int, int]]:
    """(type, start, end) of natasha's NER spans in `text`."""
    from natasha import Doc  # noqa: PLC0415  (as above)

    segmenter, tagger = _tagger()
    nat = Doc(text)
    nat.segment(segmenter)
    nat.tag_ner(tagger)
    return [(s.type, s.start, s.stop) for s in nat.spans]


def take_issuer_by_ner(st: State, lines: list[Line], until: int) -> None:
    """Issuer from the first organisation natasha tags in the header zone."""
    if st.header.issuer is not None or st.header.doc_type in LAW_TYPES:
        return
    zone = [ln for ln in lines[: min(until, HEADER_ZONE_LINES)] if not ln.in_table]
    for ln in zone:
        for kind, a, b in ner_spans(restore_case(ln.text)):
            if kind != "ORG":
                continue
            name = re.sub(r"\s+", " ", restore_case(ln.text)[a:b]).strip(" ,(")
            if is_org(name):
                st.header.issuer = to_nominative(name) if name[:1].isupper() else name
                st.header.spans.append(span_lines("issuer", [ln]))
                st.header.warnings.append(f"header note: issuer «{name}» found by NER")
                return
