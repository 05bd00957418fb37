"""Arrow schemas of the output tables: the single source of truth for column names.

The contract (table and column names) is fixed; columns may be added, never
renamed or dropped. ``docs/data-dictionary.md`` is generated from the
descriptions here (``python -m schemas.dictionary``), so the two never drift.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"


def _col(name: str, type_: pa.DataType, doc: str) -> pa.Field:
    return pa.field(name, type_, metadata={"doc": doc})


_LINE_NO = _col(
    "line_no",
    pa.int32(),
    "line where it is printed: txt — 1-based physical line of the dump file (blank lines "
    "counted, as `sed -n Np` counts); pdf — the line's `line_no` on its page (0-based reading "
    "order, as in `lines`); null when unknown",
)

_BBOX = [
    _col("x0", pa.float64(), "left edge of the box, PDF points (null for txt input)"),
    _col("top", pa.float64(), "top edge of the box, PDF points from the page top"),
    _col("x1", pa.float64(), "right edge of the box, PDF points"),
    _col("bottom", pa.float64(), "bottom edge of the box, PDF points"),
]

DOCUMENTS = pa.schema(
    [
        _col("doc_id", pa.string(), "SHA-256 of the file bytes (first 16 hex digits); stable across renames"),
        _col("source_path", pa.string(), "path as given on the command line / found under the input folder"),
        _col("file_type", pa.string(), "`pdf` or `txt`"),
        _col("n_pages", pa.int32(), "pages (txt: form-feed pages, else 1)"),
        _col("status", pa.string(), "`ok`, `partial` (some pages or reports failed) or `failed`"),
        _col("error", pa.string(), "why, in one clear sentence (Chinese and English); null when ok"),
        _col("text_source", pa.string(), "`pdf_text`, `ocr` or `plain_text`"),
        _col("n_projects", pa.int32(), "reports / tables found in the file"),
        _col("size_bytes", pa.int64(), "file size"),
        _col("parser_version", pa.string(), "evalparse parser version that produced these rows"),
        _col("order_repaired", pa.bool_(), "true when the reading-order repair changed any line"),
        _col("elapsed_s", pa.float64(), "seconds spent parsing this file"),
    ]
)

PROJECTS = pa.schema(
    [
        _col("project_id", pa.string(), "doc_id + ':' + ordinal of the report within the file"),
        _col("doc_id", pa.string(), "the file it comes from"),
        _col("ordinal", pa.int32(), "0-based position of the report within the file"),
        _col("report_kind", pa.string(), "`evaluation_report`, `self_evaluation` or `department_evaluation`"),
        _col("title", pa.string(), "report title as printed"),
        _col("project_name", pa.string(), "项目名称 (department name for department_evaluation)"),
        _col("department", pa.string(), "主管部门 / 项目单位 where given"),
        _col("implementing_unit", pa.string(), "实施单位 where given"),
        _col("evaluator", pa.string(), "评价机构 where given"),
        _col("fiscal_year", pa.int32(), "year evaluated"),
        _col("page_start", pa.int32(), "first page, 1-based"),
        _col("page_end", pa.int32(), "last page, 1-based, inclusive"),
        _col("stated_total_score", pa.float64(), "total score as the report states it"),
        _col("stated_total_score_text", pa.string(), "the total score as printed"),
        _col("stated_grade", pa.string(), "grade as printed (优 / 良 / 良好 / 中 / 合格 / 差 …)"),
        _col("computed_total_score", pa.float64(), "sum of level-1 scores (+ budget score for self_evaluation)"),
        _col("total_weight", pa.float64(), "sum of level-1 weights (+ budget weight)"),
        _col("n_indicators", pa.int32(), "indicator rows found"),
        _col("grade_bands", pa.string(), "JSON [[grade, lower, upper], …]: the grade bands the report states"),
        _col("quality", pa.string(), "JSON: extraction quality record (rows parsed, names repaired, …)"),
    ]
)

INDICATORS = pa.schema(
    [
        _col("project_id", pa.string(), "the project"),
        _col("doc_id", pa.string(), "the file"),
        _col("indicator_id", pa.string(), "path within the project: `1`, `1.2`, `1.2.3`"),
        _col("parent_id", pa.string(), "parent's indicator_id; null for level 1"),
        _col("level", pa.int8(), "1 = 一级指标 … 4 = 四级指标"),
        _col("code", pa.string(), "printed code (`B221`) where the report has one"),
        _col("name", pa.string(), "repaired name (`立项依据充分性`)"),
        _col("name_raw", pa.string(), "name as extracted, before any repair"),
        _col("weight", pa.float64(), "权重 / 分值 / 参考分值"),
        _col("weight_text", pa.string(), "weight as printed"),
        _col("score", pa.float64(), "得分 (null where the report gives none)"),
        _col("score_text", pa.string(), "score as printed"),
        _col("score_rate", pa.float64(), "得分率 as a fraction, where printed"),
        _col("score_rate_text", pa.string(), "score rate as printed"),
        _col("target_value", pa.string(), "年度指标值 / 目标值 as printed"),
        _col("actual_value", pa.string(), "实际完成值 / 完成值 as printed"),
        _col("note", pa.string(), "偏差原因分析及改进措施 or similar remark"),
        _col("page", pa.int32(), "page of the row in the main scoring table"),
        *_BBOX,
        _col("row_text", pa.string(), "the table row as printed"),
        _LINE_NO,
    ]
)

SCORES = pa.schema(
    [
        _col("project_id", pa.string(), "the project"),
        _col("doc_id", pa.string(), "the file"),
        _col("indicator_id", pa.string(), "the indicator spoken of; null for project-level figures"),
        _col("indicator_name", pa.string(), "the name as the statement gives it"),
        _col(
            "quantity",
            pa.string(),
            "`weight`, `score`, `score_rate`, `total_score`, `total_weight`, `grade`, `formula`, `measured_value`, "
            "`growth_rate`, `decline_rate`",
        ),
        _col("value", pa.float64(), "numeric value (null for a grade)"),
        _col("value_text", pa.string(), "as printed (`89.03`, `87.5%`, `良好`)"),
        _col(
            "expression",
            pa.string(),
            "for `formula`: the printed arithmetic before the final `=`; for `growth_rate`/`decline_rate`: "
            "the rate recomputed from the figures the sentence compares",
        ),
        _col("source", pa.string(), "`table`, `annex` or `narrative`"),
        _col("page", pa.int32(), "page of the statement"),
        _col("snippet", pa.string(), "the sentence or row it came from"),
        *_BBOX,
        _LINE_NO,
    ]
)

BUDGETS = pa.schema(
    [
        _col("project_id", pa.string(), "the project"),
        _col("doc_id", pa.string(), "the file"),
        _col(
            "line",
            pa.string(),
            "fund line: 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金, or a sentence label",
        ),
        _col("initial_budget", pa.float64(), "年初预算数, yuan"),
        _col("initial_budget_text", pa.string(), "as printed"),
        _col("adjusted_budget", pa.float64(), "全年预算数 / 调整后预算, yuan"),
        _col("adjusted_budget_text", pa.string(), "as printed"),
        _col("executed", pa.float64(), "全年执行数 / 实际支出, yuan"),
        _col("executed_text", pa.string(), "as printed"),
        _col("stated_rate", pa.float64(), "执行率 as printed, as a fraction"),
        _col("stated_rate_text", pa.string(), "as printed"),
        _col("weight", pa.float64(), "分值 where the table scores execution"),
        _col("weight_text", pa.string(), "as printed"),
        _col("score", pa.float64(), "得分 where given"),
        _col("score_text", pa.string(), "as printed"),
        _col("source", pa.string(), "`table` or `narrative`"),
        _col("page", pa.int32(), "page"),
        _col("text", pa.string(), "the row or sentence as printed"),
        *_BBOX,
        _LINE_NO,
    ]
)

TABLE_CELLS = pa.schema(
    [
        _col("project_id", pa.string(), "the project"),
        _col("doc_id", pa.string(), "the file"),
        _col("table_no", pa.int32(), "ordinal of the table within the project"),
        _col("row", pa.int32(), "0-based row in the table grid"),
        _col("col", pa.int32(), "0-based column in the table grid"),
        _col("row_label", pa.string(), "the row's label (first text cell)"),
        _col("col_label", pa.string(), "the column's header text"),
        _col("text", pa.string(), "cell as printed"),
        _col("value", pa.float64(), "numeric value in canonical units (yuan for money), null for text"),
        _col("page", pa.int32(), "page"),
        *_BBOX,
        _LINE_NO,
    ]
)

DISCREPANCIES = pa.schema(
    [
        _col("project_id", pa.string(), "the project"),
        _col("doc_id", pa.string(), "the file"),
        _col("rule", pa.string(), "stable rule id (docs/validator.md)"),
        _col("severity", pa.string(), "`error`, `warning` or `info`"),
        _col("indicator_id", pa.string(), "null where not about one indicator"),
        _col("expected", pa.float64(), "recomputed value"),
        _col("stated", pa.float64(), "value printed in the report"),
        _col("message", pa.string(), "one sentence for a reviewer (Chinese)"),
        _col("page", pa.int32(), "where to look"),
        _col("evidence", pa.string(), "the printed text involved"),
        *_BBOX,
        _col(
            "line_no",
            pa.int32(),
            "line of the record it points at (see `indicators.line_no`); messages of txt input "
            "name lines (`第 216 行`), of pdf input pages",
        ),
    ]
)

LINES = pa.schema(
    [
        _col("doc_id", pa.string(), "the file"),
        _col("page", pa.int32(), "1-based page"),
        _col("line_no", pa.int32(), "order on the page"),
        _col("text", pa.string(), "repaired text of the line"),
        _col("text_raw", pa.string(), "the line as naive extraction gave it (null if identical)"),
        *_BBOX,
        _col("kind", pa.string(), "`body`, `heading`, `table`, `header` or `footer`"),
        _col("confidence", pa.float64(), "confidence of the order repair (1.0 when untouched)"),
        _col(
            "source_line",
            pa.int32(),
            "txt: 1-based physical line of the dump file, the `line_no` the other tables cite; "
            "null for pdf",
        ),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "projects": PROJECTS,
    "indicators": INDICATORS,
    "scores": SCORES,
    "budgets": BUDGETS,
    "table_cells": TABLE_CELLS,
    "discrepancies": DISCREPANCIES,
    "lines": LINES,
}

TABLE_DOCS: dict[str, str] = {
    "documents": "one row per input file",
    "projects": "one row per evaluated project (or department) in a file",
    "indicators": "one row per node of an indicator hierarchy",
    "scores": "every place a weight, score, rate, total or grade is stated (the evidence table)",
    "budgets": "budget and execution figures, from budget blocks and sentences",
    "table_cells": "cells of money tables (for row and column sum checks)",
    "discrepancies": "what the validator found",
    "lines": "the reading-order text of every page",
}


def empty_table(name: str) -> pa.Table:
    return TABLES[name].empty_table()
