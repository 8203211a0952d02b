"""What would have to be true, and what is worth finding out first.

* :func:`break_even` — per input, the value at which the ROI is 0 and the
  value at which it reaches a target (goal seek), all other inputs at their
  most likely value.
* :func:`evpi`, :func:`evppi`, :func:`evppi_all` — the expected value of
  (partial) perfect information for the invest / do-not-invest decision, in
  euro, from the draws of a Monte Carlo run.

The decision rule behind the value of information: invest when the expected
NPV is positive. With perfect knowledge one would invest exactly in the
worlds where the NPV is positive, so

``EVPI = E[max(NPV, 0)] - max(E[NPV], 0)``,

and knowing one input ``X`` exactly is worth

``EVPPI(X) = E_X[max(E[NPV | X], 0)] - max(E[NPV], 0)``.

It is the most a measurement of that input (a pilot, a control group) may
cost before deciding.

:func:`break_even`, :func:`evppi_all` and :func:`evppi_regression_all`
follow the analysis contract of :mod:`roi_core.evaluate` (the scenario or
simulation first, keyword-only options; results with ``keys``,
``value_of(key)`` and ``to_frame()``). :func:`evpi` and :func:`evppi` are
single numbers in euro.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from roi_core.assumptions import INPUTS
from roi_core.evaluate import PerInput, base_params, evaluate_cases, one_at_a_time, range_of, resolve_keys
from roi_core.scenario import Scenario
from roi_core.simulate import SimulationResult

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Reach",
    "BreakEvenResult",
    "EvppiResult",
    "break_even_keys",
    "search_span",
    "break_even",
    "evpi",
    "evppi",
    "evppi_all",
    "default_bins",
    "spline_basis",
    "evppi_regression",
    "evppi_regression_all",
    "KNOTS",
    "SE_DRAWS",
]

Array = NDArray[np.float64]
#: Grid points per input for the first pass of the break-even search.
GRID = 129
#: Bisection steps after the grid pass: the bracket shrinks by 2**-48 (far below any step of a slider).
BISECTIONS = 48


class Reach(StrEnum):
    """Whether an ROI level can be reached by moving one input within its search span."""

    REACHABLE = "reachable"  # the ROI crosses the level inside the span; the value is given
    ALWAYS_ABOVE = "always_above"  # the ROI is at or above the level over the whole span
    NEVER = "never"  # the ROI stays below the level over the whole span


def break_even_keys(scenario: Scenario) -> tuple[str, ...]:
    """Default inputs of :func:`break_even`: those of the switched-on drivers, then custom lines.

    Fixed inputs are included (what would the number of hires have to be?);
    confidence inputs are not (they do not change the expected ROI).

    >>> break_even_keys(Scenario())[:2]
    ('productivity_gain_pct', 'output_value_multiple')
    """
    keys = [
        k
        for k, s in INPUTS.items()
        if s.driver is not None
        and s.driver in scenario.enabled
        and not s.point_only
        and k not in scenario.unused_inputs
    ]
    for i in range(len(scenario.custom)):
        keys += scenario.custom_keys(i)
    return tuple(keys)


def search_span(scenario: Scenario, key: str) -> tuple[float, float]:
    """Values within which :func:`break_even` searches ``key``, in the input's unit.

    The slider range widened by its own width on both sides, within the
    input's hard limits, and always covering the stated range. For example a
    slider of 0..25 % with hard limits 0..100 % is searched over 0..50 %.
    A custom line's yearly value (euro) is searched from ``min(0, low)`` to
    ``high + 9 * (high - min(0, low))`` (ten times its range); its attribution over 0..100 %.

    >>> search_span(Scenario(), "productivity_gain_pct")
    (0.0, 50.0)
    """
    r = range_of(scenario, key)
    s = scenario.input(key)
    if s.part == "value":
        lo = min(0.0, r.low)
        return lo, r.high + 9.0 * max(r.high - lo, 1.0)
    if s.part == "attribution":
        return s.hard_min, s.hard_max
    width = float(s.slider_max - s.slider_min)
    lo = max(float(s.hard_min), min(s.slider_min - width, r.low))
    hi = min(float(s.hard_max), max(s.slider_max + width, r.high))
    return lo, hi


@dataclass(frozen=True)
class BreakEvenResult(PerInput):
    """Break-even and goal-seek values per input (tuples run over ``keys``).

    ``break_even`` is the input value at which the ROI is 0 %, ``target_value``
    the value at which it reaches ``target_roi_pct``; both in the input's unit
    and ``nan`` unless the matching status is :attr:`Reach.REACHABLE`. When
    the ROI crosses a level more than once in the span, the crossing nearest
    to the most likely value is given. ``direction`` is +1 when raising the
    input raises the ROI (end of span against start), -1 when it lowers it, 0
    when it does not change it; ``monotone`` says whether that holds over the
    whole span. ``base_roi_pct`` is the ROI with every input at most likely.
    Values of whole-number inputs (participants, hires) are not rounded: the
    level is crossed between the whole numbers around the value.
    :meth:`value_of` gives ``break_even``.
    """

    VALUE = "break_even"

    target_roi_pct: float
    base_roi_pct: float
    keys: tuple[str, ...]
    likely: tuple[float, ...]
    search_low: tuple[float, ...]
    search_high: tuple[float, ...]
    direction: tuple[int, ...]
    monotone: tuple[bool, ...]
    break_even: tuple[float, ...]
    break_even_status: tuple[Reach, ...]
    target_value: tuple[float, ...]
    target_status: tuple[Reach, ...]

    def row(self, key: str) -> dict[str, object]:
        """All fields of one input; ``KeyError`` if it was not analysed."""
        if key not in self.keys:
            raise KeyError(key)
        i = self.keys.index(key)
        fields = (
            "likely", "search_low", "search_high", "direction", "monotone",
            "break_even", "break_even_status", "target_value", "target_status",
        )  # fmt: skip
        return {"input": key} | {f: getattr(self, f)[i] for f in fields}

    def to_frame(self) -> pd.DataFrame:  # pandas is imported lazily: the core stays light
        """One row per input; statuses as their string codes."""
        import pandas as pd

        return pd.DataFrame(
            {
                "input": self.keys,
                "likely": self.likely,
                "search_low": self.search_low,
                "search_high": self.search_high,
                "direction": self.direction,
                "monotone": self.monotone,
                "break_even": self.break_even,
                "break_even_status": [str(s) for s in self.break_even_status],
                "target_value": self.target_value,
                "target_status": [str(s) for s in self.target_status],
                "target_roi_pct": self.target_roi_pct,
            }
        )


def _solve(
    scenario: Scenario, keys: tuple[str, ...], grid: Array, roi: Array, levels: Sequence[float], likely: Array
) -> list[tuple[Array, list[Reach]]]:
    """Values where the ROI crosses each of ``levels``: grid bracket, then bisection vectorised across inputs.

    All levels are bisected together, one model call per step (the break-even
    and the goal seek share each call): every case varies one input only, so
    a case's ROI does not depend on which other cases share the call.
    """
    k, g = grid.shape
    results: list[tuple[Array, list[Reach]]] = []
    rows, lo, hi, lo_above, level = [], [], [], [], []  # per level: the inputs to bisect and their brackets
    for lv in levels:
        above = roi >= lv  # (k, g); nan (zero cost) counts as below
        status = [Reach.ALWAYS_ABOVE if a.all() else Reach.NEVER if not a.any() else Reach.REACHABLE for a in above]
        results.append((np.full(k, np.nan), status))
        r = np.flatnonzero([st is Reach.REACHABLE for st in status])
        # Brackets [grid[i], grid[i + 1]] with a change of side; pick the one nearest to most likely.
        change = above[r, 1:] != above[r, :-1]  # (r, g - 1)
        mid = 0.5 * (grid[r, 1:] + grid[r, :-1])
        dist = np.where(change, np.abs(mid - likely[r, None]), np.inf)
        cell = np.argmin(dist, axis=1) if r.size else np.zeros(0, dtype=np.intp)
        rows.append(r)
        lo.append(grid[r, cell])
        hi.append(grid[r, cell + 1])
        lo_above.append(above[r, cell])
        level.append(np.full(r.size, float(lv)))
    sizes = [r.size for r in rows]
    case_rows = np.concatenate(rows)  # case j varies input keys[case_rows[j]] only
    n = case_rows.size
    if n == 0:
        return results
    a, b, a_above, case_level = (np.concatenate(x) for x in (lo, hi, lo_above, level))
    for _ in range(BISECTIONS):
        m = 0.5 * (a + b)
        cols: dict[str, Array] = {}
        for j, i in enumerate(case_rows):
            if keys[i] not in cols:
                cols[keys[i]] = np.full(n, float(likely[i]))
            cols[keys[i]][j] = m[j]
        roi_m = evaluate_cases(scenario, cols, n).roi_pct
        same = (roi_m >= case_level) == a_above
        a = np.where(same, m, a)
        b = np.where(same, b, m)
    found = 0.5 * (a + b)
    for (out, _), r, start in zip(results, rows, np.cumsum([0, *sizes[:-1]]), strict=True):
        out[r] = found[start : start + r.size]
    return results


def break_even(
    scenario: Scenario,
    *,
    keys: Sequence[str] | None = None,
    target_roi_pct: float = 0.0,
) -> BreakEvenResult:
    """Break-even (ROI = 0 %) and goal-seek (ROI = ``target_roi_pct``) value of each input.

    One input moves at a time, the others stay at their most likely value
    (the expected view of :func:`roi_core.simulate.deterministic`). Each
    input is searched within :func:`search_span`: first on a grid of
    :data:`GRID` values (one model call for all inputs), then by bisection
    of the bracketing grid cell, vectorised across inputs.

    Parameters
    ----------
    scenario : Scenario
    keys : inputs to solve for; default :func:`break_even_keys` (inputs of
        the switched-on drivers and custom lines). Any input may be named.
    target_roi_pct : float
        ROI to reach, in per cent (100.0 = benefits twice the costs).

    Returns
    -------
    BreakEvenResult
        ``nan`` values with status ``always_above`` / ``never`` where the level
        is not crossed within the span.

    Examples
    --------
    The default scenario loses money at its most likely values; what
    productivity gain would make it break even, and what gives 100 %?

    >>> r = break_even(Scenario(), keys=["productivity_gain_pct"], target_roi_pct=100.0)
    >>> round(r.break_even[0], 2), round(r.target_value[0], 2), r.direction[0]
    (5.59, 12.94, 1)
    """
    t = float(target_roi_pct)
    if not np.isfinite(t):
        raise ValueError(f"target_roi_pct must be a finite number, got {target_roi_pct!r}")
    ks = resolve_keys(scenario, keys if keys is not None else break_even_keys(scenario))
    k = len(ks)
    base = base_params(scenario)
    likely = np.array([float(base[key]) for key in ks])
    spans = np.array([search_span(scenario, key) for key in ks]).reshape(k, 2)
    grid = spans[:, :1] + np.linspace(0.0, 1.0, GRID) * (spans[:, 1:] - spans[:, :1])  # (k, GRID)
    oat = one_at_a_time(scenario, ks, grid)
    roi = oat.roi_pct
    (be, be_status), (tv, tv_status) = _solve(scenario, ks, grid, roi, (0.0, t), likely)
    with np.errstate(invalid="ignore"):
        step = np.diff(roi, axis=1)
        tol = 1e-9 * np.maximum(1.0, np.nanmax(np.abs(roi), axis=1, initial=0.0))
        end = roi[:, -1] - roi[:, 0]
        direction = np.where(end > tol, 1, np.where(end < -tol, -1, 0))
        monotone = np.all(step >= -tol[:, None], axis=1) | np.all(step <= tol[:, None], axis=1)
    return BreakEvenResult(
        target_roi_pct=t,
        base_roi_pct=oat.base_roi_pct,
        keys=ks,
        likely=tuple(float(x) for x in likely),
        search_low=tuple(float(x) for x in spans[:, 0]),
        search_high=tuple(float(x) for x in spans[:, 1]),
        direction=tuple(int(x) for x in direction),
        monotone=tuple(bool(x) for x in monotone),
        break_even=tuple(float(x) for x in be),
        break_even_status=tuple(be_status),
        target_value=tuple(float(x) for x in tv),
        target_status=tuple(tv_status),
    )


# ----------------------------------------------------------------------------- value of information


def evpi(result: SimulationResult | ArrayLike) -> float:
    """Expected value of perfect information for invest / do not invest, in euro.

    ``EVPI = E[max(NPV, 0)] - max(E[NPV], 0)`` over the NPV draws of
    ``result`` (a :class:`SimulationResult`, or the NPV draws themselves).
    Always >= 0; 0 when no draw would change the decision.

    Examples
    --------
    Half the worlds lose EUR 10,000, half gain EUR 30,000: one invests
    anyway (expected NPV EUR 10,000 > 0); knowing in advance would avoid the
    loss in half the worlds, worth 0.5 x 10,000:

    >>> evpi([-10_000.0, 30_000.0])
    5000.0
    """
    npv = _npv(result)
    return float(max(np.maximum(npv, 0.0).mean() - max(npv.mean(), 0.0), 0.0))


def _npv(result: SimulationResult | ArrayLike) -> Array:
    npv = np.asarray(result.npv if isinstance(result, SimulationResult) else result, dtype=np.float64)
    if npv.ndim != 1 or npv.size == 0 or not np.isfinite(npv).all():
        raise ValueError("npv: expected a non-empty one-dimensional array of finite amounts")
    return npv


def default_bins(n: int) -> int:
    """Bins of the EVPPI estimator for ``n`` draws: ``sqrt(n) / 2``, at least 50 draws a bin, 2..200.

    Fewer bins bias EVPPI down (within-bin detail is averaged away), more bins
    bias it up (noise in each bin mean looks like information); ``sqrt(n) / 2``
    keeps both small: 10,000 draws give 50 bins of 200.

    >>> default_bins(10_000)
    50
    """
    return int(max(2, min(200, n // 50, round(np.sqrt(n) / 2.0))))


def _evppi_rows(values: Array, npv: Array, bins: int, order: NDArray[np.intp] | None = None) -> Array:
    """Binning estimator for each row of ``values`` ``(k, n)``; returns ``(k,)`` euro.

    ``order`` is ``argsort(values, axis=1, kind="stable")`` if the caller has it.
    """
    k, n = values.shape
    out = np.zeros(k)
    if k == 0:
        return out
    if order is None:
        order = np.argsort(values, axis=1, kind="stable")  # (k, n)
    y = npv[order]  # (k, n): NPV sorted by each input
    edges = (np.arange(bins + 1) * n) // bins  # equal-count bins
    counts = np.diff(edges)
    sums = np.add.reduceat(y, edges[:-1], axis=1)  # (k, bins)
    gain = (np.maximum(sums / counts, 0.0) * counts).sum(axis=1) / n
    out = np.maximum(gain - max(npv.mean(), 0.0), 0.0)
    # A constant input teaches nothing; equal-count bins of it would only split noise.
    out[np.ptp(values, axis=1) == 0] = 0.0
    return out


def _check_bins(bins: int | None, n: int) -> int:
    b = default_bins(n) if bins is None else bins
    if isinstance(b, bool) or not isinstance(b, int | np.integer) or not 1 <= b <= n:
        raise ValueError(f"bins must be a whole number within 1..{n} (number of draws), got {bins!r}")
    return int(b)


def _column(result: SimulationResult, key: str) -> Array | None:
    """Draws of ``key``; ``None`` for a valid input that did not vary; ``ValueError`` if unknown."""
    if key in result.inputs.keys:
        return result.inputs.column(key)
    range_of(result.scenario, key)
    return None


def evppi(result: SimulationResult, key: str, *, bins: int | None = None) -> float:
    """Expected value of partial perfect information about one input, in euro.

    Binning estimator on the existing draws: sort the draws by the input,
    split them into ``bins`` equal-count bins, and take
    ``mean over bins of max(mean NPV in bin, 0) - max(E[NPV], 0)``, clipped
    at 0. Never exceeds :func:`evpi` of the same draws. An input that did not
    vary (fixed range) has EVPPI 0.

    Parameters
    ----------
    result : SimulationResult
    key : input key (registry or ``custom:i:value`` / ``custom:i:attribution``).
    bins : number of bins; default :func:`default_bins`.

    Examples
    --------
    >>> from roi_core.simulate import simulate
    >>> res = simulate(Scenario(), draws=5000, seed=1)
    >>> 0.0 <= evppi(res, "productivity_gain_pct") <= evpi(res)
    True
    """
    col = _column(result, key)
    npv = _npv(result)
    b = _check_bins(bins, npv.size)
    if col is None:
        return 0.0
    return float(_evppi_rows(col[np.newaxis], npv, b)[0])


@dataclass(frozen=True)
class EvppiResult(PerInput):
    """EVPPI of each input in euro, largest first, with the EVPI of the same draws.

    ``share_of_evpi`` is ``evppi / evpi`` (0 when EVPI is 0): how much of
    the total value of information one input carries. Shares need not sum
    to 1 (information about inputs is not additive). :meth:`value_of` gives ``evppi``.
    """

    VALUE = "evppi"

    evpi: float
    keys: tuple[str, ...]
    evppi: tuple[float, ...]
    share_of_evpi: tuple[float, ...]
    bins: int
    n: int
    #: Standard error of each EVPPI (euro), same order; empty for the binning estimator, which has none.
    se: tuple[float, ...] = ()
    #: ``"binning"`` (:func:`evppi_all`) or ``"regression"`` (:func:`evppi_regression_all`).
    method: str = "binning"

    def evppi_of(self, key: str) -> float:
        """EVPPI of ``key`` (the same as :meth:`value_of`); ``KeyError`` if it was not analysed."""
        return self.value_of(key)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        frame = pd.DataFrame({"input": self.keys, "evppi": self.evppi, "share_of_evpi": self.share_of_evpi})
        if self.se:
            frame["se"] = self.se
        return frame


def evppi_all(
    result: SimulationResult,
    *,
    keys: Sequence[str] | None = None,
    bins: int | None = None,
    order: NDArray[np.intp] | None = None,
) -> EvppiResult:
    """EVPPI of every varying input (or of ``keys``), ranked, in one vectorised pass.

    Named inputs that did not vary get 0. ``order`` may pass
    :func:`roi_core.sensitivity.input_order` of ``result`` when the caller
    already has it (it saves sorting every input again); the result is the same.

    Examples
    --------
    >>> from roi_core.simulate import simulate
    >>> v = evppi_all(simulate(Scenario(), draws=5000, seed=1))
    >>> v.keys[0], v.evppi[0] <= v.evpi
    ('productivity_gain_pct', True)
    """
    npv, ks, present, values, rows = _evppi_inputs(result, keys, order)
    b = _check_bins(bins, npv.size)
    got = dict(zip(present, _evppi_rows(values, npv, b, rows), strict=True))
    return _ranked_evppi(npv, ks, np.array([got.get(k, 0.0) for k in ks]), bins=b)


def _evppi_inputs(
    result: SimulationResult, keys: Sequence[str] | None, order: NDArray[np.intp] | None
) -> tuple[Array, tuple[str, ...], list[str], Array, NDArray[np.intp] | None]:
    """What both EVPPI estimators read: net benefit per draw, the keys asked for, those that vary, their draws
    ``(inputs, n)`` and, given the shared sort of the draws (``order``), its rows for them."""
    npv = _npv(result)
    ks = tuple(result.inputs.keys if keys is None else resolve_keys(result.scenario, keys))
    present = [k for k in ks if k in result.inputs.keys]
    values = np.array([result.inputs.column(k) for k in present]).reshape(len(present), npv.size)
    rows = None if order is None else np.asarray(order)[[result.inputs.keys.index(k) for k in present]]
    return npv, ks, present, values, rows


def _ranked_evppi(
    npv: Array, ks: tuple[str, ...], v: Array, *, bins: int, se: Array | None = None, method: str = "binning"
) -> EvppiResult:
    """The EVPPI per key ``v`` (and its standard errors), largest first, with each one's share of the EVPI."""
    total = evpi(npv)
    share = v / total if total > 0 else np.zeros_like(v)
    o = np.argsort(-v, kind="stable")
    return EvppiResult(
        evpi=total,
        keys=tuple(ks[i] for i in o),
        evppi=tuple(float(x) for x in v[o]),
        share_of_evpi=tuple(float(x) for x in share[o]),
        bins=bins,
        n=int(npv.size),
        se=() if se is None else tuple(float(x) for x in se[o]),
        method=method,
    )


