from __future__ import annotations

import pytest

from prikaz.errors import ReadError
from prikaz.model import Paragraph, Table
from prikaz.pipeline.readers.txt import (
    clean_text,
    decode_bytes,
    document_from_text,
    read_txt,
    read_txt_bytes,
)
from prikaz.pipeline.readers.txt_tables import is_bar_line, is_rule, join_lines
from tests.conftest import SEEDS
from tests.fixtures.make_reader_fixtures import (
    FRAMES,
    TXT_MERGES,
    TXT_TABLES,
    Merge,
    TxtTable,
    drawn_rendering,
)

SAMPLE = "ПРИКАЗ\n\nот 29.12.2021 N 305\n\nОб утверждении дорожной карты ёжика"
# koi8-r has no «», № or long dashes: real koi8-r files write them in ASCII.
KOI8_SAFE = str.maketrans({"«": '"', "»": '"', "№": "N", "–": "-", "—": "-", "ё": "е"})


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8_r"])
def test_decodes_russian_encodings_without_hint(encoding: str) -> None:
    text, detected = decode_bytes(SAMPLE.encode(encoding))
    assert text == SAMPLE
    assert detected.replace("-", "_").lower().startswith(encoding.replace("-", "_")[:5])


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_seed_reads_the_same_in_legacy_encodings(encoding: str) -> None:
    raw = SEEDS[4].read_text(encoding="utf-8").translate(KOI8_SAFE)
    utf = read_txt_bytes(raw.encode("utf-8"), source_path="x.txt")
    legacy = read_txt_bytes(raw.encode(encoding), source_path="x.txt")
    assert legacy.text == utf.text
    assert legacy.blocks == utf.blocks
    assert legacy.encoding is not None and legacy.encoding.replace("-", "_") == encoding


def test_binary_is_not_text() -> None:
    with pytest.raises(ReadError) as exc:
        decode_bytes(bytes(range(256)) * 40)
    assert exc.value.error_type in {"not_text", "undecodable_text"}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<b>1.</b>", "1."),
        (
            "<p><b>Рефлексивно-аналитический (завершающий) этап</b></p>",
            "Рефлексивно-аналитический (завершающий) этап",
        ),
        ("**ПРИКАЗЫВАЮ:**", "ПРИКАЗЫВАЮ:"),
        ("  два   пробела\u00a0и nbsp ", "два пробела и nbsp"),
        ("&quot;Навигатор&quot;", '"Навигатор"'),
    ],
)
def test_markup_remnants_are_stripped(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_tables_paragraphs_pages_and_spans() -> None:
    doc = read_txt(SEEDS[0])
    tables = doc.tables
    assert len(tables) == 1
    table = tables[0]
    # Two page breaks, each shown by a blank line and the header printed again.
    breaks = [r for r in table.rows if r.page_break_before]
    assert [r.page for r in breaks] == [2, 3]
    assert all(r.texts[0] == "№" for r in breaks)
    assert doc.pages == 3
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert block.text == doc.text[block.span.start : block.span.end]
        else:
            assert isinstance(block, Table)
            for row in block.rows:
                for cell in row.cells:
                    assert cell.text == doc.text[cell.span.start : cell.span.end]


def test_text_is_rendered_without_markup_keeping_lines_blank_lines_and_page_breaks() -> None:
    raw = "<b>ПРИКАЗ</b>  \n\n**от 1 мая**\n№\tМероприятие \n1.\t<b>Семинар</b>\n\fКонец\n"
    doc = read_txt_bytes(raw.encode(), source_path="x.txt")
    assert doc.text == "ПРИКАЗ\n\nот 1 мая\n№\tМероприятие\n1.\tСеминар\n\fКонец\n"
    assert [(p.text, p.bold, p.page) for p in doc.paragraphs] == [
        ("ПРИКАЗ", True, 1),
        ("от 1 мая", True, 1),
        ("Конец", False, 2),
    ]
    row = doc.tables[0].rows[1]
    assert row.texts == ["1.", "Семинар"] and row.cells[1].bold
    assert doc.text[row.span.start : row.span.end] == "1.\tСеминар"
    assert doc.pages == 2 and doc.encoding == "utf-8"


def test_bold_hint_kept_for_section_rows() -> None:
    doc = read_txt(SEEDS[2])
    roadmap = doc.tables[1]
    stage_rows = [r for r in roadmap.rows if r.texts[1].endswith("этап")]
    assert len(stage_rows) == 3
    assert all(any(c.bold for c in r.cells) for r in stage_rows)


def test_lone_indented_line_is_a_paragraph() -> None:
    doc = read_txt_bytes("Заголовок\n\tС отступом\nТекст".encode(), source_path="x.txt")
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph"] * 3


# -- tables drawn in text -----------------------------------------------------------------


@pytest.mark.parametrize("table", TXT_TABLES, ids=lambda t: t.name)
def test_drawn_and_aligned_tables_give_rows_and_cells(table: TxtTable) -> None:
    doc = read_txt_bytes(table.document().encode(), source_path="t.txt")
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    assert [p.text for p in doc.paragraphs] == [clean_text(table.before), clean_text(table.after)]
    assert [row.texts for row in doc.tables[0].rows] == table.rows


@pytest.mark.parametrize("table", TXT_TABLES, ids=lambda t: t.name)
def test_merged_cells_of_drawn_tables(table: TxtTable) -> None:
    rows = read_txt_bytes(table.document().encode(), source_path="t.txt").tables[0].rows
    origins = [
        Merge(r, c, cell.row_span, cell.col_span)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row.cells)
        if cell.row_span > 1 or cell.col_span > 1
    ]
    assert origins == TXT_MERGES.get(table.name, [])
    covered = {
        (r, c): cell.merged_from
        for r, row in enumerate(rows)
        for c, cell in enumerate(row.cells)
        if cell.merged_from is not None
    }
    expected = {
        (m.row + dr, m.col + dc): (m.row, m.col)
        for m in origins
        for dr in range(m.row_span)
        for dc in range(m.col_span)
        if dr or dc
    }
    assert covered == expected
    assert all(rows[r].cells[c].text == "" for r, c in covered)


