"""Scenario files (JSON, version 1) and compact share links.

Two formats, one :class:`Scenario`:

* **JSON file** (:func:`to_json` / :func:`from_json`, :func:`to_dict` /
  :func:`from_dict`): every field spelled out, described by the JSON Schema
  ``roi_core/scenario.schema.json`` (draft 2020-12). Reading is strict: an
  unknown version, a missing field, a wrong type, NaN or infinity, a value
  outside its bounds (an input's hard bounds; the hurdle's and custom lines'
  bounds, all from ``roi_core.assumptions``), text that is not valid text (a
  lone surrogate) or low > high raise :class:`ScenarioError`
  with a message that names the field, for example
  ``inputs.productivity_gain_pct: low (9) must be <= most likely (5)``.
  Two things are clamped instead, with a warning, because that is clearly
  safer than refusing the file: a draw count outside 100..200,000, and a value
  that lies just outside an input's hard bounds (by at most 1 % of its
  slider span, e.g. a completion rate of 100.4 %). Over-long names and notes
  are cut with a warning.

* **Share link** (:func:`encode_link` / :func:`decode`; version 1:
  :func:`encode`): only what differs from the preset's outlook the link
  starts from (version 1: from ``Scenario()``), with the registry's stable
  ``short`` keys, in URL-safe characters only (``A-Z a-z 0-9 - . _ ~``, the RFC 3986 unreserved set, so
  nothing is percent-encoded). Reading is lenient: a part that cannot be read
  is dropped and named in the warnings; the rest is kept, and the dropped
  fields keep their defaults. ``decode(encode(s)).scenario == s`` for every
  valid scenario (floats are written in Python's shortest round-trip form).

Share-link grammar (version 2, checked; version-1 links are still read)::

    link2   = "v2." check "." base "." [ field *( "~" field ) ]
    check   = 6 characters: BLAKE2b (32 bits) of everything after "v2.check.", URL-safe base64
    base    = "0"                               ; the plain Scenario()
            | preset "-" variant fingerprint    ; e.g. "lg-oA6": logistics, optimistic
    preset  = "cc" | "it" | "lg"                ; PRESET_CODES (stable)
    variant = "c" | "e" | "o"                   ; pessimistic, middle, optimistic (letters of their old names)
    fingerprint = 2 characters of a hash of the base's version-1 link: a changed preset is noticed
    W_letters   the lists given in full even when empty: x custom lines, q correlations, e measured sources
                (only needed when the base has lines or pairs that the link removes)

    Fields are those of version 1 below, relative to the base instead of ``Scenario()``; custom lines and
    correlations, when given, replace the base's. A link whose check does not match is "damaged": its
    last field is left out (a cut link ends in a cut field) and the rest is offered, not used.

Share-link grammar (version 1)::

    link    = "v1." [ field *( "~" field ) ]
    field   = key "_" part *( "_" part )
    number  = ["-"] digits ["." digits] ["e" ["-"] digits]   ; "50" means 50.0
    shape   = "p" | "t" | "u" | "n" | "l" | "f"   ; pert, triangular, uniform, normal, lognormal, fixed
    range   = number                          ; a fixed value
            | number "_" number "_" number    ; low, likely, high; PERT
            | number "_" number "_" number "_" shape
    text    = base64 of the UTF-8 bytes, alphabet A-Z a-z 0-9 "-" ".", no padding

    <short>_range    an input, by its registry short key (lower case), e.g. pg_2_5_9 or n_80
    N_text           name                     T_text    notes
    D_letters        drivers switched on: p productivity, q quality, x contractors,
                     o onboarding, c customers, t turnover, a absence ("D_" = none)
    H_int            horizon_years            C_int     conservative_years
    K_0 | K_1        continuous               S_int     seed
    F_0 | F_1        lasting (effect does not fade)
    L_s | L_a        cost per leaver as a share of salary (s) or an amount (a)
    M_int            draws                    R_number  hurdle_pct
    X_text_number_number_number_shape_number_number_number_shape_number_0|1
                     a custom line: name, value_eur (low, likely, high, shape),
                     attribution_pct (low, likely, high, shape), confidence_pct, decays;
                     one X field per line, in order
    Q_short_short_number
                     a rank correlation between two inputs
    E_short_method_int_int_number_number_number_date
                     where an input's measured range came from: input, method (d difference in
                     differences, a A/B comparison, p paired before/after, l learning analytics),
                     people, teams, estimate, interval low and high, date as YYYYMMDD

Example: ``v1.n_80~pg_2_5_9_t~D_pqa~H_5`` is the default scenario with 80
participants, a triangular productivity gain of 2-5-9 %, three drivers on and
a five-year horizon.

For Streamlit, :func:`query_params_from` gives ``{"s": link}`` (empty for the
default scenario) and :func:`from_query_params` reads ``st.query_params`` back.

>>> s = Scenario(name="Pilot").with_values(participants=Range.fixed(80))
>>> encode(s)
'v1.n_80~N_UGlsb3Q'
>>> decode(encode(s)).scenario == s
True
>>> from_json(to_json(s)).scenario == s
True
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from roi_core.assumptions import (
    DRIVER_CODES,
    DRIVERS,
    FIELD_BOUNDS,
    INPUT_BY_SHORT,
    INPUT_KEYS,
    INPUTS,
    Driver,
)
from roi_core.distributions import Range, Shape
from roi_core.kpi import KpiError, KpiPlan, plan_from_dict, plan_schema, plan_to_dict
from roi_core.notices import Notice, notice
from roi_core.scenario import (
    EVIDENCE_METHODS,
    MAX_CUSTOM_BENEFITS,
    MAX_DRAWS,
    MAX_HORIZON_YEARS,
    MAX_NAME_LENGTH,
    MAX_NOTES_LENGTH,
    MIN_DRAWS,
    Correlation,
    CustomBenefit,
    EvidenceSource,
    LeaverCost,
    Scenario,
)
from roi_core.text import InvalidText, echo

__all__ = [
    "FORMAT_VERSION",
    "MAX_FILE_BYTES",
    "MAX_LINK_CHARS",
    "SCHEMA_PATH",
    "LoadResult",
    "ScenarioError",
    "to_dict",
    "from_dict",
    "to_json",
    "from_json",
    "encode",
    "encode_link",
    "checksum",
    "PRESET_CODES",
    "VARIANT_CODES",
    "decode",
    "query_params_from",
    "from_query_params",
    "schema",
    "build_schema",
]

#: Version written into files and links; the only one this code reads.
FORMAT_VERSION = 1
#: Larger scenario files are refused unread.
MAX_FILE_BYTES = 1_000_000
#: Longer share links are refused unread (a full link with notes stays far below).
MAX_LINK_CHARS = 32_768
#: The JSON Schema of the file format.
SCHEMA_PATH = Path(__file__).with_name("scenario.schema.json")

_MAX_SEED = 2**63 - 1
_CLAMP_SHARE = 0.01  # values at most 1 % of the slider span outside the hard bounds are clamped


class ScenarioError(ValueError):
    """A scenario file or dict cannot be read; the message names the field.

    The message is the English sentence the command line prints; :attr:`notice` says the same structured (a
    ``file_*`` kind of :data:`roi_core.notices.FILE_KINDS`, the field, the details), for the app to translate.

    >>> try:
    ...     from_json('{"version": 1, "inputs": {"participants": {"low": 9, "likely": 5, "high": 12}}}')
    ... except ScenarioError as exc:
    ...     print(exc.notice.kind, exc.notice.field, exc.notice.detail)
    file_low_above_likely inputs.participants {'low': 9.0, 'likely': 5.0}
    """

    def __init__(self, message: str, notice: Notice | None = None) -> None:
        super().__init__(message)
        self.notice = notice if notice is not None else _unstructured(message)


def _unstructured(message: str) -> Notice:
    """A refusal without its own kind: ``file_invalid``, the field split off the English message when it has one."""
    field, sep, rest = message.partition(": ")
    if sep and " " not in field:
        return notice("file_invalid", field, message=echo(rest, 200))
    return notice("file_invalid", "file", message=echo(message, 200))


@dataclass(frozen=True)
class LoadResult:
    """A scenario read from a file or link, with what had to be adjusted on the way.

    For links (:func:`decode`) also: ``check`` (``"ok"``, ``"damaged"``,
    ``"unchecked"`` for version-1 links without a check, ``"none"`` for files
    and empty links), the ``preset`` and ``variant`` a version-2 link starts
    from, and ``fields_read``, the number of settings read from the link.
    """

    scenario: Scenario
    #: What had to be adjusted or was ignored, as structured :class:`~roi_core.notices.Notice` values
    #: (``str(n)`` is an English sentence).
    warnings: tuple[Notice, ...] = ()
    check: Literal["ok", "damaged", "unchecked", "none"] = "none"
    preset: str | None = None
    variant: str = "middle"
    fields_read: int = 0
    #: The KPI plan the file carries (``kpi_plan``); empty when it has none (files written before plans existed).
    plan: KpiPlan = dataclasses.field(default_factory=KpiPlan)


# --------------------------------------------------------------------------------------
# JSON file
# --------------------------------------------------------------------------------------


def _range_dict(r: Range) -> dict[str, Any]:
    return {"low": r.low, "likely": r.likely, "high": r.high, "shape": r.shape.value}


def to_dict(s: Scenario, plan: KpiPlan | None = None) -> dict[str, Any]:
    """The scenario as a JSON-ready dict (version 1, every input listed), with ``plan`` as ``kpi_plan`` if given."""
    return (
        _with_plan(plan)
        | {
            "version": FORMAT_VERSION,
            "name": s.name,
            "notes": s.notes,
            "horizon_years": s.horizon_years,
            "conservative_years": s.conservative_years,
            "continuous": s.continuous,
            "lasting": s.lasting,
            "leaver_cost": s.leaver_cost.value,
            "draws": s.draws,
            "seed": s.seed,
            "hurdle_pct": s.hurdle_pct,
            "enabled": [d.value for d in s.enabled],
            "inputs": {k: _range_dict(r) for k, r in s.values},
            "custom": [
                {
                    "name": c.name,
                    "value_eur": _range_dict(c.value_eur),
                    "attribution_pct": _range_dict(c.attribution_pct),
                    "confidence_pct": c.confidence_pct,
                    "decays": c.decays,
                }
                for c in s.custom
            ],
            "correlations": [{"a": c.a, "b": c.b, "rho": c.rho} for c in s.correlations],
        }
        | ({"evidence": [_evidence_dict(e) for e in s.evidence]} if s.evidence else {})
    )


_EVIDENCE_FIELDS = ("input", "method", "n", "clusters", "estimate", "ci_low", "ci_high", "date")


def _evidence_dict(e: EvidenceSource) -> dict[str, Any]:
    return {name: getattr(e, name) for name in _EVIDENCE_FIELDS}


def _with_plan(plan: KpiPlan | None) -> dict[str, Any]:
    return {"kpi_plan": plan_to_dict(plan)} if plan is not None and plan.kpis else {}


def to_json(s: Scenario, plan: KpiPlan | None = None) -> str:
    """The scenario (and its KPI plan, if given) as an indented JSON document (UTF-8 text, ends with a newline)."""
    return json.dumps(to_dict(s, plan), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


class _NonFinite(float):
    """Marks NaN / Infinity / 1e999 while parsing, so that the error can name the field."""


def _parse_constant(name: str) -> float:
    return _NonFinite("nan")


def _parse_float(text: str) -> float:
    x = float(text)
    return x if math.isfinite(x) else _NonFinite(x)


def _find_non_finite(data: object, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    if isinstance(data, float) and not math.isfinite(data):
        return path
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for k, v in items:
        found = _find_non_finite(v, (*path, k))
        if found is not None:
            return found
    return None


def from_json(text: str | bytes) -> LoadResult:
    """Read a scenario file. Raises :class:`ScenarioError` naming the field on any problem."""
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_FILE_BYTES:
            raise ScenarioError(
                f"file is larger than {MAX_FILE_BYTES:,} bytes", notice("file_too_large", max=MAX_FILE_BYTES)
            )
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScenarioError("file is not UTF-8 text", notice("file_not_utf8")) from None
    if not isinstance(text, str):
        raise ScenarioError(f"expected JSON text, got {type(text).__name__}", notice("file_not_utf8"))
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise ScenarioError(
            f"file is larger than {MAX_FILE_BYTES:,} bytes", notice("file_too_large", max=MAX_FILE_BYTES)
        )
    try:
        data = json.loads(text.lstrip("\ufeff"), parse_constant=_parse_constant, parse_float=_parse_float)
    except json.JSONDecodeError as exc:
        found = notice("file_not_json", message=exc.msg, line=exc.lineno, column=exc.colno)
        raise ScenarioError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", found) from None
    except (RecursionError, ValueError) as exc:  # too deep, or an int with thousands of digits
        if isinstance(exc, RecursionError):
            raise ScenarioError("not a readable JSON document: nested too deeply", notice("file_nested")) from None
        why = "a number has too many digits"
        raise ScenarioError(f"not a readable JSON document: {why}", notice("file_long_number")) from None
    try:
        bad = _find_non_finite(data)
    except RecursionError:
        raise ScenarioError("not a readable JSON document: nested too deeply", notice("file_nested")) from None
    if bad is not None:
        where = _path(bad) or "file"
        raise ScenarioError(
            f"{where}: must be a finite number (NaN and infinity are not allowed)", notice("file_not_finite", where)
        )
    return from_dict(data)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of the file format, read from :data:`SCHEMA_PATH`."""
    with SCHEMA_PATH.open(encoding="utf-8") as f:
        loaded: dict[str, Any] = json.load(f)
    return loaded


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def _path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{echo(p)}" if out else echo(p))
    return out