# ----------------------------------------------------------------------------- regression estimator of EVPPI

#: Knots of the natural cubic spline that the regression estimator fits (at equally spaced quantiles of the input).
KNOTS = 8
#: Draws of the fitted curve from its sampling distribution, for the standard error.
SE_DRAWS = 64


def spline_basis(x: ArrayLike, knots: int = KNOTS) -> Array:
    """Natural cubic spline basis of ``x`` ``(n,)``: ``(n, m)`` columns, an intercept and a slope first.

    Knots sit at ``knots`` equally spaced quantiles (2.5 % .. 97.5 %) of ``x``;
    the curve is cubic between them and straight beyond the outer ones
    (Hastie, Tibshirani & Friedman, *Elements of Statistical Learning*, eq. 5.4-5.5).
    ``x`` is scaled to 0..1 first, so every column has a similar size. With
    fewer than three distinct knots (an input with few values) the basis is a
    straight line.

    >>> spline_basis(np.linspace(0.0, 1.0, 101), knots=5).shape
    (101, 5)
    """
    x = np.asarray(x, dtype=np.float64)
    lo, hi = float(x.min()), float(x.max())
    z = (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)
    xi = np.unique(np.quantile(z, np.linspace(0.025, 0.975, max(2, knots))))
    m = 2 + max(xi.size - 2, 0)
    out = np.empty((z.size, m))
    out[:, 0] = 1.0
    out[:, 1] = z
    if xi.size >= 3:
        cube = np.empty((xi.size, z.size))  # (knots, n): (z - knot)^3 where positive
        for k, t in enumerate(xi):
            u = np.maximum(z - t, 0.0)
            cube[k] = u * u * u
        d = (cube[:-1] - cube[-1]) / (xi[-1] - xi[:-1])[:, np.newaxis]  # (knots - 1, n)
        out[:, 2:] = (d[:-1] - d[-1]).T
    return out


