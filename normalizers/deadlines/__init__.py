"""Deadline cells of roadmaps («Сроки») into dated components and RFC 5545 recurrence rules.

`parse_deadline(text, doc_date=..., period=...)` is a pure function. It works
in three layers:

1. Normalization keeps offsets: one character in, one character out (lower case, one dash kind,
   Latin look-alikes and OCR confusions such as «2О2l» repaired), so every span found in the
   normalized string is also the span in the input.
2. A table of rules (`RULES`): each rule is a regex plus a converter into a token (a time, a
   frequency, a phrase, a marker such as «до» or «далее»), and carries the phrases it must
   handle with their expected components (`describe` notation); the tests loop over them.
   All rules are joined into one precompiled scanner.
3. A small grammar over the tokens: ranges («апрель-май 2022», «с … по …»), markers applied to
   times («до», «не позднее», «в течение»), anchors and frequencies («20 декабря 2023 ежегодно»,
   «Май 2021 г., далее – ежегодно до …»), and context (a year-less date takes the document's
   year; «ежегодно» and «в течение всего периода» are bounded by the programme period, and stay
   open without it).

dateparser is only a last resort: for a short phrase in which the rules read nothing but bare
years and that names a month in Latin script («10 January 2022»), with settings that require day,
month and year, and its answer is kept only when that year and day are written in the phrase, so
it never invents a missing part nor counts from today («через 10 дней»). On the test table every
Russian form it could read, the rules read already.

Modules, in the order a phrase goes through them: `scanner` (normalization and tokens, over
the table in `rules`, whose patterns use the vocabulary of `lexicon` and whose tokens
`converters` make), `context` (years from the document's date and period), `grammar` (ranges
and markers into items), `build` and `recurrence` (items into components and RRULEs), `series`
(yearly series of dates), `fallback` (dateparser), `formatting` (`describe`, JSON); `api` runs
them.
"""

from __future__ import annotations

from prikaz.rules import Rule

from .api import academic_year_in, parse, parse_deadline
from .coverage import FILLER
from .formatting import component_to_dict, describe
from .rules import RULES
from .series import SERIES_EXAMPLES
from .tokens import Period

__all__ = [
    "FILLER",
    "RULES",
    "SERIES_EXAMPLES",
    "Period",
    "Rule",
    "academic_year_in",
    "component_to_dict",
    "describe",
    "parse",
    "parse_deadline",
]

_parse = parse  # the tests call the parser with positional context under this name
