from __future__ import annotations

import pytest

from prikaz.extractors.indicators import kpi_tables
from prikaz.extractors.roadmap import (
    ACTIVITY_NUMBER,
    COLUMN_RULES,
    SECTION_MARK,
    SIGNATURE_CELL,
    TOTAL_ROW,
    extract_roadmap_result,
    is_column_number_row,
    item_number,
    map_columns,
)
from prikaz.extractors.tables import ACTIVITY_WORD, INDICATOR_NAME, LAYOUT_WORDS, classify_table
from prikaz.model import Document, Table
from prikaz.pipeline.readers.builder import CellDraft, DocumentBuilder
from prikaz.pipeline.readers.txt import document_from_text, read_txt
from prikaz.rules import counter_examples_of, examples_of
from tests.conftest import SEEDS


def doc_of(text: str):
    return document_from_text(text, source_path="t.txt", doc_id="t")


@pytest.mark.parametrize(("rule", "example", "role"), examples_of(COLUMN_RULES))
def test_column_rules_match_their_examples(rule: str, example: str, role: str) -> None:
    assert map_columns([example]) == {role: 0}


@pytest.mark.parametrize(("rule", "phrase"), counter_examples_of(COLUMN_RULES))
def test_column_rules_counter_examples(rule: str, phrase: str) -> None:
    assert map_columns([phrase]).get(rule) is None


def test_columns_mapped_by_words_not_position() -> None:
    header = ["№ п/п", "Мероприятие", "Результат", "Срок реализации", "Ответственные"]
    assert map_columns(header) == {
        "number": 0,
        "activity": 1,
        "result": 2,
        "deadline": 3,
        "responsible": 4,
    }


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["1", "2", "3", "4", "5"], True),
        (["1", "2", "", ""], True),
        (["1", "Текст"], False),
        (["2", "3"], False),
    ],
)
def test_column_number_rows(texts: list[str], expected: bool) -> None:
    assert is_column_number_row(texts) is expected


TABLE = """План

№\tСрок\tМероприятие\tИсполнитель
1\t2\t3\t4
I ЭТАП\t\t\t
1.\tМай 2021\tСоздание рабочей группы\tОтдел образования

№\tСрок\tМероприятие\tИсполнитель
\t\tпо наставничеству\t
2.\t\t\t
3.\tИюнь 2021\tПоложение\tОО
\tИюль 2021\t\tДОУ
II ЭТАП\t\t\t
1.\tАвгуст 2021\tМониторинг\tОтдел
"""


def test_synthetic_table_all_rules() -> None:
    result = extract_roadmap_result(doc_of(TABLE))
    items = result.items
    assert [i.item_number for i in items] == ["1.", "3.", "1."]
    assert [i.item_key for i in items] == ["1/1", "1/3", "2/1"]
    assert [i.section for i in items] == ["I ЭТАП", "I ЭТАП", "II ЭТАП"]
    # Row «1.» continues after the page break: joined with a space, pages 1..2.
    assert items[0].activity == "Создание рабочей группы по наставничеству"
    assert (items[0].page_start, items[0].page_end) == (1, 2)
    # A sub-row listing one more deadline and party: joined with a line break.
    assert items[1].deadline_raw == "Июнь 2021\nИюль 2021"
    assert items[1].responsible_raw == "ОО\nДОУ"
    assert items[1].result_raw is None
    assert result.warnings == ["roadmap table 0: row '2.' on page 2 has no content; dropped"]


def test_numbered_section_row_with_children() -> None:
    text = (
        "№\tМероприятие\tСрок\tОтветственный\n"
        "1.\tНормативное обеспечение\t\t\n"
        "1.1\tПриказ\tЯнварь 2022\tОО\n"
        "2.\tОтчёт\t\t\n"
        "3.\tСеминар\tМай 2022\tОО\n"
    )
    items = extract_roadmap_result(doc_of(text)).items
    assert [(i.item_number, i.section) for i in items] == [
        ("1.1", "1. Нормативное обеспечение"),
        ("2.", "1. Нормативное обеспечение"),
        ("3.", "1. Нормативное обеспечение"),
    ]
    assert items[1].deadline_raw is None  # a plain row with only an activity stays a row


