from __future__ import annotations

from decimal import Decimal

from extractors.estimate import Estimate, sum_of
from tests.extractors.checks.build import num


def test_sum_tolerance_adds_up_and_rounding_edge_agrees():
    total = sum_of([num("2.53"), num("2.47")])
    assert total == Estimate(Decimal("5.00"), Decimal("0.010"))
    assert total.agrees(num("5.00")) and total.agrees(num("5.01"))
    assert not total.agrees(num("5.02"))


def test_quotient_bound_one_third_printed_as_percent():
    third = Estimate.of(num("1")).over(Estimate.of(num("3")))
    assert third is not None
    assert third.agrees(num("33.33%")) and third.agrees(num("33.3%"))
    assert not third.agrees(num("33.35%"))


def test_quotient_of_rounded_figures_uses_the_exact_interval_bound():
    # 2.5 (±0.05) ÷ 4 (exact) spans [0.6125, 0.6375].
    rate = Estimate.of(num("2.5")).over(Estimate.of(num("4")))
    assert rate is not None
    assert rate.value == Decimal("0.625")
    assert Decimal("0.0125") <= rate.tolerance < Decimal("0.0126")
    assert Estimate.of(num("1")).over(Estimate.of(num("0.0"))) is None  # divisor may be zero


def test_product_tolerance():
    product = Estimate.of(num("10")).times(Estimate.of(num("0.94")))
    assert product == Estimate(Decimal("9.40"), Decimal("0.050"))
    assert product.capped(Decimal(5)).value == Decimal(5)
