"""Option widgets (radios, select boxes, segmented controls, pills, multiselects) are given the session's value.

The browser falls back to a widget's default when it drops the widget's state, and sends that default back as the
user's choice (a later Dutch session came back in English; see ``ui.common.choice``). So every keyed option widget
passes ``index=`` or ``default=``: a scan of the source, so a new widget without one fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("ui/**/*.py"), *ROOT.glob("views/*.py"), ROOT / "app.py"])
#: Streamlit's option widgets and the keyword that gives their starting value.
OPTION_WIDGETS = {"radio": "index", "selectbox": "index", "segmented_control": "default", "pills": "default"}
OPTION_WIDGETS |= {"multiselect": "default"}


def _option_calls(path: Path) -> list[tuple[int, str, set[str]]]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in OPTION_WIDGETS:
            calls.append((node.lineno, node.func.attr, {k.arg for k in node.keywords if k.arg}))
    return calls


def test_the_scan_finds_the_sidebar_language_radio() -> None:
    calls = _option_calls(ROOT / "ui" / "sidebar" / "sidebar.py")
    assert any(name == "radio" and "key" in kw for _, name, kw in calls)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_keyed_option_widget_is_given_its_current_value(path: Path) -> None:
    missing = [
        f"{path.relative_to(ROOT)}:{line} st.{name} has key= but no {OPTION_WIDGETS[name]}="
        for line, name, kw in _option_calls(path)
        if "key" in kw and OPTION_WIDGETS[name] not in kw
    ]
    assert missing == []
