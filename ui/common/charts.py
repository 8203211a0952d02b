"""All charts of the app: pure data builders (small pandas frames) and Vega-Lite specs built with Altair.

Each chart's structure is an Altair template, built and validated once per
language, currency and view (:mod:`ui.common.vega`); a new scenario only fills in
its data, so charts do not slow a slider down.
Builders take results from :mod:`ui.common.compute` and return frames of at most a
few dozen rows, so no chart ever ships raw draws to the browser (the ROI
histogram arrives pre-binned in numpy: 60 bins whatever the draw count).
Money in tooltips is pre-formatted with Babel into ``*_text`` columns, so the
browser shows the locale's format and the chosen currency sign.

One colour-blind-safe palette (Okabe & Ito, 2008) is used throughout.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import altair as alt
import numpy as np
import pandas as pd
from altair.typing import ChartType

from roi_core import COST_CATEGORIES, COST_LABELS, DRIVER_LABELS, Histogram, MonteCarloSummary, PointResult
from ui.common import vega
from ui.common.format import currency_symbol, money, months, pct
from ui.common.i18n import plural, translate

__all__ = [
    "OKABE_ITO",
    "COLOR_BENEFIT",
    "COLOR_COST",
    "COLOR_NET",
    "histogram_frame",
    "markers_frame",
    "marker_labels",
    "roi_histogram_chart",
    "waterfall_frame",
    "waterfall_chart",
    "yearly_frame",
    "yearly_chart",
    "cumulative_frame",
    "cumulative_chart",
    "payback_label_align",
    "chart_bytes",
    "font_size",
    "chart_height",
]

#: Okabe-Ito: distinguishable with every common form of colour blindness.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
COLOR_BENEFIT = "#009E73"
COLOR_COST = "#D55E00"
COLOR_NET = "#0072B2"
COLOR_BAND = "#56B4E9"
COLOR_MARK = "#000000"
FONT_SIZE = 14
#: Presentation view (projector): larger text and taller charts, readable at the back of a room.
PRESENT_FONT_SIZE = 20
PRESENT_HEIGHT_SCALE = 1.4


def font_size(presentation: bool = False) -> int:
    """Base font size of chart text (axis titles; labels one smaller, titles three larger)."""
    return PRESENT_FONT_SIZE if presentation else FONT_SIZE


def chart_height(height: int, presentation: bool = False) -> int:
    """A chart's height, taller in presentation view."""
    return round(height * PRESENT_HEIGHT_SCALE) if presentation else height


def _line_label(name: str, lang: str) -> str:
    labels = DRIVER_LABELS.get(name)
    return labels[lang] if labels is not None else name  # custom lines carry their own name


def _cost_label(cat: str, lang: str) -> str:
    labels = COST_LABELS.get(cat)
    return labels[lang] if labels is not None else cat


def _style(chart: ChartType, presentation: bool = False) -> ChartType:
    # "fit" inside the padding: axis titles and labels stay within the container (a 390 px phone cut the
    # y-axis title off at the left).
    # One copy of the chart instead of one per configure_* call (each copy is a deep copy of every layer).
    fs = font_size(presentation)
    chart = chart.copy(deep=False)
    chart.autosize = alt.AutoSizeParams(type="fit", contains="padding")
    chart.padding = {"left": 8, "right": 8, "top": 4, "bottom": 4}
    chart.config = alt.Config(
        axis=alt.AxisConfig(labelFontSize=fs - 1, titleFontSize=fs),
        title=alt.TitleConfig(fontSize=fs + 3, anchor="start"),
        legend=alt.LegendConfig(labelFontSize=fs - 1, titleFontSize=fs, orient="bottom", labelLimit=320),
    )
    return chart


# --- ROI distribution ------------------------------------------------------------------------


