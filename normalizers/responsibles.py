"""A responsible cell split into parties, each typed ORG / PER / POSITION / GROUP.

`split_parties(cell, abbreviations)` cuts a cell such as «Евстропова Л.Г., заведующий РДМЦ,
специалисты РУО методисты РДМЦ» or «ОГБУ «РЦРО» МОУО ОО, ДО» into parties:

- at line breaks (the roadmap extractor joins sub-rows with «\\n»), commas and semicolons, never
  inside «quotes» or (brackets);
- at a line break the text lost: a space after an abbreviation or a closing quote, before
  another abbreviation the document defines, a position or body word, or a person's name
  («ОГБУ «РЦРО» МОУО», «специалисты РУО методисты РДМЦ», «начальник РУО Евстропова Л.Г.»);
- a piece that cannot start a party (a genitive word, a preposition: «Управление образования,
  спорта и молодёжной политики …») is glued back to the one before;
- a person followed by a singular position is one party: «Евстропова Л.Г., заведующий РДМЦ».

Each party keeps its `slot`: the line of the cell it stands in, where the lines are the line
breaks and the lost ones (not the commas). A row listing k deadlines beside k slots pairs them
(`prikaz.normalizers.assignments`); «ОО, ДО» is one slot of two parties.

Types (a rule of thumb researchers can filter on):
- PER: a named person («Л.Г. Евстропова», with `position` «заведующий РДМЦ»);
- POSITION: holders of a position, no name («Руководители образовательных организаций»,
  «специалисты РУО», «кураторы реализации ЦМН»);
- GROUP: a class of bodies, plural head («образовательные организации», «ОО» = общеобразовательные
  организации, «МОУО», «предприятия», «организации-партнеры»);
- ORG: one body («Отдел образования администрации района», «ОГБУ «РЦРО»», «рабочая группа ЦМН»).

`name` is the party with the document's abbreviations expanded (a party that is an abbreviation
gets the full form; an abbreviation inside a name gets it in genitive: «рабочая группа ЦМН» →
«рабочая группа целевой модели наставничества»).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from prikaz.morphology import inflect_head, inflect_parse, morph
from prikaz.normalizers.regions import ORG_FORMS, lemma

POSITION_WORDS = frozenset(
    [
        "руководитель",
        "куратор",
        "специалист",
        "методист",
        "заведующий",
        "начальник",
        "директор",
        "заместитель",
        "глава",
        "председатель",
        "педагог",
        "учитель",
        "наставник",
        "координатор",
        "инспектор",
        "консультант",
        "советник",
        "психолог",
        "педагог-психолог",
        "воспитатель",
        "тьютор",
        "эксперт",
        "сотрудник",
        "работник",
        "администратор",
        "секретарь",
        "советник",
        "ответственный",
        "исполнитель",
        "представитель",
        "уполномоченный",
        "ректор",
        "проректор",
        "декан",
        "управляющий",
        "министр",
        "губернатор",
        "мэр",
        "заведующая",
    ]
)
BODY_WORDS = frozenset(
    [
        "отдел",
        "управление",
        "администрация",
        "департамент",
        "министерство",
        "комитет",
        "центр",
        "учреждение",
        "организация",
        "школа",
        "гимназия",
        "лицей",
        "совет",
        "служба",
        "агентство",
        "инспекция",
        "институт",
        "колледж",
        "техникум",
        "университет",
        "предприятие",
        "группа",
    ]
)

_OPEN = "«“„"
_CLOSE = "»”"
_ABBR = re.compile(r"^[A-ZА-ЯЁ]{2,}[A-ZА-ЯЁ0-9-]*$")
_INITIALS = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.?)?"
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
PERSON = re.compile(
    rf"(?P<si>(?P<s1>{_SURNAME})\s+(?P<i1>{_INITIALS}))(?![а-яё])"
    rf"|(?P<is>(?P<i2>{_INITIALS})\s?(?P<s2>{_SURNAME}))"
    rf"|(?P<full>(?P<s3>{_SURNAME})\s+(?P<n3>[А-ЯЁ][а-яё]+)\s+"
    rf"(?P<p3>[А-ЯЁ][а-яё]+(?:вич|вна|ична|чна|ич|оглы|кызы)))"
)
PERSON_EXAMPLES: dict[str, str] = {
    "Евстропова Л.Г.": "Л.Г. Евстропова",
    "У.В. Зарубина": "У.В. Зарубина",
    "Данченко Л. Н.": "Л.Н. Данченко",
    "Мелькова Ольга Владимировна": "О.В. Мелькова",
    "И. В. Цыганкова": "И.В. Цыганкова",
    "Салтыков-Щедрин М.Е.": "М.Е. Салтыков-Щедрин",
}


@dataclass(frozen=True, slots=True)
class Party:
    raw: str
    name: str
    entity_type: str  # ORG | PER | POSITION | GROUP
    person: str | None
    position: str | None
    slot: int  # line of the cell (line breaks, lost line breaks), from 0
    start: int  # offsets of `raw` in the cell
    end: int


def normalize_person(text: str) -> str | None:
    """«Евстропова Л.Г.» → «Л.Г. Евстропова»: initials without spaces, then the surname."""
    m = PERSON.fullmatch(text.strip().rstrip(","))
    if m is None:
        return None
    if m.group("si"):
        surname, initials = m.group("s1"), m.group("i1")
    elif m.group("is"):
        surname, initials = m.group("s2"), m.group("i2")
    else:
        surname = m.group("s3")
        initials = f"{m.group('n3')[0]}.{m.group('p3')[0]}."
    initials = re.sub(r"\s+", "", initials)
    if not initials.endswith("."):
        initials += "."
    return f"{initials} {nominative_surname(surname)}"


# Examples: a surname as written → its nominative, or as written when the case cannot be told
# («Смирнову» is Смирнов in the dative or Смирнова in the accusative).
SURNAME_EXAMPLES: dict[str, str] = {
    "Смирновой": "Смирнова",
    "Иванову": "Иванову",
    "Петрова": "Петрова",
    "Жовниренко": "Жовниренко",
    "Салтыков-Щедрин": "Салтыков-Щедрин",
}


def nominative_surname(surname: str) -> str:
    """The surname in the nominative when its other forms all lead to one; else as written."""
    if "-" in surname:
        return surname
    parses = [
        p for p in morph().parse(surname.lower()) if "Surn" in p.tag and p.tag.number == "sing"
    ]
    if not parses or any(p.tag.case == "nomn" for p in parses):
        return surname
    forms = {
        inflected.word for p in parses if (inflected := inflect_parse(p, {"nomn"})) is not None
    }
    if len(forms) != 1:
        return surname
    return forms.pop().capitalize()


def _protected(text: str) -> list[bool]:
    """True at characters inside «quotes» (nested) or (brackets)."""
    out = []
    quotes = brackets = 0
    for ch in text:
        if ch in _OPEN:
            quotes += 1
        elif ch in _CLOSE:
            quotes = max(0, quotes - 1)
            out.append(True)
            continue
        elif ch == "(":
            brackets += 1
        elif ch == ")":
            brackets = max(0, brackets - 1)
            out.append(True)
            continue
        out.append(quotes > 0 or brackets > 0)
    return out


def _is_abbr(token: str) -> bool:
    return bool(_ABBR.match(token.strip(",;")))


def _head_lemma(text: str) -> str | None:
    """Lemma of the first word; a position noun that is also a participle («заведующий»)
    keeps its noun lemma rather than the verb («заведовать»)."""
    m = re.match(r"\s*([^\W\d_]+(?:-[^\W\d_]+)*)", text)
    if m is None:
        return None
    word = m.group(1).lower().replace("ё", "е")
    if word in POSITION_WORDS or word in BODY_WORDS:
        return word
    for p in morph().parse(word):
        normal = str(p.normal_form).replace("ё", "е")
        if normal in POSITION_WORDS or normal in BODY_WORDS:
            return normal
    return lemma(word)


def _position_head(text: str) -> bool:
    """The phrase names a position: its first noun, after adjectives («ведущий»), is one."""
    for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", text):
        if _head_lemma(m.group(0)) in POSITION_WORDS:
            return True
        if not {p.tag.POS for p in morph().parse(m.group(0).lower())} & {"ADJF", "PRTF"}:
            return False
    return False


def _lost_breaks(cell: str, shorts: Mapping[str, str], protected: list[bool]) -> list[int]:
    """Offsets of spaces where a line break was lost (see the module doc)."""
    out = []
    for m in re.finditer(r"[ \t]+", cell):
        if protected[m.start()]:
            continue
        before = cell[: m.start()]
        after = cell[m.end() :]
        prev = before.split()[-1] if before.split() else ""
        if not prev or prev.endswith((",", ";")):
            continue
        prev_ends_name = _is_abbr(prev) or prev.endswith(tuple(_CLOSE)) or prev.endswith(")")
        if not prev_ends_name or prev in ORG_FORMS:
            continue
        nxt = after.split()[0] if after.split() else ""
        known = _starts_known_short(after, shorts) and not _continues_short(before, after, shorts)
        word = not _is_abbr(nxt) and _head_lemma(after) in POSITION_WORDS | BODY_WORDS
        # «У.В. Зарубина, начальник РУО | Евстропова Л.Г.»
        person = bool(PERSON.match(after)) and _person_before(before)
        if known or word or person:
            out.append(m.start())
    return out


def _person_before(before: str) -> bool:
    """The words before are the position of the person named just before them
    («У.В. Зарубина, начальник РУО»): a name after them starts a new party."""
    segments = re.split(r"[,;\n]", before)
    if len(segments) < 2 or PERSON.search(segments[-1]):
        return False
    return bool(PERSON.fullmatch(segments[-2].strip()))


def _starts_known_short(text: str, shorts: Mapping[str, str]) -> bool:
    return any(re.match(re.escape(s) + r"(?![\w])", text) for s in shorts)


def _continues_short(before: str, after: str, shorts: Mapping[str, str]) -> bool:
    """«ДОО ТО»: the words around the space belong to one defined abbreviation."""
    joined = before + " " + after
    pos = len(before)
    for s in shorts:
        if " " not in s:
            continue
        for m in re.finditer(re.escape(s), joined):
            if m.start() < pos < m.end():
                return True
    return False


def _pieces(cell: str, shorts: Mapping[str, str]) -> list[tuple[int, int, int]]:
    """(start, end, slot) of each piece: cut at line breaks, lost ones, commas, semicolons."""
    protected = _protected(cell)
    lost = set(_lost_breaks(cell, shorts, protected))
    pieces: list[tuple[int, int, int]] = []
    slot = 0
    start = 0
    for i, ch in enumerate(cell):
        new_slot = (ch == "\n" and not protected[i]) or i in lost
        if new_slot or (ch in ",;" and not protected[i]):
            pieces.append((start, i, slot))
            start = i + 1
            if new_slot:
                slot += 1
    pieces.append((start, len(cell), slot))
    out = []
    for s, e, sl in pieces:
        raw = cell[s:e]
        lead = len(raw) - len(raw.lstrip())
        kept = raw.rstrip(" \t\n;,")
        if kept.endswith(".") and not re.search(r"[А-ЯЁA-Z]\.$", kept):
            kept = kept[:-1]  # a full stop, not the dot of an initial («Евстропова Л.Г.»)
        trail = len(kept.rstrip())
        if trail > lead:
            out.append((s + lead, s + trail, sl))
    return out


def _continues_previous(text: str) -> bool:
    """A piece that cannot start a party: a preposition or a word that cannot be nominative."""
    m = re.match(r"([^\W\d_]+(?:-[^\W\d_]+)*)", text)
    if m is None or text[:1].isupper() or _is_abbr(m.group(1)) or PERSON.match(text):
        return False
    word = m.group(1).lower()
    if word in {"в", "во", "на", "по", "для", "с", "со", "при", "и", "а", "также", "или"}:
        return True
    parses = morph().parse(word)
    return not any(p.tag.case == "nomn" for p in parses)


def _position_piece(text: str) -> bool:
    return _position_head(text) and not PERSON.search(text)


def _is_plural_position(text: str) -> bool:
    m = re.match(r"\s*([^\W\d_]+)", text)
    if m is None:
        return False
    parses = [p for p in morph().parse(m.group(1).lower()) if p.tag.case == "nomn"]
    return bool(parses) and all(p.tag.number == "plur" for p in parses)


def split_parties(cell: str | None, abbreviations: Mapping[str, str] | None = None) -> list[Party]:
    """The parties of a responsible cell, in order (see the module doc)."""
    if not cell or not cell.strip():
        return []
    shorts = dict(abbreviations or {})
    spans = _pieces(cell, shorts)
    merged: list[list[int]] = []
    for s, e, slot in spans:
        if merged and merged[-1][2] == slot and _continues_previous(cell[s:e]):
            merged[-1][1] = e
        else:
            merged.append([s, e, slot])
    # A person and the singular position next to it are one party.
    groups: list[list[int]] = []
    i = 0
    while i < len(merged):
        s, e, slot = merged[i]
        text = cell[s:e]
        nxt = merged[i + 1] if i + 1 < len(merged) else None
        if (
            nxt is not None
            and nxt[2] == slot
            and PERSON.fullmatch(text)
            and _position_piece(cell[nxt[0] : nxt[1]])
            and not _is_plural_position(cell[nxt[0] : nxt[1]])
        ):
            groups.append([s, nxt[1], slot, e])
            i += 2
            continue
        if (
            nxt is not None
            and _position_piece(text)
            and not _is_plural_position(text)
            and PERSON.fullmatch(cell[nxt[0] : nxt[1]])
            and (i + 2 >= len(merged) or not _position_piece(cell[merged[i + 2][0] :]))
        ):
            groups.append([s, nxt[1], nxt[2], -1])
            i += 2
            continue
        groups.append([s, e, slot, 0])
        i += 1
    spans = [piece for s, e, slot, _ in groups for piece in _org_and_person(cell, s, e, slot)]
    return [_party(cell, s, e, slot, shorts) for s, e, slot in spans]


# «Управление образования (Смирнова Е.А.)»: a body and, in brackets, the person who answers.
_ORG_WITH_PERSON = re.compile(r"(?P<org>[^()]*\S)\s*\(\s*(?P<per>[^()]+?)\s*\)\s*$")


def _org_and_person(cell: str, start: int, end: int, slot: int) -> list[tuple[int, int, int]]:
    """The span cut in two when it is «organisation (person)»; else as it is."""
    m = _ORG_WITH_PERSON.match(cell, start, end)
    if m is None or not PERSON.fullmatch(m.group("per")) or PERSON.search(m.group("org")):
        return [(start, end, slot)]
    if _position_piece(m.group("org")):
        return [(start, end, slot)]  # «заведующий отделом (Смирнова Е.А.)»: one person
    lead = len(cell[start:end]) - len(cell[start:end].lstrip())
    return [(start + lead, m.end("org"), slot), (m.start("per"), m.end("per"), slot)]


def _party(cell: str, start: int, end: int, slot: int, shorts: Mapping[str, str]) -> Party:
    raw = cell[start:end]
    flat = re.sub(r"\s+", " ", raw)
    person_m = PERSON.search(flat)
    if person_m is not None:
        person = normalize_person(person_m.group(0))
        rest = (flat[: person_m.start()] + " " + flat[person_m.end() :]).strip(" ,;")
        position = expand(rest, shorts) if rest else None
        if position and not _is_abbr(position.split()[0]):
            position = position[:1].lower() + position[1:]
        name = f"{person}, {position}" if position else person or flat
        return Party(raw, name or flat, "PER", person, position, slot, start, end)
    name = _strip_note(expand(flat, shorts))
    return Party(raw, name, _entity_type(flat, name), None, None, slot, start, end)


def _strip_note(name: str) -> str:
    """««Сфера» (свод и анализ)» → ««Сфера»»: a trailing lower-case note in brackets."""
    return re.sub(r"\s*\([a-zа-яё][^()]*\)\s*$", "", name) or name


def expand(text: str, shorts: Mapping[str, str]) -> str:
    """`text` with the defined abbreviations replaced by their full forms (see module doc)."""
    if not shorts:
        return text
    protected = _protected(text)
    pattern = re.compile(
        r"(?<![\w«])(?:"
        + "|".join(re.escape(s) for s in sorted(shorts, key=len, reverse=True))
        + r")(?![\w»])"
    )
    out = []
    pos = 0
    for m in pattern.finditer(text):
        if protected[m.start()]:
            continue
        full = shorts[m.group(0)]
        if m.start() > 0 and text[: m.start()].strip(" ,;"):
            full = inflect_head(full, "gent", "nomn")
        out.append(text[pos : m.start()])
        out.append(full)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _entity_type(raw: str, name: str) -> str:
    first = raw.split()[0] if raw.split() else ""
    if first.strip('«»"') and _is_abbr(first.strip('«»"')) and name == raw:
        return "ORG"  # an abbreviation the document does not define: one body
    if raw.lstrip().startswith(tuple(_OPEN)):
        return "ORG"  # «Сфера»
    if first in ORG_FORMS:
        return "ORG"
    head = _head_noun(name)
    if head is None:
        return "ORG"
    head_lemma, plural = head
    if head_lemma in POSITION_WORDS or _position_head(name):
        return "POSITION"
    if plural:
        return "GROUP"
    return "ORG"


def _head_noun(text: str) -> tuple[str, bool] | None:
    """Lemma of the first noun (after leading adjectives) and whether it is plural."""
    for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", text):
        word = m.group(0)
        if _is_abbr(word):
            return None
        parses = morph().parse(word.lower())
        nouns = [p for p in parses if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
        if nouns:
            plural = all(p.tag.number == "plur" for p in nouns)
            return str(nouns[0].normal_form).replace("ё", "е"), plural
        if {p.tag.POS for p in parses} & {"ADJF", "PRTF"}:
            continue
        return None
    return None
