"""The batch spine: bad files, incremental runs, atomic snapshots, --strict, query."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline import fingerprints, task
from pipeline.cache import ResultCache
from pipeline.cli import main
from pipeline.run import parse_inputs
from pipeline.snapshot import JOURNAL, read_tables
from tests.pipeline.samples import make_bad_files, make_good_files


def documents_by_name(out: Path) -> dict[str, dict]:
    rows = pq.read_table(out / "documents.parquet").to_pylist()
    return {Path(row["source_path"]).name: row for row in rows}


def test_bad_files_get_a_clear_row_and_the_batch_goes_on(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    expected = make_bad_files(raw)
    make_good_files(raw)
    result = CliRunner().invoke(main, ["parse", str(raw), "--out", str(tmp_path / "out"), "--jobs", "2", "-q"])
    assert result.exit_code == 0, result.output
    docs = documents_by_name(tmp_path / "out")
    for name, keyword in expected.items():
        row = docs[name]
        assert row["status"] == "failed", (name, row)
        assert keyword in row["error"], (name, row["error"])
        assert row["error"].count("\n") == 0 and row["error"].endswith(".")
    assert docs["report.pdf"]["status"] == "ok"
    assert docs["report.pdf"]["n_projects"] >= 1
    assert docs["001_9a57e69d68203bbc.txt"]["status"] == "ok"


def test_strict_exits_non_zero_when_a_file_failed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    make_bad_files(raw)
    result = CliRunner().invoke(main, ["parse", str(raw / "empty.pdf"), "--out", str(tmp_path / "o"), "--strict", "-q"])
    assert result.exit_code == 1
    assert "1 failed" in result.output


def test_rerun_reuses_unchanged_files_and_force_reparses(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    make_good_files(raw)
    out = tmp_path / "out"
    first = parse_inputs([raw], out, jobs=1)
    assert first.reused == 0 and first.statuses["ok"] == 2
    before = pq.read_table(out / "indicators.parquet")
    second = parse_inputs([raw], out, jobs=1)
    assert second.reused == 2
    assert pq.read_table(out / "indicators.parquet").equals(before)
    forced = parse_inputs([raw], out, jobs=1, force=True)
    assert forced.reused == 0
    # a new parser version does not see the old results
    doc_id = next(iter(documents_by_name(out).values()))["doc_id"]
    assert ResultCache(out, version="9.9.9+other").get(doc_id, "x") is None


def test_rerun_reads_only_the_files_whose_size_or_time_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    good = make_good_files(raw)
    out = tmp_path / "out"
    first_ids = {p: fingerprints.Fingerprints(out).doc_id(p) for p in good}
    parse_inputs([raw], out, jobs=1)
    hashed: list[Path] = []
    real_hash = fingerprints._hash_file
    monkeypatch.setattr(fingerprints, "_hash_file", lambda path: hashed.append(path) or real_hash(path))
    assert parse_inputs([raw], out, jobs=1).reused == 2
    assert hashed == []  # nothing read just to learn it did not change
    changed = good[0]
    changed.write_bytes(changed.read_bytes() + b"\n%edited\n")
    summary = parse_inputs([raw], out, jobs=1)
    assert hashed == [changed] and summary.reused == 1
    assert documents_by_name(out)[changed.name]["doc_id"] != first_ids[changed]
    parse_inputs([raw], out, jobs=1, force=True)  # --force hashes everything again
    assert sorted(hashed) == sorted([changed, *good])
    assert fingerprints.Fingerprints(out).doc_id(good[1]) == first_ids[good[1]]


def test_renamed_file_is_reused_under_its_new_path(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    good = make_good_files(raw)
    out = tmp_path / "out"
    parse_inputs([raw], out, jobs=1)
    good[0].rename(raw / "renamed.pdf")
    summary = parse_inputs([raw], out, jobs=1)
    assert summary.reused == 2
    assert "renamed.pdf" in documents_by_name(out)


def test_stage_failure_costs_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    make_good_files(raw)
    real = task.analyse_document

    def explode_on_pdf(doc):
        if doc.file_type == "pdf":
            raise ValueError("boom")
        return real(doc)

    monkeypatch.setattr(task, "analyse_document", explode_on_pdf)  # workers are forked: they see it
    summary = parse_inputs([raw], tmp_path / "out", jobs=2)
    docs = documents_by_name(tmp_path / "out")
    assert docs["report.pdf"]["status"] == "partial"
    assert "boom" in docs["report.pdf"]["error"]
    assert docs["001_9a57e69d68203bbc.txt"]["status"] == "ok"
    lines = pq.read_table(tmp_path / "out" / "lines.parquet").to_pylist()
    assert any(row["doc_id"] == docs["report.pdf"]["doc_id"] for row in lines)
    assert summary.statuses == {"ok": 1, "partial": 1}


def test_one_bad_page_does_not_fail_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import pdf_source

    raw = tmp_path / "raw"
    make_good_files(raw)
    real = pdf_source.extract_page

    def fail_second_page(page, number):
        if number == 2:
            raise RuntimeError("bad content stream")
        return real(page, number)

    monkeypatch.setattr(pdf_source, "extract_page", fail_second_page)
    parse_inputs([raw / "report.pdf"], tmp_path / "out", jobs=1)
    row = documents_by_name(tmp_path / "out")["report.pdf"]
    assert row["status"] == "partial"
    assert "第 2 页" in row["error"]
    pages = {r["page"] for r in pq.read_table(tmp_path / "out" / "lines.parquet").to_pylist()}
    assert pages == {1}


def test_time_limit_fails_the_file_and_is_retried_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    make_good_files(raw)
    real = task.analyse_document

    def hang_on_pdf(doc):
        if doc.file_type == "pdf":
            time.sleep(30)
        return real(doc)

    monkeypatch.setattr(task, "analyse_document", hang_on_pdf)
    summary = parse_inputs([raw], tmp_path / "out", jobs=2, timeout_s=3)
    docs = documents_by_name(tmp_path / "out")
    assert docs["report.pdf"]["status"] == "failed"
    assert "timed out" in docs["report.pdf"]["error"]
    assert docs["001_9a57e69d68203bbc.txt"]["status"] == "ok"
    assert summary.elapsed_s < 25
    monkeypatch.setattr(task, "analyse_document", real)
    rerun = parse_inputs([raw], tmp_path / "out", jobs=2)
    assert rerun.reused == 1  # the text dump; the timed-out PDF is parsed again
    assert documents_by_name(tmp_path / "out")["report.pdf"]["status"] == "ok"


def test_killed_run_leaves_previous_snapshot_readable(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    make_good_files(raw)
    out = tmp_path / "out"
    parse_inputs([raw], out, jobs=1)
    before = {name: table for name, table in read_tables(out).items()}
    # A larger batch (copies with one changed byte each) that we kill while it runs.
    big = tmp_path / "big"
    big.mkdir()
    seed_text = next(raw.glob("*.txt")).read_text(encoding="utf-8")
    for index in range(40):
        (big / f"copy{index:02d}.txt").write_text(seed_text + f"\n附注 {index}\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "parse", str(big), "--out", str(out), "--jobs", "1", "-q"],
        start_new_session=True,
    )
    cache_dir = out / ".cache"
    cached_before = len(list(cache_dir.rglob("*.pkl")))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(cache_dir.rglob("*.pkl"))) < cached_before + 2:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = len(list(cache_dir.rglob("*.pkl"))) - cached_before
    assert 2 <= finished < 40, "the run must be killed after some files and before the end"
    after = read_tables(out)
    for name, table in before.items():
        assert after[name].equals(table), name
    # The next run keeps what the killed run had finished.
    resumed = parse_inputs([big], out, jobs=2)
    assert resumed.reused >= finished
    assert resumed.statuses["ok"] == 40


def test_interrupted_swap_is_finished_by_the_next_reader(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    make_good_files(raw)
    out = tmp_path / "out"
    parse_inputs([raw], out, jobs=1)
    expected = read_tables(out)["documents"]
    # Simulate a kill between the journal write and the renames: staged files, journal, old live files.
    staging = out / ".staging-killed"
    staging.mkdir()
    for name in ("documents", "lines"):
        shutil.copy(out / f"{name}.parquet", staging / f"{name}.parquet")
    (out / "documents.parquet").write_bytes(b"half-written")
    (out / JOURNAL).write_text('{"staging": ".staging-killed"}', encoding="utf-8")
    assert read_tables(out)["documents"].equals(expected)
    assert not (out / JOURNAL).exists() and not staging.exists()


def test_query_answers_over_the_snapshot(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    make_good_files(raw)
    parse_inputs([raw], tmp_path / "out", jobs=1)
    runner = CliRunner()
    sql = "SELECT file_type, count(*) AS n FROM documents GROUP BY 1 ORDER BY 1"
    result = runner.invoke(main, ["query", "--in", str(tmp_path / "out"), sql])
    assert result.exit_code == 0, result.output
    assert "pdf" in result.output and "txt" in result.output
    csv_path = tmp_path / "docs.csv"
    export = ["query", "--in", str(tmp_path / "out"), "SELECT * FROM projects", "--csv", str(csv_path)]
    result = runner.invoke(main, export)
    assert result.exit_code == 0
    assert csv_path.read_text(encoding="utf-8-sig").startswith("project_id,")


def test_validate_rewrites_discrepancies_from_stored_tables(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    make_good_files(raw)
    out = tmp_path / "out"
    parse_inputs([raw], out, jobs=1)
    before = read_tables(out)["discrepancies"].to_pylist()
    result = CliRunner().invoke(main, ["validate", "--in", str(out)])
    assert result.exit_code == 0, result.output
    after = read_tables(out)["discrepancies"].to_pylist()
    key = lambda row: (row["project_id"], row["rule"], row["indicator_id"] or "", row["message"])  # noqa: E731
    assert sorted(after, key=key) == sorted(before, key=key)
    assert before, "seed 001 has known discrepancies; the round trip must keep them"
