"""The reviewers' view of a parsed snapshot: files, projects, indicator trees, discrepancies.

The HTML, Markdown and CSV writers all render the same ``ReportData``; this
module builds it from the Parquet tables (as pandas frames) in four steps:

1. ``_frame`` gives every table every column the report reads, adding missing
   ones as nulls, so a partial or older snapshot still renders.
2. Documents become ``DocumentView`` (status, error, a ``file://`` link).
3. Each project's indicator rows become ``IndicatorView`` with the sums of
   their children recomputed from the printed figures (``extractors.numbers``
   keeps the printed precision, so display rounding is not a mismatch).
4. Discrepancies become ``DiscrepancyView`` with the rule described in words
   (``extractors.checks.RULES``) and are attached to their project; those
   whose project is unknown go to a per-file section. A text dump's
   discrepancy also cites its line (``第 216 行``: the dump's physical line),
   since all of a dump without form feeds is "page 1".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import regex

from extractors.numbers import Number, find_numbers, parse_number, to_decimal
from extractors.records import BBox

SEVERITIES: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
STATUSES: dict[str, str] = {"ok": "成功", "partial": "部分成功", "failed": "失败"}
REPORT_KINDS: dict[str, str] = {
    "evaluation_report": "绩效评价报告",
    "self_evaluation": "项目支出绩效自评表",
    "department_evaluation": "部门整体支出绩效评价",
}
# Rules whose expected/stated values are always ratios (fractions): shown as percentages.
RATE_RULES = frozenset({"score_rate", "execution_rate", "completion_ratio"})
HAN = regex.compile(r"\p{Han}")
SCORE_BIN = 5  # points per bar of the total-score distribution

_BBOX_COLUMNS = ("x0", "top", "x1", "bottom")
_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "source_path", "file_type", "status", "error"),
    "projects": (
        "project_id", "doc_id", "report_kind", "title", "project_name",
        "page_start", "page_end", "stated_total_score", "stated_total_score_text",
        "stated_grade", "computed_total_score", "total_weight",
    ),
    "indicators": (
        "project_id", "indicator_id", "parent_id", "level", "code", "name", "page",
        "weight", "weight_text", "score", "score_text", "line_no",
    ),
    "discrepancies": (
        "project_id", "doc_id", "rule", "severity", "indicator_id", "expected", "stated",
        "message", "page", "evidence", *_BBOX_COLUMNS, "line_no",
    ),
}  # fmt: skip


def rule_descriptions() -> dict[str, str]:
    """Rule id -> description in words, from the validator; empty if it is not installed.

    A bilingual description (``中文 / English``) is cut to its Chinese part:
    the report is read by Chinese reviewers and the rule id is shown beside it.
    """
    try:
        from extractors.checks import RULES
    except ImportError:  # the validator is optional for rendering; ids are shown instead
        return {}
    return {str(rule): _chinese_part(str(text)) for rule, text in RULES.items()}


def _chinese_part(text: str) -> str:
    head, sep, tail = text.partition(" / ")
    return head.strip() if sep and HAN.search(head) and not HAN.search(tail) else text


def format_value(value: float | None, percent: bool = False) -> str:
    """A figure for display: a fraction as a percentage, thousands separators for money."""
    if value is None:
        return "—"
    if percent:
        return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if abs(value) >= 10_000:
        return f"{value:,.2f}".removesuffix(".00")
    return f"{value:.4f}".rstrip("0").rstrip(".")


def count_text(counts: Counter[str], labels: dict[str, str]) -> str:
    """``成功 3，失败 1``: counts under their Chinese labels, known keys first."""
    keys = [k for k in labels if k in counts] + sorted(set(counts) - labels.keys())
    return "，".join(f"{labels.get(k, k)} {counts[k]}" for k in keys) or "无"


@dataclass(slots=True)
class DocumentView:
    doc_id: str
    source_path: str
    file_type: str
    status: str
    error: str | None = None
    uri: str = field(init=False)  # file:// URI, resolved once (links are made per discrepancy)

    def __post_init__(self) -> None:
        self.uri = Path(self.source_path).resolve().as_uri()

    @property
    def name(self) -> str:
        return Path(self.source_path).name or self.doc_id

    @property
    def is_pdf(self) -> bool:
        return self.file_type == "pdf" or self.source_path.lower().endswith(".pdf")

    @property
    def is_text(self) -> bool:
        """A text dump: its records cite physical lines of the file."""
        return self.file_type == "txt" or self.source_path.lower().endswith(".txt")

    def link(self, page: int | None = None) -> str:
        """``file://`` URI of the source (relative paths resolve against the current dir)."""
        return f"{self.uri}#page={page}" if page and self.is_pdf else self.uri


