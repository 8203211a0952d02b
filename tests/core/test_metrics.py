"""roi_core.metrics: the registry of output metrics and their values for a scenario."""

from __future__ import annotations

import dataclasses
import math

import pytest

from roi_core import Range, Scenario, conservative, deterministic, simulate
from roi_core.metrics import (
    OUTPUT_METRICS,
    UNDEFINED_WORDS,
    Undefined,
    Unit,
    View,
    metric_values,
    metrics_of_view,
    shown_probability,
)

COSTS = ("content_cost", "design_cost", "facilitation_cost", "learning_hours", "evaluation_cost", "recurring_cost")


def _values(s: Scenario):
    return metric_values(deterministic(s), conservative(s), simulate(s, draws=400, seed=3).summary())


class TestRegistry:
    def test_every_metric_is_complete_in_both_languages(self) -> None:
        for key, m in OUTPUT_METRICS.items():
            assert m.key == key and isinstance(m.unit, Unit) and isinstance(m.view, View)
            for text in (m.label_en, m.label_nl, m.definition_en, m.definition_nl):
                assert text.strip(), key
            assert m.definition_en.endswith(".") and m.definition_nl.endswith("."), key

    def test_labels_are_unique_per_language(self) -> None:
        for lang in ("en", "nl"):
            labels = [m.label(lang) for m in OUTPUT_METRICS.values()]
            assert len(set(labels)) == len(labels), lang

    def test_expected_only_labels_a_mean(self) -> None:
        for m in OUTPUT_METRICS.values():
            if "expected" in m.label_en.lower() or "verwacht" in m.label_nl.lower():
                assert m.view is View.SIMULATION and m.key.endswith("_mean"), m.key

    def test_point_views_pair_up_measure_by_measure(self) -> None:
        likely = [m.measure for m in metrics_of_view(View.LIKELY)]
        assert likely == [m.measure for m in metrics_of_view(View.PHILLIPS)]
        assert set(likely) == {"roi", "npv", "bcr", "payback", "benefits", "costs"}

    def test_every_undefined_reason_has_words(self) -> None:
        assert set(UNDEFINED_WORDS) == set(Undefined)


class TestMetricValues:
    def test_values_are_the_results(self) -> None:
        s = Scenario()
        det, con, mc = deterministic(s), conservative(s), simulate(s, draws=400, seed=3).summary()
        mv = metric_values(det, con, mc)
        assert mv.value_of("roi_likely") == det.roi_pct and mv.value_of("npv_likely") == det.npv
        assert mv.value_of("roi_phillips") == con.roi_pct and mv.value_of("costs_phillips") == con.costs
        assert mv.value_of("roi_mean") == mc.roi_mean and mv.value_of("payback_p50") is mc.payback_p50_months
        assert (mv.horizon_years, mv.phillips_years, mv.draws) == (3, con.years, 400)
        frame = mv.to_frame("nl")
        assert frame["key"].tolist() == list(OUTPUT_METRICS)
        assert frame.set_index("key").loc["roi_likely", "label"] == OUTPUT_METRICS["roi_likely"].label_nl

    def test_unknown_key_is_an_error(self) -> None:
        with pytest.raises(KeyError, match="unknown output metric"):
            _values(Scenario()).value_of("roi")

    def test_no_payback_has_its_reason(self) -> None:
        mv = _values(Scenario().with_enabled())  # no benefit counted
        assert math.isnan(mv.value_of("payback_likely"))
        assert mv.reason_of("payback_likely") is Undefined.NO_PAYBACK
        assert mv.reason_of("roi_likely") is None and mv.value_of("roi_likely") == -100.0

    def test_zero_costs_everywhere(self) -> None:
        mv = _values(Scenario().with_values(**{k: Range.fixed(0.0) for k in COSTS}))
        for key in ("roi_likely", "bcr_likely", "payback_likely", "roi_phillips"):
            assert mv.reason_of(key) is Undefined.ZERO_COST, key
        for key in ("roi_mean", "roi_p50", "prob_roi_positive", "prob_payback", "payback_p50"):
            assert math.isnan(mv.value_of(key)), key  # no "0 %" chance beside an undefined ROI
            assert mv.reason_of(key) is Undefined.NO_COST_IN_ANY_DRAW, key
        assert mv.reason_of("npv_likely") is None  # a net benefit always exists

    def test_defined_values_have_no_reason(self) -> None:
        mv = _values(dataclasses.replace(Scenario(), horizon_years=5))
        for key in OUTPUT_METRICS:
            assert (mv.reason_of(key) is None) == math.isfinite(mv.value_of(key)), key


class TestShownProbability:
    @pytest.mark.parametrize(
        ("p", "shown"),
        [
            (0.0, ("=", 0)),
            (1.0, ("=", 100)),
            (0.9999, (">", 99)),
            (0.995, (">", 99)),
            (0.994, ("=", 99)),
            (0.0001, ("<", 1)),
            (0.006, ("=", 1)),
            (0.4368, ("=", 44)),
        ],
    )
    def test_certainty_only_when_exact(self, p: float, shown: tuple[str, int]) -> None:
        assert shown_probability(p) == shown
