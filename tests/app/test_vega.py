"""ui.common.vega: cached Altair templates filled with named data."""

from __future__ import annotations

import dataclasses
import json
import math

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from roi_core import Scenario
from ui.common import charts, vega
from ui.common.compute import compute_results

CALLS: list[tuple[str, int]] = []


@vega.template
def _bars(title: str, height: int) -> alt.TopLevelMixin:
    CALLS.append((title, height))
    top = alt.param(name="top", value=1.0)
    bars = (
        alt.Chart(alt.NamedData("rows"))
        .mark_bar()
        .encode(x=alt.X("a:Q", scale=alt.Scale(domain=[0, alt.ExprRef(top.name)])), y=alt.Y("b:N"))
    )
    rule = alt.Chart(alt.NamedData("zero")).mark_rule().encode(x=alt.X("x:Q"))
    return alt.layer(bars, rule).add_params(top).properties(title=title, height=height)


class TestRecords:
    def test_native_types_and_null_for_nan_and_infinity(self) -> None:
        frame = pd.DataFrame(
            {"x": np.array([1.5, np.nan, np.inf]), "n": np.array([1, 2, 3], dtype=np.int64), "s": ["a", "b", "c"]}
        )
        rows = vega.records(frame)
        assert rows == [{"x": 1.5, "n": 1, "s": "a"}, {"x": None, "n": 2, "s": "b"}, {"x": None, "n": 3, "s": "c"}]
        assert type(rows[0]["n"]) is int and type(rows[0]["x"]) is float
        json.dumps(rows, allow_nan=False)  # strict JSON: raises on NaN

    def test_empty_frame(self) -> None:
        assert vega.records(pd.DataFrame({"x": []})) == []

    @given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=30))
    def test_same_as_pandas_records_with_non_finite_as_null(self, xs: list[float]) -> None:
        frame = pd.DataFrame({"x": xs, "i": range(len(xs))})
        expected = [{"x": x if math.isfinite(x) else None, "i": i} for i, x in enumerate(xs)]
        assert vega.records(frame) == expected


class TestTemplate:
    def test_built_once_per_arguments(self) -> None:
        _bars.cache_clear()  # type: ignore[attr-defined]
        CALLS.clear()
        first = _bars("T", 100)
        assert _bars("T", 100) is first  # cached: the same dict
        _bars("T", 200)
        assert CALLS == [("T", 100), ("T", 200)]

    def test_clear_templates_forgets_them_all(self) -> None:
        _bars("T", 300)
        CALLS.clear()
        vega.clear_templates()
        _bars("T", 300)
        assert CALLS == [("T", 300)]

    def test_template_reads_named_data_and_has_no_inline_data(self) -> None:
        spec = _bars("T", 100)
        assert "datasets" not in spec
        assert vega.dataset_names(spec) == {"rows", "zero"}
        assert vega.param_names(spec) == {"top"}

    def test_an_invalid_chart_fails_when_its_template_is_built(self) -> None:
        @vega.template
        def broken() -> alt.TopLevelMixin:
            return alt.Chart(alt.NamedData("rows")).mark_bar().properties(height="very tall")

        with pytest.raises(Exception, match="very tall"):
            broken()


