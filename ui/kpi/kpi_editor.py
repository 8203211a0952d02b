"""The widgets of the KPI plan page: the drafts, one block per KPI, adding one, the ROI of the targets and undo.

Each KPI is a small block of widgets (keys ``kpi_{id}_{field}``) seeded from
the draft rows in ``st.session_state["_kpi_rows"]`` (see :mod:`ui.kpi.kpi_plan`,
which reads and writes the plan); numbers are typed as text and read in the
page's language, so ``1.234,5`` on a Dutch page is never misread. "Calculate
the ROI of these targets" hands the targets scenario to the sidebar
(``widget_state.request_load``) and keeps the previous scenario for "Undo".
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from roi_core import DRIVER_LABELS, Scenario
from roi_core.kpi import FEEDS, KPI_UNITS, KpiPlan, Outcome, plan_to_scenario
from ui.common import widget_state
from ui.common.choice import index_of
from ui.common.compute import results
from ui.common.format import pct
from ui.common.i18n import t
from ui.kpi import kpi_plan as kp

__all__ = ["draft_rows", "kpi_blocks", "add_box", "targets_roi", "undo_box"]


def _key(row_id: int, name: str) -> str:
    return f"kpi_{row_id}_{name}"


def _seed(rows: list[dict]) -> None:
    for r in rows:
        for f in kp.ROW_FIELDS:
            st.session_state[_key(r["id"], f)] = r[f]


def draft_rows(lang: str) -> list[dict]:
    """The draft rows: rebuilt when a plan was loaded (link, file, record); re-typed when the language changes."""
    ss = st.session_state
    if ss.pop("_kpi_reload", False) or "_kpi_rows" not in ss:
        ss["_kpi_rows"] = [kp.row_from_kpi(k, lang, i) for i, k in enumerate(kp.current_plan().kpis)]
        ss["_kpi_next"] = len(ss["_kpi_rows"])
        _seed(ss["_kpi_rows"])
    elif ss.get("_kpi_lang", lang) != lang:
        ss["_kpi_rows"] = kp.retype(ss["_kpi_rows"], ss["_kpi_lang"], lang)
        _seed(ss["_kpi_rows"])
    ss["_kpi_lang"] = lang
    return ss["_kpi_rows"]


def _on_outcome(row_id: int) -> None:
    """A new kind of result: its usual unit and model input (the user may change both)."""
    ss = st.session_state
    fresh = kp.new_row(ss[_key(row_id, "outcome")])
    for f in ("unit", "input"):
        ss[_key(row_id, f)] = fresh[f]


def _add() -> None:
    ss = st.session_state
    row = kp.new_row(ss.get("kpi_new_outcome", Outcome.PRODUCTIVITY.value), ss.get("_kpi_next", len(ss["_kpi_rows"])))
    ss["_kpi_next"] = row["id"] + 1
    ss["_kpi_rows"].append(row)
    _seed([row])


def _remove(row_id: int) -> None:
    st.session_state["_kpi_rows"] = [r for r in st.session_state["_kpi_rows"] if r["id"] != row_id]


def kpi_blocks(rows: list[dict], lang: str) -> None:
    """One bordered block of widgets per KPI; each draft row takes its widgets' values."""
    ss = st.session_state
    for n, r in enumerate(rows, start=1):
        rid = r["id"]
        for f in kp.ROW_FIELDS:  # widgets not drawn in the last run (other page) lost their value: the draft has it
            if _key(rid, f) not in ss:
                ss[_key(rid, f)] = r[f]
        with st.container(border=True, key=f"kpi_box_{rid}"):
            st.markdown(f"**{t('kpi.kpi_n', n=n)}**")
            st.text_input(
                t("kpi.col.name"), key=_key(rid, "name"), max_chars=200, placeholder=t("kpi.name_placeholder")
            )
            c1, c2 = st.columns(2)
            c1.selectbox(
                t("kpi.col.outcome"),
                [o.value for o in Outcome],
                index=index_of([o.value for o in Outcome], _key(rid, "outcome")),
                key=_key(rid, "outcome"),
                format_func=lambda o: kp.outcome_label(o, lang),
                on_change=_on_outcome,
                args=(rid,),
            )
            c2.selectbox(
                t("kpi.col.unit"),
                KPI_UNITS,
                index=index_of(KPI_UNITS, _key(rid, "unit")),
                key=_key(rid, "unit"),
                format_func=lambda u: kp.unit_label(u, lang),
            )
            c3, c4 = st.columns(2)
            c3.text_input(t("kpi.col.baseline"), key=_key(rid, "baseline"), help=t("kpi.number_help"))
            c4.text_input(t("kpi.col.target"), key=_key(rid, "target"), help=t("kpi.number_help"))
            st.selectbox(
                t("kpi.col.input"),
                [kp.TRACKED, *FEEDS],
                index=index_of([kp.TRACKED, *FEEDS], _key(rid, "input")),
                key=_key(rid, "input"),
                format_func=lambda k: kp.input_label(k, lang),
                help=t("kpi.input_help"),
            )
            c5, c6 = st.columns(2)
            c5.text_input(t("kpi.col.source"), key=_key(rid, "source"), max_chars=200)
            c6.text_input(t("kpi.col.owner"), key=_key(rid, "owner"), max_chars=200)
            st.text_input(t("kpi.col.moments"), key=_key(rid, "moments"), help=t("kpi.moments_help"))
            st.button(t("kpi.remove"), key=f"kpi_remove_{rid}", on_click=_remove, args=(rid,), icon=":material/delete:")
        for f in kp.ROW_FIELDS:
            r[f] = ss[_key(rid, f)]


