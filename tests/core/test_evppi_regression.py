"""The regression estimator of EVPPI against a case with a known answer, and against the binning estimator.

Net benefit ``NB = a + b X + c Y`` with X, Y independent standard normals:
``E[NB | X] = a + b X`` is normal with mean ``a`` and sd ``|b|``, so
``EVPPI(X) = E[max(a + b X, 0)] - max(a, 0) = a Phi(a / |b|) + |b| phi(a / |b|) - max(a, 0)``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from roi_core import Scenario, simulate
from roi_core.decision import (
    _evppi_rows,
    evpi,
    evppi_all,
    evppi_regression,
    evppi_regression_all,
    spline_basis,
)
from roi_core.sensitivity import input_order

N = 10_000
SEEDS = range(40)


def analytic(a: float, b: float) -> float:
    s = abs(b)
    return a * norm.cdf(a / s) + s * norm.pdf(a / s) - max(a, 0.0)


def estimates(a: float, b: float, c: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    reg, se, binned = [], [], []
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        x, y = rng.standard_normal(N), rng.standard_normal(N)
        nb = a + b * x + c * y
        v, e = evppi_regression(x, nb, seed=seed)
        reg.append(v)
        se.append(e)
        binned.append(_evppi_rows(x[np.newaxis], nb, 50)[0])  # the app's binning: 50 bins at 10,000 draws
    return np.array(reg), np.array(se), np.array(binned)


class TestKnownAnswer:
    @pytest.mark.parametrize(("a", "b", "c"), [(-500.0, 1000.0, 3000.0), (500.0, 1000.0, 1000.0)])
    def test_more_accurate_than_binning_at_10000_draws(self, a, b, c):
        truth = analytic(a, b)
        reg, se, binned = estimates(a, b, c)
        rmse_reg = float(np.sqrt(np.mean((reg - truth) ** 2)))
        rmse_bin = float(np.sqrt(np.mean((binned - truth) ** 2)))
        assert rmse_reg < 0.9 * rmse_bin, (rmse_reg, rmse_bin)
        assert abs(reg.mean() - truth) < 0.02 * truth  # unbiased within 2 %
        # The reported standard error matches the spread between seeds (within a factor 1.6 either way).
        assert 0.6 < se.mean() / reg.std(ddof=1) < 1.6, (se.mean(), reg.std(ddof=1))

    def test_binning_runs_high_where_the_regression_does_not(self):
        truth = analytic(-500.0, 1000.0)
        reg, _, binned = estimates(-500.0, 1000.0, 3000.0)
        assert binned.mean() > truth * 1.02 and abs(reg.mean() / truth - 1) < 0.02

    def test_curved_net_benefit_is_followed(self):
        # NB = X^2 - 1 + noise: E[NB | X] = X^2 - 1; EVPPI = E[max(X^2 - 1, 0)] - max(0, 0).
        rng = np.random.default_rng(3)
        x = rng.standard_normal(N)
        truth = float(2 * norm.pdf(1.0))  # E[(X^2 - 1) 1{|X| > 1}] = 2 phi(1)
        v, se = evppi_regression(x, x * x - 1.0 + 0.5 * rng.standard_normal(N))
        assert abs(v - truth) < max(4 * se, 0.02 * truth)


class TestProperties:
    @settings(max_examples=25, derandomize=True)
    @given(st.floats(-3.0, 3.0), st.floats(0.1, 5.0), st.integers(0, 10**6))
    def test_never_negative_and_an_unrelated_input_is_worth_about_nothing(self, a, c, seed):
        rng = np.random.default_rng(seed)
        x, y = rng.standard_normal(2000), rng.standard_normal(2000)
        v_related, _ = evppi_regression(y, a + c * y)
        v_unrelated, se = evppi_regression(x, a + c * y)
        assert v_related >= 0 and v_unrelated >= 0
        assert v_unrelated <= evpi(a + c * y) * 0.2 + 1e-9

    def test_constant_input_is_worth_nothing(self):
        assert evppi_regression(np.ones(500), np.linspace(-1, 1, 500)) == (0.0, 0.0)

    def test_basis_spans_a_straight_line_and_cubic_pieces(self):
        x = np.linspace(0.0, 1.0, 1000)
        b = spline_basis(x, knots=6)
        coef, *_ = np.linalg.lstsq(b, 3 * x - 1, rcond=None)
        assert np.allclose(b @ coef, 3 * x - 1)


class TestOnTheModel:
    def test_same_ranking_as_binning_and_a_standard_error_per_input(self):
        res = simulate(Scenario(), draws=10_000, seed=1)
        reg = evppi_regression_all(res, order=input_order(res))
        binned = evppi_all(res)
        assert reg.keys[:3] == binned.keys[:3]
        assert len(reg.se) == len(reg.keys) and reg.method == "regression"
        assert all(e >= 0 for e in reg.se) and reg.se[0] < 0.1 * reg.evppi[0]
        assert reg.evppi[0] <= reg.evpi

    def test_order_from_the_cache_gives_the_same_answer(self):
        res = simulate(Scenario(), draws=3000, seed=4)
        assert evppi_regression_all(res) == evppi_regression_all(res, order=input_order(res))

    def test_seed_to_seed_spread_of_the_top_input_is_small(self):
        top = [
            evppi_regression_all(simulate(Scenario(seed=s), draws=10_000), keys=["productivity_gain_pct"]).evppi[0]
            for s in range(6)
        ]
        assert np.std(top) / np.mean(top) < 0.08
