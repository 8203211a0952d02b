"""Hostile input that got through (issue 13): each test here failed on the code before its fix.

Text that cannot be written as UTF-8, numbers too large to format or to sample, and echoes of huge input in
error messages. The property-based fuzzing of the same entry points is in ``test_fuzz.py``.
"""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest

from roi_core.assumptions import FIELD_BOUNDS
from roi_core.cli import main
from roi_core.distributions import Range
from roi_core.scenario import CustomBenefit, Scenario
from roi_core.scenario_io import ScenarioError, build_schema, decode, encode, from_dict, from_json, to_dict, to_json
from roi_core.simulate import simulate
from roi_core.text import ECHO_CHARS, clean_text, echo


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _file(**fields: object) -> str:
    return json.dumps({"version": 1, "inputs": {}, **fields})


# --- 1. text that is not text: lone surrogates --------------------------------------------------------------

SURROGATE = "\ud800"


class TestLoneSurrogates:
    def test_the_46_byte_file_is_refused_naming_the_field(self) -> None:
        text = '{"version": 1, "name": "\\ud800", "inputs": {}}'
        assert len(text) == 46
        with pytest.raises(ScenarioError, match=r"^name: .*not valid text"):
            from_json(text)

    @pytest.mark.parametrize("where", ["name", "notes", "custom"])
    def test_every_text_field_of_a_file(self, where: str) -> None:
        if where == "custom":
            text = _file(custom=[{"name": f"a{SURROGATE}", "value_eur": {"low": 1, "likely": 2, "high": 3}}])
            field = r"custom\[0\]"
        else:
            text, field = _file(**{where: f"x{SURROGATE}y"}), where
        with pytest.raises(ScenarioError, match=rf"^{field}: .*not valid text"):
            from_json(text)

    def test_the_constructors_refuse_it_so_no_scenario_can_hold_it(self) -> None:
        with pytest.raises(ValueError, match="not valid text"):
            Scenario(name=SURROGATE)
        with pytest.raises(ValueError, match="not valid text"):
            Scenario(notes="ok\udfffok")
        with pytest.raises(ValueError, match="not valid text"):
            CustomBenefit(f"x{SURROGATE}", Range(1, 2, 3))

    def test_the_command_line_exits_2_with_one_error_line(self, tmp_path) -> None:  # noqa: ANN001
        path = tmp_path / "s.json"
        path.write_text('{"version": 1, "name": "\\ud800", "inputs": {}}', encoding="utf-8")
        code, out, err = run("run", str(path))
        assert (code, out) == (2, "")
        assert err.startswith("error: ") and "not valid text" in err and err.count("\n") == 1
        assert "unexpected" not in err

    def test_every_valid_scenario_encodes_to_utf8(self) -> None:
        s = Scenario(name="Ünïcödé 🎓", notes="line 1\nline 2\ttab")
        assert decode(encode(s)).scenario == s
        to_json(s).encode("utf-8")


class TestControlCharacters:
    def test_names_lose_line_breaks_and_controls_notes_keep_lines(self) -> None:
        s = Scenario(name="a\nb\x00c\u2028d", notes="one\ntwo\x07")
        assert s.name == "a b c d"
        assert s.notes == "one\ntwo "
        assert CustomBenefit("x\r\ny", Range(1, 2, 3)).name == "x  y"

    def test_clean_text_is_idempotent(self) -> None:
        once = clean_text("name", "a\tb\x1bc")
        assert clean_text("name", once) == once == "a b c"


# --- 4. bounds in the format itself, from the registry -----------------------------------------------------


