"""The anchor of a header, the type line («ПРИКАЗ», «П О С Т А Н О В Л Е Н И Е»), and the lines
that are not the header's own text: notes («Утратило силу …», «(в ред. …)») and body starts."""

from __future__ import annotations

import re

from prikaz.extractors.actparts import find_date, find_number
from prikaz.morphology import is_caps
from prikaz.rules import Rule

from .lines import Line


def despace(text: str) -> str:
    """Letters spaced out for emphasis joined back: «У К А З» → «УКАЗ»."""
    return re.sub(
        r"(?<![А-ЯЁа-яё])((?:[А-ЯЁа-яё] ){2,}[А-ЯЁа-яё])(?![А-ЯЁа-яё])",
        lambda m: m.group(1).replace(" ", ""),
        text,
    )


TYPE_WORDS = (
    "ФЕДЕРАЛЬНЫЙ КОНСТИТУЦИОННЫЙ ЗАКОН",
    "ФЕДЕРАЛЬНЫЙ ЗАКОН",
    "ИНСТРУКТИВНОЕ ПИСЬМО",
    "ПРИКАЗ",
    "РАСПОРЯЖЕНИЕ",
    "ПОСТАНОВЛЕНИЕ",
    "УКАЗ",
    "ЗАКОН",
    "РЕШЕНИЕ",
    "ИНСТРУКЦИЯ",
    "ПИСЬМО",
    "ОПРЕДЕЛЕНИЕ",
    "ПРОТОКОЛ",
)
# Examples: line → (doc_type, what is left on the line), or None when it is no type line.
TYPE_LINE = Rule.of(
    "type_line",
    r"^(?P<type>" + "|".join(TYPE_WORDS) + r")(?![А-ЯЁа-яё])\s*(?P<rest>.*)$",
    {
        "ПРИКАЗ": ("приказ", ""),
        "Р А С П О Р Я Ж Е Н И Е": ("распоряжение", ""),
        "П О С Т А Н О В Л Е Н И Е": ("постановление", ""),
        "ФЕДЕРАЛЬНЫЙ ЗАКОН": ("федеральный закон", ""),
        "РЕШЕНИЕ ПРАВЛЕНИЯ": ("решение", "ПРАВЛЕНИЯ"),
        "ПРИКАЗ от 12.03.2021 № 45": ("приказ", "от 12.03.2021 № 45"),
        "Распоряжение": ("распоряжение", ""),
        "ПРОТОКОЛ № 2": ("протокол", "№ 2"),
        "ПРИКАЗЫВАЮ:": None,
        "Приказ вступает в силу со дня подписания": None,
        "ПРИКАЗ МИНИСТЕРСТВА:": None,
    },
)
_DATE_OR_NUMBER_START = re.compile(r"(?:от\b|№|N\s?\d)", re.IGNORECASE)

# A type word in capitals closing a short header line: OCR (and some text layers) join the
# centred last issuer line and the type line below it into one line when the type word is too
# wide to have fitted after the issuer line («Верхняя Пышма / П О С Т А Н О В Л Е Н И Е»).
# The text before must not end in a preposition or conjunction (then the type word is part of
# a title: «О ВНЕСЕНИИ ИЗМЕНЕНИЙ В ПОСТАНОВЛЕНИЕ …») and must hold at most `TRAILING_BEFORE_MAX`
# words. Examples: line → (before, type line), or None.
TRAILING_BEFORE_MAX = 8
TRAILING_TYPE = Rule.of(
    "trailing_type",
    r"^(?P<before>.*?[^\s])\s+(?P<type_line>(?:"
    + "|".join(w for w in TYPE_WORDS if " " not in w)
    + r")(?![А-ЯЁа-яё])(?:\s+(?:от\b|№|N\s?\d).*)?)$",
    {
        "Верхняя Пышма ПОСТАНОВЛЕНИЕ": ("Верхняя Пышма", "ПОСТАНОВЛЕНИЕ"),
        "АДМИНИСТРАЦИЯ ГОРОДА ТОМСКА ПОСТАНОВЛЕНИЕ": (
            "АДМИНИСТРАЦИЯ ГОРОДА ТОМСКА",
            "ПОСТАНОВЛЕНИЕ",
        ),
        "Управление образования ПРИКАЗ от 12.03.2021 № 45": (
            "Управление образования",
            "ПРИКАЗ от 12.03.2021 № 45",
        ),
        "Совет депутатов Томского района РЕШЕНИЕ": ("Совет депутатов Томского района", "РЕШЕНИЕ"),
        "О ВНЕСЕНИИ ИЗМЕНЕНИЙ В ПОСТАНОВЛЕНИЕ": None,
        "ОБ ОТМЕНЕ И ПОСТАНОВЛЕНИЕ": None,
        "Администрация района Постановление": None,  # the type word is not in capitals
        "ПРИКАЗ": None,  # a type line already
        "1. Утвердить план мероприятий по исполнению указанного выше документа ПРИКАЗ": None,
        "ПРИКАЗЫВАЮ:": None,
    },
)
_LINKING_WORDS = frozenset(
    {"в", "во", "на", "о", "об", "по", "к", "ко", "с", "со", "и", "или", "а", "из", "за", "для"}
    | {"от", "до", "при", "изменении", "изменений"}
)


