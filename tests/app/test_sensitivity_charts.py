"""Data builders of the Sensitivity page (ui.sensitivity: sensitivity_charts, sensitivity_compute) as plain functions.

Results are built by hand where the arithmetic is simple (the builders only
reshape and format), so each expected value is derived here, not copied
from the code under test. One test runs the real 200,000-draw analysis and
checks that no chart of the page would send more than 100 KB.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from types import SimpleNamespace

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from roi_core import (
    INPUTS,
    EvppiResult,
    Metric,
    Range,
    RankCorrelationResult,
    Reach,
    Scenario,
    SobolResult,
    evppi_all,
    rank_correlations,
    simulate,
    spider,
    tornado,
)
from roi_core.decision import BreakEvenResult
from roi_core.sensitivity import TornadoResult
from ui.common.charts import chart_bytes
from ui.common.i18n import translate
from ui.sensitivity import sensitivity_charts as sc
from ui.sensitivity.sensitivity_compute import (
    SCATTER_CELLS,
    TARGET_DEFAULT,
    compute_scatter,
    draw_order,
    evppi_of,
    input_from_short,
    input_short,
    option_params,
    parse_options,
    rank_of,
    scatter_bins,
)

S = Scenario()
LIMIT = 100_000  # bytes of Vega-Lite JSON (data included) per chart


def _spec(chart: dict) -> dict:
    """A chart's Vega-Lite dict as the browser gets it: checked to be plain JSON and valid Vega-Lite."""
    assert isinstance(chart, dict)
    spec = json.loads(json.dumps(chart, allow_nan=False))
    alt.LayerChart.from_dict(spec, validate=True)  # raises on a spec that Vega-Lite's schema rejects
    return spec


def _data(spec: dict, layer: int) -> list[dict]:
    """The rows that a layer of a filled spec reads."""
    return spec["datasets"][spec["layer"][layer]["data"]["name"]]


def _without_data(spec: dict) -> dict:
    return {k: v for k, v in spec.items() if k != "datasets"}


def _tornado() -> TornadoResult:
    # Base ROI 10 %. Productivity: 2 -> -20 %, 8 -> 50 % (swing 70). Content cost: 400 -> 25 %, 800 -> 0 % (swing 25).
    return TornadoResult(
        metric=Metric.ROI_PCT,
        base=10.0,
        low_q=0.1,
        high_q=0.9,
        keys=("productivity_gain_pct", "content_cost", "participants"),
        likely=(5.0, 600.0, 100.0),
        low_values=(2.0, 400.0, 100.0),
        high_values=(8.0, 800.0, 100.0),
        low_output=(-20.0, 25.0, 10.0),
        high_output=(50.0, 0.0, 10.0),
        swing=(70.0, 25.0, 0.0),
    )


class TestTornado:
    def test_frame_keeps_the_order_and_formats_values(self) -> None:
        f = sc.tornado_frame(_tornado(), S, "en")
        assert f["key"].tolist() == ["productivity_gain_pct", "content_cost", "participants"]
        assert f["order"].tolist() == [0, 1, 2]
        assert f["swing"].tolist() == [70.0, 25.0, 0.0]
        assert set(f["base"]) == {10.0}
        assert f["label"][0] == INPUTS["productivity_gain_pct"].label_en
        assert f["low_output_text"].tolist() == ["-20%", "25%", "10%"]
        assert f["swing_text"][0] == "70 percentage points"
        assert f["likely_text"].tolist() == ["5.0\u00a0%", "€600/participant", "100"]

    def test_bars_run_from_the_base_to_each_end_and_skip_zero_swings(self) -> None:
        bars = sc.tornado_bars(sc.tornado_frame(_tornado(), S, "nl"), "nl")
        # two inputs with a swing, two bars each; the fixed one (swing 0) is left out
        assert len(bars) == 4
        assert set(bars["start"]) == {10.0}
        low = bars[bars["side"] == translate("nl", "sens.side_low")]
        high = bars[bars["side"] == translate("nl", "sens.side_high")]
        assert low["end"].tolist() == [-20.0, 25.0]
        assert high["end"].tolist() == [50.0, 0.0]
        assert sc.tornado_bars(sc.tornado_frame(_tornado(), S), top=1)["order"].tolist() == [0, 0]

    def test_npv_metric_formats_money(self) -> None:
        tr = replace(_tornado(), metric=Metric.NPV, base=12_000.0, swing=(42_000.0, 1_500.0, 0.0))
        f = sc.tornado_frame(tr, S, "nl")
        assert f["swing_text"][0] == "€\u00a042.000"

    def test_chart_sorts_bars_by_order_and_marks_the_base(self) -> None:
        bars = sc.tornado_bars(sc.tornado_frame(_tornado(), S))
        spec = _spec(sc.tornado_chart(bars, 10.0, "roi_pct"))
        assert spec["layer"][0]["encoding"]["y"]["sort"] == {"field": "order", "op": "min"}
        rule_data = _data(spec, 1)
        assert rule_data[0]["x"] == 10.0
        # the cached template is filled with the next scenario's numbers, not the first one's
        again = _spec(sc.tornado_chart(bars.assign(start=-5.0), -5.0, "roi_pct"))
        assert _data(again, 1)[0]["x"] == -5.0 and {b["start"] for b in _data(again, 0)} == {-5.0}
        # one name per input above its bars
        assert [r["label"] for r in _data(again, 3)] == [
            sc.label_of(S, k) for k in ("productivity_gain_pct", "content_cost")
        ]

    def test_value_axis_ticks_follow_the_chart_width(self) -> None:
        # A projector-wide tornado had a tick every 2 % (41 labels): the tick count now follows the plot width.
        bars = sc.tornado_bars(sc.tornado_frame(_tornado(), S))
        for metric in ("roi_pct", "npv"):
            axis = _spec(sc.tornado_chart(bars, 10.0, metric))["layer"][0]["encoding"]["x"]["axis"]
            assert axis["tickCount"] == {"expr": "ceil(width / 70)"}


