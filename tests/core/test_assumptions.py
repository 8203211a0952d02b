"""Tests of roi_core.assumptions: the input registry is complete and consistent."""

from __future__ import annotations

import math
from types import MappingProxyType

import pytest

from roi_core.assumptions import (
    COST_CATEGORIES,
    COST_LABELS,
    DRIVER_LABELS,
    DRIVERS,
    INPUT_KEYS,
    INPUTS,
    SOURCES,
    Driver,
    Group,
    InputSpec,
    attribution_key,
    confidence_key,
    inputs_of_driver,
    inputs_of_group,
    spec,
)
from roi_core.distributions import Range

ALL = list(INPUTS.values())
IDS = [s.key for s in ALL]

# What the model reads (roi_core/model.py); a registry without one of these
# would make cash_flows raise KeyError.
MODEL_INPUTS = {
    "participants",
    "completion_rate",
    "content_cost",
    "design_cost",
    "facilitation_cost",
    "learning_hours",
    "overhead_pct",
    "evaluation_cost",
    "recurring_cost",
    "gross_salary",
    "oncost_pct",
    "working_days",
    "ramp_up_months",
    "half_life_months",
    "discount_rate",
    "productivity_gain_pct",
    "output_value_multiple",
    "error_cost_baseline",
    "error_reduction_pct",
    "contractor_spend",
    "contractor_reduction_pct",
    "hires_per_year",
    "weeks_saved",
    "ramp_gap_pct",
    "revenue_influenced",
    "gross_margin_pct",
    "nps_increase",
    "churn_per_nps_point",
    "turnover_rate_pct",
    "turnover_reduction_pp",
    "replacement_cost_pct",
    "absence_rate_pct",
    "absence_reduction_pp",
    "absence_day_cost",
}


class TestRegistry:
    def test_registry_is_read_only(self) -> None:
        assert isinstance(INPUTS, MappingProxyType)
        with pytest.raises(TypeError):
            INPUTS["x"] = ALL[0]  # type: ignore[index]

    def test_keys_in_display_order(self) -> None:
        assert tuple(INPUTS) == INPUT_KEYS
        assert all(INPUTS[k].key == k for k in INPUT_KEYS)

    def test_model_inputs_present(self) -> None:
        missing = MODEL_INPUTS - set(INPUT_KEYS)
        assert not missing

    def test_short_keys_unique_and_url_safe(self) -> None:
        shorts = [s.short for s in ALL]
        assert len(set(shorts)) == len(shorts)
        for s in shorts:
            assert s and s.isascii() and s.isalnum() and s.islower(), s

    def test_short_keys_differ_from_long_keys(self) -> None:
        # A share link may mix neither; a short key that equals some long key would be ambiguous.
        assert not {s.short for s in ALL} & set(INPUT_KEYS)


