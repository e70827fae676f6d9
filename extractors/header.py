"""Header of an act: type, number, date, issuer, place, title, signatory, approval, period.

Layout rules lead. The header is read as lines (paragraphs, and table cells for headers laid out
in tables) around an anchor, the type line («ПРИКАЗ», «П О С Т А Н О В Л Е Н И Е»,
«УКАЗ / ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ»):

- above it: the issuer block, one unit per line group («АДМИНИСТРАЦИЯ УМЁТСКОГО РАЙОНА /
  ТАМБОВСКОЙ ОБЛАСТИ»); a unit that is a subdivision with no parent in its own name
  («ОТДЕЛ ОБРАЗОВАНИЯ») takes the unit above it in genitive; territory lines («РОССИЙСКАЯ
  ФЕДЕРАЦИЯ», «Республика Бурятия»), lines in another language and registration notes are skipped;
- below it: a genitive issuer («ПРЕЗИДЕНТА …»), date / number / place lines in any order, notes
  («Утратило силу …», «(в ред. …)»), then the title block;
- acts dated at the end (decrees, laws): the sign-off block «Москва, Кремль / 29 июля 2002 года /
  N 798», never the Duma's «Принят … » date;
- the signature: a position line followed by a name, or both on one line.

An attachment that starts «УТВЕРЖДЕН приказом … от … № …» takes type, issuer, number and date
from that phrase (`approved_by`), and its own heading as title.

Normal forms: doc_type lower case nominative; number without N/№, inner dashes unspaced;
signatory «И.О. Фамилия» (initials without spaces, one space, surname capitalised: «Ю.В. Ефремов»,
«В. Путин»); issuer nominative full form in normal case, `issuer_short` from the federal
vocabulary; federal laws have no issuer (None). Every value found gets a `FieldSpan`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prikaz.extractors.actparts import (
    ACT_TYPE_RE,
    act_type_of,
    clean_number,
    find_date,
    find_number,
)
from prikaz.model import Document, Paragraph, Table
from prikaz.morphology import (
    is_abbreviation,
    is_caps,
    morph,
    restore_case,
    to_genitive,
    to_nominative,
)
from prikaz.normalizers.issuers import normalize_issuer
from prikaz.records import FieldSpan, Header

# ---------------------------------------------------------------------------------------------
# Lines with a map back to Document.text


@dataclass(slots=True)
class Line:
    """One header line: cleaned text and, per character, its offset in `Document.text`."""

    text: str
    offsets: list[int]
    page: int
    blank_before: bool
    in_table: bool = False
    table_rows: int = 0

    def span(self, field: str, start: int = 0, end: int | None = None) -> FieldSpan:
        end = len(self.text) if end is None else end
        start = max(0, min(start, len(self.text) - 1))
        end = max(start + 1, min(end, len(self.text)))
        return FieldSpan(field, self.offsets[start], self.offsets[end - 1] + 1, self.page)


_MARKUP = re.compile(r"</?(?:b|p|i|u|em|strong|span|div|br)\b[^>]*>|\*\*", re.IGNORECASE)


_TOKEN = re.compile(r"[^\s\u00a0]+")
_SKIP = "\x00"  # stands for a markup character: dropped, but not a word boundary


def _make_line(
    text: str, start: int, end: int, page: int, prev_end: int | None, **kw: object
) -> Line | None:
    """A cleaned line (markup dropped, whitespace collapsed) keeping each char's offset."""
    raw = text[start:end]
    if "<" in raw or "*" in raw:
        raw = _MARKUP.sub(lambda m: _SKIP * (m.end() - m.start()), raw)
    chars: list[str] = []
    offsets: list[int] = []
    for m in _TOKEN.finditer(raw):
        token = m.group()
        if _SKIP in token:
            kept = [i for i, ch in enumerate(token) if ch != _SKIP]
            if not kept:
                continue
            if chars:
                chars.append(" ")
                offsets.append(start + m.start() + kept[0] - 1)
            chars.append(token.replace(_SKIP, ""))
            offsets.extend(start + m.start() + i for i in kept)
            continue
        if chars:
            chars.append(" ")
            offsets.append(start + m.start() - 1)
        chars.append(token)
        offsets.extend(range(start + m.start(), start + m.end()))
    if not chars:
        return None
    gap = text[prev_end:start] if prev_end is not None else ""
    blank = gap.count("\n") >= 2
    return Line("".join(chars), offsets, page, blank, **kw)  # type: ignore[arg-type]


