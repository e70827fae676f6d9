"""Towns and districts in region resolution: the gazetteer `normalizers/data/towns.tsv`, the rules'
tables, a town in every form a header writes it, ambiguous names, and whole orders."""

from __future__ import annotations

import csv
import importlib.util
from types import ModuleType

import pytest

from prikaz.extractors.location import Location, extract_location
from prikaz.normalizers import regions
from prikaz.pipeline.extract import extract_document
from prikaz.pipeline.readers import read_bytes
from prikaz.pipeline.readers.txt import document_from_text
from prikaz.records import Header
from prikaz.rules import counter_examples_of, examples_of
from tests.conftest import ROOT

TOWNS_TSV = ROOT / "normalizers" / "data" / "towns.tsv"
# The dataset the gazetteer is derived from, kept unchanged in tools/data (CC BY-SA 4.0).
CITY_CSV = ROOT / "tools" / "data" / "city.csv.gz"


def _rows() -> list[dict[str, str]]:
    with TOWNS_TSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"))


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_towns", ROOT / "tools" / "make_towns.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _names(place: regions.PlaceMention | None) -> tuple[str, ...] | None:
    return tuple(s.name for s in place.subjects) if place else None


# -- the gazetteer --------------------------------------------------------------------------------


def test_every_town_maps_to_a_subject() -> None:
    rows = _rows()
    assert len(rows) == 1117  # city.csv of 11.10.2021: one row per town
    by_name = {s.name: s for s in regions.subjects()}
    for row in rows:
        subject = by_name[row["subject"]]
        assert row["iso"] == (subject.iso or ""), row
        assert row["town"].strip() == row["town"] and row["town"][0].isupper(), row
        assert not row["district"] or row["district"].endswith((" район", " улус")), row
    # every subject but the four the dataset (2021) predates: ДНР, ЛНР, Запорожская, Херсонская
    assert len({row["subject"] for row in rows}) == 85


def test_file_says_where_it_comes_from() -> None:
    head = "".join(ln for ln in TOWNS_TSV.read_text(encoding="utf-8").splitlines(True)[:12])
    for words in ("https://github.com/hflabs/city", "11.10.2021", "CC BY-SA 4.0", "make_towns.py"):
        assert words in head


def test_capitals_and_big_cities_are_towns_too() -> None:
    for s in regions.subjects():
        for city in (s.capital, *s.cities):
            words = city.split()
            n, named = regions.match_town(words)
            assert n == len(words) and s in regions.subjects_of(named), city


# The dataset's spellings of regions that are not «<adjective> обл».
DATASET_REGIONS = {
    ("Свердловская", "обл"): "Свердловская область",
    ("Адыгея", "Респ"): "Республика Адыгея",
    ("Кабардино-Балкарская", "Респ"): "Кабардино-Балкарская Республика",
    ("Саха /Якутия/", "Респ"): "Республика Саха (Якутия)",
    ("Северная Осетия - Алания", "Респ"): "Республика Северная Осетия — Алания",
    ("Марий Эл", "Респ"): "Республика Марий Эл",
    ("Крым", "Респ"): "Республика Крым",
    ("Чувашская Республика", "Чувашия"): "Чувашская Республика — Чувашия",
    ("Кемеровская область - Кузбасс", "обл"): "Кемеровская область — Кузбасс",
    ("Ханты-Мансийский Автономный округ - Югра", "АО"): "Ханты-Мансийский автономный округ — Югра",
    ("Ненецкий", "АО"): "Ненецкий автономный округ",
    ("Еврейская", "Аобл"): "Еврейская автономная область",
    ("Москва", "г"): "Москва",
    ("Севастополь", "г"): "Севастополь",
    ("Приморский", "край"): "Приморский край",
}


@pytest.mark.parametrize(("region", "expected"), DATASET_REGIONS.items())
def test_tool_maps_dataset_regions(region: tuple[str, str], expected: str) -> None:
    assert _tool().subject_of_region(*region).name == expected


def test_tool_makes_the_committed_file() -> None:
    made = _tool().make_rows(CITY_CSV)
    assert [tuple(r.values()) for r in _rows()] == made


# -- the rules' tables ----------------------------------------------------------------------------


@pytest.mark.parametrize(("rule", "text", "expected"), examples_of([regions.TOWN]))
def test_town_examples(rule: str, text: str, expected: tuple[str, ...] | None) -> None:
    found = regions.find_towns(text)
    assert _names(found[0] if found else None) == expected


