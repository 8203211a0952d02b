"""Every driver and every cost against a calculation done by hand, the way a textbook exercise does it.

The cases share one set-up: a 1-year horizon, a 0 % discount rate, a lasting effect (no fade-out) with no ramp-up,
every input a fixed value, one driver switched on at a time, no turnover (unless the driver is turnover itself).
The expected numbers are written out in each test from the formulas of the Method page, never taken from the model.

Costs of every driver case: 20 participants x EUR 500 content + EUR 10,000 design + EUR 5,000 trainers = EUR 25,000
(no participants' time, overhead or evaluation), so the break-even of a driver's main input x solves
``benefit(x) = 25,000`` by hand. ``roi_core.decision.break_even`` must find the same value.
"""

from __future__ import annotations

import dataclasses

import pytest

from roi_core import INPUTS, Range, Scenario, break_even, conservative, deterministic
from roi_core.assumptions import Driver, attribution_key, confidence_key
from roi_core.decision import Reach
from roi_core.model import effect_by_year
from roi_core.scenario import CustomBenefit, LeaverCost

COSTS = 20 * 500.0 + 10_000.0 + 5_000.0  # EUR 25,000
TRAINED = 20 * 0.90  # 18 people complete the programme
LOADED = 40_000.0 * 1.25  # gross salary plus 25 % on-costs: EUR 50,000 a year


def textbook(driver: Driver | None, **values: float) -> Scenario:
    """The shared set-up, with ``values`` (fixed) on top and only ``driver`` switched on."""
    fixed = {k: Range.fixed(r.likely) for k, r in Scenario().values}
    base = {
        "participants": 20,
        "completion_rate": 90,
        "content_cost": 500,
        "design_cost": 10_000,
        "facilitation_cost": 5_000,
        "learning_hours": 0,
        "overhead_pct": 0,
        "evaluation_cost": 0,
        "recurring_cost": 0,
        "gross_salary": 40_000,
        "oncost_pct": 25,
        "working_days": 220,
        "ramp_up_months": 0,
        "discount_rate": 0,
        "turnover_rate_pct": 0,
        "turnover_reduction_pp": 0,
    }
    fixed.update({k: Range.fixed(float(v)) for k, v in {**base, **values}.items()})
    s = Scenario(values=fixed, horizon_years=1, lasting=True)
    return s.with_enabled(*(() if driver is None else (driver,)))


def benefit(s: Scenario, line: str) -> float:
    return deterministic(s).benefit_by_line[line]


def solved(s: Scenario, key: str) -> float:
    """The model's break-even value of ``key`` (status must be reachable)."""
    r = break_even(s, keys=[key])
    assert r.break_even_status[0] is Reach.REACHABLE
    return r.break_even[0]


class TestSetUp:
    def test_costs_are_the_hand_figure(self) -> None:
        assert deterministic(textbook(None)).costs == pytest.approx(COSTS, rel=1e-15)

    def test_lasting_effect_is_exactly_one_in_year_one(self) -> None:
        # Without fade-out and ramp-up, the effect is the full effect: a textbook's "the gain holds all year".
        assert effect_by_year(1, 0.0, 12.0, False, lasting=True)[0, 0] == 1.0


class TestProductivity:
    # trained x loaded salary x output multiple x gain x attribution = 18 x 50,000 x 1.5 x 4 % x 50 % = 27,000
    VALUES = {"output_value_multiple": 1.5, "productivity_gain_pct": 4, attribution_key("productivity"): 50}

    def test_benefit(self) -> None:
        s = textbook(Driver.PRODUCTIVITY, **self.VALUES)
        assert benefit(s, "productivity") == pytest.approx(18 * 50_000 * 1.5 * 0.04 * 0.50, rel=1e-12)
        assert deterministic(s).roi_pct == pytest.approx((27_000 - 25_000) / 25_000 * 100, rel=1e-12)

    def test_break_even_gain(self) -> None:
        # 18 x 50,000 x 1.5 x g x 50 % = 25,000  ->  g = 25,000 / 675,000 = 3.7037 %
        s = textbook(Driver.PRODUCTIVITY, **self.VALUES)
        assert solved(s, "productivity_gain_pct") == pytest.approx(25_000 / (TRAINED * LOADED * 1.5 * 0.50) * 100)

    def test_turnover_changes_it_by_the_average_still_employed(self) -> None:
        # With 10 % turnover, people leave evenly over the year: on average -0.1 / ln(0.9) = 94.9 % of the
        # trained are at work, so the year's gain is 27,000 x 0.94912.
        import math

        s = textbook(Driver.PRODUCTIVITY, turnover_rate_pct=10, **self.VALUES)
        assert benefit(s, "productivity") == pytest.approx(27_000 * -0.1 / math.log(0.9), rel=1e-12)


