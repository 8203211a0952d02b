"""Pure work of a run that every session of a room would repeat: done once per process, then shared.

A room opens one link at once: forty sessions build the same scenario and
ask for the same text of it. Per session, Streamlit's own caches already keep
the numbers; what each run still computed again was the scenario's text (the
cache key of every cached result, ``roi_core.scenario_io.encode``), its
share link (``ui.common.links.link_params``) and the scenario itself from the
sidebar's widget values (``ui.common.widget_state.scenario_from_widgets``). All are pure
functions of a frozen :class:`~roi_core.Scenario` and a few strings or
values, so they are kept here in bounded, thread-safe ``functools.lru_cache``
tables keyed on the scenario itself: hashing a scenario is far cheaper than
encoding or building one (``python -m benchmarks.reuse`` compares them).

Equal scenarios share an entry. Equality is the dataclass's, so ``0.0`` and
``-0.0`` (or ``1`` and ``1.0``) are one scenario here: their texts may differ
in such a sign or digit, never in what they decode to. A scenario that cannot
be hashed (a field holding a list) is encoded without the table.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from roi_core import Scenario, scenario_io
from ui.common import links, widget_state

__all__ = ["scenario_text", "link_params", "scenario_from_widgets", "clear"]

#: Distinct scenarios remembered per table: a busy process sees a few per person (their slider moves).
MAX_SCENARIOS = 1024


def _unhashable(exc: TypeError) -> bool:
    """True when ``exc`` says a key could not be hashed (the plain call then raises its own errors, if any)."""
    return "unhashable" in str(exc)


_encode = functools.lru_cache(maxsize=MAX_SCENARIOS)(scenario_io.encode)


def scenario_text(scenario: Scenario) -> str:
    """``roi_core.scenario_io.encode(scenario)``, computed once per distinct scenario in this process.

    >>> from roi_core import scenario_io
    >>> scenario_text(Scenario()) == scenario_io.encode(Scenario())
    True
    >>> scenario_text(Scenario(seed=1)) != scenario_text(Scenario())
    True
    """
    try:
        return _encode(scenario)
    except TypeError as exc:
        if not _unhashable(exc):
            raise
        return scenario_io.encode(scenario)


@functools.lru_cache(maxsize=MAX_SCENARIOS)
def _link_params(scenario: Scenario, **options: str) -> tuple[tuple[str, str], ...]:
    return tuple(links.link_params(scenario, **options).items())


def link_params(scenario: Scenario, **options: str) -> dict[str, str]:
    """``ui.common.links.link_params(scenario, **options)``, once per scenario and options; a new dict each call.

    >>> link_params(Scenario(), lang="nl") == links.link_params(Scenario(), lang="nl")
    True
    >>> link_params(Scenario(), lang="nl") is link_params(Scenario(), lang="nl")
    False
    """
    try:
        return dict(_link_params(scenario, **options))
    except TypeError as exc:
        if not _unhashable(exc):
            raise
        return links.link_params(scenario, **options)


@functools.lru_cache(maxsize=MAX_SCENARIOS)
def _from_widgets(widgets: tuple[tuple[str, object], ...], base: Scenario, mode: str, certainty: str) -> Scenario:
    return widget_state.scenario_from_widgets(dict(widgets), base, mode, certainty)


def scenario_from_widgets(widgets: Mapping[str, Any], base: Scenario, mode: str, certainty: str) -> Scenario:
    """``ui.common.widget_state.scenario_from_widgets``, once per distinct widget values, base, mode and certainty.

    Every run of every session rebuilds its scenario from the sidebar's values; in a room most runs ask for one
    already built. Values that do not make a scenario raise as the plain function does, every time (errors are
    not remembered).

    >>> w = widget_state.widget_values(Scenario(seed=7))
    >>> scenario_from_widgets(w, Scenario(), "range", "preset") == widget_state.scenario_from_widgets(
    ...     w, Scenario(), "range", "preset"
    ... )
    True
    """
    try:
        return _from_widgets(tuple(widgets.items()), base, mode, certainty)
    except TypeError as exc:
        if not _unhashable(exc):
            raise
        return widget_state.scenario_from_widgets(widgets, base, mode, certainty)


def clear() -> None:
    """Forget everything remembered (tests; a changed preset table)."""
    _encode.cache_clear()
    _link_params.cache_clear()
    _from_widgets.cache_clear()