class TestLongLabelsOnAPhone:
    """Texts longer than a phone's chart: the scatter's axis title and the spider's legend names break into lines."""

    def test_scatter_axis_title_on_two_lines_and_legend_below(self) -> None:
        heat = pd.DataFrame({"i": [0], "j": [0], "share": [1.0]})
        band = pd.DataFrame({"x": [1.0], "p10": [0.0], "p50": [1.0], "p90": [2.0], "x_text": ["1"]})
        band = band.assign(p10_text="0", p50_text="1", p90_text="2")
        title = "Productiviteitsstijging per getrainde medewerker (%)"
        spec = _spec(sc.scatter_chart(heat, band, title, "roi_pct", "nl"))
        cells = spec["layer"][0]["encoding"]
        assert cells["x"]["title"] == ["Productiviteitsstijging per", "getrainde medewerker (%)"]
        assert cells["color"]["legend"]["orient"] == "bottom"
        assert sc._title_lines("Half-life (months)") == "Half-life (months)"

    def test_spider_legend_breaks_long_names(self) -> None:
        lines = pd.DataFrame(
            {"label": ["A" * 10 + " " + "B" * 50], "position": [0.0], "output": [1.0], "order": [0]}
        ).assign(value_text="1", output_text="1")
        spec = _spec(sc.spider_chart(lines, 0.0, "roi_pct", "nl"))
        legend = spec["layer"][0]["encoding"]["color"]["legend"]
        assert "lastindexof" in legend["labelExpr"] and legend["rowPadding"] == {"expr": "width < 480 ? 16 : 2"}


class TestFormatting:
    @pytest.mark.parametrize(
        ("key", "x", "lang", "extra", "expected"),
        [
            ("productivity_gain_pct", 5.64, "en", 1, "5.64\u00a0%"),  # step 0.5 -> 1 decimal, +1
            ("productivity_gain_pct", 5.64, "nl", 0, "5,6\u00a0%"),
            ("error_cost_baseline", 158_581.9, "en", 1, "€158,582/yr"),  # money: whole euros
            ("error_cost_baseline", 158_581.9, "nl", 0, "€\u00a0158.582/jaar"),
            ("hires_per_year", 14.7, "en", 1, "14.7"),  # a count has no unit word
            ("weeks_saved", 7.35, "en", 1, "7.4\u00a0weeks"),
            ("output_value_multiple", 1.13, "en", 0, "1.1\u00d7"),
            ("custom:0:value", 5000.0, "en", 0, "€5,000/yr"),
            ("productivity_gain_pct", math.nan, "en", 0, "–"),
        ],
    )
    def test_value_text(self, key: str, x: float, lang: str, extra: int, expected: str) -> None:
        assert sc.value_text(key, x, lang, "EUR", extra) == expected

    def test_value_text_uses_the_chosen_currency(self) -> None:
        assert sc.value_text("error_cost_baseline", 1000.0, "en", "GBP") == "£1,000/yr"

    def test_shared_registry_labels_become_unique(self) -> None:
        for lang in ("en", "nl"):
            labels = [sc.label_of(S, k, lang) for k in INPUTS]
            assert len(set(labels)) == len(labels), lang
        assert sc.label_of(S, "attribution_turnover", "nl") == "Deel dat door de training komt (Minder verloop)"
        assert sc.label_of(S, "productivity_gain_pct") == INPUTS["productivity_gain_pct"].label_en

    def test_axis_label_has_the_unit(self) -> None:
        assert sc.axis_label(S, "productivity_gain_pct") == "Productivity gain per trained employee (%)"
        assert sc.axis_label(S, "absence_day_cost", "nl").endswith("(€/dag)")


