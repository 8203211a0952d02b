"""ui.common.warmup: after start-up the objects of every loaded module are out of the garbage collector's rounds."""

from __future__ import annotations

import gc
import sys
import tomllib
from pathlib import Path

from ui.common.warmup import freeze_startup_objects


def test_loads_every_module_and_freezes_them() -> None:
    freeze_startup_objects.clear()
    try:
        frozen = freeze_startup_objects()
        assert frozen > 50_000 and gc.get_freeze_count() > 50_000  # pandas, Altair, scipy, ... are many objects
        ui_dir = Path(__file__).resolve().parents[2] / "ui"
        files = [p.parent if p.name == "__init__.py" else p.with_suffix("") for p in ui_dir.rglob("*.py")]
        every_ui_module = {".".join(p.relative_to(ui_dir.parent).parts) for p in files}
        assert {"ui.exports.report", "ui.sensitivity.sensitivity_charts", "ui.common.warmup"} <= every_ui_module
        assert every_ui_module - set(sys.modules) == set()  # subpackages too: the walk goes into them
        for name in ("roi_core.decision", "roi_core.cli"):
            assert name in sys.modules
        assert "roi_core.__main__" not in sys.modules  # importing it would run the command line
        # Objects made after start-up are still collected: a cycle made now is found and freed.
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
        assert freeze_startup_objects() == frozen  # once per process (st.cache_resource)
    finally:
        gc.unfreeze()
        freeze_startup_objects.clear()


def test_no_full_collection_after_every_run() -> None:
    # Streamlit's post-run collection walks every session's objects: quadratic in a room (docs/capacity.md).
    config = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"
    with config.open("rb") as fh:
        assert tomllib.load(fh)["runner"]["postScriptGC"] is False
