"""Lines of a PDF cell or paragraph joined as a reader of the page joins them
(pipeline/readers/layout.py `BREAK_RULES`, pipeline/readers/pdf.py `join_lines`).

Every rule's examples run through `join_lines` on laid-out words: «|» ends a line, words in a
line are apart by a space, and «…» stands for other words before a piece on its line (it is
dropped from the result). The rendered seeds are checked whole in test_formats.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest

from prikaz.pipeline.readers.layout import (
    BREAK_RULES,
    Grid,
    PageLayout,
    PWord,
    group_lines,
    join_words,
)
from prikaz.pipeline.readers.pdf import (
    RUNNING_EXAMPLES,
    _edge_key,
    _text_page,
    apply_merges,
    build_document,
    join_lines,
    layout_blocks,
    same_running_line,
)
from prikaz.rules import examples_of

CHAR = 6.0
PITCH = 14.0


def laid_out(text: str, spaces: bool = False) -> list[PWord]:
    """Words of lines cut at «|», every line starting at x=100 (a cell's left edge)."""
    words = []
    for k, line in enumerate(text.split("|")):
        x = 100.0
        top = 100.0 + k * PITCH
        for word in line.split(" "):
            words.append(PWord(word, x, top, x + CHAR * len(word), top + 12.0, space_after=spaces))
            x += CHAR * (len(word) + 1)
    return words


def joined(example: str, spaces: bool = False) -> str:
    lines = group_lines(laid_out(example, spaces))
    # The right edge at the shortest line's end: no line counts as ended early.
    right = min(line.x1 for line in lines)
    return join_lines(lines, 100.0, right).removeprefix("… ")


RULE_EXAMPLES = examples_of(rule for rule, _ in BREAK_RULES)


@pytest.mark.parametrize("name,example,want", RULE_EXAMPLES, ids=[e[1] for e in RULE_EXAMPLES])
def test_break_rules_examples(name: str, example: str, want: str) -> None:
    # A line break kept between two items («2023|2024» same-shaped lines) is a space here.
    assert joined(example).replace("\n", " ") == want, name


def test_every_rule_has_examples() -> None:
    assert all(rule.examples for rule, _ in BREAK_RULES)


@pytest.mark.parametrize("example", ["администраци|и", "Меропр|иятие", "муници-|пального"])
def test_a_space_stored_at_the_line_end_means_a_new_word(example: str) -> None:
    """The PDF's own line-end space (as Word writes it) wins over the dictionary."""
    assert joined(example, spaces=True) == example.replace("|", " ")


def test_join_words_keeps_both_words_when_one_side_is_empty() -> None:
    assert join_words("", "слово", alone=True, space=False) == "слово"


def test_a_line_ended_early_stays_a_line_of_its_own() -> None:
    """A short line whose next word would have fitted is an item of a list, not a wrap."""
    lines = group_lines(laid_out("01.10.2020|01.08.2021"))
    assert join_lines(lines, 100.0, 400.0) == "01.10.2020\n01.08.2021"


def test_hyphen_at_the_line_end_is_never_an_early_end() -> None:
    """«наставниче-|ства»: the word's rest would fit on the line above, yet it is its rest."""
    lines = group_lines(laid_out("методологии наставниче-|ства на территории"))
    assert join_lines(lines, 100.0, 400.0) == "методологии наставничества на территории"


def test_grid_merges_map_covered_positions_to_their_cell() -> None:
    # Row 0: a title across columns 1-2; rows 1-2: column 0 merged down, columns 1-2 single.
    cells = [
        (0.0, 0.0, 10.0, 10.0),
        (10.0, 0.0, 30.0, 10.0),
        (0.0, 10.0, 10.0, 30.0),
        (10.0, 10.0, 20.0, 20.0),
        (20.0, 10.0, 30.0, 20.0),
        (10.0, 20.0, 20.0, 30.0),
        (20.0, 20.0, 30.0, 30.0),
    ]
    grid = Grid.from_cells(cells)
    assert grid.rows[0][2] is None and grid.rows[2][0] is None
    assert grid.merges() == {(0, 2): (0, 1), (2, 0): (1, 0)}


def _pdf_with_lines(lines: list[str]) -> bytes:
    """A one-page PDF (Helvetica) drawing each string on its own line, as given."""
    stream = "BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(f"({s}) Tj T*" for s in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for k, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def test_text_layer_keeps_the_line_end_space() -> None:
    data = _pdf_with_lines(["the first line ", "goes on here", "and ends"])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = _text_page(pdf.pages[0], 1)
    ends = {w.text: w.space_after for w in page.words}
    assert ends["line"] is True  # a space stored after it
    assert ends["here"] is False
    assert ends["first"] is True  # inside a line words are apart by spaces too


# -- a table cut by a page break ---------------------------------------------------------------

# Column edges of a three-column ruled table: the second column holds 7 characters a line.
XS = (50.0, 90.0, 140.0, 200.0)


def ruled_page(number: int, rows: list[list[str | tuple[str, int]]]) -> PageLayout:
    """A page with one ruled table: each row a list of cell texts («|» between lines); a cell
    given as (text, columns) spans that many columns."""
    cells, words = [], []
    top = 100.0
    for row in rows:
        height = 6.0 + PITCH * max(
            len(str(c if isinstance(c, str) else c[0]).split("|")) for c in row
        )
        col = 0
        for cell in row:
            text, span = (cell, 1) if isinstance(cell, str) else cell
            box = (XS[col], top, XS[col + span], top + height)
            cells.append(box)
            for k, line in enumerate(text.split("|") if text else []):
                x = box[0] + 2.0
                for word in line.split(" "):
                    y = top + 3.0 + k * PITCH
                    words.append(PWord(word, x, y, x + CHAR * len(word), y + 12.0))
                    x += CHAR * (len(word) + 1)
            col += span
        top += height
    return PageLayout(number, 595.0, 842.0, words, [Grid.from_cells(cells)])


def table_texts(pages: list[PageLayout]) -> list[list[str]]:
    doc = read_pages(pages)
    assert len(doc.tables) == 1
    return [row.texts for row in doc.tables[0].rows]


def read_pages(pages: list[PageLayout]):
    return apply_merges(
        build_document(pages, doc_id="x", source_path="x.pdf"), layout_blocks(pages)
    )


HEAD = ["№", "Мероприятие", "Срок"]


def test_a_word_cut_by_the_page_break_is_made_whole_above_it() -> None:
    pages = [
        ruled_page(1, [HEAD, ["1.", "Данные|монито", "2024"]]),
        ruled_page(2, [HEAD, ["", "ринга", ""], ["2.", "Отчёт", "2025"]]),
    ]
    assert table_texts(pages) == [
        HEAD,
        ["1.", "Данные мониторинга", "2024"],
        ["2.", "Отчёт", "2025"],
    ]


def test_a_cut_row_keeps_its_own_text_below_the_break() -> None:
    pages = [
        ruled_page(1, [HEAD, ["1.", "Сбор|монито", "2024"]]),
        ruled_page(2, [HEAD, ["", "ринга и|отчёт", ""]]),
    ]
    doc = read_pages(pages)
    rows = doc.tables[0].rows
    assert [r.texts for r in rows] == [
        HEAD,
        ["1.", "Сбор мониторинга", "2024"],
        ["", "и отчёт", ""],
    ]
    assert rows[2].page_break_before and rows[2].page == 2


def test_a_section_title_cut_by_the_page_break_is_one_cell() -> None:
    pages = [
        ruled_page(1, [HEAD, ["2.", ("Организационная|поддержка", 2)]]),
        ruled_page(2, [HEAD, ["", ("участников", 2)], ["2.1", "Семинар", "2024"]]),
    ]
    doc = read_pages(pages)
    rows = doc.tables[0].rows
    assert [r.texts for r in rows] == [
        HEAD,
        ["2.", "Организационная поддержка участников", ""],
        ["2.1", "Семинар", "2024"],
    ]
    title, covered = rows[1].cells[1], rows[1].cells[2]
    assert (title.col_span, title.row_span) == (2, 1)
    assert covered.merged_from == (1, 1) and not covered.text
    assert rows[2].page_break_before


def test_a_new_section_after_the_break_stays_a_row_of_its_own() -> None:
    pages = [
        ruled_page(1, [HEAD, ["", ("Подготовительный|этап", 2)]]),
        ruled_page(2, [HEAD, ["", ("Основной этап", 2)]]),
    ]
    assert table_texts(pages)[1:] == [["", "Подготовительный этап", ""], ["", "Основной этап", ""]]


@pytest.mark.parametrize(("pair", "same"), list(RUNNING_EXAMPLES.items()), ids=str)
def test_running_line_examples(pair: tuple[str, str], same: bool) -> None:
    assert same_running_line(_edge_key(pair[0]), _edge_key(pair[1])) is same
