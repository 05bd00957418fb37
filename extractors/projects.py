"""Entry point of the table stages: ``DocumentText`` -> ``Project`` records.

Method, per document:

1. ``segment.segment_document`` splits it into reports with their metadata and
   rows (order repair of garbled dumps happens before, in the pipeline).
2. Per report:
   - self-evaluation form -> ``self_eval`` (budget lines, indicators, 总分);
   - other reports -> the main scoring table (``indicators``) and the tables
     after it (``annex``);
   - tables no stage consumed -> ``money_tables`` cells;
   - the report's prose lines -> ``figures.extract_narrative`` when that stage
     is installed (scores, budgets, grade bands stated in sentences).
3. Every statement naming an indicator is linked to it: the same name
   (``extractors.names``: equal keys, else equal loose keys when only one row
   has that loose key) first, then an equal printed code, then the longest
   name contained in the other. The validator trusts only the first kind
   (``names.same_name``); the others serve the reviewer's view.
4. The stated total prefers the narrative's total statement for evaluation
   reports and the table's 总分 row for self-evaluations; all statements stay
   in ``Project.scores`` so the validator can compare them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import regex

from extractors.annex import annex_statements
from extractors.indicators import extract_indicators
from extractors.money_tables import money_cells
from extractors.names import loose_key, name_key
from extractors.records import DocumentText, IndicatorRow, Line, Project, ScoreStatement
from extractors.row_text import clean_name
from extractors.segment import Segment, segment_document
from extractors.self_eval import extract_self_evaluation

_CODE_PREFIX = regex.compile(r"^([A-Z]\d{0,3})\s*")


def extract_projects(doc: DocumentText) -> list[Project]:
    """Every report of ``doc`` with its indicators, statements, budgets and cells."""
    lines = {(line.page, line.line_no): line for page in doc.pages for line in page.lines}
    projects = []
    for segment in segment_document(doc):
        project = segment.project
        project.file_type = doc.file_type  # messages cite a dump's lines, a PDF's pages
        if project.report_kind == "self_evaluation":
            _fill_self_evaluation(segment)
        else:
            _fill_report(segment)
        _add_narrative(segment, lines)
        link_statements(project.indicators, project.scores)
        _set_stated(project)
        projects.append(project)
    return projects


def _fill_self_evaluation(segment: Segment) -> None:
    project = segment.project
    form = extract_self_evaluation(segment.rows)
    project.indicators = form.indicators
    project.budgets = form.budgets
    project.scores = form.statements
    project.quality.update(form.quality)


def _fill_report(segment: Segment) -> None:
    project = segment.project
    table, later = extract_indicators(segment.rows)
    project.indicators = table.indicators
    project.scores = table.statements + annex_statements(later, table.indicators)
    scoring_tables = table.tables | {row.table for block in later for row in block.rows}
    project.cells = money_cells(segment.rows, {t for t in scoring_tables if t is not None})
    project.quality.update({
        "indicator_rows": len(table.indicators),
        "unparsed_rows": table.unparsed_rows,
        "repaired_names": table.repaired_names,
    })


@cache
def _narrative() -> Callable[[Sequence[Line]], Any] | None:
    """``figures.extract_narrative`` when that stage is installed (it is optional)."""
    try:
        from extractors.figures import extract_narrative
    except ImportError:
        return None
    return extract_narrative


def _add_narrative(segment: Segment, lines: dict[tuple[int, int], Line]) -> None:
    extract = _narrative()
    if extract is None:
        return
    prose = [lines[key] for row in segment.rows if row.table is None
             and (key := (row.page, row.line_no)) in lines]
    figures = extract(prose)
    project = segment.project
    project.scores.extend(figures.scores)
    project.budgets.extend(figures.budgets)
    project.stated_grade_bands.extend(figures.grade_bands)


def link_statements(indicators: Sequence[IndicatorRow], statements: Sequence[ScoreStatement]) -> None:
    """Set ``indicator_id`` of statements that name an indicator (module doc, step 3)."""
    by_key: dict[str, IndicatorRow] = {}
    by_loose: dict[str, list[IndicatorRow]] = {}
    by_code: dict[str, IndicatorRow] = {}
    for node in indicators:
        by_key.setdefault(name_key(node.name), node)
        by_loose.setdefault(loose_key(node.name), []).append(node)
        if node.code:
            by_code.setdefault(node.code, node)
    for statement in statements:
        if statement.indicator_id is not None or not statement.indicator_name:
            continue
        node = _match(statement, by_key, by_loose, by_code)
        if node is not None:
            statement.indicator_id = node.indicator_id


def _match(statement: ScoreStatement, by_key: dict[str, IndicatorRow],
           by_loose: dict[str, list[IndicatorRow]],
           by_code: dict[str, IndicatorRow]) -> IndicatorRow | None:
    name = statement.indicator_name or ""
    key = name_key(name)
    if key in by_key:
        return by_key[key]
    loose = by_loose.get(loose_key(name), [])
    if len(loose) == 1:  # two rows with one loose key: the wrapping words tell them apart
        return loose[0]
    code = statement.indicator_code or _code(name)
    if code in by_code:
        return by_code[code]
    contained = [k for k in by_key if k and key and (k in key or key in k)]
    return by_key[max(contained, key=len)] if contained else None


def _code(name: str) -> str | None:
    match = _CODE_PREFIX.match(clean_name(name))
    return match[1] if match else None


def _set_stated(project: Project) -> None:
    totals = [s for s in project.scores if s.quantity == "total_score" and s.value is not None]
    preferred = "table" if project.report_kind == "self_evaluation" else "narrative"
    ranked = sorted(totals, key=lambda s: s.source != preferred)
    if ranked:
        project.stated_total_score = ranked[0].value
    grades = [s for s in project.scores if s.quantity == "grade" and s.value_text]
    if grades:
        project.stated_grade = grades[0].value_text
