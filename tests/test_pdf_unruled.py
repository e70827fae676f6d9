"""Tables without rulings in a PDF's text layer (pipeline/readers/pdf_unruled.py).

Pages are built from word boxes as LibreOffice lays them out (12 pt lines 13.8 pt apart, 4 pt
more between rows, cells padded so their texts stand 10 pt or more apart); the rendered seeds
are checked whole in test_formats.
"""

from __future__ import annotations

from prikaz.pipeline.readers.layout import PWord
from prikaz.pipeline.readers.pdf import table_rows
from prikaz.pipeline.readers.pdf_unruled import find_unruled_grids

CHAR = 6.0  # width of a character
PITCH = 13.8  # line to line inside a cell
ROW_EXTRA = 4.0  # paragraph spacing after a cell's last line
COLUMNS = (76.4, 113.3, 291.3, 380.3, 469.3)


def line(top: float, cells: dict[int, str], x0s: tuple[float, ...] = COLUMNS) -> list[PWord]:
    """Words of one printed line: cell texts starting at their columns' x."""
    words = []
    for col, text in cells.items():
        x = x0s[col]
        for word in text.split():
            words.append(PWord(word, x, top, x + CHAR * len(word), top + 12.0))
            x += CHAR * len(word) + 3.0
    return words


def table(rows: list[list[dict[int, str]]], top: float = 100.0) -> list[PWord]:
    """Rows of lines, each line a {column: text} dict."""
    words: list[PWord] = []
    for row in rows:
        for cells in row:
            words += line(top, cells)
            top += PITCH
        top += ROW_EXTRA
    return words


def texts(words: list[PWord]) -> list[list[list[str]]]:
    """Cell texts of each table found: tables → rows → cells."""
    grids = find_unruled_grids(words)
    return [[[c.text for c in row] for row in table_rows(g, words, 1)] for g in grids]


# One table: a header printed over two lines, a section row across the columns, items whose
# cells wrap, an item whose deadline and responsible have a sub-row, a text centred in its cell.
ROADMAP = [
    [{0: "№", 1: "Мероприятие", 2: "Сроки", 3: "Результат", 4: "Ответств"}, {2: "исполнения"}],
    [{0: "ПОДГОТОВИТЕЛЬНЫЙ ЭТАП ВНЕДРЕНИЯ ЦЕЛЕВОЙ МОДЕЛИ НАСТАВНИЧЕСТВА В РАЙОНЕ"}],
    [
        {0: "1.", 1: "Назначение куратора", 2: "01.10.2020", 3: "Приказ", 4: "Отдел"},
        {1: "внедрения модели", 4: "образования"},
    ],
    [{0: "2.", 1: "Обучение", 2: "01.08.2020", 3: "Программа", 4: "Школы"}],
    [{2: "01.08.2021", 4: "Отдел"}],
]


def test_columns_rows_sections_and_wrapped_cells() -> None:
    got = texts(table(ROADMAP))
    assert got == [
        [
            ["№", "Мероприятие", "Сроки исполнения", "Результат", "Ответств"],
            [
                "ПОДГОТОВИТЕЛЬНЫЙ ЭТАП ВНЕДРЕНИЯ ЦЕЛЕВОЙ МОДЕЛИ НАСТАВНИЧЕСТВА В РАЙОНЕ",
                "",
                "",
                "",
                "",
            ],
            [
                "1.",
                "Назначение куратора внедрения модели",
                "01.10.2020",
                "Приказ",
                "Отдел образования",
            ],
            ["2.", "Обучение", "01.08.2020", "Программа", "Школы"],
            ["", "", "01.08.2021", "", "Отдел"],
        ]
    ]


def test_section_row_is_one_merged_cell() -> None:
    words = table(ROADMAP)
    grid = find_unruled_grids(words)[0]
    assert not grid.ruled
    assert grid.rows[1][1:] == [None, None, None, None]  # covered positions, as pdfplumber
    assert [round(x, 1) for x in grid.xs] == list(COLUMNS)


def test_rows_without_gaps_split_where_the_first_column_fills_again() -> None:
    words = []
    top = 100.0
    two_lines = [
        {0: "3.", 1: "Отчёт о проделанной работе за", 2: "2024", 3: "Справка", 4: "Отдел"},
        {1: "год"},
    ]
    for row in [ROADMAP[2], two_lines, ROADMAP[2]]:
        for cells in row:
            words += line(top, cells)
            top += PITCH  # no extra space between rows
    got = texts(words)
    assert [r[:2] for r in got[0]] == [
        ["1.", "Назначение куратора внедрения модели"],
        ["3.", "Отчёт о проделанной работе за год"],
        ["1.", "Назначение куратора внедрения модели"],
    ]


def test_centred_text_stays_in_its_column() -> None:
    words = table(ROADMAP)
    # «Приказ» moved 20 pt right of its column's start: still the Результат cell.
    moved = [
        PWord(w.text, w.x0 + 20.0, w.top, w.x1 + 20.0, w.bottom) if w.text == "Приказ" else w
        for w in words
    ]
    assert texts(moved)[0][2][3] == "Приказ"


def test_paragraphs_and_two_column_lines_are_not_tables() -> None:
    words = []
    top = 100.0
    for text in (
        "В соответствии с приказом управления образования и науки области от 17.07.2020",
        "№1509 «Об утверждении дорожной карты внедрения целевой модели наставничества»:",
        "1. Утвердить дорожную карту внедрения целевой модели наставничества.",
    ):
        words += line(top, {0: text}, (70.9,))
        top += PITCH + ROW_EXTRA
    for left, right in (("Глава района", "Ю.В.Ефремов"), ("28.10.2020", "№388-р")):
        words += line(top, {0: left, 1: right}, (70.9, 460.0))
        top += PITCH + ROW_EXTRA
    assert find_unruled_grids(words) == []


def test_a_title_above_the_header_stays_a_paragraph() -> None:
    title = line(100.0 - PITCH - ROW_EXTRA, {0: "План"}, (300.0,))
    words = title + table(ROADMAP)
    grids = find_unruled_grids(words)
    assert len(grids) == 1
    assert not grids[0].contains(title[0])
