"""A scenario: every input's range plus horizon, switches, draws and seed.

Scenarios are frozen dataclasses so that ``st.cache_data`` can hash them and
two equal scenarios always give the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from roi_core.assumptions import (
    CUSTOM_VALUE_BOUNDS,
    DRIVERS,
    HURDLE_BOUNDS,
    INPUT_KEYS,
    INPUTS,
    SHARE_BOUNDS,
    Driver,
    spec,
)
from roi_core.distributions import Range
from roi_core.text import clean_text, echo

__all__ = [
    "CustomBenefit",
    "Correlation",
    "Scenario",
    "MAX_HORIZON_YEARS",
    "MIN_DRAWS",
    "MAX_DRAWS",
    "DEFAULT_DRAWS",
    "MAX_CUSTOM_BENEFITS",
]

MAX_HORIZON_YEARS = 5
MIN_DRAWS = 100
MAX_DRAWS = 200_000
DEFAULT_DRAWS = 10_000
MAX_CUSTOM_BENEFITS = 20
MAX_NAME_LENGTH = 80
MAX_NOTES_LENGTH = 5000


@dataclass(frozen=True)
class CustomBenefit:
    """A benefit line that no fixed driver foresees.

    ``value_eur`` is the yearly value in euro at full effect; ``attribution_pct``
    the share due to the training (per cent); ``confidence_pct`` the estimator's
    confidence (per cent, conservative view only). ``decays`` says whether the
    value follows the skill ramp-up and decay curve (True) or is a flat yearly
    amount (False).
    """

    name: str
    value_eur: Range
    attribution_pct: Range = field(default_factory=lambda: Range(30.0, 50.0, 70.0))
    confidence_pct: float = 70.0
    decays: bool = True

    def __post_init__(self) -> None:
        name = clean_text("custom benefit: name", self.name).strip()
        if not name:
            raise ValueError("custom benefit: name must not be empty")
        if len(name) > MAX_NAME_LENGTH:
            raise ValueError(f"custom benefit: name longer than {MAX_NAME_LENGTH} characters")
        object.__setattr__(self, "name", name)
        if not isinstance(self.value_eur, Range):
            raise TypeError(f"custom benefit {echo(name)!r}: value_eur must be a Range")
        if not isinstance(self.attribution_pct, Range):
            raise TypeError(f"custom benefit {echo(name)!r}: attribution_pct must be a Range")
        v, lo, hi = self.value_eur, CUSTOM_VALUE_BOUNDS.low, CUSTOM_VALUE_BOUNDS.high
        if not (CUSTOM_VALUE_BOUNDS.contains(v.low) and CUSTOM_VALUE_BOUNDS.contains(v.high)):
            raise ValueError(f"custom benefit {echo(name)!r}: value_eur must lie within {lo:g}..{hi:g}")
        a, lo, hi = self.attribution_pct, SHARE_BOUNDS.low, SHARE_BOUNDS.high
        if not (SHARE_BOUNDS.contains(a.low) and SHARE_BOUNDS.contains(a.high)):
            raise ValueError(f"custom benefit {echo(name)!r}: attribution_pct must lie within {lo:g}..{hi:g}")
        c = self.confidence_pct
        if isinstance(c, bool) or not isinstance(c, int | float) or not SHARE_BOUNDS.contains(c):
            raise ValueError(f"custom benefit {echo(name)!r}: confidence_pct must be a number within {lo:g}..{hi:g}")
        object.__setattr__(self, "confidence_pct", float(c))
        object.__setattr__(self, "decays", bool(self.decays))


@dataclass(frozen=True)
class Correlation:
    """Two inputs that move together, with a rank correlation in [-1, 1]."""

    a: str
    b: str
    rho: float

    def __post_init__(self) -> None:
        for name in (self.a, self.b):
            if name not in INPUTS:
                raise ValueError(f"correlation: unknown input {name!r}")
            if INPUTS[name].point_only:
                raise ValueError(f"correlation: {name!r} is a point value and is not simulated")
        if self.a == self.b:
            raise ValueError(f"correlation: an input cannot be correlated with itself ({self.a!r})")
        r = self.rho
        if isinstance(r, bool) or not isinstance(r, int | float) or not math.isfinite(r) or not -1 <= r <= 1:
            raise ValueError(f"correlation {self.a}~{self.b}: rho must be a number within -1..1")
        object.__setattr__(self, "rho", float(r))


def _as_pairs(values: Mapping[str, Range] | Iterable[tuple[str, Range]]) -> tuple[tuple[str, Range], ...]:
    given = dict(values.items() if isinstance(values, Mapping) else values)
    unknown = sorted(set(given) - set(INPUT_KEYS))
    if unknown:
        raise ValueError(f"unknown input(s): {', '.join(unknown)}")
    pairs = []
    for key in INPUT_KEYS:
        r = given.get(key, INPUTS[key].default)
        if not isinstance(r, Range):
            raise TypeError(f"{key}: expected a Range, got {type(r).__name__}")
        s = INPUTS[key]
        if r.low < s.hard_min or r.high > s.hard_max:
            raise ValueError(
                f"{key}: range {r.low:g}..{r.high:g} is outside the allowed {s.hard_min:g}..{s.hard_max:g}"
            )
        if s.point_only and not r.is_fixed:
            r = Range.fixed(r.likely)
        if s.integer and not float(r.likely).is_integer():
            raise ValueError(f"{key}: must be a whole number, got {r.likely:g}")
        pairs.append((key, r))
    return tuple(pairs)


@dataclass(frozen=True)
class Scenario:
    """Everything needed to compute a result, and nothing that depends on the UI.

    Parameters
    ----------
    values : mapping of input key to :class:`Range`
        Missing keys take the registry default. Stored as a tuple of pairs in
        registry order (hashable).
    enabled : drivers that count; others contribute nothing.
    custom : extra benefit lines.
    horizon_years : 1..5 years of benefits (and recurring costs).
    conservative_years : years of benefits that the conservative (Phillips)
        point estimate counts: 1 (first-year benefits only) unless the user
        extends it; capped at ``horizon_years`` (see :attr:`conservative_horizon`).
    continuous : True when refreshers every year keep the effect up (recurring
        costs count from year 2 and the decay restarts each year).
    draws, seed : Monte Carlo size and seed (same seed, same numbers).
    hurdle_pct : ROI (per cent) the programme should beat.
    correlations : pairs of inputs that move together.
    """

    values: tuple[tuple[str, Range], ...] = ()
    enabled: tuple[Driver, ...] = (
        Driver.PRODUCTIVITY,
        Driver.QUALITY,
        Driver.ONBOARDING,
        Driver.TURNOVER,
        Driver.ABSENCE,
    )
    custom: tuple[CustomBenefit, ...] = ()
    horizon_years: int = 3
    conservative_years: int = 1
    continuous: bool = False
    draws: int = DEFAULT_DRAWS
    seed: int = 20261127
    hurdle_pct: float = 0.0
    correlations: tuple[Correlation, ...] = ()
    name: str = "Default"
    notes: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _as_pairs(self.values))
        try:
            enabled = {Driver(d) for d in self.enabled}
        except ValueError as exc:
            raise ValueError(f"enabled: {exc}") from None
        object.__setattr__(self, "enabled", tuple(d for d in DRIVERS if d in enabled))
        custom = tuple(self.custom)
        if len(custom) > MAX_CUSTOM_BENEFITS:
            raise ValueError(f"custom: at most {MAX_CUSTOM_BENEFITS} custom benefit lines")
        if not all(isinstance(c, CustomBenefit) for c in custom):
            raise TypeError("custom: expected CustomBenefit items")
        object.__setattr__(self, "custom", custom)
        _check_int("horizon_years", self.horizon_years, 1, MAX_HORIZON_YEARS)
        _check_int("conservative_years", self.conservative_years, 1, MAX_HORIZON_YEARS)
        _check_int("draws", self.draws, MIN_DRAWS, MAX_DRAWS)
        _check_int("seed", self.seed, 0, 2**63 - 1)
        h = self.hurdle_pct
        if isinstance(h, bool) or not isinstance(h, int | float) or not math.isfinite(h):
            raise ValueError("hurdle_pct must be a finite number")
        if not HURDLE_BOUNDS.contains(h):
            raise ValueError(
                f"hurdle_pct must lie within {HURDLE_BOUNDS.low:g}..{HURDLE_BOUNDS.high:g}, got {echo(f'{h:g}')}"
            )
        object.__setattr__(self, "hurdle_pct", float(h))
        object.__setattr__(self, "continuous", bool(self.continuous))
        corr = tuple(self.correlations)
        seen: set[frozenset[str]] = set()
        for c in corr:
            if not isinstance(c, Correlation):
                raise TypeError("correlations: expected Correlation items")
            pair = frozenset((c.a, c.b))
            if pair in seen:
                raise ValueError(f"correlations: {c.a}~{c.b} is given twice")
            seen.add(pair)
        object.__setattr__(self, "correlations", corr)
        object.__setattr__(self, "name", clean_text("name", self.name)[:MAX_NAME_LENGTH])
        object.__setattr__(self, "notes", clean_text("notes", self.notes, lines=True)[:MAX_NOTES_LENGTH])

    @property
    def inputs(self) -> dict[str, Range]:
        """A fresh ``{key: Range}`` dict of all inputs."""
        return dict(self.values)

    def __getitem__(self, key: str) -> Range:
        spec(key)  # raises a KeyError naming the key
        return dict(self.values)[key]

    def likely(self, key: str) -> float:
        """Most likely value of ``key``."""
        return self[key].likely

    def with_values(self, **ranges: Range) -> Scenario:
        """A copy with some inputs replaced."""
        merged = self.inputs
        merged.update(ranges)
        return replace(self, values=tuple(merged.items()))

    def with_enabled(self, *drivers: Driver | str) -> Scenario:
        """A copy in which exactly ``drivers`` are switched on."""
        return replace(self, enabled=tuple(Driver(d) for d in drivers))

    @property
    def conservative_horizon(self) -> int:
        """Years the conservative point estimate counts: ``min(conservative_years, horizon_years)``."""
        return min(self.conservative_years, self.horizon_years)

    def is_enabled(self, driver: Driver | str) -> bool:
        return Driver(driver) in self.enabled


def _check_int(name: str, value: object, lo: int, hi: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must lie within {lo}..{hi}, got {echo(value)}")
