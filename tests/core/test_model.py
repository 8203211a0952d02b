"""Tests of roi_core.model with small cases computed by hand.

One class per public function. Every expected number is derived in the test
from the model description (issue 2 and the module docstring):

* costs of year 1 are paid at t = 0, recurring costs at the start of later years;
* benefits accrue evenly in a year and are discounted from its end;
* the effect grows linearly to 1 over the ramp-up months, then halves every
  half-life; the yearly figure is the average effect over the year's 12 months;
* people-based benefits shrink with the rate at which trained staff leave (the
  turnover driver's leavers avoided count those present at the start of a year).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from roi_core.assumptions import COST_CATEGORIES, DRIVERS, INPUT_KEYS, Driver, attribution_key
from roi_core.model import (
    CashFlows,
    CustomLine,
    bcr,
    cash_flows,
    discount_factors,
    effect_by_year,
    payback_months,
    roi_pct,
)

LN2 = math.log(2.0)
HUGE_HALF_LIFE = 1e9  # months: no decay to speak of (effect = 1 within 1e-7)
CAT = {name: i for i, name in enumerate(COST_CATEGORIES)}
LINE = {str(d): i for i, d in enumerate(DRIVERS)}


def base(**overrides: float) -> dict[str, float]:
    """Every input zero, except what keeps the model defined: one participant who
    completes, 220 working days, output valued at loaded cost (x 1.0), full
    attribution, no ramp-up, no decay."""
    p = dict.fromkeys(INPUT_KEYS, 0.0)
    p.update(
        participants=1.0,
        completion_rate=100.0,
        working_days=220.0,
        half_life_months=HUGE_HALF_LIFE,
        output_value_multiple=1.0,
    )
    for d in DRIVERS:
        p[attribution_key(d)] = 100.0
    p.update(overrides)
    return p


def flows(p: dict[str, float], *, enabled=DRIVERS, years: int = 1, continuous: bool = False, custom=()) -> CashFlows:
    return cash_flows(p, enabled=enabled, horizon_years=years, continuous=continuous, custom=custom)


def line(cf: CashFlows, name: str) -> np.ndarray:
    """Yearly values of one benefit line for a point estimate, ``(years,)``."""
    return cf.benefits[cf.benefit_names.index(name), :, 0]


def avg_decay(a: float, b: float, start: float, half_life: float) -> float:
    """Average over months [a, b] of 2 ** (-(m - start) / half_life), for a >= start.

    The integral of exp(-lam (m - start)) dm from a to b with lam = ln 2 / half_life
    is (exp(-lam (a - start)) - exp(-lam (b - start))) / lam; divide by the 12 months.
    """
    lam = LN2 / half_life
    return (math.exp(-lam * (a - start)) - math.exp(-lam * (b - start))) / lam / 12.0


class TestEffectByYear:
    def test_no_ramp_half_life_12(self) -> None:
        # (1/12) * integral_0^12 2^(-m/12) dm = (1/12) * (12/ln2) * (1 - 1/2) = 0.5 / ln 2 = 0.7213
        # year 2: (1/12) * (12/ln2) * (1/2 - 1/4) = 0.25 / ln 2; year 3: 0.125 / ln 2.
        e = effect_by_year(3, 0.0, 12.0, False)[:, 0]
        np.testing.assert_allclose(e, [0.5 / LN2, 0.25 / LN2, 0.125 / LN2], rtol=1e-12)

    def test_ramp_within_first_year(self) -> None:
        # r = 3, h = 12. Year 1: ramp integral_0^3 m/3 dm = 9/6 = 1.5, then the decay
        # integral_3^12 2^(-(m-3)/12) dm = (1 - 2^(-9/12)) * 12 / ln 2; average over 12 months.
        # Year 2: integral_12^24 2^(-(m-3)/12) dm = (2^(-9/12) - 2^(-21/12)) * 12 / ln 2, / 12.
        y1 = (1.5 + (1.0 - 2.0**-0.75) * 12.0 / LN2) / 12.0
        y2 = (2.0**-0.75 - 2.0**-1.75) / LN2
        e = effect_by_year(2, 3.0, 12.0, False)[:, 0]
        np.testing.assert_allclose(e, [y1, y2], rtol=1e-12)
        assert y1 == pytest.approx(0.125 + 0.75 * avg_decay(3.0, 12.0, 3.0, 12.0) / 0.75)  # same integral

    def test_ramp_across_years(self) -> None:
        # r = 18, h = 6. Year 1 only ramps: integral_0^12 m/18 dm = 144/36 = 4 -> 4/12 = 1/3.
        # Year 2: ramp integral_12^18 m/18 dm = (324 - 144)/36 = 5, decay integral_18^24 2^(-(m-18)/6) dm
        # = (1 - 1/2) * 6 / ln 2 = 3 / ln 2; average (5 + 3/ln2) / 12.
        # Year 3: integral_24^36 2^(-(m-18)/6) dm = (2^-1 - 2^-3) * 6 / ln 2 = 2.25 / ln 2; / 12.
        e = effect_by_year(3, 18.0, 6.0, False)[:, 0]
        np.testing.assert_allclose(e, [1.0 / 3.0, (5.0 + 3.0 / LN2) / 12.0, 2.25 / LN2 / 12.0], rtol=1e-12)

    def test_ramp_longer_than_horizon(self) -> None:
        # r = 36: year 1 average of m/36 over 0..12 = 6/36; year 2 = 18/36 (no decay yet).
        np.testing.assert_allclose(effect_by_year(2, 36.0, 12.0, False)[:, 0], [1 / 6, 1 / 2], rtol=1e-12)

    def test_huge_half_life_is_flat_after_ramp(self) -> None:
        # r = 6, no decay: year 1 = (integral_0^6 m/6 dm + 6 months at 1) / 12 = (3 + 6)/12 = 0.75; year 2 = 1.
        e = effect_by_year(2, 6.0, HUGE_HALF_LIFE, False)[:, 0]
        np.testing.assert_allclose(e, [0.75, 1.0], rtol=1e-6)

    def test_continuous_refreshes_each_year(self) -> None:
        # Refreshers restore the full effect at the start of each later year, so
        # years 2 and 3 equal a year that starts at 1: 0.5 / ln 2 with h = 12.
        # Year 1 still has its ramp: r = 3 as in test_ramp_within_first_year.
        y1 = (1.5 + (1.0 - 2.0**-0.75) * 12.0 / LN2) / 12.0
        e = effect_by_year(3, 3.0, 12.0, True)[:, 0]
        np.testing.assert_allclose(e, [y1, 0.5 / LN2, 0.5 / LN2], rtol=1e-12)

    def test_continuous_waits_for_a_long_ramp(self) -> None:
        # r = 18 is still ramping in year 2: no refresh yet, same as one-off; year 3 starts refreshed.
        one_off = effect_by_year(3, 18.0, 6.0, False)[:, 0]
        cont = effect_by_year(3, 18.0, 6.0, True)[:, 0]
        np.testing.assert_allclose(cont[:2], one_off[:2], rtol=1e-12)
        assert cont[2] == pytest.approx((1.0 - 2.0**-2) * 6.0 / LN2 / 12.0)

    def test_vectorised_equals_one_by_one(self) -> None:
        # Draws that ramp and draws that do not, in one call: each column must equal its scalar call.
        r = np.array([0.0, 3.0, 18.0, 30.0, 12.0, 0.5])
        h = np.array([6.0, 12.0, 24.0, 1.0, 6.5, 60.0])
        for continuous in (False, True):
            vec = effect_by_year(5, r, h, continuous)
            assert vec.shape == (5, 6)
            for i in range(6):
                np.testing.assert_allclose(vec[:, i], effect_by_year(5, r[i], h[i], continuous)[:, 0], rtol=1e-12)

    def test_between_zero_and_one(self) -> None:
        e = effect_by_year(5, np.linspace(0, 60, 31), np.linspace(0.5, 120, 31), False)
        assert ((e >= 0) & (e <= 1)).all()


class TestEffectByYearIsTotal:
    """Issue 9: hypothesis found a ramp-up of 5e-324 months where 0.5 / r overflowed and the effect became NaN."""

    @pytest.mark.parametrize("ramp", [0.0, 5e-324, 1e-300, 1e-12, 6.0, 60.0, 1e300, math.inf])
    @pytest.mark.parametrize("half_life", [0.0, 5e-324, 1e-300, 0.5, 12.0, 1e300, math.inf])
    @pytest.mark.parametrize("continuous", [False, True])
    def test_finite_within_zero_and_one_without_warnings(self, ramp: float, half_life: float, continuous: bool) -> None:
        # RuntimeWarnings are errors in the test configuration, so an overflow or 0/0 fails here too.
        e = effect_by_year(5, ramp, half_life, continuous)
        assert np.isfinite(e).all() and (e >= 0).all() and (e <= 1 + 1e-12).all()

    def test_a_tiny_ramp_up_is_no_ramp_up(self) -> None:
        np.testing.assert_allclose(effect_by_year(3, 5e-324, 12.0, False), effect_by_year(3, 0.0, 12.0, False))

    def test_an_infinite_half_life_is_a_lasting_effect(self) -> None:
        np.testing.assert_array_equal(
            effect_by_year(3, 6.0, math.inf, False), effect_by_year(3, 6.0, 12.0, False, lasting=True)
        )

    def test_a_huge_half_life_keeps_its_precision(self) -> None:
        # (1 - exp(-x)) / x for x = 12 ln2 / 1e12 is 1 - 4.2e-12; a subtraction of exponentials would lose it.
        e = effect_by_year(1, 0.0, 1e12, False)[0, 0]
        assert e == pytest.approx(1.0 - 6.0 * LN2 / 1e12, rel=1e-15)

    def test_a_zero_half_life_loses_the_effect_at_once(self) -> None:
        # Only the ramp-up counts: 6 months growing to 1 average 0.5 over half a year = 0.25 of year 1.
        np.testing.assert_allclose(effect_by_year(2, 6.0, 0.0, False)[:, 0], [0.25, 0.0], atol=1e-15)

    def test_lasting_effect_exact(self) -> None:
        # No ramp-up: exactly 1 every year. 6 months of ramp-up: year 1 = (6 x 0.5 + 6 x 1) / 12 = 0.75.
        assert effect_by_year(3, 0.0, 12.0, False, lasting=True)[:, 0].tolist() == [1.0, 1.0, 1.0]
        assert effect_by_year(2, 6.0, 1.0, True, lasting=True)[:, 0].tolist() == [0.75, 1.0]


class TestDiscountFactors:
    def test_costs_start_benefits_end_of_year(self) -> None:
        # rate 10 %: costs at t = 0, 1, 2 -> 1, 1/1.1, 1/1.21; benefits at t = 1, 2, 3.
        c, b = discount_factors(3, 10.0)
        np.testing.assert_allclose(c[:, 0], [1.0, 1 / 1.1, 1 / 1.21])
        np.testing.assert_allclose(b[:, 0], [1 / 1.1, 1 / 1.21, 1 / 1.331])

    def test_zero_rate_is_plain_sum(self) -> None:
        c, b = discount_factors(4, 0.0)
        assert (c == 1.0).all() and (b == 1.0).all()

    def test_vector_of_rates(self) -> None:
        c, b = discount_factors(2, np.array([0.0, 100.0]))
        assert c.shape == b.shape == (2, 2)
        # rate 100 %: factors halve every year.
        np.testing.assert_allclose(b[:, 1], [0.5, 0.25])
        np.testing.assert_allclose(c[:, 1], [1.0, 0.5])


class TestRoiPct:
    def test_bcr_2_48_is_roi_148(self) -> None:
        # (99,200 - 40,000) / 40,000 * 100 = 148 %, not 248 %.
        assert float(roi_pct(99_200.0, 40_000.0)) == pytest.approx(148.0)
        assert float(roi_pct(99_200.0, 40_000.0)) == pytest.approx((float(bcr(99_200.0, 40_000.0)) - 1) * 100)

    def test_no_benefits_is_minus_100(self) -> None:
        assert float(roi_pct(0.0, 12_345.0)) == -100.0

    def test_roi_nan_for_zero_cost(self) -> None:
        # A free programme has no ROI: nan, never a silent 0 or inf.
        assert np.isnan(roi_pct(1_000.0, 0.0))
        assert np.isnan(roi_pct(0.0, 0.0))

    def test_vectorised_with_mask(self) -> None:
        out = roi_pct(np.array([1_000.0, 300.0, 50.0]), np.array([0.0, 100.0, 100.0]))
        # (300 - 100) / 100 * 100 = 200; (50 - 100) / 100 * 100 = -50
        np.testing.assert_array_equal(np.isnan(out), [True, False, False])
        np.testing.assert_allclose(out[1:], [200.0, -50.0])


class TestBcr:
    def test_ratio(self) -> None:
        assert float(bcr(99_200.0, 40_000.0)) == pytest.approx(2.48)

    def test_bcr_nan_for_zero_cost(self) -> None:
        assert np.isnan(bcr(5.0, 0.0))


class TestPaybackMonths:
    def test_within_first_year_linear(self) -> None:
        # 40,000 paid at the start, 60,000 earned evenly: 40/60 of a year = 8 months.
        assert payback_months([[40_000.0]], [[60_000.0]])[0] == pytest.approx(8.0)

    def test_in_a_later_year(self) -> None:
        # Costs 100,000 up front; benefits 30,000, 50,000, 50,000.
        # End of year 1: -70,000; end of year 2: -20,000; in year 3 after 20/50 of it:
        # 24 + 12 * 20,000 / 50,000 = 28.8 months.
        got = payback_months([[100_000.0], [0.0], [0.0]], [[30_000.0], [50_000.0], [50_000.0]])
        assert got[0] == pytest.approx(28.8)

    def test_recurring_cost_at_start_of_year(self) -> None:
        # Costs 100 then 10 (start of year 2); benefits 60, 80. End of year 1: -40;
        # start of year 2: -50; 12 + 12 * 50 / 80 = 19.5 months.
        assert payback_months([[100.0], [10.0]], [[60.0], [80.0]])[0] == pytest.approx(19.5)

    def test_exactly_at_year_end(self) -> None:
        assert payback_months([[100.0]], [[100.0]])[0] == pytest.approx(12.0)

    def test_nan_if_never(self) -> None:
        assert np.isnan(payback_months([[100.0], [0.0]], [[30.0], [30.0]])[0])

    def test_nan_when_cost_zero(self) -> None:
        # Nothing to pay back: undefined, never "0 months".
        assert np.isnan(payback_months([[0.0], [0.0]], [[30.0], [30.0]])[0])

    def test_nan_when_no_benefits(self) -> None:
        assert np.isnan(payback_months([[10.0]], [[0.0]])[0])

    def test_vectorised(self) -> None:
        # Column 0 pays back after 6 months (50/100 of a year); column 1 never; column 2 free.
        got = payback_months([[50.0, 50.0, 0.0]], [[100.0, 10.0, 5.0]])
        assert got[0] == pytest.approx(6.0)
        assert np.isnan(got[1]) and np.isnan(got[2])


class TestCashFlowsCosts:
    P = dict(
        participants=10.0,
        completion_rate=90.0,
        content_cost=500.0,
        design_cost=10_000.0,
        facilitation_cost=8_000.0,
        learning_hours=24.0,
        gross_salary=40_000.0,
        oncost_pct=30.0,
        working_days=220.0,
        overhead_pct=15.0,
        evaluation_cost=3_000.0,
        recurring_cost=300.0,
    )

    def test_costs_by_category(self) -> None:
        cf = flows(base(**self.P), years=1)
        by = {k: float(cf.costs[i, 0, 0]) for k, i in CAT.items()}
        assert by["content"] == pytest.approx(10 * 500.0)  # participants x content cost
        assert by["design"] == pytest.approx(10_000.0)
        assert by["facilitation"] == pytest.approx(8_000.0)
        # participants x hours x salary x (1 + on-cost) / (working days x 8 h)
        # = 10 x 24 x 40,000 x 1.30 / 1,760 = 7,090.909...
        assert by["participant_time"] == pytest.approx(10 * 24 * 40_000 * 1.30 / (220 * 8))
        # 15 % of (content + design + facilitation) = 0.15 x 23,000 = 3,450
        assert by["overhead"] == pytest.approx(0.15 * (5_000 + 10_000 + 8_000))
        assert by["evaluation"] == pytest.approx(3_000.0)
        assert by["recurring"] == 0.0

    def test_all_costs_in_year_one_for_one_off(self) -> None:
        cf = flows(base(**self.P), years=3, continuous=False)
        assert (cf.costs[:, 1:, :] == 0).all()

    def test_continuous_recurring_from_year_two(self) -> None:
        # Recurring = completers x recurring cost = 10 x 90 % x 300 = 2,700 in years 2 and 3.
        cf = flows(base(**self.P), years=3, continuous=True)
        np.testing.assert_allclose(cf.costs[CAT["recurring"], :, 0], [0.0, 2_700.0, 2_700.0])
        # the one-off categories stay in year 1
        one_off = flows(base(**self.P), years=3, continuous=False)
        np.testing.assert_allclose(cf.costs[: CAT["recurring"]], one_off.costs[: CAT["recurring"]])

    def test_continuous_single_year_has_no_recurring(self) -> None:
        cf = flows(base(**self.P), years=1, continuous=True)
        assert cf.costs[CAT["recurring"]].sum() == 0.0

    def test_present_value_of_costs(self) -> None:
        # Year 1 costs at t = 0; recurring 2,700 at the start of years 2 and 3: / 1.1 and / 1.21.
        year1 = 5_000 + 10_000 + 8_000 + 10 * 24 * 40_000 * 1.30 / 1_760 + 3_450 + 3_000
        cf = flows(base(**self.P, discount_rate=10.0), years=3, continuous=True)
        assert float(cf.pv_costs()[0]) == pytest.approx(year1 + 2_700 / 1.1 + 2_700 / 1.21)
        assert cf.yearly_costs[:, 0].tolist() == pytest.approx([year1, 2_700.0, 2_700.0])

    def test_costs_do_not_depend_on_drivers(self) -> None:
        on = flows(base(**self.P), years=2, enabled=DRIVERS)
        off = flows(base(**self.P), years=2, enabled=())
        np.testing.assert_array_equal(on.costs, off.costs)


class TestCashFlowsBenefits:
    """Each driver alone, ramp 0 and a huge half-life (effect 1 every year) unless stated."""

    def test_productivity_with_known_half_life(self) -> None:
        # loaded = 40,000 x 1.25 = 50,000; full yearly value = 1 trained x 50,000 x 1.0 (output multiple)
        # x 10 % gain x 50 % attribution = 2,500. Half-life 12, no ramp: x 0.5/ln2, then 0.25/ln2.
        p = base(
            gross_salary=40_000.0,
            oncost_pct=25.0,
            productivity_gain_pct=10.0,
            output_value_multiple=1.0,
            attribution_productivity=50.0,
            half_life_months=12.0,
        )
        cf = flows(p, years=2, enabled=(Driver.PRODUCTIVITY,))
        np.testing.assert_allclose(line(cf, "productivity"), [2_500 * 0.5 / LN2, 2_500 * 0.25 / LN2], rtol=1e-12)
        assert cf.benefits[[i for n, i in LINE.items() if n != "productivity"]].sum() == 0.0

    def test_productivity_counts_completers_and_output_multiple(self) -> None:
        # 20 participants x 75 % completion = 15 trained; 15 x 50,000 x 1.5 x 4 % x 100 % = 45,000.
        p = base(
            participants=20.0,
            completion_rate=75.0,
            gross_salary=40_000.0,
            oncost_pct=25.0,
            productivity_gain_pct=4.0,
            output_value_multiple=1.5,
        )
        assert line(flows(p, enabled=(Driver.PRODUCTIVITY,)), "productivity")[0] == pytest.approx(45_000.0)

    def test_turnover_erodes_people_benefits(self) -> None:
        # Survival at 10 % turnover: year 1 averages 0.9^s over s in [0, 1] = -0.1 / ln 0.9 = 0.94912;
        # year 2 is that x 0.9. Productivity 2,500 a year at full effect (as above, no decay).
        p = base(
            gross_salary=40_000.0,
            oncost_pct=25.0,
            productivity_gain_pct=10.0,
            attribution_productivity=50.0,
            turnover_rate_pct=10.0,
        )
        within = -0.1 / math.log(0.9)
        got = line(flows(p, years=2, enabled=(Driver.PRODUCTIVITY,)), "productivity")
        np.testing.assert_allclose(got, [2_500 * within, 2_500 * within * 0.9], rtol=1e-6)

    @pytest.mark.parametrize("rate", [1e-300, 1e-15, 1e-9])
    def test_tiny_turnover_rate_is_almost_no_turnover(self, rate: float) -> None:
        # Survival -q / ln(1 - q) tends to 1 as q -> 0 (1 - q/2 + ...). With ln(1 - q) computed as
        # log(1.0) = 0 for q below the float resolution, it became -inf and turned every people-based
        # benefit into -inf or nan (found by hypothesis in test_simulate).
        p = base(gross_salary=40_000.0, oncost_pct=25.0, productivity_gain_pct=10.0, attribution_productivity=50.0)
        got = line(flows({**p, "turnover_rate_pct": rate}, years=2, enabled=(Driver.PRODUCTIVITY,)), "productivity")
        np.testing.assert_allclose(got, [2_500.0, 2_500.0], rtol=1e-6)

    def test_quality(self) -> None:
        # 80,000 x 20 % x 50 % = 8,000 a year
        p = base(error_cost_baseline=80_000.0, error_reduction_pct=20.0, attribution_quality=50.0)
        np.testing.assert_allclose(line(flows(p, years=2), "quality"), [8_000.0, 8_000.0], rtol=1e-6)

    def test_contractors(self) -> None:
        # 50,000 x 10 % x 60 % = 3,000
        p = base(contractor_spend=50_000.0, contractor_reduction_pct=10.0, attribution_contractors=60.0)
        assert line(flows(p), "contractors")[0] == pytest.approx(3_000.0, rel=1e-6)

    def test_onboarding_has_no_survival_factor(self) -> None:
        # 8 hires x 4/52 of a year x loaded 50,000 x 50 % gap x 50 % attribution = 7,692.31;
        # new hires are not the trained group, so 10 % turnover does not shrink it.
        p = base(
            hires_per_year=8.0,
            weeks_saved=4.0,
            gross_salary=40_000.0,
            oncost_pct=25.0,
            ramp_gap_pct=50.0,
            attribution_onboarding=50.0,
            turnover_rate_pct=10.0,
        )
        expected = 8 * 4 / 52 * 50_000 * 0.5 * 0.5
        np.testing.assert_allclose(line(flows(p, years=2), "onboarding"), [expected, expected], rtol=1e-6)

    def test_customers(self) -> None:
        # 2,000,000 revenue x 30 % margin x (3 NPS points x 0.1 pp per point = 0.3 %) x 40 % = 720
        p = base(
            revenue_influenced=2_000_000.0,
            gross_margin_pct=30.0,
            nps_increase=3.0,
            churn_per_nps_point=0.1,
            attribution_customers=40.0,
        )
        assert line(flows(p), "customers")[0] == pytest.approx(2e6 * 0.30 * 0.003 * 0.40, rel=1e-6)

    def test_turnover(self) -> None:
        # 50 participants x 80 % completion = 40 trained, all still there at the start of year 1,
        # x 1 pp fewer leavers = 0.4 leavers x 40,000 x 25 % replacement x 40 % = 1,600. No survival factor
        # in year 1: the turnover rate is a share of those present at the start of the year.
        p = base(
            participants=50.0,
            completion_rate=80.0,
            gross_salary=40_000.0,
            turnover_rate_pct=10.0,
            turnover_reduction_pp=1.0,
            replacement_cost_pct=25.0,
            attribution_turnover=40.0,
        )
        assert line(flows(p), "turnover")[0] == pytest.approx(1_600.0, rel=1e-6)

    def test_turnover_reduction_capped_at_rate(self) -> None:
        # A 15 pp reduction of a 10 % rate saves at most the 10 %: 50 x 10 % x 40,000 x 25 % = 50,000.
        p = base(
            participants=50.0,
            gross_salary=40_000.0,
            turnover_rate_pct=10.0,
            turnover_reduction_pp=15.0,
            replacement_cost_pct=25.0,
        )
        assert line(flows(p), "turnover")[0] == pytest.approx(50_000.0, rel=1e-6)

    def test_absence(self) -> None:
        # 50 participants x 80 % = 40 trained x 220 days x 0.2 pp = 17.6 days x 300 EUR x 40 % = 2,112
        p = base(
            participants=50.0,
            completion_rate=80.0,
            absence_rate_pct=5.0,
            absence_reduction_pp=0.2,
            absence_day_cost=300.0,
            attribution_absence=40.0,
        )
        assert line(flows(p), "absence")[0] == pytest.approx(40 * 220 * 0.002 * 300 * 0.40, rel=1e-6)

    def test_absence_reduction_capped_at_rate(self) -> None:
        # 8 pp off a 5 % rate counts as 5 pp: 1 x 220 x 5 % x 300 = 3,300
        p = base(absence_rate_pct=5.0, absence_reduction_pp=8.0, absence_day_cost=300.0)
        assert line(flows(p), "absence")[0] == pytest.approx(3_300.0, rel=1e-6)

    def test_disabled_driver_gives_nothing(self) -> None:
        p = base(error_cost_baseline=80_000.0, error_reduction_pct=20.0)
        enabled = tuple(d for d in DRIVERS if d is not Driver.QUALITY)
        assert (line(flows(p, years=3, enabled=enabled), "quality") == 0).all()

    def test_custom_line_decaying_and_flat(self) -> None:
        # 10,000 EUR x 50 % = 5,000 at full effect. Decaying with h = 12, no ramp: x 0.5/ln2, x 0.25/ln2.
        # Flat: 5,000 every year, regardless of decay and turnover.
        p = base(half_life_months=12.0, turnover_rate_pct=20.0)
        custom = (CustomLine("Fewer audits", 10_000.0, 50.0, decays=True), CustomLine("Flat", 10_000.0, 50.0, False))
        cf = flows(p, years=2, enabled=(), custom=custom)
        assert cf.benefit_names == tuple(str(d) for d in DRIVERS) + ("Fewer audits", "Flat")
        np.testing.assert_allclose(line(cf, "Fewer audits"), [5_000 * 0.5 / LN2, 5_000 * 0.25 / LN2], rtol=1e-12)
        np.testing.assert_allclose(line(cf, "Flat"), [5_000.0, 5_000.0])

    def test_present_value_of_benefits(self) -> None:
        # Quality 8,000 a year (no decay) at 10 %: 8,000 / 1.1 + 8,000 / 1.21 (end of each year).
        p = base(error_cost_baseline=80_000.0, error_reduction_pct=20.0, attribution_quality=50.0, discount_rate=10.0)
        cf = flows(p, years=2)
        assert float(cf.pv_benefits()[0]) == pytest.approx(8_000 / 1.1 + 8_000 / 1.21, rel=1e-6)
        by_line = cf.pv_benefits_by_line()
        assert float(by_line[LINE["quality"], 0]) == pytest.approx(8_000 / 1.1 + 8_000 / 1.21, rel=1e-6)

    def test_continuous_refreshes_benefits(self) -> None:
        # Productivity 2,500 a year at full effect, h = 12: one-off year 2 = 2,500 x 0.25/ln2,
        # continuous year 2 = 2,500 x 0.5/ln2 (refreshed to full effect at the start of the year).
        p = base(
            gross_salary=40_000.0,
            oncost_pct=25.0,
            productivity_gain_pct=10.0,
            attribution_productivity=50.0,
            half_life_months=12.0,
        )
        got = line(flows(p, years=2, continuous=True), "productivity")
        np.testing.assert_allclose(got, [2_500 * 0.5 / LN2, 2_500 * 0.5 / LN2], rtol=1e-12)

    def test_shapes(self) -> None:
        p = base()
        p["productivity_gain_pct"] = np.array([1.0, 2.0, 3.0])  # type: ignore[assignment]
        cf = flows(p, years=4, custom=(CustomLine("x", 1.0, 1.0),))
        assert cf.costs.shape == (len(COST_CATEGORIES), 4, 3)
        assert cf.benefits.shape == (len(DRIVERS) + 1, 4, 3)
        assert cf.pv_costs().shape == cf.pv_benefits().shape == cf.payback_months().shape == (3,)

    def test_vectorised_equals_one_by_one(self) -> None:
        # Three draws evaluated together must equal three point evaluations.
        rng = np.random.default_rng(0)
        draws = {k: rng.uniform(1.0, 3.0, 3) for k in ("productivity_gain_pct", "ramp_up_months", "turnover_rate_pct")}
        p = base(
            gross_salary=40_000.0,
            half_life_months=9.0,
            error_cost_baseline=1e5,
            error_reduction_pct=10.0,
            participants=5.0,
            content_cost=100.0,
        )
        vec = flows({**p, **draws}, years=3, continuous=True)
        for i in range(3):
            one = flows({**p, **{k: float(v[i]) for k, v in draws.items()}}, years=3, continuous=True)
            np.testing.assert_allclose(vec.benefits[:, :, i], one.benefits[:, :, 0], rtol=1e-12)
            np.testing.assert_allclose(vec.costs[:, :, i], one.costs[:, :, 0], rtol=1e-12)
