"""Tests of roi_core.cli: in-process via main(argv), plus one real subprocess run."""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from roi_core.cli import format_table, main, run_report
from roi_core.distributions import Range
from roi_core.metrics import OUTPUT_METRICS, metric_values
from roi_core.presets import PRESETS, variant
from roi_core.scenario import Scenario
from roi_core.scenario_io import from_json, to_json
from roi_core.simulate import conservative, deterministic, simulate

ROOT = Path(__file__).resolve().parents[2]
ENTRY_KEYS = {"value", "unit", "view", "label", "undefined"}


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "s.json"
    path.write_text(to_json(Scenario(name="Small", draws=500)), encoding="utf-8")
    return path


class TestPresetsCommand:
    def test_lists_every_preset_on_one_line(self) -> None:
        code, out, err = run("presets")
        assert code == 0 and err == ""
        lines = out.splitlines()
        assert [line.split()[0] for line in lines] == list(PRESETS)
        for line, p in zip(lines, PRESETS.values(), strict=True):
            assert p.name_en in line

    def test_preset_prints_scenario_json(self) -> None:
        code, out, _ = run("preset", "logistics")
        assert code == 0
        assert from_json(out).scenario == PRESETS["logistics"].scenario

    def test_preset_variant(self) -> None:
        code, out, _ = run("preset", "it_consultancy", "--variant", "optimistic")
        assert code == 0
        assert from_json(out).scenario == variant("it_consultancy", "optimistic")

    def test_unknown_preset(self) -> None:
        code, out, err = run("preset", "bakery")
        assert (code, out) == (2, "")
        assert err.startswith("error: unknown preset 'bakery'") and err.count("\n") == 1


class TestRunJson:
    def test_keys_and_numbers_match_the_library(self, small_file: Path) -> None:
        code, out, err = run("run", str(small_file), "--draws", "1000", "--seed", "5", "--json", "--hurdle", "20")
        assert code == 0 and err == ""
        report = json.loads(out)
        assert list(report["metrics"]) == list(OUTPUT_METRICS)  # every registry metric, in its order
        assert all(set(e) == ENTRY_KEYS for e in report["metrics"].values())
        s = Scenario(name="Small", draws=1000, seed=5, hurdle_pct=20.0)
        det, con = deterministic(s), conservative(s)
        summary = simulate(s, draws=1000, seed=5).summary(hurdle_pct=20.0)
        mv = metric_values(det, con, summary)
        assert (report["draws"], report["seed"], report["hurdle_pct"]) == (1000, 5, 20.0)
        for key, entry in report["metrics"].items():
            v = mv.value_of(key)
            assert entry["value"] == (v if math.isfinite(v) else None), key
            assert entry["unit"] == OUTPUT_METRICS[key].unit and entry["view"] == OUTPUT_METRICS[key].view
        m = report["metrics"]
        assert m["roi_likely"]["value"] == det.roi_pct and m["npv_likely"]["value"] == det.npv
        assert m["roi_mean"]["value"] == summary.roi_mean and m["roi_p50"]["value"] == summary.roi_p50
        assert m["prob_beats_hurdle"]["value"] == summary.prob_beats_hurdle
        assert m["prob_beats_hurdle"]["label"] == "Chance ROI > 20 %"

    def test_undefined_values_are_null_with_notes(self, tmp_path: Path) -> None:
        # Nothing costs anything and no driver is on: costs 0, so ROI and BCR are undefined
        # and nothing ever pays back.
        zero = {
            k: {"low": 0, "likely": 0, "high": 0, "shape": "fixed"}
            for k in (
                "content_cost",
                "design_cost",
                "facilitation_cost",
                "learning_hours",
                "overhead_pct",
                "evaluation_cost",
                "recurring_cost",
            )
        }
        path = tmp_path / "zero.json"
        path.write_text(json.dumps({"version": 1, "inputs": zero, "enabled": [], "draws": 200}), encoding="utf-8")
        code, out, _ = run("run", str(path), "--json")
        assert code == 0
        m = json.loads(out)["metrics"]
        for key in ("roi_likely", "bcr_likely", "payback_likely"):
            assert m[key]["value"] is None and m[key]["undefined"] == "zero_cost", key
        assert m["roi_mean"]["value"] is None and m["roi_mean"]["undefined"] == "no_cost_in_any_draw"
        assert m["npv_likely"]["value"] == 0.0  # a net benefit is always defined
        notes = json.loads(out)["notes"]
        assert "roi_likely: undefined: nothing is spent" in notes

    def test_stdin_and_preset_sources(self) -> None:
        code, out, _ = run("run", "-", "--json", "--draws", "200", stdin=to_json(Scenario(name="piped")))
        assert code == 0 and json.loads(out)["scenario"] == "piped"
        code, out, _ = run("run", "--preset", "contact_centre", "--variant", "conservative", "--json", "--draws", "200")
        s = variant("contact_centre", "conservative")
        assert code == 0 and json.loads(out)["metrics"]["roi_likely"]["value"] == deterministic(s).roi_pct

    def test_file_warnings_go_to_stderr(self, tmp_path: Path) -> None:
        path = tmp_path / "w.json"
        path.write_text('{"version": 1, "inputs": {}, "draws": 10}', encoding="utf-8")
        code, out, err = run("run", str(path), "--json")
        assert code == 0 and json.loads(out)["draws"] == 100
        assert err == "warning: draws: 10 is outside the allowed 100..200,000; 100 is used\n"


