"""Annex and per-section indicator tables -> ``ScoreStatement`` (source 'annex').

A report often prints its indicators again after the main scoring table: a
section table per level-1 indicator (repeating ``A 项目决策`` with empty
figures) or an annex 指标体系表 whose columns are 指标解释 / 指标说明 /
评分标准 with the score at the end. Those are a second statement of the same
figures, never a second hierarchy.

Method: every row of such a block is read with the main-table row parser
(``indicators.parse_row``: codes, weights inside names, score column); the
deepest name of a row that carries a figure gives one statement per figure,
named as printed, for ``projects`` to link to the hierarchy by name.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.indicators import Block, parse_row
from extractors.records import ScoreStatement


def annex_statements(blocks: Sequence[Block]) -> list[ScoreStatement]:
    """Weight / score / rate statements of the blocks after the main table."""
    statements: list[ScoreStatement] = []
    for block in blocks:
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
                                                     row.page, row.text, indicator_name=name))
    return statements
