"""Charts of the Sensitivity page: pure data builders (small pandas frames) and Vega-Lite specs built with Altair.

Builders take the compact results of :mod:`ui.sensitivity.sensitivity_compute` (tornado,
spider, rankings, pre-aggregated scatter, break-even, value of information)
and return frames of at most a few hundred rows, so no chart ships raw draws
to the browser. Numbers for tooltips and tables are pre-formatted with Babel
(``*_text`` columns). Colours follow :mod:`ui.common.charts` (Okabe & Ito).

Each chart's structure is an Altair template, built and validated once per
metric, language, currency and number of rows (:mod:`ui.common.vega`); a new
scenario only fills in its frames (named datasets), so building the page's
charts no longer slows a slider down. A slider move changes only a spec's
datasets (the number of rows aside), so the browser swaps the data of a
drawn chart instead of drawing it anew.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from roi_core import (
    BreakEvenResult,
    EvppiResult,
    Metric,
    RankCorrelationResult,
    Reach,
    Scenario,
    SobolResult,
    SpiderResult,
    TornadoResult,
)
from roi_core.assumptions import InputSpec, spec
from ui.common import vega
from ui.common.charts import COLOR_BENEFIT, COLOR_COST, COLOR_MARK, COLOR_NET, FONT_SIZE, OKABE_ITO, _style
from ui.common.format import currency_symbol, md_escape, money, number, pct, unit_text
from ui.common.i18n import translate
from ui.common.safe_text import md
from ui.sensitivity.sensitivity_compute import ScatterBins

__all__ = [
    "TORNADO_TOP",
    "RANKING_TOP",
    "VOI_TOP",
    "output_text",
    "swing_text",
    "value_text",
    "label_of",
    "axis_label",
    "tornado_frame",
    "tornado_bars",
    "tornado_chart",
    "spider_frame",
    "spider_chart",
    "rank_frame",
    "sobol_frame",
    "ranking_chart",
    "scatter_frames",
    "scatter_chart",
    "break_even_frame",
    "voi_frame",
    "voi_chart",
    "voi_negligible",
    "voi_sentence",
    "display_height",
]

#: Bars drawn in the tornado chart (the table lists every input).
TORNADO_TOP = 12
RANKING_TOP = 12
VOI_TOP = 10
COLOR_LOW = OKABE_ITO[1]  # orange: the input at its low end
COLOR_HIGH = OKABE_ITO[0]  # blue: the input at its high end


# --- formatting ---------------------------------------------------------------------------------------------


def _metric(metric: str) -> Metric:
    return Metric(metric)


def output_text(x: float, metric: str, lang: str = "en", currency: str = "EUR") -> str:
    """An output value: ``-9%`` for ROI, ``€-12,345`` style money for NPV; a dash when undefined."""
    text = pct(x, lang) if _metric(metric) is Metric.ROI_PCT else money(x, lang, currency)
    return text or "–"


def swing_text(x: float, metric: str, lang: str = "en", currency: str = "EUR") -> str:
    """A difference of outputs: ROI in percentage points, NPV in money."""
    if _metric(metric) is Metric.NPV:
        return money(x, lang, currency) or "–"
    n = number(x, lang)
    return translate(lang, "sens.points", x=n) if n is not None else "–"


def _spec(key: str) -> InputSpec | None:
    try:
        return spec(key)  # a custom line's unit and decimals are those of every custom line
    except KeyError:
        return None


def _unit(key: str) -> str:
    sp = _spec(key)
    return sp.unit if sp is not None else ""


def _decimals(key: str, extra: int = 0) -> int:
    """The input's decimals (a custom line's amounts and shares are whole) plus ``extra``."""
    sp = _spec(key)
    return (sp.decimals if sp is not None else 0) + extra


def value_text(key: str, x: float, lang: str = "en", currency: str = "EUR", extra: int = 0) -> str:
    """An input value with its unit (``5.6 %``, ``€158,582/yr``, ``15``); a dash when undefined.

    ``extra`` adds decimals beyond those of the input's slider step (for
    computed values such as a break-even point). Money is shown in whole units.

    >>> value_text("productivity_gain_pct", 5.64, extra=1), value_text("error_cost_baseline", 158581.9, "nl")
    ('5.64\xa0%', '€\xa0158.582/jaar')
    """
    unit = _unit(key)
    if unit.startswith("EUR"):
        m = money(x, lang, currency)
        return "–" if m is None else m + unit_text(unit, currency, lang)[len(currency_symbol(currency, lang)) :]
    n = number(x, lang, _decimals(key, extra))
    if n is None:
        return "–"
    if unit == "%":
        return f"{n}\u00a0%"
    if unit == "x":
        return f"{n}\u00d7"
    if unit in ("count", ""):
        return n
    return f"{n}\u00a0{unit_text(unit, currency, lang)}"


def label_of(scenario: Scenario, key: str, lang: str = "en") -> str:
    """Display name of an input (custom lines included), unique on a chart axis.

    Labels that several drivers share ("Share due to the training") get the driver's name.

    >>> label_of(Scenario(), "attribution_turnover")
    'Share due to the training (Lower staff turnover)'
    """
    return scenario.input(key).distinct_label(lang)  # type: ignore[arg-type]


def axis_label(scenario: Scenario, key: str, lang: str = "en", currency: str = "EUR") -> str:
    """Name and unit of an input, for an axis: ``Productivity gain per trained employee (%)``."""
    unit = _unit(key)
    unit = "\u00d7" if unit == "x" else unit_text(unit, currency, lang)
    return f"{label_of(scenario, key, lang)} ({unit})" if unit else label_of(scenario, key, lang)


#: Pixels per input in the horizontal bar charts: the input's name on a line above a bar of ``BAR`` pixels.
ROW = 44
BAR = 16


def _rows_y() -> alt.Y:
    return alt.Y("label:N", sort=alt.EncodingSortField(field="order", op="min"), title=None, axis=None)


def _row_labels() -> alt.Chart:
    """Input names written above their bars instead of as axis labels: the bars keep the width on a phone.

    Reads the dataset ``labels``: one row per input (:func:`_first_rows`).
    """
    return (
        alt.Chart(alt.NamedData("labels"))
        .mark_text(align="left", baseline="bottom", dy=-(BAR // 2 + 2), fontSize=FONT_SIZE - 1, color="#31333F")
        .encode(y=_rows_y(), x=alt.value(0), text="label:N")
    )


def _first_rows(data: pd.DataFrame) -> pd.DataFrame:
    return data.drop_duplicates("label")


def _row(**values: Any) -> tuple[dict[str, Any]]:
    """A one-row dataset; undefined numbers become null, as Altair's sanitising of a frame does."""
    return ({k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in values.items()},)


