"""Tables drawn without rulings, found from where the words stand (PDF text layer).

A page with no ruled table may still hold a table whose cells are only aligned. Its words are
found as a column model, and the table comes out as a `Grid` of cell boxes, so words go to
cells and cells to text exactly as for a ruled table (see `pdf`):
- A line is cut into segments at gaps wider than about half the font size (a word space is
  about a quarter): in a table, a segment is one cell's line.
- Lines are grouped into blocks at vertical gaps of most of a line height. In a block, the
  column starts are the segment left edges that recur on two or more lines of two or more
  segments; a table needs three columns or more.
- The table runs from the first line with segments at two or more column starts down while
  each line fits the columns: every segment starts at a column start, or lies inside one
  column (centred or right-aligned text). Lines above that first line stay paragraphs (a
  title, a page number); a table continued from the previous page repeats its header or
  starts with a row whose cells stand in several columns.
- Rows: a new row starts after a vertical gap clearly wider than the table's tightest line
  spacing (lines of one cell), or when the first column gets text again after lines without.
  (Printed with no space between rows, two one-line rows with text in the first column stay
  one row; a sub-row with no space above it stays in its row, as its item's next line.)
- A segment that starts at a column start and runs over the next column's start is a cell
  spanning those columns (a section row): the covered grid positions are None, as pdfplumber
  gives for merged cells.
- Cell boxes reach from a column's start, less the cell padding (half the narrowest gap between
  a column's text and the next column), to the next column's; the page number of every row is
  the page's. Stitching over page breaks is the ruled path's: same column starts, header
  rows repeated on the next page dropped, `page_break_before` on the first row after a break.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from prikaz.pipeline.readers.layout import Bbox, Grid, Line, PWord, group_lines

START_TOL = 2.0  # points: segment starts this close stand in one column
MIN_COLUMNS = 3
SEGMENT_GAP = 0.45  # × line height: a wider gap between words separates cells
BLOCK_GAP = 0.8  # × line height: a wider vertical gap ends a block of lines
ROW_GAP = 0.15  # × line height (at least 1.5 pt) over the tightest line gap: a new row


@dataclass(frozen=True, slots=True)
class _Seg:
    x0: float
    x1: float


def segments(line: Line) -> list[_Seg]:
    """The line's words cut at gaps wider than a word space."""
    gap = SEGMENT_GAP * max(1.0, line.bottom - line.top)
    words = line.words
    out: list[_Seg] = []
    x0, x1 = words[0].x0, words[0].x1
    for w in words[1:]:
        if w.x0 - x1 > gap:
            out.append(_Seg(x0, x1))
            x0 = w.x0
        x1 = max(x1, w.x1)
    out.append(_Seg(x0, x1))
    return out


def column_starts(segs: Sequence[list[_Seg]]) -> list[float]:
    """Left edges shared by segments of two or more lines that have two or more segments."""
    points = sorted((s.x0, k) for k, line in enumerate(segs) if len(line) >= 2 for s in line)
    starts: list[float] = []
    cluster: list[tuple[float, int]] = []
    for point in [*points, (float("inf"), -1)]:
        if cluster and point[0] - cluster[-1][0] > START_TOL:
            if len({k for _, k in cluster}) >= 2:
                starts.append(cluster[0][0])
            cluster = []
        cluster.append(point)
    return starts


def _column(x: float, starts: list[float]) -> int:
    """Index of the last column starting at or before x (-1 left of the first)."""
    col = -1
    for j, s in enumerate(starts):
        if s - START_TOL <= x:
            col = j
    return col


def _span(seg: _Seg, starts: list[float]) -> tuple[int, int] | None:
    """Columns (first, last) a segment stands in; None when it does not fit the columns."""
    first = _column(seg.x0, starts)
    if first < 0:
        return None
    last = max(j for j, s in enumerate(starts) if j == first or s + START_TOL < seg.x1)
    if last > first and abs(seg.x0 - starts[first]) > START_TOL:
        return None  # runs over a column start without starting at one: not a cell
    return first, last


def _fits(segs: list[_Seg], starts: list[float]) -> bool:
    return all(_span(s, starts) is not None for s in segs)


def _at_starts(segs: list[_Seg], starts: list[float]) -> int:
    return sum(1 for s in segs if any(abs(s.x0 - x) <= START_TOL for x in starts))


def _height(line: Line) -> float:
    return max(1.0, line.bottom - line.top)


def _blocks(lines: list[Line]) -> list[list[int]]:
    blocks: list[list[int]] = []
    for k, line in enumerate(lines):
        if blocks:
            prev = lines[blocks[-1][-1]]
            if line.top - prev.bottom <= BLOCK_GAP * _height(prev):
                blocks[-1].append(k)
                continue
        blocks.append([k])
    return blocks


