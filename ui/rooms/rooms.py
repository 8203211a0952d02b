"""Workshop rooms in the UI: links, the store, texts of estimates and errors, and the ranges chart.

Kept light on purpose: the participants' phone page imports this module, so it
imports no simulation, analysis or chart library (a test checks that in a
fresh interpreter). The facilitator's page imports those itself.

Query parameters:

* participants' link: the app's root with ``?r=<room code>&lang=..`` and, once a phone has sent
  an estimate, ``&me=<its token>`` (so a reload keeps editing the same entry);
* facilitator's private link: ``room?room=<code>&key=<key>``. ``app.py`` moves
  those two into the session at once (:func:`capture_facilitator_link`), so the
  key never stays in the address bar, a share link or a participant's link.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from roi_core.assumptions import INPUTS
from roi_core.pooling import Disagreement, EstimateError, Pooled, disagreement, pool
from storage import Entry, StorageError, Store, database_url, open_store, ttl_days
from ui.common.format import input_title as title_of
from ui.common.format import number, pct
from ui.common.i18n import LANG_KEY, LANGS, lang_from_locale, translate

__all__ = [
    "ROOM_PARAM",
    "TOKEN_PARAM",
    "FAC_ROOM_PARAM",
    "FAC_KEY_PARAM",
    "JOIN_PATH",
    "ROOM_PATH",
    "REFRESH_SECONDS",
    "SESSION_ROOM",
    "store",
    "is_participant_link",
    "freeze_loaded_objects",
    "prepare_participant_lang",
    "capture_facilitator_link",
    "link",
    "input_title",
    "input_name",
    "value_text",
    "shown_text",
    "error_text",
    "storage_error_text",
    "days_text",
    "by_input",
    "pooled_by_input",
    "ranges_spec",
    "people_rows",
    "own_rows",
    "share_text",
    "who",
]

ROOM_PARAM = "r"
TOKEN_PARAM = "me"
FAC_ROOM_PARAM = "room"
FAC_KEY_PARAM = "key"
#: The phones' page is the app's root: with ``r`` in the link, app.py serves only that page.
JOIN_PATH = ""
ROOM_PATH = "room"
#: How often the facilitator's view looks for new entries (and a phone for a new round), in seconds.
REFRESH_SECONDS = 2
#: session_state key of the facilitator's open room: ``(code, key)``.
SESSION_ROOM = "_room"


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    try:
        return open_store(url)
    except Exception as exc:  # noqa: BLE001 - no server, wrong password, bad URL: the pages say so in words
        raise StorageError(f"cannot open the room database: {type(exc).__name__}") from exc


def store() -> Store:
    """The process's room store: ``st.secrets["database_url"]``, else ``ROI_DATABASE_URL``, else SQLite.

    :class:`~storage.StorageError` when the database cannot be opened (not cached: the next run tries again).
    """
    try:
        configured = st.secrets.get("database_url")
    except Exception:  # noqa: BLE001 - no secrets file at all is the normal case
        configured = None
    return _store(database_url(str(configured) if configured else None))


@st.cache_resource(show_spinner=False)
def freeze_loaded_objects() -> int:
    """Once per process: what is loaded now goes into the collector's permanent generation (see ui/common/warmup.py).

    The phone page's counterpart of :func:`ui.common.warmup.freeze_startup_objects`, without importing every module:
    Streamlit's full collection after each run then skips the module-level objects.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def is_participant_link(params: Mapping[str, str]) -> bool:
    """True for a participants' link (it carries a room code)."""
    return bool(params.get(ROOM_PARAM))


def prepare_participant_lang() -> str:
    """The phone page's language: the link's ``lang``, else the browser's; kept in the session."""
    ss = st.session_state
    if ss.get(LANG_KEY) not in LANGS:
        asked = st.query_params.get("lang")
        ss[LANG_KEY] = asked if asked in LANGS else lang_from_locale(getattr(st.context, "locale", None))
    return str(ss[LANG_KEY])


def capture_facilitator_link() -> None:
    """Move ``room``/``key`` from the address into the session (before the sidebar rewrites the address)."""
    code, key = st.query_params.get(FAC_ROOM_PARAM), st.query_params.get(FAC_KEY_PARAM)
    if code and key:
        st.session_state[SESSION_ROOM] = (str(code)[:64], str(key)[:128])
    for name in (FAC_ROOM_PARAM, FAC_KEY_PARAM):
        if name in st.query_params:
            del st.query_params[name]


