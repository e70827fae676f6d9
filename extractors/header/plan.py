"""Headers of plans, programmes and other documents approved by a person or by a stamp.

A plan approved by its head reads «УТВЕРЖДАЮ / Директор МБОУ «СОШ № 5» / ____ О.Н. Шилова /
«01» сентября 2023 г.» (maybe «Приказ № 01.04/81 от …» under it), then its heading «ПЛАН /
мероприятий … / на 2023-2024 учебный год». It gets doc_type from the heading («план»,
«программа»), the approver as signatory, the approval date as date, the organisation named in
the approver's position as issuer, and the stamp as `approved_by`.
"""

from __future__ import annotations

import re

from prikaz.extractors.actparts import ACT_TYPE_RE, find_date, find_number
from prikaz.morphology import is_abbreviation, is_caps, restore_case, to_nominative
from prikaz.rules import Rule

from .lines import Line, State, concat_lines, first_word, span_lines
from .period import find_period
from .signature import POSITION, RANK, match_name
from .typeline import is_body_start, match_type_line

APPROVER = Rule.of(
    "approver",
    r"^(?:СОГЛАСОВАНО:?\s+)?[«\"]?\s*Утверждаю\s*[»\"]?\s*:?",
    {
        "УТВЕРЖДАЮ": True,
        "«Утверждаю»": True,
        "Утверждаю:": True,
        "СОГЛАСОВАНО: УТВЕРЖДАЮ:": True,
        "УТВЕРЖДЕНО приказом": False,
    },
)


def is_approver_stamp(text: str) -> bool:
    return APPROVER.match(text) is not None


# A document's own heading: its kind (the value of doc_type) from the first words.
# Examples: heading line → doc_type.
HEADING = Rule.of(
    "heading",
    r"^(?:[А-ЯЁа-яё-]+\s+){0,2}?(?P<kind>план\w*|программ\w*|дорожн\w+\s+карт\w*|"
    r"комплекс\s+мер\w*|календарн\w+\s+план\w*|график\w*|перечень|положение)(?![а-яё])",
    {
        "ПЛАН": "план",
        "План работы": "план",
        "Перспективный план мероприятий, фестивалей": "план",
        "СОВМЕСТНЫЙ ПЛАН": "план",
        "ДОРОЖНАЯ КАРТА": "план",
        "ПРОГРАММА": "программа",
        "Муниципальная программа развития образования": "программа",
        "Директор МБОУ «СОШ № 5»": None,
        "Об утверждении плана мероприятий": None,
    },
)
_KIND_OF = (("программ", "программа"), ("положени", "положение"))


def heading_kind(text: str) -> str | None:
    """doc_type named by a heading line, or None when `text` is no heading."""
    if len(text) > 200 or TITLE_VERB.match(text):
        return None
    m = HEADING.match(text)
    if not m:
        return None
    kind = m.group("kind").lower()
    return next((v for k, v in _KIND_OF if kind.startswith(k)), "план")


# «Об утверждении плана …» is an order's title, never a plan's heading.
TITLE_VERB = re.compile(r"^(?:О|Об|Обо)\s", re.IGNORECASE)
# «24.августа.2019»: dots between day, month word and year read as spaces.
_DOTTED_MONTH = re.compile(r"(?<=\d)\.(?=[а-яё])|(?<=[а-яё])\.(?=\s?\d)", re.IGNORECASE)
_UNDERSCORES = re.compile(r"_+")
MAX_STAMP_LINES = 8


def _clean(text: str) -> str:
    """Signature underlines and dotted month dates blanked (same length: offsets stay)."""
    text = _UNDERSCORES.sub(lambda m: " " * len(m.group()), text)
    return _DOTTED_MONTH.sub(" ", text)


def _stamp_lines(lines: list[Line], i: int, two_columns: bool) -> list[Line]:
    """The approver stamp: lines after «УТВЕРЖДАЮ» up to the heading, a table or the body.

    One column ends at its date once a name was seen; two columns side by side (read as
    interleaved lines) run to the heading.
    """
    block: list[Line] = []
    for j in range(i + 1, min(len(lines), i + 1 + MAX_STAMP_LINES)):
        ln = lines[j]
        act_line = ACT_TYPE_RE.match(ln.text) and find_number(ln.text)
        if ln.in_table != lines[i].in_table or heading_kind(ln.text):
            break
        if match_type_line(ln.text) and not act_line:
            break
        if is_body_start(ln.text) and not find_date(_clean(ln.text)):
            break
        block.append(ln)
        dated = find_date(_clean(ln.text))
        if dated and not two_columns and any(match_name(_clean(b.text)) for b in block):
            break
    return block