#: One-row datasets for a rule at zero.
_ZERO_X, _ZERO_Y = ({"x": 0.0},), ({"y": 0.0},)


def _rows_height(n: int) -> int:
    return max(120, ROW * n + 10)


def _two_lines_expr(room: str, px_per_char: float = 6.5) -> str:
    """A Vega expression: ``datum.label`` on two lines (an array) when it is wider than ``room`` pixels.

    For legend labels of long input names: a phone's chart is narrower than
    "Productiviteitsstijging per getrainde medewerker", and Vega would cut
    the label at the chart's edge. ``room`` is an expression of the chart's
    ``width`` signal; the break goes at the last space that fits.

    >>> "lastindexof" in _two_lines_expr("width - 40")
    True
    """
    n = f"floor(({room}) / {px_per_char})"
    cut = f"lastindexof(substring(datum.label, 0, {n}), ' ')"
    return (
        f"length(datum.label) > {n} && {cut} > 0"
        f" ? [substring(datum.label, 0, {cut}), substring(datum.label, {cut} + 1)] : datum.label"
    )


def _title_lines(title: str, limit: int = 30) -> str | list[str]:
    """An axis title longer than ``limit`` characters as two lines at the space nearest its middle.

    Vega centres an axis title under the plot and shrinks the plot until the
    whole title fits beside it: one long title squeezed a phone's scatter
    plot to a sliver and was still cut at the left.

    >>> _title_lines("Productivity gain per trained employee (%)")
    ['Productivity gain per', 'trained employee (%)']
    >>> _title_lines("Half-life (months)")
    'Half-life (months)'
    """
    if len(title) <= limit or " " not in title:
        return title
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return [title[:cut], title[cut + 1 :]]


def _meta(plot_height: int, legend_rows: int = 0) -> dict[str, int]:
    # Streamlit fits a chart with "content" height into about 350 px, legend and title included, which
    # squashes a chart with a tall legend; the page passes this total height to st.altair_chart instead.
    return {"display_height": int(plot_height + 110 + 24 * legend_rows)}


def display_height(chart: alt.TopLevelMixin | Mapping[str, Any]) -> int:
    """Pixels the whole chart (or its spec) needs, plot, title, axis and legend: pass it as ``height=``."""
    meta = chart.get("usermeta") if isinstance(chart, Mapping) else getattr(chart, "usermeta", None)
    if isinstance(meta, dict) and "display_height" in meta:
        return int(meta["display_height"])
    return 400


# --- tornado ------------------------------------------------------------------------------------------------