_JSON_TYPES = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
_JSON_TYPE_CODES = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}


def _json_type_code(x: object) -> str:
    """The JSON type of ``x`` as a code (``ScenarioError.notice``'s ``got_type``)."""
    if isinstance(x, int | float) and not isinstance(x, bool):
        return "number"
    return _JSON_TYPE_CODES.get(type(x), "other")


def _json_type(x: object) -> str:
    if isinstance(x, bool):
        return "true/false"
    if isinstance(x, int | float):
        return "a number"
    return _JSON_TYPES.get(type(x), type(x).__name__)


def _schema_error(err: Any) -> ScenarioError:
    """The refusal for a schema violation: an English message naming the field, and its structured notice."""
    where = _path(err.absolute_path)
    v, inst = err.validator, err.instance
    if v == "required":
        missing = next((r for r in err.validator_value if isinstance(inst, dict) and r not in inst), "?")
        field = f"{where}.{missing}" if where else missing
        return ScenarioError(f"{field}: missing required field", notice("file_missing", field))
    if v == "additionalProperties" and isinstance(inst, dict):
        known = set(err.schema.get("properties", {}))
        extra = sorted(k for k in inst if k not in known)
        name = echo(extra[0]) if extra else ""
        field = f"{where}.{name}" if where and extra else (name if extra else where)
        return ScenarioError(f"{field}: unknown field", notice("file_unknown_field", field))
    where = where or "file"
    if v == "type":
        expected = err.validator_value
        codes = expected if isinstance(expected, list) else [expected]
        names = {
            "object": "an object",
            "array": "a list",
            "string": "text",
            "boolean": "true or false",
            "integer": "a whole number",
            "number": "a number",
        }
        words = " or ".join(names.get(str(c), str(c)) for c in codes)
        found = notice("file_wrong_type", where, want_type=str(codes[0]), got_type=_json_type_code(inst))
        return ScenarioError(f"{where}: must be {words}, got {_json_type(inst)}", found)
    if v == "enum":
        allowed = ", ".join(str(x) for x in err.validator_value)
        if len(allowed) > 200:
            allowed = allowed[:200] + ", ..."
        found = notice("file_not_allowed", where, value=echo(inst, 80), allowed=allowed)
        return ScenarioError(f"{where}: {echo(inst)!r} is not one of {allowed}", found)
    if v == "const":
        found = notice("file_not_allowed", where, value=echo(inst, 80), allowed=str(err.validator_value))
        return ScenarioError(f"{where}: must be {err.validator_value!r}", found)
    if v in ("minimum", "maximum"):
        word = "at least" if v == "minimum" else "at most"
        value = inst if isinstance(inst, int | float) and not isinstance(inst, bool) else echo(inst, 80)
        if v == "minimum":
            found = notice("file_at_least", where, limit=err.validator_value, value=value)
        else:
            found = notice("file_at_most", where, limit=err.validator_value, value=value)
        return ScenarioError(f"{where}: must be {word} {err.validator_value:g}, got {echo(inst)}", found)
    if v == "maxItems":
        found = notice("file_too_many_items", where, max=err.validator_value)
        return ScenarioError(f"{where}: at most {err.validator_value} items", found)
    if v == "maxLength":
        found = notice("file_too_long", where, max=err.validator_value)
        return ScenarioError(f"{where}: at most {err.validator_value} characters", found)
    if v == "minLength":
        return ScenarioError(f"{where}: must not be empty", notice("file_empty", where))
    return ScenarioError(
        f"{where}: {echo(err.message, 200)}", notice("file_invalid", where, message=echo(err.message, 200))
    )


