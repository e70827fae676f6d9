"""Word automatic numbering: the numbers Word shows before numbered paragraphs.

A numbered paragraph stores no number in its text: it names a list (`w:numPr`: `w:numId` and
the level `w:ilvl`, on the paragraph or inherited from its paragraph style) and Word computes
the number from `word/numbering.xml` as it lays the document out. This module does the same
count, in body order, so that the reader can put the number into the paragraph or cell text.

How Word counts (ECMA-376 §17.9, as Word implements it):
- A `w:num` points to an `w:abstractNum` (its levels: `w:start`, `w:numFmt`, `w:lvlText` with
  `%1`..`%9` for the current values of levels 1..9, `w:suff`, `w:isLgl`, `w:lvlRestart`).
  Lists of every `w:num` that share an abstractNum share their counters: a second `w:num`
  continues the first one's numbers.
- A `w:num` with `w:lvlOverride/w:startOverride` restarts the overridden level at that value
  where the `w:num` is first used (that is how Word writes «Restart numbering»); a
  `w:lvlOverride/w:lvl` replaces the level's definition for that `w:num`.
- A number at level L resets the deeper levels (unless their `w:lvlRestart` says otherwise);
  a level not used yet shows its start value in `%n`.
- `w:abstractNum/w:numStyleLink` takes its levels from the abstractNum with that `w:styleLink`.
- Bullets and `none` give no text (a bullet is a glyph, not a number). A format without a
  rendering here is shown as decimal and reported in `unknown_formats`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"

_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
# Word's Russian letter numbering leaves out Ё, Й, Ъ, Ы and Ь.
_RUSSIAN = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"
_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SUFFIX = {"tab": "\t", "space": " ", "nothing": ""}
_NO_TEXT = frozenset({"bullet", "none"})


def roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def letters(n: int, alphabet: str) -> str:
    """Word's letter numbering: A..Z, then AA, BB, .. ZZ, then AAA, .."""
    if n <= 0:
        return str(n)
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


def format_number(n: int, fmt: str) -> str | None:
    """`n` in a `w:numFmt`; None for a format without a rendering here."""
    match fmt:
        case "decimal":
            return str(n)
        case "decimalZero":
            return f"{n:02d}"
        case "upperRoman":
            return roman(n)
        case "lowerRoman":
            return roman(n).lower()
        case "upperLetter":
            return letters(n, _LATIN)
        case "lowerLetter":
            return letters(n, _LATIN).lower()
        case "russianUpper":
            return letters(n, _RUSSIAN)
        case "russianLower":
            return letters(n, _RUSSIAN).lower()
        case "decimalEnclosedParen":
            return f"({n})"
    return None


def _val(el: etree._Element | None, name: str = "val") -> str | None:
    return None if el is None else el.get(W + name)


def _int(el: etree._Element | None, default: int | None = None) -> int | None:
    raw = _val(el)
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None  # lvlText; None: "%n." of its own level
    suffix: str = "\t"
    is_legal: bool = False  # isLgl: every placeholder in decimal
    restart: int | None = None  # lvlRestart (1-based level; 0: never restart)

    @classmethod
    def from_xml(cls, lvl: etree._Element) -> Level:
        text_el = lvl.find(f"{W}lvlText")
        legal = lvl.find(f"{W}isLgl")
        return cls(
            start=_int(lvl.find(f"{W}start"), 1) or 0,
            fmt=_val(lvl.find(f"{W}numFmt")) or "decimal",
            text=_val(text_el) if text_el is not None else None,
            suffix=_SUFFIX.get(_val(lvl.find(f"{W}suff")) or "tab", "\t"),
            is_legal=legal is not None and (_val(legal) or "1") not in ("0", "false", "off"),
            restart=_int(lvl.find(f"{W}lvlRestart")),
        )


@dataclass(slots=True)
class _Num:
    abstract: str
    starts: dict[int, int]  # level -> startOverride
    levels: dict[int, Level]  # level -> overriding definition
    used: bool = False


def _levels(abstract: etree._Element) -> dict[int, Level]:
    out = {}
    for lvl in abstract.iterfind(f"{W}lvl"):
        ilvl = lvl.get(W + "ilvl")
        if ilvl is not None and ilvl.isdigit():
            out[int(ilvl)] = Level.from_xml(lvl)
    return out


