"""A participant's phone page in a workshop room: their own low / most likely / high and a note per assumption.

Opened by the room's link (the app's root with ``?r=<code>``). Built for a 390 px phone and to
open fast: no sidebar, no scenario, no simulation (see ``app.py``). The page
never shows another person's entry, only the anonymous overview once the
facilitator shows it. Every typed value is checked (:class:`roi_core.pooling.Estimate`);
a mistake gets a message naming the assumption and the field, never a traceback.
"""

import streamlit as st

from roi_core.pooling import MAX_NAME_LENGTH, MAX_NOTE_LENGTH, EstimateError, estimate_from_text
from storage import Entry, RoomNotFound, StorageError
from ui.common import choice
from ui.common.i18n import LANG_KEY, LANGS, plural, t
from ui.rooms import rooms

ss = st.session_state
LANG_NAMES = {"en": "English", "nl": "Nederlands"}

st.html(
    """<style>
    .block-container {max-width: 34rem; padding: 1rem 0.9rem 3rem;}
    [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
    </style>"""
)
st.segmented_control(
    t("rooms.p_language"),
    LANGS,
    default=choice.current(LANGS, LANG_KEY, "en"),
    key=LANG_KEY,
    format_func=LANG_NAMES.__getitem__,
    required=True,
    label_visibility="collapsed",
)
lang = ss.get(LANG_KEY, "en")
st.title(t("rooms.p_title"))

code = str(st.query_params.get(rooms.ROOM_PARAM, ""))[:64]
try:
    store = rooms.store()
    room = store.state(code)
except RoomNotFound:
    st.warning(t("rooms.p_no_room"), icon=":material/link_off:")
    st.stop()
except StorageError as err:
    st.error(rooms.storage_error_text(err.kind, lang), icon=":material/error:")
    st.stop()

token_key = f"_room_token_{code}"
token = ss.get(token_key) or st.query_params.get(rooms.TOKEN_PARAM)
mine: list[Entry]
name, mine = "", []
if token:
    try:
        name, mine = store.mine(code, str(token))
        ss[token_key] = str(token)
    except StorageError:
        token = None  # a token of another room or a made-up one: this phone starts a new entry
        ss.pop(token_key, None)


@st.fragment(run_every=rooms.REFRESH_SECONDS * 2)
def _watch_round(seen: tuple[int, bool, bool]) -> None:
    """Reload the page when the facilitator opens or closes a round or shows the overview."""
    try:
        now = store.state(code)
    except StorageError:
        st.rerun()
    if (now.round, now.round_open, now.show_overview) != seen:
        st.rerun()


_watch_round((room.round, room.round_open, room.show_overview))

current = {e.key: e for e in mine if e.round == room.round}
earlier = {e.key: e for e in mine if e.round < room.round}  # the latest earlier answer per input (rounds ascend)

if not room.round_open:
    st.info(t("rooms.p_closed"), icon=":material/lock:")
    if current:
        st.dataframe(rooms.own_rows(list(current.values()), lang), hide_index=True)
else:
    st.caption(t("rooms.p_intro", assumptions=plural(lang, "plural.assumptions", len(room.inputs))))
    st.info(t("rooms.p_hint"), icon=":material/lightbulb:")
    if not current and earlier and room.round > 1:
        st.caption(t("rooms.p_seeded", round=room.round))
    with st.form("estimate", border=False):
        typed_name = st.text_input(
            t("rooms.p_name"), value=name, max_chars=MAX_NAME_LENGTH, help=t("rooms.p_name_help")
        )
        typed: dict[str, tuple[str, str, str, str]] = {}
        for key in room.inputs:
            seed = current.get(key) or earlier.get(key)
            st.subheader(rooms.input_title(key, lang), divider="gray")
            cols = st.columns(3)
            texts = [
                col.text_input(
                    t(f"rooms.p_{field}"),
                    value=rooms.value_text(getattr(seed, field), lang) if seed else "",
                    key=f"in_{key}_{field}_{room.round}",
                )
                for col, field in zip(cols, ("low", "likely", "high"), strict=True)
            ]
            note = st.text_input(
                t("rooms.p_note"),
                value=seed.note if seed else "",
                max_chars=MAX_NOTE_LENGTH,
                key=f"in_{key}_note_{room.round}",
            )
            typed[key] = (texts[0], texts[1], texts[2], note)
        sent = st.form_submit_button(t("rooms.p_send"), type="primary", width="stretch")

    if sent:
        estimates, problems = [], []
        for key, (low, likely, high, note) in typed.items():
            if not (low or likely or high or note).strip():
                continue  # an assumption left empty is simply not answered
            try:
                estimates.append(estimate_from_text(key, low, likely, high, note, lang))
            except EstimateError as err:
                problems.append(rooms.error_text(err, key, lang))
        for problem in problems:
            st.error(problem, icon=":material/error:")
        if not estimates and not problems:
            st.warning(t("rooms.p_nothing"), icon=":material/edit:")
        if estimates and not problems:
            try:
                if not token:
                    token = store.join(code, typed_name)
                    ss[token_key] = token
                    st.query_params[rooms.TOKEN_PARAM] = token  # a reload keeps editing this entry
                store.submit(code, str(token), estimates, name=typed_name)
                st.success(t("rooms.p_saved"), icon=":material/check_circle:")
            except StorageError as err:
                st.error(rooms.storage_error_text(err.kind, lang), icon=":material/error:")

if room.show_overview and token:
    st.subheader(t("rooms.p_overview"))
    try:
        seen = store.overview(code, str(token))
    except StorageError:
        seen = []
    pooled = rooms.pooled_by_input(seen, room.round)
    for key, entries in rooms.by_input(seen, room.round).items():
        p, d = pooled[key]
        st.vega_lite_chart(
            rooms.ranges_spec(entries, p, d.lonely, lang, names=False, title=rooms.input_title(key, lang)),
            width="stretch",
        )

st.caption(t("rooms.p_stored", days=rooms.days_text(lang)))
