"""AppTest of the page "Measured effects": example data of each kind, every bad file, both languages, adoption."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from roi_core import INPUTS, Range, Scenario, attribution_key
from roi_core.scenario_io import decode
from ui.common.i18n import translate
from ui.evidence.evidence import INJECT_KEY
from ui.evidence.evidence_charts import distribution_frame

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
EXAMPLES = ROOT / "roi_core" / "data" / "examples"
PAGE = "views/evidence.py"


def page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def upload(at: AppTest, kind: str, data: bytes, name: str = "data.csv") -> AppTest:
    if at.session_state["ev_kind"] != kind:
        at.session_state["ev_kind"] = kind
        at.run()
    at.session_state[INJECT_KEY] = (kind, name, data)
    at.run()
    assert not at.exception, at.exception
    return at


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


PERF = (EXAMPLES / "performance.csv").read_bytes()


@pytest.mark.parametrize("lang", ["en", "nl"])
class TestExamples:
    def test_empty_page_says_what_to_do_and_keeps_rows_private(self, lang: str) -> None:
        at = page(lang)
        assert translate(lang, "evidence.nothing") in [i.value for i in at.info]
        assert translate(lang, "evidence.privacy") in [i.value for i in at.info]
        assert at.title[0].value == translate(lang, "evidence.title")

    def test_performance_example(self, lang: str) -> None:
        at = page(lang)
        at.button(key="ev_example_performance").click().run()
        assert not at.exception
        labels = [m.label for m in at.metric]
        assert translate(lang, "evidence.effect") in labels
        effect = at.metric[labels.index(translate(lang, "evidence.effect"))].value
        assert effect == ("2,37" if lang == "nl" else "2.37")
        charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
        assert len(charts) == 3
        specs = [json.loads(c.proto.spec) for c in charts]
        assert all(("locale" in s.get("config", {})) == (lang == "nl") for s in specs)
        assert translate(lang, "evidence.limit_title") in [h.value for h in at.subheader]
        assert not at.error

    def test_learning_example(self, lang: str) -> None:
        at = page(lang)
        at.session_state["ev_kind"] = "learning"
        at.run()
        at.button(key="ev_example_learning").click().run()
        assert not at.exception
        assert translate(lang, "evidence.learning.completion") in [m.label for m in at.metric]
        at.button(key="ev_adopt_learning").click().run()
        s = at.session_state["_scenario"]
        assert {e.input for e in s.evidence} == {"completion_rate", "learning_hours"}
        assert 75 < s["completion_rate"].likely < 90

    def test_360_example_and_chain(self, lang: str) -> None:
        at = page(lang)
        at.session_state["ev_kind"] = "feedback360"
        at.run()
        at.button(key="ev_example_feedback360").click().run()
        assert not at.exception
        table = at.dataframe[0].value
        assert list(table.iloc[:, 0]) == [
            translate(lang, f"evidence.rater.{r}") for r in ("self", "manager", "peers", "reports")
        ]
        assert translate(lang, "evidence.chain_title") in [h.value for h in at.subheader]


class TestAdopt:
    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_adopt_sets_range_attribution_and_source(self, lang: str) -> None:
        at = upload(page(lang), "performance", PERF)
        # The preview puts the unit after each number: "3,06 % tot 8,71 % (meest waarschijnlijk 5,89 %)", where it
        # read "3,06 tot 8,71 (meest waarschijnlijk 5,89) %".
        preview = {
            "en": "becomes 3.06\u00a0% to 8.71\u00a0% (most likely 5.89\u00a0%).",
            "nl": "wordt 3,06\u00a0% tot 8,71\u00a0% (meest waarschijnlijk 5,89\u00a0%).",
        }
        assert any(preview[lang] in m.value for m in at.markdown), [m.value for m in at.markdown]
        before = at.session_state["_scenario"]
        at.button(key="ev_adopt").click().run()
        assert not at.exception
        s: Scenario = at.session_state["_scenario"]
        r = s["productivity_gain_pct"]
        assert r != before["productivity_gain_pct"] and 2 < r.low < r.likely < r.high < 10
        assert s[attribution_key("productivity")] == Range.fixed(100.0)
        assert s.source_of("productivity_gain_pct").method == "difference_in_differences"
        done = at.success[0].value
        assert translate(lang, "evidence.notice.attribution_set") in done
        # The link carries the source (never the rows) and reads back to the same scenario.
        link = at.query_params["s"][0] if isinstance(at.query_params["s"], list) else at.query_params["s"]
        assert "E_pg_d_256_24" in link and "P0001" not in link
        assert decode(link).scenario.evidence == s.evidence

    def test_moving_the_slider_drops_the_source(self) -> None:
        at = upload(page(), "performance", PERF)
        at.button(key="ev_adopt").click().run()
        at.session_state["grp_productivity"] = True
        at.run()
        at.slider(key="v_productivity_gain_pct").set_value(8.0).run()
        s = at.session_state["_scenario"]
        assert s.source_of("productivity_gain_pct") is None

    def test_method_page_lists_the_source(self) -> None:
        at = upload(page(), "performance", PERF)
        at.button(key="ev_adopt").click().run()
        at.switch_page("views/method.py").run()
        assert not at.exception
        text = " ".join(m.value for m in at.markdown)
        assert "Difference in differences, 256 people in 24 teams" in text


BAD = [
    ("missing_columns", b"id,team,group,before\n1,A,trained,3\n", "performance"),
    ("not_a_number", b"id,team,group,before,after\n1,A,trained,3,x\n2,B,control,2,3\n", "performance"),
    ("empty_group", b"id,team,group,before,after\n1,A,trained,3,4\n2,B,trained,2,3\n", "performance"),
    ("duplicate_ids", b"id,team,group,before,after\n1,A,trained,3,4\n1,B,control,2,3\n", "performance"),
    ("one_cluster", b"id,team,group,before,after\n1,A,trained,3,4\n2,B,trained,3,4\n3,C,control,2,3\n4,C,control,2,3\n",
     "performance"),
    ("mixed_decimals", b"id;team;group;before;after\n1;A;trained;3.5;4\n2;B;control;2,5;3\n", "performance"),
    ("encoding", "id,team,group,before,after\n1,A,trained,3,4\n".encode("utf-16"), "performance"),
    ("empty", b"", "performance"),
    ("old_excel", b"\xd0\xcf\x11\xe0" + b"\0" * 64, "performance"),
    ("not_a_flag", b"id,team,enrolled,completed\n1,A,1,maybe\n", "learning"),
    ("bad_rater", b"id,team,rater,before,after\n1,A,boss,3,4\n", "feedback360"),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(("kind_of_error", "data", "kind"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_says_what_to_fix(lang: str, kind_of_error: str, data: bytes, kind: str) -> None:
    at = upload(page(lang), kind, data)
    assert len(at.error) == 1
    message = at.error[0].value
    start = translate(lang, "evidence.cannot_use", reason="").strip()
    assert message.startswith(start)
    # The kind's own sentence is there (its text before the first placeholder).
    sentence = translate(lang, f"evidence.error.{kind_of_error}").split("{")[0]
    assert sentence in message
    assert not at.metric


def test_too_many_rows_is_refused_with_the_limit() -> None:
    from roi_core.evidence import MAX_ROWS

    lines = "\n".join(f"{i},T{i % 50},{'trained' if i % 2 else 'control'},1,2" for i in range(MAX_ROWS + 1))
    at = upload(page("nl"), "performance", ("id,team,group,before,after\n" + lines + "\n").encode())
    assert "200.000" in at.error[0].value.replace("\\", "")  # Markdown source: a number at a line start is escaped


def test_workbook_with_several_sheets_asks_then_reads() -> None:
    rows: list[list[object]] = [["id", "team", "group", "before", "after"]]
    rows += [[f"p{i}", f"T{i % 6}", "trained" if i % 6 < 3 else "control", 10 + i % 4, 12 + i % 5] for i in range(60)]
    at = upload(page(), "performance", xlsx({"March": rows, "June": rows}), "data.xlsx")
    assert at.error and "March, June" in at.error[0].value
    at.selectbox(key="ev_sheet_performance").set_value("June").run()
    assert not at.exception and not at.error
    assert any("sheet 'June'" in c.value for c in at.caption)


def test_hostile_cell_text_is_shown_as_text() -> None:
    at = upload(page(), "performance", b"id,team,group,before,after\n1,A,trained,3,[x](https://evil.example)\n")
    message = at.error[0].value
    assert "\\[x\\]" in message and "https://" not in message


def test_distribution_is_binned() -> None:
    from roi_core.evidence import estimate_effect, read_table

    table = read_table(PERF)
    frame = distribution_frame(table.frame, estimate_effect(table), "en")
    assert len(frame) == 2 * 25 and frame["n"].sum() == len(table.frame)
    json.dumps(frame.to_dict("records"))


class TestSourceShown:
    def test_sidebar_help_names_the_measurement(self) -> None:
        at = upload(page(), "performance", PERF)
        at.button(key="ev_adopt").click().run()
        at.session_state["grp_productivity"] = True
        at.run()
        helps = [s.help or "" for s in at.slider if s.key in ("v_productivity_gain_pct", "r_productivity_gain_pct")]
        assert helps and all("Difference in differences, 256 people in 24 teams" in h for h in helps)

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_report_lists_the_source_never_the_rows(self, lang: str) -> None:
        from roi_core.evidence import adopt_effect, estimate_effect, read_table
        from ui.exports.export import ExportResults
        from ui.exports.report import build_report

        est = estimate_effect(read_table(PERF))
        s = adopt_effect(Scenario(draws=1_000), est, "productivity_gain_pct", date="2026-11-30").scenario
        html = build_report(ExportResults.compute(s), lang)
        assert 'id="measured"' in html
        assert translate(lang, "evidence.method.difference_in_differences") in html
        assert "P0001" not in html


class TestMeasurementRound:
    """ "Add as a measurement round": the measured effect becomes a round of the programme record, or says why not."""

    @staticmethod
    def _record(kpi_input: str):
        from roi_core.kpi import Kpi, KpiPlan, Outcome
        from roi_core.programme import Programme

        if kpi_input == "productivity_gain_pct":
            kpi = Kpi("Orders an hour", Outcome.PRODUCTIVITY, "output/hour", 20.0, 22.0, kpi_input)
        else:
            kpi = Kpi("Errors a month", Outcome.ERRORS, "count/month", 120.0, 90.0, kpi_input)
        return Programme("Order entry", "2026-01-15", KpiPlan((kpi,)), Scenario(draws=2000))

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_effect_becomes_a_round_of_the_kpi_tied_to_the_input(self, lang: str) -> None:
        from roi_core.evidence import effect_values, estimate_effect, read_table

        at = upload(page(lang), "performance", PERF)
        at.session_state["_prog"] = self._record("productivity_gain_pct")
        at.button(key="ev_round").click().run()
        assert not at.exception, at.exception
        p = at.session_state["_prog"]
        assert len(p.rounds) == 1 and len(p.rounds[0].results) == 1
        m = p.rounds[0].results[0]
        est = estimate_effect(read_table(PERF, "performance"), seed=0)
        value, low, high = effect_values(est, "productivity_gain_pct")
        kpi = p.plan.kpis[0]
        # Read back through the KPI, the round measures exactly the effect and its interval.
        assert kpi.input_value(m.value) == pytest.approx(value)
        assert (kpi.input_value(m.ci_low), kpi.input_value(m.ci_high)) == pytest.approx((low, high))
        assert m.n == est.n == 256 and translate(lang, "evidence.method.difference_in_differences") in m.method
        done = next(s.value for s in at.success if "KPI 1" in s.value)
        assert done.startswith(translate(lang, "evidence_round.done").split(":")[0]) and "Orders an hour" in done
        # A second click adds nothing and says so.
        at.button(key="ev_round").click().run()
        assert len(at.session_state["_prog"].rounds) == 1
        assert translate(lang, "evidence_round.already", date=p.rounds[0].date) in [w.value for w in at.warning]
        # The Measurement rounds page shows the record with its new round.
        at.switch_page("views/programme.py").run()
        assert not at.exception, at.exception

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_says_why_it_cannot(self, lang: str) -> None:
        at = upload(page(lang), "performance", PERF)
        at.button(key="ev_round").click().run()  # no record in this session
        assert not at.exception and "_prog" not in at.session_state
        assert [w.value for w in at.warning if w.value == translate(lang, "evidence_round.no_record")]
        at.session_state["_prog"] = self._record("error_reduction_pct")  # its only KPI feeds another input
        at.button(key="ev_round").click().run()
        assert not at.exception
        label = INPUTS["productivity_gain_pct"].label(lang)
        assert translate(lang, "evidence_round.no_kpi", input=label) in [w.value for w in at.warning]
        assert at.session_state["_prog"].rounds == ()
