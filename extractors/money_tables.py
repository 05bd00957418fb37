"""Numeric tables that are not scoring tables -> ``TableCell`` records.

The validator's ``table_sum`` rule adds rows and columns of money tables, so
each cell is kept with its position, its row label (first text cell of the
row) and its column label (the header cells above it).

Method:

1. Group a project's table rows by source table; skip the tables the scoring
   and self-evaluation stages consumed, and tables with fewer than two figures.
2. The header is the run of leading rows without figures; a column's label is
   its header cells joined (a merged header cell spreads right over blanks).
3. The unit of a column is 万元/元/亿元 named in its label, else in the table's
   header or the caption line just above (``单位：万元``, ``（万元）``), else none:
   figures then stay plain numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from extractors.numbers import parse_number
from extractors.records import TableCell
from extractors.row_text import Row, is_figure

# A unit is named as 单位：万元 or in brackets, (万元) / （单位：元）; a bare 元 inside a
# word (单元) is not a unit.
_UNIT = regex.compile(r"(?:单位\s*[:：]\s*|[（(]\s*)(亿元|万元|千元|元)")
ORDINAL_LABELS = frozenset({"序号", "行次", "编号"})  # counters, never money
_CAPTION_ROWS = 2  # prose rows above a table searched for its unit


def money_cells(rows: Sequence[Row], skip_tables: set[int]) -> list[TableCell]:
    """Cells of every numeric table in ``rows`` not listed in ``skip_tables``."""
    cells: list[TableCell] = []
    tables: dict[int, list[Row]] = {}
    caption: dict[int, str] = {}
    for index, row in enumerate(rows):
        if row.table is None or row.table in skip_tables:
            continue
        if row.table not in tables:
            above = [r.text for r in rows[max(0, index - _CAPTION_ROWS) : index] if r.table is None]
            caption[row.table] = " ".join(above)
        tables.setdefault(row.table, []).append(row)
    for table_no, (table, table_rows) in enumerate(tables.items()):
        cells.extend(_table_cells(table_no, table_rows, caption[table]))
    return cells


def _table_cells(table_no: int, rows: list[Row], caption: str) -> list[TableCell]:
    if sum(is_figure(cell) for row in rows for cell in row.cells) < 2:
        return []
    header_end = next((i for i, row in enumerate(rows) if any(map(is_figure, row.filled))), 0)
    labels = _column_labels(rows[:header_end])
    header_text = " ".join(row.text for row in rows[:header_end])
    table_unit = _unit(header_text) or _unit(caption)
    out = []
    for row in rows[header_end:]:
        row_label = next((c for c in row.filled if not is_figure(c)), None)
        for col, text in enumerate(row.cells):
            if not text.strip():
                continue
            label = labels.get(col)
            unit = None if label in ORDINAL_LABELS else _unit(label or "") or table_unit
            out.append(TableCell(table_no, row.row, col, text, row.page,
                                 parse_number(text, unit), row_label, label,
                                 line_no=row.cited_line))
    return out


def _column_labels(header: list[Row]) -> dict[int, str]:
    labels: dict[int, list[str]] = {}
    for row in header:
        last = ""
        for col, text in enumerate(row.cells):
            last = text.strip() or last  # a merged header cell covers the blanks to its right
            if last:
                labels.setdefault(col, []).append(last)
    return {col: " ".join(dict.fromkeys(parts)) for col, parts in labels.items()}


def _unit(text: str) -> str | None:
    match = _UNIT.search(text)
    return match[1] if match else None
