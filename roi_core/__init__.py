"""roi_core: the computation behind the Upskilling ROI Explorer.

A pure, vectorised numpy package (it never imports streamlit). The public
names follow the workflow: describe inputs (:mod:`~roi_core.assumptions`,
:class:`Range`), build a :class:`Scenario`, compute point estimates
(:func:`deterministic`, :func:`conservative`) and the Monte Carlo
(:func:`simulate`), then ask what drives the result and what is worth
measuring (the analyses in :data:`ANALYSES`, which share one contract: the
scenario or simulation first, keyword-only options, and a result with
``keys``, ``value_of(key)`` and ``to_frame()``; see :mod:`roi_core.evaluate`).

>>> from roi_core import Scenario, Range, simulate, deterministic
>>> s = Scenario().with_values(productivity_gain_pct=Range(2.0, 6.0, 10.0))
>>> round(deterministic(s).roi_pct, 1) > round(deterministic(Scenario()).roi_pct, 1)
True
>>> summary = simulate(s, draws=2_000, seed=7).summary()
>>> 0.0 <= summary.prob_roi_positive <= 1.0
True
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roi_core.assumptions import (
        COST_CATEGORIES,
        COST_LABELS,
        DRIVER_LABELS,
        DRIVERS,
        INPUT_KEYS,
        INPUTS,
        SOURCES,
        Driver,
        Group,
        InputSpec,
        Source,
        attribution_key,
        confidence_key,
        inputs_of_driver,
        inputs_of_group,
        spec,
    )
    from roi_core.decision import (
        BreakEvenResult,
        EvppiResult,
        Reach,
        break_even,
        break_even_keys,
        evpi,
        evppi,
        evppi_all,
        evppi_regression_all,
        search_span,
    )
    from roi_core.distributions import Range, Shape
    from roi_core.evaluate import AnalysisResult, Metric, sensitivity_keys
    from roi_core.kpi import Kpi, KpiPlan, Outcome, plan_to_scenario
    from roi_core.model import CashFlows, bcr, cash_flows, payback_months, roi_pct
    from roi_core.pilot import PilotDesign, design_pilot
    from roi_core.presets import PRESETS, Preset, variant
    from roi_core.sampling import (
        ContradictoryCorrelations,
        CorrelationCheck,
        Draws,
        Sampling,
        check_correlations,
        draw_inputs,
        uncertain_keys,
    )
    from roi_core.scenario import Correlation, CustomBenefit, Scenario
    from roi_core.scenario_io import LoadResult, ScenarioError, decode, encode, from_json, to_json
    from roi_core.sensitivity import (
        RankCorrelationResult,
        SobolResult,
        SpiderMode,
        SpiderResult,
        TornadoResult,
        input_label,
        rank_correlations,
        sobol,
        spider,
        tornado,
    )
    from roi_core.simulate import (
        Histogram,
        MonteCarloSummary,
        Note,
        PointResult,
        SimulationResult,
        conservative,
        deterministic,
        simulate,
    )

# Public name -> the module that defines it. The submodules are imported on first use (PEP 562), so that
# ``import roi_core.assumptions`` (the registry, e.g. for the phone page of a workshop room) does not also
# load the simulation and the sensitivity and decision analyses.
_HOME: dict[str, str] = {
    "COST_CATEGORIES": "roi_core.assumptions",
    "COST_LABELS": "roi_core.assumptions",
    "DRIVER_LABELS": "roi_core.assumptions",
    "DRIVERS": "roi_core.assumptions",
    "INPUT_KEYS": "roi_core.assumptions",
    "INPUTS": "roi_core.assumptions",
    "SOURCES": "roi_core.assumptions",
    "Driver": "roi_core.assumptions",
    "Group": "roi_core.assumptions",
    "InputSpec": "roi_core.assumptions",
    "Source": "roi_core.assumptions",
    "attribution_key": "roi_core.assumptions",
    "confidence_key": "roi_core.assumptions",
    "inputs_of_driver": "roi_core.assumptions",
    "inputs_of_group": "roi_core.assumptions",
    "spec": "roi_core.assumptions",
    "BreakEvenResult": "roi_core.decision",
    "EvppiResult": "roi_core.decision",
    "Reach": "roi_core.decision",
    "break_even": "roi_core.decision",
    "break_even_keys": "roi_core.decision",
    "evpi": "roi_core.decision",
    "evppi": "roi_core.decision",
    "evppi_all": "roi_core.decision",
    "evppi_regression_all": "roi_core.decision",
    "Kpi": "roi_core.kpi",
    "KpiPlan": "roi_core.kpi",
    "Outcome": "roi_core.kpi",
    "plan_to_scenario": "roi_core.kpi",
    "PilotDesign": "roi_core.pilot",
    "design_pilot": "roi_core.pilot",
    "search_span": "roi_core.decision",
    "Range": "roi_core.distributions",
    "Shape": "roi_core.distributions",
    "CashFlows": "roi_core.model",
    "bcr": "roi_core.model",
    "cash_flows": "roi_core.model",
    "payback_months": "roi_core.model",
    "roi_pct": "roi_core.model",
    "PRESETS": "roi_core.presets",
    "Preset": "roi_core.presets",
    "variant": "roi_core.presets",
    "Correlation": "roi_core.scenario",
    "CustomBenefit": "roi_core.scenario",
    "Scenario": "roi_core.scenario",
    "LoadResult": "roi_core.scenario_io",
    "ScenarioError": "roi_core.scenario_io",
    "decode": "roi_core.scenario_io",
    "encode": "roi_core.scenario_io",
    "from_json": "roi_core.scenario_io",
    "to_json": "roi_core.scenario_io",
    "AnalysisResult": "roi_core.evaluate",
    "Metric": "roi_core.evaluate",
    "ContradictoryCorrelations": "roi_core.sampling",
    "CorrelationCheck": "roi_core.sampling",
    "Draws": "roi_core.sampling",
    "Sampling": "roi_core.sampling",
    "check_correlations": "roi_core.sampling",
    "draw_inputs": "roi_core.sampling",
    "uncertain_keys": "roi_core.sampling",
    "RankCorrelationResult": "roi_core.sensitivity",
    "SobolResult": "roi_core.sensitivity",
    "SpiderMode": "roi_core.sensitivity",
    "SpiderResult": "roi_core.sensitivity",
    "TornadoResult": "roi_core.sensitivity",
    "input_label": "roi_core.sensitivity",
    "rank_correlations": "roi_core.sensitivity",
    "sensitivity_keys": "roi_core.evaluate",
    "sobol": "roi_core.sensitivity",
    "spider": "roi_core.sensitivity",
    "tornado": "roi_core.sensitivity",
    "Histogram": "roi_core.simulate",
    "MonteCarloSummary": "roi_core.simulate",
    "Note": "roi_core.simulate",
    "PointResult": "roi_core.simulate",
    "SimulationResult": "roi_core.simulate",
    "conservative": "roi_core.simulate",
    "deterministic": "roi_core.simulate",
    "simulate": "roi_core.simulate",
}

#: Every public analysis, by name: each takes the scenario (or the simulation result) first, then keyword-only
#: options, and returns a result with ``keys``, ``value_of(key)`` and ``to_frame()`` (one row per key). A test walks
#: this list and the analysis modules' ``__all__``, so an analysis that breaks the contract or is missing here fails.
ANALYSES: tuple[str, ...] = (
    "tornado",
    "spider",
    "rank_correlations",
    "sobol",
    "break_even",
    "evppi_all",
    "evppi_regression_all",
)

__all__ = [
    "ANALYSES",
    "AnalysisResult",
    "ContradictoryCorrelations",
    "CorrelationCheck",
    "check_correlations",
    "PRESETS",
    "LoadResult",
    "Preset",
    "ScenarioError",
    "decode",
    "encode",
    "from_json",
    "to_json",
    "variant",
    "COST_CATEGORIES",
    "COST_LABELS",
    "DRIVER_LABELS",
    "DRIVERS",
    "INPUT_KEYS",
    "INPUTS",
    "SOURCES",
    "CashFlows",
    "Correlation",
    "CustomBenefit",
    "Draws",
    "Driver",
    "Group",
    "Histogram",
    "InputSpec",
    "MonteCarloSummary",
    "Note",
    "PointResult",
    "Range",
    "Sampling",
    "Scenario",
    "Shape",
    "SimulationResult",
    "Source",
    "attribution_key",
    "bcr",
    "cash_flows",
    "confidence_key",
    "conservative",
    "deterministic",
    "draw_inputs",
    "inputs_of_driver",
    "inputs_of_group",
    "payback_months",
    "roi_pct",
    "simulate",
    "spec",
    "uncertain_keys",
    "Metric",
    "RankCorrelationResult",
    "SobolResult",
    "SpiderMode",
    "SpiderResult",
    "TornadoResult",
    "input_label",
    "rank_correlations",
    "sensitivity_keys",
    "sobol",
    "spider",
    "tornado",
    "BreakEvenResult",
    "EvppiResult",
    "Reach",
    "break_even",
    "break_even_keys",
    "evpi",
    "evppi",
    "evppi_all",
    "evppi_regression_all",
    "search_span",
    "Kpi",
    "KpiPlan",
    "Outcome",
    "plan_to_scenario",
    "PilotDesign",
    "design_pilot",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'roi_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The package's module type: a submodule named like a public function (``simulate``) keeps the function.

    The import system binds every loaded submodule as an attribute of its package; with the eager imports that
    used to be here the function ``simulate`` was bound after its module, and callers rely on that.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _HOME.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