class TestBounds:
    def test_a_hurdle_of_1e28_in_a_link_is_dropped_with_a_notice(self) -> None:
        got = decode("v1.R_1e28")
        assert got.scenario.hurdle_pct == Scenario().hurdle_pct
        assert [(w.field, w.kind) for w in got.warnings] == [("hurdle_pct", "out_of_range")]

    def test_a_hurdle_outside_the_bounds_is_refused_everywhere(self) -> None:
        too_high = FIELD_BOUNDS["hurdle_pct"].max + 1
        with pytest.raises(ValueError, match="hurdle_pct"):
            Scenario(hurdle_pct=too_high)
        with pytest.raises(ScenarioError, match=r"^hurdle_pct: must be at most"):
            from_json(_file(hurdle_pct=too_high))
        code, _, err = run("run", "--preset", "logistics", "--hurdle", "1e28")
        assert code == 2 and "hurdle" in err

    @pytest.mark.parametrize("value", [1e308, -1e308, FIELD_BOUNDS["custom_value_eur"].max * 10])
    def test_a_custom_line_beyond_its_bounds_is_refused(self, value: float) -> None:
        line = {"name": "x", "value_eur": {"low": min(0.0, value), "likely": 0.0, "high": max(0.0, value)}}
        with pytest.raises(ScenarioError, match=r"^custom\[0\]\.value_eur"):
            from_json(_file(custom=[line]))
        with pytest.raises(ValueError, match="value_eur"):
            CustomBenefit("x", Range(min(0.0, value), 0.0, max(0.0, value)))
        link = encode(Scenario(custom=(CustomBenefit("x", Range(1, 2, 3)),))).replace("_1_2_3_", f"_0_0_{value!r}_")
        got = decode(link.replace("e+", "e"))
        assert got.scenario.custom == () and [w.field for w in got.warnings] == ["custom[0]"]

    def test_the_schema_carries_the_registrys_bounds(self) -> None:
        sch = build_schema()
        props = sch["properties"]
        assert (props["hurdle_pct"]["minimum"], props["hurdle_pct"]["maximum"]) == (
            FIELD_BOUNDS["hurdle_pct"].min,
            FIELD_BOUNDS["hurdle_pct"].max,
        )
        value = props["custom"]["items"]["properties"]["value_eur"]
        assert value["properties"]["low"]["minimum"] == FIELD_BOUNDS["custom_value_eur"].min
        assert value["properties"]["high"]["maximum"] == FIELD_BOUNDS["custom_value_eur"].max
        gs = props["inputs"]["properties"]["gross_salary"]
        assert gs["properties"]["high"]["maximum"] == 1e7

    def test_a_value_just_outside_an_inputs_bounds_is_still_clamped(self) -> None:
        d = to_dict(Scenario())
        d["inputs"]["completion_rate"] = {"low": 80, "likely": 90, "high": 100.4}
        got = from_dict(d)
        assert got.scenario["completion_rate"].high == 100.0
        assert [(w.kind, w.field) for w in got.warnings] == [("clamped", "inputs.completion_rate.high")]

    def test_a_range_whose_width_overflows_is_refused(self) -> None:
        with pytest.raises(ValueError, match="too wide"):
            Range(-1e308, 0.0, 1e308)


# --- 5. no NaN reaches a probability or a sentence ----------------------------------------------------------


class TestNoNaN:
    def test_the_widest_custom_lines_allowed_give_finite_draws(self) -> None:
        lo, hi = FIELD_BOUNDS["custom_value_eur"].min, FIELD_BOUNDS["custom_value_eur"].max
        lines = tuple(CustomBenefit(f"l{i}", Range(lo, 0.0, hi, "uniform"), decays=False) for i in range(20))
        s = Scenario(custom=lines, horizon_years=5, draws=1000)
        res = simulate(s)
        assert np.isfinite(res.costs).all() and np.isfinite(res.benefits).all()
        m = res.summary()
        assert m.n_undefined == 0
        for x in (m.roi_p5, m.roi_p50, m.roi_p95, m.roi_mean, m.prob_roi_positive):
            assert math.isfinite(x)
        assert 0 < m.prob_roi_positive < 1

    def test_the_issues_file_gives_one_error_not_zero_cost_draws(self, tmp_path) -> None:  # noqa: ANN001
        d = to_dict(Scenario())
        d["custom"] = [{"name": "x", "value_eur": {"low": -1e308, "likely": 0, "high": 1e308}}]
        path = tmp_path / "s.json"
        path.write_text(json.dumps(d), encoding="utf-8")
        code, out, err = run("run", str(path))
        assert (code, out) == (2, "")
        assert "zero cost" not in err and err.count("\n") == 1


