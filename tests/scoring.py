"""Score the pipeline's output tables against fixture truth (``X.truth.json``).

Method:
1. Each truth file is matched to the ``documents`` row whose ``source_path``
   ends with the PDF's file name; its truth projects are matched to output
   projects of that document by normalised ``project_name`` (whitespace
   removed, equal or one containing the other), else by a title no other
   truth project of the file shares.
2. Per metric, counts are summed over all truth files, then turned into a
   share (recall, precision, accuracy) or F1:
   - ``indicator_f1``: (name, level, weight, score) multisets per project,
     figures compared at 2 decimals;
   - ``discrepancy_precision`` / ``_recall``: (rule, indicator name or None)
     multisets per project; precision counts only error/warning rows;
   - ``paragraph_order``: a truth paragraph counts when it occurs, with all
     whitespace removed, in the concatenated ``lines.text`` of the document
     (running headers and footers left out);
   - the rest as their names say.
A metric with nothing to count is 1.0 (nothing was missed).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

METRICS = (
    "indicator_f1", "projects_found", "stated_total_exact", "budget_line_accuracy",
    "discrepancy_precision", "discrepancy_recall", "paragraph_order", "status_accuracy",
)
SPACE = re.compile(r"\s+")


def squash(text: Any) -> str:
    """Text without any whitespace ('' for null)."""
    return "" if _null(text) else SPACE.sub("", str(text))


def _null(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _fig(value: Any) -> float | None:
    return None if _null(value) else round(float(value), 2)


def _rate(value: Any) -> float | None:
    return None if _null(value) else round(float(value), 4)


@dataclass(slots=True)
class _Counts:
    tp: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)

    def add(self, metric: str, hit: int, out_of: int) -> None:
        self.tp[metric] += hit
        self.total[metric] += out_of

    def share(self, metric: str) -> float:
        return self.tp[metric] / self.total[metric] if self.total[metric] else 1.0


def load_truth(truth_dir: Path) -> list[dict[str, Any]]:
    """All truth records of a fixture directory, sorted by file name."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(truth_dir.glob("*.truth.json"))]


def score_output(tables: dict[str, pd.DataFrame], truth_dir: Path) -> dict[str, float]:
    """All metrics over every truth file in ``truth_dir``."""
    return _score(tables, load_truth(truth_dir))


def score_by_family(
    tables: dict[str, pd.DataFrame], truth_dir: Path
) -> dict[str, dict[str, float]]:
    """The same metrics computed separately for each truth ``family``."""
    truths = load_truth(truth_dir)
    families = sorted({t["family"] for t in truths})
    return {f: _score(tables, [t for t in truths if t["family"] == f]) for f in families}


def _score(tables: dict[str, pd.DataFrame], truths: list[dict[str, Any]]) -> dict[str, float]:
    counts = _Counts()
    documents = tables["documents"]
    for truth in truths:
        doc = documents[documents["source_path"].astype(str).str.endswith(truth["file"])]
        status = doc["status"].iloc[0] if len(doc) else None
        counts.add("status_accuracy", int(status == truth["expect_status"]), 1)
        doc_id = doc["doc_id"].iloc[0] if len(doc) else None
        _paragraphs(counts, tables["lines"], doc_id, truth["paragraphs"])
        out_projects = tables["projects"]
        out_projects = out_projects[out_projects["doc_id"] == doc_id]
        matched: set[str] = set()
        titles = Counter(squash(p.get("title")) for p in truth["projects"])
        for project in truth["projects"]:
            unique = titles[squash(project.get("title"))] == 1
            pid = _match_project(project, out_projects, matched, unique)
            counts.add("projects_found", int(pid is not None), 1)
            _project_metrics(counts, tables, project, pid, out_projects)
        _unmatched_output(counts, tables, out_projects, matched)
    result = {m: counts.share(m) for m in METRICS if m != "indicator_f1"}
    tp, truth_n, out_n = (counts.tp["ind"], counts.total["ind_truth"], counts.total["ind_out"])
    result["indicator_f1"] = 2 * tp / (truth_n + out_n) if truth_n + out_n else 1.0
    return {m: result[m] for m in METRICS}


def _paragraphs(counts: _Counts, lines: pd.DataFrame, doc_id: Any, paragraphs: list[str]) -> None:
    rows = lines[lines["doc_id"] == doc_id]
    if "kind" in rows:
        rows = rows[~rows["kind"].isin(["header", "footer"])]
    text = "".join(squash(t) for t in rows.sort_values(["page", "line_no"])["text"])
    counts.add("paragraph_order", sum(squash(p) in text for p in paragraphs), len(paragraphs))


def _similar(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a))


def _match_project(
    truth: dict[str, Any], out: pd.DataFrame, taken: set[str], title_unique: bool
) -> str | None:
    """The first free output project with a similar name; the title decides only when
    no name matches and no other truth project of the file shares it (a bundle of
    self-evaluation tables repeats one title)."""
    fields = [("project_name", "project_name")]
    fields += [("title", "title"), ("title", "project_name")] if title_unique else []
    for truth_field, out_field in fields:
        key = squash(truth.get(truth_field))
        if not key or out_field not in out:
            continue
        for row in out.to_dict("records"):
            if row["project_id"] not in taken and _similar(key, squash(row.get(out_field))):
                taken.add(row["project_id"])
                return str(row["project_id"])
    return None


def _indicator_keys(rows: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (squash(r["name"]), int(r["level"]), _fig(r.get("weight")), _fig(r.get("score")))
        for r in rows
    )