def link(base_url: str | None, page: str, params: Mapping[str, str], current_page: str = ROOM_PATH) -> str:
    """Address of ``page`` of this app with ``params``, built from the current page's address.

    >>> link("https://x.org/app/room", "", {"r": "abc", "lang": "nl"})
    'https://x.org/app/?r=abc&lang=nl'
    >>> link("https://x.org/room", "room", {"room": "abc", "key": "k"})
    'https://x.org/room?room=abc&key=k'
    >>> link(None, "", {"r": "abc"})
    '?r=abc'
    """
    query = urlencode(dict(params), safe="-._~")
    if not base_url or urlsplit(base_url).scheme not in ("http", "https"):
        return f"{page}?{query}"
    parts = urlsplit(base_url)
    path = parts.path or "/"
    if path.rstrip("/").endswith("/" + current_page):
        path = path.rstrip("/")[: -len(current_page)]
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path + page, query, ""))


def input_name(key: str, lang: str) -> str:
    """The input's label, with its driver when several drivers share it ("Share due to the training (Productivity)").

    :meth:`roi_core.InputSpec.distinct_label`, as the charts show it.
    """
    return INPUTS[key].distinct_label(lang)  # type: ignore[arg-type]


def input_title(key: str, lang: str, currency: str = "EUR") -> str:
    """The input's name with its unit, from the registry: "Productivity gain per trained employee (%)"."""
    sp = INPUTS[key]
    return title_of(sp, lang, currency, distinct=True)


def _decimals(x: float) -> int:
    text = f"{x:.6f}".rstrip("0")
    return min(6, len(text.split(".")[1]) if "." in text else 0)


def value_text(x: float, lang: str) -> str:
    """A value as a participant would type it in ``lang`` (no needless decimals): 42.000 / 12,5."""
    if not math.isfinite(x):
        return "–"
    return number(x, lang, _decimals(round(x, 6))) or "–"


def shown_text(x: float, key: str, lang: str) -> str:
    """A computed value (pooled percentile, spread) with the input's precision (:attr:`InputSpec.fine_decimals`)."""
    if not math.isfinite(x):
        return "–"
    return number(x, lang, INPUTS[key].fine_decimals) or "–"


def days_text(lang: str) -> str:
    return number(ttl_days(), lang, 0 if float(ttl_days()).is_integer() else 1) or ""


def error_text(err: EstimateError, key: str, lang: str) -> str:
    """A participant's mistake in plain words, naming the assumption and the field."""
    field = {
        "low": translate(lang, "rooms.p_low"),
        "likely": translate(lang, "rooms.p_likely"),
        "high": translate(lang, "rooms.p_high"),
        "note": translate(lang, "rooms.p_note"),
    }.get(err.field, err.field)
    details: dict[str, Any] = dict(err.details)
    for bound in ("min", "max"):
        if bound in details:
            details[bound] = value_text(float(details[bound]), lang)
    if "other" in details:
        details["other"] = translate(lang, f"rooms.p_{details['other']}").lower()
    details["example"] = value_text(1234.5, lang)
    problem = translate(lang, f"rooms.err_{err.kind}", **details)
    label = input_name(key, lang) if key in INPUTS else key
    return translate(lang, "rooms.err_field", input=label, field=field.lower(), problem=problem)


def storage_error_text(kind: str, lang: str) -> str:
    """Message for a refused or failed storage operation (``StorageError.kind``)."""
    known = {"closed", "forbidden", "not_found"}
    return translate(lang, f"rooms.err_{kind if kind in known else 'storage'}")


# --- the room's entries ------------------------------------------------------------------------------------


def by_input(entries: Sequence[Entry], round_number: int) -> dict[str, list[Entry]]:
    """The entries of one round, per input, in the order people joined."""
    out: dict[str, list[Entry]] = {}
    for e in entries:
        if e.round == round_number:
            out.setdefault(e.key, []).append(e)
    return out


@st.cache_data(max_entries=256, show_spinner=False)
def _pooled(key: str, triples: tuple[tuple[float, float, float], ...]) -> tuple[Pooled, Disagreement]:
    p = pool(triples, INPUTS[key])
    return p, disagreement(triples, p.p95 - p.p5)