def _sub(line: Line, start: int, end: int | None = None) -> Line:
    end = len(line.text) if end is None else end
    return Line(line.text[start:end], line.offsets[start:end], line.page, False, line.in_table)


def _inline_stamp(line: Line, at: int) -> list[Line]:
    """A stamp written on one line (a table cell): «УТВЕРЖДАЮ Заведующий … Т.В. Кузнецова
    «15» января 2024 г.» cut into the part before the date and the date."""
    rest = line.text[at:]
    lead = len(rest) - len(rest.lstrip())
    if not rest.strip():
        return []
    d = find_date(_clean(rest))
    if d is None:
        return [_sub(line, at + lead)]
    parts = [_sub(line, at + lead, at + d[1]), _sub(line, at + d[1])]
    return [p for p in parts if p.text.strip()]


def issuer_of_position(position: str) -> str | None:
    """The organisation a position names: «Директор МОУ «СОШ № 11»» → «МОУ «СОШ № 11»»."""
    m = POSITION.match(position)
    rest = position[m.end() :] if m else position
    rest = re.sub(r"^\s*(?:директора|начальника|заведующ\w+|руководителя|председателя)\b", "", rest)
    rest = rest.strip(" ,.-")
    word = first_word(rest)
    if not rest or word is None:
        return None
    if is_abbreviation(word) or rest[0] in '«"':
        return rest
    if is_caps(rest):
        rest = restore_case(rest)
    rest = to_nominative(rest, "gent")
    return rest[:1].upper() + rest[1:]


def take_approver(st: State, lines: list[Line], i: int) -> int:
    """Fill the header from the stamp at lines[i]; returns the index after the stamp."""
    two_columns = lines[i].text.upper().startswith("СОГЛАСОВАНО")
    stamp = APPROVER.match(lines[i].text)
    inline = _inline_stamp(lines[i], stamp.end()) if stamp else []
    following = _stamp_lines(lines, i, two_columns)
    block = inline + following
    joined = concat_lines([lines[i], *following])
    st.header.approved_by = re.sub(r"\s+", " ", _UNDERSCORES.sub(" ", joined.text)).strip()
    st.header.spans.append(joined.span("approved_by"))
    named = [(k, n) for k, ln in enumerate(block) if (n := match_name(_clean(ln.text)))]
    if named:
        k, (name, at) = named[-1] if two_columns else named[0]
        st.set("signatory", name, block[k], at)
        if not two_columns:
            _take_position(st, block[:k], block[k], at)
    for ln in reversed(block) if two_columns else block:
        _take_act_or_date(st, ln)  # side by side, the approver's column is the later one
    return i + 1 + len(following)


def _take_position(st: State, above: list[Line], name_line: Line, at: int) -> None:
    parts = [ln for ln in above if not RANK.match(ln.text) and not find_date(_clean(ln.text))]
    head = _clean(name_line.text)[:at].strip()
    text = " ".join([*(ln.text for ln in parts), head]).strip()
    if not text:
        return
    if POSITION.match(text):
        st.header.signatory_position = text
        span_from = parts or [name_line]
        st.header.spans.append(span_lines("signatory_position", span_from))
    issuer = issuer_of_position(text)
    if issuer and st.header.issuer is None:
        st.header.issuer = issuer
        st.header.spans.append(span_lines("issuer", parts or [name_line]))


def _take_act_or_date(st: State, ln: Line) -> None:
    """«Приказ № 01.04/81 «27» августа 2019 г.»: the approving act; else the approval date."""
    text = _clean(ln.text)
    act = ACT_TYPE_RE.match(text.strip())
    number = find_number(text)
    if act and number:
        st.set("number", number[0], ln, number[1], number[2])
    d = find_date(text)
    if d:
        st.set("date", d[0], ln, d[1], d[2])


def take_heading(st: State, lines: list[Line], k: int) -> int:
    """The document's heading at lines[k] as doc_type and title; index after the title."""
    kind = heading_kind(lines[k].text)
    if kind is None:
        return k
    st.set("doc_type", kind, lines[k], 0, len(lines[k].text))
    block = heading_block(lines, k)
    set_heading_title(st, block)
    return k + len(block)


