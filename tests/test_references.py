"""Cited acts: the example table, lists, own number excluded, wrapped lines, spans."""

from __future__ import annotations

import datetime as dt

import pytest

from prikaz.extractors import references
from prikaz.extractors.header import extract_header
from prikaz.extractors.references import REFERENCE_EXAMPLES, extract_references
from prikaz.pipeline.readers.txt import document_from_text


def _refs(text: str):
    doc = document_from_text(text, source_path="t.txt", doc_id="t")
    return doc, extract_references(doc)


def _tuple(r):
    return (r.ref_type, r.issuer, r.date.isoformat() if r.date else None, r.number, r.title)


@pytest.mark.parametrize(("text", "expected"), REFERENCE_EXAMPLES.items())
def test_reference_examples(text, expected):
    _, refs = _refs(text)
    assert [_tuple(r) for r in refs] == [expected]


def test_own_number_line_is_not_a_reference():
    _, refs = _refs(
        "ПРИКАЗ\n\nот 10.02.2021 № 15\n\nО плане\n\n"
        "На основании приказа министерства образования Пермского края от 01.02.2021 № 7:\n"
        "1. Утвердить план.\n\nПРИЛОЖЕНИЕ\nУТВЕРЖДЕН\nприказом отдела\nот 10.02.2021 № 15\n"
    )
    assert [(r.number, r.date) for r in refs] == [("7", dt.date(2021, 2, 1))]
    assert refs[0].issuer == "Министерство образования Пермского края"


def test_amendment_list_shares_type_and_issuer():
    _, refs = _refs("(в ред. Указов Президента РФ от 06.04.1994 N 667,\nот 22.07.1998 N 866)\n")
    assert [(r.ref_type, r.number) for r in refs] == [("указ", "667"), ("указ", "866")]
    assert {r.issuer for r in refs} == {"Президент Российской Федерации"}


def test_citation_wrapped_over_lines_keeps_its_title():
    doc, refs = _refs(
        "     1. Внести  в  распоряжение  Президента Российской Федерации от\n"
        '17 марта 2001 г.  N 133-рп "О Совете по  взаимодействию\nс объединениями" изменения.\n'
    )
    (ref,) = refs
    assert (ref.ref_type, ref.number, ref.date) == ("распоряжение", "133-рп", dt.date(2001, 3, 17))
    assert ref.title == "О Совете по взаимодействию с объединениями"
    assert doc.text[ref.span_start : ref.span_end].startswith("распоряжение")
    assert ref.raw.endswith('объединениями"')


def test_repeated_citation_counted_once():
    _, refs = _refs(
        "Согласно приказу управления культуры от 03.03.2020 № 12 «О конкурсе».\n\n"
        "Мероприятие\tприказ управления культуры от 03.03.2020 № 12\n"
        "Итоги\tпо приказу\n"
    )
    assert len(refs) == 1
    assert refs[0].title == "О конкурсе"


def test_number_missing_after_sign_keeps_date_and_title():
    _, refs = _refs("во исполнение приказа комитета от 05.05.2020 года № «О смотре»\n")
    (ref,) = refs
    assert (ref.number, ref.date, ref.title) == (None, dt.date(2020, 5, 5), "О смотре")


def test_no_reference_without_type_word():
    _, refs = _refs(
        "Зарегистрировано в Минюсте России 3 мая 2019 г. N 12345\nСрок: от 01.02.2020\n"
    )
    assert refs == []


@pytest.mark.parametrize(
    "text", ["", "от", "от 99.99.9999 N", "«««", 'приказом "от 01.01.2020 N 1']
)
def test_reference_walk_never_raises_on_odd_text(text):
    """The walk itself, not its safety net: a raise inside fails this test."""
    doc = document_from_text(text, source_path="t.txt", doc_id="t")
    assert isinstance(references._extract(doc, extract_header(doc)), list)


def test_unclosed_quote_still_gives_the_reference():
    _, refs = _refs('приказом "от 01.01.2020 N 1')
    assert [(r.date, r.number) for r in refs] == [(dt.date(2020, 1, 1), "1")]