def histogram_frame(hist: Histogram, lang: str = "en") -> pd.DataFrame:
    """One row per bin: ``start``, ``end`` (ROI %), ``count``, ``share`` (% of draws), ``tail`` and ``range_text``.

    ``roi_core.histogram`` clips the draws at its 0.5th and 99.5th percentiles
    into the end bins, so the first bin holds every ROI up to its end and the
    last every ROI from its start: ``tail`` is ``"low"`` / ``"high"`` there
    (``""`` elsewhere), their tooltips read "≤ x" / "≥ x" and the chart draws
    them lighter, so the collected tails do not pass for a real spike.
    """
    edges = np.asarray(hist.edges, dtype=float)
    counts = np.asarray(hist.counts, dtype=np.int64)
    total = int(counts.sum())
    share = counts / total * 100.0 if total else np.zeros(counts.shape)
    n = len(counts)
    tail = [""] * n
    text = [f"{pct(a, lang)} … {pct(b, lang)}" for a, b in zip(edges[:-1], edges[1:], strict=True)]
    if n >= 2:  # a single bin (no draws) has no tails
        tail[0], tail[-1] = "low", "high"
        text[0], text[-1] = f"≤ {pct(edges[1], lang)}", f"≥ {pct(edges[-2], lang)}"
    return pd.DataFrame(
        {
            "start": edges[:-1],
            "end": edges[1:],
            "count": counts,
            "share": share,
            "tail": tail,
            "range_text": text,
        }
    )


def markers_frame(mc: MonteCarloSummary, lang: str = "en") -> pd.DataFrame:
    """Vertical markers of the histogram: break-even (0 %) and P5 / P50 / P95, with labels."""
    rows = [
        ("break_even", 0.0, translate(lang, "chart.break_even")),
        ("p5", mc.roi_p5, "P5"),
        ("p50", mc.roi_p50, "P50"),
        ("p95", mc.roi_p95, "P95"),
    ]
    rows = [r for r in rows if math.isfinite(r[1])]
    return pd.DataFrame(
        {
            "marker": [r[0] for r in rows],
            "value": [float(r[1]) for r in rows],
            "label": [f"{r[2]}: {pct(r[1], lang)}" if r[0] != "break_even" else r[2] for r in rows],
        }
    )


#: Label row of each histogram marker (0 = top): every marker its own row, so P50 never sits on the break-even label.
MARKER_ROWS = {"break_even": 0, "p50": 1, "p5": 2, "p95": 3}


def marker_labels(markers: pd.DataFrame, x_min: float, x_max: float) -> pd.DataFrame:
    """Where the histogram's marker labels go: ``markers`` plus ``row`` (0 = top) and ``align``.

    Each marker has its own row (:data:`MARKER_ROWS`). A label runs away from
    the break-even line (right of a positive marker, left of a negative one),
    so the break-even rule never crosses it, unless that side lies in the
    outer fifth of the axis, where the label would run off the chart.
    """
    span = (x_max - x_min) or 1.0
    aligns = []
    for marker, value in zip(markers["marker"], markers["value"], strict=True):
        frac = (value - x_min) / span
        align = "left" if marker == "break_even" or value >= 0 else "right"
        if align == "left" and frac > 0.8:
            align = "right"
        elif align == "right" and frac < 0.2:
            align = "left"
        aligns.append(align)
    return markers.assign(row=[MARKER_ROWS.get(m, 0) for m in markers["marker"]], align=aligns)


def roi_histogram_chart(
    hist: pd.DataFrame, markers: pd.DataFrame, lang: str = "en", height: int = 320, *, presentation: bool = False
) -> dict[str, Any]:
    """Histogram of simulated ROI with the break-even line and P5/P50/P95 marked (a Vega-Lite dict).

    The end bins, which hold the clipped tails, are drawn lighter (``tail``).
    """
    fs = font_size(presentation)
    plot_height = chart_height(height, presentation)
    row_px = fs + 4  # one label row
    # Headroom above the bars for the four label rows (plot area is about height - 90 px).
    rows_px = len(MARKER_ROWS) * row_px + 6
    top = float(hist["share"].max()) if len(hist) else 1.0
    y_max = (top or 1.0) * plot_height / max(plot_height - 90 - fs * 2 - rows_px, 60)
    bins = hist.assign(opacity=[0.35 if t else 0.85 for t in hist.get("tail", [""] * len(hist))])
    x_min = float(hist["start"].min()) if len(hist) else 0.0
    x_max = float(hist["end"].max()) if len(hist) else 1.0
    labelled = marker_labels(markers, min(x_min, 0.0), max(x_max, 0.0))
    labelled = labelled.assign(y_px=labelled["row"] * row_px + 2)
    sides: tuple[Literal["left", "right"], ...] = tuple(
        side for side in ("left", "right") if (labelled["align"] == side).any()
    )
    data = {
        "bins": bins,
        "break_even": markers[markers["marker"] == "break_even"],
        "percentiles": markers[markers["marker"] != "break_even"],
        **{f"labels_{side}": labelled[labelled["align"] == side] for side in sides},
    }
    data["headroom"] = ({"share": y_max},)
    return vega.fill(_histogram_template(lang, height, presentation, sides), data)


