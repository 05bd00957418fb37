"""Rule ``inconsistent_figure``: one quantity stated with different values.

Method, step by step:

1. Gather every statement of a weight, score, score rate or total score: the
   ``ScoreStatement`` records, the figures of the scoring-table rows (for a
   row without a printed weight or score: the sum of its children's, see
   ``hierarchy.rollup``), and the project's stated total when no statement
   repeats it.
2. Group them by (quantity, indicator): the linked ``indicator_id`` when the
   statement gives that row's name (``extractors.names.same_name``: spacing,
   numbering, codes and wrapping words such as 项目…类指标 aside), else the
   name the statement gives (a link by partial name match is not trusted);
   totals form one group.
3. Order each group by source (table, annex, narrative) and page; the first
   statement is the reference, and every other statement whose value differs
   from it beyond both figures' rounding is reported once per distinct value,
   each place named by page, or by line in a text dump (``messages.place``).
4. Points and percentages of the same quantity (``权重 20%`` against a weight
   of ``20``) are compared as printed; a difference there is a warning, since
   the two may measure different things. Score rates are compared as
   fractions.
5. Measured values of a named measure (``measured_value``: a satisfaction
   survey's result) are grouped by name alone, never by indicator: the
   survey's 86.34 分 is not the indicator's score. A value in points is on
   the survey's 100-point scale only when no indicator could have scored it
   (it exceeds every weight); then it is compared with ``85.34%`` on the percentage's scale.
   These differences are warnings: prose may state the same measure for
   different groups.
6. Two figures of three or more digits that differ in exactly one digit
   (``86.34`` / ``85.34``) get the hint that one is a misprint.
7. Project grades stated in several places (``良好`` and ``优``) are compared
   after normalisation (``extractors.grades.normalize_grade``); a grade given
   to one indicator (a survey's 满意度 grade) is not the project's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import regex

from extractors.checks.hierarchy import names_row, rollup, total_statements
from extractors.checks.messages import (
    SOURCE_NAMES,
    discrepancy,
    is_text_dump,
    join_evidence,
    place,
    plain,
    quoted,
)
from extractors.grades import normalize_grade
from extractors.names import name_key
from extractors.numbers import Number, normalize
from extractors.records import BBox, Discrepancy, Project, ScoreStatement

QUANTITY_WORDS = {"weight": "权重", "score": "得分", "score_rate": "得分率", "total_score": "总分"}
MEASURE = "measured_value"
_SOURCE_ORDER = {source: rank for rank, source in enumerate(SOURCE_NAMES)}
_HUNDRED = Decimal(100)
_DIGITS = regex.compile(r"\D")
_HINT_DIGITS = 3  # in shorter figures (3 / 4) one differing digit is no sign of a misprint
_NAME_KEY = "名称:"  # groups statements not linked to a row by the name they give


@dataclass(frozen=True, slots=True)
class _Stated:
    """One place a figure is printed."""

    quantity: str
    key: str | None  # indicator_id, or _NAME_KEY + the name; None for project totals
    name: str | None
    value: Number
    source: str
    page: int
    snippet: str
    bbox: BBox | None = None
    line_no: int | None = None
    rolled_up: bool = False  # the sum of the row's children, not a printed figure

    def place(self, is_text: bool) -> str:
        where = f"{SOURCE_NAMES.get(self.source, '报告')}{place(self.page, self.line_no, is_text)}"
        return f"{where}下级指标合计" if self.rolled_up else where


def check(project: Project) -> Iterator[Discrepancy]:
    """Differing statements of the same figure, and differing grades."""
    groups: dict[tuple[str, str | None], list[_Stated]] = {}
    for stated in _statements(project):
        groups.setdefault((stated.quantity, stated.key), []).append(stated)
    weights = [weight.value for weight in rollup(project.indicators, "weight").values()]
    survey_floor = max(weights, default=None)
    is_text = is_text_dump(project)
    for group in groups.values():
        yield from _differences(group, survey_floor, is_text)
    yield from _grades(project, is_text)


def _statements(project: Project) -> list[_Stated]:
    rows = {row.indicator_id: row for row in project.indicators}
    found = [
        _Stated(quantity, row.indicator_id, row.name, figure, "table", row.page, row.text, row.bbox,
                row.line_no)
        for row in project.indicators
        for quantity, figure in (
            ("weight", row.weight),
            ("score", row.score),
            ("score_rate", row.score_rate),
        )
        if figure is not None
    ]
    for quantity in ("weight", "score"):
        effective = rollup(project.indicators, quantity)
        found += [
            _Stated(
                quantity,
                row.indicator_id,
                row.name,
                Number(figure.value, plain(figure.value), figure.tolerance),
                "table",
                row.page,
                row.text,
                row.bbox,
                row.line_no,
                rolled_up=True,
            )
            for row in project.indicators
            if getattr(row, quantity) is None and (figure := effective.get(row.indicator_id))
        ]
    for s in project.scores:
        if s.quantity not in QUANTITY_WORDS or s.quantity == "total_score" or s.value is None:
            continue
        row = rows.get(s.indicator_id or "")
        if row is not None and names_row(s, row):
            key, name = row.indicator_id, row.name
        elif s.indicator_name:
            key, name = f"{_NAME_KEY}{name_key(s.indicator_name)}", s.indicator_name
        else:
            continue  # a figure about nothing named cannot be compared
        found.append(
            _Stated(s.quantity, key, name, s.value, s.source, s.page, s.snippet, s.bbox, s.line_no)
        )
    found += [
        _Stated("total_score", None, None, s.value, s.source, s.page, s.snippet, s.bbox,
                s.line_no)
        for s in total_statements(project)
        if s.value is not None
    ]
    found += [
        _Stated(MEASURE, f"{_NAME_KEY}{name_key(s.indicator_name)}", s.indicator_name, s.value,
                s.source, s.page, s.snippet, s.bbox, s.line_no)
        for s in project.scores
        if s.quantity == MEASURE and s.value is not None and s.indicator_name
    ]
    return found


def _comparable(
    a: _Stated, b: _Stated, survey_floor: Decimal | None
) -> tuple[Number, Number, bool] | None:
    """The two figures on one scale, and whether the scales had to be matched;
    None when a measured value in points may be an indicator's score (step 5)."""
    x, y = a.value, b.value
    if a.quantity == "score_rate" or (x.unit == "%") == (y.unit == "%"):
        return x, y, False
    if a.quantity == MEASURE and (
        survey_floor is None or any(n.unit != "%" and n.value <= survey_floor for n in (x, y))
    ):
        return None
    as_fractions = [  # a 100-point survey score on the percentage's scale: 86.34 分 -> 86.34%
        n if n.unit == "%" else Number(n.value / _HUNDRED, n.text, n.tolerance / _HUNDRED, "%")
        for n in (x, y)
    ]
    return as_fractions[0], as_fractions[1], True


