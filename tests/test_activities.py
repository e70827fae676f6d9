"""Activity classifier: the taxonomy's examples, the labelled sample, the record fields."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from prikaz.normalizers.activities import (
    CUE_GAP,
    CUE_RULES,
    OTHER,
    analyze,
    category_codes,
    classify_activity,
    classify_items,
    lemma_line,
    parse_cue,
    taxonomy,
)
from prikaz.pipeline.writers.schemas import ROADMAP_ITEMS
from prikaz.records import RoadmapItem
from prikaz.rules import examples_of

SAMPLE = Path(__file__).parent / "data" / "activities_labelled.tsv"


def load_sample() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize(("rule", "example", "code"), examples_of(CUE_RULES))
def test_taxonomy_examples(rule: str, example: str, code: str) -> None:
    assert classify_activity(example).category == code == rule


def test_every_example_of_the_taxonomy_is_on_a_rule() -> None:
    on_rules = [(code, phrase) for _rule, phrase, code in examples_of(CUE_RULES)]
    assert on_rules == [(c.code, e) for c in taxonomy() for e in c.examples]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Назначение куратора", True),
        ("Назначение муниципального куратора", True),
        ("Назначение в каждой школе куратора", True),  # three words between
        ("Назначение в каждой школе одного куратора", False),  # four
        ("Куратор назначение", False),  # order matters
    ],
)
def test_cue_rules_keep_order_within_the_gap(text: str, found: bool) -> None:
    cue = parse_cue("назначение куратор", 1)
    assert (cue.rule.search(lemma_line(analyze(text))) is not None) is found
    assert CUE_GAP == 4


def test_every_category_but_other_has_cues_and_examples() -> None:
    for category in taxonomy():
        if category.code != OTHER:
            assert category.cues and category.examples, category.code
    assert category_codes()[-1] == OTHER


def test_schema_documents_the_category_codes() -> None:
    doc = ROADMAP_ITEMS.field("activity_category").metadata[b"doc"].decode()
    listed = doc.split(":", 1)[1].replace(")", " ").split("|")
    assert [c.strip().split()[-1] for c in listed] == list(category_codes())


def test_labelled_sample() -> None:
    rows = load_sample()
    assert len(rows) >= 100
    assert {r["category"] for r in rows} <= set(category_codes())
    assert {r["split"] for r in rows} == {"dev", "holdout"}
    correct = sum(classify_activity(r["activity"]).category == r["category"] for r in rows)
    # A floor against regressions; the exact figure is printed by benchmarks/bench_activities.py.
    assert correct / len(rows) >= 0.9


def test_unrelated_text_is_other() -> None:
    assert classify_activity("Ремонт кровли спортивного зала").category == OTHER


def test_lemmas_are_content_words_in_order() -> None:
    result = classify_activity("Обучение наставников и кураторов в 2022 году")
    assert result.lemmas == ("обучение", "наставник", "куратор", "год")
    assert result.category == "mentor_training"


def test_classify_items_fills_the_fields() -> None:
    base = dict(
        table_index=0,
        section=None,
        section_path=(),
        item_number="1.",
        item_key="1.",
        deadline_raw=None,
        responsible_raw=None,
        result_raw=None,
        page_start=1,
        page_end=1,
        span_start=0,
        span_end=10,
    )
    items = [
        RoadmapItem(row_index=0, activity="Формирование наставнических пар/групп", **base),
        RoadmapItem(row_index=1, activity=None, **base),
    ]
    first, second = classify_items(items)
    assert first.activity_category == "pairs"
    assert first.activity_lemmas[:2] == ("формирование", "наставнический")
    assert second.activity_category is None and second.activity_lemmas == ()
