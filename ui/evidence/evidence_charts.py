"""Charts of the "Measured effects" page: distributions per group, before/after lines, estimates with intervals.

Small frames only (the distribution is binned in numpy: at most 2 x 25 rows
whatever the file's size), readable on a 390 px phone: one column of charts,
legends below, few axis labels, Dutch number notation on Dutch pages.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd
from altair.typing import ChartType

from roi_core.evidence import EffectEstimate
from ui.common.charts import OKABE_ITO, font_size
from ui.common.i18n import translate

__all__ = ["distribution_frame", "distribution_chart", "lines_frame", "lines_chart", "estimate_frame", "estimate_chart"]

BINS = 25
_COLORS = {"trained": OKABE_ITO[0], "control": OKABE_ITO[1], "all": OKABE_ITO[0]}
_NL_NUMBERS = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}}


def _style(chart: ChartType, lang: str, height: int = 200) -> ChartType:
    fs = font_size()
    chart = (
        chart.properties(height=height, width="container")
        .configure_axis(labelFontSize=fs - 1, titleFontSize=fs)
        .configure_title(fontSize=fs + 2, anchor="start")
        .configure_legend(orient="bottom", labelFontSize=fs - 1)
    )
    # Width fits the phone or desktop column; the height stays the plot height (a "fit" height shrank the plot to a
    # sliver under its title and legend).
    chart.autosize = alt.AutoSizeParams(type="fit-x", contains="padding")
    if lang == "nl":
        chart.config.locale = _NL_NUMBERS
    return chart


def _group_name(group: str, lang: str) -> str:
    return translate(lang, f"evidence.group.{group}")


def distribution_frame(frame: pd.DataFrame, e: EffectEstimate, lang: str) -> pd.DataFrame:
    """Counts per bin and group of the analysed outcome (the change, or ``after`` without a before)."""
    has_before = bool(frame["before"].notna().any())
    y = (frame["after"] - frame["before"] if has_before else frame["after"]).to_numpy(dtype=float)
    groups = frame["group"].replace("", "all").to_numpy(dtype=str)
    edges = np.histogram_bin_edges(y[np.isfinite(y)], bins=BINS)
    rows = []
    for g in dict.fromkeys(groups):
        counts, _ = np.histogram(y[groups == g], bins=edges)
        for lo, hi, c in zip(edges[:-1], edges[1:], counts, strict=True):
            rows.append({"group": _group_name(g, lang), "key": g, "lo": float(lo), "hi": float(hi), "n": int(c)})
    return pd.DataFrame(rows)


def distribution_chart(frame: pd.DataFrame, e: EffectEstimate, lang: str) -> ChartType:
    data = distribution_frame(frame, e, lang)
    has_before = bool(frame["before"].notna().any())
    x_title = translate(lang, "evidence.chart.change" if has_before else "evidence.chart.after")
    names = list(dict.fromkeys(data["group"]))
    colors = [_COLORS[k] for k in dict.fromkeys(data["key"])]
    chart = (
        alt.Chart(data, title=translate(lang, "evidence.chart.dist_title"))
        .mark_bar(opacity=0.6, binSpacing=0)
        .encode(
            x=alt.X("lo:Q", title=x_title, axis=alt.Axis(tickCount=5)),
            x2="hi:Q",
            y=alt.Y("n:Q", stack=None, title=translate(lang, "evidence.chart.people"), axis=alt.Axis(tickCount=4)),
            y2=alt.datum(0),
            color=alt.Color("group:N", title=None, scale=alt.Scale(domain=names, range=colors)),
            tooltip=[
                alt.Tooltip("group:N", title=None),
                alt.Tooltip("n:Q", title=translate(lang, "evidence.chart.people")),
            ],
        )
    )
    return _style(chart, lang)


def lines_frame(e: EffectEstimate, lang: str) -> pd.DataFrame:
    """Each group's mean before and after (two rows per group)."""
    rows = []
    for g in e.groups:
        for moment, value in (("before_label", g.mean_before), ("after_label", g.mean_after)):
            rows.append(
                {
                    "group": _group_name(g.group, lang),
                    "key": g.group,
                    "moment": translate(lang, f"evidence.chart.{moment}"),
                    "order": 0 if moment == "before_label" else 1,
                    "mean": value,
                }
            )
    return pd.DataFrame(rows)


def lines_chart(e: EffectEstimate, lang: str) -> ChartType:
    data = lines_frame(e, lang)
    names = list(dict.fromkeys(data["group"]))
    colors = [_COLORS[k] for k in dict.fromkeys(data["key"])]
    order = [translate(lang, "evidence.chart.before_label"), translate(lang, "evidence.chart.after_label")]
    chart = (
        alt.Chart(data, title=translate(lang, "evidence.chart.lines_title"))
        .mark_line(point=alt.OverlayMarkDef(size=70), strokeWidth=3)
        .encode(
            x=alt.X("moment:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("mean:Q", scale=alt.Scale(zero=False), title=None, axis=alt.Axis(tickCount=4)),
            color=alt.Color("group:N", title=None, scale=alt.Scale(domain=names, range=colors)),
            detail="group:N",
            tooltip=[alt.Tooltip("group:N", title=None), alt.Tooltip("mean:Q", format=",.2f", title=None)],
        )
    )  # fmt: skip
    return _style(chart, lang)


def estimate_frame(items: Sequence[tuple[str, EffectEstimate]]) -> pd.DataFrame:
    """One row per estimate: label, effect and its 95 % interval."""
    return pd.DataFrame(
        [{"label": label, "effect": e.effect, "low": e.ci_low, "high": e.ci_high} for label, e in items]
    )


def estimate_chart(items: Sequence[tuple[str, EffectEstimate]], lang: str) -> ChartType:
    data = estimate_frame(items)
    labels = list(data["label"])
    y = alt.Y("label:N", sort=labels, title=None)
    x_title = translate(lang, "evidence.chart.estimate")
    base = alt.Chart(data)
    bars = base.mark_rule(strokeWidth=4, color=OKABE_ITO[0]).encode(
        x=alt.X("low:Q", title=x_title, axis=alt.Axis(tickCount=5)), x2="high:Q", y=y
    )
    points = base.mark_point(filled=True, size=120, color=OKABE_ITO[5]).encode(
        x="effect:Q",
        y=y,
        tooltip=[
            alt.Tooltip("label:N", title=None),
            alt.Tooltip("effect:Q", format=",.2f", title=x_title),
            alt.Tooltip("low:Q", format=",.2f", title=translate(lang, "evidence.col.low")),
            alt.Tooltip("high:Q", format=",.2f", title=translate(lang, "evidence.col.high")),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#000000", strokeDash=[4, 3]).encode(x="x:Q")
    chart = alt.layer(zero, bars, points, title=translate(lang, "evidence.chart.estimate_title"))
    return _style(chart, lang, height=max(90, 46 * len(labels)))
