"""Tests of roi_core.simulate: point estimates, Monte Carlo, and the model's properties.

The properties listed in issue 2 ("more cost never raises ROI; all effects off
gives ROI = -100 %; zero-width ranges make every draw equal the deterministic
result; doubling participants scales costs and benefits consistently;
attribution 0 removes a driver") are checked with hypothesis on the
deterministic view and, where it applies, draw by draw on the Monte Carlo
(common random numbers make draw-wise comparisons meaningful).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from roi_core.assumptions import COST_CATEGORIES, DRIVERS, INPUTS, Driver, attribution_key, confidence_key
from roi_core.distributions import Range, Shape
from roi_core.model import NEGLIGIBLE_COST, discount_factors
from roi_core.scenario import Correlation, CustomBenefit, Scenario
from roi_core.simulate import (
    HISTOGRAM_BINS,
    Note,
    PointResult,
    Sampling,
    conservative,
    deterministic,
    draw_inputs,
    histogram,
    simulate,
    uncertain_keys,
)
from tests.core.strategies import scenarios as shared_scenarios

ROOT = Path(__file__).resolve().parents[2]
PURE_COSTS = (
    "content_cost",
    "design_cost",
    "facilitation_cost",
    "learning_hours",
    "overhead_pct",
    "evaluation_cost",
    "recurring_cost",
)
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- local strategies: plausible scenarios (slider ranges, non-negative benefits) --------------------------


@st.composite
def plausible_range(draw: st.DrawFn, key: str) -> Range:
    """A range inside the input's slider range; fixed for point-only and whole-number inputs."""
    s = INPUTS[key]
    if s.integer:
        return Range.fixed(float(draw(st.integers(int(max(s.slider_min, 1)), int(s.slider_max)))))
    xs = sorted(draw(st.lists(st.floats(s.slider_min, s.slider_max), min_size=3, max_size=3)))
    if s.point_only or draw(st.integers(0, 5)) == 0:
        return Range.fixed(xs[1])
    return Range(xs[0], xs[1], xs[2], draw(st.sampled_from((Shape.PERT, Shape.TRIANGULAR, Shape.UNIFORM))))


@st.composite
def plausible_scenarios(draw: st.DrawFn, custom: bool = True) -> Scenario:
    values = {k: draw(plausible_range(k)) for k in INPUTS}
    lines = ()
    if custom:
        lines = tuple(
            CustomBenefit(
                f"line {i}",
                Range(*sorted(draw(st.lists(st.floats(0, 1e5), min_size=3, max_size=3)))),
                Range(*sorted(draw(st.lists(st.floats(0, 100), min_size=3, max_size=3)))),
                draw(st.floats(0, 100)),
                draw(st.booleans()),
            )
            for i in range(draw(st.integers(0, 2)))
        )
    return Scenario(
        values=values,
        enabled=tuple(draw(st.lists(st.sampled_from(DRIVERS), unique=True))),
        custom=lines,
        horizon_years=draw(st.integers(1, 5)),
        conservative_years=draw(st.integers(1, 5)),
        continuous=draw(st.booleans()),
        draws=200,
        seed=draw(st.integers(0, 2**32)),
    )


def shifted(r: Range, by: float) -> Range:
    """The same range moved up by ``by`` (every quantile moves by ``by``)."""
    return Range(r.low + by, r.likely + by, r.high + by, r.shape)


def all_zero_width(s: Scenario) -> Scenario:
    """Every range (inputs and custom lines) collapsed to its most likely value, shape kept."""

    def z(r: Range) -> Range:
        shape = r.shape if r.shape is not Shape.LOGNORMAL or r.likely > 0 else Shape.PERT
        return Range(r.likely, r.likely, r.likely, shape)

    custom = tuple(
        dataclasses.replace(c, value_eur=z(c.value_eur), attribution_pct=z(c.attribution_pct)) for c in s.custom
    )
    return dataclasses.replace(s, values=tuple((k, z(r)) for k, r in s.values), custom=custom)


# --- point estimates ------------------------------------------------------------------------------------------