@vega.template
def _histogram_template(
    lang: str, height: int, presentation: bool, sides: tuple[Literal["left", "right"], ...]
) -> alt.TopLevelMixin:
    x_title = translate(lang, "chart.roi_axis")
    y_title = translate(lang, "chart.share_axis")
    fs = font_size(presentation)
    # "~" drops a trailing zero: the axis read "9,0 8,0 ... 0,0" for whole per cents.
    y = alt.Y("share:Q", title=y_title, axis=alt.Axis(format=".1~f"), scale=alt.Scale(nice=False))
    bars = (
        alt.Chart(alt.NamedData("bins"))
        .mark_rect(color=COLOR_NET, stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("start:Q", title=x_title, axis=alt.Axis(format=",.0f")),
            x2=alt.X2("end:Q"),
            y=y,
            y2=alt.Y2Datum(0),
            opacity=alt.Opacity("opacity:Q", scale=None, legend=None),
            tooltip=[
                alt.Tooltip("range_text:N", title=translate(lang, "chart.roi")),
                alt.Tooltip("share:Q", title=y_title, format=".1f"),
                alt.Tooltip("count:Q", title=translate(lang, "chart.count"), format=",d"),
            ],
        )
    )
    # Room above the bars for the marker labels: an invisible point at the top of the y scale. As data, not as a
    # fixed scale domain, the spec stays the same when a slider moves, and the browser only swaps the data.
    headroom = alt.Chart(alt.NamedData("headroom")).mark_point(opacity=0).encode(y=y)
    rule_be = (
        alt.Chart(alt.NamedData("break_even"))
        .mark_rule(color=COLOR_COST, strokeWidth=3)
        .encode(x=alt.X("value:Q"), tooltip=[alt.Tooltip("label:N")])
    )
    rule_p = (
        alt.Chart(alt.NamedData("percentiles"))
        .mark_rule(color=COLOR_MARK, strokeDash=[5, 4], strokeWidth=1.5)
        .encode(x=alt.X("value:Q"), tooltip=[alt.Tooltip("label:N")])
    )
    texts = [
        alt.Chart(alt.NamedData(f"labels_{side}"))
        .mark_text(align=side, dx=4 if side == "left" else -4, baseline="top", fontSize=fs - 1, color=COLOR_MARK)
        .encode(x=alt.X("value:Q"), y=alt.Y("y_px:Q", scale=None), text=alt.Text("label:N"))
        for side in sides
    ]
    chart = alt.layer(bars, headroom, rule_be, rule_p, *texts).properties(
        title=translate(lang, "chart.histogram_title"), height=chart_height(height, presentation)
    )
    return _style(chart, presentation)


# --- benefits by driver against costs -------------------------------------------------------------


