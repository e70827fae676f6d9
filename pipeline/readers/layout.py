"""Words, lines and table grids on a page: what the PDF reader, OCR and the unruled-table finder
share. Coordinates are PDF points from the page's top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass

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
