"""Sampling the inputs of a Monte Carlo run: random streams, quantile tables and correlations.

Uniform numbers come first, one independent stream per input (keyed by the
input's place in the registry, custom lines after the registry), then each
row is mapped through the input's quantile table. The same seed therefore
gives every input the same uniform numbers in every scenario (common random
numbers): moving one slider changes only what that input does.

Stated correlations are rank (Spearman) correlations between pairs of
inputs, imposed with a Gaussian copula: the uniforms of the inputs involved
become normal scores, are mixed by the Cholesky factor of the normal scores'
correlation matrix and turned back into uniforms, so every input keeps its
own distribution. Pairs that contradict each other (no joint distribution
can have them all) are replaced by the nearest consistent set;
:func:`check_correlations` says whether that happens and which pairs change.

>>> d = draw_inputs(Scenario(), draws=1_000, seed=1)
>>> d.values.shape == (len(d.keys), 1_000)
True
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from roi_core.assumptions import INPUTS, spec
from roi_core.distributions import TABLE_SIZE, Range
from roi_core.scenario import Scenario

__all__ = [
    "Sampling",
    "Draws",
    "CorrelationCheck",
    "ContradictoryCorrelations",
    "draw_inputs",
    "check_correlations",
    "uncertain_keys",
    "hard_limits",
]

Array = NDArray[np.float64]
_CUSTOM_STREAM_BASE = 10_000  # stream ids of custom lines: base + 2 i (value), + 1 (attribution)
#: Smallest eigenvalue of the normal scores' correlation matrix below which the stated pairs contradict each other.
_EIGEN_FLOOR = 1e-10
#: Stated and used rank correlations further apart than this name the pair as one that changes.
_CHANGED = 0.005


class Sampling(StrEnum):
    """How the uniform numbers of each input are drawn."""

    RANDOM = "random"
    LATIN_HYPERCUBE = "lhs"  # one draw in each of n equal strata, in random order


class ContradictoryCorrelations(UserWarning):
    """The stated correlations contradict each other; the simulation uses the nearest consistent set."""


@dataclass(frozen=True)
class Draws:
    """Sampled inputs of one simulation.

    ``keys`` are the varying inputs (and custom lines as ``custom:i:value`` /
    ``custom:i:attribution``); ``uniforms`` and ``values`` have shape
    ``(len(keys), n)``. ``params`` maps every model input to a scalar or an
    ``(n,)`` array, ready for :func:`roi_core.model.cash_flows`.
    """

    keys: tuple[str, ...]
    uniforms: Array
    values: Array
    params: Mapping[str, float | Array]

    @property
    def n(self) -> int:
        return int(self.uniforms.shape[1])

    def column(self, key: str) -> Array:
        """The draws of one varying input, ``(n,)``."""
        return self.values[self.keys.index(key)]


def _matters(scenario: Scenario, key: str) -> bool:
    """False for inputs the model does not read: point-only ones, those of switched-off drivers and unused ones."""
    s = INPUTS[key]
    return not s.point_only and (s.driver is None or s.driver in scenario.enabled) and key not in scenario.unused_inputs


def uncertain_keys(scenario: Scenario) -> tuple[str, ...]:
    """Registry inputs that vary in the simulation, registry order.

    Fixed inputs, point-only inputs and inputs of switched-off drivers stay at
    their most likely value (they cannot change the result).

    >>> "productivity_gain_pct" in uncertain_keys(Scenario())
    True
    """
    return tuple(k for k, r in scenario.values if _matters(scenario, k) and not r.is_fixed)


def hard_limits(key: str) -> tuple[float, float]:
    """The values an input can never leave, in its unit; unbounded shapes (normal, lognormal) are clipped to them.

    A custom line's value is unbounded, its attribution a share of 0..100 %.

    >>> hard_limits("custom:0:attribution")
    (0.0, 100.0)
    """
    s = spec(key)  # a custom line's part too: every line has the same bounds
    return s.hard_min, s.hard_max


def _ranges_of(scenario: Scenario) -> dict[str, tuple[int, Range]]:
    """Every samplable quantity: key -> (stream id, Range)."""
    out: dict[str, tuple[int, Range]] = {}
    for i, (k, r) in enumerate(scenario.values):
        if _matters(scenario, k):
            out[k] = (i, r)
    for j in range(len(scenario.custom)):
        for part, key in enumerate(scenario.custom_keys(j)):  # value, then attribution
            out[key] = (_CUSTOM_STREAM_BASE + 2 * j + part, scenario[key])
    return out


# ----------------------------------------------------------------------------- correlations


def _to_normal_scores(rho: Any) -> Any:
    """Spearman rank correlation -> Pearson correlation of the normal scores that gives it (a number or an array)."""
    return 2.0 * np.sin(np.pi * rho / 6.0)


def _to_rank(r: Array) -> Array:
    """Pearson correlation of normal scores -> the Spearman rank correlation it gives."""
    return (6.0 / np.pi) * np.arcsin(np.clip(r / 2.0, -0.5, 0.5))


def _nearest_consistent(corr: Array) -> tuple[Array, float]:
    """``corr`` itself when it is a valid correlation matrix, else the nearest one; and its smallest eigenvalue.

    Eigenvalues at or below :data:`_EIGEN_FLOOR` are raised to a small
    positive floor and the diagonal rescaled to 1 (eigenvalue clipping).
    """
    w, v = np.linalg.eigh(corr)
    low = float(w.min())
    if low <= _EIGEN_FLOOR:
        w = np.clip(w, 1e-6, None)
        corr = (v * w) @ v.T
        d = np.sqrt(np.diag(corr))
        corr = corr / np.outer(d, d)
    return corr, low


def _pair_matrix(scenario: Scenario, keys: Sequence[str]) -> tuple[tuple[str, ...], Array, Array]:
    """Inputs of the stated pairs among ``keys`` (in ``keys``' order), their rank and normal-score matrices."""
    pairs = [(c.a, c.b, c.rho) for c in scenario.correlations if c.a in keys and c.b in keys]
    involved = tuple(sorted({k for a, b, _ in pairs for k in (a, b)}, key=list(keys).index))
    m = len(involved)
    rank, corr = np.eye(m), np.eye(m)
    for a, b, rho in pairs:
        i, j = involved.index(a), involved.index(b)
        rank[i, j] = rank[j, i] = rho
        corr[i, j] = corr[j, i] = _to_normal_scores(rho)
    return involved, rank, corr


@dataclass(frozen=True)
class CorrelationCheck:
    """Whether stated rank correlations can hold together, and what the simulation uses instead.

    ``keys`` name the rows and columns of ``stated`` and ``used`` (rank
    correlations, ``(m, m)``; a pair not stated counts as 0). ``consistent``
    is False when no joint distribution has all the stated pairs; ``used`` is
    then the nearest consistent set. ``changed`` lists the pairs whose
    strength the simulation changes, stated pairs and unstated (0) ones alike,
    as ``(a, b, stated, used)``. ``min_eigenvalue`` is the smallest eigenvalue
    of the normal scores' correlation matrix (at or below about 0 means
    contradictory).
    """

    keys: tuple[str, ...]
    stated: Array
    used: Array
    consistent: bool
    min_eigenvalue: float
    changed: tuple[tuple[str, str, float, float], ...]


def _check(keys: tuple[str, ...], rank: Array, corr: Array) -> CorrelationCheck:
    used_corr, low = _nearest_consistent(corr) if keys else (corr, 1.0)
    consistent = low > _EIGEN_FLOOR
    used = rank.copy() if consistent else _to_rank(0.5 * (used_corr + used_corr.T))  # symmetric to the last bit
    np.fill_diagonal(used, 1.0)
    changed = tuple(
        (keys[i], keys[j], float(rank[i, j]), float(used[i, j]))
        for i in range(len(keys))
        for j in range(i + 1, len(keys))
        if abs(used[i, j] - rank[i, j]) > _CHANGED
    )
    return CorrelationCheck(keys, rank, used, consistent, low, changed)


def check_correlations(stated: Scenario | ArrayLike, *, keys: Sequence[str] | None = None) -> CorrelationCheck:
    """Check that stated rank correlations can hold together (the copula's matrix is positive definite).

    Parameters
    ----------
    stated : Scenario or array_like
        A scenario: its correlations between inputs that vary in the simulation
        (:func:`draw_inputs` ignores the others). Or a symmetric ``(m, m)``
        matrix of rank correlations with ones on the diagonal.
    keys : sequence of str, optional
        For a scenario: only pairs among these inputs (default: the inputs the
        simulation samples). For a matrix: names of its rows (default ``"0"``,
        ``"1"``, ...).

    Returns
    -------
    CorrelationCheck

    Examples
    --------
    A with B and B with C strongly together, yet A and C strongly opposite:

    >>> c = check_correlations([[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]], keys=["a", "b", "c"])
    >>> c.consistent, [pair[:2] for pair in c.changed]
    (False, [('a', 'b'), ('a', 'c'), ('b', 'c')])
    >>> check_correlations(Scenario()).consistent
    True
    """
    if isinstance(stated, Scenario):
        sampled = tuple(k for k, (_, r) in _ranges_of(stated).items() if not r.is_fixed)
        among = sampled if keys is None else tuple(k for k in sampled if k in set(keys))
        return _check(*_pair_matrix(stated, among))
    rank = np.array(stated, dtype=np.float64)
    m = rank.shape[0] if rank.ndim == 2 else -1
    if rank.shape != (m, m) or not np.isfinite(rank).all():
        raise ValueError(f"correlations: expected a square matrix of finite numbers, got shape {rank.shape}")
    if not np.array_equal(rank, rank.T) or not (np.diag(rank) == 1.0).all() or (np.abs(rank) > 1.0).any():
        raise ValueError("correlations: the matrix must be symmetric, within -1..1, with ones on the diagonal")
    names = tuple(str(i) for i in range(m)) if keys is None else tuple(keys)
    if len(names) != m:
        raise ValueError(f"keys: expected {m} names, got {len(names)}")
    return _check(names, rank, _to_normal_scores(rank))


def _correlate(uniforms: Array, keys: tuple[str, ...], scenario: Scenario) -> None:
    """Impose the scenario's rank correlations on ``uniforms`` in place (Gaussian copula).

    Warns :class:`ContradictoryCorrelations` when the pairs contradict each
    other (then the nearest consistent set is used, as :func:`check_correlations` reports).
    """
    involved, _, corr = _pair_matrix(scenario, keys)
    if not involved:
        return
    corr, low = _nearest_consistent(corr)
    if low <= _EIGEN_FLOOR:
        warnings.warn(
            "the stated correlations contradict each other; the nearest consistent set is used",
            ContradictoryCorrelations,
            stacklevel=3,
        )
    idx = [keys.index(k) for k in involved]
    chol = np.linalg.cholesky(corr)
    z = special.ndtri(np.clip(uniforms[idx], 1e-12, 1.0 - 1e-12))  # (m, n)
    # ndtr can round up to exactly 1.0; keep u < 1 so that it stays in the table.
    uniforms[idx] = np.minimum(special.ndtr(chol @ z), np.nextafter(1.0, 0.0))


# ----------------------------------------------------------------------------- drawing


def _stream(root: np.random.SeedSequence, stream: int) -> np.random.Generator:
    """The random stream of one input: child ``stream`` of the run's seed, the same in every scenario."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(root.entropy, spawn_key=(stream,))))


def draw_inputs(
    scenario: Scenario,
    draws: int | None = None,
    seed: int | None = None,
    sampling: Sampling | str = Sampling.RANDOM,
) -> Draws:
    """Sample every varying input of ``scenario``.

    ``draws`` and ``seed`` default to the scenario's. Fixed inputs stay
    scalars (no wasted work); varying ones become ``(n,)`` arrays. Same
    scenario, draws, seed and sampling give the same draws, bit for bit.

    >>> a = draw_inputs(Scenario(), draws=100, seed=3)
    >>> b = draw_inputs(Scenario(), draws=100, seed=3)
    >>> bool((a.values == b.values).all()), a.n
    (True, 100)
    """
    n = scenario.draws if draws is None else int(draws)
    if n < 1:
        raise ValueError(f"draws must be at least 1, got {n}")
    s = scenario.seed if seed is None else int(seed)
    method = Sampling(sampling)
    ranges = _ranges_of(scenario)
    keys = tuple(k for k, (_, r) in ranges.items() if not r.is_fixed)
    uniforms = np.empty((len(keys), n))  # (k, n)
    root = np.random.SeedSequence(s)
    for row, k in enumerate(keys):
        rng = _stream(root, ranges[k][0])
        if method is Sampling.LATIN_HYPERCUBE:
            uniforms[row] = (rng.permutation(n) + rng.random(n)) / n
        else:
            rng.random(out=uniforms[row])
    _correlate(uniforms, keys, scenario)

    values = np.empty_like(uniforms)  # (k, n)
    cells = np.empty(n, dtype=np.intp)
    for row, k in enumerate(keys):
        r = ranges[k][1]
        np.multiply(uniforms[row], TABLE_SIZE, out=cells, casting="unsafe")
        np.take(r.table, cells, out=values[row])
        if r.shape in ("normal", "lognormal"):
            b_lo, b_hi = hard_limits(k)
            np.clip(values[row], b_lo, b_hi, out=values[row])

    params: dict[str, float | Array] = {k: r.likely for k, r in scenario.values}
    for row, k in enumerate(keys):
        params[k] = values[row]
    return Draws(keys=keys, uniforms=uniforms, values=values, params=MappingProxyType(params))