def waterfall_frame(point: PointResult, lang: str = "en", currency: str = "EUR") -> pd.DataFrame:
    """Waterfall steps over the horizon, in present values (the net benefit bar is the NPV).

    Rows: each benefit line (up), each cost category (down), then the net
    benefit as a total bar. Columns ``order``, ``item``, ``kind``
    (benefit / cost / net), ``amount`` (signed), ``start``, ``end`` and
    ``amount_text``. Lines and categories of zero are left out.
    """
    rows: list[tuple[str, str, float]] = []
    for name, value in point.benefit_by_line.items():
        if value != 0:
            rows.append((_line_label(name, lang), "benefit", float(value)))
    for cat in COST_CATEGORIES:
        value = float(point.cost_by_category.get(cat, 0.0))
        if value != 0:
            rows.append((_cost_label(cat, lang), "cost", -value))
    amounts = np.array([r[2] for r in rows], dtype=float)
    ends = np.cumsum(amounts)
    starts = ends - amounts
    net = float(ends[-1]) if len(ends) else 0.0
    frame = pd.DataFrame(
        {
            "item": [r[0] for r in rows] + [translate(lang, "chart.net_benefit")],
            "kind": [r[1] for r in rows] + ["net"],
            "amount": np.append(amounts, net),
            "start": np.append(starts, 0.0),
            "end": np.append(ends, net),
        }
    )
    frame.insert(0, "order", np.arange(len(frame)))
    frame["amount_text"] = [money(a, lang, currency) for a in frame["amount"]]
    return frame


def _kind_labels(kinds: Sequence[str], lang: str) -> list[str]:
    return [translate(lang, f"chart.kind_{k}") for k in kinds]


def _with_kind_labels(frame: pd.DataFrame, kinds: Sequence[str], lang: str) -> pd.DataFrame:
    return frame.assign(kind_label=frame["kind"].map(dict(zip(kinds, _kind_labels(kinds, lang), strict=True))))


#: One-row datasets for a rule at zero.
_ZERO_X, _ZERO_Y = ({"x": 0.0},), ({"y": 0.0},)
WATERFALL_KINDS = ("benefit", "cost", "net")


def waterfall_chart(
    frame: pd.DataFrame,
    years: int,
    lang: str = "en",
    currency: str = "EUR",
    height: int | None = None,
    *,
    presentation: bool = False,
) -> dict[str, Any]:
    """Benefits by driver stacked up, costs by category stacked down, ending at the net benefit (a Vega-Lite dict)."""
    data = {"steps": _with_kind_labels(frame, WATERFALL_KINDS, lang), "zero": _ZERO_X}
    height = chart_height(height or 30 * len(frame) + 20, presentation)
    return vega.fill(_waterfall_template(years, lang, currency, height, presentation), data)


@vega.template
def _waterfall_template(years: int, lang: str, currency: str, height: int, presentation: bool) -> alt.TopLevelMixin:
    kind_labels = _kind_labels(WATERFALL_KINDS, lang)
    sym = currency_symbol(currency, lang)
    chart = (
        alt.Chart(alt.NamedData("steps"))
        .mark_bar()
        .encode(
            y=alt.Y(
                "item:N",
                sort=alt.SortField("order"),
                title=None,
                axis=alt.Axis(labelLimit=360 if presentation else 260, labelOverlap=False),
            ),
            x=alt.X(
                "start:Q",
                title=translate(lang, "chart.amount_axis", currency=sym),
                axis=alt.Axis(labelExpr=vega.amount_label_expr(lang)),
            ),
            x2=alt.X2("end:Q"),
            # No legend: every bar is labelled, and a legend under the narrow plot would be cut off.
            color=alt.Color(
                "kind_label:N",
                legend=None,
                scale=alt.Scale(domain=kind_labels, range=[COLOR_BENEFIT, COLOR_COST, COLOR_NET]),
            ),
            tooltip=[
                alt.Tooltip("item:N", title=translate(lang, "chart.item")),
                alt.Tooltip("kind_label:N", title=translate(lang, "chart.kind")),
                alt.Tooltip("amount_text:N", title=translate(lang, "chart.amount")),
            ],
        )
    )
    zero = alt.Chart(alt.NamedData("zero")).mark_rule(color=COLOR_MARK).encode(x=alt.X("x:Q"))
    layered = alt.layer(chart, zero).properties(
        title=translate(lang, "chart.waterfall_title", years=plural(lang, "plural.years", years)), height=height
    )
    return _style(layered, presentation)


# --- over time ----------------------------------------------------------------------------------


