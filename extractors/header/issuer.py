"""The issuing body: the organisation block above the type line, or the genitive after it.

Above the type line the issuer block is read one unit per line group («АДМИНИСТРАЦИЯ УМЁТСКОГО
РАЙОНА / ТАМБОВСКОЙ ОБЛАСТИ»); a unit that is a subdivision with no parent in its own name
(«ОТДЕЛ ОБРАЗОВАНИЯ») takes the unit above it in genitive; territory lines («РОССИЙСКАЯ
ФЕДЕРАЦИЯ»), lines in another language and registration notes are skipped.
"""

from __future__ import annotations

import re

from prikaz.morphology import (
    is_abbreviation,
    is_caps,
    morph,
    restore_case,
    to_genitive,
    to_nominative,
)
from prikaz.rules import Rule

from .approval import is_approval
from .lines import Line, first_word, join_text, words
from .typeline import TITLE_START, is_note, match_type_line, skip_note

# Nouns heading an organisation's name (as opposed to a territory line).
ORG_HEADS = frozenset(
    {
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
)
# Units that belong to the unit above them when their own name names no parent.
SUBDIVISION_HEADS = frozenset(
    {
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
)


def _is_foreign(text: str) -> bool:
    """A line in another language (Buryat, Tatar…) of a bilingual header."""
    found = [w for w in words(text) if len(w) > 5 and not w.isupper()]
    found += [w for w in words(text) if len(w) > 5 and w.isupper()]
    if not found:
        return False
    unknown = sum(1 for w in found if not morph().word_is_known(w.lower()))
    return unknown / len(found) > 0.5


# Territory nouns: a line headed by one in the genitive («ПСКОВСКОЙ ОБЛАСТИ») goes on the unit
# above it, even when its adjective could be read as a nominative («псковской»).
_TERRITORY_HEADS = frozenset({"область", "край", "район", "округ", "республика", "город"})


def _territory_genitive(text: str) -> bool:
    for word in words(text)[:3]:
        parses = morph().parse(word.lower())
        nouns = [p for p in parses if p.tag.POS == "NOUN"]
        if parses[0].tag.POS == "NOUN":
            territory = [
                p for p in nouns if p.normal_form in _TERRITORY_HEADS and p.tag.number == "sing"
            ]
            return bool(territory) and not any(p.tag.case == "nomn" for p in territory)
    return False


def _only_adjectives(text: str) -> bool:
    """«МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ»: a name cut before its noun."""
    found = words(text)
    return bool(found) and all(
        morph().parse(w.lower())[0].tag.POS in ("ADJF", "PRTF") for w in found
    )


def _starts_unit(text: str) -> bool:
    if _territory_genitive(text):
        return False
    t = text.lstrip('« "(')
    if t != text.lstrip(" ") or not t[:1].isupper():
        return False
    word = first_word(t)
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


def head_lemma(text: str) -> str | None:
    for word in words(_unquoted(text)):
        if is_abbreviation(word):
            continue
        for p in morph().parse(word.lower())[:3]:
            if p.tag.POS == "NOUN":
                return str(p.normal_form)
    return None


def is_org(text: str) -> bool:
    first = first_word(text)
    if first and is_abbreviation(first) and re.search(r"[«\"]", text):
        return True
    return head_lemma(text) in ORG_HEADS


def needs_parent(unit: str) -> bool:
    """A subdivision whose name does not name the body it belongs to («Отдел образования»)."""
    if head_lemma(unit) not in SUBDIVISION_HEADS:
        return False
    return not any(w[:1].isupper() for w in words(_unquoted(unit))[1:])


def is_genitive_start(text: str) -> bool:
    """A line in the genitive that names the issuer after the type word («ПРЕЗИДЕНТА …»)."""
    word = first_word(text)
    if word is None or TITLE_START.match(text):
        return False
    parses = morph().parse(word.lower())
    top = parses[0]
    if top.tag.POS not in ("NOUN", "ADJF", "PRTF"):
        return False
    return top.tag.case == "gent" and not any(
        p.tag.case == "nomn" and p.tag.number == "sing" for p in parses
    )


def is_genitive_issuer_line(text: str) -> bool:
    return is_caps(text) and is_genitive_start(text)


_SHORT_NAME = re.compile(r"\s*\([^()]+\)\s*")


_PO = re.compile(r"^по\s+(?P<org>\S.*)$", re.IGNORECASE)


def dative_issuer(text: str) -> str | None:
    """«по МБОУ «Гимназия № 2»», «по управлению образования»: the issuer after «ПРИКАЗ по»."""
    m = _PO.match(text.strip())
    if m is None:
        return None
    org = m.group("org").strip()
    word = first_word(org)
    if word is None:
        return None
    if is_abbreviation(word):
        return org
    if not is_org(org):
        return None
    nominative = to_nominative(restore_case(org), "datv")
    return nominative[:1].upper() + nominative[1:]


# A municipality's administration is named «Администрация городского округа Верхняя Пышма»,
# «Совет муниципального района Белебеевский район»: the form of the municipality in the
# genitive, then its name in the nominative — which a centred header often puts on a line of
# its own, in normal case under a line of capitals. Such a line ends the unit above it: the
# name belongs to it. Examples: last line of the unit → whether it waits for a name.
AWAITS_NAME = Rule.of(
    "awaits_name",
    r"(?:городского|муниципального|сельского|внутригородского)\s+"
    r"(?:округа|района|поселения|образования)\s*$",
    {
        "АДМИНИСТРАЦИЯ ГОРОДСКОГО ОКРУГА": True,
        "Администрация муниципального района": True,
        "СОВЕТ СЕЛЬСКОГО ПОСЕЛЕНИЯ": True,
        "АДМИНИСТРАЦИЯ ГОРОДСКОГО ОКРУГА ВЕРХНЯЯ ПЫШМА": False,
        "АДМИНИСТРАЦИЯ ТОМСКОГО РАЙОНА": False,
    },
)
NAME_LINE_MAX_WORDS = 4


def _municipality_name(unit: list[Line], text: str) -> bool:
    """`text` is the name of the municipality the unit's last line waits for."""
    if not AWAITS_NAME.search(unit[-1].text) or match_type_line(text):
        return False
    found = words(text)
    if not found or len(found) > NAME_LINE_MAX_WORDS or not found[0][:1].isupper():
        return False
    return not is_org(text) and not re.search(r"\d", text)


def pre_units(lines: list[Line]) -> list[list[Line]]:
    """The lines above the type line grouped into units, one organisation or territory each."""
    units: list[list[Line]] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if is_note(ln.text):
            i = skip_note(lines, i)
            continue
        if _is_foreign(ln.text) or is_approval(ln.text) or _SHORT_NAME.fullmatch(ln.text):
            i += 1  # «(МИНПРОСВЕЩЕНИЯ РОССИИ)»: the short name of the unit above, not a unit
            continue
        glued = bool(units) and (
            _only_adjectives(units[-1][-1].text) or _municipality_name(units[-1], ln.text)
        )
        if not units or (not glued and (_starts_unit(ln.text) or ln.blank_before)):
            units.append([ln])
        else:
            units[-1].append(ln)
        i += 1
    return units


# Letters of the Cyrillic alphabets of Russia's republics that Russian has not (Tatar,
# Bashkir, Yakut, Buryat, Kalmyk…): a unit holding them mixes two languages.
_NON_RUSSIAN_CYRILLIC = re.compile(r"[ӘәӨөҮүҺһҖҗҢңҒғҠҡҪҫӦӧӰӱҤҥӮӯӢӣҮүҶҷӀ]")


def mixes_languages(zone: list[Line], issuer_lines: list[Line]) -> bool:
    """Two columns of a bilingual header read as interleaved lines (a PDF without a table):
    the zone holds another alphabet and the issuer's lines are no table cells of their own."""
    other = any(_NON_RUSSIAN_CYRILLIC.search(ln.text) for ln in zone)
    return other and not all(ln.in_table for ln in issuer_lines)


def restored_text(unit: list[Line]) -> str:
    """A unit's text in normal case: each run of lines in capitals restored as one phrase, lines
    already in normal case («Верхняя Пышма» under «АДМИНИСТРАЦИЯ ГОРОДСКОГО ОКРУГА») kept."""
    parts: list[str] = []
    run: list[Line] = []
    for ln in unit:
        if is_caps(ln.text):
            run.append(ln)
            continue
        if run:
            parts.append(restore_case(join_text(run)))
            run = []
        parts.append(ln.text.strip())
    if run:
        parts.append(restore_case(join_text(run)))
    return " ".join(p for p in parts if p)


def issuer_from_units(units: list[list[Line]]) -> tuple[str, list[Line]] | None:
    """The last organisation among the units, completed by its parent when it is a subdivision."""
    orgs = [(restored_text(u), u) for u in units]
    orgs = [(t, u) for t, u in orgs if is_org(t)]
    if not orgs:
        return None
    text, lines = orgs[-1]
    if len(orgs) >= 2 and needs_parent(text):
        parent, parent_lines = orgs[-2]
        text = f"{text} {to_genitive(parent)}"
        lines = parent_lines + lines
    return text, lines


RULES = (AWAITS_NAME,)
