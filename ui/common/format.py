"""Locale-aware number and money formatting (Babel), for both languages.

Amounts are shown in the chosen currency without conversion: the user enters
costs and values in that currency. Dutch: ``€ 1.234.567``; English:
``€1,234,567``. Undefined numbers (nan, infinity) return ``None`` so that the
caller shows a word with an explanation instead of a number.

Every formatter is total: any float (and int, numpy number or ``None``) gives
a text or ``None``, never an exception and never "nan". Magnitudes of
:data:`HUGE` and beyond are written as ``1.2 × 10¹⁵``: Babel computes with 28
decimal digits (it raised on 1e28), and a 26-digit ROI is noise to a reader.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import SupportsFloat, TypeGuard

from babel import Locale
from babel.numbers import NumberPattern, get_currency_symbol, parse_pattern

from roi_core.assumptions import DRIVER_LABELS, Group, InputSpec
from roi_core.metrics import OUTPUT_METRICS, UNDEFINED_WORDS, MetricValues, Undefined, Unit, shown_probability
from ui.common.i18n import plural, translate

__all__ = [
    "CURRENCIES",
    "LOCALES",
    "money",
    "compact_money",
    "SCALES",
    "d3_number_locale",
    "pct",
    "number",
    "ratio",
    "currency_symbol",
    "md_escape",
    "unit_text",
    "input_title",
    "group_label",
    "out_of_ten",
    "latex_text",
    "months",
    "probability",
    "chance_sentence",
    "undefined_text",
    "metric_label",
    "metric_help",
    "metric_text",
    "UNIT_FORMATTERS",
]

CURRENCIES: tuple[str, ...] = ("EUR", "USD", "GBP")
#: Babel locale per UI language.
LOCALES = {"en": "en", "nl": "nl_NL"}


@lru_cache(maxsize=8)
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, "en"))


# Babel's format_decimal / format_currency parse the locale and the pattern on every call; charts format
# hundreds of numbers per slider move, so both are parsed once here and applied directly (same output).
@lru_cache(maxsize=64)
def _pattern(fmt: str) -> NumberPattern:
    return parse_pattern(fmt)


def format_decimal(x: float, format: str, locale: Locale) -> str:  # noqa: A002 - Babel's own keyword
    """``babel.numbers.format_decimal`` with a cached pattern."""
    return _pattern(format).apply(x, locale)


@lru_cache(maxsize=8)
def _money_pattern(lang: str) -> NumberPattern:
    # The locale's own currency pattern without the cents: whole amounts read better on a projector.
    return _pattern(_locale(lang).currency_formats["standard"].pattern.replace(".00", ""))


#: From this magnitude on numbers are written in scientific form (``1.2 × 10¹²``).
HUGE = 1e12
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _float(x: object) -> float | None:
    """``x`` as a finite float, or ``None`` (undefined, infinite, not a number, too large for a float)."""
    if x is None or isinstance(x, str):
        return None
    try:
        v = float(x)  # type: ignore[arg-type]  # any object on purpose: the wrong kinds raise and give None
    except (TypeError, ValueError, OverflowError):
        return None
    return v if math.isfinite(v) else None


def _finite(x: object) -> TypeGuard[SupportsFloat]:  # True: float(x) gives a finite number
    return _float(x) is not None


def _scientific(v: float, lang: str) -> str:
    """``|v| >= HUGE`` as ``1.2 × 10¹⁵`` with the language's decimal mark (no sign: the caller places it)."""
    mantissa, exponent = f"{abs(v):.1e}".split("e")
    body = format_decimal(float(mantissa), format="0.0", locale=_locale(lang))
    return f"{body}\u00a0×\u00a010{str(int(exponent)).translate(_SUPERSCRIPT)}"


def _zero(v: float, decimals: int) -> float:
    """``0.0`` for a value that shows as zero (no ``-0``)."""
    return 0.0 if round(v, max(0, min(decimals, 15))) == 0 else v