def _clamped_later(err: Any) -> bool:
    """An input's value outside its bounds: :func:`_read_range` clamps it when it is only just outside."""
    path = tuple(err.absolute_path)
    return err.validator in ("minimum", "maximum") and len(path) == 3 and path[0] == "inputs"


def _validate_schema(data: object) -> None:
    from jsonschema.exceptions import best_match

    try:
        err = best_match(e for e in _validator().iter_errors(data) if not _clamped_later(e))
    except RecursionError:
        raise ScenarioError("file is nested too deeply", notice("file_nested")) from None
    if err is not None:
        raise _schema_error(err)


def _clamp_value(path: str, x: float, lo: float, hi: float, tol: float, warnings: list[Notice]) -> float:
    """``x`` clamped into [lo, hi] when it is at most ``tol`` outside; else a ScenarioError."""
    if lo <= x <= hi:
        return x
    if lo - tol <= x < lo or hi < x <= hi + tol:
        y = min(max(x, lo), hi)
        warnings.append(notice("clamped", path, value=x, min=lo, max=hi, used=y))
        return y
    raise ScenarioError(
        f"{path}: {x:g} is outside the allowed {lo:g}..{hi:g}",
        notice("file_out_of_range", path, value=x, min=lo, max=hi),
    )


def _read_range(path: str, d: Mapping[str, Any], bounds: tuple[float, float, float], warnings: list[Notice]) -> Range:
    lo, hi, tol = bounds
    vals = []
    for k in ("low", "likely", "high"):
        try:
            x = float(d[k])
        except OverflowError:
            raise ScenarioError(
                f"{path}.{k}: number too large", notice("file_number_too_large", f"{path}.{k}")
            ) from None
        vals.append(_clamp_value(f"{path}.{k}", x, lo, hi, tol, warnings))
    low, likely, high = vals
    try:
        return Range(low, likely, high, Shape(d.get("shape", "pert")))
    except (ValueError, TypeError) as exc:
        if low > likely:
            found = notice("file_low_above_likely", path, low=low, likely=likely)
        elif likely > high:
            found = notice("file_likely_above_high", path, likely=likely, high=high)
        elif d.get("shape") == Shape.LOGNORMAL.value and low <= 0:
            found = notice("file_lognormal_low", path, low=low)
        else:
            found = notice("file_invalid", path, message=echo(exc, 200))
        raise ScenarioError(f"{path}: {exc}", found) from None


def _bounds(key: str) -> tuple[float, float, float]:
    """Bounds of a number that is not an input, without clamping (a custom line has no slider span)."""
    b = FIELD_BOUNDS[key]
    return b.min, b.max, 0.0