#: Ridge penalties (relative to the mean diagonal of the curvature columns' cross products) tried by GCV.
PENALTIES: tuple[float, ...] = (0.0, *(float(10.0**e) for e in np.arange(-6.0, 2.5, 1.0)))
#: The draws, sorted by the input, are averaged in this many equal-count groups before the fit (20 draws each at
#: 10,000 draws): neighbouring draws have all but the same input value, so the fit is the same and costs far less.
GROUPS = 500


def _fit(xg: Array, yg: Array, w: Array, yty: float, n: int, knots: int) -> tuple[Array, Array, Array, float]:
    """Penalised spline fit on grouped draws: basis ``(g, m)``, coefficients, their covariance / sigma^2, sigma.

    ``xg``, ``yg`` are the groups' mean input and mean NPV, ``w`` their sizes,
    ``yty`` the sum of squares of all ``n`` NPV draws (for the residual spread).
    The curvature columns' coefficients are shrunk by a ridge penalty chosen by
    generalised cross-validation (GCV), as a GAM smooths: a straight line when
    the data show no curve, a curve when they do. Everything after the basis
    works on ``m x m`` matrices (``m`` <= ``knots``), so trying many penalties costs nothing.
    """
    basis = spline_basis(xg, knots)
    m = basis.shape[1]
    wb = basis * w[:, np.newaxis]
    gram = basis.T @ wb  # (m, m): as if every draw were a row
    xty = wb.T @ yg
    pen = np.zeros((m, m))
    if m > 2:
        pen[2:, 2:] = np.eye(m - 2) * float(np.mean(np.diag(gram)[2:]))
    lams = np.array(PENALTIES[: 1 if m == 2 else None])
    invs = np.linalg.inv(gram + lams[:, np.newaxis, np.newaxis] * pen)  # (p, m, m): every penalty at once
    betas = invs @ xty  # (p, m)
    rss = np.maximum(yty - 2.0 * betas @ xty + np.einsum("pi,ij,pj->p", betas, gram, betas), 0.0)
    edf = np.einsum("pij,ji->p", invs, gram)  # trace of the hat matrix: effective degrees of freedom
    gcv = n * rss / np.maximum(n - edf, 1.0) ** 2
    b = int(np.argmin(np.where(np.isfinite(gcv), gcv, np.inf)))
    inv = invs[b]
    return basis, betas[b], inv @ gram @ inv, float(np.sqrt(rss[b] / max(n - edf[b], 1.0)))


