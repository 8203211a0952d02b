"""Share and export: the link and its QR code, downloads, and loading a scenario file.

Uploaded files are read in memory, never logged or written to disk; a file
that cannot be read leaves the current scenario as it was and says why. The
parts live in :mod:`ui.exports.share`.
"""

import streamlit as st

from ui.common import widget_state
from ui.common.compute import results
from ui.common.i18n import current_lang, t
from ui.exports import share
from ui.exports.export import ExportResults, share_link
from ui.kpi import kpi_plan

lang = current_lang()
cur = st.session_state.get("cur", "EUR")
share.take_injected(lang)  # a test's file bytes, loaded like an upload

s = widget_state.current_scenario()
plan = kpi_plan.current_plan()
r = ExportResults.of(s, results(s))
params = st.session_state.get("_link") or st.query_params.to_dict()
link = share_link(getattr(st.context, "url", None), params, page_path="share")

st.title(t("share.title"))
st.caption(t("share.intro"))
share.upload_notices(lang)

share.headline(s, r, lang, cur)  # what is being shared
share.link_panel(s, link, params, lang)
share.downloads(s, r, plan, link, lang, cur)
share.upload_box(lang)  # load a scenario file