def _input_bounds(key: str) -> tuple[float, float, float]:
    """Hard bounds of an input plus the clamping tolerance: 1 % of its slider span."""
    s = INPUTS[key]
    return s.hard_min, s.hard_max, _CLAMP_SHARE * (s.slider_max - s.slider_min)


def from_dict(data: object) -> LoadResult:
    """Build a scenario from a decoded JSON document (see :func:`from_json`)."""
    if not isinstance(data, dict):
        raise ScenarioError(
            f"file: must be a JSON object, got {_json_type(data)}",
            notice("file_not_object", got_type=_json_type_code(data)),
        )
    if "version" not in data:
        raise ScenarioError("version: missing required field", notice("file_missing", "version"))
    version = data["version"]
    if isinstance(version, bool) or version != FORMAT_VERSION:
        raise ScenarioError(
            f"version: unsupported version {str(version)[:20]!r}; this app reads version {FORMAT_VERSION}",
            notice("file_unsupported_version", "version", version=echo(version, 20), supported=FORMAT_VERSION),
        )
    _validate_schema(data)
    warnings: list[Notice] = []
    try:
        return _build(data, warnings)
    except ScenarioError:
        raise
    except InvalidText as exc:
        raise ScenarioError(str(exc), notice("file_bad_text", exc.field, char=exc.char)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # the Scenario constructor's own checks
        raise ScenarioError(str(exc)) from None


def _build(data: Mapping[str, Any], warnings: list[Notice]) -> LoadResult:
    kw: dict[str, Any] = {}
    inputs = {}
    for key, d in data["inputs"].items():
        s = INPUTS[key]
        r = _read_range(f"inputs.{key}", d, _input_bounds(key), warnings)
        if s.point_only and r != Range.fixed(r.likely):
            # A point-only input keeps its most likely value alone, also when the file calls a wide range "fixed"
            # (the link writes only that value, so anything else would not survive a round trip).
            if r.low != r.high:
                warnings.append(notice("point_only", f"inputs.{key}", used=r.likely))
            r = Range.fixed(r.likely)
        if s.integer and not r.likely.is_integer():
            raise ScenarioError(
                f"inputs.{key}: most likely must be a whole number, got {r.likely:g}",
                notice("file_not_whole", f"inputs.{key}", value=r.likely),
            )
        inputs[key] = r
    kw["values"] = inputs
    for name in ("horizon_years", "conservative_years", "seed"):
        if name in data:
            kw[name] = int(data[name])
    if "draws" in data:
        n = int(data["draws"])
        if not MIN_DRAWS <= n <= MAX_DRAWS:
            clamped = min(max(n, MIN_DRAWS), MAX_DRAWS)
            warnings.append(notice("clamped", "draws", value=n, min=MIN_DRAWS, max=MAX_DRAWS, used=clamped))
            n = clamped
        kw["draws"] = n
    if "hurdle_pct" in data:
        kw["hurdle_pct"] = float(data["hurdle_pct"])
    if "continuous" in data:
        kw["continuous"] = data["continuous"]
    if "lasting" in data:
        kw["lasting"] = data["lasting"]
    if "leaver_cost" in data:
        kw["leaver_cost"] = LeaverCost(data["leaver_cost"])
    if "enabled" in data:
        kw["enabled"] = tuple(Driver(d) for d in data["enabled"])
    for name, limit in (("name", MAX_NAME_LENGTH), ("notes", MAX_NOTES_LENGTH)):
        if name in data:
            text = data[name]
            if len(text) > limit:
                warnings.append(notice("cut", name, limit=limit))
            kw[name] = text[:limit]
    custom = []
    for i, c in enumerate(data.get("custom", [])):
        path = f"custom[{i}]"
        value = _read_range(f"{path}.value_eur", c["value_eur"], _bounds("custom_value_eur"), warnings)
        attribution = (
            _read_range(f"{path}.attribution_pct", c["attribution_pct"], _bounds("custom_attribution_pct"), warnings)
            if "attribution_pct" in c
            else None
        )
        extra: dict[str, Any] = {} if attribution is None else {"attribution_pct": attribution}
        for name in ("confidence_pct", "decays"):
            if name in c:
                extra[name] = c[name]
        try:
            custom.append(CustomBenefit(c["name"], value, **extra))
        except InvalidText as exc:
            raise ScenarioError(f"{path}: {exc}", notice("file_bad_text", f"{path}.name", char=exc.char)) from None
        except (ValueError, TypeError) as exc:
            msg = str(exc).removeprefix("custom benefit: ")
            raise ScenarioError(f"{path}: {msg}") from None
    kw["custom"] = tuple(custom)
    corr = []
    seen: set[frozenset[str]] = set()
    for i, c in enumerate(data.get("correlations", [])):
        try:
            item = Correlation(c["a"], c["b"], c["rho"])
        except (ValueError, TypeError) as exc:
            raise ScenarioError(f"correlations[{i}]: {str(exc).removeprefix('correlation: ')}") from None
        pair = frozenset((item.a, item.b))
        if pair in seen:
            raise ScenarioError(
                f"correlations[{i}]: {item.a}~{item.b} is given twice",
                notice("file_duplicate", f"correlations[{i}]", a=item.a, b=item.b),
            )
        seen.add(pair)
        corr.append(item)
    kw["correlations"] = tuple(corr)
    evidence = []
    for i, e in enumerate(data.get("evidence", [])):
        try:
            evidence.append(EvidenceSource(**{name: e[name] for name in _EVIDENCE_FIELDS}))
        except (ValueError, TypeError) as exc:
            raise ScenarioError(f"evidence[{i}]: {str(exc).split(': ', 1)[-1]}") from None
    kw["evidence"] = tuple(evidence)
    try:
        plan = plan_from_dict(data["kpi_plan"]) if "kpi_plan" in data else KpiPlan()
    except KpiError as exc:
        raise ScenarioError(f"kpi_plan: {exc}") from None
    return LoadResult(Scenario(**kw), tuple(warnings), plan=plan)


# --------------------------------------------------------------------------------------
# JSON Schema (generated from the registry; the file in the repo is its output)
# --------------------------------------------------------------------------------------


def _bounded_range(low: float, high: float, description: str) -> dict[str, Any]:
    """A range whose three values lie within ``low..high`` (the registry's bounds)."""
    num = {"type": "number", "minimum": low, "maximum": high}
    return {
        "$ref": "#/$defs/range",
        "description": description,
        "properties": {"low": num, "likely": num, "high": num},
    }


def build_schema() -> dict[str, Any]:
    """The JSON Schema document, derived from the input registry.

    ``roi_core/scenario.schema.json`` is this dict written out (a test keeps
    the two equal); regenerate it with ``python -m roi_core schema``.
    """
    shapes = [s.value for s in Shape]
    rng = {
        "type": "object",
        "description": "A range: low, most likely and high value plus a shape (default pert).",
        "required": ["low", "likely", "high"],
        "additionalProperties": False,
        "properties": {
            "low": {"type": "number"},
            "likely": {"type": "number"},
            "high": {"type": "number"},
            "shape": {"enum": shapes},
        },
    }
    inputs = {
        k: _bounded_range(
            s.hard_min,
            s.hard_max,
            f"{s.label_en} ({s.unit}); hard bounds {s.hard_min:g}..{s.hard_max:g} (a value at most 1 % of the "
            "slider span outside them is clamped with a warning)"
            + ("; a whole number" if s.integer else "")
            + ("; a single value (only likely is used)" if s.point_only else ""),
        )
        for k, s in INPUTS.items()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://upskilling-roi-explorer.example/scenario.schema.json",
        "title": "Upskilling ROI Explorer scenario",
        "description": "A scenario of the Upskilling ROI Explorer: every input as a range, the horizon, "
        "the drivers that count, custom benefit lines and Monte Carlo settings. Percentages are written as "
        "shown (5 means 5 %). Inputs that are left out take their defaults.",
        "type": "object",
        "required": ["version", "inputs"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "version": {"const": FORMAT_VERSION},
            "name": {"type": "string"},
            "notes": {"type": "string"},
            "horizon_years": {"type": "integer", "minimum": 1, "maximum": MAX_HORIZON_YEARS},
            "conservative_years": {"type": "integer", "minimum": 1, "maximum": MAX_HORIZON_YEARS},
            "continuous": {"type": "boolean"},
            "lasting": {
                "type": "boolean",
                "description": "True: the training effect does not fade (half_life_months is not read). Default false.",
            },
            "leaver_cost": {
                "enum": [x.value for x in LeaverCost],
                "description": "How the cost per leaver is given: salary_share (replacement_cost_pct, per cent of "
                "a yearly gross salary; the default) or amount (leaver_cost_eur, euro per leaver).",
            },
            "draws": {
                "type": "integer",
                "minimum": 1,
                "description": f"Monte Carlo draws; clamped into {MIN_DRAWS}..{MAX_DRAWS} with a warning.",
            },
            "seed": {"type": "integer", "minimum": 0, "maximum": _MAX_SEED},
            "hurdle_pct": {
                "type": "number",
                "minimum": FIELD_BOUNDS["hurdle_pct"].min,
                "maximum": FIELD_BOUNDS["hurdle_pct"].max,
                "description": "ROI (per cent) the programme should beat.",
            },
            "enabled": {
                "type": "array",
                "description": "Benefit drivers that count.",
                "items": {"enum": [d.value for d in DRIVERS]},
            },
            "inputs": {
                "type": "object",
                "additionalProperties": False,
                "properties": inputs,
            },
            "custom": {
                "type": "array",
                "maxItems": MAX_CUSTOM_BENEFITS,
                "items": {
                    "type": "object",
                    "required": ["name", "value_eur"],
                    "additionalProperties": False,
                    "properties": {
                        "name": {"type": "string", "minLength": 1, "maxLength": MAX_NAME_LENGTH},
                        "value_eur": _bounded_range(*_bounds("custom_value_eur")[:2], "Yearly value in euro."),
                        "attribution_pct": _bounded_range(
                            *_bounds("custom_attribution_pct")[:2], "Share due to the training (per cent)."
                        ),
                        "confidence_pct": {
                            "type": "number",
                            "minimum": FIELD_BOUNDS["custom_confidence_pct"].min,
                            "maximum": FIELD_BOUNDS["custom_confidence_pct"].max,
                        },
                        "decays": {"type": "boolean"},
                    },
                },
            },
            "correlations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["a", "b", "rho"],
                    "additionalProperties": False,
                    "properties": {
                        "a": {"enum": list(INPUT_KEYS)},
                        "b": {"enum": list(INPUT_KEYS)},
                        "rho": {"type": "number", "minimum": -1, "maximum": 1},
                    },
                },
            },
            "evidence": {
                "type": "array",
                "description": "Where measured ranges came from (method, sizes, 95 % interval, date); never the rows.",
                "items": {
                    "type": "object",
                    "required": list(_EVIDENCE_FIELDS),
                    "additionalProperties": False,
                    "properties": {
                        "input": {"enum": list(INPUT_KEYS)},
                        "method": {"enum": list(EVIDENCE_METHODS)},
                        "n": {"type": "integer", "minimum": 0, "description": "People measured."},
                        "clusters": {"type": "integer", "minimum": 0, "description": "Teams measured."},
                        "estimate": {"type": "number", "description": "In the input's unit."},
                        "ci_low": {"type": "number"},
                        "ci_high": {"type": "number"},
                        "date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                    },
                },
            },
            "kpi_plan": plan_schema(),
        },
        "$defs": {"range": rng},
    }


