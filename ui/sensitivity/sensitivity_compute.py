"""Cached sensitivity and decision results for the Sensitivity page, and the page's link options.

The caches key on :func:`ui.common.compute.scenario_key` (the share-link text, cheap
to build) plus the page's options, not on the :class:`Scenario` itself, which
Streamlit would hash field by field on every call. They pickle what they return, so
only compact results are cached:
the one-way analyses of ``roi_core`` (a few dozen numbers per input) and,
from one Monte Carlo run, the rank correlations of one metric, the EVPPI
ranking and the pre-aggregated scatter of the input the page shows (a 30 x 30
count grid and a 20-bin P10/P50/P90 band). Each is computed only when the part
of the page that shows it is open. The draws themselves are not pickled: they
are shared read-only through :func:`ui.common.compute.simulation`, and so is their
sort (:func:`draw_order`), which the rank correlations and the EVPPI share.

The pure functions (``compute_*``, :func:`scatter_bins`, :func:`parse_options`,
:func:`option_params`) know nothing about Streamlit and are unit-tested.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from roi_core import (
    BreakEvenResult,
    EvppiResult,
    Metric,
    RankCorrelationResult,
    Scenario,
    SimulationResult,
    SobolResult,
    SpiderResult,
    TornadoResult,
    break_even,
    evppi_all,
    evppi_regression_all,
    rank_correlations,
    sensitivity_keys,
    sobol,
    spider,
    tornado,
)
from roi_core.assumptions import FIELD_BOUNDS, key_of_short, spec
from roi_core.notices import Notice, notice
from roi_core.pilot import Goal, PilotDesign, design_pilot
from roi_core.sensitivity import input_order
from ui.common.compute import scenario_cache, simulation
from ui.common.safe_text import cut

__all__ = [
    "METRICS",
    "SCATTER_CELLS",
    "BAND_BINS",
    "TARGET_DEFAULT",
    "TARGET_MIN",
    "TARGET_MAX",
    "SPIDER_TOP",
    "ScatterBins",
    "SobolOutcome",
    "Options",
    "scatter_bins",
    "compute_scatter",
    "scatter_of",
    "compute_sobol",
    "draw_order",
    "rank_of",
    "evppi_of",
    "evppi_regression_of",
    "pilot_design",
    "tornado_result",
    "spider_result",
    "break_even_result",
    "sobol_result",
    "input_short",
    "input_from_short",
    "parse_options",
    "option_params",
    "varying_keys",
]

Array = NDArray[np.float64]

METRICS: tuple[str, ...] = (Metric.ROI_PCT.value, Metric.NPV.value)
#: The page's parts (link parameter ``sv``), the first one shown by default: one assumption at a time (tornado and
#: spider), all at once across the simulation (ranking and scatter), what would have to be true (break-even and goal
#: seek), and what is worth finding out (value of information). Only the chosen part is computed and drawn.
VIEWS: tuple[str, ...] = ("drivers", "ranking", "targets", "voi")
#: Cells per axis of the ROI-against-input heat map (30 x 30 = at most 900 rows, whatever the draw count).
SCATTER_CELLS = 30
#: Equal-count bins of the P10/P50/P90 band (each holds 5 % of the draws).
BAND_BINS = 20
#: Share of the output cut off at each end of the heat map's vertical axis (outliers pile up in the edge cells).
TAIL = 0.005
#: Inputs drawn in the spider chart: the largest tornado swings.
SPIDER_TOP = 6
TARGET_DEFAULT = 100.0
TARGET_MIN = FIELD_BOUNDS["target_roi_pct"].min  # one home: the registry (roi_core.assumptions)
TARGET_MAX = FIELD_BOUNDS["target_roi_pct"].max


# --- pre-aggregated scatter ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScatterBins:
    """The output (ROI % or NPV) against one input's draws, aggregated so that it stays light.

    ``counts[i, j]`` counts draws whose input lies in ``x_edges[i:i+2]`` and
    output in ``y_edges[j:j+2]`` (outputs beyond the 0.5 % tails are counted
    in the edge cells), shape ``(cells, cells)``. The band splits the draws
    sorted by the input into equal-count bins: ``band_x`` is the median input
    of each bin, ``band_p10/p50/p90`` the output percentiles in it. ``n``
    counts the draws used (those with a defined output).
    """

    key: str
    metric: str
    n: int
    x_edges: Array
    y_edges: Array
    counts: NDArray[np.int32]
    band_x: Array
    band_p10: Array
    band_p50: Array
    band_p90: Array


def scatter_bins(
    x: Array,
    y: Array,
    key: str = "",
    metric: str = "roi_pct",
    cells: int = SCATTER_CELLS,
    bands: int = BAND_BINS,
) -> ScatterBins:
    """Aggregate draws ``x`` (input, ``(n,)``) and ``y`` (output, ``(n,)``) into a heat map and a band.

    Draws with an undefined output (nan: zero cost) are left out.

    >>> b = scatter_bins(np.arange(100.0), 2 * np.arange(100.0), cells=4, bands=2)
    >>> int(b.counts.sum()), b.band_x.tolist(), b.band_p50.tolist()
    (100, [24.5, 74.5], [49.0, 149.0])
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    order = np.argsort(x, kind="stable")
    xs, ys = x[order], y[order]  # (n,) sorted by the input
    ok = np.isfinite(ys) & np.isfinite(xs)
    if not ok.all():
        xs, ys = xs[ok], ys[ok]
    n = int(xs.size)
    empty = np.empty(0)
    if n == 0:
        return ScatterBins(key, metric, 0, empty, empty, np.zeros((0, 0), dtype=np.int32), empty, empty, empty, empty)
    x_lo, x_hi = float(xs[0]), float(xs[-1])
    if x_hi <= x_lo:
        x_lo, x_hi = x_lo - 0.5, x_hi + 0.5
    y_lo, y_hi = _output_tails(ys)
    if y_hi <= y_lo:
        pad = max(abs(y_lo) * 0.01, 0.5)
        y_lo, y_hi = y_lo - pad, y_hi + pad
    x_edges = np.linspace(x_lo, x_hi, cells + 1)
    y_edges = np.linspace(y_lo, y_hi, cells + 1)
    # Cell indices by arithmetic (histogram2d is several times slower); the top edge belongs to the last cell.
    ix = np.minimum(((xs - x_lo) * (cells / (x_hi - x_lo))).astype(np.intp), cells - 1)
    iy = np.clip(((ys - y_lo) * (cells / (y_hi - y_lo))).astype(np.intp), 0, cells - 1)
    counts = np.bincount(ix * cells + iy, minlength=cells * cells).reshape(cells, cells).astype(np.int32)
    band = _band(xs, ys, max(1, min(bands, n)))
    return ScatterBins(
        key=key,
        metric=metric,
        n=n,
        x_edges=x_edges,
        y_edges=y_edges,
        counts=counts,
        band_x=band[0],
        band_p10=band[1],
        band_p50=band[2],
        band_p90=band[3],
    )


