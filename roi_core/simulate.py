"""Point estimates and the Monte Carlo simulation of a :class:`Scenario`.

Sampling draws uniform numbers first, one independent stream per input
(keyed by the input's place in the registry), then maps each row through
the input's quantile table. The same seed therefore gives every input the
same uniform numbers in every scenario (common random numbers): moving one
slider changes only what that input does.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from scipy import special

from roi_core.assumptions import (
    COST_CATEGORIES,
    DRIVERS,
    INPUTS,
    attribution_key,
    confidence_key,
    spec,
)
from roi_core.distributions import TABLE_SIZE
from roi_core.model import NEGLIGIBLE_COST, CashFlows, CustomLine, bcr, cash_flows, roi_pct
from roi_core.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Note",
    "Sampling",
    "PointResult",
    "Draws",
    "SimulationResult",
    "Histogram",
    "MonteCarloSummary",
    "deterministic",
    "conservative",
    "draw_inputs",
    "simulate",
    "uncertain_keys",
]

Array = NDArray[np.float64]
_CUSTOM_STREAM_BASE = 10_000  # stream ids of custom lines: base + 2 i (value), + 1 (attribution)
HISTOGRAM_BINS = 60
#: Draws evaluated at once: small enough that temporaries stay in the CPU cache.
CHUNK = 16384


class Note(StrEnum):
    """Why a number is missing or needs a caveat (pages translate these codes)."""

    ZERO_COST = "zero_cost"  # ROI and BCR undefined
    NO_PAYBACK = "no_payback"  # does not pay back within the horizon
    UNDEFINED_DRAWS = "undefined_draws"  # some draws had zero cost


class Sampling(StrEnum):
    RANDOM = "random"
    LATIN_HYPERCUBE = "lhs"


@dataclass(frozen=True)
class PointResult:
    """One set of numbers for a scenario (deterministic or conservative).

    Amounts in euro. ``costs`` and ``benefits`` are present values over the
    horizon (plain sums at a zero discount rate), ``npv`` their difference (the
    net benefit every page shows); ``net_benefit`` is the undiscounted
    difference, kept for the cash-flow tables only. ``roi_pct`` is per cent,
    ``bcr`` a ratio, ``payback_months`` the discounted payback, ``nan`` when
    there is none within the horizon (see ``notes``). ``cost_by_category`` and
    ``benefit_by_line`` are present values too (they add up to ``costs`` and
    ``benefits``). ``yearly_costs`` and
    ``yearly_benefits`` are undiscounted; ``yearly_pv_net`` is each year's net
    in present value (its sum is ``npv``).
    """

    view: str
    years: int
    costs: float
    benefits: float
    net_benefit: float
    roi_pct: float
    bcr: float
    npv: float
    payback_months: float
    cost_by_category: Mapping[str, float]
    benefit_by_line: Mapping[str, float]
    yearly_costs: tuple[float, ...]
    yearly_benefits: tuple[float, ...]
    notes: tuple[Note, ...] = ()
    yearly_pv_net: tuple[float, ...] = ()

    def to_dict(self) -> dict[str, float | None]:
        """The headline numbers, ``None`` for undefined ones (JSON-safe)."""
        keys = ("costs", "benefits", "roi_pct", "bcr", "npv", "payback_months")
        return {k: _json_float(getattr(self, k)) for k in keys}

    def to_frame(self) -> pd.DataFrame:  # pandas is imported lazily: the core stays light
        """One row per year: ``costs``, ``benefits`` and ``net`` undiscounted (cash), ``pv_net`` the year's net
        in present value and ``cumulative_pv_net`` its running total (which ends at ``npv``)."""
        import pandas as pd

        frame = pd.DataFrame(
            {"year": range(1, self.years + 1), "costs": self.yearly_costs, "benefits": self.yearly_benefits}
        )
        frame["net"] = frame["benefits"] - frame["costs"]
        frame["pv_net"] = self.yearly_pv_net
        frame["cumulative_pv_net"] = frame["pv_net"].cumsum()
        return frame


def _median_or_nan(x: Array) -> float:
    m = float(np.median(x))
    return m if np.isfinite(m) else float("nan")


def _json_float(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


def _matters(scenario: Scenario, key: str) -> bool:
    """False for inputs the model does not read: point-only ones, those of switched-off drivers and unused ones."""
    s = INPUTS[key]
    return not s.point_only and (s.driver is None or s.driver in scenario.enabled) and key not in scenario.unused_inputs


def uncertain_keys(scenario: Scenario) -> tuple[str, ...]:
    """Inputs that vary in the simulation, registry order.

    Fixed inputs, point-only inputs and inputs of switched-off drivers stay at
    their most likely value (they cannot change the result).
    """
    return tuple(k for k, r in scenario.values if _matters(scenario, k) and not r.is_fixed)


def _custom_lines(scenario: Scenario, params: Mapping[str, object], conservative: bool) -> list[CustomLine]:
    lines = []
    for i, c in enumerate(scenario.custom):
        value_key, share_key = scenario.custom_keys(i)
        value = params.get(value_key, c.value_eur.likely)
        attribution = params.get(share_key, c.attribution_pct.likely)
        if conservative:
            attribution = np.asarray(attribution) * (c.confidence_pct / 100.0)
        lines.append(CustomLine(c.name, value, attribution, c.decays))  # type: ignore[arg-type]
    return lines


def _point(scenario: Scenario, view: str, years: int, conservative: bool) -> PointResult:
    params: dict[str, float] = {k: r.likely for k, r in scenario.values}
    if conservative:
        for d in DRIVERS:
            params[attribution_key(d)] *= params[confidence_key(d)] / 100.0
        params["discount_rate"] = 0.0  # Phillips: benefits and costs as they are, undiscounted
    cf = cash_flows(
        params,
        enabled=scenario.enabled,
        horizon_years=years,
        custom=_custom_lines(scenario, params, conservative),
        **scenario.model_options(),
    )
    return _point_from_flows(cf, view)


def _point_from_flows(cf: CashFlows, view: str) -> PointResult:
    c, b = float(cf.pv_costs()[0]), float(cf.pv_benefits()[0])
    pay = float(cf.payback_months()[0])
    notes: list[Note] = []
    if abs(c) < NEGLIGIBLE_COST:  # the ROI is undefined exactly where roi_pct says so
        notes.append(Note.ZERO_COST)
    if np.isnan(pay):
        notes.append(Note.NO_PAYBACK)
    return PointResult(
        view=view,
        years=cf.years,
        costs=c,
        benefits=b,
        net_benefit=float(cf.yearly_benefits.sum() - cf.yearly_costs.sum()),
        roi_pct=float(roi_pct(b, c)),
        bcr=float(bcr(b, c)),
        npv=b - c,
        payback_months=pay,
        cost_by_category=MappingProxyType(
            {k: float(x) for k, x in zip(COST_CATEGORIES, _pv_by_category(cf)[:, 0], strict=True)}
        ),
        benefit_by_line=MappingProxyType(
            {k: float(x) for k, x in zip(cf.benefit_names, cf.pv_benefits_by_line()[:, 0], strict=True)}
        ),
        yearly_costs=tuple(float(x) for x in cf.yearly_costs[:, 0]),
        yearly_benefits=tuple(float(x) for x in cf.yearly_benefits[:, 0]),
        notes=tuple(notes),
        yearly_pv_net=tuple(
            float(x) for x in (cf.yearly_benefits * cf.benefit_factors - cf.yearly_costs * cf.cost_factors)[:, 0]
        ),
    )


def _pv_by_category(cf: CashFlows) -> Array:
    """Present value per cost category, ``(categories, n)``."""
    return (cf.costs * cf.cost_factors[np.newaxis]).sum(axis=1)


def deterministic(scenario: Scenario) -> PointResult:
    """The scenario at its most likely values, over its full horizon, no confidence haircut.

    >>> r = deterministic(Scenario())
    >>> r.view, r.years
    ('deterministic', 3)
    """
    return _point(scenario, "deterministic", scenario.horizon_years, conservative=False)


def conservative(scenario: Scenario) -> PointResult:
    """The Phillips view: the scenario's most likely values, adjusted for confidence.

    Phillips' rule: benefits of the first year (``scenario.conservative_horizon``
    years), undiscounted, against the fully loaded costs, each benefit
    multiplied by its isolation share (attribution, as in every view) and by
    the estimators' confidence. Doubt is counted once: the view starts from
    the scenario's own values (whatever outlook produced them) and applies
    only the confidence haircut, never a shift of the ranges.

    >>> s = Scenario()
    >>> conservative(s).benefits < deterministic(s).benefits
    True
    """
    return _point(scenario, "conservative", scenario.conservative_horizon, conservative=True)


@dataclass(frozen=True)
class Draws:
    """Sampled inputs of one simulation.

    ``keys`` are the varying inputs (and custom lines as ``custom:i:value`` /
    ``custom:i:attribution``); ``uniforms`` and ``values`` have shape
    ``(len(keys), n)``. ``params`` maps every model input to a scalar or an
    ``(n,)`` array, ready for :func:`roi_core.model.cash_flows`.
    """

    keys: tuple[str, ...]
    uniforms: Array
    values: Array
    params: Mapping[str, float | Array]

    @property
    def n(self) -> int:
        return int(self.uniforms.shape[1])

    def column(self, key: str) -> Array:
        """The draws of one varying input, ``(n,)``."""
        return self.values[self.keys.index(key)]


def _ranges_of(scenario: Scenario) -> dict[str, tuple[int, object]]:
    """Every samplable quantity: key -> (stream id, Range)."""
    out: dict[str, tuple[int, object]] = {}
    for i, (k, r) in enumerate(scenario.values):
        if _matters(scenario, k):
            out[k] = (i, r)
    for j in range(len(scenario.custom)):
        for part, key in enumerate(scenario.custom_keys(j)):  # value, then attribution
            out[key] = (_CUSTOM_STREAM_BASE + 2 * j + part, scenario[key])
    return out


def _bounds(key: str) -> tuple[float, float]:
    s = spec(key)  # a custom line's part too: every line has the same bounds
    return s.hard_min, s.hard_max


def _correlate(uniforms: Array, keys: tuple[str, ...], scenario: Scenario) -> None:
    """Impose the scenario's rank correlations on ``uniforms`` in place (Gaussian copula)."""
    pairs = [(c.a, c.b, c.rho) for c in scenario.correlations if c.a in keys and c.b in keys]
    if not pairs:
        return
    involved = sorted({k for a, b, _ in pairs for k in (a, b)}, key=keys.index)
    idx = [keys.index(k) for k in involved]
    m = len(involved)
    corr = np.eye(m)
    for a, b, rho in pairs:
        i, j = involved.index(a), involved.index(b)
        # Spearman rank correlation -> Pearson correlation of the normal scores.
        corr[i, j] = corr[j, i] = 2.0 * np.sin(np.pi * rho / 6.0)
    w, v = np.linalg.eigh(corr)
    if w.min() <= 1e-10:
        warnings.warn(
            "the stated correlations contradict each other; the nearest consistent set is used",
            stacklevel=3,
        )
        w = np.clip(w, 1e-6, None)
        corr = (v * w) @ v.T
        d = np.sqrt(np.diag(corr))
        corr = corr / np.outer(d, d)
    chol = np.linalg.cholesky(corr)
    z = special.ndtri(np.clip(uniforms[idx], 1e-12, 1.0 - 1e-12))  # (m, n)
    # ndtr can round up to exactly 1.0; keep u < 1 so that it stays in the table.
    uniforms[idx] = np.minimum(special.ndtr(chol @ z), np.nextafter(1.0, 0.0))


