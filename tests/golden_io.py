"""Golden files: the full `prikaz extract` JSON of each seed, reviewed by eye before commit.

After a deliberate change, regenerate them with

    PRIKAZ_GOLDEN=update .venv/bin/python -m pytest tests/test_golden.py

(the tests then write the goldens and report themselves as skipped), and read the diff
(`git diff tests/data/golden`) line by line against the seed text before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from prikaz.pipeline.extract import extract_document
from prikaz.pipeline.readers import read_document
from prikaz.pipeline.writers.rows import extraction_json
from tests.conftest import ROOT, SEEDS

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"


def updating() -> bool:
    return os.environ.get("PRIKAZ_GOLDEN") == "update"


def seed_json(path: Path) -> dict[str, Any]:
    """The extraction of one seed, with its path relative to the repository."""
    obj = extraction_json(extract_document(read_document(path)))
    obj["source_path"] = path.relative_to(ROOT).as_posix()
    return obj


def golden_path(seed: Path) -> Path:
    return GOLDEN / f"{seed.stem}.json"


def dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write_golden(seed: Path) -> Path:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    path = golden_path(seed)
    path.write_text(dump(seed_json(seed)), encoding="utf-8")
    return path


def main() -> None:
    for seed in SEEDS:
        print("wrote", write_golden(seed).relative_to(ROOT))


if __name__ == "__main__":
    main()
