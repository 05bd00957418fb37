"""Table geometry on a PDF page: ruled grids from vector drawings and
whitespace-aligned (borderless) tables from line segments.

This module finds where tables and cells are; ``text_layer`` turns the
characters in each cell into text. It costs a few milliseconds a page:
PyMuPDF's ``find_tables`` (about 3 pages/s) is not used.

Ruled tables (``find_ruled_grids``):

1. Rules: from ``page.get_cdrawings()`` take straight horizontal and vertical
   lines, thin rectangles (cell borders drawn as filled bars) and the four
   edges of stroked rectangles; invisible white rules are skipped.
2. Collinear rules within ``SNAP`` points are merged into longer ones
   (word processors draw one rule per cell edge).
3. Rules that cross or touch form connected components; a component with at
   least two horizontal and two vertical rules, and at least two columns, is
   a table (a one-column box is a framed paragraph, read as prose).
4. Its column edges are the x of its vertical rules (plus the ends of the
   horizontal rules when the outer border is missing), its row edges the y of
   its horizontal rules: a grid.
5. Grid slots with no rule between them (probed at the middle of the shared
   edge) belong to one merged cell; each merged cell is reported once at its
   top-left slot with its rowspan and colspan.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from extractors.numbers import parse_number
from extractors.records import BBox

if TYPE_CHECKING:
    from extractors.text_layer import Char, Segment, TextLine

SNAP = 2.0  # points: rules this close are the same rule / the same grid edge
THIN = 3.0  # points: a rectangle this thin is a rule
MIN_ROWS = 3  # a borderless table has at least this many aligned lines
GLYPH_MIDDLE = 0.3  # font sizes above the baseline: inside a glyph whatever the font metrics
ROW_GAP = 2.0  # font sizes: a wider vertical gap ends a borderless table
SEGMENT_GAP = 1.5  # font sizes: a wider gap inside a line separates columns (segments)


class Rule(NamedTuple):
    """A horizontal (``at`` = y, span in x) or vertical (``at`` = x, span in y) rule.

    A tuple, so a page's hundreds of rules sort natively by position.
    """

    at: float
    start: float
    end: float


@dataclass(slots=True)
class CellBox:
    """A cell of a grid: top-left slot, spans and box."""

    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: BBox


@dataclass(slots=True)
class Grid:
    """A ruled table: row and column edges, cells, and the cell owning each slot."""

    xs: list[float]
    ys: list[float]
    cells: list[CellBox]
    owner: list[list[int]]  # owner[row][col] = index into cells

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


Matrix = Sequence[float]  # (a, b, c, d, e, f) as PyMuPDF orders it


def find_ruled_grids(drawings: list[dict], matrix: Matrix = (1, 0, 0, 1, 0, 0)) -> list[Grid]:
    """Ruled tables from ``page.get_cdrawings()`` output (see module doc).

    ``matrix`` maps drawing coordinates to the upright page space the
    characters use. Grids come back top to bottom.
    """
    horizontal, vertical = _rules(drawings, matrix)
    horizontal, vertical = _merge(horizontal), _merge(vertical)
    grids = []
    for hs, vs in _components(horizontal, vertical):
        grid = _grid(hs, vs)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda grid: grid.ys[0])


def assign_to_cells(grids: list[Grid], chars: list[Char]) -> tuple[list[list[list[Char]]], list[Char]]:
    """Characters per cell of each grid (by the glyph centre), and the rest."""
    per_grid: list[list[list[Char]]] = [[[] for _ in grid.cells] for grid in grids]
    if not grids:
        return per_grid, chars
    free: list[Char] = []
    for char in chars:
        x, y = (char.x0 + char.x1) / 2, char.baseline - GLYPH_MIDDLE * char.size
        for grid, cells in zip(grids, per_grid, strict=True):
            xs, ys = grid.xs, grid.ys
            if xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]:
                # bisect_left from 1: a point on an edge belongs to the cell before it
                cells[grid.owner[bisect_left(ys, y, 1) - 1][bisect_left(xs, x, 1) - 1]].append(char)
                break
        else:
            free.append(char)
    return per_grid, free


def _rules(drawings: list[dict], matrix: Matrix) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical rules of the drawings, in upright coordinates."""
    ends: list[tuple[float, float, float, float]] = []  # straight strokes (x0, y0, x1, y1)
    for path in drawings:
        stroked = "s" in path["type"]
        colour = path.get("color") if stroked else path.get("fill")
        if colour and min(colour) > 0.9:
            continue  # white: invisible on paper
        for item in path["items"]:
            kind = item[0]
            if kind == "l":
                ends.append((*item[1], *item[2]))
            elif kind in ("re", "qu"):
                ends.extend(_rect_edges(_box(item[1]) if kind == "qu" else item[1], stroked))
    if tuple(matrix) != (1, 0, 0, 1, 0, 0):
        a, b, c, d, e, f = matrix
        ends = [(a * x0 + c * y0 + e, b * x0 + d * y0 + f, a * x1 + c * y1 + e, b * x1 + d * y1 + f)
                for x0, y0, x1, y1 in ends]
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    for x0, y0, x1, y1 in ends:
        if x0 > x1:
            x0, x1 = x1, x0
        if y0 > y1:
            y0, y1 = y1, y0
        if y1 - y0 <= THIN < x1 - x0:
            horizontal.append(Rule((y0 + y1) / 2, x0, x1))
        elif x1 - x0 <= THIN < y1 - y0:
            vertical.append(Rule((x0 + x1) / 2, y0, y1))
    return horizontal, vertical