class TestQuality:
    # error cost today x reduction x attribution = 200,000 x 20 % x 50 % = 20,000
    VALUES = {"error_cost_baseline": 200_000, "error_reduction_pct": 20, attribution_key("quality"): 50}

    def test_benefit(self) -> None:
        assert benefit(textbook(Driver.QUALITY, **self.VALUES), "quality") == pytest.approx(20_000.0, rel=1e-12)

    def test_break_even_reduction(self) -> None:
        # 200,000 x r x 50 % = 25,000  ->  r = 25 %
        assert solved(textbook(Driver.QUALITY, **self.VALUES), "error_reduction_pct") == pytest.approx(25.0)


class TestContractors:
    # contractor spend x reduction x attribution = 300,000 x 10 % x 60 % = 18,000
    VALUES = {"contractor_spend": 300_000, "contractor_reduction_pct": 10, attribution_key("contractors"): 60}

    def test_benefit(self) -> None:
        s = textbook(Driver.CONTRACTORS, **self.VALUES)
        assert benefit(s, "contractors") == pytest.approx(18_000.0, rel=1e-12)

    def test_break_even_reduction(self) -> None:
        # 300,000 x r x 60 % = 25,000  ->  r = 13.889 %
        s = textbook(Driver.CONTRACTORS, **self.VALUES)
        assert solved(s, "contractor_reduction_pct") == pytest.approx(25_000 / (300_000 * 0.60) * 100)


class TestOnboarding:
    # hires x weeks saved / 52 x loaded salary x productivity gap x attribution
    # = 10 x 4/52 x 50,000 x 50 % x 40 % = 7,692.31
    VALUES = {"hires_per_year": 10, "weeks_saved": 4, "ramp_gap_pct": 50, attribution_key("onboarding"): 40}

    def test_benefit(self) -> None:
        s = textbook(Driver.ONBOARDING, **self.VALUES)
        assert benefit(s, "onboarding") == pytest.approx(10 * 4 / 52 * 50_000 * 0.50 * 0.40, rel=1e-12)

    def test_new_hires_do_not_carry_the_trained_cohort_survival(self) -> None:
        s = textbook(Driver.ONBOARDING, turnover_rate_pct=20, **self.VALUES)
        assert benefit(s, "onboarding") == pytest.approx(10 * 4 / 52 * 50_000 * 0.50 * 0.40, rel=1e-12)

    def test_break_even_weeks_saved(self) -> None:
        # 10 x w/52 x 50,000 x 50 % x 40 % = 25,000  ->  w = 25,000 x 52 / 100,000 = 13 weeks
        assert solved(textbook(Driver.ONBOARDING, **self.VALUES), "weeks_saved") == pytest.approx(13.0)


class TestCustomers:
    # revenue x gross margin x NPS points x revenue kept per point x attribution
    # = 10,000,000 x 30 % x (5 x 0.1 %) x 40 % = 6,000
    VALUES = {
        "revenue_influenced": 10_000_000,
        "gross_margin_pct": 30,
        "nps_increase": 5,
        "churn_per_nps_point": 0.1,
        attribution_key("customers"): 40,
    }

    def test_benefit(self) -> None:
        assert benefit(textbook(Driver.CUSTOMERS, **self.VALUES), "customers") == pytest.approx(6_000.0, rel=1e-12)

    def test_break_even_nps_points(self) -> None:
        # 10,000,000 x 30 % x (p x 0.1 %) x 40 % = 25,000  ->  p = 25,000 / 1,200 = 20.83 points
        s = textbook(Driver.CUSTOMERS, **self.VALUES)
        assert solved(s, "nps_increase") == pytest.approx(25_000 / 1_200)


