"""The KPI plan: which business results the programme should move, set before it starts.

Each :class:`Kpi` names a business result (:class:`Outcome`), its unit, the
value today (``baseline``) and the value aimed for (``target``), where the
number comes from and who owns it, when it is measured, and the model input it
feeds. The target becomes a value of that input by a fixed conversion
(:data:`FEEDS`), for example errors from 120 to 90 a month is an error
reduction of 25 %:

>>> k = Kpi("Errors a month", Outcome.ERRORS, "count/month", 120.0, 90.0, "error_reduction_pct")
>>> k.input_value()
25.0

:func:`plan_to_scenario` turns a :class:`KpiPlan` into the scenario "what if
we hit these targets?" and lists, per KPI, the gap between the target and
today's assumption. A KPI that breaks a rule raises :class:`KpiError`, whose
``code`` and ``details`` let the app say what is wrong in the user's language
(the English message is for the command line and logs).

The targets are the change in the KPI itself; the driver's attribution share
(the part due to the training) still applies in the model, exactly as for a
typed assumption.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

from roi_core.assumptions import INPUTS
from roi_core.distributions import Range
from roi_core.notices import Notice, notice
from roi_core.scenario import Scenario

__all__ = [
    "Outcome",
    "KPI_UNITS",
    "Feed",
    "FEEDS",
    "DEFAULT_FEED",
    "DEFAULT_UNIT",
    "DEFAULT_MOMENTS",
    "MAX_KPIS",
    "KpiError",
    "Kpi",
    "KpiPlan",
    "Gap",
    "PlanScenario",
    "plan_to_scenario",
    "plan_to_dict",
    "plan_from_dict",
    "plan_schema",
    "encode_plan",
    "decode_plan",
    "convert",
    "kpi_value",
    "kpi_rows",
    "parse_moments",
]


class Outcome(StrEnum):
    """The business result a KPI should move."""

    PRODUCTIVITY = "productivity"
    ERRORS = "errors"
    AUTONOMY = "autonomy"  # time until a new or retrained employee works on their own
    RETENTION = "retention"
    ABSENCE = "absence"
    SATISFACTION = "satisfaction"  # customer satisfaction / NPS
    OTHER = "other"


#: Units a KPI may be measured in (the app's catalogue names them in each language).
KPI_UNITS: tuple[str, ...] = (
    "count/month",
    "count/year",
    "%",
    "points",
    "score",
    "hours",
    "weeks",
    "months",
    "EUR/month",
    "EUR/year",
    "output/hour",
)

Kind = Literal["relative_increase", "relative_decrease", "absolute_increase", "absolute_decrease", "level"]


@dataclass(frozen=True)
class Feed:
    """How a KPI's baseline and target become a value of a model input.

    ``kind``:

    * ``relative_increase``: ``(target - baseline) / baseline x 100`` (per cent more),
    * ``relative_decrease``: ``(baseline - target) / baseline x 100`` (per cent less),
    * ``absolute_increase``: ``(target - baseline) x factor``,
    * ``absolute_decrease``: ``(baseline - target) x factor``,
    * ``level``: ``target`` itself (the KPI is the input).

    ``units`` are the KPI units it accepts (empty: any unit, for the relative
    kinds, whose result has no unit). ``factor`` converts the KPI unit to the
    input's unit (months to weeks: 52 / 12).
    """

    kind: Kind
    units: tuple[str, ...] = ()
    factors: tuple[tuple[str, float], ...] = ()

    def factor(self, unit: str) -> float:
        return dict(self.factors).get(unit, 1.0)


_WEEKS = (("weeks", 1.0), ("months", 52.0 / 12.0))

#: The model inputs a KPI can feed, and how.
FEEDS: Mapping[str, Feed] = {
    "productivity_gain_pct": Feed("relative_increase"),
    "error_reduction_pct": Feed("relative_decrease"),
    "contractor_reduction_pct": Feed("relative_decrease"),
    "weeks_saved": Feed("absolute_decrease", ("weeks", "months"), _WEEKS),
    "turnover_reduction_pp": Feed("absolute_decrease", ("%",)),
    "absence_reduction_pp": Feed("absolute_decrease", ("%",)),
    "nps_increase": Feed("absolute_increase", ("points",)),
    "completion_rate": Feed("level", ("%",)),
    "learning_hours": Feed("level", ("hours",)),
}

#: The input each kind of result feeds unless the plan says otherwise (``None``: tracked only).
DEFAULT_FEED: Mapping[Outcome, str | None] = {
    Outcome.PRODUCTIVITY: "productivity_gain_pct",
    Outcome.ERRORS: "error_reduction_pct",
    Outcome.AUTONOMY: "weeks_saved",
    Outcome.RETENTION: "turnover_reduction_pp",
    Outcome.ABSENCE: "absence_reduction_pp",
    Outcome.SATISFACTION: "nps_increase",
    Outcome.OTHER: None,
}

#: The unit a new KPI of each kind starts with.
DEFAULT_UNIT: Mapping[Outcome, str] = {
    Outcome.PRODUCTIVITY: "output/hour",
    Outcome.ERRORS: "count/month",
    Outcome.AUTONOMY: "weeks",
    Outcome.RETENTION: "%",
    Outcome.ABSENCE: "%",
    Outcome.SATISFACTION: "points",
    Outcome.OTHER: "score",
}

#: Measurement moments in months after the start (0 = before the programme).
DEFAULT_MOMENTS: tuple[int, ...] = (0, 3, 6, 12)
MAX_KPIS = 20
MAX_TEXT = 200
MAX_MOMENT = 120


class KpiError(ValueError):
    """A KPI or plan breaks a rule. ``code`` names the rule, ``details`` its values, ``row`` the KPI (0-based)."""

    def __init__(self, code: str, message: str, row: int | None = None, **details: Any) -> None:
        super().__init__(message if row is None else f"KPI {row + 1}: {message}")
        self.code = code
        self.row = row
        self.details = details


def _number(name: str, x: object) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
        raise KpiError("not_a_number", f"{name} must be a finite number, got {x!r}", field=name)
    return float(x)


@dataclass(frozen=True)
class Kpi:
    """One KPI of the plan.

    Parameters
    ----------
    name : what is measured, in the organisation's words (may be empty; free text).
    outcome : the business result it should move.
    unit : one of :data:`KPI_UNITS`.
    baseline, target : the value today and the value aimed for, in ``unit``.
    input : the model input it feeds (a key of :data:`FEEDS`), or ``None`` to track it only.
    source, owner : where the number comes from and who answers for it (free text).
    moments : months after the start at which it is measured (0 = before), increasing.

    Examples
    --------
    Absence from 5.5 % to 5.0 % is an absence reduction of 0.5 percentage point:

    >>> Kpi("Absence", Outcome.ABSENCE, "%", 5.5, 5.0, "absence_reduction_pp").input_value()
    0.5
    """

    name: str
    outcome: Outcome
    unit: str
    baseline: float
    target: float
    input: str | None = None
    source: str = ""
    owner: str = ""
    moments: tuple[int, ...] = DEFAULT_MOMENTS

    def __post_init__(self) -> None:
        for name in ("name", "source", "owner"):
            text = " ".join(str(getattr(self, name) or "").split())
            object.__setattr__(self, name, text[:MAX_TEXT])
        try:
            object.__setattr__(self, "outcome", Outcome(self.outcome))
        except ValueError:
            raise KpiError("unknown_outcome", f"unknown business result {self.outcome!r}", value=self.outcome) from None
        if self.unit not in KPI_UNITS:
            raise KpiError("unknown_unit", f"unknown unit {self.unit!r}", value=self.unit)
        object.__setattr__(self, "baseline", _number("baseline", self.baseline))
        object.__setattr__(self, "target", _number("target", self.target))
        if self.input is not None and self.input not in FEEDS:
            raise KpiError("unknown_input", f"input {self.input!r} cannot be fed by a KPI", value=self.input)
        moments = tuple(self.moments)
        if not all(isinstance(m, int) and not isinstance(m, bool) and 0 <= m <= MAX_MOMENT for m in moments) or list(
            moments
        ) != sorted(set(moments)):
            raise KpiError(
                "bad_moments", f"moments must be increasing whole months within 0..{MAX_MOMENT}", value=moments
            )
        object.__setattr__(self, "moments", moments)
        if self.target == self.baseline:
            raise KpiError("no_change", "target equals baseline: the KPI would not move", value=self.target)
        if self.input is not None:
            feed = FEEDS[self.input]
            if feed.units and self.unit not in feed.units:
                raise KpiError(
                    "unit_mismatch",
                    f"{self.input} needs a KPI in {' or '.join(feed.units)}, not {self.unit}",
                    input=self.input,
                    unit=self.unit,
                    allowed=feed.units,
                )
            if feed.kind.startswith("relative") and self.baseline <= 0:
                raise KpiError(
                    "baseline_not_positive", "a relative change needs a baseline above 0", value=self.baseline
                )
            value = self.input_value()
            s = INPUTS[self.input]
            if not s.hard_min <= value <= s.hard_max:
                wrong_way = value < s.hard_min and feed.kind != "level"
                raise KpiError(
                    "wrong_direction" if wrong_way else "out_of_bounds",
                    f"target gives {self.input} = {value:g}, outside {s.hard_min:g}..{s.hard_max:g}"
                    + (" (the target moves the KPI the wrong way)" if wrong_way else ""),
                    input=self.input,
                    value=value,
                    low=s.hard_min,
                    high=s.hard_max,
                )

    def input_value(self, measured: float | None = None) -> float:
        """The input value that ``measured`` (default: the target) stands for; ``nan`` when the KPI feeds nothing.

        >>> Kpi("Time to autonomy", Outcome.AUTONOMY, "months", 6.0, 5.0, "weeks_saved").input_value()  # 1 month
        4.333333333333333
        """
        if self.input is None:
            return math.nan
        x = self.target if measured is None else float(measured)
        return convert(FEEDS[self.input], self.unit, self.baseline, x)


def kpi_value(k: Kpi, x: float) -> float:
    """The KPI value that stands for input value ``x`` (the inverse of :meth:`Kpi.input_value`); ``nan`` unfed.

    >>> k = Kpi("Absence", Outcome.ABSENCE, "%", 5.5, 5.0, "absence_reduction_pp")
    >>> kpi_value(k, 0.5), k.input_value(kpi_value(k, 0.25))
    (5.0, 0.25)
    """
    if k.input is None:
        return math.nan
    feed = FEEDS[k.input]
    f = feed.factor(k.unit)
    b = k.baseline
    match feed.kind:
        case "relative_increase":
            return b * (1.0 + x / 100.0)
        case "relative_decrease":
            return b * (1.0 - x / 100.0)
        case "absolute_increase":
            return b + x / f
        case "absolute_decrease":
            return b - x / f
        case "level":
            return x / f
    raise AssertionError(feed.kind)  # pragma: no cover


def convert(feed: Feed, unit: str, baseline: float, value: float) -> float:
    """A KPI value as a value of the input ``feed`` describes (see :class:`Feed`).

    >>> convert(FEEDS["productivity_gain_pct"], "output/hour", 20.0, 21.0)
    5.0
    """
    f = feed.factor(unit)
    match feed.kind:
        case "relative_increase":
            return (value - baseline) / baseline * 100.0
        case "relative_decrease":
            return (baseline - value) / baseline * 100.0
        case "absolute_increase":
            return (value - baseline) * f
        case "absolute_decrease":
            return (baseline - value) * f
        case "level":
            return value * f
    raise AssertionError(feed.kind)  # pragma: no cover


@dataclass(frozen=True)
class KpiPlan:
    """The KPIs of a programme, in the order they were set. Two KPIs may not feed the same input."""

    kpis: tuple[Kpi, ...] = ()

    def __post_init__(self) -> None:
        kpis = tuple(self.kpis)
        if len(kpis) > MAX_KPIS:
            raise KpiError("too_many", f"a plan holds at most {MAX_KPIS} KPIs", value=len(kpis))
        seen: dict[str, int] = {}
        for i, k in enumerate(kpis):
            if not isinstance(k, Kpi):
                raise TypeError("kpis: expected Kpi items")
            if k.input is not None:
                if k.input in seen:
                    raise KpiError(
                        "input_twice",
                        f"KPIs {seen[k.input] + 1} and {i + 1} both feed {k.input}",
                        row=i,
                        input=k.input,
                        other=seen[k.input] + 1,
                    )
                seen[k.input] = i
        object.__setattr__(self, "kpis", kpis)

    def __len__(self) -> int:
        return len(self.kpis)


@dataclass(frozen=True)
class Gap:
    """One KPI's target against today's assumption about the input it feeds (input units).

    ``target_value`` is what hitting the target means for the input; ``low``,
    ``likely`` and ``high`` today's range of it; ``gap`` = ``target_value - likely``;
    ``within`` whether the target lies inside today's range.
    """

    kpi: int
    input: str | None
    target_value: float
    low: float
    likely: float
    high: float
    gap: float
    within: bool


@dataclass(frozen=True)
class PlanScenario:
    """The scenario "the targets are hit", the gaps, and the drivers that had to be switched on."""

    scenario: Scenario
    gaps: tuple[Gap, ...]
    switched_on: tuple[str, ...] = field(default=())


def plan_to_scenario(plan: KpiPlan, scenario: Scenario) -> PlanScenario:
    """The scenario in which every KPI hits its target, and the gap per KPI.

    Each input a KPI feeds becomes a fixed value (the target, converted); its
    driver is switched on when it was off. Everything else stays as it is.

    Examples
    --------
    >>> plan = KpiPlan((Kpi("Errors", Outcome.ERRORS, "count/month", 120.0, 90.0, "error_reduction_pct"),))
    >>> r = plan_to_scenario(plan, Scenario())
    >>> r.scenario["error_reduction_pct"].likely, r.gaps[0].gap, r.gaps[0].within
    (25.0, 5.0, True)
    """
    values: dict[str, Range] = {}
    gaps = []
    drivers = set(scenario.enabled)
    switched: list[str] = []
    for i, k in enumerate(plan.kpis):
        if k.input is None:
            gaps.append(Gap(i, None, math.nan, math.nan, math.nan, math.nan, math.nan, False))
            continue
        r = scenario[k.input]
        v = k.input_value()
        values[k.input] = Range.fixed(v)
        gaps.append(Gap(i, k.input, v, r.low, r.likely, r.high, v - r.likely, r.low <= v <= r.high))
        d = INPUTS[k.input].driver
        if d is not None and d not in drivers:
            drivers.add(d)
            switched.append(d.value)
    out = replace(scenario.with_values(**values), enabled=tuple(drivers))
    return PlanScenario(out, tuple(gaps), tuple(switched))


# --- file form ---------------------------------------------------------------------------------------------

_FIELDS = ("name", "outcome", "unit", "baseline", "target", "input", "source", "owner", "moments")


def plan_to_dict(plan: KpiPlan) -> dict[str, Any]:
    """The plan as a JSON-ready dict: ``{"kpis": [{name, outcome, unit, baseline, target, input, ...}]}``."""
    return {
        "kpis": [
            {
                "name": k.name,
                "outcome": k.outcome.value,
                "unit": k.unit,
                "baseline": k.baseline,
                "target": k.target,
                "input": k.input,
                "source": k.source,
                "owner": k.owner,
                "moments": list(k.moments),
            }
            for k in plan.kpis
        ]
    }


def plan_from_dict(data: object) -> KpiPlan:
    """Read :func:`plan_to_dict`'s form back; :class:`KpiError` names the KPI and the rule on any problem."""
    if not isinstance(data, Mapping) or not isinstance(data.get("kpis", []), list):
        raise KpiError("not_a_plan", "kpi_plan must be an object with a list 'kpis'")
    kpis = []
    for i, d in enumerate(data.get("kpis", [])):
        if not isinstance(d, Mapping):
            raise KpiError("not_a_plan", "each KPI must be an object", row=i)
        missing = [f for f in ("outcome", "unit", "baseline", "target") if f not in d]
        if missing:
            raise KpiError("missing_field", f"missing {', '.join(missing)}", row=i, field=missing[0])
        extra = sorted(set(d) - set(_FIELDS))
        if extra:
            raise KpiError("unknown_field", f"unknown field {extra[0]!r}", row=i, field=extra[0])
        try:
            moments = d.get("moments", list(DEFAULT_MOMENTS))
            kpis.append(
                Kpi(
                    name=str(d.get("name", "")),
                    outcome=d["outcome"],
                    unit=d["unit"],
                    baseline=d["baseline"],
                    target=d["target"],
                    input=d.get("input"),
                    source=str(d.get("source", "") or ""),
                    owner=str(d.get("owner", "") or ""),
                    moments=tuple(moments) if isinstance(moments, list) else moments,
                )
            )
        except KpiError as exc:
            raise KpiError(exc.code, str(exc), row=i, **exc.details) from None
    return KpiPlan(tuple(kpis))


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of a plan (part of the scenario and programme schemas)."""
    return {
        "type": "object",
        "description": "The KPI plan: business results the programme should move, set before it starts.",
        "required": ["kpis"],
        "additionalProperties": False,
        "properties": {
            "kpis": {
                "type": "array",
                "maxItems": MAX_KPIS,
                "items": {
                    "type": "object",
                    "required": ["outcome", "unit", "baseline", "target"],
                    "additionalProperties": False,
                    "properties": {
                        "name": {"type": "string", "maxLength": MAX_TEXT},
                        "outcome": {"enum": [o.value for o in Outcome]},
                        "unit": {"enum": list(KPI_UNITS)},
                        "baseline": {"type": "number"},
                        "target": {"type": "number", "description": "Must differ from baseline."},
                        "input": {
                            "enum": [*FEEDS, None],
                            "description": "The model input the target converts to; null: tracked only.",
                        },
                        "source": {"type": "string", "maxLength": MAX_TEXT},
                        "owner": {"type": "string", "maxLength": MAX_TEXT},
                        "moments": {
                            "type": "array",
                            "items": {"type": "integer", "minimum": 0, "maximum": MAX_MOMENT},
                            "description": "Months after the start at which the KPI is measured (0 = before).",
                        },
                    },
                },
            }
        },
    }


# --- link form (no free text: name, source and owner stay out to keep the link short) -----------------------

_OUTCOME_CODE = {o: o.value[0] for o in Outcome if o is not Outcome.AUTONOMY} | {Outcome.AUTONOMY: "t"}
_CODE_OUTCOME = {v: k for k, v in _OUTCOME_CODE.items()}
_UNIT_CODE = {u: str(i) for i, u in enumerate(KPI_UNITS)}
_CODE_UNIT = {v: k for k, v in _UNIT_CODE.items()}
_SHORT = {k: INPUTS[k].short for k in FEEDS}
_FROM_SHORT = {v: k for k, v in _SHORT.items()}
PLAN_PREFIX = "k1."


def _plan_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


def encode_plan(plan: KpiPlan) -> str:
    """The plan's numbers in URL-safe text; ``""`` for an empty plan. Names, sources and owners are left out.

    One field per KPI, joined by ``~``: outcome code, unit code, input short key
    (``-`` when tracked only), baseline, target, moments joined by ``.``.

    >>> encode_plan(KpiPlan((Kpi("Errors", Outcome.ERRORS, "count/month", 120.0, 90.0, "error_reduction_pct"),)))
    'k1.e_0_er_120_90_0.3.6.12'
    """
    if not plan.kpis:
        return ""
    parts = [
        "_".join(
            (
                _OUTCOME_CODE[k.outcome],
                _UNIT_CODE[k.unit],
                _SHORT[k.input] if k.input else "-",
                _plan_number(k.baseline),
                _plan_number(k.target),
                ".".join(str(m) for m in k.moments),
            )
        )
        for k in plan.kpis
    ]
    return PLAN_PREFIX + "~".join(parts)


def decode_plan(text: object) -> tuple[KpiPlan, tuple[Notice, ...]]:
    """Read :func:`encode_plan`'s text (``""``: no plan); never raises.

    KPIs that cannot be read are dropped and named in the notices (field ``k``, the link parameter).

    >>> plan, notices = decode_plan("k1.e_0_er_120_90_0.3~zz")
    >>> len(plan.kpis), [(n.kind, n.field, n.detail) for n in notices]
    (1, [('kpi_dropped', 'k', {'index': 2})])
    """
    warnings: list[Notice] = []
    if text == "":
        return KpiPlan(), ()
    if not isinstance(text, str) or not text.startswith(PLAN_PREFIX) or len(text) > 4000:
        return KpiPlan(), (notice("plan_unreadable", "k"),)
    kpis: list[Kpi] = []
    for i, field_text in enumerate(text[len(PLAN_PREFIX) :].split("~")[:MAX_KPIS]):
        p = field_text.split("_")
        try:
            if len(p) != 6:
                raise ValueError("wrong number of parts")
            moments = tuple(int(m) for m in p[5].split(".")) if p[5] else ()
            k = Kpi(
                name="",
                outcome=_CODE_OUTCOME[p[0]],
                unit=_CODE_UNIT[p[1]],
                baseline=float(p[3]),
                target=float(p[4]),
                input=None if p[2] == "-" else _FROM_SHORT[p[2]],
                moments=moments,
            )
            KpiPlan((*kpis, k))  # the plan's own rules (one KPI per input)
            kpis.append(k)
        except (KeyError, ValueError, OverflowError):
            warnings.append(notice("kpi_dropped", "k", index=i + 1))
    return KpiPlan(tuple(kpis)), tuple(warnings)


def kpi_rows(plan: KpiPlan) -> list[dict[str, Any]]:
    """One plain dict per KPI (the fields of :func:`plan_to_dict`, moments as ``"0, 3, 6, 12"``): for tables."""
    return [d | {"moments": ", ".join(str(m) for m in d["moments"])} for d in plan_to_dict(plan)["kpis"]]


def parse_moments(text: object) -> tuple[int, ...]:
    """Moments typed as text (``"0, 3, 6, 12"``, ``"0;3;6"`` or ``"0 3 6"``), sorted; :class:`KpiError` if unreadable.

    >>> parse_moments("12; 0, 3 6")
    (0, 3, 6, 12)
    """
    raw = str(text or "").replace(";", " ").replace(",", " ").split()
    try:
        numbers = [float(x) for x in raw]
        if not all(math.isfinite(x) and x.is_integer() and 0 <= x <= MAX_MOMENT for x in numbers):
            raise ValueError
    except ValueError:
        raise KpiError(
            "bad_moments", f"moments must be whole months within 0..{MAX_MOMENT}, got {str(text)[:40]!r}", value=text
        ) from None
    return tuple(sorted({int(x) for x in numbers}))
