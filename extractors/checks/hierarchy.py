"""Rules on the indicator hierarchy: children sums, totals, bounds, score rates.

Rules: ``children_weight_sum``, ``children_score_sum``, ``total_score_sum``,
``weight_total``, ``score_exceeds_weight``, ``score_rate``.

Method, step by step:

1. ``rollup`` gives every node an effective weight and score: the printed
   figure where the row prints one, else the sum of its children's effective
   figures when every child has one (self-evaluation tables print weights only
   on the leaves). Tolerances add up along the way.
2. A parent whose figure is *printed* is compared with the sum of its
   children's effective figures — only when every child has the figure.
3. The level-1 effective figures, plus for self-evaluations the scored budget
   line of the budget block (source ``table`` with a weight), are compared with
   every stated total score (``Project.stated_total_score`` and each
   ``total_score`` statement) and with the total weight: the printed one
   (error) or the 100 points every report family is scored out of (warning).
4. Each row's score must lie in [0, weight]; a printed score rate (in the row
   or in a ``score_rate`` statement that names the row exactly) must equal
   score ÷ weight — the score the same sentence states, when it states one,
   else the row's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import regex

from extractors.checks.messages import (
    RATE_PLACES,
    SOURCE_PLACES,
    discrepancy,
    join_evidence,
    mismatch,
    places_of,
    quoted,
    show,
)
from extractors.estimate import Estimate, total
from extractors.names import same_name
from extractors.numbers import Number
from extractors.records import (
    BBox,
    BudgetLine,
    Discrepancy,
    IndicatorRow,
    Project,
    ScoreStatement,
)

FULL_MARKS = Number(Decimal(100), "100")
"""Every report family (evaluation, self-evaluation, department) is scored out of 100."""

_TOTAL_NAME = regex.compile(r"总分|合计|总计|满分")
_FIGURE_WORDS = {"weight": "权重", "score": "得分"}


def rollup(rows: Sequence[IndicatorRow], figure: str) -> dict[str, Estimate]:
    """Effective ``figure`` ('weight' or 'score') of every node that has one.

    Deepest levels first, so a parent sees its children's results.
    """
    children = children_of(rows)
    effective: dict[str, Estimate] = {}
    for row in sorted(rows, key=lambda r: r.level, reverse=True):
        printed: Number | None = getattr(row, figure)
        kids = children.get(row.indicator_id, [])
        if printed is not None:
            effective[row.indicator_id] = Estimate.of(printed)
        elif kids and all(kid.indicator_id in effective for kid in kids):
            effective[row.indicator_id] = total(effective[kid.indicator_id] for kid in kids)
    return effective


def children_of(rows: Sequence[IndicatorRow]) -> dict[str | None, list[IndicatorRow]]:
    """Rows grouped by parent id, in table order."""
    children: dict[str | None, list[IndicatorRow]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    return children


def names_row(statement: ScoreStatement, row: IndicatorRow) -> bool:
    """True when the statement speaks of exactly this row (or names nothing).

    Only the same name counts (``extractors.names.same_name``: ``项目决策类指标``
    is the row ``决策``). A link made by partial name matching
    (``市口岸办补贴资金拨付足额情况`` to the row ``补贴资金拨付足额情况``) is not
    trusted for a contradiction.
    """
    if not statement.indicator_name:
        return True
    return any(same_name(statement.indicator_name, name) for name in (row.name, row.name_raw))


def check(project: Project) -> Iterator[Discrepancy]:
    """All hierarchy rules for one project."""
    weights = rollup(project.indicators, "weight")
    scores = rollup(project.indicators, "score")
    yield from _children_sums(project.indicators, "weight", weights, "children_weight_sum")
    yield from _children_sums(project.indicators, "score", scores, "children_score_sum")
    yield from _total_score(project, scores)
    yield from _weight_total(project, weights)
    yield from _score_bounds(project)
    yield from _score_rates(project, weights, scores)


def _children_sums(
    rows: Sequence[IndicatorRow], figure: str, effective: dict[str, Estimate], rule: str
) -> Iterator[Discrepancy]:
    children = children_of(rows)
    for parent in rows:
        printed: Number | None = getattr(parent, figure)
        kids = children.get(parent.indicator_id, [])
        if printed is None or not kids or any(k.indicator_id not in effective for k in kids):
            continue
        computed = total(effective[kid.indicator_id] for kid in kids)
        if computed.agrees(printed):
            continue
        operands = [getattr(kid, figure) for kid in kids if getattr(kid, figure) is not None]
        message = mismatch(
            f"{quoted(parent.name)}下级指标{_FIGURE_WORDS[figure]}合计",
            computed,
            printed,
            places=places_of(*operands),
        )
        yield discrepancy(
            rule,
            "error",
            message,
            at=parent,
            evidence=join_evidence([parent.text] + [kid.text for kid in kids]),
            indicator_id=parent.indicator_id,
            expected=computed.value,
            stated=printed,
        )


def level_one_total(project: Project, figure: str) -> Estimate | None:
    """The project's total ``figure`` ('score' or 'weight') as its rows add up: level-1
    figures (a level 1 without one counts its children's) plus a self-evaluation's scored
    budget line; None when a part is missing."""
    summed = _level_one(project, figure, rollup(project.indicators, figure))
    return summed[0] if summed else None


def _level_one(
    project: Project, figure: str, effective: dict[str, Estimate]
) -> tuple[Estimate, list[str], list[Number]] | None:
    """Sum of the level-1 figures (+ scored budget lines of a self-evaluation).

    Returns (sum, evidence texts, printed operands), or None when a part is missing.
    """
    tops = [row for row in project.indicators if row.parent_id is None]
    if not tops or any(row.indicator_id not in effective for row in tops):
        return None
    parts = [effective[row.indicator_id] for row in tops]
    evidence = [row.text for row in tops]
    printed = [getattr(row, figure) for row in tops if getattr(row, figure) is not None]
    for line in _scored_budget_lines(project):
        figure_value: Number | None = getattr(line, figure)
        if figure_value is None:
            return None
        parts.append(Estimate.of(figure_value))
        evidence.append(line.text)
        printed.append(figure_value)
    return total(parts), evidence, printed


def _scored_budget_lines(project: Project) -> list[BudgetLine]:
    """The budget block's scored line(s): a self-evaluation counts them in the total."""
    if project.report_kind != "self_evaluation":
        return []
    return [line for line in project.budgets if line.source == "table" and line.weight is not None]


def _total_score(project: Project, scores: dict[str, Estimate]) -> Iterator[Discrepancy]:
    summed = _level_one(project, "score", scores)
    if summed is None:
        return
    computed, evidence, operands = summed
    for statement in total_statements(project):
        assert statement.value is not None  # filtered in _total_statements
        if computed.agrees(statement.value):
            continue
        message = mismatch(
            "各一级指标得分合计",
            computed,
            statement.value,
            where=SOURCE_PLACES.get(statement.source, "报告中"),
            places=places_of(*operands),
        )
        yield discrepancy(
            "total_score_sum",
            "error",
            message,
            at=statement,
            evidence=join_evidence([statement.snippet, *evidence]),
            expected=computed.value,
            stated=statement.value,
        )


def total_statements(project: Project) -> list[ScoreStatement]:
    """Every stated total score; the project's own figure when no statement repeats it."""
    statements = [
        s for s in project.scores if s.quantity == "total_score" and s.value is not None
    ]
    stated = project.stated_total_score
    if stated is not None and all(
        s.value is None or s.value.value != stated.value for s in statements
    ):
        statements.append(
            ScoreStatement(
                quantity="total_score",
                value=stated,
                value_text=stated.text,
                source="table" if project.report_kind == "self_evaluation" else "narrative",
                page=project.page_start,
                snippet=f"总分 {stated.text}",
            )
        )
    return statements


def _weight_total(project: Project, weights: dict[str, Estimate]) -> Iterator[Discrepancy]:
    summed = _level_one(project, "weight", weights)
    if summed is None:
        return
    computed, evidence, operands = summed
    printed = [
        s
        for s in project.scores
        if s.value is not None
        and (
            s.quantity == "total_weight"
            or (
                s.quantity == "weight"
                and s.indicator_id is None
                and _TOTAL_NAME.search(s.indicator_name or "")
            )
        )
    ]
    for statement in printed:
        assert statement.value is not None  # filtered above
        if computed.agrees(statement.value):
            continue
        yield discrepancy(
            "weight_total",
            "error",
            mismatch(
                "各一级指标权重合计",
                computed,
                statement.value,
                where=SOURCE_PLACES.get(statement.source, "报告中"),
                places=places_of(*operands),
            ),
            page=statement.page,
            evidence=join_evidence([statement.snippet, *evidence]),
            expected=computed.value,
            stated=statement.value,
            bbox=statement.bbox,
            line_no=statement.line_no,
        )
    if printed or computed.agrees(FULL_MARKS):
        return
    shown = show(computed.value, FULL_MARKS, places_of(*operands))
    yield discrepancy(
        "weight_total",
        "warning",
        f"各一级指标权重合计 {shown}，不等于满分 100（报告未列总权重，请核对是否漏列或错列指标）。",
        page=project.page_start,
        evidence=join_evidence(evidence),
        expected=computed.value,
        stated=FULL_MARKS,
    )


@dataclass(frozen=True, slots=True)
class _Printed:
    """A printed figure of a row or statement, with where it stands."""

    name: str
    indicator_id: str | None
    figure: Number
    text: str
    page: int
    bbox: BBox | None
    line_no: int | None
    where: str = "表中"
    score: Number | None = None  # the score printed beside a stated rate, if any


def _score_bounds(project: Project) -> Iterator[Discrepancy]:
    """0 ≤ score ≤ weight for indicator rows and scored budget lines."""
    scored = [
        (_Printed(row.name, row.indicator_id, row.score, row.text, row.page, row.bbox, row.line_no),
         row.weight)
        for row in project.indicators
        if row.score is not None and row.weight is not None
    ]
    scored += [
        (_Printed(line.line, None, line.score, line.text, line.page, line.bbox, line.line_no),
         line.weight)
        for line in project.budgets
        if line.score is not None and line.weight is not None
    ]
    for printed, weight in scored:
        score = printed.figure
        if score.value < -score.tolerance:
            message = f"{quoted(printed.name)}得分 {score.text} 为负数。"
            expected = Decimal(0)
        elif score.value > weight.value + score.tolerance + weight.tolerance:
            message = f"{quoted(printed.name)}得分 {score.text} 超过其权重 {weight.text}。"
            expected = weight.value
        else:
            continue
        yield discrepancy(
            "score_exceeds_weight",
            "error",
            message,
            at=printed,
            evidence=printed.text,
            indicator_id=printed.indicator_id,
            expected=expected,
            stated=score,
        )


def _score_rates(
    project: Project, weights: dict[str, Estimate], scores: dict[str, Estimate]
) -> Iterator[Discrepancy]:
    """Printed score rates (row column or statements) against score ÷ weight."""
    rows = {row.indicator_id: row for row in project.indicators}
    printed = [
        _Printed(row.name, row.indicator_id, row.score_rate, row.text, row.page, row.bbox,
                 row.line_no)
        for row in project.indicators
        if row.score_rate is not None
    ]
    printed += [
        _Printed(
            rows[s.indicator_id].name,
            s.indicator_id,
            s.value,
            s.snippet,
            s.page,
            s.bbox,
            s.line_no,
            SOURCE_PLACES[s.source],
            _score_beside(project.scores, s),
        )
        for s in project.scores
        if s.quantity == "score_rate"
        and s.value is not None
        and s.indicator_id in rows
        and names_row(s, rows[s.indicator_id])
        and s.source in SOURCE_PLACES
    ]
    for rate in printed:
        assert rate.indicator_id is not None  # every score rate belongs to a row
        weight = weights.get(rate.indicator_id)
        score = Estimate.of(rate.score) if rate.score is not None else scores.get(rate.indicator_id)
        computed = None if weight is None or score is None else score.over(weight)
        if computed is None or computed.agrees(rate.figure):
            continue
        yield discrepancy(
            "score_rate",
            "error",
            mismatch(
                f"{quoted(rate.name)}得分率（得分 ÷ 权重）应为",
                computed,
                rate.figure,
                where=rate.where,
                places=RATE_PLACES,
            ),
            page=rate.page,
            evidence=join_evidence([rate.text, rows[rate.indicator_id].text]),
            indicator_id=rate.indicator_id,
            expected=computed.value,
            stated=rate.figure,
            bbox=rate.bbox,
            line_no=rate.line_no,
        )


def _score_beside(scores: Sequence[ScoreStatement], rate: ScoreStatement) -> Number | None:
    """The score the same sentence states for the rate's indicator.

    ``项目决策类指标得 17 分，得分率为 85%`` computes its rate from its own 17: a
    table printing 16.5 contradicts the score (``inconsistent_figure``), not
    the rate.
    """
    return next(
        (
            s.value
            for s in scores
            if s.quantity == "score"
            and s.indicator_id == rate.indicator_id
            and s.source == rate.source
            and s.snippet == rate.snippet
            and s.value is not None
        ),
        None,
    )
