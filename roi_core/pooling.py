"""A room's estimates of one assumption: each person's range, the pooled range and where the room disagrees.

Every participant states a low, a most likely and a high value, "90 % sure it
lies between low and high". :func:`person_range` reads that as the scenario's
own :class:`~roi_core.distributions.Range` (PERT) whose 5th and 95th
percentiles are the stated low and high and whose mode is the stated most
likely value: the PERT's own ends lie a little outside the stated ones.

The room's belief is the equal-weight mixture of the people's distributions
(linear opinion pool). Each person's range is represented, as the simulation's
quantile tables do, by ``MIXTURE_CELLS`` equally likely values (its quantiles at
the middles of equal-probability cells), so the mixture of ``n`` people is
exactly the ``n * MIXTURE_CELLS`` values of all of them together, every value
equally likely: its quantiles are plain quantiles of that set
(:func:`mixture_quantiles`).

The pooled result goes back into a scenario as one PERT :class:`Range`
(:func:`pool`): its 5th and 95th percentiles are the mixture's, its most
likely value the average of the people's most likely values. A mixture of
people who disagree can have two humps; one PERT keeps its spread (the
5-95 % width) but not its humps, which the facilitator's view shows apart.

Disagreement (:func:`disagreement`): which pairs of people's ranges do not
overlap at all, how much each pair overlaps (the shared part as a share of the
narrower range), and the spread of the most likely values. :func:`convergence`
compares two rounds.

Pure numpy; all functions are vectorised over the people of a room.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from roi_core.assumptions import INPUTS, InputSpec
from roi_core.distributions import Range, Shape
from roi_core.numbers import NumberParseError, parse_number

__all__ = [
    "COVERAGE",
    "MAX_NAME_LENGTH",
    "MAX_NOTE_LENGTH",
    "MIXTURE_CELLS",
    "Convergence",
    "Disagreement",
    "Estimate",
    "EstimateError",
    "Pooled",
    "clean_text",
    "convergence",
    "disagreement",
    "estimate_from_text",
    "fit_pert",
    "mixture_quantiles",
    "overlap_matrix",
    "person_range",
    "person_ranges",
    "pool",
    "room_inputs",
]

#: Probability that a person's value lies between their low and high ("90 % sure").
COVERAGE = 0.90
#: Longest note ("why do you think so?") a participant may send, in characters.
MAX_NOTE_LENGTH = 280
#: Longest display name, in characters.
MAX_NAME_LENGTH = 40

#: Equally likely values per person in the pooled mixture.
MIXTURE_CELLS = 256
_FIT_STEPS = 40
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")

Array = NDArray[np.float64]


# --- one person's range -------------------------------------------------------------------------------


def _pert_quantiles(a: Array, m: Array, b: Array, p: float | Array) -> Array:
    width = b - a
    safe = np.where(width > 0, width, 1.0)
    alpha = 1.0 + 4.0 * (m - a) / safe
    beta = 1.0 + 4.0 * (b - m) / safe
    return np.where(width > 0, a + width * special.betaincinv(alpha, beta, p), m)


def fit_pert(
    low: ArrayLike,
    likely: ArrayLike,
    high: ArrayLike,
    lower_bound: ArrayLike = -np.inf,
    upper_bound: ArrayLike = np.inf,
    coverage: float = COVERAGE,
) -> tuple[Array, Array]:
    """Ends ``(a, b)`` of PERT distributions with mode ``likely`` whose central ``coverage`` interval is low..high.

    Vectorised over people (arrays broadcast). The ends are found by fixed-point
    steps: move each end outwards by the amount the percentile still falls short.
    Each step shrinks the error to about a third. The ends never pass
    ``lower_bound`` / ``upper_bound`` (what the input allows, e.g. 0 %): an
    interval that touches a bound keeps its end there, and its percentile on
    that side then lies inside the stated value. ``low == high`` gives ``a = b``.

    Examples
    --------
    A symmetric range: PERT is Beta(3, 3), whose 5 % point is 0.1893 of its width,
    so the ends lie 0.1893 / 0.6214 of the stated width outside the stated ones.

    >>> a, b = fit_pert(40.0, 50.0, 60.0)
    >>> round(float(a), 2), round(float(b), 2)
    (33.91, 66.09)
    """
    lo, m, hi = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (low, likely, high)))
    lb = np.broadcast_to(np.asarray(lower_bound, dtype=np.float64), lo.shape)
    ub = np.broadcast_to(np.asarray(upper_bound, dtype=np.float64), lo.shape)
    tail = (1.0 - coverage) / 2.0
    a, b = lo.copy(), hi.copy()
    for _ in range(_FIT_STEPS):
        q_lo = _pert_quantiles(a, m, b, tail)
        q_hi = _pert_quantiles(a, m, b, 1.0 - tail)
        a = np.minimum(np.maximum(a - (q_lo - lo), lb), m)
        b = np.maximum(np.minimum(b + (hi - q_hi), ub), m)
    return a, b


def person_range(low: float, likely: float, high: float, sp: InputSpec | None = None) -> Range:
    """One person's "90 % sure between low and high, most likely x" as a scenario :class:`Range` (PERT).

    ``sp`` (the input's registry entry) keeps the ends within what the input allows.

    >>> r = person_range(40.0, 50.0, 60.0)
    >>> [round(float(x), 1) for x in r.exact_ppf([0.05, 0.95])]
    [40.0, 60.0]
    """
    return person_ranges([(low, likely, high)], sp)[0]


def person_ranges(people: Sequence[tuple[float, float, float]], sp: InputSpec | None = None) -> list[Range]:
    """:func:`person_range` of many people at once (one vectorised fit)."""
    arr = np.asarray(people, dtype=np.float64).reshape(-1, 3)  # (n, 3): low, likely, high
    lb, ub = (sp.hard_min, sp.hard_max) if sp is not None else (-np.inf, np.inf)
    a, b = fit_pert(arr[:, 0], arr[:, 1], arr[:, 2], lb, ub)
    return [
        Range(m, m, m) if lo == hi else Range(float(x), m, float(y), Shape.PERT)
        for (lo, m, hi), x, y in zip(arr.tolist(), a, b, strict=True)
    ]


# --- the room's pooled range -----------------------------------------------------------------------------


def _cells() -> Array:
    return (np.arange(MIXTURE_CELLS, dtype=np.float64) + 0.5) / MIXTURE_CELLS


def mixture_quantiles(ranges: Sequence[Range], q: ArrayLike) -> Array:
    """Quantiles ``q`` (probabilities) of the equal-weight mixture of ``ranges``.

    Every range contributes ``MIXTURE_CELLS`` equally likely values (its
    quantiles at the middles of equal-probability cells, as its sampling table
    does); the mixture is all of them together, equally likely.

    Examples
    --------
    Two people, uniform over 0..2 and 1..3: the mixture has density 1/4 on 0..1,
    1/2 on 1..2 and 1/4 on 2..3, so its 10 % point is 0.4 and its median 1.5.

    >>> qs = mixture_quantiles([Range(0, 1, 2, "uniform"), Range(1, 2, 3, "uniform")], [0.1, 0.5, 0.9])
    >>> [round(float(x), 2) for x in qs]
    [0.4, 1.5, 2.6]
    """
    if not ranges:
        raise ValueError("mixture_quantiles: no ranges to pool")
    values = np.concatenate([r.exact_ppf(_cells()) for r in ranges])  # (n * MIXTURE_CELLS,)
    return np.quantile(values, np.asarray(q, dtype=np.float64))


@dataclass(frozen=True)
class Pooled:
    """The room's pooled estimate of one input.

    ``p5``/``p50``/``p95`` are the mixture's percentiles; ``likely`` the mean of
    the people's most likely values; ``range`` the PERT that goes into the
    scenario (5th and 95th percentile = the mixture's, mode = ``likely``).
    """

    n: int
    p5: float
    p50: float
    p95: float
    likely: float
    range: Range


def pool(people: Sequence[tuple[float, float, float]], sp: InputSpec | None = None) -> Pooled:
    """Pool people's ``(low, likely, high)`` 90 % ranges into one :class:`Pooled` estimate.

    ``sp`` (the input's registry entry) keeps the ends within the input's bounds
    and rounds the most likely value of a whole-number input.

    Examples
    --------
    Two people who agree on 10 % but not on how sure they are:

    >>> p = pool([(8.0, 10.0, 12.0), (5.0, 10.0, 15.0)])
    >>> p.n, p.likely, round(p.p50, 1)
    (2, 10.0, 10.0)
    >>> 5.0 < p.p5 < 8.0 and 12.0 < p.p95 < 15.0
    True
    """
    if not people:
        raise ValueError("pool: nobody has answered")
    arr = np.asarray(people, dtype=np.float64).reshape(-1, 3)  # (n, 3): low, likely, high
    lb, ub = (sp.hard_min, sp.hard_max) if sp is not None else (-np.inf, np.inf)
    a, b = fit_pert(arr[:, 0], arr[:, 1], arr[:, 2], lb, ub)
    # The mixture as in mixture_quantiles, all people in one call: (n, MIXTURE_CELLS) equally likely values.
    values = _pert_quantiles(a[:, None], arr[:, 1:2], b[:, None], _cells()[None, :])
    p5, p50, p95 = (float(x) for x in np.quantile(values, [0.05, 0.5, 0.95]))
    likely = float(np.clip(arr[:, 1].mean(), p5, p95))
    if sp is not None and sp.integer:
        likely = float(np.clip(round(likely), math.ceil(p5), math.floor(p95))) if p95 - p5 >= 1 else round(likely)
    if p95 - p5 <= 1e-12 * max(1.0, abs(p50)):
        r = Range(likely, likely, likely)
    else:
        lo, hi = min(p5, likely), max(p95, likely)
        r = person_range(lo, likely, hi, sp)
    return Pooled(n=len(arr), p5=p5, p50=p50, p95=p95, likely=likely, range=r)


# --- disagreement ----------------------------------------------------------------------------------------


def overlap_matrix(low: ArrayLike, high: ArrayLike) -> Array:
    """How much each pair of ranges overlaps: the shared part as a share of the narrower range, 0..1.

    ``1`` when one range lies inside the other (and on the diagonal), ``0`` when
    they do not meet. A single value (low == high) counts 1 inside the other
    range and 0 outside. Shape ``(n, n)``, symmetric.

    Examples
    --------
    0..10 and 5..25 share 5..10: half of the narrower one; 30..40 meets neither.

    >>> overlap_matrix([0, 5, 30], [10, 25, 40]).round(2).tolist()
    [[1.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    lo = np.asarray(low, dtype=np.float64)
    hi = np.asarray(high, dtype=np.float64)
    shared = np.minimum(hi[:, None], hi[None, :]) - np.maximum(lo[:, None], lo[None, :])  # (n, n)
    width = hi - lo
    narrower = np.minimum(width[:, None], width[None, :])
    meets = shared >= 0
    ratio = np.divide(shared, narrower, out=np.ones_like(shared), where=narrower > 0)
    return np.where(meets, np.clip(ratio, 0.0, 1.0), 0.0)


@dataclass(frozen=True)
class Disagreement:
    """Where the room disagrees about one input.

    ``overlap``: :func:`overlap_matrix`; ``disjoint_pairs``: index pairs ``(i, j)``,
    ``i < j``, whose ranges do not meet; ``share_disjoint``: their share of all
    pairs (``nan`` with fewer than two people); ``likely_spread``: highest minus
    lowest most likely value; ``relative_spread``: that spread as a share of the
    pooled 90 % width (``nan`` when that width is 0).
    """

    n: int
    overlap: Array
    disjoint_pairs: tuple[tuple[int, int], ...]
    share_disjoint: float
    likely_spread: float
    relative_spread: float

    @property
    def lonely(self) -> tuple[int, ...]:
        """People whose range meets nobody else's (with two or more people)."""
        if self.n < 2:
            return ()
        meets_other = (self.overlap > 0).sum(axis=1) > 1
        return tuple(int(i) for i in np.flatnonzero(~meets_other))


def disagreement(people: Sequence[tuple[float, float, float]], pooled_width: float | None = None) -> Disagreement:
    """Disagreement among people's ``(low, likely, high)`` ranges (see :class:`Disagreement`).

    ``pooled_width`` (P95 - P5 of the pooled estimate) scales the spread; it is
    computed with :func:`pool` when not given.

    Examples
    --------
    >>> d = disagreement([(0, 5, 10), (5, 10, 25), (30, 35, 40)], pooled_width=40.0)
    >>> d.disjoint_pairs, round(d.share_disjoint, 3), d.likely_spread, d.relative_spread, d.lonely
    (((0, 2), (1, 2)), 0.667, 30.0, 0.75, (2,))
    """
    arr = np.asarray(people, dtype=np.float64).reshape(-1, 3)
    n = len(arr)
    ov = overlap_matrix(arr[:, 0], arr[:, 2])
    i, j = np.triu_indices(n, k=1)
    apart = ov[i, j] == 0
    pairs = tuple((int(a), int(b)) for a, b in zip(i[apart], j[apart], strict=True))
    share = float(apart.mean()) if n >= 2 else math.nan
    spread = float(arr[:, 1].max() - arr[:, 1].min()) if n else math.nan
    if pooled_width is None and n:
        whole = pool([(float(a), float(b), float(c)) for a, b, c in arr])
        pooled_width = whole.p95 - whole.p5
    rel = spread / pooled_width if pooled_width and math.isfinite(pooled_width) else math.nan
    return Disagreement(n, ov, pairs, share, spread, rel)


@dataclass(frozen=True)
class Convergence:
    """How one input's estimates moved from one round to the next.

    ``moved``: mean absolute change of the most likely value of the people who
    answered both rounds (``nan`` when nobody did). ``converged`` is True when
    the spread of the most likely values and the share of disjoint pairs did
    not grow and at least one of them or the pooled width shrank.
    """

    spread_before: float
    spread_after: float
    disjoint_before: float
    disjoint_after: float
    width_before: float
    width_after: float
    moved: float

    @property
    def converged(self) -> bool:
        def le(a: float, b: float) -> bool:
            return not (math.isfinite(a) and math.isfinite(b)) or a <= b + 1e-12

        def lt(a: float, b: float) -> bool:
            return math.isfinite(a) and math.isfinite(b) and a < b - 1e-12

        no_wider = le(self.spread_after, self.spread_before) and le(self.disjoint_after, self.disjoint_before)
        narrower = (
            lt(self.spread_after, self.spread_before)
            or lt(self.disjoint_after, self.disjoint_before)
            or lt(self.width_after, self.width_before)
        )
        return no_wider and narrower


def convergence(
    before: Mapping[str, tuple[float, float, float]],
    after: Mapping[str, tuple[float, float, float]],
    sp: InputSpec | None = None,
) -> Convergence:
    """Compare two rounds of one input; ``before``/``after`` map a person to their ``(low, likely, high)``.

    >>> c = convergence({"a": (0, 5, 10), "b": (20, 25, 30)}, {"a": (5, 12, 20), "b": (10, 15, 25)})
    >>> c.spread_before, c.spread_after, c.disjoint_before, c.disjoint_after, c.moved, c.converged
    (20.0, 3.0, 1.0, 0.0, 8.5, True)
    """
    pb = pool(list(before.values()), sp) if before else None
    pa = pool(list(after.values()), sp) if after else None
    db = disagreement(list(before.values()), pb.p95 - pb.p5) if pb else None
    da = disagreement(list(after.values()), pa.p95 - pa.p5) if pa else None
    both = sorted(set(before) & set(after))
    moved = float(np.mean([abs(after[k][1] - before[k][1]) for k in both])) if both else math.nan
    return Convergence(
        spread_before=db.likely_spread if db else math.nan,
        spread_after=da.likely_spread if da else math.nan,
        disjoint_before=db.share_disjoint if db else math.nan,
        disjoint_after=da.share_disjoint if da else math.nan,
        width_before=(pb.p95 - pb.p5) if pb else math.nan,
        width_after=(pa.p95 - pa.p5) if pa else math.nan,
        moved=moved,
    )


# --- what a participant sends ----------------------------------------------------------------------------


def room_inputs() -> tuple[str, ...]:
    """Inputs a room can estimate: every input that is a range (not a point-only one such as confidence).

    >>> "productivity_gain_pct" in room_inputs(), "confidence_productivity" in room_inputs()
    (True, False)
    """
    return tuple(k for k, s in INPUTS.items() if not s.point_only)


class EstimateError(ValueError):
    """A participant's estimate cannot be accepted.

    ``field`` is ``"low"``, ``"likely"``, ``"high"``, ``"note"`` or ``"input"``;
    ``kind`` says why (``"empty"``, ``"invalid"``, ``"not_finite"``, ``"below_min"``,
    ``"above_max"``, ``"order"``, ``"too_long"``, ``"not_whole"``, ``"unknown"``);
    ``details`` holds the numbers a message needs (``min``, ``max``, ``limit``).
    """

    def __init__(self, field: str, kind: str, **details: float | str) -> None:
        super().__init__(f"{field}: {kind} {details if details else ''}".strip())
        self.field = field
        self.kind = kind
        self.details = details


@dataclass(frozen=True)
class Estimate:
    """One person's validated estimate of one input: 90 % range, most likely value and a short note.

    Construction checks ``low <= likely <= high``, the input's bounds
    (:class:`~roi_core.assumptions.InputSpec` ``hard_min``/``hard_max``), whole
    numbers for whole-number inputs, and the note's length; it raises
    :class:`EstimateError`. The note is cleaned with :func:`clean_text`.

    >>> Estimate("productivity_gain_pct", 2, 5, 9, "pilot team").likely
    5.0
    >>> Estimate("productivity_gain_pct", 9, 5, 2).likely
    Traceback (most recent call last):
    ...
    roi_core.pooling.EstimateError: likely: order {'other': 'low'}
    """

    key: str
    low: float
    likely: float
    high: float
    note: str = ""

    def __post_init__(self) -> None:
        if self.key not in INPUTS or INPUTS[self.key].point_only:
            raise EstimateError("input", "unknown")
        sp = INPUTS[self.key]
        for name in ("low", "likely", "high"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
                raise EstimateError(name, "invalid")
            value = float(value)
            if not math.isfinite(value):
                raise EstimateError(name, "not_finite")
            if value < sp.hard_min:
                raise EstimateError(name, "below_min", min=sp.hard_min)
            if value > sp.hard_max:
                raise EstimateError(name, "above_max", max=sp.hard_max)
            if sp.integer and not value.is_integer():
                raise EstimateError(name, "not_whole")
            object.__setattr__(self, name, value)
        if self.low > self.likely:
            raise EstimateError("likely", "order", other="low")
        if self.likely > self.high:
            raise EstimateError("high", "order", other="likely")
        if not isinstance(self.note, str):
            raise EstimateError("note", "invalid")
        note = clean_text(self.note)
        if len(note) > MAX_NOTE_LENGTH:
            raise EstimateError("note", "too_long", limit=MAX_NOTE_LENGTH)
        object.__setattr__(self, "note", note)

    @property
    def triple(self) -> tuple[float, float, float]:
        """``(low, likely, high)``."""
        return (self.low, self.likely, self.high)


def estimate_from_text(key: str, low: str, likely: str, high: str, note: str, lang: str) -> Estimate:
    """An :class:`Estimate` from the texts a participant typed, numbers in ``lang``'s notation.

    >>> estimate_from_text("gross_salary", "38.000", "42.500,50", "50.000", "", "nl").likely
    42500.5
    >>> estimate_from_text("gross_salary", "38,000", "x", "50,000", "", "en")
    Traceback (most recent call last):
    ...
    roi_core.pooling.EstimateError: likely: invalid
    """
    values: dict[str, float] = {}
    for name, text in (("low", low), ("likely", likely), ("high", high)):
        try:
            values[name] = parse_number(text, lang)
        except NumberParseError as exc:
            # The room's messages say "please fill it in" or "not a number (write it like ...)"; the reader's
            # finer kinds (ambiguous separator, bad grouping) all mean the latter here.
            raise EstimateError(name, "empty" if exc.kind == "empty" else "invalid") from None
    return Estimate(key, values["low"], values["likely"], values["high"], note)


def clean_text(text: str, limit: int | None = None) -> str:
    """Text from outside, made safe to store and show as plain text.

    Normalised (NFC), control and direction-override characters removed, runs
    of white space collapsed, trimmed, and cut to ``limit`` characters if given.
    Pages still show it as text (never Markdown or HTML).

    >>> clean_text("  Ann\\u202e\\n  de  Vries ")
    'Ann de Vries'
    """
    s = unicodedata.normalize("NFC", str(text))
    s = _CONTROL.sub(" ", s)
    s = " ".join(s.split())
    return s[:limit] if limit is not None else s
