"""The widgets of the Measurement rounds page: opening a record, starting one, adding a round.

The pure helpers (reading records, rounds from typed text, tables and charts)
are in :mod:`ui.programme.programme`; this module draws the forms that use them.
Uploaded files are read in memory, never stored or logged. Tests (AppTest
cannot drive a file uploader) put a file's bytes into
``st.session_state[INJECT_KEY]``: :func:`take_injected` treats them exactly like
an upload.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from roi_core.programme import Programme, outcomes
from ui.common import widget_state
from ui.common.i18n import t
from ui.kpi import kpi_plan as kp
from ui.programme import programme as pu

__all__ = ["UPLOAD_KEY", "INJECT_KEY", "outcomes_of", "take_injected", "open_notices", "start_box", "add_round_box"]

UPLOAD_KEY = "prog_upload"
INJECT_KEY = "_prog_upload_bytes"


@st.cache_data(max_entries=16, show_spinner=False)
def outcomes_of(record_json: str) -> list:
    """Each round's scenario simulated (keyed on the record's text: the same record, the same numbers)."""
    from roi_core.programme import from_json

    return list(outcomes(from_json(record_json)))


def _open(data: bytes, lang: str) -> None:
    got = pu.read_record(data, lang)
    if got.programme is None:
        st.session_state["_prog_error"] = got.error
    else:
        st.session_state["_prog"] = got.programme
        st.session_state["_prog_opened"] = True


def _on_upload(lang: str) -> None:
    """The uploader's callback: open the chosen record (before the rerun that follows)."""
    f = st.session_state.get(UPLOAD_KEY)
    if f is not None:
        _open(f.getvalue(), lang)


def take_injected(lang: str) -> None:
    """A record's bytes put into the session by a test: opened like an upload."""
    injected = st.session_state.pop(INJECT_KEY, None)
    if isinstance(injected, bytes | bytearray | str):
        _open(injected.encode("utf-8") if isinstance(injected, str) else bytes(injected), lang)


def open_notices() -> None:
    """Why the last file could not be opened (in the file's own words, as text), or that it was opened."""
    error = st.session_state.pop("_prog_error", None)
    if error:
        st.error(t("prog.open_failed"), icon=":material/error:")
        st.text(error)  # the file's own words, shown as text
    if st.session_state.pop("_prog_opened", False):
        st.success(t("prog.opened"), icon=":material/check_circle:")


def start_box(lang: str) -> None:
    """Start a record from the current scenario and KPI plan, or open one from a file."""
    ss = st.session_state
    with st.expander(t("prog.start_heading"), expanded="_prog" not in ss, key="prog_start_box"):
        plan = kp.current_plan()
        st.caption(t("prog.start_help", n=len(plan.kpis)))
        name = st.text_input(t("prog.name"), key="prog_name", max_chars=200)
        decided = st.date_input(t("prog.decided_on"), key="prog_decided", value=dt.date.today(), format="YYYY-MM-DD")
        if st.button(t("prog.start"), key="prog_start", disabled=not plan.kpis, icon=":material/note_add:"):
            ss["_prog"] = Programme(
                name or widget_state.current_scenario().name, decided.isoformat(), plan, widget_state.current_scenario()
            )
            st.rerun()
        if not plan.kpis:
            st.caption(t("prog.needs_plan"))
        st.file_uploader(
            t("prog.upload"),
            type=["json"],
            key=UPLOAD_KEY,
            on_change=_on_upload,
            args=(lang,),
            max_upload_size=2,
            help=t("prog.upload_help"),
        )


def add_round_box(p: Programme, lang: str) -> Programme:
    """The form for one round of measured results per KPI; returns the record, with the round when one was added."""
    ss = st.session_state
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
    return p
