"""The title block: the lines after the date/number lines, up to the body."""

from __future__ import annotations

import re

from prikaz.morphology import is_caps, morph, restore_case

from .approval import is_approval
from .dateline import is_date_number_line
from .lines import Line, State, concat_lines, few_letters, first_word, join_text, span_lines
from .period import find_period
from .typeline import STRONG_BODY, is_body_start, is_note, match_type_line

# Initials written with a space after the dot («Д. А. Волкогонова») are joined: «Д.А.».
_SPACED_INITIALS = re.compile(r"(?<![А-ЯЁа-яё])([А-ЯЁ])\.\s(?=[А-ЯЁ]\.)")


def _starts_with_infinitive(text: str) -> bool:
    """«Включить в состав …»: an act's body, never its title."""
    word = first_word(text)
    return word is not None and morph().parse(word.lower())[0].tag.POS == "INFN"


def title_block(lines: list[Line], i: int, limit: int = 15) -> list[Line]:
    """The title lines starting at lines[i]: until a blank line, a body start or a case change.

    A title in capitals runs over the following capital lines (and lines of digits such as
    «1941 - 1945 ГГ.»); a title in normal case stops at the first line that starts the body.
    """
    first = lines[i]
    if is_body_start(first.text) or first.in_table or _starts_with_infinitive(first.text):
        return []
    caps = is_caps(first.text)
    block = [first]
    for j in range(i + 1, min(len(lines), i + limit)):
        ln = lines[j]
        if ln.blank_before or ln.in_table:
            break
        if match_type_line(ln.text) or is_approval(ln.text):
            break
        if caps:
            if STRONG_BODY.match(ln.text) or not (is_caps(ln.text) or few_letters(ln.text)):
                break
        elif is_body_start(ln.text) or is_note(ln.text) or is_date_number_line(ln.text):
            break
        elif ln.text.endswith(":") and len(ln.text) < 40:
            break  # «Присутствовали:», «ПОВЕСТКА ДНЯ:»
        block.append(ln)
    return block


def set_title(st: State, block: list[Line]) -> None:
    """The title (normal case restored), its span, and the period it names."""
    if not block:
        return
    text = re.sub(r"\s+", " ", join_text(block)).strip()
    if is_caps(text):
        text = restore_case(text)
    st.header.title = _SPACED_INITIALS.sub(r"\1.", text)
    st.header.spans.append(span_lines("title", block))
    joined = concat_lines(block)
    period = find_period(joined.text)
    if period:
        st.header.period_start, st.header.period_end = period[0], period[1]
        st.header.spans.append(joined.span("period_start", period[2], period[2] + 4))
        st.header.spans.append(joined.span("period_end", period[3] - 4, period[3]))
