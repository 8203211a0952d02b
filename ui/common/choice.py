"""The current choice of an option widget, given back to it as its default.

The app's option widgets (radios, select boxes, segmented controls) take their value from
``st.session_state[key]`` and are created without ``index=`` or ``default=``. The browser falls back to
that default when it drops a widget's state, and then sends it back as the user's choice. Seen on
Streamlit 1.67: a second Dutch session on one server that typed a number came back, now and then, in
English (the language radio's first option), with "very sure" ranges (the sureness radio's first option)
and no outlook (a segmented control's ``None``). Given the current value as the default, a dropped
state falls back to what the session already had. The widgets' identity is their key, so a default that
follows the value does not make Streamlit see a new widget.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

__all__ = ["index_of", "current"]


def index_of(options: Iterable[Any], key: str, fallback: int = 0) -> int:
    """The position of ``st.session_state[key]`` among ``options`` (``fallback`` when absent): a radio's ``index``."""
    options = list(options)
    value = st.session_state.get(key)
    return options.index(value) if value in options else fallback


def current(options: Iterable[Any], key: str, fallback: Any = None) -> Any:
    """``st.session_state[key]`` when it is one of ``options``, else ``fallback``: a segmented control's ``default``."""
    value = st.session_state.get(key)
    return value if value in list(options) else fallback
