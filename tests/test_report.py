"""The reviewers' report from hand-built tables: HTML, Markdown and CSV content.

The tables describe two projects — one in a tiny PDF drawn here with PyMuPDF
(so a page crop is rendered), one in a text dump — and three discrepancies of
different severities and rules, plus a failed file.
"""

from __future__ import annotations

import base64
import csv
import sys
import types
from pathlib import Path

import pandas as pd
import pymupdf
import pytest

from pipeline.page_crops import HIGHLIGHT, CropRequest, render_crops
from pipeline.report import attach_crops, write_report
from pipeline.report_model import build_report_data

RULE_TEXTS = {
    "children_score_sum": "下级指标得分之和应等于上级指标得分",
    "total_score_sum": "一级指标得分之和应等于报告总分",
    "execution_rate": "执行率应等于执行数除以调整后预算数",
}
SCORE_CELL = (300.0, 200.0, 360.0, 220.0)  # bbox of the printed "18" in the drawn PDF


def draw_pdf(path: Path) -> Path:
    """A one-page scoring table: header row and the 决策 row whose score is wrong."""
    doc = pymupdf.open()
    page = doc.new_page()  # A4
    page.insert_text((72, 120), "绩效评价指标体系评分表", fontname="china-s", fontsize=16)
    rows = [("一级指标", "权重", "得分"), ("决策", "20", "18"), ("产出", "80", "69.5")]
    for r, row in enumerate(rows):
        top = 180 + r * 20
        for c, text in enumerate(row):
            cell = pymupdf.Rect(180 + c * 60 if c else 72, top, 240 + c * 60, top + 20)
            page.draw_rect(cell, color=(0, 0, 0), width=0.5)
            page.insert_textbox(cell, text, fontname="china-s", fontsize=11, align=1)
    doc.save(path)
    return path


def build_tables(tmp: Path) -> dict[str, pd.DataFrame]:
    """Two projects, three discrepancies (error / warning / info), one failed file."""
    pdf = draw_pdf(tmp / "评价报告甲.pdf")
    dump = tmp / "自评表乙.txt"
    dump.write_text("项目支出绩效自评表\n执行率\t90%\n", encoding="utf-8")
    documents = pd.DataFrame(
        [
            ("docA", str(pdf), "pdf", 1, "ok", None),
            ("docB", str(dump), "txt", 1, "ok", None),
            ("docC", str(tmp / "损坏.pdf"), "pdf", 0, "failed", "文件已损坏，无法读取任何页面。"),
        ],
        columns=["doc_id", "source_path", "file_type", "n_pages", "status", "error"],
    )
    projects = pd.DataFrame(
        [
            ("docA:0", "docA", "evaluation_report", "示例项目甲绩效评价报告", "示例项目甲",
             1, 1, 88.5, "88.5", "良好", 87.5, 100.0),
            ("docB:0", "docB", "self_evaluation", "项目支出绩效自评表", "示例项目乙",
             1, 1, 92.0, "92", "优", 92.0, 100.0),
        ],
        columns=["project_id", "doc_id", "report_kind", "title", "project_name", "page_start",
                 "page_end", "stated_total_score", "stated_total_score_text", "stated_grade",
                 "computed_total_score", "total_weight"],
    )  # fmt: skip
    indicators = pd.DataFrame(
        [
            ("docA:0", "docA", "1", None, 1, "A", "决策", 20.0, "20", 18.0, "18", 1),
            ("docA:0", "docA", "1.1", "1", 2, "A1", "项目立项", 10.0, "10", 9.0, "9", 1),
            ("docA:0", "docA", "1.2", "1", 2, "A2", "绩效目标", 10.0, "10", 8.0, "8", 1),
            ("docA:0", "docA", "2", None, 1, "B", "产出", 80.0, "80", 69.5, "69.5", 1),
        ],
        columns=["project_id", "doc_id", "indicator_id", "parent_id", "level", "code", "name",
                 "weight", "weight_text", "score", "score_text", "page"],
    )  # fmt: skip
    discrepancies = pd.DataFrame(
        [
            ("docA:0", "docA", "children_score_sum", "error", "1", 17.0, 18.0,
             "“决策”的下级指标得分合计 17，表中印为 18。", 1, "决策 20 18", *SCORE_CELL, 3),
            ("docA:0", "docA", "total_score_sum", "warning", None, 87.5, 88.5,
             "一级指标得分合计 87.5，报告总分为 88.5。", 1, "综合得分 88.5 分",
             None, None, None, None, 7),
            # the dump's line 2 (`sed -n 2p`) prints the rate
            ("docB:0", "docB", "execution_rate", "info", None, 0.95, 0.9,
             "执行率按执行数复算为 95%，表中为 90%。", 1, "执行率\t90%", None, None, None, None, 2),
        ],
        columns=["project_id", "doc_id", "rule", "severity", "indicator_id", "expected",
                 "stated", "message", "page", "evidence", "x0", "top", "x1", "bottom", "line_no"],
    )  # fmt: skip
    return {
        "documents": documents,
        "projects": projects,
        "indicators": indicators,
        "discrepancies": discrepancies,
    }