class TestSpider:
    def test_frame_has_one_row_per_input_and_point(self) -> None:
        sp = spider(S, keys=["productivity_gain_pct", "content_cost"], points=5)
        f = sc.spider_frame(sp, S, "roi_pct")
        assert len(f) == 2 * 5
        assert f["position"].tolist()[:5] == [0.0, 25.0, 50.0, 75.0, 100.0]
        # range mode: values run from the range's low to its high
        r = S["productivity_gain_pct"]
        assert f["value"].iloc[0] == r.low and f["value"].iloc[4] == r.high
        assert f["output"].tolist()[:5] == list(sp.roi_pct[0])
        g = sc.spider_frame(sp, S, "npv")
        assert g["output"].tolist()[5:] == list(sp.npv[1])

    def test_chart_is_tall_enough_for_its_legend(self) -> None:
        sp = spider(S, keys=["productivity_gain_pct", "content_cost", "learning_hours"], points=3)
        c = sc.spider_chart(sc.spider_frame(sp, S, "roi_pct"), sp.base_roi_pct, "roi_pct", height=300)
        # plot 300 + title and axis 110 + three legend rows of 24
        assert sc.display_height(c) == 300 + 110 + 3 * 24

    def test_colours_follow_the_inputs_in_swing_order(self) -> None:
        # Which inputs are drawn is data: the colour domain is the labels ordered by the inputs' order column.
        for keys in (["productivity_gain_pct", "content_cost", "learning_hours"], ["content_cost", "hires_per_year"]):
            sp = spider(S, keys=keys, points=3)
            spec = _spec(sc.spider_chart(sc.spider_frame(sp, S, "npv", "nl"), sp.base_npv, "npv", "nl"))
            color = spec["layer"][0]["encoding"]["color"]
            assert color["sort"] == {"field": "order", "op": "min"} and "domain" not in color["scale"]
            labels = {r["order"]: r["label"] for r in _data(spec, 0)}
            assert [labels[o] for o in sorted(labels)] == [sc.label_of(S, k, "nl") for k in keys]
            assert color["scale"]["range"] == ["#0072B2", "#E69F00", "#009E73"][: len(keys)]
            assert _data(spec, 1) == [{"y": sp.base_npv}]


class TestRanking:
    def test_rank_frame_in_per_cent_with_direction(self) -> None:
        rc = RankCorrelationResult(
            metric=Metric.ROI_PCT,
            keys=("productivity_gain_pct", "content_cost", "participants"),
            rho=(0.8, -0.4, 0.0),
            share=(0.8, 0.2, 0.0),  # 0.64 / 0.80 and 0.16 / 0.80
            n=1000,
        )
        f = sc.rank_frame(rc, S, "en")
        assert f["share"].tolist() == pytest.approx([80.0, 20.0, 0.0])
        assert f["direction"].tolist() == [
            "Higher value, higher ROI",
            "Higher value, lower ROI",
            "No clear direction",
        ]
        spec = _spec(sc.ranking_chart(f, "rank", "en"))
        # the colour domain is fixed, so "higher ROI" is green in every language
        assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"][0] == "Higher value, higher ROI"

    def test_sobol_frame_clips_negative_estimates(self) -> None:
        sr = SobolResult(
            metric=Metric.ROI_PCT,
            keys=("productivity_gain_pct", "content_cost"),
            s1=(0.5, -0.01),
            s1_conf=(0.02, 0.01),
            st=(0.6, 0.05),
            st_conf=(0.03, 0.01),
            n_base=1024,
            evaluations=4096,
            seed=1,
            output_variance=1.0,
            ignores_correlations=False,
        )
        f = sc.sobol_frame(sr, S, "en")
        assert f["share"].tolist() == pytest.approx([60.0, 5.0])
        assert f["s1"].tolist() == pytest.approx([50.0, 0.0])
        assert f["share_text"][0] == "60.0% ± 3.0"
        spec = _spec(sc.ranking_chart(f, "sobol", "nl"))
        # bars of the total index and ticks of the first-order one read the same rows
        assert _data(spec, 0) == _data(spec, 1) and [r["s1"] for r in _data(spec, 1)] == pytest.approx([50.0, 0.0])


