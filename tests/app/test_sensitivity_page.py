"""AppTest: the Sensitivity page ("What matters most") inside the app shell.

Expected numbers come from ``roi_core`` directly and are formatted with the
same builders, then compared with what the page shows. The page shows one part
of the analysis at a time (``VIEWS``, chosen with the ``sens_view`` control):
only that part is computed and drawn, so most tests open the part they check.
"""

from __future__ import annotations

import json
import re

import pytest

from roi_core import break_even, tornado
from tests.app.conftest import chart_titles
from ui.common.i18n import translate
from ui.common.presets import preset_keys, preset_scenario
from ui.sensitivity import sensitivity_charts as sc
from ui.sensitivity.sensitivity_compute import VIEWS

PAGE = "views/sensitivity.py"
#: The page's link parameters and the catalogue keys of the labels a notice names them by.
LINK_LABELS = {
    "sv": "sens.views_label",
    "sm": "sens.metric",
    "si": "sens.scatter_input",
    "st": "sens.target",
    "sb": "sens.sobol_toggle",
}
#: Chart titles (catalogue keys) that each part of the page draws with the default options.
CHARTS = {
    "drivers": ["sens.tornado_title", "sens.spider_title"],
    "ranking": ["sens.ranking_title_rank", "sens.scatter_title"],
    "targets": [],
    "voi": ["sens.voi_title"],
}


def _open(make_app, **params: str):
    at = make_app(**params)
    at.run()
    assert not at.exception, at.exception
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _show(at, view: str):
    """Choose a part of the page, as a click on the view switch does."""
    at.button_group(key="sens_view").set_value(view).run()
    assert not at.exception, at.exception
    return at


def _tables(at) -> list:
    """Every table of the page as pandas, data grids (``st.dataframe``) and static tables (``st.table``) alike."""
    return [d.value for d in at.dataframe] + [d.value.reset_index() for d in at.table]


def _table(at, header: str):
    """The table (as pandas) whose columns include ``header``."""
    for value in _tables(at):
        if header in value.columns:
            return value
    raise AssertionError(f"no table with column {header!r}")


def _qp(at) -> dict[str, str]:
    """The query parameters after the run, one string each."""
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


#: Page options in a link: NPV, the scatter on the half-life, a 150 % target, Sobol on.
LINKED = {"sm": "npv", "si": "hl", "st": "150", "sb": "1"}


def _page_params(at) -> dict[str, str | None]:
    """The page's own link parameters after the run (``None``: not in the link)."""
    qp = _qp(at)
    return {k: qp.get(k) for k in LINK_LABELS}


def _chart_specs(at) -> list[dict]:
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    return [json.loads(c.proto.spec) for c in charts]


def _titles(at) -> list[str]:
    return chart_titles(at)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("preset", preset_keys())
def test_renders_with_every_preset_in_both_languages(make_app, preset: str, lang: str) -> None:
    at = _open(make_app, p=preset, lang=lang)
    assert at.title[0].value == translate(lang, "sens.title")
    assert not at.warning
    assert at.button_group(key="sens_view").options == [translate(lang, f"sens.tab_{v}") for v in VIEWS]
    s = preset_scenario(preset)
    for view in VIEWS:
        if view != VIEWS[0]:
            _show(at, view)
        assert at.button_group(key="sens_view").value == view
        titles = _titles(at)
        assert titles == [translate(lang, key) for key in CHARTS[view]]
        # every chart has its numbers in an expander
        assert [e.label for e in at.expander].count(translate(lang, "common.data_table")) >= len(titles)
        if view == "drivers":  # the tornado's table lists every varying input, largest swing first, as roi_core ranks
            tr = tornado(s)
            table = _table(at, translate(lang, "sens.col_swing"))
            assert table[translate(lang, "sens.col_input")].tolist() == [sc.label_of(s, k, lang) for k in tr.keys]
        if view == "targets":
            _table(at, translate(lang, "sens.col_break_even"))
    assert _qp(at)["sv"] == "voi"


