"""Tests of roi_core.scenario: validation errors name the field; scenarios are frozen and hashable."""

from __future__ import annotations

import dataclasses
import math

import pytest

from roi_core.assumptions import DRIVERS, INPUT_KEYS, INPUTS, Driver, confidence_key
from roi_core.distributions import Range, Shape
from roi_core.scenario import (
    MAX_CUSTOM_BENEFITS,
    MAX_DRAWS,
    MIN_DRAWS,
    Correlation,
    CustomBenefit,
    Scenario,
)


class TestScenarioDefaults:
    def test_every_input_present_in_registry_order(self) -> None:
        s = Scenario()
        assert tuple(k for k, _ in s.values) == INPUT_KEYS
        assert all(r == INPUTS[k].default for k, r in s.values)

    def test_defaults(self) -> None:
        s = Scenario()
        assert (s.horizon_years, s.conservative_years, s.continuous, s.draws) == (3, 1, False, 10_000)
        assert s.custom == () and s.correlations == ()

    def test_hashable_and_equal(self) -> None:
        assert Scenario() == Scenario() and hash(Scenario()) == hash(Scenario())
        # a dict and the equivalent pairs make the same scenario
        r = Range(1.0, 2.0, 3.0)
        assert Scenario(values={"productivity_gain_pct": r}) == Scenario(values=(("productivity_gain_pct", r),))

    def test_frozen(self) -> None:
        with pytest.raises(dataclasses.FrozenInstanceError):
            Scenario().horizon_years = 2  # type: ignore[misc]

    def test_inputs_is_a_fresh_copy(self) -> None:
        s = Scenario()
        d = s.inputs
        d["participants"] = Range.fixed(1.0)
        assert s.likely("participants") == 50.0


class TestAccessors:
    def test_getitem_and_likely(self) -> None:
        s = Scenario()
        assert s["productivity_gain_pct"] == Range(1.0, 5.0, 12.0)
        assert s.likely("participants") == 50.0

    def test_unknown_key_named(self) -> None:
        with pytest.raises(KeyError, match="unknown input 'nope'"):
            Scenario()["nope"]

    def test_with_values_keeps_the_rest(self) -> None:
        s = Scenario()
        t = s.with_values(design_cost=Range.fixed(1.0))
        assert t.likely("design_cost") == 1.0
        assert [r for k, r in t.values if k != "design_cost"] == [r for k, r in s.values if k != "design_cost"]
        assert s.likely("design_cost") == 10_000.0  # the original is untouched

    def test_with_enabled(self) -> None:
        s = Scenario().with_enabled("absence", Driver.PRODUCTIVITY)
        # stored in registry order, whatever order they were given in
        assert s.enabled == (Driver.PRODUCTIVITY, Driver.ABSENCE)
        assert s.is_enabled("absence") and not s.is_enabled(Driver.QUALITY)
        assert Scenario().with_enabled().enabled == ()

    def test_duplicate_enabled_collapsed(self) -> None:
        assert Scenario(enabled=("quality", "quality")).enabled == (Driver.QUALITY,)

    def test_conservative_horizon_capped(self) -> None:
        assert Scenario(horizon_years=2, conservative_years=4).conservative_horizon == 2
        assert Scenario(horizon_years=5, conservative_years=3).conservative_horizon == 3


