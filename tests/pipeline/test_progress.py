"""Progress: a bar with files/s and pages/s on a terminal, one plain line per file in logs."""

from __future__ import annotations

import io

from pipeline.progress import Progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_with_rates() -> None:
    terminal = FakeTerminal()
    progress = Progress(stream=terminal)
    progress.start(3)
    for name in ("a.pdf", "b.pdf", "c.txt"):
        progress.advance(name, "ok", 4)
    progress.close()
    shown = terminal.getvalue()
    assert "3/3" in shown and "pages/s" in shown and "file/s" in shown
    assert "a.pdf" not in shown  # no per-file lines under the bar


def test_a_log_gets_one_line_per_file() -> None:
    log = io.StringIO()
    progress = Progress(stream=log)
    progress.start(2)
    progress.advance("a.pdf", "ok", 4)
    progress.advance("b.pdf", "failed", 0)
    progress.close()
    lines = log.getvalue().splitlines()
    assert [line.split()[:3] for line in lines] == [["[1/2]", "ok", "a.pdf"], ["[2/2]", "failed", "b.pdf"]]
    assert all("files/s" in line and "pages/s" in line for line in lines)


def test_quiet_prints_nothing() -> None:
    log = FakeTerminal()
    progress = Progress(enabled=False, stream=log)
    progress.start(1)
    progress.advance("a.pdf", "ok", 1)
    progress.close()
    assert log.getvalue() == ""
