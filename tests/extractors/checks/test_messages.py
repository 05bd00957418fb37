from __future__ import annotations

from decimal import Decimal

from extractors.checks.messages import join_evidence, mismatch, place, plain, quoted, show
from extractors.estimate import Estimate
from tests.extractors.checks.build import num


def test_show_uses_the_printed_units_and_precision():
    assert show(Decimal("0.87255"), num("90.69%")) == "87.26%"
    assert show(Decimal("24152300"), num("3680", "万元"), 2) == "2415.23"
    assert show(Decimal("12050000"), num("1,250.00万元")) == "1,205.00万元"
    assert show(Decimal("9.37"), num("9.50")) == "9.37"


def test_mismatch_sentence():
    computed = Estimate(Decimal("9.37"), Decimal("0.015"))
    assert mismatch("“资金管理”下级指标得分合计", computed, num("9.50")) == (
        "“资金管理”下级指标得分合计 9.37，与表中所列 9.50 不符（差 0.13）。"
    )
    assert mismatch("合计", computed, num("9.5"), hint="提示").endswith("（差 0.1）；提示。")


def test_small_helpers():
    assert plain(Decimal("1405.30")) == "1405.3"
    assert plain(Decimal("1.8078E+3")) == "1807.8"
    assert quoted(None) == "该项"
    assert quoted("甲" * 25) == "“" + "甲" * 20 + "…”"
    assert join_evidence(["a", "", "b", "a"]) == "a\nb"


def test_place_names_a_dump_line_and_a_pdf_page():
    assert place(1, 216, is_text=True) == "第 216 行"
    assert place(3, 17, is_text=False) == "第 3 页"  # a PDF's line is its order on the page
    assert place(1, None, is_text=True) == "第 1 页"  # no line known: the page
