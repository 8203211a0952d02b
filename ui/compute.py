"""Cached results of a scenario: the only place pages get numbers from.

``st.cache_data`` hashes the frozen :class:`Scenario` and pickles what it
returns, so only compact results are cached: the two point estimates and the
Monte Carlo summary (percentiles and 60 histogram bins), never the draws.
``roi_core`` returns read-only mappings (``MappingProxyType``), which cannot
be pickled: they are copied into plain dicts here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

import streamlit as st

from roi_core import MonteCarloSummary, PointResult, Scenario, conservative, deterministic, simulate

__all__ = ["Results", "results", "compute_results"]

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


@st.cache_data(max_entries=256, show_spinner=False)
def results(scenario: Scenario) -> Results:
    """:func:`compute_results`, cached on the scenario (draws and seed are part of it)."""
    return compute_results(scenario)


@st.cache_data(max_entries=256, show_spinner=False)
def chart_specs(scenario: Scenario, page: str, lang: str, currency: str, presentation: bool = False) -> dict[str, dict]:
    """Vega-Lite specs (data included, a few KB) of a page's charts, cached like the results.

    Building Altair charts and validating them costs more than the simulation
    itself, so pages send these dicts with ``st.vega_lite_chart`` instead of
    re-building and re-validating every chart on every rerun. The builders in
    :mod:`ui.charts` are validated by the tests. ``presentation`` (the
    projector view) gives larger text and taller charts.
    """
    from ui import charts

    r = results(scenario)
    det, mc = r.deterministic, r.monte_carlo
    built = {}
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
    return {name: chart.to_dict(validate=False) for name, chart in built.items()}