class TestScatter:
    def test_bins_by_hand(self) -> None:
        x = np.arange(100.0)
        y = 2 * x
        b = scatter_bins(x, y, cells=4, bands=2)
        assert b.counts.sum() == 100
        # each band holds 50 draws: x 0..49 (median 24.5) and 50..99 (median 74.5)
        assert b.band_x.tolist() == [24.5, 74.5]
        # y in the first band is 0, 2, ..., 98: P10 at position 4.9 -> 9.8; P90 at 44.1 -> 88.2
        assert b.band_p10[0] == pytest.approx(9.8)
        assert b.band_p90[0] == pytest.approx(88.2)
        # y = 2x puts every draw on the diagonal cells
        assert np.count_nonzero(b.counts - np.diag(np.diag(b.counts))) == 0

    def test_undefined_outputs_are_left_out(self) -> None:
        y = np.array([1.0, np.nan, 3.0, np.nan])
        b = scatter_bins(np.arange(4.0), y, cells=2, bands=2)
        assert b.n == 2 and b.counts.sum() == 2
        assert scatter_bins(np.arange(2.0), np.full(2, np.nan)).n == 0

    def test_agrees_with_numpy_histogram2d(self) -> None:
        rng = np.random.default_rng(3)
        x, y = rng.normal(size=5000), rng.normal(size=5000)
        b = scatter_bins(x, y)
        expected, _, _ = np.histogram2d(x, np.clip(y, b.y_edges[0], b.y_edges[-1]), bins=[b.x_edges, b.y_edges])
        assert np.array_equal(expected, b.counts)

    @pytest.mark.parametrize(("n", "bands"), [(10_000, 20), (997, 20), (45, 7), (3, 20), (1, 1)])
    def test_band_equals_a_plain_loop_over_the_bins(self, n: int, bands: int) -> None:
        # The band is computed for all bins at once; one median and one percentile call per bin is the reference.
        rng = np.random.default_rng(n)
        x = rng.choice(np.linspace(0.0, 1.0, 40), size=n)  # ties, as draws from quantile tables have
        y = rng.lognormal(size=n) * 1e4 - 2e3
        y[rng.random(n) < 0.05] = np.nan
        b = scatter_bins(x, y, bands=bands)
        order = np.argsort(x, kind="stable")
        ok = np.isfinite(y[order])
        xs, ys = x[order][ok], y[order][ok]
        k = min(bands, xs.size)
        edges = (np.arange(k + 1) * xs.size) // k
        bins = [slice(edges[i], edges[i + 1]) for i in range(k)]
        assert b.band_x.tolist() == [np.median(xs[sl]) for sl in bins]
        for q, got in ((10, b.band_p10), (50, b.band_p50), (90, b.band_p90)):
            assert got.tolist() == [np.percentile(ys[sl], q) for sl in bins]

    def test_the_analyses_of_the_shared_simulation_and_one_scatter(self) -> None:
        # The page takes the rank correlations and the EVPPI from the shared simulation and its shared sort, and
        # bins only the input it shows: the same numbers as roi_core computes afresh, each sorting on its own.
        s = replace(Scenario(), draws=2_000, seed=6)
        res = simulate(s)
        for metric in ("roi_pct", "npv"):
            assert rank_of(s, metric) == rank_correlations(res, metric=metric)
        assert evppi_of(s) == evppi_all(res)
        order = draw_order(s)
        assert not order.flags.writeable  # shared between sessions: read-only
        assert np.array_equal(order, np.argsort(res.inputs.values, axis=1, kind="stable"))
        for key in res.inputs.keys[::5]:
            for metric, y in (("roi_pct", res.roi_pct), ("npv", res.npv)):
                one, full = compute_scatter(res, metric, key), scatter_bins(res.inputs.column(key), y, key, metric)
                for f in ("n", "x_edges", "y_edges", "counts", "band_x", "band_p10", "band_p50", "band_p90"):
                    assert np.array_equal(getattr(one, f), getattr(full, f)), (key, metric, f)

    def test_frames(self) -> None:
        b = scatter_bins(np.arange(100.0), 2 * np.arange(100.0), key="productivity_gain_pct", cells=4, bands=2)
        heat, band = sc.scatter_frames(b, "en")
        assert len(heat) == 4  # only the four diagonal cells are non-empty
        assert heat["i"].tolist() == heat["j"].tolist() == [0, 1, 2, 3]
        assert heat["share"].tolist() == [25.0, 25.0, 25.0, 25.0]
        # x from 0 to 99 in 4 cells: 24.75 wide; y from P0.5 to P99.5 of 0..198
        assert heat.attrs["x_lo"] == 0.0 and heat.attrs["x_step"] == pytest.approx(99 / 4)
        lo, hi = np.quantile(2 * np.arange(100.0), [0.005, 0.995])
        assert heat.attrs["y_lo"] == pytest.approx(lo) and heat.attrs["y_step"] == pytest.approx((hi - lo) / 4)
        spec = _spec(sc.scatter_chart(heat, band, "x", "roi_pct"))
        # the browser computes each cell's corners from the grid, a one-row dataset looked up by every cell
        calc_key, lookup, *calcs = spec["layer"][0]["transform"]
        assert calc_key == {"calculate": "0", "as": "grid"} and lookup["lookup"] == "grid"
        (grid,) = spec["datasets"][lookup["from"]["data"]["name"]]
        assert grid == {"grid": 0, "x_lo": 0.0, "x_step": 99 / 4, "y_lo": heat.attrs["y_lo"], "y_step": (hi - lo) / 4}
        assert lookup["from"]["key"] == "grid" and set(lookup["from"]["fields"]) == {"x_lo", "x_step", "y_lo", "y_step"}
        calc = {c["as"]: c["calculate"] for c in calcs}
        datum = SimpleNamespace(i=2, j=1, **grid)
        assert eval(calc["x1"], {"datum": datum}) == pytest.approx(3 * 99 / 4)  # Vega's expressions read as Python
        assert eval(calc["y0"], {"datum": datum}) == pytest.approx(lo + (hi - lo) / 4)
        assert _data(spec, 0) == [{"i": k, "j": k, "share": 25.0} for k in range(4)]
        assert band["p50_text"].tolist() == ["49%", "149%"]
        empty_heat, empty_band = sc.scatter_frames(scatter_bins(np.arange(2.0), np.full(2, np.nan)))
        assert empty_heat.empty and empty_band.empty