# --------------------------------------------------------------------------------------
# Share links
# --------------------------------------------------------------------------------------

_PREFIX = "v1."
_PREFIX2 = "v2."
#: Stable codes of the presets in version-2 links (never reuse one).
PRESET_CODES: Mapping[str, str] = {"contact_centre": "cc", "it_consultancy": "it", "logistics": "lg"}
_CODE_PRESET = {v: k for k, v in PRESET_CODES.items()}
#: Stable letters of the preset variants in version-2 links.
# Letters kept from the outlooks' earlier names (conservative, expected), so older links still read.
VARIANT_CODES: Mapping[str, str] = {"pessimistic": "c", "middle": "e", "optimistic": "o"}
_CODE_VARIANT = {v: k for k, v in VARIANT_CODES.items()}
_SHAPE_CODE = {
    Shape.PERT: "p",
    Shape.TRIANGULAR: "t",
    Shape.UNIFORM: "u",
    Shape.NORMAL: "n",
    Shape.LOGNORMAL: "l",
    Shape.FIXED: "f",
}
_CODE_SHAPE = {v: k for k, v in _SHAPE_CODE.items()}
_CODE_DRIVER = {v: k for k, v in DRIVER_CODES.items()}
_LEAVER_CODE: Mapping[LeaverCost, str] = {LeaverCost.SALARY_SHARE: "s", LeaverCost.AMOUNT: "a"}
_CODE_LEAVER = {v: k for k, v in _LEAVER_CODE.items()}
_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:e-?\d{1,3})?")
_INT = re.compile(r"\d{1,19}")
_B64_FROM = str.maketrans("+/", "-.")
_B64_TO = str.maketrans("-.", "+/")


def _link_number(x: float) -> str:
    """Shortest text that reads back as exactly ``x``: ``50`` for 50.0, ``1e16`` for 1e+16."""
    t = repr(float(x)).replace("e+", "e")
    return t[:-2] if t.endswith(".0") else t


