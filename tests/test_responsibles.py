from __future__ import annotations

import pytest

from prikaz.extractors.abbreviations import abbreviation_map, extract_abbreviations
from prikaz.extractors.roadmap import extract_roadmap
from prikaz.normalizers.responsibles import (
    PERSON_EXAMPLES,
    SURNAME_EXAMPLES,
    nominative_surname,
    normalize_person,
    split_parties,
)
from prikaz.pipeline.extract import extract_document
from prikaz.pipeline.readers.txt import read_txt
from tests.conftest import SEEDS

TOMSK = {
    "МОУО": "муниципальные органы управления образованием",
    "ОО": "общеобразовательные организации",
    "ДО": "организации дополнительного образования",
    "ДОО ТО": "Департамент общего образования Томской области",
    "ЦМН": "целевая модель наставничества",
}


@pytest.mark.parametrize(("text", "expected"), PERSON_EXAMPLES.items())
def test_person_names(text: str, expected: str) -> None:
    assert normalize_person(text) == expected


@pytest.mark.parametrize(("text", "expected"), SURNAME_EXAMPLES.items())
def test_nominative_surnames(text: str, expected: str) -> None:
    assert nominative_surname(text) == expected


def test_org_and_person_in_brackets() -> None:
    org, per = split_parties("Управление образования (Смирнова Е.А.)")
    assert (org.name, org.person) == ("Управление образования", None)
    assert (per.person, per.position, per.name) == ("Е.А. Смирнова", None, "Е.А. Смирнова")


# cell → [(raw, entity_type, slot)]
SPLITS: dict[str, list[tuple[str, str, int]]] = {
    "Отдел образования администрации района, образовательные организации": [
        ("Отдел образования администрации района", "ORG", 0),
        ("образовательные организации", "GROUP", 0),
    ],
    "Образовательные организации; отдел образования администрации района": [
        ("Образовательные организации", "GROUP", 0),
        ("отдел образования администрации района", "ORG", 0),
    ],
    # a comma inside a body's name does not cut it
    "Управление образования, спорта и молодёжной политики администрации округа, «Сфера» "
    "(свод и анализ)": [
        ("Управление образования, спорта и молодёжной политики администрации округа", "ORG", 0),
        ("«Сфера» (свод и анализ)", "ORG", 0),
    ],
    # nor inside quotes or brackets
    "МБОУ «Школа № 1, корпус 2», отдел (сектор опеки, попечительства)": [
        ("МБОУ «Школа № 1, корпус 2»", "ORG", 0),
        ("отдел (сектор опеки, попечительства)", "ORG", 0),
    ],
    # line breaks the TXT rendering lost: after an abbreviation or a closing quote
    "ОГБУ «РЦРО» МОУО ОО, ДО": [
        ("ОГБУ «РЦРО»", "ORG", 0),
        ("МОУО", "GROUP", 1),
        ("ОО", "GROUP", 2),
        ("ДО", "GROUP", 2),
    ],
    "ОГБУ «РЦРО»\nМОУО\nОО, ДО": [
        ("ОГБУ «РЦРО»", "ORG", 0),
        ("МОУО", "GROUP", 1),
        ("ОО", "GROUP", 2),
        ("ДО", "GROUP", 2),
    ],
    # a multi-word abbreviation is not cut
    "ДОО ТО, МОУО": [("ДОО ТО", "ORG", 0), ("МОУО", "GROUP", 0)],
    "Евстропова Л.Г., заведующий РДМЦ, специалисты РУО методисты РДМЦ": [
        ("Евстропова Л.Г., заведующий РДМЦ", "PER", 0),
        ("специалисты РУО", "POSITION", 0),
        ("методисты РДМЦ", "POSITION", 1),
    ],
    "У.В. Зарубина, начальник РУО Евстропова Л.Г., заведующий РДМЦ": [
        ("У.В. Зарубина, начальник РУО", "PER", 0),
        ("Евстропова Л.Г., заведующий РДМЦ", "PER", 1),
    ],
    "Директор школы Иванов И.И.; заместитель директора по УВР Петрова А.А.": [
        ("Директор школы Иванов И.И.", "PER", 0),
        ("заместитель директора по УВР Петрова А.А.", "PER", 0),
    ],
    "Кураторы, рабочая группа ЦМН в образовательных организациях": [
        ("Кураторы", "POSITION", 0),
        ("рабочая группа ЦМН в образовательных организациях", "ORG", 0),
    ],
    "Руководители образовательных организаций, кураторы реализации ЦМН": [
        ("Руководители образовательных организаций", "POSITION", 0),
        ("кураторы реализации ЦМН", "POSITION", 0),
    ],
    "ведущий специалист отдела образования Мелькова Ольга Владимировна": [
        ("ведущий специалист отдела образования Мелькова Ольга Владимировна", "PER", 0),
    ],
    "Кураторы в образовательных организациях, рабочая группа, организации-партнеры": [
        ("Кураторы в образовательных организациях", "POSITION", 0),
        ("рабочая группа", "ORG", 0),
        ("организации-партнеры", "GROUP", 0),
    ],
    "Администрация района.": [("Администрация района", "ORG", 0)],
    "Управление образования (Смирнова Е.А.)": [
        ("Управление образования", "ORG", 0),
        ("Смирнова Е.А.", "PER", 0),
    ],
    "Отдел культуры (Иванов И.И.), школы района": [
        ("Отдел культуры", "ORG", 0),
        ("Иванов И.И.", "PER", 0),
        ("школы района", "GROUP", 0),
    ],
    "Начальник отдела (Смирнова Е.А.)": [("Начальник отдела (Смирнова Е.А.)", "PER", 0)],
}


