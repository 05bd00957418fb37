"""The scorer: perfect output scores 1.0; each kind of damage lowers its metric."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.scoring import METRICS, score_by_family, score_output, truth_as_output


@pytest.fixture(scope="module")
def perfect(fixture_corpus: Path) -> dict[str, pd.DataFrame]:
    return truth_as_output(fixture_corpus)


def _copy(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {k: v.copy() for k, v in tables.items()}


def test_truth_as_output_scores_one(fixture_corpus: Path, perfect: dict) -> None:
    scores = score_output(perfect, fixture_corpus)
    assert set(scores) == set(METRICS)
    assert all(v == 1.0 for v in scores.values()), scores
    by_family = score_by_family(perfect, fixture_corpus)
    assert {"evaluation_report", "self_evaluation", "department_evaluation", "broken"} <= set(by_family)



def test_dropped_indicator(fixture_corpus: Path, perfect: dict) -> None:
    t = _copy(perfect)
    t["indicators"] = t["indicators"].iloc[1:]
    assert score_output(t, fixture_corpus)["indicator_f1"] < 1.0


def test_changed_score(fixture_corpus: Path, perfect: dict) -> None:
    t = _copy(perfect)
    t["indicators"].loc[t["indicators"]["score"].notna().idxmax(), "score"] += 1
    assert score_output(t, fixture_corpus)["indicator_f1"] < 1.0


def test_shuffled_paragraph(fixture_corpus: Path, perfect: dict) -> None:
    t = _copy(perfect)
    row = t["lines"]["text"].str.len().idxmax()
    text = t["lines"].loc[row, "text"]
    t["lines"].loc[row, "text"] = text[len(text) // 2 :] + text[: len(text) // 2]
    scores = score_output(t, fixture_corpus)
    assert scores["paragraph_order"] < 1.0
    assert scores["indicator_f1"] == 1.0


def test_dropped_discrepancy(fixture_corpus: Path, perfect: dict) -> None:
    t = _copy(perfect)
    t["discrepancies"] = t["discrepancies"].iloc[1:]
    scores = score_output(t, fixture_corpus)
    assert scores["discrepancy_recall"] < 1.0
    assert scores["discrepancy_precision"] == 1.0


def test_false_discrepancy(fixture_corpus: Path, perfect: dict) -> None:
    t = _copy(perfect)
    extra = t["discrepancies"].iloc[:1].assign(rule="weight_total", indicator_id=None)
    t["discrepancies"] = pd.concat([t["discrepancies"], extra], ignore_index=True)
    scores = score_output(t, fixture_corpus)
    assert scores["discrepancy_precision"] < 1.0
    assert scores["discrepancy_recall"] == 1.0
    info = extra.assign(severity="info")  # info rows do not count against precision
    t["discrepancies"] = pd.concat([perfect["discrepancies"], info], ignore_index=True)
    assert score_output(t, fixture_corpus)["discrepancy_precision"] == 1.0


def test_wrong_status_total_and_budget(fixture_corpus: Path, perfect: dict) -> None:
    t = _copy(perfect)
    t["documents"].loc[0, "status"] = "ok" if t["documents"].loc[0, "status"] != "ok" else "failed"
    t["projects"].loc[0, "stated_total_score"] = 1.0
    t["budgets"].loc[0, "executed"] = 1.0
    scores = score_output(t, fixture_corpus)
    assert scores["status_accuracy"] < 1.0
    assert scores["stated_total_exact"] < 1.0
    assert scores["budget_line_accuracy"] < 1.0
    t["projects"] = t["projects"].iloc[1:]
    assert score_output(t, fixture_corpus)["projects_found"] < 1.0


def test_projects_matched_by_name_not_order(fixture_corpus: Path, perfect: dict) -> None:
    t = _copy(perfect)
    t["projects"] = t["projects"].iloc[::-1].reset_index(drop=True)  # bundles share one title
    assert score_output(t, fixture_corpus) == score_output(perfect, fixture_corpus)
    t["projects"]["project_name"] = "别的项目"
    t["projects"]["title"] = "别的报告"
    scores = score_output(t, fixture_corpus)
    assert scores["projects_found"] == 0.0 and scores["indicator_f1"] == 0.0