def _stream(root: np.random.SeedSequence, stream: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(root.entropy, spawn_key=(stream,))))


def draw_inputs(
    scenario: Scenario,
    draws: int | None = None,
    seed: int | None = None,
    sampling: Sampling | str = Sampling.RANDOM,
) -> Draws:
    """Sample every varying input of ``scenario``.

    ``draws`` and ``seed`` default to the scenario's. Fixed inputs stay
    scalars (no wasted work); varying ones become ``(n,)`` arrays.
    """
    n = scenario.draws if draws is None else int(draws)
    if n < 1:
        raise ValueError(f"draws must be at least 1, got {n}")
    s = scenario.seed if seed is None else int(seed)
    method = Sampling(sampling)
    ranges = _ranges_of(scenario)
    keys = tuple(k for k, (_, r) in ranges.items() if not r.is_fixed)  # type: ignore[attr-defined]
    uniforms = np.empty((len(keys), n))  # (k, n)
    root = np.random.SeedSequence(s)
    for row, k in enumerate(keys):
        rng = _stream(root, ranges[k][0])
        if method is Sampling.LATIN_HYPERCUBE:
            uniforms[row] = (rng.permutation(n) + rng.random(n)) / n
        else:
            rng.random(out=uniforms[row])
    _correlate(uniforms, keys, scenario)

    values = np.empty_like(uniforms)  # (k, n)
    cells = np.empty(n, dtype=np.intp)
    for row, k in enumerate(keys):
        r = ranges[k][1]
        np.multiply(uniforms[row], TABLE_SIZE, out=cells, casting="unsafe")
        np.take(r.table, cells, out=values[row])  # type: ignore[attr-defined]
        if r.shape in ("normal", "lognormal"):  # type: ignore[attr-defined]
            b_lo, b_hi = _bounds(k)
            np.clip(values[row], b_lo, b_hi, out=values[row])

    params: dict[str, float | Array] = {k: r.likely for k, r in scenario.values}
    for row, k in enumerate(keys):
        params[k] = values[row]
    return Draws(keys=keys, uniforms=uniforms, values=values, params=MappingProxyType(params))


