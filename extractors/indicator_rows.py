"""Rows of scoring tables: header detection, blocks, and the cells of one row.

Steps 1–2 of ``extractors.indicators`` (see its docstring):

1. ``find_blocks`` walks the row stream and opens a block at every header row
   (a row naming at least two of 一级指标 … 四级指标, or one of them and a
   权重/分值/得分 column). Consecutive header rows merge (a department
   framework has three: 评价指标 / 一级指标 … / 名称 参考分值 …). A header that
   comes from a table row gives column roles (``Columns``); a header that is a
   prose line (space-separated dump) gives only the trailing numeric columns.
2. ``parse_row`` reads one data row of a block: the name cell of every level
   (code ``B221`` -> code and level from its length; a weight printed inside
   the name, ``资金管理（19分）`` or the garbled ``（资金管理 19 ）分``, is taken
   out), the per-level weights of paired (名称, 参考分值) columns, and the row's
   weight / score / score-rate cells. ``—``/``无`` cells are no figure. A
   总分/合计 row is flagged as the total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

import regex

from extractors.numbers import Number, normalize, parse_number
from extractors.row_text import Row, clean_name, is_figure, split_numeric_tail

LEVEL_LABELS = {"一级指标": 1, "二级指标": 2, "三级指标": 3, "四级指标": 4}
WEIGHT_LABELS = frozenset({"权重", "分值", "参考分值", "标准分值", "满分", "指标分值"})
SCORE_LABELS = frozenset({"得分", "评分", "实际得分", "评价得分"})
RATE_LABELS = frozenset({"得分率"})
TEXT_LABELS = frozenset({"指标说明", "指标解释", "评分标准", "参考评分标准", "评分说明", "行次", "序号"})
TOTAL_LABELS = frozenset({"总分", "合计", "总计", "综合得分"})
HEADER_WORDS = frozenset(
    {*LEVEL_LABELS, *WEIGHT_LABELS, *SCORE_LABELS, *RATE_LABELS, *TEXT_LABELS, "名称", "评价指标"}
)

# National framework level-1 names (项目支出 / 部门整体 / 自评表), used where a
# layout gives no column for the level.
LEVEL1_NAMES = frozenset(
    {"决策", "过程", "产出", "效益", "项目决策", "项目管理", "项目绩效", "项目过程",
     "项目产出", "项目效益", "部门决策", "部门管理", "部门绩效", "产出指标", "效益指标",
     "满意度指标"}
)

_CODE = regex.compile(r"^([A-Z]\d{0,3})(?:\s+(?=\S)|(?=\p{Han}))")
_PARENS = regex.compile(r"[（()）\s]")
# A weight printed after a name: 决策（20）, 资金管理（19分）, garbled （资金管理 19 ）分.
_WEIGHT_MARK = regex.compile(r"(\d+(?:\.\d+)?)\s*(?:分\s*[）)]|[）)]\s*分?)")
_FIGURE_ROLE = {"权重": "weight", "参考分值": "weight", "分值": "weight", "得分率": "rate",
                "得分": "score", "评分": "score"}
# Longest first; 评分标准 is a text column, matched only to be skipped.
_FIGURE_LABEL = regex.compile(r"评分标准|参考分值|得分率|权重|分值|得分|评分")
_SENTENCE_MARK = regex.compile(r"[。，；]")
HEADING = regex.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）")


@dataclass(slots=True)
class Columns:
    """Roles of the columns of a scoring table, from its header row(s)."""

    level_name: dict[int, int] = field(default_factory=dict)  # level -> column
    level_weight: dict[int, int] = field(default_factory=dict)  # paired 参考分值 columns
    weight: list[int] = field(default_factory=list)
    score: int | None = None
    rate: int | None = None
    ignore: set[int] = field(default_factory=set)
    tail: list[str] = field(default_factory=list)  # prose header: roles of trailing figures
    depth: int = 3  # prose header: number of levels it names


@dataclass(slots=True)
class Block:
    """A scoring table: its header columns and the data rows under it."""

    columns: Columns
    rows: list[Row] = field(default_factory=list)
    prose: bool = False  # header and rows are space-separated prose lines


@dataclass(slots=True)
class NamedCell:
    """One indicator name found in a row."""

    level: int
    name: str
    name_raw: str
    code: str | None = None
    weight: Number | None = None
    repaired: bool = False


@dataclass(slots=True)
class ParsedRow:
    """What one data row says: names per level and the row's figures."""

    row: Row
    names: list[NamedCell] = field(default_factory=list)
    weight: Number | None = None
    score: Number | None = None
    rate: Number | None = None
    total: bool = False

    @property
    def has_figures(self) -> bool:
        return any(v is not None for v in (self.weight, self.score, self.rate)) or any(
            n.weight is not None for n in self.names
        )


