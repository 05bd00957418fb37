"""Rules ``formula`` and ``growth_rate``: arithmetic the text states, recomputed.

Method, step by step:

1. Take each ``ScoreStatement`` of quantity ``formula``: ``expression`` is the
   printed left-hand side (``(85.07% + 102.83% + 80.56% + 80.56%) ÷ 4``),
   ``value`` the printed result (``90.69%``); or of quantity ``growth_rate`` /
   ``decline_rate``: ``expression`` recomputes a rate from the two figures
   the sentence compares (``(9,494 - 6,398) ÷ 6,398``), ``value`` the printed
   rate (``extractors.growth``).
2. Evaluate the expression exactly with ``extractors.arithmetic.evaluate_expression``
   (Decimal arithmetic, tolerance propagated from each operand's printed
   precision); an expression it cannot read is skipped.
3. A result that differs from the printed one beyond both tolerances is an
   error. When a term of a printed formula appears more than once, the
   message says so: a term copied twice in place of another is the usual cause.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from extractors.arithmetic import evaluate_expression
from extractors.checks.messages import SOURCE_PLACES, discrepancy, mismatch
from extractors.estimate import Estimate
from extractors.numbers import find_numbers, normalize
from extractors.records import Discrepancy, Project

# quantity -> (rule, how the message introduces the recomputed value)
_SUBJECTS = {
    "formula": ("formula", "算式 {} 的结果为"),
    "growth_rate": ("growth_rate", "按 {} 计算，增长率为"),
    "decline_rate": ("growth_rate", "按 {} 计算，下降率为"),
}


def check(project: Project) -> Iterator[Discrepancy]:
    """Every printed formula or growth rate that does not follow from its figures."""
    for statement in project.scores:
        if statement.quantity not in _SUBJECTS or not statement.expression or statement.value is None:
            continue
        try:
            computed = Estimate.of(evaluate_expression(statement.expression))
        except (ValueError, ArithmeticError):
            continue  # not an expression the evaluator reads: nothing to compare
        if computed.agrees(statement.value):
            continue
        rule, subject = _SUBJECTS[statement.quantity]
        message = mismatch(
            subject.format(statement.expression),
            computed,
            statement.value,
            where=SOURCE_PLACES.get(statement.source, "报告中"),
            hint=repeated_terms(statement.expression) if rule == "formula" else None,
        )
        yield discrepancy(
            rule,
            "error",
            message,
            at=statement,
            evidence=statement.snippet,
            indicator_id=statement.indicator_id,
            expected=computed.value,
            stated=statement.value,
        )


def repeated_terms(expression: str) -> str | None:
    """A note naming the terms printed more than once, if any."""
    # A number's text keeps the operator before it ("+ 80.56%"): a plus is not part of the term.
    terms = (normalize(number.text).lstrip("+ ") for number, _, _ in find_numbers(expression))
    repeated = [f"{term} 出现 {count} 次" for term, count in Counter(terms).items() if count > 1]
    if not repeated:
        return None
    return f"其中 {'、'.join(repeated)}，疑为重复计入（应为另一项）"
