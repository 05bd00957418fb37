"""The command line a user meets: help, inspect, report, parse output on the bundled samples."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.run import parse_inputs
from tests.pipeline.samples import SEEDS, make_good_files


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("parse", "validate", "report", "query", "inspect"):
        assert command in result.output
    parse_help = CliRunner().invoke(main, ["parse", "--help"]).output
    for option in ("--out", "--jobs", "--force", "--strict", "--timeout"):
        assert option in parse_help


def test_inspect_shows_raw_beside_repaired_lines_of_a_garbled_dump() -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    result = CliRunner().invoke(main, ["inspect", str(seed)])
    assert result.exit_code == 0, result.output
    repaired = [line for line in result.output.splitlines() if "  ->  " in line]
    assert repaired, "a garbled dump shows raw -> repaired lines"
    raw, fixed = repaired[0].split("  ->  ", 1)
    text_raw = raw.split(None, 2)[2]
    text_fixed = fixed.rsplit("  (", 1)[0]
    assert sorted(text_raw.replace(" ", "")) == sorted(text_fixed.replace(" ", ""))  # a permutation
    assert "--- indicators of project" in result.output


def test_inspect_one_page_of_a_pdf_shows_its_table(tmp_path: Path) -> None:
    pdf = make_good_files(tmp_path)[0]
    result = CliRunner().invoke(main, ["inspect", str(pdf), "--page", "1"])
    assert result.exit_code == 0, result.output
    assert "=== page 1" in result.output and "=== page 2" not in result.output
    assert "项目名称：2020 年口岸信息化运维补贴" in result.output


def test_report_command_writes_the_three_formats(tmp_path: Path) -> None:
    make_good_files(tmp_path / "raw")
    parse_inputs([tmp_path / "raw"], tmp_path / "out", jobs=1)
    result = CliRunner().invoke(main, ["report", "--in", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "功能完善" in html  # seed 001's real table_sum finding reaches the reviewers
    csv_text = (tmp_path / "out" / "discrepancies.csv").read_text(encoding="utf-8-sig")
    assert "table_sum" in csv_text
    assert (tmp_path / "out" / "report.md").exists()


def test_commands_on_a_folder_without_output_say_so(tmp_path: Path) -> None:
    for command in (["query", "--in", str(tmp_path), "SELECT 1"], ["report", "--in", str(tmp_path)],
                    ["validate", "--in", str(tmp_path)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1, command
        assert "no evalparse output" in result.output and "Traceback" not in result.output


def test_bad_sql_is_one_clear_line(tmp_path: Path) -> None:
    make_good_files(tmp_path / "raw")
    parse_inputs([tmp_path / "raw"], tmp_path / "out", jobs=1)
    result = CliRunner().invoke(main, ["query", "--in", str(tmp_path / "out"), "SELECT * FROM nosuchtable"])
    assert result.exit_code == 1
    assert "nosuchtable" in result.output and "Traceback" not in result.output
