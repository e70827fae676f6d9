"""The signature block («Глава района / А.А.Смирнов») and the sign-off of acts dated at the end
(«Москва, Кремль / 29 июля 2002 года / N 798»).

Normal form of a signatory: «И.О. Фамилия» — initials without spaces, one space, surname
capitalised («Ю.В. Ефремов», «В. Путин»).
"""

from __future__ import annotations

import re

from prikaz.extractors.actparts import find_date, find_number
from prikaz.morphology import is_abbreviation, is_caps, morph, restore_case
from prikaz.rules import Rule

from .dateline import is_date_number_line, match_place
from .lines import Line, State, concat_lines, first_word, join_text, span_lines, words

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
    r"^(?:генерал(?:-\w+)?|адмирал|маршал|полковник|подполковник|"
    r"действительный государственный советник)(?![а-яё])",
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

# An electronic-signature stamp between the position and the name: its lines are skipped
# (kept in a warning), its owner stands in for a name that is not written out.
ESIGN = Rule.of(
    "esign",
    r"^(?:документ\s+подписан\s+электронн\w+\s+подпис\w*|сведения\s+о\s+сертификате\s+эп|"
    r"сертификат\b|владелец\b|действителен\b|срок\s+действия\b|выдан\b|подписано\s+эп)",
    {
        "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ": True,
        "Сертификат: 01A2B3C4D5E6F708": True,
        "Владелец: Смирнова Елена Александровна": True,
        "Действителен: с 01.02.2024 по 01.05.2025": True,
        "Начальник управления": False,
    },
)
# Words that may open a position written in the genitive: «И.о. начальника», «Врио главы».
_ACTING = re.compile(r"^(?:И\.\s?о\.|Врио|ВРИО|Временно|Исполняющ)", re.IGNORECASE)
# Where attachments begin: no signatory is looked for past this line.
ATTACHMENT_START = Rule.of(
    "attachment_start",
    r"^(?:Приложение(?:\s*№?\s*\d+)?(?:\s+к\s+(?!настоящ)\w+.*)?$|УТВЕРЖДЕН[АОЫ]?\b|"
    r"Утвержден[аоы]?\s+"
    r"(?:приказом|постановлением|распоряжением)|[«\"]?УТВЕРЖДАЮ)",
    {
        "Приложение № 1": True,
        "Приложение 2 к приказу от 01.02.2023 № 5": True,
        "УТВЕРЖДЕН": True,
        "Утверждено приказом управления": True,
        "Приложение: на 3 л.": False,
        "Приложение 1 к настоящему приказу содержит перечень": False,
        "Утвердить план": False,
    },
    flags=0,
)


def is_esign(text: str) -> bool:
    return ESIGN.match(text) is not None


def _nominative_ok(word: str) -> bool:
    """A word that can be in the nominative (or that the dictionary does not know)."""
    parses = morph().parse(word.lower())
    known = [p for p in parses if p.tag.POS in ("NOUN", "ADJF", "PRTF")]
    return not known or any(p.tag.case == "nomn" or "Fixd" in p.tag for p in known)


def _surname_ok(text: str, at: int) -> bool:
    """The name at `at` has a surname that can be nominative: not «Смирнову Е.А.»."""
    surname = next((w for w in words(text[at:]) if len(w) > 1), None)
    if surname is None:
        return True
    parses = [
        p
        for p in morph().parse(surname.lower())
        if ("Surn" in p.tag or "Name" in p.tag) and p.tag.number == "sing"
    ]
    return not parses or any(p.tag.case == "nomn" for p in parses)


def _position_ok(text: str) -> bool:
    """A signature's position starts with a capital and is in the nominative (unless acting)."""
    if not text[:1].isupper() or not POSITION.match(text):
        return False
    if _ACTING.match(text):
        return True
    word = first_word(text)
    return word is None or _nominative_ok(word)


