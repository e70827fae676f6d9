from __future__ import annotations

import pytest

from prikaz.extractors import abbreviations as ab
from prikaz.pipeline.readers.txt import document_from_text, read_txt
from tests.conftest import SEEDS


def doc_of(text: str):
    return document_from_text(text, source_path="t.txt", doc_id="t")


@pytest.mark.parametrize("heading", ab.BLOCK_HEADING_EXAMPLES)
def test_block_headings(heading: str) -> None:
    assert ab.BLOCK_HEADING.match(heading)


@pytest.mark.parametrize(("line", "expected"), ab.BLOCK_ENTRY_EXAMPLES.items())
def test_block_entries(line: str, expected: tuple[str, str]) -> None:
    assert ab.parse_block_entry(line) == expected


@pytest.mark.parametrize(("text", "expected"), ab.INLINE_EXAMPLES.items())
def test_inline_definitions(text: str, expected: tuple[str, str]) -> None:
    found = ab.find_inline(text)
    assert [(a.short, a.full) for a in found] == [expected]
    assert text[found[0].span_start : found[0].span_end].endswith(")")


@pytest.mark.parametrize(
    "text",
    [
        "Провести совещание (далее)",  # nothing defined
        "в целях развития (далее – ЦМН)",  # no words spell the acronym
        "Пункт 2 (в редакции приказа)",
    ],
)
def test_no_definition_without_a_full_form(text: str) -> None:
    assert ab.find_inline(text) == []


def test_block_ends_at_first_other_paragraph() -> None:
    doc = doc_of(
        "Принятые сокращения:\n\nРУО – районное управление образования;\n\n"
        "ОО – образовательные организации.\n\nДорожная карта реализации программы\n"
    )
    assert [(a.short, a.full) for a in ab.extract_abbreviations(doc)] == [
        ("РУО", "районное управление образования"),
        ("ОО", "образовательные организации"),
    ]


def test_block_on_one_line_split_at_semicolons() -> None:
    doc = doc_of("Сокращения:\n\nРЦРО – региональный центр; ОО – образовательные организации\n")
    assert [a.short for a in ab.extract_abbreviations(doc)] == ["РЦРО", "ОО"]


def test_block_as_table() -> None:
    doc = doc_of(
        "Список сокращений\n\nМОЦ\tмуниципальный опорный центр\nДО\tдополнительное образование\n"
    )
    assert ab.abbreviation_map(ab.extract_abbreviations(doc)) == {
        "МОЦ": "муниципальный опорный центр",
        "ДО": "дополнительное образование",
    }


def test_spans_point_at_the_definition() -> None:
    for seed in SEEDS:
        doc = read_txt(seed)
        for a in ab.extract_abbreviations(doc):
            text = doc.text[a.span_start : a.span_end]
            assert a.short.split()[0] in text or text.lower().startswith(a.full[:4].lower())


def test_seeds() -> None:
    got = {s.name[:3]: ab.abbreviation_map(ab.extract_abbreviations(read_txt(s))) for s in SEEDS}
    assert got["000"] == {}
    assert got["001"]["ЦМН"] == "целевая модель наставничества"
    assert got["001"]["МОН НО"] == "министерство образования и науки Нижегородской области"
    assert got["001"]["ИС «Навигатор ДО»"].startswith("информационная система «Навигатор")
    assert got["002"]["Целевая модель"].startswith("целевая модель наставничества для организаций")
    assert got["003"]["Дорожная карта"].startswith("Дорожная карта по реализации муниципальной")
    assert got["004"] == {
        "ДОО ТО": "Департамент общего образования Томской области",
        "МОУО": "муниципальные органы управления образованием",
        "ОО": "общеобразовательные организации",
        "ДО": "организации дополнительного образования",
        "ПО": "организации профессионального образования",
        "ВО": "организации высшего образования",
        "НЦ": "научные центры",
    }
