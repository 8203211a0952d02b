"""The registry of model inputs: names, units, texts, defaults and sources.

Pages, the Method page, the scenario format and the command line all read
this registry; nothing else defines what an input means. Percentages are
stored as the user sees them (``5.0`` means 5 %); the model divides by 100.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Literal, cast, get_args

from roi_core.distributions import Range, Shape
from roi_core.numbers import clip

__all__ = [
    "Driver",
    "LANGS",
    "Group",
    "InputSpec",
    "Source",
    "SOURCES",
    "INPUTS",
    "INPUT_KEYS",
    "DRIVERS",
    "DRIVER_LABELS",
    "DRIVER_CODES",
    "INPUT_BY_SHORT",
    "COST_CATEGORIES",
    "COST_LABELS",
    "HOURS_PER_DAY",
    "spec",
    "inputs_of_group",
    "inputs_of_driver",
    "attribution_key",
    "confidence_key",
    "CustomPart",
    "CUSTOM_PARTS",
    "CUSTOM_UNITS",
    "CUSTOM_GROUP",
    "CUSTOM_SOURCE",
    "Direction",
    "custom_key",
    "is_custom_key",
    "parse_custom_key",
    "custom_spec",
    "key_of_short",
    "FieldBounds",
    "FIELD_BOUNDS",
    "field_bounds",
]

Lang = Literal["en", "nl"]
#: The languages every text of the registry (and of the app) exists in.
LANGS: tuple[Lang, ...] = get_args(Lang)

#: Working hours per day used to turn a yearly loaded cost into an hourly one.
HOURS_PER_DAY = 8.0


class Driver(StrEnum):
    """The fixed benefit drivers. Custom benefit lines come on top of these."""

    PRODUCTIVITY = "productivity"
    QUALITY = "quality"
    CONTRACTORS = "contractors"
    ONBOARDING = "onboarding"
    CUSTOMERS = "customers"
    TURNOVER = "turnover"
    ABSENCE = "absence"


DRIVERS: tuple[Driver, ...] = tuple(Driver)


class Group(StrEnum):
    """Themes under which inputs are shown, in display order."""

    PROGRAMME = "programme"
    WORKFORCE = "workforce"
    TIME = "time"
    PRODUCTIVITY = "productivity"
    QUALITY = "quality"
    CONTRACTORS = "contractors"
    ONBOARDING = "onboarding"
    CUSTOMERS = "customers"
    TURNOVER = "turnover"
    ABSENCE = "absence"


DRIVER_LABELS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        k: MappingProxyType(v)
        for k, v in {
            "productivity": {"en": "Productivity", "nl": "Productiviteit"},
            "quality": {"en": "Fewer errors and rework", "nl": "Minder fouten en herstelwerk"},
            "contractors": {"en": "Less external hiring", "nl": "Minder externe inhuur"},
            "onboarding": {"en": "Faster onboarding", "nl": "Sneller zelfstandig (onboarding)"},
            "customers": {"en": "Customer retention (NPS)", "nl": "Klantbehoud (NPS)"},
            "turnover": {"en": "Lower staff turnover", "nl": "Minder verloop"},
            "absence": {"en": "Lower sickness absence", "nl": "Minder ziekteverzuim"},
            "custom": {"en": "Other benefits", "nl": "Overige baten"},
        }.items()
    }
)

#: Cost categories of the fully loaded programme cost, in display order.
COST_CATEGORIES: tuple[str, ...] = (
    "content",
    "design",
    "facilitation",
    "participant_time",
    "overhead",
    "evaluation",
    "recurring",
)

COST_LABELS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        k: MappingProxyType(v)
        for k, v in {
            "content": {"en": "Content and licences", "nl": "Content en licenties"},
            "design": {"en": "Design and development", "nl": "Ontwerp en ontwikkeling"},
            "facilitation": {"en": "Trainers and coaching", "nl": "Trainers en coaching"},
            "participant_time": {
                "en": "Participants' time (loaded salary)",
                "nl": "Tijd van deelnemers (loonkosten)",
            },
            "overhead": {"en": "Administration and overhead", "nl": "Administratie en overhead"},
            "evaluation": {"en": "Evaluation", "nl": "Evaluatie"},
            "recurring": {
                "en": "Recurring yearly costs (refreshers, licences)",
                "nl": "Jaarlijks terugkerende kosten (opfrissen, licenties)",
            },
        }.items()
    }
)


@dataclass(frozen=True)
class Source:
    """Where a default comes from.

    ``citation_nl`` is the Dutch wording of a citation that is a description rather than a title ("Modelling
    assumption of this tool"); published titles stay as published (empty ``citation_nl``).
    """

    key: str
    citation: str
    note_en: str
    note_nl: str
    citation_nl: str = ""

    def cite(self, lang: str) -> str:
        """The citation as a reader of ``lang`` sees it.

        >>> SOURCES["assumption"].cite("nl")
        'Modelaanname van dit hulpmiddel (geen gepubliceerde norm)'
        >>> SOURCES["noe"].cite("nl") == SOURCES["noe"].citation
        True
        """
        return self.citation_nl if lang == "nl" and self.citation_nl else self.citation

    def note(self, lang: str) -> str:
        """What the source says, in ``lang`` ("en" or "nl").

        >>> SOURCES["cbs_wages"].note("nl")
        'Gemiddeld jaarloon per baan in Nederland: EUR 42.340.'
        """
        return self.note_nl if lang == "nl" else self.note_en


def _sources(*items: Source) -> MappingProxyType[str, Source]:
    return MappingProxyType({s.key: s for s in items})


SOURCES = _sources(
    Source(
        "cbs_wages",
        "CBS StatLine table 81431ned, average annual wage per job (2023, preliminary)",
        "Average wage per job in the Netherlands: EUR 42,340.",
        "Gemiddeld jaarloon per baan in Nederland: EUR 42.340.",
        citation_nl="CBS StatLine tabel 81431ned, gemiddeld jaarloon per baan (2023, voorlopig)",
    ),
    Source(
        "nl_payroll",
        "Dutch payroll guides on employer costs (werkgeverslasten)",
        "Employer on-costs are about 20-35 % of gross pay; 35-55 % all-in with leave and holiday pay.",
        "Werkgeverslasten zijn ongeveer 20-35 % van het brutoloon; 35-55 % inclusief verlof en vakantiegeld.",
        citation_nl="Nederlandse salarisgidsen over werkgeverslasten",
    ),
    Source(
        "atd_soti",
        "ATD, State of the Industry reports (2013-2019)",
        "Direct learning spend of about USD 1,200-1,300 and 31-34 formal learning hours per employee per year.",
        "Directe leeruitgaven van ongeveer USD 1.200-1.300 en 31-34 formele leeruren per medewerker per jaar.",
    ),
    Source(
        "phillips",
        "Phillips, J.J. & Phillips, P.P., ROI Methodology (ROI Institute)",
        "Fully loaded costs include needs analysis, design, delivery, participants' time, overhead and evaluation; "
        "effects must be isolated and estimates adjusted for confidence; short programmes count first-year benefits.",
        "Integrale kosten omvatten behoefteanalyse, ontwerp, uitvoering, tijd van deelnemers, overhead en "
        "evaluatie; effecten worden geïsoleerd en schattingen gecorrigeerd voor zekerheid; korte programma's tellen "
        "alleen de baten van het eerste jaar.",
    ),
    Source(
        "noe",
        "Noe, R.A., Employee Training and Development (worked ROI example)",
        "Estimates are multiplied by the estimator's confidence, typically 50-90 %.",
        "Schattingen worden vermenigvuldigd met de zekerheid van de schatter, doorgaans 50-90 %.",
    ),
    Source(
        "productivity_studies",
        "Konings & Vanormelingen (2015), Review of Economics and Statistics; "
        "Dearden, Reed & Van Reenen (2006), Oxford Bulletin of Economics and Statistics",
        "Training raises productivity by 1-2 % at firm level and up to 23 % for a trained worker; "
        "+0.6 % productivity per percentage point more workers trained.",
        "Training verhoogt de productiviteit met 1-2 % op bedrijfsniveau en tot 23 % voor een getrainde medewerker; "
        "+0,6 % productiviteit per procentpunt meer getrainde medewerkers.",
    ),
    Source(
        "cost_of_quality",
        "Cost-of-quality standard values (Phillips: conversion of quality measures to money)",
        "Rework, errors and complaints are valued at what they cost today; the baseline is your own figure.",
        "Herstelwerk, fouten en klachten worden gewaardeerd tegen wat ze nu kosten; de basis is uw eigen cijfer.",
        citation_nl="Standaardwaarden voor kwaliteitskosten (Phillips: kwaliteitsmaten omzetten in geld)",
    ),
    Source(
        "skill_decay",
        "Arthur, Bennett, Stanush & McNelly (1998), Human Performance, skill decay meta-analysis",
        "Without use, about half of a trained gain is lost after roughly 6.5-13 months.",
        "Zonder gebruik is ongeveer de helft van het geleerde na zo'n 6,5-13 maanden verdwenen.",
    ),
    Source(
        "cbs_turnover",
        "CBS figures on job switching; Dutch HR benchmarks",
        "Voluntary turnover in the Netherlands is typically 5-25 % a year, about 10 % on average.",
        "Vrijwillig verloop in Nederland ligt meestal tussen 5 en 25 % per jaar, gemiddeld zo'n 10 %.",
        citation_nl="CBS-cijfers over baanwisselingen; Nederlandse HR-benchmarks",
    ),
    Source(
        "linkedin_wlr",
        "LinkedIn Workplace Learning Report (2018)",
        "94 % of employees say they would stay longer at a company that invests in their learning "
        "(a stated intention, not a measured effect).",
        "94 % van de medewerkers zegt langer te blijven bij een werkgever die in hun ontwikkeling investeert "
        "(een voornemen, geen gemeten effect).",
    ),
    Source(
        "replacement_cost",
        "Boushey & Glynn (2012), Center for American Progress; SHRM; Gallup",
        "Replacing an employee costs a median 21 % of yearly salary (CAP); SHRM: 6-9 months' salary; "
        "Gallup: one-half to two times salary.",
        "Een vertrekker vervangen kost mediaan 21 % van het jaarsalaris (CAP); SHRM: 6-9 maandsalarissen; "
        "Gallup: een half tot twee keer het jaarsalaris.",
    ),
    Source(
        "cbs_absence",
        "CBS, sickness absence statistics (2021-2022)",
        "Sickness absence was 5.6 % in 2022 and 4.9 % in 2021; sectors range from 3.3 to 8.0 %.",
        "Het ziekteverzuim was 5,6 % in 2022 en 4,9 % in 2021; sectoren variëren van 3,3 tot 8,0 %.",
        citation_nl="CBS, ziekteverzuimstatistiek (2021-2022)",
    ),
    Source(
        "absence_cost",
        "Dutch employer and occupational-health (arbodienst) sources",
        "A day of sickness absence costs an employer about EUR 250-400.",
        "Een verzuimdag kost een werkgever ongeveer EUR 250-400.",
        citation_nl="Nederlandse bronnen van werkgevers en arbodiensten",
    ),
    Source(
        "onboarding_practice",
        "HR practice sources on time to productivity (weak evidence)",
        "A new hire needs about 6-12 months to work on their own, up to 1-2 years in technical roles.",
        "Een nieuwe medewerker heeft zo'n 6-12 maanden nodig om zelfstandig te werken, tot 1-2 jaar in "
        "technische functies.",
        citation_nl="HR-praktijkbronnen over de inwerktijd (zwak bewijs)",
    ),
    Source(
        "reichheld",
        "Reichheld & Sasser (1990), Harvard Business Review, 'Zero Defections'",
        "5 points more customer retention gave 25-95 % more profit (an illustration of leverage, not a default).",
        "5 procentpunt meer klantbehoud gaf 25-95 % meer winst (een illustratie van hefboomwerking, "
        "geen standaardwaarde).",
    ),
    Source(
        "discount_rate",
        "Werkgroep Discontovoet (2020), Dutch government discount rate; corporate cost of capital",
        "The Dutch government uses 2.25 %; companies use their cost of capital, often 6-10 %.",
        "De Nederlandse overheid rekent met 2,25 %; bedrijven met hun vermogenskosten, vaak 6-10 %.",
        citation_nl="Werkgroep Discontovoet (2020), discontovoet van de Rijksoverheid; kapitaalkosten van bedrijven",
    ),
    Source(
        "assumption",
        "Modelling assumption of this tool (no published benchmark)",
        "A cautious starting value; replace it with your own data.",
        "Een voorzichtige startwaarde; vervang die door uw eigen gegevens.",
        citation_nl="Modelaanname van dit hulpmiddel (geen gepubliceerde norm)",
    ),
)

Unit = Literal[
    "count",
    "%",
    "pp",
    "EUR",
    "EUR/yr",
    "EUR/participant",
    "EUR/day",
    "EUR/leaver",
    "h",
    "days",
    "weeks",
    "months",
    "points",
    "x",
]


#: Which side of the ROI an input moves: only the costs, only the benefits, or a fact of the organisation (or of
#: time and money) that moves both or the timing (participants, salary, discount rate).
Direction = Literal["cost", "benefit", "fact"]
#: The group of custom benefit lines (named like the drivers' groups in :data:`DRIVER_LABELS`).
CUSTOM_GROUP: Literal["custom"] = "custom"


@dataclass(frozen=True)
class InputSpec:
    """One model input, or one part of a custom benefit line: the handle every surface reads.

    ``slider_min`` / ``slider_max`` span the plausible range shown on sliders;
    ``hard_min`` / ``hard_max`` are what the model accepts at all (draws are
    clipped to them). ``point_only`` inputs are single numbers that only the
    conservative point estimate uses (confidence), never sampled. ``default``
    is the registry's starting range (for a custom line: the line's own range).
    ``line`` and ``part`` are set for a custom line only (its number in the
    scenario and which of its two numbers); its labels then carry the line's
    name, which is outside text: show it as text, never as Markdown or HTML.
    Build custom lines' specs with :meth:`roi_core.Scenario.input`.
    """

    key: str
    short: str
    group: Group | Literal["custom"]
    unit: Unit
    direction: Direction
    label_en: str
    label_nl: str
    help_en: str
    help_nl: str
    default: Range
    slider_min: float
    slider_max: float
    step: float
    source: Source
    hard_min: float = 0.0
    hard_max: float = float("inf")
    driver: Driver | None = None
    point_only: bool = False
    integer: bool = False
    line: int | None = None
    part: CustomPart | None = None

    @property
    def decimals(self) -> int:
        """Decimals of the slider step: 0 for whole steps, else as many as the step has.

        The one rule for showing an input's values (sliders, tables, charts, rounding).

        >>> [spec(k).decimals for k in ("participants", "productivity_gain_pct", "discount_rate")]
        [0, 1, 2]
        """
        return max(0, -int(Decimal(str(self.step)).normalize().as_tuple().exponent))

    @property
    def fine_decimals(self) -> int:
        """Decimals of a computed value that falls between steps (a pooled percentile, an interval's end).

        One decimal finer than the step; none for steps of ten or more (money in hundreds or thousands).

        >>> [spec(k).fine_decimals for k in ("participants", "productivity_gain_pct", "gross_salary")]
        [1, 2, 0]
        """
        return self.decimals + 1 if self.step < 10 else 0

    @property
    def is_custom(self) -> bool:
        """Whether this is part of a custom benefit line (its label holds the line's name: outside text)."""
        return self.line is not None

    @property
    def driver_code(self) -> str | None:
        """The driver's one-letter code (:data:`DRIVER_CODES`), ``None`` for inputs outside a driver.

        >>> spec("attribution_quality").driver_code, spec("participants").driver_code
        ('q', None)
        """
        return DRIVER_CODES[self.driver] if self.driver is not None else None

    def clip(self, x: float) -> float:
        """``x`` within the input's hard bounds (what the model accepts at all).

        >>> spec("completion_rate").clip(120.0), spec("custom:0:attribution").clip(-5.0)
        (100.0, 0.0)
        """
        return clip(x, self.hard_min, self.hard_max)

    def label(self, lang: Lang) -> str:
        """The input's name in ``lang`` ("en" or "nl")."""
        return self.label_nl if lang == "nl" else self.label_en

    def distinct_label(self, lang: Lang) -> str:
        """The name, with the driver's when several drivers' inputs share it: unique on a chart axis or a list.

        >>> spec("attribution_turnover").distinct_label("en"), spec("participants").distinct_label("nl")
        ('Share due to the training (Lower staff turnover)', 'Deelnemers')
        """
        label = self.label(lang)
        if self.driver is not None and _SHARED_LABELS[lang].get(label, 0) > 1:
            return f"{label} ({DRIVER_LABELS[self.driver][lang]})"
        return label

    def help(self, lang: Lang) -> str:
        """What the input means, in ``lang``."""
        return self.help_nl if lang == "nl" else self.help_en


def _r(low: float, likely: float, high: float, shape: Shape = Shape.PERT) -> Range:
    return Range(low, likely, high, shape)


def _fixed(value: float) -> Range:
    return Range.fixed(value)


def attribution_key(driver: str) -> str:
    """Key of the attribution (isolation) input of a driver."""
    return f"attribution_{driver}"


def confidence_key(driver: str) -> str:
    """Key of the confidence input of a driver (conservative view only)."""
    return f"confidence_{driver}"


#: The two uncertain numbers of a custom benefit line: its yearly value and the share due to the training.
CustomPart = Literal["value", "attribution"]
CUSTOM_PARTS: tuple[CustomPart, ...] = ("value", "attribution")
#: The unit of each part of a custom line.
CUSTOM_UNITS: MappingProxyType[CustomPart, Unit] = MappingProxyType({"value": "EUR/yr", "attribution": "%"})
_CUSTOM_KEY = re.compile(r"custom:([0-9]+):(value|attribution)")
_CUSTOM_SHORT = re.compile(r"c([0-9]{1,4})([va])")

#: Where a custom line's numbers come from: the people who added it.
CUSTOM_SOURCE = Source(
    "own_estimate",
    "Your own estimate",
    "A benefit line added in this scenario; its figures are the estimate of the people who added it.",
    "Een batenregel die in dit scenario is toegevoegd; de cijfers zijn de schatting van wie hem toevoegde.",
    citation_nl="Eigen schatting",
)

#: What follows the line's name in each part's label (the yearly value is the line itself: its name alone), and what
#: the part means (English, Dutch).
_CUSTOM_TEXTS: MappingProxyType[CustomPart, tuple[str, str, str, str]] = MappingProxyType(
    {
        "value": (
            "",
            "",
            "What this benefit is worth in a year at full effect, in euro (negative for a cost the training causes).",
            "Wat deze baat per jaar waard is bij volledig effect, in euro (negatief voor kosten die de training "
            "veroorzaakt).",
        ),
        "attribution": (
            "share due to the training",
            "deel dankzij de training",
            "The part of this benefit that is caused by the training and not by other changes (isolation).",
            "Het deel van deze baat dat door de training komt en niet door andere veranderingen (isolatie).",
        ),
    }
)


def custom_key(i: int, part: CustomPart) -> str:
    """The input key of part ``part`` of custom line ``i`` (the one place that builds it).

    Outside this module and :mod:`roi_core.scenario`, read keys from the scenario
    (:attr:`roi_core.Scenario.input_keys`, :meth:`roi_core.Scenario.custom_keys`).

    >>> custom_key(2, "attribution")
    'custom:2:attribution'
    """
    return f"custom:{i}:{part}"


def is_custom_key(key: str) -> bool:
    """Whether ``key`` is meant as a custom line's key (well-formed or not: see :func:`parse_custom_key`).

    >>> is_custom_key("custom:0:value"), is_custom_key("productivity_gain_pct")
    (True, False)
    """
    return key.startswith("custom:")


def parse_custom_key(key: str) -> tuple[int, CustomPart] | None:
    """The line index and part of a custom line's key; ``None`` for any other key (the one place that reads it).

    >>> parse_custom_key("custom:2:attribution"), parse_custom_key("custom:x:value"), parse_custom_key("seed")
    ((2, 'attribution'), None, None)
    """
    m = _CUSTOM_KEY.fullmatch(key)
    return (int(m[1]), cast(CustomPart, m[2])) if m else None


def custom_spec(i: int, part: CustomPart, name: str = "", default: Range | None = None) -> InputSpec:
    """The :class:`InputSpec` of part ``part`` of custom line ``i`` called ``name``, with range ``default``.

    The label is the line's name (its yearly value) or the name and "share due to
    the training"; without a name the line is called by its number ("Custom line 1").
    Bounds are those of :data:`FIELD_BOUNDS` (``custom_value_eur``, ``custom_attribution_pct``);
    amounts and shares are whole on sliders. The short key ``c{i}v`` / ``c{i}a`` is the
    form page links use. Normally reached through :meth:`roi_core.Scenario.input`.

    >>> s = custom_spec(0, "attribution", "Fewer complaints", Range(40, 50, 60))
    >>> s.key, s.short, s.unit, s.label("nl"), s.hard_max
    ('custom:0:attribution', 'c0a', '%', 'Fewer complaints: deel dankzij de training', 100.0)
    """
    if part not in CUSTOM_UNITS or isinstance(i, bool) or not isinstance(i, int) or i < 0:
        raise KeyError(f"unknown input {custom_key(i, part)!r}")
    b = FIELD_BOUNDS["custom_value_eur" if part == "value" else "custom_attribution_pct"]
    part_en, part_nl, help_en, help_nl = _CUSTOM_TEXTS[part]
    name_en, name_nl = (name, name) if name else (f"Custom line {i + 1}", f"Eigen regel {i + 1}")
    label_en, label_nl = (f"{name_en}: {part_en}", f"{name_nl}: {part_nl}") if part_en else (name_en, name_nl)
    if default is None:
        default = Range(0.0, 0.0, 0.0) if part == "value" else Range(30.0, 50.0, 70.0)
    return InputSpec(
        key=custom_key(i, part),
        short=f"c{i}{part[0]}",
        group=CUSTOM_GROUP,
        unit=CUSTOM_UNITS[part],
        direction="benefit",
        label_en=label_en,
        label_nl=label_nl,
        help_en=help_en,
        help_nl=help_nl,
        default=default,
        slider_min=b.plausible_min,
        slider_max=b.plausible_max,
        step=1,
        hard_min=b.min,
        hard_max=b.max,
        source=CUSTOM_SOURCE,
        line=i,
        part=part,
    )


def key_of_short(short: str) -> str | None:
    """The input key of a short key (:attr:`InputSpec.short`, custom lines' ``c{i}v`` / ``c{i}a`` included).

    ``None`` when ``short`` is no short key; a custom line's key may name a line the scenario lacks.

    >>> key_of_short("pg"), key_of_short("c0v"), key_of_short("c2a"), key_of_short("zz")
    ('productivity_gain_pct', 'custom:0:value', 'custom:2:attribution', None)
    """
    if short in INPUT_BY_SHORT:
        return INPUT_BY_SHORT[short]
    m = _CUSTOM_SHORT.fullmatch(short)
    return custom_key(int(m[1]), "value" if m[2] == "v" else "attribution") if m else None


#: Stable one-letter codes of the drivers: in links (``D_pq``) and in the short keys of the driver's attribution
#: and confidence inputs (``ap``, ``cp``). Never reuse a letter: old links must keep their meaning.
DRIVER_CODES: MappingProxyType[Driver, str] = MappingProxyType(
    {
        Driver.PRODUCTIVITY: "p",
        Driver.QUALITY: "q",
        Driver.CONTRACTORS: "x",
        Driver.ONBOARDING: "o",
        Driver.CUSTOMERS: "c",
        Driver.TURNOVER: "t",
        Driver.ABSENCE: "a",
    }
)


def _driver_pair(driver: Driver, attribution: Range) -> tuple[InputSpec, InputSpec]:
    label_en = DRIVER_LABELS[driver]["en"].lower()
    label_nl = DRIVER_LABELS[driver]["nl"].lower()
    s = DRIVER_CODES[driver]
    return (
        InputSpec(
            key=attribution_key(driver),
            short=f"a{s}",
            group=Group(driver.value),
            unit="%",
            direction="benefit",
            driver=driver,
            label_en="Share due to the training",
            label_nl="Deel dat door de training komt",
            help_en=f"Of the improvement in {label_en}, the part that is caused by the training and not by "
            "other changes (isolation). Measure it with a control group or trend line if you can.",
            help_nl=f"Van de verbetering bij '{label_nl}' het deel dat door de training komt en niet door "
            "andere veranderingen (isolatie). Meet dit met een controlegroep of trendlijn als dat kan.",
            default=attribution,
            slider_min=0,
            slider_max=100,
            step=5,
            hard_max=100,
            source=SOURCES["assumption"],
        ),
        InputSpec(
            key=confidence_key(driver),
            short=f"k{s}",
            group=Group(driver.value),
            unit="%",
            direction="benefit",
            driver=driver,
            label_en="Confidence in the estimate",
            label_nl="Zekerheid van de schatting",
            help_en="How sure the estimators are of these figures. Only the conservative (Phillips) point "
            "estimate multiplies by it; the simulation shows doubt as ranges instead.",
            help_nl="Hoe zeker de schatters van deze cijfers zijn. Alleen de voorzichtige (Phillips-)puntschatting "
            "vermenigvuldigt hiermee; de simulatie laat twijfel zien als bandbreedte.",
            default=_fixed(70),
            slider_min=0,
            slider_max=100,
            step=5,
            hard_max=100,
            point_only=True,
            source=SOURCES["noe"],
        ),
    )


_SPECS: tuple[InputSpec, ...] = (
    # --- Programme and costs ---------------------------------------------------
    InputSpec(
        key="participants",
        short="n",
        group=Group.PROGRAMME,
        unit="count",
        direction="fact",
        label_en="Participants",
        label_nl="Deelnemers",
        help_en="Number of employees who start the programme.",
        help_nl="Aantal medewerkers dat aan het programma begint.",
        default=_fixed(50),
        slider_min=1,
        slider_max=1000,
        step=1,
        hard_min=1,
        hard_max=1_000_000,
        integer=True,
        source=SOURCES["assumption"],
    ),
    InputSpec(
        key="completion_rate",
        short="cr",
        group=Group.PROGRAMME,
        unit="%",
        direction="benefit",
        label_en="Completion rate",
        label_nl="Afrondingspercentage",
        help_en="Share of participants who finish and apply the programme. Only they create benefits; "
        "everyone who starts costs money.",
        help_nl="Deel van de deelnemers dat het programma afrondt en toepast. Alleen zij leveren op; "
        "iedereen die begint kost geld.",
        default=_r(75, 90, 98),
        slider_min=0,
        slider_max=100,
        step=1,
        hard_max=100,
        source=SOURCES["assumption"],
    ),
    InputSpec(
        key="content_cost",
        short="cc",
        group=Group.PROGRAMME,
        unit="EUR/participant",
        direction="cost",
        label_en="Content and licences per participant",
        label_nl="Content en licenties per deelnemer",
        help_en="Direct programme cost per participant: course fees, licences, materials.",
        help_nl="Directe programmakosten per deelnemer: cursusgeld, licenties, materiaal.",
        default=_r(400, 600, 900),
        slider_min=0,
        slider_max=5000,
        step=50,
        hard_max=1e7,
        source=SOURCES["atd_soti"],
    ),
    InputSpec(
        key="design_cost",
        short="dc",
        group=Group.PROGRAMME,
        unit="EUR",
        direction="cost",
        label_en="Design and development (one-off)",
        label_nl="Ontwerp en ontwikkeling (eenmalig)",
        help_en="Needs analysis, design and development of the programme, paid once.",
        help_nl="Behoefteanalyse, ontwerp en ontwikkeling van het programma, eenmalig.",
        default=_r(8000, 10000, 15000),
        slider_min=0,
        slider_max=200_000,
        step=1000,
        hard_max=1e9,
        source=SOURCES["phillips"],
    ),
    InputSpec(
        key="facilitation_cost",
        short="fc",
        group=Group.PROGRAMME,
        unit="EUR",
        direction="cost",
        label_en="Trainers and coaching (year 1)",
        label_nl="Trainers en coaching (jaar 1)",
        help_en="Facilitators, coaches, venue and travel for the first year.",
        help_nl="Trainers, coaches, locatie en reizen in het eerste jaar.",
        default=_r(6000, 8000, 12000),
        slider_min=0,
        slider_max=200_000,
        step=1000,
        hard_max=1e9,
        source=SOURCES["phillips"],
    ),
    InputSpec(
        key="learning_hours",
        short="lh",
        group=Group.PROGRAMME,
        unit="h",
        direction="cost",
        label_en="Learning hours per participant",
        label_nl="Leeruren per deelnemer",
        help_en="Working hours each participant spends learning. They are paid at the loaded hourly cost.",
        help_nl="Werkuren die elke deelnemer aan leren besteedt. Ze kosten het integrale uurloon.",
        default=_r(16, 24, 36),
        slider_min=0,
        slider_max=120,
        step=1,
        hard_max=2000,
        source=SOURCES["atd_soti"],
    ),
    InputSpec(
        key="overhead_pct",
        short="oh",
        group=Group.PROGRAMME,
        unit="%",
        direction="cost",
        label_en="Administration and overhead",
        label_nl="Administratie en overhead",
        help_en="Administration, support and overhead as a share of content, design and trainer costs.",
        help_nl="Administratie, ondersteuning en overhead als deel van content-, ontwerp- en trainerskosten.",
        default=_r(10, 15, 20),
        slider_min=0,
        slider_max=50,
        step=1,
        hard_max=500,
        source=SOURCES["phillips"],
    ),
    InputSpec(
        key="evaluation_cost",
        short="ec",
        group=Group.PROGRAMME,
        unit="EUR",
        direction="cost",
        label_en="Evaluation and reporting",
        label_nl="Evaluatie en rapportage",
        help_en="Measuring and reporting the results, paid once.",
        help_nl="Meten en rapporteren van de resultaten, eenmalig.",
        default=_r(2000, 3000, 5000),
        slider_min=0,
        slider_max=50_000,
        step=500,
        hard_max=1e9,
        source=SOURCES["phillips"],
    ),
    InputSpec(
        key="recurring_cost",
        short="rc",
        group=Group.PROGRAMME,
        unit="EUR/participant",
        direction="cost",
        label_en="Recurring cost per trained employee per later year",
        label_nl="Terugkerende kosten per getrainde medewerker per later jaar",
        help_en="Licences and refreshers from year 2 on, for each employee who completed the programme. "
        "Counted only for a continuous programme.",
        help_nl="Licenties en opfrismomenten vanaf jaar 2, voor elke medewerker die het programma afrondde. "
        "Telt alleen bij een doorlopend programma.",
        default=_r(200, 300, 450),
        slider_min=0,
        slider_max=3000,
        step=25,
        hard_max=1e7,
        source=SOURCES["phillips"],
    ),
    # --- Workforce ---------------------------------------------------------------
    InputSpec(
        key="gross_salary",
        short="gs",
        group=Group.WORKFORCE,
        unit="EUR/yr",
        direction="fact",
        label_en="Average gross yearly salary",
        label_nl="Gemiddeld bruto jaarsalaris",
        help_en="Average gross salary of the participants, including holiday pay.",
        help_nl="Gemiddeld brutosalaris van de deelnemers, inclusief vakantiegeld.",
        default=_r(38000, 42000, 48000),
        slider_min=20000,
        slider_max=120_000,
        step=1000,
        hard_max=1e7,
        source=SOURCES["cbs_wages"],
    ),
    InputSpec(
        key="oncost_pct",
        short="oc",
        group=Group.WORKFORCE,
        unit="%",
        direction="fact",
        label_en="Employer on-costs",
        label_nl="Werkgeverslasten",
        help_en="Social charges, pension and other employer costs on top of gross salary.",
        help_nl="Sociale lasten, pensioen en andere werkgeverskosten bovenop het brutoloon.",
        default=_r(25, 30, 40),
        slider_min=0,
        slider_max=80,
        step=1,
        hard_max=300,
        source=SOURCES["nl_payroll"],
    ),
    InputSpec(
        key="working_days",
        short="wd",
        group=Group.WORKFORCE,
        unit="days",
        direction="fact",
        label_en="Working days per year",
        label_nl="Werkdagen per jaar",
        help_en="Days worked per FTE per year, after holidays. Turns yearly cost into day and hour cost.",
        help_nl="Gewerkte dagen per fte per jaar, na vakantie. Rekent jaarkosten om naar dag- en uurkosten.",
        default=_fixed(220),
        slider_min=150,
        slider_max=260,
        step=1,
        hard_min=1,
        hard_max=366,
        source=SOURCES["assumption"],
    ),
    # --- Time ----------------------------------------------------------------------
    InputSpec(
        key="ramp_up_months",
        short="ru",
        group=Group.TIME,
        unit="months",
        direction="benefit",
        label_en="Months until full effect",
        label_nl="Maanden tot volledig effect",
        help_en="Time after the start until participants apply the new skills fully (the effect grows linearly).",
        help_nl="Tijd na de start tot deelnemers het geleerde volledig toepassen (het effect groeit lineair).",
        default=_r(1, 2, 4),
        slider_min=0,
        slider_max=24,
        step=1,
        hard_max=60,
        source=SOURCES["assumption"],
    ),
    InputSpec(
        key="half_life_months",
        short="hl",
        group=Group.TIME,
        unit="months",
        direction="benefit",
        label_en="Half-life of the effect",
        label_nl="Halfwaardetijd van het effect",
        help_en="Months after which half of the effect has faded without reinforcement (skill decay).",
        help_nl="Maanden waarna de helft van het effect is verdwenen zonder onderhoud (vaardigheidsverval).",
        default=_r(6, 12, 24),
        slider_min=1,
        slider_max=60,
        step=1,
        hard_min=0.5,
        hard_max=1200,
        source=SOURCES["skill_decay"],
    ),
    InputSpec(
        key="discount_rate",
        short="dr",
        group=Group.TIME,
        unit="%",
        direction="fact",
        label_en="Discount rate",
        label_nl="Disconteringsvoet",
        help_en="Yearly rate at which later money counts less. 0 % for a one-year view; 2.25 % (Dutch government) "
        "or your cost of capital for several years.",
        help_nl="Jaarlijks percentage waarmee later geld minder zwaar telt. 0 % bij één jaar; 2,25 % (Rijksoverheid) "
        "of uw vermogenskosten bij meerdere jaren.",
        default=_fixed(8),
        slider_min=0,
        slider_max=15,
        step=0.25,
        hard_max=100,
        source=SOURCES["discount_rate"],
    ),
    # --- 1 Productivity -------------------------------------------------------------
    InputSpec(
        key="productivity_gain_pct",
        short="pg",
        group=Group.PRODUCTIVITY,
        unit="%",
        direction="benefit",
        driver=Driver.PRODUCTIVITY,
        label_en="Productivity gain per trained employee",
        label_nl="Productiviteitsstijging per getrainde medewerker",
        help_en="How much more a trained employee produces, as a share of their output.",
        help_nl="Hoeveel meer een getrainde medewerker produceert, als deel van zijn of haar output.",
        default=_r(1, 5, 12),
        slider_min=0,
        slider_max=25,
        step=0.5,
        hard_max=100,
        source=SOURCES["productivity_studies"],
    ),
    InputSpec(
        key="output_value_multiple",
        short="ov",
        group=Group.PRODUCTIVITY,
        unit="x",
        direction="benefit",
        driver=Driver.PRODUCTIVITY,
        label_en="Value of output per FTE (x loaded cost)",
        label_nl="Waarde van output per fte (x loonkosten)",
        help_en="The money value of a year's output of one FTE, as a multiple of its loaded cost. "
        "1.0 is the conservative standard value.",
        help_nl="De geldwaarde van een jaar output van één fte, als veelvoud van de integrale loonkosten. "
        "1,0 is de voorzichtige standaardwaarde.",
        default=_fixed(1.0),
        slider_min=0.5,
        slider_max=3.0,
        step=0.1,
        hard_max=100,
        source=SOURCES["phillips"],
    ),
    *_driver_pair(Driver.PRODUCTIVITY, _r(30, 50, 70)),
    # --- 2 Quality -----------------------------------------------------------------
    InputSpec(
        key="error_cost_baseline",
        short="eb",
        group=Group.QUALITY,
        unit="EUR/yr",
        direction="benefit",
        driver=Driver.QUALITY,
        label_en="Yearly cost of errors, complaints and rework",
        label_nl="Jaarlijkse kosten van fouten, klachten en herstelwerk",
        help_en="What errors, complaints and rework in the trained team cost today, per year.",
        help_nl="Wat fouten, klachten en herstelwerk in het getrainde team nu per jaar kosten.",
        default=_r(60000, 80000, 120_000),
        slider_min=0,
        slider_max=1_000_000,
        step=5000,
        hard_max=1e10,
        source=SOURCES["cost_of_quality"],
    ),
    InputSpec(
        key="error_reduction_pct",
        short="er",
        group=Group.QUALITY,
        unit="%",
        direction="benefit",
        driver=Driver.QUALITY,
        label_en="Reduction of errors and rework",
        label_nl="Afname van fouten en herstelwerk",
        help_en="Share of those costs that disappears after the training.",
        help_nl="Deel van die kosten dat na de training verdwijnt.",
        default=_r(5, 20, 35),
        slider_min=0,
        slider_max=60,
        step=1,
        hard_max=100,
        source=SOURCES["cost_of_quality"],
    ),
    *_driver_pair(Driver.QUALITY, _r(30, 50, 70)),
    # --- 3 Contractors ------------------------------------------------------------
    InputSpec(
        key="contractor_spend",
        short="cs",
        group=Group.CONTRACTORS,
        unit="EUR/yr",
        direction="benefit",
        driver=Driver.CONTRACTORS,
        label_en="Yearly spend on contractors and external hires",
        label_nl="Jaarlijkse uitgaven aan externe inhuur",
        help_en="What the team now spends per year on contractors for skills it lacks.",
        help_nl="Wat het team nu per jaar uitgeeft aan externe inhuur voor ontbrekende vaardigheden.",
        default=_r(30000, 50000, 80000),
        slider_min=0,
        slider_max=1_000_000,
        step=5000,
        hard_max=1e10,
        source=SOURCES["cost_of_quality"],
    ),
    InputSpec(
        key="contractor_reduction_pct",
        short="cx",
        group=Group.CONTRACTORS,
        unit="%",
        direction="benefit",
        driver=Driver.CONTRACTORS,
        label_en="Reduction of that spend",
        label_nl="Afname van die uitgaven",
        help_en="Share of the contractor spend that is no longer needed because staff can do the work.",
        help_nl="Deel van de inhuur dat niet meer nodig is omdat eigen medewerkers het werk kunnen doen.",
        default=_r(0, 10, 25),
        slider_min=0,
        slider_max=60,
        step=1,
        hard_max=100,
        source=SOURCES["assumption"],
    ),
    *_driver_pair(Driver.CONTRACTORS, _r(40, 60, 80)),
    # --- 4 Onboarding ----------------------------------------------------------------
    InputSpec(
        key="hires_per_year",
        short="hi",
        group=Group.ONBOARDING,
        unit="count",
        direction="benefit",
        driver=Driver.ONBOARDING,
        label_en="New hires per year",
        label_nl="Nieuwe medewerkers per jaar",
        help_en="New colleagues per year whose onboarding benefits from the programme.",
        help_nl="Nieuwe collega's per jaar van wie de inwerkperiode profiteert van het programma.",
        default=_fixed(8),
        slider_min=0,
        slider_max=200,
        step=1,
        hard_max=1_000_000,
        integer=True,
        source=SOURCES["assumption"],
    ),
    InputSpec(
        key="weeks_saved",
        short="ws",
        group=Group.ONBOARDING,
        unit="weeks",
        direction="benefit",
        driver=Driver.ONBOARDING,
        label_en="Weeks faster to autonomy",
        label_nl="Weken sneller zelfstandig",
        help_en="How many weeks sooner a new hire works on their own (typical time to autonomy: 6 months).",
        help_nl="Hoeveel weken eerder een nieuwe medewerker zelfstandig werkt (gebruikelijk: 6 maanden).",
        default=_r(0, 4, 8),
        slider_min=0,
        slider_max=26,
        step=1,
        hard_max=104,
        source=SOURCES["onboarding_practice"],
    ),
    InputSpec(
        key="ramp_gap_pct",
        short="rg",
        group=Group.ONBOARDING,
        unit="%",
        direction="benefit",
        driver=Driver.ONBOARDING,
        label_en="Productivity gap while ramping up",
        label_nl="Productiviteitsachterstand tijdens inwerken",
        help_en="How much less a new hire produces during onboarding, compared with an experienced colleague.",
        help_nl="Hoeveel minder een nieuwe medewerker tijdens het inwerken produceert dan een ervaren collega.",
        default=_r(30, 50, 70),
        slider_min=0,
        slider_max=100,
        step=5,
        hard_max=100,
        source=SOURCES["onboarding_practice"],
    ),
    *_driver_pair(Driver.ONBOARDING, _r(30, 50, 70)),
    # --- 5 Customers -----------------------------------------------------------------
    InputSpec(
        key="revenue_influenced",
        short="rv",
        group=Group.CUSTOMERS,
        unit="EUR/yr",
        direction="benefit",
        driver=Driver.CUSTOMERS,
        label_en="Revenue served by the trained staff",
        label_nl="Omzet bediend door de getrainde medewerkers",
        help_en="Yearly revenue from customers whose satisfaction the trained staff influence.",
        help_nl="Jaaromzet van klanten op wier tevredenheid de getrainde medewerkers invloed hebben.",
        default=_r(1_500_000, 2_000_000, 2_500_000),
        slider_min=0,
        slider_max=50_000_000,
        step=100_000,
        hard_max=1e12,
        source=SOURCES["assumption"],
    ),
    InputSpec(
        key="gross_margin_pct",
        short="gm",
        group=Group.CUSTOMERS,
        unit="%",
        direction="benefit",
        driver=Driver.CUSTOMERS,
        label_en="Gross margin",
        label_nl="Brutomarge",
        help_en="Share of revenue left after direct costs: the value of keeping a euro of revenue.",
        help_nl="Deel van de omzet dat overblijft na directe kosten: wat een behouden euro omzet waard is.",
        default=_r(20, 30, 40),
        slider_min=0,
        slider_max=100,
        step=1,
        hard_max=100,
        source=SOURCES["assumption"],
    ),
    InputSpec(
        key="nps_increase",
        short="np",
        group=Group.CUSTOMERS,
        unit="points",
        direction="benefit",
        driver=Driver.CUSTOMERS,
        label_en="NPS increase",
        label_nl="Stijging van de NPS",
        help_en="Net Promoter Score points gained through better-trained staff.",
        help_nl="Punten Net Promoter Score die beter getrainde medewerkers opleveren.",
        default=_r(0, 3, 6),
        slider_min=0,
        slider_max=20,
        step=1,
        hard_max=200,
        source=SOURCES["assumption"],
    ),
    InputSpec(
        key="churn_per_nps_point",
        short="cp",
        group=Group.CUSTOMERS,
        unit="pp",
        direction="benefit",
        driver=Driver.CUSTOMERS,
        label_en="Less customer churn per NPS point",
        label_nl="Minder klantverloop per NPS-punt",
        help_en="Percentage points of revenue kept per NPS point gained (leverage: see Reichheld & Sasser).",
        help_nl="Procentpunten omzet die per extra NPS-punt behouden blijven (hefboom: zie Reichheld & Sasser).",
        default=_r(0.0, 0.1, 0.3),
        slider_min=0,
        slider_max=1,
        step=0.05,
        hard_max=100,
        source=SOURCES["reichheld"],
    ),
    *_driver_pair(Driver.CUSTOMERS, _r(20, 40, 60)),
    # --- 6 Turnover --------------------------------------------------------------------
    InputSpec(
        key="turnover_rate_pct",
        short="tr",
        group=Group.TURNOVER,
        unit="%",
        direction="benefit",
        # driver=None on purpose: survival of the trained uses it even when the turnover driver is off.
        label_en="Voluntary turnover today",
        label_nl="Vrijwillig verloop nu",
        help_en="Share of employees who leave of their own accord each year. Leavers also take their "
        "training with them, so it reduces every people-based benefit.",
        help_nl="Deel van de medewerkers dat per jaar zelf vertrekt. Vertrekkers nemen hun training mee, "
        "dus dit verlaagt alle baten die aan mensen hangen.",
        default=_r(7, 10, 15),
        slider_min=0,
        slider_max=40,
        step=1,
        hard_max=100,
        source=SOURCES["cbs_turnover"],
    ),
    InputSpec(
        key="turnover_reduction_pp",
        short="td",
        group=Group.TURNOVER,
        unit="pp",
        direction="benefit",
        driver=Driver.TURNOVER,
        label_en="Turnover reduction",
        label_nl="Afname van het verloop",
        help_en="Percentage points less turnover among trained employees.",
        help_nl="Procentpunten minder verloop onder getrainde medewerkers.",
        default=_r(0, 1, 3),
        slider_min=0,
        slider_max=10,
        step=0.5,
        hard_max=100,
        source=SOURCES["linkedin_wlr"],
    ),
    InputSpec(
        key="replacement_cost_pct",
        short="rp",
        group=Group.TURNOVER,
        unit="%",
        direction="benefit",
        driver=Driver.TURNOVER,
        label_en="Cost of replacing a leaver (share of salary)",
        label_nl="Kosten van het vervangen van een vertrekker (deel van het salaris)",
        help_en="Recruitment, onboarding and lost output per leaver, as a share of a yearly gross salary.",
        help_nl="Werving, inwerken en gemiste output per vertrekker, als deel van een bruto jaarsalaris.",
        default=_r(15, 25, 50),
        slider_min=0,
        slider_max=200,
        step=5,
        hard_max=1000,
        source=SOURCES["replacement_cost"],
    ),
    *_driver_pair(Driver.TURNOVER, _r(20, 40, 60)),
    # --- 7 Absence -----------------------------------------------------------------------
    InputSpec(
        key="absence_rate_pct",
        short="ar",
        group=Group.ABSENCE,
        unit="%",
        direction="benefit",
        driver=Driver.ABSENCE,
        label_en="Sickness absence today",
        label_nl="Ziekteverzuim nu",
        help_en="Share of working days lost to sickness. The reduction cannot exceed it.",
        help_nl="Deel van de werkdagen dat verloren gaat aan ziekte. De afname kan niet groter zijn.",
        default=_r(4, 5, 6.5),
        slider_min=0,
        slider_max=15,
        step=0.1,
        hard_max=100,
        source=SOURCES["cbs_absence"],
    ),
    InputSpec(
        key="absence_reduction_pp",
        short="ad",
        group=Group.ABSENCE,
        unit="pp",
        direction="benefit",
        driver=Driver.ABSENCE,
        label_en="Absence reduction",
        label_nl="Afname van het verzuim",
        help_en="Percentage points less absence among trained employees.",
        help_nl="Procentpunten minder verzuim onder getrainde medewerkers.",
        default=_r(0, 0.2, 0.5),
        slider_min=0,
        slider_max=2,
        step=0.1,
        hard_max=100,
        source=SOURCES["assumption"],
    ),
    InputSpec(
        key="absence_day_cost",
        short="ay",
        group=Group.ABSENCE,
        unit="EUR/day",
        direction="benefit",
        driver=Driver.ABSENCE,
        label_en="Cost per absence day",
        label_nl="Kosten per verzuimdag",
        help_en="Wage continuation, replacement and lost output per day of absence.",
        help_nl="Loondoorbetaling, vervanging en gemiste output per verzuimdag.",
        default=_r(250, 300, 400),
        slider_min=0,
        slider_max=800,
        step=10,
        hard_max=1e6,
        source=SOURCES["absence_cost"],
    ),
    *_driver_pair(Driver.ABSENCE, _r(20, 40, 60)),
    # --- added later, kept last: each input's random stream is keyed on its place in this tuple, so inputs
    # appended here leave every earlier input's draws (and old links' numbers) as they were. Shown in their group.
    InputSpec(
        key="leaver_cost_eur",
        short="rl",
        group=Group.TURNOVER,
        unit="EUR/leaver",
        direction="benefit",
        driver=Driver.TURNOVER,
        label_en="Cost of replacing a leaver (amount)",
        label_nl="Kosten van het vervangen van een vertrekker (bedrag)",
        help_en="Recruitment, onboarding and lost output per leaver, as an amount. Used instead of the share of "
        "salary when the cost per leaver is given as an amount (textbook exercises usually give one).",
        help_nl="Werving, inwerken en gemiste output per vertrekker, als bedrag. Telt in plaats van het deel van het "
        "salaris wanneer de kosten per vertrekker als bedrag zijn opgegeven (zoals in de meeste leerboekopgaven).",
        default=_r(5000, 10000, 20000),
        slider_min=0,
        slider_max=100_000,
        step=500,
        hard_max=1e8,
        source=SOURCES["replacement_cost"],
    ),
)

INPUTS: MappingProxyType[str, InputSpec] = MappingProxyType({s.key: s for s in _SPECS})
INPUT_KEYS: tuple[str, ...] = tuple(INPUTS)
#: The input key of each short key (the short forms links and URLs use), the reverse of ``InputSpec.short``.
INPUT_BY_SHORT: MappingProxyType[str, str] = MappingProxyType({s.short: s.key for s in _SPECS})
#: How many inputs share each label, per language (shared labels get their driver's name: ``distinct_label``).
_SHARED_LABELS: MappingProxyType[str, Counter[str]] = MappingProxyType(
    {lang: Counter(s.label(lang) for s in _SPECS) for lang in LANGS}
)


def spec(key: str) -> InputSpec:
    """The :class:`InputSpec` of ``key``; ``KeyError`` naming the key if unknown.

    A custom line's key gives the spec of a line called by its number (unit, bounds and decimals are those of
    every custom line); :meth:`roi_core.Scenario.input` gives it with the line's name and range.

    >>> spec("participants").unit, spec("custom:1:value").label("en")
    ('count', 'Custom line 2')
    """
    if key in INPUTS:
        return INPUTS[key]
    custom = parse_custom_key(key)
    if custom is None:
        raise KeyError(f"unknown input {key!r}")
    return custom_spec(*custom)


def inputs_of_group(group: Group | str) -> tuple[InputSpec, ...]:
    """Inputs shown under ``group``, in registry order."""
    g = Group(group)
    return tuple(s for s in _SPECS if s.group is g)


def inputs_of_driver(driver: Driver | str) -> tuple[InputSpec, ...]:
    """Inputs that belong to ``driver`` (including its attribution and confidence)."""
    d = Driver(driver)
    return tuple(s for s in _SPECS if s.driver is d)


@dataclass(frozen=True)
class FieldBounds:
    """What a number that is not a model input accepts (seed, target ROI, hurdle, custom benefit lines).

    The one home of these limits: the scenario's constructors, its file format and JSON Schema, the link
    decoder and the typed fields all read them, so that every value a file, a link, the command line or a
    field can give is finite, formattable and safe to simulate.

    ``min``/``max`` are refused beyond (the field says why, with this range);
    ``plausible_min``/``plausible_max`` are accepted with a warning beyond.
    Model inputs carry their own bounds in :class:`InputSpec` (``hard_*`` and
    ``slider_*``); :func:`field_bounds` gives both kinds the same shape.

    >>> b = FIELD_BOUNDS["custom_value_eur"]
    >>> b.check(2e12), b.check(5e8), b.check(12_500.0)
    ('outside', 'implausible', 'ok')
    >>> FIELD_BOUNDS["hurdle_pct"].contains(25.0), b.contains(1e308)
    (True, False)
    """

    key: str
    unit: Unit | Literal[""]
    min: float
    max: float
    plausible_min: float
    plausible_max: float
    integer: bool = False

    def contains(self, x: float) -> bool:
        """Whether ``x`` lies within the allowed range (inclusive)."""
        return self.min <= x <= self.max

    def check(self, x: float) -> Literal["ok", "implausible", "outside", "not_whole"]:
        """``"outside"`` the allowed range, ``"not_whole"`` for a fraction where whole numbers are asked,
        ``"implausible"`` outside the plausible range, else ``"ok"``."""
        if not self.min <= x <= self.max:
            return "outside"
        if self.integer and not float(x).is_integer():
            return "not_whole"
        if not self.plausible_min <= x <= self.plausible_max:
            return "implausible"
        return "ok"


#: The largest seed a browser holds exactly (2**53 - 1): links and fields keep it as typed.
_MAX_EXACT_SEED = float(2**53 - 1)

FIELD_BOUNDS: MappingProxyType[str, FieldBounds] = MappingProxyType(
    {
        b.key: b
        for b in (
            FieldBounds("seed", "", 0.0, _MAX_EXACT_SEED, 0.0, _MAX_EXACT_SEED, integer=True),
            # The goal seek's target ROI: below -100 % is impossible (more than the whole cost lost).
            FieldBounds("target_roi_pct", "%", -100.0, 10_000.0, -100.0, 1_000.0),
            # ROI (per cent) the programme should beat: from losing everything to an eleven-fold return; the
            # sidebar's slider spans the plausible part (widened to hold a scenario's own value).
            FieldBounds("hurdle_pct", "%", -100.0, 1_000.0, -50.0, 100.0),
            # A custom benefit line's yearly value: negative values are costs the training causes; the same
            # limit as the largest input (revenue influenced, 1e12): twenty such lines over five years stay far
            # from overflow. Beyond a hundred million a year per line is not a workshop's training programme
            # (a typo of a few zeros).
            FieldBounds("custom_value_eur", "EUR/yr", -1e12, 1e12, -1e8, 1e8),
            # Shares in per cent (a custom line's attribution and confidence).
            FieldBounds("custom_attribution_pct", "%", 0.0, 100.0, 0.0, 100.0),
            FieldBounds("custom_confidence_pct", "%", 0.0, 100.0, 0.0, 100.0),
            # The pilot design ("Worth finding out first"), in the sized input's own unit: a precision or
            # smallest effect and a spread between people must be above 0 (a zero would ask for infinitely
            # many people); beyond ten thousand units is a typo in every input a pilot can measure.
            FieldBounds("pilot_size", "", 1e-6, 1e9, 1e-3, 1e4),
            FieldBounds("pilot_sd", "", 1e-6, 1e9, 1e-3, 1e4),
            # People per team: 1 means people are assigned one by one; teams beyond a few hundred are departments.
            FieldBounds("pilot_team_size", "", 1.0, 10_000.0, 1.0, 500.0, integer=True),
            # The intraclass correlation is a share of variance; work outcomes rarely exceed 0.3.
            FieldBounds("pilot_icc", "", 0.0, 1.0, 0.0, 0.3),
        )
    }
)


def field_bounds(key: str) -> FieldBounds:
    """The bounds of a typed field: an entry of :data:`FIELD_BOUNDS`, or a model input's (hard and slider span).

    >>> field_bounds("participants").max, field_bounds("seed").integer
    (1000000, True)
    """
    if key in FIELD_BOUNDS:
        return FIELD_BOUNDS[key]
    s = spec(key)  # a custom line's part too
    return FieldBounds(key, s.unit, s.hard_min, s.hard_max, s.slider_min, s.slider_max, integer=s.integer)


def _check_registry() -> None:
    shorts = [s.short for s in _SPECS]
    if len(set(shorts)) != len(shorts):
        raise AssertionError("duplicate short keys in the input registry")
    for s in _SPECS:
        if SOURCES.get(s.source.key) is not s.source:
            raise AssertionError(f"{s.key}: unknown source {s.source.key!r}")
        if _CUSTOM_SHORT.fullmatch(s.short):
            raise AssertionError(f"{s.key}: short key {s.short!r} has the form of a custom line's")
        d = s.default
        if not (s.hard_min <= d.low and d.high <= s.hard_max):
            raise AssertionError(f"{s.key}: default outside hard bounds")


_check_registry()
