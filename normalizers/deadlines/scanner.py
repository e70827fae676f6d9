"""Offset-keeping normalization and the one precompiled scanner over all rules."""

from __future__ import annotations

import re
from functools import lru_cache

from prikaz.morphology import PERIOD_WORD, ROMAN_LOOKALIKES

from .rules import CONVERT, RULES
from .tokens import Freq, Time, Tok

_GROUP_NAME = re.compile(r"\(\?P<\w+>")


def _master() -> re.Pattern[str]:
    # The empty group that names the rule closes each branch, so a branch still starts with
    # the rule's first character class and the regex engine rejects it at a glance.
    alts = [
        f"(?:{_GROUP_NAME.sub('(?:', r.pattern.pattern)})(?!\\w)(?P<r{i}>)"
        for i, r in enumerate(RULES)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")|(?P<sep>[,;/\n(]|\.(?!\d))|(?P<dash>-)")


MASTER = _master()

_TRANSLATE: dict[str, str] = {
    "–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "‒": "-", "―": "-", "﹣": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\t": " ", "\r": " ",
    "\u00ad": " ", "ё": "е", "і": "i", "a": "а", "c": "с", "e": "е", "o": "о", "p": "р",
    "x": "х", "y": "у", "k": "к", "m": "м", "t": "т", "h": "н", "b": "в", "n": "п",
    "r": "г", "u": "и", "“": '"', "”": '"', "„": '"',
}  # fmt: skip
_TRANSLATE_RX = re.compile("[" + re.escape("".join(_TRANSLATE)) + "]")
_DIGIT_THEN = re.compile(r"\d[озl|i]")  # two plain searches beat one alternation
_THEN_DIGIT = re.compile(r"[озl|i]\d")
_NUM_TOKEN = re.compile(r"(?<![\w|])[\dозl|i.]*\d[\dозl|i.]*(?=[^\w|]|г|$)")
_DIGIT_FIX = str.maketrans({"о": "0", "з": "3", "l": "1", "|": "1", "i": "1"})
_ZERO_IN_WORD = re.compile(r"(?<=[а-я])0(?=[а-я])|(?<![\w])0(?=[а-я]{3})")


def _translate_char(m: re.Match[str]) -> str:
    return _TRANSLATE[m.group()]


def _fix_number(m: re.Match[str]) -> str:
    tok = m.group()
    if sum(ch.isdigit() for ch in tok) < 2:
        return tok
    return tok.translate(_DIGIT_FIX)


# Roman numerals of quarters and half-years read by OCR as Cyrillic capitals
# (`morphology.ROMAN_LOOKALIKES`: «П квартал 2017 года», «П-Ш-У квартал»). Only standalone
# capitals right before «квартал» or «полугодие» (or in a dash list ending so) are taken for
# numerals; each is written as its digit, padded to its own length.
_ROMAN_DIGIT = {k.lower(): str(v).rjust(len(k)) for k, v in ROMAN_LOOKALIKES.items()}
_ROMAN_LOOK = "(?:" + "|".join(sorted(_ROMAN_DIGIT, key=len, reverse=True)) + ")"
_ROMAN_ANY = rf"(?:{_ROMAN_LOOK}|iv|iii|ii|i|[1-4])"
_ROMAN_RUN = re.compile(
    rf"(?<![\w.]){_ROMAN_ANY}(?:\s*-\s*{_ROMAN_ANY})*(?=\s+{PERIOD_WORD}(?![а-я]))"
)
_ROMAN_TOKEN = re.compile(rf"(?<![\w]){_ROMAN_LOOK}(?![\w])")
ROMAN_LOOKALIKE_EXAMPLES = {  # cell → what the quarter words become (same length)
    "П квартал 2017 года": "2 квартал 2017 года",
    "Ш квартал": "3 квартал",
    "П-Ш-У квартал 2017 года": "2-3-4 квартал 2017 года",
    "1У квартал": " 4 квартал",
    "П полугодие": "2 полугодие",
    "II квартал": "ii квартал",
    "п. 2 квартал": "п. 2 квартал",  # «п.» is «пункт»
    "у квартального": "у квартального",  # a preposition before another word
    "отчет у квартала": "отчет у квартала",  # in lower case: a word, not a numeral
}


def _roman_run(m: re.Match[str], text: str) -> str:
    def digit(t: re.Match[str]) -> str:
        upper = text[m.start() + t.end() - 1].isupper()  # the letter, not «1» of «1У»
        return _ROMAN_DIGIT[t.group()] if upper else t.group()

    return _ROMAN_TOKEN.sub(digit, m.group())


def normalize(text: str) -> str:
    """Same length as `text`: lower case, one dash, look-alikes and OCR confusions repaired."""
    s = text.lower()
    if len(s) != len(text):
        s = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if _TRANSLATE_RX.search(s):
        s = _TRANSLATE_RX.sub(_translate_char, s)
    if _DIGIT_THEN.search(s) or _THEN_DIGIT.search(s):
        s = _NUM_TOKEN.sub(_fix_number, s)
    if "0" in s:
        s = _ZERO_IN_WORD.sub("о", s)
    if "квартал" in s or "полугоди" in s:
        s = _ROMAN_RUN.sub(lambda m: _roman_run(m, text), s)
    return s


@lru_cache(maxsize=8192)
def _convert(index: int, text: str) -> tuple[str, str, Time | None, Freq | None, int]:
    """The token a rule makes of a matched text; memoized, as the same few words recur."""
    rule = RULES[index]
    m = rule.pattern.fullmatch(text)
    tok = CONVERT[rule.name](m) if m is not None else Tok("BAD")
    return tok.kind, tok.sub, tok.time, tok.freq, tok.num


def tokens(s: str) -> list[Tok]:
    """The tokens of a normalized string, in order, with their offsets."""
    out: list[Tok] = []
    for m in MASTER.finditer(s):
        name = m.lastgroup
        start, end = m.span()
        if name == "sep":
            out.append(Tok("SEP", s=start, e=end))
        elif name == "dash":
            out.append(Tok("DASH", s=start, e=end))
        else:
            kind, sub, time, freq, num = _convert(int(name[1:]), s[start:end])  # type: ignore[index]
            out.append(Tok(kind, sub, time, freq, num, start, end))
    return out
