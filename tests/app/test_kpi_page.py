"""The KPI plan page (AppTest): editing KPIs in both languages, problems named, the ROI of the targets with undo,
the plan in the link, and the plan travelling through the scenario file, the report and the exports."""

from __future__ import annotations

import io

import pytest
from streamlit.testing.v1 import AppTest

from roi_core import Range, Scenario
from roi_core.kpi import Kpi, KpiPlan, Outcome, encode_plan
from roi_core.scenario_io import from_json, to_json
from tests.app.conftest import APP, open_groups
from ui.common.i18n import translate
from ui.common.safe_text import cell
from ui.exports.export import ExportResults, plan_csv, results_xlsx
from ui.exports.report import build_report
from ui.kpi.kpi_plan import gap_rows, parse_number, parse_rows, retype, row_from_kpi

PAGE = "views/kpi_plan.py"
ERRORS = Kpi("Errors a month", Outcome.ERRORS, "count/month", 120.0, 90.0, "error_reduction_pct", "CRM", "Ops lead")


def _open(lang: str = "en", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _add(at: AppTest, outcome: str) -> int:
    at.selectbox(key="kpi_new_outcome").set_value(outcome)
    at.button(key="kpi_add").click().run()
    assert not at.exception, at.exception
    return at.session_state["_kpi_rows"][-1]["id"]


def _metric(at: AppTest, key: str, lang: str) -> str:
    return next(m.value for m in at.metric if m.label == translate(lang, key))


class TestEditing:
    @pytest.mark.parametrize(("lang", "target", "expected"), [("en", "90.5", 24.583), ("nl", "90,5", 24.583)])
    def test_a_kpi_typed_in_the_pages_notation(self, lang, target, expected) -> None:
        at = _open(lang)
        assert [t.value for t in at.title] == [translate(lang, "kpi.title")]
        assert any(translate(lang, "kpi.empty") in i.value for i in at.info)
        rid = _add(at, "errors")
        assert at.selectbox(key=f"kpi_{rid}_input").value == "error_reduction_pct"  # the kind's usual input
        at.text_input(key=f"kpi_{rid}_baseline").set_value("120")
        at.text_input(key=f"kpi_{rid}_target").set_value(target).run()
        assert not at.exception and len(at.error) == 0
        plan = at.session_state["_kpi_plan"]
        assert plan.kpis[0].input_value() == pytest.approx(expected, abs=1e-3)
        assert at.query_params["k"] == encode_plan(plan)
        gap = at.dataframe[0].value
        assert gap[translate(lang, "kpi.gap.within")].tolist() == [translate(lang, "kpi.gap.yes")]

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_a_new_empty_kpi_is_not_called_no_kpi(self, lang) -> None:
        # With two KPIs being filled in, the page said "No KPIs yet: add one above" and "fill in the Baseline (now)",
        # in red, before anything was typed.
        # A KPI just added is not yet a mistake: no red error until a number is typed, then the missing one is named.
        at = _open(lang)
        rid = _add(at, "errors")
        infos = [i.value for i in at.info]
        assert translate(lang, "kpi_incomplete.text") in infos and translate(lang, "kpi.empty") not in infos
        assert len(at.error) == 0
        at.text_input(key=f"kpi_{rid}_baseline").set_value("120").run()
        field = translate(lang, "kpi.col.target")
        assert [e.value for e in at.error] == [
            translate(lang, "kpi.problem_row", row=1, text=translate(lang, "kpi.problem.empty_number", field=field))
        ]

    def test_dutch_notation_on_an_english_page_is_refused_not_misread(self) -> None:
        at = _open("en")
        rid = _add(at, "errors")
        at.text_input(key=f"kpi_{rid}_baseline").set_value("120")
        at.text_input(key=f"kpi_{rid}_target").set_value("90,5").run()
        assert len(at.error) == 1 and "KPI 1" in at.error[0].value
        assert at.session_state["_kpi_plan"] == KpiPlan()  # not read as 905
        assert at.session_state["_kpi_rows"][0]["target"] == "90,5"  # the typed text is kept to fix

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_each_problem_is_named_in_the_users_language(self, lang) -> None:
        at = _open(lang)
        a = _add(at, "errors")
        b = _add(at, "retention")
        at.text_input(key=f"kpi_{a}_baseline").set_value("120")
        at.text_input(key=f"kpi_{a}_target").set_value("120")  # no change
        at.text_input(key=f"kpi_{b}_baseline").set_value("12")
        at.text_input(key=f"kpi_{b}_target").set_value("10")
        at.selectbox(key=f"kpi_{b}_unit").set_value("weeks").run()  # turnover needs %
        errors = [e.value for e in at.error]
        assert len(errors) == 2
        assert errors[0].startswith(translate(lang, "kpi.problem_row", row=1, text="")[:5])
        assert translate(lang, "kpi.unit.weeks") in errors[1]
        assert not any("kpi.problem" in e for e in errors)  # every code has a text

    def test_remove_a_kpi(self) -> None:
        at = _open("en")
        rid = _add(at, "absence")
        at.button(key=f"kpi_remove_{rid}").click().run()
        assert at.session_state["_kpi_rows"] == []


class TestTargetsToRoi:
    def test_calculate_then_undo(self) -> None:
        at = _open("en", k=encode_plan(KpiPlan((ERRORS,))))
        before = at.session_state["_scenario"]
        roi_targets = _metric(at, "kpi.roi_targets", "en")
        at.button(key="kpi_apply").click().run()
        assert not at.exception
        s = at.session_state["_scenario"]
        assert s["error_reduction_pct"] == Range.fixed(25.0) and s != before
        assert _metric(at, "kpi.roi_today", "en") == roi_targets  # today's assumptions are now the targets
        assert any(translate("en", "kpi.applied") in x.value for x in at.success)
        at.button(key="kpi_undo").click().run()
        assert at.session_state["_scenario"] == before

    def test_a_driver_that_was_off_is_switched_on_and_said(self) -> None:
        nps = Kpi("NPS", Outcome.SATISFACTION, "points", 20.0, 25.0, "nps_increase")
        at = _open("nl", k=encode_plan(KpiPlan((nps,))))
        at.button(key="kpi_apply").click().run()
        assert at.session_state["_scenario"].is_enabled("customers")
        assert any("Klantbehoud (NPS)" in x.value for x in at.success)

    def test_a_damaged_link_plan_is_named_and_dropped(self) -> None:
        at = _open("en", k="k1.e_0_er_120_120_0")
        assert len(at.warning) >= 1 and at.session_state["_kpi_plan"] == KpiPlan()
        assert "k" not in at.query_params


class TestTravels:
    def test_scenario_file_with_a_plan_loads_it_on_the_share_page(self) -> None:
        at = _open("en")
        at.switch_page("views/share.py").run()
        at.session_state["_share_upload_bytes"] = to_json(Scenario(name="With plan"), KpiPlan((ERRORS,))).encode()
        at.run()
        assert not at.exception and len(at.error) == 0
        at.switch_page(PAGE).run()
        assert at.session_state["_kpi_plan"] == KpiPlan((ERRORS,))
        assert at.text_input(key="kpi_0_source").value == "CRM"  # the file keeps the free text the link drops

    def test_report_workbook_and_csv_carry_the_plan_safely(self) -> None:
        hostile = Kpi("<b>=SUM(A1)</b>", Outcome.OTHER, "score", 1.0, 2.0, None, "=cmd|' /C calc'!A0", "@owner")
        plan = KpiPlan((ERRORS, hostile))
        res = ExportResults.compute(Scenario(draws=500))
        html = build_report(res, "nl", plan=plan)
        assert 'id="kpi-plan"' in html and "Fouten en klachten" in html and "Errors a month" in html
        assert "<b>=SUM" not in html and "&lt;b&gt;=SUM(A1)&lt;/b&gt;" in html
        text = plan_csv(plan, "en").decode("utf-8-sig")
        assert "'=cmd" in text and "'@owner" in text and "25" in text
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(results_xlsx(res, "en", plan=plan)))
        ws = wb[translate("en", "kpi.plan_heading")]
        cells = [c.value for row in ws.iter_rows() for c in row]
        assert "=cmd|' /C calc'!A0" in cells and all(
            c.data_type == "s" for row in ws.iter_rows() for c in row if c.value is not None
        )
        assert cell("+1") == "'+1"  # the one spreadsheet-formula defence (ui.common.safe_text)

    def test_file_round_trip(self) -> None:
        loaded = from_json(to_json(Scenario(), KpiPlan((ERRORS,))))
        assert loaded.plan.kpis[0].owner == "Ops lead"


