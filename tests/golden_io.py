"""Golden files: the full `prikaz extract` JSON of each seed, reviewed by eye before commit.

Regenerate with `python -m tests.golden_io` after a deliberate change, then read the diff
(`git diff tests/golden`) line by line against the seed text before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from prikaz.pipeline.extract import extract_document
from prikaz.pipeline.readers import read_document
from prikaz.pipeline.writers.rows import extraction_json

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
RAW = ROOT / "data" / "raw"


def seed_json(path: Path) -> dict[str, Any]:
    """The extraction of one seed, with its path relative to the repository."""
    obj = extraction_json(extract_document(read_document(path)))
    obj["source_path"] = path.relative_to(ROOT).as_posix()
    return obj


def golden_path(seed: Path) -> Path:
    return GOLDEN / f"{seed.stem}.json"


def dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for seed in sorted(RAW.glob("*.txt")):
        golden_path(seed).write_text(dump(seed_json(seed)), encoding="utf-8")
        print("wrote", golden_path(seed).relative_to(ROOT))


if __name__ == "__main__":
    main()
