"""Acts a document cites: «приказом управления … от 17.07.2020 №1509 «Об утверждении …»».

A citation is found from its anchor — «от <date> [№ <number>]» or «№ <number> от <date>» — and
read backwards to the nearest type word (any case form: «приказом», «Указа», «Федеральным
законом»); what stands between is the issuer, the quoted text right after (or between issuer and
a number-first anchor) is the title. A bare «, от <date> N <number>» right after a citation
continues it with the same type and issuer («(в ред. Указов … от 06.04.94 N 667, от 22.07.98
N 866)»). Laws cited by title only («Федеральным законом "Об образовании …"») are kept too.

The document's own number/date line (and an attachment's «УТВЕРЖДЕН … от … № …» that carries
the document's own number and date) is not a reference.

ref_type is the nominative type word; issuer is the nominative full name when the federal
vocabulary knows it, else the head put into nominative when the dictionary knows the head word,
else as written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from prikaz.extractors.actparts import (
    ACT_TYPE_RE,
    DATE_RE,
    NUMBER_RE,
    act_type_of,
    clean_number,
    date_from_match,
    quoted_at,
)
from prikaz.extractors.header import extract_header
from prikaz.model import Document
from prikaz.morphology import morph, restore_case, to_nominative
from prikaz.normalizers.issuers import issuer_key as _key
from prikaz.normalizers.issuers import vocabulary
from prikaz.records import Header, Reference

# Citation → (ref_type, issuer, date ISO, number, title); the tests loop over this table.
REFERENCE_EXAMPLES: dict[str, tuple[str, str | None, str | None, str | None, str | None]] = {
    "в соответствии с приказом управления образования и науки Орловской области от 03.02.2020 "
    "№215 «Об утверждении плана»": (
        "приказ",
        "Управление образования и науки Орловской области",
        "2020-02-03",
        "215",
        "Об утверждении плана",
    ),
    "(распоряжение Минпросвещения России от 5 марта 2019 года № Р – 12)": (
        "распоряжение",
        "Министерство просвещения Российской Федерации",
        "2019-03-05",
        "Р-12",
        None,
    ),
    "распоряжением Департамента общего образования Курской области от 19.11.2021 г № 94-р "
    "«Об утверждении программы «Развитие наставничества»»": (
        "распоряжение",
        "Департамент общего образования Курской области",
        "2021-11-19",
        "94-р",
        "Об утверждении программы «Развитие наставничества»",
    ),
    'Федеральным законом от 29 декабря 2012 г. N 273-ФЗ "Об образовании в Российской Федерации"': (
        "федеральный закон",
        None,
        "2012-12-29",
        "273-ФЗ",
        "Об образовании в Российской Федерации",
    ),
    'Закона Орловской области "О городском хозяйстве" N 12-3 от 01.02.2001': (
        "закон",
        "Орловская область",
        "2001-02-01",
        "12-3",
        "О городском хозяйстве",
    ),
    'в соответствии с Федеральным законом "О пожарной безопасности"': (
        "федеральный закон",
        None,
        None,
        None,
        "О пожарной безопасности",
    ),
}

_GAP = 220  # longest issuer + type word we read back from an anchor
_BAD_IN_ISSUER = re.compile(r"[;:()\[\]]|\.\s+[А-ЯЁ]|\bот\s+\d|\n\s*\n")


@dataclass(slots=True)
class _Anchor:
    start: int
    end: int
    date_iso: str | None
    number: str | None
    number_first: bool


def _anchors(text: str) -> list[_Anchor]:
    found: list[_Anchor] = []
    for m in re.finditer(r"(?<![А-Яа-яЁё])от\s+", text):
        d = DATE_RE.match(text, m.end())
        if not d:
            continue
        date = date_from_match(d)
        if date is None:
            continue
        end = d.end()
        number = None
        n = re.compile(r"\s*,?\s*").match(text, end)
        pos = n.end() if n else end
        nm = NUMBER_RE.match(text, pos)
        if nm and any(ch.isdigit() for ch in nm.group("num")):
            number = clean_number(nm.group("num"))
            end = nm.start("num") + len(nm.group("num").rstrip("."))
        elif re.compile(r"(?:№|N)\s*(?=[«\"])").match(text, pos):
            end = re.compile(r"(?:№|N)\s*").match(text, pos).end()  # type: ignore[union-attr]
        found.append(_Anchor(m.start(), end, date.isoformat(), number, False))
    for nm in NUMBER_RE.finditer(text):
        after = re.compile(r"\s+от\s+").match(text, nm.end("num"))
        if not after:
            continue
        d = DATE_RE.match(text, after.end())
        if not d or date_from_match(d) is None:
            continue
        if any(a.start <= nm.start() < a.end for a in found):
            continue
        date = date_from_match(d)
        found.append(
            _Anchor(
                nm.start(),
                d.end(),
                date.isoformat() if date else None,
                clean_number(nm.group("num")),
                True,
            )
        )
    found.sort(key=lambda a: a.start)
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _issuer_name(raw: str) -> str | None:
    raw = _squash(raw).strip(" ,")
    if not raw:
        return None
    raw = restore_case(raw)
    body = vocabulary()[1].get(_key(raw))
    if body is not None:
        return body.full
    first = re.match(r"[А-Яа-яЁё]+", raw)
    if first and morph().word_is_known(first.group(0).lower()):
        nom = to_nominative(raw)
        body = vocabulary()[1].get(_key(nom))
        return body.full if body else nom
    return raw


def _title_after(text: str, pos: int) -> tuple[str, int] | None:
    m = re.compile(r"[ \t\n]*").match(text, pos)
    start = m.end() if m else pos
    q = quoted_at(text, start)
    if q is None:
        return None
    return _squash(q[0]), q[1]


def extract_references(doc: Document, header: Header | None = None) -> list[Reference]:
    """Every act `doc` cites, in text order. Pure; an internal failure raises (the stage runner
    records it as a warning).

    `header` (the document's own, to leave its own number and date out) is extracted when
    not given; the pipeline passes the one it already has.
    """
    return _extract(doc, header if header is not None else extract_header(doc))


def _extract(doc: Document, header: Header) -> list[Reference]:
    text = doc.text
    own = (header.date.isoformat() if header.date else None, header.number)
    refs: list[Reference] = []
    prev: Reference | None = None
    for a in _anchors(text):
        window_start = max(0, a.start - _GAP, prev.span_end if prev else 0)
        window = text[window_start : a.start]
        types = list(ACT_TYPE_RE.finditer(window))
        ref_type: str | None = None
        issuer: str | None = None
        title: str | None = None
        start = a.start
        end = a.end
        if types:
            t = types[-1]
            between = window[t.end() :]
            if a.number_first:
                q = re.search(r"[«\"]", between)
                if q:
                    inner = quoted_at(between, q.start())
                    if inner and not between[inner[1] :].strip():
                        title = _squash(inner[0])
                        between = between[: q.start()]
            if _BAD_IN_ISSUER.search(between):
                types = []
            else:
                ref_type = act_type_of(t)
                issuer = _issuer_name(between) if between.strip() else None
                start = window_start + t.start()
        if not types:
            gap = text[prev.span_end : a.start] if prev else None
            if prev is None or gap is None or not re.fullmatch(r"\s*(?:,|и)\s*", gap):
                continue
            ref_type, issuer = prev.ref_type, prev.issuer
        if title is None:
            after = _title_after(text, end)
            if after:
                title, end = after
        if (a.date_iso, a.number) == own and own != (None, None):
            prev = None
            continue
        ref = Reference(
            ref_type=ref_type,
            issuer=issuer,
            date=_date(a.date_iso),
            number=a.number,
            title=title,
            raw=_squash(text[start:end]),
            span_start=start,
            span_end=end,
        )
        refs.append(ref)
        prev = ref
    refs.extend(_titled_only(text, refs))
    refs.sort(key=lambda r: r.span_start)
    return _dedupe(refs, header.title)


def _norm_title(title: str | None) -> str:
    return re.sub(r"[^а-яёa-z0-9]+", " ", (title or "").casefold()).strip()


def _dedupe(refs: list[Reference], own_title: str | None) -> list[Reference]:
    """One reference per cited act (first citation kept, a later title fills a missing one);
    a citation of the document's own title is the document itself, not a reference."""
    out: list[Reference] = []
    seen: dict[tuple[object, ...], int] = {}
    own = _norm_title(own_title)
    for ref in refs:
        if own and _norm_title(ref.title) == own:
            continue
        if ref.number or ref.date:
            key: tuple[object, ...] = (ref.ref_type, ref.date, ref.number)
        else:
            key = (ref.ref_type, _norm_title(ref.title))
        if key in seen:
            first = out[seen[key]]
            if first.title is None and ref.title:
                out[seen[key]] = Reference(
                    first.ref_type,
                    first.issuer,
                    first.date,
                    first.number,
                    ref.title,
                    first.raw,
                    first.span_start,
                    first.span_end,
                )
            continue
        seen[key] = len(out)
        out.append(ref)
    return out


_LAW_BY_TITLE = re.compile(
    r"(?<![А-Яа-яЁё])(?P<type>(?:федеральн\w+\s+(?:конституционн\w+\s+)?)?закон\w*)"
    r"(?P<issuer>(?:\s+(?:Российской\s+Федерации|РФ|[А-ЯЁ][а-яё-]+(?:\s[А-ЯЁ][а-яё-]+)?)))?"
    r"\s+(?=[«\"])",
    re.IGNORECASE,
)


def _titled_only(text: str, found: list[Reference]) -> list[Reference]:
    """Laws cited by their title alone: «Федеральным законом "О …"»."""
    out: list[Reference] = []
    for m in _LAW_BY_TITLE.finditer(text):
        if any(r.span_start <= m.start() < r.span_end for r in found):
            continue
        q = quoted_at(text, m.end())
        if q is None:
            continue
        if re.compile(r"\s*(?:от\s+\d|N\s*\d|№)").match(text, q[1]):
            continue  # a dated citation the anchor pass reads
        tm = ACT_TYPE_RE.match(text, m.start())
        ref_type = act_type_of(tm) if tm else "закон"
        issuer_raw = m.group("issuer")
        out.append(
            Reference(
                ref_type=ref_type,
                issuer=_issuer_name(issuer_raw) if issuer_raw else None,
                date=None,
                number=None,
                title=_squash(q[0]),
                raw=_squash(text[m.start() : q[1]]),
                span_start=m.start(),
                span_end=q[1],
            )
        )
    return out


def _date(iso: str | None):
    return dt.date.fromisoformat(iso) if iso else None
