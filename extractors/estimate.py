"""Exact arithmetic on printed figures with propagated tolerances.

Every printed figure stands for an interval: ``2.53`` is anything within
±0.005 (``Number.tolerance``). A recomputed figure is an ``Estimate``: an
exact ``Decimal`` value plus the widest error its operands' rounding allows.

Propagation, step by step:

1. a sum's tolerance is the sum of its operands' tolerances;
2. a product ``a × b`` moves by at most ``|a|·tb + |b|·ta + ta·tb``;
3. a quotient ``a ÷ b`` (``|b| > tb``) moves by at most
   ``(|a|·tb + |b|·ta) / (|b|·(|b| − tb))`` — the exact bound of the interval;
4. a stated figure agrees with an estimate when they differ by no more than
   the estimate's tolerance plus the stated figure's own tolerance.

So a report that adds rounded figures and prints the rounded sum is never
flagged, while any gap larger than rounding can explain is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from extractors.numbers import Number

# Division rounds at 28 significant digits; this slack absorbs that and nothing else.
_DIVISION_SLACK = Decimal("1e-20")


@dataclass(frozen=True, slots=True)
class Estimate:
    """A recomputed figure: exact value and the largest error rounding allows."""

    value: Decimal
    tolerance: Decimal = Decimal(0)

    @classmethod
    def of(cls, number: Number) -> Estimate:
        return cls(number.value, number.tolerance)

    def __add__(self, other: Estimate) -> Estimate:
        return Estimate(self.value + other.value, self.tolerance + other.tolerance)

    def __sub__(self, other: Estimate) -> Estimate:
        return Estimate(self.value - other.value, self.tolerance + other.tolerance)

    def times(self, other: Estimate) -> Estimate:
        tolerance = (
            abs(self.value) * other.tolerance
            + abs(other.value) * self.tolerance
            + self.tolerance * other.tolerance
        )
        return Estimate(self.value * other.value, tolerance)

    def over(self, other: Estimate) -> Estimate | None:
        """The quotient, or None when the divisor's interval touches zero."""
        divisor = abs(other.value)
        if divisor <= other.tolerance:
            return None
        tolerance = (abs(self.value) * other.tolerance + divisor * self.tolerance) / (
            divisor * (divisor - other.tolerance)
        )
        return Estimate(self.value / other.value, tolerance + _DIVISION_SLACK)

    def capped(self, limit: Decimal) -> Estimate:
        """The estimate with its value limited to ``limit`` (rates capped at 100%)."""
        return Estimate(min(self.value, limit), self.tolerance)

    def agrees(self, stated: Number) -> bool:
        """True when rounding alone can explain the difference from ``stated``."""
        return abs(self.value - stated.value) <= self.tolerance + stated.tolerance


def total(estimates: Iterable[Estimate]) -> Estimate:
    """Sum of estimates (tolerances add up)."""
    result = Estimate(Decimal(0))
    for estimate in estimates:
        result = result + estimate
    return result


def sum_of(numbers: Iterable[Number]) -> Estimate:
    """Sum of printed figures as an estimate."""
    return total(Estimate.of(number) for number in numbers)
