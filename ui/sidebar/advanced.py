"""Sidebar editors for what no fixed list foresees: custom benefit lines and inputs that move together.

Two groups in the assumption panel, drawn by :func:`render_custom` and
:func:`render_correlations`; :func:`apply` puts what they hold into the
scenario the sidebar built, so every page, the link, exports and the
sensitivity analyses use it.

Why per-line widgets and not ``st.data_editor``: AppTest (Streamlit 1.67)
cannot edit a data editor's cells, a data editor's number column reads
numbers the browser's way (no Dutch notation, no message beside a refused
cell), and a workshop rarely has more than a handful of extra lines. Each
line is a small block of text fields with stable keys: the name
``adv_c{id}_name``, and typed numbers (``ui.common.number_field``: read in the page's
notation, refused with a reason) whose values live under ``adv_c{id}_{field}``
and whose text widgets are ``txt_adv_c{id}_{field}``.

State (all in ``st.session_state``, per session, never module globals):

``_adv_rows``
    The draft lines as plain dicts (see :data:`ROW_FIELDS`), including lines
    with a problem, so a typo never loses a line. Widgets are seeded from the
    drafts on every run and write back through ``on_change`` callbacks, so a
    line survives a closed group, a page switch and the presentation view.
``_adv_pairs``
    The stated correlations (valid :class:`roi_core.Correlation` objects).
``_adv_out``
    The scenario object :func:`apply` returned last. When ``_scenario`` is
    another object, something was loaded (link, preset, reset, upload,
    ``state.request_load``): the drafts are rebuilt from it.

Tests drive the editors through their widgets (``adv_add``, ``adv_c{id}_name``
...) or by setting ``_adv_rows`` before a run; :func:`parse_rows` is pure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import streamlit as st

from roi_core import INPUTS, Correlation, CustomBenefit, Range, Scenario, Shape, uncertain_keys
from roi_core.assumptions import FIELD_BOUNDS
from roi_core.numbers import clip
from roi_core.sampling import check_correlations
from roi_core.scenario import MAX_CUSTOM_BENEFITS, MAX_NAME_LENGTH
from ui.common.choice import index_of
from ui.common.format import number, unit_text
from ui.common.i18n import as_lang, t
from ui.common.number_field import number_field
from ui.common.safe_text import md

__all__ = [
    "ROW_FIELDS",
    "RowProblem",
    "ParsedRows",
    "parse_rows",
    "row_from_benefit",
    "new_row",
    "pair_problem",
    "strength_word",
    "signed",
    "render_custom",
    "render_correlations",
    "apply",
]

#: Fields of a draft line: name, yearly value in euro (low, most likely, high), attribution % (low, most
#: likely, high), confidence %, whether it fades like skills. Rows may also carry ``shape`` and ``attr_shape``
#: (distribution shapes, not editable here, kept so that a loaded line comes back unchanged; default PERT).
ROW_FIELDS = ("name", "low", "likely", "high", "attr_low", "attr", "attr_high", "conf", "decays")
#: Simple mode shows only the most likely attribution; a new line gets this many points either side.
ATTRIBUTION_SPREAD = 20.0
#: Strength steps offered when adding a pair (rank correlation).
STRENGTHS: tuple[float, ...] = tuple(round(i / 10, 1) for i in range(-10, 11))
#: The inputs a pair may use: point-only inputs (confidence) are not simulated.
PAIR_INPUTS: tuple[str, ...] = tuple(k for k, sp in INPUTS.items() if not sp.point_only)
_NUMBER_FIELDS = ("low", "likely", "high", "attr_low", "attr", "attr_high", "conf")


# --- pure helpers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """Why a draft line does not count. ``row`` is 1-based (as shown); ``code`` keys ``adv.err_{code}``."""

    row: int
    code: str
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedRows:
    """The lines that count and the problems of those that do not (the others are still counted)."""

    benefits: tuple[CustomBenefit, ...]
    problems: tuple[RowProblem, ...]


def _number(row: Mapping[str, Any], name: str) -> float | None:
    v = row.get(name)
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    try:
        x = float(v)
    except (OverflowError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _shape(raw: object, low: float, high: float) -> Shape:
    try:
        shape = Shape(raw) if isinstance(raw, str) else Shape.PERT  # Shape is a StrEnum: anything else is no shape
    except ValueError:
        shape = Shape.PERT
    if shape is Shape.FIXED and low < high:
        return Shape.PERT  # a line that got a width is no longer a single number
    if shape is Shape.LOGNORMAL and low <= 0:
        return Shape.PERT  # lognormal needs positive values
    return shape


def _parse_row(row: object, n: int) -> CustomBenefit | RowProblem:
    if not isinstance(row, Mapping):
        return RowProblem(n, "unreadable")
    raw_name = row.get("name")
    name = raw_name.strip() if isinstance(raw_name, str) else ""
    if not name:
        return RowProblem(n, "name_empty")
    if len(name) > MAX_NAME_LENGTH:
        return RowProblem(n, "name_long", {"max": MAX_NAME_LENGTH})
    nums: dict[str, float] = {}
    for f in _NUMBER_FIELDS:
        x = _number(row, f)
        if x is None:
            return RowProblem(n, "not_number", {"name": name, "field": f})
        nums[f] = x
    low, likely, high = nums["low"], nums["likely"], nums["high"]
    if low > high:
        return RowProblem(n, "low_high", {"name": name, "low": low, "high": high})
    if not low <= likely <= high:
        return RowProblem(n, "likely_outside", {"name": name})
    a_low, a, a_high = nums["attr_low"], nums["attr"], nums["attr_high"]
    if not 0 <= a_low <= a_high <= 100:
        return RowProblem(n, "attr_range", {"name": name})
    if not a_low <= a <= a_high:
        return RowProblem(n, "attr_outside", {"name": name})
    if not 0 <= nums["conf"] <= 100:
        return RowProblem(n, "conf_range", {"name": name})
    try:
        value = Range(low, likely, high, _shape(row.get("shape"), low, high))
        attribution = Range(a_low, a, a_high, _shape(row.get("attr_shape"), a_low, a_high))
        return CustomBenefit(name, value, attribution, nums["conf"], bool(row.get("decays", True)))
    except (ValueError, TypeError) as exc:  # the core's own checks: name the line, never a traceback
        return RowProblem(n, "invalid", {"name": name, "error": str(exc)})


def parse_rows(rows: object) -> ParsedRows:
    """Read draft lines into custom benefits; never raises.

    Every line is checked on its own: a line with a problem is left out and
    named in ``problems`` (1-based row number), the others still count. Lines
    beyond :data:`roi_core.scenario.MAX_CUSTOM_BENEFITS` are left out too.

    >>> good = {"name": "Less scrap", "low": 1e3, "likely": 2e3, "high": 4e3,
    ...         "attr_low": 30, "attr": 50, "attr_high": 70, "conf": 70, "decays": True}
    >>> p = parse_rows([good, {**good, "name": " "}])
    >>> [b.name for b in p.benefits], [(q.row, q.code) for q in p.problems]
    (['Less scrap'], [(2, 'name_empty')])
    """
    if isinstance(rows, Mapping | str | bytes) or not isinstance(rows, Sequence):
        return ParsedRows((), (RowProblem(1, "unreadable"),) if rows else ())
    benefits: list[CustomBenefit] = []
    problems: list[RowProblem] = []
    for i, row in enumerate(rows, start=1):
        if i > MAX_CUSTOM_BENEFITS:
            problems.append(RowProblem(i, "too_many", {"max": MAX_CUSTOM_BENEFITS}))
            continue
        got = _parse_row(row, i)
        if isinstance(got, RowProblem):
            problems.append(got)
        else:
            benefits.append(got)
    return ParsedRows(tuple(benefits), tuple(problems))


def row_from_benefit(c: CustomBenefit) -> dict[str, Any]:
    """The draft line that shows ``c`` (``parse_rows`` gives ``c`` back)."""
    v, a = c.value_eur, c.attribution_pct
    return {
        "name": c.name,
        "low": float(v.low),
        "likely": float(v.likely),
        "high": float(v.high),
        "attr_low": float(a.low),
        "attr": float(a.likely),
        "attr_high": float(a.high),
        "conf": float(c.confidence_pct),
        "decays": bool(c.decays),
        "shape": Shape(v.shape).value,
        "attr_shape": Shape(a.shape).value,
    }


def new_row(name: str) -> dict[str, Any]:
    """A fresh line: no value yet (adds nothing until filled in), attribution 50 % +- 20 points."""
    return {
        "name": name,
        "low": 0.0,
        "likely": 0.0,
        "high": 0.0,
        "attr_low": 50.0 - ATTRIBUTION_SPREAD,
        "attr": 50.0,
        "attr_high": 50.0 + ATTRIBUTION_SPREAD,
        "conf": 70.0,
        "decays": True,
    }


def pair_problem(pairs: Sequence[Correlation], a: object, b: object) -> str | None:
    """Why ``a`` and ``b`` cannot be added as a pair (a code of ``adv.err_pair_*``), or ``None``."""
    if a not in INPUTS or b not in INPUTS:
        return "unknown"
    if INPUTS[str(a)].point_only or INPUTS[str(b)].point_only:
        return "point"
    if a == b:
        return "same"
    if any({c.a, c.b} == {a, b} for c in pairs):
        return "twice"
    return None


def strength_word(rho: float) -> str:
    """The words for a rank correlation: a key suffix of ``adv.rho_*``."""
    if rho <= -0.6:
        return "strong_opposite"
    if rho < -0.2:
        return "opposite"
    if rho <= 0.2:
        return "none"
    if rho < 0.6:
        return "together"
    return "strong_together"


# --- session state -----------------------------------------------------------------------------------


def _sync() -> None:
    """Rebuild the drafts when a scenario was loaded since :func:`apply` last ran (see module doc)."""
    ss = st.session_state
    current = ss.get("_scenario")
    if "_adv_rows" in ss and current is ss.get("_adv_out"):
        return
    s = current if isinstance(current, Scenario) else Scenario()
    for row in ss.get("_adv_rows", ()):
        for f in ROW_FIELDS:
            ss.pop(_key(row["id"], f), None)
    start = int(ss.get("_adv_next", 0))
    ss["_adv_rows"] = [{"id": start + i, **row_from_benefit(c)} for i, c in enumerate(s.custom)]
    ss["_adv_next"] = start + len(s.custom)
    ss["_adv_pairs"] = list(s.correlations)
    ss["_adv_msg"] = None
    ss["_adv_out"] = current


def _key(rid: int, f: str) -> str:
    return f"adv_c{rid}_{f}"


def _rows() -> list[dict[str, Any]]:
    return st.session_state.setdefault("_adv_rows", [])


def _find(rid: int) -> dict[str, Any] | None:
    return next((r for r in _rows() if r["id"] == rid), None)


def _changed(rid: int, f: str) -> None:
    """Callback: a line's widget changed; the draft follows (the widgets are re-seeded from it)."""
    ss = st.session_state
    row = _find(rid)
    if row is None:
        return
    new = ss.get(_key(rid, f))
    old = row.get(f)
    row[f] = new
    if f == "likely" and isinstance(new, int | float) and isinstance(old, int | float):
        low, high = row["low"], row["high"]
        if low == high == old:  # no doubt yet: the span follows the value
            row["low"] = row["high"] = new
        elif isinstance(low, int | float) and isinstance(high, int | float) and low <= high:
            row["low"], row["high"] = min(low, new), max(high, new)
    if f == "attr" and ss.get("mode", "simple") != "range" and isinstance(new, int | float):
        # Simple mode shows one attribution: its range moves along, same widths.
        if isinstance(old, int | float):
            d = float(new) - float(old)
            b = FIELD_BOUNDS["custom_attribution_pct"]
            row["attr_low"] = clip(float(row["attr_low"]) + d, b.min, b.max)
            row["attr_high"] = clip(float(row["attr_high"]) + d, b.min, b.max)
        row["attr_low"] = min(float(row["attr_low"]), float(new))
        row["attr_high"] = max(float(row["attr_high"]), float(new))