def money(x: float | None, lang: str = "en", currency: str = "EUR") -> str | None:
    """Whole amount in ``currency`` formatted for ``lang``; ``None`` when undefined.

    >>> money(1234567.4, "nl")
    '€\\xa01.234.567'
    >>> money(-1234567, "en", "GBP")
    '-£1,234,567'
    """
    v = _float(x)
    if v is None:
        return None
    cur = currency if currency in CURRENCIES else "EUR"
    if abs(v) >= HUGE:
        return _signed_money(v, _scientific(v, lang), lang, currency)
    value = round(_zero(v, 0))
    return _money_pattern(lang).apply(value, _locale(lang), currency=cur, currency_digits=False)


def _signed_money(v: float, body: str, lang: str, currency: str) -> str:
    sym = currency_symbol(currency, lang)
    sign = "-" if v < 0 else ""
    return f"{sym}\u00a0{sign}{body}" if lang == "nl" else f"{sign}{sym}{body}"


#: Word scales for large amounts in tight spaces (compact cards, chart axes), largest first: ``(factor, suffix)``.
#: Never SI's ``G`` for billions ("0G 200G" reads as nothing to a manager).
SCALES: dict[str, tuple[tuple[float, str], ...]] = {
    "en": ((1e9, "bn"), (1e6, "M"), (1e3, "k")),
    "nl": ((1e9, "\u00a0mld"), (1e6, "\u00a0mln"), (1e3, "k")),
}


def compact_money(x: float | None, lang: str = "en", currency: str = "EUR") -> str | None:
    """Money rounded to thousands, millions or billions for tight spaces.

    >>> compact_money(1_234_567, "en"), compact_money(1_234_567, "nl").replace("\u00a0", " ")
    ('€1.2M', '€ 1,2 mln')
    >>> compact_money(-3.5e9, "nl").replace("\u00a0", " "), compact_money(45_000, "en"), compact_money(950, "en")
    ('€ -3,5 mld', '€45k', '€950')
    """
    v = _float(x)
    if v is None or abs(v) >= HUGE:  # undefined, or too large for a word scale: money() writes it in full
        return money(v, lang, currency)
    sym = currency_symbol(currency, lang)
    sep = "\u00a0" if lang == "nl" else ""
    sign = "-" if v < 0 else ""
    a = abs(v)
    if a < 1e4:  # thousands only from 10,000: "€9,500" says more than "€10k"
        return money(v, lang, currency)
    factor, suffix = next((f, s) for f, s in SCALES.get(lang, SCALES["en"]) if a >= f)
    body = format_decimal(a / factor, format="#,##0" if factor == 1e3 else "#,##0.0", locale=_locale(lang))
    return f"{sym}{sep}{sign}{body}{suffix}" if lang == "nl" else f"{sign}{sym}{body}{suffix}"


def d3_number_locale(lang: str, currency: str = "EUR") -> dict[str, object]:
    """The language's number notation for Vega's ``config.locale.number`` (d3-format), from Babel.

    >>> loc = d3_number_locale("nl")
    >>> loc["decimal"], loc["thousands"], loc["currency"]
    (',', '.', ['€\xa0', ''])
    """
    locale = _locale(lang)
    sym = currency_symbol(currency, lang)
    return {
        "decimal": locale.number_symbols["latn"]["decimal"],
        "thousands": locale.number_symbols["latn"]["group"],
        "grouping": [3],
        "currency": [sym + "\u00a0", ""] if lang == "nl" else [sym, ""],
        "minus": "-",
    }


def currency_symbol(currency: str = "EUR", lang: str = "en") -> str:
    """``€``, ``$`` or ``£`` (Dutch Babel writes ``US$``; we keep the plain sign)."""
    cur = currency if currency in CURRENCIES else "EUR"
    return {"EUR": "€", "USD": "$", "GBP": "£"}.get(cur) or get_currency_symbol(cur, locale=_locale(lang))


def pct(x: float | None, lang: str = "en", decimals: int = 0, trim: bool = False) -> str | None:
    """A per-cent number (``148.0`` -> ``148%``); ``None`` when undefined.

    ``trim`` drops trailing zeros of the decimals (``8.00`` -> ``8%``, ``2.25`` stays).

    >>> pct(12.345, "nl", 1), pct(8.0, "en", 2, trim=True)
    ('12,3%', '8%')
    """
    body = number(x, lang, decimals, trim=trim)
    return None if body is None else body + "%"


