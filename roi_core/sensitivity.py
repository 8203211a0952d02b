"""What drives the ROI: one-way (tornado, spider) and global (rank correlation, Sobol) sensitivity.

The one-way analyses and Sobol evaluate the model on batches of cases
(:mod:`roi_core.evaluate`): the varied inputs become arrays whose elements
are the cases, the others stay scalars at their most likely value, in the
expected view of :func:`roi_core.simulate.deterministic` (no confidence
haircut: doubt lives in the ranges). Rank correlations read the draws of a
simulation. Every analysis follows the contract of :mod:`roi_core.evaluate`:
the scenario (or simulation) first, keyword-only options, and a result with
``keys``, ``value_of(key)`` and ``to_frame()``.

Input keys are registry keys (:data:`roi_core.assumptions.INPUT_KEYS`) and,
for custom benefit lines, ``"custom:{i}:value"`` / ``"custom:{i}:attribution"``
as in :class:`roi_core.sampling.Draws`. By default every *varying* input is
analysed (:func:`sensitivity_keys`); an explicit ``keys=`` may name any input,
including fixed ones, which then show exactly zero effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from scipy.stats import qmc

from roi_core.assumptions import Lang
from roi_core.distributions import TABLE_SIZE, lookup
from roi_core.evaluate import (
    Metric,
    PerInput,
    base_params,
    clip_to_hard_limits,
    evaluate_cases,
    metric_of,
    one_at_a_time,
    range_of,
    resolve_keys,
    sensitivity_keys,
)
from roi_core.sampling import hard_limits
from roi_core.scenario import Scenario
from roi_core.simulate import SimulationResult

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Metric",
    "SpiderMode",
    "TornadoResult",
    "SpiderResult",
    "RankCorrelationResult",
    "SobolResult",
    "sensitivity_keys",
    "input_label",
    "tornado",
    "spider",
    "rank_correlations",
    "average_ranks",
    "input_order",
    "saltelli_matrix",
    "sobol",
]

Array = NDArray[np.float64]


def input_label(scenario: Scenario, key: str, lang: Lang = "en") -> str:
    """Display label of an input key, custom lines included: ``scenario.input(key).label(lang)``.

    ``ValueError`` naming an unknown key, as the analyses' ``keys=``.

    >>> input_label(Scenario(), "productivity_gain_pct")
    'Productivity gain per trained employee'
    """
    range_of(scenario, key)
    return scenario.input(key).label(lang)


def _order(score: Array) -> NDArray[np.intp]:
    """Indices sorting ``score`` descending, nan last, ties in the given order."""
    return np.argsort(-np.where(np.isfinite(score), score, -np.inf), kind="stable")


# ----------------------------------------------------------------------------- tornado


@dataclass(frozen=True)
class TornadoResult(PerInput):
    """One-way sensitivity: each input at a low and a high quantile, the others at most likely.

    Tuples run over ``keys``, sorted by ``swing`` (largest first). Outputs are
    in the unit of ``metric`` (ROI per cent or NPV euro); ``low_values`` /
    ``high_values`` are the input values used, in the input's unit.
    ``low_output`` belongs to ``low_values`` (so it may be the larger output
    when raising the input lowers the ROI). ``swing = |high_output - low_output|``
    is what :meth:`value_of` gives.
    """

    VALUE = "swing"

    metric: Metric
    base: float
    low_q: float
    high_q: float
    keys: tuple[str, ...]
    likely: tuple[float, ...]
    low_values: tuple[float, ...]
    high_values: tuple[float, ...]
    low_output: tuple[float, ...]
    high_output: tuple[float, ...]
    swing: tuple[float, ...]

    def swing_of(self, key: str) -> float:
        """Swing of ``key`` (the same as :meth:`value_of`); ``KeyError`` if it was not analysed."""
        return self.value_of(key)

    def to_frame(self) -> pd.DataFrame:  # pandas is imported lazily: the core stays light
        """One row per input, largest swing first."""
        import pandas as pd

        return pd.DataFrame(
            {
                "input": self.keys,
                "likely": self.likely,
                "low_value": self.low_values,
                "high_value": self.high_values,
                "low_output": self.low_output,
                "high_output": self.high_output,
                "swing": self.swing,
                "base": self.base,
            }
        )


def tornado(
    scenario: Scenario,
    *,
    low_q: float = 0.10,
    high_q: float = 0.90,
    metric: Metric | str = Metric.ROI_PCT,
    keys: Sequence[str] | None = None,
) -> TornadoResult:
    """Tornado analysis: move one input at a time to its ``low_q`` and ``high_q`` quantile.

    Parameters
    ----------
    scenario : Scenario
    low_q, high_q : float
        Probabilities (0..1, ``low_q < high_q``) of the input's range that set
        the low and high case; default P10 and P90.
    metric : ``"roi_pct"`` (per cent) or ``"npv"`` (euro).
    keys : inputs to move; default :func:`sensitivity_keys`. Fixed inputs
        may be named: their swing is exactly 0.

    Returns
    -------
    TornadoResult
        Sorted by swing, largest first. ``base`` equals
        ``deterministic(scenario).roi_pct`` (or ``.npv``).

    Examples
    --------
    >>> t = tornado(Scenario())
    >>> t.swing[0] >= t.swing[-1] >= 0.0
    True
    """
    m = metric_of(metric)
    if not (0.0 <= low_q < high_q <= 1.0):
        raise ValueError(f"low_q and high_q must satisfy 0 <= low_q < high_q <= 1, got {low_q}, {high_q}")
    ks = resolve_keys(scenario, keys)
    k = len(ks)
    base = base_params(scenario)
    likely = np.array([float(base[key]) for key in ks])
    cases = np.empty((k, 2))  # per input: its low and its high value
    for i, key in enumerate(ks):
        r = range_of(scenario, key)
        cases[i] = clip_to_hard_limits(key, r, r.exact_ppf(np.array([low_q, high_q])))
    lows, highs = cases[:, 0], cases[:, 1]
    grid = one_at_a_time(scenario, ks, cases)
    out = grid.of(m)
    lo_out, hi_out = out[:, 0], out[:, 1]
    swing = np.abs(hi_out - lo_out)
    o = _order(swing)
    return TornadoResult(
        metric=m,
        base=grid.base_of(m),
        low_q=float(low_q),
        high_q=float(high_q),
        keys=tuple(ks[i] for i in o),
        likely=_tuple(likely[o]),
        low_values=_tuple(lows[o]),
        high_values=_tuple(highs[o]),
        low_output=_tuple(lo_out[o]),
        high_output=_tuple(hi_out[o]),
        swing=_tuple(swing[o]),
    )


def _tuple(a: Array) -> tuple[float, ...]:
    return tuple(float(x) for x in a)


# ----------------------------------------------------------------------------- spider


class SpiderMode(StrEnum):
    RANGE = "range"  # low .. high of the input's range; position 0..100 (% of the way)
    RELATIVE = "relative"  # -50 % .. +50 % of the most likely value; position in % change


@dataclass(frozen=True)
class SpiderResult(PerInput):
    """Output as each input sweeps its range, the others at most likely.

    ``values``, ``roi_pct`` and ``npv`` have one row per key and one column
    per position. In ``"range"`` mode ``positions`` are 0..100 (% of the way
    from low to high); in ``"relative"`` mode -50..+50 (% change from most
    likely; values are clipped to the input's hard limits). :meth:`value_of`
    gives ``roi_spread``: how far the ROI moves over an input's sweep.
    """

    VALUE = "roi_spread"

    mode: SpiderMode
    keys: tuple[str, ...]
    positions: tuple[float, ...]
    values: tuple[tuple[float, ...], ...]
    roi_pct: tuple[tuple[float, ...], ...]
    npv: tuple[tuple[float, ...], ...]
    base_roi_pct: float
    base_npv: float

    @property
    def roi_spread(self) -> tuple[float, ...]:
        """Highest minus lowest ROI over each input's sweep (per cent points), same order as ``keys``."""
        return _spread(self.roi_pct)

    @property
    def npv_spread(self) -> tuple[float, ...]:
        """Highest minus lowest NPV over each input's sweep (euro), same order as ``keys``."""
        return _spread(self.npv)

    def to_frame(self) -> pd.DataFrame:
        """One row per input: the first and last value of its sweep and the spread of ROI and NPV over it."""
        import pandas as pd

        return pd.DataFrame(
            {
                "input": self.keys,
                "first_value": [row[0] for row in self.values],
                "last_value": [row[-1] for row in self.values],
                "roi_spread": self.roi_spread,
                "npv_spread": self.npv_spread,
            }
        )

    def to_long_frame(self) -> pd.DataFrame:
        """Columns ``input, position, value, roi_pct, npv``; one row per key and position (the curves)."""
        import pandas as pd

        p = len(self.positions)
        return pd.DataFrame(
            {
                "input": np.repeat(np.array(self.keys, dtype=object), p),
                "position": np.tile(np.asarray(self.positions), len(self.keys)),
                "value": np.asarray(self.values, dtype=np.float64).reshape(-1),
                "roi_pct": np.asarray(self.roi_pct, dtype=np.float64).reshape(-1),
                "npv": np.asarray(self.npv, dtype=np.float64).reshape(-1),
            }
        )


def _spread(rows: tuple[tuple[float, ...], ...]) -> tuple[float, ...]:
    """Highest minus lowest finite value of each row; 0 for a row without two finite values."""
    out = []
    for row in rows:
        finite = [x for x in row if np.isfinite(x)]
        out.append(float(max(finite) - min(finite)) if finite else 0.0)
    return tuple(out)


def spider(
    scenario: Scenario,
    *,
    keys: Sequence[str] | None = None,
    points: int = 11,
    mode: SpiderMode | str = SpiderMode.RANGE,
) -> SpiderResult:
    """Spider analysis: ROI and NPV along ``points`` values of each input.

    Parameters
    ----------
    scenario : Scenario
    keys : inputs to sweep; default :func:`sensitivity_keys`.
    points : number of values per input (2..201).
    mode : ``"range"`` sweeps low..high of the input's range (for normal and
        lognormal ranges the 90 % interval); ``"relative"`` sweeps -50 % ..
        +50 % of the most likely value.

    Examples
    --------
    >>> sp = spider(Scenario(), keys=["productivity_gain_pct"], points=3)
    >>> sp.values[0]
    (1.0, 6.5, 12.0)
    >>> sp.roi_pct[0][0] < sp.roi_pct[0][2]
    True
    """
    try:
        md = SpiderMode(mode)
    except ValueError:
        raise ValueError(f"mode must be 'range' or 'relative', got {mode!r}") from None
    if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= 201:
        raise ValueError(f"points must be a whole number within 2..201, got {points!r}")
    ks = resolve_keys(scenario, keys)
    k = len(ks)
    t = np.linspace(0.0, 1.0, points)
    grid = np.empty((k, points))  # (k, points) input values
    for i, key in enumerate(ks):
        r = range_of(scenario, key)
        if md is SpiderMode.RANGE:
            grid[i] = r.low + t * (r.high - r.low)
        else:
            grid[i] = r.likely * (0.5 + t)
            lo, hi = hard_limits(key)
            np.clip(grid[i], lo, hi, out=grid[i])
    out = one_at_a_time(scenario, ks, grid)
    positions = 100.0 * t if md is SpiderMode.RANGE else 100.0 * t - 50.0
    return SpiderResult(
        mode=md,
        keys=ks,
        positions=_tuple(positions),
        values=tuple(_tuple(row) for row in grid),
        roi_pct=tuple(_tuple(row) for row in out.roi_pct),
        npv=tuple(_tuple(row) for row in out.npv),
        base_roi_pct=out.base_roi_pct,
        base_npv=out.base_npv,
    )


# ----------------------------------------------------------------------------- rank correlations


@dataclass(frozen=True)
class RankCorrelationResult(PerInput):
    """Spearman rank correlation of each varying input with the output, over the draws.

    Sorted by ``|rho|``, largest first. ``share`` is ``rho**2`` normalised to
    sum to 1 (a "contribution to variance" ranking; all 0 when no input
    correlates). ``n`` counts the draws used (those with a defined output).
    :meth:`value_of` gives ``rho``.
    """

    VALUE = "rho"

    metric: Metric
    keys: tuple[str, ...]
    rho: tuple[float, ...]
    share: tuple[float, ...]
    n: int

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame({"input": self.keys, "rho": self.rho, "share": self.share})


def input_order(result: SimulationResult) -> NDArray[np.intp]:
    """Each input's draws sorted: ``(k, n)`` indices, ``np.argsort(result.inputs.values, axis=1, kind="stable")``.

    Sorting the draws is most of the work of :func:`rank_correlations` and
    :func:`roi_core.decision.evppi_all`; a caller that needs both (and its
    own per-input views of the draws) sorts once and passes the result as
    ``order=``. Stable: tied draws keep their simulation order.

    Fast path, same result: a draw's value is its quantile-table cell's
    (:data:`roi_core.distributions.TABLE_SIZE` cells, read from its uniform
    number), so sorting the small integer cells (radix sort) orders the
    draws as sorting the values does, as long as equal cells mean equal
    values and a higher cell a higher value. That is checked per input on
    the sorted draws; an input where it fails (values clipped to a bound,
    draws that came from elsewhere) is sorted by value. Why: sorting small
    integers is cheaper than sorting floats (the benchmark prints by how much).
    """
    values, uniforms = result.inputs.values, result.inputs.uniforms
    if values.shape != uniforms.shape or values.shape[-1] == 0:
        return np.argsort(values, axis=1, kind="stable")
    cells = np.minimum(uniforms * TABLE_SIZE, TABLE_SIZE - 1).astype(np.int16)
    order = np.argsort(cells, axis=1, kind="stable")
    x = np.take_along_axis(values, order, axis=1)
    c = np.take_along_axis(cells, order, axis=1)
    same_cell = c[:, 1:] == c[:, :-1]
    dx = np.diff(x, axis=1)
    consistent = np.where(same_cell, dx == 0, dx > 0).all(axis=1)
    for row in np.flatnonzero(~consistent):
        order[row] = np.argsort(values[row], kind="stable")
    return order


def average_ranks(values: Array, order: NDArray[np.intp] | None = None) -> Array:
    """Ranks 1..n of each row of ``values`` ``(k, n)`` (or of a ``(n,)`` array), ties given their average rank.

    The same numbers as ``scipy.stats.rankdata(values, axis=-1)`` (ranks are
    whole or half numbers, so exactly the same), from one sort per row;
    ``order`` may pass ``argsort(values, axis=-1)`` when the caller has it.
    Values must not be nan.

    >>> average_ranks(np.array([10.0, 30.0, 20.0, 30.0]))
    array([1. , 3.5, 2. , 3.5])
    """
    v = np.asarray(values, dtype=np.float64)
    if v.ndim not in (1, 2):
        raise ValueError(f"values: expected a one- or two-dimensional array, got shape {v.shape}")
    rows = v[np.newaxis] if v.ndim == 1 else v
    k, n = rows.shape
    o = (np.argsort(rows, axis=1) if order is None else np.asarray(order).reshape(k, n)).astype(np.intp, copy=False)
    if n == 0:
        return np.empty(v.shape)
    srt = np.take_along_axis(rows, o, axis=1).reshape(-1)  # (k n,) each row sorted, rows one after the other
    new = np.ones(k * n, dtype=bool)  # first position of each run of equal values, a row's first included
    np.not_equal(srt[1:], srt[:-1], out=new[1:])
    new[::n] = True
    starts = np.flatnonzero(new)  # flat positions
    ends = np.append(starts[1:], k * n)
    # A run at sorted positions start..end-1 of its row holds ranks start+1..end (row offsets subtracted).
    offset = (starts // n) * n
    mean_rank = 0.5 * ((starts - offset) + (ends - offset) + 1)
    sorted_ranks = mean_rank[np.cumsum(new) - 1].reshape(k, n)
    ranks = np.empty((k, n))
    np.put_along_axis(ranks, o, sorted_ranks, axis=1)
    return ranks.reshape(v.shape)


def rank_correlations(
    result: SimulationResult, *, metric: Metric | str = Metric.ROI_PCT, order: NDArray[np.intp] | None = None
) -> RankCorrelationResult:
    """Spearman rank correlations of the inputs with ROI (or NPV), from existing draws.

    Ties (the quantile tables hold 4,096 values) get average ranks. Draws
    with an undefined ROI are left out. An input or output that does not vary
    gets ``rho = 0``. ``order`` may pass :func:`input_order` of ``result``
    when the caller already has it (it saves sorting every input again).

    Examples
    --------
    >>> from roi_core.simulate import simulate
    >>> rc = rank_correlations(simulate(Scenario(), draws=2000, seed=1))
    >>> abs(rc.rho[0]) >= abs(rc.rho[-1])
    True
    >>> round(sum(rc.share), 6)
    1.0
    """
    m = metric_of(metric)
    y = result.roi_pct if m is Metric.ROI_PCT else result.npv
    ok = np.isfinite(y)
    x = result.inputs.values[:, ok]  # (k, m)
    y = y[ok]
    k = len(result.inputs.keys)
    if order is not None and not ok.all():
        # The full order without the left-out draws, renumbered to their places in x.
        o = np.asarray(order)
        place = np.cumsum(ok) - 1
        order = place[o[ok[o]]].reshape(k, y.size)
    rho = np.zeros(k)
    if y.size > 1 and k:
        rx = average_ranks(x, order)
        ry = average_ranks(y)
        rx -= rx.mean(axis=1, keepdims=True)
        ry -= ry.mean()
        den = np.sqrt((rx * rx).sum(axis=1) * (ry @ ry))
        num = rx @ ry
        np.divide(num, den, out=rho, where=den > 0)
    r2 = rho * rho
    total = r2.sum()
    share = r2 / total if total > 0 else np.zeros(k)
    o = _order(np.abs(rho))
    return RankCorrelationResult(
        metric=m,
        keys=tuple(result.inputs.keys[i] for i in o),
        rho=_tuple(rho[o]),
        share=_tuple(share[o]),
        n=int(y.size),
    )


# ----------------------------------------------------------------------------- Sobol


@dataclass(frozen=True)
class SobolResult(PerInput):
    """Variance-based (Sobol') indices, estimated by SALib.

    ``s1`` is the share of the output variance explained by an input alone,
    ``st`` including all its interactions; ``*_conf`` are half-widths of 95 %
    bootstrap confidence intervals. Sorted by ``st``, largest first.
    ``evaluations = n_base * (len(keys) + 2)``. Inputs are treated as
    independent: stated correlations are ignored (``ignores_correlations``),
    because the estimators assume independent inputs. :meth:`value_of`
    gives the total index ``st``.
    """

    VALUE = "st"

    metric: Metric
    keys: tuple[str, ...]
    s1: tuple[float, ...]
    s1_conf: tuple[float, ...]
    st: tuple[float, ...]
    st_conf: tuple[float, ...]
    n_base: int
    evaluations: int
    seed: int
    output_variance: float
    ignores_correlations: bool

    def index_of(self, key: str) -> tuple[float, float]:
        """``(s1, st)`` of ``key``; ``KeyError`` if it was not analysed."""
        if key not in self.keys:
            raise KeyError(key)
        i = self.keys.index(key)
        return self.s1[i], self.st[i]

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            {"input": self.keys, "s1": self.s1, "s1_conf": self.s1_conf, "st": self.st, "st_conf": self.st_conf}
        )


def saltelli_matrix(base: Array) -> Array:
    """The sample matrix of ``SALib.sample.sobol.sample(..., calc_second_order=False)``, vectorised.

    ``base`` is the ``(N, 2D)`` Sobol' sequence (columns ``:D`` are matrix A,
    ``D:`` matrix B). Returns ``(N * (D + 2), D)``: per base row, A, then A
    with column j taken from B for each j, then B. SALib builds the same
    matrix with a Python loop over every cell; this builds it with array
    operations. A test checks that both agree exactly.
    """
    n, d2 = base.shape
    d = d2 // 2
    a, b = base[:, :d], base[:, d:]
    out = np.empty((n, d + 2, d))
    out[:, 0] = a
    out[:, 1 : d + 1] = a[:, np.newaxis, :]
    idx = np.arange(d)
    out[:, 1 + idx, idx] = b  # row 1 + j takes column j from B
    out[:, d + 1] = b
    return out.reshape(n * (d + 2), d)


def sobol(
    scenario: Scenario,
    *,
    n_base: int = 1024,
    seed: int | None = None,
    metric: Metric | str = Metric.ROI_PCT,
    keys: Sequence[str] | None = None,
    num_resamples: int = 100,
) -> SobolResult:
    """First-order and total Sobol' indices of the varying inputs (SALib).

    Sampling follows SALib's ``sobol.sample`` (scrambled Sobol' sequence,
    Saltelli cross-sampling, ``calc_second_order=False``), built vectorised
    (:func:`saltelli_matrix`); each column is mapped through its input's
    quantile table, the model runs ``n_base * (D + 2)`` times in chunked
    vectorised calls, and ``SALib.analyze.sobol.analyze`` estimates the indices.

    Parameters
    ----------
    scenario : Scenario
    n_base : int
        Base sample size N, a power of 2 (64..16384). The model runs
        ``n_base * (D + 2)`` times for D inputs (``evaluations`` in the result;
        the benchmark prints what that costs).
    seed : int, optional
        Default ``scenario.seed``. Same seed, same indices.
    metric : ``"roi_pct"`` or ``"npv"``.
    keys : inputs to vary; default :func:`sensitivity_keys`. Named fixed inputs get index 0.
    num_resamples : bootstrap resamples for the confidence intervals.

    Returns
    -------
    SobolResult
        All indices 0 when the output does not vary.

    Examples
    --------
    >>> r = sobol(Scenario(), n_base=256, seed=1)
    >>> r.keys[0]
    'productivity_gain_pct'
    """
    from SALib.analyze import sobol as sobol_analyze  # lazy: SALib is only needed here

    m = metric_of(metric)
    if isinstance(n_base, bool) or not isinstance(n_base, int) or n_base < 64 or n_base > 16384:
        raise ValueError(f"n_base must be a power of 2 within 64..16384, got {n_base!r}")
    if n_base & (n_base - 1):
        raise ValueError(f"n_base must be a power of 2 (e.g. 512 or 1024), got {n_base}")
    s = scenario.seed if seed is None else int(seed)
    if s < 0:
        raise ValueError(f"seed must be >= 0, got {s}")
    ks = resolve_keys(scenario, keys)
    d = len(ks)
    evaluations = n_base * (d + 2)
    zeros = (0.0,) * d
    if d == 0:
        return SobolResult(m, (), (), (), (), (), n_base, 0, s, 0.0, bool(scenario.correlations))

    # Two independent child streams: one scrambles the sequence, one drives the bootstrap.
    sample_seq, boot_seq = np.random.SeedSequence(s).spawn(2)
    base = qmc.Sobol(d=2 * d, scramble=True, seed=np.random.default_rng(sample_seq)).random(n_base)
    u = saltelli_matrix(base)  # (N (D + 2), D)
    columns: dict[str, Array] = {}
    for j, key in enumerate(ks):
        r = range_of(scenario, key)
        col = np.full(evaluations, r.likely) if r.is_fixed else clip_to_hard_limits(key, r, lookup(r.table, u[:, j]))
        columns[key] = col
    y = evaluate_cases(scenario, columns, evaluations).of(m)
    if not np.isfinite(y).all():
        raise ValueError("metric: the ROI is undefined (zero cost) in some cases; use metric='npv'")
    var = float(y.var())
    if not var > 1e-12 * max(1.0, float(np.abs(y).max()) ** 2):
        # A constant output: nothing to explain; SALib would divide by zero.
        return SobolResult(m, ks, zeros, zeros, zeros, zeros, n_base, evaluations, s, 0.0, bool(scenario.correlations))
    problem = {"num_vars": d, "names": list(ks), "bounds": [[0.0, 1.0]] * d}
    # SALib seeds its bootstrap with `if seed:`, so 0 would mean unseeded: pass a non-zero int.
    boot_seed = int(boot_seq.generate_state(1, dtype=np.uint32)[0]) | 1
    si = sobol_analyze.analyze(problem, y, calc_second_order=False, num_resamples=num_resamples, seed=boot_seed)
    vals = {name: np.nan_to_num(np.asarray(si[name], dtype=np.float64)) for name in ("S1", "S1_conf", "ST", "ST_conf")}
    o = _order(vals["ST"])
    return SobolResult(
        metric=m,
        keys=tuple(ks[i] for i in o),
        s1=_tuple(vals["S1"][o]),
        s1_conf=_tuple(vals["S1_conf"][o]),
        st=_tuple(vals["ST"][o]),
        st_conf=_tuple(vals["ST_conf"][o]),
        n_base=n_base,
        evaluations=evaluations,
        seed=s,
        output_variance=var,
        ignores_correlations=bool(scenario.correlations),
    )
