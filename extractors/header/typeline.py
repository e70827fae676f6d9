"""The anchor of a header, the type line («ПРИКАЗ», «П О С Т А Н О В Л Е Н И Е»), and the lines
that are not the header's own text: notes («Утратило силу …», «(в ред. …)») and body starts."""

from __future__ import annotations

import re

from prikaz.extractors.actparts import find_number
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
    r"^(?:В соответствии|В целях|Во исполнение|На основании|В связи|Руководствуясь|"
    r"Рассмотрев|Согласно|В порядке|Учитывая|ПРИКАЗЫВАЮ|ПОСТАНОВЛЯ|РЕШИЛ|ОБЯЗЫВАЮ|"
    r"ПРЕДЛАГАЮ|Принят\b|Одобрен\b|Статья\s+\d|Глава\s+[IVX\d]|\d{1,2}\.\s|\d{1,2}\)\s|"
    r"[а-я]\)\s|Утвердить|Внести|Признать|Установить|Назначить|Создать|Образовать|"
    r"Освободить|Наградить|Присвоить|Правительство Российской Федерации постановляет|"
    r"Государственная Дума|Законодательное Собрание)",
    {
        "В соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ": True,
        "ПРИКАЗЫВАЮ:": True,
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

RULES = (TYPE_LINE, NOTE, BODY_START, STRONG_BODY, TITLE_START)
