"""Rule ``table_sum``: row and column totals of money tables.

Method, step by step:

1. Group the project's ``TableCell`` records into tables and rows; a table
   continued on the next page (header repeated, no closing 合计 before the
   break) is joined with its continuation.
2. Value columns are the columns holding figures, minus serial-number / year /
   ratio columns (by label: 序号, 年度, …率, 占比 …; or by content: the
   integers 1, 2, 3 … in order) and percentage columns — none of these add up.
3. Rows labelled 合计/总计/共计 (rank 2) or 小计 (rank 1) are totals. The rows
   a total covers form its block: the rows since the previous total of the same
   or higher rank — or, in a table whose first figure row is a total (totals
   head their blocks), the rows after it up to the next such total. If the
   block contains lower-rank subtotals, the total adds those subtotals plus
   the detail rows they leave uncovered; otherwise
   it adds the block's detail rows. Rows starting with 其中 break down the row
   above them and are never added; rows above the first row with a figure
   are headers and are left out.
4. Columns labelled 合计/小计/总计 are row totals of the value columns to their
   left back to the previous total column (or, for a leading 合计 column, of the
   columns to their right: ``合计 | 其中：A | B``).
5. Blank cells (``-``, ``—``) count as zero; a block with non-numeric text in
   a summed cell is not checked (the data to check is missing).
6. A block with a row whose figures all lie in columns the total row leaves
   empty has slid cells (merged cells read into the wrong columns) and is
   skipped: the summed columns miss that row's figures.
7. A column block that adds up to exactly 2–4 times its total stacks the
   levels of a hierarchy (parents and children both listed) and is skipped.
8. A total that differs from its sum beyond the propagated rounding tolerance
   is an error. The hint names a figure whose decimal point shifted (×10ⁿ) or
   whose two adjacent digits swapped, when that alone closes the gap.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

import regex

from extractors.checks.messages import discrepancy, join_evidence, mismatch, plain, quoted
from extractors.estimate import Estimate, sum_of
from extractors.numbers import BLANKS, Number, normalize, parse_number
from extractors.records import Discrepancy, Project, TableCell

# A total's label *ends* with the keyword (``合计``, ``人力小计``, ``合计（万元）``);
# a sentence that merely contains 合计 (``采购金额合计数``) is not a total.
_TOTAL = regex.compile(r"^[^\s，。；]{0,12}(合计|小计|总计|共计)[:：]?(（[^）]*）|\([^)]*\))?$")
_BREAKDOWN = regex.compile(r"^\s*其中")
_NOT_ADDITIVE = regex.compile(r"序号|编号|行次|^序$|年度|年份|率|比例|占比|比重|单价")
_SHIFTS = (-3, -2, -1, 1, 2, 3)
_STACKED_LEVELS = (2, 3, 4)
_MAX_HINTS = 2  # more explanations than this explain nothing
_TEXT = "text"  # a summed cell holding words, not a figure

Rows = dict[int, list[TableCell]]


def table_rows(cells: list[TableCell]) -> dict[int, Rows]:
    """Cells grouped by table, then by row (rows and cells in grid order)."""
    tables: dict[int, Rows] = {}
    for cell in sorted(cells, key=lambda c: (c.table_no, c.row, c.col)):
        tables.setdefault(cell.table_no, {}).setdefault(cell.row, []).append(cell)
    return tables


@dataclass(slots=True)
class _Table:
    """One table's grid, with which rows and columns are totals."""

    grid: dict[tuple[int, int], TableCell]
    rows: list[int]
    row_names: dict[int, str]
    row_rank: dict[int, int]  # 0 detail, 1 小计, 2 合计/总计/共计
    value_cols: list[int]
    col_labels: dict[int, str]
    first_figure_row: int = 0  # rows above it are headers
    totals_lead: bool = False  # totals head their blocks (合计 first, items below)

    def figure(self, row: int, col: int) -> Number | str | None:
        """The cell's figure; None for a blank cell; ``_TEXT`` for words."""
        cell = self.grid.get((row, col))
        if cell is None or normalize(cell.text).strip() in BLANKS:
            return None
        return cell.value if cell.value is not None else _TEXT

    def has_figures(self, row: int) -> bool:
        """True when a value column of the row holds a figure."""
        return any(isinstance(self.figure(row, col), Number) for col in self.value_cols)


