"""Printed numbers -> exact ``Decimal`` values with a tolerance from their precision.

A figure printed as ``2.53`` stands for anything in [2.525, 2.535): its
tolerance is half a unit in the last printed place (0.005). Every check in the
validator compares within the propagated tolerance of its operands, so display
rounding never raises a false alarm.

Convention for numbers printed without decimals: scores, weights and money
printed as whole numbers are taken as exact (tolerance 0) — reports round to
decimals, not to integers, and treating ``3`` as ``3 ± 0.5`` would let a sum of
five such weights hide an error of two points. Whole percentages (``67%``) are
rounded values, so they keep the half-unit tolerance (0.005 as a fraction).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

import regex

MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1_000),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
    "亿": Decimal(100_000_000),
    "万": Decimal(10_000),
}

# Cell texts that mean "no figure here".
BLANKS = frozenset({"", "-", "—", "——", "--", "－", "/", "无", "不适用", "N/A", "n/a", "/ "})

# The digits of a printed figure: thousands groups, decimals, or a bare decimal part.
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
NUMBER_RE = regex.compile(
    rf"""
    (?P<sign>[-−－+])?\s*
    (?P<digits>{DIGITS})
    \s*(?P<unit>%|％|‰|亿元|万元|千元|元|亿|万)?
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Number:
    """An exact printed figure.

    ``value`` is in canonical units: yuan for money, a fraction for
    percentages (``87.5%`` -> 0.875), the plain number otherwise.
    ``tolerance`` is in the same units.
    """

    value: Decimal
    text: str
    tolerance: Decimal = Decimal(0)
    unit: str = ""  # "%", "元", or "" for plain numbers

    def __float__(self) -> float:
        return float(self.value)

    def printed(self) -> tuple[str, str, str] | None:
        """(sign, digits without thousands separators, unit) exactly as printed, e.g.
        ``("", "16177.08", "万元")``; None when the text holds no number."""
        match = NUMBER_RE.search(normalize(self.text))
        if match is None:
            return None
        return ("-" if match["sign"] in ("-", "－") else ""), match["digits"].replace(",", ""), match["unit"] or ""

    @property
    def decimals(self) -> int:
        """Number of decimal places printed."""
        printed = self.printed()
        if printed is None or "." not in printed[1]:
            return 0
        return len(printed[1].split(".", 1)[1])

    def scaled(self, factor: Decimal, unit: str) -> Number:
        """The same printed figure in other units (e.g. a 万元 column -> yuan)."""
        return Number(self.value * factor, self.text, self.tolerance * factor, unit)

    def matches(self, expected: Decimal, extra_tolerance: Decimal = Decimal(0)) -> bool:
        """True when ``expected`` rounds to this printed figure."""
        return abs(self.value - expected) <= self.tolerance + extra_tolerance


def normalize(text: str) -> str:
    """NFKC (full-width digits and signs to ASCII) without touching CJK punctuation."""
    return unicodedata.normalize("NFKC", text).replace("−", "-")


def half_unit(digits: str) -> Decimal:
    """Half a unit in the last printed decimal place of ``digits``; 0 for integers."""
    if "." not in digits:
        return Decimal(0)
    places = len(digits.split(".", 1)[1])
    return Decimal(5).scaleb(-(places + 1))


def _from_match(match: regex.Match[str], text: str, default_unit: str | None) -> Number | None:
    digits = match["digits"].replace(",", "")
    try:
        magnitude = Decimal(digits)
    except InvalidOperation:
        return None
    sign = -1 if match["sign"] in ("-", "−", "－") else 1
    value = sign * magnitude
    tolerance = half_unit(digits)
    unit = match["unit"] or default_unit or ""
    if unit in ("%", "％"):
        tolerance = tolerance or Decimal("0.5")  # whole percentages are rounded
        return Number(value / 100, text, tolerance / 100, "%")
    if unit == "‰":
        tolerance = tolerance or Decimal("0.5")
        return Number(value / 1000, text, tolerance / 1000, "%")
    if unit in MONEY_UNITS:
        factor = MONEY_UNITS[unit]
        return Number(value * factor, text, tolerance * factor, "元")
    return Number(value, text, tolerance, "")


def parse_number(text: str | None, default_unit: str | None = None) -> Number | None:
    """Parse a cell or figure that is a single number, e.g. ``1,626.30``, ``87.5%``,
    ``2,700.00 万元``. Returns None for blanks (``-``, ``—``, ``无``) and for text
    that is not just a number. ``default_unit`` applies a column's unit
    (``万元``) to bare figures.
    """
    if text is None:
        return None
    stripped = normalize(text).strip()
    if stripped in BLANKS:
        return None
    match = NUMBER_RE.fullmatch(stripped)
    if match is None:
        return None
    return _from_match(match, text.strip(), default_unit)


def find_numbers(text: str) -> list[tuple[Number, int, int]]:
    """Every number in running text with its (start, end) span in ``text``.

    Spans index the original string (NFKC keeps lengths for the characters
    involved: full-width digits and signs map one to one).
    """
    normalized = normalize(text)
    if len(normalized) != len(text):  # a compatibility char expanded; work on the original
        normalized = text
    found = []
    for match in NUMBER_RE.finditer(normalized):
        number = _from_match(match, text[match.start() : match.end()].strip(), None)
        if number is not None:
            found.append((number, match.start(), match.end()))
    return found


def to_decimal(value: float | None, text: str | None) -> Number | None:
    """Rebuild a ``Number`` from a stored (value, printed text) pair.

    The printed text fixes the precision; the stored value fixes the units
    (a cell printed ``16177.08`` in a 万元 table is stored as 161770800.0).
    """
    if value is None or text is None:
        return None
    printed = parse_number(text)
    if printed is None:  # a figure printed with words around it ("86.34 分"): its number fixes the precision
        numbers = find_numbers(text)
        printed = replace(numbers[0][0], text=text) if len(numbers) == 1 else None
    if printed is None or printed.value == 0:
        if printed is None:
            return Number(Decimal(repr(value)), text, Decimal(0), "")
        return printed
    factor = (Decimal(repr(value)) / printed.value).quantize(Decimal("1e-6"))
    if factor == 1:
        return printed
    # Snap to the power of ten the value was scaled by.
    for power in (Decimal(10) ** k for k in range(-4, 9)):
        if abs(factor - power) <= power * Decimal("1e-6"):
            return printed.scaled(power, "元" if power >= 1 else printed.unit)
    return Number(Decimal(repr(value)), text, printed.tolerance * abs(factor), printed.unit)
