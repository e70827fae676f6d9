"""Abbreviations a document defines, and what they stand for.

Two ways an order defines them:

- a block under a heading «Принятые сокращения:» / «Список сокращений» / «Сокращения:», one
  «ДОО ТО – Департамент общего образования Томской области;» per line (or a two-column table);
- inline, right after the phrase: «… методологии (целевой модели) наставничества …
  (далее -ЦМН)», «в информационной системе «Навигатор …» (далее - ИС «Навигатор ДО»)»,
  «… дорожную карту … (далее – Дорожная карта)».

For an inline acronym the full form is the nearest run of preceding words whose initials spell
it (function words and brackets skipped: «целевой модели) наставничества» for ЦМН), taken up to
a quoted name that follows it; for a short name made of words («Целевая модель») it runs from
the nearest preceding word with the same lemma as the short's first word up to «(далее».
The full form is put into nominative. A definition whose full form cannot be found is skipped.
"""

from __future__ import annotations

import re

from prikaz.model import Document, Paragraph, Table
from prikaz.morphology import inflect_head, morph
from prikaz.normalizers.regions import lemma
from prikaz.records import Abbreviation

_DASH = r"[-–—]"

BLOCK_HEADING = re.compile(
    r"^\W*(?:(?:принят\w*|используем\w*|основн\w*|список|перечень)\s+)?сокращени\w*"
    r"(?:\s+и\s+обозначени\w*)?\W*$",
    re.IGNORECASE,
)
BLOCK_HEADING_EXAMPLES = (
    "Принятые сокращения:",
    "**Список сокращений**",
    "Сокращения",
    "Используемые сокращения и обозначения:",
)

# «ДОО ТО – Департамент общего образования Томской области;», «ЦМН- Целевая модель …».
BLOCK_ENTRY = re.compile(
    r"^\s*(?P<short>[A-ZА-ЯЁ][\w«»\"./ -]{0,30}?)\s*"
    + _DASH
    + r"\s*(?P<full>[^;]{3,300}?)\s*[;.]?\s*$"
)
BLOCK_ENTRY_EXAMPLES: dict[str, tuple[str, str]] = {
    "ДОО ТО – Департамент общего образования Томской области;": (
        "ДОО ТО",
        "Департамент общего образования Томской области",
    ),
    "МОН НО - министерство образования и науки Нижегородской области;": (
        "МОН НО",
        "министерство образования и науки Нижегородской области",
    ),
    "ЦМН- Целевая модель наставничества.": ("ЦМН", "Целевая модель наставничества"),
    "ОО – общеобразовательные организации;": ("ОО", "общеобразовательные организации"),
    "НЦ – научные центры.": ("НЦ", "научные центры"),
}

# «(далее – ЦМН)», «(далее -ЦМН)», «(далее - ИС «Навигатор ДО»)», «(далее по тексту – Программа)».
INLINE = re.compile(
    r"\(\s*далее\s*(?:по\s+тексту\s*)?(?:[-–—:]\s*|[-–—]?\s*именуем\w*\s+)?"
    r"(?P<short>[^()\n\t]{1,60}?)\s*\)",
    re.IGNORECASE,
)
_FUNCTION_WORDS = {"и", "в", "во", "на", "по", "для", "с", "со", "о", "об", "от", "к", "при", "за"}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
CONTEXT_WORDS = 60