class TestScenarioValidation:
    @pytest.mark.parametrize("years", [0, 6, -1])
    def test_horizon_out_of_range(self, years: int) -> None:
        with pytest.raises(ValueError, match=rf"horizon_years must lie within 1..5, got {years}"):
            Scenario(horizon_years=years)

    @pytest.mark.parametrize("years", [2.0, "3", True, None])
    def test_horizon_wrong_type(self, years: object) -> None:
        with pytest.raises(TypeError, match="horizon_years must be a whole number"):
            Scenario(horizon_years=years)  # type: ignore[arg-type]

    def test_conservative_years_out_of_range(self) -> None:
        with pytest.raises(ValueError, match="conservative_years"):
            Scenario(conservative_years=0)

    @pytest.mark.parametrize("draws", [MIN_DRAWS - 1, 0, MAX_DRAWS + 1])
    def test_draws_out_of_range(self, draws: int) -> None:
        with pytest.raises(ValueError, match=rf"draws must lie within {MIN_DRAWS}..{MAX_DRAWS}"):
            Scenario(draws=draws)

    def test_draws_bounds_accepted(self) -> None:
        assert Scenario(draws=MIN_DRAWS).draws == MIN_DRAWS
        assert Scenario(draws=MAX_DRAWS).draws == MAX_DRAWS

    @pytest.mark.parametrize("seed", [-1, 2**63])
    def test_seed_out_of_range(self, seed: int) -> None:
        with pytest.raises(ValueError, match="seed must lie within"):
            Scenario(seed=seed)

    def test_seed_wrong_type(self) -> None:
        with pytest.raises(TypeError, match="seed must be a whole number, got float"):
            Scenario(seed=1.5)  # type: ignore[arg-type]

    def test_unknown_input(self) -> None:
        with pytest.raises(ValueError, match=r"unknown input\(s\): bogus, zzz"):
            Scenario(values={"zzz": Range.fixed(1.0), "bogus": Range.fixed(1.0)})

    def test_input_not_a_range(self) -> None:
        with pytest.raises(TypeError, match="participants: expected a Range, got int"):
            Scenario(values={"participants": 50})  # type: ignore[dict-item]

    def test_input_outside_hard_bounds(self) -> None:
        with pytest.raises(ValueError, match=r"completion_rate: range 50..120 is outside the allowed 0..100"):
            Scenario(values={"completion_rate": Range(50.0, 90.0, 120.0)})

    def test_negative_cost_rejected(self) -> None:
        with pytest.raises(ValueError, match="design_cost"):
            Scenario(values={"design_cost": Range(-10.0, 5.0, 10.0)})

    def test_whole_number_input(self) -> None:
        with pytest.raises(ValueError, match="participants: must be a whole number, got 12.5"):
            Scenario(values={"participants": Range.fixed(12.5)})

    def test_point_only_input_made_fixed(self) -> None:
        # Confidence is a single number for the conservative view: a range collapses to its likely value.
        key = confidence_key(Driver.QUALITY)
        r = Scenario(values={key: Range(50.0, 60.0, 80.0)})[key]
        assert r.is_fixed and r.likely == 60.0 and r.shape is Shape.FIXED

    def test_unknown_driver(self) -> None:
        with pytest.raises(ValueError, match="^enabled: "):
            Scenario(enabled=("magic",))  # type: ignore[arg-type]

    @pytest.mark.parametrize("hurdle", [math.nan, math.inf, "10", True])
    def test_hurdle(self, hurdle: object) -> None:
        with pytest.raises(ValueError, match="hurdle_pct must be a finite number"):
            Scenario(hurdle_pct=hurdle)  # type: ignore[arg-type]

    def test_custom_items_must_be_custom_benefits(self) -> None:
        with pytest.raises(TypeError, match="custom: expected CustomBenefit items"):
            Scenario(custom=({"name": "x"},))  # type: ignore[arg-type]

    def test_too_many_custom_lines(self) -> None:
        line = CustomBenefit("x", Range.fixed(1.0))
        with pytest.raises(ValueError, match=rf"custom: at most {MAX_CUSTOM_BENEFITS}"):
            Scenario(custom=(line,) * (MAX_CUSTOM_BENEFITS + 1))

    def test_correlation_items_must_be_correlations(self) -> None:
        with pytest.raises(TypeError, match="correlations: expected Correlation items"):
            Scenario(correlations=(("a", "b", 0.5),))  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("first", "second"),
        [
            (("productivity_gain_pct", "error_reduction_pct"), ("productivity_gain_pct", "error_reduction_pct")),
            (("productivity_gain_pct", "error_reduction_pct"), ("error_reduction_pct", "productivity_gain_pct")),
        ],
    )
    def test_duplicate_correlation(self, first: tuple[str, str], second: tuple[str, str]) -> None:
        with pytest.raises(ValueError, match="correlations: .* is given twice"):
            Scenario(correlations=(Correlation(*first, 0.3), Correlation(*second, -0.2)))

    def test_long_name_and_notes_truncated(self) -> None:
        s = Scenario(name="x" * 500, notes="y" * 10_000)
        assert len(s.name) == 80 and len(s.notes) == 5_000


