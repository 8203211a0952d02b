"""The ``effect`` command line and the example data script."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from roi_core.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "roi_core" / "data" / "examples"
REQUIRED = {"method", "effect", "ci_low", "ci_high", "n_trained", "n_control", "teams_trained", "teams_control",
            "warnings"}  # fmt: skip


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(""), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


class TestEffectCommand:
    def test_json_has_the_promised_fields(self) -> None:
        code, out, err = run("effect", str(EXAMPLES / "performance.csv"), "--json", "--seed", "4")
        assert (code, err) == (0, "")
        report = json.loads(out)
        assert set(report) >= REQUIRED
        assert report["method"] == "difference_in_differences"
        assert report["ci_low"] < report["effect"] < report["ci_high"]
        assert (report["teams_trained"], report["teams_control"]) == (12, 12)

    def test_same_seed_same_output(self) -> None:
        first = run("effect", str(EXAMPLES / "performance.csv"), "--json", "--seed", "9")[1]
        assert run("effect", str(EXAMPLES / "performance.csv"), "--json", "--seed", "9")[1] == first

    def test_readable_table(self) -> None:
        code, out, _ = run("effect", str(EXAMPLES / "performance.csv"))
        assert code == 0 and "difference in differences" in out and "95 % interval" in out

    def test_paired_file_from_excel_warns(self, tmp_path: Path) -> None:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["id", "team", "before", "after"])
        for i in range(30):
            ws.append([f"p{i}", f"T{i % 5}", 10 + i % 3, 11 + i % 4])
        path = tmp_path / "paired.xlsx"
        wb.save(path)
        code, out, _ = run("effect", str(path), "--json")
        report = json.loads(out)
        assert code == 0 and report["method"] == "paired_before_after" and report["n_control"] == 0
        assert "no_control" in {w["kind"] for w in report["warnings"]}

    def test_other_kinds(self) -> None:
        code, out, _ = run("effect", str(EXAMPLES / "learning.csv"), "--kind", "learning", "--json")
        assert code == 0 and json.loads(out)["completion_rate"]["estimate"] > 0
        code, out, _ = run("effect", str(EXAMPLES / "feedback360.csv"), "--kind", "feedback360", "--json")
        assert code == 0 and list(json.loads(out)["raters"]) == ["self", "manager", "peers", "reports"]

    @pytest.mark.parametrize(
        ("content", "needle"),
        [
            (b"id,team,group,before\n1,A,trained,3\n", "missing column(s): after"),
            (b"id,team,group,before,after\n1,A,trained,3,x\n", "row 2, column after: 'x' is not a number"),
            (b"", "the file is empty"),
        ],
    )
    def test_bad_file_is_one_error_line(self, tmp_path: Path, content: bytes, needle: str) -> None:
        path = tmp_path / "bad.csv"
        path.write_bytes(content)
        code, out, err = run("effect", str(path), "--json")
        assert (code, out) == (2, "")
        assert err.startswith("error: ") and needle in err and err.count("\n") == 1

    def test_missing_file(self) -> None:
        code, _, err = run("effect", "no-such-file.csv")
        assert code == 2 and err == "error: no-such-file.csv: file not found\n"

    def test_subprocess(self) -> None:
        proc = subprocess.run(
            [sys.executable, "-m", "roi_core", "effect", str(EXAMPLES / "performance.csv"), "--json"],
            capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        )  # fmt: skip
        assert proc.returncode == 0 and set(json.loads(proc.stdout)) >= REQUIRED


def test_example_script_reproduces_the_committed_files(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "scripts/make_example_data.py", "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in EXAMPLES.iterdir())
    for name in made:
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name
