"""Issuers: normal case for headers typed in capitals, case inflection, federal vocabulary.

`normalize_issuer(name) -> (full, short)` turns any way an act names its issuer — the header's
capitals («МИНИСТЕРСТВО ЮСТИЦИИ РОССИЙСКОЙ ФЕДЕРАЦИИ»), a citation's abbreviated genitive
(«Минюста России», «Правительства РФ»), a nominative short name — into the full nominative
name and the short name from `data/federal_bodies.tsv`. Names the vocabulary does not know come
back in nominative with `short=None`.

`issuer_key(name)` is the comparison form (documented in the benchmark): case folded, ё→е,
quotes and dashes unified, whitespace collapsed, «Российской Федерации»/«России»/«РФ» as one,
«г.»/«города» before a city's name dropped («г. Москвы» = «города Москвы» = «Москвы»).

Morphology (case, inflection) lives in the core: `prikaz.morphology`.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from prikaz.morphology import WORD_RE, head_group, restore_case, to_genitive, to_nominative

VOCABULARY_PATH = Path(__file__).with_name("data") / "federal_bodies.tsv"

_RF = re.compile(r"\b(?:российск\w+ федераци\w+|россии|рф)\b")


def issuer_key(name: str) -> str:
    """Comparison form of a body's name (see module doc)."""
    s = name.casefold().replace("ё", "е")
    s = re.sub(r"[«»“”„\"']", "", s)
    s = re.sub(r"\s*[-–—]\s*", "-", s)
    s = re.sub(r"(?<![а-яa-z])(?:г\.|города|город)\s*(?=[а-я])", "", s)
    s = re.sub(r"\s+", " ", s).strip(" .,;")
    return _RF.sub("рф", s)


@dataclass(frozen=True, slots=True)
class Body:
    full: str
    shorts: tuple[str, ...]
    short_gens: tuple[str, ...]
    aliases: tuple[str, ...]


@functools.cache
def vocabulary() -> tuple[tuple[Body, ...], dict[str, Body]]:
    """Rows of `federal_bodies.tsv` and an index from every form's key to its row."""
    bodies: list[Body] = []
    with VOCABULARY_PATH.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):

        def split(value: str | None) -> tuple[str, ...]:
            return tuple(v.strip() for v in (value or "").split("|") if v.strip())

        bodies.append(
            Body(
                row["full"].strip(),
                split(row["short"]),
                split(row["short_gen"]),
                split(row.get("aliases")),
            )
        )
    index: dict[str, Body] = {}
    for body in bodies:
        for form in (body.full, *body.aliases, *body.shorts, *body.short_gens):
            index.setdefault(issuer_key(form), body)
    return tuple(bodies), index


_CONVOCATION = re.compile(r"\s+\w+ого\s+созыва\s*$", re.IGNORECASE)


def _lookup(name: str) -> Body | None:
    index = vocabulary()[1]
    body = index.get(issuer_key(name))
    if body is None:
        nom = to_nominative(name)
        body = index.get(issuer_key(nom))
    return body


def normalize_issuer(name: str | None) -> tuple[str | None, str | None]:
    """(full nominative name, short name) of a body named in any case or abbreviation."""
    if not name or not name.strip():
        return None, None
    text = re.sub(r"\s+", " ", name).strip(" ,.;")
    text = restore_case(text)
    text = _CONVOCATION.sub("", text)
    body = _lookup(text)
    if body is not None:
        return body.full, body.shorts[0] if body.shorts else None
    # A unit of a known body: «Правления МАП РФ», «Правление Министерства … по …».
    tokens = list(WORD_RE.finditer(text))
    group = head_group(tokens)
    if group and group[-1].end() < len(text):
        head = text[: group[-1].end()]
        rest = text[group[-1].end() :].strip()
        body = _lookup(rest)
        if body is not None:
            head_nom = to_nominative(head)
            short_gen = body.short_gens[0] if body.short_gens else None
            full = f"{head_nom} {to_genitive(body.full)}"
            return full, f"{head_nom} {short_gen}" if short_gen else None
    nom = to_nominative(text)
    return nom, None