def tornado_frame(tr: TornadoResult, scenario: Scenario, lang: str = "en", currency: str = "EUR") -> pd.DataFrame:
    """One row per input, largest swing first.

    Columns: ``order``, ``key``, ``label``, ``low_value``, ``high_value``
    (input values at P10/P90), ``low_output``, ``high_output``, ``swing``,
    ``base`` (metric units) and text columns for the table and tooltips.
    """
    m = tr.metric.value
    # One constructor call: adding columns one by one costs more than formatting them.
    return pd.DataFrame(
        {
            "order": np.arange(len(tr.keys)),
            "key": list(tr.keys),
            "label": [label_of(scenario, k, lang) for k in tr.keys],
            "low_value": list(tr.low_values),
            "high_value": list(tr.high_values),
            "low_output": list(tr.low_output),
            "high_output": list(tr.high_output),
            "swing": list(tr.swing),
            "base": np.full(len(tr.keys), tr.base),
            "likely_text": [value_text(k, x, lang, currency) for k, x in zip(tr.keys, tr.likely, strict=True)],
            "low_value_text": [
                value_text(k, x, lang, currency, 1) for k, x in zip(tr.keys, tr.low_values, strict=True)
            ],
            "high_value_text": [
                value_text(k, x, lang, currency, 1) for k, x in zip(tr.keys, tr.high_values, strict=True)
            ],
            "low_output_text": [output_text(x, m, lang, currency) for x in tr.low_output],
            "high_output_text": [output_text(x, m, lang, currency) for x in tr.high_output],
            "swing_text": [swing_text(x, m, lang, currency) for x in tr.swing],
        }
    )


def tornado_bars(frame: pd.DataFrame, lang: str = "en", top: int = TORNADO_TOP) -> pd.DataFrame:
    """Long form for the chart: two bars per input (low end, high end), each from the base to its output.

    Only the ``top`` largest swings; inputs without any swing are left out.
    """
    f = frame[frame["swing"] > 0].head(top)
    sides = []
    for side in ("low", "high"):
        part = pd.DataFrame(
            {
                "order": f["order"].to_numpy(),
                "label": f["label"].to_numpy(),
                "side": translate(lang, f"sens.side_{side}"),
                "start": f["base"].to_numpy(),
                "end": f[f"{side}_output"].to_numpy(),
                "value_text": f[f"{side}_value_text"].to_numpy(),
                "output_text": f[f"{side}_output_text"].to_numpy(),
                "swing_text": f["swing_text"].to_numpy(),
            }
        )
        sides.append(part)
    return pd.concat(sides, ignore_index=True)


def _axis_title(metric: str, lang: str, currency: str) -> str:
    if _metric(metric) is Metric.ROI_PCT:
        return translate(lang, "sens.axis_roi")
    return translate(lang, "sens.axis_npv", currency=currency_symbol(currency, lang))


def _value_axis(metric: str, lang: str, across: bool = False) -> alt.Axis:
    # Per cent with thousands separators; money with word scales (k, mln/M, mld/bn), never SI's "G".
    # Across the page (``across``), about one tick per 70 px of plot: a projector-wide tornado had one every 2 %.
    ticks: dict[str, Any] = {"tickCount": {"expr": "ceil(width / 70)"}} if across else {}
    if _metric(metric) is Metric.ROI_PCT:
        return alt.Axis(format=",.0f", **ticks)
    return alt.Axis(labelExpr=vega.amount_label_expr(lang), **ticks)


def tornado_chart(
    bars: pd.DataFrame, base: float, metric: str, lang: str = "en", currency: str = "EUR", height: int | None = None
) -> dict[str, Any]:
    """Sorted horizontal bars from the base (most likely values) to the output at each end of an input.

    Returns a Vega-Lite dict, like every chart of this module.
    """
    n = int(bars["order"].nunique()) if len(bars) else 0
    base_label = translate(lang, "sens.base_label", value=output_text(base, metric, lang, currency))
    data = {"bars": bars, "base": _row(x=base, label=base_label), "zero": _ZERO_X, "labels": _first_rows(bars)}
    return vega.fill(_tornado_template(metric, lang, currency, height or _rows_height(n)), data)