def test_only_the_chosen_part_is_drawn(make_app) -> None:
    at = _open(make_app)
    assert "sv" not in _qp(at)  # the default part stays out of the link
    seen = {}
    for view in VIEWS:
        _show(at, view)
        seen[view] = (_titles(at), len(_tables(at)), [m.label for m in at.metric])
        assert _qp(at).get("sv") == (None if view == "drivers" else view)
    en = {view: [translate("en", k) for k in keys] for view, keys in CHARTS.items()}
    assert {view: got[0] for view, got in seen.items()} == en
    # the goal-seek table and the value-of-information metric only where they belong (data tables are open here)
    assert seen["targets"][1] == 1 and seen["targets"][2] == []
    # ... and the pilot for the assumption ranked first, under the value of information
    pilot = [translate("en", k) for k in ("pilot.people", "pilot.cost", "pilot.value")]
    assert seen["voi"][2] == [translate("en", "sens.evpi_metric"), *pilot]
    assert seen["drivers"][2] == seen["ranking"][2] == []


def test_charts_are_small(make_app) -> None:
    at = _open(make_app)
    charts = []
    for view in VIEWS:
        _show(at, view)
        charts += at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(charts) == 5  # tornado, spider, ranking, scatter, value of information
    for c in charts:
        assert len(c.proto.spec) + sum(len(d.data.data) for d in c.proto.datasets) < 100_000


def test_target_roi_changes_the_goal_seek_table(make_app) -> None:
    at = _open(make_app, sv="targets")
    header100 = "ROI 100% at"
    before = _table(at, header100)[header100].tolist()
    # The two headers side by side write the per cent alike ("ROI 0 %" beside "ROI 100%" read as a slip).
    assert "Break-even (ROI 0%) at" in _table(at, header100).columns
    at.text_input(key="txt_sens_target").input(str(50.0)).run()
    assert not at.exception
    after = _table(at, "ROI 50% at")["ROI 50% at"].tolist()
    assert after != before
    # productivity gain (first row) is reachable for both targets; the page shows roi_core's values
    s = preset_scenario("default")
    for target, col in ((100.0, before), (50.0, after)):
        r = break_even(s, target_roi_pct=target)
        i = r.keys.index("productivity_gain_pct")
        assert col[i] == sc.value_text("productivity_gain_pct", r.target_value[i], "en", "EUR", 1)
    assert _qp(at)["st"] == "50"


def test_unreachable_targets_are_said_in_words(make_app) -> None:
    at = _open(make_app, sv="targets")
    at.text_input(key="txt_sens_target").input(str(10_000.0)).run()
    col = _table(at, "ROI 10,000% at")["ROI 10,000% at"].tolist()
    assert any(v.startswith("not reachable within") for v in col)


def test_link_restores_the_options(make_app) -> None:
    at = _open(make_app, lang="nl", **LINKED, sv="ranking")
    assert not at.warning
    assert at.button_group(key="sens_view").value == "ranking"
    assert at.radio(key="sens_metric").value == "npv"
    assert at.selectbox(key="sens_input").value == "half_life_months"
    assert at.toggle(key="sens_sobol").value is True
    assert translate("nl", "sens.ranking_title_sobol") in _titles(at)
    _show(at, "targets")
    assert at.session_state["sens_target"] == 150.0
    _table(at, "ROI 150% bij")
    _show(at, "drivers")
    assert at.radio(key="sens_metric").value == "npv"
    # NPV axis on the tornado
    tornado_spec = _chart_specs(at)[0]
    assert tornado_spec["layer"][0]["encoding"]["x"]["title"] == "Netto contante waarde (€)"
    # and they stay in the link (the default part, drivers, leaves it)
    assert _page_params(at) == {**LINKED, "sv": None}


def test_changing_options_writes_them_to_the_link(make_app) -> None:
    at = _open(make_app)
    assert not any(k in _qp(at) for k in ("sm", "si", "st", "sb", "sv"))  # defaults stay out of the link
    at.radio(key="sens_metric").set_value("npv").run()
    _show(at, "ranking")
    at.selectbox(key="sens_input").set_value("content_cost").run()
    assert _qp(at)["sm"] == "npv"
    assert _qp(at)["si"] == "cc"
    assert _qp(at)["sv"] == "ranking"
    assert not at.exception


