"""Scoring tables -> indicator hierarchy, on the seeds' real tables and on small cases."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.annex import annex_statements
from extractors.indicator_rows import parse_name
from extractors.indicators import extract_indicators
from extractors.records import IndicatorRow
from extractors.row_text import document_rows
from extractors.text_dump import read_text_dump

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def seed_table(prefix: str):
    path = next((FIXTURES / "seeds").glob(f"{prefix}_*.txt"))
    return extract_indicators(document_rows(read_text_dump(path.read_text(encoding="utf-8"))))


def truth_indicators(prefix: str) -> list[dict]:
    data = json.loads((FIXTURES / "seeds_truth" / f"{prefix}.json").read_text(encoding="utf-8"))
    return data["projects"][0]["indicators"]


def as_truth(row: IndicatorRow) -> dict:
    return {
        "indicator_id": row.indicator_id,
        "parent_id": row.parent_id,
        "level": row.level,
        "code": row.code,
        "name": row.name,
        "weight": float(row.weight.value) if row.weight else None,
        "score": float(row.score.value) if row.score else None,
    }


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_seed_scoring_table_matches_truth(prefix: str) -> None:
    table, _ = seed_table(prefix)
    assert [as_truth(row) for row in table.indicators] == truth_indicators(prefix)
    assert table.unparsed_rows == 0


@pytest.mark.parametrize(("prefix", "total"), [("001", "86.74"), ("004", "93.78")])
def test_total_row_is_a_statement_not_an_indicator(prefix: str, total: str) -> None:
    table, _ = seed_table(prefix)
    totals = [s for s in table.statements if s.quantity == "total_score"]
    assert [(s.value.value, s.source) for s in totals] == [(Decimal(total), "table")]
    assert not any(row.name in ("合计", "总分") for row in table.indicators)


def test_section_tables_after_the_main_table_are_left_to_the_annex_stage() -> None:
    table, later = seed_table("001")
    assert len(table.indicators) == 56  # row 40 is not printed in the seed
    assert later and all(block.rows for block in later)


@pytest.mark.parametrize(
    ("text", "name", "weight", "code", "level"),
    [
        ("资金管理（19分）", "资金管理", "19", None, 2),
        ("决策（20）", "决策", "20", None, 2),
        ("（资金管理 19 ）分", "资金管理", "19", None, 2),
        ("B221 市口岸办财务管理制度健全性", "市口岸办财务管理制度健全性", None, "B221", 4),
        ("C32 2016 年绩效评价结果应用情况", "2016 年绩效评价结果应用情况", None, "C32", 3),
        ("项目 监管", "项目监管", None, None, 2),
    ],
)
def test_parse_name(text: str, name: str, weight: str | None, code: str | None, level: int) -> None:
    cell = parse_name(text, 2)
    assert (cell.name, cell.code, cell.level) == (name, code, level)
    assert (cell.weight.value if cell.weight else None) == (Decimal(weight) if weight else None)
    assert cell.name_raw == text


CONTINUED = """一级指标\t二级指标\t三级指标\t分值\t得分
决策（20分）\t项目立项\t立项依据充分性\t4\t4
\t\t立项程序规范性\t4\t—
一级指标\t二级指标\t三级指标\t分值\t得分
决策（20分）\t\t\t\t
\t绩效目标\t绩效目标合理性\t12\t10
合计\t\t\t100\t88
"""


def test_rows_under_a_repeated_header_are_stitched_without_duplicates() -> None:
    table, later = extract_indicators(document_rows(read_text_dump(CONTINUED)))
    got = [(r.indicator_id, r.parent_id, r.level, r.name) for r in table.indicators]
    assert got == [
        ("1", None, 1, "决策"),
        ("1.1", "1", 2, "项目立项"),
        ("1.1.1", "1.1", 3, "立项依据充分性"),
        ("1.1.2", "1.1", 3, "立项程序规范性"),
        ("1.2", "1", 2, "绩效目标"),
        ("1.2.1", "1.2", 3, "绩效目标合理性"),
    ]
    first = table.indicators[0]
    assert first.weight is not None and first.weight.value == 20 and first.score is None
    assert table.indicators[3].score is None  # "—" is no figure
    assert later == []


def test_missing_parent_level_hangs_under_the_level_above() -> None:
    text = "一级指标\t二级指标\t三级指标\t权重\t得分\n产出\t\t\t40\t\n\t\t实际完成率\t10\t9\n"
    table, _ = extract_indicators(document_rows(read_text_dump(text)))
    leaf = table.indicators[-1]
    assert (leaf.indicator_id, leaf.parent_id, leaf.level) == ("1.1", "1", 3)
    assert table.indicators[0].score is None  # not printed, never invented


SPACED = """一级指标 二级指标 三级指标 权重 得分 得分率
决策
（20 ）分
项目立项
立项依据充分性 4.00 4.00 100%
绩效指标明确性 3.00 2.00 67%
总分 100.00 89.03 89.03%
"""


def test_space_separated_table() -> None:
    table, _ = extract_indicators(document_rows(read_text_dump(SPACED)))
    got = [(r.indicator_id, r.level, r.name, r.weight and r.weight.text, r.score and r.score.text)
           for r in table.indicators]
    assert got == [
        ("1", 1, "决策", "20", None),
        ("1.1", 2, "项目立项", None, None),
        ("1.1.1", 3, "立项依据充分性", "4.00", "4.00"),
        ("1.1.2", 3, "绩效指标明确性", "3.00", "2.00"),
    ]
    assert table.indicators[-1].score_rate.value == Decimal("0.67")
    assert [s.value_text for s in table.statements if s.quantity == "total_score"] == ["89.03"]


VERTICAL_ANNEX = """一级指标 二级指标 三级指标 权重 得分 得分率
产出
（37 ）分
产出质量 质量达标率 15.00 15.00 100%
产出成本 成本节约率 10.00 10.00 100%
总分 100.00 89.03 89.03%
附件：项目支出绩效评价指标体系
一级
指标
二级指标 三级指标 指标解释 指标说明 得分
产出
（37）
产出质量
（15）
质量达
标率
（20）
项目完成的质量达标产出数
与实际产出数的比率。
质量达标率=（质量达标产出数/实际产出数）×100%。
15
成本节约率
（10）
计划成本与实际成本的差额
10
89.03
18
"""


def test_vertical_annex_weights_and_scores_are_statements() -> None:
    """One cell per line: a lone （N） is the weight of the name lines above it, a
    lone figure the score of the last weighted name; the total and the page
    number after it name nothing."""
    _, later = extract_indicators(document_rows(read_text_dump(VERTICAL_ANNEX)))
    got = [(s.quantity, s.indicator_name, s.value_text) for s in annex_statements(later)]
    assert got == [
        ("weight", "产出", "37"),
        ("weight", "产出质量", "15"),
        ("weight", "质量达标率", "20"),
        ("score", "质量达标率", "15"),
        ("weight", "成本节约率", "10"),
        ("score", "成本节约率", "10"),
    ]
    assert all(s.source == "annex" for s in annex_statements(later))


def test_vertical_annex_names_take_the_scoring_tables_spelling() -> None:
    """A garbled annex name no lexicon knows is restored to the scoring-table
    name with the same characters."""
    text = VERTICAL_ANNEX.replace("成本节约率", "货物通关时效", 1).replace(
        "成本节约率\n（10）", "关通货\n物时效\n（10）")
    table, later = extract_indicators(document_rows(read_text_dump(text)))
    assert "货物通关时效" in {row.name for row in table.indicators}
    restored = [s.indicator_name for s in annex_statements(later, table.indicators)]
    assert restored[-2:] == ["货物通关时效", "货物通关时效"]
    assert "关通货物时效" in [s.indicator_name for s in annex_statements(later)]
