"""Compare: save the current scenario under a name, then compare two to four side by side.

Saved scenarios live in ``st.session_state["_compare"]`` (this session only,
never a module global): a list of ``[uid, name, Scenario]`` entries, at most
:data:`MAX_SAVED`. Numbers come from the cached results, charts from the
pre-binned histograms.

The page body is one ``st.fragment``: saving, renaming and removing change
only this page, so they rerun it alone, not the app (sidebar, simulation).
"Open" loads a saved scenario into the sidebar and so reruns the whole app.
"""

import pandas as pd
import streamlit as st

from roi_core import Scenario
from ui import state
from ui.compare_charts import exceedance_chart, exceedance_frame, exceedance_table
from ui.compare_diff import differences
from ui.compute import results
from ui.format import metric_label, metric_text, pct
from ui.i18n import current_lang, plural, t
from ui.layout import chart, data_table

MAX_SAVED = 4
SAVED_KEY = "_compare"
#: The mode (simple or ranges) each saved scenario was made in, by uid (a scenario does not hold it).
MODES_KEY = "_compare_modes"

ss = st.session_state
lang = current_lang()
cur = ss.get("cur", "EUR")
ss.setdefault(SAVED_KEY, [])
current = state.current_scenario()


def _unique(name: str, skip_uid: int | None = None) -> str:
    """``name`` made unique among the saved names (the table needs one column per name)."""
    name = (name or "").strip()[:60] or t("compare.unnamed")
    taken = {e[1] for e in ss[SAVED_KEY] if e[0] != skip_uid}
    out, i = name, 2
    while out in taken:
        out, i = f"{name} ({i})", i + 1
    return out


def _save() -> None:
    entries = ss[SAVED_KEY]
    if len(entries) >= MAX_SAVED:
        return
    uid = max((e[0] for e in entries), default=0) + 1
    entries.append([uid, _unique(ss.get("compare_new_name", "")), state.current_scenario()])
    ss.setdefault(MODES_KEY, {})[uid] = ss.get("mode", "simple")
    ss["compare_new_name"] = ""


def _rename(uid: int) -> None:
    for e in ss[SAVED_KEY]:
        if e[0] == uid:
            e[1] = _unique(ss.get(f"compare_name_{uid}", ""), skip_uid=uid)
            ss[f"compare_name_{uid}"] = e[1]


def _remove(uid: int) -> None:
    ss[SAVED_KEY] = [e for e in ss[SAVED_KEY] if e[0] != uid]
    ss.pop(f"compare_name_{uid}", None)


def _open(uid: int) -> None:
    for e in ss[SAVED_KEY]:
        if e[0] == uid:
            state.request_load(e[2])
            st.rerun()  # the sidebar applies the request: a full app run, not only this fragment


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


st.title(t("compare.title"))
st.caption(t("compare.intro", n=MAX_SAVED))


@st.fragment(key="compare_body")
def _body() -> None:
    """Save, rename, remove, and the comparison (reruns alone when its controls change)."""
    # --- save the current scenario -------------------------------------------------------------------------
    if "compare_new_name" not in ss:
        ss["compare_new_name"] = ""
    saved: list[list] = ss[SAVED_KEY]
    full = len(saved) >= MAX_SAVED
    with st.container(border=True):
        cols = st.columns([3, 1], vertical_alignment="bottom")
        cols[0].text_input(
            t("compare.name"),
            key="compare_new_name",
            max_chars=60,
            placeholder=t("compare.name_placeholder", n=len(saved) + 1),
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

    # --- the saved scenarios: rename, open, remove -----------------------------------------------------------
    for uid, name, _scn in saved:
        key = f"compare_name_{uid}"
        if key not in ss:
            ss[key] = name
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

    if len(saved) < 2:
        st.info(t("compare.need_two", missing=2 - len(saved)), icon=":material/info:")
        return

    # --- side by side ----------------------------------------------------------------------------------------
    names = [e[1] for e in saved]
    scenarios: list[Scenario] = [e[2] for e in saved]
    res = [results(s) for s in scenarios]
    rows = {metric_label(key, lang): [metric_text(key, r.metrics, lang, cur) for r in res] for key in ROWS}
    rows[t("compare.metric.horizon")] = [plural(lang, "plural.years", s.horizon_years) for s in scenarios]
    table = pd.DataFrame(rows, index=names).T
    table.index.name = t("compare.metric.header")
    st.subheader(t("compare.table_title"))
    st.dataframe(table, width="stretch")
    st.caption(t("compare.table_caption"))

    st.subheader(t("workshop.diff_title"))
    modes = ss.get(MODES_KEY, {})
    diff = differences([(e[1], e[2], modes.get(e[0])) for e in saved], lang, cur)
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


_body()
