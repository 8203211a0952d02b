"""Worth finding out first (AppTest): the regression EVPPI with its standard error, and the pilot."""

from __future__ import annotations

import pytest

from roi_core import Scenario, design_pilot, evppi_regression_all, simulate
from tests.app.conftest import open_tables
from ui.format import number
from ui.i18n import translate

PAGE = "views/sensitivity.py"


def _open(make_app, lang: str):
    at = make_app(lang=lang, sv="voi")
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _metric(at, key: str, lang: str) -> str:
    return next(m.value for m in at.metric if m.label == translate(lang, key))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_value_of_information_has_standard_errors_and_a_pilot(make_app, lang: str) -> None:
    at = _open(make_app, lang)
    open_tables(at).run()
    table = next(d.value for d in at.dataframe if translate(lang, "pilot.col_se") in d.value.columns)
    ev = evppi_regression_all(simulate(Scenario()))
    assert table[translate(lang, "sens.col_input")].iloc[0].lower().startswith(("productivity", "productiviteit"))
    assert len(table) == len(ev.keys) and all(x != "–" for x in table[translate(lang, "pilot.col_se")])
    assert [s.value for s in at.subheader][-1] == translate(lang, "pilot.heading")
    # The defaults: spread = width of today's range (11 points), precision +- a quarter of it, teams of 10, ICC 0.05.
    d = design_pilot(Scenario(), "productivity_gain_pct", sd=11.0, size=2.75, icc=0.05, team_size=10, value=ev.evppi[0])
    assert _metric(at, "pilot.people", lang) == number(d.people_per_group, lang)
    verdict = (at.success or at.warning)[0].value
    assert verdict.split(":")[0] == translate(lang, "pilot.worth" if d.worth_it else "pilot.not_worth").split(":")[0]


def test_pilot_options_change_the_size(make_app) -> None:
    at = _open(make_app, "en")
    before = _metric(at, "pilot.people", "en")
    at.number_input(key="pilot_sd_pg").set_value(4.0).run()
    smaller = _metric(at, "pilot.people", "en")
    at.number_input(key="pilot_m_pg").set_value(1).run()  # people one by one: no design effect
    alone = _metric(at, "pilot.people", "en")
    at.radio(key="pilot_goal_pg").set_value("power").run()
    assert not at.exception
    assert int(before.replace(",", "")) > int(smaller.replace(",", "")) > int(alone.replace(",", ""))
    d = design_pilot(Scenario(), "productivity_gain_pct", sd=4.0, size=2.75, goal="power")
    assert _metric(at, "pilot.people", "en") == number(d.people_per_group, "en")
