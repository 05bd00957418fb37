"""The output contract: fixed table and column names, and a data dictionary that is current."""

from __future__ import annotations

from pathlib import Path

from schemas.dictionary import render
from schemas.tables import TABLES

# The contract's tables and columns (shared/CONTRACT.md): these names never change.
CONTRACT = {
    "documents": "doc_id source_path file_type n_pages status error text_source n_projects",
    "projects": "project_id doc_id report_kind title project_name department implementing_unit evaluator "
    "fiscal_year page_start page_end stated_total_score stated_grade computed_total_score total_weight",
    "indicators": "project_id indicator_id parent_id level code name name_raw weight score target_value "
    "actual_value note page",
    "scores": "project_id indicator_id quantity value value_text source page snippet",
    "budgets": "project_id line initial_budget adjusted_budget executed stated_rate weight score source page text",
    "discrepancies": "project_id rule severity indicator_id expected stated message page evidence",
    "lines": "doc_id page line_no text text_raw x0 top x1 bottom kind",
}


def test_every_contract_column_exists() -> None:
    for table, columns in CONTRACT.items():
        names = TABLES[table].names
        missing = [column for column in columns.split() if column not in names]
        assert not missing, (table, missing)


def test_contract_types() -> None:
    assert str(TABLES["documents"].field("n_pages").type) == "int32"
    assert str(TABLES["indicators"].field("level").type) == "int8"
    assert str(TABLES["projects"].field("stated_total_score").type) == "double"
    assert str(TABLES["budgets"].field("executed").type) == "double"


def test_data_dictionary_is_current() -> None:
    committed = (Path(__file__).resolve().parent.parent / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == render(), "run `make docs` to regenerate docs/data-dictionary.md"
