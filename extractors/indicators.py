"""Scoring tables (2–4 levels) -> an ``IndicatorRow`` hierarchy.

Method:

1. Rows are grouped into blocks under their header rows and read cell by
   cell in ``extractors.indicator_rows`` (codes, weights inside names,
   per-level weight columns, figure columns, the total row).
3. ``build_hierarchy`` feeds the blocks of the main table, up to its total row,
   to a ``Hierarchy``: merged cells (blank = same as above) keep the last node
   of each level, a level-1 row repeated under a repeated header is not
   duplicated, and a row whose parent level is missing hangs under the nearest
   node of a higher level. Weights and scores that are not printed stay None.
   Ids are paths (``1``, ``1.2``, ``1.2.3``).

Blocks after the main table (per-section tables, annexes) are left to
``extractors.annex``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extractors.indicator_rows import (
    FRAMEWORK_LEVEL2,
    HEADING,
    LEVEL1_NAMES,
    Block,
    Columns,
    NamedCell,
    ParsedRow,
    find_blocks,
    parse_row,
)
from extractors.records import IndicatorRow, ScoreStatement
from extractors.row_text import Row, split_numeric_tail


@dataclass(slots=True)
class IndicatorTable:
    """The main scoring table of a project."""

    indicators: list[IndicatorRow]
    statements: list[ScoreStatement]  # the table's own figures and its total row
    unparsed_rows: int = 0
    repaired_names: int = 0
    tables: set[int | None] = field(default_factory=set)  # source tables it was read from


class Hierarchy:
    """Builds the path-numbered tree from rows in table order (module doc, step 3)."""

    def __init__(self) -> None:
        self.rows: list[IndicatorRow] = []
        self.stack: dict[int, IndicatorRow] = {}
        self.children: dict[str | None, int] = {}

    def last(self) -> IndicatorRow | None:
        return self.rows[-1] if self.rows else None

    def add(self, named: NamedCell, row: Row, has_figures: bool) -> IndicatorRow:
        """Append a node; ``has_figures`` tells whether the row prints figures of its
        own (a bare repeat of the current node at this level is not a new node)."""
        level = named.level
        same = self.stack.get(level)
        repeated_weight = named.weight is None or (
            same is not None and same.weight is not None and same.weight.value == named.weight.value
        )
        if same is not None and same.name == named.name and not has_figures and repeated_weight:
            return same  # a parent repeated under a repeated header
        parent = next((self.stack[lv] for lv in range(level - 1, 0, -1) if lv in self.stack), None)
        parent_id = parent.indicator_id if parent else None
        self.children[parent_id] = self.children.get(parent_id, 0) + 1
        ordinal = self.children[parent_id]
        indicator_id = f"{parent_id}.{ordinal}" if parent_id else str(ordinal)
        node = IndicatorRow(
            indicator_id=indicator_id,
            parent_id=parent_id,
            level=level,
            name=named.name,
            name_raw=named.name_raw,
            page=row.page,
            code=named.code,
            weight=named.weight,
            text=row.text,
            line_no=row.cited_line,
        )
        self.rows.append(node)
        self.stack = {lv: n for lv, n in self.stack.items() if lv < level}
        self.stack[level] = node
        return node


def build_hierarchy(blocks: Sequence[Block]) -> tuple[IndicatorTable, int]:
    """The main scoring table from ``blocks``; also returns how many blocks it used.

    The main table runs from the first block through the blocks that continue it
    under a repeated header, up to its total row or, for a prose table, up to
    the next numbered heading.
    """
    tree = Hierarchy()
    table = IndicatorTable([], [])
    used = 0
    for block in blocks:
        used += 1
        feed = _feed_prose if block.prose else _feed_grid
        if feed(tree, block, table):
            break
    table.indicators = tree.rows
    table.statements.extend(_row_statements(tree.rows))
    table.tables = {row.table for block in blocks[:used] for row in block.rows}
    return table, used


def _feed_grid(tree: Hierarchy, block: Block, table: IndicatorTable) -> bool:
    """Add a grid block's rows to the tree; True once the total row is read."""
    for row in block.rows:
        parsed = parse_row(row, block)
        if parsed.total:
            table.statements.extend(_total_statements(parsed))
            return True
        if not parsed.names:
            table.unparsed_rows += int(parsed.has_figures)
            continue
        row_figures = any(v is not None for v in (parsed.weight, parsed.score, parsed.rate))
        for index, named in enumerate(parsed.names):
            deepest = index == len(parsed.names) - 1
            node = tree.add(named, row, row_figures and deepest)
            table.repaired_names += int(named.repaired)
            if deepest:
                _attach_figures(node, parsed)
    return False


