"""Records <-> table rows.

``*_rows`` functions turn the extractors' records into plain dict rows keyed by
the column names of ``schemas.tables``; ``projects_from_tables`` rebuilds
``Project`` records from stored tables so the validator can run again over
existing output without re-parsing. Figures round-trip exactly: the printed
text fixes the precision, the stored value fixes the units.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from extractors.checks.hierarchy import level_one_total
from extractors.numbers import Number, parse_number, to_decimal
from extractors.records import (
    BBox,
    BudgetLine,
    Discrepancy,
    IndicatorRow,
    Page,
    Project,
    ScoreStatement,
    TableCell,
)

Row = dict[str, Any]

_BUDGET_FIGURES = ("initial_budget", "adjusted_budget", "executed", "stated_rate", "weight", "score")


def project_id_for(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}:{ordinal}"


def _bbox(bbox: BBox | None) -> Row:
    if bbox is None:
        return {"x0": None, "top": None, "x1": None, "bottom": None}
    x0, top, x1, bottom = bbox
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom}


def _figure(prefix: str, number: Number | None) -> Row:
    if number is None:
        return {prefix: None, f"{prefix}_text": None}
    return {prefix: float(number.value), f"{prefix}_text": number.text}


def computed_totals(project: Project) -> tuple[Decimal | None, Decimal | None]:
    """Sum of level-1 scores and weights (+ the budget block's for self-evaluations), as the
    validator computes them: a level-1 figure that is not printed is the sum of its children's."""
    score, weight = level_one_total(project, "score"), level_one_total(project, "weight")
    return (score.value if score else None), (weight.value if weight else None)


def project_rows(doc_id: str, project: Project) -> dict[str, list[Row]]:
    """Rows for projects, indicators, scores, budgets and table_cells of one project."""
    pid = project_id_for(doc_id, project.ordinal)
    base = {"project_id": pid, "doc_id": doc_id}
    computed_score, total_weight = computed_totals(project)
    stated = project.stated_total_score
    projects = [
        {
            **base,
            "ordinal": project.ordinal,
            "report_kind": project.report_kind,
            "title": project.title,
            "project_name": project.project_name,
            "department": project.department,
            "implementing_unit": project.implementing_unit,
            "evaluator": project.evaluator,
            "fiscal_year": project.fiscal_year,
            "page_start": project.page_start,
            "page_end": project.page_end,
            "stated_total_score": float(stated.value) if stated else None,
            "stated_total_score_text": stated.text if stated else None,
            "stated_grade": project.stated_grade,
            "computed_total_score": float(computed_score) if computed_score is not None else None,
            "total_weight": float(total_weight) if total_weight is not None else None,
            "n_indicators": len(project.indicators),
            "grade_bands": json.dumps(
                [[grade, low.text, high.text] for grade, low, high in project.stated_grade_bands],
                ensure_ascii=False,
            ),
            "quality": json.dumps(project.quality, ensure_ascii=False, sort_keys=True),
        }
    ]
    indicators = [
        {
            **base,
            "indicator_id": row.indicator_id,
            "parent_id": row.parent_id,
            "level": row.level,
            "code": row.code,
            "name": row.name,
            "name_raw": row.name_raw,
            **_figure("weight", row.weight),
            **_figure("score", row.score),
            **_figure("score_rate", row.score_rate),
            "target_value": row.target_value,
            "actual_value": row.actual_value,
            "note": row.note,
            "page": row.page,
            **_bbox(row.bbox),
            "row_text": row.text,
            "line_no": row.line_no,
        }
        for row in project.indicators
    ]
    scores = [
        {
            **base,
            "indicator_id": s.indicator_id,
            "indicator_name": s.indicator_name,
            "quantity": s.quantity,
            "value": float(s.value.value) if s.value else None,
            "value_text": s.value_text,
            "expression": s.expression,
            "source": s.source,
            "page": s.page,
            "snippet": s.snippet,
            **_bbox(s.bbox),
            "line_no": s.line_no,
        }
        for s in project.scores
    ]
    budgets = [
        {
            **base,
            "line": b.line,
            **{k: v for name in _BUDGET_FIGURES for k, v in _figure(name, getattr(b, name)).items()},
            "source": b.source,
            "page": b.page,
            "text": b.text,
            **_bbox(b.bbox),
            "line_no": b.line_no,
        }
        for b in project.budgets
    ]
    cells = [
        {
            **base,
            "table_no": c.table_no,
            "row": c.row,
            "col": c.col,
            "row_label": c.row_label,
            "col_label": c.col_label,
            "text": c.text,
            "value": float(c.value.value) if c.value else None,
            "page": c.page,
            **_bbox(c.bbox),
            "line_no": c.line_no,
        }
        for c in project.cells
    ]
    return {
        "projects": projects,
        "indicators": indicators,
        "scores": scores,
        "budgets": budgets,
        "table_cells": cells,
    }


def line_rows(doc_id: str, pages: Iterable[Page]) -> list[Row]:
    return [
        {
            "doc_id": doc_id,
            "page": line.page,
            "line_no": line.line_no,
            "text": line.text,
            "text_raw": line.text_raw if line.text_raw != line.text else None,
            **_bbox(line.bbox),
            "kind": line.kind,
            "confidence": line.confidence,
            "source_line": line.source_line,
        }
        for page in pages
        for line in page.lines
    ]


def discrepancy_rows(doc_id: str, project_id: str, found: Iterable[Discrepancy]) -> list[Row]:
    return [
        {
            "project_id": project_id,
            "doc_id": doc_id,
            "rule": d.rule,
            "severity": d.severity,
            "indicator_id": d.indicator_id,
            "expected": d.expected,
            "stated": d.stated,
            "message": d.message,
            "page": d.page,
            "evidence": d.evidence,
            **_bbox(d.bbox),
            "line_no": d.line_no,
        }
        for d in found
    ]


# --- stored rows -> records (for `evalparse validate`) -------------------------------


def _stored_bbox(row: Row) -> BBox | None:
    if row.get("x0") is None:
        return None
    return (row["x0"], row["top"], row["x1"], row["bottom"])


def _stored(row: Row, prefix: str) -> Number | None:
    return to_decimal(row.get(prefix), row.get(f"{prefix}_text"))


def projects_from_rows(tables: dict[str, list[Row]]) -> list[tuple[str, Project]]:
    """Rebuild (doc_id, Project) pairs from stored rows of the project tables.

    The file type comes from the ``documents`` rows (None when they are not
    given); every record gets its stored ``line_no`` back (None in a snapshot
    written before the column existed).
    """
    file_types = {row["doc_id"]: row.get("file_type") for row in tables.get("documents", [])}
    by_project: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for name in ("indicators", "scores", "budgets", "table_cells"):
        for row in tables.get(name, []):
            by_project[row["project_id"]][name].append(row)
    rebuilt = []
    for row in tables.get("projects", []):
        parts = by_project[row["project_id"]]
        project = Project(
            ordinal=row["ordinal"],
            report_kind=row["report_kind"],
            page_start=row["page_start"],
            page_end=row["page_end"],
            title=row["title"],
            project_name=row["project_name"],
            department=row["department"],
            implementing_unit=row["implementing_unit"],
            evaluator=row["evaluator"],
            fiscal_year=row["fiscal_year"],
            stated_total_score=to_decimal(row["stated_total_score"], row.get("stated_total_score_text")),
            stated_grade=row["stated_grade"],
            quality=json.loads(row["quality"] or "{}"),
            file_type=file_types.get(row["doc_id"]),
        )
        for grade, low, high in json.loads(row.get("grade_bands") or "[]"):
            bounds = parse_number(low), parse_number(high)
            if bounds[0] is not None and bounds[1] is not None:
                project.stated_grade_bands.append((grade, bounds[0], bounds[1]))
        project.indicators = [
            IndicatorRow(
                indicator_id=r["indicator_id"],
                parent_id=r["parent_id"],
                level=r["level"],
                name=r["name"],
                name_raw=r["name_raw"],
                page=r["page"],
                code=r["code"],
                weight=_stored(r, "weight"),
                score=_stored(r, "score"),
                score_rate=_stored(r, "score_rate"),
                target_value=r["target_value"],
                actual_value=r["actual_value"],
                note=r["note"],
                bbox=_stored_bbox(r),
                text=r["row_text"] or "",
                line_no=r.get("line_no"),
            )
            for r in parts["indicators"]
        ]
        project.scores = [
            ScoreStatement(
                quantity=r["quantity"],
                value=to_decimal(r["value"], r["value_text"]),
                value_text=r["value_text"],
                source=r["source"],
                page=r["page"],
                snippet=r["snippet"],
                indicator_id=r["indicator_id"],
                indicator_name=r["indicator_name"],
                expression=r["expression"],
                bbox=_stored_bbox(r),
                line_no=r.get("line_no"),
            )
            for r in parts["scores"]
        ]
        project.budgets = [
            BudgetLine(
                line=r["line"],
                source=r["source"],
                page=r["page"],
                text=r["text"],
                bbox=_stored_bbox(r),
                line_no=r.get("line_no"),
                **{name: _stored(r, name) for name in _BUDGET_FIGURES},
            )
            for r in parts["budgets"]
        ]
        project.cells = [
            TableCell(
                table_no=r["table_no"],
                row=r["row"],
                col=r["col"],
                text=r["text"],
                page=r["page"],
                value=to_decimal(r["value"], r["text"]),
                row_label=r["row_label"],
                col_label=r["col_label"],
                bbox=_stored_bbox(r),
                line_no=r.get("line_no"),
            )
            for r in parts["table_cells"]
        ]
        rebuilt.append((row["doc_id"], project))
    return rebuilt
