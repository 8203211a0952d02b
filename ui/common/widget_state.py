"""The sidebar's scenario widgets and the session state: widget values <-> :class:`Scenario`.

The pure functions (``simple_range``, ``assemble_range``, ``widget_values``,
``scenario_from_widgets``, ``draw_options``, ``slider_bounds``) know nothing
about Streamlit and are unit-tested. The functions at the end read and write
``st.session_state``; all per-user state lives there (keys starting with ``_``
are not widgets), never in module globals. The share link is ``ui.common.links``; the
preset picker's names and scenarios are ``ui.common.presets``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from roi_core import DRIVERS, INPUTS, InputSpec, Range, Scenario, Shape
from roi_core.assumptions import FIELD_BOUNDS
from roi_core.notices import Notice
from roi_core.numbers import clip
from roi_core.scenario import MAX_DRAWS, MIN_DRAWS, LeaverCost

__all__ = [
    "CERTAINTY",
    "SPREAD",
    "MODES",
    "DRAW_OPTIONS",
    "MAX_SEED",
    "simple_range",
    "assemble_range",
    "widget_values",
    "scenario_from_widgets",
    "draw_options",
    "slider_bounds",
    "current_scenario",
    "request_load",
    "load_scenario",
]

#: the preset's (or the loaded scenario's) range around the new most likely value.
CERTAINTY: tuple[str, ...] = ("preset", "very_sure", "fairly_sure", "unsure")
#: Half-width of the range as a share of the most likely value.
SPREAD: Mapping[str, float] = {"very_sure": 0.1, "fairly_sure": 0.3, "unsure": 0.6}
MODES: tuple[str, ...] = ("simple", "range")
DRAW_OPTIONS: tuple[int, ...] = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000)
#: The largest seed a browser holds exactly (2**53 - 1); its home is the registry's field bounds.
MAX_SEED = int(FIELD_BOUNDS["seed"].max)


# --- pure helpers ----------------------------------------------------------------------------


def simple_range(spec: InputSpec, likely: float, certainty: str, base: Range) -> Range:
    """The range that simple mode gives an input whose most likely value is ``likely``.

    ``certainty`` is one of :data:`CERTAINTY`. ``"preset"`` shifts ``base``
    (the preset's range) so that it sits around ``likely`` with the same widths;
    the others use ``likely * (1 +- SPREAD[certainty])``, or a share of the
    slider span when ``likely`` is near zero, so that a zero still carries doubt.
    Fixed and point-only inputs stay single numbers. The shape comes from
    ``base``; the result always respects the input's hard bounds and
    ``low <= likely <= high``.
    """
    likely = spec.clip(float(likely))
    if spec.point_only or base.shape is Shape.FIXED or base.low == base.high:
        return Range(likely, likely, likely, base.shape)
    shape = base.shape
    if certainty not in SPREAD:  # "preset" or anything unknown: keep the widths of the base range
        if likely == base.likely:
            return base
        low, high = likely - (base.likely - base.low), likely + (base.high - base.likely)
    else:
        half = SPREAD[certainty] * max(abs(likely), 0.05 * (spec.slider_max - spec.slider_min))
        low, high = likely - half, likely + half
    nd = spec.fine_decimals  # finer than the step, so that rounding never lands off it
    low = min(spec.clip(round(low, nd)), likely)
    high = max(spec.clip(round(high, nd)), likely)
    if shape is Shape.LOGNORMAL and low <= 0:
        shape = Shape.PERT
    return Range(low, likely, high, shape)


def assemble_range(spec: InputSpec, low: float, likely: float, high: float, shape: Shape) -> Range:
    """The range that range mode builds from a low-high slider and a most-likely slider.

    A most likely value outside the low-high span widens the span (the user
    moved it last, so it wins). A zero-width span means "no doubt": it follows
    the most likely value. A fixed shape that gets a width becomes PERT.
    """
    likely = spec.clip(float(likely))
    if spec.point_only or (float(low) == float(high) and Shape(shape) is Shape.FIXED):
        return Range.fixed(likely)
    if float(low) == float(high):
        return Range(likely, likely, likely, Shape(shape))
    low, high = sorted((spec.clip(float(low)), spec.clip(float(high))))
    low, high = min(low, likely), max(high, likely)
    shape = Shape(shape)
    if shape is Shape.FIXED and low < high:
        shape = Shape.PERT
    if shape is Shape.FIXED:
        return Range.fixed(likely)
    if shape is Shape.LOGNORMAL and low <= 0:
        shape = Shape.PERT
    return Range(low, likely, high, shape)


def _likely_value(spec: InputSpec, x: float) -> float:
    # Sliders are all float sliders (one type for min, max, step and value); whole numbers stay whole.
    return float(round(x)) if spec.integer and float(x).is_integer() else float(x)


def widget_values(s: Scenario) -> dict[str, Any]:
    """The value of every scenario widget (by key) that shows ``s``."""
    out: dict[str, Any] = {
        "horizon": int(s.horizon_years),
        "draws": int(s.draws),
        "seed": int(min(s.seed, MAX_SEED)),
        "hurdle": float(s.hurdle_pct),
        "continuous": bool(s.continuous),
        "lasting": bool(s.lasting),
        "leaver_cost": s.leaver_cost.value,
    }
    for d in DRIVERS:
        out[f"on_{d.value}"] = s.is_enabled(d)
    for key, r in s.values:
        sp = INPUTS[key]
        out[f"v_{key}"] = _likely_value(sp, r.likely)
        if not sp.point_only:
            out[f"r_{key}"] = (_likely_value(sp, r.low), _likely_value(sp, r.high))
            out[f"s_{key}"] = r.shape.value  # the shape picker of range mode
    return out


def scenario_from_widgets(w: Mapping[str, Any], base: Scenario, mode: str, certainty: str) -> Scenario:
    """The scenario that widget values ``w`` describe.

    ``base`` supplies shapes, the ranges of "as in the preset" and every field
    that has no widget (name, notes, custom lines, correlations, the
    conservative horizon). Raises ``ValueError``/``TypeError`` naming the
    field when the values make no valid scenario.
    """
    values: dict[str, Range] = {}
    for key, sp in INPUTS.items():
        b = base[key]
        likely = w.get(f"v_{key}", b.likely)
        if mode == "range" and not sp.point_only:
            low, high = w.get(f"r_{key}", (b.low, b.high))
            values[key] = assemble_range(sp, low, likely, high, Shape(w.get(f"s_{key}", b.shape)))
        else:
            values[key] = simple_range(sp, likely, certainty, b)
    # A measured range keeps its source only while the input still has that range.
    return replace(
        base,
        values=tuple(values.items()),
        enabled=tuple(d for d in DRIVERS if w.get(f"on_{d.value}", base.is_enabled(d))),
        horizon_years=int(w.get("horizon", base.horizon_years)),
        draws=int(w.get("draws", base.draws)),
        seed=int(w.get("seed", base.seed)),
        hurdle_pct=float(w.get("hurdle", base.hurdle_pct)),
        continuous=bool(w.get("continuous", base.continuous)),
        lasting=bool(w.get("lasting", base.lasting)),
        leaver_cost=LeaverCost(w.get("leaver_cost", base.leaver_cost)),
    ).with_current_evidence()


def draw_options(current: int) -> tuple[int, ...]:
    """The draw counts offered, including ``current`` when a link asked for another one."""
    current = int(clip(current, MIN_DRAWS, MAX_DRAWS))
    return tuple(sorted(set(DRAW_OPTIONS) | {current}))


def slider_bounds(spec: InputSpec, r: Range) -> tuple[float, float]:
    """Slider span: the registry's plausible span, widened to hold ``r`` (a link or preset may go beyond)."""
    return min(spec.slider_min, r.low), max(spec.slider_max, r.high)


# --- session state ------------------------------------------------------------------------


def _ss() -> Any:
    import streamlit as st

    return st.session_state


def current_scenario() -> Scenario:
    """The scenario the sidebar built in this run (the default before the first run)."""
    s = _ss().get("_scenario")
    return s if isinstance(s, Scenario) else Scenario()


def load_scenario(s: Scenario, *, base: bool = True) -> None:
    """Put ``s`` into every scenario widget. Call it from a widget callback or before the sidebar renders.

    With ``base`` the loaded scenario also becomes the reference for "as in the
    preset" ranges and the slider spans.
    """
    ss = _ss()
    for key, value in widget_values(s).items():
        ss[key] = value
    if base:
        ss["_base"] = s
    ss["_scenario"] = s


def request_load(s: Scenario, warnings: tuple[Notice, ...] | list[Notice] = ()) -> None:
    """Ask the sidebar to load ``s`` at the start of the next run (pages call this, then ``st.rerun()``).

    Pages run after the sidebar's widgets exist, so they cannot set widget
    values directly; the sidebar applies the request before it draws them.
    The scenario is shown in range mode so that every range is kept exactly.
    """
    ss = _ss()
    ss["_pending"] = (s, tuple(warnings))
