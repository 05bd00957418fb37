from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from extractors.checks import consistency
from extractors.projects import extract_projects
from extractors.records import Project
from extractors.text_dump import read_text_dump
from tests.extractors.checks.build import indicator, num, statement

SEEDS = Path(__file__).parents[2] / "fixtures" / "seeds"


def _check(rows=(), scores=(), **kwargs):
    project = Project(0, "evaluation_report", 1, 30, indicators=list(rows), scores=list(scores), **kwargs)
    return list(consistency.check(project))


def test_annex_weight_differs_from_the_scoring_table():
    # Seed 000: the annex gives 质量达标率 a weight of 20, the scoring table 15.
    rows = [indicator("2.1", "质量达标率", "15", "15", page=4)]
    annex = statement("weight", "20", source="annex", page=12, indicator_id="2.1", indicator_name="质量达标率")
    (found,) = _check(rows, [annex, replace(annex, source="table", page=4, value=num("15.00"))])
    assert (found.rule, found.severity, found.indicator_id) == ("inconsistent_figure", "error", "2.1")
    assert (found.expected, found.stated, found.page) == (15.0, 20.0, 12)
    assert found.message == "“质量达标率”权重在评分表第 4 页为 15，在附表第 12 页为 20，前后不一致。"


def test_text_dump_places_are_lines_and_pdf_places_pages():
    """A dump's pages mean nothing (all "page 1"): the message cites its lines;
    a PDF's line numbers (order on the page) are not cited."""
    rows = [replace(indicator("2.1", "质量达标率", "15", "15", page=1), line_no=216)]
    annex = statement("weight", "20", source="annex", page=1, indicator_id="2.1", indicator_name="质量达标率")
    annex = replace(annex, line_no=968)
    (found,) = _check(rows, [annex], file_type="txt")
    assert found.message == "“质量达标率”权重在评分表第 216 行为 15，在附表第 968 行为 20，前后不一致。"
    assert (found.page, found.line_no) == (1, 968)
    (in_pdf,) = _check(rows, [annex], file_type="pdf")
    assert in_pdf.message == "“质量达标率”权重在评分表第 1 页为 15，在附表第 1 页为 20，前后不一致。"
    grades = [statement("grade", "良好", page=1), replace(statement("grade", "优", page=1), line_no=40)]
    (grade,) = _check(scores=grades, stated_grade="良好", file_type="txt")
    assert grade.message == "评价等级前后不一致：报告定级为“良好”，正文第 40 行为“优”。"
    assert grade.line_no == 40


def test_satisfaction_printed_twice_with_different_values():
    # Seed 004: 满意度 86.34 in one place, 85.34 in another.
    first = statement("score", "86.34", page=10, indicator_name="公众满意度")
    (found,) = _check(scores=[first, statement("score", "85.34", page=12, indicator_name="公众满意度")])
    assert (found.severity, found.expected, found.stated, found.indicator_id) == ("error", 86.34, 85.34, None)
    as_percent = statement("score", "85.34%", page=12, indicator_name="公众满意度")
    (rescaled,) = _check(scores=[first, as_percent])
    assert rescaled.severity == "warning"
    assert rescaled.message == (
        "“公众满意度”得分在正文第 10 页为 86.34，在正文第 12 页为 85.34%，前后不一致；"
        "两处仅一位数字不同（6 与 5），疑为笔误。"
    )


def test_same_figure_in_points_and_percent_or_rounded_is_consistent():
    rows = [indicator("1", "决策", "20", "17.5")]
    scores = [
        statement("weight", "20%", indicator_id="1"),
        statement("score", "17.50", source="annex", indicator_id="1"),
        statement("total_score", "89.03", page=2),
        statement("total_score", "89.0", page=9),
    ]
    assert _check(rows, scores, stated_total_score=num("89.03")) == []


def test_total_score_stated_differently():
    found = _check(scores=[statement("total_score", "88.03", page=9)], stated_total_score=num("89.03"))
    # The project's own total (page 1) is the reference; the page-9 statement differs.
    assert [(d.expected, d.stated, d.page, d.indicator_id) for d in found] == [(89.03, 88.03, 9, None)]
    assert found[0].message == (
        "总分在正文第 1 页为 89.03，在正文第 9 页为 88.03，前后不一致；两处仅一位数字不同（9 与 8），疑为笔误。"
    )


def test_unnamed_statements_are_not_compared():
    assert _check(scores=[statement("score", "7"), statement("score", "8")]) == []