def yearly_frame(point: PointResult, lang: str = "en", currency: str = "EUR") -> pd.DataFrame:
    """Yearly benefits (positive) and costs (negative), long form.

    Columns ``year``, ``kind``, ``amount`` and ``amount_text``.
    """
    rows = []
    for i, (c, b) in enumerate(zip(point.yearly_costs, point.yearly_benefits, strict=True), start=1):
        rows.append((i, "benefit", float(b)))
        rows.append((i, "cost", -float(c)))
    frame = pd.DataFrame(rows, columns=["year", "kind", "amount"])
    frame["amount_text"] = [money(a, lang, currency) for a in frame["amount"]]
    return frame


YEARLY_KINDS = ("benefit", "cost")


def yearly_chart(
    frame: pd.DataFrame, lang: str = "en", currency: str = "EUR", height: int = 320, *, presentation: bool = False
) -> dict[str, Any]:
    """Bars per year: benefits up, costs down (most likely values, not discounted; a Vega-Lite dict)."""
    data = {"years": _with_kind_labels(frame, YEARLY_KINDS, lang)}
    return vega.fill(_yearly_template(lang, currency, height, presentation), data)


@vega.template
def _yearly_template(lang: str, currency: str, height: int, presentation: bool) -> alt.TopLevelMixin:
    labels = _kind_labels(YEARLY_KINDS, lang)
    sym = currency_symbol(currency, lang)
    bars = (
        alt.Chart(alt.NamedData("years"))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=translate(lang, "chart.year_axis"), axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("kind_label:N"),
            y=alt.Y(
                "amount:Q",
                title=translate(lang, "chart.amount_axis", currency=sym),
                axis=alt.Axis(labelExpr=vega.amount_label_expr(lang)),
            ),
            # Legend above the plot: below it, it sat under a large empty gap left by the axis title.
            color=alt.Color(
                "kind_label:N",
                title=None,
                scale=alt.Scale(domain=labels, range=[COLOR_BENEFIT, COLOR_COST]),
                legend=alt.Legend(orient="top", direction="horizontal", offset=4),
            ),
            tooltip=[
                alt.Tooltip("year:O", title=translate(lang, "chart.year")),
                alt.Tooltip("kind_label:N", title=translate(lang, "chart.item")),
                alt.Tooltip("amount_text:N", title=translate(lang, "chart.amount")),
            ],
        )
        .properties(title=translate(lang, "chart.yearly_title"), height=chart_height(height, presentation))
    )
    return _style(bars, presentation)