def add_box(lang: str) -> None:
    """Pick the kind of result of a new KPI and add it."""
    c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
    c1.selectbox(
        t("kpi.new_outcome"),
        [o.value for o in Outcome],
        index=index_of([o.value for o in Outcome], "kpi_new_outcome"),
        key="kpi_new_outcome",
        format_func=lambda o: kp.outcome_label(o, lang),
    )
    c2.button(t("kpi.add"), key="kpi_add", on_click=_add, icon=":material/add:", width="stretch")


def targets_roi(plan: KpiPlan, s: Scenario, lang: str) -> None:
    """The gap per KPI, the ROI today against the ROI of hitting the targets, and the button that applies them."""
    ss = st.session_state
    st.dataframe(pd.DataFrame(kp.gap_rows(plan, s, lang)), hide_index=True, width="stretch", key="kpi_gap_table")
    st.caption(t("kpi.gap_caption"))
    fed = any(k.input is not None for k in plan.kpis)
    target = plan_to_scenario(plan, s)
    undefined = t("common.undefined")
    m1, m2 = st.columns(2)
    m1.metric(
        t("kpi.roi_today"), pct(results(s).monte_carlo.roi_mean, lang) or undefined, border=True, help=t("kpi.roi_help")
    )
    m2.metric(
        t("kpi.roi_targets"),
        pct(results(target.scenario).monte_carlo.roi_mean, lang) or undefined,
        border=True,
        help=t("kpi.roi_help"),
    )
    if st.button(
        t("kpi.apply"), key="kpi_apply", type="primary", disabled=not fed, icon=":material/calculate:", width="stretch"
    ):
        ss["_kpi_undo"] = s
        ss["_kpi_applied"] = target.scenario
        ss["_kpi_switched"] = target.switched_on
        widget_state.request_load(target.scenario)
        st.rerun()
    if not fed:
        st.caption(t("kpi.nothing_fed"))


def undo_box(s: Scenario, lang: str) -> None:
    """After the targets were applied: what was switched on, and "Undo" (until the scenario moves on)."""
    ss = st.session_state
    if ss.get("_kpi_applied") != s:  # the scenario moved on since the targets were applied: undo would lose that
        for key in ("_kpi_undo", "_kpi_applied", "_kpi_switched"):
            ss.pop(key, None)
    if isinstance(ss.get("_kpi_undo"), type(s)):
        switched = ss.get("_kpi_switched") or ()
        st.success(
            t("kpi.applied")
            + (
                " " + t("kpi.switched_on", drivers=", ".join(DRIVER_LABELS[d][lang] for d in switched))
                if switched
                else ""
            ),
            icon=":material/check_circle:",
        )
        if st.button(t("kpi.undo"), key="kpi_undo", icon=":material/undo:"):
            widget_state.request_load(ss.pop("_kpi_undo"))
            ss.pop("_kpi_switched", None)
            ss.pop("_kpi_applied", None)
            st.rerun()