def _output_tails(y: Array) -> tuple[float, float]:
    """The P0.5 and P99.5 of the defined outputs: the heat map's vertical extent (before padding a flat output)."""
    lo, hi = np.quantile(y[np.isfinite(y)], [TAIL, 1.0 - TAIL])
    return float(lo), float(hi)


def _band(xs: Array, ys: Array, bands: int) -> Array:
    """Median input and P10/P50/P90 output of ``bands`` equal-count bins of draws sorted by the input: ``(4, bands)``.

    The bins hold ``n // bands`` or one more draws. Bins of one size are
    stacked into a 2-D array and go through one ``np.median`` and one
    ``np.percentile`` call along the rows: the same arithmetic as one call per
    bin (a test checks they agree exactly), without a Python loop over bins.
    """
    n = xs.size
    edges = (np.arange(bands + 1) * n) // bands  # equal-count bins over the draws sorted by the input
    starts, sizes = edges[:-1], np.diff(edges)
    band = np.empty((4, bands))
    for size in np.unique(sizes):  # at most two sizes
        rows = np.flatnonzero(sizes == size)
        idx = starts[rows, np.newaxis] + np.arange(size)  # (bins of this size, size)
        band[0, rows] = np.median(xs[idx], axis=1)
        band[1:, rows] = np.percentile(ys[idx], [10, 50, 90], axis=1)
    return band


# --- one Monte Carlo run, aggregated ----------------------------------------------------------------------