class TestRunTable:
    def test_readable_table(self, small_file: Path) -> None:
        code, out, _ = run("run", str(small_file), "--seed", "1")
        assert code == 0
        d = deterministic(Scenario(name="Small"))
        assert out.startswith("Scenario: Small\n")
        assert f"EUR {d.costs:,.0f}" in out  # thousands separators
        assert f"{d.roi_pct:,.0f} %" in out  # the app's rounding: whole per cent
        assert f"EUR {d.npv:,.0f}" in out or f"-EUR {-d.npv:,.0f}" in out  # net benefit = present value
        assert "Monte Carlo simulation (500 draws, seed 1)" in out
        for m in OUTPUT_METRICS.values():  # every registry metric has a line (the Phillips view: a column)
            if m.view != "phillips":
                assert m.label_en.split(" {")[0] in out, m.key

    def test_no_payback_and_undefined_are_words(self) -> None:
        s = Scenario(name="x", draws=200, horizon_years=2).with_enabled()  # no benefits: ROI -100 %, no payback
        text = format_table(run_report(s))
        assert "No payback within the horizon" in text
        assert "-100 %" in text
        assert "nan" not in text.lower() and "None" not in text
        assert "note: payback_likely: no payback within the horizon" in text


class TestErrors:
    @pytest.mark.parametrize(
        ("content", "expected"),
        [
            ("not json at all", "not valid JSON"),
            ('{"version": 7, "inputs": {}}', "version: unsupported version"),
            (
                '{"version": 1, "inputs": {"gross_salary": {"low": 9, "likely": 5, "high": 12}}}',
                "inputs.gross_salary: low (9) must be <= most likely (5)",
            ),
        ],
    )
    def test_broken_file_one_line_exit_2(self, tmp_path: Path, content: str, expected: str) -> None:
        path = tmp_path / "bad.json"
        path.write_text(content, encoding="utf-8")
        code, out, err = run("run", str(path), "--json")
        assert (code, out) == (2, "")
        assert err.startswith(f"error: {path}: {expected}") and err.count("\n") == 1

    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (["run", "/does/not/exist.json"], "error: /does/not/exist.json: file not found"),
            (["run"], "error: run: give either a scenario FILE"),
            (["run", "-", "--preset", "logistics"], "error: run: give either a scenario FILE"),
            (["run", "--preset", "logistics", "--draws", "5"], "error: --draws: draws must lie within 100..200000"),
            (["run", "--preset", "logistics", "--draws", "many"], "error: argument --draws: invalid int value"),
            (["run", "--preset", "logistics", "--hurdle", "nan"], "error: --hurdle: hurdle_pct must be a finite"),
            (["fly"], "error: argument command: invalid choice: 'fly'"),
            ([], "error: the following arguments are required: command"),
        ],
    )
    def test_usage_errors_one_line_exit_2(self, argv: list[str], expected: str) -> None:
        code, out, err = run(*argv)
        assert (code, out) == (2, "")
        assert err.startswith(expected) and err.count("\n") == 1

    def test_directory_and_binary_file(self, tmp_path: Path) -> None:
        code, _, err = run("run", str(tmp_path))
        assert code == 2 and "is a directory" in err
        path = tmp_path / "bin.json"
        path.write_bytes(b"\xff\xfe\x00\x01")
        code, _, err = run("run", str(path))
        assert code == 2 and err == f"error: {path}: file is not UTF-8 text\n"

    def test_schema_command_prints_the_schema(self) -> None:
        code, out, _ = run("schema")
        assert code == 0
        assert json.loads(out) == json.loads((ROOT / "roi_core" / "scenario.schema.json").read_text(encoding="utf-8"))