def _rect_edges(
    rect: Sequence[float], stroked: bool
) -> list[tuple[float, float, float, float]]:
    """A thin rectangle is one rule along its middle; a stroked box gives its
    four edges; a filled box (shading) gives none."""
    x0, y0, x1, y1 = rect[:4]
    if min(abs(x1 - x0), abs(y1 - y0)) <= THIN:
        if abs(x1 - x0) > abs(y1 - y0):
            return [(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)]
        return [((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)]
    if stroked:
        return [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
    return []


def _box(quad: Sequence[Sequence[float]]) -> tuple[float, float, float, float]:
    xs = [point[0] for point in quad]
    ys = [point[1] for point in quad]
    return min(xs), min(ys), max(xs), max(ys)


def _merge(rules: list[Rule]) -> list[Rule]:
    """Join rules on one line that touch or overlap.

    Rules are sorted by position; a run of positions each within ``SNAP`` of
    the previous is one line, and along it overlapping spans are joined.
    """
    merged: list[Rule] = []
    rules = sorted(rules)
    start = 0
    while start < len(rules):
        end = start + 1
        while end < len(rules) and rules[end].at - rules[end - 1].at <= SNAP:
            end += 1
        line = sorted(rules[start:end], key=lambda rule: rule.start)
        at = line[len(line) // 2].at
        low, high = line[0].start, line[0].end
        for rule in line[1:]:
            if rule.start > high + SNAP:
                merged.append(Rule(at, low, high))
                low = rule.start
            high = max(high, rule.end)
        merged.append(Rule(at, low, high))
        start = end
    return merged


def _components(horizontal: list[Rule], vertical: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Groups of rules connected by crossings (union-find; verticals bisected by x)."""
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    vertical = sorted(vertical)
    xs = [rule.at for rule in vertical]
    for h_index, h in enumerate(horizontal):
        lo = bisect_left(xs, h.start - SNAP)
        hi = bisect_right(xs, h.end + SNAP)
        for v_index in range(lo, hi):
            v = vertical[v_index]
            if v.start - SNAP <= h.at <= v.end + SNAP:
                parent[root(h_index)] = root(len(horizontal) + v_index)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for index, rule in enumerate(horizontal + vertical):
        hs, vs = groups.setdefault(root(index), ([], []))
        (hs if index < len(horizontal) else vs).append(rule)
    return [(hs, vs) for hs, vs in groups.values() if len(hs) >= 2 and len(vs) >= 2]


def _edges(positions: list[float], low: float, high: float) -> list[float]:
    """Sorted distinct grid edges: rule positions within ``SNAP`` are one edge;
    the outer extent is added where no rule marks it."""
    edges: list[float] = []
    for at in sorted(positions):
        if not edges or at - edges[-1] > SNAP:
            edges.append(at)
    if low < edges[0] - SNAP:
        edges.insert(0, low)
    if high > edges[-1] + SNAP:
        edges.append(high)
    return edges


def _grid(hs: list[Rule], vs: list[Rule]) -> Grid | None:
    """The grid of one rule component, with merged cells (see module doc)."""
    xs = _edges([v.at for v in vs], min(h.start for h in hs), max(h.end for h in hs))
    ys = _edges([h.at for h in hs], min(v.start for v in vs), max(v.end for v in vs))
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_cols < 2:
        return None  # a framed paragraph or text box, even with dividers: read as prose

    v_at = _rules_at(vs, xs)
    h_at = _rules_at(hs, ys)

    def ruled(at_edge: list[list[Rule]], index: int, mid: float) -> bool:
        return any(rule.start - SNAP <= mid <= rule.end + SNAP for rule in at_edge[index])

    parent = list(range(n_rows * n_cols))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in range(n_rows):
        mid_y = (ys[row] + ys[row + 1]) / 2
        for col in range(n_cols):
            mid_x = (xs[col] + xs[col + 1]) / 2
            slot = row * n_cols + col
            if col + 1 < n_cols and not ruled(v_at, col + 1, mid_y):
                parent[root(slot + 1)] = root(slot)
            if row + 1 < n_rows and not ruled(h_at, row + 1, mid_x):
                parent[root(slot + n_cols)] = root(slot)
    spans: dict[int, list[int]] = {}  # root -> [row0, col0, row1, col1]
    for slot in range(n_rows * n_cols):
        row, col = divmod(slot, n_cols)
        span = spans.setdefault(root(slot), [row, col, row, col])
        span[0], span[1] = min(span[0], row), min(span[1], col)
        span[2], span[3] = max(span[2], row), max(span[3], col)
    cells: list[CellBox] = []
    index_of: dict[int, int] = {}
    for key, (r0, c0, r1, c1) in sorted(spans.items(), key=lambda item: item[1][:2]):
        index_of[key] = len(cells)
        cells.append(CellBox(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    owner = [[index_of[root(row * n_cols + col)] for col in range(n_cols)] for row in range(n_rows)]
    return Grid(xs, ys, cells, owner)


def _rules_at(rules: list[Rule], edges: list[float]) -> list[list[Rule]]:
    """The rules lying on each grid edge."""
    at_edge: list[list[Rule]] = [[] for _ in edges]
    for rule in rules:
        index = min(bisect_left(edges, rule.at - SNAP), len(edges) - 1)
        if abs(edges[index] - rule.at) <= SNAP:
            at_edge[index].append(rule)
    return at_edge


def find_borderless_tables(lines: list[TextLine]) -> list[tuple[int, int, list[float]]]:
    """Whitespace-aligned tables among consecutive body lines.

    1. A candidate row is a line split into two or more segments by wide gaps.
    2. Runs of at least ``MIN_ROWS`` consecutive candidate rows, without a
       vertical gap wider than ``ROW_GAP`` font sizes, are candidate tables.
    3. Columns are the x-intervals covered by the run's segments (projection
       profile); the gutters between them are the column edges.
    4. Neighbouring columns that no row fills both of, with a gutter narrower
       than ``SEGMENT_GAP`` font sizes, are one column: a centred header
       over right-aligned figures, a name under a wider heading.
    5. The run is a table when it has two or more columns and one of them
       (other than the first) is numeric: at least ``MIN_ROWS`` numbers and
       at most one filled cell that is not a number.

    Returns (start, end, column edges) with ``lines[start:end]`` the rows.
    """
    found = []
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and len(lines[end].segments) >= 2 and (
            end == start or lines[end].top - lines[end - 1].bottom <= ROW_GAP * lines[end].size
        ):
            end += 1
        if end - start >= MIN_ROWS:
            rows = lines[start:end]
            edges = _join_columns(rows, _gutters(rows))
            if edges and _numeric_column(rows, edges):
                found.append((start, end, edges))
        start = max(end, start + 1)
    return found


def _gutters(rows: list[TextLine]) -> list[tuple[float, float]]:
    """The x-gaps (from, to) that no segment of any row covers, left to right."""
    intervals = sorted((segment.x0, segment.x1) for row in rows for segment in row.segments)
    columns = [list(intervals[0])]
    for x0, x1 in intervals[1:]:
        if x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(left[1], right[0]) for left, right in pairwise(columns)]


def _join_columns(rows: list[TextLine], gutters: list[tuple[float, float]]) -> list[float]:
    """Column edges (gutter middles) after step 4 of ``find_borderless_tables``."""
    edges = [(left + right) / 2 for left, right in gutters]
    table = [split_row(row.segments, edges) for row in rows]
    size = sorted(row.size for row in rows)[len(rows) // 2]
    kept: list[float] = []
    filled = {r for r, cells in enumerate(table) if cells[0]}  # rows using the current column
    for col, (left, right) in enumerate(gutters, start=1):
        following = {r for r, cells in enumerate(table) if cells[col]}
        if right - left < SEGMENT_GAP * size and not filled & following:
            filled |= following
        else:
            kept.append((left + right) / 2)
            filled = following
    return kept


def _numeric_column(rows: list[TextLine], edges: list[float]) -> bool:
    """True when some non-first column is numeric (step 5 of ``find_borderless_tables``)."""
    table = [split_row(row.segments, edges) for row in rows]
    for col in range(1, len(edges) + 1):
        cells = [row[col] for row in table if row[col]]
        numbers = sum(parse_number(cell) is not None for cell in cells)
        if numbers >= MIN_ROWS and numbers >= len(cells) - 1:
            return True
    return False


def split_row(segments: list[Segment], edges: list[float]) -> list[str]:
    """Cell texts of one row: each segment goes to the column holding its middle."""
    cells = [""] * (len(edges) + 1)
    for segment in segments:
        col = bisect_left(edges, (segment.x0 + segment.x1) / 2)
        cells[col] = f"{cells[col]} {segment.text}".strip()
    return cells
