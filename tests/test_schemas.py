"""The output contract: fixed table and column names, and a data dictionary that is current."""

from __future__ import annotations

from pathlib import Path

from extractors.analyse import analyse_document
from extractors.checks import validate_project
from extractors.text_dump import read_text_dump
from schemas.convert import discrepancy_rows, line_rows, project_rows, projects_from_rows
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


def test_line_numbers_round_trip_through_the_tables() -> None:
    """Seed 001 through the full chain, into rows and back: every record keeps its
    line, the file type comes back from ``documents``, and the validator run on
    the rebuilt project gives the same findings, cited by line."""
    seeds = Path(__file__).resolve().parent / "fixtures" / "seeds"
    text = next(seeds.glob("001_*.txt")).read_text(encoding="utf-8")
    analysis = analyse_document(read_text_dump(text))
    project, found = analysis.projects[0], analysis.discrepancies[0]
    tables = project_rows("d", project)
    tables["documents"] = [{"doc_id": "d", "file_type": "txt"}]
    tables["discrepancies"] = discrepancy_rows("d", "d:0", found)
    for name in ("indicators", "scores", "budgets", "table_cells", "discrepancies"):
        assert tables[name] and all(set(row) <= set(TABLES[name].names) for row in tables[name])
        assert all(row["line_no"] is not None for row in tables[name]), name
    (_, rebuilt), = projects_from_rows(tables)
    assert rebuilt.file_type == "txt"
    for records in ("indicators", "scores", "budgets", "cells"):
        assert [r.line_no for r in getattr(rebuilt, records)] == [
            r.line_no for r in getattr(project, records)
        ], records
    again = validate_project(rebuilt)
    assert [(d.rule, d.line_no, d.message) for d in again] == [(d.rule, d.line_no, d.message) for d in found]
    assert [row["line_no"] for row in tables["discrepancies"] if row["rule"] == "table_sum"] == [200, 202]
    lines = line_rows("d", analysis.doc.pages)
    assert {row["source_line"] for row in lines if "功能完善\t140.53" in row["text"]} == {200}


def test_computed_totals_of_seed_003_match_every_printed_total() -> None:
    """Self-evaluations print figures on leaves only: level-1 sums come from their children,
    plus the budget block's 分值/得分 (all 57 tables of seed 003 add up; docs/findings.md)."""
    from extractors.analyse import analyse_document
    from extractors.text_dump import read_text_dump
    from schemas.convert import project_rows

    seed = Path(__file__).resolve().parent / "fixtures" / "seeds"
    text = next(seed.glob("003_*.txt")).read_text(encoding="utf-8")
    rows = [project_rows("d", p)["projects"][0] for p in analyse_document(read_text_dump(text)).projects]
    assert len(rows) == 57
    assert all(row["total_weight"] == 100 for row in rows)
    matched = [row for row in rows if row["computed_total_score"] == row["stated_total_score"]]
    missing = [row for row in rows if row["computed_total_score"] is None]
    assert len(matched) == 56 and len(missing) == 1  # one form prints no budget 得分 column