class TestTurnover:
    # leavers avoided x cost per leaver x attribution; leavers avoided = trained present at the start of the year
    # x the reduction (capped by today's rate) = 18 x 2 % = 0.36 a year.
    AMOUNT = {
        "turnover_rate_pct": 10,
        "turnover_reduction_pp": 2,
        "leaver_cost_eur": 40_000,
        attribution_key("turnover"): 50,
    }

    def amount(self, **extra: float) -> Scenario:
        s = textbook(Driver.TURNOVER, **{**self.AMOUNT, **extra})
        return dataclasses.replace(s, leaver_cost=LeaverCost.AMOUNT)

    def test_benefit_with_an_amount_per_leaver(self) -> None:
        # 18 x 2 % x 40,000 x 50 % = 7,200: no survival factor in year 1 (everyone trained is there at its start).
        assert benefit(self.amount(), "turnover") == pytest.approx(7_200.0, rel=1e-12)

    def test_benefit_with_a_share_of_salary(self) -> None:
        # Cost per leaver 60 % of a gross salary of 40,000 = 24,000: 18 x 2 % x 24,000 x 50 % = 4,320.
        s = textbook(Driver.TURNOVER, **self.AMOUNT, replacement_cost_pct=60)
        assert s.leaver_cost is LeaverCost.SALARY_SHARE
        assert benefit(s, "turnover") == pytest.approx(4_320.0, rel=1e-12)

    def test_exactly_trained_times_reduction_times_cost(self) -> None:
        # The check: with a 1-year horizon and a lasting effect, the saving is exactly
        # trained x reduction x cost per leaver (here with full attribution).
        s = self.amount(**{attribution_key("turnover"): 100})
        assert benefit(s, "turnover") == pytest.approx(18 * 0.02 * 40_000, rel=1e-12)

    def test_reduction_is_capped_by_the_rate(self) -> None:
        # A 15 pp reduction of a 10 % rate avoids at most the 10 %: 18 x 10 % x 40,000 x 50 % = 36,000.
        assert benefit(self.amount(turnover_reduction_pp=15), "turnover") == pytest.approx(36_000.0, rel=1e-12)

    def test_two_years_count_the_cohort_at_the_start_of_each_year(self) -> None:
        # Trained staff leave at 10 % - 2 pp = 8 % while the programme works (the rate they actually leave at).
        # Year 1: 18 present at the start x 2 % x 40,000 x 50 % = 7,200.
        # Year 2: 18 x (1 - 8 %) = 16.56 present at its start x 2 % x 40,000 x 50 % = 6,624.
        s = dataclasses.replace(self.amount(), horizon_years=2)
        yearly = deterministic(s).yearly_benefits
        assert yearly == pytest.approx((7_200.0, 16.56 * 0.02 * 40_000 * 0.50), rel=1e-12)

    def test_break_even_reduction(self) -> None:
        # 18 x d x 40,000 x 50 % = 25,000  ->  d = 25,000 / 360,000 = 6.944 pp (below the 10 % rate)
        assert solved(self.amount(), "turnover_reduction_pp") == pytest.approx(25_000 / 360_000 * 100)

    def test_break_even_amount_per_leaver(self) -> None:
        # 18 x 2 % x c x 50 % = 25,000  ->  c = 25,000 / 0.18 = 138,888.89
        assert solved(self.amount(), "leaver_cost_eur") == pytest.approx(25_000 / 0.18)


class TestAbsence:
    # trained x working days x fewer absence (pp, capped by the rate) x cost per day x attribution
    # = 18 x 220 x 0.5 % x 500 x 50 % = 4,950
    VALUES = {
        "absence_rate_pct": 5,
        "absence_reduction_pp": 0.5,
        "absence_day_cost": 500,
        attribution_key("absence"): 50,
    }

    def test_benefit(self) -> None:
        s = textbook(Driver.ABSENCE, **self.VALUES)
        assert benefit(s, "absence") == pytest.approx(18 * 220 * 0.005 * 500 * 0.50, rel=1e-12)

    def test_break_even_reduction(self) -> None:
        # 18 x 220 x d x 500 x 50 % = 25,000  ->  d = 25,000 / 990,000 = 2.525 pp (below the 5 % rate)
        assert solved(textbook(Driver.ABSENCE, **self.VALUES), "absence_reduction_pp") == pytest.approx(
            25_000 / 990_000 * 100
        )


class TestCustomLine:
    # yearly value x attribution = 30,000 x 50 % = 15,000 (lasting effect: the same whether it decays or not)
    @pytest.mark.parametrize("decays", [True, False])
    def test_benefit(self, decays: bool) -> None:
        line = CustomBenefit("Fewer audits", Range.fixed(30_000.0), Range.fixed(50.0), decays=decays)
        s = dataclasses.replace(textbook(None), custom=(line,))
        assert benefit(s, "Fewer audits") == pytest.approx(15_000.0, rel=1e-12)

    def test_break_even_value(self) -> None:
        # v x 50 % = 25,000  ->  v = 50,000
        line = CustomBenefit("Fewer audits", Range.fixed(30_000.0), Range.fixed(50.0))
        s = dataclasses.replace(textbook(None), custom=(line,))
        assert solved(s, "custom:0:value") == pytest.approx(50_000.0)