@pytest.mark.parametrize(("rule", "text", "expected"), examples_of([regions.DISTRICT]))
def test_district_examples(rule: str, text: str, expected: tuple[str, ...] | None) -> None:
    found = regions.find_districts(text)
    assert _names(found[0] if found else None) == expected


@pytest.mark.parametrize(("rule", "text", "expected"), examples_of([regions.ISSUER_TOWN]))
def test_issuer_town_examples(rule: str, text: str, expected: tuple[str, ...] | None) -> None:
    assert _names(regions.issuer_town(text)) == expected


RULES = {r.name: r for r in (regions.TOWN, regions.DISTRICT, regions.ISSUER_TOWN)}


@pytest.mark.parametrize(("rule", "text"), counter_examples_of(RULES.values()))
def test_counter_examples_do_not_match(rule: str, text: str) -> None:
    assert RULES[rule].search(text) is None


@pytest.mark.parametrize(("town", "adjective"), regions.TOWN_ADJECTIVE_EXAMPLES.items())
def test_town_adjectives(town: str, adjective: str | None) -> None:
    made = regions.town_adjectives(town)
    assert adjective in made if adjective else not made


# -- a town in every form a header writes it ------------------------------------------------

HEADER_FORMS: dict[str, list[str]] = {
    "Приморский край": [
        "Уссурийск",
        "г. Уссурийск",
        "КГКУ «Центр содействия семейному устройству г.Уссурийска»",
        "Администрация города Уссурийска",
        "АДМИНИСТРАЦИЯ УССУРИЙСКОГО ГОРОДСКОГО ОКРУГА",
        "Уссурийский городской округ",
        "МОУ «СОШ № 11» г. Находка",
        "Управление образования администрации Находкинского городского округа",
    ],
    "Ярославская область": [
        "г. Рыбинск",
        "Администрация городского округа город Рыбинск",
        "Департамент образования администрации города Рыбинска",
    ],
    "Свердловская область": [
        "г. Верхняя Пышма",
        "Администрация городского округа Верхняя Пышма",
        "Управление образования г. Верхней Пышмы",
        "ГОРОДСКОЙ ОКРУГ ВЕРХНЯЯ ПЫШМА",
    ],
    "Липецкая область": [
        "МУ «ГДМ «Октябрь»» г. Липецк",
        "отдел образования администрации г. Липецка",
    ],
    "Чеченская Республика": [
        "МБОУ «СОШ №1 г.УРУС-МАРТАН»",
        "МУ «Отдел образования Урус-Мартановского муниципального района»",
    ],
}


# Longer than a header paragraph can be (400 characters): the header block ends before it.
LONG_BODY = " ".join(
    ["В целях организации работы приказываю утвердить план мероприятий на текущий год "
     "и назначить ответственных за его исполнение в установленные сроки."] * 3
)  # fmt: skip


def _order(
    *header_lines: str, title: str = "Об утверждении плана мероприятий", body: str = ""
) -> str:
    paragraphs = [*header_lines, "ПРИКАЗ", "12.03.2021 № 15", title, f"{LONG_BODY} {body}"]
    return "\n\n".join(paragraphs) + "\n"


def _location(text: str, header: Header | None = None) -> Location:
    doc = document_from_text(text, source_path="t.txt", doc_id="t")
    return extract_location(doc, header or Header())


@pytest.mark.parametrize(
    ("line", "expected"), [(line, s) for s, lines in HEADER_FORMS.items() for line in lines]
)
def test_town_in_header_forms(line: str, expected: str) -> None:
    loc = _location(_order(line))
    assert loc.region == expected
    assert not any(w.startswith("ambiguous") for w in loc.warnings)


@pytest.mark.parametrize(
    ("line", "expected"),
    [(line, s) for s, lines in HEADER_FORMS.items() for line in lines if " " in line],
)
def test_town_in_the_issuer(line: str, expected: str) -> None:
    loc = _location(_order("ПРИКАЗ"), Header(issuer=line))
    assert (loc.region, loc.source) == (expected, "issuer")


# -- ambiguity ----------------------------------------------------------------------------------

