"""Sensitivity: what drives the ROI, what would have to be true, and what is worth finding out first.

Title, the link's notices, the part selector and one call per part: each
assumption alone, all assumptions together, what would have to be true and what
is worth finding out first. Only the chosen part is computed and drawn. The
options, the link and the parts (charts, tables, the pilot) live in
:mod:`ui.sensitivity.sensitivity_parts`, which explains how options, link and fragments
work together.
"""

import streamlit as st

from ui.common import widget_state
from ui.common.i18n import current_lang, plural, t
from ui.common.notices import notice_text
from ui.sensitivity import sensitivity_parts as parts

lang = current_lang()
s = widget_state.current_scenario()
# The options start from the link, else the last choice in this session, else the default.
page = parts.open_page(s, lang, st.session_state.get("cur", "EUR"))
opts = page.opts

st.title(t("sens.title"))
st.caption(t("sens.caption", futures=plural(lang, "plural.futures", s.draws), seed=s.seed))
if opts.warnings:
    st.warning(
        t("notice.link_adjusted") + "\n\n" + "\n".join(f"- {notice_text(w, lang)}" for w in opts.warnings),
        icon=":material/link_off:",
    )

# --- only the chosen part of the analysis is computed and drawn ----------------------------------------------
view = parts.part_selector(page)
if view == "drivers":
    parts.drivers(page)
elif view == "ranking":
    parts.together(page)
elif view == "targets":
    parts.goal_seek(page)
else:
    parts.value_of_information(page)

# --- back into the link --------------------------------------------------------------------------------------
parts.sync_link(page)