class TestDeterministic:
    def test_default_costs_by_hand(self) -> None:
        # Defaults (most likely): 50 participants, content 600, design 10,000, trainers 8,000,
        # 24 h at 42,000 x 1.30 / (220 x 8) per hour, overhead 15 %, evaluation 3,000.
        content = 50 * 600.0
        time = 50 * 24 * 42_000 * 1.30 / (220 * 8)  # 37,227.27
        overhead = 0.15 * (content + 10_000 + 8_000)  # 7,200
        total = content + 10_000 + 8_000 + time + overhead + 3_000  # 95,427.27
        r = deterministic(Scenario())
        assert r.costs == pytest.approx(total)
        assert dict(r.cost_by_category) == pytest.approx(
            {
                "content": content,
                "design": 10_000.0,
                "facilitation": 8_000.0,
                "participant_time": time,
                "overhead": overhead,
                "evaluation": 3_000.0,
                "recurring": 0.0,
            }
        )
        assert r.view == "deterministic" and r.years == 3

    def test_headline_relations(self) -> None:
        r = deterministic(Scenario())
        assert r.roi_pct == pytest.approx((r.benefits - r.costs) / r.costs * 100)
        assert r.roi_pct == pytest.approx((r.bcr - 1) * 100)
        assert r.npv == pytest.approx(r.benefits - r.costs)
        # net benefit is undiscounted: plain sums of the yearly flows
        assert r.net_benefit == pytest.approx(sum(r.yearly_benefits) - sum(r.yearly_costs))
        # the breakdowns are present values (issue 9): they add up to the headline benefits and costs
        assert sum(r.benefit_by_line.values()) == pytest.approx(r.benefits)
        assert sum(r.cost_by_category.values()) == pytest.approx(r.costs)
        assert sum(r.yearly_pv_net) == pytest.approx(r.npv)

    def test_discounting_of_a_quality_only_scenario(self) -> None:
        # Quality alone at fixed values: 100,000 baseline x 10 % x 50 % attribution = 5,000 a year
        # at full effect. With ramp 0, half-life 12 and no turnover the effect averages
        # 0.5/ln2 in year 1 and 0.25/ln2 in year 2; discounted at 10 % from the end of each year.
        fixed = {
            k: Range.fixed(v)
            for k, v in dict(
                error_cost_baseline=100_000.0,
                error_reduction_pct=10.0,
                attribution_quality=50.0,
                ramp_up_months=0.0,
                half_life_months=12.0,
                turnover_rate_pct=0.0,
                discount_rate=10.0,
            ).items()
        }
        s = Scenario(values=fixed, enabled=(Driver.QUALITY,), horizon_years=2)
        y1, y2 = 5_000 * 0.5 / math.log(2), 5_000 * 0.25 / math.log(2)
        r = deterministic(s)
        assert r.yearly_benefits == pytest.approx((y1, y2))
        assert r.benefits == pytest.approx(y1 / 1.1 + y2 / 1.21)

    def test_zero_cost_gives_nan_with_a_reason(self) -> None:
        free = {
            k: Range.fixed(0.0)
            for k in ("content_cost", "design_cost", "facilitation_cost", "learning_hours", "evaluation_cost")
        }
        r = deterministic(Scenario(values=free))
        assert r.costs == 0.0 and r.benefits > 0
        assert math.isnan(r.roi_pct) and math.isnan(r.bcr) and math.isnan(r.payback_months)
        assert Note.ZERO_COST in r.notes
        d = r.to_dict()
        assert d["roi_pct"] is None and d["bcr"] is None and d["payback_months"] is None
        assert d["costs"] == 0.0

    def test_no_payback_note(self) -> None:
        r = deterministic(Scenario().with_enabled())
        assert math.isnan(r.payback_months) and Note.NO_PAYBACK in r.notes and Note.ZERO_COST not in r.notes

    def test_to_frame(self) -> None:
        r = deterministic(Scenario())
        f = r.to_frame()
        assert list(f["year"]) == [1, 2, 3]
        assert f["net"].sum() == pytest.approx(r.net_benefit)  # undiscounted cash
        assert f["cumulative_pv_net"].iloc[-1] == pytest.approx(r.npv)  # present value: ends at the NPV


class TestConservative:
    def test_is_confidence_times_first_year(self) -> None:
        # Every benefit is linear in its attribution, and the Phillips view multiplies each attribution by
        # the driver's confidence (default 70 %), counts only year 1 and does not discount (Phillips), so:
        # Phillips benefits = 0.70 x the undiscounted deterministic benefits of a one-year horizon.
        s = Scenario()
        one_year = deterministic(dataclasses.replace(s, horizon_years=1).with_values(discount_rate=Range.fixed(0.0)))
        c = conservative(s)
        assert (c.view, c.years) == ("conservative", 1)
        assert c.benefits == pytest.approx(0.70 * one_year.benefits)
        assert c.costs == pytest.approx(one_year.costs)
        # ... and so more than the discounted year-1 figure at the default 8 % rate: year 1 is not discounted.
        assert c.benefits == pytest.approx(
            0.70 * deterministic(dataclasses.replace(s, horizon_years=1)).benefits * 1.08
        )

    def test_per_driver_confidence(self) -> None:
        s = Scenario().with_values(**{confidence_key(Driver.QUALITY): Range.fixed(40.0)})
        undiscounted = dataclasses.replace(s, horizon_years=1).with_values(discount_rate=Range.fixed(0.0))
        one_year = deterministic(undiscounted).benefit_by_line
        c = conservative(s).benefit_by_line
        assert c["quality"] == pytest.approx(0.40 * one_year["quality"])
        assert c["productivity"] == pytest.approx(0.70 * one_year["productivity"])

    def test_custom_line_confidence(self) -> None:
        # 10,000 x 50 % attribution, flat, x 60 % confidence = 3,000 in the conservative view.
        s = Scenario(custom=(CustomBenefit("Audit", Range.fixed(10_000.0), Range.fixed(50.0), 60.0, decays=False),))
        s = s.with_enabled()  # the custom line alone
        # (cash; the lines are present values, which is the only benefit here)
        c, d = conservative(s), deterministic(s)
        assert sum(c.yearly_benefits) == pytest.approx(3_000.0)
        assert c.benefit_by_line["Audit"] == pytest.approx(c.benefits)
        assert sum(d.yearly_benefits) == pytest.approx(3 * 5_000.0)
        _, factors = discount_factors(3, s.likely("discount_rate"))
        assert d.benefit_by_line["Audit"] == pytest.approx(5_000.0 * factors.sum())

    def test_extended_horizon(self) -> None:
        s = dataclasses.replace(Scenario(), horizon_years=3, conservative_years=2)
        assert conservative(s).years == 2
        assert conservative(dataclasses.replace(s, horizon_years=1)).years == 1


