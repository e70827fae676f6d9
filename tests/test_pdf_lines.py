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

from prikaz.pipeline.readers.layout import BREAK_RULES, Grid, PWord, group_lines, join_words
from prikaz.pipeline.readers.pdf import _text_page, join_lines
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
