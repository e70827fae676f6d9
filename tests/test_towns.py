"""Towns and districts: the gazetteer `normalizers/data/towns.tsv`, the script that makes it, and
the tables of the rules that read towns and districts in a text."""

from __future__ import annotations

import csv
import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

from prikaz.normalizers import regions
from prikaz.rules import counter_examples_of, examples_of
from tests.conftest import ROOT

TOWNS_TSV = ROOT / "normalizers" / "data" / "towns.tsv"
# The dataset is not in the repository (CI cannot download it): set PRIKAZ_CITY_CSV to a copy
# of hflabs/city's city.csv to check that tools/make_towns.py still makes the committed file.
CITY_CSV = os.environ.get("PRIKAZ_CITY_CSV")


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


@pytest.mark.skipif(not CITY_CSV, reason="PRIKAZ_CITY_CSV (a copy of hflabs/city city.csv) not set")
def test_tool_makes_the_committed_file() -> None:
    made = _tool().make_rows(Path(str(CITY_CSV)))
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