def document_lines(doc: Document) -> list[Line]:
    """Paragraphs and table cells as lines, in reading order."""
    lines: list[Line] = []
    prev_end: int | None = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            line = _make_line(doc.text, block.span.start, block.span.end, block.page, prev_end)
            if line:
                lines.append(line)
            prev_end = block.span.end
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    line = _make_line(
                        doc.text,
                        cell.span.start,
                        cell.span.end,
                        cell.page,
                        prev_end,
                        in_table=True,
                        table_rows=len(block.rows),
                    )
                    if line:
                        lines.append(line)
                    prev_end = cell.span.end
    return lines


# ---------------------------------------------------------------------------------------------
# Rule tables, each next to the phrases it must handle


def despace(text: str) -> str:
    """Letters spaced out for emphasis joined back: «У К А З» → «УКАЗ»."""
    return re.sub(
        r"(?<![А-ЯЁа-яё])((?:[А-ЯЁа-яё] ){2,}[А-ЯЁа-яё])(?![А-ЯЁа-яё])",
        lambda m: m.group(1).replace(" ", ""),
        text,
    )


_TYPE_WORDS = (
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
)
TYPE_LINE_RE = re.compile(
    r"^(?P<type>" + "|".join(_TYPE_WORDS) + r")(?![А-ЯЁа-яё])\s*(?P<rest>.*)$", re.IGNORECASE
)
# line → (doc_type, what is left on the line)
TYPE_LINE_EXAMPLES: dict[str, tuple[str, str]] = {
    "ПРИКАЗ": ("приказ", ""),
    "Р А С П О Р Я Ж Е Н И Е": ("распоряжение", ""),
    "П О С Т А Н О В Л Е Н И Е": ("постановление", ""),
    "ФЕДЕРАЛЬНЫЙ ЗАКОН": ("федеральный закон", ""),
    "РЕШЕНИЕ ПРАВЛЕНИЯ": ("решение", "ПРАВЛЕНИЯ"),
    "ПРИКАЗ от 12.03.2021 № 45": ("приказ", "от 12.03.2021 № 45"),
    "Распоряжение": ("распоряжение", ""),
}


def match_type_line(text: str) -> tuple[str, str] | None:
    """(doc_type, rest) when `text` is a type line; None otherwise."""
    t = despace(text.strip().strip("*").strip())
    m = TYPE_LINE_RE.match(t)
    if not m:
        return None
    word, rest = m.group("type"), m.group("rest").strip()
    if not (word.isupper() or not rest or re.match(r"(?:от\b|№|N\s?\d)", rest, re.IGNORECASE)):
        return None
    if rest and not is_caps(rest) and not re.match(r"(?:от\b|№|N\s?\d)", rest, re.I):
        return None
    if rest.endswith(":"):
        return None
    return " ".join(word.lower().split()), rest


NOTE_RE = re.compile(
    r"^(?:Зарегистрирован\w*\b|Утрат\w*\s+сил|Документ предоставлен|Опубликован|"
    r"Официально опубликован|Текст документа|Источник|\(в ред\.|\(ред\.|\(с изм|"
    r"Список изменяющих|\(с учетом|\(введен|\(Зарегистрирован|Редакция|\(в\s+редакции)",
    re.IGNORECASE,
)
NOTE_EXAMPLES = (
    "Зарегистрировано в Минюсте России 3 мая 2019 г. N 12345",
    "Утратило силу - Приказ Министерства от 01.02.2010 N 5",
    "(в ред. Постановления Правительства РФ от 11.05.2010 N 653)",
    "(с изм. от 09.01.2003)",
)