def compute_scatter(res: SimulationResult, metric: str, key: str) -> ScatterBins:
    """The aggregated scatter of one input against ``metric`` (``"roi_pct"`` or ``"npv"``)."""
    y = res.roi_pct if metric == Metric.ROI_PCT.value else res.npv
    return scatter_bins(res.inputs.column(key), y, key=key, metric=metric)


@dataclass(frozen=True)
class SobolOutcome:
    """Sobol' indices, or why there are none (``error``: a catalogue key, e.g. ROI undefined)."""

    result: SobolResult | None
    error: str = ""


def compute_sobol(scenario: Scenario, metric: str) -> SobolOutcome:
    """Sobol' indices (SALib, ``n_base`` 1024, the scenario's seed); never raises for a valid scenario."""
    try:
        return SobolOutcome(sobol(scenario, metric=metric))
    except ValueError:  # the ROI is undefined (zero cost) somewhere in the sample
        return SobolOutcome(None, "sens.sobol_undefined")


# --- cached wrappers ------------------------------------------------------------------------------------


@scenario_cache(max_entries=4, shared=True)
def draw_order(scenario: Scenario) -> NDArray[np.intp]:
    """Each input's draws in sorted order (:func:`roi_core.sensitivity.input_order`), sorted once per scenario.

    Sorting the draws is the largest single step of the rank correlations and
    the EVPPI; both take it from here.
    Shared read-only (``st.cache_resource``, the last four scenarios, like the draws).
    """
    order = input_order(simulation(scenario))
    order.setflags(write=False)
    return order


@scenario_cache(max_entries=64)
def rank_of(scenario: Scenario, metric: str) -> RankCorrelationResult:
    """Rank correlations of every varying input with ``metric``, from the shared simulation."""
    return rank_correlations(simulation(scenario), metric=metric, order=draw_order(scenario))


@scenario_cache(max_entries=32)
def evppi_of(scenario: Scenario) -> EvppiResult:
    """EVPI and the EVPPI of every varying input, from the shared simulation."""
    return evppi_all(simulation(scenario), order=draw_order(scenario))


@scenario_cache(max_entries=32)
def evppi_regression_of(scenario: Scenario) -> EvppiResult:
    """EVPI and the regression EVPPI (with standard errors) of every varying input: the page's default."""
    return evppi_regression_all(simulation(scenario), order=draw_order(scenario))


@scenario_cache(max_entries=64)
def pilot_design(
    scenario: Scenario, key: str, sd: float, size: float, goal: Goal, icc: float, team_size: int, value: float
) -> PilotDesign:
    """:func:`roi_core.pilot.design_pilot`, cached (statsmodels' solver is the slow part)."""
    return design_pilot(
        scenario,
        key,
        sd=sd,
        size=size,
        goal=goal,
        icc=icc,
        team_size=team_size,
        value=value,
    )


@scenario_cache(max_entries=256)
def scatter_of(scenario: Scenario, metric: str, key: str) -> ScatterBins:
    """The scatter of one input (the page shows one at a time), from the shared simulation."""
    return compute_scatter(simulation(scenario), metric, key)


@scenario_cache(max_entries=256)
def tornado_result(scenario: Scenario, metric: str) -> TornadoResult:
    """P10/P90 tornado of every varying input."""
    return tornado(scenario, metric=metric)


@scenario_cache(max_entries=256)
def spider_result(scenario: Scenario, keys: tuple[str, ...]) -> SpiderResult:
    """Spider (range mode, 11 points) of ``keys``; holds ROI and NPV."""
    return spider(scenario, keys=keys)


@scenario_cache(max_entries=256)
def break_even_result(scenario: Scenario, target_roi_pct: float) -> BreakEvenResult:
    """Break-even and goal seek of the switched-on drivers' inputs."""
    return break_even(scenario, target_roi_pct=target_roi_pct)


@scenario_cache(max_entries=32)
def sobol_result(scenario: Scenario, metric: str) -> SobolOutcome:
    """:func:`compute_sobol`, cached."""
    return compute_sobol(scenario, metric)


# --- page options in the share link ---------------------------------------------------------------------


def input_short(key: str) -> str:
    """The URL form of an input key: its :attr:`roi_core.InputSpec.short` (``c{i}v`` / ``c{i}a`` for custom lines).

    >>> input_short("productivity_gain_pct"), input_short("custom:2:attribution")
    ('pg', 'c2a')
    """
    return spec(key).short


