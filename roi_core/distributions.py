"""Ranges as managers state them, and their mapping from uniform numbers.

A :class:`Range` is "low / most likely / high" plus a shape. Sampling is kept
apart from the distributions (as SALib does): the simulation first draws
uniform numbers ``u`` in [0, 1), then maps each input's row through its
quantile function with :meth:`Range.ppf`. That gives common random numbers
across scenarios, Latin hypercube sampling and copula correlation for free.

For speed, every shape is mapped through a precomputed table of
``TABLE_SIZE`` quantiles taken at the middle of equal-probability cells
(``u = (k + 0.5) / TABLE_SIZE``): a draw costs one multiply and one gather
instead of an inverse incomplete beta function. The distribution is thereby
represented by 4,096 equally likely values, which moves means and
percentiles by far less than anyone can state a range (tests bound it), and
cuts unbounded shapes at the 1-in-8,000 tails.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

__all__ = ["Shape", "Range", "TABLE_SIZE", "Z90"]

#: Number of equally likely values in each quantile table.
TABLE_SIZE = 4096

#: Half-width of a 90 % interval of a standard normal, in standard deviations
#: (``high - low = 2 * Z90 * sd``), as in Hubbard's calibration method.
Z90 = 1.6448536269514722

# exact_ppf cuts unbounded shapes at these probabilities so that every value
# is finite (the tables never go beyond 0.5 / TABLE_SIZE anyway).
_TAIL = 1e-9


class Shape(StrEnum):
    """How the values between low and high are spread."""

    PERT = "pert"
    TRIANGULAR = "triangular"
    UNIFORM = "uniform"
    NORMAL = "normal"
    LOGNORMAL = "lognormal"
    FIXED = "fixed"


@dataclass(frozen=True)
class Range:
    """An uncertain quantity: low, most likely and high value plus a shape.

    Parameters
    ----------
    low, likely, high : float
        In the unit of the input the range belongs to. ``low <= likely <= high``.
        For ``normal`` and ``lognormal``, ``low`` and ``high`` are the bounds of
        a 90 % interval ("90 % sure it lies between"); ``likely`` is the value
        used by the point estimates. For ``lognormal`` ``low`` must be > 0.
    shape : Shape
        PERT (default), triangular, uniform, normal, lognormal or fixed.
        A fixed range, or one with ``low == high``, always yields ``likely``.

    Examples
    --------
    A productivity gain that is most likely 5 %, surely between 1 and 12 %:

    >>> r = Range(1.0, 5.0, 12.0)
    >>> r.mean  # PERT mean = (low + 4 likely + high) / 6
    5.5
    >>> float(r.ppf(np.array([0.5]))[0]).__round__(2)
    5.38
    """

    low: float
    likely: float
    high: float
    shape: Shape = Shape.PERT

    def __post_init__(self) -> None:
        for name in ("low", "likely", "high"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
                raise TypeError(f"{name} must be a number, got {type(value).__name__}")
            if not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, got {value}")
            object.__setattr__(self, name, float(value))
        try:
            object.__setattr__(self, "shape", Shape(self.shape))
        except ValueError:
            allowed = ", ".join(s.value for s in Shape)
            raise ValueError(f"shape must be one of {allowed}, got {self.shape!r}") from None
        if self.low > self.likely:
            raise ValueError(f"low ({self.low:g}) must be <= most likely ({self.likely:g})")
        if self.likely > self.high:
            raise ValueError(f"most likely ({self.likely:g}) must be <= high ({self.high:g})")
        if not math.isfinite(self.high - self.low):  # e.g. -1e308..1e308: sampling would give inf - inf = nan
            raise ValueError(f"the range {self.low:g}..{self.high:g} is too wide to compute with")
        if self.shape is Shape.LOGNORMAL and self.low <= 0:
            raise ValueError(f"a lognormal range needs low > 0, got {self.low:g}")

    @classmethod
    def fixed(cls, value: float) -> Range:
        """A known value: every draw equals it."""
        return cls(value, value, value, Shape.FIXED)

    @property
    def is_fixed(self) -> bool:
        """True when every draw equals :attr:`likely`."""
        return self.shape is Shape.FIXED or self.low == self.high

    @property
    def mean(self) -> float:
        """Mean of the distribution (before any clipping to an input's bounds)."""
        lo, m, hi = self.low, self.likely, self.high
        if self.is_fixed:
            return m
        match self.shape:
            case Shape.PERT:
                return (lo + 4.0 * m + hi) / 6.0
            case Shape.TRIANGULAR:
                return (lo + m + hi) / 3.0
            case Shape.UNIFORM | Shape.NORMAL:
                return (lo + hi) / 2.0
            case Shape.LOGNORMAL:
                mu, sigma = self._log_params
                return math.exp(mu + sigma * sigma / 2.0)
        raise AssertionError(self.shape)  # pragma: no cover

    @cached_property
    def _log_params(self) -> tuple[float, float]:
        lo, hi = math.log(self.low), math.log(self.high)
        return (lo + hi) / 2.0, (hi - lo) / (2.0 * Z90)

    def exact_ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        """Quantile function evaluated exactly (slow for PERT; used for tables).

        ``u`` are probabilities in [0, 1]; returns values of the same shape.
        """
        p = np.asarray(u, dtype=np.float64)
        lo, m, hi = self.low, self.likely, self.high
        if self.is_fixed:
            return np.full_like(p, m)
        match self.shape:
            case Shape.UNIFORM:
                return lo + p * (hi - lo)
            case Shape.TRIANGULAR:
                c = (m - lo) / (hi - lo)
                left = lo + np.sqrt(p * (hi - lo) * (m - lo))
                right = hi - np.sqrt((1.0 - p) * (hi - lo) * (hi - m))
                return np.where(p < c, left, right)
            case Shape.PERT:
                # Beta(a, b) on [low, high] with the classic lambda = 4 weight.
                a = 1.0 + 4.0 * (m - lo) / (hi - lo)
                b = 1.0 + 4.0 * (hi - m) / (hi - lo)
                return lo + (hi - lo) * special.betaincinv(a, b, p)
            case Shape.NORMAL:
                sd = (hi - lo) / (2.0 * Z90)
                z = special.ndtri(np.clip(p, _TAIL, 1.0 - _TAIL))
                return (lo + hi) / 2.0 + sd * z
            case Shape.LOGNORMAL:
                mu, sigma = self._log_params
                z = special.ndtri(np.clip(p, _TAIL, 1.0 - _TAIL))
                return np.exp(mu + sigma * z)
        raise AssertionError(self.shape)  # pragma: no cover

    @property
    def table(self) -> NDArray[np.float64]:
        """Quantiles at ``u = (k + 0.5) / TABLE_SIZE``, ``k = 0 .. TABLE_SIZE - 1``; read-only.

        Cached per (low, likely, high, shape): a slider move recomputes only
        the table of the input that moved.
        """
        return _table(self.low, self.likely, self.high, self.shape)

    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        """Map uniform numbers in [0, 1) to values of this range (table lookup)."""
        p = np.asarray(u, dtype=np.float64)
        if self.is_fixed:
            return np.full_like(p, self.likely)
        return lookup(self.table, p)


@lru_cache(maxsize=4096)
def _table(low: float, likely: float, high: float, shape: Shape) -> NDArray[np.float64]:
    # A pure function of its arguments, so sharing it between sessions is safe.
    mid = (np.arange(TABLE_SIZE, dtype=np.float64) + 0.5) / TABLE_SIZE
    t = Range(low, likely, high, shape).exact_ppf(mid)
    t.setflags(write=False)
    return t


def lookup(table: NDArray[np.float64], u: ArrayLike, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
    """Map uniform numbers ``u`` in [0, 1) through a quantile ``table``.

    ``table`` has shape ``(TABLE_SIZE,)``; the result has the shape of ``u``.
    """
    p = np.asarray(u, dtype=np.float64)
    cell = np.multiply(p, TABLE_SIZE, out=np.empty(p.shape, dtype=np.intp), casting="unsafe")
    np.minimum(cell, TABLE_SIZE - 1, out=cell)  # u == 1.0 can come out of a copula
    return np.take(table, cell, out=out)