# First words of the act's body: the title block ends before them.
BODY_START_RE = re.compile(
    r"^(?:В соответствии|В целях|Во исполнение|На основании|В связи|Руководствуясь|"
    r"Рассмотрев|Согласно|В порядке|Учитывая|ПРИКАЗЫВАЮ|ПОСТАНОВЛЯ|РЕШИЛ|ОБЯЗЫВАЮ|"
    r"ПРЕДЛАГАЮ|Принят\b|Одобрен\b|Статья\s+\d|Глава\s+[IVX\d]|\d{1,2}\.\s|\d{1,2}\)\s|"
    r"[а-я]\)\s|Утвердить|Внести|Признать|Установить|Назначить|Создать|Образовать|"
    r"Освободить|Наградить|Присвоить|Правительство Российской Федерации постановляет|"
    r"Государственная Дума|Законодательное Собрание)",
    re.IGNORECASE,
)
BODY_START_EXAMPLES = (
    "В соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ",
    "ПРИКАЗЫВАЮ:",
    "1. Утвердить прилагаемый план.",
    "Принят Государственной Думой",
    "Статья 1. Настоящий закон",
)

TITLE_START_RE = re.compile(
    r"^(?:О|ОБ|ОБО|ПО|В|НА|ЗА|С|ВОПРОСЫ|ВОПРОС|ПОЛОЖЕНИЕ|ПОРЯДОК)(?![А-ЯЁа-яё])", re.IGNORECASE
)

# Settlement prefixes of a place line: «р.п. Умёт», «п.Таксимо», «г. Томск», «с. Ивановка».
PLACE_RE = re.compile(
    r"^(?:г\.|гор\.|город|р\.\s?п\.|рп\.?|пгт\.?|п\.\s?г\.\s?т\.|пос\.|п\.|с\.|д\.|ст\.|ст-ца|"
    r"х\.|аул|село|поселок|посёлок|деревня|станица)\s?[А-ЯЁ][А-ЯЁа-яё-]+(?:\s[А-ЯЁ][а-яё-]+)?$"
)
PLACE_EXAMPLES: dict[str, str] = {
    "р.п. Умёт": "р.п. Умёт",
    "п.Таксимо": "п.Таксимо",
    "г. Томск": "г. Томск",
    "Томск": "Томск",
    "Москва, Кремль": "Москва",
    "Санкт-Петербург,": "Санкт-Петербург",
}


def match_place(text: str) -> str | None:
    """The place a short header line names, or None."""
    t = text.strip().strip("*").strip()
    if len(t) > 40 or not t:
        return None
    if PLACE_RE.match(t):
        return t
    m = re.match(r"^([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)(?:\s*,.*)?$", t)
    if m:
        word = m.group(1)
        if any("Geox" in p.tag for p in morph().parse(word.lower())[:2]):
            return word
    return None


POSITION_RE = re.compile(
    r"^(?:Глава|Начальник\w*|Директор\w*|Президент|Председател\w+|Министр|Заместител\w+|"
    r"Первый заместитель|Руководител\w+|И\.\s?о\.|Исполняющ\w+|Временно|Врио|ВРИО|Губернатор|"
    r"Мэр|Заведующ\w+|Ректор|Генеральный директор|Управляющ\w+|Статс-секретарь|Секретарь|"
    r"Прокурор|Командующ\w+|Уполномоченн\w+|Вице-\w+|Член|Заместитель)(?![а-яё])",
    re.IGNORECASE,
)
_RANK_RE = re.compile(
    r"^(?:генерал|адмирал|маршал|полковник|подполковник|действительный государственный советник)",
    re.IGNORECASE,
)
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})?"
NAME_IOF_RE = re.compile(r"(?P<i1>[А-ЯЁ])\.\s?(?:(?P<i2>[А-ЯЁ])\.\s?)?(?P<sur>" + _SURNAME + r")$")
NAME_FIO_RE = re.compile(
    r"(?P<sur>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s(?P<i1>[А-ЯЁ])\.\s?(?:(?P<i2>[А-ЯЁ])\.?)?$"
)
# signature text → normalised signatory
SIGNATORY_EXAMPLES: dict[str, str] = {
    "Ю.В.Ефремов": "Ю.В. Ефремов",
    "Н.В. Тарханова": "Н.В. Тарханова",
    "В.Путин": "В. Путин",
    "В. ПУТИН": "В. Путин",
    "Б. В. ГРЫЗЛОВ": "Б.В. Грызлов",
    "Сергеева И. М.": "И.М. Сергеева",
}