def _add_row() -> None:
    ss = st.session_state
    rows = _rows()
    if len(rows) >= MAX_CUSTOM_BENEFITS:
        return
    rid = int(ss.get("_adv_next", 0))
    ss["_adv_next"] = rid + 1
    rows.append({"id": rid, **new_row(t("adv.new_name", n=len(rows) + 1))})


def _remove_row(rid: int) -> None:
    ss = st.session_state
    ss["_adv_rows"] = [r for r in _rows() if r["id"] != rid]
    for f in ROW_FIELDS:
        ss.pop(_key(rid, f), None)


def _add_pair() -> None:
    ss = st.session_state
    pairs: list[Correlation] = ss.setdefault("_adv_pairs", [])
    a, b, rho = ss.get("adv_pair_a"), ss.get("adv_pair_b"), ss.get("adv_pair_rho", 0.5)
    code = pair_problem(pairs, a, b)
    if code is None:
        try:
            pairs.append(Correlation(str(a), str(b), float(rho)))
        except (ValueError, TypeError):
            code = "unknown"
    ss["_adv_msg"] = code


def _remove_pair(i: int) -> None:
    pairs = st.session_state.get("_adv_pairs", [])
    if 0 <= i < len(pairs):
        del pairs[i]
    st.session_state["_adv_msg"] = None