AMBIGUOUS = {
    "Управление образования администрации г. Советска": (
        "Калининградская область",
        "Кировская область",
        "Тульская область",
    ),
    "Администрация города Кировска": ("Ленинградская область", "Мурманская область"),
    "МУ «Спортивная школа Рыбинского муниципального района»": (
        "Красноярский край",
        "Ярославская область",
    ),
    "Отдел образования г. Мирного": ("Архангельская область", "Республика Саха (Якутия)"),
    "Администрация г. Киров": ("Калужская область", "Кировская область"),
    "Администрация города Благовещенска": ("Амурская область", "Республика Башкортостан"),
    "Администрация города Донецка": ("Донецкая Народная Республика", "Ростовская область"),
}


@pytest.mark.parametrize(("line", "subjects"), AMBIGUOUS.items())
def test_ambiguous_place_leaves_region_empty_with_warning(
    line: str, subjects: tuple[str, ...]
) -> None:
    loc = _location(_order(line))
    assert (loc.region, loc.region_code) == (None, None)
    (warning,) = [w for w in loc.warnings if w.startswith("ambiguous place")]
    assert all(s in warning for s in subjects)
    assert warning.endswith("region left empty")
    assert "region not found" not in loc.warnings


@pytest.mark.parametrize(
    ("lines", "title", "expected", "source"),
    [
        (["Управление образования администрации г. Советска"], "О плане Тульской области",
         "Тульская область", "header"),  # the title is a line of the header block
        (["МУ «Спортивная школа Рыбинского муниципального района»", "г. Рыбинск"], None,
         "Ярославская область", "place"),
        (["Отдел образования г. Мирного", "Мирнинского района"], None,
         "Республика Саха (Якутия)", "header"),
        (["Администрация города Кировска", "Мурманской области"], None,
         "Мурманская область", "header"),
    ],
)  # fmt: skip
def test_another_clue_of_the_header_decides(
    lines: list[str], title: str | None, expected: str, source: str
) -> None:
    loc = _location(_order(*lines, title=title or "Об утверждении плана"))
    assert (loc.region, loc.source) == (expected, source)
    assert not any(w.startswith("ambiguous") for w in loc.warnings)


def test_the_text_decides_only_among_the_subjects_of_the_place() -> None:
    loc = _location(_order("Администрация города Кировска", body="Закон Мурманской области."))
    assert (loc.region, loc.source) == ("Мурманская область", "text")
    loc = _location(_order("Администрация города Кировска", body="Закон Томской области."))
    assert loc.region is None
    assert any(w.startswith("ambiguous place «города Кировска»") for w in loc.warnings)


def test_a_clue_outside_the_subjects_of_the_place_leaves_region_empty() -> None:
    issuer = "Администрация г. Советска"
    loc = _location(_order(issuer, "г. Уссурийск"), Header(issuer=issuer))
    assert loc.region is None
    (warning,) = [w for w in loc.warnings if w.startswith("ambiguous")]
    assert "«г. Уссурийск» is in Приморский край, not one of them" in warning


def test_a_subject_named_outright_wins_over_a_town() -> None:
    loc = _location(_order("Администрация г. Уссурийска", "Тамбовской области"))
    assert (loc.region, loc.source) == ("Тамбовская область", "header")
    loc = _location(_order("ПРИКАЗ"), Header(issuer="Администрация г. Рыбинска Тверской области"))
    assert (loc.region, loc.source) == ("Тверская область", "issuer")


# -- what must stay no place ----------------------------------------------------------------------

NOT_PLACES = [
    "МУ «ГДМ «Октябрь»",
    "О проведении фестиваля «Мирный атом»",
    "Заречный",  # a common word alone on a line: a town only with «г.»
    "Остров",
    "Директор Г.Чехов",
    "«15» января 2016 г. Мирный",
    "Администрация Советского района",  # such districts are everywhere
    "Комитет по образованию Кировского городского округа",
    "МБОУ «Школа № 3» Заречный",
    "Администрация Липецкого муниципального района",  # named as a subject is: elsewhere too
    "с. Мирный",
]


@pytest.mark.parametrize("line", NOT_PLACES)
def test_common_words_and_generic_names_give_no_region(line: str) -> None:
    loc = _location(_order(line), Header(issuer=line))
    assert loc.region is None
    assert loc.warnings == ["region not found"]


# -- whole orders ----------------------------------------------------------------------------

