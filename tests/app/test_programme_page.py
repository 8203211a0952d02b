"""The Measurement rounds page (AppTest): start a record, add rounds, open a saved record, bad files, both languages."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from roi_core import Scenario
from roi_core.kpi import Kpi, KpiPlan, Outcome, decode_plan, encode_plan
from roi_core.programme import Measurement, Programme, Round, to_json
from tests.app.conftest import APP
from ui.common.i18n import translate

PAGE = "views/programme.py"
ERRORS = Kpi("Errors a month", Outcome.ERRORS, "count/month", 120.0, 90.0, "error_reduction_pct")
PLAN = KpiPlan((ERRORS,))


def _open(lang: str = "en", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _record() -> Programme:
    r = Round("2026-04-15", (Measurement(0, 100.0, 96.0, 104.0, 80, "2026-04-15", "diff-in-diff"),), "+3 months")
    return Programme("Order entry", "2026-01-15", PLAN, Scenario(draws=2000), (r,))


def _submit(at: AppTest) -> None:
    at.get("form_submit_button")[0].click().run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_start_a_record_and_add_a_round(lang: str) -> None:
    at = _open(lang, k=encode_plan(PLAN))
    assert [t.value for t in at.title] == [translate(lang, "prog.title")]
    assert any(translate(lang, "prog.none") in i.value for i in at.info)
    at.text_input(key="prog_name").set_value("Order entry")
    at.button(key="prog_start").click().run()
    p = at.session_state["_prog"]
    assert p.plan == decode_plan(encode_plan(PLAN))[0] and p.rounds == () and p.name == "Order entry"
    dec = "," if lang == "nl" else "."
    at.text_input(key="prog_v_0").set_value(f"100{dec}5")
    at.text_input(key="prog_lo_0").set_value("96")
    at.text_input(key="prog_hi_0").set_value("104")
    at.text_input(key="prog_meth_0").set_value("difference in differences")
    _submit(at)
    p = at.session_state["_prog"]
    assert len(p.rounds) == 1 and p.rounds[0].results[0].value == 100.5
    assert any(translate(lang, "prog.round_added") in s.value for s in at.success)
    roi = at.dataframe[0].value
    assert len(roi) == 2 and roi[translate(lang, "prog.col.round")].iloc[0] == translate(lang, "prog.decision")
    left = at.dataframe[1].value  # what is left uncertain: the fed input's range narrowed
    assert float(left[translate(lang, "prog.col.width_left")].iloc[0].rstrip("%").replace(",", ".")) < 100
    advice = [translate(lang, f"prog.advice.{a}") for a in ("continue", "adjust", "stop")]
    assert roi[translate(lang, "prog.col.advice")].iloc[-1] in advice
    assert roi[translate(lang, "prog.col.roi_to_date_assumed")].iloc[0] == "-100%"  # nothing earned at the decision
    specs = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(specs) == 2  # one KPI chart, the ROI chart
    if lang == "nl":
        assert json.loads(specs[0].proto.spec)["config"]["locale"]["number"]["decimal"] == ","
    download = at.get("download_button")[0]
    assert download.proto.label == translate(lang, "prog.download")


def test_a_bad_round_says_what_to_fix_and_adds_nothing() -> None:
    at = _open("en", k=encode_plan(PLAN))
    at.button(key="prog_start").click().run()
    at.text_input(key="prog_v_0").set_value("100")
    at.text_input(key="prog_lo_0").set_value("101")  # the interval does not hold the value
    at.text_input(key="prog_hi_0").set_value("104")
    _submit(at)
    assert at.session_state["_prog"].rounds == ()
    assert any(translate("en", "prog.error.bad_interval") in e.value for e in at.error)
    at.text_input(key="prog_lo_0").set_value("9O")  # a letter O
    _submit(at)
    assert any("not a number" in e.value for e in at.error)


def test_start_needs_a_plan() -> None:
    at = _open("nl")
    assert at.button(key="prog_start").disabled
    assert any(translate("nl", "prog.needs_plan") in c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_open_a_saved_record_months_later(lang: str) -> None:
    at = _open(lang)
    at.session_state["_prog_upload_bytes"] = to_json(_record()).encode()
    at.run()
    assert not at.exception and len(at.error) == 0
    assert at.session_state["_prog"] == _record()
    assert any(translate(lang, "prog.opened") in s.value for s in at.success)
    assert [s.value for s in at.subheader][0] == "Order entry"
    assert at.get("download_button")[0].proto.label == translate(lang, "prog.download")


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        (b"{not json", "prog.error.not_json"),
        (b"\xff\xfe\x00{", "prog.error.not_utf8"),
        (b"[]", "prog.error.not_a_programme"),
        (to_json(_record()).replace('"version": 1', '"version": 2', 1).encode(), "prog.error.version"),
        (b"x" * 2_000_001, "prog.error.too_large"),
        (json.dumps({"version": 1, "inputs": {}}).encode(), "prog.error.not_a_programme"),  # a scenario file
    ],
)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_bad_files_get_a_clear_message_and_keep_the_open_record(payload: bytes, key: str, lang: str) -> None:
    at = _open(lang)
    at.session_state["_prog_upload_bytes"] = to_json(_record()).encode()
    at.run()
    at.session_state["_prog_upload_bytes"] = payload
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [translate(lang, "prog.open_failed")]
    first_words = translate(lang, key).split("{")[0][:20]
    assert any(first_words in x.value for x in at.text)
    assert at.session_state["_prog"] == _record()  # no lost work


def test_a_hostile_name_is_shown_as_text() -> None:
    p = Programme("**bold** <script>x</script>", "2026-01-15", PLAN, Scenario(draws=2000))
    at = _open("en")
    at.session_state["_prog_upload_bytes"] = to_json(p).encode()
    at.run()
    assert not at.exception
    assert at.session_state["_prog"].name == "**bold** <script>x</script>"
