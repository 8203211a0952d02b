"""KPI plan: the business results the programme should move, set before it starts, and the ROI of hitting them.

Each KPI is a small block of widgets seeded from draft rows; numbers are typed
as text and read in the page's language. Valid rows form the plan that travels
with the scenario; a row with a problem is named in the user's language and
kept as a draft. "Calculate the ROI of these targets" loads the targets
scenario and keeps the previous one for "Undo". The widgets live in
:mod:`ui.kpi.kpi_editor`, the plan's reading and link in :mod:`ui.kpi.kpi_plan`.
"""

import functools

import streamlit as st

from ui.common import widget_state
from ui.common.i18n import current_lang, t
from ui.common.notices import notice_text
from ui.exports.export import plan_csv
from ui.kpi import kpi_editor
from ui.kpi import kpi_plan as kp

ss = st.session_state
lang = current_lang()
s = widget_state.current_scenario()
rows = kpi_editor.draft_rows(lang)

st.title(t("kpi.title"))
st.caption(t("kpi.intro"))
for w in ss.pop("_kpi_notices", ()) or ():
    st.warning(notice_text(w, lang), icon=":material/link_off:")

# --- the KPIs -------------------------------------------------------------------------------------------------
kpi_editor.kpi_blocks(rows, lang)
kpi_editor.add_box(lang)

plan, problems = kp.parse_rows(rows, lang)
ss["_kpi_plan"] = plan
for p in problems:
    st.error(kp.problem_text(p, lang), icon=":material/error:")

# --- the gap and the ROI of the targets -----------------------------------------------------------------------
st.subheader(t("kpi.gap_heading"))
if not plan.kpis:  # "no KPIs yet" only when there are none; rows still being filled in are not "none"
    st.info(t("kpi.empty" if not rows else "kpi_incomplete.text"), icon=":material/flag:")
else:
    kpi_editor.targets_roi(plan, s, lang)
kpi_editor.undo_box(s, lang)

if plan.kpis:
    st.download_button(
        t("kpi.download_csv"),
        functools.partial(plan_csv, plan, lang),
        file_name="kpi-plan.csv",
        mime="text/csv",
        key="kpi_dl_csv",
        on_click="ignore",
        icon=":material/table:",
    )
st.caption(t("kpi.link_note"))
kp.sync_link()  # the plan may have changed in this run: the link follows at once