def match_name(text: str) -> tuple[str, int] | None:
    """(normalised «И.О. Фамилия», start of the name in `text`) when `text` ends with a name."""
    t = text.rstrip()
    for rx in (NAME_IOF_RE, NAME_FIO_RE):
        m = rx.search(t)
        if m and (m.start() == 0 or t[m.start() - 1] == " "):
            sur = "-".join(p[:1] + p[1:].lower() for p in m.group("sur").split("-"))
            initials = m.group("i1") + "." + (m.group("i2") + "." if m.group("i2") else "")
            return f"{initials} {sur}", m.start()
    return None


PERIOD_RE = re.compile(
    r"(?:\bна\s+|\(\s*)(?P<a>(?:19|20)\d\d)\s*[-–—]\s*(?P<b>(?:19|20)\d\d)\s*"
    r"(?:гг\.?|годы|годов|год|г\.г\.)?",
    re.IGNORECASE,
)
PERIOD_EXAMPLES: dict[str, tuple[int, int] | None] = {
    "План мероприятий на 2023 - 2024 гг.": (2023, 2024),
    "развития наставничества (2021 - 2024 годы)": (2021, 2024),
    "программа «Развитие … на 2020-2024 гг.»": (2020, 2024),
    "медаль в честь Победы 1941 - 1945 гг.": None,
}


def find_period(text: str) -> tuple[int, int, int, int] | None:
    """(start year, end year, match start, match end) of a programme period in a title."""
    for m in PERIOD_RE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a <= b <= a + 30:
            return a, b, m.start("a"), m.end("b")
    return None


APPROVAL_RE = re.compile(r"^(?:УТВЕРЖДЕН[АОЫ]?|Утвержден[аоы]?)(?![А-ЯЁа-яё])")

# Nouns heading an organisation's name (as opposed to a territory line).
ORG_HEADS = {
    "администрация",
    "министерство",
    "министр",
    "департамент",
    "управление",
    "отдел",
    "комитет",
    "правительство",
    "дума",
    "собрание",
    "совет",
    "учреждение",
    "служба",
    "агентство",
    "инспекция",
    "комиссия",
    "президент",
    "глава",
    "губернатор",
    "мэр",
    "банк",
    "общество",
    "организация",
    "корпорация",
    "фонд",
    "палата",
    "суд",
    "прокуратура",
    "правление",
    "центр",
    "школа",
    "гимназия",
    "лицей",
    "колледж",
    "университет",
    "институт",
    "академия",
    "предприятие",
    "сектор",
    "мэрия",
    "управа",
    "аппарат",
    "префектура",
    "кабинет",
    "хурал",
    "курултай",
    "ассамблея",
    "представительство",
}
# Units that belong to the unit above them when their own name names no parent.
SUBDIVISION_HEADS = {
    "отдел",
    "управление",
    "комитет",
    "департамент",
    "сектор",
    "правление",
    "служба",
    "аппарат",
    "инспекция",
    "комиссия",
}
_LAW_TYPES = {"федеральный закон", "федеральный конституционный закон", "закон"}

_WORD_RE = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")


def _first_word(text: str) -> str | None:
    m = _WORD_RE.search(text)
    return m.group(0) if m else None


def _is_foreign(text: str) -> bool:
    """A line in another language (Buryat, Tatar…) of a bilingual header."""
    words = [w for w in _WORD_RE.findall(text) if len(w) > 5 and not w.isupper()]
    words += [w for w in _WORD_RE.findall(text) if len(w) > 5 and w.isupper()]
    if len(words) < 1:
        return False
    unknown = sum(1 for w in words if not morph().word_is_known(w.lower()))
    return unknown / len(words) > 0.5


