"""Measurement rounds: the programme record, forecast against measured, the updated scenario and the advice.

A record (``roi_core.programme.Programme``) is started from the current
scenario and KPI plan, or opened from a file the organisation keeps. Rounds
of aggregated results (per KPI: value, 95 % interval, n, method) are added
here; the page shows per KPI what the decision assumed against each round's
measurement, the expected ROI after each round, what is left uncertain and
continue / adjust / stop with the rule stated. The record is downloaded
again as JSON. Uploaded files are read in memory, never stored or logged.

Tests (AppTest cannot drive a file uploader) put a file's bytes into
``st.session_state[INJECT_KEY]``: the page treats them exactly like an upload.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from roi_core.programme import CONTINUE_AT, STOP_BELOW, Programme, ProgrammeError, outcomes, to_json
from ui import kpi_plan as kp
from ui import programme as pu
from ui import state
from ui.format import money, pct
from ui.i18n import current_lang, t
from ui.layout import chart
from ui.safe_text import cut, md

UPLOAD_KEY = "prog_upload"
INJECT_KEY = "_prog_upload_bytes"
ss = st.session_state
lang = current_lang()


@st.cache_data(max_entries=16, show_spinner=False)
def _outcomes(record_json: str) -> list:
    """Each round's scenario simulated (keyed on the record's text: the same record, the same numbers)."""
    from roi_core.programme import from_json

    return list(outcomes(from_json(record_json)))


def _open(data: bytes) -> None:
    got = pu.read_record(data, lang)
    if got.programme is None:
        ss["_prog_error"] = got.error
    else:
        ss["_prog"] = got.programme
        ss["_prog_opened"] = True


def _on_upload() -> None:
    f = ss.get(UPLOAD_KEY)
    if f is not None:
        _open(f.getvalue())


injected = ss.pop(INJECT_KEY, None)
if isinstance(injected, bytes | bytearray | str):
    _open(injected.encode("utf-8") if isinstance(injected, str) else bytes(injected))

st.title(t("prog.title"))
st.caption(t("prog.intro"))
error = ss.pop("_prog_error", None)
if error:
    st.error(t("prog.open_failed"), icon=":material/error:")
    st.text(error)  # the file's own words, shown as text
if ss.pop("_prog_opened", False):
    st.success(t("prog.opened"), icon=":material/check_circle:")

# --- start or open a record -------------------------------------------------------------------------------------
with st.expander(t("prog.start_heading"), expanded="_prog" not in ss, key="prog_start_box"):
    plan = kp.current_plan()
    st.caption(t("prog.start_help", n=len(plan.kpis)))
    name = st.text_input(t("prog.name"), key="prog_name", max_chars=200)
    decided = st.date_input(t("prog.decided_on"), key="prog_decided", value=dt.date.today(), format="YYYY-MM-DD")
    if st.button(t("prog.start"), key="prog_start", disabled=not plan.kpis, icon=":material/note_add:"):
        ss["_prog"] = Programme(
            name or state.current_scenario().name, decided.isoformat(), plan, state.current_scenario()
        )
        st.rerun()
    if not plan.kpis:
        st.caption(t("prog.needs_plan"))
    st.file_uploader(
        t("prog.upload"),
        type=["json"],
        key=UPLOAD_KEY,
        on_change=_on_upload,
        max_upload_size=2,
        help=t("prog.upload_help"),
    )

p = ss.get("_prog")
if not isinstance(p, Programme):
    st.info(t("prog.none"), icon=":material/event_repeat:")
    st.stop()

st.subheader(p.name or t("prog.unnamed"))

# --- add a round -----------------------------------------------------------------------------------------------
with st.expander(t("prog.add_heading"), expanded=not p.rounds, key="prog_add_box"):
    with st.form("prog_round", clear_on_submit=False, border=False):
        c1, c2 = st.columns(2)
        r_date = c1.date_input(t("prog.round_date"), key="prog_r_date", value=dt.date.today(), format="YYYY-MM-DD")
        r_label = c2.text_input(t("prog.round_label"), key="prog_r_label", max_chars=200, placeholder="+3")
        for i, k in enumerate(p.plan.kpis):
            st.markdown(f"**{t('kpi.kpi_n', n=i + 1)}** · {kp.outcome_label(k.outcome.value, lang)}")
            if k.name:
                st.text(k.name)
            st.checkbox(t("prog.measured"), key=f"prog_m_{i}", value=True)
            a, b, c = st.columns(3)
            a.text_input(t("prog.col.value"), key=f"prog_v_{i}", help=t("kpi.number_help"))
            b.text_input(t("prog.col.low"), key=f"prog_lo_{i}", help=t("prog.ci_help"))
            c.text_input(t("prog.col.high"), key=f"prog_hi_{i}", help=t("prog.ci_help"))
            d, e = st.columns([1, 2])
            d.number_input(t("prog.col.n"), key=f"prog_n_{i}", min_value=1, value=30, step=1)
            e.text_input(t("prog.col.method"), key=f"prog_meth_{i}", max_chars=200)
        submitted = st.form_submit_button(t("prog.add"), icon=":material/add:", type="primary")
    if submitted:
        entries = [
            {
                "kpi": i,
                "value": ss.get(f"prog_v_{i}"),
                "low": ss.get(f"prog_lo_{i}"),
                "high": ss.get(f"prog_hi_{i}"),
                "n": ss.get(f"prog_n_{i}"),
                "method": ss.get(f"prog_meth_{i}"),
            }
            for i in range(len(p.plan.kpis))
            if ss.get(f"prog_m_{i}")
        ]
        new_round, why = pu.build_round(p, r_date, r_label, entries, lang)
        if new_round is None:
            st.error(why, icon=":material/error:")
        else:
            ss["_prog"] = p = p.with_round(new_round)
            st.success(t("prog.round_added"), icon=":material/check_circle:")

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
    out = _outcomes(to_json(p))
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
    state.request_load(latest.scenario)
    st.rerun()

with st.expander(t("prog.rule_heading"), key="prog_rule_box"):
    st.markdown(t("prog.rule_text"))
