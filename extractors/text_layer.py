"""PDF text layer: characters -> baseline lines -> ``Page`` in reading order.

Some producers write a page as small runs in shuffled content-stream order,
with punctuation, digits and Latin from a second font whose declared
ascent/descent differ and whose glyphs sit 0.5–2 pt off the CJK baseline.
Naive extraction then interleaves neighbouring lines. This stage never uses
stream order: every character is placed by its glyph origin (the baseline
point, independent of the font's metrics), lines are clusters of baselines
and each line is ordered by x.

Method of ``extract_page``:

1. Characters: ``page.get_texttrace()`` gives every glyph with its origin and
   advance box (cheaper than ``rawdict``: tuples, not one dict per glyph). Coordinates are turned
   so the page's dominant writing direction runs left to right (``/Rotate``
   pages, landscape content); text in other directions (diagonal watermarks)
   is dropped.
2. Ruled tables (``pdf_tables.find_ruled_grids``) claim the characters whose
   centre falls in one of their cells; each cell's characters become that
   cell's text (lines joined, CJK without spaces).
3. The other characters are clustered into lines by baseline
   (``build_lines``) and split into segments at wide gaps.
4. Whitespace-aligned tables are found among those lines
   (``pdf_tables.find_borderless_tables``).
5. ``page_layout`` marks headers, footers, page numbers and headings, and
   orders lines, table rows and column text into reading order.

Table rows also appear as lines (kind ``table``) whose cells are joined by tabs,
exactly as a text dump shows them, so later stages read both inputs alike.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from operator import attrgetter

import pymupdf

from extractors import page_layout, pdf_tables
from extractors.pdf_tables import SEGMENT_GAP, Matrix
from extractors.records import BBox, Cell, Line, Page, Table

# Fractions of the font size unless marked as points.
BASELINE_TOLERANCE = 0.3  # baselines this close are one line (covers 0.5–2 pt offsets)
MIN_BASELINE_TOLERANCE = 2.25  # points: small fonts still absorb a 2 pt offset
SPACE_GAP = 0.2  # a wider gap next to Latin text or digits is a word space
ASCENT, DESCENT = 0.8, 0.2  # uniform box around the baseline: declared metrics are unreliable
FAKE_BOLD_SHIFT = 0.3  # the same glyph drawn again this close is a fake-bold duplicate

BOLD_FLAG = 16  # MuPDF font flag bit for bold
MIN_SIZE = 1.0  # points: floor for reported font sizes, which scale every tolerance
_LEFT = attrgetter("x0")
_STREAM = attrgetter("order")


@dataclass(slots=True)
class Char:
    """One glyph placed by its baseline origin; ``x0``/``x1`` are its advance."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    bold: bool = False
    order: int = 0  # position in the content stream: what naive extraction follows


@dataclass(slots=True)
class Segment:
    """A stretch of a line without a wide gap inside: a phrase, a cell, a column."""

    text: str
    x0: float
    x1: float
    chars: list[Char] = field(default_factory=list)


@dataclass(slots=True)
class TextLine:
    """A line built from characters, before it becomes a ``records.Line``."""

    segments: list[Segment]
    x0: float
    x1: float
    baseline: float
    size: float
    top: float
    bottom: float
    bold: bool = False
    kind: str = "body"
    cells: list[str] | None = None  # set for table rows: the row's cells

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def text(self) -> str:
        if self.cells is not None:
            return "\t".join(self.cells)
        return " ".join(segment.text for segment in self.segments)

    def raw_text(self) -> str | None:
        """The line's glyphs in content-stream order, when that differs from reading order."""
        chars = [char for segment in self.segments for char in segment.chars]
        raw = "".join(char.text for char in sorted(chars, key=_STREAM))
        return raw if raw != self.text.replace(" ", "") else None


def is_cjk(char: str) -> bool:
    """True for characters set solid in Chinese text: Han, kana, CJK and
    full-width punctuation, general punctuation such as “ ” — …."""
    code = ord(char)
    return code >= 0x2E80 or 0x2010 <= code <= 0x206F or code == 0xB7