# --- properties -------------------------------------------------------------------------------------------------


class TestProperties:
    @given(plausible_scenarios(), st.sampled_from(PURE_COSTS), st.floats(0.0, 1e4))
    @PROPERTY
    def test_more_cost_never_raises_roi(self, s: Scenario, key: str, extra: float) -> None:
        # ROI = B / C - 1 falls as C rises for any B >= 0 (plausible scenarios have no negative benefits).
        extra = min(extra, INPUTS[key].hard_max - s[key].high)
        more = s.with_values(**{key: shifted(s[key], extra)})
        for view in (deterministic, conservative):
            before, after = view(s).roi_pct, view(more).roi_pct
            if not math.isnan(before):
                assert after <= before + 1e-9 * abs(before)
        # Draw by draw as well: the same uniforms, every cost draw moved up by `extra`.
        a = simulate(s, draws=200, seed=1).roi_pct
        b = simulate(more, draws=200, seed=1).roi_pct
        ok = np.isfinite(a)
        assert (b[ok] <= a[ok] + 1e-9 * np.abs(a[ok])).all()

    @given(plausible_scenarios(custom=False))
    @PROPERTY
    def test_all_drivers_off_gives_minus_100(self, s: Scenario) -> None:
        off = s.with_enabled()
        r = deterministic(off)
        assume(r.costs > 0)
        assert r.benefits == 0.0
        assert r.roi_pct == -100.0
        assert conservative(off).roi_pct == -100.0
        roi = simulate(off, draws=200).roi_pct
        np.testing.assert_array_equal(roi[np.isfinite(roi)], -100.0)

    @given(plausible_scenarios())
    @PROPERTY
    def test_zero_width_ranges_make_every_draw_deterministic(self, s: Scenario) -> None:
        z = all_zero_width(s)
        assert uncertain_keys(z) == ()
        d = deterministic(z)
        res = simulate(z, draws=300)
        np.testing.assert_array_equal(res.roi_pct, np.full(300, d.roi_pct))
        np.testing.assert_array_equal(res.costs, d.costs)
        np.testing.assert_array_equal(res.benefits, d.benefits)
        np.testing.assert_array_equal(res.payback_months, d.payback_months)
        summary = res.summary()
        assert summary.roi_p5 == summary.roi_p95 == d.roi_pct or math.isnan(d.roi_pct)

    @given(shared_scenarios())
    @PROPERTY
    def test_zero_width_on_hostile_scenarios(self, s: Scenario) -> None:
        # Whole hard ranges, negative custom values, correlations: still every draw equals the point estimate.
        z = all_zero_width(s)
        d = deterministic(z)
        res = simulate(z, draws=100)
        np.testing.assert_array_equal(res.roi_pct, np.full(100, d.roi_pct))
        np.testing.assert_array_equal(res.npv, np.full(100, d.npv))

    @given(plausible_scenarios())
    @PROPERTY
    def test_doubling_participants(self, s: Scenario) -> None:
        n = s.likely("participants")
        assume(2 * n <= INPUTS["participants"].hard_max)
        one, two = deterministic(s), deterministic(s.with_values(participants=Range.fixed(2 * n)))
        c1, c2 = one.cost_by_category, two.cost_by_category
        # scale with the people trained: content, participants' time, recurring (per completer)
        for k in ("content", "participant_time", "recurring"):
            assert c2[k] == pytest.approx(2 * c1[k], rel=1e-12, abs=1e-9)
        # one-off amounts do not
        for k in ("design", "facilitation", "evaluation"):
            assert c2[k] == c1[k]
        # overhead = pct x (content + design + facilitation): grows by pct x the extra content
        pct = s.likely("overhead_pct") / 100.0
        assert c2["overhead"] == pytest.approx(c1["overhead"] + pct * c1["content"], rel=1e-12, abs=1e-9)
        b1, b2 = one.benefit_by_line, two.benefit_by_line
        for k in ("productivity", "turnover", "absence"):  # per trained employee
            assert b2[k] == pytest.approx(2 * b1[k], rel=1e-12, abs=1e-9)
        for k in ("quality", "contractors", "onboarding", "customers", *(c.name for c in s.custom)):
            assert b2[k] == b1[k]  # team-level baselines and new hires do not depend on the group size

    @given(plausible_scenarios(), st.sampled_from(DRIVERS))
    @PROPERTY
    def test_attribution_zero_removes_a_driver(self, s: Scenario, driver: Driver) -> None:
        s = s.with_enabled(*s.enabled, driver)
        zero = s.with_values(**{attribution_key(driver): Range.fixed(0.0)})
        without = s.with_enabled(*(d for d in s.enabled if d is not driver))
        if driver is Driver.TURNOVER:
            # Zero attribution removes the line, but the trained still leave at the lower rate they actually
            # leave at (whatever its cause), so they keep their skills at work longer: the other people-based
            # lines match the switched-off scenario only when there is no reduction either.
            for view in (deterministic, conservative):
                assert view(zero).benefit_by_line[driver] == 0.0
                assert view(zero).benefits >= view(without).benefits * (1 - 1e-12) - 1e-9
            zero = zero.with_values(turnover_reduction_pp=Range.fixed(0.0))
        for view in (deterministic, conservative):
            assert view(zero).benefit_by_line[driver] == 0.0
            assert view(zero).benefits == pytest.approx(view(without).benefits, rel=1e-12, abs=1e-9)
        # Monte Carlo: the other inputs keep their draws, so every draw matches the switched-off scenario.
        a, b = simulate(zero, draws=200), simulate(without, draws=200)
        np.testing.assert_allclose(a.benefits, b.benefits, rtol=1e-12, atol=1e-9)
        assert a.summary().mean_benefit_by_line[driver] == 0.0

    @given(plausible_scenarios(), st.floats(0.0, 50.0))
    @PROPERTY
    def test_roi_monotone_in_productivity_gain(self, s: Scenario, extra: float) -> None:
        r = s["productivity_gain_pct"]
        extra = min(extra, INPUTS["productivity_gain_pct"].hard_max - r.high)
        more = s.with_values(productivity_gain_pct=shifted(r, extra))
        for view in (deterministic, conservative):
            before, after = view(s).roi_pct, view(more).roi_pct
            if not math.isnan(before):
                assert after >= before - 1e-9 * abs(before)
        a, b = simulate(s, draws=200).roi_pct, simulate(more, draws=200).roi_pct
        ok = np.isfinite(a)
        assert (b[ok] >= a[ok] - 1e-9 * np.abs(a[ok])).all()

    def test_productivity_gain_raises_roi_strictly_when_on(self) -> None:
        s = Scenario()
        assert (
            deterministic(s.with_values(productivity_gain_pct=Range(2.0, 8.0, 14.0))).roi_pct > deterministic(s).roi_pct
        )
        off = s.with_enabled(Driver.QUALITY)
        assert (
            deterministic(off.with_values(productivity_gain_pct=Range(2.0, 8.0, 14.0))).roi_pct
            == deterministic(off).roi_pct
        )