BODY = (
    "В целях организации работы приказываю утвердить план мероприятий на текущий год и назначить "
    "ответственных за его исполнение в установленные сроки силами подведомственных учреждений."
)
ORDERS: dict[str, tuple[str, str | None, str | None]] = {
    # name: (text, region_code, a word of the warning about the region)
    "district issuer, place line": (
        "АДМИНИСТРАЦИЯ УССУРИЙСКОГО ГОРОДСКОГО ОКРУГА\n\nПОСТАНОВЛЕНИЕ\n\n"
        "12.03.2021                 г. Уссурийск                 № 512\n\n"
        f"Об утверждении плана мероприятий по профилактике безнадзорности\n\n{BODY}\n",
        "RU-PRI",
        None,
    ),
    "town's okrug, place line below the number": (
        "Администрация городского округа Верхняя Пышма\n\nПОСТАНОВЛЕНИЕ\n\nот 15.02.2017 № 43\n\n"
        f"г. Верхняя Пышма\n\nО проведении городского смотра-конкурса\n\n{BODY}\n",
        "RU-SVE",
        None,
    ),
    "school of a town, genitive": (
        "Муниципальное общеобразовательное учреждение\n«Средняя общеобразовательная школа № 11» "
        f"г. Находки\n\nПРИКАЗ\n\n01.09.2020 № 57-од\n\nО создании рабочей группы\n\n{BODY}\n",
        "RU-PRI",
        None,
    ),
    "plan approved by a director, town after the school": (
        "Утверждаю\nДиректор МОУ «СОШ № 11» Находка\nО.Н. Шилова\n«11» октября 2010 г.\n\n"
        "План работы по переходу на стандарты второго поколения\n\nна 2010-2011 учебный год\n\n"
        f"{BODY}\n",
        "RU-PRI",
        None,
    ),
    "ambiguous town": (
        "Управление образования\nадминистрации г. Советска\n\nПРИКАЗ\n\n10.01.2022 № 3\n\n"
        f"Об организации работы по профилактике\n\n{BODY}\n",
        None,
        "ambiguous place «г. Советска»",
    ),
    "ambiguous town, the title names the subject": (
        "Управление образования\nадминистрации г. Советска\n\nПРИКАЗ\n\n10.01.2022 № 3\n\n"
        f"О реализации закона Тульской области о профилактике\n\n{BODY}\n",
        "RU-TUL",
        None,
    ),
    "ambiguous district": (
        "муниципальное учреждение\n«СПОРТИВНАЯ ШКОЛА РЫБИНСКОГО МУНИЦИПАЛЬНОГО РАЙОНА»\n\n"
        f"ПРИКАЗ\n\nот 27.08.2019 года № 01.04/81\n\nОб утверждении плана работы\n\n{BODY}\n",
        None,
        "ambiguous place «РЫБИНСКОГО МУНИЦИПАЛЬНОГО РАЙОНА»",
    ),
    "ambiguous district, the place line decides": (
        "муниципальное учреждение\n«СПОРТИВНАЯ ШКОЛА РЫБИНСКОГО МУНИЦИПАЛЬНОГО РАЙОНА»\n\n"
        "ПРИКАЗ\n\n27.08.2019                 г. Рыбинск                 № 81\n\n"
        f"Об утверждении плана работы\n\n{BODY}\n",
        "RU-YAR",
        None,
    ),
    "no town: a palace named «Октябрь»": (
        "МУ «ГДМ «Октябрь»\n\nПРИКАЗ\n\n15.01.2016 № 4\n\n"
        f"О проведении фестиваля «Мирный атом»\n\n{BODY}\n",
        None,
        "region not found",
    ),
    "town after the institution's quoted name": (
        "МУ «ГДМ «Октябрь» г. Липецк\n\nПРИКАЗ\n\n15.01.2016 № 4\n\n"
        f"О проведении фестиваля\n\n{BODY}\n",
        "RU-LIP",
        None,
    ),
}


@pytest.mark.parametrize(("text", "code", "warning"), ORDERS.values(), ids=list(ORDERS))
def test_orders_end_to_end(text: str, code: str | None, warning: str | None) -> None:
    ex = extract_document(read_bytes(text.encode("utf-8"), source_path="order.txt"))
    assert ex.header.region_code == code
    about_region = [w for w in ex.warnings if "region" in w]
    if warning is None:
        assert about_region == []
    else:
        assert any(warning in w for w in about_region), about_region
