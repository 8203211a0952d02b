"""ui.common.charts: every data builder as a plain function, and the size of every chart."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from roi_core import Histogram, PointResult, Scenario, deterministic, simulate
from ui.common import charts
from ui.common.compute import compute_results
from ui.common.presets import preset_keys, preset_scenario


def _point(benefits: dict[str, float], costs: dict[str, float], yearly_c, yearly_b) -> PointResult:
    return PointResult(
        view="deterministic",
        years=len(yearly_c),
        costs=sum(yearly_c),
        benefits=sum(yearly_b),
        net_benefit=sum(yearly_b) - sum(yearly_c),
        roi_pct=float("nan"),
        bcr=float("nan"),
        npv=0.0,
        payback_months=float("nan"),
        cost_by_category=costs,
        benefit_by_line=benefits,
        yearly_costs=tuple(yearly_c),
        yearly_benefits=tuple(yearly_b),
        yearly_pv_net=tuple(b - c for b, c in zip(yearly_b, yearly_c, strict=True)),  # as at a 0 % discount rate
    )


class TestHistogram:
    def test_shares_and_edges(self) -> None:
        f = charts.histogram_frame(Histogram(edges=(0.0, 10.0, 20.0, 30.0), counts=(1, 3, 4)))
        assert list(f.columns) == ["start", "end", "count", "share", "tail", "range_text"]
        assert f["start"].tolist() == [0.0, 10.0, 20.0] and f["end"].tolist() == [10.0, 20.0, 30.0]
        assert f["share"].tolist() == [12.5, 37.5, 50.0]  # 1, 3 and 4 of 8 draws
        # The end bins hold the clipped tails: open-ended ranges, marked as tails.
        assert f["range_text"].tolist() == ["≤ 10%", "10% … 20%", "≥ 20%"]
        assert f["tail"].tolist() == ["low", "", "high"]

    def test_tail_bins_are_drawn_lighter(self) -> None:
        f = charts.histogram_frame(Histogram(edges=(0.0, 10.0, 20.0, 30.0), counts=(1, 3, 4)))
        m = charts.markers_frame(simulate(Scenario(), draws=1_000, seed=1).summary())
        spec = _spec(charts.roi_histogram_chart(f, m))
        bars = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rect")
        rows = spec["datasets"][bars["data"]["name"]]
        opacity = {"field": "opacity", "type": "quantitative", "scale": None, "legend": None}
        assert bars["encoding"]["opacity"] == opacity
        assert [r["opacity"] for r in rows] == [0.35, 0.85, 0.35]
        # Whole shares without a decimal on the axis ("9" not "9,0"); halves keep theirs ("0,5").
        assert bars["encoding"]["y"]["axis"]["format"] == ".1~f"

    def test_empty_histogram_has_zero_shares(self) -> None:
        f = charts.histogram_frame(Histogram(edges=(0.0, 1.0), counts=(0,)))
        assert f["share"].tolist() == [0.0]

    def test_from_a_simulation_sums_to_all_draws(self) -> None:
        mc = simulate(Scenario(), draws=5_000, seed=3).summary()
        f = charts.histogram_frame(mc.roi_histogram, "nl")
        assert len(f) == 60
        assert f["count"].sum() == 5_000 - mc.n_undefined
        assert math.isclose(f["share"].sum(), 100.0)
        assert "," in f["range_text"].iloc[0] or "%" in f["range_text"].iloc[0]

    def test_marker_labels_run_away_from_break_even(self) -> None:
        m = pd.DataFrame({"marker": ["break_even", "p5", "p50", "p95"], "value": [0.0, -30.0, -6.0, 65.0]})
        out = charts.marker_labels(m, -80.0, 120.0)
        # Every marker on its own row: P50 (-6 %) never shares the break-even label's row.
        assert out["row"].tolist() == [0, 2, 1, 3]
        # Negative markers to the left of their line, positive ones to the right: the 0 % rule crosses no label.
        assert out["align"].tolist() == ["left", "right", "right", "left"]

    def test_marker_labels_stay_inside_the_chart(self) -> None:
        m = pd.DataFrame({"marker": ["break_even", "p5", "p50", "p95"], "value": [0.0, -95.0, 10.0, 190.0]})
        out = charts.marker_labels(m, -100.0, 200.0)
        # P5 sits at 5/300 of the axis (left edge) and P95 at 290/300 (right edge): labels turn inwards.
        assert out["align"].tolist() == ["left", "left", "left", "right"]

    def test_markers(self) -> None:
        mc = simulate(Scenario(), draws=2_000, seed=1).summary()
        m = charts.markers_frame(mc, "en")
        assert m["marker"].tolist() == ["break_even", "p5", "p50", "p95"]
        assert m["value"].tolist() == [0.0, mc.roi_p5, mc.roi_p50, mc.roi_p95]
        assert m["label"].iloc[2] == f"P50: {round(mc.roi_p50)}%"


class TestWaterfall:
    def test_hand_computed_steps(self) -> None:
        # +100 productivity, +50 custom, -60 content, -30 design: 0 -> 100 -> 150 -> 90 -> 60; net 60.
        p = _point(
            {"productivity": 100.0, "quality": 0.0, "Safety": 50.0},
            {"content": 60.0, "design": 30.0, "evaluation": 0.0},
            [90.0],
            [150.0],
        )
        f = charts.waterfall_frame(p, "en", "EUR")
        assert list(f.columns) == ["order", "item", "kind", "amount", "start", "end", "amount_text"]
        assert f["item"].tolist() == [
            "Productivity",
            "Safety",
            "Content and licences",
            "Design and development",
            "Net benefit (present value)",
        ]
        assert f["kind"].tolist() == ["benefit", "benefit", "cost", "cost", "net"]
        assert f["start"].tolist() == [0.0, 100.0, 150.0, 90.0, 0.0]
        assert f["end"].tolist() == [100.0, 150.0, 90.0, 60.0, 60.0]
        assert f["amount_text"].tolist() == ["€100", "€50", "-€60", "-€30", "€60"]

    @pytest.mark.parametrize("key", preset_keys())
    def test_ends_at_the_net_benefit_of_each_preset(self, key: str) -> None:
        det = deterministic(preset_scenario(key))
        f = charts.waterfall_frame(det, "nl", "USD")
        assert math.isclose(f["end"].iloc[-1], det.npv, rel_tol=1e-9, abs_tol=1e-6)  # present values, like the card
        steps = f.iloc[:-1]
        assert np.allclose(
            steps["end"].to_numpy()[:-1], steps["start"].to_numpy()[1:]
        )  # each step starts where the last ended
        assert math.isclose(steps.loc[steps.kind == "benefit", "amount"].sum(), sum(det.benefit_by_line.values()))
        assert math.isclose(-steps.loc[steps.kind == "cost", "amount"].sum(), sum(det.cost_by_category.values()))
        assert all(t.startswith(("$", "-$", "US$")) or "$" in t for t in f["amount_text"])


class TestOverTime:
    def test_yearly_frame(self) -> None:
        p = _point({}, {}, [100.0, 10.0], [40.0, 90.0])
        f = charts.yearly_frame(p, "en")
        assert f[["year", "kind", "amount"]].values.tolist() == [
            [1, "benefit", 40.0],
            [1, "cost", -100.0],
            [2, "benefit", 90.0],
            [2, "cost", -10.0],
        ]

    def test_cumulative_frame(self) -> None:
        # Year-1 costs (100) are paid up front: year 0 stands at -100. Net per year: 40 - 100 = -60,
        # 90 - 10 = +80; cumulative at the year ends: -60, 20.
        p = _point({}, {}, [100.0, 10.0], [40.0, 90.0])
        q = {"p10": (-80.0, -10.0), "p50": (-60.0, 15.0), "p90": (-40.0, 50.0)}
        f = charts.cumulative_frame(p, q, "en")
        assert f["year"].tolist() == [0, 1, 2]
        assert f["expected"].tolist() == [-100.0, -60.0, 20.0]
        assert f["p10"].tolist() == [-100.0, -80.0, -10.0] and f["p90"].tolist() == [-100.0, -40.0, 50.0]
        assert f["expected_text"].tolist() == ["-€100", "-€60", "€20"]
        # With the simulated upfront costs, the band starts where they do.
        g = charts.cumulative_frame(p, q, "en", start={"p10": -120.0, "p50": -100.0, "p90": -90.0})
        assert g["p10"].tolist()[0] == -120.0 and g["p90"].tolist()[0] == -90.0

    def test_payback_label_turns_left_in_the_last_40_percent(self) -> None:
        # 3-year horizon: 60 % of it is 1.8 years = 21.6 months.
        assert charts.payback_label_align(21.0, 3) == ("left", 5)
        assert charts.payback_label_align(22.0, 3) == ("right", -5)
        assert charts.payback_label_align(33.0, 3) == ("right", -5)

    def test_late_payback_label_is_right_aligned_in_the_chart(self) -> None:
        p = _point({}, {}, [100.0, 10.0, 10.0], [40.0, 50.0, 60.0])
        frame = charts.cumulative_frame(p, {}, "en")
        texts = [
            layer for layer in _spec(charts.cumulative_chart(frame, 33.0))["layer"] if layer["mark"]["type"] == "text"
        ]
        assert [(t["mark"]["align"], t["mark"]["dx"]) for t in texts] == [("right", -5)]

    def test_yearly_legend_sits_above_the_plot(self) -> None:
        spec = _spec(charts.yearly_chart(charts.yearly_frame(_point({}, {}, [100.0], [40.0]))))
        assert spec["encoding"]["color"]["legend"]["orient"] == "top"


def _spec(chart: dict) -> dict:
    return json.loads(json.dumps(chart))  # what the browser gets: plain JSON


def _all_builders(s: Scenario, lang: str = "en"):
    r = compute_results(s)
    det, mc = r.deterministic, r.monte_carlo
    yield charts.roi_histogram_chart(
        charts.histogram_frame(mc.roi_histogram, lang), charts.markers_frame(mc, lang), lang
    )
    yield charts.waterfall_chart(charts.waterfall_frame(det, lang), s.horizon_years, lang)
    yield charts.yearly_chart(charts.yearly_frame(det, lang), lang)
    yield charts.cumulative_chart(
        charts.cumulative_frame(det, mc.cumulative_net_quantiles, lang), det.payback_months, lang
    )


class TestChartSpecs:
    def test_under_100_kb_even_with_200k_draws(self) -> None:
        s = Scenario(draws=200_000, horizon_years=5)
        for chart in _all_builders(s):
            assert charts.chart_bytes(chart) < 100_000
            data_rows = sum(len(v) for v in _spec(chart).get("datasets", {}).values())
            assert data_rows < 200  # pre-binned, never raw draws

    def test_fit_inside_padding_with_room_on_the_left(self) -> None:
        # Axis titles must stay inside the container on a 390 px phone: the chart fits the width including
        # its padding, and keeps a margin on the left for the rotated y-axis title.
        for chart in _all_builders(Scenario()):
            spec = _spec(chart)
            assert spec["autosize"] == {"type": "fit", "contains": "padding"}
            assert spec["padding"]["left"] >= 8

    def test_one_colour_blind_safe_palette(self) -> None:
        allowed = {c.lower() for c in charts.OKABE_ITO} | {"white"}
        for chart in _all_builders(Scenario()):
            text = json.dumps(chart)
            colours = set(re.findall(r'"(#[0-9A-Fa-f]{6}|white)"', text))
            assert colours and {c.lower() for c in colours} <= allowed, colours

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_titles_and_axis_units(self, lang: str) -> None:
        specs = [_spec(c) for c in _all_builders(Scenario(), lang)]
        for spec in specs:
            assert spec["title"]
        text = json.dumps(specs, ensure_ascii=False)
        assert "(%)" in text and "(€)" in text

    def test_payback_rule_only_when_it_pays_back(self) -> None:
        s = Scenario().with_enabled()  # nothing counts: no payback
        det = deterministic(s)
        assert math.isnan(det.payback_months)
        r = compute_results(s)
        chart = charts.cumulative_chart(
            charts.cumulative_frame(det, r.monte_carlo.cumulative_net_quantiles), det.payback_months
        )
        assert "Payback" not in json.dumps(chart)


class TestPresentation:
    """Presentation view (projector): every chart gets larger text and is taller than in the normal view."""

    @staticmethod
    def _fonts_and_height(chart) -> tuple[int, int, int, int]:
        spec = _spec(chart)
        cfg = spec["config"]
        return cfg["axis"]["labelFontSize"], cfg["axis"]["titleFontSize"], cfg["title"]["fontSize"], spec["height"]

    def test_every_builder_is_larger(self) -> None:
        s = Scenario(draws=2_000)
        r = compute_results(s)
        det, mc = r.deterministic, r.monte_carlo
        hist, marks = charts.histogram_frame(mc.roi_histogram), charts.markers_frame(mc)
        wf, yf = charts.waterfall_frame(det), charts.yearly_frame(det)
        cf = charts.cumulative_frame(det, mc.cumulative_net_quantiles)
        for present in (False, True):
            built = [
                charts.roi_histogram_chart(hist, marks, presentation=present),
                charts.waterfall_chart(wf, s.horizon_years, presentation=present),
                charts.yearly_chart(yf, presentation=present),
                charts.cumulative_chart(cf, det.payback_months, presentation=present),
            ]
            sizes = [self._fonts_and_height(c) for c in built]
            if not present:
                normal = sizes
        # Fonts 14 -> 20 (labels 13 -> 19, titles 17 -> 23); heights x 1.4 (histogram 320 -> 448, yearly 320 -> 448).
        for (nl, nt, nh, nheight), (pl, pt, ph, pheight) in zip(normal, sizes, strict=True):
            assert (nl, nt, nh) == (13, 14, 17) and (pl, pt, ph) == (19, 20, 23)
            assert pheight == round(nheight * 1.4)
        assert normal[0][3] == 320 and sizes[0][3] == 448

    def test_marker_labels_grow_with_the_text(self) -> None:
        mc = simulate(Scenario(), draws=1_000, seed=2).summary()
        hist, marks = charts.histogram_frame(mc.roi_histogram), charts.markers_frame(mc)
        for present, size in ((False, 13), (True, 19)):
            spec = _spec(charts.roi_histogram_chart(hist, marks, presentation=present))
            texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
            assert texts and all(t["mark"]["fontSize"] == size for t in texts)
