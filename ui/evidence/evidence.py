"""The "Measured effects" page's logic: files in session memory, analysis, texts, and adopting an effect.

Uploaded bytes live in ``st.session_state`` of this session only (never on
disk, in a log, in a cross-session cache or in the link): the analysis is
remembered per session under the file's digest so a rerun does not read the
file again. The statistics are :mod:`roi_core.evidence`'s; this module only
words and shows them. Everything from the file (names, cells) is shown as
text (:func:`ui.common.safe_text.md`), never as Markdown.

Tests (AppTest cannot drive a file uploader) put ``(kind, name, bytes)`` into
``st.session_state[INJECT_KEY]``: the page treats it exactly like an upload.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from roi_core import INPUTS, attribution_key
from roi_core.evidence import (
    EFFECT_INPUTS,
    MAX_ROWS,
    EffectEstimate,
    EvidenceError,
    LearningSummary,
    Notice,
    Table,
    adopt_effect,
    adopt_learning,
    effect_range,
    effect_values,
    estimate_360,
    estimate_effect,
    read_table,
    summarise_learning,
    template_csv,
)
from ui.common import widget_state
from ui.common.choice import index_of
from ui.common.format import number, unit_text
from ui.common.i18n import as_lang, plural, t, translate
from ui.common.notices import notice_text
from ui.common.safe_text import md
from ui.evidence import evidence_charts
from ui.evidence.evidence_text import input_value as _value
from ui.evidence.evidence_text import source_text

__all__ = [
    "KINDS",
    "INJECT_KEY",
    "Analysis",
    "example_bytes",
    "template_bytes",
    "current_file",
    "analyse",
    "error_text",
    "notice_text",
    "source_text",
    "render_file_controls",
    "render_result",
    "session_estimate",
]

KINDS: tuple[str, ...] = ("performance", "learning", "feedback360")
EXAMPLES = Path(__file__).resolve().parents[2] / "roi_core" / "data" / "examples"
INJECT_KEY = "_ev_inject"
FILES_KEY = "_ev_files"  # {kind: (name, bytes)}: this session's files, in memory only
MEMO_KEY = "_ev_memo"  # {(kind, digest, sheet): Analysis}: the last few analyses of this session
ROUND_KEY = "_ev_round"  # what the last "add as a measurement round" did: (kind, text), shown once
PROGRAMME_KEY = "_prog"  # the session's programme record (views/programme.py keeps it there)
DONE_KEY = "_ev_done"  # what the last "use in the scenario" did, shown once after the rerun
SEED = 0  # the bootstrap check's seed: same file, same numbers (as the command line's default)


@dataclass(frozen=True, eq=False)
class Analysis:
    """A file's table and result, or the error that stopped it."""

    table: Table | None = None
    result: Any = None
    error: EvidenceError | None = None


def example_bytes(kind: str) -> bytes:
    return (EXAMPLES / f"{kind}.csv").read_bytes()


def template_bytes(kind: str) -> bytes:
    return template_csv(kind)


def current_file(kind: str) -> tuple[str, bytes] | None:
    """This session's file of ``kind`` (an injected test file counts as an upload)."""
    ss = st.session_state
    files: dict[str, tuple[str, bytes]] = ss.setdefault(FILES_KEY, {})
    injected = ss.pop(INJECT_KEY, None)
    if isinstance(injected, tuple) and len(injected) == 3 and injected[0] in KINDS:
        files[injected[0]] = (str(injected[1]), bytes(injected[2]))
    return files.get(kind)


def _on_upload(kind: str) -> None:
    ss = st.session_state
    f = ss.get(f"ev_upload_{kind}")
    files: dict[str, tuple[str, bytes]] = ss.setdefault(FILES_KEY, {})
    if f is not None:
        files[kind] = (str(f.name), f.getvalue())
    else:
        files.pop(kind, None)
    ss.pop(f"ev_sheet_{kind}", None)


def _on_example(kind: str) -> None:
    st.session_state.setdefault(FILES_KEY, {})[kind] = ("example", example_bytes(kind))
    st.session_state.pop(f"ev_sheet_{kind}", None)


def _on_clear(kind: str) -> None:
    st.session_state.setdefault(FILES_KEY, {}).pop(kind, None)