def page_chars(spans: list[dict], matrix: Matrix, width: float, height: float) -> list[Char]:
    """Every left-to-right glyph of ``page.get_texttrace()`` spans, placed by
    ``matrix`` (see ``upright_matrix``) on a ``width`` × ``height`` page.

    Whitespace glyphs are kept: a drawn space is the author's space. Glyphs
    whose origin lies outside the page are dropped (clipped content).
    """
    a, b, c, d, e, f = matrix
    turned = tuple(matrix) != (1, 0, 0, 1, 0, 0)  # most pages: skip the arithmetic
    chars: list[Char] = []
    append = chars.append
    for span in spans:
        dx, dy = span["dir"]
        if abs(b * dx + d * dy) > 0.05 or a * dx + c * dy <= 0:
            continue  # not left to right once upright: watermark or rotated label
        size = max(span["size"], MIN_SIZE)  # Type3 fonts can report 0
        bold = bool(span["flags"] & BOLD_FLAG)
        for code, _glyph, (x, y), (left, top, right, bottom) in span["chars"]:
            if turned:  # the advance box's x-extent once upright, from opposite corners
                x, y, left, right = (a * x + c * y + e, b * x + d * y + f,
                                     a * left + c * top + e, a * right + c * bottom + e)
                left, right = min(left, right), max(left, right)
            if code >= 32 and 0 <= x <= width and 0 <= y <= height:
                append(Char(chr(code), left, right, y, size, bold, len(chars)))
    return chars


def upright_matrix(page: pymupdf.Page, spans: list[dict]) -> Matrix:
    """Matrix from unrotated page space to upright reading space.

    Starts from the page's ``/Rotate`` and turns further when most glyphs
    still run in another direction (content drawn sideways on the page).
    """
    weights: dict[tuple[float, float], int] = {}  # writing direction -> glyphs
    for span in spans:
        weights[span["dir"]] = weights.get(span["dir"], 0) + len(span["chars"])
    dx, dy = max(weights, key=weights.__getitem__, default=(1.0, 0.0))
    matrix = page.rotation_matrix if page.rotation else pymupdf.Identity
    main = (round(matrix.a * dx + matrix.c * dy), round(matrix.b * dx + matrix.d * dy))
    if main == (1, 0):
        return tuple(matrix)
    # Rotate by the angle that brings the dominant direction onto +x, then
    # shift back into the positive quadrant.
    turned = matrix * pymupdf.Matrix(-math.degrees(math.atan2(main[1], main[0])))
    corners = _corners(page, turned)
    shift = pymupdf.Matrix(1, 0, 0, 1, -min(x for x, _ in corners), -min(y for _, y in corners))
    return tuple(turned * shift)


def upright_size(page: pymupdf.Page, matrix: Matrix) -> tuple[float, float]:
    """Width and height of the page in upright space."""
    corners = _corners(page, pymupdf.Matrix(matrix))
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    return max(xs) - min(xs), max(ys) - min(ys)


def _corners(page: pymupdf.Page, matrix: pymupdf.Matrix) -> list[tuple[float, float]]:
    width, height = page.cropbox.width, page.cropbox.height  # page space is cropbox-based
    points = [pymupdf.Point(x, y) * matrix for x in (0, width) for y in (0, height)]
    return [(point.x, point.y) for point in points]


def build_lines(chars: list[Char]) -> list[TextLine]:
    """Cluster characters into lines by baseline, each ordered by x.

    1. Bucket characters by baseline.
    2. Visit buckets with the most Han characters first, then the most
       characters. A bucket joins the nearest existing line whose baseline is
       within ``BASELINE_TOLERANCE`` × font size (at least
       ``MIN_BASELINE_TOLERANCE``), else it starts a new line. The CJK
       baseline is the true one, so it anchors the line; runs of a second
       font 0.5–2 pt off it attach to it, and lines cannot chain into each
       other.
    3. Each line is laid out left to right (``_layout``).
    Lines come back top to bottom.
    """
    buckets: dict[float, list[Char]] = {}
    for char in chars:
        buckets.setdefault(char.baseline, []).append(char)
    anchor_ys: list[float] = []  # sorted baselines of the lines so far
    anchors: dict[float, tuple[float, list[Char]]] = {}  # baseline -> (size, chars)
    ranked = sorted(buckets.values(), key=lambda members: (
        -sum("\u4e00" <= char.text <= "\u9fff" for char in members), -len(members)))
    for members in ranked:
        y = members[0].baseline
        size = max(char.size for char in members)
        index = bisect_left(anchor_ys, y)
        best = None
        for near in anchor_ys[max(index - 1, 0) : index + 1]:
            tolerance = max(BASELINE_TOLERANCE * max(size, anchors[near][0]),
                            MIN_BASELINE_TOLERANCE)
            if abs(near - y) <= tolerance and (best is None or abs(near - y) < abs(best - y)):
                best = near
        if best is None:
            anchor_ys.insert(index, y)
            anchors[y] = (size, list(members))
        else:
            anchors[best][1].extend(members)
    lines = [_layout(anchors[y][1], y) for y in anchor_ys]
    return [line for line in lines if line is not None]


