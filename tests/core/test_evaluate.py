"""Tests of roi_core.evaluate: the case evaluation that the sensitivity and decision analyses share."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roi_core import CustomBenefit, Range, Scenario, deterministic
from roi_core.evaluate import (
    CHUNK,
    Metric,
    base_params,
    evaluate_cases,
    metric_of,
    one_at_a_time,
    range_of,
    resolve_keys,
    sensitivity_keys,
)

CUSTOM = Scenario(custom=(CustomBenefit("Fewer complaints", Range(5_000.0, 20_000.0, 60_000.0)),))
KEYS = ("productivity_gain_pct", "content_cost", "learning_hours", "half_life_months")
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pinned(scenario: Scenario, key: str, value: float) -> tuple[float, float]:
    """Independent path: ROI and NPV of deterministic() with ``key`` pinned to ``value``."""
    r = deterministic(scenario.with_values(**{key: Range.fixed(value)}))
    return r.roi_pct, r.npv


class TestEvaluateCases:
    @SETTINGS
    @given(key=st.sampled_from(KEYS), frac=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4))
    def test_each_case_is_the_deterministic_result_with_its_values(self, key: str, frac: list[float]) -> None:
        r = Scenario()[key]
        values = np.array([r.low + f * (r.high - r.low) for f in frac])
        out = evaluate_cases(Scenario(), {key: values}, values.size)
        for v, roi, npv in zip(values, out.roi_pct, out.npv, strict=True):
            assert (roi, npv) == pytest.approx(pinned(Scenario(), key, float(v)), rel=1e-12, abs=1e-9)

    def test_no_columns_is_the_base_case(self) -> None:
        out = evaluate_cases(Scenario(), {}, 2)
        base = deterministic(Scenario())
        assert out.roi_pct == pytest.approx([base.roi_pct] * 2, rel=1e-12)
        assert out.npv == pytest.approx([base.npv] * 2, rel=1e-12)

    def test_chunks_give_the_same_numbers(self) -> None:
        # Cases beyond one chunk: the last case equals the same case evaluated alone.
        m = CHUNK + 3
        col = np.linspace(1.0, 12.0, m)
        out = evaluate_cases(Scenario(), {"productivity_gain_pct": col}, m)
        alone = evaluate_cases(Scenario(), {"productivity_gain_pct": col[-1:]}, 1)
        assert out.roi_pct[-1] == pytest.approx(alone.roi_pct[0], rel=1e-12)
        assert np.all(np.diff(out.roi_pct) > 0)  # more gain, more ROI, across the chunk border too

    def test_a_custom_line_alone(self) -> None:
        # Varying only a custom line still gives one output per case (the model broadcasts to the cases).
        out = evaluate_cases(CUSTOM, {"custom:0:value": np.array([0.0, 60_000.0])}, 2)
        assert out.npv[1] - out.npv[0] > 0

    def test_outputs_of_metric(self) -> None:
        out = evaluate_cases(Scenario(), {}, 1)
        assert out.of("npv") is out.npv and out.of(Metric.ROI_PCT) is out.roi_pct
        with pytest.raises(ValueError, match="metric must be"):
            out.of("irr")


class TestOneAtATime:
    def test_rows_and_base(self) -> None:
        grid = np.array([[1.0, 6.0, 12.0], [5_000.0, 20_000.0, 40_000.0]])
        g = one_at_a_time(Scenario(), ["productivity_gain_pct", "content_cost"], grid)
        base = deterministic(Scenario())
        assert g.base_roi_pct == pytest.approx(base.roi_pct, rel=1e-12)
        assert g.base_of("npv") == g.base_npv == pytest.approx(base.npv, rel=1e-12)
        assert g.roi_pct.shape == g.npv.shape == g.values.shape == (2, 3)
        for i, key in enumerate(g.keys):
            for j, v in enumerate(grid[i]):
                assert (g.roi_pct[i, j], g.npv[i, j]) == pytest.approx(pinned(Scenario(), key, v), rel=1e-12)
        assert np.array_equal(g.of("npv"), g.npv)

    def test_no_keys(self) -> None:
        # A scenario with nothing to move (every input fixed) still has its base case.
        g = one_at_a_time(Scenario(), [], np.empty((0, 3)))
        assert g.roi_pct.shape == (0, 3)
        assert g.base_roi_pct == pytest.approx(deterministic(Scenario()).roi_pct, rel=1e-12)

    def test_one_row_per_key(self) -> None:
        with pytest.raises(ValueError, match="one row per key"):
            one_at_a_time(Scenario(), ["content_cost"], np.array([1.0, 2.0]))

    @SETTINGS
    @given(keys=st.lists(st.sampled_from(KEYS), min_size=2, max_size=4, unique=True))
    def test_a_row_does_not_depend_on_the_other_rows(self, keys: list[str]) -> None:
        s = Scenario()
        grid = np.array([[s[k].low, s[k].high] for k in keys])
        together = one_at_a_time(s, keys, grid)
        alone = one_at_a_time(s, keys[:1], grid[:1])
        assert together.roi_pct[0] == pytest.approx(alone.roi_pct[0], rel=1e-12)


class TestKeys:
    def test_default_keys(self) -> None:
        assert resolve_keys(CUSTOM, None) == sensitivity_keys(CUSTOM)
        assert "custom:0:value" in sensitivity_keys(CUSTOM)

    def test_named_keys(self) -> None:
        assert resolve_keys(Scenario(), "content_cost") == ("content_cost",)
        assert resolve_keys(Scenario(), ["participants", "content_cost", "participants"]) == (
            "participants",
            "content_cost",
        )

    @pytest.mark.parametrize("key", ["nonsense", "custom:0:value", "custom:x:value"])
    def test_unknown_keys(self, key: str) -> None:
        with pytest.raises(ValueError, match="unknown"):
            resolve_keys(Scenario(), [key])

    def test_range_of_a_custom_line(self) -> None:
        assert range_of(CUSTOM, "custom:0:value") == CUSTOM.custom[0].value_eur
        assert range_of(CUSTOM, "custom:0:attribution") == CUSTOM.custom[0].attribution_pct

    def test_base_params(self) -> None:
        p = base_params(CUSTOM)
        assert p["custom:0:value"] == 20_000.0
        assert p["productivity_gain_pct"] == Scenario().likely("productivity_gain_pct")

    def test_metric_of(self) -> None:
        assert metric_of("roi_pct") is Metric.ROI_PCT
        with pytest.raises(ValueError, match="'roi_pct' or 'npv'"):
            metric_of("bcr")
