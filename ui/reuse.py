"""Pure work of a run that every session of a room would repeat: done once per process, then shared.

A room opens one link at once: forty sessions build the same scenario and
ask for the same text of it. Per session, Streamlit's own caches already keep
the numbers; what each run still computed again was the scenario's text (the
cache key of every cached result, ``roi_core.scenario_io.encode``) and its
share link (``ui.state.link_params``). Both are pure functions of a frozen
:class:`~roi_core.Scenario` and a few strings, so they are kept here in
bounded, thread-safe ``functools.lru_cache`` tables keyed on the scenario
itself: hashing a scenario is far cheaper than encoding it
(``python -m benchmarks --first-run`` compares the two).

Equal scenarios share an entry. Equality is the dataclass's, so ``0.0`` and
``-0.0`` (or ``1`` and ``1.0``) are one scenario here: their texts may differ
in such a sign or digit, never in what they decode to. A scenario that cannot
be hashed (a field holding a list) is encoded without the table.
"""

from __future__ import annotations

import functools

from roi_core import Scenario, scenario_io
from ui import state

__all__ = ["scenario_text", "link_params", "clear"]

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
    return tuple(state.link_params(scenario, **options).items())  # type: ignore[arg-type]


def link_params(scenario: Scenario, **options: str) -> dict[str, str]:
    """``ui.state.link_params(scenario, **options)``, computed once per scenario and options; a new dict each call.

    >>> link_params(Scenario(), lang="nl") == state.link_params(Scenario(), lang="nl")
    True
    >>> link_params(Scenario(), lang="nl") is link_params(Scenario(), lang="nl")
    False
    """
    try:
        return dict(_link_params(scenario, **options))
    except TypeError as exc:
        if not _unhashable(exc):
            raise
        return state.link_params(scenario, **options)  # type: ignore[arg-type]


def clear() -> None:
    """Forget every remembered text (tests; a changed preset table)."""
    _encode.cache_clear()
    _link_params.cache_clear()
