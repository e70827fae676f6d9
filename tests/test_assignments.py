from __future__ import annotations

import datetime as dt

import pytest

from prikaz.normalizers.assignments import align, deadline_groups
from prikaz.normalizers.deadlines import parse_deadline
from prikaz.normalizers.responsibles import split_parties
from prikaz.pipeline.extract import extract_document
from prikaz.pipeline.readers.txt import read_txt
from tests.conftest import SEEDS

TOMSK = {"МОУО": "муниципальные органы управления образованием", "ОО": "о", "ДО": "д"}


def components(text: str):
    return parse_deadline(text, doc_date=dt.date(2020, 11, 23), period=(2020, 2024))


# deadline cell → the texts of each group's components
GROUPS: dict[str, list[list[str]]] = {
    "Декабрь 2020 г. Ноябрь 2020 г. Ноябрь 2020 г.": [
        ["Декабрь 2020 г."],
        ["Ноябрь 2020 г."],
        ["Ноябрь 2020 г."],
    ],
    "Апрель 2021 г., далее – ежегодно до 1 февраля 2024 года\n"
    "Май 2021 г., далее – ежегодно до 1 февраля 2024 года": [
        ["Апрель 2021 г.", "далее – ежегодно до 1 февраля 2024 года"],
        ["Май 2021 г.", "далее – ежегодно до 1 февраля 2024 года"],
    ],
    "Декабрь 2021 г., далее – ежегодно или по запросу Ноябрь 2021 г., далее – ежегодно": [
        ["Декабрь 2021 г.", "далее – ежегодно", "по запросу"],
        ["Ноябрь 2021 г.", "далее – ежегодно"],
    ],
    "2021-2024 ежегодно": [["2021-2024 ежегодно"]],
    "Май 2023 Декабрь 2023": [["Май 2023"], ["Декабрь 2023"]],
    "В течение всего периода реализации программы": [
        ["В течение всего периода реализации программы"]
    ],
    # a yearly series (its dates carry the series rrule): one group per date
    "01.08.2020 01.08.2021 01.08.2022": [["01.08.2020"], ["01.08.2021"], ["01.08.2022"]],
    "01.08.2020\n01.08.2021\n01.08.2022": [["01.08.2020"], ["01.08.2021"], ["01.08.2022"]],
}


@pytest.mark.parametrize(("cell", "expected"), GROUPS.items())
def test_deadline_groups(cell: str, expected: list[list[str]]) -> None:
    comps = components(cell)
    got = [[comps[i].text for i in group] for group in deadline_groups(cell, comps)]
    assert got == expected


def pairs(deadline: str, responsible: str) -> tuple[list[tuple[int, str]], list[str]]:
    comps = components(deadline)
    parties = split_parties(responsible, TOMSK)
    found, warnings = align(7, deadline, comps, parties)
    return [(a.deadline_component_index, parties[a.responsible_index].raw) for a in found], warnings


def test_three_deadlines_three_slots() -> None:
    got, warnings = pairs(
        "Декабрь 2020 г. Ноябрь 2020 г. Ноябрь 2020 г.", "ОГБУ «РЦРО» МОУО ОО, ДО"
    )
    assert got == [(0, "ОГБУ «РЦРО»"), (1, "МОУО"), (2, "ОО"), (2, "ДО")]
    assert warnings == []


def test_sub_rows_pair_line_by_line() -> None:
    got, _ = pairs(
        "Апрель 2021 г., далее – ежегодно до 1 февраля 2024 года\n"
        "Май 2021 г., далее – ежегодно до 1 февраля 2024 года",
        "МОУО\nОО, ДО",
    )
    assert got == [(0, "МОУО"), (1, "МОУО"), (2, "ОО"), (2, "ДО"), (3, "ОО"), (3, "ДО")]


@pytest.mark.parametrize(
    ("deadline", "responsible"),
    [
        ("01.08.2020 01.08.2021 01.08.2022", "Отдел образования, образовательные организации"),
        ("Ноябрь 2020 г.", "ОГБУ «РЦРО» МОУО ОО, ДО"),
        ("31.12.2021 31.12.2022", "Образовательные организации"),
        ("2021-2024 ежегодно", "Евстропова Л.Г., заведующий РДМЦ, специалисты РУО методисты РДМЦ"),
    ],
)
def test_nothing_to_pair(deadline: str, responsible: str) -> None:
    assert pairs(deadline, responsible) == ([], [])


@pytest.mark.parametrize(
    ("deadline", "responsible"),
    [
        ("Декабрь 2020 г. Ноябрь 2020 г.", "ОГБУ «РЦРО» МОУО ОО, ДО"),
        ("Июль 2021 г., Второе полугодие 2021 г.", "Евстропова Л.Г., Администрация школ"),
    ],
)
def test_unsure_is_a_warning(deadline: str, responsible: str) -> None:
    got, warnings = pairs(deadline, responsible)
    assert got == []
    assert len(warnings) == 1 and warnings[0].startswith("row 7:")


def test_seed_004() -> None:
    seed = next(s for s in SEEDS if s.name.startswith("004"))
    ex = extract_document(read_txt(seed))
    rows = {a.row_index: a.k for a in ex.assignments}
    items = {i.row_index: i.item_key for i in ex.roadmap_items}
    # first stage rows 1, 5, 6; main stage rows 5 and 7; final stage rows 1 and 2
    assert {items[r]: k for r, k in rows.items()} == {
        "1/1": 3,
        "1/5": 2,
        "1/6": 3,
        "2/5": 3,
        "2/7": 3,
        "3/1": 3,
        "3/2": 3,
    }
    first = [a for a in ex.assignments if a.row_index == 0]
    resp = {(r.row_index, r.responsible_index): r for r in ex.responsibles}
    deadlines = {(d.row_index, d.component_index): d.component for d in ex.deadlines}
    got = [
        (deadlines[(0, a.deadline_component_index)].text, resp[(0, a.responsible_index)].raw)
        for a in first
    ]
    assert got == [
        ("Декабрь 2020 г.", "ОГБУ «РЦРО»"),
        ("Ноябрь 2020 г.", "МОУО"),
        ("Ноябрь 2020 г.", "ОО"),
        ("Ноябрь 2020 г.", "ДО"),
    ]


def test_other_seeds_have_no_pairs() -> None:
    for seed in SEEDS:
        if not seed.name.startswith("004"):
            assert extract_document(read_txt(seed)).assignments == []
