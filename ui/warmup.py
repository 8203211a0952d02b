"""Once per server process: load every module, then take what is loaded out of the garbage collector's rounds.

Streamlit runs a full garbage collection after every script run
(``runner.postScriptGC``, on by default, so memory does not build up). A full
collection walks every tracked object: with pandas, Altair's schema classes,
scipy and the rest loaded that is some 160,000 objects and 75 ms, after each
slider move, while holding the GIL, so the last messages of the run (and the
browser's "done") wait for it. ``gc.freeze()`` moves the objects alive at
start-up, nearly all of them module-level and never garbage, into a permanent
generation that collections skip (the collection then takes well under a
millisecond). Objects created later, such as sessions' data, are collected as
before.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil

import streamlit as st

import roi_core
import ui

__all__ = ["freeze_startup_objects"]


@st.cache_resource(show_spinner=False)
def freeze_startup_objects() -> int:
    """Import all of ``roi_core`` and ``ui`` (so no page loads a library later), freeze; the frozen object count."""
    for package in (roi_core, ui):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)
    gc.collect()  # what is garbage now is not frozen with the rest
    gc.freeze()
    return gc.get_freeze_count()