@pytest.mark.parametrize("s", ALL, ids=IDS)
class TestInputSpec:
    def test_labels_and_help_in_both_languages(self, s: InputSpec) -> None:
        for text in (s.label_en, s.label_nl, s.help_en, s.help_nl):
            assert isinstance(text, str) and text.strip() == text and len(text) >= 3
        assert s.label("en") == s.label_en and s.label("nl") == s.label_nl
        assert s.help("en") == s.help_en and s.help("nl") == s.help_nl
        assert s.help_en.endswith(".") and s.help_nl.endswith(".")

    def test_unit_given(self, s: InputSpec) -> None:
        assert s.unit in {
            "count",
            "%",
            "pp",
            "EUR",
            "EUR/yr",
            "EUR/participant",
            "EUR/day",
            "EUR/leaver",
            "h",
            "days",
            "weeks",
            "months",
            "points",
            "x",
        }

    def test_source_known(self, s: InputSpec) -> None:
        assert s.source.key in SOURCES

    def test_default_inside_slider_range(self, s: InputSpec) -> None:
        d = s.default
        assert isinstance(d, Range)
        assert s.slider_min <= d.low <= d.likely <= d.high <= s.slider_max

    def test_slider_range_inside_hard_bounds(self, s: InputSpec) -> None:
        assert s.hard_min <= s.slider_min < s.slider_max <= s.hard_max
        assert math.isfinite(s.slider_min) and math.isfinite(s.slider_max)
        assert s.step > 0 and s.step <= s.slider_max - s.slider_min

    def test_percentages_bounded_by_100(self, s: InputSpec) -> None:
        # Shares (completion, attribution, confidence, reductions of a share) cannot exceed 100 %.
        if s.unit == "%" and s.key not in {"oncost_pct", "overhead_pct", "replacement_cost_pct"}:
            assert s.hard_max <= 100

    def test_integer_inputs_have_whole_defaults(self, s: InputSpec) -> None:
        if s.integer:
            d = s.default
            assert float(d.likely).is_integer() and d.is_fixed
            assert float(s.step).is_integer()

    def test_point_only_inputs_are_fixed(self, s: InputSpec) -> None:
        if s.point_only:
            assert s.default.is_fixed
            assert s.driver is not None

    def test_group_is_a_group(self, s: InputSpec) -> None:
        assert isinstance(s.group, Group)
        if s.driver is not None:
            assert s.group.value == s.driver.value


class TestDrivers:
    @pytest.mark.parametrize("driver", DRIVERS)
    def test_every_driver_has_attribution_and_confidence(self, driver: Driver) -> None:
        a, c = spec(attribution_key(driver)), spec(confidence_key(driver))
        assert a.driver is driver and c.driver is driver
        assert a.unit == "%" and c.unit == "%"
        assert (a.hard_min, a.hard_max) == (0.0, 100.0)
        assert (c.hard_min, c.hard_max) == (0.0, 100.0)
        assert not a.point_only and c.point_only
        assert 0 < c.default.likely <= 100

    @pytest.mark.parametrize("driver", DRIVERS)
    def test_every_driver_has_its_own_inputs(self, driver: Driver) -> None:
        keys = {s.key for s in inputs_of_driver(driver)}
        assert {attribution_key(driver), confidence_key(driver)} < keys  # plus at least one value input

    def test_key_helpers(self) -> None:
        assert attribution_key(Driver.QUALITY) == "attribution_quality"
        assert confidence_key("absence") == "confidence_absence"

    def test_driver_labels(self) -> None:
        assert set(DRIVER_LABELS) == {d.value for d in DRIVERS} | {"custom"}
        for labels in DRIVER_LABELS.values():
            assert set(labels) == {"en", "nl"} and all(labels.values())

    def test_inputs_of_driver_rejects_unknown(self) -> None:
        with pytest.raises(ValueError):
            inputs_of_driver("magic")


class TestGroups:
    def test_every_input_in_exactly_one_group(self) -> None:
        grouped = [s.key for g in Group for s in inputs_of_group(g)]
        assert sorted(grouped) == sorted(INPUT_KEYS)

    def test_group_lookup_by_string(self) -> None:
        assert inputs_of_group("workforce") == inputs_of_group(Group.WORKFORCE)
        assert {s.key for s in inputs_of_group("workforce")} == {"gross_salary", "oncost_pct", "working_days"}


class TestSpec:
    def test_known_key(self) -> None:
        assert spec("participants").short == "n"

    def test_unknown_key_named(self) -> None:
        with pytest.raises(KeyError, match="unknown input 'nope'"):
            spec("nope")


class TestSources:
    def test_sources_complete(self) -> None:
        for key, src in SOURCES.items():
            assert src.key == key
            assert src.citation and src.note_en and src.note_nl

    def test_every_source_is_used(self) -> None:
        # A source nobody cites is a stale entry on the Method page.
        assert {s.source.key for s in ALL} == set(SOURCES)


class TestCostLabels:
    def test_categories_labelled(self) -> None:
        assert tuple(COST_LABELS) == COST_CATEGORIES
        for labels in COST_LABELS.values():
            assert set(labels) == {"en", "nl"} and all(labels.values())
