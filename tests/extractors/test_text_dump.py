"""Text dumps: physical line numbers (``Line.source_line``) through rows to records.

Every record made from a dump cites the line ``sed -n Np`` prints: blank lines,
form feeds and ``\\r\\n`` endings counted as a reviewer's tools count them.
"""

from __future__ import annotations

from extractors.figures import extract_narrative
from extractors.indicators import extract_indicators
from extractors.money_tables import money_cells
from extractors.records import DocumentText, Line, Page
from extractors.row_text import document_rows
from extractors.text_dump import read_text_dump

DUMP = (
    "表 1 资金情况（单位：万元）\r\n"  # 1
    "\r\n"  # 2
    "项目\t预算数\t执行数\r\n"  # 3
    "\r\n"  # 4: a blank line inside the table
    "甲\t10\t9\r\n"  # 5
    "合计\t10\t9\r\n"  # 6
    "\r\n"  # 7
    "一级指标\t二级指标\t权重\t得分\r\n"  # 8
    "决策\t项目立项\t20\t18\f"  # 9: the page ends inside this line
    "产出\t产出数量\t80\t70\n"  # 9 as sed counts (a form feed is no line break)
    "\n"  # 10
    "本项目决策类指标满分 20 分，\n"  # 11
    "\n"  # 12
    "得 18 分。\n"  # 13
)


def test_source_line_counts_blank_lines_and_keeps_the_order_on_the_page() -> None:
    doc = read_text_dump(DUMP)
    assert [page.number for page in doc.pages] == [1, 2]
    first, second = ([(line.line_no, line.source_line) for line in page.lines] for page in doc.pages)
    assert first == [(0, 1), (1, 3), (2, 5), (3, 6), (4, 8), (5, 9)]
    assert second == [(0, 9), (1, 11), (2, 13)]
    physical = DUMP.split("\n")
    for page in doc.pages:
        for line in page.lines:
            assert line.cited_line == line.source_line
            assert line.text in physical[line.cited_line - 1]  # what `sed -n Np` prints


def test_rows_and_records_cite_the_physical_line() -> None:
    rows = document_rows(read_text_dump(DUMP))
    assert [(row.text, row.cited_line) for row in rows if row.table is not None][:4] == [
        ("项目 预算数 执行数", 3), ("甲 10 9", 5), ("合计 10 9", 6), ("一级指标 二级指标 权重 得分", 8),
    ]
    cells = money_cells(rows, skip_tables={1, 2})
    assert {(cell.text, cell.line_no) for cell in cells if cell.text == "9"} == {("9", 5), ("9", 6)}
    table, _ = extract_indicators(rows)
    assert [(row.name, row.line_no) for row in table.indicators] == [
        ("决策", 9), ("项目立项", 9), ("产出", 9), ("产出数量", 9),
    ]
    assert {s.line_no for s in table.statements} == {9}


def test_a_sentence_figure_cites_the_line_it_is_printed_on() -> None:
    """The sentence runs over lines 11 and 13; 满分 20 is on 11, 得 18 分 on 13."""
    lines = [line for page in read_text_dump(DUMP).pages for line in page.lines if line.kind == "body"]
    figures = extract_narrative(lines)
    assert sorted((s.quantity, s.value_text, s.line_no) for s in figures.scores) == [
        ("score", "18", 13), ("weight", "20", 11),
    ]


def test_pdf_lines_cite_their_order_on_the_page() -> None:
    """Without a physical line (a PDF page), records cite ``Line.line_no``."""
    page = Page(number=4, lines=[Line(page=4, line_no=n, text=t) for n, t in enumerate(["标题", "合计 10"])])
    rows = document_rows(DocumentText([page], "pdf_text", "pdf"))
    assert [(row.source_line, row.cited_line) for row in rows] == [(None, 0), (None, 1)]
