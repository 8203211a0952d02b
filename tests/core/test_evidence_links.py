"""How a measured effect feeds the pilot's defaults and a programme record's round (issue 11's wiring)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roi_core import Scenario
from roi_core.evidence import EFFECT_INPUTS, effect_range, effect_values, pilot_spread
from roi_core.evidence.estimators import EffectEstimate
from roi_core.kpi import FEEDS, Kpi, KpiPlan, Outcome, kpi_value
from roi_core.programme import Programme, ProgrammeError, apply_round, round_from_effect


def estimate(effect: float = 2.0, baseline: float = 40.0, sd: float = 3.0, icc: float = 0.05) -> EffectEstimate:
    return EffectEstimate(
        "difference_in_differences", effect, effect - 1.0, effect + 1.0, 0.5, 23, 120, 118, 12, 12, baseline, sd, icc,
        0.1, (),
    )  # fmt: skip


class TestPilotSpread:
    def test_relative_input_scales_the_spread_by_the_baseline(self) -> None:
        d = pilot_spread(estimate(sd=3.0, baseline=40.0), "productivity_gain_pct")
        assert d.sd == pytest.approx(7.5) and d.icc == 0.05 and (d.n, d.teams) == (238, 24)
        assert d.team_size == 10  # 238 people in 24 teams

    def test_absolute_input_keeps_the_outcome_unit(self) -> None:
        assert pilot_spread(estimate(sd=3.0), "nps_increase").sd == 3.0

    def test_rounded_for_the_fields(self) -> None:
        d = pilot_spread(estimate(sd=6.730016, baseline=100.0, icc=0.1474890), "productivity_gain_pct")
        assert (d.sd, d.icc) == (6.73, 0.147)
        assert pilot_spread(estimate(sd=0.0123456), "nps_increase").sd == 0.0123

    @pytest.mark.parametrize("key", ["content_cost", "participants"])
    def test_an_input_no_effect_feeds_gets_no_spread_but_keeps_icc_and_teams(self, key: str) -> None:
        d = pilot_spread(estimate(icc=0.2), key)
        assert math.isnan(d.sd) and d.icc == 0.2 and d.team_size == 10

    def test_zero_baseline_and_negative_icc(self) -> None:
        d = pilot_spread(estimate(baseline=0.0, icc=-0.03), "productivity_gain_pct")
        assert math.isnan(d.sd) and d.icc == 0.0


class TestEffectValues:
    @pytest.mark.parametrize("key", list(EFFECT_INPUTS))
    def test_agrees_with_the_adopted_range_where_nothing_is_clipped(self, key: str) -> None:
        e = estimate(effect=0.4, baseline=40.0)
        likely, low, high = effect_values(e, key)
        r, clipped = effect_range(e, key)
        if not clipped:
            assert (r.likely, r.low, r.high) == pytest.approx((likely, low, high), abs=1e-2)
        assert low <= likely <= high


@given(
    key=st.sampled_from(sorted(FEEDS)),
    baseline=st.floats(1.0, 500.0),
    x=st.floats(-50.0, 50.0),
)
def test_kpi_value_inverts_input_value(key: str, baseline: float, x: float) -> None:
    feed = FEEDS[key]
    unit = feed.units[0] if feed.units else "output/hour"
    kpi = Kpi.__new__(Kpi)  # the inverse needs no valid target: build the fields without the plan's checks
    object.__setattr__(kpi, "input", key)
    object.__setattr__(kpi, "unit", unit)
    object.__setattr__(kpi, "baseline", baseline)
    object.__setattr__(kpi, "target", baseline)
    assert kpi.input_value(kpi_value(kpi, x)) == pytest.approx(x, rel=1e-9, abs=1e-9)


ERRORS = Kpi("Errors", Outcome.ERRORS, "count/month", 120.0, 90.0, "error_reduction_pct")
OUTPUT = Kpi("Orders an hour", Outcome.PRODUCTIVITY, "output/hour", 20.0, 22.0, "productivity_gain_pct")


def record(*kpis: Kpi) -> Programme:
    return Programme("Pilot", "2026-01-15", KpiPlan(kpis), Scenario(draws=2000))


class TestRoundFromEffect:
    def test_the_round_updates_the_input_by_the_measured_interval(self) -> None:
        p = round_from_effect(record(ERRORS, OUTPUT), "productivity_gain_pct", (5.0, 2.5, 7.5), 238, "2026-06-01")
        (r,) = p.rounds
        (m,) = r.results
        assert m.kpi == 1 and (m.value, m.ci_low, m.ci_high, m.n) == pytest.approx((21.0, 20.5, 21.5, 238))
        _, (u,) = apply_round(p.plan, p.scenario, r)
        assert (u.key, u.measured, u.measured_low, u.measured_high) == ("productivity_gain_pct", 5.0, 2.5, 7.5)

    def test_a_decrease_keeps_the_interval_in_order(self) -> None:
        p = round_from_effect(record(ERRORS), "error_reduction_pct", (10.0, 5.0, 15.0), 50, "2026-06-01")
        m = p.rounds[0].results[0]
        assert (m.value, m.ci_low, m.ci_high) == pytest.approx((108.0, 102.0, 114.0))

    def test_no_kpi_for_the_input(self) -> None:
        with pytest.raises(ProgrammeError) as exc:
            round_from_effect(record(ERRORS), "productivity_gain_pct", (5.0, 2.5, 7.5), 238, "2026-06-01")
        assert exc.value.code == "no_kpi"

    def test_a_round_before_the_decision_is_refused(self) -> None:
        with pytest.raises(ProgrammeError) as exc:
            round_from_effect(record(OUTPUT), "productivity_gain_pct", (5.0, 2.5, 7.5), 238, "2025-06-01")
        assert exc.value.code == "round_before_decision"