# --- widgets -----------------------------------------------------------------------------------------


def _group(title: str, key: str) -> Any:
    """Like the sidebar's groups: only an open group draws its widgets, the label is fixed, and the open
    state is kept in ``_open`` because a browser drops expander state on a page switch."""
    opened: dict[str, bool] = st.session_state.setdefault("_open", {})
    exp = st.expander(title, key=f"grp_{key}", on_change="rerun", expanded=opened.get(key, False))
    opened[key] = bool(exp.open)
    return exp


def _problem_text(p: RowProblem) -> str:
    """The line's problem for ``st.error``: the name the user typed (and the core's detail) shown as text."""
    detail = {k: md(v) for k, v in p.detail.items() if k in ("name", "error")}
    if "field" in p.detail:
        detail["field"] = t(f"adv.col_{p.detail['field']}")
    extra = {k: v for k, v in p.detail.items() if k not in detail and k != "row"}
    return t(f"adv.err_{p.code}", row=p.row, **extra, **detail)


def _line(row: dict[str, Any], n: int, mode: str, cur: str, lang: str) -> None:
    ss = st.session_state
    rid = row["id"]
    for f in ROW_FIELDS:  # seed from the draft: the draft is the truth, the widgets show it
        if f in row:
            ss[_key(rid, f)] = row[f]
    money = unit_text("EUR/yr", cur, lang)
    with st.container(border=True):
        st.text_input(
            t("adv.name", n=n),
            key=_key(rid, "name"),
            max_chars=MAX_NAME_LENGTH,
            on_change=_changed,
            args=(rid, "name"),
            placeholder=t("adv.name_placeholder"),
        )

        # Typed fields read in the page's notation (ui.common.number_field); at most two per row, so that the
        # boxes are wide enough for an amount and the labels break between words (three columns broke
        # "Meest waarschijnlijk" mid-word and left 35 px boxes).
        def field(col: Any, f: str, label: str, bounds: str, help: str | None = None) -> None:  # noqa: A002
            number_field(
                label,
                _key(rid, f),
                FIELD_BOUNDS[bounds],
                lang,
                help=help,
                on_change=_changed,
                args=(rid, f),
                container=col,
                messages_in=st,
            )

        field(st, "likely", f"{t('adv.col_likely')} ({money})", "custom_value_eur")
        low_col, high_col = st.columns(2)
        field(low_col, "low", f"{t('adv.col_low')} ({money})", "custom_value_eur")
        field(high_col, "high", f"{t('adv.col_high')} ({money})", "custom_value_eur")
        # Attribution and confidence carry a help icon and long words ("Toerekening"): full width, one per row.
        field(st, "attr", t("adv.col_attr"), "custom_attribution_pct", t("adv.attr_help"))
        if mode == "range":
            field(st, "attr_low", t("adv.col_attr_low"), "custom_attribution_pct")
            field(st, "attr_high", t("adv.col_attr_high"), "custom_attribution_pct")
        field(st, "conf", t("adv.col_conf"), "custom_confidence_pct", t("adv.conf_help"))
        st.checkbox(
            t("adv.col_decays"),
            key=_key(rid, "decays"),
            on_change=_changed,
            args=(rid, "decays"),
            help=t("adv.decays_help"),
        )
        st.button(
            t("adv.remove_line"),
            key=f"adv_c{rid}_del",
            on_click=_remove_row,
            args=(rid,),
            icon=":material/delete:",
        )


