"""项目支出绩效自评表: totals, budget lines and indicator rows against hand-recorded truth."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from extractors.records import BudgetLine
from extractors.row_text import document_rows
from extractors.segment import segment_document
from extractors.self_eval import SelfEvaluation, extract_self_evaluation
from extractors.text_dump import read_text_dump

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIELDS = ("initial_budget", "adjusted_budget", "executed", "weight", "stated_rate", "score")


@cache
def seed_forms() -> list[SelfEvaluation]:
    path = next((FIXTURES / "seeds").glob("003_*.txt"))
    segments = segment_document(read_text_dump(path.read_text(encoding="utf-8")))
    return [extract_self_evaluation(segment.rows) for segment in segments]


def truth() -> list[dict]:
    data = json.loads((FIXTURES / "seeds_truth" / "003.json").read_text(encoding="utf-8"))
    return data["projects"]


def stated_total(form: SelfEvaluation) -> float | None:
    totals = [s for s in form.statements if s.quantity == "total_score"]
    return float(totals[0].value.value) if totals else None


def as_truth(line: BudgetLine) -> dict:
    out: dict = {"line": line.line}
    for name in FIELDS:
        number = getattr(line, name)
        out[name] = float(number.value) if number is not None else None
    return out


def test_all_57_totals() -> None:
    assert [stated_total(form) for form in seed_forms()] == [p["stated_total_score"] for p in truth()]


def test_budget_lines_of_the_first_twelve_forms() -> None:
    recorded = [p for p in truth() if "budgets" in p]
    assert len(recorded) == 12
    for form, expected in zip(seed_forms(), recorded, strict=False):
        assert [as_truth(line) for line in form.budgets] == expected["budgets"]


def test_every_form_has_indicator_rows_and_no_unreadable_row() -> None:
    forms = seed_forms()
    assert all(form.indicators for form in forms)
    assert sum(form.unparsed_rows for form in forms) == 0


def test_leaf_rows_of_the_first_form() -> None:
    form = seed_forms()[0]
    leaves = [row for row in form.indicators if row.level == 3]
    first = leaves[0]
    assert (first.name, first.target_value, first.actual_value) == ("外贸优质增长扶持计划支持企业家次",
                                                                   "≥1000家", "1100家")
    assert (first.weight.value, first.score.value) == (3, 3)
    assert first.parent_id == "1.1"  # 产出指标 / 数量指标
    noted = next(row for row in leaves if row.name == "受资助企业中方投资额")
    assert noted.score.value == 2 and noted.note.startswith("我局已完成该目标")
    assert sum(row.weight.value for row in leaves) + 10 == 100  # + the budget block's 分值


FORM = """项目名称\t测试项目\t\t项目金额\t1.00
项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
\t年度资金总额\t100\t80\t76\t10\t95%\t9.5
年度绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因
\t产出指标\t数量指标\t培训场次\t≥4场\t3场\t20\t15\t疫情影响
\t\t时效指标\t完成时间\t及时\t及时\t\t\t20\t20
\t效益指标\t\t社会影响\t有效\t有效\t30\t28\t
满意度指标\t\t满意度\t≥90%\t95%\t20\t20\t
总分\t\t\t\t\t100\t92.5\t—
"""


def test_shifted_cells_and_units() -> None:
    form = extract_self_evaluation(document_rows(read_text_dump(FORM)))
    (budget,) = form.budgets
    assert budget.adjusted_budget.value == Decimal(800_000)  # 万元 column -> yuan
    assert budget.stated_rate.value == Decimal("0.95")
    got = [(r.indicator_id, r.level, r.name, r.weight.value if r.weight else None,
            r.score.value if r.score else None) for r in form.indicators]
    assert got == [
        ("1", 1, "产出指标", None, None),
        ("1.1", 2, "数量指标", None, None),
        ("1.1.1", 3, "培训场次", 20, 15),
        ("1.2", 2, "时效指标", None, None),
        ("1.2.1", 3, "完成时间", 20, 20),
        ("2", 1, "效益指标", None, None),
        ("2.1", 3, "社会影响", 30, 28),
        ("3", 1, "满意度指标", None, None),
        ("3.1", 3, "满意度", 20, 20),
    ]
    assert form.indicators[2].note == "疫情影响"
    assert stated_total(form) == 92.5


def leaves(form: SelfEvaluation) -> list:
    parents = {row.parent_id for row in form.indicators}
    return [row for row in form.indicators if row.indicator_id not in parents]


def test_every_form_adds_up_to_its_printed_totals() -> None:
    """All 57 real forms: leaf weights + the budget block's 分值 make 100, leaf
    scores + its 得分 make the printed 总分 (a lost row breaks both)."""
    for number, form in enumerate(seed_forms()):
        budget = next(line for line in form.budgets if line.weight is not None)
        weights = sum(row.weight.value for row in leaves(form)) + budget.weight.value
        assert weights == 100, (number, weights)
        if budget.score is not None:  # one form's dump lost the 得分 column
            scores = sum(row.score.value for row in leaves(form)) + budget.score.value
            assert scores == Decimal(str(stated_total(form))), (number, scores)


def test_row_under_the_repeated_section_label_is_an_indicator() -> None:
    """The first data row of a continuation page carries the merged section label
    (``年度绩效指标``, or a wrapped piece of it) in its first cell."""
    form = seed_forms()[1]  # 商务发展专项资金——商贸流通领域, continued over three pages
    row = next(r for r in form.indicators if r.name == "社消零增速")
    assert (row.weight.value, row.score.value, row.target_value, row.actual_value) == (3, 0, "≥7%",
                                                                                     "-5.2%")
    assert next(r for r in form.indicators if r.indicator_id == row.parent_id).name == "质量指标"
    wrapped = seed_forms()[34]  # 投资推广事务管理-投资推广: a page starts with "指标 | 时效指标"
    assert not any(r.name in ("指标", "年度绩效指标") for r in wrapped.indicators)


CONTINUATION = """项目名称\t测试项目\t\t项目金额\t1.00
年度绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分
\t产出指标\t数量指标\t培训场次\t≥4场\t4场\t20\t20
项目名称\t测试项目\t\t项目金额\t1.00
年度绩效指标\t质量指标\t合格率\t100%\t90%\t30\t25\t抽检不合格
指标\t\t成本指标\t成本控制率\t成本控制率\t≤100%\t95%\t40\t40
总分\t\t\t\t\t100\t85\t—
"""


def test_continuation_rows_and_a_name_printed_twice() -> None:
    form = extract_self_evaluation(document_rows(read_text_dump(CONTINUATION)))
    got = [(r.indicator_id, r.level, r.name, r.weight and r.weight.value, r.score and r.score.value)
           for r in form.indicators]
    assert got == [
        ("1", 1, "产出指标", None, None),
        ("1.1", 2, "数量指标", None, None),
        ("1.1.1", 3, "培训场次", 20, 20),
        ("1.2", 2, "质量指标", None, None),
        ("1.2.1", 3, "合格率", 30, 25),
        ("1.3", 2, "成本指标", None, None),
        ("1.3.1", 3, "成本控制率", 40, 40),
    ]
    assert form.unparsed_rows == 0


def test_records_cite_the_dump_line_they_are_printed_on() -> None:
    """Every figure of the 57 forms points at its physical line (blank lines counted,
    as ``sed -n Np`` prints it): the line holds the indicator's name and figures,
    the budget line's label, the 总分 row's total. The first form by hand: 年度资金总额
    on line 84, 总分 on line 118."""
    path = next((FIXTURES / "seeds").glob("003_*.txt"))
    dump = path.read_text(encoding="utf-8").split("\n")
    forms = seed_forms()
    assert [line.line_no for line in forms[0].budgets][:1] == [84]
    assert {s.line_no for s in forms[0].statements} == {118}
    for form in forms:
        for row in form.indicators:
            if row.weight is None:
                continue
            cells = dump[row.line_no - 1].split("\t")
            assert row.name_raw.strip() in cells and row.weight.text in cells, row
        for line in form.budgets:
            assert line.line.removeprefix("其中：") in dump[line.line_no - 1]
        for statement in form.statements:
            assert statement.value_text in dump[statement.line_no - 1].split("\t")
