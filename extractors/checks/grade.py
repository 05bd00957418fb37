"""Rule ``grade_band``: the stated grade against the band the total score falls in.

Method, step by step:

1. The total is ``Project.stated_total_score``, else the first stated total.
2. The bands are the report's own (``Project.stated_grade_bands``, e.g.
   ``90分（含）以上为优``), else the national default
   (``extractors.grades.NATIONAL_BANDS``: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60).
3. The expected grade is the band of the total; a total whose rounding
   interval straddles a band boundary accepts the grades on both sides.
4. Each stated grade (``Project.stated_grade`` unless only an indicator's
   statement gives it, and every project-level ``grade`` statement) is
   normalised (良好 → 良, 合格 → 中 …) and compared. A contradiction of the
   report's own bands is an error; of the national bands a warning, since the
   report may use another scheme without printing it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from extractors.checks.consistency import project_grade, project_grades
from extractors.checks.hierarchy import total_statements
from extractors.checks.messages import discrepancy, join_evidence, plain
from extractors.grades import NATIONAL_BANDS, grade_for, normalize_grade
from extractors.numbers import Number
from extractors.records import Discrepancy, Project

Band = tuple[str, Decimal | Number, Decimal | Number]


def check(project: Project) -> Iterator[Discrepancy]:
    """Stated grades that do not match the total score's band."""
    totals = [s for s in total_statements(project) if s.value is not None]
    if not totals:
        return
    total = totals[0]
    score = project.stated_total_score or total.value
    assert score is not None  # totals hold statements with a value
    own = bool(project.stated_grade_bands)
    bands = project.stated_grade_bands or NATIONAL_BANDS
    edges = (score.value - score.tolerance, score.value, score.value + score.tolerance)
    expected = {grade for edge in edges if (grade := grade_for(edge, bands)) is not None}
    accepted = {normalize_grade(grade) for grade in expected} - {None}
    if not accepted:
        return  # the total lies outside every band: nothing to compare with
    standard = f"{'报告所列' if own else '通行'}等级标准（{describe_bands(bands)}）"
    for text, page, line_no, snippet in _stated_grades(project):
        grade = normalize_grade(text)
        if grade is None or grade in accepted:
            continue
        yield discrepancy(
            "grade_band",
            "error" if own else "warning",
            f"总分 {score.text} 按{standard}应为“{'或'.join(sorted(expected))}”，"
            f"报告定级为“{text}”。",
            page=page,
            evidence=join_evidence([snippet, total.snippet]),
            line_no=line_no,
        )


def _stated_grades(project: Project) -> list[tuple[str, int, int | None, str]]:
    """(grade as printed, page, line, snippet) of every distinct stated grade."""
    found = [(s.value_text, s.page, s.line_no, s.snippet) for s in project_grades(project.scores)]
    stated = project_grade(project)
    if stated and all(text != stated for text, _, _, _ in found):
        found.insert(0, (stated, project.page_start, None, f"评价等级 {stated}"))
    unique: dict[str | None, tuple[str, int, int | None, str]] = {}
    for entry in found:
        unique.setdefault(normalize_grade(entry[0]), entry)
    return list(unique.values())


def describe_bands(bands: Sequence[Band]) -> str:
    """``90 分及以上为优、80–90 分为良…`` from the bands themselves."""
    parts = []
    for grade, lower, upper in bands:
        low, high = (b.value if isinstance(b, Number) else b for b in (lower, upper))
        if high.is_infinite():
            parts.append(f"{plain(low)} 分及以上为{grade}")
        elif not low:
            parts.append(f"{plain(high)} 分以下为{grade}")
        else:
            parts.append(f"{plain(low)}–{plain(high)} 分为{grade}")
    return "、".join(parts)
