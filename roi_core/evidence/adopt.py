"""From a measured effect to a model input's range, with its source recorded in the scenario.

A performance effect is in the outcome's own unit (cases per day, errors per
week, weeks to autonomy); the model's inputs are a percentage gain, a
percentage reduction, percentage points or weeks. :data:`EFFECT_INPUTS` says
how each input that an effect can feed is read from it:

* ``relative``: the effect as a percentage of the baseline mean (the trained
  group before; the control group when there is no before). ``sign`` -1 turns
  a fall (fewer errors) into a positive reduction.
* ``absolute``: the effect itself, in the outcome's unit (the outcome must
  then be measured in the input's unit: NPS points, percentage points of
  absence or turnover, weeks).

The range is the 95 % interval with the estimate as most likely value,
clipped to the input's allowed values (a notice says so). The baseline's own
uncertainty is left out of a relative range.

When the effect came from a comparison with a control group, the control
group has already taken out what would have happened anyway: the driver's
attribution (the share due to the training) is then 100 %, and leaving it at
50 % would count the isolation twice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from roi_core.assumptions import INPUTS, InputSpec, attribution_key
from roi_core.distributions import Range
from roi_core.evidence.estimators import EffectEstimate, LearningSummary
from roi_core.evidence.io import Notice, _notice
from roi_core.scenario import EvidenceSource, Scenario

__all__ = [
    "EffectInput",
    "EFFECT_INPUTS",
    "Adoption",
    "PilotSpread",
    "effect_range",
    "effect_values",
    "pilot_spread",
    "adopt_effect",
    "adopt_learning",
]


@dataclass(frozen=True)
class EffectInput:
    """How a measured effect feeds one input: ``relative`` (per cent of baseline) or ``absolute``; ``sign``."""

    scale: Literal["relative", "absolute"]
    sign: int


#: The inputs a performance effect can become, in the order offered.
EFFECT_INPUTS: Mapping[str, EffectInput] = {
    "productivity_gain_pct": EffectInput("relative", +1),
    "error_reduction_pct": EffectInput("relative", -1),
    "weeks_saved": EffectInput("absolute", -1),
    "nps_increase": EffectInput("absolute", +1),
    "turnover_reduction_pp": EffectInput("absolute", -1),
    "absence_reduction_pp": EffectInput("absolute", -1),
}


@dataclass(frozen=True)
class Adoption:
    """A scenario with measured ranges put in, and what was adjusted on the way."""

    scenario: Scenario
    notices: tuple[Notice, ...] = ()


def _round(x: float, sp: InputSpec) -> float:
    """Within the input's hard bounds, two decimals more than its slider step shows: precise and short in a link."""
    return round(sp.clip(x), sp.decimals + 2)


def effect_values(est: EffectEstimate, key: str) -> tuple[float, float, float]:
    """``(effect, low, high)`` of ``est`` in input ``key``'s unit, unrounded and unclipped (NaN when not expressible).

    >>> from roi_core.evidence.estimators import EffectEstimate
    >>> e = EffectEstimate("difference_in_differences", -2.0, -3.0, -1.0, 0.5, 23, 120, 118, 12, 12, 40.0,
    ...                    3.0, 0.05, 0.1, ())
    >>> effect_values(e, "error_reduction_pct")
    (5.0, 2.5, 7.5)
    """
    how = EFFECT_INPUTS[key]
    values = est.relative_pct if how.scale == "relative" else (est.effect, est.ci_low, est.ci_high)
    likely, a, b = (how.sign * v for v in values)
    return likely, min(a, b), max(a, b)


@dataclass(frozen=True)
class PilotSpread:
    """What a measured data set tells a pilot: the outcome's spread (input ``key``'s unit), ICC and team size.

    ``sd`` is NaN when the outcome cannot be expressed in the input's unit
    (an input no effect feeds, or a zero baseline); ``n`` and ``teams`` are the
    data set's people and teams, for the page to say where the numbers came from.
    """

    sd: float
    icc: float
    team_size: int
    n: int
    teams: int


