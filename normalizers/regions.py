"""Where a document comes from: federal subject, municipality, and the issuer's level.

- `find_subjects(text)`: every federal subject the text names, in any case or form
  («Томской области», «Республики Бурятия», «Буряад Улас», «Кузбасс», «ХМАО»). Matching is on
  lemmas (pymorphy2 through natasha's `MorphVocab`) of the nominative and genitive forms in
  `data/federal_subjects.tsv`, which cover every case.
- Towns and districts, from `data/towns.tsv` (1,117 towns of HFLabs' «Города России», with the
  capitals and big cities of federal_subjects.tsv): `find_towns(text)` reads towns the text marks
  as towns («г. Уссурийска», «городского округа Верхняя Пышма»), `find_districts(text)` districts
  named by their adjective («Рыбинского муниципального района», «Уссурийского городского
  округа»), `issuer_town(issuer)` a town an institution's name ends in («МОУ «СОШ № 11» Находка»),
  `place_of_line(line)` a header's place line («г. Находка», «Уссурийск»). Each returns every
  subject a place of that name is in («Советск»: three); choosing is the caller's business. An
  unmarked name never counts in running text: many are also words or names («Мирный»,
  «Октябрь», «Владимир»). `subject_of_place(place)` is the subject when there is only one.
- `find_municipality(text)`: a municipality in nominative («Умётского района» → «Умётский
  район», «МО «Муйский район»» → «Муйский район», «ГОРОДСКОЙ ОКРУГ «ГОРОД КЛИНЦЫ …»» →
  «город Клинцы»).
- `issuer_level(issuer)`: federal | regional | municipal | organization.

Each rule keeps the phrases it must handle next to it; the tests loop over those tables.
"""

from __future__ import annotations

import csv
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from prikaz.morphology import inflect_parse, morph, to_nominative
from prikaz.rules import Rule

SUBJECTS_PATH = Path(__file__).with_name("data") / "federal_subjects.tsv"
TOWNS_PATH = Path(__file__).with_name("data") / "towns.tsv"

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Subject:
    iso: str | None  # None for the six subjects ISO 3166-2:RU does not list
    name: str
    genitive: str
    kind: str
    adjective: str | None
    capital: str
    cities: tuple[str, ...]
    other_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SubjectMention:
    subject: Subject
    start: int
    end: int


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


@functools.cache
def subjects() -> tuple[Subject, ...]:
    """The 89 federal subjects of `data/federal_subjects.tsv`, loaded once."""
    with SUBJECTS_PATH.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return tuple(
        Subject(
            iso=row["iso"].strip() or None,
            name=row["name"].strip(),
            genitive=row["genitive"].strip(),
            kind=row["kind"].strip(),
            adjective=row["adjective"].strip() or None,
            capital=row["capital"].strip(),
            cities=_split(row["cities"]),
            other_names=_split(row["other_names"]),
        )
        for row in csv.DictReader(lines, delimiter="\t")
    )


def subject_by_name(name: str) -> Subject | None:
    """The subject whose nominative name is `name` exactly."""
    return next((s for s in subjects() if s.name == name), None)


@functools.lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """Dictionary form of one word, lower case, ё → е (the comparison form of names)."""
    low = word.lower().replace("ё", "е")
    if not re.fullmatch(r"[а-яе-]+", low):
        return low  # Latin, native-script letters, abbreviations: compared as written
    return str(morph().parse(low)[0].normal_form).replace("ё", "е")