@vega.template
def _tornado_template(metric: str, lang: str, currency: str, h: int) -> alt.TopLevelMixin:
    sides = [translate(lang, "sens.side_low"), translate(lang, "sens.side_high")]
    chart = (
        alt.Chart(alt.NamedData("bars"))
        .mark_bar(opacity=0.9, size=BAR)
        .encode(
            y=_rows_y(),
            x=alt.X("start:Q", title=_axis_title(metric, lang, currency), axis=_value_axis(metric, lang, across=True)),
            x2="end:Q",
            color=alt.Color("side:N", title=None, scale=alt.Scale(domain=sides, range=[COLOR_LOW, COLOR_HIGH])),
            tooltip=[
                alt.Tooltip("label:N", title=translate(lang, "sens.col_input")),
                alt.Tooltip("side:N", title=translate(lang, "sens.col_case")),
                alt.Tooltip("value_text:N", title=translate(lang, "sens.col_value")),
                alt.Tooltip("output_text:N", title=translate(lang, f"sens.metric_{metric}")),
                alt.Tooltip("swing_text:N", title=translate(lang, "sens.col_swing")),
            ],
        )
    )
    rule = (
        alt.Chart(alt.NamedData("base"))
        .mark_rule(color=COLOR_MARK, strokeWidth=2)
        .encode(x="x:Q", tooltip=[alt.Tooltip("label:N", title=" ")])
    )
    # Break-even (ROI 0 % is NPV 0) as a dashed red line.
    zero = alt.Chart(alt.NamedData("zero")).mark_rule(color=COLOR_COST, strokeDash=[4, 3]).encode(x="x:Q")
    out = alt.layer(chart, rule, zero, _row_labels()).properties(
        title=translate(lang, "sens.tornado_title"), height=h, usermeta=_meta(h, legend_rows=1)
    )
    return _style(out)


# --- spider -------------------------------------------------------------------------------------------------


def spider_frame(
    sp: SpiderResult, scenario: Scenario, metric: str, lang: str = "en", currency: str = "EUR"
) -> pd.DataFrame:
    """One row per input and position: ``label``, ``position`` (0..100 % of the way from low to high),
    ``value`` (input), ``output`` (metric) and their texts."""
    outputs = sp.roi_pct if _metric(metric) is Metric.ROI_PCT else sp.npv
    rows = []
    for i, k in enumerate(sp.keys):
        label = label_of(scenario, k, lang)
        for p, v, y in zip(sp.positions, sp.values[i], outputs[i], strict=True):
            rows.append(
                (i, k, label, p, v, y, value_text(k, v, lang, currency, 1), output_text(y, metric, lang, currency))
            )
    return pd.DataFrame(
        rows, columns=["order", "key", "label", "position", "value", "output", "value_text", "output_text"]
    )


def spider_chart(
    frame: pd.DataFrame, base: float, metric: str, lang: str = "en", currency: str = "EUR", height: int = 380
) -> dict[str, Any]:
    """Lines: the output as each input moves from the low to the high end of its range.

    Colours follow the inputs' ``order`` (largest swing first); the template
    depends on how many inputs there are, not on which.
    """
    n_labels = int(frame["label"].nunique())
    zero_label = _row(x=0.0, y=0.0, label=translate(lang, "chart.break_even"))
    data = {"lines": frame, "base": _row(y=base), "zero": _ZERO_Y, "zero_label": zero_label}
    return vega.fill(_spider_template(metric, lang, currency, height, n_labels), data)


#: Solid, dashed, dotted, dash-dot, long dash, dense dots: one per spider series (up to SPIDER_TOP).
_SPIDER_DASHES = [[1, 0], [8, 4], [2, 3], [10, 3, 2, 3], [14, 4], [1, 2]]


#: The spider's legend: one entry a row, line samples, long names on two lines when the chart is narrow (a phone).
_SPIDER_LEGEND = alt.Legend(
    columns=1,
    labelLimit=420,
    labelExpr=_two_lines_expr("width - 40"),
    rowPadding={"expr": "width < 480 ? 16 : 2"},  # room for a second line under each entry on a narrow chart
    symbolType="stroke",
    symbolStrokeWidth=3,
    symbolSize=300,
)


@vega.template
def _spider_template(metric: str, lang: str, currency: str, height: int, n_labels: int) -> alt.TopLevelMixin:
    # Yellow is too light on white; vermillion is the break-even line's own colour, so no series may use it.
    palette = [c for c in OKABE_ITO if c not in ("#F0E442", COLOR_COST)]
    lines = (
        alt.Chart(alt.NamedData("lines"))
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=40))
        .encode(
            x=alt.X("position:Q", title=translate(lang, "sens.spider_x"), scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("output:Q", title=_axis_title(metric, lang, currency), axis=_value_axis(metric, lang)),
            color=alt.Color(
                "label:N",
                title=None,
                # The domain from the data, ordered by swing: which inputs are drawn is data, not structure.
                sort=alt.EncodingSortField(field="order", op="min"),
                scale=alt.Scale(range=palette[: max(1, n_labels)]),
                # Line samples in the legend, with each series' dash pattern (the two legends merge).
                legend=_SPIDER_LEGEND,
            ),
            # A dash pattern per series too: where two lines run on top of each other, both stay visible.
            strokeDash=alt.StrokeDash(
                "label:N",
                sort=alt.EncodingSortField(field="order", op="min"),
                scale=alt.Scale(range=_SPIDER_DASHES[: max(1, n_labels)]),
                legend=_SPIDER_LEGEND,
            ),
            tooltip=[
                alt.Tooltip("label:N", title=translate(lang, "sens.col_input")),
                alt.Tooltip("value_text:N", title=translate(lang, "sens.col_value")),
                alt.Tooltip("output_text:N", title=translate(lang, f"sens.metric_{metric}")),
            ],
        )
    )
    rule = alt.Chart(alt.NamedData("base")).mark_rule(color=COLOR_MARK, strokeDash=[5, 4]).encode(y="y:Q")
    zero = alt.Chart(alt.NamedData("zero")).mark_rule(color=COLOR_COST, strokeWidth=1.5).encode(y="y:Q")
    # The break-even line says what it is, at its left end, under the line (the series end on the right).
    zero_label = (
        alt.Chart(alt.NamedData("zero_label"))
        .mark_text(align="left", baseline="top", dx=3, dy=3, color=COLOR_COST, fontWeight="bold")
        .encode(x="x:Q", y="y:Q", text="label:N")
    )
    out = alt.layer(lines, rule, zero, zero_label).properties(
        title=translate(lang, "sens.spider_title"), height=height, usermeta=_meta(height, legend_rows=n_labels)
    )
    return _style(out)


