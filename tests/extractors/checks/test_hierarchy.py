from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.checks import hierarchy
from extractors.records import BudgetLine, Project
from tests.extractors.checks.build import indicator, num, statement


def _project(rows, kind="evaluation_report", **kwargs) -> Project:
    return Project(ordinal=0, report_kind=kind, page_start=1, page_end=9, indicators=rows, **kwargs)


def _found(project: Project, rule: str):
    return [d for d in hierarchy.check(project) if d.rule == rule]


def test_children_score_sum_error_names_parent_and_figures():
    rows = [
        indicator("1", "过程", "20", "17.50"),
        indicator("1.1", "资金管理", "10", "9.50"),
        indicator("1.1.1", "资金到位率", "4", "4.00"),
        indicator("1.1.2", "预算执行率", "3", "2.37"),
        indicator("1.1.3", "资金使用合规性", "3", "3.00"),
        indicator("1.2", "组织实施", "10", "8.00"),
    ]
    (found,) = _found(_project(rows), "children_score_sum")
    assert found.severity == "error"
    assert found.indicator_id == "1.1"
    assert found.expected == pytest.approx(9.37)
    assert found.stated == pytest.approx(9.50)
    assert found.message == "“资金管理”下级指标得分合计 9.37，与表中所列 9.50 不符（差 0.13）。"
    assert "资金到位率 4 4.00" in found.evidence
    assert found.page == 3


@pytest.mark.parametrize("parent", ["5.00", "5.01", "4.99"])
def test_children_sums_at_the_edge_of_rounding_pass(parent):
    # 2.534 + 2.474 = 5.008 prints as 2.53 + 2.47 = 5.01: rounding, not an error.
    rows = [
        indicator("1", "产出", parent, parent),
        indicator("1.1", "数量", "2.53", "2.53"),
        indicator("1.2", "质量", "2.47", "2.47"),
    ]
    assert _found(_project(rows), "children_weight_sum") == []
    assert _found(_project(rows), "children_score_sum") == []


def test_children_sum_just_beyond_rounding_fails():
    rows = [
        indicator("1", "产出", "5.02", None),
        indicator("1.1", "数量", "2.53"),
        indicator("1.2", "质量", "2.47"),
    ]
    assert [d.stated for d in _found(_project(rows), "children_weight_sum")] == [5.02]


def test_children_weight_sum_error_and_missing_child_figure_is_silent():
    rows = [
        indicator("1", "决策", "20", "18"),
        indicator("1.1", "项目立项", "8", "8"),
        indicator("1.2", "绩效目标", "8", "6"),
        indicator("1.3", "资金投入", "5", None),
    ]
    found = _found(_project(rows), "children_weight_sum")
    assert [(d.expected, d.stated) for d in found] == [(21.0, 20.0)]
    assert _found(_project(rows), "children_score_sum") == []  # 1.3 has no score


def test_unprinted_parent_figure_is_never_checked_but_rolls_up():
    rows = [
        indicator("1", "产出指标"),
        indicator("1.1", "数量指标", "30", "28"),
        indicator("1.2", "质量指标", "60", "55"),
    ]
    project = _project(rows, kind="self_evaluation", stated_total_score=num("88"))
    project.budgets = [
        BudgetLine("年度资金总额", "table", 1, "年度资金总额 … 10 0.99 9.90", weight=num("10"), score=num("9.90"))
    ]
    found = list(hierarchy.check(project))
    (total,) = [d for d in found if d.rule == "total_score_sum"]
    assert total.expected == pytest.approx(92.90)  # 28 + 55 + budget 9.90
    assert total.stated == 88.0
    assert [d.rule for d in found] == ["total_score_sum"]  # weights 30 + 60 + 10 = 100


def test_total_score_each_statement_and_rounded_total_passes():
    rows = [indicator("1", "决策", "20", "17.50"), indicator("2", "过程", "80", "71.53")]
    statements = [
        statement("total_score", "89.03", page=2),
        statement("total_score", "89.0", source="annex", page=20),
        statement("total_score", "90.03", page=30),
    ]
    project = _project(rows, scores=statements, stated_total_score=num("89.03"))
    found = _found(project, "total_score_sum")
    assert [(d.page, d.stated) for d in found] == [(30, 90.03)]
    assert found[0].message.startswith("各一级指标得分合计 89.03，与正文中所列 90.03 不符")


def test_weight_total_printed_is_error_implied_is_warning():
    rows = [indicator("1", "决策", "20", "18"), indicator("2", "过程", "75", "70")]
    implied = _found(_project(rows), "weight_total")
    assert [(d.severity, d.expected, d.stated) for d in implied] == [("warning", 95.0, 100.0)]
    printed = _project(rows, scores=[statement("weight", "100", source="table", indicator_name="合计")])
    assert [(d.severity, d.expected, d.stated) for d in _found(printed, "weight_total")] == [
        ("error", 95.0, 100.0)
    ]
    complete = _project([*rows, indicator("3", "效益", "5", "5")])
    assert _found(complete, "weight_total") == []


@pytest.mark.parametrize(
    ("weight", "score", "expected"),
    [("4", "5", 4.0), ("4", "-1", 0.0), ("2.5", "2.54", None), ("4", "0", None)],
)
def test_score_bounds(weight, score, expected):
    found = _found(_project([indicator("1", "满意度", weight, score)]), "score_exceeds_weight")
    assert [d.expected for d in found] == ([] if expected is None else [expected])


def test_score_rate_printed_rounded_passes_and_wrong_rate_fails():
    rows = [
        indicator("1", "决策", "3", "1", "33.33%"),
        indicator("2", "过程", "8", "7", "80%"),
    ]
    project = _project(rows, scores=[statement("score_rate", "87.5%", indicator_id="2", page=7)])
    found = _found(project, "score_rate")
    assert [(d.page, d.stated) for d in found] == [(3, 0.8)]
    assert found[0].expected == pytest.approx(0.875)
    assert found[0].message == "“过程”得分率（得分 ÷ 权重）应为 87.50%，与表中所列 80% 不符（差 7.50%）。"


def test_stated_rate_is_checked_against_the_score_its_sentence_states():
    # eval_inv_err4: 项目决策类指标得 17 分，得分率为 85% — 17 / 20, while the table has 16.5.
    rows = [indicator("1", "决策", "20", "16.5")]
    sentence = "其中项目决策类指标得 17 分，得分率为 85%"
    said = [statement("score", "17", indicator_id="1", indicator_name="项目决策"),
            statement("score_rate", "85%", indicator_id="1", indicator_name="项目决策")]
    for s in said:
        s.snippet = sentence
    assert _found(_project(rows, scores=said), "score_rate") == []
    (alone,) = _found(_project(rows, scores=said[1:]), "score_rate")  # no score beside: the table's
    assert alone.expected == pytest.approx(0.825) and alone.indicator_id == "1"


def test_rollup_adds_tolerances_of_unprinted_parents():
    rows = [indicator("1", "产出"), indicator("1.1", "数量", "2.5"), indicator("1.2", "质量", "2.25")]
    effective = hierarchy.rollup(rows, "weight")
    assert effective["1"].value == Decimal("4.75")
    assert effective["1"].tolerance == Decimal("0.055")
