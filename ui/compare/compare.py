"""The parts of the Compare page: the saved scenarios (save, rename, open, remove) and the side-by-side comparison.

Saved scenarios live in ``st.session_state["_compare"]`` (this session only,
never a module global): a list of ``[uid, name, Scenario]`` entries, at most
:data:`MAX_SAVED`. Numbers come from the cached results, charts from the
pre-binned histograms (:mod:`ui.compare.compare_charts`), the differences between
the saved scenarios from :mod:`ui.compare.compare_diff`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from roi_core import Scenario
from ui.common import widget_state
from ui.common.compute import results
from ui.common.format import metric_label, metric_text, pct
from ui.common.i18n import plural, t
from ui.common.layout import chart, data_table
from ui.compare.compare_charts import exceedance_chart, exceedance_frame, exceedance_table
from ui.compare.compare_diff import differences

__all__ = ["MAX_SAVED", "SAVED_KEY", "MODES_KEY", "ROWS", "saved", "save_box", "saved_list", "side_by_side"]

MAX_SAVED = 4
SAVED_KEY = "_compare"
#: The mode (simple or ranges) each saved scenario was made in, by uid (a scenario does not hold it).
MODES_KEY = "_compare_modes"

#: The rows of the comparison: output metrics of the registry (roi_core.metrics), shown by its one formatter per unit.
ROWS = (
    "roi_likely",
    "roi_phillips",
    "roi_mean",
    "roi_p5",
    "roi_p50",
    "roi_p95",
    "prob_roi_positive",
    "npv_likely",
    "payback_likely",
)


def saved() -> list[list]:
    """This session's saved scenarios, ``[uid, name, Scenario]`` each (an empty list to start with)."""
    return st.session_state.setdefault(SAVED_KEY, [])


def _unique(name: str, skip_uid: int | None = None) -> str:
    """``name`` made unique among the saved names (the table needs one column per name)."""
    name = (name or "").strip()[:60] or t("compare.unnamed")
    taken = {e[1] for e in st.session_state[SAVED_KEY] if e[0] != skip_uid}
    out, i = name, 2
    while out in taken:
        out, i = f"{name} ({i})", i + 1
    return out


def _save() -> None:
    ss = st.session_state
    entries = ss[SAVED_KEY]
    if len(entries) >= MAX_SAVED:
        return
    uid = max((e[0] for e in entries), default=0) + 1
    entries.append([uid, _unique(ss.get("compare_new_name", "")), widget_state.current_scenario()])
    ss.setdefault(MODES_KEY, {})[uid] = ss.get("mode", "simple")
    ss["compare_new_name"] = ""


def _rename(uid: int) -> None:
    ss = st.session_state
    for e in ss[SAVED_KEY]:
        if e[0] == uid:
            e[1] = _unique(ss.get(f"compare_name_{uid}", ""), skip_uid=uid)
            ss[f"compare_name_{uid}"] = e[1]


def _remove(uid: int) -> None:
    ss = st.session_state
    ss[SAVED_KEY] = [e for e in ss[SAVED_KEY] if e[0] != uid]
    ss.pop(f"compare_name_{uid}", None)


def _open(uid: int) -> None:
    for e in st.session_state[SAVED_KEY]:
        if e[0] == uid:
            widget_state.request_load(e[2])
            st.rerun()  # the sidebar applies the request: a full app run, not only this fragment


def save_box(entries: list[list]) -> None:
    """Save the current scenario under a name (until :data:`MAX_SAVED` are saved)."""
    if "compare_new_name" not in st.session_state:
        st.session_state["compare_new_name"] = ""
    full = len(entries) >= MAX_SAVED
    with st.container(border=True):
        cols = st.columns([3, 1], vertical_alignment="bottom")
        cols[0].text_input(
            t("compare.name"),
            key="compare_new_name",
            max_chars=60,
            placeholder=t("compare.name_placeholder", n=len(entries) + 1),
            disabled=full,
        )
        cols[1].button(
            t("compare.save"),
            key="compare_save",
            on_click=_save,
            disabled=full,
            icon=":material/bookmark_add:",
            type="primary",
            width="stretch",
        )
        if full:
            st.caption(t("compare.full", n=MAX_SAVED))


def saved_list(entries: list[list]) -> None:
    """One row per saved scenario: its name to rename it, open (into the sidebar) and remove."""
    for uid, name, _scn in entries:
        key = f"compare_name_{uid}"
        if key not in st.session_state:
            st.session_state[key] = name
        cols = st.columns([4, 1, 1], vertical_alignment="bottom")
        cols[0].text_input(t("compare.rename"), key=key, max_chars=60, on_change=_rename, args=(uid,))
        cols[1].button(
            t("compare.open"),
            key=f"compare_open_{uid}",
            on_click=_open,
            args=(uid,),
            icon=":material/upload:",
            help=t("compare.open_help"),
            width="stretch",
        )
        cols[2].button(
            t("compare.remove"),
            key=f"compare_remove_{uid}",
            on_click=_remove,
            args=(uid,),
            icon=":material/delete:",
            width="stretch",
        )


def side_by_side(entries: list[list], lang: str, cur: str) -> None:
    """The comparison: metrics table, the differences in assumptions, and the chance of exceeding each ROI."""
    names = [e[1] for e in entries]
    scenarios: list[Scenario] = [e[2] for e in entries]
    res = [results(s) for s in scenarios]
    rows = {metric_label(key, lang): [metric_text(key, r.metrics, lang, cur) for r in res] for key in ROWS}
    rows[t("compare.metric.horizon")] = [plural(lang, "plural.years", s.horizon_years) for s in scenarios]
    table = pd.DataFrame(rows, index=names).T
    table.index.name = t("compare.metric.header")
    st.subheader(t("compare.table_title"))
    st.dataframe(table, width="stretch")
    st.caption(t("compare.table_caption"))

    st.subheader(t("workshop.diff_title"))
    modes = st.session_state.get(MODES_KEY, {})
    diff = differences([(e[1], e[2], modes.get(e[0])) for e in entries], lang, cur)
    if diff.empty:
        st.caption(t("workshop.diff_none"))
    else:
        st.dataframe(diff, width="stretch")
        st.caption(t("workshop.diff_caption"))

    frame = exceedance_frame([(n, r.monte_carlo) for n, r in zip(names, res, strict=True)], lang)
    st.subheader(t("compare.chart_title"))
    chart(exceedance_chart(frame, lang))
    st.caption(t("compare.chart_caption"))
    if (box := data_table("compare_exceedance")) is not None:
        with box:
            data = exceedance_table([(n, r.monte_carlo) for n, r in zip(names, res, strict=True)])
            data.index = [t("compare.exceeds", x=pct(v, lang)) for v in data.index]
            st.dataframe(data.map(lambda v: pct(v, lang)), width="stretch")
            st.caption(t("compare.table_note"))
