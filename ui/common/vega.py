"""Vega-Lite specs from cached Altair templates: a chart's structure is built once, its data sent by name.

Building an Altair chart and turning it into a dict is costly (object
construction, deep copies, pandas sanitising; ``python -m benchmarks`` prints
it beside the Monte Carlo simulation), and a slider move needs new data, not a
new structure. So every chart of the app is split in two:

* a **template**: an Altair chart whose layers read *named* datasets
  (``alt.NamedData("bins")``). It depends only on structural arguments
  (language, currency, presentation view, number of rows, ...), is validated
  against the Vega-Lite schema once and cached by :func:`template`;
* the **data**: small pandas frames, turned into JSON records and filled in
  by :func:`fill` (well under a millisecond per chart).

The result is a plain Vega-Lite dict with top-level ``datasets``, what
``st.vega_lite_chart`` sends as Arrow, what Altair itself would produce.

Put every number that follows the data into a dataset (an invisible point
for headroom, a one-row dataset for a rule), not into the spec: when only the
datasets change, Streamlit swaps the data inside the drawn chart; any other
change to the spec makes the browser draw the chart anew. :func:`fill` can
also set Vega-Lite parameter values, but the app's charts use none.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ParamSpec, TypeAlias

import altair as alt
import pandas as pd
import pyarrow as pa

from ui.common.format import SCALES, d3_number_locale

__all__ = [
    "Data",
    "template",
    "fill",
    "records",
    "arrow_datasets",
    "arrow_bytes",
    "dataset_names",
    "param_names",
    "clear_templates",
    "localized",
    "amount_label_expr",
]

P = ParamSpec("P")
#: A dataset to fill in: a frame, or records that are already JSON-safe.
Data: TypeAlias = pd.DataFrame | Sequence[Mapping[str, Any]]


def _json_safe(v: Any) -> Any:
    # Vega-Lite reads JSON: NaN and infinities become null, as Altair's own sanitising does.
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as JSON-safe records: native Python numbers and strings, ``None`` for NaN and infinities.

    >>> records(pd.DataFrame({"a": [1.5, float("nan")], "b": ["x", "y"]}))
    [{'a': 1.5, 'b': 'x'}, {'a': None, 'b': 'y'}]
    """
    names = [str(c) for c in frame.columns]
    columns = [
        frame[c].tolist() for c in frame.columns
    ]  # native Python numbers, column by column (to_dict goes row by row)
    return [{n: _json_safe(v) for n, v in zip(names, row, strict=True)} for row in zip(*columns, strict=True)]


def template(build: Callable[P, alt.TopLevelMixin]) -> Callable[P, dict[str, Any]]:
    """Cache a template builder: its chart is built, validated and turned into a dict once per arguments.

    The arguments must be hashable (strings, numbers, booleans, tuples). The
    cached dict is shared: use it through :func:`fill`, which copies it.
    """

    @functools.lru_cache(maxsize=256)
    def cached(*args: Any, **kwargs: Any) -> dict[str, Any]:
        spec = build(*args, **kwargs).to_dict(validate=True)  # once per structure: schema errors surface in tests
        spec.pop("datasets", None)  # templates read named data only; an inline dataset would go stale
        return spec

    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> dict[str, Any]:
        # typeshed's lru_cache wants Hashable arguments, which a ParamSpec cannot promise (the docstring does).
        return cached(*args, **kwargs)  # type: ignore[arg-type]

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]  # a function attribute: no type declares it
    _CLEARS.append(cached.cache_clear)
    return wrapper


#: ``cache_clear`` of every template (filled at import; for benchmarks and tests, never per session).
_CLEARS: list[Callable[[], None]] = []


def clear_templates() -> None:
    """Forget every cached template: the next chart of each kind is built with Altair again."""
    for clear in _CLEARS:
        clear()


