"""The ROI model: one vectorised function from inputs to yearly cash flows.

Every input may be a scalar or an array of draws of shape ``(n,)``; the same
call serves one scenario (the point estimates) and 100,000 Monte Carlo draws.
Percentages arrive as the user sees them (``5.0`` is 5 %).

Timing conventions
------------------
* Year-1 programme costs are paid at the start (t = 0); recurring costs of a
  continuous programme at the start of each later year.
* Benefits accrue evenly within a year; for present values they are counted
  at the end of their year.
* The effect of the training grows linearly to its full size over the ramp-up
  months, then halves every half-life (skill decay). In a continuous
  programme, refreshers restore the full effect at the start of each year.
* Trained employees who leave take their skills with them: people-based
  benefits shrink with the baseline turnover rate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

from roi_core.assumptions import COST_CATEGORIES, DRIVERS, HOURS_PER_DAY, Driver, attribution_key

__all__ = [
    "CustomLine",
    "CashFlows",
    "cash_flows",
    "roi_pct",
    "bcr",
    "payback_months",
    "effect_by_year",
    "discount_factors",
    "NEGLIGIBLE_COST",
]

Array = NDArray[np.float64]
#: Costs below half a cent (they show as zero) count as zero: the ROI and BCR are undefined. A ratio over a fraction
#: of a cent says nothing, and it overflowed to infinity (a cost of 5e-324 with ordinary benefits).
NEGLIGIBLE_COST = 0.005
# Floor for the turnover share when computing survival: 100 % turnover would
# make log(1 - q) infinite.
_MAX_TURNOVER = 0.99


@dataclass(frozen=True)
class CustomLine:
    """A custom benefit line for the model: name, yearly value (EUR), attribution (%)."""

    name: str
    value_eur: ArrayLike
    attribution_pct: ArrayLike
    decays: bool = True


@dataclass(frozen=True)
class CashFlows:
    """Yearly cash flows of one evaluation (undiscounted, in euro).

    ``costs`` has shape ``(len(COST_CATEGORIES), years, n)`` and ``benefits``
    shape ``(len(benefit_names), years, n)``; ``n`` is 1 for a point estimate.
    ``cost_factors`` / ``benefit_factors`` are discount factors of shape
    ``(years, 1)`` or ``(years, n)``: costs count at the start of their year,
    benefits at its end.
    """

    costs: Array
    benefits: Array
    benefit_names: tuple[str, ...]
    cost_factors: Array
    benefit_factors: Array

    @property
    def years(self) -> int:
        return int(self.costs.shape[1])

    @cached_property
    def yearly_costs(self) -> Array:
        """Total cost per year, ``(years, n)``."""
        return self.costs.sum(axis=0)

    @cached_property
    def yearly_benefits(self) -> Array:
        """Total benefit per year, ``(years, n)``."""
        return self.benefits.sum(axis=0)

    def pv_costs(self) -> Array:
        """Present value of all costs, ``(n,)``."""
        return (self.yearly_costs * self.cost_factors).sum(axis=0)

    def pv_benefits(self) -> Array:
        """Present value of all benefits, ``(n,)``."""
        return (self.yearly_benefits * self.benefit_factors).sum(axis=0)

    def pv_benefits_by_line(self) -> Array:
        """Present value per benefit line, ``(lines, n)``."""
        return (self.benefits * self.benefit_factors[np.newaxis]).sum(axis=1)

    def payback_months(self) -> Array:
        """Months until cumulative (undiscounted) benefits cover costs; ``nan`` if never."""
        return payback_months(self.yearly_costs, self.yearly_benefits)


def discount_factors(years: int, rate_pct: ArrayLike) -> tuple[Array, Array]:
    """Factors for costs (start of year) and benefits (end of year), each ``(years, m)``.

    >>> c, b = discount_factors(2, 10.0)
    >>> np.round(c[:, 0], 4).tolist(), np.round(b[:, 0], 4).tolist()
    ([1.0, 0.9091], [0.9091, 0.8264])
    """
    base = 1.0 + np.atleast_1d(np.asarray(rate_pct, dtype=np.float64)) / 100.0  # (m,)
    factors = np.empty((years + 1, base.shape[0]))
    factors[0] = 1.0
    for t in range(1, years + 1):
        factors[t] = factors[t - 1] / base
    return factors[:-1], factors[1:]


def roi_pct(benefits: ArrayLike, costs: ArrayLike) -> Array:
    """Return on investment in per cent: ``(benefits - costs) / costs * 100``.

    Undefined (``nan``) where costs are zero (below :data:`NEGLIGIBLE_COST`): a free programme has no ROI.

    Examples
    --------
    A programme that costs EUR 40,000 and returns EUR 99,200 (a BCR of 2.48)
    has an ROI of 148 %, not 248 %:

    >>> float(roi_pct(99_200.0, 40_000.0))
    148.0
    >>> bool(np.isnan(roi_pct(1000.0, 0.0))), bool(np.isnan(roi_pct(1000.0, 1e-300)))
    (True, True)
    """
    b = np.asarray(benefits, dtype=np.float64)
    c = np.asarray(costs, dtype=np.float64)
    zero = np.abs(c) < NEGLIGIBLE_COST
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (b - c) / np.where(zero, 1.0, c) * 100.0
    return np.where(zero, np.nan, out)


def bcr(benefits: ArrayLike, costs: ArrayLike) -> Array:
    """Benefit-cost ratio ``benefits / costs`` (``nan`` where costs are zero).

    >>> float(bcr(99_200.0, 40_000.0))
    2.48
    """
    b = np.asarray(benefits, dtype=np.float64)
    c = np.asarray(costs, dtype=np.float64)
    zero = np.abs(c) < NEGLIGIBLE_COST
    out = b / np.where(zero, 1.0, c)
    return np.where(zero, np.nan, out)


def payback_months(yearly_costs: ArrayLike, yearly_benefits: ArrayLike) -> Array:
    """Months until cumulative benefits first cover cumulative costs.

    ``yearly_costs`` and ``yearly_benefits`` have shape ``(years, n)``: costs
    paid at the start of each year, benefits earned evenly within it.
    Returns ``(n,)`` months, ``nan`` where the programme does not pay back
    within the horizon or costs nothing (never a misleading 0).

    >>> float(payback_months([[40_000.0]], [[60_000.0]])[0])
    8.0
    >>> bool(np.isnan(payback_months([[40_000.0]], [[30_000.0]])[0]))
    True
    """
    c = np.atleast_2d(np.asarray(yearly_costs, dtype=np.float64))
    b = np.atleast_2d(np.asarray(yearly_benefits, dtype=np.float64))
    out = np.full(c.shape[1], np.nan)
    cum = np.zeros(c.shape[1])  # net position at the end of the previous year
    for t in range(c.shape[0]):
        start = cum - c[t]  # after this year's costs are paid
        hit = np.isnan(out) & (start < 0) & (start + b[t] >= 0) & (b[t] > 0)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            out = np.where(hit, 12.0 * t - 12.0 * start / np.where(b[t] > 0, b[t], 1.0), out)
        cum = start + b[t]
    out[c.sum(axis=0) == 0] = np.nan
    return out


def effect_by_year(years: int, ramp_up_months: ArrayLike, half_life_months: ArrayLike, continuous: bool) -> Array:
    """Average size of the training effect in each year, as a share of full effect.

    Linear growth to 1 over ``ramp_up_months``, then exponential decay with
    ``half_life_months``. Returns ``(years, n)``.

    >>> np.round(effect_by_year(2, 0.0, 12.0, False)[:, 0], 4).tolist()
    [0.7213, 0.3607]
    """
    r = np.atleast_1d(np.asarray(ramp_up_months, dtype=np.float64))
    # A ramp-up shorter than a billionth of a month is none: 0.5 / r overflowed for tiny r (5e-324) and the benefits
    # became inf * 0 = nan. The effect of the cut is below 1e-10 of a month's benefit.
    r = np.where((r > 0) & (r < 1e-9), 0.0, r)
    lam = math.log(2.0) / np.atleast_1d(np.asarray(half_life_months, dtype=np.float64))
    n = max(r.shape[0], lam.shape[0])
    inv_lam_year = 1.0 / (12.0 * lam)
    out = np.empty((years, n))
    # Decay part of year t: integral of exp(-lam (m - r)) over [max(a, r), b]
    # = (e(a) - e(b)) / lam with e(m) = exp(-lam * max(m - r, 0)); e(b) of one
    # year is e(a) of the next, so each year costs one exp.
    e_start = np.ones(n) if not np.any(r < 0) else np.exp(-lam * np.maximum(-r, 0.0))
    half_inv_r = 0.5 / np.where(r > 0, r, 1.0)

    year_decay = np.exp(-12.0 * lam)  # factor by which the effect shrinks in a full year of decay
    for t in range(years):
        a, b = 12.0 * t, 12.0 * (t + 1)
        ramping = bool(np.any(r > a))  # ramp-up still going on in this year for some draws
        e_end = np.exp(-lam * np.maximum(b - r, 0.0)) if ramping or t == 0 else e_start * year_decay
        year = (e_start - e_end) * inv_lam_year
        if ramping:
            top = np.minimum(b, r)
            year = year + np.maximum(top * top - a * a, 0.0) * half_inv_r / 12.0
        if continuous and t > 0:
            refreshed = (1.0 - year_decay) * inv_lam_year  # a year that starts at full effect
            year = np.where(r <= a, refreshed, year)
        out[t] = year
        e_start = e_end
    return out


def _survival_by_year(years: int, turnover_pct: Array) -> Array:
    """Average share of the trained still employed in each year, ``(years, n)``."""
    q = np.clip(turnover_pct / 100.0, 0.0, _MAX_TURNOVER)
    keep = 1.0 - q
    with np.errstate(divide="ignore", invalid="ignore"):
        # log1p: log(1 - q) rounds to 0 for tiny q, which made survival -inf.
        within = np.where(q > 0, -q / np.log1p(-q), 1.0)  # mean of keep**s for s in [0, 1]
    out = np.empty((years, within.shape[0]))
    out[0] = within
    for t in range(1, years):
        np.multiply(out[t - 1], keep, out=out[t])
    return out


def cash_flows(
    p: Mapping[str, ArrayLike],
    *,
    enabled: Sequence[Driver | str],
    horizon_years: int,
    continuous: bool,
    custom: Sequence[CustomLine] = (),
) -> CashFlows:
    """Evaluate the model.

    Parameters
    ----------
    p : mapping of input key to value(s)
        Every key of :data:`roi_core.assumptions.INPUTS` (confidence inputs
        are not read). Scalars or arrays of shape ``(n,)``.
    enabled : drivers whose benefits count.
    horizon_years : number of years of benefits.
    continuous : refreshers every year (recurring costs, effect restored).
    custom : extra benefit lines.

    Returns
    -------
    CashFlows
        Yearly costs by category and benefits by line (drivers, then custom).

    Examples
    --------
    >>> from roi_core.scenario import Scenario
    >>> s = Scenario()
    >>> cf = cash_flows({k: r.likely for k, r in s.values}, enabled=s.enabled,
    ...                 horizon_years=1, continuous=False)
    >>> cf.costs.shape, cf.benefits.shape
    ((7, 1, 1), (7, 1, 1))
    """
    v = {k: np.atleast_1d(np.asarray(x, dtype=np.float64)) for k, x in p.items()}
    n = max(a.shape[0] for a in v.values())
    years = int(horizon_years)
    on = {Driver(d) for d in enabled}

    loaded = v["gross_salary"] * (1.0 + v["oncost_pct"] / 100.0)  # EUR per FTE-year
    hourly = loaded / (v["working_days"] * HOURS_PER_DAY)
    participants = v["participants"]
    trained = participants * (v["completion_rate"] / 100.0)

    # --- costs: (categories, years, n) ---
    costs = np.zeros((len(COST_CATEGORIES), years, n))
    content = participants * v["content_cost"]
    costs[0, 0] = content
    costs[1, 0] = v["design_cost"]
    costs[2, 0] = v["facilitation_cost"]
    costs[3, 0] = participants * v["learning_hours"] * hourly
    costs[4, 0] = v["overhead_pct"] / 100.0 * (content + v["design_cost"] + v["facilitation_cost"])
    costs[5, 0] = v["evaluation_cost"]
    if continuous and years > 1:
        costs[6, 1:] = trained * v["recurring_cost"]

    # --- benefits: (lines, years, n) ---
    effect = effect_by_year(years, v["ramp_up_months"], v["half_life_months"], continuous)
    people = effect * _survival_by_year(years, v["turnover_rate_pct"])  # (years, n)

    def share(driver: Driver) -> Array:
        return v[attribution_key(driver)] / 100.0

    names = tuple(str(d) for d in DRIVERS) + tuple(c.name for c in custom)
    benefits = np.zeros((len(names), years, n))
    # Yearly value at full effect per driver, (n,) or (1,), already times attribution.
    full: dict[Driver, tuple[Array, Array]] = {}
    if Driver.PRODUCTIVITY in on:
        full[Driver.PRODUCTIVITY] = (
            trained * loaded * v["output_value_multiple"] * (v["productivity_gain_pct"] / 100.0),
            people,
        )
    if Driver.QUALITY in on:
        full[Driver.QUALITY] = (v["error_cost_baseline"] * (v["error_reduction_pct"] / 100.0), people)
    if Driver.CONTRACTORS in on:
        full[Driver.CONTRACTORS] = (v["contractor_spend"] * (v["contractor_reduction_pct"] / 100.0), people)
    if Driver.ONBOARDING in on:
        full[Driver.ONBOARDING] = (
            v["hires_per_year"] * (v["weeks_saved"] / 52.0) * loaded * (v["ramp_gap_pct"] / 100.0),
            effect,  # new hires are not the trained group: no survival factor
        )
    if Driver.CUSTOMERS in on:
        full[Driver.CUSTOMERS] = (
            v["revenue_influenced"]
            * (v["gross_margin_pct"] / 100.0)
            * (v["nps_increase"] * v["churn_per_nps_point"] / 100.0),
            people,
        )
    if Driver.TURNOVER in on:
        fewer_leavers = trained * np.minimum(v["turnover_reduction_pp"], v["turnover_rate_pct"]) / 100.0
        full[Driver.TURNOVER] = (fewer_leavers * v["gross_salary"] * (v["replacement_cost_pct"] / 100.0), people)
    if Driver.ABSENCE in on:
        days = trained * v["working_days"] * np.minimum(v["absence_reduction_pp"], v["absence_rate_pct"]) / 100.0
        full[Driver.ABSENCE] = (days * v["absence_day_cost"], people)
    for i, d in enumerate(DRIVERS):
        if d in full:
            amount, profile = full[d]
            np.multiply(amount * share(d), profile, out=benefits[i])
    for j, c in enumerate(custom):
        value = np.asarray(c.value_eur, dtype=np.float64) * (np.asarray(c.attribution_pct, dtype=np.float64) / 100.0)
        benefits[len(DRIVERS) + j] = value * effect if c.decays else value

    cost_factors, benefit_factors = discount_factors(years, v["discount_rate"])
    return CashFlows(
        costs=costs,
        benefits=benefits,
        benefit_names=names,
        cost_factors=cost_factors,
        benefit_factors=benefit_factors,
    )
