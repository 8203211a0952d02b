"""The registry of model inputs: names, units, texts, defaults and sources.

Pages, the Method page, the scenario format and the command line all read
this registry; nothing else defines what an input means. Percentages are
stored as the user sees them (``5.0`` means 5 %); the model divides by 100.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Literal, cast

from roi_core.distributions import Range, Shape

__all__ = [
    "Driver",
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
    "CUSTOM_UNITS",
    "custom_key",
    "is_custom_key",
    "parse_custom_key",
    "FieldBounds",
    "FIELD_BOUNDS",
    "field_bounds",
]

Lang = Literal["en", "nl"]

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


@dataclass(frozen=True)
class InputSpec:
    """One model input.

    ``slider_min`` / ``slider_max`` span the plausible range shown on sliders;
    ``hard_min`` / ``hard_max`` are what the model accepts at all (draws are
    clipped to them). ``point_only`` inputs are single numbers that only the
    conservative point estimate uses (confidence), never sampled.
    """

    key: str
    short: str
    group: Group
    unit: Unit
    label_en: str
    label_nl: str
    help_en: str
    help_nl: str
    default: Range
    slider_min: float
    slider_max: float
    step: float
    source: str
    hard_min: float = 0.0
    hard_max: float = float("inf")
    driver: Driver | None = None
    point_only: bool = False
    integer: bool = False

    @property
    def decimals(self) -> int:
        """Decimals of the slider step: 0 for whole steps, else as many as the step has.

        The one rule for showing an input's values (sliders, tables, charts, rounding).

        >>> [spec(k).decimals for k in ("participants", "productivity_gain_pct", "discount_rate")]
        [0, 1, 2]
        """
        return max(0, -int(Decimal(str(self.step)).normalize().as_tuple().exponent))

    def label(self, lang: Lang) -> str:
        """The input's name in ``lang`` ("en" or "nl")."""
        return self.label_nl if lang == "nl" else self.label_en

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
#: The unit of each part of a custom line.
CUSTOM_UNITS: MappingProxyType[CustomPart, Unit] = MappingProxyType({"value": "EUR/yr", "attribution": "%"})
_CUSTOM_KEY = re.compile(r"custom:([0-9]+):(value|attribution)")