INLINE_EXAMPLES: dict[str, tuple[str, str]] = {
    "реализации методологии (целевой модели) наставничества обучающихся для организаций, "
    "осуществляющих образовательную деятельность (далее -ЦМН)": (
        "ЦМН",
        "целевая модель наставничества",
    ),
    "с учетом функционирования модуля «Наставничество» в информационной системе «Навигатор "
    "дополнительного образования детей Нижегородской области» (далее - ИС «Навигатор ДО»)": (
        "ИС «Навигатор ДО»",
        "информационная система «Навигатор дополнительного образования детей Нижегородской "
        "области»",
    ),
    "Утвердить прилагаемую Дорожную карту по реализации муниципальной программы (2021 - 2024 "
    "годы) (далее - Дорожная карта).": (
        "Дорожная карта",
        "Дорожная карта по реализации муниципальной программы (2021 - 2024 годы)",
    ),
    "Назначение кураторов внедрения ЦМН в образовательных организациях (далее - кураторы "
    "внедрения ЦМН).": (
        "кураторы внедрения ЦМН",
        "кураторы внедрения ЦМН в образовательных организациях",
    ),
    "Создать муниципальный опорный центр дополнительного образования детей (далее – МОЦ)": (
        "МОЦ",
        "муниципальный опорный центр",
    ),
    "Утвердить муниципальную программу развития наставничества на 2021-2024 годы (далее — "
    "Программа).": (
        "Программа",
        "муниципальная программа развития наставничества на 2021-2024 годы",
    ),
    "на основании положения о проведении конкурса (далее по тексту – Положение)": (
        "Положение",
        "положение о проведении конкурса",
    ),
}


