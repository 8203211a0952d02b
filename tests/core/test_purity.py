"""roi_core stays a pure computation package.

* It never imports streamlit or altair, not even lazily (the UI lives elsewhere).
* It holds no module-level mutable state besides caches: in a Streamlit server every
  session shares the process, so a module global that one session changes leaks to
  the others. Module-level lookup tables are allowed only if nothing ever mutates them.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "roi_core"
SOURCES = sorted(PACKAGE.rglob("*.py"))
UI_LIBRARIES = ("streamlit", "altair")

MUTABLE_CALLS = {"list", "dict", "set", "defaultdict", "OrderedDict", "deque", "Counter", "bytearray"}
MUTATING_METHODS = {
    "append",
    "extend",
    "insert",
    "update",
    "setdefault",
    "pop",
    "popitem",
    "clear",
    "add",
    "discard",
    "remove",
    "sort",
    "reverse",
    "appendleft",
    "extendleft",
}


def _modules() -> list[str]:
    """Every roi_core module except ``__main__`` (importing it would run the command line)."""
    names = ["roi_core"]
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="roi_core."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return names


def _top_level(stmts: list[ast.stmt]):
    """Module-level statements, looking into module-level if/try blocks."""
    for s in stmts:
        if isinstance(s, ast.If):
            yield from _top_level(s.body)
            yield from _top_level(s.orelse)
        elif isinstance(s, ast.Try):
            for block in (s.body, s.orelse, s.finalbody, *(h.body for h in s.handlers)):
                yield from _top_level(block)
        else:
            yield s


def _is_mutable_value(v: ast.expr | None) -> bool:
    if isinstance(v, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp | ast.SetComp):
        return True
    if isinstance(v, ast.Call):
        f = v.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        return name in MUTABLE_CALLS
    return False


def _mutable_globals(tree: ast.Module) -> dict[str, int]:
    """Module-level names bound to a list/dict/set, with their line."""
    out: dict[str, int] = {}
    for s in _top_level(tree.body):
        targets: list[ast.expr] = []
        if isinstance(s, ast.Assign):
            targets = list(s.targets)
        elif isinstance(s, ast.AnnAssign):
            targets = [s.target]
        if targets and _is_mutable_value(s.value):  # type: ignore[union-attr]
            for t in targets:
                if isinstance(t, ast.Name):
                    out[t.id] = s.lineno
    return out


def _mutations(tree: ast.Module, names: set[str]) -> list[str]:
    """Places where one of ``names`` is changed in place anywhere in the module."""
    found = []

    def base(e: ast.expr) -> str | None:
        while isinstance(e, ast.Subscript | ast.Attribute):
            e = e.value
        return e.id if isinstance(e, ast.Name) else None

    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = [t for t in node.targets if isinstance(t, ast.Subscript | ast.Attribute)]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target] if isinstance(node.target, ast.Subscript | ast.Attribute | ast.Name) else []
            if isinstance(node, ast.AnnAssign):
                targets = [t for t in targets if not isinstance(t, ast.Name)]
        elif isinstance(node, ast.Delete):
            targets = list(node.targets)
        for t in targets:
            if base(t) in names:
                found.append(f"line {node.lineno}: {ast.unparse(node)[:60]}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATING_METHODS
            and base(node.func.value) in names
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node)[:60]}")
    return found


def test_sources_found() -> None:
    # The scans below are vacuous if the glob finds nothing.
    assert {"model.py", "simulate.py", "distributions.py", "assumptions.py", "scenario.py"} <= {p.name for p in SOURCES}


def test_import_does_not_load_ui_libraries() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "from roi_core import Scenario, simulate, deterministic\n"
        "simulate(Scenario(), draws=200); deterministic(Scenario())\n"
        f"print(sorted(m for m in {UI_LIBRARIES!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_ui_import_anywhere_in_the_source(path: Path) -> None:
    # Catches lazy imports inside functions too, which the sys.modules check cannot see.
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for n in names:
            assert n.split(".")[0] not in UI_LIBRARIES, f"{path.name}:{node.lineno} imports {n}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_global_statement(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hits = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Global)]
    assert not hits, f"{path.name}: `global` at lines {hits}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_module_level_containers_are_constants(path: Path) -> None:
    # A module-level list/dict/set must be a constant table: named in UPPER_CASE and never
    # changed in place (prefer tuple / MappingProxyType, which make that impossible).
    tree = ast.parse(path.read_text(encoding="utf-8"))
    mutable = _mutable_globals(tree)
    for name, line in mutable.items():
        assert name == "__all__" or name.lstrip("_").isupper(), f"{path.name}:{line} `{name}` looks like state"
    assert not _mutations(tree, set(mutable)), f"{path.name} changes a module-level container"


def test_scanner_catches_state() -> None:
    # The scan itself must be able to fail.
    tree = ast.parse("RESULTS = []\ncache = {}\ndef f(x):\n    RESULTS.append(x)\n    cache[x] = 1\n")
    assert set(_mutable_globals(tree)) == {"RESULTS", "cache"}
    assert len(_mutations(tree, {"RESULTS", "cache"})) == 2
    assert not _mutations(ast.parse("T = {}\ndef f():\n    return T.get(1)\n"), {"T"})


def test_running_the_model_leaves_module_globals_unchanged() -> None:
    # Runtime check of the same rule: snapshot every module-level list/dict/set, run the public
    # API, and compare.
    from roi_core import CustomBenefit, Range, Scenario, conservative, deterministic, simulate

    modules = [importlib.import_module(m) for m in _modules()]

    def snapshot() -> dict[str, str]:
        return {
            f"{m.__name__}.{k}": repr(v)
            for m in modules
            for k, v in vars(m).items()
            if isinstance(v, list | dict | set) and not k.startswith("__")
        }

    before = snapshot()
    s = Scenario(custom=(CustomBenefit("x", Range(1.0, 2.0, 3.0)),), continuous=True)
    deterministic(s)
    conservative(s)
    simulate(s, draws=500, sampling="lhs").summary()
    assert snapshot() == before
