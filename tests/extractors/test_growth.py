"""Growth rates stated with the figures they compare, against hand-read answers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.arithmetic import evaluate_expression
from extractors.growth import growth_rates

# (sentence, [(printed rate, expression, rise, recomputed rate to 4 places)])
CASES = [
    (  # seed 000 line 547, order-repaired: the rate does not follow (48.39%)
        "申报量分别为6,398 万票、 9,494 万票， 2020 年比 2019 年增长 48.38%，两年共计为企业减负约 3.7亿元",
        [("48.38%", "(9,494 - 6,398) ÷ 6,398", True, "0.4839")],
    ),
    (  # seed 004 line 89: 13,750.44 ÷ 43,622.58
        "2021 年我办部门预算收入 57,373.02 万元，比 2020 年增加 13,750.44 万元，增长 31.52%，其中：财政预算拨款",
        [("31.52%", "13,750.44 ÷ (57,373.02 - 13,750.44)", True, "0.3152")],
    ),
    (  # seed 004 line 91: the same change, 增加 twice
        "2021 年我办部门预算支出 57,373.02 万元，比 2020 年增加 13,750.44 万元，增加 31.52%。",
        [("31.52%", "13,750.44 ÷ (57,373.02 - 13,750.44)", True, "0.3152")],
    ),
    (  # a fall: the base is the figure plus the decrease
        "办件量 100 件，较上年减少 20 件，下降 16.67%。",
        [("16.67%", "20 ÷ (100 + 20)", False, "0.1667")],
    ),
    (  # two figures, a fall
        "投诉量分别为 80 次和 60 次，2021 年比 2020 年下降 25%。",
        [("25%", "(80 - 60) ÷ 80", False, "0.2500")],
    ),
    # a rate printed without the figures it compares (seed 003)
    ("外贸进出口30502.5亿元，增长2.4%，其中出口16972.7亿元，增长1.5%", []),
    # two figures of different units are not a pair
    ("受理 120 件、办结 3 万元，比上年增长 5%。", []),
    # a change and a rate of opposite directions
    ("收入 100 万元，比上年增加 20 万元，下降 16.67%。", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_growth_rates(sentence: str, expected: list[tuple[str, str, bool, str]]) -> None:
    found = list(growth_rates(sentence))
    assert [(g.rate.text, g.expression, g.rise) for g in found] == [e[:3] for e in expected]
    for rate, (_, _, _, value) in zip(found, expected, strict=True):
        recomputed = evaluate_expression(rate.expression).value
        assert recomputed.quantize(Decimal("0.0001")) == Decimal(value)
        first_figure = sentence[rate.offset :].split()[0].rstrip("万元件次、，")
        assert first_figure and first_figure in rate.expression  # the match starts at the first figure