def test_non_roadmap_tables_are_ignored() -> None:
    text = "Наименование показателя\t2022 г.\t2023 г.\nДоля\t40\t60\n"
    assert extract_roadmap_result(doc_of(text)).items == []


# Rows per seed, counted by hand in the source: numbered rows with content.
SEED_ROWS = {"000": 13, "001": 17, "002": 11, "003": 12, "004": 22}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_row_counts(path) -> None:
    result = extract_roadmap_result(read_txt(path))
    assert len(result.items) == SEED_ROWS[path.name[:3]]
    assert [i.row_index for i in result.items] == list(range(len(result.items)))
    for item in result.items:
        assert item.activity
        assert item.page_start <= item.page_end


def test_seed_page_break_merges() -> None:
    by_seed = {p.name[:3]: extract_roadmap_result(read_txt(p)).items for p in SEEDS}
    row14 = next(i for i in by_seed["000"] if i.item_number == "14.")
    assert row14.activity.endswith("в образовательных организациях области")
    assert (row14.page_start, row14.page_end) == (2, 3)
    row13 = next(i for i in by_seed["002"] if i.item_number == "1.3")
    assert row13.result_raw.endswith("в 2021-2022 учебном году»")
    row24 = next(i for i in by_seed["002"] if i.item_number == "2.4")
    assert row24.result_raw.endswith(
        "5. Фиксация промежуточных результатов наставнического взаимодействия."
    )
    main4 = next(i for i in by_seed["004"] if i.item_key == "2/4")
    assert main4.activity.endswith("организаций культуры и спорта")
    prep4 = next(i for i in by_seed["004"] if i.item_key == "1/4")
    assert prep4.deadline_raw == "Май 2021 г., далее – ежегодно до 1 февраля 2024 года"


def test_table_without_number_column_keeps_every_row() -> None:
    text = (
        "Мероприятие\tСрок исполнения\tИсполнитель\tФорма отчетности\n"
        "Создание рабочей группы\tЯнварь 2022\tОтдел образования\tПриказ\n"
        "Утверждение положения\tФевраль 2022\tОО\tПоложение\n"
        "\n"
        "Мероприятие\tСрок исполнения\tИсполнитель\tФорма отчетности\n"
        "о наставничестве\t\t\t\n"
        "Мониторинг\tЕжегодно\tОО\tОтчёт\n"
    )
    items = extract_roadmap_result(doc_of(text)).items
    assert [i.activity for i in items] == [
        "Создание рабочей группы",
        "Утверждение положения о наставничестве",
        "Мониторинг",
    ]
    assert [i.result_raw for i in items] == ["Приказ", "Положение", "Отчёт"]
    assert all(i.item_number is None for i in items)


def test_number_column_found_by_content_when_its_header_is_blank() -> None:
    text = (
        "\tНаименование мероприятия\tСроки\tОтветственные\n"
        "1.\tСоздание рабочей группы\tЯнварь 2022\tОтдел образования\n"
        "\tи утверждение её состава\t\t\n"
        "2.\tМониторинг\tЕжегодно\tОО\n"
    )
    items = extract_roadmap_result(doc_of(text)).items
    assert [(i.item_number, i.activity) for i in items] == [
        ("1.", "Создание рабочей группы\nи утверждение её состава"),
        ("2.", "Мониторинг"),
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("4.", "4."),
        ("4,", "4."),  # OCR read the dot as a comma
        (" 12, ", "12."),
        ("2.3,", "2.3."),
        ("IV,", "IV."),
        ("2)", "2)"),
        ("26 – 27.", "26 – 27."),
        ("", None),
        ("Итого", None),
        ("1,5", None),
        (",", None),
    ],
)
def test_item_number_of_a_number_cell(cell: str, expected: str | None) -> None:
    assert item_number(cell) == expected