@pytest.mark.parametrize(
    "params",
    [
        {"sm": "bogus", "si": "zz", "st": "1e400", "sb": "2"},
        {"st": "nan", "si": "\x00\x01\x02"},
        {"st": "-99999999999999999999"},
        {"st": "9" * 3000, "sm": "é" * 500},
        {"si": "c3v"},  # a custom line that this scenario does not have
        {"sb": "1; DROP TABLE"},
        {"sv": "everything", "sm": "npv"},
        {"sv": "<script>alert(1)</script>"},
        {"sv": "[Click me](https://evil.example)", "si": "**big**"},
    ],
)
def test_hostile_values_give_a_notice_not_an_exception(make_app, params: dict[str, str]) -> None:
    at = _open(make_app, **params)
    assert at.warning, "a notice names what was ignored"
    text = at.warning[0].value
    # in words: each option by its label on the page (what the link calls sm, si, ...), in a Markdown-safe line
    plain = re.sub(r"\\(.)", r"\1", text)  # what the reader sees: Markdown's escapes removed
    for name, value in params.items():
        if not (name == "sm" and value == "npv"):  # a valid value among invalid ones is used, not named
            head = f"- **{translate('en', LINK_LABELS[name])}**: "
            (line,) = [x for x in plain.splitlines() if x.startswith(head)]  # one line per option, by its kind
            assert line.endswith("ignored"), line
    for markup in ("[Click me]", "**big**", "<script>", "https://"):
        assert markup not in text  # escaped: shown as typed, never as a link, bold text or HTML
    # the widgets fall back to their defaults (each is drawn in its own part of the page)
    assert at.button_group(key="sens_view").value == "drivers"
    assert at.radio(key="sens_metric").value == ("npv" if params.get("sm") == "npv" else "roi_pct")
    _show(at, "ranking")
    assert at.toggle(key="sens_sobol").value is False
    _show(at, "targets")
    assert at.session_state["sens_target"] == 100.0
    # and the junk is gone from the link after the run
    assert not any(_qp(at).get(k) == v for k, v in params.items() if k != "sm")


def test_the_shell_does_not_call_page_options_unknown(make_app) -> None:
    at = make_app(sm="npv")
    at.run()  # the Overview page: the shell must neither warn about nor drop the Sensitivity page's option
    assert not at.warning
    assert _qp(at)["sm"] == "npv"


def test_value_of_information_sentence(make_app) -> None:
    at = _open(make_app, sv="voi")
    sentences = [m.value for m in at.markdown if "before deciding" in m.value]
    assert sentences, "the plain sentence is there"
    # the default scenario: productivity gain is the assumption most worth knowing
    assert sentences[0].startswith("Knowing the real productivity gain per trained employee before deciding")
    assert any(m.label == translate("en", "sens.evpi_metric") for m in at.metric)


def test_sessions_keep_their_own_options(make_app) -> None:
    a = _open(make_app)
    b = _open(make_app)
    a.radio(key="sens_metric").set_value("npv").run()
    _show(a, "voi")
    b.run()
    assert b.radio(key="sens_metric").value == "roi_pct"
    assert b.button_group(key="sens_view").value == "drivers"


def _link(s) -> str:
    """A share link as the app writes it (checked, version 2: no "unchecked" note)."""
    from roi_core.scenario_io import encode_link

    return encode_link(s)


def test_zero_costs_do_not_break_the_page(make_app) -> None:
    from roi_core import Range, Scenario

    keys = ("content_cost", "design_cost", "facilitation_cost", "learning_hours", "evaluation_cost", "recurring_cost")
    s = Scenario().with_values(**{k: Range.fixed(0.0) for k in keys})
    at = _open(make_app, s=_link(s), m="range", sb="1")
    # one explanation in the tornado's and the spider's place (not "nothing is uncertain": the ranges are there)
    assert sum(i.value.startswith(translate("en", "note.zero_cost")) for i in at.info) == 1
    assert not _titles(at)  # and no empty chart
    _show(at, "ranking")
    # ROI is undefined in every case: one notice with a pointer to the NPV, no empty ranking or scatter
    assert [i.value for i in at.info] == [translate("en", "note.zero_cost") + " " + translate("en", "sens.use_npv")]
    assert not _titles(at)
    at.radio(key="sens_metric").set_value("npv").run()
    assert not at.exception
    assert translate("en", "sens.ranking_title_sobol") in _titles(at)
    for view in ("targets", "voi"):
        _show(at, view)


def test_nothing_uncertain_says_so(make_app) -> None:
    from roi_core import Range, Scenario

    s0 = Scenario()
    s = s0.with_values(**{k: Range.fixed(r.likely) for k, r in s0.values})
    at = _open(make_app, s=_link(s), m="range")
    assert any(i.value == translate("en", "sens.nothing_uncertain") for i in at.info)
    for view in ("ranking", "voi"):
        _show(at, view)
        assert any(i.value == translate("en", "sens.nothing_uncertain") for i in at.info)
    # the break-even table still answers "what would have to be true"
    _show(at, "targets")
    _table(at, "ROI 100% at")


