"""The shared sidebar: language, preset, mode and every assumption.

``app.py`` calls :func:`prepare` and :func:`render` on every run, before the
page runs, so the controls (and the URL) persist across pages. Labels, help
texts, units and sources of the inputs come from the ``roi_core`` registry;
all other texts from the catalogue (:func:`ui.common.i18n.t`).

Widget values are seeded through ``st.session_state`` when a key is absent
(first run, a link, a preset, a hidden widget coming back) and widgets are
created with ``key=`` and no ``value=``.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from roi_core import (
    DRIVER_LABELS,
    DRIVERS,
    INPUTS,
    Group,
    InputSpec,
    Scenario,
    Shape,
    inputs_of_group,
)
from roi_core.assumptions import FIELD_BOUNDS
from roi_core.scenario import LEAVER_COST_INPUT, LeaverCost
from ui.common import links, presets, reuse, widget_state
from ui.common.choice import current, index_of
from ui.common.format import CURRENCIES, group_label, input_title, number, unit_text
from ui.common.i18n import LANGS, as_lang, current_lang, lang_from_locale, t, translate
from ui.common.notices import field_name, notice_text
from ui.common.number_field import number_field
from ui.common.safe_text import md
from ui.sidebar import advanced
from ui.sidebar import present as present_view

__all__ = ["prepare", "render", "show_notices", "slider_format"]

LANG_NAMES = {"en": "English", "nl": "Nederlands"}
CURRENCY_NAMES = {"EUR": "€ EUR", "USD": "$ USD", "GBP": "£ GBP"}


def _simple_matches(s: Scenario, certainty: str) -> bool:
    """True when simple mode with ``certainty`` rebuilds ``s`` exactly (else range mode is needed)."""
    try:
        return widget_state.scenario_from_widgets(widget_state.widget_values(s), s, "simple", certainty) == s
    except (ValueError, TypeError):
        return False


def _default_preset() -> str:
    return presets.DEFAULT_PRESET


def prepare() -> None:
    """First run of a session: read the link. Any run: apply a pending load, seed missing widget keys."""
    ss = st.session_state
    if "_init" not in ss:
        ss["_init"] = True
        link = links.parse_link(st.query_params.to_dict(), presets.preset_keys())
        ss["lang"] = link.lang or lang_from_locale(getattr(st.context, "locale", None))
        ss["cur"] = link.currency or "EUR"
        ss["preset"] = link.preset or _default_preset()
        ss["variant"] = link.variant or presets.DEFAULT_VARIANT
        ss["sure"] = link.certainty or "preset"
        s = link.scenario if link.scenario is not None else presets.preset_scenario(ss["preset"], ss["variant"])
        mode = link.mode or "simple"
        if mode == "simple" and not _simple_matches(s, ss["sure"]):
            mode = "range"
        ss["mode"] = mode
        widget_state.load_scenario(s)
        ss["_notices"] = link.warnings
        ss["_notice_for"] = s
        ss["_notice_title"] = "notice.link_adjusted"
        ss["_link_check"] = (link.check, link.readable, link.fields_read, s)
    pending = ss.pop("_pending", None)
    if pending is not None:
        s, warnings = pending
        widget_state.load_scenario(s)
        if ss.get("mode") == "simple" and not _simple_matches(s, ss.get("sure", "preset")):
            ss["mode"] = "range"
        ss["_notices"] = tuple(warnings)
        ss["_notice_for"] = s
        ss["_notice_title"] = "notice.file_adjusted"  # pages load files (Share page); links are read above
    # Widgets that were not drawn in the last run (another mode, presentation view) lost their
    # value: give them the current scenario's.
    current = ss.get("_scenario")
    if isinstance(current, Scenario):
        for key, value in widget_state.widget_values(current).items():
            if key not in ss:
                ss[key] = value
    # The same for the panel's own choices, kept in "_ui" while the panel is hidden (presentation view).
    kept = ss.get("_ui", {})
    for key, default in (("lang", "en"), ("cur", "EUR"), ("mode", "simple"), ("sure", "preset")):
        if key not in ss:
            ss[key] = kept.get(key, default)
    if "preset" not in ss or ss["preset"] not in presets.preset_keys():
        ss["preset"] = _default_preset()
    if ss.get("variant") not in presets.VARIANTS:
        ss["variant"] = presets.DEFAULT_VARIANT
    present_view.seed()


# --- callbacks (run before the script, so they may set widget values) ------------------------------------


def _on_preset() -> None:
    ss = st.session_state
    s = presets.preset_scenario(ss.get("preset", _default_preset()), ss.get("variant", presets.DEFAULT_VARIANT))
    widget_state.load_scenario(s)
    ss["sure"] = "preset"  # the preset's own ranges, exactly
    ss["_notices"] = ()
    ss.pop("_variant_kept", None)


#: Scenario fields besides the inputs that a user can change and an outlook switch keeps.
_KEPT_FIELDS = (
    "name",
    "notes",
    "enabled",
    "custom",
    "correlations",
    "horizon_years",
    "conservative_years",
    "continuous",
    "draws",
    "seed",
    "hurdle_pct",
)


def _on_variant() -> None:
    """Another outlook: its values, except those the user changed, which are kept (and said, with an undo)."""
    ss = st.session_state
    preset = ss.get("preset", _default_preset())
    new = presets.preset_scenario(preset, ss.get("variant", presets.DEFAULT_VARIANT))
    current = ss.get("_scenario")
    was = presets.preset_scenario(preset, ss.get("_variant_was", presets.DEFAULT_VARIANT))
    if not isinstance(current, Scenario) or current == was:
        _on_preset()
        return
    changed = {k: r for k, r in current.values if r != was[k]}
    other = {f: getattr(current, f) for f in _KEPT_FIELDS if getattr(current, f) != getattr(was, f)}
    try:
        kept = replace(new.with_values(**changed), **other)
    except (ValueError, TypeError):  # a combination the new outlook cannot hold: its own values
        _on_preset()
        return
    widget_state.load_scenario(kept)
    ss["_notices"] = ()
    ss["_variant_kept"] = (kept, tuple(changed), tuple(other))


def _use_outlook_values() -> None:
    ss = st.session_state
    ss.pop("_variant_kept", None)
    _on_preset()


def _variant_kept_note(lang: str) -> None:
    """Under the outlook: which changes the last switch kept, and a button to take the outlook's own values.

    Shown until the user takes them, resets, or picks another example or outlook."""
    ss = st.session_state
    note = ss.get("_variant_kept")
    if not note:
        return
    _, inputs, other = note
    names = [INPUTS[k].label(as_lang(lang)) for k in inputs] + [field_name(f, lang) for f in other]
    shown = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
    st.caption(t("inputs.variant_kept", n=len(names), names=shown))
    st.button(t("inputs.variant_use_own"), key="variant_use_own", on_click=_use_outlook_values)


def _on_mode() -> None:
    # Keep the ranges the user has now: they become the reference of simple mode's "as set" ranges.
    ss = st.session_state
    current = ss.get("_scenario")
    if isinstance(current, Scenario):
        ss["_base"] = current
        if ss.get("mode") == "simple":
            ss["sure"] = "preset"


def _range_moved(key: str) -> None:
    """Range mode: the low-high slider moved last, so the most likely value goes inside it."""
    ss = st.session_state
    low, high = ss.get(f"r_{key}", (0.0, 0.0))
    likely = ss.get(f"v_{key}")
    if likely is not None and low < high:
        ss[f"v_{key}"] = min(max(likely, low), high)
    if low < high and ss.get(f"s_{key}") == Shape.FIXED.value:  # a range with a width is no longer fixed
        ss[f"s_{key}"] = Shape.PERT.value


def _shape_moved(key: str) -> None:
    """Range mode: "fixed" means no doubt, so the low-high span closes on the most likely value."""
    ss = st.session_state
    likely = ss.get(f"v_{key}")
    if ss.get(f"s_{key}") == Shape.FIXED.value and likely is not None:
        ss[f"r_{key}"] = (likely, likely)


def _likely_moved(key: str) -> None:
    """Range mode: the most likely value moved last, so the low-high span widens to hold it."""
    ss = st.session_state
    low, high = ss.get(f"r_{key}", (0.0, 0.0))
    likely = ss.get(f"v_{key}")
    if likely is None:
        return
    if low == high:  # no doubt: the span follows the value
        ss[f"r_{key}"] = (likely, likely)
    elif not low <= likely <= high:
        ss[f"r_{key}"] = (min(low, likely), max(high, likely))


# --- widgets --------------------------------------------------------------------------------------------


def _help(sp: InputSpec, lang: str) -> str:
    src = sp.source
    note = src.note(lang)
    text = f"{sp.help(as_lang(lang))}\n\n**{t('sidebar.source')}:** {src.cite(lang)}. {note}"
    measured = widget_state.current_scenario().source_of(sp.key)
    if measured is not None:  # the range came from the organisation's own data (Measured effects page)
        from ui.evidence.evidence_text import source_text

        text += f"\n\n**{t('evidence.sources_title')}:** {source_text(measured, lang)}"
    return text


def slider_format(sp: InputSpec, lang: str) -> str:
    """How the slider of ``sp`` writes its value: with the separators of the app's language.

    The unit is in the label, so the value is a bare number. Whole steps (money, counts, whole per
    cents) get printf with the language's thousands separator (Streamlit's sprintf reads ``%,`` and
    ``%'.,``): ``150,000`` / ``150.000`` whatever the browser. printf cannot write a decimal comma; only
    Streamlit's ``"localized"`` can, and it follows the browser's locale (``navigator.languages``),
    with 0 to 3 decimals and no trailing zeros. So Dutch fractions use it (``12,5`` in a Dutch
    browser) and English fractions keep printf with the step's decimals (``12.5``, ``2.25``).
    """
    if sp.step >= 1:
        return "%'.,.0f" if lang == "nl" else "%,.0f"
    if lang == "nl":
        return "localized"
    return f"%.{sp.decimals}f"


def _input(sp: InputSpec, base: Scenario, mode: str, lang: str, cur: str, disabled: bool) -> None:
    lo, hi = widget_state.slider_bounds(sp, base[sp.key])
    unit = unit_text(sp.unit, cur, lang)
    label = input_title(sp, lang, cur)
    common: dict[str, Any] = {
        "min_value": float(lo),
        "max_value": float(hi),
        "step": float(sp.step),
        "format": slider_format(sp, lang),
        "help": _help(sp, lang),
        "disabled": disabled,
    }
    if mode == "range" and not sp.point_only:
        st.slider(label, key=f"r_{sp.key}", on_change=_range_moved, args=(sp.key,), **common)
        likely = f"{t('sidebar.most_likely')} ({unit})"
        st.slider(likely, key=f"v_{sp.key}", on_change=_likely_moved, args=(sp.key,), **common)
        shape_picker(sp, lang, disabled)
    else:
        st.slider(label, key=f"v_{sp.key}", **common)


def shape_picker(sp: InputSpec, lang: str, disabled: bool = False) -> None:
    """Range mode: how the values spread between low and high (the scenario file's ``shape``)."""
    key = f"s_{sp.key}"
    st.selectbox(
        t("workshop.shape"),
        [s.value for s in Shape],
        index=index_of([s.value for s in Shape], key),
        key=key,
        format_func=lambda v: translate(lang, f"shape.{v}"),
        on_change=_shape_moved,
        args=(sp.key,),
        help=t("workshop.shape_help"),
        disabled=disabled,
    )
    low = st.session_state.get(f"r_{sp.key}", (1.0, 1.0))[0]
    if st.session_state.get(key) == Shape.LOGNORMAL.value and low <= 0:
        st.caption(t("workshop.lognormal_positive"))


def sure_label(level: str, lang: str) -> str:
    """An option of "How sure are we?" with the width it gives: "Fairly sure (± 30 %)".

    >>> sure_label("fairly_sure", "nl"), sure_label("preset", "en")
    ('Redelijk zeker (± 30 %)', 'As the starting point set it')
    """
    name = translate(lang, f"sure.{level}")
    spread = widget_state.SPREAD.get(level)
    return name if spread is None else f"{name} (± {spread * 100:.0f} %)"


def _section(title: str, key: str) -> Any:
    """A collapsible group that knows whether it is open (Streamlit 1.67 expander state).

    Only open groups draw their sliders: a rerun then sends a handful of
    widgets instead of all fifty. Values of closed groups live on in the
    scenario and come back when the group opens (see :func:`prepare`). The
    label must not change between runs, or the expander would close.

    In a browser a page switch drops the expanders' widget state and every
    group closed; the open state is kept in ``_open`` (not a widget key) and
    given back as ``expanded``, so groups stay as the user left them.
    """
    ss = st.session_state
    opened: dict[str, bool] = ss.setdefault("_open", {})
    exp = st.expander(title, key=f"grp_{key}", on_change="rerun", expanded=opened.get(key, False))
    opened[key] = bool(exp.open)
    return exp


def _group(title: str, group: Group, base: Scenario, mode: str, lang: str, cur: str) -> None:
    exp = _section(title, group.value)
    if not exp.open:
        return
    with exp:
        if group is Group.PROGRAMME:
            st.toggle(t("sidebar.continuous"), key="continuous", help=t("sidebar.continuous_help"))
        _inputs(group, base, mode, lang, cur, driver_on=True)


def _inputs(group: Group, base: Scenario, mode: str, lang: str, cur: str, driver_on: bool) -> None:
    """The sliders of one group, with the choices that decide which inputs count next to them.

    The half-life is disabled while the effect is lasting (it is not read); of the two ways to give the cost
    per leaver only the chosen one is shown, right after the choice.
    """
    ss = st.session_state
    leaver_inputs = set(LEAVER_COST_INPUT.values())
    for sp in inputs_of_group(group):
        off = not driver_on and sp.driver is not None
        if sp.key == "half_life_months":
            st.toggle(t("sidebar.lasting"), key="lasting", help=t("sidebar.lasting_help"))
            _input(sp, base, mode, lang, cur, disabled=bool(ss.get("lasting", False)))
        elif sp.key in leaver_inputs:
            if sp.key == LEAVER_COST_INPUT[LeaverCost.SALARY_SHARE]:  # the first of the two: the choice goes here
                st.segmented_control(
                    t("sidebar.leaver_cost"),
                    [x.value for x in LeaverCost],
                    default=current([x.value for x in LeaverCost], "leaver_cost", base.leaver_cost.value),
                    key="leaver_cost",
                    required=True,
                    format_func=lambda v: translate(lang, f"leaver_cost.{v}"),
                    help=t("sidebar.leaver_cost_help"),
                    disabled=off,
                )
                chosen = LeaverCost(ss.get("leaver_cost", base.leaver_cost))
                _input(INPUTS[LEAVER_COST_INPUT[chosen]], base, mode, lang, cur, disabled=off)
        else:
            _input(sp, base, mode, lang, cur, disabled=off)


def _simulation_settings(base: Scenario, lang: str) -> None:
    exp = _section(t("sidebar.simulation"), "simulation")
    if not exp.open:
        return
    with exp:
        st.slider(t("sidebar.horizon"), min_value=1, max_value=5, step=1, key="horizon", help=t("sidebar.horizon_help"))
        st.select_slider(
            t("sidebar.draws"),
            options=widget_state.draw_options(base.draws),
            key="draws",
            format_func=lambda n: number(n, lang),
            help=t("sidebar.draws_help"),
        )
        number_field(t("sidebar.seed"), "seed", FIELD_BOUNDS["seed"], lang, help=t("sidebar.seed_help"), grouping=False)
        hurdle = FIELD_BOUNDS["hurdle_pct"]
        lo = float(min(hurdle.plausible_min, base.hurdle_pct))
        hi = float(max(hurdle.plausible_max, base.hurdle_pct))
        st.slider(
            t("sidebar.hurdle"),
            min_value=lo,
            max_value=hi,
            step=1.0,
            key="hurdle",
            format="%.0f%%",
            help=t("sidebar.hurdle_help"),
        )


# Larger numbers than Streamlit's default, readable at the back of a room; smaller on a phone.
_CSS = """<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: clamp(1.6rem, 2.4vw, 2.3rem); }
[data-testid="stMetricLabel"] p { font-size: 1.02rem; }
/* Long labels ("Chance of payback within 3 years") wrap instead of ending in an ellipsis. */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto;
}
/* A widget label with a help icon ("Overzicht tonen op de telefoons" by a toggle in a narrow column) wraps too. */
[data-testid="stWidgetLabel"] [data-testid="stMarkdownContainer"], [data-testid="stWidgetLabel"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
.katex-display { overflow-x: auto; overflow-y: hidden; padding-bottom: 2px; }
/* A value in words ("No payback within the horizon") or a scenario's name wraps at spaces instead of ending in
   an ellipsis ("Niet terugverdiend binn..." on a phone); amounts keep together (non-breaking space after the €). */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; line-height: 1.25;
}
.st-key-share_name [data-testid="stMetricValue"], .st-key-share_name [data-testid="stMetricValue"] * {
  font-size: clamp(1.2rem, 1.8vw, 1.7rem);
}
@media (max-width: 640px) {
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 1.8rem; }
  .katex-display { font-size: 0.85em; }
}
</style>"""
_CSS_PRESENT = """<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  font-size: clamp(2rem, 3.3vw, 3.6rem); line-height: 1.15;
}
[data-testid="stMetricLabel"] p { font-size: clamp(1.05rem, 1.4vw, 1.35rem); }
[data-testid="stMainBlockContainer"] h3 { font-size: 2.2rem; }
/* Captions, sentences and the pinned sliders' labels, readable from the back of the room. */
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"],
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] * { font-size: clamp(1rem, 1.3vw, 1.3rem); }
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] p { font-size: clamp(1.05rem, 1.4vw, 1.4rem); }
[data-testid="stMainBlockContainer"] [data-testid="stWidgetLabel"] p { font-size: clamp(1rem, 1.3vw, 1.3rem); }
@media (max-width: 640px) {
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.3rem; }
}
</style>"""


def render() -> Scenario:
    """Draw the sidebar, build the scenario, store it and write the share link. Returns the scenario."""
    ss = st.session_state
    lang = current_lang()
    base = ss.get("_base")
    if not isinstance(base, Scenario):
        base = Scenario()
    with st.sidebar:
        st.radio(
            t("sidebar.language"),
            LANGS,
            index=index_of(LANGS, "lang"),
            key="lang",
            format_func=LANG_NAMES.get,
            horizontal=True,
        )
        keys = presets.preset_keys()
        # A radio, not a select box: the sidebar is too narrow for "Generic example (national averages)" in a
        # closed select box, and radio labels wrap.
        st.radio(
            t("sidebar.preset"),
            keys,
            index=index_of(keys, "preset"),
            key="preset",
            format_func=lambda k: presets.preset_name(k, lang),
            on_change=_on_preset,
            help=t("sidebar.preset_help"),
        )
        no_outlook = ss.get("preset") == presets.DEFAULT_PRESET  # the generic example has one outlook only
        st.segmented_control(
            t("sidebar.variant"),
            presets.VARIANTS,
            default=current(presets.VARIANTS, "variant", presets.DEFAULT_VARIANT),
            key="variant",
            required=True,
            format_func=lambda v: translate(lang, f"variant.{v}"),
            on_change=_on_variant,
            help=t("workshop.variant_disabled") if no_outlook else t("sidebar.variant_help"),
            disabled=no_outlook,
        )
        if no_outlook:
            st.caption(t("workshop.variant_disabled"))
        ss["_variant_was"] = ss.get("variant", presets.DEFAULT_VARIANT)
        _variant_kept_note(lang)
        st.button(
            t("sidebar.reset"),
            key="reset",
            on_click=_on_preset,
            icon=":material/restart_alt:",
            help=t("sidebar.reset_help"),
        )
        present = st.toggle(t("sidebar.present"), key="present", help=t("sidebar.present_help"))
        if not present:
            present_view.pick(lang)
            st.divider()
            st.selectbox(
                t("sidebar.currency"),
                CURRENCIES,
                index=index_of(CURRENCIES, "cur"),
                key="cur",
                format_func=CURRENCY_NAMES.__getitem__,
                help=t("sidebar.currency_help"),
            )
            st.radio(
                t("sidebar.mode"),
                widget_state.MODES,
                index=index_of(widget_state.MODES, "mode"),
                key="mode",
                format_func=lambda m: translate(lang, f"mode.{m}"),
                horizontal=True,
                on_change=_on_mode,
                help=t("sidebar.mode_help"),
            )
            mode = ss.get("mode", "simple")
            if mode == "simple":
                # Listed from sure to unsure, then the starting point's own ranges (not a degree of sureness).
                st.radio(
                    t("sidebar.sure"),
                    (*widget_state.SPREAD, "preset"),
                    index=index_of((*widget_state.SPREAD, "preset"), "sure"),
                    key="sure",
                    format_func=lambda c: sure_label(c, lang),
                    help=t("sidebar.sure_help"),
                )
            cur = ss.get("cur", "EUR")
            st.caption(t("sidebar.assumptions_caption"))
            for g in (Group.PROGRAMME, Group.WORKFORCE, Group.TIME):
                _group(group_label(g, lang), g, base, mode, lang, cur)
            st.caption(t("sidebar.drivers_caption"))
            counted = [DRIVER_LABELS[d.value][lang] for d in DRIVERS if ss.get(f"on_{d.value}", base.is_enabled(d))]
            st.caption(t("sidebar.counted", drivers=", ".join(counted) or t("sidebar.counted_none")))
            for d in DRIVERS:
                exp = _section(group_label(d, lang), d.value)
                if not exp.open:
                    continue
                with exp:
                    on = st.toggle(t("sidebar.driver_on"), key=f"on_{d.value}")
                    _inputs(Group(d.value), base, mode, lang, cur, driver_on=on)
            advanced.render_custom(lang, mode, cur)
            advanced.render_correlations(lang)
            _simulation_settings(base, lang)
    if present:  # the pinned sliders, in the main area; the other values and the editors' lines stay as they are
        mode, cur = ss.get("mode", "simple"), ss.get("cur", "EUR")
        preset_name = presets.preset_name(ss.get("preset", _default_preset()), lang)
        present_view.draw(
            lambda sp: _input(sp, base, mode, lang, cur, disabled=False),
            lang,
            preset_name,
            ss.get("variant", presets.DEFAULT_VARIANT),
        )
        now = widget_state.current_scenario()
        built = replace(_build(base), custom=now.custom, correlations=now.correlations)
        scenario = now if built == now else built
        if ss.get("_adv_out") is now:  # the editors' drafts still hold its lines: only pinned values moved
            ss["_adv_out"] = scenario
    else:
        scenario = advanced.apply(_build(base))
    st.html(_CSS + (_CSS_PRESENT if present else ""))
    ss["_scenario"] = scenario
    _keep_hidden_values(scenario)
    ss["_ui"] = {k: ss[k] for k in ("lang", "cur", "mode", "sure") if k in ss}
    _write_link(scenario)
    return scenario


def _keep_hidden_values(s: Scenario) -> None:
    """Write the scenario's values into the keys of widgets that this run did not draw.

    A widget the user moved keeps its value in Streamlit's widget layer; when it is not drawn (closed
    group, other page after a navigation, presentation view) Streamlit drops that layer at the end of
    the run and the key falls back to the value seeded earlier, i.e. the old one: the scenario would
    silently reset on the next run. Streamlit refuses writes to widgets drawn in this run, which is
    exactly the set to leave alone.
    """
    ss = st.session_state
    for key, value in widget_state.widget_values(s).items():
        with contextlib.suppress(StreamlitAPIException):  # drawn in this run: its own value is the truth
            ss[key] = value


def _build(base: Scenario) -> Scenario:
    ss = st.session_state
    # One read per key: `k in ss` and `ss[k]` would each go through Streamlit's session-state layers.
    missing = object()
    found = ((k, ss.get(k, missing)) for k in widget_state.widget_values(base))
    widgets = {k: v for k, v in found if v is not missing}
    try:
        return reuse.scenario_from_widgets(widgets, base, ss.get("mode", "simple"), ss.get("sure", "preset"))
    except (ValueError, TypeError) as exc:
        st.sidebar.error(t("sidebar.invalid", error=md(exc)))
        return widget_state.current_scenario()


def _write_link(s: Scenario) -> None:
    ss = st.session_state
    params = reuse.link_params(  # ui.common.links.link_params, once per scenario and options in this process
        s,
        lang=current_lang(),
        currency=ss.get("cur", "EUR"),
        preset=ss.get("preset", _default_preset()),
        variant=ss.get("variant", presets.DEFAULT_VARIANT),
        mode=ss.get("mode", "simple"),
        certainty=ss.get("sure", "preset"),
        default_preset=_default_preset(),
    )
    params |= present_view.link_param()
    current = st.query_params.to_dict()
    params |= {k: v for k, v in current.items() if k in links.PAGE_KEYS + links.PLAN_KEYS}  # their owners rewrite them
    if current != params:
        st.query_params.from_dict(params)
    ss["_link"] = params


def _open_readable() -> None:
    ss = st.session_state
    check = ss.pop("_link_check", None)
    if check is not None and isinstance(check[1], Scenario):
        widget_state.request_load(check[1])


def _dismiss_link_check() -> None:
    st.session_state.pop("_link_check", None)


def _link_check_notice() -> None:
    """A damaged link (cut or changed on the way) is said, with what could be read offered, not mixed in; an
    old link without a check says it could not be checked. Shown until the user chooses or changes something."""
    ss = st.session_state
    check = ss.get("_link_check")
    if not check:
        return
    kind, readable, n, loaded = check
    if kind not in ("damaged", "unchecked") or ss.get("_scenario") != loaded:
        ss.pop("_link_check", None)
        return
    lang = current_lang()
    start = presets.preset_name(ss.get("preset", presets.DEFAULT_PRESET), lang)
    if kind == "unchecked":
        st.info(t("inputs.link_unchecked"), icon=":material/link:")
        return
    with st.container(border=True, key="link_damaged"):
        if readable is None:
            st.warning(t("inputs.link_damaged_none", start=start), icon=":material/link_off:")
            st.button(t("inputs.link_ok"), key="link_dismiss", on_click=_dismiss_link_check)
            return
        st.warning(t("inputs.link_damaged", n=n, start=start), icon=":material/link_off:")
        left, right = st.columns(2)
        left.button(
            t("inputs.link_open_readable", n=n),
            key="link_open_readable",
            on_click=_open_readable,
            type="primary",
            icon=":material/file_open:",
        )
        right.button(
            t("inputs.link_keep_start", start=start),
            key="link_keep_start",
            on_click=_dismiss_link_check,
            icon=":material/restart_alt:",
        )


def show_notices() -> None:
    """In the main area: a damaged or unchecked link, and what a link asked for that was ignored or clamped
    (until the scenario changes)."""
    _link_check_notice()
    ss = st.session_state
    notices = ss.get("_notices") or ()
    if notices and ss.get("_notice_for") == ss.get("_scenario"):
        lang = current_lang()
        lines = "\n".join(f"- {notice_text(n, lang)}" for n in notices[:12])
        more = len(notices) - 12
        if more > 0:
            lines += "\n- " + t("notice.more", n=more)
        title = ss.get("_notice_title", "notice.link_adjusted")
        icon = ":material/link_off:" if title == "notice.link_adjusted" else ":material/description:"
        st.warning(t(title) + "\n\n" + lines, icon=icon)
    elif notices:
        ss["_notices"] = ()