def _layout(chars: list[Char], baseline: float) -> TextLine | None:
    """Order one line's characters by x and join them into segments.

    Spaces: a drawn whitespace glyph gives one space; otherwise a gap wider
    than ``SPACE_GAP`` × size gives one only when a side is not CJK, so a
    justified CJK line stays solid while ``2016 年`` keeps its space. A gap
    wider than ``pdf_tables.SEGMENT_GAP`` × size starts a new segment. A glyph repeated
    at almost the same x (fake bold) is kept once.
    """
    chars.sort(key=_LEFT)
    segments: list[Segment] = []
    parts: list[str] = []
    used: list[Char] = []
    space = False
    prev: Char | None = None
    seg_x0 = line_size = 0.0
    bold = kept = 0
    for char in chars:
        if char.text.isspace():
            space = prev is not None
            continue
        if prev is not None:
            size = char.size if char.size > prev.size else prev.size
            if char.text == prev.text and abs(char.x0 - prev.x0) < FAKE_BOLD_SHIFT * size:
                continue
            gap = char.x0 - prev.x1
            if gap > SEGMENT_GAP * size:
                segments.append(Segment("".join(parts), seg_x0, prev.x1, used))
                parts, used = [], []
            elif space or (gap > SPACE_GAP * size and not (is_cjk(prev.text) and is_cjk(char.text))):
                parts.append(" ")
        if not parts:
            seg_x0 = char.x0
        parts.append(char.text)
        used.append(char)
        if char.size > line_size:
            line_size = char.size
        bold += char.bold
        kept += 1
        prev = char
        space = False
    if prev is None:
        return None
    segments.append(Segment("".join(parts), seg_x0, prev.x1, used))
    size = line_size
    return TextLine(
        segments=segments,
        x0=segments[0].x0,
        x1=segments[-1].x1,
        baseline=baseline,
        size=size,
        top=baseline - ASCENT * size,  # from the line's baseline: offset runs don't widen it
        bottom=baseline + DESCENT * size,
        bold=bold * 2 > kept,
    )


def block_text(chars: list[Char]) -> str:
    """Text of a block of wrapped lines (a table cell) as one string.

    Lines are joined without a space, except between two Latin letters
    (a wrapped English phrase); segments within a line keep one space.
    """
    if not chars:
        return ""
    low = min(char.baseline for char in chars)
    if max(char.baseline for char in chars) - low <= BASELINE_TOLERANCE * chars[0].size:
        line = _layout(chars, low)  # one line: most cells
        return line.text if line else ""
    text = ""
    for line in build_lines(chars):
        if text and _latin_letter(text[-1]) and _latin_letter(line.text[0]):
            text += " "
        text += line.text
    return text


def _latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _shows_image(page: pymupdf.Page) -> bool:
    """An image covering at least a quarter of the page."""
    area = abs(page.rect)
    return any(abs(pymupdf.Rect(info["bbox"])) >= area / 4 for info in page.get_image_info())


def extract_page(page: pymupdf.Page, number: int) -> Page:
    """The text of one PDF page in reading order, with its tables (see module doc)."""
    spans = page.get_texttrace()
    matrix = upright_matrix(page, spans)
    width, height = upright_size(page, matrix)
    chars = page_chars(spans, matrix, width, height)
    if not chars:
        result = Page(number=number, width=width, height=height)
        if _shows_image(page):
            result.image_only = True
            result.error = f"第 {number} 页是扫描图像，没有文字层 (image-only page, no text layer)."
        return result
    return build_page(number, chars, page.get_cdrawings(), matrix, (width, height))