def number(x: float | None, lang: str = "en", decimals: int = 0, trim: bool = False) -> str | None:
    """A plain number with the locale's separators; ``None`` when undefined.

    >>> number(1234.5, "nl", 1), number(-3e26, "en"), number(-1e-9, "en", 2)
    ('1.234,5', '-3.0\xa0×\xa010²⁶', '0.00')
    """
    v = _float(x)
    if v is None:
        return None
    if abs(v) >= HUGE:
        return ("-" if v < 0 else "") + _scientific(v, lang)
    decimals = max(0, min(int(decimals), 12))
    fmt = "#,##0" + ("." + ("#" if trim else "0") * decimals if decimals else "")
    return format_decimal(_zero(v, decimals), format=fmt, locale=_locale(lang))


def ratio(x: float | None, lang: str = "en") -> str | None:
    """A benefit-cost ratio with two decimals (``2.48``), never a percentage."""
    return number(x, lang, 2)


def md_escape(text: str) -> str:
    """Escape ``$`` so that Streamlit markdown does not read dollar amounts as LaTeX."""
    return text.replace("$", "\\$")


def unit_text(unit: str, currency: str = "EUR", lang: str = "en") -> str:
    """A registry unit (``"EUR/yr"``) with the chosen currency's sign (``"€/yr"``)."""
    sym = currency_symbol(currency, lang)
    if lang == "nl":
        unit = unit.replace("/yr", "/jaar").replace("/participant", "/deelnemer").replace("/day", "/dag")
        unit = {
            "count": "aantal",
            "h": "uur",
            "days": "dagen",
            "weeks": "weken",
            "months": "maanden",
            "points": "punten",
            "pp": "procentpunt",
        }.get(unit, unit)
    else:
        unit = {"h": "hours", "pp": "percentage points"}.get(unit, unit)
    return unit.replace("EUR", sym)


def input_title(sp: InputSpec, lang: str = "en", currency: str = "EUR", distinct: bool = False) -> str:
    """An input's name with its unit in brackets, as fields, tables and lists show it.

    ``distinct`` adds the driver's name where drivers share a label (:meth:`roi_core.InputSpec.distinct_label`).

    >>> from roi_core import INPUTS
    >>> input_title(INPUTS["gross_salary"], "nl"), input_title(INPUTS["attribution_absence"], distinct=True)
    ('Gemiddeld bruto jaarsalaris (€/jaar)', 'Share due to the training (Lower sickness absence) (%)')
    """
    name = sp.distinct_label(lang) if distinct else sp.label(lang)  # type: ignore[arg-type]
    return f"{name} ({unit_text(sp.unit, currency, lang)})"


def out_of_ten(prob: float) -> int | str:
    """How many of 10 futures, for plain-language sentences: ``0.79 -> 8``.

    Never rounds a possibility away: a probability above 0 but below 5 % gives
    ``"<1"``, one below 1 but above 95 % gives ``">9"``; exactly 0 and 1 give 0 and 10.

    >>> out_of_ten(0.79), out_of_ten(0.03), out_of_ten(0.97), out_of_ten(1.0)
    (8, '<1', '>9', 10)
    """
    if not math.isfinite(prob):
        return 0
    p = min(max(float(prob), 0.0), 1.0)
    n = math.floor(p * 10 + 0.5)
    if n == 0 and p > 0:
        return "<1"
    if n == 10 and p < 1:
        return ">9"
    return n


def latex_text(text: str) -> str:
    """Escape text for ``\\text{...}`` in KaTeX (money with ``$``, ``%``; non-breaking spaces)."""
    out = text.replace("\\", "").replace("\u00a0", " ").replace("\u202f", " ")
    for ch in "$%&#_{}":
        out = out.replace(ch, "\\" + ch)
    return out


# --------------------------------------------------------------------------- output metrics (roi_core.metrics)


def months(x: float | None, lang: str = "en") -> str | None:
    """A duration in months with one decimal at most and the right plural: ``1 month``, ``11.3 months``."""
    if not _finite(x):
        return None
    return plural(lang, "plural.months", round(float(x), 1))


