"""Ready-made scenarios that a workshop can start from.

Each preset is a believable (fictional) Dutch organisation with figures taken
from ``DEFAULTS.md`` ranges and explained in its notes. :func:`variant` turns
a preset into its pessimistic, middle or optimistic version (the *outlook*)
by moving every uncertain range toward the unfavourable or favourable end.
The outlook only chooses the values a workshop starts from; it is not the
Phillips view (:func:`roi_core.simulate.conservative`), which applies the
confidence haircut to whatever values the scenario holds. The outlook's
first names, ``conservative`` and ``expected``, still read (old links and
command lines): :data:`VARIANT_ALIASES`.

The app opens with the plain ``Scenario()``; presets are offered next to it.

>>> sorted(PRESETS)
['contact_centre', 'it_consultancy', 'logistics']
>>> from roi_core.simulate import deterministic
>>> roi = [deterministic(variant("logistics", v)).roi_pct for v in VARIANTS]
>>> roi == sorted(roi)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal

from roi_core.assumptions import INPUTS, Driver
from roi_core.distributions import Range, Shape
from roi_core.scenario import CustomBenefit, Scenario

__all__ = ["Preset", "PRESETS", "VARIANTS", "VARIANT_ALIASES", "Variant", "variant", "canonical_variant", "shift_range"]

Variant = Literal["pessimistic", "middle", "optimistic"]
VARIANTS: tuple[Variant, ...] = ("pessimistic", "middle", "optimistic")
#: Earlier names of the outlooks, still accepted: "conservative" named two things (this outlook and the
#: Phillips view), and "expected" may only label a mean.
VARIANT_ALIASES: Mapping[str, Variant] = MappingProxyType({"conservative": "pessimistic", "expected": "middle"})

#: How far :func:`variant` moves a range: the most likely value moves this
#: share of the way toward the low (or high) end, and the far end moves the
#: same share toward the old most likely value.
SHIFT = 0.25

# Inputs for which a higher value makes the programme look worse (costs, slower effect).
_HIGHER_IS_WORSE = frozenset(
    {
        "content_cost",
        "design_cost",
        "facilitation_cost",
        "learning_hours",
        "overhead_pct",
        "evaluation_cost",
        "recurring_cost",
        "ramp_up_months",
    }
)
# Facts about the organisation, not hopes about the training: left as they are.
_NEUTRAL = frozenset(
    {
        "participants",
        "gross_salary",
        "oncost_pct",
        "working_days",
        "discount_rate",
        "turnover_rate_pct",
        "hires_per_year",
        "output_value_multiple",
    }
)


@dataclass(frozen=True)
class Preset:
    """A named example organisation with its scenario (the "middle" outlook)."""

    key: str
    name_en: str
    name_nl: str
    description_en: str
    description_nl: str
    scenario: Scenario

    def name(self, lang: str) -> str:
        return self.name_nl if lang == "nl" else self.name_en

    def description(self, lang: str) -> str:
        return self.description_nl if lang == "nl" else self.description_en


def _f(value: float) -> Range:
    return Range.fixed(value)


def _values(ranges: Mapping[str, Range]) -> tuple[tuple[str, Range], ...]:
    return tuple(ranges.items())


_CONTACT_CENTRE = Scenario(
    name="Customer contact centre",
    notes=(
        "A contact centre of an energy supplier: 120 agents take calls, chats and e-mails from about 400,000 "
        "customers. The programme (e-learning plus on-the-floor coaching in conversation skills and first-time "
        "resolution) takes about 16 hours per agent. Salaries are below the Dutch average (about EUR 33,000; CBS "
        "average EUR 42,340) and voluntary turnover is high (about 22 % a year, the top of the Dutch 5-25 % band), "
        "so some 26 new agents start every year. Repeat calls, complaint handling and goodwill payments cost about "
        "EUR 200,000 a year. Customer revenue served is about EUR 30 million at a 25 % gross margin; a few NPS points "
        "are assumed to keep 0.02-0.1 percentage points of revenue per point. Sickness absence is high for the "
        "sector (about 7.5 %, CBS sector range 3.3-8.0 %). Discount rate 8 % (cost of capital)."
    ),
    values=_values(
        {
            "participants": _f(120),
            "completion_rate": Range(80, 90, 95),
            "content_cost": Range(250, 350, 500),
            "design_cost": Range(10_000, 15_000, 25_000),
            "facilitation_cost": Range(20_000, 30_000, 40_000),
            "learning_hours": Range(12, 16, 24),
            "overhead_pct": Range(10, 15, 20),
            "evaluation_cost": Range(4000, 5000, 8000),
            "gross_salary": Range(30_000, 33_000, 36_000),
            "oncost_pct": Range(28, 32, 38),
            "half_life_months": Range(12, 18, 30),
            "productivity_gain_pct": Range(2, 4, 7),
            "error_cost_baseline": Range(200_000, 250_000, 350_000),
            "error_reduction_pct": Range(10, 20, 30),
            "hires_per_year": _f(26),
            "weeks_saved": Range(1, 3, 5),
            "ramp_gap_pct": Range(40, 50, 60),
            "revenue_influenced": Range(25_000_000, 30_000_000, 35_000_000),
            "gross_margin_pct": Range(20, 25, 30),
            "nps_increase": Range(1, 4, 8),
            "churn_per_nps_point": Range(0.05, 0.1, 0.2),
            "turnover_rate_pct": Range(18, 22, 26),
            "turnover_reduction_pp": Range(0, 2, 4),
            "replacement_cost_pct": Range(20, 30, 50),
            "absence_rate_pct": Range(6, 7.5, 9),
            "absence_reduction_pp": Range(0, 0.3, 0.6),
        }
    ),
    enabled=(Driver.PRODUCTIVITY, Driver.QUALITY, Driver.ONBOARDING, Driver.CUSTOMERS, Driver.TURNOVER, Driver.ABSENCE),
    horizon_years=3,
)

_LOGISTICS = Scenario(
    name="Distribution centre",
    notes=(
        "A distribution centre with 200 order pickers, forklift drivers and team leads. The programme combines "
        "safety and ergonomics training, lean working and scanner/WMS skills (about 24 hours per person) and runs "
        "continuously: short refreshers every year keep the effect up (EUR 80-180 per person per year). "
        "Mis-picks, damaged goods and returns cost about EUR 400,000 a year; training is expected to remove "
        "10-30 % of that. Sickness absence is about 7 % (CBS: transport and logistics sit at the high end of "
        "3.3-8.0 %), and safer, better-organised work is assumed to lower it by 0.2-0.9 percentage points at "
        "EUR 250-350 per absence day. Fewer lost-time accidents are a custom line (EUR 15,000-60,000 a year: "
        "investigation, replacement and fines). Salaries about EUR 34,000; turnover about 15 %. Discount rate 8 %."
    ),
    values=_values(
        {
            "participants": _f(200),
            "completion_rate": Range(85, 92, 97),
            "content_cost": Range(200, 300, 400),
            "design_cost": Range(25_000, 30_000, 45_000),
            "facilitation_cost": Range(30_000, 40_000, 55_000),
            "learning_hours": Range(16, 24, 32),
            "overhead_pct": Range(10, 15, 20),
            "evaluation_cost": Range(5000, 6000, 10_000),
            "recurring_cost": Range(80, 120, 180),
            "gross_salary": Range(31_000, 34_000, 37_000),
            "oncost_pct": Range(28, 32, 38),
            "productivity_gain_pct": Range(2, 4, 6),
            "error_cost_baseline": Range(300_000, 400_000, 550_000),
            "error_reduction_pct": Range(10, 20, 30),
            "attribution_quality": Range(40, 60, 75),
            "turnover_rate_pct": Range(12, 15, 20),
            "turnover_reduction_pp": Range(0, 1, 2),
            "replacement_cost_pct": Range(15, 20, 30),
            "absence_rate_pct": Range(6, 7, 8.5),
            "absence_reduction_pp": Range(0.2, 0.5, 0.9),
            "absence_day_cost": Range(250, 300, 350),
            "attribution_absence": Range(30, 50, 70),
        }
    ),
    enabled=(Driver.PRODUCTIVITY, Driver.QUALITY, Driver.TURNOVER, Driver.ABSENCE),
    custom=(
        CustomBenefit(
            "Fewer lost-time accidents",
            Range(15_000, 30_000, 60_000),
            Range(30, 50, 70),
            confidence_pct=60.0,
            decays=True,
        ),
    ),
    horizon_years=3,
    continuous=True,
)

_IT_CONSULTANCY = Scenario(
    name="IT and consultancy team",
    notes=(
        "An IT and consultancy team of 40 engineers follows a cloud and security certification track (about 40 "
        "hours each, exam vouchers and licences EUR 1,500-3,000 per person, far above the ATD average because "
        "certifications are expensive). Salaries are well above the Dutch average (about EUR 62,000 plus 35 % "
        "on-costs). The team now hires contractors for about EUR 800,000 a year for skills it lacks; certified "
        "staff are assumed to take over 5-25 % of that work. Eight new engineers a year reach autonomy 2-8 weeks "
        "sooner with the same material. Turnover is about 14 % and replacing an engineer costs 40-100 % of a "
        "yearly salary (SHRM: 6-9 months' salary). Customer and absence effects are left out as too uncertain. "
        "Discount rate 8 %."
    ),
    values=_values(
        {
            "participants": _f(40),
            "completion_rate": Range(75, 85, 95),
            "content_cost": Range(1500, 2000, 3000),
            "design_cost": Range(5000, 8000, 12_000),
            "facilitation_cost": Range(15_000, 20_000, 30_000),
            "learning_hours": Range(30, 40, 60),
            "overhead_pct": Range(5, 10, 15),
            "evaluation_cost": Range(3000, 4000, 6000),
            "half_life_months": Range(18, 30, 48),
            "gross_salary": Range(55_000, 62_000, 72_000),
            "oncost_pct": Range(30, 35, 40),
            "productivity_gain_pct": Range(2, 5, 10),
            "contractor_spend": Range(600_000, 800_000, 1_000_000),
            "contractor_reduction_pct": Range(5, 15, 25),
            "hires_per_year": _f(8),
            "weeks_saved": Range(2, 4, 8),
            "ramp_gap_pct": Range(40, 50, 60),
            "turnover_rate_pct": Range(10, 14, 18),
            "turnover_reduction_pp": Range(0, 1, 3),
            "replacement_cost_pct": Range(40, 60, 100),
        }
    ),
    enabled=(Driver.PRODUCTIVITY, Driver.CONTRACTORS, Driver.ONBOARDING, Driver.TURNOVER),
    horizon_years=3,
)

PRESETS: Mapping[str, Preset] = MappingProxyType(
    {
        p.key: p
        for p in (
            Preset(
                "contact_centre",
                "Customer contact centre",
                "Klantcontactcentrum",
                "120 agents of an energy supplier; conversation skills and first-time resolution; "
                "high turnover, customer retention counts.",
                "120 medewerkers van een energieleverancier; gespreksvaardigheden en in één keer goed; "
                "hoog verloop, klantbehoud telt mee.",
                _CONTACT_CENTRE,
            ),
            Preset(
                "logistics",
                "Distribution centre",
                "Distributiecentrum",
                "200 warehouse staff; safety, lean and scanner skills with yearly refreshers; fewer errors, "
                "less absence, fewer accidents.",
                "200 magazijnmedewerkers; veiligheid, lean en scannervaardigheden met jaarlijkse opfrissing; "
                "minder fouten, minder verzuim, minder ongevallen.",
                _LOGISTICS,
            ),
            Preset(
                "it_consultancy",
                "IT and consultancy team",
                "IT- en adviesteam",
                "40 engineers; cloud and security certifications; fewer contractors, faster onboarding, "
                "higher salaries.",
                "40 engineers; cloud- en securitycertificeringen; minder externe inhuur, sneller inwerken, "
                "hogere salarissen.",
                _IT_CONSULTANCY,
            ),
        )
    }
)


def shift_range(r: Range, toward: Literal["low", "high"], share: float = SHIFT) -> Range:
    """Move ``r`` toward one end: the most likely value goes ``share`` of the way to that end,
    and the opposite end goes ``share`` of the way to the old most likely value.

    >>> shift_range(Range(0.0, 4.0, 8.0), "low")
    Range(low=0.0, likely=3.0, high=7.0, shape=<Shape.PERT: 'pert'>)
    """
    if r.is_fixed:
        return r
    lo, m, hi = r.low, r.likely, r.high
    if toward == "low":
        return Range(lo, m - share * (m - lo), hi - share * (hi - m), r.shape)
    new_low = lo + share * (m - lo)
    if r.shape is Shape.LOGNORMAL and new_low <= 0:  # cannot happen (lo > 0), kept for safety
        new_low = lo
    return Range(new_low, m + share * (hi - m), hi, r.shape)


def canonical_variant(which: str) -> Variant:
    """The outlook's current name: aliases (``conservative``, ``expected``) mapped, others checked.

    >>> canonical_variant("conservative"), canonical_variant("middle")
    ('pessimistic', 'middle')
    """
    which = VARIANT_ALIASES.get(which, which)
    if which not in VARIANTS:
        raise ValueError(f"variant must be one of {', '.join(VARIANTS)}, got {which!r}")
    return which


def variant(preset_key: str, which: Variant | str = "middle") -> Scenario:
    """The preset's scenario in its pessimistic, middle or optimistic outlook.

    Pessimistic moves every uncertain benefit range toward its low end and
    every cost range toward its high end; optimistic the other way round.
    Facts about the organisation (head count, salaries, turnover today) and
    point values (confidence) stay as they are.
    """
    try:
        preset = PRESETS[preset_key]
    except KeyError:
        raise KeyError(f"unknown preset {preset_key!r}; choose from {', '.join(PRESETS)}") from None
    which = canonical_variant(which)
    s = preset.scenario
    if which == "middle":
        return s
    good_end: Literal["low", "high"] = "high" if which == "optimistic" else "low"
    bad_end: Literal["low", "high"] = "low" if which == "optimistic" else "high"
    values = {}
    for key, r in s.values:
        spec = INPUTS[key]
        if key in _NEUTRAL or spec.point_only or spec.integer:
            values[key] = r
        else:
            values[key] = shift_range(r, bad_end if key in _HIGHER_IS_WORSE else good_end)
    custom = tuple(
        replace(
            c, value_eur=shift_range(c.value_eur, good_end), attribution_pct=shift_range(c.attribution_pct, good_end)
        )
        for c in s.custom
    )
    return replace(s, values=_values(values), custom=custom, name=f"{s.name} ({which})")
