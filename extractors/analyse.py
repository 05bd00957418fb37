"""The extraction chain after the text layer: order repair -> projects -> validator.

One pure function from a document's text layer to everything the pipeline
writes about it, so the same call serves the CLI, the tests and any executor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.checks import validate_project
from extractors.order_document import repair_document
from extractors.projects import extract_projects
from extractors.records import Discrepancy, DocumentText, Project


@dataclass(slots=True)
class Analysis:
    doc: DocumentText
    projects: list[Project] = field(default_factory=list)
    discrepancies: list[list[Discrepancy]] = field(default_factory=list)  # per project
    order_repaired: bool = False


def analyse_document(doc: DocumentText) -> Analysis:
    """Repair reading order where a dump needs it, find the reports, check them."""
    repaired = repair_document(doc) if doc.file_type == "txt" else doc
    changed = any(line.text_raw is not None for page in repaired.pages for line in page.lines)
    projects = extract_projects(repaired)
    return Analysis(
        doc=repaired,
        projects=projects,
        discrepancies=[validate_project(project) for project in projects],
        order_repaired=changed,
    )