def analyse(kind: str, data: bytes, sheet: str | None = None) -> Analysis:
    """Read and estimate; remembered in this session only. Never raises."""
    ss = st.session_state
    memo: dict[tuple[str, str, str | None], Analysis] = ss.setdefault(MEMO_KEY, {})
    key = (kind, hashlib.sha256(data).hexdigest(), sheet)
    if key in memo:
        return memo[key]
    try:
        table = read_table(data, kind, sheet=sheet)
        if kind == "learning":
            result: Any = summarise_learning(table, seed=SEED)
        elif kind == "feedback360":
            result = estimate_360(table, seed=SEED)
        else:
            result = estimate_effect(table, seed=SEED)
        out = Analysis(table, result)
    except EvidenceError as exc:
        out = Analysis(error=exc)
    except Exception:  # noqa: BLE001 - a hostile file must never end in a traceback
        out = Analysis(error=EvidenceError("unknown", "unreadable"))
    while len(memo) >= 4:
        memo.pop(next(iter(memo)))
    memo[key] = out
    return out


def session_estimate() -> EffectEstimate | None:
    """The effect estimated from this session's performance file (uploaded or example), or ``None``.

    Other pages (the pilot of "Worth finding out first") read it here; the
    analysis is the memoised one of the Measured effects page.
    """
    f = st.session_state.get(FILES_KEY, {}).get("performance")
    if not f:
        return None
    got = analyse("performance", f[1], st.session_state.get("ev_sheet_performance"))
    return got.result if isinstance(got.result, EffectEstimate) else None


# --- texts -------------------------------------------------------------------------------------------


def _fmt(value: Any, lang: str) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v, lang) for v in value)
    if isinstance(value, float):
        return number(value, lang, 2) or ""
    if isinstance(value, int):
        return (number(value, lang) or "") if abs(value) >= 10_000 else str(value)
    return str(value)


def _safe(details: dict[str, Any], lang: str) -> dict[str, str]:
    out = {k: md(_fmt(v, lang)) for k, v in details.items()}
    if "group" in out:
        out["group"] = translate(lang, f"evidence.group.{details['group']}") if details["group"] in (
            "trained", "control", "all") else out["group"]  # fmt: skip
    return out


def error_text(err: EvidenceError, lang: str) -> str:
    """What is wrong with the file and what to fix, in ``lang`` (Markdown-safe)."""
    key = f"evidence.error.{err.kind}"
    text = translate(lang, key, **_safe(err.details, lang))
    if text == key:
        text = translate(lang, "evidence.error.unknown")
    return translate(lang, "evidence.cannot_use", reason=text)


# --- rendering ---------------------------------------------------------------------------------------


def render_file_controls(kind: str, lang: str) -> tuple[str, bytes] | None:
    """Template download, example button, uploader; returns this session's file of ``kind``."""
    st.caption(t(f"evidence.kind_help.{kind}"))
    left, right = st.columns(2)
    left.download_button(
        t("evidence.template"),
        template_bytes(kind),
        file_name=f"template_{kind}.csv",
        mime="text/csv",
        key=f"ev_template_{kind}",
        icon=":material/download:",
    )
    right.button(
        t("evidence.use_example"),
        key=f"ev_example_{kind}",
        on_click=_on_example,
        args=(kind,),
        icon=":material/science:",
    )
    st.file_uploader(
        t("evidence.upload"),
        type=["csv", "txt", "xlsx"],
        key=f"ev_upload_{kind}",
        on_change=_on_upload,
        args=(kind,),
        help=t("evidence.upload_help", rows=number(MAX_ROWS, lang)),
    )
    file = current_file(kind)
    if file is not None:
        name, _ = file
        st.caption(t("evidence.example_note") if name == "example" else t("evidence.file_note", name=md(name)))
        st.button(t("evidence.clear"), key=f"ev_clear_{kind}", on_click=_on_clear, args=(kind,), type="tertiary")
    return file


def pick_sheet(kind: str, data: bytes) -> str | None:
    """The sheet chosen for a workbook that asked for one (None before the user chose)."""
    first = analyse(kind, data)
    if first.error is None or first.error.kind != "choose_sheet":
        return None
    sheets = list(first.error.details.get("sheets", []))
    return st.selectbox(t("evidence.sheet"), sheets, index=None, key=f"ev_sheet_{kind}", help=t("evidence.sheet_help"))


def _read_note(table: Table, lang: str) -> None:
    if table.source == "csv":
        details = t(
            "evidence.read_csv_details", encoding=table.encoding, delimiter=table.delimiter, decimal=table.decimal
        )
        source = "CSV"
    else:
        details, source = t("evidence.read_sheet_details", sheet=md(table.sheet)), "Excel"
    st.caption(t("evidence.read_as", source=source, details=details, rows=number(len(table.frame), lang)))


