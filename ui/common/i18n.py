"""UI texts: one JSON catalogue per language in ``ui/locales``.

A language's catalogue is ``ui/locales/<lang>.json`` plus every fragment in
``ui/locales/<lang>/*.json`` (one per feature, e.g. ``nl/evidence.json``), so
features add their texts without editing one shared file. A key may be defined
in one file only: a key in two files of one language raises on load.

Keys are dotted (``"overview.title"``); a catalogue may be flat
(``{"overview.title": ...}``) or nested by prefix (``{"overview": {"title": ...}}``):
both are flattened to dotted keys on load. Placeholders use ``str.format``
names: ``t("metrics.sentence.k", k=8, p="79%")``; counts with a plural form go through
:func:`plural` (``plural.months_one`` / ``plural.months_other``). Input labels and help texts are NOT
here: they come from the ``roi_core`` registry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path
from types import MappingProxyType

from babel import Locale
from babel.numbers import format_decimal

from roi_core.assumptions import LANGS as REGISTRY_LANGS
from roi_core.assumptions import Lang

__all__ = [
    "LANGS",
    "DEFAULT_LANG",
    "catalogue",
    "catalogue_files",
    "translate",
    "t",
    "plural",
    "tp",
    "current_lang",
    "lang_from_locale",
    "as_lang",
]

LANGS: tuple[str, ...] = REGISTRY_LANGS  # the registry's input texts exist in these languages
DEFAULT_LANG = "en"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locales"  # ui/locales
#: session_state key of the language widget (also the URL parameter name).
LANG_KEY = "lang"


def _flatten(data: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = str(v)
    return out


@lru_cache(maxsize=len(LANGS))
def catalogue(lang: str) -> Mapping[str, str]:
    """All texts of ``lang`` as a read-only ``{dotted key: text}`` mapping."""
    if lang not in LANGS:
        lang = DEFAULT_LANG
    merged: dict[str, str] = {}
    for path in catalogue_files(lang):
        with open(path, encoding="utf-8") as fh:
            texts = _flatten(json.load(fh))
        twice = sorted(set(texts) & set(merged))
        if twice:
            raise ValueError(f"{path.name}: keys defined in another {lang} catalogue file too: {twice}")
        merged.update(texts)
    return MappingProxyType(merged)


def catalogue_files(lang: str) -> list[Path]:
    """The JSON files that make up ``lang``'s catalogue: the main file, then its fragments."""
    return [LOCALE_DIR / f"{lang}.json", *sorted((LOCALE_DIR / lang).glob("*.json"))]


def translate(lang: str, key: str, **fmt: object) -> str:
    """The text for ``key`` in ``lang``, formatted with ``fmt``.

    A missing key falls back to English, then to the key itself (tests make
    sure that never happens); a bad placeholder never raises.
    """
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANG).get(key) or key
    if not fmt:
        return text
    try:
        return text.format(**fmt)
    except (KeyError, IndexError, ValueError):
        return text


@lru_cache(maxsize=len(LANGS))
def _plural_locale(lang: str) -> Locale:
    return Locale.parse("nl_NL" if lang == "nl" else "en")


def plural(lang: str, key: str, n: float, **fmt: object) -> str:
    """The text of ``key`` for the count ``n``, in the plural form Babel's CLDR rules choose for ``lang``.

    The catalogue holds one entry per form, ``<key>_one`` and ``<key>_other``
    (Dutch and English need no more); ``{n}`` is the count with the locale's
    separators and at most one decimal (``1`` month, ``1.5``/``1,5`` months,
    ``10,000``/``10.000`` draws). Round ``n`` as it is shown before passing it:
    the form follows the number the reader sees.

    >>> plural("en", "plural.months", 1), plural("nl", "plural.months", 11.3)
    ('1 month', '11,3 maanden')
    >>> plural("en", "plural.years", 1), plural("nl", "plural.futures", 10000)
    ('1 year', '10.000 gesimuleerde toekomsten')
    """
    locale = _plural_locale(lang)
    shown = Decimal(str(round(float(n), 1))).normalize()
    form = locale.plural_form(shown)
    text = catalogue(lang).get(f"{key}_{form}") or catalogue(lang).get(f"{key}_other")
    if text is None:
        return translate(lang, f"{key}_other", n=n, **fmt)
    count = format_decimal(shown, format="#,##0.#", locale=locale)
    try:
        return text.format(n=count, **fmt)
    except (KeyError, IndexError, ValueError):
        return text


def tp(key: str, n: float, **fmt: object) -> str:
    """:func:`plural` in the session's language."""
    return plural(current_lang(), key, n, **fmt)


def bound(lang: str) -> Callable[..., str]:
    """``t(key, **fmt)`` fixed to ``lang``: for exports and reports built outside a page run."""
    return partial(translate, lang)


def current_lang() -> str:
    """The session's language (the sidebar's language widget), English by default."""
    import streamlit as st

    lang = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def as_lang(lang: str) -> Lang:
    """``lang`` as the registry's ``Lang`` type: "nl" is Dutch, any other code English, as the registry reads it.

    >>> as_lang("nl"), as_lang("en"), as_lang("de")
    ('nl', 'en', 'en')
    """
    return "nl" if lang == "nl" else "en"


def t(key: str, **fmt: object) -> str:
    """The text for ``key`` in the session's language."""
    return translate(current_lang(), key, **fmt)


def lang_from_locale(locale: str | None) -> str:
    """``"nl"`` for a Dutch browser locale (``nl``, ``nl-NL``, ``nl_BE``), else English.

    >>> lang_from_locale("nl-BE"), lang_from_locale("en-US"), lang_from_locale(None)
    ('nl', 'en', 'en')
    """
    if isinstance(locale, str) and locale.lower().startswith("nl"):
        return "nl"
    return DEFAULT_LANG
