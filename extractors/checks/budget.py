"""Rules on rates: budget execution, the budget score, output completion.

Rules: ``execution_rate``, ``budget_score``, ``completion_ratio``.

Method, step by step:

1. Execution rate: for each ``BudgetLine`` with executed, adjusted budget and a
   printed rate, recompute executed ÷ adjusted budget (tolerance propagated).
   A rate printed as 100% for spending above the budget is the usual cap and
   accepted. When the printed rate instead matches executed ÷ initial budget,
   the message says so.
2. Budget score = weight × rate. Reports differ in which rate they multiply:
   self-evaluation tables multiply the rate *as printed* (rounded to two
   decimals: ``0.35 × 10 = 3.50`` for a true rate of 0.354), others the exact
   rate. A score that matches either (or the rate capped at 100%) passes;
   one that matches neither is an error.
3. Completion ratio: in a table with a target (目标/计划/指标值), an actual
   (实际/完成) and a completion-rate (完成率) column, each row whose three
   cells are all numeric must satisfy rate = actual ÷ target (100% cap
   accepted).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from extractors.checks.messages import RATE_PLACES, SOURCE_PLACES, discrepancy, mismatch, quoted
from extractors.checks.table_sums import table_rows
from extractors.estimate import Estimate
from extractors.numbers import Number
from extractors.records import BudgetLine, Discrepancy, Project, TableCell

FULL_RATE = Decimal(1)

# Column roles of a completion table, tested in this order (完成率 before 完成).
_COLUMN_ROLES = (
    ("rate", regex.compile(r"完成率|完成比例|完成度")),
    ("actual", regex.compile(r"实际|完成")),
    ("target", regex.compile(r"目标|计划|指标值")),
)


def check(project: Project) -> Iterator[Discrepancy]:
    """All rate rules for one project."""
    for line in project.budgets:
        yield from _execution_rate(line)
        yield from _budget_score(line)
    for rows in table_rows(project.cells).values():
        yield from _completion(rows)


def _rate_of(line: BudgetLine) -> Estimate | None:
    """executed ÷ adjusted budget, when both are printed."""
    if line.executed is None or line.adjusted_budget is None:
        return None
    return Estimate.of(line.executed).over(Estimate.of(line.adjusted_budget))


def _place(line: BudgetLine) -> str:
    """Where the line's figures are printed: its table, or the text."""
    return SOURCE_PLACES["narrative"] if line.source == "narrative" else "表中"


def _agrees_or_capped(computed: Estimate, stated: Number) -> bool:
    return computed.agrees(stated) or computed.capped(FULL_RATE).agrees(stated)


def _execution_rate(line: BudgetLine) -> Iterator[Discrepancy]:
    computed = _rate_of(line)
    stated = line.stated_rate
    if computed is None or stated is None or _agrees_or_capped(computed, stated):
        return
    hint = None
    if line.executed is not None and line.initial_budget is not None:
        initial = Estimate.of(line.executed).over(Estimate.of(line.initial_budget))
        if initial is not None and initial.agrees(stated):
            hint = "所列执行率与“执行数 ÷ 年初预算数”相符，疑为误用年初预算计算"
    subject = f"{quoted(line.line)}预算执行率（执行数 ÷ 调整后预算数）应为"
    yield discrepancy(
        "execution_rate",
        "error",
        mismatch(subject, computed, stated, _place(line), RATE_PLACES, hint),
        at=line,
        evidence=line.text,
        expected=computed.value,
        stated=stated,
    )


def _budget_score(line: BudgetLine) -> Iterator[Discrepancy]:
    if line.weight is None or line.score is None:
        return
    weight = Estimate.of(line.weight)
    candidates = []
    if line.stated_rate is not None:  # the rate as printed, multiplied as printed
        candidates.append(weight.times(Estimate(line.stated_rate.value)))
    exact = _rate_of(line)
    if exact is not None:
        candidates += [weight.times(exact), weight.times(exact.capped(FULL_RATE))]
    if not candidates or any(c.agrees(line.score) for c in candidates):
        return
    expected = candidates[0]
    rate_text = line.stated_rate.text if line.stated_rate is not None else "执行数 ÷ 预算数"
    subject = f"{quoted(line.line)}得分（分值 {line.weight.text} × 执行率 {rate_text}）应为"
    yield discrepancy(
        "budget_score",
        "error",
        mismatch(subject, expected, line.score, _place(line), RATE_PLACES),
        at=line,
        evidence=line.text,
        expected=expected.value,
        stated=line.score,
    )


def _completion_figures(row: list[TableCell]) -> tuple[TableCell, Number, Number, Number] | None:
    """(rate cell, target, actual, rate) when each role is one numeric column of the row."""
    found: dict[str, list[TableCell]] = {}
    for cell in row:
        for role, pattern in _COLUMN_ROLES:
            if cell.col_label and pattern.search(cell.col_label):
                found.setdefault(role, []).append(cell)
                break
    roles = {role: cells[0] for role, cells in found.items() if len(cells) == 1}
    target, actual, rate = (roles.get(role) for role in ("target", "actual", "rate"))
    if target is None or actual is None or rate is None:
        return None
    if target.value is None or actual.value is None or rate.value is None:
        return None
    return rate, target.value, actual.value, rate.value


def _completion(rows: dict[int, list[TableCell]]) -> Iterator[Discrepancy]:
    for row in rows.values():
        figures = _completion_figures(row)
        if figures is None:
            continue
        cell, target, actual, rate = figures
        computed = Estimate.of(actual).over(Estimate.of(target))
        if computed is None or _agrees_or_capped(computed, rate):
            continue
        label = next((c.row_label for c in row if c.row_label), None)
        subject = f"{quoted(label)}完成率（实际 {actual.text} ÷ 目标 {target.text}）应为"
        yield discrepancy(
            "completion_ratio",
            "error",
            mismatch(subject, computed, rate, places=RATE_PLACES),
            at=cell,
            evidence=" ".join(c.text for c in row),
            expected=computed.value,
            stated=rate,
        )