def render_result(kind: str, analysis: Analysis, lang: str) -> None:
    """The estimate, its diagnostics and charts, and the way into the scenario."""
    assert analysis.table is not None
    _read_note(analysis.table, lang)
    done = st.session_state.pop(DONE_KEY, None)
    if done:
        st.success(done, icon=":material/check_circle:")
    said = st.session_state.pop(ROUND_KEY, None)
    if said:  # what "Add as a measurement round" did, or why it could not
        tone, text = said
        {"success": st.success, "warning": st.warning}.get(tone, st.error)(text)
    if kind == "performance":
        _render_effect(analysis.result, analysis.table, lang)
    elif kind == "learning":
        _render_learning(analysis.result, lang)
    else:
        _render_360(analysis.result, lang)


def _warnings(notices: tuple[Notice, ...], lang: str) -> None:
    for n in notices:
        st.warning(notice_text(n, lang), icon=":material/warning:")


def _num(x: float, lang: str, decimals: int = 2) -> str:
    return number(x, lang, decimals) or t("common.undefined")


def _render_effect(e: EffectEstimate, table: Table, lang: str) -> None:
    st.subheader(t(f"evidence.method.{e.method}"))
    st.caption(t(f"evidence.method_text.{e.method}"))
    rel = e.relative_pct
    baseline_of = t("evidence.baseline_control" if e.method == "ab_comparison" else "evidence.baseline_before")
    c1, c2, c3 = st.columns(3)
    c1.metric(t("evidence.effect"), _num(e.effect, lang), help=t("evidence.effect_help"))
    c2.metric(t("evidence.interval"), f"{_num(e.ci_low, lang)} – {_num(e.ci_high, lang)}")
    c3.metric(
        t("evidence.relative"),
        f"{_num(rel[0], lang, 1)} %" if lang == "en" else f"{_num(rel[0], lang, 1)}%",
        help=t("evidence.relative_help", baseline_of=baseline_of, baseline=_num(e.baseline, lang)),
    )
    sizes = dict(n_trained=number(e.n_trained, lang), teams_trained=number(e.teams_trained, lang))
    if e.controlled:
        sizes |= dict(n_control=number(e.n_control, lang), teams_control=number(e.teams_control, lang))
        st.markdown(t("evidence.sizes", **sizes))
    else:
        st.markdown(t("evidence.sizes_paired", **sizes))
    _warnings(e.warnings, lang)
    st.altair_chart(evidence_charts.estimate_chart([(t("evidence.chart.estimate"), e)], lang), width="stretch")
    st.altair_chart(evidence_charts.distribution_chart(table.frame, e, lang), width="stretch")
    if e.method != "ab_comparison":
        st.altair_chart(evidence_charts.lines_chart(e, lang), width="stretch")
    _diagnostics(e, lang)
    _limits(e, lang)
    _adopt_effect(e, lang)


