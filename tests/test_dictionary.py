"""docs/schema.md is generated from the Arrow schemas and must agree with them."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from prikaz.pipeline.writers import dictionary
from prikaz.pipeline.writers.schemas import TABLES

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
REGENERATE = "python -m prikaz.pipeline.writers.dictionary > docs/schema.md"


def test_schema_md_matches_the_code() -> None:
    assert DOC.read_text(encoding="utf-8") == dictionary.render(), f"stale: run `{REGENERATE}`"


def test_every_table_and_column_is_documented() -> None:
    assert set(dictionary.TABLE_ROWS) == set(TABLES)
    text = dictionary.render()
    for name, schema in TABLES.items():
        assert f"\n## {name}\n" in text
        for field in schema:
            assert (field.metadata or {}).get(b"doc"), f"{name}.{field.name} has no doc"
            assert f"| `{field.name}` | `{dictionary.type_name(field.type)}` |" in text


def test_check_fails_on_a_stale_document(tmp_path: Path) -> None:
    stale = tmp_path / "schema.md"
    stale.write_text(dictionary.render({"documents": TABLES["documents"]}), encoding="utf-8")
    assert dictionary.main(["--check", str(stale)]) == 1
    stale.write_text(dictionary.render(), encoding="utf-8")
    assert dictionary.main(["--check", str(stale)]) == 0


def test_type_names() -> None:
    assert dictionary.type_name(pa.list_(pa.string())) == "list<string>"
    assert dictionary.type_name(pa.date32()) == "date32"
    assert dictionary.type_name(pa.timestamp("us", tz="UTC")) == "timestamp[us, UTC]"


def test_pipes_in_meanings_are_escaped() -> None:
    schema = pa.schema([pa.field("kind", pa.string(), metadata={"doc": "a | b", "example": ""})])
    assert "| `kind` | `string` | a \\| b | — |" in dictionary.render({"documents": schema})
