"""Charts of the Compare page: several scenarios' ROI distributions overlaid as exceedance curves.

Kept apart from :mod:`ui.common.charts` only until the two are merged; same palette
and style. The curves come from the pre-binned histograms of the Monte Carlo
summaries (60 bins each), never from raw draws: a handful of scenarios make a
few hundred rows, a few kilobytes.

Why exceedance ("probability that ROI exceeds x") instead of overlaid
histograms: curves of different scenarios do not hide each other, and the
question in the room is exactly "how likely do we get at least x?". Read at
x = 0 it is the chance that the programme pays for itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from roi_core import MonteCarloSummary
from ui.common import vega
from ui.common.charts import FONT_SIZE, OKABE_ITO
from ui.common.format import pct
from ui.common.i18n import translate

__all__ = ["exceedance_frame", "exceedance_at", "exceedance_table", "exceedance_chart", "DASHES", "THRESHOLDS"]

#: One dash pattern per scenario on top of the colour: readable in greyscale print too.
DASHES: tuple[tuple[int, ...], ...] = ((1, 0), (8, 4), (2, 3), (10, 3, 2, 3))


def exceedance_frame(named: Sequence[tuple[str, MonteCarloSummary]], lang: str = "en") -> pd.DataFrame:
    """Per scenario and inner histogram edge x: the share of all draws with ROI above x.

    Only inner edges are used: the histogram folds the outer 0.5 % tails into
    its end bins, so ``P(ROI > x)`` is exact at every inner edge but not at
    the outer two. Draws with undefined ROI (zero cost) count as not above any
    x, as in ``prob_roi_positive``. Columns: ``scenario``, ``order``, ``roi``
    (per cent), ``prob`` (0..1), ``roi_text``, ``prob_text``.
    """
    frames = []
    for order, (name, mc) in enumerate(named):
        edges = np.asarray(mc.roi_histogram.edges, dtype=float)
        counts = np.asarray(mc.roi_histogram.counts, dtype=np.int64)
        total = max(int(mc.draws), 1)
        above = counts[::-1].cumsum()[::-1] / total  # above[k] = share in bins k.. = P(ROI > edges[k]) for k >= 1
        inner = slice(1, len(edges) - 1)
        roi = edges[inner]
        prob = above[1:]
        frames.append(
            pd.DataFrame(
                {
                    "scenario": name,
                    "order": order,
                    "roi": roi,
                    "prob": prob,
                    "roi_text": [pct(v, lang) or "–" for v in roi],
                    "prob_text": [pct(p * 100, lang) or "–" for p in prob],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["scenario", "order", "roi", "prob", "roi_text", "prob_text"])
    return pd.concat(frames, ignore_index=True)


#: ROI levels (per cent) of the table under the chart.
THRESHOLDS: tuple[float, ...] = (-50.0, -25.0, 0.0, 25.0, 50.0, 100.0, 150.0, 200.0)


def exceedance_at(mc: MonteCarloSummary, xs: Sequence[float]) -> np.ndarray:
    """``P(ROI > x)`` for each ``x`` (0..1), read off the binned curve by linear interpolation.

    Exact at inner bin edges; between edges within half a bin's share. Beyond
    the outer edges (the 0.5 % tails) the curve runs to the share of defined
    draws on the left and to 0 on the right.
    """
    edges = np.asarray(mc.roi_histogram.edges, dtype=float)
    counts = np.asarray(mc.roi_histogram.counts, dtype=np.int64)
    above = np.append(counts[::-1].cumsum()[::-1], 0) / max(int(mc.draws), 1)  # (bins + 1,), P(ROI > edges[k])
    return np.interp(np.asarray(xs, dtype=float), edges, above)


def exceedance_table(named: Sequence[tuple[str, MonteCarloSummary]], xs: Sequence[float] = THRESHOLDS) -> pd.DataFrame:
    """Rows: ROI levels ``xs``; columns: scenarios; cells: ``P(ROI > x)`` in per cent."""
    return pd.DataFrame({name: exceedance_at(mc, xs) * 100.0 for name, mc in named}, index=list(xs))


def exceedance_chart(frame: pd.DataFrame, lang: str = "en", height: int = 380) -> dict[str, Any]:
    """Overlaid exceedance curves, one colour and dash per scenario, with the break-even line at 0 % (Vega-Lite).

    The structure is a cached template per language and list of names (:mod:`ui.common.vega`); only the curves are new.
    """
    names = tuple(dict.fromkeys(frame["scenario"]))
    zero = ({"roi": 0.0, "label": translate(lang, "compare.chart.break_even")},)
    return vega.fill(_template(lang, names, height), {"curves": frame, "zero": zero})


@vega.template
def _template(lang: str, names: tuple[str, ...], height: int) -> alt.TopLevelMixin:
    colours = list(OKABE_ITO[: len(names)])
    dashes = [list(DASHES[i % len(DASHES)]) for i in range(len(names))]
    x_title = translate(lang, "compare.chart.x")
    y_title = translate(lang, "compare.chart.y")
    legend = translate(lang, "compare.chart.legend")
    domain = list(names)
    lines = (
        alt.Chart(alt.NamedData("curves"))
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("roi:Q", title=x_title, axis=alt.Axis(format=",.0f")),
            y=alt.Y("prob:Q", title=y_title, axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("scenario:N", title=legend, sort=domain, scale=alt.Scale(domain=domain, range=colours)),
            # Same field and title as the colour: Vega-Lite merges both into one legend (colour + dash).
            strokeDash=alt.StrokeDash(
                "scenario:N", title=legend, sort=domain, scale=alt.Scale(domain=domain, range=dashes)
            ),
            tooltip=[
                alt.Tooltip("scenario:N", title=legend),
                alt.Tooltip("roi_text:N", title=translate(lang, "compare.chart.tip_roi")),
                alt.Tooltip("prob_text:N", title=translate(lang, "compare.chart.tip_prob")),
            ],
        )
    )
    zero = alt.Chart(alt.NamedData("zero"))
    rule = zero.mark_rule(color="#D55E00", strokeWidth=2).encode(x="roi:Q", tooltip=["label:N"])
    text = zero.mark_text(align="left", dx=4, baseline="top", fontSize=FONT_SIZE - 1, color="#D55E00").encode(
        x="roi:Q", y=alt.value(2), text="label:N"
    )
    chart = alt.layer(lines, rule, text).properties(title=translate(lang, "compare.chart.title"), height=height)
    return (
        chart.configure_axis(labelFontSize=FONT_SIZE - 1, titleFontSize=FONT_SIZE)
        .configure_title(fontSize=FONT_SIZE + 3, anchor="start")
        .configure_legend(labelFontSize=FONT_SIZE - 1, titleFontSize=FONT_SIZE, orient="bottom", labelLimit=320)
    )