def pooled_by_input(entries: Sequence[Entry], round_number: int) -> dict[str, tuple[Pooled, Disagreement]]:
    """Pooled estimate and disagreement of every input answered in ``round_number`` (cached on the numbers)."""
    return {k: _pooled(k, tuple(e.triple for e in es)) for k, es in by_input(entries, round_number).items()}


def who(e: Entry, lang: str, names: bool) -> str:
    """How a person is shown: their name (as text) when allowed and given, else "Person 3"."""
    return e.name if names and e.name else translate(lang, "rooms.person", n=e.person)


def people_rows(entries: Sequence[Entry], lang: str, names: bool) -> list[dict[str, str]]:
    """Rows of a table of people's ranges (all cells text; a table shows text, never Markdown or HTML)."""
    return [
        {
            translate(lang, "rooms.col_who"): who(e, lang, names),
            translate(lang, "rooms.col_low"): value_text(e.low, lang),
            translate(lang, "rooms.col_likely"): value_text(e.likely, lang),
            translate(lang, "rooms.col_high"): value_text(e.high, lang),
            translate(lang, "rooms.col_note"): e.note,
        }
        for e in entries
    ]


def own_rows(entries: Sequence[Entry], lang: str) -> list[dict[str, str]]:
    """Rows of a table of one person's own answers, one per assumption."""
    return [
        {
            translate(lang, "rooms.col_input"): input_title(e.key, lang),
            translate(lang, "rooms.col_low"): value_text(e.low, lang),
            translate(lang, "rooms.col_likely"): value_text(e.likely, lang),
            translate(lang, "rooms.col_high"): value_text(e.high, lang),
            translate(lang, "rooms.col_note"): e.note,
        }
        for e in entries
    ]


_NL_NUMBERS = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}}
_COLORS = {"person": "#0072B2", "apart": "#D55E00", "pooled": "#000000"}


def ranges_spec(
    entries: Sequence[Entry], pooled: Pooled, apart: Sequence[int], lang: str, names: bool, title: str
) -> dict[str, Any]:
    """Vega-Lite: each person's 90 % range as a bar with a dot at their most likely value, the pooled range last.

    People whose range meets nobody else's (``apart``: indexes into ``entries``) are drawn in another colour.
    A plain dict (no Altair): the phone page draws it too.
    """
    rows = [
        {
            "who": who(e, lang, names),
            "low": e.low,
            "likely": e.likely,
            "high": e.high,
            "kind": "apart" if i in set(apart) else "person",
            "text": f"{value_text(e.low, lang)} – {value_text(e.high, lang)}",
        }
        for i, e in enumerate(entries)
    ]
    rows.append(
        {
            "who": translate(lang, "rooms.pooled"),
            "low": pooled.p5,
            "likely": pooled.likely,
            "high": pooled.p95,
            "kind": "pooled",
            "text": f"{value_text(pooled.p5, lang)} – {value_text(pooled.p95, lang)}",
        }
    )
    order = [r["who"] for r in rows]
    y = {"field": "who", "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 140}}
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "height": {"step": 26},
        "data": {"values": rows},
        "encoding": {"y": y},
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 8, "strokeCap": "round"},
                "encoding": {
                    "x": {"field": "low", "type": "quantitative", "title": title, "scale": {"zero": False}},
                    "x2": {"field": "high"},
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "scale": {"domain": list(_COLORS), "range": list(_COLORS.values())},
                        "legend": None,
                    },
                    "tooltip": [{"field": "who", "title": " "}, {"field": "text", "title": "90 %"}],
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 90, "color": "#E69F00", "stroke": "#000000"},
                "encoding": {"x": {"field": "likely", "type": "quantitative"}},
            },
        ],
        "config": {"axis": {"labelFontSize": 13, "titleFontSize": 13}},
    }
    if lang == "nl":
        spec["config"]["locale"] = _NL_NUMBERS
    return spec


def share_text(share: float, lang: str) -> str:
    """A share (0..1) as a per cent text; "–" when undefined (fewer than two people)."""
    return (pct(100.0 * share, lang) or "–") if math.isfinite(share) else "–"
