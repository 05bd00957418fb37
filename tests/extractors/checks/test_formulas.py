from __future__ import annotations

import pytest

from extractors.checks import formulas
from extractors.records import Project
from tests.extractors.checks.build import statement

QUARTERS = "(85.07% + 102.83% + 80.56% + 80.56%) ÷ 4"


def _check(*scores):
    return list(formulas.check(Project(0, "department_evaluation", 1, 20, scores=list(scores))))


def test_seed_004_average_with_a_term_counted_twice():
    (found,) = _check(statement("formula", "90.69%", page=11, expression=QUARTERS))
    assert (found.rule, found.severity, found.page) == ("formula", "error", 11)
    assert found.expected == pytest.approx(0.87255)  # by hand: 3.4902 / 4
    assert found.stated == pytest.approx(0.9069)
    assert found.message == (
        f"算式 {QUARTERS} 的结果为 87.26%，与正文中所列 90.69% 不符（差 3.44%）；"
        "其中 80.56% 出现 2 次，疑为重复计入（应为另一项）。"
    )


def test_correct_formula_and_unreadable_expression_are_silent():
    assert _check(statement("formula", "4.82", expression="5 × 96.40%")) == []
    assert _check(statement("formula", "99.55%", expression="16104.72/16177.08×100%")) == []
    assert _check(statement("formula", "4.82", expression="权重 × 得分率")) == []
    assert _check(statement("formula", "4.82")) == []  # no expression printed


def test_repeated_terms_note():
    assert formulas.repeated_terms("1 + 2 + 3") is None
    assert formulas.repeated_terms("(2.5 + 2.5) × 2") == "其中 2.5 出现 2 次，疑为重复计入（应为另一项）"