def _position_above(lines: list[Line], i: int, start: int) -> list[Line] | None:
    """The position lines above lines[i] (e-signature stamp lines skipped), or None."""
    back: list[Line] = []
    k = i - 1
    while k >= max(start, i - MAX_POSITION_LINES - 4):
        prev = lines[k]
        if is_esign(prev.text):
            k -= 1
            continue
        if len(prev.text) > MAX_POSITION_LINE or (
            prev.text.endswith((".", ";", ":")) and not _DOTTED_END.search(prev.text)
        ):
            break
        back.insert(0, prev)
        if (POSITION.match(prev.text) and prev.text[:1].isupper()) or len(
            back
        ) >= MAX_POSITION_LINES:
            break
        k -= 1
    if not back or not _position_ok(back[0].text) or _continues_sentence(lines, k):
        return None
    return [b for b in back if not RANK.match(b.text)]


# Words that cannot end a sentence: a line ending with one goes on in the next line.
_OPEN_END = re.compile(
    r"(?:\b(?:на|в|во|за|и|по|с|со|к|ко|о|об|от|для|или|а|при)|,)$", re.IGNORECASE
)


def _continues_sentence(lines: list[Line], k: int) -> bool:
    """lines[k] (a position's first line) goes on a sentence of the line before it."""
    if k <= 0 or lines[k].blank_before or lines[k].in_table or lines[k - 1].in_table:
        return False
    return _OPEN_END.search(lines[k - 1].text.rstrip()) is not None


_UNDERLINE = re.compile(r"_+|/(?=\s*[А-ЯЁ]\.)|(?<=[а-яё])/\s*$")


def _blank_underlines(text: str) -> str:
    """«____ Л.Г. Евстропова», «/Н.А. Петренко/»: the signature line and slashes around a name
    blanked (same length: offsets stay)."""
    return _UNDERLINE.sub(lambda m: " " * len(m.group()), text)


def _set_signature(
    st: State, ln: Line, name: tuple[str, int], position_lines: list[Line], head: str
) -> None:
    signatory, at = name
    position = join_text([*position_lines]) if position_lines else ""
    position = f"{position} {head}".strip() if position_lines and head else position or head
    position = re.sub(r"\s+", " ", _blank_underlines(position)).strip(" :")
    if position and is_caps(position):
        position = restore_case(position)
    st.set("signatory", signatory, ln, at)
    if position:
        st.header.signatory_position = re.sub(r"\s+", " ", position).strip(" ,")
        if position_lines:
            st.header.spans.append(span_lines("signatory_position", position_lines))
        else:
            st.header.spans.append(ln.span("signatory_position", 0, len(head)))


def attachments_start(lines: list[Line], start: int) -> int:
    """Index of the first line of the attachments after `start` (len(lines) when none)."""
    for i in range(start + 1, len(lines)):
        if not lines[i].in_table and ATTACHMENT_START.match(lines[i].text):
            return i
    return len(lines)


def _acting_above(lines: list[Line], i: int) -> bool:
    """«Исполняющий обязанности / начальника управления Иванова А.А.»: an acting position
    started on the line above."""
    return i > 0 and _ACTING.match(lines[i - 1].text) is not None and len(lines[i - 1].text) < 40


_Signature = tuple[tuple[str, int], list[Line], str]


def _signature_at(lines: list[Line], i: int, start: int) -> _Signature | None:
    """(name, position lines above, position text on the line) when lines[i] is a signature."""
    ln = lines[i]
    if (ln.in_table and ln.table_rows > 3) or len(ln.text) > MAX_SIGNATURE_LINE:
        return None
    text = _blank_underlines(ln.text)
    name = match_name(text)
    if not name or not _surname_ok(text, name[1]):
        return None
    head = text[: name[1]].strip()
    if head and _position_ok(head) and not _continues_sentence(lines, i):
        return name, [], head
    if head[:1].islower() and POSITION.match(head) and not _acting_above(lines, i):
        return None  # «… возложить на / заместителя начальника Смирнову Е.А.»: body text
    above = _position_above(lines, i, start)
    if above is None:
        return None
    return name, above, head