def label_of(text: str) -> str:
    """A header cell reduced to its label: no spaces, no ``(%)`` suffix."""
    return regex.sub(r"[（(][^）)]*[）)]|\s", "", normalize(text))


@cache
def _restorer() -> Callable[[str], str | None] | None:
    """``order_text.restore_term`` when that stage is installed (it is optional)."""
    try:
        from extractors.order_text import restore_term
    except ImportError:
        return None
    return restore_term


def repair_name(name: str) -> str:
    """The known term a garbled name is an anagram of, else the name itself."""
    restore = _restorer()
    restored = restore(name) if restore is not None and name else None
    return restored or name


def parse_name(text: str, level: int) -> NamedCell:
    """Split a name cell into code, name and a weight printed inside it."""
    raw = text.strip()
    rest = clean_name(raw)
    code = None
    if match := _CODE.match(rest):
        code = match[1]
        level = len(code)
        rest = rest[match.end() :]
    weight = None
    marks = list(_WEIGHT_MARK.finditer(rest))
    if marks and not rest[marks[-1].end() :].strip(" :："):  # the weight ends the cell
        inside = _PARENS.sub("", rest[: marks[-1].start()])
        if inside:  # a bare "（20 ）分" line is a weight, not a name
            weight = parse_number(marks[-1][1])
            rest = inside
    name = clean_name(rest)
    repaired = repair_name(name)
    return NamedCell(level, repaired, raw, code, weight, repaired != name)


def header_columns(row: Row, columns: Columns | None = None) -> Columns | None:
    """Column roles of a header row, merged into ``columns`` of the rows above.

    Returns None when the row is not a scoring-table header.
    """
    labels = [label_of(cell) for cell in row.cells]
    levels = [label for label in labels if label in LEVEL_LABELS]
    figures = [label for label in labels if label in WEIGHT_LABELS | SCORE_LABELS]
    paired = labels.count("名称") >= 2
    if columns is None and len(levels) < 2 and not (levels and figures):
        return None
    if columns is not None and not (levels or figures or paired):
        return None
    result = columns or Columns()
    merge_labels(result, labels, paired)
    return result


def merge_labels(columns: Columns, labels: Sequence[str], paired: bool = False) -> None:
    """Record the role of every known label; in a paired (名称, 参考分值) row a
    weight label belongs to the level whose name column is just left of it."""
    for col, label in enumerate(labels):
        if label in LEVEL_LABELS:
            columns.level_name[LEVEL_LABELS[label]] = col
        elif label == "名称" and (level := _level_left_of(columns, col)) is not None:
            columns.level_name[level] = col
        elif label in WEIGHT_LABELS and paired and (level := _level_left_of(columns, col - 1)):
            columns.level_weight[level] = col
        elif label in WEIGHT_LABELS and col not in columns.weight:
            columns.weight.append(col)
        elif label in SCORE_LABELS:
            columns.score = col
        elif label in RATE_LABELS:
            columns.rate = col
        elif label in TEXT_LABELS:
            columns.ignore.add(col)