def _feed_prose(tree: Hierarchy, block: Block, table: IndicatorTable) -> bool:
    """Add a prose block's rows; True once the table has ended (total or heading).

    Where weights are printed inside names (no 权重 column), a text row without
    weight or figure is the first line of a wrapped name and is joined to the
    next row.
    """
    weights_in_names = "weight" not in block.columns.tail
    pending = ""
    for row in block.rows:
        if HEADING.match(row.text) and tree.rows:
            return True
        if pending:
            row = Row(row.page, row.line_no, split_numeric_tail(f"{pending} {row.text}"),
                      source_line=row.source_line)
            pending = ""
        parsed = parse_row(row, block)
        if parsed.total:
            table.statements.extend(_total_statements(parsed))
            return True
        if row.raw is not None and len(parsed.names) == 1:  # keep the text before repair
            parsed.names[0].name_raw = split_numeric_tail(row.raw)[0]
        names = [n for n in parsed.names if n.level >= 0]
        if parsed.names and not names:
            continue  # a fragment of a compound cell: its figures are sub-weights
        if not names:
            if parsed.has_figures:
                _attach_figures(tree.last(), parsed)
            continue
        if _continues_leaf(tree.last(), names[0], parsed, block.columns, weights_in_names):
            continue
        if weights_in_names and not parsed.has_figures:
            pending = row.text
            continue
        if not names[0].name:  # "（20 ）分": the weight of the name above
            _attach_figures(tree.last(), ParsedRow(row, weight=names[0].weight))
            continue
        _add_prose_names(tree, names, parsed, block.columns, table)
    return False


def _continues_leaf(last: IndicatorRow | None, first: NamedCell, parsed: ParsedRow,
                    columns: Columns, weights_in_names: bool) -> bool:
    """True for a line that goes on with a compound leaf cell still awaiting its
    score (``经济效益（6分）：税收（2分）、…`` wrapped over lines, score alone below)."""
    return (
        weights_in_names
        and last is not None
        and last.level == columns.depth
        and last.weight is not None
        and last.score is None
        and parsed.score is None
        and first.name not in LEVEL1_NAMES | FRAMEWORK_LEVEL2
    )


def _add_prose_names(tree: Hierarchy, names: list[NamedCell], parsed: ParsedRow,
                     columns: Columns, table: IndicatorTable) -> None:
    scored = parsed.score is not None or parsed.weight is not None
    for index, named in enumerate(names):
        deepest = index == len(names) - 1
        named.level = _prose_level(tree, named, scored and deepest, columns)
        node = tree.add(named, parsed.row, scored and deepest)
        table.repaired_names += int(named.repaired)
        if deepest:
            _attach_figures(node, parsed)


def _prose_level(tree: Hierarchy, named: NamedCell, scored: bool, columns: Columns) -> int:
    """Level of a prose name, which has no column to tell it.

    A framework level-1 name is level 1 (unless it repeats the level-1 name just
    above: then it is the level-2 cell of the same name); a row with figures is
    the deepest level; a framework level-2 name, or any figure-less name in a
    table with a 权重 column, is level 2; other names are the deepest level.
    """
    last = tree.last()
    if named.name in LEVEL1_NAMES and not (last and last.level == 1 and last.name == named.name):
        return 1
    if scored:
        return columns.depth
    if named.name in FRAMEWORK_LEVEL2 or "weight" in columns.tail:
        return 2
    return columns.depth


def _attach_figures(node: IndicatorRow | None, parsed: ParsedRow) -> None:
    if node is None:
        return
    node.weight = node.weight or parsed.weight
    node.score = node.score or parsed.score
    node.score_rate = node.score_rate or parsed.rate


def _total_statements(parsed: ParsedRow) -> list[ScoreStatement]:
    row = parsed.row
    out = []
    if parsed.score is not None:
        out.append(ScoreStatement("total_score", parsed.score, parsed.score.text, "table",
                                  row.page, row.text, line_no=row.cited_line))
    if parsed.weight is not None:
        out.append(ScoreStatement("total_weight", parsed.weight, parsed.weight.text, "table",
                                  row.page, row.text, line_no=row.cited_line))
    return out


def _row_statements(rows: Sequence[IndicatorRow]) -> list[ScoreStatement]:
    """Each printed weight / score / rate of the main table, as a 'table' statement."""
    out = []
    for node in rows:
        for quantity, number in (("weight", node.weight), ("score", node.score),
                                 ("score_rate", node.score_rate)):
            if number is not None:
                out.append(ScoreStatement(quantity, number, number.text, "table", node.page,
                                          node.text, node.indicator_id, node.name,
                                          line_no=node.line_no))
    return out


def extract_indicators(rows: Sequence[Row]) -> tuple[IndicatorTable, list[Block]]:
    """The main scoring table of a project's rows, and the blocks after it (annexes)."""
    blocks = find_blocks(rows)
    table, used = build_hierarchy(blocks)
    return table, blocks[used:]
