"""Measurement rounds: the programme record, forecast against measured, the updated scenario and the advice.

A record (``roi_core.programme.Programme``) is started from the current
scenario and KPI plan, or opened from a file the organisation keeps. Rounds
of aggregated results (per KPI: value, 95 % interval, n, method) are added
here; the page shows per KPI what the decision assumed against each round's
measurement, the expected ROI after each round, what is left uncertain and
continue / adjust / stop with the rule stated. The record is downloaded
again as JSON. Uploaded files are read in memory, never stored or logged.

The forms (open, start, add a round) live in :mod:`ui.programme.programme_parts`, the
tables and charts in :mod:`ui.programme.programme`.
"""

import pandas as pd
import streamlit as st

from roi_core.programme import CONTINUE_AT, STOP_BELOW, Programme, ProgrammeError, to_json
from ui.common import widget_state
from ui.common.format import money, pct
from ui.common.i18n import current_lang, t
from ui.common.layout import chart
from ui.common.safe_text import cut, md
from ui.kpi import kpi_plan as kp
from ui.programme import programme as pu
from ui.programme import programme_parts as parts

ss = st.session_state
lang = current_lang()
parts.take_injected(lang)  # a test's file bytes, opened like an upload

st.title(t("prog.title"))
st.caption(t("prog.intro"))
parts.open_notices()

# --- start or open a record -------------------------------------------------------------------------------------
parts.start_box(lang)

p = ss.get("_prog")
if not isinstance(p, Programme):
    st.info(t("prog.none"), icon=":material/event_repeat:")
    st.stop()

st.subheader(p.name or t("prog.unnamed"))

# --- add a round -----------------------------------------------------------------------------------------------
p = parts.add_round_box(p, lang)

st.caption(t("prog.summary", date=p.decided_on, kpis=len(p.plan.kpis), rounds=len(p.rounds)))
st.download_button(
    t("prog.download"),
    pu.record_bytes(p),  # drawn after the round form: it holds a round added in this run
    file_name=pu.record_name(p),
    mime="application/json",
    key="prog_download",
    on_click="ignore",
    icon=":material/download:",
    type="primary",
)
st.caption(t("prog.privacy"))

# --- forecast against measured ----------------------------------------------------------------------------------
try:
    out = parts.outcomes_of(to_json(p))
except (ProgrammeError, ValueError) as exc:  # a record built in this session is valid; a last guard all the same
    st.error(t("prog.error.invalid", detail=md(cut(exc, 200))))
    st.stop()

st.subheader(t("prog.kpi_heading"))
frame = pu.kpi_frame(p, lang)
for i, k in enumerate(p.plan.kpis):
    part = frame[frame["order"] == i]
    title = k.name or kp.outcome_label(k.outcome.value, lang)
    chart(pu.kpi_chart(part, title[:60], kp.unit_label(k.unit, lang), lang))
if not p.rounds:
    st.caption(t("prog.no_rounds"))

st.subheader(t("prog.roi_heading"))
chart(pu.roi_chart(pu.roi_frame(out, lang), lang))
st.dataframe(pd.DataFrame(pu.round_rows(out, lang)), hide_index=True, width="stretch", key="prog_roi_table")
st.caption(t("prog.roi_caption"))

latest = out[-1]
st.subheader(t("prog.advice_heading"))
advice_text = t(f"prog.advice_long.{latest.advice}", prob=pct(latest.prob_beats_hurdle * 100, lang))
{"continue": st.success, "adjust": st.warning, "stop": st.error}[latest.advice](advice_text)
st.caption(
    t(
        "prog.rule",
        stop=pct(STOP_BELOW * 100, lang),
        go=pct(CONTINUE_AT * 100, lang),
        hurdle=pct(p.scenario.hurdle_pct, lang),
    )
)

st.subheader(t("prog.left_heading"))
rows = pu.range_rows(out, lang)
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="prog_range_table")
st.caption(t("prog.left_caption", evpi=money(latest.evpi, lang, ss.get("cur", "EUR")) or "–"))
if p.rounds and st.button(t("prog.use_updated"), key="prog_use", icon=":material/sync:"):
    widget_state.request_load(latest.scenario)
    st.rerun()

with st.expander(t("prog.rule_heading"), key="prog_rule_box"):
    st.markdown(t("prog.rule_text"))