def _rows(doc) -> list[list[str]]:
    out = []
    for table in doc.tables:
        for row in table.rows:
            texts = list(row.texts)
            while texts and not texts[-1]:
                texts.pop()
            out.append(texts)
    return out


@pytest.mark.parametrize("encoding", ["utf-8", "cp866", "koi8_r"])
@pytest.mark.parametrize("frame", sorted(FRAMES))
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_retyped_with_drawn_tables_reads_back_exactly(seed, frame: str, encoding: str) -> None:
    text = seed.read_text(encoding="utf-8")
    if encoding != "utf-8":
        text = text.translate(KOI8_SAFE)  # neither has «», № or long dashes
    ref = document_from_text(text, source_path="s.txt", doc_id="s")
    drawn = drawn_rendering(ref, frame)
    doc = read_txt_bytes(drawn.encode(encoding), source_path="d.txt")
    assert doc.encoding is not None and doc.encoding.replace("-", "_") == encoding.replace("-", "_")
    assert [p.text for p in doc.paragraphs] == [p.text for p in ref.paragraphs]
    assert len(doc.tables) == len(ref.tables)
    assert _rows(doc) == _rows(ref)


@pytest.mark.parametrize(
    "text",
    [
        "Первая строка\n-----------------\nВторая строка",  # a dashed separator line
        "Директор школы                  И.И. Иванов\n",  # a signature line
        "Директор школы                  И.И. Иванов\nМ.П.                            подпись\n",
        "Выбор: да | нет | не знаю\n",  # bars inside prose
        "│ Текст в рамке │\n",  # one framed line: no table
        "┌──────────────┐\n│ Текст в рамке │\n└──────────────┘\n",  # a framed paragraph
        "┌─────────────┐\n│ Текст       │\n│ в рамке     │\n└─────────────┘\n",
        "Пункт 1.  Текст пункта, который\nпереносится  на следующую строку\nбез таблицы.\n",
        # Justified prose of a monospace rendering: wide gaps, some lined up by chance.
        "руководствуясь   статьей  80  Конституции   Российской    Федерации,\n"
        "     1. Впредь   до   вступления   в   должность  вновь  избранного\n"
        "губернатора  края  возложить  временное   исполнение   обязанностей\n"
        "на   первого  заместителя   губернатора  края   в   соответствии\n",
        "│ │ Размер пакета, │\n│ │ закрепленных │\n│ Общество │ в собственности │\n",
    ],
)
def test_text_that_is_not_a_table_stays_paragraphs(text: str) -> None:
    doc = read_txt_bytes(text.encode(), source_path="x.txt")
    assert not doc.tables


@pytest.mark.parametrize(
    ("line", "rule", "cells"),
    [
        ("┌────┬──────┐", True, False),
        ("├────┼──────┤", True, False),
        ("╞════╪══════╡", True, False),
        ("+----+------+", True, False),
        ("|----|:----:|", True, False),
        ("│ 1. │ Текст │", False, True),
        ("| 1  | Текст |", False, True),
        ("│ -  │ -     │", False, True),  # cells holding dashes
        ("----------------", False, False),  # a text separator, not a table rule
        ("Текст | текст", False, False),
    ],
)
def test_rule_and_cell_lines(line: str, rule: bool, cells: bool) -> None:
    assert is_rule(line) is rule
    assert (is_bar_line(line) and not is_rule(line)) is cells


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["Разработка поло-", "жения"], "Разработка положения"),
        (["социально-", "экономический"], "социально-экономический"),
        (["2021-", "2022"], "2021-2022"),
        (["до мая -", "июня"], "до мая - июня"),
        (["Срок", "", "исполнения"], "Срок исполнения"),
    ],
)
def test_cell_lines_join(parts: list[str], joined: str) -> None:
    assert join_lines(parts) == joined