def pilot_spread(est: EffectEstimate, key: str) -> PilotSpread:
    """The pilot defaults ``est`` gives input ``key``: outcome SD in the input's unit, ICC, mean team size.

    A relative input's SD is the outcome's SD as per cent of the baseline,
    like the effect itself (see :func:`effect_range`). The ICC is cut to
    0..1 (an estimate below 0 means no clustering to speak of). Both are
    rounded (SD to three significant digits, ICC to three decimals) so that
    the pilot's typed fields show them readably.

    >>> from roi_core.evidence.estimators import EffectEstimate
    >>> e = EffectEstimate("difference_in_differences", 2.0, 1.0, 3.0, 0.5, 23, 120, 118, 12, 12, 40.0,
    ...                    3.0, 0.05, 0.1, ())
    >>> pilot_spread(e, "productivity_gain_pct")
    PilotSpread(sd=7.5, icc=0.05, team_size=10, n=238, teams=24)
    >>> math.isnan(pilot_spread(e, "content_cost").sd)
    True
    """
    how = EFFECT_INPUTS.get(key)
    sd = math.nan
    if how is not None and how.scale == "absolute":
        sd = abs(est.sd_outcome)
    elif how is not None and est.baseline != 0 and math.isfinite(est.baseline):
        sd = abs(est.sd_outcome) * 100.0 / abs(est.baseline)
    # Three significant digits: precise enough to size a pilot, short enough to read in a field.
    sd = round(sd, 2 - math.floor(math.log10(sd))) if math.isfinite(sd) and sd > 0 else math.nan
    icc = round(min(max(est.icc, 0.0), 1.0), 3) if math.isfinite(est.icc) else 0.0
    team_size = max(1, round(est.n / est.teams)) if est.teams > 0 else 1
    return PilotSpread(sd, icc, team_size, est.n, est.teams)


def effect_range(est: EffectEstimate, key: str) -> tuple[Range, bool]:
    """The range ``est`` gives input ``key`` and whether it had to be clipped to the input's bounds.

    >>> from roi_core.evidence.estimators import EffectEstimate
    >>> e = EffectEstimate("difference_in_differences", 2.0, 1.0, 3.0, 0.5, 23, 120, 118, 12, 12, 40.0,
    ...                    3.0, 0.05, 0.1, ())
    >>> effect_range(e, "productivity_gain_pct")
    (Range(low=2.5, likely=5.0, high=7.5, shape=<Shape.PERT: 'pert'>), False)
    """
    sp = INPUTS[key]
    likely, low, high = effect_values(est, key)
    if not all(math.isfinite(v) for v in (likely, low, high)):
        raise ValueError(f"{key}: the effect cannot be expressed as this input (baseline is zero)")
    clipped = low < sp.hard_min or high > sp.hard_max
    low, likely, high = (_round(v, sp) for v in (low, likely, high))
    return Range(min(low, likely), likely, max(high, likely)), clipped


def adopt_effect(s: Scenario, est: EffectEstimate, key: str, *, date: str) -> Adoption:
    """``s`` with ``key``'s range measured by ``est``; attribution 100 % when a control group isolated it.

    ``date`` (``YYYY-MM-DD``) is recorded in the source, with the method, the
    number of people and teams and the interval; never the rows.
    """
    r, clipped = effect_range(est, key)
    notices: list[Notice] = []
    if clipped:
        notices.append(_notice("clipped", input=key))
    source = EvidenceSource(key, est.method, est.n, est.teams, r.likely, r.low, r.high, date)
    values = {key: r}
    sources = [source]
    driver = INPUTS[key].driver
    if est.controlled and driver is not None:
        att = attribution_key(driver)
        values[att] = Range.fixed(100.0)
        sources.append(replace(source, input=att, estimate=100.0, ci_low=100.0, ci_high=100.0))
        notices.append(_notice("attribution_set", input=att))
    elif driver is not None:
        notices.append(_notice("attribution_kept", input=attribution_key(driver)))
    kept = tuple(e for e in s.evidence if e.input not in values)
    scenario = replace(s.with_values(**values), evidence=kept + tuple(sources))
    return Adoption(scenario, tuple(notices))


def adopt_learning(s: Scenario, summary: LearningSummary, *, date: str) -> Adoption:
    """``s`` with the measured completion rate and learning hours as ranges (95 % intervals)."""
    values: dict[str, Range] = {}
    sources: list[EvidenceSource] = []
    notices: list[Notice] = []
    for key, interval in (("completion_rate", summary.completion_rate), ("learning_hours", summary.hours)):
        if interval is None or not all(math.isfinite(v) for v in (interval.low, interval.estimate, interval.high)):
            continue
        sp = INPUTS[key]
        vals = [interval.low, interval.estimate, interval.high]
        if min(vals) < sp.hard_min or max(vals) > sp.hard_max:
            notices.append(_notice("clipped", input=key))
        low, likely, high = (_round(v, sp) for v in vals)
        r = Range(min(low, likely), likely, max(high, likely))
        values[key] = r
        sources.append(
            EvidenceSource(key, "learning_analytics", summary.n_enrolled, summary.teams, r.likely, r.low, r.high, date)
        )
    kept = tuple(e for e in s.evidence if e.input not in values)
    return Adoption(replace(s.with_values(**values), evidence=kept + tuple(sources)), tuple(notices))