def _evppi_regression_rows(
    values: Array, npv: Array, knots: int, se_draws: int, seed: int, order: NDArray[np.intp] | None = None
) -> tuple[Array, Array]:
    """Regression estimate and standard error for each row of ``values`` ``(k, n)``: two ``(k,)`` arrays in euro.

    ``order`` is ``argsort(values, axis=1)`` if the caller has it.
    """
    k, n = values.shape
    est, se = np.zeros(k), np.zeros(k)
    if k == 0:
        return est, se
    rng = np.random.default_rng(seed)
    if order is None:
        order = np.argsort(values, axis=1, kind="stable")
    g = min(GROUPS, n)
    edges = (np.arange(g + 1) * n) // g
    w = np.diff(edges).astype(np.float64)  # (g,)
    yty = float(npv @ npv)
    xs = np.take_along_axis(values, order, axis=1)  # (k, n) sorted inputs
    xg_all = np.add.reduceat(xs, edges[:-1], axis=1) / w  # (k, g)
    yg_all = np.add.reduceat(npv[order], edges[:-1], axis=1) / w
    for i in range(k):
        if xs[i, 0] == xs[i, -1]:
            continue  # a constant input teaches nothing
        basis, beta, cov, sigma = _fit(xg_all[i], yg_all[i], w, yty, n, knots)
        fitted = basis @ beta  # E[NPV | x] at each group: (g,)
        est[i] = max(float(w @ np.maximum(fitted, 0.0)) / n - max(float(w @ fitted) / n, 0.0), 0.0)
        if se_draws > 1:
            # The fitted curve's sampling distribution (Strong & Oakley 2014): coefficients ~ N(beta, sigma^2 cov).
            ev, vec = np.linalg.eigh(cov)
            root = vec * np.sqrt(np.maximum(ev, 0.0))  # (m, m): root @ root.T == cov
            sims = basis @ (beta[:, np.newaxis] + sigma * (root @ rng.standard_normal((beta.size, se_draws))))
            vals = (w @ np.maximum(sims, 0.0)) / n - np.maximum((w @ sims) / n, 0.0)  # (draws,)
            # Plus the Monte Carlo error of averaging over the input's own n draws (the fit's error leaves it out).
            h = np.maximum(fitted, 0.0) - (fitted if w @ fitted > 0 else 0.0)  # (g,): each group's share of EVPPI
            spread = float(w @ (h - w @ h / n) ** 2) / n
            se[i] = float(np.sqrt(vals.var(ddof=1) + spread / n))
    return est, se


