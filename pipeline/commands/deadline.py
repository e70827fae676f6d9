"""`prikaz deadline "текст"` / `prikaz deadline --file PHRASES.txt`: deadline components as JSON.

One phrase prints one JSON list; `--file` prints one JSON list per input line, in order, so a few
thousand phrases cost one process start. `--doc-date` and `--period` are the context the
normalizer takes (year-less dates, «ежегодно», «в течение всего периода»); `--academic-year`
the school year a school's plan is for («сентябрь-май»).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys

_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–—/]\s*(\d{4})\s*$")


def _doc_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from exc


def _period(value: str) -> tuple[int, int]:
    m = _PERIOD.match(value)
    if m is None or int(m[1]) > int(m[2]):
        raise argparse.ArgumentTypeError(f"not a period like 2021-2024: {value!r}")
    return int(m[1]), int(m[2])


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("deadline", help="normalize a deadline phrase into JSON components")
    p.add_argument("text", nargs="?", help="one deadline phrase («до 20.02.2023»)")
    p.add_argument("--file", metavar="PATH", help="one phrase a line; prints one JSON list a line")
    p.add_argument("--doc-date", type=_doc_date, metavar="YYYY-MM-DD", help="document date")
    p.add_argument("--period", type=_period, metavar="YYYY-YYYY", help="programme period")
    p.add_argument(
        "--academic-year",
        type=int,
        metavar="YYYY",
        help="first year of the school year the document is for («сентябрь-май»)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # lazy: `prikaz` imports every command module to build its parser; only this one needs it
    from prikaz.normalizers.deadlines import component_to_dict, parse_deadline

    if (args.text is None) == (args.file is None):
        print("prikaz deadline: give either a phrase or --file PATH", file=sys.stderr)
        return 2

    def line(phrase: str) -> str:
        comps = parse_deadline(
            phrase, doc_date=args.doc_date, period=args.period, academic_year=args.academic_year
        )
        return json.dumps([component_to_dict(c) for c in comps], ensure_ascii=False)

    if args.text is not None:
        sys.stdout.write(line(args.text) + "\n")
        return 0
    try:
        with open(args.file, encoding="utf-8-sig") as fh:
            out = sys.stdout
            for raw in fh:
                out.write(line(raw.rstrip("\r\n")) + "\n")
    except OSError as exc:
        print(f"prikaz deadline: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
