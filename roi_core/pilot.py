"""Pilot design: how large a comparison of trained and untrained groups must be, what it costs, what it is worth.

For the assumption that is most worth finding out first (the largest EVPPI),
a pilot trains one group and leaves a comparable group untrained, then
compares the outcome. Two ways to size it, per group:

* **precision**: the 95 % confidence interval of the difference should be no
  wider than ``+- half_width``: ``n = 2 z^2 sd^2 / half_width^2``
  (``z = 1.96``);
* **power**: a true effect of ``mde`` (minimal detectable effect) should be
  found with 80 % power at a two-sided 5 % level:
  ``n = 2 (z_a + z_b)^2 sd^2 / mde^2``, from statsmodels'
  :class:`~statsmodels.stats.power.NormalIndPower`.

When whole teams are trained (teams of ``m`` people, intraclass correlation
``icc``), people in a team are alike and count for less: the per-person ``n``
is multiplied by the design effect ``1 + (m - 1) icc`` and rounded up to whole
teams. ``sd`` is the spread of the outcome between people, in the input's
unit (for example a productivity change per person in per cent); ``icc`` the
share of that spread that lies between teams.

The pilot's cost uses the scenario's own figures (most likely values): the
content cost and the participants' time of the trained group (as the model
computes them for that many participants), overhead on the content, and one
evaluation. Design and trainers are left out: the programme needs them anyway.
It is set against the EVPPI of the input: the most that knowing it for sure
is worth before deciding. A pilot tells less than certainty, so the EVPPI is
an upper bound of its value: a pilot that costs more is never worth it; one
that costs less may be.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from scipy.stats import norm

from roi_core.model import cash_flows
from roi_core.scenario import Scenario

__all__ = ["Goal", "PilotDesign", "design_effect", "n_for_precision", "n_for_power", "pilot_cost", "design_pilot"]

Goal = Literal["precision", "power"]


def _positive(name: str, x: float) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x) or x <= 0:
        raise ValueError(f"{name} must be a number above 0, got {x!r}")
    return float(x)


def design_effect(team_size: int, icc: float) -> float:
    """``1 + (m - 1) icc``: how many times more people a team-randomised pilot needs.

    >>> design_effect(10, 0.05)
    1.45
    """
    if isinstance(team_size, bool) or not isinstance(team_size, int) or team_size < 1:
        raise ValueError(f"team size must be a whole number of at least 1, got {team_size!r}")
    if isinstance(icc, bool) or not isinstance(icc, int | float) or not 0 <= icc <= 1:
        raise ValueError(f"icc must be a number within 0..1, got {icc!r}")
    return 1.0 + (team_size - 1) * float(icc)


def n_for_precision(sd: float, half_width: float, confidence: float = 0.95) -> float:
    """People per group so that the CI of a difference in means has half-width ``half_width`` (not rounded).

    ``n = 2 z^2 sd^2 / half_width^2`` with ``z`` the normal quantile of the confidence level.

    >>> round(n_for_precision(10.0, 2.0), 2)  # 2 x 1.96^2 x 100 / 4
    192.07
    """
    sd, hw = _positive("sd", sd), _positive("half_width", half_width)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie within 0..1, got {confidence!r}")
    z = float(norm.ppf(0.5 + confidence / 2.0))
    return 2.0 * z * z * sd * sd / (hw * hw)


def n_for_power(sd: float, mde: float, alpha: float = 0.05, power: float = 0.8) -> float:
    """People per group to detect a true difference ``mde`` (two-sided test at ``alpha``), not rounded.

    statsmodels' ``NormalIndPower().solve_power`` with effect size ``mde / sd``:
    the textbook ``n = 2 (z_a + z_b)^2 sd^2 / mde^2``.

    >>> round(n_for_power(10.0, 5.0), 1)  # 2 x (1.96 + 0.8416)^2 x 100 / 25
    62.8
    """
    from statsmodels.stats.power import NormalIndPower

    sd, mde = _positive("sd", sd), _positive("mde", mde)
    if not 0 < alpha < 1 or not 0 < power < 1:
        raise ValueError("alpha and power must lie within 0..1")
    n = NormalIndPower().solve_power(effect_size=mde / sd, alpha=alpha, power=power, ratio=1.0)
    return float(n)


def pilot_cost(scenario: Scenario, trained: int) -> float:
    """What training ``trained`` people in a pilot costs, in euro, at the scenario's most likely values.

    Content and participants' time as the model computes them for that many
    participants, the overhead percentage on the content, plus one evaluation.

    >>> round(pilot_cost(Scenario(), 20))  # 20 x 600 x 1.15 + 20 x 24 h x 42,000 x 1.3 / 1,760 h + 3,000
    31691
    """
    if isinstance(trained, bool) or not isinstance(trained, int) or trained < 0:
        raise ValueError(f"trained must be a whole number >= 0, got {trained!r}")
    p = {k: r.likely for k, r in scenario.values} | {"participants": float(trained)}
    cf = cash_flows(p, enabled=(), horizon_years=1, continuous=False)
    content = float(cf.costs[0, 0, 0])  # (categories, years, n): content and licences
    time = float(cf.costs[3, 0, 0])  # participants' time at loaded salary
    return content * (1.0 + p["overhead_pct"] / 100.0) + time + p["evaluation_cost"]


@dataclass(frozen=True)
class PilotDesign:
    """A sized pilot for one input.

    ``people_per_group`` is after the design effect and, with teams, rounded
    up to whole teams (``teams_per_group``; 0 when people are assigned one by
    one). ``cost`` trains one group; ``value`` is the input's EVPPI;
    ``worth_it`` is ``cost < value``.
    """

    key: str
    goal: Goal
    sd: float
    size: float  # the half-width (precision) or the minimal detectable effect (power), input units
    icc: float
    team_size: int
    design_effect: float
    people_unclustered: int
    people_per_group: int
    teams_per_group: int
    cost: float
    value: float

    @property
    def worth_it(self) -> bool:
        return self.cost < self.value


def design_pilot(
    scenario: Scenario,
    key: str,
    *,
    sd: float,
    size: float,
    goal: Goal = "precision",
    icc: float = 0.0,
    team_size: int = 1,
    value: float = 0.0,
) -> PilotDesign:
    """Size a pilot for input ``key``: people (and teams) per group, its cost and whether it is worth it.

    ``size`` is the CI half-width for ``goal="precision"``, the minimal
    detectable effect for ``goal="power"`` (80 % power, 5 % two-sided), in the
    input's unit like ``sd``. ``team_size`` 1 means people are assigned one by
    one (the ICC then does not matter). ``value`` is the input's EVPPI (euro).

    Examples
    --------
    Pin a productivity gain down to +-2 points when people differ by 10 points,
    in teams of 10 with ICC 0.05: 193 people unclustered, x 1.45 = 279, so 28 teams,
    whose training costs about EUR 405,000: more than knowing the gain for sure is worth here.

    >>> d = design_pilot(Scenario(), "productivity_gain_pct", sd=10.0, size=2.0, icc=0.05, team_size=10, value=1e5)
    >>> d.people_unclustered, d.teams_per_group, d.people_per_group, round(d.cost, -3), d.worth_it
    (193, 28, 280, 405000.0, False)
    """
    if goal not in ("precision", "power"):
        raise ValueError(f"goal must be 'precision' or 'power', got {goal!r}")
    base = n_for_precision(sd, size) if goal == "precision" else n_for_power(sd, size)
    de = design_effect(team_size, icc) if team_size > 1 else 1.0
    unclustered = math.ceil(base - 1e-9)
    needed = base * de
    if team_size > 1:
        teams = math.ceil(needed / team_size - 1e-9)
        people = teams * team_size
    else:
        teams, people = 0, math.ceil(needed - 1e-9)
    return PilotDesign(
        key=key,
        goal=goal,
        sd=float(sd),
        size=float(size),
        icc=float(icc) if team_size > 1 else 0.0,
        team_size=int(team_size),
        design_effect=de,
        people_unclustered=unclustered,
        people_per_group=people,
        teams_per_group=teams,
        cost=pilot_cost(scenario, people),
        value=float(value),
    )
