from __future__ import annotations

import re
from pathlib import Path

from extractors.checks import RULES, validate_project
from extractors.records import BudgetLine, Project
from tests.extractors.checks.build import indicator, num, statement

ARCHITECTURE = Path(__file__).parents[3] / "docs" / "architecture.md"
VALIDATOR_DOC = Path(__file__).parents[3] / "docs" / "validator.md"


def test_rule_ids_are_those_of_the_architecture_and_documented():
    section = ARCHITECTURE.read_text(encoding="utf-8").split("## Validator rule ids")[1].split("##")[0]
    assert list(RULES) == re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)
    documented = VALIDATOR_DOC.read_text(encoding="utf-8")
    assert all(f"`{rule}`" in documented for rule in RULES)


def _self_evaluation() -> Project:
    rows = [
        indicator("1", "产出指标"),
        indicator("1.1", "数量指标", "50", "45", page=2),
        indicator("1.2", "质量指标", "40", "41", page=2),
    ]
    budget = BudgetLine(
        "年度资金总额", "table", 1, "年度资金总额 420,000.00 148,620.00 10 0.35 3.60",
        adjusted_budget=num("420,000.00"), executed=num("148,620.00"),
        stated_rate=num("0.35"), weight=num("10"), score=num("3.60"),
    )
    return Project(
        0, "self_evaluation", 1, 2, indicators=rows, budgets=[budget],
        scores=[statement("total_score", "89.6", source="table", page=2)],
        stated_total_score=num("89.6"),
    )


def test_validate_project_orders_by_page_then_rule_and_is_deterministic():
    project = _self_evaluation()
    found = validate_project(project)
    assert [(d.page, d.rule) for d in found] == [
        (1, "budget_score"),
        (2, "score_exceeds_weight"),
    ]
    assert validate_project(project) == found
    assert all(d.severity in ("error", "warning", "info") for d in found)


def test_empty_project_has_nothing_to_report():
    assert validate_project(Project(0, "evaluation_report", 1, 1)) == []
