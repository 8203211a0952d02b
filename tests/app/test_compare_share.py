"""AppTest of the Compare and the Share & export pages, and the exceedance-curve builders."""

from __future__ import annotations

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from roi_core import Range, Scenario, simulate
from roi_core.metrics import OUTPUT_METRICS
from roi_core.scenario_io import to_json
from tests.app.conftest import metric
from ui.common.i18n import translate
from ui.compare.compare_charts import exceedance_at, exceedance_chart, exceedance_frame, exceedance_table
from ui.exports.export import share_link


def _fragment_run(at: AppTest, key: str) -> AppTest:
    """Rerun only the fragment registered under ``key``, as the server does for a widget inside it.

    AppTest always runs the whole app; this passes the fragment's id to the runner's RerunData (two AppTest
    internals: if an upgrade renames them, the tests using this fail loudly).
    """
    from unittest import mock

    from streamlit.testing.v1 import local_script_runner

    ids = list(at._fragment_storage._ids_by_target_key[key])
    assert len(ids) == 1, ids
    real = local_script_runner.RerunData
    with mock.patch.object(local_script_runner, "RerunData", lambda **kw: real(**kw, fragment_id_queue=ids)):
        at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def app(make_app):  # noqa: ANN001, ANN201 - conftest.py's AppTest factory
    """``app(page, lang)``: app.py on ``page``, sidebar groups open (conftest.py's ``make_app``)."""

    def open_page(page: str, lang: str = "en") -> AppTest:
        at = make_app(lang=lang)
        at.run()
        at.switch_page(page).run()
        assert not at.exception
        assert at.slider(key="v_participants")  # the shared sidebar is there
        return at

    return open_page


# --- Compare ---------------------------------------------------------------------------------------------


class TestComparePage:
    def test_guard_explains_how_to_save(self, app) -> None:
        at = app("views/compare.py")
        assert not at.exception
        assert len(at.info) == 1
        assert "Save at least two scenarios" in at.info[0].value
        assert len(at.dataframe) == 0

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_save_two_scenarios_and_the_table_shows_both(self, app, lang: str) -> None:
        at = app("views/compare.py", lang)
        at.text_input(key="compare_new_name").input("Baseline").run()
        at.button(key="compare_save").click().run()
        assert not at.exception
        # Change the scenario in the sidebar, then save it under another name.
        at.slider(key="v_participants").set_value(200.0).run()
        at.text_input(key="compare_new_name").input("Bigger group").run()
        at.button(key="compare_save").click().run()
        assert not at.exception
        saved = at.session_state["_compare"]
        assert [e[1] for e in saved] == ["Baseline", "Bigger group"]
        assert saved[0][2].likely("participants") != saved[1][2].likely("participants") == 200.0
        table = at.dataframe[0].value
        assert list(table.columns) == ["Baseline", "Bigger group"]
        assert len(table) == 10  # the registry rows of compare.ROWS plus the horizon
        assert table.index[0] == OUTPUT_METRICS["roi_likely"].label(lang)
        roi_row = table.loc[OUTPUT_METRICS["roi_likely"].label(lang)]
        assert roi_row["Baseline"] != roi_row["Bigger group"]  # more participants, another ROI
        chart = at.get("vega_lite_chart")[0].proto
        spec = json.loads(chart.spec)
        data_bytes = len(chart.spec.encode()) + sum(len(d.data.data) for d in chart.datasets)
        assert data_bytes < 100_000
        assert spec["layer"][0]["mark"]["type"] == "line"

    def test_max_four_rename_and_remove(self, app) -> None:
        at = app("views/compare.py")
        for _ in range(4):
            at.text_input(key="compare_new_name").input("Same").run()
            at.button(key="compare_save").click().run()
        names = [e[1] for e in at.session_state["_compare"]]
        assert names == ["Same", "Same (2)", "Same (3)", "Same (4)"]  # unique: one column each
        assert at.button(key="compare_save").disabled
        assert len(at.dataframe[0].value.columns) == 4
        uid = at.session_state["_compare"][1][0]
        at.text_input(key=f"compare_name_{uid}").input("Renamed").run()
        assert [e[1] for e in at.session_state["_compare"]][1] == "Renamed"
        at.button(key=f"compare_remove_{uid}").click().run()
        assert not at.exception
        assert [e[1] for e in at.session_state["_compare"]] == ["Same", "Same (3)", "Same (4)"]
        assert not at.button(key="compare_save").disabled

    def test_save_and_open_in_fragment_reruns(self, app) -> None:
        """Save reruns only the page's fragment; Open escalates to a full run that loads the scenario."""
        at = app("views/compare.py")
        at.text_input(key="compare_new_name").input("Baseline").run()
        at.button(key="compare_save").click().run()
        at.slider(key="v_participants").set_value(200.0).run()
        at.text_input(key="compare_new_name").input("Bigger group")
        at.button(key="compare_save").click()
        _fragment_run(at, "compare_body")
        assert not at.slider  # the sidebar did not run
        assert list(at.dataframe[0].value.columns) == ["Baseline", "Bigger group"]
        # Open "Baseline" from a fragment run: the callback's st.rerun() makes it a full run, and the sidebar
        # loads the saved scenario (participants back at the default, not 200)
        default_participants = Scenario().likely("participants")
        assert default_participants != 200.0
        uid = at.session_state["_compare"][0][0]
        at.button(key=f"compare_open_{uid}").click()
        _fragment_run(at, "compare_body")
        assert at.slider(key="v_participants").value == default_participants
        assert at.session_state["_scenario"].likely("participants") == default_participants

    def test_saved_scenarios_belong_to_one_session(self, app) -> None:
        a = app("views/compare.py")
        a.text_input(key="compare_new_name").input("Mine").run()
        a.button(key="compare_save").click().run()
        b = app("views/compare.py")
        assert b.session_state["_compare"] == []