def check(project: Project) -> Iterator[Discrepancy]:
    """Row and column sums of every money table of the project."""
    for rows in _join_continuations(list(table_rows(project.cells).values())):
        table = _build(rows)
        yield from _column_sums(table)
        yield from _row_sums(table)


def _join_continuations(tables: list[Rows]) -> list[Rows]:
    """Tables with a part continued on the next page joined into one (step 1).

    A part continues the table before it when it starts on a later page than
    that table ends, carries the same column labels (the header repeated at
    the top of the page) and the table before it has not closed with a
    合计/总计 row. Its rows are renumbered to follow on, and its bare figures
    take the unit their column had before the break.
    """
    joined: list[Rows] = []
    for rows in tables:
        if joined and _continues(joined[-1], rows):
            before = joined[-1]
            offset = max(before) + 1
            scales = _column_scales(before)
            before.update({
                offset + row: [_continued(cell, offset + row, scales) for cell in cells]
                for row, cells in rows.items()
            })
        else:
            joined.append(dict(rows))
    return joined


def _column_scales(rows: Rows) -> dict[int, Decimal]:
    """Per column, the factor from printed digits to value (a 万元 caption gives 10000)."""
    scales: dict[int, Decimal] = {}
    for cells in rows.values():
        for cell in cells:
            printed = parse_number(cell.text)
            if cell.value is not None and printed is not None and printed.value and printed.unit == "":
                scales.setdefault(cell.col, cell.value.value / printed.value)
    return scales


def _continued(cell: TableCell, row: int, scales: dict[int, Decimal]) -> TableCell:
    """A continuation cell renumbered; a bare figure takes the unit its column had
    before the page break (the caption naming 万元 stands above the first part only)."""
    factor = scales.get(cell.col, Decimal(1))
    value = cell.value
    if value is not None and value.unit == "" and factor != 1:
        value = value.scaled(factor, "元")
    return replace(cell, row=row, value=value)


def _continues(before: Rows, part: Rows) -> bool:
    def labels(rows: Rows) -> dict[int, str]:
        return {c.col: c.col_label for cells in rows.values() for c in cells if c.col_label}

    last_page = max(c.page for cells in before.values() for c in cells)
    first_page = min(c.page for cells in part.values() for c in cells)
    closing = before[max(before)]
    return (
        first_page > last_page
        and bool(labels(part))
        and labels(part) == labels(before)
        and _rank(_row_texts(closing)) < 2
    )


def _rank(texts: list[str]) -> int:
    """2 for a 合计/总计/共计 label among ``texts``, 1 for 小计, 0 otherwise."""
    ranks = [0]
    for text in texts:
        match = _TOTAL.match(regex.sub(r"\s+", "", text))
        if match:
            ranks.append(1 if match[1] == "小计" else 2)
    return max(ranks)


def _row_texts(cells: list[TableCell]) -> list[str]:
    """The row's label and its text cells."""
    labels = [cell.row_label for cell in cells if cell.row_label]
    return labels + [cell.text for cell in cells if cell.value is None and cell.text]


def _row_name(cells: list[TableCell]) -> str:
    """The row's label, else its text cells joined."""
    label = next((cell.row_label for cell in cells if cell.row_label), None)
    return label or " ".join(cell.text for cell in cells if cell.value is None and cell.text)


def _is_header(cell: TableCell) -> bool:
    """A header cell repeated as data (its text is its column's label, e.g. a year ``2020``)."""
    return cell.col_label is not None and cell.text == cell.col_label