def input_from_short(short: str) -> str | None:
    """The input key of a URL short form (:func:`roi_core.assumptions.key_of_short`); ``None`` when unknown.

    >>> input_from_short("pg"), input_from_short("c0v"), input_from_short("zz")
    ('productivity_gain_pct', 'custom:0:value', None)
    """
    return key_of_short(short)


@dataclass(frozen=True)
class Options:
    """What the page's link asks for; ``None`` means "not given" (or given but invalid: see warnings)."""

    metric: str | None = None
    input: str | None = None
    target: float | None = None
    sobol: bool | None = None
    view: str | None = None
    warnings: tuple[Notice, ...] = ()


def parse_options(params: Mapping[str, str], keys: Sequence[str]) -> Options:
    """Read the page's URL parameters (``sm``, ``si``, ``st``, ``sb``, ``sv``); never raises.

    ``keys`` are the inputs the chosen-input select box offers. Invalid
    values are dropped and named in ``warnings`` (``roi_core.notices.Notice``, shown by ``ui.common.notices``).

    >>> o = parse_options({"sm": "npv", "si": "pg", "st": "150", "sb": "1", "sv": "voi"}, ["productivity_gain_pct"])
    >>> o.metric, o.input, o.target, o.sobol, o.view, o.warnings
    ('npv', 'productivity_gain_pct', 150.0, True, 'voi', ())
    >>> [str(w) for w in parse_options({"st": "inf", "sm": "x"}, []).warnings]
    ["sm: unknown value 'x' ignored", "st: 'inf' is not a target ROI within -100..10,000; ignored"]
    """
    got: dict[str, object] = {}
    warnings: list[Notice] = []
    if "sm" in params:
        v = str(params["sm"])
        if v in METRICS:
            got["metric"] = v
        else:
            warnings.append(notice("unknown_value", "sm", value=cut(v)))
    if "si" in params:
        v = str(params["si"])
        key = input_from_short(v)
        if key is not None and key in keys:
            got["input"] = key
        else:
            warnings.append(notice("not_uncertain", "si", value=cut(v)))
    if "st" in params:
        v = str(params["st"])
        try:
            x = float(v) if len(v) <= 40 else math.nan
        except ValueError:
            x = math.nan
        if math.isfinite(x) and TARGET_MIN <= x <= TARGET_MAX:
            got["target"] = x
        else:
            warnings.append(notice("not_target", "st", value=cut(v), min=TARGET_MIN, max=TARGET_MAX))
    if "sb" in params:
        v = str(params["sb"])
        if v in ("0", "1"):
            got["sobol"] = v == "1"
        else:
            warnings.append(notice("unknown_value", "sb", value=cut(v)))
    if "sv" in params:
        v = str(params["sv"])
        if v in VIEWS:
            got["view"] = v
        else:
            warnings.append(notice("unknown_value", "sv", value=cut(v)))
    return Options(**got, warnings=tuple(warnings))  # type: ignore[arg-type]


def _number_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def option_params(
    metric: str,
    input_key: str | None,
    target: float,
    use_sobol: bool,
    default_input_key: str | None = None,
    view: str = VIEWS[0],
) -> dict[str, str]:
    """The page's URL parameters, defaults left out to keep the link short.

    >>> option_params("roi_pct", "productivity_gain_pct", 100.0, False)
    {'si': 'pg'}
    >>> option_params("roi_pct", "productivity_gain_pct", 100.0, False, "productivity_gain_pct")
    {}
    >>> option_params("npv", None, 62.5, True, view="targets")
    {'sm': 'npv', 'st': '62.5', 'sb': '1', 'sv': 'targets'}
    """
    out: dict[str, str] = {}
    if metric != Metric.ROI_PCT.value:
        out["sm"] = metric
    if input_key is not None and input_key != default_input_key:
        out["si"] = input_short(input_key)
    if target != TARGET_DEFAULT:
        out["st"] = _number_text(target)
    if use_sobol:
        out["sb"] = "1"
    if view != VIEWS[0]:
        out["sv"] = view
    return out


def varying_keys(scenario: Scenario) -> tuple[str, ...]:
    """Inputs that vary (the select box's options)."""
    return sensitivity_keys(scenario)
