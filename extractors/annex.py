"""Annex and per-section indicator tables -> ``ScoreStatement`` (source 'annex').

A report often prints its indicators again after the main scoring table: a
section table per level-1 indicator (repeating ``A 项目决策`` with empty
figures) or an annex 指标体系表 whose columns are 指标解释 / 指标说明 /
评分标准 with the score at the end. Those are a second statement of the same
figures, never a second hierarchy.

Two layouts:

1. Row layout (a grid, or one printed row per line): every row is read with
   the main-table row parser (``indicator_rows.parse_row``: codes, weights inside
   names, score column); the deepest name of a row that carries a figure
   gives one statement per figure, named as printed.
2. Vertical layout (a PDF whose text came out one cell per line, in any
   order inside a line): a name on one or two lines, its weight alone on the
   next line (``（20）``), for the deepest level the explanation lines, then
   the score alone on a line. The figures are the anchors, since a garbled
   dump never moves a number across lines:
   - a lone weight line gives the weight of the name lines just above it
     (short, no sentence punctuation), restored to a known term
     (``indicator_rows.repair_name``) or to the one scoring-table name with the
     same characters;
   - a lone figure gives the score of the last weighted name, once: a second
     figure in a row (the total, a page number) names nothing.

``projects`` links the statements to the hierarchy by name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import regex

from extractors.indicator_rows import Block, parse_row, repair_name
from extractors.numbers import Number, parse_number
from extractors.records import IndicatorRow, ScoreStatement
from extractors.row_text import Row, clean_name, is_figure

# A weight alone on its line: （20）, (4), （ 15分）, garbled （20 ）分.
_WEIGHT_LINE = regex.compile(r"^[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[）)]\s*分?$")
_SENTENCE_MARK = regex.compile(r"[，。；：:①②③④⑤=]")
_NAME_LINES = 3  # a name wraps over at most this many lines
_MAX_NAME = 24  # characters; longer text above a weight is explanation, not a name


def annex_statements(blocks: Sequence[Block],
                     indicators: Sequence[IndicatorRow] = ()) -> list[ScoreStatement]:
    """Weight / score / rate statements of the blocks after the main table.

    ``indicators`` (the main table's rows), when given, restore a garbled
    annex name to the scoring table's own spelling of it.
    """
    names = _anagram_index(indicators)
    statements: list[ScoreStatement] = []
    for block in blocks:
        if is_vertical(block):
            statements.extend(_vertical_statements(block, names))
        else:
            statements.extend(_row_statements(block))
    return statements


def is_vertical(block: Block) -> bool:
    """True for a block printed one cell per line: more lone weight lines than
    lines with two figures or more (a printed row: ``name 4.00 4.00 100%``)."""
    if not block.prose:
        return False
    lone_weights = sum(_WEIGHT_LINE.match(clean_name(row.text)) is not None for row in block.rows)
    printed_rows = sum(sum(map(is_figure, row.cells)) >= 2 for row in block.rows)
    return lone_weights > printed_rows


def _row_statements(block: Block) -> list[ScoreStatement]:
    statements: list[ScoreStatement] = []
    for row in block.rows:
        parsed = parse_row(row, block)
        if parsed.total or not parsed.names:
            continue
        leaf = parsed.names[-1]
        if not leaf.name:
            continue
        name = f"{leaf.code} {leaf.name}" if leaf.code else leaf.name
        figures = (("weight", leaf.weight or parsed.weight), ("score", parsed.score),
                   ("score_rate", parsed.rate))
        for quantity, number in figures:
            if number is not None:
                statements.append(ScoreStatement(quantity, number, number.text, "annex",
                                                 row.page, row.text, indicator_name=name,
                                                 line_no=row.cited_line))
    return statements


def _vertical_statements(block: Block, names: dict[str, str]) -> list[ScoreStatement]:
    """Walk the lines with the figures as anchors (module doc, layout 2)."""
    statements: list[ScoreStatement] = []
    above: list[Row] = []  # lines since the last figure
    leaf: ScoreStatement | None = None  # the last weighted name, awaiting its score
    for row in block.rows:
        text = clean_name(row.text)
        if (mark := _WEIGHT_LINE.match(text)) is not None:
            name_rows = _name_rows(above)
            name = _restore("".join(clean_name(r.text) for r in name_rows), names)
            weight = parse_number(mark[1])
            snippet = " ".join(r.text for r in [*name_rows, row])
            # A weight without a readable name: its score must not go to the name before.
            leaf = (_statement("weight", weight, name, row, snippet)
                    if name and weight is not None else None)
            if leaf is not None:
                statements.append(leaf)
            above = []
        elif (score := parse_number(text)) is not None:
            if leaf is not None:
                statements.append(_statement("score", score, leaf.indicator_name or "", row,
                                             f"{leaf.snippet} … {row.text}"))
            leaf, above = None, []
        else:
            above.append(row)
    return statements


def _statement(quantity: str, value: Number, name: str, row: Row, snippet: str) -> ScoreStatement:
    return ScoreStatement(quantity, value, value.text, "annex", row.page, snippet,
                          indicator_name=name, line_no=row.cited_line)


def _name_rows(above: list[Row]) -> list[Row]:
    """The trailing lines of ``above`` that form a name: short, no sentence marks."""
    taken: list[Row] = []
    for row in reversed(above[-_NAME_LINES:]):
        text = clean_name(row.text)
        if not text or _SENTENCE_MARK.search(text) or len(text) + sum(
            len(clean_name(r.text)) for r in taken
        ) > _MAX_NAME:
            break
        taken.insert(0, row)
    return taken


def _anagram_index(indicators: Sequence[IndicatorRow]) -> dict[str, str]:
    """Scoring-table names by their sorted characters, for names no other row shares."""
    keys = Counter(_sorted_chars(row.name) for row in indicators)
    return {key: row.name for row in indicators
            if keys[key := _sorted_chars(row.name)] == 1 and row.name}


def _sorted_chars(text: str) -> str:
    return "".join(sorted(clean_name(text).replace(" ", "")))


def _restore(name: str, names: dict[str, str]) -> str:
    """A garbled name as the scoring table spells it, else as a known term."""
    return names.get(_sorted_chars(name)) or repair_name(name)