@dataclass(slots=True)
class Numbering:
    """Counts Word's list numbers in document order (call `label` once per paragraph)."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, _Num] = field(default_factory=dict)
    style_numpr: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    style_based_on: dict[str, str] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    unknown_formats: set[str] = field(default_factory=set)

    @classmethod
    def from_roots(
        cls, numbering: etree._Element | None, styles: etree._Element | None
    ) -> Numbering:
        self = cls()
        if numbering is not None:
            by_style_link: dict[str, str] = {}
            links: dict[str, str] = {}
            for ab in numbering.iterfind(f"{W}abstractNum"):
                aid = ab.get(W + "abstractNumId")
                if aid is None:
                    continue
                self.abstracts[aid] = _levels(ab)
                if (link := _val(ab.find(f"{W}styleLink"))) is not None:
                    by_style_link[link] = aid
                if (link := _val(ab.find(f"{W}numStyleLink"))) is not None:
                    links[aid] = link
            for aid, link in links.items():
                if link in by_style_link and not self.abstracts[aid]:
                    self.abstracts[aid] = self.abstracts[by_style_link[link]]
            for num in numbering.iterfind(f"{W}num"):
                self._add_num(num)
        if styles is not None:
            self._read_styles(styles)
        return self

    def _add_num(self, num: etree._Element) -> None:
        nid = num.get(W + "numId")
        aid = _val(num.find(f"{W}abstractNumId"))
        if nid is None or aid is None:
            return
        starts: dict[int, int] = {}
        levels: dict[int, Level] = {}
        for ov in num.iterfind(f"{W}lvlOverride"):
            ilvl = ov.get(W + "ilvl")
            if ilvl is None or not ilvl.isdigit():
                continue
            start = _int(ov.find(f"{W}startOverride"))
            if start is not None:
                starts[int(ilvl)] = start
            lvl = ov.find(f"{W}lvl")
            if lvl is not None:
                levels[int(ilvl)] = Level.from_xml(lvl)
        self.nums[nid] = _Num(aid, starts, levels)

    def _read_styles(self, styles: etree._Element) -> None:
        for st in styles.iterfind(f"{W}style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            if (base := _val(st.find(f"{W}basedOn"))) is not None:
                self.style_based_on[sid] = base
            numpr = st.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                self.style_numpr[sid] = (
                    _val(numpr.find(f"{W}numId")),
                    _int(numpr.find(f"{W}ilvl")),
                )

    def _style_numbering(self, sid: str | None) -> tuple[str | None, int | None]:
        seen = 0
        while sid and seen < 20:
            if sid in self.style_numpr:
                return self.style_numpr[sid]
            sid = self.style_based_on.get(sid)
            seen += 1
        return None, None

    def _level(self, num: _Num, ilvl: int) -> Level | None:
        if ilvl in num.levels:
            return num.levels[ilvl]
        return self.abstracts.get(num.abstract, {}).get(ilvl)

    def label(self, ppr: etree._Element | None, p_style: str | None) -> str:
        """The number Word shows before this paragraph, with its suffix; "" if none."""
        num_id, ilvl = self._style_numbering(p_style)
        numpr = ppr.find(f"{W}numPr") if ppr is not None else None
        if numpr is not None:
            num_id = _val(numpr.find(f"{W}numId")) or num_id
            own = _int(numpr.find(f"{W}ilvl"))
            ilvl = own if own is not None else ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = min(max(ilvl or 0, 0), 8)
        num = self.nums[num_id]
        level = self._level(num, ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(num.abstract, {})
        if not num.used:
            num.used = True
            for lv, start in num.starts.items():
                counters[lv] = start - 1  # the next number at that level is `start`
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [lv for lv in counters if lv > ilvl]:
            restart = (self._level(num, deeper) or Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt in _NO_TEXT:
            return ""
        return self._render(num, level, ilvl, counters)

    def _render(self, num: _Num, level: Level, ilvl: int, counters: dict[int, int]) -> str:
        template = level.text if level.text is not None else f"%{ilvl + 1}."

        def value(m: re.Match[str]) -> str:
            lv = int(m.group(1)) - 1
            lvl_def = self._level(num, lv) or Level()
            n = counters.get(lv, lvl_def.start)
            fmt = "decimal" if level.is_legal else lvl_def.fmt
            if fmt in _NO_TEXT:
                return ""
            shown = format_number(n, fmt)
            if shown is None:
                self.unknown_formats.add(fmt)
                shown = str(n)
            return shown

        text = _PLACEHOLDER.sub(value, template)
        return text + level.suffix if text.strip() else ""
