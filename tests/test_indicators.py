from __future__ import annotations

import pytest

from prikaz.extractors.indicators import (
    COUNT_EXAMPLE_ABBREVIATIONS,
    COUNT_EXAMPLES,
    COUNT_UNIT,
    UNIT_EXAMPLES,
    kpi_tables,
    roadmap_counts,
    roadmap_targets,
    split_unit,
    yearly_counts,
)
from prikaz.extractors.roadmap import extract_roadmap
from prikaz.extractors.tables import BASE_YEAR, KIND_OF, PLAN_FACT, YEAR_COLUMN, year_column
from prikaz.normalizers.deadlines import parse_deadline
from prikaz.pipeline.readers.txt import document_from_text, read_txt
from prikaz.rules import counter_examples_of, examples_of
from tests.conftest import SEEDS


def seed(prefix: str):
    return read_txt(next(s for s in SEEDS if s.name.startswith(prefix)))


@pytest.mark.parametrize(
    ("rule", "text", "expected"), examples_of([YEAR_COLUMN, PLAN_FACT, BASE_YEAR])
)
def test_year_columns(rule: str, text: str, expected: object) -> None:
    if rule in ("year_column", "base_year"):
        assert year_column(text) == expected
    else:
        m = PLAN_FACT.fullmatch(text)
        assert m is not None and KIND_OF[m.group("kind").lower()[:4]] == expected


@pytest.mark.parametrize(("rule", "text"), counter_examples_of([YEAR_COLUMN, PLAN_FACT, BASE_YEAR]))
def test_year_column_counter_examples(rule: str, text: str) -> None:
    rules = {"year_column": YEAR_COLUMN, "plan_fact": PLAN_FACT, "base_year": BASE_YEAR}
    assert rules[rule].fullmatch(text) is None


@pytest.mark.parametrize(("name", "expected"), UNIT_EXAMPLES.items())
def test_units(name: str, expected: tuple[str, str]) -> None:
    assert split_unit(name) == expected


def test_kpi_table_seed_002() -> None:
    doc = seed("002")
    found = kpi_tables(doc)
    assert len(found) == 18  # six indicators × 2022, 2023, 2024
    assert {i.unit for i in found} == {"%"}
    first = [(i.year, i.value) for i in found[:3]]
    assert first == [(2022, 40.0), (2023, 60.0), (2024, 70.0)]
    assert found[0].indicator == (
        "Доля детей в возрасте от 10 до 18 лет, обучающихся в ОО г. Клинцы, "
        "вошедших в программы наставничества в роли наставляемого"
    )
    last = found[-1]
    assert last.indicator.startswith("Уровень удовлетворённости наставников")
    assert (last.year, last.value) == (2024, 85.0)
    for i in found:
        assert doc.text[i.span_start : i.span_end] == i.raw


def test_kpi_table_with_unit_column() -> None:
    doc = document_from_text(
        "Показатели\n\nНаименование индикатора\tЕд. изм.\t2023 год\t2024 год\n"
        "Число наставников\tчел.\t12\t15,5\n",
        source_path="t.txt",
        doc_id="t",
    )
    got = [(i.indicator, i.unit, i.year, i.value) for i in kpi_tables(doc)]
    assert got == [
        ("Число наставников", "чел.", 2023, 12.0),
        ("Число наставников", "чел.", 2024, 15.5),
    ]


def test_roadmap_table_is_not_a_kpi_table() -> None:
    assert kpi_tables(seed("004")) == []


def test_targets_in_roadmap_row_seed_000() -> None:
    doc = seed("000")
    item = next(i for i in extract_roadmap(doc) if i.item_number == "12.")
    result = roadmap_targets(doc, item, parse_deadline(item.deadline_raw))
    got = [(i.year, i.value, i.raw) for i in result.indicators]
    assert got == [
        (2020, 10.0, "не менее 10%"),
        (2021, 20.0, "не менее 20%"),
        (2022, 35.0, "не менее 35%"),
        (2023, 50.0, "не менее 50%"),
        (2024, 70.0, "не менее 70%"),
    ]
    assert result.indicators[0].indicator.startswith("Обеспечение доли обучающихся")
    assert result.indicators[0].indicator.endswith("вовлеченных в различные формы наставничества")
    assert {i.row_index for i in result.indicators} == {item.row_index}
    for i in result.indicators:
        assert doc.text[i.span_start : i.span_end] == i.raw
    assert result.warnings == []


def test_targets_not_matching_dates_keep_no_year() -> None:
    doc = seed("000")
    item = next(i for i in extract_roadmap(doc) if i.item_number == "12.")
    result = roadmap_targets(doc, item, parse_deadline("31.12.2020 31.12.2021"))
    assert [i.year for i in result.indicators] == [None] * 5
    assert len(result.warnings) == 1


@pytest.mark.parametrize(("phrase", "expected"), COUNT_EXAMPLES.items())
def test_yearly_counts(phrase: str, expected: list[tuple[int, float, str, str]]) -> None:
    found = yearly_counts(phrase, COUNT_EXAMPLE_ABBREVIATIONS)
    assert [(i.year, i.value, i.indicator, i.raw) for i, _, _ in found] == expected
    for i, start, end in found:
        assert phrase[start:end] == i.raw
        assert i.unit == COUNT_UNIT


def test_undefined_abbreviation_is_kept_as_written() -> None:
    (ind, _, _), (ind2, _, _) = yearly_counts("2022 год – 3 ОО, 2 ДОУ")
    assert (ind.indicator, ind2.indicator) == ("ОО", "ДОУ")


def test_yearly_counts_in_result_cells_seed_003() -> None:
    doc = seed("003")
    items = {i.item_number: i for i in extract_roadmap(doc)}
    for number in ("5", "6"):
        item = items[number]
        found = roadmap_counts(doc, item)
        assert {i.row_index for i in found} == {item.row_index}
        by_year: dict[int, dict[str, float]] = {}
        for i in found:
            assert doc.text[i.span_start : i.span_end] == i.raw
            assert item.span_start <= i.span_start < i.span_end <= item.span_end
            by_year.setdefault(i.year, {})[i.indicator] = i.value
        # «2021 год – 1 школа, 1 ДОУ 2022 год – 2 школы, 2 ДОУ, 1 ДО; 2023 – 4 школы, 4 ДОУ,
        # 3 ДО 2024 – 5 школ, 6 ДОУ, 4 ДО»
        assert by_year == {
            2021: {"школы": 1, "ДОУ": 1},
            2022: {"школы": 2, "ДОУ": 2, "ДО": 1},
            2023: {"школы": 4, "ДОУ": 4, "ДО": 3},
            2024: {"школы": 5, "ДОУ": 6, "ДО": 4},
        }
    others = [i for n, i in items.items() if n not in ("5", "6")]
    assert [c for i in others for c in roadmap_counts(doc, i)] == []


def test_dashes_are_no_value_and_a_base_value_is_a_fact() -> None:
    doc = document_from_text(
        "Показатели\n\nНаименование показателя\tЕдиница измерения\tБазовое значение 2016 год"
        "\t2017 год\t2018 год\nЧисло спортивных секций\tединица\t35\t30\t-\n",
        source_path="t.txt",
        doc_id="t",
    )
    got = [(i.indicator, i.unit, i.year, i.value, i.value_kind) for i in kpi_tables(doc)]
    assert got == [
        ("Число спортивных секций", "единица", 2016, 35.0, "факт"),
        ("Число спортивных секций", "единица", 2017, 30.0, None),
    ]
