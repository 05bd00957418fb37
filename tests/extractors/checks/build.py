"""Small builders for hand-made validator inputs."""

from __future__ import annotations

from extractors.numbers import Number, parse_number
from extractors.records import IndicatorRow, ScoreStatement


def num(text: str, unit: str | None = None) -> Number:
    """A printed figure; fails loudly on a typo in a test."""
    number = parse_number(text, unit)
    assert number is not None, text
    return number


def indicator(
    indicator_id: str,
    name: str,
    weight: str | None = None,
    score: str | None = None,
    rate: str | None = None,
    page: int = 3,
) -> IndicatorRow:
    """A scoring-table row; the level and parent follow from the id path."""
    parent = indicator_id.rpartition(".")[0] or None
    text = " ".join(part for part in (name, weight, score, rate) if part)
    return IndicatorRow(
        indicator_id=indicator_id,
        parent_id=parent,
        level=indicator_id.count(".") + 1,
        name=name,
        name_raw=name,
        page=page,
        weight=None if weight is None else num(weight),
        score=None if score is None else num(score),
        score_rate=None if rate is None else num(rate),
        text=text,
    )


def statement(
    quantity: str,
    value: str,
    source: str = "narrative",
    page: int = 5,
    indicator_id: str | None = None,
    indicator_name: str | None = None,
    expression: str | None = None,
) -> ScoreStatement:
    return ScoreStatement(
        quantity=quantity,
        value=None if quantity == "grade" else num(value),
        value_text=value,
        source=source,
        page=page,
        snippet=f"{indicator_name or ''}{value}",
        indicator_id=indicator_id,
        indicator_name=indicator_name,
        expression=expression,
    )
