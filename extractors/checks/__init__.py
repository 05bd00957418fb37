"""The validator: recompute every figure of a ``Project`` and report contradictions.

A pure stage: ``validate_project(project)`` reads the records the extraction
stages produced and returns ``Discrepancy`` records; nothing is read from or
written to files. One module per rule family:

- ``hierarchy``: children sums, total score, total weight, score bounds, score rates;
- ``budget``: execution rate, budget score, output completion ratio;
- ``table_sums``: row and column totals of money tables;
- ``consistency``: one figure stated with different values;
- ``formulas``: printed arithmetic and stated growth rates recomputed;
- ``grade``: the stated grade against the score band.

All arithmetic is exact (``Decimal``) with tolerances from the printed
precision (``tolerance``), so rounding never raises an alarm. A rule that
lacks the figures it needs says nothing. Severity: ``error`` for a definite
arithmetic contradiction, ``warning`` for a likely problem (a convention the
report does not print, figures on different scales), ``info`` for notes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from extractors.checks import budget, consistency, formulas, grade, hierarchy, table_sums
from extractors.records import Discrepancy, Project

RULES: dict[str, str] = {
    "children_weight_sum": (
        "下级指标权重之和等于上级指标权重 / "
        "children's weights add up to the parent's weight"
    ),
    "children_score_sum": (
        "下级指标得分之和等于上级指标得分 / "
        "children's scores add up to the parent's score"
    ),
    "total_score_sum": (
        "一级指标得分（自评表另加预算执行得分）之和等于总分 / "
        "level-1 scores (+ budget score) add up to the stated total"
    ),
    "weight_total": (
        "一级指标权重（自评表另加预算执行分值）合计为 100 或所列总权重 / "
        "level-1 weights (+ budget weight) total 100 or the stated total weight"
    ),
    "score_exceeds_weight": (
        "得分不为负且不超过权重 / "
        "0 ≤ score ≤ weight"
    ),
    "score_rate": (
        "得分率等于得分 ÷ 权重 / "
        "a printed score rate equals score ÷ weight"
    ),
    "execution_rate": (
        "预算执行率等于执行数 ÷ 调整后预算数 / "
        "execution rate = executed ÷ adjusted budget"
    ),
    "budget_score": (
        "预算执行得分等于分值 × 执行率（按报告的取整方式） / "
        "budget score = weight × rate, rounded as the report rounds it"
    ),
    "completion_ratio": (
        "完成率等于实际完成值 ÷ 目标值 / "
        "output completion = actual ÷ target"
    ),
    "table_sum": (
        "金额表的行、列合计等于各项之和（提示小数点错位、数字颠倒） / "
        "row and column totals of money tables (hints for decimal shifts, swapped digits)"
    ),
    "inconsistent_figure": (
        "同一数字在评分表、附表、正文中前后一致 / "
        "one figure stated with the same value in table, annex and narrative"
    ),
    "formula": (
        "正文所列算式的结果可复算 / "
        "an explicit formula in the text, recomputed"
    ),
    "growth_rate": (
        "增长率（下降率）可由所比较的两期数字复算 / "
        "a growth or decline rate recomputed from the figures it compares"
    ),
    "grade_band": (
        "评价等级与总分所在等级区间一致 / "
        "the grade matches the band of the total score"
    ),
}

_FAMILIES: tuple[Callable[[Project], Iterable[Discrepancy]], ...] = (
    hierarchy.check,
    budget.check,
    table_sums.check,
    consistency.check,
    formulas.check,
    grade.check,
)
_RULE_ORDER = {rule: rank for rank, rule in enumerate(RULES)}


def validate_project(project: Project) -> list[Discrepancy]:
    """Every discrepancy of the project, ordered by page, line, rule and indicator.

    The order depends only on the project's records, so reruns give identical
    output (rows without a page come last).
    """
    found = [found for family in _FAMILIES for found in family(project)]
    return sorted(
        found,
        key=lambda d: (
            d.page is None,
            d.page or 0,
            d.line_no is None,
            d.line_no or 0,
            _RULE_ORDER[d.rule],
            d.indicator_id or "",
            d.message,
        ),
    )
