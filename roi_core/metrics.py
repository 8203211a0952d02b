"""The registry of output metrics: one meaning per number.

Every figure the app, the exports, the HTML report and the command line show
is one :class:`OutputMetric` of :data:`OUTPUT_METRICS`: its key, unit, label
and one-sentence definition (English and Dutch), the view it belongs to and
how it can be undefined, with the words to show then. :func:`metric_values`
computes every metric of a scenario from its results in one typed
:class:`MetricValues`; every surface reads its numbers from there, so the same
key never means two things.

Conventions (the Method page says the same):

* money is a **present value** over the horizon (costs at the start of their
  year, benefits at its end, at the scenario's discount rate); ROI, BCR and
  net benefit are computed from the same present values;
* payback is the **discounted** payback: the months until cumulative
  discounted benefits cover cumulative discounted costs for good, so it lies
  within the horizon exactly when the net benefit is >= 0;
* "expected" only ever labels a mean over the simulation; the point estimate
  is "at most likely values".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the registry must stay light (a phone page reads its labels, not the simulation)
    import pandas as pd

    from roi_core.simulate import MonteCarloSummary, PointResult

__all__ = [
    "Unit",
    "View",
    "Undefined",
    "OutputMetric",
    "OUTPUT_METRICS",
    "MetricValues",
    "metric_values",
    "metrics_of_view",
    "UNDEFINED_WORDS",
    "VIEW_LABELS",
    "shown_probability",
]


class Unit(StrEnum):
    """How a value is written: each unit has one formatter in the UI (``ui.common.format.metric_text``)."""

    PERCENT = "percent"  # per cent, e.g. ROI 148.0
    MONEY = "money"  # an amount in the scenario's currency
    MONTHS = "months"  # a duration in months
    RATIO = "ratio"  # a plain ratio, e.g. BCR 2.48
    PROBABILITY = "probability"  # a share in [0, 1]


class View(StrEnum):
    """Which computation a figure comes from."""

    LIKELY = "likely"  # point estimate at the most likely values, full horizon
    SIMULATION = "simulation"  # Monte Carlo over the ranges
    PHILLIPS = "phillips"  # Phillips' cautious point estimate (x attribution x confidence, first year(s))


class Undefined(StrEnum):
    """Why a value can be missing (never shown as 0)."""

    ZERO_COST = "zero_cost"  # ratio with zero costs
    NO_PAYBACK = "no_payback"  # net benefit below zero at the horizon
    NO_COST_IN_ANY_DRAW = "no_cost_in_any_draw"  # every simulated future costs nothing
    MEDIAN_NO_PAYBACK = "median_no_payback"  # half or more of the futures never pay back


#: The words shown in place of an undefined value: (English, Dutch).
UNDEFINED_WORDS: Mapping[Undefined, tuple[str, str]] = MappingProxyType(
    {
        Undefined.ZERO_COST: ("Undefined: nothing is spent", "Onbepaald: er zijn geen kosten"),
        Undefined.NO_PAYBACK: ("No payback within the horizon", "Niet terugverdiend binnen de looptijd"),
        Undefined.NO_COST_IN_ANY_DRAW: (
            "Undefined: no simulated future has costs",
            "Onbepaald: geen gesimuleerde toekomst heeft kosten",
        ),
        Undefined.MEDIAN_NO_PAYBACK: (
            "Half or more: no payback within the horizon",
            "Helft of meer: niet terugverdiend binnen de looptijd",
        ),
    }
)

#: Names of the three views: (English, Dutch).
VIEW_LABELS: Mapping[View, tuple[str, str]] = MappingProxyType(
    {
        View.LIKELY: ("At most likely values", "Bij de meest waarschijnlijke waarden"),
        View.SIMULATION: ("Monte Carlo simulation", "Monte-Carlosimulatie"),
        View.PHILLIPS: ("Phillips view", "Phillips-benadering"),
    }
)


@dataclass(frozen=True)
class OutputMetric:
    """One output figure. ``measure`` pairs the same quantity across views (``"roi"`` of the point
    estimate and of the Phillips view); ``undefined`` lists the ways it can be missing."""

    key: str
    view: View
    measure: str
    unit: Unit
    label_en: str
    label_nl: str
    definition_en: str
    definition_nl: str
    undefined: tuple[Undefined, ...] = ()

    def label(self, lang: str) -> str:
        return self.label_nl if lang == "nl" else self.label_en

    def definition(self, lang: str) -> str:
        return self.definition_nl if lang == "nl" else self.definition_en


def _point_metrics(view: View) -> tuple[OutputMetric, ...]:
    likely = view is View.LIKELY
    sfx = "likely" if likely else "phillips"
    over_en = (
        "over the horizon, with every input at its most likely value"
        if likely
        else "with the most likely values times attribution and confidence, first-year benefits only"
    )
    over_nl = (
        "over de looptijd, met elke aanname op haar meest waarschijnlijke waarde"
        if likely
        else "met de meest waarschijnlijke waarden maal toeschrijving en zekerheid, alleen de baten van het eerste jaar"
    )
    return (
        OutputMetric(
            f"roi_{sfx}",
            view,
            "roi",
            Unit.PERCENT,
            "ROI at most likely values" if likely else "ROI (Phillips view)",
            "ROI (meest waarschijnlijk)" if likely else "ROI (Phillips-benadering)",
            f"(Benefits - costs) / costs x 100 %, both in present value, {over_en}.",
            f"(Baten - kosten) / kosten x 100 %, beide in contante waarde, {over_nl}.",
            (Undefined.ZERO_COST,),
        ),
        OutputMetric(
            f"npv_{sfx}",
            view,
            "npv",
            Unit.MONEY,
            f"Net benefit ({'present value' if likely else 'Phillips view'})",
            f"Nettobaat ({'contante waarde' if likely else 'Phillips-benadering'})",
            f"Benefits minus costs in present value (net present value), {over_en}.",
            f"Baten min kosten in contante waarde (netto contante waarde), {over_nl}.",
        ),
        OutputMetric(
            f"bcr_{sfx}",
            view,
            "bcr",
            Unit.RATIO,
            f"Benefit-cost ratio{'' if likely else ' (Phillips view)'}",
            f"Baten-kostenverhouding{'' if likely else ' (Phillips-benadering)'}",
            f"Benefits / costs, both in present value, {over_en}; 1.0 is break-even.",
            f"Baten / kosten, beide in contante waarde, {over_nl}; 1,0 is quitte.",
            (Undefined.ZERO_COST,),
        ),
        OutputMetric(
            f"payback_{sfx}",
            view,
            "payback",
            Unit.MONTHS,
            f"Payback time{'' if likely else ' (Phillips view)'}",
            f"Terugverdientijd{'' if likely else ' (Phillips-benadering)'}",
            "Months until the cumulative discounted benefits cover the cumulative discounted costs for good, "
            f"{over_en}.",
            f"Maanden tot de opgetelde contante baten de opgetelde contante kosten blijvend dekken, {over_nl}.",
            (Undefined.ZERO_COST, Undefined.NO_PAYBACK),
        ),
        OutputMetric(
            f"benefits_{sfx}",
            view,
            "benefits",
            Unit.MONEY,
            f"Benefits ({'present value' if likely else 'Phillips view'})",
            f"Baten ({'contante waarde' if likely else 'Phillips-benadering'})",
            f"Present value of all benefits, {over_en}.",
            f"Contante waarde van alle baten, {over_nl}.",
        ),
        OutputMetric(
            f"costs_{sfx}",
            view,
            "costs",
            Unit.MONEY,
            f"Costs ({'present value' if likely else 'Phillips view'})",
            f"Kosten ({'contante waarde' if likely else 'Phillips-benadering'})",
            f"Present value of all fully loaded costs, {over_en}.",
            f"Contante waarde van alle volledig toegerekende kosten, {over_nl}.",
        ),
    )


def _sim(
    key: str, measure: str, unit: Unit, en: str, nl: str, def_en: str, def_nl: str, *undef: Undefined
) -> OutputMetric:
    return OutputMetric(key, View.SIMULATION, measure, unit, en, nl, def_en, def_nl, tuple(undef))


_NO_COST = Undefined.NO_COST_IN_ANY_DRAW


def _roi_quantile(q: int) -> OutputMetric:
    return _sim(
        f"roi_p{q}",
        f"roi_p{q}",
        Unit.PERCENT,
        f"ROI, P{q}",
        f"ROI, P{q}",
        f"{q} % of the simulated futures have a lower ROI (futures without costs left out).",
        f"{q} % van de gesimuleerde toekomsten heeft een lagere ROI (toekomsten zonder kosten niet meegeteld).",
        _NO_COST,
    )


def _npv_quantile(q: int) -> OutputMetric:
    return _sim(
        f"npv_p{q}",
        f"npv_p{q}",
        Unit.MONEY,
        f"Net benefit, P{q}",
        f"Nettobaat, P{q}",
        f"{q} % of the simulated futures have a lower net benefit (present value).",
        f"{q} % van de gesimuleerde toekomsten heeft een lagere nettobaat (contante waarde).",
    )


#: Every output metric, in the order exports list them.
OUTPUT_METRICS: Mapping[str, OutputMetric] = MappingProxyType(
    {
        m.key: m
        for m in (
            *_point_metrics(View.LIKELY),
            _sim(
                "roi_mean",
                "roi_mean",
                Unit.PERCENT,
                "Expected ROI (mean)",
                "Verwachte ROI (gemiddeld)",
                "The mean ROI over all simulated futures (futures without costs left out).",
                "De gemiddelde ROI over alle gesimuleerde toekomsten (toekomsten zonder kosten niet meegeteld).",
                _NO_COST,
            ),
            _sim(
                "roi_p50",
                "roi_p50",
                Unit.PERCENT,
                "Median ROI",
                "Mediane ROI",
                "Half of the simulated futures have a higher ROI, half a lower one.",
                "De helft van de gesimuleerde toekomsten heeft een hogere ROI, de helft een lagere.",
                _NO_COST,
            ),
            _roi_quantile(5),
            _roi_quantile(10),
            _roi_quantile(90),
            _roi_quantile(95),
            _sim(
                "prob_roi_positive",
                "prob_roi_positive",
                Unit.PROBABILITY,
                "Chance ROI > 0",
                "Kans op ROI > 0",
                "Share of the simulated futures in which the benefits exceed the costs (present values).",
                "Aandeel van de gesimuleerde toekomsten waarin de baten de kosten overtreffen (contante waarden).",
                _NO_COST,
            ),
            _sim(
                "prob_beats_hurdle",
                "prob_beats_hurdle",
                Unit.PROBABILITY,
                "Chance ROI > {hurdle}",
                "Kans op ROI > {hurdle}",
                "Share of the simulated futures in which the ROI exceeds the hurdle rate.",
                "Aandeel van de gesimuleerde toekomsten waarin de ROI de drempel overtreft.",
                _NO_COST,
            ),
            _sim(
                "npv_mean",
                "npv_mean",
                Unit.MONEY,
                "Expected net benefit (mean)",
                "Verwachte nettobaat (gemiddeld)",
                "The mean net benefit (present value) over all simulated futures.",
                "De gemiddelde nettobaat (contante waarde) over alle gesimuleerde toekomsten.",
            ),
            _npv_quantile(5),
            _sim(
                "npv_p50",
                "npv_p50",
                Unit.MONEY,
                "Median net benefit",
                "Mediane nettobaat",
                "Half of the simulated futures have a higher net benefit (present value), half a lower one.",
                "De helft van de gesimuleerde toekomsten heeft een hogere nettobaat (contante waarde), de helft een "
                "lagere.",
            ),
            _npv_quantile(95),
            _sim(
                "prob_payback",
                "prob_payback",
                Unit.PROBABILITY,
                "Chance of payback",
                "Kans op terugverdienen",
                "Share of the simulated futures whose discounted payback lies within the horizon (net benefit >= 0).",
                "Aandeel van de gesimuleerde toekomsten dat binnen de looptijd contant is terugverdiend "
                "(nettobaat >= 0).",
                _NO_COST,
            ),
            _sim(
                "payback_p50",
                "payback_p50",
                Unit.MONTHS,
                "Median payback time",
                "Mediane terugverdientijd",
                "The middle discounted payback time over all simulated futures; futures without payback count as "
                "later than any.",
                "De middelste contante terugverdientijd over alle gesimuleerde toekomsten; toekomsten zonder "
                "terugverdienen tellen als later dan alle andere.",
                _NO_COST,
                Undefined.MEDIAN_NO_PAYBACK,
            ),
            *_point_metrics(View.PHILLIPS),
        )
    }
)


def shown_probability(p: float) -> tuple[str, int]:
    """How a probability is shown in whole per cent: ``(relation, per cent)``, the one rule every surface uses.

    0 and 100 only when exactly so; otherwise rounding never reaches them:
    ``(">", 99)`` just below certainty, ``("<", 1)`` just above zero.

    >>> shown_probability(1.0), shown_probability(0.9996), shown_probability(0.004), shown_probability(0.4368)
    (('=', 100), ('>', 99), ('<', 1), ('=', 44))
    """
    v = min(max(float(p), 0.0), 1.0)
    if v in (0.0, 1.0):
        return "=", int(v * 100)
    shown = round(v * 100)
    if shown >= 100:
        return ">", 99
    if shown <= 0:
        return "<", 1
    return "=", int(shown)


def metrics_of_view(view: View | str) -> tuple[OutputMetric, ...]:
    """The metrics of one view, registry order."""
    return tuple(m for m in OUTPUT_METRICS.values() if m.view == view)


_SUMMARY_FIELD = {"payback_p50": "payback_p50_months"}


@dataclass(frozen=True)
class MetricValues:
    """Every metric's value for one scenario, plus why a value is undefined.

    ``values`` maps each key of :data:`OUTPUT_METRICS` to a float (``nan`` when
    undefined; probabilities as shares in [0, 1]); ``reasons`` maps the
    undefined ones to an :class:`Undefined`. ``horizon_years`` and
    ``phillips_years`` are the years each view counts; ``draws`` and
    ``hurdle_pct`` describe the simulation.
    """

    values: Mapping[str, float]
    reasons: Mapping[str, Undefined]
    horizon_years: int
    phillips_years: int
    draws: int
    hurdle_pct: float
    n_undefined: int = 0

    def value_of(self, key: str) -> float:
        """The value of metric ``key`` (``KeyError`` for an unknown key)."""
        if key not in OUTPUT_METRICS:
            raise KeyError(f"unknown output metric {key!r}")
        return self.values[key]

    def reason_of(self, key: str) -> Undefined | None:
        """Why ``key`` is undefined, or ``None`` when it has a value."""
        return self.reasons.get(key)

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """One row per metric: key, view, unit, label, value, why undefined (empty when defined)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "key": m.key,
                    "view": str(m.view),
                    "unit": str(m.unit),
                    "label": m.label(lang),
                    "value": self.values[m.key],
                    "undefined": str(self.reasons.get(m.key, "")),
                }
                for m in OUTPUT_METRICS.values()
            ]
        )


