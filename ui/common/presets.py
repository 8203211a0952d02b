"""The preset picker: its keys, the presets' names and notes in the user's language, and their scenarios."""

from __future__ import annotations

from roi_core import Scenario
from roi_core.presets import PRESETS, VARIANTS
from roi_core.presets import variant as make_variant

__all__ = [
    "DEFAULT_PRESET",
    "DEFAULT_VARIANT",
    "VARIANTS",
    "preset_keys",
    "preset_name",
    "preset_description",
    "preset_scenario",
    "scenario_name",
    "scenario_notes",
]

DEFAULT_VARIANT = "middle"
DEFAULT_PRESET = "default"
_PLAIN = Scenario()


def preset_keys() -> tuple[str, ...]:
    """Keys of the preset picker: ``"default"`` (the plain ``Scenario()``) first, then the presets."""
    return (DEFAULT_PRESET, *(k for k in PRESETS if k != DEFAULT_PRESET))


def preset_name(key: str, lang: str) -> str:
    """The picker's name of a preset, in ``lang``."""
    p = PRESETS.get(key)
    if p is None:
        from ui.common.i18n import translate

        return translate(lang, "preset.default")
    return p.name(lang)


def scenario_name(s: Scenario, lang: str) -> str:
    """The name to show for ``s`` in ``lang``: a preset's own name (or the generic example's), else the name it got.

    A scenario keeps the English name it was made with ("Customer contact centre", "Default"); a Dutch page,
    report or export shows the preset's Dutch name instead. A name the user typed is shown as it is.
    """
    from ui.common.i18n import translate

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
