"""`evalparse inspect`: what the stages made of one file, page by page, for debugging extraction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extractors.analyse import analyse_document
from extractors.records import Page, Project
from pipeline.task import file_type_of, read_document


def _figure(number: object) -> str:
    return getattr(number, "text", "") or "·"


def _show_page(page: Page, echo: Callable[[str], None]) -> None:
    echo(f"=== page {page.number}" + (f"  [{page.error}]" if page.error else ""))
    for line in page.lines:
        repaired = f"{line.text_raw}  ->  {line.text}  ({line.confidence:.2f})" if line.text_raw else line.text
        echo(f"{line.line_no:4d} {line.kind:<7} {repaired}")
    for number, table in enumerate(page.tables, start=1):
        kind = "ruled" if table.ruled else "aligned"
        echo(f"--- table {number} ({kind}, {table.n_rows}x{table.n_cols})")
        for row in table.grid():
            echo("    | " + " | ".join(cell or "·" for cell in row))


def _show_indicators(project: Project, page_number: int | None, echo: Callable[[str], None]) -> None:
    rows = [row for row in project.indicators if page_number is None or row.page == page_number]
    if not rows:
        return
    echo(f"--- indicators of project {project.ordinal}: {project.project_name or project.title}")
    for row in rows:
        indent = "  " * (row.level - 1)
        repaired = f" (raw: {row.name_raw})" if row.name_raw != row.name else ""
        echo(
            f"    {row.indicator_id:<8} {indent}{row.code or ''} {row.name}{repaired}  "
            f"weight {_figure(row.weight)}  score {_figure(row.score)}  p.{row.page}"
        )


def inspect_file(path: Path, page_number: int | None, echo: Callable[[str], None]) -> None:
    analysis = analyse_document(read_document(path.read_bytes(), file_type_of(path)))
    for page in analysis.doc.pages:
        if page_number is None or page.number == page_number:
            _show_page(page, echo)
    for project in analysis.projects:
        _show_indicators(project, page_number, echo)
