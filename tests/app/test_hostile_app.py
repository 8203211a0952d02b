"""Hostile names through every page (AppTest): what came from a link or a file is shown as text, everywhere.

Every element Streamlit renders as Markdown (markdown, captions, the four alert boxes, metrics, titles) is rendered
with markdown-it-py and GFM autolinks (``test_safe_text.rendered``), and may hold no link, emphasis, heading, image
or HTML that came from outside. A code scan flags page code that hands scenario text to such an element without
``ui.common.safe_text``. Lone surrogates in an upload are refused, and Reset recovers any session.
"""

from __future__ import annotations

import ast
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from roi_core import CustomBenefit, Range, Scenario
from roi_core.scenario_io import encode, to_dict, to_json
from tests.app.conftest import APP, ROOT, open_groups
from tests.app.test_safe_text import rendered

NAME = "**bold** [phish](https://evil.example/login) <b>x</b>"
LINE = "[c](https://evil.example/c) _em_ # h"
HOSTILE = Scenario(
    name=NAME,
    draws=1_000,
    custom=(CustomBenefit(LINE, Range(100_000.0, 2_000_000.0, 9_000_000.0), decays=False),),
)
PAGES = ("views/overview.py", "views/over_time.py", "views/sensitivity.py", "views/compare.py", "views/share.py")


def shown(at: AppTest) -> list[str]:
    """The Markdown source of every element that Streamlit renders as Markdown."""
    out: list[str] = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader"):
        out += [str(e.value) for e in getattr(at, kind)]
    for m in at.metric:
        out += [str(m.label), str(m.value)]
    return out


def assert_text_only(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for source in shown(at):
        html = rendered(source)
        assert "evil.example" not in re.sub(r">[^<]*<", "><", html), (source, html)  # no address inside a tag
        for marker in ("<strong>bold", "<em>em", "<b>x", "<h1>h", "<a "):
            assert marker not in html, (source, html)


def _run(at: AppTest, page: str) -> AppTest:
    at.run()
    if page != "views/overview.py":
        at.switch_page(page).run()
    return at


class TestHostileNamesEverywhere:
    @pytest.mark.parametrize("page", PAGES)
    def test_from_a_link(self, page: str) -> None:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["s"] = encode(HOSTILE)
        at.query_params["lang"] = "en"
        at.query_params["[q](https://evil.example/q)"] = "**bold**"
        at.query_params["p"] = "[p](https://evil.example/p)"
        if page == "views/sensitivity.py":
            at.query_params["sv"] = "voi"  # the sentence that names the assumption worth measuring first
        open_groups(at)
        at.session_state["grp_adv_custom"] = True  # the custom-line editor open
        _run(at, page)
        assert at.session_state["_scenario"].name == NAME
        assert_text_only(at)
        if page == "views/share.py":
            metric = next(m.value for m in at.metric if m.label == "Scenario")
            assert "phish" in rendered(metric) and "<a " not in rendered(metric)

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_from_a_file_and_its_messages(self, lang: str) -> None:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lang"] = lang
        _run(at, "views/share.py")
        at.session_state["_share_upload_bytes"] = to_json(HOSTILE).encode()
        at.run()
        assert at.session_state["_scenario"].name == NAME
        assert at.success and NAME not in at.success[0].value  # "Loaded ...", escaped
        assert_text_only(at)
        for bad in (
            {**to_dict(Scenario()), "[u](https://evil.example/u)": 1},  # an unknown field
            {**to_dict(Scenario()), "enabled": ["**bold** [e](https://evil.example/e)"]},  # a bad value
            {**to_dict(Scenario()), "hurdle_pct": 10**4000},  # a 4,000-digit number
        ):
            at.session_state["_share_upload_bytes"] = json.dumps(bad).encode()
            at.run()
            assert len(at.error) == 1
            assert len(at.error[0].value) < 600
            assert_text_only(at)

    def test_custom_line_problems_in_the_sidebar_editor(self) -> None:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lang"] = "en"
        at.query_params["s"] = encode(HOSTILE)
        at.session_state["grp_adv_custom"] = True
        at.run()
        rows = at.session_state["_adv_rows"]
        rid = rows[0]["id"]
        at.text_input(key=f"txt_adv_c{rid}_low").input("9500000").run()  # low above high: a line problem
        assert at.error, "the editor shows the line's problem"
        assert_text_only(at)


class TestSurrogatesAndReset:
    def test_a_lone_surrogate_in_an_upload_is_refused_and_the_session_keeps_working(self) -> None:
        at = AppTest.from_file(APP, default_timeout=60)
        _run(at, "views/share.py")
        before = at.session_state["_scenario"]
        at.session_state["_share_upload_bytes"] = b'{"version": 1, "name": "\\ud800", "inputs": {}}'
        at.run()
        assert not at.exception
        assert len(at.error) == 1 and "not valid text" in at.error[0].value
        assert at.session_state["_scenario"] == before
        at.run()
        assert not at.exception

    def test_reset_recovers_a_session_whatever_it_holds(self) -> None:
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["grp_adv_custom"] = True
        at.run()
        bad = Scenario(name="ok", custom=(CustomBenefit("line", Range(1, 2, 3)),))
        object.__setattr__(bad, "name", "\ud800")  # built around the validation, as an old session might hold
        at.session_state["_pending"] = (bad, ("[x](https://evil.example)",))
        at.run()
        at.button(key="reset").click().run()
        assert not at.exception
        assert at.session_state["_scenario"] == Scenario()
        assert at.session_state["_adv_rows"] == []
        at.run()
        assert not at.exception


# --- the code scan ------------------------------------------------------------------------------------------

#: Streamlit calls whose text is rendered as Markdown.
_MARKDOWN_CALLS = {
    "markdown",
    "caption",
    "error",
    "warning",
    "info",
    "success",
    "toast",
    "metric",
    "title",
    "header",
    "subheader",
    "write",
    "expander",
}
#: Where scenario text lives: ``s.name``, ``s.notes``, ``c.name``, and the text of an exception.
_OUTSIDE_ATTRS = {"name", "notes"}
_SAFE = {"md", "cut", "html", "notice_text", "_problem_text", "voi_sentence"}


def _outside_text(node: ast.AST, exc_names: set[str]) -> list[str]:
    """Sub-expressions of ``node`` that carry outside text without a ``ui.common.safe_text`` helper around them."""
    found: list[str] = []

    def walk(n: ast.AST) -> None:
        if isinstance(n, ast.Call):
            f = n.func
            fname = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if fname in _SAFE:
                return
        if isinstance(n, ast.Attribute) and n.attr == "kind" and isinstance(n.value, ast.Name):
            return  # a structured error's kind (``err.kind``) is the project's own code, translated by the catalogue
        if isinstance(n, ast.Attribute) and n.attr in _OUTSIDE_ATTRS and not _is_module_attr(n):
            found.append(ast.unparse(n))
            return
        if isinstance(n, ast.Name) and n.id in exc_names:
            found.append(n.id)
            return
        for child in ast.iter_child_nodes(n):
            walk(child)

    walk(node)
    return found


def _is_module_attr(n: ast.Attribute) -> bool:
    # ``path.name``, ``f.name`` of a dataclass field and the like are not scenario text; scenario text is read from
    # a scenario (``s``, ``scenario``, ``loaded.scenario``) or a custom line (``c``, ``line``).
    base = n.value
    text = ast.unparse(base)
    return not re.search(r"(^|\.)(s|scenario|c|line|benefit|loaded_name)$", text)


def scan(source: str) -> list[tuple[int, str]]:
    """Lines where a Markdown-rendering Streamlit call gets outside text that did not pass ``ui.common.safe_text``."""
    tree = ast.parse(source)
    exc_names = {h.name for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler) and h.name}
    exc_names |= {"loaded_name"}  # the name of an uploaded file's scenario (kept in session state)
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr not in _MARKDOWN_CALLS:
            continue
        args = [*node.args, *(k.value for k in node.keywords if k.arg not in ("icon", "key", "border"))]
        for a in args:
            for what in _outside_text(a, exc_names):
                bad.append((node.lineno, what))
        # ``t("...", name=...)``: the same rule for what goes into a catalogue text.
    return bad


