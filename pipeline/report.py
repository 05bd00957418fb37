"""The reviewers' discrepancy report: ``report.html``, ``report.md`` and ``discrepancies.csv``.

Method:

1. ``build_report_data`` joins the Parquet tables (as pandas frames) into one
   view per project: file, indicator tree with recomputed sums,
   discrepancies with the rule in words (``pipeline.report_model``).
2. For the HTML only, a highlighted crop of the page region is rendered for
   each discrepancy that has a bbox in a PDF source — at most
   ``MAX_CROPS_PER_PROJECT`` per project and ``MAX_CROPS_TOTAL`` in all, so a
   run with 10,000 discrepancies still gives a file a browser opens; the
   discrepancies left without an image are counted in their project's note.
3. Each requested format is written next to the others in ``out_dir``, each
   file through a temporary name so a reader never sees half a report. The CSV
   is UTF-8 with a BOM so Excel opens the Chinese text correctly.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from pipeline.page_crops import CropRequest, render_crops
from pipeline.report_html import render_html
from pipeline.report_md import render_markdown
from pipeline.report_model import SEVERITIES, DiscrepancyView, ReportData, build_report_data

MAX_CROPS_PER_PROJECT = 20
MAX_CROPS_TOTAL = 400  # ~12 KB each on average (45 KB at most): report.html stays a few MB

CSV_COLUMNS = (
    "文件", "项目ID", "项目", "项目名称", "页码", "行号", "严重程度", "规则", "规则说明", "指标",
    "报告值", "复算值", "说明", "原文", "链接",
)  # fmt: skip


def write_report(
    tables: dict[str, pd.DataFrame],
    out_dir: Path,
    formats: Sequence[str] = ("html", "md", "csv"),
) -> list[Path]:
    """Write the requested report formats into ``out_dir``; returns the files written."""
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise ValueError(f"unknown report format(s) {unknown}; choose from {sorted(WRITERS)}")
    data = build_report_data(tables)
    if "html" in formats:
        attach_crops(data)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        name, render, encoding = WRITERS[fmt]
        path = out_dir / name
        _write_atomic(path, render(data, generated), encoding)
        written.append(path)
    return written


SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(SEVERITIES)}  # errors first


def attach_crops(
    data: ReportData,
    per_project: int = MAX_CROPS_PER_PROJECT,
    total: int = MAX_CROPS_TOTAL,
) -> None:
    """Render page crops for discrepancies with a bbox in a PDF, within the caps.

    When the caps bite, errors get their images before warnings and notes;
    within a severity, reports keep their order.
    """
    boxed = [
        (project, item, CropRequest(project.doc.source_path, item.page, item.bbox))
        for project in data.projects
        if project.doc.is_pdf  # text dumps have no page image: the evidence text is shown
        for item in project.discrepancies
        if item.bbox is not None and item.page is not None
    ]
    boxed.sort(key=lambda entry: SEVERITY_ORDER.get(entry[1].severity, len(SEVERITY_ORDER)))
    wanted: list[tuple[DiscrepancyView, CropRequest]] = []
    given: Counter[str] = Counter()
    for project, item, request in boxed:
        if len(wanted) < total and given[project.project_id] < per_project:
            wanted.append((item, request))
            given[project.project_id] += 1
        else:
            project.crops_omitted += 1
    crops = render_crops(request for _, request in wanted)
    for item, request in wanted:
        item.crop = crops.get(request)


def _csv(data: ReportData, generated: str) -> str:
    """One row per discrepancy, the rule both as id and in words.

    ``generated`` is unused: every renderer takes the same arguments.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for project, item in data.discrepancies():
        writer.writerow(
            [
                project.doc.source_path,
                project.project_id,
                project.heading,
                project.project_name or "",
                item.page or "",
                item.cited_line(project.doc) or "",
                item.severity_text,
                item.rule,
                item.rule_text,
                item.indicator or "",
                "" if item.stated is None else item.stated,
                "" if item.expected is None else item.expected,
                item.message,
                item.evidence,
                project.doc.link(item.page),
            ]
        )
    return buffer.getvalue()


def _write_atomic(path: Path, text: str, encoding: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("w", encoding=encoding, newline="") as handle:
        handle.write(text)
    partial.replace(path)


Renderer = Callable[[ReportData, str], str]
# format -> (file name, renderer, encoding); utf-8-sig writes the BOM Excel needs.
WRITERS: Mapping[str, tuple[str, Renderer, str]] = {
    "html": ("report.html", render_html, "utf-8"),
    "md": ("report.md", render_markdown, "utf-8"),
    "csv": ("discrepancies.csv", _csv, "utf-8-sig"),
}
