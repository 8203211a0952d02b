"""The share link: URL query parameters <-> :class:`Link` (what a link asks for).

The link holds one compact parameter ``s`` (``roi_core.scenario_io.encode``,
only what differs from the defaults) plus the UI choices: ``lang``, ``cur``
(currency), ``p``/``v`` (preset and variant shown in the picker), ``m``
(``range`` mode) and ``u`` (how sure we are, simple mode). ``link_params`` and
``parse_link`` know nothing about Streamlit and are unit-tested.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from roi_core import Scenario
from roi_core.notices import Notice, notice
from roi_core.presets import VARIANT_ALIASES, VARIANTS  # outlooks: links with the old names still read
from ui.common.format import CURRENCIES
from ui.common.i18n import LANGS
from ui.common.presets import DEFAULT_PRESET, DEFAULT_VARIANT, preset_scenario
from ui.common.safe_text import cut
from ui.common.widget_state import CERTAINTY, MAX_SEED, MODES

__all__ = ["LINK_KEYS", "PAGE_KEYS", "PLAN_KEYS", "VIEW_KEYS", "Link", "link_params", "parse_link"]

#: URL parameters this app writes; Streamlit's own ones are ignored silently.
LINK_KEYS = ("s", "lang", "cur", "p", "v", "m", "u")
_STREAMLIT_KEYS = ("embed", "embed_options")
#: URL parameters that pages own and write themselves (the Sensitivity page's options): kept, not warned about.
PAGE_KEYS = ("sm", "si", "st", "sb", "sv")
#: URL parameters of the KPI plan (``ui.kpi.kpi_plan.sync_link`` writes them on every run): kept, not warned about.
PLAN_KEYS = ("k",)
#: URL parameters of the view that the sidebar writes besides the scenario (``pin``: see ``ui.sidebar.present``).
VIEW_KEYS = ("pin",)


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
    """What a share link asks for; ``None``: "not given". ``warnings`` name what was ignored (``ui.common.notices``)."""

    scenario: Scenario | None = None
    lang: str | None = None
    currency: str | None = None
    preset: str | None = None
    variant: str | None = None
    mode: str | None = None
    certainty: str | None = None
    warnings: tuple[Notice, ...] = field(default=())
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

    warnings: list[Notice] = []
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
                warnings.append(notice("unknown_value", name, value=cut(value)))
        elif name == "s":
            try:
                result = decode(value)
            except Exception:  # decode promises not to raise; a link must never break the app
                warnings.append(notice("unreadable", "s"))
                continue
            got["scenario"] = result.scenario
            warnings.extend(result.warnings)
            got["check"], got["fields_read"] = result.check, result.fields_read
            if result.preset is not None:
                link_base = (result.preset, result.variant)
        elif name not in _STREAMLIT_KEYS and name not in PAGE_KEYS + PLAN_KEYS + VIEW_KEYS:
            warnings.append(notice("unknown_parameter", cut(name)))
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
        warnings.append(notice("clamped", "seed", value=scenario.seed, min=0, max=MAX_SEED, used=MAX_SEED))
        got["scenario"] = replace(scenario, seed=MAX_SEED)
    return Link(**got, warnings=tuple(warnings))
