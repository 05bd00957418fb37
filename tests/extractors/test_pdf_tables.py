"""Tables: drawn grids and aligned columns against the cells that were drawn."""

from __future__ import annotations

import random

import pymupdf
import pytest

from extractors.pdf_tables import find_ruled_grids
from extractors.records import Page
from extractors.text_layer import extract_page
from tests.extractors import pdf_factory as factory

XS = [72, 130, 300, 380, 460]
YS = [200, 230, 260, 290, 320, 350]
# A scoring table: 一级指标 spans two rows, a note spans two columns.
MERGED = [(1, 0, 2, 1), (3, 0, 2, 1), (4, 2, 1, 2)]
TEXTS: dict[tuple[int, int], str | list[str]] = {
    (0, 0): "一级指标", (0, 1): "二级指标", (0, 2): "权重", (0, 3): "得分",
    (1, 0): "决策", (1, 1): "A11 战略目标适应性", (1, 2): "2", (1, 3): "2",
    (2, 1): "A12 项目立项规范性", (2, 2): "2", (2, 3): "1.5",
    (3, 0): "产出", (3, 1): "产出数量", (3, 2): "16,104.72", (3, 3): "99.55%",
    (4, 1): "产出质量", (4, 2): "未设置指标",
}
TRUTH = [
    ["一级指标", "二级指标", "权重", "得分"],
    ["决策", "A11 战略目标适应性", "2", "2"],
    ["", "A12 项目立项规范性", "2", "1.5"],
    ["产出", "产出数量", "16,104.72", "99.55%"],
    ["", "产出质量", "未设置指标", ""],
]


def _table_page(bars: bool = False, rng: random.Random | None = None) -> Page:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    factory.draw_line(page, "表 3-1 绩效评分表", 72, 190, rng=rng, offset=1.0)
    factory.draw_grid(page, XS, YS, MERGED, bars=bars)
    factory.fill_cells(page, XS, YS, TEXTS, rng=rng)
    factory.draw_line(page, "评分表之后的正文。", 72, 380, rng=rng, offset=1.0)
    return extract_page(page, 1)


@pytest.mark.parametrize("bars", [False, True], ids=["stroked-lines", "filled-bars"])
@pytest.mark.parametrize("seed", [None, 4], ids=["clean", "garbled"])
def test_ruled_grid_equals_the_drawn_grid(bars: bool, seed: int | None) -> None:
    page = _table_page(bars, random.Random(seed) if seed is not None else None)
    (table,) = page.tables
    assert table.ruled and (table.n_rows, table.n_cols) == (5, 4)
    assert table.grid() == TRUTH
    spans = {(cell.row, cell.col): (cell.rowspan, cell.colspan) for cell in table.cells
             if (cell.rowspan, cell.colspan) != (1, 1)}
    assert spans == {(1, 0): (2, 1), (3, 0): (2, 1), (4, 2): (1, 2)}
    assert table.cell_at(4, 2).bbox == pytest.approx((300, 320, 460, 350), abs=0.5)
    assert table.bbox == pytest.approx((72, 200, 460, 350), abs=0.5)


def test_table_rows_are_tab_joined_table_lines_between_the_prose() -> None:
    page = _table_page()
    assert [(line.kind, line.text) for line in page.lines] == [
        ("body", "表 3-1 绩效评分表"),
        *[("table", "\t".join(row)) for row in TRUTH],
        ("body", "评分表之后的正文。"),
    ]
    assert page.tables[0].first_line_no == 1


def test_wrapped_cell_is_one_string() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    xs, ys = [72, 200, 400], [100, 160, 190]
    factory.draw_grid(page, xs, ys)
    factory.fill_cells(page, xs, ys, {
        (0, 0): ["财务管理制度", "健全性"], (0, 1): ["Performance evaluation", "framework 2017"],
        (1, 0): ["1,234,", "567.89"], (1, 1): "合计",
    }, rng=random.Random(2))
    (table,) = extract_page(page, 1).tables
    assert table.grid() == [
        ["财务管理制度健全性", "Performance evaluation framework 2017"],
        ["1,234,567.89", "合计"],
    ]


def test_table_without_outer_side_borders_keeps_its_outer_columns() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    xs, ys = [72, 200, 300, 400], [100, 130, 160, 190]
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y), width=0.5)
    for x in xs[1:-1]:  # inner column rules only, as open-sided tables are drawn
        page.draw_line((x, ys[0]), (x, ys[-1]), width=0.5)
    cells = {(r, c): f"{r}{c}" for r in range(3) for c in range(3)}
    factory.fill_cells(page, xs, ys, cells)
    (table,) = extract_page(page, 1).tables
    assert table.grid() == [[f"{r}{c}" for c in range(3)] for r in range(3)]


def test_framed_paragraph_is_not_a_table() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    page.draw_rect(pymupdf.Rect(60, 100, 500, 170), width=0.5)
    page.draw_line((60, 130), (500, 130), width=0.5)  # a divider under the first line
    lines = ["框内是一段说明文字，不是表格。", "第二行说明文字。"]
    for index, text in enumerate(lines):
        factory.draw_line(page, text, 72, 125 + index * 20)
    result = extract_page(page, 1)
    assert result.tables == []
    assert [line.text for line in result.lines] == lines


