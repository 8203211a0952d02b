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
  months, then halves every half-life (skill decay), unless it is *lasting*
  (no fade-out at all). In a continuous programme, refreshers restore the
  full effect at the start of each year.
* Trained employees who leave take their skills with them. The trained
  cohort is counted at the start of each year; during year ``t`` it shrinks
  at the rate at which trained staff actually leave: today's turnover ``q``,
  or ``q - min(dq, q) * e_t`` when the turnover driver counts (``dq`` the
  reduction, ``e_t`` the year's average effect). Benefits of people at work
  (productivity, errors, contractors, customers, absence) count the average
  number still employed during the year; the turnover driver counts leavers
  avoided among those present at the start of the year:
  ``start_t * min(dq, q) * e_t``.
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
    "trained_by_year",
    "discount_factors",
    "NEGLIGIBLE_COST",
]

Array = NDArray[np.float64]
_LN2 = math.log(2.0)
# Smallest half-life (months) the arithmetic uses: log(2) / h stays finite for any h > 0.
_MIN_HALF_LIFE = 1e-300
#: Costs below half a cent (they show as zero) count as zero: the ROI and BCR are undefined. A ratio over a fraction
#: of a cent says nothing, and it overflowed to infinity (a cost of 5e-324 with ordinary benefits).
NEGLIGIBLE_COST = 0.005


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
        """Discounted payback in months, ``(n,)``; ``nan`` when the NPV is negative (see :func:`payback_months`)."""
        return payback_months(self.yearly_costs, self.yearly_benefits, self.cost_factors, self.benefit_factors)


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


def payback_months(
    yearly_costs: ArrayLike,
    yearly_benefits: ArrayLike,
    cost_factors: ArrayLike = 1.0,
    benefit_factors: ArrayLike = 1.0,
) -> Array:
    """Discounted payback: months until cumulative discounted benefits cover cumulative discounted costs for good.

    ``yearly_costs`` and ``yearly_benefits`` have shape ``(years, n)``: costs
    paid at the start of each year (discounted with ``cost_factors``), benefits
    earned evenly within it (the year's benefits discounted with
    ``benefit_factors``, as in the present values); factors broadcast to
    ``(years, n)`` and default to 1 (no discounting). The net position moves
    linearly within a year; the payback is the moment after which it stays
    at or above zero up to the horizon. So it lies within the horizon exactly
    when the net present value is >= 0, the same test as ROI >= 0.

    Returns ``(n,)`` months, ``nan`` where the net present value is negative
    (no payback within the horizon) or the programme costs nothing (never a
    misleading 0).

    Examples
    --------
    EUR 40,000 paid at the start, EUR 60,000 earned in the year, not
    discounted: 40/60 of a year.

    >>> float(payback_months([[40_000.0]], [[60_000.0]])[0])
    8.0

    At 10 % the year's benefits are worth 60,000 / 1.1 = 54,545 today:
    40,000 / 54,545 of a year.

    >>> round(float(payback_months([[40_000.0]], [[60_000.0]], 1.0, 1 / 1.1)[0]), 2)
    8.8
    >>> bool(np.isnan(payback_months([[40_000.0]], [[30_000.0]])[0]))
    True
    """
    c = np.atleast_2d(np.asarray(yearly_costs, dtype=np.float64))
    b = np.atleast_2d(np.asarray(yearly_benefits, dtype=np.float64))
    dc = c * np.broadcast_to(np.asarray(cost_factors, dtype=np.float64), c.shape)  # (years, n) present values
    db = b * np.broadcast_to(np.asarray(benefit_factors, dtype=np.float64), b.shape)
    years, n = c.shape
    out = np.zeros(n)  # stays 0 where the position never dips below zero
    cum = np.zeros(n)  # net position (present value) at the end of the previous year
    for t in range(years):
        start = cum - dc[t]  # right after this year's costs are paid
        end = start + db[t]
        dips = (start < 0) | (end < 0)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            # Where the position is back at zero within this year (linear from start to end).
            cross = 12.0 * t + 12.0 * np.clip(-start / np.where(end > start, end - start, 1.0), 0.0, 1.0)
        # The last year in which it dips decides; a dip that does not end within the year is carried
        # into the next (and, in the last year, is "no payback").
        out = np.where(dips, np.where(end >= 0, cross, 12.0 * (t + 1)), out)
        cum = end
    # Same sums as the present values (ROI, NPV): payback within the horizon <=> NPV >= 0, exactly.
    npv = db.sum(axis=0) - dc.sum(axis=0)
    out[(npv < 0) | (c.sum(axis=0) == 0)] = np.nan
    return out