def test_number_with_an_ocr_comma_opens_its_item() -> None:
    # «4.» read by OCR as «4,»: the row is item 4, not a continuation of item 3 (nor, with
    # only the № and activity cells written, a section heading).
    text = (
        "№\tМероприятие\tСрок\tОтветственные\n"
        "3.\tРазработка дорожной карты\t01.10.2020\tОтдел образования\n"
        "4,\tПринятие решения о внедрении\t01.09.2020\tОтдел образования\n"
        "5,\tМониторинг\t\t\n"
        "6.\tОтчёт\tЕжегодно\tОО\n"
    )
    items = extract_roadmap_result(doc_of(text)).items
    assert [(i.item_number, i.activity) for i in items] == [
        ("3.", "Разработка дорожной карты"),
        ("4.", "Принятие решения о внедрении"),
        ("5.", "Мониторинг"),
        ("6.", "Отчёт"),
    ]


def test_header_printed_over_two_rows() -> None:
    text = (
        "№\tНаименование\tСрок\tОтветственные\n"
        "п/п\tмероприятия\tисполнения\tисполнители\n"
        "1)\tСоздание рабочей группы\tЯнварь 2022\tОтдел образования\n"
        "\n"
        "№\tНаименование\tСрок\tОтветственные\n"
        "п/п\tмероприятия\tисполнения\tисполнители\n"
        "2)\tМониторинг\tЕжегодно\tОО\n"
    )
    items = extract_roadmap_result(doc_of(text)).items
    assert [(i.item_number, i.activity, i.deadline_raw) for i in items] == [
        ("1)", "Создание рабочей группы", "Январь 2022"),
        ("2)", "Мониторинг", "Ежегодно"),
    ]


def test_short_data_rows_are_not_header_lines() -> None:
    text = "Мероприятие\tСрок\tОтветственный\nМониторинг\tЕжегодно\tОО\nОтчёт\tДекабрь\tОтдел\n"
    items = extract_roadmap_result(doc_of(text)).items
    assert [i.activity for i in items] == ["Мониторинг", "Отчёт"]


# -- the table classifier: rows of a table (tab-separated) → kind ------------------------------

KIND_EXAMPLES = {
    "roadmap": (
        "№ п/п\tМероприятие\tСрок\tОтветственный\n1.\tСеминар\tМай 2022\tОО\n",
        "Мероприятия\tСрок\tОтветственный\nСеминар\tМай\tОО\n",
        "№ п.п.\tНаименование учреждения\tПеречень мероприятий\n1\tДК\t1. Ревизия\n",
        "номер п/п\tДата, время, место проведения\tФорма мероприятия\tУчастники\n"
        "1.\t14.11\tБеседа\tПсихолог\n",
    ),
    "indicators": (
        "Наименование показателя\tЕдиница измерения\t2022 год (факт)\t2023 год\n"
        "Доля педагогов\t%\t12\t25\n",
        "Наименование показателя\t2022 г.\t2023 г.\nДоля\t40\t60\n",
        "Целевой индикатор\tБазовое значение\tЦелевое значение\nДоля\t10\t20\n",
    ),
    "layout": (
        "\tУТВЕРЖДАЮ Директор ________ И.И. Иванов\n",
        "21 января 2023 г.\t№\t03-од\n",
        "Заместитель директора\t________\tП.П. Петров\n",
    ),
    "other": (
        "Место в рейтинге\tУчреждения\tИнтегральное значение\n1\tДК\t145,43\n2\tБиблиотека\t143\n",
        "Давыдова Е.А.\t-\tпредставитель палаты\nДегтерев Д.В.\t-\tпредставитель парламента\n",
        "Наименование\tКоличество\nМячи\t10\nСетки\t2\n",
    ),
}


@pytest.mark.parametrize(
    ("kind", "text"), [(k, t) for k, texts in KIND_EXAMPLES.items() for t in texts]
)
def test_table_kinds(kind: str, text: str) -> None:
    assert classify_table(table_of(text), None).kind == kind


def table_of(text: str) -> Table:
    """Tab-separated lines as one table, as a reader that found its grid would give it."""
    builder = DocumentBuilder()
    rows = [
        builder.make_row([CellDraft(t, 1) for t in line.split("\t")], 1, False)
        for line in text.splitlines()
    ]
    return Table(tuple(rows))