@pytest.fixture
def rules(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The validator's rule table as the report reads it (``extractors.checks.RULES``)."""
    module = types.ModuleType("extractors.checks")
    module.RULES = dict(RULE_TEXTS)  # type: ignore[attr-defined]
    # The validator writes bilingual descriptions; the report keeps the Chinese part.
    module.RULES["execution_rate"] += " / execution rate = executed ÷ adjusted budget"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "extractors.checks", module)
    return RULE_TEXTS


@pytest.fixture
def report(tmp_path: Path, rules: dict[str, str]) -> dict[str, str | bytes]:
    paths = write_report(build_tables(tmp_path), tmp_path / "out")
    assert [p.name for p in paths] == ["report.html", "report.md", "discrepancies.csv"]
    return {
        "html": paths[0].read_text("utf-8"),
        "md": paths[1].read_text("utf-8"),
        "csv": paths[2].read_bytes(),
    }


def test_html_sections_numbers_and_rules(report: dict[str, str]) -> None:
    html = report["html"]
    assert html.count("<section class='project'") == 2
    assert "示例项目甲绩效评价报告" in html and "示例项目乙" in html
    for text in RULE_TEXTS.values():
        assert f"<span class='rule'>{text}</span>" in html
    assert "adjusted budget" not in html
    assert "文件已损坏，无法读取任何页面。" in html  # the failed file's error in the summary
    assert "报告值 <b>18</b>，复算值 <b>17</b>，差 <b>1</b>" in html
    assert "报告值 <b>90%</b>，复算值 <b>95%</b>" in html  # rates shown as percentages
    assert html.count("data-severity='error'") == 1
    assert html.count("data-severity='warning'") == 1
    assert html.count("data-severity='info'") == 1
    assert "#page=1" in html and "file://" in html
    assert "id='score-histogram'" in html
    # Self-contained: no external script, style or image.
    assert "<link" not in html and "src='http" not in html and "<script src" not in html


def test_indicator_tree_marks_children_sum_mismatch(report: dict[str, str]) -> None:
    html = report["html"]
    row = html[html.index("data-indicator='1'>") : html.index("data-indicator='1.1'>")]
    # printed score 18 beside the recomputed 17 of A1 (9) + A2 (8), both marked
    assert "<td class='num bad'>18</td><td class='num bad'>17</td>" in row
    assert "<td class='num'>20</td><td class='num'>20</td>" in row  # weights agree
    assert "<tr class='lvl-1 flagged' data-indicator='1'>" in html  # a discrepancy names it
    assert "<tr class='lvl-2' data-indicator='1.1'>" in html


def test_crop_is_rendered_with_highlight_only_for_pdf(report: dict[str, str]) -> None:
    html = report["html"]
    assert html.count("data:image/png;base64,") == 1  # the one PDF discrepancy with a bbox
    uri = html.split("data:image/png;base64,", 1)[1].split("'", 1)[0]
    crop = pymupdf.Pixmap(base64.b64decode(uri))
    assert crop.width > 800  # full-width strip of an A4 page at ~110 dpi
    assert 50 < crop.height < 200  # the row plus a margin, not the whole page
    assert bytes(HIGHLIGHT) in crop.samples  # the red outline is drawn
    assert "执行率\t90%" in html  # the text dump shows its evidence instead