# --- ranking of contributions to uncertainty ------------------------------------------------------------------


def rank_frame(rc: RankCorrelationResult, scenario: Scenario, lang: str = "en") -> pd.DataFrame:
    """Rank correlations, largest first: ``label``, ``rho``, ``share`` (% of explained variation), ``direction``."""
    m = rc.metric.value
    frame = pd.DataFrame(
        {
            "order": np.arange(len(rc.keys)),
            "key": list(rc.keys),
            "label": [label_of(scenario, k, lang) for k in rc.keys],
            "rho": list(rc.rho),
            "share": [100.0 * s for s in rc.share],
        }
    )
    frame["direction"] = [
        translate(lang, f"sens.dir_up_{m}" if r > 0 else f"sens.dir_down_{m}" if r < 0 else "sens.dir_none")
        for r in rc.rho
    ]
    frame["share_text"] = [pct(s, lang, 1) for s in frame["share"]]
    frame["rho_text"] = [number(r, lang, 2) for r in rc.rho]
    frame.attrs["metric"] = m
    return frame


def sobol_frame(sr: SobolResult, scenario: Scenario, lang: str = "en") -> pd.DataFrame:
    """Sobol' indices, largest total first: ``share`` = total index in %, ``s1`` = first-order in %."""
    frame = pd.DataFrame(
        {
            "order": np.arange(len(sr.keys)),
            "key": list(sr.keys),
            "label": [label_of(scenario, k, lang) for k in sr.keys],
            "share": [100.0 * max(s, 0.0) for s in sr.st],
            "s1": [100.0 * max(s, 0.0) for s in sr.s1],
            "st_conf": [100.0 * c for c in sr.st_conf],
            "s1_conf": [100.0 * c for c in sr.s1_conf],
        }
    )
    frame["share_text"] = [
        f"{pct(s, lang, 1)} ± {number(c, lang, 1)}" for s, c in zip(frame["share"], frame["st_conf"], strict=True)
    ]
    frame["s1_text"] = [
        f"{pct(s, lang, 1)} ± {number(c, lang, 1)}" for s, c in zip(frame["s1"], frame["s1_conf"], strict=True)
    ]
    return frame


def ranking_chart(frame: pd.DataFrame, kind: str, lang: str = "en", top: int = RANKING_TOP) -> dict[str, Any]:
    """Horizontal bars of each input's share of the uncertainty (``kind``: ``"rank"`` or ``"sobol"``)."""
    f = frame.head(top)
    if kind == "rank":
        metric, legend_rows = frame.attrs.get("metric", Metric.ROI_PCT.value), int(f["direction"].nunique())
    else:
        metric, legend_rows = "", 0
    template = _ranking_template(kind, lang, metric, len(f), legend_rows)
    return vega.fill(template, {"bars": f, "labels": _first_rows(f)})


