"""The whole pipeline on the generated fixture corpus, scored against its truth.

The corpus is parsed once per session; each test asserts one target of the
scorer (``tests.scoring``), so a regression names the metric it broke.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.run import parse_inputs
from tests.scoring import score_output

TABLES = ("documents", "projects", "indicators", "scores", "budgets", "discrepancies", "lines")
TARGETS = {
    "indicator_f1": 0.98,
    "projects_found": 0.99,
    "stated_total_exact": 0.99,
    "budget_line_accuracy": 0.99,
    "discrepancy_recall": 0.95,
    "discrepancy_precision": 0.9,
    "paragraph_order": 0.995,
    "status_accuracy": 1.0,
}


@pytest.fixture(scope="session")
def corpus_tables(fixture_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    out = tmp_path_factory.mktemp("corpus_parsed")
    parse_inputs([fixture_corpus], out, jobs=2)
    return {name: pq.read_table(out / f"{name}.parquet").to_pandas() for name in TABLES}


@pytest.fixture(scope="session")
def scores(corpus_tables: dict[str, pd.DataFrame], fixture_corpus: Path) -> dict[str, float]:
    return score_output(corpus_tables, fixture_corpus)


@pytest.mark.parametrize(("metric", "target"), TARGETS.items())
def test_metric_reaches_its_target(scores: dict[str, float], metric: str, target: float) -> None:
    assert scores[metric] >= target, f"{metric} = {scores[metric]:.3f} < {target}"


def test_no_error_in_files_declared_consistent(
    corpus_tables: dict[str, pd.DataFrame], fixture_corpus: Path
) -> None:
    documents, found = corpus_tables["documents"], corpus_tables["discrepancies"]
    consistent = [
        truth["file"]
        for path in sorted(fixture_corpus.glob("*.truth.json"))
        if (truth := json.loads(path.read_text(encoding="utf-8")))["consistent"] and truth["projects"]
    ]
    assert consistent  # the corpus declares some files discrepancy-free
    for file in consistent:
        doc_ids = documents.loc[documents["source_path"].astype(str).str.endswith(file), "doc_id"]
        errors = found[found["doc_id"].isin(doc_ids) & (found["severity"] == "error")]
        assert errors.empty, f"{file}: {errors['message'].tolist()}"