def _walk_names(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            out.add(data["name"])
        for v in node.values():
            _walk_names(v, out)
    elif isinstance(node, list):
        for v in node:
            _walk_names(v, out)


def dataset_names(spec: Mapping[str, Any]) -> set[str]:
    """The names of the datasets that a spec's views read."""
    out: set[str] = set()
    _walk_names(dict(spec), out)
    return out


def param_names(spec: Mapping[str, Any]) -> set[str]:
    """The names of a spec's top-level parameters."""
    return {p["name"] for p in spec.get("params", [])}


def fill(spec: Mapping[str, Any], data: Mapping[str, Data], params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A copy of a template with its named datasets (and parameter values) filled in.

    Every dataset the template reads must be given, and no other, and the
    same for ``params``: a mismatch is a programming error and raises
    ``ValueError`` rather than drawing an empty chart.
    """
    params = params or {}
    wanted, given = dataset_names(spec), set(data)
    if wanted != given:
        raise ValueError(f"template reads datasets {sorted(wanted)}, given {sorted(given)}")
    if not set(params) <= param_names(spec):
        raise ValueError(f"template has parameters {sorted(param_names(spec))}, given {sorted(params)}")
    out = copy.deepcopy(dict(spec))
    if params:
        out["params"] = [
            {**p, "value": _json_safe(params[p["name"]])} if p["name"] in params else p for p in out["params"]
        ]
    out["datasets"] = {
        name: records(values) if isinstance(values, pd.DataFrame) else [dict(r) for r in values]
        for name, values in data.items()
    }
    return out


def _arrow(rows: Sequence[Mapping[str, Any]]) -> pa.Table | Sequence[Mapping[str, Any]]:
    # Columns from every row's keys, in order of appearance (pyarrow alone would take the first row's keys only),
    # and NaN or infinity as null, as in records(); what pyarrow cannot type (a column of text and numbers, a huge
    # integer) is left to Streamlit's own conversion.
    names = list(dict.fromkeys(name for row in rows for name in row))
    try:
        return pa.Table.from_pydict({name: [_json_safe(row.get(name)) for row in rows] for name in names})
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return rows


def arrow_datasets(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A filled spec whose datasets are pyarrow tables: for ``st.vega_lite_chart``, not for JSON.

    Streamlit sends each dataset to the browser as Arrow. Given records, it
    builds a pandas frame first and converts that; a pyarrow table built from
    the records goes straight through, without the frame (``python -m
    benchmarks`` prints the ratio). The
    spec itself is not copied, only its ``datasets`` mapping is replaced.

    >>> t = arrow_datasets({"mark": "bar", "datasets": {"d": [{"a": 1.5, "b": "x"}, {"a": None, "b": "y"}]}})
    >>> t["datasets"]["d"].to_pylist(), t["mark"]
    ([{'a': 1.5, 'b': 'x'}, {'a': None, 'b': 'y'}], 'bar')
    """
    out = dict(spec)
    out["datasets"] = {
        name: rows if isinstance(rows, bytes) else _arrow(rows) for name, rows in spec.get("datasets", {}).items()
    }
    return out


def arrow_bytes(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A filled spec whose datasets are Arrow IPC bytes, exactly as Streamlit sends them to the browser.

    For specs kept and shared between runs (``ui.common.compute.chart_specs``): ``st.vega_lite_chart`` passes bytes
    through as they are, so the conversion is done once per chart instead of once per run, and
    :func:`arrow_datasets` leaves them alone.

    >>> spec = arrow_bytes({"mark": "bar", "datasets": {"d": [{"a": 1.5}]}})
    >>> isinstance(spec["datasets"]["d"], bytes), arrow_datasets(spec)["datasets"]["d"] is spec["datasets"]["d"]
    (True, True)
    >>> pa.ipc.open_stream(spec["datasets"]["d"]).read_all().to_pylist()
    [{'a': 1.5}]
    """
    from streamlit import dataframe_util  # Streamlit's own conversion: the bytes it would have made itself

    out = arrow_datasets(spec)
    out["datasets"] = {
        name: data if isinstance(data, bytes) else dataframe_util.convert_anything_to_arrow_bytes(data)
        for name, data in out["datasets"].items()
    }
    return out


def localized(spec: Mapping[str, Any], lang: str, currency: str = "EUR") -> dict[str, Any]:
    """``spec`` with Vega's number locale set to the page language: ``1.000``/``2,5`` in Dutch, ``1,000``/``2.5``.

    Every axis and tooltip ``format`` of the app's charts is a d3-format
    string, which Vega writes in this locale. Only the ``config`` mapping is
    copied; the locale is the same on every run of a language, so a slider
    move still changes nothing but the datasets.

    >>> localized({"mark": "bar"}, "nl")["config"]["locale"]["number"]["decimal"]
    ','
    """
    out = dict(spec)
    out["config"] = {**spec.get("config", {}), "locale": {"number": d3_number_locale(lang, currency)}}
    return out


def amount_label_expr(lang: str) -> str:
    """A Vega ``labelExpr`` that writes axis amounts with word scales (``250k``, ``1,5 mln``, ``2 mld``).

    Used instead of d3's SI format (``~s``), which writes billions as ``G``.
    The numbers follow the chart's locale (:func:`localized`).

    >>> "mln" in amount_label_expr("nl") and "G" not in amount_label_expr("en")
    True
    """
    expr = "format(datum.value, ',.0f')"
    for factor, suffix in reversed(SCALES.get(lang, SCALES["en"])):
        expr = f"abs(datum.value) >= {factor:.0e} ? format(datum.value / {factor:.0e}, ',.1~f') + '{suffix}' : ({expr})"
    return expr