def cumulative_frame(
    point: PointResult,
    quantiles: Mapping[str, Sequence[float]],
    lang: str = "en",
    currency: str = "EUR",
    start: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Cumulative net present value at year 0 and at each year end (the discounted payback curve).

    Year 0 is the position right after the year-1 costs are paid (the model
    pays them up front, undiscounted; benefits accrue during the year). The
    curve ends at the NPV and crosses zero at the discounted payback. Columns: ``year``,
    ``expected`` (most likely values), ``p10``, ``p50``, ``p90`` (simulation;
    ``start`` gives their year-0 values, the simulated upfront costs) and
    their ``*_text`` money strings.
    """
    years = len(point.yearly_costs)
    upfront = -float(point.yearly_costs[0]) if years else 0.0
    net = np.asarray(point.yearly_pv_net, dtype=float)
    frame = pd.DataFrame({"year": np.arange(years + 1), "expected": np.concatenate([[upfront], np.cumsum(net)])})
    for q in ("p10", "p50", "p90"):
        values = np.asarray(quantiles.get(q, (np.nan,) * years), dtype=float)[:years]
        first = upfront if start is None else float(start.get(q, upfront))
        frame[q] = np.concatenate([[first], values])
    for col in ("expected", "p10", "p50", "p90"):
        frame[f"{col}_text"] = [money(v, lang, currency) or "–" for v in frame[col]]
    return frame


def payback_label_align(payback_months: float, years: int) -> tuple[Literal["left", "right"], int]:
    """Side of the payback rule for its label: ``("left", -5)`` in the last 40 % of the horizon, else right of it.

    A label right of a late payback point would run off the chart's right edge.
    """
    late = years > 0 and payback_months / 12.0 > 0.6 * years
    return ("right", -5) if late else ("left", 5)


def cumulative_chart(
    frame: pd.DataFrame,
    payback_months: float,
    lang: str = "en",
    currency: str = "EUR",
    height: int = 360,
    *,
    presentation: bool = False,
) -> dict[str, Any]:
    """Cumulative net cash flow with the P10-P90 band of the simulation and the payback point (a Vega-Lite dict)."""
    data: dict[str, vega.Data] = {"flows": frame, "zero": _ZERO_Y}
    align: tuple[Literal["left", "right"], int] | None = None
    if math.isfinite(payback_months):
        label = translate(lang, "chart.payback_label", months=months(payback_months, lang))
        data["payback"] = ({"year": payback_months / 12.0, "label": label},)
        align = payback_label_align(payback_months, len(frame) - 1)
    return vega.fill(_cumulative_template(lang, currency, height, presentation, align), data)


@vega.template
def _cumulative_template(
    lang: str,
    currency: str,
    height: int,
    presentation: bool,
    payback_align: tuple[Literal["left", "right"], int] | None,
) -> alt.TopLevelMixin:
    sym = currency_symbol(currency, lang)
    x = alt.X("year:Q", title=translate(lang, "chart.year_axis"), axis=alt.Axis(tickMinStep=1, format="d"))
    y_title = translate(lang, "chart.cumulative_axis", currency=sym)
    tooltip = [
        alt.Tooltip("year:Q", title=translate(lang, "chart.year")),
        alt.Tooltip("expected_text:N", title=translate(lang, "chart.expected")),
        alt.Tooltip("p10_text:N", title="P10"),
        alt.Tooltip("p50_text:N", title="P50"),
        alt.Tooltip("p90_text:N", title="P90"),
    ]
    base = alt.Chart(alt.NamedData("flows"))
    band = base.mark_area(color=COLOR_BAND, opacity=0.35).encode(
        x=x,
        y=alt.Y("p10:Q", title=y_title, axis=alt.Axis(labelExpr=vega.amount_label_expr(lang))),
        y2=alt.Y2("p90:Q"),
        tooltip=tooltip,
    )
    line = base.mark_line(color=COLOR_NET, strokeWidth=3, point=alt.OverlayMarkDef(size=70, color=COLOR_NET)).encode(
        x=x, y=alt.Y("expected:Q"), tooltip=tooltip
    )
    median = base.mark_line(color=COLOR_NET, strokeDash=[4, 4], strokeWidth=1.5).encode(x=x, y=alt.Y("p50:Q"))
    zero = alt.Chart(alt.NamedData("zero")).mark_rule(color=COLOR_MARK).encode(y=alt.Y("y:Q"))
    layers: list[alt.Chart] = [band, median, line, zero]
    if payback_align is not None:
        pay = alt.Chart(alt.NamedData("payback"))
        layers.append(
            pay.mark_rule(color=COLOR_COST, strokeWidth=2.5).encode(x=alt.X("year:Q"), tooltip=[alt.Tooltip("label:N")])
        )
        align, dx = payback_align
        layers.append(
            pay.mark_text(
                align=align, dx=dx, dy=8, baseline="top", fontSize=font_size(presentation) - 1, color=COLOR_COST
            ).encode(x=alt.X("year:Q"), y=alt.YValue(0), text=alt.Text("label:N"))
        )
    chart = alt.layer(*layers).properties(
        title=translate(lang, "chart.cumulative_title"), height=chart_height(height, presentation)
    )
    return _style(chart, presentation)


def chart_bytes(chart: alt.TopLevelMixin | Mapping[str, Any]) -> int:
    """Size of the chart's Vega-Lite JSON (data included), in bytes: what it costs to send."""
    text = chart.to_json(validate=False) if isinstance(chart, alt.TopLevelMixin) else json.dumps(chart)
    return len(text.encode("utf-8"))
