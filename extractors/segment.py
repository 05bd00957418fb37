"""Split a document into reports (``Project``) and fill their metadata.

Method:

1. The document becomes one reading-order row stream (``row_text``).
2. The family decides how it splits:
   - a bundle of 项目支出绩效自评表: a table row ``项目名称 | X`` opens a project;
     the same name again (or one a prefix of the other — a wrapped cell loses
     its tail) before the table's 总分 row is a continuation page, not a new
     project. Rows before the first form (the directory) belong to no project.
   - 部门整体支出绩效评价: one project for the whole document.
   - evaluation reports: a title line (short, no sentence punctuation, ending in
     评价报告, joined with the wrapped line above it) opens a report once the
     current report already holds a scoring table — every report has its own,
     so a title repeated on a cover page or an annex never splits a report.
3. Metadata come from label/value pairs (``项目名称：…`` in prose, ``主管部门 |
   X`` in a table): project name (a wrapped name continues on a short next
   line), 主管部门/项目单位, 实施单位, 评价机构; the fiscal year from the project
   name, else the title, else the first ``20xx年度`` of the report — never the
   report's date (``2018 年 9 月``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import regex

from extractors.indicator_rows import find_blocks, label_of
from extractors.records import DocumentText, Project
from extractors.row_text import Row, clean_name, document_rows

DEPARTMENT_MARK = "部门整体"
SELF_EVAL_MARK = "自评表"
LABELS = {
    "project_name": ("项目名称",),
    "department": ("主管部门", "项目单位", "部门名称", "预算单位"),
    "implementing_unit": ("实施单位",),
    "evaluator": ("评价机构", "第三方评价机构", "评价单位"),
}
_PROSE_LABEL = regex.compile(r"^\s*([\p{Han}]{2,8})(?:（[^）]*）)?\s*[:：]\s*(.+?)\s*$")
# What a report title adds to the project's name: 项目支出绩效评价报告, 部门评价报告 …
_REPORT_SUFFIX = regex.compile(r"(?:项目)?(?:支出)?(?:部门)?(?:绩效)?(?:评价|自评)报告$")
_TITLE = regex.compile(r"评价报告$|自评报告$")
_SENTENCE = regex.compile(r"[。，；：:！？]")
_YEAR_OF_NAME = regex.compile(r"(20\d\d)\s*年(?!\s*\d{1,2}\s*月)")
_YEAR_EVALUATED = regex.compile(r"(20\d\d)\s*年度")
_MAX_TITLE = 40
_MAX_WRAP = 8  # a wrapped name's continuation line is short


@dataclass(slots=True)
class Segment:
    """One report of the document: its project record and its rows."""

    project: Project
    rows: list[Row] = field(default_factory=list)


def segment_document(doc: DocumentText) -> list[Segment]:
    """Split ``doc`` into reports with their metadata (see module doc)."""
    rows = document_rows(doc)
    if not rows:
        return []
    if _is_self_evaluation_bundle(rows):
        segments = _self_evaluation_segments(rows)
    elif any(DEPARTMENT_MARK in row.text for row in rows[:30]):
        segments = [Segment(Project(0, "department_evaluation", 1, 1), rows)]
    else:
        segments = _report_segments(rows)
    bundle_title = _first_title(rows)
    for ordinal, segment in enumerate(segments):
        segment.project.ordinal = ordinal
        _fill_metadata(segment, bundle_title)
    _close_page_gaps([s.project for s in segments], doc.pages[-1].number)
    return segments


def _close_page_gaps(projects: list[Project], last_page: int) -> None:
    """Pages without rows (blank, or only a running header) belong to the report
    before them; the last report runs to the end of the document."""
    for project, following in zip(projects, [*projects[1:], None], strict=True):
        end = following.page_start - 1 if following is not None else last_page
        project.page_end = max(project.page_end, end)


def _is_self_evaluation_bundle(rows: Sequence[Row]) -> bool:
    has_form = any(row.table is not None and label_of(row.first) == "项目名称" for row in rows)
    return has_form and any(SELF_EVAL_MARK in row.text for row in rows)


def _self_evaluation_segments(rows: Sequence[Row]) -> list[Segment]:
    segments: list[Segment] = []
    current: Segment | None = None
    closed = True
    for index, row in enumerate(rows):
        if row.table is not None and label_of(row.first) == "项目名称" and len(row.filled) > 1:
            name = clean_name(row.filled[1])
            if current is None or closed or not _same_name(name, current.project.project_name):
                heading = _trailing_prose(current) if closed else []
                current = Segment(Project(0, "self_evaluation", row.page, row.page,
                                          project_name=name), heading)
                current.project.title = _title_above(rows, index)
                segments.append(current)
                closed = False
        if current is None:
            continue
        current.rows.append(row)
        if "总分" in (label_of(cell) for cell in row.filled):
            closed = True
    return segments


def _trailing_prose(segment: Segment | None) -> list[Row]:
    """The prose lines after a closed form (the next form's 自评表 title and
    year line): taken off that form, they head the next one."""
    moved: list[Row] = []
    while segment is not None and segment.rows and segment.rows[-1].table is None:
        moved.insert(0, segment.rows.pop())
    return moved


def _same_name(name: str, other: str | None) -> bool:
    return other is not None and (name.startswith(other) or other.startswith(name))


def _title_above(rows: Sequence[Row], index: int) -> str | None:
    """The form's printed title: the nearest prose line above naming 自评表."""
    for row in reversed(rows[max(0, index - 3) : index]):
        if row.table is None and SELF_EVAL_MARK in row.text:
            return clean_name(row.text)
    return None