def render_custom(lang: str, mode: str, cur: str) -> None:
    """The "Other benefits" group: one block per line, add and remove, a message per line with a problem."""
    _sync()
    exp = _group(t("adv.custom_title"), "adv_custom")
    if not exp.open:
        return
    with exp:
        st.caption(t("adv.custom_caption"))
        rows = _rows()
        parsed = parse_rows(rows)
        by_row = {p.row: p for p in parsed.problems}
        for n, row in enumerate(rows, start=1):
            _line(row, n, mode, cur, lang)
            if n in by_row:
                st.error(_problem_text(by_row[n]), icon=":material/error:")
        full = len(rows) >= MAX_CUSTOM_BENEFITS
        st.button(
            t("adv.add_line"),
            key="adv_add",
            on_click=_add_row,
            icon=":material/add:",
            disabled=full,
            help=t("adv.max_lines", max=MAX_CUSTOM_BENEFITS) if full else None,
        )


def signed(x: float, lang: str, decimals: int) -> str:
    """A correlation with its sign, in the language's format: ``+0.6`` / ``+0,6``, ``-0,25``.

    >>> signed(0.6, "nl", 1), signed(-0.25, "en", 2), signed(0.0, "en", 1)
    ('+0,6', '-0.25', '0.0')
    """
    return ("+" if x > 0 else "") + (number(x, lang, decimals) or "")