def test_kpi_table_after_roadmap_gives_no_roadmap_rows() -> None:
    text = (
        "№\tМероприятие\tСрок\tОтветственные\n1.\tСеминар\tМай 2022\tОО\n\n"
        "Наименование показателя\tЕдиница измерения\t2022 год (факт)\t2023\n"
        "Доля педагогов\t%\t12\t45\n"
    )
    items = extract_roadmap_result(doc_of(text)).items
    assert [(i.activity, i.deadline_raw, i.responsible_raw) for i in items] == [
        ("Семинар", "Май 2022", "ОО")
    ]


def test_unsure_table_warns_and_gives_no_rows() -> None:
    text = "№\tНаименование\tПримечание\n1.\tСеминар\tМай\n2.\tКонкурс\tИюнь\n3.\tОтчёт\tДекабрь\n"
    result = extract_roadmap_result(doc_of(text))
    assert result.items == []
    assert len(result.warnings) == 1 and "no roadmap rows" in result.warnings[0]


@pytest.mark.parametrize(("rule", "phrase", "expected"), examples_of([ACTIVITY_NUMBER]))
def test_numbers_at_the_start_of_the_activity(rule: str, phrase: str, expected) -> None:
    m = ACTIVITY_NUMBER.match(phrase)
    assert m is not None and (m.group("n"), phrase[m.end() :].lstrip()) == expected


@pytest.mark.parametrize(
    ("rule", "phrase"),
    counter_examples_of([ACTIVITY_NUMBER, SECTION_MARK, SIGNATURE_CELL, ACTIVITY_WORD]),
)
def test_counter_examples(rule: str, phrase: str) -> None:
    found = {r.name: r for r in (ACTIVITY_NUMBER, SECTION_MARK, SIGNATURE_CELL, ACTIVITY_WORD)}
    assert found[rule].search(phrase) is None


@pytest.mark.parametrize(
    ("rule", "phrase", "expected"),
    examples_of(
        [SECTION_MARK, TOTAL_ROW, SIGNATURE_CELL, ACTIVITY_WORD, INDICATOR_NAME, LAYOUT_WORDS]
    ),
)
def test_marker_rules_find_their_examples(rule: str, phrase: str, expected: bool) -> None:
    rules = (SECTION_MARK, TOTAL_ROW, SIGNATURE_CELL, ACTIVITY_WORD, INDICATOR_NAME, LAYOUT_WORDS)
    assert (next(r for r in rules if r.name == rule).search(phrase) is not None) is expected


def doc_of_tables(*texts: str) -> Document:
    """Tab-separated tables (no merge marks, as TXT and PDF readers give them), one per text."""
    builder = DocumentBuilder()
    for text in texts:
        builder.add_table(
            [
                builder.make_row([CellDraft(t, 1) for t in line.split("\t")], 1, False)
                for line in text.splitlines()
            ]
        )
    return builder.build(doc_id="t", source_path="t.txt", source_format="txt")


def test_two_level_header_without_merge_marks() -> None:
    doc = doc_of_tables(
        "№\tМероприятие\tСрок реализации\t\tОтветственные\n"
        "\t\tНачало\tОкончание\t\n"
        "1.\tОбучение наставников\t10.01.2023\t01.02.2023\tЦНППМ\n"
        "2.\tСопровождение пар\tПостоянно\t\tКураторы\n"
    )
    items = extract_roadmap_result(doc).items
    assert [(i.item_number, i.activity, i.deadline_raw, i.responsible_raw) for i in items] == [
        ("1.", "Обучение наставников", "10.01.2023 – 01.02.2023", "ЦНППМ"),
        ("2.", "Сопровождение пар", "Постоянно", "Кураторы"),
    ]


def test_kpi_years_over_plan_and_fact_without_merge_marks() -> None:
    doc = doc_of_tables(
        "Наименование показателя\t2023 год\t\t2024 год\t\n"
        "\tплан\tфакт\tплан\tфакт\n"
        "Доля педагогов, %\t10\t12\t20\t\n"
    )
    got = [(i.indicator, i.unit, i.year, i.value, i.value_kind) for i in kpi_tables(doc)]
    assert got == [
        ("Доля педагогов", "%", 2023, 10.0, "план"),
        ("Доля педагогов", "%", 2023, 12.0, "факт"),
        ("Доля педагогов", "%", 2024, 20.0, "план"),
    ]
    assert extract_roadmap_result(doc).items == []


