from __future__ import annotations

import pytest

from prikaz.extractors.header import extract_header
from prikaz.extractors.location import extract_location
from prikaz.normalizers import regions
from prikaz.pipeline.readers.txt import read_txt
from prikaz.records import Header
from tests.conftest import SEEDS


def test_file_lists_all_89_subjects_once() -> None:
    subjects = regions.subjects()
    assert len(subjects) == 89
    assert len({s.name for s in subjects}) == 89
    codes = [s.iso for s in subjects if s.iso]
    assert len(codes) == len(set(codes)) == 83
    assert all(c.startswith("RU-") for c in codes)


@pytest.mark.parametrize(("text", "expected"), regions.SUBJECT_EXAMPLES.items())
def test_subject_examples(text: str, expected: str) -> None:
    found = regions.find_subjects(text)
    assert found and found[0].subject.name == expected


@pytest.mark.parametrize(("place", "expected"), regions.PLACE_EXAMPLES.items())
def test_place_examples(place: str, expected: str | None) -> None:
    subject = regions.subject_of_place(place)
    assert (subject.name if subject else None) == expected


@pytest.mark.parametrize(("text", "expected"), regions.MUNICIPALITY_EXAMPLES.items())
def test_municipality_examples(text: str, expected: str | None) -> None:
    found = regions.find_municipality(text)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(("issuer", "expected"), regions.ISSUER_LEVEL_EXAMPLES.items())
def test_issuer_level_examples(issuer: str, expected: str | None) -> None:
    assert regions.issuer_level(issuer) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("школьники города Томска и области", "Томская область"),
        ("в городе Нижнем Новгороде", "Нижегородская область"),
        ("г. Тамбов, ул. Советская", "Тамбовская область"),
    ],
)
def test_cities_named_as_cities(text: str, expected: str) -> None:
    found = regions.find_city_subjects(text)
    assert found and found[0].subject.name == expected


def test_first_name_is_not_a_city() -> None:
    assert regions.find_city_subjects("Владимир Иванович Петров") == []
    assert regions.find_subjects("Томский государственный университет") == []


def test_tie_is_reported() -> None:
    subject, tie = regions.most_named_subject("Томской области и Брянской области")
    assert subject is not None and tie


SEED_EXPECTED = {
    "000": ("Тамбовская область", "RU-TAM", "Умётский район", "municipal"),
    "001": ("Нижегородская область", "RU-NIZ", "Тоншаевский муниципальный округ", "municipal"),
    "002": ("Брянская область", "RU-BRY", "город Клинцы", "municipal"),
    "003": ("Республика Бурятия", "RU-BU", "Муйский район", "municipal"),
    "004": ("Томская область", "RU-TOM", None, "organization"),
}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_location(seed) -> None:
    doc = read_txt(seed)
    loc = extract_location(doc, extract_header(doc))
    got = (loc.region, loc.region_code, loc.municipality, loc.issuer_level)
    assert got == SEED_EXPECTED[seed.name[:3]]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_region_without_header(seed) -> None:
    """The header block alone is enough: the region does not hang on the issuer."""
    doc = read_txt(seed)
    loc = extract_location(doc, Header())
    assert loc.region_code == SEED_EXPECTED[seed.name[:3]][1]
    span = next(s for s in loc.spans if s.field == "region")
    assert regions.find_subjects(doc.text[span.start : span.end])


def test_place_line_alone_gives_the_region() -> None:
    from prikaz.pipeline.readers.txt import document_from_text

    doc = document_from_text(
        "ПРИКАЗ\n\n12.03.2021\n\nТомск\n\nО наставничестве\n", source_path="t.txt", doc_id="t"
    )
    loc = extract_location(doc, Header(place="Томск"))
    assert (loc.region, loc.source) == ("Томская область", "place")


def test_ner_fallback_reads_places() -> None:
    from prikaz.extractors.location import ner_subject

    subject = ner_subject("Совещание прошло в Улан-Удэ при участии педагогов.")
    assert subject is not None and subject.name == "Республика Бурятия"


def test_every_subject_is_found_by_its_names_and_genitive() -> None:
    for s in regions.subjects():
        for form in (s.name, s.genitive):
            found = regions.find_subjects(form)
            assert found and found[0].subject == s, form
