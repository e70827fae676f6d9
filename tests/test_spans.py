"""The span property of the layout model, in every format: `doc.text[x.span] == x.text`.

Every reader builds its document through `DocumentBuilder`, so for every paragraph, cell and
word the span gives back exactly its text, and a row's span gives its cells joined by tabs.
Checked over every fixture the repository has (the seeds, their renderings in
tests/fixtures/formats, the readable inputs of the bad-input corpus) and over generated TXT.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prikaz.model import Document, Paragraph, Table
from prikaz.pipeline.readers import READABLE, read_document
from prikaz.pipeline.readers.detect import detect_format
from prikaz.pipeline.readers.txt import document_from_text, read_txt
from tests.bad_inputs.make_bad_corpus import make_corpus
from tests.conftest import SEEDS, SEEDS_DIR
from tests.fixtures.make_reader_fixtures import FRAMES, TXT_TABLES, drawn_rendering

ROOT = Path(__file__).resolve().parents[1]
FORMATS = sorted((ROOT / "tests" / "fixtures" / "formats").glob("*.*"))
# Bad-corpus inputs that are documents but too big to read in a unit test.
_TOO_BIG = {"big_50mb.txt", "empty_pages.pdf"}


def check_spans(doc: Document) -> int:
    """Assert the span property for every block, row, cell and word; return how many held."""
    n = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert doc.text[block.span.start : block.span.end] == block.text
            assert block.text and block.text == block.text.strip()
            n += 1
            continue
        assert isinstance(block, Table)
        for row in block.rows:
            joined = "\t".join(row.texts)
            assert doc.text[row.span.start : row.span.end] == joined
            n += 1
            for cell in row.cells:
                assert doc.text[cell.span.start : cell.span.end] == cell.text
                n += 1
    for word in doc.words:
        if word.span is not None:
            assert doc.text[word.span.start : word.span.end] == word.text
            n += 1
    return n


def _no_markup(doc: Document) -> None:
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            texts = [block.text]
        else:
            texts = [t for row in block.rows for t in row.texts]
        for text in texts:
            assert "<b>" not in text and "**" not in text, text


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_spans_of_seeds(path: Path) -> None:
    doc = read_document(path)
    assert check_spans(doc) > 50
    _no_markup(doc)


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name[:3] + p.name.split(".", 1)[1])
def test_spans_of_rendered_seeds(path: Path) -> None:
    doc = read_document(path)
    assert check_spans(doc) > 50


def _drawn_texts() -> list[tuple[str, str]]:
    texts = [(t.name, t.document()) for t in TXT_TABLES]
    for seed in SEEDS:
        for frame in FRAMES:
            texts.append((f"{seed.stem[:3]}.{frame}", drawn_rendering(read_txt(seed), frame)))
    return texts


@pytest.mark.parametrize(("name", "text"), _drawn_texts(), ids=lambda v: v if len(v) < 30 else "")
def test_spans_of_txt_tables_drawn_in_text(name: str, text: str) -> None:
    doc = document_from_text(text, source_path=f"{name}.txt", doc_id=name)
    assert doc.tables
    assert check_spans(doc) > 10


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("bad") / "in"
    cases = make_corpus(out, SEEDS_DIR)
    return sorted(
        path
        for path, expect in cases.items()
        if expect.table == "documents" and path.name not in _TOO_BIG and path.is_file()
    )


def test_spans_of_readable_bad_inputs(bad_corpus: list[Path]) -> None:
    checked = []
    for path in bad_corpus:
        try:
            data = path.read_bytes()
        except PermissionError:
            continue  # the chmod 000 input, when not run as root
        assert detect_format(data) in READABLE, path.name
        doc = read_document(path)
        assert check_spans(doc) > 0, path.name
        checked.append(path.name)
    assert len(checked) >= 10, checked


# Generated TXT: lines of cells, markup, blank lines, form feeds and odd spaces.
_PIECES = st.sampled_from(
    [
        *"абвгд АБВ 12.",
        *("<b>", "</b>", "<p>", "**", "&amp;", "&lt;b&gt;", "\u00a0", "  ", "\t", "\f"),
        *("│", "─", "┼", "|", "+---+", "-", "№"),
    ]
)
_LINE = st.lists(_PIECES, max_size=12).map("".join)
_TEXT = st.one_of(
    st.lists(_LINE, max_size=25).map("\n".join),
    st.text(max_size=200),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_spans_of_generated_txt(text: str) -> None:
    doc = document_from_text(text, source_path="g.txt", doc_id="g")
    check_spans(doc)
    assert doc.pages >= 1
