"""Where a document comes from: federal subject, municipality, and the issuer's level.

- `find_subjects(text)`: every federal subject the text names, in any case or form
  («Томской области», «Республики Бурятия», «Буряад Улас», «Кузбасс», «ХМАО»). Matching is on
  lemmas (pymorphy2 through natasha's `MorphVocab`) of the nominative and genitive forms in
  `data/federal_subjects.tsv`, which cover every case.
- `subject_of_place(place)`: the subject of a city or town («Томск», «г. Тамбов»): capitals and
  big cities from the same file. Used only where the text says it is a place (the header's place
  line, «г. X», «город X»), since many city names are also first names («Владимир»).
- `find_municipality(text)`: a municipality in nominative («Умётского района» → «Умётский
  район», «МО «Муйский район»» → «Муйский район», «ГОРОДСКОЙ ОКРУГ «ГОРОД КЛИНЦЫ …»» →
  «город Клинцы»).
- `issuer_level(issuer)`: federal | regional | municipal | organization.

Each rule keeps the phrases it must handle next to it; the tests loop over those tables.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from prikaz.morphology import morph, to_nominative

SUBJECTS_PATH = Path(__file__).with_name("data") / "federal_subjects.tsv"

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


@functools.cache
def _place_index() -> dict[tuple[str, ...], Subject]:
    index: dict[tuple[str, ...], Subject] = {}
    for s in subjects():
        for city in (s.capital, *s.cities):
            index.setdefault(tuple(t[0] for t in _tokens(city)), s)
    return index


# Prefixes of a settlement's name: «г.», «город», «р.п.», «пгт», «с.», «п.».
_PLACE_PREFIX = re.compile(
    r"^\s*(?:г\.|гор\.|город[а-я]*|р\.\s?п\.|рп\.?|пгт\.?|пос\.|посёл[а-я]*|посел[а-я]*|п\.|"
    r"с\.|село|ст\.|станица|д\.|деревня)\s*",
    re.IGNORECASE,
)
PLACE_EXAMPLES: dict[str, str | None] = {
    "Томск": "Томская область",
    "г. Томск": "Томская область",
    "г.Тамбов": "Тамбовская область",
    "в городе Томске": None,  # a phrase, not a place line: `find_city_subjects` reads those
    "Нижний Новгород": "Нижегородская область",
    "г. Клинцы": "Брянская область",
    "Улан-Удэ": "Республика Бурятия",
    "р.п. Умёт": None,
    "п.Таксимо": None,
}


def subject_of_place(place: str | None) -> Subject | None:
    """The subject of a place line («Томск», «г. Клинцы»), when its city is in the file."""
    if not place:
        return None
    name = _PLACE_PREFIX.sub("", place.strip()).strip(" .,")
    return _place_index().get(tuple(t[0] for t in _tokens(name)))


# A city named as such in running text: «г. Томск», «города Томска», «в городе Томске».
_CITY_IN_TEXT = re.compile(
    r"(?:\bг\.\s?|\bгород[а-я]*\s+)(?P<name>[А-ЯЁ][а-яё]+(?:[- ][А-ЯЁ][а-яё]+){0,2})"
)


def find_city_subjects(text: str) -> list[SubjectMention]:
    """Subjects of the cities `text` names as cities («г. Томск», «в городе Нижнем Новгороде»)."""
    out = []
    for m in _CITY_IN_TEXT.finditer(text):
        words = m.group("name").split()
        for n in range(len(words), 0, -1):  # «Нижний Новгород», then «Нижний»
            key = tuple(t[0] for t in _tokens(" ".join(words[:n])))
            subject = _place_index().get(key)
            if subject is not None:
                out.append(SubjectMention(subject, m.start("name"), m.end("name")))
                break
    return out


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