def _split_rows(lines: list[Line], segs: list[list[_Seg]], starts: list[float]) -> list[list[int]]:
    """Line indexes of each row: new row after a wide gap or when column 0 fills again."""
    # Gaps from top to top less the usual line height: lines of two cells side by side that
    # overlap into one (a sub-row a little lower) do not make a negative gap.
    height = sorted(_height(ln) for ln in lines)[len(lines) // 2]
    gaps = [b.top - a.top - height for a, b in itertools.pairwise(lines)]
    tight = max(0.0, min(gaps, default=0.0))
    base = tight if tight < 0.3 * height else 0.15 * height
    limit = base + max(1.5, ROW_GAP * height)
    rows: list[list[int]] = [[0]]
    for k in range(1, len(lines)):
        first_col = any(_column(s.x0, starts) == 0 for s in segs[k])
        first_col_before = any(_column(s.x0, starts) == 0 for s in segs[k - 1])
        if gaps[k - 1] > limit or (first_col and not first_col_before):
            rows.append([k])
        else:
            rows[-1].append(k)
    return rows


def _reach(members: list[int], spans: list[list[tuple[int, int] | None]], n: int) -> list[int]:
    """reach[j]: the last column of the cell that starts at column j in a row."""
    reach = list(range(n))
    for k in members:
        for span in spans[k]:
            if span and span[1] > span[0]:
                reach[span[0]] = max(reach[span[0]], span[1])
    return reach


def _grid(lines: list[Line], segs: list[list[_Seg]], starts: list[float]) -> Grid:
    spans = [[_span(s, starts) for s in line] for line in segs]
    n = len(starts)
    row_lines = _split_rows(lines, segs, starts)
    reaches = [_reach(members, spans, n) for members in row_lines]
    # Cell padding: half the narrowest gap between a column's text and the next column
    # (rows with a spanning cell left out: their wrapped lines may end anywhere).
    right_edge = [float("-inf")] * n
    for members, reach in zip(row_lines, reaches, strict=True):
        if reach != list(range(n)):
            continue
        for k in members:
            for seg, span in zip(segs[k], spans[k], strict=True):
                if span:
                    right_edge[span[0]] = max(right_edge[span[0]], seg.x1)
    gutters = [starts[j + 1] - right_edge[j] for j in range(n - 1) if right_edge[j] > 0]
    height = sorted(_height(ln) for ln in lines)[len(lines) // 2]
    pad = min(max(1.0, min(gutters, default=2.0) / 2), 0.5 * height)
    right = max(s.x1 for line in segs for s in line) + pad
    edges = [*(s - pad for s in starts), right]

    tops = [lines[r[0]].top for r in row_lines]
    bottoms = [lines[r[-1]].bottom for r in row_lines]
    top, bottom = tops[0] - 1.0, bottoms[-1] + 1.0
    rows: list[list[Bbox | None]] = []
    for r, reach in enumerate(reaches):
        y0 = top if r == 0 else (bottoms[r - 1] + tops[r]) / 2
        y1 = bottom if r == len(row_lines) - 1 else (bottoms[r] + tops[r + 1]) / 2
        cells: list[Bbox | None] = []
        j = 0
        while j < n:
            last = reach[j]
            k = j  # a spanning cell swallows columns whose own cells would reach further
            while k <= last:
                last = max(last, reach[k])
                k += 1
            cells.append((edges[j], y0, edges[last + 1], y1))
            cells.extend([None] * (last - j))
            j = last + 1
        rows.append(cells)
    # `xs` are the columns' text starts: stable from page to page, unlike the padding.
    return Grid((edges[0], top, right, bottom), rows, list(starts), ruled=False)


def find_unruled_grids(words: list[PWord]) -> list[Grid]:
    """Grids of the tables without rulings among a page's words (none found: [])."""
    lines = group_lines(words)
    segs = [segments(line) for line in lines]
    grids: list[Grid] = []
    for block in _blocks(lines):
        if len(block) < 2:
            continue
        starts = column_starts([segs[k] for k in block])
        if len(starts) < MIN_COLUMNS:
            continue
        k = 0
        while k < len(block):
            if _at_starts(segs[block[k]], starts) < 2 or not _fits(segs[block[k]], starts):
                k += 1
                continue
            end = k
            while end + 1 < len(block) and _fits(segs[block[end + 1]], starts):
                end += 1
            members = block[k : end + 1]
            tabular = [m for m in members if _at_starts(segs[m], starts) >= 2]
            used = {_column(s.x0, starts) for m in members for s in segs[m]}
            if len(tabular) >= 2 and len(used) >= MIN_COLUMNS:
                grids.append(_grid([lines[m] for m in members], [segs[m] for m in members], starts))
            k = end + 1
    return grids