# --- Monte Carlo --------------------------------------------------------------------------------------------------


class TestSimulate:
    def test_same_seed_same_results(self) -> None:
        s = Scenario()
        a, b = simulate(s, draws=5_000, seed=42), simulate(s, draws=5_000, seed=42)
        for name in ("roi_pct", "npv", "costs", "benefits", "payback_months", "yearly_net"):
            assert getattr(a, name).tobytes() == getattr(b, name).tobytes(), name
        assert repr(a.summary()) == repr(b.summary())  # repr: an undefined (nan) median payback equals itself

    def test_same_seed_same_results_in_a_new_process(self) -> None:
        # "on every run": a fresh interpreter (fresh caches) gives the same bytes.
        code = (
            "import hashlib; from roi_core import Scenario, simulate;"
            "r = simulate(Scenario(), draws=3000, seed=7, sampling='lhs');"
            "print(hashlib.sha256(r.roi_pct.tobytes() + r.npv.tobytes()).hexdigest())"
        )
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )
        r = simulate(Scenario(), draws=3000, seed=7, sampling="lhs")
        assert out.stdout.strip() == hashlib.sha256(r.roi_pct.tobytes() + r.npv.tobytes()).hexdigest()

    def test_different_seed_different_results(self) -> None:
        a, b = simulate(Scenario(), draws=2_000, seed=1), simulate(Scenario(), draws=2_000, seed=2)
        assert not np.array_equal(a.roi_pct, b.roi_pct)

    def test_seed_zero_is_a_seed(self) -> None:
        # `if seed:` would treat 0 as "no seed"; 0 must be reproducible and differ from the scenario seed.
        a, b = simulate(Scenario(), draws=1_000, seed=0), simulate(Scenario(), draws=1_000, seed=0)
        assert np.array_equal(a.roi_pct, b.roi_pct)
        assert not np.array_equal(a.roi_pct, simulate(Scenario(), draws=1_000).roi_pct)

    def test_scenario_draws_and_seed_are_the_defaults(self) -> None:
        s = dataclasses.replace(Scenario(), draws=500, seed=99)
        assert np.array_equal(simulate(s).roi_pct, simulate(s, draws=500, seed=99).roi_pct)
        assert simulate(s).n == 500

    def test_chunks_give_the_same_numbers(self) -> None:
        # Draws beyond one chunk (16,384) are evaluated separately; the first ones must not change.
        big, small = simulate(Scenario(), draws=20_000, seed=3), simulate(Scenario(), draws=1_000, seed=3)
        # A stream of n uniforms starts with the stream of fewer: the first 1,000 draws agree.
        np.testing.assert_array_equal(big.roi_pct[:1_000], small.roi_pct)

    def test_draws_match_a_direct_evaluation(self) -> None:
        # Draw i of the simulation equals the deterministic model at draw i's inputs.
        s = Scenario()
        res = simulate(s, draws=50, seed=11)
        for i in (0, 17, 49):
            point = {k: Range.fixed(float(res.inputs.column(k)[i])) for k in res.inputs.keys}
            assert deterministic(s.with_values(**point)).roi_pct == pytest.approx(res.roi_pct[i], rel=1e-12)

    def test_no_confidence_haircut(self) -> None:
        # Confidence is point-only: changing it changes the conservative view, never the simulation.
        s = Scenario()
        low = s.with_values(**{confidence_key(d): Range.fixed(10.0) for d in DRIVERS})
        assert np.array_equal(simulate(s, draws=500).roi_pct, simulate(low, draws=500).roi_pct)
        assert conservative(low).roi_pct < conservative(s).roi_pct

    def test_simulate_never_loops_in_python_over_draws(self) -> None:
        # 100,000 draws of a 5-year scenario: the issue asks for well under 0.25 s (the benchmark
        # measures that). Here only a guard against a per-draw Python loop, which is 30x+ slower:
        # the bound leaves room for a machine loaded ~10 processes deep (measured 0.65-0.8 s there).
        import time

        s = dataclasses.replace(Scenario(), horizon_years=5)
        simulate(s, draws=1_000)  # warm the quantile tables
        times = []
        for _ in range(3):  # best of three: other test processes share the two cores
            t = time.perf_counter()
            simulate(s, draws=100_000)
            times.append(time.perf_counter() - t)
        assert min(times) < 2.5


