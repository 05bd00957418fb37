"""Regression tests for the real findings in the four seed dumps (docs/findings.md).

Each seed goes through the full chain the pipeline runs,
``analyse_document(read_text_dump(text))`` (order repair first for the garbled
seed 000). Every real finding is a test of its own, with the figures recorded
by hand from the dump, and the line of the dump it points at (``line_no``, the
line ``sed -n Np`` prints); ``test_no_other_error`` holds each seed to exactly the
errors recorded in ``tests/fixtures/seeds_truth/*.json`` — a false alarm or a
lost finding fails it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from extractors.analyse import Analysis, analyse_document
from extractors.records import Discrepancy, Project
from extractors.text_dump import read_text_dump

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ("000", "001", "003", "004")


@cache
def analysed(prefix: str) -> Analysis:
    path = next((FIXTURES / "seeds").glob(f"{prefix}_*.txt"))
    return analyse_document(read_text_dump(path.read_text(encoding="utf-8")))


def recorded(prefix: str) -> list[dict]:
    data = json.loads((FIXTURES / "seeds_truth" / f"{prefix}.json").read_text(encoding="utf-8"))
    return data["projects"]


def indicator_name(project: Project, found: Discrepancy) -> str | None:
    return next((row.name for row in project.indicators if row.indicator_id == found.indicator_id),
                None)


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def errors(prefix: str) -> list[tuple[int, str, str | None, float | None, float | None]]:
    """(project ordinal, rule, indicator name, expected, stated) of every error."""
    analysis = analysed(prefix)
    return [
        (project.ordinal, found.rule, indicator_name(project, found), rounded(found.expected),
         rounded(found.stated))
        for project, found_list in zip(analysis.projects, analysis.discrepancies, strict=True)
        for found in found_list
        if found.severity == "error"
    ]


def only_error(prefix: str, rule: str) -> list[tuple]:
    return [e for e in errors(prefix) if e[1] == rule]


def error_found(prefix: str, rule: str, stated: float) -> Discrepancy:
    """The one error of ``rule`` whose printed figure is ``stated``."""
    (found,) = [d for found_list in analysed(prefix).discrepancies for d in found_list
                if d.severity == "error" and d.rule == rule and rounded(d.stated) == stated]
    return found


def seed_line(prefix: str, line_no: int) -> str:
    """Line ``line_no`` (1-based, blank lines counted) of the seed dump, as ``sed -n`` prints it."""
    path = next((FIXTURES / "seeds").glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8").split("\n")[line_no - 1]


def test_000_quality_rate_weight_differs_between_scoring_table_and_annex() -> None:
    """报关单预录入…评价报告: the scoring table gives 质量达标率 15.00 points, the
    annex 指标体系 (vertical, garbled layout) prints 质量达标率 （20） under
    产出质量 （15）."""
    (finding,) = only_error("000", "inconsistent_figure")
    assert finding == (0, "inconsistent_figure", "质量达标率", 15.0, 20.0)
    found = error_found("000", "inconsistent_figure", 20.0)
    assert found.line_no == 968 and seed_line("000", 968) == "（20）"
    # A text dump is all "page 1": the message names the lines instead.
    assert "在评分表第 216 行为 15.00，在附表第 968 行为 20" in found.message
    assert seed_line("000", 216).startswith("产出质量 量达质 标率 15.00")


def test_001_function_row_does_not_add_up() -> None:
    """表 1-2: 功能完善 140.53 + 402.5 = 543.03, printed total 1807.8 (万元)."""
    assert (0, "table_sum", None, 5_430_300.0, 18_078_000.0) in only_error("001", "table_sum")
    found = error_found("001", "table_sum", 18_078_000.0)
    assert found.line_no == 200
    assert seed_line("001", 200).split("\t")[2:] == ["功能完善", "140.53", "402.5", "1807.8"]


def test_001_main_maintainer_column_does_not_add_up() -> None:
    """表 1-2, column 主运维计划数: 人力成本 … 综合保障 add up to 2415.23, printed
    人力小计 3680 — the same misprint (140.53 for 1405.3) seen down the column."""
    assert (0, "table_sum", None, 24_152_300.0, 36_800_000.0) in only_error("001", "table_sum")
    found = error_found("001", "table_sum", 36_800_000.0)
    assert found.line_no == 202 and seed_line("001", 202).split("\t")[2:4] == ["人力小计", "3680"]


def test_004_average_execution_rate_counts_the_third_quarter_twice() -> None:
    """全年平均执行率 = Σ(85.07% + 102.83% + 80.56% + 80.56%) ÷ 4 = 90.69%: the
    terms give 87.26%; 90.69% is the average with the fourth quarter's 94.29%."""
    (finding,) = only_error("004", "formula")
    assert finding == (0, "formula", None, 0.87255, 0.9069)
    assert error_found("004", "formula", 0.9069).line_no == 276
    assert seed_line("004", 276).startswith("全年平均执行率 = $\\Sigma (85.07\\%")


def test_000_growth_rate_does_not_follow_from_the_two_volumes() -> None:
    """6,398 万票 and 9,494 万票 grow by 48.39%, not the printed 48.38% (line 487
    prints the second volume as 9,493, which gives 48.37%)."""
    (finding,) = only_error("000", "growth_rate")
    assert finding == (0, "growth_rate", None, 0.483901, 0.4838)
    found = error_found("000", "growth_rate", 0.4838)
    assert found.line_no == 547
    assert found.message == "按 (9,494 - 6,398) ÷ 6,398 计算，增长率为 48.39%，与正文中所列 48.38% 不符（差 0.01%）。"


@pytest.mark.parametrize("prefix", SEEDS)
def test_no_other_error(prefix: str) -> None:
    """Exactly the recorded real findings, no false alarm (seed 003: none at all)."""
    expected = [
        (ordinal, d["rule"], d["indicator_name"], rounded(d["expected"]), rounded(d["stated"]))
        for ordinal, project in enumerate(recorded(prefix))
        for d in project["discrepancies"]
    ]
    assert len(analysed(prefix).projects) == len(recorded(prefix))
    assert sorted(errors(prefix), key=str) == sorted(expected, key=str)


def test_004_satisfaction_survey_figures_are_cited_by_line() -> None:
    """公众满意度 86.34 分 (line 318) against 满意度为85.34% (line 366): a warning
    (points against percent) whose message names both lines."""
    (found,) = [d for d in analysed("004").discrepancies[0]
                if d.rule == "inconsistent_figure" and d.severity == "warning"]
    assert found.line_no == 366 and "85.34%" in seed_line("004", 366)
    assert "86.34 分" in seed_line("004", 318)
    assert "在正文第 318 行为 86.34 分，在正文第 366 行为 85.34%" in found.message