def _starts_unit(text: str) -> bool:
    t = text.lstrip('*« "(')
    if t != text.lstrip("* ") or not t[:1].isupper():
        return False
    word = _first_word(t)
    if word is None:
        return False
    if is_abbreviation(word):
        return True
    return any(
        p.tag.case == "nomn" and (p.tag.number == "sing" or "Pltm" in p.tag)
        for p in morph().parse(word.lower())
        if p.tag.POS in ("NOUN", "ADJF", "PRTF")
    )


def _unquoted(text: str) -> str:
    return re.sub(r"«[^»]*»|\"[^\"]*\"", " ", text)


def _head_lemma(text: str) -> str | None:
    for word in _WORD_RE.findall(_unquoted(text)):
        if is_abbreviation(word):
            continue
        for p in morph().parse(word.lower())[:3]:
            if p.tag.POS == "NOUN":
                return str(p.normal_form)
    return None


def _is_org(text: str) -> bool:
    first = _first_word(text)
    if first and is_abbreviation(first) and re.search(r"[«\"]", text):
        return True
    return _head_lemma(text) in ORG_HEADS


def _needs_parent(unit: str) -> bool:
    """A subdivision whose name does not name the body it belongs to («Отдел образования»)."""
    if _head_lemma(unit) not in SUBDIVISION_HEADS:
        return False
    words = _WORD_RE.findall(_unquoted(unit))
    return not any(w[:1].isupper() for w in words[1:])


def _is_genitive_start(text: str) -> bool:
    word = _first_word(text)
    if word is None or TITLE_START_RE.match(text):
        return False
    parses = morph().parse(word.lower())
    top = parses[0]
    if top.tag.POS not in ("NOUN", "ADJF", "PRTF"):
        return False
    return top.tag.case == "gent" and not any(
        p.tag.case == "nomn" and p.tag.number == "sing" for p in parses
    )


def _is_date_number_line(text: str) -> bool:
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
    rest = re.sub(r"\b(?:от|г|года)\b\.?|[«»\"№.,]", " ", rest, flags=re.IGNORECASE).strip()
    return len(rest) <= 3 or match_place(rest) is not None


def _skip_note(lines: list[Line], i: int) -> int:
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


# ---------------------------------------------------------------------------------------------
# Extraction


@dataclass(slots=True)
class _State:
    header: Header
    lines: list[Line]

    def set(self, field: str, value: object, line: Line, start: int = 0, end: int | None = None):
        if value is None or getattr(self.header, field) is not None:
            return
        setattr(self.header, field, value)
        self.header.spans.append(line.span(field, start, end))


def _take_date_number(st: _State, line: Line) -> None:
    d = find_date(line.text)
    if d:
        st.set("date", d[0], line, d[1], d[2])
    n = find_number(line.text)
    if n and not (d and d[1] <= n[1] < d[2]):
        st.set("number", n[0], line, n[1], n[2])


def concat_lines(lines: list[Line]) -> Line:
    """Several lines as one, joined by single spaces, offsets kept."""
    text = ""
    offsets: list[int] = []
    for ln in lines:
        body = ln.text.strip("* ")
        if not body:
            continue
        lead = ln.text.index(body)
        if text:
            text += " "
            offsets.append(offsets[-1])
        text += body
        offsets.extend(ln.offsets[lead : lead + len(body)])
    return Line(text, offsets, lines[0].page if lines else 1, False)


def _join(lines: list[Line]) -> str:
    return " ".join(ln.text.strip("* ") for ln in lines).strip()


def _span_lines(field: str, lines: list[Line]) -> FieldSpan:
    first, last = lines[0], lines[-1]
    return FieldSpan(field, first.offsets[0], last.offsets[-1] + 1, first.page)


_STRONG_BODY_RE = re.compile(r"^(?:ПРИКАЗЫВАЮ|ПОСТАНОВЛЯ|РЕШИЛ|ОБЯЗЫВАЮ|ПРЕДЛАГАЮ|П О С Т А Н)")