class TestFill:
    def test_fills_data_and_params_without_touching_the_template(self) -> None:
        template = _bars("T", 100)
        before = json.dumps(template, sort_keys=True)
        a = vega.fill(template, {"rows": pd.DataFrame({"a": [1.0], "b": ["x"]}), "zero": [{"x": 0.0}]}, {"top": 5.0})
        b = vega.fill(template, {"rows": pd.DataFrame({"a": [2.0], "b": ["y"]}), "zero": [{"x": 0.0}]}, {"top": 9.0})
        assert a["datasets"]["rows"] == [{"a": 1.0, "b": "x"}] and b["datasets"]["rows"] == [{"a": 2.0, "b": "y"}]
        assert a["params"] == [{"name": "top", "value": 5.0}] and b["params"] == [{"name": "top", "value": 9.0}]
        assert json.dumps(template, sort_keys=True) == before
        a["layer"][0]["mark"]["type"] = "line"  # a filled spec is a copy: changing it leaves the template alone
        assert template["layer"][0]["mark"]["type"] == "bar"

    def test_filled_spec_is_what_altair_builds_with_inline_data(self) -> None:
        rows = pd.DataFrame({"a": [1.0, 3.0], "b": ["x", "y"]})
        filled = vega.fill(_bars("T", 100), {"rows": rows, "zero": [{"x": 0.0}]}, {"top": 4.0})
        direct = (
            alt.layer(
                alt.Chart(rows).mark_bar().encode(x=alt.X("a:Q", scale=alt.Scale(domain=[0, 4.0])), y=alt.Y("b:N")),
                alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule().encode(x=alt.X("x:Q")),
            )
            .properties(title="T", height=100)
            .to_dict()
        )
        assert _inline(filled) == _inline(direct)

    def test_missing_or_unknown_dataset_is_an_error(self) -> None:
        template = _bars("T", 100)
        with pytest.raises(ValueError, match="zero"):
            vega.fill(template, {"rows": pd.DataFrame({"a": [1.0], "b": ["x"]})})
        with pytest.raises(ValueError, match="extra"):
            vega.fill(template, {"rows": [], "zero": [], "extra": []})

    def test_unknown_param_is_an_error(self) -> None:
        with pytest.raises(ValueError, match="height"):
            vega.fill(_bars("T", 100), {"rows": [], "zero": []}, {"height": 3})

    def test_non_finite_param_becomes_null(self) -> None:
        spec = vega.fill(_bars("T", 100), {"rows": [], "zero": []}, {"top": float("nan")})
        assert spec["params"][0]["value"] is None


def _inline(spec: dict) -> dict:
    """A spec with each named dataset and each parameter written in place (to compare with Altair's output)."""
    spec = json.loads(json.dumps(spec))
    data, params = spec.pop("datasets", {}), {p["name"]: p["value"] for p in spec.pop("params", [])}
    spec.pop("$schema", None)

    def walk(node: object) -> object:
        if isinstance(node, dict):
            if set(node) == {"expr"} and node["expr"] in params:
                return params[node["expr"]]
            out = {k: walk(v) for k, v in node.items()}
            if isinstance(out.get("data"), dict) and "name" in out["data"]:
                out["data"] = data[out["data"]["name"]]
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(spec)  # type: ignore[return-value]


class TestAppCharts:
    """The app's charts: a new scenario reuses the structure and changes only data and parameters."""

    @staticmethod
    def _overview(s: Scenario) -> list[dict]:
        r = compute_results(s)
        det, mc = r.deterministic, r.monte_carlo
        return [
            charts.roi_histogram_chart(charts.histogram_frame(mc.roi_histogram), charts.markers_frame(mc)),
            charts.waterfall_chart(charts.waterfall_frame(det), s.horizon_years),
            charts.cumulative_chart(
                charts.cumulative_frame(det, mc.cumulative_net_quantiles, start=mc.start_net_quantiles),
                det.payback_months,
            ),
            charts.yearly_chart(charts.yearly_frame(det)),
        ]

    def test_a_slider_move_changes_data_not_structure(self) -> None:
        base = Scenario(draws=2_000)
        gain = base["productivity_gain_pct"]
        moved = base.with_values(productivity_gain_pct=dataclasses.replace(gain, likely=gain.likely + 1.0))
        for a, b in zip(self._overview(base), self._overview(moved), strict=True):
            assert a["datasets"] != b["datasets"]
            # The histogram's marker labels may switch sides (a layer per side): compare bars and rules only.
            if "layer" in a:
                a["layer"], b["layer"] = a["layer"][:4], b["layer"][:4]
            assert {k: v for k, v in a.items() if k != "datasets"} == {k: v for k, v in b.items() if k != "datasets"}

    def test_histogram_headroom_leaves_room_above_the_tallest_bar(self) -> None:
        spec = self._overview(Scenario(draws=2_000))[0]
        ((y_max,),) = [[row["share"] for row in spec["datasets"]["headroom"]]]
        tallest = max(row["share"] for row in spec["datasets"]["bins"])
        assert 1.2 * tallest < y_max < 3 * tallest
        headroom = next(layer for layer in spec["layer"] if layer["data"]["name"] == "headroom")
        assert headroom["mark"] == {"type": "point", "opacity": 0}  # invisible
        # The same y channel as the bars (one axis title, no fixed domain): the scale reaches up to the headroom.
        bars = spec["layer"][0]
        assert headroom["encoding"]["y"] == bars["encoding"]["y"] and "domain" not in bars["encoding"]["y"]["scale"]

    def test_no_parameter_changes_with_the_data(self) -> None:
        # Streamlit swaps the data of a drawn chart when only the datasets change and draws it anew otherwise.
        for spec in self._overview(Scenario(draws=2_000)):
            assert "params" not in spec