def evppi_regression(
    values: ArrayLike, npv: ArrayLike, *, knots: int = KNOTS, se_draws: int = SE_DRAWS, seed: int = 0
) -> tuple[float, float]:
    """EVPPI of one input by regression, with its standard error, in euro.

    ``E[NPV | X]`` is estimated by a least-squares fit of the NPV draws on a
    natural cubic spline of the input's draws (:func:`spline_basis`) whose
    curvature is penalised as much as generalised cross-validation asks (a
    GAM-like smoother), the regression method of health economics (Strong,
    Oakley & Brennan 2014, *Medical Decision Making* 34:311); then

    ``EVPPI = mean(max(fitted, 0)) - max(mean(fitted), 0)``.

    Unlike binning it does not chop the draws into bins, so it has far less
    noise and no upward bias from noisy bin means. The standard error comes
    from the fit's own sampling distribution: ``se_draws`` curves whose
    coefficients are drawn from their normal sampling distribution (residual
    spread ``sigma``), each turned into an EVPPI; their standard deviation is
    the standard error (seeded by ``seed``).

    Examples
    --------
    The NPV is ``1,000 x X + noise``, X standard normal: deciding after
    learning X is worth ``E[max(1,000 X, 0)] = 1,000 / sqrt(2 pi) = 398.9``.

    >>> rng = np.random.default_rng(1)
    >>> x = rng.standard_normal(10_000)
    >>> v, se = evppi_regression(x, 1_000 * x + 3_000 * rng.standard_normal(10_000))
    >>> bool(abs(v - 398.9) < 3 * se), bool(0 < se < 40)
    (True, True)
    """
    x = np.asarray(values, dtype=np.float64)
    y = _npv(npv)
    if x.shape != y.shape:
        raise ValueError("values and npv must have the same length")
    est, se = _evppi_regression_rows(x[np.newaxis], y, knots, se_draws, seed)
    return float(est[0]), float(se[0])