def custom_key(i: int, part: CustomPart) -> str:
    """The input key of part ``part`` of custom line ``i`` (the one place that builds it).

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
            attribution_key(driver),
            f"a{s}",
            Group(driver.value),
            "%",
            "Share due to the training",
            "Deel dat door de training komt",
            f"Of the improvement in {label_en}, the part that is caused by the training and not by "
            "other changes (isolation). Measure it with a control group or trend line if you can.",
            f"Van de verbetering bij '{label_nl}' het deel dat door de training komt en niet door "
            "andere veranderingen (isolatie). Meet dit met een controlegroep of trendlijn als dat kan.",
            attribution,
            0,
            100,
            5,
            "assumption",
            hard_max=100,
            driver=driver,
        ),
        InputSpec(
            confidence_key(driver),
            f"k{s}",
            Group(driver.value),
            "%",
            "Confidence in the estimate",
            "Zekerheid van de schatting",
            "How sure the estimators are of these figures. Only the conservative (Phillips) point "
            "estimate multiplies by it; the simulation shows doubt as ranges instead.",
            "Hoe zeker de schatters van deze cijfers zijn. Alleen de voorzichtige (Phillips-)puntschatting "
            "vermenigvuldigt hiermee; de simulatie laat twijfel zien als bandbreedte.",
            _fixed(70),
            0,
            100,
            5,
            "noe",
            hard_max=100,
            driver=driver,
            point_only=True,
        ),
    )


_SPECS: tuple[InputSpec, ...] = (
    # --- Programme and costs ---------------------------------------------------
    InputSpec(
        "participants",
        "n",
        Group.PROGRAMME,
        "count",
        "Participants",
        "Deelnemers",
        "Number of employees who start the programme.",
        "Aantal medewerkers dat aan het programma begint.",
        _fixed(50),
        1,
        1000,
        1,
        "assumption",
        hard_min=1,
        hard_max=1_000_000,
        integer=True,
    ),
    InputSpec(
        "completion_rate",
        "cr",
        Group.PROGRAMME,
        "%",
        "Completion rate",
        "Afrondingspercentage",
        "Share of participants who finish and apply the programme. Only they create benefits; "
        "everyone who starts costs money.",
        "Deel van de deelnemers dat het programma afrondt en toepast. Alleen zij leveren op; "
        "iedereen die begint kost geld.",
        _r(75, 90, 98),
        0,
        100,
        1,
        "assumption",
        hard_max=100,
    ),
    InputSpec(
        "content_cost",
        "cc",
        Group.PROGRAMME,
        "EUR/participant",
        "Content and licences per participant",
        "Content en licenties per deelnemer",
        "Direct programme cost per participant: course fees, licences, materials.",
        "Directe programmakosten per deelnemer: cursusgeld, licenties, materiaal.",
        _r(400, 600, 900),
        0,
        5000,
        50,
        "atd_soti",
        hard_max=1e7,
    ),
    InputSpec(
        "design_cost",
        "dc",
        Group.PROGRAMME,
        "EUR",
        "Design and development (one-off)",
        "Ontwerp en ontwikkeling (eenmalig)",
        "Needs analysis, design and development of the programme, paid once.",
        "Behoefteanalyse, ontwerp en ontwikkeling van het programma, eenmalig.",
        _r(8000, 10000, 15000),
        0,
        200_000,
        1000,
        "phillips",
        hard_max=1e9,
    ),
    InputSpec(
        "facilitation_cost",
        "fc",
        Group.PROGRAMME,
        "EUR",
        "Trainers and coaching (year 1)",
        "Trainers en coaching (jaar 1)",
        "Facilitators, coaches, venue and travel for the first year.",
        "Trainers, coaches, locatie en reizen in het eerste jaar.",
        _r(6000, 8000, 12000),
        0,
        200_000,
        1000,
        "phillips",
        hard_max=1e9,
    ),
    InputSpec(
        "learning_hours",
        "lh",
        Group.PROGRAMME,
        "h",
        "Learning hours per participant",
        "Leeruren per deelnemer",
        "Working hours each participant spends learning. They are paid at the loaded hourly cost.",
        "Werkuren die elke deelnemer aan leren besteedt. Ze kosten het integrale uurloon.",
        _r(16, 24, 36),
        0,
        120,
        1,
        "atd_soti",
        hard_max=2000,
    ),
    InputSpec(
        "overhead_pct",
        "oh",
        Group.PROGRAMME,
        "%",
        "Administration and overhead",
        "Administratie en overhead",
        "Administration, support and overhead as a share of content, design and trainer costs.",
        "Administratie, ondersteuning en overhead als deel van content-, ontwerp- en trainerskosten.",
        _r(10, 15, 20),
        0,
        50,
        1,
        "phillips",
        hard_max=500,
    ),
    InputSpec(
        "evaluation_cost",
        "ec",
        Group.PROGRAMME,
        "EUR",
        "Evaluation and reporting",
        "Evaluatie en rapportage",
        "Measuring and reporting the results, paid once.",
        "Meten en rapporteren van de resultaten, eenmalig.",
        _r(2000, 3000, 5000),
        0,
        50_000,
        500,
        "phillips",
        hard_max=1e9,
    ),
    InputSpec(
        "recurring_cost",
        "rc",
        Group.PROGRAMME,
        "EUR/participant",
        "Recurring cost per trained employee per later year",
        "Terugkerende kosten per getrainde medewerker per later jaar",
        "Licences and refreshers from year 2 on, for each employee who completed the programme. "
        "Counted only for a continuous programme.",
        "Licenties en opfrismomenten vanaf jaar 2, voor elke medewerker die het programma afrondde. "
        "Telt alleen bij een doorlopend programma.",
        _r(200, 300, 450),
        0,
        3000,
        25,
        "phillips",
        hard_max=1e7,
    ),
    # --- Workforce ---------------------------------------------------------------
    InputSpec(
        "gross_salary",
        "gs",
        Group.WORKFORCE,
        "EUR/yr",
        "Average gross yearly salary",
        "Gemiddeld bruto jaarsalaris",
        "Average gross salary of the participants, including holiday pay.",
        "Gemiddeld brutosalaris van de deelnemers, inclusief vakantiegeld.",
        _r(38000, 42000, 48000),
        20000,
        120_000,
        1000,
        "cbs_wages",
        hard_max=1e7,
    ),
    InputSpec(
        "oncost_pct",
        "oc",
        Group.WORKFORCE,
        "%",
        "Employer on-costs",
        "Werkgeverslasten",
        "Social charges, pension and other employer costs on top of gross salary.",
        "Sociale lasten, pensioen en andere werkgeverskosten bovenop het brutoloon.",
        _r(25, 30, 40),
        0,
        80,
        1,
        "nl_payroll",
        hard_max=300,
    ),
    InputSpec(
        "working_days",
        "wd",
        Group.WORKFORCE,
        "days",
        "Working days per year",
        "Werkdagen per jaar",
        "Days worked per FTE per year, after holidays. Turns yearly cost into day and hour cost.",
        "Gewerkte dagen per fte per jaar, na vakantie. Rekent jaarkosten om naar dag- en uurkosten.",
        _fixed(220),
        150,
        260,
        1,
        "assumption",
        hard_min=1,
        hard_max=366,
    ),
    # --- Time ----------------------------------------------------------------------
    InputSpec(
        "ramp_up_months",
        "ru",
        Group.TIME,
        "months",
        "Months until full effect",
        "Maanden tot volledig effect",
        "Time after the start until participants apply the new skills fully (the effect grows linearly).",
        "Tijd na de start tot deelnemers het geleerde volledig toepassen (het effect groeit lineair).",
        _r(1, 2, 4),
        0,
        24,
        1,
        "assumption",
        hard_max=60,
    ),
    InputSpec(
        "half_life_months",
        "hl",
        Group.TIME,
        "months",
        "Half-life of the effect",
        "Halfwaardetijd van het effect",
        "Months after which half of the effect has faded without reinforcement (skill decay).",
        "Maanden waarna de helft van het effect is verdwenen zonder onderhoud (vaardigheidsverval).",
        _r(6, 12, 24),
        1,
        60,
        1,
        "skill_decay",
        hard_min=0.5,
        hard_max=1200,
    ),
    InputSpec(
        "discount_rate",
        "dr",
        Group.TIME,
        "%",
        "Discount rate",
        "Disconteringsvoet",
        "Yearly rate at which later money counts less. 0 % for a one-year view; 2.25 % (Dutch government) "
        "or your cost of capital for several years.",
        "Jaarlijks percentage waarmee later geld minder zwaar telt. 0 % bij één jaar; 2,25 % (Rijksoverheid) "
        "of uw vermogenskosten bij meerdere jaren.",
        _fixed(8),
        0,
        15,
        0.25,
        "discount_rate",
        hard_max=100,
    ),
    # --- 1 Productivity -------------------------------------------------------------
    InputSpec(
        "productivity_gain_pct",
        "pg",
        Group.PRODUCTIVITY,
        "%",
        "Productivity gain per trained employee",
        "Productiviteitsstijging per getrainde medewerker",
        "How much more a trained employee produces, as a share of their output.",
        "Hoeveel meer een getrainde medewerker produceert, als deel van zijn of haar output.",
        _r(1, 5, 12),
        0,
        25,
        0.5,
        "productivity_studies",
        hard_max=100,
        driver=Driver.PRODUCTIVITY,
    ),
    InputSpec(
        "output_value_multiple",
        "ov",
        Group.PRODUCTIVITY,
        "x",
        "Value of output per FTE (x loaded cost)",
        "Waarde van output per fte (x loonkosten)",
        "The money value of a year's output of one FTE, as a multiple of its loaded cost. "
        "1.0 is the conservative standard value.",
        "De geldwaarde van een jaar output van één fte, als veelvoud van de integrale loonkosten. "
        "1,0 is de voorzichtige standaardwaarde.",
        _fixed(1.0),
        0.5,
        3.0,
        0.1,
        "phillips",
        hard_max=100,
        driver=Driver.PRODUCTIVITY,
    ),
    *_driver_pair(Driver.PRODUCTIVITY, _r(30, 50, 70)),
    # --- 2 Quality -----------------------------------------------------------------
    InputSpec(
        "error_cost_baseline",
        "eb",
        Group.QUALITY,
        "EUR/yr",
        "Yearly cost of errors, complaints and rework",
        "Jaarlijkse kosten van fouten, klachten en herstelwerk",
        "What errors, complaints and rework in the trained team cost today, per year.",
        "Wat fouten, klachten en herstelwerk in het getrainde team nu per jaar kosten.",
        _r(60000, 80000, 120_000),
        0,
        1_000_000,
        5000,
        "cost_of_quality",
        hard_max=1e10,
        driver=Driver.QUALITY,
    ),
    InputSpec(
        "error_reduction_pct",
        "er",
        Group.QUALITY,
        "%",
        "Reduction of errors and rework",
        "Afname van fouten en herstelwerk",
        "Share of those costs that disappears after the training.",
        "Deel van die kosten dat na de training verdwijnt.",
        _r(5, 20, 35),
        0,
        60,
        1,
        "cost_of_quality",
        hard_max=100,
        driver=Driver.QUALITY,
    ),
    *_driver_pair(Driver.QUALITY, _r(30, 50, 70)),
    # --- 3 Contractors ------------------------------------------------------------
    InputSpec(
        "contractor_spend",
        "cs",
        Group.CONTRACTORS,
        "EUR/yr",
        "Yearly spend on contractors and external hires",
        "Jaarlijkse uitgaven aan externe inhuur",
        "What the team now spends per year on contractors for skills it lacks.",
        "Wat het team nu per jaar uitgeeft aan externe inhuur voor ontbrekende vaardigheden.",
        _r(30000, 50000, 80000),
        0,
        1_000_000,
        5000,
        "cost_of_quality",
        hard_max=1e10,
        driver=Driver.CONTRACTORS,
    ),
    InputSpec(
        "contractor_reduction_pct",
        "cx",
        Group.CONTRACTORS,
        "%",
        "Reduction of that spend",
        "Afname van die uitgaven",
        "Share of the contractor spend that is no longer needed because staff can do the work.",
        "Deel van de inhuur dat niet meer nodig is omdat eigen medewerkers het werk kunnen doen.",
        _r(0, 10, 25),
        0,
        60,
        1,
        "assumption",
        hard_max=100,
        driver=Driver.CONTRACTORS,
    ),
    *_driver_pair(Driver.CONTRACTORS, _r(40, 60, 80)),
    # --- 4 Onboarding ----------------------------------------------------------------
    InputSpec(
        "hires_per_year",
        "hi",
        Group.ONBOARDING,
        "count",
        "New hires per year",
        "Nieuwe medewerkers per jaar",
        "New colleagues per year whose onboarding benefits from the programme.",
        "Nieuwe collega's per jaar van wie de inwerkperiode profiteert van het programma.",
        _fixed(8),
        0,
        200,
        1,
        "assumption",
        hard_max=1_000_000,
        integer=True,
        driver=Driver.ONBOARDING,
    ),
    InputSpec(
        "weeks_saved",
        "ws",
        Group.ONBOARDING,
        "weeks",
        "Weeks faster to autonomy",
        "Weken sneller zelfstandig",
        "How many weeks sooner a new hire works on their own (typical time to autonomy: 6 months).",
        "Hoeveel weken eerder een nieuwe medewerker zelfstandig werkt (gebruikelijk: 6 maanden).",
        _r(0, 4, 8),
        0,
        26,
        1,
        "onboarding_practice",
        hard_max=104,
        driver=Driver.ONBOARDING,
    ),
    InputSpec(
        "ramp_gap_pct",
        "rg",
        Group.ONBOARDING,
        "%",
        "Productivity gap while ramping up",
        "Productiviteitsachterstand tijdens inwerken",
        "How much less a new hire produces during onboarding, compared with an experienced colleague.",
        "Hoeveel minder een nieuwe medewerker tijdens het inwerken produceert dan een ervaren collega.",
        _r(30, 50, 70),
        0,
        100,
        5,
        "onboarding_practice",
        hard_max=100,
        driver=Driver.ONBOARDING,
    ),
    *_driver_pair(Driver.ONBOARDING, _r(30, 50, 70)),
    # --- 5 Customers -----------------------------------------------------------------
    InputSpec(
        "revenue_influenced",
        "rv",
        Group.CUSTOMERS,
        "EUR/yr",
        "Revenue served by the trained staff",
        "Omzet bediend door de getrainde medewerkers",
        "Yearly revenue from customers whose satisfaction the trained staff influence.",
        "Jaaromzet van klanten op wier tevredenheid de getrainde medewerkers invloed hebben.",
        _r(1_500_000, 2_000_000, 2_500_000),
        0,
        50_000_000,
        100_000,
        "assumption",
        hard_max=1e12,
        driver=Driver.CUSTOMERS,
    ),
    InputSpec(
        "gross_margin_pct",
        "gm",
        Group.CUSTOMERS,
        "%",
        "Gross margin",
        "Brutomarge",
        "Share of revenue left after direct costs: the value of keeping a euro of revenue.",
        "Deel van de omzet dat overblijft na directe kosten: wat een behouden euro omzet waard is.",
        _r(20, 30, 40),
        0,
        100,
        1,
        "assumption",
        hard_max=100,
        driver=Driver.CUSTOMERS,
    ),
    InputSpec(
        "nps_increase",
        "np",
        Group.CUSTOMERS,
        "points",
        "NPS increase",
        "Stijging van de NPS",
        "Net Promoter Score points gained through better-trained staff.",
        "Punten Net Promoter Score die beter getrainde medewerkers opleveren.",
        _r(0, 3, 6),
        0,
        20,
        1,
        "assumption",
        hard_max=200,
        driver=Driver.CUSTOMERS,
    ),
    InputSpec(
        "churn_per_nps_point",
        "cp",
        Group.CUSTOMERS,
        "pp",
        "Less customer churn per NPS point",
        "Minder klantverloop per NPS-punt",
        "Percentage points of revenue kept per NPS point gained (leverage: see Reichheld & Sasser).",
        "Procentpunten omzet die per extra NPS-punt behouden blijven (hefboom: zie Reichheld & Sasser).",
        _r(0.0, 0.1, 0.3),
        0,
        1,
        0.05,
        "reichheld",
        hard_max=100,
        driver=Driver.CUSTOMERS,
    ),
    *_driver_pair(Driver.CUSTOMERS, _r(20, 40, 60)),
    # --- 6 Turnover --------------------------------------------------------------------
    InputSpec(
        "turnover_rate_pct",
        "tr",
        Group.TURNOVER,
        "%",
        "Voluntary turnover today",
        "Vrijwillig verloop nu",
        "Share of employees who leave of their own accord each year. Leavers also take their "
        "training with them, so it reduces every people-based benefit.",
        "Deel van de medewerkers dat per jaar zelf vertrekt. Vertrekkers nemen hun training mee, "
        "dus dit verlaagt alle baten die aan mensen hangen.",
        # driver=None on purpose: survival of the trained uses it even when the turnover driver is off.
        _r(7, 10, 15),
        0,
        40,
        1,
        "cbs_turnover",
        hard_max=100,
    ),
    InputSpec(
        "turnover_reduction_pp",
        "td",
        Group.TURNOVER,
        "pp",
        "Turnover reduction",
        "Afname van het verloop",
        "Percentage points less turnover among trained employees.",
        "Procentpunten minder verloop onder getrainde medewerkers.",
        _r(0, 1, 3),
        0,
        10,
        0.5,
        "linkedin_wlr",
        hard_max=100,
        driver=Driver.TURNOVER,
    ),
    InputSpec(
        "replacement_cost_pct",
        "rp",
        Group.TURNOVER,
        "%",
        "Cost of replacing a leaver (share of salary)",
        "Kosten van het vervangen van een vertrekker (deel van het salaris)",
        "Recruitment, onboarding and lost output per leaver, as a share of a yearly gross salary.",
        "Werving, inwerken en gemiste output per vertrekker, als deel van een bruto jaarsalaris.",
        _r(15, 25, 50),
        0,
        200,
        5,
        "replacement_cost",
        hard_max=1000,
        driver=Driver.TURNOVER,
    ),
    *_driver_pair(Driver.TURNOVER, _r(20, 40, 60)),
    # --- 7 Absence -----------------------------------------------------------------------
    InputSpec(
        "absence_rate_pct",
        "ar",
        Group.ABSENCE,
        "%",
        "Sickness absence today",
        "Ziekteverzuim nu",
        "Share of working days lost to sickness. The reduction cannot exceed it.",
        "Deel van de werkdagen dat verloren gaat aan ziekte. De afname kan niet groter zijn.",
        _r(4, 5, 6.5),
        0,
        15,
        0.1,
        "cbs_absence",
        hard_max=100,
        driver=Driver.ABSENCE,
    ),
    InputSpec(
        "absence_reduction_pp",
        "ad",
        Group.ABSENCE,
        "pp",
        "Absence reduction",
        "Afname van het verzuim",
        "Percentage points less absence among trained employees.",
        "Procentpunten minder verzuim onder getrainde medewerkers.",
        _r(0, 0.2, 0.5),
        0,
        2,
        0.1,
        "assumption",
        hard_max=100,
        driver=Driver.ABSENCE,
    ),
    InputSpec(
        "absence_day_cost",
        "ay",
        Group.ABSENCE,
        "EUR/day",
        "Cost per absence day",
        "Kosten per verzuimdag",
        "Wage continuation, replacement and lost output per day of absence.",
        "Loondoorbetaling, vervanging en gemiste output per verzuimdag.",
        _r(250, 300, 400),
        0,
        800,
        10,
        "absence_cost",
        hard_max=1e6,
        driver=Driver.ABSENCE,
    ),
    *_driver_pair(Driver.ABSENCE, _r(20, 40, 60)),
    # --- added later, kept last: each input's random stream is keyed on its place in this tuple, so inputs
    # appended here leave every earlier input's draws (and old links' numbers) as they were. Shown in their group.
    InputSpec(
        "leaver_cost_eur",
        "rl",
        Group.TURNOVER,
        "EUR/leaver",
        "Cost of replacing a leaver (amount)",
        "Kosten van het vervangen van een vertrekker (bedrag)",
        "Recruitment, onboarding and lost output per leaver, as an amount. Used instead of the share of "
        "salary when the cost per leaver is given as an amount (textbook exercises usually give one).",
        "Werving, inwerken en gemiste output per vertrekker, als bedrag. Telt in plaats van het deel van het "
        "salaris wanneer de kosten per vertrekker als bedrag zijn opgegeven (zoals in de meeste leerboekopgaven).",
        _r(5000, 10000, 20000),
        0,
        100_000,
        500,
        "replacement_cost",
        hard_max=1e8,
        driver=Driver.TURNOVER,
    ),
)

INPUTS: MappingProxyType[str, InputSpec] = MappingProxyType({s.key: s for s in _SPECS})
INPUT_KEYS: tuple[str, ...] = tuple(INPUTS)
#: The input key of each short key (the short forms links and URLs use), the reverse of ``InputSpec.short``.
INPUT_BY_SHORT: MappingProxyType[str, str] = MappingProxyType({s.short: s.key for s in _SPECS})


def spec(key: str) -> InputSpec:
    """The :class:`InputSpec` of ``key``; ``KeyError`` naming the key if unknown."""
    try:
        return INPUTS[key]
    except KeyError:
        raise KeyError(f"unknown input {key!r}") from None


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
    s = spec(key)
    return FieldBounds(key, s.unit, s.hard_min, s.hard_max, s.slider_min, s.slider_max, integer=s.integer)


def _check_registry() -> None:
    shorts = [s.short for s in _SPECS]
    if len(set(shorts)) != len(shorts):
        raise AssertionError("duplicate short keys in the input registry")
    for s in _SPECS:
        if s.source not in SOURCES:
            raise AssertionError(f"{s.key}: unknown source {s.source!r}")
        d = s.default
        if not (s.hard_min <= d.low and d.high <= s.hard_max):
            raise AssertionError(f"{s.key}: default outside hard bounds")


_check_registry()