class TestDrawInputs:
    def test_shapes_and_keys(self) -> None:
        s = Scenario()
        d = draw_inputs(s, draws=100, seed=1)
        assert d.keys == uncertain_keys(s)
        assert d.uniforms.shape == d.values.shape == (len(d.keys), 100)
        assert set(INPUTS) <= set(d.params)
        assert ((d.uniforms >= 0) & (d.uniforms < 1)).all()

    def test_uncertain_keys_skip_fixed_point_only_and_switched_off(self) -> None:
        s = Scenario()
        keys = set(uncertain_keys(s))
        assert "participants" not in keys  # fixed
        assert not {k for k in keys if INPUTS[k].point_only}
        assert "contractor_spend" not in keys  # contractors are off by default
        assert "productivity_gain_pct" in keys

    def test_values_stay_within_range(self) -> None:
        d = draw_inputs(Scenario(), draws=5_000, seed=2)
        for k in d.keys:
            r = Scenario()[k]
            col = d.column(k)
            assert col.min() >= r.low and col.max() <= r.high, k

    def test_normal_draws_clipped_to_hard_bounds(self) -> None:
        # A normal 90 % interval 0..100 on a share has tails below 0 and above 100: clipped.
        s = Scenario().with_values(completion_rate=Range(0.0, 50.0, 100.0, Shape.NORMAL))
        col = draw_inputs(s, draws=20_000, seed=1).column("completion_rate")
        assert col.min() == 0.0 and col.max() == 100.0

    def test_common_random_numbers(self) -> None:
        # Changing one input's range leaves every other input's uniforms and values untouched.
        s = Scenario()
        t = s.with_values(
            productivity_gain_pct=Range(3.0, 9.0, 20.0, Shape.TRIANGULAR), participants=Range(40.0, 50.0, 70.0)
        )  # a fixed input becomes uncertain
        a, b = draw_inputs(s, draws=1_000, seed=5), draw_inputs(t, draws=1_000, seed=5)
        assert set(b.keys) == set(a.keys) | {"participants"}
        for k in a.keys:
            if k != "productivity_gain_pct":
                assert np.array_equal(a.column(k), b.column(k)), k
                assert np.array_equal(a.uniforms[a.keys.index(k)], b.uniforms[b.keys.index(k)]), k
        i, j = a.keys.index("productivity_gain_pct"), b.keys.index("productivity_gain_pct")
        assert np.array_equal(a.uniforms[i], b.uniforms[j])  # same uniforms, new mapping
        assert not np.array_equal(a.values[i], b.values[j])

    def test_common_random_numbers_with_custom_lines_and_drivers(self) -> None:
        s = Scenario()
        t = dataclasses.replace(
            s.with_enabled(*s.enabled, Driver.CUSTOMERS), custom=(CustomBenefit("x", Range(1.0, 2.0, 3.0)),)
        )
        a, b = draw_inputs(s, draws=500, seed=8), draw_inputs(t, draws=500, seed=8)
        for k in a.keys:
            assert np.array_equal(a.column(k), b.column(k)), k
        assert {"custom:0:value", "custom:0:attribution", "revenue_influenced"} <= set(b.keys)

    def test_latin_hypercube_is_stratified(self) -> None:
        # LHS: each of the n equal strata of [0, 1) holds exactly one uniform of each input.
        d = draw_inputs(Scenario(), draws=997, seed=4, sampling=Sampling.LATIN_HYPERCUBE)
        strata = np.floor(d.uniforms * 997).astype(int)
        for row in strata:
            assert np.array_equal(np.sort(row), np.arange(997))

    def test_lhs_gives_the_same_mean_more_accurately(self) -> None:
        s = Scenario()
        truth = simulate(s, draws=200_000, seed=123, sampling="lhs").roi_pct.mean()
        # A 200,000-draw plain Monte Carlo agrees with it (same expectation, different method).
        assert simulate(s, draws=200_000, seed=321).roi_pct.mean() == pytest.approx(truth, abs=0.5)
        err_random = [simulate(s, draws=1_000, seed=k).roi_pct.mean() - truth for k in range(16)]
        err_lhs = [simulate(s, draws=1_000, seed=k, sampling="lhs").roi_pct.mean() - truth for k in range(16)]
        rmse_random, rmse_lhs = np.sqrt(np.mean(np.square(err_random))), np.sqrt(np.mean(np.square(err_lhs)))
        assert rmse_lhs < rmse_random / 2

    def test_bad_draws_and_sampling(self) -> None:
        with pytest.raises(ValueError, match="draws must be at least 1"):
            draw_inputs(Scenario(), draws=0)
        with pytest.raises(ValueError):
            draw_inputs(Scenario(), draws=10, sampling="sobol")


