"""Fuzzing (hypothesis) of the TXT table parser, the header extractor and the deadline normalizer.

Each property says what must hold for any input: nothing escapes, and the output keeps the
invariants the next stages rely on (spans inside the text, pages from 1 on and in reading
order, values where their spans say). Example counts are bounded so the file runs in well
under a minute on two cores; `--hypothesis-seed` reproduces a failure.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prikaz.extractors.header import extract_header
from prikaz.model import Document, Paragraph, Table
from prikaz.normalizers.deadlines import parse_deadline
from prikaz.pipeline.readers.txt import document_from_text
from prikaz.records import Header
from tests.conftest import SEEDS
from tests.test_deadlines import FRAGMENTS, _check


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


# Characters the TXT parser treats specially, plus Cyrillic and digits of a header.
TXT_ALPHABET = st.sampled_from(
    [
        *"\t\n\r\f \u00a0*<>/bpБАПРИКАЗот№N0123456789.,-«»\"'",
        *("<b>", "</b>", "<p>", "**", "&amp;", "\t\t", "\n\n", "\r\n"),
    ]
)
txt_texts = st.one_of(
    st.text(max_size=300),
    st.lists(TXT_ALPHABET, max_size=120).map("".join),
)


def _seed_lines() -> list[str]:
    lines: list[str] = []
    for seed in SEEDS:
        lines += seed.read_text(encoding="utf-8").splitlines()[:60]
    return sorted({ln for ln in lines if ln.strip()})


SEED_LINES = _seed_lines()
# Seed lines (headers and table rows) recombined, with blank lines and stray tabs between.
recombined = st.lists(
    st.one_of(st.sampled_from(SEED_LINES), st.sampled_from(["", "", "\t", "\f"])),
    max_size=40,
).map("\n".join)


def check_document(text: str, doc: Document) -> None:
    """Invariants of the layout model the TXT reader builds from `text`.

    `doc.text` is the builder's rendering (markup removed), not `text` itself: each span gives
    exactly its block's or cell's text.
    """
    n = len(doc.text)
    assert doc.pages >= 1
    last_end, last_page = 0, 1
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            spans = [(block.span, block.page)]
            assert block.text == doc.text[block.span.start : block.span.end]
            assert block.text == block.text.strip() and "\n" not in block.text
        else:
            assert isinstance(block, Table)
            assert len(block.rows) >= 2
            spans = []
            prev_page = None
            for row in block.rows:
                spans.append((row.span, row.page))
                if row.page_break_before:
                    assert prev_page is not None and row.page > prev_page
                prev_page = row.page
                cell_end = row.span.start
                for cell in row.cells:
                    assert row.span.start <= cell.span.start <= cell.span.end <= row.span.end
                    assert cell.span.start >= cell_end
                    cell_end = cell.span.end
                    assert cell.page == row.page
                    assert cell.text == doc.text[cell.span.start : cell.span.end]
                    assert "\t" not in cell.text
        for span, page in spans:
            assert 0 <= span.start <= span.end <= n
            assert span.start >= last_end, "blocks overlap or go back"
            assert 1 <= page <= doc.pages
            assert page >= last_page, "pages go back in reading order"
            last_end, last_page = span.end, page


@fuzz(1000)
@given(txt_texts)
def test_txt_parser_keeps_spans_and_pages(text: str) -> None:
    check_document(text, document_from_text(text, source_path="f.txt", doc_id="f"))


@fuzz(100)
@given(recombined)
def test_txt_parser_on_recombined_seed_lines(text: str) -> None:
    check_document(text, document_from_text(text, source_path="f.txt", doc_id="f"))


def check_header(doc: Document, header: Header) -> None:
    # An internal failure of extract_header raises (and fails the test); warnings such as
    # «no title line found» are answers, not failures.
    for span in header.spans:
        assert span.field in Header.__dataclass_fields__
        assert getattr(header, span.field) is not None, span.field
        assert 0 <= span.start < span.end <= len(doc.text)
        assert 1 <= span.page <= doc.pages
    if header.period_start is not None and header.period_end is not None:
        assert header.period_start <= header.period_end
    if header.date is not None:
        assert dt.date(1900, 1, 1) <= header.date <= dt.date(2100, 12, 31)
    for name in ("number", "issuer", "title", "signatory", "place", "doc_type"):
        value = getattr(header, name)
        assert value is None or (isinstance(value, str) and value.strip() == value and value)


@fuzz(400)
@given(txt_texts)
def test_header_on_any_text(text: str) -> None:
    doc = document_from_text(text, source_path="f.txt", doc_id="f")
    check_header(doc, extract_header(doc))


@fuzz(200)
@given(recombined)
def test_header_on_recombined_seed_lines(text: str) -> None:
    doc = document_from_text(text, source_path="f.txt", doc_id="f")
    check_header(doc, extract_header(doc))


# Deadline normalizer: tests/test_deadlines.py covers short any-text phrases and recombined
# table fragments with everyday contexts. Added here: multi-line cells (sub-rows joined by
# line breaks and separators, as the roadmap extractor writes them), longer phrases, and
# contexts at the edges of the calendar, where date arithmetic overflows.
# Years from 1 to 9999: UNTIL is always written with eight digits (00011231), as RFC 5545
# and dateutil require.
extreme_contexts = st.fixed_dictionaries(
    {},
    optional={
        "doc_date": st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
        "period": st.tuples(st.integers(1, 9999), st.integers(-3, 30)).map(
            lambda t: (t[0], min(9999, t[0] + t[1]))
        ),
    },
)
cells = st.lists(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map("".join),
    min_size=1,
    max_size=5,
).flatmap(
    lambda parts: st.sampled_from(["\n", "; ", ", ", "\n\n", " и "]).map(
        lambda sep: sep.join(parts)
    )
)


@fuzz(500)
@given(cells, extreme_contexts)
def test_deadline_multiline_cells_and_extreme_contexts(text: str, ctx: dict) -> None:
    comps = parse_deadline(text, **ctx)
    _check(text, comps)
    assert comps == parse_deadline(text, **ctx), "the same cell gives the same components"
    if re.search(r"\w", text):
        assert comps, "a cell with words gives at least an `unparsed` component"


@fuzz(100)
@given(st.text(min_size=100, max_size=600), extreme_contexts)
def test_deadline_long_any_text(text: str, ctx: dict) -> None:
    _check(text, parse_deadline(text, **ctx))
