"""Tests of roi_core.presets: every preset and variant is valid, ordered and runs cleanly."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from roi_core.assumptions import INPUTS
from roi_core.distributions import Range, Shape
from roi_core.presets import PRESETS, VARIANTS, Preset, shift_range, variant
from roi_core.scenario import Scenario
from roi_core.scenario_io import decode, encode, from_json, to_json
from roi_core.simulate import conservative, deterministic, simulate

KEYS = tuple(PRESETS)


class TestPresets:
    def test_at_least_three_distinct_organisations(self) -> None:
        assert len(PRESETS) >= 3
        assert len({p.scenario for p in PRESETS.values()}) == len(PRESETS)
        assert all(p.scenario != Scenario() for p in PRESETS.values())

    @pytest.mark.parametrize("key", KEYS)
    def test_texts_in_both_languages(self, key: str) -> None:
        p = PRESETS[key]
        assert isinstance(p, Preset) and p.key == key
        for text in (p.name_en, p.name_nl, p.description_en, p.description_nl):
            assert text.strip()
        assert p.name_en != p.name_nl
        assert p.name("nl") == p.name_nl and p.description("en") == p.description_en
        assert len(p.scenario.notes) > 200  # the notes explain the organisation and its figures

    @pytest.mark.parametrize("key", KEYS)
    def test_figures_stay_within_the_sliders(self, key: str) -> None:
        # A preset must be reproducible with the app's sliders: every value within the slider span.
        for k, r in PRESETS[key].scenario.values:
            s = INPUTS[k]
            assert s.slider_min <= r.low and r.high <= s.slider_max, k

    @pytest.mark.parametrize("key", KEYS)
    def test_file_and_link_round_trip(self, key: str) -> None:
        s = PRESETS[key].scenario
        assert from_json(to_json(s)).scenario == s
        assert decode(encode(s)).scenario == s


class TestVariant:
    @pytest.mark.parametrize("key", KEYS)
    def test_expected_is_the_preset_itself(self, key: str) -> None:
        assert variant(key, "expected") == PRESETS[key].scenario

    @pytest.mark.parametrize("key", KEYS)
    def test_conservative_le_expected_le_optimistic(self, key: str) -> None:
        roi = [deterministic(variant(key, v)).roi_pct for v in VARIANTS]
        assert roi[0] < roi[1] < roi[2]
        cons = [conservative(variant(key, v)).roi_pct for v in VARIANTS]
        assert cons[0] < cons[1] < cons[2]

    @pytest.mark.parametrize("key", KEYS)
    def test_costs_move_against_the_variant(self, key: str) -> None:
        costs = [deterministic(variant(key, v)).costs for v in VARIANTS]
        assert costs[0] > costs[1] > costs[2]

    @pytest.mark.parametrize("key", KEYS)
    @pytest.mark.parametrize("which", VARIANTS)
    def test_each_variant_runs_without_warnings(self, key: str, which: str) -> None:
        s = variant(key, which)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            d = deterministic(s)
            c = conservative(s)
            summary = simulate(s, draws=2000, seed=3).summary()
        for value in (d.costs, d.benefits, d.roi_pct, d.npv, c.roi_pct):
            assert math.isfinite(value)
        assert d.costs > 0 and d.benefits > 0
        assert summary.n_undefined == 0
        for value in (summary.roi_mean, summary.roi_p5, summary.roi_p95, summary.npv_mean):
            assert np.isfinite(value)
        assert summary.roi_p5 < summary.roi_p50 < summary.roi_p95

    def test_expected_presets_are_plausible(self) -> None:
        # Workshop starting points: the expected case neither hopeless nor too good to be true.
        for key in KEYS:
            roi = deterministic(PRESETS[key].scenario).roi_pct
            assert -50 < roi < 300, key

    def test_unknown_preset_or_variant(self) -> None:
        with pytest.raises(KeyError, match="unknown preset 'nope'"):
            variant("nope")
        with pytest.raises(ValueError, match="variant must be one of"):
            variant(KEYS[0], "wild")

    def test_variant_names_say_which(self) -> None:
        assert variant(KEYS[0], "pessimistic").name.endswith("(pessimistic)")
        assert variant(KEYS[0], "optimistic").name.endswith("(optimistic)")

    def test_old_outlook_names_still_read(self) -> None:
        # "conservative" named both this outlook and the Phillips view; files, links and command lines that
        # use the old names keep working.
        for key in KEYS:
            assert variant(key, "conservative") == variant(key, "pessimistic")
            assert variant(key, "expected") == variant(key, "middle") == PRESETS[key].scenario


class TestShiftRange:
    def test_hand_computed(self) -> None:
        # 0 / 4 / 8, share 0.25 toward low: likely 4 - 0.25 * (4 - 0) = 3; high 8 - 0.25 * (8 - 4) = 7.
        assert shift_range(Range(0.0, 4.0, 8.0), "low") == Range(0.0, 3.0, 7.0)
        # toward high: low 0 + 0.25 * 4 = 1; likely 4 + 0.25 * (8 - 4) = 5.
        assert shift_range(Range(0.0, 4.0, 8.0), "high") == Range(1.0, 5.0, 8.0)

    def test_fixed_and_shape_kept(self) -> None:
        assert shift_range(Range.fixed(5.0), "low") == Range.fixed(5.0)
        assert shift_range(Range(1.0, 2.0, 4.0, Shape.LOGNORMAL), "high").shape is Shape.LOGNORMAL