class TestCorrelation:
    A, B = "productivity_gain_pct", "attribution_productivity"

    def _pair(self, rho: float | None, seed: int = 5, draws: int = 20_000) -> tuple[Scenario, object]:
        s = Scenario(correlations=(Correlation(self.A, self.B, rho),) if rho is not None else ())
        return s, simulate(s, draws=draws, seed=seed)

    @pytest.mark.parametrize("rho", [0.8, 0.5, -0.6])
    def test_rank_correlation_close_to_target(self, rho: float) -> None:
        # rho is a rank (Spearman) correlation. Using it as the normal scores' Pearson correlation
        # would give a Spearman of (6 / pi) asin(rho / 2): 0.483 for 0.5, off by 0.017. With 50,000
        # draws the sampling error is about 0.004, so a 0.01 tolerance tells the two apart.
        _, res = self._pair(rho, draws=50_000)
        got = spearmanr(res.inputs.column(self.A), res.inputs.column(self.B)).statistic
        assert got == pytest.approx(rho, abs=0.01)

    def test_independent_without_correlation(self) -> None:
        _, res = self._pair(None)
        assert abs(spearmanr(res.inputs.column(self.A), res.inputs.column(self.B)).statistic) < 0.03

    def test_positive_correlation_widens_roi_when_both_push_the_same_way(self) -> None:
        # Gain and attribution both raise ROI: moving together makes the extremes more extreme.
        _, free = self._pair(None)
        _, tied = self._pair(0.8)
        width = [np.subtract(*np.percentile(r.roi_pct, [95, 5])) for r in (free, tied)]
        assert width[1] > 1.1 * width[0]

    def test_other_inputs_untouched(self) -> None:
        _, free = self._pair(None)
        _, tied = self._pair(0.8)
        for k in free.inputs.keys:
            if k not in (self.A, self.B):
                assert np.array_equal(free.inputs.column(k), tied.inputs.column(k)), k
        # the first input of the pair keeps its own draws (the copula only bends the second)
        assert np.array_equal(free.inputs.column(self.A), tied.inputs.column(self.A))

    def test_marginals_kept(self) -> None:
        _, free = self._pair(None)
        _, tied = self._pair(0.8)
        for k in (self.A, self.B):
            assert tied.inputs.column(k).mean() == pytest.approx(free.inputs.column(k).mean(), rel=0.01)

    def test_contradictory_correlations_warn(self) -> None:
        cs = (
            Correlation("productivity_gain_pct", "attribution_productivity", 0.95),
            Correlation("attribution_productivity", "error_reduction_pct", 0.95),
            Correlation("productivity_gain_pct", "error_reduction_pct", -0.95),
        )
        with pytest.warns(UserWarning, match="contradict"):
            res = simulate(Scenario(correlations=cs), draws=1_000)
        assert np.isfinite(res.roi_pct).all()