def split_trailing_type(text: str) -> tuple[str, str] | None:
    """(before, type line) when a short header line ends with a type word in capitals."""
    m = TRAILING_TYPE.match(despace(text.strip()))
    if not m:
        return None
    before, type_line = m.group("before").strip(), m.group("type_line")
    if not type_line.split()[0].isupper():
        return None
    words = before.split()
    if len(words) > TRAILING_BEFORE_MAX or words[-1].lower() in _LINKING_WORDS:
        return None
    if match_type_line(before) or match_type_line(type_line) is None:
        return None
    return before, type_line


def match_type_line(text: str) -> tuple[str, str] | None:
    """(doc_type, rest) when `text` is a type line; None otherwise."""
    m = TYPE_LINE.match(despace(text.strip()))
    if not m:
        return None
    word, rest = m.group("type"), m.group("rest").strip()
    if not (word.isupper() or not rest or _DATE_OR_NUMBER_START.match(rest)):
        return None
    if rest and not is_caps(rest) and not _DATE_OR_NUMBER_START.match(rest):
        return None
    if rest.endswith(":"):
        return None
    return " ".join(word.lower().split()), rest


NOTE = Rule.of(
    "note",
    r"^(?:Зарегистрирован\w*\b|Утрат\w*\s+сил|Документ предоставлен|Опубликован|"
    r"Официально опубликован|Текст документа|Источник|\(в ред\.|\(ред\.|\(с изм|"
    r"Список изменяющих|\(с учетом|\(введен|\(Зарегистрирован|Редакция|\(в\s+редакции)",
    {
        "Зарегистрировано в Минюсте России 3 мая 2019 г. N 12345": True,
        "Утратило силу - Приказ Министерства от 01.02.2010 N 5": True,
        "(в ред. Постановления Правительства РФ от 11.05.2010 N 653)": True,
        "(с изм. от 09.01.2003)": True,
        "О внесении изменений в приказ": False,
    },
    note="registration, repeal and amendment notes around the header of a consolidated text",
)


def is_note(text: str) -> bool:
    return NOTE.match(text) is not None


def skip_note(lines: list[Line], i: int) -> int:
    """Index after the note starting at lines[i]."""
    text = lines[i].text
    if text.startswith("("):
        depth = 0
        for j in range(i, min(len(lines), i + 8)):
            depth += lines[j].text.count("(") - lines[j].text.count(")")
            if depth <= 0:
                return j + 1
        return i + 1
    if re.match(r"Утрат\w*\s+сил", text, re.IGNORECASE):
        for j in range(i, min(len(lines), i + 5)):
            if j > i and lines[j].blank_before:
                return j
            if find_number(lines[j].text):
                return j + 1
        return i + 1
    return i + 1


