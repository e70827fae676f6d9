"""Merged table cells on a grid: which cells start a merged area and which it covers.

A reader that sees merges (DOCX `w:gridSpan`/`w:vMerge`; ruled PDFs) reports, row by row,
where each physical cell starts on the grid, how many columns it covers and whether it
continues the vertical merge above it; `track_merges` turns that into areas and
`with_merges` writes them onto the rows' cells as `Cell.row_span`/`col_span` (origin) and
`Cell.merged_from` (every other position), as `prikaz.model.Cell` describes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from prikaz.model import Row


@dataclass(frozen=True, slots=True)
class CellStart:
    """A `w:tc` on the grid: first column, columns covered, continues a vertical merge."""

    col: int
    span: int
    merged_down: bool


@dataclass(slots=True)
class Merge:
    """A merged area: origin (row, column), rows and columns covered."""

    row: int
    col: int
    rows: int
    cols: int


def track_merges(
    row: int, starts: list[CellStart], open_down: dict[int, Merge], merges: list[Merge]
) -> None:
    """Extend or open merged areas with the cells of one row.

    A continuing cell extends the area open in its first column (when its width matches);
    any other cell closes what was open in its columns and opens a new area when it spans
    columns, or may be continued below.
    """
    for start in starts:
        area = open_down.get(start.col)
        if start.merged_down and area is not None and area.cols == start.span:
            area.rows = row - area.row + 1
            continue
        for col in range(start.col, start.col + start.span):
            open_down.pop(col, None)
        area = Merge(row, start.col, 1, start.span)
        open_down[start.col] = area
        merges.append(area)


def with_merges(rows: list[Row], merges: list[Merge]) -> list[Row]:
    """Rows whose cells carry `row_span`/`col_span` (origins) and `merged_from` (the rest)."""
    cells = [list(r.cells) for r in rows]
    for m in merges:
        if m.rows == 1 and m.cols == 1:
            continue
        if m.col >= len(cells[m.row]):
            continue
        cells[m.row][m.col] = replace(cells[m.row][m.col], row_span=m.rows, col_span=m.cols)
        for r in range(m.row, m.row + m.rows):
            for c in range(m.col, min(m.col + m.cols, len(cells[r]))):
                if (r, c) != (m.row, m.col):
                    cells[r][c] = replace(cells[r][c], merged_from=(m.row, m.col))
    return [replace(row, cells=tuple(cs)) for row, cs in zip(rows, cells, strict=True)]