class TestSummary:
    @given(plausible_scenarios(), st.floats(-200.0, 500.0))
    @PROPERTY
    def test_probabilities_and_histogram(self, s: Scenario, hurdle: float) -> None:
        res = simulate(s, draws=200)
        m = res.summary(hurdle_pct=hurdle)
        for p in (m.prob_roi_positive, m.prob_beats_hurdle, m.prob_payback):
            assert 0.0 <= p <= 1.0
        finite = np.isfinite(res.roi_pct)
        assert sum(m.roi_histogram.counts) == finite.sum()
        assert len(m.roi_histogram.counts) == (HISTOGRAM_BINS if finite.any() else 1)
        assert len(m.roi_histogram.edges) == len(m.roi_histogram.counts) + 1
        assert list(m.roi_histogram.edges) == sorted(m.roi_histogram.edges)
        assert m.n_undefined == (~finite).sum()
        if finite.any():
            assert m.roi_p5 <= m.roi_p10 <= m.roi_p50 <= m.roi_p90 <= m.roi_p95

    @given(shared_scenarios())
    @PROPERTY
    def test_hostile_scenarios_give_numbers_or_nan_never_an_exception(self, s: Scenario) -> None:
        # Whole hard ranges (up to 1e12), negative custom values, contradictory correlations.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # overflow at 1e12 x 1e12 and "contradictory correlations"
            d = deterministic(s)
            m = simulate(s, draws=100).summary()
        for p in (m.prob_roi_positive, m.prob_beats_hurdle, m.prob_payback):
            assert 0.0 <= p <= 1.0
        assert math.isnan(d.payback_months) or 0.0 <= d.payback_months <= 12.0 * d.years
        assert (abs(d.costs) < NEGLIGIBLE_COST) == (Note.ZERO_COST in d.notes)

    def test_numbers_match_the_draws(self) -> None:
        res = simulate(Scenario(), draws=4_000, seed=9)
        roi = res.roi_pct
        m = res.summary(hurdle_pct=25.0)
        assert m.roi_mean == pytest.approx(roi.mean())
        assert (m.roi_p5, m.roi_p50, m.roi_p95) == pytest.approx(tuple(np.percentile(roi, [5, 50, 95])))
        assert m.prob_roi_positive == np.count_nonzero(roi > 0) / 4_000
        assert m.prob_beats_hurdle == np.count_nonzero(roi > 25.0) / 4_000
        assert m.prob_beats_hurdle <= m.prob_roi_positive
        assert m.npv_mean == pytest.approx(res.npv.mean())
        assert m.hurdle_pct == 25.0 and m.draws == 4_000 and m.seed == Scenario().seed
        assert res.summary().prob_beats_hurdle == m.prob_roi_positive  # default hurdle 0 %

    def test_mean_cost_by_category(self) -> None:
        res = simulate(Scenario(), draws=2_000, seed=3)
        m = res.summary()
        assert tuple(m.mean_cost_by_category) == COST_CATEGORIES
        # one-off horizon, no discounting of year-1 costs: the category means add up to the mean cost
        assert sum(m.mean_cost_by_category.values()) == pytest.approx(res.costs.mean())
        assert m.mean_cost_by_category["content"] == pytest.approx(50 * res.inputs.column("content_cost").mean())

    def test_cumulative_net_quantiles(self) -> None:
        res = simulate(Scenario(), draws=2_000, seed=3)
        q = res.summary().cumulative_net_quantiles
        assert set(q) == {"p10", "p50", "p90"}
        cum = np.cumsum(res.yearly_net, axis=0)
        assert q["p50"] == pytest.approx(tuple(np.percentile(cum, 50, axis=1)))
        assert all(a <= b <= c for a, b, c in zip(q["p10"], q["p50"], q["p90"], strict=True))

    def test_all_draws_undefined(self) -> None:
        free = {
            k: Range.fixed(0.0)
            for k in ("content_cost", "design_cost", "facilitation_cost", "learning_hours", "evaluation_cost")
        }
        m = simulate(Scenario(values=free), draws=300).summary()
        assert m.n_undefined == 300
        assert math.isnan(m.roi_mean) and math.isnan(m.roi_p50)
        assert m.prob_roi_positive == 0.0 and sum(m.roi_histogram.counts) == 0
        assert m.to_dict()["roi_mean"] is None

    def test_payback_median_undefined_when_most_never_pay_back(self) -> None:
        m = simulate(Scenario().with_enabled(), draws=300).summary()
        assert m.prob_payback == 0.0 and math.isnan(m.payback_p50_months)

    def test_to_dict_is_json_safe(self) -> None:
        import json

        d = simulate(Scenario(), draws=500).summary().to_dict()
        json.dumps(d, allow_nan=False)
        assert d["draws"] == 500


