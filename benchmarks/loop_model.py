"""The ROI model written plainly, one draw at a time: the honest baseline.

This is how a careful developer would write the simulation without numpy:
sample each input with Python's ``random`` module, then evaluate the model
with scalar arithmetic. It computes the same numbers as
:func:`roi_core.model.cash_flows` for the same inputs (a test checks that),
so the benchmark compares like with like.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

from roi_core.assumptions import DRIVERS, HOURS_PER_DAY, attribution_key
from roi_core.distributions import Z90, Range, Shape
from roi_core.scenario import LeaverCost, Scenario


def sample(r: Range, rng: random.Random) -> float:
    """One draw of ``r`` with the standard library."""
    lo, m, hi = r.low, r.likely, r.high
    if r.is_fixed:
        return m
    if r.shape is Shape.PERT:
        a = 1.0 + 4.0 * (m - lo) / (hi - lo)
        b = 1.0 + 4.0 * (hi - m) / (hi - lo)
        return lo + (hi - lo) * rng.betavariate(a, b)
    if r.shape is Shape.TRIANGULAR:
        return rng.triangular(lo, hi, m)
    if r.shape is Shape.UNIFORM:
        return rng.uniform(lo, hi)
    if r.shape is Shape.NORMAL:
        return rng.gauss((lo + hi) / 2.0, (hi - lo) / (2.0 * Z90))
    mu = (math.log(lo) + math.log(hi)) / 2.0
    return rng.lognormvariate(mu, (math.log(hi) - math.log(lo)) / (2.0 * Z90))


def effect(t: int, ramp: float, half_life: float, continuous: bool, lasting: bool = False) -> float:
    """Average effect in year ``t`` (0-based): linear ramp-up, then exponential decay (none when lasting)."""
    lam = 0.0 if lasting or math.isinf(half_life) else math.log(2.0) / max(half_life, 1e-300)
    a, b = 12.0 * t, 12.0 * (t + 1)

    def mean_decay(x: float) -> float:  # mean of exp(-s) over [0, x]
        return -math.expm1(-x) / x if x > 0 else 1.0

    if continuous and t > 0 and ramp <= a:
        return mean_decay(12.0 * lam)
    total = 0.0
    if ramp > a:
        top = min(b, ramp)
        total += (top - a) / ramp * (top + a) / 2.0
    start = max(a, ramp)
    if b > start:
        total += math.exp(-lam * (start - ramp)) * (b - start) * mean_decay(lam * (b - start))
    return total / 12.0


def mean_survival(q: float) -> float:
    """Mean share still employed during a year in which a share ``q`` leaves evenly."""
    if q <= 0.0:
        return 1.0
    if q >= 1.0:
        return 0.0
    return -q / math.log1p(-q)


def evaluate(p: Mapping[str, float], scenario: Scenario) -> tuple[float, float]:
    """Present values of costs and benefits for one set of input values."""
    years = scenario.horizon_years
    on = set(scenario.enabled)
    loaded = p["gross_salary"] * (1.0 + p["oncost_pct"] / 100.0)
    hourly = loaded / (p["working_days"] * HOURS_PER_DAY)
    trained = p["participants"] * p["completion_rate"] / 100.0
    content = p["participants"] * p["content_cost"]
    first_year = (
        content
        + p["design_cost"]
        + p["facilitation_cost"]
        + p["participants"] * p["learning_hours"] * hourly
        + p["overhead_pct"] / 100.0 * (content + p["design_cost"] + p["facilitation_cost"])
        + p["evaluation_cost"]
    )
    q = min(max(p["turnover_rate_pct"] / 100.0, 0.0), 1.0)
    cut = min(max(p["turnover_reduction_pp"] / 100.0, 0.0), q)  # the reduction, capped by the rate
    if scenario.leaver_cost is LeaverCost.AMOUNT:
        per_leaver = p["leaver_cost_eur"]
    else:
        per_leaver = p["gross_salary"] * p["replacement_cost_pct"] / 100.0
    rate = 1.0 + p["discount_rate"] / 100.0
    full = {
        "productivity": trained * loaded * p["output_value_multiple"] * p["productivity_gain_pct"] / 100.0,
        "quality": p["error_cost_baseline"] * p["error_reduction_pct"] / 100.0,
        "contractors": p["contractor_spend"] * p["contractor_reduction_pct"] / 100.0,
        "onboarding": p["hires_per_year"] * p["weeks_saved"] / 52.0 * loaded * p["ramp_gap_pct"] / 100.0,
        "customers": p["revenue_influenced"]
        * p["gross_margin_pct"]
        / 100.0
        * p["nps_increase"]
        * p["churn_per_nps_point"]
        / 100.0,
        "turnover": trained * min(p["turnover_reduction_pp"], p["turnover_rate_pct"]) / 100.0 * per_leaver,
        "absence": trained
        * p["working_days"]
        * min(p["absence_reduction_pp"], p["absence_rate_pct"])
        / 100.0
        * p["absence_day_cost"],
    }
    pv_costs, pv_benefits = first_year, 0.0
    at_start = 1.0  # share of the trained still employed at the start of the year
    for t in range(years):
        e = effect(t, p["ramp_up_months"], p["half_life_months"], scenario.continuous, scenario.lasting)
        # Trained staff leave at the reduced rate while the turnover driver counts.
        leave = min(max(q - cut * e, 0.0), 1.0) if "turnover" in on else q
        during = at_start * mean_survival(leave)
        benefit = 0.0
        for d in DRIVERS:
            if d in on:
                profile = e if d == "onboarding" else e * at_start if d == "turnover" else e * during
                benefit += full[d] * p[attribution_key(d)] / 100.0 * profile
        pv_benefits += benefit / rate ** (t + 1)
        if scenario.continuous and t > 0:
            pv_costs += trained * p["recurring_cost"] / rate**t
        at_start *= 1.0 - leave
    return pv_costs, pv_benefits


def simulate_loop(scenario: Scenario, draws: int, seed: int) -> list[float]:
    """ROI per draw (per cent), one draw at a time."""
    rng = random.Random(seed)
    ranges = [(k, r) for k, r in scenario.values]
    out = []
    for _ in range(draws):
        p = {k: sample(r, rng) for k, r in ranges}
        c, b = evaluate(p, scenario)
        out.append((b - c) / c * 100.0 if c else math.nan)
    return out
