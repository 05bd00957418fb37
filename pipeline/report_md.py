"""The Markdown report: the same summary and per-project discrepancies as the HTML, as text.

Method:

1. Summary: files by status (failed and partial files with their error),
   projects, discrepancies by severity and a table by rule with the rule
   described in words, then the total-score distribution as a table.
2. One section per project that has discrepancies: file link with page,
   then a table of its discrepancies (printed vs recomputed value, page, and
   the line for a text dump).
   Images are left to the HTML report; the evidence text stands in.
3. Projects without discrepancies are listed by name at the end.

Cell texts are flattened to one line and ``|`` is escaped so tables hold.
"""

from __future__ import annotations

from collections import Counter

from pipeline.report_model import (
    SCORE_BIN,
    SEVERITIES,
    STATUSES,
    ProjectView,
    ReportData,
    count_text,
)

EVIDENCE_CHARS = 120  # longer evidence is cut in the Markdown table (the CSV keeps it whole)


def render_markdown(data: ReportData, generated: str) -> str:
    """The whole report as one Markdown document."""
    lines = [f"# 财政支出绩效评价报告 · 差异复核\n\n生成于 {generated}\n", *_summary(data)]
    flagged = [p for p in data.projects if p.discrepancies]
    lines.append("## 项目差异\n")
    if not flagged:
        lines.append("未发现差异。\n")
    for index, project in enumerate(flagged, start=1):
        lines.extend(_project(index, project, data))
    clean = [p for p in data.projects if not p.discrepancies]
    if clean:
        lines.append(f"## 无差异的项目（{len(clean)}）\n")
        lines.extend(f"- {_cell(p.heading)}（{_cell(p.doc.name)}，{p.pages_text}）" for p in clean)
        lines.append("")
    return "\n".join(lines)


def _summary(data: ReportData) -> list[str]:
    statuses = Counter(doc.status for doc in data.documents)
    severities = data.severity_counts()
    lines = [
        "## 概况\n",
        f"- 文件：{len(data.documents)} 个（{count_text(statuses, STATUSES)}）",
        f"- 项目：{len(data.projects)} 个",
        f"- 差异：{severities.total()} 条（{count_text(severities, SEVERITIES)}）\n",
    ]
    problems = [d for d in data.documents if d.status != "ok"]
    if problems:
        lines += ["### 未完全解析的文件\n", "| 文件 | 状态 | 原因 |", "|---|---|---|"]
        lines += [
            f"| [{_cell(d.name)}]({d.link()}) | {STATUSES.get(d.status, d.status)} | {_cell(d.error or '')} |"
            for d in problems
        ]
        lines.append("")
    rule_counts = data.rule_counts()
    if rule_counts:
        severities_present = data.severities()
        head = " | ".join(SEVERITIES.get(s, s) for s in severities_present)
        lines += ["### 按规则\n", f"| 规则 | 说明 | {head} | 合计 |"]
        lines.append("|---|---|" + "---:|" * (len(severities_present) + 1))
        for rule, counts in rule_counts.items():
            cells = " | ".join(str(counts[s] or "") for s in severities_present)
            lines.append(f"| `{rule}` | {_cell(data.rules[rule])} | {cells} | {counts.total()} |")
        lines.append("")
    bins = data.score_bins()
    if bins:
        lines += ["### 报告总分分布\n", "| 区间 | 项目数 |", "|---|---:|"]
        lines += [f"| {start}–{start + SCORE_BIN} | {count} |" for start, count in bins]
        lines.append("")
    return lines


def _project(index: int, project: ProjectView, data: ReportData) -> list[str]:
    doc = project.doc
    lines = [
        f"### {index}. {_cell(project.heading)}\n",
        f"- 项目名称：{_cell(project.project_name or '—')}",
        f"- 文件：[{_cell(doc.name)}]({doc.link(project.page_start)})，{project.pages_text}",
        f"- 类型：{project.kind_text}；等级：{_cell(project.stated_grade or '—')}\n",
        "| 严重程度 | 规则 | 指标 | 报告值 | 复算值 | 页 | 行 | 说明 | 原文 |",
        "|---|---|---|---:|---:|---:|---:|---|---|",
    ]
    for item in project.discrepancies:
        page = f"[{item.page}]({doc.link(item.page)})" if item.page else ""
        lines.append(
            f"| {item.severity_text} | {_cell(item.rule_text)} | "
            f"{_cell(item.indicator or '')} | {item.stated_text} | {item.expected_text} | {page} | "
            f"{item.cited_line(doc) or ''} | "
            f"{_cell(item.message)} | {_cell(_shorten(item.evidence))} |"
        )
    lines.append("")
    return lines


def _shorten(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1] + "…"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")
