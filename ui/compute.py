"""Cached results of a scenario: the only place pages get numbers from.

``st.cache_data`` hashes the frozen :class:`Scenario` and pickles what it
returns, so only compact results are cached: the two point estimates and the
Monte Carlo summary (percentiles and 60 histogram bins), never the draws.
``roi_core`` returns read-only mappings (``MappingProxyType``), which cannot
be pickled: they are copied into plain dicts here.

The caches key on :func:`scenario_key`, the scenario's exact share-link text
(0.1 ms), not on the ``Scenario`` object: Streamlit hashes an object of 48
ranges in about 7 ms, several times per rerun. Cached functions take the key
and the scenario as ``_scenario``, which Streamlit leaves out of the hash.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

import streamlit as st

from roi_core import MonteCarloSummary, PointResult, Scenario, conservative, deterministic, scenario_io, simulate

__all__ = ["Results", "results", "compute_results", "chart_specs", "scenario_key"]

T = TypeVar("T")


@dataclass(frozen=True)
class Results:
    """Everything the pages show of one scenario."""

    deterministic: PointResult  # most likely values, full horizon
    conservative: PointResult  # Phillips: x attribution x confidence, first year(s)
    monte_carlo: MonteCarloSummary


def _picklable(obj: T) -> T:
    """A copy of a frozen result with its read-only mappings turned into dicts."""
    changes = {
        f.name: dict(getattr(obj, f.name))
        for f in dataclasses.fields(obj)  # type: ignore[arg-type]
        if isinstance(getattr(obj, f.name), MappingProxyType)
    }
    return dataclasses.replace(obj, **changes) if changes else obj  # type: ignore[type-var]


def compute_results(scenario: Scenario) -> Results:
    """The uncached computation (plain function, used by tests and by :func:`results`)."""
    return Results(
        deterministic=_picklable(deterministic(scenario)),
        conservative=_picklable(conservative(scenario)),
        monte_carlo=_picklable(simulate(scenario).summary()),
    )


def scenario_key(scenario: Scenario) -> str:
    """What the caches key on: the scenario's share-link text, which round-trips exactly (notes included).

    >>> scenario_key(Scenario()) == scenario_key(Scenario()) != scenario_key(Scenario(seed=1))
    True
    """
    return scenario_io.encode(scenario)


@st.cache_data(max_entries=256, show_spinner=False)
def _results(key: str, _scenario: Scenario) -> Results:
    return compute_results(_scenario)


def results(scenario: Scenario) -> Results:
    """:func:`compute_results`, cached on the scenario (draws and seed are part of it)."""
    return _results(scenario_key(scenario), scenario)


def chart_specs(scenario: Scenario, page: str, lang: str, currency: str, presentation: bool = False) -> dict[str, dict]:
    """Vega-Lite specs (data included, a few KB) of a page's charts, cached like the results.

    Pages send these dicts with ``st.vega_lite_chart``. The chart structures
    come from cached templates (:mod:`ui.vega`); only their data is new for a
    new scenario. ``presentation`` (the projector view) gives larger text and
    taller charts.
    """
    return _chart_specs(scenario_key(scenario), scenario, page, lang, currency, presentation)


@st.cache_data(max_entries=256, show_spinner=False)
def _chart_specs(
    key: str, _scenario: Scenario, page: str, lang: str, currency: str, presentation: bool
) -> dict[str, dict]:
    from ui import charts

    scenario = _scenario
    r = _results(key, scenario)
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
    return built
