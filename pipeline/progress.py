"""Progress of a long run: a bar with files/s and pages/s on a terminal, plain lines in logs."""

from __future__ import annotations

import sys
import time

from tqdm import tqdm


class Progress:
    def __init__(self, total: int, enabled: bool = True, stream=sys.stderr) -> None:
        self.total = total
        self.enabled = enabled
        self.stream = stream
        self.done = 0
        self.pages = 0
        self.started = time.perf_counter()
        on_terminal = enabled and stream.isatty()
        self.bar = tqdm(total=total, unit="file", file=stream, dynamic_ncols=True) if on_terminal else None

    def advance(self, source_path: str, status: str, pages: int) -> None:
        self.done += 1
        self.pages += pages
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        if self.bar is not None:
            self.bar.total = self.total
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
