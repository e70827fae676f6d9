"""Activity categories of roadmap rows: a lemma-cue classifier over a documented taxonomy.

The taxonomy, its cues and the phrases each category must handle live in
`activities_taxonomy.json` next to this module (drawn from the seed roadmaps and the typical
wording of public mentoring roadmaps). Words are lemmatized with natasha's `MorphVocab`
(pymorphy2 dictionaries shipped with natasha; nothing is downloaded).

A cue is a sequence of lemmas (alternatives joined by «|») that must appear in that order,
each within `CUE_GAP` words of the previous one. Each cue is compiled once, when the module is
imported, into a `prikaz.rules.Rule` (`CUE_RULES`) whose pattern runs over the text's *lemma
line* (one token per word: all its lemmas joined by «/»); the first cue rule of a category
carries the category's examples, so `tests/test_activities.py` tests the rules as a table.
A cue found at word position p scores
`weight / (1 + p / DECAY)`: the head of the activity («Назначение куратора…») outweighs what
its later clauses mention («…при необходимости создание рабочей группы»). A category scores
its best cue plus `REST_WEIGHT` times its other cues; the highest score wins, ties going to
the earlier category; below `MIN_SCORE` the row is `other`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from prikaz.morphology import morph
from prikaz.records import RoadmapItem
from prikaz.rules import Rule

TAXONOMY_PATH = Path(__file__).with_name("activities_taxonomy.json")
OTHER = "other"
CUE_GAP = 4  # a cue's next lemma may follow within this many words
DECAY = 6.0  # word position at which a cue's weight is halved
REST_WEIGHT = 0.25  # share of a category's other cues in its score
MIN_SCORE = 0.5

WORD = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")
# Parts of speech left out of `activity_lemmas` (pymorphy2 / OpenCorpora tags).
FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "NUMR", "Apro"})


@dataclass(frozen=True, slots=True)
class Cue:
    rule: Rule  # its pattern runs over the lemma line (see the module doc)
    weight: float
    text: str


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    label: str
    label_ru: str
    description: str
    cues: tuple[Cue, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Word:
    """One word of the text: its first lemma (for output) and all its lemmas (for cues)."""

    lemma: str
    lemmas: frozenset[str]
    content: bool


@dataclass(frozen=True, slots=True)
class Classification:
    category: str | None
    lemmas: tuple[str, ...]
    scores: dict[str, float]


def _norm(text: str) -> str:
    return text.lower().replace("ё", "е")


def _part_pattern(part: str) -> str:
    """One token of the lemma line holding one of the alternatives «a|b» as a whole lemma."""
    alternatives = "|".join(re.escape(_norm(a)) for a in part.split("|"))
    return rf"(?<!\S)(?:[^\s/]+/)*(?:{alternatives})(?![^\s/])\S*"


def parse_cue(text: str, weight: float, code: str = "", examples: tuple[str, ...] = ()) -> Cue:
    """A cue as a rule: its lemma parts in order, each within `CUE_GAP` words of the last."""
    parts = text.split()
    if not parts:
        raise ValueError("empty cue")
    gap = rf"(?:\s+\S+){{0,{CUE_GAP - 1}}}\s+"
    pattern = gap.join(_part_pattern(part) for part in parts)
    rule = Rule.of(code or text, pattern, dict.fromkeys(examples, code), note=f"cue «{text}»")
    return Cue(rule, float(weight), text)


def _categories() -> tuple[Category, ...]:
    data = json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))
    return tuple(
        Category(
            code=c["code"],
            label=c["label"],
            label_ru=c["label_ru"],
            description=c["description"],
            cues=tuple(
                # The category's examples ride on its first cue's rule.
                parse_cue(text, weight, c["code"], tuple(c["examples"]) if n == 0 else ())
                for n, (text, weight) in enumerate(c["cues"])
            ),
            examples=tuple(c["examples"]),
        )
        for c in data["categories"]
    )


CATEGORIES = _categories()  # the taxonomy in priority order (ties go to the earlier category)
CUE_RULES: tuple[Rule, ...] = tuple(cue.rule for c in CATEGORIES for cue in c.cues)


def taxonomy() -> tuple[Category, ...]:
    """The categories in priority order (ties go to the earlier one)."""
    return CATEGORIES


def category_codes() -> tuple[str, ...]:
    return tuple(c.code for c in taxonomy())


@cache
def analyze_word(word: str) -> Word:
    parses = morph().parse(word)
    lemmas = {_norm(p.normal_form) for p in parses}
    if "-" in word:  # «информационно-просветительской»: the parts count as words for cues
        for part in word.split("-"):
            lemmas.update(_norm(p.normal_form) for p in morph().parse(part))
    first = parses[0]
    lemma = first.normal_form
    if first.tag.POS == "PRTF":  # «наставляемых» → «наставляемый», not the verb «наставлять»
        form = first.inflect({"Sing", "Masc", "Nom"})  # natasha takes UD grammemes
        if form is not None:
            lemma = form.word
            lemmas.add(_norm(lemma))
    content = str(first.tag.POS) not in FUNCTION_POS and len(word) > 1
    return Word(_norm(lemma), frozenset(lemmas), content)


def analyze(text: str) -> list[Word]:
    return [analyze_word(m.group(0).lower()) for m in WORD.finditer(text)]


def lemma_line(words: list[Word]) -> str:
    """One token per word: its output lemma first, then its other lemmas, joined by «/»."""
    return " ".join("/".join([w.lemma, *sorted(w.lemmas - {w.lemma})]) for w in words)


def _match(cue: Cue, line: str) -> int | None:
    """Word position of the earliest full match of the cue in the lemma line, or None."""
    m = cue.rule.search(line)
    return None if m is None else line.count(" ", 0, m.start())


def score(words: list[Word]) -> dict[str, float]:
    line = lemma_line(words)
    scores: dict[str, float] = {}
    for category in CATEGORIES:
        found = []
        for cue in category.cues:
            pos = _match(cue, line)
            if pos is not None:
                found.append(cue.weight / (1 + pos / DECAY))
        if found:
            found.sort(reverse=True)
            scores[category.code] = round(found[0] + REST_WEIGHT * sum(found[1:]), 3)
    return scores


def content_lemmas(words: Iterable[Word]) -> tuple[str, ...]:
    """Lemmas of the content words, first occurrence order, without repeats."""
    return tuple(dict.fromkeys(w.lemma for w in words if w.content))


def classify_activity(text: str | None) -> Classification:
    """Category and lemmas of one activity text (None for a row without activity)."""
    if not text or not text.strip():
        return Classification(None, (), {})
    words = analyze(text)
    scores = score(words)
    order = {code: i for i, code in enumerate(category_codes())}
    best = max(scores, key=lambda c: (scores[c], -order[c]), default=None)
    category = best if best is not None and scores[best] >= MIN_SCORE else OTHER
    return Classification(category, content_lemmas(words), scores)


def classify_items(items: Iterable[RoadmapItem]) -> list[RoadmapItem]:
    """Roadmap items with `activity_category` and `activity_lemmas` filled in."""
    out = []
    for item in items:
        result = classify_activity(item.activity)
        out.append(replace(item, activity_category=result.category, activity_lemmas=result.lemmas))
    return out
