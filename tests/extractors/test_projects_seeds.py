"""End to end on the seeds: ``extract_projects`` against the hand-recorded truth.

Indicator F1 counts an extracted indicator as correct when its (level, name,
weight, score) equals a truth indicator's.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from extractors.projects import extract_projects
from extractors.records import IndicatorRow, Project
from extractors.text_dump import read_text_dump

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HAS_ORDER_REPAIR = importlib.util.find_spec("extractors.order_text") is not None


@cache
def seed_projects(prefix: str) -> tuple[Project, ...]:
    path = next((FIXTURES / "seeds").glob(f"{prefix}_*.txt"))
    return tuple(extract_projects(read_text_dump(path.read_text(encoding="utf-8"))))


def truth(prefix: str) -> list[dict]:
    data = json.loads((FIXTURES / "seeds_truth" / f"{prefix}.json").read_text(encoding="utf-8"))
    return data["projects"]


def _number(value: object) -> float | None:
    return None if value is None else round(float(value), 6)


def _key(level: int, name: str, weight: object, score: object) -> tuple:
    return (level, name, _number(weight), _number(score))


def found_key(row: IndicatorRow) -> tuple:
    return _key(row.level, row.name, row.weight and row.weight.value, row.score and row.score.value)


def indicator_f1(found: list[IndicatorRow], expected: list[dict]) -> float:
    got = Counter(found_key(row) for row in found)
    want = Counter(_key(t["level"], t["name"], t["weight"], t["score"]) for t in expected)
    hits = sum((got & want).values())
    if not hits:
        return 0.0
    precision, recall = hits / sum(got.values()), hits / sum(want.values())
    return 2 * precision * recall / (precision + recall)


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_clean_tables_are_exact(prefix: str) -> None:
    (project,) = seed_projects(prefix)
    (expected,) = truth(prefix)
    assert indicator_f1(project.indicators, expected["indicators"]) == 1.0
    assert float(project.stated_total_score.value) == expected["stated_total_score"]
    assert project.quality["unparsed_rows"] == 0


def test_annex_figures_are_statements_linked_to_the_hierarchy() -> None:
    (project,) = seed_projects("001")
    annex = [s for s in project.scores if s.source == "annex"]
    assert annex and all(s.indicator_id is not None for s in annex)
    by_id = {row.indicator_id: row for row in project.indicators}
    for statement in annex:
        node = by_id[statement.indicator_id]
        printed = node.weight if statement.quantity == "weight" else node.score
        assert printed is not None and printed.value == statement.value.value, statement.snippet


def test_money_table_cells_carry_the_caption_unit() -> None:
    (project,) = seed_projects("001")
    cell = next(c for c in project.cells if c.text == "3136.08")
    assert cell.col_label == "金额" and cell.value.value == 31_360_800
    assert cell.row_label == "2016 年 20% 单一窗口平台政府运维补贴资金尾款"


def test_self_evaluations_stated_totals_and_budget_scores() -> None:
    projects = seed_projects("003")
    expected = truth("003")
    assert len(projects) == len(expected) == 57
    assert [float(p.stated_total_score.value) for p in projects] == [
        t["stated_total_score"] for t in expected
    ]
    assert all(p.indicators for p in projects)


@cache
def repaired_000() -> tuple[Project, ...]:
    """Seed 000 as the pipeline sees it: order repair first, then the table stages."""
    from extractors.order_document import repair_document

    path = next((FIXTURES / "seeds").glob("000_*.txt"))
    doc = repair_document(read_text_dump(path.read_text(encoding="utf-8")))
    return tuple(extract_projects(doc))


@pytest.mark.skipif(not HAS_ORDER_REPAIR, reason="needs extractors.order_text (restore_term)")
def test_garbled_reports_without_line_repair() -> None:
    projects = seed_projects("000")
    expected = truth("000")
    assert [p.title for p in projects] == [t["title"] for t in expected]
    first = indicator_f1(projects[0].indicators, expected[0]["indicators"])
    assert first >= 0.95, first  # names restored by anagram lookup alone


@pytest.mark.skipif(not HAS_ORDER_REPAIR, reason="needs extractors.order_text (repair_document)")
def test_garbled_reports_scoring_tables() -> None:
    projects = repaired_000()
    expected = truth("000")
    assert len(projects) == 2
    for project, recorded in zip(projects, expected, strict=True):
        # The structure (levels, weights, scores) is exact; names depend on the
        # order repair (measured by F1: every one of the 70 is right).
        got = [(r.level, _number(r.weight and r.weight.value), _number(r.score and r.score.value))
               for r in project.indicators]
        assert got == [(t["level"], _number(t["weight"]), _number(t["score"]))
                       for t in recorded["indicators"]]
    scores = [indicator_f1(p.indicators, t["indicators"]) for p, t in zip(projects, expected, strict=True)]
    assert scores == [1.0, 1.0], scores
    assert float(projects[0].stated_total_score.value) == 89.03


@pytest.mark.skipif(not HAS_ORDER_REPAIR, reason="needs extractors.order_text (repair_document)")
def test_garbled_vertical_annex_restates_the_scoring_table() -> None:
    """The annex 指标体系 of both garbled reports (one cell per line) gives weight
    and score statements linked to the scoring table by name; they repeat the
    table's figures, except the one real contradiction (docs/findings.md, 1)."""
    differing = []
    for project in repaired_000():
        by_id = {row.indicator_id: row for row in project.indicators}
        linked = [s for s in project.scores if s.source == "annex" and s.indicator_id in by_id
                  and s.indicator_name == by_id[s.indicator_id].name]
        compared = [(by_id[s.indicator_id], s) for s in linked
                    if getattr(by_id[s.indicator_id], s.quantity) is not None]
        assert len(compared) >= 30, len(compared)
        differing += [(row.name, s.quantity, getattr(row, s.quantity).text, s.value_text)
                      for row, s in compared if getattr(row, s.quantity).value != s.value.value]
    assert differing == [("质量达标率", "weight", "15.00", "20")]


@pytest.fixture(scope="module")
def builder_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    builder = pytest.importorskip("tests.fixtures.builder")
    pytest.importorskip("extractors.text_layer")
    return builder.build_corpus(tmp_path_factory.mktemp("corpus"))


def test_generated_clean_pdfs(builder_corpus: list[Path]) -> None:
    """The builder's clean PDFs through the PDF text layer: every report, every indicator."""
    import pymupdf

    from extractors.records import DocumentText
    from extractors.text_layer import extract_page

    checked = 0
    for pdf in builder_corpus:
        recorded = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        if recorded["quirks"] != ["clean"] or not recorded["projects"]:
            continue
        with pymupdf.open(pdf) as document:
            pages = [extract_page(page, number) for number, page in enumerate(document, start=1)]
        projects = extract_projects(DocumentText(pages, "pdf_text", "pdf"))
        assert len(projects) == len(recorded["projects"]), pdf.name
        for project, expected in zip(projects, recorded["projects"], strict=True):
            assert project.report_kind == expected["report_kind"], pdf.name
            assert indicator_f1(project.indicators, expected["indicators"]) == 1.0, pdf.name
            assert float(project.stated_total_score.value) == expected["stated_total_score"]
            assert (project.page_start, project.page_end) == (expected["page_start"],
                                                              expected["page_end"]), pdf.name
        checked += 1
    assert checked >= 5