class TestHelpers:
    @pytest.mark.parametrize(
        ("text", "lang", "value"),
        [("1.234,5", "nl", 1234.5), ("1 234,5", "nl", 1234.5), ("-0,5", "nl", -0.5), ("€ 1.000", "nl", 1000.0),
         ("1,234.5", "en", 1234.5), (",5", "nl", 0.5), ("12", "en", 12.0)],
    )  # fmt: skip
    def test_numbers(self, text, lang, value) -> None:
        assert parse_number(text, lang) == value

    @pytest.mark.parametrize(
        ("text", "lang"), [("1.5", "nl"), ("1,5", "en"), ("1,2,3", "nl"), ("abc", "en"), ("", "nl")]
    )
    def test_ambiguous_or_bad_numbers_are_refused(self, text, lang) -> None:
        with pytest.raises(ValueError):
            parse_number(text, lang)

    def test_rows_round_trip_in_both_languages(self) -> None:
        k = Kpi("x", Outcome.ABSENCE, "%", 5.5, 5.0, "absence_reduction_pp")
        for lang in ("en", "nl"):
            plan, problems = parse_rows([row_from_kpi(k, lang)], lang)
            assert problems == () and plan.kpis == (k,)
        assert retype([row_from_kpi(k, "nl")], "nl", "en")[0]["baseline"] == "5.5"

    def test_gap_rows_have_translated_headers(self) -> None:
        rows = gap_rows(KpiPlan((ERRORS,)), Scenario(), "nl")
        assert rows[0][translate("nl", "kpi.gap.gap")] == "+5"


def test_undo_is_offered_only_until_the_scenario_moves_on() -> None:
    at = _open("en", k=encode_plan(KpiPlan((ERRORS,))))
    at.button(key="kpi_apply").click().run()
    assert any(b.key == "kpi_undo" for b in at.button)
    open_groups(at).run()
    at.slider(key="v_participants").set_value(120.0).run()  # a later change that undo would silently throw away
    assert not any(b.key == "kpi_undo" for b in at.button)
    assert at.session_state["_scenario"]["error_reduction_pct"] == Range.fixed(25.0)
