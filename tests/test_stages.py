"""The named stages of `extract_document` and their one error policy."""

from __future__ import annotations

import dataclasses

import pytest

from prikaz.model import Document
from prikaz.pipeline.extract import STAGES, Added, Stage, check_stages, extract_document
from prikaz.pipeline.readers import read_document
from prikaz.records import Extraction
from tests.conftest import SEEDS


def _boom(doc: Document, ex: Extraction) -> Added:
    raise RuntimeError("boom")


def _replaced(name: str, run) -> tuple[Stage, ...]:
    return tuple(dataclasses.replace(s, run=run) if s.name == name else s for s in STAGES)


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    return read_document(SEEDS[0])


@pytest.mark.parametrize("failing", [s.name for s in STAGES])
def test_a_failing_stage_becomes_a_warning_and_the_others_still_run(seed_doc, failing) -> None:
    normal = extract_document(seed_doc)
    broken = extract_document(seed_doc, _replaced(failing, _boom))
    assert f"stage {failing}: RuntimeError: boom" in broken.warnings
    assert broken.stage_errors == [failing]
    assert normal.stage_errors == []
    # Stages that do not depend on the failing one give exactly what they give normally.
    failed_fields = {a for s in STAGES if s.name == failing for a in s.assigns}
    independent = [
        s for s in STAGES if s.name != failing and not failed_fields & set(s.requires) and s.assigns
    ]
    assert independent, "every stage has at least one stage independent of it"
    for stage in independent:
        for name in stage.assigns:
            if name in failed_fields:
                continue
            assert getattr(broken, name) == getattr(normal, name), (failing, stage.name, name)


def test_the_failing_stage_leaves_its_fields_empty(seed_doc) -> None:
    broken = extract_document(seed_doc, _replaced("roadmap", _boom))
    assert broken.roadmap_items == []
    assert broken.deadlines == []  # nothing to parse, not an error of its own
    assert broken.stage_errors == ["roadmap"]
    assert broken.header.number == extract_document(seed_doc).header.number


def test_a_stage_setting_an_undeclared_field_is_a_programming_error(seed_doc) -> None:
    def sneaky(doc: Document, ex: Extraction) -> Added:
        return Added({"references": []})

    with pytest.raises(RuntimeError, match="undeclared"):
        extract_document(seed_doc, _replaced("abbreviations", sneaky))


def test_requirements_must_be_assigned_earlier() -> None:
    check_stages(STAGES)
    late = Stage("late", ("indicators",), ("header",), _boom)
    with pytest.raises(ValueError, match="requires"):
        check_stages((late, *STAGES))
    with pytest.raises(ValueError, match="twice"):
        check_stages((*STAGES, STAGES[0]))


def test_the_stage_list() -> None:
    # The README's «Design» section lists these names in this order.
    assert [s.name for s in STAGES] == [
        "header",
        "roadmap",
        "activities",
        "references",
        "deadlines",
        "location",
        "abbreviations",
        "responsibles",
        "indicators",
    ]
