"""An attachment's approval stamp: «УТВЕРЖДЕН приказом комитета … от … № …».

The attachment takes type, issuer, number and date from that phrase (`approved_by`).
"""

from __future__ import annotations

import re

from prikaz.extractors.actparts import ACT_TYPE_RE, act_type_of, find_date, find_number
from prikaz.morphology import restore_case, to_nominative
from prikaz.rules import Rule

from .dateline import take_date_number
from .lines import Line, State, concat_lines
from .plan import heading_kind

APPROVAL = Rule.of(
    "approval",
    r"^(?:УТВЕРЖДЕН[АОЫ]?|Утвержден[аоы]?)(?![А-ЯЁа-яё])",
    {"УТВЕРЖДЕНО": True, "Утверждена": True, "УТВЕРЖДАЮ": False, "Утвердить план": False},
    flags=0,
)
# An attachment published alone: «Приложение № 2 к приказу управления … от … № …».
ATTACHMENT_MARK = Rule.of(
    "attachment_mark",
    r"^Приложение(?:\s*№?\s*\d+)?(?:\s+к\s+[а-яё]+)?\s*$|^Приложение(?:\s*№?\s*\d+)?\s+к\s+"
    r"(?:приказу|постановлению|распоряжению|решению|указу)\b",
    {
        "Приложение № 2": True,
        "Приложение": True,
        "Приложение к приказу управления образования": True,
        "Приложение 1 к постановлению администрации": True,
        "Приложение: на 3 л. в 1 экз.": False,
        "Приложения к плану": False,
    },
)
MAX_APPROVAL_LINES = 10
# Where the issuer's name ends inside the phrase: at the date or the number.
_ISSUER_END = re.compile(r"\s(?:от\s+[«\"]?\d|№|N\s?\d)")


def is_approval(text: str) -> bool:
    return APPROVAL.match(text) is not None


def is_attachment_mark(text: str) -> bool:
    return ATTACHMENT_MARK.match(text) is not None


def _approval_lines(lines: list[Line], i: int) -> list[Line]:
    """The stamp's lines: up to the one holding the number (or a date with no number after)."""
    block: list[Line] = []
    for j in range(i, min(len(lines), i + MAX_APPROVAL_LINES)):
        if j > i and (lines[j].in_table != lines[i].in_table or heading_kind(lines[j].text)):
            break
        block.append(lines[j])
        if j == i and is_attachment_mark(lines[j].text):
            continue  # «Приложение № 2»: the attachment's own number, not the act's
        if _NUMBER_SIGN_AT_END.search(lines[j].text):
            continue  # «… от 01.09.2023 №» / «210-о»: the number wrapped to the next line
        if find_number(lines[j].text) or (j > i and find_date(lines[j].text)):
            if find_number(lines[j].text):
                break
            if j + 1 < len(lines) and find_number(lines[j + 1].text):
                continue
            break
    return block


_NUMBER_SIGN_AT_END = re.compile(r"(?:№|N)\s*$")


def _take_act_date_number(st: State, line: Line) -> None:
    """Date and number of the approving act: the number after «от <date>» first (a «№ 4» in
    the issuer's name, «МБОУ «Лицей № 4»», is not the act's)."""
    d = find_date(line.text)
    after = find_number(line.text[d[2] :]) if d else None
    if d is None or after is None:
        take_date_number(st, line)
        return
    st.set("date", d[0], line, d[1], d[2])
    st.set("number", after[0], line, d[2] + after[1], d[2] + after[2])


def _after(line: Line, at: int) -> Line:
    """The part of `line` from `at` on, offsets kept."""
    return Line(line.text[at:], line.offsets[at:], line.page, False, line.in_table)


def take_approval(st: State, lines: list[Line], i: int) -> int:
    """Fill `approved_by`, type, issuer, date, number from the stamp at lines[i]; index after."""
    block = _approval_lines(lines, i)
    joined = concat_lines(block)
    text = joined.text
    st.header.approved_by = text
    st.header.spans.append(joined.span("approved_by"))
    m = ACT_TYPE_RE.search(text)
    if m:
        st.header.doc_type = act_type_of(m)
        st.header.spans.append(joined.span("doc_type", m.start(), m.end()))
        after = text[m.end() :]
        cut = _ISSUER_END.search(after)
        issuer_raw = after[: cut.start()] if cut else ""
        lead = len(issuer_raw) - len(issuer_raw.lstrip(" ,"))
        issuer_raw = issuer_raw.strip(" ,")
        if issuer_raw:
            st.header.issuer = to_nominative(restore_case(issuer_raw), "gent")
            a = m.end() + lead
            st.header.spans.append(joined.span("issuer", a, a + len(issuer_raw)))
    _take_act_date_number(st, _after(joined, m.end()) if m else joined)
    return i + len(block)


RULES = (APPROVAL, ATTACHMENT_MARK)
