"""The self-contained HTML report: summary, filters and one section per project.

Method:

1. The page skeleton, CSS and the filter script live in
   ``templates/report.html`` (``string.Template``; the script is plain JS,
   no library, no network). This module fills in ``$title``, ``$subtitle``
   and ``$body``.
2. The summary counts files by status (with the failed files' errors),
   projects by kind and discrepancies by severity and by rule, and draws the
   stated total scores as an inline SVG histogram.
3. The filter bar has one checkbox per severity and per rule; every
   discrepancy item carries ``data-severity`` and ``data-rule`` and the
   script toggles ``hidden`` on items and on sections left without any.
4. Each project section lists its discrepancies (rule in words, printed vs
   recomputed, page link and, for a text dump, the line, evidence, page crop
   when one was rendered) and its
   indicator tree with the children's sums beside the printed figures.

Every text from the data is HTML-escaped.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from string import Template

from extractors.numbers import Number
from pipeline.report_model import (
    SCORE_BIN,
    SEVERITIES,
    STATUSES,
    DiscrepancyView,
    IndicatorView,
    ProjectView,
    ReportData,
    count_text,
    format_value,
)

TEMPLATE = Template((Path(__file__).parent / "templates" / "report.html").read_text("utf-8"))
TITLE = "财政支出绩效评价报告 · 差异复核"


def render_html(data: ReportData, generated: str) -> str:
    """The whole report as one HTML document."""
    n_discrepancies = sum(1 for _ in data.discrepancies())
    subtitle = (
        f"生成于 {generated} · {len(data.documents)} 个文件 · {len(data.projects)} 个项目 · {n_discrepancies} 条差异"
    )
    body = "\n".join(
        [
            _summary(data),
            _filters(data),
            *(_project_section(i, p) for i, p in enumerate(data.projects, start=1)),
        ]
    )
    return TEMPLATE.substitute(title=escape(TITLE), subtitle=escape(subtitle), body=body)


def _summary(data: ReportData) -> str:
    statuses = Counter(doc.status for doc in data.documents)
    severities = data.severity_counts()
    kinds = Counter(project.kind_text for project in data.projects)
    stats = [
        (len(data.documents), "文件 · " + count_text(statuses, STATUSES)),
        (len(data.projects), "项目 · " + "，".join(f"{k} {n}" for k, n in kinds.items())),
        (severities.total(), "差异 · " + count_text(severities, SEVERITIES)),
    ]
    cards = "".join(f"<div class='stat'><b>{n}</b><span>{escape(t)}</span></div>" for n, t in stats)
    return (
        "<section class='card' id='summary'><h2>概况</h2>"
        f"<div class='stats'>{cards}</div>{_file_problems(data)}"
        f"<div class='two'><div><h3>按规则</h3>{_rule_table(data)}</div>"
        f"<div><h3>报告总分分布</h3>{_histogram(data)}</div></div>"
        f"{_project_index(data)}</section>"
    )


def _file_problems(data: ReportData) -> str:
    rows = [
        f"<tr><td><a href='{escape(d.link())}'>{escape(d.name)}</a></td>"
        f"<td>{escape(STATUSES.get(d.status, d.status))}</td><td>{escape(d.error or '')}</td></tr>"
        for d in data.documents
        if d.status != "ok"
    ]
    if not rows:
        return "<p class='note'>所有文件均解析成功。</p>"
    return (
        "<h3>未完全解析的文件</h3><table id='failed-files'><tr><th>文件</th><th>状态</th>"
        f"<th>原因</th></tr>{''.join(rows)}</table>"
    )


def _rule_table(data: ReportData) -> str:
    severities = data.severities()
    head = "".join(f"<th class='num'>{escape(SEVERITIES.get(s, s))}</th>" for s in severities)
    rows = []
    for rule, counts in data.rule_counts().items():
        cells = "".join(f"<td class='num'>{counts[s] or ''}</td>" for s in severities)
        rows.append(
            f"<tr><td>{escape(data.rules[rule])}<br><code>{escape(rule)}</code></td>{cells}"
            f"<td class='num'><b>{counts.total()}</b></td></tr>"
        )
    if not rows:
        return "<p class='note'>未发现差异。</p>"
    return f"<table id='rules'><tr><th>规则</th>{head}<th class='num'>合计</th></tr>{''.join(rows)}</table>"


def _histogram(data: ReportData, width: int = 520, height: int = 220) -> str:
    """Inline SVG bar chart of the stated total scores, ``SCORE_BIN`` points a bar."""
    bins = data.score_bins(SCORE_BIN)
    if not bins:
        return "<p class='note'>没有报告给出总分。</p>"
    left, right, bottom, top = 16, width - 16, 28, 18
    bar = (right - left) / len(bins)
    scale = (height - bottom - top) / max(count for _, count in bins)
    parts = [f"<line x1='{left}' y1='{height - bottom}' x2='{right}' y2='{height - bottom}' "
             "stroke='#9fb3c8'/>"]  # fmt: skip
    for i, (start, count) in enumerate(bins):
        x = left + i * bar
        y = height - bottom - count * scale
        parts.append(
            f"<rect class='bar' x='{x + 2:.1f}' y='{y:.1f}' width='{bar - 4:.1f}' "
            f"height='{count * scale:.1f}'><title>{start}–{start + SCORE_BIN} 分："
            f"{count} 个项目</title></rect>"
            f"<text x='{x:.1f}' y='{height - 10}' text-anchor='middle'>{start}</text>"
        )
        if count:
            parts.append(
                f"<text class='count' x='{x + bar / 2:.1f}' y='{y - 4:.1f}' text-anchor='middle'>{count}</text>"
            )
    end = bins[-1][0] + SCORE_BIN
    parts.append(f"<text x='{right}' y='{height - 10}' text-anchor='middle'>{end}</text>")
    n_scores = sum(count for _, count in bins)
    return (
        f"<svg class='hist' id='score-histogram' viewBox='0 0 {width} {height}' width='100%' "
        f"role='img' aria-label='报告总分分布（{n_scores} 个项目）'>{''.join(parts)}</svg>"
        f"<p class='note'>{n_scores} 个项目给出总分，每栏 {SCORE_BIN} 分。</p>"
    )


def _project_index(data: ReportData) -> str:
    rows = []
    for i, project in enumerate(data.projects, start=1):
        counts = Counter(d.severity for d in project.discrepancies)
        rows.append(
            f"<tr><td><a href='#p{i}'>{escape(project.heading)}</a></td>"
            f"<td>{escape(project.doc.name)}</td><td>{escape(project.pages_text)}</td>"
            f"<td class='num'>{escape(format_value(project.stated_total_score))}</td>"
            f"<td>{escape(count_text(counts, SEVERITIES)) if counts else ''}</td></tr>"
        )
    return (
        f"<details class='index'><summary>项目一览（{len(rows)}）</summary><table><tr>"
        "<th>项目</th><th>文件</th><th>页码</th><th class='num'>总分</th><th>差异</th></tr>"
        f"{''.join(rows)}</table></details>"
    )


def _filters(data: ReportData) -> str:
    severities = data.severity_counts()
    severity_boxes = "".join(
        f"<label><input type='checkbox' data-filter='severity' value='{escape(s)}' checked> "
        f"<span class='sev sev-{escape(s)}'>{escape(SEVERITIES.get(s, s))}</span> "
        f"{severities[s]}</label>"
        for s in data.severities()
    )
    rule_boxes = "".join(
        f"<label title='{escape(rule)}'><input type='checkbox' data-filter='rule' "
        f"value='{escape(rule)}' checked> {escape(data.rules[rule])} ({counts.total()})</label>"
        for rule, counts in data.rule_counts().items()
    )
    return (
        "<nav id='filters'><fieldset id='severity-filter'><legend>严重程度</legend>"
        f"{severity_boxes}</fieldset>"
        "<input type='search' id='search' placeholder='搜索项目、文件…' aria-label='搜索项目'>"
        "<label><input type='checkbox' id='show-clean'> 显示无差异的项目</label>"
        "<span id='counter'></span>"
        f"<details class='rules'><summary>按规则筛选</summary><fieldset id='rule-filter'>"
        f"{rule_boxes}</fieldset></details></nav>"
    )


def _project_section(index: int, project: ProjectView) -> str:
    doc = project.doc
    search = " ".join(filter(None, [project.title, project.project_name, doc.name, doc.source_path])).lower()
    total = format_value(project.stated_total_score)
    if project.stated_total_text:
        total = project.stated_total_text
    meta = [
        ("项目名称", escape(project.project_name or "—")),
        ("文件", f"<a href='{escape(doc.link(project.page_start))}'>{escape(doc.name)}</a>"),
        ("页码", escape(project.pages_text)),
        ("报告总分", f"{escape(total)}（复算 {escape(format_value(project.computed_total_score))}）"),
        ("等级", escape(project.stated_grade or "—")),
        ("权重合计", escape(format_value(project.total_weight))),
    ]
    kind = "" if project.kind_text == project.title else f"<span class='kind'>{escape(project.kind_text)}</span>"
    items = "".join(_discrepancy_item(d, project) for d in project.discrepancies)
    omitted = (
        f"<p class='note'>为控制文件大小，另有 {project.crops_omitted} 条差异未附页面截图，请按页码查看原文。</p>"
        if project.crops_omitted
        else ""
    )
    discrepancies = f"<ol class='discs'>{items}</ol>{omitted}" if items else "<p class='note'>未发现差异。</p>"
    return (
        f"<section class='project' id='p{index}' data-discrepancies='{len(project.discrepancies)}'"
        f" data-search='{escape(search)}'><h2>{escape(project.heading)}{kind}</h2>"
        f"<dl class='meta'>{''.join(f'<dt>{k}</dt><dd>{v}</dd>' for k, v in meta)}</dl>"
        f"{discrepancies}{_indicator_tree(project.indicators, project.doc.is_text)}</section>"
    )


def _discrepancy_item(item: DiscrepancyView, project: ProjectView) -> str:
    page = f"<a href='{escape(project.doc.link(item.page))}'>第 {item.page} 页</a>" if item.page else "页码不详"
    if line := item.line_text(project.doc):
        page += f" · {line}"
    indicator = f"<span>指标：{escape(item.indicator)}</span>" if item.indicator else ""
    figures = ""
    if item.stated is not None or item.expected is not None:
        difference = f"，差 <b>{escape(item.difference_text)}</b>" if item.difference_text else ""
        figures = (
            f"<div class='figures'>报告值 <b>{escape(item.stated_text)}</b>，"
            f"复算值 <b>{escape(item.expected_text)}</b>{difference}</div>"
        )
    evidence = f"<blockquote>{escape(item.evidence)}</blockquote>" if item.evidence else ""
    crop = (
        f"<img class='crop' src='{item.crop}' alt='第 {item.page} 页相关区域（红框为问题位置）'>" if item.crop else ""
    )
    return (
        f"<li class='disc' data-severity='{escape(item.severity)}' data-rule='{escape(item.rule)}'>"
        f"<div class='head'><span class='sev sev-{escape(item.severity)}'>"
        f"{escape(item.severity_text)}</span><span class='rule'>{escape(item.rule_text)}</span>"
        f"<code>{escape(item.rule)}</code>{indicator}<span class='where'>{page}</span></div>"
        f"<div class='msg'>{escape(item.message)}</div>{figures}{evidence}{crop}</li>"
    )


def _indicator_tree(indicators: list[IndicatorView], is_text: bool) -> str:
    """The tree with printed figures and children's sums; where each row is printed:
    its page, or for a text dump its line (all of a dump is "page 1")."""
    if not indicators:
        return ""
    rows = []
    for ind in indicators:
        where = ind.line_no if is_text and ind.line_no is not None else ind.page
        indent = f"padding-left:{(ind.level - 1) * 1.6 + 0.5:.1f}em"
        rows.append(
            f"<tr class='lvl-{ind.level}{' flagged' if ind.flagged else ''}'"
            f" data-indicator='{escape(ind.indicator_id)}'>"
            f"<td><code>{escape(ind.code or ind.indicator_id)}</code></td>"
            f"<td class='name' style='{indent}'>{escape(ind.name)}</td>"
            f"{_pair(ind.weight, ind.children_weight, ind.weight_mismatch)}"
            f"{_pair(ind.score, ind.children_score, ind.score_mismatch)}"
            f"<td class='num'>{where or ''}</td></tr>"
        )
    mismatches = sum(ind.weight_mismatch or ind.score_mismatch for ind in indicators)
    note = f"，{mismatches} 处合计不符" if mismatches else ""
    return (
        f"<details class='tree'{' open' if mismatches or len(indicators) <= 40 else ''}>"
        f"<summary>指标体系（{len(indicators)} 项{note}）</summary>"
        "<table class='tree'><tr><th>编码</th><th>指标</th><th class='num'>权重</th>"
        "<th class='num'>子项权重合计</th><th class='num'>得分</th><th class='num'>子项得分合计</th>"
        f"<th class='num'>{'行' if is_text else '页'}</th></tr>{''.join(rows)}</table></details>"
    )


def _pair(printed: Number | None, recomputed: Number | None, mismatch: bool) -> str:
    """Printed figure and children's sum as two cells, both marked when they disagree."""
    cls = "num bad" if mismatch else "num"
    texts = [value.text if value else "" for value in (printed, recomputed)]
    return "".join(f"<td class='{cls}'>{escape(text)}</td>" for text in texts)
