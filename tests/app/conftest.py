"""Helpers for the AppTest tests of the app shell and its pages.

AppTest in Streamlit 1.67 resets ``PagesManager.uses_pages_directory`` before
every run and then sets it to True because a ``pages/`` folder exists. From
the second run on it then runs the page file alone (the old ``pages/``
directory behaviour) instead of ``app.py``, so the shared sidebar disappears
and widgets cannot be found. The real server flips the flag to False as soon
as ``st.navigation`` is called; the fixture below does the same for AppTest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from roi_core import Group

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def navigation_v2(monkeypatch: pytest.MonkeyPatch) -> None:
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


#: Keys of the sidebar's collapsible groups (only open groups draw their sliders).
GROUP_KEYS = tuple(f"grp_{g.value}" for g in Group) + ("grp_simulation",)


def open_groups(at: AppTest) -> AppTest:
    """Open every group of the assumption panel, as a user would click them open (before the next run)."""
    for key in GROUP_KEYS:
        at.session_state[key] = True
    return at


@pytest.fixture
def make_app() -> Callable[..., AppTest]:
    """A fresh AppTest of ``app.py`` with optional query parameters set before the first run."""

    def make(*, closed: bool = False, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for k, v in params.items():
            at.query_params[k] = v
        if not closed:
            open_groups(at)
        return at

    return make
