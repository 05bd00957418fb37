"""Sentences joined across line wraps, with page and line provenance.

Inputs are real wraps from the seed dumps: 001 breaks a paragraph at a page
break (“…和“运维商财务” / “管理制度执行有效性”…”), 000 wraps every PDF line
and its formula 资金到位率 runs onto the next line.
"""

from __future__ import annotations

from extractors.records import Line
from extractors.sentences import split_sentences


def _line(page: int, line_no: int, text: str, kind: str = "body", bbox=None) -> Line:
    return Line(page=page, line_no=line_no, text=text, kind=kind, bbox=bbox)


def test_paragraph_wrapped_across_a_page_break_is_one_sentence() -> None:
    lines = [
        _line(
            7,
            30,
            "“财务管理制度执行有效性”由两个四级指标构成：“市口岸办财务管理制度执行有效性”和“运维商财务",
        ),
        _line(7, 31, "- 31 -", kind="footer"),
        _line(8, 0, "上海社发项目管理服务有限公司", kind="header"),
        _line(8, 1, "管理制度执行有效性”，分别得分 2 分和 1 分，合计得分 3 分。"),
    ]
    [sentence] = split_sentences(lines)
    assert sentence.text == (
        "“财务管理制度执行有效性”由两个四级指标构成：“市口岸办财务管理制度执行有效性”和"
        "“运维商财务管理制度执行有效性”，分别得分 2 分和 1 分，合计得分 3 分。"
    )
    assert sentence.page == 7
    assert sentence.line_at(sentence.text.index("合计")).page == 8
    assert sentence.line_at(sentence.text.index("合计")).line_no == 1
    assert sentence.line_at(0).line_no == 30


def test_sentences_cut_after_full_stops_and_keep_their_own_page() -> None:
    lines = [
        _line(3, 4, "根据评价标准，指标“B11 预算执行率”满分 2 分，得 1.99 分。运营成本（物力成本）测算依据不足。"),
    ]
    first, second = split_sentences(lines)
    assert first.text == "根据评价标准，指标“B11 预算执行率”满分 2 分，得 1.99 分。"
    assert second.text == "运营成本（物力成本）测算依据不足。"
    assert second.line_at(0).line_no == 4


def test_numbered_heading_is_not_joined_to_its_paragraph() -> None:
    lines = [
        _line(5, 0, "（1）资金到位率"),
        _line(5, 1, "数据分中心资金到位率=（2.6 亿元/2.8 亿元）×"),
        _line(5, 2, "100%=92.86%"),
        _line(5, 3, "（2）预算执行率"),
    ]
    texts = [sentence.text for sentence in split_sentences(lines)]
    assert texts == [
        "（1）资金到位率",
        "数据分中心资金到位率=（2.6 亿元/2.8 亿元）×100%=92.86%",
        "（2）预算执行率",
    ]


def test_table_lines_end_a_paragraph_and_are_not_read() -> None:
    lines = [
        _line(2, 0, "评价等级分为四级"),
        _line(2, 1, "一级指标\t二级指标\t权重", kind="table"),
        _line(2, 2, "优：得分高于 90 分（含 90 分）；"),
    ]
    texts = [sentence.text for sentence in split_sentences(lines)]
    assert texts == ["评价等级分为四级", "优：得分高于 90 分（含 90 分）；"]


def test_with_coordinates_a_short_line_ends_its_paragraph() -> None:
    full = (72.0, 100.0, 523.0, 112.0)
    short = (72.0, 114.0, 300.0, 126.0)
    lines = [
        _line(1, 0, "本项目实际支出专项资金 14,267.75万元，市财政局批复的专项", bbox=full),
        _line(1, 1, "资金额度为 28,000万元", bbox=short),
        _line(1, 2, "项目组抽取会计凭证共 113 笔", bbox=full),
    ]
    texts = [sentence.text for sentence in split_sentences(lines)]
    assert texts == [
        "本项目实际支出专项资金 14,267.75万元，市财政局批复的专项资金额度为 28,000万元",
        "项目组抽取会计凭证共 113 笔",
    ]