def build_page(
    number: int, chars: list[Char], drawings: list[dict], matrix: Matrix,
    size: tuple[float, float],
) -> Page:
    """Steps 2–5 of the module doc: tables, lines, layout and reading order.

    ``drawings`` is ``page.get_cdrawings()``; ``matrix`` and ``size`` the
    upright page space of ``chars``.
    """
    grids = pdf_tables.find_ruled_grids(drawings, matrix)
    in_cells, free = pdf_tables.assign_to_cells(grids, chars)
    lines = build_lines(free)
    page_layout.mark_margins(lines, size[1])
    tables = [_ruled_table(number, grid, cell_chars)
              for grid, cell_chars in zip(grids, in_cells, strict=True)]
    body = [line for line in lines if line.kind == "body"]
    for start, end, edges in pdf_tables.find_borderless_tables(body):
        tables.append(_borderless_table(number, body[start:end], edges))
    lines = [line for line in lines if line.kind != "table"]  # table rows come with their table
    gutter = page_layout.find_gutter(lines)
    if gutter is not None:
        lines = [part for line in lines for part in _split_at(line, gutter)]
    page_layout.mark_headings(lines)
    ordered = page_layout.reading_order(lines + [row for _, rows in tables for row in rows], gutter)
    line_nos = {id(line): line_no for line_no, line in enumerate(ordered)}
    for table, rows in tables:
        table.first_line_no = line_nos[id(rows[0])]
    return Page(
        number=number,
        lines=[Line(page=number, line_no=line_no, text=line.text, text_raw=line.raw_text(), bbox=line.bbox,
                    kind=line.kind)
               for line_no, line in enumerate(ordered)],
        tables=[table for table, _ in tables],
        width=size[0],
        height=size[1],
    )


def _split_at(line: TextLine, gutter: float) -> list[TextLine]:
    """The parts of a body line left and right of a column gutter."""
    left = [segment for segment in line.segments if segment.x1 <= gutter]
    if line.kind != "body" or not left or len(left) == len(line.segments):
        return [line]
    right = line.segments[len(left):]
    return [replace(line, segments=left, x0=left[0].x0, x1=left[-1].x1),
            replace(line, segments=right, x0=right[0].x0, x1=right[-1].x1)]


def _ruled_table(
    number: int, grid: pdf_tables.Grid, cell_chars: list[list[Char]]
) -> tuple[Table, list[TextLine]]:
    """The table of a ruled grid and one tab-joined line per grid row."""
    cells = [
        Cell(row=box.row, col=box.col, text=block_text(chars), bbox=box.bbox,
             rowspan=box.rowspan, colspan=box.colspan)
        for box, chars in zip(grid.cells, cell_chars, strict=True)
    ]
    table = Table(page=number, cells=cells, n_rows=grid.n_rows, n_cols=grid.n_cols,
                  bbox=grid.bbox, ruled=True)
    grid_texts = table.grid()
    rows = [
        _row_line(texts, grid.xs[0], grid.xs[-1], grid.ys[r], grid.ys[r + 1])
        for r, texts in enumerate(grid_texts)
    ]
    return table, rows


def _borderless_table(
    number: int, rows: list[TextLine], edges: list[float]
) -> tuple[Table, list[TextLine]]:
    """A whitespace-aligned table from its lines; the lines become table rows."""
    cells = []
    for r, row in enumerate(rows):
        row.kind = "table"
        row.cells = pdf_tables.split_row(row.segments, edges)
        cells.extend(Cell(row=r, col=c, text=text) for c, text in enumerate(row.cells) if text)
    bbox = (min(row.x0 for row in rows), rows[0].top, max(row.x1 for row in rows), rows[-1].bottom)
    table = Table(page=number, cells=cells, n_rows=len(rows), n_cols=len(edges) + 1, bbox=bbox,
                  ruled=False)
    return table, rows


def _row_line(cells: list[str], x0: float, x1: float, top: float, bottom: float) -> TextLine:
    """A table-row line: its text is the row's cells joined by tabs."""
    return TextLine(segments=[], x0=x0, x1=x1, baseline=bottom, size=bottom - top, top=top,
                    bottom=bottom, kind="table", cells=cells)
