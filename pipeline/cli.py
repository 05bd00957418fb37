"""The `evalparse` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.progress import Progress
from pipeline.run import DEFAULT_TIMEOUT_S, parse_inputs

OUT_HELP = "output folder holding the Parquet snapshot"
SNAPSHOT = click.Path(exists=True, file_okay=False, path_type=Path)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="evalparse")
def main() -> None:
    """Turn budget-performance evaluation reports (财政支出绩效评价报告) into Parquet tables
    and find where their own arithmetic does not add up.

    \b
    Typical session:
      evalparse parse data/raw --out data/parsed      # PDFs and .txt dumps, folders recursive
      evalparse query --in data/parsed "SELECT rule, count(*) FROM discrepancies GROUP BY 1"
      open data/parsed/report.html                     # the reviewers' report
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help=OUT_HELP)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="worker processes [default: all cores]")
@click.option("--force", is_flag=True, help="re-parse every file even when an unchanged result is cached")
@click.option("--strict", is_flag=True, help="exit non-zero when any file failed")
@click.option(
    "--timeout", "timeout_s", type=float, default=DEFAULT_TIMEOUT_S, show_default=True, help="per-file time limit, s"
)
@click.option("--no-report", is_flag=True, help="skip writing report.html / report.md / discrepancies.csv")
@click.option("--quiet", "-q", is_flag=True, help="print only the summary line")
def parse(
    inputs: tuple[Path, ...],
    out_dir: Path,
    jobs: int | None,
    force: bool,
    strict: bool,
    timeout_s: float,
    no_report: bool,
    quiet: bool,
) -> None:
    """Parse PDF reports and .txt dumps (files or folders) into a new snapshot in --out.

    Unchanged files (same content hash, same parser version) are reused from the
    previous run; a bad file gets a `documents` row with its reason and the
    batch goes on. The previous snapshot stays readable until the new one is
    complete.
    """
    progress = Progress(enabled=not quiet)
    summary = parse_inputs(inputs, out_dir, jobs=jobs, force=force, timeout_s=timeout_s, progress=progress)
    if summary.duplicates:
        click.echo(f"skipped {len(summary.duplicates)} duplicate file(s): " + "; ".join(summary.duplicates), err=True)
    if not no_report:
        from pipeline.report import write_report
        from pipeline.snapshot import read_tables

        tables = {name: table.to_pandas() for name, table in read_tables(out_dir).items()}
        write_report(tables, out_dir)
    click.echo(summary.line())
    if strict and summary.statuses["failed"]:
        sys.exit(1)


@main.command()
@click.option("--in", "in_dir", required=True, type=SNAPSHOT, help=OUT_HELP)
def validate(in_dir: Path) -> None:
    """Re-run the validator over an existing snapshot (no re-parse) and rewrite its discrepancies."""
    from pipeline.revalidate import revalidate

    try:
        counts = revalidate(in_dir)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{counts['projects']} projects checked · {counts['discrepancies']} discrepancies")


@main.command()
@click.option("--in", "in_dir", required=True, type=SNAPSHOT, help=OUT_HELP)
@click.option(
    "--format",
    "formats",
    type=click.Choice(["html", "md", "csv"]),
    multiple=True,
    default=("html", "md", "csv"),
    show_default=True,
    help="repeat for several",
)
def report(in_dir: Path, formats: tuple[str, ...]) -> None:
    """Write the reviewers' discrepancy report (report.html, report.md, discrepancies.csv)."""
    from pipeline.report import write_report
    from pipeline.snapshot import read_tables

    try:
        tables = {name: table.to_pandas() for name, table in read_tables(in_dir).items()}
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    for path in write_report(tables, in_dir, formats):
        click.echo(str(path))


@main.command()
@click.option("--in", "in_dir", required=True, type=SNAPSHOT, help=OUT_HELP)
@click.argument("sql")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="write the result to CSV")
@click.option("--max-rows", default=40, show_default=True, help="rows to print")
def query(in_dir: Path, sql: str, csv_path: Path | None, max_rows: int) -> None:
    """Run SQL (DuckDB) over the snapshot; every table is a view (documents, projects, indicators, …).

    \b
    Example:
      evalparse query --in data/parsed "SELECT p.project_name, d.rule, d.message
        FROM discrepancies d JOIN projects p USING (project_id) WHERE d.severity = 'error'"
    """
    import duckdb

    from pipeline.query import run_query

    try:
        frame = run_query(in_dir, sql)
    except (duckdb.Error, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    if csv_path:
        frame.to_csv(csv_path, index=False, encoding="utf-8-sig")
        click.echo(f"{len(frame)} rows -> {csv_path}")
        return
    import pandas as pd

    with pd.option_context("display.max_columns", None, "display.width", 200, "display.max_colwidth", 60):
        click.echo(frame.to_string(max_rows=max_rows, index=False))
    if len(frame) > max_rows:
        click.echo(f"({len(frame)} rows; use --csv to export all)")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--page", type=click.IntRange(min=1), default=None, help="only this page (1-based)")
def inspect(file: Path, page: int | None) -> None:
    """Show one file's repaired lines (raw beside repaired), tables and indicators, for debugging."""
    from pipeline.inspect import inspect_file

    inspect_file(file, page, echo=click.echo)


if __name__ == "__main__":  # pragma: no cover
    main()
