"""Reviewer-facing wording: figures shown the way the report prints them.

A recomputed value is canonical (yuan, fractions). To write it next to the
printed figure it is compared with, ``show`` converts it back, step by step:

1. read the printed figure's own unit (``%``, ``万元``…) from its text, or, for
   bare table figures scaled by a column unit, the ratio value / printed digits;
2. divide by that scale and round half-up to the printed number of decimals
   (or more, when the operands carry more);
3. group thousands when the printed figure does (``1,250.00``) and append the
   unit the printed text carries.

``mismatch`` builds the standard sentence
``“资金管理”下级指标得分合计 9.37，与表中所列 9.50 不符（差 0.13）。`` and
``discrepancy`` fills the record (expected/stated in canonical units, the page,
box and line of the record it points at). ``place`` names where a figure is
printed: ``第 216 行`` in a text dump (its pages mean nothing to a reviewer,
a dump without form feeds is all "page 1"), ``第 3 页`` in a PDF.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from extractors.estimate import Estimate
from extractors.numbers import MONEY_UNITS, Number, normalize
from extractors.records import BBox, Discrepancy, Project

SOURCE_NAMES = {"table": "评分表", "annex": "附表", "narrative": "正文"}
SOURCE_PLACES = {source: f"{name}中" for source, name in SOURCE_NAMES.items()}

_UNIT_SCALES: dict[str, Decimal] = {
    "%": Decimal("0.01"),
    "％": Decimal("0.01"),
    "‰": Decimal("0.001"),
    **MONEY_UNITS,
}


RATE_PLACES = 2  # recomputed rates show at least two decimals (0.94 / 87.50%)
NAME_LIMIT = 20  # longer row texts are cut: the evidence field keeps them whole


def quoted(name: str | None) -> str:
    """A name in Chinese quotes (cut to ``NAME_LIMIT``), or a neutral word when missing."""
    if not name:
        return "该项"
    return f"“{name if len(name) <= NAME_LIMIT else name[:NAME_LIMIT] + '…'}”"


def _printed_digits(number: Number) -> tuple[Decimal | None, str]:
    """The figure as printed (digits with sign) and the unit written after it."""
    printed = number.printed()
    if printed is None:
        return None, ""
    sign, digits, unit = printed
    return Decimal(sign + digits), unit


def _scale(number: Number) -> tuple[Decimal, str]:
    """Canonical value per printed unit, and the unit suffix to print."""
    printed, unit = _printed_digits(number)
    if unit in _UNIT_SCALES:
        return _UNIT_SCALES[unit], unit
    if printed:  # bare figure of a column with a unit (万元): value / digits
        return number.value / printed, ""
    return Decimal(1), ""


def places_of(*numbers: Number) -> int:
    """The most decimals any of the printed figures shows."""
    return max((number.decimals for number in numbers), default=0)


def show(value: Decimal, like: Number, places: int | None = None) -> str:
    """``value`` written in the units and precision of the printed figure ``like``."""
    scale, unit = _scale(like)
    digits = like.decimals if places is None else places
    shown = (value / scale).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    grouping = "," if "," in normalize(like.text) else ""
    return f"{shown:{grouping}f}{unit}"


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros (``1405.30`` -> ``1405.3``)."""
    return f"{value.normalize():f}"


def mismatch(
    subject: str,
    computed: Estimate,
    stated: Number,
    where: str = "表中",
    places: int | None = None,
    hint: str | None = None,
) -> str:
    """``{subject} {computed}，与{where}所列 {stated} 不符（差 {gap}）[；{hint}]。``"""
    digits = max(places_of(stated), places or 0)
    gap = abs(computed.value - stated.value)
    sentence = (
        f"{subject} {show(computed.value, stated, digits)}，与{where}所列 {stated.text} 不符"
        f"（差 {show(gap, stated, digits)}）"
    )
    return f"{sentence}；{hint}。" if hint else f"{sentence}。"


def is_text_dump(project: Project) -> bool:
    """True when the project's records cite the physical lines of a text dump."""
    return project.file_type == "txt"


def place(page: int, line_no: int | None, is_text: bool) -> str:
    """``第 N 行`` for a record of a text dump that knows its line, else ``第 N 页``."""
    return f"第 {line_no} 行" if is_text and line_no is not None else f"第 {page} 页"


class Located(Protocol):
    """Any record that says where it was printed."""

    page: int
    bbox: BBox | None
    line_no: int | None


def discrepancy(
    rule: str,
    severity: str,
    message: str,
    *,
    evidence: str,
    at: Located | None = None,
    page: int | None = None,
    indicator_id: str | None = None,
    expected: Decimal | None = None,
    stated: Number | None = None,
    bbox: BBox | None = None,
    line_no: int | None = None,
) -> Discrepancy:
    """The record, with expected/stated as floats in canonical units.

    ``at`` is the printed record to point the reviewer to (its page, line and
    box); ``page``/``bbox``/``line_no`` give the place directly instead.
    """
    if at is not None:
        page, bbox, line_no = at.page, at.bbox, at.line_no
    return Discrepancy(
        rule=rule,
        severity=severity,
        message=message,
        page=page,
        evidence=evidence,
        indicator_id=indicator_id,
        expected=None if expected is None else float(expected),
        stated=None if stated is None else float(stated.value),
        bbox=bbox,
        line_no=line_no,
    )


def join_evidence(texts: list[str]) -> str:
    """Printed rows / snippets, one per line, without empty entries or repeats."""
    return "\n".join(dict.fromkeys(text for text in texts if text))