def test_two_tables_on_a_page_each_get_their_cells() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    first = ({(0, 0): "项目", (0, 1): "金额"}, [100, 130])
    second = ({(0, 0): "年度", (0, 1): "2020"}, [300, 330])
    for texts, ys in (first, second):
        factory.draw_grid(page, [72, 200, 300], ys)
        factory.fill_cells(page, [72, 200, 300], ys, texts)
    tables = extract_page(page, 1).tables
    assert [table.grid() for table in tables] == [[["项目", "金额"]], [["年度", "2020"]]]


def test_grid_from_drawings_alone() -> None:
    # Pure input: cdrawings-shaped paths, one rule per cell edge, in a /Rotate 90
    # page's unrotated space (x and y swap once upright).
    def line(x0: float, y0: float, x1: float, y1: float) -> dict:
        return {"type": "s", "color": (0, 0, 0), "items": [("l", (x0, y0), (x1, y1))]}

    paths = [line(x, 100, x, 200) for x in (50, 150, 250)]
    paths += [line(50, y, 250, y) for y in (100, 150, 200)]
    paths.append({"type": "s", "color": (1, 1, 1), "items": [("l", (50, 125), (250, 125))]})
    (upright,) = find_ruled_grids(paths)
    assert (upright.xs, upright.ys) == ([50, 150, 250], [100, 150, 200])
    turned = pymupdf.Matrix(0, 1, -1, 0, 842, 0)  # /Rotate 90 on an A4 page
    (grid,) = find_ruled_grids(paths, tuple(turned))
    assert (grid.xs, grid.ys) == ([642, 692, 742], [50, 150, 250])
    assert (grid.n_rows, grid.n_cols) == (2, 2) and len(grid.cells) == 4


# --- borderless tables ----------------------------------------------------------

MONEY = [
    ("资金来源", "年初预算数", "全年执行数"),
    ("当年财政拨款", "1,200.00", "1,180.50"),
    ("上年结转资金", "36.50", "36.50"),
    ("其他资金", "0", "-"),
]


def _aligned_page(rows: list[tuple[str, ...]], rng: random.Random | None) -> Page:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    factory.draw_line(page, "表 2 资金来源及执行情况", 72, 100, rng=rng, offset=1.0)
    for index, row in enumerate(rows):
        y = 130 + index * 20
        factory.draw_line(page, row[0], 72, y, rng=rng, offset=1.0)
        for col, text in enumerate(row[1:], start=1):  # numbers right-aligned
            factory.draw_line(page, text, 200 + 110 * col - factory.text_width(text, 12), y,
                              rng=rng, offset=1.0)
    factory.draw_line(page, "以上资金均已按时拨付到位。", 72, 130 + len(rows) * 20 + 10,
                      rng=rng, offset=1.0)
    return extract_page(page, 1)


@pytest.mark.parametrize("seed", [None, 9], ids=["clean", "garbled"])
def test_borderless_table_is_found(seed: int | None) -> None:
    page = _aligned_page(MONEY, random.Random(seed) if seed is not None else None)
    (table,) = page.tables
    assert not table.ruled
    assert table.grid() == [list(row) for row in MONEY]
    assert table.first_line_no == 1
    assert [line.kind for line in page.lines] == ["body", *["table"] * 4, "body"]
    assert page.lines[2].text == "当年财政拨款\t1,200.00\t1,180.50"


def test_aligned_words_without_numbers_are_not_a_table() -> None:
    form = [
        ("项目名称：口岸运维", "评价机构：社发公司", "联系人：王某"),
        ("主管部门：口岸办", "委托单位：口岸办", "电话：见附件"),
        ("实施单位：口岸办", "评价方式：第三方", "备注：无"),
    ]
    page = _aligned_page(form, None)
    assert page.tables == []
    assert all(line.kind == "body" for line in page.lines)


SCORES = [  # (level-1 name, level-2 name, weight, score, rate) as a scoring table prints them
    ("一级指标", "二级指标", "权重", "得分", "得分率"),
    ("决策", "", "20", "16", ""),
    ("", "立项依据充分性", "10", "9", "90%"),
    ("", "绩效目标合理性", "10", "7", "70%"),
    ("过程", "", "30", "24", ""),
    ("", "资金管理", "19", "15", "78.95%"),
    ("合计", "", "100", "", ""),
]


@pytest.mark.parametrize("seed", [None, 3], ids=["clean", "garbled"])
def test_borderless_scoring_table_with_centred_headers(seed: int | None) -> None:
    # Headers are centred over their columns, figures right-aligned, names of the
    # two levels on rows of their own: the gutters alone would give 9 columns.
    rng = random.Random(seed) if seed is not None else None
    doc = pymupdf.open()
    page = factory.new_page(doc)
    lefts, rights = [75, 180], [383, 431, 499]
    for index, row in enumerate(SCORES):
        y = 200 + index * 18
        for col, text in enumerate(row):
            if not text:
                continue
            width = factory.text_width(text, 9)
            if index == 0:  # centred over the column
                centre = [120, 265, 395, 443, 490][col]
                x = centre - width / 2
            else:
                x = lefts[col] if col < 2 else rights[col - 2] - width
            factory.draw_line(page, text, x, y, size=9, rng=rng, offset=1.0)
    (table,) = extract_page(page, 1).tables
    assert not table.ruled
    assert table.grid() == [list(row) for row in SCORES]
