"""The KPI plan in the app: draft rows, Dutch/English number typing, the gap table, session state and the link.

Pure helpers at the top (``parse_number``, ``parse_rows``, ``row_from_kpi``,
``gap_rows``, ``plan_rows``) know nothing about Streamlit and are unit-tested.

State (``st.session_state``, per session):

``_kpi_plan``
    The plan that counts: the valid KPIs (a :class:`roi_core.kpi.KpiPlan`).
``_kpi_rows``
    The draft rows as plain dicts (:data:`ROW_FIELDS` plus ``id``), including
    rows with a problem, so a typo never loses a KPI. Numbers are kept as the
    text the user typed.
``_kpi_reload``
    Set by :func:`load_plan` (link, scenario file, programme record): the page
    rebuilds its drafts and widgets from ``_kpi_plan`` on its next run.
``_kpi_undo``
    The scenario before "Calculate the ROI of these targets", for the undo button.

The link carries the plan in its own parameter ``k``
(:func:`roi_core.kpi.encode_plan`: numbers only; names, sources and owners
are left out to keep it short). :func:`sync_link` runs in ``app.py`` after the
sidebar on every run.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from roi_core import INPUTS, Scenario
from roi_core.kpi import (
    DEFAULT_FEED,
    DEFAULT_MOMENTS,
    DEFAULT_UNIT,
    MAX_KPIS,
    Kpi,
    KpiError,
    KpiPlan,
    Outcome,
    decode_plan,
    encode_plan,
    parse_moments,
    plan_to_scenario,
)
from ui.common.format import input_title, number
from ui.common.i18n import translate

__all__ = [
    "ROW_FIELDS",
    "TRACKED",
    "LINK_KEY",
    "Problem",
    "parse_number",
    "number_text",
    "retype",
    "parse_rows",
    "row_from_kpi",
    "new_row",
    "gap_rows",
    "plan_rows",
    "problem_text",
    "outcome_label",
    "unit_label",
    "input_label",
    "current_plan",
    "load_plan",
    "sync_link",
]

#: Fields of a draft row (``baseline``, ``target`` and ``moments`` as typed text).
ROW_FIELDS: tuple[str, ...] = ("name", "outcome", "unit", "baseline", "target", "input", "source", "owner", "moments")
#: The input choice "feeds no model input" (tracked only).
TRACKED = "-"
LINK_KEY = "k"

_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(text: object, lang: str) -> float:
    """A number typed in the page's language; ``ValueError`` when it could be misread.

    Dutch: decimal comma, thousands dot (``1.234,5``); English: the reverse
    (``1,234.5``). A thousands separator must group exactly three digits, so
    ``1.5`` on a Dutch page (or ``1,5`` on an English one) is refused rather
    than guessed. Spaces and a euro sign are ignored.

    >>> parse_number("1.234,5", "nl"), parse_number("1,234.5", "en"), parse_number("0,25", "nl")
    (1234.5, 1234.5, 0.25)
    >>> parse_number("1.500", "nl"), parse_number("1.500", "en")
    (1500.0, 1.5)
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        if not math.isfinite(text):
            raise ValueError("not finite")
        return float(text)
    s = _SPACES.sub("", str(text or "")).replace("€", "").replace("−", "-")
    if not s:
        raise ValueError("empty")
    dec, thou = (",", ".") if lang == "nl" else (".", ",")
    sign = ""
    if s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    whole, sep, frac = s.partition(dec)
    if sep and (not frac.isdigit() or dec in frac):
        raise ValueError("bad decimals")
    if thou in whole:
        groups = whole.split(thou)
        if not (groups[0].isdigit() and len(groups[0]) <= 3 and all(len(g) == 3 and g.isdigit() for g in groups[1:])):
            raise ValueError("ambiguous separator")
        whole = "".join(groups)
    if not (whole.isdigit() or (whole == "" and sep)):
        raise ValueError("not a number")
    x = float(sign + (whole or "0") + ("." + frac if sep else ""))
    if not math.isfinite(x):
        raise ValueError("not finite")
    return x


def number_text(x: float, lang: str) -> str:
    """A number as the page would have it typed (no thousands separators, the language's decimal mark).

    >>> number_text(1234.5, "nl"), number_text(90.0, "en")
    ('1234,5', '90')
    """
    text = str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))
    return text.replace(".", ",") if lang == "nl" else text


def retype(rows: Sequence[Mapping[str, Any]], old: str, new: str) -> list[dict[str, Any]]:
    """Draft rows with their numbers re-typed from language ``old`` to ``new``; unreadable ones kept as typed.

    >>> retype([{"baseline": "1.234,5", "target": "oops"}], "nl", "en")
    [{'baseline': '1234.5', 'target': 'oops'}]
    """
    out = []
    for r in rows:
        row = dict(r)
        for f in ("baseline", "target"):
            with contextlib.suppress(ValueError):  # kept as typed: the row's problem says what to fix
                row[f] = number_text(parse_number(row.get(f), old), new)
        out.append(row)
    return out