def _tokens(text: str) -> list[tuple[str, int, int, str]]:
    """(lemma, start, end, word) of every word of `text`."""
    return [(lemma(m.group(0)), m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def _name_parts(name: str) -> list[str]:
    """A name and the parts it is made of: «Кемеровская область — Кузбасс» → whole, both sides;
    «Республика Саха (Якутия)» → whole without the brackets, «Республика Саха», «Якутия»."""
    parts = [re.sub(r"[()]", "", name)]
    parts += [p.strip() for p in re.split(r"\s+[—–-]\s+|[()]", name) if p.strip()]
    return parts


@dataclass(frozen=True, slots=True)
class _Form:
    lemmas: tuple[str, ...]
    caps: bool  # an abbreviation (ХМАО, ДНР): matches only when written in capitals
    subject: Subject


@functools.cache
def _name_index() -> dict[str, tuple[_Form, ...]]:
    """First lemma → forms of subject names starting with it, longest first."""
    forms: dict[str, list[_Form]] = {}
    for s in subjects():
        # The genitive too: pymorphy reads «Тверская» as a street's name (lemma тверская) but
        # «Тверской» as the adjective, so the two forms have different lemmas.
        names = {
            *_name_parts(s.name),
            *_name_parts(s.genitive),
            *(p for o in s.other_names for p in _name_parts(o)),
        }
        for name in names:
            lemmas = tuple(t[0] for t in _tokens(name))
            if not lemmas:
                continue
            caps = len(lemmas) == 1 and name.isupper()
            forms.setdefault(lemmas[0], []).append(_Form(lemmas, caps, s))
    return {k: tuple(sorted(v, key=lambda f: -len(f.lemmas))) for k, v in forms.items()}


# Names a text may call a subject by, with the subject meant; the tests loop over this table.
SUBJECT_EXAMPLES: dict[str, str] = {
    "администрации Умётского района Тамбовской области": "Тамбовская область",
    "ТАМБОВСКОЙ ОБЛАСТИ": "Тамбовская область",
    "Республики Бурятия": "Республика Бурятия",
    "Буряад Улас": "Республика Бурятия",
    "в Бурятии": "Республика Бурятия",
    "министерство образования и науки Нижегородской области": "Нижегородская область",
    "департамента образования и науки Брянской области": "Брянская область",
    "Департамент общего образования Томской области": "Томская область",
    "Правительство Кемеровской области — Кузбасса": "Кемеровская область — Кузбасс",
    "школы Кузбасса": "Кемеровская область — Кузбасс",
    "Ханты-Мансийского автономного округа — Югры": "Ханты-Мансийский автономный округ — Югра",
    "ХМАО": "Ханты-Мансийский автономный округ — Югра",
    "Республики Саха (Якутия)": "Республика Саха (Якутия)",
    "Министерство образования Республики Северная Осетия — Алания": (
        "Республика Северная Осетия — Алания"
    ),
    "правительства Москвы": "Москва",
    "Санкт-Петербурга": "Санкт-Петербург",
    "Алтайского края": "Алтайский край",
    "Республики Алтай": "Республика Алтай",
    "Чувашской Республики": "Чувашская Республика — Чувашия",
    "Еврейской автономной области": "Еврейская автономная область",
    "ДНР": "Донецкая Народная Республика",
    "Тверской области": "Тверская область",
    "в Тверской области": "Тверская область",
}


def find_subjects(text: str) -> list[SubjectMention]:
    """Every federal subject named in `text`, in order; longest form wins at each place."""
    index = _name_index()
    tokens = _tokens(text)
    found: list[SubjectMention] = []
    i = 0
    while i < len(tokens):
        hit = None
        for form in index.get(tokens[i][0], ()):
            n = len(form.lemmas)
            window = tokens[i : i + n]
            if tuple(t[0] for t in window) != form.lemmas:
                continue
            if form.caps and not window[0][3].isupper():
                continue
            hit = form, n
            break
        if hit is None:
            i += 1
            continue
        form, n = hit
        found.append(SubjectMention(form.subject, tokens[i][1], tokens[i + n - 1][2]))
        i += n
    return found


# ---------------------------------------------------------------------------------------------
# Towns and districts
#
# `data/towns.tsv` (derived from HFLabs' «Города России», CC BY-SA 4.0: see its header) lists
# every town with its subject and district; the capitals and big cities of federal_subjects.tsv
# are added where it lacks them (Зеленоград, Донецк of the ДНР). A name is looked up in any case
# form: each word of the text stands for the nominatives pymorphy can read it as, compared with
# the town's name as written. Several subjects behind one name («Советск») are all returned: the
# caller decides, never this module. A town counts only where the text marks it as a place.


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    subject: Subject
    district: str | None  # «Рыбинский район»: the district the town lies in, if any


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A town or district named in a text, and every subject a place of that name is in."""

    text: str  # as written: «г. Уссурийска», «Рыбинского муниципального района»
    subjects: tuple[Subject, ...]  # one: decided; several: ambiguous
    start: int
    end: int


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@functools.cache
def towns() -> tuple[Town, ...]:
    """The towns of `data/towns.tsv` and the subjects' capitals and big cities, loaded once."""
    by_name = {s.name: s for s in subjects()}
    with TOWNS_PATH.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    out = [
        Town(row["town"], by_name[row["subject"]], row["district"].strip() or None)
        for row in csv.DictReader(lines, delimiter="\t")
    ]
    known = {(_fold(t.name), t.subject.name) for t in out}
    for s in subjects():
        out += [Town(c, s, None) for c in (s.capital, *s.cities) if (_fold(c), s.name) not in known]
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def name_forms(word: str) -> frozenset[str]:
    """Nominatives a word of a name may stand for, lower case, ё → е: the word itself, the
    dictionary form of each of its parses, and each parse put in nominative with its number and
    gender kept («Уссурийска» → уссурийск; «Отрадного» → отрадный, отрадное; «Лук» → луки)."""
    low = _fold(word)
    forms = {low}
    if not re.fullmatch(r"[а-я]+(?:-[а-я]+)*", low):
        return frozenset(forms)
    for p in morph().parse(low):
        forms.add(_fold(str(p.normal_form)))
        nominative = inflect_parse(p, {"nomn"})
        if nominative is not None:
            forms.add(_fold(str(nominative.word)))
    parts = low.split("-")
    if 1 < len(parts) <= 3:  # «Каменска-Уральского»: pymorphy declines only the last part
        forms |= {"-".join(c) for c in itertools.product(*(name_forms(p) for p in parts))}
    return frozenset(forms)


@functools.cache
def _town_index() -> dict[str, tuple[tuple[tuple[str, ...], tuple[Town, ...]], ...]]:
    """First word of a town's name → (the name's words, the towns so named), longest first."""
    by_words: dict[tuple[str, ...], list[Town]] = {}
    for t in towns():
        by_words.setdefault(tuple(_fold(w) for w in _WORD.findall(t.name)), []).append(t)
    index: dict[str, list[tuple[tuple[str, ...], tuple[Town, ...]]]] = {}
    for words, named in by_words.items():
        index.setdefault(words[0], []).append((words, tuple(named)))
    return {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in index.items()}


def match_town(words: list[str]) -> tuple[int, tuple[Town, ...]]:
    """The longest town name `words` begin with, in any case form: (words used, towns so named)."""
    if not words:
        return 0, ()
    best_n = 0
    best: list[Town] = []
    for form in name_forms(words[0]):
        for names, named in _town_index().get(form, ()):
            n = len(names)
            if n > len(words) or n < best_n:
                continue
            if all(names[i] in name_forms(words[i]) for i in range(1, n)):
                if n > best_n:
                    best_n, best = n, []
                best += named
    return best_n, tuple(dict.fromkeys(best))


def subjects_of(places: tuple[Town, ...]) -> tuple[Subject, ...]:
    """The distinct subjects of some towns, in the order of their names."""
    return tuple(sorted({t.subject.name: t.subject for t in places}.values(), key=lambda s: s.name))


@functools.lru_cache(maxsize=4096)
def is_common_word(name: str) -> bool:
    """A one-word town name that is also an ordinary word or a surname («Мирный», «Остров»,
    «Жуков»): in the dictionary, and none of its parses a place name. Such a town needs «г.»
    before it. Names of two words («Великие Луки», «Сосновый Бор») are not words of a sentence."""
    words = [_fold(w) for w in _WORD.findall(name)]
    return len(words) == 1 and bool(
        morph().word_is_known(words[0])
        and not any("Geox" in p.tag for p in morph().parse(words[0]))
    )


# District adjectives made from a town's name («Рыбинск» → рыбинский: «Рыбинского
# муниципального района»; «Находка» → находкинский: «Находкинского городского округа»). The rules
# over-generate on purpose: a form that names no district is never met in a text, and one that
# does («Бор» → боровский, the Калужская область's district) only makes a name ambiguous, while
# a form missed could let a district elsewhere of that name answer alone («Артёмовского
# городского округа» is in Свердловская область and in Приморский край). Irregular forms are
# missed («Орёл» → орловский); names of two words give none («Верхняя Пышма»: the town is named).
TOWN_ADJECTIVE_EXAMPLES: dict[str, str | None] = {
    "Рыбинск": "рыбинский",
    "Липецк": "липецкий",
    "Уссурийск": "уссурийский",
    "Находка": "находкинский",
    "Тула": "тульский",
    "Кострома": "костромской",
    "Пермь": "пермский",
    "Ярославль": "ярославский",
    "Тверь": "тверской",
    "Иваново": "ивановский",
    "Клинцы": "клинцовский",
    "Шахты": "шахтинский",
    "Сочи": "сочинский",
    "Буй": "буйский",
    "Киров": "кировский",
    "Артём": "артемовский",
    "Урус-Мартан": "урус-мартановский",
    "Каменск-Уральский": "каменск-уральский",
    "Верхняя Пышма": None,
}
_VOWEL_SUFFIXES = {
    "а": ("ский", "ской", "инский", "ьский"),
    "я": ("ский", "йский"),
    "о": ("ский",),
    "е": ("ский",),
    "ы": ("ский", "овский", "инский"),
    "и": ("ский", "овский", "инский"),
}


def town_adjectives(name: str) -> frozenset[str]:
    """District adjectives (masculine, lower case, ё → е) a town's name may give."""
    low = _fold(name)
    if " " in low:
        return frozenset()
    if low.endswith(("ий", "ый", "ой")):  # the name is an adjective («Каменск-Уральский»)
        return frozenset({low})
    if low.endswith(("ск", "цк")):
        return frozenset({low + "ий"})
    if low.endswith("ь"):
        stem = low[:-1]  # «Ярославль» → ярославский: the «л» goes too
        extra = {stem[:-1] + "ский"} if stem.endswith("л") else set()
        return frozenset({stem + "ский", stem + "ской", low + "ский", *extra})
    if low[-1] in _VOWEL_SUFFIXES:
        return frozenset(low[:-1] + s for s in _VOWEL_SUFFIXES[low[-1]])
    return frozenset({low + "ский", low + "овский"})


# District names found all over Russia and inside cities (after people, dates and directions):
# the gazetteer cannot know every «Советский район», so these never decide a subject.
# fmt: off
GENERIC_DISTRICTS = frozenset([
    "ленинский", "кировский", "советский", "октябрьский", "первомайский", "пролетарский",
    "комсомольский", "красноармейский", "красногвардейский", "куйбышевский", "калининский",
    "свердловский", "дзержинский", "фрунзенский", "орджоникидзевский", "ворошиловский",
    "московский", "ленинградский", "приморский", "заводской", "заводский", "автозаводский",
    "тракторозаводский", "краснооктябрьский", "пушкинский", "чкаловский",
])
# fmt: on


@functools.cache
def _district_index() -> dict[str, tuple[Subject, ...]]:
    """District adjective → subjects: districts of towns.tsv and adjectives of town names.

    Neither the generic names nor the subjects' own adjectives: settlers named districts after
    the governorates they came from (Тамбовский район is in Амурская область too, Смоленский in
    Алтайский край, Курский in Ставропольский край, Орловский in Ростовская), mostly districts
    without a town, which towns.tsv cannot know."""
    excluded = GENERIC_DISTRICTS | {s.adjective for s in subjects() if s.adjective}
    found: dict[str, dict[str, Subject]] = {}
    for t in towns():
        keys = set(town_adjectives(t.name))
        if t.district:
            keys.add(_fold(t.district.split()[0]))
        for key in keys - excluded:
            found.setdefault(key, {})[t.subject.name] = t.subject
    return {k: tuple(sorted(v.values(), key=lambda s: s.name)) for k, v in found.items()}


# A town marked as such: «г. Уссурийска», «города Находки», «городского округа Верхняя Пышма»,
# «ГОРОДСКОЙ ОКРУГ «ГОРОД КЛИНЦЫ»», «МО «Город Томск»», «г.о. Тольятти». «г.» after a number
# is a year («2016 г.»); the name stands on the marker's line, capitalised, up to three words.
# Examples: the phrase → the subjects of the first town `find_towns` reads in it.
_SP = r"[ \u00a0]"
TOWN = Rule.of(
    "town",
    r"(?:\bг\.\s?о\.|(?<![\d.])(?<!\d{4}\s)\bг\.|\bгор\.|\bгород(?:а|е|ом|у)?(?=[ \u00a0])"
    rf"|\bгородско(?:го|й|м|му){_SP}+округ(?:а|е|ом|у)?|(?-i:\bГО\b)"
    rf"|\bгородско(?:го|е|м|му){_SP}+поселени(?:я|е|ю|ем)"
    rf"|\bмуниципальн\w+{_SP}+образовани\w+|(?-i:\bМО\b)){_SP}*"
    rf"(?:[«\"“]{_SP}?)?(?:(?:город|г\.)(?:{_SP}+|(?<=\.)))?"
    rf"(?P<name>(?-i:[А-ЯЁ][А-ЯЁа-яё]*(?:-[А-ЯЁа-яё]+)*(?:{_SP}[А-ЯЁ][А-ЯЁа-яё]*(?:-[А-ЯЁа-яё]+)*){{0,2}}))",
    {
        "Администрация городского округа Верхняя Пышма": ("Свердловская область",),
        "КГКУ «Центр содействия семейному устройству г.Уссурийска»": ("Приморский край",),
        "МОУ «СОШ № 11» г. Находка": ("Приморский край",),
        "администрации города Находки": ("Приморский край",),
        "МУ «ГДМ «Октябрь»» г. Липецк": ("Липецкая область",),
        "в городе Липецке": ("Липецкая область",),
        "Администрация г. Верхней Пышмы": ("Свердловская область",),
        "администрации города Великих Лук": ("Псковская область",),
        "ГОРОДСКОЙ ОКРУГ «ГОРОД КЛИНЦЫ БРЯНСКОЙ ОБЛАСТИ»": ("Брянская область",),
        "МО «Город Томск»": ("Томская область",),
        "муниципального образования город Рыбинск": ("Ярославская область",),
        "г.о. Тольятти": ("Самарская область",),
        "«СОШ №1 г.УРУС-МАРТАН»": ("Чеченская Республика",),
        "г. Каменска-Уральского": ("Свердловская область",),
        "в г. Ростове-на-Дону": ("Ростовская область",),
        "Г. НАХОДКА ПРИМОРСКОГО КРАЯ": ("Приморский край",),
        "г. Остров": ("Псковская область",),
        "г. Советска": ("Калининградская область", "Кировская область", "Тульская область"),
        "Отдел образования г. Кировска": ("Ленинградская область", "Мурманская область"),
        "г. Мирный": ("Архангельская область", "Республика Саха (Якутия)"),
        "г. Киров": ("Калужская область", "Кировская область"),
        "в городе Заречном": ("Пензенская область", "Свердловская область"),
        "г. Октябрь": None,  # no such town
        "Директор Г.Чехов": None,  # an initial
        "город Москва": ("Москва",),
    },
    counter=(
        "МУ «ГДМ «Октябрь»»",
        "«15» января 2016 г.\nПлан",
        "от 11.10.2010 г. Мирный",
        "2019г. Советск",
        "п. Мирный",
        "Мирный атом",
        "г.\nСоветск",
        "городской конкурс",
    ),
)


def find_towns(text: str) -> list[PlaceMention]:
    """Towns `text` marks as towns («г. Уссурийска», «городского округа Верхняя Пышма»)."""
    out = []
    for m in TOWN.finditer(text):
        if text[m.start() : m.start("name")].strip() == "Г." and not m.group("name").isupper():
            continue  # an initial before a surname («Г.Чехов»), not «г.»
        words = _WORD.findall(m.group("name"))
        n, named = match_town(words)
        if not n:
            continue
        end = m.start("name") + sum(len(w) for w in words[:n]) + n - 1  # single spaces between
        out.append(PlaceMention(text[m.start() : end], subjects_of(named), m.start("name"), end))
    return out


# A district by its adjective: «Рыбинского муниципального района», «Уссурийского городского
# округа», «Алданский улус». One inside a city («Ленинского района г. Перми») is no municipality
# and is skipped; the city after it is a town. Examples: the phrase → the subjects of the first
# district `find_districts` reads in it (districts of towns.tsv and adjectives of town names).
DISTRICT = Rule.of(
    "district",
    r"(?<![\w-])(?P<adj>(?-i:[А-ЯЁ])[а-яё]+(?:-[А-ЯЁа-яё]+)?(?:ск|цк)(?:ого|ий|ому|им|ом|ой|ая|ую))"
    rf"{_SP}+(?:(?:муниципальн|городск)\w*\s+)?(?:район|округ|улус|кожуун)\w*(?![\w-])"
    r"(?!\s+(?:г\.|гор\.|город|городского\s+округа))",
    {
        "МУ «Спортивная школа Рыбинского муниципального района»": (
            "Красноярский край",
            "Ярославская область",
        ),
        "СПОРТИВНАЯ ШКОЛА РЫБИНСКОГО МУНИЦИПАЛЬНОГО РАЙОНА": (
            "Красноярский край",
            "Ярославская область",
        ),
        "администрации Уссурийского городского округа": ("Приморский край",),
        "Находкинского городского округа": ("Приморский край",),
        "Управление образования Липецкого муниципального района": None,  # a subject's adjective
        "МУ «Отдел образования Урус-Мартановского муниципального района»": (
            "Чеченская Республика",
        ),
        "Алданского улуса": ("Республика Саха (Якутия)",),
        "Мирнинский район": ("Республика Саха (Якутия)",),
        "Администрация Тамбовского района": None,  # also in Амурская область
        "Каменск-Уральского городского округа": ("Свердловская область",),
        "Администрация Артёмовского городского округа": (
            "Красноярский край",
            "Приморский край",
            "Свердловская область",
        ),
        "Администрация Советского района": None,  # such districts are all over Russia
        "Комитет по образованию Кировского городского округа": None,
        "Мотовилихинского района г. Перми": None,  # a district of a city
        "Администрация Умётского района": None,  # a district with no town: not in towns.tsv
    },
    counter=(
        "муниципального района",
        "Ханты-Мансийского автономного округа",
        "Приморского края",
        "городского округа Верхняя Пышма",
    ),
)


def find_districts(text: str) -> list[PlaceMention]:
    """Districts `text` names by their adjective, with the subjects districts of that name are
    in (a generic name like «Советский» gives nothing)."""
    out = []
    for m in DISTRICT.finditer(text):
        forms = name_forms(m.group("adj"))
        if forms & (GENERIC_DISTRICTS | _GENERIC_ADJ):
            continue
        found = {s.name: s for f in forms for s in _district_index().get(f, ())}
        if found:
            named = tuple(sorted(found.values(), key=lambda s: s.name))
            out.append(PlaceMention(m.group(0), named, m.start(), m.end()))
    return out


def find_places(text: str) -> list[PlaceMention]:
    """Towns and districts `text` names as places, in order."""
    return sorted([*find_towns(text), *find_districts(text)], key=lambda p: p.start)


# An institution's name ending in its town, unmarked: «МОУ «СОШ № 11» Находка». Only a whole
# town name after the closing quote or number counts, and not a common word («… № 3 Заречный»).
ISSUER_TOWN = Rule.of(
    "issuer town",
    rf"(?:[»\"”]|\d){_SP}*,?{_SP}*"
    rf"(?P<name>(?-i:[А-ЯЁ][А-ЯЁа-яё]*(?:-[А-ЯЁа-яё]+)*(?:{_SP}[А-ЯЁ][А-ЯЁа-яё]*)?))[\s.]*$",
    {
        "МОУ «СОШ № 11» Находка": ("Приморский край",),
        "МБОУ СОШ № 5 Уссурийск": ("Приморский край",),
        "МБОУ «Гимназия», Рыбинск": ("Ярославская область",),
        "МОУ «СОШ № 1» Советск": (
            "Калининградская область",
            "Кировская область",
            "Тульская область",
        ),
        "МБОУ «Школа № 3» Заречный": None,  # a common word: needs «г.»
        "МБОУ «СОШ № 2» Иванов": None,  # a surname, no town
    },
    counter=("МУ «ГДМ «Октябрь»»", "Администрация Рыбинского муниципального района"),
)


def issuer_town(issuer: str) -> PlaceMention | None:
    """The town an issuer's name ends in, unmarked («МОУ «СОШ № 11» Находка»), or None."""
    m = ISSUER_TOWN.search(issuer)
    if m is None or is_common_word(m.group("name")):
        return None
    words = _WORD.findall(m.group("name"))
    n, named = match_town(words)
    if n != len(words):
        return None
    return PlaceMention(m.group("name"), subjects_of(named), m.start("name"), m.end("name"))


# A place line of the header: a town's name alone, maybe after «г.» / «город» / «городской
# округ»; a village («с.», «п.», «р.п.») is no town of the gazetteer. A common word needs «г.».
_LINE_PREFIX = re.compile(
    r"^(?:г\.\s?о\.|г\.|гор\.|городской\s+округ|город|(?-i:ГО))\s*", re.IGNORECASE
)
_VILLAGE_PREFIX = re.compile(
    r"^(?:р\.\s?п\.|рп\.?|пгт\.?|п\.\s?г\.\s?т\.|пос\.|посёл|посел|п\.|с\.|село|ст\.|станиц|"
    r"д\.|деревн|х\.|аул)",
    re.IGNORECASE,
)
_LINE_NAME = re.compile(r"[А-ЯЁ][А-ЯЁа-яё]*(?:-[А-ЯЁа-яё]+)*(?:\s[А-ЯЁ][А-ЯЁа-яё]*){0,2}")
PLACE_EXAMPLES: dict[str, str | None] = {
    "Томск": "Томская область",
    "г. Томск": "Томская область",
    "г.Тамбов": "Тамбовская область",
    "в городе Томске": None,  # a phrase, not a place line: `find_towns` reads those
    "Нижний Новгород": "Нижегородская область",
    "г. Клинцы": "Брянская область",
    "Улан-Удэ": "Республика Бурятия",
    "р.п. Умёт": None,
    "п.Таксимо": None,
    "Уссурийск": "Приморский край",
    "г. Находка": "Приморский край",
    "г. Верхняя Пышма": "Свердловская область",
    "Великие Луки": "Псковская область",
    "городской округ Верхняя Пышма": "Свердловская область",
    "г. Урус-Мартан": "Чеченская Республика",
    "г. Брянска": "Брянская область",
    "Советск": None,  # three subjects: `place_of_line` returns them all
    "г. Остров": "Псковская область",
    "Остров": None,  # a common word without «г.»
    "с. Мирный": None,
    "«Октябрь»": None,
}


def place_of_line(line: str | None) -> PlaceMention | None:
    """The town a short header line names («Уссурийск», «г. Находка»), or None."""
    text = (line or "").strip().rstrip(" .,")
    if not text or len(text) > 40 or _VILLAGE_PREFIX.match(text):
        return None
    prefix = _LINE_PREFIX.match(text)
    start = prefix.end() if prefix else 0
    name = _LINE_NAME.fullmatch(text, start)
    if name is None or (prefix is None and is_common_word(name.group(0))):
        return None
    words = _WORD.findall(name.group(0))
    n, named = match_town(words)
    if n != len(words):
        return None
    return PlaceMention(text, subjects_of(named), start, len(text))


def subject_of_place(place: str | None) -> Subject | None:
    """The subject of a place line («Томск», «г. Клинцы») when its town is in one subject only."""
    found = place_of_line(place)
    return found.subjects[0] if found and len(found.subjects) == 1 else None


def find_city_subjects(text: str) -> list[SubjectMention]:
    """Subjects of the towns `text` names as towns («г. Томск», «в городе Нижнем Новгороде»),
    for towns in one subject only."""
    return [
        SubjectMention(p.subjects[0], p.start, p.end)
        for p in find_towns(text)
        if len(p.subjects) == 1
    ]


def most_named_subject(text: str) -> tuple[Subject | None, bool]:
    """The subject `text` names most often, and whether another one is named as often."""
    counts = Counter(m.subject.name for m in [*find_subjects(text), *find_city_subjects(text)])
    if not counts:
        return None, False
    ranked = counts.most_common(2)
    tie = len(ranked) == 2 and ranked[0][1] == ranked[1][1]
    return subject_by_name(ranked[0][0]), tie


# ---------------------------------------------------------------------------------------------
# Municipalities

# Adjectives in -ский that name no place («городского округа», «муниципального района»).
_GENERIC_ADJ = {
    "городской",
    "сельский",
    "муниципальный",
    "внутригородской",
    "административный",
    "федеральный",
    "автономный",
    "национальный",
    "районный",
    "данный",
    "указанный",
    "соответствующий",
    "российский",
}
_MUNI_NOUN = r"(?:муниципальн\w*\s+)?(?:район\w*|округ\w*|улус\w*|кожуун\w*)"
# «Умётского района», «Тоншаевского муниципального округа», «Муйский район».
_ADJ_MUNI = re.compile(
    r"(?<![\w-])(?P<adj>[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?(?:ск|цк|нск)(?:ого|ий|ому|им|ом|ой|ая|ую))"
    r"\s+(?P<noun>(?:муниципальн\w*\s+|городск\w+\s+)?(?:район\w*|округ\w*|улус\w*|кожуун\w*))"
    r"(?![\w-])",
    re.IGNORECASE,
)
# «муниципального образования «Муйский район»», «МО «Город Томск»», «городской округ «…»».
_QUOTED_MUNI = re.compile(
    r"(?:муниципальн\w+\s+образовани\w+|\bМО|городск\w+\s+округ\w*|муниципальн\w+\s+район\w*|"
    r"муниципальн\w+\s+округ\w*)\s*[«\"“](?P<name>[^»\"”]{2,80})[»\"”]",
    re.IGNORECASE,
)
# «г. Клинцы», «города Томска», «городе Северске»: a city as the municipality.
# «г.» after a number is the year («2016 г.»), and a city's name stands on the same line; a
# second capitalised word belongs to the name when the first is an adjective («Верхняя Пышма»).
_CITY = re.compile(
    r"(?:(?<![\d.])(?<!\d\s)\bг\.[ \u00a0]?|\bгород(?:а|е|ом|у)?[ \u00a0]+)"
    r"(?P<name>[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)(?:[ \u00a0](?P<second>[А-ЯЁ][а-яё]+))?"
)
_ADJ_NOMINATIVE = re.compile(r"(?:ая|яя|ий|ый|ой|ое|ее|ие|ые)$")
_ADJ_OBLIQUE = re.compile(r"(?:ого|его|ому|ему|ым|им|ом|ем|ую|юю|ей|ых|их|ыми|ими)$")
_LOWER_WORDS = {
    "город",
    "район",
    "округ",
    "муниципальный",
    "городской",
    "сельское",
    "городское",
    "поселение",
    "улус",
    "поселок",
    "посёлок",
    "село",
    "кожуун",
}

MUNICIPALITY_EXAMPLES: dict[str, str | None] = {
    "АДМИНИСТРАЦИЯ УМЁТСКОГО РАЙОНА ТАМБОВСКОЙ ОБЛАСТИ": "Умётский район",
    "администрации Тоншаевского муниципального округа Нижегородской области": (
        "Тоншаевский муниципальный округ"
    ),
    "Администрация муниципального образования «Муйский район»": "Муйский район",
    "ГОРОДСКОЙ ОКРУГ «ГОРОД КЛИНЦЫ БРЯНСКОЙ ОБЛАСТИ»": "город Клинцы",
    "МО «Город Томск»": "город Томск",
    "Управление образования Администрации Северского района": "Северский район",
    "Отдел образования администрации города Клинцы": "город Клинцы",
    "Комитет по образованию Кировского городского округа": "Кировский городской округ",
    "Департамент общего образования Томской области": None,
    "муниципального района": None,
    "в муниципальном образовании": None,
    "Администрация г. Верхняя Пышма": "город Верхняя Пышма",
    "в г. Великие Луки Псковской области": "город Великие Луки",
    "администрации города Великих Лук": None,
    "МБОУ СОШ г. Брянска": "город Брянск",
    "«15» января 2016 г.\nПерспективный план": None,
    "от 11.10.2010 г. План работы": None,
    "г.\nПлан": None,
}


def _normal_case(name: str) -> str:
    """«ГОРОД КЛИНЦЫ» → «город Клинцы»: generic words lower, names capitalised."""
    words = []
    for i, word in enumerate(name.split()):
        low = word.lower()
        if low in _LOWER_WORDS:
            words.append(low)
        elif word.isupper() or word.islower() or i == 0:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
        else:
            words.append(word)
    return " ".join(words)


def _strip_subject(name: str) -> str:
    """«ГОРОД КЛИНЦЫ БРЯНСКОЙ ОБЛАСТИ» → «ГОРОД КЛИНЦЫ»: a trailing subject name dropped."""
    mentions = find_subjects(name)
    if mentions and mentions[-1].end >= len(name.rstrip()) and mentions[-1].start > 0:
        return name[: mentions[-1].start].rstrip(" ,")
    return name


def _city(text: str) -> tuple[int, int, str] | None:
    """The first «г. X» / «город X» of `text` as (start, end, «город X»), or None when unsure.

    A two-word name is taken as written when its adjective is nominative («г. Великие Луки»);
    in an oblique case («города Великих Лук») the morphology cannot put both words back
    reliably, so the city is left out rather than guessed.
    """
    m = _CITY.search(text)
    if m is None:
        return None
    name, second = m.group("name"), m.group("second")
    if second and _ADJ_NOMINATIVE.search(name):
        return m.start(), m.end(), f"город {name} {second}"
    if second and _ADJ_OBLIQUE.search(name):
        return None
    city = to_nominative(name)
    return m.start(), m.end("name"), f"город {city[:1].upper()}{city[1:]}"


def find_municipality(text: str) -> tuple[str, int, int] | None:
    """The first municipality `text` names, in nominative, with its span in `text`."""
    found: list[tuple[int, int, str]] = []
    for m in _QUOTED_MUNI.finditer(text):
        name = _normal_case(_strip_subject(m.group("name").strip()))
        found.append((m.start("name"), m.end("name"), name))
    for m in _ADJ_MUNI.finditer(text):
        if lemma(m.group("adj")) in _GENERIC_ADJ:
            continue
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        phrase = f"{m.group('adj')} {m.group('noun')}".lower()
        nominative = to_nominative(phrase)
        found.append((m.start(), m.end(), _normal_case(nominative)))
    if not found:
        city_found = _city(text)
        if city_found is not None:
            found.append(city_found)
    if not found:
        return None
    start, end, name = min(found)
    return name, start, end


# ---------------------------------------------------------------------------------------------
# Issuer level

# Legal forms of institutions and companies (МБОУ, ОГБУ, МКУ, ГАПОУ, ООО …).
ORG_FORMS = [
    "МБОУ",
    "МАОУ",
    "МКОУ",
    "МОУ",
    "ГБОУ",
    "ГАОУ",
    "ГКОУ",
    "ОГБОУ",
    "ОГАОУ",
    "ОГКОУ",
    "ФГБОУ",
    "ФГАОУ",
    "МБДОУ",
    "МАДОУ",
    "МКДОУ",
    "МДОУ",
    "ГБДОУ",
    "МБУ",
    "МАУ",
    "МКУ",
    "ГБУ",
    "ГАУ",
    "ГКУ",
    "ОГБУ",
    "ОГАУ",
    "ОГКУ",
    "ФГБУ",
    "ФГУ",
    "ГАПОУ",
    "ГБПОУ",
    "ОГБПОУ",
    "ОГАПОУ",
    "МБУДО",
    "МАУДО",
    "МБОУДО",
    "МАОУДО",
    "ГБУДО",
    "АНО",
    "ООО",
    "ОАО",
    "ПАО",
    "АО",
    "ЗАО",
    "ЧОУ",
    "НОУ",
    "ЧУ",
    "МП",
    "МУП",
    "ГУП",
]
_ORG_FORMS = r"\b(?:" + "|".join(ORG_FORMS) + r")\b"
_ORGANIZATION = re.compile(
    _ORG_FORMS + r"|учреждени|школ[аыу]|гимнази|лице[йя]|детск\w+\s+сад|колледж|техникум|"
    r"университет|институт|академи|центр\w*\b|дом\s+детск|организаци[яи]\b",
    re.IGNORECASE,
)
# Bodies of power: a name with one of these words governs, even when registered as an
# institution («МКУ «Районное управление образования»»).
_AUTHORITY = re.compile(
    r"администраци|управлени|\bотдел\b|департамент|министерств|комитет|правительств|"
    r"губернатор|\bглав[аы]\b|\bдум[аы]\b|\bмэри[яи]\b|префектур|аппарат",
    re.IGNORECASE,
)
_FEDERAL = re.compile(
    r"российской\s+федерации|\bРФ\b|\bросси[ийи]\b|федеральн|\bмин\w+\s+россии|"
    r"\bрос\w+надзор|президент",
    re.IGNORECASE,
)
_MUNICIPAL = re.compile(
    r"район|округ|\bгород|городск|муниципальн|поселени|сельсовет|улус|кожуун|\bМО\b",
    re.IGNORECASE,
)
_REGIONAL = re.compile(r"областн|краев|республиканск|окружн", re.IGNORECASE)

ISSUER_LEVEL_EXAMPLES: dict[str, str | None] = {
    "Администрация Умётского района Тамбовской области": "municipal",
    "Управление образования, спорта и молодёжной политики администрации Тоншаевского "
    "муниципального округа Нижегородской области": "municipal",
    "Отдел образования Клинцовской городской администрации": "municipal",
    "Муниципальное казенное учреждение «Районное управление образования»": "municipal",
    "Департамент общего образования Томской области": "regional",
    "Областное государственное бюджетное учреждение «Региональный центр развития "
    "образования»": "organization",
    "Министерство просвещения Российской Федерации": "federal",
    "Минпросвещения России": "federal",
    "Министерство образования и науки Республики Бурятия": "regional",
    "Управление образования и науки Тамбовской области": "regional",
    "МБОУ «Средняя общеобразовательная школа № 5»": "organization",
    "Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 12»": (
        "organization"
    ),
    "Правительство Москвы": "regional",
    "Администрация города Томска": "municipal",
    "Глава района": "municipal",
    "Департамент образования и науки Ханты-Мансийского автономного округа — Югры": "regional",
    "": None,
}


def _quoted(text: str) -> str:
    return " ".join(re.findall(r"[«\"“]([^»\"”]+)[»\"”]", text))


def issuer_level(issuer: str | None) -> str | None:
    """federal | regional | municipal | organization for an issuer's name; None if unknown."""
    if not issuer or not issuer.strip():
        return None
    text = issuer.strip()
    outside = re.sub(r"[«\"“][^»\"”]*[»\"”]", " ", text)
    if _ORGANIZATION.search(outside) and not _AUTHORITY.search(outside):
        inner = _quoted(text)
        if not _AUTHORITY.search(inner):
            return "organization"
        text = f"{outside} {inner}"  # an authority registered as an institution
    if _FEDERAL.search(text):
        return "federal"
    mentions = find_subjects(text)
    local = text
    for m in reversed(mentions):  # «…автономного округа» is a subject, not a municipality
        local = local[: m.start] + " " + local[m.end :]
    if _MUNICIPAL.search(local):
        return "municipal"
    if mentions or _REGIONAL.search(text):
        return "regional"
    return None