class TestCustomBenefit:
    @pytest.mark.parametrize("name", ["", "   ", "\t\n"])
    def test_empty_name(self, name: str) -> None:
        with pytest.raises(ValueError, match="custom benefit: name must not be empty"):
            CustomBenefit(name, Range.fixed(1.0))

    def test_name_stripped(self) -> None:
        assert CustomBenefit("  Fewer audits ", Range.fixed(1.0)).name == "Fewer audits"

    def test_long_name(self) -> None:
        with pytest.raises(ValueError, match="name longer than 80"):
            CustomBenefit("x" * 81, Range.fixed(1.0))

    def test_value_must_be_a_range(self) -> None:
        with pytest.raises(TypeError, match="custom benefit 'Audit': value_eur must be a Range"):
            CustomBenefit("Audit", 1000.0)  # type: ignore[arg-type]

    def test_attribution_must_be_a_range(self) -> None:
        with pytest.raises(TypeError, match="custom benefit 'Audit': attribution_pct must be a Range"):
            CustomBenefit("Audit", Range.fixed(1.0), 50.0)  # type: ignore[arg-type]

    def test_attribution_within_0_100(self) -> None:
        with pytest.raises(ValueError, match="custom benefit 'Audit': attribution_pct must lie within 0..100"):
            CustomBenefit("Audit", Range.fixed(1.0), Range(50.0, 60.0, 120.0))

    @pytest.mark.parametrize("conf", [-1.0, 101.0, math.nan, True, "70"])
    def test_confidence(self, conf: object) -> None:
        with pytest.raises(ValueError, match="custom benefit 'Audit': confidence_pct must be a number within 0..100"):
            CustomBenefit("Audit", Range.fixed(1.0), Range.fixed(50.0), conf)  # type: ignore[arg-type]

    def test_defaults(self) -> None:
        c = CustomBenefit("Audit", Range.fixed(1.0))
        assert c.attribution_pct == Range(30.0, 50.0, 70.0) and c.confidence_pct == 70.0 and c.decays is True


class TestCorrelation:
    def test_with_itself(self) -> None:
        with pytest.raises(ValueError, match="cannot be correlated with itself .'design_cost'."):
            Correlation("design_cost", "design_cost", 0.5)

    def test_unknown_input(self) -> None:
        with pytest.raises(ValueError, match="correlation: unknown input 'nope'"):
            Correlation("design_cost", "nope", 0.5)

    def test_point_only_input(self) -> None:
        key = confidence_key(DRIVERS[0])
        with pytest.raises(ValueError, match=rf"correlation: '{key}' is a point value"):
            Correlation("design_cost", key, 0.5)

    @pytest.mark.parametrize("rho", [1.01, -1.5, math.nan, math.inf, True, "0.5"])
    def test_rho_range_and_type(self, rho: object) -> None:
        msg = "correlation design_cost~learning_hours: rho must be a number within -1..1"
        with pytest.raises(ValueError, match=msg):
            Correlation("design_cost", "learning_hours", rho)  # type: ignore[arg-type]

    @pytest.mark.parametrize("rho", [-1, 0, 1, 0.25])
    def test_valid_rho_stored_as_float(self, rho: float) -> None:
        c = Correlation("design_cost", "learning_hours", rho)
        assert c.rho == float(rho) and isinstance(c.rho, float)
