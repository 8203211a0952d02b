"""Discounted payback (issue 9): the same present values as ROI and NPV, so "payback within the horizon"
and "ROI >= 0" never disagree.

Hand-computed cases first, then a property over random scenarios: for every Monte Carlo draw (and the two
point estimates) the payback lies within the horizon exactly when the NPV is >= 0.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roi_core import conservative, deterministic, simulate
from roi_core.model import discount_factors, payback_months
from tests.core.strategies import scenarios

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


class TestDiscountedPayback:
    def test_no_discount_is_the_plain_payback(self) -> None:
        # 100 up front; 30, 50, 50 a year: -70, -20, then 20/50 into year 3 = 28.8 months.
        got = payback_months([[100.0], [0.0], [0.0]], [[30.0], [50.0], [50.0]])
        assert got[0] == pytest.approx(28.8)

    def test_discounting_moves_it_later(self) -> None:
        # At 10 %: benefits 30/1.1 = 27.27, 50/1.21 = 41.32, 50/1.331 = 37.57 (present values).
        # End of year 1: -72.73; year 2: -31.40; in year 3 after 31.40 / 37.57 of it.
        cf, bf = discount_factors(3, 10.0)
        got = payback_months([[100.0], [0.0], [0.0]], [[30.0], [50.0], [50.0]], cf, bf)[0]
        pv = [30 / 1.1, 50 / 1.1**2, 50 / 1.1**3]
        expected = 24 + 12 * (100 - pv[0] - pv[1]) / pv[2]
        assert got == pytest.approx(expected)
        assert got > 28.8

    def test_recurring_costs_are_discounted_from_the_start_of_their_year(self) -> None:
        # 100 at t=0, 20 at the start of year 2 (worth 20/1.1 = 18.18), benefits 80 a year (72.73, 66.12).
        cf, bf = discount_factors(2, 10.0)
        got = payback_months([[100.0], [20.0]], [[80.0], [80.0]], cf, bf)[0]
        start = 80 / 1.1 - 100 - 20 / 1.1
        assert got == pytest.approx(12 + 12 * -start / (80 / 1.1**2))

    def test_a_later_dip_below_zero_moves_the_payback(self) -> None:
        # Paid back after 6 months of year 1 (100 of 200), but the 150 of year 2 pushes it back below zero:
        # -50 at the start of year 2, +200 over it: the payback is 12 + 12 * 50/200 = 15 months, not 6.
        assert payback_months([[100.0], [150.0]], [[200.0], [200.0]])[0] == pytest.approx(15.0)

    def test_npv_exactly_zero_pays_back_at_the_horizon(self) -> None:
        assert payback_months([[100.0], [0.0]], [[50.0], [50.0]])[0] == pytest.approx(24.0)

    def test_negative_npv_is_no_payback_even_if_it_was_ahead_once(self) -> None:
        # Ahead after year 1 (+100), then a cost of 150 that year 2 does not earn back.
        assert np.isnan(payback_months([[100.0], [150.0]], [[200.0], [0.0]])[0])

    def test_cost_free_is_undefined(self) -> None:
        assert np.isnan(payback_months([[0.0]], [[10.0]])[0])


def _agree(payback: np.ndarray, npv: np.ndarray, costs: np.ndarray) -> None:
    defined = costs > 0
    within = np.isfinite(payback)
    assert not within[~defined].any(), "a free programme has no payback"
    bad = np.flatnonzero(defined & (within != (npv >= 0)))
    assert bad.size == 0, f"draw {bad[:3]}: payback {payback[bad[:3]]}, npv {npv[bad[:3]]}"


class TestPaybackAgreesWithNpv:
    @PROPERTY
    @given(scenarios(max_changed=12), st.integers(0, 2**32 - 1))
    def test_each_draw_pays_back_within_the_horizon_iff_npv_is_not_negative(self, s, seed) -> None:
        s = dataclasses.replace(s, draws=200, seed=seed)
        with np.errstate(all="ignore"):  # extreme random inputs: the model's own overflow is not this test's subject
            sim = simulate(s)
        _agree(sim.payback_months, sim.npv, sim.costs)
        for point in (deterministic(s), conservative(s)):
            _agree(np.array([point.payback_months]), np.array([point.npv]), np.array([point.costs]))
            if np.isfinite(point.payback_months):
                assert 0.0 <= point.payback_months <= 12.0 * point.years
