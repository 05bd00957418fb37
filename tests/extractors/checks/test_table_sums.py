from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from extractors.checks import table_sums
from extractors.numbers import parse_number
from extractors.records import Project, Table, TableCell
from extractors.text_dump import read_text_dump

SEEDS = Path(__file__).parents[2] / "fixtures" / "seeds"


def _cells(grid: list[list[str]], unit: str | None = None, table_no: int = 0) -> list[TableCell]:
    """The first row is the header; the row label is the row's first text cell."""
    header, *rows = grid
    cells = []
    for r, row in enumerate(rows, start=1):
        values = [parse_number(text, unit) for text in row]
        label = next((t for t, v in zip(row, values, strict=True) if t and v is None and t != "-"), None)
        cells += [
            TableCell(table_no, r, c, text, 7, values[c], label, header[c] if c < len(header) else None)
            for c, text in enumerate(row)
            if text
        ]
    return cells


def _check(cells: list[TableCell]):
    return list(table_sums.check(Project(0, "evaluation_report", 1, 9, cells=cells)))


def _seed_table(prefix: str, header_start: list[str]) -> Table:
    doc = read_text_dump(next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))
    return next(t for p in doc.pages for t in p.tables if t.grid()[0][: len(header_start)] == header_start)


def test_seed_001_cost_table_finds_exactly_the_misplaced_decimal_point():
    # 表 1-2 (单位：万元): row 功能完善 prints 140.53 for 1405.3; its row total and the
    # 主运维 column's 人力小计 3680 then fail; every other row, column and the grand
    # total add up (checked by hand).
    table = _seed_table("001", ["费用类别", "序号", "支出项目"])
    found = _check(_cells(table.grid(), "万元"))
    assert [(d.rule, d.severity) for d in found] == [("table_sum", "error")] * 2
    column, row = found
    assert column.message == (
        "“主运维计划数”列“人力成本”至“综合保障”6项合计 2415.23，与“人力小计”行所列 3680 不符"
        "（差 1264.77）；140.53 疑为 1405.3（小数点错位）。"
    )
    assert (column.expected, column.stated) == pytest.approx((24_152_300.0, 36_800_000.0))
    assert row.message == (
        "“功能完善”行 140.53 + 402.5 = 543.03，与“合计”列所列 1807.8 不符（差 1264.77）；"
        "140.53 疑为 1405.3（小数点错位）。"
    )
    assert (row.expected, row.stated) == pytest.approx((5_430_300.0, 18_078_000.0))
    assert row.evidence == "5 功能完善 140.53 402.5 1807.8"


def test_table_continued_on_the_next_page_is_checked_as_one():
    # eval_seed001: 表 1-2 breaks after 设备购置; page 3 repeats the header but not the
    # 单位：万元 caption, and its 费用汇总 adds 人力小计 from page 2.
    header, *rows = _seed_table("001", ["费用类别", "序号", "支出项目"]).grid()
    cut = next(i for i, row in enumerate(rows) if "设备购置" in row) + 1
    first = _cells([header, *rows[:cut]], "万元", table_no=0)
    second = [replace(c, page=8) for c in _cells([header, *rows[cut:]], table_no=1)]
    found = _check(first + second)
    assert [(d.page, d.expected, d.stated) for d in found] == [
        (7, pytest.approx(24_152_300.0), pytest.approx(36_800_000.0)),
        (7, pytest.approx(5_430_300.0), pytest.approx(18_078_000.0)),
    ]


def test_seed_001_budget_and_allocation_tables_add_up():
    for header in (["序号", "资金分类", "金额"], ["序号", "公司名称", "分配金额 (万元)"]):
        assert _check(_cells(_seed_table("001", header).grid(), "万元")) == []


def test_subtotals_heading_their_blocks_and_breakdown_rows():
    grid = [
        ["项目", "金额"],
        ["合计", "310.5"],
        ["人员经费小计", "110.5"],
        ["工资", "100"],
        ["其中：绩效工资", "40"],
        ["福利", "10.5"],
        ["公用经费小计", "200"],
        ["办公费", "150"],
        ["差旅费", "50"],
    ]
    assert _check(_cells(grid)) == []
    grid[5][1] = "15.0"
    (found,) = _check(_cells(grid))
    assert (found.expected, found.stated) == (115.0, 110.5)


def test_leading_total_column_adds_the_columns_after_it():
    grid = [["单位", "合计", "其中：财政拨款", "其他资金"], ["甲", "1,250.00", "1,000.00", "205.00"]]
    (found,) = _check(_cells(grid))
    assert found.message == (
        "“甲”行 1,000.00 + 205.00 = 1,205.00，与“合计”列所列 1,250.00 不符（差 45.00）；"
        "205.00 疑为 250.00（相邻数字颠倒）；所列 1,250.00 疑为 1205.00（相邻数字颠倒）。"
    )
    assert (found.expected, found.stated) == (1205.0, 1250.0)


def test_rounded_sums_blanks_and_text_cells():
    grid = [
        ["项目", "预算", "执行率"],
        ["甲", "2.53", "95%"],
        ["乙", "2.47", "80%"],
        ["丙", "-", "-"],
        ["合计", "5.01", "87%"],
    ]
    assert _check(_cells(grid)) == []  # rounding; rates are not added
    grid[3][1] = "详见附件"
    grid[4][1] = "9.99"
    assert _check(_cells(grid)) == []  # a summed cell holds text: nothing to check


def test_hierarchy_listed_as_a_money_table_is_not_summed_flat():
    grid = [["指标", "分值"], ["决策", "20"], ["立项", "12"], ["目标", "8"], ["合计", "30"]]
    assert [d.expected for d in _check(_cells(grid))] == [40.0]
    grid[4][1] = "20"  # 20 + 12 + 8 = 2 × 20: two levels stacked
    assert _check(_cells(grid)) == []


def test_rows_with_slid_cells_make_the_block_unreliable():
    # Seed 001 表 1-3: a merged 一级子项 cell pushes 综合保障's amount one column left.
    grid = [
        ["序号", "支出项目", "子项", "测算金额"],
        ["1", "热线服务", "人力成本", "744.2"],
        ["2", "综合保障", "649.8", ""],
        ["合计", "", "", "1394.0"],
    ]
    assert _check(_cells(grid)) == []
    grid[2] = ["2", "综合保障", "人力成本", "649.8"]
    grid[3][3] = "1400.0"
    assert [d.expected for d in _check(_cells(grid))] == [1394.0]
