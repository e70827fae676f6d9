"""The batch run writes who-and-where tables that join to roadmap_items and documents by key."""

from __future__ import annotations

import pandas as pd
import pytest

from prikaz.pipeline.run import run_batch
from tests.conftest import SEEDS_DIR


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("parquet")
    summary = run_batch(SEEDS_DIR, out)
    assert summary.failed == 0
    return out


def read(store, table: str) -> pd.DataFrame:
    return pd.read_parquet(store / table)


def test_responsibles_join_roadmap_items_and_documents(store) -> None:
    resp = read(store, "responsibles")
    items = read(store, "roadmap_items")
    docs = read(store, "documents")
    joined = resp.merge(items, on=["doc_id", "row_index"], how="left", validate="many_to_one")
    assert joined["responsible_raw"].notna().all()  # every party has its roadmap row
    for raw, cell, start, end in zip(
        joined["raw"],
        joined["responsible_raw"],
        joined["raw_start"],
        joined["raw_end"],
        strict=True,
    ):
        assert cell[start:end] == raw
    joined = joined.merge(docs, on="doc_id", how="left", validate="many_to_one")
    assert joined["region_code"].notna().all()
    per_doc = joined.groupby("region_code").size().to_dict()
    assert per_doc == {"RU-TAM": 21, "RU-NIZ": 24, "RU-BU": 24, "RU-TOM": 83}
    assert set(resp["entity_type"]) == {"ORG", "PER", "POSITION", "GROUP"}
    assert not resp.duplicated(["doc_id", "row_index", "responsible_index"]).any()


def test_documents_carry_where(store) -> None:
    docs = read(store, "documents").sort_values("source_path")
    docs = docs.astype(object).where(docs.notna(), None)
    got = list(zip(docs["region_code"], docs["municipality"], docs["issuer_level"], strict=True))
    assert got == [
        ("RU-TAM", "Умётский район", "municipal"),
        ("RU-NIZ", "Тоншаевский муниципальный округ", "municipal"),
        ("RU-BRY", "город Клинцы", "municipal"),
        ("RU-BU", "Муйский район", "municipal"),
        ("RU-TOM", None, "organization"),
    ]


def test_assignments_join_deadlines_and_responsibles(store) -> None:
    asg = read(store, "assignments")
    dl = read(store, "deadlines")
    resp = read(store, "responsibles")
    joined = asg.merge(
        dl,
        left_on=["doc_id", "row_index", "deadline_component_index"],
        right_on=["doc_id", "row_index", "component_index"],
        how="left",
        validate="many_to_one",
    ).merge(
        resp, on=["doc_id", "row_index", "responsible_index"], how="left", validate="many_to_one"
    )
    assert len(joined) == 46
    assert joined["kind"].notna().all() and joined["raw"].notna().all()


def test_indicators_and_abbreviations_written(store) -> None:
    ind = read(store, "indicators")
    # 18 from seed 002's KPI table, 5 targets in seed 000 row 12, and seed 003 rows 5 and 6
    # each count 11 things by year («2021 год – 1 школа, 1 ДОУ 2022 год – …»)
    assert len(ind) == 23 + 22
    assert ind["unit"].value_counts().to_dict() == {"%": 23, "единиц": 22}
    abbr = read(store, "abbreviations")
    assert len(abbr) == 13
    docs = read(store, "documents")
    assert set(abbr["doc_id"]) <= set(docs["doc_id"])
