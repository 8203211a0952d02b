"""The measurement loop: a programme record kept by the organisation, and what each round of measurement teaches.

A :class:`Programme` holds the KPI plan, the scenario as decided and each
measurement round's **aggregated** results (per KPI: the measured value with
its 95 % interval, the number of people, the date and the method; never
rows). It is saved as a JSON file (:func:`to_json`, described by
``roi_core/programme.schema.json``, version 1) and read back months later
(:func:`from_json`), when rounds are added.

After each round the inputs that the measured KPIs feed are updated by a
precision-weighted combination (:func:`combine`):

* the range held so far is read as a normal distribution whose 5th and 95th
  percentiles are the range's: mean ``m0 = (P5 + P95) / 2``,
  ``sd0 = (P95 - P5) / (2 x 1.645)``;
* the measurement's 95 % interval ``[lo, hi]`` (converted to the input's
  unit) is read as a normal: mean the measured value, ``sd1 = (hi - lo) / (2 x 1.96)``;
* the new value is ``m = (m0 / sd0^2 + m1 / sd1^2) / (1 / sd0^2 + 1 / sd1^2)``,
  with ``sd = 1 / sqrt(1 / sd0^2 + 1 / sd1^2)``; the new range is normal with
  low / high ``m -+ 1.645 sd`` (a 90 % interval), cut at the input's limits.

A fixed value (``sd0 = 0``: a choice such as "the target is hit", not
knowledge) is replaced by the measurement. Rounds are applied in date order,
each to the result of the last; they are read as repeated measurements of the
same lasting effect (ramp-up and fading are the model's, not the update's).

:func:`recommend` turns the updated simulation into continue / adjust / stop
(:data:`CONTINUE_AT`, :data:`STOP_BELOW`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from roi_core.assumptions import INPUTS
from roi_core.decision import evpi
from roi_core.distributions import Range, Shape
from roi_core.kpi import KpiError, KpiPlan, kpi_value, plan_from_dict, plan_schema, plan_to_dict
from roi_core.scenario import Scenario
from roi_core.scenario_io import ScenarioError
from roi_core.scenario_io import from_dict as scenario_from_dict
from roi_core.scenario_io import to_dict as scenario_to_dict
from roi_core.simulate import deterministic, simulate

__all__ = [
    "round_from_effect",
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_FILE_BYTES",
    "MAX_ROUNDS",
    "SCHEMA_PATH",
    "CONTINUE_AT",
    "STOP_BELOW",
    "ProgrammeError",
    "Measurement",
    "Round",
    "Programme",
    "InputUpdate",
    "RoundOutcome",
    "normal_of_range",
    "combine",
    "updated_range",
    "apply_round",
    "outcomes",
    "recommend",
    "roi_to_date",
    "months_between",
    "to_dict",
    "to_json",
    "from_dict",
    "from_json",
    "build_schema",
]

FORMAT = "upskilling-roi-programme"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 2_000_000
MAX_ROUNDS = 60
MAX_TEXT = 200
SCHEMA_PATH = Path(__file__).with_name("programme.schema.json")
Z90 = 1.6448536269514722  # the normal's 95th percentile: P5..P95 is mean +- Z90 sd
Z95 = 1.959963984540054  # a 95 % interval is mean +- Z95 sd
#: Continue when the chance that the ROI beats the hurdle is at least this (after the latest round).
CONTINUE_AT = 0.7
#: Stop when the chance that the ROI is positive is below this.
STOP_BELOW = 0.3

Advice = Literal["continue", "adjust", "stop"]


class ProgrammeError(ValueError):
    """A programme record cannot be read or built. ``code`` names the problem, ``details`` its values."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


def _date(name: str, text: object) -> str:
    try:
        return dt.date.fromisoformat(str(text)).isoformat()
    except ValueError:
        raise ProgrammeError(
            "bad_date", f"{name}: {str(text)[:40]!r} is not a date (YYYY-MM-DD)", field=name, value=str(text)[:40]
        ) from None


