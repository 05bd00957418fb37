"""Typed records passed between the extraction stages.

Plain dataclasses, no behaviour beyond small helpers: the stages are
functions from records to records. Nothing here knows about files,
Parquet or the command line.

Flow: text layer -> ``DocumentText`` (pages of ``Line`` and ``Table``)
-> segmentation -> ``Project`` (with ``IndicatorRow``, ``ScoreStatement``,
``BudgetLine``, ``TableCell``) -> validator -> ``Discrepancy``.

Provenance: every record keeps its ``page``, ``bbox`` (PDF only) and
``line_no`` — a text dump's physical line (``Line.source_line``), a PDF
line's order on its page (``Line.line_no``); ``Line.cited_line`` picks one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.numbers import Number

BBox = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in PDF points, origin at the top-left of the page."""

LINE_KINDS = ("body", "heading", "table", "header", "footer")
REPORT_KINDS = ("evaluation_report", "self_evaluation", "department_evaluation")
SOURCES = ("table", "annex", "narrative")


@dataclass(slots=True)
class Line:
    """One line of a page in reading order.

    ``text`` is the repaired text; ``text_raw`` is what naive extraction gave,
    kept only when it differs. A repair is always a permutation of the raw
    characters, never a drop or an insertion. ``line_no`` is the order on the
    page; ``source_line`` (text dumps only) the physical line of the file.
    """

    page: int
    line_no: int
    text: str
    text_raw: str | None = None
    bbox: BBox | None = None
    kind: str = "body"
    confidence: float = 1.0
    source_line: int | None = None  # text dumps: 1-based physical line of the file

    @property
    def cited_line(self) -> int:
        """The line number records cite (see ``IndicatorRow.line_no``): the dump's
        physical line for a text dump, else the order on the page."""
        return self.line_no if self.source_line is None else self.source_line


@dataclass(slots=True)
class Cell:
    """One cell of a detected table grid.

    Cells merged across rows or columns appear once, in their top-left grid
    position; the positions they cover are empty strings in the grid, the
    same way a text dump shows them ("same as above").
    """

    row: int
    col: int
    text: str
    text_raw: str | None = None
    bbox: BBox | None = None
    rowspan: int = 1
    colspan: int = 1


@dataclass(slots=True)
class Table:
    """A table on one page: a rectangular grid of cell texts with provenance.

    ``row_pages`` gives the page of each row (always ``page`` for PDF tables;
    text dumps have one page). ``ruled`` tells how it was found: from ruling
    lines (True) or from tabs/whitespace alignment (False).
    """

    page: int
    cells: list[Cell]
    n_rows: int
    n_cols: int
    bbox: BBox | None = None
    ruled: bool = True
    first_line_no: int = 0  # line_no on the page where the table starts (for ordering)

    def grid(self) -> list[list[str]]:
        """Cell texts as rows x columns; covered positions are ''."""
        rows = [[""] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row][cell.col] = cell.text
        return rows

    def cell_at(self, row: int, col: int) -> Cell | None:
        for cell in self.cells:
            if cell.row == row and cell.col == col:
                return cell
        return None


@dataclass(slots=True)
class Page:
    number: int  # 1-based
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    image_only: bool = False
    error: str | None = None  # this page failed; the rest of the file goes on


@dataclass(slots=True)
class DocumentText:
    """The text layer of one input file, in reading order."""

    pages: list[Page]
    text_source: str  # pdf_text | ocr | plain_text
    file_type: str  # pdf | txt


@dataclass(slots=True)
class IndicatorRow:
    """One node of an indicator hierarchy, as printed in the main scoring table."""

    indicator_id: str  # path within the project: "1", "1.2", "1.2.3"
    parent_id: str | None
    level: int  # 1 = 一级指标 ... 4 = 四级指标
    name: str
    name_raw: str
    page: int
    code: str | None = None
    weight: Number | None = None
    score: Number | None = None
    score_rate: Number | None = None
    target_value: str | None = None
    actual_value: str | None = None
    note: str | None = None
    bbox: BBox | None = None
    text: str = ""  # the row as printed
    # Where the record is printed: for a text dump the 1-based physical line of the
    # file (``sed -n Np``); for a PDF the ``Line.line_no`` on its page (0-based).
    # ScoreStatement, BudgetLine, TableCell and Discrepancy use it the same way.
    line_no: int | None = None


@dataclass(slots=True)
class ScoreStatement:
    """One place where a weight, score, rate, total or grade is stated."""

    quantity: str  # weight | score | score_rate | total_score | grade | formula | ...
    value: Number | None
    value_text: str
    source: str  # table | annex | narrative
    page: int
    snippet: str
    indicator_id: str | None = None
    indicator_name: str | None = None  # the name as the statement gives it
    expression: str | None = None  # for quantity == "formula": the printed left-hand side
    bbox: BBox | None = None
    indicator_code: str | None = None  # code printed with the name (B11), for linking
    line_no: int | None = None  # see IndicatorRow.line_no


@dataclass(slots=True)
class BudgetLine:
    """A budget / execution figure set, from a budget block or a sentence."""

    line: str
    source: str  # table | narrative
    page: int
    text: str
    initial_budget: Number | None = None
    adjusted_budget: Number | None = None
    executed: Number | None = None
    stated_rate: Number | None = None
    weight: Number | None = None
    score: Number | None = None
    bbox: BBox | None = None
    line_no: int | None = None  # see IndicatorRow.line_no


@dataclass(slots=True)
class TableCell:
    """A numeric-or-text cell of a non-indicator table (money tables), for sum checks."""

    table_no: int  # ordinal of the table within the project
    row: int
    col: int
    text: str
    page: int
    value: Number | None = None
    row_label: str | None = None
    col_label: str | None = None
    bbox: BBox | None = None
    line_no: int | None = None  # see IndicatorRow.line_no


@dataclass(slots=True)
class Project:
    """One evaluated project (or department) within a file."""

    ordinal: int  # 0-based position within the file
    report_kind: str
    page_start: int
    page_end: int
    title: str | None = None
    project_name: str | None = None
    department: str | None = None
    implementing_unit: str | None = None
    evaluator: str | None = None
    fiscal_year: int | None = None
    stated_total_score: Number | None = None
    stated_grade: str | None = None
    indicators: list[IndicatorRow] = field(default_factory=list)
    scores: list[ScoreStatement] = field(default_factory=list)
    budgets: list[BudgetLine] = field(default_factory=list)
    cells: list[TableCell] = field(default_factory=list)
    stated_grade_bands: list[tuple[str, Number, Number]] = field(default_factory=list)
    quality: dict[str, float | str] = field(default_factory=dict)
    file_type: str | None = None  # pdf | txt, of the source file (None: unknown)


@dataclass(slots=True)
class Discrepancy:
    """A place where a report's own arithmetic or statements disagree."""

    rule: str
    severity: str  # error | warning | info
    message: str  # one sentence, Chinese
    page: int | None
    evidence: str
    indicator_id: str | None = None
    expected: float | None = None
    stated: float | None = None
    bbox: BBox | None = None
    line_no: int | None = None  # of the record it points at (see IndicatorRow.line_no)
