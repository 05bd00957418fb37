"""Regression tests for the real findings in the four seed dumps (docs/findings.md).

Each seed goes through the full chain the pipeline runs,
``analyse_document(read_text_dump(text))`` (order repair first for the garbled
seed 000). Every real finding is a test of its own, with the figures recorded
by hand from the dump; ``test_no_other_error`` holds each seed to exactly the
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


def test_000_quality_rate_weight_differs_between_scoring_table_and_annex() -> None:
    """报关单预录入…评价报告: the scoring table gives 质量达标率 15.00 points, the
    annex 指标体系 (vertical, garbled layout) prints 质量达标率 （20） under
    产出质量 （15）."""
    (finding,) = only_error("000", "inconsistent_figure")
    assert finding == (0, "inconsistent_figure", "质量达标率", 15.0, 20.0)


def test_001_function_row_does_not_add_up() -> None:
    """表 1-2: 功能完善 140.53 + 402.5 = 543.03, printed total 1807.8 (万元)."""
    assert (0, "table_sum", None, 5_430_300.0, 18_078_000.0) in only_error("001", "table_sum")


def test_001_main_maintainer_column_does_not_add_up() -> None:
    """表 1-2, column 主运维计划数: 人力成本 … 综合保障 add up to 2415.23, printed
    人力小计 3680 — the same misprint (140.53 for 1405.3) seen down the column."""
    assert (0, "table_sum", None, 24_152_300.0, 36_800_000.0) in only_error("001", "table_sum")


def test_004_average_execution_rate_counts_the_third_quarter_twice() -> None:
    """全年平均执行率 = Σ(85.07% + 102.83% + 80.56% + 80.56%) ÷ 4 = 90.69%: the
    terms give 87.26%; 90.69% is the average with the fourth quarter's 94.29%."""
    (finding,) = only_error("004", "formula")
    assert finding == (0, "formula", None, 0.87255, 0.9069)


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
