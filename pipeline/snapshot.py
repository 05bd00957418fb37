"""Consistent snapshots of the output tables.

A run writes every table into a staging folder inside the output folder,
then swaps the new files in. The swap is journaled: before the first rename a
small ``.swap.json`` names the staging folder; after the last rename it is
removed. Whoever finds a journal (the next run, ``validate``, ``query``,
``report``) finishes the swap first, so readers never see a mix of two runs
for longer than the renames take, and a run killed before its swap leaves the
previous snapshot exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.convert import Row
from schemas.tables import TABLES

JOURNAL = ".swap.json"
STAGING_PREFIX = ".staging-"
ROW_GROUP_ROWS = 50_000


def table_path(out_dir: Path, name: str) -> Path:
    return out_dir / f"{name}.parquet"


def _write_json_atomic(path: Path, payload: object) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload), encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def recover(out_dir: Path) -> None:
    """Finish a swap that a killed run started; drop staging folders of runs that never swapped."""
    journal = out_dir / JOURNAL
    if journal.exists():
        staging = out_dir / json.loads(journal.read_text(encoding="utf-8"))["staging"]
        _move_into_place(staging, out_dir)
        journal.unlink()
    for leftover in out_dir.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _move_into_place(staging: Path, out_dir: Path) -> None:
    if not staging.exists():
        return
    for produced in sorted(staging.iterdir()):
        os.replace(produced, out_dir / produced.name)
    shutil.rmtree(staging, ignore_errors=True)


class SnapshotWriter:
    """Streams rows into staged Parquet files, one per table, then swaps them in.

    Rows are buffered per table and flushed as row groups, so memory stays
    bounded however many files a run covers.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        recover(out_dir)
        self.staging = out_dir / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}"
        self.staging.mkdir()
        self._buffers: dict[str, list[Row]] = {name: [] for name in TABLES}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)

    def add(self, rows: dict[str, list[Row]]) -> None:
        for name, table_rows in rows.items():
            self._buffers[name].extend(table_rows)
            self.counts[name] += len(table_rows)
            if len(self._buffers[name]) >= ROW_GROUP_ROWS:
                self._flush(name)

    def _flush(self, name: str) -> None:
        schema = TABLES[name]
        batch = pa.Table.from_pylist(self._buffers[name], schema=schema)
        if name not in self._writers:
            self._writers[name] = pq.ParquetWriter(self.staging / f"{name}.parquet", schema, compression="zstd")
        self._writers[name].write_table(batch)
        self._buffers[name] = []

    def commit(self, extra_files: dict[str, bytes] | None = None) -> None:
        """Close every table (empty tables too), then swap the whole set in."""
        for name in TABLES:
            if self._buffers[name] or name not in self._writers:
                self._flush(name)
            self._writers[name].close()
        for file_name, content in (extra_files or {}).items():
            (self.staging / file_name).write_bytes(content)
        for produced in self.staging.iterdir():
            with open(produced, "rb") as handle:
                os.fsync(handle.fileno())
        _write_json_atomic(self.out_dir / JOURNAL, {"staging": self.staging.name})
        _move_into_place(self.staging, self.out_dir)
        (self.out_dir / JOURNAL).unlink()

    def abort(self) -> None:
        for writer in self._writers.values():
            writer.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def read_tables(out_dir: Path) -> dict[str, pa.Table]:
    """The current snapshot's tables (finishing an interrupted swap first)."""
    recover(out_dir)
    tables = {}
    for name in TABLES:
        path = table_path(out_dir, name)
        if path.exists():
            tables[name] = pq.read_table(path)
        elif (out_dir / name).is_dir():  # directory of part files
            tables[name] = pq.read_table(out_dir / name)
    if "documents" not in tables:
        raise FileNotFoundError(f"{out_dir} holds no evalparse output (no documents.parquet); run `evalparse parse`.")
    return tables
