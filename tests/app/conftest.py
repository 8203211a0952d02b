"""Helpers for the AppTest tests of the app shell and its pages.

The page scripts live in ``views/``, not ``pages/``: Streamlit treats a
``pages/`` folder as the old file-based navigation, and a fresh server whose
first request is a sub-page (a shared deep link) then runs that page alone,
without ``app.py`` and its sidebar. ``tests/app/test_app.py`` checks that no
``pages/`` folder comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from roi_core import Group
from ui.common.layout import TABLES

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


#: Keys of the sidebar's collapsible groups (only open groups draw their sliders).
GROUP_KEYS = tuple(f"grp_{g.value}" for g in Group) + ("grp_simulation",)


def open_groups(at: AppTest) -> AppTest:
    """Open every group of the assumption panel, as a user would click them open (before the next run)."""
    for key in GROUP_KEYS:
        at.session_state[key] = True
    return at


def metric(at: AppTest, label: str) -> str:
    """The displayed value of the metric whose label is ``label``."""
    for m in at.metric:
        if m.label == label:
            return str(m.value)
    raise AssertionError(f"no metric {label!r}; have {[m.label for m in at.metric]}")


def chart_titles(at: AppTest) -> list[str]:
    """The titles of the drawn charts, in page order (``ui.common.layout.chart`` writes each in bold above it)."""
    texts = [m.value for m in at.markdown]
    return [v[2:-2].replace("\\$", "$") for v in texts if v.startswith("**") and v.endswith("**") and len(v) > 4]


def open_tables(at: AppTest) -> AppTest:
    """Open every "show the numbers as a table" expander (only open ones draw their table)."""
    for name in TABLES:
        at.session_state[f"tbl_{name}"] = True
    return at


@pytest.fixture
def make_app() -> Callable[..., AppTest]:
    """A fresh AppTest of ``app.py`` with optional query parameters set before the first run."""

    def make(*, closed: bool = False, tables: bool = True, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for k, v in params.items():
            at.query_params[k] = v
        if not closed:
            open_groups(at)
        if tables:
            open_tables(at)
        return at

    return make
