"""Evaluating the model on batches of cases: what every sensitivity and decision analysis shares.

A *case* is one set of input values. Analyses build many cases at once: the
inputs they vary become ``(m,)`` arrays (one element per case), every other
input stays a scalar at its most likely value (:func:`base_params`), and
:func:`evaluate_cases` runs the model once for all of them in the expected
view of :func:`roi_core.simulate.deterministic` (no confidence haircut:
doubt lives in the ranges). :func:`one_at_a_time` is the common pattern of
the tornado, the spider and the break-even search: one input moves along a
grid of values while the others stay at their most likely value.

This module also holds the one analysis contract of :mod:`roi_core`:

* every analysis takes the scenario (or the simulation result) first, then
  keyword-only options such as ``keys=`` and ``metric=``;
* every result offers ``keys`` (the inputs analysed, a tuple),
  ``value_of(key)`` (the number the analysis ranks inputs by) and
  ``to_frame()`` (a pandas DataFrame with one row per key, column ``input``
  first). :class:`PerInput` gives results the shared part, and
  :class:`AnalysisResult` names the contract for type checkers.

Input keys are registry keys (:data:`roi_core.assumptions.INPUT_KEYS`) and,
for custom benefit lines, ``"custom:{i}:value"`` / ``"custom:{i}:attribution"``.

>>> out = evaluate_cases(Scenario(), {"productivity_gain_pct": np.array([1.0, 12.0])}, 2)
>>> bool(out.roi_pct[0] < out.roi_pct[1])
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from roi_core.assumptions import DRIVERS, confidence_key
from roi_core.distributions import Range, Shape
from roi_core.model import CustomLine, cash_flows, roi_pct
from roi_core.sampling import hard_limits, uncertain_keys
from roi_core.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHUNK",
    "Metric",
    "Outputs",
    "OneAtATime",
    "PerInput",
    "AnalysisResult",
    "metric_of",
    "sensitivity_keys",
    "range_of",
    "resolve_keys",
    "clip_to_hard_limits",
    "base_params",
    "custom_lines",
    "evaluate_cases",
    "one_at_a_time",
]

Array = NDArray[np.float64]
#: Cases (or draws) evaluated at once: small enough that the model's temporaries stay in the CPU cache.
CHUNK = 16384


class Metric(StrEnum):
    """Output an analysis looks at: ROI in per cent or NPV in euro."""

    ROI_PCT = "roi_pct"
    NPV = "npv"


def metric_of(metric: Metric | str) -> Metric:
    """``metric`` as a :class:`Metric`; ``ValueError`` naming the choices otherwise.

    >>> metric_of("npv")
    <Metric.NPV: 'npv'>
    """
    try:
        return Metric(metric)
    except ValueError:
        raise ValueError(f"metric must be 'roi_pct' or 'npv', got {metric!r}") from None


# ----------------------------------------------------------------------------- the analysis contract


@runtime_checkable
class AnalysisResult(Protocol):
    """What every per-input analysis result offers (see the module docstring)."""

    @property
    def keys(self) -> tuple[str, ...]: ...

    def value_of(self, key: str) -> float: ...

    def to_frame(self) -> pd.DataFrame: ...


class PerInput:
    """Shared part of the per-input results: :meth:`value_of` reads the field named by ``VALUE``.

    A result class sets ``VALUE`` to the name of its tuple (or property) that
    runs over ``keys`` and holds its headline number per input, and defines
    ``to_frame``.
    """

    __slots__ = ()
    #: Name of the attribute that :meth:`value_of` reads, one number per key.
    VALUE: ClassVar[str]
    keys: tuple[str, ...]

    def value_of(self, key: str) -> float:
        """The headline number of ``key`` (attribute ``VALUE``); ``KeyError`` if it was not analysed."""
        try:
            i = self.keys.index(key)
        except ValueError:
            raise KeyError(key) from None
        return float(getattr(self, self.VALUE)[i])


# ----------------------------------------------------------------------------- inputs and their keys


def sensitivity_keys(scenario: Scenario) -> tuple[str, ...]:
    """Inputs that vary in ``scenario``: :func:`~roi_core.sampling.uncertain_keys` plus varying custom lines.

    The same keys, in the same order, as ``draw_inputs(scenario).keys``: the
    default ``keys`` of every analysis.

    >>> from roi_core.sampling import draw_inputs
    >>> sensitivity_keys(Scenario()) == draw_inputs(Scenario(), draws=10).keys
    True
    """
    keys = list(uncertain_keys(scenario))
    for i in range(len(scenario.custom)):
        keys += [k for k in scenario.custom_keys(i) if not scenario[k].is_fixed]
    return tuple(keys)


def range_of(scenario: Scenario, key: str) -> Range:
    """The Range of a registry input or custom line key; ``ValueError`` naming an unknown key.

    >>> range_of(Scenario(), "productivity_gain_pct").high
    12.0
    """
    try:
        return scenario[key]
    except KeyError:
        raise ValueError(f"keys: unknown input {key!r}") from None


def resolve_keys(scenario: Scenario, keys: Sequence[str] | str | None) -> tuple[str, ...]:
    """The inputs an analysis looks at: ``keys`` without repeats (checked), or :func:`sensitivity_keys`.

    >>> resolve_keys(Scenario(), ["content_cost", "content_cost"])
    ('content_cost',)
    """
    if keys is None:
        return sensitivity_keys(scenario)
    if isinstance(keys, str):
        keys = (keys,)
    out = tuple(dict.fromkeys(keys))  # drop repeats, keep order
    for k in out:
        range_of(scenario, k)
    return out


def clip_to_hard_limits(key: str, r: Range, values: Array) -> Array:
    """Clip values of unbounded shapes (normal, lognormal) to the input's hard limits, as the simulation does.

    >>> clip_to_hard_limits("custom:0:attribution", Range(30.0, 50.0, 70.0, shape="normal"), np.array([-5.0, 120.0]))
    array([  0., 100.])
    """
    if r.shape in (Shape.NORMAL, Shape.LOGNORMAL):
        lo, hi = hard_limits(key)
        return np.clip(values, lo, hi)
    return values


# ----------------------------------------------------------------------------- evaluating cases


def base_params(scenario: Scenario) -> dict[str, float | Array]:
    """Every model input at its most likely value, custom lines included.

    >>> base_params(Scenario())["productivity_gain_pct"]
    5.0
    """
    params: dict[str, float | Array] = {k: r.likely for k, r in scenario.values}
    for i in range(len(scenario.custom)):
        params.update({k: scenario[k].likely for k in scenario.custom_keys(i)})
    for d in DRIVERS:
        params[confidence_key(d)] = scenario.likely(confidence_key(d))
    return params


def custom_lines(scenario: Scenario, params: Mapping[str, Any], *, conservative: bool = False) -> list[CustomLine]:
    """The scenario's custom benefit lines for the model, their values read from ``params`` where given.

    ``conservative`` applies each line's confidence to its attribution (the Phillips view).

    >>> custom_lines(Scenario(), {})
    []
    """
    lines = []
    for i, c in enumerate(scenario.custom):
        value_key, share_key = scenario.custom_keys(i)
        value = params.get(value_key, c.value_eur.likely)
        attribution = params.get(share_key, c.attribution_pct.likely)
        if conservative:
            attribution = np.asarray(attribution) * (c.confidence_pct / 100.0)
        lines.append(CustomLine(c.name, value, attribution, c.decays))
    return lines


@dataclass(frozen=True)
class Outputs:
    """ROI (per cent, ``nan`` where the cost is zero) and NPV (euro) of a batch of cases, ``(m,)`` each."""

    roi_pct: Array
    npv: Array

    def of(self, metric: Metric | str) -> Array:
        """The outputs of ``metric``."""
        return self.roi_pct if metric_of(metric) is Metric.ROI_PCT else self.npv


def evaluate_cases(scenario: Scenario, columns: Mapping[str, Array], m: int) -> Outputs:
    """ROI and NPV of ``m`` cases in the expected view, evaluated in chunks of :data:`CHUNK` cases.

    ``columns`` maps the varied keys to ``(m,)`` arrays; every other input is
    at its most likely value. A case's outputs do not depend on which other
    cases share the call.

    >>> evaluate_cases(Scenario(), {}, 3).npv.shape
    (3,)
    """
    roi, npv = np.empty(m), np.empty(m)
    base = base_params(scenario)
    for lo in range(0, m, CHUNK):
        hi = min(lo + CHUNK, m)
        params = dict(base)
        for k, v in columns.items():
            params[k] = v[lo:hi]
        # The model sizes its arrays from the registry inputs only; keep one of
        # them at full length so that varying custom lines alone broadcast too.
        params["participants"] = np.broadcast_to(np.asarray(params["participants"], dtype=np.float64), (hi - lo,))
        cf = cash_flows(
            params,
            enabled=scenario.enabled,
            horizon_years=scenario.horizon_years,
            custom=custom_lines(scenario, params),
            **scenario.model_options(),
        )
        b, c = cf.pv_benefits(), cf.pv_costs()
        roi[lo:hi] = roi_pct(b, c)
        npv[lo:hi] = b - c
    return Outputs(roi, npv)


@dataclass(frozen=True)
class OneAtATime:
    """Outputs of a one-at-a-time grid: row ``i`` moves ``keys[i]`` along ``values[i]``, the others at most likely.

    ``values``, ``roi_pct`` and ``npv`` are ``(len(keys), points)``;
    ``base`` holds the outputs with every input at its most likely value.
    """

    keys: tuple[str, ...]
    values: Array
    roi_pct: Array
    npv: Array
    base_roi_pct: float
    base_npv: float

    def of(self, metric: Metric | str) -> Array:
        """The ``(len(keys), points)`` outputs of ``metric``."""
        return self.roi_pct if metric_of(metric) is Metric.ROI_PCT else self.npv

    def base_of(self, metric: Metric | str) -> float:
        """The base case's output of ``metric``."""
        return self.base_roi_pct if metric_of(metric) is Metric.ROI_PCT else self.base_npv


