"""项目支出绩效自评表: budget block, overall goal, indicator rows, 总分.

The form is fixed by the national template, but real dumps shift cells left or
right and leave merged cells blank, so rows are read by content, not by column
position:

1. Budget block. The row naming 年初预算数 / 全年预算数 / 全年执行数 / 分值 /
   执行率 / 得分 gives the order of the figures and the money unit (``项目资金
   (元)`` or ``（万元）``). Each row whose label is 年度资金总额, 其中：当年财政拨款,
   上年结转资金 or 其他资金 becomes a ``BudgetLine``: the cells after the label,
   taken in order (``-``/``—`` hold a place but are no figure).
2. Overall goal. The row after 预期目标 / 实际完成情况 holds the two texts.
3. Indicator rows, after the header naming 三级指标: walking from the right,
   trailing text is the remark (偏差原因); the last two figures are 分值 and 得分;
   the two cells left of 分值 are 年度指标值 and 实际完成值; the cells left of
   those are names. A name is level 1 or 2 when it is a framework name (产出指标,
   数量指标 …), else level 3; a blank level cell means "same as above". The
   section label 年度绩效指标 (or a wrapped piece of it, ``指标``) that a page
   break repeats in the first data row of a continuation page is dropped, not
   the row; a name cell printed twice side by side is one name. Rows of the
   form's metadata (项目名称 / 项目金额 …, repeated on every page) are skipped.
4. The 总分 row: its two figures are the total weight and the stated total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from extractors.indicator_rows import NamedCell, label_of, repair_name
from extractors.indicators import Hierarchy
from extractors.numbers import Number, parse_number
from extractors.records import BudgetLine, IndicatorRow, ScoreStatement
from extractors.row_text import Row, clean_name, is_blank_mark, is_figure

BUDGET_LINES = ("年度资金总额", "其中：当年财政拨款", "当年财政拨款", "上年结转资金", "其他资金")
BUDGET_COLUMNS = {
    "年初预算数": "initial_budget",
    "全年预算数": "adjusted_budget",
    "全年执行数": "executed",
    "分值": "weight",
    "执行率": "stated_rate",
    "得分": "score",
}
LEVEL1 = frozenset({"产出指标", "效益指标", "满意度指标"})
LEVEL2 = frozenset(
    {"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
     "生态效益指标", "可持续影响指标", "服务对象满意度指标"}
)
# Labels of the form's metadata rows (repeated on every continuation page): such a
# row is never an indicator row, though it carries a figure (项目金额).
META_LABELS = frozenset({"项目名称", "主管部门", "实施单位", "项目金额"})
# The row label of the indicator section, a merged cell that a page break repeats
# in the first data row of the new page (``年度绩效指标 | 质量指标 | … | 3 | 0``):
# never a name, the rest of the row is data.
SECTION_LABELS = ("年度绩效指标", "绩效指标")
_UNIT = regex.compile(r"[（(]\s*(万元|元)\s*[）)]")
_PERCENT_AS_NUMBER = 2  # an execution rate printed above this is a percentage without '%'


@dataclass(slots=True)
class SelfEvaluation:
    """What one self-evaluation table states."""

    indicators: list[IndicatorRow] = field(default_factory=list)
    budgets: list[BudgetLine] = field(default_factory=list)
    statements: list[ScoreStatement] = field(default_factory=list)
    quality: dict[str, float | str] = field(default_factory=dict)
    unparsed_rows: int = 0


def extract_self_evaluation(rows: Sequence[Row]) -> SelfEvaluation:
    """Read one self-evaluation table (its rows, continuation pages included)."""
    result = SelfEvaluation()
    tree = Hierarchy()
    budget_order: list[str] = []
    unit = "元"
    section = ""
    for index, row in enumerate(rows):
        labels = [label_of(cell) for cell in row.filled]
        if "总分" in labels:
            result.statements.extend(_total(row, labels.index("总分")))
            section = "done"
        elif any(label in BUDGET_COLUMNS for label in labels[:3]) or "年初预算数" in labels:
            budget_order = [BUDGET_COLUMNS[lb] for lb in labels if lb in BUDGET_COLUMNS]
            unit = _unit(row.text) or unit
        elif (line := _budget_label(labels)) is not None:
            result.budgets.append(_budget_line(row, labels.index(label_of(line)), line,
                                               budget_order, unit))
        elif "预期目标" in labels and index + 1 < len(rows):
            _goal(rows[index + 1], result.quality)
        elif "三级指标" in labels:
            section = "indicators"
            for cell in row.filled:
                if clean_name(cell) in LEVEL1:
                    tree.add(NamedCell(1, clean_name(cell), cell), row, False)
        elif (section == "indicators" and row.table is not None
              and not META_LABELS & set(labels) and not _indicator_row(row, tree)):
            result.unparsed_rows += 1
    result.indicators = tree.rows
    result.quality["indicator_rows"] = len(tree.rows)
    result.quality["unparsed_rows"] = result.unparsed_rows
    result.quality["repaired_names"] = sum(n.name != clean_name(n.name_raw) for n in tree.rows)
    return result


def _unit(text: str) -> str | None:
    match = _UNIT.search(text)
    return match[1] if match else None


def _budget_label(labels: list[str]) -> str | None:
    return next((line for line in BUDGET_LINES if label_of(line) in labels[:2]), None)


def _budget_line(row: Row, at: int, line: str, order: list[str], unit: str) -> BudgetLine:
    budget = BudgetLine(line=line, source="table", page=row.page, text=row.text,
                        line_no=row.cited_line)
    values = row.filled[at + 1 :]
    for field_name, cell in zip(order or list(BUDGET_COLUMNS.values()), values, strict=False):
        if field_name in ("initial_budget", "adjusted_budget", "executed"):
            setattr(budget, field_name, parse_number(cell, unit))
        elif field_name == "stated_rate":
            budget.stated_rate = _rate(cell)
        else:
            setattr(budget, field_name, parse_number(cell))
    return budget


def _rate(cell: str) -> Number | None:
    """执行率 as a fraction: ``0.99`` stays 0.99, ``99%`` and a bare ``99.00`` become 0.99."""
    number = parse_number(cell)
    if number is not None and number.unit != "%" and number.value > _PERCENT_AS_NUMBER:
        return parse_number(cell.strip() + "%")
    return number


def _goal(row: Row, quality: dict[str, float | str]) -> None:
    texts = [cell for cell in row.filled if len(cell) > 1]
    if texts:
        quality["goal_expected"] = texts[0]
    if len(texts) > 1:
        quality["goal_actual"] = texts[-1]


def _total(row: Row, at: int) -> list[ScoreStatement]:
    figures = [parse_number(c) for c in row.filled[at + 1 :] if is_figure(c)]
    out = []
    if len(figures) >= 2 and figures[0] is not None:
        out.append(ScoreStatement("total_weight", figures[0], figures[0].text, "table",
                                  row.page, row.text, line_no=row.cited_line))
    if figures and (score := figures[-1] if len(figures) >= 2 else figures[0]) is not None:
        out.append(ScoreStatement("total_score", score, score.text, "table", row.page, row.text,
                                  line_no=row.cited_line))
    return out


def _indicator_row(row: Row, tree: Hierarchy) -> bool:
    """Add one indicator row to ``tree`` (module doc, step 3); False if unreadable."""
    cells = _after_section_label(row.filled)
    positions = [i for i, cell in enumerate(cells) if is_figure(cell)]
    if len(positions) < 2:
        return False
    score_at, weight_at = positions[-1], positions[-2]
    if weight_at < 2:
        return False
    names, target, actual = cells[: weight_at - 2], cells[weight_at - 2], cells[weight_at - 1]
    if not names:
        names, target, actual = [target], actual, ""
    note = " ".join(c for c in cells[score_at + 1 :] if not is_blank_mark(c)) or None
    named = [_classify(cell) for cell in _dedupe(names)]
    for cell in named[:-1]:
        tree.add(cell, row, False)
    leaf = named[-1]
    node = tree.add(leaf, row, True)
    node.weight = parse_number(cells[weight_at])
    node.score = parse_number(cells[score_at])
    node.target_value, node.actual_value, node.note = target, actual or None, note
    return True


def _after_section_label(cells: list[str]) -> list[str]:
    """The row without the leading section-label cell(s) a page break repeats."""
    start = 0
    while start < len(cells) and _is_section_label(cells[start]):
        start += 1
    return cells[start:]


def _is_section_label(cell: str) -> bool:
    """True for the section label 年度绩效指标 or a piece of it a wrapped cell left
    alone on a page (``指标``, ``年度绩效``): at least two characters that start
    or end the label."""
    label = label_of(cell)
    return len(label) >= 2 and any(
        label == whole or whole.startswith(label) or whole.endswith(label)
        for whole in SECTION_LABELS
    )


def _dedupe(cells: list[str]) -> list[str]:
    """Adjacent equal cells as one: a merged name cell the dump printed twice
    (``成本控制率 | 成本控制率``) is one indicator, not a parent and its child."""
    return [cell for i, cell in enumerate(cells) if i == 0 or clean_name(cell) != clean_name(cells[i - 1])]


def _classify(cell: str) -> NamedCell:
    name = clean_name(cell)
    level = 1 if name in LEVEL1 else 2 if name in LEVEL2 else 3
    repaired = repair_name(name) if level == 3 else name
    return NamedCell(level, repaired, cell, repaired=repaired != name)