def _level_left_of(columns: Columns, col: int) -> int | None:
    """The level whose name column is the nearest one at or left of ``col``."""
    left = [(name_col, level) for level, name_col in columns.level_name.items() if name_col <= col]
    return max(left)[1] if left else None


def prose_header(row: Row) -> Columns | None:
    """Columns of a space-separated header line ``一级指标 二级指标 三级指标 权重 得分 得分率``.

    Garbled lines keep their characters, so a level label counts when a token
    run holds its characters in any order.
    """
    if row.table is not None or len(row.text) > 60 or _SENTENCE_MARK.search(row.text):
        return None  # a sentence naming 一级指标 … is prose, not a header
    levels = sum(1 for label in LEVEL_LABELS if _holds_anagram(row.text, label))
    if levels < 2:
        return None
    # Figure columns in printed order; read from the characters, not the tokens,
    # because an order repair may have moved the spaces.
    tail = [_FIGURE_ROLE[m[0]] for m in _FIGURE_LABEL.finditer(row.text.replace(" ", ""))
            if m[0] in _FIGURE_ROLE]
    return Columns(tail=tail, depth=levels)


def _holds_anagram(text: str, label: str) -> bool:
    """True when a window of ``text`` one character wider than ``label`` (spaces
    dropped) holds all of ``label``'s characters, in any order."""
    chars = text.replace(" ", "")
    width = len(label) + 1
    return any(
        not (Counter(label) - Counter(chars[i : i + width]))
        for i in range(max(1, len(chars) - width + 1))
    )


def find_blocks(rows: Sequence[Row]) -> list[Block]:
    """Every scoring table of the rows, in order (see module doc, step 1).

    A label-only table row just above a header (``评价指标 … 指标说明 … 得分``)
    is part of the header.
    """
    blocks: list[Block] = []
    current: Block | None = None
    in_header = False
    previous: Row | None = None
    for row in rows:
        if row.table is not None:
            merged = header_columns(row, current.columns if in_header and current else None)
            if merged is not None:
                if not in_header:
                    if previous is not None and previous.table == row.table:
                        above = Columns()
                        merge_labels(above, [label_of(c) for c in previous.cells])
                        merged = header_columns(row, above) or merged
                    current = Block(merged)
                    blocks.append(current)
                in_header = True
                previous = row
                continue
        elif (columns := prose_header(row)) is not None:
            current = Block(columns, prose=True)
            blocks.append(current)
            in_header = True
            previous = row
            continue
        in_header = False
        previous = row
        if all(label_of(cell) in HEADER_WORDS for cell in row.filled):
            continue  # a label-only row: part of a header, never data
        if current is not None and (row.table is not None or current.prose):
            current.rows.append(row)
    return blocks


def parse_row(row: Row, block: Block) -> ParsedRow:
    """Names and figures of one data row (see module doc, step 2)."""
    if block.prose or row.table is None:
        return _parse_prose_row(row, block.columns)
    columns = block.columns
    cells = row.cells
    parsed = ParsedRow(row)
    if label_of(row.first) in TOTAL_LABELS:
        parsed.total = True
        weights = [_cell(cells, c) for c in sorted([*columns.weight, *columns.level_weight.values()])]
        parsed.weight = next((n for n in map(parse_number, weights) if n is not None), None)
    else:
        for level, col in sorted(columns.level_name.items()):
            text = _cell(cells, col)
            if not text.strip() or is_figure(text):
                continue
            named = parse_name(text, level)
            weight_col = columns.level_weight.get(level)
            if named.weight is None and weight_col is not None:
                named.weight = parse_number(_cell(cells, weight_col))
            parsed.names.append(named)
        if not columns.level_weight:
            parsed.weight = _first_number(cells, columns.weight)
    parsed.score = _first_number(cells, [columns.score] if columns.score is not None else [])
    parsed.rate = _first_number(cells, [columns.rate] if columns.rate is not None else [])
    return parsed


def _cell(cells: list[str], col: int) -> str:
    return cells[col] if 0 <= col < len(cells) else ""