def test_crop_edges_fall_between_lines(tmp_path: Path) -> None:
    """The strip ends on the emptiest pixel rows near the margin, not through a line of text."""
    pdf = draw_pdf(tmp_path / "a.pdf")
    # The 产出 score cell: a plain 30 pt margin above it would cut through the header row's text.
    uri = render_crops([CropRequest(str(pdf), 1, (300.0, 220.0, 360.0, 240.0))]).popitem()[1]
    crop = pymupdf.Pixmap(base64.b64decode(uri.split(",", 1)[1]))
    for y in (0, crop.height - 1):  # only the table's vertical rules cross these rows
        row = crop.samples[y * crop.stride : (y + 1) * crop.stride]
        assert len(row) - row.count(255) < len(row) // 50


def test_crops_skip_what_cannot_be_shown(tmp_path: Path) -> None:
    pdf = str(draw_pdf(tmp_path / "a.pdf"))
    unusable = [
        CropRequest(str(tmp_path / "missing.pdf"), 1, SCORE_CELL),
        CropRequest(pdf, 2, SCORE_CELL),  # past the last page
        CropRequest(pdf, 1, (100.0, 2000.0, 200.0, 2010.0)),  # below the page
    ]
    assert render_crops(unusable) == {}


def test_ratio_shown_as_percentage_when_evidence_prints_one() -> None:
    row = {"project_id": "p", "rule": "formula", "severity": "error", "expected": 0.8726, "stated": 0.9069}
    tables = {
        "discrepancies": pd.DataFrame(
            [
                row | {"evidence": "全年平均执行率 = (85.07% + 80.56%) ÷ 2 = 90.69%"},
                row | {"evidence": "合计 0.9069"},
            ]
        )
    }
    first, second = build_report_data(tables).projects[0].discrepancies
    assert (first.stated_text, first.expected_text, first.difference_text) == ("90.69%", "87.26%", "3.43%")
    assert (second.stated_text, second.expected_text) == ("0.9069", "0.8726")


def test_markdown(report: dict[str, str]) -> None:
    md = report["md"]
    assert "## 概况" in md and "- 差异：3 条（错误 1，警告 1，提示 1）" in md
    # projects in file-path order: 自评表乙.txt sorts before 评价报告甲.pdf
    assert "### 1. 示例项目乙 · 项目支出绩效自评表" in md and "### 2. 示例项目甲绩效评价报告" in md
    assert f"| `children_score_sum` | {RULE_TEXTS['children_score_sum']} | 1 |  |  | 1 |" in md
    assert "| 错误 | 下级指标得分之和应等于上级指标得分 | A 决策 | 18 | 17 |" in md
    assert "执行率 90%" in md  # tab flattened inside a table cell
    assert "| 85–90 | 1 |" in md and "| 90–95 | 1 |" in md


def test_csv_has_bom_and_one_row_per_discrepancy(report: dict[str, bytes]) -> None:
    raw = report["csv"]
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["规则"] for r in rows] == ["execution_rate", "children_score_sum", "total_score_sum"]
    assert [r["严重程度"] for r in rows] == ["提示", "错误", "警告"]
    assert rows[1]["报告值"] == "18.0" and rows[1]["复算值"] == "17.0"
    assert rows[1]["指标"] == "A 决策" and rows[1]["规则说明"] == RULE_TEXTS["children_score_sum"]
    assert rows[0]["链接"].startswith("file://") and rows[0]["链接"].endswith("%B9%99.txt")
    assert rows[1]["链接"].endswith(".pdf#page=1")


def test_missing_optional_columns_and_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "extractors.checks", None)  # validator not installed
    tables = build_tables(tmp_path)
    tables["discrepancies"] = tables["discrepancies"].drop(columns=["x0", "top", "x1", "bottom", "doc_id", "evidence"])
    tables["projects"] = tables["projects"].drop(columns=["stated_total_score_text"])
    del tables["indicators"]
    paths = write_report(tables, tmp_path / "out", formats=("html", "csv"))
    html = paths[0].read_text("utf-8")
    assert "data:image" not in html and "<table class='tree'>" not in html
    assert html.count("<li class='disc'") == 3
    # Without extractors.checks the rule ids stand in for the descriptions.
    assert "<span class='rule'>children_score_sum</span>" in html


def test_image_cap_per_project(tmp_path: Path, rules: dict[str, str]) -> None:
    tables = build_tables(tmp_path)
    first = tables["discrepancies"].iloc[[0]]
    tables["discrepancies"] = pd.concat([first] * 25, ignore_index=True)
    html = write_report(tables, tmp_path / "out", formats=("html",))[0].read_text("utf-8")
    assert html.count("<img class='crop'") == 20
    assert "另有 5 条差异未附页面截图" in html