def _differences(
    group: list[_Stated], survey_floor: Decimal | None, is_text: bool
) -> Iterator[Discrepancy]:
    ordered = sorted(group, key=lambda s: (_SOURCE_ORDER.get(s.source, len(_SOURCE_ORDER)), s.page))
    reference, reported = ordered[0], set()
    for other in ordered[1:]:
        scaled = _comparable(reference, other, survey_floor)
        if scaled is None:
            continue
        x, y, rescaled = scaled
        if abs(x.value - y.value) <= x.tolerance + y.tolerance or other.value.text in reported:
            continue
        reported.add(other.value.text)
        word = QUANTITY_WORDS.get(other.quantity, "")
        subject = word if other.key is None else f"{quoted(other.name)}{word}"
        hint = _one_digit(reference.value, other.value)
        yield discrepancy(
            "inconsistent_figure",
            "warning" if rescaled or other.quantity == MEASURE else "error",
            f"{subject}在{reference.place(is_text)}为 {reference.value.text}，"
            f"在{other.place(is_text)}为 {other.value.text}，前后不一致{f'；{hint}' if hint else ''}。",
            at=other,
            evidence=join_evidence([reference.snippet, other.snippet]),
            indicator_id=None if other.key is None or other.key.startswith(_NAME_KEY) else other.key,
            expected=x.value,
            stated=y,
        )


def _one_digit(a: Number, b: Number) -> str | None:
    """The hint for two printed figures whose digits differ in exactly one place."""
    digits = [_DIGITS.sub("", normalize(n.text)) for n in (a, b)]
    if len(digits[0]) != len(digits[1]) or len(digits[0]) < _HINT_DIGITS:
        return None
    differing = [(x, y) for x, y in zip(*digits, strict=True) if x != y]
    if len(differing) != 1:
        return None
    (x, y), = differing
    return f"两处仅一位数字不同（{x} 与 {y}），疑为笔误"


def project_grades(scores: list[ScoreStatement]) -> list[ScoreStatement]:
    """Grade statements about the whole project (no indicator named)."""
    return [
        s
        for s in scores
        if s.quantity == "grade" and s.value_text and s.indicator_id is None and not s.indicator_name
    ]


def project_grade(project: Project) -> str | None:
    """``Project.stated_grade``, unless the statements give it only to an indicator.

    A grade printed for one indicator (``满意度得分为 86.34 分，绩效评定级别为“良”``)
    that was taken for the project's grade is not compared with the total.
    """
    grade = project.stated_grade
    if grade is None or any(s.value_text == grade for s in project_grades(project.scores)):
        return grade
    graded = [s for s in project.scores if s.quantity == "grade" and s.value_text == grade]
    return None if graded else grade


def _grades(project: Project, is_text: bool) -> Iterator[Discrepancy]:
    graded = [
        (grade, s)
        for s in project_grades(project.scores)
        if (grade := normalize_grade(s.value_text)) is not None
    ]
    reference_text = project_grade(project) or (graded[0][1].value_text if graded else None)
    reference = normalize_grade(reference_text) if reference_text else None
    if reference is None:
        return
    reference_snippet = next((s.snippet for g, s in graded if g == reference), "")
    reported = set()
    for grade, statement in graded:
        if grade == reference or grade in reported:
            continue
        reported.add(grade)
        where = SOURCE_NAMES.get(statement.source, "报告") + place(
            statement.page, statement.line_no, is_text
        )
        yield discrepancy(
            "inconsistent_figure",
            "error",
            f"评价等级前后不一致：报告定级为“{reference_text}”，{where}为“{statement.value_text}”。",
            at=statement,
            evidence=join_evidence([reference_snippet, statement.snippet]),
        )