def _first_number(cells: list[str], cols: Sequence[int]) -> Number | None:
    for col in cols:
        number = parse_number(_cell(cells, col))
        if number is not None:
            return number
    return None


def _parse_prose_row(row: Row, columns: Columns) -> ParsedRow:
    """A space-separated row: names in the text part, figures by the header's tail.

    The trailing figures take the header's numeric columns from the left
    (``4.00 4.00 100%`` = 权重 得分 得分率; a lone figure is the first of them).
    """
    cells = split_numeric_tail(row.text) if row.table is not None else row.cells
    parsed = ParsedRow(row)
    text = cells[0] if cells and not is_figure(cells[0]) and not _is_dash(cells[0]) else ""
    figures = cells[1:] if text else cells
    if label_of(text) in TOTAL_LABELS:
        parsed.total = True
    elif text:
        parsed.names = _prose_names(text)
    roles = columns.tail or ["score"]
    for role, cell in zip(roles, figures, strict=False):
        setattr(parsed, role, parse_number(cell))
    return parsed


def _is_dash(text: str) -> bool:
    return normalize(text).strip() in {"-", "—", "——", "--"}


def _prose_names(text: str) -> list[NamedCell]:
    """The names of a prose text part, each with the weight printed after it.

    - ``（20 ）分`` alone: a weight for the name above (level 0, no name);
    - ``（满意度 5 ）分 对 （社会公众或服务 象满意度 5 ）分``: a framework name
      and the indicator under it; other texts with several weights are one
      compound indicator whose first weight is its own;
    - ``产出数量 实 完际 成率``: a framework name and the indicator under it;
    - a fragment (starts with ``）``/``、`` or has under two Chinese characters)
      continues the previous cell and names nothing (level -1).
    """
    cleaned = clean_name(text)
    marks = list(_WEIGHT_MARK.finditer(cleaned))
    if cleaned.startswith(("）", ")", "、")):
        return [NamedCell(-1, "", text)]
    if marks:
        name = _PARENS.sub("", cleaned[: marks[0].start()])
        if not name:
            return [NamedCell(0, "", text, weight=parse_number(marks[0][1]))]
        names = [_named(name, text, marks[0][1])]
        if len(marks) >= 2 and names[0].name in LEVEL1_NAMES | FRAMEWORK_LEVEL2:
            second = _PARENS.sub("", cleaned[marks[0].end() : marks[1].start()])
            names.append(_named(second, text, marks[1][1]))
        return names
    chunks = text.split()
    if len(chunks) >= 2 and repair_name(clean_name(chunks[0])) in FRAMEWORK_LEVEL2:
        return [_named(clean_name(chunks[0]), chunks[0]), _named(clean_name(" ".join(chunks[1:])), text)]
    if (head := _known_head(cleaned)) is not None:
        return [_named(head, text), _named(cleaned[len(head) :], text)]
    return [_named(cleaned, text)]


def _known_head(name: str) -> str | None:
    """The framework level-2 name a joined ``产出数量实际完成率`` starts with, when
    the rest is itself a known term (needs the order-repair lexicon)."""
    restore = _restorer()
    for head in FRAMEWORK_LEVEL2:
        rest = name[len(head) :]
        if name.startswith(head) and len(rest) >= 2 and restore is not None and restore(rest):
            return head
    return None


def _named(name: str, raw: str, weight: str | None = None) -> NamedCell:
    repaired = repair_name(name)
    if len(regex.findall(r"\p{Han}", repaired)) < 2:
        return NamedCell(-1, "", raw)
    return NamedCell(0, repaired, raw, weight=parse_number(weight) if weight else None,
                     repaired=repaired != name)


# Level-2 names of the national framework (项目支出 2020), for two-name prose rows.
FRAMEWORK_LEVEL2 = frozenset(
    {"项目立项", "绩效目标", "资金投入", "资金管理", "组织实施", "产出数量", "产出质量",
     "产出时效", "产出成本", "项目效益", "实施效益", "满意度"}
)