def test_grades_compared_after_normalisation():
    scores = [statement("grade", "良", page=3), statement("grade", "“良好”", page=8)]
    assert _check(scores=scores, stated_grade="良好") == []
    scores.append(statement("grade", "优", page=20))
    (found,) = _check(scores=scores, stated_grade="良好")
    assert (found.rule, found.severity, found.page) == ("inconsistent_figure", "error", 20)
    assert found.message == "评价等级前后不一致：报告定级为“良好”，正文第 20 页为“优”。"


def test_narrative_score_against_the_children_of_an_unprinted_parent():
    # Seed 001 style: the table prints only the level-4 scores; the text states the level-3 one.
    rows = [
        indicator("2.2.3", "财务管理制度执行有效性", page=4),
        indicator("2.2.3.1", "市口岸财务管理制度执行有效性", "2", "2", page=4),
        indicator("2.2.3.2", "运维商财务管理制度执行有效性", "2", "1", page=4),
    ]
    said = statement("score", "3", page=15, indicator_id="2.2.3", indicator_name="B23 财务管理制度执行有效性")
    assert _check(rows, [said]) == []
    (found,) = _check(rows, [replace(said, value=num("4"))])
    assert (found.expected, found.stated, found.indicator_id) == (3.0, 4.0, "2.2.3")
    assert found.message == (
        "“财务管理制度执行有效性”得分在评分表第 4 页下级指标合计为 3，在正文第 15 页为 4，前后不一致。"
    )


def test_partial_name_link_is_grouped_by_the_name_given():
    rows = [indicator("3.1.3", "补贴资金拨付足额情况", "6", "6")]
    part = statement("score", "3", indicator_id="3.1.3", indicator_name="市口岸办补贴资金拨付足额情况")
    assert _check(rows, [part, replace(part, page=9)]) == []


def test_narrative_name_with_wrapping_words_is_the_rows_name():
    # eval_inv_err4: the table gives 决策 16.5, the text 项目决策类指标得 17 分.
    rows = [indicator("1", "决策", "20", "16.5", page=3)]
    said = statement("score", "17", page=2, indicator_id="1", indicator_name="项目决策")
    (found,) = _check(rows, [said])
    assert (found.severity, found.indicator_id, found.expected, found.stated) == ("error", "1", 16.5, 17.0)


def _survey(value: str, page: int, name: str = "2021年公众满意度"):
    return statement("measured_value", value, page=page, indicator_name=name)


def test_survey_score_in_points_against_the_same_survey_in_percent():
    # Seed 004: 公众满意度得分为 86.34 分 … 满意度为85.34%.
    rows = [indicator("4.4.2", "公众或服务对象满意度", "6", "2")]
    (found,) = _check(rows, [_survey("86.34", 2), _survey("85.34%", 3)])
    assert (found.rule, found.severity, found.indicator_id, found.page) == (
        "inconsistent_figure", "warning", None, 3)
    assert found.message == (
        "“2021年公众满意度”在正文第 2 页为 86.34，在正文第 3 页为 85.34%，前后不一致；"
        "两处仅一位数字不同（6 与 5），疑为笔误。"
    )
    assert _check(rows, [_survey("85.34", 2), _survey("85.34%", 3)]) == []


def test_points_an_indicator_could_have_scored_are_not_a_survey_result():
    rows = [indicator("4.2", "满意度", "8", "7")]
    assert _check(rows, [_survey("7", 2, "企业满意度"), _survey("92.5%", 3, "企业满意度")]) == []
    assert _check([], [_survey("86.34", 2), _survey("85.34%", 3)]) == []  # no weights: scale unknown


def test_measures_compare_only_under_the_same_name():
    rows = [indicator("4.2", "满意度", "8", "7")]
    different = [_survey("90.15%", 2, "政府部门工作人员满意度"), _survey("96.05%", 2, "企业满意度")]
    assert _check(rows, different) == []
    (found,) = _check(rows, [_survey("96.05%", 2, "企业满意度"), _survey("95.05%", 4, "企业满意度")])
    assert found.severity == "warning" and "（6 与 5）" in found.message


def _seed_findings(prefix: str) -> list:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    projects = extract_projects(read_text_dump(path.read_text(encoding="utf-8")))
    return [d for project in projects for d in consistency.check(project)]


def test_seed_004_dump_satisfaction_86_34_against_85_34():
    (found,) = _seed_findings("004")
    assert (found.severity, found.indicator_id, found.expected, found.stated) == (
        "warning", None, pytest.approx(0.8634), pytest.approx(0.8534))  # both on the % scale
    assert "86.34 分" in found.message and "85.34%" in found.message
    assert "（6 与 5）" in found.message


@pytest.mark.parametrize("prefix", ["001", "003"])
def test_seeds_001_and_003_state_every_figure_consistently(prefix: str):
    assert _seed_findings(prefix) == []