def _starts_with_infinitive(text: str) -> bool:
    """«Включить в состав …»: an act's body, never its title."""
    word = _first_word(text)
    return bool(word) and morph().parse(word.lower())[0].tag.POS == "INFN"


def _few_letters(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) < 3


def _title_block(lines: list[Line], i: int, limit: int = 15) -> list[Line]:
    """The title lines starting at lines[i]: until a blank line, a body start or a case change.

    A title in capitals runs over the following capital lines (and lines of digits such as
    «1941 - 1945 ГГ.»); a title in normal case stops at the first line that starts the body.
    """
    first = lines[i]
    if BODY_START_RE.match(first.text) or first.in_table or _starts_with_infinitive(first.text):
        return []
    caps = is_caps(first.text)
    block = [first]
    for j in range(i + 1, min(len(lines), i + limit)):
        ln = lines[j]
        if ln.blank_before or ln.in_table:
            break
        if match_type_line(ln.text) or APPROVAL_RE.match(ln.text):
            break
        if caps:
            if _STRONG_BODY_RE.match(ln.text) or not (is_caps(ln.text) or _few_letters(ln.text)):
                break
        elif BODY_START_RE.match(ln.text) or NOTE_RE.match(ln.text):
            break
        block.append(ln)
    return block


def _set_title(st: _State, block: list[Line]) -> None:
    if not block:
        return
    text = _join(block)
    text = re.sub(r"\s+", " ", text).strip()
    if is_caps(text):
        text = restore_case(text)
    # Initials written with a space after the dot («Д. А. Волкогонова») joined: «Д.А.».
    text = re.sub(r"(?<![А-ЯЁа-яё])([А-ЯЁ])\.\s(?=[А-ЯЁ]\.)", r"\1.", text)
    st.header.title = text
    st.header.spans.append(_span_lines("title", block))
    joined = concat_lines(block)
    period = find_period(joined.text)
    if period:
        st.header.period_start, st.header.period_end = period[0], period[1]
        st.header.spans.append(joined.span("period_start", period[2], period[2] + 4))
        st.header.spans.append(joined.span("period_end", period[3] - 4, period[3]))


def _issuer_from_units(units: list[list[Line]]) -> tuple[str, list[Line]] | None:
    orgs = [(restore_case(_join(u)), u) for u in units]
    orgs = [(t, u) for t, u in orgs if _is_org(t)]
    if not orgs:
        return None
    text, lines = orgs[-1]
    if len(orgs) >= 2 and _needs_parent(text):
        parent, parent_lines = orgs[-2]
        text = f"{text} {to_genitive(parent)}"
        lines = parent_lines + lines
    return text, lines


def _pre_units(lines: list[Line]) -> list[list[Line]]:
    units: list[list[Line]] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if NOTE_RE.match(ln.text):
            i = _skip_note(lines, i)
            continue
        if _is_foreign(ln.text) or APPROVAL_RE.match(ln.text):
            i += 1
            continue
        if not units or _starts_unit(ln.text) or ln.blank_before:
            units.append([ln])
        else:
            units[-1].append(ln)
        i += 1
    return units


def _signature(st: _State, lines: list[Line], start: int) -> None:
    for i in range(start, len(lines)):
        ln = lines[i]
        if ln.in_table and ln.table_rows > 3:
            continue
        if len(ln.text) > 140:
            continue
        name = match_name(ln.text)
        if not name:
            continue
        signatory, at = name
        head = ln.text[:at].strip()
        position_lines: list[Line] = []
        position: str | None = None
        if head:
            if not POSITION_RE.match(head):
                continue
            position = head
        else:
            k = i - 1
            back: list[Line] = []
            while k >= max(start, i - 6):
                prev = lines[k]
                if len(prev.text) > 90 or (
                    prev.text.endswith((".", ";", ":"))
                    and not re.search(
                        r"\b[А-ЯЁ]\.\s?[а-я]\.$|\bи\.\s?о\.$", prev.text, re.IGNORECASE
                    )
                ):
                    break
                back.insert(0, prev)
                if POSITION_RE.match(prev.text):
                    break
                k -= 1
            if not back or not POSITION_RE.match(back[0].text):
                continue
            position_lines = [b for b in back if not _RANK_RE.match(b.text)]
            position = _join(position_lines)
        if position and is_caps(position):
            position = restore_case(position)
        st.set("signatory", signatory, ln, at)
        if position:
            st.header.signatory_position = re.sub(r"\s+", " ", position).strip(" ,")
            if position_lines:
                st.header.spans.append(_span_lines("signatory_position", position_lines))
            else:
                st.header.spans.append(ln.span("signatory_position", 0, len(head)))
        return


