"""AppTest: workshop features (issue 12): pinned sliders in the presentation view, Compare's differences,
range shapes in Ranges mode, and the sidebar's names and scales, in both languages."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from roi_core import DRIVER_LABELS, INPUTS, Scenario, Shape
from tests.app.conftest import metric
from tests.app.test_app import ROI, _run
from ui.common.i18n import plural, translate
from ui.common.links import parse_link
from ui.common.presets import preset_name
from ui.sidebar.present import MAX_PINS, parse_pins


def _multiselect(at, key: str):
    for m in at.multiselect:
        if m.key == key:
            return m
    raise AssertionError(f"no multiselect {key!r}")


# --- presentation view: pinned sliders ------------------------------------------------------------------------


def test_pins_from_a_link_keep_known_inputs_once_and_at_most_six() -> None:
    assert parse_pins("participants,nope,participants,") == ("participants",)
    assert parse_pins(None) == ()
    many = ",".join(
        [
            "participants",
            "learning_hours",
            "discount_rate",
            "gross_salary",
            "productivity_gain_pct",
            "error_reduction_pct",
            "turnover_rate_pct",
        ]
    )
    assert len(parse_pins(many)) <= MAX_PINS
    # A pin parameter is part of the app's link, not an unknown parameter.
    assert parse_link({"pin": "participants"}).warnings == ()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_presentation_view_shows_pinned_sliders_preset_and_outlook(make_app, lang: str) -> None:
    at = _run(make_app(lang=lang))
    _multiselect(at, "pins").set_value(["participants"]).run()
    assert at.query_params["pin"] == "participants"
    at.toggle(key="present").set_value(True).run()
    assert not at.exception
    assert [s.key for s in at.slider] == ["v_participants"]  # only the pinned one, in the main area
    context = translate(
        lang,
        "workshop.present_context",
        preset=preset_name("default", lang),
        variant=translate(lang, "variant.middle"),
    )
    assert context in [m.value for m in at.markdown]
    # Moving the pinned slider on the projector changes the numbers as the sidebar slider does.
    before = metric(at, ROI[lang])
    at.slider(key="v_participants").set_value(80.0).run()
    on_projector = metric(at, ROI[lang])
    assert on_projector != before
    at.toggle(key="present").set_value(False).run()
    assert metric(at, ROI[lang]) == on_projector
    assert at.slider(key="v_participants").value == 80.0
    assert _multiselect(at, "pins").value == ["participants"]  # the choice survived the hidden picker


def test_pins_come_from_the_link_and_without_pins_the_view_says_how(make_app) -> None:
    at = _run(make_app(lang="nl", pin="participants,learning_hours"))
    assert not at.warning  # the pin parameter is known
    at.toggle(key="present").set_value(True).run()
    assert [s.key for s in at.slider] == ["v_participants", "v_learning_hours"]
    at2 = _run(make_app(lang="en"))
    at2.toggle(key="present").set_value(True).run()
    assert len(at2.slider) == 0
    assert translate("en", "workshop.present_no_pins") in [c.value for c in at2.caption]


# --- Compare: what differs ---------------------------------------------------------------------------------------


def _dataframe(at, index_name: str):
    """The drawn table whose first column (the index) is headed ``index_name``."""
    for d in at.dataframe:
        if d.value.index.name == index_name:
            return d.value
    raise AssertionError(f"no table headed {index_name!r}: {[d.value.index.name for d in at.dataframe]}")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_compare_lists_only_the_assumptions_that_differ(make_app, lang: str) -> None:
    at = _run(make_app(lang=lang), "views/compare.py")
    at.text_input(key="compare_new_name").input("A").run()
    at.button(key="compare_save").click().run()
    assert translate(lang, "workshop.diff_title") not in [s.value for s in at.subheader]  # needs two
    at.slider(key="v_participants").set_value(200.0).run()
    at.slider(key="v_productivity_gain_pct").set_value(7.5).run()
    at.slider(key="horizon").set_value(5).run()
    at.radio(key="mode").set_value("range").run()
    at.text_input(key="compare_new_name").input("B").run()
    at.button(key="compare_save").click().run()
    assert not at.exception
    assert translate(lang, "workshop.diff_title") in [s.value for s in at.subheader]
    diff = _dataframe(at, translate(lang, "workshop.diff_assumption"))
    assert list(diff.columns) == ["A", "B"]
    participants = next(i for i in diff.index if i.startswith(INPUTS["participants"].label(lang)))
    assert list(diff.loc[participants]) == ["50", "200"]  # a number without doubt is one number
    gain = next(i for i in diff.index if i.startswith(INPUTS["productivity_gain_pct"].label(lang)))
    a, b = diff.loc[gain]
    # low / most likely / high, in the language's notation; the moved value is the middle one.
    assert a.split(" / ")[1] == ("5,0" if lang == "nl" else "5.0")
    assert b.split(" / ")[1] == ("7,5" if lang == "nl" else "7.5")
    assert diff.loc[translate(lang, "sidebar.horizon"), "B"] == plural(lang, "plural.years", 5)
    assert list(diff.loc[translate(lang, "sidebar.mode")]) == [
        translate(lang, "mode.simple"),
        translate(lang, "mode.range"),
    ]
    # Only rows that differ: every row has two different values, and an untouched input is absent.
    assert all(row.iloc[0] != row.iloc[1] for _, row in diff.iterrows())
    assert not any(i.startswith(INPUTS["discount_rate"].label(lang)) for i in diff.index)


def test_compare_differences_name_shapes_drivers_and_say_when_alike() -> None:
    from roi_core import Driver, Range, Scenario, Shape
    from ui.compare.compare_diff import differences

    base = Scenario()
    other = base.with_values(participants=Range(40, 50, 1200, Shape.UNIFORM))
    other = replace(other, enabled=tuple(d for d in other.enabled if d is not Driver.PRODUCTIVITY))
    diff = differences([("x", base, "simple"), ("y", other, "simple")], "nl")
    assert diff.loc["Deelnemers (aantal)", "y"] == "40 / 50 / 1.200 (uniform)"
    drivers = diff.loc[translate("nl", "workshop.diff_drivers")]
    assert (
        DRIVER_LABELS["productivity"]["nl"] in drivers["x"] and DRIVER_LABELS["productivity"]["nl"] not in drivers["y"]
    )
    assert translate("nl", "sidebar.mode") not in diff.index  # same mode: not a difference
    assert differences([("x", base, "simple"), ("y", base, "simple")], "en").empty


# --- Ranges mode: the shape of each range ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_ranges_mode_lets_the_user_pick_a_shape_and_the_link_keeps_it(make_app, lang: str) -> None:
    at = _run(make_app(lang=lang))
    assert not [s for s in at.selectbox if s.key == "s_productivity_gain_pct"]  # simple mode: no shape picker
    at.radio(key="mode").set_value("range").run()
    picker = at.selectbox(key="s_productivity_gain_pct")
    assert picker.label == translate(lang, "workshop.shape") and picker.value == "pert"
    assert picker.format_func("lognormal") == translate(lang, "shape.lognormal")
    at.selectbox(key="s_productivity_gain_pct").set_value("uniform").run()
    assert not at.exception
    s = at.session_state["_scenario"]
    assert s["productivity_gain_pct"].shape is Shape.UNIFORM
    # The link carries the shape: opening it restores the picker and the scenario.
    again = _run(make_app(**{k: v for k, v in at.query_params.items()}))
    assert again.selectbox(key="s_productivity_gain_pct").value == "uniform"
    assert again.session_state["_scenario"] == s


def test_fixed_shape_closes_the_span_and_a_width_reopens_it_as_peaked(make_app) -> None:
    at = _run(make_app(lang="en"))
    at.radio(key="mode").set_value("range").run()
    at.selectbox(key="s_productivity_gain_pct").set_value("fixed").run()
    r = at.session_state["_scenario"]["productivity_gain_pct"]
    assert r.shape is Shape.FIXED and r.low == r.likely == r.high
    at.slider(key="r_productivity_gain_pct").set_range(2.0, 9.0).run()
    assert at.selectbox(key="s_productivity_gain_pct").value == "pert"
    r = at.session_state["_scenario"]["productivity_gain_pct"]
    assert (r.low, r.high, r.shape) == (2.0, 9.0, Shape.PERT)


def test_a_skewed_bell_curve_below_zero_says_it_falls_back(make_app) -> None:
    at = _run(make_app(lang="nl"))
    at.radio(key="mode").set_value("range").run()
    at.slider(key="r_productivity_gain_pct").set_range(0.0, 9.0).run()
    at.selectbox(key="s_productivity_gain_pct").set_value("lognormal").run()
    assert translate("nl", "workshop.lognormal_positive") in [c.value for c in at.caption]
    assert at.session_state["_scenario"]["productivity_gain_pct"].shape is Shape.PERT


# --- names that read whole, a scale that reads in order, a greyed outlook that says why --------------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_sidebar_names_scale_and_outlook_reason(make_app, lang: str) -> None:
    at = _run(make_app(lang=lang))
    preset = at.radio(key="preset")  # a radio: long names wrap instead of being cut in a closed select box
    assert preset.options[0] == preset_name("default", lang)
    sure = at.radio(key="sure")
    # From sure to unsure, widths growing; the starting point's own ranges last, as a separate choice.
    spreads = [f"± {p} %" for p in (10, 30, 60)]
    assert all(spread in option for spread, option in zip(spreads, sure.options[:3], strict=True))
    assert sure.options[3] == translate(lang, "sure.preset")
    reason = translate(lang, "workshop.variant_disabled")
    assert reason in [c.value for c in at.caption]
    at.radio(key="preset").set_value("contact_centre").run()
    assert reason not in [c.value for c in at.caption]


# --- Dutch everywhere: preset names and descriptions in reports, exports and the Share page ---------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_and_workbook_name_the_preset_in_the_page_language(lang: str) -> None:
    import io
    from datetime import date

    import openpyxl

    from roi_core.presets import PRESETS
    from ui.exports.export import ExportResults, results_xlsx
    from ui.exports.report import build_report

    preset = PRESETS["contact_centre"]
    res = ExportResults.compute(replace(preset.scenario, draws=1_000))
    html = build_report(res, lang, "EUR", "https://example.org/?s=x", date(2026, 11, 30))
    assert f'<h1 id="scenario-name">{preset.name(lang)}</h1>' in html
    assert preset.description(lang)[:40] in html
    other = "nl" if lang == "en" else "en"
    assert preset.name(other) not in html
    ws = openpyxl.load_workbook(io.BytesIO(results_xlsx(res, lang, "EUR"))).active
    assert ws.cell(row=1, column=1).value == preset.name(lang)
    # A name someone typed stays as typed.
    own = ExportResults.compute(replace(preset.scenario, name="Pilot Q3", draws=1_000))
    assert '<h1 id="scenario-name">Pilot Q3</h1>' in build_report(own, lang, "EUR", "", date(2026, 11, 30))


def test_share_page_names_the_generic_example_in_dutch(make_app) -> None:
    at = _run(make_app(lang="nl"), "views/share.py")
    assert metric(at, translate("nl", "share.scenario")) == preset_name("default", "nl")


# --- charts that read at a glance ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_spider_break_even_has_its_own_colour_and_a_label(lang: str) -> None:
    from roi_core import Scenario
    from roi_core.sensitivity import spider
    from tests.app.test_sensitivity_charts import _data, _spec
    from ui.common.charts import COLOR_COST
    from ui.sensitivity import sensitivity_charts as sc

    s = Scenario()
    keys = list(INPUTS)[:6]  # six series: every colour the palette has
    sp = spider(s, keys=keys, points=3)
    spec = _spec(sc.spider_chart(sc.spider_frame(sp, s, "roi_pct", lang), sp.base_roi_pct, "roi_pct", lang))
    series = spec["layer"][0]["encoding"]["color"]["scale"]["range"]
    zero = next(
        layer
        for layer in spec["layer"]
        if layer["mark"].get("type") == "rule" and layer["mark"].get("color") == COLOR_COST
    )
    assert COLOR_COST not in series and zero
    # Lines that run on top of each other stay apart by their dash pattern.
    dashes = spec["layer"][0]["encoding"]["strokeDash"]["scale"]["range"]
    assert len({str(d) for d in dashes}) == len(series) == 6
    labels = [
        row["label"]
        for i, layer in enumerate(spec["layer"])
        if layer["mark"].get("type") == "text"
        for row in _data(spec, i)
    ]
    assert translate(lang, "chart.break_even") in labels


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_value_of_information_line_is_labelled_and_ranking_axis_has_few_ticks(lang: str) -> None:
    from tests.app.test_sensitivity_charts import _data, _evppi, _spec
    from ui.common.format import money
    from ui.sensitivity import sensitivity_charts as sc

    ev = _evppi(60_000.0, (42_000.0, 10_000.0, 100.0))
    spec = _spec(sc.voi_chart(sc.voi_frame(ev, Scenario(), lang), ev.evpi, lang))
    texts = [
        r["label"] for i, ly in enumerate(spec["layer"]) if ly["mark"].get("type") == "text" for r in _data(spec, i)
    ]
    assert translate(lang, "sens.evpi_label", value=money(60_000.0, lang)) in texts  # the line says what it is
    assert spec["layer"][0]["encoding"]["x"]["axis"]["tickCount"] <= 8
    f = pd.DataFrame(
        {
            "key": ["a", "b"],
            "label": ["A", "B"],
            "share": [64.0, 36.0],
            "share_text": ["64 %", "36 %"],
            "direction": [translate(lang, "sens.dir_up_roi_pct")] * 2,
            "order": [0, 1],
        }
    )
    rank = _spec(sc.ranking_chart(f, "rank", lang))
    assert rank["layer"][0]["encoding"]["x"]["axis"]["tickCount"] <= 8
