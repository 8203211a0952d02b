"""AppTest: the lasting-effect switch beside the half-life, the choice of how the cost per leaver is given, and the
renamed outlooks (issue 9), in both languages."""

from __future__ import annotations

import pytest

from roi_core import deterministic
from roi_core.scenario import LeaverCost
from ui.common.format import metric_label, pct
from ui.common.i18n import translate
from ui.common.presets import preset_scenario

ROI = {lang: metric_label("roi_likely", lang) for lang in ("en", "nl")}


def _run(at):
    at.run()
    assert not at.exception, at.exception
    return at


def _metric(at, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def _button_group(at, key: str):
    return next(b for b in at.get("button_group") if b.key == key)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_lasting_switch_disables_the_half_life_and_changes_the_numbers(make_app, lang: str) -> None:
    at = _run(make_app(lang=lang))
    toggle = at.toggle(key="lasting")
    assert toggle.label == translate(lang, "sidebar.lasting") and toggle.value is False
    assert at.slider(key="v_half_life_months").disabled is False
    toggle.set_value(True).run()
    assert not at.exception, at.exception
    s = at.session_state["_scenario"]
    assert s.lasting is True
    assert at.slider(key="v_half_life_months").disabled is True
    assert _metric(at, ROI[lang]) == pct(deterministic(s).roi_pct, lang)
    assert "F_1" in at.query_params["s"]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_cost_per_leaver_as_an_amount_shows_the_amount_slider_only(make_app, lang: str) -> None:
    at = _run(make_app(lang=lang))
    keys = [s.key for s in at.slider]
    assert "v_replacement_cost_pct" in keys and "v_leaver_cost_eur" not in keys
    choice = _button_group(at, "leaver_cost")
    assert choice.label == translate(lang, "sidebar.leaver_cost")
    choice.set_value("amount").run()
    assert not at.exception, at.exception
    keys = [s.key for s in at.slider]
    assert "v_leaver_cost_eur" in keys and "v_replacement_cost_pct" not in keys
    s = at.session_state["_scenario"]
    assert s.leaver_cost is LeaverCost.AMOUNT
    assert _metric(at, ROI[lang]) == pct(deterministic(s).roi_pct, lang)
    assert "L_a" in at.query_params["s"]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_link_with_both_choices_restores_them(make_app, lang: str) -> None:
    at = _run(make_app(lang=lang, s="v1.F_1~L_a~rl_4000_8000_12000"))
    s = at.session_state["_scenario"]
    assert s.lasting and s.leaver_cost is LeaverCost.AMOUNT and s["leaver_cost_eur"].likely == 8000
    assert at.toggle(key="lasting").value is True
    assert _button_group(at, "leaver_cost").value == "amount"
    assert not at.warning  # nothing was dropped


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_outlook_words_differ_from_the_phillips_view(make_app, lang: str) -> None:
    at = _run(make_app(lang=lang, p="logistics", v="conservative"))  # an old link's outlook name
    outlook = _button_group(at, "variant")
    assert outlook.value == "pessimistic"
    shown = [translate(lang, f"variant.{v}") for v in ("pessimistic", "middle", "optimistic")]
    assert "Conservative" not in shown and "Voorzichtig" not in shown
    assert at.session_state["_scenario"] == preset_scenario("logistics", "pessimistic")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_method_page_explains_the_timing_and_the_phillips_view(make_app, lang: str) -> None:
    at = _run(make_app(lang=lang))
    at.switch_page("views/method.py").run()
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.markdown)
    for key in ("method.lasting_text", "method.cohort_text", "method.turnover_text", "method.phillips_text"):
        assert translate(lang, key) in text
    assert any("S_{t+1}" in x.value for x in at.latex)
