"""AppTest: workshop features (issue 12): pinned sliders in the presentation view, Compare's differences,
range shapes in Ranges mode, and the sidebar's names and scales, in both languages."""

from __future__ import annotations

import pytest

from tests.app.conftest import metric
from tests.app.test_app import ROI, _run
from ui.i18n import translate
from ui.present import MAX_PINS, parse_pins
from ui.state import parse_link, preset_name


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
        variant=translate(lang, "variant.expected"),
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