def is_acronym(short: str) -> bool:
    """«ЦМН», «ИС «Навигатор ДО»», «ДОО ТО»: capitals before any quoted name."""
    head = re.split(r"[«\"]", short, maxsplit=1)[0].strip()
    letters = [ch for ch in head if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _acronym_letters(short: str) -> str:
    head = re.split(r"[«\"]", short, maxsplit=1)[0]
    return "".join(ch for ch in head if ch.isalpha()).lower()


def _clean(full: str) -> str:
    """Spaces collapsed, edge punctuation and unbalanced brackets dropped."""
    keep = []
    depth = 0
    for ch in full:
        if ch == ")" and depth == 0:
            continue
        depth += (ch == "(") - (ch == ")")
        keep.append(ch)
    full = "".join(keep)
    while depth > 0:  # an opening bracket never closed
        i = full.rfind("(")
        full = full[:i] + full[i + 1 :]
        depth -= 1
    return re.sub(r"\s+", " ", full).strip(" ,;:-–—")


def _quoted_after(context: str, pos: int) -> int:
    """End of a «quoted name» that starts right after `pos` (after spaces), else `pos`."""
    m = re.match(r"\s*«", context[pos:])
    if not m:
        return pos
    depth = 0
    for i in range(pos + m.end() - 1, len(context)):
        if context[i] == "«":
            depth += 1
        elif context[i] == "»":
            depth -= 1
            if depth == 0:
                return i + 1
    return pos


def full_of_acronym(short: str, context: str) -> str | None:
    """The phrase at the end of `context` whose words' initials spell the acronym `short`."""
    letters = _acronym_letters(short)
    words = list(_WORD.finditer(context))[-CONTEXT_WORDS:]
    best: tuple[int, int] | None = None
    for j in range(len(words) - 1, -1, -1):
        for i in range(j, -1, -1):
            run = [w.group(0) for w in words[i : j + 1]]
            if run[0].lower() in _FUNCTION_WORDS or run[-1].lower() in _FUNCTION_WORDS:
                continue
            initials = "".join(w[0].lower() for w in run if w.lower() not in _FUNCTION_WORDS)
            if initials == letters:
                best = (i, j)
                break
            if len(initials) > len(letters):
                break
        if best:
            break
    if best is None:
        return None
    start, end = words[best[0]].start(), words[best[1]].end()
    end = _quoted_after(context, end)
    return _clean(context[start:end])


def full_of_name(short: str, context: str) -> str | None:
    """The phrase from the nearest word sharing the lemma of the short's first word to the end."""
    first = _WORD.search(short)
    if first is None:
        return None
    key = lemma(first.group(0))
    words = list(_WORD.finditer(context))[-CONTEXT_WORDS:]
    for k in range(len(words) - 1, -1, -1):
        if lemma(words[k].group(0)) == key:
            while k > 0 and _is_adjective(words[k - 1].group(0)):
                k -= 1  # «муниципальную программу»: the adjectives before it belong to it
            return _clean(context[words[k].start() :])
    return None


def _is_adjective(word: str) -> bool:
    return morph().parse(word.lower())[0].tag.POS == "ADJF"


def _nominative(phrase: str) -> str:
    """`phrase` with its head in nominative; the case is the first one its words agree in."""
    nom = phrase
    for case in ("gent", "accs", "datv", "ablt", "loct"):
        nom = inflect_head(phrase, "nomn", case)
        if nom != phrase:
            break
    if phrase[:1].isupper():
        nom = nom[:1].upper() + nom[1:]
    return nom


def find_inline(text: str) -> list[Abbreviation]:
    """Inline definitions «(далее – X)» in `text`, with offsets in `text`."""
    out: list[Abbreviation] = []
    for m in INLINE.finditer(text):
        short = m.group("short").strip(" .,")
        if not short:
            continue
        line_start = max(text.rfind("\n", 0, m.start()), text.rfind("\t", 0, m.start())) + 1
        context = text[line_start : m.start()]
        if is_acronym(short):
            full = full_of_acronym(short, context)
        else:
            full = full_of_name(short, context)
        if not full:
            continue
        start = m.start() - len(context) + context.find(full.split()[0])
        out.append(Abbreviation(short, _nominative(full), max(start, line_start), m.end()))
    return out


def parse_block_entry(text: str) -> tuple[str, str] | None:
    m = BLOCK_ENTRY.match(text.strip().strip("*"))
    if not m or not is_acronym(m.group("short")):
        return None
    return m.group("short").strip(), m.group("full").strip()


def find_blocks(doc: Document) -> list[Abbreviation]:
    """Entries of «Принятые сокращения» blocks (paragraphs or a two-column table after it)."""
    out: list[Abbreviation] = []
    blocks = list(doc.blocks)
    for i, block in enumerate(blocks):
        if not (isinstance(block, Paragraph) and BLOCK_HEADING.match(block.text.strip())):
            continue
        for nxt in blocks[i + 1 :]:
            if isinstance(nxt, Table):
                out.extend(_table_entries(doc, nxt))
                break
            if not nxt.text.strip():
                continue
            entries = [_entry(doc, nxt, part) for part in nxt.text.split(";") if part.strip()]
            found = [e for e in entries if e is not None]
            if not found:
                break
            out.extend(found)
    return out


def _entry(doc: Document, para: Paragraph, part: str) -> Abbreviation | None:
    parsed = parse_block_entry(part)
    if parsed is None:
        return None
    start = doc.text.find(part.strip(), para.span.start, para.span.end + 1)
    start = start if start >= 0 else para.span.start
    return Abbreviation(parsed[0], parsed[1], start, start + len(part.strip()))


def _table_entries(doc: Document, table: Table) -> list[Abbreviation]:
    out = []
    for row in table.rows:
        texts = [c for c in row.cells if c.text.strip()]
        if len(texts) == 2 and is_acronym(texts[0].text.strip()):
            full = texts[1].text.strip().strip(";.").lstrip("–—- ")
            out.append(Abbreviation(texts[0].text.strip(), full, row.span.start, row.span.end))
    return out


def extract_abbreviations(doc: Document) -> list[Abbreviation]:
    """Every abbreviation the document defines, in text order, duplicates dropped."""
    found = sorted([*find_blocks(doc), *find_inline(doc.text)], key=lambda a: a.span_start)
    seen: set[tuple[str, str]] = set()
    out = []
    for a in found:
        key = (a.short, a.full.casefold())
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def abbreviation_map(abbreviations: list[Abbreviation]) -> dict[str, str]:
    """short → full; a «Принятые сокращения» definition (an acronym) wins over a later one."""
    out: dict[str, str] = {}
    for a in abbreviations:
        out.setdefault(a.short, a.full)
    return out