class TestStartOfCashFlow:
    def test_start_is_minus_the_upfront_costs(self) -> None:
        # Year-1 costs are paid at month 0, so the cumulative curve starts at minus those costs.
        s = Scenario(draws=4000, seed=3)
        res = simulate(s)
        costs_year1 = res.upfront_costs
        q = res.summary().start_net_quantiles
        assert q["p50"] == pytest.approx(-float(np.percentile(costs_year1, 50)))
        assert q["p10"] <= q["p50"] <= q["p90"] < 0

    def test_fixed_costs_start_at_the_deterministic_year1_costs(self) -> None:
        fixed = {k: Range.fixed(s.default.likely) for k, s in INPUTS.items() if s.group.value == "programme"}
        fixed.update(gross_salary=Range.fixed(42000.0), oncost_pct=Range.fixed(30.0))
        s = Scenario(draws=500).with_values(**fixed)
        q = simulate(s).summary().start_net_quantiles
        year1 = deterministic(s).yearly_costs[0]
        assert q["p10"] == pytest.approx(-year1) and q["p90"] == pytest.approx(-year1)


class TestGoldenNumbers:
    """Regression pins for the default scenario. Update deliberately when the model changes
    (and say why in the commit message); never to make an unrelated change pass.

    Last update (issue 9): trained staff leave at the reduced rate while the turnover driver counts, leavers
    avoided count those present at the start of a year, and the Phillips view is undiscounted."""

    def test_default_scenario(self) -> None:
        s = Scenario()
        d, c = deterministic(s), conservative(s)
        assert d.costs == pytest.approx(95_427.27272727, rel=1e-9)  # derived by hand in TestDeterministic
        assert d.benefits == pytest.approx(87_807.8104044, rel=1e-7)
        assert d.roi_pct == pytest.approx(-7.9845752, rel=1e-6)
        # Issue 9: payback is discounted, like ROI; a negative NPV means no payback in 3 years
        # (it was 33.5 months on undiscounted cash flows, beside a negative ROI).
        assert math.isnan(d.payback_months) and d.npv < 0
        assert c.roi_pct == pytest.approx(-58.6435272, rel=1e-6)
        m = simulate(s, draws=10_000, seed=20261127).summary()
        assert m.roi_mean == pytest.approx(-0.2022183, rel=1e-5)
        assert m.roi_p5 == pytest.approx(-49.9120675, rel=1e-5)
        assert m.roi_p50 == pytest.approx(-5.0498969, rel=1e-5)
        assert m.roi_p95 == pytest.approx(66.6207743, rel=1e-5)
        assert m.prob_roi_positive == pytest.approx(0.4456, abs=1e-12)
        assert m.prob_payback == m.prob_roi_positive  # was 0.5601 vs 0.4368 on undiscounted cash flows


def test_point_result_is_frozen() -> None:
    r = deterministic(Scenario())
    assert isinstance(r, PointResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.roi_pct = 0.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        r.cost_by_category["content"] = 0.0  # type: ignore[index]


class TestHistogramOfNearlyConstantValues:
    """A found example: every draw gave the same ROI up to rounding (1e-14), and numpy refused 60 bins."""

    @given(
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
        st.lists(st.floats(min_value=-1e-6, max_value=1e-6), min_size=1, max_size=50),
    )
    def test_never_raises_and_counts_every_value(self, centre: float, noise: list[float]) -> None:
        values = np.array([centre * (1.0 + e * 1e-8) for e in noise])
        h = histogram(values)
        assert sum(h.counts) == len(values)
        assert h.edges[0] <= values.min() and h.edges[-1] >= values.max()

    def test_rounding_spread_gets_one_unit_around_it(self) -> None:
        x = 12.345678901234
        h = histogram(np.array([x, np.nextafter(x, 100.0), x]))
        assert h.edges[0] == pytest.approx(x - 0.5) and h.edges[-1] == pytest.approx(x + 0.5)
        assert len(h.counts) == HISTOGRAM_BINS
