"""Words, lines and table grids on a page: what the PDF reader, OCR and the unruled-table finder
share. Coordinates are PDF points from the page's top-left corner.

Also shared: how a word that ends a line meets the word that starts the next one
(`join_words`), the way a reader of the page joins them:
- the PDF's own line-end space (a space character stored right after the line's last word, as
  Word writes it) means a new word;
- otherwise the break is read from the two pieces, in the order of `BREAK_RULES`: punctuation
  that closes or opens, a number broken at the cell edge, a hyphen at the line end (a soft
  hyphen «муници-|пального» is dropped, a real one «социально-|экономический», «2021-|2024»
  kept), and two pieces of letters (one word broken at the cell edge «администраци|и», or two
  words «методологии|наставничества»). Hyphens and letters are decided with the Russian
  dictionary (pymorphy2, `prikaz.morphology.morph`), never by the line's width: a word is
  broken without a hyphen only when it alone does not fit a line, so its first piece stands
  alone on its line; when the dictionary knows both the pieces and the whole, that decides.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from prikaz.morphology import morph
from prikaz.rules import Rule

Bbox = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class PWord:
    """A word on a page, in PDF points from the top-left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    bold: bool = False
    conf: float | None = None
    space_after: bool = False  # the PDF stores a space right after the word (a line-end space)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Grid:
    """A table on one page: rows of cell boxes, None where a merged cell covers the position."""

    bbox: Bbox
    rows: list[list[Bbox | None]]
    xs: list[float]  # left edges of the grid columns
    ruled: bool = True  # False: a table without rulings, its columns found from the words

    @classmethod
    def from_cells(cls, cells: list[Bbox]) -> Grid:
        # As pdfplumber's Table.rows: rows by top, columns by x0, None where no cell starts.
        xs = sorted({c[0] for c in cells})
        by_top: dict[float, dict[float, Bbox]] = {}
        for c in sorted(cells, key=lambda c: (c[1], c[0])):
            by_top.setdefault(c[1], {})[c[0]] = c
        rows = [[row.get(x) for x in xs] for _, row in sorted(by_top.items())]
        bbox = (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )
        return cls(bbox, rows, xs)

    def merges(self) -> dict[tuple[int, int], tuple[int, int]]:
        """Grid positions a merged cell covers, each mapped to the (row, column) of the cell's
        own position (where its box stands): rows whose top and columns whose left edge lie
        inside the box."""
        tops = [min(b[1] for b in row if b) if any(row) else float("inf") for row in self.rows]
        covered: dict[tuple[int, int], tuple[int, int]] = {}
        for r, row in enumerate(self.rows):
            for c, box in enumerate(row):
                if box is None:
                    continue
                x0, top, x1, bottom = box
                cols = [j for j, x in enumerate(self.xs) if x0 - 1.0 <= x < x1 - 1.0 and j > c]
                rows = [i for i, t in enumerate(tops) if top - 1.0 <= t < bottom - 1.0 and i > r]
                for i in [r, *rows]:
                    for j in [c, *cols]:
                        if (i, j) != (r, c) and self.rows[i][j] is None:
                            covered.setdefault((i, j), (r, c))
        return covered

    def contains(self, w: PWord) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 <= w.cx <= x1 and top <= w.cy <= bottom


@dataclass(slots=True)
class PageLayout:
    number: int
    width: float
    height: float
    words: list[PWord]
    grids: list[Grid]
    ocr: bool = False


@dataclass(slots=True)
class Line:
    words: list[PWord]
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bold(self) -> bool:
        letters = sum(len(w.text) for w in self.words)
        return letters > 0 and 2 * sum(len(w.text) for w in self.words if w.bold) > letters