def test_no_benefit_counted_says_so(make_app) -> None:
    from roi_core import Scenario

    at = _open(make_app, s=_link(Scenario().with_enabled()), m="range")
    # ROI is -100 % whatever the assumptions: one notice says why, not "nothing is uncertain", and no empty chart
    assert [i.value for i in at.info] == [translate("en", "sens.no_drivers")]
    assert not _titles(at)
    _show(at, "ranking")
    assert [i.value for i in at.info] == [translate("en", "sens.no_drivers") + " " + translate("en", "sens.use_npv")]
    assert not _titles(at)  # no ranking of zero shares with labels
    for view in VIEWS[1:]:
        _show(at, view)


def test_custom_lines_and_correlations(make_app) -> None:
    from roi_core import Correlation, CustomBenefit, Range, Scenario

    s = Scenario(
        custom=(CustomBenefit("Safety", Range(10_000.0, 40_000.0, 90_000.0), Range(20.0, 40.0, 60.0)),),
        correlations=(Correlation("productivity_gain_pct", "turnover_reduction_pp", 0.6),),
    )
    at = _open(make_app, s=_link(s), m="range", si="c0v", sb="1", sv="ranking")
    assert at.selectbox(key="sens_input").value == "custom:0:value"
    assert any(i.value == translate("en", "sens.sobol_correlations") for i in at.info)
    _show(at, "drivers")
    assert "Safety" in _table(at, "Swing")["Assumption"].tolist()


