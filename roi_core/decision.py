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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from roi_core.assumptions import INPUTS
from roi_core.scenario import Scenario
from roi_core.sensitivity import _base_params, _evaluate, _range_of, _resolve_keys
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
    for i, _ in enumerate(scenario.custom):
        keys += [f"custom:{i}:value", f"custom:{i}:attribution"]
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
    r = _range_of(scenario, key)
    if key.startswith("custom:"):
        if key.endswith(":attribution"):
            return 0.0, 100.0
        lo = min(0.0, r.low)
        return lo, r.high + 9.0 * max(r.high - lo, 1.0)
    s = INPUTS[key]
    width = float(s.slider_max - s.slider_min)
    lo = max(float(s.hard_min), min(s.slider_min - width, r.low))
    hi = min(float(s.hard_max), max(s.slider_max + width, r.high))
    return lo, hi


@dataclass(frozen=True)
class BreakEvenResult:
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
    """

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
        roi_m, _ = _evaluate(scenario, cols, n)
        same = (roi_m >= case_level) == a_above
        a = np.where(same, m, a)
        b = np.where(same, b, m)
    found = 0.5 * (a + b)
    for (out, _), r, start in zip(results, rows, np.cumsum([0, *sizes[:-1]]), strict=True):
        out[r] = found[start : start + r.size]
    return results


def break_even(
    scenario: Scenario,
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
    ks = _resolve_keys(scenario, keys if keys is not None else break_even_keys(scenario))
    k = len(ks)
    base = _base_params(scenario)
    likely = np.array([float(base[key]) for key in ks])
    spans = np.array([search_span(scenario, key) for key in ks]).reshape(k, 2)
    grid = spans[:, :1] + np.linspace(0.0, 1.0, GRID) * (spans[:, 1:] - spans[:, :1])  # (k, GRID)
    n = 1 + k * GRID  # case 0: base; input i occupies 1 + i*GRID .. (i+1)*GRID
    cols: dict[str, Array] = {}
    for i, key in enumerate(ks):
        c = np.full(n, likely[i])
        c[1 + i * GRID : 1 + (i + 1) * GRID] = grid[i]
        cols[key] = c
    roi_all, _ = _evaluate(scenario, cols, n)
    roi = roi_all[1:].reshape(k, GRID)
    (be, be_status), (tv, tv_status) = _solve(scenario, ks, grid, roi, (0.0, t), likely)
    with np.errstate(invalid="ignore"):
        step = np.diff(roi, axis=1)
        tol = 1e-9 * np.maximum(1.0, np.nanmax(np.abs(roi), axis=1, initial=0.0))
        end = roi[:, -1] - roi[:, 0]
        direction = np.where(end > tol, 1, np.where(end < -tol, -1, 0))
        monotone = np.all(step >= -tol[:, None], axis=1) | np.all(step <= tol[:, None], axis=1)
    return BreakEvenResult(
        target_roi_pct=t,
        base_roi_pct=float(roi_all[0]),
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
    _range_of(result.scenario, key)
    return None


def evppi(result: SimulationResult, key: str, bins: int | None = None) -> float:
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
class EvppiResult:
    """EVPPI of each input in euro, largest first, with the EVPI of the same draws.

    ``share_of_evpi`` is ``evppi / evpi`` (0 when EVPI is 0): how much of
    the total value of information one input carries. Shares need not sum
    to 1 (information about inputs is not additive).
    """

    evpi: float
    keys: tuple[str, ...]
    evppi: tuple[float, ...]
    share_of_evpi: tuple[float, ...]
    bins: int
    n: int

    def evppi_of(self, key: str) -> float:
        """EVPPI of ``key``; ``KeyError`` if it was not analysed."""
        return self.evppi[self.keys.index(key)]

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame({"input": self.keys, "evppi": self.evppi, "share_of_evpi": self.share_of_evpi})


def evppi_all(
    result: SimulationResult,
    keys: Sequence[str] | None = None,
    bins: int | None = None,
    *,
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
    npv = _npv(result)
    b = _check_bins(bins, npv.size)
    ks = result.inputs.keys if keys is None else _resolve_keys(result.scenario, keys)
    present = [k for k in ks if k in result.inputs.keys]
    values = np.array([result.inputs.column(k) for k in present]).reshape(len(present), npv.size)
    rows = None if order is None else np.asarray(order)[[result.inputs.keys.index(k) for k in present]]
    got = dict(zip(present, _evppi_rows(values, npv, b, rows), strict=True))
    v = np.array([got.get(k, 0.0) for k in ks])
    total = evpi(npv)
    share = v / total if total > 0 else np.zeros_like(v)
    o = np.argsort(-v, kind="stable")
    return EvppiResult(
        evpi=total,
        keys=tuple(ks[i] for i in o),
        evppi=tuple(float(x) for x in v[o]),
        share_of_evpi=tuple(float(x) for x in share[o]),
        bins=b,
        n=int(npv.size),
    )
