"""The signature block («Глава района / А.А.Смирнов») and the sign-off of acts dated at the end
(«Москва, Кремль / 29 июля 2002 года / N 798»).

Normal form of a signatory: «И.О. Фамилия» — initials without spaces, one space, surname
capitalised («Ю.В. Ефремов», «В. Путин»).
"""

from __future__ import annotations

import re

from prikaz.extractors.actparts import find_date, find_number
from prikaz.morphology import is_caps, restore_case
from prikaz.rules import Rule

from .dateline import is_date_number_line, match_place
from .lines import Line, State, join_text, span_lines

POSITION = Rule.of(
    "position",
    r"^(?:Глава|Начальник\w*|Директор\w*|Президент|Председател\w+|Министр|Заместител\w+|"
    r"Первый заместитель|Руководител\w+|И\.\s?о\.|Исполняющ\w+|Временно|Врио|ВРИО|Губернатор|"
    r"Мэр|Заведующ\w+|Ректор|Генеральный директор|Управляющ\w+|Статс-секретарь|Секретарь|"
    r"Прокурор|Командующ\w+|Уполномоченн\w+|Вице-\w+|Член|Заместитель)(?![а-яё])",
    {
        "Глава района": True,
        "Начальник отдела культуры": True,
        "И.о. директора": True,
        "Президент Российской Федерации": True,
        "Контроль за исполнением приказа": False,
    },
)
# A military or civil-service rank line between position and name: not part of the position.
RANK = Rule.of(
    "rank",
    r"^(?:генерал|адмирал|маршал|полковник|подполковник|действительный государственный советник)",
    {"генерал армии": True, "действительный государственный советник 1 класса": True},
)
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})?"
# Examples: the signature text → the normalised signatory (`match_name` over both rules).
NAME_IOF = Rule.of(
    "name_initials_first",
    r"(?P<i1>[А-ЯЁ])\.\s?(?:(?P<i2>[А-ЯЁ])\.\s?)?(?P<sur>" + _SURNAME + r")$",
    {
        "Ю.В.Ефремов": "Ю.В. Ефремов",
        "Н.В. Тарханова": "Н.В. Тарханова",
        "В.Путин": "В. Путин",
        "В. ПУТИН": "В. Путин",
        "Б. В. ГРЫЗЛОВ": "Б.В. Грызлов",
    },
    flags=0,
)
NAME_FIO = Rule.of(
    "name_surname_first",
    r"(?P<sur>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s(?P<i1>[А-ЯЁ])\.\s?(?:(?P<i2>[А-ЯЁ])\.?)?$",
    {"Сергеева И. М.": "И.М. Сергеева", "Козлова А. Б.": "А.Б. Козлова"},
    flags=0,
)
NAME_RULES = (NAME_IOF, NAME_FIO)


def match_name(text: str) -> tuple[str, int] | None:
    """(normalised «И.О. Фамилия», start of the name in `text`) when `text` ends with a name."""
    t = text.rstrip()
    for rule in NAME_RULES:
        m = rule.search(t)
        if m and (m.start() == 0 or t[m.start() - 1] == " "):
            sur = "-".join(p[:1] + p[1:].lower() for p in m.group("sur").split("-"))
            initials = m.group("i1") + "." + (m.group("i2") + "." if m.group("i2") else "")
            return f"{initials} {sur}", m.start()
    return None


MAX_SIGNATURE_LINE = 140
MAX_POSITION_LINE = 90
MAX_POSITION_LINES = 6
# A position line may end with a dot only in an abbreviation («… и.о.», «… Д.А.»).
_DOTTED_END = re.compile(r"\b[А-ЯЁ]\.\s?[а-я]\.$|\bи\.\s?о\.$", re.IGNORECASE)


def _position_above(lines: list[Line], i: int, start: int) -> list[Line] | None:
    """The position lines above a name standing alone on lines[i], or None."""
    back: list[Line] = []
    k = i - 1
    while k >= max(start, i - MAX_POSITION_LINES):
        prev = lines[k]
        if len(prev.text) > MAX_POSITION_LINE or (
            prev.text.endswith((".", ";", ":")) and not _DOTTED_END.search(prev.text)
        ):
            break
        back.insert(0, prev)
        if POSITION.match(prev.text):
            break
        k -= 1
    if not back or not POSITION.match(back[0].text):
        return None
    return [b for b in back if not RANK.match(b.text)]


def _set_signature(st: State, ln: Line, name: tuple[str, int], position_lines: list[Line]):
    signatory, at = name
    head = ln.text[:at].strip()
    position = head or join_text(position_lines)
    if position and is_caps(position):
        position = restore_case(position)
    st.set("signatory", signatory, ln, at)
    if position:
        st.header.signatory_position = re.sub(r"\s+", " ", position).strip(" ,")
        if position_lines:
            st.header.spans.append(span_lines("signatory_position", position_lines))
        else:
            st.header.spans.append(ln.span("signatory_position", 0, len(head)))


def take_signature(st: State, lines: list[Line], start: int) -> None:
    """The first name after lines[start] with a position before it (same line or above)."""
    for i in range(start, len(lines)):
        ln = lines[i]
        if (ln.in_table and ln.table_rows > 3) or len(ln.text) > MAX_SIGNATURE_LINE:
            continue
        name = match_name(ln.text)
        if not name:
            continue
        head = ln.text[: name[1]].strip()
        position_lines: list[Line] = []
        if head:
            if not POSITION.match(head):
                continue
        else:
            found = _position_above(lines, i, start)
            if found is None:
                continue
            position_lines = found
        _set_signature(st, ln, name, position_lines)
        return


MAX_SIGN_OFF_DATE_LINE = 30
_LONE_NUMBER = re.compile(r"(?:№|N)\s*\S.{0,25}")
_FROM = re.compile(r"^\(?\s*от\b")


def take_sign_off(st: State, lines: list[Line], start: int) -> None:
    """Date and number after the signature: «Москва, Кремль / 29 июля 2002 года / N 798».

    The date stands alone on its line (no «от», no number: those are amendment notes) and the
    number alone on one of the next two lines.
    """
    for i in range(start, len(lines)):
        ln = lines[i]
        d = find_date(ln.text)
        if not d or len(ln.text) > MAX_SIGN_OFF_DATE_LINE or find_number(ln.text):
            continue
        if _FROM.match(ln.text) or not is_date_number_line(ln.text):
            continue
        for j in range(i + 1, min(len(lines), i + 3)):
            n = find_number(lines[j].text)
            if n and _LONE_NUMBER.fullmatch(lines[j].text.strip()):
                st.set("date", d[0], ln, d[1], d[2])
                st.set("number", n[0], lines[j], n[1], n[2])
                for k in (i - 1, i - 2):
                    if k >= 0 and (place := match_place(lines[k].text)):
                        st.set("place", place, lines[k], 0, len(place))
                        break
                return


RULES = (POSITION, RANK, NAME_IOF, NAME_FIO)