# First words of the act's body: the title block ends before them.
BODY_START = Rule.of(
    "body_start",
    r"^(?:В соответствии|В целях|С целью|В рамках|Во исполнение|На основании|В связи|"
    r"Руководствуясь|Рассмотрев|Согласно|В порядке|Учитывая|ПРИКАЗЫВАЮ|ПОСТАНОВЛЯ|РЕШИЛ|ОБЯЗЫВАЮ|"
    r"ПРЕДЛАГАЮ|Принят\b|Одобрен\b|Статья\s+\d|Глава\s+[IVX\d]|\d{1,2}\.\s|\d{1,2}\)\s|"
    r"[а-я]\)\s|Утвердить|Внести|Признать|Установить|Назначить|Создать|Образовать|"
    r"Освободить|Наградить|Присвоить|Правительство Российской Федерации постановляет|"
    r"Государственная Дума|Законодательное Собрание)",
    {
        "В соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ": True,
        "ПРИКАЗЫВАЮ:": True,
        "С целью достижения на территории городского округа целевых показателей": True,
        "В рамках реализации национального проекта «Образование»": True,
        "1. Утвердить прилагаемый план.": True,
        "Принят Государственной Думой": True,
        "Статья 1. Настоящий закон": True,
        "О проведении конкурса": False,
    },
)


def is_body_start(text: str) -> bool:
    return BODY_START.match(text) is not None


# The operative word of an act: nothing after it is a title, even in capitals.
STRONG_BODY = Rule.of(
    "strong_body",
    r"^(?:ПРИКАЗЫВАЮ|ПОСТАНОВЛЯ|РЕШИЛ|ОБЯЗЫВАЮ|ПРЕДЛАГАЮ|П О С Т А Н)",
    {"ПРИКАЗЫВАЮ:": True, "П О С Т А Н О В Л Я Е Т:": True, "О ПРОВЕДЕНИИ": False},
    flags=0,
)

# First words of a title; a line starting so is never a genitive issuer.
TITLE_START = Rule.of(
    "title_start",
    r"^(?:О|ОБ|ОБО|ПО|В|НА|ЗА|С|ВОПРОСЫ|ВОПРОС|ПОЛОЖЕНИЕ|ПОРЯДОК)(?![А-ЯЁа-яё])",
    {"ОБ УТВЕРЖДЕНИИ ПОРЯДКА": True, "О докладе": True, "ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ": False},
)

# The date-and-number line of a scan whose date and number are handwritten: OCR reads «от»
# (or its Latin look-alike «ot», or scribble too) and a few letters of scribble around «№».
# It is skipped with a header note rather than read as the start of the title: at most six
# short tokens, no date in them (a line with a readable date or number is a date line, handled
# before this) and no word in lower case (prose: «от имени главы района»).
UNREAD_DATE_LINE = Rule.of(
    "unread_date_line",
    r"^(?:(?:от|ot)\s+(?:[^\s«»\"]{1,12}(?:\s+|$)){1,6}"
    r"|(?:[^\s«»\"]{1,12}\s+){1,4}№\s*(?:[^\s«»\"]{1,12}(?:\s+|$)){0,2})$",
    {
        "Ab OF ALE № 726°": True,  # «от» printed, date and number handwritten: all misread
        "от ACCP ДИО": True,
        "ot УИ КВА № SVC": True,
        "от 18, Od LAL № YS": True,
        "от __________ № ____": True,
        "от 10.11.2017 № 810": False,  # readable: a date line (see `is_unread_date_line`)
        "Об утверждении перечня мероприятий": False,
        "от имени администрации городского округа": False,
        "от имени главы района": False,  # words, not scribble
        "Протокол заседания № 2": False,
    },
)


def is_unread_date_line(text: str) -> bool:
    """A line under the type line that holds «от» and no date or number anyone can read."""
    text = text.strip()
    if UNREAD_DATE_LINE.fullmatch(text) is None or find_date(text) is not None:
        return False
    return not re.search(r"(?<!\S)[а-яё]{4,}(?!\S)", text)  # a word in lower case: prose


RULES = (
    TYPE_LINE,
    TRAILING_TYPE,
    UNREAD_DATE_LINE,
    NOTE,
    BODY_START,
    STRONG_BODY,
    TITLE_START,
)
