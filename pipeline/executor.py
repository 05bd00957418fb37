"""Run ``parse_file`` over many files in a process pool.

The seam is deliberately small: ``run_tasks`` takes (path, source_path) pairs
and yields ``FileResult``s as they finish, in any order. Pebble's pool gives
per-task timeouts and survives a worker that crashes (a segfault in a PDF
library costs that file only); workers are recycled after a number of files
so a leak in a native library cannot grow without bound. Swapping in another
engine (e.g. Ray) means another implementation of this one function.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from pipeline.task import FileResult, failed_result, parse_file

FILES_PER_WORKER = 200


def _failure(path: Path, source_path: str, reason: str) -> FileResult:
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    result = failed_result(source_path, data, reason)
    result.cacheable = False  # an executor failure may not recur: retry it next run
    return result


def run_tasks(tasks: Iterable[tuple[Path, str]], jobs: int, timeout_s: float) -> Iterator[FileResult]:
    """Parse files in ``jobs`` worker processes; a task past ``timeout_s`` is killed and reported."""
    with ProcessPool(max_workers=jobs, max_tasks=FILES_PER_WORKER) as pool:
        futures = {pool.schedule(parse_file, args=(path, src), timeout=timeout_s): (path, src) for path, src in tasks}
        for future in as_completed(futures):
            path, source = futures[future]
            try:
                yield future.result()
            except FutureTimeout:
                yield _failure(path, source, f"解析超过单文件时限 {timeout_s:g} 秒，已放弃 (timed out).")
            except ProcessExpired as exc:
                yield _failure(path, source, f"解析进程意外退出，退出码 {exc.exitcode} (worker crashed).")
            except Exception as exc:  # a bug in the task itself: report it, keep going
                yield _failure(path, source, f"解析时出现内部错误 (internal error: {type(exc).__name__}: {exc}).")
