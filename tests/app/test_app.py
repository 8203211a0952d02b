"""AppTest: the app shell and the Overview, Over time and Method pages.

Expected numbers are computed independently with ``roi_core`` and formatted
with :mod:`ui.common.format`, then compared with what the page shows.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from roi_core import INPUTS, SOURCES, Range, Scenario, deterministic, simulate
from roi_core.scenario_io import encode, encode_link
from tests.app.conftest import metric, open_groups
from ui.common.charts import COLOR_COST
from ui.common.format import latex_text, money, pct, probability
from ui.common.i18n import translate
from ui.common.presets import preset_keys, preset_scenario

ROOT = Path(__file__).resolve().parents[2]
MY_PAGES = ("views/overview.py", "views/over_time.py", "views/method.py")


def button_group(at, key: str):
    """``st.segmented_control`` by key (AppTest has no accessor of its own for it)."""
    for b in at.get("button_group"):
        if b.key == key:
            return b
    raise AssertionError(f"no segmented control {key!r}")


ROI = {"en": "ROI at most likely values", "nl": "ROI (meest waarschijnlijk)"}


def _run(at, page: str | None = None):
    at.run()
    assert not at.exception, at.exception
    if page and page != "views/overview.py":
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


#: Pages reached only through a link of their own, not the navigation (tested in their own files).
OWN_LINK_PAGES = {"views/room_participant.py"}
#: Every page script of the navigation; a new page is checked here without being listed.
ALL_PAGES = tuple(
    sorted(f"views/{p.name}" for p in (ROOT / "views").glob("*.py") if f"views/{p.name}" not in OWN_LINK_PAGES)
)
#: The catalogue key of a page's title where it is not ``<file stem>.title``.
TITLE_KEYS = {
    "views/sensitivity.py": "sens.title",
    "views/room_facilitator.py": "rooms.title",
    "views/kpi_plan.py": "kpi.title",
    "views/programme.py": "prog.title",
}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_renders_in_both_languages(make_app, page: str, lang: str) -> None:
    at = _run(make_app(lang=lang), page)
    key = TITLE_KEYS.get(page, f"{Path(page).stem}.title")
    assert at.title[0].value == translate(lang, key)
    assert not at.warning  # a clean link gives no notice
    assert len(at.slider) > 40  # the shared assumption panel is there on every page (all groups opened)


def test_closed_groups_draw_no_sliders_and_keep_their_values(make_app) -> None:
    at = _run(make_app())
    at.slider(key="v_participants").set_value(90.0).run()
    roi = metric(at, "ROI at most likely values")
    at.session_state["grp_programme"] = False
    at.run()
    assert not at.exception
    assert "v_participants" not in [s.key for s in at.slider]
    assert metric(at, "ROI at most likely values") == roi  # the closed group's value still counts
    at.session_state["grp_programme"] = True
    at.run()
    assert at.slider(key="v_participants").value == 90.0


def test_a_fresh_session_starts_with_closed_groups(make_app) -> None:
    at = _run(make_app(closed=True))
    assert len(at.slider) < 5 and len(at.expander) >= 11


@pytest.mark.parametrize("preset", preset_keys())
def test_every_preset_on_every_page(make_app, preset: str) -> None:
    at = _run(make_app(p=preset, lang="nl"))
    s = preset_scenario(preset)
    assert metric(at, ROI["nl"]) == pct(deterministic(s).roi_pct, "nl")
    for page in MY_PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)


def test_default_headline(make_app) -> None:
    at = _run(make_app())
    s = Scenario()
    det, mc = deterministic(s), simulate(s).summary()
    assert metric(at, "ROI at most likely values") == pct(det.roi_pct, "en")
    assert metric(at, "Net benefit (present value)") == money(det.npv, "en")
    assert metric(at, "Chance ROI > 0") == probability(mc.prob_roi_positive, "en")
    assert metric(at, "Benefit-cost ratio") == f"{det.bcr:.2f}"
    assert metric(at, "Expected ROI (mean)") == pct(mc.roi_mean, "en")  # "expected" labels the mean only
    assert metric(at, "Median ROI") == pct(mc.roi_p50, "en")
    assert "ROI (Phillips view)" in [m.label for m in at.metric]


def test_a_moved_slider_changes_the_headline(make_app) -> None:
    at = _run(make_app())
    before = metric(at, "ROI at most likely values")
    at.slider(key="v_productivity_gain_pct").set_value(12.0).run()
    assert not at.exception
    # Simple mode, ranges as set: the default 1 / 5 / 12 moves to 12 with the same widths: 8 / 12 / 19.
    expected = deterministic(Scenario().with_values(productivity_gain_pct=Range(8.0, 12.0, 19.0))).roi_pct
    assert metric(at, "ROI at most likely values") == pct(expected, "en") != before
    assert at.query_params["s"] == encode_link(Scenario().with_values(productivity_gain_pct=Range(8.0, 12.0, 19.0)))


def test_range_mode_and_certainty_change_the_spread(make_app) -> None:
    at = _run(make_app())
    at.radio(key="sure").set_value("unsure").run()
    unsure = metric(at, "Chance ROI > 0")
    at.radio(key="sure").set_value("very_sure").run()
    very_sure = metric(at, "Chance ROI > 0")
    assert unsure != very_sure
    assert metric(at, "ROI at most likely values") == pct(
        deterministic(Scenario()).roi_pct, "en"
    )  # most likely values unchanged
    at.radio(key="mode").set_value("range").run()
    at.slider(key="r_weeks_saved").set_value((2.0, 6.0)).run()
    assert not at.exception
    assert at.session_state["_scenario"]["weeks_saved"].low == 2.0


def test_a_link_restores_the_scenario_language_and_currency(make_app) -> None:
    s = Scenario(seed=7, draws=2_000, horizon_years=4, hurdle_pct=10.0).with_values(
        participants=Range.fixed(120), productivity_gain_pct=Range(2.0, 6.0, 10.0), weeks_saved=Range(1.0, 2.0, 9.0)
    )
    at = _run(make_app(s=encode(s), lang="nl", cur="GBP", m="range"))
    assert at.session_state["_scenario"] == s
    det, mc = deterministic(s), simulate(s).summary()
    assert metric(at, ROI["nl"]) == pct(det.roi_pct, "nl")
    assert metric(at, "Kans op ROI > 0") == probability(mc.prob_roi_positive, "nl")
    assert metric(at, "Nettobaat (contante waarde)") == money(det.npv, "nl", "GBP")
    assert metric(at, "Kans op ROI > 10%") == probability(mc.prob_beats_hurdle, "nl")
    assert at.slider(key="v_participants").value == 120
    assert at.session_state["seed"] == 7 and at.text_input(key="txt_seed").value == "7"
    assert not at.warning
    # The app writes the same link back (the address bar is the share link).
    assert at.query_params["s"] == encode_link(s) and at.query_params["cur"] == "GBP"


def test_a_simple_mode_link_that_simple_mode_cannot_rebuild_opens_in_range_mode(make_app) -> None:
    s = Scenario().with_values(productivity_gain_pct=Range(4.0, 5.0, 20.0))
    at = _run(make_app(s=encode(s), u="unsure"))
    assert at.session_state["mode"] == "range"
    assert at.session_state["_scenario"] == s


@pytest.mark.parametrize(
    "params",
    [
        {"s": "\x00\x01\xfe\xff random bytes"},
        {"s": "v1.n_1e308"},
        {"s": "v1.n_-5"},
        {"s": "v1.M_99999999"},
        {"s": "v1.zz_1~qq_2"},
        {"s": "v1.pg_9_5_1"},
        {"s": "v1.S_-1"},
        {"s": "v9.n_5"},
        {"s": "v1." + "x" * 5000},
        {"foo": "bar", "lang": "fr", "cur": "XYZ"},
        {"m": "chaos", "u": "maybe", "p": "../../etc/passwd", "v": "best"},
    ],
)
def test_hostile_links_give_a_notice_not_an_exception(make_app, params: dict[str, str]) -> None:
    at = _run(make_app(**params))
    assert at.warning, "expected a notice about the ignored parts of the link"
    assert metric(at, "ROI at most likely values")  # the page still shows a result


def test_a_clamped_link_shows_the_defaults_for_the_bad_fields(make_app) -> None:
    at = _run(make_app(s="v1.n_-5~pg_2_6_10"))
    s = at.session_state["_scenario"]
    assert s["participants"] == INPUTS["participants"].default
    assert s["productivity_gain_pct"] == Range(2.0, 6.0, 10.0)
    assert INPUTS["participants"].label("en") in at.warning[0].value  # named as the sidebar names it


def test_the_default_link_has_no_scenario_parameter(make_app) -> None:
    at = _run(make_app())
    assert "s" not in at.query_params  # was always "s=v1." (the empty encoding of the default)
    at.slider(key="v_participants").set_value(80.0).run()
    assert at.query_params["s"] == encode_link(at.session_state["_scenario"])


def test_a_tampered_link_notice_speaks_dutch(make_app) -> None:
    at = _run(make_app(lang="nl", s="v1.pg_9_5_1", zz="1"))
    text = at.warning[0].value
    assert text.startswith(translate("nl", "notice.link_adjusted"))
    label = INPUTS["productivity_gain_pct"].label("nl")
    assert f"**{label}**: de waarden passen niet bij elkaar" in text
    assert "low (9)" not in text and "must be" not in text  # the core's English detail is not shown (ui.common.notices)
    assert "Onbekende linkparameter 'zz': genegeerd" in text
    assert "productivity_gain_pct" not in text


def test_zero_costs_show_a_word_not_zero(make_app) -> None:
    free = Scenario().with_values(
        content_cost=Range.fixed(0),
        design_cost=Range.fixed(0),
        facilitation_cost=Range.fixed(0),
        learning_hours=Range.fixed(0),
        evaluation_cost=Range.fixed(0),
        recurring_cost=Range.fixed(0),
    )
    at = _run(make_app(s=encode(free), m="range"))
    assert metric(at, "ROI at most likely values") == "Undefined: nothing is spent"
    assert metric(at, "Benefit-cost ratio") == "Undefined: nothing is spent"


def test_no_payback_is_said_in_words(make_app) -> None:
    at = _run(make_app(s=encode(Scenario().with_enabled())))
    assert metric(at, "Payback time") == "No payback within the horizon"
    assert metric(at, "ROI at most likely values") == "-100%"
    assert at.subheader[0].value.startswith("In none of the 10,000 simulated futures")


def test_the_formula_shows_this_scenarios_numbers(make_app) -> None:
    at = _run(make_app())
    det = deterministic(Scenario())
    filled = at.latex[1].value
    for text in (money(det.benefits, "en"), money(det.costs, "en"), pct(det.roi_pct, "en")):
        assert latex_text(text) in filled  # e.g. "\\text{-9\\%}", as on the card


def test_charts_are_small_and_have_tables(make_app) -> None:
    at = _run(make_app())
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(charts) == 2
    for c in charts:
        assert len(c.proto.spec) + sum(len(d.data.data) for d in c.proto.datasets) < 100_000
    assert [e.label for e in at.expander].count("Show the numbers as a table") == 2


def test_presentation_view_hides_the_assumptions_and_keeps_them(make_app) -> None:
    at = _run(make_app())
    at.slider(key="v_participants").set_value(80.0).run()
    roi = metric(at, "ROI at most likely values")
    at.toggle(key="present").set_value(True).run()
    assert not at.exception and len(at.slider) == 0
    assert metric(at, "ROI at most likely values") == roi
    at.toggle(key="present").set_value(False).run()
    open_groups(at).run()
    assert at.slider(key="v_participants").value == 80.0
    assert metric(at, "ROI at most likely values") == roi


@pytest.mark.parametrize("page", ["views/overview.py", "views/over_time.py"])
def test_presentation_view_sends_larger_charts(make_app, page: str) -> None:
    import json

    def fonts_and_heights(at) -> list[tuple[int, int]]:
        specs = [json.loads(c.proto.spec) for c in at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")]
        assert len(specs) == 2
        return [(spec["config"]["axis"]["titleFontSize"], spec["height"]) for spec in specs]

    at = _run(make_app(), page)
    normal = fonts_and_heights(at)
    at.toggle(key="present").set_value(True).run()
    assert not at.exception
    present = fonts_and_heights(at)
    # Axis titles 14 -> 20 px, every chart 1.4 times as tall (ui.common.charts.PRESENT_*).
    assert [f for f, _ in normal] == [14, 14] and [f for f, _ in present] == [20, 20]
    assert [h for _, h in present] == [round(h * 1.4) for _, h in normal]


def test_language_switch_keeps_the_numbers(make_app) -> None:
    at = _run(make_app())
    at.slider(key="v_participants").set_value(70.0).run()
    en = metric(at, "Benefit-cost ratio")
    at.radio(key="lang").set_value("nl").run()
    assert metric(at, "Baten-kostenverhouding") == en.replace(".", ",")
    open_groups(at).run()  # new labels: the groups close, as in the browser
    assert at.slider(key="v_participants").value == 70.0


def test_preset_variant_and_reset(make_app) -> None:
    key = preset_keys()[1]
    at = _run(make_app())
    at.radio(key="preset").set_value(key).run()
    assert metric(at, "ROI at most likely values") == pct(deterministic(preset_scenario(key)).roi_pct, "en")
    button_group(at, "variant").set_value("optimistic").run()
    assert metric(at, "ROI at most likely values") == pct(
        deterministic(preset_scenario(key, "optimistic")).roi_pct, "en"
    )
    at.slider(key="v_participants").set_value(5.0).run()
    at.button(key="reset").click().run()
    assert at.session_state["_scenario"] == preset_scenario(key, "optimistic")


def test_sessions_are_isolated(make_app) -> None:
    a, b = _run(make_app()), _run(make_app())
    a.slider(key="v_productivity_gain_pct").set_value(20.0).run()
    b.run()
    assert (
        metric(b, "ROI at most likely values")
        == pct(deterministic(Scenario()).roi_pct, "en")
        != metric(a, "ROI at most likely values")
    )


def test_over_time_page_numbers(make_app) -> None:
    at = _run(make_app(), "views/over_time.py")
    s = Scenario()
    mc = simulate(s).summary()
    assert metric(at, "Chance of payback") == probability(mc.prob_payback, "en")
    assert len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) == 2


def test_method_page_lists_every_assumption_and_source(make_app) -> None:
    import pandas as pd

    at = _run(make_app(lang="nl"), "views/method.py")
    metrics = at.dataframe[0].value  # first: what each output number means (the metric registry)
    from roi_core.metrics import OUTPUT_METRICS

    assert metrics["Betekenis"].tolist() == [m.definition("nl") for m in OUTPUT_METRICS.values()]
    table = pd.concat([tb.value for tb in at.table])
    assert len(table) == len(INPUTS)
    assert {i.rsplit(" (", 1)[0] for i in table.index} == {sp.label("nl") for sp in INPUTS.values()}
    text = " ".join(m.value for m in at.markdown)
    for src in SOURCES.values():
        assert src.cite("nl") in text  # Dutch wording of descriptive citations, published titles as published
    assert SOURCES["assumption"].cite("nl") != SOURCES["assumption"].citation


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_method_tables_show_every_column_compactly(make_app, lang: str) -> None:
    # One table per group that wraps its cells (st.table), with low / most likely / high in one column: the
    # single nine-column table hid Shape, Now and Source (in Dutch even "Hoog") at 1440 px.
    at = _run(make_app(lang=lang, cur="EUR"), "views/method.py")
    assert len(at.table) >= 10 and len(at.dataframe) == 1  # the one data grid: the output metrics
    for tb in at.table:
        table = tb.value
        assert list(table.columns) == [
            translate(lang, "workshop.col_default"),
            translate(lang, "method.col_shape"),
            translate(lang, "method.col_now"),
            translate(lang, "method.col_source"),
        ]
        assert all(len(v.split(" / ")) in (1, 3) for v in table.iloc[:, 0])  # one number when fixed
    first = at.table[0].value
    sp = INPUTS["participants"]
    assert any(i.startswith(sp.label(lang) + " (") for i in first.index)


@pytest.mark.parametrize(("preset", "paid_back"), [("default", False), ("contact_centre", True)])
def test_over_time_caption_names_the_orange_line_only_when_it_is_drawn(make_app, preset: str, paid_back: bool) -> None:
    # The caption said "the orange line marks the payback point" under a curve that never reaches zero (no line).
    from ui.common.presets import preset_scenario

    assert math.isfinite(deterministic(preset_scenario(preset)).payback_months) is paid_back
    for lang in ("en", "nl"):
        at = _run(make_app(p=preset, lang=lang, tables=False), "views/over_time.py")
        captions = " ".join(c.value for c in at.caption)
        assert translate(lang, "over_time.cumulative_caption") in captions
        assert (translate(lang, "over_time_payback.line") in captions) is paid_back
        spec = json.loads((at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))[0].proto.spec)
        marks = [layer.get("mark", {}) for layer in spec["layer"]]
        assert any(m.get("type") == "rule" and m.get("color") == COLOR_COST for m in marks) is paid_back


def test_dutch_method_formulas_have_no_english_words(make_app) -> None:
    # The Dutch Method page wrote "Payback = min{m : ... for all m'}", "PV", "NPV" and "n = ... or ..." in its formulas.
    formulas = {
        lang: " ".join(e.value for e in _run(make_app(lang=lang), "views/method.py").latex) for lang in ("en", "nl")
    }
    for word in (r"\text{Payback}", " for all ", r"\text{or}", "PV(", r"\text{NPV}"):
        assert word in formulas["en"]
        assert word not in formulas["nl"]
    for word in (r"\text{Terugverdientijd}", " voor alle ", r"\text{of}", "CW(", r"\text{NCW}"):
        assert word in formulas["nl"]


def test_dutch_headline_labels_fit_a_1280px_metric_card() -> None:
    # At 1280 px three cards share about 820 px: "Net benefit (present value)" (27 characters) just fits,
    # "Netto opbrengst (contante waarde)" (33) was cut. The detail belongs in the help text.
    from roi_core.metrics import OUTPUT_METRICS

    for key in ("roi_likely", "npv_likely", "prob_roi_positive", "roi_mean", "roi_p50", "payback_likely"):
        for lang in ("en", "nl"):
            label = OUTPUT_METRICS[key].label(lang)
            assert len(label) <= 27, (lang, key, label)
    for key in ("bcr_likely", "roi_phillips", "prob_payback", "payback_p50"):  # the other cards
        assert all(len(OUTPUT_METRICS[key].label(lang)) <= 27 for lang in ("en", "nl")), key


def test_open_groups_are_remembered_outside_the_widget_state(make_app) -> None:
    # A browser drops the expanders' widget state on a page switch (AppTest does not): the sidebar keeps the open
    # state in "_open" and gives it back as the expander's default, so the group reopens as the user left it.
    at = _run(make_app(closed=True))
    assert at.session_state["_open"]["workforce"] is False
    at.session_state["grp_workforce"] = True  # the user opens the group
    at.run()
    assert at.session_state["_open"]["workforce"] is True
    at.switch_page("views/method.py").run()
    assert not at.exception
    expander = next(e for e in at.sidebar.expander if e.proto.label == translate("en", "group.workforce"))
    assert expander.proto.expanded is True  # the default a browser falls back to
    at.session_state["grp_workforce"] = False  # and closes it again
    at.run()
    assert at.session_state["_open"]["workforce"] is False


def test_page_scripts_are_not_in_a_pages_folder() -> None:
    # A pages/ folder switches Streamlit to file-based navigation: a fresh server whose first request is a deep
    # link (e.g. /over-time?s=...) would then run that page alone, without app.py's sidebar and scenario.
    root = Path(__file__).resolve().parents[2]
    assert not (root / "pages").exists()
    assert sorted(p.name for p in (root / "views").glob("*.py"))


@pytest.mark.parametrize(
    ("page", "names"),
    [
        ("views/overview.py", ("overview_histogram", "overview_waterfall")),
        ("views/over_time.py", ("over_time_cumulative", "over_time_yearly")),
    ],
)
def test_data_tables_are_drawn_only_when_opened(make_app, page: str, names: tuple[str, ...]) -> None:
    # Closed (a user's start): the expanders are there, their tables are not (a slider move then costs less).
    at = _run(make_app(tables=False), page)
    labels = [e.label for e in at.main.expander]
    assert labels.count("Show the numbers as a table") == len(names)
    assert len(at.main.dataframe) == 0
    # Opening one draws its table on the next run; it stays open when a slider moves.
    at.session_state[f"tbl_{names[0]}"] = True
    at.run()
    assert not at.exception, at.exception
    assert len(at.main.dataframe) >= 1
    gain = at.slider(key="v_productivity_gain_pct")
    gain.set_value(gain.value + 1.0).run()
    assert not at.exception and len(at.main.dataframe) >= 1


def test_unknown_data_table_is_a_programming_error() -> None:
    from ui.common.layout import data_table

    with pytest.raises(ValueError, match="nope"):
        data_table("nope")
