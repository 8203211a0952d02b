"""The pilot design and the value-of-information table of "Worth finding out first": defaults, texts, rows.

Pure helpers; the page draws the widgets. The pilot is sized for the input
ranked first by the regression EVPPI (``roi_core.decision.evppi_regression_all``)
with ``roi_core.pilot.design_pilot``; its spread, ICC and team size start from
the session's performance data when there is an estimate (:func:`data_note`
says so), else from :data:`TEAM_SIZE`, :data:`ICC` and :func:`pilot_defaults`.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from roi_core import EvppiResult, Scenario
from roi_core.evidence.adopt import PilotSpread
from roi_core.pilot import PilotDesign
from ui.common.format import money, number
from ui.common.i18n import plural, translate

__all__ = ["TEAM_SIZE", "ICC", "pilot_defaults", "data_note", "voi_rows", "pilot_rows"]

#: The typed defaults when the session has no performance data: teams of ten, a modest ICC for work outcomes.
TEAM_SIZE = 10
ICC = 0.05


def pilot_defaults(scenario: Scenario, key: str) -> tuple[float, float]:
    """Starting values of the outcome spread between people and the precision aimed for, in the input's unit.

    The precision (CI half-width) starts at a quarter of today's low-high
    range: a pilot that narrows the range to half its width. The spread
    starts at the width of that range (people differ more than the average
    effect is uncertain). Both are guesses for the user to replace, for
    example with the spread in the organisation's own data.

    >>> pilot_defaults(Scenario(), "productivity_gain_pct")
    (11.0, 2.75)
    """
    r = scenario[key]  # a custom line's range too
    width = float(r.high - r.low) if r.high > r.low else 1.0
    return width, width / 4.0


def data_note(data: PilotSpread, method: str, lang: str) -> str:
    """The sentence that says the pilot's defaults come from the session's data: ``from your data: n, teams``."""
    return translate(
        lang,
        "pilot_data.from_data",
        people=plural(lang, "pilot_data.people", data.n),
        teams=plural(lang, "pilot_data.teams", data.teams),
        method=translate(lang, f"evidence.method.{method}"),
        sd_note=translate(lang, "pilot_data.from_data_sd" if math.isfinite(data.sd) else "pilot_data.from_data_no_sd"),
    )


def voi_rows(frame: pd.DataFrame, ev: EvppiResult, lang: str, currency: str) -> pd.DataFrame:
    """The value-of-information table with each EVPPI's standard error (same order as ``frame``)."""
    se = dict(zip(ev.keys, ev.se, strict=True)) if ev.se else {}
    return pd.DataFrame(
        {
            translate(lang, "sens.col_input"): frame["label"],
            translate(lang, "sens.col_evppi"): frame["evppi_text"],
            translate(lang, "pilot.col_se"): [
                money(se.get(k, float("nan")), lang, currency) or "–" for k in frame["key"]
            ],
            translate(lang, "sens.col_share_evpi"): frame["share_text"],
        }
    )


def pilot_rows(d: PilotDesign, se: float, lang: str, currency: str) -> dict[str, Any]:
    """The pilot's numbers as texts for the page's metrics and sentence."""
    people = number(d.people_per_group, lang) or "–"
    return {
        "people": people,
        "teams": number(d.teams_per_group, lang) or "–",
        "unclustered": number(d.people_unclustered, lang) or "–",
        "de": number(d.design_effect, lang, 2) or "–",
        "cost": money(d.cost, lang, currency) or "–",
        "value": money(d.value, lang, currency) or "–",
        "se": money(se, lang, currency) or "–",
    }