def _point_value(p: PointResult, measure: str) -> float:
    field = {"roi": "roi_pct", "payback": "payback_months"}.get(measure, measure)
    return float(getattr(p, field))


def metric_values(likely: PointResult, phillips: PointResult, summary: MonteCarloSummary) -> MetricValues:
    """Every output metric of a scenario, from its two point estimates and its simulation summary.

    Examples
    --------
    >>> from roi_core import Scenario, conservative, deterministic, simulate
    >>> s = Scenario()
    >>> mv = metric_values(deterministic(s), conservative(s), simulate(s, draws=500, seed=1).summary())
    >>> mv.value_of("roi_likely") == deterministic(s).roi_pct
    True
    >>> (mv.value_of("payback_likely") <= 36) == (mv.value_of("npv_likely") >= 0)
    True
    """
    values: dict[str, float] = {}
    reasons: dict[str, Undefined] = {}
    for m in OUTPUT_METRICS.values():
        if m.view is View.SIMULATION:
            v = float(getattr(summary, _SUMMARY_FIELD.get(m.key, m.key)))
            costless = summary.n_undefined == summary.draws
            if costless and _NO_COST in m.undefined:
                v = math.nan  # a chance or an ROI of futures that cost nothing does not exist (never "0 %")
        else:
            point = likely if m.view is View.LIKELY else phillips
            v = _point_value(point, m.measure)
            costless = point.costs == 0
        values[m.key] = v
        if not math.isfinite(v):
            if Undefined.ZERO_COST in m.undefined and costless:
                reasons[m.key] = Undefined.ZERO_COST
            elif Undefined.NO_COST_IN_ANY_DRAW in m.undefined and costless:
                reasons[m.key] = Undefined.NO_COST_IN_ANY_DRAW
            else:
                reasons[m.key] = m.undefined[-1] if m.undefined else Undefined.ZERO_COST
    return MetricValues(
        values=MappingProxyType(values),
        reasons=MappingProxyType(reasons),
        horizon_years=likely.years,
        phillips_years=phillips.years,
        draws=summary.draws,
        hurdle_pct=summary.hurdle_pct,
        n_undefined=summary.n_undefined,
    )
