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
