"""Pieces of page layout shared by the pages."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.common import vega
from ui.common.format import md_escape
from ui.common.i18n import current_lang, t

__all__ = ["TABLES", "chart", "data_table"]

#: Every "show the numbers as a table" expander of the app, by key (page_chart).
TABLES: tuple[str, ...] = (
    "overview_histogram",
    "overview_waterfall",
    "over_time_cumulative",
    "over_time_yearly",
    "compare_exceedance",
    "sens_tornado",
    "sens_spider",
    "sens_ranking",
    "sens_scatter",
    "sens_voi",
)


def data_table(name: str) -> Any | None:
    """The "show the numbers as a table" expander under a chart; ``None`` while it is closed.

    Only an open expander gets its table: a closed one costs the run nothing
    (no Arrow conversion, no table for the browser to lay out). On the
    Sensitivity page, with five of them, that took 130-280 ms off a slider
    move. Opening one reruns the page (or the fragment it is in), which then
    draws the table; it stays open on later runs of that page.

    >>> "sens_voi" in TABLES
    True
    """
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}")
    box = st.expander(t("common.data_table"), key=f"tbl_{name}", on_change="rerun")
    return box if box.open else None


def chart(spec: dict[str, Any], height: int | None = None) -> None:
    """Draw a filled Vega-Lite spec (:func:`ui.common.vega.fill`) across the page's width, its datasets sent as Arrow.

    Every chart of the app goes through here: :func:`ui.common.vega.arrow_datasets`
    spares Streamlit the pandas detour when it converts the data, and
    :func:`ui.common.vega.localized` makes Vega write numbers in the page language.
    The chart's title is drawn above it as page text, not by Vega: Vega cuts a
    title that is wider than the chart short ("Cumulative net cash flow, with
    the 80 % …" on a phone), while page text wraps.
    """
    title = spec.get("title")
    if title:
        text = title.get("text", "") if isinstance(title, dict) else title
        st.markdown(f"**{md_escape(' '.join(text) if isinstance(text, list) else str(text))}**")
        spec = {k: v for k, v in spec.items() if k != "title"}
    st.vega_lite_chart(
        vega.arrow_datasets(vega.localized(spec, current_lang())),
        width="stretch",
        height="content" if height is None else height,  # "content": Streamlit's default height
    )
