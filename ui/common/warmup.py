"""Once per server process: load every module, then take what is loaded out of the garbage collector's rounds.

Python's generational collector walks every tracked object of the oldest
generation now and then; with pandas, Altair's schema classes, scipy and the
rest loaded, that is some 160,000 module-level objects that are never garbage.
``gc.freeze()`` moves the objects alive at start-up into a permanent generation
that collections skip. Objects created later, such as sessions' data, are
collected as before. (Streamlit's own full collection after every script run,
``runner.postScriptGC``, is off in ``.streamlit/config.toml``: it walked every
session's objects after every run, which made a room of sessions quadratic.)
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
    """Import every module of ``roi_core`` and ``ui``, subpackages too (no page loads one later), freeze; the count."""
    for package in (roi_core, ui):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)
    gc.collect()  # what is garbage now is not frozen with the rest
    gc.freeze()
    return gc.get_freeze_count()