class TestCosts:
    # Every category at once: 20 participants, 16 learning hours, loaded salary 50,000 over 200 days x 8 hours.
    VALUES = {
        "content_cost": 500,
        "design_cost": 10_000,
        "facilitation_cost": 5_000,
        "learning_hours": 16,
        "working_days": 200,
        "overhead_pct": 10,
        "evaluation_cost": 3_000,
        "recurring_cost": 200,
    }

    def test_each_category(self) -> None:
        by = deterministic(textbook(None, **self.VALUES)).cost_by_category
        hourly = 50_000 / (200 * 8)  # EUR 31.25 an hour, loaded
        assert by["content"] == pytest.approx(20 * 500, rel=1e-15)
        assert by["design"] == pytest.approx(10_000, rel=1e-15)
        assert by["facilitation"] == pytest.approx(5_000, rel=1e-15)
        assert by["participant_time"] == pytest.approx(20 * 16 * hourly, rel=1e-15)  # 10,000: time at loaded salary
        assert by["overhead"] == pytest.approx(0.10 * (10_000 + 10_000 + 5_000), rel=1e-15)  # 2,500
        assert by["evaluation"] == pytest.approx(3_000, rel=1e-15)
        assert by["recurring"] == 0.0  # a one-off programme has no recurring costs
        assert deterministic(textbook(None, **self.VALUES)).costs == pytest.approx(40_500.0, rel=1e-15)

    def test_continuous_programme_recurring_cost_over_two_years(self) -> None:
        # Refreshers from year 2: 18 trained x EUR 200 = 3,600, paid at the start of year 2.
        s = dataclasses.replace(textbook(None, **self.VALUES), horizon_years=2, continuous=True)
        r = deterministic(s)
        assert r.cost_by_category["recurring"] == pytest.approx(3_600.0, rel=1e-15)
        assert r.yearly_costs == pytest.approx((40_500.0, 3_600.0), rel=1e-15)
        assert r.costs == pytest.approx(44_100.0, rel=1e-15)
        # At 10 % a year the year-2 cost is discounted once (paid at the start of year 2): 40,500 + 3,600 / 1.1.
        discounted = s.with_values(discount_rate=Range.fixed(10.0))
        assert deterministic(discounted).costs == pytest.approx(40_500.0 + 3_600.0 / 1.1, rel=1e-12)

    def test_break_even_content_cost(self) -> None:
        # Productivity as above brings 27,000; costs 20 x k + 15,000 = 27,000  ->  k = 600 per participant.
        s = textbook(Driver.PRODUCTIVITY, **TestProductivity.VALUES)
        assert solved(s, "content_cost") == pytest.approx(600.0)


class TestPhillipsView:
    """Phillips: first-year benefits, undiscounted, x isolation (attribution) x confidence, against full costs."""

    def test_hand_calculation(self) -> None:
        # Productivity 27,000 a year (see above) at 80 % confidence = 21,600 in year 1; a 3-year horizon at 8 %
        # does not change the Phillips view: ROI = (21,600 - 25,000) / 25,000 = -13.6 %.
        s = textbook(Driver.PRODUCTIVITY, **TestProductivity.VALUES, **{confidence_key("productivity"): 80})
        s = dataclasses.replace(s, horizon_years=3).with_values(discount_rate=Range.fixed(8.0))
        p = conservative(s)
        assert p.years == 1
        assert p.benefits == pytest.approx(21_600.0, rel=1e-12)
        assert p.costs == pytest.approx(25_000.0, rel=1e-12)
        assert p.roi_pct == pytest.approx(-13.6, rel=1e-12)

    def test_doubt_is_counted_once(self) -> None:
        # The Phillips view starts from the scenario's own most likely values: the same values give the same
        # view, and only the confidence input moves it (never a shift of the ranges on top).
        s = textbook(Driver.PRODUCTIVITY, **TestProductivity.VALUES, **{confidence_key("productivity"): 100})
        assert conservative(s).benefits == pytest.approx(deterministic(s).benefits, rel=1e-12)
        wide = s.with_values(productivity_gain_pct=Range(1.0, 4.0, 9.0))  # more doubt as a range: same view
        assert conservative(wide).benefits == pytest.approx(conservative(s).benefits, rel=1e-12)


def test_every_driver_is_covered() -> None:
    # A driver added later must get its hand calculation here too.
    covered = {"productivity", "quality", "contractors", "onboarding", "customers", "turnover", "absence"}
    assert covered == {d.value for d in Driver}
    assert all(k in INPUTS for k in ("leaver_cost_eur", "replacement_cost_pct"))
