"""Presentation view: a few assumptions pinned to the main area, so they can be tried live on a projector.

The facilitator picks them in the normal view (the multiselect "Show on the
projector" under the presentation switch); the presentation view then draws
those sliders above the page, with the active starting point and outlook.
The choice is kept in the link (``pin=key1,key2``) and in ``_pins`` (not a
widget key) while the multiselect is hidden.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from roi_core import INPUTS, InputSpec
from ui.common.i18n import as_lang, t, translate

__all__ = ["MAX_PINS", "PIN_PARAM", "parse_pins", "pins", "seed", "pick", "link_param", "draw"]

#: URL parameter of the pinned inputs.
PIN_PARAM = "pin"
#: Widget key of the picker; ``_pins`` keeps its value while the picker is hidden.
PIN_KEY = "pins"
_KEPT = "_pins"
#: More than this and the sliders push the numbers off the projector's screen.
MAX_PINS = 6


def parse_pins(raw: object) -> tuple[str, ...]:
    """The known input keys of a ``pin`` parameter, in order, each once, at most :data:`MAX_PINS`.

    >>> parse_pins("participants,nope,participants,learning_hours")
    ('participants', 'learning_hours')
    """
    out: list[str] = []
    for key in str(raw or "").split(","):
        key = key.strip()
        if key in INPUTS and key not in out:
            out.append(key)
    return tuple(out[:MAX_PINS])


def seed() -> None:
    """Before the sidebar draws: the picker's value from the link (first run) or from ``_pins`` (it was hidden)."""
    ss = st.session_state
    if _KEPT not in ss:
        ss[_KEPT] = list(parse_pins(st.query_params.get(PIN_PARAM, "")))
    if PIN_KEY not in ss:
        ss[PIN_KEY] = list(ss[_KEPT])


def pins() -> tuple[str, ...]:
    """The pinned input keys of this session."""
    ss = st.session_state
    return parse_pins(",".join(ss.get(PIN_KEY, ss.get(_KEPT, []))))


def _keep() -> None:
    st.session_state[_KEPT] = list(pins())


def pick(lang: str) -> None:
    """The picker (normal view): which assumptions the presentation view shows as sliders."""
    st.multiselect(
        t("workshop.pins"),
        tuple(INPUTS),
        default=list(pins()),  # what the browser falls back to if it drops the state (see ui.common.choice)
        key=PIN_KEY,
        format_func=lambda k: INPUTS[k].label(as_lang(lang)),
        max_selections=MAX_PINS,
        placeholder=t("workshop.pins_placeholder"),
        help=t("workshop.pins_help", n=MAX_PINS),
        on_change=_keep,
    )
    _keep()


def link_param() -> dict[str, str]:
    """``{"pin": "a,b"}`` for the share link, or nothing when no input is pinned."""
    chosen = pins()
    return {PIN_PARAM: ",".join(chosen)} if chosen else {}


def draw(draw_input: Callable[[InputSpec], None], lang: str, preset: str, variant: str) -> None:
    """Presentation view, main area: the starting point and outlook, then the pinned sliders in columns."""
    with st.container(border=True, key="present_pins"):
        st.markdown(
            t(
                "workshop.present_context",
                preset=preset,
                variant=translate(lang, f"variant.{variant}"),
            )
        )
        chosen = pins()
        if not chosen:
            st.caption(t("workshop.present_no_pins"))
            return
        cols = st.columns(min(len(chosen), 3))
        for i, key in enumerate(chosen):
            with cols[i % len(cols)]:
                draw_input(INPUTS[key])