class TestArrowDatasets:
    """What ``ui.common.layout.chart`` hands to Streamlit: the same data, as pyarrow tables instead of records."""

    @staticmethod
    def _streamlit_frame(rows: list[dict]) -> pd.DataFrame:
        # What Streamlit sends when given records: it builds a pandas frame and converts that.
        import pyarrow as pa
        from streamlit import dataframe_util

        return pa.ipc.open_stream(dataframe_util.convert_anything_to_arrow_bytes(rows)).read_pandas()

    def test_every_overview_chart_sends_the_same_data(self) -> None:
        import pyarrow as pa
        from streamlit import dataframe_util

        for spec in TestAppCharts._overview(Scenario(draws=2_000)):
            converted = vega.arrow_datasets(spec)
            assert {k: v for k, v in converted.items() if k != "datasets"} == {
                k: v for k, v in spec.items() if k != "datasets"
            }
            assert set(converted["datasets"]) == set(spec["datasets"])
            for name, rows in spec["datasets"].items():
                table = converted["datasets"][name]
                assert isinstance(table, pa.Table)
                ours = pa.ipc.open_stream(dataframe_util.convert_anything_to_arrow_bytes(table)).read_pandas()
                theirs = self._streamlit_frame(rows)
                pd.testing.assert_frame_equal(ours, theirs, check_dtype=False, check_index_type=False)

    def test_the_spec_itself_is_left_alone(self) -> None:
        spec = {"mark": "bar", "datasets": {"d": [{"a": 1}]}}
        vega.arrow_datasets(spec)
        assert spec == {"mark": "bar", "datasets": {"d": [{"a": 1}]}}

    def test_a_column_of_mixed_kinds_is_left_to_streamlit(self) -> None:
        rows = [{"a": "text"}, {"a": 2.5}]
        assert vega.arrow_datasets({"datasets": {"d": rows}})["datasets"]["d"] is rows

    @given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=30))
    def test_numbers_and_nulls_survive(self, xs: list[float]) -> None:
        rows = vega.records(pd.DataFrame({"x": xs, "i": range(len(xs))}))
        table = vega.arrow_datasets({"datasets": {"d": rows}})["datasets"]["d"]
        assert table.to_pylist() == rows

    def test_keys_of_later_rows_nan_and_huge_integers(self) -> None:
        rows = [{"a": 1.0}, {"a": float("nan"), "b": "x"}, {"a": 2.5, "b": None}]
        table = vega.arrow_datasets({"datasets": {"d": rows}})["datasets"]["d"]
        assert table.column_names == ["a", "b"]
        assert table.to_pylist() == [{"a": 1.0, "b": None}, {"a": None, "b": "x"}, {"a": 2.5, "b": None}]
        huge = [{"n": 2**70}]
        assert vega.arrow_datasets({"datasets": {"d": huge}})["datasets"]["d"] is huge
