"""Worth finding out first (AppTest): the regression EVPPI with its standard error, and the pilot."""

from __future__ import annotations

import pytest

from roi_core import Scenario, design_pilot, evppi_regression_all, simulate
from tests.app.conftest import open_tables
from ui.common.format import number
from ui.common.i18n import translate

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


def _people(at, lang: str) -> int:
    return int(_metric(at, "pilot.people", lang).replace(",", "").replace(".", ""))


def test_pilot_options_change_the_size(make_app) -> None:
    at = _open(make_app, "en")
    before = _people(at, "en")
    at.text_input(key="txt_pilot_sd_pg").input("4").run()
    smaller = _people(at, "en")
    at.text_input(key="txt_pilot_m_pg").input("1").run()  # people one by one: no design effect
    alone = _people(at, "en")
    at.radio(key="pilot_goal_pg").set_value("power").run()
    assert not at.exception
    assert before > smaller > alone
    d = design_pilot(Scenario(), "productivity_gain_pct", sd=4.0, size=2.75, goal="power")
    assert _metric(at, "pilot.people", "en") == number(d.people_per_group, "en")


def test_pilot_fields_read_dutch_notation_and_refuse_bad_values(make_app) -> None:
    """``12,5`` is twelve and a half in Dutch (a number box read 125); an ICC of 2 is refused with a message."""
    at = _open(make_app, "nl")
    at.text_input(key="txt_pilot_sd_pg").input("12,5").run()
    at.text_input(key="txt_pilot_m_pg").input("1").run()
    d = design_pilot(Scenario(), "productivity_gain_pct", sd=12.5, size=2.75)
    assert _metric(at, "pilot.people", "nl") == number(d.people_per_group, "nl")
    at.text_input(key="txt_pilot_icc_pg").input("2").run()
    assert not at.exception
    assert any("0 … 1" in e.value for e in at.error), [e.value for e in at.error]
    assert at.session_state["pilot_icc_pg"] == pytest.approx(0.05)  # the last good value stays
    at.text_input(key="txt_pilot_sd_pg").input("1.250").run()  # Dutch grouping: twelve hundred and fifty
    assert at.session_state["pilot_sd_pg"] == 1250.0


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_pilot_defaults_come_from_the_sessions_performance_data(make_app, lang: str) -> None:
    from roi_core.evidence import estimate_effect, pilot_spread, read_table
    from ui.evidence.evidence import FILES_KEY, example_bytes

    at = make_app(lang=lang, sv="voi")
    at.run()
    at.session_state[FILES_KEY] = {"performance": ("example", example_bytes("performance"))}
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    est = estimate_effect(read_table(example_bytes("performance"), "performance"), seed=0)
    data = pilot_spread(est, "productivity_gain_pct")
    assert at.session_state["pilot_sd_pg"] == pytest.approx(data.sd)
    assert at.session_state["pilot_icc_pg"] == pytest.approx(data.icc)
    assert at.session_state["pilot_m_pg"] == data.team_size
    note = next(i.value for i in at.info if i.value.startswith(translate(lang, "pilot_data.from_data").split(":")[0]))
    assert number(est.n, lang) in note and number(est.teams, lang) in note
    d = design_pilot(Scenario(), "productivity_gain_pct", sd=data.sd, size=2.75, icc=data.icc, team_size=data.team_size)
    assert _metric(at, "pilot.people", lang) == number(d.people_per_group, lang)
    # Without the data the typed defaults come back.
    at.session_state[FILES_KEY] = {}
    at.run()
    assert at.session_state["pilot_sd_pg"] == pytest.approx(11.0)
    assert at.session_state["pilot_m_pg"] == 10
