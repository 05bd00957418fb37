"""Segmentation: reports found per seed, their kind and metadata, against hand-recorded truth."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from extractors.segment import segment_document
from extractors.text_dump import read_text_dump

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@cache
def seed_segments(prefix: str):
    path = next((FIXTURES / "seeds").glob(f"{prefix}_*.txt"))
    return segment_document(read_text_dump(path.read_text(encoding="utf-8")))


def truth(prefix: str) -> dict:
    return json.loads((FIXTURES / "seeds_truth" / f"{prefix}.json").read_text(encoding="utf-8"))


def test_self_evaluation_bundle_has_57_forms_with_their_names() -> None:
    projects = [s.project for s in seed_segments("003")]
    expected = [p["project_name"] for p in truth("003")["projects"]]
    assert [p.project_name for p in projects] == expected
    assert len(projects) == 57
    assert {p.report_kind for p in projects} == {"self_evaluation"}
    assert {p.fiscal_year for p in projects} == {2020}
    assert projects[0].department == "深圳市商务局"


def test_garbled_dump_holds_two_reports() -> None:
    projects = [s.project for s in seed_segments("000")]
    expected = truth("000")["projects"]
    assert [p.title for p in projects] == [p["title"] for p in expected]
    assert [p.fiscal_year for p in projects] == [p["fiscal_year"] for p in expected]
    assert projects[0].project_name == "报关单预录入系统安装维护费及数据传输处理费"


def test_single_report_metadata() -> None:
    (segment,) = seed_segments("001")
    project, expected = segment.project, truth("001")["projects"][0]
    for key in ("report_kind", "title", "project_name", "department", "evaluator", "fiscal_year"):
        assert getattr(project, key) == expected[key], key


def test_department_evaluation() -> None:
    (segment,) = seed_segments("004")
    expected = truth("004")["projects"][0]
    assert segment.project.report_kind == "department_evaluation"
    assert segment.project.project_name == expected["project_name"]
    assert segment.project.fiscal_year == 2021


FORM = "项目支出绩效自评表\n项目名称\t{name}\t\t项目金额\t100.00\n主管部门\t某局\t\t实施单位\t某中心\n"


@pytest.mark.parametrize(
    ("second", "count"),
    [("甲项目", 1), ("甲项目（续", 1), ("乙项目", 2)],
)
def test_repeated_form_header_is_a_continuation(second: str, count: int) -> None:
    text = FORM.format(name="甲项目") + FORM.format(name=second) + "总分\t\t100\t90\t—\n"
    segments = segment_document(read_text_dump(text))
    assert len(segments) == count
    assert segments[0].project.implementing_unit == "某中心"


def test_same_name_after_total_is_a_new_form() -> None:
    closed = FORM.format(name="甲项目") + "总分\t\t100\t90\t—\n"
    segments = segment_document(read_text_dump(closed + closed))
    assert len(segments) == 2