def test_options_survive_a_visit_to_another_page(make_app) -> None:
    at = _open(make_app)
    at.radio(key="sens_metric").set_value("npv").run()
    _show(at, "targets")
    at.text_input(key="txt_sens_target").input(str(70.0)).run()
    at.switch_page("views/overview.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.button_group(key="sens_view").value == "targets"
    assert at.session_state["sens_target"] == 70.0
    _show(at, "drivers")
    assert at.radio(key="sens_metric").value == "npv"


def test_options_survive_a_page_visit_that_drops_them_from_the_link(make_app) -> None:
    """The browser drops the page's own parameters (sm, si, st, sb, sv) on a page switch; the session remembers them.

    Streamlit 1.67's front end keeps only embed and widget-bound parameters when the page changes; AppTest's
    switch_page keeps them all, so they are removed here by hand, as the browser does. The options of parts not
    opened yet (no widget state) must come back too.
    """
    at = _open(make_app, **LINKED, sv="targets")
    for page in ("views/overview.py", PAGE):
        for name in ("sm", "si", "st", "sb", "sv"):
            if name in at.query_params:
                del at.query_params[name]
        at.switch_page(page).run()
        assert not at.exception
    assert at.button_group(key="sens_view").value == "targets"
    assert at.session_state["sens_target"] == 150.0
    assert _page_params(at) == {**LINKED, "sv": "targets"}
    _show(at, "ranking")
    assert at.radio(key="sens_metric").value == "npv"
    assert at.selectbox(key="sens_input").value == "half_life_months"
    assert at.toggle(key="sens_sobol").value is True


def test_a_chosen_input_that_stops_varying_is_dropped_quietly(make_app) -> None:
    at = _open(make_app, m="range", sv="ranking")
    at.selectbox(key="sens_input").set_value("content_cost").run()
    assert _qp(at)["si"] == "cc"
    _show(at, "drivers")
    at.slider(key="r_content_cost").set_value((400.0, 400.0)).run()  # no longer uncertain
    at.run()
    assert not at.exception
    assert not at.warning, [w.value for w in at.warning]  # the user changed the scenario; the link did nothing wrong
    assert "si" not in _qp(at)
    _show(at, "ranking")
    assert at.selectbox(key="sens_input").value != "content_cost"
    assert not at.warning


def test_options_survive_the_other_parts_of_the_page(make_app) -> None:
    """A widget that is not drawn keeps its value (``persist_state``): it does not come back at a stale value."""
    at = _open(make_app, sv="targets")
    at.text_input(key="txt_sens_target").input(str(130.0)).run()
    _show(at, "voi")
    at.run()  # two runs without the target widget: Streamlit would have dropped its state
    at.run()
    assert _qp(at)["st"] == "130"
    _show(at, "ranking")
    at.toggle(key="sens_sobol").set_value(True).run()
    _show(at, "drivers")
    at.run()
    assert {k: _qp(at).get(k) for k in ("st", "sb")} == {"st": "130", "sb": "1"}
    _show(at, "targets")
    assert at.session_state["sens_target"] == 130.0
    _show(at, "ranking")
    assert at.toggle(key="sens_sobol").value is True


def test_the_chosen_part_survives_a_language_switch(make_app) -> None:
    at = _open(make_app, sv="voi")
    at.radio(key="lang").set_value("nl").run()
    assert not at.exception
    assert at.button_group(key="sens_view").value == "voi"
    assert _titles(at) == [translate("nl", "sens.voi_title")]
    assert _qp(at)["sv"] == "voi"


# --- fragment reruns -------------------------------------------------------------------------------------------
# A page-local option reruns only its st.fragment in the browser (not app.py, not the sidebar). AppTest always runs
# the whole app, so these tests ask the script runner for a fragment rerun the way the server does for a widget
# inside a fragment: the run's RerunData carries the fragment's id. That uses two AppTest internals (the fragment
# storage and the runner's RerunData): if an upgrade renames them, these tests fail loudly rather than pass.


def _fragment_run(at, key: str):
    """Rerun only the fragment registered under ``key`` (as the server does), with the widgets' pending values."""
    from unittest import mock

    from streamlit.testing.v1 import local_script_runner

    ids = list(at._fragment_storage._ids_by_target_key[key])
    assert len(ids) == 1, ids
    real = local_script_runner.RerunData

    def fragment_rerun(**kwargs):
        return real(**kwargs, fragment_id_queue=ids)

    with mock.patch.object(local_script_runner, "RerunData", fragment_rerun):
        at.run()
    assert not at.exception, at.exception
    return at


def test_target_roi_in_a_fragment_rerun_updates_the_table_and_the_link(make_app) -> None:
    at = _open(make_app, sv="targets")
    link = _qp(at)
    assert "st" not in link
    at.text_input(key="txt_sens_target").input(str(50.0))
    _fragment_run(at, "sens_goal_seek")
    # only the fragment ran: its one table, no sidebar slider, no chart
    assert len(_tables(at)) == 1 and not at.slider and not _chart_specs(at)
    col = _table(at, "ROI 50% at")["ROI 50% at"].tolist()
    # the values are roi_core's goal seek for a 50 % target (not the 100 % of the full run before)
    s = preset_scenario("default")
    r = break_even(s, target_roi_pct=50.0)
    i = r.keys.index("productivity_gain_pct")
    assert col[i] == sc.value_text("productivity_gain_pct", r.target_value[i], "en", "EUR", 1)
    assert r.target_value[i] != break_even(s, target_roi_pct=100.0).target_value[i]
    # the link gains st=50 and keeps what app.py wrote (scenario, language)
    assert _qp(at) == {**link, "st": "50"}
    # a later full run (a slider elsewhere) keeps the option
    at.run()
    assert _qp(at)["st"] == "50"
    assert at.session_state["sens_target"] == 50.0


def test_metric_and_input_in_fragment_reruns_update_the_link(make_app) -> None:
    at = _open(make_app)
    at.radio(key="sens_metric").set_value("npv")
    _fragment_run(at, "sens_drivers")
    # tornado and spider reran in the new metric; no sidebar slider ran
    specs = _chart_specs(at)
    assert len(specs) == 2 and not at.slider
    assert specs[0]["layer"][0]["encoding"]["x"]["title"] == "Net present value (€)"
    assert _qp(at)["sm"] == "npv"
    at.run()  # a full run: AppTest finds only the widgets of the last run
    _show(at, "ranking")
    at.radio(key="sens_metric").set_value("roi_pct")
    _fragment_run(at, "sens_together")
    # ranking and scatter reran (nested fragments run with their parent)
    assert _titles(at) == [translate("en", k) for k in CHARTS["ranking"]]
    assert "sm" not in _qp(at)
    at.selectbox(key="sens_input").set_value("content_cost")
    _fragment_run(at, "sens_scatter")
    assert len(_chart_specs(at)) == 1
    assert _qp(at)["si"] == "cc" and _qp(at)["sv"] == "ranking"
    at.run()  # a full run: AppTest finds only the widgets of the last run, and the toggle sits in another fragment
    at.toggle(key="sens_sobol").set_value(True)
    _fragment_run(at, "sens_ranking")
    assert _titles(at) == [translate("en", "sens.ranking_title_sobol")]
    assert {k: _qp(at).get(k) for k in ("si", "sb", "sv")} == {"si": "cc", "sb": "1", "sv": "ranking"}