def _build(rows: Rows) -> _Table:
    grid = {(c.row, c.col): c for cells in rows.values() for c in cells if not _is_header(c)}
    names = {row: _row_name(cells) for row, cells in rows.items()}
    labels = {c.col: c.col_label for cells in rows.values() for c in cells if c.col_label}
    columns: dict[int, list[Number]] = {}
    for (_, col), cell in sorted(grid.items()):
        if cell.value is not None:
            columns.setdefault(col, []).append(cell.value)
    value_cols = [
        col
        for col, figures in sorted(columns.items())
        if not _NOT_ADDITIVE.search(labels.get(col, ""))
        and all(figure.unit != "%" for figure in figures)
        and not _is_serial(figures)
    ]
    table = _Table(
        grid=grid,
        rows=sorted(rows),
        row_names=names,
        row_rank={row: _rank(_row_texts(cells)) for row, cells in rows.items()},
        value_cols=value_cols,
        col_labels=labels,
    )
    first = next((row for row in table.rows if table.has_figures(row)), None)
    if first is not None:
        table.first_figure_row = first
        table.totals_lead = table.row_rank[first] > 0
    return table


def _is_serial(figures: list[Number]) -> bool:
    """Row numbers 1, 2, 3 … in order: a serial column, not amounts."""
    return len(figures) > 1 and [f.value for f in figures] == list(range(1, len(figures) + 1))


def _block(table: _Table, total: int) -> list[int]:
    """The rows the total row adds up (see the module docstring, step 3)."""
    rank = table.row_rank[total]
    at = table.rows.index(total)
    candidates = table.rows[at + 1 :] if table.totals_lead else table.rows[:at][::-1]
    block: list[int] = []
    for row in candidates:
        if table.row_rank[row] >= rank:
            break
        if row >= table.first_figure_row and not _BREAKDOWN.search(table.row_names[row]):
            block.append(row)
    block.sort()
    subtotals = [row for row in block if table.row_rank[row] > 0]
    if not subtotals:
        return block
    if table.totals_lead:  # detail rows before the first subtotal are not covered by it
        loose = [row for row in block if row < subtotals[0] and table.row_rank[row] == 0]
    else:
        loose = [row for row in block if row > subtotals[-1] and table.row_rank[row] == 0]
    return sorted(subtotals + loose)


def _operands(figures: list[Number | str | None]) -> list[Number] | None:
    """The numeric operands, or None when a summed cell holds text or none is numeric."""
    if _TEXT in figures:
        return None
    numbers = [figure for figure in figures if isinstance(figure, Number)]
    return numbers or None


def _column_sums(table: _Table) -> Iterator[Discrepancy]:
    for total_row in table.rows:
        if not table.row_rank[total_row]:
            continue
        block = _block(table, total_row)
        if _misaligned(table, block, total_row):
            continue
        for col in table.value_cols:
            stated = table.figure(total_row, col)
            operands = _operands([table.figure(row, col) for row in block])
            if not isinstance(stated, Number) or operands is None:
                continue
            computed = sum_of(operands)
            if computed.agrees(stated) or _stacked_levels(computed, stated):
                continue
            label = table.col_labels.get(col)
            first, last = table.row_names[block[0]], table.row_names[block[-1]]
            subject = f"{quoted(label)}列{quoted(first)}至{quoted(last)}{len(block)}项合计"
            yield _finding(
                table,
                (total_row, col),
                subject,
                f"{quoted(table.row_names[total_row])}行",
                operands,
                stated,
                [*block, total_row],
            )


def _misaligned(table: _Table, block: list[int], total_row: int) -> bool:
    """A block row whose figures all lie where the total row has none.

    Such a row's cells slid sideways (a merged-cell layout read into the wrong
    columns); its figures are missing from the columns that are summed.
    """
    totalled = {col for col in table.value_cols if isinstance(table.figure(total_row, col), Number)}
    for row in block:
        filled = {col for col in table.value_cols if isinstance(table.figure(row, col), Number)}
        if filled and not filled & totalled:
            return True
    return False