def _finite(name: str, x: object) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
        raise ProgrammeError("not_a_number", f"{name} must be a finite number", field=name)
    return float(x)


@dataclass(frozen=True)
class Measurement:
    """One KPI measured in one round, aggregated: value and 95 % interval in the KPI's unit, people measured.

    ``kpi`` is the KPI's place in the plan (0-based). ``method`` says how it
    was measured (free text, e.g. "difference in differences, 12 teams").
    """

    kpi: int
    value: float
    ci_low: float
    ci_high: float
    n: int
    date: str
    method: str = ""

    def __post_init__(self) -> None:
        for name in ("value", "ci_low", "ci_high"):
            object.__setattr__(self, name, _finite(name, getattr(self, name)))
        if not self.ci_low <= self.value <= self.ci_high:
            raise ProgrammeError(
                "bad_interval", "the interval must hold the value: ci_low <= value <= ci_high", value=self.value
            )
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 1:
            raise ProgrammeError("bad_n", "n must be a whole number of at least 1", field="n")
        if isinstance(self.kpi, bool) or not isinstance(self.kpi, int) or self.kpi < 0:
            raise ProgrammeError("bad_kpi", "kpi must be the KPI's number in the plan", field="kpi")
        object.__setattr__(self, "date", _date("date", self.date))
        object.__setattr__(self, "method", " ".join(str(self.method or "").split())[:MAX_TEXT])


@dataclass(frozen=True)
class Round:
    """A measurement round: its date, a label (e.g. "+3 months") and one result per KPI measured."""

    date: str
    results: tuple[Measurement, ...]
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "date", _date("date", self.date))
        object.__setattr__(self, "label", " ".join(str(self.label or "").split())[:MAX_TEXT])
        results = tuple(self.results)
        if not results:
            raise ProgrammeError("empty_round", "a round needs at least one measured KPI")
        kpis = [m.kpi for m in results]
        if len(set(kpis)) != len(kpis):
            raise ProgrammeError("kpi_twice", "a round measures each KPI once")
        object.__setattr__(self, "results", results)