@dataclass(slots=True)
class IndicatorView:
    indicator_id: str
    parent_id: str | None
    level: int
    name: str
    code: str | None = None
    page: int | None = None
    line_no: int | None = None  # a text dump's physical line (a PDF's order on the page)
    weight: Number | None = None
    score: Number | None = None
    children_weight: Number | None = None  # recomputed sum of the children's weights
    children_score: Number | None = None
    flagged: bool = False  # a discrepancy names this indicator

    @property
    def weight_mismatch(self) -> bool:
        return _mismatch(self.weight, self.children_weight)

    @property
    def score_mismatch(self) -> bool:
        return _mismatch(self.score, self.children_score)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name


@dataclass(slots=True)
class DiscrepancyView:
    rule: str
    rule_text: str
    severity: str
    message: str
    page: int | None = None
    evidence: str = ""
    indicator: str | None = None  # code and name of the indicator concerned
    expected: float | None = None
    stated: float | None = None
    bbox: BBox | None = None
    line_no: int | None = None  # the line cited (a text dump's physical line)
    crop: str | None = None  # data: URI of the highlighted page region (HTML only)
    percent: bool = False  # the figures are ratios printed as percentages

    @property
    def severity_text(self) -> str:
        return SEVERITIES.get(self.severity, self.severity)

    @property
    def stated_text(self) -> str:
        return format_value(self.stated, self.percent)

    @property
    def expected_text(self) -> str:
        return format_value(self.expected, self.percent)

    def cited_line(self, doc: DocumentView) -> int | None:
        """The line a reviewer looks up in a text dump (its physical line); None
        for a PDF, whose line numbers are the order on the page, no help to a
        reader who has the page and its crop."""
        return self.line_no if doc.is_text else None

    def line_text(self, doc: DocumentView) -> str:
        """``第 N 行`` where ``cited_line`` gives a line, else ''."""
        line = self.cited_line(doc)
        return "" if line is None else f"第 {line} 行"

    @property
    def difference_text(self) -> str:
        if self.stated is None or self.expected is None:
            return ""
        return format_value(self.stated - self.expected, self.percent)


@dataclass(slots=True)
class ProjectView:
    project_id: str
    doc: DocumentView
    report_kind: str | None = None
    title: str | None = None
    project_name: str | None = None
    page_start: int | None = None
    page_end: int | None = None
    stated_total_score: float | None = None
    stated_total_text: str | None = None
    computed_total_score: float | None = None
    total_weight: float | None = None
    stated_grade: str | None = None
    indicators: list[IndicatorView] = field(default_factory=list)
    discrepancies: list[DiscrepancyView] = field(default_factory=list)
    crops_omitted: int = 0  # discrepancies with a bbox left without an image (cap reached)

    @property
    def heading(self) -> str:
        """The title, prefixed by the project name when the title does not say it
        (a self-evaluation table is titled just 项目支出绩效自评表)."""
        parts = [self.project_name, self.title]
        if self.title and self.project_name and self.project_name in self.title:
            parts = [self.title]
        return " · ".join(p for p in parts if p) or self.doc.name

    @property
    def pages_text(self) -> str:
        if self.page_start is None:
            return "—"
        if self.page_end is None or self.page_end == self.page_start:
            return f"第 {self.page_start} 页"
        return f"第 {self.page_start}–{self.page_end} 页"

    @property
    def kind_text(self) -> str:
        return REPORT_KINDS.get(self.report_kind or "", self.report_kind or "—")