def test_header_less_table_without_numbers_is_not_taken_after_a_numbered_plan() -> None:
    doc = doc_of_tables(
        "№\tМероприятие\tСрок\tОтветственный\n"
        "1.\tСеминар\tМай\tОО\n2.\tКонкурс\tИюнь\tОО\n3.\tОтчёт\tДекабрь\tОО\n",
        "Иванова И.И.\tметодист\tтел.\t2-22-22\nПетрова П.П.\tпсихолог\tтел.\t3-33-33\n",
    )
    result = extract_roadmap_result(doc)
    assert [i.activity for i in result.items] == ["Семинар", "Конкурс", "Отчёт"]
    assert result.warnings == [
        "roadmap table 0: a following table without a header and without item numbers was "
        "not taken as its continuation"
    ]


def test_unnumbered_row_going_on_in_lower_case_continues_the_activity() -> None:
    doc = doc_of_tables(
        "Мероприятие\tСрок\tОтветственный\n"
        "Проведение семинара для наставников\tМай\tОО\n"
        "и наставляемых\t\t\n"
        "Конкурс\tИюнь\tОО\n"
    )
    items = extract_roadmap_result(doc).items
    assert [i.activity for i in items] == [
        "Проведение семинара для наставников\nи наставляемых",
        "Конкурс",
    ]


def test_institution_column_after_the_activity_is_the_responsible() -> None:
    doc = doc_of_tables(
        "№\tМероприятие\tСрок\tУчреждение\n1.\tСеминар\tМай\tШкола № 1\n2.\tКонкурс\tИюнь\tДК\n"
    )
    items = extract_roadmap_result(doc).items
    assert [(i.section_path, i.activity, i.responsible_raw) for i in items] == [
        ((), "Семинар", "Школа № 1"),
        ((), "Конкурс", "ДК"),
    ]


def test_a_numbered_list_inside_an_item_does_not_open_items() -> None:
    doc = doc_of_tables(
        "№\tМероприятие\tСрок\tОтветственный\n"
        "1.\tПодготовка документов:\tЯнварь\tОО\n"
        "\t1) положение о наставничестве;\t\t\n"
        "\t2) дорожная карта\t\t\n"
        "2.\tСеминар\tМай\tОО\n"
        "3.\tКонкурс\tИюнь\tОО\n"
    )
    items = extract_roadmap_result(doc).items
    assert [(i.item_number, i.activity) for i in items] == [
        ("1.", "Подготовка документов:\n1) положение о наставничестве;\n2) дорожная карта"),
        ("2.", "Семинар"),
        ("3.", "Конкурс"),
    ]


def test_one_row_next_part_of_a_plan_continues_it() -> None:
    doc = doc_of_tables(
        "№\tМероприятие\tСрок\tОтветственный\n1.\tСеминар\tМай\tОО\n2.\tКонкурс\tИюнь\tОО\n",
        "3.\tОтчёт\tДекабрь\tОтдел образования\n",
        "Заместитель директора\t\tП.П. Петров\t\n",
    )
    result = extract_roadmap_result(doc)
    assert [(i.item_number, i.activity) for i in result.items] == [
        ("1.", "Семинар"),
        ("2.", "Конкурс"),
        ("3.", "Отчёт"),
    ]
    assert result.warnings == []


def test_task_column_groups_the_measures_beside_it() -> None:
    doc = doc_of_tables(
        "№\tЗадача\tМероприятие\tСрок\tОтветственный\n"
        "1.\tКадровое обеспечение\tОбучение наставников\tМай\tЦНППМ\n"
        "2.\t\tАттестация наставников\tИюнь\tОО\n"
        "3.\tИнформирование\tПубликации на сайте\tЕжемесячно\tОО\n"
    )
    items = extract_roadmap_result(doc).items
    assert [(i.item_number, i.section_path, i.activity) for i in items] == [
        ("1.", ("Кадровое обеспечение",), "Обучение наставников"),
        ("2.", ("Кадровое обеспечение",), "Аттестация наставников"),
        ("3.", ("Информирование",), "Публикации на сайте"),
    ]