@vega.template
def _ranking_template(kind: str, lang: str, metric: str, n: int, legend_rows: int) -> alt.TopLevelMixin:
    tooltip = [
        alt.Tooltip("label:N", title=translate(lang, "sens.col_input")),
        alt.Tooltip("share_text:N", title=translate(lang, f"sens.col_share_{kind}")),
    ]
    if kind == "rank":
        domain = [translate(lang, k) for k in (f"sens.dir_up_{metric}", f"sens.dir_down_{metric}", "sens.dir_none")]
        color: alt.Color | Mapping[str, Any] = alt.Color(  # or alt.value(...), a {"value": ...} mapping
            "direction:N",
            title=None,
            scale=alt.Scale(domain=domain, range=[COLOR_BENEFIT, COLOR_COST, "#999999"]),
            legend=alt.Legend(columns=1, labelLimit=420),
        )
        tooltip.append(alt.Tooltip("direction:N", title=" "))
    else:
        color = alt.value(COLOR_NET)
        tooltip.append(alt.Tooltip("s1_text:N", title=translate(lang, "sens.col_s1")))
    bars = (
        alt.Chart(alt.NamedData("bars"))
        .mark_bar(size=BAR)
        .encode(
            y=_rows_y(),
            # About six ticks (0, 10, 20 ...), not one every 2 up to 64.
            x=alt.X(
                "share:Q", title=translate(lang, f"sens.axis_share_{kind}"), axis=alt.Axis(format=".0f", tickCount=6)
            ),
            color=color,
            tooltip=tooltip,
        )
    )
    layers: list[alt.Chart] = [bars]
    if kind == "sobol":
        ticks = (
            alt.Chart(alt.NamedData("bars"))
            .mark_tick(color=COLOR_MARK, thickness=3, size=BAR + 6)
            .encode(y=_rows_y(), x="s1:Q", tooltip=tooltip)
        )
        layers.append(ticks)
    layers.append(_row_labels())
    out = alt.layer(*layers).properties(
        title=translate(lang, f"sens.ranking_title_{kind}"),
        height=(h := _rows_height(n)),
        usermeta=_meta(h, legend_rows=legend_rows),
    )
    return _style(out)


# --- ROI against one input (pre-aggregated scatter) ----------------------------------------------------------


