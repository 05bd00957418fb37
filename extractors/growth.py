"""Growth rates a sentence states together with the figures they compare.

``6,398万票、9,494万票，2020年比2019年增长48.38%`` prints both figures and
the rate, so the rate can be recomputed; a rate printed alone
(``外贸进出口增长2.4%``) cannot and is not read.

Method, per sentence:

1. Two figures of the same count unit (万票, 万元, 个…) joined by 、/和/及/与,
   then ``（Y2年）比（Y1年）增长|增加|上升|下降|减少 R%``: the first figure is
   the base, the second the later one; rate = (later − base) ÷ base (a fall:
   (base − later) ÷ base).
2. ``X 万元，比 Y 年增加|减少 D 万元，增长|下降 R%``: the change ``D`` and the
   rate of the same figure ``X``; the base is X − D (a fall: X + D) and
   rate = D ÷ base. A change and a rate of opposite directions are not read.
3. Each match gives the rate as printed and the expression (printed figures,
   ``-``, ``+``, ``÷``, brackets) for ``extractors.arithmetic.evaluate_expression``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from extractors.numbers import DIGITS, Number, parse_number

# A count unit: the measure word the two figures share (backreferenced).
_UNIT = r"(?:万人次|[万亿千]?[元票单个家次人件项台户笔])"
_SINCE = r"(?:\d{4}\s*年度?\s*)?(?:比|较)\s*(?:\d{4}\s*年度?|上年|去年|上一?年度?|同期)?\s*(?:同期)?\s*"
_RISE = frozenset({"增长", "增加", "上升"})
_TWO_FIGURES = regex.compile(
    rf"(?P<base>{DIGITS})\s*(?P<unit>{_UNIT})\s*[、和及与]\s*(?P<later>{DIGITS})\s*(?P=unit)\s*[，,]?\s*"
    rf"{_SINCE}(?P<verb>增长|增加|上升|下降|减少)了?\s*(?P<rate>(?:{DIGITS})\s*[%％])"
)
_CHANGE_AND_RATE = regex.compile(
    rf"(?P<figure>{DIGITS})\s*(?P<unit>{_UNIT})\s*[，,]\s*{_SINCE}(?P<change>增长|增加|上升|下降|减少)了?\s*"
    rf"(?P<delta>{DIGITS})\s*(?P=unit)\s*[，,]\s*(?:同比)?(?P<verb>增长|增加|上升|下降|减少)了?\s*"
    rf"(?P<rate>(?:{DIGITS})\s*[%％])"
)


@dataclass(frozen=True, slots=True)
class GrowthRate:
    """A stated rate of change and the expression that recomputes it."""

    offset: int  # where the match starts in the sentence
    rate: Number
    expression: str
    rise: bool  # 增长 (True) or 下降 (False)


def growth_rates(text: str) -> Iterator[GrowthRate]:
    """Every rate in ``text`` printed with the figures it compares."""
    for match in _TWO_FIGURES.finditer(text):
        base, later = match["base"], match["later"]
        rise = match["verb"] in _RISE
        expression = f"({later} - {base}) ÷ {base}" if rise else f"({base} - {later}) ÷ {base}"
        yield from _rate(match, expression, rise)
    for match in _CHANGE_AND_RATE.finditer(text):
        rise = match["verb"] in _RISE
        if (match["change"] in _RISE) != rise:
            continue
        figure, delta = match["figure"], match["delta"]
        expression = f"{delta} ÷ ({figure} - {delta})" if rise else f"{delta} ÷ ({figure} + {delta})"
        yield from _rate(match, expression, rise)


def _rate(match: regex.Match[str], expression: str, rise: bool) -> Iterator[GrowthRate]:
    rate = parse_number(match["rate"].replace(" ", ""))
    if rate is not None:
        yield GrowthRate(match.start(), rate, expression, rise)