def group_lines(words: list[PWord]) -> list[Line]:
    """Words into lines, top to bottom, left to right (a word joins a line it overlaps)."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        for line in reversed(lines[-3:]):
            overlap = min(line.bottom, w.bottom) - max(line.top, w.top)
            if overlap > 0.5 * min(w.height, line.bottom - line.top):
                line.words.append(w)
                line.x0, line.x1 = min(line.x0, w.x0), max(line.x1, w.x1)
                line.top, line.bottom = min(line.top, w.top), max(line.bottom, w.bottom)
                break
        else:
            lines.append(Line([w], w.x0, w.top, w.x1, w.bottom))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


# -- words broken at line ends ----------------------------------------------------------------

_LETTERS_AT_END = re.compile(r"[^\W\d_]+$")
_LETTERS_AT_START = re.compile(r"^[^\W\d_]+")


@functools.lru_cache(maxsize=65536)
def _known(word: str) -> bool:
    return bool(morph().word_is_known(word.lower()))


@functools.lru_cache(maxsize=65536)
def _plausible(word: str) -> bool:
    """Known, or a known word behind a known prefix («видео|сообщения», «само|аудит»)."""
    if _known(word):
        return True
    return any(
        len(p.methods_stack) == 2 and type(p.methods_stack[1][0]).__name__ == "KnownPrefixAnalyzer"
        for p in morph().parse(word.lower())
    )


def _tail(text: str) -> str:
    m = _LETTERS_AT_END.search(text)
    return m.group() if m else ""


def _head(text: str) -> str:
    m = _LETTERS_AT_START.match(text)
    return m.group() if m else ""


def _glue(left: str, right: str, alone: bool, more: Sequence[str]) -> str:
    return left + right


def _space(left: str, right: str, alone: bool, more: Sequence[str]) -> str:
    return f"{left} {right}"


def _soft_hyphen(left: str, right: str, alone: bool, more: Sequence[str]) -> str:
    return _hyphen(left[:-1] + "-", right, alone, more)


def _extensions(b: str, more: Sequence[str]) -> list[str]:
    """`b` and `b` run on over the next one-word lines (a word broken more than once)."""
    out = [b]
    for piece in more:
        rest = _head(piece)
        if not rest or (rest[0].isupper() and out[-1][-1].islower()):
            break  # no letters, or a capital: no word's rest («Евстро|пова|Л.Г.»)
        out.append(out[-1] + rest)
        if rest != piece:
            break
    return out


@functools.lru_cache(maxsize=4096)
def _compound_head(word: str) -> bool:
    """An adverb or short neuter adjective in -о/-е («информационно», «физкультурно»): the
    first part of a compound adjective written with a hyphen."""
    if word[-1:].lower() not in "ое" or not _known(word):
        return False
    return any(
        {"ADVB", "ADJS"} & set(str(p.tag).replace(" ", ",").split(","))
        for p in morph().parse(word.lower())
    )


def _hyphen(left: str, right: str, alone: bool, more: Sequence[str]) -> str:
    """A letter hyphen at the line end: real (kept) when the dictionary knows the compound or
    the word before it is a compound's first part; soft (dropped) when it knows the word
    without it; else kept when both parts are words."""
    a = _tail(left[:-1])
    exts = _extensions(_head(right), more)
    for b in reversed(exts):
        if _known(f"{a}-{b}"):
            return left + right  # a compound written with its hyphen
        if _known(a + b):
            return left[:-1] + right  # a word hyphenated at a syllable
    if _compound_head(a):
        return left + right  # «информационно-|телекоммуникационный»
    if any(_plausible(a + b) for b in exts):
        return left[:-1] + right  # a known word behind a known prefix («само-|аудит»)
    b = exts[0]
    if a.isupper() and b.isupper():
        return left[:-1] + right  # an abbreviation hyphenated («ИП-|КРО»)
    if a[-1:].lower() in "ое" and any(len(e) > 2 and _known(e) for e in exts):
        return left + right  # a first part the dictionary lacks («психолого-|педагогических»)
    if (_known(a) and any(_known(e) for e in exts)) or b[:1].isupper():
        return left + right  # two words joined by a hyphen («онлайн-|мероприятий»)
    return left[:-1] + right  # a word the dictionary lacks, hyphenated at a syllable


def _letters(left: str, right: str, alone: bool, more: Sequence[str]) -> str:
    """Letters on both sides: one word broken at the cell edge, or two words."""
    a, b = _tail(left), _head(right)
    if (a[-1].islower() and b[0].isupper()) or (len(a) > 1 and a.isupper() and b[0].islower()):
        return f"{left} {right}"  # a word never changes case inside
    exts = _extensions(b, more)
    ka = _known(a)
    words = [e for e in exts if _plausible(e)]
    kb = bool(words)
    if any(_plausible(a + e) for e in exts):
        # Both pieces words too («наставничеств|а», «Приказ|ы»): a word is broken without a
        # hyphen only when it alone does not fit a line, so its first piece stands alone.
        return left + right if alone or not (ka and kb) else f"{left} {right}"
    # A piece alone on its line, and the next no word (or only a one- or two-letter one, as
    # endings are): a word the dictionary lacks («компетентностног|о»), or one whose end the
    # page break cut off («образов|ательн»).
    short = all(len(e) <= 2 for e in words)
    if alone and not (ka and kb) and short and not (a.isupper() and b.isupper()):
        return left + right
    return f"{left} {right}"


BreakAction = Callable[[str, str, bool, Sequence[str]], str]

# Each rule's pattern is searched in «left\nright» (the two pieces around the line end); the
# first that matches decides. Examples: pieces with «|» for each line end and «… » before a
# piece that follows other words on its line (see tests/test_pdf_lines.py).
BREAK_RULES: tuple[tuple[Rule, BreakAction], ...] = (
    (
        Rule.of(
            "soft hyphen character",
            r"[^\W\d_]\u00ad\n[^\W\d_]",
            {
                "муници\u00ad|пального": "муниципального",
                "… психолого\u00ad|педагогических": "психолого-педагогических",
            },
            note="U+00AD kept in the text layer; OCR layers write it for any line-end hyphen, "
            "so the dictionary still decides",
        ),
        _soft_hyphen,
    ),
    (
        Rule.of(
            "closing punctuation",
            r"\n[,.;:)\]»!?%]",
            {"организаций|),": "организаций),", "… 2023|.": "2023."},
        ),
        _glue,
    ),
    (
        Rule.of(
            "opening bracket or slash",
            r"(?:^|\S)[(«\[]\n|\S/\n",
            {"п/|п": "п/п", "«|Точка": "«Точка"},
        ),
        _glue,
    ),
    (
        Rule.of(
            "complete number ends the line",
            r"(?:\d\d\.\d\d\.\d{4}|(?<![\d.,])\d{4})\n\d",
            {"01.04.2023|15.05.2023": "01.04.2023 15.05.2023", "2023|2024": "2023 2024"},
            note="two dates or years, not one broken number",
        ),
        _space,
    ),
    (
        Rule.of(
            "number starts the next line",
            r"\d\n(?:\d\d?\.\d\d?\.\d{2,4}|\d{4})(?!\d)",
            {"… №4|2020": "№4 2020", "… п.3|01.02.2021": "п.3 01.02.2021"},
            note="a whole date or year after a number is a number of its own",
        ),
        _space,
    ),
    (
        Rule.of(
            "date broken after its dot",
            r"(?<!\d)\d\d?\.\d\d?\.\n\d{2,4}(?!\d)",
            {"… 20.02.|2023": "20.02.2023"},
        ),
        _glue,
    ),
    (
        Rule.of(
            "number broken at the cell edge",
            r"\d\n\d",
            {"… 01.04.202|3": "01.04.2023", "20.02.2|023": "20.02.2023"},
        ),
        _glue,
    ),
    (
        Rule.of(
            "hyphen at the line end",
            r"[а-яё][-\u2010]\n[а-яё]",
            {
                "… муници-|пального": "муниципального",
                "Ответ-|ственный": "Ответственный",
                "… на-|ставничества": "наставничества",
                "… социально-|экономический": "социально-экономический",
                "… организационно-|распорядительная": "организационно-распорядительная",
                "… Ханты-|Мансийского": "Ханты-Мансийского",
                "… само-|аудит": "самоаудит",
                "… психолого-|педагогических": "психолого-педагогических",
                "… Евстро-|пова": "Евстропова",
                "… видеосообще-|ния": "видеосообщения",
                "… физкультурно-|спортивного": "физкультурно-спортивного",
                "… информационно-|телекоммуникацио": "информационно-телекоммуникацио",
                "… ИП-|КРО": "ИПКРО",
                "… Организаци-|онно-распоря-|дительная": "Организационно-распорядительная",
            },
        ),
        _hyphen,
    ),
    (
        Rule.of(
            "hyphen in other scripts",
            r"[^\W\d_][-\u2010]\n[^\W\d_]",
            {"… zemelnykh-|otnoshenij/": "zemelnykh-otnoshenij/", "… Wi-|Fi": "Wi-Fi"},
            note="Latin (addresses, names): no dictionary here, the hyphen is kept",
        ),
        _glue,
    ),
    (
        Rule.of(
            "hyphen after a number",
            r"\d[-\u2010–]\n",
            {"… 2021-|2024": "2021-2024", "… 1-|го": "1-го"},
        ),
        _glue,
    ),
    (
        Rule.of(
            "letters on both sides",
            r"[^\W\d_]\n[^\W\d_]",
            {
                "администраци|и": "администрации",
                "Меропр|иятие": "Мероприятие",
                "… Программы|наставничеств|а": "Программы наставничества",
                "Приказ|ы": "Приказы",
                "видеосообщен|ия,": "видеосообщения,",
                "компетентностног|о,": "компетентностного,",
                "Пантелее|в": "Пантелеев",
                "Евстро|пова|Л.Г.,": "Евстропова Л.Г.,",
                "психолого|особенностей": "психолого особенностей",
                "… информ|ационн|о-|аналити|ческим|и|материа|лами": (
                    "информационно-аналитическими материалами"
                ),
                "Органи|зацион|но-|распоря|дительн|ая": "Организационно-распорядительная",
                "… ЦМН|в": "ЦМН в",
                "образов|ательн|ых": "образовательных",
                "Ответс|твенны|й|исполн|итель": "Ответственный исполнитель",
                "… методологии|наставничества": "методологии наставничества",
                "Утвержденные|положения": "Утвержденные положения",
                "… реализации|ЦМН": "реализации ЦМН",
                "ЦМН|в": "ЦМН в",
                "ЦМН|ТПМПК": "ЦМН ТПМПК",
                "района|Ответственный": "района Ответственный",
            },
        ),
        _letters,
    ),
)


def join_words(left: str, right: str, *, alone: bool, space: bool, more: Sequence[str] = ()) -> str:
    """`left` (the last word of a line) and `right` (the first of the next) as one text.

    `alone`: `left` is the only word on its line; `space`: the PDF stores a space after it;
    `more`: first words of the lines after `right`'s, while those lines hold one word each.
    """
    if space or not left or not right:
        return f"{left} {right}".strip()
    probe = f"{left}\n{right}"
    for rule, action in BREAK_RULES:
        if rule.search(probe):
            return action(left, right, alone, more)
    return f"{left} {right}"
