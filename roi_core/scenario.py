"""A scenario: every input's range plus horizon, switches, draws and seed.

Scenarios are frozen dataclasses so that ``st.cache_data`` can hash them and
two equal scenarios always give the same numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from roi_core.assumptions import (
    DRIVERS,
    FIELD_BOUNDS,
    INPUT_KEYS,
    INPUTS,
    Driver,
    InputSpec,
    custom_key,
    custom_spec,
    parse_custom_key,
)
from roi_core.distributions import Range
from roi_core.text import clean_text, echo

__all__ = [
    "LeaverCost",
    "CustomBenefit",
    "Correlation",
    "EvidenceSource",
    "EVIDENCE_METHODS",
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


class LeaverCost(StrEnum):
    """How the cost of replacing a leaver is given: two inputs, one meaning each; the scenario says which counts."""

    SALARY_SHARE = "salary_share"  # replacement_cost_pct, per cent of a yearly gross salary
    AMOUNT = "amount"  # leaver_cost_eur, euro per leaver


#: The input each way of giving the cost per leaver reads.
LEAVER_COST_INPUT: Mapping[LeaverCost, str] = {
    LeaverCost.SALARY_SHARE: "replacement_cost_pct",
    LeaverCost.AMOUNT: "leaver_cost_eur",
}


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
        v, b = self.value_eur, FIELD_BOUNDS["custom_value_eur"]
        if not (b.contains(v.low) and b.contains(v.high)):
            raise ValueError(f"custom benefit {echo(name)!r}: value_eur must lie within {b.min:g}..{b.max:g}")
        a, b = self.attribution_pct, FIELD_BOUNDS["custom_attribution_pct"]
        if not (b.contains(a.low) and b.contains(a.high)):
            raise ValueError(f"custom benefit {echo(name)!r}: attribution_pct must lie within {b.min:g}..{b.max:g}")
        c, b = self.confidence_pct, FIELD_BOUNDS["custom_confidence_pct"]
        if isinstance(c, bool) or not isinstance(c, int | float) or not b.contains(c):
            raise ValueError(
                f"custom benefit {echo(name)!r}: confidence_pct must be a number within {b.min:g}..{b.max:g}"
            )
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


#: How a measured range was found (``roi_core.evidence``): the three designs of a performance file, and a
#: learning-platform export.
EVIDENCE_METHODS: tuple[str, ...] = (
    "difference_in_differences",
    "ab_comparison",
    "paired_before_after",
    "learning_analytics",
)


@dataclass(frozen=True)
class EvidenceSource:
    """Where an input's range came from when it was measured: the method, sizes, interval and date, never rows.

    ``estimate``, ``ci_low`` and ``ci_high`` are the range as applied to
    ``input`` (its unit, e.g. per cent productivity gain; a 95 % interval).
    ``n`` counts people, ``clusters`` teams. ``date`` is ``YYYY-MM-DD``.
    For a driver's attribution set to 100 % because a control group already
    isolated the effect, the source is that of the effect.

    >>> e = EvidenceSource("productivity_gain_pct", "difference_in_differences", 257, 24, 5.9, 4.2, 7.7, "2026-11-30")
    >>> e.controlled, e.range.low
    (True, 4.2)
    """

    input: str
    method: str
    n: int
    clusters: int
    estimate: float
    ci_low: float
    ci_high: float
    date: str

    def __post_init__(self) -> None:
        if self.input not in INPUTS:
            raise ValueError(f"evidence: unknown input {self.input!r}")
        if self.method not in EVIDENCE_METHODS:
            raise ValueError(f"evidence {self.input}: method must be one of {', '.join(EVIDENCE_METHODS)}")
        for name in ("n", "clusters"):
            _check_int(f"evidence {self.input}: {name}", getattr(self, name), 0, 10**9)
        for name in ("estimate", "ci_low", "ci_high"):
            x = getattr(self, name)
            if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
                raise ValueError(f"evidence {self.input}: {name} must be a finite number")
            object.__setattr__(self, name, float(x))
        if not self.ci_low <= self.estimate <= self.ci_high:
            raise ValueError(f"evidence {self.input}: ci_low <= estimate <= ci_high must hold")
        if not isinstance(self.date, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.date):
            raise ValueError(f"evidence {self.input}: date must be YYYY-MM-DD")

    @property
    def controlled(self) -> bool:
        """True when a control group took part (isolation is in the estimate)."""
        return self.method in ("difference_in_differences", "ab_comparison")

    @property
    def range(self) -> Range:
        """The range this source gave its input (shape aside)."""
        return Range(self.ci_low, self.estimate, self.ci_high)


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
    lasting : True when the effect does not fade at all (no half-life; the
        half-life input is then not read).
    leaver_cost : how the cost per leaver is given: a share of salary
        (``replacement_cost_pct``, the default) or an amount (``leaver_cost_eur``).
    draws, seed : Monte Carlo size and seed (same seed, same numbers).
    hurdle_pct : ROI (per cent) the programme should beat.
    correlations : pairs of inputs that move together.
    evidence : where measured ranges came from (:class:`EvidenceSource`, one per input at most).
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
    lasting: bool = False
    leaver_cost: LeaverCost = LeaverCost.SALARY_SHARE
    draws: int = DEFAULT_DRAWS
    seed: int = 20261127
    hurdle_pct: float = 0.0
    correlations: tuple[Correlation, ...] = ()
    name: str = "Default"
    notes: str = ""
    evidence: tuple[EvidenceSource, ...] = ()

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
        hb = FIELD_BOUNDS["hurdle_pct"]
        if not hb.contains(h):
            raise ValueError(f"hurdle_pct must lie within {hb.min:g}..{hb.max:g}, got {echo(f'{h:g}')}")
        object.__setattr__(self, "hurdle_pct", float(h))
        object.__setattr__(self, "continuous", bool(self.continuous))
        object.__setattr__(self, "lasting", bool(self.lasting))
        try:
            object.__setattr__(self, "leaver_cost", LeaverCost(self.leaver_cost))
        except ValueError:
            allowed = ", ".join(x.value for x in LeaverCost)
            raise ValueError(f"leaver_cost must be one of {allowed}, got {self.leaver_cost!r}") from None
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
        evidence = tuple(self.evidence)
        if not all(isinstance(e, EvidenceSource) for e in evidence):
            raise TypeError("evidence: expected EvidenceSource items")
        if len({e.input for e in evidence}) != len(evidence):
            raise ValueError("evidence: an input has two sources")
        object.__setattr__(self, "evidence", tuple(sorted(evidence, key=lambda e: INPUT_KEYS.index(e.input))))

    @property
    def inputs(self) -> dict[str, Range]:
        """A fresh ``{key: Range}`` dict of all inputs."""
        return dict(self.values)

    def __getitem__(self, key: str) -> Range:
        """The range of input ``key`` (custom lines' ``custom:{i}:value`` / ``custom:{i}:attribution`` included).

        >>> Scenario()["participants"].likely
        50.0
        """
        custom = parse_custom_key(key)
        if custom is not None and custom[0] < len(self.custom):
            line = self.custom[custom[0]]
            return line.value_eur if custom[1] == "value" else line.attribution_pct
        if key not in INPUTS:
            raise KeyError(f"unknown input {key!r}")
        return dict(self.values)[key]

    def input(self, key: str) -> InputSpec:
        """The handle of input ``key``: label, unit, decimals, bounds, direction, driver and source.

        Every input key of this scenario has one (:attr:`input_keys`), custom lines included:
        their spec is built from the line (its name is the label; see :func:`roi_core.assumptions.custom_spec`).
        ``KeyError`` naming the key for any other key.

        >>> s = Scenario(custom=(CustomBenefit("Fewer complaints", Range(5000, 8000, 12000)),))
        >>> s.input("custom:0:value").label("en"), s.input("custom:0:attribution").unit
        ('Fewer complaints', '%')
        >>> s.input("discount_rate").decimals, s.input("discount_rate").source.cite("en")[:24]
        (2, 'Werkgroep Discontovoet (')
        """
        custom = parse_custom_key(key)
        if custom is not None and custom[0] < len(self.custom):
            i, part = custom
            return custom_spec(i, part, self.custom[i].name, self[key])
        if key not in INPUTS:
            raise KeyError(f"unknown input {key!r}")
        return INPUTS[key]

    def custom_keys(self, i: int) -> tuple[str, str]:
        """The input keys of custom line ``i``: its yearly value and its share due to the training.

        >>> Scenario(custom=(CustomBenefit("Fewer complaints", Range(5000, 8000, 12000)),)).custom_keys(0)
        ('custom:0:value', 'custom:0:attribution')
        """
        if not 0 <= i < len(self.custom):
            raise KeyError(f"no custom line {i} (the scenario has {len(self.custom)})")
        return custom_key(i, "value"), custom_key(i, "attribution")

    @property
    def input_keys(self) -> tuple[str, ...]:
        """Every input key of this scenario: the registry's in order, then each custom line's value and share.

        >>> Scenario(custom=(CustomBenefit("Fewer complaints", Range(5000, 8000, 12000)),)).input_keys[-2:]
        ('custom:0:value', 'custom:0:attribution')
        """
        return INPUT_KEYS + tuple(k for i in range(len(self.custom)) for k in self.custom_keys(i))

    @property
    def input_specs(self) -> tuple[InputSpec, ...]:
        """The handle of every input key, in the order of :attr:`input_keys`."""
        return tuple(self.input(k) for k in self.input_keys)

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

    def source_of(self, key: str) -> EvidenceSource | None:
        """The measurement behind ``key``'s range, if it was measured."""
        return next((e for e in self.evidence if e.input == key), None)

    def with_current_evidence(self) -> Scenario:
        """A copy that keeps only the sources whose input still has the measured range (moved away: dropped)."""
        kept = tuple(e for e in self.evidence if _same_span(self[e.input], e.range))
        return self if kept == self.evidence else replace(self, evidence=kept)

    @property
    def unused_inputs(self) -> frozenset[str]:
        """Inputs the model does not read under this scenario's choices.

        The half-life when the effect is lasting, and the way of giving the
        cost per leaver that is not chosen. (Inputs of switched-off drivers
        are not read either; that is the driver's switch.)

        >>> sorted(Scenario(lasting=True).unused_inputs)
        ['half_life_months', 'leaver_cost_eur']
        """
        unused = {v for k, v in LEAVER_COST_INPUT.items() if k is not self.leaver_cost}
        if self.lasting:
            unused.add("half_life_months")
        return frozenset(unused)

    def model_options(self) -> dict[str, bool]:
        """The scenario's switches as keyword arguments of :func:`roi_core.model.cash_flows`."""
        return {
            "continuous": self.continuous,
            "lasting": self.lasting,
            "leaver_cost_amount": self.leaver_cost is LeaverCost.AMOUNT,
        }


def _same_span(a: Range, b: Range) -> bool:
    return (a.low, a.likely, a.high) == (b.low, b.likely, b.high)


def _check_int(name: str, value: object, lo: int, hi: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must lie within {lo}..{hi}, got {echo(value)}")