def _break_even() -> BreakEvenResult:
    return BreakEvenResult(
        target_roi_pct=100.0,
        base_roi_pct=-9.0,
        keys=("productivity_gain_pct", "attribution_productivity", "hires_per_year"),
        likely=(5.0, 50.0, 8.0),
        search_low=(0.0, 0.0, 0.0),
        search_high=(50.0, 100.0, 400.0),
        direction=(1, 1, 1),
        monotone=(True, True, True),
        break_even=(5.64, 56.4, math.nan),
        break_even_status=(Reach.REACHABLE, Reach.REACHABLE, Reach.ALWAYS_ABOVE),
        target_value=(13.04, math.nan, 92.3),
        target_status=(Reach.REACHABLE, Reach.NEVER, Reach.REACHABLE),
    )


class TestBreakEven:
    def test_texts_per_status(self) -> None:
        f = sc.break_even_frame(_break_even(), S, "en")
        assert f["break_even_text"].tolist() == ["5.64\u00a0%", "56.4\u00a0%", "reached anywhere in 0 … 400"]
        assert f["target_text"].tolist() == ["13.04\u00a0%", "not reachable within 0\u00a0% … 100\u00a0%", "92.3"]
        assert f["target_status"].tolist() == ["reachable", "never", "reachable"]

    def test_dutch(self) -> None:
        f = sc.break_even_frame(_break_even(), S, "nl")
        assert f["target_text"][1] == "niet haalbaar binnen 0\u00a0% … 100\u00a0%"


def _evppi(evpi: float, values: tuple[float, ...]) -> EvppiResult:
    keys = ("turnover_reduction_pp", "productivity_gain_pct", "nps_increase")[: len(values)]
    return EvppiResult(
        evpi=evpi,
        keys=keys,
        evppi=values,
        share_of_evpi=tuple(v / evpi if evpi else 0.0 for v in values),
        bins=50,
        n=10_000,
    )


