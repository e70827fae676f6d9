"""Test inputs belong to the tests: the seed orders and their goldens live under tests/data/.

`data/raw/` is the user's input folder (`make run` reads it); no test reads it, so a user who
drops an order there changes nothing in `make test`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS_DIR = DATA / "seeds"
SEEDS = sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    assert len(SEEDS) == 5, "tests/data/seeds must hold the five seed orders"
    return SEEDS
