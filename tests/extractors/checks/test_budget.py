from __future__ import annotations

import pytest

from extractors.checks import budget
from extractors.records import BudgetLine, Project, TableCell
from tests.extractors.checks.build import num


def _line(adjusted=None, executed=None, rate=None, weight=None, score=None, initial=None) -> BudgetLine:
    figures = [initial, adjusted, executed, weight, rate, score]
    return BudgetLine(
        line="年度资金总额",
        source="table",
        page=4,
        text="年度资金总额 " + " ".join(f or "-" for f in figures),
        initial_budget=None if initial is None else num(initial),
        adjusted_budget=None if adjusted is None else num(adjusted),
        executed=None if executed is None else num(executed),
        stated_rate=None if rate is None else num(rate),
        weight=None if weight is None else num(weight),
        score=None if score is None else num(score),
    )


def _check(*lines: BudgetLine, cells=()):
    project = Project(0, "self_evaluation", 1, 5, budgets=list(lines), cells=list(cells))
    return list(budget.check(project))


def test_rounded_rate_times_weight_is_the_self_evaluation_convention():
    # 148,620 / 420,000 = 0.3539: printed 0.35, score 10 × 0.35 = 3.50 (not 3.54).
    assert _check(_line("420,000.00", "148,620.00", "0.35", "10", "3.50")) == []


def test_unrounded_rate_convention_passes_too():
    assert _check(_line("420,000.00", "148,620.00", "0.35", "10", "3.54")) == []


def test_rate_0944_printed_094_times_10_is_940():
    assert _check(_line("15,510,755.00", "14,641,153.80", "0.94", "10", "9.40")) == []


def test_budget_score_matching_neither_convention_is_an_error():
    (found,) = _check(_line("420,000.00", "148,620.00", "0.35", "10", "3.80"))
    assert (found.rule, found.severity, found.expected, found.stated) == ("budget_score", "error", 3.5, 3.8)
    assert found.message == "“年度资金总额”得分（分值 10 × 执行率 0.35）应为 3.50，与表中所列 3.80 不符（差 0.30）。"
    assert found.page == 4


def test_execution_rate_error_with_initial_budget_hint():
    (found,) = _check(_line("5,000,000.00", "4,000,000.00", "0.89", initial="4,500,000.00"))
    assert found.rule == "execution_rate"
    assert found.expected == pytest.approx(0.8)
    assert found.stated == pytest.approx(0.89)
    assert "执行数 ÷ 年初预算数" in found.message


def test_execution_rate_percent_and_cap():
    assert _check(_line("16177.08万元", "16104.72万元", "99.55%")) == []
    assert _check(_line("100.00", "102.00", "100%")) == []  # overspending shown as 100%
    assert len(_check(_line("16177.08万元", "16104.72万元", "99.65%"))) == 1


def test_missing_figures_emit_nothing():
    assert _check(_line(None, "148,620.00", "0.35", "10", None), _line("420,000.00", None, "0.00")) == []


def _completion_row(target: str, actual: str, rate: str) -> list[TableCell]:
    figures = {"产出数量": None, "计划数": target, "实际完成数": actual, "完成率": rate}
    return [
        TableCell(0, 1, col, text or label, 6, None if text is None else num(text), "培训人次", label)
        for col, (label, text) in enumerate(figures.items())
    ]


def test_completion_ratio_error_and_rounded_pass():
    (found,) = _check(cells=_completion_row("300", "240", "90%"))
    assert (found.rule, found.expected, found.stated, found.page) == ("completion_ratio", 0.8, 0.9, 6)
    assert found.message.startswith("“培训人次”完成率（实际 240 ÷ 目标 300）应为 80.00%")
    assert _check(cells=_completion_row("300", "100", "33.33%")) == []


def test_completion_ratio_needs_all_three_numeric():
    cells = _completion_row("300", "240", "90%")
    cells[1] = TableCell(0, 1, 1, "≥300人次", 6, None, "培训人次", "计划数")
    assert _check(cells=cells) == []