@dataclass(frozen=True)
class Histogram:
    """Pre-binned counts: ``edges`` has one element more than ``counts``."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        e = np.asarray(self.edges)
        return pd.DataFrame({"start": e[:-1], "end": e[1:], "count": np.asarray(self.counts)})


def histogram(values: Array, bins: int = HISTOGRAM_BINS, clip_pct: float = 0.5) -> Histogram:
    """Bin finite ``values`` into ``bins`` equal bins between the
    ``clip_pct`` and ``100 - clip_pct`` percentiles (outliers go to the end bins)."""
    v = values[np.isfinite(values)]
    if v.size == 0:
        return Histogram(edges=(0.0, 1.0), counts=(0,))
    lo, hi = np.percentile(v, [clip_pct, 100.0 - clip_pct])
    # A (nearly) constant outcome: spread within rounding cannot hold `bins` finite bins; centre one unit on it.
    if not hi - lo > 1e-9 * max(abs(lo), abs(hi), 1.0):
        mid = (lo + hi) / 2.0
        lo, hi = mid - 0.5, mid + 0.5
    counts, edges = np.histogram(np.clip(v, lo, hi), bins=bins, range=(lo, hi))
    return Histogram(edges=tuple(float(x) for x in edges), counts=tuple(int(c) for c in counts))


@dataclass(frozen=True)
class MonteCarloSummary:
    """What the pages show of a simulation: small, picklable, cacheable.

    ROI values are per cent; money in euro. ``prob_*`` are shares in [0, 1]
    of all draws (undefined ROI draws count as not positive).
    """

    draws: int
    seed: int
    hurdle_pct: float
    roi_mean: float
    roi_p5: float
    roi_p10: float
    roi_p50: float
    roi_p90: float
    roi_p95: float
    prob_roi_positive: float
    prob_beats_hurdle: float
    npv_mean: float
    npv_p5: float
    npv_p50: float
    npv_p95: float
    payback_p50_months: float
    prob_payback: float
    n_undefined: int
    roi_histogram: Histogram
    #: Cumulative net present value at each year end, "p10"/"p50"/"p90" (the discounted payback curve).
    cumulative_net_quantiles: Mapping[str, tuple[float, ...]]
    mean_benefit_by_line: Mapping[str, float]
    mean_cost_by_category: Mapping[str, float]
    #: Net position right after the year-1 costs are paid (month 0), "p10"/"p50"/"p90"; the start of the
    #: cumulative cash-flow curve (year-1 costs are paid up front, benefits accrue during the year).
    start_net_quantiles: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"p10": 0.0, "p50": 0.0, "p90": 0.0})
    )

    def to_dict(self) -> dict[str, object]:
        keys = (
            "draws",
            "seed",
            "hurdle_pct",
            "roi_mean",
            "roi_p5",
            "roi_p10",
            "roi_p50",
            "roi_p90",
            "roi_p95",
            "prob_roi_positive",
            "prob_beats_hurdle",
            "npv_mean",
            "npv_p5",
            "npv_p50",
            "npv_p95",
            "payback_p50_months",
            "prob_payback",
            "n_undefined",
        )
        return {k: (_json_float(v) if isinstance(v, float) else v) for k in keys for v in [getattr(self, k)]}


@dataclass(frozen=True)
class SimulationResult:
    """All draws of one simulation. Large: pages cache :meth:`summary`, not this."""

    scenario: Scenario
    inputs: Draws
    costs: Array  # (n,) present value
    benefits: Array  # (n,) present value
    roi_pct: Array  # (n,), nan where costs are zero
    npv: Array  # (n,)
    payback_months: Array  # (n,), nan where no payback
    yearly_net: Array  # (years, n), each year's net in present value (cumulated: the discounted payback curve)
    upfront_costs: Array  # (n,), year-1 costs, paid at the start
    benefit_by_line: Array  # (lines,), mean present value per benefit line
    cost_by_category: Array  # (categories,), mean present value
    benefit_names: tuple[str, ...] = field(default=())

    @property
    def n(self) -> int:
        return int(self.roi_pct.shape[0])

    def summary(self, hurdle_pct: float | None = None) -> MonteCarloSummary:
        """Percentiles, probabilities and chart-ready bins of the draws."""
        h = self.scenario.hurdle_pct if hurdle_pct is None else float(hurdle_pct)
        roi = self.roi_pct
        finite = np.isfinite(roi)
        n_undef = int((~finite).sum())
        r = roi[finite] if n_undef else roi
        q = np.percentile(r, [5, 10, 50, 90, 95]) if r.size else np.full(5, np.nan)
        npv_q = np.percentile(self.npv, [5, 50, 95])
        cum = np.cumsum(self.yearly_net, axis=0)
        cq = np.percentile(cum, [10, 50, 90], axis=1)  # (3, years)
        paid = np.isfinite(self.payback_months)
        return MonteCarloSummary(
            draws=self.n,
            seed=self.scenario.seed,
            hurdle_pct=h,
            roi_mean=float(r.mean()) if r.size else float("nan"),
            roi_p5=float(q[0]),
            roi_p10=float(q[1]),
            roi_p50=float(q[2]),
            roi_p90=float(q[3]),
            roi_p95=float(q[4]),
            prob_roi_positive=float(np.count_nonzero(roi > 0) / self.n),
            prob_beats_hurdle=float(np.count_nonzero(roi > h) / self.n),
            npv_mean=float(self.npv.mean()),
            npv_p5=float(npv_q[0]),
            npv_p50=float(npv_q[1]),
            npv_p95=float(npv_q[2]),
            # Draws that never pay back count as "later than any"; the median is
            # undefined (nan) when half or more never pay back.
            payback_p50_months=_median_or_nan(np.where(paid, self.payback_months, np.inf)),
            prob_payback=float(paid.mean()),
            n_undefined=n_undef,
            roi_histogram=histogram(r),
            cumulative_net_quantiles=MappingProxyType(
                {name: tuple(float(x) for x in row) for name, row in zip(("p10", "p50", "p90"), cq, strict=True)}
            ),
            mean_benefit_by_line=MappingProxyType(
                {k: float(x) for k, x in zip(self.benefit_names, self.benefit_by_line, strict=True)}
            ),
            start_net_quantiles=MappingProxyType(
                {
                    name: float(x)
                    for name, x in zip(
                        ("p10", "p50", "p90"), np.percentile(-self.upfront_costs, [10, 50, 90]), strict=True
                    )
                }
            ),
            mean_cost_by_category=MappingProxyType(
                {k: float(x) for k, x in zip(COST_CATEGORIES, self.cost_by_category, strict=True)}
            ),
        )


def evaluate_draws(scenario: Scenario, inputs: Draws) -> SimulationResult:
    """Run the model on sampled inputs (no confidence haircut: doubt is in the ranges).

    Evaluated in chunks of :data:`CHUNK` draws so that the model's temporaries
    stay in the CPU cache; results are identical to one big call.
    """
    n, years = inputs.n, scenario.horizon_years
    lines = len(DRIVERS) + len(scenario.custom)
    costs, benefits, payback = np.empty(n), np.empty(n), np.empty(n)
    yearly_net = np.empty((years, n))
    upfront = np.empty(n)
    line_sum = np.zeros(lines)
    cost_sum = np.zeros(len(COST_CATEGORIES))
    names: tuple[str, ...] = ()
    varying = {k: v for k, v in inputs.params.items() if isinstance(v, np.ndarray)}
    for lo in range(0, n, CHUNK):
        hi = min(lo + CHUNK, n)
        params = dict(inputs.params)
        for k, v in varying.items():
            params[k] = v[lo:hi]
        cf = cash_flows(
            params,
            enabled=scenario.enabled,
            horizon_years=years,
            custom=_custom_lines(scenario, params, conservative=False),
            **scenario.model_options(),
        )
        costs[lo:hi] = cf.pv_costs()
        benefits[lo:hi] = cf.pv_benefits()
        payback[lo:hi] = cf.payback_months()
        yearly_net[:, lo:hi] = cf.yearly_benefits * cf.benefit_factors - cf.yearly_costs * cf.cost_factors
        upfront[lo:hi] = cf.yearly_costs[0]
        f = np.broadcast_to(cf.benefit_factors, cf.benefits.shape[1:])
        line_sum += np.einsum("ltn,tn->l", cf.benefits, f)
        cost_sum += _pv_by_category(cf).sum(axis=1) * ((hi - lo) / cf.costs.shape[2])
        names = cf.benefit_names
    return SimulationResult(
        scenario=scenario,
        inputs=inputs,
        costs=costs,
        benefits=benefits,
        roi_pct=roi_pct(benefits, costs),
        npv=benefits - costs,
        payback_months=payback,
        yearly_net=yearly_net,
        upfront_costs=upfront,
        benefit_by_line=line_sum / n,
        cost_by_category=cost_sum / n,
        benefit_names=names,
    )


def simulate(
    scenario: Scenario,
    draws: int | None = None,
    seed: int | None = None,
    sampling: Sampling | str = Sampling.RANDOM,
) -> SimulationResult:
    """Monte Carlo simulation of ``scenario``: all draws at once, no Python loop over draws.

    Same scenario, draws and seed give the same numbers, bit for bit.

    >>> res = simulate(Scenario(), draws=2000, seed=1)
    >>> res.roi_pct.shape
    (2000,)
    >>> bool((simulate(Scenario(), draws=2000, seed=1).roi_pct == res.roi_pct).all())
    True
    """
    return evaluate_draws(scenario, draw_inputs(scenario, draws, seed, sampling))