def test_capped_images_go_to_errors_first(tmp_path: Path, rules: dict[str, str]) -> None:
    tables = build_tables(tmp_path)
    first = tables["discrepancies"].iloc[[0]]
    rows = pd.concat([first] * 25, ignore_index=True)
    rows["severity"] = ["warning"] * 22 + ["error"] * 3
    tables["discrepancies"] = rows
    data = build_report_data(tables)
    attach_crops(data)
    items = [item for project in data.projects for item in project.discrepancies]
    assert all(item.crop for item in items if item.severity == "error")
    assert sum(1 for item in items if item.crop) == 20


def test_ten_thousand_discrepancies_render(tmp_path: Path, rules: dict[str, str]) -> None:
    tables = build_tables(tmp_path)
    projects = pd.concat([tables["projects"].iloc[[1]]] * 500, ignore_index=True)
    projects["project_id"] = [f"docB:{i}" for i in range(500)]
    projects["stated_total_score"] = [60 + i % 41 for i in range(500)]
    rows = pd.concat([tables["discrepancies"].iloc[[2]]] * 10_000, ignore_index=True)
    rows["project_id"] = [f"docB:{i % 500}" for i in range(10_000)]
    tables |= {"projects": projects, "discrepancies": rows}
    paths = write_report(tables, tmp_path / "out")  # speed is measured in docs/report.md, not asserted
    html = paths[0].read_text("utf-8")
    assert html.count("<li class='disc'") == 10_000
    assert paths[0].stat().st_size < 30_000_000
    assert len(paths[2].read_text("utf-8-sig").splitlines()) == 10_001


def test_empty_snapshot(tmp_path: Path) -> None:
    html, md, _ = (p.read_text("utf-8-sig") for p in write_report({}, tmp_path))
    assert "未发现差异" in html and "没有报告给出总分" in html
    assert "- 差异：0 条（无）" in md


def test_unknown_format_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pdf"):
        write_report({}, tmp_path, formats=("pdf",))


def test_text_dump_discrepancies_show_their_line(report: dict[str, str | bytes]) -> None:
    """A text dump is all "page 1": its discrepancy shows the dump's line beside the
    page; a PDF's line numbers (order on the page) are not shown."""
    html, md = str(report["html"]), str(report["md"])
    assert "第 1 页</a> · 第 2 行</span>" in html
    assert html.count(" 行</span>") == 1  # the two PDF discrepancies show their page only
    assert "| 提示 | 执行率应等于执行数除以调整后预算数 |  | 90% | 95% | [1](file://" in md
    row = next(line for line in md.splitlines() if line.startswith("| 提示 |"))
    assert row.split(" | ")[6] == "2"
    pdf_row = next(line for line in md.splitlines() if line.startswith("| 错误 |"))
    assert pdf_row.split(" | ")[6] == ""
    rows = list(csv.DictReader(bytes(report["csv"]).decode("utf-8-sig").splitlines()))
    assert [(r["规则"], r["行号"]) for r in rows] == [
        ("execution_rate", "2"), ("children_score_sum", ""), ("total_score_sum", ""),
    ]


def test_text_dump_indicator_tree_gives_lines(tmp_path: Path, rules: dict[str, str]) -> None:
    tables = build_tables(tmp_path)
    dump_rows = pd.DataFrame(
        [("docB:0", "docB", "1", None, 1, None, "产出指标", 50.0, "50", 45.0, "45", 1, 12)],
        columns=[*tables["indicators"].columns, "line_no"],
    )
    tables["indicators"] = pd.concat([tables["indicators"], dump_rows], ignore_index=True)
    html = write_report(tables, tmp_path / "out", formats=("html",))[0].read_text("utf-8")
    dump_tree, pdf_tree = (html[html.index(f"id='p{i}'"):] for i in (1, 2))  # 自评表乙.txt first
    assert "<th class='num'>行</th>" in dump_tree.split("</section>")[0]
    assert "<td class='num'>12</td></tr>" in dump_tree.split("</section>")[0]
    assert "<th class='num'>页</th>" in pdf_tree.split("</section>")[0]