def _pair_text(c: Correlation, lang: str) -> str:
    return t(
        "adv.pair",
        a=INPUTS[c.a].label(as_lang(lang)),
        b=INPUTS[c.b].label(as_lang(lang)),
        rho=signed(c.rho, lang, 2),
        word=t(f"adv.rho_{strength_word(c.rho)}"),
    )


def render_correlations(lang: str) -> None:
    """The "Assumptions that move together" group: the pairs, remove buttons and a picker to add one."""
    _sync()
    exp = _group(t("adv.corr_title"), "adv_corr")
    if not exp.open:
        return
    with exp:
        st.caption(t("adv.corr_caption"))
        ss = st.session_state
        pairs: list[Correlation] = ss.setdefault("_adv_pairs", [])
        for i, c in enumerate(pairs):
            left, right = st.columns([5, 1], vertical_alignment="center")
            left.markdown(_pair_text(c, lang))
            right.button(
                "",
                key=f"adv_pair_del_{c.a}_{c.b}",
                on_click=_remove_pair,
                args=(i,),
                icon=":material/delete:",
                help=t("adv.remove_pair"),
            )
        if not pairs:
            st.caption(t("adv.no_pairs"))
        for k, default in (("adv_pair_a", "productivity_gain_pct"), ("adv_pair_b", "turnover_reduction_pp")):
            if ss.get(k) not in PAIR_INPUTS:
                ss[k] = default if default in PAIR_INPUTS else PAIR_INPUTS[0]
        if ss.get("adv_pair_rho") not in STRENGTHS:
            ss["adv_pair_rho"] = 0.5
        label = {k: INPUTS[k].label(as_lang(lang)) for k in PAIR_INPUTS}
        st.selectbox(
            t("adv.pick_a"),
            PAIR_INPUTS,
            index=index_of(PAIR_INPUTS, "adv_pair_a"),
            key="adv_pair_a",
            format_func=label.__getitem__,
        )
        st.selectbox(
            t("adv.pick_b"),
            PAIR_INPUTS,
            index=index_of(PAIR_INPUTS, "adv_pair_b"),
            key="adv_pair_b",
            format_func=label.__getitem__,
        )
        st.select_slider(
            t("adv.strength"),
            STRENGTHS,
            key="adv_pair_rho",
            format_func=lambda r: f"{signed(r, lang, 1)} {t(f'adv.rho_{strength_word(r)}')}",
            help=t("adv.strength_help"),
        )
        st.button(t("adv.add_pair"), key="adv_pair_add", on_click=_add_pair, icon=":material/add_link:")
        code = ss.get("_adv_msg")
        if code:
            st.error(t(f"adv.err_pair_{code}"), icon=":material/error:")
        ss["_adv_slot"] = st.empty()  # filled by apply() once the scenario is built


def apply(s: Scenario) -> Scenario:
    """``s`` with the editors' lines and pairs; shows the notes that need the built scenario."""
    ss = st.session_state
    _sync()
    out = s
    try:
        out = replace(s, custom=parse_rows(_rows()).benefits, correlations=tuple(ss.get("_adv_pairs", ())))
    except (ValueError, TypeError) as exc:
        st.sidebar.error(t("sidebar.invalid", error=md(exc)))
    ss["_adv_out"] = out
    slot = ss.pop("_adv_slot", None)
    if slot is not None and out.correlations:
        from ui.common.i18n import current_lang

        lang = current_lang()
        varying = set(uncertain_keys(out))
        with slot.container():
            for c in out.correlations:
                fixed = [INPUTS[k].label(as_lang(lang)) for k in (c.a, c.b) if k not in varying]
                if fixed:
                    st.caption(t("adv.pair_idle", pair=_pair_text(c, lang), inputs=", ".join(fixed)))
            if not check_correlations(out).consistent:  # roi_core then uses the nearest consistent set
                st.info(t("adv.inconsistent"), icon=":material/info:")
    return out
