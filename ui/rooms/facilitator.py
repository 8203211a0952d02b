"""The parts of the facilitator's Workshop room page: opening a room, the join panel, round controls, the live view.

Kept apart from :mod:`ui.rooms.rooms`, which the participants' phone page imports and
which therefore stays light: this module imports the simulation, the analyses
and the charts. Every part takes what it reads as arguments (the store, the
room's code and facilitator key, the scenario, language and currency): the
live view is a fragment that reruns by itself, without the page around it.
Names are shown as plain text in tables, never as Markdown or HTML.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math

import streamlit as st

from roi_core.assumptions import INPUTS
from roi_core.pooling import convergence, room_inputs
from roi_core.scenario import Scenario
from roi_core.scenario_io import encode
from roi_core.sensitivity import Metric
from storage import Entry, RoomState, StorageError, Store
from storage.rooms import MAX_INPUTS
from ui.common import charts, widget_state
from ui.common.compute import results
from ui.common.format import pct
from ui.common.i18n import t
from ui.common.layout import chart
from ui.exports.export import is_local_address
from ui.exports.qr import qr_png
from ui.rooms import rooms
from ui.sensitivity import sensitivity_charts as sc
from ui.sensitivity.sensitivity_compute import evppi_of, tornado_result, varying_keys

__all__ = ["SUGGESTED", "done_notice", "open_room_form", "join_panel", "round_controls", "live"]

#: How many assumptions a new room suggests: those ranked first by their value of information.
SUGGESTED = 3

_qr_png_cached = st.cache_data(max_entries=64, show_spinner=False)(qr_png)


def done_notice() -> None:
    """What the last action did (the room deleted, the room's ranges adopted), once, after its rerun."""
    done = st.session_state.pop("_room_done", None)
    if done == "deleted":
        st.success(t("rooms.deleted"), icon=":material/delete:")
    elif isinstance(done, tuple):
        st.success(t("rooms.adopted", round=done[0], n=done[1]), icon=":material/check_circle:")


def open_room_form(store: Store, s: Scenario, lang: str, cur: str) -> None:
    """No room yet: pick the assumptions (the most valuable to learn about suggested) and open one."""
    ss = st.session_state
    allowed = [k for k in room_inputs() if k in varying_keys(s)]
    ev = evppi_of(s)
    suggested = [k for k in ev.keys if k in allowed][:SUGGESTED]
    if "room_inputs" not in ss:
        ss["room_inputs"] = suggested
    picked = st.multiselect(
        t("rooms.pick"),
        allowed,
        default=[k for k in ss["room_inputs"] if k in allowed],  # if the browser drops it (ui.common.choice)
        key="room_inputs",
        max_selections=MAX_INPUTS,
        format_func=lambda k: rooms.input_title(k, lang, cur),
        help=t("rooms.pick_help", n=MAX_INPUTS),
    )
    st.caption(t("rooms.storage_note", days=rooms.days_text(lang)))
    if st.button(t("rooms.open"), type="primary", icon=":material/meeting_room:", key="room_open"):
        if not picked:
            st.error(t("rooms.pick_none"))
        else:
            try:
                keys = store.create_room(encode(s), picked, lang)
            except StorageError as err:
                st.error(rooms.storage_error_text(err.kind, lang), icon=":material/error:")
                st.stop()
            ss[rooms.SESSION_ROOM] = (keys.code, keys.key)
            st.rerun()


def join_panel(code: str, key: str, lang: str) -> None:
    """The room's link and QR code, for the projector, and the facilitator's own private link."""
    base_url = getattr(st.context, "url", None)
    join_link = rooms.link(base_url, rooms.JOIN_PATH, {rooms.ROOM_PARAM: code, "lang": lang})
    own_link = rooms.link(base_url, rooms.ROOM_PATH, {rooms.FAC_ROOM_PARAM: code, rooms.FAC_KEY_PARAM: key})
    left, right = st.columns([2, 3], vertical_alignment="center")
    with left:
        st.image(_qr_png_cached(join_link), width="stretch")
    with right:
        st.subheader(t("rooms.join_heading"))
        st.caption(t("rooms.join_caption", code=code))
        st.code(join_link, language=None, wrap_lines=True)
        if is_local_address(join_link):  # as on the Share page: a phone cannot open this computer's "localhost"
            st.warning(t("inputs.qr_local"), icon=":material/phonelink_off:")
        with st.expander(t("rooms.private_link")):
            st.caption(t("rooms.private_link_help"))
            st.code(own_link, language=None, wrap_lines=True)
        st.caption(t("rooms.storage_note", days=rooms.days_text(lang)))


def _act(store: Store, code: str, key: str, action: str) -> None:
    """A round control's action on the store; a room that is gone drops out of the session."""
    try:
        if action == "close":
            store.close_round(code, key)
        elif action == "reopen":
            store.reopen_round(code, key)
        elif action == "next":
            store.next_round(code, key)
        elif action == "overview":
            store.set_overview(code, key, bool(st.session_state.get("room_overview")))
    except StorageError:
        st.session_state.pop(rooms.SESSION_ROOM, None)


def round_controls(store: Store, room: RoomState, code: str, key: str) -> None:
    """The round's state and its controls: close or reopen, next round, the phones' overview, delete the room."""
    ss = st.session_state
    status = t("rooms.round_open") if room.round_open else t("rooms.round_closed")
    st.markdown(f"**{t('rooms.round', round=room.round)}**: {status}")
    c1, c2, c3, c4 = st.columns(4, vertical_alignment="center")
    if room.round_open:
        c1.button(
            t("rooms.close_round"),
            key="room_close",
            on_click=_act,
            args=(store, code, key, "close"),
            icon=":material/lock:",
        )
    else:
        c1.button(
            t("rooms.reopen_round"),
            key="room_reopen",
            on_click=_act,
            args=(store, code, key, "reopen"),
            icon=":material/lock_open:",
        )
    c2.button(
        t("rooms.next_round", round=room.round + 1),
        key="room_next",
        on_click=_act,
        args=(store, code, key, "next"),
        help=t("rooms.next_round_help"),
        icon=":material/replay:",
    )
    ss["room_overview"] = room.show_overview
    c3.toggle(
        t("rooms.show_overview"),
        key="room_overview",
        on_change=_act,
        args=(store, code, key, "overview"),
        help=t("rooms.show_overview_help"),
    )
    with c4.popover(t("rooms.delete"), icon=":material/delete:"):
        sure = st.checkbox(t("rooms.delete_confirm"), key="room_delete_sure")
        if st.button(t("rooms.delete"), key="room_delete", type="primary", disabled=not sure):
            with contextlib.suppress(StorageError):  # already gone: the same outcome
                store.delete_room(code, key)
            ss.pop(rooms.SESSION_ROOM, None)
            ss["_room_done"] = "deleted"
            st.rerun()


# --- what the room says, refreshed by itself -----------------------------------------------------------------


def _ranges(inputs: tuple[str, ...], entries: list[Entry], round_number: int, lang: str, cur: str) -> dict:
    """Per assumption: everyone's range with the pooled one, where the room disagrees, and the notes."""
    pooled = rooms.pooled_by_input(entries, round_number)
    per_input = rooms.by_input(entries, round_number)
    for k in inputs:
        if k not in per_input:
            continue
        p, d = pooled[k]
        people = per_input[k]
        st.subheader(rooms.input_title(k, lang, cur))
        st.vega_lite_chart(
            rooms.ranges_spec(people, p, d.lonely, lang, names=True, title=rooms.input_title(k, lang, cur)),
            width="stretch",
        )
        st.caption(
            t(
                "rooms.pooled_caption",
                p5=rooms.shown_text(p.p5, k, lang),
                p50=rooms.shown_text(p.p50, k, lang),
                p95=rooms.shown_text(p.p95, k, lang),
                likely=rooms.shown_text(p.likely, k, lang),
            )
        )
        said = []
        if d.n >= 2:
            said.append(
                t("rooms.disagree_pairs", share=rooms.share_text(d.share_disjoint, lang))
                if d.disjoint_pairs
                else t("rooms.disagree_none")
            )
            if d.lonely:
                said.append(
                    t("rooms.disagree_lonely", names=", ".join(rooms.who(people[i], lang, True) for i in d.lonely))
                )
            likely = [e.likely for e in people]
            said.append(
                t(
                    "rooms.spread",
                    low=rooms.value_text(min(likely), lang),
                    high=rooms.value_text(max(likely), lang),
                    spread=rooms.shown_text(d.likely_spread, k, lang),
                    rel=rooms.share_text(d.relative_spread, lang) if math.isfinite(d.relative_spread) else "–",
                )
            )
            st.text(" ".join(said))  # contains names: plain text, never Markdown
        with st.expander(t("rooms.notes_heading")):
            st.dataframe(rooms.people_rows(people, lang, names=True), hide_index=True)
    return pooled


def _roi(s: Scenario, pooled: dict, lang: str, cur: str) -> Scenario:
    """The ROI with the room's ranges next to this scenario's; tornado and value of information of the room's."""
    room_s = s.with_values(**{k: p.range for k, (p, _) in pooled.items()})
    st.header(t("rooms.roi_heading"))
    cols = st.columns(2)
    for col, scen, title in ((cols[0], s, t("rooms.roi_yours")), (cols[1], room_s, t("rooms.roi_room"))):
        mc = results(scen).monte_carlo
        with col:
            st.subheader(title)
            m1, m2 = st.columns(2)
            m1.metric(t("rooms.roi_metric"), pct(mc.roi_mean, lang) or t("common.undefined"), border=True)
            m2.metric(t("rooms.roi_chance"), pct(mc.prob_roi_positive * 100, lang), border=True)
            chart(
                charts.roi_histogram_chart(
                    charts.histogram_frame(mc.roi_histogram, lang), charts.markers_frame(mc, lang), lang, height=260
                )
            )
    t1, t2 = st.columns(2)
    with t1:
        st.subheader(t("rooms.tornado_heading"))
        tr = tornado_result(room_s, Metric.ROI_PCT.value)
        bars = sc.tornado_bars(sc.tornado_frame(tr, room_s, lang, cur), lang)
        if len(bars):
            spec = sc.tornado_chart(bars, tr.base, Metric.ROI_PCT.value, lang, cur)
            chart(spec, height=sc.display_height(spec))
    with t2:
        st.subheader(t("rooms.voi_heading"))
        ev = evppi_of(room_s)
        vf = sc.voi_frame(ev, room_s, lang, cur)
        if (vf["evppi"] > 0).any():
            spec = sc.voi_chart(vf, ev.evpi, lang, cur)
            chart(spec, height=sc.display_height(spec))
        st.caption(
            sc.voi_sentence(
                ev, room_s, results(room_s).monte_carlo.npv_mean, results(room_s).deterministic.costs, lang, cur
            )
        )
    return room_s


def _moved(inputs: tuple[str, ...], entries: list[Entry], before: int, after: int, lang: str, cur: str) -> None:
    """How the room moved from one round to the next, per assumption: spread, ranges apart, widths, converged."""
    st.header(t("rooms.compare_heading", before=before))
    rows = []
    for k in inputs:
        b = {str(e.person): e.triple for e in entries if e.round == before and e.key == k}
        a = {str(e.person): e.triple for e in entries if e.round == after and e.key == k}
        if not b or not a:
            continue
        c = convergence(b, a, INPUTS[k])
        rows.append(
            {
                t("rooms.col_input"): rooms.input_title(k, lang, cur),
                t("rooms.col_spread_before", round=before): rooms.shown_text(c.spread_before, k, lang),
                t("rooms.col_spread_after", round=after): rooms.shown_text(c.spread_after, k, lang),
                t("rooms.col_apart_before", round=before): rooms.share_text(c.disjoint_before, lang),
                t("rooms.col_apart_after", round=after): rooms.share_text(c.disjoint_after, lang),
                t("rooms.col_width_before", round=before): rooms.shown_text(c.width_before, k, lang),
                t("rooms.col_width_after", round=after): rooms.shown_text(c.width_after, k, lang),
                t("rooms.col_moved"): rooms.shown_text(c.moved, k, lang),
                t("rooms.col_converged"): t("rooms.yes") if c.converged else t("rooms.no"),
            }
        )
    if rows:
        st.dataframe(rows, hide_index=True)


@st.fragment(run_every=rooms.REFRESH_SECONDS)
def live(store: Store, room: RoomState, code: str, key: str, s: Scenario, lang: str, cur: str) -> None:
    """The live part: who answered, how the room moved, its ranges, its ROI, and the button that adopts them."""
    try:
        now = store.check_key(code, key)
        entries = store.entries(code, key)
    except StorageError:
        st.warning(t("rooms.gone"), icon=":material/link_off:")
        return
    everyone = {e.person for e in entries}
    answered = {e.person for e in entries if e.round == now.round}
    st.metric(
        t("rooms.answered", round=now.round),
        t("rooms.answered_value", n=len(answered), people=len(everyone)),
        border=True,
    )
    if now.round > 1:
        _moved(room.inputs, entries, now.round - 1, now.round, lang, cur)
    if not answered:
        st.info(t("rooms.waiting"), icon=":material/hourglass_empty:")
        return
    pooled = _ranges(room.inputs, entries, now.round, lang, cur)
    room_s = _roi(s, pooled, lang, cur)
    if st.button(
        t("rooms.adopt"), type="primary", key="room_adopt", help=t("rooms.adopt_help"), icon=":material/done_all:"
    ):
        labels = ", ".join(rooms.input_name(k, lang) for k in pooled)
        note = t("rooms.adopt_note", round=now.round, inputs=labels, n=len(answered))
        adopted = dataclasses.replace(room_s, notes=f"{s.notes}\n{note}".strip())
        try:
            store.record_adoption(code, key, now.round, len(answered))
        except StorageError:
            return
        widget_state.request_load(adopted)
        st.session_state["_room_done"] = (now.round, len(answered))
        st.rerun(scope="app")