def _diagnostics(e: EffectEstimate, lang: str) -> None:
    st.subheader(t("evidence.diag_title"))
    rows = [
        {
            t("evidence.col.group"): t(f"evidence.group.{g.group}"),
            t("evidence.col.n"): number(g.n, lang),
            t("evidence.col.teams"): number(g.teams, lang),
            t("evidence.col.team_size"): f"{g.team_size_min}–{g.team_size_max}",
            t("evidence.col.mean_before"): number(g.mean_before, lang, 2) or "–",
            t("evidence.col.mean_after"): number(g.mean_after, lang, 2) or "–",
            t("evidence.col.sd_before"): number(g.sd_before, lang, 2) or "–",
            t("evidence.col.sd_after"): number(g.sd_after, lang, 2) or "–",
        }
        for g in e.groups
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if number(e.std_diff_before, lang, 2):
        st.markdown(t("evidence.balance", value=number(e.std_diff_before, lang, 2)))
    st.markdown(t("evidence.icc", icc=number(e.icc, lang, 2) or "–", sd=_num(e.sd_outcome, lang)))
    if e.ci_bootstrap is not None:
        low, high = e.ci_bootstrap
        st.caption(t("evidence.check", seed=SEED, low=_num(low, lang), high=_num(high, lang)))


def _limits(e: EffectEstimate, lang: str) -> None:
    st.subheader(t("evidence.limit_title"))
    st.markdown("\n".join(f"- {t(f'evidence.limit.{k}')}" for k in e.limits))


def _adopt_effect(e: EffectEstimate, lang: str) -> None:
    st.subheader(t("evidence.adopt_title"))
    keys = list(EFFECT_INPUTS)
    key = st.selectbox(
        t("evidence.adopt_input"),
        keys,
        index=index_of(keys, "ev_target"),
        key="ev_target",
        format_func=lambda k: INPUTS[k].label(as_lang(lang)),  # lang bound: Streamlit may call it after the run
        help=t("evidence.adopt_input_help"),
    )
    try:
        r, _ = effect_range(e, key)
    except ValueError as exc:
        st.error(t("evidence.adopt_failed", reason=md(exc)))
        return
    sp = INPUTS[key]
    unit = unit_text(sp.unit, st.session_state.get("cur", "EUR"), lang)

    def with_unit(v: float) -> str:  # "5,89 %" with the unit kept on the number's line, not "(... 5,89) %"
        return f"{_value(v, key, lang)}\u00a0{unit}" if unit else _value(v, key, lang)

    st.markdown(
        t(
            "evidence.adopt_preview",
            input=sp.label(as_lang(lang)),
            low=with_unit(r.low),
            high=with_unit(r.high),
            likely=with_unit(r.likely),
        )
    )
    if sp.driver is not None:
        att = INPUTS[attribution_key(sp.driver)].label(as_lang(lang))
        st.caption(
            t("evidence.adopt_attribution" if e.controlled else "evidence.adopt_attribution_paired", attribution=att)
        )
    c1, c2 = st.columns(2)
    c1.button(t("evidence.adopt_button"), key="ev_adopt", on_click=_adopt, args=(e, key, lang), type="primary")
    c2.button(
        t("evidence_round.button"),
        key="ev_round",
        on_click=_add_round,
        args=(e, key, lang),
        help=t("evidence_round.button_help"),
        icon=":material/event_repeat:",
    )


def _today() -> str:
    return dt.date.today().isoformat()


def _adopt(e: EffectEstimate, key: str, lang: str) -> None:
    adoption = adopt_effect(widget_state.current_scenario(), e, key, date=_today())
    widget_state.request_load(adoption.scenario)
    r = adoption.scenario[key]
    sp = INPUTS[key]
    lines = [
        translate(
            lang,
            "evidence.adopt_done",
            input=sp.label(as_lang(lang)),
            low=_value(r.low, key, lang),
            high=_value(r.high, key, lang),
            unit=unit_text(sp.unit, st.session_state.get("cur", "EUR"), lang),
        )
    ]
    lines += [notice_text(n, lang) for n in adoption.notices]
    st.session_state[DONE_KEY] = "\n\n".join(lines)


def _add_round(e: EffectEstimate, key: str, lang: str) -> None:
    """The effect becomes a round of this session's programme record, for the KPI that feeds ``key``."""
    from roi_core.programme import Programme, ProgrammeError, round_from_effect
    from ui.kpi import kpi_plan
    from ui.programme import programme

    ss = st.session_state
    p = ss.get(PROGRAMME_KEY)
    if not isinstance(p, Programme):
        ss[ROUND_KEY] = ("warning", translate(lang, "evidence_round.no_record"))
        return
    people = plural(lang, "pilot_data.people", e.n)
    teams = plural(lang, "pilot_data.teams", e.teams)
    method = translate(
        lang, "evidence_round.method", method=translate(lang, f"evidence.method.{e.method}"), people=people, teams=teams
    )
    date = _today()
    try:
        new = round_from_effect(
            p, key, effect_values(e, key), e.n, date, method, translate(lang, "evidence_round.label")
        )
    except ProgrammeError as exc:
        if exc.code == "no_kpi":
            ss[ROUND_KEY] = (
                "warning",
                translate(lang, "evidence_round.no_kpi", input=INPUTS[key].label(as_lang(lang))),
            )
        else:
            ss[ROUND_KEY] = ("error", translate(lang, "evidence_round.failed", reason=programme.error_text(exc, lang)))
        return
    i = next(i for i, k in enumerate(new.plan.kpis) if k.input == key)
    m = [m for r in new.rounds for m in r.results if r.date == date and m.kpi == i][-1]  # the one just added
    if sum(x == m for r in new.rounds for x in r.results) > 1:  # a second click: the same effect, the same day
        ss[ROUND_KEY] = ("warning", translate(lang, "evidence_round.already", date=date))
        return
    ss[PROGRAMME_KEY] = new
    kpi = new.plan.kpis[i]
    ss[ROUND_KEY] = (
        "success",
        translate(
            lang,
            "evidence_round.done",
            date=date,
            k=i + 1,
            kpi=md(kpi.name or kpi_plan.outcome_label(kpi.outcome.value, lang)),
            value=_num(m.value, lang),
            low=_num(m.ci_low, lang),
            high=_num(m.ci_high, lang),
            unit=kpi_plan.unit_label(kpi.unit, lang),
            people=people,
        ),
    )


def _render_learning(s: LearningSummary, lang: str) -> None:
    st.subheader(t("evidence.method.learning_analytics"))
    c1, c2, c3 = st.columns(3)
    for col, label, interval in (
        (c1, "evidence.learning.completion", s.completion_rate),
        (c2, "evidence.learning.hours", s.hours),
        (c3, "evidence.learning.score", s.score),
    ):
        if interval is None:
            continue
        col.metric(
            t(label),
            _num(interval.estimate, lang, 1),
            help=f"{t('evidence.interval')}: {_num(interval.low, lang, 1)} – {_num(interval.high, lang, 1)}",
        )
        col.caption(f"{t('evidence.interval')}: {_num(interval.low, lang, 1)} – {_num(interval.high, lang, 1)}")
    st.markdown(
        t(
            "evidence.learning.sizes",
            enrolled=number(s.n_enrolled, lang),
            completed=number(s.n_completed, lang),
            teams=number(s.teams, lang),
        )
    )
    if s.hours is not None:
        st.markdown(t("evidence.learning.spread", p10=_num(s.hours_p10, lang, 0), p90=_num(s.hours_p90, lang, 0)))
    _warnings(s.warnings, lang)
    st.subheader(t("evidence.adopt_title"))
    st.caption(t("evidence.learning.adopt_text"))
    st.button(
        t("evidence.learning.adopt_button"), key="ev_adopt_learning", on_click=_adopt_l, args=(s, lang), type="primary"
    )


def _adopt_l(s: LearningSummary, lang: str) -> None:
    adoption = adopt_learning(widget_state.current_scenario(), s, date=_today())
    widget_state.request_load(adoption.scenario)
    lines = [translate(lang, "evidence.learning.done")] + [notice_text(n, lang) for n in adoption.notices]
    st.session_state[DONE_KEY] = "\n\n".join(lines)


def _render_360(by_rater: dict[str, EffectEstimate], lang: str) -> None:
    first = next(iter(by_rater.values()))
    st.subheader(t(f"evidence.method.{first.method}"))
    st.caption(t(f"evidence.method_text.{first.method}"))
    rows = [
        {
            t("evidence.col.rater"): t(f"evidence.rater.{r}"),
            t("evidence.col.effect"): _num(e.effect, lang),
            t("evidence.col.low"): _num(e.ci_low, lang),
            t("evidence.col.high"): _num(e.ci_high, lang),
            t("evidence.col.n"): number(e.n, lang),
            t("evidence.col.teams"): number(e.teams, lang),
        }
        for r, e in by_rater.items()
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    items = [(t(f"evidence.rater.{r}"), e) for r, e in by_rater.items()]
    st.altair_chart(evidence_charts.estimate_chart(items, lang), width="stretch")
    for e in by_rater.values():
        _warnings(e.warnings, lang)
    st.subheader(t("evidence.chain_title"))
    st.markdown(t("evidence.chain_text"))
    st.markdown("\n".join(f"- {line}" for line in chain_lines(lang)))
    _limits(first, lang)


def chain_lines(lang: str) -> list[str]:
    """Learning, behaviour and results as measured in this session (from the analyses it remembers)."""
    memo: dict[tuple[str, str, str | None], Analysis] = st.session_state.get(MEMO_KEY, {})
    latest: dict[str, Any] = {k[0]: a.result for k, a in memo.items() if a.error is None}
    missing = t("evidence.chain_missing")
    learning = latest.get("learning")
    behaviour = latest.get("feedback360")
    results = latest.get("performance")
    learn_text = (
        f"{t('evidence.learning.completion')} {_num(learning.completion_rate.estimate, lang, 0)}%"
        if isinstance(learning, LearningSummary)
        else missing
    )
    if isinstance(behaviour, dict) and behaviour:
        behave_text = ", ".join(
            f"{t(f'evidence.rater.{r}')} {_num(e.effect, lang)} ({_num(e.ci_low, lang)} – {_num(e.ci_high, lang)})"
            for r, e in behaviour.items()
        )
    else:
        behave_text = missing
    result_text = (
        f"{_num(results.effect, lang)} ({_num(results.ci_low, lang)} – {_num(results.ci_high, lang)})"
        if isinstance(results, EffectEstimate)
        else missing
    )
    return [
        t("evidence.chain_learning", value=learn_text),
        t("evidence.chain_behaviour", value=behave_text),
        t("evidence.chain_results", value=result_text),
    ]
