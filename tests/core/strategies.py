"""Shared hypothesis strategies for ranges and scenarios.

Other test modules import these; keep the names stable: ``ranges(spec)``,
``scenarios()`` (plus the helpers ``custom_benefits()`` and ``correlations()``).
Values span each input's whole hard range (not only its slider range), so
round-trip tests see awkward floats such as 1e-300 or 123456.789.
"""

from __future__ import annotations

from hypothesis import strategies as st

from roi_core.assumptions import DRIVERS, FIELD_BOUNDS, INPUTS, InputSpec
from roi_core.distributions import Range, Shape
from roi_core.scenario import (
    MAX_DRAWS,
    MAX_HORIZON_YEARS,
    MAX_NAME_LENGTH,
    MIN_DRAWS,
    Correlation,
    CustomBenefit,
    LeaverCost,
    Scenario,
)
from roi_core.text import clean_text

__all__ = ["ranges", "scenarios", "custom_benefits", "correlations", "point_inputs", "model_options", "SIMULATED_KEYS"]

#: Inputs the simulation draws (the ones a correlation may name).
SIMULATED_KEYS: tuple[str, ...] = tuple(k for k, s in INPUTS.items() if not s.point_only)

# Inputs with an infinite hard maximum get a large but finite one.
_BIG = 1e12


def _floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(min_value=lo, max_value=min(hi, _BIG), allow_nan=False, allow_infinity=False)


def _sorted3(values: st.SearchStrategy[float]) -> st.SearchStrategy[tuple[float, float, float]]:
    return st.lists(values, min_size=3, max_size=3).map(lambda xs: tuple(sorted(xs)))  # type: ignore[arg-type]


def _range_from(lo: float, hi: float, integer: bool = False) -> st.SearchStrategy[Range]:
    values = st.integers(int(lo), int(min(hi, _BIG))).map(float) if integer else _floats(lo, hi)

    @st.composite
    def build(draw: st.DrawFn) -> Range:
        if draw(st.integers(0, 4)) == 0:
            return Range.fixed(draw(values))
        low, likely, high = draw(_sorted3(values))
        shapes = [s for s in Shape if s is not Shape.LOGNORMAL or low > 0]
        return Range(low, likely, high, draw(st.sampled_from(shapes)))

    return build()


def ranges(spec: InputSpec) -> st.SearchStrategy[Range]:
    """Valid ranges for the input ``spec`` (within its hard bounds; whole numbers; fixed if point-only)."""
    r = _range_from(spec.hard_min, spec.hard_max, integer=spec.integer)
    if spec.point_only:
        return r.map(lambda x: Range.fixed(x.likely))
    return r


def custom_benefits() -> st.SearchStrategy[CustomBenefit]:
    # A name must hold something once control characters became spaces (roi_core.text.clean_text).
    names = st.text(min_size=1, max_size=MAX_NAME_LENGTH).filter(lambda s: bool(clean_text("name", s).strip()))
    return st.builds(
        CustomBenefit,
        name=names,
        value_eur=_range_from(FIELD_BOUNDS["custom_value_eur"].min, FIELD_BOUNDS["custom_value_eur"].max),
        attribution_pct=_range_from(0.0, 100.0),
        confidence_pct=_floats(0.0, 100.0),
        decays=st.booleans(),
    )


@st.composite
def correlations(draw: st.DrawFn, max_size: int = 3) -> tuple[Correlation, ...]:
    """Correlations between distinct pairs of simulated inputs."""
    pairs = draw(
        st.lists(
            st.lists(st.sampled_from(SIMULATED_KEYS), min_size=2, max_size=2, unique=True).map(frozenset),
            max_size=max_size,
            unique=True,
        )
    )
    return tuple(Correlation(*sorted(p), draw(_floats(-1.0, 1.0))) for p in pairs)


@st.composite
def scenarios(draw: st.DrawFn, max_changed: int | None = None) -> Scenario:
    """Valid scenarios: some inputs changed from their defaults, every other field varied."""
    keys = draw(st.lists(st.sampled_from(tuple(INPUTS)), unique=True, max_size=max_changed or len(INPUTS)))
    values = {k: draw(ranges(INPUTS[k])) for k in keys}
    return Scenario(
        values=values,
        enabled=tuple(draw(st.lists(st.sampled_from(DRIVERS), unique=True))),
        custom=tuple(draw(st.lists(custom_benefits(), max_size=3))),
        horizon_years=draw(st.integers(1, MAX_HORIZON_YEARS)),
        conservative_years=draw(st.integers(1, MAX_HORIZON_YEARS)),
        continuous=draw(st.booleans()),
        draws=draw(st.integers(MIN_DRAWS, MAX_DRAWS)),
        seed=draw(st.integers(0, 2**63 - 1)),
        hurdle_pct=draw(_floats(FIELD_BOUNDS["hurdle_pct"].min, FIELD_BOUNDS["hurdle_pct"].max)),
        correlations=draw(correlations()),
        name=draw(st.text(max_size=MAX_NAME_LENGTH)),
        notes=draw(st.text(max_size=300)),
        lasting=draw(st.booleans()),
        leaver_cost=draw(st.sampled_from(LeaverCost)),
    )


@st.composite
def point_inputs(draw: st.DrawFn) -> dict[str, float]:
    """One value for every model input, within its slider span (whole numbers where the input is whole).

    Plausible rather than extreme values: the monotonicity properties compare two model runs and need finite,
    non-negative benefits, not the float edge cases that ``ranges`` explores.
    """
    out = {}
    for key, s in INPUTS.items():
        if s.integer:
            out[key] = float(draw(st.integers(int(max(s.slider_min, 1)), int(s.slider_max))))
        else:
            out[key] = draw(st.floats(s.slider_min, s.slider_max, allow_nan=False))
    return out


@st.composite
def model_options(draw: st.DrawFn) -> dict[str, object]:
    """Keyword arguments of ``cash_flows`` besides the inputs: horizon and switches."""
    return {
        "horizon_years": draw(st.integers(1, MAX_HORIZON_YEARS)),
        "continuous": draw(st.booleans()),
        "lasting": draw(st.booleans()),
        "leaver_cost_amount": draw(st.booleans()),
    }