@dataclass(frozen=True)
class Programme:
    """The record an organisation keeps: plan, scenario as decided, rounds (kept in date order)."""

    name: str
    decided_on: str
    plan: KpiPlan
    scenario: Scenario
    rounds: tuple[Round, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", " ".join(str(self.name or "").split())[:MAX_TEXT])
        object.__setattr__(self, "decided_on", _date("decided_on", self.decided_on))
        rounds = tuple(sorted(self.rounds, key=lambda r: r.date))
        if len(rounds) > MAX_ROUNDS:
            raise ProgrammeError("too_many_rounds", f"at most {MAX_ROUNDS} rounds", limit=MAX_ROUNDS)
        for i, r in enumerate(rounds):
            if r.date < self.decided_on:
                raise ProgrammeError(
                    "round_before_decision", f"round {i + 1} ({r.date}) lies before the decision", round=i + 1
                )
            for m in r.results:
                if m.kpi >= len(self.plan.kpis):
                    raise ProgrammeError(
                        "unknown_kpi", f"round {i + 1}: KPI {m.kpi + 1} is not in the plan", round=i + 1, kpi=m.kpi + 1
                    )
        object.__setattr__(self, "rounds", rounds)

    def with_round(self, r: Round) -> Programme:
        """A copy with ``r`` added."""
        return replace(self, rounds=(*self.rounds, r))


def round_from_effect(
    p: Programme, key: str, effect: tuple[float, float, float], n: int, date: str, method: str = "", label: str = ""
) -> Programme:
    """``p`` with a round measuring the KPI tied to input ``key``: ``effect`` is (value, low, high) in the input's unit.

    The effect (a measured change, e.g. from a control-group comparison) is
    turned into the KPI's own unit with the KPI's baseline, the inverse of how
    a KPI feeds its input, so the round updates that input by exactly the
    measured interval. Raises :class:`ProgrammeError` ``no_kpi`` when no KPI of
    the plan feeds ``key`` (and the usual errors for a bad date or interval).

    >>> from roi_core.kpi import Kpi, Outcome
    >>> plan = KpiPlan((Kpi("Output", Outcome.PRODUCTIVITY, "output/hour", 20.0, 21.0, "productivity_gain_pct"),))
    >>> p = round_from_effect(Programme("P", "2026-01-01", plan, Scenario()), "productivity_gain_pct",
    ...                       (5.0, 2.5, 7.5), 238, "2026-06-01", "difference in differences")
    >>> m = p.rounds[0].results[0]
    >>> m.kpi, m.value, m.ci_low, m.ci_high, m.n
    (0, 21.0, 20.5, 21.5, 238)
    """
    k = next((i for i, kpi in enumerate(p.plan.kpis) if kpi.input == key), None)
    if k is None:
        raise ProgrammeError("no_kpi", f"no KPI of the plan feeds {key}", input=key)
    kpi = p.plan.kpis[k]
    v, a, b = (kpi_value(kpi, x) for x in effect)
    m = Measurement(k, v, min(a, b), max(a, b), int(n), date, method)
    return p.with_round(Round(date, (m,), label))


# --- the update rule ---------------------------------------------------------------------------------------


def normal_of_range(r: Range) -> tuple[float, float]:
    """The normal (mean, sd) whose P5 and P95 are the range's; sd 0 for a fixed range.

    >>> m, sd = normal_of_range(Range(10.0, 20.0, 30.0, "normal"))
    >>> m, round(sd, 3)
    (20.0, 6.08)
    """
    if r.is_fixed:
        return r.likely, 0.0
    p5, p95 = (float(x) for x in r.ppf([0.05, 0.95]))
    return (p5 + p95) / 2.0, (p95 - p5) / (2.0 * Z90)


def combine(prior: tuple[float, float], measured: tuple[float, float]) -> tuple[float, float]:
    """Precision-weighted combination of two normals ``(mean, sd)``; a prior sd of 0 is replaced by the measurement.

    >>> combine((20.0, 6.0), (10.0, 3.0))  # the tighter measurement weighs 4 times as much
    (12.0, 2.6832815729997477)
    """
    (m0, s0), (m1, s1) = prior, measured
    if s1 <= 0:
        return m1, 0.0
    if s0 <= 0:
        return m1, s1
    w0, w1 = 1.0 / (s0 * s0), 1.0 / (s1 * s1)
    return (w0 * m0 + w1 * m1) / (w0 + w1), 1.0 / math.sqrt(w0 + w1)


def updated_range(key: str, mean: float, sd: float) -> Range:
    """A normal range with P5/P95 at ``mean -+ 1.645 sd``, cut at the input's hard limits.

    >>> r = updated_range("error_reduction_pct", 22.0, 2.0)
    >>> round(r.low, 2), r.likely, round(r.high, 2), r.shape.value
    (18.71, 22.0, 25.29, 'normal')
    """
    s = INPUTS[key]
    m = min(max(mean, s.hard_min), s.hard_max)
    lo = min(max(m - Z90 * sd, s.hard_min), m)
    hi = max(min(m + Z90 * sd, s.hard_max), m)
    return Range(lo, m, hi, Shape.NORMAL if hi > lo else Shape.FIXED)


@dataclass(frozen=True)
class InputUpdate:
    """One input updated by one round's measurement (input units)."""

    kpi: int
    key: str
    before: Range
    measured: float
    measured_low: float
    measured_high: float
    after: Range
    target: float
    behind_target: bool  # the whole interval falls short of the target

    @property
    def width_left(self) -> float:
        """The new P5..P95 width as a share of the width before; ``nan`` when there was no width."""
        b = normal_of_range(self.before)[1]
        return normal_of_range(self.after)[1] / b if b > 0 else math.nan


def apply_round(plan: KpiPlan, scenario: Scenario, r: Round) -> tuple[Scenario, tuple[InputUpdate, ...]]:
    """``scenario`` after the round: each measured KPI that feeds an input updates that input (see module doc)."""
    values: dict[str, Range] = {}
    updates = []
    for m in r.results:
        k = plan.kpis[m.kpi]
        if k.input is None:
            continue
        conv = sorted((k.input_value(m.ci_low), k.input_value(m.ci_high)))
        value = k.input_value(m.value)
        before = scenario[k.input]
        mean, sd = combine(normal_of_range(before), (value, (conv[1] - conv[0]) / (2.0 * Z95)))
        after = updated_range(k.input, mean, sd)
        values[k.input] = after
        target = k.input_value()
        updates.append(InputUpdate(m.kpi, k.input, before, value, conv[0], conv[1], after, target, conv[1] < target))
    return scenario.with_values(**values), tuple(updates)


@dataclass(frozen=True)
class RoundOutcome:
    """The scenario and its simulated ROI after round ``index`` (0: as decided, before any round)."""

    index: int
    date: str
    label: str
    scenario: Scenario
    updates: tuple[InputUpdate, ...]
    roi_mean: float
    roi_p5: float
    roi_p95: float
    prob_roi_positive: float
    prob_beats_hurdle: float
    evpi: float
    advice: Advice = field(default="continue")
    #: Months from the decision to this round.
    months: float = 0.0
    #: ROI earned so far (per cent, :func:`roi_to_date`) at this round's date, as the decided scenario expected it ...
    roi_to_date_assumed: float = math.nan
    #: ... and as this round's updated scenario puts it.
    roi_to_date: float = math.nan


def recommend(prob_roi_positive: float, prob_beats_hurdle: float) -> Advice:
    """Continue, adjust or stop, from the simulation of the scenario after the latest round.

    Stop when the chance of a positive ROI is below :data:`STOP_BELOW` (30 %);
    continue when the chance of beating the hurdle is at least
    :data:`CONTINUE_AT` (70 %); adjust (change the programme or measure
    again) in between.

    >>> recommend(0.9, 0.8), recommend(0.6, 0.5), recommend(0.2, 0.1)
    ('continue', 'adjust', 'stop')
    """
    if prob_roi_positive < STOP_BELOW:
        return "stop"
    if prob_beats_hurdle >= CONTINUE_AT:
        return "continue"
    return "adjust"


def months_between(start: str, end: str) -> float:
    """Months (of 365.25 / 12 days) from ISO date ``start`` to ``end``.

    >>> round(months_between("2026-01-15", "2026-07-15"), 2)
    5.95
    """
    return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days / (365.25 / 12.0)


def roi_to_date(yearly_costs: Sequence[float], yearly_benefits: Sequence[float], months: float) -> float:
    """ROI in per cent earned so far, ``months`` after the start: money, not discounted.

    As the model has it: each year's costs are paid at its start, its benefits
    come in evenly during the year. ``nan`` when nothing has been paid yet.

    Examples
    --------
    Year 1 costs 100,000 and brings 80,000, year 2 costs 10,000 and brings 60,000:
    after 6 months 40,000 is in against 100,000 paid (-60 %); after 18 months
    80,000 + 30,000 against 110,000 (0 %).

    >>> roi_to_date([100_000, 10_000], [80_000, 60_000], 6), roi_to_date([100_000, 10_000], [80_000, 60_000], 18)
    (-60.0, 0.0)
    """
    costs, benefits = list(yearly_costs), list(yearly_benefits)
    years = len(costs)
    t = min(max(float(months), 0.0) / 12.0, float(years))  # years since the start, within the horizon
    full = min(int(math.floor(t)), years)
    paid = sum(costs[: min(full + 1, years)])
    earned = sum(benefits[:full]) + ((t - full) * benefits[full] if full < years else 0.0)
    return (earned - paid) / paid * 100.0 if paid > 0 else math.nan


def outcomes(p: Programme) -> tuple[RoundOutcome, ...]:
    """The decided scenario and the scenario after each round, each simulated (the scenario's draws and seed)."""
    out = []
    s = p.scenario
    steps: list[tuple[str, str, tuple[InputUpdate, ...]]] = [(p.decided_on, "", ())]
    scenarios = [s]
    for r in p.rounds:
        s, ups = apply_round(p.plan, s, r)
        scenarios.append(s)
        steps.append((r.date, r.label, ups))
    decided = deterministic(p.scenario)
    for i, (sc, (date, label, ups)) in enumerate(zip(scenarios, steps, strict=True)):
        res = simulate(sc)
        summ = res.summary()
        now = deterministic(sc)
        months = months_between(p.decided_on, date)
        out.append(
            RoundOutcome(
                index=i,
                date=date,
                label=label,
                scenario=sc,
                updates=ups,
                roi_mean=summ.roi_mean,
                roi_p5=summ.roi_p5,
                roi_p95=summ.roi_p95,
                prob_roi_positive=summ.prob_roi_positive,
                prob_beats_hurdle=summ.prob_beats_hurdle,
                evpi=evpi(res),
                advice=recommend(summ.prob_roi_positive, summ.prob_beats_hurdle),
                months=months,
                roi_to_date_assumed=roi_to_date(decided.yearly_costs, decided.yearly_benefits, months),
                roi_to_date=roi_to_date(now.yearly_costs, now.yearly_benefits, months),
            )
        )
    return tuple(out)


# --- file format -------------------------------------------------------------------------------------------


def to_dict(p: Programme) -> dict[str, Any]:
    """The record as a JSON-ready dict (version 1)."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": p.name,
        "decided_on": p.decided_on,
        "scenario": scenario_to_dict(p.scenario),
        "kpi_plan": plan_to_dict(p.plan),
        "rounds": [
            {
                "date": r.date,
                "label": r.label,
                "results": [
                    {
                        "kpi": m.kpi,
                        "value": m.value,
                        "ci_low": m.ci_low,
                        "ci_high": m.ci_high,
                        "n": m.n,
                        "date": m.date,
                        "method": m.method,
                    }
                    for m in r.results
                ],
            }
            for r in p.rounds
        ],
    }


def to_json(p: Programme) -> str:
    """The record as indented JSON text (UTF-8, ends with a newline)."""
    return json.dumps(to_dict(p), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def build_schema() -> dict[str, Any]:
    """The JSON Schema of programme records (``roi_core/programme.schema.json`` is this, written out)."""
    number = {"type": "number"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://upskilling-roi-explorer.example/programme.schema.json",
        "title": "Upskilling ROI Explorer programme record",
        "description": "A training programme's KPI plan, the scenario as decided and each measurement round's "
        "aggregated results (never individual rows). Values are in the KPI's unit; intervals are 95 %.",
        "type": "object",
        "required": ["format", "version", "decided_on", "scenario", "kpi_plan", "rounds"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "format": {"const": FORMAT},
            "version": {"const": FORMAT_VERSION},
            "name": {"type": "string", "maxLength": MAX_TEXT},
            "decided_on": {"type": "string", "description": "Date of the decision, YYYY-MM-DD."},
            "scenario": {"type": "object", "description": "A scenario file (scenario.schema.json, version 1)."},
            "kpi_plan": plan_schema(),
            "rounds": {
                "type": "array",
                "maxItems": MAX_ROUNDS,
                "items": {
                    "type": "object",
                    "required": ["date", "results"],
                    "additionalProperties": False,
                    "properties": {
                        "date": {"type": "string"},
                        "label": {"type": "string", "maxLength": MAX_TEXT},
                        "results": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["kpi", "value", "ci_low", "ci_high", "n"],
                                "additionalProperties": False,
                                "properties": {
                                    "kpi": {"type": "integer", "minimum": 0, "description": "KPI number, 0-based."},
                                    "value": number,
                                    "ci_low": number,
                                    "ci_high": number,
                                    "n": {"type": "integer", "minimum": 1, "description": "People measured."},
                                    "date": {"type": "string"},
                                    "method": {"type": "string", "maxLength": MAX_TEXT},
                                },
                            },
                        },
                    },
                },
            },
        },
    }


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    with SCHEMA_PATH.open(encoding="utf-8") as f:
        return jsonschema.Draft202012Validator(json.load(f))


def from_dict(data: object) -> Programme:
    """Build a record from decoded JSON; :class:`ProgrammeError` says what is wrong and where."""
    if not isinstance(data, Mapping):
        raise ProgrammeError("not_a_programme", "the file is not a programme record (a JSON object)")
    if data.get("format") != FORMAT:
        raise ProgrammeError("not_a_programme", f"the file is not a programme record (format is not {FORMAT!r})")
    if data.get("version") != FORMAT_VERSION or isinstance(data.get("version"), bool):
        raise ProgrammeError(
            "version", f"unsupported version {str(data.get('version'))[:20]!r}", version=str(data.get("version"))[:20]
        )
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        where = ".".join(str(p) for p in err.absolute_path) or "file"
        raise ProgrammeError("schema", f"{where}: {err.message[:200]}", where=where, detail=err.message[:200])
    try:
        scenario = scenario_from_dict(data["scenario"]).scenario
    except ScenarioError as exc:
        raise ProgrammeError("scenario", f"scenario: {exc}", detail=str(exc)) from None
    try:
        plan = plan_from_dict(data["kpi_plan"])
    except KpiError as exc:
        raise ProgrammeError("plan", f"kpi_plan: {exc}", detail=str(exc)) from None
    rounds = []
    for i, r in enumerate(data["rounds"]):
        try:
            results = tuple(
                Measurement(
                    kpi=m["kpi"],
                    value=m["value"],
                    ci_low=m["ci_low"],
                    ci_high=m["ci_high"],
                    n=m["n"],
                    date=m.get("date", r["date"]),
                    method=m.get("method", ""),
                )
                for m in r["results"]
            )
            rounds.append(Round(r["date"], results, r.get("label", "")))
        except ProgrammeError as exc:
            raise ProgrammeError(exc.code, f"round {i + 1}: {exc}", round=i + 1, **exc.details) from None
    return Programme(str(data.get("name", "")), data["decided_on"], plan, scenario, tuple(rounds))


def from_json(text: str | bytes) -> Programme:
    """Read a programme record file; :class:`ProgrammeError` on any problem (never another exception)."""
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_FILE_BYTES:
            raise ProgrammeError("too_large", f"the file is larger than {MAX_FILE_BYTES:,} bytes", limit=MAX_FILE_BYTES)
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ProgrammeError("not_utf8", "the file is not UTF-8 text") from None
    if not isinstance(text, str) or len(text) > MAX_FILE_BYTES:
        raise ProgrammeError("too_large", f"the file is larger than {MAX_FILE_BYTES:,} bytes", limit=MAX_FILE_BYTES)
    try:
        data = json.loads(text.lstrip("\ufeff"), parse_constant=lambda name: None)
    except json.JSONDecodeError as exc:
        raise ProgrammeError(
            "not_json", f"not valid JSON: {exc.msg} (line {exc.lineno})", line=exc.lineno, detail=exc.msg
        ) from None
    except (RecursionError, ValueError):
        raise ProgrammeError("not_json", "not a readable JSON document", line=0, detail="") from None
    try:
        return from_dict(data)
    except ProgrammeError:
        raise
    except (ValueError, TypeError, KeyError, RecursionError) as exc:  # a last guard: never a traceback
        raise ProgrammeError("invalid", f"the record cannot be read: {exc}", detail=str(exc)[:200]) from None