def _sign_off(st: _State, lines: list[Line], start: int) -> None:
    """Date and number after the signature: «Москва, Кремль / 29 июля 2002 года / N 798».

    The date stands alone on its line (no «от», no number: those are amendment notes) and the
    number alone on one of the next two lines.
    """
    for i in range(start, len(lines)):
        ln = lines[i]
        d = find_date(ln.text)
        if not d or len(ln.text) > 30 or find_number(ln.text):
            continue
        if re.match(r"^\(?\s*от\b", ln.text) or not _is_date_number_line(ln.text):
            continue
        for j in range(i + 1, min(len(lines), i + 3)):
            n = find_number(lines[j].text)
            if n and re.fullmatch(r"(?:№|N)\s*\S.{0,25}", lines[j].text.strip()):
                st.set("date", d[0], ln, d[1], d[2])
                st.set("number", n[0], lines[j], n[1], n[2])
                for k in (i - 1, i - 2):
                    if k >= 0 and (place := match_place(lines[k].text)):
                        st.set("place", place, lines[k], 0, len(place))
                        break
                return


def _approval(st: _State, lines: list[Line], i: int) -> int:
    """An attachment's «УТВЕРЖДЕН приказом … от … № …»; returns the index after the block."""
    block: list[Line] = []
    for j in range(i, min(len(lines), i + 10)):
        block.append(lines[j])
        if find_number(lines[j].text) or (j > i and find_date(lines[j].text)):
            if find_number(lines[j].text):
                break
            if j + 1 < len(lines) and find_number(lines[j + 1].text):
                continue
            break
    joined = concat_lines(block)
    text = joined.text
    st.header.approved_by = text
    st.header.spans.append(joined.span("approved_by"))
    m = ACT_TYPE_RE.search(text)
    if m:
        st.header.doc_type = act_type_of(m)
        st.header.spans.append(joined.span("doc_type", m.start(), m.end()))
        after = text[m.end() :]
        cut = re.search(r"\s(?:от\s+[«\"]?\d|№|N\s?\d)", after)
        issuer_raw = after[: cut.start()] if cut else ""
        lead = len(issuer_raw) - len(issuer_raw.lstrip(" ,"))
        issuer_raw = issuer_raw.strip(" ,")
        if issuer_raw:
            st.header.issuer = to_nominative(restore_case(issuer_raw), "gent")
            a = m.end() + lead
            st.header.spans.append(joined.span("issuer", a, a + len(issuer_raw)))
    _take_date_number(st, joined)
    return i + len(block)


def extract_header(doc: Document) -> Header:
    """The header of `doc`. Pure; never raises on odd input (a failure becomes a warning)."""
    header = Header()
    try:
        _extract(doc, header)
    except Exception as exc:  # a header is best effort: never fail the document
        header.warnings.append(f"header: {type(exc).__name__}: {exc}")
    return header


