"""Tests of roi_core.sensitivity: tornado, spider, rank correlations, Sobol, and the copula in simulate."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

import roi_core.evaluate as evaluate
from roi_core import (
    Correlation,
    CustomBenefit,
    Range,
    Scenario,
    Shape,
    deterministic,
    simulate,
    uncertain_keys,
)
from roi_core.sensitivity import (
    average_ranks,
    input_order,
    rank_correlations,
    saltelli_matrix,
    sensitivity_keys,
    sobol,
    spider,
    tornado,
)
from tests.core.conftest import fixed_except
from tests.core.strategies import scenarios

DEFAULT = Scenario()
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def point(scenario: Scenario, key: str, value: float, metric: str = "roi_pct") -> float:
    """Independent path: deterministic() of the scenario with ``key`` pinned to ``value``."""
    r = deterministic(scenario.with_values(**{key: Range.fixed(value)}))
    return r.roi_pct if metric == "roi_pct" else r.npv


varying_key = st.sampled_from(uncertain_keys(DEFAULT))


class TestTornado:
    def test_base_is_the_deterministic_result(self):
        assert tornado(DEFAULT).base == pytest.approx(deterministic(DEFAULT).roi_pct, rel=1e-12)
        assert tornado(DEFAULT, metric="npv").base == pytest.approx(deterministic(DEFAULT).npv, rel=1e-12)

    def test_uniform_range_p10_p90_by_hand(self):
        # Uniform 2..10: P10 = 2 + 0.1 * 8 = 2.8, P90 = 2 + 0.9 * 8 = 9.2.
        s = DEFAULT.with_values(productivity_gain_pct=Range(2.0, 5.0, 10.0, Shape.UNIFORM))
        t = tornado(s, keys=["productivity_gain_pct"])
        assert t.low_values[0] == pytest.approx(2.8)
        assert t.high_values[0] == pytest.approx(9.2)
        assert t.likely[0] == 5.0

    def test_every_output_matches_deterministic_with_the_input_pinned(self):
        t = tornado(DEFAULT)
        for i, k in enumerate(t.keys):
            assert t.low_output[i] == pytest.approx(point(DEFAULT, k, t.low_values[i]), rel=1e-9, abs=1e-9)
            assert t.high_output[i] == pytest.approx(point(DEFAULT, k, t.high_values[i]), rel=1e-9, abs=1e-9)

    def test_values_are_the_exact_quantiles(self):
        t = tornado(DEFAULT, low_q=0.05, high_q=0.95)
        for i, k in enumerate(t.keys):
            lo, hi = DEFAULT[k].exact_ppf(np.array([0.05, 0.95]))
            assert (t.low_values[i], t.high_values[i]) == pytest.approx((lo, hi))

    def test_sorted_by_swing_and_swing_is_the_absolute_difference(self):
        t = tornado(DEFAULT)
        assert list(t.swing) == sorted(t.swing, reverse=True)
        assert np.allclose(t.swing, np.abs(np.subtract(t.high_output, t.low_output)))
        assert t.keys[0] == "productivity_gain_pct"  # the default's biggest lever (5 % gain, 1..12)

    def test_linear_input_is_symmetric_around_base(self):
        # ROI is linear in the productivity gain (benefit = k * gain, cost unchanged), so the
        # ROI change per unit of input is the same below and above the base.
        t = tornado(DEFAULT, keys=["productivity_gain_pct"])
        slope_low = (t.base - t.low_output[0]) / (t.likely[0] - t.low_values[0])
        slope_high = (t.high_output[0] - t.base) / (t.high_values[0] - t.likely[0])
        assert slope_low == pytest.approx(slope_high, rel=1e-9)

    def test_covers_every_varying_input_and_custom_lines(self):
        s = DEFAULT.__class__(custom=(CustomBenefit("Fewer complaints", Range(5000.0, 10000.0, 20000.0)),))
        t = tornado(s)
        assert set(t.keys) == set(uncertain_keys(s)) | {"custom:0:value", "custom:0:attribution"}
        i = t.keys.index("custom:0:value")
        pinned = Scenario(custom=(CustomBenefit("Fewer complaints", Range.fixed(t.high_values[i])),))
        assert t.high_output[i] == pytest.approx(deterministic(pinned).roi_pct, rel=1e-9)

    def test_only_custom_lines_varying(self):
        # All registry inputs fixed: the model still has to size its arrays to the custom cases.
        s = fixed_except(Scenario(custom=(CustomBenefit("Extra", Range(0.0, 1000.0, 5000.0)),)))
        t = tornado(s)
        assert set(t.keys) == {"custom:0:value", "custom:0:attribution"}
        assert all(x > 0 for x in t.swing)

    def test_default_keys_are_the_simulated_inputs(self):
        s = Scenario(custom=(CustomBenefit("X", Range(1.0, 2.0, 3.0)),))
        assert sensitivity_keys(s) == simulate(s, draws=100).inputs.keys

    def test_one_model_call(self, monkeypatch):
        calls = []
        real = evaluate.cash_flows  # the home of case evaluation (roi_core.evaluate)

        def counting(*a, **kw):
            calls.append(1)
            return real(*a, **kw)

        monkeypatch.setattr(evaluate, "cash_flows", counting)
        tornado(DEFAULT)
        assert len(calls) == 1

    @SETTINGS
    @given(key=varying_key, frac=st.floats(0.0, 1.0))
    def test_zero_width_range_has_zero_swing(self, key, frac):
        r = DEFAULT[key]
        s = DEFAULT.with_values(**{key: Range.fixed(r.low + frac * (r.high - r.low))})
        t = tornado(s)
        assert key not in t.keys  # not a varying input any more
        explicit = tornado(s, keys=[key, "productivity_gain_pct"])
        assert explicit.swing_of(key) == 0.0

    def test_bad_arguments_name_the_field(self):
        with pytest.raises(ValueError, match="metric"):
            tornado(DEFAULT, metric="irr")
        with pytest.raises(ValueError, match="low_q"):
            tornado(DEFAULT, low_q=0.9, high_q=0.1)
        with pytest.raises(ValueError, match="nonsense"):
            tornado(DEFAULT, keys=["nonsense"])
        with pytest.raises(ValueError, match="custom:3:value"):
            tornado(DEFAULT, keys=["custom:3:value"])

    def test_frame(self):
        f = tornado(DEFAULT).to_frame()
        assert list(f.columns[:3]) == ["input", "likely", "low_value"]
        assert len(f) == len(sensitivity_keys(DEFAULT))


class TestSpider:
    def test_range_mode_by_hand(self):
        # PERT 1 / 5 / 12, 3 points: low, midpoint (1 + 12) / 2 = 6.5, high.
        sp = spider(DEFAULT, keys=["productivity_gain_pct"], points=3)
        assert sp.values[0] == (1.0, 6.5, 12.0)
        assert sp.positions == (0.0, 50.0, 100.0)
        for v, roi in zip(sp.values[0], sp.roi_pct[0], strict=True):
            assert roi == pytest.approx(point(DEFAULT, "productivity_gain_pct", v), rel=1e-9)

    def test_relative_mode_clips_to_hard_limits(self):
        # Attribution most likely 70 % -> 35 .. 105, but the hard maximum is 100 %.
        s = DEFAULT.with_values(attribution_productivity=Range(50.0, 70.0, 90.0))
        sp = spider(s, keys=["attribution_productivity"], points=5, mode="relative")
        assert sp.positions == (-50.0, -25.0, 0.0, 25.0, 50.0)
        assert sp.values[0] == pytest.approx((35.0, 52.5, 70.0, 87.5, 100.0))
        assert sp.roi_pct[0][2] == pytest.approx(sp.base_roi_pct)

    def test_long_frame(self):
        sp = spider(DEFAULT, points=7)
        f = sp.to_long_frame()
        assert list(f.columns) == ["input", "position", "value", "roi_pct", "npv"]
        assert len(f) == 7 * len(sp.keys)
        row = f[(f.input == "content_cost") & (f.position == 100.0)].iloc[0]
        assert row.value == DEFAULT["content_cost"].high

    @SETTINGS
    @given(
        low=st.floats(0.0, 10.0),
        width=st.floats(0.1, 20.0),
        points=st.integers(2, 40),
        mode=st.sampled_from(["range", "relative"]),
    )
    def test_monotone_inputs_give_monotone_lines(self, low, width, points, mode):
        s = DEFAULT.with_values(
            productivity_gain_pct=Range(low, low + width / 2, low + width),
            content_cost=Range(100.0 + low, 100.0 + low + width, 100.0 + low + 2 * width),
        )
        sp = spider(s, keys=["productivity_gain_pct", "content_cost"], points=points, mode=mode)
        gain, cost = np.asarray(sp.roi_pct)
        assert np.all(np.diff(gain) >= -1e-9)  # more gain, more ROI
        assert np.all(np.diff(cost) <= 1e-9)  # dearer content, less ROI

    def test_bad_points_and_mode(self):
        with pytest.raises(ValueError, match="points"):
            spider(DEFAULT, points=1)
        with pytest.raises(ValueError, match="mode"):
            spider(DEFAULT, mode="log")


class TestRankCorrelations:
    def test_matches_scipy_spearman(self):
        res = simulate(DEFAULT, draws=3000, seed=3)
        rc = rank_correlations(res)
        for k, rho in zip(rc.keys, rc.rho, strict=True):
            expected = stats.spearmanr(res.inputs.column(k), res.roi_pct).statistic
            assert rho == pytest.approx(expected, abs=1e-12)

    def test_sorted_and_shares(self):
        rc = rank_correlations(simulate(DEFAULT, draws=3000, seed=3), metric="npv")
        a = np.abs(rc.rho)
        assert np.all(np.diff(a) <= 0)
        assert sum(rc.share) == pytest.approx(1.0)
        assert np.allclose(rc.share, a**2 / (a**2).sum())
        assert rc.keys[0] == "productivity_gain_pct"

    def test_input_without_effect_is_near_zero(self):
        # The attribution of a custom line worth exactly EUR 0 cannot move the ROI; its |rho| is
        # sampling noise, of the order 1 / sqrt(n).
        s = Scenario(custom=(CustomBenefit("Nothing", Range.fixed(0.0), Range(10.0, 50.0, 90.0)),))
        res = simulate(s, draws=5000, seed=1)
        rc = rank_correlations(res)
        assert abs(rc.rho[rc.keys.index("custom:0:attribution")]) < 4 / np.sqrt(5000)

    def test_ties_are_averaged_like_scipy(self):
        # Inputs are read from tables of 4,096 values, so 10,000 draws tie often; outputs may tie too.
        rng = np.random.default_rng(7)
        values = rng.integers(0, 50, size=(6, 2000)).astype(float)
        values[0] = 3.0  # one constant row
        assert np.array_equal(average_ranks(values), stats.rankdata(values, axis=1))
        assert np.array_equal(average_ranks(values[1]), stats.rankdata(values[1]))
        order = np.argsort(values, axis=1, kind="stable")
        assert np.array_equal(average_ranks(values, order), stats.rankdata(values, axis=1))
        assert average_ranks(np.empty((3, 0))).shape == (3, 0)

    @SETTINGS
    @given(st.lists(st.integers(-3, 3), min_size=1, max_size=40))
    def test_average_ranks_fuzz(self, xs):
        x = np.array(xs, dtype=float)
        assert np.array_equal(average_ranks(x), stats.rankdata(x))

    def test_matches_scipy_spearman_with_ties_and_undefined_rois(self):
        res = simulate(DEFAULT, draws=3000, seed=4)
        roi = res.roi_pct.copy()
        roi[::7] = np.nan  # zero-cost draws are left out
        roi[1::7] = np.round(roi[1::7], -2)  # and outputs tie
        fake = type(res)(**{**res.__dict__, "roi_pct": roi})
        rc = rank_correlations(fake)
        ok = np.isfinite(roi)
        for k, rho in zip(rc.keys, rc.rho, strict=True):
            expected = stats.spearmanr(res.inputs.column(k)[ok], roi[ok]).statistic
            assert rho == pytest.approx(expected, abs=1e-12)
        # a shared sort of the inputs (with the left-out draws still in it) gives the same result
        assert rank_correlations(fake, order=input_order(res)) == rc
        assert rank_correlations(res, metric="npv", order=input_order(res)) == rank_correlations(res, metric="npv")

    def test_constant_output_gives_zeros(self):
        s = fixed_except(Scenario(custom=(CustomBenefit("Nothing", Range.fixed(0.0), Range(10.0, 50.0, 90.0)),)))
        rc = rank_correlations(simulate(s, draws=500, seed=1))
        assert rc.rho == (0.0,) and rc.share == (0.0,)


class TestSobol:
    def test_saltelli_matrix_equals_salib(self):
        from SALib.sample import sobol as salib_sample

        d, n = 5, 64
        problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
        expected = salib_sample.sample(problem, n, calc_second_order=False, seed=np.random.default_rng(9))
        from scipy.stats import qmc

        base = qmc.Sobol(d=2 * d, scramble=True, seed=np.random.default_rng(9)).random(n)
        assert np.array_equal(saltelli_matrix(base), expected)

    def test_linear_model_analytic_indices(self):
        # NPV is linear in two independent uniform inputs, everything else fixed:
        #   NPV = a * V * (1/1.08 + 1/1.08^2 + 1/1.08^3) - (1 + 15 %) * D + const
        # (V: a flat custom benefit per year, attribution a = 50 %, counted at the end of
        # years 1..3 at the default 8 % discount rate; D: design cost paid at t = 0, plus the
        # default 15 % overhead on it). Uniform variance = width^2 / 12, so
        #   S1_V = c^2 wV^2 / (c^2 wV^2 + 1.15^2 wD^2) with c = 0.5 * annuity, and S1 = ST.
        annuity = sum(1.08**-t for t in (1, 2, 3))
        c, w_v, w_d = 0.5 * annuity, 20_000.0, 30_000.0
        s = fixed_except(
            Scenario(
                custom=(
                    CustomBenefit("Flat", Range(0.0, 10_000.0, w_v, Shape.UNIFORM), Range.fixed(50.0), decays=False),
                )
            ),
            "design_cost",
        ).with_values(design_cost=Range(0.0, 10_000.0, w_d, Shape.UNIFORM))
        share_v = c**2 * w_v**2 / (c**2 * w_v**2 + 1.15**2 * w_d**2)  # = 0.358
        r = sobol(s, n_base=4096, seed=5, metric="npv")
        assert set(r.keys) == {"custom:0:value", "design_cost"}
        s1_v, st_v = r.index_of("custom:0:value")
        s1_d, st_d = r.index_of("design_cost")
        for est, true in ((s1_v, share_v), (st_v, share_v), (s1_d, 1 - share_v), (st_d, 1 - share_v)):
            assert est == pytest.approx(true, abs=0.03)

    def test_same_seed_same_indices(self):
        a = sobol(DEFAULT, n_base=256, seed=11)
        b = sobol(DEFAULT, n_base=256, seed=11)
        c = sobol(DEFAULT, n_base=256, seed=12)
        assert a == b
        assert a.s1 != c.s1
        assert sobol(DEFAULT, n_base=128, seed=0) == sobol(DEFAULT, n_base=128, seed=0)  # 0 is a seed too

    def test_default_ranking_agrees_with_rank_correlation(self):
        r = sobol(DEFAULT, n_base=512, seed=1)
        assert r.keys[0] == rank_correlations(simulate(DEFAULT, draws=5000, seed=1)).keys[0]
        assert list(r.st) == sorted(r.st, reverse=True)
        assert r.evaluations == 512 * (len(sensitivity_keys(DEFAULT)) + 2)
        assert 0.8 < sum(r.s1) <= 1.1  # nearly additive model; first-order indices sum to about 1

    @settings(max_examples=6, deadline=None)
    @given(key=varying_key)
    def test_zero_width_input_has_zero_index(self, key):
        s = DEFAULT.with_values(**{key: Range.fixed(DEFAULT.likely(key))})
        r = sobol(s, n_base=64, seed=2, keys=[key, "productivity_gain_pct", "half_life_months"])
        assert r.index_of(key) == (0.0, 0.0)
        assert key not in sobol(s, n_base=64, seed=2).keys

    def test_constant_output_gives_zeros_without_warnings(self):
        s = fixed_except(Scenario(custom=(CustomBenefit("Nothing", Range.fixed(0.0), Range(10.0, 50.0, 90.0)),)))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            r = sobol(s, n_base=64)
        assert r.keys == ("custom:0:attribution",)
        assert r.s1 == (0.0,) and r.st == (0.0,) and r.output_variance == 0.0

    def test_nothing_varies(self):
        r = sobol(fixed_except(DEFAULT), n_base=64)
        assert r.keys == () and r.evaluations == 0

    def test_bad_n_base(self):
        with pytest.raises(ValueError, match="n_base"):
            sobol(DEFAULT, n_base=1000)
        with pytest.raises(ValueError, match="n_base"):
            sobol(DEFAULT, n_base=16)


class TestCorrelatedInputs:
    """The Gaussian copula of roi_core.sampling (draw_inputs)."""

    PAIR = ("productivity_gain_pct", "half_life_months")  # both raise the ROI

    def corr(self, rho: float) -> Scenario:
        return Scenario(correlations=(Correlation(*self.PAIR, rho),))

    def test_rank_correlation_is_imposed(self):
        for rho in (-0.6, 0.3, 0.8):
            d = simulate(self.corr(rho), draws=20_000, seed=4).inputs
            got = stats.spearmanr(d.column(self.PAIR[0]), d.column(self.PAIR[1])).statistic
            assert got == pytest.approx(rho, abs=0.02)

    def test_positive_correlation_widens_roi(self):
        # Var(a X + b Y) = a^2 var X + b^2 var Y + 2ab cov(X, Y): with both effects positive,
        # a positive correlation adds variance, a negative one removes it.
        base = simulate(DEFAULT, draws=20_000, seed=4)
        pos = simulate(self.corr(0.8), draws=20_000, seed=4)
        neg = simulate(self.corr(-0.8), draws=20_000, seed=4)
        sd = [r.roi_pct.std() for r in (neg, base, pos)]
        assert sd[0] < sd[1] < sd[2]
        assert sd[2] > 1.1 * sd[1]
        p = [np.percentile(r.roi_pct, [10, 90]) for r in (base, pos)]
        assert p[1][1] - p[1][0] > p[0][1] - p[0][0]
        # The marginals are unchanged: same values, only paired differently.
        for k in self.PAIR:
            assert np.mean(pos.inputs.column(k)) == pytest.approx(np.mean(base.inputs.column(k)), rel=0.01)

    def test_other_inputs_keep_their_draws(self):
        base = simulate(DEFAULT, draws=1000, seed=4)
        pos = simulate(self.corr(0.8), draws=1000, seed=4)
        assert np.array_equal(base.inputs.column("content_cost"), pos.inputs.column("content_cost"))


class TestInputOrder:
    """input_order sorts the table cells (radix sort) instead of the values: the same order, checked per input."""

    @pytest.mark.filterwarnings("ignore:the stated correlations contradict each other")  # random scenarios may
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(scenario=scenarios(max_changed=8), lhs=st.booleans())
    def test_same_as_a_stable_sort_of_the_values(self, scenario: Scenario, lhs: bool) -> None:
        small = dataclasses.replace(scenario, draws=min(scenario.draws, 3_000))
        res = simulate(small, sampling="lhs" if lhs else "random")
        assert np.array_equal(input_order(res), np.argsort(res.inputs.values, axis=1, kind="stable"))

    def test_values_clipped_to_a_bound_fall_back_to_the_values(self) -> None:
        # A wide normal range is clipped at the input's hard bounds: many cells give the same value.
        s = Scenario().with_values(productivity_gain_pct=Range(0.0, 1.0, 100.0, Shape.NORMAL))
        res = simulate(s)
        row = res.inputs.keys.index("productivity_gain_pct")
        values = res.inputs.values[row]
        assert (values == values.min()).sum() > 10  # clipped: a plateau across many cells
        assert np.array_equal(input_order(res), np.argsort(res.inputs.values, axis=1, kind="stable"))

    def test_draws_that_do_not_follow_their_cells_are_sorted_by_value(self) -> None:
        res = simulate(Scenario(draws=500))
        values = res.inputs.values.copy()
        values[0] = values[0][::-1]  # no longer the table value of each draw's cell
        fake = dataclasses.replace(res, inputs=dataclasses.replace(res.inputs, values=values))
        assert np.array_equal(input_order(fake), np.argsort(values, axis=1, kind="stable"))