def _mean_decay(x: Array) -> Array:
    """Mean of ``exp(-s)`` for ``s`` in ``[0, x]``: ``(1 - exp(-x)) / x``, 1 at ``x = 0``.

    Written with ``expm1`` so that a tiny ``x`` (a very long half-life) keeps
    its precision instead of cancelling to 0 / 0.

    >>> _mean_decay(np.array([0.0, 1e-300, math.log(2.0)])).round(4).tolist()
    [1.0, 1.0, 0.7213]
    """
    pos = x > 0
    return np.where(pos, -np.expm1(-x) / np.where(pos, x, 1.0), 1.0)


def effect_by_year(
    years: int,
    ramp_up_months: ArrayLike,
    half_life_months: ArrayLike,
    continuous: bool,
    lasting: bool = False,
) -> Array:
    """Average size of the training effect in each year, as a share of full effect.

    Linear growth to 1 over ``ramp_up_months``, then exponential decay with
    ``half_life_months``; with ``lasting`` (or an infinite half-life) no decay
    at all. Total for any non-negative input, zero and infinity included: a
    ramp-up of 0 (or of 5e-324) months starts at full effect, a half-life of
    0 loses the effect at once. Returns ``(years, n)`` shares in ``[0, 1]``.

    >>> np.round(effect_by_year(2, 0.0, 12.0, False)[:, 0], 4).tolist()
    [0.7213, 0.3607]
    >>> effect_by_year(1, 0.0, 12.0, False, lasting=True)[:, 0].tolist()
    [1.0]
    >>> effect_by_year(2, 6.0, 12.0, False, lasting=True)[:, 0].tolist()
    [0.75, 1.0]
    """
    r = np.atleast_1d(np.asarray(ramp_up_months, dtype=np.float64))
    h = np.atleast_1d(np.asarray(half_life_months, dtype=np.float64))
    n = max(r.shape[0], h.shape[0])
    r = np.broadcast_to(r, (n,))
    # Decay rate per month: 0 when lasting or for an infinite half-life, finite for any h >= 0.
    lam = np.zeros(n) if lasting else np.broadcast_to(_LN2 / np.maximum(h, _MIN_HALF_LIFE), (n,))
    out = np.empty((years, n))
    full_year = _mean_decay(12.0 * lam)  # a year of decay that starts at full effect (a refreshed year)
    for t in range(years):
        a, b = 12.0 * t, 12.0 * (t + 1)
        if continuous and t > 0 and not np.any(r > a):
            out[t] = full_year  # refreshers restore the full effect at the start of the year
            continue
        if not np.any(r > a):  # past every ramp-up: the effect at the start of the year times a year of decay
            out[t] = np.exp(-lam * (a - r)) * full_year
            continue
        # Ramp-up part, the integral of m / r over [a, min(b, r)] = (top - a)(top + a) / (2 r); (top - a) / r
        # lies in [0, 1], so a ramp-up of 5e-324 months cannot overflow.
        ramping = r > a
        top = np.minimum(b, r)
        ramp = np.where(ramping, (top - a) / np.where(ramping, r, 1.0), 0.0) * (top + a) * 0.5
        # Decay part, the integral of exp(-lam (m - r)) over [start, b]: the effect at `start` times the
        # length times the mean decay over it.
        start = np.maximum(a, r)
        length = np.maximum(b - start, 0.0)
        gone = np.maximum(a - r, 0.0)  # months of decay before `start` (= start - r, also for r = inf)
        year = (ramp + np.exp(-lam * gone) * length * _mean_decay(lam * length)) / 12.0
        if continuous and t > 0:
            year = np.where(ramping, year, full_year)
        out[t] = year
    return out


