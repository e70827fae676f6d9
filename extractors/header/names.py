"""Capitals of proper names put back in header values that were typed in capitals.

`restore_case` lowers every word it cannot tell is a name: «АДМИНИСТРАЦИЯ ГОРОДА ВЕЛИКИЕ
ЛУКИ» → «… города великие луки», «ГОРОД БОР» → «город бор». The document usually writes the
same place in normal case in its body («на территории города Великие Луки»): a capitalised
word standing after a settlement word («города», «г.», «поселка», «округ»…) or after another
such word is taken as a place name, and its lower-case form is capitalised back wherever
a header value has it. Only the document's own spelling is used, never a guess.
"""

from __future__ import annotations

import re

from prikaz.rules import Rule

from .lines import Line

# Examples: body text → the place words it teaches (lower case).
PLACE_AFTER = Rule.of(
    "place_after_settlement_word",
    r"(?<![А-ЯЁа-яё])(?:город\w*|г\.|гор\.|пос[её]лк\w*|пос\.|пгт\.?|сел[оау]|с\.|деревн\w+|"
    r"округ\w*|станиц\w+|района?)\s+(?P<name>[А-ЯЁ][а-яё]+(?:[\s-][А-ЯЁ][а-яё]+){0,2})",
    {
        "на территории города Великие Луки Администрация": ["великие", "луки"],
        "в городском округе город Бор:": ["бор"],
        "в г. Брянске": ["брянске"],
        "по городу в целом": [],
    },
    flags=0,
)
# Organisation heads a name may run into («…Великие Луки Администрация города…»).
_NOT_PLACE = frozenset({"администрация", "управление", "отдел", "комитет", "глава", "совет"})


def places_of(text: str) -> list[str]:
    """Lower-case words of the place names `text` writes after settlement words."""
    found: list[str] = []
    for m in PLACE_AFTER.finditer(text):
        for word in re.split(r"[\s-]", m.group("name")):
            low = word.lower()
            if low in _NOT_PLACE:
                break
            if low not in found:
                found.append(low)
    return found


_CAPS_TOKEN = re.compile(r"(?<![А-ЯЁа-яё])[А-ЯЁ]{2,6}(?![А-ЯЁа-яё])")


def document_abbreviations(lines: list[Line]) -> set[str]:
    """Abbreviations the document writes in capitals inside normal-case lines («к ГИА»)."""
    out: set[str] = set()
    for ln in lines:
        if sum(ch.islower() for ch in ln.text) > sum(ch.isupper() for ch in ln.text):
            out.update(_CAPS_TOKEN.findall(ln.text))
    return out


def document_places(lines: list[Line]) -> set[str]:
    """Place words of the document's mixed-case lines."""
    out: set[str] = set()
    for ln in lines:
        if any(ch.islower() for ch in ln.text):
            out.update(places_of(ln.text))
    return out


_WORD = re.compile(r"[а-яё]+")


def capitalise_places(text: str | None, places: set[str]) -> str | None:
    """`text` with its lower-case words that are known place words capitalised."""
    if not text or not places:
        return text
    return _WORD.sub(lambda m: m.group().capitalize() if m.group() in places else m.group(), text)


# A capitalised short word inside the text: what `restore_case` makes of an abbreviation that
# the dictionary takes for a name («ГИА» → «Гиа»).
_CASED_WORD = re.compile(r"(?<=\s)[А-ЯЁ][а-яё]{1,3}(?![А-ЯЁа-яё])")


def restore_abbreviations(text: str | None, abbreviations: set[str]) -> str | None:
    """«… к Гиа» → «… к ГИА» when the document writes «ГИА» in capitals in its normal-case
    lines (short capitalised words only: «Победы» is left alone)."""
    if not text or not abbreviations:
        return text
    return _CASED_WORD.sub(
        lambda m: m.group().upper() if m.group().upper() in abbreviations else m.group(), text
    )


RULES = (PLACE_AFTER,)
