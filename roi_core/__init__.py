"""roi_core: the computation behind the Upskilling ROI Explorer.

A pure, vectorised numpy package (it never imports streamlit). The public
names follow the workflow: describe inputs (:mod:`~roi_core.assumptions`,
:class:`Range`), build a :class:`Scenario`, compute point estimates
(:func:`deterministic`, :func:`conservative`) and the Monte Carlo
(:func:`simulate`).

>>> from roi_core import Scenario, Range, simulate, deterministic
>>> s = Scenario().with_values(productivity_gain_pct=Range(2.0, 6.0, 10.0))
>>> round(deterministic(s).roi_pct, 1) > round(deterministic(Scenario()).roi_pct, 1)
True
>>> summary = simulate(s, draws=2_000, seed=7).summary()
>>> 0.0 <= summary.prob_roi_positive <= 1.0
True
"""

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
from roi_core.kpi import Kpi, KpiPlan, Outcome, plan_to_scenario
from roi_core.model import CashFlows, bcr, cash_flows, payback_months, roi_pct
from roi_core.pilot import PilotDesign, design_pilot
from roi_core.presets import PRESETS, Preset, variant
from roi_core.scenario import Correlation, CustomBenefit, Scenario
from roi_core.scenario_io import LoadResult, ScenarioError, decode, encode, from_json, to_json
from roi_core.sensitivity import (
    Metric,
    RankCorrelationResult,
    SobolResult,
    SpiderMode,
    SpiderResult,
    TornadoResult,
    input_label,
    rank_correlations,
    sensitivity_keys,
    sobol,
    spider,
    tornado,
)
from roi_core.simulate import (
    Draws,
    Histogram,
    MonteCarloSummary,
    Note,
    PointResult,
    Sampling,
    SimulationResult,
    conservative,
    deterministic,
    draw_inputs,
    simulate,
    uncertain_keys,
)

__all__ = [
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
    "Kpi",
    "KpiPlan",
    "Outcome",
    "plan_to_scenario",
    "PilotDesign",
    "design_pilot",
    "search_span",
]