@pytest.fixture(scope="module")
def sims():
    base = Scenario(draws=4_000, seed=3)
    better = base.with_values(productivity_gain_pct=Range(4.0, 8.0, 12.0))
    return simulate(base), simulate(better)


class TestExceedance:
    def test_curve_equals_the_share_of_draws_above_each_inner_edge(self, sims) -> None:
        sim = sims[0]
        mc = sim.summary()
        frame = exceedance_frame([("a", mc)])
        edges = np.asarray(mc.roi_histogram.edges)
        assert len(frame) == len(edges) - 2  # inner edges only
        # Independent derivation from the raw draws: share with ROI >= x (bins are closed on the left).
        for x, p in zip(frame["roi"], frame["prob"], strict=True):
            assert p == pytest.approx(np.count_nonzero(sim.roi_pct >= x) / sim.n, abs=1e-12)
        assert (np.diff(frame["prob"]) <= 0).all()  # never increases

    def test_interpolated_table_brackets_the_true_share(self, sims) -> None:
        sim = sims[0]
        mc = sim.summary()
        xs = (-25.0, 0.0, 25.0, 50.0)
        got = exceedance_at(mc, xs)
        width = np.diff(mc.roi_histogram.edges).max()
        for x, p in zip(xs, got, strict=True):
            lo = np.count_nonzero(sim.roi_pct > x + width) / sim.n
            hi = np.count_nonzero(sim.roi_pct > x - width) / sim.n
            assert lo <= p <= hi
        assert got[1] == pytest.approx(mc.prob_roi_positive, abs=0.01)
        table = exceedance_table([("a", mc)], xs)
        assert list(table.index) == list(xs) and table["a"].iloc[1] == pytest.approx(100 * got[1])

    def test_better_scenario_lies_to_the_right_and_the_chart_is_small(self, sims) -> None:
        a, b = (s.summary() for s in sims)
        assert (exceedance_at(b, (0.0, 50.0)) > exceedance_at(a, (0.0, 50.0))).all()
        frame = exceedance_frame([("a", a), ("b", b), ("c", a), ("d", b)])
        chart = exceedance_chart(frame, "nl")
        assert len(json.dumps(chart).encode()) < 100_000
        enc = chart["layer"][0]["encoding"]
        assert enc["y"]["title"] == translate("nl", "compare.chart.y")
        # Colour and dash share one legend; a null legend on either would hide the merged legend.
        assert enc["strokeDash"].get("legend", {}) is not None and enc["color"].get("legend", {}) is not None
        assert enc["strokeDash"]["title"] == enc["color"]["title"]