def _discrepancy_keys(rows: list[dict[str, Any]]) -> Counter[tuple[str, str | None]]:
    return Counter((r["rule"], squash(r.get("indicator_name")) or None) for r in rows)


def _output_discrepancies(tables: dict[str, pd.DataFrame], pid: str) -> list[dict[str, Any]]:
    """Error/warning rows of a project, with the indicator name joined in."""
    disc = tables["discrepancies"]
    disc = disc[(disc["project_id"] == pid) & disc["severity"].isin(["error", "warning"])]
    ind = tables["indicators"]
    names = dict(zip(ind.loc[ind["project_id"] == pid, "indicator_id"],
                     ind.loc[ind["project_id"] == pid, "name"], strict=True))
    return [
        {"rule": r["rule"], "indicator_name": None if _null(r["indicator_id"])
         else names.get(r["indicator_id"])}
        for r in disc.to_dict("records")
    ]


def _project_metrics(
    counts: _Counts, tables: dict[str, pd.DataFrame], truth: dict[str, Any], pid: str | None,
    out_projects: pd.DataFrame,
) -> None:
    ind = tables["indicators"]
    out_ind = ind[ind["project_id"] == pid].to_dict("records") if pid else []
    truth_keys, out_keys = _indicator_keys(truth["indicators"]), _indicator_keys(out_ind)
    counts.add("ind", sum((truth_keys & out_keys).values()), 0)
    counts.add("ind_truth", 0, sum(truth_keys.values()))
    counts.add("ind_out", 0, sum(out_keys.values()))

    if truth["stated_total_score"] is not None:
        row = out_projects[out_projects["project_id"] == pid]
        stated = row["stated_total_score"].iloc[0] if len(row) else None
        counts.add("stated_total_exact",
                   int(_fig(stated) == _fig(truth["stated_total_score"])), 1)

    budgets = tables["budgets"]
    out_budgets = budgets[budgets["project_id"] == pid].to_dict("records") if pid else []
    found = sum(any(_budget_equal(b, o) for o in out_budgets) for b in truth["budgets"])
    counts.add("budget_line_accuracy", found, len(truth["budgets"]))

    truth_disc = _discrepancy_keys(truth["discrepancies"])
    out_disc = _discrepancy_keys(_output_discrepancies(tables, pid)) if pid else Counter()
    hits = sum((truth_disc & out_disc).values())
    counts.add("discrepancy_recall", hits, sum(truth_disc.values()))
    counts.add("discrepancy_precision", hits, sum(out_disc.values()))


def _budget_equal(truth: dict[str, Any], out: dict[str, Any]) -> bool:
    """Every figure the truth gives is equal in ``out`` (money 2 decimals, rates 4)."""
    for column in ("initial_budget", "adjusted_budget", "executed", "weight", "score"):
        if truth[column] is not None and _fig(out.get(column)) != _fig(truth[column]):
            return False
    rate = truth["stated_rate"]
    return rate is None or _rate(out.get("stated_rate")) == _rate(rate)


def _unmatched_output(
    counts: _Counts, tables: dict[str, pd.DataFrame], out_projects: pd.DataFrame, matched: set[str]
) -> None:
    """Output projects of a truth document that match no truth project are false positives."""
    for pid in set(out_projects["project_id"]) - matched:
        ind = tables["indicators"]
        counts.add("ind_out", 0, int((ind["project_id"] == pid).sum()))
        counts.add("discrepancy_precision", 0, len(_output_discrepancies(tables, pid)))


def truth_as_output(truth_dir: Path) -> dict[str, pd.DataFrame]:
    """The truth written as pipeline output tables (for testing the scorer, and as a
    reference for what a perfect run looks like)."""
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in (
        "documents", "projects", "indicators", "scores", "budgets", "discrepancies", "lines")}
    for truth in load_truth(truth_dir):
        doc_id = truth["file"]
        rows["documents"].append({"doc_id": doc_id, "source_path": f"fixtures/{truth['file']}",
                                  "status": truth["expect_status"], "error": truth["expect_error"]})
        for line_no, text in enumerate(truth["paragraphs"]):
            rows["lines"].append({"doc_id": doc_id, "page": 1, "line_no": line_no, "text": text,
                                  "kind": "body"})
        for ordinal, project in enumerate(truth["projects"]):
            pid = f"{doc_id}:{ordinal}"
            rows["projects"].append({"doc_id": doc_id, "project_id": pid, **{
                k: project[k] for k in ("title", "project_name", "stated_total_score")}})
            for item in project["indicators"]:
                rows["indicators"].append({"doc_id": doc_id, "project_id": pid, **item})
            for budget in project["budgets"]:
                rows["budgets"].append({"doc_id": doc_id, "project_id": pid, **budget})
            ids = {i["name"]: i["indicator_id"] for i in project["indicators"]}
            for d in project["discrepancies"]:
                rows["discrepancies"].append({
                    "doc_id": doc_id, "project_id": pid, "rule": d["rule"], "severity": "error",
                    "indicator_id": ids.get(d["indicator_name"]) if d["indicator_name"] else None,
                    "page": d["page"]})
    columns = {"discrepancies": ["doc_id", "project_id", "rule", "severity", "indicator_id", "page"],
               "indicators": ["doc_id", "project_id", "indicator_id", "name", "level"],
               "budgets": ["doc_id", "project_id"], "scores": ["doc_id", "project_id"]}
    return {k: pd.DataFrame(v, columns=None if v else columns.get(k, ["doc_id"]))
            for k, v in rows.items()}