def _text(s: str) -> str:
    raw = base64.b64encode(s.encode("utf-8")).decode("ascii")
    return raw.rstrip("=").translate(_B64_FROM)


def _range_parts(r: Range) -> list[str]:
    if r.shape is Shape.FIXED and r.low == r.likely == r.high:
        return [_link_number(r.likely)]
    parts = [_link_number(r.low), _link_number(r.likely), _link_number(r.high)]
    if r.shape is not Shape.PERT:
        parts.append(_SHAPE_CODE[r.shape])
    return parts


def _full_range_parts(r: Range) -> list[str]:
    return [_link_number(r.low), _link_number(r.likely), _link_number(r.high), _SHAPE_CODE[r.shape]]


def _fields(s: Scenario, base: Scenario, include_notes: bool) -> list[str]:
    """The link fields of what ``s`` changes from ``base`` (grammar: module docstring)."""
    out: list[str] = []
    for key, r in s.values:
        if r != base[key]:
            out.append("_".join([INPUTS[key].short, *_range_parts(r)]))
    if s.name != base.name:
        out.append(f"N_{_text(s.name)}")
    if include_notes and s.notes != base.notes:
        out.append(f"T_{_text(s.notes)}")
    if s.enabled != base.enabled:
        out.append("D_" + "".join(DRIVER_CODES[d] for d in s.enabled))
    for code, name in (("H", "horizon_years"), ("C", "conservative_years"), ("S", "seed"), ("M", "draws")):
        if getattr(s, name) != getattr(base, name):
            out.append(f"{code}_{getattr(s, name)}")
    if s.continuous != base.continuous:
        out.append(f"K_{int(s.continuous)}")
    if s.lasting != base.lasting:
        out.append(f"F_{int(s.lasting)}")
    if s.leaver_cost != base.leaver_cost:
        out.append(f"L_{_LEAVER_CODE[s.leaver_cost]}")
    if s.hurdle_pct != base.hurdle_pct:
        out.append(f"R_{_link_number(s.hurdle_pct)}")
    if s.custom != base.custom:
        if not s.custom:
            out.append("W_x")  # the base's lines are all removed
        for c in s.custom:
            parts = [
                _text(c.name),
                *_full_range_parts(c.value_eur),
                *_full_range_parts(c.attribution_pct),
                _link_number(c.confidence_pct),
                str(int(c.decays)),
            ]
            out.append("_".join(["X", *parts]))
    if s.correlations != base.correlations:
        if not s.correlations:
            out.append("W_q")
        for k in s.correlations:
            out.append(f"Q_{INPUTS[k.a].short}_{INPUTS[k.b].short}_{_link_number(k.rho)}")
    if s.evidence != base.evidence:
        if not s.evidence:
            out.append("W_e")
        for e in s.evidence:
            nums = (_link_number(x) for x in (e.estimate, e.ci_low, e.ci_high))
            out.append(
                f"E_{INPUTS[e.input].short}_{_METHOD_CODE[e.method]}_{e.n}_{e.clusters}_{'_'.join(nums)}_"
                + e.date.replace("-", "")
            )
    return out


def encode(s: Scenario, *, include_notes: bool = True) -> str:
    """A version-1 link: what ``s`` changes from ``Scenario()``, without a check (grammar: module docstring).

    Notes can make a link long (up to ~6,700 characters); ``include_notes=False``
    leaves them out, e.g. for a QR code. The round trip is then exact up to the notes.
    Share links use :func:`encode_link` (checked, relative to a preset); this
    form stays readable by :func:`decode` and serves as a compact key of a scenario.
    """
    return _PREFIX + "~".join(_fields(s, Scenario(), include_notes))


def _base_scenario(preset: str | None, variant: str) -> Scenario:
    if preset is None:
        return Scenario()
    from roi_core.presets import variant as preset_variant

    return preset_variant(preset, variant)


def _fingerprint(base: Scenario) -> str:
    """Two characters that change when a preset's definition changes (its full version-1 link hashed)."""
    digest = hashlib.blake2b(encode(base).encode("utf-8"), digest_size=2).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:2]


def checksum(payload: str) -> str:
    """The check of a version-2 link: 6 URL-safe characters (32 bits of BLAKE2b) of ``payload``.

    >>> checksum("lg-e.n_80"), checksum("lg-e.n_8")
    ('582YOQ', 'eK1nag')
    """
    digest = hashlib.blake2b(payload.encode("utf-8"), digest_size=4).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def encode_link(s: Scenario, *, preset: str | None = None, variant: str = "middle", include_notes: bool = True) -> str:
    """A checked share link (version 2): what ``s`` changes from the preset's variant, with a checksum.

    ``preset`` is a key of :data:`roi_core.presets.PRESETS` (``None``: the plain
    ``Scenario()``). An unchanged preset gives a link of about 20 characters.
    :func:`decode` gives ``s`` back exactly, says when the link was damaged on
    the way, and when the preset has changed since the link was made.

    >>> link = encode_link(Scenario().with_values(participants=Range.fixed(80)))
    >>> link
    'v2.JyTbQQ.0.n_80'
    >>> r = decode(link)
    >>> r.scenario == Scenario().with_values(participants=Range.fixed(80)), r.check
    (True, 'ok')
    >>> decode(link[:-1]).check  # cut by one character
    'damaged'
    """
    from roi_core.presets import VARIANT_ALIASES

    variant = VARIANT_ALIASES.get(variant, variant)  # the outlooks' earlier names still work
    base = _base_scenario(preset, variant)
    head = "0" if preset is None else f"{PRESET_CODES[preset]}-{VARIANT_CODES[variant]}{_fingerprint(base)}"
    payload = head + "." + "~".join(_fields(s, base, include_notes))
    return f"{_PREFIX2}{checksum(payload)}.{payload}"


_METHOD_CODE: Mapping[str, str] = {
    "difference_in_differences": "d",
    "ab_comparison": "a",
    "paired_before_after": "p",
    "learning_analytics": "l",
}
_CODE_METHOD = {v: k for k, v in _METHOD_CODE.items()}


class _Bad(Exception):
    """One field of a link cannot be read: ``kind`` (a notice kind) and ``details`` say why."""

    def __init__(self, kind: str, **details: Any) -> None:
        super().__init__(kind)
        self.kind = kind
        self.details = details


def _read_num(t: str) -> float:
    if not _NUMBER.fullmatch(t):
        raise _Bad("not_a_number", value=echo(t, 20))
    x = float(t)
    if not math.isfinite(x):
        raise _Bad("too_large", value=echo(t, 20))
    return x


def _read_int(t: str) -> int:
    if not _INT.fullmatch(t):
        raise _Bad("not_whole", value=echo(t, 20))
    return int(t)


