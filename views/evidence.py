"""Measured effects: an effect measured from the organisation's own data, and its way into the scenario.

Rows stay in this session's memory (see ``ui.evidence.evidence``); the scenario records only the source of a range.
"""

import streamlit as st

from ui.common import choice
from ui.common.i18n import current_lang, t, translate
from ui.evidence import evidence

lang = current_lang()

st.title(t("evidence.title"))
st.caption(t("evidence.intro"))
st.info(t("evidence.privacy"), icon=":material/lock:")

if "ev_kind" not in st.session_state:
    st.session_state["ev_kind"] = evidence.KINDS[0]
kind = st.segmented_control(
    t("evidence.kind_label"),
    evidence.KINDS,
    default=choice.current(evidence.KINDS, "ev_kind", evidence.KINDS[0]),
    key="ev_kind",
    required=True,
    format_func=lambda k: translate(lang, f"evidence.kind.{k}"),  # lang bound: Streamlit may call it after the run
)
assert kind is not None  # required, and its state is set above
file = evidence.render_file_controls(kind, lang)
if file is None:
    st.info(t("evidence.nothing"), icon=":material/upload_file:")
    st.stop()

_, data = file
sheet = evidence.pick_sheet(kind, data)
analysis = evidence.analyse(kind, data, sheet)
if analysis.error is not None:
    st.error(evidence.error_text(analysis.error, lang), icon=":material/error:")
    st.stop()

evidence.render_result(kind, analysis, lang)