def _report_segments(rows: Sequence[Row]) -> list[Segment]:
    starts = [0]
    for index, row in enumerate(rows):
        if index and _is_title(row) and find_blocks(rows[starts[-1] : index]):
            starts.append(_wrapped_start(rows, index))
    starts.append(len(rows))
    return [
        Segment(Project(0, "evaluation_report", 1, 1), list(rows[a:b]))
        for a, b in pairwise(starts)
    ]


def _is_title(row: Row) -> bool:
    """A short line ending in 评价报告 — as printed, or before an order repair
    that moved its characters."""
    return row.table is None and any(
        len(text) <= _MAX_TITLE
        and _TITLE.search(text) is not None
        and not _SENTENCE.search(text)
        and not text.startswith(("《", "“"))
        for text in map(clean_name, _versions(row))
    )


def _versions(row: Row) -> list[str]:
    return [row.text] if row.raw is None else [row.text, row.raw]


def _wrapped_start(rows: Sequence[Row], index: int) -> int:
    """Index of the first line of a title whose line above is its wrapped start."""
    above = rows[index - 1] if index else None
    if above is not None and above.table is None and not _SENTENCE.search(above.text) and (
        len(clean_name(above.text)) + len(clean_name(rows[index].text)) <= 2 * _MAX_TITLE
    ) and not above.text.strip().isdigit():
        return index - 1
    return index


def _first_title(rows: Sequence[Row]) -> str | None:
    """The first title-like line of the document (report or bundle title)."""
    for index, row in enumerate(rows[:40]):
        for version in _versions(row):
            text = clean_name(version)
            if row.table is None and not _SENTENCE.search(text) and (
                _TITLE.search(text) or text.endswith(("报告", "目录"))
            ):
                start = _wrapped_start(rows, index)
                return "".join(clean_name(r.text) for r in rows[start:index]) + text
    return None


def _fill_metadata(segment: Segment, bundle_title: str | None) -> None:
    project = segment.project
    rows = segment.rows
    pages = [row.page for row in rows]
    project.page_start, project.page_end = min(pages), max(pages)
    values = _label_values(rows)
    for attribute, labels in LABELS.items():
        found = next((values[label] for label in labels if label in values), None)
        if found and getattr(project, attribute) is None:
            setattr(project, attribute, found)
    if project.report_kind == "department_evaluation":
        project.project_name = project.department or project.project_name
    if project.title is None:
        project.title = _first_title(rows) or (
            bundle_title if project.report_kind == "self_evaluation" else None
        )
    if project.project_name is None and project.title:
        project.project_name = _REPORT_SUFFIX.sub("", project.title) or None
    project.fiscal_year = _fiscal_year(project, rows, bundle_title)


def _label_values(rows: Sequence[Row]) -> dict[str, str]:
    """First value of every ``label：value`` line and ``label | value`` table cell."""
    wanted = {label for labels in LABELS.values() for label in labels}
    values: dict[str, str] = {}
    for index, row in enumerate(rows):
        if row.table is not None:
            for at, cell in enumerate(row.filled[:-1]):
                label = label_of(cell)
                if label in wanted and label not in values:
                    values[label] = clean_name(row.filled[at + 1])
            continue
        match = _PROSE_LABEL.match(row.text)
        if match and match[1] in wanted and match[1] not in values:
            values[match[1]] = clean_name(match[2] + _wrapped_tail(rows, index))
    return values


def _wrapped_tail(rows: Sequence[Row], index: int) -> str:
    """The short next line that finishes a wrapped ``label：value`` line."""
    if index + 2 >= len(rows):
        return ""
    following, after = rows[index + 1], rows[index + 2]
    text = following.text.strip()
    if (following.table is None and len(text) <= _MAX_WRAP and not _SENTENCE.search(text)
            and _PROSE_LABEL.match(after.text)):
        return text
    return ""


def _fiscal_year(project: Project, rows: Sequence[Row], bundle_title: str | None) -> int | None:
    """Year evaluated: a ``20xx年度`` in the name or titles wins over a plain
    ``20xx 年`` (a project named after an earlier funding batch is still
    evaluated in the bundle's year); the report date never counts."""
    texts = [t for t in (project.project_name, project.title, bundle_title) if t]
    for pattern in (_YEAR_EVALUATED, _YEAR_OF_NAME):
        for text in texts:
            if match := pattern.search(text):
                return int(match[1])
    for row in rows[:200]:
        if match := _YEAR_EVALUATED.search(row.text):
            return int(match[1])
    # Last resort: the year the report's text names most (dates excluded).
    years = Counter(m[1] for row in rows for m in _YEAR_OF_NAME.finditer(row.text))
    return int(years.most_common(1)[0][0]) if years else None
