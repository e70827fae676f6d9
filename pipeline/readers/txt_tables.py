"""Tables that a plain-text file draws: box-drawing or ASCII frames, and columns of spaces.

- Drawn tables (`drawn_table`): lines of cells between vertical bars (│ ║ ┃ |) and rules
  (─ ═ ┼ ┬ … or `+---+`, `|---|`). Column boundaries are the bar and junction positions of the
  whole table (a monospace drawing: a boundary is a character column, ±1 for a hand-drawn
  slip). Rows: when the table draws a rule between body rows, every run of lines between two
  rules is one row and its lines join into multi-line cells; when it draws rules only around
  the header, each body line is a row and a line whose first cell is empty continues the row
  above (a wrapped cell). Merged cells are read from the drawing: a cell with no bar inside it
  spans the grid columns it covers (`col_span`); a cell with no rule under it (spaces in the
  rule line) runs on into the next row (`row_span`); the covered positions are empty cells
  with `merged_from`, as in the layout model.
- Aligned tables (`aligned_table`): three or more consecutive lines whose text lines up in
  columns separated by runs of at least two spaces at the same character positions in every
  line (as the unruled PDF finder does with word boxes). A line whose first column is empty
  continues the row above.

Cell lines are joined by a space. A line ending in a hyphen after a letter, followed by a
line starting with a small letter, is joined without a space: the hyphen is dropped when the
Russian dictionary (pymorphy2 through natasha, `prikaz.morphology`) knows the joined word and
not the hyphenated one («поло-|жения» → «положения»), kept otherwise
(«социально-|экономический», «2021-|2024»).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from prikaz.morphology import morph

_BOX_VERTICAL = "│┃║╎╏┆┇┊┋"
_VERTICAL = _BOX_VERTICAL + "|"
_HORIZONTAL = "─━═╌╍┄┅┈┉-="
_JUNCTION = "┼┬┴├┤┌┐└┘╋┳┻┣┫┏┓┗┛╬╦╩╠╣╔╗╚╝╪╤╧╞╡╒╕╘╛╫╥╨╟╢╓╖╙╜+"
_BOX_CHARS = frozenset(_BOX_VERTICAL + _HORIZONTAL[:-2] + _JUNCTION[:-1])
_FRAME = frozenset(_VERTICAL + _HORIZONTAL + _JUNCTION + ": ")
_SEPARATORS = frozenset(_VERTICAL + _JUNCTION)
_GAP = re.compile(r" {2,}")
_HYPHEN_END = re.compile(r"([А-Яа-яЁёA-Za-z]+)-$")
_WORD_START = re.compile(r"([а-яёa-z][А-Яа-яЁёA-Za-z]*)")
_HORIZONTAL_RUN = re.compile("[" + re.escape(_HORIZONTAL) + "]{3}")
_MIN_ALIGNED_LINES = 3


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str
    raw: str  # the first fragment as written (for the bold hint of markup)
    row_span: int = 1
    col_span: int = 1
    merged_from: tuple[int, int] | None = None


@dataclass(slots=True)
class TextTable:
    rows: list[list[GridCell]]
    row_lines: list[int]  # index of the first line of each row
    end: int  # index of the first line after the table


def has_box_chars(text: str) -> bool:
    return any(ch in _BOX_CHARS for ch in text)


def is_rule(line: str) -> bool:
    """A horizontal rule of a drawn table: frame characters only, three or more horizontals,
    and a junction or bar for ASCII (a line of dashes alone is a text separator)."""
    body = line.strip()
    if len(body) < 3 or not set(body) <= _FRAME:
        return False
    if not _HORIZONTAL_RUN.search(body):
        return False  # «│ - │ - │»: cells holding dashes, not a rule
    return any(ch in _BOX_CHARS for ch in body) or (body[0] in "+|" and body[-1] in "+|")


def is_bar_line(line: str) -> bool:
    """A line of cells: it starts with a vertical bar (or a junction, in a rule that a merged
    cell's text crosses) and has another one after text."""
    body = line.strip()
    return len(body) >= 2 and body[0] in _SEPARATORS and sum(ch in _SEPARATORS for ch in body) >= 2


def _is_crossed_rule(line: str) -> bool:
    """A rule with a merged cell's text running through it: «├────┤ ников   ├─────┤»."""
    if not is_bar_line(line) or is_rule(line):
        return False
    pieces = re.split("[" + re.escape(_VERTICAL + _JUNCTION) + "]", line.strip())
    return any(_HORIZONTAL_RUN.search(p) and not p.strip(_HORIZONTAL) for p in pieces)


def _is_ruling(line: str) -> bool:
    return is_rule(line) or _is_crossed_rule(line)


def _bars(line: str) -> list[int]:
    return [i for i, ch in enumerate(line) if ch in _VERTICAL]


def _junctions(line: str) -> list[int]:
    return [i for i, ch in enumerate(line) if ch in _SEPARATORS]


def _cluster(positions: list[int]) -> list[int]:
    """Boundary columns: positions within one character of each other are one boundary."""
    out: list[int] = []
    for p in sorted(set(positions)):
        if out and p - out[-1] <= 1:
            continue
        out.append(p)
    return out


def _nearest(bounds: list[int], p: int) -> int:
    return min(range(len(bounds)), key=lambda k: abs(bounds[k] - p))


def join_lines(parts: list[str]) -> str:
    """A cell's lines as one text: joined by a space, or across a hyphen at a line end."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and (m := _HYPHEN_END.search(out)) and (n := _WORD_START.match(part)):
            # «поло-|жения» is one word broken by the typist; «социально-|экономический»
            # keeps its hyphen: the dictionary knows the first whole and not the second.
            whole = m.group(1) + n.group(1)
            if morph().word_is_known(whole.lower()) and not morph().word_is_known(
                f"{m.group(1)}-{n.group(1)}".lower()
            ):
                out = out[:-1]
            out += part
            continue
        if out and not (out[-1] == "-" and len(out) > 1 and not out[-2].isspace()):
            out += " "  # «2021-|2024» stays one token
        out += part
    return out


@dataclass(slots=True)
class _Line:
    """One line of cells cut at the table's boundaries: segment text per origin column."""

    segments: dict[int, tuple[int, str]]  # first grid column -> (grid columns covered, text)


def _cut(line: str, bounds: list[int]) -> _Line:
    bars = [b for b in _bars(line) if abs(bounds[_nearest(bounds, b)] - b) <= 1]
    if not bars or bars[-1] < len(line.rstrip()) - 1:
        bars.append(max(len(line), bounds[-1]))
    segments: dict[int, tuple[int, str]] = {}
    for left, right in itertools.pairwise(bars):
        a, b = _nearest(bounds, left), _nearest(bounds, right)
        if b > a:
            segments[a] = (b - a, line[left + 1 : right])
    return _Line(segments)


def _open_below(rule: str, bounds: list[int], col: int, span: int) -> bool:
    """No rule under a cell: the rule line has only spaces across its columns."""
    a, b = bounds[col] + 2, bounds[col + span] - 1
    inside = rule[a:b]
    return b > a and len(inside) == b - a and not any(ch in _HORIZONTAL for ch in inside)


def _boundaries(block: list[str], content: list[int]) -> list[int]:
    """Boundary columns: bar and junction positions found in at least two lines (a stray bar
    inside a cell's text is not a boundary), clustered within one character."""
    per_line = [_bars(block[k]) for k in content]
    per_line += [_junctions(ln) for ln in block if _is_ruling(ln)]
    bounds = _cluster([p for ps in per_line for p in ps])
    if len(per_line) < 2:
        return bounds
    hits = [sum(any(abs(p - b) <= 1 for p in ps) for ps in per_line) for b in bounds]
    return [b for b, n in zip(bounds, hits, strict=True) if n >= 2]


def _bars_line_up(block: list[str], content: list[int], bounds: list[int]) -> bool:
    """Whether the drawing is monospace: the bars of (nearly) every line of cells stand on
    the table's boundaries. A table whose spaces were collapsed (bars wherever the text
    ended) cannot be cut into columns and is left as text."""
    aligned = sum(
        all(abs(bounds[_nearest(bounds, b)] - b) <= 1 for b in _bars(block[k])) for k in content
    )
    return aligned >= 0.9 * len(content)


def _runs(block: list[str], content: set[int]) -> list[tuple[str | None, list[int]]]:
    """Runs of content lines between rules, each with the rule drawn above it (or None)."""
    runs: list[tuple[str | None, list[int]]] = []
    pending: str | None = None
    current: list[int] | None = None
    for k, ln in enumerate(block):
        if k in content:
            if current is None:
                current = []
                runs.append((pending, current))
            current.append(k)
        else:
            pending, current = ln, None
    return runs


def _row_groups(
    runs: list[tuple[str | None, list[int]]], cut: dict[int, _Line]
) -> list[tuple[str | None, list[int]]]:
    """Table rows as (rule above, content lines). With rules between body rows every run is a
    row; otherwise the header run is one row and each body line is a row, a line with an
    empty first cell continuing the row above."""
    if len(runs) >= 3:
        return runs
    groups: list[tuple[str | None, list[int]]] = []
    for n, (rule, ks) in enumerate(runs):
        if n == 0 and len(runs) == 2:
            groups.append((rule, ks))
            continue
        for k in ks:
            first = cut[k].segments.get(0)
            empty_first = first is not None and not first[1].strip()
            if empty_first and k != ks[0] and groups and groups[-1][1][-1] == k - 1:
                groups[-1][1].append(k)
            else:
                groups.append((rule if k == ks[0] else None, [k]))
    return groups


def drawn_table(lines: list[str], i: int) -> TextTable | None:
    """A table drawn with bars and rules starting at line `i`, or None."""
    j = i
    while j < len(lines) and (is_rule(lines[j]) or is_bar_line(lines[j])):
        j += 1
    block = lines[i:j]
    content = [k for k, ln in enumerate(block) if is_bar_line(ln) and not _is_ruling(ln)]
    if not content or (len(content) < 2 and not any(is_rule(ln) for ln in block)):
        return None
    bounds = _boundaries(block, content)
    if len(bounds) < 3 or not _bars_line_up(block, content, bounds):
        return None  # one column: a framed text, not a table
    cut = {k: _cut(block[k], bounds) for k in content}
    groups = _row_groups(_runs(block, set(content)), cut)
    table = _grid(groups, cut, bounds)
    if len(table) == 1 and sum(1 for c in table[0] if c.merged_from is None) == 1:
        return None  # a framed heading spanning the drawing, not a table
    return TextTable(table, [i + g[1][0] for g in groups], j)


def _grid(
    groups: list[tuple[str | None, list[int]]], cut: dict[int, _Line], bounds: list[int]
) -> list[list[GridCell]]:
    ncols = len(bounds) - 1
    rows: list[list[GridCell]] = []
    for r, (rule, ks) in enumerate(groups):
        segments = cut[ks[0]].segments
        row: list[GridCell | None] = [None] * ncols
        for col, (span, _) in segments.items():
            parts = [cut[k].segments.get(col, (span, ""))[1] for k in ks]
            origin = _merged_origin(rows, rule, bounds, col, span)
            if origin is not None and rule:
                orow, ocol = origin
                prev = rows[orow][ocol]
                # Text of the merged cell written across the rule line, then this row's lines.
                bridge = rule[bounds[col] + 1 : bounds[col + span]].strip(_VERTICAL + " ")
                rows[orow][ocol] = GridCell(
                    join_lines([prev.text, bridge, *parts]),
                    prev.raw,
                    prev.row_span + 1,
                    prev.col_span,
                )
                for c in range(col, min(ncols, col + span)):
                    row[c] = GridCell("", "", merged_from=origin)
                continue
            raw = next((p for p in parts if p.strip()), "")
            row[col] = GridCell(join_lines(parts), raw, col_span=span)
            for c in range(col + 1, min(ncols, col + span)):
                row[c] = GridCell("", "", merged_from=(r, col))
        rows.append([c if c is not None else GridCell("", "") for c in row])
    return rows


def _merged_origin(
    rows: list[list[GridCell]], rule: str | None, bounds: list[int], col: int, span: int
) -> tuple[int, int] | None:
    """The origin of a cell merged down into this row at `col`, or None."""
    if not rows or not rule or not _open_below(rule, bounds, col, span):
        return None
    above = rows[-1][col]
    origin = above.merged_from or (len(rows) - 1, col)
    cell = rows[origin[0]][origin[1]]
    return origin if cell.col_span == span else None


# -- tables aligned with spaces -------------------------------------------------------------


def _text_mask(lines: list[str], base: list[bool] | None = None) -> list[bool]:
    """Positions where some line has text (added to `base`, which is not changed)."""
    width = max([len(base or [])] + [len(ln) for ln in lines])
    mask = list(base or []) + [False] * (width - len(base or []))
    for ln in lines:
        for k, ch in enumerate(ln):
            if ch != " ":
                mask[k] = True
    return mask


def _mask_columns(mask: list[bool]) -> list[tuple[int, int]]:
    """Column extents: runs of positions with text, split by gaps of 2+ blank positions."""
    width = len(mask)
    cols: list[tuple[int, int]] = []
    k = 0
    while k < width:
        if not mask[k]:
            k += 1
            continue
        start = k
        while k < width and (mask[k] or (k + 1 < width and mask[k + 1] and k > start)):
            k += 1
        cols.append((start, k))
    return cols


def _columns(lines: list[str]) -> list[tuple[int, int]]:
    """Column extents of lines: text in some line, gaps of 2+ spaces blank in every line."""
    return _mask_columns(_text_mask(lines))


_INNER_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")


def _gaps_are_gutters(block: list[str], cols: list[tuple[int, int]]) -> bool:
    """In a table (nearly) every run of 2+ spaces between words is a gap between columns; in
    justified prose most of them are not."""
    gutters = [(a[1], b[0]) for a, b in itertools.pairwise(cols)]
    total = inside = 0
    for ln in block:
        for m in _INNER_GAP.finditer(ln):
            total += 1
            inside += any(m.start() < g1 and m.end() > g0 for g0, g1 in gutters)
    return inside >= 0.8 * total


def _column_aligned(block: list[str], a: int, b: int) -> bool:
    """A column of a table: most of its cells start at one character position, or, for a
    column of numbers, end at one (right-aligned). Justified prose, whose last words end at
    the margin, is neither."""
    starts, ends, numbers = [], [], 0
    for ln in block:
        piece = ln[a:b]
        if piece.strip():
            starts.append(a + len(piece) - len(piece.lstrip()))
            ends.append(a + len(piece.rstrip()))
            numbers += any(ch.isdigit() for ch in piece)
    if len(starts) < 2:
        return True

    def share(xs: list[int]) -> float:
        counts = Counter(xs)
        return max(counts[y - 1] + counts[y] + counts[y + 1] for y in counts) / len(xs)

    if share(starts) >= 0.6:
        return True
    return numbers * 2 > len(starts) and share(ends) >= 0.6


def _cells_of(line: str, cols: list[tuple[int, int]]) -> list[str]:
    return [line[a:b].strip() for a, b in cols]


def aligned_table(lines: list[str], i: int) -> TextTable | None:
    """A table of columns aligned with runs of spaces starting at line `i`, or None."""
    if not _GAP.search(lines[i].strip()):
        return None
    # The first lines of a table line up by themselves; checking them first keeps a long
    # block of prose with wide gaps linear to scan.
    first = _first_plain_lines(lines, i, _MIN_ALIGNED_LINES)
    if len(first) < _MIN_ALIGNED_LINES or _aligned(lines, first) is None:
        return None
    j = i + _plain_lines(lines, i, len(lines))
    if j - i < _MIN_ALIGNED_LINES:
        # Rows separated by blank lines: the first lines found above, to the end of their block.
        last = first[-1] + 1
        idx = first + list(range(last, last + _plain_lines(lines, last, len(lines))))
        found = _aligned(lines, idx)
        return _extend_over_blank_lines(lines, idx, *found) if found else None
    # Text right below the table (no blank line between) spoils the gaps: try without it.
    for end in range(j, max(i + _MIN_ALIGNED_LINES, j - 3) - 1, -1):
        idx = list(range(i, end))
        found = _aligned(lines, idx)
        if found is not None:
            return _extend_over_blank_lines(lines, idx, *found)
    return None


def _first_plain_lines(lines: list[str], i: int, n: int) -> list[int]:
    """Indexes of the first `n` text lines from `i`, across single blank lines."""
    out: list[int] = []
    k = i
    while k < len(lines) and len(out) < n:
        run = _plain_lines(lines, k, min(len(lines), k + n))
        out += range(k, k + min(run, n - len(out)))
        k += run
        if not run or k + 1 >= len(lines) or lines[k].strip() or not lines[k + 1].strip():
            break
        k += 1
    return out


def _extend_over_blank_lines(
    lines: list[str], idx: list[int], table: TextTable, ncols: int
) -> TextTable:
    """Rows separated by one blank line (as text renderings of PDFs print them) belong to the
    table while the block after the blank keeps the columns apart and starts with a row whose
    cells start where the columns start (a signature line after the table does not)."""
    mask = _text_mask([lines[k].rstrip() for k in idx])
    cols = _mask_columns(mask)
    starts = [_modal_start(lines, idx, a, b) for a, b in cols]
    end = table.end
    more: list[int] = []
    while end + 1 < len(lines) and not lines[end].strip() and lines[end + 1].strip():
        n = _plain_lines(lines, end + 1, len(lines))
        block = range(end + 1, end + 1 + n)
        grown = _text_mask([lines[k].rstrip() for k in block], mask)
        if not n or len(_mask_columns(grown)) != len(cols):
            break
        first = lines[end + 1]
        filled = [
            (a, s0, first[a:b])
            for (a, b), s0 in zip(cols, starts, strict=True)
            if first[a:b].strip()
        ]
        if len(filled) < 2 or any(
            abs(a + len(piece) - len(piece.lstrip()) - s0) > 1 for a, s0, piece in filled
        ):
            break
        mask = grown
        more += block
        end = block[-1] + 1
    if not more:
        return table
    found = _aligned(lines, idx + more)
    return found[0] if found is not None and found[1] == ncols else table


def _modal_start(lines: list[str], idx: list[int], a: int, b: int) -> int:
    starts = Counter(
        a + len(lines[k][a:b]) - len(lines[k][a:b].lstrip()) for k in idx if lines[k][a:b].strip()
    )
    return starts.most_common(1)[0][0] if starts else a


def _plain_lines(lines: list[str], i: int, j: int) -> int:
    """How many lines from `i` (before `j`) are non-blank text without tabs or frames."""
    n = 0
    for ln in lines[i:j]:
        if not ln.strip() or "\t" in ln or has_box_chars(ln) or is_rule(ln) or is_bar_line(ln):
            break
        n += 1
    return n


def _aligned(lines: list[str], idx: list[int]) -> tuple[TextTable, int] | None:
    """The table the lines `idx` make, with its number of columns, or None."""
    block = [lines[k].rstrip() for k in idx]
    cols = _columns(block)
    if len(cols) < 2:
        return None
    cells = [_cells_of(ln, cols) for ln in block]
    full = sum(1 for c in cells if sum(1 for t in c if t) >= 2)
    if full < _MIN_ALIGNED_LINES - 1 or not all(any(c) for c in cells):
        return None
    if not _gaps_are_gutters(block, cols) or not all(
        _column_aligned(block, a, b) for a, b in cols[1:]
    ):
        return None  # justified prose: some of its wide gaps line up by chance, not all
    rows: list[list[str]] = []
    row_lines: list[int] = []
    for k, c in zip(idx, cells, strict=True):
        if rows and not c[0] and any(c[1:]):
            rows[-1] = [join_lines([a, b]) for a, b in zip(rows[-1], c, strict=True)]
        else:
            rows.append(list(c))
            row_lines.append(k)
    if len(rows) < 2:
        return None
    grid = [[GridCell(t, t) for t in row] for row in rows]
    return TextTable(grid, row_lines, idx[-1] + 1), len(cols)