# --- Share & export --------------------------------------------------------------------------------------


class TestSharePage:
    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_link_and_every_download(self, app, lang: str) -> None:
        at = app("views/share.py", lang)
        code = at.code[0].value
        assert code.startswith("?") and f"lang={lang}" in code  # AppTest knows no address: relative link
        buttons = at.get("download_button")
        assert len(buttons) == 4
        labels = [b.proto.label for b in buttons]
        assert labels == [translate(lang, f"share.dl_{k}") for k in ("json", "csv", "xlsx", "report")]
        assert len(at.error) == 0

    def test_link_holds_a_changed_slider(self, app) -> None:
        at = app("views/share.py")
        at.slider(key="v_participants").set_value(120.0).run()
        assert "s=" in at.code[0].value and "n_120" in at.code[0].value

    @pytest.mark.parametrize(
        ("payload", "reason"),
        [
            (b"{not json", "not valid JSON"),
            (b"\xff\xfe\x00garbage", "not UTF-8"),
            (json.dumps({"version": 99}).encode(), "version"),
            (b"[]", "must be a JSON object"),
            (b"x" * 1_000_001, "larger than"),
        ],
    )
    def test_a_broken_file_says_why_and_keeps_the_scenario(self, app, payload: bytes, reason: str) -> None:
        at = app("views/share.py")
        at.slider(key="v_participants").set_value(120.0).run()
        before = at.session_state["_scenario"]
        at.session_state["_share_upload_bytes"] = payload
        at.run()
        assert not at.exception
        assert len(at.error) == 1
        assert "current scenario is unchanged" in at.error[0].value
        assert reason in at.error[0].value
        assert at.session_state["_scenario"] == before  # no lost work
        assert at.slider(key="v_participants").value == 120.0

    def test_a_hostile_name_in_a_valid_file_is_only_text(self, app) -> None:
        s = Scenario(name="<script>alert(1)</script>")
        at = app("views/share.py")
        at.session_state["_share_upload_bytes"] = to_json(s).encode()
        at.run()
        assert not at.exception
        assert at.session_state["_scenario"].name == "<script>alert(1)</script>"
        assert metric(at, "Scenario") == "\\<script\\>alert(1)\\</script\\>"  # st.metric renders Markdown: escaped

    def test_a_valid_file_changes_the_headline(self, app) -> None:
        at = app("views/share.py")
        roi_before = metric(at, "ROI at most likely values")
        s = Scenario(name="From a file", horizon_years=5).with_values(
            participants=Range.fixed(80), productivity_gain_pct=Range(5.0, 9.0, 14.0)
        )
        at.session_state["_share_upload_bytes"] = to_json(s).encode()
        at.run()
        assert not at.exception
        assert len(at.error) == 0
        assert at.session_state["_scenario"] == s
        assert at.slider(key="v_participants").value == 80.0  # the sidebar shows the file
        assert metric(at, "Scenario") == "From a file"
        assert metric(at, "ROI at most likely values") != roi_before
        assert any("From a file" in x.value for x in at.success)


class TestShareLink:
    def test_full_address_without_the_page_path(self) -> None:
        assert share_link("http://localhost:8501/share", {"s": "v1.n_80", "lang": "en"}, "share") == (
            "http://localhost:8501/?s=v1.n_80&lang=en"
        )
        assert share_link("https://x.org/roi/", {"lang": "nl"}, "share") == "https://x.org/roi/?lang=nl"

    def test_unknown_or_odd_address_gives_a_relative_link(self) -> None:
        assert share_link(None, {"lang": "en"}) == "?lang=en"
        assert share_link("javascript:alert(1)//share", {"lang": "en"}, "share") == "?lang=en"

    def test_special_characters_are_percent_encoded(self) -> None:
        assert share_link("http://h/", {"s": "a b&c"}) == "http://h/?s=a+b%26c"