def _extract(doc: Document, header: Header) -> None:
    lines = document_lines(doc)
    st = _State(header, lines)
    if not lines:
        return
    scan = min(len(lines), 40)
    type_at: int | None = None
    approval_at: int | None = None
    for i in range(scan):
        text = lines[i].text
        if type_at is None and approval_at is None and APPROVAL_RE.match(text) and i < 8:
            approval_at = i
            break
        if match_type_line(text):
            type_at = i
            break
    body_from = 0
    if approval_at is not None:
        after = _approval(st, lines, approval_at)
        k = after
        while k < len(lines) and (NOTE_RE.match(lines[k].text) or not lines[k].text.strip("*")):
            k += 1
        if k < len(lines):
            block = _title_block(lines, k)
            _set_title(st, block)
            body_from = k + len(block)
    else:
        body_from = _main_header(st, lines, type_at)
    if header.date is None or header.number is None:
        _sign_off(st, lines, body_from)
    _signature(st, lines, body_from)
    if header.issuer:
        header.issuer_short = normalize_issuer(header.issuer)[1]


def _main_header(st: _State, lines: list[Line], type_at: int | None) -> int:
    header = st.header
    post_start = 0
    pre: list[Line] = []
    gen_issuer: list[Line] = []
    if type_at is not None:
        tl = lines[type_at]
        doc_type, rest = match_type_line(tl.text)  # type: ignore[misc]
        header.doc_type = doc_type
        header.spans.append(tl.span("doc_type", 0, len(tl.text) - len(rest)))
        if rest:
            if find_date(rest) or find_number(rest):
                _take_date_number(st, tl)
            elif is_caps(rest):
                gen_issuer.append(
                    Line(
                        rest,
                        tl.offsets[len(tl.text) - len(rest) :],
                        tl.page,
                        False,
                    )
                )
        pre = lines[:type_at]
        post_start = type_at + 1
    i = post_start
    title_block: list[Line] = []
    end = min(len(lines), post_start + 30)
    while i < end:
        ln = lines[i]
        text = ln.text
        if NOTE_RE.match(text):
            i = _skip_note(lines, i)
            continue
        if re.fullmatch(r"[\s*_\-–—]*", text):
            i += 1
            continue
        if _is_date_number_line(text):
            _take_date_number(st, ln)
            d, n = find_date(text), find_number(text)
            rest = text
            for part in (d, n):
                if part:
                    rest = rest.replace(text[part[1] : part[2]], " ")
            rest = re.sub(r"\b(?:от|г|года)\b\.?|[«»\"№.,]", " ", rest, flags=re.I).strip()
            if rest and (place := match_place(rest)):
                st.set("place", place, ln, text.find(place), text.find(place) + len(place))
            i += 1
            continue
        place = match_place(text)
        if place and header.title is None:
            st.set("place", place, ln, 0, len(place))
            i += 1
            continue
        if (
            not title_block
            and header.date is None
            and is_caps(text)
            and _is_genitive_start(text)
            and (not gen_issuer or gen_issuer[-1] is lines[i - 1])
        ):
            gen_issuer.append(ln)
            i += 1
            continue
        if type_at is None and i < 15 and not BODY_START_RE.match(text):
            # No type line: an issuer/heading zone we cannot read reliably; keep looking for
            # the date and number only.
            i += 1
            continue
        title_block = _title_block(lines, i)
        _set_title(st, title_block)
        i += max(1, len(title_block))
        break
    body_from = i
    # Issuer: the genitive after the type word, completed by the block above when needed.
    if header.doc_type in _LAW_TYPES:
        pass
    elif gen_issuer:
        text = to_nominative(restore_case(_join(gen_issuer)), "gent")
        span_lines = gen_issuer
        if _needs_parent(text):
            parent = _issuer_from_units(_pre_units(pre))
            if parent:
                text = f"{text} {to_genitive(parent[0])}"
                span_lines = parent[1] + gen_issuer
        header.issuer = text
        header.spans.append(_span_lines("issuer", span_lines))
    else:
        found = _issuer_from_units(_pre_units(pre))
        if found:
            header.issuer = found[0]
            header.spans.append(_span_lines("issuer", found[1]))
    if header.date is None or header.number is None:
        for ln in pre:
            if not NOTE_RE.match(ln.text) and _is_date_number_line(ln.text):
                _take_date_number(st, ln)
    return body_from


__all__ = [
    "TYPE_LINE_EXAMPLES",
    "Line",
    "clean_number",
    "document_lines",
    "extract_header",
    "match_name",
    "match_place",
    "match_type_line",
]
