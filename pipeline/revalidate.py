"""`evalparse validate`: re-run the validator over a stored snapshot, without re-parsing."""

from __future__ import annotations

from pathlib import Path

from extractors.checks import validate_project
from pipeline.snapshot import SnapshotWriter, read_tables
from schemas.convert import discrepancy_rows, project_id_for, projects_from_rows


def revalidate(in_dir: Path) -> dict[str, int]:
    """Rebuild projects from the stored tables, check them again, write a new snapshot."""
    tables = {name: table.to_pylist() for name, table in read_tables(in_dir).items()}
    found = []
    projects = projects_from_rows(tables)
    for doc_id, project in projects:
        found.extend(discrepancy_rows(doc_id, project_id_for(doc_id, project.ordinal), validate_project(project)))
    writer = SnapshotWriter(in_dir)
    try:
        writer.add({name: rows for name, rows in tables.items() if name != "discrepancies"})
        writer.add({"discrepancies": found})
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return {"projects": len(projects), "discrepancies": len(found)}
