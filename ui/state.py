"""Session state and the share link: URL <-> widgets <-> :class:`Scenario`.

The pure functions at the top (``simple_range``, ``assemble_range``,
``widget_values``, ``scenario_from_widgets``, ``link_params``,
``parse_link``) know nothing about Streamlit and are unit-tested. The
functions below them read and write ``st.session_state``; all per-user state
lives there (keys starting with ``_`` are not widgets), never in module
globals.

The link holds one compact parameter ``s`` (``roi_core.scenario_io.encode``,
only what differs from the defaults) plus the UI choices: ``lang``, ``cur``
(currency), ``p``/``v`` (preset and variant shown in the picker), ``m``
(``range`` mode) and ``u`` (how sure we are, simple mode).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from roi_core import DRIVERS, INPUTS, InputSpec, Range, Scenario, Shape
from roi_core.assumptions import FIELD_BOUNDS
from roi_core.presets import PRESETS, VARIANT_ALIASES, VARIANTS  # outlooks: links with the old names still read
from roi_core.presets import variant as make_variant
from roi_core.scenario import MAX_DRAWS, MIN_DRAWS, LeaverCost
from ui.format import CURRENCIES
from ui.i18n import LANGS, as_lang
from ui.safe_text import cut, md

__all__ = [
    "CERTAINTY",
    "SPREAD",
    "MODES",
    "DRAW_OPTIONS",
    "simple_range",
    "assemble_range",
    "widget_values",
    "scenario_from_widgets",
    "link_params",
    "parse_link",
    "field_name",
    "notice_text",
    "preset_keys",
    "preset_scenario",
    "current_scenario",
    "request_load",
    "load_scenario",
]

#: "How sure are we?" levels of the simple mode. "preset" keeps the width of
#: the preset's (or the loaded scenario's) range around the new most likely value.
CERTAINTY: tuple[str, ...] = ("preset", "very_sure", "fairly_sure", "unsure")
#: Half-width of the range as a share of the most likely value.
SPREAD: Mapping[str, float] = {"very_sure": 0.1, "fairly_sure": 0.3, "unsure": 0.6}
MODES: tuple[str, ...] = ("simple", "range")
DRAW_OPTIONS: tuple[int, ...] = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000)
#: The largest seed a browser holds exactly (2**53 - 1); its home is the registry's field bounds.
MAX_SEED = int(FIELD_BOUNDS["seed"].max)
#: URL parameters this app writes; Streamlit's own ones are ignored silently.
LINK_KEYS = ("s", "lang", "cur", "p", "v", "m", "u")
_STREAMLIT_KEYS = ("embed", "embed_options")
#: URL parameters that pages own and write themselves (the Sensitivity page's options): kept, not warned about.
PAGE_KEYS = ("sm", "si", "st", "sb", "sv")
#: URL parameters of the KPI plan (``ui.kpi_plan.sync_link`` writes them on every run): kept, not warned about.
PLAN_KEYS = ("k",)
DEFAULT_VARIANT = "middle"
#: URL parameters of the view that the sidebar writes besides the scenario (``pin``: see ``ui.present``).
VIEW_KEYS = ("pin",)
DEFAULT_PRESET = "default"


# --- pure helpers ----------------------------------------------------------------------------


def _clip(x: float, lo: float, hi: float) -> float:
    return min(max(x, lo), hi)


def simple_range(spec: InputSpec, likely: float, certainty: str, base: Range) -> Range:
    """The range that simple mode gives an input whose most likely value is ``likely``.

    ``certainty`` is one of :data:`CERTAINTY`. ``"preset"`` shifts ``base``
    (the preset's range) so that it sits around ``likely`` with the same widths;
    the others use ``likely * (1 +- SPREAD[certainty])``, or a share of the
    slider span when ``likely`` is near zero, so that a zero still carries doubt.
    Fixed and point-only inputs stay single numbers. The shape comes from
    ``base``; the result always respects the input's hard bounds and
    ``low <= likely <= high``.
    """
    likely = _clip(float(likely), spec.hard_min, spec.hard_max)
    if spec.point_only or base.shape is Shape.FIXED or base.low == base.high:
        return Range(likely, likely, likely, base.shape)
    shape = base.shape
    if certainty not in SPREAD:  # "preset" or anything unknown: keep the widths of the base range
        if likely == base.likely:
            return base
        low, high = likely - (base.likely - base.low), likely + (base.high - base.likely)
    else:
        half = SPREAD[certainty] * max(abs(likely), 0.05 * (spec.slider_max - spec.slider_min))
        low, high = likely - half, likely + half
    nd = spec.decimals + 1  # one decimal finer than the step, so that rounding never lands off it
    low = min(_clip(round(low, nd), spec.hard_min, spec.hard_max), likely)
    high = max(_clip(round(high, nd), spec.hard_min, spec.hard_max), likely)
    if shape is Shape.LOGNORMAL and low <= 0:
        shape = Shape.PERT
    return Range(low, likely, high, shape)


def assemble_range(spec: InputSpec, low: float, likely: float, high: float, shape: Shape) -> Range:
    """The range that range mode builds from a low-high slider and a most-likely slider.

    A most likely value outside the low-high span widens the span (the user
    moved it last, so it wins). A zero-width span means "no doubt": it follows
    the most likely value. A fixed shape that gets a width becomes PERT.
    """
    likely = _clip(float(likely), spec.hard_min, spec.hard_max)
    if spec.point_only or (float(low) == float(high) and Shape(shape) is Shape.FIXED):
        return Range.fixed(likely)
    if float(low) == float(high):
        return Range(likely, likely, likely, Shape(shape))
    low, high = sorted(
        (_clip(float(low), spec.hard_min, spec.hard_max), _clip(float(high), spec.hard_min, spec.hard_max))
    )
    low, high = min(low, likely), max(high, likely)
    shape = Shape(shape)
    if shape is Shape.FIXED and low < high:
        shape = Shape.PERT
    if shape is Shape.FIXED:
        return Range.fixed(likely)
    if shape is Shape.LOGNORMAL and low <= 0:
        shape = Shape.PERT
    return Range(low, likely, high, shape)


def _likely_value(spec: InputSpec, x: float) -> float:
    # Sliders are all float sliders (one type for min, max, step and value); whole numbers stay whole.
    return float(round(x)) if spec.integer and float(x).is_integer() else float(x)


def widget_values(s: Scenario) -> dict[str, Any]:
    """The value of every scenario widget (by key) that shows ``s``."""
    out: dict[str, Any] = {
        "horizon": int(s.horizon_years),
        "draws": int(s.draws),
        "seed": int(min(s.seed, MAX_SEED)),
        "hurdle": float(s.hurdle_pct),
        "continuous": bool(s.continuous),
        "lasting": bool(s.lasting),
        "leaver_cost": s.leaver_cost.value,
    }
    for d in DRIVERS:
        out[f"on_{d.value}"] = s.is_enabled(d)
    for key, r in s.values:
        sp = INPUTS[key]
        out[f"v_{key}"] = _likely_value(sp, r.likely)
        if not sp.point_only:
            out[f"r_{key}"] = (_likely_value(sp, r.low), _likely_value(sp, r.high))
            out[f"s_{key}"] = r.shape.value  # the shape picker of range mode
    return out


def scenario_from_widgets(w: Mapping[str, Any], base: Scenario, mode: str, certainty: str) -> Scenario:
    """The scenario that widget values ``w`` describe.

    ``base`` supplies shapes, the ranges of "as in the preset" and every field
    that has no widget (name, notes, custom lines, correlations, the
    conservative horizon). Raises ``ValueError``/``TypeError`` naming the
    field when the values make no valid scenario.
    """
    values: dict[str, Range] = {}
    for key, sp in INPUTS.items():
        b = base[key]
        likely = w.get(f"v_{key}", b.likely)
        if mode == "range" and not sp.point_only:
            low, high = w.get(f"r_{key}", (b.low, b.high))
            values[key] = assemble_range(sp, low, likely, high, Shape(w.get(f"s_{key}", b.shape)))
        else:
            values[key] = simple_range(sp, likely, certainty, b)
    # A measured range keeps its source only while the input still has that range.
    return replace(
        base,
        values=tuple(values.items()),
        enabled=tuple(d for d in DRIVERS if w.get(f"on_{d.value}", base.is_enabled(d))),
        horizon_years=int(w.get("horizon", base.horizon_years)),
        draws=int(w.get("draws", base.draws)),
        seed=int(w.get("seed", base.seed)),
        hurdle_pct=float(w.get("hurdle", base.hurdle_pct)),
        continuous=bool(w.get("continuous", base.continuous)),
        lasting=bool(w.get("lasting", base.lasting)),
        leaver_cost=LeaverCost(w.get("leaver_cost", base.leaver_cost)),
    ).with_current_evidence()


def link_params(
    s: Scenario,
    *,
    lang: str,
    currency: str = "EUR",
    preset: str = DEFAULT_PRESET,
    variant: str = DEFAULT_VARIANT,
    mode: str = "simple",
    certainty: str = "preset",
    default_preset: str = DEFAULT_PRESET,
) -> dict[str, str]:
    """The URL query parameters of a share link (defaults left out to keep it short).

    The language is always written: without it the receiver's browser would choose.
    The scenario ``s`` is a checked version-2 link (``roi_core.scenario_io.encode_link``)
    holding the preset and outlook it starts from and only what differs from
    them; it is left out for the plain default scenario. It comes last, so
    that a link cut short loses (part of) ``s``, which the check detects, and
    never silently one of the other parameters. A scenario whose link would be
    longer than the decoder reads leaves its notes out (the Share page says so).
    """
    from roi_core.scenario_io import MAX_LINK_CHARS, PRESET_CODES, encode_link

    out = {"lang": lang}
    if currency != "EUR":
        out["cur"] = currency
    if mode != "simple":
        out["m"] = mode
    if certainty != "preset":
        out["u"] = certainty
    base = preset if preset in PRESET_CODES else None
    which = variant if variant in VARIANTS else "expected"
    if base is not None or s != _PLAIN:
        code = encode_link(s, preset=base, variant=which)
        if len(code) > MAX_LINK_CHARS:
            code = encode_link(s, preset=base, variant=which, include_notes=False)
        out["s"] = code
    elif preset != default_preset:  # an unknown preset key: keep what was asked
        out["p"] = preset
    return out


_PLAIN = Scenario()


def _restore_preset_texts(s: Scenario, preset: str, variant: str) -> Scenario:
    """Old (version-1) links with ``p``/``v`` left the preset's name and notes out: bring them back."""
    if preset != DEFAULT_PRESET and s.name == _PLAIN.name and s.notes == _PLAIN.notes:
        ref = preset_scenario(preset, variant)
        return replace(s, name=ref.name, notes=ref.notes)
    return s


@dataclass(frozen=True)
class Link:
    """What a share link asks for; ``None`` means "not given". ``warnings`` name what was ignored."""

    scenario: Scenario | None = None
    lang: str | None = None
    currency: str | None = None
    preset: str | None = None
    variant: str | None = None
    mode: str | None = None
    certainty: str | None = None
    warnings: tuple[str, ...] = field(default=())
    #: The link's check: "ok", "damaged" (cut or changed on the way), "unchecked" (an old link), "none" (no ``s``).
    check: str = "none"
    #: A damaged link: what could be read (offered, not used) and how many settings that is.
    readable: Scenario | None = None
    fields_read: int = 0


def parse_link(params: Mapping[str, str], presets: tuple[str, ...] = (DEFAULT_PRESET,)) -> Link:
    """Read query parameters into a :class:`Link`; never raises.

    Anything unknown, out of range or unreadable is dropped (or clamped by
    ``decode``) and named in ``warnings``.
    """
    from roi_core.scenario_io import decode

    warnings: list[str] = []
    got: dict[str, Any] = {}
    link_base: tuple[str, str] | None = None
    choices: dict[str, tuple[str, tuple[str, ...]]] = {
        "lang": ("lang", LANGS),
        "cur": ("currency", CURRENCIES),
        "p": ("preset", tuple(presets)),
        "v": ("variant", VARIANTS),
        "m": ("mode", MODES),
        "u": ("certainty", CERTAINTY),
    }
    for name, raw in params.items():
        value = str(raw)
        if name == "v":
            value = VARIANT_ALIASES.get(value, value)
        if name in choices:
            attr, allowed = choices[name]
            if value in allowed:
                got[attr] = value
            else:
                warnings.append(f"{name}: unknown value '{cut(value)}' ignored")
        elif name == "s":
            try:
                result = decode(value)
            except Exception as exc:  # decode promises not to raise; a link must never break the app
                warnings.append(f"s: unreadable scenario ignored ({cut(exc, 80)})")
                continue
            got["scenario"] = result.scenario
            warnings.extend(str(w) for w in result.warnings)
            got["check"], got["fields_read"] = result.check, result.fields_read
            if result.preset is not None:
                link_base = (result.preset, result.variant)
        elif name not in _STREAMLIT_KEYS and name not in PAGE_KEYS + PLAN_KEYS + VIEW_KEYS:
            warnings.append(f"unknown parameter '{cut(name)}' ignored")
    if link_base is not None:  # a version-2 link names the preset and outlook it starts from
        got["preset"], got["variant"] = link_base
    scenario = got.get("scenario")
    if scenario is not None and got.get("check") == "unchecked":
        scenario = got["scenario"] = _restore_preset_texts(
            scenario, got.get("preset", DEFAULT_PRESET), got.get("variant", DEFAULT_VARIANT)
        )
    if scenario is not None and got.get("check") == "damaged":
        # Offer what could be read; start from the preset (or the default) until the user chooses.
        got["readable"] = scenario if got.get("fields_read") else None
        scenario = got["scenario"] = preset_scenario(
            got.get("preset", DEFAULT_PRESET), got.get("variant", DEFAULT_VARIANT)
        )
    if scenario is not None and scenario.seed > MAX_SEED:
        warnings.append(f"seed: {scenario.seed} is larger than {MAX_SEED}; clamped")
        got["scenario"] = replace(scenario, seed=MAX_SEED)
    return Link(**got, warnings=tuple(warnings))


#: Catalogue keys of the names of link fields that are not inputs (parameters and scenario fields).
_FIELD_KEYS: Mapping[str, str] = {
    "sv": "sens.views_label",  # the Sensitivity page's own options
    "sm": "sens.metric",
    "si": "sens.scatter_input",
    "st": "sens.target",
    "sb": "sens.sobol_toggle",
    "lang": "sidebar.language",
    "cur": "sidebar.currency",
    "p": "sidebar.preset",
    "v": "sidebar.variant",
    "m": "sidebar.mode",
    "u": "sidebar.sure",
    "s": "notice.field_link",
    "share link": "notice.field_link",
    "horizon_years": "sidebar.horizon",
    "draws": "sidebar.draws",
    "seed": "sidebar.seed",
    "hurdle_pct": "sidebar.hurdle",
    "continuous": "sidebar.continuous",
    "lasting": "sidebar.lasting",
    "leaver_cost": "sidebar.leaver_cost",
    "enabled": "notice.field_enabled",
    "conservative_years": "notice.field_conservative_years",
    "name": "notice.field_name",
    "notes": "notice.field_notes",
    "correlation": "notice.field_correlation",
    "correlations": "notice.field_correlation",
    "custom": "notice.field_custom",
    "evidence": "evidence.sources_title",
}


def field_name(field: str, lang: str) -> str:
    """The name a user knows for a link or file field: an input's label, a sidebar label, or ``field`` itself.

    ``field`` may be a path such as ``inputs.productivity_gain_pct.low`` or ``custom[0]``.
    """
    from ui.i18n import translate

    parts = [p for p in field.replace("[", ".").replace("]", "").split(".") if p]
    for part in parts:
        if part in INPUTS:
            return INPUTS[part].label(as_lang(lang))
    for part in parts:
        if part in _FIELD_KEYS:
            return translate(lang, _FIELD_KEYS[part])
    return field


def notice_text(warning: str, lang: str) -> str:
    """One notice of :func:`parse_link` (or of a loaded file, or a page's link options) as a sentence in ``lang``.

    The field is named as the user knows it (``INPUTS[key].label(lang)``, a
    sidebar or page label); ``roi_core``'s detail stays in parentheses (it is
    English). Markdown-safe for ``st.warning``: what came from the link or the
    file (names, values, details) is escaped, so a tampered link cannot show a
    clickable link or formatting.
    """
    from ui.i18n import translate

    text = str(warning)
    unknown = re.fullmatch(r"unknown parameter '(.*)' ignored", text, flags=re.DOTALL)
    if unknown:
        out = translate(lang, "notice.unknown_parameter", name=md(unknown.group(1)))
    else:
        field, sep, detail = text.partition(": ")
        if not sep:
            out = translate(lang, "notice.other", detail=md(text))
        else:
            if "given twice" in detail:
                kind = "notice.twice"
            elif "ignored" in detail or "default scenario is used" in detail:
                kind = "notice.ignored"
            else:  # clamped, cut, or another value used
                kind = "notice.adjusted"
            # The sentence says what happened; the detail keeps only why.
            detail = re.sub(r"[;,]?\s*(ignored, the default is used|the default scenario is used|ignored)$", "", detail)
            out = translate(lang, kind, field=md(field_name(field, lang)), detail=md(detail))
    return out.replace(" ()", "")


def draw_options(current: int) -> tuple[int, ...]:
    """The draw counts offered, including ``current`` when a link asked for another one."""
    current = int(_clip(current, MIN_DRAWS, MAX_DRAWS))
    return tuple(sorted(set(DRAW_OPTIONS) | {current}))


def slider_bounds(spec: InputSpec, r: Range) -> tuple[float, float]:
    """Slider span: the registry's plausible span, widened to hold ``r`` (a link or preset may go beyond)."""
    return min(spec.slider_min, r.low), max(spec.slider_max, r.high)


# --- presets ------------------------------------------------------------------------------


def preset_keys() -> tuple[str, ...]:
    """Keys of the preset picker: ``"default"`` (the plain ``Scenario()``) first, then the presets."""
    return (DEFAULT_PRESET, *(k for k in PRESETS if k != DEFAULT_PRESET))


def preset_name(key: str, lang: str) -> str:
    """The picker's name of a preset, in ``lang``."""
    p = PRESETS.get(key)
    if p is None:
        from ui.i18n import translate

        return translate(lang, "preset.default")
    return p.name(lang)


def scenario_name(s: Scenario, lang: str) -> str:
    """The name to show for ``s`` in ``lang``: a preset's own name (or the generic example's), else the name it got.

    A scenario keeps the English name it was made with ("Customer contact centre", "Default"); a Dutch page,
    report or export shows the preset's Dutch name instead. A name the user typed is shown as it is.
    """
    from ui.i18n import translate

    if s.name == _PLAIN.name:
        return preset_name(DEFAULT_PRESET, lang)
    for key, p in PRESETS.items():
        if not s.name.startswith(p.scenario.name):
            continue
        for variant in VARIANTS:  # a variant's name is the preset's with the variant in brackets
            if s.name == preset_scenario(key, variant).name:
                outlook = "" if variant == DEFAULT_VARIANT else f" ({translate(lang, f'variant.{variant}').lower()})"
                return p.name(lang) + outlook
    return s.name


def scenario_notes(s: Scenario, lang: str) -> str:
    """The notes of ``s`` in ``lang``: a preset's description when ``s`` still has the preset's (English) notes."""
    for p in PRESETS.values():
        if s.notes and s.notes == p.scenario.notes:
            return p.description(lang)
    return s.notes


def preset_description(key: str, lang: str) -> str:
    p = PRESETS.get(key)
    return "" if p is None else p.description(lang)


def preset_scenario(key: str, variant: str = DEFAULT_VARIANT) -> Scenario:
    """The scenario of a preset variant; ``Scenario()`` when the preset is unknown."""
    if key not in PRESETS:
        return Scenario()
    try:
        return make_variant(key, variant)
    except (KeyError, ValueError):
        return PRESETS[key].scenario


# --- session state ------------------------------------------------------------------------


def _ss() -> Any:
    import streamlit as st

    return st.session_state


def current_scenario() -> Scenario:
    """The scenario the sidebar built in this run (the default before the first run)."""
    s = _ss().get("_scenario")
    return s if isinstance(s, Scenario) else Scenario()


def load_scenario(s: Scenario, *, base: bool = True) -> None:
    """Put ``s`` into every scenario widget. Call it from a widget callback or before the sidebar renders.

    With ``base`` the loaded scenario also becomes the reference for "as in the
    preset" ranges and the slider spans.
    """
    ss = _ss()
    for key, value in widget_values(s).items():
        ss[key] = value
    if base:
        ss["_base"] = s
    ss["_scenario"] = s


def request_load(s: Scenario, warnings: tuple[str, ...] | list[str] = ()) -> None:
    """Ask the sidebar to load ``s`` at the start of the next run (pages call this, then ``st.rerun()``).

    Pages run after the sidebar's widgets exist, so they cannot set widget
    values directly; the sidebar applies the request before it draws them.
    The scenario is shown in range mode so that every range is kept exactly.
    """
    ss = _ss()
    ss["_pending"] = (s, tuple(str(w) for w in warnings))