@dataclass(frozen=True)
class Problem:
    """A draft row that cannot become a KPI: 1-based ``row``, catalogue ``code`` (``kpi.problem.<code>``), details."""

    row: int
    code: str
    details: Mapping[str, Any] = field(default_factory=dict)


def new_row(outcome: str = Outcome.PRODUCTIVITY.value, row_id: int = 0) -> dict[str, Any]:
    """A fresh draft row for ``outcome`` with its usual unit and input, baseline and target still empty."""
    o = Outcome(outcome)
    return {
        "id": row_id,
        "name": "",
        "outcome": o.value,
        "unit": DEFAULT_UNIT[o],
        "baseline": "",
        "target": "",
        "input": DEFAULT_FEED[o] or TRACKED,
        "source": "",
        "owner": "",
        "moments": ", ".join(str(m) for m in DEFAULT_MOMENTS),
    }


def row_from_kpi(k: Kpi, lang: str, row_id: int = 0) -> dict[str, Any]:
    """The draft row that shows ``k`` (``parse_rows`` gives ``k`` back)."""
    return {
        "id": row_id,
        "name": k.name,
        "outcome": k.outcome.value,
        "unit": k.unit,
        "baseline": number_text(k.baseline, lang),
        "target": number_text(k.target, lang),
        "input": k.input or TRACKED,
        "source": k.source,
        "owner": k.owner,
        "moments": ", ".join(str(m) for m in k.moments),
    }


def parse_rows(rows: Sequence[Mapping[str, Any]], lang: str) -> tuple[KpiPlan, tuple[Problem, ...]]:
    """Read draft rows into a plan; never raises. A row with a problem is left out and named; the others count.

    A row whose baseline and target are both still empty is left out without a problem: it was just added.

    >>> good = new_row("errors") | {"baseline": "120", "target": "90"}
    >>> plan, problems = parse_rows([good, good | {"target": "120"}, good | {"baseline": "1.5"}], "nl")
    >>> len(plan), [(p.row, p.code) for p in problems]
    (1, [(2, 'no_change'), (3, 'bad_number')])
    >>> parse_rows([new_row("errors")], "nl")[1], parse_rows([new_row("errors") | {"baseline": "5"}], "nl")[1][0].code
    ((), 'empty_number')
    """
    kpis: list[Kpi] = []
    problems: list[Problem] = []
    for i, row in enumerate(rows, start=1):
        if i > MAX_KPIS:
            problems.append(Problem(i, "too_many", {"max": MAX_KPIS}))
            continue
        if not any(str(row.get(name) or "").strip() for name in ("baseline", "target")):
            continue  # just added, nothing typed yet: not a mistake (the page says what to fill in), not a KPI yet
        nums: dict[str, float] = {}
        bad = None
        for name in ("baseline", "target"):
            try:
                nums[name] = parse_number(row.get(name), lang)
            except ValueError:
                bad = Problem(
                    i, "empty_number" if not str(row.get(name) or "").strip() else "bad_number", {"field": name}
                )
                break
        if bad is not None:
            problems.append(bad)
            continue
        try:
            moments = parse_moments(row.get("moments"))
            feed = row.get("input")
            k = Kpi(
                name=str(row.get("name") or ""),
                outcome=row.get("outcome"),  # type: ignore[arg-type]  # a cell: Kpi makes it an Outcome or raises
                unit=str(row.get("unit")),
                baseline=nums["baseline"],
                target=nums["target"],
                input=None if feed in (None, "", TRACKED) else str(feed),
                source=str(row.get("source") or ""),
                owner=str(row.get("owner") or ""),
                moments=moments,
            )
            KpiPlan((*kpis, k))
        except KpiError as exc:
            problems.append(Problem(i, exc.code, dict(exc.details)))
            continue
        kpis.append(k)
    return KpiPlan(tuple(kpis)), tuple(problems)


def outcome_label(outcome: str, lang: str) -> str:
    return translate(lang, f"kpi.outcome.{outcome}")


def unit_label(unit: str, lang: str) -> str:
    return translate(lang, f"kpi.unit.{unit}")


def input_label(key: str | None, lang: str) -> str:
    """The registry's name of the input a KPI feeds (its unit in brackets), or "tracked only"."""
    if key in (None, "", TRACKED):
        return translate(lang, "kpi.tracked_only")
    s = INPUTS[str(key)]
    return input_title(s, lang)


