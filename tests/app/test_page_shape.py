"""Page scripts stay short and thin: at most MAX_LINES lines, and no model logic of their own.

A page reads top to bottom: read the scenario, call ``ui`` helpers (which call
``roi_core``), render. So a page imports from ``roi_core`` only what it shows
or hands on (registries, constants, types, a record's serialiser, a typed
value's parser), never a model or analysis function, no numerical library and
no private name of another module. Long widget blocks and tables belong in a
``ui`` module (``ui.sensitivity.sensitivity_parts``, ``ui.rooms.facilitator``, ``ui.exports.share``, ...).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "app.py", *(ROOT / "views").glob("*.py")])
MAX_LINES = 160

#: What a page may import from roi_core, and why it is not model logic.
ALLOWED_FROM_CORE = {
    "INPUTS": "the input registry: labels and units the Method page lists",
    "SOURCES": "the source registry the Method page cites",
    "Group": "the assumption groups the Method page heads its sections with",
    "OUTPUT_METRICS": "the metric registry the Method page explains",
    "VIEW_LABELS": "the names of the metric views",
    "CONTINUE_AT": "the advice rule's threshold, stated on the page",
    "STOP_BELOW": "the advice rule's threshold, stated on the page",
    "Programme": "the record's type (a guard checks what the session holds)",
    "ProgrammeError": "the record's error, shown as a message",
    "to_json": "the record's serialiser (the cache key of its outcomes)",
    "MAX_NAME_LENGTH": "a field's length limit, given to its text box",
    "MAX_NOTE_LENGTH": "a field's length limit, given to its text box",
    "EstimateError": "a typed estimate's error, shown as a message",
    "estimate_from_text": "reads a participant's typed range (validation, not a model)",
}
#: Libraries that would mean numbers are worked out in the page itself.
NUMERIC = {"numpy", "scipy", "SALib", "statsmodels"}


def problems(source: str, name: str = "page.py") -> list[str]:
    """What is wrong with one page script's source: too long, model logic, numerics or private names."""
    out = []
    lines = source.count("\n") + (not source.endswith("\n") and bool(source))
    if lines > MAX_LINES:
        out.append(f"{name}: {lines} lines (at most {MAX_LINES}): move widget blocks and tables to ui")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for a in node.names:
                top = a.name.split(".")[0]
                if top == "roi_core":
                    out.append(f"{name}: 'import {a.name}' (import the names it shows, from ui or the registry)")
                if top in NUMERIC:
                    out.append(f"{name}: imports {a.name}: numbers are worked out in roi_core, not in a page")
        elif isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")[0]
            if top in NUMERIC:
                out.append(f"{name}: imports from {node.module}: numbers are worked out in roi_core, not in a page")
            for a in node.names:
                if a.name.startswith("_"):
                    out.append(f"{name}: imports the private {node.module}.{a.name}")
                if top == "roi_core" and a.name not in ALLOWED_FROM_CORE:
                    out.append(
                        f"{name}: imports {node.module}.{a.name}, not in ALLOWED_FROM_CORE: model calls go in ui"
                    )
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_page_is_short_and_thin(page: Path) -> None:
    assert problems(page.read_text(encoding="utf-8"), page.name) == []


def test_every_page_is_checked() -> None:
    assert len(PAGES) >= 12 and ROOT / "views" / "sensitivity.py" in PAGES


class TestTheCheckCanFail:
    def test_a_long_page(self) -> None:
        assert problems("x = 1\n" * (MAX_LINES + 1)) == [
            f"page.py: {MAX_LINES + 1} lines (at most {MAX_LINES}): move widget blocks and tables to ui"
        ]
        assert problems("x = 1\n" * MAX_LINES) == []

    @pytest.mark.parametrize(
        "line",
        [
            "from roi_core import simulate",
            "from roi_core.sensitivity import tornado",
            "import roi_core.model",
            "import numpy as np",
            "from scipy import stats",
            "from ui.common.widget_state import _ss",
        ],
    )
    def test_model_logic_numerics_and_private_names(self, line: str) -> None:
        assert len(problems(line + "\n")) == 1

    def test_what_a_page_may_import(self) -> None:
        assert (
            problems("from roi_core import INPUTS, SOURCES\nfrom ui.common.compute import results\nimport pandas\n")
            == []
        )


def test_ui_modules_live_in_the_part_of_the_app_they_serve() -> None:
    """``ui/`` holds subpackages only (common, sidebar, sensitivity, ...): the tree shows the app's parts."""
    ui = ROOT / "ui"
    flat = sorted(p.name for p in ui.glob("*.py") if p.name != "__init__.py")
    assert flat == [], f"put {flat} in a subpackage of ui/ (ui/common/ if every page uses it)"
    parts = sorted(p.parent.name for p in ui.glob("*/__init__.py"))
    assert "common" in parts and len(parts) >= 5
    assert all(list((ui / part).glob("*.py")) != [ui / part / "__init__.py"] for part in parts)  # no empty part
