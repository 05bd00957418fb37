"""Rows of a document in reading order: table rows and prose lines alike.

Every table stage reads the same stream of ``Row`` records, whatever the text
layer found:

1. A detected table (ruled PDF grid, or a tab-separated run of a text dump)
   contributes one ``Row`` per grid row, covered positions kept as ``''`` so
   column positions still mean something ("same as above").
2. A prose line contributes one ``Row`` whose cells come from
   ``split_numeric_tail``: the text part, then each trailing numeric token as
   its own cell. That is how a space-separated dump without tabs (a PDF whose
   table came out as plain lines) still yields ``name 4.00 4.00 100%`` rows.

Lines that the text layer marked as belonging to a table are not emitted a
second time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from extractors.numbers import BLANKS, normalize, parse_number
from extractors.records import DocumentText, Page, Table

# A token that is a figure or a "no figure" mark, as found at the end of a prose row.
_TAIL_TOKEN = regex.compile(r"^[-−－+]?\d[\d,]*(?:\.\d+)?[%％]?$|^[—－-]{1,2}$")
_SPACE_IN_HAN = regex.compile(r"(?<=[\p{Han}（）()、，])\s+(?=[\p{Han}（）()、，])")


@dataclass(slots=True)
class Row:
    """One row of the reading-order stream.

    ``cells`` are the grid cells of a table row, or for a prose line the text
    part followed by its trailing numeric tokens. ``table`` is the ordinal of
    the source table in the document (None for prose), ``row`` the row index
    within that table. ``source_line`` is the source line's physical line in a
    text dump (``Line.source_line``); ``cited_line`` is what records cite.
    """

    page: int
    line_no: int
    cells: list[str]
    table: int | None = None
    row: int = 0
    kind: str = "body"
    raw: str | None = None  # a prose line's text before order repair, when it changed
    filled: list[str] = field(default_factory=list)  # non-empty cells, cached
    source_line: int | None = None

    def __post_init__(self) -> None:
        self.filled = [cell for cell in self.cells if cell.strip()]

    @property
    def cited_line(self) -> int:
        """The line records made from this row cite (``Line.cited_line``)."""
        return self.line_no if self.source_line is None else self.source_line

    @property
    def text(self) -> str:
        """The row as printed, cells joined by a space."""
        return " ".join(self.filled)

    @property
    def first(self) -> str:
        """First non-empty cell ('' for an empty row)."""
        return self.filled[0] if self.filled else ""


def clean_name(text: str) -> str:
    """An indicator or project name without the spaces a line wrap or a PDF put
    between Chinese characters (``项目 监管`` -> ``项目监管``); a space after a
    figure is printed (``2016 年``) and stays."""
    return _SPACE_IN_HAN.sub("", text.strip()).strip()


def is_figure(cell: str) -> bool:
    """True when ``cell`` is a single printed number (blanks are not figures)."""
    return parse_number(cell) is not None


def is_blank_mark(cell: str) -> bool:
    """True for ``—``, ``-``, ``无`` … : an explicit "no figure" mark (or empty)."""
    return normalize(cell).strip() in BLANKS


def split_numeric_tail(text: str) -> list[str]:
    """Split a prose line into its text part and trailing numeric tokens.

    Tokens are whitespace-separated; walking from the right, every token that
    is a figure (``4.00``, ``100%``) or a dash is a cell of its own, and the
    rest of the line, left of the first non-numeric token, is the text cell.
    ``'立项依据充分性 4.00 4.00 100%'`` -> ``['立项依据充分性', '4.00', '4.00', '100%']``.
    """
    tokens = text.split()
    tail: list[str] = []
    while tokens and _TAIL_TOKEN.match(normalize(tokens[-1])):
        tail.insert(0, tokens.pop())
    head = " ".join(tokens)
    return ([head] if head else []) + tail


def document_rows(doc: DocumentText) -> list[Row]:
    """The whole document as one reading-order list of rows (see module doc)."""
    rows: list[Row] = []
    table_no = 0
    for page in doc.pages:
        page_rows, table_no = _page_rows(page, table_no)
        rows.extend(page_rows)
    return rows


def _page_rows(page: Page, table_no: int) -> tuple[list[Row], int]:
    covered = _table_line_numbers(page)
    sources = {line.line_no: line.source_line for line in page.lines}
    items: list[tuple[int, int, Row]] = []
    for table in page.tables:
        for row in _table_rows(table, table_no, sources):
            items.append((table.first_line_no, row.row, row))
        table_no += 1
    for line in page.lines:
        if line.line_no in covered or line.kind in ("header", "footer"):
            continue
        cells = split_numeric_tail(line.text)
        row = Row(page.number, line.line_no, cells, kind=line.kind, raw=line.text_raw,
                  source_line=line.source_line)
        items.append((line.line_no, -1, row))
    items.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in items], table_no


def _table_line_numbers(page: Page) -> set[int]:
    """Line numbers whose text is already a table row.

    A text dump's table occupies consecutive lines from ``first_line_no``; a PDF
    page marks its table lines with kind 'table'.
    """
    covered: set[int] = set()
    for table in page.tables:
        covered.update(range(table.first_line_no, table.first_line_no + table.n_rows))
    if page.tables:
        covered.update(line.line_no for line in page.lines if line.kind == "table")
    return covered


def _table_rows(table: Table, table_no: int, sources: dict[int, int | None]) -> Iterator[Row]:
    """One row per grid row; ``sources`` (line_no -> source_line of the page's
    lines) gives a text dump's row, printed on line ``first_line_no + index``,
    its physical line."""
    for index, cells in enumerate(table.grid()):
        line_no = table.first_line_no + index
        yield Row(table.page, line_no, cells, table_no, index, "table",
                  source_line=sources.get(line_no))