@pytest.mark.parametrize(("cell", "expected"), SPLITS.items())
def test_split(cell: str, expected: list[tuple[str, str, int]]) -> None:
    parties = split_parties(cell, TOMSK)
    assert [(p.raw, p.entity_type, p.slot) for p in parties] == expected
    for p in parties:
        assert cell[p.start : p.end] == p.raw


def test_person_and_position() -> None:
    (p,) = split_parties("Евстропова Л.Г., заведующий РДМЦ")
    assert (p.person, p.position, p.name) == (
        "Л.Г. Евстропова",
        "заведующий РДМЦ",
        "Л.Г. Евстропова, заведующий РДМЦ",
    )
    (q,) = split_parties("Начальник отдела Сидоров П.П.")
    assert (q.person, q.position) == ("П.П. Сидоров", "начальник отдела")


def test_abbreviations_expanded() -> None:
    names = [p.name for p in split_parties("ДОО ТО, МОУО, рабочая группа ЦМН, ОГБУ «РЦРО»", TOMSK)]
    assert names == [
        "Департамент общего образования Томской области",
        "муниципальные органы управления образованием",
        "рабочая группа целевой модели наставничества",
        "ОГБУ «РЦРО»",
    ]


def test_empty_cell() -> None:
    assert split_parties(None) == []
    assert split_parties("  ") == []


def test_seeds_parties() -> None:
    counts = {}
    for seed in SEEDS:
        doc = read_txt(seed)
        shorts = abbreviation_map(extract_abbreviations(doc))
        parties = [
            p for it in extract_roadmap(doc) for p in split_parties(it.responsible_raw, shorts)
        ]
        counts[seed.name[:3]] = len(parties)
        assert all(p.name and p.entity_type in {"ORG", "PER", "POSITION", "GROUP"} for p in parties)
    # Counted by hand from the cells: 000 has 13 rows, 8 of them with two parties; 002 has no
    # responsible column; 003 rows 5-9 have three parties each; 004 rows list up to eight.
    assert counts == {"000": 21, "001": 24, "002": 0, "003": 24, "004": 83}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_responsibles_point_into_their_cell(seed) -> None:
    """Provenance: every party of the `responsibles` table is a span of its row's cell."""
    ex = extract_document(read_txt(seed))
    cells = {it.row_index: it.responsible_raw for it in ex.roadmap_items}
    for r in ex.responsibles:
        cell = cells[r.row_index]
        assert cell is not None
        assert 0 <= r.raw_start < r.raw_end <= len(cell)
        assert cell[r.raw_start : r.raw_end] == r.raw
