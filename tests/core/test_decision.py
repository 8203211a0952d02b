"""Tests of roi_core.decision: break-even / goal seek and the value of information."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from roi_core import INPUTS, CustomBenefit, Driver, Range, Scenario, Shape, deterministic, simulate, uncertain_keys
from roi_core.decision import (
    Reach,
    break_even,
    break_even_keys,
    default_bins,
    evpi,
    evppi,
    evppi_all,
    search_span,
)
from roi_core.distributions import Z90
from roi_core.sensitivity import input_order
from tests.core.conftest import fixed_except

DEFAULT = Scenario()
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def roi_at(scenario: Scenario, key: str, value: float) -> float:
    return deterministic(scenario.with_values(**{key: Range.fixed(value)})).roi_pct


def normal_evpi(mu: float, sigma: float) -> float:
    """EVPI of NPV ~ Normal(mu, sigma): E[max(NPV, 0)] = mu Phi(mu/sigma) + sigma phi(mu/sigma)."""
    z = mu / sigma
    return mu * stats.norm.cdf(z) + sigma * stats.norm.pdf(z) - max(mu, 0.0)


class TestSearchSpan:
    def test_by_hand(self):
        # Slider 0..25 %, widened by its width 25 -> -25..50, hard limits 0..100 -> 0..50.
        assert search_span(DEFAULT, "productivity_gain_pct") == (0.0, 50.0)
        # Slider 20,000..120,000, width 100,000 -> -80,000..220,000, hard minimum 0.
        assert search_span(DEFAULT, "gross_salary") == (0.0, 220_000.0)
        # Attribution: slider 0..100 widened, but hard limits 0..100.
        assert search_span(DEFAULT, "attribution_quality") == (0.0, 100.0)

    def test_default_keys(self):
        keys = break_even_keys(DEFAULT)
        assert "productivity_gain_pct" in keys and "hires_per_year" in keys  # fixed inputs too
        assert "confidence_quality" not in keys  # point-only
        assert "contractor_spend" not in keys  # driver switched off
        assert "content_cost" not in keys  # not a driver input


class TestBreakEven:
    def test_linear_input_by_hand(self):
        # ROI is linear in the productivity gain x: ROI(x) = ROI(0) + x * slope, slope from two
        # deterministic runs. Break-even x = -ROI(0) / slope; 100 % at (100 - ROI(0)) / slope.
        r0, r10 = (roi_at(DEFAULT, "productivity_gain_pct", x) for x in (0.0, 10.0))
        slope = (r10 - r0) / 10.0
        r = break_even(DEFAULT, keys=["productivity_gain_pct"], target_roi_pct=100.0)
        assert r.break_even[0] == pytest.approx(-r0 / slope, rel=1e-9)
        assert r.target_value[0] == pytest.approx((100.0 - r0) / slope, rel=1e-9)
        assert r.break_even_status == (Reach.REACHABLE,) and r.direction == (1,) and r.monotone == (True,)
        assert r.base_roi_pct == pytest.approx(deterministic(DEFAULT).roi_pct)

    def test_each_input_is_solved_as_if_alone(self):
        # All inputs and both levels share each bisection step's model call; a case's ROI must not depend
        # on the other cases in the call, so solving one input at a time gives exactly the same numbers.
        s = Scenario(custom=(CustomBenefit("Safety", Range(10_000.0, 40_000.0, 90_000.0), Range(20.0, 40.0, 60.0)),))
        both = break_even(s, target_roi_pct=60.0)
        for i, key in enumerate(both.keys):
            alone = break_even(s, keys=[key], target_roi_pct=60.0)
            got = [alone.break_even[0], alone.target_value[0]]
            assert np.array_equal(got, [both.break_even[i], both.target_value[i]], equal_nan=True), key
            assert (alone.break_even_status[0], alone.target_status[0]) == (
                both.break_even_status[i],
                both.target_status[i],
            )
        assert Reach.REACHABLE in both.break_even_status and Reach.REACHABLE in both.target_status

    def test_cost_input_has_negative_direction(self):
        # Content cost x per participant: costs C(x) = C(0) + 50 x (1 + 15 % overhead), benefits B
        # unchanged, so ROI = 0 at x = (B - C(0)) / (50 * 1.15).
        s = DEFAULT.with_values(productivity_gain_pct=Range(4.0, 8.0, 12.0))
        b = deterministic(s).benefits
        c0 = deterministic(s.with_values(content_cost=Range.fixed(0.0))).costs
        r = break_even(s, keys=["content_cost"])
        assert r.direction == (-1,)
        assert r.break_even[0] == pytest.approx((b - c0) / (50 * 1.15), rel=1e-9)

    def test_custom_line_by_hand(self):
        # Only a flat custom line V a year at 50 % attribution: B = 0.5 V (1/1.08 + 1/1.08^2 + 1/1.08^3).
        s = fixed_except(
            Scenario(enabled=(), custom=(CustomBenefit("Flat", Range(0.0, 10_000.0, 20_000.0), decays=False),))
        )
        c = deterministic(s).costs
        annuity = sum(1.08**-t for t in (1, 2, 3))
        r = break_even(s, keys=["custom:0:value"], target_roi_pct=50.0)
        assert r.break_even[0] == pytest.approx(c / (0.5 * annuity), rel=1e-9)
        assert r.target_value[0] == pytest.approx(1.5 * c / (0.5 * annuity), rel=1e-9)

    def test_not_reachable_is_nan_with_status(self):
        # At 20 % productivity gain the ROI is positive even with no error reduction at all.
        s = DEFAULT.with_values(productivity_gain_pct=Range(15.0, 20.0, 25.0))
        r = break_even(s, keys=["error_reduction_pct", "attribution_turnover"], target_roi_pct=1000.0)
        row = r.row("error_reduction_pct")
        assert roi_at(s, "error_reduction_pct", 0.0) > 0
        assert row["break_even_status"] is Reach.ALWAYS_ABOVE and math.isnan(row["break_even"])
        lo, hi = search_span(s, "attribution_turnover")
        assert roi_at(s, "attribution_turnover", hi) < 1000.0
        row = r.row("attribution_turnover")
        assert row["target_status"] is Reach.NEVER and math.isnan(row["target_value"])

    def test_every_reachable_value_really_gives_the_level(self):
        r = break_even(DEFAULT, target_roi_pct=50.0)
        assert r.keys == break_even_keys(DEFAULT)
        checked = 0
        for i, k in enumerate(r.keys):
            for status, value, level in (
                (r.break_even_status[i], r.break_even[i], 0.0),
                (r.target_status[i], r.target_value[i], 50.0),
            ):
                if status is not Reach.REACHABLE:
                    continue
                checked += 1
                if INPUTS[k].integer:  # a scenario holds whole numbers only: check the bracket
                    below, above = roi_at(DEFAULT, k, math.floor(value)), roi_at(DEFAULT, k, math.ceil(value))
                    assert min(below, above) <= level <= max(below, above)
                else:
                    assert roi_at(DEFAULT, k, value) == pytest.approx(level, abs=1e-6)
            assert r.search_low[i] <= r.likely[i] <= r.search_high[i]
        assert checked >= 10

    @settings(max_examples=12, deadline=None)
    @given(baseline=st.floats(10_000.0, 600_000.0), factor=st.floats(1.0, 4.0))
    def test_scaling_an_effect_up_never_moves_break_even_the_wrong_way(self, baseline, factor):
        s = Scenario(enabled=(Driver.QUALITY,)).with_values(error_cost_baseline=Range.fixed(baseline))
        bigger = s.with_values(error_cost_baseline=Range.fixed(baseline * factor))
        a = break_even(s, keys=["error_reduction_pct"]).row("error_reduction_pct")
        b = break_even(bigger, keys=["error_reduction_pct"]).row("error_reduction_pct")
        if a["break_even_status"] is Reach.ALWAYS_ABOVE:
            assert b["break_even_status"] is Reach.ALWAYS_ABOVE
        if b["break_even_status"] is Reach.NEVER:
            assert a["break_even_status"] is Reach.NEVER
        if a["break_even_status"] is b["break_even_status"] is Reach.REACHABLE:
            # Hand: break-even x* = C / (k * baseline), so scaling the baseline by f divides x* by f.
            assert b["break_even"] <= a["break_even"] * (1 + 1e-9)
            assert b["break_even"] == pytest.approx(a["break_even"] / factor, rel=1e-6)

    def test_frame_and_errors(self):
        f = break_even(DEFAULT).to_frame()
        assert {"input", "break_even", "break_even_status", "target_value", "direction"} <= set(f.columns)
        assert set(f.break_even_status) <= {"reachable", "always_above", "never"}
        with pytest.raises(ValueError, match="target_roi_pct"):
            break_even(DEFAULT, target_roi_pct=float("nan"))
        with pytest.raises(ValueError, match="bogus"):
            break_even(DEFAULT, keys=["bogus"])


class TestEvpi:
    def test_all_positive_or_all_negative_is_worth_nothing(self):
        assert evpi([1.0, 5.0, 10.0]) == 0.0
        assert evpi([-1.0, -5.0]) == 0.0

    def test_two_point_by_hand(self):
        # Invest anyway (mean +10,000); perfect knowledge avoids -10,000 in half the worlds.
        assert evpi([-10_000.0, 30_000.0]) == pytest.approx(5_000.0)
        # Do not invest (mean -5,000); perfect knowledge captures +10,000 in half the worlds.
        assert evpi([-20_000.0, 10_000.0]) == pytest.approx(5_000.0)

    @pytest.mark.parametrize(("mu", "sigma"), [(0.0, 1000.0), (500.0, 1000.0), (-1500.0, 2000.0)])
    def test_normal_closed_form(self, mu, sigma):
        x = np.random.default_rng(1).normal(mu, sigma, 400_000)
        y = np.maximum(x, 0.0)
        se = math.hypot(y.std(), x.std() if abs(mu) < 4 * sigma / 600 else 0.0) / math.sqrt(x.size)
        assert evpi(x) == pytest.approx(normal_evpi(mu, sigma), abs=5 * se + 1e-3 * sigma)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="npv"):
            evpi([1.0, float("nan")])
        with pytest.raises(ValueError, match="npv"):
            evpi([])


@pytest.fixture(scope="class")
def linear_case():
    # Only quality counts; NPV = a x - C is linear in the error reduction x ~ Normal(20, sd)
    # with sd = (28 - 12) / (2 * 1.645). The error cost baseline is set so that E[NPV] is
    # near 0, where information is worth most. A custom line worth EUR 0 adds an input
    # (its attribution) that cannot matter.
    s0 = fixed_except(Scenario(enabled=(Driver.QUALITY,)))
    c = deterministic(s0).costs
    b20 = deterministic(s0.with_values(error_reduction_pct=Range.fixed(20.0))).benefits
    baseline = 80_000.0 * 0.9 * c / b20  # benefits at x = 20 are 90 % of the costs
    s = Scenario(
        values=s0.values,
        enabled=(Driver.QUALITY,),
        custom=(CustomBenefit("Nothing", Range.fixed(0.0), Range(10.0, 50.0, 90.0)),),
    ).with_values(
        error_cost_baseline=Range.fixed(baseline),
        error_reduction_pct=Range(12.0, 20.0, 28.0, Shape.NORMAL),
    )
    npv0 = deterministic(s.with_values(error_reduction_pct=Range.fixed(0.0))).npv
    npv1 = deterministic(s.with_values(error_reduction_pct=Range.fixed(1.0))).npv
    a = npv1 - npv0
    sd = (28.0 - 12.0) / (2 * Z90)
    mu, sigma = npv0 + a * 20.0, a * sd
    return simulate(s, draws=200_000, seed=8), mu, sigma


class TestEvppi:
    def test_evpi_matches_closed_form_through_the_whole_model(self, linear_case):
        res, mu, sigma = linear_case
        assert mu < 0 < mu + sigma  # a real decision problem
        se = np.maximum(res.npv, 0).std() / math.sqrt(res.n)
        assert evpi(res) == pytest.approx(normal_evpi(mu, sigma), abs=5 * se + 2e-3 * sigma)

    def test_input_that_determines_npv_has_evppi_close_to_evpi(self, linear_case):
        res, _, _ = linear_case
        total = evpi(res)
        v = evppi(res, "error_reduction_pct")
        assert v <= total
        assert v == pytest.approx(total, rel=0.02)

    def test_independent_input_has_evppi_near_zero(self, linear_case):
        res, _, _ = linear_case
        assert evppi(res, "custom:0:attribution") < 0.02 * evpi(res)
        ranking = evppi_all(res)
        assert ranking.keys[0] == "error_reduction_pct"
        assert ranking.share_of_evpi[0] == pytest.approx(1.0, abs=0.02)

    @SETTINGS
    @given(
        seed=st.integers(0, 2**32 - 1),
        shift=st.floats(-2.0, 2.0),
        weight=st.floats(0.0, 1.0),
        bins=st.integers(1, 100),
    )
    def test_evppi_never_exceeds_evpi(self, seed, shift, weight, bins):
        rng = np.random.default_rng(seed)
        res = simulate(DEFAULT, draws=500, seed=seed)
        npv = res.npv + rng.normal(shift, 1.0, res.n) * res.npv.std() * weight
        fake = type(res)(**{**res.__dict__, "npv": npv})
        v = evppi_all(fake, bins=bins)
        assert all(0.0 <= x <= v.evpi + 1e-9 * max(1.0, v.evpi) for x in v.evppi)
        assert list(v.evppi) == sorted(v.evppi, reverse=True)

    def test_matches_a_plain_loop_over_bins(self):
        # Independent re-implementation with np.array_split on the sorted draws.
        res = simulate(DEFAULT, draws=17 * 177, seed=2)  # 17 bins of 177 draws
        x, npv = res.inputs.column("half_life_months"), res.npv
        parts = np.array_split(npv[np.argsort(x, kind="stable")], 17)
        expected = sum(len(p) * max(p.mean(), 0.0) for p in parts) / npv.size - max(npv.mean(), 0.0)
        assert evppi(res, "half_life_months", bins=17) == pytest.approx(max(expected, 0.0), rel=1e-12)

    @settings(max_examples=10, deadline=None)
    @given(key=st.sampled_from(uncertain_keys(DEFAULT)))
    def test_zero_width_input_has_zero_evppi(self, key):
        s = DEFAULT.with_values(**{key: Range.fixed(DEFAULT.likely(key))})
        res = simulate(s, draws=2000, seed=3)
        assert evppi(res, key) == 0.0
        assert key not in evppi_all(res).keys
        assert evppi_all(res, keys=[key, "productivity_gain_pct"]).evppi_of(key) == 0.0

    def test_a_shared_sort_of_the_inputs_gives_the_same_result(self):
        res = simulate(DEFAULT, draws=3000, seed=6)
        order = input_order(res)
        assert evppi_all(res, order=order) == evppi_all(res)
        keys = ["half_life_months", "nps_increase", "productivity_gain_pct"]
        assert evppi_all(res, keys=keys, bins=17, order=order) == evppi_all(res, keys=keys, bins=17)

    def test_same_seed_same_ranking(self):
        a = evppi_all(simulate(DEFAULT, draws=4000, seed=5))
        b = evppi_all(simulate(DEFAULT, draws=4000, seed=5))
        assert a == b
        assert a.bins == default_bins(4000) == 32  # round(sqrt(4000) / 2) = 32; 4000 // 50 = 80

    def test_errors_name_the_field(self):
        res = simulate(DEFAULT, draws=200, seed=1)
        with pytest.raises(ValueError, match="bins"):
            evppi(res, "productivity_gain_pct", bins=0)
        with pytest.raises(ValueError, match="nonsense"):
            evppi(res, "nonsense")
        f = evppi_all(res).to_frame()
        assert list(f.columns) == ["input", "evppi", "share_of_evpi"]
