"""Cached results of a scenario: the only place pages get numbers from.

``st.cache_data`` hashes the frozen :class:`Scenario` and pickles what it
returns, so only compact results are cached: the two point estimates and the
Monte Carlo summary (percentiles and 60 histogram bins), never the draws.
``roi_core`` returns read-only mappings (``MappingProxyType``), which cannot
be pickled: they are copied into plain dicts here.

The caches key on :func:`scenario_key`, the scenario's exact share-link text,
not on the ``Scenario`` object: the text is cheap to build, while Streamlit
hashes an object of 48 ranges field by field, several times per rerun.
:func:`scenario_cache` does this for any function of a scenario.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import streamlit as st

from roi_core import (
    MonteCarloSummary,
    PointResult,
    Scenario,
    SimulationResult,
    conservative,
    deterministic,
    simulate,
)
from roi_core.metrics import MetricValues, metric_values
from ui.common import reuse

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = ["Results", "results", "compute_results", "chart_specs", "scenario_key", "scenario_cache", "simulation"]

T = TypeVar("T", bound="DataclassInstance")  # _picklable copies frozen dataclasses
R = TypeVar("R")
P = ParamSpec("P")


@dataclass(frozen=True)
class Results:
    """Everything the pages show of one scenario."""

    deterministic: PointResult  # most likely values, full horizon
    conservative: PointResult  # Phillips: x attribution x confidence, first year(s)
    monte_carlo: MonteCarloSummary
    metrics: MetricValues  # every output metric (roi_core.metrics): what the pages show


def _picklable(obj: T) -> T:
    """A copy of a frozen result with its read-only mappings turned into dicts."""
    changes = {
        f.name: dict(getattr(obj, f.name))
        for f in dataclasses.fields(obj)
        if isinstance(getattr(obj, f.name), MappingProxyType)
    }
    return dataclasses.replace(obj, **changes) if changes else obj


def compute_results(scenario: Scenario, sim: SimulationResult | None = None) -> Results:
    """The uncached computation (plain function, used by tests and by :func:`results`).

    ``sim`` may pass the scenario's simulation when the caller has it (the same draws: same seed and count).
    """
    det, cons = deterministic(scenario), conservative(scenario)
    summary = (sim if sim is not None else simulate(scenario)).summary()
    return Results(
        deterministic=_picklable(det),
        conservative=_picklable(cons),
        monte_carlo=_picklable(summary),
        metrics=_picklable(metric_values(det, cons, summary)),
    )


def scenario_key(scenario: Scenario) -> str:
    """What the caches key on: the scenario's share-link text, which round-trips exactly (notes included).

    >>> scenario_key(Scenario()) == scenario_key(Scenario()) != scenario_key(Scenario(seed=1))
    True
    """
    return reuse.scenario_text(scenario)  # once per distinct scenario and process: a room's sessions share it


ScenarioFn = Callable[Concatenate[Scenario, P], R]


def scenario_cache(*, max_entries: int, shared: bool = False) -> Callable[[ScenarioFn[P, R]], ScenarioFn[P, R]]:
    """``st.cache_data`` for a function of a scenario (and hashable options), keyed on :func:`scenario_key`.

    ``shared=True`` uses ``st.cache_resource`` instead: the result is not
    pickled and copied on every use but handed out as it is, to every session,
    so it must be made read-only (large arrays: the draws and their sort).

    The wrapped function keeps its signature; inside, a cached function takes
    the key and the scenario as ``_scenario`` (left out of Streamlit's hash).
    That inner function gets the wrapped function's name: Streamlit tells
    cached functions apart by module, name and source, and the inner
    functions of two uses of this decorator have the same source.
    """

    def decorate(fn: ScenarioFn[P, R]) -> ScenarioFn[P, R]:
        def cached(key: str, _scenario: Scenario, *args: Any, **kwargs: Any) -> R:
            return fn(_scenario, *args, **kwargs)

        cached.__module__, cached.__qualname__ = fn.__module__, fn.__qualname__
        cache = st.cache_resource if shared else st.cache_data
        cached_fn = cache(max_entries=max_entries, show_spinner=False)(cached)

        @functools.wraps(fn)
        def wrapper(scenario: Scenario, *args: P.args, **kwargs: P.kwargs) -> R:
            return cached_fn(scenario_key(scenario), scenario, *args, **kwargs)

        wrapper.clear = cached_fn.clear  # type: ignore[attr-defined]  # a function attribute: no type declares it
        return wrapper

    return decorate


@scenario_cache(max_entries=4, shared=True)
def simulation(scenario: Scenario) -> SimulationResult:
    """The scenario's draws, simulated once and shared read-only (not copied) by the analyses of a run.

    ``st.cache_resource``, not ``cache_data``: the draws (10,000 x 28 inputs, 2 MB by default) are not pickled
    on every use. Only the last four scenarios are kept (at 200,000 draws one takes about 55 MB).
    """
    sim = simulate(scenario)
    arrays = (sim.inputs.uniforms, sim.inputs.values, sim.costs, sim.benefits, sim.roi_pct, sim.npv)
    for arr in (*arrays, sim.payback_months, sim.yearly_net):
        arr.setflags(write=False)  # shared between reruns and sessions: nobody may change it
    return sim


@scenario_cache(max_entries=256)
def results(scenario: Scenario) -> Results:
    """:func:`compute_results`, cached on the scenario (draws and seed are part of it)."""
    return compute_results(scenario, simulation(scenario))


@scenario_cache(max_entries=256, shared=True)
def chart_specs(scenario: Scenario, page: str, lang: str, currency: str, presentation: bool = False) -> dict[str, dict]:
    """Vega-Lite specs (data included, a few KB) of a page's charts, cached like the results.

    Pages send these dicts with ``st.vega_lite_chart`` (through ``ui.common.layout.chart``). The chart structures
    come from cached templates (:mod:`ui.common.vega`); only their data is new for a
    new scenario. ``presentation`` (the projector view) gives larger text and
    taller charts.

    Shared, not copied (``st.cache_resource``): every session that shows this scenario (a room that opened one
    link) gets the same dicts, their datasets already Arrow bytes (:func:`ui.common.vega.arrow_bytes`), so a run neither
    unpickles nor converts them. Read-only: nobody may change them.
    """
    from ui.common import charts, vega

    r = results(scenario)
    det, mc = r.deterministic, r.monte_carlo
    built: dict[str, dict] = {}
    if page == "overview":
        built["histogram"] = charts.roi_histogram_chart(
            charts.histogram_frame(mc.roi_histogram, lang),
            charts.markers_frame(mc, lang),
            lang,
            presentation=presentation,
        )
        built["waterfall"] = charts.waterfall_chart(
            charts.waterfall_frame(det, lang, currency),
            scenario.horizon_years,
            lang,
            currency,
            presentation=presentation,
        )
    elif page == "over_time":
        built["cumulative"] = charts.cumulative_chart(
            charts.cumulative_frame(det, mc.cumulative_net_quantiles, lang, currency, mc.start_net_quantiles),
            det.payback_months,
            lang,
            currency,
            presentation=presentation,
        )
        built["yearly"] = charts.yearly_chart(
            charts.yearly_frame(det, lang, currency), lang, currency, presentation=presentation
        )
    return {name: vega.arrow_bytes(spec) for name, spec in built.items()}