def _stacked_levels(computed: Estimate, stated: Number) -> bool:
    """A block holding 2–4 levels of a hierarchy adds up to that many times its total.

    Such a table (an indicator table passed as a money table) has no flat column
    sum to check; a genuine error of exactly that size is not plausible.
    """
    return any(
        Estimate(computed.value / levels, computed.tolerance / levels).agrees(stated)
        for levels in _STACKED_LEVELS
    )


def _row_sums(table: _Table) -> Iterator[Discrepancy]:
    totals = [col for col in table.value_cols if _rank([table.col_labels.get(col, "")])]
    for total_col in totals:
        parts = _parts(table, totals, total_col)
        if not parts:
            continue
        for row in table.rows:
            stated = table.figure(row, total_col)
            operands = _operands([table.figure(row, col) for col in parts])
            if not isinstance(stated, Number) or operands is None:
                continue
            if sum_of(operands).agrees(stated):
                continue
            subject = f"{quoted(table.row_names[row])}行 {' + '.join(n.text for n in operands)} ="
            yield _finding(
                table,
                (row, total_col),
                subject,
                f"{quoted(table.col_labels.get(total_col))}列",
                operands,
                stated,
                [row],
            )


def _parts(table: _Table, totals: list[int], total_col: int) -> list[int]:
    """The value columns a total column adds (module docstring, step 4)."""
    previous = max((col for col in totals if col < total_col), default=-1)
    following = min((col for col in totals if col > total_col), default=None)
    left = [col for col in table.value_cols if previous < col < total_col]
    if left:
        return left
    return [
        col
        for col in table.value_cols
        if col > total_col and (following is None or col < following)
    ]


def _finding(
    table: _Table,
    at: tuple[int, int],
    subject: str,
    where: str,
    operands: list[Number],
    stated: Number,
    evidence_rows: list[int],
) -> Discrepancy:
    computed = sum_of(operands)
    cell = table.grid[at]
    places = max(n.decimals for n in operands)
    evidence = [
        " ".join(c.text for (r, _), c in sorted(table.grid.items()) if r == row)
        for row in evidence_rows
    ]
    return discrepancy(
        "table_sum",
        "error",
        mismatch(subject, computed, stated, where, places, _explain(operands, stated, computed)),
        at=cell,
        evidence=join_evidence(evidence),
        expected=computed.value,
        stated=stated,
    )


def _explain(operands: list[Number], stated: Number, computed: Estimate) -> str | None:
    """A misprint that alone closes the gap: a shifted decimal point or swapped digits."""
    hints: list[str] = []
    for operand in operands:
        rest = computed - Estimate.of(operand)
        for variant, kind in _variants(operand):
            if (rest + Estimate.of(variant)).agrees(stated):
                hints.append(f"{operand.text} 疑为 {variant.text}（{kind}）")
    for variant, kind in _variants(stated):
        if computed.agrees(variant):
            hints.append(f"所列 {stated.text} 疑为 {variant.text}（{kind}）")
    unique = list(dict.fromkeys(hints))
    return "；".join(unique) if 0 < len(unique) <= _MAX_HINTS else None


def _variants(number: Number) -> Iterator[tuple[Number, str]]:
    """The figure with its decimal point shifted, or two adjacent digits swapped."""
    printed_figure = number.printed()
    if printed_figure is None:
        return
    digits = printed_figure[1]
    printed = Decimal(digits)
    if not printed:
        return
    for power in _SHIFTS:
        factor = Decimal(10) ** power
        yield (
            Number(
                number.value * factor,
                plain(printed * factor),
                number.tolerance * factor,
                number.unit,
            ),
            "小数点错位",
        )
    for i in range(len(digits) - 1):
        a, b = digits[i], digits[i + 1]
        if a == b or not (a.isdigit() and b.isdigit()) or (i == 0 and b == "0"):
            continue
        swapped = digits[:i] + b + a + digits[i + 2 :]
        factor = Decimal(swapped) / printed
        yield Number(number.value * factor, swapped, number.tolerance, number.unit), "相邻数字颠倒"