class TestValueOfInformation:
    def test_sentence_names_the_top_input_and_its_worth(self) -> None:
        ev = _evppi(60_000.0, (42_000.0, 10_000.0))
        text = sc.voi_sentence(ev, S, expected_npv=-5_000.0, scale=200_000.0, lang="en")
        assert text.startswith("Knowing the real turnover reduction before deciding is worth up to **€42,000**.")
        assert "€60,000" in text and "not invest" in text
        nl = sc.voi_sentence(ev, S, expected_npv=5_000.0, scale=200_000.0, lang="nl")
        assert "afname van het verloop" in nl and "€\u00a042.000" in nl and "te investeren" in nl

    def test_acronyms_keep_their_capitals(self) -> None:
        ev = EvppiResult(evpi=9000.0, keys=("nps_increase",), evppi=(9000.0,), share_of_evpi=(1.0,), bins=50, n=10)
        assert "the real NPS" in sc.voi_sentence(ev, S, 1.0, 100_000.0)

    @pytest.mark.parametrize(("evpi", "scale", "clear"), [(0.0, 1e5, True), (99.0, 1e5, True), (101.0, 1e5, False)])
    def test_negligible_below_a_tenth_of_a_per_cent_of_the_costs(self, evpi: float, scale: float, clear: bool) -> None:
        # 0.1 % of 100,000 is 100
        assert sc.voi_negligible(evpi, scale) is clear

    def test_clear_decision_sentence(self) -> None:
        text = sc.voi_sentence(_evppi(0.0, (0.0, 0.0)), S, expected_npv=50_000.0, scale=1e5, lang="en")
        assert text == translate("en", "sens.voi_clear", decision="invest")

    def test_no_single_input_sentence(self) -> None:
        text = sc.voi_sentence(_evppi(5_000.0, (0.0,)), S, -1.0, 1e5, "en")
        assert text.startswith("Removing all uncertainty before deciding is worth up to **€5,000**")

    def test_frame_and_chart_skip_slivers(self) -> None:
        ev = _evppi(60_000.0, (42_000.0, 10_000.0, 100.0))
        f = sc.voi_frame(ev, S, "en")
        assert f["share"].tolist() == pytest.approx([70.0, 100 / 6, 100 / 600])
        assert f["evppi_text"][0] == "€42,000"
        spec = _spec(sc.voi_chart(f, ev.evpi, "en"))
        bars = _data(spec, 0)
        # 100 is below 0.5 % of 60,000 (300): left to the table
        assert [b["key"] for b in bars] == ["turnover_reduction_pp", "productivity_gain_pct"]


class TestOptions:
    def test_short_keys_round_trip(self) -> None:
        for key in INPUTS:
            assert input_from_short(input_short(key)) == key
        assert input_from_short(input_short("custom:12:value")) == "custom:12:value"

    @pytest.mark.parametrize(
        "params",
        [
            {"sm": "\x00\xff" * 50, "si": "zz", "st": "1e400", "sb": "yes"},
            {"st": "nan"},
            {"st": "-1e9"},
            {"st": "9" * 5000},
            {"si": "c999999999v"},
            {"si": "", "sm": "", "sb": ""},
        ],
    )
    def test_hostile_values_are_named_and_dropped(self, params: dict[str, str]) -> None:
        o = parse_options(params, ["productivity_gain_pct"])
        assert (o.metric, o.input, o.target, o.sobol) == (None, None, None, None)
        assert len(o.warnings) == len(params)
        assert {w.field for w in o.warnings} == set(params)  # each notice names its parameter
        assert all(len(str(w)) < 160 for w in o.warnings)  # long junk is cut short

    @given(hs.dictionaries(hs.sampled_from(["sm", "si", "st", "sb", "x"]), hs.text(max_size=60)))
    @settings(max_examples=200, deadline=None)
    def test_never_raises(self, params: dict[str, str]) -> None:
        o = parse_options(params, ["productivity_gain_pct", "custom:0:value"])
        assert o.target is None or -100.0 <= o.target <= 10_000.0

    @given(
        hs.sampled_from(["roi_pct", "npv"]),
        hs.sampled_from([None, "productivity_gain_pct", "half_life_months", "custom:1:attribution"]),
        hs.floats(-100.0, 10_000.0),
        hs.booleans(),
    )
    @settings(max_examples=100, deadline=None)
    def test_round_trip(self, metric: str, key: str | None, target: float, sobol: bool) -> None:
        keys = ["productivity_gain_pct", "half_life_months", "custom:1:attribution"]
        o = parse_options(option_params(metric, key, target, sobol), keys)
        assert o.warnings == ()
        assert (o.metric or "roi_pct", o.input, o.target or TARGET_DEFAULT, bool(o.sobol)) == (
            metric,
            key,
            target or TARGET_DEFAULT,
            sobol,
        )

    def test_defaults_are_left_out(self) -> None:
        assert option_params("roi_pct", "half_life_months", 100.0, False, "half_life_months") == {}


