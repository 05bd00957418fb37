"""Orchestration of `evalparse parse`: discover, reuse cached results, parse the rest, swap in a snapshot."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.cache import ResultCache
from pipeline.executor import run_tasks
from pipeline.fingerprints import Fingerprints
from pipeline.progress import Progress
from pipeline.snapshot import SnapshotWriter
from pipeline.task import PDF_SUFFIXES, TEXT_SUFFIXES, FileResult

INPUT_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES
DEFAULT_TIMEOUT_S = 300.0


@dataclass(slots=True)
class RunSummary:
    files: int = 0
    reused: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    duplicates: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    elapsed_s: float = 0.0

    def line(self) -> str:
        s = self.statuses
        return (
            f"{self.files} files ({s['ok']} ok, {s['partial']} partial, {s['failed']} failed; "
            f"{self.reused} unchanged, reused) · {self.rows.get('projects', 0)} projects · "
            f"{self.rows.get('indicators', 0)} indicators · {self.rows.get('discrepancies', 0)} discrepancies · "
            f"{self.pages} pages · {self.elapsed_s:.1f} s"
        )


def discover(inputs: Iterable[Path]) -> list[Path]:
    """Input files (PDF and text dumps), folders searched recursively, hidden entries skipped, sorted."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found.extend(
                path
                for path in sorted(item.rglob("*"))
                if path.is_file()
                and path.suffix.lower() in INPUT_SUFFIXES
                and not any(part.startswith(".") for part in path.relative_to(item).parts)
            )
        elif item.is_file():
            found.append(item)
        else:
            raise FileNotFoundError(f"no such file or folder: {item}")
    return list(dict.fromkeys(found))


def parse_inputs(
    inputs: Iterable[Path],
    out_dir: Path,
    jobs: int | None = None,
    force: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    progress: Progress | None = None,
) -> RunSummary:
    """Parse every input file into one new snapshot under ``out_dir``."""
    started = time.perf_counter()
    files = discover(inputs)
    summary = RunSummary(files=len(files))
    cache = ResultCache(out_dir)
    fingerprints = Fingerprints(out_dir, trust_stat=not force)
    writer = SnapshotWriter(out_dir)
    progress = progress or Progress(enabled=False)
    progress.start(len(files))

    def record(result: FileResult) -> None:
        writer.add(result.rows)
        document = result.rows["documents"][0]
        summary.statuses[document["status"]] += 1
        summary.pages += document["n_pages"] or 0
        progress.advance(result.source_path, document["status"], document["n_pages"] or 0)

    try:
        pending: list[tuple[Path, str]] = []
        seen: dict[str, str] = {}
        for path in files:
            source = str(path)
            doc_id = fingerprints.doc_id(path)
            if doc_id in seen:
                summary.duplicates.append(f"{source} = {seen[doc_id]}")
                summary.files -= 1
                continue
            seen[doc_id] = source
            cached = None if force else cache.get(doc_id, source)
            if cached is not None:
                summary.reused += 1
                record(cached)
            else:
                pending.append((path, source))
        for result in run_tasks(pending, jobs=jobs or os.cpu_count() or 1, timeout_s=timeout_s):
            if result.cacheable:
                cache.put(result)
            record(result)
        writer.commit()
        fingerprints.save()
    except BaseException:
        writer.abort()
        raise
    finally:
        progress.close()
    cache.prune_other_versions()
    summary.rows = dict(writer.counts)
    summary.elapsed_s = time.perf_counter() - started
    return summary