def _read_text(t: str) -> str:
    if len(t) % 4 == 1 or not re.fullmatch(r"[A-Za-z0-9.\-]*", t):
        raise _Bad("damaged")
    try:
        return base64.b64decode(t.translate(_B64_TO) + "=" * (-len(t) % 4), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _Bad("damaged") from None


def _read_range_parts(parts: list[str]) -> Range:
    try:
        if len(parts) == 1:
            return Range.fixed(_read_num(parts[0]))
        if len(parts) in (3, 4):
            shape = Shape.PERT
            if len(parts) == 4:
                if parts[3] not in _CODE_SHAPE:
                    raise _Bad("unknown_code", value=echo(parts[3], 10))
                shape = _CODE_SHAPE[parts[3]]
            low, likely, high = (_read_num(p) for p in parts[:3])
            return Range(low, likely, high, shape)
    except (ValueError, TypeError) as exc:
        raise _Bad("invalid", message=echo(exc, 200)) from None
    raise _Bad("wrong_parts", expected=(1, 3, 4), got=len(parts))


def _link_input(key: str, parts: list[str]) -> Range:
    s = INPUTS[key]
    r = _read_range_parts(parts)
    if r.low < s.hard_min or r.high > s.hard_max:
        raise _Bad("out_of_range", value=r.low if r.low < s.hard_min else r.high, min=s.hard_min, max=s.hard_max)
    if s.integer and not r.likely.is_integer():
        raise _Bad("not_whole", value=r.likely)
    return Range.fixed(r.likely) if s.point_only else r


def _bounded_int(lo: int, hi: int) -> Callable[[list[str]], int]:
    def read(parts: list[str]) -> int:
        if len(parts) != 1:
            raise _Bad("wrong_parts", expected=(1,), got=len(parts))
        n = _read_int(parts[0])
        if not lo <= n <= hi:
            raise _Bad("out_of_range", value=n, min=lo, max=hi)
        return n

    return read


def _link_enabled(parts: list[str]) -> tuple[Driver, ...]:
    if len(parts) != 1 or any(ch not in _CODE_DRIVER for ch in parts[0]):
        raise _Bad("unknown_code", value=echo("_".join(parts), 12))
    return tuple(_CODE_DRIVER[ch] for ch in parts[0])


def _link_bool(parts: list[str]) -> bool:
    if parts not in (["0"], ["1"]):
        raise _Bad("unknown_code", value=echo("_".join(parts), 12))
    return parts == ["1"]


def _link_leaver_cost(parts: list[str]) -> LeaverCost:
    if len(parts) != 1 or parts[0] not in _CODE_LEAVER:
        raise _Bad("unknown_code", value=echo("_".join(parts), 12))
    return _CODE_LEAVER[parts[0]]


def _link_hurdle(parts: list[str]) -> float:
    if len(parts) != 1:
        raise _Bad("wrong_parts", expected=(1,), got=len(parts))
    x = _read_num(parts[0])
    b = FIELD_BOUNDS["hurdle_pct"]
    if not b.contains(x):
        raise _Bad("out_of_range", value=x, min=b.min, max=b.max)
    return x


def _link_text(limit: int) -> Callable[[list[str]], str]:
    def read(parts: list[str]) -> str:
        if len(parts) != 1:
            raise _Bad("damaged")
        return _read_text(parts[0])[:limit]

    return read


def _link_custom(parts: list[str]) -> CustomBenefit:
    if len(parts) != 11:
        raise _Bad("wrong_parts", expected=(11,), got=len(parts))
    try:
        return CustomBenefit(
            _read_text(parts[0]),
            _read_range_parts(parts[1:5]),
            _read_range_parts(parts[5:9]),
            _read_num(parts[9]),
            _link_bool(parts[10:]),
        )
    except (ValueError, TypeError) as exc:
        raise _Bad("invalid", message=echo(exc, 200)) from None


def _link_correlation(parts: list[str]) -> Correlation:
    if len(parts) != 3 or parts[0] not in INPUT_BY_SHORT or parts[1] not in INPUT_BY_SHORT:
        raise _Bad("wrong_parts", expected=(3,), got=len(parts))
    try:
        return Correlation(INPUT_BY_SHORT[parts[0]], INPUT_BY_SHORT[parts[1]], _read_num(parts[2]))
    except (ValueError, TypeError) as exc:
        raise _Bad("invalid", message=echo(exc, 200)) from None


def _link_evidence(parts: list[str]) -> EvidenceSource:
    if len(parts) != 8 or parts[0] not in INPUT_BY_SHORT or parts[1] not in _CODE_METHOD:
        raise _Bad("wrong_parts", expected=(8,), got=len(parts))
    date = parts[7]
    if not re.fullmatch(r"\d{8}", date):
        raise _Bad("damaged")
    try:
        return EvidenceSource(
            INPUT_BY_SHORT[parts[0]],
            _CODE_METHOD[parts[1]],
            _read_int(parts[2]),
            _read_int(parts[3]),
            _read_num(parts[4]),
            _read_num(parts[5]),
            _read_num(parts[6]),
            f"{date[:4]}-{date[4:6]}-{date[6:]}",
        )
    except (ValueError, TypeError) as exc:
        raise _Bad("invalid", message=echo(exc, 200)) from None


_META: dict[str, tuple[str, Callable[[list[str]], Any]]] = {
    "N": ("name", _link_text(MAX_NAME_LENGTH)),
    "T": ("notes", _link_text(MAX_NOTES_LENGTH)),
    "D": ("enabled", _link_enabled),
    "H": ("horizon_years", _bounded_int(1, MAX_HORIZON_YEARS)),
    "C": ("conservative_years", _bounded_int(1, MAX_HORIZON_YEARS)),
    "K": ("continuous", _link_bool),
    "F": ("lasting", _link_bool),
    "L": ("leaver_cost", _link_leaver_cost),
    "S": ("seed", _bounded_int(0, _MAX_SEED)),
    "M": ("draws", _bounded_int(MIN_DRAWS, MAX_DRAWS)),
    "R": ("hurdle_pct", _link_hurdle),
}


def _apply_fields(fields: list[str], base: Scenario, warnings: list[Notice]) -> tuple[Scenario, int]:
    """``base`` with the link's ``fields`` applied, and how many fields were read; bad fields go to ``warnings``."""
    kw: dict[str, Any] = {}
    values: dict[str, Range] = dict(base.values)
    custom: list[CustomBenefit] = []
    corr: list[Correlation] = []
    evidence: dict[str, EvidenceSource] = {}
    given: set[str] = set()  # the lists the link gives in full: "x" custom lines, "q" correlations, "e" sources
    seen_pairs: set[frozenset[str]] = set()
    seen_inputs: set[str] = set()
    n_read = 0
    for field in fields:
        key, sep, rest = field.partition("_")
        parts = rest.split("_")
        shown = INPUT_BY_SHORT.get(key) or _META.get(key, (echo(key, 12),))[0]
        try:
            if not sep:
                raise _Bad("no_value")
            if key in INPUT_BY_SHORT:
                name = INPUT_BY_SHORT[key]
                shown = name
                if name in seen_inputs:
                    warnings.append(notice("given_twice", name))
                values[name] = _link_input(name, parts)
                seen_inputs.add(name)
            elif key in _META:
                name, read = _META[key]
                shown = name
                if name in kw:
                    warnings.append(notice("given_twice", name))
                kw[name] = read(parts)
            elif key == "X":
                shown = f"custom[{len(custom)}]"
                if len(custom) >= MAX_CUSTOM_BENEFITS:
                    raise _Bad("too_many", max=MAX_CUSTOM_BENEFITS)
                custom.append(_link_custom(parts))
                given.add("x")
            elif key == "Q":
                shown = "correlation"
                item = _link_correlation(parts)
                pair = frozenset((item.a, item.b))
                if pair in seen_pairs:
                    raise _Bad("duplicate", a=item.a, b=item.b)
                seen_pairs.add(pair)
                corr.append(item)
                given.add("q")
            elif key == "E":
                shown = "evidence"
                source = _link_evidence(parts)
                evidence[source.input] = source
                given.add("e")
            elif key == "W":
                if len(parts) != 1 or not set(parts[0]) <= {"x", "q", "e"}:
                    raise _Bad("unknown_code", value=echo("_".join(parts), 12))
                given.update(parts[0])
            else:
                raise _Bad("unknown_field")
            n_read += 1
        except _Bad as exc:
            warnings.append(notice(exc.kind, shown, **exc.details))
    kw["values"] = tuple(values.items())
    kw["custom"] = tuple(custom) if "x" in given else base.custom
    kw["correlations"] = tuple(corr) if "q" in given else base.correlations
    kw["evidence"] = tuple(evidence.values()) if "e" in given else base.evidence
    try:
        scenario = replace(base, **kw)
        current = scenario.with_current_evidence()
        if current != scenario:
            warnings.append(notice("evidence_mismatch", "evidence"))
        return current, n_read
    except (ValueError, TypeError) as exc:  # a combination the per-field checks cannot see
        warnings.append(notice("invalid_combination", _LINK, message=echo(exc, 200)))
        return base, 0


#: The field of notices about the share link as a whole.
_LINK = "share link"


def _split(body: str) -> list[str]:
    return body.split("~") if body else []


def decode(text: object) -> LoadResult:
    """Read a share link leniently: never raises; unreadable parts are dropped and named in ``warnings``.

    Version-2 links (:func:`encode_link`) are checked: ``check`` is ``"ok"``, or
    ``"damaged"`` when the text is not what was sent (cut, changed); then
    ``scenario`` holds only what could be read (the last field, likely cut, is
    left out; ``fields_read`` counts what was read) and the caller should offer
    it rather than use it. Version-1 links (:func:`encode`) have no check:
    ``"unchecked"``. An empty text is the default scenario (``"none"``).
    """
    if not isinstance(text, str):
        return LoadResult(Scenario(), (notice("not_text", _LINK),))
    t = text.strip()
    if not t:
        return LoadResult(Scenario(), ())
    if len(t) > MAX_LINK_CHARS:
        return LoadResult(Scenario(), (notice("too_long", _LINK, max=MAX_LINK_CHARS),))
    if t.startswith(_PREFIX2):
        return _decode_v2(t)
    if _PREFIX2.startswith(t):  # cut within the version
        return LoadResult(Scenario(), (), check="damaged")
    if not t.startswith(_PREFIX):
        head = t.split(".", 1)[0][:10]
        why = (
            notice("unsupported_version", _LINK, version=head)
            if re.fullmatch(r"v\d+", head)
            else notice("not_a_link", _LINK)
        )
        return LoadResult(Scenario(), (why,))
    warnings: list[Notice] = []
    fields = _split(t[len(_PREFIX) :])
    scenario, n_read = _apply_fields(fields, Scenario(), warnings)
    return LoadResult(scenario, tuple(warnings), check="unchecked", fields_read=n_read)


def _read_head(head: str) -> tuple[str | None, str, str]:
    """The preset key (``None``: plain ``Scenario()``), variant and fingerprint of a link's base part."""
    if head == "0":
        return None, "middle", ""
    m = re.fullmatch(r"([a-z]{2})-([a-z])([A-Za-z0-9_-]{2})", head)
    if not m or m.group(1) not in _CODE_PRESET or m.group(2) not in _CODE_VARIANT:
        raise _Bad("unknown_code", value=echo(head, 12))
    return _CODE_PRESET[m.group(1)], _CODE_VARIANT[m.group(2)], m.group(3)


def _decode_v2(t: str) -> LoadResult:
    parts = t.split(".", 3)
    check, head, body = (parts[1], parts[2], parts[3]) if len(parts) == 4 else ("", "", "")
    intact = len(parts) == 4 and checksum(f"{head}.{body}") == check
    warnings: list[Notice] = []
    try:
        preset, variant, fingerprint = _read_head(head)
    except _Bad:
        return LoadResult(Scenario(), (), check="damaged")
    base = _base_scenario(preset, variant)
    fields = _split(body)
    if not intact:
        fields = fields[:-1]  # a cut link ends in a cut field: what it says cannot be trusted
    scenario, n_read = _apply_fields(fields, base, warnings)
    if intact and preset is not None and fingerprint != _fingerprint(base):
        warnings.append(notice("base_changed", _LINK))
    return LoadResult(
        scenario,
        tuple(warnings),
        check="ok" if intact else "damaged",
        preset=preset,
        variant=variant,
        fields_read=n_read,
    )


def query_params_from(s: Scenario, *, include_notes: bool = True) -> dict[str, str]:
    """Query parameters for a share URL: ``{"s": encode(s)}``, or ``{}`` for the default scenario.

    In Streamlit: ``st.query_params.from_dict(query_params_from(s))``.
    """
    link = encode(s, include_notes=include_notes)
    return {} if link == _PREFIX else {"s": link}


def from_query_params(params: Mapping[str, Any]) -> LoadResult:
    """Read the scenario of a share URL (e.g. ``st.query_params``); never raises.

    No ``s`` parameter gives ``Scenario()`` without warnings. A list value
    (repeated parameter) uses its last item.
    """
    try:
        value = params.get("s")
    except Exception:  # noqa: BLE001 - a hostile mapping must not take the page down
        return LoadResult(Scenario(), (notice("unreadable_params", _LINK),))
    if value is None:
        return LoadResult(Scenario(), ())
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return decode(value)