@dataclass(slots=True)
class ReportData:
    documents: list[DocumentView]
    projects: list[ProjectView]
    rules: dict[str, str]  # rule id -> description; ids without one map to themselves

    def discrepancies(self) -> Iterable[tuple[ProjectView, DiscrepancyView]]:
        for project in self.projects:
            for item in project.discrepancies:
                yield project, item

    def severity_counts(self) -> Counter[str]:
        return Counter(item.severity for _, item in self.discrepancies())

    def rule_counts(self) -> dict[str, Counter[str]]:
        """Rule id -> severity counts; rules with the most errors first, then warnings, …"""
        counts: dict[str, Counter[str]] = {}
        for _, item in self.discrepancies():
            counts.setdefault(item.rule, Counter())[item.severity] += 1
        order = self.severities()
        return dict(sorted(counts.items(), key=lambda kv: ([-kv[1][s] for s in order], kv[0])))

    def severities(self) -> list[str]:
        """Severities present, known ones first in order of gravity."""
        present = self.severity_counts()
        return [s for s in SEVERITIES if s in present] + sorted(set(present) - SEVERITIES.keys())

    def total_scores(self) -> list[float]:
        return [p.stated_total_score for p in self.projects if p.stated_total_score is not None]

    def score_bins(self, width: int = SCORE_BIN) -> list[tuple[int, int]]:
        """(lower edge, count) of the stated total scores in bins of ``width`` points.

        The bins run from the lowest score's bin to 100 (or past the highest
        score); the top bin includes its upper edge, so a perfect 100 counts.
        """
        scores = self.total_scores()
        if not scores:
            return []
        high = max(100, math.ceil(max(scores) / width) * width)
        low = min(math.floor(min(scores) / width) * width, high - width)
        counts = [0] * ((high - low) // width)
        for score in scores:
            counts[min(int((score - low) // width), len(counts) - 1)] += 1
        return [(low + i * width, count) for i, count in enumerate(counts)]


def build_report_data(tables: Mapping[str, pd.DataFrame]) -> ReportData:
    """Join the tables into the reviewers' view (see the module docstring)."""
    rules = rule_descriptions()
    documents: dict[str, DocumentView] = {}
    for row in _rows(tables, "documents"):
        documents[row["doc_id"]] = _document(row)
    projects: dict[str, ProjectView] = {}
    for row in _rows(tables, "projects"):
        projects[row["project_id"]] = _project(row, _document_for(documents, row["doc_id"]))
    indicator_rows: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(tables, "indicators"):
        indicator_rows.setdefault(row["project_id"], []).append(row)
    for project_id, rows in indicator_rows.items():
        if project_id in projects:
            projects[project_id].indicators = _indicator_tree(rows)
    by_id = {key: {i.indicator_id: i for i in p.indicators} for key, p in projects.items()}
    for row in _rows(tables, "discrepancies"):
        project = projects.get(row["project_id"]) or _file_level_project(projects, documents, row)
        rule = row["rule"] or "unknown"
        rules.setdefault(rule, rule)
        named = by_id.get(project.project_id, {}).get(str(row["indicator_id"]))
        if named is not None:
            named.flagged = True
        project.discrepancies.append(_discrepancy(row, rules[rule], named))
    rank = {severity: i for i, severity in enumerate(SEVERITIES)}
    for project in projects.values():
        project.discrepancies.sort(
            key=lambda d: (rank.get(d.severity, len(rank)), d.page or 0, d.line_no or 0)
        )
    ordered = sorted(projects.values(), key=lambda p: (p.doc.source_path, p.page_start or 0, p.project_id))
    return ReportData(sorted(documents.values(), key=lambda d: d.source_path), ordered, rules)


def _frame(tables: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """The table with every column the report reads (missing ones as nulls)."""
    frame = tables.get(name)
    wanted = _COLUMNS[name]
    if frame is None:
        return pd.DataFrame(columns=list(wanted))
    missing = [c for c in wanted if c not in frame.columns]
    return frame.reindex(columns=[*frame.columns, *missing]) if missing else frame


def _rows(tables: Mapping[str, pd.DataFrame], name: str) -> Iterable[dict[str, Any]]:
    """Rows as dicts of plain Python values, NaN/NA turned into None."""
    frame = _frame(tables, name)[list(_COLUMNS[name])]
    for record in frame.to_dict("records"):
        yield {key: _plain(value) for key, value in record.items()}


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value  # numpy scalar -> Python


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _document(row: dict[str, Any]) -> DocumentView:
    return DocumentView(
        doc_id=row["doc_id"],
        source_path=row["source_path"] or row["doc_id"],
        file_type=row["file_type"] or "",
        status=row["status"] or "ok",
        error=row["error"],
    )


def _document_for(documents: dict[str, DocumentView], doc_id: str | None) -> DocumentView:
    """The file of ``doc_id``; a placeholder when the documents table does not list it."""
    key = doc_id or "unknown"
    return documents.setdefault(key, DocumentView(key, key, "", "ok"))


def _project(row: dict[str, Any], doc: DocumentView) -> ProjectView:
    return ProjectView(
        project_id=row["project_id"],
        doc=doc,
        report_kind=row["report_kind"],
        title=row["title"],
        project_name=row["project_name"],
        page_start=_int(row["page_start"]),
        page_end=_int(row["page_end"]),
        stated_total_score=row["stated_total_score"],
        stated_total_text=row["stated_total_score_text"],
        computed_total_score=row["computed_total_score"],
        total_weight=row["total_weight"],
        stated_grade=row["stated_grade"],
    )


def _file_level_project(
    projects: dict[str, ProjectView], documents: dict[str, DocumentView], row: dict[str, Any]
) -> ProjectView:
    """The section for discrepancies whose project is unknown: one per file."""
    doc = _document_for(documents, row["doc_id"])
    key = row["project_id"] or f"{doc.doc_id}:file"
    if key not in projects:
        projects[key] = ProjectView(project_id=key, doc=doc, title=f"{doc.name}（文件级）")
    return projects[key]


def _number(value: float | None, text: str | None) -> Number | None:
    """The printed figure with its precision; the stored value alone when no text was kept."""
    if value is None:
        return parse_number(text)
    return to_decimal(value, text or format_value(value))


def _indicator_tree(rows: list[dict[str, Any]]) -> list[IndicatorView]:
    """Indicator rows in tree order (by path), each with its children's sums."""
    views = [
        IndicatorView(
            indicator_id=str(row["indicator_id"]),
            parent_id=row["parent_id"],
            level=_int(row["level"]) or str(row["indicator_id"]).count(".") + 1,
            name=row["name"] or "",
            code=row["code"],
            page=_int(row["page"]),
            line_no=_int(row["line_no"]),
            weight=_number(row["weight"], row["weight_text"]),
            score=_number(row["score"], row["score_text"]),
        )
        for row in rows
    ]
    children: dict[str, list[IndicatorView]] = {}
    for view in views:
        if view.parent_id is not None:
            children.setdefault(view.parent_id, []).append(view)
    for view in views:
        kids = children.get(view.indicator_id, [])
        view.children_weight = _sum(kid.weight for kid in kids)
        view.children_score = _sum(kid.score for kid in kids)
    return sorted(views, key=lambda v: _path_key(v.indicator_id))


def _path_key(indicator_id: str) -> tuple[int | str, ...]:
    return tuple(int(p) if p.isdigit() else p for p in indicator_id.split("."))


def _sum(numbers: Iterable[Number | None]) -> Number | None:
    """Sum of the printed figures with the summed tolerance; None when none is printed."""
    present = [n for n in numbers if n is not None]
    if not present:
        return None
    total = sum((n.value for n in present), Decimal(0))
    tolerance = sum((n.tolerance for n in present), Decimal(0))
    return Number(total, format_value(float(total)), tolerance, present[0].unit)


def _mismatch(printed: Number | None, recomputed: Number | None) -> bool:
    if printed is None or recomputed is None:
        return False
    return not printed.matches(recomputed.value, recomputed.tolerance)


def _discrepancy(row: dict[str, Any], rule_text: str, indicator: IndicatorView | None) -> DiscrepancyView:
    box = tuple(row[c] for c in _BBOX_COLUMNS)
    rule = row["rule"] or "unknown"
    evidence = row["evidence"] or ""
    return DiscrepancyView(
        rule=rule,
        rule_text=rule_text,
        severity=row["severity"] or "info",
        message=row["message"] or "",
        page=_int(row["page"]),
        evidence=evidence,
        indicator=indicator.label if indicator else row["indicator_id"],
        expected=row["expected"],
        stated=row["stated"],
        bbox=(box[0], box[1], box[2], box[3]) if None not in box else None,
        line_no=_int(row["line_no"]),
        percent=rule in RATE_RULES or _printed_as_percent(row["stated"], evidence),
    )


def _printed_as_percent(value: float | None, evidence: str) -> bool:
    """True when the evidence prints ``value`` as a percentage (``90.69%`` for 0.9069)."""
    if value is None:
        return False
    exact = Decimal(repr(value))
    return any(n.unit == "%" and n.matches(exact) for n, _, _ in find_numbers(evidence))
