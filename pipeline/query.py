"""SQL over a snapshot with DuckDB: every table registered as a view of its Parquet file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipeline.snapshot import recover, table_path
from schemas.tables import TABLES


def connect(in_dir: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with a view per table; FileNotFoundError when there is no output."""
    recover(in_dir)
    if not table_path(in_dir, "documents").exists() and not (in_dir / "documents").is_dir():
        raise FileNotFoundError(f"{in_dir} holds no evalparse output (no documents.parquet); run `evalparse parse`.")
    con = duckdb.connect()
    for name in TABLES:
        path = table_path(in_dir, name)
        if (in_dir / name).is_dir():  # a directory of part files
            path = in_dir / name / "*.parquet"
        elif not path.exists():
            continue
        literal = str(path).replace("'", "''")  # DDL cannot take bound parameters
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{literal}')")
    return con


def run_query(in_dir: Path, sql: str) -> pd.DataFrame:
    with connect(in_dir) as con:
        return con.execute(sql).fetchdf()
