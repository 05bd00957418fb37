"""Narrative figures against hand-recorded truth from real report sentences.

Sentences are copied from seeds 001 (third-party evaluation) and 004
(department evaluation); seed 000's are our restored-order versions of its
garbled lines (the words are the seed's, put back in reading order). Each
case lists every score/budget figure the sentence states, recorded by hand
from the sentence, including those the extractor is known to miss, so the
precision/recall test measures the real coverage.

Figure keys: (quantity, indicator name, value) for score statements, value
as a plain decimal (yuan for money, fraction for rates, grade text for
grades); (budget role, value) for budget lines.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from extractors.arithmetic import evaluate_expression
from extractors.figures import NarrativeFigures, extract_narrative
from extractors.grades import NATIONAL_BANDS, grade_for, normalize_grade, parse_grade_bands
from extractors.numbers import parse_number
from extractors.records import Line

Key = tuple[str | None, ...]

# fmt: off
CASES: list[tuple[str, list[Key]]] = [
    # --- seed 001 ---------------------------------------------------------
    ("2017 年上海国际贸易单一窗口政府运维补贴资金项目总体得分为 86.74 分，评价等级为“良”。",
     [("total_score", None, "86.74"), ("grade", None, "良")]),
    ("其中项目决策类指标得 7 分，得分率为 87.5%；项目管理类指标得 24.99 分，得分率为 73.5%；"
     "项目绩效类指标得 54.75 分，得分率为 94.4%。",
     [("score", "项目决策", "7"), ("score_rate", "项目决策", "0.875"),
      ("score", "项目管理", "24.99"), ("score_rate", "项目管理", "0.735"),
      ("score", "项目绩效", "54.75"), ("score_rate", "项目绩效", "0.944")]),
    ("本次项目决策指标包括以下二级指标：“A1 项目立项”和“A2 项目目标”，"
     "总分值为 8 分，综合评分为 7 分。",
     [("weight", "项目决策", "8"), ("score", "项目决策", "7")]),
    ("“项目立项”由两个三级指标构成：“战略目标适应性”和“项目立项规范性”，"
     "如表 3-2，分别得分为 2 分和 2 分。",
     [("score", "战略目标适应性", "2"), ("score", "项目立项规范性", "2")]),
    ("根据评价标准，指标“B11 预算执行率”满分 2 分，得 1.99 分。",
     [("weight", "预算执行率", "2"), ("score", "预算执行率", "1.99")]),
    ("2017 年单一窗口运维补贴资金项目预算安排 16177.08 万元，"
     "实际支出 16104.72 万元，预算执行率为 99.55%。",
     [("adjusted_budget", "161770800"), ("executed", "161047200"), ("stated_rate", "0.9955")]),
    ("其中“财务管理制度健全性”由两个四级指标构成：“市口岸办财务管理制度健全性”和“运维商财务管理制度健全性”，"
     ""
     "分别得分 2 分和 2 分，合计得分 4 分；"
     "“财务管理制度执行有效性”由两个四级指标构成：“市口岸办财务管理制度执行有效性”"
     "和“运维商财务管理制度执行有效性”，分别得分 2 分和 1 分，合计得分 3 分。",
     [("score", "市口岸办财务管理制度健全性", "2"), ("score", "运维商财务管理制度健全性", "2"),
      ("score", "财务管理制度健全性", "4"), ("score", "市口岸办财务管理制度执行有效性", "2"),
      ("score", "运维商财务管理制度执行有效性", "1"), ("score", "财务管理制度执行有效性", "3")]),
    ("根据评价标准，指标“B21 资金使用规范性”得满分 2 分。",
     [("score", "资金使用规范性", "2"), ("weight", "资金使用规范性", "2")]),
    ("根据评价标准，指标“C12 补贴资金拨付及时情况”满分分，得 4.79 分。",
     [("score", "补贴资金拨付及时情况", "4.79")]),
    ("本次项目绩效指标包括以下二级指标：“C1 项目产出”、“C2 项目效益”和“C3 项目影响力”，"
     "总分值为 58 分，综合评分为 54.75 分。",
     [("weight", "项目绩效", "58"), ("score", "项目绩效", "54.75")]),
    ("“项目影响力”由两个三级指标构成：“单一窗口平台长效运维机制完善情况”和“2016 年绩效评价结果应用情况”，"
     ""
     "如表 3-9 所示，分别得分 2 分和 1.5 分。",
     [("score", "单一窗口平台长效运维机制完善情况", "2"), ("score", "2016 年绩效评价结果应用情况", "1.5")]),
    ("2017年本项目预算资金实际支出金额为16104.72万元，预算执行率为99.55%。",
     [("executed", "161047200"), ("stated_rate", "0.9955")]),
    ("2017 年本项目预算金额为 16177.08 万元，"
     "包含 2016 年 20% 运维补贴资金 3136.08 万元、2017 年当年 80% 的"
     "运维补贴资金 13040 万元和专家评审费 1 万元。",
     [("adjusted_budget", "161770800")]),
    ("系统故障次数为 11 次，故障总时间为 910 分钟，系统可用率为 99.83%，整体可用率较高。", []),
    ("2017 年单一窗口平台计划完成 19 项新功能建设任务，实际完成 16 项，完成率为 84.21%。", []),
    ("市口岸办完成向主运维商拨付运维补贴资金，主运维商完成向 8 家协作运维商拨付运维补贴资金。", []),
    ("2016 年为进一步优化单一窗口的运维机制，降低企业申报环节成本，"
     "根据国务院《关于进一步清理和规范进出口环节收费的通知》"
     "（发改价格〔2015〕1963 号）的要求，"
     "上海市口岸服务办公室（以下简称：“市口岸办”）要求各运维商停止收取企业在申报环节"
     "所产生的信息系统费用，"
     "并设置上海国际贸易单一窗口政府运维补贴资金（以下简称“运维补贴资金”）项目，由市级财政安排预算，"
     "用于专项补贴单一窗口平台系统及应用功能运营维护所产生的费用。", []),
    ("在 2016 年-2018 年三年政策实施过渡期间，"
     "每年预算资金在 16300 万元的额度内确定，并在下一年审计工作完成后进行清算。", []),
    ("2017 年单一窗口平台公共服务免费执行率达到 100%。", []),
    ("在社会调查过程中，向政府部门工作人员发放 50 份问卷，整体满意度达到 90.15%；"
     "向企业发放了 299 份调查问卷，整体满意度达到 96.05%，政府部门工作人员和企业满意度高。", []),
    ("企业满意度问卷主要从平台使用的便捷性，使用平台后申报环节时间和成本节省情况，"
     "以及故障响应、处置与保障等方面进行调查，每个方面的满意度均在 95%以上。", []),
    # --- seed 004 ---------------------------------------------------------
    ("我办参照《2021 年部门整体支出绩效评价共性指标体系框架》进行自评，"
     "此次自评评分为 93.78 分，其中部门决策满分 20 分，"
     "得分 19.9 分；部门管理满分 20 分，得分 18.9 分；部门绩效满分 60 分，得分 54.98 分。",
     [("total_score", None, "93.78"), ("weight", "部门决策", "20"), ("score", "部门决策", "19.9"),
      ("weight", "部门管理", "20"), ("score", "部门管理", "18.9"),
      ("weight", "部门绩效", "60"), ("score", "部门绩效", "54.98")]),
    ("根据市统计局提供的数据，我办 2021 年度公众满意度得分为 86.34 分，"
     "绩效评定级别为“良”，满意度达到 85%以上。",
     [("score", "公众满意度", "86.34"), ("grade", "公众满意度", "良"),
      ("measured_value", "2021年公众满意度", "86.34")]),
    ("2021 年年初预算总规模为 57,373.02 万元，"
     "在实际工作开展过程中，我办根据实际情况对预算资金进行申报调整，经批准，"
     "我办整体支出预算总规模调整为 64,689.48 万元。",
     [("initial_budget", "573730200"), ("adjusted_budget", "646894800")]),
    ("2021 年我办部门预算收入 57,373.02 万元，比 2020 年增加 13,750.44 万元，"
     "增长 31.52%，其中：财政预算拨款 57,373.02 万元。",
     [("initial_budget", "573730200"), ("growth_rate", None, "0.3152")]),
    ("2021 年我办部门预算支出 57,373.02 万元，比 2020 年增加 13,750.44 万元，增加 31.52%。",
     [("initial_budget", "573730200"), ("growth_rate", None, "0.3152")]),
    ("按资金用途，"
     "基本支出预算调整为 3,469.97 万元（占比 5.36%）。", [("adjusted_budget", "34699700")]),
    ("我办 2021 年度“三公”经费预算安排 8.89 万元，其中，"
     "公务用车运行维护费预算为 7 万元，公务接待费预算为 1.89 万元。",
     [("adjusted_budget", "88900"), ("adjusted_budget", "70000"), ("adjusted_budget", "18900")]),
    ("“三公”经费实际支出 7.56 万元，其中，"
     "公务用车运行维护费支出为 6.82 万元，公务接待费支出为 0.74 万元，"
     "“三公”经费控制率为 85.04%。",
     [("executed", "75600"), ("executed", "68200"), ("executed", "7400"), ("stated_rate", "0.8504")]),
    ("我办 2021 年度日常公用经费调整预算数 231.52 万元，"
     "日常公用经费决算数为 187.02 万元，日常公用经费控制率为 80.78%，"
     "机构运转成本均在预算范围内。",
     [("adjusted_budget", "2315200"), ("executed", "1870200"), ("stated_rate", "0.8078")]),
    ("2021 年度，我办全年预算总额 64,689.48 万元，全年支出数为 60,994.53 万元，总执行率为 94.29%。",
     [("adjusted_budget", "646894800"), ("executed", "609945300"), ("stated_rate", "0.9429")]),
    ("第一季度累计支出 13,757.79 万元，总预算 64,689.48 万元，"
     "支出进度为 21.27%，季度序时进度 25%，季度预算执行率为 85.07%。",
     [("executed", "137577900"), ("adjusted_budget", "646894800"), ("stated_rate", "0.2127"),
      ("stated_rate", "0.8507")]),
    (r"全年平均执行率 = $\Sigma (85.07\% + 102.83\% + 80.56\% + 80.56\%) \div 4 = 90.69\%$ 。",
     [("formula", "全年平均执行率", "0.9069")]),
    ("截止至 2021 年 12 月 31 日，我办共安排项目支出预算 61,219.51 万元，"
     "全年共支出 57,878.3 万元，项目支出预算完成率 94.54%。",
     [("adjusted_budget", "612195100"), ("executed", "578783000"), ("stated_rate", "0.9454")]),
    ("“深圳陆路口岸安检保障经费”项目由于疫情原因，"
     "通关车次低于预期目标，因此调减项目预算 461.63 万元。", []),
    ("2021 年度我办部门年初预算数为 57,373.02 万元。", [("initial_budget", "573730200")]),
    ("主要包括：口岸管理业务经费由 52,248 万元调整为 54,233.36 万元；"
     "综合管理由 745 万元调整为 1,210 万元；"
     "财政专项资金由 0 万元调整为 1,801 万元；国有资本经营预算经费由 0 万元调整为 1,704.71 万元；"
     "考核管理经费由 0 万元调整为 1,051.05 万元。",
     [("initial_budget", "522480000"), ("adjusted_budget", "542333600"),
      ("initial_budget", "7450000"), ("adjusted_budget", "12100000"),
      ("initial_budget", "0"), ("adjusted_budget", "18010000"),
      ("initial_budget", "0"), ("adjusted_budget", "17047100"),
      ("initial_budget", "0"), ("adjusted_budget", "10510500")]),
    ("截止2021年12月31日，我办在职人员核定编制数为52人，年末实有在职人员共52人。", []),
    ("2021年末，我办实际在编人员52人，实际编外人员16人，编外人员控制率为23.53%。", []),
    ("根据《中共中央国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）《深圳市财政局关于贯彻落实全面实施预算绩效管理"
     "有关事项的通知》（深财绩〔2019〕5号）"
     "《深圳市财政局关于做好市本级 2021 年预算绩效管理工作的通知》（深财绩〔2021〕1号）"
     "等文件规定，我办积极开展预算绩效管理工作。", []),
    ("2021 年我办申报的采购计划金额为 485.43 万元，"
     "实际采购金额为 485.43 万元，政府采购执行率为 100%。", []),
    ("按政府经济科目分类，其他商品和服务支出 129.8 万元，"
     "委托业务费 348.63 万元，办公设备购置 7 万元。", []),
    ("2021 年度满意度的数据来源于市统计局的公众满意度调查，满意度为85.34%。",
     [("measured_value", "2021年公众满意度", "0.8534")]),
    (r"按照部门整体支出绩效评价表中服务对象满意度评价标准，"
     r" $80\% \leq \text{满意度} < 90\%$ 的，得2分。", []),
    ("截至 2021 年 12 月 31 日，我办资产合计为 121,988.78 万元，"
     "其中：流动资产 781.08 万元，非流动资产 121,207.7 万元。", []),
    # --- seed 000, restored reading order ----------------------------------
    ("本次绩效评价总分值为 100 分，最终评价得分为 89.03 分，评级为“良好”。",
     [("total_weight", None, "100"), ("total_score", None, "89.03"), ("grade", None, "良好")]),
    ("3. 资金投入共计得分为 4 分", [("score", "资金投入", "4")]),
    ("2019 年-2020 年的传统报关单证申报量分别为6,398 万票、 9,494 万票， 2020 年比 2019 年增长 48.38%。",
     [("growth_rate", None, "0.4838")]),
    ("项目过程管理具体从资金管理和组织实施两方面进行评价与分析，指标权重为 20%。",
     [("weight", "项目过程管理", "20")]),
    ("市商务局资金到位率=（2.8 亿元/2.8 亿元）×100%=100%", [("formula", "市商务局资金到位率", "1")]),
    ("本项目实际支出专项资金 14,267.75万元，"
     "市财政局批复的专项资金额度为 28,000万元，市商务局预算执行率为 100%，"
     "但是项目实际支出率为 50.96%。",
     [("executed", "142677500"), ("adjusted_budget", "280000000"), ("stated_rate", "1"),
      ("stated_rate", "0.5096")]),
    ("5.满意度得分为 7.66 分", [("score", "满意度", "7.66")]),
    ("经综合评价，2020 年“单一窗口”项目专项资金绩效得分为 95.34 分，评价等级为优。",
     [("total_score", None, "95.34"), ("grade", None, "优")]),
    ("本项目预算资金为 2,700.00万元，实际到位资金 2,700.00 万元，"
     "资金到位率为 100%，资金落实情况对项目实施的总体保障程度高。",
     [("adjusted_budget", "27000000"), ("executed", "27000000"), ("stated_rate", "1")]),
    ("本项目实际到位资金 2,700.00 万元，实际支出资金 2,536.50 万元，"
     "预算执行率为 93.94%，项目预算执行情况良好。",
     [("adjusted_budget", "27000000"), ("executed", "25365000"), ("stated_rate", "0.9394")]),
    ("本项目 2020 年预算金额为 2,700.00 万元，"
     "中标金额（合同金额）为 2,670.00万元。", [("adjusted_budget", "27000000")]),
    ("项目组抽取 2019-2020 年本项目会计凭证共 113 笔，"
     "通过查阅会计凭证及附件发现，部分项目核算口径不一致。", []),
    ("按照合同约定，市商务局于 2020 年 7 月 28 日向深圳市南方电子口岸有限公司拨付首期款（合同金额的 70%），"
     "即 1,869.00 万元；", []),
    ("2019 年及 2020 年热线呼入接通率分别为 96.92%、96.51%，均在 95% 以上；", []),
]
# fmt: on

BUDGET_ROLES = ("initial_budget", "adjusted_budget", "executed", "stated_rate")


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _keys(figures: NarrativeFigures) -> Counter[Key]:
    keys: Counter[Key] = Counter()
    for statement in figures.scores:
        value = statement.value_text if statement.value is None else _plain(statement.value.value)
        keys[(statement.quantity, statement.indicator_name, value)] += 1
    for line in figures.budgets:
        for role in BUDGET_ROLES:
            number = getattr(line, role)
            if number is not None:
                keys[(role, _plain(number.value))] += 1
    return keys


def _read(*texts: str, page: int = 1) -> NarrativeFigures:
    return extract_narrative([Line(page=page, line_no=n, text=t) for n, t in enumerate(texts)])


def measure() -> tuple[int, int, int]:
    """(correct, extracted, true) figure counts over the labelled sample."""
    correct = extracted = true = 0
    for sentence, truth in CASES:
        found, expected = _keys(_read(sentence)), Counter(truth)
        correct += sum((found & expected).values())
        extracted += sum(found.values())
        true += sum(expected.values())
    return correct, extracted, true


def test_sample_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert sum(1 for _, truth in CASES if not truth) >= 15  # negatives


def test_precision_and_recall_on_labelled_sample() -> None:
    correct, extracted, true = measure()
    assert correct / extracted == 1.0  # no false figure on the sample
    assert correct / true >= 0.9


@pytest.mark.parametrize(("sentence", "truth"), [case for case in CASES if not case[1]])
def test_negative_sentences_yield_nothing(sentence: str, truth: list[Key]) -> None:
    figures = _read(sentence)
    assert figures.scores == [] and figures.budgets == [] and truth == []


def test_stated_scores_carry_name_code_and_provenance() -> None:
    figures = _read("根据评价标准，指标“B11 预算执行率”满分 2 分，得 1.99 分。", page=31)
    weight, score = figures.scores
    assert (weight.quantity, score.quantity) == ("weight", "score")
    assert score.indicator_name == "预算执行率" and score.indicator_code == "B11"
    assert score.value == parse_number("1.99")
    assert (score.source, score.page) == ("narrative", 31)
    assert score.snippet == "根据评价标准，指标“B11 预算执行率”满分 2 分，得 1.99 分。"
    assert score.indicator_id is None  # linking to the table is the next stage's job


def test_total_and_grade_keep_printed_text() -> None:
    figures = _read("本次绩效评价总分值为 100 分，最终评价得分为 89.03 分，评级为“良好”。")
    total = next(s for s in figures.scores if s.quantity == "total_score")
    grade = next(s for s in figures.scores if s.quantity == "grade")
    assert total.value_text == "89.03" and total.value.tolerance == Decimal("0.005")
    assert (grade.value, grade.value_text, grade.indicator_name) == (None, "良好", None)


def test_weight_in_percent_becomes_points() -> None:
    [weight] = _read("项目产出情况具体从产出数量、产出质量、产出成本三方面进行评价与分析，指标权重为 37%。").scores
    assert weight.quantity == "weight" and weight.value.value == 37
    assert weight.indicator_name == "项目产出情况"


def test_formula_across_a_line_wrap_keeps_expression_and_page() -> None:
    lines = [
        Line(page=4, line_no=9, text="数据分中心资金到位率=（2.6 亿元/2.8 亿元）×"),
        Line(page=4, line_no=10, text="100%=92.86%"),
    ]
    [formula] = extract_narrative(lines).scores
    assert formula.quantity == "formula"
    assert formula.expression == "（2.6 亿元/2.8 亿元）×100%"
    assert formula.value == parse_number("92.86%")
    assert formula.indicator_name == "数据分中心资金到位率" and formula.page == 4


def test_latex_formula_is_read_and_its_wrong_term_shows() -> None:
    [formula] = _read(
        r"全年平均执行率 = $\Sigma (85.07\% + 102.83\% + 80.56\% + 80.56\%) \div 4 = 90.69\%$ 。"
    ).scores
    assert formula.expression == "(85.07% + 102.83% + 80.56% + 80.56%) ÷ 4"
    assert formula.value_text == "90.69%"
    computed = evaluate_expression(formula.expression)
    assert computed.value == Decimal("0.87255")  # the report repeats 80.56% for 94.29%
    assert abs(computed.value - formula.value.value) > computed.tolerance + formula.value.tolerance


def test_formula_with_words_left_of_the_last_equals_is_ignored() -> None:
    assert _read("预算执行率=（实际支出资金/实际到位资金）×100%。").scores == []


def test_budget_line_from_a_sentence() -> None:
    [line] = _read(
        "2017 年单一窗口运维补贴资金项目预算安排 16177.08 万元，"
        "实际支出 16104.72 万元，预算执行率为 99.55%。"
    ).budgets
    assert line.line == "预算执行" and line.source == "narrative"
    assert line.adjusted_budget.value == Decimal("161770800") and line.adjusted_budget.text == "16177.08 万元"
    assert line.executed.value == Decimal("161047200")
    assert line.stated_rate.value == Decimal("0.9955")
    assert line.initial_budget is None


def test_budget_change_lines_are_named_by_their_fund() -> None:
    lines = _read(
        "主要包括：口岸管理业务经费由 52,248 万元调整为 54,233.36 万元；综合管理由 745 万元调整为 1,210 万元。"
    ).budgets
    assert [line.line for line in lines] == ["口岸管理业务经费", "综合管理"]
    assert lines[1].initial_budget.value == 7_450_000 and lines[1].adjusted_budget.value == 12_100_000


def test_two_rates_after_one_set_of_figures_attach_to_neither() -> None:
    figures, first_rate, second_rate = _read(
        "第一季度累计支出 13,757.79 万元，总预算 64,689.48 万元，"
        "支出进度为 21.27%，季度序时进度 25%，季度预算执行率为 85.07%。"
    ).budgets
    assert figures.executed.value == 137_577_900 and figures.adjusted_budget.value == 646_894_800
    assert figures.stated_rate is None  # 85.07% is 支出进度 ÷ 序时进度, not executed ÷ budget
    assert (first_rate.line, first_rate.stated_rate.value) == ("支出进度", Decimal("0.2127"))
    assert (second_rate.line, second_rate.stated_rate.value) == ("季度预算执行", Decimal("0.8507"))
    assert first_rate.executed is None and second_rate.adjusted_budget is None


def test_parts_after_qizhong_are_lines_of_their_own() -> None:
    total, car, reception = _read(
        "我办 2021 年度“三公”经费预算安排 8.89 万元，其中，"
        "公务用车运行维护费预算为 7 万元，公务接待费预算为 1.89 万元。"
    ).budgets
    assert total.adjusted_budget.value == 88_900
    assert (car.line, car.adjusted_budget.value) == ("公务用车运行维护费", 70_000)
    assert (reception.line, reception.adjusted_budget.value) == ("公务接待费", 18_900)


def test_adjusted_budget_count_and_final_accounts_spending() -> None:
    # dept_inv2 wording: 预算调整数 is the budget in force, 决算支出 what was spent.
    [line] = _read("2022 年部门预算调整数 8,650.40 万元，决算支出 8,210.75 万元，预算执行率为 94.92%。").budgets
    assert line.adjusted_budget.value == 86_504_000 and line.executed.value == 82_107_500
    assert line.stated_rate.value == Decimal("0.9492") and line.initial_budget is None


def test_measured_value_keeps_its_unit_page_and_takes_the_sentence_topic() -> None:
    [points] = [s for s in _read("我办 2021 年度公众满意度得分为 86.34 分。", page=4).scores
                if s.quantity == "measured_value"]
    assert (points.value_text, points.value.value, points.value.unit, points.page) == (
        "86.34 分", Decimal("86.34"), "", 4)
    [percent] = _read("满意度的数据来源于企业满意度调查，满意度为 85.34%。").scores
    assert (percent.indicator_name, percent.value_text, percent.value.unit) == ("企业满意度", "85.34%", "%")


@pytest.mark.parametrize("sentence", [
    "满意度为 85.34%。",  # bare, no topic: whose satisfaction is unknown
    "企业满意度为 95%以上。",  # a bound
    "80%≤满意度<90%的，得2分。",  # a scoring criterion
    "2020 年企业满意度为 93.5%，2021 年企业满意度为 95.5%。",  # a comparison over time
])
def test_measured_values_that_are_not_one_result(sentence: str) -> None:
    assert [s for s in _read(sentence).scores if s.quantity == "measured_value"] == []


@pytest.mark.parametrize(
    ("expression", "value", "tolerance"),
    [
        ("(85.07% + 102.83% + 80.56% + 80.56%) ÷ 4", "0.87255", "0.00005"),
        ("5 × 96.40%", "4.82", "0.00025"),
        ("2 + 3 - 1.5", "3.5", "0.05"),
        ("-(1.5 - 2)", "0.5", "0.05"),
        ("（2.8 亿元/2.8 亿元）×100%", "1", None),
    ],
)
def test_evaluate_expression_exact(expression: str, value: str, tolerance: str | None) -> None:
    result = evaluate_expression(expression)
    assert result.value == Decimal(value)
    if tolerance is not None:  # division adds a 1e-20 slack for Decimal's 28-digit rounding
        assert abs(result.tolerance - Decimal(tolerance)) <= Decimal("1e-19")


def test_evaluate_expression_tolerance_covers_the_printed_rounding() -> None:
    result = evaluate_expression("16104.72/16177.08×100%")
    stated = parse_number("99.55%")
    assert abs(result.value - stated.value) <= result.tolerance + stated.tolerance
    assert abs(result.value - parse_number("99.56%").value) > result.tolerance + Decimal("0.00005")
    # ×100% is the percent conversion, exact: the tolerance comes from the two amounts only
    assert result.tolerance < Decimal("1e-6")


@pytest.mark.parametrize("expression", ["实际支出/预算数", "5 ÷ 0", "(1 + 2", "3 +", "1,2a"])
def test_evaluate_expression_rejects_what_it_cannot_read(expression: str) -> None:
    with pytest.raises(ValueError):
        evaluate_expression(expression)


# --- grades ------------------------------------------------------------------


def _bands(text: str) -> list[tuple[str, Decimal, Decimal]]:
    return [(grade, lower.value, upper.value) for grade, lower, upper in parse_grade_bands(text)]


def test_grade_bands_stated_in_seed_001() -> None:
    figures = _read(
        "评价等级分为四级：",
        "优：得分高于 90 分（含 90 分）；",
        "良：得分 75 分-90 分（含 75 分）；",
        "合格：得分 60 分-75 分（含 60 分）；",
        "不合格或绩效无法显现：60 分以下。",
    )
    inf = Decimal("Infinity")
    assert [(g, lo.value, hi.value) for g, lo, hi in figures.grade_bands] == [
        ("优", 90, inf), ("良", 75, 90), ("合格", 60, 75), ("不合格", 0, 60),
    ]  # fmt: skip
    assert figures.scores == [] and figures.budgets == []


def test_national_wording_gives_the_national_bands() -> None:
    text = "90（含）-100分为优、80（含）-90分为良、60（含）-80分为中、60分以下为差"
    assert _bands(text.replace("、", "，")) == NATIONAL_BANDS


def test_integer_ranges_are_closed_up_to_the_next_band() -> None:
    bands = _bands("总分90分及以上为优秀，80-89分为良好，60-79分为合格，60分以下为不合格")
    assert [band[:2] for band in bands] == [("优秀", 90), ("良好", 80), ("合格", 60), ("不合格", 0)]
    assert [band[2] for band in bands[1:]] == [90, 80, 60]


def test_no_bands_in_scores_dates_or_satisfaction() -> None:
    assert _bands("2017 年…项目总体得分为 86.74 分，评价等级为“良”") == []
    assert _bands("在 2016-2017 年的项目实施过程中，市口岸办负责") == []
    assert _bands("绩效评定级别为“良”，满意度达到 85%以上") == []


@pytest.mark.parametrize(
    ("printed", "grade"),
    [("良好", "良"), ("“优秀”", "优"), ("合格", "中"), ("不合格", "差"), ("中等", "中"), ("差", "差"), ("满意", None)],
)
def test_normalize_grade(printed: str, grade: str | None) -> None:
    assert normalize_grade(printed) == grade


def test_grade_for_uses_lower_inclusive_upper_exclusive_bands() -> None:
    assert grade_for(Decimal("90"), NATIONAL_BANDS) == "优"
    assert grade_for(Decimal("89.99"), NATIONAL_BANDS) == "良"
    assert grade_for(Decimal("86.74"), parse_grade_bands("良：得分 75 分-90 分（含 75 分）")) == "良"
    assert grade_for(Decimal("59.5"), NATIONAL_BANDS) == "差"
    assert grade_for(Decimal("70"), parse_grade_bands("优：得分高于 90 分（含 90 分）")) is None
