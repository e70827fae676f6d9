"""The header walk: find the anchor (type line or approval stamp), read the zones around it.

- above the type line: the issuer block (`issuer.py`);
- below it: a genitive issuer («ПРЕЗИДЕНТА …»), date / number / place lines in any order,
  notes, then the title block (`title.py`);
- after the body: the signature and, for acts dated at the end, the sign-off (`signature.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from prikaz.extractors.actparts import find_date, find_number
from prikaz.model import Document
from prikaz.morphology import is_caps, to_genitive, to_nominative
from prikaz.normalizers.issuers import normalize_issuer
from prikaz.records import Header

from .approval import is_approval, is_attachment_mark, take_approval
from .check import check_header
from .dateline import (
    is_date_number_line,
    match_place,
    take_date_number,
    take_date_number_place,
    take_form_boxes,
)
from .issuer import (
    dative_issuer,
    is_genitive_issuer_line,
    is_genitive_start,
    issuer_from_units,
    mixes_languages,
    needs_parent,
    pre_units,
    restored_text,
)
from .lines import Line, State, concat_lines, document_lines, span_lines
from .names import (
    capitalise_places,
    document_abbreviations,
    document_places,
    restore_abbreviations,
)
from .ner import take_issuer_by_ner
from .plan import (
    heading_kind,
    is_approver_stamp,
    take_approver,
    take_heading,
    take_issuer_from_title,
    take_protocol_heading,
)
from .signature import take_sign_off, take_signature
from .title import set_title, title_block
from .typeline import (
    despace,
    is_body_start,
    is_note,
    is_unread_date_line,
    match_type_line,
    skip_note,
    split_trailing_type,
)

LAW_TYPES = frozenset({"федеральный закон", "федеральный конституционный закон", "закон"})
# How far the anchor is looked for, and how far below it the header zone runs.
ANCHOR_SCAN_LINES = 40
APPROVAL_MAX_LINE = 8
HEADER_ZONE_LINES = 30
# Without a type line the first lines are an issuer/heading zone we cannot read reliably.
UNANCHORED_ZONE_LINES = 15
# Lines of rules, dashes or the specks OCR reads off a page's lines and dirt («|», «_», «.»).
_FILLER_LINE = re.compile(r"[\s_\-–—|¦!.,:;'`‘’\"]*")
_NUMBER_SIGN = re.compile(r"\s*(?:№|N)\s*")


# natasha's NER as a fallback for the issuer: off, as measured (docs/header.md): it added no
# right answer on the three sets and gave one cut name («МБДОУ «Детский сад» for «… № 7»»).
USE_NER = False


def extract_header(doc: Document, *, ner: bool | None = None) -> Header:
    """The header of `doc`. Pure. An internal failure raises: the pipeline's stage runner turns
    it into a `stage header: …` warning (one error policy, see `prikaz.pipeline.extract`).

    Warnings «header note: …» say what the header found about the document (a value left out
    as doubtful, a missing title, an e-signature's certificate).

    `ner` turns natasha's NER fallback for the issuer on or off (default: `USE_NER`).
    """
    header = Header()
    _extract(doc, header, USE_NER if ner is None else ner)
    return header


def _find_anchor(lines: list[Line]) -> tuple[str, int | None]:
    """What the header hangs on and where: a type line, an attachment's approval stamp or
    «Приложение № 2 к приказу …», a head's «УТВЕРЖДАЮ», or (last) a plan's own heading."""
    for i in range(min(len(lines), ANCHOR_SCAN_LINES)):
        text = lines[i].text
        if i < APPROVAL_MAX_LINE and (is_approval(text) or is_attachment_mark(text)):
            return "approval", i
        if i < APPROVAL_MAX_LINE and is_approver_stamp(text):
            return "approver", i
        if match_type_line(text):
            return "type", i
    for i in range(min(len(lines), APPROVAL_MAX_LINE)):
        if heading_kind(lines[i].text):
            return "heading", i
    return "none", None


# Lines from the top searched for a type word glued to the line above it (`split_trailing_type`).
TRAILING_TYPE_LINES = 12


def _split_glued_type_line(lines: list[Line]) -> list[Line]:
    """The header's lines with a type word closing an issuer line put on a line of its own,
    when no line near the top is a type line by itself."""
    top = lines[:TRAILING_TYPE_LINES]
    if any(match_type_line(ln.text) for ln in top):
        return lines
    for i, ln in enumerate(top):
        if ln.in_table or (split := split_trailing_type(ln.text)) is None:
            continue
        # Where the type line starts in the line as written (its letters may be spaced out).
        starts = [m.start() for m in re.finditer(r"(?<!\S)\S", ln.text)]
        cut = next(p for p in reversed(starts) if despace(ln.text[p:]).strip() == split[1])
        before = ln.text[:cut].rstrip()
        head = Line(before, ln.offsets[: len(before)], ln.page, ln.blank_before)
        tail = Line(ln.text[cut:], ln.offsets[cut:], ln.page, False)
        return [*lines[:i], head, tail, *lines[i + 1 :]]
    return lines


def _extract(doc: Document, header: Header, ner: bool = False) -> None:
    lines = _split_glued_type_line(document_lines(doc))
    st = State(header, lines)
    if not lines:
        return
    take_form_boxes(st, lines, ANCHOR_SCAN_LINES)  # labelled boxes first: they say what they hold
    anchor, at = _find_anchor(lines)
    if anchor == "approval" and at is not None:
        body_from = _attachment_header(st, lines, at)
    elif anchor == "approver" and at is not None:
        body_from = _plan_header(st, lines, take_approver(st, lines, at))
    elif anchor == "heading" and at is not None:
        body_from = _plan_header(st, lines, at)
    else:
        body_from = _main_header(st, lines, at)
        take_protocol_heading(st)
    if ner:
        take_issuer_by_ner(st, lines, body_from)
    if header.date is None or header.number is None:
        take_sign_off(st, lines, body_from)
    take_signature(st, lines, body_from)
    _capitalise_places(header, lines)
    if header.issuer:
        header.issuer_short = normalize_issuer(header.issuer)[1]
    check_header(doc, header)


def _capitalise_places(header: Header, lines: list[Line]) -> None:
    """Place names the caps header lowered, capitalised as the document's body writes them."""
    places, abbreviations = document_places(lines), document_abbreviations(lines)
    for name in ("issuer", "title", "signatory_position"):
        value = capitalise_places(getattr(header, name), places)
        setattr(header, name, restore_abbreviations(value, abbreviations))


def _plan_header(st: State, lines: list[Line], k: int) -> int:
    """A plan's heading (doc_type, title) after its approver stamp; issuer from the title
    when the stamp named none."""
    while k < len(lines) and is_note(lines[k].text):
        k += 1
    if k >= len(lines):
        return k
    after = take_heading(st, lines, k)
    if st.header.issuer is None and st.header.title:
        take_issuer_from_title(st)
    return after


def _attachment_header(st: State, lines: list[Line], approval_at: int) -> int:
    """An attachment: the stamp, then notes, then its own heading as title.

    A stamp that names an act with its number («УТВЕРЖДЕН приказом … от … № 3-од») gives the
    act's type, number and date (the seeds' convention); one that names none («УТВЕРЖДЕНО
    решением совещания от …») leaves doc_type to the heading («план»).
    """
    k = take_approval(st, lines, approval_at)
    while k < len(lines) and (is_note(lines[k].text) or not lines[k].text.strip()):
        k += 1
    if k >= len(lines):
        return 0
    kind = heading_kind(lines[k].text)
    if kind is None:
        block = title_block(lines, k)
        set_title(st, block)
        return k + len(block)
    if st.header.number is None:
        st.header.doc_type = None
        st.header.issuer = None
        st.header.spans[:] = [s for s in st.header.spans if s.field not in ("doc_type", "issuer")]
    after = take_heading(st, lines, k)
    if st.header.issuer is None:
        take_issuer_from_title(st)
    return after


@dataclass(slots=True)
class _Zone:
    """What the walk below the type line collects besides the fields it sets directly."""

    pre: list[Line] = field(default_factory=list)  # lines above the type line
    gen_issuer: list[Line] = field(default_factory=list)  # genitive issuer lines
    anchored: bool = False


def _read_type_line(st: State, lines: list[Line], type_at: int, zone: _Zone) -> None:
    tl = lines[type_at]
    doc_type, rest = match_type_line(tl.text)  # type: ignore[misc]
    st.header.doc_type = doc_type
    st.header.spans.append(tl.span("doc_type", 0, len(tl.text) - len(rest)))
    if rest:
        if find_date(rest) or find_number(rest):
            take_date_number(st, tl)
        elif is_caps(rest) and is_genitive_start(rest):  # not «ПРИКАЗ  БОЕРЫК» (bilingual)
            cut = len(tl.text) - len(rest)
            zone.gen_issuer.append(Line(rest, tl.offsets[cut:], tl.page, False))
    zone.pre = lines[:type_at]
    zone.anchored = True


def _main_header(st: State, lines: list[Line], type_at: int | None) -> int:
    """Read the zones around the type line; returns the index where the body starts."""
    zone = _Zone()
    post_start = 0
    if type_at is not None:
        _read_type_line(st, lines, type_at, zone)
        post_start = type_at + 1
    body_from = _walk_below(st, lines, post_start, zone)
    _set_issuer(st, zone)
    if st.header.date is None or st.header.number is None:
        for ln in zone.pre:
            if not is_note(ln.text) and is_date_number_line(ln.text):
                take_date_number(st, ln)
    return body_from


def _walk_below(st: State, lines: list[Line], post_start: int, zone: _Zone) -> int:
    """Date/number/place lines, genitive issuer, then the title; index after the title."""
    header = st.header
    i = post_start
    end = min(len(lines), post_start + HEADER_ZONE_LINES)
    while i < end:
        ln = lines[i]
        text = ln.text
        if is_note(text):
            i = skip_note(lines, i)
            continue
        if _FILLER_LINE.fullmatch(text):
            i += 1
        elif _NUMBER_SIGN.fullmatch(text) and i + 1 < end and lines[i + 1].in_table:
            _take_number_cell(st, lines[i + 1])  # «№» and the number in two table boxes
            i += 2
        elif (wrapped := _wrapped_number(lines, i)) is not None:
            take_date_number_place(st, wrapped)
            i += 2
        elif is_date_number_line(text):
            take_date_number_place(st, ln)
            i += 1
        elif zone.anchored and i - post_start < 3 and is_unread_date_line(text):
            header.warnings.append(f"header note: date and number not read: «{text}»")
            i += 1
        elif header.title is None and (place := match_place(text)):
            st.set("place", place, ln, 0, len(place))
            i += 1
        elif header.issuer is None and (org := dative_issuer(text)) is not None:
            header.issuer = org  # «ПРИКАЗ / по МБОУ «Гимназия № 2»»
            header.spans.append(ln.span("issuer", text.index(" ") + 1))
            i += 1
        elif _continues_genitive_issuer(st, lines, i, zone):
            zone.gen_issuer.append(ln)
            i += 1
        elif not zone.anchored and i < UNANCHORED_ZONE_LINES and not is_body_start(text):
            i += 1  # no type line: keep looking for the date and number only
        else:
            block = title_block(lines, i)
            set_title(st, block)
            return _date_after_title(st, lines, i + max(1, len(block)))
    return i


def _date_after_title(st: State, lines: list[Line], k: int) -> int:
    """«ПРОТОКОЛ № 2 / заседания совета / г. Петровск 03.11.2023»: a date line under the title."""
    if st.header.date is not None or k >= len(lines) or not is_date_number_line(lines[k].text):
        return k
    take_date_number_place(st, lines[k])
    return k + 1


_NUMBER_CUT = re.compile(r"(?:№|N)\s*[\w/.]*-?\s*$")
_NUMBER_REST = re.compile(r"[\w/.-]{1,20}")


def _wrapped_number(lines: list[Line], i: int) -> Line | None:
    """«… г. Казань № под-» / «1234/23»: a date line whose number the PDF wrapped, joined."""
    if i + 1 >= len(lines) or not _NUMBER_CUT.search(lines[i].text):
        return None
    if not _NUMBER_REST.fullmatch(lines[i + 1].text.strip()):
        return None
    joined = concat_lines([lines[i], lines[i + 1]])
    if lines[i].text.endswith("-"):  # «под-» + «1234/23»: no space inside the number
        cut = len(lines[i].text)
        joined = Line(
            joined.text[:cut] + joined.text[cut + 1 :],
            joined.offsets[:cut] + joined.offsets[cut + 1 :],
            joined.page,
            False,
        )
    return joined if is_date_number_line(joined.text) else None


def _take_number_cell(st: State, ln: Line) -> None:
    n = find_number("№ " + ln.text)
    if n and n[1] == 2:
        st.set("number", n[0], ln, 0, n[2] - 2)


# Words of a genitive issuer's line that continues one in capitals in normal case
# («ПОСТАНОВЛЕНИЕ / АДМИНИСТРАЦИИ / Рыбинского муниципального района»).
GENITIVE_TAIL_MAX_WORDS = 6


def _continues_genitive_issuer(st: State, lines: list[Line], i: int, zone: _Zone) -> bool:
    """lines[i] is (the next line of) a genitive issuer standing before any date."""
    if st.header.date is not None:
        return False
    text = lines[i].text
    if is_genitive_issuer_line(text):
        return not zone.gen_issuer or zone.gen_issuer[-1] is lines[i - 1]
    # A line in normal case goes on only right after the issuer's own line in capitals.
    if not zone.gen_issuer or zone.gen_issuer[-1] is not lines[i - 1]:
        return False
    return len(text.split()) <= GENITIVE_TAIL_MAX_WORDS and is_genitive_start(text)


def _set_issuer(st: State, zone: _Zone) -> None:
    """The genitive after the type word, completed by the block above when needed; else the
    last organisation of the block above. Laws have no issuer."""
    header = st.header
    if header.doc_type in LAW_TYPES:
        return
    if zone.gen_issuer:
        text = to_nominative(restored_text(zone.gen_issuer), "gent")
        issuer_lines = zone.gen_issuer
        if needs_parent(text):
            parent = issuer_from_units(pre_units(zone.pre))
            if parent:
                text = f"{text} {to_genitive(parent[0])}"
                issuer_lines = parent[1] + zone.gen_issuer
        header.issuer = text
        header.spans.append(span_lines("issuer", issuer_lines))
        return
    found = issuer_from_units(pre_units(zone.pre))
    if found and mixes_languages(zone.pre, found[1]):
        header.warnings.append("header note: issuer lines mix two languages; issuer left null")
    elif found:
        header.issuer = found[0]
        header.spans.append(span_lines("issuer", found[1]))