_CODE = [*ROOT.glob("views/*.py"), *ROOT.glob("ui/**/*.py"), ROOT / "app.py"]


class TestCodeScan:
    def test_the_scan_finds_the_holes_it_was_written_for(self) -> None:
        old = (
            "cols[0].metric(t('share.scenario'), s.name)\n"
            "st.success(t('share.upload_ok', name=loaded_name))\n"
            "try:\n    pass\nexcept ValueError as exc:\n    st.error(t('x', reason=str(exc)))\n"
        )
        assert [line for line, _ in scan(old)] == [1, 2, 6]
        assert scan("st.metric(t('a'), md(s.name))\nst.error(t('x', reason=md(exc)))\n") == []
        assert scan("try:\n    pass\nexcept E as err:\n    st.error(text_of(err.kind))\n") == []

    @pytest.mark.parametrize(
        "path",
        sorted(str(p.relative_to(ROOT)) for p in [*ROOT.glob("views/*.py"), *ROOT.glob("ui/**/*.py"), ROOT / "app.py"]),
    )
    def test_no_page_shows_outside_text_unescaped(self, path: str) -> None:
        assert scan((ROOT / path).read_text(encoding="utf-8")) == []

    def test_the_helper_is_the_one_home_of_escaping(self) -> None:
        homes = []
        for p in [*ROOT.glob("views/*.py"), *ROOT.glob("ui/**/*.py")]:
            text = p.read_text(encoding="utf-8")
            if p.name != "safe_text.py" and re.search(r"^(from html import|import html)\b", text, flags=re.M):
                homes.append(p.name)
        assert homes == []
