"""`make bench`: evalparse's speed and memory against pdfplumber and PyMuPDF on the same files.

Measures, over the generated fixture corpus (repeated until it holds at least
``--min-pages`` pages, each copy made distinct so nothing is skipped as a
duplicate):

- one core: pages/s of the full per-file task (text layer, reading order,
  tables, extraction, validation), with the share of time spent in each stage;
- one core, the four seed text dumps: the stage shares again (order repair
  runs on the garbled one), the order model's one-off load, and order
  repair's share of all the one-core time;
- all cores: files/s and pages/s of ``evalparse parse --jobs N``;
- peak RSS of a worker, and of a single process parsing one 500-page file;
- baselines on the same files, one core: pdfplumber ``extract_text()`` +
  ``extract_tables()`` per page, and PyMuPDF ``get_text()`` (the floor).

Prints a table of figures and ratios and writes them to ``bench/out/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pymupdf

from extractors import analyse
from extractors.char_lm import load_model
from pipeline import pdf_source
from pipeline.run import parse_inputs
from pipeline.task import parse_file

OUT = Path(__file__).resolve().parent / "out"
REPAIR = "order repair of text dumps"
SEED_DUMPS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"


def corpus_files(corpus: Path, min_pages: int, work: Path) -> list[Path]:
    """Readable PDFs of the corpus, copied (with a distinct trailing comment) until min_pages is reached."""
    sources = []
    for path in sorted(corpus.glob("*.pdf")):
        try:
            with pymupdf.open(path) as doc:
                if not doc.needs_pass and doc.page_count and doc[0].get_text().strip():
                    sources.append((path, doc.page_count))
        except Exception:
            continue
    files, pages, copy = [], 0, 0
    while pages < min_pages:
        for path, count in sources:
            target = work / f"c{copy:02d}_{path.name}"
            target.write_bytes(path.read_bytes() + f"\n%bench copy {copy}\n".encode())
            files.append(target)
            pages += count
        copy += 1
    return files


def count_pages(files: list[Path]) -> int:
    total = 0
    for path in files:
        with pymupdf.open(path) as doc:
            total += doc.page_count
    return total


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def pdfplumber_baseline(files: list[Path]) -> None:
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()


def pymupdf_baseline(files: list[Path]) -> None:
    for path in files:
        with pymupdf.open(path) as doc:
            for page in doc:
                page.get_text()


class StageClock:
    """Adds up the time spent in each wrapped stage entry point; restores them on exit."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._originals: list[tuple[object, str, object]] = []

    def wrap(self, module: object, name: str, label: str) -> None:
        original = getattr(module, name)
        self._originals.append((module, name, original))

        def clocked(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started

        setattr(module, name, clocked)

    def __enter__(self) -> StageClock:
        return self

    def __exit__(self, *exc: object) -> None:
        for module, name, original in reversed(self._originals):
            setattr(module, name, original)


def evalparse_one_core(files: list[Path]) -> tuple[float, dict[str, float]]:
    """Seconds for the whole per-file task over ``files``, and the seconds spent in each stage."""
    with StageClock() as clock:
        clock.wrap(pdf_source, "extract_page", "text layer + reading order + tables")
        clock.wrap(analyse, "repair_document", REPAIR)
        clock.wrap(analyse, "extract_projects", "segmentation + indicators + figures")
        clock.wrap(analyse, "validate_project", "validator")
        elapsed = timed(lambda: [parse_file(path, str(path)) for path in files])
    return elapsed, clock.seconds


def worker_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def big_file_peak_rss(files: list[Path], work: Path, pages: int = 500) -> tuple[int, float]:
    """Concatenate corpus pages into one ~500-page PDF and parse it in a fresh process."""
    big = pymupdf.open()
    while big.page_count < pages:
        for path in files:
            with pymupdf.open(path) as doc:
                big.insert_pdf(doc)
            if big.page_count >= pages:
                break
    target = work / "big_500.pdf"
    big.save(target, garbage=3, deflate=True)
    n_pages = big.page_count
    code = (
        "import resource,sys;from pathlib import Path;from pipeline.task import parse_file;"
        "r=parse_file(Path(sys.argv[1]),sys.argv[1]);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)"
    )
    output = subprocess.run([sys.executable, "-c", code, str(target)], check=True, capture_output=True, text=True)
    return n_pages, float(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--min-pages", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = corpus_files(args.corpus, args.min_pages, work)
        pages = count_pages(files)
        print(f"corpus: {len(files)} files, {pages} pages (from {args.corpus})", flush=True)

        ours, stages = evalparse_one_core(files)
        dumps = sorted(SEED_DUMPS.glob("*.txt"))
        model_load = timed(load_model)  # once per worker process, reported apart from the repair
        dumps_elapsed, dump_stages = evalparse_one_core(dumps)
        floor = timed(lambda: pymupdf_baseline(files))
        plumber = timed(lambda: pdfplumber_baseline(files))
        parallel = timed(lambda: parse_inputs([work], work / "out", jobs=args.jobs, force=True))
        rss_worker = worker_peak_rss_mb()
        big_pages, rss_big = big_file_peak_rss(files, work)

    results = {
        "files": len(files),
        "pages": pages,
        "evalparse_pages_per_s_1core": pages / ours,
        "pdfplumber_pages_per_s": pages / plumber,
        "pymupdf_get_text_pages_per_s": pages / floor,
        "speedup_vs_pdfplumber": plumber / ours,
        "fraction_of_pymupdf_floor": floor / ours,
        "jobs": args.jobs,
        "files_per_s_parallel": len(files) / parallel,
        "pages_per_s_parallel": pages / parallel,
        "peak_rss_worker_mb": rss_worker,
        "big_file_pages": big_pages,
        "peak_rss_big_file_mb": rss_big,
        "stage_share": {label: seconds / ours for label, seconds in stages.items()},
        "text_dumps_s": dumps_elapsed,
        "text_dumps_stage_share": {label: seconds / dumps_elapsed for label, seconds in dump_stages.items()},
        "order_model_load_s": model_load,
        "order_repair_share_of_all": dump_stages.get(REPAIR, 0.0) / (ours + dumps_elapsed),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(
        f"\n{'measure':<44}{'value':>12}\n"
        f"{'evalparse, 1 core (pages/s)':<44}{results['evalparse_pages_per_s_1core']:>12.1f}\n"
        f"{'pdfplumber text+tables, 1 core (pages/s)':<44}{results['pdfplumber_pages_per_s']:>12.1f}\n"
        f"{'PyMuPDF get_text, 1 core (pages/s)':<44}{results['pymupdf_get_text_pages_per_s']:>12.1f}\n"
        f"{'speed-up vs pdfplumber':<44}{results['speedup_vs_pdfplumber']:>11.1f}x\n"
        f"{'share of the PyMuPDF floor':<44}{results['fraction_of_pymupdf_floor']:>12.2f}\n"
        f"{f'--jobs {args.jobs} (files/s)':<44}{results['files_per_s_parallel']:>12.1f}\n"
        f"{f'--jobs {args.jobs} (pages/s)':<44}{results['pages_per_s_parallel']:>12.1f}\n"
        f"{'peak RSS of a worker (MB)':<44}{rss_worker:>12.0f}\n"
        f"{f'peak RSS, one {big_pages}-page file (MB)':<44}{rss_big:>12.0f}"
    )
    for label, share in results["stage_share"].items():
        print(f"  PDFs: share of 1-core time in {label}: {share:.0%}")
    print(f"text dumps (the four seeds, {len(dumps)} files): {dumps_elapsed:.1f} s on one core")
    for label, share in results["text_dumps_stage_share"].items():
        print(f"  dumps: share of 1-core time in {label}: {share:.0%}")
    print(f"  order-repair model load, once per worker process: {model_load:.2f} s (not in the shares above)")
    print(f"order repair's share of all 1-core time (PDFs + dumps): {results['order_repair_share_of_all']:.0%}")


if __name__ == "__main__":
    main()
