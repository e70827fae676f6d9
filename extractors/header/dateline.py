"""Date, number and place lines of a header: «от 12.03.2021 № 45», «р.п. Умёт», «Москва, Кремль»."""

from __future__ import annotations

import re

from prikaz.extractors.actparts import find_date, find_number
from prikaz.morphology import morph
from prikaz.rules import Rule

from .lines import Line, State

# Settlement prefixes of a place line: «р.п. Умёт», «п.Таксимо», «г. Томск», «с. Ивановка».
# Examples: the line → the place `match_place` reads from it.
PLACE = Rule.of(
    "place",
    r"^(?:г\.|гор\.|город|р\.\s?п\.|рп\.?|пгт\.?|п\.\s?г\.\s?т\.|пос\.|п\.|с\.|д\.|ст\.|ст-ца|"
    r"х\.|аул|село|поселок|посёлок|деревня|станица)\s?[А-ЯЁ][А-ЯЁа-яё-]+(?:\s[А-ЯЁ][а-яё-]+)?$",
    {
        "р.п. Умёт": "р.п. Умёт",
        "п.Таксимо": "п.Таксимо",
        "г. Томск": "г. Томск",
        "Томск": "Томск",
        "Москва, Кремль": "Москва",
        "Санкт-Петербург,": "Санкт-Петербург",
        "г. Брянска": "г. Брянск",
        "г.Уссурийска": "г.Уссурийск",
        "Об утверждении плана": None,
    },
    flags=0,
)
# A bare place name, maybe followed by a comma: «Москва, Кремль».
_BARE_PLACE = re.compile(r"^([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)(?:\s*,.*)?$")


def match_place(text: str) -> str | None:
    """The place a short header line names, or None."""
    t = text.strip()
    if len(t) > 40 or not t:
        return None
    if PLACE.match(t):
        return _nominative_place(t)
    m = _BARE_PLACE.match(t)
    if m:
        word = m.group(1)
        if any("Geox" in p.tag for p in morph().parse(word.lower())[:2]):
            return word
    return None


_LAST_WORD = re.compile(r"[А-ЯЁ][а-яё]+$")


def _nominative_place(place: str) -> str:
    """«г. Брянска» → «г. Брянск»: a one-word settlement name known only in an oblique case."""
    m = _LAST_WORD.search(place)
    if m is None or " " in place[m.start() :] or not _single_name(place, m.start()):
        return place
    parses = [p for p in morph().parse(m.group().lower()) if "Geox" in p.tag]
    if not parses or any(p.tag.case == "nomn" for p in parses):
        return place
    names = {str(p.normal_form) for p in parses}
    if len(names) != 1:
        return place
    return place[: m.start()] + names.pop().capitalize()


def _single_name(place: str, at: int) -> bool:
    """The name after the prefix is one word («г. Брянска», not «г. Великие Луки»)."""
    return not re.search(r"[А-ЯЁа-яё]\s+$", place[:at])


_DATE_LINE_FILLER = re.compile(r"\b(?:от|г|года)\b\.?|[«»\"№.,]", re.IGNORECASE)


def is_date_number_line(text: str) -> bool:
    """A line that holds only a date and/or a number (with «от», «г.», a place at most)."""
    rest = text
    d = find_date(rest)
    if d:
        rest = rest[: d[1]] + " " + rest[d[2] :]
    n = find_number(rest)
    if n:
        rest = re.sub(r"(?:№|N|No\.?)\s*" + re.escape(rest[n[1] : n[2]]), " ", rest)
    if not d and not n:
        return False
    rest = _DATE_LINE_FILLER.sub(" ", rest).strip()
    return len(rest) <= 3 or match_place(rest) is not None


def take_date_number(st: State, line: Line) -> None:
    """Date and number of `line` (the number never inside the date)."""
    d = find_date(line.text)
    if d:
        st.set("date", d[0], line, d[1], d[2])
    n = find_number(line.text)
    if n and not (d and d[1] <= n[1] < d[2]):
        st.set("number", n[0], line, n[1], n[2])


def take_date_number_place(st: State, line: Line) -> None:
    """A date/number line, and the place written on it too («от 05.03.2022 с. Петровка»)."""
    take_date_number(st, line)
    text = line.text
    d, n = find_date(text), find_number(text)
    rest = text
    for part in (d, n):
        if part:
            rest = rest.replace(text[part[1] : part[2]], " ")
    bare = re.sub(r"^\s*(?:от\b)?|[«»\"№,]", " ", rest).strip()
    rest = _DATE_LINE_FILLER.sub(" ", rest).strip()
    for candidate in (bare, rest):
        if candidate and (place := match_place(candidate)) and place in text:
            st.set("place", place, line, text.find(place), text.find(place) + len(place))
            return


# Orders on the unified forms (Т-1, Т-5, Т-8 … of Госкомстат) carry their number and date in
# a box: a row of labels «Номер документа | Дата составления» and under it a row of values.
# Examples: label cell → which value it labels.
FORM_LABEL = Rule.of(
    "form_label",
    r"^[\W_]*(?:(?P<number>номер[\W_]+документа)|(?P<date>дата(?:[\W_]+составления)?))[\W_]*$",
    {
        "Номер документа": "number",
        "Номер _ документа": "number",
        "Дата составления": "date",
        "Дата.": "date",
        "Дата приёма на работу": None,
        "Номер телефона": None,
    },
)
_FORM_BLANKS = re.compile(r"[_`'‘’|]+")


def form_label(text: str) -> str | None:
    m = FORM_LABEL.fullmatch(text.strip())
    return None if m is None else ("number" if m.group("number") else "date")


def take_form_boxes(st: State, lines: list[Line], limit: int) -> None:
    """Number and date from a unified form's boxes among the first `limit` lines: the label
    cells in a row, then as many value cells in the same order."""
    for i in range(min(limit, len(lines))):
        labels: list[str] = []
        while i + len(labels) < len(lines) and lines[i + len(labels)].in_table:
            kind = form_label(lines[i + len(labels)].text)
            if kind is None:
                break
            labels.append(kind)
        if "number" not in labels:
            continue
        values = lines[i + len(labels) : i + 2 * len(labels)]
        for kind, value in zip(labels, values, strict=False):
            clean = _FORM_BLANKS.sub(" ", value.text)
            if kind == "number" and (n := find_number("№ " + clean.strip(" ."))) and n[1] == 2:
                at = value.text.find(n[0])
                st.set("number", n[0], value, max(at, 0), max(at, 0) + len(n[0]))
            elif kind == "date" and (d := find_date(clean)):
                at = value.text.find(clean[d[1] : d[2]])
                st.set("date", d[0], value, max(at, 0), max(at, 0) + d[2] - d[1])
        return


RULES = (PLACE, FORM_LABEL)
