"""Printed numbers parse to exact Decimals with a tolerance from their printed precision."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.numbers import find_numbers, parse_number, to_decimal


@pytest.mark.parametrize(
    ("text", "value", "tolerance", "unit"),
    [
        ("2.53", "2.53", "0.005", ""),
        ("1,626.30", "1626.30", "0.005", ""),
        ("87.5%", "0.875", "0.0005", "%"),
        ("67%", "0.67", "0.005", "%"),
        ("2,700.00 万元", "27000000", "50", "元"),
        ("2.8亿元", "280000000", "5000000", "元"),
        ("-5.2%", "-0.052", "0.0005", "%"),
        ("4", "4", "0", ""),
        ("１２.５", "12.5", "0.05", ""),
    ],
)
def test_parse_number(text: str, value: str, tolerance: str, unit: str) -> None:
    number = parse_number(text)
    assert number is not None
    assert number.value == Decimal(value)
    assert number.tolerance == Decimal(tolerance)
    assert number.unit == unit
    assert number.text == text


@pytest.mark.parametrize("text", ["-", "—", "无", "不适用", "", "≥90%", "2020年", "A11"])
def test_blanks_and_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_find_numbers_in_a_sentence() -> None:
    found = find_numbers("实际支出 16104.72 万元，预算执行率为 99.55%")
    assert [(n.value, n.unit) for n, _, _ in found] == [(Decimal("161047200.00"), "元"), (Decimal("0.9955"), "%")]


def test_rounding_is_judged_by_printed_precision() -> None:
    rate = parse_number("33.33%")
    assert rate is not None and rate.matches(Decimal(1) / Decimal(3))
    assert not parse_number("2.53").matches(Decimal("2.536"))


def test_stored_values_round_trip_with_units() -> None:
    cell = to_decimal(161770800.0, "16177.08")
    assert cell is not None and cell.value == Decimal("161770800") and cell.tolerance == Decimal("50")
    rate = to_decimal(0.875, "87.5%")
    assert rate == parse_number("87.5%")


def test_stored_figure_printed_with_words_keeps_its_precision() -> None:
    stated = to_decimal(86.34, "86.34 分")
    assert stated is not None
    assert (stated.value, stated.tolerance, stated.text) == (Decimal("86.34"), Decimal("0.005"), "86.34 分")


def test_printed_figure_keeps_sign_digits_and_unit() -> None:
    assert parse_number("-1,626.30").printed() == ("-", "1626.30", "")
    assert parse_number("2,700.00 万元").printed() == ("", "2700.00", "万元")
    assert parse_number("2,700.00 万元").decimals == 2