def one_at_a_time(scenario: Scenario, keys: Sequence[str], values: Array) -> OneAtATime:
    """Move each input along its own row of ``values`` ``(len(keys), points)``, the others at most likely.

    All ``1 + len(keys) * points`` cases (the base case first) run in one
    :func:`evaluate_cases` call.

    >>> g = one_at_a_time(Scenario(), ["productivity_gain_pct"], np.array([[1.0, 12.0]]))
    >>> g.roi_pct.shape, bool(g.roi_pct[0, 0] < g.base_roi_pct < g.roi_pct[0, 1])
    ((1, 2), True)
    """
    ks = tuple(keys)
    grid = np.asarray(values, dtype=np.float64)
    if grid.ndim != 2 or grid.shape[0] != len(ks):
        raise ValueError(f"values: expected one row per key, shape ({len(ks)}, points), got {grid.shape}")
    k, points = grid.shape
    n = 1 + k * points  # case 0 is the base; input i occupies 1 + i*points .. (i+1)*points
    base = base_params(scenario)
    columns: dict[str, Array] = {}
    for i, key in enumerate(ks):
        col = np.full(n, float(base[key]))
        col[1 + i * points : 1 + (i + 1) * points] = grid[i]
        columns[key] = col
    out = evaluate_cases(scenario, columns, n)
    return OneAtATime(
        keys=ks,
        values=grid,
        roi_pct=out.roi_pct[1:].reshape(k, points),
        npv=out.npv[1:].reshape(k, points),
        base_roi_pct=float(out.roi_pct[0]),
        base_npv=float(out.npv[0]),
    )
