"""The period a plan or programme covers, read from its title: «на 2023 - 2024 гг.»."""

from __future__ import annotations

from prikaz.rules import Rule

# Examples: a title → (start year, end year) of the period it names, or None.
PERIOD = Rule.of(
    "period",
    r"(?:\bна\s+|\(\s*)(?P<a>(?:19|20)\d\d)\s*[-–—]\s*(?P<b>(?:19|20)\d\d)\s*"
    r"(?:гг\.?|годы|годов|год|г\.г\.)?",
    {
        "План мероприятий на 2023 - 2024 гг.": (2023, 2024),
        "развития наставничества (2021 - 2024 годы)": (2021, 2024),
        "программа «Развитие … на 2020-2024 гг.»": (2020, 2024),
        "медаль в честь Победы 1941 - 1945 гг.": None,
        "план на 2024 - 2020 гг.": None,
    },
)
MAX_PERIOD_YEARS = 30


def find_period(text: str) -> tuple[int, int, int, int] | None:
    """(start year, end year, match start, match end) of a programme period in a title."""
    for m in PERIOD.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a <= b <= a + MAX_PERIOD_YEARS:
            return a, b, m.start("a"), m.end("b")
    return None


RULES = (PERIOD,)
