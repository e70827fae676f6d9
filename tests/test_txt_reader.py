from __future__ import annotations

import pytest

from prikaz.errors import ReadError
from prikaz.model import Paragraph, Table
from prikaz.pipeline.readers.txt import clean_text, decode_bytes, read_txt, read_txt_bytes
from tests.conftest import SEEDS

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