def _mean_survival(q: Array) -> Array:
    """Mean share still employed during a year when a share ``q`` leaves evenly over it.

    The mean of ``(1 - q) ** s`` for ``s`` in ``[0, 1]``: ``-q / log(1 - q)``;
    1 at ``q = 0``, 0 at ``q = 1``.

    >>> _mean_survival(np.array([0.0, 0.1, 1.0])).round(4).tolist()
    [1.0, 0.9491, 0.0]
    """
    inside = (q > 0) & (q < 1)
    if inside.all():  # the usual case, without the masks' temporaries
        return -q / np.log1p(-q)  # log1p: log(1 - q) rounds to 0 for tiny q
    safe = np.where(inside, q, 0.5)
    return np.where(inside, -safe / np.log1p(-safe), np.where(q <= 0, 1.0, 0.0))


def trained_by_year(
    effect: Array, turnover_pct: ArrayLike, reduction_pp: ArrayLike | None = None
) -> tuple[Array, Array]:
    """The trained cohort over the years, as shares of those trained: ``(start, during)``, each ``(years, n)``.

    ``start[t]`` is the share still employed at the start of year ``t + 1``,
    ``during[t]`` the average share employed during that year. In year ``t``
    trained staff leave at today's turnover ``q`` or, when ``reduction_pp``
    is given (the turnover driver counts), at ``q - min(dq, q) * effect[t]``:
    the rate they actually leave at.

    >>> start, during = trained_by_year(np.ones((2, 1)), 10.0)
    >>> start[:, 0].round(4).tolist(), during[:, 0].round(4).tolist()
    ([1.0, 0.9], [0.9491, 0.8542])
    >>> start, during = trained_by_year(np.ones((2, 1)), 10.0, 4.0)  # trained staff leave at 6 %
    >>> start[:, 0].round(4).tolist()
    [1.0, 0.94]
    """
    q = np.clip(np.atleast_1d(np.asarray(turnover_pct, dtype=np.float64)) / 100.0, 0.0, 1.0)
    if reduction_pp is None:  # the same rate every year: one survival figure
        leave = np.broadcast_to(q, (effect.shape[0], q.shape[0]))
        within = _mean_survival(q)  # (n,)
    else:
        cut = np.minimum(np.atleast_1d(np.asarray(reduction_pp, dtype=np.float64)) / 100.0, q)
        leave = np.clip(q - np.maximum(cut, 0.0) * effect, 0.0, 1.0)
        within = _mean_survival(leave)  # (years, n)
    years = leave.shape[0]
    n = max(leave.shape[1], effect.shape[1])
    start = np.empty((years, n))  # (years, n): the rate trained staff leave at in year t is leave[t]
    start[0] = 1.0
    for t in range(1, years):
        np.multiply(start[t - 1], 1.0 - leave[t - 1], out=start[t])
    return start, start * within


def cash_flows(
    p: Mapping[str, ArrayLike],
    *,
    enabled: Sequence[Driver | str],
    horizon_years: int,
    continuous: bool,
    custom: Sequence[CustomLine] = (),
    lasting: bool = False,
    leaver_cost_amount: bool = False,
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
    lasting : the effect does not fade (no half-life decay).
    leaver_cost_amount : the cost per leaver is ``leaver_cost_eur`` (euro)
        instead of ``replacement_cost_pct`` per cent of a gross salary.

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
    effect = effect_by_year(years, v["ramp_up_months"], v["half_life_months"], continuous, lasting)  # (years, n)
    # Trained staff leave at the lower rate when the turnover driver counts (the rate they actually leave at).
    reduction = v["turnover_reduction_pp"] if Driver.TURNOVER in on else None
    at_start, during = trained_by_year(effect, v["turnover_rate_pct"], reduction)
    people = effect * during  # (years, n): effect times the share of the trained still at work

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
        # Leavers avoided in year t: those trained and still employed at its start, times the reduction
        # (capped by today's rate) at the year's effect.
        fewer_leavers = trained * np.minimum(v["turnover_reduction_pp"], v["turnover_rate_pct"]) / 100.0
        per_leaver = (
            v["leaver_cost_eur"] if leaver_cost_amount else v["gross_salary"] * (v["replacement_cost_pct"] / 100.0)
        )
        full[Driver.TURNOVER] = (fewer_leavers * per_leaver, effect * at_start)
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
