"""Pieces every act citation is made of: type words, dates, numbers, quoted titles.

Shared by the header extractor (the act's own type/date/number) and the references extractor
(acts the text cites). Each pattern sits next to the phrases it must handle; the tests loop
over these tables.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_MONTH_WORD = (
    r"(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?"
    r"|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])"
)

# One date in any of the forms orders use. Named groups: d, m (number) or mon (word), y.
DATE_RE = re.compile(
    r"(?<![\d.])"
    r"(?:"
    r"[«\"“„]?\s*(?P<d1>\d{1,2})\s*[»\"”]?\s*\.?\s*(?P<mon>" + _MONTH_WORD + r")\s+(?P<y1>\d{4})"
    r"|[«\"“„]\s*(?P<d2>\d{1,2})\s*[»\"”]\s*\.?\s*(?P<m2>\d{1,2})\s*[.\s]\s*(?P<y2>\d{4})"
    r"|(?P<d3>\d{1,2})\s?\.\s?(?P<m3>\d{1,2})\s?(?:\.\s?|\s)(?P<y3>\d{4}|\d{2}(?!\d))"
    r")"
    r"(?:\s*(?:г\.|года|год|г(?![а-яё])))?",
    re.IGNORECASE,
)
DATE_EXAMPLES: dict[str, dt.date] = {
    "28.10.2020": dt.date(2020, 10, 28),
    "«23» 11 2020 г.": dt.date(2020, 11, 23),
    "16.04 2021г.": dt.date(2021, 4, 16),
    "от 29.12.2021": dt.date(2021, 12, 29),
    "29 июля 2002 года": dt.date(2002, 7, 29),
    "«5» марта 2019 г.": dt.date(2019, 3, 5),
    "3 июля 2009 г.": dt.date(2009, 7, 3),
    "30.04.97": dt.date(1997, 4, 30),
    "1 мая 2015 года": dt.date(2015, 5, 1),
}


def date_from_match(m: re.Match[str]) -> dt.date | None:
    """The date a DATE_RE match stands for, or None when the digits are not a real date."""
    try:
        if m.group("mon"):
            word = m.group("mon").lower()
            month = next(v for k, v in MONTHS.items() if word.startswith(k))
            return dt.date(int(m.group("y1")), month, int(m.group("d1")))
        if m.group("m2"):
            return dt.date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        year = int(m.group("y3"))
        if len(m.group("y3")) == 2:
            year += 2000 if year <= 40 else 1900
        return dt.date(year, int(m.group("m3")), int(m.group("d3")))
    except (ValueError, StopIteration):
        return None


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first real date in `text` with its (start, end) offsets."""
    for m in DATE_RE.finditer(text):
        d = date_from_match(m)
        if d is not None and 1900 <= d.year <= 2100:
            return d, m.start(), m.end()
    return None


# An act number after N/№: digits and letters joined by - / . ; «2435-5 ГД» keeps its suffix.
_NUM_CORE = r"[0-9A-Za-zА-Яа-яЁё]+(?:\s?[-–/.]\s?[0-9A-Za-zА-Яа-яЁё]+)*"
NUMBER_RE = re.compile(
    r"(?:№|N(?![A-Za-z])|No\.?)\s*(?:№\s*|N\s+)?"
    r"(?P<num>(?:[А-ЯЁA-Z]{1,3}\s[-–]\s)?" + _NUM_CORE + r"(?:\s(?:ГД|СФ)\b)?)"
)
NUMBER_EXAMPLES: dict[str, str] = {
    "№388-р": "388-р",
    "№ 47-од": "47-од",
    "№ 331/1": "331/1",
    "N 116/пр": "116/пр",
    "N 2435-5 ГД": "2435-5 ГД",
    "N 19-1-14/2813": "19-1-14/2813",
    "№ Р – 1450": "Р-1450",
    "N 2/к-7-жд": "2/к-7-жд",
    "N 50-ФЗ": "50-ФЗ",
    "№ 158": "158",
}


def clean_number(raw: str) -> str:
    """A number as written, without spaces around its dashes and trailing dots."""
    num = re.sub(r"\s*[-–]\s*", "-", raw.strip())
    num = re.sub(r"\s*/\s*", "/", num)
    return num.rstrip(".")


