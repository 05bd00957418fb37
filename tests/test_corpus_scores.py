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


def test_pdf_indicator_rows_cite_their_line_on_the_page(corpus_tables: dict[str, pd.DataFrame]) -> None:
    """In a PDF, ``line_no`` is the row's ``lines.line_no`` on its page: the cited
    line prints the indicator's name."""
    documents, lines = corpus_tables["documents"], corpus_tables["lines"]
    pdfs = set(documents.loc[documents["file_type"] == "pdf", "doc_id"])
    printed = {(r.doc_id, r.page, r.line_no): r.text.replace(" ", "") for r in lines.itertuples()}
    rows = [r for r in corpus_tables["indicators"].itertuples() if r.doc_id in pdfs]
    assert rows
    for row in rows:
        assert row.name.replace(" ", "") in printed.get((row.doc_id, row.page, row.line_no), ""), row