def evppi_regression_all(
    result: SimulationResult,
    *,
    keys: Sequence[str] | None = None,
    knots: int = KNOTS,
    se_draws: int = SE_DRAWS,
    order: NDArray[np.intp] | None = None,
) -> EvppiResult:
    """EVPPI of every varying input (or of ``keys``) by :func:`evppi_regression`, ranked, with standard errors.

    The same :class:`EvppiResult` as :func:`evppi_all` (``method`` is
    ``"regression"``, ``se`` holds the standard errors, ``bins`` is 0); the
    standard errors are seeded by the scenario's seed, so the same scenario
    gives the same numbers. ``order`` may pass
    :func:`roi_core.sensitivity.input_order` of ``result`` (saves sorting again).

    Examples
    --------
    >>> from roi_core.simulate import simulate
    >>> v = evppi_regression_all(simulate(Scenario(), draws=5000, seed=1))
    >>> v.keys[0], v.method, v.evppi[0] > 2 * v.se[0]
    ('productivity_gain_pct', 'regression', True)
    """
    npv, ks, present, values, rows = _evppi_inputs(result, keys, order)
    est, se = _evppi_regression_rows(values, npv, knots, se_draws, result.scenario.seed, rows)
    got = dict(zip(present, zip(est, se, strict=True), strict=True))
    v = np.array([got.get(k, (0.0, 0.0))[0] for k in ks])
    e = np.array([got.get(k, (0.0, 0.0))[1] for k in ks])
    return _ranked_evppi(npv, ks, v, bins=0, se=e, method="regression")
