"""Progress of a long run: a bar with files/s and pages/s on a terminal, plain lines in logs."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

from tqdm import tqdm


class Progress:
    """Call ``start(total)`` once the files are known, ``advance`` per file, ``close`` at the end."""

    def __init__(self, enabled: bool = True, stream: TextIO = sys.stderr) -> None:
        self.enabled = enabled
        self.stream = stream
        self.total = self.done = self.pages = 0
        self.started = time.perf_counter()
        self.bar: tqdm | None = None

    def start(self, total: int) -> None:
        self.total = total
        self.started = time.perf_counter()
        if self.enabled and self.stream.isatty():
            # Some terminals (CI ptys, serial consoles) report a size of 0 x 0; tqdm then draws nothing.
            size = shutil.get_terminal_size((100, 24))
            self.bar = tqdm(
                total=total, unit="file", file=self.stream, ncols=size.columns or 100, nrows=size.lines or 24
            )

    def advance(self, source_path: str, status: str, pages: int) -> None:
        self.done += 1
        self.pages += pages
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.pages / elapsed:.0f} pages/s", refresh=False)
            self.bar.update(1)
        elif self.enabled:
            print(
                f"[{self.done}/{self.total}] {status:<7} {source_path} ({pages} pages) "
                f"{self.done / elapsed:.1f} files/s {self.pages / elapsed:.0f} pages/s",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
