"""Printed arithmetic: LaTeX math in copied text made plain, and exact evaluation of
expressions such as ``(85.07% + 102.83% + 80.56% + 80.56%) ÷ 4``.

Operands are parsed with ``extractors.numbers`` and combined as ``Estimate``s,
so a recomputed result carries the tolerance its operands' printed precision
allows; the validator compares it with the printed result.
"""

from __future__ import annotations

from decimal import Decimal

import regex

from extractors.estimate import Estimate
from extractors.numbers import NUMBER_RE, Number, parse_number

# --- math text ------------------------------------------------------------

_LATEX = {
    r"\%": "%",
    r"\div": "÷",
    r"\times": "×",
    r"\cdot": "×",
    r"\Sigma": "Σ",
    r"\sum": "Σ",
    r"\leq": "≤",
    r"\le": "≤",
    r"\geq": "≥",
    r"\ge": "≥",
    r"\left": "",
    r"\right": "",
    r"\text": "",
    r"\mathrm": "",
}
_LATEX_TOKEN = regex.compile("|".join(regex.escape(key) for key in sorted(_LATEX, key=len)[::-1]))
_MATH_SPAN = regex.compile(r"\$[^$]*\$")


def plain_math(text: str) -> str:
    """``$…$`` spans rewritten to plain symbols, padded to the same length."""

    def token(match: regex.Match[str]) -> str:
        plain = _LATEX[match[0]]
        return plain + " " * (len(match[0]) - len(plain))

    def span(match: regex.Match[str]) -> str:
        inner = _LATEX_TOKEN.sub(token, match[0])
        return regex.sub(r"[${}]", " ", inner)

    return _MATH_SPAN.sub(span, text)


# --- formulas -------------------------------------------------------------

_OPERATORS = {
    "+": "+", "＋": "+", "-": "-", "−": "-", "－": "-", "—": "-",
    "×": "*", "*": "*", "x": "*", "X": "*", "·": "*",
    "÷": "/", "/": "/", "／": "/",
    "(": "(", "（": "(", "[": "(", "【": "(",
    ")": ")", "）": ")", "]": ")", "】": ")",
}  # fmt: skip
_IGNORED = "Σ \t"
_EXACT_FACTOR = "100%"  # ×100% converts a ratio to a percentage: exact, not rounded


def evaluate_expression(expression: str) -> Number:
    """Exact value of a printed arithmetic expression, with propagated tolerance.

    Operands are parsed with ``parse_number`` (units: money in yuan, ``%`` as a
    fraction); operators are + - × * ÷ / and brackets. A factor printed
    ``100%`` is the percent conversion and exact. Raises ``ValueError`` for
    anything else or a division by (a figure that may be) zero.
    """
    tokens = _tokens(expression)
    estimate, position = _sum(tokens, 0)
    if position != len(tokens):
        raise ValueError(f"unexpected {tokens[position]!r} in {expression!r}")
    return Number(estimate.value, compact(expression), estimate.tolerance)


Token = str | Estimate


def _tokens(expression: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(expression):
        char = expression[position]
        if char in _IGNORED:
            position += 1
            continue
        if char in _OPERATORS:
            tokens.append(_OPERATORS[char])
            position += 1
            continue
        match = NUMBER_RE.match(expression, position)
        number = parse_number(match[0]) if match else None
        if match is None or number is None:
            raise ValueError(f"not a number or operator at {expression[position:]!r}")
        exact = compact(match[0]) == _EXACT_FACTOR and tokens[-1:] == ["*"]
        tokens.append(Estimate(number.value, Decimal(0) if exact else number.tolerance))
        position = match.end()
    return tokens


def _sum(tokens: list[Token], position: int) -> tuple[Estimate, int]:
    value, position = _product(tokens, position)
    while position < len(tokens) and tokens[position] in ("+", "-"):
        operator = tokens[position]
        right, position = _product(tokens, position + 1)
        value = value + right if operator == "+" else value - right
    return value, position


def _product(tokens: list[Token], position: int) -> tuple[Estimate, int]:
    value, position = _factor(tokens, position)
    while position < len(tokens) and tokens[position] in ("*", "/"):
        operator = tokens[position]
        right, position = _factor(tokens, position + 1)
        if operator == "*":
            value = value.times(right)
        else:
            quotient = value.over(right)
            if quotient is None:
                raise ValueError("division by a figure that may be zero")
            value = quotient
    return value, position


def _factor(tokens: list[Token], position: int) -> tuple[Estimate, int]:
    if position >= len(tokens):
        raise ValueError("expression ends early")
    token = tokens[position]
    if isinstance(token, Estimate):
        return token, position + 1
    if token == "-":
        value, position = _factor(tokens, position + 1)
        return Estimate(-value.value, value.tolerance), position
    if token == "(":
        value, position = _sum(tokens, position + 1)
        if position >= len(tokens) or tokens[position] != ")":
            raise ValueError("unbalanced bracket")
        return value, position + 1
    raise ValueError(f"unexpected {token!r}")


def compact(text: str) -> str:
    """Printed figure or expression without the math padding (``80.56% )`` -> ``80.56%)``)."""
    text = regex.sub(r"(?<=[(（\[])\s+|\s+(?=[)）\]])", "", text.replace("Σ", ""))
    return regex.sub(r"\s+", " ", text).strip()


def is_arithmetic(expression: str) -> bool:
    """True for numbers and operators only, with at least one operator between numbers."""
    try:
        tokens = _tokens(expression)
    except ValueError:
        return False
    operands = sum(isinstance(token, Estimate) for token in tokens)
    return operands >= 2 and any(token in ("+", "-", "*", "/") for token in tokens)