MAX_HEADING_LINES = 8
_ENDS_WITH_YEAR = re.compile(
    r"\d{4}\s*(?:г\.?|гг\.?|год\w*|уч\.?\s*год\w*|учебн\w+ год\w*|тренировочн\w+ год\w*)\.?\s*$",
    re.IGNORECASE,
)


def heading_block(lines: list[Line], k: int) -> list[Line]:
    """The heading and the lines that continue it, up to a table, the body or its period."""
    block = [lines[k]]
    if _ENDS_WITH_YEAR.search(lines[k].text):
        return block
    for j in range(k + 1, min(len(lines), k + MAX_HEADING_LINES)):
        ln = lines[j]
        if ln.in_table or ln.blank_before or is_body_start(ln.text) or ln.text.endswith(":"):
            break
        if is_approver_stamp(ln.text) or match_type_line(ln.text):
            break
        block.append(ln)
        if _ENDS_WITH_YEAR.search(ln.text) or find_period(ln.text):
            break
    return block


def set_heading_title(st: State, block: list[Line]) -> None:
    """Title from a heading block: capital lines put in normal case one by one."""
    parts = [restore_case(ln.text) if is_caps(ln.text) else ln.text for ln in block]
    text = _UNDERSCORES.sub(" ", " ".join(parts))
    text = re.sub(r"\s+", " ", text).strip()
    st.header.title = text
    st.header.spans.append(span_lines("title", block))
    joined = concat_lines(block)
    period = find_period(joined.text) or _one_year(joined.text)
    if period:
        st.header.period_start, st.header.period_end = period[0], period[1]
        st.header.spans.append(joined.span("period_start", period[2], period[2] + 4))
        st.header.spans.append(joined.span("period_end", period[3] - 4, period[3]))


_ONE_YEAR = re.compile(r"\bна\s+((?:19|20)\d\d)\s*(?:г\.|год\b)", re.IGNORECASE)


def _one_year(text: str) -> tuple[int, int, int, int] | None:
    """A plan «на 2016 год» covers that one year."""
    m = _ONE_YEAR.search(text)
    if not m:
        return None
    year = int(m.group(1))
    return year, year, m.start(1), m.end(1)


# A protocol's heading «Заседание методического совета» (or «заседания …» after «ПРОТОКОЛ»).
_NUMBER_AT_END = re.compile(r"\s(?:№|N)\s*(\d[\w/-]*)$")
_MEETING = re.compile(r"^(?:заседани[ея]|собрани[ея]|совещани[ея])\s+", re.IGNORECASE)


def _set_number_from(st: State, number: str) -> None:
    """The protocol's number read off its heading, with the span of its first occurrence."""
    for ln in st.lines[: MAX_STAMP_LINES * 3]:
        m = re.search(r"(?:№|N)\s*" + re.escape(number) + r"(?![\w/-])", ln.text)
        if m:
            st.set("number", number, ln, m.end() - len(number), m.end())
            return


def take_protocol_heading(st: State) -> None:
    """A protocol: its heading in the nominative as title, the body that met as issuer."""
    title = st.header.title or ""
    m = _MEETING.match(title)
    if st.header.doc_type != "протокол" or not m:
        return
    word = m.group().strip().lower()
    word = word[:-1] + "е"
    rest = title[m.end() :]
    numbered = _NUMBER_AT_END.search(rest)
    if numbered:  # «заседания педагогического совета № 1»
        _set_number_from(st, numbered.group(1))
        rest = rest[: numbered.start()].rstrip()
    st.header.title = f"{word.capitalize()} {rest}"
    if st.header.issuer is None and rest:
        issuer = to_nominative(rest, "gent")
        st.header.issuer = issuer[:1].upper() + issuer[1:]


# An organisation named in a title by its abbreviated form and quoted name:
# «… среди воспитанников КГКУ «Центр содействия … г.Уссурийска»».
_ORG_IN_TITLE = re.compile(
    r"(?<![А-ЯЁа-яё])[А-ЯЁ]{2,}(?:\s[А-ЯЁ]{2,})*\s?«[^«»]*(?:«[^«»]*»[^«»]*)?»"
)


def take_issuer_from_title(st: State) -> None:
    """A plan whose stamp named no organisation: the organisation its title names, if any."""
    title = st.header.title or ""
    for m in _ORG_IN_TITLE.finditer(title):
        if is_abbreviation(m.group().split()[0].split("«")[0]):
            st.header.issuer = m.group()
            return


RULES = (APPROVER, HEADING)