def scatter_frames(sb: ScatterBins, lang: str = "en", currency: str = "EUR") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Heat-map cells (non-empty only) and the P10/P50/P90 band of one input's scatter.

    Heat columns: ``i``, ``j`` (cell numbers along the input and the
    output) and ``share`` (% of draws in the cell); the grid (``x_lo``,
    ``x_step``, ``y_lo``, ``y_step``) is in ``heat.attrs`` and the chart
    computes the cell corners in the browser, which keeps a 900-cell map
    to about 25 KB. Band columns: ``x``, ``p10``, ``p50``, ``p90`` and ``*_text``.
    """
    if sb.n == 0:
        heat = pd.DataFrame({c: pd.Series(dtype=float) for c in ("i", "j", "share")})
        heat.attrs.update(x_lo=0.0, x_step=1.0, y_lo=0.0, y_step=1.0)
        band = pd.DataFrame({c: pd.Series(dtype=float) for c in ("x", "p10", "p50", "p90")})
        for c in ("x_text", "p10_text", "p50_text", "p90_text"):
            band[c] = pd.Series(dtype=object)
        return heat, band
    i, j = np.nonzero(sb.counts)
    heat = pd.DataFrame({"i": i, "j": j, "share": np.round(100.0 * sb.counts[i, j] / sb.n, 3)})
    cells_x, cells_y = sb.counts.shape
    heat.attrs.update(
        x_lo=float(sb.x_edges[0]),
        x_step=float(sb.x_edges[-1] - sb.x_edges[0]) / cells_x,
        y_lo=float(sb.y_edges[0]),
        y_step=float(sb.y_edges[-1] - sb.y_edges[0]) / cells_y,
    )
    band = pd.DataFrame({"x": sb.band_x, "p10": sb.band_p10, "p50": sb.band_p50, "p90": sb.band_p90})
    band["x_text"] = [value_text(sb.key, x, lang, currency, 1) for x in sb.band_x]
    for q in ("p10", "p50", "p90"):
        band[f"{q}_text"] = [output_text(y, sb.metric, lang, currency) for y in band[q]]
    return heat, band


def scatter_chart(
    heat: pd.DataFrame,
    band: pd.DataFrame,
    x_title: str,
    metric: str,
    lang: str = "en",
    currency: str = "EUR",
    height: int = 380,
) -> dict[str, Any]:
    """Where the simulated futures lie (shaded cells) and the P10/P50/P90 of the output along the input.

    The grid (``heat.attrs``) goes in as the one-row dataset ``grid``,
    joined to every cell in the browser: the spec stays the same when a
    slider moves, and Streamlit then swaps the data of the drawn chart
    instead of drawing it anew.
    """
    g = heat.attrs
    grid = {"grid": 0, **{k: float(g.get(k, d)) for k, d in _GRID_DEFAULTS.items()}}
    data = {"heat": heat, "band": band, "zero": _ZERO_Y, "grid": (grid,)}
    return vega.fill(_scatter_template(x_title, metric, lang, currency, height), data)


#: The scatter's grid: first cell's corner and cell size, along the input and the output (defaults of an empty map).
_GRID_DEFAULTS = {"x_lo": 0.0, "x_step": 1.0, "y_lo": 0.0, "y_step": 1.0}


@vega.template
def _scatter_template(x_title: str, metric: str, lang: str, currency: str, height: int) -> alt.TopLevelMixin:
    y_title = _axis_title(metric, lang, currency)
    cells = (
        alt.Chart(alt.NamedData("heat"))
        .transform_calculate(grid="0")
        .transform_lookup(
            lookup="grid", from_=alt.LookupData(data=alt.NamedData("grid"), key="grid", fields=list(_GRID_DEFAULTS))
        )
        .transform_calculate(
            x0="datum.x_lo + datum.i * datum.x_step",
            x1="datum.x_lo + (datum.i + 1) * datum.x_step",
            y0="datum.y_lo + datum.j * datum.y_step",
            y1="datum.y_lo + (datum.j + 1) * datum.y_step",
        )
        .mark_rect(aria=False)
        .encode(
            x=alt.X("x0:Q", title=_title_lines(x_title), scale=alt.Scale(zero=False, nice=False)),
            x2="x1:Q",
            y=alt.Y(
                "y0:Q",
                title=y_title,
                scale=alt.Scale(zero=False, nice=False),
                axis=_value_axis(metric, lang),
            ),
            y2="y1:Q",
            color=alt.Color(
                "share:Q",
                title=translate(lang, "sens.scatter_share"),
                scale=alt.Scale(scheme="greys", type="sqrt"),
                # Below the plot, not beside it: beside it, the legend took a third of a phone's width from the plot.
                legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=160),
            ),
            tooltip=[alt.Tooltip("share:Q", title=translate(lang, "sens.scatter_share"), format=".2f")],
        )
    )
    tooltip = [
        alt.Tooltip("x_text:N", title=x_title),
        alt.Tooltip("p10_text:N", title="P10"),
        alt.Tooltip("p50_text:N", title="P50"),
        alt.Tooltip("p90_text:N", title="P90"),
    ]
    # One layer for the median, one for P10 and P90 (plain mark properties: alt.condition is slow to build).
    median = (
        alt.Chart(alt.NamedData("band"))
        .mark_line(color=COLOR_COST, strokeWidth=3.5)
        .encode(x="x:Q", y="p50:Q", tooltip=tooltip)
    )
    outer = (
        alt.Chart(alt.NamedData("band"))
        .transform_fold(["p10", "p90"], as_=["q", "y"])
        .mark_line(color=COLOR_COST, strokeWidth=1.8, strokeDash=[6, 4])
        .encode(x="x:Q", y="y:Q", detail="q:N", tooltip=tooltip)
    )
    zero = alt.Chart(alt.NamedData("zero")).mark_rule(color=COLOR_NET, strokeWidth=1.5).encode(y="y:Q")
    out = alt.layer(cells, zero, outer, median).properties(
        title=translate(lang, "sens.scatter_title"), height=height, usermeta=_meta(height)
    )
    return _style(out).resolve_scale(color="independent")


# --- break-even and goal seek --------------------------------------------------------------------------------


def _reach_text(status: Reach, value: float, key: str, lo: float, hi: float, lang: str, currency: str) -> str:
    if status is Reach.REACHABLE:
        return value_text(key, value, lang, currency, 1)
    span = f"{value_text(key, lo, lang, currency)} … {value_text(key, hi, lang, currency)}"
    return translate(lang, "sens.always_above" if status is Reach.ALWAYS_ABOVE else "sens.not_reachable", span=span)


def break_even_frame(be: BreakEvenResult, scenario: Scenario, lang: str = "en", currency: str = "EUR") -> pd.DataFrame:
    """One row per input: ``label``, ``likely_text``, ``break_even_text``, ``target_text``, raw values, statuses."""
    rows = []
    for i, k in enumerate(be.keys):
        lo, hi = be.search_low[i], be.search_high[i]
        rows.append(
            {
                "key": k,
                "label": label_of(scenario, k, lang),
                "likely": be.likely[i],
                "break_even": be.break_even[i],
                "break_even_status": be.break_even_status[i].value,
                "target_value": be.target_value[i],
                "target_status": be.target_status[i].value,
                "likely_text": value_text(k, be.likely[i], lang, currency),
                "break_even_text": _reach_text(be.break_even_status[i], be.break_even[i], k, lo, hi, lang, currency),
                "target_text": _reach_text(be.target_status[i], be.target_value[i], k, lo, hi, lang, currency),
            }
        )
    return pd.DataFrame(rows)


# --- value of information ------------------------------------------------------------------------------------


def voi_frame(ev: EvppiResult, scenario: Scenario, lang: str = "en", currency: str = "EUR") -> pd.DataFrame:
    """EVPPI per input, largest first: ``label``, ``evppi`` (money), ``share`` (% of EVPI) and texts."""
    frame = pd.DataFrame(
        {
            "order": np.arange(len(ev.keys)),
            "key": list(ev.keys),
            "label": [label_of(scenario, k, lang) for k in ev.keys],
            "evppi": list(ev.evppi),
            "share": [100.0 * s for s in ev.share_of_evpi],
        }
    )
    frame["evppi_text"] = [money(v, lang, currency) or "–" for v in ev.evppi]
    frame["share_text"] = [pct(s, lang) or "–" for s in frame["share"]]
    return frame


def voi_chart(
    frame: pd.DataFrame, evpi: float, lang: str = "en", currency: str = "EUR", top: int = VOI_TOP
) -> dict[str, Any]:
    """Bars: what knowing each input before deciding is worth, with the EVPI (knowing everything) as a line."""
    # Inputs worth less than 0.5 % of the EVPI would be invisible slivers: the table lists them.
    f = frame[frame["evppi"] > 0.005 * max(evpi, 0.0)].head(top)
    label = translate(lang, "sens.evpi_label", value=money(evpi, lang, currency) or "–")
    data = {"bars": f, "evpi": _row(x=evpi, label=label), "labels": _first_rows(f)}
    return vega.fill(_voi_template(lang, currency, len(f)), data)


@vega.template
def _voi_template(lang: str, currency: str, n: int) -> alt.TopLevelMixin:
    sym = currency_symbol(currency, lang)
    bars = (
        alt.Chart(alt.NamedData("bars"))
        .mark_bar(color=COLOR_BENEFIT, size=BAR)
        .encode(
            y=_rows_y(),
            x=alt.X(
                "evppi:Q",
                title=translate(lang, "sens.axis_voi", currency=sym),
                axis=alt.Axis(format=",.0f", tickCount=6),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=translate(lang, "sens.col_input")),
                alt.Tooltip("evppi_text:N", title=translate(lang, "sens.col_evppi")),
                alt.Tooltip("share_text:N", title=translate(lang, "sens.col_share_evpi")),
            ],
        )
    )
    rule = (
        alt.Chart(alt.NamedData("evpi"))
        .mark_rule(color=COLOR_MARK, strokeDash=[5, 4], strokeWidth=2)
        .encode(x="x:Q", tooltip=[alt.Tooltip("label:N", title=" ")])
    )
    # The line's label ("Knowing everything: €13,127"), just above the plot and ending at the line: inside the plot
    # it ran over the first input's name, which is written above its bar at the same height.
    rule_label = (
        alt.Chart(alt.NamedData("evpi"))
        .mark_text(align="right", baseline="bottom", dx=4, y=-4, fontWeight="bold", color=COLOR_MARK)
        .encode(x="x:Q", text="label:N")
    )
    h = _rows_height(n)
    out = alt.layer(bars, rule, rule_label, _row_labels()).properties(
        title=translate(lang, "sens.voi_title"), height=h, usermeta=_meta(h)
    )
    return _style(out)


def voi_negligible(evpi: float, scale: float) -> bool:
    """True when perfect information is worth next to nothing: below €1 or 0.1 % of ``scale`` (the costs).

    >>> voi_negligible(0.0, 100_000), voi_negligible(50.0, 100_000), voi_negligible(500.0, 100_000)
    (True, True, False)
    """
    s = abs(scale) if math.isfinite(scale) else 0.0
    return not evpi > max(1.0, 0.001 * s)


def _lower_first(label: str) -> str:
    # "Turnover reduction" -> "turnover reduction", but keep acronyms ("NPS increase").
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def voi_sentence(
    ev: EvppiResult, scenario: Scenario, expected_npv: float, scale: float, lang: str = "en", currency: str = "EUR"
) -> str:
    """The plain sentence of the value-of-information section, as Markdown (outside text and `$` escaped).

    ``expected_npv`` is the mean NPV of the draws (it sets today's decision);
    ``scale`` the cost of the programme (what counts as negligible).
    """
    decision = translate(lang, "sens.decision_go" if expected_npv > 0 else "sens.decision_stop")
    if voi_negligible(ev.evpi, scale):
        return translate(lang, "sens.voi_clear", decision=decision)
    top_key = ev.keys[0] if ev.keys and ev.evppi[0] > 0 else None
    evpi_text = money(ev.evpi, lang, currency) or "–"
    if top_key is None:
        return translate(lang, "sens.voi_only_total", evpi=md_escape(evpi_text), decision=decision)
    label = _lower_first(label_of(scenario, top_key, lang))  # a custom line's name is outside text
    return translate(
        lang,
        "sens.voi_sentence",
        input=md(label) if scenario.input(top_key).is_custom else md_escape(label),
        value=md_escape(money(ev.evppi[0], lang, currency) or "–"),
        evpi=md_escape(evpi_text),
        decision=decision,
    )