# --- 6. echoed input is cut -----------------------------------------------------------------------------------


class TestEcho:
    def test_echo_cuts_and_marks(self) -> None:
        assert echo("x" * 100) == "x" * (ECHO_CHARS - 1) + "…"
        assert echo("short") == "short"
        assert echo("a\nb") == "a?b"
        assert len(echo(10**5000)) <= ECHO_CHARS  # more digits than Python turns into text

    def test_a_4000_digit_seed_in_a_file(self) -> None:
        with pytest.raises(ScenarioError) as err:
            from_json('{"version": 1, "inputs": {}, "seed": ' + "9" * 4000 + "}")
        assert len(str(err.value)) < 200

    @pytest.mark.parametrize("digits", [4000, 5000])
    def test_a_4000_digit_seed_on_the_command_line(self, digits: int) -> None:
        code, _, err = run("run", "--preset", "logistics", "--seed", "9" * digits)
        assert code == 2
        assert len(err) < 300, err[:300]

    def test_long_unknown_field_and_enum_value(self) -> None:
        for text in (_file(**{"k" * 5000: 1}), _file(enabled=["z" * 5000])):
            with pytest.raises(ScenarioError) as err:
                from_json(text)
            assert len(str(err.value)) < 400


class TestTinyCosts:
    """A cost of a fraction of a cent (allowed: costs may be 0) made the ROI overflow to infinity, which the
    summary counted as a zero-cost draw while the chance of ROI > 0 said 100 % beside NaN percentiles."""

    TINY = Scenario(draws=1_000).with_values(
        content_cost=Range.fixed(5e-324),
        design_cost=Range.fixed(0.0),
        facilitation_cost=Range.fixed(0.0),
        learning_hours=Range.fixed(0.0),
        overhead_pct=Range.fixed(0.0),
        evaluation_cost=Range.fixed(0.0),
        recurring_cost=Range.fixed(0.0),
    )

    def test_no_probability_beside_nan_percentiles(self) -> None:
        m = simulate(self.TINY).summary()
        assert not (m.prob_roi_positive > 0 and math.isnan(m.roi_p50)), m
        assert m.n_undefined in (0, m.draws)

    def test_costs_below_a_cent_make_the_roi_undefined_with_its_note(self) -> None:
        from roi_core.simulate import Note, deterministic

        d = deterministic(self.TINY)
        assert 0 < d.costs < 0.005
        assert math.isnan(d.roi_pct) and Note.ZERO_COST in d.notes


def test_a_ramp_up_of_5e_324_months_gives_finite_benefits() -> None:
    """0.5 / ramp-up overflowed to infinity for a subnormal ramp-up, and the benefits became NaN."""
    from roi_core.simulate import deterministic

    d = deterministic(Scenario().with_values(ramp_up_months=Range.fixed(5e-324)))
    ref = deterministic(Scenario().with_values(ramp_up_months=Range.fixed(0.0)))
    assert all(math.isfinite(v) for v in d.benefit_by_line.values())
    assert d.benefits == pytest.approx(ref.benefits, rel=1e-9)


def test_a_control_character_on_the_command_line_stays_on_one_error_line() -> None:
    """Found by the fuzzing: argparse repeated an unrecognised argument ``\\x1e`` raw, a line break to a reader."""
    code, _, err = run("run", "run", "\x1e")
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith("error: unrecognized arguments: ?")


def test_an_unknown_link_field_is_named_on_one_line() -> None:
    """Found by the fuzzing: an unknown field's name was repeated raw, a line break included."""
    (w,) = decode("v1.n_~\n0").warnings[-1:]
    assert (w.kind, w.field) == ("no_value", "?0")
    assert "\n" not in str(w) and str(w).startswith("?0: ")
