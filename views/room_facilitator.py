"""Workshop room, the facilitator's view: open a room, show its QR code, watch estimates arrive, adopt the ranges.

The live part is a fragment that reruns every few seconds by itself: how many
answered, per assumption everyone's 90 % range with the pooled one and where
the room disagrees, the ROI with the room's ranges next to this scenario, and
tornado and value of information of the room's scenario. Only the holder of
the facilitator's key (kept in this session) gets here; names are shown as
plain text in tables, never as Markdown or HTML. The parts live in
:mod:`ui.rooms.facilitator`.
"""

import streamlit as st

from storage import StorageError
from ui.common import widget_state
from ui.common.i18n import current_lang, t
from ui.rooms import facilitator, rooms

ss = st.session_state
lang = current_lang()
cur = ss.get("cur", "EUR")
s = widget_state.current_scenario()
try:
    store = rooms.store()
except StorageError as err:
    st.error(rooms.storage_error_text(err.kind, lang), icon=":material/error:")
    st.stop()

st.title(t("rooms.title"))
st.caption(t("rooms.intro"))
facilitator.done_notice()

ref = ss.get(rooms.SESSION_ROOM)
room = None
if ref:
    try:
        room = store.check_key(*ref)
    except StorageError:
        ss.pop(rooms.SESSION_ROOM, None)
        st.warning(t("rooms.gone"), icon=":material/link_off:")

# --- no room yet: pick the assumptions and open one ---------------------------------------------------------
if room is None:
    facilitator.open_room_form(store, s, lang, cur)
    st.stop()

code, key = ss[rooms.SESSION_ROOM]
facilitator.join_panel(code, key, lang)  # the room's link and QR code, for the projector
facilitator.round_controls(store, room, code, key)
facilitator.live(store, room, code, key, s, lang, cur)  # what the room says, refreshed by itself
