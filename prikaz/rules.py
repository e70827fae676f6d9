"""One shape for every rule set: a compiled pattern with the phrases it must handle beside it.

Deadlines, header fields, roadmap column names and activity categories are all written as
tables of `Rule`s (yargy/natasha style): the pattern is compiled once at import, and its
`examples` are the test table — `tests/test_rules.py` runs every rule's examples through the
function that applies the rule set, so a rule without examples, or an example that no longer
gives its expected value, fails the build.

`examples` maps a phrase to what the rule set makes of it (a window, a field value, a column
role — whatever the rule set's apply function returns); `counter` lists phrases the pattern
must not match at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_FLAGS = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    examples: Mapping[str, Any] = field(default_factory=dict)
    counter: tuple[str, ...] = ()
    note: str = ""

    @classmethod
    def of(
        cls,
        name: str,
        pattern: str,
        examples: Mapping[str, Any] | None = None,
        *,
        counter: Iterable[str] = (),
        flags: int = DEFAULT_FLAGS,
        note: str = "",
    ) -> Rule:
        return cls(name, re.compile(pattern, flags), dict(examples or {}), tuple(counter), note)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.search(text, pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.match(text, pos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.pattern.fullmatch(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text)


def examples_of(rules: Iterable[Rule]) -> list[tuple[str, str, Any]]:
    """(rule name, phrase, expected) for every example of a rule set: a parametrised test."""
    return [(r.name, phrase, want) for r in rules for phrase, want in r.examples.items()]


def counter_examples_of(rules: Iterable[Rule]) -> list[tuple[str, str]]:
    return [(r.name, phrase) for r in rules for phrase in r.counter]