class TestBreakEven:
    """``run --break-even KEY``: the value of one input at which the ROI is 0 %, the others at most likely."""

    @staticmethod
    def textbook(tmp_path: Path) -> Path:
        # Productivity only, 1 year, 0 %, lasting, fixed values: 20 participants x EUR 500 + EUR 15,000 = EUR 25,000
        # of costs; benefits 18 trained x 50,000 loaded x 1.5 x g x 50 % = 675,000 g, so g = 3.7037 % breaks even.
        values = {k: Range.fixed(r.likely) for k, r in Scenario().values} | {
            k: Range.fixed(float(v))
            for k, v in {
                "participants": 20, "completion_rate": 90, "content_cost": 500, "design_cost": 10_000,
                "facilitation_cost": 5_000, "learning_hours": 0, "overhead_pct": 0, "evaluation_cost": 0,
                "gross_salary": 40_000, "oncost_pct": 25, "ramp_up_months": 0, "discount_rate": 0,
                "turnover_rate_pct": 0, "output_value_multiple": 1.5, "productivity_gain_pct": 4,
                "attribution_productivity": 50,
            }.items()
        }  # fmt: skip
        s = Scenario(values=values, horizon_years=1, lasting=True, enabled=("productivity",), draws=200)
        path = tmp_path / "textbook.json"
        path.write_text(to_json(s), encoding="utf-8")
        return path

    def test_table_gives_the_hand_computed_value_with_its_unit(self, tmp_path: Path) -> None:
        code, out, err = run("run", str(self.textbook(tmp_path)), "--break-even", "productivity_gain_pct")
        assert (code, err) == (0, "")
        expected = 25_000 / (18 * 50_000 * 1.5 * 0.5) * 100  # 3.7037 %
        line = next(x for x in out.splitlines() if x.startswith("Break-even of productivity_gain_pct"))
        assert line.endswith(f": {expected:,.4f} %")
        assert "Productivity gain per trained employee" in line

    def test_json_field(self, tmp_path: Path) -> None:
        code, out, _ = run("run", str(self.textbook(tmp_path)), "--break-even", "productivity_gain_pct", "--json")
        assert code == 0
        be = json.loads(out)["break_even"]
        assert be["input"] == "productivity_gain_pct" and be["unit"] == "%" and be["status"] == "reachable"
        assert be["value"] == pytest.approx(25_000 / (18 * 50_000 * 1.5 * 0.5) * 100, rel=1e-9)
        assert be["likely"] == 4.0 and be["note"] is None

    def test_json_without_the_option_has_no_field(self, tmp_path: Path) -> None:
        code, out, _ = run("run", str(self.textbook(tmp_path)), "--json")
        assert code == 0 and "break_even" not in json.loads(out)

    def test_always_above_is_not_reachable_within_the_range(self, tmp_path: Path) -> None:
        # The error reduction of a switched-off driver leaves the ROI where it is (+8 %) over its whole range.
        path = self.textbook(tmp_path)
        code, out, _ = run("run", str(path), "--break-even", "error_reduction_pct", "--json")
        be = json.loads(out)["break_even"]
        assert code == 0 and be["value"] is None and be["status"] == "always_above"
        assert be["note"].startswith("not reachable within the range 0..100")
        assert "not used by the scenario" in be["note"]
        code, out, _ = run("run", str(path), "--break-even", "error_reduction_pct")
        assert "Break-even of error_reduction_pct (Reduction of errors and rework, %): not reachable within" in out

    def test_never_is_not_reachable_within_the_range(self) -> None:
        # The default scenario loses money at its most likely values (ROI -8 %), and no evaluation cost,
        # down to 0, saves enough to reach 0 %.
        code, out, _ = run("run", "--draws", "200", "--break-even", "evaluation_cost", "-", stdin=to_json(Scenario()))
        assert code == 0
        line = next(x for x in out.splitlines() if x.startswith("Break-even of evaluation_cost"))
        assert "not reachable within the range 0.." in line and "stays below 0 %" in line

    def test_a_confidence_input_says_what_uses_it(self, tmp_path: Path) -> None:
        code, out, _ = run("run", str(self.textbook(tmp_path)), "--break-even", "confidence_productivity", "--json")
        be = json.loads(out)["break_even"]
        assert code == 0 and be["value"] is None and "only the Phillips view uses this input" in be["note"]

    def test_preset_and_custom_line(self) -> None:
        code, out, _ = run("run", "--preset", "logistics", "--draws", "200", "--break-even", "custom:0:value", "--json")
        be = json.loads(out)["break_even"]
        assert code == 0 and be["unit"] == "EUR/yr" and be["label"] == "Fewer lost-time accidents"

    @pytest.mark.parametrize("key", ["foo", "custom:3:value", "custom:x", ""])
    def test_unknown_key_one_line_exit_2(self, small_file: Path, key: str) -> None:
        code, out, err = run("run", str(small_file), "--break-even", key)
        assert (code, out) == (2, "")
        assert err.startswith("error: --break-even: unknown") and err.count("\n") == 1


class TestSubprocess:
    def test_module_run_json(self, tmp_path: Path) -> None:
        s = variant("logistics", "expected")
        path = tmp_path / "dc.json"
        path.write_text(to_json(s), encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "roi_core", "run", str(path), "--draws", "2000", "--seed", "3", "--json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        report = json.loads(proc.stdout)
        assert {"metrics", "notes", "draws", "seed"} <= set(report)
        assert report["metrics"]["roi_likely"]["value"] == deterministic(s).roi_pct
        assert report["draws"] == 2000 and report["seed"] == 3

    def test_module_broken_file(self, tmp_path: Path) -> None:
        path = tmp_path / "broken.json"
        path.write_text('{"version": 1, "inputs": {', encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "roi_core", "run", str(path), "--json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 2
        assert proc.stdout == ""
        assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1
        assert "Traceback" not in proc.stderr
