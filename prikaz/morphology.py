"""Russian morphology shared by every stage: one analyser, case inflection, normal case.

pymorphy2 through natasha's `MorphVocab` (the wrapper natasha ships; it loads with Python 3.11
where a bare `pymorphy2.MorphAnalyzer()` does not), loaded once per process.

- `morph()` the analyser; `is_caps`, `is_abbreviation` token tests;
- `restore_case(text)` puts a header typed in capitals back into normal case;
- `inflect_head`, `to_nominative`, `to_genitive` inflect a name's head group;
- `ROMAN_LOOKALIKES`, `PERIOD_WORD`: Roman numerals as Russian OCR reads them (the OCR reader
  puts them back, the deadline scanner reads them).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from pymorphy2.analyzer import Parse

WORD_RE = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")
# Roman numerals that tesseract's Russian model reads as Cyrillic capitals («II» → «П», «III» →
# «Ш», «IV» → «У», «1У», «ТУ», «ГУ») → the numeral's value. Such a capital is taken for a
# numeral only right before a quarter or half-year (`PERIOD_WORD`), where it cannot be a word.
ROMAN_LOOKALIKES = {"П": 2, "Ш": 3, "У": 4, "1У": 4, "ТУ": 4, "ГУ": 4}
PERIOD_WORD = r"(?:квартал(?:а|ы|ов|е|ах)?|полугоди[а-я]*)"
_PROPER_TAGS = {"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"}
_ROMAN = re.compile(r"^[IVXLC]+$")

# Adjectives in -ский that are common words, never a place name.
_COMMON_SK_ADJ = {
    "городской",
    "сельский",
    "внутригородской",
    "президентский",
    "министерский",
    "губернаторский",
    "педагогический",
    "детский",
    "юношеский",
    "технический",
    "экономический",
    "физический",
    "юридический",
    "научно-технический",
    "научно-методический",
    "методический",
    "казачий",
    "депутатский",
    "общественный",
}
# Nouns of territory and local government: a place adjective before them is a proper name
# («Умётского района», «Тамбовской области», «Клинцовская городская администрация»).
_TERRITORY = {
    "область",
    "край",
    "район",
    "округ",
    "республика",
    "город",
    "поселение",
    "администрация",
    "поселок",
    "посёлок",
    "улус",
    "сельсовет",
    "совет",
    "дума",
    "управа",
    "волость",
}
_PLACE_ADJ = re.compile(r"(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими|ые|ых)$")

# Fixed proper phrases, capitalised after lowering (lowercase pattern → each word capitalised).
_PROPER_PHRASES = (
    r"российск\w+ федераци\w+",
    r"союз\w* советских социалистических республик",
    r"государственн\w+ дум\w+",
    r"федеральн\w+ собрани\w+",
    r"совет\w* федерации",
    r"совет\w* министров",
    r"банк\w* россии",
    r"верховн\w+ суд\w*",
    r"конституционн\w+ суд\w*",
    r"верховн\w+ совет\w*",
    r"счетн\w+ палат\w+",
    r"великой отечественной",
    r"законодательн\w+ собрани\w+",
)
_PROPER_PHRASE_RE = re.compile(r"\b(?:" + "|".join(_PROPER_PHRASES) + r")\b", re.IGNORECASE)
# Heads whose first letter is capital in legal usage when followed by «Российской Федерации».
_HEAD_BEFORE_RF = re.compile(
    r"\b(президент\w*|правительств\w+|министерств\w+|министр\w*|конституци\w+|центральн\w+ банк\w*)"
    r"(?= российской федерации)",
    re.IGNORECASE,
)


@functools.cache
def morph() -> Any:
    """The shared morphological analyser (natasha's MorphVocab over pymorphy2), loaded once."""
    # natasha loads only when a name is analysed: the core is imported by every command.
    import pymorphy2_dicts_ru  # noqa: PLC0415  (see above)
    from natasha import MorphVocab  # noqa: PLC0415  (about half a second; not for `status`)
    from natasha.morph.vocab import MorphForm  # noqa: PLC0415  (see above)
    from pymorphy2 import MorphAnalyzer  # noqa: PLC0415  (see above)

    class _MorphVocab(MorphVocab):
        # The dictionary named, not looked up: pymorphy2's lookup scans every installed
        # package's entry points through pkg_resources, a tenth of a second of each worker's
        # start-up.
        def __init__(self, path: str) -> None:
            MorphAnalyzer.__init__(self, path=path, result_type=MorphForm)

    return _MorphVocab(pymorphy2_dicts_ru.get_path())


def is_caps(text: str) -> bool:
    """True when the letters of `text` are (nearly) all capitals: a header typed in caps."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 3:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) >= 0.85


def _parses(word: str) -> list[Any]:
    return list(morph().parse(word.lower()))


def _is_known(word: str) -> bool:
    return bool(morph().word_is_known(word.lower()))


def is_abbreviation(token: str) -> bool:
    """An all-caps token that is an abbreviation (РФ, МКУ, РУО, ОГБУ), not a word in caps."""
    if not token.isupper() or "-" in token:
        return False
    if _ROMAN.match(token):
        return True
    low = token.lower()
    if len(low) <= 1:
        return False
    top = _parses(low)[0]
    if "Abbr" in top.tag:
        return True
    return len(low) <= 6 and not _is_known(low)


def _next_noun_lemma(tokens: list[str], i: int) -> str | None:
    for tok in tokens[i + 1 : i + 4]:
        p = _parses(tok)[0]
        if p.tag.POS == "NOUN":
            return str(p.normal_form)
        if p.tag.POS not in ("ADJF", "PRTF"):
            return None
    return None


# «Республика» is part of a republic's name, capitalised beside the name's other word:
# «Республики Татарстан», «Республики Саха (Якутия)», «Удмуртской Республики».
_REPUBLIC_RE = re.compile(r"\bреспублик[а-яё]{0,2}\b")
_NAME_AFTER = re.compile(r"\s+\(?[А-ЯЁ]")
_NAME_BEFORE = re.compile(r"\b[А-ЯЁ][а-яё-]+\s+$")


def _capitalise_republic(m: re.Match[str]) -> str:
    text, word = m.string, m.group(0)
    if _NAME_AFTER.match(text, m.end()) or _NAME_BEFORE.search(text, 0, m.start()):
        return word[:1].upper() + word[1:]
    return word


def restore_case(text: str) -> str:
    """Normal case for a phrase typed in capitals; other text is returned as it is.

    First word and the first word inside quotes capitalised; abbreviations kept; proper nouns
    (pymorphy's Geox/Name/Surn/Orgn tags), place adjectives before a territory noun and fixed
    phrases («Российской Федерации», «Государственной Думы») capitalised; the rest lowered.
    """
    if not is_caps(text):
        return text
    matches = list(WORD_RE.finditer(text))
    tokens = [m.group(0) for m in matches]
    out: list[str] = []
    pos = 0
    for i, m in enumerate(matches):
        tok = m.group(0)
        out.append(text[pos : m.start()])
        pos = m.end()
        before = text[: m.start()].rstrip()
        after_quote = bool(before) and before[-1] in '«"“„'
        initial = len(tok) == 1 and text[m.end() : m.end() + 1] == "."
        if is_abbreviation(tok) or initial:
            out.append(tok)
            continue
        low = tok.lower()
        cap = i == 0 or after_quote
        if not cap:
            top = _parses(low)[0]
            if _PROPER_TAGS & set(str(top.tag).replace(" ", ",").split(",")) or (
                _PLACE_ADJ.search(low)
                and top.normal_form not in _COMMON_SK_ADJ
                and _next_noun_lemma(tokens, i) in _TERRITORY
            ):
                cap = True
        if cap:
            low = "-".join(part[:1].upper() + part[1:] for part in low.split("-"))
        out.append(low)
    out.append(text[pos:])
    result = "".join(out)
    result = _PROPER_PHRASE_RE.sub(lambda m: _title_words(m.group(0)), result)
    result = _HEAD_BEFORE_RF.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:], result)
    return _REPUBLIC_RE.sub(_capitalise_republic, result)


def _title_words(phrase: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in phrase.split(" "))


def _match_style(src: str, new: str) -> str:
    if src.isupper() and len(src) > 1:
        return new.upper()
    if src[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


_CASE_ORDER = ("gent", "ablt", "datv", "nomn", "accs", "loct")


def _inflect(parse: Any, grams: set[str]) -> Any:
    # natasha's MorphForm.inflect takes UD feature names; the pymorphy2 one takes grammemes.
    return Parse.inflect(parse, grams)


def inflect_parse(parse: Any, grams: set[str]) -> Any:
    """`parse` put in the pymorphy2 grammemes `grams` (None when it has no such form)."""
    return _inflect(parse, grams)


def head_group(tokens: list[re.Match[str]]) -> list[re.Match[str]]:
    """Leading adjectives and the first noun: the part of a name that agrees in case."""
    group: list[re.Match[str]] = []
    for m in tokens[:6]:
        tok = m.group(0)
        if is_abbreviation(tok):
            return []
        parses = _parses(tok)
        pos_set = {p.tag.POS for p in parses}
        if "NOUN" in pos_set and not (group and {"ADJF", "PRTF"} & {parses[0].tag.POS}):
            group.append(m)
            return group
        if {"ADJF", "PRTF"} & pos_set:
            group.append(m)
            continue
        return []
    return []


def inflect_head(phrase: str, target: str, source: str | None = None) -> str:
    """`phrase` with its head group (adjectives + first noun) put into case `target`.

    `source` is the case the phrase is in (pymorphy grammeme: nomn, gent, ablt…); when None
    the first case in which the head noun can stand (singular first) is taken. Words after the
    head (genitive tails, quoted names) are left as they are. Returns `phrase` unchanged when
    the head cannot be found or inflected.
    """
    tokens = list(WORD_RE.finditer(phrase))
    group = head_group(tokens)
    if not group:
        return phrase
    noun_parses = _parses(group[-1].group(0))
    chosen = None
    for number in ("sing", "plur"):
        for case in (source,) if source else _CASE_ORDER:
            for p in noun_parses:
                if p.tag.POS == "NOUN" and p.tag.case == case and p.tag.number == number:
                    chosen = p
                    break
            if chosen:
                break
        if chosen:
            break
    if chosen is None:
        return phrase
    case, number, gender = chosen.tag.case, chosen.tag.number, chosen.tag.gender
    if case == target:
        return phrase
    replacements: list[tuple[re.Match[str], str]] = []
    for m in group[:-1]:
        adj = None
        for p in _parses(m.group(0)):
            if p.tag.POS not in ("ADJF", "PRTF") or p.tag.case != case:
                continue
            if number == "sing" and p.tag.gender not in (gender, None):
                continue
            adj = p
            break
        if adj is None:
            return phrase
        grams = {target} | ({"plur"} if number == "plur" else set())
        infl = _inflect(adj, grams)
        if infl is None:
            return phrase
        replacements.append((m, infl.word))
    grams = {target, number} if number else {target}
    infl = _inflect(chosen, grams)
    if infl is None:
        return phrase
    replacements.append((group[-1], infl.word))
    out = phrase
    for m, word in reversed(replacements):
        out = out[: m.start()] + _match_style(m.group(0), word) + out[m.end() :]
    return out


def to_nominative(phrase: str, source: str | None = None) -> str:
    """`phrase` (a body's name in any case) in nominative, first letter capitalised."""
    nom = inflect_head(phrase.strip(), "nomn", source)
    return nom[:1].upper() + nom[1:] if nom else nom


def to_genitive(phrase: str) -> str:
    """A nominative name in genitive («Клинцовская городская администрация» → «…ской …ции»)."""
    return inflect_head(phrase.strip(), "gent", "nomn")
