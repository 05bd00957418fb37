from __future__ import annotations

from decimal import Decimal

from extractors.checks import grade
from extractors.grades import NATIONAL_BANDS
from extractors.records import Project
from tests.extractors.checks.build import num, statement

OWN_BANDS = [("优", num("85"), num("100")), ("良", num("70"), num("85")), ("差", num("0"), num("70"))]


def _check(total: str | None, stated_grade: str | None, bands=(), scores=()):
    project = Project(
        0,
        "evaluation_report",
        1,
        20,
        stated_total_score=None if total is None else num(total),
        stated_grade=stated_grade,
        stated_grade_bands=list(bands),
        scores=list(scores),
    )
    return list(grade.check(project))


def test_report_bands_override_national_ones():
    assert _check("86.74", "优", OWN_BANDS) == []  # 优 from 85 in this report
    (found,) = _check("86.74", "良", OWN_BANDS)
    assert (found.rule, found.severity) == ("grade_band", "error")
    assert found.message == (
        "总分 86.74 按报告所列等级标准（85–100 分为优、70–85 分为良、70 分以下为差）应为“优”，报告定级为“良”。"
    )


def test_national_bands_give_a_warning():
    assert _check("89.03", "良好", ()) == []
    (found,) = _check("89.03", "优秀", ())
    assert found.severity == "warning"
    assert "90 分及以上为优" in found.message


def test_grade_statements_are_checked_and_boundary_rounding_accepted():
    # 89.995 < 90 prints as 90.0 (±0.05): 良 and 优 are both consistent with it.
    assert _check("90.0", "良") == []
    (found,) = _check("75", None, scores=[statement("grade", "良", page=6)])
    assert (found.page, found.severity) == (6, "warning")


def test_nothing_without_a_total_or_a_grade():
    assert _check(None, "优") == []
    assert _check("95", None) == []


def test_describe_bands():
    assert grade.describe_bands(NATIONAL_BANDS[2:]) == "60–80 分为中、60 分以下为差"
    assert grade.describe_bands([("优", Decimal(90), Decimal("Infinity"))]) == "90 分及以上为优"


def test_an_indicator_grade_is_not_the_project_grade():
    # Seed 004: 满意度得分为 86.34 分，绩效评定级别为“良” grades the survey, not the 93.78 total.
    survey = statement("grade", "良", page=9, indicator_name="公众满意度")
    assert _check("93.78", "良", scores=[survey]) == []
    assert len(_check("93.78", "良", scores=[survey, statement("grade", "良", page=2)])) == 1