def find_number(text: str) -> tuple[str, int, int] | None:
    """The first act number in `text` (after N/№) with the offsets of the number itself."""
    for m in NUMBER_RE.finditer(text):
        num = clean_number(m.group("num"))
        if num and any(ch.isdigit() for ch in num):
            return num, m.start("num"), m.start("num") + len(m.group("num").rstrip("."))
    return None


@dataclass(frozen=True, slots=True)
class ActType:
    """A type word: its nominative (the value we report) and a regex for all its forms."""

    name: str
    pattern: str


# Longest first: «федеральный конституционный закон» before «федеральный закон» before «закон».
ACT_TYPES: tuple[ActType, ...] = (
    ActType(
        "федеральный конституционный закон",
        r"федеральн(?:ый|ого|ому|ым|ом|ые|ых|ыми)\s+конституционн\w*\s+закон\w*",
    ),
    ActType("федеральный закон", r"федеральн(?:ый|ого|ому|ым|ом|ые|ых|ыми)\s+закон\w*"),
    ActType("инструктивное письмо", r"инструктивн\w+\s+письм\w*"),
    ActType("приказ", r"приказ(?:а|у|ом|е|ы|ов|ами|ам|ах)?"),
    ActType("распоряжение", r"распоряжени(?:е|я|ю|ем|и|й|ям|ями|ях)"),
    ActType("постановление", r"постановлени(?:е|я|ю|ем|и|й|ям|ями|ях)"),
    ActType("указ", r"указ(?:а|у|ом|е|ы|ов|ами|ам|ах)?"),
    ActType("закон", r"закон(?:а|у|ом|е|ы|ов|ами|ам|ах)?"),
    ActType("решение", r"решени(?:е|я|ю|ем|и|й|ям|ями|ях)"),
    ActType("инструкция", r"инструкци(?:я|и|ю|ей|й|ям|ями|ях)"),
    ActType("письмо", r"письм(?:о|а|у|ом|е|ам|ами|ах)"),
    ActType("определение", r"определени(?:е|я|ю|ем|и|й)"),
    ActType("кодекс", r"кодекс(?:а|у|ом|е|ы|ов)?"),
)
ACT_TYPE_RE = re.compile(
    r"(?<![А-Яа-яЁё])(?:"
    + "|".join(f"(?P<t{i}>{t.pattern})" for i, t in enumerate(ACT_TYPES))
    + r")(?![А-Яа-яЁё])",
    re.IGNORECASE,
)
ACT_TYPE_EXAMPLES: dict[str, str] = {
    "приказом": "приказ",
    "Распоряжение": "распоряжение",
    "постановлением": "постановление",
    "Указа": "указ",
    "Федеральным законом": "федеральный закон",
    "Федерального конституционного закона": "федеральный конституционный закон",
    "Закона": "закон",
    "решением": "решение",
    "Инструктивное письмо": "инструктивное письмо",
}


def act_type_of(m: re.Match[str]) -> str:
    """The nominative type word an ACT_TYPE_RE match stands for."""
    for i, t in enumerate(ACT_TYPES):
        if m.group(f"t{i}"):
            return t.name
    return m.group(0).lower()


_OPEN_QUOTES = "«“„"
_CLOSE_QUOTES = "»”"


def quoted_at(text: str, pos: int) -> tuple[str, int] | None:
    """The quoted text starting at `pos` (a quote mark), balanced, and the offset after it.

    «» nest by kind; a straight quote opens when it stands after a space or bracket and before
    a letter, and closes otherwise. When the writer forgot a closing mark («Об утверждении
    программы «Развитие … гг.» в целях…»), the quote ends at the last closing mark before the
    paragraph ends.
    """
    if pos >= len(text) or text[pos] not in _OPEN_QUOTES + '"':
        return None
    depth = 0
    last_close: int | None = None
    for i in range(pos, min(len(text), pos + 2000)):
        ch = text[i]
        if ch == "\n" and text[i + 1 : i + 2] == "\n":
            break
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES:
            depth -= 1
            last_close = i
        elif ch == '"':
            before = text[i - 1] if i > pos else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            opening = i == pos or (
                (before.isspace() or before in '(«"') and (after.isalnum() or after in "«")
            )
            depth += 1 if opening else -1
            if not opening:
                last_close = i
        if depth == 0:
            return text[pos + 1 : i], i + 1
    if last_close is not None:
        return text[pos + 1 : last_close], last_close + 1
    return None