# Initials at the end of a line whose surname was wrapped onto the next one (PDF).
_TRAILING_INITIALS = re.compile(r"(?:^|\s)[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?$")
_LONE_SURNAME = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]{2,}")


def _rejoin_wrapped_name(lines: list[Line], i: int) -> Line | None:
    """«Начальник отдела А.В.» + «Соколова» as one line, when the PDF wrapped the name."""
    if i + 1 >= len(lines) or not _TRAILING_INITIALS.search(lines[i].text):
        return None
    if not _LONE_SURNAME.fullmatch(lines[i + 1].text.strip()):
        return None
    return concat_lines([lines[i], lines[i + 1]])


MAX_POSITION_TAIL = 60


def _position_tail(lines: list[Line], i: int) -> str | None:
    """«Начальник ___ Л.Г. Евстропова / МКУ «Управление образования»»: a table cell's second
    position line that a PDF puts after the name line."""
    if i + 1 >= len(lines) or lines[i + 1].blank_before:
        return None
    text = lines[i + 1].text.strip()
    if len(text) > MAX_POSITION_TAIL or match_name(text) or POSITION.match(text):
        return None
    word = first_word(text)
    if word is None or not (is_abbreviation(word) or text[:1] in '«"'):
        return None
    return text


def take_signature(st: State, lines: list[Line], start: int) -> None:
    """The first name after the body's start, before the attachments, with a position before
    it (same line, the lines above, or the line above continued on the name's line)."""
    end = attachments_start(lines, start)
    for i in range(start, end):
        found = _signature_at(lines, i, start)
        line = lines[i]
        if found is None and (joined := _rejoin_wrapped_name(lines, i)) is not None:
            line = joined
            found = _signature_at([*lines[:i], joined], i, start)
        if found is None:
            continue
        name, above, head = found
        if head and not above and (tail := _position_tail(lines, i)) is not None:
            head = f"{head} {tail}"
        _set_signature(st, line, name, above, head)
        _note_esign(st, lines, i, above)
        return
    _signature_from_esign_owner(st, lines, start, end)


_OWNER = re.compile(
    r"^Владелец\s*:?\s*(?P<sur>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s+(?P<n>[А-ЯЁ])[а-яё]+\s+"
    r"(?P<p>[А-ЯЁ])(?P<pat>[а-яё]+(?:вич|вна|ична|чна|ич|оглы|кызы))\b"
)


def _signature_from_esign_owner(st: State, lines: list[Line], start: int, end: int) -> None:
    """No name written under the stamp: the certificate's owner, with the position above it."""
    for i in range(start, end):
        m = _OWNER.match(lines[i].text)
        if m is None:
            continue
        above = _position_above(lines, i, start)
        if above is None:
            return
        name = f"{m.group('n')}.{m.group('p')}. {m.group('sur')}"
        st.set("signatory", name, lines[i], m.start("sur"), m.end("pat"))
        st.header.signatory_position = re.sub(r"\s+", " ", join_text(above)).strip(" ,:")
        st.header.spans.append(span_lines("signatory_position", above))
        _note_esign(st, lines, i + 1, above)
        return


def _note_esign(st: State, lines: list[Line], i: int, above: list[Line]) -> None:
    """Certificate details of an e-signature stamp between position and name, as a warning."""
    if not above:
        return
    first = lines.index(above[0]) if above[0] in lines else i
    stamp = [ln.text for ln in lines[first:i] if is_esign(ln.text)]
    if stamp:
        st.header.warnings.append("header note: electronic signature: " + "; ".join(stamp))


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


RULES = (POSITION, RANK, NAME_IOF, NAME_FIO, ESIGN, ATTACHMENT_START)
