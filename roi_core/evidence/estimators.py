"""Effects measured from the organisation's own data, with intervals that respect how teams were assigned.

Three designs for performance before/after (recognised from the columns a
file fills in):

* **difference in differences** (``trained`` and ``control`` groups, a
  ``before`` and an ``after``): the change of the trained group minus the
  change of the control group;
* **A/B comparison** (two groups, no ``before``): the difference of the
  ``after`` means;
* **paired before/after** (no control group): the mean change, which cannot
  separate the training from everything else that changed in the period.

Each is one least-squares regression (statsmodels ``OLS``) of the outcome
(the change, or ``after``) on a trained indicator, with **cluster-robust
standard errors by team** and a t interval with ``teams - 1`` degrees of
freedom: people in one team share a manager, a workload and a season, and
teams, not people, were assigned to the training, so a per-person interval
would be too narrow. A seeded cluster bootstrap over teams
(``scipy.stats.bootstrap``, resampling whole teams within each group) gives a
second interval as a check.

The learning-analytics summary (completion rate, learning hours, score) and
the 360-degree feedback (the change per rater group) use the same tools.

>>> from roi_core.evidence.io import read_table
>>> rows = ["id,team,group,before,after"] + [
...     f"{i},{g}{i % 3},{g},{10 + i % 4},{10 + i % 4 + (2 if g == 'trained' else 0) + i // 2 % 2}"
...     for i, g in enumerate(["trained", "control"] * 12)]
>>> e = estimate_effect(read_table("\\n".join(rows).encode()))
>>> e.method, round(e.effect, 2), e.teams_trained, e.teams_control
('difference_in_differences', 2.0, 3, 3)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from roi_core.evidence.io import CONTROL, RATERS, TRAINED, EvidenceError, Notice, Table, _notice

__all__ = [
    "CONFIDENCE",
    "MIN_GROUP_SIZE",
    "MIN_CLUSTERS",
    "MAX_STD_DIFF",
    "METHODS",
    "GroupSummary",
    "EffectEstimate",
    "Interval",
    "LearningSummary",
    "estimate_effect",
    "estimate_frame",
    "summarise_learning",
    "estimate_360",
]

#: Coverage of every interval.
CONFIDENCE = 0.95
#: Fewer people in a group than this: the interval is wide and a few people decide it.
MIN_GROUP_SIZE = 20
#: Fewer teams in all than this: cluster-robust intervals are known to be too narrow (Cameron & Miller 2015).
MIN_CLUSTERS = 20
#: A standardised difference of the "before" means beyond this is imbalance (What Works Clearinghouse: > 0.25 SD).
MAX_STD_DIFF = 0.25
#: Resamples of the bootstrap check; more than this many teams and the check is left out (its interval
#: then equals the regression's within a rounding step, so resampling that many teams adds work and no information).
BOOTSTRAP_RESAMPLES = 2_000
BOOTSTRAP_MAX_CLUSTERS = 5_000

METHODS: tuple[str, ...] = ("difference_in_differences", "ab_comparison", "paired_before_after")


@dataclass(frozen=True)
class GroupSummary:
    """Sample sizes and means of one group (``trained``, ``control`` or ``all``)."""

    group: str
    n: int
    teams: int
    team_size_min: int
    team_size_max: int
    mean_before: float
    sd_before: float
    mean_after: float
    sd_after: float

    def to_dict(self) -> dict[str, Any]:
        return {k: _json(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class EffectEstimate:
    """A measured effect with its 95 % interval and the diagnostics that qualify it.

    ``effect``, ``ci_low``, ``ci_high`` and ``se`` are in the outcome's own
    unit (e.g. calls per hour); :attr:`relative_pct` gives the effect as a
    percentage of :attr:`baseline`. ``sd_outcome`` and ``icc`` describe the
    analysed outcome (the change for a before/after design, ``after`` for an
    A/B comparison) within groups: its standard deviation and the share of its
    variance between teams, which a pilot's sample size needs. ``warnings``
    are structured notices (kind and details); ``limits`` name what the
    estimate does not prove.
    """

    method: str
    effect: float
    ci_low: float
    ci_high: float
    se: float
    df: int
    n_trained: int
    n_control: int
    teams_trained: int
    teams_control: int
    baseline: float
    sd_outcome: float
    icc: float
    std_diff_before: float
    groups: tuple[GroupSummary, ...]
    ci_bootstrap: tuple[float, float] | None = None
    warnings: tuple[Notice, ...] = ()
    limits: tuple[str, ...] = ()
    label: str = "performance"
    confidence: float = CONFIDENCE

    @property
    def controlled(self) -> bool:
        """True when a control group isolates the training's effect (attribution is then in the estimate)."""
        return self.method != "paired_before_after"

    @property
    def n(self) -> int:
        return self.n_trained + self.n_control

    @property
    def teams(self) -> int:
        return self.teams_trained + self.teams_control

    @property
    def relative_pct(self) -> tuple[float, float, float]:
        """``(effect, ci_low, ci_high)`` as per cent of :attr:`baseline` (NaN when the baseline is 0).

        >>> e = EffectEstimate("ab_comparison", 2.0, 1.0, 3.0, 0.5, 20, 50, 50, 10, 10, 40.0, 4.0, 0.1,
        ...                    math.nan, ())
        >>> e.relative_pct
        (5.0, 2.5, 7.5)
        """
        if self.baseline == 0 or not math.isfinite(self.baseline):
            return (math.nan, math.nan, math.nan)
        scale = 100.0 / abs(self.baseline)
        return (self.effect * scale, self.ci_low * scale, self.ci_high * scale)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: NaN becomes ``None``, warnings become ``{"kind": ..., details}``."""
        return {
            "label": self.label,
            "method": self.method,
            "effect": _json(self.effect),
            "ci_low": _json(self.ci_low),
            "ci_high": _json(self.ci_high),
            "confidence": self.confidence,
            "se": _json(self.se),
            "df": self.df,
            "n_trained": self.n_trained,
            "n_control": self.n_control,
            "teams_trained": self.teams_trained,
            "teams_control": self.teams_control,
            "baseline": _json(self.baseline),
            "relative_pct": [_json(x) for x in self.relative_pct],
            "sd_outcome": _json(self.sd_outcome),
            "icc": _json(self.icc),
            "std_diff_before": _json(self.std_diff_before),
            "ci_bootstrap": None if self.ci_bootstrap is None else [_json(x) for x in self.ci_bootstrap],
            "groups": [g.to_dict() for g in self.groups],
            "warnings": [w.to_dict() for w in self.warnings],
            "limits": list(self.limits),
        }


@dataclass(frozen=True)
class Interval:
    """An estimate with its 95 % interval, in ``unit``."""

    estimate: float
    low: float
    high: float
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return {"estimate": _json(self.estimate), "low": _json(self.low), "high": _json(self.high), "unit": self.unit}


@dataclass(frozen=True)
class LearningSummary:
    """What a learning-platform export says: completion rate (%), learning hours per enrolled person, score.

    Intervals come from a cluster bootstrap over teams. ``hours_p10``/``hours_p90``
    give the spread between people (not the uncertainty of the mean).
    """

    completion_rate: Interval
    hours: Interval | None
    score: Interval | None
    hours_p10: float
    hours_p90: float
    n_enrolled: int
    n_completed: int
    teams: int
    warnings: tuple[Notice, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "completion_rate": self.completion_rate.to_dict(),
            "hours": None if self.hours is None else self.hours.to_dict(),
            "score": None if self.score is None else self.score.to_dict(),
            "hours_p10": _json(self.hours_p10),
            "hours_p90": _json(self.hours_p90),
            "n_enrolled": self.n_enrolled,
            "n_completed": self.n_completed,
            "teams": self.teams,
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _json(x: Any) -> Any:
    if isinstance(x, float | np.floating):
        return float(x) if math.isfinite(x) else None
    if isinstance(x, np.integer):
        return int(x)
    return x


# --- performance -------------------------------------------------------------------------------------


def estimate_effect(table: Table, *, seed: int | None = 0) -> EffectEstimate:
    """The training's effect on the outcome of a ``performance`` file (see the module docstring).

    Parameters
    ----------
    table : a file read by :func:`roi_core.evidence.io.read_table`.
    seed : seed of the bootstrap check (same file and seed, same numbers); the
        main interval is analytic and does not depend on it.

    Raises
    ------
    EvidenceError
        ``empty_group`` (a group without rows), ``one_cluster`` (one team in a
        group: its effect cannot be told from the team's), ``no_comparison``
        (neither a control group nor a "before").
    """
    est = estimate_frame(table.frame, has_teams=table.has_teams, seed=seed)
    if table.notices:
        est = _with_warnings(est, table.notices)
    return est


def _with_warnings(est: EffectEstimate, extra: Sequence[Notice]) -> EffectEstimate:
    from dataclasses import replace

    return replace(est, warnings=tuple(extra) + est.warnings)


def estimate_frame(
    frame: pd.DataFrame,
    *,
    has_teams: bool = True,
    seed: int | None = 0,
    label: str = "performance",
    check: bool = True,
) -> EffectEstimate:
    """:func:`estimate_effect` on a frame with columns ``team``, ``group``, ``before``, ``after``.

    ``check=False`` leaves out the bootstrap check (``ci_bootstrap`` is then None).
    """
    f = frame
    group = f["group"].to_numpy(dtype=str) if "group" in f else np.full(len(f), "")
    has_group = bool((group != "").any())
    before = f["before"].to_numpy(dtype=float) if "before" in f else np.full(len(f), np.nan)
    after = f["after"].to_numpy(dtype=float)
    has_before = bool(np.isfinite(before).any())
    if has_group and (group == "").any():
        i = int(np.argmax(group == ""))
        row = int(f["row"].iloc[i]) if "row" in f else i + 2
        raise EvidenceError("missing_value", f"row {row}, column group: empty", row=row, column="group")
    if not has_group and not has_before:
        raise EvidenceError(
            "no_comparison",
            "nothing to compare: give a control group (column group) or a measurement before (column before)",
        )
    method = (
        "difference_in_differences"
        if has_group and has_before
        else "ab_comparison"
        if has_group
        else "paired_before_after"
    )
    trained = group == TRAINED if has_group else np.ones(len(f), dtype=bool)
    for name, mask in ((TRAINED, trained), (CONTROL, ~trained)):
        if has_group and not mask.any():
            raise EvidenceError("empty_group", f"the {name} group has no rows", group=name)
    team_codes, team_names = pd.factorize(f["team"].astype(str), sort=False)
    team_codes = np.asarray(team_codes)
    teams_t = np.unique(team_codes[trained])
    teams_c = np.unique(team_codes[~trained])
    for name, teams in ((TRAINED, teams_t), (CONTROL, teams_c)) if has_group else ((TRAINED, teams_t),):
        if len(teams) < 2:
            which = str(team_names[teams[0]]) if len(teams) else ""
            raise EvidenceError(
                "one_cluster",
                f"the {name} group has one team ({which[:30]}): its effect cannot be told apart from that team's; "
                "at least two teams per group are needed",
                group=name,
                team=which[:30],
            )
    y = after - before if has_before else after  # (n,)
    x = trained.astype(float)
    effect, se, df, (lo, hi) = _cluster_ols(y, x if has_group else None, team_codes)
    # Within-group residuals: the outcome's spread and its share between teams, for a pilot's sample size.
    resid = y - np.where(trained, y[trained].mean(), y[~trained].mean() if has_group else 0.0)
    sd_outcome = float(np.sqrt(resid @ resid / max(len(y) - (2 if has_group else 1), 1)))
    icc = _icc(resid, team_codes) if has_teams else math.nan
    summaries = [_group_summary(TRAINED if has_group else "all", trained, before, after, team_codes)]
    if has_group:
        summaries.append(_group_summary(CONTROL, ~trained, before, after, team_codes))
    std_diff = math.nan
    if has_group and has_before:
        sd_pool = math.sqrt((np.var(before[trained], ddof=1) + np.var(before[~trained], ddof=1)) / 2)
        if sd_pool > 0:
            std_diff = float((before[trained].mean() - before[~trained].mean()) / sd_pool)
    # The level the effect is a share of: the trained group before, or the control group when there is no before.
    baseline = float(after[~trained].mean()) if method == "ab_comparison" else float(before[trained].mean())
    boot = _bootstrap(y, trained if has_group else None, team_codes, seed) if check else None
    warnings = _effect_warnings(method, has_group, has_teams, trained, team_codes, teams_t, teams_c, std_diff)
    return EffectEstimate(
        method=method,
        effect=effect,
        ci_low=lo,
        ci_high=hi,
        se=se,
        df=df,
        n_trained=int(trained.sum()),
        n_control=int((~trained).sum()) if has_group else 0,
        teams_trained=len(teams_t),
        teams_control=len(teams_c) if has_group else 0,
        baseline=baseline,
        sd_outcome=sd_outcome,
        icc=icc,
        std_diff_before=std_diff,
        groups=tuple(summaries),
        ci_bootstrap=boot,
        warnings=warnings,
        limits=_limits(method),
        label=label,
    )


def _cluster_ols(
    y: NDArray[np.float64], x: NDArray[np.float64] | None, clusters: NDArray[np.intp]
) -> tuple[float, float, int, tuple[float, float]]:
    """Coefficient of ``x`` (or the intercept when ``x`` is None), its cluster-robust SE, df and 95 % interval.

    statsmodels' ``cov_type="cluster"`` (CR1, small-sample corrected) with a t
    distribution on ``clusters - 1`` degrees of freedom.
    """
    from statsmodels.regression.linear_model import OLS

    X = np.ones((len(y), 1)) if x is None else np.column_stack([np.ones(len(y)), x])
    fit = OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": clusters}, use_t=True)
    k = X.shape[1] - 1
    lo, hi = fit.conf_int(alpha=1 - CONFIDENCE)[k]
    se = float(fit.bse[k])
    effect = float(fit.params[k])
    if not math.isfinite(se):  # every value equal: no spread at all
        se, lo, hi = 0.0, effect, effect
    return effect, se, int(len(np.unique(clusters)) - 1), (float(lo), float(hi))


def _icc(resid: NDArray[np.float64], clusters: NDArray[np.intp]) -> float:
    """One-way ANOVA estimate of the intra-cluster correlation of ``resid``, clipped to [0, 1]."""
    n = np.bincount(clusters).astype(float)
    n = n[n > 0]
    g, total = len(n), len(resid)
    if g < 2 or total <= g:
        return math.nan
    sums = np.bincount(clusters, weights=resid)
    counts = np.bincount(clusters)
    keep = counts > 0
    means = sums[keep] / counts[keep]
    grand = resid.mean()
    ssb = float((counts[keep] * (means - grand) ** 2).sum())
    ssw = float(((resid - (sums / np.maximum(counts, 1))[clusters]) ** 2).sum())
    msb, msw = ssb / (g - 1), ssw / (total - g)
    n0 = (total - (n**2).sum() / total) / (g - 1)
    denom = msb + (n0 - 1) * msw
    return float(min(max((msb - msw) / denom, 0.0), 1.0)) if denom > 0 else math.nan


def _group_summary(
    name: str,
    mask: NDArray[np.bool_],
    before: NDArray[np.float64],
    after: NDArray[np.float64],
    clusters: NDArray[np.intp],
) -> GroupSummary:
    sizes = np.bincount(clusters[mask])
    sizes = sizes[sizes > 0]
    b, a = before[mask], after[mask]
    has_b = bool(np.isfinite(b).any())
    return GroupSummary(
        group=name,
        n=int(mask.sum()),
        teams=len(sizes),
        team_size_min=int(sizes.min()),
        team_size_max=int(sizes.max()),
        mean_before=float(b.mean()) if has_b else math.nan,
        sd_before=float(b.std(ddof=1)) if has_b and len(b) > 1 else math.nan,
        mean_after=float(a.mean()),
        sd_after=float(a.std(ddof=1)) if len(a) > 1 else math.nan,
    )


def _percentile_interval(
    samples: tuple[NDArray[np.intp], ...], stat: Callable[..., NDArray[np.float64]], seed: int | None
) -> tuple[float, float]:
    """The seeded percentile interval of ``stat`` over resampled cluster indices (scipy's bootstrap, vectorised)."""
    from scipy.stats import bootstrap

    res = bootstrap(
        samples,
        stat,
        n_resamples=BOOTSTRAP_RESAMPLES,
        confidence_level=CONFIDENCE,
        method="percentile",
        vectorized=True,
        rng=np.random.default_rng(seed),
        batch=500,
    )
    lo, hi = res.confidence_interval
    return float(lo), float(hi)


def _bootstrap(
    y: NDArray[np.float64], trained: NDArray[np.bool_] | None, clusters: NDArray[np.intp], seed: int | None
) -> tuple[float, float] | None:
    """Percentile interval of the effect when whole teams are resampled within each group (seeded)."""
    sums = np.bincount(clusters, weights=y)
    counts = np.bincount(clusters).astype(float)
    if len(counts) > BOOTSTRAP_MAX_CLUSTERS:
        return None
    mask = np.ones(len(y), dtype=bool) if trained is None else trained
    # Per team, its sums within the trained (or only) group and within the control group
    # (a team with people in both groups contributes to both).
    sums_t = np.bincount(clusters[mask], weights=y[mask], minlength=len(counts))
    n_t = np.bincount(clusters[mask], minlength=len(counts)).astype(float)
    sums_c, n_c = sums - sums_t, counts - n_t
    samples = (
        (np.unique(clusters[mask]),) if trained is None else (np.unique(clusters[mask]), np.unique(clusters[~mask]))
    )

    def stat(*idx: NDArray[np.intp], axis: int = -1) -> NDArray[np.float64]:
        mean_t = sums_t[idx[0]].sum(axis=axis) / n_t[idx[0]].sum(axis=axis)
        if len(idx) == 1:
            return mean_t
        return mean_t - sums_c[idx[1]].sum(axis=axis) / n_c[idx[1]].sum(axis=axis)

    return _percentile_interval(samples, stat, seed)


def _effect_warnings(
    method: str,
    has_group: bool,
    has_teams: bool,
    trained: NDArray[np.bool_],
    clusters: NDArray[np.intp],
    teams_t: NDArray[np.intp],
    teams_c: NDArray[np.intp],
    std_diff: float,
) -> tuple[Notice, ...]:
    out: list[Notice] = []
    if method == "paired_before_after":
        out.append(_notice("no_control"))
    groups = ((TRAINED, trained), (CONTROL, ~trained)) if has_group else (("all", trained),)
    for name, mask in groups:
        n = int(mask.sum())
        if n < MIN_GROUP_SIZE:
            out.append(_notice("small_group", group=name, n=n, minimum=MIN_GROUP_SIZE))
    if not has_teams:
        out.append(_notice("no_teams"))
    else:
        teams = len(np.unique(clusters))
        if teams < MIN_CLUSTERS:
            out.append(_notice("few_clusters", teams=teams, minimum=MIN_CLUSTERS))
        both = np.intersect1d(teams_t, teams_c) if has_group else np.array([], dtype=np.intp)
        if len(both):
            out.append(_notice("team_in_both_groups", teams=int(len(both))))
    if math.isfinite(std_diff) and abs(std_diff) > MAX_STD_DIFF:
        out.append(_notice("imbalance", std_diff=round(std_diff, 2), maximum=MAX_STD_DIFF))
    return tuple(out)


def _limits(method: str) -> tuple[str, ...]:
    """What an estimate of this design does not prove (kinds; the UI words them)."""
    common = ("assignment", "duration", "population", "money")
    if method == "difference_in_differences":
        return ("parallel_trends", *common)
    if method == "ab_comparison":
        return ("no_baseline", *common)
    return ("no_isolation", "duration", "population", "money")


# --- learning analytics ------------------------------------------------------------------------------


def summarise_learning(table: Table, *, seed: int | None = 0) -> LearningSummary:
    """Completion rate, learning hours and score of a ``learning`` file, with cluster-bootstrap intervals.

    Only enrolled people count. The completion rate is completed / enrolled
    (per cent); hours are the mean per enrolled person; the score is the mean
    of those who completed.
    """
    f = table.frame.loc[table.frame["enrolled"]]
    if f.empty:
        raise EvidenceError("empty_group", "nobody is enrolled", group="enrolled")
    clusters = np.asarray(pd.factorize(f["team"].astype(str))[0])
    completed = f["completed"].to_numpy(dtype=float)
    warnings = list(table.notices)
    if (f["completed"] & ~f["enrolled"]).any():  # pragma: no cover - excluded by the selection above
        warnings.append(_notice("completed_not_enrolled"))
    rate = _ratio_interval(completed * 100.0, np.ones(len(f)), clusters, seed, "%")
    hours_v = f["hours"].to_numpy(dtype=float)
    hours = None
    p10 = p90 = math.nan
    ok = np.isfinite(hours_v)
    if ok.any():
        hours = _ratio_interval(hours_v[ok], np.ones(int(ok.sum())), clusters[ok], seed, "h")
        p10, p90 = (float(v) for v in np.percentile(hours_v[ok], [10, 90]))
        if (~ok).any():
            warnings.append(_notice("hours_missing", rows=int((~ok).sum())))
    score_v = f["score"].to_numpy(dtype=float)
    done = np.isfinite(score_v) & (completed > 0)
    score = (
        _ratio_interval(score_v[done], np.ones(int(done.sum())), clusters[done], seed, "points") if done.any() else None
    )
    n_teams = len(np.unique(clusters))
    if len(f) < MIN_GROUP_SIZE:
        warnings.append(_notice("small_group", group="enrolled", n=len(f), minimum=MIN_GROUP_SIZE))
    if not table.has_teams:
        warnings.append(_notice("no_teams"))
    elif n_teams < MIN_CLUSTERS:
        warnings.append(_notice("few_clusters", teams=n_teams, minimum=MIN_CLUSTERS))
    return LearningSummary(
        completion_rate=rate,
        hours=hours,
        score=score,
        hours_p10=p10,
        hours_p90=p90,
        n_enrolled=len(f),
        n_completed=int(completed.sum()),
        teams=n_teams,
        warnings=tuple(warnings),
    )


def _ratio_interval(
    values: NDArray[np.float64], weights: NDArray[np.float64], clusters: NDArray[np.intp], seed: int | None, unit: str
) -> Interval:
    """Mean of ``values`` with a percentile interval from resampling whole clusters (scipy's bootstrap)."""
    codes = np.asarray(pd.factorize(clusters)[0])
    sums = np.bincount(codes, weights=values)
    counts = np.bincount(codes, weights=weights)
    estimate = float(sums.sum() / counts.sum())
    if len(counts) < 2 or len(counts) > BOOTSTRAP_MAX_CLUSTERS:
        # One cluster has no spread to resample; very many clusters: the normal interval of the mean is as good.
        from scipy.stats import t as t_dist

        se = float(values.std(ddof=1) / math.sqrt(len(values))) if len(values) > 1 else math.nan
        if not math.isfinite(se):
            return Interval(estimate, math.nan, math.nan, unit)
        q = float(t_dist.ppf(0.5 + CONFIDENCE / 2, max(len(values) - 1, 1)))
        return Interval(estimate, estimate - q * se, estimate + q * se, unit)

    def stat(idx: NDArray[np.intp], axis: int = -1) -> NDArray[np.float64]:
        return sums[idx].sum(axis=axis) / counts[idx].sum(axis=axis)

    lo, hi = _percentile_interval((np.arange(len(counts)),), stat, seed)
    return Interval(estimate, lo, hi, unit)


# --- 360-degree feedback -----------------------------------------------------------------------------


def estimate_360(table: Table, *, seed: int | None = 0) -> Mapping[str, EffectEstimate]:
    """The change in rated behaviour per rater group of a ``feedback360`` file, in :data:`RATERS` order.

    Each rater group is estimated as a performance file on its own (same
    designs, same cluster-robust intervals), so a rater group that only some
    people have is estimated from those people. Rater groups with too few
    people or teams for an estimate are left out with their reason in the
    first estimate's warnings.
    """
    out: dict[str, EffectEstimate] = {}
    skipped: list[Notice] = []
    for rater in RATERS:
        part = table.frame.loc[table.frame["rater"] == rater]
        if part.empty:
            continue
        try:
            out[rater] = estimate_frame(part, has_teams=table.has_teams, seed=seed, label=rater)
        except EvidenceError as exc:
            skipped.append(_notice("rater_skipped", rater=rater, reason=exc.kind))
    if not out:
        raise EvidenceError(
            "no_comparison", "no rater group has enough data for an estimate", skipped=[s.detail for s in skipped]
        )
    if skipped or table.notices:
        first = next(iter(out))
        out[first] = _with_warnings(out[first], (*table.notices, *skipped))
    return out