def problem_text(p: Problem, lang: str) -> str:
    """A problem in the user's language: "KPI 2: ..." (details formatted in the page's notation)."""
    d = dict(p.details)
    fmt: dict[str, object] = {}
    for k, v in d.items():
        if isinstance(v, float):
            fmt[k] = number(v, lang, 2) or "?"
        elif k == "input":
            fmt[k] = input_label(str(v), lang)
        elif k == "field":
            fmt[k] = translate(lang, f"kpi.col.{v}")
        elif k == "allowed":
            fmt[k] = " / ".join(unit_label(u, lang) for u in v)
        elif k == "unit":
            fmt[k] = unit_label(str(v), lang)
        else:
            fmt[k] = str(v)[:60]
    body = translate(lang, f"kpi.problem.{p.code}", **fmt)
    if body == f"kpi.problem.{p.code}":
        body = translate(lang, "kpi.problem.invalid")
    return translate(lang, "kpi.problem_row", row=p.row, text=body)


def _value_text(key: str, x: float, lang: str) -> str:
    return number(x, lang, INPUTS[key].decimals) or "?"


def gap_rows(plan: KpiPlan, scenario: Scenario, lang: str) -> list[dict[str, str]]:
    """The gap table: per KPI, the input it feeds, what hitting the target means, today's assumption, the gap."""
    out = []
    for g in plan_to_scenario(plan, scenario).gaps:
        k = plan.kpis[g.kpi]
        name = k.name or outcome_label(k.outcome.value, lang)
        if g.input is None:
            out.append(
                {
                    translate(lang, "kpi.col.name"): name,
                    translate(lang, "kpi.col.input"): input_label(None, lang),
                    translate(lang, "kpi.gap.target_value"): "",
                    translate(lang, "kpi.gap.today"): "",
                    translate(lang, "kpi.gap.gap"): "",
                    translate(lang, "kpi.gap.within"): "",
                }
            )
            continue
        key = g.input
        today = (
            f"{_value_text(key, g.low, lang)} – {_value_text(key, g.likely, lang)} – {_value_text(key, g.high, lang)}"
        )
        sign = "+" if g.gap > 0 else ""
        out.append(
            {
                translate(lang, "kpi.col.name"): name,
                translate(lang, "kpi.col.input"): input_label(key, lang),
                translate(lang, "kpi.gap.target_value"): _value_text(key, g.target_value, lang),
                translate(lang, "kpi.gap.today"): today,
                translate(lang, "kpi.gap.gap"): sign + _value_text(key, g.gap, lang),
                translate(lang, "kpi.gap.within"): translate(lang, "kpi.gap.yes" if g.within else "kpi.gap.no"),
            }
        )
    return out


def plan_rows(plan: KpiPlan, lang: str) -> list[dict[str, str]]:
    """The plan as table rows with translated headers (for the report and the exports); free text kept as text."""
    rows = []
    for k in plan.kpis:
        rows.append(
            {
                translate(lang, "kpi.col.name"): k.name or outcome_label(k.outcome.value, lang),
                translate(lang, "kpi.col.outcome"): outcome_label(k.outcome.value, lang),
                translate(lang, "kpi.col.unit"): unit_label(k.unit, lang),
                translate(lang, "kpi.col.baseline"): number(k.baseline, lang, 2 if not k.baseline.is_integer() else 0)
                or "",
                translate(lang, "kpi.col.target"): number(k.target, lang, 2 if not k.target.is_integer() else 0) or "",
                translate(lang, "kpi.col.input"): input_label(k.input, lang),
                translate(lang, "kpi.col.input_value"): ""
                if k.input is None
                else _value_text(k.input, k.input_value(), lang),
                translate(lang, "kpi.col.source"): k.source,
                translate(lang, "kpi.col.owner"): k.owner,
                translate(lang, "kpi.col.moments"): ", ".join(str(m) for m in k.moments),
            }
        )
    return rows


# --- session state and the link ------------------------------------------------------------------------------


def _ss() -> Any:
    import streamlit as st

    return st.session_state


def current_plan() -> KpiPlan:
    """The session's KPI plan (empty before one is set)."""
    p = _ss().get("_kpi_plan")
    return p if isinstance(p, KpiPlan) else KpiPlan()


def load_plan(plan: KpiPlan) -> None:
    """Make ``plan`` the session's plan; the KPI page rebuilds its drafts from it on its next run."""
    ss = _ss()
    ss["_kpi_plan"] = plan
    ss["_kpi_reload"] = True


def sync_link() -> None:
    """Read the plan from the link on a session's first run; afterwards write it into the link (``k``)."""
    import streamlit as st

    ss = st.session_state
    if "_kpi_init" not in ss:
        ss["_kpi_init"] = True
        code = st.query_params.get(LINK_KEY)
        if code:
            plan, warnings = decode_plan(code)
            load_plan(plan)
            ss["_kpi_notices"] = warnings
    code = encode_plan(current_plan())
    if code and st.query_params.get(LINK_KEY) != code:
        st.query_params[LINK_KEY] = code
    elif not code and LINK_KEY in st.query_params:
        del st.query_params[LINK_KEY]
    link = dict(ss.get("_link") or {})
    if code:
        link[LINK_KEY] = code
    else:
        link.pop(LINK_KEY, None)
    ss["_link"] = link