def probability(p: float | None, lang: str = "en") -> str | None:
    """A probability (share in [0, 1]) as per cent, never rounded to a certainty it is not.

    ``0%`` and ``100%`` only when exactly so; just above 0 is ``< 1%``, just
    below 1 is ``> 99%``.

    >>> probability(1.0), probability(0.9996), probability(0.0004, "nl"), probability(0.437, "nl")
    ('100%', '> 99%', '< 1%', '44%')
    """
    if not _finite(p):
        return None
    relation, shown = shown_probability(float(p))
    text = pct(shown, lang) or ""
    return text if relation == "=" else f"{relation} {text}"


def chance_sentence(p: float, draws: int, lang: str = "en") -> str:
    """The plain sentence for the chance that the programme pays for itself, in the same words everywhere.

    "all"/"none" only when exactly so (every one of the ``draws`` futures); otherwise "k out of 10", with
    "more than 9" / "fewer than 1" at the ends, and the number beside it from :func:`probability`.
    """
    futures = plural(lang, "plural.futures", draws)
    if not math.isfinite(p):
        return translate(lang, "metrics.sentence.undefined", futures=futures)
    if p >= 1.0:
        return translate(lang, "metrics.sentence.all", futures=futures)
    if p <= 0.0:
        return translate(lang, "metrics.sentence.none", futures=futures)
    k = out_of_ten(p)
    key = {">9": "metrics.sentence.nearly_all", "<1": "metrics.sentence.hardly_any"}.get(str(k), "metrics.sentence.k")
    return translate(lang, key, k=k, p=probability(p, lang))


def undefined_text(reason: Undefined | None, lang: str = "en") -> str:
    """The words shown instead of an undefined value (from the registry)."""
    en, nl = UNDEFINED_WORDS[reason or Undefined.ZERO_COST]
    return nl if lang == "nl" else en


def metric_label(key: str, lang: str = "en", mv: MetricValues | None = None) -> str:
    """The registry label of ``key``; a hurdle in the label is filled in from ``mv``."""
    label = OUTPUT_METRICS[key].label(lang)
    if "{hurdle}" in label:
        label = label.replace("{hurdle}", pct(mv.hurdle_pct if mv else 0.0, lang, 1, trim=True) or "")
    return label


def metric_help(key: str, lang: str = "en") -> str:
    """The registry's one-sentence definition of ``key``."""
    return OUTPUT_METRICS[key].definition(lang)


def group_label(group: Group | str, lang: str = "en") -> str:
    """The name of an input group (a theme or a benefit driver, or ``"custom"`` for custom lines) in ``lang``.

    The one home that the sidebar, the report and the Method page read: a driver's group is named as the
    driver (:data:`roi_core.DRIVER_LABELS`), the three themes come from the catalogue (``group.*``).

    >>> group_label("customers"), group_label(Group.TIME, "nl")
    ('Customer retention (NPS)', 'Tijd en disconteren')
    """
    g = str(group)
    return DRIVER_LABELS[g][lang] if g in DRIVER_LABELS else translate(lang, f"group.{g}")


def _ratio(x: float | None, lang: str = "en", currency: str = "EUR") -> str | None:
    return ratio(x, lang)


#: The one formatter per unit: ``(value, lang, currency) -> text`` (``None`` when undefined).
UNIT_FORMATTERS = {
    Unit.PERCENT: lambda x, lang, cur: pct(x, lang),
    Unit.MONEY: lambda x, lang, cur: money(x, lang, cur),
    Unit.MONTHS: lambda x, lang, cur: months(x, lang),
    Unit.RATIO: _ratio,
    Unit.PROBABILITY: lambda x, lang, cur: probability(x, lang),
}


def metric_text(key: str, mv: MetricValues, lang: str = "en", currency: str = "EUR") -> str:
    """The value of metric ``key`` as every surface shows it, or the registry's words when it is undefined."""
    text = UNIT_FORMATTERS[OUTPUT_METRICS[key].unit](mv.value_of(key), lang, currency)
    return text if text is not None else undefined_text(mv.reason_of(key), lang)
