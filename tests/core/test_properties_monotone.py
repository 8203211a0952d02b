"""Monotonicity: more of a good thing never lowers a driver's benefit; higher cost inputs never lower costs.

Each property evaluates the model twice on the same random inputs (``strategies.point_inputs``), once with one
input raised, and compares the one benefit line (or the costs) that the input feeds, in every year. The
exception the model's timing makes (a higher baseline turnover rate lowers the saving of later years, because
fewer trained people are left to keep) is written out as its own test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roi_core.assumptions import DRIVERS, INPUTS, Driver, attribution_key
from roi_core.model import CashFlows, cash_flows
from tests.core.strategies import model_options, point_inputs

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Per driver: the inputs of which more never lowers its benefit.
MORE_IS_BETTER: dict[Driver, tuple[str, ...]] = {
    Driver.PRODUCTIVITY: (
        "productivity_gain_pct",
        "output_value_multiple",
        "gross_salary",
        "oncost_pct",
        "participants",
        "completion_rate",
        attribution_key("productivity"),
    ),
    Driver.QUALITY: ("error_cost_baseline", "error_reduction_pct", attribution_key("quality")),
    Driver.CONTRACTORS: ("contractor_spend", "contractor_reduction_pct", attribution_key("contractors")),
    Driver.ONBOARDING: ("hires_per_year", "weeks_saved", "ramp_gap_pct", "gross_salary", attribution_key("onboarding")),
    Driver.CUSTOMERS: (
        "revenue_influenced",
        "gross_margin_pct",
        "nps_increase",
        "churn_per_nps_point",
        attribution_key("customers"),
    ),
    Driver.TURNOVER: (
        "turnover_reduction_pp",
        "replacement_cost_pct",
        "leaver_cost_eur",
        "gross_salary",
        "participants",
        "completion_rate",
        attribution_key("turnover"),
    ),
    Driver.ABSENCE: (
        "absence_reduction_pp",
        "absence_rate_pct",
        "absence_day_cost",
        "working_days",
        "participants",
        "completion_rate",
        attribution_key("absence"),
    ),
}
CASES = [(d, k) for d, keys in MORE_IS_BETTER.items() for k in keys]
#: Inputs of which more never lowers the present value of the costs.
COST_INPUTS = (
    "participants",
    "content_cost",
    "design_cost",
    "facilitation_cost",
    "learning_hours",
    "overhead_pct",
    "evaluation_cost",
    "recurring_cost",
    "gross_salary",
    "oncost_pct",
    "completion_rate",  # more completers, more refreshers in a continuous programme
)


def flows(p: dict[str, float], options: dict[str, object], enabled=DRIVERS) -> CashFlows:
    return cash_flows(p, enabled=enabled, **options)  # type: ignore[arg-type]


def line(cf: CashFlows, driver: Driver) -> np.ndarray:
    return cf.benefits[cf.benefit_names.index(driver.value), :, 0]


def raised(p: dict[str, float], key: str, share: float) -> dict[str, float]:
    """``p`` with ``key`` moved ``share`` of the way to the top of its slider span (whole for whole inputs)."""
    s = INPUTS[key]
    top = max(s.slider_max, p[key])
    x = p[key] + share * (top - p[key])
    return {**p, key: math.ceil(x) if s.integer else x}


def at_least(after: np.ndarray, before: np.ndarray) -> None:
    assert np.all(after >= before - 1e-9 * np.abs(before) - 1e-9), (before, after)


@pytest.mark.parametrize(("driver", "key"), CASES, ids=[f"{d.value}-{k}" for d, k in CASES])
@given(p=point_inputs(), options=model_options(), share=st.floats(0.0, 1.0))
@PROPERTY
def test_more_never_lowers_the_drivers_benefit(
    driver: Driver, key: str, p: dict[str, float], options: dict[str, object], share: float
) -> None:
    before = line(flows(p, options), driver)
    after = line(flows(raised(p, key, share), options), driver)
    at_least(after, before)  # year by year, so the total too


@pytest.mark.parametrize("key", COST_INPUTS)
@given(p=point_inputs(), options=model_options(), share=st.floats(0.0, 1.0))
@PROPERTY
def test_higher_cost_inputs_never_lower_costs(
    key: str, p: dict[str, float], options: dict[str, object], share: float
) -> None:
    before, after = flows(p, options), flows(raised(p, key, share), options)
    at_least(after.yearly_costs, before.yearly_costs)
    at_least(after.pv_costs(), before.pv_costs())


@given(p=point_inputs(), options=model_options(), share=st.floats(0.0, 1.0))
@PROPERTY
def test_higher_baseline_turnover_never_lowers_the_first_years_saving(
    p: dict[str, float], options: dict[str, object], share: float
) -> None:
    # The same reduction on a higher rate: leavers avoided in year 1 are the trained present at its start times
    # min(reduction, rate), which cannot fall. (Before issue 9 the year-1 saving was also multiplied by the share
    # still employed during year 1 at the old rate, so a higher rate lowered it.)
    before = line(flows(p, options), Driver.TURNOVER)
    after = line(flows(raised(p, "turnover_rate_pct", share), options), Driver.TURNOVER)
    at_least(after[:1], before[:1])


@given(p=point_inputs(), options=model_options(), share=st.floats(0.0, 1.0))
@PROPERTY
def test_higher_baseline_turnover_never_lowers_a_one_year_saving(
    p: dict[str, float], options: dict[str, object], share: float
) -> None:
    one_year = {**options, "horizon_years": 1}
    before = line(flows(p, one_year), Driver.TURNOVER)
    after = line(flows(raised(p, "turnover_rate_pct", share), one_year), Driver.TURNOVER)
    at_least(after, before)


def test_a_higher_baseline_lowers_later_years_because_fewer_trained_remain() -> None:
    # Not a monotone case, on purpose: with a 2 pp reduction, trained staff leave at 8 % (rate 10 %) or 18 %
    # (rate 20 %); at the start of year 2, 92 % or 82 % of them are still there to be kept, so year 2 saves
    # 0.92 x 2 % or 0.82 x 2 % of the trained. Year 1 saves the same 2 % in both.
    p = dict.fromkeys(INPUTS, 0.0) | {
        "participants": 100.0,
        "completion_rate": 100.0,
        "working_days": 220.0,
        "half_life_months": 12.0,
        "turnover_reduction_pp": 2.0,
        "leaver_cost_eur": 1_000.0,
        attribution_key("turnover"): 100.0,
    }
    opts = {"horizon_years": 2, "continuous": False, "lasting": True, "leaver_cost_amount": True}
    low = line(flows({**p, "turnover_rate_pct": 10.0}, opts, enabled=(Driver.TURNOVER,)), Driver.TURNOVER)
    high = line(flows({**p, "turnover_rate_pct": 20.0}, opts, enabled=(Driver.TURNOVER,)), Driver.TURNOVER)
    np.testing.assert_allclose(low, [100 * 0.02 * 1_000, 92 * 0.02 * 1_000], rtol=1e-12)
    np.testing.assert_allclose(high, [100 * 0.02 * 1_000, 82 * 0.02 * 1_000], rtol=1e-12)


@given(p=point_inputs(), options=model_options(), share=st.floats(0.0, 1.0))
@PROPERTY
def test_a_lower_leaving_rate_never_lowers_people_benefits(
    p: dict[str, float], options: dict[str, object], share: float
) -> None:
    # A larger reduction keeps more trained people at work, so no people-based driver loses by it.
    before, after = flows(p, options), flows(raised(p, "turnover_reduction_pp", share), options)
    for d in (Driver.PRODUCTIVITY, Driver.QUALITY, Driver.CONTRACTORS, Driver.CUSTOMERS, Driver.ABSENCE):
        at_least(line(after, d), line(before, d))