@pytest.fixture(scope="module")
def big_analysis():
    s = replace(Scenario(), draws=200_000)
    res = simulate(s)
    analysis = SimpleNamespace(
        rank={m: rank_correlations(res, metric=m) for m in ("roi_pct", "npv")}, evppi=evppi_all(res)
    )
    return s, analysis, res


def test_a_new_scenario_changes_only_the_datasets() -> None:
    # Streamlit swaps the data of a drawn chart when only its datasets change, and draws it anew otherwise.
    # A slider move: the most likely productivity gain up by one step (every chart keeps its number of rows).
    a = Scenario()
    r = a["productivity_gain_pct"]
    b = a.with_values(productivity_gain_pct=Range(r.low, r.likely + 0.5, r.high))
    specs = []
    for s in (a, b):
        small = replace(s, draws=2_000)
        res = simulate(small)
        analysis = SimpleNamespace(rank={"roi_pct": rank_correlations(res, metric="roi_pct")}, evppi=evppi_all(res))
        tr = tornado(s)
        sp = spider(s, keys=tr.keys[:6])
        heat, band = sc.scatter_frames(compute_scatter(res, "roi_pct", "productivity_gain_pct"))
        specs.append(
            [
                sc.tornado_chart(sc.tornado_bars(sc.tornado_frame(tr, s)), tr.base, "roi_pct"),
                sc.spider_chart(sc.spider_frame(sp, s, "roi_pct"), sp.base_roi_pct, "roi_pct"),
                sc.ranking_chart(sc.rank_frame(analysis.rank["roi_pct"], s), "rank"),
                sc.scatter_chart(heat, band, "x", "roi_pct"),
                sc.voi_chart(sc.voi_frame(analysis.evppi, s), analysis.evppi.evpi),
            ]
        )
    for before, after in zip(*specs, strict=True):
        assert before["datasets"] != after["datasets"]
        assert _without_data(before) == _without_data(after)
        assert "params" not in after


def test_no_chart_sends_more_than_100_kb_at_200k_draws(big_analysis) -> None:
    s, a, res = big_analysis
    assert res.n == 200_000
    sizes = {}
    for metric in ("roi_pct", "npv"):
        for key in res.inputs.keys:
            sb = compute_scatter(res, metric, key)
            assert sb.counts.shape == (SCATTER_CELLS, SCATTER_CELLS)
            assert sb.counts.sum() == sb.n
            heat, band = sc.scatter_frames(sb, "nl")
            assert len(heat) <= SCATTER_CELLS**2 and len(band) == 20
            sizes[f"scatter {metric} {key}"] = chart_bytes(sc.scatter_chart(heat, band, key, metric, "nl"))
        rf = sc.rank_frame(a.rank[metric], s, "nl")
        sizes[f"rank {metric}"] = chart_bytes(sc.ranking_chart(rf, "rank", "nl"))
        tr = tornado(s, metric=metric)
        bars = sc.tornado_bars(sc.tornado_frame(tr, s, "nl"), "nl")
        sizes[f"tornado {metric}"] = chart_bytes(sc.tornado_chart(bars, tr.base, metric, "nl"))
        sp = spider(s, keys=tr.keys[:6])
        sizes[f"spider {metric}"] = chart_bytes(sc.spider_chart(sc.spider_frame(sp, s, metric, "nl"), 0.0, metric))
    vf = sc.voi_frame(a.evppi, s, "nl")
    sizes["voi"] = chart_bytes(sc.voi_chart(vf, a.evppi.evpi, "nl"))
    worst = max(sizes, key=sizes.get)
    assert sizes[worst] < LIMIT, (worst, sizes[worst])
